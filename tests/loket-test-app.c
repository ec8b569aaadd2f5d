/* loket-test-app.c — a GTK app under Xvfb and a private D-Bus bus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-app.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct _LoketTestApp
{
  char            *dir;
  char            *log_path;
  char            *app_id;
  char            *object_path;   /* /org/loket/Kiosk */
  GPid             xvfb_pid;
  GPid             bus_pid;
  GPid             app_pid;
  GDBusConnection *bus;
};

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Reads one line from @fd within @timeout_ms (Xvfb -displayfd and
 * dbus-daemon --print-address both write one line when ready). */
static char *
read_line (int fd, guint timeout_ms)
{
  GString *line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  char c;

  while (g_get_monotonic_time () < deadline)
    {
      GPollFD pfd = { fd, G_IO_IN, 0 };

      if (g_poll (&pfd, 1, 100) <= 0)
        continue;
      if (read (fd, &c, 1) != 1)
        break;
      if (c == '\n')
        return g_string_free (line, FALSE);
      g_string_append_c (line, c);
    }
  g_string_free (line, TRUE);
  return NULL;
}

/* Spawns @argv with the write end of a pipe as its fd @child_fd, and
 * returns the first line it writes there. */
static GPid
spawn_with_line (const char * const *argv, int child_fd, char **line)
{
  g_autoptr(GError) error = NULL;
  int fds[2];
  GPid pid;

  g_assert_no_errno (pipe (fds));
  if (child_fd == 1)
    g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH |
                                      G_SPAWN_STDERR_TO_DEV_NULL,
                                      die_with_parent, NULL, -1, fds[1], -1, NULL, NULL, 0,
                                      &pid, NULL, NULL, NULL, &error);
  else
    g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH |
                                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                      die_with_parent, NULL, -1, -1, -1,
                                      (int[]) { fds[1] }, (int[]) { child_fd }, 1,
                                      &pid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  close (fds[1]);
  *line = read_line (fds[0], 20000);
  close (fds[0]);
  g_assert_nonnull (*line);
  return pid;
}

static void
stop_pid (GPid *pid)
{
  int status;

  if (*pid <= 0)
    return;
  kill (*pid, SIGTERM);
  waitpid (*pid, &status, 0);
  g_spawn_close_pid (*pid);
  *pid = 0;
}

static void
fail_with_log (LoketTestApp *app, const char *what)
{
  g_autofree char *log = NULL;

  g_file_get_contents (app->log_path, &log, NULL, NULL);
  g_printerr ("%s; the app's log (%s):\n%s\n", what, app->log_path, log ? log : "(empty)");
  g_assert_not_reached ();
}

LoketTestApp *
loket_test_app_start (const char * const *argv,
                      const char         *app_id,
                      int                 width,
                      int                 height)
{
  LoketTestApp *app = g_new0 (LoketTestApp, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *screen = g_strdup_printf ("%dx%dx24", width, height);
  g_autofree char *display_number = NULL;
  g_autofree char *bus_address = NULL;
  g_autofree char *display = NULL;
  g_autofree char *settings_dir = NULL;
  g_auto(GStrv) env = g_get_environ ();
  gint64 deadline;
  int log_fd;

  app->dir = g_dir_make_tmp ("loket-app-XXXXXX", &error);
  g_assert_no_error (error);
  app->log_path = g_build_filename (app->dir, "app.log", NULL);
  app->app_id = g_strdup (app_id);
  app->object_path = g_strdup_printf ("/%s", app_id);
  g_strdelimit (app->object_path, ".", '/');

  {
    const char *xvfb[] = { "Xvfb", "-displayfd", "3", "-screen", "0", screen, "-nolisten", "tcp",
                           "-noreset", NULL };
    app->xvfb_pid = spawn_with_line (xvfb, 3, &display_number);
  }
  {
    const char *bus[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1",
                          "--address=unix:tmpdir=/tmp", NULL };
    app->bus_pid = spawn_with_line (bus, 1, &bus_address);
  }

  /* Animations off, so that a screenshot never catches a half-way page. */
  settings_dir = g_build_filename (app->dir, "config", "gtk-4.0", NULL);
  g_mkdir_with_parents (settings_dir, 0700);
  {
    g_autofree char *settings = g_build_filename (settings_dir, "settings.ini", NULL);
    g_file_set_contents (settings, "[Settings]\ngtk-enable-animations=false\n", -1, NULL);
  }
  display = g_strdup_printf (":%s", display_number);
  env = g_environ_setenv (env, "DISPLAY", display, TRUE);
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);
  env = g_environ_setenv (env, "GSK_RENDERER", "cairo", TRUE);
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
  /* Criticals are bugs and abort the app; warnings are the app telling an
   * operator about the world (a printer out of paper), which tests cause
   * on purpose. */
  env = g_environ_setenv (env, "G_DEBUG", "fatal-criticals", TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  /* The PC's clock is UTC and the office's is not (Jakarta, Makassar):
   * a screen that shows the PC's time is caught by its test. */
  env = g_environ_setenv (env, "TZ", "UTC", TRUE);
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  {
    g_autofree char *config = g_build_filename (app->dir, "config", NULL);
    env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  }

  log_fd = g_open (app->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (log_fd, >=, 0);
  g_spawn_async_with_fds (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                          &app->app_pid, -1, log_fd, log_fd, &error);
  g_assert_no_error (error);
  close (log_fd);

  app->bus = g_dbus_connection_new_for_address_sync (bus_address,
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, &error);
  g_assert_no_error (error);

  /* Ready when the app owns its name; a slow machine gets 30 s. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) owner = g_dbus_connection_call_sync (app->bus, "org.freedesktop.DBus",
                                                               "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                                               "NameHasOwner", g_variant_new ("(s)", app_id),
                                                               G_VARIANT_TYPE ("(b)"), 0, 1000, NULL, NULL);
      gboolean has_owner = FALSE;

      if (owner != NULL)
        g_variant_get (owner, "(b)", &has_owner);
      if (has_owner)
        return app;
      if (waitpid (app->app_pid, NULL, WNOHANG) == app->app_pid)
        {
          app->app_pid = 0;
          fail_with_log (app, "the app exited before it was ready");
        }
      g_usleep (50 * 1000);
    }
  fail_with_log (app, "the app did not appear on the bus");
  return NULL;
}

GPid
loket_test_app_get_pid (LoketTestApp *app)
{
  return app->app_pid;
}

GDBusConnection *
loket_test_app_get_bus (LoketTestApp *app)
{
  return app->bus;
}

const char *
loket_test_app_get_log (LoketTestApp *app)
{
  return app->log_path;
}

/* "win.take" → the window's object path and "take". */
static char *
action_path (LoketTestApp *app, const char *action, const char **name)
{
  if (g_str_has_prefix (action, "app."))
    {
      *name = action + 4;
      return g_strdup (app->object_path);
    }
  g_assert_true (g_str_has_prefix (action, "win."));
  *name = action + 4;
  return g_strdup_printf ("%s/window/1", app->object_path);
}

void
loket_test_app_activate (LoketTestApp *app,
                         const char   *action,
                         GVariant     *parameter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder params;
  const char *name;
  g_autofree char *path = action_path (app, action, &name);

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  if (parameter != NULL)
    g_variant_builder_add (&params, "v", parameter);
  reply = g_dbus_connection_call_sync (app->bus, app->app_id, path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sav@a{sv})", name, &params,
                                                      g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                       NULL, 0, 10000, NULL, &error);
  if (error != NULL)
    {
      g_autofree char *what = g_strdup_printf ("activating %s: %s", action, error->message);
      fail_with_log (app, what);
    }
}

GVariant *
loket_test_app_get_state (LoketTestApp *app,
                          const char   *action)
{
  const char *name;
  g_autofree char *path = action_path (app, action, &name);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) state = NULL;
  gboolean enabled;
  const GVariantType *type = G_VARIANT_TYPE ("((bgav))");

  reply = g_dbus_connection_call_sync (app->bus, app->app_id, path, "org.gtk.Actions", "Describe",
                                       g_variant_new ("(s)", name), type, 0, 10000, NULL, NULL);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "((bg@av))", &enabled, NULL, &state);
  if (g_variant_n_children (state) == 0)
    return NULL;
  {
    g_autoptr(GVariant) boxed = g_variant_get_child_value (state, 0);
    return g_variant_get_variant (boxed);
  }
}

void
loket_test_app_wait_state (LoketTestApp *app,
                           const char   *action,
                           GVariant     *expected,
                           guint         timeout_ms)
{
  g_autoptr(GVariant) want = g_variant_ref_sink (expected);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autoptr(GVariant) last = NULL;

  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&last, g_variant_unref);
      last = loket_test_app_get_state (app, action);
      if (last != NULL && g_variant_equal (last, want))
        return;
      g_usleep (50 * 1000);
    }
  {
    g_autofree char *w = g_variant_print (want, FALSE);
    g_autofree char *l = last ? g_variant_print (last, FALSE) : g_strdup ("(none)");
    g_autofree char *what = g_strdup_printf ("%s stayed %s, expected %s within %u ms", action, l, w, timeout_ms);
    fail_with_log (app, what);
  }
}

void
loket_test_app_screenshot (LoketTestApp *app,
                           const char   *path)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_unlink (path);
  loket_test_app_activate (app, "app.screenshot", g_variant_new_string (path));
  /* Written at the next frame, once layout is done. */
  while (!g_file_test (path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    fail_with_log (app, "no screenshot written");
}

void
loket_test_app_save_screenshot (LoketTestApp *app,
                                const char   *name)
{
  const char *dir = g_getenv ("LOKET_SCREENSHOTS");
  g_autofree char *path = NULL;

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  loket_test_app_screenshot (app, path);
}

void
loket_test_app_wait_clock (LoketTestApp *app,
                           const char   *action,
                           const char   *zone,
                           const char   *format,
                           guint         timeout_ms)
{
  g_autoptr(GTimeZone) office = g_time_zone_new_identifier (zone);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autofree char *shown = NULL;
  g_autofree char *want = NULL;

  g_assert_nonnull (office);
  while (g_get_monotonic_time () < deadline)
    {
      /* Computed afresh at each look: a minute may turn meanwhile. */
      g_autoptr(GDateTime) now = g_date_time_new_now (office);
      g_autoptr(GDateTime) now_utc = g_date_time_to_timezone (now, utc);
      g_autofree char *machine = g_date_time_format (now_utc, format);

      g_free (want);
      want = g_date_time_format (now, format);
      /* Otherwise the test could not tell the two clocks apart. */
      g_assert_cmpstr (want, !=, machine);
      g_free (shown);
      shown = loket_test_app_get_string (app, action);
      if (g_str_equal (shown, want))
        return;
      g_usleep (50 * 1000);
    }
  {
    g_autofree char *what = g_strdup_printf ("%s shows “%s”, not the office's time “%s” (%s)",
                                             action, shown, want, zone);
    fail_with_log (app, what);
  }
}

char *
loket_test_app_get_string (LoketTestApp *app,
                           const char   *action)
{
  g_autoptr(GVariant) state = loket_test_app_get_state (app, action);

  g_assert_nonnull (state);
  return g_variant_dup_string (state, NULL);
}

/* A warning from GTK, libadwaita or GLib itself ("action win.show can't
 * be activated due to parameter type mismatch") is a bug in the app,
 * unlike the app's own warnings about the world (a printer out of paper,
 * domains "loket-…"), which tests cause on purpose; so the toolkit's
 * warnings fail the test here, as G_DEBUG=fatal-warnings would. */
static void
assert_no_toolkit_warnings (LoketTestApp *app)
{
  g_autoptr(GRegex) regex = g_regex_new ("(?:^|: )([A-Za-z][A-Za-z0-9_-]*)-(WARNING|CRITICAL) \\*\\*",
                                         G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *log = NULL;

  if (!g_file_get_contents (app->log_path, &log, NULL, NULL))
    return;
  for (g_regex_match (regex, log, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *domain = g_match_info_fetch (match, 1);

      if (!g_str_has_prefix (domain, "loket"))
        fail_with_log (app, "the toolkit warned");
    }
}

void
loket_test_app_stop (LoketTestApp *app)
{
  if (app == NULL)
    return;
  assert_no_toolkit_warnings (app);
  stop_pid (&app->app_pid);
  g_clear_object (&app->bus);
  stop_pid (&app->bus_pid);
  stop_pid (&app->xvfb_pid);
  loket_test_remove_tree (app->dir);
  g_free (app->dir);
  g_free (app->log_path);
  g_free (app->app_id);
  g_free (app->object_path);
  g_free (app);
}
