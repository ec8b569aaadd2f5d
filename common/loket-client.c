/* loket-client.c — DEALER requests with deadline, retry and one req_id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-client"

#include "loket-client.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-zmq-source.h"

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
  return g_strdup_printf ("%s-%" G_GUINT64_FORMAT, self->req_prefix, ++self->req_counter);
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
      if (reply != NULL &&
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
