/* loket-report.c — the report model's own functions: names of the
 * groupings, the start of a service day, and freeing a report.  The model
 * is plain values; it is computed from a store by
 * office/loket-report-compute.c (in loketd and loketctl), sent as JSON
 * (loket-report-json.c) and rendered by loket-report-table.c and
 * loket-report-pdf.c — none of which needs SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-report.h"
#include "loket-report-private.h"

#include <stdio.h>
#include <string.h>

static const char * const grouping_names[] = {
  [LOKET_REPORT_BY_SERVICE] = "service",
  [LOKET_REPORT_BY_COUNTER] = "counter",
  [LOKET_REPORT_BY_CLERK] = "clerk",
  [LOKET_REPORT_BY_HOUR] = "hour",
  [LOKET_REPORT_BY_KIOSK] = "kiosk",
};

const char *
loket_report_grouping_to_string (LoketReportGrouping grouping)
{
  g_return_val_if_fail ((guint) grouping < G_N_ELEMENTS (grouping_names), "service");
  return grouping_names[grouping];
}

gboolean
loket_report_name_index (const char * const *names,
                         guint               n_names,
                         const char         *text,
                         guint              *index)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
loket_report_grouping_from_string (const char          *text,
                                   LoketReportGrouping *grouping)
{
  guint index;

  if (!loket_report_name_index (grouping_names, G_N_ELEMENTS (grouping_names), text, &index))
    return FALSE;
  *grouping = (LoketReportGrouping) index;
  return TRUE;
}

GDateTime *
loket_report_day_start (const char *day,
                        GTimeZone  *tz)
{
  guint y = 0, m = 0, d = 0;
  char end = 0;

  if (day == NULL || strlen (day) != 10 || sscanf (day, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_time_new (tz, y, m, d, 0, 0, 0);
}

void
loket_report_service_free (gpointer data)
{
  LoketReportService *row = data;

  g_free (row->id);
  g_free (row->name);
  g_free (row);
}

void
loket_report_staff_free (gpointer data)
{
  LoketReportStaff *row = data;

  g_free (row->id);
  g_free (row->name);
  g_free (row->pause_usec_by_reason);
  g_free (row);
}

void
loket_report_charter_free (gpointer data)
{
  LoketReportCharter *charter = data;

  g_free (charter->sha256);
  g_free (charter->in_force_from);
  g_free (charter->loaded_by);
  g_free (charter);
}

void
loket_report_anchor_free (gpointer data)
{
  LoketReportAnchor *anchor = data;

  if (anchor == NULL)
    return;
  g_free (anchor->day);
  g_free (anchor->hash);
  g_free (anchor);
}

void
loket_report_kiosk_free (gpointer data)
{
  LoketReportKiosk *row = data;

  g_free (row->id);
  g_free (row);
}

void
loket_report_free (LoketReport *report)
{
  if (report == NULL)
    return;
  g_free (report->office);
  g_free (report->address);
  g_free (report->from);
  g_free (report->to);
  g_free (report->lang);
  g_clear_pointer (&report->services, g_ptr_array_unref);
  g_clear_pointer (&report->total, loket_report_service_free);
  g_clear_pointer (&report->counters, g_ptr_array_unref);
  g_clear_pointer (&report->clerks, g_ptr_array_unref);
  g_clear_pointer (&report->kiosks, g_ptr_array_unref);
  g_strfreev (report->pause_reasons);
  g_strfreev (report->pause_reason_labels);
  g_clear_pointer (&report->anchors, g_ptr_array_unref);
  g_clear_pointer (&report->charters, g_ptr_array_unref);
  g_free (report);
}
