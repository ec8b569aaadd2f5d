/* loket-test-app.h — a real GTK app under test: its own Xvfb screen and
 * its own D-Bus session bus, driven through the GActions it exports.
 *
 * GtkApplication publishes its "app." and each window's "win." actions on
 * the session bus (org.gtk.Actions).  A test activates them exactly as a
 * button would, and reads what the app shows through its stateful
 * actions ("win.page", "win.online", …), waiting on a state with a
 * deadline instead of sleeping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _LoketTestApp LoketTestApp;

/* Starts Xvfb at @width×@height and a private session bus, then @argv
 * (NULL-terminated) with DISPLAY and the bus set, and waits until
 * @app_id is on the bus.  The app's output goes to a log file whose
 * path is printed on failure. */
LoketTestApp *loket_test_app_start          (const char * const *argv,
                                             const char         *app_id,
                                             int                 width,
                                             int                 height);
GPid          loket_test_app_get_pid        (LoketTestApp *app);
const char   *loket_test_app_get_log        (LoketTestApp *app);
/* "win.take" or "app.screenshot"; @parameter may be NULL (floating refs
 * are sunk). */
void          loket_test_app_activate       (LoketTestApp *app,
                                             const char   *action,
                                             GVariant     *parameter);
/* The state of a stateful action, e.g. "win.page"; NULL if none. */
GVariant     *loket_test_app_get_state      (LoketTestApp *app,
                                             const char   *action);
/* Waits until the state of @action equals @expected (sunk), up to
 * @timeout_ms; fails the test with the app's log otherwise. */
void          loket_test_app_wait_state     (LoketTestApp *app,
                                             const char   *action,
                                             GVariant     *expected,
                                             guint         timeout_ms);
/* Writes a PNG of the active window, via the app's "app.screenshot". */
/* Waits until the string state @action reads the time now in @zone as
 * g_date_time_format (@format) does ("%H:%M"): the office's clock on a
 * machine whose TZ is UTC (loket_test_app_start sets it). */
void          loket_test_app_wait_clock     (LoketTestApp *app,
                                             const char   *action,
                                             const char   *zone,
                                             const char   *format,
                                             guint         timeout_ms);
void          loket_test_app_screenshot     (LoketTestApp *app,
                                             const char   *path);
/* The same into $LOKET_SCREENSHOTS/@name when that names a folder (for
 * docs/screenshots/); nothing otherwise. */
void          loket_test_app_save_screenshot (LoketTestApp *app,
                                              const char   *name);
/* The state of a string-valued state action, e.g. "win.page". */
char         *loket_test_app_get_string     (LoketTestApp *app,
                                             const char   *action);
/* The private session bus, e.g. to follow the app's org.gtk.Actions
 * "Changed" signals. */
GDBusConnection *loket_test_app_get_bus    (LoketTestApp *app);
/* Ends the app (SIGTERM, then waits), its bus and its X server. */
void          loket_test_app_stop           (LoketTestApp *app);

G_END_DECLS
