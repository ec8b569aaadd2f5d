/* loket-report-table.c — a report's groupings as tables of cells, and the
 * two flat formats written from them: aligned text for a terminal and
 * CSV (RFC 4180: CRLF, a header row, fields with a comma, quote or line
 * break quoted, quotes doubled) for spreadsheets and scripts.  The PDF
 * (loket-report-pdf.c) lays out the same tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "config.h"

#include "loket-report-render.h"
#include "loket-report-private.h"
#include "loket-error.h"
#include "loket-i18n.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#define USEC_PER_MINUTE (60.0 * G_USEC_PER_SEC)

gboolean
loket_report_format_from_string (const char        *text,
                                 LoketReportFormat *format)
{
  static const char * const names[] = { "text", "csv", "pdf" };
  guint index;

  if (!loket_report_name_index (names, G_N_ELEMENTS (names), text, &index))
    return FALSE;
  *format = (LoketReportFormat) index;
  return TRUE;
}

/* ---- figures ------------------------------------------------------------ */

char *
loket_report_format_minutes (gint64   usec,
                             gboolean valid)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!valid)
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", usec / USEC_PER_MINUTE));
}

char *
loket_report_format_percent (guint part,
                             guint whole)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (whole == 0)
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", 100.0 * part / whole));
}

char *
loket_report_format_period (const LoketReport *report)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) from = loket_report_day_start (report->from, utc);
  g_autoptr(GDateTime) to = loket_report_day_start (report->to, utc);
  g_autofree char *a = loket_i18n_format_day (from);
  g_autofree char *b = loket_i18n_format_day (to);
  return g_str_equal (report->from, report->to) ? g_steal_pointer (&a) : g_strdup_printf ("%s – %s", a, b);
}

static char *
format_count (guint n)
{
  return g_strdup_printf ("%u", n);
}

/* ---- building a table --------------------------------------------------- */

static void
column_free (gpointer data)
{
  LoketReportColumn *c = data;

  g_free (c->key);
  g_free (c->label);
  g_free (c);
}

static void
add_column (LoketReportTable *table, const char *key, const char *label, gboolean numeric)
{
  LoketReportColumn *c = g_new0 (LoketReportColumn, 1);

  c->key = g_strdup (key);
  c->label = g_strdup (label);
  c->numeric = numeric;
  g_ptr_array_add (table->columns, c);
}

/* The column @back columns from the end starts a group. */
static void
column_group_starts (LoketReportTable *table, guint back)
{
  ((LoketReportColumn *) g_ptr_array_index (table->columns, table->columns->len - back))->group = TRUE;
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

void
loket_report_table_free (LoketReportTable *table)
{
  if (table == NULL)
    return;
  g_free (table->title);
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

/* A row is built cell by cell; the cells take ownership of the strings. */
static GPtrArray *
row_new (void)
{
  return g_ptr_array_new ();
}

static void
row_take (GPtrArray *row, char *cell)
{
  g_ptr_array_add (row, cell);
}

static void
row_add (GPtrArray *row, const char *cell)
{
  g_ptr_array_add (row, g_strdup (cell ? cell : ""));
}

static void
table_take_row (LoketReportTable *table, GPtrArray *row)
{
  g_assert (row->len == table->columns->len);
  g_ptr_array_add (row, NULL);
  g_ptr_array_add (table->rows, g_ptr_array_free (row, FALSE));
}

/* The seven columns of a set of durations, each "Wait: mean (min)". */
static const struct { const char *key; const char *label; } duration_parts[] = {
  { "n", N_("measured") },
  { "mean_min", N_("mean (min)") },
  { "median_min", N_("median (min)") },
  { "p90_min", N_("90th percentile (min)") },
  { "max_min", N_("longest (min)") },
  { "within_pct", N_("within promise (%)") },
  { "breaches", N_("over promise") },
};

static void
add_duration_column (LoketReportTable *table, const char *key, const char *what, guint part)
{
  g_autofree char *label = g_strdup_printf ("%s: %s", what, _(duration_parts[part].label));

  add_column (table, key, label, TRUE);
}

static void
add_duration_columns (LoketReportTable *table, const char *prefix, const char *what)
{
  for (guint i = 0; i < G_N_ELEMENTS (duration_parts); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s_%s", prefix, duration_parts[i].key);

      add_duration_column (table, key, what, i);
    }
  column_group_starts (table, G_N_ELEMENTS (duration_parts));
}

static void
add_duration_cells (GPtrArray *row, const LoketReportDurations *d)
{
  row_take (row, format_count (d->n));
  row_take (row, loket_report_format_minutes (d->mean, d->n > 0));
  row_take (row, loket_report_format_minutes (d->median, d->n > 0));
  row_take (row, loket_report_format_minutes (d->p90, d->n > 0));
  row_take (row, loket_report_format_minutes (d->max, d->n > 0));
  row_take (row, loket_report_format_percent (d->within, d->judged));
  row_take (row, d->judged > 0 ? format_count (d->judged - d->within) : g_strdup (""));
}

static void
add_service_row (LoketReportTable *table, const LoketReportService *s)
{
  GPtrArray *row = row_new ();
  gboolean total = s->id[0] == '\0';

  row_add (row, s->id);
  row_add (row, total ? _("All services") : s->name);
  row_take (row, s->promised_wait_minutes ? format_count (s->promised_wait_minutes) : g_strdup (""));
  row_take (row, s->promised_service_minutes ? format_count (s->promised_service_minutes) : g_strdup (""));
  row_take (row, format_count (s->issued));
  row_take (row, format_count (s->priority));
  row_take (row, format_count (s->transferred));
  row_take (row, format_count (s->turned_away));
  row_take (row, format_count (s->served));
  row_take (row, format_count (s->other_outcome));
  row_take (row, format_count (s->no_show));
  row_take (row, format_count (s->voided));
  row_take (row, format_count (s->unserved));
  row_take (row, format_count (s->unfinished));
  add_duration_cells (row, &s->wait);
  add_duration_cells (row, &s->service);
  table_take_row (table, row);
}

static LoketReportTable *
service_table (const LoketReport *report)
{
  LoketReportTable *table = table_new (_("Per service"));

  add_column (table, "service", _("Service"), FALSE);
  add_column (table, "name", _("Name"), FALSE);
  add_column (table, "promised_wait_min", _("Promised wait (min)"), TRUE);
  add_column (table, "promised_service_min", _("Promised service (min)"), TRUE);
  add_column (table, "issued", _("Issued"), TRUE);
  add_column (table, "priority", _("Priority"), TRUE);
  add_column (table, "transferred", _("Transferred"), TRUE);
  add_column (table, "turned_away", _("Turned away"), TRUE);
  add_column (table, "served", _("Served"), TRUE);
  add_column (table, "other_outcome", _("Incomplete or referred"), TRUE);
  add_column (table, "no_show", _("No-show"), TRUE);
  add_column (table, "voided", _("Voided"), TRUE);
  add_column (table, "unserved", _("Unserved at closing"), TRUE);
  add_column (table, "unfinished", _("Unfinished"), TRUE);
  add_duration_columns (table, "wait", _("Wait"));
  add_duration_columns (table, "service", _("Service time"));
  for (guint i = 0; i < report->services->len; i++)
    add_service_row (table, g_ptr_array_index (report->services, i));
  add_service_row (table, report->total);
  table->has_total = TRUE;
  return table;
}

/* Counters and clerks: what they finished, and their pauses by reason. */
static LoketReportTable *
staff_table (const LoketReport *report, GPtrArray *staff, gboolean counters)
{
  LoketReportTable *table = table_new (counters ? _("Per counter") : _("Per clerk"));

  add_column (table, counters ? "counter" : "clerk", counters ? _("Counter") : _("Clerk"), FALSE);
  add_column (table, "name", _("Name"), FALSE);
  add_column (table, "served", _("Served"), TRUE);
  add_column (table, "other_outcome", _("Incomplete or referred"), TRUE);
  add_column (table, "no_show", _("No-show"), TRUE);
  add_duration_column (table, "service_n", _("Service time"), 0);
  add_duration_column (table, "service_mean_min", _("Service time"), 1);
  add_column (table, "pauses", _("Pauses"), TRUE);
  column_group_starts (table, 1);
  add_column (table, "pause_min", _("Paused (min)"), TRUE);
  for (guint r = 0; report->pause_reasons[r] != NULL; r++)
    {
      g_autofree char *key = g_strdup_printf ("pause_min_%s", report->pause_reasons[r]);
      const char *reason = report->pause_reason_labels ? report->pause_reason_labels[r] : report->pause_reasons[r];
      /* Translators: the minutes paused for one reason, e.g. "Paused: Sholat (min)". */
      g_autofree char *label = g_strdup_printf (_("Paused: %s (min)"), reason);

      add_column (table, key, label, TRUE);
    }
  for (guint i = 0; i < staff->len; i++)
    {
      const LoketReportStaff *s = g_ptr_array_index (staff, i);
      GPtrArray *row = row_new ();

      row_add (row, s->id);
      row_add (row, s->name);
      row_take (row, format_count (s->served));
      row_take (row, format_count (s->other_outcome));
      row_take (row, format_count (s->no_show));
      row_take (row, format_count (s->service.n));
      row_take (row, loket_report_format_minutes (s->service.mean, s->service.n > 0));
      row_take (row, format_count (s->pauses));
      row_take (row, loket_report_format_minutes (s->pause_usec, TRUE));
      for (guint r = 0; report->pause_reasons[r] != NULL; r++)
        row_take (row, loket_report_format_minutes (s->pause_usec_by_reason[r], TRUE));
      table_take_row (table, row);
    }
  return table;
}

/* Arrivals per day: the mean over the service days of the period that
 * had any ticket. */
static char *
format_per_day (guint arrivals, guint days)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (days == 0)
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", (double) arrivals / days));
}

/* The hours that had arrivals or turned someone away, first to last;
 * the weekday columns are the heat map. */
static LoketReportTable *
hour_table (const LoketReport *report)
{
  static const char * const keys[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  LoketReportTable *table = table_new (_("Per hour of arrival"));
  gint first = 24, last = -1;

  add_column (table, "hour", _("Hour"), FALSE);
  add_column (table, "arrivals", _("Arrivals"), TRUE);
  add_column (table, "arrivals_per_day", _("Arrivals per day"), TRUE);
  add_column (table, "called", _("Called"), TRUE);
  add_duration_column (table, "wait_mean_min", _("Wait"), 1);
  add_column (table, "turned_away", _("Turned away"), TRUE);
  for (guint d = 0; d < 7; d++)
    {
      g_autofree char *key = g_strdup_printf ("arrivals_%s", keys[d]);
      g_autofree char *day = g_utf8_substring (loket_i18n_weekday_name (d + 1), 0, 3);
      /* Translators: arrivals on one weekday, e.g. "Arrivals Mon". */
      g_autofree char *label = g_strdup_printf (_("Arrivals %s"), day);

      add_column (table, key, label, TRUE);
    }
  for (gint h = 0; h < 24; h++)
    if (report->hours[h].arrivals > 0 || report->hours[h].turned_away > 0)
      first = MIN (first, h), last = MAX (last, h);
  for (gint h = first; h <= last; h++)
    {
      const LoketReportHour *hour = &report->hours[h];
      GPtrArray *row = row_new ();

      row_take (row, g_strdup_printf ("%02d:00", h));
      row_take (row, format_count (hour->arrivals));
      row_take (row, format_per_day (hour->arrivals, report->days));
      row_take (row, format_count (hour->called));
      row_take (row, loket_report_format_minutes (hour->mean_wait, hour->called > 0));
      row_take (row, format_count (hour->turned_away));
      for (guint d = 0; d < 7; d++)
        row_take (row, format_count (hour->arrivals_by_weekday[d]));
      table_take_row (table, row);
    }
  return table;
}

/* Per kiosk: its paper troubles, and the priority claims made there that
 * a clerk refused (UU 25/2009).  Only kiosks with a count are listed. */
static LoketReportTable *
kiosk_table (const LoketReport *report)
{
  LoketReportTable *table = table_new (_("Per kiosk"));

  add_column (table, "kiosk", _("Kiosk"), FALSE);
  add_column (table, "print_failed", _("Print failures"), TRUE);
  add_column (table, "reprinted", _("Reprints"), TRUE);
  add_column (table, "priority_refused", _("Priority claims refused"), TRUE);
  for (guint i = 0; report->kiosks != NULL && i < report->kiosks->len; i++)
    {
      const LoketReportKiosk *k = g_ptr_array_index (report->kiosks, i);
      GPtrArray *row = row_new ();

      row_add (row, k->id);
      row_take (row, format_count (k->print_failed));
      row_take (row, format_count (k->reprinted));
      row_take (row, format_count (k->priority_refused));
      table_take_row (table, row);
    }
  return table;
}

/* Per grouping, the columns of its summary: what a head of office reads
 * first, narrow enough for a terminal or a window. */
static const char * const summary_by_service[] = {
  "service", "name", "issued", "served", "wait_median_min", "wait_p90_min",
  "wait_within_pct", "wait_breaches", NULL
};
static const char * const summary_by_counter[] = {
  "counter", "name", "served", "other_outcome", "no_show", "service_mean_min", "pauses", "pause_min", NULL
};
static const char * const summary_by_clerk[] = {
  "clerk", "name", "served", "other_outcome", "no_show", "service_mean_min", "pauses", "pause_min", NULL
};
static const char * const summary_by_hour[] = {
  "hour", "arrivals", "arrivals_per_day", "called", "wait_mean_min", NULL
};
static const char * const summary_by_kiosk[] = {
  "kiosk", "print_failed", "reprinted", "priority_refused", NULL
};

static void
mark_summary (LoketReportTable *table, const char * const *keys)
{
  for (guint c = 0; c < table->columns->len; c++)
    {
      LoketReportColumn *column = g_ptr_array_index (table->columns, c);

      column->summary = g_strv_contains (keys, column->key);
    }
}

static LoketReportTable *
table_for (const LoketReport *report, LoketReportGrouping grouping)
{
  switch (grouping)
    {
    case LOKET_REPORT_BY_COUNTER: return staff_table (report, report->counters, TRUE);
    case LOKET_REPORT_BY_CLERK:   return staff_table (report, report->clerks, FALSE);
    case LOKET_REPORT_BY_HOUR:    return hour_table (report);
    case LOKET_REPORT_BY_KIOSK:   return kiosk_table (report);
    case LOKET_REPORT_BY_SERVICE:
    default:                      return service_table (report);
    }
}

static const char * const *
summary_for (LoketReportGrouping grouping)
{
  switch (grouping)
    {
    case LOKET_REPORT_BY_COUNTER: return summary_by_counter;
    case LOKET_REPORT_BY_CLERK:   return summary_by_clerk;
    case LOKET_REPORT_BY_HOUR:    return summary_by_hour;
    case LOKET_REPORT_BY_KIOSK:   return summary_by_kiosk;
    case LOKET_REPORT_BY_SERVICE:
    default:                      return summary_by_service;
    }
}

LoketReportTable *
loket_report_table_new (const LoketReport   *report,
                        LoketReportGrouping  grouping)
{
  LoketReportTable *table = table_for (report, grouping);

  mark_summary (table, summary_for (grouping));
  return table;
}

LoketReportTable *
loket_report_table_new_summary (const LoketReport   *report,
                                LoketReportGrouping  grouping)
{
  g_autoptr(LoketReportTable) all = loket_report_table_new (report, grouping);
  LoketReportTable *summary = table_new (all->title);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (guint));

  summary->has_total = all->has_total;
  for (guint c = 0; c < all->columns->len; c++)
    {
      LoketReportColumn *column = g_ptr_array_index (all->columns, c);

      if (!column->summary)
        continue;
      g_array_append_val (kept, c);
      /* Moved, not copied: the whole table goes away below. */
      g_ptr_array_add (summary->columns, g_memdup2 (column, sizeof *column));
      column->key = column->label = NULL;
    }
  for (guint r = 0; r < all->rows->len; r++)
    {
      char **cells = g_ptr_array_index (all->rows, r);
      GPtrArray *row = row_new ();

      for (guint k = 0; k < kept->len; k++)
        row_add (row, cells[g_array_index (kept, guint, k)]);
      table_take_row (summary, row);
    }
  return summary;
}

/* ---- text --------------------------------------------------------------- */

static gboolean
write_string (GOutputStream *out, const char *text, GError **error)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, NULL, error);
}

/* @label in lines no wider than @width (wider words stand alone). */
static GPtrArray *
wrap_label (const char *label, glong width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = g_strsplit (label, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (line->len > 0 && g_utf8_strlen (line->str, -1) + 1 + g_utf8_strlen (words[i], -1) > width)
        {
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
        }
      g_string_append_printf (line, "%s%s", line->len ? " " : "", words[i]);
    }
  g_ptr_array_add (lines, g_strdup (line->str));
  return lines;
}

/* Each column as wide as its widest cell or the longest word of its
 * label, whichever is more: labels wrap, figures never do. */
static glong *
column_widths (const LoketReportTable *table)
{
  glong *widths = g_new0 (glong, table->columns->len);

  for (guint c = 0; c < table->columns->len; c++)
    {
      const LoketReportColumn *column = g_ptr_array_index (table->columns, c);
      g_auto(GStrv) words = g_strsplit (column->label, " ", -1);

      for (guint i = 0; words[i] != NULL; i++)
        widths[c] = MAX (widths[c], g_utf8_strlen (words[i], -1));
      for (guint r = 0; r < table->rows->len; r++)
        widths[c] = MAX (widths[c], g_utf8_strlen (((char **) g_ptr_array_index (table->rows, r))[c], -1));
    }
  return widths;
}

/* The summary must fit a terminal of this many columns. */
#define TEXT_COLUMNS 100
/* A name is never shortened to fewer characters than this. */
#define SHORTEST_NAME 12

/* Narrows the widest text column (a name: numbers never shrink) until
 * the table fits TEXT_COLUMNS, if it can. */
static void
fit_widths (const LoketReportTable *table, glong *widths)
{
  glong total = 2 * ((glong) table->columns->len - 1);
  gint widest = -1;

  for (guint c = 0; c < table->columns->len; c++)
    {
      const LoketReportColumn *column = g_ptr_array_index (table->columns, c);

      total += widths[c];
      if (!column->numeric && c > 0 && (widest < 0 || widths[c] > widths[widest]))
        widest = (gint) c;
    }
  if (total > TEXT_COLUMNS && widest >= 0)
    widths[widest] = MAX (SHORTEST_NAME, widths[widest] - (total - TEXT_COLUMNS));
}

static void
append_cell (GString *line, const char *text, glong width, gboolean right, gboolean last)
{
  g_autofree char *shortened = NULL;
  glong pad;

  if (g_utf8_strlen (text, -1) > width)
    {
      g_autofree char *head = g_utf8_substring (text, 0, width - 1);

      text = shortened = g_strconcat (g_strchomp (head), "…", NULL);
    }
  pad = width - g_utf8_strlen (text, -1);

  if (right)
    for (glong i = 0; i < pad; i++)
      g_string_append_c (line, ' ');
  g_string_append (line, text);
  if (!right && !last)
    for (glong i = 0; i < pad; i++)
      g_string_append_c (line, ' ');
  if (!last)
    g_string_append (line, "  ");
}

static void
append_header (GString *text, const LoketReportTable *table, const glong *widths)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint height = 0;

  for (guint c = 0; c < table->columns->len; c++)
    {
      GPtrArray *lines = wrap_label (((LoketReportColumn *) g_ptr_array_index (table->columns, c))->label,
                                     widths[c]);

      height = MAX (height, lines->len);
      g_ptr_array_add (labels, lines);
    }
  for (guint l = 0; l < height; l++)
    {
      for (guint c = 0; c < table->columns->len; c++)
        {
          GPtrArray *lines = g_ptr_array_index (labels, c);
          const LoketReportColumn *column = g_ptr_array_index (table->columns, c);
          /* Bottom-aligned, so that the last line sits on the rule. */
          gint index = (gint) l - (gint) (height - lines->len);

          append_cell (text, index >= 0 ? g_ptr_array_index (lines, index) : "", widths[c],
                       column->numeric, c + 1 == table->columns->len);
        }
      g_string_append_c (text, '\n');
    }
}

static void
append_rule (GString *text, const LoketReportTable *table, const glong *widths)
{
  for (guint c = 0; c < table->columns->len; c++)
    {
      for (glong i = 0; i < widths[c]; i++)
        g_string_append_c (text, '-');
      g_string_append (text, c + 1 < table->columns->len ? "  " : "\n");
    }
}

static void
append_table_text (GString *text, const LoketReportTable *table, gboolean fit)
{
  g_autofree glong *widths = column_widths (table);

  if (fit)
    fit_widths (table, widths);

  append_header (text, table, widths);
  append_rule (text, table, widths);
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **cells = g_ptr_array_index (table->rows, r);

      if (table->has_total && r + 1 == table->rows->len)
        append_rule (text, table, widths);
      for (guint c = 0; c < table->columns->len; c++)
        append_cell (text, cells[c], widths[c],
                     ((LoketReportColumn *) g_ptr_array_index (table->columns, c))->numeric,
                     c + 1 == table->columns->len);
      g_string_append_c (text, '\n');
    }
}

/* A note under the table, in lines that fit the terminal. */
static void
append_note (GString *text, const char *note)
{
  g_autoptr(GPtrArray) lines = wrap_label (note, TEXT_COLUMNS);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (lines, i));
}

/* The days' anchors, for whoever keeps this report: a later copy of the
 * log that does not end those days with these hashes was rewritten.  A
 * month's fit; a longer period names its first and last day. */
#define ANCHORS_LISTED 31

static void
append_anchor (GString *text, const LoketReportAnchor *a)
{
  g_string_append_printf (text, "  %s  %s\n", a->day, a->hash);
}

static void
append_anchors (GString *text, const LoketReport *report)
{
  guint n = report->anchors ? report->anchors->len : 0;

  if (n == 0)
    return;
  g_string_append_c (text, '\n');
  append_note (text, g_dngettext (GETTEXT_PACKAGE,
                                  "Daily anchor (the hash of the day's last event; loketctl verify):",
                                  "Daily anchors (the hash of each day's last event; loketctl verify):", n));
  if (n <= ANCHORS_LISTED)
    {
      for (guint i = 0; i < n; i++)
        append_anchor (text, g_ptr_array_index (report->anchors, i));
      return;
    }
  append_anchor (text, g_ptr_array_index (report->anchors, 0));
  /* Translators: between the first and the last anchor of a long period. */
  g_string_append_printf (text, "  %s\n", _("… (all of them: loketctl anchors)"));
  append_anchor (text, g_ptr_array_index (report->anchors, n - 1));
}

/* Padding leaves spaces at the ends of lines (and whole lines of them
 * above short labels); a terminal or a diff shows none. */
static char *
without_trailing_spaces (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]);
  return g_strjoinv ("\n", lines);
}

char *
loket_report_describe_charter (const LoketReportCharter *charter)
{
  const char *by = g_str_equal (charter->loaded_by, "migration") ? _("given at the upgrade")
                 : g_str_equal (charter->loaded_by, "sighup") ? _("reloaded")
                 : _("loaded at start");

  /* Translators: "Charter version 2 (SHA-256 3f2a9c0e1b7d…), in force from
   * 2026-12-05 11:00 (reloaded)"; the last part says how it came. */
  return g_strdup_printf (_("Charter version %u (SHA-256 %.12s…), in force from %s (%s)"),
                          charter->version, charter->sha256, charter->in_force_from, by);
}

gboolean
loket_report_write_text (const LoketReport   *report,
                         LoketReportGrouping  grouping,
                         gboolean             wide,
                         GOutputStream       *out,
                         GError             **error)
{
  g_autoptr(LoketReportTable) table = wide ? loket_report_table_new (report, grouping)
                                           : loket_report_table_new_summary (report, grouping);
  g_autofree char *period = loket_report_format_period (report);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *trimmed = NULL;

  g_string_append_printf (text, "%s\n", report->office);
  if (report->address != NULL)
    g_string_append_printf (text, "%s\n", report->address);
  /* Translators: "Per service — 1 January 2026 – 31 December 2026 (250 service days)". */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s — %s (%u service day)",
                                             "%s — %s (%u service days)", report->days),
                          table->title, period, report->days);
  g_string_append (text, "\n");
  for (guint i = 0; report->charters != NULL && i < report->charters->len; i++)
    {
      g_autofree char *line = loket_report_describe_charter (g_ptr_array_index (report->charters, i));

      g_string_append_printf (text, "%s\n", line);
    }
  g_string_append (text, "\n");
  append_table_text (text, table, !wide);
  g_string_append_c (text, '\n');
  append_note (text, _("Times in minutes. Median and 90th percentile by nearest rank; "
                       "within promise: no longer than the charter's promise."));
  if (!wide)
    append_note (text, _("The main columns only; every column: loketctl report --wide, CSV or PDF."));
  append_anchors (text, report);
  trimmed = without_trailing_spaces (text->str);
  return write_string (out, trimmed, error);
}

void
loket_report_append_table_text (GString *text, const LoketReportTable *table, gboolean fit)
{
  append_table_text (text, table, fit);
}

char *
loket_report_trim_lines (const char *text)
{
  return without_trailing_spaces (text);
}

/* ---- CSV ---------------------------------------------------------------- */

gboolean
loket_report_write_csv (const LoketReport   *report,
                        LoketReportGrouping  grouping,
                        GOutputStream       *out,
                        GError             **error)
{
  g_autoptr(LoketReportTable) table = loket_report_table_new (report, grouping);
  g_autoptr(GString) csv = g_string_new (NULL);
  guint n = table->columns->len;

  for (guint c = 0; c < n; c++)
    loket_report_csv_field (csv, ((LoketReportColumn *) g_ptr_array_index (table->columns, c))->key, c + 1 == n);
  for (guint r = 0; r < table->rows->len; r++)
    for (guint c = 0; c < n; c++)
      loket_report_csv_field (csv, ((char **) g_ptr_array_index (table->rows, r))[c], c + 1 == n);
  return write_string (out, csv->str, error);
}
