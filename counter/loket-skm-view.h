/* loket-skm-view.h — the satisfaction survey's index in the supervisor's
 * report: per service and for the office, for the period the report view
 * shows (SKM, docs/skm.md).  Never per clerk or counter: the survey
 * judges the unit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "loket-client.h"

G_BEGIN_DECLS

#define LOKET_TYPE_SKM_VIEW (loket_skm_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketSkmView, loket_skm_view, LOKET, SKM_VIEW, GtkBox)

LoketSkmView       *loket_skm_view_new      (void);
/* Asks @client for the index of @from … @to (service days), dropping a
 * request still under way. */
void                loket_skm_view_request  (LoketSkmView *self,
                                             LoketClient  *client,
                                             const char   *from,
                                             const char   *to);
/* The rows shown, each "id|name|respondents|index|grade|sample|lowest"
 * (sample "yes" or "no"; the office's last, with an empty id), also the
 * "rows" property. */
const char * const *loket_skm_view_get_rows (LoketSkmView *self);

G_END_DECLS
