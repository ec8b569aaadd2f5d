/* loket-store-backup.c — copies of the office's database, taken while
 * loketd runs, checked, and put back.
 *
 * A backup pins one snapshot with a read transaction on a read-only
 * connection and copies it with SQLite's online backup API in chunks of
 * pages.  In WAL mode a reader never blocks loketd: its commits go on into
 * the write-ahead log while the copy is made, and the copy is the database
 * as it was at one commit.  The copy is written under a temporary name next
 * to its destination, switched to a rollback journal (one self-contained
 * file), checked (PRAGMA integrity_check and the event log's hash chain,
 * as `loketctl verify` does) and only then renamed into place, so a failure
 * — a full disk — leaves nothing half-written.
 *
 * A restore takes loketd's lock (DB.lock, see loket_store_lock) so that it
 * cannot run under a live server, nor a server start under it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-store"

#include "loket-store.h"
#include "loket-store-private.h"
#include "loket-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Pages copied per backup step (512 KiB at SQLite's 4 KiB pages): small
 * enough that, on a database not in WAL mode, the writer waits at most a
 * few milliseconds for each step; in WAL mode it does not wait at all. */
#define STEP_PAGES 128

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

/* ---- the lock ---------------------------------------------------------- */

struct _LoketStoreLock
{
  int   fd;
  char *path;
};

void
loket_store_lock_free (LoketStoreLock *lock)
{
  if (lock == NULL)
    return;
  /* Closing releases the flock; the file stays (removing a lock file
   * races with the next process that opens it). */
  close (lock->fd);
  g_free (lock->path);
  g_free (lock);
}

/* "loketd (pid 4242)", from what the holder wrote into the file. */
static char *
lock_holder (int fd)
{
  char text[64] = { 0 };
  ssize_t n = pread (fd, text, sizeof text - 1, 0);
  g_auto(GStrv) words = NULL;

  if (n <= 0)
    return g_strdup ("another process");
  words = g_strsplit (g_strstrip (text), " ", 2);
  return g_strdup_printf ("%s (pid %s)", words[1] ? words[1] : "a process", words[0]);
}

LoketStoreLock *
loket_store_lock (const char *db_path,
                  GError    **error)
{
  g_autofree char *path = g_strconcat (db_path, ".lock", NULL);
  g_autofree char *who = NULL;
  LoketStoreLock *lock;
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

  /* A lock file another user created: reading is enough to lock it. */
  if (fd < 0 && errno == EACCES)
    fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot open the lock file: %s",
                   path, g_strerror (errno));
      return NULL;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      g_autofree char *holder = lock_holder (fd);

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                     "%s is in use: %s holds %s; stop it first", db_path, holder, path);
      else
        g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot lock: %s", path,
                     g_strerror (saved));
      return NULL;
    }
  /* Who holds it, for the message above; best effort. */
  who = g_strdup_printf ("%d %s\n", (int) getpid (), program_invocation_short_name);
  if (ftruncate (fd, 0) == 0 && pwrite (fd, who, strlen (who), 0) < 0)
    g_debug ("%s: %s", path, g_strerror (errno));
  lock = g_new0 (LoketStoreLock, 1);
  lock->fd = fd;
  lock->path = g_steal_pointer (&path);
  return lock;
}

/* ---- checking a file --------------------------------------------------- */

static gboolean
sqlite_failed (GError **error, sqlite3 *db, const char *path, const char *what)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: %s: %s", path, what,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

static sqlite3 *
open_db (const char *path, int flags, GError **error)
{
  g_autoptr(sqlite3) db = NULL;

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    {
      sqlite_failed (error, db, path, "cannot open");
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return g_steal_pointer (&db);
}

/* PRAGMA integrity_check says "ok", or lists what is wrong. */
static gboolean
integrity_check (sqlite3 *db, const char *path, guint *version, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check (20)", -1, &stmt, NULL) != SQLITE_OK)
    return sqlite_failed (error, db, path, "checking integrity");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
      g_string_append_printf (problems, "%s%s", problems->len ? "; " : "",
                              (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    return sqlite_failed (error, db, path, "checking integrity");
  if (problems->len > 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: the database is damaged: %s",
                   path, problems->str);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return sqlite_failed (error, db, path, "reading the schema version");
  *version = (guint) sqlite3_column_int (stmt, 0);
  return TRUE;
}

gboolean
loket_store_check_file (const char      *path,
                        LoketBackupInfo *info,
                        GError         **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(LoketStore) store = NULL;
  GStatBuf st;

  memset (info, 0, sizeof *info);
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "%s: no such database file", path);
      return FALSE;
    }
  info->bytes = st.st_size;
  db = open_db (path, SQLITE_OPEN_READONLY, error);
  if (db == NULL || !integrity_check (db, path, &info->schema_version, error))
    return FALSE;
  /* The chain is walked by the same function as `loketctl verify`. */
  store = loket_store_open_readonly_any_version (path, error);
  if (store == NULL)
    return FALSE;
  if (!loket_store_verify (store, &info->events, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

/* ---- copying ----------------------------------------------------------- */

static void
remove_temp (const char *path)
{
  static const char * const suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

/* Opens @path read-only and starts a read transaction on it: from here
 * on every page the backup reads is from this one snapshot, and no commit
 * of loketd's makes the backup start over. */
static sqlite3 *
open_snapshot (const char *path, GError **error)
{
  g_autoptr(sqlite3) db = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "%s: no such database file", path);
      return NULL;
    }
  db = open_db (path, SQLITE_OPEN_READONLY, error);
  if (db == NULL)
    return NULL;
  if (sqlite3_exec (db, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite_failed (error, db, path, "cannot read");
      return NULL;
    }
  return g_steal_pointer (&db);
}

/* Copies every page of @src into @dest, STEP_PAGES at a time. */
static gboolean
copy_pages (sqlite3 *src, sqlite3 *dest, const char *dest_path, LoketBackupInfo *info,
            GError **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (dest, "main", src, "main");
  int rc;

  if (backup == NULL)
    return sqlite_failed (error, dest, dest_path, "cannot start the copy");
  do
    {
      rc = sqlite3_backup_step (backup, STEP_PAGES);
      info->steps++;
    }
  while (rc == SQLITE_OK);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    return sqlite_failed (error, dest, dest_path, "writing the copy");
  /* One self-contained file: no -wal beside it to lose when it is moved. */
  if (sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    return sqlite_failed (error, dest, dest_path, "writing the copy");
  return TRUE;
}

/* A checked copy of @src_path in a new temporary file beside @dest_path;
 * returns its name, or NULL having removed it. */
static char *
copy_to_temp (const char *src_path, const char *dest_path, LoketBackupInfo *info,
              GError **error)
{
  g_autofree char *temp = g_strconcat (dest_path, ".partial-XXXXXX", NULL);
  g_autoptr(sqlite3) src = open_snapshot (src_path, error);
  g_autoptr(sqlite3) dest = NULL;
  gint64 start = g_get_monotonic_time ();
  guint steps = 0;
  int fd;

  if (src == NULL)
    return NULL;
  /* 0600: a copy holds the clerks' PIN hashes. */
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot create: %s", temp,
                   g_strerror (errno));
      return NULL;
    }
  close (fd);
  memset (info, 0, sizeof *info);
  dest = open_db (temp, SQLITE_OPEN_READWRITE, error);
  if (dest == NULL || !copy_pages (src, dest, dest_path, info, error))
    {
      g_clear_pointer (&dest, sqlite3_close);
      remove_temp (temp);
      return NULL;
    }
  g_clear_pointer (&dest, sqlite3_close);
  g_clear_pointer (&src, sqlite3_close);
  steps = info->steps;
  if (!loket_store_check_file (temp, info, error))
    {
      g_prefix_error (error, "the copy of %s is not sound, nothing written: ", src_path);
      remove_temp (temp);
      return NULL;
    }
  info->steps = steps;
  info->usec = g_get_monotonic_time () - start;
  return g_steal_pointer (&temp);
}

static gboolean
sync_directory (const char *file, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (file);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot sync: %s", dir,
                   g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Renames the checked @temp to @path (atomic within a file system) and
 * makes the new name durable; removes @temp on failure. */
static gboolean
install (const char *temp, const char *path, GError **error)
{
  if (g_rename (temp, path) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot rename to %s: %s",
                   temp, path, g_strerror (errno));
      remove_temp (temp);
      return FALSE;
    }
  return sync_directory (path, error);
}

gboolean
loket_store_backup (const char      *db_path,
                    const char      *output,
                    LoketBackupInfo *info,
                    GError         **error)
{
  g_autofree char *temp = copy_to_temp (db_path, output, info, error);

  if (temp == NULL)
    {
      g_prefix_error (error, "backup of %s to %s failed: ", db_path, output);
      return FALSE;
    }
  return install (temp, output, error);
}

/* ---- restore ----------------------------------------------------------- */

/* Run as root (the operator), the restored file gets the owner and mode
 * of the one it replaces — or the directory's owner — so that loketd,
 * running as its own user, can still write it. */
static gboolean
take_ownership (const char *temp, const char *db_path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  gboolean replacing = g_file_test (db_path, G_FILE_TEST_EXISTS);
  GStatBuf st;

  if (geteuid () != 0)
    return TRUE;
  if (g_stat (replacing ? db_path : dir, &st) != 0 ||
      chown (temp, st.st_uid, st.st_gid) != 0 ||
      (replacing && g_chmod (temp, st.st_mode & 0777) != 0))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot give it the owner of %s: %s",
                   temp, replacing ? db_path : dir, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
move_aside (const char *from, const char *to, GError **error)
{
  if (g_rename (from, to) == 0 || errno == ENOENT)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot rename to %s: %s",
               from, to, g_strerror (errno));
  return FALSE;
}

/* Keeps the database being replaced under a new name: a hard link to the
 * file (so that @db_path is never missing: loketd would create an empty
 * one), then its -wal and -shm moved along (a stale -wal next to the
 * restored file would be replayed into it).  On failure, all undone. */
static gboolean
keep_replaced (const char *db_path, char **kept, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("%s.before-restore-%s", db_path, stamp);
  static const char * const sidecars[] = { "-wal", "-shm", "-journal" };
  guint moved = 0;

  *kept = NULL;
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (link (db_path, name) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot keep it as %s: %s",
                   db_path, name, g_strerror (errno));
      return FALSE;
    }
  for (; moved < G_N_ELEMENTS (sidecars); moved++)
    {
      g_autofree char *from = g_strconcat (db_path, sidecars[moved], NULL);
      g_autofree char *to = g_strconcat (name, sidecars[moved], NULL);

      if (!move_aside (from, to, error))
        break;
    }
  if (moved < G_N_ELEMENTS (sidecars))
    {
      while (moved-- > 0)
        {
          g_autofree char *from = g_strconcat (name, sidecars[moved], NULL);
          g_autofree char *to = g_strconcat (db_path, sidecars[moved], NULL);

          move_aside (from, to, NULL);
        }
      g_unlink (name);
      return FALSE;
    }
  *kept = g_steal_pointer (&name);
  return TRUE;
}

gboolean
loket_store_restore (const char      *backup,
                     const char      *db_path,
                     char           **kept,
                     LoketBackupInfo *info,
                     GError         **error)
{
  g_autoptr(LoketStoreLock) lock = NULL;
  g_autofree char *temp = NULL;

  *kept = NULL;
  lock = loket_store_lock (db_path, error);
  if (lock == NULL || !loket_store_check_file (backup, info, error))
    {
      g_prefix_error (error, "refusing to restore: ");
      return FALSE;
    }
  temp = copy_to_temp (backup, db_path, info, error);
  if (temp == NULL)
    return FALSE;
  if (!take_ownership (temp, db_path, error) || !keep_replaced (db_path, kept, error))
    {
      remove_temp (temp);
      return FALSE;
    }
  return install (temp, db_path, error);
}
