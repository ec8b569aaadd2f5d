/* loket-client.c — DEALER requests with deadline, retry and one req_id.
 *
 * A request blocks its caller; apps on a GTK main loop use the async form,
 * which runs it in a worker thread.  One lock serialises a client's
 * requests, since a ZeroMQ socket is not to be used by two threads at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-client"

#include "loket-client.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-zmq-source.h"

#include <string.h>
#include <zmq.h>

struct _LoketClient
{
  GObject  parent_instance;
  void    *socket;
  char    *endpoint;
  char    *device_id;
  char    *req_prefix;
  guint64  req_counter;
  guint    total_ms;
  guint    retry_ms;
  GMutex   lock;
};

G_DEFINE_FINAL_TYPE (LoketClient, loket_client, G_TYPE_OBJECT)

void *
loket_zmq_context (void)
{
  static void *context;

  if (g_once_init_enter (&context))
    g_once_init_leave (&context, zmq_ctx_new ());
  return context;
}

static void
loket_client_finalize (GObject *object)
{
  LoketClient *self = LOKET_CLIENT (object);

  g_clear_pointer (&self->socket, loket_zmq_close);
  g_free (self->endpoint);
  g_free (self->device_id);
  g_free (self->req_prefix);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (loket_client_parent_class)->finalize (object);
}

static void
loket_client_class_init (LoketClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_client_finalize;
}

static void
loket_client_init (LoketClient *self)
{
  /* A random prefix keeps request ids unique across restarts of the same
   * device, so a new process never collides with stored replies. */
  self->req_prefix = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  g_mutex_init (&self->lock);
  self->total_ms = 10000;
  self->retry_ms = 1000;
}

LoketClient *
loket_client_new (const char           *endpoint,
                  const LoketClientKey *key,
                  const char           *device_id,
                  GError              **error)
{
  g_autoptr(LoketClient) self = g_object_new (LOKET_TYPE_CLIENT, NULL);
  int reconnect = 100, reconnect_max = 2000, linger = 0;
  int64_t max_size = LOKET_MAX_REPLY_SIZE + 1024;

  self->endpoint = g_strdup (endpoint);
  self->device_id = g_strdup (key ? key->name : device_id);
  if (self->device_id == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, "a client needs a key or a device id");
      return NULL;
    }
  self->socket = zmq_socket (loket_zmq_context (), ZMQ_DEALER);
  zmq_setsockopt (self->socket, ZMQ_RECONNECT_IVL, &reconnect, sizeof reconnect);
  zmq_setsockopt (self->socket, ZMQ_RECONNECT_IVL_MAX, &reconnect_max, sizeof reconnect_max);
  zmq_setsockopt (self->socket, ZMQ_LINGER, &linger, sizeof linger);
  /* Snapshots of a busy day are larger than requests. */
  zmq_setsockopt (self->socket, ZMQ_MAXMSGSIZE, &max_size, sizeof max_size);
  if (key != NULL && !loket_keys_apply_client (self->socket, key, error))
    return NULL;
  if (zmq_connect (self->socket, endpoint) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "cannot connect to %s: %s",
                   endpoint, zmq_strerror (zmq_errno ()));
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
loket_client_get_device_id (LoketClient *self)
{
  return self->device_id;
}

void *
loket_client_get_socket (LoketClient *self)
{
  return self->socket;
}

void
loket_client_set_timeout (LoketClient *self,
                          guint        total_ms,
                          guint        retry_ms)
{
  self->total_ms = MAX (total_ms, 1);
  self->retry_ms = MAX (retry_ms, 1);
}

char *
loket_client_new_req_id (LoketClient *self)
{
  guint64 n;

  g_mutex_lock (&self->lock);
  n = ++self->req_counter;
  g_mutex_unlock (&self->lock);
  return g_strdup_printf ("%s-%" G_GUINT64_FORMAT, self->req_prefix, n);
}

const char *
loket_retry_req_id (LoketRetry  *self,
                    LoketClient *client,
                    const char  *type,
                    JsonObject  *body)
{
  g_autofree char *body_text = body ? loket_json_to_string (body) : g_strdup ("");
  g_autofree char *key = g_strconcat (type, " ", body_text, NULL);

  if (g_strcmp0 (key, self->key) != 0)
    {
      g_free (self->key);
      g_free (self->req_id);
      self->key = g_steal_pointer (&key);
      self->req_id = loket_client_new_req_id (client);
    }
  return self->req_id;
}

/* A `store` error is as uncertain as a timeout: the server says its
 * COMMIT failed, but when the disk failed to flush (fsync) rather than to
 * write, the transaction may still be in the WAL, and SQLite brings it
 * back if loketd stops before its next commit overwrites it
 * (tests/stress/test-io-errors.c).  The server never records a `store`
 * error as the answer, so the repeat under the same id is safe both ways:
 * answered from the record if the act came back, applied now if not. */
void
loket_retry_answered (LoketRetry   *self,
                      const GError *error)
{
  if (error == NULL ||
      !(g_error_matches (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT) ||
        g_error_matches (error, LOKET_ERROR, LOKET_ERROR_STORE)))
    g_clear_pointer (&self->key, g_free);
}

void
loket_retry_clear (LoketRetry *self)
{
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->req_id, g_free);
}

/* An "expired" answer means the server did not apply that copy of the
 * request; it may be a copy sent by an earlier attempt with the same
 * req_id (a caller retrying by hand), while this attempt's copy, with a
 * later deadline, is still on its way.  Keep waiting: if every copy
 * expired, the caller gets a timeout, which means the same. */
static gboolean
is_expired (LoketMessage *reply)
{
  return g_strcmp0 (reply->type, "ERROR") == 0 &&
         g_strcmp0 (loket_json_optional_string (reply->body, "code"),
                    loket_error_code_to_string (LOKET_ERROR_EXPIRED)) == 0;
}

/* Waits until a reply to @req_id arrives or @until passes; replies to
 * earlier, abandoned requests are read and dropped. */
static LoketMessage *
wait_reply (LoketClient *self,
            const char  *req_id,
            gint64       until)
{
  for (;;)
    {
      zmq_pollitem_t item = { self->socket, 0, ZMQ_POLLIN, 0 };
      gint64 left = (until - g_get_monotonic_time ()) / 1000;
      g_autoptr(LoketMessage) reply = NULL;

      if (left <= 0 || zmq_poll (&item, 1, (long) left) <= 0)
        return NULL;
      reply = loket_message_recv (self->socket, FALSE, NULL, NULL);
      if (reply != NULL && !is_expired (reply) &&
          g_strcmp0 (loket_json_optional_string (reply->body, "req_id"), req_id) == 0)
        return g_steal_pointer (&reply);
    }
}

JsonObject *
loket_client_request_with_id (LoketClient *self,
                              const char  *type,
                              JsonObject  *body,
                              const char  *req_id,
                              GError     **error)
{
  g_autoptr(GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&self->lock);
  g_autoptr(LoketMessage) request = loket_message_new (type, body);
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) self->total_ms * 1000;

  /* The message is built once: every retry is byte-for-byte the same. */
  json_object_set_string_member (request->body, "device_id", self->device_id);
  json_object_set_string_member (request->body, "req_id", req_id);
  json_object_set_int_member (request->body, "deadline", g_get_real_time () + (gint64) self->total_ms * 1000);

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(LoketMessage) reply = NULL;
      gint64 retry_at = MIN (g_get_monotonic_time () + (gint64) self->retry_ms * 1000, end);

      if (!loket_message_send (request, self->socket, NULL))
        g_debug ("send of %s %s queued nowhere; retrying", type, req_id);
      reply = wait_reply (self, req_id, retry_at);
      if (reply == NULL)
        continue;
      if (!loket_message_check_error (reply, error))
        return NULL;
      return json_object_ref (reply->body);
    }
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT, "no answer from %s within %u ms",
               self->endpoint, self->total_ms);
  return NULL;
}

JsonObject *
loket_client_request (LoketClient *self,
                      const char  *type,
                      JsonObject  *body,
                      GError     **error)
{
  g_autofree char *req_id = loket_client_new_req_id (self);

  return loket_client_request_with_id (self, type, body, req_id, error);
}

char *
loket_endpoint_next_port (const char *endpoint,
                          GError    **error)
{
  const char *colon = strrchr (endpoint, ':');
  guint64 port = 0;

  if (!g_str_has_prefix (endpoint, "tcp://") || colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65534, &port, NULL))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "%s: give --publish, the event endpoint cannot be derived "
                   "(only from tcp://HOST:PORT)", endpoint);
      return NULL;
    }
  return g_strdup_printf ("%.*s:%" G_GUINT64_FORMAT, (int) (colon - endpoint), endpoint, port + 1);
}

/* ---- from a main loop -------------------------------------------------- */

typedef struct {
  char       *type;
  JsonObject *body;
  char       *req_id;
} AsyncRequest;

static void
async_request_free (AsyncRequest *request)
{
  g_free (request->type);
  g_clear_pointer (&request->body, json_object_unref);
  g_free (request->req_id);
  g_free (request);
}

static void
request_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  AsyncRequest *request = task_data;
  GError *error = NULL;
  JsonObject *reply = loket_client_request_with_id (source_object, request->type, request->body,
                                                    request->req_id, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) json_object_unref);
}

void
loket_client_request_async (LoketClient         *self,
                            const char          *type,
                            JsonObject          *body,
                            const char          *req_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  AsyncRequest *request = g_new0 (AsyncRequest, 1);

  request->type = g_strdup (type);
  /* A copy: the request adds its envelope fields to the body it sends. */
  request->body = json_object_new ();
  if (body != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (body);

      for (GList *m = members; m != NULL; m = m->next)
        json_object_set_member (request->body, m->data,
                                json_node_copy (json_object_get_member (body, m->data)));
    }
  request->req_id = req_id ? g_strdup (req_id) : loket_client_new_req_id (self);
  g_task_set_source_tag (task, loket_client_request_async);
  g_task_set_task_data (task, request, (GDestroyNotify) async_request_free);
  /* A reply that arrives after the caller gave up is still the server's
   * answer; the caller may repeat the request with the same req_id. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, request_in_thread);
}

JsonObject *
loket_client_request_finish (LoketClient   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
