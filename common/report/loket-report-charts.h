/* loket-report-charts.h — the report's charts on any cairo context: the
 * PDF's first page draws them on paper, the supervisor's report view on
 * the screen, with one drawing code.
 *
 * Units are PDF points (1/72 inch): a screen scales its context first
 * (by 96/72 for the points to read as they print).  Plain cairo and
 * pango, no GTK: common/report stays below the apps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "loket-report.h"

G_BEGIN_DECLS

typedef enum {
  LOKET_REPORT_CHART_FIGURES,     /* tickets, the promises kept, the median wait */
  LOKET_REPORT_CHART_COMPLIANCE,  /* called within the promised wait, per service, as bars */
  LOKET_REPORT_CHART_BREACHES,    /* breaches and the longest wait, per service */
  LOKET_REPORT_CHART_WAITS,       /* how long citizens waited, a histogram */
  LOKET_REPORT_CHART_ARRIVALS,    /* arrivals per hour on an average day */
} LoketReportChart;

#define LOKET_REPORT_N_CHARTS (LOKET_REPORT_CHART_ARRIVALS + 1)

/* "compliance": a stable name, for tests and logs. */
const char *loket_report_chart_to_string (LoketReportChart chart);
/* The height @chart takes @width wide, in points. */
double      loket_report_chart_height    (const LoketReport *report,
                                          LoketReportChart   chart,
                                          double             width);
/* Draws @chart in (0, 0, @width, @height) of @cr, in points. */
void        loket_report_chart_draw      (cairo_t           *cr,
                                          const LoketReport *report,
                                          LoketReportChart   chart,
                                          double             width,
                                          double             height);
/* What @chart shows, in words (the report's language): for a screen
 * reader, and for the tests to check the figures drawn. */
char       *loket_report_chart_describe  (const LoketReport *report,
                                          LoketReportChart   chart);

G_END_DECLS
