/* loket-store.c — SQLite behind the LoketStore object.
 *
 * Statements are prepared once and cached by their (static) SQL text; each
 * use starts with a reset, so an early return never leaves one half-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-store"

#include "loket-store.h"
#include "loket-store-private.h"
#include "loket-error.h"
#include "loket-message.h"

#include <string.h>

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct _LoketStore
{
  GObject     parent_instance;
  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* const char *sql → sqlite3_stmt* */
  gint64      last_seq;     /* head of the hash chain … */
  char       *last_hash;    /* … cached, reloaded after any rollback */
  gboolean    readonly;
  gint        schema;       /* the version it was opened at */
  /* seq → the payload text of each event appended since the last BEGIN,
   * as hashed and stored (loket_store_take_event_text ()). */
  GHashTable *event_texts;
};

G_DEFINE_FINAL_TYPE (LoketStore, loket_store, G_TYPE_OBJECT)

/* Schema 6: the report row of the ticket NEW, in the statements of a
 * trigger — its kind and the names of its counter and clerk found, or
 * added the first time they are seen, then its row written (over the old
 * one on an update).  Part of migration 6: never edit. */
#define REPORT_KIND_OF(t) \
  "issued_service = " t ".issued_service AND service = " t ".service AND state = " t ".state" \
  " AND outcome = " t ".outcome AND priority = (" t ".priority IS NOT NULL) AND transfers = " t ".transfers"
#define REPORT_NAME_OF(column) "(SELECT code FROM report_names WHERE name = " column ")"
#define REPORT_ROW_OF_NEW \
  " INSERT INTO report_kinds (issued_service, service, state, outcome, priority, transfers)" \
  "   VALUES (NEW.issued_service, NEW.service, NEW.state, NEW.outcome, NEW.priority IS NOT NULL," \
  "           NEW.transfers) ON CONFLICT DO NOTHING;" \
  " INSERT INTO report_names (name) SELECT NEW.counter WHERE NEW.counter IS NOT NULL ON CONFLICT DO NOTHING;" \
  " INSERT INTO report_names (name) SELECT NEW.clerk WHERE NEW.clerk IS NOT NULL ON CONFLICT DO NOTHING;" \
  " INSERT INTO report_tickets (id, kind, counter, clerk, arrival_at, called_at, started_at, finished_at)" \
  "   VALUES (NEW.id, (SELECT code FROM report_kinds WHERE " REPORT_KIND_OF ("NEW") ")," \
  "           " REPORT_NAME_OF ("NEW.counter") ", " REPORT_NAME_OF ("NEW.clerk") "," \
  "           NEW.arrival_at, NEW.called_at, NEW.started_at, NEW.finished_at)" \
  "   ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, counter = excluded.counter," \
  "     clerk = excluded.clerk, arrival_at = excluded.arrival_at, called_at = excluded.called_at," \
  "     started_at = excluded.started_at, finished_at = excluded.finished_at;"

/* Staff roles: clerk, supervisor, head of office.  Everyone already on
 * the staff becomes a clerk — nobody is made a supervisor by an upgrade;
 * a head appoints them, and while there is none the supervisor's key
 * may appoint the first head (docs/security.md).  migrate () logs how
 * many became clerks. */
static const char staff_roles_migration[] =
  "ALTER TABLE clerks ADD COLUMN role TEXT NOT NULL DEFAULT 'clerk'"
  "  CHECK (role IN ('clerk', 'supervisor', 'head'));";
/* Schema 9: a report row's kind also holds the ticket's own promise and
 * charter version (0: none recorded).  Part of migration 9: never edit. */
#define REPORT_KIND9_OF(t) \
  REPORT_KIND_OF (t) " AND charter_version = COALESCE (" t ".charter_version, 0)" \
  " AND promised_wait_minutes = COALESCE (" t ".promised_wait_minutes, 0)" \
  " AND promised_service_minutes = COALESCE (" t ".promised_service_minutes, 0)"
#define REPORT_ROW9_OF_NEW \
  " INSERT INTO report_kinds (issued_service, service, state, outcome, priority, transfers," \
  "                           charter_version, promised_wait_minutes, promised_service_minutes)" \
  "   VALUES (NEW.issued_service, NEW.service, NEW.state, NEW.outcome, NEW.priority IS NOT NULL," \
  "           NEW.transfers, COALESCE (NEW.charter_version, 0), COALESCE (NEW.promised_wait_minutes, 0)," \
  "           COALESCE (NEW.promised_service_minutes, 0)) ON CONFLICT DO NOTHING;" \
  " INSERT INTO report_names (name) SELECT NEW.counter WHERE NEW.counter IS NOT NULL ON CONFLICT DO NOTHING;" \
  " INSERT INTO report_names (name) SELECT NEW.clerk WHERE NEW.clerk IS NOT NULL ON CONFLICT DO NOTHING;" \
  " INSERT INTO report_tickets (id, kind, counter, clerk, arrival_at, called_at, started_at, finished_at)" \
  "   VALUES (NEW.id, (SELECT code FROM report_kinds WHERE " REPORT_KIND9_OF ("NEW") ")," \
  "           " REPORT_NAME_OF ("NEW.counter") ", " REPORT_NAME_OF ("NEW.clerk") "," \
  "           NEW.arrival_at, NEW.called_at, NEW.started_at, NEW.finished_at)" \
  "   ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, counter = excluded.counter," \
  "     clerk = excluded.clerk, arrival_at = excluded.arrival_at, called_at = excluded.called_at," \
  "     started_at = excluded.started_at, finished_at = excluded.finished_at;"

/* Schema migrations: entry N brings user_version N-1 to N.  Never edit a
 * shipped entry; append a new one. */
static const char * const migrations[] = {
  NULL,
  /* 1: the first schema */
  "CREATE TABLE events ("
  "  seq INTEGER PRIMARY KEY,"
  "  time INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  device TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  ticket INTEGER,"
  "  payload TEXT NOT NULL,"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL);"
  "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE TABLE tickets ("
  "  id INTEGER PRIMARY KEY,"
  "  service_day TEXT NOT NULL,"
  "  series TEXT NOT NULL,"
  "  number INTEGER NOT NULL,"
  "  service TEXT NOT NULL,"
  "  issued_service TEXT NOT NULL,"
  "  priority TEXT,"
  "  state TEXT NOT NULL,"
  "  issued_at INTEGER NOT NULL,"
  "  arrival_at INTEGER NOT NULL,"
  "  called_at INTEGER NOT NULL DEFAULT 0,"
  "  started_at INTEGER NOT NULL DEFAULT 0,"
  "  finished_at INTEGER NOT NULL DEFAULT 0,"
  "  counter TEXT,"
  "  clerk TEXT,"
  "  recalls INTEGER NOT NULL DEFAULT 0,"
  "  transfers INTEGER NOT NULL DEFAULT 0,"
  "  outcome TEXT NOT NULL DEFAULT 'none',"
  "  device TEXT,"
  "  UNIQUE (service_day, series, number));"
  /* Every index is written on every commit that touches its rows, and
   * a citizen waits for that commit: issuing a ticket touches three (the
   * number, the service, the queue); the others are partial, written only
   * once the ticket is called.  Reports add their own indexes. */
  "CREATE INDEX tickets_day_service ON tickets (service_day, service, state);"
  "CREATE INDEX tickets_queue_heads ON tickets"
  "  (service_day, service, priority IS NOT NULL, arrival_at, id)"
  "  WHERE state IN ('issued', 'printed', 'print-failed', 'waiting');"
  "CREATE INDEX tickets_active ON tickets (service_day, state)"
  "  WHERE state IN ('called', 'serving');"
  "CREATE INDEX tickets_calls ON tickets (service_day, called_at) WHERE called_at > 0;"
  /* How many wait, per service and day, kept by triggers in the same
   * transaction (and savepoint) as the change itself: a kiosk asks on
   * every ticket, and counting a long queue each time would cost O(n). */
  "CREATE TABLE queue_counts ("
  "  service_day TEXT NOT NULL,"
  "  service TEXT NOT NULL,"
  "  waiting INTEGER NOT NULL,"
  "  PRIMARY KEY (service_day, service)) WITHOUT ROWID;"
  "CREATE TRIGGER queue_counts_insert AFTER INSERT ON tickets"
  "  WHEN NEW.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN"
  "  INSERT INTO queue_counts VALUES (NEW.service_day, NEW.service, 1)"
  "    ON CONFLICT DO UPDATE SET waiting = waiting + 1; END;"
  "CREATE TRIGGER queue_counts_leave AFTER UPDATE OF state, service, service_day ON tickets"
  "  WHEN OLD.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN"
  "  UPDATE queue_counts SET waiting = waiting - 1"
  "    WHERE service_day = OLD.service_day AND service = OLD.service; END;"
  "CREATE TRIGGER queue_counts_join AFTER UPDATE OF state, service, service_day ON tickets"
  "  WHEN NEW.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN"
  "  INSERT INTO queue_counts VALUES (NEW.service_day, NEW.service, 1)"
  "    ON CONFLICT DO UPDATE SET waiting = waiting + 1; END;"
  "CREATE TRIGGER queue_counts_delete AFTER DELETE ON tickets"
  "  WHEN OLD.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN"
  "  UPDATE queue_counts SET waiting = waiting - 1"
  "    WHERE service_day = OLD.service_day AND service = OLD.service; END;"
  "CREATE TABLE requests ("
  "  device TEXT NOT NULL,"
  "  req_id TEXT NOT NULL,"
  "  time INTEGER NOT NULL,"
  "  reply_type TEXT NOT NULL,"
  "  reply TEXT NOT NULL,"
  "  PRIMARY KEY (device, req_id)) WITHOUT ROWID;"
  "CREATE TABLE counters ("
  "  id TEXT PRIMARY KEY,"
  "  state TEXT NOT NULL,"
  "  clerk TEXT,"
  "  pause_reason TEXT,"
  "  paused_since INTEGER NOT NULL DEFAULT 0,"
  "  current_ticket INTEGER REFERENCES tickets (id),"
  "  ratio_last_priority INTEGER NOT NULL DEFAULT 0,"
  "  ratio_run INTEGER NOT NULL DEFAULT 0,"
  "  pause_total INTEGER NOT NULL DEFAULT 0,"
  "  pause_day TEXT);"
  "CREATE TABLE clerks ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  pin_hash TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);",
  /* 2: what each device last said about itself (a kiosk's printer), so
   * that supervisors see a printer out of paper even after a restart. */
  "CREATE TABLE device_status ("
  "  device TEXT NOT NULL,"
  "  component TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('ok', 'warning', 'error')),"
  "  detail TEXT,"
  "  since INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (device, component)) WITHOUT ROWID;",
  /* 3: a ticket's own events, found without reading the whole log (the
   * last call of a ticket, for boards that resync; its history). */
  "CREATE INDEX events_ticket ON events (ticket, seq) WHERE ticket IS NOT NULL;",
  /* 4: the services a supervisor chose for a counter, overriding the
   * charter's list for it (';'-separated ids; NULL: the charter's). */
  "ALTER TABLE counters ADD COLUMN services TEXT;",
  /* 5: reports over a period (loketctl report).  The service day alone,
   * so that a period's tickets are read in day and row order — nearly a
   * sequential scan — instead of hopping by service and state.  And the
   * counters' pauses, copied by a trigger from each RESUMED event as it is
   * appended (in its transaction and savepoint): a report would otherwise
   * parse the JSON of a year of events.  Existing ones are copied too. */
  "CREATE INDEX tickets_day ON tickets (service_day);"
  "CREATE TABLE pauses ("
  "  seq INTEGER PRIMARY KEY,"
  "  service_day TEXT NOT NULL,"
  "  time INTEGER NOT NULL,"
  "  counter TEXT,"
  "  clerk TEXT,"
  "  reason TEXT,"
  "  usec INTEGER NOT NULL);"
  "CREATE INDEX pauses_day ON pauses (service_day);"
  "CREATE TRIGGER pauses_from_events AFTER INSERT ON events WHEN NEW.type = 'RESUMED' BEGIN"
  "  INSERT INTO pauses (seq, service_day, time, counter, clerk, reason, usec) VALUES (NEW.seq,"
  "    COALESCE (json_extract (NEW.payload, '$.service_day'), ''), NEW.time,"
  "    json_extract (NEW.payload, '$.counter.id'), json_extract (NEW.payload, '$.counter.clerk'),"
  "    json_extract (NEW.payload, '$.pause_reason'),"
  "    COALESCE (json_extract (NEW.payload, '$.paused_usec'), 0)); END;"
  "INSERT INTO pauses (seq, service_day, time, counter, clerk, reason, usec)"
  "  SELECT seq, COALESCE (json_extract (payload, '$.service_day'), ''), time,"
  "         json_extract (payload, '$.counter.id'), json_extract (payload, '$.counter.clerk'),"
  "         json_extract (payload, '$.pause_reason'), COALESCE (json_extract (payload, '$.paused_usec'), 0)"
  "  FROM events WHERE type = 'RESUMED';",
  /* 6: a report's own copy of each ticket, in seven integers: a report
   * reads every ticket of its period (two million in a large office's
   * year), and SQLite's cost is per column decoded — twelve of the
   * tickets table's, five of them text to be matched by the report, took
   * twice the time of a bare scan.  What many tickets have in common is
   * kept once and given a code: its *kind* (the services it was taken for
   * and ended in, its state and outcome, whether it had a priority, how
   * often it was transferred — a few hundred in a year), and the names of
   * counters and clerks.  Triggers keep the rows in the transaction (and
   * savepoint) that writes the ticket; the tickets already there are
   * copied. */
  "CREATE TABLE report_kinds ("
  "  code INTEGER PRIMARY KEY,"
  "  issued_service TEXT NOT NULL,"
  "  service TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  priority INTEGER NOT NULL,"
  "  transfers INTEGER NOT NULL,"
  "  UNIQUE (issued_service, service, state, outcome, priority, transfers));"
  "CREATE TABLE report_names ("
  "  code INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE report_tickets ("
  "  id INTEGER PRIMARY KEY,"             /* the ticket's */
  "  kind INTEGER NOT NULL,"
  "  counter INTEGER,"                    /* a name's code; NULL: none */
  "  clerk INTEGER,"
  "  arrival_at INTEGER NOT NULL,"
  "  called_at INTEGER NOT NULL,"
  "  started_at INTEGER NOT NULL,"
  "  finished_at INTEGER NOT NULL);"
  "CREATE TRIGGER report_tickets_insert AFTER INSERT ON tickets BEGIN" REPORT_ROW_OF_NEW " END;"
  "CREATE TRIGGER report_tickets_update AFTER UPDATE OF issued_service, service, state, outcome,"
  "  priority, transfers, counter, clerk, arrival_at, called_at, started_at, finished_at ON tickets"
  "  BEGIN" REPORT_ROW_OF_NEW " END;"
  "CREATE TRIGGER report_tickets_delete AFTER DELETE ON tickets BEGIN"
  "  DELETE FROM report_tickets WHERE id = OLD.id; END;"
  "INSERT INTO report_kinds (issued_service, service, state, outcome, priority, transfers)"
  "  SELECT DISTINCT issued_service, service, state, outcome, priority IS NOT NULL, transfers FROM tickets;"
  "INSERT INTO report_names (name)"
  "  SELECT counter FROM tickets WHERE counter IS NOT NULL UNION SELECT clerk FROM tickets WHERE clerk IS NOT NULL;"
  "INSERT INTO report_tickets (id, kind, counter, clerk, arrival_at, called_at, started_at, finished_at)"
  "  SELECT id, (SELECT code FROM report_kinds WHERE " REPORT_KIND_OF ("tickets") "),"
  "         " REPORT_NAME_OF ("tickets.counter") ", " REPORT_NAME_OF ("tickets.clerk") ","
  "         arrival_at, called_at, started_at, finished_at FROM tickets;",
  /* 7: each service day's anchor (the hash of its last event) found by
   * index: the daily report prints it and the web gateway publishes it,
   * and finding it by reading every payload took 35 s for a large
   * office's year.  An expression index, so that the events keep only
   * what the chain hashes. */
  "CREATE INDEX events_day ON events (" LOKET_STORE_EVENT_DAY ", seq);",
  /* 8: staff roles (above) */
  staff_roles_migration,
  /* 9: charter versions.  Every charter loketd runs with is kept whole
   * (its text, SHA-256, when it came into force and who loaded it: the
   * start, a SIGHUP, or the upgrade that met tickets without a promise),
   * and each ticket keeps the promise in force when it was issued, so
   * that a later charter never re-judges it.  Tickets already there get
   * no promise here: the store does not read the charter; the first
   * charter loketd brings (loket_store_adopt_charter, right after this
   * migration at its start) fills them and says so in the log.  The
   * report's kinds gain the promise and version, so a report still reads
   * seven integers a ticket: the table is rebuilt with the wider UNIQUE
   * (codes kept), and the triggers that write it are made again. */
  "CREATE TABLE charter_versions ("
  "  version INTEGER PRIMARY KEY,"
  "  sha256 TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  in_force_from INTEGER NOT NULL,"
  "  loaded_by TEXT NOT NULL CHECK (loaded_by IN ('start', 'sighup', 'migration')));"
  "ALTER TABLE tickets ADD COLUMN charter_version INTEGER;"
  "ALTER TABLE tickets ADD COLUMN promised_wait_minutes INTEGER;"
  "ALTER TABLE tickets ADD COLUMN promised_service_minutes INTEGER;"
  "DROP TRIGGER report_tickets_insert;"
  "DROP TRIGGER report_tickets_update;"
  "CREATE TABLE report_kinds_9 ("
  "  code INTEGER PRIMARY KEY,"
  "  issued_service TEXT NOT NULL,"
  "  service TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  priority INTEGER NOT NULL,"
  "  transfers INTEGER NOT NULL,"
  "  charter_version INTEGER NOT NULL DEFAULT 0,"
  "  promised_wait_minutes INTEGER NOT NULL DEFAULT 0,"
  "  promised_service_minutes INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (issued_service, service, state, outcome, priority, transfers,"
  "          charter_version, promised_wait_minutes, promised_service_minutes));"
  "INSERT INTO report_kinds_9 (code, issued_service, service, state, outcome, priority, transfers)"
  "  SELECT code, issued_service, service, state, outcome, priority, transfers FROM report_kinds;"
  "DROP TABLE report_kinds;"
  "ALTER TABLE report_kinds_9 RENAME TO report_kinds;"
  "CREATE TRIGGER report_tickets_insert AFTER INSERT ON tickets BEGIN" REPORT_ROW9_OF_NEW " END;"
  "CREATE TRIGGER report_tickets_update AFTER UPDATE OF issued_service, service, state, outcome,"
  "  priority, transfers, counter, clerk, arrival_at, called_at, started_at, finished_at,"
  "  charter_version, promised_wait_minutes, promised_service_minutes ON tickets"
  "  BEGIN" REPORT_ROW9_OF_NEW " END;",
  /* 10 (reprint and priority checks): the events a report counts per
   * kiosk — print failures, reprints, priority claims refused — are a
   * few among millions; a partial index finds them without reading the
   * log (loket-store-report.c, KIOSKS_SQL repeats its WHERE). */
  "CREATE INDEX events_kiosk_acts ON events (ticket)"
  "  WHERE type IN ('PRINT_FAILED', 'REPRINTED', 'PRIORITY_REFUSED');",
  /* 11: nobody vanishes.  A citizen turned away (TURNED_AWAY) and a day
   * closed (DAY_CLOSED) are events without a ticket; reports count the
   * first and loketd looks up the last of the second, each through a
   * partial index of its own, written only for its rare rows (an ISSUE
   * pays one comparison, not an index entry).  Tickets gain the state
   * 'unserved', which is text: no table changes. */
  "CREATE INDEX events_turned_away ON events (seq) WHERE type = 'TURNED_AWAY';"
  "CREATE INDEX events_day_closed ON events (seq) WHERE type = 'DAY_CLOSED';",
  /* 12: the queues' lengths by kind.  The estimated wait replays the
   * routing over each service's priority and regular queue and needs
   * both lengths on every ISSUE and SERVICES; counting a long queue
   * through its index cost more than the rest of the estimate.  The
   * triggers keep the priority count beside the total (a claim refused
   * at the counter moves a ticket between kinds, so `priority` is
   * watched too), and the upgrade counts what waits now. */
  "ALTER TABLE queue_counts ADD COLUMN priority_waiting INTEGER NOT NULL DEFAULT 0;"
  "UPDATE queue_counts SET priority_waiting = (SELECT COUNT (*) FROM tickets t"
  "  WHERE t.service_day = queue_counts.service_day AND t.service = queue_counts.service"
  "  AND t.priority IS NOT NULL AND t.state IN ('issued', 'printed', 'print-failed', 'waiting'));"
  "DROP TRIGGER queue_counts_insert;"
  "DROP TRIGGER queue_counts_leave;"
  "DROP TRIGGER queue_counts_join;"
  "DROP TRIGGER queue_counts_delete;"
  "CREATE TRIGGER queue_counts_insert AFTER INSERT ON tickets"
  "  WHEN NEW.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN"
  "  INSERT INTO queue_counts VALUES (NEW.service_day, NEW.service, 1, NEW.priority IS NOT NULL)"
  "    ON CONFLICT DO UPDATE SET waiting = waiting + 1,"
  "    priority_waiting = priority_waiting + excluded.priority_waiting; END;"
  "CREATE TRIGGER queue_counts_leave AFTER UPDATE OF state, service, service_day, priority ON tickets"
  "  WHEN OLD.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN"
  "  UPDATE queue_counts SET waiting = waiting - 1,"
  "    priority_waiting = priority_waiting - (OLD.priority IS NOT NULL)"
  "    WHERE service_day = OLD.service_day AND service = OLD.service; END;"
  "CREATE TRIGGER queue_counts_join AFTER UPDATE OF state, service, service_day, priority ON tickets"
  "  WHEN NEW.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN"
  "  INSERT INTO queue_counts VALUES (NEW.service_day, NEW.service, 1, NEW.priority IS NOT NULL)"
  "    ON CONFLICT DO UPDATE SET waiting = waiting + 1,"
  "    priority_waiting = priority_waiting + excluded.priority_waiting; END;"
  "CREATE TRIGGER queue_counts_delete AFTER DELETE ON tickets"
  "  WHEN OLD.state IN ('issued', 'printed', 'print-failed', 'waiting') BEGIN"
  "  UPDATE queue_counts SET waiting = waiting - 1,"
  "    priority_waiting = priority_waiting - (OLD.priority IS NOT NULL)"
  "    WHERE service_day = OLD.service_day AND service = OLD.service; END;",
  /* 13: pause reasons from the charter.  A pause names a reason's id in
   * pause_reason, as before, and the clerk's note for "other" beside it;
   * an older row's free text stays where it was and reads as "other". */
  "ALTER TABLE counters ADD COLUMN pause_note TEXT;",
  /* 14 (ticket tokens): each ticket's unguessable token, the name its QR
   * code and the ticket status page know it by (docs/security.md).  Not
   * in any event, so not in the hash chain nor in verify's replay.
   * Tickets issued before have none: their paper carried no token. */
  "ALTER TABLE tickets ADD COLUMN token TEXT;"
  "CREATE UNIQUE INDEX tickets_token ON tickets (token) WHERE token IS NOT NULL;",
  /* 15 (the satisfaction survey, SKM): one row per questionnaire
   * answered.  The ticket it answers for is UNIQUE (one answer per
   * finished ticket; NULL for a paper form without one); the nine
   * answers are 1–4 or NULL for a skipped element, so a period's figures
   * are SUM and COUNT per column.  The profile and the suggestion are
   * personal and stay here: the SURVEYED event carries neither, nor the
   * ticket.  Reports read a period by service day. */
  "CREATE TABLE surveys ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket INTEGER UNIQUE,"
  "  service TEXT NOT NULL,"
  "  charter_version INTEGER NOT NULL,"
  "  channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'paper', 'web')),"
  "  service_day TEXT NOT NULL,"
  "  answered_at INTEGER NOT NULL,"
  "  answer_requirements INTEGER CHECK (answer_requirements BETWEEN 1 AND 4),"
  "  answer_procedure INTEGER CHECK (answer_procedure BETWEEN 1 AND 4),"
  "  answer_time INTEGER CHECK (answer_time BETWEEN 1 AND 4),"
  "  answer_cost INTEGER CHECK (answer_cost BETWEEN 1 AND 4),"
  "  answer_product INTEGER CHECK (answer_product BETWEEN 1 AND 4),"
  "  answer_competence INTEGER CHECK (answer_competence BETWEEN 1 AND 4),"
  "  answer_behaviour INTEGER CHECK (answer_behaviour BETWEEN 1 AND 4),"
  "  answer_complaints INTEGER CHECK (answer_complaints BETWEEN 1 AND 4),"
  "  answer_facilities INTEGER CHECK (answer_facilities BETWEEN 1 AND 4),"
  "  sex TEXT,"
  "  age TEXT,"
  "  education TEXT,"
  "  occupation TEXT,"
  "  suggestion TEXT);"
  "CREATE INDEX surveys_day ON surveys (service_day, service);",
  /* 16 (complaints, pengaduan; docs/complaints.md): one row per
   * complaint with its receipt, tracking token, deadline (a service day)
   * and state; one row per step taken on it; the complainant's name and
   * contact in a table of their own, deleted a charter-set number of days
   * after the complaint closed.  The events carry a salted hash for the
   * person (`person`), never the name, the contact or the text; the salt
   * is made here, once per database, and never leaves it. */
  "CREATE TABLE complaints ("
  "  id INTEGER PRIMARY KEY,"
  "  receipt TEXT NOT NULL UNIQUE,"
  "  token TEXT NOT NULL UNIQUE,"
  "  service TEXT NOT NULL,"
  "  ticket INTEGER,"
  "  category TEXT NOT NULL,"
  "  description TEXT NOT NULL,"
  "  channel TEXT NOT NULL CHECK (channel IN ('web', 'kiosk', 'staff')),"
  "  received_at INTEGER NOT NULL,"
  "  received_by TEXT,"
  "  service_day TEXT NOT NULL,"
  "  deadline TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('received', 'in-progress', 'answered', 'closed', 'escalated')),"
  "  answer TEXT,"
  "  answered_at INTEGER,"
  "  closed_at INTEGER,"
  "  person TEXT,"
  "  waited_minutes INTEGER,"
  "  promised_minutes INTEGER);"
  "CREATE INDEX complaints_day ON complaints (service_day);"
  "CREATE INDEX complaints_state ON complaints (state, deadline);"
  "CREATE INDEX complaints_ticket ON complaints (ticket) WHERE ticket IS NOT NULL;"
  "CREATE TABLE complaint_steps ("
  "  id INTEGER PRIMARY KEY,"
  "  complaint INTEGER NOT NULL REFERENCES complaints (id),"
  "  act TEXT NOT NULL,"
  "  from_state TEXT,"
  "  to_state TEXT NOT NULL,"
  "  staff TEXT NOT NULL,"
  "  note TEXT,"
  "  public INTEGER NOT NULL DEFAULT 0,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX complaint_steps_complaint ON complaint_steps (complaint, id);"
  "CREATE TABLE complainants ("
  "  complaint INTEGER PRIMARY KEY REFERENCES complaints (id),"
  "  name TEXT,"
  "  contact TEXT);"
  "CREATE TABLE complaint_salt (salt BLOB NOT NULL);"
  "INSERT INTO complaint_salt (salt) VALUES (randomblob (32));",
  /* 17 (receipt printing; docs/complaints.md, "At the kiosk"): whether a
   * complaint's receipt came out of the kiosk's printer, as the kiosk
   * reported it (PRINT with "receipt"): 'printed', 'failed', or NULL —
   * never printed (filed online or by staff) or not reported.  A failed
   * one is an alert for the supervisors until the complaint is taken up. */
  "ALTER TABLE complaints ADD COLUMN receipt_print TEXT CHECK (receipt_print IN ('printed', 'failed'));",
};

static void
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  const char *what)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: %s", what, sqlite3_errmsg (db));
}

void
store_set_error (GError    **error,
                 LoketStore *self,
                 const char *what)
{
  set_sqlite_error (error, self->db, what);
}

static gboolean
exec (LoketStore *self,
      const char *sql,
      GError    **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: %s", sql, message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* A cached, reset statement (borrowed). */
sqlite3_stmt *
store_prepare (LoketStore *self,
         const char *sql,
         GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          store_set_error (error, self, "prepare");
          return NULL;
        }
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

void
store_bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

char *
store_column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

char *
store_first_text (LoketStore   *self,
                  sqlite3_stmt *stmt,
                  const char   *what,
                  GError      **error)
{
  char *text = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    text = store_column_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    store_set_error (error, self, what);
  return text;
}

/* Runs a statement that returns no rows. */
gboolean
store_step_done (LoketStore   *self,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, what);
      return FALSE;
    }
  return TRUE;
}

static void
loket_store_finalize (GObject *object)
{
  LoketStore *self = LOKET_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->event_texts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  g_free (self->last_hash);
  G_OBJECT_CLASS (loket_store_parent_class)->finalize (object);
}

static void
loket_store_class_init (LoketStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
loket_store_init (LoketStore *self)
{
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  self->event_texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static gboolean
load_chain_head (LoketStore *self,
                 GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_clear_pointer (&self->last_hash, g_free);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self->last_seq = sqlite3_column_int64 (stmt, 0);
      self->last_hash = store_column_text (stmt, 1);
    }
  else
    {
      self->last_seq = 0;
      self->last_hash = g_strdup (GENESIS_HASH);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      store_set_error (error, self, "reading the event log");
      return FALSE;
    }
  return TRUE;
}

static gint
schema_version (LoketStore *self,
                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      store_set_error (error, self, "reading the schema version");
      return -1;
    }
  version = sqlite3_column_int (stmt, 0);
  return version;
}

/* The newest schema this code knows: the length of the migrations array,
 * which the header's constant must follow. */
#define LATEST_VERSION ((gint) G_N_ELEMENTS (migrations) - 1)
G_STATIC_ASSERT (LATEST_VERSION == LOKET_STORE_SCHEMA_VERSION);

guint
loket_store_schema_latest (void)
{
  return LATEST_VERSION;
}

/* Says who the staff-roles migration made clerks: an office upgrading
 * must then appoint its supervisors and head (docs/operations.md). */
static void
log_staff_became_clerks (LoketStore *self)
{
  g_autoptr(GError) error = NULL;
  gint64 n = loket_store_count_staff (self, LOKET_STAFF_CLERK, &error);

  if (n < 0)
    g_message ("%s: staff roles added; the staff could not be counted: %s", self->path, error->message);
  else if (n > 0)
    g_message ("%s: staff roles added: everyone already on the staff (%" G_GINT64_FORMAT ") is a "
               "clerk now; appoint a head of office (loketctl staff set-role ID head), who then "
               "appoints the supervisors", self->path, n);
}

/* Brings the schema up to @target, each step in its own transaction. */
static gboolean
migrate (LoketStore *self,
         gint        target,
         GError    **error)
{
  gint version = schema_version (self, error);

  if (version < 0)
    return FALSE;
  if (version > target)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE,
                   "%s: schema version %d is newer than this Loket understands (%d); "
                   "upgrade Loket, the database was left untouched",
                   self->path, version, target);
      return FALSE;
    }
  for (gint v = version + 1; v <= target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (self, migrations[v], error) || !exec (self, bump, error))
        {
          exec (self, "ROLLBACK", NULL);
          g_prefix_error (error, "%s: migrating the schema to version %d: ", self->path, v);
          return FALSE;
        }
      if (!exec (self, "COMMIT", error))
        return FALSE;
      if (migrations[v] == staff_roles_migration)
        log_staff_became_clerks (self);
      if (version == 0)
        g_debug ("%s: schema version %d created", self->path, v);
      else
        g_message ("%s: schema migrated to version %d", self->path, v);
    }
  return TRUE;
}

/* A read-only store accepts exactly @version, or with @version < 0 any
 * Loket schema up to the latest (an older backup that loketd would
 * migrate). */
static gboolean
check_version (LoketStore *self,
               gint        version,
               GError    **error)
{
  g_autoptr(GError) local = NULL;
  gint found = schema_version (self, &local);

  if (found < 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: not a Loket database (%s)",
                   self->path, local->message);
      return FALSE;
    }
  self->schema = found;
  if (version >= 0 ? found == version : (found >= 1 && found <= LATEST_VERSION))
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: not a Loket database of schema version %d%s",
               self->path, version >= 0 ? version : LATEST_VERSION, version >= 0 ? "" : " or older");
  return FALSE;
}

/* Read-write: migrates to @version; read-only: see check_version(). */
static LoketStore *
store_open (const char *path,
            gboolean    readonly,
            gint        version,
            GError    **error)
{
  g_autoptr(LoketStore) self = g_object_new (LOKET_TYPE_STORE, NULL);
  int flags = readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

  self->path = g_strdup (path);
  self->readonly = readonly;
  if (sqlite3_open_v2 (path, &self->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot open: %s",
                   path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  if (!store_report_register (self->db))
    {
      set_sqlite_error (error, self->db, path);
      return NULL;
    }

  if (!readonly &&
      (!exec (self, "PRAGMA journal_mode = WAL", error) ||
       !exec (self, "PRAGMA synchronous = FULL", error) ||
       !exec (self, "PRAGMA foreign_keys = ON", error) ||
       /* The working set is one day's tickets: a small cache keeps the
        * server's footprint small without costing reads. */
       !exec (self, "PRAGMA cache_size = -1024", error) ||
       /* Checkpoints belong in quiet moments (loket_store_checkpoint from
        * the server's idle heartbeat), not inside a citizen's COMMIT; this
        * is only the safety net for a day without a quiet second. */
       !exec (self, "PRAGMA wal_autocheckpoint = 8000", error) ||
       !migrate (self, version, error)))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (!readonly)
    self->schema = version;
  /* Readers (reports, verify) read a great deal and write nothing: the
   * file mapped into memory spares a read() and a copy for every page. */
  if (readonly && !exec (self, "PRAGMA mmap_size = 17179869184", error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (readonly && !check_version (self, version, error))
    return NULL;
  if (!load_chain_head (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

LoketStore *
loket_store_open (const char *path,
                  GError    **error)
{
  return store_open (path, FALSE, LATEST_VERSION, error);
}

LoketStore *
loket_store_open_at_version (const char *path,
                             guint       version,
                             GError    **error)
{
  g_return_val_if_fail (version >= 1 && version <= (guint) LATEST_VERSION, NULL);
  return store_open (path, FALSE, (gint) version, error);
}

static LoketStore *
open_existing_readonly (const char *path,
                        gint        version,
                        GError    **error)
{
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "%s: no such database", path);
      return NULL;
    }
  return store_open (path, TRUE, version, error);
}

LoketStore *
loket_store_open_readonly (const char *path,
                           GError    **error)
{
  return open_existing_readonly (path, LATEST_VERSION, error);
}

LoketStore *
loket_store_open_readonly_any_version (const char *path,
                                       GError    **error)
{
  return open_existing_readonly (path, -1, error);
}

guint
store_schema (LoketStore *self)
{
  return (guint) MAX (self->schema, 0);
}

gboolean
store_has_promises (LoketStore *self)
{
  return self->schema >= STORE_SCHEMA_PROMISES;
}

sqlite3 *
loket_store_get_db (LoketStore *self)
{
  return self->db;
}

const char *
loket_store_get_path (LoketStore *self)
{
  return self->path;
}

/* Transaction control runs once per request or batch: prepared once, not
 * parsed each time as sqlite3_exec() would. */
static gboolean
run_cached (LoketStore *self,
            const char *sql,
            GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, sql, error);

  return stmt != NULL && store_step_done (self, stmt, sql, error);
}

gboolean
loket_store_begin (LoketStore *self,
                   GError    **error)
{
  g_hash_table_remove_all (self->event_texts);
  return run_cached (self, "BEGIN IMMEDIATE", error);
}

gboolean
loket_store_commit (LoketStore *self,
                    GError    **error)
{
  if (run_cached (self, "COMMIT", error))
    return TRUE;
  loket_store_rollback (self);
  return FALSE;
}

void
loket_store_rollback (LoketStore *self)
{
  g_autoptr(GError) error = NULL;

  if (sqlite3_get_autocommit (self->db) == 0)
    exec (self, "ROLLBACK", NULL);
  if (!load_chain_head (self, &error))
    g_warning ("%s", error->message);
}

gboolean
loket_store_checkpoint (LoketStore *self,
                        GError    **error)
{
  return exec (self, "PRAGMA wal_checkpoint (PASSIVE)", error);
}

gboolean
loket_store_savepoint (LoketStore *self,
                       GError    **error)
{
  return run_cached (self, "SAVEPOINT request", error);
}

gboolean
loket_store_release (LoketStore *self,
                     GError    **error)
{
  return run_cached (self, "RELEASE request", error);
}

void
loket_store_rollback_to (LoketStore *self)
{
  g_autoptr(GError) error = NULL;

  run_cached (self, "ROLLBACK TO request", NULL);
  run_cached (self, "RELEASE request", NULL);
  if (!load_chain_head (self, &error))
    g_warning ("%s", error->message);
}

/* ---- idempotent replies ------------------------------------------------ */

gboolean
loket_store_lookup_reply (LoketStore *self,
                          const char *device,
                          const char *req_id,
                          char      **reply_type,
                          char      **reply_body,
                          GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT reply_type, reply FROM requests WHERE device = ?1 AND req_id = ?2", error);
  gboolean found = FALSE;

  *reply_type = *reply_body = NULL;
  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, device);
  store_bind_text (stmt, 2, req_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *reply_type = store_column_text (stmt, 0);
      *reply_body = store_column_text (stmt, 1);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

gboolean
loket_store_save_reply (LoketStore *self,
                        const char *device,
                        const char *req_id,
                        gint64      now,
                        const char *reply_type,
                        const char *reply_body,
                        GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "INSERT INTO requests (device, req_id, time, reply_type, reply) VALUES (?1, ?2, ?3, ?4, ?5)",
      error);

  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, device);
  store_bind_text (stmt, 2, req_id);
  sqlite3_bind_int64 (stmt, 3, now);
  store_bind_text (stmt, 4, reply_type);
  store_bind_text (stmt, 5, reply_body);
  return store_step_done (self, stmt, "saving a reply", error);
}

gboolean
loket_store_prune_replies (LoketStore *self,
                           gint64      before,
                           GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "DELETE FROM requests WHERE time < ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before);
  return store_step_done (self, stmt, "pruning old replies", error);
}

/* ---- the hash-chained event log ---------------------------------------- */

/* The chain hashes every column, each separated by a unit separator that
 * cannot occur in our text, so no two different rows hash alike. */
static char *
event_hash (const char *prev_hash,
            gint64      seq,
            gint64      time,
            const char *actor,
            const char *device,
            const char *type,
            gint64      ticket,
            const char *payload)
{
  g_autofree char *text = g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
                                           "\x1f%s\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%s",
                                           prev_hash, seq, time, actor, device, type,
                                           ticket, payload);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

gint64
loket_store_append_event (LoketStore *self,
                          gint64      now,
                          const char *actor,
                          const char *device,
                          const char *type,
                          gint64      ticket,
                          JsonObject *payload,
                          GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "INSERT INTO events (seq, time, actor, device, type, ticket, payload, prev_hash, hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  gint64 seq = self->last_seq + 1;
  g_autofree char *text = NULL;
  g_autofree char *hash = NULL;

  if (stmt == NULL)
    return 0;
  json_object_set_int_member (payload, "seq", seq);
  json_object_set_int_member (payload, "time", now);
  text = loket_json_to_string (payload);
  hash = event_hash (self->last_hash, seq, now, actor, device, type, ticket, text);

  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, now);
  store_bind_text (stmt, 3, actor);
  store_bind_text (stmt, 4, device);
  store_bind_text (stmt, 5, type);
  if (ticket > 0)
    sqlite3_bind_int64 (stmt, 6, ticket);
  store_bind_text (stmt, 7, text);
  store_bind_text (stmt, 8, self->last_hash);
  store_bind_text (stmt, 9, hash);
  if (!store_step_done (self, stmt, "appending an event", error))
    return 0;

  self->last_seq = seq;
  g_free (self->last_hash);
  self->last_hash = g_steal_pointer (&hash);
  /* A seq rolled back and used again is replaced here. */
  g_hash_table_replace (self->event_texts, g_memdup2 (&seq, sizeof seq), g_steal_pointer (&text));
  return seq;
}

char *
loket_store_take_event_text (LoketStore *self,
                             gint64      seq)
{
  gpointer key = NULL, text = NULL;

  if (!g_hash_table_steal_extended (self->event_texts, &seq, &key, &text))
    return NULL;
  g_free (key);
  return text;
}

gint64
loket_store_get_last_seq (LoketStore *self)
{
  return self->last_seq;
}

void
loket_event_row_free (LoketEventRow *row)
{
  if (row == NULL)
    return;
  g_free (row->actor);
  g_free (row->device);
  g_free (row->type);
  g_free (row->payload);
  g_free (row->prev_hash);
  g_free (row->hash);
  g_free (row);
}

static LoketEventRow *
event_row_from_statement (sqlite3_stmt *stmt)
{
  LoketEventRow *row = g_new0 (LoketEventRow, 1);

  row->seq = sqlite3_column_int64 (stmt, 0);
  row->time = sqlite3_column_int64 (stmt, 1);
  row->actor = store_column_text (stmt, 2);
  row->device = store_column_text (stmt, 3);
  row->type = store_column_text (stmt, 4);
  row->ticket = sqlite3_column_int64 (stmt, 5);
  row->payload = store_column_text (stmt, 6);
  row->prev_hash = store_column_text (stmt, 7);
  row->hash = store_column_text (stmt, 8);
  return row;
}

char *
loket_event_row_hash (const LoketEventRow *row)
{
  return event_hash (row->prev_hash, row->seq, row->time, row->actor, row->device, row->type,
                     row->ticket, row->payload);
}

const char *
loket_event_genesis_hash (void)
{
  return GENESIS_HASH;
}

#define EVENT_COLUMNS "seq, time, actor, device, type, ticket, payload, prev_hash, hash"

GPtrArray *
loket_store_list_events (LoketStore *self,
                         gint64      after,
                         guint       limit,
                         GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT " EVENT_COLUMNS " FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_event_row_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, event_row_from_statement (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "listing events");
      return NULL;
    }
  return g_steal_pointer (&rows);
}

LoketEventRow *
loket_store_last_call_event (LoketStore *self,
                             gint64      ticket,
                             GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT " EVENT_COLUMNS " FROM events WHERE ticket = ?1 AND type IN ('CALLED', 'RECALLED')"
      " ORDER BY seq DESC LIMIT 1", error);
  LoketEventRow *row = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    row = event_row_from_statement (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    store_set_error (error, self, "finding a ticket's last call");
  return row;
}

gboolean
loket_store_verify (LoketStore *self,
                    gint64     *n_events,
                    GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  gint64 expected_seq = 1;
  int rc;

  *n_events = 0;
  if (sqlite3_prepare_v2 (self->db, "SELECT " EVENT_COLUMNS " FROM events ORDER BY seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      store_set_error (error, self, "reading the event log");
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(LoketEventRow) row = event_row_from_statement (stmt);
      g_autofree char *hash = NULL;

      hash = event_hash (prev, row->seq, row->time, row->actor, row->device, row->type,
                         row->ticket, row->payload);
      if (row->seq != expected_seq)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED,
                       "event %" G_GINT64_FORMAT " is missing (found %" G_GINT64_FORMAT " next)",
                       expected_seq, row->seq);
          return FALSE;
        }
      if (g_strcmp0 (row->prev_hash, prev) != 0 || g_strcmp0 (row->hash, hash) != 0)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED,
                       "event %" G_GINT64_FORMAT " (%s at %" G_GINT64_FORMAT ") does not match "
                       "its hash: the log was edited", row->seq, row->type, row->time);
          return FALSE;
        }
      g_free (prev);
      prev = g_steal_pointer (&hash);
      expected_seq++;
      (*n_events)++;
    }
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "reading the event log");
      return FALSE;
    }
  return TRUE;
}
