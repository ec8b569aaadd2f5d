/* loket-app.c — start-up and state actions shared by the Loket apps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "loket-app.h"
#include "loket-app-screenshot.h"

void
loket_app_startup (GtkApplication *application)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autofree char *path = g_strconcat (g_application_get_resource_base_path (G_APPLICATION (application)),
                                       "/style.css", NULL);

  gtk_css_provider_load_from_resource (css, path);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loket_app_add_screenshot_action (application);
}

void
loket_app_set_state (GActionMap *map,
                     const char *name,
                     GVariant   *value)
{
  GAction *action = g_action_map_lookup_action (map, name);

  g_return_if_fail (G_IS_SIMPLE_ACTION (action));
  g_simple_action_set_state (G_SIMPLE_ACTION (action), value);
}

void
loket_app_state_read_only (GSimpleAction *action,
                           GVariant      *value,
                           gpointer       user_data)
{
}

