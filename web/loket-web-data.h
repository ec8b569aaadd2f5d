/* loket-web-data.h — the office's record in the open: the daily figures
 * per service that loket-web publishes as /data/daily.csv and
 * /data/daily.json (docs/open-data.md), and the record the office page
 * draws as a chart (loket-web-chart.h).
 *
 * The figures come from loketd (DAILY, at most 31 days a request, asked
 * one after the other on the main loop, never blocking it) and are kept
 * in memory: a final day (over, none of its tickets still open: DAILY
 * says so) cannot change and is kept for good, as is a past day without
 * a record; today and any day not yet final are asked again after a
 * minute.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "loket-client.h"
#include "loket-office-model.h"

G_BEGIN_DECLS

/* The longest range /data/… answers (days, both ends included). */
#define LOKET_WEB_DATA_MAX_DAYS 366
/* The default range: the last this many service days with a record. */
#define LOKET_WEB_DATA_DEFAULT_DAYS 30

/* One service's share within the promise over a span of service days:
 * @within of @judged (0 of 0: nothing judged). */
typedef struct {
  guint judged;
  guint within;
} LoketWebShare;

/* The record of one service, as the page's chart shows it. */
/* A service's satisfaction index over the last LOKET_WEB_SKM_DAYS days,
 * as loketd computed it (SKM): the page shows it as it is. */
typedef struct {
  gboolean known;          /* SKM answered */
  guint    respondents;
  char    *index;          /* "80.42"; NULL when nobody answered */
  char    *grade;          /* "A" … "D" */
  char    *label[2];       /* the performance label, Indonesian and English */
  gboolean sample_reached;
} LoketWebSkm;

#define LOKET_WEB_SKM_DAYS 90

typedef struct {
  char          *id;
  LoketWebSkm    skm;
  LoketWebShare  today;
  LoketWebShare  week;    /* the last 7 service days with a record, today included */
  LoketWebShare  month;   /* the last 30 */
} LoketWebRecord;

#define LOKET_TYPE_WEB_DATA (loket_web_data_get_type ())
G_DECLARE_FINAL_TYPE (LoketWebData, loket_web_data, LOKET, WEB_DATA, GObject)

/* Asks loketd through @client (role web) and knows today from @model's
 * time zone.  Emits "changed" when the record for the chart changed. */
LoketWebData *loket_web_data_new (LoketOfficeModel *model,
                                  LoketClient      *client);

/* Answers a request for a path under /data/ (paused until loketd
 * answered); @guard adds the gateway's security headers. */
void          loket_web_data_serve (LoketWebData      *self,
                                    SoupServerMessage *msg,
                                    const char        *path,
                                    GHashTable        *query,
                                    void             (*guard) (SoupServerMessage *msg));

/* The record per service (LoketWebRecord*, by id), or NULL until the
 * first answer came. */
GHashTable   *loket_web_data_get_record (LoketWebData *self);
/* COMPLAINT_STATS' reply for the last LOKET_WEB_COMPLAINT_DAYS days, or
 * NULL until it came. */
JsonObject   *loket_web_data_get_complaints (LoketWebData *self);


G_END_DECLS
