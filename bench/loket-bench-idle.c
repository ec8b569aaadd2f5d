/* loket-bench-idle.c — what each Loket process costs the office PC it
 * runs on while nothing happens: processor share and memory.
 *
 * A kiosk, a board, a clerk's counter and the supervisor's view spend
 * most of the day waiting for citizens; on a small PC beside other
 * programs they should cost next to nothing then.  Each app is started
 * for real (under Xvfb, on a private D-Bus bus, as the tests run them)
 * against a real loketd, brought to its working state (the kiosk with a
 * real IPP printer, the clerk and the supervisor signed in, a few
 * citizens waiting so the lists and timers have something to show), left
 * to settle, and measured over a quiet interval.  loketd's own idle cost
 * is measured by loket-bench, after its load.
 *
 * There is no physical limit to an idle cost (zero is the limit); the
 * figures are shown as they are.  What an X server spends drawing for an
 * app is in Xvfb, not counted here.
 *
 *   loket-bench-idle [--quick] [--json FILE]     (environment as for the tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-bench-table.h"
#include "loket-test-app.h"
#include "loket-test-printer.h"
#include "loket-test-server.h"
#include <locale.h>

#define SETTLE_SECONDS 3
#define WAIT_MS        60000

typedef struct {
  const char *key;       /* "kiosk" */
  const char *label;     /* "kiosk (touch screen, printer)" */
  const char *app_id;
  int         width, height;
  const char *argv[24];
  const char *login[3];  /* win.login's (ss) or (sss), or NULL */
} App;

static void
measure (BenchTable *table, App *app, guint seconds)
{
  LoketTestApp *running = loket_test_app_start (app->argv, app->app_id, app->width, app->height);
  g_autofree char *cpu_key = g_strdup_printf ("%s_idle_cpu", app->key);
  g_autofree char *cpu_label = g_strdup_printf ("%s idle CPU", app->label);
  g_autofree char *rss_key = g_strdup_printf ("%s_rss", app->key);
  g_autofree char *rss_label = g_strdup_printf ("%s resident memory", app->label);
  g_autofree char *pss_key = g_strdup_printf ("%s_pss", app->key);
  g_autofree char *private_key = g_strdup_printf ("%s_private", app->key);
  double rss, pss, private_mb;

  loket_test_app_wait_state (running, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
  if (app->login[2] != NULL)
    loket_test_app_activate (running, "win.login",
                             g_variant_new ("(sss)", app->login[0], app->login[1], app->login[2]));
  else if (app->login[0] != NULL)
    loket_test_app_activate (running, "win.login", g_variant_new ("(ss)", app->login[0], app->login[1]));
  g_usleep (SETTLE_SECONDS * G_USEC_PER_SEC);

  bench_table_absolute (table, cpu_key, cpu_label,
                        bench_process_cpu_percent (loket_test_app_get_pid (running), seconds), "%", 0);
  bench_process_memory (loket_test_app_get_pid (running), &rss, &pss, &private_mb);
  bench_table_absolute (table, rss_key, rss_label, rss, "MB", 0);
  bench_table_absolute (table, pss_key, "  its share of it (PSS)", pss, "MB", 0);
  bench_table_absolute (table, private_key, "  its own (heap, stacks)", private_mb, "MB", 0);
  loket_test_app_stop (running);
}

int
main (int argc, char **argv)
{
  gboolean quick = g_strcmp0 (g_getenv ("LOKET_BENCH_QUICK"), "1") == 0;
  g_autofree char *json_path = NULL;
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "A shorter quiet interval", NULL },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Also write the figures as JSON", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— idle cost of each app");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTestServer) server = loket_test_server_new (NULL);
  g_autoptr(BenchTable) table = bench_table_new ("apps", "The apps, idle: processor share and memory");
  g_autoptr(LoketClient) kiosk = NULL;
  LoketTestPrinter *printer;
  guint seconds;

  setlocale (LC_ALL, "");   /* the tables speak UTF-8: →, ×, ≤ */

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);
  seconds = quick ? 3 : 10;

  loket_test_server_start (server);
  loket_test_server_add_staff (server, "siti", "Siti Rahma", "2468", "clerk");
  loket_test_server_add_staff (server, "rina", "Rina Wulandari", "9153", "supervisor");
  kiosk = loket_test_server_client (server, "kiosk1");
  for (guint i = 0; i < 5; i++)
    json_object_unref (loket_test_request (kiosk, "ISSUE", "service", i % 2 ? "ktp" : "kk", NULL));
  printer = loket_test_printer_start ("Loket_Bench", NULL, &error);
  if (printer == NULL)
    g_error ("the bench's printer: %s", error->message);

  {
    const char *kiosk_bin = g_getenv ("LOKET_KIOSK"), *display = g_getenv ("LOKET_DISPLAY");
    const char *counter = g_getenv ("LOKET_COUNTER");
    App apps[] = {
      { "kiosk", "kiosk", "org.loket.Kiosk", 1080, 1920,
        { kiosk_bin, "--server", server->listen, "--publish", server->publish, "--keys", server->keys_dir,
          "--as", "kiosk1", "--size", "1080x1920", "--printer", loket_test_printer_get_uri (printer), NULL },
        { NULL } },
      { "board", "board", "org.loket.Display", 1920, 1080,
        { display, "--server", server->listen, "--publish", server->publish, "--keys", server->keys_dir,
          "--as", "display1", "--size", "1920x1080", "--no-sound", NULL },
        { NULL } },
      { "counter", "counter (clerk signed in)", "org.loket.Counter", 1366, 768,
        { counter, "--server", server->listen, "--publish", server->publish, "--keys", server->keys_dir,
          "--as", "counter1", "--counter", "1", "--size", "1366x768", NULL },
        { "1", "siti", "2468" } },
      { "supervisor", "supervisor's view (signed in)", "org.loket.Supervisor", 1920, 1080,
        { counter, "--supervisor", "--server", server->listen, "--publish", server->publish, "--keys",
          server->keys_dir, "--as", "super", "--size", "1920x1080", NULL },
        { "rina", "9153", NULL } },
    };
    for (guint i = 0; i < G_N_ELEMENTS (apps); i++)
      {
        g_print ("Measuring the %s, idle for %u s …\n", apps[i].key, seconds);
        measure (table, &apps[i], seconds);
      }
  }
  bench_table_note (table, "each app in its working state, %u s after start, over %u quiet seconds; "
                    "the X server's own drawing not counted", SETTLE_SECONDS, seconds);
  loket_test_printer_stop (printer);
  if (!bench_table_finish (table, json_path, &error))
    g_printerr ("loket-bench-idle: %s\n", error->message);
  return 0;
}
