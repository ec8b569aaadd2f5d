/* test-store.c — the event store on real SQLite files: schema and
 * migrations, numbering, the hash chain and its tamper detection,
 * idempotent replies, append-only triggers, PIN hashing, index use, a
 * counter's figures of the day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-store.h"
#include "loket-sqlite.h"
#include "loket-test-server.h"
#include "loket-token.h"

#include <glib/gstdio.h>
#include <string.h>

#define MINUTE(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

typedef LoketTestStore Fixture;

static LoketTicket *
make_ticket (const char *day, const char *series, guint number)
{
  LoketTicket *t = loket_ticket_new ();

  t->service_day = g_strdup (day);
  t->series = g_strdup (series);
  t->number = number;
  t->service = g_strdup ("ktp");
  t->issued_service = g_strdup ("ktp");
  t->state = LOKET_TICKET_ISSUED;
  t->issued_at = t->arrival_at = 1000 + number;
  return t;
}

static gint64
append (Fixture *f, const char *type, gint64 ticket)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GError) error = NULL;
  gint64 seq;

  json_object_set_string_member (payload, "type", type);
  seq = loket_store_append_event (f->store, g_get_real_time (), "tester", "dev1", type, ticket,
                                  payload, &error);
  g_assert_no_error (error);
  return seq;
}

static void
test_pragmas (Fixture *f, gconstpointer data)
{
  sqlite3 *db = loket_store_get_db (f->store);
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA synchronous", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);  /* FULL */
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, LOKET_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
}

static void
test_numbering_per_day_and_series (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n;

  g_assert_true (loket_store_begin (f->store, &error));
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(LoketTicket) t = NULL;

      g_assert_true (loket_store_next_number (f->store, "2026-11-25", "A", &n, &error));
      g_assert_cmpuint (n, ==, i);
      t = make_ticket ("2026-11-25", "A", n);
      g_assert_true (loket_store_insert_ticket (f->store, t, &error));
      g_assert_cmpint (t->id, >, 0);
    }
  /* Another series and the next service day start at 1 again. */
  g_assert_true (loket_store_next_number (f->store, "2026-11-25", "B", &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (loket_store_next_number (f->store, "2026-11-26", "A", &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (loket_store_commit (f->store, &error));
  g_assert_no_error (error);
}

static void
test_number_unique_constraint (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) a = make_ticket ("2026-11-25", "A", 1);
  g_autoptr(LoketTicket) b = make_ticket ("2026-11-25", "A", 1);

  g_assert_true (loket_store_insert_ticket (f->store, a, &error));
  g_assert_false (loket_store_insert_ticket (f->store, b, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
}

static void
test_ticket_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) t = make_ticket ("2026-11-25", "C", 7);
  g_autoptr(LoketTicket) back = NULL;
  g_autoptr(LoketTicket) found = NULL;
  g_autoptr(GPtrArray) waiting = NULL;

  t->priority = g_strdup ("elderly");
  g_assert_true (loket_store_insert_ticket (f->store, t, &error));
  t->state = LOKET_TICKET_CALLED;
  t->counter = g_strdup ("2");
  t->recalls = 2;
  g_assert_true (loket_store_update_ticket (f->store, t, &error));
  back = loket_store_get_ticket (f->store, t->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->state, ==, LOKET_TICKET_CALLED);
  g_assert_cmpstr (back->priority, ==, "elderly");
  g_assert_cmpstr (back->counter, ==, "2");
  g_assert_cmpuint (back->recalls, ==, 2);
  found = loket_store_find_ticket (f->store, "2026-11-25", "C-007", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, t->id);
  g_assert_null (loket_store_find_ticket (f->store, "2026-11-25", "C-008", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (loket_store_find_ticket (f->store, "2026-11-25", "seven", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  waiting = loket_store_list_waiting (f->store, "2026-11-25", &error);
  g_assert_cmpuint (waiting->len, ==, 0);
}

static void
test_chain_verifies (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  for (guint i = 0; i < 50; i++)
    g_assert_cmpint (append (f, "ISSUED", 0), ==, i + 1);
  g_assert_true (loket_store_verify (f->store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 50);
}

static void
test_chain_detects_edit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = loket_store_get_db (f->store);
  gint64 n = 0;

  for (guint i = 0; i < 10; i++)
    append (f, "CALLED", 0);
  /* The triggers refuse an edit … */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE events SET actor = 'mallory' WHERE seq = 4", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM events WHERE seq = 4", NULL, NULL, NULL), !=, SQLITE_OK);
  /* … and someone who drops them is still caught by the chain. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER events_append_only_update;"
                                     "UPDATE events SET actor = 'mallory' WHERE seq = 4", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_false (loket_store_verify (f->store, &n, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "event 4"));
}

static void
test_chain_detects_gap (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = loket_store_get_db (f->store);
  gint64 n = 0;

  for (guint i = 0; i < 5; i++)
    append (f, "CALLED", 0);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER events_append_only_delete;"
                                     "DELETE FROM events WHERE seq = 2", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (loket_store_verify (f->store, &n, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED);
}

/* A rolled-back savepoint must not leave the cached chain head ahead of
 * the table, or the next event would chain onto a ghost. */
static void
test_chain_survives_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  append (f, "ISSUED", 0);
  g_assert_true (loket_store_begin (f->store, &error));
  g_assert_true (loket_store_savepoint (f->store, &error));
  append (f, "ISSUED", 0);
  loket_store_rollback_to (f->store);
  g_assert_cmpint (loket_store_get_last_seq (f->store), ==, 1);
  g_assert_cmpint (append (f, "CALLED", 0), ==, 2);
  g_assert_true (loket_store_commit (f->store, &error));
  g_assert_true (loket_store_verify (f->store, &n, &error));
  g_assert_cmpint (n, ==, 2);
}

static void
test_replies (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *body = NULL;

  g_assert_false (loket_store_lookup_reply (f->store, "kiosk1", "r1", &type, &body, &error));
  g_assert_no_error (error);
  g_assert_true (loket_store_save_reply (f->store, "kiosk1", "r1", 100, "OK", "{\"v\":1}", &error));
  g_assert_true (loket_store_lookup_reply (f->store, "kiosk1", "r1", &type, &body, &error));
  g_assert_cmpstr (type, ==, "OK");
  g_assert_cmpstr (body, ==, "{\"v\":1}");
  g_clear_pointer (&type, g_free);
  g_clear_pointer (&body, g_free);
  /* The same req_id from another device is another request. */
  g_assert_false (loket_store_lookup_reply (f->store, "kiosk2", "r1", &type, &body, &error));
  g_assert_false (loket_store_save_reply (f->store, "kiosk1", "r1", 100, "OK", "{}", &error));
  g_clear_error (&error);
  g_assert_true (loket_store_prune_replies (f->store, 200, &error));
  g_assert_false (loket_store_lookup_reply (f->store, "kiosk1", "r1", &type, &body, &error));
}

static void
test_reopen_keeps_everything (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) t = make_ticket ("2026-11-25", "A", 1);
  gint64 n = 0;
  guint next;

  g_assert_true (loket_store_insert_ticket (f->store, t, &error));
  append (f, "ISSUED", t->id);
  g_clear_object (&f->store);
  f->store = loket_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loket_store_get_last_seq (f->store), ==, 1);
  g_assert_true (loket_store_next_number (f->store, "2026-11-25", "A", &next, &error));
  g_assert_cmpuint (next, ==, 2);
  g_assert_cmpint (append (f, "CALLED", t->id), ==, 2);
  g_assert_true (loket_store_verify (f->store, &n, &error));
}

static void
test_newer_schema_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) again = NULL;

  g_assert_cmpint (sqlite3_exec (loket_store_get_db (f->store), "PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&f->store);
  again = loket_store_open (f->path, &error);
  g_assert_null (again);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer"));
  /* … and the file is still there, untouched. */
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
}

static gboolean
has_column (LoketStore *store, const char *table, const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM pragma_table_info ('%s') WHERE name = '%s'",
                                          table, column);
  sqlite3_stmt *stmt;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* A RESUMED event of counter 2, shaped as loketd writes it. */
static void
append_resumed (LoketStore *store, const char *reason, gint64 usec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  JsonObject *counter = json_object_new ();

  json_object_set_string_member (counter, "id", "2");
  json_object_set_null_member (counter, "clerk");
  json_object_set_string_member (payload, "service_day", "2026-11-25");
  json_object_set_object_member (payload, "counter", counter);
  json_object_set_string_member (payload, "pause_reason", reason);
  json_object_set_int_member (payload, "paused_usec", usec);
  g_assert_cmpint (loket_store_append_event (store, 1000, "dev1", "dev1", "RESUMED", 0, payload, &error), >, 0);
  g_assert_no_error (error);
}

/* A version 1 database (as the first release wrote it, with a ticket and
 * a counter in it) is brought to the current schema on open, keeping its
 * data. */
/* Schema 1's triggers on the waiting counts (schema 12 replaced them). */
#define V1_QUEUE_COUNT_TRIGGERS \
  "CREATE TRIGGER queue_counts_insert AFTER INSERT ON tickets" \
  "  WHEN NEW.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN" \
  "  INSERT INTO queue_counts VALUES (NEW.service_day, NEW.service, 1)" \
  "    ON CONFLICT DO UPDATE SET waiting = waiting + 1; END;" \
  "CREATE TRIGGER queue_counts_leave AFTER UPDATE OF state, service, service_day ON tickets" \
  "  WHEN OLD.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN" \
  "  UPDATE queue_counts SET waiting = waiting - 1" \
  "    WHERE service_day = OLD.service_day AND service = OLD.service; END;" \
  "CREATE TRIGGER queue_counts_join AFTER UPDATE OF state, service, service_day ON tickets" \
  "  WHEN NEW.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN" \
  "  INSERT INTO queue_counts VALUES (NEW.service_day, NEW.service, 1)" \
  "    ON CONFLICT DO UPDATE SET waiting = waiting + 1; END;" \
  "CREATE TRIGGER queue_counts_delete AFTER DELETE ON tickets" \
  "  WHEN OLD.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN" \
  "  UPDATE queue_counts SET waiting = waiting - 1" \
  "    WHERE service_day = OLD.service_day AND service = OLD.service; END;"

static void
test_upgrade_from_v1 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) again = NULL;
  g_autoptr(LoketTicket) ticket = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(LoketCounterState) counter = NULL;
  g_autoptr(LoketCounterState) moved = NULL;
  LoketDeviceStatus status = { "kiosk1", "printer", "ok", NULL, 0, 0 };
  gboolean changed = FALSE;
  g_autoptr(LoketTicket) first = make_ticket ("2026-11-25", "A", 1);
  g_autoptr(LoketCounterState) old = loket_store_get_counter (f->store, "2", &error);

  old->state = LOKET_COUNTER_PAUSED;
  old->pause_reason = g_strdup ("prayer");
  g_assert_true (loket_store_begin (f->store, NULL));
  g_assert_true (loket_store_insert_ticket (f->store, first, &error));
  g_assert_true (loket_store_put_counter (f->store, old, &error));
  append_resumed (f->store, "prayer", 600);
  g_assert_true (loket_store_commit (f->store, &error));
  g_assert_no_error (error);

  /* Everything later versions added goes, the v4 column included. */
  g_assert_cmpint (sqlite3_exec (loket_store_get_db (f->store),
                                 "DROP TABLE device_status; DROP INDEX events_ticket;"
                                 "ALTER TABLE counters DROP COLUMN services;"
                                 "DROP TRIGGER pauses_from_events; DROP TABLE pauses;"
                                 "DROP INDEX tickets_day;"
                                 "DROP TRIGGER report_tickets_insert; DROP TRIGGER report_tickets_update;"
                                 "DROP TRIGGER report_tickets_delete; DROP TABLE report_tickets;"
                                 "DROP TABLE report_kinds; DROP TABLE report_names;"
                                 "DROP INDEX events_day;"
                                 "ALTER TABLE clerks DROP COLUMN role;"
                                 "DROP TABLE charter_versions; ALTER TABLE tickets DROP COLUMN charter_version;"
                                 "ALTER TABLE tickets DROP COLUMN promised_wait_minutes;"
                                 "ALTER TABLE tickets DROP COLUMN promised_service_minutes;"
                                 "DROP INDEX events_kiosk_acts;"
                                 "DROP INDEX events_turned_away; DROP INDEX events_day_closed;"
                                 "DROP TRIGGER queue_counts_insert; DROP TRIGGER queue_counts_leave;"
                                 "DROP TRIGGER queue_counts_join; DROP TRIGGER queue_counts_delete;"
                                 "ALTER TABLE queue_counts DROP COLUMN priority_waiting;"
                                 V1_QUEUE_COUNT_TRIGGERS
                                 "ALTER TABLE counters DROP COLUMN pause_note;"
                                 "DROP INDEX tickets_token; ALTER TABLE tickets DROP COLUMN token;"
                                 "DROP TABLE surveys;"
                                 "DROP TABLE complaint_steps; DROP TABLE complainants; DROP TABLE complaints;"
                                 "DROP TABLE complaint_salt;"
                                 "PRAGMA user_version = 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (has_column (f->store, "counters", "services"));
  g_clear_object (&f->store);
  again = loket_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (has_column (again, "counters", "services"));
  g_assert_true (has_column (again, "tickets", "token"));
  /* v5: the report's index, and the pauses copied from the log, then
   * kept by the trigger. */
  g_assert_cmpint (loket_test_count_rows (again, "SELECT count (*) FROM sqlite_schema"
                                                 " WHERE name = 'tickets_day'"), ==, 1);
  g_assert_cmpint (loket_test_count_rows (again, "SELECT count (*) FROM pauses WHERE reason = 'prayer'"
                                      " AND usec = 600 AND counter = '2' AND service_day = '2026-11-25'"), ==, 1);
  /* v6: the ticket's report row, copied (tests/test-store-report.c). */
  g_assert_cmpint (loket_test_count_rows (again, "SELECT count (*) FROM report_tickets"), ==, 1);
  /* v7: staff roles. */
  g_assert_true (has_column (again, "clerks", "role"));
  append_resumed (again, "break", 300);
  g_assert_cmpint (loket_test_count_rows (again, "SELECT count (*) FROM pauses"), ==, 2);
  counter = loket_store_get_counter (again, "2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (counter->state, ==, LOKET_COUNTER_PAUSED);
  g_assert_cmpstr (counter->pause_reason, ==, "prayer");
  g_assert_null (counter->services);
  counter->services = g_strsplit ("kk;akta", ";", -1);
  g_assert_true (loket_store_put_counter (again, counter, &error));
  moved = loket_store_get_counter (again, "2", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (moved->services, counter->services);
  ticket = loket_store_get_ticket (again, first->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  g_assert_true (loket_store_begin (again, NULL));
  g_assert_true (loket_store_put_device_status (again, &status, 42, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (loket_store_commit (again, NULL));
  g_assert_true (changed);
  devices = loket_store_list_device_status (again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 1);
}

static void
test_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("loket-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *after = NULL;
  g_autoptr(LoketStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "this is not sqlite, it is a shopping list\n", -1, NULL));
  store = loket_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
  /* Never recreated: the bytes are still the shopping list. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_true (g_str_has_prefix (after, "this is not sqlite"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_counter_state (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCounterState) fresh = loket_store_get_counter (f->store, "3", &error);
  g_autoptr(LoketCounterState) back = NULL;

  g_assert_cmpint (fresh->state, ==, LOKET_COUNTER_OPEN);
  fresh->state = LOKET_COUNTER_PAUSED;
  fresh->pause_reason = g_strdup ("prayer");
  fresh->ratio.run = 2;
  fresh->ratio.last_priority = TRUE;
  g_assert_null (fresh->services);
  fresh->services = g_strsplit ("kk", ";", -1);
  g_assert_true (loket_store_put_counter (f->store, fresh, &error));
  back = loket_store_get_counter (f->store, "3", &error);
  g_assert_cmpint (back->state, ==, LOKET_COUNTER_PAUSED);
  g_assert_cmpstr (back->pause_reason, ==, "prayer");
  g_assert_cmpuint (back->ratio.run, ==, 2);
  g_assert_true (back->ratio.last_priority);
  g_assert_cmpstrv (back->services, fresh->services);
}

/* A ticket @counter called at @called minutes after 09:00, on its way
 * through @state; issued at 09:00. */
static LoketTicket *
counter_ticket (Fixture *f, guint number, const char *service, const char *counter,
                gint64 called, LoketTicketState state)
{
  LoketTicket *t = make_ticket ("2026-11-25", "A", number);
  g_autoptr(GError) error = NULL;

  g_free (t->service);
  t->service = g_strdup (service);
  t->issued_at = t->arrival_at = MINUTE (0);
  t->called_at = called >= 0 ? MINUTE (called) : 0;
  t->counter = g_strdup (counter);
  t->state = state;
  g_assert_true (loket_store_insert_ticket (f->store, t, &error));
  g_assert_no_error (error);
  return t;
}

static void
finish (Fixture *f, LoketTicket *t, gint64 started, gint64 finished, LoketOutcome outcome)
{
  g_autoptr(GError) error = NULL;

  t->started_at = MINUTE (started);
  t->finished_at = MINUTE (finished);
  t->outcome = outcome;
  g_assert_true (loket_store_update_ticket (f->store, t, &error));
  g_assert_no_error (error);
}

static void
append_transfer (Fixture *f, const LoketTicket *t, const char *counter)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  JsonObject *from = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (from, "id", counter);
  json_object_set_object_member (payload, "counter", from);
  g_assert_cmpint (loket_store_append_event (f->store, MINUTE (30), "siti", "counter1", "TRANSFERRED",
                                             t->id, payload, &error), >, 0);
  g_assert_no_error (error);
}

/* A counter's day counted by the store, against promises of 30 minutes'
 * wait and 15 minutes' service (ktp), 45 and 20 (kk). */
static void
test_counter_figures (Fixture *f, gconstpointer data)
{
  const LoketServicePromise promises[] = { { "ktp", MINUTE (30), MINUTE (15) },
                                           { "kk", MINUTE (45), MINUTE (20) } };
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) late = counter_ticket (f, 1, "ktp", "1", 40, LOKET_TICKET_DONE);
  g_autoptr(LoketTicket) quick = counter_ticket (f, 2, "ktp", "1", 10, LOKET_TICKET_DONE);
  g_autoptr(LoketTicket) absent = counter_ticket (f, 3, "kk", "1", 5, LOKET_TICKET_NO_SHOW);
  g_autoptr(LoketTicket) moved = counter_ticket (f, 4, "akta", NULL, 5, LOKET_TICKET_WAITING);
  g_autoptr(LoketTicket) elsewhere = counter_ticket (f, 5, "ktp", "2", 50, LOKET_TICKET_DONE);
  g_autoptr(LoketTicket) moved_elsewhere = counter_ticket (f, 6, "kk", NULL, 5, LOKET_TICKET_WAITING);
  g_autoptr(LoketTicket) waiting = counter_ticket (f, 7, "ktp", NULL, -1, LOKET_TICKET_PRINTED);
  g_autoptr(LoketTicket) yesterday = make_ticket ("2026-11-24", "A", 1);
  LoketCounterFigures figures;

  finish (f, late, 41, 61, LOKET_OUTCOME_SERVED);       /* both promises broken */
  finish (f, quick, 11, 21, LOKET_OUTCOME_INCOMPLETE);
  finish (f, elsewhere, 51, 90, LOKET_OUTCOME_SERVED);
  moved->transfers = moved_elsewhere->transfers = 1;
  g_assert_true (loket_store_update_ticket (f->store, moved, &error));
  g_assert_true (loket_store_update_ticket (f->store, moved_elsewhere, &error));
  append_transfer (f, moved, "1");
  append_transfer (f, moved_elsewhere, "2");
  yesterday->counter = g_strdup ("1");
  yesterday->called_at = MINUTE (-900);
  g_assert_true (loket_store_insert_ticket (f->store, yesterday, &error));
  g_assert_no_error (error);

  g_assert_true (loket_store_counter_figures (f->store, "2026-11-25", "1", promises,
                                              G_N_ELEMENTS (promises), &figures, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (figures.called, ==, 4);
  g_assert_cmpuint (figures.served, ==, 1);
  g_assert_cmpuint (figures.finished, ==, 2);
  g_assert_cmpuint (figures.noshows, ==, 1);
  g_assert_cmpuint (figures.transferred, ==, 1);
  g_assert_cmpuint (figures.wait_breaches, ==, 1);
  g_assert_cmpuint (figures.service_breaches, ==, 1);
  g_assert_cmpint (figures.mean_service_usec, ==, MINUTE (15));

  g_assert_true (loket_store_counter_figures (f->store, "2026-11-25", "3", promises,
                                              G_N_ELEMENTS (promises), &figures, &error));
  g_assert_cmpuint (figures.called, ==, 0);
  g_assert_cmpint (figures.mean_service_usec, ==, 0);
}

/* A counter's queue: the waiting tickets of its services, by arrival. */
static void
test_waiting_for (Fixture *f, gconstpointer data)
{
  const char * const services[] = { "kk", "akta", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) ktp = counter_ticket (f, 1, "ktp", NULL, -1, LOKET_TICKET_PRINTED);
  g_autoptr(LoketTicket) kk = counter_ticket (f, 2, "kk", NULL, -1, LOKET_TICKET_PRINTED);
  g_autoptr(LoketTicket) akta = counter_ticket (f, 3, "akta", NULL, -1, LOKET_TICKET_WAITING);
  g_autoptr(LoketTicket) called = counter_ticket (f, 4, "kk", "1", 3, LOKET_TICKET_CALLED);
  g_autoptr(GPtrArray) queue = NULL;

  akta->arrival_at = MINUTE (-5);   /* transferred: it keeps its place */
  g_assert_true (loket_store_update_ticket (f->store, akta, &error));
  queue = loket_store_list_waiting_for (f->store, "2026-11-25", services, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 2);
  g_assert_cmpint (((LoketTicket *) g_ptr_array_index (queue, 0))->id, ==, akta->id);
  g_assert_cmpint (((LoketTicket *) g_ptr_array_index (queue, 1))->id, ==, kk->id);
}

/* Tokens: 22 characters of base64url, all different, each finding its
 * ticket and nothing else; a token is unique in the table; the place in
 * the queue counts only the ticket's own kind, in calling order. */
static void
test_tokens (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) first = counter_ticket (f, 1, "ktp", NULL, -1, LOKET_TICKET_PRINTED);
  g_autoptr(LoketTicket) second = counter_ticket (f, 2, "ktp", NULL, -1, LOKET_TICKET_WAITING);
  g_autoptr(LoketTicket) priority = counter_ticket (f, 3, "ktp", NULL, -1, LOKET_TICKET_PRINTED);
  g_autoptr(LoketTicket) found = NULL;
  g_autofree char *token = loket_token_new (&error);
  g_autofree char *back = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < 1000; i++)
    {
      char *t = loket_token_new (&error);

      g_assert_no_error (error);
      g_assert_cmpuint (strlen (t), ==, LOKET_TOKEN_LENGTH);
      g_assert_true (loket_token_is_well_formed (t));
      g_assert_true (g_hash_table_add (seen, t));
    }
  g_assert_false (loket_token_is_well_formed ("A-001"));
  g_assert_false (loket_token_is_well_formed ("aaaaaaaaaaaaaaaaaaaaa/"));
  g_assert_false (loket_token_is_well_formed ("aaaaaaaaaaaaaaaaaaaaaaa"));
  g_assert_false (loket_token_is_well_formed (NULL));

  g_assert_true (loket_store_set_ticket_token (f->store, second->id, token, &error));
  g_assert_no_error (error);
  found = loket_store_find_ticket_by_token (f->store, token, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, second->id);
  back = loket_store_get_ticket_token (f->store, second->id, &error);
  g_assert_cmpstr (back, ==, token);
  g_assert_null (loket_store_get_ticket_token (f->store, first->id, &error));
  g_assert_no_error (error);
  g_assert_null (loket_store_find_ticket_by_token (f->store, "no-such-token-at-all-x", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_null (strstr (error->message, "no-such"));
  g_clear_error (&error);
  g_assert_false (loket_store_set_ticket_token (f->store, first->id, token, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
  g_clear_error (&error);

  priority->priority = g_strdup ("elderly");
  g_assert_true (loket_store_update_ticket (f->store, priority, &error));
  g_assert_cmpuint (loket_store_count_ahead (f->store, first, &error), ==, 0);
  g_assert_cmpuint (loket_store_count_ahead (f->store, second, &error), ==, 1);
  g_assert_cmpuint (loket_store_count_ahead (f->store, priority, &error), ==, 0);
  g_assert_no_error (error);
}

/* RFC 7914 §11 / RFC 6070-style vectors for PBKDF2-HMAC-SHA256. */
static void
test_pin_hash_vectors (void)
{
  g_autofree char *one = loket_pin_hash ("password", "salt", 1);
  g_autofree char *two = loket_pin_hash ("password", "salt", 2);
  g_autofree char *many = loket_pin_hash ("password", "salt", 4096);

  g_assert_cmpstr (one, ==, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  g_assert_cmpstr (two, ==, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
  g_assert_cmpstr (many, ==, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
}

static void
test_clerks (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  g_assert_true (loket_store_add_clerk (f->store, "siti", "Siti Rahma", "482913", 1, &error));
  name = loket_store_check_clerk (f->store, "siti", "482913", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Siti Rahma");
  g_assert_null (loket_store_check_clerk (f->store, "siti", "000000", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_null (loket_store_check_clerk (f->store, "nobody", "482913", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_false (loket_store_add_clerk (f->store, "budi", "Budi", "12", 1, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  /* A new PIN keeps the name; an unknown clerk has none to change. */
  g_clear_pointer (&name, g_free);
  name = loket_store_set_clerk_pin (f->store, "siti", "90817263", &error);
  g_assert_cmpstr (name, ==, "Siti Rahma");
  g_assert_null (loket_store_check_clerk (f->store, "siti", "482913", &error));
  g_clear_error (&error);
  g_clear_pointer (&name, g_free);
  name = loket_store_check_clerk (f->store, "siti", "90817263", &error);
  g_assert_cmpstr (name, ==, "Siti Rahma");
  g_assert_null (loket_store_set_clerk_pin (f->store, "nobody", "90817263", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* The PIN itself is nowhere in the database. */
  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (f->store),
                                       "SELECT pin_hash FROM clerks WHERE id = 'siti'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_null (strstr ((const char *) sqlite3_column_text (stmt, 0), "90817263"));
  g_assert_true (g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 0), "pbkdf2-sha256$"));
  sqlite3_finalize (stmt);
}

static void
test_clerk_removal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCounterState) counter = loket_store_get_counter (f->store, "2", &error);
  g_autofree char *at = NULL;
  g_autofree char *name = NULL;

  g_assert_true (loket_store_add_clerk (f->store, "budi", "Budi Santoso", "7777", 1, &error));
  g_assert_null (loket_store_find_clerk_counter (f->store, "budi", &error));
  g_assert_no_error (error);
  counter->clerk = g_strdup ("budi");
  g_assert_true (loket_store_put_counter (f->store, counter, &error));
  at = loket_store_find_clerk_counter (f->store, "budi", &error);
  g_assert_cmpstr (at, ==, "2");
  name = loket_store_remove_clerk (f->store, "budi", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Budi Santoso");
  g_assert_null (loket_store_remove_clerk (f->store, "budi", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
}

/* Each person has one role; adding someone already there keeps theirs
 * and the day they joined; the schema refuses a fourth role. */
static void
test_staff_roles (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStaff) hadi = NULL;
  g_autoptr(LoketStaff) again = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_cmpint (loket_store_count_staff (f->store, LOKET_STAFF_HEAD, &error), ==, 0);
  g_assert_true (loket_store_add_staff (f->store, "hadi", "Hadi", "1357", LOKET_STAFF_HEAD, 5, &error));
  g_assert_true (loket_store_add_clerk (f->store, "siti", "Siti Rahma", "2468", 6, &error));
  hadi = loket_store_get_staff (f->store, "hadi", &error);
  g_assert_no_error (error);
  g_assert_cmpint (hadi->role, ==, LOKET_STAFF_HEAD);
  g_assert_cmpint (loket_store_count_staff (f->store, LOKET_STAFF_HEAD, &error), ==, 1);

  g_assert_true (loket_store_add_staff (f->store, "hadi", "Hadi Kusuma", "9753", LOKET_STAFF_CLERK, 9, &error));
  again = loket_store_get_staff (f->store, "hadi", &error);
  g_assert_cmpint (again->role, ==, LOKET_STAFF_HEAD);
  g_assert_cmpint (again->created_at, ==, 5);
  g_assert_cmpstr (again->name, ==, "Hadi Kusuma");

  g_assert_true (loket_store_set_staff_role (f->store, "siti", LOKET_STAFF_SUPERVISOR, &error));
  g_assert_false (loket_store_set_staff_role (f->store, "nobody", LOKET_STAFF_SUPERVISOR, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (loket_store_get_staff (f->store, "nobody", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  all = loket_store_list_staff (f->store, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (((LoketStaff *) g_ptr_array_index (all, 1))->id, ==, "siti");
  g_assert_cmpint (((LoketStaff *) g_ptr_array_index (all, 1))->role, ==, LOKET_STAFF_SUPERVISOR);
  g_assert_cmpint (sqlite3_exec (loket_store_get_db (f->store), "UPDATE clerks SET role = 'boss'",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_CHECK);
}

/* How many wait for @service: of @kind (0 regular, 1 priority), or of
 * both (-1). */
static guint
count_by_scan (Fixture *f, const char *day, const char *service, gint kind)
{
  sqlite3_stmt *stmt;
  guint n;

  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (f->store),
                   "SELECT COUNT (*) FROM tickets WHERE service_day = ?1 AND service = ?2"
                   " AND state IN ('issued', 'printed', 'print-failed', 'waiting')"
                   " AND (?3 < 0 OR (priority IS NOT NULL) = ?3)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, service, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, kind);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The kept waiting counts, of both kinds and of priority, agree with
 * counting the queue, through random issues, calls, transfers, claims
 * refused, finishes and rolled-back savepoints. */
static void
test_waiting_counts (Fixture *f, gconstpointer data)
{
  const char *services[] = { "ktp", "kk", "akta" };
  const LoketTicketState states[] = { LOKET_TICKET_PRINTED, LOKET_TICKET_CALLED, LOKET_TICKET_DONE,
                                      LOKET_TICKET_WAITING, LOKET_TICKET_VOID };
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_ticket_free);
  GRand *rand = g_rand_new_with_seed (99);
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_store_begin (f->store, &error));
  for (guint step = 0; step < 600; step++)
    {
      gboolean undo = g_rand_int_range (rand, 0, 8) == 0;

      g_assert_true (loket_store_savepoint (f->store, &error));
      if (tickets->len == 0 || g_rand_boolean (rand))
        {
          LoketTicket *t = make_ticket (g_rand_boolean (rand) ? "2026-11-25" : "2026-11-26", "A",
                                        step + 1);

          g_free (t->service);
          t->service = g_strdup (services[g_rand_int_range (rand, 0, 3)]);
          if (g_rand_int_range (rand, 0, 3) == 0)
            t->priority = g_strdup ("elderly");
          g_assert_true (loket_store_insert_ticket (f->store, t, &error));
          g_ptr_array_add (tickets, t);
        }
      else
        {
          guint i = (guint) g_rand_int_range (rand, 0, (gint32) tickets->len);
          LoketTicket *t = g_ptr_array_index (tickets, i);
          g_autoptr(LoketTicket) before = loket_ticket_copy (t);

          t->state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
          g_free (t->service);
          t->service = g_strdup (services[g_rand_int_range (rand, 0, 3)]);
          if (t->priority != NULL && g_rand_int_range (rand, 0, 4) == 0)   /* not entitled */
            g_clear_pointer (&t->priority, g_free);
          g_assert_true (loket_store_update_ticket (f->store, t, &error));
          if (undo)   /* the database will forget this change; so must we */
            {
              loket_ticket_free (t);
              tickets->pdata[i] = g_steal_pointer (&before);
            }
        }
      if (undo)
        loket_store_rollback_to (f->store);
      else
        g_assert_true (loket_store_release (f->store, &error));
    }
  g_assert_true (loket_store_commit (f->store, &error));
  g_rand_free (rand);

  for (guint d = 0; d < 2; d++)
    for (guint s = 0; s < G_N_ELEMENTS (services); s++)
      {
        const char *day = d ? "2026-11-26" : "2026-11-25";

        guint regular, priority;

        g_assert_cmpuint (loket_store_count_waiting (f->store, day, services[s], &error), ==,
                          count_by_scan (f, day, services[s], -1));
        g_assert_true (loket_store_count_waiting_by_kind (f->store, day, services[s], &regular, &priority,
                                                          &error));
        g_assert_cmpuint (regular, ==, count_by_scan (f, day, services[s], 0));
        g_assert_cmpuint (priority, ==, count_by_scan (f, day, services[s], 1));
      }
}

/* The queue's hot reads use indexes, not table scans. */
static void
test_query_plans (Fixture *f, gconstpointer data)
{
  const char *queries[] = {
    "SELECT COUNT (*) FROM tickets WHERE service_day = '2026-11-25' AND state IN ('issued','waiting') AND service = 'ktp'",
    "SELECT COALESCE (MAX (number), 0) FROM tickets WHERE service_day = '2026-11-25' AND series = 'A'",
    "SELECT * FROM tickets WHERE service_day = '2026-11-25' AND called_at > 0 ORDER BY called_at DESC LIMIT 10",
    "SELECT * FROM tickets WHERE service_day = '2026-11-25' AND service = 'ktp' AND (priority IS NOT NULL) = 1"
    " AND state IN ('issued', 'printed', 'print-failed', 'waiting') ORDER BY arrival_at, id LIMIT 1",
    "SELECT COALESCE (AVG (finished_at - started_at), 0) FROM tickets"
    " WHERE service_day = '2026-11-25' AND service = 'ktp' AND state = 'done' AND started_at > 0",
  };


  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", queries[i], NULL);
      sqlite3_stmt *stmt;
      GString *plan = g_string_new (NULL);

      g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      g_test_message ("%s\n%s", queries[i], plan->str);
      g_assert_nonnull (strstr (plan->str, "USING"));
      g_assert_null (strstr (plan->str, "SCAN tickets\n"));
      g_assert_null (strstr (plan->str, "TEMP B-TREE"));
      g_string_free (plan, TRUE);
    }
}

/* The text an event was hashed and stored as is handed out once, for
 * the server to publish; the next transaction starts afresh. */
static void
test_event_text_for_publishing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *stale = NULL;
  gint64 first, second;

  g_assert_true (loket_store_begin (f->store, &error));
  first = append (f, "ISSUED", 0);
  second = append (f, "CALLED", 0);
  g_assert_true (loket_store_commit (f->store, &error));
  rows = loket_store_list_events (f->store, first - 1, 1, &error);
  g_assert_no_error (error);
  text = loket_store_take_event_text (f->store, first);
  g_assert_cmpstr (text, ==, ((LoketEventRow *) g_ptr_array_index (rows, 0))->payload);
  again = loket_store_take_event_text (f->store, first);
  g_assert_null (again);
  g_assert_true (loket_store_begin (f->store, &error));
  stale = loket_store_take_event_text (f->store, second);
  g_assert_null (stale);
  loket_store_rollback (f->store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, loket_test_store_set_up, func, loket_test_store_tear_down)
  ADD ("/store/pragmas", test_pragmas);
  ADD ("/store/numbering/per-day-and-series", test_numbering_per_day_and_series);
  ADD ("/store/numbering/unique-constraint", test_number_unique_constraint);
  ADD ("/store/tickets/round-trip", test_ticket_round_trip);
  ADD ("/store/chain/verifies", test_chain_verifies);
  ADD ("/store/chain/detects-edit", test_chain_detects_edit);
  ADD ("/store/chain/detects-gap", test_chain_detects_gap);
  ADD ("/store/chain/survives-rollback", test_chain_survives_rollback);
  ADD ("/store/chain/event-text-for-publishing", test_event_text_for_publishing);
  ADD ("/store/replies", test_replies);
  ADD ("/store/reopen", test_reopen_keeps_everything);
  ADD ("/store/schema/newer-refused", test_newer_schema_refused);
  ADD ("/store/schema/upgrade-from-v1", test_upgrade_from_v1);
  ADD ("/store/counters", test_counter_state);
  ADD ("/store/counters/figures", test_counter_figures);
  ADD ("/store/counters/waiting-for", test_waiting_for);
  ADD ("/store/tickets/tokens", test_tokens);
  ADD ("/store/clerks", test_clerks);
  ADD ("/store/clerks/removal", test_clerk_removal);
  ADD ("/store/staff-roles", test_staff_roles);
  ADD ("/store/query-plans", test_query_plans);
  ADD ("/store/waiting-counts", test_waiting_counts);
#undef ADD
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  g_test_add_func ("/store/pin-hash/vectors", test_pin_hash_vectors);
  return g_test_run ();
}
