/* loket-complaint.c — a complaint's clock against its deadline (see
 * loket-complaint.h); the categories, states and transition table are
 * libloket-protocol's (loket-complaint-life.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-complaint.h"
#include "loket-charter.h"

#include <stdio.h>

/* The charter keeps a deadline per category, in this order. */
G_STATIC_ASSERT (LOKET_COMPLAINT_N_CATEGORIES == LOKET_CHARTER_COMPLAINT_CATEGORIES);

/* ---- the clock ----------------------------------------------------------- */

static const char * const clock_names[] = {
  [LOKET_COMPLAINT_CLOCK_RUNNING] = "running",
  [LOKET_COMPLAINT_CLOCK_DUE] = "due",
  [LOKET_COMPLAINT_CLOCK_OVERDUE] = "overdue",
  [LOKET_COMPLAINT_CLOCK_MET] = "met",
  [LOKET_COMPLAINT_CLOCK_LATE] = "late",
  [LOKET_COMPLAINT_CLOCK_CLOSED] = "closed",
};
G_STATIC_ASSERT (G_N_ELEMENTS (clock_names) == LOKET_COMPLAINT_N_CLOCKS);

const char *
loket_complaint_clock_to_string (LoketComplaintClock clock)
{
  g_return_val_if_fail ((guint) clock < LOKET_COMPLAINT_N_CLOCKS, "invalid");
  return clock_names[clock];
}

/* A day's noon: the working-day count needs only the date and the
 * weekday, and noon keeps clear of any daylight-saving edge. */
static GDateTime *
day_at_noon (const char *day)
{
  guint y, m, d;

  if (day == NULL || sscanf (day, "%4u-%2u-%2u", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new_utc ((gint) y, (gint) m, (gint) d, 12, 0, 0);
}

LoketComplaintClock
loket_complaint_clock (const LoketOpeningHours *hours,
                       LoketComplaintState      state,
                       const char              *deadline,
                       const char              *answered_day,
                       const char              *today,
                       guint                   *working_days_left)
{
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint left;

  *working_days_left = 0;
  /* A reopened complaint has an answer on record but runs again. */
  if (answered_day != NULL && (state == LOKET_COMPLAINT_ANSWERED || state == LOKET_COMPLAINT_CLOSED))
    return g_strcmp0 (answered_day, deadline) <= 0 ? LOKET_COMPLAINT_CLOCK_MET : LOKET_COMPLAINT_CLOCK_LATE;
  if (state == LOKET_COMPLAINT_CLOSED)
    return LOKET_COMPLAINT_CLOCK_CLOSED;   /* closed from escalated: it went elsewhere */
  if (g_strcmp0 (today, deadline) > 0)
    return LOKET_COMPLAINT_CLOCK_OVERDUE;
  last = day_at_noon (deadline);
  now = day_at_noon (today);
  /* Unreadable days (never stored so) count as none left: due, shown
   * amber rather than hidden as running. */
  left = last && now ? loket_opening_hours_working_days_between (hours, now, last) : 0;
  *working_days_left = left;
  return left <= 1 ? LOKET_COMPLAINT_CLOCK_DUE : LOKET_COMPLAINT_CLOCK_RUNNING;
}
