/* loket-app.h — what every Loket GTK app (kiosk, board, counter) shares
 * once it runs: its style sheet and "app.screenshot" at start-up, the
 * read-only state actions its window exposes, and today's tickets as it
 * keeps them from snapshots and events.
 *
 * A window publishes what it shows ("win.page", "win.online", …) as
 * stateful actions that cannot be changed from outside; the tests read
 * them over the session bus, and so can assistive technology.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Call from the startup vfunc: loads RESOURCE-BASE-PATH/style.css for the
 * display and adds the screenshot action. */
void loket_app_startup          (GtkApplication *application);

/* Sets the state of @map's stateful action @name. */
void loket_app_set_state        (GActionMap     *map,
                                 const char     *name,
                                 GVariant       *value);

/* The change_state handler of a read-only state action: activating it
 * from outside changes nothing. */
void loket_app_state_read_only  (GSimpleAction  *action,
                                 GVariant       *value,
                                 gpointer        user_data);

/* Today's tickets by id (JsonObject), replaced whole by each snapshot or
 * event that carries one: a ticket in an event is its state after the
 * change. */
GHashTable *loket_app_tickets_new    (void);
void        loket_app_tickets_add    (GHashTable *tickets,
                                      JsonObject *ticket);
/* NULL for an id of 0 or a ticket not known. */
JsonObject *loket_app_tickets_lookup (GHashTable *tickets,
                                      gint64      id);

G_END_DECLS
