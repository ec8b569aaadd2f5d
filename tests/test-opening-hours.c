/* test-opening-hours.c — parsing "Mon-Thu 08:00-15:00; Fri …", checking
 * instants against it, and the sentence telling when the office reopens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-opening-hours.h"

static GDateTime *
jakarta (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Jakarta");

  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static gboolean
open_at (LoketOpeningHours *hours, int day, int hour, int minute)
{
  g_autoptr(GDateTime) t = jakarta (2026, 11, day, hour, minute);  /* 23 Nov 2026 is a Monday */

  return loket_opening_hours_contains (hours, t);
}

static void
test_parse_and_contains (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse ("Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00",
                                                              &error);

  g_assert_no_error (error);
  g_assert_false (open_at (h, 23, 7, 59));
  g_assert_true (open_at (h, 23, 8, 0));
  g_assert_true (open_at (h, 26, 14, 59));
  g_assert_false (open_at (h, 26, 15, 0));   /* the end is exclusive */
  g_assert_true (open_at (h, 27, 11, 29));
  g_assert_false (open_at (h, 27, 12, 0));   /* Friday prayers */
  g_assert_true (open_at (h, 27, 13, 0));
  g_assert_false (open_at (h, 28, 10, 0));   /* Saturday */
  g_assert_false (open_at (h, 29, 10, 0));   /* Sunday */
}

static void
test_indonesian_days_and_all_day (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse ("Sen-Jum 07:30-16:00; Sab 08:00-12:00", &error);
  g_autoptr(LoketOpeningHours) always = loket_opening_hours_parse ("Mon-Sun 00:00-24:00", &error);

  g_assert_no_error (error);
  g_assert_true (open_at (h, 28, 9, 0));
  g_assert_false (open_at (h, 28, 12, 0));
  g_assert_true (open_at (always, 29, 23, 59));
  g_assert_true (open_at (always, 29, 0, 0));
}

static void
test_closed_dates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse ("Mon-Fri 08:00-15:00", &error);

  g_assert_true (loket_opening_hours_add_closed_date (h, "2026-11-25", &error));
  g_assert_false (open_at (h, 25, 9, 0));
  g_assert_true (open_at (h, 24, 9, 0));
  g_assert_false (loket_opening_hours_add_closed_date (h, "25/11/2026", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

/* Closed dates are compared as text, so only the one spelling of a real
 * date gets in. */
static void
test_closed_date_forms (void)
{
  const char *bad[] = { "2026-1-5", "2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10",
                        "+026-01-01", "2026-01-1x", "2026/01/01", "20260101", " 2026-01-01", "", NULL };
  g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse ("Mon-Fri 08:00-15:00", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_opening_hours_add_closed_date (h, "2028-02-29", &error));   /* a leap day */
  g_assert_no_error (error);
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_assert_false (loket_opening_hours_add_closed_date (h, bad[i], &error));
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }
}

/* Day names in either language and any case; lists of days; touching
 * ranges; the 24:00 end. */
static void
test_day_forms (void)
{
  struct { const char *spec, *canonical; } cases[] = {
    { "mon-FRI 08:00-15:00", "Mon-Fri 08:00-15:00" },
    { "SEN-jum 08:00-15:00", "Mon-Fri 08:00-15:00" },
    { "Mon,Wed,Fri 08:00-12:00", "Mon 08:00-12:00; Wed 08:00-12:00; Fri 08:00-12:00" },
    { "Mon 08:00-12:00; Tue 08:00-12:00", "Mon-Tue 08:00-12:00" },
    { "Sab 08:00-12:00;Sel 08:00-12:00", "Tue 08:00-12:00; Sat 08:00-12:00" },
    { " Mon-Sun  00:00-24:00 ; ", "Mon-Sun 00:00-24:00" },
    { "Mon 08:00-12:00,12:00-15:00", "Mon 08:00-12:00,12:00-15:00" },
    { "Fri 13:00-15:00, 08:00-11:30", "Fri 08:00-11:30,13:00-15:00" },
    { "Mon-Fri 08:00-12:00; Fri 13:00-15:00", "Mon-Thu 08:00-12:00; Fri 08:00-12:00,13:00-15:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse (cases[i].spec, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = loket_opening_hours_to_string (h);
      g_assert_cmpstr (text, ==, cases[i].canonical);
    }
}

/* The wording matters: these go into the charter's error message. */
static void
test_error_messages (void)
{
  struct { const char *spec, *message; } cases[] = {
    { "Mon-Fri 8-15", "“8-15” is not a time range like 08:00-15:00" },
    { "Someday 08:00-15:00", "“Someday” is not a day or a day range like Mon-Fri" },
    { "Mon-Fri", "“Mon-Fri”: expected days and times, like “Mon-Fri 08:00-15:00”" },
    { "Mon 15:00-08:00", "“15:00-08:00” ends before it starts (ranges end by 24:00 the same day)" },
    { "", "no opening hours given, e.g. “Mon-Fri 08:00-15:00”" },
    { "Mon-Fri 08:00-15:00; Fri 10:00-12:00", "on Fri, 08:00-15:00 overlaps 10:00-12:00" },
    { "Mon 08:00-12:00,11:00-13:00", "on Mon, 08:00-12:00 overlaps 11:00-13:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse (cases[i].spec, &error);

      g_assert_null (h);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_errors (void)
{
  const char *bad[] = { "", "   ;  ", "Mon", "Mon 8-15", "Mon 08:00", "Mon 15:00-08:00",
                        "Xyz 08:00-15:00", "Fri-Mon 08:00-15:00", "Mon 24:00-24:30",
                        "Mon 08:60-09:00", "Mon 08:00-15:00,", "Mon 08:00-08:00",
                        "Mon-Tue-Wed 08:00-09:00", "Mon 08:00-15:00; Mon 09:00-10:00", "Mon 07:5-09:00",
                        "Mon 08:00--09:00", "Mon 00:00-24:01", "Mon 08.00-15.00", "Mon, 08:00-15:00",
                        NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse (bad[i], &error);

      g_test_message ("“%s”: %s", bad[i], error ? error->message : "accepted!");
      g_assert_null (h);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
    }
}

static void
test_describe_next (void)
{
  g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse ("Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00", NULL);
  g_autoptr(GDateTime) early = jakarta (2026, 11, 23, 6, 0);
  g_autoptr(GDateTime) lunch = jakarta (2026, 11, 27, 12, 0);
  g_autoptr(GDateTime) weekend = jakarta (2026, 11, 28, 10, 0);
  g_autofree char *a = loket_opening_hours_describe_next (h, early, NULL);
  g_autofree char *b = loket_opening_hours_describe_next (h, lunch, "en");
  g_autofree char *c = loket_opening_hours_describe_next (h, weekend, NULL);
  g_autofree char *d = loket_opening_hours_describe_next (h, weekend, "en");

  g_assert_cmpstr (a, ==, "Buka kembali hari ini pukul 08:00.");
  g_assert_cmpstr (b, ==, "Opens again today at 13:00.");
  g_assert_cmpstr (c, ==, "Buka kembali Senin, 08:00.");
  g_assert_cmpstr (d, ==, "Opens again Monday, 08:00.");
}

/* Closed dates are skipped; a week or more away, the date is named; with
 * no opening in sight, it says so rather than guess. */
static void
test_describe_next_closed (void)
{
  g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse ("Mon-Fri 08:00-15:00", NULL);
  g_autoptr(LoketOpeningHours) mondays = loket_opening_hours_parse ("Sen 08:00-09:00", NULL);
  g_autoptr(GDateTime) evening = jakarta (2026, 11, 24, 18, 0);    /* Tuesday */
  g_autoptr(GDateTime) sunday = jakarta (2026, 11, 22, 10, 0);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  g_assert_true (loket_opening_hours_add_closed_date (h, "2026-11-25", NULL));
  a = loket_opening_hours_describe_next (h, evening, NULL);
  g_assert_cmpstr (a, ==, "Buka kembali Kamis, 08:00.");
  for (guint day = 23; day <= 27; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%u", day);

      g_assert_true (loket_opening_hours_add_closed_date (h, date, NULL));
    }
  b = loket_opening_hours_describe_next (h, sunday, NULL);
  c = loket_opening_hours_describe_next (h, sunday, "en");
  g_assert_cmpstr (b, ==, "Buka kembali Senin, 30 November, 08:00.");
  g_assert_cmpstr (c, ==, "Opens again Monday, November 30, 08:00.");
  /* Every Monday for six weeks closed. */
  for (guint week = 0; week < 6; week++)
    {
      g_autoptr(GDateTime) monday = jakarta (2026, 11, 23, 0, 0);
      g_autoptr(GDateTime) closed = g_date_time_add_weeks (monday, (gint) week);
      g_autofree char *date = g_date_time_format (closed, "%Y-%m-%d");

      g_assert_true (loket_opening_hours_add_closed_date (mondays, date, NULL));
    }
  d = loket_opening_hours_describe_next (mondays, sunday, NULL);
  e = loket_opening_hours_describe_next (mondays, sunday, "en");
  g_assert_cmpstr (d, ==, "Tutup sampai pemberitahuan berikutnya.");
  g_assert_cmpstr (e, ==, "Closed until further notice.");
}

static void
test_to_string_round_trip (void)
{
  const char *spec = "Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00; Sat 08:00-12:00";
  g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse (spec, NULL);
  g_autofree char *text = loket_opening_hours_to_string (h);
  g_autoptr(LoketOpeningHours) again = loket_opening_hours_parse (text, NULL);
  g_autofree char *text2 = loket_opening_hours_to_string (again);

  g_assert_cmpstr (text, ==, spec);
  g_assert_cmpstr (text2, ==, spec);
}

/* Working days for complaint deadlines: weekends and Closed= dates do not
 * count, nor the day of receipt; 2026-12-25 is a Friday. */
static void
test_working_days (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketOpeningHours) h = loket_opening_hours_parse ("Mon-Fri 08:00-15:00", &error);
  g_autoptr(LoketOpeningHours) never = loket_opening_hours_parse ("Mon 08:00-15:00", &error);
  g_autoptr(GDateTime) friday = jakarta (2026, 11, 27, 14, 0);
  g_autoptr(GDateTime) saturday = jakarta (2026, 11, 28, 10, 0);
  g_autoptr(GDateTime) christmas = jakarta (2026, 12, 25, 10, 0);
  g_autoptr(GDateTime) before_xmas = jakarta (2026, 12, 21, 9, 0);    /* Monday */
  g_autoptr(GDateTime) answered = jakarta (2026, 12, 29, 10, 0);      /* Tuesday after */
  g_autofree char *five = NULL;
  g_autofree char *xmas = NULL;
  g_autofree char *zero = NULL;

  g_assert_no_error (error);
  g_assert_true (loket_opening_hours_add_closed_date (h, "2026-12-25", &error));
  g_assert_false (loket_opening_hours_is_working_day (h, saturday));
  g_assert_true (loket_opening_hours_is_working_day (h, friday));
  g_assert_false (loket_opening_hours_is_working_day (h, christmas));
  five = loket_opening_hours_add_working_days (h, friday, 5);
  g_assert_cmpstr (five, ==, "2026-12-04");
  /* Mon 21 → Tue, Wed, Thu, (Fri 25 closed), Mon 28, Tue 29. */
  xmas = loket_opening_hours_add_working_days (h, before_xmas, 5);
  g_assert_cmpstr (xmas, ==, "2026-12-29");
  zero = loket_opening_hours_add_working_days (h, friday, 0);
  g_assert_cmpstr (zero, ==, "2026-11-27");
  g_assert_cmpuint (loket_opening_hours_working_days_between (h, before_xmas, answered), ==, 5);
  g_assert_cmpuint (loket_opening_hours_working_days_between (h, answered, before_xmas), ==, 0);
  g_assert_cmpuint (loket_opening_hours_working_days_between (h, friday, friday), ==, 0);
  /* Open only on Mondays: 14 working days are 14 weeks away, still found. */
  g_assert_no_error (error);
  {
    g_autofree char *far = loket_opening_hours_add_working_days (never, friday, 14);

    g_assert_cmpstr (far, ==, "2027-03-01");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/opening-hours/parse-and-contains", test_parse_and_contains);
  g_test_add_func ("/opening-hours/indonesian-days-and-all-day", test_indonesian_days_and_all_day);
  g_test_add_func ("/opening-hours/closed-dates", test_closed_dates);
  g_test_add_func ("/opening-hours/closed-dates/forms", test_closed_date_forms);
  g_test_add_func ("/opening-hours/day-forms", test_day_forms);
  g_test_add_func ("/opening-hours/errors", test_errors);
  g_test_add_func ("/opening-hours/errors/messages", test_error_messages);
  g_test_add_func ("/opening-hours/describe-next", test_describe_next);
  g_test_add_func ("/opening-hours/describe-next/closed", test_describe_next_closed);
  g_test_add_func ("/opening-hours/to-string-round-trip", test_to_string_round_trip);
  g_test_add_func ("/opening-hours/working-days", test_working_days);
  return g_test_run ();
}
