/* loket-bench.c — how fast Loket is, next to how fast it could be.
 *
 * Starts a real loketd (CURVE, SQLite WAL + synchronous=FULL) on loopback
 * and measures durable issue latency, call → event latency, issue
 * throughput with 32 concurrent kiosks, and the idle server's CPU and
 * memory; then, on a fresh server, the same acts with 100 and with 5,000
 * people waiting (a large office's morning), the QUEUE listing a counter
 * asks for after each of them, and issuing again while a supervisor asks
 * for the day's report back to back (answered on loketd's reader thread,
 * apart from the queue).  Every figure is printed beside
 * the physical limit measured in the same run (loket-bench-limits.c) and
 * the ratio between them.
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
#define MS(usec) ((usec) / 1000.0)

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

/* A fresh directory, keys and ports (@port and the next) for a server. */
static void
server_setup (Server *server, int port)
{
  g_autoptr(GError) error = NULL;
  const char *roles[][2] = { { "super", "supervisor" }, { "counter", "counter" }, { "board", "display" } };

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
  Server  *server;
  guint    index;
  guint    n;
  gboolean mixed;   /* ktp and kk, one in five a priority; else ktp only */
} Kiosk;

/* A backlog like an office's: two services a counter calls, and the
 * priority groups the routing weighs against the rest. */
static JsonObject *
mixed_issue_body (guint i)
{
  JsonObject *body = body_of ("service", i % 3 == 2 ? "kk" : "ktp", NULL, NULL);

  if (i % 5 == 0)
    json_object_set_string_member (body, "priority", "elderly");
  return body;
}

static gpointer
kiosk_thread (gpointer data)
{
  Kiosk *k = data;
  g_autofree char *name = g_strdup_printf ("kiosk%u", k->index);
  g_autoptr(LoketClient) client = client_for (k->server, name);
  g_autoptr(JsonObject) body = body_of ("service", "ktp", NULL, NULL);

  for (guint i = 0; i < k->n; i++)
    {
      g_autoptr(JsonObject) mixed = k->mixed ? mixed_issue_body (k->index + i * N_KIOSKS) : NULL;

      request_or_die (client, "ISSUE", mixed ? mixed : body);
    }
  return NULL;
}

/* @per_kiosk tickets from each of 32 kiosks at once; the seconds it took. */
static double
issue_from_all_kiosks (Server *server, guint per_kiosk, gboolean mixed)
{
  Kiosk kiosks[N_KIOSKS];
  GThread *threads[N_KIOSKS];
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < N_KIOSKS; i++)
    {
      kiosks[i] = (Kiosk) { server, i, per_kiosk, mixed };
      threads[i] = g_thread_new ("kiosk", kiosk_thread, &kiosks[i]);
    }
  for (guint i = 0; i < N_KIOSKS; i++)
    g_thread_join (threads[i]);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Tickets per second with 32 kiosks issuing at once. */
static double
measure_throughput (Server *server, guint per_kiosk)
{
  return N_KIOSKS * per_kiosk / issue_from_all_kiosks (server, per_kiosk, FALSE);
}

/* ---- with people waiting ----------------------------------------------- */

typedef struct {
  BenchSamples issue;        /* issue → durable ack */
  BenchSamples call;         /* call → ack (the reply, not the event) */
  BenchSamples queue_server; /* loketd's processor time for one QUEUE */
  BenchSamples queue;        /* QUEUE → the whole list read by the client */
  BenchSamples issue_reports; /* issue → durable ack, reports running */
  BenchSamples report;       /* REPORT → the report read, meanwhile */
} Backlog;

static gint64
ticket_id_of (JsonObject *reply)
{
  return json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id");
}

/* Voids @reply's ticket, untimed: the backlog stays as it was. */
static void
void_ticket (LoketClient *super, JsonObject *reply)
{
  g_autoptr(JsonObject) voiding = json_object_new ();

  json_object_set_int_member (voiding, "ticket", ticket_id_of (reply));
  json_object_set_string_member (voiding, "reason", "benchmark");
  request_or_die (super, "VOID", voiding);
}

static JsonObject *
timed_request (LoketClient *client, const char *type, JsonObject *body, BenchSamples *out)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  JsonObject *reply = loket_client_request (client, type, body, &error);

  if (reply == NULL)
    g_error ("%s: %s", type, error->message);
  bench_samples_add (out, g_get_monotonic_time () - start);
  return reply;
}

/* Issue, call and QUEUE with the backlog the server has: each timed act
 * is undone by an untimed VOID, so the backlog stays the same throughout.
 * QUEUE's own cost is loketd's processor time for it (all its threads),
 * apart from the client's reading of a list thousands long. */
static void
measure_with_backlog (Server *server, guint n, guint n_queue, Backlog *out)
{
  g_autoptr(LoketClient) kiosk = client_for (server, "kiosk0");
  g_autoptr(LoketClient) counter = client_for (server, "counter");
  g_autoptr(LoketClient) super = client_for (server, "super");
  g_autoptr(JsonObject) call = body_of ("counter", "1", NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) issue = mixed_issue_body (i);
      g_autoptr(JsonObject) issued = timed_request (kiosk, "ISSUE", issue, &out->issue);
      g_autoptr(JsonObject) called = NULL;

      void_ticket (super, issued);
      request_or_die (kiosk, "ISSUE", issue);
      called = timed_request (counter, "CALL", call, &out->call);
      void_ticket (super, called);
    }
  for (guint i = 0; i < n_queue; i++)
    {
      guint64 before = bench_process_cpu_ns (server->pid);
      g_autoptr(JsonObject) queue = timed_request (counter, "QUEUE", call, &out->queue);

      bench_samples_add (&out->queue_server, (gint64) ((bench_process_cpu_ns (server->pid) - before) / 1000));
    }
}

/* A supervisor asking for the day's report again and again until told to
 * stop: loketd answers it on its reader thread, apart from the queue. */
typedef struct {
  Server       *server;
  gint          stop;
  gint          done;     /* reports answered so far */
  BenchSamples  report;   /* REPORT → the whole report read */
} Reporter;

static gpointer
reporter_thread (gpointer data)
{
  Reporter *r = data;
  g_autoptr(LoketClient) super = client_for (r->server, "super");

  while (!g_atomic_int_get (&r->stop))
    {
      json_object_unref (timed_request (super, "REPORT", NULL, &r->report));
      g_atomic_int_inc (&r->done);
    }
  return NULL;
}

/* issue → durable ack with the backlog, while a supervisor's reports run
 * back to back: what a kiosk sees while the head of office reads. */
static void
measure_issue_under_reports (Server *server, guint n, BenchSamples *issue, BenchSamples *report)
{
  g_autoptr(LoketClient) kiosk = client_for (server, "kiosk0");
  g_autoptr(LoketClient) super = client_for (server, "super");
  Reporter reporter = { server, 0, 0, { 0 } };
  GThread *thread;

  bench_samples_init (&reporter.report);
  thread = g_thread_new ("reporter", reporter_thread, &reporter);
  while (g_atomic_int_get (&reporter.done) < 2)   /* the reports under way */
    g_usleep (1000);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) body = mixed_issue_body (i);
      g_autoptr(JsonObject) issued = timed_request (kiosk, "ISSUE", body, issue);

      void_ticket (super, issued);
    }
  g_atomic_int_set (&reporter.stop, 1);
  g_thread_join (thread);
  *report = reporter.report;
}

static void
backlog_init (Backlog *b)
{
  bench_samples_init (&b->issue);
  bench_samples_init (&b->call);
  bench_samples_init (&b->queue_server);
  bench_samples_init (&b->queue);
  bench_samples_init (&b->issue_reports);
}

static void
backlog_clear (Backlog *b)
{
  bench_samples_clear (&b->issue);
  bench_samples_clear (&b->call);
  bench_samples_clear (&b->queue_server);
  bench_samples_clear (&b->queue);
  bench_samples_clear (&b->issue_reports);
  bench_samples_clear (&b->report);
}

static const guint backlogs[] = { 100, 5000 };

/* A fresh server, filled by the 32 kiosks to each backlog in turn and
 * measured there. */
static void
measure_backlogs (Server *busy, const char *loketd, const char *charter, gboolean quick,
                  Backlog out[G_N_ELEMENTS (backlogs)])
{
  guint waiting = 0;

  server_start (busy, loketd, charter);
  for (guint i = 0; i < G_N_ELEMENTS (backlogs); i++)
    {
      guint per_kiosk = (backlogs[i] - waiting) / N_KIOSKS;

      g_print ("Measuring loketd with %u waiting …\n", backlogs[i]);
      issue_from_all_kiosks (busy, per_kiosk, TRUE);
      waiting += per_kiosk * N_KIOSKS;
      for (; waiting < backlogs[i]; waiting++)
        {
          g_autoptr(LoketClient) kiosk = client_for (busy, "kiosk0");
          g_autoptr(JsonObject) body = mixed_issue_body (waiting);

          request_or_die (kiosk, "ISSUE", body);
        }
      measure_with_backlog (busy, quick ? 100 : 500, quick ? 5 : 20, &out[i]);
      measure_issue_under_reports (busy, quick ? 100 : 500, &out[i].issue_reports, &out[i].report);
    }
  server_stop (busy);
}

/* One backlog's rows: issue and call beside a round trip and a commit,
 * QUEUE (loketd's own time) against the 20 ms a clerk's screen may take. */
static void
add_backlog_rows (BenchTable *table, guint waiting, Backlog *b, const double rtt_commit[2])
{
  const double quantiles[] = { .5, .99 };
  const double targets[] = { 0, 1.5 };

  for (guint q = 0; q < G_N_ELEMENTS (quantiles); q++)
    {
      guint p = (guint) (quantiles[q] * 100);
      g_autofree char *key = g_strdup_printf ("issue_p%u_%u", p, waiting);
      g_autofree char *label = g_strdup_printf ("issue → durable ack p%u, %u waiting", p, waiting);

      bench_table_ratio (table, key, label, MS (bench_samples_quantile (&b->issue, quantiles[q])),
                         rtt_commit[q], "ms", BENCH_LOWER_IS_BETTER, targets[q]);
    }
  {
    g_autofree char *key = g_strdup_printf ("issue_p99_%u_reports", waiting);
    g_autofree char *label = g_strdup_printf ("  issue → durable ack p99, %u waiting, reports running", waiting);
    g_autofree char *report_key = g_strdup_printf ("report_rtt_%u", waiting);

    /* The reports are answered apart (loketd's reader thread): the queue
     * should barely notice them. */
    bench_table_ratio (table, key, label, MS (bench_samples_quantile (&b->issue_reports, .99)),
                       rtt_commit[1], "ms", BENCH_LOWER_IS_BETTER, 2);
    bench_table_absolute (table, report_key, "  the day's REPORT meanwhile, round trip p50",
                          MS (bench_samples_quantile (&b->report, .5)), "ms", 0);
  }
  for (guint q = 0; q < G_N_ELEMENTS (quantiles); q++)
    {
      guint p = (guint) (quantiles[q] * 100);
      g_autofree char *key = g_strdup_printf ("call_ack_p%u_%u", p, waiting);
      g_autofree char *label = g_strdup_printf ("call → ack p%u, %u waiting", p, waiting);

      bench_table_ratio (table, key, label, MS (bench_samples_quantile (&b->call, quantiles[q])),
                         rtt_commit[q], "ms", BENCH_LOWER_IS_BETTER, targets[q]);
    }
  {
    g_autofree char *key = g_strdup_printf ("queue_server_%u", waiting);
    g_autofree char *label = g_strdup_printf ("QUEUE, %u waiting: loketd's time p50", waiting);
    g_autofree char *client_key = g_strdup_printf ("queue_rtt_%u", waiting);

    bench_table_absolute (table, key, label, MS (bench_samples_quantile (&b->queue_server, .5)), "ms", 20);
    bench_table_absolute (table, client_key, "  QUEUE → list read by the client p50",
                          MS (bench_samples_quantile (&b->queue, .5)), "ms", 0);
  }
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

/* The run's keys, database and log; kept with LOKET_BENCH_KEEP=1. */
static void
server_remove (Server *server)
{
  g_autofree char *quoted = g_shell_quote (server->dir);
  g_autofree char *rm = g_strdup_printf ("rm -rf %s", quoted);

  if (g_getenv ("LOKET_BENCH_KEEP") == NULL)
    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  else
    g_print ("bench: the run's files are in %s\n", server->dir);
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
  Server server = { 0 }, busy = { 0 };
  Backlog backlog[G_N_ELEMENTS (backlogs)];
  int port = 20000 + (int) (getpid () % 20000);
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
  for (guint i = 0; i < G_N_ELEMENTS (backlogs); i++)
    backlog_init (&backlog[i]);

  server_setup (&server, port);
  server_setup (&busy, port + 2);
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
  measure_backlogs (&busy, argv[1], argv[2], quick, backlog);
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
  for (guint i = 0; i < G_N_ELEMENTS (backlogs); i++)
    add_backlog_rows (table, backlogs[i], &backlog[i], rtt_commit);
  bench_table_note (table, "%u operations each; %u kiosks × %u tickets; memory after the load", n, N_KIOSKS, per_kiosk);
  bench_table_note (table, "with people waiting: a fresh server, ktp and kk, one in five a priority; "
                    "%u issues and calls, each voided to keep the backlog; %u QUEUEs", quick ? 100 : 500, quick ? 5 : 20);
  if (!bench_table_finish (table, json_path, &error))
    g_printerr ("loket-bench: %s\n", error->message);

  server_remove (&server);
  server_remove (&busy);
  bench_samples_clear (&rtt);
  bench_samples_clear (&commit);
  bench_samples_clear (&issue);
  bench_samples_clear (&call);
  for (guint i = 0; i < G_N_ELEMENTS (backlogs); i++)
    backlog_clear (&backlog[i]);
  return 0;
}
