/* loket-report-render.h — a LoketReport as its readers get it: a table
 * per grouping (the cells every format shares), written as aligned text,
 * as CSV (RFC 4180) or as an A4 PDF with a summary page.
 *
 * The table is the one place that decides what a column holds and how a
 * figure is written (minutes with one decimal, shares in percent), so the
 * three formats never disagree.  CSV headers are stable English keys for
 * scripts and spreadsheets; text and PDF headers are translated labels.
 * Strings go through gettext: set the language first
 * (loket_i18n_set_language) to the report's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "loket-report.h"

G_BEGIN_DECLS

typedef enum {
  LOKET_REPORT_TEXT,
  LOKET_REPORT_CSV,
  LOKET_REPORT_PDF,
} LoketReportFormat;

gboolean    loket_report_format_from_string (const char        *text,
                                             LoketReportFormat *format);

typedef struct {
  char     *key;       /* CSV header: "wait_p90_min" */
  char     *label;     /* translated: "Wait p90" */
  gboolean  numeric;   /* right-aligned */
  gboolean  group;     /* starts a group (the waits, the service times): a
                        * table too wide for a page is cut between groups */
  gboolean  summary;   /* one of the few a reader needs first (the default
                        * text, the supervisor's table); the others are in
                        * the wide text, the CSV and the PDF */
} LoketReportColumn;

typedef struct {
  char      *title;    /* translated: "Per service" */
  GPtrArray *columns;  /* LoketReportColumn* */
  GPtrArray *rows;     /* char**, one cell per column, "" for no figure */
  gboolean   has_total; /* the last row sums up the others */
} LoketReportTable;

LoketReportTable *loket_report_table_new  (const LoketReport   *report,
                                           LoketReportGrouping  grouping);
void              loket_report_table_free (LoketReportTable    *table);
/* The same table with its summary columns only. */
LoketReportTable *loket_report_table_new_summary (const LoketReport   *report,
                                                  LoketReportGrouping  grouping);

/* "12.5": µs as minutes with one decimal, "" when @valid is FALSE. */
char       *loket_report_format_minutes   (gint64    usec,
                                           gboolean  valid);
/* "87.5": @part of @whole in percent with one decimal, "" for 0 of 0. */
char       *loket_report_format_percent   (guint     part,
                                           guint     whole);
/* "1 – 31 January 2026", in the report's language. */
char       *loket_report_format_period    (const LoketReport *report);
/* "Charter version 2 (SHA-256 3f2a9c0e1b7d…), in force from 2026-12-05
 * 11:00 (reloaded)": one line of the versions a report spans. */
char       *loket_report_describe_charter (const LoketReportCharter *charter);

/* The summary columns, fitted to a 100-column terminal (long names are
 * shortened with "…"); @wide: every column, as wide as it needs. */
gboolean    loket_report_write_text (const LoketReport   *report,
                                     LoketReportGrouping  grouping,
                                     gboolean             wide,
                                     GOutputStream       *out,
                                     GError             **error);
gboolean    loket_report_write_csv  (const LoketReport   *report,
                                     LoketReportGrouping  grouping,
                                     GOutputStream       *out,
                                     GError             **error);
/* Page 1: the summary for a head of office; then @grouping's table on as
 * many A4 pages as it needs, its header repeated. */
gboolean    loket_report_write_pdf  (const LoketReport   *report,
                                     LoketReportGrouping  grouping,
                                     GOutputStream       *out,
                                     GError             **error);
/* Text as loket_report_write_text() without @wide. */
gboolean    loket_report_write      (const LoketReport   *report,
                                     LoketReportGrouping  grouping,
                                     LoketReportFormat    format,
                                     GOutputStream       *out,
                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketReportTable, loket_report_table_free)

G_END_DECLS
