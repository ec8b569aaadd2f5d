/* loket-store-verify.c — full verification of a store, and its daily anchors.
 *
 * The hash chain (loket_store_verify) proves that the events were not
 * edited; but reports read `tickets` and the rows triggers derive from it
 * (`report_tickets` with its kinds and names, `queue_counts`) and `pauses`,
 * which an edit could change without touching an event.  Every event that
 * changes a ticket carries the ticket after the change (docs/protocol.md,
 * "Events"), so the events alone rebuild those tables: this file replays
 * them into a scratch store (a temporary file with the same schema, made
 * by the store's own migrations) through the same store functions loketd
 * uses — loket_store_insert_ticket, loket_store_update_ticket, the events
 * table — so the same triggers derive the same rows, then compares the two
 * stores table by table in key order and names the first difference.
 *
 * A SURVEYED event rebuilds its `surveys` row in part: the event carries
 * no personal data and no ticket (docs/skm.md), so the comparison covers
 * the service, charter version, channel, day, time and the nine answers
 * — what the figures are made of — and not the ticket, the profile or
 * the suggestion.
 *
 * COMPLAINED and COMPLAINT_MOVED rebuild `complaints` and
 * `complaint_steps` without what the events may not carry (the token, the
 * texts, the complainant); the description's SHA-256 in the event is
 * checked against the stored text, so an edited complaint is named.
 *
 * Not replayed: `counters` (its ratio and pause totals are not all in the
 * events), `clerks`, `device_status` and `requests` (not derived data).
 *
 * A service day's anchor is the hash of its last event: publishing it
 * (in the day's report, by the web gateway) fixes the history up to it. */
#define G_LOG_DOMAIN "loket-store"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-store-private.h"
#include "loket-error.h"
#include "loket-ticket.h"

void
loket_anchor_free (LoketAnchor *anchor)
{
  if (anchor == NULL)
    return;
  g_free (anchor->day);
  g_free (anchor->hash);
  g_free (anchor);
}

/* ---- replay ------------------------------------------------------------ */

/* A CHARTER_CHANGED event: the stored text of its version must be the one
 * whose SHA-256 the chain recorded; the one loaded at the upgrade gave the
 * tickets already there their promise, and so does the replay. */
static gboolean
replay_charter (LoketStore *self,
                LoketStore *scratch,
                JsonObject *event,
                gint64      seq,
                GError    **error)
{
  JsonNode *node = json_object_get_member (event, "charter");
  JsonObject *about = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  guint version = about ? (guint) json_object_get_int_member_with_default (about, "version", 0) : 0;
  const char *sha256 = about ? json_object_get_string_member_with_default (about, "sha256", NULL) : NULL;
  const char *by = about ? json_object_get_string_member_with_default (about, "loaded_by", NULL) : NULL;
  g_autoptr(LoketCharter) charter = NULL;
  guint filled = 0;

  if (version == 0 || sha256 == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED,
                   "event %" G_GINT64_FORMAT ": CHARTER_CHANGED without its charter's version and hash", seq);
      return FALSE;
    }
  charter = loket_store_load_charter (self, version, error);
  if (charter == NULL)
    {
      g_prefix_error (error, "charter_versions: version %u (event %" G_GINT64_FORMAT "): ", version, seq);
      return FALSE;
    }
  if (g_strcmp0 (loket_charter_get_sha256 (charter), sha256) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED,
                   "charter_versions: version %u: stored text has SHA-256 %s, event %" G_GINT64_FORMAT
                   " recorded %s", version, loket_charter_get_sha256 (charter), seq, sha256);
      return FALSE;
    }
  return g_strcmp0 (by, "migration") != 0 || store_fill_promises (scratch, charter, version, &filled, error);
}

/* A SURVEYED event: its survey's row, without what the event does not
 * carry (the ticket, the profile, the suggestion). */
static gboolean
replay_survey (LoketStore   *scratch,
               sqlite3_stmt *event,
               JsonParser   *parser,
               GError      **error)
{
  g_autoptr(LoketSurvey) survey = g_new0 (LoketSurvey, 1);
  gint64 seq = sqlite3_column_int64 (event, 0);
  JsonObject *o = NULL;
  JsonNode *root;

  if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (event, 6), -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    o = json_node_get_object (root);
  if (o == NULL || !json_object_has_member (o, "answers") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "answers")) ||
      !loket_skm_answers_from_json (json_object_get_object_member (o, "answers"), survey->answers, NULL))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED,
                   "event %" G_GINT64_FORMAT ": SURVEYED without its survey's answers", seq);
      return FALSE;
    }
  survey->id = json_object_get_int_member_with_default (o, "survey", 0);
  survey->service = g_strdup (json_object_get_string_member_with_default (o, "service", ""));
  survey->charter_version = (guint) json_object_get_int_member_with_default (o, "charter_version", 0);
  survey->channel = g_strdup (json_object_get_string_member_with_default (o, "channel", ""));
  survey->service_day = g_strdup (json_object_get_string_member_with_default (o, "day", ""));
  survey->answered_at = sqlite3_column_int64 (event, 1);
  if (!loket_store_add_survey (scratch, survey, error))
    {
      g_prefix_error (error, "event %" G_GINT64_FORMAT ": ", seq);
      return FALSE;
    }
  return TRUE;
}

/* The payload of @event as an object, or NULL and an error naming it. */
static JsonObject *
event_payload (sqlite3_stmt *event, JsonParser *parser, GError **error)
{
  JsonNode *root;

  if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (event, 6), -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return json_node_get_object (root);
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED, "event %" G_GINT64_FORMAT ": not a JSON object",
               (gint64) sqlite3_column_int64 (event, 0));
  return NULL;
}

/* The complaint's description in the store must be the one received: the
 * event holds its SHA-256 (it may not hold the text). */
static gboolean
check_description (LoketStore *self, gint64 id, const char *digest, gint64 seq, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT description FROM complaints WHERE id = ?1", error);
  g_autofree char *text = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GError) local = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  text = store_first_text (self, stmt, "reading a complaint's description", &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  actual = text ? g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1) : NULL;
  if (g_strcmp0 (actual, digest) == 0)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED,
               "complaint %" G_GINT64_FORMAT ": its description is not the one received (event %" G_GINT64_FORMAT ")",
               id, seq);
  return FALSE;
}

/* A COMPLAINED event: the complaint's row without its texts and token
 * (the event has a digest of the description, checked against the
 * store's, and no token), and its first step. */
static gboolean
replay_complained (LoketStore *self, LoketStore *scratch, sqlite3_stmt *event, JsonParser *parser, GError **error)
{
  sqlite3_stmt *row = store_prepare (scratch,
    "INSERT INTO complaints (id, receipt, token, service, ticket, category, description, channel, received_at,"
    " received_by, service_day, deadline, state, person, waited_minutes, promised_minutes)"
    " VALUES (?1, ?2, ?2, ?3, NULLIF (?4, 0), ?5, '', ?6, ?7, CASE WHEN ?6 = 'staff' THEN ?8 END, ?9, ?10,"
    " 'received', ?11, NULLIF (?12, -1), NULLIF (?13, -1))", error);
  sqlite3_stmt *step = store_prepare (scratch,
    "INSERT INTO complaint_steps (complaint, act, from_state, to_state, staff, public, at)"
    " VALUES (?1, 'file', NULL, 'received', ?2, 0, ?3)", error);
  JsonObject *o = row && step ? event_payload (event, parser, error) : NULL;
  JsonObject *facts;
  gint64 id;

  if (o == NULL)
    return FALSE;
  facts = json_object_get_object_member (o, "facts");
  id = json_object_get_int_member_with_default (o, "complaint", 0);
  sqlite3_bind_int64 (row, 1, id);
  store_bind_text (row, 2, json_object_get_string_member_with_default (o, "receipt", NULL));
  store_bind_text (row, 3, json_object_get_string_member_with_default (o, "service", NULL));
  sqlite3_bind_int64 (row, 4, facts ? json_object_get_int_member_with_default (facts, "ticket", 0) : 0);
  store_bind_text (row, 5, json_object_get_string_member_with_default (o, "category", NULL));
  store_bind_text (row, 6, json_object_get_string_member_with_default (o, "channel", NULL));
  sqlite3_bind_int64 (row, 7, sqlite3_column_int64 (event, 1));
  sqlite3_bind_value (row, 8, sqlite3_column_value (event, 2));
  store_bind_text (row, 9, json_object_get_string_member_with_default (o, "service_day", NULL));
  store_bind_text (row, 10, json_object_get_string_member_with_default (o, "deadline", NULL));
  store_bind_text (row, 11, json_object_get_string_member_with_default (o, "person", NULL));
  sqlite3_bind_int64 (row, 12, facts ? json_object_get_int_member_with_default (facts, "waited_minutes", -1) : -1);
  sqlite3_bind_int64 (row, 13, facts ? json_object_get_int_member_with_default (facts, "promised_minutes", -1) : -1);
  sqlite3_bind_int64 (step, 1, id);
  sqlite3_bind_value (step, 2, sqlite3_column_value (event, 2));
  sqlite3_bind_int64 (step, 3, sqlite3_column_int64 (event, 1));
  return check_description (self, id, json_object_get_string_member_with_default (o, "description_sha256", NULL),
                            sqlite3_column_int64 (event, 0), error) &&
         store_step_done (scratch, row, "replaying a complaint", error) &&
         store_step_done (scratch, step, "replaying a complaint's first step", error);
}

/* A COMPLAINT_MOVED event: the step, and the state it leaves. */
static gboolean
replay_complaint_moved (LoketStore *scratch, sqlite3_stmt *event, JsonParser *parser, GError **error)
{
  sqlite3_stmt *update = store_prepare (scratch,
    "UPDATE complaints SET state = ?2,"
    " answered_at = CASE WHEN ?3 = 'answer' THEN ?4 ELSE answered_at END,"
    " closed_at = CASE WHEN ?3 = 'close' THEN ?4 ELSE closed_at END WHERE id = ?1", error);
  sqlite3_stmt *step = store_prepare (scratch,
    "INSERT INTO complaint_steps (complaint, act, from_state, to_state, staff, public, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  JsonObject *o = update && step ? event_payload (event, parser, error) : NULL;
  gint64 id;

  if (o == NULL)
    return FALSE;
  id = json_object_get_int_member_with_default (o, "complaint", 0);
  sqlite3_bind_int64 (update, 1, id);
  store_bind_text (update, 2, json_object_get_string_member_with_default (o, "to", NULL));
  store_bind_text (update, 3, json_object_get_string_member_with_default (o, "act", NULL));
  sqlite3_bind_int64 (update, 4, sqlite3_column_int64 (event, 1));
  sqlite3_bind_int64 (step, 1, id);
  store_bind_text (step, 2, json_object_get_string_member_with_default (o, "act", NULL));
  store_bind_text (step, 3, json_object_get_string_member_with_default (o, "from", NULL));
  store_bind_text (step, 4, json_object_get_string_member_with_default (o, "to", NULL));
  sqlite3_bind_value (step, 5, sqlite3_column_value (event, 2));
  sqlite3_bind_int (step, 6, json_object_get_boolean_member_with_default (o, "public", FALSE));
  sqlite3_bind_int64 (step, 7, sqlite3_column_int64 (event, 1));
  return store_step_done (scratch, update, "replaying a complaint's step", error) &&
         store_step_done (scratch, step, "replaying a complaint's step", error);
}

/* PRINTED or PRINT_FAILED naming a complaint's receipt: the kiosk's
 * paper, as the complaint's receipt_print. */
static gboolean
replay_receipt_print (LoketStore *scratch, sqlite3_stmt *event, JsonParser *parser, GError **error)
{
  sqlite3_stmt *update = store_prepare (scratch, "UPDATE complaints SET receipt_print = ?2 WHERE receipt = ?1", error);
  const char *type = (const char *) sqlite3_column_text (event, 4);
  JsonObject *o = update ? event_payload (event, parser, error) : NULL;

  if (o == NULL)
    return FALSE;
  store_bind_text (update, 1, json_object_get_string_member_with_default (o, "receipt", NULL));
  store_bind_text (update, 2, g_strcmp0 (type, "PRINTED") == 0 ? "printed" : "failed");
  return store_step_done (scratch, update, "replaying a receipt's print", error);
}

/* One event into the scratch store: its ticket, as loketd wrote it; a
 * RESUMED event into the events table, where the pauses trigger copies it. */
static gboolean
replay_event (LoketStore   *self,
              LoketStore   *scratch,
              sqlite3_stmt *event,
              sqlite3_stmt *copy,
              JsonParser   *parser,
              GError      **error)
{
  const char *type = (const char *) sqlite3_column_text (event, 4);
  const char *payload = (const char *) sqlite3_column_text (event, 6);
  gint64 seq = sqlite3_column_int64 (event, 0);
  g_autoptr(LoketTicket) ticket = NULL;
  JsonNode *root, *node;

  if (g_strcmp0 (type, "RESUMED") == 0)
    {
      for (int i = 0; i < 9; i++)
        sqlite3_bind_value (copy, i + 1, sqlite3_column_value (event, i));
      if (!store_step_done (scratch, copy, "replaying a pause", error))
        return FALSE;
    }
  if (g_strcmp0 (type, "SURVEYED") == 0)
    return replay_survey (scratch, event, parser, error);
  if (g_strcmp0 (type, "COMPLAINED") == 0)
    return replay_complained (self, scratch, event, parser, error);
  if (g_strcmp0 (type, "COMPLAINT_MOVED") == 0)
    return replay_complaint_moved (scratch, event, parser, error);
  /* A ticket's paper carries the ticket; a complaint's, its receipt. */
  if ((g_strcmp0 (type, "PRINTED") == 0 || g_strcmp0 (type, "PRINT_FAILED") == 0) && payload != NULL &&
      strstr (payload, "\"receipt\":") != NULL && strstr (payload, "\"ticket\":{") == NULL)
    return replay_receipt_print (scratch, event, parser, error);
  if (payload == NULL ||
      (strstr (payload, "\"ticket\":{") == NULL && g_strcmp0 (type, "CHARTER_CHANGED") != 0))
    return TRUE;
  if (!json_parser_load_from_data (parser, payload, -1, error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_prefix_error (error, "event %" G_GINT64_FORMAT ": ", seq);
      return FALSE;
    }
  if (g_strcmp0 (type, "CHARTER_CHANGED") == 0)
    return replay_charter (self, scratch, json_node_get_object (root), seq, error);
  node = json_object_get_member (json_node_get_object (root), "ticket");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  ticket = loket_ticket_from_json (json_node_get_object (node), error);
  if (ticket == NULL)
    {
      g_prefix_error (error, "event %" G_GINT64_FORMAT ": its ticket: ", seq);
      return FALSE;
    }
  if (!loket_store_update_ticket (scratch, ticket, error))
    return FALSE;
  return sqlite3_changes (loket_store_get_db (scratch)) > 0 ||
         loket_store_insert_ticket (scratch, ticket, error);
}

static gboolean
replay (LoketStore *self,
        LoketStore *scratch,
        gint64     *n_events,
        GError    **error)
{
  g_autoptr(sqlite3_stmt) events = NULL;
  g_autoptr(sqlite3_stmt) copy = NULL;
  /* One parser for every event: a new one each time costs more than the
   * parse (the heap grows and shrinks by its buffers). */
  g_autoptr(JsonParser) parser = json_parser_new ();
  int rc;

  if (sqlite3_prepare_v2 (loket_store_get_db (self),
                          "SELECT seq, time, actor, device, type, ticket, payload, prev_hash, hash"
                          " FROM events ORDER BY seq", -1, &events, NULL) != SQLITE_OK)
    {
      store_set_error (error, self, "reading the event log");
      return FALSE;
    }
  if (sqlite3_prepare_v2 (loket_store_get_db (scratch),
                          "INSERT INTO events (seq, time, actor, device, type, ticket, payload,"
                          " prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                          -1, &copy, NULL) != SQLITE_OK)
    {
      store_set_error (error, scratch, "preparing the replay");
      return FALSE;
    }
  *n_events = 0;
  while ((rc = sqlite3_step (events)) == SQLITE_ROW)
    {
      if (!replay_event (self, scratch, events, copy, parser, error))
        return FALSE;
      (*n_events)++;
    }
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "reading the event log");
      return FALSE;
    }
  return TRUE;
}

/* ---- comparison -------------------------------------------------------- */

typedef struct
{
  const char *table;   /* as named to the user */
  const char *sql;     /* key first, rows in key order */
  gboolean    ticket;  /* the key is a ticket's id */
  guint       since;   /* the schema that gave the table what @sql reads */
  const char *sql_before;   /* for a store older than that, or NULL */
} Check;

#define TICKET_CHECK_COLUMNS \
  "SELECT id, service_day, series, number, service, issued_service, priority, state," \
  " issued_at, arrival_at, called_at, started_at, finished_at, counter, clerk," \
  " recalls, transfers, outcome, device"
#define REPORT_CHECK_COLUMNS \
  "SELECT r.id, k.issued_service, k.service, k.state, k.outcome, k.priority, k.transfers," \
  " c.name AS counter, l.name AS clerk, r.arrival_at, r.called_at, r.started_at, r.finished_at"
#define REPORT_CHECK_FROM \
  " FROM report_tickets r LEFT JOIN report_kinds k ON k.code = r.kind" \
  " LEFT JOIN report_names c ON c.code = r.counter LEFT JOIN report_names l ON l.code = r.clerk" \
  " ORDER BY r.id"

#define COMPLAINT_CHECK_COLUMNS \
  "SELECT id, receipt, service, ticket, category, channel, received_at, received_by, service_day, deadline," \
  " state, answered_at, closed_at, person, waited_minutes, promised_minutes"

static const Check checks[] = {
  /* The promise each ticket was issued with is in its ISSUED event (or,
   * for tickets from before schema 9, in the upgrade's CHARTER_CHANGED):
   * editing it would re-judge the ticket, so it is compared too. */
  { "tickets",
    TICKET_CHECK_COLUMNS ", charter_version, promised_wait_minutes, promised_service_minutes"
    " FROM tickets ORDER BY id", TRUE,
    STORE_SCHEMA_PROMISES, TICKET_CHECK_COLUMNS " FROM tickets ORDER BY id" },
  /* Codes differ between two stores; their meaning must not. */
  { "report_tickets",
    REPORT_CHECK_COLUMNS ", k.charter_version, k.promised_wait_minutes, k.promised_service_minutes"
    REPORT_CHECK_FROM, TRUE,
    STORE_SCHEMA_PROMISES, REPORT_CHECK_COLUMNS REPORT_CHECK_FROM },
  { "queue_counts",
    "SELECT service_day || ' ' || service AS queue, waiting, priority_waiting FROM queue_counts"
    " WHERE waiting <> 0 OR priority_waiting <> 0 ORDER BY 1", FALSE,
    STORE_SCHEMA_QUEUE_KINDS,
    "SELECT service_day || ' ' || service AS queue, waiting FROM queue_counts"
    " WHERE waiting <> 0 ORDER BY 1" },
  { "pauses",
    "SELECT seq, service_day, time, counter, clerk, reason, usec FROM pauses ORDER BY seq", FALSE },
  /* What SURVEYED events carry (replay_survey). */
  { "surveys",
    "SELECT id, service, charter_version, channel, service_day, answered_at, answer_requirements,"
    " answer_procedure, answer_time, answer_cost, answer_product, answer_competence,"
    " answer_behaviour, answer_complaints, answer_facilities FROM surveys ORDER BY id", FALSE },
  /* What COMPLAINED and COMPLAINT_MOVED carry (replay_complained), and
   * PRINTED or PRINT_FAILED with a receipt (replay_receipt_print): not
   * the token, the texts (the description by its digest, there) nor the
   * complainant. */
  { "complaints",
    COMPLAINT_CHECK_COLUMNS ", receipt_print FROM complaints ORDER BY id", FALSE,
    STORE_SCHEMA_RECEIPT_PRINT, COMPLAINT_CHECK_COLUMNS " FROM complaints ORDER BY id" },
  { "complaint_steps",
    "SELECT id, complaint, act, from_state, to_state, staff, public, at FROM complaint_steps ORDER BY id", FALSE },
};

/* <0, 0, >0 as sqlite orders two values of a column; NULL first. */
static int
compare_values (sqlite3_stmt *a,
                sqlite3_stmt *b,
                int           column)
{
  int ta = sqlite3_column_type (a, column), tb = sqlite3_column_type (b, column);

  if (ta == SQLITE_NULL || tb == SQLITE_NULL || ta != tb)
    return (ta == tb) ? 0 : (ta == SQLITE_NULL ? -1 : (tb == SQLITE_NULL ? 1 : ta - tb));
  if (ta == SQLITE_INTEGER)
    {
      gint64 x = sqlite3_column_int64 (a, column), y = sqlite3_column_int64 (b, column);
      return (x > y) - (x < y);
    }
  if (ta == SQLITE_FLOAT)
    {
      double x = sqlite3_column_double (a, column), y = sqlite3_column_double (b, column);
      return (x > y) - (x < y);
    }
  return g_strcmp0 ((const char *) sqlite3_column_text (a, column),
                    (const char *) sqlite3_column_text (b, column));
}

static char *
value_text (sqlite3_stmt *stmt,
            int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return g_strdup ("NULL");
  if (sqlite3_column_type (stmt, column) == SQLITE_TEXT)
    return g_strdup_printf ("“%s”", sqlite3_column_text (stmt, column));
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* "ticket A-007 of 2026-12-05 (id 42)", from whichever store has it. */
static char *
describe_row (const Check  *check,
              LoketStore   *replayed,
              LoketStore   *stored,
              sqlite3_stmt *row)
{
  g_autoptr(LoketTicket) ticket = NULL;
  g_autofree char *label = NULL;
  gint64 id = sqlite3_column_int64 (row, 0);

  if (!check->ticket)
    return g_strdup_printf ("row %s", sqlite3_column_text (row, 0));
  ticket = loket_store_get_ticket (replayed, id, NULL);
  if (ticket == NULL)
    ticket = loket_store_get_ticket (stored, id, NULL);
  if (ticket == NULL)
    return g_strdup_printf ("ticket id %" G_GINT64_FORMAT, id);
  label = loket_ticket_get_label (ticket);
  return g_strdup_printf ("ticket %s of %s (id %" G_GINT64_FORMAT ")", label,
                          ticket->service_day, id);
}

static gboolean
differ (GError **error, const char *table, const char *what)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_TAMPERED, "%s: %s", table, what);
  return FALSE;
}

/* Walks both tables in key order; fails on the first row or column that
 * differs.  @rows counts the rows compared. */
static gboolean
compare_table (const Check *check,
               const char  *sql,
               LoketStore  *stored,
               LoketStore  *replayed,
               gint64      *rows,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) s = NULL;
  g_autoptr(sqlite3_stmt) r = NULL;
  int rs, rr;

  if (sqlite3_prepare_v2 (loket_store_get_db (stored), sql, -1, &s, NULL) != SQLITE_OK)
    {
      store_set_error (error, stored, check->table);
      return FALSE;
    }
  if (sqlite3_prepare_v2 (loket_store_get_db (replayed), sql, -1, &r, NULL) != SQLITE_OK)
    {
      store_set_error (error, replayed, check->table);
      return FALSE;
    }
  *rows = 0;
  rs = sqlite3_step (s);
  rr = sqlite3_step (r);
  while (rs == SQLITE_ROW || rr == SQLITE_ROW)
    {
      int key = (rs != SQLITE_ROW) ? 1 : (rr != SQLITE_ROW) ? -1 : compare_values (s, r, 0);

      if (key < 0)
        {
          g_autofree char *row = describe_row (check, replayed, stored, s);
          g_autofree char *what = g_strdup_printf ("%s is stored but no event made it (a stray row)", row);
          return differ (error, check->table, what);
        }
      if (key > 0)
        {
          g_autofree char *row = describe_row (check, replayed, stored, r);
          g_autofree char *what = g_strdup_printf ("%s is missing from the store", row);
          return differ (error, check->table, what);
        }
      for (int c = 1; c < sqlite3_column_count (s); c++)
        if (compare_values (s, r, c) != 0)
          {
            g_autofree char *row = describe_row (check, replayed, stored, r);
            g_autofree char *sv = value_text (s, c);
            g_autofree char *rv = value_text (r, c);
            g_autofree char *what = g_strdup_printf ("%s, column %s: stored %s, replayed %s", row,
                                                     sqlite3_column_name (s, c), sv, rv);
            return differ (error, check->table, what);
          }
      (*rows)++;
      rs = sqlite3_step (s);
      rr = sqlite3_step (r);
    }
  if (rs != SQLITE_DONE)
    store_set_error (error, stored, check->table);
  else if (rr != SQLITE_DONE)
    store_set_error (error, replayed, check->table);
  return rs == SQLITE_DONE && rr == SQLITE_DONE;
}

static gboolean
has_table (LoketStore *self,
           const char *table)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  return sqlite3_prepare_v2 (loket_store_get_db (self),
                             "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                             -1, &stmt, NULL) == SQLITE_OK &&
         sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC) == SQLITE_OK &&
         sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
scratch_exec (LoketStore *scratch,
              const char *sql,
              GError    **error)
{
  if (sqlite3_exec (loket_store_get_db (scratch), sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  store_set_error (error, scratch, sql);
  return FALSE;
}

/* Replays into @scratch and compares; the caller removes the file. */
static gboolean
verify_with (LoketStore         *self,
             LoketStore         *scratch,
             LoketVerifySummary *summary,
             GError            **error)
{
  g_autoptr(sqlite3_stmt) days = NULL;
  guint schema = store_schema (self);

  /* A scratch copy needs no durability: a crash only loses the check. */
  if (!scratch_exec (scratch, "PRAGMA journal_mode = OFF", error) ||
      !scratch_exec (scratch, "PRAGMA synchronous = OFF", error) ||
      !scratch_exec (scratch, "PRAGMA cache_size = -65536", error) ||
      !loket_store_begin (scratch, error) ||
      !replay (self, scratch, &summary->events, error) ||
      !loket_store_commit (scratch, error))
    return FALSE;
  g_debug ("%s: %" G_GINT64_FORMAT " events replayed", loket_store_get_path (self), summary->events);
  for (gsize i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      gint64 rows = 0;

      /* An old store (loketctl verify reads any version) may predate a table. */
      if (!has_table (self, checks[i].table))
        continue;
      if (!compare_table (&checks[i], schema < checks[i].since ? checks[i].sql_before : checks[i].sql,
                          self, scratch, &rows, error))
        return FALSE;
      if (i == 0)
        summary->tickets = rows;
    }
  if (sqlite3_prepare_v2 (loket_store_get_db (scratch),
                          "SELECT COUNT (DISTINCT service_day) FROM tickets", -1, &days, NULL) != SQLITE_OK ||
      sqlite3_step (days) != SQLITE_ROW)
    {
      store_set_error (error, scratch, "counting the days");
      return FALSE;
    }
  summary->days = sqlite3_column_int64 (days, 0);
  return TRUE;
}

static const char * const scratch_files[] = { "", "-wal", "-shm", "-journal" };

static gboolean
replay_and_compare (LoketStore         *self,
                    LoketVerifySummary *summary,
                    GError            **error)
{
  g_autoptr(LoketStore) scratch = NULL;
  g_autofree char *path = NULL;
  gboolean ok;
  int fd;

  fd = g_file_open_tmp ("loket-verify-XXXXXX.db", &path, error);
  if (fd < 0)
    {
      g_prefix_error (error, "making a scratch store for the replay: ");
      return FALSE;
    }
  g_close (fd, NULL);
  scratch = loket_store_open (path, error);
  ok = scratch != NULL && verify_with (self, scratch, summary, error);
  g_clear_object (&scratch);
  for (gsize i = 0; i < G_N_ELEMENTS (scratch_files); i++)
    {
      g_autofree char *file = g_strconcat (path, scratch_files[i], NULL);
      g_unlink (file);
    }
  return ok;
}

gboolean
loket_store_verify_all (LoketStore         *self,
                        LoketVerifySummary *summary,
                        GError            **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  *summary = (LoketVerifySummary) { 0 };
  /* One snapshot for the chain, the replay and the comparison: loketd may
   * be writing meanwhile. */
  if (!loket_store_read_begin (self, error))
    return FALSE;
  ok = loket_store_verify (self, &summary->events, error);
  g_debug ("%s: hash chain checked in %.1f s", loket_store_get_path (self),
           (g_get_monotonic_time () - start) / 1e6);
  ok = ok && replay_and_compare (self, summary, error);
  g_debug ("%s: verified in %.1f s", loket_store_get_path (self),
           (g_get_monotonic_time () - start) / 1e6);
  loket_store_read_end (self);
  return ok;
}

/* ---- anchors ----------------------------------------------------------- */

/* The first service day after @after (NULL: the first of all) up to @to
 * (NULL: unbounded) that has events, by one seek in `events_day`. */
static char *
next_anchor_day (LoketStore *self, const char *after, gboolean inclusive, const char *to,
                 gboolean *found, GError **error)
{
#define NEXT_DAY(op) \
  "SELECT " LOKET_STORE_EVENT_DAY " FROM events INDEXED BY events_day" \
  " WHERE " LOKET_STORE_EVENT_DAY " " op " ?1 ORDER BY " LOKET_STORE_EVENT_DAY " LIMIT 1"
  /* Never a day "" (an event of no day): after nothing is after "". */
  sqlite3_stmt *stmt = store_prepare (self, inclusive && after != NULL ? NEXT_DAY (">=") : NEXT_DAY (">"),
                                      error);
  char *day = NULL;
  int rc;
#undef NEXT_DAY

  *found = FALSE;
  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, after ? after : "");
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      day = store_column_text (stmt, 0);
      *found = to == NULL || strcmp (day, to) <= 0;
    }
  else if (rc != SQLITE_DONE)
    store_set_error (error, self, "reading the daily anchors");
  sqlite3_reset (stmt);
  return day;
}

/* @day's last event, by one seek at the end of its range in `events_day`. */
static LoketAnchor *
anchor_of (LoketStore *self, const char *day, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT seq, hash FROM events INDEXED BY events_day"
      " WHERE " LOKET_STORE_EVENT_DAY " = ?1 ORDER BY seq DESC LIMIT 1", error);
  LoketAnchor *anchor = NULL;

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, day);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      anchor = g_new0 (LoketAnchor, 1);
      anchor->day = g_strdup (day);
      anchor->seq = sqlite3_column_int64 (stmt, 0);
      anchor->hash = store_column_text (stmt, 1);
    }
  else
    store_set_error (error, self, "reading the daily anchors");
  sqlite3_reset (stmt);
  return anchor;
}

/* The hash at a day's last event covers that event and every one before.
 * Two seeks a day, however many events: a year's anchors in
 * milliseconds. */
GPtrArray *
loket_store_list_anchors (LoketStore *self,
                          const char *from,
                          const char *to,
                          GError    **error)
{
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_anchor_free);
  g_autofree char *day = g_strdup (from);
  gboolean inclusive = TRUE;

  while (TRUE)
    {
      g_autoptr(GError) local = NULL;
      gboolean found;
      char *next = next_anchor_day (self, day, inclusive, to, &found, &local);
      LoketAnchor *anchor;

      g_free (day);
      day = next;
      inclusive = FALSE;
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (!found)
        return g_steal_pointer (&anchors);
      if ((anchor = anchor_of (self, day, error)) == NULL)
        return NULL;
      g_ptr_array_add (anchors, anchor);
    }
}
