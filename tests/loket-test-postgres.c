/* loket-test-postgres.c — a throw-away PostgreSQL cluster for the tests.
 *
 * The recipe of docs/region.md ("The tests"): initdb -A trust -U loket,
 * pg_ctl start -w with the socket in the temporary directory and no TCP
 * listener, so that tests in parallel never meet (but for the network cut:
 * a TCP listener inside a namespace of the test's own, on an address of
 * the never-routed test range).  Stopping does not go
 * through pg_ctl: the postmaster's pid is read from postmaster.pid and
 * signalled, as an outage would be, and the test waits until it is gone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-postgres.h"

#include <errno.h>
#include <pwd.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#define PORT "5432"

/* PostgreSQL's server binaries: $LOKET_PG_BINDIR, else Debian's newest. */
static char *
find_bindir (void)
{
  const char *env = g_getenv ("LOKET_PG_BINDIR");
  g_autoptr(GDir) dir = NULL;
  g_autofree char *best = NULL;
  int best_version = 0;
  const char *name;

  if (env != NULL)
    return g_strdup (env);
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *bin = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
      g_autofree char *initdb = g_build_filename (bin, "initdb", NULL);

      if (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE) && atoi (name) > best_version)
        {
          best_version = atoi (name);
          g_free (best);
          best = g_steal_pointer (&bin);
        }
    }
  return g_steal_pointer (&best);
}

/* Runs a PostgreSQL program, as `postgres` under root; asserts it worked. */
static void
run (LoketTestPostgres *pg,
     const char        *program,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list list;

  if (pg->netns != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("ip"));
      g_ptr_array_add (argv, g_strdup ("netns"));
      g_ptr_array_add (argv, g_strdup ("exec"));
      g_ptr_array_add (argv, g_strdup (pg->netns));
    }
  if (pg->as_postgres)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (pg->bindir, program, NULL));
  va_start (list, program);
  for (const char *a = va_arg (list, const char *); a != NULL; a = va_arg (list, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (list);
  g_ptr_array_add (argv, NULL);
  /* Its output to files: pg_ctl's postmaster keeps pipes open otherwise. */
  if (!g_spawn_sync (pg->dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("%s: %s", program, error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s\n%s%s", program, error->message, out, err);
}

LoketTestPostgres *
loket_test_postgres_new (char **why)
{
  g_autoptr(LoketTestPostgres) pg = g_new0 (LoketTestPostgres, 1);
  g_autoptr(GError) error = NULL;

  pg->bindir = find_bindir ();
  if (pg->bindir == NULL)
    {
      *why = g_strdup ("PostgreSQL's server is not installed (package postgresql; or set LOKET_PG_BINDIR)");
      return NULL;
    }
  pg->as_postgres = geteuid () == 0;
  if (pg->as_postgres && getpwnam ("postgres") == NULL)
    {
      *why = g_strdup ("running as root, and there is no `postgres` user to run initdb as");
      return NULL;
    }
  pg->dir = g_dir_make_tmp ("loket-pg-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_no_errno (chmod (pg->dir, 0755));
  if (pg->as_postgres)
    {
      struct passwd *user = getpwnam ("postgres");

      g_assert_no_errno (chown (pg->dir, user->pw_uid, user->pw_gid));
    }
  pg->data = g_build_filename (pg->dir, "data", NULL);
  pg->conninfo = g_strdup_printf ("host=%s port=" PORT " user=loket dbname=postgres", pg->dir);
  run (pg, "initdb", "-D", pg->data, "-A", "trust", "-U", "loket", "--no-sync", "-E", "UTF8",
       "--locale", "C", NULL);
  return g_steal_pointer (&pg);
}

/* A test that fails aborts without its tear-down: the cluster it started
 * is shut down at once (SIGQUIT) rather than left running. */
static volatile pid_t running_postmaster;

static void
on_abort (int sig)
{
  if (running_postmaster > 0)
    kill (running_postmaster, SIGQUIT);
  signal (sig, SIG_DFL);
  raise (sig);
}

static pid_t postmaster_pid (LoketTestPostgres *pg);

void
loket_test_postgres_listen_in (LoketTestPostgres *pg,
                               const char        *netns,
                               const char        *address)
{
  g_autofree char *hba = g_build_filename (pg->data, "pg_hba.conf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *more = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (pg->running);
  g_file_get_contents (hba, &text, NULL, &error);
  g_assert_no_error (error);
  more = g_strconcat (text, "host all all 198.18.0.0/15 trust\n", NULL);
  g_file_set_contents (hba, more, -1, &error);
  g_assert_no_error (error);
  if (pg->as_postgres)
    {
      struct passwd *user = getpwnam ("postgres");

      g_assert_no_errno (chown (hba, user->pw_uid, user->pw_gid));
    }
  g_free (pg->netns);
  g_free (pg->address);
  g_free (pg->tcp_conninfo);
  pg->netns = g_strdup (netns);
  pg->address = g_strdup (address);
  pg->tcp_conninfo = g_strdup_printf ("host=%s port=" PORT " user=loket dbname=postgres", address);
}

void
loket_test_postgres_start (LoketTestPostgres *pg)
{
  g_autofree char *options = g_strdup_printf ("-k %s -c listen_addresses='%s' -p " PORT
                                              " -c fsync=off", pg->dir,
                                              pg->address ? pg->address : "");
  g_autofree char *log = g_build_filename (pg->dir, "log", NULL);

  g_assert_false (pg->running);
  run (pg, "pg_ctl", "-D", pg->data, "-o", options, "-l", log, "-w", "start", NULL);
  pg->running = TRUE;
  running_postmaster = postmaster_pid (pg);
  signal (SIGABRT, on_abort);
  signal (SIGTRAP, on_abort);
}

static pid_t
postmaster_pid (LoketTestPostgres *pg)
{
  g_autofree char *path = g_build_filename (pg->data, "postmaster.pid", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  return (pid_t) strtol (text, NULL, 10);
}

void
loket_test_postgres_stop (LoketTestPostgres *pg)
{
  pid_t pid;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (pg->running);
  pid = postmaster_pid (pg);
  g_assert_cmpint (pid, >, 0);
  running_postmaster = 0;
  g_assert_no_errno (kill (pid, SIGINT));
  /* Not our child (pg_ctl forked it): gone when kill (pid, 0) fails. */
  while (kill (pid, 0) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  pg->running = FALSE;
}

void
loket_test_postgres_free (LoketTestPostgres *pg)
{
  if (pg == NULL)
    return;
  if (pg->running)
    loket_test_postgres_stop (pg);
  if (pg->dir != NULL)
    {
      const char *argv[] = { "rm", "-rf", pg->dir, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  g_free (pg->bindir);
  g_free (pg->dir);
  g_free (pg->data);
  g_free (pg->conninfo);
  g_free (pg->netns);
  g_free (pg->address);
  g_free (pg->tcp_conninfo);
  g_free (pg);
}

PGconn *
loket_test_postgres_connect (LoketTestPostgres *pg)
{
  PGconn *conn = PQconnectdb (pg->conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s: %s", pg->conninfo, PQerrorMessage (conn));
  return conn;
}

char *
loket_test_postgres_value (PGconn     *conn,
                           const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  char *value = NULL;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return value;
}
