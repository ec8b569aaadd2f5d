/* loket-app-screenshot.h — a PNG of an app's window, for the README and
 * for a person checking a kiosk or board they cannot stand in front of.
 * Each app exposes it as "app.screenshot(path)".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Writes @window to @path at its next frame, once the layout of whatever
 * just changed is done; under a temporary name, then renamed, so that a
 * reader never sees half a file. */
void loket_app_screenshot (GtkWindow  *window,
                           const char *path);

/* An "app.screenshot" action with a string parameter for @application's
 * active window. */
void loket_app_add_screenshot_action (GtkApplication *application);

G_END_DECLS
