/* loket-report-csv.c — one CSV field (RFC 4180), shared by the service
 * report's CSV (loket-report-table.c) and the survey's
 * (loket-skm-report.c).  On its own so that what links the survey's model
 * — loketd, for SKM — does not pull the service report's renderers, and
 * with them cairo and pango, into its binary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-report-private.h"

#include <string.h>

void
loket_report_csv_field (GString *csv, const char *field, gboolean last)
{
  if (strpbrk (field, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
      for (const char *p = field; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, field);
  g_string_append (csv, last ? "\r\n" : ",");
}
