/* loket-bench.c — how fast Loket is, next to how fast it could be.
 *
 * Starts a real loketd (CURVE, SQLite WAL + synchronous=FULL) on loopback
 * and measures durable issue latency, call → event latency, issue
 * throughput with 32 concurrent kiosks, and the idle server's CPU and
 * memory.  Every figure is printed beside the physical limit measured in
 * the same run (loket-bench-limits.c) and the ratio between them.
 *
 *   loket-bench [--quick] [--json FILE] LOKETD CHARTER
 *
 * A measurement, not a test: it always exits 0 once it has measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-bench.h"
#include "loket-bench-table.h"
#include "loket-client.h"
#include "loket-keys.h"
#include "loket-message.h"
#include "loket-subscriber.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <locale.h>

#define N_KIOSKS 32

typedef struct {
  char   *dir;
  char   *keys;
  char   *listen;
  char   *publish;
  GPid    pid;
} Server;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
server_start (Server *server, const char *loketd, const char *charter)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (server->dir, "loket.db", NULL);
  g_autofree char *log = g_build_filename (server->dir, "loketd.log", NULL);
  const char *argv[] = { loketd, "--charter", charter, "--db", db, "--keys", server->keys,
                         "--listen", server->listen, NULL };
  int log_fd = g_open (log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_autoptr(LoketClientKey) key = loket_client_key_load (server->keys, "super", NULL);
  g_autoptr(LoketClient) client = loket_client_new (server->listen, key, NULL, NULL);
  g_autoptr(JsonObject) status = NULL;

  if (!g_spawn_async_with_fds (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                               &server->pid, -1, log_fd, log_fd, &error))
    g_error ("cannot start %s: %s", loketd, error->message);
  close (log_fd);
  loket_client_set_timeout (client, 30000, 200);
  status = loket_client_request (client, "STATUS", NULL, &error);
  if (status == NULL)
    g_error ("loketd did not answer: %s (see %s)", error->message, log);
}

static void
server_stop (Server *server)
{
  int status;

  kill (server->pid, SIGTERM);
  waitpid (server->pid, &status, 0);
  g_spawn_close_pid (server->pid);
}

static void
server_setup (Server *server)
{
  g_autoptr(GError) error = NULL;
  const char *roles[][2] = { { "super", "supervisor" }, { "counter", "counter" }, { "board", "display" } };
  int port = 20000 + (int) (getpid () % 20000);

  server->dir = g_dir_make_tmp ("loket-bench-XXXXXX", &error);
  g_assert_no_error (error);
  server->keys = g_build_filename (server->dir, "keys", NULL);
  server->listen = g_strdup_printf ("tcp://127.0.0.1:%d", port);
  server->publish = g_strdup_printf ("tcp://127.0.0.1:%d", port + 1);
  g_assert_true (loket_keys_init (server->keys, &error));
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      LoketRole role;

      loket_role_from_string (roles[i][1], &role);
      g_assert_true (loket_keys_add (server->keys, roles[i][0], role, &error));
    }
  for (guint i = 0; i < N_KIOSKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("kiosk%u", i);

      g_assert_true (loket_keys_add (server->keys, name, LOKET_ROLE_KIOSK, &error));
    }
}

static LoketClient *
client_for (Server *server, const char *name)
{
  g_autoptr(LoketClientKey) key = loket_client_key_load (server->keys, name, NULL);
  LoketClient *client = loket_client_new (server->listen, key, NULL, NULL);

  loket_client_set_timeout (client, 60000, 5000);
  return client;
}

static void
request_or_die (LoketClient *client, const char *type, JsonObject *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request (client, type, body, &error);

  if (reply == NULL)
    g_error ("%s: %s", type, error->message);
}

static JsonObject *
body_of (const char *key, const char *value, const char *key2, const char *value2)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, key, value);
  if (key2 != NULL)
    json_object_set_string_member (body, key2, value2);
  return body;
}

/* ---- the measurements -------------------------------------------------- */

/* issue → durable ack, one kiosk, one request at a time. */
static void
measure_issue (Server *server, guint n, BenchSamples *out)
{
  g_autoptr(LoketClient) kiosk = client_for (server, "kiosk0");
  g_autoptr(JsonObject) body = body_of ("service", "ktp", NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      gint64 start = g_get_monotonic_time ();

      request_or_die (kiosk, "ISSUE", body);
      bench_samples_add (out, g_get_monotonic_time () - start);
    }
}

static void
on_event (LoketSubscriber *sub, const char *type, JsonObject *event, guint *called)
{
  if (g_str_equal (type, "CALLED"))
    (*called)++;
}

/* call → CALLED event at a subscriber: the time from sending CALL to the
 * board having the event (the reply is waited for too, so this is an
 * upper bound).  Each called ticket is voided, untimed, to free the
 * counter for the next call. */
static void
measure_call (Server *server, guint n, BenchSamples *out)
{
  g_autoptr(LoketClient) kiosk = client_for (server, "kiosk1");
  g_autoptr(LoketClient) counter = client_for (server, "counter");
  g_autoptr(LoketClient) super = client_for (server, "super");
  g_autoptr(LoketClientKey) board_key = loket_client_key_load (server->keys, "board", NULL);
  g_autoptr(LoketSubscriber) board = loket_subscriber_new (server->listen, server->publish, board_key, NULL, NULL);
  g_autoptr(JsonObject) issue = body_of ("service", "kk", NULL, NULL);
  g_autoptr(JsonObject) call = body_of ("counter", "1", NULL, NULL);
  guint called = 0;

  g_signal_connect (board, "event", G_CALLBACK (on_event), &called);
  while (!loket_subscriber_get_online (board))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) reply = NULL;
      g_autoptr(JsonObject) voiding = json_object_new ();
      guint before = called;
      gint64 start;

      request_or_die (kiosk, "ISSUE", issue);
      start = g_get_monotonic_time ();
      reply = loket_client_request (counter, "CALL", call, NULL);
      g_assert_nonnull (reply);
      while (called == before)
        g_main_context_iteration (NULL, TRUE);
      bench_samples_add (out, g_get_monotonic_time () - start);
      json_object_set_int_member (voiding, "ticket",
                                  json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id"));
      json_object_set_string_member (voiding, "reason", "benchmark");
      request_or_die (super, "VOID", voiding);
    }
}

typedef struct {
  Server *server;
  guint   index;
  guint   n;
} Kiosk;

static gpointer
kiosk_thread (gpointer data)
{
  Kiosk *k = data;
  g_autofree char *name = g_strdup_printf ("kiosk%u", k->index);
  g_autoptr(LoketClient) client = client_for (k->server, name);
  g_autoptr(JsonObject) body = body_of ("service", "ktp", NULL, NULL);

  for (guint i = 0; i < k->n; i++)
    request_or_die (client, "ISSUE", body);
  return NULL;
}

/* Tickets per second with 32 kiosks issuing at once. */
static double
measure_throughput (Server *server, guint per_kiosk)
{
  Kiosk kiosks[N_KIOSKS];
  GThread *threads[N_KIOSKS];
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < N_KIOSKS; i++)
    {
      kiosks[i] = (Kiosk) { server, i, per_kiosk };
      threads[i] = g_thread_new ("kiosk", kiosk_thread, &kiosks[i]);
    }
  for (guint i = 0; i < N_KIOSKS; i++)
    g_thread_join (threads[i]);
  return N_KIOSKS * per_kiosk / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

/* The idle server (after it settled from the load): its CPU share over
 * @seconds and its memory. */
static void
measure_idle (Server *server, guint seconds, double *cpu_percent, double *rss_mb, double *pss_mb,
              double *private_mb)
{
  g_usleep (3 * G_USEC_PER_SEC);
  *cpu_percent = bench_process_cpu_percent (server->pid, seconds);
  bench_process_memory (server->pid, rss_mb, pss_mb, private_mb);
}

/* The server's own count of requests and commits (group commit at work). */
static void
server_counters (Server *server, gint64 *requests, gint64 *commits)
{
  g_autoptr(LoketClient) super = client_for (server, "super");
  g_autoptr(JsonObject) status = loket_client_request (super, "STATUS", NULL, NULL);
  JsonObject *figures = status ? json_object_get_object_member (status, "server") : NULL;

  *requests = figures ? json_object_get_int_member (figures, "requests") : 0;
  *commits = figures ? json_object_get_int_member (figures, "commits") : 0;
}

#define MS(usec) ((usec) / 1000.0)

int
main (int argc, char **argv)
{
  gboolean quick = g_strcmp0 (g_getenv ("LOKET_BENCH_QUICK"), "1") == 0;
  g_autofree char *json_path = NULL;
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Fewer iterations (a smoke run)", NULL },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Also write the figures as JSON", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("LOKETD CHARTER");
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchTable) table = NULL;
  Server server = { 0 };
  BenchSamples rtt, commit, issue, call;
  guint n, per_kiosk;
  double throughput, one_fsync, cpu, rss, pss, private_mb, rtt_commit[2];
  gint64 requests[2], commits[2];

  setlocale (LC_ALL, "");   /* the tables speak UTF-8: →, ×, ≤ */

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || argc != 3)
    {
      g_printerr ("usage: loket-bench [--quick] [--json FILE] LOKETD CHARTER\n");
      return 2;
    }
  n = quick ? 200 : 2000;
  per_kiosk = quick ? 20 : 100;
  bench_samples_init (&rtt);
  bench_samples_init (&commit);
  bench_samples_init (&issue);
  bench_samples_init (&call);

  server_setup (&server);
  g_print ("Measuring limits (raw ZeroMQ round trip, raw SQLite commit) …\n");
  bench_raw_round_trip (n, &rtt);
  bench_raw_commit (server.dir, quick ? 100 : 500, &commit);
  server_start (&server, argv[1], argv[2]);
  g_print ("Measuring loketd (%u operations each) …\n", n);
  measure_issue (&server, n, &issue);
  measure_call (&server, n, &call);
  server_counters (&server, &requests[0], &commits[0]);
  throughput = measure_throughput (&server, per_kiosk);
  server_counters (&server, &requests[1], &commits[1]);
  measure_idle (&server, quick ? 3 : 10, &cpu, &rss, &pss, &private_mb);
  server_stop (&server);
  one_fsync = G_USEC_PER_SEC / bench_samples_mean (&commit);

  /* The limit of a durable request: one network round trip and one
   * commit, each at the same quantile. */
  rtt_commit[0] = MS (bench_samples_quantile (&rtt, .5) + bench_samples_quantile (&commit, .5));
  rtt_commit[1] = MS (bench_samples_quantile (&rtt, .99) + bench_samples_quantile (&commit, .99));
  table = bench_table_new ("server", "loketd: latency, throughput, idle cost");
  bench_table_absolute (table, "raw_rtt_p50", "raw ZeroMQ round trip p50", MS (bench_samples_quantile (&rtt, .5)), "ms", 0);
  bench_table_absolute (table, "raw_rtt_p99", "raw ZeroMQ round trip p99", MS (bench_samples_quantile (&rtt, .99)), "ms", 0);
  bench_table_absolute (table, "raw_commit_p50", "raw SQLite FULL commit p50", MS (bench_samples_quantile (&commit, .5)), "ms", 0);
  bench_table_absolute (table, "raw_commit_p99", "raw SQLite FULL commit p99", MS (bench_samples_quantile (&commit, .99)), "ms", 0);
  bench_table_ratio (table, "issue_p50", "issue → durable ack p50", MS (bench_samples_quantile (&issue, .5)),
                     rtt_commit[0], "ms", BENCH_LOWER_IS_BETTER, 0);
  bench_table_ratio (table, "issue_p99", "issue → durable ack p99", MS (bench_samples_quantile (&issue, .99)),
                     rtt_commit[1], "ms", BENCH_LOWER_IS_BETTER, 2);
  bench_table_ratio (table, "call_p50", "call → event at a subscriber p50", MS (bench_samples_quantile (&call, .5)),
                     rtt_commit[0], "ms", BENCH_LOWER_IS_BETTER, 0);
  bench_table_ratio (table, "call_p99", "call → event at a subscriber p99", MS (bench_samples_quantile (&call, .99)),
                     rtt_commit[1], "ms", BENCH_LOWER_IS_BETTER, 2);
  bench_table_ratio (table, "throughput", "issue throughput, 32 kiosks (vs 1 fsync/ticket)", throughput,
                     one_fsync, "/s", BENCH_HIGHER_IS_BETTER, 20);
  bench_table_absolute (table, "batching", "  requests per commit in that burst",
                        (double) (requests[1] - requests[0] - 1) / MAX (commits[1] - commits[0], 1), "", 0);
  bench_table_absolute (table, "idle_cpu", "loketd idle CPU", cpu, "%", 0.1);
  bench_table_absolute (table, "idle_rss", "loketd resident memory", rss, "MB", 10);
  bench_table_absolute (table, "idle_pss", "  its share of it (PSS)", pss, "MB", 0);
  bench_table_absolute (table, "idle_private", "  its own (heap, stacks)", private_mb, "MB", 0);
  bench_table_note (table, "%u operations each; %u kiosks × %u tickets; memory after the load", n, N_KIOSKS, per_kiosk);
  if (!bench_table_finish (table, json_path, &error))
    g_printerr ("loket-bench: %s\n", error->message);

  {
    /* The run's keys, database and log; kept with LOKET_BENCH_KEEP=1. */
    g_autofree char *quoted = g_shell_quote (server.dir);
    g_autofree char *rm = g_strdup_printf ("rm -rf %s", quoted);

    if (g_getenv ("LOKET_BENCH_KEEP") == NULL)
      g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
    else
      g_print ("bench: the run's files are in %s\n", server.dir);
  }
  bench_samples_clear (&rtt);
  bench_samples_clear (&commit);
  bench_samples_clear (&issue);
  bench_samples_clear (&call);
  return 0;
}
