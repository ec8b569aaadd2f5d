/* test-display.c — the board as the hall sees and hears it: a real
 * loket-display under Xvfb against a real loketd, read through its
 * actions over D-Bus, its announcements written to a WAV file with a
 * segments log.
 *
 * A call appears on the board and is announced; three calls made at the
 * same instant are announced one after another, in order; a restarted
 * server is followed by a resync that announces nothing again; a stopped
 * server turns the board offline within seconds and live again after; a
 * closed day shows the office closed until someone queues again.
 * With LOKET_SCREENSHOTS=DIR it also writes the board's screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-message.h"
#include "loket-test-app.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>

#define WAIT_MS 30000

typedef struct {
  LoketTestServer *server;
  LoketTestApp    *app;
  char            *wav;
} Fixture;

typedef struct {
  int         width, height;
  const char *charter;
} Setup;

static const Setup full_hd = { 1920, 1080, NULL };
static const Setup hd = { 1280, 720, "../../data/charter-dukcapil.ini" };
static const Setup full_hd_sample = { 1920, 1080, "../../data/charter-dukcapil.ini" };

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autofree char *size = g_strdup_printf ("%dx%d", setup->width, setup->height);
  const char *argv[] = { g_getenv ("LOKET_DISPLAY"), "--server", NULL, "--publish", NULL, "--keys", NULL,
                         "--as", "display1", "--size", size, "--no-sound", "--audio-out", NULL, NULL };

  f->server = loket_test_server_new (setup->charter);
  f->server->always_open = setup->charter != NULL;
  loket_test_server_start (f->server);
  f->wav = g_build_filename (f->server->dir, "board.wav", NULL);
  argv[2] = f->server->listen;
  argv[4] = f->server->publish;
  argv[6] = f->server->keys_dir;
  argv[13] = f->wav;
  f->app = loket_test_app_start (argv, "org.loket.Display", setup->width, setup->height);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_app_stop (f->app);
  loket_test_server_free (f->server);
  g_free (f->wav);
}

static void
issue (Fixture *f, const char *service)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (f->server, "kiosk1");
  g_autoptr(JsonObject) reply = loket_test_request (kiosk, "ISSUE", "service", service, NULL);
}

static gint64
call (Fixture *f, const char *counter)
{
  g_autoptr(LoketClient) clerk = loket_test_server_client (f->server, "counter1");
  g_autoptr(JsonObject) reply = loket_test_request (clerk, "CALL", "counter", counter, NULL);

  return json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id");
}

/* The announcer's segments log: one JSON object per announcement. */
static GPtrArray *
read_segments (Fixture *f)
{
  g_autofree char *path = g_strconcat (f->wav, ".segments", NULL);

  return loket_test_read_json_lines (path);
}

static GPtrArray *
wait_segments (Fixture *f, guint count)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      GPtrArray *segments = read_segments (f);

      if (segments->len >= count)
        return segments;
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (loket_test_app_get_log (f->app), &log, NULL, NULL);
          g_printerr ("%u of %u announcements; the board's log:\n%s\n", segments->len, count, log);
          return segments;
        }
      g_ptr_array_unref (segments);
      g_usleep (100 * 1000);
    }
}

static gint64
announced (Fixture *f)
{
  g_autoptr(GVariant) state = loket_test_app_get_state (f->app, "win.announced");

  return g_variant_get_int64 (state);
}

/* A call made with loketctl reaches the board and its announcement
 * queue. */
static void
test_call_appears (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) segments = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *called = NULL;
  JsonObject *first;

  loket_test_app_save_screenshot (f->app, "display-idle-1920x1080.png");
  issued = loket_test_server_ctl (f->server, "kiosk1", "issue", "ktp", NULL);
  called = loket_test_server_ctl (f->server, "counter1", "call", "1", NULL);
  g_assert_nonnull (strstr (called, "A-001"));
  loket_test_app_wait_state (f->app, "win.now-calling", g_variant_new_string ("A-001@1"), WAIT_MS);
  g_assert_cmpint (announced (f), >, 0);
  segments = wait_segments (f, 1);
  g_assert_cmpuint (segments->len, ==, 1);
  first = g_ptr_array_index (segments, 0);
  g_assert_cmpint (json_object_get_int_member (first, "seq"), ==, announced (f));
  g_assert_nonnull (strstr (json_object_get_string_member (first, "text"), "satu"));
}

/* Three counters call at the same instant: three announcements, in seq
 * order, one after another — never two at once. */
static void
test_simultaneous_calls (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClient) c1 = loket_test_server_client (f->server, "counter1");
  g_autoptr(LoketClient) c2 = loket_test_server_client (f->server, "counter2");
  g_autoptr(LoketClient) c3 = loket_test_server_client (f->server, "super");
  LoketClient *clerks[] = { c1, c2, c3 };
  const char *counters[] = { "1", "2", "3" };
  g_autoptr(GPtrArray) segments = NULL;

  issue (f, "ktp");
  issue (f, "kk");
  issue (f, "akta");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) body = loket_test_body ("counter", counters[i], NULL);
      loket_client_request_async (clerks[i], "CALL", body, NULL, NULL, NULL, NULL);
    }
  segments = wait_segments (f, 3);
  g_assert_cmpuint (segments->len, ==, 3);
  loket_test_app_save_screenshot (f->app, "display-busy-1920x1080.png");
  for (guint i = 1; i < segments->len; i++)
    {
      JsonObject *prev = g_ptr_array_index (segments, i - 1);
      JsonObject *cur = g_ptr_array_index (segments, i);

      g_assert_cmpint (json_object_get_int_member (cur, "seq"), >, json_object_get_int_member (prev, "seq"));
      g_assert_cmpint (json_object_get_int_member (cur, "start_sample"), ==,
                       json_object_get_int_member (prev, "end_sample"));
      g_assert_cmpint (json_object_get_int_member (cur, "started_at"), >=,
                       json_object_get_int_member (prev, "finished_at"));
    }
}

/* The server restarts: the board resyncs from a snapshot and says nothing
 * it has said before; the next call is announced as usual. */
static void
test_restart_no_repeat (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GVariant) resyncs = NULL;
  gint64 last;

  issue (f, "ktp");
  issue (f, "ktp");
  call (f, "1");
  before = wait_segments (f, 1);
  g_assert_cmpuint (before->len, ==, 1);
  last = announced (f);

  loket_test_server_stop (f->server);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (FALSE), WAIT_MS);
  loket_test_server_start (f->server);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
  resyncs = loket_test_app_get_state (f->app, "win.resyncs");
  g_assert_cmpuint (g_variant_get_uint32 (resyncs), >=, 1);
  /* The board still shows the call, from the snapshot… */
  loket_test_app_wait_state (f->app, "win.now-calling", g_variant_new_string ("A-001@1"), WAIT_MS);
  /* …and has not announced it again. */
  g_assert_cmpint (announced (f), ==, last);

  call (f, "2");
  loket_test_app_wait_state (f->app, "win.now-calling", g_variant_new_string ("A-002@2"), WAIT_MS);
  after = wait_segments (f, 2);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (after, 1), "seq"), >, last);
}

/* SIGSTOP: offline within about 3 s (the heartbeat is 1 s); SIGCONT: live. */
static void
test_offline (Fixture *f, gconstpointer data)
{
  gint64 stopped;

  issue (f, "ktp");
  call (f, "1");
  loket_test_app_wait_state (f->app, "win.now-calling", g_variant_new_string ("A-001@1"), WAIT_MS);
  stopped = g_get_monotonic_time ();
  loket_test_server_signal (f->server, SIGSTOP);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (FALSE), WAIT_MS);
  /* 3 s of silence, plus a heartbeat's second, plus a busy machine. */
  g_assert_cmpint (g_get_monotonic_time () - stopped, <, 6 * G_USEC_PER_SEC);
  loket_test_app_save_screenshot (f->app, "display-offline-1920x1080.png");
  loket_test_server_signal (f->server, SIGCONT);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
}

/* The sample office at work, for the README: a morning's calls behind
 * it, counters serving, one paused, a fresh call. */
static void
test_screens (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autoptr(LoketClient) clerk = loket_test_server_client (f->server, "counter1");
  const char *services[] = { "ktp-el", "ktp-el", "kk", "akta-lahir", "kk", "ktp-el", "pindah", "kia",
                             "kk", "ktp-el", "akta-mati", "ktp-el", "akta-lahir", "ktp-el", NULL };
  /* Counter, then what the clerk does after calling: "f" finish, "s"
   * start serving, "" leave it calling. */
  const char *steps[][2] = { { "1", "f" }, { "2", "f" }, { "3", "f" }, { "4", "f" },
                             { "5", "s" }, { "1", "s" }, { "2", "s" }, { "3", "" } };
  g_autofree char *name = NULL;
  g_autofree char *last = NULL;

  for (guint i = 0; services[i] != NULL; i++)
    issue (f, services[i]);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      const char *counter = steps[i][0];
      g_autoptr(JsonObject) called = loket_test_request (clerk, "CALL", "counter", counter, NULL);

      g_free (last);
      last = g_strdup_printf ("%s@%s", json_object_get_string_member (json_object_get_object_member (called, "ticket"),
                                                                       "number"), counter);
      if (*steps[i][1] != '\0')
        json_object_unref (loket_test_request (clerk, "START", "counter", counter, NULL));
      if (g_str_equal (steps[i][1], "f"))
        json_object_unref (loket_test_request (clerk, "FINISH", "counter", counter, NULL));
    }
  json_object_unref (loket_test_request (clerk, "PAUSE", "counter", "4", "reason", "prayer", NULL));
  loket_test_app_wait_state (f->app, "win.now-calling", g_variant_new_string (last), WAIT_MS);
  /* The pause by the charter's label in the board's language, not its id. */
  loket_test_app_wait_state (f->app, "win.tiles",
                             g_variant_new_strv ((const char *[]) { "1=Melayani", "2=Melayani", "3=Memanggil",
                                                                    "4=Istirahat: Sholat", "5=Melayani" }, 5),
                             WAIT_MS);
  loket_test_app_wait_state (f->app, "win.waiting", g_variant_new_int32 (6), WAIT_MS);
  /* The ticker's figures come a moment after the events. */
  loket_test_app_wait_state (f->app, "win.called-today", g_variant_new_int32 (G_N_ELEMENTS (steps)), WAIT_MS);
  name = g_strdup_printf ("display-busy-%dx%d.png", setup->width, setup->height);
  loket_test_app_save_screenshot (f->app, name);
}

/* The day closes (a supervisor, in training mode, where the hours do not
 * close it): the board shows the office closed instead of numbers nobody
 * will call, and opens again when a citizen queues. */
static void
test_day_closed (Fixture *f, gconstpointer data)
{
  g_autofree char *closed = NULL;

  issue (f, "ktp-el");
  issue (f, "kk");
  call (f, "1");
  loket_test_app_wait_state (f->app, "win.now-calling", g_variant_new_string ("A-001@1"), WAIT_MS);
  closed = loket_test_server_ctl (f->server, "super", "close-day", NULL);
  g_assert_nonnull (strstr (closed, "2 tickets left unserved"));
  loket_test_app_wait_state (f->app, "win.closed", g_variant_new_boolean (TRUE), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "display-closed-1920x1080.png");
  issue (f, "ktp-el");
  loket_test_app_wait_state (f->app, "win.closed", g_variant_new_boolean (FALSE), WAIT_MS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, setup, func) g_test_add (path, Fixture, setup, fixture_set_up, func, fixture_tear_down)
  ADD ("/display/call-appears", &full_hd, test_call_appears);
  ADD ("/display/simultaneous-calls", &full_hd, test_simultaneous_calls);
  ADD ("/display/restart-no-repeat", &full_hd, test_restart_no_repeat);
  ADD ("/display/offline", &full_hd, test_offline);
  ADD ("/display/screens/1920x1080", &full_hd_sample, test_screens);
  ADD ("/display/day-closed", &full_hd_sample, test_day_closed);
  ADD ("/display/screens/1280x720", &hd, test_screens);
#undef ADD
  return g_test_run ();
}
