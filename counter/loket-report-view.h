/* loket-report-view.h — the report against the charter in the
 * supervisor's view, over any period from a day to a year: the charts a
 * head of office reads first, then a table that fits the window, and the
 * PDF or CSV written from the same model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "loket-client.h"
#include "loket-office-model.h"
#include "loket-report-period.h"
#include "loket-report-render.h"
#include "loket-skm-view.h"

G_BEGIN_DECLS

#define LOKET_TYPE_REPORT_VIEW (loket_report_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketReportView, loket_report_view, LOKET, REPORT_VIEW, GtkBox)

LoketReportView     *loket_report_view_new           (void);
/* Where REPORT goes, and the office whose service day is "today". */
void                 loket_report_view_connect       (LoketReportView     *self,
                                                      LoketClient         *client,
                                                      LoketOfficeModel    *model);
/* Asks for the chosen period's report now, showing that it is loading;
 * a request still under way is dropped. */
void                 loket_report_view_request       (LoketReportView     *self);
/* As loket_report_view_request(), but only if the period holds today:
 * a past period's figures do not change while it is shown. */
void                 loket_report_view_refresh       (LoketReportView     *self);
/* The calendar @period holding @day ("YYYY-MM-DD"; NULL: today), asked
 * for at once. */
void                 loket_report_view_set_period    (LoketReportView     *self,
                                                      LoketReportPeriod    period,
                                                      const char          *day);
/* Takes @report (may be NULL: nothing yet). */
void                 loket_report_view_set_report    (LoketReportView     *self,
                                                      LoketReport         *report);
const LoketReport   *loket_report_view_get_report    (LoketReportView     *self);
/* The satisfaction index shown under the table, for the same period. */
LoketSkmView        *loket_report_view_get_skm       (LoketReportView     *self);
void                 loket_report_view_set_grouping  (LoketReportView     *self,
                                                      LoketReportGrouping  grouping);
/* The rows shown, each its cells joined by "|" (also the "rows"
 * property, notified on every change, the charts' with it). */
const char * const  *loket_report_view_get_rows      (LoketReportView     *self);
/* The charts shown, each "name|what it shows in words" (the "charts"
 * property). */
const char * const  *loket_report_view_get_charts    (LoketReportView     *self);
/* Writes the shown grouping as @format to @file, replacing it whole. */
gboolean             loket_report_view_save          (LoketReportView     *self,
                                                      LoketReportFormat    format,
                                                      GFile               *file,
                                                      GError             **error);

G_END_DECLS
