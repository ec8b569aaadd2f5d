/* loketctl-report.c — `loketctl report`, the command line face of
 * LoketReport: reads the database read-only (loketd may be running; the
 * report is one consistent snapshot) and writes the chosen grouping in
 * the chosen format to a file (replaced whole, never left half-written)
 * or to stdout.  Each ticket is judged by the promise it was issued with
 * (schema 9); the names, order and time zone come from the newest charter
 * the database keeps, or from --charter, which is no longer needed but
 * still accepted (a database loketd never started on holds none).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loketctl"

#include "loketctl-report.h"

#include <gio/gio.h>
#include <errno.h>
#include <stdio.h>

#include "loket-charter.h"
#include "loket-error.h"
#include "loket-i18n.h"
#include "loket-report-compute.h"
#include "loket-region-report.h"
#include "loket-report-render.h"
#include "loket-skm-compute.h"
#include "loket-store.h"
#ifdef LOKET_HAVE_LIBPQ
#include "loket-region-query.h"
#endif

#define SYNOPSIS \
  "usage: loketctl report --db FILE --from YYYY-MM-DD --to YYYY-MM-DD " \
  "[--by service|counter|clerk|hour|kiosk] [--format text|csv|pdf] [--wide] [--lang id|en] " \
  "[--charter FILE] [--output FILE|-]\n" \
  "       loketctl report --skm --db FILE --from YYYY-MM-DD --to YYYY-MM-DD [--format text|csv|pdf] " \
  "[--lang id|en] [--output FILE|-]\n" \
  "       loketctl report --central postgresql://… [--office ID]… [--region NAME] " \
  "--from YYYY-MM-DD --to YYYY-MM-DD [--format text|csv|pdf] [--lang id|en] [--output FILE|-] [--explain]"

typedef struct {
  const char          *db;
  const char          *from;
  const char          *to;
  const char          *charter;
  const char          *output;
  const char          *lang;
  const char          *central;  /* the regional centre's connection string */
  const char          *offices;  /* --office, comma-separated */
  const char          *region;
  gboolean             explain;  /* --central: the queries' plans to stderr */
  LoketReportGrouping  by;
  LoketReportFormat    format;
  gboolean             wide;    /* text: every column, not the summary */
  gboolean             skm;     /* the satisfaction survey's report instead */
} Request;

static gboolean
usage (GError **error, const char *problem)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s%s%s", SYNOPSIS,
               problem ? "\n" : "", problem ? problem : "");
  return FALSE;
}

static gboolean
parse_request (GHashTable *options, GPtrArray *args, Request *r, GError **error)
{
  const char *by = g_hash_table_lookup (options, "by");
  const char *format = g_hash_table_lookup (options, "format");

  r->db = g_hash_table_lookup (options, "db");
  r->from = g_hash_table_lookup (options, "from");
  r->to = g_hash_table_lookup (options, "to");
  r->charter = g_hash_table_lookup (options, "charter");
  r->wide = g_hash_table_contains (options, "wide");
  r->skm = g_hash_table_contains (options, "skm");
  r->output = g_hash_table_lookup (options, "output");
  r->lang = g_hash_table_lookup (options, "lang");
  r->central = g_hash_table_lookup (options, "central");
  r->offices = g_hash_table_lookup (options, "office");
  r->region = g_hash_table_lookup (options, "region");
  r->explain = g_hash_table_contains (options, "explain");
  if (r->lang == NULL)
    r->lang = "id";
  if (args->len != 1 || (r->db == NULL) == (r->central == NULL) || r->from == NULL || r->to == NULL)
    return usage (error, NULL);
  if (r->central == NULL && (r->offices != NULL || r->region != NULL || r->explain))
    return usage (error, "--office, --region and --explain are for the centre: they need --central");
  if (r->central != NULL && (r->skm || r->wide || by != NULL || r->charter != NULL))
    return usage (error, "--central reports per office and service: no --skm, --wide, --by or --charter");
  if (!loket_report_grouping_from_string (by ? by : "service", &r->by))
    return usage (error, "--by is service, counter, clerk or hour");
  if (!loket_report_format_from_string (format ? format : "text", &r->format))
    return usage (error, "--format is text, csv or pdf");
  if (!g_str_equal (r->lang, "id") && !g_str_equal (r->lang, "en"))
    return usage (error, "--lang is id or en");
  if (r->skm && (r->wide || by != NULL))
    return usage (error, "--skm has no --by or --wide: its groups are fixed (docs/skm.md)");
  if (r->wide && r->format != LOKET_REPORT_TEXT)
    return usage (error, "--wide is for text; CSV and PDF have every column");
  if (r->output == NULL && r->format == LOKET_REPORT_PDF)
    return usage (error, "a PDF needs --output FILE (or - for stdout)");
  return TRUE;
}

/* One of the two reports: the period against the charter, or (--skm) the
 * satisfaction survey's. */
typedef struct {
  const LoketReport       *report;
  const LoketSkmReport    *skm;
  const LoketRegionReport *region;
} Reports;

static gboolean
write_format (const Reports *reports, const Request *r, GOutputStream *out, GError **error)
{
  const LoketReport *report = reports->report;

  if (reports->region != NULL && r->format == LOKET_REPORT_CSV)
    return loket_region_report_write_csv (reports->region, out, error);
  if (reports->region != NULL && r->format == LOKET_REPORT_PDF)
    return loket_region_report_write_pdf (reports->region, out, error);
  if (reports->region != NULL)
    return loket_region_report_write_text (reports->region, out, error);
  if (reports->skm != NULL && r->format == LOKET_REPORT_CSV)
    return loket_skm_report_write_csv (reports->skm, out, error);
  if (reports->skm != NULL && r->format == LOKET_REPORT_PDF)
    return loket_skm_report_write_pdf (reports->skm, out, error);
  if (reports->skm != NULL)
    return loket_skm_report_write_text (reports->skm, out, error);
  if (r->format == LOKET_REPORT_TEXT)
    return loket_report_write_text (report, r->by, r->wide, out, error);
  return loket_report_write (report, r->by, r->format, out, error);
}

/* Composed in memory, then written at once: a failed report prints
 * nothing rather than half a table. */
static gboolean
write_stdout (const Reports *report, const Request *r, GError **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (out);

  if (!write_format (report, r, out, error) ||
      !g_output_stream_close (out, NULL, error))
    return FALSE;
  if (fwrite (g_memory_output_stream_get_data (memory), 1,
              g_memory_output_stream_get_data_size (memory), stdout)
      != g_memory_output_stream_get_data_size (memory) || fflush (stdout) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "writing to stdout: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* The file is written beside its final name and renamed when complete. */
static gboolean
write_report (const Reports *report, const Request *r, GError **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;

  if (r->output == NULL || g_str_equal (r->output, "-"))
    return write_stdout (report, r, error);
  file = g_file_new_for_commandline_arg (r->output);
  out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error));
  if (out == NULL)
    return FALSE;
  if (!write_format (report, r, out, error))
    {
      /* Cancelling the close throws the temporary file away. */
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      g_cancellable_cancel (cancel);
      g_output_stream_close (out, cancel, NULL);
      return FALSE;
    }
  return g_output_stream_close (out, NULL, error);
}

/* Many offices, from the regional PostgreSQL (sync/loket-region-query.c). */
static gboolean
central_report (const Request *r, GError **error)
{
#ifdef LOKET_HAVE_LIBPQ
  g_auto(GStrv) offices = r->offices ? g_strsplit (r->offices, ",", -1) : NULL;
  g_autoptr(LoketRegionReport) region = loket_region_query_compute (r->central, (const char * const *) offices,
                                                                    r->region, r->from, r->to, r->lang,
                                                                    r->explain, error);
  Reports reports = { NULL, NULL, region };

  return region != NULL && write_report (&reports, r, error);
#else
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
               "this loketctl was built without libpq: --central needs it (install libpq-dev and build again)");
  return FALSE;
#endif
}

gboolean
loketctl_report (GHashTable *options,
                 GPtrArray  *args,
                 GError    **error)
{
  Request r = { 0 };
  g_autoptr(LoketCharter) charter = NULL;
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketReport) report = NULL;

  if (!parse_request (options, args, &r, error))
    return FALSE;
  loket_i18n_init (NULL);
  loket_i18n_set_language (r.lang);
  if (r.central != NULL)
    return central_report (&r, error);
  store = loket_store_open_readonly (r.db, error);
  if (store == NULL)
    return FALSE;
  charter = r.charter ? loket_charter_new_from_file (r.charter, error)
                      : loket_store_load_charter (store, 0, error);
  if (charter == NULL)
    return FALSE;
  if (r.skm)
    {
      g_autoptr(LoketSkmReport) skm = loket_skm_report_compute (store, charter, r.from, r.to, r.lang, error);
      Reports reports = { NULL, skm, NULL };

      return skm != NULL && write_report (&reports, &r, error);
    }
  report = loket_report_compute (store, charter, r.from, r.to, r.lang, error);
  if (report == NULL)
    return FALSE;
  {
    Reports reports = { report, NULL, NULL };

    return write_report (&reports, &r, error);
  }
}

/* Read by the sanitizers when loketctl is built with them: fontconfig
 * loads its configuration once per process, for pango, and never frees
 * it — not our leak.  Naming it needs whole stacks (fontconfig is built
 * without frame pointers).  As in tests/test-ticket-printout.c. */
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:FcInitLoadConfigAndFonts\n";
}
