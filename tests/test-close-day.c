/* test-close-day.c — nobody vanishes, with a real loketd.
 *
 * loketd runs on a clock set (libfaketime) twenty seconds before 15:00 in
 * Jakarta, with a charter whose tickets stop at 15:00 and whose day closes
 * then (tests/data/charter-closing.ini, ClosingGraceMinutes=0).  Before
 * closing, citizens take tickets, one is called, one is being served, and
 * one is refused for the quota; at 15:00 the server closes the day by
 * itself: the waiting and the called tickets become `unserved` (an
 * UNSERVED event each), the counter that had called one is free, the one
 * serving keeps its ticket, and DAY_CLOSED follows.  A citizen who comes
 * after is refused `closed`, and both refusals are TURNED_AWAY events.
 * Then the report counts them, the hash chain and the replay verify, and
 * a restart closes nothing twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-charter.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-report-compute.h"
#include "loket-test-server.h"

#include <string.h>

#define FAKETIME_LIB "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
#define SECONDS_BEFORE_CLOSING 20
#define WAIT_MS 60000

/* libfaketime's offset to the latest 15:00 in Jakarta minus @seconds that
 * is not in the future: loketd's clock then runs behind this process's,
 * so the deadline a client puts on a request never looks past to it. */
static char *
offset_before_closing (gint seconds)
{
  g_autoptr(GTimeZone) jakarta = g_time_zone_new_identifier ("Asia/Jakarta");
  g_autoptr(GDateTime) now = g_date_time_new_now (jakarta);
  g_autoptr(GDateTime) today = g_date_time_new (jakarta, g_date_time_get_year (now), g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 15, 0, 0);
  g_autoptr(GDateTime) target = g_date_time_add_seconds (today, -seconds);

  if (g_date_time_compare (target, now) > 0)
    {
      GDateTime *yesterday = g_date_time_add_days (target, -1);

      g_date_time_unref (target);
      target = yesterday;
    }
  return g_strdup_printf ("%+" G_GINT64_FORMAT, g_date_time_difference (target, now) / G_USEC_PER_SEC);
}

static void
on_event (LoketSubscriber *sub, const char *type, JsonObject *event, gboolean *closed)
{
  *closed |= g_str_equal (type, "DAY_CLOSED");
}

static gint64
count (LoketTestServer *server, const char *sql)
{
  return loket_test_server_count (server, sql);
}

static void
refused (LoketClient *kiosk, const char *service, gint code)
{
  g_autoptr(JsonObject) body = loket_test_body ("service", service, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request (kiosk, "ISSUE", body, &error);

  g_assert_null (reply);
  g_assert_error (error, LOKET_ERROR, code);
}

/* The report of the server's service day, from its database. */
static LoketReport *
report_of (LoketTestServer *server, const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) charter = loket_charter_new_from_file (server->charter_path, &error);
  g_autoptr(LoketStore) store = loket_store_open_readonly (server->db_path, &error);
  LoketReport *report;

  g_assert_no_error (error);
  report = loket_report_compute (store, charter, day, day, "en", &error);
  g_assert_no_error (error);
  return report;
}

static const LoketReportService *
service_row (LoketReport *report, const char *id)
{
  for (guint i = 0; i < report->services->len; i++)
    if (g_str_equal (((LoketReportService *) g_ptr_array_index (report->services, i))->id, id))
      return g_ptr_array_index (report->services, i);
  g_error ("no service %s in the report", id);
  return NULL;
}

static void
check_report (LoketTestServer *server, const char *day)
{
  g_autoptr(LoketReport) report = report_of (server, day);
  const LoketReportService *ktp = service_row (report, "ktp");
  const LoketReportService *akta = service_row (report, "akta");
  guint turned_away = 0;

  /* A-001 served (finished after the closing), A-002 called, A-003
   * waiting: two unserved, and A-003 never called is a wait breach. */
  g_assert_cmpuint (ktp->issued, ==, 3);
  g_assert_cmpuint (ktp->served, ==, 1);
  g_assert_cmpuint (ktp->unserved, ==, 2);
  g_assert_cmpuint (ktp->unfinished, ==, 0);
  g_assert_cmpuint (ktp->wait.judged - ktp->wait.within, >=, 1);
  g_assert_cmpuint (ktp->turned_away, ==, 1);        /* after closing */
  g_assert_cmpuint (akta->issued, ==, 1);
  g_assert_cmpuint (akta->unserved, ==, 1);
  g_assert_cmpuint (akta->turned_away, ==, 1);       /* the quota */
  g_assert_cmpuint (report->total->unserved, ==, 3);
  g_assert_cmpuint (report->total->turned_away, ==, 2);
  for (guint h = 0; h < 24; h++)
    turned_away += report->hours[h].turned_away;
  g_assert_cmpuint (turned_away, ==, 2);
  g_assert_cmpuint (report->hours[14].turned_away + report->hours[15].turned_away, ==, 2);
}

static void
test_close_day (void)
{
  g_autoptr(LoketTestServer) server = NULL;
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(LoketClient) clerk = NULL;
  g_autoptr(LoketSubscriber) sub = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *day = NULL;
  gboolean closed = FALSE;
  gint64 events;

  if (!g_file_test (FAKETIME_LIB, G_FILE_TEST_EXISTS))
    {
      loket_test_missing ("libfaketime is not installed (package faketime)");
      return;
    }
  server = loket_test_server_new ("charter-closing.ini");
  offset = offset_before_closing (SECONDS_BEFORE_CLOSING);
  server->env = g_strsplit ("LD_PRELOAD=" FAKETIME_LIB "|FAKETIME_NO_CACHE=1", "|", -1);
  loket_test_server_setenv (server, "FAKETIME", offset);
  loket_test_server_allow_preload (server);
  loket_test_server_start (server);
  sub = loket_test_server_subscriber (server, "display1");
  g_signal_connect (sub, "event", G_CALLBACK (on_event), &closed);
  g_assert_true (loket_test_wait_online (sub, TRUE, WAIT_MS));
  kiosk = loket_test_server_client (server, "kiosk1");
  clerk = loket_test_server_client (server, "counter1");

  /* Before 15:00: three tickets of ktp, one of akta, the quota's second
   * refused; counter 1 serves A-001, counter 2 has called A-002. */
  status = loket_test_request (kiosk, "STATUS", NULL);
  g_assert_true (json_object_get_boolean_member (status, "open"));
  day = g_strdup (json_object_get_string_member (status, "service_day"));
  json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL));
  json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL));
  json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL));
  json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "akta", NULL));
  refused (kiosk, "akta", LOKET_ERROR_QUOTA);
  json_object_unref (loket_test_request (clerk, "CALL", "counter", "1", NULL));
  json_object_unref (loket_test_request (clerk, "START", "counter", "1", NULL));
  json_object_unref (loket_test_request (clerk, "CALL", "counter", "2", NULL));
  g_assert_false (closed);
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM events WHERE type = 'TURNED_AWAY'"
                                  " AND payload LIKE '%\"refusal\":\"quota\"%'"), ==, 1);

  /* 15:00: the server closes the day by itself. */
  g_assert_true (loket_test_wait_for (&closed, WAIT_MS));
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM tickets WHERE state = 'unserved'"), ==, 3);
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM tickets WHERE state = 'serving'"), ==, 1);
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM events WHERE type = 'UNSERVED'"), ==, 3);
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM events WHERE type = 'DAY_CLOSED'"
                                  " AND payload LIKE '%\"unserved\":3%'"), ==, 1);
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM counters WHERE id = '2' AND COALESCE (current_ticket, 0) = 0"), ==, 1);
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM counters WHERE id = '1' AND current_ticket > 0"), ==, 1);
  after = loket_test_request (kiosk, "SNAPSHOT", NULL);
  g_assert_true (json_object_get_boolean_member (after, "day_closed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after, "waiting")), ==, 0);

  /* After closing: refused and recorded; the clerk still finishes A-001. */
  refused (kiosk, "ktp", LOKET_ERROR_CLOSED);
  json_object_unref (loket_test_request (clerk, "FINISH", "counter", "1", NULL));
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM events WHERE type = 'TURNED_AWAY'"), ==, 2);
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM events WHERE type = 'TURNED_AWAY'"
                                  " AND payload LIKE '%\"ticket\"%'"), ==, 0);

  /* A restart closes nothing twice. */
  events = count (server, "SELECT COUNT (*) FROM events");
  loket_test_server_stop (server);
  loket_test_server_start (server);
  g_clear_object (&kiosk);
  kiosk = loket_test_server_client (server, "kiosk1");
  json_object_unref (loket_test_request (kiosk, "STATUS", NULL));
  g_assert_cmpint (count (server, "SELECT COUNT (*) FROM events"), ==, events);
  loket_test_server_stop (server);

  /* The record holds: the report counts them, verify replays them. */
  check_report (server, day);
  verified = loket_test_server_ctl (server, "super", "verify", "--db", server->db_path, NULL);
  g_assert_nonnull (strstr (verified, "intact"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/close-day/by-itself", test_close_day);
  return g_test_run ();
}
