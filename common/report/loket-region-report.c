/* loket-region-report.c — the regional report's model, its ranking, and
 * its text and CSV.
 *
 * The league table is a LoketReportTable like the office's tables, so the
 * text, CSV and PDF writers that already lay those out (and fit them to
 * 100 columns or an A4 page) lay this one out too.  An office's part is
 * its own service table, less the name column: the centre knows the
 * services by id only (the charter stays in the office).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "config.h"

#include "loket-region-report-private.h"
#include "loket-report-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

LoketRegionReport *
loket_region_report_new (const char *region,
                         const char *from,
                         const char *to,
                         const char *lang)
{
  LoketRegionReport *report = g_new0 (LoketRegionReport, 1);

  report->region = g_strdup (region);
  report->from = g_strdup (from);
  report->to = g_strdup (to);
  report->lang = g_strdup (g_strcmp0 (lang, "en") == 0 ? "en" : "id");
  report->offices = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
loket_region_report_free (LoketRegionReport *report)
{
  if (report == NULL)
    return;
  for (guint i = 0; i < report->offices->len; i++)
    loket_report_free (((LoketRegionOffice *) g_ptr_array_index (report->offices, i))->report);
  g_ptr_array_unref (report->offices);
  g_free (report->region);
  g_free (report->from);
  g_free (report->to);
  g_free (report->lang);
  g_free (report);
}

LoketRegionOffice *
loket_region_report_add (LoketRegionReport *region,
                         LoketReport       *report)
{
  LoketRegionOffice *office = g_new0 (LoketRegionOffice, 1);

  office->report = report;
  g_ptr_array_add (region->offices, office);
  return office;
}

/* ---- ranking ------------------------------------------------------------ */

/* a/b against c/d without rounding: -1 when a/b is the larger (first). */
static gint
compare_shares (guint a, guint b, guint c, guint d)
{
  guint64 left = (guint64) a * d, right = (guint64) c * b;

  if (b == 0 || d == 0)
    return (b == 0) - (d == 0);   /* nothing judged: last */
  return left > right ? -1 : left < right;
}

static gint
compare_offices (gconstpointer pa, gconstpointer pb)
{
  const LoketRegionOffice *a = *(LoketRegionOffice * const *) pa;
  const LoketRegionOffice *b = *(LoketRegionOffice * const *) pb;
  const LoketReportDurations *wa = &a->report->total->wait, *wb = &b->report->total->wait;
  gint order = compare_shares (wa->within, wa->judged, wb->within, wb->judged);

  if (order != 0)
    return order;
  if (a->has_skm && b->has_skm && a->skm != b->skm)
    return a->skm > b->skm ? -1 : 1;
  if (wa->judged - wa->within != wb->judged - wb->within)
    return wa->judged - wa->within < wb->judged - wb->within ? -1 : 1;
  if (a->report->total->issued != b->report->total->issued)
    return a->report->total->issued > b->report->total->issued ? -1 : 1;
  return strcmp (a->report->office, b->report->office);
}

void
loket_region_report_rank (LoketRegionReport *report)
{
  g_ptr_array_sort (report->offices, compare_offices);
  for (guint i = 0; i < report->offices->len; i++)
    ((LoketRegionOffice *) g_ptr_array_index (report->offices, i))->rank = i + 1;
}

/* ---- the league table --------------------------------------------------- */

static void
add_column (LoketReportTable *table, const char *key, const char *label, gboolean numeric)
{
  LoketReportColumn *c = g_new0 (LoketReportColumn, 1);

  c->key = g_strdup (key);
  c->label = g_strdup (label);
  c->numeric = numeric;
  c->summary = TRUE;
  g_ptr_array_add (table->columns, c);
}

static void
column_free (gpointer data)
{
  LoketReportColumn *c = data;

  g_free (c->key);
  g_free (c->label);
  g_free (c);
}

static LoketReportTable *
table_new (const char *title)
{
  LoketReportTable *table = g_new0 (LoketReportTable, 1);

  table->title = g_strdup (title);
  table->columns = g_ptr_array_new_with_free_func (column_free);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return table;
}

static gboolean
any_skm (const LoketRegionReport *report)
{
  for (guint i = 0; i < report->offices->len; i++)
    if (((LoketRegionOffice *) g_ptr_array_index (report->offices, i))->has_skm)
      return TRUE;
  return FALSE;
}

static char **
league_row (const LoketRegionOffice *office, gboolean skm)
{
  const LoketReportService *t = office->report->total;
  GPtrArray *row = g_ptr_array_new ();

  g_ptr_array_add (row, g_strdup_printf ("%u", office->rank));
  g_ptr_array_add (row, g_strdup (office->report->office));
  g_ptr_array_add (row, g_strdup_printf ("%u", t->issued));
  g_ptr_array_add (row, g_strdup_printf ("%u", t->served));
  g_ptr_array_add (row, loket_report_format_percent (t->wait.within, t->wait.judged));
  g_ptr_array_add (row, loket_report_format_minutes (t->wait.median, t->wait.n > 0));
  g_ptr_array_add (row, loket_report_format_minutes (t->wait.p90, t->wait.n > 0));
  g_ptr_array_add (row, t->wait.judged > 0 ? g_strdup_printf ("%u", t->wait.judged - t->wait.within)
                                           : g_strdup (""));
  if (skm)
    g_ptr_array_add (row, office->has_skm ? g_strdup_printf ("%.2f", office->skm) : g_strdup (""));
  g_ptr_array_add (row, NULL);
  return (char **) g_ptr_array_free (row, FALSE);
}

LoketReportTable *
loket_region_report_league (const LoketRegionReport *report)
{
  LoketReportTable *table = table_new (_("League table"));
  gboolean skm = any_skm (report);

  add_column (table, "rank", _("Rank"), TRUE);
  add_column (table, "office", _("Office"), FALSE);
  add_column (table, "issued", _("Tickets"), TRUE);
  add_column (table, "served", _("Served"), TRUE);
  add_column (table, "wait_within_pct", _("Wait within promise (%)"), TRUE);
  add_column (table, "wait_median_min", _("Wait median (min)"), TRUE);
  add_column (table, "wait_p90_min", _("Wait 90th percentile (min)"), TRUE);
  add_column (table, "wait_breaches", _("Breaches"), TRUE);
  if (skm)
    add_column (table, "skm", _("SKM index"), TRUE);
  for (guint i = 0; i < report->offices->len; i++)
    g_ptr_array_add (table->rows, league_row (g_ptr_array_index (report->offices, i), skm));
  return table;
}

/* ---- the complaints ----------------------------------------------------- */

gboolean
loket_region_report_has_complaints (const LoketRegionReport *report)
{
  for (guint i = 0; i < report->offices->len; i++)
    if (((LoketRegionOffice *) g_ptr_array_index (report->offices, i))->complaints.received > 0)
      return TRUE;
  return FALSE;
}

static char *
format_median_days (const LoketRegionComplaints *c)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!c->has_median)
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", c->median_working_days));
}

/* Received, answered, share by the deadline, median: into @row from @at. */
static void
complaint_figures (const LoketRegionComplaints *c, char **row, guint at)
{
  row[at] = g_strdup_printf ("%u", c->received);
  row[at + 1] = g_strdup_printf ("%u", c->answered);
  row[at + 2] = loket_report_format_percent (c->within_deadline, c->answered);
  row[at + 3] = format_median_days (c);
}

static void
add_complaint_columns (LoketReportTable *table)
{
  add_column (table, "complaints_received", _("Received"), TRUE);
  add_column (table, "complaints_answered", _("Answered"), TRUE);
  add_column (table, "complaints_within_deadline_pct", _("Answered by the deadline (%)"), TRUE);
  add_column (table, "complaints_median_working_days", _("Median working days to answer"), TRUE);
}

static char **
complaints_row (const LoketRegionOffice *office)
{
  char **row = g_new0 (char *, 7);

  row[0] = g_strdup_printf ("%u", office->rank);
  row[1] = g_strdup (office->report->office);
  complaint_figures (&office->complaints, row, 2);
  return row;
}

LoketReportTable *
loket_region_report_complaints (const LoketRegionReport *report)
{
  LoketReportTable *table;

  if (!loket_region_report_has_complaints (report))
    return NULL;
  table = table_new (_("Complaints"));
  add_column (table, "rank", _("Rank"), TRUE);
  add_column (table, "office", _("Office"), FALSE);
  add_complaint_columns (table);
  for (guint i = 0; i < report->offices->len; i++)
    g_ptr_array_add (table->rows, complaints_row (g_ptr_array_index (report->offices, i)));
  return table;
}

LoketReportTable *
loket_region_report_complaint_categories (const LoketRegionReport *report)
{
  LoketReportTable *table;

  if (!loket_region_report_has_complaints (report))
    return NULL;
  table = table_new (_("Complaints by category, all offices"));
  add_column (table, "category", _("Category"), FALSE);
  add_complaint_columns (table);
  for (guint k = 0; k < LOKET_COMPLAINT_N_CATEGORIES; k++)
    {
      char **row = g_new0 (char *, 6);

      row[0] = g_strdup (loket_complaint_category_name (loket_complaint_category (k)->id, report->lang));
      complaint_figures (&report->complaint_categories[k], row, 1);
      g_ptr_array_add (table->rows, row);
    }
  return table;
}

/* ---- text --------------------------------------------------------------- */

/* @table without its column @key (the centre's services have no names). */
static void
drop_column (LoketReportTable *table, const char *key)
{
  for (guint c = 0; c < table->columns->len; c++)
    if (g_str_equal (((LoketReportColumn *) g_ptr_array_index (table->columns, c))->key, key))
      {
        g_ptr_array_remove_index (table->columns, c);
        for (guint r = 0; r < table->rows->len; r++)
          {
            char **cells = g_ptr_array_index (table->rows, r);

            g_free (cells[c]);
            memmove (cells + c, cells + c + 1, (table->columns->len + 1 - c) * sizeof (char *));
          }
        return;
      }
}

char *
loket_region_report_scope (const LoketRegionReport *report)
{
  if (report->region != NULL)
    /* Translators: the heading of a regional report; %s is the region's name. */
    return g_strdup_printf (_("Region %s"), report->region);
  /* Translators: the heading of a report over a list of offices. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Regional report, %u office",
                                       "Regional report, %u offices", report->offices->len),
                          report->offices->len);
}

char *
loket_region_report_period (const LoketRegionReport *report)
{
  LoketReport period = { .from = report->from, .to = report->to, .lang = report->lang };

  return loket_report_format_period (&period);
}

LoketReportTable *
loket_region_report_office_table (const LoketRegionOffice *office)
{
  LoketReportTable *table = loket_report_table_new_summary (office->report, LOKET_REPORT_BY_SERVICE);
  char **total = g_ptr_array_index (table->rows, table->rows->len - 1);

  /* "All services" moves from the name to the service's column. */
  g_free (total[0]);
  total[0] = g_strdup (total[1]);
  drop_column (table, "name");
  g_free (table->title);
  /* Translators: "3. kota-bandung-1" — the office's rank and id. */
  table->title = g_strdup_printf (_("%u. %s"), office->rank, office->report->office);
  return table;
}

static void
append_office (GString *text, const LoketRegionOffice *office)
{
  g_autoptr(LoketReportTable) table = loket_region_report_office_table (office);

  g_string_append_printf (text, "\n%s", table->title);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " (%u service day)\n", " (%u service days)\n",
                                             office->report->days), office->report->days);
  loket_report_append_table_text (text, table, TRUE);
}

/* @note in lines of at most 100 columns, broken between words. */
static void
append_wrapped (GString *text, const char *note)
{
  g_auto(GStrv) words = g_strsplit (note, " ", -1);
  glong width = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong n = g_utf8_strlen (words[i], -1);

      if (width > 0 && width + 1 + n > 100)
        {
          g_string_append_c (text, '\n');
          width = 0;
        }
      else if (width > 0)
        {
          g_string_append_c (text, ' ');
          width++;
        }
      g_string_append (text, words[i]);
      width += n;
    }
  g_string_append_c (text, '\n');
}

gboolean
loket_region_report_write_text (const LoketRegionReport *report,
                                GOutputStream           *out,
                                GError                 **error)
{
  g_autoptr(LoketReportTable) league = loket_region_report_league (report);
  g_autoptr(LoketReportTable) complaints = loket_region_report_complaints (report);
  g_autoptr(LoketReportTable) categories = loket_region_report_complaint_categories (report);
  g_autofree char *scope = loket_region_report_scope (report);
  g_autofree char *period = loket_region_report_period (report);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *trimmed = NULL;

  /* Translators: "Region Priangan — League table — 1 – 31 December 2026". */
  g_string_append_printf (text, "%s — %s — %s\n\n", scope, league->title, period);
  loket_report_append_table_text (text, league, TRUE);
  g_string_append_c (text, '\n');
  append_wrapped (text, _("Ranked by the share of waits within the charter's promise (a ticket left "
                          "unserved counts as a breach). Times in minutes; median and 90th percentile "
                          "by nearest rank. Computed at the regional centre from what the offices "
                          "shipped."));
  if (complaints != NULL)
    {
      g_string_append_printf (text, "\n%s\n", complaints->title);
      loket_report_append_table_text (text, complaints, TRUE);
      g_string_append_printf (text, "\n%s\n", categories->title);
      loket_report_append_table_text (text, categories, TRUE);
      g_string_append_c (text, '\n');
      append_wrapped (text, _(LOKET_REGION_COMPLAINTS_NOTE));
    }
  for (guint i = 0; i < report->offices->len; i++)
    append_office (text, g_ptr_array_index (report->offices, i));
  trimmed = loket_report_trim_lines (text->str);
  return g_output_stream_write_all (out, trimmed, strlen (trimmed), NULL, NULL, error);
}

/* ---- CSV ---------------------------------------------------------------- */

static const char * const complaint_keys[] = {
  "complaints_received", "complaints_answered", "complaints_within_deadline", "complaints_median_working_days",
};

gboolean
loket_region_report_write_csv (const LoketRegionReport *report,
                               GOutputStream           *out,
                               GError                 **error)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  gboolean header = FALSE;

  for (guint i = 0; i < report->offices->len; i++)
    {
      const LoketRegionOffice *office = g_ptr_array_index (report->offices, i);
      g_autoptr(LoketReportTable) table = loket_report_table_new (office->report, LOKET_REPORT_BY_SERVICE);
      g_autofree char *rank = g_strdup_printf ("%u", office->rank);
      g_autofree char *skm = office->has_skm ? g_strdup_printf ("%.2f", office->skm) : g_strdup ("");
      g_auto(GStrv) complaints = complaints_row (office);
      g_autofree char *within = g_strdup_printf ("%u", office->complaints.within_deadline);
      guint n = table->columns->len;

      if (!header)
        {
          loket_report_csv_field (csv, "rank", FALSE);
          loket_report_csv_field (csv, "office", FALSE);
          loket_report_csv_field (csv, "skm_index", FALSE);
          for (guint c = 0; c < G_N_ELEMENTS (complaint_keys); c++)
            loket_report_csv_field (csv, complaint_keys[c], FALSE);
          for (guint c = 0; c < n; c++)
            loket_report_csv_field (csv, ((LoketReportColumn *) g_ptr_array_index (table->columns, c))->key,
                                    c + 1 == n);
          header = TRUE;
        }
      for (guint r = 0; r < table->rows->len; r++)
        {
          loket_report_csv_field (csv, rank, FALSE);
          loket_report_csv_field (csv, office->report->office, FALSE);
          loket_report_csv_field (csv, skm, FALSE);
          /* Counts, not the table's share: a spreadsheet divides. */
          loket_report_csv_field (csv, complaints[2], FALSE);
          loket_report_csv_field (csv, complaints[3], FALSE);
          loket_report_csv_field (csv, within, FALSE);
          loket_report_csv_field (csv, complaints[5], FALSE);
          for (guint c = 0; c < n; c++)
            loket_report_csv_field (csv, ((char **) g_ptr_array_index (table->rows, r))[c], c + 1 == n);
        }
    }
  return g_output_stream_write_all (out, csv->str, csv->len, NULL, NULL, error);
}
