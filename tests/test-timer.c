/* test-timer.c — the clerk's timers: the colour thresholds against the
 * charter's promise, and how the time reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-timer.h"

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)

static void
test_levels (void)
{
  static const struct { gint64 elapsed, promised; LoketTimerLevel level; } cases[] = {
    { 0, 30 * MINUTE, LOKET_TIMER_NEUTRAL },
    { 24 * MINUTE - 1, 30 * MINUTE, LOKET_TIMER_NEUTRAL },
    { 24 * MINUTE, 30 * MINUTE, LOKET_TIMER_WARNING },        /* exactly 80 % */
    { 30 * MINUTE, 30 * MINUTE, LOKET_TIMER_WARNING },        /* the promise itself is kept */
    { 30 * MINUTE + 999999, 30 * MINUTE, LOKET_TIMER_WARNING }, /* still reads 30:00 */
    { 30 * MINUTE + G_USEC_PER_SEC, 30 * MINUTE, LOKET_TIMER_OVERDUE },
    { 5 * 60 * MINUTE, 30 * MINUTE, LOKET_TIMER_OVERDUE },
    { 47 * G_USEC_PER_SEC, MINUTE, LOKET_TIMER_NEUTRAL },
    { 48 * G_USEC_PER_SEC, MINUTE, LOKET_TIMER_WARNING },
    { -5 * MINUTE, 30 * MINUTE, LOKET_TIMER_NEUTRAL },        /* clock skew */
    { 10 * 60 * MINUTE, 0, LOKET_TIMER_NEUTRAL },             /* nothing promised */
    { 10 * MINUTE, -1, LOKET_TIMER_NEUTRAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT, i, cases[i].elapsed, cases[i].promised);
      g_assert_cmpint (loket_timer_level (cases[i].elapsed, cases[i].promised), ==, cases[i].level);
    }
  g_assert_cmpstr (loket_timer_level_to_string (LOKET_TIMER_NEUTRAL), ==, "neutral");
  g_assert_cmpstr (loket_timer_level_to_string (LOKET_TIMER_WARNING), ==, "warning");
  g_assert_cmpstr (loket_timer_level_to_string (LOKET_TIMER_OVERDUE), ==, "overdue");
}

static void
test_format (void)
{
  static const struct { gint64 elapsed; const char *text; } cases[] = {
    { 0, "0:00" },
    { 999999, "0:00" },
    { 7 * G_USEC_PER_SEC, "0:07" },
    { 4 * MINUTE + 7 * G_USEC_PER_SEC, "4:07" },
    { 59 * MINUTE + 59 * G_USEC_PER_SEC, "59:59" },
    { 62 * MINUTE + 3 * G_USEC_PER_SEC, "1:02:03" },
    { -MINUTE, "0:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = loket_timer_format (cases[i].elapsed);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timer/levels", test_levels);
  g_test_add_func ("/timer/format", test_format);
  return g_test_run ();
}
