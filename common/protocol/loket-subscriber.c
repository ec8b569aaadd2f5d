/* loket-subscriber.c — snapshot + seq-ordered events + heartbeat watch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-subscriber"

#include "loket-subscriber.h"
#include "loket-client.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-zmq-source.h"

#include <zmq.h>

#define CHECK_INTERVAL_MS 250
#define SNAPSHOT_RETRY_USEC (2 * G_USEC_PER_SEC)
#define MAX_BUFFERED 100000

struct _LoketSubscriber
{
  GObject      parent_instance;
  LoketClient *requester;     /* DEALER for SNAPSHOT requests */
  void        *sub;
  GSource     *sub_source;
  char        *publish_endpoint;
  LoketClientKey *key;        /* copy, for reconnecting */
  GSource     *reply_source;
  guint        check_id;
  GQueue       buffer;        /* LoketMessage*, held while resyncing */
  char        *snapshot_req;  /* req_id of the snapshot we wait for, or NULL */
  gint64       snapshot_sent; /* monotonic µs */
  gint64       last_heard;    /* monotonic µs */
  gint64       seq;
  gboolean     synced;
  gboolean     sub_heard;     /* the event socket has delivered since (re)connecting */
  gboolean     online;
  guint        resyncs;
};

enum { PROP_0, PROP_ONLINE, PROP_SEQ, N_PROPS };
enum { SIGNAL_SNAPSHOT, SIGNAL_EVENT, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LoketSubscriber, loket_subscriber, G_TYPE_OBJECT)

static void
set_online (LoketSubscriber *self, gboolean online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_info ("%s", online ? "online" : "offline: no word from the server");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/* Asks for a snapshot; events that come meanwhile are held and applied
 * after it, those it already holds dropped (the Clone pattern). */
static void
ask_snapshot (LoketSubscriber *self)
{
  g_autoptr(LoketMessage) request = loket_message_new ("SNAPSHOT", NULL);

  g_free (self->snapshot_req);
  self->snapshot_req = loket_client_new_req_id (self->requester);
  self->snapshot_sent = g_get_monotonic_time ();
  self->synced = FALSE;
  json_object_set_string_member (request->body, "device_id", loket_client_get_device_id (self->requester));
  json_object_set_string_member (request->body, "req_id", self->snapshot_req);
  if (!loket_message_send (request, loket_client_get_socket (self->requester), NULL))
    g_debug ("snapshot request not sent; will retry");
}

/* A recovery: something was missed. */
static void
request_snapshot (LoketSubscriber *self)
{
  self->resyncs++;
  ask_snapshot (self);
}

static void
deliver (LoketSubscriber *self, LoketMessage *event)
{
  self->seq = loket_json_optional_int (event->body, "seq", self->seq);
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, event->type, event->body);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQ]);
  /* A new charter changes the office, its services and counters at once:
   * the snapshot is the one way the Clone pattern replaces a state, so
   * the event says "take a new one" rather than carry it (not a recovery,
   * nothing was missed). */
  if (g_strcmp0 (event->type, "CHARTER_CHANGED") == 0)
    ask_snapshot (self);
}

/* Applies one event if it is the next; a gap means we missed something. */
static void
apply_event (LoketSubscriber *self, LoketMessage *event)
{
  gint64 seq = loket_json_optional_int (event->body, "seq", 0);

  if (seq <= self->seq)
    return;  /* already in the snapshot, or a duplicate */
  if (seq != self->seq + 1)
    {
      g_message ("missed events %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT "; resyncing",
                 self->seq + 1, seq - 1);
      g_queue_push_tail (&self->buffer, loket_message_new (event->type, event->body));
      request_snapshot (self);
      return;
    }
  deliver (self, event);
}

static void
drain_buffer (LoketSubscriber *self)
{
  LoketMessage *event;

  while (self->synced && (event = g_queue_pop_head (&self->buffer)) != NULL)
    {
      apply_event (self, event);
      loket_message_free (event);
    }
}

static gboolean
sub_readable_cb (void *socket, gpointer user_data)
{
  LoketSubscriber *self = user_data;

  for (guint i = 0; i < 256 && loket_zmq_socket_readable (socket); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LoketMessage) message = loket_message_recv (socket, FALSE, NULL, &error);

      if (message == NULL)
        {
          if (!g_error_matches (error, LOKET_ERROR, LOKET_ERROR_EMPTY))
            g_message ("ignoring a bad event: %s", error->message);
          continue;
        }
      self->last_heard = g_get_monotonic_time ();
      self->sub_heard = TRUE;
      if (g_strcmp0 (message->type, "HUGZ") == 0)
        {
          /* A heartbeat ahead of us: the last events never reached us. */
          if (self->synced && loket_json_optional_int (message->body, "seq", 0) > self->seq)
            request_snapshot (self);
          else if (self->synced)
            set_online (self, TRUE);
          continue;
        }
      if (!self->synced)
        {
          if (g_queue_get_length (&self->buffer) < MAX_BUFFERED)
            g_queue_push_tail (&self->buffer, g_steal_pointer (&message));
          continue;
        }
      apply_event (self, message);
      if (self->synced)
        set_online (self, TRUE);
    }
  return G_SOURCE_CONTINUE;
}

static void
apply_snapshot (LoketSubscriber *self, LoketMessage *reply)
{
  g_autoptr(GError) error = NULL;

  if (!loket_message_check_error (reply, &error))
    {
      g_message ("snapshot refused: %s", error->message);
      return;
    }
  g_clear_pointer (&self->snapshot_req, g_free);
  self->seq = loket_json_optional_int (reply->body, "seq", 0);
  self->synced = TRUE;
  self->last_heard = g_get_monotonic_time ();
  g_signal_emit (self, signals[SIGNAL_SNAPSHOT], 0, reply->body);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQ]);
  /* Online only once the event socket has spoken too: a snapshot over
   * the request socket can arrive before the subscription is live (the
   * slow joiner), and the events in between would be missed. */
  if (self->sub_heard)
    set_online (self, TRUE);
  drain_buffer (self);
}

static gboolean
reply_readable_cb (void *socket, gpointer user_data)
{
  LoketSubscriber *self = user_data;

  for (guint i = 0; i < 64 && loket_zmq_socket_readable (socket); i++)
    {
      g_autoptr(LoketMessage) reply = loket_message_recv (socket, FALSE, NULL, NULL);

      /* Answers to snapshot requests we gave up on are stale: drop them. */
      if (reply != NULL && self->snapshot_req != NULL &&
          g_strcmp0 (loket_json_optional_string (reply->body, "req_id"), self->snapshot_req) == 0)
        apply_snapshot (self, reply);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
check_cb (gpointer user_data)
{
  LoketSubscriber *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - self->last_heard > LOKET_SUBSCRIBER_OFFLINE_MS * 1000)
    {
      /* Whatever was missed, a fresh snapshot covers it. */
      self->sub_heard = FALSE;
      self->synced = FALSE;
      set_online (self, FALSE);
    }
  if (self->snapshot_req != NULL && now - self->snapshot_sent > SNAPSHOT_RETRY_USEC)
    request_snapshot (self);
  else if (!self->synced && self->snapshot_req == NULL)
    request_snapshot (self);
  return G_SOURCE_CONTINUE;
}

static void
close_sub (LoketSubscriber *self)
{
  if (self->sub_source != NULL)
    g_source_destroy (g_steal_pointer (&self->sub_source));
  g_clear_pointer (&self->sub, loket_zmq_close);
}

static gboolean
open_sub (LoketSubscriber *self, GError **error)
{
  int reconnect = 100, reconnect_max = 1000, linger = 0;
  int64_t max_size = LOKET_MAX_REPLY_SIZE + 1024;

  self->sub = loket_zmq_socket_new (ZMQ_SUB, error);
  if (self->sub == NULL ||
      !LOKET_ZMQ_SET (self->sub, ZMQ_MAXMSGSIZE, max_size, error) ||
      !LOKET_ZMQ_SET (self->sub, ZMQ_RECONNECT_IVL, reconnect, error) ||
      !LOKET_ZMQ_SET (self->sub, ZMQ_RECONNECT_IVL_MAX, reconnect_max, error) ||
      !LOKET_ZMQ_SET (self->sub, ZMQ_LINGER, linger, error) ||
      !loket_zmq_set_option (self->sub, ZMQ_SUBSCRIBE, "ZMQ_SUBSCRIBE", "", 0, error))
    return FALSE;
  if (self->key != NULL && !loket_keys_apply_client (self->sub, self->key, error))
    return FALSE;
  if (zmq_connect (self->sub, self->publish_endpoint) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "cannot connect to %s: %s",
                   self->publish_endpoint, zmq_strerror (zmq_errno ()));
      return FALSE;
    }
  self->sub_source = loket_zmq_watch (self->sub, sub_readable_cb, self, NULL);
  return TRUE;
}

void
loket_subscriber_disconnect (LoketSubscriber *self)
{
  close_sub (self);
}

gboolean
loket_subscriber_reconnect (LoketSubscriber *self,
                            GError         **error)
{
  close_sub (self);
  return open_sub (self, error);
}

static void
loket_subscriber_dispose (GObject *object)
{
  LoketSubscriber *self = LOKET_SUBSCRIBER (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  close_sub (self);
  if (self->reply_source != NULL)
    g_source_destroy (g_steal_pointer (&self->reply_source));
  g_clear_object (&self->requester);
  g_queue_clear_full (&self->buffer, (GDestroyNotify) loket_message_free);
  g_clear_pointer (&self->snapshot_req, g_free);
  g_clear_pointer (&self->publish_endpoint, g_free);
  g_clear_pointer (&self->key, loket_client_key_free);
  G_OBJECT_CLASS (loket_subscriber_parent_class)->dispose (object);
}

static void
loket_subscriber_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LoketSubscriber *self = LOKET_SUBSCRIBER (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_subscriber_class_init (LoketSubscriberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_subscriber_dispose;
  object_class->get_property = loket_subscriber_get_property;

  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* snapshot (JsonObject *state): replace your model with this. */
  signals[SIGNAL_SNAPSHOT] =
    g_signal_new ("snapshot", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  /* event (const char *type, JsonObject *event): apply one change. */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
}

static void
loket_subscriber_init (LoketSubscriber *self)
{
  g_queue_init (&self->buffer);
}

LoketSubscriber *
loket_subscriber_new (const char           *request_endpoint,
                      const char           *publish_endpoint,
                      const LoketClientKey *key,
                      const char           *device_id,
                      GError              **error)
{
  g_autoptr(LoketSubscriber) self = g_object_new (LOKET_TYPE_SUBSCRIBER, NULL);

  self->requester = loket_client_new (request_endpoint, key, device_id, error);
  if (self->requester == NULL)
    return NULL;

  /* Subscribe first, then ask: nothing published after the snapshot can
   * slip between the two. */
  self->publish_endpoint = g_strdup (publish_endpoint);
  self->key = key ? g_memdup2 (key, sizeof *key) : NULL;
  if (self->key)
    self->key->name = g_strdup (key->name);
  if (!open_sub (self, error))
    return NULL;
  self->reply_source = loket_zmq_watch (loket_client_get_socket (self->requester),
                                        reply_readable_cb, self, NULL);
  self->check_id = g_timeout_add (CHECK_INTERVAL_MS, check_cb, self);
  self->last_heard = g_get_monotonic_time ();
  request_snapshot (self);
  self->resyncs = 0;
  return g_steal_pointer (&self);
}

gboolean
loket_subscriber_get_online (LoketSubscriber *self)
{
  return self->online;
}

gint64
loket_subscriber_get_seq (LoketSubscriber *self)
{
  return self->seq;
}

void
loket_subscriber_refresh (LoketSubscriber *self)
{
  g_return_if_fail (LOKET_IS_SUBSCRIBER (self));
  /* Synced only: a recovery under way brings a snapshot anyway. */
  if (self->synced && self->snapshot_req == NULL)
    ask_snapshot (self);
}

guint
loket_subscriber_get_resyncs (LoketSubscriber *self)
{
  return self->resyncs;
}
