/* loket-store-report.c — what reports read from LoketStore: the tickets
 * of a period, the counters' pauses, the clerks' names.
 *
 * A year of a large office is millions of tickets, so the rows are handed
 * to a callback one at a time, never collected: the report model keeps
 * only its sums and the durations it needs for percentiles.  They come
 * from `report_tickets` (schema 6), seven integers a ticket that
 * triggers keep beside `tickets`: the codes of its kind, counter and
 * clerk, read once with what they stand for, and its four times.  A period's tickets are a
 * range of rows (ids grow with time), so they are read by row id — a
 * sequential scan of just the period, with no index lookup per row.  The
 * range is found exactly, whatever the id order: the first and last id of
 * each day, two seeks a day in the `tickets_day` index (schema 5); only if
 * days interleave are the period's ids taken from that index instead.
 * Pauses come from `pauses`, which a trigger fills from the RESUMED
 * events, so no event's JSON is parsed here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-store"

#include "loket-store.h"
#include "loket-store-private.h"
#include "loket-error.h"

/* The rows of a period are handed over by SQLite itself: the statement
 * is one aggregate, whose step is called for every row inside a single
 * sqlite3_step().  Spared the return to the caller and seven column calls
 * a row, reading two million rows took 0.6 of the time.  ?5 is the Sink,
 * bound as a pointer (sqlite3_bind_pointer), which SQL cannot forge. */
#define TICKET_COLUMNS_SQL \
  "SELECT loket_report_row (?5, kind, counter, clerk, arrival_at, called_at, started_at, finished_at)" \
  " FROM report_tickets WHERE id BETWEEN ?3 AND ?4"
/* When the ids of different days interleave, the period's own ids (the
 * list of them is read in order). */
#define TICKETS_SQL         TICKET_COLUMNS_SQL " AND ?1 <= ?2"
#define TICKETS_CHECKED_SQL TICKET_COLUMNS_SQL " AND id IN" \
  " (SELECT id FROM tickets INDEXED BY tickets_day WHERE service_day BETWEEN ?1 AND ?2)"
#define SINK_TYPE "loket-report-sink"

#define KINDS_SQL \
  "SELECT code, issued_service, service, state, outcome, priority, transfers," \
  " charter_version, promised_wait_minutes, promised_service_minutes FROM report_kinds"
#define NAMES_SQL "SELECT code, name FROM report_names"
/* Codes are row ids, given in order from 1: one far beyond that is a
 * database edited by hand, not a reason to allocate gigabytes. */
#define MAX_CODE (1 << 24)

/* The first day from ?1 (included, or after it with ">") to ?2, and its
 * smallest id; then that day's largest id. */
#define FIRST_DAY_SQL(op) \
  "SELECT service_day, id FROM tickets INDEXED BY tickets_day" \
  " WHERE service_day " op " ?1 AND service_day <= ?2 ORDER BY service_day, id LIMIT 1"
#define LAST_ID_SQL \
  "SELECT id FROM tickets INDEXED BY tickets_day WHERE service_day = ?1 ORDER BY id DESC LIMIT 1"

#define PAUSES_SQL \
  "SELECT service_day, counter, clerk, reason, usec FROM pauses" \
  " WHERE service_day BETWEEN ?1 AND ?2"
/* The citizens turned away, from the log itself through its partial index
 * (schema 7): a few a day, so a year is read in a blink, and nothing
 * derived from the events needs checking beside the chain. */
/* INDEXED BY: the day's index (events_day) matches the period too, but
 * holds every event of it; the partial index holds only these few. */
#define TURNED_AWAY_SQL \
  "SELECT time, json_extract (payload, '$.service'), json_extract (payload, '$.refusal')" \
  " FROM events INDEXED BY events_turned_away" \
  " WHERE type = 'TURNED_AWAY' AND json_extract (payload, '$.service_day') BETWEEN ?1 AND ?2" \
  " ORDER BY seq"

/* What went wrong at each kiosk: print failures and reprints where they
 * happened (a supervisor may have a ticket reprinted at another kiosk),
 * refused priority claims at the kiosk that took them.  The events of
 * these three types only, by the partial index events_kiosk_acts (its
 * WHERE is repeated here word for word, so that SQLite may use it); they
 * are few, and added up by the caller rather than in a temporary b-tree.
 * CROSS JOIN keeps the events outside: otherwise SQLite walks a year's
 * tickets by day and seeks each one in the index. */
#define KIOSK_ACTS "type IN ('PRINT_FAILED', 'REPRINTED', 'PRIORITY_REFUSED')"
#define KIOSKS_SQL \
  "SELECT CASE e.type WHEN 'PRIORITY_REFUSED' THEN t.device ELSE e.device END, e.type" \
  " FROM events AS e CROSS JOIN tickets AS t ON t.id = e.ticket" \
  " WHERE e." KIOSK_ACTS " AND t.service_day BETWEEN ?1 AND ?2"

static gboolean
run (LoketStore *self,
     const char *sql,
     GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, sql, error);

  return stmt != NULL && store_step_done (self, stmt, sql, error);
}

gboolean
loket_store_read_begin (LoketStore *self,
                        GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!run (self, "BEGIN DEFERRED", error))
    return FALSE;
  /* A deferred transaction takes its snapshot at its first read: take it
   * now, so that the first figure is as old as the last. */
  stmt = store_prepare (self, "SELECT count (*) FROM sqlite_schema", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      store_set_error (error, self, "starting to read");
      run (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

void
loket_store_read_end (LoketStore *self)
{
  if (sqlite3_get_autocommit (loket_store_get_db (self)) == 0)
    run (self, "COMMIT", NULL);
}

/* A statement of rows for a period, bound and ready to step. */
static sqlite3_stmt *
period_statement (LoketStore *self,
                  const char *sql,
                  const char *from,
                  const char *to,
                  GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, sql, error);

  if (stmt != NULL)
    {
      store_bind_text (stmt, 1, from);
      store_bind_text (stmt, 2, to);
    }
  return stmt;
}

static gboolean
finish_rows (LoketStore   *self,
             sqlite3_stmt *stmt,
             int           rc,
             const char   *what,
             GError      **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, what);
      return FALSE;
    }
  return TRUE;
}

/* The next day with tickets after (or from, when @first) @day, up to
 * @to, with its first and last id; FALSE with no error when there is
 * none. */
static gboolean
next_day (LoketStore *self, char **day, const char *to, gboolean first, gint64 *lo, gint64 *hi,
          GError **error)
{
  sqlite3_stmt *stmt = period_statement (self, first ? FIRST_DAY_SQL (">=") : FIRST_DAY_SQL (">"),
                                         *day, to, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      finish_rows (self, stmt, rc, "finding the period's days", error);
      return FALSE;
    }
  g_free (*day);
  *day = store_column_text (stmt, 0);
  *lo = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  stmt = store_prepare (self, LAST_ID_SQL, error);
  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, *day);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      finish_rows (self, stmt, rc, "finding a day's last ticket", error);
      return FALSE;
    }
  *hi = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The smallest range of ids that holds every ticket of the period, and
 * whether the days follow each other in id order (as loketd writes them:
 * each day's ids after the day before's) — then the range holds nothing
 * else, and the rows need no check of their day.  Two seeks a day, over
 * all the days the database holds: a few milliseconds for years. */
static gboolean
period_ids (LoketStore *self, const char *from, const char *to, gint64 *lo, gint64 *hi,
            gboolean *ordered, GError **error)
{
  g_autofree char *day = g_strdup ("");
  gint64 day_lo, day_hi, previous_hi = 0;
  GError *local = NULL;

  *lo = G_MAXINT64, *hi = 0, *ordered = TRUE;
  for (gboolean first = TRUE; next_day (self, &day, "9999-12-31", first, &day_lo, &day_hi, &local);
       first = FALSE)
    {
      *ordered = *ordered && day_lo > previous_hi;
      previous_hi = day_hi;
      if (strcmp (day, from) >= 0 && strcmp (day, to) <= 0)
        *lo = MIN (*lo, day_lo), *hi = MAX (*hi, day_hi);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static void
report_kind_free (gpointer data)
{
  LoketReportKind *kind = data;

  if (kind == NULL)       /* a code not used */
    return;
  g_free (kind->issued_service);
  g_free (kind->service);
  g_free (kind);
}

void
loket_report_codes_free (LoketReportCodes *codes)
{
  if (codes == NULL)
    return;
  g_clear_pointer (&codes->kinds, g_ptr_array_unref);
  g_clear_pointer (&codes->names, g_ptr_array_unref);
  g_free (codes);
}

/* Makes room in @array for @code, or FALSE if the code cannot be one. */
static gboolean
make_room (GPtrArray *array, gint64 code)
{
  if (code < 1 || code > MAX_CODE)
    return FALSE;
  if ((guint) code >= array->len)
    g_ptr_array_set_size (array, (guint) code + 1);
  return TRUE;
}

static gpointer
kind_from_statement (sqlite3_stmt *stmt)
{
  LoketReportKind *kind = g_new0 (LoketReportKind, 1);

  kind->issued_service = store_column_text (stmt, 1);
  kind->service = store_column_text (stmt, 2);
  /* An unknown word (a newer Loket's) counts as what it cannot be
   * mistaken for: voided, without an outcome. */
  if (!loket_ticket_state_from_string ((const char *) sqlite3_column_text (stmt, 3), &kind->state))
    kind->state = LOKET_TICKET_VOID;
  if (!loket_outcome_from_string ((const char *) sqlite3_column_text (stmt, 4), &kind->outcome))
    kind->outcome = LOKET_OUTCOME_NONE;
  kind->priority = sqlite3_column_int (stmt, 5) != 0;
  kind->transfers = (guint) sqlite3_column_int (stmt, 6);
  kind->charter_version = (guint) sqlite3_column_int (stmt, 7);
  kind->promised_wait_minutes = (guint) sqlite3_column_int (stmt, 8);
  kind->promised_service_minutes = (guint) sqlite3_column_int (stmt, 9);
  return kind;
}

static gpointer
name_from_statement (sqlite3_stmt *stmt)
{
  return store_column_text (stmt, 1);
}

/* Every row of @sql into @array, by the code in its first column. */
static gboolean
read_codes (LoketStore *self, const char *sql, GPtrArray *array, gpointer (*from_statement) (sqlite3_stmt *),
            GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 code = sqlite3_column_int64 (stmt, 0);

      if (!make_room (array, code))
        {
          sqlite3_reset (stmt);
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: code %" G_GINT64_FORMAT " is out of range",
                       sql, code);
          return FALSE;
        }
      g_ptr_array_index (array, code) = from_statement (stmt);
    }
  return finish_rows (self, stmt, rc, "reading the report's codes", error);
}

LoketReportCodes *
loket_store_report_codes (LoketStore *self,
                          GError    **error)
{
  g_autoptr(LoketReportCodes) codes = g_new0 (LoketReportCodes, 1);

  codes->kinds = g_ptr_array_new_with_free_func (report_kind_free);
  codes->names = g_ptr_array_new_with_free_func (g_free);
  if (!read_codes (self, KINDS_SQL, codes->kinds, kind_from_statement, error) ||
      !read_codes (self, NAMES_SQL, codes->names, name_from_statement, error))
    return NULL;
  return g_steal_pointer (&codes);
}

static gboolean
has_code (GPtrArray *array, gint64 code)
{
  return code >= 0 && code < array->len && g_ptr_array_index (array, code) != NULL;
}

/* Where loket_report_row() sends its rows. */
typedef struct {
  const LoketReportCodes *codes;
  LoketReportTicketFunc   func;
  gpointer                user_data;
} Sink;

static void
report_row_step (sqlite3_context *context,
                 int              argc,
                 sqlite3_value  **argv)
{
  const Sink **cached = sqlite3_aggregate_context (context, sizeof (Sink *));   /* zeroed at first */
  const Sink *sink;
  gint64 kind = sqlite3_value_int64 (argv[1]);
  gint64 counter = sqlite3_value_int64 (argv[2]), clerk = sqlite3_value_int64 (argv[3]);   /* NULL: 0 */
  LoketReportTicket t = {
    .kind = (guint) kind,
    .counter = (guint) counter,
    .clerk = (guint) clerk,
    .arrival_at = sqlite3_value_int64 (argv[4]),
    .called_at = sqlite3_value_int64 (argv[5]),
    .started_at = sqlite3_value_int64 (argv[6]),
    .finished_at = sqlite3_value_int64 (argv[7]),
  };

  if (cached == NULL)
    {
      sqlite3_result_error_nomem (context);
      return;
    }
  /* Looked up once: the lookup compares the pointer's type by name. */
  if (*cached == NULL)
    *cached = sqlite3_value_pointer (argv[0], SINK_TYPE);
  if ((sink = *cached) == NULL)
    {
      sqlite3_result_error (context, "loket_report_row: no sink", -1);
      return;
    }
  if (!has_code (sink->codes->kinds, kind) || (counter != 0 && !has_code (sink->codes->names, counter)) ||
      (clerk != 0 && !has_code (sink->codes->names, clerk)))
    {
      g_autofree char *message = g_strdup_printf ("report_tickets: a ticket of kind %" G_GINT64_FORMAT
                                                  ", counter %" G_GINT64_FORMAT " and clerk %" G_GINT64_FORMAT
                                                  ", codes that report_kinds or report_names does not have",
                                                  kind, counter, clerk);

      sqlite3_result_error (context, message, -1);
      return;
    }
  sink->func (&t, sink->user_data);
}

static void
report_row_final (sqlite3_context *context)
{
  sqlite3_result_null (context);
}

gboolean
store_report_register (sqlite3 *db)
{
  /* DIRECTONLY: a trigger or view in the file cannot call it. */
  return sqlite3_create_function_v2 (db, "loket_report_row", 8, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
                                     report_row_step, report_row_final, NULL) == SQLITE_OK;
}

gboolean
loket_store_report_tickets (LoketStore             *self,
                            const LoketReportCodes *codes,
                            const char             *from,
                            const char             *to,
                            LoketReportTicketFunc   func,
                            gpointer                user_data,
                            GError                **error)
{
  Sink sink = { codes, func, user_data };
  sqlite3_stmt *stmt;
  gint64 lo, hi;
  gboolean ordered;
  int rc;

  if (!period_ids (self, from, to, &lo, &hi, &ordered, error) ||
      (stmt = period_statement (self, ordered ? TICKETS_SQL : TICKETS_CHECKED_SQL, from, to, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 3, lo);
  sqlite3_bind_int64 (stmt, 4, hi);
  sqlite3_bind_pointer (stmt, 5, &sink, SINK_TYPE, NULL);
  /* One row, the aggregate's, once every ticket went through it. */
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  return finish_rows (self, stmt, rc, "reading the period's tickets", error);
}

gboolean
loket_store_report_pauses (LoketStore           *self,
                           const char           *from,
                           const char           *to,
                           LoketReportPauseFunc  func,
                           gpointer              user_data,
                           GError              **error)
{
  sqlite3_stmt *stmt = period_statement (self, PAUSES_SQL, from, to, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketReportPause p = {
        (const char *) sqlite3_column_text (stmt, 0),
        (const char *) sqlite3_column_text (stmt, 1),
        (const char *) sqlite3_column_text (stmt, 2),
        (const char *) sqlite3_column_text (stmt, 3),
        sqlite3_column_int64 (stmt, 4),
      };

      func (&p, user_data);
    }
  return finish_rows (self, stmt, rc, "reading the period's pauses", error);
}

gboolean
loket_store_report_kiosks (LoketStore           *self,
                           const char           *from,
                           const char           *to,
                           LoketReportKioskFunc  func,
                           gpointer              user_data,
                           GError              **error)
{
  sqlite3_stmt *stmt = period_statement (self, KIOSKS_SQL, from, to, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1), user_data);
  return finish_rows (self, stmt, rc, "reading the period's kiosk events", error);
}

gboolean
loket_store_report_turned_away (LoketStore                *self,
                                const char                *from,
                                const char                *to,
                                LoketReportTurnedAwayFunc  func,
                                gpointer                   user_data,
                                GError                   **error)
{
  sqlite3_stmt *stmt = period_statement (self, TURNED_AWAY_SQL, from, to, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketReportTurnedAway t = {
        sqlite3_column_int64 (stmt, 0),
        (const char *) sqlite3_column_text (stmt, 1),
        (const char *) sqlite3_column_text (stmt, 2),
      };

      func (&t, user_data);
    }
  return finish_rows (self, stmt, rc, "reading the period's turned-away citizens", error);
}

GHashTable *
loket_store_clerk_names (LoketStore *self,
                         GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT id, name FROM clerks", error);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_replace (names, store_column_text (stmt, 0), store_column_text (stmt, 1));
  if (!finish_rows (self, stmt, rc, "reading the clerks", error))
    return NULL;
  return g_steal_pointer (&names);
}

/* Appends the plan of @sql: "  SEARCH tickets USING INDEX …" per step. */
static gboolean
explain (LoketStore *self,
         const char *sql,
         GString    *out,
         GError    **error)
{
  g_autofree char *explain_sql = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (loket_store_get_db (self), explain_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      store_set_error (error, self, "explaining a report query");
      return FALSE;
    }
  g_string_append_printf (out, "%s\n", sql);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (out, "  %s\n", (const char *) sqlite3_column_text (stmt, 3));
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "explaining a report query");
      return FALSE;
    }
  return TRUE;
}

char *
loket_store_report_query_plan (LoketStore *self,
                               GError    **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char * const statements[] = {
    FIRST_DAY_SQL (">"), LAST_ID_SQL, TICKETS_SQL, TICKETS_CHECKED_SQL, KINDS_SQL, NAMES_SQL, PAUSES_SQL,
    KIOSKS_SQL,
    TURNED_AWAY_SQL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    if (!explain (self, statements[i], out, error))
      return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
