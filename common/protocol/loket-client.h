/* loket-client.h — the requesting side of the protocol, for loketctl, the
 * apps and the tests.
 *
 * A LoketClient owns one DEALER socket to loketd.  Every request carries
 * the device id, a request id unique to this client and a deadline; if no
 * reply comes in time the *same* request (same req_id) is sent again, and
 * since the server keeps replies by (device, req_id), a ticket is never
 * issued twice because a reply was lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "loket-keys.h"

G_BEGIN_DECLS

/* The process-wide ZeroMQ context for clients (thread-safe, never freed);
 * NULL, with a warning logged, if ZeroMQ could not make one. */
void        *loket_zmq_context        (void);
/* A socket of @type on that context, or NULL with the reason. */
void        *loket_zmq_socket_new     (int          type,
                                       GError     **error);
/* zmq_setsockopt, with a refusal as an error naming the option. */
gboolean     loket_zmq_set_option     (void        *socket,
                                       int          option,
                                       const char  *name,
                                       const void  *value,
                                       size_t       size,
                                       GError     **error);
#define LOKET_ZMQ_SET(socket, option, value, error) \
  loket_zmq_set_option ((socket), (option), #option, &(value), sizeof (value), (error))

#define LOKET_TYPE_CLIENT (loket_client_get_type ())
G_DECLARE_FINAL_TYPE (LoketClient, loket_client, LOKET, CLIENT, GObject)

/* @key NULL: plaintext, for a server started with --insecure; then
 * @device_id names the device.  With a key, the key's name does. */
LoketClient *loket_client_new          (const char           *endpoint,
                                        const LoketClientKey *key,
                                        const char           *device_id,
                                        GError              **error);
const char  *loket_client_get_device_id (LoketClient *self);
/* Total time to wait for a reply, retries included (default 10 s), and
 * the time after which the request is sent again (default 1 s). */
void         loket_client_set_timeout  (LoketClient *self,
                                        guint        total_ms,
                                        guint        retry_ms);
/* A fresh request id, unique for this device. */
char        *loket_client_new_req_id   (LoketClient *self);

/* A person's act whose reply was lost may or may not have been applied.
 * When they repeat it (the same type and body), it goes with the request
 * id of the unanswered one, and the server answers from its record instead
 * of applying it twice.  An app keeps one LoketRetry per window. */
typedef struct {
  char *key;      /* type and body of the act left unanswered */
  char *req_id;
} LoketRetry;

/* The request id to send @type with @body under. */
const char  *loket_retry_req_id        (LoketRetry  *self,
                                        LoketClient *client,
                                        const char  *type,
                                        JsonObject  *body);
/* The act got an answer, or an error that says it was not applied
 * (anything but a timeout or a `store` error, whose outcome is not
 * known): a repeat is a new act. */
void         loket_retry_answered      (LoketRetry   *self,
                                        const GError *error);
void         loket_retry_clear         (LoketRetry  *self);

/* Sends @type with @body (borrowed; may be NULL) and waits for the reply,
 * running the request in a private main context of its own (nothing else
 * of the caller's is dispatched meanwhile).  Returns the reply body, or NULL with the server's error (LOKET_ERROR,
 * code from the reply) or LOKET_ERROR_TIMEOUT. */
JsonObject  *loket_client_request      (LoketClient *self,
                                        const char  *type,
                                        JsonObject  *body,
                                        GError     **error);
/* The same with a request id of the caller's choosing (to retry by hand). */
JsonObject  *loket_client_request_with_id (LoketClient *self,
                                           const char  *type,
                                           JsonObject  *body,
                                           const char  *req_id,
                                           GError     **error);

/* The same from a main loop, without blocking it: the request is sent at
 * once and again each retry interval, and @callback gets the reply (or
 * LOKET_ERROR_TIMEOUT once the total time has passed, or G_IO_ERROR_CANCELLED)
 * on the caller's thread-default context.  Requests in flight are
 * independent: a slow one never delays another.  @req_id NULL takes a
 * fresh one; pass the same id to retry by hand.  @body is copied. */
void         loket_client_request_async   (LoketClient         *self,
                                           const char          *type,
                                           JsonObject          *body,
                                           const char          *req_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
JsonObject  *loket_client_request_finish  (LoketClient   *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Requests in flight (for tests). */
guint        loket_client_get_n_pending (LoketClient *self);

/* For a caller that sends and reads on the socket itself (the subscriber's
 * SNAPSHOT requests).  Such a client makes no requests through the calls
 * above: while one is in flight the client reads the socket too, and
 * drops every reply it is not waiting for. */
void        *loket_client_get_socket   (LoketClient *self);

/* The event endpoint by convention: "tcp://host:5570" → "tcp://host:5571";
 * NULL with an error for anything else (then --publish must say). */
char        *loket_endpoint_next_port     (const char  *endpoint,
                                           GError     **error);

G_END_DECLS
