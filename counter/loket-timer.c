/* loket-timer.c — elapsed time against a promise, for the clerk's screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "loket-timer.h"

/* Amber from four fifths of the promise: on a 30-minute promise that is
 * six minutes' notice, enough to call a colleague or speed up. */
#define WARNING_PERCENT 80

LoketTimerLevel
loket_timer_level (gint64 elapsed_usec,
                   gint64 promised_usec)
{
  if (promised_usec <= 0)
    return LOKET_TIMER_NEUTRAL;
  /* Judged on the whole seconds the screen shows: "1:00 of 1 min" is the
   * promise kept, and turns red only at 1:01, so that the colour and the
   * numbers beside it never disagree. */
  elapsed_usec -= elapsed_usec % G_USEC_PER_SEC;
  if (elapsed_usec > promised_usec)
    return LOKET_TIMER_OVERDUE;
  /* Integer arithmetic: 80 % of a promise is exact in µs, and the
   * boundary itself is already amber. */
  if (elapsed_usec * 100 >= promised_usec * WARNING_PERCENT)
    return LOKET_TIMER_WARNING;
  return LOKET_TIMER_NEUTRAL;
}

const char *
loket_timer_level_to_string (LoketTimerLevel level)
{
  switch (level)
    {
    case LOKET_TIMER_WARNING:
      return "warning";
    case LOKET_TIMER_OVERDUE:
      return "overdue";
    case LOKET_TIMER_NEUTRAL:
    default:
      return "neutral";
    }
}

char *
loket_timer_format (gint64 elapsed_usec)
{
  gint64 seconds = MAX (elapsed_usec, 0) / G_USEC_PER_SEC;

  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));
}
