/* loket-report-view.h — today's report against the charter in the
 * supervisor's view: one table of the model the server computed, and the
 * PDF or CSV written from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "loket-report-render.h"

G_BEGIN_DECLS

#define LOKET_TYPE_REPORT_VIEW (loket_report_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketReportView, loket_report_view, LOKET, REPORT_VIEW, GtkBox)

LoketReportView     *loket_report_view_new           (void);
/* Takes @report (may be NULL: nothing yet). */
void                 loket_report_view_set_report    (LoketReportView     *self,
                                                      LoketReport         *report);
const LoketReport   *loket_report_view_get_report    (LoketReportView     *self);
void                 loket_report_view_set_grouping  (LoketReportView     *self,
                                                      LoketReportGrouping  grouping);
/* The rows shown, each its cells joined by "|" (also the "rows"
 * property, notified on every change). */
const char * const  *loket_report_view_get_rows      (LoketReportView     *self);
/* Writes the shown grouping as @format to @file, replacing it whole. */
gboolean             loket_report_view_save          (LoketReportView     *self,
                                                      LoketReportFormat    format,
                                                      GFile               *file,
                                                      GError             **error);

G_END_DECLS
