/* loket-supervisor-rows.h — the rows of the supervisor's overview.
 *
 * A counter's row and a service's row are made once for one item of the
 * office model (LoketOfficeModel) and changed in place from then on: a
 * counter's row follows its item's "notify" by itself; a service's row is
 * shown the waits the window judged (loket-supervision.h) and changes
 * only the texts that differ.  Their running timers are registered with
 * the window's LoketTimerLabels, which the clock moves.  An alert is not
 * an item: its row is made anew when the alerts change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "loket-office-model.h"
#include "loket-supervision.h"
#include "loket-timer-labels.h"

G_BEGIN_DECLS

/* @model and @timers must outlive the row. */
GtkWidget  *loket_supervisor_counter_row_new   (LoketOfficeModel       *model,
                                                LoketTimerLabels       *timers,
                                                LoketCounterItem       *counter);
/* What a counter does, as its pill's style class: "serving", "called",
 * "paused", "closed", "unstaffed" or "open". */
const char *loket_supervisor_counter_class     (LoketOfficeModel       *model,
                                                LoketCounterItem       *counter);

GtkWidget  *loket_supervisor_service_row_new   (LoketOfficeModel       *model,
                                                LoketTimerLabels       *timers,
                                                LoketServiceItem       *service);
/* Shows @waits, which the window judged for the row's service. */
void        loket_supervisor_service_row_show  (GtkWidget              *row,
                                                const LoketServiceWaits *waits,
                                                gint64                  now);
/* The row's service, to match it with its waits. */
LoketServiceItem *loket_supervisor_service_row_get_item (GtkWidget     *row);

GtkWidget  *loket_supervisor_alert_row_new     (LoketOfficeModel       *model,
                                                const LoketAlert       *alert);

G_END_DECLS
