/* loket-report-period.c — calendar periods for the supervisor's report
 * view: which days a week, month, quarter or year holds (GDate, so that
 * leap years and month lengths are the calendar's), and today in the
 * office's time zone, not the PC's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "config.h"

#include "loket-report-period.h"

#include <stdio.h>
#include <string.h>

static const char * const period_names[] = {
  [LOKET_REPORT_PERIOD_DAY]     = "day",
  [LOKET_REPORT_PERIOD_WEEK]    = "week",
  [LOKET_REPORT_PERIOD_MONTH]   = "month",
  [LOKET_REPORT_PERIOD_QUARTER] = "quarter",
  [LOKET_REPORT_PERIOD_YEAR]    = "year",
};

const char *
loket_report_period_to_string (LoketReportPeriod period)
{
  g_return_val_if_fail (period < G_N_ELEMENTS (period_names), NULL);
  return period_names[period];
}

gboolean
loket_report_period_from_string (const char *text, LoketReportPeriod *period)
{
  for (guint i = 0; i < G_N_ELEMENTS (period_names); i++)
    if (g_strcmp0 (text, period_names[i]) == 0)
      {
        *period = i;
        return TRUE;
      }
  return FALSE;
}

/* "YYYY-MM-DD", strictly: g_date_set_parse would take "5/12" too. */
static gboolean
parse_day (const char *day, GDate *date)
{
  guint y, m, d;
  char tail;

  g_date_clear (date, 1);
  if (day == NULL || strlen (day) != 10 || sscanf (day, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* Moves @date back to the first day of its @period. */
static void
period_start (LoketReportPeriod period, GDate *date)
{
  GDateMonth month = g_date_get_month (date);

  switch (period)
    {
    case LOKET_REPORT_PERIOD_DAY:
      break;
    case LOKET_REPORT_PERIOD_WEEK:
      g_date_subtract_days (date, g_date_get_weekday (date) - G_DATE_MONDAY);
      break;
    case LOKET_REPORT_PERIOD_MONTH:
      g_date_set_day (date, 1);
      break;
    case LOKET_REPORT_PERIOD_QUARTER:
      g_date_set_day (date, 1);
      g_date_set_month (date, month - (month - 1) % 3);
      break;
    case LOKET_REPORT_PERIOD_YEAR:
      g_date_set_day (date, 1);
      g_date_set_month (date, G_DATE_JANUARY);
      break;
    }
}

/* Adds @n whole periods to @date, a period's first day. */
static void
period_add (LoketReportPeriod period, GDate *date, int n)
{
  static const int days[] = { [LOKET_REPORT_PERIOD_DAY] = 1, [LOKET_REPORT_PERIOD_WEEK] = 7 };
  static const int months[] = { [LOKET_REPORT_PERIOD_MONTH] = 1, [LOKET_REPORT_PERIOD_QUARTER] = 3,
                                [LOKET_REPORT_PERIOD_YEAR] = 12 };

  if (period <= LOKET_REPORT_PERIOD_WEEK)
    n >= 0 ? g_date_add_days (date, n * days[period]) : g_date_subtract_days (date, -n * days[period]);
  else
    n >= 0 ? g_date_add_months (date, n * months[period]) : g_date_subtract_months (date, -n * months[period]);
}

gboolean
loket_report_period_range (LoketReportPeriod   period,
                           const char         *day,
                           char              **from,
                           char              **to)
{
  GDate date;

  g_return_val_if_fail (from != NULL && to != NULL, FALSE);
  if (!parse_day (day, &date))
    return FALSE;
  period_start (period, &date);
  *from = format_day (&date);
  period_add (period, &date, 1);
  g_date_subtract_days (&date, 1);
  *to = format_day (&date);
  return TRUE;
}

char *
loket_report_period_step (LoketReportPeriod  period,
                          const char        *day,
                          int                n)
{
  GDate date;

  if (!parse_day (day, &date))
    return NULL;
  period_start (period, &date);
  period_add (period, &date, n);
  return format_day (&date);
}

char *
loket_report_day_at (GTimeZone *tz, gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d");
}
