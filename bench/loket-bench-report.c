/* loket-bench-report — how long a supervisor waits for a report on a
 * large office's year, against the physical limit measured in the same
 * run: one sequential pass over the same tickets table
 * (SELECT count (*), sum (…), total (…) FROM tickets), which no report
 * can beat.
 *
 * The year (about two million tickets, written through LoketStore by
 * loket-gen, hash chain and all) is generated once into a cache directory
 * ($LOKET_BENCH_CACHE, else ~/.cache/loket) and reused; its name carries
 * the generator's parameters and the schema version.  Then, for a month
 * and for the year: the model computed (every grouping at once), and each
 * grouping written as text, CSV and PDF.  Each time is the best of three
 * runs with a warm page cache.  The query plans of the report's
 * statements close the output, to show that they use their indexes.
 *
 *   loket-bench-report [--cache DIR] [--per-day N] [--days N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-bench"

#include "config.h"

#include "loket-gen.h"
#include "loket-i18n.h"
#include "loket-report-render.h"

#include <locale.h>

#define RUNS 3
#define YEAR_LIMIT_SEC 1.0     /* what the issue asks of a year report */
#define GENERATOR_VERSION 1    /* bump when loket-gen writes other data */

typedef struct {
  LoketStore   *store;
  LoketCharter *charter;
  double        scan;          /* seconds, the limit */
} Bench;

/* The year, generated unless the cache has it. */
static char *
year_database (const char *cache, guint days, guint per_day, GError **error)
{
  g_autofree char *name = g_strdup_printf ("year-2026-01-01-%ux%u-seed1-gen%d-schema%d.db", days, per_day,
                                           GENERATOR_VERSION, LOKET_STORE_SCHEMA_VERSION);
  g_autofree char *path = g_build_filename (cache, name, NULL);
  LoketGenOptions options = { path, LOKET_SAMPLE_CHARTER, "2026-01-01", days, per_day, 0, 1, FALSE };
  LoketGenStats stats;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  g_print ("generating %s (once; it is kept for later runs) …\n", path);
  if (g_mkdir_with_parents (cache, 0755) != 0 || !loket_gen_run (&options, &stats, error))
    return NULL;
  g_print ("generated: %" G_GINT64_FORMAT " tickets, %" G_GINT64_FORMAT " events, %u counters "
           "in %.0f s (%.0f µs a ticket)\n", stats.tickets, stats.events, stats.counters,
           stats.usec / 1e6, (double) stats.usec / MAX (stats.tickets, 1));
  return g_steal_pointer (&path);
}

/* The limit: every row of tickets read once, summed. */
static double
scan_once (Bench *b, gint64 *rows)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (sqlite3_prepare_v2 (loket_store_get_db (b->store),
                          "SELECT count (*), sum (called_at > 0), total (called_at - arrival_at),"
                          " total (finished_at - started_at) FROM tickets",
                          -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("scanning: %s", sqlite3_errmsg (loket_store_get_db (b->store)));
  *rows = sqlite3_column_int64 (stmt, 0);
  return (g_get_monotonic_time () - t0) / 1e6;
}

static LoketReport *
compute_best (Bench *b, const char *from, const char *to, double *best)
{
  LoketReport *report = NULL;

  *best = G_MAXDOUBLE;
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();

      g_clear_pointer (&report, loket_report_free);
      report = loket_report_compute (b->store, b->charter, from, to, "en", &error);
      if (report == NULL)
        g_error ("report %s … %s: %s", from, to, error->message);
      *best = MIN (*best, (g_get_monotonic_time () - t0) / 1e6);
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
period (Bench *b, const char *what, const char *from, const char *to, double *compute_out)
{
  static const char * const formats[] = { "text", "csv", "pdf" };
  double compute;
  g_autoptr(LoketReport) report = compute_best (b, from, to, &compute);

  g_print ("\n%s report, %s … %s: %u tickets over %u service days\n", what, from, to,
           report->total->issued, report->days);
  g_print ("  model (all groupings, one pass)  %8.3f s  = %5.2f × the scan\n", compute, compute / b->scan);
  for (guint by = LOKET_REPORT_BY_SERVICE; by <= LOKET_REPORT_BY_HOUR; by++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        gsize size = 0;
        double render = render_best (report, by, f, &size);

        g_print ("  --by %-8s --format %-4s  %8.3f s  = %5.2f × the scan  (render %.3f s, %" G_GSIZE_FORMAT
                 " bytes)\n", loket_report_grouping_to_string (by), formats[f], compute + render,
                 (compute + render) / b->scan, render, size);
      }
  *compute_out = compute;
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
  gint64 rows = 0;
  double month, year;

  setlocale (LC_ALL, "");
  loket_i18n_init (NULL);
  loket_i18n_set_language ("en");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || days <= 0 || per_day <= 0)
    g_error ("%s", error ? error->message : "--days and --per-day are positive");
  if (cache == NULL)
    cache = g_strdup (g_getenv ("LOKET_BENCH_CACHE"));
  if (cache == NULL)
    cache = g_build_filename (g_get_user_cache_dir (), "loket", NULL);
  path = year_database (cache, (guint) days, (guint) per_day, &error);
  if (path == NULL || (b.charter = loket_charter_new_from_file (LOKET_SAMPLE_CHARTER, &error)) == NULL ||
      (b.store = loket_store_open_readonly (path, &error)) == NULL)
    g_error ("%s", error->message);

  scan_once (&b, &rows);            /* warms the page cache */
  b.scan = G_MAXDOUBLE;
  for (guint run = 0; run < RUNS; run++)
    b.scan = MIN (b.scan, scan_once (&b, &rows));
  g_print ("%s\nlimit: a sequential scan of tickets (%" G_GINT64_FORMAT " rows)  %.3f s\n", path, rows, b.scan);
  period (&b, "Month", "2026-03-01", "2026-03-31", &month);
  period (&b, "Year", "2026-01-01", "2026-12-31", &year);
  g_print ("\nyear model %.3f s: %s the %.1f s asked for; %.2f × the scan, %.2f µs a ticket\n",
           year, year < YEAR_LIMIT_SEC ? "within" : "OVER", YEAR_LIMIT_SEC, year / b.scan,
           year * 1e6 / MAX (rows, 1));
  print_plans (&b);
  g_clear_object (&b.store);
  g_clear_object (&b.charter);
  return 0;
}
