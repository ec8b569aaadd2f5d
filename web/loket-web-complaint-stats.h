/* loket-web-complaint-stats.h — complaints in the open: the office
 * page's "Pengaduan / Complaints" section and /data/complaints.csv and
 * .json (docs/open-data.md), both from loketd's COMPLAINT_STATS — per
 * category, how many were received in the period, answered, answered by
 * the deadline, and the median working days to answer.  loket-web does
 * not count: it shows loketd's figures as they are.  Nothing per
 * complaint, complainant or clerk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The period the office page shows: the last this many days, today
 * included (calendar days, as the satisfaction index's). */
#define LOKET_WEB_COMPLAINT_DAYS 90

/* The office page's section from COMPLAINT_STATS' reply @stats (NULL:
 * not read yet, or a loketd without it — then only the line on how to
 * complain). */
void  loket_web_complaint_stats_section (GString    *out,
                                         JsonObject *stats,
                                         const char *lang);

/* The figures of one row of the open data about @category ("all": about
 * anything), from @figures in COMPLAINT_STATS' form (received, answered,
 * within_deadline, median_working_days; an object without them counts
 * zero): category, category_name, category_name_en, received, answered,
 * within_deadline, share_within_deadline and median_working_days, the
 * last two "" when none was answered.  The region's open data writes
 * its rows with these too. */
#define LOKET_WEB_COMPLAINT_STATS_CELLS 8
GStrv loket_web_complaint_stats_cells   (JsonObject *figures,
                                         const char *category);

/* /data/complaints.*: one row per category, then "all". */
char *loket_web_complaint_stats_csv     (JsonObject *stats);
char *loket_web_complaint_stats_json    (JsonObject *stats,
                                         const char *office,
                                         const char *licence);

G_END_DECLS
