/* loket-server.c — sockets, the group-commit loop and the heartbeat.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loketd"

#include "config.h"
#include "loket-server.h"
#include "loket-reader.h"
#include "loket-client.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-zap.h"
#include "loket-zmq-source.h"

#include <errno.h>
#include <string.h>
#include <zmq.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* A batch is what the ROUTER holds when we look, up to this many. */
#define MAX_BATCH 512
#define MAX_REQ_ID_LENGTH 64
#define REPLY_RETENTION_USEC ((gint64) 48 * 3600 * G_USEC_PER_SEC)

struct _LoketServer
{
  GObject         parent_instance;
  LoketOffice    *office;
  gboolean        insecure;
  char           *keys_dir;
  void           *context;
  void           *router;
  void           *publisher;
  LoketZap       *zap;
  LoketAllowlist *allowlist;
  LoketReader    *reader;           /* the long reads, apart; NULL: on the loop */
  GSource        *router_source;
  guint           heartbeat_id;
  char           *request_endpoint;
  char           *publish_endpoint;
  gint64          started_at;
  guint64         n_requests;
  guint64         n_rejected;
  guint64         n_batches;
  guint64         n_requests_at_tidy;
  gboolean        last_request_second_ago;
  char           *closed_through;   /* the last service day closed, "" for none */
};

G_DEFINE_FINAL_TYPE (LoketServer, loket_server, G_TYPE_OBJECT)

/* One request of a batch, from receipt to reply. */
typedef struct {
  LoketMessage *message;
  LoketMessage *reply;
  char         *device;
  char         *req_id;
  LoketRole     role;
  const LoketRequestDef *def;   /* its entry in the protocol table, once admitted */
} Pending;

static void
pending_free (Pending *p)
{
  if (p == NULL)   /* handed to the reader */
    return;
  loket_message_free (p->message);
  loket_message_free (p->reply);
  g_free (p->device);
  g_free (p->req_id);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
loket_server_dispose (GObject *object)
{
  LoketServer *self = LOKET_SERVER (object);

  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  /* Before the sockets close: the reads under way are answered. */
  g_clear_pointer (&self->reader, loket_reader_free);
  if (self->router_source != NULL)
    {
      g_source_destroy (self->router_source);
      self->router_source = NULL;
    }
  g_clear_pointer (&self->router, loket_zmq_close);
  g_clear_pointer (&self->publisher, loket_zmq_close);
  g_clear_object (&self->zap);
  if (self->context != NULL)
    {
      zmq_ctx_term (self->context);
      self->context = NULL;
    }
  g_clear_pointer (&self->allowlist, loket_allowlist_free);
  g_clear_object (&self->office);
  G_OBJECT_CLASS (loket_server_parent_class)->dispose (object);
}

static void
loket_server_finalize (GObject *object)
{
  LoketServer *self = LOKET_SERVER (object);

  g_free (self->keys_dir);
  g_free (self->closed_through);
  g_free (self->request_endpoint);
  g_free (self->publish_endpoint);
  G_OBJECT_CLASS (loket_server_parent_class)->finalize (object);
}

static void
loket_server_class_init (LoketServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = loket_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_server_finalize;
}

static void
loket_server_init (LoketServer *self)
{
}

const char *
loket_server_get_request_endpoint (LoketServer *self)
{
  return self->request_endpoint;
}

const char *
loket_server_get_publish_endpoint (LoketServer *self)
{
  return self->publish_endpoint;
}

/* ---- replies and events ------------------------------------------------ */

static void
send_message (LoketServer *self, void *socket, LoketMessage *message)
{
  g_autoptr(GError) error = NULL;

  /* A peer that left before its answer is normal (it will retry with the
   * same req_id if it still cares); a full pipe is worth a line. */
  if (!loket_message_send (message, socket, &error))
    {
      if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
        g_debug ("%s", error->message);
      else
        g_message ("%s", error->message);
    }
}

static LoketMessage *
make_reply (const char *req_id, JsonObject *body)
{
  LoketMessage *reply = loket_message_new ("OK", body);

  json_object_set_string_member (reply->body, "req_id", req_id);
  return reply;
}

static void
reply_error_to (LoketServer *self, GBytes *peer, const char *req_id, const GError *error)
{
  g_autoptr(LoketMessage) reply = loket_message_new_error (req_id, error);

  reply->routing_id = g_bytes_ref (peer);
  send_message (self, self->router, reply);
}

/* An event that went through the store goes out as the text the store
 * hashed and kept: the same bytes json-glib would write again, without
 * encoding it twice (4 % of an ISSUE's instructions). */
static void
publish (LoketServer *self, const char *type, JsonObject *body)
{
  gboolean versioned = json_object_get_int_member_with_default (body, "v", 0) == LOKET_PROTOCOL_VERSION;
  gint64 seq = json_object_get_int_member_with_default (body, "seq", 0);
  g_autoptr(LoketMessage) event = loket_message_new (type, body);

  /* loket_message_new() sets "v": the stored text is the wire's only if
   * the event had it already. */
  if (versioned && seq > 0)
    event->encoded = loket_store_take_event_text (loket_office_get_store (self->office), seq);
  send_message (self, self->publisher, event);
}

/* ---- closing the day ---------------------------------------------------- */

/* Closes the service day that is due (loket_office_day_due) if it is later
 * than the last one closed: loketd sends itself CLOSE_DAY, in a
 * transaction of its own, and publishes what it did.  Looked at every
 * second by the heartbeat, so a clock set forward or a server started
 * after closing time closes the day at once; a failure is tried again
 * the next second. */
static void
close_due_day (LoketServer *self)
{
  LoketStore *store = loket_office_get_store (self->office);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  g_autofree char *day = loket_office_day_due (self->office, now);
  LoketRequest request = { "CLOSE_DAY", body, "loketd", LOKET_ROLE_SUPERVISOR, now };

  if (day == NULL || g_strcmp0 (day, self->closed_through) <= 0)
    return;
  json_object_set_string_member (body, "day", day);
  if (!loket_store_begin (store, &error))
    {
      g_message ("closing service day %s postponed: %s", day, error->message);
      return;
    }
  result = loket_office_handle (self->office, &request, events, &error);
  if (result == NULL || !loket_store_commit (store, &error))
    {
      loket_store_rollback (store);
      g_message ("closing service day %s postponed: %s", day, error->message);
      return;
    }
  g_message ("service day %s closed: %" G_GINT64_FORMAT " tickets left unserved", day,
             json_object_get_int_member (result, "unserved"));
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      publish (self, json_object_get_string_member (event, "type"), event);
    }
  g_free (self->closed_through);
  self->closed_through = g_steal_pointer (&day);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  LoketServer *self = user_data;
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_int_member (body, "seq", loket_store_get_last_seq (loket_office_get_store (self->office)));
  json_object_set_int_member (body, "time", g_get_real_time ());
  publish (self, "HUGZ", body);
  close_due_day (self);

  /* After a burst, once a quiet second passed, tidy up where no citizen
   * waits for it: copy the WAL into the database, and hand the memory the
   * burst used back to the system (an office server idles most of the day). */
  if (self->n_requests != self->n_requests_at_tidy && self->last_request_second_ago)
    {
      g_autoptr(GError) error = NULL;

      if (!loket_store_checkpoint (loket_office_get_store (self->office), &error))
        g_message ("checkpoint postponed: %s", error->message);
#ifdef __GLIBC__
      malloc_trim (0);
#endif
      self->n_requests_at_tidy = self->n_requests;
    }
  self->last_request_second_ago = TRUE;
  return G_SOURCE_CONTINUE;
}

/* ---- admission: who is asking, and is the request well-formed? -------- */

static gboolean
admit (LoketServer *self, Pending *p, GError **error)
{
  JsonObject *body = p->message->body;
  const char *device_id = loket_json_optional_string (body, "device_id");
  const char *req_id = loket_json_require_string (body, "req_id", error);

  if (req_id == NULL)
    return FALSE;
  if (strlen (req_id) > MAX_REQ_ID_LENGTH)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "req_id is longer than %d bytes",
                   MAX_REQ_ID_LENGTH);
      return FALSE;
    }
  p->req_id = g_strdup (req_id);

  if (self->insecure)
    {
      if (device_id == NULL || *device_id == '\0')
        {
          g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                               "field \"device_id\" must be a non-empty string");
          return FALSE;
        }
      p->device = g_strdup (device_id);
      p->role = LOKET_ROLE_SUPERVISOR;
    }
  else
    {
      /* The key decides who this is (ZAP's User-Id is the key, looked up
       * again for every request: a revoked key is refused on a connection
       * it opened before); the body may only agree. */
      const char *name = p->message->user_id
                         ? loket_allowlist_lookup_key (self->allowlist, p->message->user_id, &p->role)
                         : NULL;

      if (name == NULL)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_DENIED, "key %.8s… is not (or no longer) allowed",
                       p->message->user_id ? p->message->user_id : "?");
          return FALSE;
        }
      p->device = g_strdup (name);
      if (device_id != NULL && g_strcmp0 (device_id, p->device) != 0)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_DENIED,
                       "device_id “%s” does not match the key of “%s”", device_id, p->device);
          return FALSE;
        }
    }

  /* By the protocol table: the type, the role, the body's fields.  Done
   * here, on receipt, so that a refusal is answered at once and never
   * stored: it depends on the body and the key alone.  (The office runs
   * the same admission again for whoever else calls it.) */
  p->def = loket_protocol_admit (p->message->type, p->role, body, error);
  return p->def != NULL;
}

/* Reads up to MAX_BATCH messages; rejects the bad ones on the spot. */
static GPtrArray *
receive_batch (LoketServer *self)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);

  while (batch->len < MAX_BATCH && loket_zmq_socket_readable (self->router))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) peer = NULL;
      g_autoptr(Pending) p = g_new0 (Pending, 1);

      p->message = loket_message_recv (self->router, TRUE, &peer, &error);
      if (p->message == NULL && g_error_matches (error, LOKET_ERROR, LOKET_ERROR_EMPTY))
        break;
      if (p->message != NULL && admit (self, p, &error))
        {
          self->n_requests++;
          g_ptr_array_add (batch, g_steal_pointer (&p));
          continue;
        }
      self->n_rejected++;
      g_message ("rejected a message from %s: %s",
                 p->device ? p->device : (p->message && p->message->user_id ? p->message->user_id : "an unknown peer"),
                 error->message);
      if (peer != NULL)
        reply_error_to (self, peer, p->req_id, error);
    }
  return batch;
}

/* ---- the group commit -------------------------------------------------- */

/* Errors that say something about the request are answers, kept for a
 * retry like any reply; an expired deadline or a failing disk is not. */
static gboolean
error_is_answer (const GError *error)
{
  return error->domain == LOKET_ERROR &&
         error->code != LOKET_ERROR_EXPIRED &&
         error->code != LOKET_ERROR_STORE;
}

/* A citizen refused a ticket for the hours or the quota is recorded
 * (TURNED_AWAY) in a savepoint of its own, once the request's writes were
 * undone; a retry is answered from the stored refusal and records nothing
 * more.  If the record cannot be written the refusal still goes out. */
static void
record_refusal (LoketServer *self, const LoketRequest *request, const GError *refusal, GPtrArray *events)
{
  LoketStore *store = loket_office_get_store (self->office);
  g_autoptr(GError) error = NULL;
  guint n_events = events->len;

  if (!loket_office_refusal_is_recorded (request, refusal))
    return;
  if (loket_store_savepoint (store, &error))
    {
      if (loket_office_record_refusal (self->office, request, refusal, events, &error) &&
          loket_store_release (store, &error))
        return;
      loket_store_rollback_to (store);
    }
  g_ptr_array_remove_range (events, n_events, events->len - n_events);
  g_message ("a citizen turned away from %s was not recorded: %s", request->device, error->message);
}

static LoketMessage *
apply_one (LoketServer *self, Pending *p, gint64 now, GPtrArray *events)
{
  LoketStore *store = loket_office_get_store (self->office);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_type = NULL;
  g_autofree char *stored_body = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(LoketMessage) reply = NULL;
  g_autofree char *text = NULL;
  gint64 deadline = loket_json_optional_int (p->message->body, "deadline", 0);
  guint n_events = events->len;
  LoketRequest request = { p->message->type, p->message->body, p->device, p->role, now };

  if (loket_store_lookup_reply (store, p->device, p->req_id, &stored_type, &stored_body, &error))
    {
      g_autoptr(JsonObject) body = loket_json_from_string (stored_body, -1, &error);

      g_debug ("%s/%s answered from the store", p->device, p->req_id);
      if (body == NULL)
        return loket_message_new_error (p->req_id, error);
      reply = loket_message_new (stored_type, body);
      reply->encoded = g_steal_pointer (&stored_body);   /* the same bytes as the first time */
      return g_steal_pointer (&reply);
    }
  if (error == NULL && deadline > 0 && deadline < now)
    g_set_error (&error, LOKET_ERROR, LOKET_ERROR_EXPIRED, "the request's deadline had passed");
  if (error == NULL && loket_store_savepoint (store, &error))
    {
      result = loket_office_handle (self->office, &request, events, &error);
      if (result != NULL && !loket_store_release (store, &error))
        g_clear_pointer (&result, json_object_unref);
      if (result == NULL)
        {
          loket_store_rollback_to (store);
          g_ptr_array_remove_range (events, n_events, events->len - n_events);
          record_refusal (self, &request, error, events);
        }
    }

  reply = result ? make_reply (p->req_id, result) : loket_message_new_error (p->req_id, error);
  if (result == NULL && !error_is_answer (error))
    return g_steal_pointer (&reply);
  if (result == NULL)
    g_message ("%s from %s refused: %s", p->message->type, p->device, error->message);

  text = loket_json_to_string (reply->body);
  g_clear_error (&error);
  if (!loket_store_save_reply (store, p->device, p->req_id, now, reply->type, text, &error))
    {
      g_warning ("%s", error->message);
      return loket_message_new_error (p->req_id, error);
    }
  reply->encoded = g_steal_pointer (&text);
  return g_steal_pointer (&reply);
}

/* Applies every writing request of the batch in one transaction.  If the
 * COMMIT fails nothing was done: every request is told so, and nothing is
 * published. */
static void
apply_writes (LoketServer *self, GPtrArray *batch, GPtrArray *events)
{
  LoketStore *store = loket_office_get_store (self->office);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  guint n_writes = 0;

  for (guint i = 0; i < batch->len; i++)
    if (((Pending *) g_ptr_array_index (batch, i))->def->writes)
      n_writes++;
  if (n_writes == 0)
    return;

  if (loket_store_begin (store, &error))
    {
      for (guint i = 0; i < batch->len; i++)
        {
          Pending *p = g_ptr_array_index (batch, i);

          if (p->def->writes)
            p->reply = apply_one (self, p, now, events);
        }
      if (loket_store_commit (store, &error))
        {
          self->n_batches++;
          return;
        }
    }

  g_warning ("transaction failed, %u requests refused: %s", n_writes, error->message);
  loket_store_rollback (store);
  g_ptr_array_set_size (events, 0);
  for (guint i = 0; i < batch->len; i++)
    {
      Pending *p = g_ptr_array_index (batch, i);

      if (p->def->writes)
        {
          g_clear_pointer (&p->reply, loket_message_free);
          p->reply = loket_message_new_error (p->req_id, error);
        }
    }
}

static void
add_server_status (LoketServer *self, JsonObject *status)
{
  JsonObject *server = json_object_new ();

  json_object_set_string_member (server, "version", PACKAGE_VERSION);
  json_object_set_int_member (server, "uptime_seconds", (g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC);
  json_object_set_int_member (server, "requests", (gint64) self->n_requests);
  json_object_set_int_member (server, "rejected", (gint64) self->n_rejected);
  json_object_set_int_member (server, "commits", (gint64) self->n_batches);
  json_object_set_int_member (server, "refused_keys", self->zap ? loket_zap_get_refused (self->zap) : 0);
  json_object_set_boolean_member (server, "secure", !self->insecure);
  json_object_set_string_member (server, "database", loket_store_get_path (loket_office_get_store (self->office)));
  json_object_set_object_member (status, "server", server);
}

/* Read-only requests are answered after the batch committed, so that what
 * they show includes everything already acknowledged.  What the handler
 * wrote as text (QUEUE's list) goes on the wire after the object's own
 * members, never through json-glib. */
static LoketMessage *
apply_read (LoketServer *self, Pending *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) no_events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GString) raw = g_string_new (NULL);
  LoketRequest request = { p->message->type, p->message->body, p->device, p->role, g_get_real_time () };
  g_autoptr(JsonObject) result = loket_office_handle_split (self->office, &request, no_events, raw, &error);
  LoketMessage *reply;

  if (result == NULL)
    return loket_message_new_error (p->req_id, error);
  if (p->def->id == LOKET_REQUEST_STATUS)
    add_server_status (self, result);
  reply = make_reply (p->req_id, result);
  if (raw->len > 0)
    reply->encoded = loket_json_to_string_with (reply->body, raw->str);
  return reply;
}

/* A long read goes to the reader thread once the office admitted it here
 * (who is signed in where is the loop's to know); FALSE with the refusal
 * as @p's reply if it did not. */
static gboolean
read_apart (LoketServer *self, Pending *p)
{
  g_autoptr(GError) error = NULL;
  LoketRequest request = { p->message->type, p->message->body, p->device, p->role, g_get_real_time () };
  const LoketRequestDef *def = loket_office_admit (self->office, &request, &error);

  if (def == NULL)
    {
      p->reply = loket_message_new_error (p->req_id, error);
      return FALSE;
    }
  loket_reader_push (self->reader, g_steal_pointer (&p->message), def, p->device, p->role, request.now);
  return TRUE;
}

static void
reader_answered_cb (LoketMessage *reply, gpointer user_data)
{
  LoketServer *self = user_data;

  send_message (self, self->router, reply);
  loket_message_free (reply);
}

static gboolean
router_readable_cb (void *socket, gpointer user_data)
{
  LoketServer *self = user_data;
  g_autoptr(GPtrArray) batch = receive_batch (self);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_debug ("batch of %u requests", batch->len);
  self->last_request_second_ago = FALSE;
  apply_writes (self, batch, events);

  /* Committed: now, and only now, the world may know. */
  for (guint i = 0; i < batch->len; i++)
    {
      Pending *p = g_ptr_array_index (batch, i);

      if (p->reply == NULL && p->def->apart && self->reader != NULL && read_apart (self, p))
        {
          g_clear_pointer (&g_ptr_array_index (batch, i), pending_free);
          continue;
        }
      if (p->reply == NULL)
        p->reply = apply_read (self, p);
      p->reply->routing_id = g_bytes_ref (p->message->routing_id);
      send_message (self, self->router, p->reply);
    }
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      publish (self, json_object_get_string_member (event, "type"), event);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- set-up ------------------------------------------------------------ */

static gboolean
set_int_option (void *socket, int option, int value, const char *name, GError **error)
{
  if (zmq_setsockopt (socket, option, &value, sizeof value) == 0)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "%s: %s", name, zmq_strerror (zmq_errno ()));
  return FALSE;
}

/* The limits of DESIGN.md: bounded messages, bounded handshakes, dead
 * peers noticed by ZMTP heartbeats. */
static gboolean
configure_socket (LoketServer *self, void *socket, GError **error)
{
  int64_t max_size = LOKET_MAX_MESSAGE_SIZE + 1024;  /* the type frame and some slack */

  if (zmq_setsockopt (socket, ZMQ_MAXMSGSIZE, &max_size, sizeof max_size) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "ZMQ_MAXMSGSIZE: %s", zmq_strerror (zmq_errno ()));
      return FALSE;
    }
  if (!set_int_option (socket, ZMQ_HANDSHAKE_IVL, 5000, "ZMQ_HANDSHAKE_IVL", error) ||
      !set_int_option (socket, ZMQ_HEARTBEAT_IVL, 1000, "ZMQ_HEARTBEAT_IVL", error) ||
      !set_int_option (socket, ZMQ_HEARTBEAT_TIMEOUT, 3000, "ZMQ_HEARTBEAT_TIMEOUT", error) ||
      !set_int_option (socket, ZMQ_LINGER, 1000, "ZMQ_LINGER", error))
    return FALSE;
  if (self->insecure)
    return TRUE;
  {
    LoketKeyPair pair;

    if (!loket_keys_load_server (self->keys_dir, &pair, error))
      return FALSE;
    return loket_keys_apply_server (socket, &pair, error);
  }
}

static void *
open_socket (void *context, int type, const char *what, GError **error)
{
  void *socket = zmq_socket (context, type);

  if (socket == NULL)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "cannot open the %s socket: %s",
                 what, zmq_strerror (zmq_errno ()));
  return socket;
}

static char *
bind_socket (void *socket, const char *endpoint, GError **error)
{
  char bound[256];
  size_t len = sizeof bound;

  if (zmq_bind (socket, endpoint) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "cannot listen on %s: %s",
                   endpoint, zmq_strerror (zmq_errno ()));
      return NULL;
    }
  if (zmq_getsockopt (socket, ZMQ_LAST_ENDPOINT, bound, &len) != 0)
    return g_strdup (endpoint);
  return g_strdup (bound);
}

static gboolean
start_security (LoketServer *self, GError **error)
{
  if (self->insecure)
    {
      g_message ("INSECURE mode: no encryption, no authentication, every peer is a supervisor");
      return TRUE;
    }
  if (self->keys_dir == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "no --keys directory: refusing to run without encryption "
                           "(use --insecure for development only)");
      return FALSE;
    }
  self->allowlist = loket_allowlist_load (self->keys_dir, error);
  if (self->allowlist == NULL)
    return FALSE;
  /* The handler must exist before any CURVE socket binds. */
  self->zap = loket_zap_new (self->context, self->allowlist, error);
  return self->zap != NULL;
}

LoketServer *
loket_server_new (LoketOffice              *office,
                  const LoketServerConfig  *config,
                  GError                  **error)
{
  g_autoptr(LoketServer) self = g_object_new (LOKET_TYPE_SERVER, NULL);
  g_autofree char *publish = NULL;
  LoketStore *store = loket_office_get_store (office);
  g_autoptr(GError) local = NULL;
  int mandatory = 1;

  self->office = g_object_ref (office);
  self->insecure = config->insecure;
  self->keys_dir = g_strdup (config->keys_dir);
  self->started_at = g_get_monotonic_time ();
  self->context = zmq_ctx_new ();
  if (self->context == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "cannot create a ZeroMQ context: %s",
                   g_strerror (errno));
      return NULL;
    }

  publish = config->publish ? g_strdup (config->publish)
                            : loket_endpoint_next_port (config->listen, error);
  if (publish == NULL || !start_security (self, error))
    return NULL;

  self->router = open_socket (self->context, ZMQ_ROUTER, "request", error);
  if (self->router == NULL)
    return NULL;
  self->publisher = open_socket (self->context, ZMQ_PUB, "event", error);
  if (self->publisher == NULL ||
      !configure_socket (self, self->router, error) ||
      !configure_socket (self, self->publisher, error) ||
      !set_int_option (self->router, ZMQ_ROUTER_MANDATORY, mandatory, "ZMQ_ROUTER_MANDATORY", error) ||
      !set_int_option (self->publisher, ZMQ_SNDHWM, 100000, "ZMQ_SNDHWM", error) ||
      (self->request_endpoint = bind_socket (self->router, config->listen, error)) == NULL ||
      (self->publish_endpoint = bind_socket (self->publisher, publish, error)) == NULL)
    return NULL;

  if (!loket_store_prune_replies (store, g_get_real_time () - REPLY_RETENTION_USEC, error))
    return NULL;
  self->closed_through = loket_store_last_day_closed (store, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (self->closed_through == NULL)
    self->closed_through = g_strdup ("");

  self->reader = loket_reader_new (office, reader_answered_cb, self, &local);
  if (self->reader == NULL)
    {
      g_message ("reports are answered on the loop: %s", local->message);
      g_clear_error (&local);
    }
  self->router_source = loket_zmq_watch (self->router, router_readable_cb, self, NULL);
  self->heartbeat_id = g_timeout_add_seconds (1, heartbeat_cb, self);
  g_message ("requests on %s, events on %s, %" G_GINT64_FORMAT " events in the log",
             self->request_endpoint, self->publish_endpoint, loket_store_get_last_seq (store));
  /* A day left open while loketd was down is closed before anyone asks. */
  close_due_day (self);
  return g_steal_pointer (&self);
}

/* Closes every connection of @socket by closing the listener that
 * accepted them and listening again on the same address.  The peers
 * reconnect by themselves and go through ZAP again: a revoked key gets no
 * session, on the request socket nor on the events socket (where it would
 * otherwise keep hearing every event).  The old listener is closed by
 * ZeroMQ's I/O thread, so the port can be busy for a moment. */
static gboolean
rebind (void *socket, const char *endpoint, GError **error)
{
  if (zmq_unbind (socket, endpoint) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "cannot close %s: %s",
                   endpoint, zmq_strerror (zmq_errno ()));
      return FALSE;
    }
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      if (zmq_bind (socket, endpoint) == 0)
        return TRUE;
      if (zmq_errno () != EADDRINUSE)
        break;
      g_usleep (5000);
    }
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "cannot listen on %s again: %s",
               endpoint, zmq_strerror (zmq_errno ()));
  return FALSE;
}

gboolean
loket_server_reload_charter (LoketServer *self,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(LoketCharter) charter = loket_charter_new_from_file (path, error);

  /* Validated whole before anything changes: a bad file leaves the
   * running charter in force. */
  if (charter == NULL ||
      !loket_office_adopt_charter (self->office, charter, "sighup", g_get_real_time (), events, error))
    return FALSE;
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      publish (self, json_object_get_string_member (event, "type"), event);
    }
  return TRUE;
}

gboolean
loket_server_reload_keys (LoketServer *self,
                          GError     **error)
{
  LoketAllowlist *fresh;
  gboolean revoked;

  if (self->insecure)
    return TRUE;
  fresh = loket_allowlist_load (self->keys_dir, error);
  if (fresh == NULL)
    return FALSE;
  revoked = !loket_allowlist_keeps_all (fresh, self->allowlist);
  loket_zap_set_allowlist (self->zap, fresh);
  loket_allowlist_free (self->allowlist);
  self->allowlist = fresh;
  g_message ("allowlist reloaded: %u keys", loket_allowlist_size (fresh));
  if (!revoked)
    return TRUE;
  /* Requests on a revoked key's open connection are refused anyway
   * (admit() asks the allowlist each time); dropping every connection
   * also stops its events, and the others reconnect within a second. */
  g_message ("a key was revoked: closing every connection; clients reconnect");
  return rebind (self->router, self->request_endpoint, error) &&
         rebind (self->publisher, self->publish_endpoint, error);
}
