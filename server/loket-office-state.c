/* loket-office-state.c — the office's state as subscribers need it (the
 * Clone pattern's snapshot, STATUS), a supervisor's report of the day,
 * and the devices' own reports (a kiosk's printer), of which only a
 * change is an event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-report-compute.h"
#include "loket-report-period.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-routing.h"

#include <string.h>

/* ---- reading the state ------------------------------------------------- */

static JsonArray *
tickets_to_json (GPtrArray *tickets)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; tickets != NULL && i < tickets->len; i++)
    json_array_add_object_element (array, loket_ticket_to_json (g_ptr_array_index (tickets, i)));
  return array;
}

static JsonArray *
counters_to_json (Context *ctx, GError **error)
{
  GPtrArray *defs = loket_charter_get_counters (ctx->office->charter);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < defs->len; i++)
    {
      const LoketCounterDef *def = g_ptr_array_index (defs, i);
      g_autoptr(LoketCounterState) state = loket_store_get_counter (ctx->office->store, def->id, error);

      if (state == NULL)
        return NULL;
      json_array_add_object_element (array, office_counter_to_json (ctx, state));
    }
  return g_steal_pointer (&array);
}

/* Recent calls with the event that made each one (its seq, type and
 * time): a board that resyncs after missing events announces a call it
 * has not heard of, and only that one. */
static JsonArray *
recent_calls_to_json (LoketStore *store,
                      GPtrArray  *recent,
                      GError    **error)
{
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < recent->len; i++)
    {
      LoketTicket *ticket = g_ptr_array_index (recent, i);
      g_autoptr(LoketEventRow) call = loket_store_last_call_event (store, ticket->id, error);
      JsonObject *o = loket_ticket_to_json (ticket);

      if (call != NULL)
        {
          json_object_set_int_member (o, "call_seq", call->seq);
          json_object_set_string_member (o, "call_type", call->type);
          json_object_set_int_member (o, "call_time", call->time);
        }
      json_array_add_object_element (array, o);
      if (call == NULL && error != NULL && *error != NULL)
        return NULL;
    }
  return g_steal_pointer (&array);
}

/* Whether today's service day is closed: it was (DAY_CLOSED) and nobody
 * has queued since — a ticket issued after the closing (training mode, a
 * second opening range) opens it again.  A ticket still being served
 * keeps it closed: its clerk finishes it.  FALSE with the store's error. */
static gboolean
day_closed (Context *ctx, GPtrArray *waiting, GPtrArray *active, gboolean *closed, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *last = loket_store_last_day_closed (ctx->office->store, &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *closed = g_strcmp0 (last, ctx->service_day) == 0 && waiting->len == 0;
  for (guint i = 0; *closed && i < active->len; i++)
    *closed = ((LoketTicket *) g_ptr_array_index (active, i))->state != LOKET_TICKET_CALLED;
  return TRUE;
}

/* The Clone pattern's snapshot: the state a subscriber needs, and the seq
 * it is current to.  Built between transactions, so it is consistent. */
JsonObject *
office_handle_snapshot (Context *ctx, GError **error)
{
  LoketStore *store = ctx->office->store;
  g_autoptr(GPtrArray) waiting = loket_store_list_waiting (store, ctx->service_day, error);
  g_autoptr(GPtrArray) active = waiting ? loket_store_list_active (store, ctx->service_day, error) : NULL;
  g_autoptr(GPtrArray) recent = active ? loket_store_list_recent_calls (store, ctx->service_day,
                                                                      RECENT_CALLS, error) : NULL;
  g_autoptr(GPtrArray) devices = recent ? loket_store_list_device_status (store, error) : NULL;
  g_autoptr(JsonArray) counters = devices ? counters_to_json (ctx, error) : NULL;
  g_autoptr(JsonArray) services = counters ? office_services_to_json (ctx, error) : NULL;
  g_autoptr(GError) local_error = NULL;
  JsonArray *device_array;
  JsonArray *calls;
  JsonObject *reply;
  gboolean closed = FALSE;

  if (services == NULL || !day_closed (ctx, waiting, active, &closed, error))
    return NULL;
  reply = json_object_new ();
  json_object_set_int_member (reply, "seq", loket_store_get_last_seq (store));
  json_object_set_string_member (reply, "service_day", ctx->service_day);
  json_object_set_boolean_member (reply, "day_closed", closed);
  office_add_office_fields (ctx, reply);
  json_object_set_array_member (reply, "services", g_steal_pointer (&services));
  json_object_set_array_member (reply, "counters", g_steal_pointer (&counters));
  device_array = json_array_new ();
  for (guint i = 0; i < devices->len; i++)
    json_array_add_object_element (device_array,
                                   loket_device_status_to_json (g_ptr_array_index (devices, i)));
  json_object_set_array_member (reply, "devices", device_array);
  json_object_set_array_member (reply, "waiting", tickets_to_json (waiting));
  json_object_set_array_member (reply, "active", tickets_to_json (active));
  calls = recent_calls_to_json (store, recent, &local_error);
  if (calls == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      json_object_unref (reply);
      return NULL;
    }
  json_object_set_array_member (reply, "recent_calls", calls);
  return reply;
}

JsonObject *
office_handle_status (Context *ctx, GError **error)
{
  JsonObject *reply = office_handle_snapshot (ctx, error);
  g_autofree char *reason = NULL;

  if (reply == NULL)
    return NULL;
  json_object_set_boolean_member (reply, "open", office_is_open (ctx, &reason));
  if (reason != NULL)
    json_object_set_string_member (reply, "closed_reason", reason);
  return reply;
}

/* ---- devices ----------------------------------------------------------- */

/* A device tells how one of its parts is (a kiosk's printer); the
 * protocol table has admitted the state and limited the lengths.  Only a
 * change is an event: a kiosk repeats its state every minute, and the log
 * should hold when a printer ran out of paper, not that it still has. */
JsonObject *
office_handle_device_status (Context *ctx, GError **error)
{
  g_autoptr(LoketDeviceStatus) status = g_new0 (LoketDeviceStatus, 1);
  const char *component = office_body_string (ctx, "component", error);
  const char *state = component ? office_body_string (ctx, "state", error) : NULL;
  const char *detail = office_body_optional (ctx, "reason");
  gboolean changed = FALSE;
  JsonObject *reply;

  if (state == NULL)
    return NULL;
  status->device = g_strdup (ctx->request->device);
  status->component = g_strdup (component);
  status->state = g_strdup (state);
  status->detail = g_strdup (detail);
  if (!loket_store_put_device_status (ctx->office->store, status, ctx->request->now,
                                      &changed, error))
    return NULL;
  if (changed)
    {
      g_autoptr(JsonObject) extra = json_object_new ();

      json_object_set_object_member (extra, "device_status", loket_device_status_to_json (status));
      json_object_set_boolean_member (extra, "alert", !g_str_equal (state, "ok"));
      if (!office_emit (ctx, "DEVICE_STATUS", ctx->request->device, NULL, NULL, detail, extra, error))
        return NULL;
    }
  reply = json_object_new ();
  json_object_set_object_member (reply, "device_status", loket_device_status_to_json (status));
  json_object_set_boolean_member (reply, "changed", changed);
  return reply;
}

/* ---- reports ----------------------------------------------------------- */

/* The supervisor's view asks for a day's report up to a year's.  It is
 * computed here, on the loop: a year of a large office holds the queue
 * for about half a second (docs/reports.md), a month of it for a few
 * hundredths.  Longer periods are `loketctl report` on the database,
 * which does not hold up the queue while it reads. */
#define REPORT_MAX_DAYS LOKET_REPORT_MAX_DAYS

gboolean
office_check_report_period (Context *ctx, const char *from, const char *to, GError **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = loket_report_day_start (from, tz);
  g_autoptr(GDateTime) end = loket_report_day_start (to, tz);

  if (start == NULL || end == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "\"from\" and \"to\" must be service days, YYYY-MM-DD");
      return FALSE;
    }
  if (g_date_time_compare (start, end) > 0 ||
      g_date_time_difference (end, start) >= REPORT_MAX_DAYS * G_TIME_SPAN_DAY)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "a report over the network covers 1 to %d days from \"from\" to \"to\"; "
                   "use loketctl report --db for longer periods", REPORT_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

/* The report model of a period (today by default), for the supervisor's
 * view to show and to render as PDF or CSV: the same figures as
 * `loketctl report`, computed once, here, where the data is. */
JsonObject *
office_handle_report (Context *ctx, GError **error)
{
  const char *from = office_body_optional (ctx, "from") ?: ctx->service_day;
  const char *to = office_body_optional (ctx, "to") ?: from;
  const char *lang = office_body_optional (ctx, "lang") ?: "id";
  g_autoptr(LoketReport) report = NULL;
  JsonObject *reply;

  if (!office_check_report_period (ctx, from, to, error))
    return NULL;
  report = loket_report_compute (ctx->office->store, ctx->office->charter, from, to, lang, error);
  if (report == NULL)
    return NULL;
  reply = json_object_new ();
  json_object_set_object_member (reply, "report", loket_report_to_json (report));
  return reply;
}
