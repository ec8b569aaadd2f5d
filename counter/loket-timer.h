/* loket-timer.h — a running time held against the charter's promise.
 *
 * The clerk sees how long the citizen in front of them has waited, and
 * how long the service is taking, against what the office promised.  The
 * colour changes before the promise is broken, so that there is still
 * time to act: neutral, amber from 80 % of the promise, red past it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LOKET_TIMER_NEUTRAL,
  LOKET_TIMER_WARNING,   /* ≥ 80 % of the promise */
  LOKET_TIMER_OVERDUE,   /* past the promise */
} LoketTimerLevel;

/* @promised_usec ≤ 0: nothing was promised, always neutral. */
LoketTimerLevel loket_timer_level            (gint64 elapsed_usec,
                                              gint64 promised_usec);
/* "warning", "overdue" or "neutral": a CSS class and a test state. */
const char     *loket_timer_level_to_string  (LoketTimerLevel level);
/* "4:07", "1:02:03"; negative times (clock skew) show as 0:00. */
char           *loket_timer_format           (gint64 elapsed_usec);

G_END_DECLS
