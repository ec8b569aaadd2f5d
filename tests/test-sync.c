/* test-sync.c — loket-sync against a real PostgreSQL and a real loketd.
 *
 * Each case starts a throw-away cluster (loket-test-postgres.h) and a
 * loketd with some traffic (a clerk with a name, tickets issued, called,
 * served), runs the real loket-sync binary, and compares what the centre
 * holds with the office's database: the events (count, each seq once, the
 * last hash), the chain as the centre checks it (loket_chain_check) and
 * the tickets projection against the office's `tickets`.  The faults: the
 * centre stopped and started again while the sync runs, the sync killed
 * -9 inside a batch's transaction, the network between the sync and the
 * centre cut in a network namespace mid-stream, and histories that must be refused (a
 * rewritten copy of the office's log, another office's database under the
 * same id).  Skipped only where PostgreSQL's server is not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-netns.h"
#include "loket-test-postgres.h"
#include "loket-test-server.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sqlite3.h>
#include <string.h>

#define EXIT_REFUSED 65

typedef struct {
  LoketTestPostgres *pg;
  PGconn            *conn;
  LoketTestServer   *server;
  LoketTestNetns    *ns;      /* the centre behind a link (/sync/network-cut) */
  gboolean           logged_in;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *why = NULL;

  f->pg = loket_test_postgres_new (&why);
  if (f->pg == NULL)
    {
      g_test_skip (why);
      return;
    }
  loket_test_postgres_start (f->pg);
  f->conn = loket_test_postgres_connect (f->pg);
  f->server = loket_test_server_new (NULL);
  loket_test_server_start (f->server);
}

/* The centre in a network namespace of its own, reached over a veth pair
 * the test can cut; skipped where no namespace can be made (not root). */
static void
fixture_set_up_netns (Fixture *f, gconstpointer data)
{
  g_autofree char *why = NULL;

  f->pg = loket_test_postgres_new (&why);
  if (f->pg == NULL)
    {
      g_test_skip (why);
      return;
    }
  f->ns = loket_test_netns_new (&why);
  if (f->ns == NULL)
    {
      g_test_skip (why);
      g_clear_pointer (&f->pg, loket_test_postgres_free);
      return;
    }
  loket_test_postgres_listen_in (f->pg, f->ns->name, f->ns->inner_addr);
  loket_test_postgres_start (f->pg);
  f->conn = loket_test_postgres_connect (f->pg);
  f->server = loket_test_server_new (NULL);
  loket_test_server_start (f->server);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->conn, PQfinish);
  if (f->server != NULL)
    {
      if (f->server->running)
        loket_test_server_stop (f->server);
      loket_test_server_free (f->server);
    }
  g_clear_pointer (&f->pg, loket_test_postgres_free);
  g_clear_pointer (&f->ns, loket_test_netns_free);
}

/* @n citizens issued, called, served and finished at counter 1, where
 * the clerk Siti Rahma (id siti) works: her name and id are in the log. */
static void
traffic (LoketTestServer *server,
         guint            n)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (server, "counter1");

  if (loket_test_server_count (server, "SELECT COUNT (*) FROM clerks WHERE id = 'siti'") == 0)
    {
      loket_test_server_add_staff (server, "siti", "Siti Rahma", "482913", "clerk");
      json_object_unref (loket_test_request (clerk, "LOGIN", "counter", "1", "clerk", "siti",
                                             "pin", "482913", NULL));
    }
  for (guint i = 0; i < n; i++)
    {
      json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL));
      json_object_unref (loket_test_request (clerk, "CALL", "counter", "1", NULL));
      json_object_unref (loket_test_request (clerk, "START", "counter", "1", NULL));
      json_object_unref (loket_test_request (clerk, "FINISH", "counter", "1", NULL));
    }
  /* One left waiting: the projection has more than one state. */
  json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL));
}

/* A sync left behind by a failed test dies with it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A loket-sync process shipping to @central; @once: ship what there is
 * and exit; @log: its messages into that file (else the test's); @tell:
 * the loketd it reports to as "sync1", warning after a second without
 * the centre (NULL: none). */
static GSubprocess *
spawn_sync_to (const char      *central,
               const char      *db,
               const char      *office,
               const char      *batch_size,
               gboolean         once,
               const char      *stall_at,
               const char      *log,
               LoketTestServer *tell)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *sync;

  /* A refusal is a warning: loud in the journal, not an abort here. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (stall_at != NULL)
    g_subprocess_launcher_setenv (launcher, "LOKET_SYNC_TEST_STALL_AT_BATCH", stall_at, TRUE);
  if (log != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, log);
  if (tell != NULL)
    sync = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LOKET_SYNC"),
                                        "--database", db, "--office", office, "--central", central,
                                        "--batch-size", batch_size, "--interval", "50", "--retry-max", "1",
                                        "--server", tell->listen, "--keys", tell->keys_dir, "--as", "sync1",
                                        "--unreachable-alert", "1", once ? "--once" : NULL, NULL);
  else
    sync = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LOKET_SYNC"),
                                        "--database", db, "--office", office, "--central", central,
                                        "--batch-size", batch_size, "--interval", "50",
                                        "--retry-max", "1", once ? "--once" : NULL, NULL);
  g_assert_no_error (error);
  return sync;
}

static GSubprocess *
spawn_sync (LoketTestPostgres *pg,
            const char        *db,
            const char        *office,
            const char        *batch_size,
            gboolean           once,
            const char        *stall_at)
{
  return spawn_sync_to (pg->conninfo, db, office, batch_size, once, stall_at, NULL, NULL);
}

/* Runs loket-sync --once to its end; its exit status. */
static int
run_sync (LoketTestPostgres *pg,
          const char        *db,
          const char        *office)
{
  g_autoptr(GSubprocess) sync = spawn_sync (pg, db, office, "7", TRUE, NULL);
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sync));
  return g_subprocess_get_exit_status (sync);
}

/* The same with its settings in a key file, as the unit runs it,
 * reporting to @server's loketd as "sync1". */
static int
run_sync_config (LoketTestPostgres *pg,
                 LoketTestServer   *server,
                 const char        *office)
{
  g_autofree char *path = g_build_filename (server->dir, "sync.ini", NULL);
  g_autofree char *text = g_strdup_printf ("[Sync]\nDatabase=%s\nOffice=%s\nCentral=%s\n"
                                           "BatchSize=3\nPseudonymKey=rahasia\n"
                                           "Server=%s\nKeys=%s\nName=sync1\n",
                                           server->db_path, office, pg->conninfo,
                                           server->listen, server->keys_dir);
  const char *argv[] = { g_getenv ("LOKET_SYNC"), "--config", path, "--once", NULL };
  /* A refusal is a warning, as in spawn_sync_to (). */
  g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "G_DEBUG");
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* What the office's supervisors are shown of the region sync: its part
 * "region" among a SNAPSHOT's device reports, as "state: detail", or
 * NULL while it has not reported. */
static char *
sync_alert (LoketTestServer *server)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) snapshot = loket_test_request (super, "SNAPSHOT", NULL);
  JsonArray *devices = json_object_get_array_member (snapshot, "devices");

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);

      if (g_strcmp0 (json_object_get_string_member (d, "device"), "sync1") == 0 &&
          g_strcmp0 (json_object_get_string_member (d, "component"), "region") == 0)
        return g_strdup_printf ("%s: %s", json_object_get_string_member (d, "state"),
                                json_object_get_string_member_with_default (d, "detail", ""));
    }
  return NULL;
}

/* Waits (a deadline, not a sleep) until the sync's alert starts with @what. */
static void
wait_for_sync_alert (LoketTestServer *server,
                     const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *alert = sync_alert (server);

      if (alert != NULL && g_str_has_prefix (alert, what))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
}

static char *
centre_value (PGconn     *conn,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static char *
centre_value (PGconn     *conn,
              const char *format,
              ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return loket_test_postgres_value (conn, sql);
}

static gint64
centre_seq (PGconn     *conn,
            const char *office)
{
  g_autofree char *exists = centre_value (conn, "SELECT to_regclass ('offices') IS NOT NULL");
  g_autofree char *seq = NULL;

  /* Before the sync first connects there is no schema yet. */
  if (g_strcmp0 (exists, "t") == 0)
    seq = centre_value (conn, "SELECT last_seq FROM offices WHERE id = '%s'", office);
  return seq ? g_ascii_strtoll (seq, NULL, 10) : 0;
}

/* Waits (a deadline, not a sleep) until the centre holds event @seq. */
static void
wait_for_centre (Fixture    *f,
                 const char *office,
                 gint64      seq)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (centre_seq (f->conn, office) < seq)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
}

static LoketEventRow *
office_last_event (LoketTestServer *server,
                   gint64          *count)
{
  g_autoptr(GPtrArray) events = loket_test_server_events (server);
  LoketEventRow *last = g_ptr_array_index (events, events->len - 1);

  *count = events->len;
  g_ptr_array_steal_index (events, events->len - 1);
  return last;
}

/* Waits until the centre holds the office's log as it stands now. */
static void
wait_for_office_log (Fixture    *f,
                     const char *office)
{
  gint64 count = 0;
  g_autoptr(LoketEventRow) last = office_last_event (f->server, &count);

  wait_for_centre (f, office, last->seq);
}

/* SIGTERM: the sync stops, with status 0. */
static void
stop_sync (GSubprocess *sync)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (sync, SIGTERM);
  g_subprocess_wait_check (sync, NULL, &error);
  g_assert_no_error (error);
}

/* The office's tickets as one text, in the projection's terms. */
static char *
office_tickets (const char *db)
{
  g_autoptr(GString) text = g_string_new ("");
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle,
      "SELECT id || '|' || service || '|' || state || '|' || issued_at || '|' || called_at"
      " || '|' || started_at || '|' || finished_at || '|' || outcome || '|' || number"
      " FROM tickets ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The centre holds exactly the office's log, each seq once, its chain
 * whole, and the projection equal to the office's tickets. */
static void
assert_centre_is_office (Fixture    *f,
                         const char *office)
{
  gint64 count = 0;
  g_autoptr(LoketEventRow) last = office_last_event (f->server, &count);
  g_autofree char *events = centre_value (f->conn, "SELECT count (*) FROM events WHERE office = '%s'", office);
  g_autofree char *seqs = centre_value (f->conn, "SELECT count (DISTINCT seq) FROM events WHERE office = '%s'", office);
  g_autofree char *hash = centre_value (f->conn, "SELECT hash FROM events WHERE office = '%s'"
                                        " ORDER BY seq DESC LIMIT 1", office);
  g_autofree char *problems = centre_value (f->conn, "SELECT count (*) FROM loket_chain_check ('%s')", office);
  g_autofree char *expected = office_tickets (f->server->db_path);
  g_autofree char *tickets = centre_value (f->conn,
      "SELECT string_agg (id || '|' || service || '|' || state || '|' || issued_at || '|' || called_at"
      " || '|' || started_at || '|' || finished_at || '|' || outcome || '|' || number, E'\\n' ORDER BY id)"
      " || E'\\n' FROM tickets WHERE office = '%s'", office);

  g_assert_cmpint (g_ascii_strtoll (events, NULL, 10), ==, count);
  g_assert_cmpint (g_ascii_strtoll (seqs, NULL, 10), ==, count);
  g_assert_cmpint (centre_seq (f->conn, office), ==, last->seq);
  g_assert_cmpstr (hash, ==, last->hash);
  g_assert_cmpstr (problems, ==, "0");
  g_assert_cmpstr (tickets, ==, expected);
}

/* (a) and (e): everything shipped in several batches while loketd runs;
 * no name or staff id at the centre; the central chain check finds an
 * event edited at the centre. */
static void
test_ship (Fixture *f, gconstpointer data)
{
  g_autofree char *names = NULL, *ids = NULL, *redacted = NULL, *kept = NULL;
  g_autofree char *problem = NULL;

  if (f->pg == NULL)
    return;
  traffic (f->server, 5);
  g_assert_cmpint (run_sync (f->pg, f->server->db_path, "kantor-a"), ==, 0);
  assert_centre_is_office (f, "kantor-a");
  traffic (f->server, 2);
  g_assert_cmpint (run_sync_config (f->pg, f->server, "kantor-a"), ==, 0);
  /* It told the supervisors all is well; that report, an event of the
   * office's, goes to the centre the next time. */
  {
    g_autofree char *alert = sync_alert (f->server);

    g_assert_cmpstr (alert, ==, "ok: ");
  }
  g_assert_cmpint (run_sync (f->pg, f->server->db_path, "kantor-a"), ==, 0);
  assert_centre_is_office (f, "kantor-a");

  names = centre_value (f->conn, "SELECT count (*) FROM events WHERE payload LIKE '%%Siti%%'");
  ids = centre_value (f->conn, "SELECT count (*) FROM events WHERE payload LIKE '%%\"siti\"%%'"
                      " OR actor = 'siti'");
  redacted = centre_value (f->conn, "SELECT count (*) FROM events WHERE redacted");
  kept = centre_value (f->conn, "SELECT count (*) FROM events WHERE NOT redacted");
  g_assert_cmpstr (names, ==, "0");
  g_assert_cmpstr (ids, ==, "0");
  g_assert_cmpint (g_ascii_strtoll (redacted, NULL, 10), >, 0);
  g_assert_cmpint (g_ascii_strtoll (kept, NULL, 10), >, 0);

  /* An unredacted event edited at the centre: its hash no longer fits. */
  PQclear (PQexec (f->conn, "UPDATE events SET payload = replace (payload, 'ktp', 'kk')"
                   " WHERE office = 'kantor-a' AND seq = (SELECT min (seq) FROM events"
                   " WHERE NOT redacted AND type = 'ISSUED')"));
  problem = centre_value (f->conn, "SELECT problem FROM loket_chain_check ('kantor-a')");
  g_assert_cmpstr (problem, ==, "its hash does not match its columns");
}

/* The plan of @sql names @index (and, with @absent, not that). */
static void
assert_plan (PGconn     *conn,
             const char *sql,
             const char *index,
             const char *absent)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN ", sql, NULL);
  PGresult *result = PQexec (conn, explain);
  g_autoptr(GString) plan = g_string_new ("");

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (result); i++)
    g_string_append_printf (plan, "%s\n", PQgetvalue (result, i, 0));
  PQclear (result);
  g_test_message ("%s\n%s", sql, plan->str);
  g_assert_nonnull (strstr (plan->str, index));
  if (absent != NULL)
    g_assert_null (strstr (plan->str, absent));
}

/* The indexes the ingest and the month report need, in the plans.  The
 * tables are small, so the planner is told not to scan them whole: what
 * is checked is that an index fits the query, and the month's pruning. */
static void
test_explain (Fixture *f, gconstpointer data)
{
  g_autofree char *month = NULL, *next = NULL, *partition = NULL;

  if (f->pg == NULL)
    return;
  traffic (f->server, 2);
  g_assert_cmpint (run_sync (f->pg, f->server->db_path, "kantor-a"), ==, 0);
  PQclear (PQexec (f->conn, "SELECT loket_events_partition (now () - interval '2 months')"));
  PQclear (PQexec (f->conn, "SET enable_seqscan = off"));
  month = centre_value (f->conn, "SELECT date_trunc ('month', now () AT TIME ZONE 'UTC')::date");
  next = centre_value (f->conn, "SELECT (date_trunc ('month', now () AT TIME ZONE 'UTC') + interval '1 month')::date");
  partition = centre_value (f->conn, "SELECT 'events_' || to_char (now () AT TIME ZONE 'UTC', 'YYYY_MM')");

  assert_plan (f->conn, "SELECT last_seq, last_hash FROM offices WHERE id = 'kantor-a' FOR UPDATE",
               "offices_pkey", NULL);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT type, count (*) FROM events WHERE office = 'kantor-a'"
                                            " AND at >= '%s' AND at < '%s' GROUP BY type", month, next);
    g_autofree char *other = centre_value (f->conn, "SELECT 'events_' || to_char (now () AT TIME ZONE 'UTC'"
                                           " - interval '2 months', 'YYYY_MM')");
    g_autofree char *index = g_strconcat (partition, "_office_at_idx", NULL);

    assert_plan (f->conn, sql, index, other);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT service, count (*) FROM tickets WHERE office = 'kantor-a'"
                                            " AND service_day >= '%s' AND service_day < '%s' GROUP BY service",
                                            month, next);

    assert_plan (f->conn, sql, "tickets_office_day", NULL);
  }
}

/* (b) The centre stopped while the sync runs and events go on; started
 * again, the sync catches up: nothing lost, nothing twice. */
static void
test_centre_outage (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) sync = NULL;
  gint64 count = 0;

  if (f->pg == NULL)
    return;
  traffic (f->server, 3);
  sync = spawn_sync_to (f->pg->conninfo, f->server->db_path, "kantor-a", "4", FALSE, NULL, NULL, f->server);
  g_clear_pointer (&f->conn, PQfinish);
  wait_for_sync_alert (f->server, "ok");
  {
    g_autoptr(LoketEventRow) last = office_last_event (f->server, &count);

    f->conn = loket_test_postgres_connect (f->pg);
    wait_for_centre (f, "kantor-a", last->seq);
  }
  g_clear_pointer (&f->conn, PQfinish);
  loket_test_postgres_stop (f->pg);
  traffic (f->server, 4);
  /* Away longer than its UnreachableAlert (a second here): the
   * supervisors are warned, and when it is back, all is well again. */
  wait_for_sync_alert (f->server, "warning: central database: ");
  loket_test_postgres_start (f->pg);
  f->conn = loket_test_postgres_connect (f->pg);
  wait_for_sync_alert (f->server, "ok");
  wait_for_office_log (f, "kantor-a");
  assert_centre_is_office (f, "kantor-a");
  stop_sync (sync);
}

/* loketd down, the centre up: the sync ships all the same (telling the
 * supervisors never holds shipping up), and SIGTERM stops it cleanly,
 * status 0, though its report to loketd has had no answer. */
static void
test_office_away (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) sync = NULL;

  if (f->pg == NULL)
    return;
  traffic (f->server, 3);
  loket_test_server_stop (f->server);
  sync = spawn_sync_to (f->pg->conninfo, f->server->db_path, "kantor-a", "4", FALSE, NULL, NULL, f->server);
  wait_for_office_log (f, "kantor-a");
  assert_centre_is_office (f, "kantor-a");
  stop_sync (sync);
}

/* (c) The sync killed -9 with a batch inserted and not committed: the
 * centre keeps the batches before it, and a new sync ships the rest. */
static void
test_killed_mid_batch (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) sync = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  if (f->pg == NULL)
    return;
  traffic (f->server, 4);
  sync = spawn_sync (f->pg, f->server->db_path, "kantor-a", "3", FALSE, "3");
  /* The third batch waits before its commit, its rows inserted.  Every
   * batch is briefly idle in its transaction between statements, so the
   * stall is known by the two batches before it being committed. */
  for (;;)
    {
      g_autofree char *stalled = centre_value (f->conn, "SELECT count (*) FROM pg_stat_activity"
                                               " WHERE application_name = 'loket-sync'"
                                               " AND state = 'idle in transaction'");
      if (g_strcmp0 (stalled, "1") == 0 && centre_seq (f->conn, "kantor-a") == 6)
        break;
      g_assert_cmpint (centre_seq (f->conn, "kantor-a"), <=, 6);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  g_subprocess_force_exit (sync);
  g_subprocess_wait (sync, NULL, NULL);
  g_assert_cmpint (run_sync (f->pg, f->server->db_path, "kantor-a"), ==, 0);
  assert_centre_is_office (f, "kantor-a");
}

/* Rewrites event @seq of the database at @db (its payload) and chains
 * every later event again, as a forger who knows the rule would. */
static void
rewrite_history (const char *db,
                 gint64      seq)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *prev = NULL;

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "DROP TRIGGER events_append_only_update", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  store = loket_store_open_readonly (db, &error);
  g_assert_no_error (error);
  rows = loket_store_list_events (store, 0, 100000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      LoketEventRow *row = g_ptr_array_index (rows, i);
      g_autofree char *sql = NULL;

      if (row->seq < seq)
        {
          g_free (prev);
          prev = g_strdup (row->hash);
          continue;
        }
      if (row->seq == seq)
        {
          g_autofree char *payload = g_strconcat (row->payload, " ", NULL);

          g_free (row->payload);
          row->payload = g_steal_pointer (&payload);
        }
      g_free (row->prev_hash);
      row->prev_hash = g_strdup (prev);
      g_free (row->hash);
      row->hash = loket_event_row_hash (row);
      sql = sqlite3_mprintf ("UPDATE events SET payload = %Q, prev_hash = %Q, hash = %Q WHERE seq = %lld",
                             row->payload, row->prev_hash, row->hash, (long long) row->seq);
      g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_free (g_steal_pointer (&sql));
      g_free (prev);
      prev = g_strdup (row->hash);
    }
  sqlite3_close (handle);
}

/* A copy of the (stopped) server's database, with its write-ahead log. */
static char *
copy_database (LoketTestServer *server,
               const char      *name)
{
  char *copy = g_build_filename (server->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2; i++)
    {
      const char *suffix = i == 0 ? "" : "-wal";
      g_autofree char *from = g_strconcat (server->db_path, suffix, NULL);
      g_autofree char *to = g_strconcat (copy, suffix, NULL);
      g_autofree char *text = NULL;
      gsize length = 0;

      if (i > 0 && !g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      g_file_get_contents (from, &text, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, text, (gssize) length, &error);
      g_assert_no_error (error);
    }
  return copy;
}

/* The centre as a text to compare before and after a refusal. */
static char *
centre_state (PGconn     *conn,
              const char *office)
{
  return centre_value (conn, "SELECT (SELECT last_seq || ' ' || last_hash FROM offices WHERE id = '%s')"
                       " || ' ' || (SELECT count (*) || ' ' || md5 (string_agg (hash || payload, ',' ORDER BY seq))"
                       " FROM events WHERE office = '%s')", office, office);
}

/* (d) A rewritten copy of the office's log, and another office's
 * database under the same id: refused, recorded, the centre unchanged —
 * and the office stays refused until a person clears it. */
static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *copy = NULL, *before = NULL, *after = NULL, *why = NULL;
  LoketTestServer *other;

  if (f->pg == NULL)
    return;
  traffic (f->server, 3);
  g_assert_cmpint (run_sync (f->pg, f->server->db_path, "kantor-a"), ==, 0);
  g_assert_cmpint (run_sync (f->pg, f->server->db_path, "kantor-b"), ==, 0);
  before = centre_state (f->conn, "kantor-a");

  /* A copy of the log with event 3 changed and the chain made again. */
  loket_test_server_stop (f->server);
  copy = copy_database (f->server, "rewritten.db");
  rewrite_history (copy, 3);
  g_assert_cmpint (run_sync (f->pg, copy, "kantor-a"), ==, EXIT_REFUSED);
  after = centre_state (f->conn, "kantor-a");
  g_assert_cmpstr (after, ==, before);
  why = centre_value (f->conn, "SELECT refused FROM offices WHERE id = 'kantor-a'");
  g_assert_nonnull (strstr (why, "rewritten"));
  /* Refused for good: even its true log is not shipped now. */
  g_assert_cmpint (run_sync (f->pg, f->server->db_path, "kantor-a"), ==, EXIT_REFUSED);

  /* Another office, with a longer log of its own, claiming kantor-b. */
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = centre_state (f->conn, "kantor-b");
  other = loket_test_server_new (NULL);
  loket_test_server_start (other);
  traffic (other, 5);
  g_assert_cmpint (run_sync (f->pg, other->db_path, "kantor-b"), ==, EXIT_REFUSED);
  loket_test_server_stop (other);
  loket_test_server_free (other);
  after = centre_state (f->conn, "kantor-b");
  g_assert_cmpstr (after, ==, before);
}

/* (d) on the supervisors' screens: another office's log claiming
 * kantor-a is refused, and before the sync stops, the loketd it reports
 * to has its part "region" in error, with why — an event with the alert
 * flag, published to the supervisors' views (loket-supervision.c shows
 * anything but ok). */
static void
test_refused_alert (Fixture *f, gconstpointer data)
{
  g_autofree char *alert = NULL;
  g_autoptr(GPtrArray) events = NULL;
  LoketTestServer *other;
  guint alerts = 0;

  if (f->pg == NULL)
    return;
  traffic (f->server, 2);
  g_assert_cmpint (run_sync_config (f->pg, f->server, "kantor-a"), ==, 0);

  other = loket_test_server_new (NULL);
  loket_test_server_start (other);
  traffic (other, 4);
  g_assert_cmpint (run_sync_config (f->pg, other, "kantor-a"), ==, EXIT_REFUSED);
  alert = sync_alert (other);
  g_test_message ("%s", alert);
  g_assert_nonnull (alert);
  g_assert_true (g_str_has_prefix (alert, "error: office kantor-a: event "));
  g_assert_nonnull (strstr (alert, "is another office's"));
  events = loket_test_server_events (other);
  for (guint i = 0; i < events->len; i++)
    {
      LoketEventRow *row = g_ptr_array_index (events, i);

      if (g_str_equal (row->type, "DEVICE_STATUS") && g_strcmp0 (row->device, "sync1") == 0 &&
          strstr (row->payload, "\"alert\":true") != NULL)
        alerts++;
    }
  g_assert_cmpuint (alerts, ==, 1);
  loket_test_server_stop (other);
  loket_test_server_free (other);
}

/* An event the centre has not got yet, edited in place (its hash left as
 * it was): the events before it are shipped, it and those after it never;
 * the centre's chain stays whole. */
static void
test_edited (Fixture *f, gconstpointer data)
{
  g_autofree char *copy = NULL, *why = NULL, *problems = NULL, *shipped = NULL;
  g_autoptr(LoketEventRow) last = NULL;
  sqlite3 *handle = NULL;
  gint64 count = 0;

  if (f->pg == NULL)
    return;
  traffic (f->server, 2);
  g_assert_cmpint (run_sync (f->pg, f->server->db_path, "kantor-a"), ==, 0);
  traffic (f->server, 2);
  loket_test_server_stop (f->server);
  copy = copy_database (f->server, "edited.db");
  last = office_last_event (f->server, &count);
  {
    g_autofree char *sql = g_strdup_printf ("DROP TRIGGER events_append_only_update;"
                                            " UPDATE events SET time = time + 1 WHERE seq = %" G_GINT64_FORMAT,
                                            last->seq - 1);

    g_assert_cmpint (sqlite3_open (copy, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (handle);
  }
  g_assert_cmpint (run_sync (f->pg, copy, "kantor-a"), ==, EXIT_REFUSED);
  g_assert_cmpint (centre_seq (f->conn, "kantor-a"), ==, last->seq - 2);
  shipped = centre_value (f->conn, "SELECT count (*) FROM events WHERE office = 'kantor-a'");
  g_assert_cmpint (g_ascii_strtoll (shipped, NULL, 10), ==, last->seq - 2);
  problems = centre_value (f->conn, "SELECT count (*) FROM loket_chain_check ('kantor-a')");
  g_assert_cmpstr (problems, ==, "0");
  why = centre_value (f->conn, "SELECT refused FROM offices WHERE id = 'kantor-a'");
  g_assert_nonnull (strstr (why, "does not match its hash"));
}

/* The length of the sync's log at @path so far. */
static gsize
log_length (const char *path)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  return g_file_get_contents (path, &text, &length, NULL) ? length : 0;
}

/* The sync's log at @path says @what after its first @from bytes (a
 * deadline, not a sleep). */
static void
wait_for_log (const char *path,
              gsize       from,
              const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *text = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &text, &length, NULL) && length >= from &&
          strstr (text + from, what) != NULL)
        return;
      if (g_get_monotonic_time () >= deadline)
        g_error ("the sync never said \"%s\"; its log:\n%s", what, text ? text : "");
      g_usleep (20 * 1000);
    }
}

/* The centre's sessions of loket-sync: all of them, and those inside a
 * transaction. */
static gint64
sync_sessions (PGconn  *conn,
               gboolean in_transaction)
{
  g_autofree char *n = centre_value (conn, "SELECT count (*) FROM pg_stat_activity"
                                     " WHERE application_name = 'loket-sync'%s",
                                     in_transaction ? " AND xact_start IS NOT NULL" : "");

  return g_ascii_strtoll (n, NULL, 10);
}

/* The centre through the link, with the sync's timeouts shortened from a
 * minute to seconds so the cut tests take seconds. */
static char *
cut_conninfo (LoketTestPostgres *pg)
{
  return g_strconcat (pg->tcp_conninfo, " connect_timeout=3 tcp_user_timeout=3000"
                      " keepalives_idle=2 keepalives_interval=1 keepalives_count=2"
                      " options='-c idle_in_transaction_session_timeout=5s"
                      " -c tcp_keepalives_idle=2 -c tcp_keepalives_interval=1"
                      " -c tcp_keepalives_count=2'", NULL);
}

/* (f) The network between the sync and the centre cut while the sync is
 * shipping a backlog and the office goes on: the sync gives up on the
 * silent link (its unanswered batch, then its connection attempts) and
 * keeps trying; once the link is back it catches up — nothing lost,
 * nothing twice, the chain whole at the centre — and the centre's half of
 * the cut connection (its transaction holding the office's row, if the
 * cut fell inside a batch) does not linger.  The timeouts are the
 * connection string's, shorter than the defaults, so the test takes
 * seconds, not minutes; nothing is asserted on how long anything took. */
static void
test_network_cut (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) sync = NULL;
  g_autofree char *log = NULL, *central = NULL;
  gint64 count = 0, at_cut, in_batch, held;
  gsize logged;

  if (f->pg == NULL)
    return;
  log = g_build_filename (f->server->dir, "sync.log", NULL);
  central = cut_conninfo (f->pg);
  /* A backlog shipped one event a batch: the sync is mid-stream when the
   * link goes, most likely inside a batch's transaction. */
  traffic (f->server, 25);
  sync = spawn_sync_to (central, f->server->db_path, "kantor-a", "1", FALSE, NULL, log, NULL);
  wait_for_centre (f, "kantor-a", 10);
  logged = log_length (log);
  loket_test_netns_set_link (f->ns, FALSE);
  at_cut = centre_seq (f->conn, "kantor-a");
  in_batch = sync_sessions (f->conn, TRUE);
  {
    g_autoptr(LoketEventRow) last = office_last_event (f->server, &count);

    g_test_message ("link cut with the centre at event %" G_GINT64_FORMAT " of the office's %"
                    G_GINT64_FORMAT ", %s", at_cut, last->seq,
                    in_batch > 0 ? "inside a batch's transaction" : "between batches");
  }

  /* The office goes on; the sync notices the silence and keeps trying. */
  traffic (f->server, 3);
  wait_for_log (log, logged, "trying again");
  held = centre_seq (f->conn, "kantor-a");
  traffic (f->server, 2);
  {
    g_autoptr(LoketEventRow) last = office_last_event (f->server, &count);

    g_assert_cmpint (held, <, last->seq);
  }

  logged = log_length (log);
  loket_test_netns_set_link (f->ns, TRUE);
  wait_for_office_log (f, "kantor-a");
  /* And it follows on over the mended link. */
  traffic (f->server, 2);
  wait_for_office_log (f, "kantor-a");
  assert_centre_is_office (f, "kantor-a");
  wait_for_log (log, logged, "answers again");
  /* The cut connection's session at the centre ended (its transaction
   * rolled back by the idle timeout, its socket by the keepalives): one
   * session left, the sync's own. */
  {
    gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

    while (sync_sessions (f->conn, FALSE) > 1)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (50 * 1000);
      }
  }
  stop_sync (sync);
}

/* Whether this namespace still has a TCP connection to @address. */
static gboolean
connected_to (const char *address)
{
  g_autofree char *dst = g_strconcat ("dst ", address, NULL);
  const char *argv[] = { "ss", "-Htn", "state", "all", dst, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, NULL, &error);
  g_assert_no_error (error);
  return out != NULL && g_strstrip (out)[0] != '\0';
}

/* Whether the centre's end of every connection in @ns has had all it
 * sent acknowledged (ss: Send-Q 0), so that it has nothing left to
 * retransmit. */
static gboolean
centre_sent_all (LoketTestNetns *ns)
{
  const char *argv[] = { "ip", "netns", "exec", ns->name, "ss", "-Htn", "state", "established", NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint n = 0;

      for (guint j = 0; cells[j] != NULL; j++)
        if (cells[j][0] != '\0' && ++n == 2 && g_strcmp0 (cells[j], "0") != 0)
          return FALSE;   /* Recv-Q, then Send-Q */
    }
  return TRUE;
}

/* (g) The worst place for a cut: the sync inside a batch's transaction,
 * the centre waiting for its next statement with nothing of its own left
 * to send, and then the sync gone (killed -9; its last words lost on the
 * cut link).  Nothing will ever tell the centre; its session would hold
 * the office's row for good and every later sync would wait on it.  The
 * idle-in-transaction timeout and keepalives the sync sets for its session
 * end it: a new sync, after the link is mended, ships everything once.
 * (Without those options the new sync waits on the office's row for good
 * and wait_for_centre fails: tried.) */
static void
test_network_cut_killed (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) sync = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autofree char *central = NULL;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  if (f->pg == NULL)
    return;
  central = cut_conninfo (f->pg);
  traffic (f->server, 4);
  sync = spawn_sync_to (central, f->server->db_path, "kantor-a", "3", FALSE, "3", NULL, NULL);
  /* Stalled in its third batch, as in /sync/killed-mid-batch, and the
   * centre's last answer acknowledged: it has nothing to send again. */
  for (;;)
    {
      if (sync_sessions (f->conn, TRUE) == 1 && centre_seq (f->conn, "kantor-a") == 6 &&
          centre_sent_all (f->ns))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  loket_test_netns_set_link (f->ns, FALSE);
  g_subprocess_force_exit (sync);
  g_subprocess_wait (sync, NULL, NULL);
  /* Its connection gone on this side too (its FIN given up), so the link
   * mended carries nothing of it to the centre. */
  while (connected_to (f->ns->inner_addr))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline + 120 * G_USEC_PER_SEC);
      g_usleep (100 * 1000);
    }
  /* Its session may already be ended (the keepalives run during the cut
   * too); whether it was is only said, since it depends on the time. */
  g_test_message ("the killed sync's session %s at the centre when the link is mended",
                  sync_sessions (f->conn, TRUE) == 1 ? "still stands, in its transaction," : "has ended");
  traffic (f->server, 1);
  loket_test_netns_set_link (f->ns, TRUE);

  again = spawn_sync_to (central, f->server->db_path, "kantor-a", "3", FALSE, NULL, NULL, NULL);
  wait_for_office_log (f, "kantor-a");
  assert_centre_is_office (f, "kantor-a");
  g_assert_cmpint (sync_sessions (f->conn, FALSE), ==, 1);
  stop_sync (again);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/sync/ship", test_ship);
  ADD ("/sync/explain", test_explain);
  ADD ("/sync/centre-outage", test_centre_outage);
  ADD ("/sync/killed-mid-batch", test_killed_mid_batch);
  ADD ("/sync/refused", test_refused);
  ADD ("/sync/refused-alert", test_refused_alert);
  ADD ("/sync/office-away", test_office_away);
  ADD ("/sync/edited", test_edited);
  g_test_add ("/sync/network-cut", Fixture, NULL, fixture_set_up_netns, test_network_cut, fixture_tear_down);
  g_test_add ("/sync/network-cut-killed", Fixture, NULL, fixture_set_up_netns, test_network_cut_killed,
              fixture_tear_down);
  return g_test_run ();
}
