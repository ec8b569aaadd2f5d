/* loket-store.c — SQLite behind the LoketStore object.
 *
 * Statements are prepared once and cached by their (static) SQL text; each
 * use starts with a reset, so an early return never leaves one half-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-store"

#include "loket-store.h"
#include "loket-error.h"
#include "loket-message.h"

#include <string.h>

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define PIN_ITERATIONS 20000

struct _LoketStore
{
  GObject     parent_instance;
  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* const char *sql → sqlite3_stmt* */
  gint64      last_seq;     /* head of the hash chain … */
  char       *last_hash;    /* … cached, reloaded after any rollback */
  gboolean    readonly;
};

G_DEFINE_FINAL_TYPE (LoketStore, loket_store, G_TYPE_OBJECT)

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
  "CREATE INDEX events_time ON events (time);"
  "CREATE INDEX events_ticket ON events (ticket);"
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
  "CREATE INDEX tickets_day_state ON tickets (service_day, state, arrival_at);"
  "CREATE INDEX tickets_day_service ON tickets (service_day, issued_service);"
  "CREATE INDEX tickets_issued_at ON tickets (issued_at);"
  "CREATE INDEX tickets_day_called ON tickets (service_day, called_at);"
  "CREATE TABLE requests ("
  "  device TEXT NOT NULL,"
  "  req_id TEXT NOT NULL,"
  "  time INTEGER NOT NULL,"
  "  reply_type TEXT NOT NULL,"
  "  reply TEXT NOT NULL,"
  "  PRIMARY KEY (device, req_id)) WITHOUT ROWID;"
  "CREATE INDEX requests_time ON requests (time);"
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
};

static void
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  const char *what)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: %s", what, sqlite3_errmsg (db));
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
static sqlite3_stmt *
prepare (LoketStore *self,
         const char *sql,
         GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          set_sqlite_error (error, self->db, "prepare");
          return NULL;
        }
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (LoketStore   *self,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, what);
      return FALSE;
    }
  return TRUE;
}

static void
loket_store_finalize (GObject *object)
{
  LoketStore *self = LOKET_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
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
}

static gboolean
load_chain_head (LoketStore *self,
                 GError    **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_clear_pointer (&self->last_hash, g_free);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self->last_seq = sqlite3_column_int64 (stmt, 0);
      self->last_hash = column_text (stmt, 1);
    }
  else
    {
      self->last_seq = 0;
      self->last_hash = g_strdup (GENESIS_HASH);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "reading the event log");
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
      set_sqlite_error (error, self->db, "reading the schema version");
      return -1;
    }
  version = sqlite3_column_int (stmt, 0);
  return version;
}

/* Brings the schema up to date, each step in its own transaction. */
static gboolean
migrate (LoketStore *self,
         GError    **error)
{
  gint version = schema_version (self, error);

  if (version < 0)
    return FALSE;
  if (version > LOKET_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE,
                   "%s: schema version %d is newer than this Loket understands (%d); "
                   "upgrade Loket, the database was left untouched",
                   self->path, version, LOKET_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  for (gint v = version + 1; v <= LOKET_STORE_SCHEMA_VERSION; v++)
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
      if (version == 0)
        g_debug ("%s: schema version %d created", self->path, v);
      else
        g_message ("%s: schema migrated to version %d", self->path, v);
    }
  return TRUE;
}

static LoketStore *
store_open (const char *path,
            gboolean    readonly,
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

  if (!readonly &&
      (!exec (self, "PRAGMA journal_mode = WAL", error) ||
       !exec (self, "PRAGMA synchronous = FULL", error) ||
       !exec (self, "PRAGMA foreign_keys = ON", error) ||
       !migrate (self, error)))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (readonly && schema_version (self, error) != LOKET_STORE_SCHEMA_VERSION)
    {
      g_clear_error (error);
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE,
                   "%s: not a Loket database of schema version %d", path,
                   LOKET_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (!load_chain_head (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

LoketStore *
loket_store_open (const char *path,
                  GError    **error)
{
  return store_open (path, FALSE, error);
}

LoketStore *
loket_store_open_readonly (const char *path,
                           GError    **error)
{
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "%s: no such database", path);
      return NULL;
    }
  return store_open (path, TRUE, error);
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

gboolean
loket_store_begin (LoketStore *self,
                   GError    **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
loket_store_commit (LoketStore *self,
                    GError    **error)
{
  if (exec (self, "COMMIT", error))
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
loket_store_savepoint (LoketStore *self,
                       GError    **error)
{
  return exec (self, "SAVEPOINT request", error);
}

gboolean
loket_store_release (LoketStore *self,
                     GError    **error)
{
  return exec (self, "RELEASE request", error);
}

void
loket_store_rollback_to (LoketStore *self)
{
  g_autoptr(GError) error = NULL;

  exec (self, "ROLLBACK TO request", NULL);
  exec (self, "RELEASE request", NULL);
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
  sqlite3_stmt *stmt = prepare (self,
      "SELECT reply_type, reply FROM requests WHERE device = ?1 AND req_id = ?2", error);
  gboolean found = FALSE;

  *reply_type = *reply_body = NULL;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, device);
  bind_text (stmt, 2, req_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *reply_type = column_text (stmt, 0);
      *reply_body = column_text (stmt, 1);
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
  sqlite3_stmt *stmt = prepare (self,
      "INSERT INTO requests (device, req_id, time, reply_type, reply) VALUES (?1, ?2, ?3, ?4, ?5)",
      error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, device);
  bind_text (stmt, 2, req_id);
  sqlite3_bind_int64 (stmt, 3, now);
  bind_text (stmt, 4, reply_type);
  bind_text (stmt, 5, reply_body);
  return step_done (self, stmt, "saving a reply", error);
}

gboolean
loket_store_prune_replies (LoketStore *self,
                           gint64      before,
                           GError    **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM requests WHERE time < ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before);
  return step_done (self, stmt, "pruning old replies", error);
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
  sqlite3_stmt *stmt = prepare (self,
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
  bind_text (stmt, 3, actor);
  bind_text (stmt, 4, device);
  bind_text (stmt, 5, type);
  if (ticket > 0)
    sqlite3_bind_int64 (stmt, 6, ticket);
  bind_text (stmt, 7, text);
  bind_text (stmt, 8, self->last_hash);
  bind_text (stmt, 9, hash);
  if (!step_done (self, stmt, "appending an event", error))
    return 0;

  self->last_seq = seq;
  g_free (self->last_hash);
  self->last_hash = g_steal_pointer (&hash);
  return seq;
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
  row->actor = column_text (stmt, 2);
  row->device = column_text (stmt, 3);
  row->type = column_text (stmt, 4);
  row->ticket = sqlite3_column_int64 (stmt, 5);
  row->payload = column_text (stmt, 6);
  row->prev_hash = column_text (stmt, 7);
  row->hash = column_text (stmt, 8);
  return row;
}

#define EVENT_COLUMNS "seq, time, actor, device, type, ticket, payload, prev_hash, hash"

GPtrArray *
loket_store_list_events (LoketStore *self,
                         gint64      after,
                         guint       limit,
                         GError    **error)
{
  sqlite3_stmt *stmt = prepare (self,
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
      set_sqlite_error (error, self->db, "listing events");
      return NULL;
    }
  return g_steal_pointer (&rows);
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
      set_sqlite_error (error, self->db, "reading the event log");
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
      set_sqlite_error (error, self->db, "reading the event log");
      return FALSE;
    }
  return TRUE;
}

/* ---- tickets ----------------------------------------------------------- */

#define TICKET_COLUMNS \
  "id, service_day, series, number, service, issued_service, priority, state, " \
  "issued_at, arrival_at, called_at, started_at, finished_at, counter, clerk, " \
  "recalls, transfers, outcome, device"

static LoketTicket *
ticket_from_statement (sqlite3_stmt *stmt)
{
  LoketTicket *t = loket_ticket_new ();

  t->id = sqlite3_column_int64 (stmt, 0);
  t->service_day = column_text (stmt, 1);
  t->series = column_text (stmt, 2);
  t->number = (guint) sqlite3_column_int (stmt, 3);
  t->service = column_text (stmt, 4);
  t->issued_service = column_text (stmt, 5);
  t->priority = column_text (stmt, 6);
  if (!loket_ticket_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &t->state))
    t->state = LOKET_TICKET_VOID;
  t->issued_at = sqlite3_column_int64 (stmt, 8);
  t->arrival_at = sqlite3_column_int64 (stmt, 9);
  t->called_at = sqlite3_column_int64 (stmt, 10);
  t->started_at = sqlite3_column_int64 (stmt, 11);
  t->finished_at = sqlite3_column_int64 (stmt, 12);
  t->counter = column_text (stmt, 13);
  t->clerk = column_text (stmt, 14);
  t->recalls = (guint) sqlite3_column_int (stmt, 15);
  t->transfers = (guint) sqlite3_column_int (stmt, 16);
  loket_outcome_from_string ((const char *) sqlite3_column_text (stmt, 17), &t->outcome);
  t->device = column_text (stmt, 18);
  return t;
}

/* Binds every column but id, in TICKET_COLUMNS order, from ?2 on. */
static void
bind_ticket (sqlite3_stmt      *stmt,
             const LoketTicket *t)
{
  bind_text (stmt, 2, t->service_day);
  bind_text (stmt, 3, t->series);
  sqlite3_bind_int (stmt, 4, (int) t->number);
  bind_text (stmt, 5, t->service);
  bind_text (stmt, 6, t->issued_service);
  bind_text (stmt, 7, t->priority);
  bind_text (stmt, 8, loket_ticket_state_to_string (t->state));
  sqlite3_bind_int64 (stmt, 9, t->issued_at);
  sqlite3_bind_int64 (stmt, 10, t->arrival_at);
  sqlite3_bind_int64 (stmt, 11, t->called_at);
  sqlite3_bind_int64 (stmt, 12, t->started_at);
  sqlite3_bind_int64 (stmt, 13, t->finished_at);
  bind_text (stmt, 14, t->counter);
  bind_text (stmt, 15, t->clerk);
  sqlite3_bind_int (stmt, 16, (int) t->recalls);
  sqlite3_bind_int (stmt, 17, (int) t->transfers);
  bind_text (stmt, 18, loket_outcome_to_string (t->outcome));
  bind_text (stmt, 19, t->device);
}

gboolean
loket_store_next_number (LoketStore *self,
                         const char *service_day,
                         const char *series,
                         guint      *number,
                         GError    **error)
{
  sqlite3_stmt *stmt = prepare (self,
      "SELECT COALESCE (MAX (number), 0) + 1 FROM tickets WHERE service_day = ?1 AND series = ?2",
      error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, service_day);
  bind_text (stmt, 2, series);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      set_sqlite_error (error, self->db, "numbering");
      return FALSE;
    }
  *number = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
loket_store_insert_ticket (LoketStore  *self,
                           LoketTicket *ticket,
                           GError     **error)
{
  sqlite3_stmt *stmt = prepare (self,
      "INSERT INTO tickets (" TICKET_COLUMNS ") VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
      " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)", error);

  if (stmt == NULL)
    return FALSE;
  bind_ticket (stmt, ticket);
  if (!step_done (self, stmt, "issuing a ticket", error))
    return FALSE;
  ticket->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

gboolean
loket_store_update_ticket (LoketStore        *self,
                           const LoketTicket *ticket,
                           GError           **error)
{
  sqlite3_stmt *stmt = prepare (self,
      "UPDATE tickets SET service_day = ?2, series = ?3, number = ?4, service = ?5,"
      " issued_service = ?6, priority = ?7, state = ?8, issued_at = ?9, arrival_at = ?10,"
      " called_at = ?11, started_at = ?12, finished_at = ?13, counter = ?14, clerk = ?15,"
      " recalls = ?16, transfers = ?17, outcome = ?18, device = ?19 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket->id);
  bind_ticket (stmt, ticket);
  return step_done (self, stmt, "updating a ticket", error);
}

/* Runs a prepared ticket query and collects its rows. */
static GPtrArray *
collect_tickets (LoketStore   *self,
                 sqlite3_stmt *stmt,
                 GError      **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_ticket_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tickets, ticket_from_statement (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "reading tickets");
      return NULL;
    }
  return g_steal_pointer (&tickets);
}

static LoketTicket *
single_ticket (LoketStore   *self,
               sqlite3_stmt *stmt,
               const char   *what,
               GError      **error)
{
  g_autoptr(GPtrArray) tickets = collect_tickets (self, stmt, error);

  if (tickets == NULL)
    return NULL;
  if (tickets->len == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no ticket %s", what);
      return NULL;
    }
  return loket_ticket_copy (g_ptr_array_index (tickets, 0));
}

LoketTicket *
loket_store_get_ticket (LoketStore *self,
                        gint64      id,
                        GError    **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets WHERE id = ?1", error);
  g_autofree char *what = g_strdup_printf ("with id %" G_GINT64_FORMAT, id);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return single_ticket (self, stmt, what, error);
}

LoketTicket *
loket_store_find_ticket (LoketStore *self,
                         const char *service_day,
                         const char *label,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *series = NULL;
  const char *dash = strchr (label, '-');
  guint64 number = 0;

  if (dash == NULL || dash == label ||
      !g_ascii_string_to_unsigned (dash + 1, 10, 1, G_MAXINT, &number, NULL))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "“%s” is not a ticket number like A-007", label);
      return NULL;
    }
  series = g_strndup (label, dash - label);
  stmt = prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets"
                        " WHERE service_day = ?1 AND series = ?2 AND number = ?3", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, service_day);
  bind_text (stmt, 2, series);
  sqlite3_bind_int64 (stmt, 3, (gint64) number);
  return single_ticket (self, stmt, label, error);
}

GPtrArray *
loket_store_list_waiting (LoketStore *self,
                          const char *service_day,
                          GError    **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets"
      " WHERE service_day = ?1 AND state IN ('issued', 'printed', 'print-failed', 'waiting')"
      " ORDER BY arrival_at, id", error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, service_day);
  return collect_tickets (self, stmt, error);
}

GPtrArray *
loket_store_list_active (LoketStore *self,
                         const char *service_day,
                         GError    **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets"
      " WHERE service_day = ?1 AND state IN ('called', 'serving') ORDER BY called_at", error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, service_day);
  return collect_tickets (self, stmt, error);
}

GPtrArray *
loket_store_list_recent_calls (LoketStore *self,
                               const char *service_day,
                               guint       limit,
                               GError    **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets"
      " WHERE service_day = ?1 AND called_at > 0 ORDER BY called_at DESC LIMIT ?2", error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, service_day);
  sqlite3_bind_int64 (stmt, 2, limit);
  return collect_tickets (self, stmt, error);
}

static gint64
single_integer (LoketStore   *self,
                sqlite3_stmt *stmt,
                const char   *what,
                GError      **error)
{
  gint64 value = -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (error, self->db, what);
  sqlite3_reset (stmt);
  return value;
}

guint
loket_store_count_issued (LoketStore *self,
                          const char *service_day,
                          const char *service,
                          GError    **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT COUNT (*) FROM tickets"
                                      " WHERE service_day = ?1 AND issued_service = ?2", error);

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, service_day);
  bind_text (stmt, 2, service);
  return (guint) MAX (single_integer (self, stmt, "counting tickets", error), 0);
}

guint
loket_store_count_waiting (LoketStore *self,
                           const char *service_day,
                           const char *service,
                           GError    **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT COUNT (*) FROM tickets WHERE service_day = ?1"
      " AND state IN ('issued', 'printed', 'print-failed', 'waiting') AND service = ?2", error);

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, service_day);
  bind_text (stmt, 2, service);
  return (guint) MAX (single_integer (self, stmt, "counting waiting tickets", error), 0);
}

gint64
loket_store_mean_service_time (LoketStore *self,
                               const char *service_day,
                               const char *service,
                               GError    **error)
{
  sqlite3_stmt *stmt = prepare (self,
      "SELECT COALESCE (AVG (finished_at - started_at), 0) FROM tickets"
      " WHERE service_day = ?1 AND service = ?2 AND state = 'done' AND started_at > 0", error);

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, service_day);
  bind_text (stmt, 2, service);
  return MAX (single_integer (self, stmt, "averaging service times", error), 0);
}

/* ---- counters ---------------------------------------------------------- */

static const char * const counter_state_names[] = {
  [LOKET_COUNTER_OPEN] = "open",
  [LOKET_COUNTER_PAUSED] = "paused",
  [LOKET_COUNTER_CLOSED] = "closed",
};

const char *
loket_counter_state_to_string (LoketCounterStateKind state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (counter_state_names), "closed");
  return counter_state_names[state];
}

void
loket_counter_state_free (LoketCounterState *state)
{
  if (state == NULL)
    return;
  g_free (state->id);
  g_free (state->clerk);
  g_free (state->pause_reason);
  g_free (state->pause_day);
  g_free (state);
}

JsonObject *
loket_counter_state_to_json (const LoketCounterState *state)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", state->id);
  json_object_set_string_member (o, "state", loket_counter_state_to_string (state->state));
  if (state->clerk)
    json_object_set_string_member (o, "clerk", state->clerk);
  else
    json_object_set_null_member (o, "clerk");
  if (state->pause_reason)
    json_object_set_string_member (o, "pause_reason", state->pause_reason);
  else
    json_object_set_null_member (o, "pause_reason");
  json_object_set_int_member (o, "paused_since", state->paused_since);
  json_object_set_int_member (o, "current_ticket", state->current_ticket);
  json_object_set_int_member (o, "pause_total", state->pause_total_usec);
  return o;
}

/* A counter never seen before is open, with nobody logged in. */
LoketCounterState *
loket_store_get_counter (LoketStore *self,
                         const char *id,
                         GError    **error)
{
  sqlite3_stmt *stmt = prepare (self,
      "SELECT state, clerk, pause_reason, paused_since, current_ticket, ratio_last_priority,"
      " ratio_run, pause_total, pause_day FROM counters WHERE id = ?1", error);
  g_autoptr(LoketCounterState) state = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  state = g_new0 (LoketCounterState, 1);
  state->id = g_strdup (id);
  state->state = LOKET_COUNTER_OPEN;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      for (guint i = 0; i < G_N_ELEMENTS (counter_state_names); i++)
        if (g_strcmp0 (name, counter_state_names[i]) == 0)
          state->state = (LoketCounterStateKind) i;
      state->clerk = column_text (stmt, 1);
      state->pause_reason = column_text (stmt, 2);
      state->paused_since = sqlite3_column_int64 (stmt, 3);
      state->current_ticket = sqlite3_column_int64 (stmt, 4);
      state->ratio.last_priority = sqlite3_column_int (stmt, 5) != 0;
      state->ratio.run = (guint) sqlite3_column_int (stmt, 6);
      state->pause_total_usec = sqlite3_column_int64 (stmt, 7);
      state->pause_day = column_text (stmt, 8);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "reading a counter");
      return NULL;
    }
  return g_steal_pointer (&state);
}

gboolean
loket_store_put_counter (LoketStore              *self,
                         const LoketCounterState *state,
                         GError                 **error)
{
  sqlite3_stmt *stmt = prepare (self,
      "INSERT OR REPLACE INTO counters (id, state, clerk, pause_reason, paused_since,"
      " current_ticket, ratio_last_priority, ratio_run, pause_total, pause_day)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, state->id);
  bind_text (stmt, 2, loket_counter_state_to_string (state->state));
  bind_text (stmt, 3, state->clerk);
  bind_text (stmt, 4, state->pause_reason);
  sqlite3_bind_int64 (stmt, 5, state->paused_since);
  if (state->current_ticket > 0)
    sqlite3_bind_int64 (stmt, 6, state->current_ticket);
  sqlite3_bind_int (stmt, 7, state->ratio.last_priority ? 1 : 0);
  sqlite3_bind_int (stmt, 8, (int) state->ratio.run);
  sqlite3_bind_int64 (stmt, 9, state->pause_total_usec);
  bind_text (stmt, 10, state->pause_day);
  return step_done (self, stmt, "saving a counter", error);
}

/* ---- clerks ------------------------------------------------------------ */

/* PBKDF2-HMAC-SHA256 (RFC 8018), one 32-byte block, as hex. */
char *
loket_pin_hash (const char *pin,
                const char *salt_hex,
                guint       iterations)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 u[32], t[32];
  gsize len = sizeof u;
  const guint8 block_index[4] = { 0, 0, 0, 1 };

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) pin, strlen (pin));
  g_hmac_update (hmac, (const guchar *) salt_hex, strlen (salt_hex));
  g_hmac_update (hmac, block_index, sizeof block_index);
  g_hmac_get_digest (hmac, u, &len);
  memcpy (t, u, sizeof t);
  for (guint i = 1; i < iterations; i++)
    {
      g_autoptr(GHmac) round = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) pin, strlen (pin));

      g_hmac_update (round, u, sizeof u);
      len = sizeof u;
      g_hmac_get_digest (round, u, &len);
      for (guint j = 0; j < sizeof t; j++)
        t[j] ^= u[j];
    }

  GString *hex = g_string_sized_new (64);
  for (guint j = 0; j < sizeof t; j++)
    g_string_append_printf (hex, "%02x", t[j]);
  return g_string_free (hex, FALSE);
}

gboolean
loket_store_add_clerk (LoketStore *self,
                       const char *id,
                       const char *name,
                       const char *pin,
                       gint64      now,
                       GError    **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *salt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored = NULL;
  guint8 salt_bytes[16];

  if (strlen (pin) < 4 || strspn (pin, "0123456789") != strlen (pin))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "a PIN is at least 4 digits");
      return FALSE;
    }
  for (guint i = 0; i < sizeof salt_bytes; i++)
    salt_bytes[i] = (guint8) g_random_int_range (0, 256);
  salt = g_compute_checksum_for_data (G_CHECKSUM_MD5, salt_bytes, sizeof salt_bytes);
  hash = loket_pin_hash (pin, salt, PIN_ITERATIONS);
  stored = g_strdup_printf ("pbkdf2-sha256$%u$%s$%s", PIN_ITERATIONS, salt, hash);

  stmt = prepare (self, "INSERT OR REPLACE INTO clerks (id, name, pin_hash, created_at)"
                        " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, stored);
  sqlite3_bind_int64 (stmt, 4, now);
  return step_done (self, stmt, "saving a clerk", error);
}

char *
loket_store_check_clerk (LoketStore *self,
                         const char *id,
                         const char *pin,
                         GError    **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT name, pin_hash FROM clerks WHERE id = ?1", error);
  g_autofree char *name = NULL;
  g_autofree char *stored = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *hash = NULL;
  guint64 iterations = 0;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      name = column_text (stmt, 0);
      stored = column_text (stmt, 1);
    }
  sqlite3_reset (stmt);

  /* Same answer for an unknown clerk and a wrong PIN: no probing for ids. */
  if (stored != NULL)
    parts = g_strsplit (stored, "$", 4);
  if (parts == NULL || g_strv_length (parts) != 4 ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 10000000, &iterations, NULL) ||
      (hash = loket_pin_hash (pin, parts[2], (guint) iterations)) == NULL ||
      g_strcmp0 (hash, parts[3]) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_AUTH, "unknown clerk or wrong PIN");
      return NULL;
    }
  return g_steal_pointer (&name);
}
