/* loket-app-screenshot.c — a window as a PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "loket-app-screenshot.h"

#include <errno.h>
#include <glib/gstdio.h>

static gboolean
write_screenshot (GtkWidget *window, GdkFrameClock *clock, gpointer user_data)
{
  const char *path = user_data;
  g_autofree char *partial = g_strconcat (path, ".part", NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  /* A window just shown has no size until its first layout. */
  if (width == 0 || height == 0)
    return G_SOURCE_CONTINUE;
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* …nor anything to draw while a change waits for its layout. */
  if (node == NULL)
    return G_SOURCE_CONTINUE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (texture == NULL)
    g_warning ("could not render the screenshot %s", path);
  else if (!gdk_texture_save_to_png (texture, partial) || g_rename (partial, path) != 0)
    g_warning ("could not write the screenshot %s: %s", path, g_strerror (errno));
  return G_SOURCE_REMOVE;
}

void
loket_app_screenshot (GtkWindow  *window,
                      const char *path)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (window), write_screenshot, g_strdup (path), g_free);
}

static void
action_screenshot (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    loket_app_screenshot (window, g_variant_get_string (param, NULL));
}

void
loket_app_add_screenshot_action (GtkApplication *application)
{
  static const GActionEntry entries[] = {
    { "screenshot", action_screenshot, "s" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (application), entries, G_N_ELEMENTS (entries), application);
}
