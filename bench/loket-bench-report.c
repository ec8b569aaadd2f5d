/* loket-bench-report — how long a supervisor waits for a report on a
 * large office's year, against the physical limit measured in the same
 * run: one sequential pass over the same tickets table
 * (SELECT count (*), sum (…), total (…) FROM tickets), which no report
 * can beat.
 *
 * The year (about two million tickets, written through LoketStore by
 * loket-gen, hash chain and all) is generated once into a cache directory
 * ($LOKET_BENCH_CACHE, else ~/.cache/loket) and reused; its name carries
 * the generator's parameters and the schema version.  A year cached at an
 * older schema is upgraded in place by the migration loketd runs when it
 * starts, and the time that takes is printed: for a large office it is
 * what an upgrade costs.  Beside the scan of tickets, one of report_tickets
 * (schema 6), the rows a report actually reads.  Then, for a month
 * and for the year: the model computed (every grouping at once), and each
 * grouping written as text, CSV and PDF.  Each time is the best of five
 * runs with a warm page cache; the processor time (all threads) is shown
 * beside the wall-clock time, since a busy machine stretches the one and
 * not the other.  The query plans of the report's
 * statements close the output, to show that they use their indexes.
 *
 *   loket-bench-report [--cache DIR] [--per-day N] [--days N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-bench"

#include "config.h"

#include "loket-bench-table.h"
#include "loket-sqlite.h"
#include "loket-gen.h"
#include "loket-i18n.h"
#include "loket-report-compute.h"
#include "loket-report-render.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <time.h>

#define RUNS 5
#define YEAR_LIMIT_SEC 1.0     /* what the issue asks of a year report */
#define GENERATOR_VERSION 1    /* bump when loket-gen writes other data */

typedef struct {
  LoketStore   *store;
  LoketCharter *charter;
  double        scan;          /* seconds, the limit */
  double        scan_cpu;
} Bench;

/* Wall-clock and processor time (every thread of the process), s. */
typedef struct {
  double wall, cpu;
} Clock;

static Clock
clock_now (void)
{
  struct timespec cpu;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);
  return (Clock) { g_get_monotonic_time () / 1e6, cpu.tv_sec + cpu.tv_nsec / 1e9 };
}

/* Keeps in @best the fastest (by the wall clock) of the runs so far. */
static void
keep_best (Clock *best, Clock start)
{
  Clock end = clock_now ();

  if (end.wall - start.wall < best->wall)
    *best = (Clock) { end.wall - start.wall, end.cpu - start.cpu };
}

static char *
year_path (const char *cache, guint days, guint per_day, gint schema)
{
  g_autofree char *name = g_strdup_printf ("year-2026-01-01-%ux%u-seed1-gen%d-schema%d.db", days, per_day,
                                           GENERATOR_VERSION, schema);

  return g_build_filename (cache, name, NULL);
}

/* The year of an older schema, if the cache has one, migrated to @path;
 * FALSE with no error if there is none. */
static gboolean
upgrade_older (const char *cache, guint days, guint per_day, const char *path, GError **error)
{
  for (gint schema = LOKET_STORE_SCHEMA_VERSION - 1; schema >= 1; schema--)
    {
      g_autofree char *old = year_path (cache, days, per_day, schema);
      g_autoptr(LoketStore) store = NULL;
      gint64 t0 = g_get_monotonic_time (), t1;

      if (!g_file_test (old, G_FILE_TEST_IS_REGULAR))
        continue;
      g_print ("upgrading %s from schema %d to %d …\n", old, schema, LOKET_STORE_SCHEMA_VERSION);
      if ((store = loket_store_open (old, error)) == NULL)
        return FALSE;
      t1 = g_get_monotonic_time ();
      g_clear_object (&store);      /* the last connection: its WAL is checkpointed */
      g_print ("migrated in %.1f s, the WAL checkpointed on closing in %.1f s\n", (t1 - t0) / 1e6,
               (g_get_monotonic_time () - t1) / 1e6);
      if (g_rename (old, path) != 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "renaming %s to %s: %s",
                       old, path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

/* The year, generated unless the cache has it. */
static char *
year_database (const char *cache, guint days, guint per_day, GError **error)
{
  g_autofree char *path = year_path (cache, days, per_day, LOKET_STORE_SCHEMA_VERSION);
  LoketGenOptions options = { path, LOKET_SAMPLE_CHARTER, "2026-01-01", days, per_day, 0, 1, FALSE };
  LoketGenStats stats;
  GError *local = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) || upgrade_older (cache, days, per_day, path, &local))
    return g_steal_pointer (&path);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  g_print ("generating %s (once; it is kept for later runs) …\n", path);
  if (g_mkdir_with_parents (cache, 0755) != 0 || !loket_gen_run (&options, &stats, error))
    return NULL;
  g_print ("generated: %" G_GINT64_FORMAT " tickets, %" G_GINT64_FORMAT " events, %u counters "
           "in %.0f s (%.0f µs a ticket)\n", stats.tickets, stats.events, stats.counters,
           stats.usec / 1e6, (double) stats.usec / MAX (stats.tickets, 1));
  return g_steal_pointer (&path);
}

/* The limit: every row of a table read once, summed (@sql). */
static void
scan_once (Bench *b, const char *sql, gint64 *rows, Clock *best)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Clock start = clock_now ();

  if (sqlite3_prepare_v2 (loket_store_get_db (b->store), sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("scanning: %s", sqlite3_errmsg (loket_store_get_db (b->store)));
  *rows = sqlite3_column_int64 (stmt, 0);
  keep_best (best, start);
}

/* The best of RUNS scans, after one that warms the page cache. */
static Clock
scan_best (Bench *b, const char *sql, gint64 *rows)
{
  Clock best = { G_MAXDOUBLE, 0 };

  scan_once (b, sql, rows, &best);
  best = (Clock) { G_MAXDOUBLE, 0 };
  for (guint run = 0; run < RUNS; run++)
    scan_once (b, sql, rows, &best);
  return best;
}

static LoketReport *
compute_best (Bench *b, const char *from, const char *to, Clock *best)
{
  LoketReport *report = NULL;

  *best = (Clock) { G_MAXDOUBLE, 0 };
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      Clock start = clock_now ();

      g_clear_pointer (&report, loket_report_free);
      report = loket_report_compute (b->store, b->charter, from, to, "en", &error);
      if (report == NULL)
        g_error ("report %s … %s: %s", from, to, error->message);
      keep_best (best, start);
    }
  return report;
}

/* The best of three writes of @report's @by as @format, into memory. */
static double
render_best (const LoketReport *report, LoketReportGrouping by, LoketReportFormat format, gsize *size)
{
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();

      if (!loket_report_write (report, by, format, out, &error))
        g_error ("writing: %s", error->message);
      best = MIN (best, (g_get_monotonic_time () - t0) / 1e6);
      *size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
    }
  return best;
}

static void
period (Bench *b, const char *what, const char *from, const char *to, Clock *model)
{
  static const char * const formats[] = { "text", "csv", "pdf" };
  g_autoptr(LoketReport) report = compute_best (b, from, to, model);
  double compute = model->wall;

  g_print ("\n%s report, %s … %s: %u tickets over %u service days\n", what, from, to,
           report->total->issued, report->days);
  g_print ("  model (all groupings, one pass)  %8.3f s  = %5.2f × the scan   (processor %.3f s = %.2f × the scan's)\n",
           compute, compute / b->scan, model->cpu, model->cpu / b->scan_cpu);
  for (guint by = LOKET_REPORT_BY_SERVICE; by <= LOKET_REPORT_BY_HOUR; by++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        gsize size = 0;
        double render = render_best (report, by, f, &size);

        g_print ("  --by %-8s --format %-4s  %8.3f s  = %5.2f × the scan  (render %.3f s, %" G_GSIZE_FORMAT
                 " bytes)\n", loket_report_grouping_to_string (by), formats[f], compute + render,
                 (compute + render) / b->scan, render, size);
      }
}

static void
print_plans (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plans = loket_store_report_query_plan (b->store, &error);

  if (plans == NULL)
    g_error ("%s", error->message);
  g_print ("\nEXPLAIN QUERY PLAN of the report's statements:\n%s", plans);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = NULL;
  int days = 365, per_day = 8000;
  GOptionEntry entries[] = {
    { "cache", 0, 0, G_OPTION_ARG_FILENAME, &cache, "Where the year is kept", "DIR" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "Calendar days (365)", "N" },
    { "per-day", 0, 0, G_OPTION_ARG_INT, &per_day, "Tickets on an open day (8000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— report times against a sequential scan");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Bench b = { 0 };
  gint64 rows = 0, report_rows = 0;
  Clock month, year, scan, report_scan;
  g_autoptr(BenchTable) table = NULL;

  setlocale (LC_ALL, "");
  loket_i18n_init (NULL);
  loket_i18n_set_language ("en");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || days <= 0 || per_day <= 0)
    g_error ("%s", error ? error->message : "--days and --per-day are positive");
  /* A smoke run: a quarter of a small office, generated in a minute. */
  if (g_strcmp0 (g_getenv ("LOKET_BENCH_QUICK"), "1") == 0)
    days = 90, per_day = 1000;
  if (cache == NULL)
    cache = g_strdup (g_getenv ("LOKET_BENCH_CACHE"));
  if (cache == NULL)
    cache = g_build_filename (g_get_user_cache_dir (), "loket", NULL);
  path = year_database (cache, (guint) days, (guint) per_day, &error);
  if (path == NULL || (b.charter = loket_charter_new_from_file (LOKET_SAMPLE_CHARTER, &error)) == NULL ||
      (b.store = loket_store_open_readonly (path, &error)) == NULL)
    g_error ("%s", error->message);

  scan = scan_best (&b, "SELECT count (*), sum (called_at > 0), total (called_at - arrival_at),"
                        " total (finished_at - started_at) FROM tickets", &rows);
  b.scan = scan.wall, b.scan_cpu = scan.cpu;
  g_print ("%s\nlimit: a sequential scan of tickets (%" G_GINT64_FORMAT " rows)  %.3f s (processor %.3f s)\n",
           path, rows, b.scan, b.scan_cpu);
  report_scan = scan_best (&b, "SELECT count (*), sum (called_at > 0), total (called_at - arrival_at),"
                               " total (finished_at - started_at) FROM report_tickets", &report_rows);
  g_print ("       a sequential scan of report_tickets (%" G_GINT64_FORMAT " rows)  %.3f s (processor %.3f s)"
           " = %.2f × the scan of tickets\n", report_rows, report_scan.wall, report_scan.cpu,
           report_scan.wall / b.scan);
  period (&b, "Month", "2026-03-01", "2026-03-31", &month);
  period (&b, "Year", "2026-01-01", "2026-12-31", &year);
  g_print ("\nyear model %.3f s: %s the %.1f s asked for; %.2f × the scan, %.2f µs a ticket "
           "(processor %.3f s on %u cores; month %.3f s)\n",
           year.wall, year.wall < YEAR_LIMIT_SEC ? "within" : "OVER", YEAR_LIMIT_SEC, year.wall / b.scan,
           year.wall * 1e6 / MAX (rows, 1), year.cpu, g_get_num_processors (), month.wall);
  print_plans (&b);

  table = bench_table_new ("reports", "Reports over a generated year, beside a sequential scan");
  bench_table_absolute (table, "scan", "sequential scan of tickets (the limit)", b.scan, "s", 0);
  bench_table_ratio (table, "month_report", "month report, every grouping", month.wall, b.scan, "s",
                     BENCH_LOWER_IS_BETTER, 0);
  bench_table_ratio (table, "year_report", "year report, every grouping", year.wall, b.scan, "s",
                     BENCH_LOWER_IS_BETTER, 0);
  bench_table_target_below (table, YEAR_LIMIT_SEC);
  bench_table_note (table, "%" G_GINT64_FORMAT " tickets over %d days; best of %d runs each", rows, days, RUNS);
  if (!bench_table_finish (table, NULL, &error))
    g_printerr ("loket-bench-report: %s\n", error->message);
  g_clear_object (&b.store);
  g_clear_object (&b.charter);
  return 0;
}
