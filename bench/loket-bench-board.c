/* loket-bench-board.c — from a clerk's CALL to the board showing it.
 *
 * Starts a real loketd and a real loket-display (under Xvfb, on a private
 * D-Bus bus, as the tests do) and measures, for each of N calls, the time
 * from sending CALL to the board's "now-calling" state changing to that
 * number — the board's own org.gtk.Actions "Changed" signal, emitted when
 * it has applied the event to what it shows.  Printed beside a raw ZeroMQ
 * round trip measured in the same run.
 *
 *   loket-bench-board [--quick]      (environment as for the tests)
 *
 * A measurement, not a test: it exits 0 once it has measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-bench.h"
#include "loket-bench-table.h"
#include "loket-message.h"
#include "loket-test-app.h"
#include "loket-test-server.h"
#include <locale.h>


typedef struct {
  char    *expected;   /* "A-007@1" */
  gboolean seen;
} Watch;

/* org.gtk.Actions.Changed (as removals, a{sb} enabled, a{sv} state,
 * a{s(bgav)} additions). */
static void
on_changed (GDBusConnection *bus, const char *sender, const char *path, const char *iface,
            const char *signal, GVariant *params, gpointer user_data)
{
  Watch *watch = user_data;
  g_autoptr(GVariant) states = g_variant_get_child_value (params, 2);
  g_autoptr(GVariant) now = g_variant_lookup_value (states, "now-calling", G_VARIANT_TYPE_STRING);

  if (now != NULL && watch->expected != NULL && g_str_equal (g_variant_get_string (now, NULL), watch->expected))
    watch->seen = TRUE;
}

int
main (int argc, char **argv)
{
  gboolean quick = (argc > 1 && g_str_equal (argv[1], "--quick")) ||
                   g_strcmp0 (g_getenv ("LOKET_BENCH_QUICK"), "1") == 0;
  guint n = quick ? 100 : 500;
  g_autoptr(LoketTestServer) server = loket_test_server_new (NULL);
  g_autofree char *size = NULL;
  LoketTestApp *app;
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(LoketClient) clerk = NULL;
  g_autoptr(LoketClient) super = NULL;
  g_autoptr(BenchTable) table = NULL;
  BenchSamples board, raw;
  Watch watch = { NULL, FALSE };
  guint subscription;

  setlocale (LC_ALL, "");   /* the tables speak UTF-8: →, ×, ≤ */

  loket_test_server_start (server);
  {
    const char *app_argv[] = { g_getenv ("LOKET_DISPLAY"), "--server", server->listen, "--publish",
                               server->publish, "--keys", server->keys_dir, "--as", "display1",
                               "--size", "1920x1080", "--no-sound", NULL };
    app = loket_test_app_start (app_argv, "org.loket.Display", 1920, 1080);
  }
  loket_test_app_wait_state (app, "win.online", g_variant_new_boolean (TRUE), 30000);
  subscription = g_dbus_connection_signal_subscribe (loket_test_app_get_bus (app), NULL, "org.gtk.Actions",
                                                     "Changed", "/org/loket/Display/window/1", NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE, on_changed, &watch, NULL);
  kiosk = loket_test_server_client (server, "kiosk1");
  clerk = loket_test_server_client (server, "counter1");
  super = loket_test_server_client (server, "super");
  bench_samples_init (&board);
  bench_samples_init (&raw);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL);
      const char *number = json_object_get_string_member (json_object_get_object_member (issued, "ticket"), "number");
      g_autoptr(JsonObject) body = loket_test_body ("counter", "1", NULL);
      g_autoptr(JsonObject) called = NULL;
      g_autoptr(JsonObject) voided = NULL;
      gint64 start, deadline;

      g_free (watch.expected);
      watch.expected = g_strdup_printf ("%s@1", number);
      watch.seen = FALSE;
      start = g_get_monotonic_time ();
      called = loket_client_request (clerk, "CALL", body, NULL);
      g_assert_nonnull (called);
      deadline = start + 10 * G_USEC_PER_SEC;
      while (!watch.seen && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (watch.seen);
      bench_samples_add (&board, g_get_monotonic_time () - start);
      voided = loket_test_request (super, "VOID", "ticket", number, "reason", "benchmark", NULL);
    }
  bench_raw_round_trip (quick ? 500 : 2000, &raw);

  table = bench_table_new ("board", "Call → board");
  bench_table_ratio (table, "board_p50", "call → board shows it p50", bench_samples_quantile (&board, 0.5) / 1000,
                     bench_samples_quantile (&raw, 0.5) / 1000, "ms", BENCH_LOWER_IS_BETTER, 0);
  bench_table_ratio (table, "board_p99", "call → board shows it p99", bench_samples_quantile (&board, 0.99) / 1000,
                     bench_samples_quantile (&raw, 0.99) / 1000, "ms", BENCH_LOWER_IS_BETTER, 0);
  bench_table_note (table, "%u calls to a loket-display at 1920×1080 under Xvfb, its state read over D-Bus; "
                    "the limit is a raw ZeroMQ round trip", n);
  bench_table_finish (table, NULL, NULL);

  g_dbus_connection_signal_unsubscribe (loket_test_app_get_bus (app), subscription);
  loket_test_app_stop (app);
  g_free (watch.expected);
  bench_samples_clear (&board);
  bench_samples_clear (&raw);
  return 0;
}
