/* loket-test-server.c — spawning and driving a real loketd for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-server.h"
#include "loket-store.h"
#include "loket-sqlite.h"

#include <string.h>
#include "loket-error.h"
#include "loket-message.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static const struct { const char *name; LoketRole role; } test_clients[] = {
  { "kiosk1", LOKET_ROLE_KIOSK },
  { "kiosk2", LOKET_ROLE_KIOSK },
  { "display1", LOKET_ROLE_DISPLAY },
  { "counter1", LOKET_ROLE_COUNTER },
  { "counter2", LOKET_ROLE_COUNTER },
  { "super", LOKET_ROLE_SUPERVISOR },
  { "super2", LOKET_ROLE_SUPERVISOR },   /* a second supervisor's PC */
  { "web1", LOKET_ROLE_WEB },
  { "sync1", LOKET_ROLE_SYNC },   /* the region sync (loket-sync) */
};

/* A free TCP port pair on loopback (port and port + 1). */
static guint
free_port_pair (void)
{
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GSocket) a = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
      g_autoptr(GSocket) b = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
      g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) next = NULL;
      guint port;

      g_assert_true (g_socket_bind (a, any, FALSE, NULL));
      bound = g_socket_get_local_address (a, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      next = g_inet_socket_address_new (lo, (guint16) (port + 1));
      if (port < 65000 && g_socket_bind (b, next, FALSE, NULL))
        return port;
    }
  g_error ("no free port pair");
  return 0;
}

LoketTestServer *
loket_test_server_new (const char *charter)
{
  LoketTestServer *server = g_new0 (LoketTestServer, 1);
  g_autoptr(GError) error = NULL;
  guint port = free_port_pair ();

  server->dir = g_dir_make_tmp ("loket-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->keys_dir = g_build_filename (server->dir, "keys", NULL);
  server->db_path = g_build_filename (server->dir, "loket.db", NULL);
  server->log_path = g_build_filename (server->dir, "loketd.log", NULL);
  server->charter_path = g_build_filename (g_getenv ("G_TEST_SRCDIR") ?: ".", "data",
                                           charter ? charter : "charter-test.ini", NULL);
  server->listen = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  server->publish = g_strdup_printf ("tcp://127.0.0.1:%u", port + 1);
  server->valgrind = g_strcmp0 (g_getenv ("LOKET_VALGRIND"), "1") == 0;

  g_assert_true (loket_keys_init (server->keys_dir, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (test_clients); i++)
    {
      loket_keys_add (server->keys_dir, test_clients[i].name, test_clients[i].role, &error);
      g_assert_no_error (error);
    }
  return server;
}

static gboolean
server_answers (LoketTestServer *server)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) status = NULL;

  loket_client_set_timeout (client, 500, 500);
  status = loket_client_request (client, "STATUS", NULL, NULL);
  return status != NULL;
}

/* A test that fails aborts on the spot; the server must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
loket_test_server_start (LoketTestServer *server)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  gint64 deadline;
  int log_fd;

  g_assert_false (server->running);
  for (guint i = 0; server->wrapper != NULL && server->wrapper[i] != NULL; i++)
    g_ptr_array_add (argv, server->wrapper[i]);
  if (server->valgrind)
    {
      g_ptr_array_add (argv, "valgrind");
      g_ptr_array_add (argv, "--quiet");
      g_ptr_array_add (argv, "--leak-check=full");
      g_ptr_array_add (argv, "--errors-for-leak-kinds=definite");
      g_ptr_array_add (argv, "--error-exitcode=99");
    }
  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKETD"));
  g_ptr_array_add (argv, "--charter");
  g_ptr_array_add (argv, server->charter_path);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, server->db_path);
  g_ptr_array_add (argv, server->insecure ? "--insecure" : "--keys");
  if (!server->insecure)
    g_ptr_array_add (argv, server->keys_dir);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, server->listen);
  if (server->always_open)
    g_ptr_array_add (argv, "--always-open");
  g_ptr_array_add (argv, NULL);

  log_fd = g_open (server->log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  g_assert_cmpint (log_fd, >=, 0);
  for (guint i = 0; server->env != NULL && server->env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (server->env[i], "=", 2);

      envp = g_environ_setenv (envp, pair[0], pair[1] ? pair[1] : "", TRUE);
    }
  g_spawn_async_with_fds (NULL, (char **) argv->pdata, envp,
                          G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, die_with_parent, NULL, &server->pid,
                          -1, log_fd, log_fd, &error);
  g_assert_no_error (error);
  close (log_fd);
  server->running = TRUE;

  /* Ready is when it answers; valgrind makes start-up slow. */
  deadline = g_get_monotonic_time () + (server->valgrind ? 120 : 30) * G_USEC_PER_SEC;
  while (!server_answers (server))
    {
      int status;

      if (waitpid (server->pid, &status, WNOHANG) == server->pid)
        {
          g_autofree char *log = NULL;

          server->running = FALSE;
          g_file_get_contents (server->log_path, &log, NULL, NULL);
          g_error ("loketd exited during start-up:\n%s", log);
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static int
wait_exit (LoketTestServer *server)
{
  int status = 0;

  g_assert_cmpint (waitpid (server->pid, &status, 0), ==, server->pid);
  g_spawn_close_pid (server->pid);
  server->running = FALSE;
  return status;
}

/* Whatever a test did through loketd, the record it left must hold up:
 * the hash chain, and `tickets` and the report rows equal to a replay of
 * the events (loketctl verify).  A test that tampers with the database
 * on purpose does so after the stop, or sets skip_verify. */
static void
verify_record (LoketTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = NULL;
  LoketVerifySummary summary;

  if (server->skip_verify || !g_file_test (server->db_path, G_FILE_TEST_EXISTS))
    return;
  store = loket_store_open_readonly (server->db_path, &error);
  if (store == NULL || !loket_store_verify_all (store, &summary, &error))
    g_error ("%s: the record loketd left does not verify: %s", server->db_path, error->message);
}

void
loket_test_server_stop (LoketTestServer *server)
{
  int status;

  if (!server->running)
    return;
  kill (server->pid, SIGCONT);
  kill (server->pid, SIGTERM);
  status = wait_exit (server);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_autofree char *log = NULL;

      g_file_get_contents (server->log_path, &log, NULL, NULL);
      g_error ("loketd did not stop cleanly (status %d):\n%s", status, log);
    }
  verify_record (server);
}

void
loket_test_server_kill (LoketTestServer *server)
{
  if (!server->running)
    return;
  kill (server->pid, SIGKILL);
  wait_exit (server);
}

void
loket_test_server_signal (LoketTestServer *server, int sig)
{
  g_assert_true (server->running);
  kill (server->pid, sig);
}

void
loket_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        loket_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
loket_test_store_set_up (LoketTestStore *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("loket-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "loket.db", NULL);
  f->store = loket_store_open (f->path, &error);
  g_assert_no_error (error);
}

void
loket_test_store_tear_down (LoketTestStore *f, gconstpointer data)
{
  g_clear_object (&f->store);
  loket_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

gint64
loket_test_count_rows (LoketStore *store, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

void
loket_test_insert_old_ticket (LoketStore *store, LoketTicket *t)
{
  sqlite3 *db = loket_store_get_db (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *texts[] = { t->service_day, t->series, NULL, t->service, t->issued_service, t->priority,
                          loket_ticket_state_to_string (t->state) };

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tickets (service_day, series, number, service,"
                                       " issued_service, priority, state, issued_at, arrival_at, called_at,"
                                       " started_at, finished_at, counter, clerk, recalls, transfers, outcome,"
                                       " device) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                       " ?13, ?14, ?15, ?16, ?17, ?18)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (i != 2)
      sqlite3_bind_text (stmt, (int) i + 1, texts[i], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, (int) t->number);
  sqlite3_bind_int64 (stmt, 8, t->issued_at);
  sqlite3_bind_int64 (stmt, 9, t->arrival_at);
  sqlite3_bind_int64 (stmt, 10, t->called_at);
  sqlite3_bind_int64 (stmt, 11, t->started_at);
  sqlite3_bind_int64 (stmt, 12, t->finished_at);
  sqlite3_bind_text (stmt, 13, t->counter, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, t->clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 15, (int) t->recalls);
  sqlite3_bind_int (stmt, 16, (int) t->transfers);
  sqlite3_bind_text (stmt, 17, loket_outcome_to_string (t->outcome), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 18, t->device, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  t->id = sqlite3_last_insert_rowid (db);
}

int
loket_test_run_with_server (LoketTestServer *server)
{
  int result;

  loket_test_server_start (server);
  result = g_test_run ();
  loket_test_server_stop (server);
  loket_test_server_free (server);
  return result;
}

void
loket_test_server_free (LoketTestServer *server)
{
  if (server == NULL)
    return;
  /* Even after kill -9: what was acknowledged is on disk and whole. */
  loket_test_server_kill (server);
  verify_record (server);
  if (g_getenv ("LOKET_TEST_KEEP") == NULL)
    loket_test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->keys_dir);
  g_free (server->db_path);
  g_free (server->charter_path);
  g_free (server->listen);
  g_free (server->publish);
  g_free (server->log_path);
  g_strfreev (server->env);
  g_strfreev (server->wrapper);
  g_free (server);
}

LoketClientKey *
loket_test_server_key (LoketTestServer *server,
                       const char      *name)
{
  g_autoptr(GError) error = NULL;
  LoketClientKey *key = loket_client_key_load (server->keys_dir, name, &error);

  g_assert_no_error (error);
  return key;
}

GPtrArray *
loket_test_read_json_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return objects;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      if (*lines[i] == '\0')
        continue;
      object = loket_json_from_string (lines[i], -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (objects, object);
    }
  return objects;
}

int
loket_test_ctl_argv (const char * const *args,
                     char              **out,
                     char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKETCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

char *
loket_test_server_ctl (LoketTestServer *server,
                       const char      *who,
                       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;
  va_list list;

  g_ptr_array_add (args, "--server");
  g_ptr_array_add (args, server->listen);
  if (server->insecure)
    g_ptr_array_add (args, "--insecure");
  else
    {
      g_ptr_array_add (args, "--keys");
      g_ptr_array_add (args, server->keys_dir);
    }
  g_ptr_array_add (args, "--as");
  g_ptr_array_add (args, (gpointer) who);
  va_start (list, who);
  for (const char *a = va_arg (list, const char *); a != NULL; a = va_arg (list, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (list);
  g_ptr_array_add (args, NULL);

  status = loket_test_ctl_argv ((const char * const *) args->pdata, &out, &err);
  if (status != 0)
    g_error ("loketctl failed (status %d):\n%s", status, err);
  return out;
}

void
loket_test_server_add_staff (LoketTestServer *server,
                             const char      *id,
                             const char      *name,
                             const char      *pin,
                             const char      *role)
{
  if (!server->has_head)
    {
      g_free (loket_test_server_ctl (server, "super", "staff", "add", LOKET_TEST_HEAD, "Kepala Kantor",
                                     "--role", "head", "--pin", LOKET_TEST_HEAD_PIN, NULL));
      server->has_head = TRUE;
    }
  g_free (loket_test_server_ctl (server, "super", "--by", LOKET_TEST_HEAD, "--by-pin", LOKET_TEST_HEAD_PIN,
                                 "staff", "add", id, name, "--pin", pin, "--role", role, NULL));
}

LoketClient *
loket_test_server_client (LoketTestServer *server,
                          const char      *name)
{
  g_autoptr(LoketClientKey) key = server->insecure ? NULL : loket_test_server_key (server, name);
  g_autoptr(GError) error = NULL;
  LoketClient *client = loket_client_new (server->listen, key, name, &error);

  g_assert_no_error (error);
  /* Generous: the test machine may be busy, and valgrind is slow. */
  loket_client_set_timeout (client, server->valgrind ? 60000 : 20000, 2000);
  return client;
}

LoketSubscriber *
loket_test_server_subscriber (LoketTestServer *server,
                              const char      *name)
{
  g_autoptr(LoketClientKey) key = loket_test_server_key (server, name);
  g_autoptr(GError) error = NULL;
  LoketSubscriber *sub = loket_subscriber_new (server->listen, server->publish, key, NULL, &error);

  g_assert_no_error (error);
  return sub;
}

JsonObject *
loket_test_body (const char *first_key, ...)
{
  va_list args;
  JsonObject *body;

  va_start (args, first_key);
  body = loket_json_object_new_valist (first_key, args);
  va_end (args);
  return body;
}

JsonObject *
loket_test_request (LoketClient *client,
                    const char  *type,
                    ...)
{
  va_list args;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *reply;
  const char *first;

  va_start (args, type);
  first = va_arg (args, const char *);
  body = loket_json_object_new_valist (first, args);
  va_end (args);
  reply = loket_client_request (client, type, body, &error);
  if (reply == NULL)
    g_error ("%s failed: %s", type, error->message);
  return reply;
}

JsonObject *
loket_test_request_with_id (LoketClient *client,
                            const char  *type,
                            JsonObject  *body,
                            const char  *req_id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *reply = loket_client_request_with_id (client, type, body, req_id, &error);

  if (reply == NULL)
    g_error ("%s %s failed: %s", type, req_id, error->message);
  return reply;
}

GPtrArray *
loket_test_server_events (LoketTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open_readonly (server->db_path, &error);
  GPtrArray *rows;

  g_assert_no_error (error);
  rows = loket_store_list_events (store, 0, 1000000, &error);
  g_assert_no_error (error);
  return rows;
}

char *
loket_test_server_last_actor (LoketTestServer *server,
                              const char      *type,
                              const char      *payload_part)
{
  g_autoptr(GPtrArray) rows = loket_test_server_events (server);

  for (guint i = rows->len; i > 0; i--)
    {
      LoketEventRow *row = g_ptr_array_index (rows, i - 1);

      if (g_str_equal (row->type, type) && (payload_part == NULL || strstr (row->payload, payload_part)))
        return g_strdup (row->actor);
    }
  return NULL;
}

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
loket_test_wait_for (const gboolean *flag,
                     guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, set_flag_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

static void
on_online_changed (LoketSubscriber *sub, GParamSpec *pspec, gpointer data)
{
  /* Nothing: the notification only wakes the main loop up. */
}

gboolean
loket_test_wait_online (LoketSubscriber *sub,
                        gboolean         online,
                        guint            timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, set_flag_cb, &timed_out);
  gulong handler = g_signal_connect (sub, "notify::online", G_CALLBACK (on_online_changed), NULL);

  while (loket_subscriber_get_online (sub) != online && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (sub, handler);
  if (!timed_out)
    g_source_remove (id);
  return loket_subscriber_get_online (sub) == online;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
loket_test_wait_until (gboolean (*done) (gpointer data),
                       gpointer   data,
                       guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* A tick wakes the loop up: what we wait for may change in a thread
   * that does not touch this context. */
  guint tick = g_timeout_add (50, tick_cb, NULL);
  gboolean ok;

  while (!(ok = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

/* ---- the charter --------------------------------------------------------- */

void
loket_test_server_set_time_zone (LoketTestServer *server,
                                 const char      *zone)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = g_strdup_printf ("TimeZone=%s", zone);
  g_autoptr(GRegex) key = g_regex_new ("^TimeZone=.*$", G_REGEX_MULTILINE, 0, NULL);
  g_autofree char *changed = NULL;
  g_autofree char *copy = g_build_filename (server->dir, "charter.ini", NULL);

  g_file_get_contents (server->charter_path, &text, NULL, &error);
  g_assert_no_error (error);
  /* The test charters all name their zone; the key is replaced in place. */
  g_assert_true (g_regex_match (key, text, 0, NULL));
  changed = g_regex_replace_literal (key, text, -1, 0, line, 0, &error);
  g_assert_no_error (error);
  g_file_set_contents (copy, changed, -1, &error);
  g_assert_no_error (error);
  g_free (server->charter_path);
  server->charter_path = g_steal_pointer (&copy);
}

/* ---- the environment loketd runs in ------------------------------------ */

void
loket_test_server_setenv (LoketTestServer *server,
                          const char      *name,
                          const char      *value)
{
  server->env = g_environ_setenv (server->env, name, value, TRUE);
}

void
loket_test_server_allow_preload (LoketTestServer *server)
{
  const char *current = g_environ_getenv (server->env, "ASAN_OPTIONS");
  g_autofree char *options = NULL;

  if (current == NULL)
    current = g_getenv ("ASAN_OPTIONS");
  options = g_strdup_printf ("%s%sverify_asan_link_order=0", current ? current : "", current ? ":" : "");
  loket_test_server_setenv (server, "ASAN_OPTIONS", options);
}

#define FIU_PRELOAD_DIR "/usr/lib/fiu"

/* The shared sanitizer runtime this process (and so loketd, built with
 * it) uses, or NULL: none, or linked in statically (clang's default). */
static char *
asan_runtime (void)
{
  void *init = dlsym (RTLD_DEFAULT, "__asan_init");
  Dl_info info;

  if (init == NULL || dladdr (init, &info) == 0 || info.dli_fname == NULL ||
      strstr (info.dli_fname, ".so") == NULL)
    return NULL;
  return g_strdup (info.dli_fname);
}

gboolean
loket_test_server_use_fiu (LoketTestServer *server,
                           char           **why_not)
{
  g_autofree char *fiu_ctrl = g_find_program_in_path ("fiu-ctrl");
  g_autofree char *prefix = g_build_filename (server->dir, "fiu", NULL);
  g_autofree char *asan = asan_runtime ();
  g_autofree char *preload = NULL;

  if (fiu_ctrl == NULL || !g_file_test (FIU_PRELOAD_DIR "/fiu_posix_preload.so", G_FILE_TEST_EXISTS))
    {
      *why_not = g_strdup ("libfiu is not installed (packages fiu-utils and libfiu0)");
      return FALSE;
    }
  /* What `fiu-run -x -f PREFIX` exports before it execs the program — set
   * here rather than through the script, which overwrites LD_PRELOAD: in
   * an ASan build the sanitizer's runtime must come first, or its start-up
   * calls libfiu's malloc wrapper before that can work, and crashes.
   * libfiu's control pipes go in the server's own directory. */
  preload = g_strjoin (" ", asan ? asan : "", FIU_PRELOAD_DIR "/fiu_run_preload.so",
                       FIU_PRELOAD_DIR "/fiu_posix_preload.so", NULL);
  loket_test_server_setenv (server, "LD_PRELOAD", g_strstrip (preload));
  loket_test_server_setenv (server, "FIU_CTRL_FIFO", prefix);
  loket_test_server_setenv (server, "FIU_ENABLE", "");
  return TRUE;
}

void
loket_test_server_fiu (LoketTestServer *server,
                       const char      *command,
                       ...)
{
  g_autofree char *prefix = g_build_filename (server->dir, "fiu", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", (int) server->pid);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list list;

  g_assert_true (server->running);
  g_ptr_array_add (argv, "fiu-ctrl");
  g_ptr_array_add (argv, "-f");
  g_ptr_array_add (argv, prefix);
  va_start (list, command);
  for (const char *c = command; c != NULL; c = va_arg (list, const char *))
    {
      g_ptr_array_add (argv, "-c");
      g_ptr_array_add (argv, (gpointer) c);
    }
  va_end (list);
  g_ptr_array_add (argv, pid);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  /* fiu-ctrl exits 0 whatever happened; it reports a refused command or
   * an unknown pid on its output, and says nothing when all went well. */
  if (!g_spawn_check_wait_status (status, NULL) || *out != '\0' || *err != '\0')
    g_error ("fiu-ctrl %s: %s%s", command, out, err);
}

/* ---- reading the record ------------------------------------------------ */

gint64
loket_test_server_count (LoketTestServer *server,
                         const char      *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open_readonly (server->db_path, &error);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

void
loket_test_note_ticket (GHashTable *acked,
                        JsonObject *reply)
{
  JsonObject *ticket = json_object_get_object_member (reply, "ticket");

  g_hash_table_insert (acked, g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (ticket, "id")),
                       g_strdup (json_object_get_string_member (ticket, "number")));
}

guint
loket_test_server_check_tickets (LoketTestServer *server,
                                 GHashTable      *acked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open_readonly (server->db_path, &error);
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer number, id;
  LoketVerifySummary summary;
  guint max = 0;

  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, acked);
  while (g_hash_table_iter_next (&iter, &id, &number))
    {
      g_autoptr(LoketTicket) t = loket_store_get_ticket (store, g_ascii_strtoll (id, NULL, 10), &error);
      g_autofree char *label = NULL;

      g_assert_no_error (error);
      label = loket_ticket_get_label (t);
      g_assert_cmpstr (label, ==, number);
    }
  g_assert_true (loket_store_verify_all (store, &summary, &error));
  g_assert_no_error (error);

  /* Gapless: each service day has as many tickets as its highest number
   * (a run across midnight in Jakarta simply starts a new day). */
  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (store),
                   "SELECT COUNT (*), MAX (number) FROM tickets WHERE series = 'A'"
                   " GROUP BY service_day ORDER BY service_day", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, sqlite3_column_int (stmt, 1));
      max = (guint) sqlite3_column_int (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return max;
}

void
loket_test_missing (const char *format,
                    ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_fail_printf ("%s: a test never skips; run tools/install-deps, as root as CI does", what);
}

/* A small RFC 4180 reader: records end in CRLF; a quoted field may hold
 * commas, line breaks and doubled quotes.  Returns GStrv records, or
 * fails the test on anything malformed. */
GPtrArray *
loket_test_parse_csv (const char *p)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);

  while (*p != '\0')
    {
      if (*p == '"')
        for (p++; !(p[0] == '"' && p[1] != '"'); p++)
          {
            g_assert_true (*p != '\0');
            if (p[0] == '"')
              p++;
            g_string_append_c (field, *p);
          }
      else
        for (; *p != ',' && *p != '\r' && *p != '\0'; p++)
          {
            g_assert_true (*p != '"' && *p != '\n');
            g_string_append_c (field, *p);
          }
      if (*p == '"')
        p++;
      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
        }
    }
  return records;
}

char *
loket_test_day_before (const char *day)
{
  GDate date;
  guint y, m, d;

  g_assert_cmpint (sscanf (day, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  g_date_subtract_days (&date, 1);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}
