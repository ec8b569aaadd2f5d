/* loket-app.h — what every Loket GTK app (kiosk, board, counter) shares
 * once it runs: its style sheet and "app.screenshot" at start-up, and the
 * read-only state actions its window exposes.
 *
 * A window publishes what it shows ("win.page", "win.online", …) as
 * stateful actions that cannot be changed from outside; the tests read
 * them over the session bus, and so can assistive technology.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

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

G_END_DECLS
