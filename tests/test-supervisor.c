/* test-supervisor.c — the supervisor's view against a real loketd, under
 * Xvfb, driven through its win. actions on the session bus.
 *
 * Each case starts a server with the short-promise charter (KTP-el
 * promises one minute of wait and one of service, so that a breach comes
 * within a test), a supervisor "rina" and a clerk "siti", and
 * loket-counter --supervisor as the device "super" (a supervisor's key);
 * the staff are added by the head, "kepala" (loket_test_server_add_staff).
 * The server's event log is the witness: a void, a reprint asked and a
 * change of services are recorded under the supervisor who signed in,
 * and a voided ticket is gone from every waiting list.  The kiosk is a
 * client with the kiosk's key ("kiosk1"), reporting its prints as
 * loket-kiosk does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-gen.h"
#include "loket-message.h"
#include "loket-report-period.h"
#include "loket-test-app.h"
#include "loket-skm.h"
#include "loket-test-server.h"

#include <string.h>

#define WAIT_MS (30 * 1000)
/* The one-minute promise of the short charter, and some slack. */
#define BREACH_MS (100 * 1000)

typedef struct {
  int width, height;
  const char *time_zone;   /* the charter's Office/TimeZone replaced; NULL: kept */
  gboolean    last_month;  /* the sample charter's office, last month generated */
  gboolean    complaints;  /* two complaints filed in the past (libfaketime) */
} Setup;

static const Setup office_monitor = { 1366, 768, NULL, FALSE };
static const Setup full_hd = { 1920, 1080, NULL, FALSE };
/* An office in Makassar (UTC+8) on a PC whose clock is UTC. */
static const Setup makassar = { 1366, 768, "Asia/Makassar", FALSE };
static const Setup month_of_data = { 1366, 768, NULL, TRUE };
static const Setup with_complaints = { 1366, 768, NULL, FALSE, TRUE };

#define FAKETIME_LIB "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
/* The complainant in the screenshots of the complaint's detail (docs/):
 * a placeholder no one could take for a person, and a contact at a
 * reserved domain (RFC 2606). */
#define COMPLAINANT "Pelapor Contoh"
#define COMPLAINANT_CONTACT "pelapor@contoh.example"

typedef struct {
  LoketTestServer *server;
  LoketTestApp    *app;
  LoketClient     *kiosk;
  LoketClient     *clerk;   /* counter 1's PC */
  char            *receipts[2];  /* with_complaints: overdue, due */
} Fixture;

/* The first day of last month in the office's time zone. */
static char *
last_month (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Jakarta");
  g_autofree char *today = loket_report_day_at (tz ? tz : g_time_zone_new_utc (), g_get_real_time ());

  return loket_report_period_step (LOKET_REPORT_PERIOD_MONTH, today, -1);
}

/* Last month of the sample charter's office (about 95 citizens a day, as
 * in the README's sample), written into the server's database before it
 * starts, as loket-gen-year does. */
static void
generate_last_month (LoketTestServer *server)
{
  g_autofree char *start = last_month ();
  LoketGenOptions options = {
    .db_path = server->db_path, .charter_path = LOKET_SAMPLE_CHARTER, .start = start,
    .days = 31, .per_day = 95, .counters = 5, .seed = 16, .quiet = TRUE,
  };
  LoketGenStats stats;
  g_autoptr(GError) error = NULL;

  g_free (server->charter_path);
  server->charter_path = g_strdup (LOKET_SAMPLE_CHARTER);
  server->always_open = TRUE;
  g_assert_true (loket_gen_run (&options, &stats, &error));
  g_assert_no_error (error);
  g_test_message ("generated %" G_GINT64_FORMAT " tickets over %u open days from %s",
                  stats.tickets, stats.open_days, start);
}

static void
add_staff (LoketTestServer *server)
{
  loket_test_server_add_staff (server, "rina", "Rina Wulandari", "9153", "supervisor");
  loket_test_server_add_staff (server, "siti", "Siti Rahma", "2468", "clerk");
}

/* A complaint filed by the supervisor's key @days_ago days back (loketd's
 * clock moved by libfaketime): the default 14 working days (the short
 * charter opens every day) make one 20 days old overdue and one 13 days
 * old due tomorrow.  Returns the receipt. */
static char *
file_in_the_past (LoketTestServer *server, int days_ago, const char *category, const char *name)
{
  g_autofree char *offset = g_strdup_printf ("-%dd", days_ago);
  g_autoptr(LoketClient) super = NULL;
  g_autoptr(JsonObject) reply = NULL;
  char *receipt;

  server->env = g_strsplit ("LD_PRELOAD=" FAKETIME_LIB "|FAKETIME_NO_CACHE=1", "|", -1);
  loket_test_server_setenv (server, "FAKETIME", offset);
  loket_test_server_allow_preload (server);
  loket_test_server_start (server);
  if (!server->has_head)
    add_staff (server);
  super = loket_test_server_client (server, "super");
  reply = loket_test_request (super, "COMPLAIN", "service", "ktp", "category", category,
                              "description", "Antrean tidak bergerak, petugas tidak ada di loket.",
                              name ? "complainant" : NULL, name, "contact", COMPLAINANT_CONTACT, NULL);
  receipt = g_strdup (json_object_get_string_member (reply, "receipt"));
  g_clear_object (&super);
  loket_test_server_stop (server);
  g_clear_pointer (&server->env, g_strfreev);
  return receipt;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *size = g_strdup_printf ("%dx%d", setup->width, setup->height);
  const char *argv[] = { g_getenv ("LOKET_COUNTER"), "--supervisor", "--server", NULL, "--publish", NULL,
                         "--keys", NULL, "--as", "super", "--size", size, NULL };

  f->server = loket_test_server_new ("charter-short-promise.ini");
  if (setup->time_zone != NULL)
    loket_test_server_set_time_zone (f->server, setup->time_zone);
  if (setup->last_month)
    generate_last_month (f->server);
  if (setup->complaints)
    {
      f->receipts[0] = file_in_the_past (f->server, 20, "time", COMPLAINANT);
      f->receipts[1] = file_in_the_past (f->server, 13, "behaviour", NULL);
    }
  loket_test_server_start (f->server);
  if (!setup->complaints)
    add_staff (f->server);
  f->kiosk = loket_test_server_client (f->server, "kiosk1");
  f->clerk = loket_test_server_client (f->server, "counter1");
  argv[3] = f->server->listen;
  argv[5] = f->server->publish;
  argv[7] = f->server->keys_dir;
  f->app = loket_test_app_start (argv, "org.loket.Supervisor", setup->width, setup->height);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_app_stop (f->app);
  g_free (f->receipts[0]);
  g_free (f->receipts[1]);
  g_clear_object (&f->kiosk);
  g_clear_object (&f->clerk);
  loket_test_server_free (f->server);
}

static void
act (Fixture *f, const char *action, GVariant *parameter)
{
  loket_test_app_activate (f->app, action, parameter);
}

static void
wait_state (Fixture *f, const char *action, GVariant *expected, guint timeout_ms)
{
  loket_test_app_wait_state (f->app, action, expected, timeout_ms);
}

static void
sign_in (Fixture *f)
{
  act (f, "win.login", g_variant_new ("(ss)", "rina", "9153"));
  wait_state (f, "win.page", g_variant_new_string ("overview"), WAIT_MS);
  wait_state (f, "win.supervisor", g_variant_new_string ("rina"), WAIT_MS);
}

/* Sends a request that must succeed, discarding the reply. */
#define DO(client, ...) json_object_unref (loket_test_request (client, __VA_ARGS__))

static char *
issue (Fixture *f, const char *service)
{
  g_autoptr(JsonObject) reply = loket_test_request (f->kiosk, "ISSUE", "service", service, NULL);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (reply, "ticket"), "number"));
}

/* The numbers in a QUEUE reply, in calling order. */
static char *
queue_of (Fixture *f, const char *counter)
{
  g_autoptr(LoketClient) super = loket_test_server_client (f->server, "counter2");
  g_autoptr(JsonObject) body = loket_json_object_new_with ("counter", counter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request (super, "QUEUE", body, &error);
  JsonArray *tickets;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  tickets = json_object_get_array_member (reply, "tickets");
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    g_string_append_printf (text, "%s%s", i ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (tickets, i), "number"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Waits until the view's last error contains @needle: a refusal takes a
 * round trip, and the page never changes meanwhile. */
static void
wait_error (Fixture *f, const char *needle)
{
  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000; g_get_monotonic_time () < deadline;)
    {
      g_autofree char *error = loket_test_app_get_string (f->app, "win.error");

      if (strstr (error, needle) != NULL)
        return;
      g_usleep (50 * 1000);
    }
  g_error ("the supervisor's view never showed an error with “%s”", needle);
}

/* Waits until the alerts hold "@kind_subject" (@present) or no longer do. */
static void
wait_alert (Fixture *f, const char *kind_subject, gboolean present)
{
  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000; g_get_monotonic_time () < deadline;)
    {
      g_autoptr(GVariant) alerts = loket_test_app_get_state (f->app, "win.alerts");
      g_autofree const char **list = g_variant_get_strv (alerts, NULL);

      if (g_strv_contains (list, kind_subject) == present)
        return;
      g_usleep (50 * 1000);
    }
  g_error ("the alert “%s” never %s", kind_subject, present ? "showed" : "went away");
}

/* The actor of the latest @type event whose payload has @part, once the
 * server has logged it. */
static char *
wait_actor (Fixture *f, const char *type, const char *part)
{
  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000; g_get_monotonic_time () < deadline;)
    {
      char *actor = loket_test_server_last_actor (f->server, type, part);

      if (actor != NULL)
        return actor;
      g_usleep (50 * 1000);
    }
  g_error ("no %s event with “%s” was logged", type, part);
}

/* The kiosk's report on a ticket's paper (PRINT), as loket-kiosk sends it. */
static void
report_print (Fixture *f, const char *number, gboolean ok, gboolean reprint)
{
  g_autoptr(JsonObject) body = loket_json_object_new_with ("ticket", number, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  json_object_set_boolean_member (body, "ok", ok);
  json_object_set_boolean_member (body, "reprint", reprint);
  if (!ok)
    json_object_set_string_member (body, "reason", "media-empty: out of paper");
  reply = loket_client_request (f->kiosk, "PRINT", body, &error);
  g_assert_no_error (error);
}

/* A wrong PIN keeps the sign-in page; the right one opens the office. */
static void
test_sign_in (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *name = g_strdup_printf ("supervisor-login-%dx%d.png", setup->width, setup->height);
  g_autofree char *page = NULL;
  g_autofree char *actor = NULL;

  loket_test_app_save_screenshot (f->app, name);
  act (f, "win.login", g_variant_new ("(ss)", "rina", "0000"));
  loket_test_app_wait_state (f->app, "win.supervisor", g_variant_new_string (""), WAIT_MS);
  wait_error (f, "PIN");
  page = loket_test_app_get_string (f->app, "win.page");
  g_assert_cmpstr (page, ==, "login");
  sign_in (f);
  actor = loket_test_server_last_actor (f->server, "SUPERVISOR_IN", NULL);
  g_assert_cmpstr (actor, ==, "rina");
  act (f, "win.logout", NULL);
  wait_state (f, "win.page", g_variant_new_string ("login"), WAIT_MS);
}

/* The supervisor's clock is the office's, in Makassar, not the PC's
 * (UTC): on the sign-in page and over the office, where a paused
 * counter says since when (the screenshot). */
static void
test_office_time (Fixture *f, gconstpointer data)
{
  const char *counters[] = { "1 paused siti -", "2 unstaffed - -", "3 unstaffed - -", NULL };

  loket_test_app_wait_clock (f->app, "win.clock", "Asia/Makassar", "%H:%M", WAIT_MS);
  loket_test_app_save_screenshot (f->app, "supervisor-office-time-login-1366x768.png");
  DO (f->clerk, "LOGIN", "counter", "1", "clerk", "siti", "pin", "2468", NULL);
  DO (f->clerk, "PAUSE", "counter", "1", "reason", "prayer", NULL);
  sign_in (f);
  wait_state (f, "win.counters", g_variant_new_strv (counters, -1), WAIT_MS);
  loket_test_app_wait_clock (f->app, "win.clock", "Asia/Makassar", "%H:%M", WAIT_MS);
  loket_test_app_save_screenshot (f->app, "supervisor-office-time-1366x768.png");
}

/* A clerk's right PIN does not open the supervisor's PC: the sign-in page
 * stays and says why (in the office's language: the screenshot), and the
 * log has no sign-in of theirs. */
static void
test_clerk_refused (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *name = g_strdup_printf ("supervisor-clerk-refused-%dx%d.png", setup->width, setup->height);
  g_autofree char *page = NULL;
  g_autofree char *supervisor = NULL;
  g_autofree char *actor = NULL;

  act (f, "win.login", g_variant_new ("(ss)", "siti", "2468"));
  wait_error (f, "siti is a clerk");
  page = loket_test_app_get_string (f->app, "win.page");
  g_assert_cmpstr (page, ==, "login");
  supervisor = loket_test_app_get_string (f->app, "win.supervisor");
  g_assert_cmpstr (supervisor, ==, "");
  actor = loket_test_server_last_actor (f->server, "SUPERVISOR_IN", "\"clerk\":\"siti\"");
  g_assert_null (actor);
  loket_test_app_save_screenshot (f->app, name);
  /* The supervisor still signs in on the same page. */
  sign_in (f);
}

/* The office at a glance: every counter live, and the alerts a
 * supervisor must act on — a printer out of paper, the region's centre
 * out of reach (the region sync's report, loket-sync-main.c), citizens
 * waiting past the promise, a service past its promise, a service nobody
 * calls. */
static void
test_overview_and_alerts (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *name = g_strdup_printf ("supervisor-overview-%dx%d.png", setup->width, setup->height);
  g_autofree char *first = issue (f, "ktp");
  g_autofree char *second = issue (f, "ktp");
  g_autofree char *akta = issue (f, "akta");
  g_autofree char *serving = NULL;
  const char *alerts[] = { "device kiosk1", "device sync1", "unserved akta", "wait ktp", "service 1", NULL };
  const char *waiting[] = { second, akta, NULL };
  g_autoptr(LoketClient) sync = loket_test_server_client (f->server, "sync1");
  g_autoptr(GVariant) services = NULL;
  g_autofree const char **rows = NULL;

  DO (f->kiosk, "DEVICE_STATUS", "component", "printer", "state", "error", "reason", "media-empty: out of paper", NULL);
  DO (sync, "DEVICE_STATUS", "component", "region", "state", "warning", "reason",
      "central database: connecting: timeout expired", NULL);
  DO (f->clerk, "LOGIN", "counter", "1", "clerk", "siti", "pin", "2468", NULL);
  DO (f->clerk, "CALL", "counter", "1", NULL);
  DO (f->clerk, "START", "counter", "1", NULL);
  sign_in (f);
  serving = g_strdup_printf ("1 serving siti %s", first);
  {
    const char *counters[] = { serving, "2 unstaffed - -", "3 unstaffed - -", NULL };

    wait_state (f, "win.counters", g_variant_new_strv (counters, -1), WAIT_MS);
  }
  wait_state (f, "win.waiting", g_variant_new_strv (waiting, -1), WAIT_MS);
  /* Past the one-minute promises: the wait of the second, the service of
   * the first; akta has nobody to call it; the kiosk has no paper. */
  wait_state (f, "win.alerts", g_variant_new_strv (alerts, -1), BREACH_MS);
  services = loket_test_app_get_state (f->app, "win.services");
  g_assert_true (g_variant_is_of_type (services, G_VARIANT_TYPE_STRING_ARRAY));
  rows = g_variant_get_strv (services, NULL);
  g_assert_cmpstr (rows[0], ==, "ktp 1 1");
  loket_test_app_save_screenshot (f->app, name);
}

/* A void empties every waiting list, and is recorded under the
 * supervisor; a counter's key cannot void. */
static void
test_void (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *name = g_strdup_printf ("supervisor-void-%dx%d.png", setup->width, setup->height);
  g_autofree char *first = issue (f, "kk");
  g_autofree char *second = issue (f, "kk");
  g_autofree char *third = issue (f, "kk");
  g_autofree char *before1 = queue_of (f, "1");
  g_autofree char *expected = g_strdup_printf ("%s,%s", first, third);
  g_autofree char *after1 = NULL;
  g_autofree char *after2 = NULL;
  g_autofree char *actor = NULL;
  g_autoptr(JsonObject) body = loket_json_object_new_with ("ticket", second, "reason", "not mine to void", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) refused = NULL;
  const char *all[] = { first, second, third, NULL };
  const char *left[] = { first, third, NULL };

  /* A counter's key may not void, whatever it sends. */
  refused = loket_client_request (f->clerk, "VOID", body, &error);
  g_assert_null (refused);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DENIED);

  sign_in (f);
  wait_state (f, "win.waiting", g_variant_new_strv (all, -1), WAIT_MS);
  act (f, "win.void-sheet", g_variant_new_string (second));
  wait_state (f, "win.sheet", g_variant_new_string ("void"), WAIT_MS);
  loket_test_app_save_screenshot (f->app, name);
  act (f, "win.sheet-cancel", NULL);
  wait_state (f, "win.sheet", g_variant_new_string (""), WAIT_MS);
  act (f, "win.void", g_variant_new ("(ss)", second, "Duplicate ticket: printed twice"));
  wait_state (f, "win.waiting", g_variant_new_strv (left, -1), WAIT_MS);

  /* Gone from the queue of every counter that calls its service. */
  g_clear_pointer (&expected, g_free);
  expected = g_strjoin (",", first, second, third, NULL);
  g_assert_cmpstr (before1, ==, expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s,%s", first, third);
  after1 = queue_of (f, "1");
  after2 = queue_of (f, "2");
  g_assert_cmpstr (after1, ==, expected);
  g_assert_cmpstr (after2, ==, expected);
  actor = loket_test_server_last_actor (f->server, "VOIDED", "printed twice");
  g_assert_cmpstr (actor, ==, "rina");
}

/* A ticket whose paper failed raises an alert; its "Print again" asks
 * the kiosk that issued it (REPRINT_ASKED, under the supervisor's name),
 * and the kiosk's reprint clears the alert.  The header's sheet asks for
 * the ticket, the kiosk and a reason; a ticket that cannot be printed
 * again (voided) is refused, and the window says so. */
static void
test_reprint (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *alert_shot = g_strdup_printf ("supervisor-print-failed-%dx%d.png", setup->width, setup->height);
  g_autofree char *sheet_shot = g_strdup_printf ("supervisor-reprint-%dx%d.png", setup->width, setup->height);
  g_autofree char *number = issue (f, "kk");
  g_autofree char *other = issue (f, "kk");
  g_autofree char *alert = g_strdup_printf ("print %s", number);
  g_autofree char *actor = NULL;
  const char *left[] = { number, NULL };

  DO (f->kiosk, "DEVICE_STATUS", "component", "printer", "state", "error", "reason", "media-empty: out of paper", NULL);
  report_print (f, number, FALSE, FALSE);
  report_print (f, other, TRUE, FALSE);
  sign_in (f);
  wait_alert (f, alert, TRUE);
  loket_test_app_save_screenshot (f->app, alert_shot);
  act (f, "win.reprint-sheet", g_variant_new_string (number));
  wait_state (f, "win.sheet", g_variant_new_string ("reprint"), WAIT_MS);
  loket_test_app_save_screenshot (f->app, sheet_shot);
  act (f, "win.sheet-cancel", NULL);
  wait_state (f, "win.sheet", g_variant_new_string (""), WAIT_MS);

  /* The alert's button: the kiosk that issued it, the alert's reason. */
  act (f, "win.reprint", g_variant_new ("(sss)", number, "", "The ticket did not print at the kiosk"));
  actor = wait_actor (f, "REPRINT_ASKED", "did not print");
  g_assert_cmpstr (actor, ==, "rina");
  g_clear_pointer (&actor, g_free);
  actor = loket_test_server_last_actor (f->server, "REPRINT_ASKED", "\"kiosk1\"");
  g_assert_cmpstr (actor, ==, "rina");
  report_print (f, number, TRUE, TRUE);
  wait_alert (f, alert, FALSE);
  g_clear_pointer (&actor, g_free);
  actor = loket_test_server_last_actor (f->server, "REPRINTED", NULL);
  g_assert_cmpstr (actor, ==, "kiosk1");

  /* A voided ticket is printed again nowhere: the refusal is shown. */
  act (f, "win.void", g_variant_new ("(ss)", other, "Duplicate ticket"));
  wait_state (f, "win.waiting", g_variant_new_strv (left, -1), WAIT_MS);
  act (f, "win.reprint", g_variant_new ("(sss)", other, "", "lost it"));
  wait_error (f, "printed again");
  g_assert_null (loket_test_server_last_actor (f->server, "REPRINT_ASKED", "lost it"));
}

/* The supervisor moves counter 3 to KK as well: the event names them and
 * the reason, and the alert for a service nobody calls goes away. */
static void
test_counter_services (Fixture *f, gconstpointer data)
{
  g_autofree char *akta = issue (f, "akta");
  g_autofree char *actor = NULL;
  const char *unserved[] = { "unserved akta", NULL };
  const char *none[] = { NULL };
  const char *services[] = { "kk", "akta", NULL };

  sign_in (f);
  wait_state (f, "win.alerts", g_variant_new_strv (unserved, -1), WAIT_MS);
  act (f, "win.counter-services-sheet", g_variant_new_string ("3"));
  wait_state (f, "win.sheet", g_variant_new_string ("services"), WAIT_MS);
  act (f, "win.sheet-cancel", NULL);
  act (f, "win.counter-services", g_variant_new ("(s^ass)", "3", services, "the KK queue is long"));
  DO (f->clerk, "LOGIN", "counter", "3", "clerk", "siti", "pin", "2468", NULL);
  wait_state (f, "win.alerts", g_variant_new_strv (none, -1), WAIT_MS);
  actor = loket_test_server_last_actor (f->server, "COUNTER_SERVICES", "the KK queue is long");
  g_assert_cmpstr (actor, ==, "rina");
}

/* Today's report against the charter, live (the view opens on today):
 * the summary columns loketctl report prints, and saved as PDF and CSV
 * where the supervisor says. */
static void
test_report (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *name = g_strdup_printf ("supervisor-report-%dx%d.png", setup->width, setup->height);
  g_autofree char *dir = g_dir_make_tmp ("loket-report-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "today.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "today.csv", NULL);
  g_autofree char *first = issue (f, "kk");
  g_autofree char *second = issue (f, "kk");
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GVariant) rows = NULL;
  const char *row;
  int status = 0;

  DO (f->clerk, "LOGIN", "counter", "1", "clerk", "siti", "pin", "2468", NULL);
  DO (f->clerk, "CALL", "counter", "1", NULL);
  DO (f->clerk, "START", "counter", "1", NULL);
  DO (f->clerk, "FINISH", "counter", "1", NULL);
  sign_in (f);
  act (f, "win.show", g_variant_new_string ("report"));
  wait_state (f, "win.page", g_variant_new_string ("report"), WAIT_MS);
  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
       g_get_monotonic_time () < deadline;)
    {
      g_clear_pointer (&rows, g_variant_unref);
      rows = loket_test_app_get_state (f->app, "win.report");
      if (g_variant_n_children (rows) > 0)
        break;
      g_usleep (50 * 1000);
    }
  /* Per service, the summary columns: KK issued 2, served 1; the total
   * row last. */
  g_assert_cmpuint (g_variant_n_children (rows), ==, 4);
  g_variant_get_child (rows, 1, "&s", &row);
  g_assert_true (g_str_has_prefix (row, "kk|Kartu Keluarga|2|1|"));
  loket_test_app_save_screenshot (f->app, name);

  act (f, "win.report-export", g_variant_new ("(ss)", "pdf", pdf));
  wait_state (f, "win.report-saved", g_variant_new_string (pdf), WAIT_MS);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  {
    const char *argv[] = { "pdftotext", pdf, "-", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &text, NULL, &status, NULL));
    g_assert_nonnull (strstr (text, "Kantor Uji Loket"));
  }

  act (f, "win.report-by", g_variant_new_string ("counter"));
  act (f, "win.report-export", g_variant_new ("(ss)", "csv", csv));
  wait_state (f, "win.report-saved", g_variant_new_string (csv), WAIT_MS);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  /* The header, then the rows. */
  g_assert_true (g_str_has_prefix (contents, "counter,name,served,"));
  g_assert_nonnull (strstr (contents, "\r\n1,Loket 1,1,"));
  act (f, "win.show", g_variant_new_string ("overview"));
  wait_state (f, "win.page", g_variant_new_string ("overview"), WAIT_MS);
  loket_test_remove_tree (dir);
}

/* The state @action once it has children, within the wait. */
static GVariant *
wait_filled (Fixture *f, const char *action)
{
  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
       g_get_monotonic_time () < deadline;)
    {
      g_autoptr(GVariant) state = loket_test_app_get_state (f->app, action);

      if (g_variant_n_children (state) > 0)
        return g_steal_pointer (&state);
      g_usleep (50 * 1000);
    }
  g_error ("the supervisor's view never filled %s", action);
}

/* One CSV line's fields (RFC 4180: a field with a comma is quoted, its
 * quotes doubled; the sample charter's names have no line breaks). */
static char **
csv_fields (const char *line)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line;; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        g_string_append_c (field, *p++);
      else if (*p == '"')
        quoted = !quoted;
      else if (*p == '\0' || (*p == ',' && !quoted))
        {
          g_strv_builder_add (fields, field->str);
          g_string_truncate (field, 0);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (field, *p);
    }
  return g_strv_builder_end (fields);
}

/* `loketctl report --format csv` of the same database and period: the
 * witness the view's rows are checked against. */
static GPtrArray *
csv_rows (Fixture *f, const char *from, const char *to)
{
  const char *args[] = { "report", "--db", f->server->db_path, "--from", from, "--to", to,
                         "--format", "csv", "--lang", "id", NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_assert_cmpint (loket_test_ctl_argv (args, &out, NULL), ==, 0);
  lines = g_strsplit (out, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i]; i++)
    g_ptr_array_add (rows, csv_fields (lines[i]));
  return rows;
}

static guint
column_of (GPtrArray *csv, const char *key)
{
  char **header = g_ptr_array_index (csv, 0);

  for (guint c = 0; header[c] != NULL; c++)
    if (g_str_equal (header[c], key))
      return c;
  g_error ("no column %s in the CSV report", key);
}

/* A month of a real office's data: the charts come first and say what
 * loketctl says, the table has the summary columns per service, and a
 * period longer than a year is refused by the server, not waited for. */
static void
test_report_month (Fixture *f, gconstpointer data)
{
  g_autofree char *start = last_month ();
  g_autofree char *from = NULL, *to = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GVariant) charts = NULL;
  g_autoptr(GPtrArray) csv = NULL;
  /* The supervisor's second PC: "super" is the view's own identity. */
  g_autoptr(LoketClient) super = loket_test_server_client (f->server, "super2");
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint issued, served;
  const char *chart_names[] = { "figures", "compliance", "breaches", "waits", "arrivals" };

  g_assert_true (loket_report_period_range (LOKET_REPORT_PERIOD_MONTH, start, &from, &to));
  sign_in (f);
  act (f, "win.show", g_variant_new_string ("report"));
  wait_state (f, "win.page", g_variant_new_string ("report"), WAIT_MS);
  /* Today, in the always-open office, nobody came yet: no charts. */
  rows = wait_filled (f, "win.report");
  charts = loket_test_app_get_state (f->app, "win.report-charts");
  g_assert_cmpuint (g_variant_n_children (charts), ==, 0);
  g_clear_pointer (&rows, g_variant_unref);
  g_clear_pointer (&charts, g_variant_unref);

  act (f, "win.report-period", g_variant_new ("(ss)", "month", start));
  charts = wait_filled (f, "win.report-charts");
  rows = loket_test_app_get_state (f->app, "win.report");
  csv = csv_rows (f, from, to);
  issued = column_of (csv, "issued");
  served = column_of (csv, "served");
  /* Every service of the CSV (and its total) is a row of the view, with
   * the same counts in the summary's columns. */
  g_assert_cmpuint (g_variant_n_children (rows), ==, csv->len - 1);
  for (guint r = 1; r < csv->len; r++)
    {
      char **cells = g_ptr_array_index (csv, r);
      g_autofree char *prefix = g_strdup_printf ("%s|%s|%s|%s|", cells[0], cells[1], cells[issued], cells[served]);
      const char *row;

      g_variant_get_child (rows, r - 1, "&s", &row);
      g_test_message ("%s", row);
      g_assert_true (g_str_has_prefix (row, prefix));
    }
  /* The charts, in reading order, with the month's figures. */
  g_assert_cmpuint (g_variant_n_children (charts), ==, G_N_ELEMENTS (chart_names));
  for (guint i = 0; i < G_N_ELEMENTS (chart_names); i++)
    {
      const char *chart;
      g_autofree char *name = g_strdup_printf ("%s|", chart_names[i]);

      g_variant_get_child (charts, i, "&s", &chart);
      g_test_message ("%s", chart);
      g_assert_true (g_str_has_prefix (chart, name));
      if (i == 0)
        {
          char **total = g_ptr_array_index (csv, csv->len - 1);
          g_autofree char *tickets = g_strdup_printf ("|%s ", total[issued]);

          g_assert_nonnull (strstr (chart, tickets));
        }
      for (guint r = 1; (i == 1 || i == 2) && r + 1 < csv->len; r++)
        g_assert_nonnull (strstr (chart, ((char **) g_ptr_array_index (csv, r))[1]));
    }
  loket_test_app_save_screenshot (f->app, "supervisor-report-month-1366x768.png");

  /* A year is the limit over the network; more is refused with where to
   * go instead. */
  body = loket_json_object_new_with ("from", "2025-01-01", "to", "2026-02-01", NULL);
  reply = loket_client_request (super, "REPORT", body, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "loketctl report --db"));
  g_assert_null (reply);
  g_clear_error (&error);
  g_clear_pointer (&body, json_object_unref);
  body = loket_json_object_new_with ("from", "2026-01-01", "to", "2026-12-31", NULL);
  reply = loket_client_request (super, "REPORT", body, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (reply, "report"));
}

/* The survey's index in the report, for the same period (today): KK's
 * one paper form, 4,4,3,4,3,4,4,3,3 — the NRRs' sum 32, 32 / 9 × 25 =
 * 88,89 (the view speaks Indonesian), grade A — and the office's row last; nothing per clerk. */
static void
test_report_skm (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClient) super = loket_test_server_client (f->server, "super2");
  g_autofree char *number = issue (f, "kk");
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *forms = "4,4,3,4,3,4,4,3,3";
  JsonObject *answers = json_object_new ();
  const char *row;

  DO (f->clerk, "LOGIN", "counter", "1", "clerk", "siti", "pin", "2468", NULL);
  DO (f->clerk, "CALL", "counter", "1", NULL);
  DO (f->clerk, "START", "counter", "1", NULL);
  DO (f->clerk, "FINISH", "counter", "1", NULL);
  for (guint e = 0; e < 9; e++)
    json_object_set_int_member (answers, loket_skm_element (e)->id, forms[2 * e] - '0');
  json_object_set_string_member (body, "ticket", number);
  json_object_set_object_member (body, "answers", answers);
  reply = loket_client_request (super, "SURVEY", body, &error);
  g_assert_no_error (error);
  sign_in (f);
  act (f, "win.show", g_variant_new_string ("report"));
  wait_state (f, "win.page", g_variant_new_string ("report"), WAIT_MS);
  rows = wait_filled (f, "win.report-skm");
  for (guint i = 0; i < g_variant_n_children (rows); i++)
    {
      g_variant_get_child (rows, i, "&s", &row);
      g_test_message ("%s", row);
      g_assert_null (strstr (row, "siti"));
      g_assert_null (strstr (row, "Siti"));
    }
  g_variant_get_child (rows, 1, "&s", &row);
  g_assert_true (g_str_has_prefix (row, "kk|Kartu Keluarga|1|88,89|A "));
  g_variant_get_child (rows, g_variant_n_children (rows) - 1, "&s", &row);
  g_assert_true (g_str_has_prefix (row, "|"));
  g_assert_nonnull (strstr (row, "|1|88,89|A "));
  loket_test_app_save_screenshot (f->app, "supervisor-report-skm-1366x768.png");
}

/* Waits until the complaints list is @expected ("receipt|service|category|
 * state|clock" joined by ";"). */
static void
wait_complaints (Fixture *f, const char *expected)
{
  g_autofree char *shown = NULL;

  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000; g_get_monotonic_time () < deadline;)
    {
      g_autoptr(GVariant) rows = loket_test_app_get_state (f->app, "win.complaints");
      g_autofree const char **list = g_variant_get_strv (rows, NULL);

      g_free (shown);
      shown = g_strjoinv (";", (char **) list);
      if (g_str_equal (shown, expected))
        return;
      g_usleep (50 * 1000);
    }
  g_error ("the complaints list never showed “%s”; it shows “%s”", expected, shown);
}

static void wait_complaints_f (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);
static void
wait_complaints_f (Fixture *f, const char *format, ...)
{
  va_list args;
  g_autofree char *expected = NULL;

  va_start (args, format);
  expected = g_strdup_vprintf (format, args);
  va_end (args);
  wait_complaints (f, expected);
}

static void wait_complaint_f (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Waits until the complaint shown is "receipt|state|clock|who|steps". */
static void
wait_complaint_f (Fixture *f, const char *format, ...)
{
  va_list args;
  g_autofree char *expected = NULL;

  va_start (args, format);
  expected = g_strdup_vprintf (format, args);
  va_end (args);
  wait_state (f, "win.complaint", g_variant_new_string (expected), WAIT_MS);
}

/* The complaints page: two filed in the past, one overdue (counted on the
 * button) and one due, oldest first; taken up and answered through the
 * actions under the supervisor; one filed from the view on a citizen's
 * behalf is a staff-channel complaint received by her. */
static void
test_complaints (Fixture *f, gconstpointer data)
{
  g_autofree char *filed = NULL;
  g_autofree char *actor = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *sql = NULL;
  const char *a = f->receipts[0], *b = f->receipts[1];

  if (!g_file_test (FAKETIME_LIB, G_FILE_TEST_EXISTS))
    {
      loket_test_missing ("libfaketime is not installed (package faketime)");
      return;
    }
  sign_in (f);
  wait_state (f, "win.complaints-overdue", g_variant_new_uint32 (1), WAIT_MS);
  act (f, "win.show", g_variant_new_string ("complaints"));
  wait_state (f, "win.page", g_variant_new_string ("complaints"), WAIT_MS);
  wait_complaints_f (f, "%s|ktp|time|received|overdue;%s|ktp|behaviour|received|due", a, b);

  act (f, "win.complaint-open", g_variant_new_string (a));
  wait_complaint_f (f, "%s|received|overdue|" COMPLAINANT "|1", a);
  loket_test_app_save_screenshot (f->app, "supervisor-complaints-1366x768.png");
  act (f, "win.complaint-step", g_variant_new ("(ssb)", "take", "", FALSE));
  wait_complaint_f (f, "%s|in-progress|overdue|" COMPLAINANT "|2", a);
  wait_complaints_f (f, "%s|ktp|time|in-progress|overdue;%s|ktp|behaviour|received|due", a, b);
  act (f, "win.complaint-step", g_variant_new ("(ssb)", "answer", "Petugas tambahan dijadwalkan.", FALSE));
  wait_complaint_f (f, "%s|answered|late|" COMPLAINANT "|3", a);
  wait_complaints_f (f, "%s|ktp|time|answered|late;%s|ktp|behaviour|received|due", a, b);
  wait_state (f, "win.complaints-overdue", g_variant_new_uint32 (0), WAIT_MS);
  g_assert_cmpint (loket_test_server_count (f->server, "SELECT COUNT (*) FROM complaint_steps "
                                                       "WHERE staff = 'rina' AND act IN ('take', 'answer')"), ==, 2);
  /* Closing from the answered state: it leaves the open list. */
  act (f, "win.complaint-step", g_variant_new ("(ssb)", "close", "", FALSE));
  wait_complaints_f (f, "%s|ktp|behaviour|received|due", b);
  /* A step the state does not allow is refused, and said. */
  act (f, "win.complaint-step", g_variant_new ("(ssb)", "note", "x", FALSE));
  wait_error (f, "closed");

  /* Filed on a citizen's behalf: the receipt and deadline come back. */
  act (f, "win.complaint-new", NULL);
  act (f, "win.complaint-file", g_variant_new ("(ssssss)", "kk", "", "cost", "Diminta biaya tambahan.", "", ""));
  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;
       (filed == NULL || *filed == '\0') && g_get_monotonic_time () < deadline;)
    {
      g_free (filed);
      filed = loket_test_app_get_string (f->app, "win.complaint-filed");
      if (*filed == '\0')
        g_usleep (50 * 1000);
    }
  parts = g_strsplit (filed, "|", 2);
  g_assert_true (g_str_has_prefix (parts[0], "PGD-"));
  g_assert_cmpstr (parts[0], !=, a);
  g_assert_cmpstr (parts[0], !=, b);
  g_assert_cmpuint (strlen (parts[1]), ==, 10);
  sql = g_strdup_printf ("SELECT COUNT (*) FROM complaints WHERE receipt = '%s' AND channel = 'staff' AND "
                         "received_by = 'rina' AND service = 'kk' AND category = 'cost'", parts[0]);
  g_assert_cmpint (loket_test_server_count (f->server, sql), ==, 1);
  loket_test_app_save_screenshot (f->app, "supervisor-complaint-filed-1366x768.png");
  actor = wait_actor (f, "COMPLAINED", parts[0]);
  g_assert_cmpstr (actor, ==, "rina");
  wait_complaints_f (f, "%s|ktp|behaviour|received|due;%s|kk|cost|received|running", b, parts[0]);
  act (f, "win.complaint-open", g_variant_new_string (parts[0]));
  wait_complaint_f (f, "%s|received|running|anonymous|1", parts[0]);
}

/* A complaint's receipt that did not print at the kiosk (PRINT naming
 * the receipt, as loket-kiosk sends it) is an alert like a ticket's
 * failed paper, heard live; its button opens the complaint on the
 * complaints' page, and taking it up clears the alert. */
static void
test_receipt_alert (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) filed = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *alert = NULL;
  const char *receipt;

  sign_in (f);
  filed = loket_test_request (f->kiosk, "COMPLAIN", "service", "kk", "category", "cost",
                              "description", "Diminta biaya tambahan.", "complainant", COMPLAINANT,
                              "contact", COMPLAINANT_CONTACT, NULL);
  receipt = json_object_get_string_member (filed, "receipt");
  alert = g_strdup_printf ("receipt %s", receipt);
  body = loket_json_object_new_with ("receipt", receipt, "reason", "media-empty: out of paper", NULL);
  json_object_set_boolean_member (body, "ok", FALSE);
  reply = loket_client_request (f->kiosk, "PRINT", body, &error);
  g_assert_no_error (error);
  wait_alert (f, alert, TRUE);

  act (f, "win.complaint-open", g_variant_new_string (receipt));
  wait_state (f, "win.page", g_variant_new_string ("complaints"), WAIT_MS);
  wait_complaint_f (f, "%s|received|running|" COMPLAINANT "|1", receipt);
  act (f, "win.complaint-step", g_variant_new ("(ssb)", "take", "", FALSE));
  wait_complaint_f (f, "%s|in-progress|running|" COMPLAINANT "|2", receipt);
  wait_alert (f, alert, FALSE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, setup, func) g_test_add (path, Fixture, setup, fixture_set_up, func, fixture_tear_down)
  ADD ("/supervisor/sign-in", &office_monitor, test_sign_in);
  ADD ("/supervisor/office-time", &makassar, test_office_time);
  ADD ("/supervisor/clerk-refused", &office_monitor, test_clerk_refused);
  ADD ("/supervisor/overview-and-alerts", &office_monitor, test_overview_and_alerts);
  ADD ("/supervisor/overview-and-alerts-full-hd", &full_hd, test_overview_and_alerts);
  ADD ("/supervisor/void", &office_monitor, test_void);
  ADD ("/supervisor/reprint", &office_monitor, test_reprint);
  ADD ("/supervisor/counter-services", &office_monitor, test_counter_services);
  ADD ("/supervisor/report", &office_monitor, test_report);
  ADD ("/supervisor/report-month", &month_of_data, test_report_month);
  ADD ("/supervisor/report-skm", &office_monitor, test_report_skm);
  ADD ("/supervisor/complaints", &with_complaints, test_complaints);
  ADD ("/supervisor/receipt-alert", &office_monitor, test_receipt_alert);
#undef ADD
  return g_test_run ();
}
