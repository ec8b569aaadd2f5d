/* test-upgrade.c — a database left by every earlier Loket is upgraded by
 * today's loketd with its data intact and its event log verifying.
 *
 * For each schema version N from 1 to the newest, the test builds a
 * database with migrations 1…N only (loket_store_open_at_version), fills
 * it with what an office at that version held — written as raw SQL of
 * that version, events through the hash chain — starts a real loketd on
 * it (which migrates it), issues a ticket, stops it, and checks every
 * datum and `loketctl verify`.
 *
 * A new schema version is tested from every older one without a change
 * here; to fill in what it adds, append one line to `versions` below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-store.h"
#include "loket-store-private.h"
#include "loket-ticket.h"
#include "loket-test-server.h"

#include <string.h>

#define DAY "2026-03-02"
#define AT(minutes) ((gint64) 1772413200 * G_USEC_PER_SEC + (gint64) (minutes) * 60 * G_USEC_PER_SEC)

static void
exec_sql (LoketStore *store, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (loket_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
append_event (LoketStore *store, gint64 at, const char *actor, const char *type, gint64 ticket)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GError) error = NULL;

  g_autoptr(LoketTicket) row = loket_store_get_ticket (store, ticket, &error);

  /* As loketd writes it: the ticket (here as it ended) in the event, so
   * that `loketctl verify`'s replay rebuilds the same row. */
  g_assert_no_error (error);
  json_object_set_string_member (payload, "type", type);
  json_object_set_int_member (payload, "ticket_id", ticket);
  json_object_set_object_member (payload, "ticket", loket_ticket_to_json (row));
  loket_store_append_event (store, at, actor, "kiosk1", type, ticket, payload, &error);
  g_assert_no_error (error);
}

/* A counter's pause ended: the RESUMED event as loketd writes it. */
static void
append_resumed (LoketStore *store, gint64 at, const char *counter, const char *reason, gint64 usec)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonObject) who = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (who, "id", counter);
  json_object_set_string_member (who, "clerk", "siti");
  json_object_set_object_member (payload, "counter", g_steal_pointer (&who));
  json_object_set_string_member (payload, "service_day", DAY);
  json_object_set_string_member (payload, "pause_reason", reason);
  json_object_set_int_member (payload, "paused_usec", usec);
  loket_store_append_event (store, at, "siti", "counter1", "RESUMED", 0, payload, &error);
  g_assert_no_error (error);
}

/* The pause of @counter a report reads (schema 5 on), or -1. */
static gint64
pause_usec (LoketStore *store, const char *counter)
{
  sqlite3_stmt *stmt = NULL;
  gint64 usec = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (store), "SELECT usec FROM pauses WHERE counter = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, counter, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    usec = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return usec;
}

/* Every ticket has a report row (schema 6 on) that says what the ticket
 * says. */
static void
assert_report_rows (LoketStore *store)
{
  g_assert_cmpint (loket_test_count_rows (store,
      "SELECT count (*) FROM tickets t JOIN report_tickets r USING (id)"
      " JOIN report_kinds k ON k.code = r.kind"
      " WHERE k.issued_service = t.issued_service AND k.service = t.service AND k.state = t.state"
      " AND k.outcome = t.outcome AND k.priority = (t.priority IS NOT NULL) AND k.transfers = t.transfers"
      " AND (SELECT name FROM report_names WHERE code = r.counter) IS t.counter"
      " AND (SELECT name FROM report_names WHERE code = r.clerk) IS t.clerk AND r.arrival_at = t.arrival_at"
      " AND r.called_at = t.called_at AND r.started_at = t.started_at AND r.finished_at = t.finished_at"),
      ==, loket_test_count_rows (store, "SELECT count (*) FROM tickets"));
  g_assert_cmpint (loket_test_count_rows (store, "SELECT count (*) FROM report_tickets"), ==,
                   loket_test_count_rows (store, "SELECT count (*) FROM tickets"));
}

/* ---- version 1: tickets, events, counters, clerks, stored replies ------ */

static void
fill_v1 (LoketStore *store)
{
  g_autofree char *pin = loket_pin_hash ("4829", "00112233445566778899aabbccddeeff", 1000);
  g_autofree char *clerk = g_strdup_printf ("INSERT INTO clerks (id, name, pin_hash, created_at)"
                                            " VALUES ('siti', 'Siti Rahma', "
                                            "'pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$%s', %"
                                            G_GINT64_FORMAT ")", pin, AT (0));
  g_autofree char *tickets = g_strdup_printf (
      "INSERT INTO tickets (id, service_day, series, number, service, issued_service, priority, state,"
      " issued_at, arrival_at, called_at, started_at, finished_at, counter, clerk, outcome, device)"
      " VALUES (1, '" DAY "', 'A', 1, 'ktp', 'ktp', NULL, 'done', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
      ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '1', 'siti', 'served', 'kiosk1'),"
      " (2, '" DAY "', 'A', 2, 'ktp', 'ktp', 'elderly', 'printed', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
      ", 0, 0, 0, NULL, NULL, 'none', 'kiosk1')",
      AT (1), AT (1), AT (5), AT (6), AT (20), AT (2), AT (2));
  /* Recent: loketd forgets stored replies after a while. */
  g_autofree char *reply = g_strdup_printf ("INSERT INTO requests VALUES ('kiosk1', 'r-42', %" G_GINT64_FORMAT
                                            ", 'TICKET', '{\"v\":1,\"ticket\":{\"id\":2}}')", g_get_real_time ());

  exec_sql (store, "BEGIN");
  exec_sql (store, tickets);
  exec_sql (store, clerk);
  exec_sql (store, "INSERT INTO counters (id, state, clerk, pause_reason, paused_since, current_ticket)"
                   " VALUES ('1', 'paused', 'siti', 'prayer', 1772416800000000, NULL)");
  exec_sql (store, reply);
  append_event (store, AT (1), "kiosk1", "ISSUED", 1);
  append_event (store, AT (2), "kiosk1", "ISSUED", 2);
  append_event (store, AT (2), "kiosk1", "PRINTED", 2);
  append_event (store, AT (5), "siti", "CALLED", 1);
  append_event (store, AT (6), "siti", "STARTED", 1);
  append_event (store, AT (20), "siti", "FINISHED", 1);
  append_resumed (store, AT (40), "1", "prayer", 15 * 60 * G_USEC_PER_SEC);
  exec_sql (store, "COMMIT");
}

static void
check_v1 (LoketStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) done = loket_store_get_ticket (store, 1, &error);
  g_autoptr(LoketTicket) waiting = loket_store_find_ticket (store, DAY, "A-002", &error);
  g_autoptr(LoketCounterState) counter = loket_store_get_counter (store, "1", &error);
  g_autofree char *name = loket_store_check_clerk (store, "siti", "4829", &error);
  g_autofree char *reply_type = NULL;
  g_autofree char *reply = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, LOKET_TICKET_DONE);
  g_assert_cmpstr (done->counter, ==, "1");
  g_assert_cmpint (done->finished_at - done->started_at, ==, AT (20) - AT (6));
  g_assert_cmpint (waiting->id, ==, 2);
  g_assert_cmpstr (waiting->priority, ==, "elderly");
  g_assert_cmpuint (loket_store_count_waiting (store, DAY, "ktp", &error), ==, 1);
  /* Schema 12 counted the waiting by kind: the one waiting is elderly. */
  {
    guint regular = 9, priority = 9;

    g_assert_true (loket_store_count_waiting_by_kind (store, DAY, "ktp", &regular, &priority, &error));
    g_assert_cmpuint (regular, ==, 0);
    g_assert_cmpuint (priority, ==, 1);
  }
  g_assert_cmpint (counter->state, ==, LOKET_COUNTER_PAUSED);
  g_assert_cmpstr (counter->pause_reason, ==, "prayer");
  g_assert_cmpstr (name, ==, "Siti Rahma");
  /* Schema 8 made everyone on the staff a clerk. */
  {
    g_autoptr(LoketStaff) siti = loket_store_get_staff (store, "siti", &error);

    g_assert_no_error (error);
    g_assert_cmpint (siti->role, ==, LOKET_STAFF_CLERK);
  }
  g_assert_true (loket_store_lookup_reply (store, "kiosk1", "r-42", &reply_type, &reply, &error));
  g_assert_cmpstr (reply_type, ==, "TICKET");
  /* Schema 5 copied the pauses of the events already there. */
  g_assert_cmpint (pause_usec (store, "1"), ==, 15 * 60 * G_USEC_PER_SEC);
  /* Schema 6 copied every ticket into a report row (and loketd's ticket
   * of today has its own, from the trigger). */
  assert_report_rows (store);
}

/* ---- version 2: what devices said about themselves --------------------- */

static void
fill_v2 (LoketStore *store)
{
  exec_sql (store, "INSERT INTO device_status VALUES ('kiosk1', 'printer', 'error', 'media-empty-error',"
                   " 1772413500000000, 1772413560000000)");
}

static void
check_v2 (LoketStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = loket_store_list_device_status (store, &error);
  LoketDeviceStatus *printer;

  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 1);
  printer = g_ptr_array_index (devices, 0);
  g_assert_cmpstr (printer->state, ==, "error");
  g_assert_cmpstr (printer->detail, ==, "media-empty-error");
}

/* ---- version 3: a ticket's events by index (a second call) ------------- */

static void
fill_v3 (LoketStore *store)
{
  exec_sql (store, "BEGIN");
  exec_sql (store, "INSERT INTO tickets (id, service_day, series, number, service, issued_service, state,"
                   " issued_at, arrival_at, called_at, counter, recalls, device)"
                   " VALUES (3, '" DAY "', 'B', 1, 'kk', 'kk', 'called', 1772413500000000,"
                   " 1772413500000000, 1772413800000000, '2', 1, 'kiosk1')");
  append_event (store, AT (5), "kiosk1", "ISSUED", 3);
  append_event (store, AT (10), "counter2", "CALLED", 3);
  append_event (store, AT (11), "counter2", "RECALLED", 3);
  exec_sql (store, "COMMIT");
}

static void
check_v3 (LoketStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketEventRow) call = loket_store_last_call_event (store, 3, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (call->type, ==, "RECALLED");
  g_assert_cmpint (call->time, ==, AT (11));
}

/* ---- version 4: a supervisor's services for a counter ------------------ */

static void
fill_v4 (LoketStore *store)
{
  exec_sql (store, "INSERT INTO counters (id, state, services) VALUES ('2', 'open', 'kk;akta')");
}

static void
check_v4 (LoketStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCounterState) counter = loket_store_get_counter (store, "2", &error);
  const char * const expected[] = { "kk", "akta", NULL };

  g_assert_no_error (error);
  g_assert_cmpstrv (counter->services, expected);
}

/* ---- version 5: pauses for reports, kept by a trigger ------------------- */

static void
fill_v5 (LoketStore *store)
{
  append_resumed (store, AT (90), "2", "system down", 7 * 60 * G_USEC_PER_SEC);
}

static void
check_v5 (LoketStore *store)
{
  g_assert_cmpint (pause_usec (store, "2"), ==, 7 * 60 * G_USEC_PER_SEC);
}

/* ---- version 6: report rows, kept by triggers ---------------------------- */

/* A ticket written at schema 6, called after a transfer: the triggers
 * wrote its report row and rewrote it. */
static void
fill_v6 (LoketStore *store)
{
  exec_sql (store, "BEGIN");
  exec_sql (store, "INSERT INTO tickets (id, service_day, series, number, service, issued_service, state,"
                   " issued_at, arrival_at, device)"
                   " VALUES (4, '" DAY "', 'C', 1, 'akta', 'akta', 'waiting', 1772414100000000,"
                   " 1772414100000000, 'kiosk1')");
  append_event (store, AT (15), "kiosk1", "ISSUED", 4);
  exec_sql (store, "UPDATE tickets SET service = 'kk', transfers = 1, state = 'called',"
                   " called_at = 1772415000000000, counter = '2', clerk = 'siti' WHERE id = 4");
  append_event (store, AT (30), "siti", "CALLED", 4);
  exec_sql (store, "COMMIT");
}

static void
check_v6 (LoketStore *store)
{
  assert_report_rows (store);
  g_assert_cmpint (loket_test_count_rows (store, "SELECT count (*) FROM report_tickets r"
                                                 " JOIN report_kinds k ON k.code = r.kind"
                                                 " WHERE r.id = 4 AND k.service = 'kk' AND k.transfers = 1"), ==, 1);
}

/* ---- version 7: each day's anchor by index ------------------------------ */

/* Nothing to fill: an index over what every version wrote.  After any
 * upgrade, the anchors found by two seeks a day are what the definition
 * says: for each service day in the log, its last event's hash (read
 * here the slow way, every payload parsed). */
static void
check_anchors (LoketStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anchors = loket_store_list_anchors (store, NULL, NULL, &error);
  g_autoptr(GPtrArray) bounded = loket_store_list_anchors (store, DAY, DAY, &error);
  guint days = (guint) loket_test_count_rows (store,
      "SELECT count (DISTINCT json_extract (payload, '$.service_day')) FROM events"
      " WHERE json_extract (payload, '$.service_day') <> ''");

  g_assert_no_error (error);
  g_assert_cmpuint (days, >=, 1);
  g_assert_cmpuint (anchors->len, ==, days);
  g_assert_cmpuint (bounded->len, ==, 1);
  for (guint i = 0; i < anchors->len; i++)
    {
      const LoketAnchor *a = g_ptr_array_index (anchors, i);
      g_autofree char *sql = g_strdup_printf (
          "SELECT count (*) FROM events WHERE seq = %" G_GINT64_FORMAT " AND hash = '%s'"
          " AND seq = (SELECT max (seq) FROM events WHERE json_extract (payload, '$.service_day') = '%s')",
          a->seq, a->hash, a->day);

      g_assert_cmpint (loket_test_count_rows (store, sql), ==, 1);
    }
  g_assert_cmpstr (((LoketAnchor *) g_ptr_array_index (bounded, 0))->day, ==, DAY);
}

/* ---- version 8: staff roles -------------------------------------------- */

static void
fill_v8 (LoketStore *store)
{
  g_autofree char *pin = loket_pin_hash ("1357", "ffeeddccbbaa99887766554433221100", 1000);
  g_autofree char *head = g_strdup_printf ("INSERT INTO clerks (id, name, pin_hash, created_at, role)"
                                           " VALUES ('hadi', 'Hadi Kusuma', "
                                           "'pbkdf2-sha256$1000$ffeeddccbbaa99887766554433221100$%s', %"
                                           G_GINT64_FORMAT ", 'head')", pin, AT (0));

  exec_sql (store, head);
}

static void
check_v8 (LoketStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStaff) hadi = loket_store_get_staff (store, "hadi", &error);
  g_autofree char *name = loket_store_check_clerk (store, "hadi", "1357", &error);

  g_assert_no_error (error);
  g_assert_cmpint (hadi->role, ==, LOKET_STAFF_HEAD);
  g_assert_cmpstr (name, ==, "Hadi Kusuma");
}

/* ---- version 10: the events a report counts per kiosk, indexed ---------- */

/* Ticket 4, printed again at another kiosk: the partial index holds the
 * event, and the report's question finds it by that index. */
static void
fill_v10 (LoketStore *store)
{
  exec_sql (store, "BEGIN");
  append_event (store, AT (45), "kiosk2", "REPRINTED", 4);
  exec_sql (store, "COMMIT");
}

static void
check_v10 (LoketStore *store)
{
  g_assert_cmpint (loket_test_count_rows (store, "SELECT count (*) FROM events INDEXED BY events_kiosk_acts"
                                                 " WHERE type IN ('PRINT_FAILED', 'REPRINTED', 'PRIORITY_REFUSED')"
                                                 " AND ticket = 4"), ==, 1);
}

/* Entry N: what a database of schema N holds beyond N-1, and how to see
 * it survived.  A new version appends one line. */
static const struct {
  void (*fill)  (LoketStore *store);
  void (*check) (LoketStore *store);
} versions[] = {
  { NULL, NULL },
  { fill_v1, check_v1 },
  { fill_v2, check_v2 },
  { fill_v3, check_v3 },
  { fill_v4, check_v4 },
  { fill_v5, check_v5 },
  { fill_v6, check_v6 },
  { NULL, NULL },   /* 7: see check_anchors () */
  { fill_v8, check_v8 },
  { NULL, NULL },   /* 9: see check_promises () */
  { fill_v10, check_v10 },
};

/* ---- the test ---------------------------------------------------------- */

static guint
user_version (LoketStore *store)
{
  sqlite3_stmt *stmt = NULL;
  guint version;

  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (store), "PRAGMA user_version", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Returns the highest ticket id written. */
static gint64
build_at_version (const char *path, guint version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open_at_version (path, version, &error);
  sqlite3_stmt *stmt = NULL;
  gint64 last_id;

  g_assert_no_error (error);
  g_assert_cmpuint (user_version (store), ==, version);
  for (guint v = 1; v <= version && v < G_N_ELEMENTS (versions); v++)
    if (versions[v].fill != NULL)
      versions[v].fill (store);
  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (store), "SELECT max(id) FROM tickets", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  last_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return last_id;
}

/* Charter versions (schema 9): the charter loketd was started with at the
 * upgrade is version 1, loaded by "migration", and every earlier ticket
 * now carries its promise (tests/data/charter-test.ini: ktp 30/15, kk
 * 45/20, akta 60/20), as does the ticket issued after; the report rows
 * say the same. */
static void
check_promises (LoketStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) first = loket_store_get_ticket (store, 1, &error);
  g_autoptr(GPtrArray) charters = loket_store_list_charter_versions (store, &error);
  const LoketCharterVersion *v;

  g_assert_no_error (error);
  g_assert_cmpuint (charters->len, ==, 1);
  v = g_ptr_array_index (charters, 0);
  g_assert_cmpuint (v->version, ==, 1);
  g_assert_cmpstr (v->loaded_by, ==, "migration");
  g_assert_cmpuint (first->charter_version, ==, 1);
  g_assert_cmpuint (first->promised_wait_minutes, ==, 30);
  g_assert_cmpuint (first->promised_service_minutes, ==, 15);
  g_assert_cmpint (loket_test_count_rows (store,
      "SELECT count (*) FROM tickets WHERE charter_version = 1 AND"
      " (issued_service, promised_wait_minutes, promised_service_minutes) IN"
      " (VALUES ('ktp', 30, 15), ('kk', 45, 20), ('akta', 60, 20))"),
      ==, loket_test_count_rows (store, "SELECT count (*) FROM tickets"));
  g_assert_cmpint (loket_test_count_rows (store,
      "SELECT count (*) FROM tickets t JOIN report_tickets r USING (id) JOIN report_kinds k ON k.code = r.kind"
      " WHERE k.charter_version = t.charter_version AND k.promised_wait_minutes = t.promised_wait_minutes"
      " AND k.promised_service_minutes = t.promised_service_minutes"),
      ==, loket_test_count_rows (store, "SELECT count (*) FROM tickets"));
}

static void
check_upgraded (const char *path, guint version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open_readonly (path, &error);
  gint64 n_events = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (user_version (store), ==, loket_store_schema_latest ());
  for (guint v = 1; v <= version && v < G_N_ELEMENTS (versions); v++)
    if (versions[v].check != NULL)
      versions[v].check (store);
  check_anchors (store);
  check_promises (store);
  g_assert_true (loket_store_verify (store, &n_events, &error));
}

static void
test_upgrade_from (gconstpointer data)
{
  guint version = GPOINTER_TO_UINT (data);
  g_autoptr(LoketTestServer) server = loket_test_server_new (NULL);
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *log = NULL;
  g_autofree char *filled = NULL;
  gint64 last_id = build_at_version (server->db_path, version);

  /* Training mode: the old tickets of 2026-03-02 stay as the old Loket
   * left them to be checked, instead of being closed as unserved on
   * start, as a day left open is (tests/test-close-day.c). */
  server->always_open = TRUE;
  loket_test_server_start (server);
  kiosk = loket_test_server_client (server, "kiosk1");
  /* Today's numbering starts afresh; the ids go on after the old ones. */
  reply = loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id"), ==, last_id + 1);
  loket_test_server_stop (server);

  g_assert_true (g_file_get_contents (server->log_path, &log, NULL, NULL));
  if (version < loket_store_schema_latest ())
    g_assert_nonnull (strstr (log, "schema migrated to version"));
  /* Siti, there since version 1, became a clerk, and loketd said so;
   * and that the office has no supervisor and no head yet. */
  if (version < 8)
    {
      g_assert_nonnull (strstr (log, "everyone already on the staff (1) is a clerk now"));
      g_assert_nonnull (strstr (log, "no supervisor and no head of office"));
    }
  /* The upgrade says that it gave the earlier tickets a promise. */
  filled = g_strdup_printf ("%" G_GINT64_FORMAT " tickets issued before charter versions were kept now "
                            "carry the promise of charter version 1", last_id);
  g_assert_nonnull (strstr (log, filled));
  check_upgraded (server->db_path, version);
  events = loket_test_server_events (server);
  g_assert_cmpstr (((LoketEventRow *) g_ptr_array_index (events, events->len - 1))->type, ==, "ISSUED");
  verified = loket_test_server_ctl (server, "super", "verify", "--db", server->db_path, NULL);
  g_assert_nonnull (strstr (verified, "intact"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Every version this code knows, read from the migrations themselves. */
  for (guint v = 1; v <= loket_store_schema_latest (); v++)
    {
      g_autofree char *path = g_strdup_printf ("/upgrade/from-v%u", v);

      g_test_add_data_func (path, GUINT_TO_POINTER (v), test_upgrade_from);
    }
  return g_test_run ();
}
