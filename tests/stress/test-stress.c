/* test-stress.c — loketd when the machine misbehaves: frozen, out of
 * disk, across midnight and a clock that jumps, and an edited record.
 *
 * The promise under test: no acknowledged ticket is ever lost, no number
 * is given twice, a request retried after a lost reply is applied once,
 * a refusal is clear and leaves nothing half-written, and service resumes
 * when the trouble ends.  Each case starts its own real loketd.
 *
 * Cases that need root (a small tmpfs for the full disk) or a tool
 * (libfaketime) fail with the reason when they cannot run
 * (loket_test_missing); .ci/run runs as root on Debian 12 with both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-store.h"
#include "loket-test-server.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include "loket-sqlite.h"
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define FAKETIME_LIB "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"

/* An ISSUE under @req_id (NULL: a fresh one). */
static JsonObject *
issue_with (LoketClient *client, const char *req_id, GError **error)
{
  g_autoptr(JsonObject) body = loket_test_body ("service", "ktp", NULL);
  g_autofree char *fresh = req_id ? NULL : loket_client_new_req_id (client);

  return loket_client_request_with_id (client, "ISSUE", body, req_id ? req_id : fresh, error);
}

static const char *
number_of (JsonObject *reply)
{
  return json_object_get_string_member (json_object_get_object_member (reply, "ticket"), "number");
}

/* ---- frozen ------------------------------------------------------------ */

/* SIGSTOP: the kiosk's deadline fires, the kiosk shows no number.  After
 * SIGCONT the same request (same id) is answered from the record: one
 * ticket, the number the frozen server had given. */
static void
test_sigstop (void)
{
  LoketTestServer *server = loket_test_server_new (NULL);
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *req_id = NULL;

  loket_test_server_start (server);
  kiosk = loket_test_server_client (server, "kiosk1");
  req_id = loket_client_new_req_id (kiosk);
  loket_client_set_timeout (kiosk, 1500, 500);
  loket_test_server_signal (server, SIGSTOP);
  first = issue_with (kiosk, req_id, &error);
  g_assert_null (first);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT);
  g_clear_error (&error);

  loket_test_server_signal (server, SIGCONT);
  loket_client_set_timeout (kiosk, 20000, 1000);
  again = issue_with (kiosk, req_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number_of (again), ==, "A-001");
  /* Every copy the client sent while the server slept was one request. */
  g_assert_cmpint (loket_test_server_count (server, "SELECT COUNT (*) FROM tickets"), ==, 1);
  loket_test_server_stop (server);
  loket_test_server_free (server);
}

/* ---- out of disk ------------------------------------------------------- */

/* Fills @dir's file system but for @leave bytes; returns the filler. */
static char *
fill_disk (const char *dir, guint64 leave)
{
  struct statvfs fs;
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  guint64 free_bytes;
  int fd;

  g_assert_cmpint (statvfs (dir, &fs), ==, 0);
  free_bytes = (guint64) fs.f_bavail * fs.f_frsize;
  fd = open (filler, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  if (free_bytes > leave)
    g_assert_cmpint (posix_fallocate (fd, 0, (off_t) (free_bytes - leave)), ==, 0);
  close (fd);
  return g_steal_pointer (&filler);
}

/* The database's disk fills up in the middle of the morning: tickets are
 * refused with a clear error, nothing half-written, the office keeps
 * answering; once space returns, tickets are issued again, numbered on
 * from the last one given. */
static void
test_full_disk (void)
{
  LoketTestServer *server;
  g_autofree char *mnt = NULL;
  g_autofree char *filler = NULL;
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *expected = NULL;
  guint acked = 0;

  if (geteuid () != 0)
    {
      loket_test_missing ("a small tmpfs for the database needs root");
      return;
    }
  server = loket_test_server_new (NULL);
  mnt = g_build_filename (server->dir, "disk", NULL);
  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  if (mount ("tmpfs", mnt, "tmpfs", 0, "size=4m") != 0)
    {
      loket_test_missing ("cannot mount a tmpfs here");
      loket_test_server_free (server);
      return;
    }
  g_free (server->db_path);
  server->db_path = g_build_filename (mnt, "loket.db", NULL);
  /* The refused transaction is logged as a warning, as it should be; the
   * tests' fatal-warnings would turn that into an abort. */
  loket_test_server_setenv (server, "G_DEBUG", "");
  loket_test_server_start (server);
  kiosk = loket_test_server_client (server, "kiosk1");
  filler = fill_disk (mnt, 96 * 1024);

  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(JsonObject) reply = issue_with (kiosk, NULL, &error);

      if (reply == NULL)
        break;
      acked++;
    }
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
  g_test_message ("%u tickets before the disk was full: %s", acked, error->message);
  g_clear_error (&error);
  /* Still answering, and what it answers is whole. */
  status = loket_client_request (kiosk, "STATUS", NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (filler), ==, 0);
  after = issue_with (kiosk, NULL, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("A-%03u", acked + 1);
  g_assert_cmpstr (number_of (after), ==, expected);
  loket_test_server_stop (server);
  g_assert_cmpint (loket_test_server_count (server, "SELECT COUNT (*) FROM tickets"), ==, acked + 1);
  {
    g_autoptr(LoketStore) store = loket_store_open_readonly (server->db_path, &error);
    LoketVerifySummary summary;

    g_assert_no_error (error);
    g_assert_true (loket_store_verify_all (store, &summary, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (umount2 (mnt, MNT_DETACH), ==, 0);
  loket_test_server_free (server);
}

/* ---- midnight and clock jumps ------------------------------------------ */

/* libfaketime's offset that makes "now" @seconds before the next
 * midnight in Asia/Jakarta. */
static char *
faketime_offset_before_midnight (gint seconds)
{
  g_autoptr(GTimeZone) jakarta = g_time_zone_new_identifier ("Asia/Jakarta");
  g_autoptr(GDateTime) now = g_date_time_new_now (jakarta);
  g_autoptr(GDateTime) today = g_date_time_new (jakarta, g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) midnight = g_date_time_add_days (today, 1);
  gint64 offset = g_date_time_difference (midnight, now) / G_USEC_PER_SEC - seconds;

  return g_strdup_printf ("FAKETIME=%+" G_GINT64_FORMAT, offset);
}

/* Runs loketctl --json on the same faked clock as loketd: a client on
 * another clock would see its requests expire (the deadline is absolute
 * time, docs/protocol.md). */
static JsonObject *
ctl_json (LoketTestServer *server, const char *command, const char *arg)
{
  const char *argv[] = { g_getenv ("LOKETCTL"), "--server", server->listen, "--keys", server->keys_dir,
                         "--as", "kiosk1", "--json", command, arg, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  for (guint i = 0; server->env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (server->env[i], "=", 2);

      envp = g_environ_setenv (envp, pair[0], pair[1], TRUE);
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, 0, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("loketctl %s: %s", command, err);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  last = g_strdup (lines[g_strv_length (lines) - 1]);
  return loket_json_from_string (last, -1, NULL);
}

static char *
number_issued (LoketTestServer *server)
{
  g_autoptr(JsonObject) ticket = ctl_json (server, "issue", "ktp");

  g_assert_nonnull (ticket);
  return g_strdup (json_object_get_string_member (ticket, "number"));
}

static char *
server_day (LoketTestServer *server)
{
  g_autoptr(JsonObject) status = ctl_json (server, "status", NULL);

  g_assert_nonnull (status);
  return g_strdup (json_object_get_string_member (status, "service_day"));
}

/* Ten seconds before midnight in Jakarta (libfaketime): numbering
 * restarts once at the new service day; a clock then set back across
 * midnight goes back to the earlier day's numbering, not a third start. */
static void
test_midnight (void)
{
  LoketTestServer *server;
  g_autofree char *day_before = NULL;
  g_autofree char *day_after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *back = NULL;
  g_autofree char *offset = NULL;

  if (!g_file_test (FAKETIME_LIB, G_FILE_TEST_EXISTS))
    {
      loket_test_missing ("libfaketime is not installed (package faketime)");
      return;
    }
  server = loket_test_server_new (NULL);
  offset = faketime_offset_before_midnight (10);
  server->env = g_strsplit ("LD_PRELOAD=" FAKETIME_LIB "|FAKETIME_NO_CACHE=1", "|", -1);
  server->env = g_environ_setenv (server->env, "FAKETIME", offset + strlen ("FAKETIME="), TRUE);
  /* libfaketime comes before the sanitizer's runtime under ASan builds. */
  loket_test_server_allow_preload (server);
  loket_test_server_start (server);
  day_before = server_day (server);
  before = number_issued (server);
  g_assert_cmpstr (before, ==, "A-001");
  /* Wait for the server's midnight, asking it rather than sleeping. */
  for (gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;; )
    {
      g_free (day_after);
      day_after = server_day (server);
      if (g_strcmp0 (day_after, day_before) != 0 || g_get_monotonic_time () > deadline)
        break;
      g_usleep (200 * 1000);
    }
  g_assert_cmpstr (day_after, !=, day_before);
  first = number_issued (server);
  second = number_issued (server);
  g_assert_cmpstr (first, ==, "A-001");
  g_assert_cmpstr (second, ==, "A-002");
  loket_test_server_stop (server);

  /* Set back to five seconds before that midnight. */
  g_free (offset);
  offset = faketime_offset_before_midnight (5);
  server->env = g_environ_setenv (server->env, "FAKETIME", offset + strlen ("FAKETIME="), TRUE);
  loket_test_server_start (server);
  back = number_issued (server);
  g_assert_cmpstr (back, ==, "A-002");
  loket_test_server_stop (server);
  loket_test_server_free (server);
}

/* ---- an edited record -------------------------------------------------- */

/* Someone with the database file edits a ticket's event (the append-only
 * trigger dropped first): loketctl verify names the event. */
static void
test_edited_record (void)
{
  LoketTestServer *server = loket_test_server_new (NULL);
  g_autoptr(LoketClient) kiosk = NULL;
  sqlite3 *db = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { g_getenv ("LOKETCTL"), "verify", "--db", server->db_path, NULL };

  loket_test_server_start (server);
  kiosk = loket_test_server_client (server, "kiosk1");
  for (guint i = 0; i < 5; i++)
    json_object_unref (issue_with (kiosk, NULL, NULL));
  loket_test_server_stop (server);

  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER events_append_only_update;"
                                     "UPDATE events SET payload = replace (payload, 'A-003', 'A-099')"
                                     " WHERE seq = 3;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, NULL));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "3"));
  g_test_message ("verify: %s", err);
  server->skip_verify = TRUE;  /* edited on purpose */
  loket_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stress/sigstop", test_sigstop);
  g_test_add_func ("/stress/full-disk", test_full_disk);
  g_test_add_func ("/stress/midnight", test_midnight);
  g_test_add_func ("/stress/edited-record", test_edited_record);
  return g_test_run ();
}
