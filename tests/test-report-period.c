/* test-report-period.c — the periods the supervisor's report view asks
 * for: which days each calendar period holds (weeks from Monday,
 * quarters from January, leap years), stepping between periods, and
 * "today" in the office's time zone, not the machine's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-report-period.h"

typedef struct {
  LoketReportPeriod period;
  const char       *day;
  const char       *from, *to;
} RangeCase;

static void
test_range (void)
{
  static const RangeCase cases[] = {
    { LOKET_REPORT_PERIOD_DAY,     "2026-12-05", "2026-12-05", "2026-12-05" },
    /* 5 December 2026 is a Saturday: its week is Monday 30 November to Sunday 6 December. */
    { LOKET_REPORT_PERIOD_WEEK,    "2026-12-05", "2026-11-30", "2026-12-06" },
    { LOKET_REPORT_PERIOD_WEEK,    "2026-11-30", "2026-11-30", "2026-12-06" },
    { LOKET_REPORT_PERIOD_WEEK,    "2026-12-06", "2026-11-30", "2026-12-06" },
    /* A week across the new year. */
    { LOKET_REPORT_PERIOD_WEEK,    "2027-01-01", "2026-12-28", "2027-01-03" },
    { LOKET_REPORT_PERIOD_MONTH,   "2026-12-05", "2026-12-01", "2026-12-31" },
    { LOKET_REPORT_PERIOD_MONTH,   "2028-02-10", "2028-02-01", "2028-02-29" },
    { LOKET_REPORT_PERIOD_MONTH,   "2026-02-28", "2026-02-01", "2026-02-28" },
    { LOKET_REPORT_PERIOD_QUARTER, "2026-12-05", "2026-10-01", "2026-12-31" },
    { LOKET_REPORT_PERIOD_QUARTER, "2026-05-31", "2026-04-01", "2026-06-30" },
    { LOKET_REPORT_PERIOD_QUARTER, "2026-01-01", "2026-01-01", "2026-03-31" },
    { LOKET_REPORT_PERIOD_YEAR,    "2026-12-05", "2026-01-01", "2026-12-31" },
    { LOKET_REPORT_PERIOD_YEAR,    "2028-07-01", "2028-01-01", "2028-12-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *from = NULL, *to = NULL;

      g_test_message ("%s of %s", loket_report_period_to_string (cases[i].period), cases[i].day);
      g_assert_true (loket_report_period_range (cases[i].period, cases[i].day, &from, &to));
      g_assert_cmpstr (from, ==, cases[i].from);
      g_assert_cmpstr (to, ==, cases[i].to);
    }
}

/* Every period fits what REPORT computes over the network, a leap
 * year's too. */
static void
test_within_limit (void)
{
  for (LoketReportPeriod p = LOKET_REPORT_PERIOD_DAY; p <= LOKET_REPORT_PERIOD_YEAR; p++)
    {
      g_autofree char *from = NULL, *to = NULL;
      GDate a, b;

      g_assert_true (loket_report_period_range (p, "2028-02-29", &from, &to));
      g_date_set_parse (&a, from);
      g_date_set_parse (&b, to);
      g_assert_true (g_date_valid (&a) && g_date_valid (&b));
      g_assert_cmpint (g_date_days_between (&a, &b) + 1, <=, LOKET_REPORT_MAX_DAYS);
    }
}

static void
test_not_a_day (void)
{
  const char *wrong[] = { NULL, "", "2026-13-01", "2026-02-30", "5/12/2026", "2026-12-05x", "2026-1-5" };
  char *from = NULL, *to = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_assert_false (loket_report_period_range (LOKET_REPORT_PERIOD_MONTH, wrong[i], &from, &to));
      g_assert_null (from);
      g_assert_null (to);
      g_assert_null (loket_report_period_step (LOKET_REPORT_PERIOD_MONTH, wrong[i], 1));
    }
}

static void
test_step (void)
{
  const struct {
    LoketReportPeriod period;
    const char *day;
    int n;
    const char *expected;
  } cases[] = {
    { LOKET_REPORT_PERIOD_DAY,     "2026-12-31", 1,  "2027-01-01" },
    { LOKET_REPORT_PERIOD_DAY,     "2026-03-01", -1, "2026-02-28" },
    { LOKET_REPORT_PERIOD_WEEK,    "2026-12-05", -1, "2026-11-23" },
    { LOKET_REPORT_PERIOD_WEEK,    "2026-12-05", 1,  "2026-12-07" },
    /* From the 31st: the next month's first day, never "31 February". */
    { LOKET_REPORT_PERIOD_MONTH,   "2026-01-31", 1,  "2026-02-01" },
    { LOKET_REPORT_PERIOD_MONTH,   "2026-01-15", -1, "2025-12-01" },
    { LOKET_REPORT_PERIOD_QUARTER, "2026-12-05", 1,  "2027-01-01" },
    { LOKET_REPORT_PERIOD_QUARTER, "2026-02-05", -2, "2025-07-01" },
    { LOKET_REPORT_PERIOD_YEAR,    "2026-06-30", -1, "2025-01-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *day = loket_report_period_step (cases[i].period, cases[i].day, cases[i].n);

      g_assert_cmpstr (day, ==, cases[i].expected);
    }
}

/* 20:30 UTC on 5 December is already 6 December in Makassar (UTC+8,
 * 04:30) and in Jakarta (UTC+7, 03:30), still the 5th in UTC and in New
 * York — whatever time zone the machine itself is in. */
static void
test_today_in_office_zone (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 12, 5, 20, 30, 0);
  gint64 usec = g_date_time_to_unix (at) * G_USEC_PER_SEC;
  const struct { const char *zone, *day; } cases[] = {
    { "Asia/Makassar", "2026-12-06" },
    { "Asia/Jakarta", "2026-12-06" },
    { "UTC", "2026-12-05" },
    { "America/New_York", "2026-12-05" },
  };

  g_setenv ("TZ", "Pacific/Kiritimati", TRUE);   /* UTC+14: the machine disagrees with all */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (cases[i].zone);
      g_autofree char *day = NULL;

      if (tz == NULL)
        {
          g_test_skip ("the time zone database (tzdata) is missing");
          return;
        }
      day = loket_report_day_at (tz, usec);
      g_assert_cmpstr (day, ==, cases[i].day);
    }
}

static void
test_names (void)
{
  LoketReportPeriod period;

  for (LoketReportPeriod p = LOKET_REPORT_PERIOD_DAY; p <= LOKET_REPORT_PERIOD_YEAR; p++)
    {
      g_assert_true (loket_report_period_from_string (loket_report_period_to_string (p), &period));
      g_assert_cmpint (period, ==, p);
    }
  g_assert_false (loket_report_period_from_string ("fortnight", &period));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report-period/range", test_range);
  g_test_add_func ("/report-period/within-limit", test_within_limit);
  g_test_add_func ("/report-period/not-a-day", test_not_a_day);
  g_test_add_func ("/report-period/step", test_step);
  g_test_add_func ("/report-period/today-in-office-zone", test_today_in_office_zone);
  g_test_add_func ("/report-period/names", test_names);
  return g_test_run ();
}
