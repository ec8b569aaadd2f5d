/* test-supervision.c — what the supervisor's view raises, on crafted
 * office states: each alert at its threshold and not before it, and the
 * waits per service against the promise.  The states are snapshots fed
 * to a LoketOfficeModel, whose typed lists are what the view judges.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-message.h"
#include "loket-office-model.h"
#include "loket-supervision.h"
#include "loket-ticket.h"

#include <string.h>

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define NOW ((gint64) 1764042000 * G_USEC_PER_SEC)   /* any fixed instant */

typedef struct {
  JsonArray *services;
  JsonArray *counters;
  JsonArray *devices;
  JsonArray *waiting;
  JsonArray *active;
  JsonArray *pause_reasons;
  JsonArray *complaints;
  LoketOfficeModel *model;
} Office;

static JsonObject *
object_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = loket_json_from_string (json, -1, &error);

  g_assert_no_error (error);
  return object;
}

static void
office_init (Office *o)
{
  g_autoptr(JsonObject) holder = object_from (
    "{\"services\": ["
    " {\"id\": \"ktp\", \"name\": \"KTP-el\", \"promised_wait_minutes\": 30, \"promised_service_minutes\": 15},"
    " {\"id\": \"akta\", \"name\": \"Akta Kelahiran\", \"promised_wait_minutes\": 60, \"promised_service_minutes\": 20}]}");

  o->services = json_array_ref (json_object_get_array_member (holder, "services"));
  o->counters = json_array_new ();
  o->devices = json_array_new ();
  o->waiting = json_array_new ();
  o->active = json_array_new ();
  o->complaints = json_array_new ();
  o->model = loket_office_model_new (NULL, NULL);
  g_clear_pointer (&holder, json_object_unref);
  holder = object_from ("{\"r\": [{\"id\": \"break\", \"name\": \"Istirahat\", \"name_en\": \"Break\","
                        " \"note\": false}]}");
  o->pause_reasons = json_array_ref (json_object_get_array_member (holder, "r"));
}

static void
office_clear (Office *o)
{
  json_array_unref (o->services);
  json_array_unref (o->counters);
  json_array_unref (o->devices);
  json_array_unref (o->waiting);
  json_array_unref (o->active);
  json_array_unref (o->complaints);
  json_array_unref (o->pause_reasons);
  g_object_unref (o->model);
}

/* The office as the view sees it: the crafted state as a snapshot, fed
 * to the model. */
static LoketSupervisionState
office_state (Office *o)
{
  g_autoptr(JsonObject) snapshot = json_object_new ();

  json_object_set_int_member (snapshot, "seq", 1);
  json_object_set_array_member (snapshot, "services", json_array_ref (o->services));
  json_object_set_array_member (snapshot, "counters", json_array_ref (o->counters));
  json_object_set_array_member (snapshot, "devices", json_array_ref (o->devices));
  json_object_set_array_member (snapshot, "waiting", json_array_ref (o->waiting));
  json_object_set_array_member (snapshot, "active", json_array_ref (o->active));
  json_object_set_array_member (snapshot, "pause_reasons", json_array_ref (o->pause_reasons));
  loket_office_model_apply_snapshot (o->model, snapshot);
  return (LoketSupervisionState) {
    .services = loket_office_model_get_services (o->model),
    .counters = loket_office_model_get_counters (o->model),
    .devices = loket_office_model_get_devices (o->model),
    .waiting = loket_office_model_get_waiting (o->model),
    .active = loket_office_model_get_active (o->model),
    .pause_reasons = loket_office_model_get_pause_reasons (o->model),
    .complaints = o->complaints,
    .now = NOW,
  };
}

static void
add_counter (Office *o, const char *id, const char *state, const char *services, gint64 paused_for)
{
  /* "unstaffed": open, but nobody logged in. */
  gboolean staffed = g_strcmp0 (state, "unstaffed") != 0;
  g_autofree char *json = g_strdup_printf (
    "{\"id\": \"%s\", \"name\": \"Loket %s\", \"state\": \"%s\", \"clerk\": %s,"
    " \"pause_reason\": \"break\", \"paused_since\": %" G_GINT64_FORMAT ", \"services\": [%s]}",
    id, id, staffed ? state : "open", staffed ? "\"siti\"" : "null", paused_for ? NOW - paused_for : 0, services);

  json_array_add_object_element (o->counters, object_from (json));
}

static void
add_ticket (Office *o, const char *number, const char *service, const char *state, gint64 waited,
            gint64 serving_for, const char *counter)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\": %u, \"number\": \"%s\", \"service\": \"%s\", \"state\": \"%s\","
    " \"issued_at\": %" G_GINT64_FORMAT ", \"started_at\": %" G_GINT64_FORMAT ", \"counter\": \"%s\"}",
    json_array_get_length (o->waiting) + json_array_get_length (o->active) + 1, number, service, state,
    NOW - waited, serving_for ? NOW - serving_for : 0, counter);
  LoketTicketState ts;

  /* Where the server lists it: waiting, or in a counter's hands. */
  g_assert_true (loket_ticket_state_from_string (state, &ts));
  json_array_add_object_element (loket_ticket_state_is_waiting (ts) ? o->waiting : o->active, object_from (json));
}

static void
add_device_part (Office *o, const char *device, const char *component, const char *state, const char *detail,
                 gint64 silent_for)
{
  g_autofree char *json = g_strdup_printf (
    "{\"device\": \"%s\", \"component\": \"%s\", \"state\": \"%s\", \"detail\": \"%s\","
    " \"since\": %" G_GINT64_FORMAT ", \"updated_at\": %" G_GINT64_FORMAT "}",
    device, component, state, detail, NOW - 10 * MINUTE, NOW - silent_for);

  json_array_add_object_element (o->devices, object_from (json));
}

/* kiosk1's printer. */
static void
add_device (Office *o, const char *state, const char *detail, gint64 silent_for)
{
  add_device_part (o, "kiosk1", "printer", state, detail, silent_for);
}

/* A complaint as COMPLAINTS lists it: its receipt's paper and state. */
static void
add_complaint (Office *o, const char *receipt, const char *state, const char *receipt_print)
{
  g_autofree char *json = g_strdup_printf (
    "{\"receipt\": \"%s\", \"service\": \"akta\", \"state\": \"%s\", \"receipt_print\": %s%s%s,"
    " \"received_at\": %" G_GINT64_FORMAT "}",
    receipt, state, receipt_print ? "\"" : "", receipt_print ? receipt_print : "null", receipt_print ? "\"" : "",
    NOW - 3 * MINUTE);

  json_array_add_object_element (o->complaints, object_from (json));
}

/* "kind subject" per alert, comma-separated, in the order given. */
static char *
alerts_of (Office *o)
{
  LoketSupervisionState state = office_state (o);
  g_autoptr(GPtrArray) alerts = loket_supervision_alerts (&state);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < alerts->len; i++)
    {
      LoketAlert *a = g_ptr_array_index (alerts, i);

      g_assert_nonnull (a->message);
      g_string_append_printf (text, "%s%s %s", i ? ", " : "", loket_alert_kind_to_string (a->kind), a->subject);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_all_is_well (void)
{
  Office o;
  g_autofree char *alerts = NULL;

  office_init (&o);
  add_counter (&o, "1", "open", "\"ktp\"", 0);
  add_counter (&o, "2", "paused", "\"akta\"", LOKET_SUPERVISION_LONG_PAUSE_USEC);  /* exactly at, not past */
  add_counter (&o, "3", "open", "\"akta\"", 0);
  add_ticket (&o, "A-001", "ktp", "waiting", 30 * MINUTE, 0, "");               /* the promise kept, just */
  add_ticket (&o, "A-002", "ktp", "serving", 40 * MINUTE, 15 * MINUTE + 999999, "1");  /* reads 15:00 */
  add_device (&o, "ok", "", LOKET_SUPERVISION_SILENT_USEC);
  /* Receipts printed, filed online, or failed but taken up already. */
  add_complaint (&o, "PGD-2026-000001", "received", "printed");
  add_complaint (&o, "PGD-2026-000002", "received", NULL);
  add_complaint (&o, "PGD-2026-000003", "in-progress", "failed");
  alerts = alerts_of (&o);
  g_assert_cmpstr (alerts, ==, "");
  office_clear (&o);
}

static void
test_each_alert (void)
{
  Office o;
  g_autofree char *alerts = NULL;

  office_init (&o);
  add_counter (&o, "1", "open", "\"ktp\"", 0);
  add_counter (&o, "2", "paused", "\"akta\"", LOKET_SUPERVISION_LONG_PAUSE_USEC + 1);
  add_counter (&o, "3", "closed", "\"akta\"", 0);
  add_counter (&o, "4", "unstaffed", "\"akta\"", 0);
  add_ticket (&o, "A-001", "ktp", "waiting", 30 * MINUTE + G_USEC_PER_SEC, 0, "");
  add_ticket (&o, "A-002", "ktp", "serving", 10 * MINUTE, 15 * MINUTE + G_USEC_PER_SEC, "1");
  add_ticket (&o, "C-001", "akta", "printed", 5 * MINUTE, 0, "");
  add_ticket (&o, "C-002", "akta", "print-failed", 4 * MINUTE, 0, "");
  add_device (&o, "warning", "media-low", LOKET_SUPERVISION_SILENT_USEC + 1);
  add_complaint (&o, "PGD-2026-000007", "received", "failed");
  alerts = alerts_of (&o);
  g_assert_cmpstr (alerts, ==, "device kiosk1, silent kiosk1, print C-002, receipt PGD-2026-000007, unserved akta, "
                               "wait ktp, service 1, pause 2");
  {
    /* The pause by the charter's label, not its id. */
    LoketSupervisionState state = office_state (&o);
    g_autoptr(GPtrArray) all = loket_supervision_alerts (&state);
    const LoketAlert *pause = g_ptr_array_index (all, all->len - 1);

    g_assert_true (g_str_has_suffix (pause->message, ": Istirahat"));
    /* The receipt's alert names the service by its label. */
    g_assert_true (g_str_has_prefix (((LoketAlert *) g_ptr_array_index (all, 3))->message,
                                     "PGD-2026-000007 (Akta Kelahiran): "));
  }
  office_clear (&o);
}

/* A device whose last word was an error and which then fell silent (the
 * region sync stops after a refusal) is one alert, the error; a silent
 * one that was well is the silence. */
static void
test_error_then_silence (void)
{
  Office o;
  g_autofree char *alerts = NULL;

  office_init (&o);
  add_counter (&o, "1", "open", "\"ktp\", \"akta\"", 0);
  add_device_part (&o, "sync", "region", "error", "office a: event 3 is missing from the office's log",
                   LOKET_SUPERVISION_SILENT_USEC + 1);
  alerts = alerts_of (&o);
  g_assert_cmpstr (alerts, ==, "device sync");
  {
    /* The region's part in the supervisor's words, the reason after. */
    LoketSupervisionState state = office_state (&o);
    g_autoptr(GPtrArray) all = loket_supervision_alerts (&state);
    const LoketAlert *refused = g_ptr_array_index (all, 0);

    g_assert_true (refused->severe);
    g_assert_true (g_str_has_prefix (refused->message, "The regional centre refused this office's history"));
    g_assert_true (g_str_has_suffix (refused->message, " office a: event 3 is missing from the office's log"));
  }
  office_clear (&o);

  office_init (&o);
  add_counter (&o, "1", "open", "\"ktp\", \"akta\"", 0);
  add_device (&o, "ok", "", LOKET_SUPERVISION_SILENT_USEC + 1);
  g_clear_pointer (&alerts, g_free);
  alerts = alerts_of (&o);
  g_assert_cmpstr (alerts, ==, "silent kiosk1");
  office_clear (&o);
}

static void
test_service_waits (void)
{
  Office o;
  LoketSupervisionState state;
  g_autoptr(GArray) waits = NULL;
  LoketServiceWaits *ktp, *akta;

  office_init (&o);
  add_counter (&o, "1", "open", "\"ktp\", \"akta\"", 0);
  add_counter (&o, "2", "open", "\"ktp\"", 0);
  add_counter (&o, "3", "paused", "\"ktp\"", MINUTE);
  add_counter (&o, "4", "unstaffed", "\"ktp\", \"akta\"", 0);
  add_ticket (&o, "A-001", "ktp", "waiting", 31 * MINUTE, 0, "");
  add_ticket (&o, "A-002", "ktp", "issued", 25 * MINUTE, 0, "");
  add_ticket (&o, "A-003", "ktp", "called", 45 * MINUTE, 0, "2");    /* called: no longer waiting */
  add_ticket (&o, "C-001", "akta", "waiting", 2 * MINUTE, 0, "");
  state = office_state (&o);
  waits = loket_supervision_service_waits (&state);
  g_assert_cmpuint (waits->len, ==, 2);
  ktp = &g_array_index (waits, LoketServiceWaits, 0);
  akta = &g_array_index (waits, LoketServiceWaits, 1);
  g_assert_cmpstr (ktp->service, ==, "ktp");
  g_assert_cmpuint (ktp->waiting, ==, 2);
  g_assert_cmpuint (ktp->overdue, ==, 1);
  g_assert_cmpint (ktp->longest_usec, ==, 31 * MINUTE);
  g_assert_cmpint (ktp->level, ==, LOKET_TIMER_OVERDUE);
  g_assert_cmpuint (ktp->open_counters, ==, 2);
  g_assert_cmpuint (akta->waiting, ==, 1);
  g_assert_cmpuint (akta->overdue, ==, 0);
  g_assert_cmpint (akta->level, ==, LOKET_TIMER_NEUTRAL);
  g_assert_cmpuint (akta->open_counters, ==, 1);
  office_clear (&o);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/supervision/all-is-well", test_all_is_well);
  g_test_add_func ("/supervision/each-alert", test_each_alert);
  g_test_add_func ("/supervision/error-then-silence", test_error_then_silence);
  g_test_add_func ("/supervision/service-waits", test_service_waits);
  return g_test_run ();
}
