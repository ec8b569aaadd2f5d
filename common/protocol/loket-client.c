/* loket-client.c — DEALER requests with deadline, retry and one req_id,
 * on the GLib main loop.
 *
 * Every request in flight is a `Pending`: its GTask, the message (built
 * once, so each retry is byte for byte the same), a retry timer that sends
 * it again every retry interval and a deadline timer that ends it with
 * LOKET_ERROR_TIMEOUT.  Pendings live in a req_id → pending table; the
 * socket is read by a LoketZmqSource in each main context that has a
 * request in flight, and each reply goes to the pending with its req_id
 * (a reply to an unknown or abandoned req_id is dropped).  So two requests
 * of one window proceed side by side, and one that waits ten seconds for
 * a silent server never delays the next.  There is no worker thread.
 *
 * The synchronous call (loketctl, the tests) is the same machinery run in
 * a private main context that it iterates until its own request ends;
 * replies for the caller's other requests read meanwhile still reach them.
 *
 * A client belongs to one thread at a time, as its ZeroMQ socket does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-client"

#include "loket-client.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-zmq-source.h"

#include <errno.h>
#include <string.h>
#include <zmq.h>

/* The reader of the socket in one main context, shared by the requests in
 * flight there and destroyed with the last of them. */
typedef struct {
  GMainContext *context;
  GSource      *source;
  guint         users;
} Watch;

typedef struct {
  LoketClient  *client;      /* borrowed: the task holds a reference */
  GTask        *task;
  char         *req_id;
  LoketMessage *request;
  GSource      *retry;
  GSource      *deadline;
  GSource      *cancel;
} Pending;

struct _LoketClient
{
  GObject     parent_instance;
  void       *socket;
  char       *endpoint;
  char       *device_id;
  char       *req_prefix;
  gsize       req_counter;   /* atomic */
  guint       total_ms;
  guint       retry_ms;
  GHashTable *pending;       /* req_id → GPtrArray of Pending (usually one) */
  GPtrArray  *watches;       /* Watch */
};

G_DEFINE_FINAL_TYPE (LoketClient, loket_client, G_TYPE_OBJECT)

void *
loket_zmq_context (void)
{
  static void *context;

  if (g_once_init_enter (&context))
    {
      void *made = zmq_ctx_new ();

      /* Only when the process is out of file descriptors or memory; every
       * caller checks for NULL and says so. */
      if (made == NULL)
        {
          g_warning ("cannot create a ZeroMQ context: %s", g_strerror (errno));
          g_once_init_leave (&context, NULL);
          return NULL;
        }
      g_once_init_leave (&context, made);
    }
  return context;
}

static void
watch_free (Watch *watch)
{
  g_source_destroy (watch->source);
  g_source_unref (watch->source);
  g_main_context_unref (watch->context);
  g_free (watch);
}

static void
loket_client_finalize (GObject *object)
{
  LoketClient *self = LOKET_CLIENT (object);

  /* Every pending request holds a reference: none is left here. */
  g_hash_table_unref (self->pending);
  g_ptr_array_unref (self->watches);
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
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify) watch_free);
}

/* Sets an integer-sized option; a refusal names the option and the reason. */
gboolean
loket_zmq_set_option (void        *socket,
                      int          option,
                      const char  *name,
                      const void  *value,
                      size_t       size,
                      GError     **error)
{
  if (zmq_setsockopt (socket, option, value, size) == 0)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "cannot set the ZeroMQ option %s: %s",
               name, zmq_strerror (zmq_errno ()));
  return FALSE;
}

void *
loket_zmq_socket_new (int      type,
                      GError **error)
{
  void *context = loket_zmq_context ();
  void *socket;

  if (context == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "no ZeroMQ context (see the warning before): out of file descriptors?");
      return NULL;
    }
  socket = zmq_socket (context, type);
  if (socket == NULL)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "cannot open a ZeroMQ socket: %s",
                 zmq_strerror (zmq_errno ()));
  return socket;
}

LoketClient *
loket_client_new (const char           *endpoint,
                  const LoketClientKey *key,
                  const char           *device_id,
                  GError              **error)
{
  g_autoptr(LoketClient) self = g_object_new (LOKET_TYPE_CLIENT, NULL);
  int reconnect = 100, reconnect_max = 2000, linger = 0;
  /* Snapshots of a busy day are larger than requests. */
  int64_t max_size = LOKET_MAX_REPLY_SIZE + 1024;

  self->endpoint = g_strdup (endpoint);
  self->device_id = g_strdup (key ? key->name : device_id);
  if (self->device_id == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, "a client needs a key or a device id");
      return NULL;
    }
  self->socket = loket_zmq_socket_new (ZMQ_DEALER, error);
  if (self->socket == NULL ||
      !LOKET_ZMQ_SET (self->socket, ZMQ_RECONNECT_IVL, reconnect, error) ||
      !LOKET_ZMQ_SET (self->socket, ZMQ_RECONNECT_IVL_MAX, reconnect_max, error) ||
      !LOKET_ZMQ_SET (self->socket, ZMQ_LINGER, linger, error) ||
      !LOKET_ZMQ_SET (self->socket, ZMQ_MAXMSGSIZE, max_size, error))
    return NULL;
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
  guint64 n = (guint64) g_atomic_pointer_add (&self->req_counter, 1) + 1;

  return g_strdup_printf ("%s-%" G_GUINT64_FORMAT, self->req_prefix, n);
}

guint
loket_client_get_n_pending (LoketClient *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((GPtrArray *) value)->len;
  return n;
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

/* ---- requests in flight ------------------------------------------------ */

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

static gboolean on_readable (void *socket, gpointer user_data);

static void
watch_acquire (LoketClient  *self,
               GMainContext *context)
{
  Watch *watch;

  for (guint i = 0; i < self->watches->len; i++)
    {
      watch = g_ptr_array_index (self->watches, i);
      if (watch->context == context)
        {
          watch->users++;
          return;
        }
    }
  watch = g_new0 (Watch, 1);
  watch->context = g_main_context_ref (context);
  watch->users = 1;
  watch->source = loket_zmq_source_new (self->socket);
  /* The client outlives its watches: every pending request refs it. */
  g_source_set_callback (watch->source, (GSourceFunc) (void (*) (void)) on_readable, self, NULL);
  g_source_attach (watch->source, context);
  g_ptr_array_add (self->watches, watch);
}

static void
watch_release (LoketClient  *self,
               GMainContext *context)
{
  for (guint i = 0; i < self->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (self->watches, i);

      if (watch->context == context && --watch->users == 0)
        {
          g_ptr_array_remove_index_fast (self->watches, i);
          return;
        }
    }
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* Takes @pending out of the table and ends its task with @reply (a reply
 * body) or @error; frees @pending. */
static void
pending_finish (Pending    *pending,
                JsonObject *reply,
                GError     *error)
{
  LoketClient *self = pending->client;
  GPtrArray *same = g_hash_table_lookup (self->pending, pending->req_id);
  g_autoptr(GTask) task = pending->task;

  if (same != NULL)
    {
      g_ptr_array_remove_fast (same, pending);
      if (same->len == 0)
        g_hash_table_remove (self->pending, pending->req_id);
    }
  destroy_source (&pending->retry);
  destroy_source (&pending->deadline);
  destroy_source (&pending->cancel);
  watch_release (self, g_task_get_context (task));
  g_free (pending->req_id);
  loket_message_free (pending->request);
  g_free (pending);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, json_object_ref (reply), (GDestroyNotify) json_object_unref);
}

static void
pending_send (Pending *pending)
{
  g_autoptr(GError) error = NULL;

  /* DONTWAIT: a full queue (no server for a while) is no reason to block
   * the loop; the retry timer tries again. */
  if (!loket_message_send (pending->request, pending->client->socket, &error))
    g_debug ("%s %s not sent (%s); retrying", pending->request->type, pending->req_id,
             error->message);
}

static gboolean
on_retry (gpointer user_data)
{
  pending_send (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_deadline (gpointer user_data)
{
  Pending *pending = user_data;
  LoketClient *self = pending->client;

  g_clear_pointer (&pending->deadline, g_source_unref);  /* removed by returning */
  pending_finish (pending, NULL,
                  g_error_new (LOKET_ERROR, LOKET_ERROR_TIMEOUT, "no answer from %s within %u ms",
                               self->endpoint, self->total_ms));
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Pending *pending = user_data;
  GError *error = NULL;

  /* The server may still apply it; the caller repeats with the same
   * req_id (LoketRetry) to learn the outcome. */
  g_clear_pointer (&pending->cancel, g_source_unref);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  pending_finish (pending, NULL, error);
  return G_SOURCE_REMOVE;
}

/* Hands one reply to every request waiting under its req_id. */
static void
route_reply (LoketClient  *self,
             LoketMessage *reply)
{
  const char *req_id = loket_json_optional_string (reply->body, "req_id");
  GPtrArray *same = req_id ? g_hash_table_lookup (self->pending, req_id) : NULL;
  g_autoptr(GPtrArray) waiting = NULL;

  if (same == NULL)
    {
      g_debug ("reply %s to %s: no request waits for it (abandoned or unknown); dropped",
               reply->type, req_id ? req_id : "(no req_id)");
      return;
    }
  if (is_expired (reply))
    return;
  waiting = g_ptr_array_copy (same, NULL, NULL);
  for (guint i = 0; i < waiting->len; i++)
    {
      GError *error = NULL;

      if (loket_message_check_error (reply, &error))
        pending_finish (g_ptr_array_index (waiting, i), reply->body, NULL);
      else
        pending_finish (g_ptr_array_index (waiting, i), NULL, error);
    }
}

/* Edge-triggered: read until ZMQ_EVENTS has no POLLIN.  A bounded batch,
 * since the source stays ready and comes back for the rest. */
static gboolean
on_readable (void     *socket,
             gpointer  user_data)
{
  g_autoptr(LoketClient) self = g_object_ref (user_data);  /* a callback may drop the last */

  for (guint i = 0; i < 64 && loket_zmq_socket_readable (socket); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LoketMessage) reply = loket_message_recv (socket, FALSE, NULL, &error);

      if (reply == NULL)
        {
          if (!g_error_matches (error, LOKET_ERROR, LOKET_ERROR_EMPTY))
            g_message ("ignoring a bad reply from %s: %s", self->endpoint, error->message);
          continue;
        }
      route_reply (self, reply);
    }
  return G_SOURCE_CONTINUE;
}

static GSource *
attach (GSource      *source,
        GSourceFunc   func,
        Pending      *pending,
        GMainContext *context)
{
  g_source_set_callback (source, func, pending, NULL);
  g_source_attach (source, context);
  return source;
}

static JsonObject *
copy_body (JsonObject *body)
{
  JsonObject *copy = json_object_new ();

  if (body != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (body);

      for (GList *m = members; m != NULL; m = m->next)
        json_object_set_member (copy, m->data, json_node_copy (json_object_get_member (body, m->data)));
    }
  return copy;
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
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GMainContext *context = g_task_get_context (task);
  g_autoptr(JsonObject) copy = copy_body (body);
  Pending *pending;
  GPtrArray *same;

  g_task_set_source_tag (task, loket_client_request_async);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->client = self;
  pending->task = task;
  pending->req_id = req_id ? g_strdup (req_id) : loket_client_new_req_id (self);
  /* Built once, so that every retry is the same message. */
  json_object_set_string_member (copy, "device_id", self->device_id);
  json_object_set_string_member (copy, "req_id", pending->req_id);
  json_object_set_int_member (copy, "deadline", g_get_real_time () + (gint64) self->total_ms * 1000);
  pending->request = loket_message_new (type, copy);

  same = g_hash_table_lookup (self->pending, pending->req_id);
  if (same == NULL)
    {
      same = g_ptr_array_new ();
      g_hash_table_insert (self->pending, g_strdup (pending->req_id), same);
    }
  g_ptr_array_add (same, pending);
  watch_acquire (self, context);
  pending->retry = attach (g_timeout_source_new (self->retry_ms), on_retry, pending, context);
  pending->deadline = attach (g_timeout_source_new (self->total_ms), on_deadline, pending, context);
  if (cancellable != NULL)
    pending->cancel = attach (g_cancellable_source_new (cancellable),
                              (GSourceFunc) (void (*) (void)) on_cancelled, pending, context);
  pending_send (pending);
}

JsonObject *
loket_client_request_finish (LoketClient   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- blocking, for loketctl and the tests ------------------------------ */

typedef struct {
  gboolean    done;
  JsonObject *reply;
  GError     *error;
} SyncResult;

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncResult *sync = user_data;

  sync->reply = loket_client_request_finish (LOKET_CLIENT (source), result, &sync->error);
  sync->done = TRUE;
}

JsonObject *
loket_client_request_with_id (LoketClient *self,
                              const char  *type,
                              JsonObject  *body,
                              const char  *req_id,
                              GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncResult sync = { FALSE, NULL, NULL };

  /* A private context: nothing else of the caller's runs meanwhile. */
  g_main_context_push_thread_default (context);
  loket_client_request_async (self, type, body, req_id, NULL, on_sync_done, &sync);
  while (!sync.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  if (sync.error != NULL)
    g_propagate_error (error, sync.error);
  return sync.reply;
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

