/* test-counter.c — the clerk's app against a real loketd, under Xvfb,
 * driven through its win. actions on the session bus exactly as its
 * buttons and function keys drive it.
 *
 * Each case starts a server with the test charter (recall limit 2), a
 * clerk "siti" with PIN 2468, and loket-counter as the device "counter1"
 * set up for counter 1.  The server's own event log is the witness:
 * every act must appear there with the clerk as actor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-store.h"
#include "loket-test-app.h"
#include "loket-test-server.h"

#include <signal.h>
#include <string.h>

#define WAIT_MS (30 * 1000)

typedef struct {
  int         width, height;
  const char *charter;
  const char *time_zone;   /* the charter's Office/TimeZone replaced; NULL: kept */
} Setup;

static const Setup office_monitor = { 1366, 768, NULL, NULL };
static const Setup full_hd = { 1920, 1080, NULL, NULL };
/* KTP-el promises a minute of wait and a minute of service. */
static const Setup short_promise = { 1366, 768, "charter-short-promise.ini", NULL };
static const Setup short_promise_full_hd = { 1920, 1080, "charter-short-promise.ini", NULL };
/* An office in Makassar (UTC+8) on a PC whose clock is UTC. */
static const Setup makassar = { 1366, 768, NULL, "Asia/Makassar" };

typedef struct {
  LoketTestServer *server;
  LoketTestApp    *app;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *size = g_strdup_printf ("%dx%d", setup->width, setup->height);
  const char *argv[] = { g_getenv ("LOKET_COUNTER"), "--server", NULL, "--publish", NULL, "--keys", NULL,
                         "--as", "counter1", "--counter", "1", "--size", size, NULL };

  f->server = loket_test_server_new (setup->charter);
  if (setup->time_zone != NULL)
    loket_test_server_set_time_zone (f->server, setup->time_zone);
  loket_test_server_start (f->server);
  loket_test_server_add_staff (f->server, "siti", "Siti Rahma", "2468", "clerk");
  argv[2] = f->server->listen;
  argv[4] = f->server->publish;
  argv[6] = f->server->keys_dir;
  f->app = loket_test_app_start (argv, "org.loket.Counter", setup->width, setup->height);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_app_stop (f->app);
  loket_test_server_free (f->server);
}

static void
act (Fixture *f, const char *action, GVariant *parameter)
{
  loket_test_app_activate (f->app, action, parameter);
}

static void
wait_state (Fixture *f, const char *action, GVariant *expected)
{
  loket_test_app_wait_state (f->app, action, expected, WAIT_MS);
}

static void
log_in (Fixture *f)
{
  act (f, "win.login", g_variant_new ("(sss)", "1", "siti", "2468"));
  wait_state (f, "win.page", g_variant_new_string ("counter"));
  wait_state (f, "win.counter-state", g_variant_new_string ("open"));
}

static char *
issue (Fixture *f, const char *service)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (f->server, "kiosk1");
  g_autoptr(JsonObject) reply = loket_test_request (kiosk, "ISSUE", "service", service, NULL);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (reply, "ticket"), "number"));
}

/* The events of @types, in order, as "TYPE actor" lines. */
static char *
event_trail (Fixture *f, const char * const *types)
{
  g_autoptr(GPtrArray) rows = loket_test_server_events (f->server);
  g_autoptr(GString) trail = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      LoketEventRow *row = g_ptr_array_index (rows, i);

      if (g_strv_contains (types, row->type))
        g_string_append_printf (trail, "%s%s %s", trail->len ? ", " : "", row->type, row->actor);
    }
  return g_string_free (g_steal_pointer (&trail), FALSE);
}

static JsonObject *
snapshot_ticket (Fixture *f, const char *number)
{
  g_autoptr(LoketClient) super = loket_test_server_client (f->server, "super");
  g_autoptr(JsonObject) snapshot = loket_test_request (super, "SNAPSHOT", NULL);
  const char *arrays[] = { "waiting", "active" };

  for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
    {
      JsonArray *tickets = json_object_get_array_member (snapshot, arrays[a]);

      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          JsonObject *t = json_array_get_object_element (tickets, i);

          if (g_strcmp0 (json_object_get_string_member (t, "number"), number) == 0)
            return json_object_ref (t);
        }
    }
  return NULL;
}

/* The app's last error, once it has one (a refusal takes a round trip). */
static char *
wait_error (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      g_autofree char *error = loket_test_app_get_string (f->app, "win.error");

      if (*error != '\0' || g_get_monotonic_time () > deadline)
        return g_steal_pointer (&error);
      g_usleep (50 * 1000);
    }
}

/* A wrong PIN is refused and the page stays; the right one opens the
 * counter. */
static void
test_login (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *error = NULL;
  g_autofree char *page = NULL;
  g_autofree char *name = g_strdup_printf ("counter-login-%dx%d.png", setup->width, setup->height);

  act (f, "win.login", g_variant_new ("(sss)", "1", "siti", "0000"));
  error = wait_error (f);
  g_assert_nonnull (strstr (error, "PIN"));
  page = loket_test_app_get_string (f->app, "win.page");
  g_assert_cmpstr (page, ==, "login");
  loket_test_app_save_screenshot (f->app, name);
  log_in (f);
}

/* The clerk's clock is the office's, in Makassar, not the PC's (UTC):
 * on the login page and at the counter with a citizen called. */
static void
test_office_time (Fixture *f, gconstpointer data)
{
  g_autofree char *number = issue (f, "ktp");
  g_autofree char *called = g_strdup_printf ("%s:called", number);

  loket_test_app_wait_clock (f->app, "win.clock", "Asia/Makassar", "%H:%M", WAIT_MS);
  log_in (f);
  act (f, "win.call-next", NULL);
  wait_state (f, "win.current", g_variant_new_string (called));
  loket_test_app_wait_clock (f->app, "win.clock", "Asia/Makassar", "%H:%M", WAIT_MS);
  loket_test_app_save_screenshot (f->app, "counter-office-time-1366x768.png");
}

/* Call, recall, start, finish: each step in the server's log with the
 * clerk as actor; the screen follows. */
static void
test_life_cycle (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  const char *types[] = { "LOGGED_IN", "CALLED", "RECALLED", "STARTED", "FINISHED", NULL };
  g_autofree char *number = issue (f, "ktp");
  g_autofree char *later = issue (f, "kk");
  g_autofree char *called = NULL;
  g_autofree char *serving = NULL;
  g_autofree char *trail = NULL;
  g_autofree char *name = g_strdup_printf ("counter-serving-%dx%d.png", setup->width, setup->height);
  g_autofree char *idle = g_strdup_printf ("counter-idle-%dx%d.png", setup->width, setup->height);
  const char *queue[] = { number, later, NULL };

  log_in (f);
  wait_state (f, "win.queue", g_variant_new_strv (queue, -1));
  loket_test_app_save_screenshot (f->app, idle);
  called = g_strdup_printf ("%s:called", number);
  serving = g_strdup_printf ("%s:serving", number);
  act (f, "win.call-next", NULL);
  wait_state (f, "win.current", g_variant_new_string (called));
  act (f, "win.recall", NULL);
  wait_state (f, "win.recalls", g_variant_new_uint32 (1));
  act (f, "win.start", NULL);
  wait_state (f, "win.current", g_variant_new_string (serving));
  wait_state (f, "win.service-level", g_variant_new_string ("neutral"));
  loket_test_app_save_screenshot (f->app, name);
  act (f, "win.finish", g_variant_new_string ("served"));
  wait_state (f, "win.current", g_variant_new_string (""));

  trail = event_trail (f, types);
  g_assert_cmpstr (trail, ==, "LOGGED_IN siti, CALLED siti, RECALLED siti, STARTED siti, FINISHED siti");
}

/* Absent only after the charter's recalls (two in the test charter). */
static void
test_noshow (Fixture *f, gconstpointer data)
{
  g_autofree char *number = issue (f, "ktp");
  g_autofree char *called = g_strdup_printf ("%s:called", number);
  g_autofree char *error = NULL;
  g_autoptr(JsonObject) ticket = NULL;

  log_in (f);
  act (f, "win.call-next", NULL);
  wait_state (f, "win.current", g_variant_new_string (called));
  act (f, "win.recall", NULL);
  wait_state (f, "win.recalls", g_variant_new_uint32 (1));
  act (f, "win.recall", NULL);
  wait_state (f, "win.recalls", g_variant_new_uint32 (2));
  act (f, "win.noshow", NULL);
  wait_state (f, "win.current", g_variant_new_string (""));
  ticket = snapshot_ticket (f, number);
  /* A no-show leaves the active list: it is no longer anywhere. */
  g_assert_null (ticket);
  error = loket_test_app_get_string (f->app, "win.error");
  g_assert_cmpstr (error, ==, "");
}

/* A transfer keeps the arrival time: the citizen is next in the new
 * service ahead of anyone who came later. */
static void
test_transfer (Fixture *f, gconstpointer data)
{
  g_autofree char *first = issue (f, "ktp");
  g_autofree char *akta = issue (f, "akta");
  g_autofree char *called = g_strdup_printf ("%s:called", first);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(LoketClient) counter3 = loket_test_server_client (f->server, "counter2");
  g_autoptr(JsonObject) next = NULL;

  log_in (f);
  act (f, "win.call-next", NULL);
  wait_state (f, "win.current", g_variant_new_string (called));
  before = snapshot_ticket (f, first);
  act (f, "win.transfer-sheet", NULL);
  wait_state (f, "win.sheet", g_variant_new_string ("transfer"));
  act (f, "win.sheet-cancel", NULL);
  wait_state (f, "win.sheet", g_variant_new_string (""));
  act (f, "win.transfer", g_variant_new ("(ss)", "akta", "Butuh akta, bukan KTP"));
  wait_state (f, "win.current", g_variant_new_string (""));

  after = snapshot_ticket (f, first);
  g_assert_nonnull (after);
  g_assert_cmpstr (json_object_get_string_member (after, "service"), ==, "akta");
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "waiting");
  g_assert_cmpint (json_object_get_int_member (after, "arrival_at"), ==, json_object_get_int_member (before, "arrival_at"));
  /* Counter 3 serves akta: the transferred ticket came first. */
  next = loket_test_request (counter3, "CALL", "counter", "3", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (next, "ticket"), "number"), ==, first);
}

/* UU 25/2009: the clerk finds a priority claim not entitled.  The action
 * is there only for a ticket that claims a priority; the sheet asks why;
 * the ticket stays called but loses its priority, and the refusal is in
 * the log under the clerk's name. */
static void
test_not_entitled (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autoptr(LoketClient) kiosk = loket_test_server_client (f->server, "kiosk1");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", "ktp", "priority", "elderly", NULL);
  g_autofree char *name = g_strdup_printf ("counter-not-entitled-%dx%d.png", setup->width, setup->height);
  const char * const types[] = { "PRIORITY_REFUSED", NULL };
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *trail = NULL;
  g_autofree char *error = NULL;

  log_in (f);
  act (f, "win.call-next", NULL);
  wait_state (f, "win.current", g_variant_new_string ("A-001:called"));
  act (f, "win.refuse-priority-sheet", NULL);
  wait_state (f, "win.sheet", g_variant_new_string ("refuse-priority"));
  /* A reason is required: an empty one keeps the sheet open. */
  act (f, "win.sheet-confirm", NULL);
  {
    g_autofree char *sheet = loket_test_app_get_string (f->app, "win.sheet");
    g_assert_cmpstr (sheet, ==, "refuse-priority");
  }
  loket_test_app_save_screenshot (f->app, name);
  act (f, "win.sheet-cancel", NULL);
  wait_state (f, "win.sheet", g_variant_new_string (""));
  act (f, "win.refuse-priority", g_variant_new_string ("Belum 60 tahun (KTP)"));

  for (;;)
    {
      g_clear_pointer (&after, json_object_unref);
      after = snapshot_ticket (f, "A-001");
      if (json_object_get_null_member (after, "priority") || g_get_monotonic_time () > deadline)
        break;
      g_usleep (50 * 1000);
    }
  g_assert_true (json_object_get_null_member (after, "priority"));
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "called");
  trail = event_trail (f, types);
  g_assert_cmpstr (trail, ==, "PRIORITY_REFUSED siti");
  error = loket_test_app_get_string (f->app, "win.error");
  g_assert_cmpstr (error, ==, "");
  wait_state (f, "win.current", g_variant_new_string ("A-001:called"));
}

/* Paused: the clerk chooses the reason from the charter's list (a note
 * only for "other", and required there); no calls at this counter, the
 * time counted when it resumes. */
static void
test_pause (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *number = issue (f, "ktp");
  g_autofree char *name = g_strdup_printf ("counter-paused-%dx%d.png", setup->width, setup->height);
  g_autofree char *sheet_name = g_strdup_printf ("counter-pause-sheet-%dx%d.png", setup->width, setup->height);
  g_autoptr(LoketClient) super = loket_test_server_client (f->server, "super");
  g_autoptr(JsonObject) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) body = loket_json_object_new_with ("counter", "1", NULL);
  JsonObject *counter = NULL;
  JsonArray *counters;

  log_in (f);
  act (f, "win.pause-sheet", NULL);
  wait_state (f, "win.sheet", g_variant_new_string ("pause"));
  wait_state (f, "win.sheet-note", g_variant_new_boolean (FALSE));     /* "break" comes first */
  act (f, "win.sheet-choose", g_variant_new_string ("other"));
  wait_state (f, "win.sheet-note", g_variant_new_boolean (TRUE));
  act (f, "win.sheet-choose", g_variant_new_string ("prayer"));
  wait_state (f, "win.sheet-note", g_variant_new_boolean (FALSE));
  loket_test_app_save_screenshot (f->app, sheet_name);
  act (f, "win.sheet-confirm", NULL);
  wait_state (f, "win.counter-state", g_variant_new_string ("paused"));
  wait_state (f, "win.sheet", g_variant_new_string (""));
  loket_test_app_save_screenshot (f->app, name);
  snapshot = loket_test_request (super, "SNAPSHOT", NULL);
  counters = json_object_get_array_member (snapshot, "counters");
  for (guint i = 0; i < json_array_get_length (counters); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (counters, i), "id"), "1"))
      counter = json_array_get_object_element (counters, i);
  g_assert_cmpstr (json_object_get_string_member (counter, "pause_reason"), ==, "prayer");
  g_assert_true (json_object_get_null_member (counter, "pause_note"));
  g_clear_pointer (&snapshot, json_object_unref);
  counter = NULL;
  refused = loket_client_request (super, "CALL", body, &error);
  g_assert_null (refused);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STATE);
  g_usleep (1100 * 1000);
  act (f, "win.resume", NULL);
  wait_state (f, "win.counter-state", g_variant_new_string ("open"));

  snapshot = loket_test_request (super, "SNAPSHOT", NULL);
  counters = json_object_get_array_member (snapshot, "counters");
  for (guint i = 0; i < json_array_get_length (counters); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (counters, i), "id"), "1"))
      counter = json_array_get_object_element (counters, i);
  g_assert_nonnull (counter);
  g_assert_cmpint (json_object_get_int_member (counter, "pause_total"), >=, G_USEC_PER_SEC);

  /* "Other" needs the clerk's words: without them the sheet sends
   * nothing (loketd would refuse it, and the error would show). */
  act (f, "win.pause-sheet", NULL);
  wait_state (f, "win.sheet", g_variant_new_string ("pause"));
  act (f, "win.sheet-choose", g_variant_new_string ("other"));
  wait_state (f, "win.sheet-note", g_variant_new_boolean (TRUE));
  act (f, "win.sheet-confirm", NULL);
  act (f, "win.sheet-type", g_variant_new_string ("listrik padam"));
  act (f, "win.sheet-confirm", NULL);
  wait_state (f, "win.counter-state", g_variant_new_string ("paused"));
  g_clear_pointer (&snapshot, json_object_unref);
  snapshot = loket_test_request (super, "SNAPSHOT", NULL);
  counters = json_object_get_array_member (snapshot, "counters");
  for (guint i = 0; i < json_array_get_length (counters); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (counters, i), "id"), "1"))
      counter = json_array_get_object_element (counters, i);
  g_assert_cmpstr (json_object_get_string_member (counter, "pause_reason"), ==, "other");
  g_assert_cmpstr (json_object_get_string_member (counter, "pause_note"), ==, "listrik padam");
  {
    g_autofree char *shown = loket_test_app_get_string (f->app, "win.error");

    g_assert_cmpstr (shown, ==, "");
  }
}

/* Out of order: only with a reason, which the CALLED event records. */
static void
test_out_of_order (Fixture *f, gconstpointer data)
{
  g_autofree char *first = issue (f, "ktp");
  g_autofree char *second = issue (f, "ktp");
  g_autofree char *called = g_strdup_printf ("%s:called", second);
  g_autoptr(GPtrArray) rows = NULL;
  gboolean recorded = FALSE;

  log_in (f);
  act (f, "win.call-ticket", g_variant_new ("(ss)", second, "Petugas disabilitas mendampingi"));
  wait_state (f, "win.current", g_variant_new_string (called));
  rows = loket_test_server_events (f->server);
  for (guint i = 0; i < rows->len; i++)
    {
      LoketEventRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (row->type, "CALLED") && strstr (row->payload, "Petugas disabilitas mendampingi"))
        recorded = TRUE;
    }
  g_assert_true (recorded);
}

/* The server stops answering: banner, acts disabled; back when it does. */
static void
test_offline (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *name = g_strdup_printf ("counter-offline-%dx%d.png", setup->width, setup->height);

  log_in (f);
  loket_test_server_signal (f->server, SIGSTOP);
  wait_state (f, "win.online", g_variant_new_boolean (FALSE));
  loket_test_app_save_screenshot (f->app, name);
  loket_test_server_signal (f->server, SIGCONT);
  wait_state (f, "win.online", g_variant_new_boolean (TRUE));
}

/* The service runs past the charter's promise: amber from 80 %, then red,
 * on the clerk's screen as in the state a screen reader follows; the
 * citizen still waiting turns red in the list too. */
static void
test_past_the_promise (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *first = issue (f, "ktp");
  g_autofree char *second = issue (f, "ktp");
  g_autofree char *called = g_strdup_printf ("%s:called", first);
  g_autofree char *serving = g_strdup_printf ("%s:serving", first);
  g_autofree char *name = g_strdup_printf ("counter-overdue-%dx%d.png", setup->width, setup->height);
  const guint minute_and_slack = 100 * 1000;

  log_in (f);
  act (f, "win.call-next", NULL);
  wait_state (f, "win.current", g_variant_new_string (called));
  act (f, "win.start", NULL);
  wait_state (f, "win.current", g_variant_new_string (serving));
  loket_test_app_wait_state (f->app, "win.service-level", g_variant_new_string ("warning"), minute_and_slack);
  loket_test_app_wait_state (f->app, "win.service-level", g_variant_new_string ("overdue"), minute_and_slack);
  /* Called at once: the wait itself kept the promise. */
  wait_state (f, "win.wait-level", g_variant_new_string ("neutral"));
  loket_test_app_save_screenshot (f->app, name);
  act (f, "win.finish", g_variant_new_string ("served"));
  wait_state (f, "win.current", g_variant_new_string (""));
  g_assert_nonnull (second);
}

/* Two counters call at the same moment: each gets its own citizen. */
static void
test_two_counters_at_once (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *size = g_strdup_printf ("%dx%d", setup->width, setup->height);
  const char *argv[] = { g_getenv ("LOKET_COUNTER"), "--server", f->server->listen, "--publish",
                         f->server->publish, "--keys", f->server->keys_dir, "--as", "counter2",
                         "--counter", "2", "--size", size, NULL };
  g_autofree char *first = issue (f, "ktp");
  g_autofree char *second = issue (f, "ktp");
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  LoketTestApp *other;

  loket_test_server_add_staff (f->server, "budi", "Budi Santoso", "7777", "clerk");
  other = loket_test_app_start (argv, "org.loket.Counter", setup->width, setup->height);
  loket_test_app_wait_state (other, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
  log_in (f);
  loket_test_app_activate (other, "win.login", g_variant_new ("(sss)", "2", "budi", "7777"));
  loket_test_app_wait_state (other, "win.counter-state", g_variant_new_string ("open"), WAIT_MS);
  loket_test_app_wait_state (other, "win.page", g_variant_new_string ("counter"), WAIT_MS);

  act (f, "win.call-next", NULL);
  loket_test_app_activate (other, "win.call-next", NULL);
  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
       g_get_monotonic_time () < deadline && (one == NULL || *one == '\0' || two == NULL || *two == '\0');)
    {
      g_free (one);
      g_free (two);
      one = loket_test_app_get_string (f->app, "win.current");
      two = loket_test_app_get_string (other, "win.current");
      g_usleep (50 * 1000);
    }
  loket_test_app_stop (other);
  g_assert_true (g_str_has_suffix (one, ":called"));
  g_assert_true (g_str_has_suffix (two, ":called"));
  g_assert_cmpstr (one, !=, two);
  g_assert_true (g_str_has_prefix (one, first) || g_str_has_prefix (one, second));
  g_assert_true (g_str_has_prefix (two, first) || g_str_has_prefix (two, second));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, setup, func) g_test_add (path, Fixture, setup, fixture_set_up, func, fixture_tear_down)
  ADD ("/counter/login", &office_monitor, test_login);
  ADD ("/counter/office-time", &makassar, test_office_time);
  ADD ("/counter/life-cycle", &office_monitor, test_life_cycle);
  ADD ("/counter/life-cycle-full-hd", &full_hd, test_life_cycle);
  ADD ("/counter/noshow", &office_monitor, test_noshow);
  ADD ("/counter/transfer", &office_monitor, test_transfer);
  ADD ("/counter/pause", &office_monitor, test_pause);
  ADD ("/counter/not-entitled", &office_monitor, test_not_entitled);
  ADD ("/counter/out-of-order", &office_monitor, test_out_of_order);
  ADD ("/counter/offline", &office_monitor, test_offline);
  ADD ("/counter/past-the-promise", &short_promise, test_past_the_promise);
  ADD ("/counter/past-the-promise-full-hd", &short_promise_full_hd, test_past_the_promise);
  ADD ("/counter/two-counters-at-once", &office_monitor, test_two_counters_at_once);
#undef ADD
  return g_test_run ();
}
