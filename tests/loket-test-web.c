/* loket-test-web.c — a real loket-web for the tests (see loket-test-web.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-web.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

typedef struct {
  char     *line;
  gboolean  done;
} LineRead;

static void
on_line (GObject *source, GAsyncResult *result, gpointer data)
{
  LineRead *read = data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  read->done = TRUE;
}

static char *
read_line (GDataInputStream *in, guint timeout_ms)
{
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  LineRead read = { NULL, FALSE };

  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, cancel, on_line, &read);
  if (!loket_test_wait_for (&read.done, timeout_ms))
    {
      g_cancellable_cancel (cancel);
      loket_test_wait_for (&read.done, 5000);
    }
  return read.line;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

LoketTestWeb *
loket_test_web_start (LoketTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *line = NULL;
  const char *argv[] = { g_getenv ("LOKET_WEB"), "--server", server->listen, "--keys", server->keys_dir,
                         "--as", "web1", "--listen", "127.0.0.1:0", NULL };
  LoketTestWeb *web = g_new0 (LoketTestWeb, 1);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  web->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  web->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (web->process));
  line = read_line (web->out, 20000);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  web->url = g_strdup (line + strlen ("listening on "));
  g_clear_pointer (&line, g_free);
  line = read_line (web->out, 20000);
  g_assert_cmpstr (line, ==, "synced");
  return web;
}

void
loket_test_web_stop (LoketTestWeb *web)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (web->process, SIGTERM);
  g_assert_true (g_subprocess_wait (web->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (web->process));
  g_assert_cmpint (g_subprocess_get_exit_status (web->process), ==, 0);
  g_clear_object (&web->out);
  g_clear_object (&web->process);
  g_free (web->url);
  g_free (web);
}

static SoupSession *
session (void)
{
  static SoupSession *s;

  if (s == NULL)
    s = soup_session_new_with_options ("timeout", 30, NULL);
  return s;
}

char *
loket_test_web_get (LoketTestWeb *web,
                    const char   *path,
                    guint         status,
                    SoupMessage **out)
{
  g_autofree char *url = g_strconcat (web->url, path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session (), msg, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  if (out != NULL)
    *out = g_steal_pointer (&msg);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

char *
loket_test_web_page_with (LoketTestWeb *web,
                          const char   *path,
                          const char   *needle)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      char *page = loket_test_web_get (web, path, 200, NULL);

      if (strstr (page, needle) != NULL)
        return page;
      g_free (page);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
}

char *
loket_test_chromium (const char *url,
                     const char *first_arg,
                     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *profile = g_dir_make_tmp ("loket-chromium-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list args;
  const char *fixed[] = { "timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                          "--hide-scrollbars", "--no-first-run" };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, g_strdup (fixed[i]));
  g_ptr_array_add (argv, g_strdup_printf ("--user-data-dir=%s", profile));
  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, g_strdup (url));
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("chromium failed: %s", err);
  loket_test_remove_tree (profile);
  return out;
}

void
loket_test_chromium_screenshot (const char *url,
                                const char *name,
                                const char *size)
{
  const char *dir = g_getenv ("LOKET_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *window = g_strdup_printf ("--window-size=%s", size);

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  shot = g_strdup_printf ("--screenshot=%s", path);
  g_free (loket_test_chromium (url, window, shot, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}
