/* loket-report-period.h — the periods a report covers from the
 * supervisor's view: a calendar day, week, month, quarter or year, found
 * from any day in it, and stepped back and forth.  Pure date arithmetic
 * on "YYYY-MM-DD" service days; "today" is the office's, in its time
 * zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest period REPORT computes over the network: a year.  loketd
 * computes a report on its loop, and a year of a large office (two
 * million tickets) takes about half a second (docs/reports.md). */
#define LOKET_REPORT_MAX_DAYS 366

typedef enum {
  LOKET_REPORT_PERIOD_DAY,
  LOKET_REPORT_PERIOD_WEEK,      /* Monday to Sunday */
  LOKET_REPORT_PERIOD_MONTH,
  LOKET_REPORT_PERIOD_QUARTER,   /* January–March, April–June, … */
  LOKET_REPORT_PERIOD_YEAR,
} LoketReportPeriod;

const char *loket_report_period_to_string   (LoketReportPeriod  period);
gboolean    loket_report_period_from_string (const char        *text,
                                             LoketReportPeriod *period);
/* The first and last day of the @period holding @day; FALSE (and
 * nothing set) if @day is not a date "YYYY-MM-DD". */
gboolean    loket_report_period_range       (LoketReportPeriod  period,
                                             const char        *day,
                                             char             **from,
                                             char             **to);
/* The first day of the @period @n periods after (@n < 0: before) the one
 * holding @day; NULL if @day is not a date. */
char       *loket_report_period_step        (LoketReportPeriod  period,
                                             const char        *day,
                                             int                n);
/* The day @usec (µs since the epoch) falls on in @tz: "YYYY-MM-DD". */
char       *loket_report_day_at             (GTimeZone         *tz,
                                             gint64             usec);

G_END_DECLS
