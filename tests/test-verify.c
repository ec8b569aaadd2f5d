/* test-verify.c — full verification (loket_store_verify_all, `loketctl
 * verify`) and daily anchors (`loketctl anchors`) on a real SQLite store
 * filled by the real office over two service days: issues, calls,
 * recalls, a transfer, a no-show, a void, a pause, a failed print and its
 * reprint, a reprint asked, a priority claim refused, a day closed on a
 * ticket still waiting.  Verify passes on it;
 * then each copy of it gets one edit behind the log's back — a ticket's
 * state, time or counter, a report row, a pause, a deleted or a stray
 * ticket — and verify fails naming table, ticket, column and both values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-charter.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-office.h"
#include "loket-store.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

/* 2026-11-25 (a Wednesday) 09:00 in Asia/Jakarta is 02:00 UTC. */
#define T0 ((gint64) 1795572000 * G_USEC_PER_SEC)
#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

static char *dir;       /* holds loket.db, the office's record */
static char *db;

static void
run (LoketOffice *office, LoketStore *store, GPtrArray *events, gint64 now,
     LoketRole role, const char *type, JsonObject *body)
{
  g_autoptr(JsonObject) owned = body;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  LoketRequest request = { type, owned, role == LOKET_ROLE_KIOSK ? "kiosk1" : "counter-pc", role, now };

  g_assert_true (loket_store_begin (store, NULL));
  reply = loket_office_handle (office, &request, events, &error);
  g_assert_no_error (error);
  g_assert_true (loket_store_commit (store, NULL));
}

/* Two service days of an office, as loketd would write them. */
static void
fill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "charter-test.ini", NULL);
  g_autoptr(LoketCharter) charter = loket_charter_new_from_file (path, &error);
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketOffice) office = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 now = T0;

#define DO(role, type, ...) run (office, store, events, now, role, type, loket_test_body (__VA_ARGS__, NULL))
  g_assert_no_error (error);
  store = loket_store_open (db, &error);
  g_assert_no_error (error);
  office = loket_office_new (charter, store);
  /* As loketd at its start: the charter is version 1, tickets carry it. */
  g_assert_true (loket_office_adopt_charter (office, charter, "start", now, events, &error));
  g_assert_no_error (error);
  DO (LOKET_ROLE_KIOSK, "ISSUE", "service", "ktp");                       /* A-001, id 1 */
  DO (LOKET_ROLE_KIOSK, "ISSUE", "service", "ktp");                       /* */
  DO (LOKET_ROLE_KIOSK, "ISSUE", "service", "ktp", "priority", "elderly"); /* */
  DO (LOKET_ROLE_KIOSK, "ISSUE", "service", "kk");                        /* B-001 */
  for (guint reprint = 0; reprint < 2; reprint++)     /* A-001 fails to print, then is printed again */
    {
      JsonObject *print = loket_test_body ("ticket", "A-001", "reason", "media-empty", NULL);

      json_object_set_boolean_member (print, "ok", reprint);
      json_object_set_boolean_member (print, "reprint", reprint);
      run (office, store, events, now, LOKET_ROLE_KIOSK, "PRINT", print);
    }
  DO (LOKET_ROLE_SUPERVISOR, "REPRINT", "ticket", "A-002", "reason", "lost it");
  now += MINUTES (5);
  DO (LOKET_ROLE_COUNTER, "CALL", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "RECALL", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "START", "counter", "1");
  now += MINUTES (9);
  DO (LOKET_ROLE_COUNTER, "FINISH", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "CALL", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "START", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "TRANSFER", "counter", "1", "service", "akta", "reason", "birth certificate first");
  DO (LOKET_ROLE_SUPERVISOR, "VOID", "ticket", "B-001", "reason", "taken twice");
  DO (LOKET_ROLE_COUNTER, "PAUSE", "counter", "1", "reason", "prayer");
  now += MINUTES (15);
  DO (LOKET_ROLE_COUNTER, "RESUME", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "CALL", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "RECALL", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "RECALL", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "NOSHOW", "counter", "1");
  now += 24 * MINUTES (60);                                                /* the next day */
  /* The day before was left open: its transferred ticket ends unserved. */
  DO (LOKET_ROLE_SUPERVISOR, "CLOSE_DAY", "day", "2026-11-25");
  DO (LOKET_ROLE_KIOSK, "ISSUE", "service", "ktp", "priority", "elderly"); /* */
  DO (LOKET_ROLE_COUNTER, "CALL", "counter", "1");
  DO (LOKET_ROLE_COUNTER, "PRIORITY_REFUSE", "counter", "1", "reason", "not elderly");
#undef DO
  g_assert_true (loket_store_checkpoint (store, NULL));
}

/* A copy of the record with @sql run on it behind the store's back. */
static char *
tampered_copy (const char *name,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  char *copy = g_build_filename (dir, name, NULL);
  sqlite3 *handle = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (db, &contents, &length, &error));
  g_assert_true (g_file_set_contents (copy, contents, length, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (copy, &handle), ==, SQLITE_OK);
  if (sqlite3_exec (handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (handle));
  g_assert_cmpint (sqlite3_changes (handle), ==, 1);
  sqlite3_close (handle);
  return copy;
}

static void
test_intact (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open_readonly (db, &error);
  LoketVerifySummary summary;

  g_assert_no_error (error);
  g_assert_true (loket_store_verify_all (store, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.events, ==, 26);
  g_assert_cmpint (summary.tickets, ==, 5);
  g_assert_cmpint (summary.days, ==, 2);
}

/* `loketctl verify` says so, with the counts, and exits 0. */
static void
test_loketctl_intact (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { g_getenv ("LOKETCTL"), "verify", "--db", db, NULL };
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "26 events"));
  g_assert_nonnull (strstr (out, "5 tickets, 2 days"));
}

typedef struct {
  const char *name;
  const char *sql;
  const char *expected;   /* the start of the error message */
} Edit;

static const Edit edits[] = {
  { "state", "UPDATE tickets SET state = 'done', outcome = 'complete' WHERE id = 2",
    "tickets: ticket A-002 of 2026-11-25 (id 2), column state: stored “done”, replayed “no-show”" },
  { "time", "UPDATE tickets SET finished_at = finished_at - 60000000 WHERE id = 3",
    "tickets: ticket A-003 of 2026-11-25 (id 3), column finished_at: stored " },
  { "counter", "UPDATE tickets SET counter = '2' WHERE id = 3",
    "tickets: ticket A-003 of 2026-11-25 (id 3), column counter: stored “2”, replayed “1”" },
  { "report-time", "UPDATE report_tickets SET finished_at = finished_at + 1 WHERE id = 3",
    "report_tickets: ticket A-003 of 2026-11-25 (id 3), column finished_at: stored " },
  { "report-kind", "UPDATE report_tickets SET kind = (SELECT kind FROM report_tickets WHERE id = 3) WHERE id = 2",
    "report_tickets: ticket A-002 of 2026-11-25 (id 2), column state: stored “done”, replayed “no-show”" },
  /* A ticket left unserved at closing put back in the queue by hand. */
  { "unserved", "UPDATE tickets SET state = 'waiting' WHERE state = 'unserved'",
    "tickets: ticket A-001 of 2026-11-25 (id 1), column state: stored “waiting”, replayed “unserved”" },
  { "deleted", "DELETE FROM tickets WHERE id = 4",
    "tickets: ticket B-001 of 2026-11-25 (id 4) is missing from the store" },
  { "stray", "INSERT INTO tickets (id, service_day, series, number, service, issued_service, state,"
             " issued_at, arrival_at) VALUES (6, '2026-11-26', 'A', 2, 'ktp', 'ktp', 'waiting', 1, 1)",
    "tickets: ticket A-002 of 2026-11-26 (id 6) is stored but no event made it (a stray row)" },
  { "priority", "UPDATE tickets SET priority = 'elderly' WHERE id = 5",
    "tickets: ticket A-001 of 2026-11-26 (id 5), column priority: stored “elderly”" },
  { "pause", "UPDATE pauses SET usec = usec / 2",
    "pauses: row " },
  /* The estimated wait places a citizen by the counts of each kind. */
  { "queue-kind", "UPDATE queue_counts SET priority_waiting = priority_waiting + 1"
                  " WHERE (service_day, service) = (SELECT service_day, service FROM queue_counts LIMIT 1)",
    "queue_counts: " },
  /* A promise edited re-judges a ticket: the ISSUED event holds the one
   * it was issued with. */
  { "promise", "UPDATE tickets SET promised_wait_minutes = 60 WHERE id = 1",
    "tickets: ticket A-001 of 2026-11-25 (id 1), column promised_wait_minutes: stored 60, replayed 30" },
  { "report-promise", "UPDATE report_kinds SET promised_wait_minutes = 60"
                      " WHERE code = (SELECT kind FROM report_tickets WHERE id = 1)",
    "report_tickets: ticket A-001 of 2026-11-25 (id 1), column promised_wait_minutes: stored 60, replayed 30" },
};

static void
test_edit (gconstpointer data)
{
  const Edit *edit = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strconcat (edit->name, ".db", NULL);
  g_autofree char *copy = tampered_copy (name, edit->sql);
  g_autoptr(LoketStore) store = loket_store_open_readonly (copy, &error);
  LoketVerifySummary summary;
  gint64 n = 0;

  g_assert_no_error (error);
  /* The chain alone cannot see it. */
  g_assert_true (loket_store_verify (store, &n, &error));
  g_assert_false (loket_store_verify_all (store, &summary, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, edit->expected));
}

/* `loketctl verify` names the difference and exits 1. */
static void
test_loketctl_tampered (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = tampered_copy ("cli.db", "UPDATE tickets SET clerk = 'someone' WHERE id = 1");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { g_getenv ("LOKETCTL"), "verify", "--db", copy, NULL };
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "tickets: ticket A-001 of 2026-11-25 (id 1), column clerk: stored “someone”"));
}

/* One anchor a day: the hash of that day's last event. */
static void
test_anchors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open_readonly (db, &error);
  g_autoptr(GPtrArray) all = loket_store_list_anchors (store, NULL, NULL, &error);
  g_autoptr(GPtrArray) second = loket_store_list_anchors (store, "2026-11-26", "2026-11-30", &error);
  g_autoptr(GPtrArray) events = loket_store_list_events (store, 0, 100, &error);
  g_autofree char *out = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { g_getenv ("LOKETCTL"), "anchors", "--db", db, "--from", "2026-11-25",
                         "--to", "2026-11-25", NULL };
  LoketAnchor *a;
  int status = -1;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpuint (second->len, ==, 1);
  a = g_ptr_array_index (all, 0);
  g_assert_cmpstr (a->day, ==, "2026-11-25");
  g_assert_cmpint (a->seq, ==, 21);
  g_assert_cmpstr (a->hash, ==, ((LoketEventRow *) g_ptr_array_index (events, 20))->hash);
  a = g_ptr_array_index (second, 0);
  g_assert_cmpstr (a->day, ==, "2026-11-26");
  /* The closing of the day before is logged on the day it happened. */
  g_assert_cmpint (a->seq, ==, 26);
  g_assert_cmpstr (a->hash, ==, ((LoketEventRow *) g_ptr_array_index (events, 25))->hash);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  a = g_ptr_array_index (all, 0);
  line = g_strdup_printf ("2026-11-25 21 %s\n", a->hash);
  g_assert_cmpstr (out, ==, line);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("loket-verify-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "loket.db", NULL);
  fill ();
  g_test_add_func ("/verify/intact", test_intact);
  g_test_add_func ("/verify/loketctl-intact", test_loketctl_intact);
  for (gsize i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *path = g_strconcat ("/verify/edited/", edits[i].name, NULL);

      g_test_add_data_func (path, &edits[i], test_edit);
    }
  g_test_add_func ("/verify/loketctl-tampered", test_loketctl_tampered);
  g_test_add_func ("/verify/anchors", test_anchors);
  status = g_test_run ();
  loket_test_remove_tree (dir);
  g_free (db);
  g_free (dir);
  return status;
}
