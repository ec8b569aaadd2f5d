/* loket-report-private.h — what the report's files share with each other
 * and with office/loket-report-compute.c: the percentiles
 * (loket-report-percentile.c) and the lookup of an enum's name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-report.h"
#include "loket-report-render.h"

G_BEGIN_DECLS

/* The median and 90th percentile of the values of @n_sets arrays taken
 * together (at least one value in all), none negative and none greater
 * than @max; the arrays are only read. */
G_GNUC_INTERNAL void     loket_report_median_and_p90 (const gint64 * const *sets,
                                                      const gsize          *lengths,
                                                      guint                 n_sets,
                                                      gint64                max,
                                                      gint64               *median,
                                                      gint64               *p90);

/* The index of @text in @names; FALSE if it is none of them. */
G_GNUC_INTERNAL gboolean loket_report_name_index   (const char * const *names,
                                                    guint               n_names,
                                                    const char         *text,
                                                    guint              *index);

/* Appends @field to a CSV line (RFC 4180: quoted when it holds a comma,
 * a quote or a line break), then a comma, or CRLF if it is the @last. */
G_GNUC_INTERNAL void     loket_report_csv_field    (GString            *csv,
                                                    const char         *field,
                                                    gboolean            last);

/* The text renderer's table and its last touch (loket-report-table.c),
 * for the region's report (loket-region-report.c): @fit narrows the
 * widest name column to 100 terminal columns. */
G_GNUC_INTERNAL void     loket_report_append_table_text (GString                *text,
                                                         const LoketReportTable *table,
                                                         gboolean                fit);
G_GNUC_INTERNAL char    *loket_report_trim_lines        (const char             *text);

G_END_DECLS
