/* loket-web-skm.h — the satisfaction survey on the public side: each
 * service's index on the office page, and the answers per service day as
 * open data (/data/skm-daily.csv and .json, docs/open-data.md), both from
 * loketd's SKM (the one computation, docs/skm.md).  Nothing per clerk or
 * counter, no profile, no suggestion.  (The open data's rows are
 * loket-web-rows.c's.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "loket-office-model.h"

G_BEGIN_DECLS

/* Keeps SKM's per-service figures (its reply's "skm", asked in the
 * language @lang, 0 Indonesian or 1 English) in @record (id →
 * LoketWebRecord), adding a service it does not have yet. */
void  loket_web_skm_keep    (GHashTable *record,
                             JsonObject *skm,
                             guint       lang);

/* The index, grade and respondents of @service's last LOKET_WEB_SKM_DAYS
 * days on its card; nothing while SKM was not answered. */
void  loket_web_skm_service (GString          *out,
                             LoketServiceItem *service,
                             GHashTable       *record,
                             const char       *lang);

G_END_DECLS
