/* loket-web-chart.h — the office's record on its public page: per
 * service, the share of tickets called within the promised wait today,
 * over the last 7 and over the last 30 service days, as an SVG drawn on
 * the server (three bars with the percentage written on each; no script,
 * no external resource), with the same figures as its text for screen
 * readers (role="img" and aria-label).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "loket-office-model.h"
#include "loket-web-data.h"

G_BEGIN_DECLS

/* Appends @service's record to its card, from @record
 * (loket_web_data_get_record(); NULL: not known yet, and nothing is
 * drawn). */
void loket_web_chart_service (GString          *out,
                              LoketServiceItem *service,
                              GHashTable       *record,
                              const char       *lang);

/* The same bars for any record: @name's @n shares (loket-web-data.h),
 * each labelled with @labels[i] (this program's words; @name is
 * escaped).  The regional page draws its offices with it. */
void loket_web_chart_bars (GString                     *out,
                           const char                  *name,
                           const char * const          *labels,
                           const LoketWebShare * const *shares,
                           guint                        n,
                           const char                  *lang);

/* The links to the open data (docs/open-data.md), for the page's footer. */
void loket_web_chart_data_links (GString    *out,
                                 const char *lang);

G_END_DECLS
