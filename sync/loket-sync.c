/* loket-sync.c — one office's event log into the regional PostgreSQL.
 *
 * Exactly once by (office, seq): a batch is one transaction that inserts
 * its events and moves the office's high-water mark (`offices.last_seq`,
 * `last_hash`) to its last one.  Either both happen or neither, so after a
 * crash, a lost connection or the centre's restart the sync asks the
 * centre where the office stands and goes on from the next seq; nothing is
 * shipped twice and nothing is skipped.
 *
 * Each batch continues the chain as the centre holds it: its first event's
 * prev_hash is the centre's last hash, each event's hash is recomputed
 * here with the store's own rule (loket_event_row_hash) before anything
 * leaves, and on resuming the office's own event at the centre's seq must
 * carry the centre's hash.  Otherwise the office's history was rewritten,
 * or this is another office's database under the same id: the sync
 * refuses, records why in `offices.refused` and ships nothing more; what
 * the centre holds is never changed.
 *
 * It never slows loketd: the office database is opened read-only, and
 * each read is one short statement (WAL lets it read beside the writer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-sync"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loket-store.h"
#include "loket-sync.h"
#include "loket-sync-redact.h"

struct _LoketSync {
  LoketSyncSettings settings;
  LoketStore *store;
  PGconn     *conn;
  gint64      centre_seq;    /* the high-water mark, valid while connected */
  char       *centre_hash;
  guint       batches;       /* shipped by this process (the test stall) */
  guint       stall_at;      /* LOKET_SYNC_TEST_STALL_AT_BATCH, 0: never */
};

LoketSync *
loket_sync_new (const LoketSyncSettings *settings,
                GError                 **error)
{
  g_autoptr(LoketSync) self = g_new0 (LoketSync, 1);
  const char *stall = g_getenv ("LOKET_SYNC_TEST_STALL_AT_BATCH");

  self->settings.database = g_strdup (settings->database);
  self->settings.office = g_strdup (settings->office);
  self->settings.central = g_strdup (settings->central);
  self->settings.batch_size = MAX (settings->batch_size, 1);
  self->settings.pseudonym_key = g_strdup (settings->pseudonym_key);
  self->stall_at = stall ? (guint) atoi (stall) : 0;
  /* loketd has migrated it: both come from the same package. */
  self->store = loket_store_open_readonly (settings->database, error);
  if (self->store == NULL)
    {
      g_prefix_error (error, "office database: ");
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
disconnect (LoketSync *self)
{
  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->centre_hash, g_free);
}

void
loket_sync_free (LoketSync *self)
{
  if (self == NULL)
    return;
  disconnect (self);
  g_clear_object (&self->store);
  g_free (self->settings.database);
  g_free (self->settings.office);
  g_free (self->settings.central);
  g_free (self->settings.pseudonym_key);
  g_free (self);
}

gint64
loket_sync_get_centre_seq (LoketSync *self)
{
  return self->centre_seq;
}

/* A parameterised statement; NULL and LOKET_SYNC_ERROR_CENTRAL on failure. */
static PGresult *
query (LoketSync         *self,
       const char        *sql,
       int                n,
       const char *const *values,
       const char        *what,
       GError           **error)
{
  PGresult *result = PQexecParams (self->conn, sql, n, NULL, values, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      g_autofree char *text = loket_region_error_text (self->conn);

      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_CENTRAL, "central database: %s: %s",
                   what, text);
      PQclear (result);
      return NULL;
    }
  return result;
}

/* Records the refusal at the centre (its history is untouched) and
 * returns it as LOKET_SYNC_ERROR_REFUSED. */
static gboolean
refuse (LoketSync  *self,
        GError    **error,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (LoketSync  *self,
        GError    **error,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *why = NULL;
  const char *values[2];
  g_autoptr(GError) local = NULL;
  PGresult *result;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  values[0] = self->settings.office;
  values[1] = why;
  PQclear (PQexec (self->conn, "ROLLBACK"));
  result = query (self, "UPDATE offices SET refused = $2, refused_at = now ()"
                  " WHERE id = $1 AND refused IS NULL", 2, values, "recording a refusal", &local);
  if (result == NULL)
    g_message ("%s", local->message);
  PQclear (result);
  g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_REFUSED, "office %s: %s",
               self->settings.office, why);
  return FALSE;
}

/* PostgreSQL's notices ("already exists, skipping") are for debugging. */
static void
log_notice (void       *data,
            const char *message)
{
  g_debug ("central database: %s", message);
}

static gboolean
connect_central (LoketSync *self,
                 GError   **error)
{
  /* A link cut in the middle of a batch must not leave either end waiting
   * for the other for TCP's quarter of an hour: this side gives up on
   * unanswered data after tcp_user_timeout, or on a silent peer after the
   * keepalives; the centre ends this session's transaction once it is idle
   * for a minute (idle_in_transaction_session_timeout), so the office's
   * row it locked is free for the sync's next connection, and probes this
   * side with its own keepalives, so a session whose sync is gone does not
   * linger for TCP's two hours.  Later keywords
   * win: the connection string may set its own (docs/region.md). */
  const char *const keys[] = { "connect_timeout", "keepalives", "keepalives_idle",
                               "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                               "options", "application_name", "dbname", NULL };
  const char *const values[] = { "10", "1", "30", "10", "3", "60000",
                                 "-c idle_in_transaction_session_timeout=60s"
                                 " -c tcp_keepalives_idle=60 -c tcp_keepalives_interval=10"
                                 " -c tcp_keepalives_count=3", "loket-sync",
                                 self->settings.central, NULL };

  self->conn = PQconnectdbParams (keys, values, 1);
  PQsetNoticeProcessor (self->conn, log_notice, NULL);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *text = loket_region_error_text (self->conn);

      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_CENTRAL, "central database: %s", text);
      disconnect (self);
      return FALSE;
    }
  return loket_region_migrate (self->conn, error);
}

/* The office's own event at the centre's seq must be the centre's. */
static gboolean
check_common_head (LoketSync *self,
                   GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  LoketEventRow *row;

  if (self->centre_seq == 0)
    return TRUE;
  rows = loket_store_list_events (self->store, self->centre_seq - 1, 1, error);
  if (rows == NULL)
    return FALSE;
  row = rows->len > 0 ? g_ptr_array_index (rows, 0) : NULL;
  if (row == NULL || row->seq != self->centre_seq)
    return refuse (self, error, "the office's log ends before event %" G_GINT64_FORMAT
                   ", which the centre holds: this is not the log the centre has", self->centre_seq);
  /* The hashes abbreviated, as git does: the text goes on a supervisor's
   * screen, and both databases hold them whole. */
  if (g_strcmp0 (row->hash, self->centre_hash) != 0)
    return refuse (self, error, "event %" G_GINT64_FORMAT " has hash %.12s… here and %.12s… at the centre:"
                   " the office's history was rewritten or is another office's",
                   self->centre_seq, row->hash, self->centre_hash);
  return TRUE;
}

/* Connects and asks the centre where the office stands. */
static gboolean
resume (LoketSync *self,
        GError   **error)
{
  const char *values[] = { self->settings.office, loket_event_genesis_hash () };
  g_autoptr(PGresult) added = NULL;
  g_autoptr(PGresult) mark = NULL;

  if (!connect_central (self, error))
    return FALSE;
  added = query (self, "INSERT INTO offices (id, last_hash) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                 2, values, "registering the office", error);
  mark = added ? query (self, "SELECT last_seq, last_hash, refused FROM offices WHERE id = $1",
                        1, values, "reading the office's high-water mark", error) : NULL;
  if (mark == NULL || PQntuples (mark) != 1)
    return FALSE;
  self->centre_seq = g_ascii_strtoll (PQgetvalue (mark, 0, 0), NULL, 10);
  self->centre_hash = g_strdup (PQgetvalue (mark, 0, 1));
  if (!PQgetisnull (mark, 0, 2))
    {
      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_REFUSED,
                   "office %s: the centre refused this office's history before (%s); "
                   "nothing is shipped until that is resolved and offices.refused cleared",
                   self->settings.office, PQgetvalue (mark, 0, 2));
      return FALSE;
    }
  g_message ("office %s: the centre holds its events up to %" G_GINT64_FORMAT,
             self->settings.office, self->centre_seq);
  return check_common_head (self, error);
}

/* The batch read from the office continues the centre's chain and each
 * event's hash is its own: checked before anything leaves. */
static gboolean
check_batch (LoketSync *self,
             GPtrArray *rows,
             GError   **error)
{
  const char *prev = self->centre_hash;
  gint64 expected = self->centre_seq + 1;

  for (guint i = 0; i < rows->len; i++, expected++)
    {
      LoketEventRow *row = g_ptr_array_index (rows, i);
      g_autofree char *hash = loket_event_row_hash (row);

      if (row->seq != expected)
        return refuse (self, error, "event %" G_GINT64_FORMAT " is missing from the office's log",
                       expected);
      if (g_strcmp0 (row->prev_hash, prev) != 0)
        return refuse (self, error, "event %" G_GINT64_FORMAT " does not follow the hash before it"
                       " (%s): a forked history", row->seq, prev);
      if (g_strcmp0 (row->hash, hash) != 0)
        return refuse (self, error, "event %" G_GINT64_FORMAT " does not match its hash: the office's"
                       " log was edited", row->seq);
      prev = row->hash;
    }
  return TRUE;
}

/* The batch as one JSON array, a parameter of each statement below: a
 * batch costs the same few round trips to the centre whatever its size
 * (an office far from the centre waits on the network, not on PostgreSQL).
 * Each event's payload travels as a JSON string, which ->> gives back
 * byte for byte.  The events are redacted here. */
static char *
batch_document (LoketSync *self,
                GPtrArray *rows,
                GError   **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      LoketEventRow *row = g_ptr_array_index (rows, i);
      gboolean redacted = FALSE;
      /* As the office wrote it (the redacted text is spaced otherwise). */
      gboolean has_ticket = strstr (row->payload, "\"ticket\":{") != NULL;
      g_autoptr(GError) local = NULL;

      if (!loket_sync_redact (row, self->settings.pseudonym_key, &redacted, &local))
        {
          g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_OFFICE, "office database: %s",
                       local->message);
          return NULL;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, row->seq);
      json_builder_set_member_name (builder, "time");
      json_builder_add_int_value (builder, row->time);
      json_builder_set_member_name (builder, "actor");
      json_builder_add_string_value (builder, row->actor);
      json_builder_set_member_name (builder, "device");
      json_builder_add_string_value (builder, row->device);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, row->type);
      json_builder_set_member_name (builder, "ticket");
      if (row->ticket > 0)
        json_builder_add_int_value (builder, row->ticket);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "payload");
      json_builder_add_string_value (builder, row->payload);
      json_builder_set_member_name (builder, "redacted");
      json_builder_add_boolean_value (builder, redacted);
      json_builder_set_member_name (builder, "has_ticket");
      json_builder_add_boolean_value (builder, has_ticket);
      json_builder_set_member_name (builder, "prev_hash");
      json_builder_add_string_value (builder, row->prev_hash);
      json_builder_set_member_name (builder, "hash");
      json_builder_add_string_value (builder, row->hash);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

#define EVENT_TIME "('epoch'::timestamptz + (e->>'time')::bigint * interval '1 microsecond')"

/* The month partitions the batch's events fall in. */
static const char make_partitions[] =
  "SELECT loket_events_partition (m) FROM (SELECT DISTINCT date_trunc ('month', " EVENT_TIME
  " AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS m FROM json_array_elements ($2::json) e"
  " WHERE $1::text IS NOT NULL) months";

static const char insert_events[] =
  "INSERT INTO events (office, seq, at, time_us, actor, device, type, ticket, payload, redacted,"
  " prev_hash, hash)"
  " SELECT $1, (e->>'seq')::bigint, " EVENT_TIME ", (e->>'time')::bigint, e->>'actor', e->>'device',"
  " e->>'type', (e->>'ticket')::bigint, e->>'payload', (e->>'redacted')::boolean, e->>'prev_hash',"
  " e->>'hash' FROM json_array_elements ($2::json) e";

#define TICKET_INT(name) "coalesce ((t->>'" name "')::bigint, 0)"

/* The projection: each ticket as the batch's last event carrying it left
 * it, unless a later event already set the row.  OFFSET 0 keeps the
 * subquery a subquery: pulled up into the outer SELECT, its ticket would
 * be parsed out of the payload again for each of the twenty columns read
 * from it (five times the whole batch's cost, in loket-bench-region). */
static const char upsert_tickets[] =
  "INSERT INTO tickets AS k (office, id, service_day, series, number, service, issued_service,"
  " priority, state, issued_at, arrival_at, called_at, started_at, finished_at, counter, recalls,"
  " transfers, outcome, device, charter_version, promised_wait_minutes, promised_service_minutes, seq)"
  " SELECT DISTINCT ON ((t->>'id')::bigint) $1, (t->>'id')::bigint, t->>'service_day', t->>'series', "
  TICKET_INT ("seq_number") ", t->>'service', coalesce (t->>'issued_service', t->>'service'),"
  " t->>'priority', t->>'state', "
  TICKET_INT ("issued_at") ", " TICKET_INT ("arrival_at") ", " TICKET_INT ("called_at") ", "
  TICKET_INT ("started_at") ", " TICKET_INT ("finished_at") ", t->>'counter', "
  TICKET_INT ("recalls") ", " TICKET_INT ("transfers") ", coalesce (t->>'outcome', 'none'),"
  " t->>'device', " TICKET_INT ("charter_version") ", " TICKET_INT ("promised_wait_minutes") ", "
  TICKET_INT ("promised_service_minutes") ", seq"
  " FROM (SELECT (e->>'seq')::bigint AS seq, (e->>'payload')::jsonb -> 'ticket' AS t"
  "       FROM json_array_elements ($2::json) e WHERE (e->>'has_ticket')::boolean OFFSET 0) s"
  " WHERE jsonb_typeof (t) = 'object'"
  " ORDER BY (t->>'id')::bigint, seq DESC"
  " ON CONFLICT (office, id) DO UPDATE SET service_day = excluded.service_day,"
  " series = excluded.series, number = excluded.number, service = excluded.service,"
  " issued_service = excluded.issued_service, priority = excluded.priority, state = excluded.state,"
  " issued_at = excluded.issued_at, arrival_at = excluded.arrival_at, called_at = excluded.called_at,"
  " started_at = excluded.started_at, finished_at = excluded.finished_at, counter = excluded.counter,"
  " recalls = excluded.recalls, transfers = excluded.transfers, outcome = excluded.outcome,"
  " device = excluded.device, charter_version = excluded.charter_version,"
  " promised_wait_minutes = excluded.promised_wait_minutes,"
  " promised_service_minutes = excluded.promised_service_minutes, seq = excluded.seq"
  " WHERE k.seq < excluded.seq";

/* Runs a statement over the batch document; no rows kept. */
static gboolean
over_batch (LoketSync  *self,
            const char *sql,
            const char *document,
            const char *what,
            GError    **error)
{
  const char *values[] = { self->settings.office, document };
  PGresult *result = query (self, sql, 2, values, what, error);

  PQclear (result);
  return result != NULL;
}

/* LOKET_SYNC_TEST_STALL_AT_BATCH: the fault tests kill the sync here, with
 * a batch's events inserted and not committed. */
static void
maybe_stall (LoketSync *self)
{
  if (self->stall_at == 0 || self->batches + 1 != self->stall_at)
    return;
  g_message ("stalling in batch %u before its commit (LOKET_SYNC_TEST_STALL_AT_BATCH)", self->stall_at);
  for (;;)
    pause ();
}

/* One transaction: the high-water mark is still where this sync last saw
 * it (else another sync of the same office moved it: resume), the events,
 * their tickets, the new mark. */
static gboolean
ship (LoketSync *self,
      GPtrArray *rows,
      GError   **error)
{
  LoketEventRow *last = g_ptr_array_index (rows, rows->len - 1);
  g_autofree char *last_seq = g_strdup_printf ("%" G_GINT64_FORMAT, last->seq);
  const char *values[] = { self->settings.office, last_seq, last->hash };
  g_autoptr(PGresult) mark = NULL;
  g_autoptr(PGresult) moved = NULL;
  g_autofree char *document = batch_document (self, rows, error);

  if (document == NULL || !loket_region_exec (self->conn, "BEGIN", "starting a batch", error))
    return FALSE;
  mark = query (self, "SELECT last_seq, last_hash FROM offices WHERE id = $1 FOR UPDATE", 1, values,
                "locking the office's high-water mark", error);
  if (mark == NULL)
    return FALSE;
  if (PQntuples (mark) != 1 ||
      g_ascii_strtoll (PQgetvalue (mark, 0, 0), NULL, 10) != self->centre_seq ||
      g_strcmp0 (PQgetvalue (mark, 0, 1), self->centre_hash) != 0)
    {
      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_CENTRAL,
                   "office %s: the centre's high-water mark moved under this sync (is another"
                   " loket-sync shipping the same office?); resuming from the centre's",
                   self->settings.office);
      return FALSE;
    }
  if (!over_batch (self, make_partitions, document, "making the months' partitions", error) ||
      !over_batch (self, insert_events, document, "inserting the events", error) ||
      !over_batch (self, upsert_tickets, document, "projecting the tickets", error))
    return FALSE;
  maybe_stall (self);
  moved = query (self, "UPDATE offices SET last_seq = $2, last_hash = $3, shipped_at = now ()"
                 " WHERE id = $1", 3, values, "moving the high-water mark", error);
  return moved != NULL && loket_region_exec (self->conn, "COMMIT", "committing a batch", error);
}

gboolean
loket_sync_ship_batch (LoketSync *self,
                       guint     *shipped,
                       GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) local = NULL;
  LoketEventRow *last;

  *shipped = 0;
  if (self->conn != NULL && PQstatus (self->conn) != CONNECTION_OK)
    disconnect (self);
  if (self->conn == NULL && !resume (self, error))
    goto fail;
  rows = loket_store_list_events (self->store, self->centre_seq, self->settings.batch_size, &local);
  if (rows == NULL)
    {
      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_OFFICE, "office database: %s",
                   local->message);
      return FALSE;
    }
  if (rows->len == 0)
    return TRUE;
  last = g_ptr_array_index (rows, rows->len - 1);
  if (!check_batch (self, rows, error) || !ship (self, rows, error))
    goto fail;
  self->batches++;
  self->centre_seq = last->seq;
  g_free (self->centre_hash);
  self->centre_hash = g_strdup (last->hash);
  *shipped = rows->len;
  return TRUE;

fail:
  /* Whatever the batch did is rolled back with the connection; the next
   * attempt asks the centre again where the office stands. */
  disconnect (self);
  return FALSE;
}
