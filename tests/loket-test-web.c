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

char *
loket_test_read_line (GDataInputStream *in, guint timeout_ms)
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

/* A gateway left behind by a failed test would hold the test's output
 * open: it dies with the test. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

LoketTestWeb *
loket_test_web_start (LoketTestServer *server)
{
  return loket_test_web_start_with (server, NULL);
}

/* With a certificate among @extra, the gateway runs without the leak
 * check: LeakSanitizer's tracer crashes (SIGSEGV reading a thread's TLS)
 * at the exit of a process that ran GnuTLS through glib-networking, and
 * with use_tls=0 it reports GLib's thread-local caches instead.  The
 * gateway's own allocations are the same with and without TLS and are
 * checked by every other test. */
static gboolean
serves_tls (const char * const *extra)
{
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    if (g_str_has_prefix (extra[i], "--certificate="))
      return TRUE;
  return FALSE;
}

LoketTestWeb *
loket_test_web_start_with (LoketTestServer    *server,
                           const char * const *extra)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *line = NULL;
  const char *fixed[] = { g_getenv ("LOKET_WEB"), "--server", server->listen, "--keys", server->keys_dir,
                          "--as", "web1", "--listen", "127.0.0.1:0" };
  LoketTestWeb *web = g_new0 (LoketTestWeb, 1);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, (char *) fixed[i]);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (serves_tls (extra))
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1", TRUE);
  web->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  web->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (web->process));
  line = loket_test_read_line (web->out, 20000);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:") ||
                 g_str_has_prefix (line, "listening on https://127.0.0.1:"));
  web->url = g_strdup (line + strlen ("listening on "));
  g_clear_pointer (&line, g_free);
  line = loket_test_read_line (web->out, 20000);
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

SoupSession *
loket_test_web_session (void)
{
  static SoupSession *s;

  if (s == NULL)
    s = soup_session_new_with_options ("timeout", 30, NULL);
  return s;
}

char *
loket_test_web_url (LoketTestWeb *web,
                    const char   *path)
{
  return g_strconcat (web->url, path[0] == '/' ? path + 1 : path, NULL);
}

char *
loket_test_web_send (SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (loket_test_web_session (), msg, NULL, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

char *
loket_test_web_get (LoketTestWeb *web,
                    const char   *path,
                    guint         status,
                    SoupMessage **out)
{
  return loket_test_web_get_in (web, path, NULL, status, out);
}

char *
loket_test_web_get_in (LoketTestWeb *web,
                       const char   *path,
                       const char   *accept_language,
                       guint         status,
                       SoupMessage **out)
{
  g_autofree char *url = loket_test_web_url (web, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  char *body;

  if (accept_language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", accept_language);
  body = loket_test_web_send (msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  if (out != NULL)
    *out = g_steal_pointer (&msg);
  return body;
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

guint
loket_test_count (const char *haystack,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

gboolean
loket_test_have_chromium (void)
{
  g_autofree char *path = g_find_program_in_path ("chromium");

  if (path == NULL)
    loket_test_missing ("chromium (Debian package chromium)");
  return path != NULL;
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
