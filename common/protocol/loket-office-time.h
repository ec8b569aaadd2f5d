/* loket-office-time.h — the office's clock, the one clock people read.
 *
 * Every time a person reads — a screen's clock, a "since" or "called at"
 * time, a printed ticket, a report, loketctl's output — is the office's
 * wall clock in the charter's time zone (Office/TimeZone), never the
 * machine's: a kiosk PC or the server may well run in UTC, and a
 * supervisor in Makassar must not see Jakarta's time.  Instants travel
 * as µs since the Unix epoch (UTC) everywhere; they become wall-clock
 * times only here, at the edge, in the office's zone.
 *
 * A client learns the zone from the server (the snapshot's and the
 * office replies' "time_zone"); until it has, it shows no time rather
 * than a wrong one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @unix_usec in @zone, exact to the µs; NULL if @zone is NULL or the
 * instant is outside years 1–9999. */
GDateTime *loket_office_time        (GTimeZone  *zone,
                                     gint64      unix_usec);

/* @unix_usec in the zone named @zone_id ("Asia/Makassar"), formatted
 * by g_date_time_format(); "" if the zone is not known (NULL: not told
 * yet) or the instant is out of range.  Never NULL. */
char      *loket_office_time_format (const char *zone_id,
                                     gint64      unix_usec,
                                     const char *format);

G_END_DECLS
