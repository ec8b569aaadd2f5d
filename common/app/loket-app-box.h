/* loket-app-box.h — a GtkBox that shows a GListModel, one widget per
 * item, as gtk_flow_box_bind_model() does for a flow box.
 *
 * For the board's and the counter's small lists (the recent calls, the
 * waiting bar), where a GtkListView would bring a scrolling viewport and
 * row styling the design does not want.  Only what the model says
 * changed is touched: "items-changed" (position, removed, added) removes
 * and creates exactly those widgets; a widget follows its item's
 * properties itself (connect with g_signal_connect_object to the widget).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef GtkWidget *(*LoketAppBoxCreateFunc) (gpointer item,
                                            gpointer user_data);

/* Shows @model in @box from now on (NULL: nothing); the box must have no
 * other children.  @user_data must outlive the box. */
void loket_app_box_bind_model (GtkBox                *box,
                               GListModel            *model,
                               LoketAppBoxCreateFunc  create,
                               gpointer               user_data);

G_END_DECLS
