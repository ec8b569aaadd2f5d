/* test-loketctl.c — the CLI contract that scripts rely on, by running the
 * real loketctl binary against a real loketd: exit codes, --json output,
 * the environment variables, keys, verify and watch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-charter.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-store.h"
#include "loket-sqlite.h"
#include "loket-test-server.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <sys/wait.h>

static LoketTestServer *server;

/* Runs loketctl as @who with the given arguments; returns stdout. */
static char *
ctl (int *status, const char *who, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKETCTL"));
  if (who != NULL)
    {
      g_ptr_array_add (argv, "--server");
      g_ptr_array_add (argv, server->listen);
      g_ptr_array_add (argv, "--keys");
      g_ptr_array_add (argv, server->keys_dir);
      g_ptr_array_add (argv, "--as");
      g_ptr_array_add (argv, (gpointer) who);
    }
  va_start (args, who);
  for (const char *a = va_arg (args, const char *); a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (*status) ? WEXITSTATUS (*status) : -1;
  return out;
}

static JsonObject *
ctl_json (const char *who, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  va_list args;
  JsonObject *o;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKETCTL"));
  g_ptr_array_add (argv, "--json");
  va_start (args, who);
  for (const char *a = va_arg (args, const char *); a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  {
    g_auto(GStrv) env = g_get_environ ();

    env = g_environ_setenv (env, "LOKET_SERVER", server->listen, TRUE);
    env = g_environ_setenv (env, "LOKET_KEYS", server->keys_dir, TRUE);
    env = g_environ_setenv (env, "LOKET_AS", who, TRUE);
    g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                  &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  o = loket_json_from_string (out, -1, &error);
  g_assert_no_error (error);
  return o;
}

static void
test_usage_errors (void)
{
  int status;
  g_autofree char *a = ctl (&status, NULL, "frobnicate", NULL);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  g_assert_cmpint (status, ==, 1);
  b = ctl (&status, NULL, "--bogus", NULL);
  g_assert_cmpint (status, ==, 2);
  c = ctl (&status, "kiosk1", "issue", NULL);
  g_assert_cmpint (status, ==, 2);
  d = ctl (&status, "super", "staff", "add", "siti", "Siti Rahma", NULL);      /* no --pin */
  g_assert_cmpint (status, ==, 2);
  e = ctl (&status, "super", "clerk", "set-role", "siti", NULL);              /* no role */
  g_assert_cmpint (status, ==, 2);
}

static void
test_issue_json (void)
{
  g_autoptr(JsonObject) t = ctl_json ("kiosk1", "issue", "ktp", NULL);
  g_autoptr(JsonObject) p = ctl_json ("kiosk1", "issue", "ktp", "--priority", "elderly", NULL);

  g_assert_cmpint (json_object_get_int_member (t, "id"), >, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (t, "number"), "A-"));
  g_assert_cmpstr (json_object_get_string_member (t, "service"), ==, "ktp");
  g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "issued");
  g_assert_true (json_object_has_member (t, "people_ahead"));
  g_assert_cmpstr (json_object_get_string_member (p, "priority"), ==, "elderly");
}

static void
test_refusal_exit_code (void)
{
  int status;
  g_autofree char *out = ctl (&status, "kiosk1", "issue", "passport", NULL);
  g_autofree char *out2 = ctl (&status, "kiosk1", "call", "1", NULL);

  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out2, ==, "");
}

static void
test_counter_flow (void)
{
  g_autoptr(JsonObject) issued = ctl_json ("kiosk1", "issue", "akta", NULL);
  g_autoptr(JsonObject) called = ctl_json ("counter1", "call", "3", NULL);
  g_autoptr(JsonObject) recalled = ctl_json ("counter1", "recall", "3", NULL);
  g_autoptr(JsonObject) started = ctl_json ("counter1", "start", "3", NULL);
  g_autoptr(JsonObject) finished = ctl_json ("counter1", "finish", "3", "--outcome", "referred", NULL);
  g_autoptr(JsonObject) paused = ctl_json ("counter1", "pause", "3", "--reason", "prayer", NULL);
  g_autoptr(JsonObject) resumed = ctl_json ("counter1", "resume", "3", NULL);

  g_assert_cmpstr (json_object_get_string_member (called, "number"), ==,
                   json_object_get_string_member (issued, "number"));
  g_assert_cmpstr (json_object_get_string_member (called, "state"), ==, "called");
  g_assert_cmpint (json_object_get_int_member (recalled, "recalls"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (started, "state"), ==, "serving");
  g_assert_cmpstr (json_object_get_string_member (finished, "outcome"), ==, "referred");
  g_assert_cmpstr (json_object_get_string_member (paused, "state"), ==, "paused");
  g_assert_cmpstr (json_object_get_string_member (resumed, "state"), ==, "open");
}

static void
test_transfer_and_void (void)
{
  g_autoptr(JsonObject) issued = ctl_json ("kiosk1", "issue", "kk", NULL);
  g_autoptr(JsonObject) called = ctl_json ("counter1", "call", "1", NULL);
  g_autoptr(JsonObject) moved = ctl_json ("counter1", "transfer", "1", "akta", "--reason", "needs akta", NULL);
  g_autoptr(JsonObject) voided = NULL;
  int status;
  g_autofree char *denied = ctl (&status, "counter1", "void", json_object_get_string_member (issued, "number"),
                                 "--reason", "test", NULL);

  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (moved, "service"), ==, "akta");
  g_assert_cmpstr (json_object_get_string_member (moved, "state"), ==, "waiting");
  voided = ctl_json ("super", "void", json_object_get_string_member (issued, "number"), "--reason",
                     "citizen left", NULL);
  g_assert_cmpstr (json_object_get_string_member (voided, "state"), ==, "void");
}

/* A failed print printed again, a supervisor's reprint at another kiosk,
 * and a clerk refusing the priority claim of the ticket in hand — each a
 * command, each refused to the wrong key. */
static void
test_reprint_and_not_entitled (void)
{
  g_autoptr(JsonObject) issued = ctl_json ("kiosk1", "issue", "kk", "--priority", "elderly", NULL);
  const char *number = json_object_get_string_member (issued, "number");
  g_autoptr(JsonObject) failed = ctl_json ("kiosk1", "print", number, "--failed", "--reason", "media-empty", NULL);
  g_autoptr(JsonObject) again = ctl_json ("kiosk1", "print", number, "--ok", "--reprint", NULL);
  g_autoptr(JsonObject) asked = ctl_json ("super", "reprint", number, "--kiosk", "kiosk2", "--reason", "lost it", NULL);
  g_autoptr(JsonObject) called = ctl_json ("counter1", "call", "1", "--ticket", number, "--reason", "test", NULL);
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) finished = NULL;
  int status;
  g_autofree char *denied = ctl (&status, "kiosk1", "reprint", number, NULL);
  g_autofree char *wrong = NULL;

  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (failed, "state"), ==, "print-failed");
  g_assert_cmpstr (json_object_get_string_member (again, "state"), ==, "printed");
  g_assert_cmpstr (json_object_get_string_member (asked, "state"), ==, "printed");
  g_assert_cmpstr (json_object_get_string_member (called, "number"), ==, number);
  wrong = ctl (&status, "kiosk1", "not-entitled", "1", "--reason", "young", NULL);
  g_assert_cmpint (status, ==, 1);
  refused = ctl_json ("counter1", "not-entitled", "1", "--reason", "not 60 yet", NULL);
  g_assert_cmpstr (json_object_get_string_member (refused, "state"), ==, "called");
  g_assert_true (json_object_get_null_member (refused, "priority"));
  json_object_unref (ctl_json ("counter1", "start", "1", NULL));
  finished = ctl_json ("counter1", "finish", "1", NULL);
  g_assert_cmpstr (json_object_get_string_member (finished, "state"), ==, "done");
}

static void
test_status_and_services (void)
{
  g_autoptr(JsonObject) status = ctl_json ("super", "status", NULL);
  g_autoptr(JsonObject) services = ctl_json ("display1", "services", NULL);
  int code;
  g_autofree char *text = ctl (&code, "super", "status", NULL);

  g_assert_true (json_object_has_member (status, "counters"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (status, "server"), "secure"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (services, "services")), ==, 3);
  g_assert_cmpint (code, ==, 0);
  g_assert_nonnull (strstr (text, "CURVE"));
}

static void
test_keys_commands (void)
{
  g_autofree char *dir = g_build_filename (server->dir, "cli-keys", NULL);
  g_autofree char *key = g_build_filename (dir, "clients", "kiosk9.key", NULL);
  int status;
  g_autofree char *a = ctl (&status, NULL, "keys", "init", dir, NULL);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  g_assert_cmpint (status, ==, 0);
  b = ctl (&status, NULL, "keys", "init", dir, NULL);
  g_assert_cmpint (status, ==, 1);                 /* never clobber a server key */
  c = ctl (&status, NULL, "keys", "add", dir, "kiosk9", "kiosk", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (key, G_FILE_TEST_IS_REGULAR));
  d = ctl (&status, NULL, "keys", "add", dir, "x", "janitor", NULL);
  g_assert_cmpint (status, ==, 1);
  e = ctl (&status, NULL, "keys", "revoke", dir, "kiosk9", NULL);
  g_assert_cmpint (status, ==, 0);
}

static void
test_verify (void)
{
  g_autofree char *copy = g_build_filename (server->dir, "copy.db", NULL);
  int status;
  g_autofree char *ok = NULL;
  g_autofree char *bad = NULL;
  sqlite3 *db;

  ok = ctl (&status, NULL, "verify", "--db", server->db_path, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (ok, "intact"));

  /* Edit one event in a consistent copy (VACUUM INTO) of the live log. */
  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  {
    g_autofree char *sql = g_strdup_printf ("VACUUM INTO '%s'", copy);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  sqlite3_close (db);
  g_assert_cmpint (sqlite3_open (copy, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER events_append_only_update;"
                                     "UPDATE events SET payload = replace (payload, 'ktp', 'kk') WHERE seq = 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  bad = ctl (&status, NULL, "verify", "--db", copy, NULL);
  g_assert_cmpint (status, ==, 1);
}

/* watch prints one JSON object per line, as events happen. */
static void
test_watch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) watch = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *first = NULL;
  gboolean saw_issued = FALSE;

  watch = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            g_getenv ("LOKETCTL"), "--server", server->listen, "--keys", server->keys_dir,
                            "--as", "display1", "watch", "--count", "2", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watch));
  /* The online line says the watcher is synced and its event socket
   * live (it follows the snapshot); then make events. */
  do
    {
      g_free (first);
      first = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (first);
    }
  while (strstr (first, "\"ONLINE\"") == NULL);
  for (guint i = 0; i < 2; i++)
    json_object_unref (ctl_json ("kiosk1", "issue", "ktp", NULL));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_autoptr(JsonObject) o = NULL;

      if (line == NULL)
        break;
      o = loket_json_from_string (line, -1, &error);
      g_assert_no_error (error);
      if (g_strcmp0 (loket_json_optional_string (o, "type"), "ISSUED") == 0)
        {
          g_assert_true (json_object_has_member (o, "seq"));
          g_assert_true (json_object_has_member (o, "ticket"));
          saw_issued = TRUE;
        }
    }
  g_assert_true (g_subprocess_wait_check (watch, NULL, &error));
  g_assert_true (saw_issued);
}

/* The CSV row (fields split at commas: these have none inside) that
 * starts with @first, or NULL. */
static char **
csv_row (char **lines, const char *first)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], first))
      return g_strsplit (lines[i], ",", -1);
  return NULL;
}

/* `loketctl report` on the live database of a running loketd: what the
 * counters did in the tests before, and a pause whose RESUMED event the
 * store's trigger turned into a report row.  A pause names one of the
 * charter's reasons ("lunch" is none), "other" with a note; the report
 * heads its columns by the reasons' labels. */
static void
test_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) charter = loket_charter_new_from_file (server->charter_path, &error);
  gint64 now = g_get_real_time (), day = (gint64) 86400 * G_USEC_PER_SEC;
  g_autofree char *from = loket_charter_service_day (charter, now - day);
  g_autofree char *to = loket_charter_service_day (charter, now + day);
  g_autofree char *unknown = NULL;
  g_autoptr(JsonObject) paused = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) counter2 = NULL;
  g_auto(GStrv) counter3 = NULL;
  int status;

  g_assert_no_error (error);
  unknown = ctl (&status, "counter2", "pause", "2", "--reason", "lunch", NULL);
  g_assert_cmpint (status, ==, 1);        /* refused */
  paused = ctl_json ("counter2", "pause", "2", "--reason", "other", "--note", "lunch", NULL);
  resumed = ctl_json ("counter2", "resume", "2", NULL);
  out = ctl (&status, NULL, "report", "--db", server->db_path, "--from", from, "--to", to,
             "--by", "counter", "--lang", "en", "--wide", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Prayer"));
  g_assert_nonnull (strstr (out, "Other"));
  g_clear_pointer (&out, g_free);
  out = ctl (&status, NULL, "report", "--db", server->db_path, "--from", from, "--to", to,
             "--by", "counter", "--format", "csv", "--lang", "en", NULL);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\r\n", -1);
  /* The header first (no --charter needed: loketd stored the charter). */
  header = g_strsplit (lines[0], ",", -1);
  g_assert_cmpstr (header[7], ==, "pauses");
  g_assert_true (g_strv_contains ((const char * const *) header, "pause_min_other"));
  g_assert_true (g_strv_contains ((const char * const *) header, "pause_min_prayer"));
  counter2 = csv_row (lines, "2,Loket 2,");
  counter3 = csv_row (lines, "3,Loket 3,");
  g_assert_nonnull (counter2);
  g_assert_nonnull (counter3);
  g_assert_cmpstr (counter2[7], ==, "1");                 /* the pause for lunch */
  g_assert_cmpint (atoi (counter3[3]), >=, 1);            /* counter-flow's referral */
  g_assert_cmpint (atoi (counter3[7]), >=, 1);            /* and its prayer */

  /* Per kiosk: reprint-and-not-entitled's failed print, reprint and
   * refused claim, all of a ticket kiosk1 issued. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&lines, g_strfreev);
  g_clear_pointer (&header, g_strfreev);
  out = ctl (&status, NULL, "report", "--db", server->db_path, "--from", from, "--to", to, "--charter",
             server->charter_path, "--by", "kiosk", "--format", "csv", "--lang", "en", NULL);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "kiosk,print_failed,reprinted,priority_refused");
  g_assert_true (g_strv_contains ((const char * const *) lines, "kiosk1,1,1,1"));
}

/* "HH:MM…" of @usec by @format in @zone. */
static char *
clock_in (const char *zone, gint64 usec, const char *format)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) at = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (at, format);
}

/* The office is in Makassar (UTC+8), loketctl and loketd run with TZ=UTC
 * (main): every time loketctl prints is the office's — a device's
 * "since" in status, an event's time in watch --text, the hour of
 * arrival in a report. */
static void
test_office_time (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(GSubprocess) watch = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(LoketCharter) charter = loket_charter_new_from_file (server->charter_path, &error);
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *day = NULL;
  g_autofree char *report = NULL;
  g_autofree char *office_hour = NULL;
  g_autofree char *machine_hour = NULL;
  JsonArray *devices;
  gint64 since = 0, before, after;
  int code;

  g_assert_no_error (error);
  g_assert_cmpstr (loket_charter_get_time_zone_id (charter), ==, "Asia/Makassar");

  /* status: the kiosk's printer trouble, since when. */
  json_object_unref (loket_test_request (kiosk, "DEVICE_STATUS", "component", "printer", "state", "error",
                                         "reason", "media-empty: out of paper", NULL));
  status = ctl_json ("super", "status", NULL);
  devices = json_object_get_array_member (status, "devices");
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);

      if (g_str_equal (json_object_get_string_member (d, "device"), "kiosk1"))
        since = json_object_get_int_member (d, "since");
    }
  g_assert_cmpint (since, >, 0);
  text = ctl (&code, "super", "status", NULL);
  g_assert_cmpint (code, ==, 0);
  {
    g_autofree char *office = clock_in ("Asia/Makassar", since, "since %Y-%m-%d %H:%M");
    g_autofree char *machine = clock_in ("UTC", since, "since %Y-%m-%d %H:%M");

    g_assert_cmpstr (office, !=, machine);
    g_assert_nonnull (strstr (text, office));
    g_assert_null (strstr (text, machine));
  }
  json_object_unref (loket_test_request (kiosk, "DEVICE_STATUS", "component", "printer", "state", "ok", NULL));

  /* watch --text: an issue's time, between the moments around it. */
  watch = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            g_getenv ("LOKETCTL"), "--server", server->listen, "--keys", server->keys_dir,
                            "--as", "display1", "watch", "--text", "--count", "1", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watch));
  /* Issue only once the watcher is online — its snapshot taken and its
   * event socket heard: ONLINE may come after SNAPSHOT on a slow machine,
   * and an event before it may reach the watcher only as a new snapshot. */
  do
    {
      g_free (line);
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
    }
  while (strstr (line, "  ONLINE") == NULL);
  before = g_get_real_time ();
  json_object_unref (ctl_json ("kiosk1", "issue", "ktp", NULL));
  g_free (line);
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  after = g_get_real_time ();
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "ISSUED"));
  {
    g_autofree char *shown = g_strndup (line, 8);
    g_autofree char *first = clock_in ("Asia/Makassar", before, "%H:%M:%S");
    g_autofree char *last = clock_in ("Asia/Makassar", after + G_USEC_PER_SEC, "%H:%M:%S");

    /* Within a second or so; Makassar's midnight (16:00 UTC) in between
     * would fail it, once in a long while. */
    g_assert_cmpstr (shown, >=, first);
    g_assert_cmpstr (shown, <=, last);
  }
  g_assert_true (g_subprocess_wait_check (watch, NULL, &error));

  /* report --by hour: the tickets issued just now arrived in the office's
   * hour, none in the machine's (eight hours apart). */
  day = loket_charter_service_day (charter, after);
  report = ctl (&code, NULL, "report", "--db", server->db_path, "--from", day, "--to", day,
                "--by", "hour", "--format", "csv", "--lang", "en", NULL);
  g_assert_cmpint (code, ==, 0);
  office_hour = clock_in ("Asia/Makassar", after, "\r\n%H:00,");
  machine_hour = clock_in ("UTC", after, "\r\n%H:00,");
  g_assert_nonnull (strstr (report, office_hour));
  g_assert_null (strstr (report, machine_hour));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The machine's clock is UTC (loketd and loketctl inherit it), the
   * office's Makassar: a time printed by the machine's is caught. */
  g_setenv ("TZ", "UTC", TRUE);
  server = loket_test_server_new (NULL);
  loket_test_server_set_time_zone (server, "Asia/Makassar");
  g_test_add_func ("/loketctl/usage-errors", test_usage_errors);
  g_test_add_func ("/loketctl/issue-json", test_issue_json);
  g_test_add_func ("/loketctl/refusal-exit-code", test_refusal_exit_code);
  g_test_add_func ("/loketctl/counter-flow", test_counter_flow);
  g_test_add_func ("/loketctl/transfer-and-void", test_transfer_and_void);
  g_test_add_func ("/loketctl/reprint-and-not-entitled", test_reprint_and_not_entitled);
  g_test_add_func ("/loketctl/status-and-services", test_status_and_services);
  g_test_add_func ("/loketctl/keys", test_keys_commands);
  g_test_add_func ("/loketctl/verify", test_verify);
  g_test_add_func ("/loketctl/watch", test_watch);
  g_test_add_func ("/loketctl/report", test_report);
  g_test_add_func ("/loketctl/office-time", test_office_time);
  return loket_test_run_with_server (server);
}
