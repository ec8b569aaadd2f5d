/* loket-office-model.c — the office's replicated state, kept from
 * snapshots and events (see loket-office-model.h).
 *
 * Every list is brought to what the server says by one function,
 * loket_list_store_sync(): items that left are removed, items that came
 * are inserted, an item out of place is moved, and an item that stays is
 * left where it is — so "items-changed" says what really changed.  Items themselves
 * are updated in place from the JSON (loket-office-items.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office-model"

#include "loket-office-model.h"
#include "loket-office-time.h"
#include "loket-office-items-private.h"
#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-pause-reason.h"
#include "loket-ticket.h"

/* Events come in bursts (a call is CALLED then STARTED); the services'
 * figures are asked for once the burst is over. */
#define SERVICES_REFRESH_MS 300

struct _LoketOfficeModel
{
  GObject          parent_instance;

  LoketSubscriber *subscriber;
  LoketClient     *client;
  GCancellable    *cancellable;

  GListStore      *services;
  GListStore      *counters;
  GListStore      *waiting;
  GListStore      *active;
  GListStore      *recent;
  GListStore      *devices;
  GHashTable      *tickets;       /* id (gint64 *) → LoketTicketItem, in a list */

  gboolean         synced;
  gboolean         online;
  gboolean         closed;        /* the day was closed and nobody queued since */
  gint64           seq;
  char            *service_day;
  char            *name;
  char            *name_en;
  char            *address;
  char            *time_zone;
  guint            recall_limit;
  char            *status_url;
  JsonArray       *priority_groups;
  JsonArray       *pause_reasons;

  guint            refresh_source;
  gboolean         refreshing;
};

G_DEFINE_FINAL_TYPE (LoketOfficeModel, loket_office_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SYNCED,
  PROP_ONLINE,
  PROP_CLOSED,
  PROP_SEQ,
  PROP_SERVICE_DAY,
  PROP_NAME,
  PROP_NAME_EN,
  PROP_ADDRESS,
  PROP_TIME_ZONE,
  PROP_RECALL_LIMIT,
  PROP_STATUS_URL,
  PROP_PRIORITY_GROUPS,
  PROP_PAUSE_REASONS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum { SIGNAL_CALLED, SIGNAL_SYNCED, SIGNAL_EVENT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- the office's own fields ------------------------------------------- */

static void
set_string (LoketOfficeModel *self, char **field, const char *value, guint prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static void
set_int64 (LoketOfficeModel *self, gint64 *field, gint64 value, guint prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static void
set_boolean (LoketOfficeModel *self, gboolean *field, gboolean value, guint prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

/* The charter's lists (priority groups, pause reasons): replaced, and
 * notified, only when they changed. */
static void
set_array (LoketOfficeModel *self, JsonArray **field, JsonArray *value, guint prop)
{
  g_autoptr(JsonNode) a = NULL, b = NULL;

  if (value == NULL)
    return;
  if (*field != NULL)
    {
      a = json_node_init_array (json_node_alloc (), *field);
      b = json_node_init_array (json_node_alloc (), value);
      if (json_node_equal (a, b))
        return;
    }
  g_clear_pointer (field, json_array_unref);
  *field = json_array_ref (value);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static void
apply_office_fields (LoketOfficeModel *self, JsonObject *o)
{
  set_string (self, &self->name, loket_json_optional_string (o, "office"), PROP_NAME);
  set_string (self, &self->name_en, loket_json_optional_string (o, "office_en"), PROP_NAME_EN);
  set_string (self, &self->address, loket_json_optional_string (o, "address"), PROP_ADDRESS);
  set_string (self, &self->time_zone, loket_json_optional_string (o, "time_zone"), PROP_TIME_ZONE);
  set_string (self, &self->status_url, loket_json_optional_string (o, "status_url"), PROP_STATUS_URL);
  if (json_object_has_member (o, "recall_limit") &&
      (guint) json_object_get_int_member (o, "recall_limit") != self->recall_limit)
    {
      self->recall_limit = (guint) json_object_get_int_member (o, "recall_limit");
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RECALL_LIMIT]);
    }
  if (json_object_has_member (o, "priority_groups"))
    set_array (self, &self->priority_groups, json_object_get_array_member (o, "priority_groups"),
               PROP_PRIORITY_GROUPS);
  if (json_object_has_member (o, "pause_reasons"))
    set_array (self, &self->pause_reasons, json_object_get_array_member (o, "pause_reasons"),
               PROP_PAUSE_REASONS);
}

/* ---- lists ------------------------------------------------------------- */

static JsonArray *
array_member (JsonObject *o, const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object_member (JsonObject *o, const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gpointer
store_find_by_key (GListStore *store, const char *(*get_key) (gpointer), const char *key)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (get_key (item), key) == 0)
        return item;   /* the store keeps its reference */
    }
  return NULL;
}

/* Makes @store hold @target's items in @target's order, touching only
 * what differs: an item that left is removed, one that came is inserted,
 * one out of place is moved. */
void
loket_list_store_sync (GListStore *store, GPtrArray *target)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < target->len; i++)
    g_hash_table_add (wanted, g_ptr_array_index (target, i));
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (store)); i > 0; i--)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i - 1);

      if (!g_hash_table_contains (wanted, item))
        g_list_store_remove (store, i - 1);
    }
  for (guint i = 0; i < target->len; i++)
    {
      gpointer item = g_ptr_array_index (target, i);
      g_autoptr(GObject) here = i < g_list_model_get_n_items (G_LIST_MODEL (store))
                              ? g_list_model_get_item (G_LIST_MODEL (store), i) : NULL;
      guint at;

      if (here == item)
        continue;
      if (g_list_store_find (store, item, &at))
        g_list_store_remove (store, at);
      g_list_store_insert (store, i, item);
    }
}

/* ---- tickets ----------------------------------------------------------- */

static gint
compare_arrival (gconstpointer a, gconstpointer b, gpointer user_data)
{
  LoketTicketItem *x = (LoketTicketItem *) a, *y = (LoketTicketItem *) b;
  gint64 ax = loket_ticket_item_get_arrival_at (x), ay = loket_ticket_item_get_arrival_at (y);
  gint64 ix = loket_ticket_item_get_id (x), iy = loket_ticket_item_get_id (y);

  return ax != ay ? (ax > ay) - (ax < ay) : (ix > iy) - (ix < iy);
}

static gint
compare_called (gconstpointer a, gconstpointer b, gpointer user_data)
{
  LoketTicketItem *x = (LoketTicketItem *) a, *y = (LoketTicketItem *) b;
  gint64 cx = loket_ticket_item_get_called_at (x), cy = loket_ticket_item_get_called_at (y);
  gint64 ix = loket_ticket_item_get_id (x), iy = loket_ticket_item_get_id (y);

  return cx != cy ? (cx > cy) - (cx < cy) : (ix > iy) - (ix < iy);
}

/* Latest call first. */
static gint
compare_call_seq (gconstpointer a, gconstpointer b)
{
  gint64 x = loket_ticket_item_get_call_seq (*(LoketTicketItem **) a);
  gint64 y = loket_ticket_item_get_call_seq (*(LoketTicketItem **) b);

  return (y > x) - (y < x);
}

static gboolean
in_order_at (GListStore *store, guint pos, GCompareDataFunc compare, gpointer item)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GObject) before = pos > 0 ? g_list_model_get_item (G_LIST_MODEL (store), pos - 1) : NULL;
  g_autoptr(GObject) after = pos + 1 < n ? g_list_model_get_item (G_LIST_MODEL (store), pos + 1) : NULL;

  return (before == NULL || compare (before, item, NULL) <= 0) &&
         (after == NULL || compare (item, after, NULL) <= 0);
}

/* Puts @item in the sorted @store if @wanted, out of it if not. */
static void
place_sorted (GListStore *store, LoketTicketItem *item, gboolean wanted, GCompareDataFunc compare)
{
  guint pos;
  gboolean found = g_list_store_find (store, item, &pos);

  if (found && wanted && in_order_at (store, pos, compare, item))
    return;
  if (found)
    g_list_store_remove (store, pos);
  if (wanted)
    g_list_store_insert_sorted (store, item, compare, NULL);
}

static gboolean
is_active_state (LoketTicketState state)
{
  return state == LOKET_TICKET_CALLED || state == LOKET_TICKET_SERVING;
}

/* The item for @json's ticket, updated from it (made if new). */
static LoketTicketItem *
ticket_from_json (LoketOfficeModel *self, JsonObject *json)
{
  gint64 id = json_object_get_int_member_with_default (json, "id", 0);
  LoketTicketItem *item = g_hash_table_lookup (self->tickets, &id);

  if (item != NULL)
    {
      loket_ticket_item_update (item, json);
      return item;
    }
  item = loket_ticket_item_new (json);
  g_hash_table_insert (self->tickets, g_memdup2 (&id, sizeof id), item);
  return item;
}

static gboolean
in_store (GListStore *store, gpointer item)
{
  return g_list_store_find (store, item, NULL);
}

/* Forgets tickets in no list: a day's finished tickets are not kept. */
static void
forget_unlisted (LoketOfficeModel *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->tickets);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    if (!in_store (self->waiting, item) && !in_store (self->active, item) && !in_store (self->recent, item))
      g_hash_table_iter_remove (&iter);
}

/* ---- counters, services, devices --------------------------------------- */

static const char *counter_key (gpointer item) { return loket_counter_item_get_id (item); }
static const char *service_key (gpointer item) { return loket_service_item_get_id (item); }

static void
update_counter_tickets (LoketOfficeModel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->counters));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketCounterItem) counter = g_list_model_get_item (G_LIST_MODEL (self->counters), i);

      loket_counter_item_set_ticket (counter, loket_office_model_lookup_ticket (
                                       self, loket_counter_item_get_current_ticket (counter)));
    }
}

static void
count_waiting (LoketOfficeModel *self)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->waiting));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketTicketItem) t = g_list_model_get_item (G_LIST_MODEL (self->waiting), i);
      const char *service = loket_ticket_item_get_service (t);

      if (service != NULL)
        g_hash_table_insert (counts, (gpointer) service,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, service)) + 1));
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketServiceItem) s = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      loket_service_item_set_waiting (s, GPOINTER_TO_UINT (g_hash_table_lookup (counts, loket_service_item_get_id (s))));
    }
}

static void
sync_services (LoketOfficeModel *self, JsonArray *array)
{
  g_autoptr(GPtrArray) target = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *json = json_array_get_object_element (array, i);
      LoketServiceItem *item = store_find_by_key (self->services, service_key,
                                                  loket_json_optional_string (json, "id"));

      if (item != NULL)
        loket_service_item_update (item, json);
      g_ptr_array_add (target, item ? g_object_ref (item) : loket_service_item_new (json));
    }
  loket_list_store_sync (self->services, target);
}

static LoketCounterItem *
counter_from_json (LoketOfficeModel *self, JsonObject *json)
{
  LoketCounterItem *item = store_find_by_key (self->counters, counter_key,
                                              loket_json_optional_string (json, "id"));

  if (item == NULL)
    return loket_counter_item_new (json);
  loket_counter_item_update (item, json);
  return g_object_ref (item);
}

static LoketDeviceItem *
device_from_json (LoketOfficeModel *self, JsonObject *json)
{
  g_autofree char *key = loket_device_item_key (loket_json_optional_string (json, "device"),
                                                loket_json_optional_string (json, "component"));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketDeviceItem) item = g_list_model_get_item (G_LIST_MODEL (self->devices), i);
      g_autofree char *k = loket_device_item_key (loket_device_item_get_device (item),
                                                  loket_device_item_get_component (item));

      if (g_str_equal (k, key))
        {
          loket_device_item_update (item, json);
          return g_steal_pointer (&item);
        }
    }
  return loket_device_item_new (json);
}

/* ---- a snapshot -------------------------------------------------------- */

static void
sync_tickets (LoketOfficeModel *self, GListStore *store, JsonArray *array, GCompareFunc order)
{
  g_autoptr(GPtrArray) target = g_ptr_array_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (target, ticket_from_json (self, json_array_get_object_element (array, i)));
  if (order != NULL)
    g_ptr_array_sort (target, order);
  loket_list_store_sync (store, target);
}

void
loket_office_model_apply_snapshot (LoketOfficeModel *self, JsonObject *snapshot)
{
  JsonArray *array;
  g_autoptr(GPtrArray) counters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (LOKET_IS_OFFICE_MODEL (self));
  g_object_freeze_notify (G_OBJECT (self));
  apply_office_fields (self, snapshot);
  set_string (self, &self->service_day, loket_json_optional_string (snapshot, "service_day"), PROP_SERVICE_DAY);
  set_boolean (self, &self->closed, json_object_get_boolean_member_with_default (snapshot, "day_closed", FALSE),
               PROP_CLOSED);
  if ((array = array_member (snapshot, "services")) != NULL)
    sync_services (self, array);

  sync_tickets (self, self->waiting, array_member (snapshot, "waiting"), NULL);
  sync_tickets (self, self->active, array_member (snapshot, "active"), NULL);
  sync_tickets (self, self->recent, array_member (snapshot, "recent_calls"), compare_call_seq);
  forget_unlisted (self);

  array = array_member (snapshot, "counters");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (counters, counter_from_json (self, json_array_get_object_element (array, i)));
  loket_list_store_sync (self->counters, counters);
  update_counter_tickets (self);

  array = array_member (snapshot, "devices");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (devices, device_from_json (self, json_array_get_object_element (array, i)));
  loket_list_store_sync (self->devices, devices);

  count_waiting (self);
  set_int64 (self, &self->seq, json_object_get_int_member_with_default (snapshot, "seq", 0), PROP_SEQ);
  set_boolean (self, &self->synced, TRUE, PROP_SYNCED);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[SIGNAL_SYNCED], 0);
}

/* ---- an event ---------------------------------------------------------- */

static gboolean refresh_services (gpointer user_data);

static void
schedule_refresh (LoketOfficeModel *self)
{
  if (self->client != NULL && self->refresh_source == 0)
    self->refresh_source = g_timeout_add (SERVICES_REFRESH_MS, refresh_services, self);
}

/* A (re)call: the ticket goes to the top of the recent calls, which keep
 * as many as a snapshot does. */
static void
note_call (LoketOfficeModel *self, LoketTicketItem *ticket, const char *type, JsonObject *event)
{
  guint pos;

  loket_ticket_item_set_call (ticket, json_object_get_int_member_with_default (event, "seq", 0), type,
                              json_object_get_int_member_with_default (event, "time", 0));
  if (g_list_store_find (self->recent, ticket, &pos))
    {
      if (pos == 0)
        return;
      g_list_store_remove (self->recent, pos);
    }
  g_list_store_insert (self->recent, 0, ticket);
  while (g_list_model_get_n_items (G_LIST_MODEL (self->recent)) > LOKET_OFFICE_MODEL_RECENT_CALLS)
    g_list_store_remove (self->recent, LOKET_OFFICE_MODEL_RECENT_CALLS);
}

/* Puts the ticket of an event where its new state belongs. */
static void
place_ticket (LoketOfficeModel *self, const char *type, JsonObject *event, LoketTicketItem *ticket)
{
  gboolean is_call = g_str_equal (type, "CALLED") || g_str_equal (type, "RECALLED");

  if (is_call)
    note_call (self, ticket, type, event);
  place_sorted (self->waiting, ticket, loket_ticket_item_state_is (ticket, loket_ticket_state_is_waiting),
                compare_arrival);
  place_sorted (self->active, ticket, loket_ticket_item_state_is (ticket, is_active_state), compare_called);
  forget_unlisted (self);
  count_waiting (self);
  schedule_refresh (self);
  if (is_call)
    g_signal_emit (self, signals[SIGNAL_CALLED], 0, ticket, type,
                   json_object_get_int_member_with_default (event, "seq", 0));
}

void
loket_office_model_apply_event (LoketOfficeModel *self, const char *type, JsonObject *event)
{
  JsonObject *ticket = object_member (event, "ticket");
  JsonObject *counter = object_member (event, "counter");
  JsonObject *device = object_member (event, "device_status");
  g_autoptr(LoketTicketItem) item = NULL;

  g_return_if_fail (LOKET_IS_OFFICE_MODEL (self));
  set_int64 (self, &self->seq, json_object_get_int_member_with_default (event, "seq", self->seq), PROP_SEQ);
  if (counter != NULL)
    {
      g_autoptr(LoketCounterItem) c = counter_from_json (self, counter);

      if (!in_store (self->counters, c))
        g_list_store_append (self->counters, c);
    }
  if (device != NULL)
    {
      g_autoptr(LoketDeviceItem) d = device_from_json (self, device);

      if (!in_store (self->devices, d))
        g_list_store_append (self->devices, d);
    }
  /* Ticket and counter changed before either is announced: a tile shows
   * the call with the counter's new state when "called" is emitted. */
  if (ticket != NULL)
    item = g_object_ref (ticket_from_json (self, ticket));
  update_counter_tickets (self);
  if (item != NULL)
    place_ticket (self, type, event, item);
  /* Closed when the day is; open again when someone queues (a second
   * opening range, a new day, training mode). */
  if (g_str_equal (type, "DAY_CLOSED"))
    set_boolean (self, &self->closed, TRUE, PROP_CLOSED);
  else if (self->closed && item != NULL && loket_ticket_item_state_is (item, loket_ticket_state_is_waiting))
    set_boolean (self, &self->closed, FALSE, PROP_CLOSED);
  g_signal_emit (self, signals[SIGNAL_EVENT], g_quark_try_string (type), type);
}

void
loket_office_model_apply_reply (LoketOfficeModel *self, JsonObject *reply)
{
  JsonObject *ticket = object_member (reply, "ticket");
  JsonObject *counter = object_member (reply, "counter");
  LoketCounterItem *c = counter ? loket_office_model_lookup_counter (self, loket_json_optional_string (counter, "id"))
                                : NULL;
  g_autoptr(LoketTicketItem) item = NULL;

  g_return_if_fail (LOKET_IS_OFFICE_MODEL (self));
  if (c != NULL)
    loket_counter_item_update (c, counter);
  if (ticket != NULL)
    item = g_object_ref (ticket_from_json (self, ticket));
  update_counter_tickets (self);
  if (item != NULL)
    {
      place_sorted (self->waiting, item, loket_ticket_item_state_is (item, loket_ticket_state_is_waiting),
                    compare_arrival);
      place_sorted (self->active, item, loket_ticket_item_state_is (item, is_active_state), compare_called);
      forget_unlisted (self);
      count_waiting (self);
    }
}

void
loket_office_model_apply_services (LoketOfficeModel *self, JsonArray *services)
{
  g_return_if_fail (LOKET_IS_OFFICE_MODEL (self));
  sync_services (self, services);
  count_waiting (self);
}

/* ---- the services' figures --------------------------------------------- */

static void
on_services (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketOfficeModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  JsonArray *services = array_member (reply, "services");

  self->refreshing = FALSE;
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("services not refreshed: %s", error->message);
      return;
    }
  if (services != NULL)
    loket_office_model_apply_services (self, services);
}

static gboolean
refresh_services (gpointer user_data)
{
  LoketOfficeModel *self = user_data;

  self->refresh_source = 0;
  if (self->refreshing)
    {
      schedule_refresh (self);   /* again once the one under way is in */
      return G_SOURCE_REMOVE;
    }
  self->refreshing = TRUE;
  loket_client_request_async (self->client, "SERVICES", NULL, NULL, self->cancellable,
                              on_services, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* ---- following a subscriber -------------------------------------------- */

static void
on_snapshot (LoketSubscriber *subscriber, JsonObject *snapshot, gpointer user_data)
{
  loket_office_model_apply_snapshot (user_data, snapshot);
}

static void
on_event (LoketSubscriber *subscriber, const char *type, JsonObject *event, gpointer user_data)
{
  loket_office_model_apply_event (user_data, type, event);
}

static void
on_online (LoketSubscriber *subscriber, GParamSpec *pspec, gpointer user_data)
{
  LoketOfficeModel *self = user_data;

  set_boolean (self, &self->online, loket_subscriber_get_online (subscriber), PROP_ONLINE);
}

LoketOfficeModel *
loket_office_model_new (LoketSubscriber *subscriber, LoketClient *client)
{
  LoketOfficeModel *self = g_object_new (LOKET_TYPE_OFFICE_MODEL, NULL);

  g_set_object (&self->client, client);
  if (subscriber != NULL)
    {
      self->subscriber = g_object_ref (subscriber);
      g_signal_connect_object (subscriber, "snapshot", G_CALLBACK (on_snapshot), self, 0);
      g_signal_connect_object (subscriber, "event", G_CALLBACK (on_event), self, 0);
      g_signal_connect_object (subscriber, "notify::online", G_CALLBACK (on_online), self, 0);
      on_online (subscriber, NULL, self);
    }
  return self;
}

/* ---- reading ----------------------------------------------------------- */

GListModel *loket_office_model_get_services (LoketOfficeModel *self) { return G_LIST_MODEL (self->services); }
GListModel *loket_office_model_get_counters (LoketOfficeModel *self) { return G_LIST_MODEL (self->counters); }
GListModel *loket_office_model_get_waiting (LoketOfficeModel *self) { return G_LIST_MODEL (self->waiting); }
GListModel *loket_office_model_get_active (LoketOfficeModel *self) { return G_LIST_MODEL (self->active); }
GListModel *loket_office_model_get_recent_calls (LoketOfficeModel *self) { return G_LIST_MODEL (self->recent); }
GListModel *loket_office_model_get_devices (LoketOfficeModel *self) { return G_LIST_MODEL (self->devices); }

LoketServiceItem *
loket_office_model_lookup_service (LoketOfficeModel *self, const char *id)
{
  return store_find_by_key (self->services, service_key, id);
}

LoketCounterItem *
loket_office_model_lookup_counter (LoketOfficeModel *self, const char *id)
{
  return store_find_by_key (self->counters, counter_key, id);
}

LoketTicketItem *
loket_office_model_lookup_ticket (LoketOfficeModel *self, gint64 id)
{
  return id != 0 ? g_hash_table_lookup (self->tickets, &id) : NULL;
}

gboolean    loket_office_model_get_synced (LoketOfficeModel *self) { return self->synced; }
gboolean    loket_office_model_get_online (LoketOfficeModel *self) { return self->online; }
gint64      loket_office_model_get_seq (LoketOfficeModel *self) { return self->seq; }
const char *loket_office_model_get_service_day (LoketOfficeModel *self) { return self->service_day; }
gboolean loket_office_model_get_closed (LoketOfficeModel *self) { return self->closed; }
const char *loket_office_model_get_address (LoketOfficeModel *self) { return self->address; }
const char *loket_office_model_get_time_zone (LoketOfficeModel *self) { return self->time_zone; }
guint       loket_office_model_get_recall_limit (LoketOfficeModel *self) { return self->recall_limit; }
const char *loket_office_model_get_status_url (LoketOfficeModel *self) { return self->status_url; }

GDateTime *
loket_office_model_date_time (LoketOfficeModel *self, gint64 usec)
{
  g_autoptr(GTimeZone) zone = self->time_zone ? g_time_zone_new_identifier (self->time_zone) : NULL;

  return loket_office_time (zone, usec);
}

char *
loket_office_model_format_time (LoketOfficeModel *self, gint64 usec, const char *format)
{
  return loket_office_time_format (self->time_zone, usec, format);
}

const char *
loket_office_model_get_label (LoketOfficeModel *self)
{
  if (g_strcmp0 (loket_i18n_get_language (), "en") == 0 && self->name_en != NULL)
    return self->name_en;
  return self->name;
}

const char *
loket_office_model_get_priority_group_name (LoketOfficeModel *self, const char *id)
{
  for (guint i = 0; id != NULL && self->priority_groups != NULL &&
                    i < json_array_get_length (self->priority_groups); i++)
    {
      JsonObject *group = json_array_get_object_element (self->priority_groups, i);

      if (group != NULL && g_strcmp0 (loket_json_optional_string (group, "id"), id) == 0)
        return loket_i18n_pick (group, "name");
    }
  return NULL;
}

JsonArray *
loket_office_model_get_pause_reasons (LoketOfficeModel *self)
{
  return self->pause_reasons;
}

char *
loket_office_model_describe_pause (LoketOfficeModel *self, LoketCounterItem *counter)
{
  return loket_pause_reason_describe (self->pause_reasons, loket_counter_item_get_pause_reason (counter),
                                      loket_counter_item_get_pause_note (counter), loket_i18n_get_language ());
}

/* ---- life cycle -------------------------------------------------------- */

static void
loket_office_model_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  LoketOfficeModel *self = LOKET_OFFICE_MODEL (object);

  switch (id)
    {
    case PROP_SYNCED: g_value_set_boolean (value, self->synced); break;
    case PROP_ONLINE: g_value_set_boolean (value, self->online); break;
    case PROP_CLOSED: g_value_set_boolean (value, self->closed); break;
    case PROP_SEQ: g_value_set_int64 (value, self->seq); break;
    case PROP_SERVICE_DAY: g_value_set_string (value, self->service_day); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_NAME_EN: g_value_set_string (value, self->name_en); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_TIME_ZONE: g_value_set_string (value, self->time_zone); break;
    case PROP_RECALL_LIMIT: g_value_set_uint (value, self->recall_limit); break;
    case PROP_STATUS_URL: g_value_set_string (value, self->status_url); break;
    case PROP_PRIORITY_GROUPS: g_value_set_boxed (value, self->priority_groups); break;
    case PROP_PAUSE_REASONS: g_value_set_boxed (value, self->pause_reasons); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
loket_office_model_dispose (GObject *object)
{
  LoketOfficeModel *self = LOKET_OFFICE_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->subscriber != NULL)
    g_signal_handlers_disconnect_by_data (self->subscriber, self);
  g_clear_object (&self->subscriber);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (loket_office_model_parent_class)->dispose (object);
}

static void
loket_office_model_finalize (GObject *object)
{
  LoketOfficeModel *self = LOKET_OFFICE_MODEL (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->services);
  g_clear_object (&self->counters);
  g_clear_object (&self->waiting);
  g_clear_object (&self->active);
  g_clear_object (&self->recent);
  g_clear_object (&self->devices);
  g_hash_table_unref (self->tickets);
  g_free (self->service_day);
  g_free (self->name);
  g_free (self->name_en);
  g_free (self->address);
  g_free (self->time_zone);
  g_free (self->status_url);
  g_clear_pointer (&self->priority_groups, json_array_unref);
  g_clear_pointer (&self->pause_reasons, json_array_unref);
  G_OBJECT_CLASS (loket_office_model_parent_class)->finalize (object);
}

static void
loket_office_model_class_init (LoketOfficeModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = loket_office_model_get_property;
  object_class->dispose = loket_office_model_dispose;
  object_class->finalize = loket_office_model_finalize;

  props[PROP_SYNCED] = g_param_spec_boolean ("synced", NULL, NULL, FALSE, ro);
  props[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, ro);
  props[PROP_CLOSED] = g_param_spec_boolean ("closed", NULL, NULL, FALSE, ro);
  props[PROP_SEQ] = g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0, ro);
  props[PROP_SERVICE_DAY] = g_param_spec_string ("service-day", NULL, NULL, NULL, ro);
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  props[PROP_NAME_EN] = g_param_spec_string ("name-en", NULL, NULL, NULL, ro);
  props[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, ro);
  props[PROP_TIME_ZONE] = g_param_spec_string ("time-zone", NULL, NULL, NULL, ro);
  props[PROP_RECALL_LIMIT] = g_param_spec_uint ("recall-limit", NULL, NULL, 0, G_MAXUINT,
                                                LOKET_OFFICE_MODEL_DEFAULT_RECALL_LIMIT, ro);
  props[PROP_STATUS_URL] = g_param_spec_string ("status-url", NULL, NULL, NULL, ro);
  props[PROP_PRIORITY_GROUPS] = g_param_spec_boxed ("priority-groups", NULL, NULL, JSON_TYPE_ARRAY, ro);
  props[PROP_PAUSE_REASONS] = g_param_spec_boxed ("pause-reasons", NULL, NULL, JSON_TYPE_ARRAY, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* A call to announce: (ticket, "CALLED" or "RECALLED", the event's seq). */
  signals[SIGNAL_CALLED] = g_signal_new ("called", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         LOKET_TYPE_TICKET_ITEM, G_TYPE_STRING, G_TYPE_INT64);
  /* A snapshot was applied (the first, or a resync). */
  signals[SIGNAL_SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* An event was applied; detailed by its type ("event::LOGGED_OUT"). */
  signals[SIGNAL_EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
loket_office_model_init (LoketOfficeModel *self)
{
  self->cancellable = g_cancellable_new ();
  self->services = g_list_store_new (LOKET_TYPE_SERVICE_ITEM);
  self->counters = g_list_store_new (LOKET_TYPE_COUNTER_ITEM);
  self->waiting = g_list_store_new (LOKET_TYPE_TICKET_ITEM);
  self->active = g_list_store_new (LOKET_TYPE_TICKET_ITEM);
  self->recent = g_list_store_new (LOKET_TYPE_TICKET_ITEM);
  self->devices = g_list_store_new (LOKET_TYPE_DEVICE_ITEM);
  self->tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->recall_limit = LOKET_OFFICE_MODEL_DEFAULT_RECALL_LIMIT;
}
