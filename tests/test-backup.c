/* test-backup.c — `loketctl backup` and `restore` against a real loketd:
 * a backup taken while kiosks keep issuing tickets verifies and holds
 * every ticket acknowledged before it began, as a gapless prefix; restore
 * is refused while loketd runs (and a second loketd on the same database
 * too), works once it is stopped and keeps the database it replaced; a
 * damaged backup is refused; a full disk leaves nothing half-written and
 * an older backup intact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-store.h"
#include "loket-sqlite.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Enough tickets before the backup (about 2 KiB each, with their event
 * and stored reply) that the copy takes several steps of 512 KiB. */
#define TICKETS_BEFORE 900

/* ---- a kiosk issuing tickets in a thread ------------------------------- */

typedef struct {
  LoketTestServer *server;
  GMutex           lock;
  GCond            cond;
  GArray          *acked;    /* gint64 ticket ids, in acknowledgement order */
  gboolean         stop;
} Kiosk;

static gpointer
kiosk_thread (gpointer data)
{
  Kiosk *k = data;
  g_autoptr(LoketClient) client = loket_test_server_client (k->server, "kiosk1");

  for (;;)
    {
      g_autoptr(JsonObject) reply = NULL;
      gint64 id;

      g_mutex_lock (&k->lock);
      if (k->stop)
        {
          g_mutex_unlock (&k->lock);
          return NULL;
        }
      g_mutex_unlock (&k->lock);
      reply = loket_test_request (client, "ISSUE", "service", "ktp", NULL);
      id = json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id");
      g_mutex_lock (&k->lock);
      g_array_append_val (k->acked, id);
      g_cond_broadcast (&k->cond);
      g_mutex_unlock (&k->lock);
    }
}

static guint
kiosk_wait_acked (Kiosk *k, guint at_least)
{
  guint n;

  g_mutex_lock (&k->lock);
  while (k->acked->len < at_least)
    g_cond_wait (&k->cond, &k->lock);
  n = k->acked->len;
  g_mutex_unlock (&k->lock);
  return n;
}

/* ---- helpers ----------------------------------------------------------- */

static GPtrArray *
collect_args (const char *first, va_list args)
{
  GPtrArray *argv = g_ptr_array_new ();

  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Runs loketctl with the arguments; returns its exit status, stdout and
 * stderr. */
static int
ctl (char **out, char **err, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  va_list args;

  va_start (args, first);
  argv = collect_args (first, args);
  va_end (args);
  return loket_test_ctl_argv ((const char * const *) argv->pdata, out, err);
}

/* Runs loketctl --json with the arguments, asserts success and returns
 * the JSON object it printed. */
static JsonObject *
ctl_json_ok (const char *first, ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *result;
  va_list args;

  va_start (args, first);
  argv = collect_args (first, args);
  va_end (args);
  g_ptr_array_insert (argv, 0, "--json");
  if (loket_test_ctl_argv ((const char * const *) argv->pdata, &out, &err) != 0)
    g_error ("loketctl %s failed: %s", first, err);
  result = loket_json_from_string (out, -1, &error);
  g_assert_no_error (error);
  return result;
}

/* The ids of the tickets in a database file, in order. */
static GArray *
ticket_ids (const char *path)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM tickets ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

/* Nothing but @expected (NULL-terminated) in @dir: no partial files. */
static void
assert_dir_holds (const char *dir, ...)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  const char *name;
  va_list args;

  va_start (args, dir);
  for (const char *e = va_arg (args, const char *); e != NULL; e = va_arg (args, const char *))
    g_ptr_array_add (expected, (gpointer) e);
  va_end (args);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (!g_ptr_array_find_with_equal_func (expected, name, g_str_equal, NULL))
      g_error ("unexpected file %s in %s", name, dir);
}

/* ---- backup while serving, then restore -------------------------------- */

/* The backup holds every ticket acknowledged before it started, and only
 * a gapless prefix of the tickets issued: the database at one commit. */
static void
check_backup_contents (const char *backup, GArray *acked, guint before, guint after)
{
  g_autoptr(GArray) ids = ticket_ids (backup);

  g_assert_cmpuint (ids->len, >=, before);
  /* At most one more than acknowledged: the one whose reply was on its way. */
  g_assert_cmpuint (ids->len, <=, after + 1);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, (gint64) i + 1);
  for (guint i = 0; i < before; i++)
    g_assert_cmpint (g_array_index (acked, gint64, i), <=, (gint64) ids->len);
}

static void
test_backup_while_serving (LoketTestServer *server, const char *backup)
{
  Kiosk k = { server };
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *verified = NULL;
  GThread *thread;
  guint before, after;

  g_mutex_init (&k.lock);
  g_cond_init (&k.cond);
  k.acked = g_array_new (FALSE, FALSE, sizeof (gint64));
  thread = g_thread_new ("kiosk", kiosk_thread, &k);
  before = kiosk_wait_acked (&k, TICKETS_BEFORE);
  result = ctl_json_ok ("backup", "--db", server->db_path, "--output", backup, NULL);
  after = kiosk_wait_acked (&k, 0);
  g_mutex_lock (&k.lock);
  k.stop = TRUE;
  g_mutex_unlock (&k.lock);
  g_thread_join (thread);

  g_test_message ("backup: %" G_GINT64_FORMAT " bytes in %" G_GINT64_FORMAT " steps, %.3f s; "
                  "%u tickets acknowledged during it",
                  json_object_get_int_member (result, "bytes"), json_object_get_int_member (result, "steps"),
                  json_object_get_double_member (result, "seconds"), after - before);
  g_assert_true (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpint (json_object_get_int_member (result, "steps"), >, 1);
  g_assert_cmpint (json_object_get_int_member (result, "events"), >=, before);
  check_backup_contents (backup, k.acked, before, after);
  verified = loket_test_server_ctl (server, "super", "verify", "--db", backup, NULL);
  g_assert_nonnull (strstr (verified, "intact"));
  g_array_unref (k.acked);
  g_cond_clear (&k.cond);
  g_mutex_clear (&k.lock);
}

/* While loketd runs: restore refused, and a second loketd too. */
static void
test_refused_while_running (LoketTestServer *server, const char *backup)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *second_err = NULL;
  g_autoptr(GArray) live_before = ticket_ids (server->db_path);
  g_autoptr(GArray) live_after = NULL;
  g_autoptr(GError) error = NULL;
  const char *second[] = { g_getenv ("LOKETD"), "--charter", server->charter_path, "--db", server->db_path,
                           "--keys", server->keys_dir, "--listen", "tcp://127.0.0.1:1", NULL };
  int status = 0;

  g_assert_cmpint (ctl (&out, &err, "restore", "--backup", backup, "--db", server->db_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "in use"));
  g_assert_nonnull (strstr (err, "loketd (pid"));
  g_assert_nonnull (strstr (err, server->db_path));
  live_after = ticket_ids (server->db_path);
  g_assert_cmpuint (live_after->len, ==, live_before->len);

  g_spawn_sync (NULL, (char **) second, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &second_err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
  g_assert_nonnull (strstr (second_err, "refusing to start"));
  g_assert_nonnull (strstr (second_err, "in use"));
}

/* Stopped: the backup goes back, the old database is kept whole, and the
 * server carries on numbering from the backup. */
static void
test_restore_when_stopped (LoketTestServer *server, const char *backup)
{
  g_autoptr(GArray) old = ticket_ids (server->db_path);
  g_autoptr(GArray) restored = NULL;
  g_autoptr(GArray) kept_ids = NULL;
  g_autoptr(GArray) backup_ids = ticket_ids (backup);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(LoketClient) kiosk = NULL;
  g_autofree char *verified = NULL;
  const char *kept;

  loket_test_server_stop (server);
  result = ctl_json_ok ("restore", "--backup", backup, "--db", server->db_path, NULL);
  kept = json_object_get_string_member (result, "kept");
  g_assert_true (g_str_has_prefix (kept, server->db_path));
  g_assert_nonnull (strstr (kept, ".before-restore-"));
  kept_ids = ticket_ids (kept);
  g_assert_cmpuint (kept_ids->len, ==, old->len);
  verified = loket_test_server_ctl (server, "super", "verify", "--db", kept, NULL);
  restored = ticket_ids (server->db_path);
  g_assert_cmpuint (restored->len, ==, backup_ids->len);
  g_assert_cmpuint (restored->len, <, old->len);

  loket_test_server_start (server);
  kiosk = loket_test_server_client (server, "kiosk2");
  reply = loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id"), ==,
                   (gint64) backup_ids->len + 1);
  loket_test_server_stop (server);
  g_clear_pointer (&verified, g_free);
  verified = loket_test_server_ctl (server, "super", "verify", "--db", server->db_path, NULL);
}

static void
test_backup_and_restore (void)
{
  g_autoptr(LoketTestServer) server = loket_test_server_new (NULL);
  g_autofree char *backup = g_build_filename (server->dir, "backup.db", NULL);

  loket_test_server_start (server);
  test_backup_while_serving (server, backup);
  /* More tickets after the backup, so that the restore visibly goes back. */
  {
    g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk2");
    g_autoptr(JsonObject) reply = loket_test_request (kiosk, "ISSUE", "service", "kk", NULL);
  }
  test_refused_while_running (server, backup);
  test_restore_when_stopped (server, backup);
}

/* ---- offline cases ----------------------------------------------------- */

/* A small database with @n events of @payload_bytes each. */
static void
make_database (const char *path, guint n, gsize payload_bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open (path, &error);
  g_autofree char *filler = g_strnfill (payload_bytes, 'x');

  g_assert_no_error (error);
  g_assert_true (loket_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) payload = json_object_new ();

      json_object_set_string_member (payload, "note", filler);
      g_assert_cmpint (loket_store_append_event (store, 1000 + i, "tester", "dev1", "NOTE", 0, payload,
                                                 &error), >, 0);
    }
  g_assert_true (loket_store_commit (store, &error));
}

static char *
file_contents (const char *path)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, length);
}

/* An edited event, a file that is no database, a missing one: each
 * refused by name, and the database to be replaced left as it was. */
static void
test_damaged_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("loket-backup-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "loket.db", NULL);
  g_autofree char *edited = g_build_filename (dir, "edited.db", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *sum = NULL;
  g_autofree char *sum_after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  sqlite3 *sql;

  make_database (db, 20, 100);
  make_database (edited, 20, 100);
  g_assert_cmpint (sqlite3_open (edited, &sql), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (sql, "DROP TRIGGER events_append_only_update;"
                                      "UPDATE events SET actor = 'someone else' WHERE seq = 7;"
                                      "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (sql);
  g_assert_true (g_file_set_contents (junk, "a shopping list, not a database\n", -1, NULL));
  sum = file_contents (db);

  g_assert_cmpint (ctl (&out, &err, "restore", "--backup", edited, "--db", db, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "event 7"));
  g_assert_nonnull (strstr (err, edited));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, &err, "restore", "--backup", junk, "--db", db, NULL), ==, 1);
  g_assert_nonnull (strstr (err, junk));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, &err, "backup", "--db", missing, "--output", junk, NULL), ==, 1);
  g_assert_nonnull (strstr (err, missing));
  sum_after = file_contents (db);
  g_assert_cmpstr (sum, ==, sum_after);
  assert_dir_holds (dir, "loket.db", "loket.db.lock", "edited.db", "junk.db", NULL);
  loket_test_remove_tree (dir);
}

/* --output-dir names each copy by its time and keeps the newest --keep. */
static void
test_dated_and_kept (void)
{
  g_autofree char *dir = g_dir_make_tmp ("loket-backup-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "loket.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  const char *old[] = { "loket-20200101-230000.db", "loket-20200102-230000.db", "loket-20200103-230000.db" };
  g_autofree char *other = g_build_filename (backups, "loket-notes.db", NULL);
  g_autoptr(JsonObject) result = NULL;
  JsonArray *removed;

  make_database (db, 5, 10);
  g_assert_cmpint (g_mkdir (backups, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    {
      g_autofree char *path = g_build_filename (backups, old[i], NULL);

      g_assert_true (g_file_set_contents (path, "old", -1, NULL));
    }
  g_assert_true (g_file_set_contents (other, "not ours", -1, NULL));
  result = ctl_json_ok ("backup", "--db", db, "--output-dir", backups, "--keep", "2", NULL);
  removed = json_object_get_array_member (result, "removed");
  g_assert_cmpuint (json_array_get_length (removed), ==, 2);
  g_assert_true (g_str_has_suffix (json_array_get_string_element (removed, 0), old[0]));
  g_assert_true (g_str_has_suffix (json_array_get_string_element (removed, 1), old[1]));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "output"), backups));
  g_assert_cmpint (json_object_get_int_member (result, "events"), ==, 5);
  loket_test_remove_tree (dir);
}

static gboolean
run_quietly (const char * const *argv)
{
  int status = 0;

  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* A backup that does not fit: an error naming the disk's state, no
 * partial file, and the older backup under the same name untouched. */
static void
test_disk_full (void)
{
  g_autofree char *dir = g_dir_make_tmp ("loket-backup-XXXXXX", NULL);
  g_autofree char *small = g_build_filename (dir, "small", NULL);
  g_autofree char *tiny_db = g_build_filename (dir, "tiny.db", NULL);
  g_autofree char *big_db = g_build_filename (dir, "big.db", NULL);
  g_autofree char *output = g_build_filename (small, "loket.db", NULL);
  const char *mount[] = { "mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", small, NULL };
  const char *umount[] = { "umount", small, NULL };
  g_autoptr(JsonObject) first = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *sum_after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (g_mkdir (small, 0700), ==, 0);
  if (geteuid () != 0 || !run_quietly (mount))
    {
      loket_test_missing ("needs root and a tmpfs mount");
      loket_test_remove_tree (dir);
      return;
    }
  make_database (tiny_db, 5, 10);
  make_database (big_db, 400, 4000);
  g_clear_pointer (&first, json_object_unref);
  first = ctl_json_ok ("backup", "--db", tiny_db, "--output", output, NULL);
  sum = file_contents (output);

  g_assert_cmpint (ctl (&out, &err, "backup", "--db", big_db, "--output", output, NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "full"));
  g_assert_nonnull (strstr (err, output));
  sum_after = file_contents (output);
  g_assert_cmpstr (sum, ==, sum_after);
  assert_dir_holds (small, "loket.db", NULL);
  g_assert_true (run_quietly (umount));
  loket_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup/while-serving-then-restore", test_backup_and_restore);
  g_test_add_func ("/backup/damaged-refused", test_damaged_refused);
  g_test_add_func ("/backup/dated-and-kept", test_dated_and_kept);
  g_test_add_func ("/backup/disk-full", test_disk_full);
  return g_test_run ();
}
