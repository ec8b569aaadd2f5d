/* test-charter-versions.c — the charter is a contract: a ticket is judged
 * by the promise in force when it was issued, whatever the charter says
 * later.
 *
 * First on a store with times of our choosing, the worked example of
 * docs/reports.md: KTP's promised wait goes from 30 to 20 minutes at
 * 11:00; a citizen who waited 25 minutes at 10:00 was served within the
 * promise, one who waited 25 minutes at 11:30 was not — in the report and
 * in the live figures (SERVICES' called_within_promise, a counter's
 * breaches).  Then through a real loketd: SIGHUP reloads the charter, a
 * CHARTER_CHANGED event announces version 2 and subscribers take a new
 * snapshot, tickets before and after carry their own promise, a charter
 * that does not parse is refused with file:line:key and the running one
 * stays, and `loketctl report` needs no --charter and names the versions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-charter.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-report-compute.h"
#include "loket-store.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define DAY "2026-03-02"

/* The test charter with KTP's promised wait set to @minutes (30 in the
 * file itself); @minutes 0: a value that does not parse. */
static char *
charter_text (guint minutes)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "charter-test.ini", NULL);
  g_autofree char *text = NULL;
  g_autofree char *value = minutes ? g_strdup_printf ("PromisedWaitMinutes=%u", minutes)
                                   : g_strdup ("PromisedWaitMinutes=soon");
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  parts = g_strsplit (text, "PromisedWaitMinutes=30", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strconcat (parts[0], value, parts[1], NULL);
}

static LoketCharter *
charter_with (guint minutes)
{
  g_autofree char *text = charter_text (minutes);
  g_autoptr(GError) error = NULL;
  LoketCharter *charter = loket_charter_new_from_data (text, -1, "charter.ini", &error);

  g_assert_no_error (error);
  return charter;
}

/* @hhmm on DAY in Jakarta. */
static gint64
at (const char *hhmm)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Jakarta");
  guint h = 0, m = 0;
  g_autoptr(GDateTime) t = NULL;

  g_assert_cmpint (sscanf (hhmm, "%u:%u", &h, &m), ==, 2);
  t = g_date_time_new (tz, 2026, 3, 2, (gint) h, (gint) m, 0);
  return g_date_time_to_unix (t) * G_USEC_PER_SEC;
}

/* A KTP ticket issued at @hhmm under charter @version with its promised
 * wait, called @waited minutes later at counter 1. */
static void
add_ticket (LoketStore *store, const char *hhmm, guint version, guint promised_wait, guint waited)
{
  g_autoptr(LoketTicket) t = loket_ticket_new ();
  g_autoptr(GError) error = NULL;

  t->service_day = g_strdup (DAY);
  t->series = g_strdup ("A");
  t->service = g_strdup ("ktp");
  t->issued_service = g_strdup ("ktp");
  t->state = LOKET_TICKET_CALLED;
  t->issued_at = t->arrival_at = at (hhmm);
  t->called_at = t->issued_at + (gint64) waited * 60 * G_USEC_PER_SEC;
  t->counter = g_strdup ("1");
  t->charter_version = version;
  t->promised_wait_minutes = promised_wait;
  t->promised_service_minutes = 15;
  g_assert_true (loket_store_next_number (store, DAY, "A", &t->number, &error));
  g_assert_true (loket_store_insert_ticket (store, t, &error));
  g_assert_no_error (error);
}

static guint
adopt (LoketStore *store, LoketCharter *charter, const char *by, gint64 now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharterVersion) v = NULL;
  gboolean is_new = FALSE;
  guint filled = 0;

  v = loket_store_adopt_charter (store, charter, by, now, &is_new, &filled, &error);
  g_assert_no_error (error);
  g_assert_true (is_new);
  g_assert_cmpuint (filled, ==, 0);
  return v->version;
}

/* docs/reports.md's worked example, on a store. */
static void
test_mid_day_change (LoketTestStore *f, gconstpointer data)
{
  g_autoptr(LoketCharter) before = charter_with (30);
  g_autoptr(LoketCharter) after = charter_with (20);
  g_autoptr(LoketReport) report = NULL;
  g_autoptr(GError) error = NULL;
  LoketServicePromise promise = { "ktp", 20 * 60 * G_USEC_PER_SEC, 15 * 60 * G_USEC_PER_SEC };
  LoketWaitCompliance live = { 0 };
  LoketCounterFigures figures = { 0 };
  const LoketReportService *ktp;
  const LoketReportCharter *c;
  gboolean is_new = TRUE;
  guint filled = 0;

  g_assert_true (loket_store_begin (f->store, &error));
  g_assert_cmpuint (adopt (f->store, before, "start", at ("07:30")), ==, 1);
  add_ticket (f->store, "10:00", 1, 30, 25);
  g_assert_cmpuint (adopt (f->store, after, "sighup", at ("11:00")), ==, 2);
  add_ticket (f->store, "11:30", 2, 20, 25);
  /* The same charter again is no new version. */
  g_clear_pointer (&error, g_error_free);
  loket_charter_version_free (loket_store_adopt_charter (f->store, after, "start", at ("12:00"),
                                                         &is_new, &filled, &error));
  g_assert_no_error (error);
  g_assert_false (is_new);
  g_assert_true (loket_store_commit (f->store, &error));

  /* The report, labelled by today's charter (20), judges each by its own. */
  report = loket_report_compute (f->store, after, DAY, DAY, "en", &error);
  g_assert_no_error (error);
  ktp = g_ptr_array_index (report->services, 0);
  g_assert_cmpstr (ktp->id, ==, "ktp");
  g_assert_cmpuint (ktp->promised_wait_minutes, ==, 20);
  g_assert_cmpuint (ktp->wait.judged, ==, 2);
  g_assert_cmpuint (ktp->wait.within, ==, 1);    /* 25 ≤ 30; 25 > 20 */
  g_assert_cmpuint (report->total->wait.within, ==, 1);
  g_assert_cmpuint (report->charters->len, ==, 2);
  c = g_ptr_array_index (report->charters, 0);
  g_assert_cmpuint (c->version, ==, 1);
  g_assert_cmpstr (c->sha256, ==, loket_charter_get_sha256 (before));
  g_assert_cmpstr (c->in_force_from, ==, DAY " 07:30");
  c = g_ptr_array_index (report->charters, 1);
  g_assert_cmpuint (c->version, ==, 2);
  g_assert_cmpstr (c->in_force_from, ==, DAY " 11:00");
  g_assert_cmpstr (c->loaded_by, ==, "sighup");

  /* The live figures: the boards' "called within the promise" and the
   * counter's breaches, handed today's promise, still use each ticket's. */
  g_assert_true (loket_store_wait_compliance (f->store, DAY, "ktp", promise.wait_usec, at ("12:00"),
                                              &live, &error));
  g_assert_cmpuint (live.called, ==, 2);
  g_assert_cmpuint (live.called_within, ==, 1);
  g_assert_true (loket_store_counter_figures (f->store, DAY, "1", &promise, 1, &figures, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (figures.wait_breaches, ==, 1);
}

/* ---- through a real loketd --------------------------------------------- */

typedef struct {
  JsonObject *changed;     /* the CHARTER_CHANGED event */
  gint64      ktp_promise; /* in the first snapshot after it, or -1 */
} Heard;

static void
on_event (LoketSubscriber *sub, const char *type, JsonObject *event, gpointer user_data)
{
  Heard *heard = user_data;

  if (g_str_equal (type, "CHARTER_CHANGED") && heard->changed == NULL)
    heard->changed = json_object_ref (event);
}

static void
on_snapshot (LoketSubscriber *sub, JsonObject *snapshot, gpointer user_data)
{
  Heard *heard = user_data;
  JsonArray *services = json_object_get_array_member (snapshot, "services");

  if (heard->changed != NULL && heard->ktp_promise < 0)
    heard->ktp_promise = json_object_get_int_member (json_array_get_object_element (services, 0),
                                                     "promised_wait_minutes");
}

static gboolean
has_changed (gpointer data)
{
  Heard *heard = data;

  return heard->changed != NULL && heard->ktp_promise >= 0;
}

typedef struct {
  const char *path;
  const char *text;
} LogWait;

static gboolean
log_has (gpointer data)
{
  LogWait *w = data;
  g_autofree char *log = NULL;

  return g_file_get_contents (w->path, &log, NULL, NULL) && strstr (log, w->text) != NULL;
}

static JsonObject *
issue_ktp (LoketClient *kiosk)
{
  g_autoptr(JsonObject) reply = loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL);

  return json_object_ref (json_object_get_object_member (reply, "ticket"));
}

static gint64
ktp_promise (LoketClient *kiosk)
{
  g_autoptr(JsonObject) reply = loket_test_request (kiosk, "SERVICES", NULL);
  JsonArray *services = json_object_get_array_member (reply, "services");

  return json_object_get_int_member (json_array_get_object_element (services, 0), "promised_wait_minutes");
}

/* The promise REPORT gives ktp: loketd answers it on its reader thread,
 * which must follow the charter in force. */
static gint64
reported_ktp_promise (LoketTestServer *server)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) reply = loket_test_request (super, "REPORT", NULL);
  JsonArray *services = json_object_get_array_member (json_object_get_object_member (reply, "report"), "services");

  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonObject *service = json_array_get_object_element (services, i);

      if (g_strcmp0 (json_object_get_string_member (service, "id"), "ktp") == 0)
        return json_object_get_int_member (service, "promised_wait_minutes");
    }
  g_assert_not_reached ();
}

static void
write_charter (const char *path, guint minutes)
{
  g_autofree char *text = charter_text (minutes);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_sighup (void)
{
  g_autoptr(LoketTestServer) server = loket_test_server_new (NULL);
  g_autofree char *charter_path = g_build_filename (server->dir, "charter.ini", NULL);
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(LoketSubscriber) sub = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(LoketCharter) v2 = charter_with (20);
  g_autofree char *report = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *verified = NULL;
  Heard heard = { NULL, -1 };
  LogWait refused = { server->log_path, "charter not reloaded" };
  JsonObject *about;

  write_charter (charter_path, 30);
  g_free (server->charter_path);
  server->charter_path = g_strdup (charter_path);
  loket_test_server_start (server);
  kiosk = loket_test_server_client (server, "kiosk1");
  sub = loket_test_server_subscriber (server, "display1");
  g_signal_connect (sub, "event", G_CALLBACK (on_event), &heard);
  g_signal_connect (sub, "snapshot", G_CALLBACK (on_snapshot), &heard);
  g_assert_true (loket_test_wait_online (sub, TRUE, 10000));

  first = issue_ktp (kiosk);
  g_assert_cmpint (json_object_get_int_member (first, "charter_version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first, "promised_wait_minutes"), ==, 30);
  g_assert_cmpint (reported_ktp_promise (server), ==, 30);

  /* 30 → 20, reloaded: an event with the new version, then a snapshot. */
  write_charter (charter_path, 20);
  loket_test_server_signal (server, SIGHUP);
  g_assert_true (loket_test_wait_until (has_changed, &heard, 10000));
  about = json_object_get_object_member (heard.changed, "charter");
  g_assert_cmpint (json_object_get_int_member (about, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (about, "sha256"), ==, loket_charter_get_sha256 (v2));
  g_assert_cmpstr (json_object_get_string_member (about, "loaded_by"), ==, "sighup");
  g_assert_cmpstr (json_object_get_string_member (heard.changed, "actor"), ==, "loketd");
  g_assert_cmpint (heard.ktp_promise, ==, 20);   /* the subscriber took a new snapshot */
  g_assert_cmpint (ktp_promise (kiosk), ==, 20);
  second = issue_ktp (kiosk);
  g_assert_cmpint (json_object_get_int_member (second, "charter_version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (second, "promised_wait_minutes"), ==, 20);
  g_assert_cmpint (reported_ktp_promise (server), ==, 20);

  /* A charter that does not parse: refused with file:line:key, logged;
   * version 2 stays in force. */
  write_charter (charter_path, 0);
  loket_test_server_signal (server, SIGHUP);
  g_assert_true (loket_test_wait_until (log_has, &refused, 10000));
  refused.text = "charter.ini:38: PromisedWaitMinutes:";
  g_assert_true (log_has (&refused));
  third = issue_ktp (kiosk);
  g_assert_cmpint (json_object_get_int_member (third, "charter_version"), ==, 2);
  g_assert_cmpint (ktp_promise (kiosk), ==, 20);
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM charter_versions"), ==, 2);
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM tickets"
                                                    " WHERE (charter_version, promised_wait_minutes)"
                                                    " IN (VALUES (1, 30), (2, 20))"), ==, 3);
  g_clear_object (&sub);
  loket_test_server_stop (server);

  /* The record: no --charter needed, the versions named; the chain and
   * the replay agree, promises included. */
  report = loket_test_server_ctl (server, "super", "report", "--db", server->db_path,
                                  "--from", "2000-01-01", "--to", "2100-01-01", "--lang", "en", NULL);
  g_assert_nonnull (strstr (report, "Charter version 1"));
  g_assert_nonnull (strstr (report, "Charter version 2"));
  csv = loket_test_server_ctl (server, "super", "report", "--db", server->db_path, "--format", "csv",
                               "--from", "2000-01-01", "--to", "2100-01-01", NULL);
  /* The CSV is the table alone: its first line the header. */
  g_assert_true (g_str_has_prefix (csv, "service,name,"));
  verified = loket_test_server_ctl (server, "super", "verify", "--db", server->db_path, NULL);
  g_assert_nonnull (strstr (verified, "intact"));
  g_clear_pointer (&heard.changed, json_object_unref);
}

/* A database loketd never ran on holds no charter: the report asks for one. */
static void
test_report_needs_a_charter (LoketTestStore *f, gconstpointer data)
{
  const char *args[] = { "report", "--db", f->path, "--from", DAY, "--to", DAY, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_clear_object (&f->store);
  g_assert_cmpint (loket_test_ctl_argv (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "--charter"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/charter-versions/mid-day-change", LoketTestStore, NULL,
              loket_test_store_set_up, test_mid_day_change, loket_test_store_tear_down);
  g_test_add ("/charter-versions/report-needs-a-charter", LoketTestStore, NULL,
              loket_test_store_set_up, test_report_needs_a_charter, loket_test_store_tear_down);
  g_test_add_func ("/charter-versions/sighup", test_sighup);
  return g_test_run ();
}
