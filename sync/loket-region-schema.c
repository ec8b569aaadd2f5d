/* loket-region-schema.c — the regional PostgreSQL's schema, versioned.
 *
 * The migrations are an array of SQL steps, as the office's store keeps
 * them (common/office/loket-store.c), and the centre records the version
 * it reached in `loket_schema`.  Each loket-sync migrates on connecting,
 * under a lock on that table, so two offices starting at once apply each
 * step once.
 *
 * What the tables hold, and why so (docs/region.md):
 * - `offices`: one row an office, with its high-water mark — the seq and
 *   hash of the last event the centre holds.  A batch advances it in the
 *   same transaction that inserts its events: that is what makes the
 *   shipping exactly-once by (office, seq).
 * - `events`: every office's log, partitioned by month of the event's
 *   time (UTC).  The partitions are made on demand by the ingest
 *   (loket_events_partition), so no calendar job has to run ahead.  The
 *   payload is kept as the office's text, not jsonb, so that the chain can
 *   be recomputed from it (loket_chain_check).
 * - `tickets`: the projection the ingest keeps from the events that carry
 *   a ticket: the same columns as the office's `tickets`, less the clerk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-sync"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>

#include "loket-region-schema.h"

G_DEFINE_QUARK (loket-sync-error-quark, loket_sync_error)

static const char *const migrations[] = {
  /* 0: nothing. */
  "",
  /* 1: offices, events by month, the tickets projection, the chain check. */
  "CREATE TABLE offices ("
  "  id text PRIMARY KEY,"
  "  last_seq bigint NOT NULL DEFAULT 0,"
  "  last_hash text NOT NULL,"
  "  shipped_at timestamptz,"
  "  refused_at timestamptz,"
  "  refused text);"
  "CREATE TABLE events ("
  "  office text NOT NULL,"
  "  seq bigint NOT NULL,"
  "  at timestamptz NOT NULL,"
  "  time_us bigint NOT NULL,"
  "  actor text NOT NULL,"
  "  device text NOT NULL,"
  "  type text NOT NULL,"
  "  ticket bigint,"
  "  payload text NOT NULL,"
  "  redacted boolean NOT NULL,"
  "  prev_hash text NOT NULL,"
  "  hash text NOT NULL,"
  "  PRIMARY KEY (office, seq, at)"
  ") PARTITION BY RANGE (at);"
  /* The month report's scan: one office, a range of time. */
  "CREATE INDEX events_office_at ON events (office, at);"
  "CREATE TABLE tickets ("
  "  office text NOT NULL,"
  "  id bigint NOT NULL,"
  "  service_day text NOT NULL,"
  "  series text NOT NULL,"
  "  number integer NOT NULL,"
  "  service text NOT NULL,"
  "  issued_service text NOT NULL,"
  "  priority text,"
  "  state text NOT NULL,"
  "  issued_at bigint NOT NULL,"
  "  arrival_at bigint NOT NULL,"
  "  called_at bigint NOT NULL,"
  "  started_at bigint NOT NULL,"
  "  finished_at bigint NOT NULL,"
  "  counter text,"
  "  recalls integer NOT NULL,"
  "  transfers integer NOT NULL,"
  "  outcome text NOT NULL,"
  "  device text,"
  "  charter_version integer NOT NULL,"
  "  promised_wait_minutes integer NOT NULL,"
  "  promised_service_minutes integer NOT NULL,"
  "  seq bigint NOT NULL,"
  "  PRIMARY KEY (office, id));"
  "CREATE INDEX tickets_office_day ON tickets (office, service_day);"
  /* A month's partition, made when an event first falls in it; a second
   * ingest making it at the same moment finds it made. */
  "CREATE FUNCTION loket_events_partition (t timestamptz) RETURNS void"
  " LANGUAGE plpgsql AS $$"
  " DECLARE"
  "   first timestamp := date_trunc ('month', t AT TIME ZONE 'UTC');"
  "   name text := 'events_' || to_char (first, 'YYYY_MM');"
  " BEGIN"
  "   IF to_regclass (name) IS NOT NULL THEN RETURN; END IF;"
  "   EXECUTE format ('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',"
  "                   name, first AT TIME ZONE 'UTC', (first + interval '1 month') AT TIME ZONE 'UTC');"
  " EXCEPTION WHEN duplicate_table OR unique_violation THEN NULL;"
  " END $$;"
  /* The chain as the centre holds it, checked on its own: seqs without a
   * gap from 1, each prev_hash the hash before it, and the hash recomputed
   * (SHA-256 of the columns joined by U+001F, as the office computes it)
   * wherever the payload left the office unchanged.  One row a problem. */
  "CREATE FUNCTION loket_chain_check (o text)"
  " RETURNS TABLE (seq bigint, problem text) LANGUAGE sql STABLE AS $$"
  " SELECT seq, problem FROM ("
  "   SELECT e.seq, CASE"
  "     WHEN e.seq <> coalesce (lag (e.seq) OVER w, 0) + 1 THEN 'an event is missing before it'"
  "     WHEN e.prev_hash <> coalesce (lag (e.hash) OVER w, repeat ('0', 64))"
  "       THEN 'its prev_hash is not the hash before it'"
  "     WHEN NOT e.redacted AND e.hash <> encode (sha256 (convert_to (concat_ws (E'\\x1f',"
  "         e.prev_hash, e.seq, e.time_us, e.actor, e.device, e.type, coalesce (e.ticket, 0),"
  "         e.payload), 'UTF8')), 'hex') THEN 'its hash does not match its columns'"
  "   END AS problem"
  "   FROM events e WHERE e.office = o WINDOW w AS (ORDER BY e.seq)) c"
  " WHERE problem IS NOT NULL"
  " UNION ALL"
  " SELECT f.last_seq, 'the high-water mark is not the last event'"
  " FROM offices f LEFT JOIN LATERAL (SELECT e.seq, e.hash FROM events e WHERE e.office = o"
  "   ORDER BY e.seq DESC LIMIT 1) l ON true"
  " WHERE f.id = o AND (f.last_seq <> coalesce (l.seq, 0)"
  "   OR f.last_hash <> coalesce (l.hash, repeat ('0', 64)))"
  " $$;",
  /* 2: central reports (`loketctl report --central`, docs/region.md).  An
   * office's region, set at the centre (no office decides which region it
   * reports to), and the index that finds a region's offices; the
   * citizens turned away and the survey's answers, found among a month's
   * events by partial indexes as small as they are few. */
  "ALTER TABLE offices ADD COLUMN region text;"
  "CREATE INDEX offices_region ON offices (region, id);"
  "CREATE INDEX events_turned_away ON events (office, at) WHERE type = 'TURNED_AWAY';"
  "CREATE INDEX events_surveyed ON events (office, at) WHERE type = 'SURVEYED';",
  /* 3: the complaints' events, found as the survey's are (the central
   * report's complaint figures). */
  "CREATE INDEX events_complaints ON events (office, at) WHERE type IN ('COMPLAINED', 'COMPLAINT_MOVED');",
};

#define LATEST_VERSION ((gint) G_N_ELEMENTS (migrations) - 1)
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) - 1 == LOKET_REGION_SCHEMA_VERSION);

char *
loket_region_error_text (PGconn *conn)
{
  return g_strstrip (g_strdup (PQerrorMessage (conn)));
}

gboolean
loket_region_exec (PGconn     *conn,
                   const char *sql,
                   const char *what,
                   GError    **error)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      g_autofree char *text = loket_region_error_text (conn);

      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_CENTRAL, "central database: %s: %s",
                   what, text);
      return FALSE;
    }
  return TRUE;
}

/* The centre's version, read under the lock that keeps a second migrating
 * sync waiting; -1 and an error if it cannot be read. */
static gint
locked_version (PGconn  *conn,
                GError **error)
{
  g_autoptr(PGresult) result = NULL;

  /* Two syncs meeting a new centre would both create the version table,
   * and one fail on the catalogue's unique index: a lock of the centre's
   * own (an advisory one, held to the end of the transaction) first. */
  if (!loket_region_exec (conn, "BEGIN", "starting the migration", error) ||
      !loket_region_exec (conn, "SELECT pg_advisory_xact_lock (hashtext ('loket_schema'))",
                          "waiting for another sync's migration", error) ||
      !loket_region_exec (conn, "CREATE TABLE IF NOT EXISTS loket_schema (version integer NOT NULL)",
                          "creating the version table", error) ||
      !loket_region_exec (conn, "LOCK TABLE loket_schema IN EXCLUSIVE MODE",
                          "locking the version table", error))
    return -1;
  result = PQexec (conn, "SELECT version FROM loket_schema");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_autofree char *text = loket_region_error_text (conn);

      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_CENTRAL,
                   "central database: reading the schema version: %s", text);
      return -1;
    }
  if (PQntuples (result) == 0)
    return loket_region_exec (conn, "INSERT INTO loket_schema VALUES (0)", "recording version 0", error)
           ? 0 : -1;
  return atoi (PQgetvalue (result, 0, 0));
}

gboolean
loket_region_require_schema (PGconn     *conn,
                             gint        needed,
                             const char *what,
                             GError    **error)
{
  g_autoptr(PGresult) result = PQexec (conn, "SELECT max (version) FROM loket_schema");

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_autofree char *text = loket_region_error_text (conn);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "central database: reading the schema version "
                   "(is this a Loket centre, filled by loket-sync?): %s", text);
      return FALSE;
    }
  if (PQgetisnull (result, 0, 0) || atoi (PQgetvalue (result, 0, 0)) < needed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "central database: schema version %s is older than %s need (%d); "
                   "start a loket-sync of this version once to migrate it",
                   PQgetisnull (result, 0, 0) ? "0" : PQgetvalue (result, 0, 0), what, needed);
      return FALSE;
    }
  return TRUE;
}

gboolean
loket_region_migrate (PGconn  *conn,
                      GError **error)
{
  gint version = locked_version (conn, error);

  if (version < 0)
    goto fail;
  if (version > LATEST_VERSION)
    {
      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_CENTRAL,
                   "central database: schema version %d is newer than this loket-sync knows (%d); "
                   "upgrade loket-sync", version, LATEST_VERSION);
      goto fail;
    }
  for (gint v = version + 1; v <= LATEST_VERSION; v++)
    {
      g_autofree char *what = g_strdup_printf ("migration %d", v);
      g_autofree char *mark = g_strdup_printf ("UPDATE loket_schema SET version = %d", v);

      if (!loket_region_exec (conn, migrations[v], what, error) ||
          !loket_region_exec (conn, mark, what, error))
        goto fail;
      g_message ("central database: migrated to schema version %d", v);
    }
  return loket_region_exec (conn, "COMMIT", "committing the migration", error);

fail:
  PQclear (PQexec (conn, "ROLLBACK"));
  return FALSE;
}
