/* loket-report-chart-view.h — one of the report's charts as a widget,
 * drawn by the report library's own cairo code (the PDF's), at the
 * width it is given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "loket-report-charts.h"

G_BEGIN_DECLS

#define LOKET_TYPE_REPORT_CHART_VIEW (loket_report_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketReportChartView, loket_report_chart_view, LOKET, REPORT_CHART_VIEW, GtkWidget)

GtkWidget        *loket_report_chart_view_new        (LoketReportChart      chart);
LoketReportChart  loket_report_chart_view_get_chart  (LoketReportChartView *self);
/* @report is borrowed: the caller keeps it alive while it is shown, and
 * sets NULL (or another) before freeing it. */
void              loket_report_chart_view_set_report (LoketReportChartView *self,
                                                      const LoketReport    *report);
/* What the chart shows in words (also its accessible description);
 * NULL without a report. */
const char       *loket_report_chart_view_get_description (LoketReportChartView *self);

G_END_DECLS
