/* loket-server.h — loketd's transport: a ROUTER for requests, a PUB for
 * events, both CURVE-secured behind the ZAP handler, all on one GLib main
 * loop.
 *
 * Requests that arrive together are applied in one transaction (group
 * commit), each inside its own savepoint; replies go out and events are
 * published only after COMMIT returned, so an acknowledged ticket is on the
 * disk.  A reply is stored with its (device, req_id) so that a retried
 * request gets the same answer.  A heartbeat (HUGZ, with the latest seq)
 * is published every second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "loket-office.h"

G_BEGIN_DECLS

typedef struct {
  const char *listen;      /* request endpoint, e.g. tcp://127.0.0.1:5570 */
  const char *publish;     /* event endpoint; NULL = the listen port + 1 */
  const char *keys_dir;    /* NULL only when insecure */
  gboolean    insecure;    /* development only: no CURVE, everyone a supervisor */
} LoketServerConfig;

#define LOKET_TYPE_SERVER (loket_server_get_type ())
G_DECLARE_FINAL_TYPE (LoketServer, loket_server, LOKET, SERVER, GObject)

/* Binds the sockets (after starting the ZAP handler) and attaches to the
 * thread-default main context. */
LoketServer *loket_server_new                 (LoketOffice              *office,
                                               const LoketServerConfig  *config,
                                               GError                  **error);
const char  *loket_server_get_request_endpoint (LoketServer *self);
const char  *loket_server_get_publish_endpoint (LoketServer *self);
/* Re-reads the allowlist (SIGHUP); a revoked client loses its rights at
 * once, and if a key was revoked every connection is closed (the others
 * reconnect), so that the revoked one stops hearing events too. */
gboolean     loket_server_reload_keys         (LoketServer *self,
                                               GError     **error);
/* Re-reads the charter file (SIGHUP): a file that does not parse is
 * refused with "file:line: key: …" and the running charter stays; one
 * that differs from the charter in force becomes a new stored version,
 * announced by a CHARTER_CHANGED event (subscribers take a new snapshot). */
gboolean     loket_server_reload_charter      (LoketServer *self,
                                               const char  *path,
                                               GError     **error);

G_END_DECLS
