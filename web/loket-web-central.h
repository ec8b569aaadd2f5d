/* loket-web-central.h — `loket-web --central`: the region's public page,
 * read from the regional PostgreSQL that the offices' loket-syncs fill
 * (docs/region.md, docs/web.md "The regional page").
 *
 *   /                       every office's record: the league table of
 *                           the latest 30 days, as `loketctl report
 *                           --central` ranks it, and each office's chart
 *   /data/region-daily.csv  per office, service and day (docs/open-data.md)
 *   /data/region-daily.json
 *   /data/region-complaints.csv   the complaints per office and category
 *   /data/region-complaints.json
 *
 * The gateway has no office and no loketd: it links the region's one way
 * to compute its figures (sync/loket-region-query.h).  Each query runs in
 * a thread of its own with a connection of its own, so a slow centre
 * never holds up the main loop; its answer is kept for a short while, so
 * a crowd loading the page costs one read; requests that come while a
 * read is under way wait for that read.  The centre down is a 503 page,
 * logged, and the next request after a short pause tries again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* How long an answer of the centre is served again (seconds). */
#define LOKET_WEB_CENTRAL_DEFAULT_CACHE_S 30
/* How long a failure is answered without asking again. */
#define LOKET_WEB_CENTRAL_RETRY_S 2
/* An office that has not shipped for this long is marked stale. */
#define LOKET_WEB_CENTRAL_STALE_S (60 * 60)
/* Each statement's limit at the centre, and the connection's. */
#define LOKET_WEB_CENTRAL_STATEMENT_TIMEOUT_MS 20000
/* The periods of the page, in days ending today by the region's clock
 * (or tomorrow, once an office has begun it). */
#define LOKET_WEB_CENTRAL_DAYS 30
#define LOKET_WEB_CENTRAL_WEEK 7

#define LOKET_TYPE_WEB_CENTRAL (loket_web_central_get_type ())
G_DECLARE_FINAL_TYPE (LoketWebCentral, loket_web_central, LOKET, WEB_CENTRAL, GObject)

/* @conninfo: a libpq connection string or URI (connected to read-only);
 * @zone: the region's clock, for its today and the times shown (NULL:
 * the machine's); @cache_s: how long an answer is kept (0: the default). */
LoketWebCentral *loket_web_central_new    (const char        *conninfo,
                                           GTimeZone         *zone,
                                           guint              cache_s);
/* A LoketWebHandler (loket-web-server.h) with @data the LoketWebCentral. */
void             loket_web_central_handle (SoupServerMessage *msg,
                                           const char        *path,
                                           GHashTable        *query,
                                           const char        *lang,
                                           gpointer           data);

G_END_DECLS
