/* loket-web-page.h — the public pages of loket-web, rendered on the
 * server from the office model.
 *
 * `/` is the office as a citizen outside it wants to see it: per service
 * how many wait, the estimated wait, how many were called within the
 * promised wait today, and the charter's word on the service
 * (requirements, procedure, cost, product, promises); the counters open
 * now.  Nothing about a person: the model knows which clerk is at which
 * counter, the page never says.  Every string from the charter goes
 * through loket_web_html_escape().
 *
 * The pages speak Indonesian or English ("id", "en"); the texts of the
 * model and of loket-i18n follow the process-wide language, which these
 * functions set for the duration of the call (one main loop, one page at
 * a time).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include <json-glib/json-glib.h>

#include "loket-office-model.h"

G_BEGIN_DECLS

typedef enum {
  LOKET_WEB_ERROR_PAGE_NOT_FOUND,
  LOKET_WEB_ERROR_PAGE_METHOD,      /* only GET and HEAD */
  LOKET_WEB_ERROR_PAGE_TOO_LARGE,   /* request line, headers or a body */
  LOKET_WEB_ERROR_PAGE_BUSY,        /* too many live streams */
  LOKET_WEB_ERROR_PAGE_SLOW_DOWN,   /* too many requests from one address */
  LOKET_WEB_ERROR_PAGE_UNAVAILABLE, /* loketd did not answer */
} LoketWebErrorPage;

/* The public office page at @now (µs, wall clock) in @lang; @version
 * (NULL: none) is the live version it shows, which the script compares
 * the events' with; @record the office's record for the chart
 * (loket-web-chart.h; NULL: not known yet); @complaints the
 * complaints' figures (loket-web-complaint-stats.h; NULL: not known). */
char *loket_web_page_office (LoketOfficeModel *model,
                             GHashTable       *record,
                             JsonObject       *complaints,
                             const char       *lang,
                             const char       *version,
                             gint64            now);
/* A short page that says what went wrong in general words: never the
 * path, the query or anything else the request carried. */
char *loket_web_page_error  (LoketWebErrorPage page,
                             const char       *lang);

G_END_DECLS
