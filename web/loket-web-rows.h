/* loket-web-rows.h — the open data's rows as CSV (RFC 4180, CRLF, a
 * header row) and as JSON ({office, licence, from, to, rows}):
 * docs/open-data.md has the columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* RFC 4180: @field, quoted if it holds a comma, a quote or a line break,
 * then "," or, @last, CRLF. */
void  loket_web_csv_field       (GString    *csv,
                                 const char *field,
                                 gboolean    last);
/* @text (NULL: null) as a JSON string. */
void  loket_web_json_string     (GString    *out,
                                 const char *text);

/* /data/daily.*: one row per service of each DAILY day entry in
 * @entries (JsonObject*), with the day's anchor. */
char *loket_web_rows_daily_csv  (GPtrArray  *entries);
char *loket_web_rows_daily_json (GPtrArray  *entries,
                                 const char *office,
                                 const char *licence,
                                 const char *from,
                                 const char *to);

/* /data/skm-daily.*: SKM's "days" (by_day), per service day and service
 * the respondents and each element's answers 1 to 4. */
char *loket_web_rows_skm_csv    (JsonArray  *days);
char *loket_web_rows_skm_json   (JsonArray  *days,
                                 const char *office,
                                 const char *licence,
                                 const char *from,
                                 const char *to);

G_END_DECLS
