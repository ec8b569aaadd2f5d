/* loket-web-central-private.h — what the parts of the regional gateway
 * share: one read of the centre, which loket-web-central.c makes, keeps
 * and answers from, and the page made of it (loket-web-central-page.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "loket-region-query.h"

G_BEGIN_DECLS

/* What one read of the centre brought. */
typedef struct {
  char              *from;       /* the period read, both days included */
  char              *to;
  char              *week_from;  /* the first of the period's last LOKET_WEB_CENTRAL_WEEK days */
  char              *region;     /* the offices filed under it only; NULL: every office */
  gboolean           no_region;  /* @region has no office at the centre: nothing else was read */
  GTimeZone         *zone;       /* the region's clock, for the times shown */
  LoketRegionReport *report;     /* the page's period, ranked; NULL: no office yet */
  GPtrArray         *daily;      /* LoketRegionDay* */
  GPtrArray         *shipments;  /* LoketRegionShipment*; not the daily rows' reads */
  GPtrArray         *complaints; /* LoketRegionComplaintRow*; the complaints' reads only */
  gint64             read_at;    /* wall clock, µs */
} LoketWebCentralAnswer;

/* The regional page of @a, in @lang ("id" or "en"). */
char *loket_web_central_page             (const LoketWebCentralAnswer *a,
                                          const char                  *lang);
/* The page while the centre cannot be read. */
char *loket_web_central_unavailable_page (const char                  *lang);

G_END_DECLS
