/* loket-timer-labels.h — the running timers of a list on the clerk's or
 * the supervisor's screen, moved by the clock without rebuilding the list.
 *
 * A list of tickets or counters changes when something happens (an event,
 * a snapshot); its timers change every second.  Rebuilding every row each
 * second to move a few labels costs a PC that shows the screen all day a
 * steady share of its processor, so a window registers each timer label
 * here as it builds a row, and its clock only updates these labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _LoketTimerLabels LoketTimerLabels;

LoketTimerLabels *loket_timer_labels_new    (void);
void              loket_timer_labels_free   (LoketTimerLabels *self);

/* A new label showing the time since @since (µs, real time) against
 * @promised (0: no promise), "12:34 / 30 min", coloured by its level
 * (loket-timer.h); it keeps moving on each update until the next clear. */
GtkWidget        *loket_timer_labels_add    (LoketTimerLabels *self,
                                             gint64            since,
                                             gint64            promised,
                                             gint64            now);
/* Forgets every label: call it when their rows are rebuilt.  A label
 * whose row was removed alone is forgotten by the next update. */
void              loket_timer_labels_clear  (LoketTimerLabels *self);
void              loket_timer_labels_update (LoketTimerLabels *self,
                                             gint64            now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTimerLabels, loket_timer_labels_free)

G_END_DECLS
