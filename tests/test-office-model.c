/* test-office-model.c — LoketOfficeModel against a real loketd: what a
 * snapshot fills in, events changing the same items in place (notify on
 * what changed, items-changed only for a ticket that joined or left a
 * list), a call signalled once with its seq, the services' figures asked
 * again, a resync by a new snapshot that leaves what did not change
 * alone, and the office closed at the day's end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-message.h"
#include "loket-office-model.h"
#include "loket-test-server.h"

static LoketTestServer *server;

/* Counts what a list said it changed. */
typedef struct {
  guint signals;
  guint added;
  guint removed;
} Changes;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Changes *c)
{
  c->signals++;
  c->added += added;
  c->removed += removed;
}

static void
watch (GListModel *list, Changes *c)
{
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), c);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *n)
{
  (*n)++;
}

typedef struct {
  LoketOfficeModel *model;
  gint64            seq;
} SeqWait;

static gboolean
reached_seq (gpointer data)
{
  SeqWait *w = data;

  return loket_office_model_get_seq (w->model) >= w->seq;
}

static gint64
server_seq (void)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) status = loket_test_request (super, "STATUS", NULL);

  return json_object_get_int_member (status, "seq");
}

/* Waits until @model holds the server's state as it is now. */
static void
wait_current (LoketOfficeModel *model)
{
  SeqWait w = { model, server_seq () };

  g_assert_true (loket_test_wait_until (reached_seq, &w, 20000));
}

static gboolean
is_synced (gpointer data)
{
  return loket_office_model_get_synced (data) && loket_office_model_get_online (data);
}

static LoketOfficeModel *
followed_model (LoketSubscriber **sub, LoketClient **client)
{
  LoketOfficeModel *model;

  *sub = loket_test_server_subscriber (server, "display1");
  *client = client ? loket_test_server_client (server, "display1") : NULL;
  model = loket_office_model_new (*sub, *client);
  g_assert_true (loket_test_wait_until (is_synced, model, 20000));
  return model;
}

static void
issue (LoketClient *kiosk, const char *service, guint n)
{
  for (guint i = 0; i < n; i++)
    json_object_unref (loket_test_request (kiosk, "ISSUE", "service", service, NULL));
}

static LoketTicketItem *
ticket_at (GListModel *list, guint i)
{
  g_autoptr(LoketTicketItem) item = g_list_model_get_item (list, i);

  return item;   /* the list keeps it */
}

static guint
n_items (GListModel *list)
{
  return g_list_model_get_n_items (list);
}

/* The first snapshot: the office fields, the charter's services and
 * counters, and the tickets waiting, counted per service. */
static void
test_snapshot_fills_model (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketSubscriber) sub = NULL;
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(LoketOfficeModel) model = NULL;
  LoketServiceItem *ktp, *kk;

  issue (kiosk, "ktp", 3);
  issue (kiosk, "kk", 1);
  model = followed_model (&sub, &client);
  g_assert_cmpuint (loket_office_model_get_recall_limit (model), ==, 2);
  g_assert_cmpstr (loket_office_model_get_time_zone (model), ==, "Asia/Jakarta");
  {
    /* The office's clock, wherever this PC is: Jakarta is UTC+7. */
    g_autofree char *at = loket_office_model_format_time (model, (gint64) 1764042000 * G_USEC_PER_SEC,
                                                           "%H:%M %z");

    /* 1764042000 is 2025-11-25 03:40 UTC. */
    g_assert_cmpstr (at, ==, "10:40 +0700");
  }
  g_assert_nonnull (loket_office_model_get_label (model));
  g_assert_nonnull (loket_office_model_get_service_day (model));
  g_assert_cmpint (loket_office_model_get_seq (model), ==, server_seq ());
  g_assert_nonnull (loket_office_model_get_priority_group_name (model, "elderly"));
  g_assert_null (loket_office_model_get_priority_group_name (model, "nobody"));

  g_assert_cmpuint (n_items (loket_office_model_get_services (model)), ==, 3);
  g_assert_cmpuint (n_items (loket_office_model_get_counters (model)), ==, 3);
  ktp = loket_office_model_lookup_service (model, "ktp");
  kk = loket_office_model_lookup_service (model, "kk");
  g_assert_nonnull (ktp);
  g_assert_cmpstr (loket_service_item_get_series (ktp), ==, "A");
  g_assert_cmpuint (loket_service_item_get_promised_wait_minutes (ktp), ==, 30);
  g_assert_cmpuint (loket_service_item_get_waiting (ktp), >=, 3);
  g_assert_cmpuint (loket_service_item_get_waiting (kk), >=, 1);
  g_assert_cmpuint (n_items (loket_office_model_get_waiting (model)), ==,
                    loket_service_item_get_waiting (ktp) + loket_service_item_get_waiting (kk) +
                    loket_service_item_get_waiting (loket_office_model_lookup_service (model, "akta")));

  /* Waiting by arrival, each ticket one item known by id. */
  for (guint i = 1; i < n_items (loket_office_model_get_waiting (model)); i++)
    g_assert_cmpint (loket_ticket_item_get_arrival_at (ticket_at (loket_office_model_get_waiting (model), i - 1)), <=,
                     loket_ticket_item_get_arrival_at (ticket_at (loket_office_model_get_waiting (model), i)));
  {
    LoketTicketItem *first = ticket_at (loket_office_model_get_waiting (model), 0);

    g_assert_true (loket_office_model_lookup_ticket (model, loket_ticket_item_get_id (first)) == first);
  }
}

typedef struct {
  LoketTicketItem *ticket;
  char            *type;
  gint64           seq;
  guint            n;
} Called;

static void
on_called (LoketOfficeModel *model, LoketTicketItem *ticket, const char *type, gint64 seq, Called *c)
{
  c->ticket = ticket;
  g_free (c->type);
  c->type = g_strdup (type);
  c->seq = seq;
  c->n++;
}

/* A call moves the same ticket item from waiting to active and to the top
 * of the recent calls; the counter shows its number; "called" says it
 * once with the event's seq.  A recall changes the ticket in place. */
static void
test_events_update_in_place (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (server, "counter1");
  g_autoptr(LoketSubscriber) sub = NULL;
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(LoketOfficeModel) model = NULL;
  g_autoptr(JsonObject) reply = NULL;
  Changes waiting = { 0 }, active = { 0 }, recent = { 0 }, counters = { 0 }, services = { 0 };
  Called called = { 0 };
  guint ticket_notifies = 0, counter_notifies = 0, state_notifies = 0, waiting_notifies = 0;
  LoketTicketItem *first;
  LoketCounterItem *counter;
  guint n_waiting;

  issue (kiosk, "ktp", 2);
  model = followed_model (&sub, &client);
  wait_current (model);
  watch (loket_office_model_get_waiting (model), &waiting);
  watch (loket_office_model_get_active (model), &active);
  watch (loket_office_model_get_recent_calls (model), &recent);
  watch (loket_office_model_get_counters (model), &counters);
  watch (loket_office_model_get_services (model), &services);
  g_signal_connect (model, "called", G_CALLBACK (on_called), &called);
  n_waiting = n_items (loket_office_model_get_waiting (model));
  first = ticket_at (loket_office_model_get_waiting (model), 0);
  counter = loket_office_model_lookup_counter (model, "1");
  g_signal_connect (first, "notify", G_CALLBACK (count_notify), &ticket_notifies);
  g_signal_connect (first, "notify::state", G_CALLBACK (count_notify), &state_notifies);
  g_signal_connect (counter, "notify::ticket-number", G_CALLBACK (count_notify), &counter_notifies);
  g_signal_connect (loket_office_model_lookup_service (model, loket_ticket_item_get_service (first)),
                    "notify::waiting", G_CALLBACK (count_notify), &waiting_notifies);

  /* Counter 1 calls the first in line (the oldest ktp or kk ticket). */
  reply = loket_test_request (clerk, "CALL", "counter", "1", NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id"), ==,
                   loket_ticket_item_get_id (first));
  wait_current (model);

  g_assert_cmpuint (n_items (loket_office_model_get_waiting (model)), ==, n_waiting - 1);
  g_assert_cmpuint (waiting.signals, ==, 1);
  g_assert_cmpuint (waiting.removed, ==, 1);
  g_assert_cmpuint (waiting.added, ==, 0);
  g_assert_cmpuint (active.added, ==, 1);
  g_assert_cmpuint (active.removed, ==, 0);
  g_assert_true (ticket_at (loket_office_model_get_recent_calls (model), 0) == first);
  g_assert_cmpuint (counters.signals, ==, 0);
  g_assert_cmpuint (services.signals, ==, 0);
  g_assert_true (loket_office_model_lookup_ticket (model, loket_ticket_item_get_id (first)) == first);
  g_assert_cmpstr (loket_ticket_item_get_state (first), ==, "called");
  g_assert_cmpstr (loket_ticket_item_get_counter (first), ==, "1");
  g_assert_cmpuint (state_notifies, ==, 1);
  g_assert_cmpuint (ticket_notifies, >, 1);   /* state, counter, called-at, call-seq, … */
  g_assert_cmpuint (waiting_notifies, ==, 1);
  g_assert_cmpstr (loket_counter_item_get_ticket_number (counter), ==, loket_ticket_item_get_number (first));
  g_assert_cmpstr (loket_counter_item_get_ticket_state (counter), ==, "called");
  g_assert_cmpuint (counter_notifies, ==, 1);
  g_assert_cmpuint (called.n, ==, 1);
  g_assert_true (called.ticket == first);
  g_assert_cmpstr (called.type, ==, "CALLED");
  g_assert_cmpint (called.seq, ==, loket_office_model_get_seq (model));
  g_assert_cmpint (loket_ticket_item_get_call_seq (first), ==, called.seq);

  /* A recall: the same item, still on top, nothing joins or leaves. */
  waiting = active = recent = (Changes) { 0 };
  state_notifies = 0;
  json_object_unref (loket_test_request (clerk, "RECALL", "counter", "1", NULL));
  wait_current (model);
  g_assert_cmpuint (called.n, ==, 2);
  g_assert_cmpstr (called.type, ==, "RECALLED");
  g_assert_cmpuint (loket_ticket_item_get_recalls (first), ==, 1);
  g_assert_cmpstr (loket_ticket_item_get_call_type (first), ==, "RECALLED");
  g_assert_cmpuint (waiting.signals + active.signals + recent.signals, ==, 0);
  g_assert_cmpuint (state_notifies, ==, 0);

  /* Finished: out of the active list, kept in the recent calls. */
  json_object_unref (loket_test_request (clerk, "START", "counter", "1", NULL));
  json_object_unref (loket_test_request (clerk, "FINISH", "counter", "1", "outcome", "served", NULL));
  wait_current (model);
  g_assert_cmpuint (active.removed, ==, 1);
  g_assert_false (g_list_store_find (G_LIST_STORE (loket_office_model_get_active (model)), first, NULL));
  g_assert_true (ticket_at (loket_office_model_get_recent_calls (model), 0) == first);
  g_assert_cmpstr (loket_ticket_item_get_state (first), ==, "done");
  g_assert_null (loket_counter_item_get_ticket_number (counter));
  g_assert_cmpuint (called.n, ==, 2);
  g_free (called.type);
}

static gboolean
called_today_is (gpointer data)
{
  LoketServiceItem *ktp = data;

  return loket_service_item_get_called_today (ktp) > 0;
}

/* The figures only the server knows come with a SERVICES request, made
 * by the model itself after events when it has a client. */
static void
test_services_refreshed (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (server, "counter2");
  g_autoptr(LoketSubscriber) sub = NULL;
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(LoketOfficeModel) model = NULL;
  LoketServiceItem *akta;
  guint notifies = 0;

  model = followed_model (&sub, &client);
  akta = loket_office_model_lookup_service (model, "akta");
  g_assert_cmpuint (loket_service_item_get_called_today (akta), ==, 0);
  g_signal_connect (akta, "notify::called-today", G_CALLBACK (count_notify), &notifies);
  issue (kiosk, "akta", 1);
  json_object_unref (loket_test_request (clerk, "CALL", "counter", "3", NULL));
  g_assert_true (loket_test_wait_until (called_today_is, akta, 20000));
  g_assert_cmpuint (loket_service_item_get_called_today (akta), ==, 1);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_true (loket_office_model_lookup_service (model, "akta") == akta);
}

/* A resync: events missed while cut off come back with a new snapshot,
 * which changes only what differs — the tickets issued meanwhile are
 * inserted, everything else is the same object, untouched. */
static void
test_resync_keeps_items (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketSubscriber) sub = NULL;
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(LoketOfficeModel) model = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) snapshot = NULL;
  Changes waiting = { 0 }, active = { 0 }, recent = { 0 }, counters = { 0 }, services = { 0 };
  GListModel *list;
  guint notifies = 0, synced_before;
  LoketCounterItem *counter;
  gint64 seq;

  issue (kiosk, "kk", 1);
  model = followed_model (&sub, &client);
  wait_current (model);
  list = loket_office_model_get_waiting (model);
  for (guint i = 0; i < n_items (list); i++)
    g_ptr_array_add (before, g_list_model_get_item (list, i));
  g_assert_cmpuint (before->len, >, 0);
  watch (list, &waiting);
  watch (loket_office_model_get_active (model), &active);
  watch (loket_office_model_get_recent_calls (model), &recent);
  watch (loket_office_model_get_counters (model), &counters);
  watch (loket_office_model_get_services (model), &services);
  g_signal_connect (g_ptr_array_index (before, 0), "notify", G_CALLBACK (count_notify), &notifies);
  counter = loket_office_model_lookup_counter (model, "1");
  g_signal_connect (counter, "notify", G_CALLBACK (count_notify), &notifies);

  /* The same state again, as a snapshot: nothing changes at all. */
  snapshot = loket_test_request (client, "SNAPSHOT", NULL);
  loket_office_model_apply_snapshot (model, snapshot);
  g_assert_cmpuint (waiting.signals + active.signals + recent.signals + counters.signals + services.signals, ==, 0);
  g_assert_cmpuint (notifies, ==, 0);

  /* Cut off while two are issued: the resync inserts exactly those. */
  synced_before = loket_subscriber_get_resyncs (sub);
  loket_subscriber_disconnect (sub);
  issue (kiosk, "kk", 2);
  seq = server_seq ();
  g_assert_true (loket_subscriber_reconnect (sub, &error));
  g_assert_no_error (error);
  {
    SeqWait w = { model, seq };

    g_assert_true (loket_test_wait_until (reached_seq, &w, 20000));
  }
  g_assert_cmpuint (loket_subscriber_get_resyncs (sub), >, synced_before);
  g_assert_cmpuint (waiting.added, ==, 2);
  g_assert_cmpuint (waiting.removed, ==, 0);
  g_assert_cmpuint (active.signals + recent.signals + counters.signals + services.signals, ==, 0);
  g_assert_cmpuint (notifies, ==, 0);
  for (guint i = 0; i < before->len; i++)
    g_assert_true (g_list_model_get_item (list, i) == g_ptr_array_index (before, i) &&
                   (g_object_unref (g_ptr_array_index (before, i)), TRUE));
  g_assert_cmpuint (loket_service_item_get_waiting (loket_office_model_lookup_service (model, "kk")), >=, 3);
}

/* The office closed: from the snapshot's day_closed and from DAY_CLOSED,
 * open again when a ticket joins the queue; a ticket served meanwhile
 * changes nothing.  Fed by hand. */
static void
test_closed (void)
{
  g_autoptr(LoketOfficeModel) model = loket_office_model_new (NULL, NULL);
  g_autoptr(JsonObject) snapshot = loket_json_from_string ("{\"seq\": 7, \"service_day\": \"2026-11-25\","
                                                           " \"day_closed\": true}", -1, NULL);
  g_autoptr(JsonObject) closed = loket_json_from_string ("{\"seq\": 10, \"day\": \"2026-11-25\","
                                                         " \"unserved\": 0}", -1, NULL);
  g_autoptr(LoketTicket) ticket = loket_ticket_new ();
  g_autoptr(JsonObject) issued = json_object_new ();
  g_autoptr(JsonObject) started = json_object_new ();
  guint notified = 0;

  g_signal_connect (model, "notify::closed", G_CALLBACK (count_notify), &notified);
  g_assert_false (loket_office_model_get_closed (model));
  loket_office_model_apply_snapshot (model, snapshot);
  g_assert_true (loket_office_model_get_closed (model));
  ticket->id = 1;
  ticket->service_day = g_strdup ("2026-11-25");
  ticket->series = g_strdup ("A");
  ticket->number = 1;
  ticket->service = g_strdup ("ktp");
  ticket->issued_service = g_strdup ("ktp");
  ticket->state = LOKET_TICKET_SERVING;
  json_object_set_int_member (started, "seq", 8);
  json_object_set_object_member (started, "ticket", loket_ticket_to_json (ticket));
  loket_office_model_apply_event (model, "STARTED", started);
  g_assert_true (loket_office_model_get_closed (model));
  ticket->id = 2;
  ticket->state = LOKET_TICKET_ISSUED;
  json_object_set_int_member (issued, "seq", 9);
  json_object_set_object_member (issued, "ticket", loket_ticket_to_json (ticket));
  loket_office_model_apply_event (model, "ISSUED", issued);
  g_assert_false (loket_office_model_get_closed (model));
  loket_office_model_apply_event (model, "DAY_CLOSED", closed);
  g_assert_true (loket_office_model_get_closed (model));
  g_assert_cmpuint (notified, ==, 3);
}

typedef struct {
  LoketOfficeModel *model;
  gint64            updated_at;
} DeviceWait;

/* When kiosk1's printer last reported, as the model knows; 0 if never. */
static gint64
kiosk_updated_at (LoketOfficeModel *model)
{
  GListModel *devices = loket_office_model_get_devices (model);

  for (guint i = 0; i < n_items (devices); i++)
    {
      g_autoptr(LoketDeviceItem) d = g_list_model_get_item (devices, i);

      if (g_strcmp0 (loket_device_item_get_device (d), "kiosk1") == 0 &&
          g_strcmp0 (loket_device_item_get_component (d), "printer") == 0)
        return loket_device_item_get_updated_at (d);
    }
  return 0;
}

static gboolean
device_updated_after (gpointer data)
{
  DeviceWait *w = data;

  return kiosk_updated_at (w->model) > w->updated_at;
}

/* A kiosk repeats its printer's state; only a change is an event, so a
 * kiosk that went silent shows only in a snapshot's device reports.  A
 * refresh brings one without a resync, and changes nothing else. */
static void
test_refresh_brings_device_reports (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketSubscriber) sub = NULL;
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(LoketOfficeModel) model = NULL;
  Changes waiting = { 0 }, devices = { 0 };
  DeviceWait w;
  guint resyncs;

  json_object_unref (loket_test_request (kiosk, "DEVICE_STATUS", "component", "printer", "state", "ok", NULL));
  model = followed_model (&sub, &client);
  wait_current (model);
  w = (DeviceWait) { model, kiosk_updated_at (model) };
  g_assert_cmpint (w.updated_at, >, 0);
  watch (loket_office_model_get_waiting (model), &waiting);
  watch (loket_office_model_get_devices (model), &devices);
  resyncs = loket_subscriber_get_resyncs (sub);

  /* The same state again: no event, the model's report stays as it was… */
  json_object_unref (loket_test_request (kiosk, "DEVICE_STATUS", "component", "printer", "state", "ok", NULL));
  wait_current (model);
  g_assert_false (device_updated_after (&w));
  /* …until a refresh. */
  loket_subscriber_refresh (sub);
  g_assert_true (loket_test_wait_until (device_updated_after, &w, 20000));
  g_assert_cmpuint (loket_subscriber_get_resyncs (sub), ==, resyncs);
  g_assert_cmpuint (waiting.signals + devices.signals, ==, 0);
}

static JsonArray *
services_reply (const char *id, gint64 high, gint64 low)
{
  JsonArray *services = json_array_new ();
  JsonObject *s = json_object_new ();

  json_object_set_string_member (s, "id", id);
  json_object_set_int_member (s, "estimated_wait_minutes", high);
  if (low >= 0)
    json_object_set_int_member (s, "estimated_wait_from_minutes", low);
  json_array_add_object_element (services, s);
  return services;
}

/* The charter's word on a service reaches the model (the public page
 * shows it), and the estimate's lower end is sent only while the range
 * is wide: a reply without it clears it, one about something else
 * leaves it. */
static void
test_service_charter_and_range (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) snapshot = loket_test_request (client, "SNAPSHOT", NULL);
  g_autoptr(LoketOfficeModel) model = loket_office_model_new (NULL, NULL);
  LoketServiceItem *kk;
  const char * const *requirements;

  loket_office_model_apply_snapshot (model, snapshot);
  kk = loket_office_model_lookup_service (model, "kk");
  g_assert_nonnull (kk);
  requirements = loket_service_item_get_requirements (kk);
  g_assert_cmpuint (g_strv_length ((char **) requirements), ==, 2);
  g_assert_cmpstr (requirements[0], ==, "KTP-el");
  g_assert_cmpstr (requirements[1], ==, "Surat pengantar RT/RW");
  g_assert_cmpint (loket_service_item_get_cost (kk), ==, 0);
  g_assert_cmpuint (loket_service_item_get_promised_wait_minutes (kk), ==, 45);

  {
    g_autoptr(JsonArray) wide = services_reply ("kk", 40, 15);
    g_autoptr(JsonArray) narrow = services_reply ("kk", 12, -1);

    loket_office_model_apply_services (model, wide);
    g_assert_cmpuint (loket_service_item_get_estimated_wait_minutes (kk), ==, 40);
    g_assert_cmpuint (loket_service_item_get_estimated_wait_from_minutes (kk), ==, 15);
    loket_office_model_apply_services (model, narrow);
    g_assert_cmpuint (loket_service_item_get_estimated_wait_minutes (kk), ==, 12);
    g_assert_cmpuint (loket_service_item_get_estimated_wait_from_minutes (kk), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/office-model/service-charter-and-range", test_service_charter_and_range);
  server = loket_test_server_new (NULL);
  g_test_add_func ("/office-model/closed", test_closed);
  g_test_add_func ("/office-model/snapshot", test_snapshot_fills_model);
  g_test_add_func ("/office-model/events-in-place", test_events_update_in_place);
  g_test_add_func ("/office-model/services-refreshed", test_services_refreshed);
  g_test_add_func ("/office-model/resync", test_resync_keeps_items);
  g_test_add_func ("/office-model/refresh", test_refresh_brings_device_reports);
  return loket_test_run_with_server (server);
}
