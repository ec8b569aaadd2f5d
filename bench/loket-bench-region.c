/* loket-bench-region.c — a generated region loaded into a throw-away
 * PostgreSQL through loket-sync's own batch code, beside PostgreSQL's own
 * COPY into the same events table, and the regional month report's time
 * beside a sequential scan of the tickets projection (docs/region.md,
 * "Scale").
 *
 * The region is N offices × D days of about P tickets a day.  Each office
 * is an office database written by loket-gen (citizens, calls, recalls,
 * transfers, voids, clerks' logins and pauses, the hash chain as loketd
 * writes it); generating is slow (about a millisecond a ticket) and large
 * (about 5 KB a ticket in SQLite), so a few distinct office databases
 * ("templates", cached like the report benchmark's year) are generated
 * once and each office of the region ships one of them under its own id:
 * every office's chain is valid and checked by the sync, as in the field.
 *
 * Measured, in one run on one cluster (fsync on):
 *  - the ingest: every office shipped by LoketSync (loket_sync_ship_batch:
 *    the chain checked, the batch redacted, one transaction inserting the
 *    events, the tickets projection and the mark), by --jobs threads at
 *    once, as offices ship side by side; events a second;
 *  - the limit: `COPY events FROM STDIN` of the same rows (under other
 *    office ids, up to --copy-rows of them) into the same partitioned,
 *    indexed table; rows a second;
 *  - the month report: per office and service, tickets, called, served,
 *    within the promise and the mean wait over the month, ranked by the
 *    share within the promise, in SQL over the projection (what
 *    `loketctl report --central` will ask; timed here as that query), beside
 *    a sequential scan of the projection; best of three after a warm-up.
 *
 *   loket-bench-region [--offices N] [--days D] [--per-day P] [--templates T]
 *                      [--jobs J] [--batch-size B] [--copy-rows R]
 *
 * Defaults: 10 offices × 3 days × 2,000 tickets (LOKET_BENCH_REGION_OFFICES,
 * _DAYS, _PER_DAY override them; LOKET_BENCH_QUICK: 4 × 2 × 500).  The
 * full region of issue 20 is --offices 1000 --days 30: hours, and about
 * 300 GB for PostgreSQL (TMPDIR names where its cluster goes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "loket-bench-table.h"
#include "loket-gen.h"
#include "loket-sync.h"
#include "loket-test-postgres.h"

#define START_DAY "2026-03-01"
#define MONTH_FROM "2026-03-01"
#define MONTH_TO "2026-04-01"
#define RUNS 3
/* A region-wide outage of a day is caught up within this (the row
 * "a day of the full region"): the region's need, not a machine limit. */
#define CATCH_UP_DAY_SEC 3600.0
#define FULL_REGION_OFFICES 1000
#define FULL_REGION_PER_DAY 2000.0   /* tickets an office a day: issue 20's 60 million a month */

typedef struct {
  int offices, days, per_day, templates, jobs, batch_size, copy_rows;
} Size;

typedef struct {
  const Size *size;
  GPtrArray  *templates;   /* paths */
  const char *central;
  gint        next;        /* the next office to ship (atomic) */
  GMutex      lock;
  gint64      events;      /* shipped, under the lock */
} Ingest;

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
env_int (const char *name, int fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && atoi (value) > 0 ? atoi (value) : fallback;
}

/* Template @i: made once, kept in @cache for later runs. */
static char *
template_database (const char *cache, const Size *size, guint i)
{
  g_autofree char *name = g_strdup_printf ("region-office-%u-d%d-p%d-s%d.db", i, size->days, size->per_day,
                                           LOKET_STORE_SCHEMA_VERSION);
  char *path = g_build_filename (cache, name, NULL);
  LoketGenOptions options = { path, LOKET_SAMPLE_CHARTER, START_DAY, (guint) size->days,
                              (guint) size->per_day, 0, 1000 + i, TRUE };
  LoketGenStats stats;
  g_autoptr(GError) error = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return path;
  if (g_mkdir_with_parents (cache, 0755) != 0 || !loket_gen_run (&options, &stats, &error))
    g_error ("generating %s: %s", path, error->message);
  g_print ("generated %s: %" G_GINT64_FORMAT " tickets, %" G_GINT64_FORMAT " events in %.0f s\n", path,
           stats.tickets, stats.events, stats.usec / 1e6);
  return path;
}

/* A worker: takes the next office and ships all of it. */
static gpointer
ingest_worker (gpointer data)
{
  Ingest *in = data;
  gint office;

  while ((office = g_atomic_int_add (&in->next, 1)) < in->size->offices)
    {
      g_autofree char *id = g_strdup_printf ("kantor-%04d", office + 1);
      LoketSyncSettings settings = { g_ptr_array_index (in->templates, office % in->templates->len), id,
                                     (char *) in->central, (guint) in->size->batch_size, "bench-key" };
      g_autoptr(GError) error = NULL;
      g_autoptr(LoketSync) sync = loket_sync_new (&settings, &error);
      guint shipped;
      gint64 events = 0;

      if (sync == NULL)
        g_error ("%s: %s", id, error->message);
      do
        {
          if (!loket_sync_ship_batch (sync, &shipped, &error))
            g_error ("%s: %s", id, error->message);
          events += shipped;
        }
      while (shipped > 0);
      g_mutex_lock (&in->lock);
      in->events += events;
      g_mutex_unlock (&in->lock);
    }
  return NULL;
}

static void
exec_ok (PGconn *conn, const char *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
}

/* The best wall time of RUNS runs of @sql after a warm-up; its rows. */
static double
query_best (PGconn *conn, const char *sql, int *rows)
{
  double best = G_MAXDOUBLE;

  for (int run = 0; run <= RUNS; run++)
    {
      double start = now_s ();
      g_autoptr(PGresult) result = PQexec (conn, sql);

      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      if (run > 0)
        best = MIN (best, now_s () - start);
      *rows = PQntuples (result);
    }
  return best;
}

/* The events as COPY text, under other office ids (so they land beside
 * the ingested ones, in the same partitions and indexes), into @path;
 * the rows written. */
static gint64
copy_out (PGconn *conn, const char *path, int limit)
{
  g_autofree char *sql = g_strdup_printf ("COPY (SELECT 'copy-' || office, seq, at, time_us, actor, device,"
                                          " type, ticket, payload, redacted, prev_hash, hash FROM events"
                                          " LIMIT %d) TO STDOUT", limit);
  g_autoptr(PGresult) start = PQexec (conn, sql);
  FILE *out = fopen (path, "w");
  gint64 rows = 0;
  char *line;
  int n;

  if (PQresultStatus (start) != PGRES_COPY_OUT || out == NULL)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  while ((n = PQgetCopyData (conn, &line, 0)) > 0)
    {
      fwrite (line, 1, (size_t) n, out);
      PQfreemem (line);
      rows++;
    }
  fclose (out);
  PQclear (PQgetResult (conn));
  return rows;
}

/* COPY events FROM STDIN of the file: its wall time. */
static double
copy_in (PGconn *conn, const char *path)
{
  g_autoptr(PGresult) start = NULL;
  FILE *in = fopen (path, "r");
  char buffer[1 << 16];
  size_t n;
  double began = now_s ();

  start = PQexec (conn, "COPY events (office, seq, at, time_us, actor, device, type, ticket, payload,"
                        " redacted, prev_hash, hash) FROM STDIN");
  if (PQresultStatus (start) != PGRES_COPY_IN || in == NULL)
    g_error ("COPY events FROM STDIN: %s", PQerrorMessage (conn));
  while ((n = fread (buffer, 1, sizeof buffer, in)) > 0)
    if (PQputCopyData (conn, buffer, (int) n) != 1)
      g_error ("COPY: %s", PQerrorMessage (conn));
  fclose (in);
  if (PQputCopyEnd (conn, NULL) != 1)
    g_error ("COPY: %s", PQerrorMessage (conn));
  {
    g_autoptr(PGresult) end = PQgetResult (conn);

    if (PQresultStatus (end) != PGRES_COMMAND_OK)
      g_error ("COPY: %s", PQerrorMessage (conn));
  }
  return now_s () - began;
}

static const char month_report[] =
  "SELECT office, service, count (*) AS tickets, count (*) FILTER (WHERE called_at > 0) AS called,"
  " count (*) FILTER (WHERE outcome = 'served') AS served,"
  " count (*) FILTER (WHERE called_at > 0 AND called_at - arrival_at"
  "   <= promised_wait_minutes * 60000000::bigint) AS within_promise,"
  " avg (called_at - arrival_at) FILTER (WHERE called_at > 0) / 6e7 AS mean_wait_minutes"
  " FROM tickets WHERE service_day >= '" MONTH_FROM "' AND service_day < '" MONTH_TO "'"
  " GROUP BY office, service"
  " ORDER BY count (*) FILTER (WHERE called_at > 0 AND called_at - arrival_at"
  "   <= promised_wait_minutes * 60000000::bigint)::float8 / nullif (count (*), 0) DESC, office, service";

static const char scan_tickets[] =
  "SELECT count (*), sum (called_at - arrival_at), sum (finished_at - started_at) FROM tickets";

int
main (int argc, char *argv[])
{
  gboolean quick = g_strcmp0 (g_getenv ("LOKET_BENCH_QUICK"), "1") == 0;
  Size size = { env_int ("LOKET_BENCH_REGION_OFFICES", quick ? 4 : 10),
                env_int ("LOKET_BENCH_REGION_DAYS", quick ? 2 : 3),
                env_int ("LOKET_BENCH_REGION_PER_DAY", quick ? 500 : 2000),
                0, (int) MAX (g_get_num_processors (), 1), 500, 2000000 };
  const GOptionEntry entries[] = {
    { "offices", 0, 0, G_OPTION_ARG_INT, &size.offices, "Offices in the region", "N" },
    { "days", 0, 0, G_OPTION_ARG_INT, &size.days, "Calendar days from " START_DAY, "D" },
    { "per-day", 0, 0, G_OPTION_ARG_INT, &size.per_day, "Mean tickets an open day", "P" },
    { "templates", 0, 0, G_OPTION_ARG_INT, &size.templates, "Distinct office databases (min (N, 10))", "T" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &size.jobs, "Offices shipping at once (the processors)", "J" },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &size.batch_size, "Events a transaction (500)", "B" },
    { "copy-rows", 0, 0, G_OPTION_ARG_INT, &size.copy_rows, "Rows of the COPY limit (2,000,000)", "R" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a region through the real ingest, beside COPY");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LoketTestPostgres) pg = NULL;
  g_autoptr(BenchTable) table = NULL;
  g_autofree char *why = NULL, *cache = NULL, *copy_path = NULL;
  g_autofree char *tickets = NULL, *size_text = NULL, *problems = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  PGconn *conn;
  Ingest in = { 0 };
  double began, ingest_s, copy_s, report_s, scan_s, ingest_rate, copy_rate, per_ticket, full_day_s;
  gint64 copied, ticket_count;
  int report_rows = 0, scan_rows = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (size.offices <= 0 || size.days <= 0 || size.per_day <= 0 || size.jobs <= 0 || size.batch_size <= 0)
    g_error ("--offices, --days, --per-day, --jobs and --batch-size are positive");
  if (size.templates <= 0)
    size.templates = MIN (size.offices, 10);
  cache = g_strdup (g_getenv ("LOKET_BENCH_CACHE"));
  if (cache == NULL)
    cache = g_build_filename (g_get_user_cache_dir (), "loket", NULL);
  for (int i = 0; i < size.templates; i++)
    g_ptr_array_add (templates, template_database (cache, &size, (guint) i));

  pg = loket_test_postgres_new (&why);
  if (pg == NULL)
    {
      g_print ("loket-bench-region: skipped: %s\n", why);
      return 0;
    }
  loket_test_postgres_start (pg);
  conn = loket_test_postgres_connect (pg);
  /* The test cluster runs without fsync; a centre does not. */
  exec_ok (conn, "ALTER SYSTEM SET fsync = on");
  exec_ok (conn, "SELECT pg_reload_conf ()");

  /* The ingest. */
  in.size = &size;
  in.templates = templates;
  in.central = pg->conninfo;
  began = now_s ();
  for (int j = 0; j < size.jobs; j++)
    g_ptr_array_add (threads, g_thread_new ("ingest", ingest_worker, &in));
  for (guint j = 0; j < threads->len; j++)
    g_thread_join (g_ptr_array_index (threads, j));
  ingest_s = now_s () - began;
  ingest_rate = in.events / ingest_s;
  problems = loket_test_postgres_value (conn, "SELECT count (*) FROM loket_chain_check ('kantor-0001')");
  if (g_strcmp0 (problems, "0") != 0)
    g_error ("the centre's chain of kantor-0001 has %s problems", problems);
  exec_ok (conn, "VACUUM ANALYZE");
  tickets = loket_test_postgres_value (conn, "SELECT count (*) FROM tickets");
  ticket_count = g_ascii_strtoll (tickets, NULL, 10);
  per_ticket = (double) in.events / MAX (ticket_count, 1);
  size_text = loket_test_postgres_value (conn, "SELECT pg_size_pretty (pg_database_size (current_database ()))");
  g_print ("ingest: %d offices (%d templates) × %d days, %" G_GINT64_FORMAT " events, %" G_GINT64_FORMAT
           " tickets (%.1f events a ticket) in %.1f s by %d jobs: %.0f events/s; the centre holds %s\n",
           size.offices, size.templates, size.days, in.events, ticket_count, per_ticket, ingest_s, size.jobs,
           ingest_rate, size_text);

  /* The month report beside a scan of the projection. */
  report_s = query_best (conn, month_report, &report_rows);
  scan_s = query_best (conn, scan_tickets, &scan_rows);
  g_print ("month report: %d rows (office × service) in %.3f s; a sequential scan of tickets %.3f s\n",
           report_rows, report_s, scan_s);

  /* The limit: COPY of the same rows into the same table. */
  copy_path = g_build_filename (pg->dir, "events.copy", NULL);
  copied = copy_out (conn, copy_path, size.copy_rows);
  copy_s = copy_in (conn, copy_path);
  copy_rate = copied / copy_s;
  g_unlink (copy_path);
  exec_ok (conn, "DELETE FROM events WHERE office LIKE 'copy-%'");
  g_print ("COPY: %" G_GINT64_FORMAT " events in %.1f s: %.0f events/s\n", copied, copy_s, copy_rate);

  /* What a day of the full region (whatever this run's size) would take
   * at the measured rate. */
  full_day_s = FULL_REGION_OFFICES * FULL_REGION_PER_DAY * per_ticket / ingest_rate;

  table = bench_table_new ("region", "The region: ingest through loket-sync beside COPY, and the month report");
  bench_table_absolute (table, "copy_rate", "COPY into events (the limit)", copy_rate, "events/s", 0);
  bench_table_ratio (table, "ingest_rate", "ingest through loket-sync's batches", ingest_rate, copy_rate,
                     "events/s", BENCH_HIGHER_IS_BETTER, 0);
  bench_table_absolute (table, "full_region_day", "1,000 offices' day at that rate (extrapolated)",
                        full_day_s, "s", CATCH_UP_DAY_SEC);
  bench_table_absolute (table, "tickets_scan", "sequential scan of the tickets projection", scan_s, "s", 0);
  bench_table_ratio (table, "month_report", "regional month report (SQL, office × service)", report_s,
                     scan_s, "s", BENCH_LOWER_IS_BETTER, 0);
  bench_table_note (table, "%d offices × %d days × %d tickets a day (%d distinct office databases), "
                    "%" G_GINT64_FORMAT " events, %" G_GINT64_FORMAT " tickets; %d jobs, batches of %d; "
                    "COPY of %" G_GINT64_FORMAT " of the rows; PostgreSQL %d, fsync on",
                    size.offices, size.days, size.per_day, size.templates, in.events, ticket_count, size.jobs,
                    size.batch_size, copied, PQserverVersion (conn) / 10000);
  PQfinish (conn);
  if (!bench_table_finish (table, NULL, &error))
    g_printerr ("loket-bench-region: %s\n", error->message);
  return 0;
}
