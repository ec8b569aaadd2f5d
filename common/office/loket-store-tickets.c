/* loket-store-tickets.c — the materialised state behind LoketStore:
 * tickets and counters.  The event log, replies and transactions are in
 * loket-store.c, the staff in loket-store-staff.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-store"

#include "loket-store.h"
#include "loket-store-private.h"

#include <math.h>
#include "loket-error.h"
#include "loket-message.h"

#include <string.h>

/* ---- tickets ----------------------------------------------------------- */

#define TICKET_COLUMNS_6 \
  "id, service_day, series, number, service, issued_service, priority, state, " \
  "issued_at, arrival_at, called_at, started_at, finished_at, counter, clerk, " \
  "recalls, transfers, outcome, device"
/* Schema 9 on: the promise each ticket was issued with. */
#define TICKET_COLUMNS TICKET_COLUMNS_6 ", charter_version, promised_wait_minutes, promised_service_minutes"
/* A query of whole tickets, for the store's schema (a store opened
 * read-only may be older: loketctl verify or report on a database not
 * yet upgraded); two static strings, each cached. */
#define SELECT_TICKETS(self, tail) \
  (store_has_promises (self) ? "SELECT " TICKET_COLUMNS tail : "SELECT " TICKET_COLUMNS_6 tail)

static LoketTicket *
ticket_from_statement (sqlite3_stmt *stmt)
{
  LoketTicket *t = loket_ticket_new ();

  t->id = sqlite3_column_int64 (stmt, 0);
  t->service_day = store_column_text (stmt, 1);
  t->series = store_column_text (stmt, 2);
  t->number = (guint) sqlite3_column_int (stmt, 3);
  t->service = store_column_text (stmt, 4);
  t->issued_service = store_column_text (stmt, 5);
  t->priority = store_column_text (stmt, 6);
  if (!loket_ticket_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &t->state))
    t->state = LOKET_TICKET_VOID;
  t->issued_at = sqlite3_column_int64 (stmt, 8);
  t->arrival_at = sqlite3_column_int64 (stmt, 9);
  t->called_at = sqlite3_column_int64 (stmt, 10);
  t->started_at = sqlite3_column_int64 (stmt, 11);
  t->finished_at = sqlite3_column_int64 (stmt, 12);
  t->counter = store_column_text (stmt, 13);
  t->clerk = store_column_text (stmt, 14);
  t->recalls = (guint) sqlite3_column_int (stmt, 15);
  t->transfers = (guint) sqlite3_column_int (stmt, 16);
  loket_outcome_from_string ((const char *) sqlite3_column_text (stmt, 17), &t->outcome);
  t->device = store_column_text (stmt, 18);
  if (sqlite3_column_count (stmt) > 19)
    {
      t->charter_version = (guint) sqlite3_column_int (stmt, 19);
      t->promised_wait_minutes = (guint) sqlite3_column_int (stmt, 20);
      t->promised_service_minutes = (guint) sqlite3_column_int (stmt, 21);
    }
  return t;
}

/* Binds every column but id, in TICKET_COLUMNS order, from ?2 on. */
static void
bind_ticket (sqlite3_stmt      *stmt,
             const LoketTicket *t)
{
  store_bind_text (stmt, 2, t->service_day);
  store_bind_text (stmt, 3, t->series);
  sqlite3_bind_int (stmt, 4, (int) t->number);
  store_bind_text (stmt, 5, t->service);
  store_bind_text (stmt, 6, t->issued_service);
  store_bind_text (stmt, 7, t->priority);
  store_bind_text (stmt, 8, loket_ticket_state_to_string (t->state));
  sqlite3_bind_int64 (stmt, 9, t->issued_at);
  sqlite3_bind_int64 (stmt, 10, t->arrival_at);
  sqlite3_bind_int64 (stmt, 11, t->called_at);
  sqlite3_bind_int64 (stmt, 12, t->started_at);
  sqlite3_bind_int64 (stmt, 13, t->finished_at);
  store_bind_text (stmt, 14, t->counter);
  store_bind_text (stmt, 15, t->clerk);
  sqlite3_bind_int (stmt, 16, (int) t->recalls);
  sqlite3_bind_int (stmt, 17, (int) t->transfers);
  store_bind_text (stmt, 18, loket_outcome_to_string (t->outcome));
  store_bind_text (stmt, 19, t->device);
}

gboolean
loket_store_next_number (LoketStore *self,
                         const char *service_day,
                         const char *series,
                         guint      *number,
                         GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT COALESCE (MAX (number), 0) + 1 FROM tickets WHERE service_day = ?1 AND series = ?2",
      error);

  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, series);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      store_set_error (error, self, "numbering");
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
  /* Written at the newest schema only: a store is migrated before it
   * writes (an older one is open read-only). */
  sqlite3_stmt *stmt = store_prepare (self,
      "INSERT INTO tickets (" TICKET_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
      " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)", error);

  if (stmt == NULL)
    return FALSE;
  /* A new ticket takes the next row id; a replay (loket-store-verify.c)
   * gives the id the events recorded. */
  if (ticket->id > 0)
    sqlite3_bind_int64 (stmt, 1, ticket->id);
  else
    sqlite3_bind_null (stmt, 1);
  bind_ticket (stmt, ticket);
  /* The promise is written once, at issue (loket_store_update_ticket
   * leaves it): no later act or charter changes what a ticket was
   * promised.  0 is "none recorded", NULL in the table. */
  if (ticket->charter_version > 0)
    {
      sqlite3_bind_int (stmt, 20, (int) ticket->charter_version);
      sqlite3_bind_int (stmt, 21, (int) ticket->promised_wait_minutes);
      sqlite3_bind_int (stmt, 22, (int) ticket->promised_service_minutes);
    }
  if (!store_step_done (self, stmt, "issuing a ticket", error))
    return FALSE;
  ticket->id = sqlite3_last_insert_rowid (loket_store_get_db (self));
  return TRUE;
}

gboolean
loket_store_update_ticket (LoketStore        *self,
                           const LoketTicket *ticket,
                           GError           **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "UPDATE tickets SET service_day = ?2, series = ?3, number = ?4, service = ?5,"
      " issued_service = ?6, priority = ?7, state = ?8, issued_at = ?9, arrival_at = ?10,"
      " called_at = ?11, started_at = ?12, finished_at = ?13, counter = ?14, clerk = ?15,"
      " recalls = ?16, transfers = ?17, outcome = ?18, device = ?19 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket->id);
  bind_ticket (stmt, ticket);
  return store_step_done (self, stmt, "updating a ticket", error);
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
      store_set_error (error, self, "reading tickets");
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
  sqlite3_stmt *stmt = store_prepare (self, SELECT_TICKETS (self, " FROM tickets WHERE id = ?1"), error);
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
  stmt = store_prepare (self, SELECT_TICKETS (self, " FROM tickets"
                        " WHERE service_day = ?1 AND series = ?2 AND number = ?3"), error);
  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, series);
  sqlite3_bind_int64 (stmt, 3, (gint64) number);
  return single_ticket (self, stmt, label, error);
}

GPtrArray *
loket_store_list_waiting (LoketStore *self,
                          const char *service_day,
                          GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, SELECT_TICKETS (self, " FROM tickets"
      " WHERE service_day = ?1 AND state IN ('issued', 'printed', 'print-failed', 'waiting')"
      " ORDER BY arrival_at, id"), error);

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, service_day);
  return collect_tickets (self, stmt, error);
}

static gint
compare_ticket_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = (*(LoketTicket * const *) a)->id, y = (*(LoketTicket * const *) b)->id;

  return (x > y) - (x < y);
}

/* Two statements, one per partial index (the queue's and the counters'),
 * so that a closing reads only the tickets still open, not the year. */
GPtrArray *
loket_store_list_unclosed (LoketStore *self,
                           const char *day,
                           GError    **error)
{
  static const char * const sql[] = {
    "SELECT " TICKET_COLUMNS " FROM tickets"
    " WHERE state IN ('issued', 'printed', 'print-failed', 'waiting') AND service_day <= ?1",
    "SELECT " TICKET_COLUMNS " FROM tickets"
    " WHERE state IN ('called', 'serving') AND service_day <= ?1 AND state = 'called'",
  };
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_ticket_free);

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = store_prepare (self, sql[i], error);
      GPtrArray *some;

      if (stmt == NULL)
        return NULL;
      store_bind_text (stmt, 1, day);
      some = collect_tickets (self, stmt, error);
      if (some == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (all, some);
    }
  g_ptr_array_sort (all, compare_ticket_ids);
  return g_steal_pointer (&all);
}

char *
loket_store_last_day_closed (LoketStore *self,
                             GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT json_extract (payload, '$.day') FROM events"
                                      " WHERE type = 'DAY_CLOSED' ORDER BY seq DESC LIMIT 1", error);

  if (stmt == NULL)
    return NULL;
  return store_first_text (self, stmt, "finding the last day closed", error);
}

/* @strv as a JSON array, for json_each (): a list bound as one value, so
 * that the statement's text (its cache key) stays the same. */
static char *
strv_to_json_text (const char * const *strv)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
}

GPtrArray *
loket_store_list_waiting_for (LoketStore         *self,
                              const char         *service_day,
                              const char * const *services,
                              GError            **error)
{
  sqlite3_stmt *stmt = store_prepare (self, SELECT_TICKETS (self, " FROM tickets"
      " WHERE service_day = ?1 AND service IN (SELECT value FROM json_each (?2))"
      " AND state IN ('issued', 'printed', 'print-failed', 'waiting')"
      " ORDER BY arrival_at, id"), error);
  g_autofree char *list = strv_to_json_text (services);

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, list);
  return collect_tickets (self, stmt, error);
}

LoketTicket *
loket_store_queue_head (LoketStore *self,
                        const char *service_day,
                        const char *service,
                        gboolean    priority,
                        GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, SELECT_TICKETS (self, " FROM tickets"
      " WHERE service_day = ?1 AND service = ?2 AND (priority IS NOT NULL) = ?3"
      " AND state IN ('issued', 'printed', 'print-failed', 'waiting')"
      " ORDER BY arrival_at, id LIMIT 1"), error);
  g_autoptr(GPtrArray) tickets = NULL;

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, service);
  sqlite3_bind_int (stmt, 3, priority ? 1 : 0);
  tickets = collect_tickets (self, stmt, error);
  if (tickets == NULL || tickets->len == 0)
    return NULL;
  return loket_ticket_copy (g_ptr_array_index (tickets, 0));
}

GPtrArray *
loket_store_list_active (LoketStore *self,
                         const char *service_day,
                         GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, SELECT_TICKETS (self, " FROM tickets"
      " WHERE service_day = ?1 AND state IN ('called', 'serving') ORDER BY called_at"), error);

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, service_day);
  return collect_tickets (self, stmt, error);
}

GPtrArray *
loket_store_list_recent_calls (LoketStore *self,
                               const char *service_day,
                               guint       limit,
                               GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, SELECT_TICKETS (self, " FROM tickets"
      " WHERE service_day = ?1 AND called_at > 0 ORDER BY called_at DESC LIMIT ?2"), error);

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, service_day);
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
    store_set_error (error, self, what);
  sqlite3_reset (stmt);
  return value;
}

guint
loket_store_count_issued (LoketStore *self,
                          const char *service_day,
                          const char *series,
                          GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT COALESCE (MAX (number), 0) FROM tickets"
                                            " WHERE service_day = ?1 AND series = ?2", error);

  if (stmt == NULL)
    return 0;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, series);
  return (guint) MAX (single_integer (self, stmt, "counting tickets", error), 0);
}

gboolean
loket_store_count_waiting_by_kind (LoketStore *self,
                                   const char *service_day,
                                   const char *service,
                                   guint      *regular,
                                   guint      *priority,
                                   GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT waiting - priority_waiting, priority_waiting"
                                            " FROM queue_counts WHERE service_day = ?1 AND service = ?2", error);
  int rc;

  *regular = *priority = 0;
  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, service);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *regular = (guint) MAX (sqlite3_column_int64 (stmt, 0), 0);
      *priority = (guint) MAX (sqlite3_column_int64 (stmt, 1), 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "counting waiting tickets");
      return FALSE;
    }
  return TRUE;
}

guint
loket_store_count_waiting (LoketStore *self,
                           const char *service_day,
                           const char *service,
                           GError    **error)
{
  guint regular, priority;

  if (!loket_store_count_waiting_by_kind (self, service_day, service, &regular, &priority, error))
    return 0;
  return regular + priority;
}

/* Those of its own kind (priority or regular) waiting before a ticket
 * in its queue: its place in that queue less one, by the queue heads'
 * index (arrival, then id, as CALL takes them). */
guint
loket_store_count_ahead (LoketStore        *self,
                         const LoketTicket *ticket,
                         GError           **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT COUNT (*) FROM tickets INDEXED BY tickets_queue_heads"
      " WHERE service_day = ?1 AND service = ?2 AND (priority IS NOT NULL) = ?3"
      " AND state IN ('issued', 'printed', 'print-failed', 'waiting')"
      " AND (arrival_at < ?4 OR (arrival_at = ?4 AND id < ?5))", error);

  if (stmt == NULL)
    return 0;
  store_bind_text (stmt, 1, ticket->service_day);
  store_bind_text (stmt, 2, ticket->service);
  sqlite3_bind_int (stmt, 3, ticket->priority != NULL ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, ticket->arrival_at);
  sqlite3_bind_int64 (stmt, 5, ticket->id);
  return (guint) MAX (single_integer (self, stmt, "counting the tickets ahead", error), 0);
}

/* ---- tokens (schema 12) ------------------------------------------------ */

gboolean
loket_store_set_ticket_token (LoketStore *self,
                              gint64      id,
                              const char *token,
                              GError    **error)
{
  /* No trigger watches the column: the queue counts and the reports'
   * rows are not touched. */
  sqlite3_stmt *stmt = store_prepare (self, "UPDATE tickets SET token = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  store_bind_text (stmt, 2, token);
  return store_step_done (self, stmt, "giving a ticket its token", error);
}

char *
loket_store_get_ticket_token (LoketStore *self,
                              gint64      id,
                              GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT token FROM tickets WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return store_first_text (self, stmt, "reading a ticket's token", error);
}

LoketTicket *
loket_store_find_ticket_by_token (LoketStore *self,
                                  const char *token,
                                  GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, SELECT_TICKETS (self, " FROM tickets WHERE token = ?1"), error);

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, token);
  /* The message names no token: it may end up in a log. */
  return single_ticket (self, stmt, "with that token", error);
}

/* A ticket's own promised wait in µs (schema 9), or @fallback for one
 * that has none recorded. */
#define OWN_WAIT_PROMISE(fallback) \
  "COALESCE (promised_wait_minutes * 60000000, " fallback ")"

gboolean
loket_store_wait_compliance (LoketStore          *self,
                             const char          *service_day,
                             const char          *service,
                             gint64               promise_usec,
                             gint64               now,
                             LoketWaitCompliance *out,
                             GError             **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT COALESCE (SUM (called_at > 0), 0),"
      " COALESCE (SUM (called_at > 0 AND called_at - issued_at <= " OWN_WAIT_PROMISE ("?3") "), 0),"
      " COALESCE (SUM (called_at = 0 AND state IN ('issued', 'printed', 'print-failed', 'waiting')"
      "               AND ?4 - issued_at > " OWN_WAIT_PROMISE ("?3") "), 0)"
      " FROM tickets WHERE service_day = ?1 AND service = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, service);
  sqlite3_bind_int64 (stmt, 3, promise_usec);
  sqlite3_bind_int64 (stmt, 4, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->called = (guint) sqlite3_column_int (stmt, 0);
      out->called_within = (guint) sqlite3_column_int (stmt, 1);
      out->waiting_overdue = (guint) sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      store_set_error (error, self, "measuring the wait promise");
      return FALSE;
    }
  return TRUE;
}

gboolean
loket_store_service_times (LoketStore *self,
                           const char *service_day,
                           const char *service,
                           guint      *n,
                           gint64     *mean,
                           gint64     *sd,
                           GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT COUNT (*), COALESCE (AVG (finished_at - started_at), 0),"
      " COALESCE (AVG ((finished_at - started_at) * (finished_at - started_at)), 0) FROM tickets"
      " WHERE service_day = ?1 AND service = ?2 AND state = 'done' AND started_at > 0", error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, service);
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    {
      /* In floating point: a square of microseconds outgrows 64 bits
       * past 50 minutes. */
      double m = sqlite3_column_double (stmt, 1);
      double variance = sqlite3_column_double (stmt, 2) - m * m;

      *n = (guint) sqlite3_column_int64 (stmt, 0);
      *mean = (gint64) m;
      *sd = (gint64) sqrt (MAX (variance, 0.0));
    }
  else
    store_set_error (error, self, "measuring service times");
  sqlite3_reset (stmt);
  return ok;
}

gboolean
loket_store_queue_first (LoketStore *self,
                         const char *service_day,
                         const char *service,
                         gboolean    priority,
                         guint       max,
                         GArray     *heads,
                         GError    **error)
{
  /* Each by its own promise, as CALL routes it (0: the service's). */
  sqlite3_stmt *stmt = store_prepare (self, "SELECT id, arrival_at, CASE WHEN charter_version > 0"
      " THEN promised_wait_minutes ELSE 0 END FROM tickets"
      " WHERE service_day = ?1 AND service = ?2 AND (priority IS NOT NULL) = ?3"
      " AND state IN ('issued', 'printed', 'print-failed', 'waiting')"
      " ORDER BY arrival_at, id LIMIT ?4", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_array_set_size (heads, 0);
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, service);
  sqlite3_bind_int (stmt, 3, priority ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, max);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketQueueHead head = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), NULL, priority,
                              (guint) sqlite3_column_int (stmt, 2) };

      g_array_append_val (heads, head);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "reading a queue");
      return FALSE;
    }
  return TRUE;
}

static char *
promises_to_json_text (const LoketServicePromise *promises,
                       guint                      n_promises)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < n_promises; i++)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "service", promises[i].service);
      json_object_set_int_member (o, "wait", promises[i].wait_usec);
      json_object_set_int_member (o, "serve", promises[i].service_usec);
      json_array_add_object_element (array, o);
    }
  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
}

/* What the counter did with the tickets it still holds: the called_at
 * condition lets the partial index on today's calls do the work. */
static gboolean
held_ticket_figures (LoketStore          *self,
                     const char          *service_day,
                     const char          *counter,
                     const LoketServicePromise *promises,
                     guint                n_promises,
                     LoketCounterFigures *out,
                     GError             **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "WITH promise (service, wait, serve) AS (SELECT json_extract (value, '$.service'),"
      "   json_extract (value, '$.wait'), json_extract (value, '$.serve') FROM json_each (?3))"
      " SELECT COUNT (*),"
      " COALESCE (SUM (t.state = 'done' AND t.outcome = 'served'), 0),"
      " COALESCE (SUM (t.state = 'done'), 0),"
      " COALESCE (SUM (t.state = 'no-show'), 0),"
      " COALESCE (SUM (t.called_at - t.issued_at > COALESCE (t.promised_wait_minutes * 60000000, p.wait)), 0),"
      " COALESCE (SUM (t.state = 'done' AND t.finished_at - t.started_at >"
      "   COALESCE (t.promised_service_minutes * 60000000, p.serve)), 0),"
      " COALESCE (AVG (CASE WHEN t.state = 'done' THEN t.finished_at - t.started_at END), 0)"
      " FROM tickets t LEFT JOIN promise p ON p.service = t.service"
      " WHERE t.service_day = ?1 AND t.counter = ?2 AND t.called_at > 0", error);
  g_autofree char *list = promises_to_json_text (promises, n_promises);
  int rc;

  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, counter);
  store_bind_text (stmt, 3, list);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->called = (guint) sqlite3_column_int (stmt, 0);
      out->served = (guint) sqlite3_column_int (stmt, 1);
      out->finished = (guint) sqlite3_column_int (stmt, 2);
      out->noshows = (guint) sqlite3_column_int (stmt, 3);
      out->wait_breaches = (guint) sqlite3_column_int (stmt, 4);
      out->service_breaches = (guint) sqlite3_column_int (stmt, 5);
      out->mean_service_usec = sqlite3_column_int64 (stmt, 6);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      store_set_error (error, self, "counting a counter's tickets");
      return FALSE;
    }
  return TRUE;
}

gboolean
loket_store_counter_figures (LoketStore                *self,
                             const char                *service_day,
                             const char                *counter,
                             const LoketServicePromise *promises,
                             guint                      n_promises,
                             LoketCounterFigures       *out,
                             GError                   **error)
{
  /* A transfer gives the ticket up (its counter is cleared), so only the
   * log knows where it was transferred from: today's transferred tickets,
   * each with its own events through the events_ticket index. */
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT COUNT (*) FROM tickets t JOIN events e ON e.ticket = t.id"
      " WHERE t.service_day = ?1 AND t.transfers > 0 AND e.type = 'TRANSFERRED'"
      " AND json_extract (e.payload, '$.counter.id') = ?2", error);
  gint64 transferred;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, service_day);
  store_bind_text (stmt, 2, counter);
  transferred = single_integer (self, stmt, "counting a counter's transfers", error);
  if (transferred < 0 ||
      !held_ticket_figures (self, service_day, counter, promises, n_promises, out, error))
    return FALSE;
  out->transferred = (guint) transferred;
  out->called += out->transferred;
  return TRUE;
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
  g_free (state->pause_note);
  g_free (state->pause_day);
  g_strfreev (state->services);
  g_free (state);
}

JsonObject *
loket_counter_state_to_json (const LoketCounterState *state)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", state->id);
  json_object_set_string_member (o, "state", loket_counter_state_to_string (state->state));
  loket_json_set_nullable_string (o, "clerk", state->clerk);
  loket_json_set_nullable_string (o, "pause_reason", state->pause_reason);
  loket_json_set_nullable_string (o, "pause_note", state->pause_note);
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
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT state, clerk, pause_reason, paused_since, current_ticket, ratio_last_priority,"
      " ratio_run, pause_total, pause_day, services, pause_note FROM counters WHERE id = ?1", error);
  g_autoptr(LoketCounterState) state = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  state = g_new0 (LoketCounterState, 1);
  state->id = g_strdup (id);
  state->state = LOKET_COUNTER_OPEN;
  store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      for (guint i = 0; i < G_N_ELEMENTS (counter_state_names); i++)
        if (g_strcmp0 (name, counter_state_names[i]) == 0)
          state->state = (LoketCounterStateKind) i;
      state->clerk = store_column_text (stmt, 1);
      state->pause_reason = store_column_text (stmt, 2);
      state->paused_since = sqlite3_column_int64 (stmt, 3);
      state->current_ticket = sqlite3_column_int64 (stmt, 4);
      state->ratio.last_priority = sqlite3_column_int (stmt, 5) != 0;
      state->ratio.run = (guint) sqlite3_column_int (stmt, 6);
      state->pause_total_usec = sqlite3_column_int64 (stmt, 7);
      state->pause_day = store_column_text (stmt, 8);
      if (sqlite3_column_type (stmt, 9) == SQLITE_TEXT && sqlite3_column_bytes (stmt, 9) > 0)
        state->services = g_strsplit ((const char *) sqlite3_column_text (stmt, 9), ";", -1);
      state->pause_note = store_column_text (stmt, 10);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      store_set_error (error, self, "reading a counter");
      return NULL;
    }
  return g_steal_pointer (&state);
}

gboolean
loket_store_put_counter (LoketStore              *self,
                         const LoketCounterState *state,
                         GError                 **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "INSERT OR REPLACE INTO counters (id, state, clerk, pause_reason, paused_since,"
      " current_ticket, ratio_last_priority, ratio_run, pause_total, pause_day, services, pause_note)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  g_autofree char *services = state->services ? g_strjoinv (";", state->services) : NULL;

  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, state->id);
  store_bind_text (stmt, 2, loket_counter_state_to_string (state->state));
  store_bind_text (stmt, 3, state->clerk);
  store_bind_text (stmt, 4, state->pause_reason);
  sqlite3_bind_int64 (stmt, 5, state->paused_since);
  if (state->current_ticket > 0)
    sqlite3_bind_int64 (stmt, 6, state->current_ticket);
  sqlite3_bind_int (stmt, 7, state->ratio.last_priority ? 1 : 0);
  sqlite3_bind_int (stmt, 8, (int) state->ratio.run);
  sqlite3_bind_int64 (stmt, 9, state->pause_total_usec);
  store_bind_text (stmt, 10, state->pause_day);
  store_bind_text (stmt, 11, services);
  store_bind_text (stmt, 12, state->pause_note);
  return store_step_done (self, stmt, "saving a counter", error);
}

/* ---- device status ----------------------------------------------------- */

void
loket_device_status_free (LoketDeviceStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->device);
  g_free (status->component);
  g_free (status->state);
  g_free (status->detail);
  g_free (status);
}

JsonObject *
loket_device_status_to_json (const LoketDeviceStatus *status)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "device", status->device);
  json_object_set_string_member (o, "component", status->component);
  json_object_set_string_member (o, "state", status->state);
  loket_json_set_nullable_string (o, "detail", status->detail);
  json_object_set_int_member (o, "since", status->since);
  json_object_set_int_member (o, "updated_at", status->updated_at);
  return o;
}

gboolean
loket_store_put_device_status (LoketStore        *self,
                               LoketDeviceStatus *status,
                               gint64             now,
                               gboolean          *changed,
                               GError           **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT state IS ?3 AND detail IS ?4, since FROM device_status"
      " WHERE device = ?1 AND component = ?2", error);
  gboolean same = FALSE;
  gint64 since = now;
  int rc;

  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, status->device);
  store_bind_text (stmt, 2, status->component);
  store_bind_text (stmt, 3, status->state);
  store_bind_text (stmt, 4, status->detail);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      same = sqlite3_column_int (stmt, 0) != 0;
      if (same)
        since = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      store_set_error (error, self, "reading a device status");
      return FALSE;
    }

  status->since = since;
  status->updated_at = now;
  *changed = !same;
  stmt = store_prepare (self,
      "INSERT OR REPLACE INTO device_status (device, component, state, detail, since, updated_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, status->device);
  store_bind_text (stmt, 2, status->component);
  store_bind_text (stmt, 3, status->state);
  store_bind_text (stmt, 4, status->detail);
  sqlite3_bind_int64 (stmt, 5, since);
  sqlite3_bind_int64 (stmt, 6, now);
  return store_step_done (self, stmt, "saving a device status", error);
}

GPtrArray *
loket_store_list_device_status (LoketStore *self,
                                GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT device, component, state, detail, since, updated_at FROM device_status"
      " ORDER BY device, component", error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_device_status_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketDeviceStatus *status = g_new0 (LoketDeviceStatus, 1);

      status->device = store_column_text (stmt, 0);
      status->component = store_column_text (stmt, 1);
      status->state = store_column_text (stmt, 2);
      status->detail = store_column_text (stmt, 3);
      status->since = sqlite3_column_int64 (stmt, 4);
      status->updated_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (list, status);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "listing device status");
      return NULL;
    }
  return g_steal_pointer (&list);
}
