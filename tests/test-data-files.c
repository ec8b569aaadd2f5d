/* test-data-files.c — what an office installs besides the programs, as
 * meson generated it: the autostart entries pass desktop-file-validate and
 * start a built app with options it has; the systemd units pass
 * `systemd-analyze verify`, stay under an exposure of 2.0 in
 * `systemd-analyze security` and call loketd and loketctl with options
 * they have; the sysusers entry parses.  A test whose tool is missing fails
 * (loket_test_missing): tools/install-deps installs them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "loket-test-server.h"

/* The data directory of the build tree (configured files). */
static char *
built (const char *name)
{
  g_autofree char *top = g_path_get_dirname (g_getenv ("G_TEST_BUILDDIR"));

  return g_build_filename (top, "data", name, NULL);
}

/* Runs @argv; returns its exit status (-1 if it could not run) and its
 * output, stdout and stderr together. */
static int
run (const char * const *argv, char **output)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  *output = NULL;
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, output, NULL, &error))
    return -1;
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static gboolean
have (const char *tool)
{
  g_autofree char *path = g_find_program_in_path (tool);

  if (path != NULL)
    return TRUE;
  loket_test_missing ("%s is not installed", tool);
  return FALSE;
}

/* Every --option of @command_line is one that `@program --help-all` lists. */
static void
assert_options_known (const char *program, const char *command_line)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *help = NULL;
  const char *argv[] = { program, "--help-all", NULL };

  g_assert_true (g_shell_parse_argv (command_line, NULL, &words, NULL));
  g_assert_cmpint (run (argv, &help), ==, 0);
  for (guint i = 1; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], "--"))
      {
        g_autofree char *name = g_strndup (words[i], strcspn (words[i], "="));

        if (strstr (help, name) == NULL)
          g_error ("%s: %s does not know %s", command_line, program, name);
      }
}

static const struct { const char *entry; const char *env; } apps[] = {
  { "loket-kiosk.desktop", "LOKET_KIOSK" },
  { "loket-display.desktop", "LOKET_DISPLAY" },
  { "loket-counter.desktop", "LOKET_COUNTER" },
  { "loket-supervisor.desktop", "LOKET_COUNTER" },
};

static void
test_autostart (void)
{
  if (!have ("desktop-file-validate"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (apps); i++)
    {
      g_autofree char *path = built (apps[i].entry);
      g_autoptr(GKeyFile) entry = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *output = NULL;
      g_autofree char *exec = NULL;
      const char *argv[] = { "desktop-file-validate", path, NULL };

      g_assert_cmpint (run (argv, &output), ==, 0);
      g_assert_cmpstr (output, ==, "");
      g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
      g_assert_no_error (error);
      g_assert_true (g_key_file_get_boolean (entry, "Desktop Entry", "X-GNOME-Autostart-enabled", &error));
      g_assert_no_error (error);
      exec = g_key_file_get_string (entry, "Desktop Entry", "Exec", &error);
      g_assert_no_error (error);
      assert_options_known (g_getenv (apps[i].env), exec);
    }
}

/* The directory of the program that @unit_text's ExecStart= runs. */
static char *
exec_dir (const char *unit_text)
{
  const char *exec = strstr (unit_text, "\nExecStart=");
  g_autofree char *program = NULL;

  g_assert_nonnull (exec);
  exec += strlen ("\nExecStart=");
  program = g_strndup (exec, strcspn (exec, " \n"));
  return g_path_get_dirname (program);
}

/* The units as installed, but calling the programs just built (verify
 * checks that ExecStart's program exists).  Returns the directory. */
static char *
units_for_build (void)
{
  const char *units[] = { "loketd.service", "loket-backup.service", "loket-web.service" };
  const char *programs[] = { "LOKETD", "LOKETD", "LOKET_WEB" };
  g_autofree char *timer_src = g_build_filename (g_getenv ("LOKET_SOURCE_DIR"), "data", "systemd",
                                                 "loket-backup.timer", NULL);
  g_autofree char *timer_text = NULL;
  g_autofree char *timer = NULL;
  char *dir = g_dir_make_tmp ("loket-units-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *bindir = g_path_get_dirname (g_getenv (programs[i]));
      g_autofree char *source = built (units[i]);
      g_autofree char *text = NULL;
      g_autofree char *installed = NULL;
      g_autofree char *target = g_build_filename (dir, units[i], NULL);
      g_autoptr(GString) changed = NULL;

      g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
      installed = exec_dir (text);
      changed = g_string_new (text);
      g_string_replace (changed, installed, bindir, 0);
      g_assert_true (g_file_set_contents (target, changed->str, -1, NULL));
    }
  g_assert_true (g_file_get_contents (timer_src, &timer_text, NULL, NULL));
  timer = g_build_filename (dir, "loket-backup.timer", NULL);
  g_assert_true (g_file_set_contents (timer, timer_text, -1, NULL));
  return dir;
}

static void
test_units_verify (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *d = NULL, *b = NULL, *t = NULL, *w = NULL;

  if (!have ("systemd-analyze"))
    return;
  dir = units_for_build ();
  d = g_build_filename (dir, "loketd.service", NULL);
  b = g_build_filename (dir, "loket-backup.service", NULL);
  t = g_build_filename (dir, "loket-backup.timer", NULL);
  w = g_build_filename (dir, "loket-web.service", NULL);
  {
    const char *argv[] = { "systemd-analyze", "verify", "--man=no", d, b, t, w, NULL };

    if (run (argv, &output) != 0)
      g_error ("systemd-analyze verify:\n%s", output);
  }
  loket_test_remove_tree (dir);
}

/* The sandbox stays tight: a score at or under 2.0 ("OK"); the score
 * itself is noted in docs/operations.md. */
static void
test_units_security (void)
{
  g_autofree char *dir = NULL;
  const char *units[] = { "loketd.service", "loket-backup.service", "loket-web.service" };

  if (!have ("systemd-analyze"))
    return;
  dir = units_for_build ();
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *path = g_build_filename (dir, units[i], NULL);
      const char *argv[] = { "systemd-analyze", "security", "--offline=yes", "--threshold=20", path, NULL };
      g_autofree char *output = NULL;
      int status = run (argv, &output);
      const char *overall = output ? strstr (output, "Overall exposure level") : NULL;

      if (overall != NULL)
        g_test_message ("%.*s", (int) strcspn (overall, "\n"), overall);
      if (status != 0)
        g_error ("systemd-analyze security %s (status %d):\n%s", units[i], status, output);
    }
  loket_test_remove_tree (dir);
}

/* What the units run is what loketd and loketctl accept. */
static void
test_units_commands (void)
{
  g_autofree char *loketd_unit = built ("loketd.service");
  g_autofree char *backup_unit = built ("loket-backup.service");
  g_autofree char *text = NULL;
  g_autofree char *help = NULL;
  g_autoptr(GKeyFile) unit = g_key_file_new ();
  g_autofree char *exec = NULL;
  const char *ctl_help[] = { g_getenv ("LOKETCTL"), "--help", NULL };

  g_assert_true (g_key_file_load_from_file (unit, loketd_unit, G_KEY_FILE_NONE, NULL));
  exec = g_key_file_get_string (unit, "Service", "ExecStart", NULL);
  assert_options_known (g_getenv ("LOKETD"), exec);
  {
    g_autofree char *web_unit = built ("loket-web.service");
    g_autoptr(GKeyFile) web = g_key_file_new ();
    g_autofree char *web_exec = NULL;

    g_assert_true (g_key_file_load_from_file (web, web_unit, G_KEY_FILE_NONE, NULL));
    web_exec = g_key_file_get_string (web, "Service", "ExecStart", NULL);
    assert_options_known (g_getenv ("LOKET_WEB"), web_exec);
  }

  g_assert_true (g_file_get_contents (backup_unit, &text, NULL, NULL));
  g_assert_cmpint (run (ctl_help, &help), ==, 0);
  g_assert_nonnull (strstr (text, "loketctl backup --db "));
  for (const char *o = "--output-dir\0--keep\0"; *o != '\0'; o += strlen (o) + 1)
    {
      g_assert_nonnull (strstr (text, o));
      g_assert_nonnull (strstr (help, o));
    }
}

static void
test_sysusers (void)
{
  g_autofree char *conf = g_build_filename (g_getenv ("LOKET_SOURCE_DIR"), "data", "systemd",
                                            "loket-sysusers.conf", NULL);
  g_autofree char *root = NULL;
  g_autofree char *output = NULL;
  g_autofree char *root_option = NULL;

  if (!have ("systemd-sysusers"))
    return;
  root = g_dir_make_tmp ("loket-sysusers-XXXXXX", NULL);
  root_option = g_strconcat ("--root=", root, NULL);
  {
    const char *argv[] = { "systemd-sysusers", "--dry-run", root_option, conf, NULL };

    if (run (argv, &output) != 0)
      g_error ("systemd-sysusers:\n%s", output);
  }
  g_assert_nonnull (strstr (output, "user 'loket'"));
  loket_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/data/autostart", test_autostart);
  g_test_add_func ("/data/systemd/verify", test_units_verify);
  g_test_add_func ("/data/systemd/security", test_units_security);
  g_test_add_func ("/data/systemd/commands", test_units_commands);
  g_test_add_func ("/data/sysusers", test_sysusers);
  return g_test_run ();
}
