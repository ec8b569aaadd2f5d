/* loket-opening-hours.h — when the office issues tickets.
 *
 * Parsed from the charter's OpeningHours= key, e.g.
 *   "Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00"
 * plus optional Closed= dates (public holidays).  Times are wall-clock
 * times in the office's time zone.  Pure functions, unit-tested.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LoketOpeningHours LoketOpeningHours;

LoketOpeningHours *loket_opening_hours_parse   (const char         *spec,
                                                GError            **error);
void               loket_opening_hours_free    (LoketOpeningHours  *hours);
/* Adds a closed date "YYYY-MM-DD" (a holiday). */
gboolean           loket_opening_hours_add_closed_date (LoketOpeningHours *hours,
                                                        const char        *date,
                                                        GError           **error);
/* Is @local (already in the office's time zone) inside opening hours? */
gboolean           loket_opening_hours_contains (const LoketOpeningHours *hours,
                                                 GDateTime               *local);
/* When tickets stop on the day of @local: the end of its last range in
 * minutes after midnight (1440 for 24:00), or -1 if the office does not
 * open that day (no range, or a closed date). */
gint               loket_opening_hours_last_end (const LoketOpeningHours *hours,
                                                 GDateTime               *local);
/* A human sentence for when it opens next after @local, in Indonesian
 * ("Buka kembali Senin, 08:00") or English when @lang is "en". */
char              *loket_opening_hours_describe_next (const LoketOpeningHours *hours,
                                                      GDateTime               *local,
                                                      const char              *lang);
/* A working day: one with opening hours that is not a Closed= date. */
gboolean           loket_opening_hours_is_working_day (const LoketOpeningHours *hours,
                                                       GDateTime               *local);
/* The date ("YYYY-MM-DD") @n working days after the day of @local, that
 * day itself not counted — a complaint received on Friday with a deadline
 * of 5 working days is due by the end of the next Friday, or later for a
 * holiday between.  NULL if the office has no working day within a year
 * (a charter that opens no day). */
char              *loket_opening_hours_add_working_days (const LoketOpeningHours *hours,
                                                         GDateTime               *local,
                                                         guint                    n);
/* Working days after the day of @from up to and including the day of @to
 * (0 when @to is that day or before it): how long an answer took. */
guint              loket_opening_hours_working_days_between (const LoketOpeningHours *hours,
                                                             GDateTime               *from,
                                                             GDateTime               *to);
/* The canonical text form, for status output. */
char              *loket_opening_hours_to_string (const LoketOpeningHours *hours);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketOpeningHours, loket_opening_hours_free)

G_END_DECLS
