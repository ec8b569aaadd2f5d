/* loket-app-connection.h — how a Loket app (kiosk, board, counter) finds
 * loketd: the endpoints, the key directory and its own name, from the
 * command line or a [Section] of its key file; and the request client and
 * Clone-pattern subscriber it opens with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-client.h"
#include "loket-subscriber.h"

G_BEGIN_DECLS

typedef struct {
  char     *server;     /* tcp://HOST:PORT */
  char     *publish;    /* or NULL: PORT+1 */
  char     *keys;       /* key directory, or NULL with insecure */
  char     *device;     /* this device's key name */
  gboolean  insecure;
} LoketAppConnection;

/* The GOptionEntry rows every app shares: --server, --publish, --keys,
 * --as, --insecure (the entries' arg_data is NULL: read them from the
 * GVariantDict of handle-local-options with _lookup ()). */
extern const GOptionEntry loket_app_connection_options[];

/* Fills what the command line gave (it wins over a file read later). */
void     loket_app_connection_lookup    (LoketAppConnection *conn,
                                         GVariantDict       *options);
/* Reads the key file at @path (an error names it) and fills what is
 * still unset from its @group: Server=, Publish=, Keys=, Name=.  Returns
 * the file, for the app's own keys in the same group. */
GKeyFile *loket_app_connection_load_file (LoketAppConnection *conn,
                                          const char         *path,
                                          const char         *group,
                                          GError            **error);
/* Checks that enough is known, then opens the request client alone (a
 * program that only reports, as loket-sync does); @key_out, if not NULL,
 * gets the key loaded (NULL with insecure). */
gboolean loket_app_connection_open_client (LoketAppConnection  *conn,
                                           LoketClient        **client,
                                           LoketClientKey     **key_out,
                                           GError             **error);
/* The same, and the subscriber beside it. */
gboolean loket_app_connection_open      (LoketAppConnection *conn,
                                         LoketClient       **client,
                                         LoketSubscriber   **subscriber,
                                         GError            **error);
void     loket_app_connection_clear     (LoketAppConnection *conn);

G_END_DECLS
