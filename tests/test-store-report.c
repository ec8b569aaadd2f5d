/* test-store-report.c — what reports read from the store (schema 6): the
 * report row of each ticket, which triggers keep through its life (issued,
 * called, transferred, finished, undone by a savepoint, deleted); the
 * codes that tickets alike share, and those of names; a code the row should not have, refused
 * rather than followed; the rows migration 6 copies from an older
 * database; and the plans of the statements that read and write them.
 * Each check compares a report row with the ticket itself, read back
 * through loket_store_get_ticket().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-store.h"
#include "loket-store-private.h"
#include "loket-test-server.h"

#include <string.h>

#define DAY "2026-11-25"
#define MINUTE(n) ((gint64) 1795400000 * G_USEC_PER_SEC + (gint64) (n) * 60 * G_USEC_PER_SEC)

typedef LoketTestStore Fixture;

static LoketTicket *
new_ticket (LoketStore *store, const char *service, const char *priority, guint number, gboolean old)
{
  LoketTicket *t = loket_ticket_new ();
  g_autoptr(GError) error = NULL;

  t->service_day = g_strdup (DAY);
  t->series = g_strdup ("A");
  t->number = number;
  t->service = g_strdup (service);
  t->issued_service = g_strdup (service);
  t->priority = g_strdup (priority);
  t->state = LOKET_TICKET_ISSUED;
  t->issued_at = t->arrival_at = MINUTE (number);
  if (old)
    loket_test_insert_old_ticket (store, t);
  else
    g_assert_true (loket_store_insert_ticket (store, t, &error));
  g_assert_no_error (error);
  return t;
}

static void
update (LoketStore *store, const LoketTicket *t)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_store_update_ticket (store, t, &error));
  g_assert_no_error (error);
}

static void
on_row (const LoketReportTicket *t, gpointer data)
{
  g_array_append_vals (data, t, 1);
}

/* Every report row of the day, and the codes they refer to. */
static GArray *
read_rows (LoketStore *store, LoketReportCodes **codes)
{
  g_autoptr(GError) error = NULL;
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (LoketReportTicket));

  g_assert_true (loket_store_read_begin (store, &error));
  *codes = loket_store_report_codes (store, &error);
  g_assert_no_error (error);
  g_assert_true (loket_store_report_tickets (store, *codes, DAY, DAY, on_row, rows, &error));
  g_assert_no_error (error);
  loket_store_read_end (store);
  return rows;
}

/* The report row of ticket @id says what the ticket itself says. */
static void
assert_row_is_ticket (LoketStore *store, const LoketReportCodes *codes, const LoketReportTicket *row,
                      gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) t = loket_store_get_ticket (store, id, &error);
  const LoketReportKind *kind = g_ptr_array_index (codes->kinds, row->kind);

  g_assert_no_error (error);
  g_assert_cmpstr (kind->issued_service, ==, t->issued_service);
  g_assert_cmpstr (kind->service, ==, t->service);
  g_assert_cmpint (kind->state, ==, t->state);
  g_assert_cmpint (kind->outcome, ==, t->outcome);
  g_assert_cmpint (kind->priority, ==, t->priority != NULL);
  g_assert_cmpuint (kind->transfers, ==, t->transfers);
  g_assert_cmpstr (row->counter ? g_ptr_array_index (codes->names, row->counter) : NULL, ==, t->counter);
  g_assert_cmpstr (row->clerk ? g_ptr_array_index (codes->names, row->clerk) : NULL, ==, t->clerk);
  g_assert_cmpint (row->arrival_at, ==, t->arrival_at);
  g_assert_cmpint (row->called_at, ==, t->called_at);
  g_assert_cmpint (row->started_at, ==, t->started_at);
  g_assert_cmpint (row->finished_at, ==, t->finished_at);
}

/* The day's tickets are ids @first … @first + @n - 1, each with its row. */
static void
assert_rows_are_tickets (LoketStore *store, gint64 first, guint n)
{
  g_autoptr(LoketReportCodes) codes = NULL;
  g_autoptr(GArray) rows = read_rows (store, &codes);

  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < n; i++)
    assert_row_is_ticket (store, codes, &g_array_index (rows, LoketReportTicket, i), first + i);
}

static void
exec_sql (LoketStore *store, const char *sql)
{
  g_assert_cmpint (sqlite3_exec (loket_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* ---- a ticket's life ----------------------------------------------------- */

static void
test_life (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) t = new_ticket (f->store, "ktp", "elderly", 1, FALSE);

  assert_rows_are_tickets (f->store, t->id, 1);
  t->state = LOKET_TICKET_CALLED;
  t->called_at = MINUTE (12);
  t->counter = g_strdup ("2");
  t->clerk = g_strdup ("siti");
  update (f->store, t);
  assert_rows_are_tickets (f->store, t->id, 1);
  /* Sent on to another service: back in a queue, at no desk. */
  g_free (t->service);
  t->service = g_strdup ("kk");
  t->transfers = 1;
  t->state = LOKET_TICKET_WAITING;
  g_clear_pointer (&t->counter, g_free);
  g_clear_pointer (&t->clerk, g_free);
  update (f->store, t);
  assert_rows_are_tickets (f->store, t->id, 1);
  /* Finished elsewhere by a counter nobody is logged in at. */
  t->state = LOKET_TICKET_DONE;
  t->outcome = LOKET_OUTCOME_REFERRED;
  t->started_at = MINUTE (30);
  t->finished_at = MINUTE (41);
  t->counter = g_strdup ("3");
  update (f->store, t);
  assert_rows_are_tickets (f->store, t->id, 1);

  /* A request rolled back takes the row back with it. */
  g_assert_true (loket_store_begin (f->store, &error));
  g_assert_true (loket_store_savepoint (f->store, &error));
  t->state = LOKET_TICKET_VOID;
  t->finished_at = MINUTE (50);
  update (f->store, t);
  loket_store_rollback_to (f->store);
  g_assert_true (loket_store_commit (f->store, &error));
  g_assert_no_error (error);
  {
    g_autoptr(LoketReportCodes) codes = NULL;
    g_autoptr(GArray) rows = read_rows (f->store, &codes);
    const LoketReportTicket *row = &g_array_index (rows, LoketReportTicket, 0);
    const LoketReportKind *kind = g_ptr_array_index (codes->kinds, row->kind);

    g_assert_cmpint (kind->state, ==, LOKET_TICKET_DONE);
    g_assert_cmpint (row->finished_at, ==, MINUTE (41));
  }

  exec_sql (f->store, "DELETE FROM tickets");
  g_assert_cmpint (loket_test_count_rows (f->store, "SELECT count (*) FROM report_tickets"), ==, 0);
}

/* Tickets alike share their kind, and a name has one code: each is
 * added once. */
static void
test_codes_shared (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReportCodes) codes = NULL;
  g_autoptr(GArray) rows = NULL;
  gint64 first = 0;

  for (guint i = 1; i <= 6; i++)
    {
      g_autoptr(LoketTicket) t = new_ticket (f->store, i % 2 ? "ktp" : "kk", NULL, i, FALSE);

      if (i <= 4)
        {
          t->state = LOKET_TICKET_DONE;
          t->outcome = LOKET_OUTCOME_SERVED;
          t->called_at = t->started_at = MINUTE (10 + i);
          t->finished_at = MINUTE (20 + i);
          t->counter = g_strdup ("1");
          t->clerk = g_strdup ("budi");
          update (f->store, t);
        }
      first = first ? first : t->id;
    }
  /* ktp and kk, issued or done; counter 1 and budi. */
  g_assert_cmpint (loket_test_count_rows (f->store, "SELECT count (*) FROM report_kinds"), ==, 4);
  g_assert_cmpint (loket_test_count_rows (f->store, "SELECT count (DISTINCT kind) FROM report_tickets"), ==, 4);
  g_assert_cmpint (loket_test_count_rows (f->store, "SELECT count (*) FROM report_names"), ==, 2);
  assert_rows_are_tickets (f->store, first, 6);
  rows = read_rows (f->store, &codes);
  g_assert_cmpuint (g_array_index (rows, LoketReportTicket, 0).kind, ==,
                    g_array_index (rows, LoketReportTicket, 2).kind);
  g_assert_cmpuint (g_array_index (rows, LoketReportTicket, 1).clerk, ==,
                    g_array_index (rows, LoketReportTicket, 3).clerk);
  g_assert_cmpuint (g_array_index (rows, LoketReportTicket, 4).counter, ==, 0);
}

/* A row whose code is not there (an edited database) fails the read. */
static void
test_unknown_code (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTicket) t = new_ticket (f->store, "ktp", NULL, 1, FALSE);
  g_autoptr(LoketReportCodes) codes = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (LoketReportTicket));

  const char * const edits[] = {
    "UPDATE report_tickets SET kind = 4242",
    "UPDATE report_tickets SET kind = (SELECT code FROM report_kinds), clerk = 4242",
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      exec_sql (f->store, edits[i]);
      codes = loket_store_report_codes (f->store, &error);
      g_assert_no_error (error);
      g_assert_false (loket_store_report_tickets (f->store, codes, DAY, DAY, on_row, rows, &error));
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
      g_assert_nonnull (strstr (error->message, "4242"));
      g_assert_cmpuint (rows->len, ==, 0);
      g_clear_error (&error);
      g_clear_pointer (&codes, loket_report_codes_free);
    }
  /* … and a code no array should be made for. */
  exec_sql (f->store, "INSERT INTO report_names (code, name) VALUES (4294967296, 'x')");
  g_assert_null (loket_store_report_codes (f->store, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
}

/* ---- migration 6 --------------------------------------------------------- */

/* A schema 5 database with tickets of every shape gets a report row for
 * each, as the triggers would have written it, and the triggers from
 * then on. */
static void
test_migration (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) old = NULL;
  g_autoptr(LoketTicket) later = NULL;
  g_autofree char *path = g_build_filename (f->dir, "v5.db", NULL);
  gint64 first = 0;

  old = loket_store_open_at_version (path, 5, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= 5; i++)
    {
      g_autoptr(LoketTicket) t = new_ticket (old, i == 5 ? "akta" : "ktp", i == 2 ? "disabled" : NULL, i, TRUE);

      first = first ? first : t->id;
      if (i >= 3)
        {
          t->state = i == 3 ? LOKET_TICKET_NO_SHOW : LOKET_TICKET_DONE;
          t->outcome = i == 4 ? LOKET_OUTCOME_INCOMPLETE : LOKET_OUTCOME_NONE;
          t->called_at = MINUTE (10 + i);
          t->started_at = i == 3 ? 0 : MINUTE (11 + i);
          t->finished_at = MINUTE (25);
          t->counter = g_strdup (i == 5 ? "4" : "1");
          t->clerk = i == 5 ? NULL : g_strdup ("siti");
          if (i == 5)
            {
              g_free (t->issued_service);
              t->issued_service = g_strdup ("ktp");
              t->transfers = 1;
            }
          update (old, t);
        }
    }
  g_assert_cmpint (loket_test_count_rows (old, "SELECT count (*) FROM sqlite_schema"
                                              " WHERE name = 'report_tickets'"), ==, 0);
  g_clear_object (&old);

  old = loket_store_open (path, &error);
  g_assert_no_error (error);
  assert_rows_are_tickets (old, first, 5);
  /* Distinct kinds and names once each (1, 4, siti), as the triggers
   * would have added them. */
  g_assert_cmpint (loket_test_count_rows (old, "SELECT count (*) FROM report_kinds"), ==, 5);
  g_assert_cmpint (loket_test_count_rows (old, "SELECT count (*) FROM report_names"), ==, 3);
  later = new_ticket (old, "ktp", NULL, 6, FALSE);
  assert_rows_are_tickets (old, first, 6);
  g_assert_cmpint (loket_test_count_rows (old, "SELECT count (*) FROM report_kinds"), ==, 5);
}

/* ---- plans --------------------------------------------------------------- */

static char *
plan_of (LoketStore *store, const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (store), explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  return g_string_free (plan, FALSE);
}

/* What the triggers look up on every ticket written (a citizen waits for
 * that commit) uses an index; a report reads tickets by id range, never
 * by scanning a whole table but the two small ones of codes. */
static void
test_query_plans (Fixture *f, gconstpointer data)
{
  const char * const lookups[] = {
    "SELECT code FROM report_kinds WHERE issued_service = 'ktp' AND service = 'ktp' AND state = 'done'"
    " AND outcome = 'served' AND priority = 0 AND transfers = 0",
    "SELECT code FROM report_names WHERE name = '1'",
    "INSERT INTO report_kinds (issued_service, service, state, outcome, priority, transfers)"
    " VALUES ('ktp', 'ktp', 'done', 'served', 0, 0) ON CONFLICT DO NOTHING",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *report = loket_store_report_query_plan (f->store, &error);

  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    {
      g_autofree char *plan = plan_of (f->store, lookups[i]);

      g_test_message ("%s\n%s", lookups[i], plan);
      g_assert_null (strstr (plan, "SCAN"));
    }
  g_assert_no_error (error);
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "SEARCH report_tickets USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"));
  g_assert_nonnull (strstr (report, "USING COVERING INDEX tickets_day"));
  /* Per kiosk: the few events of its kinds, by their partial index. */
  g_assert_nonnull (strstr (report, "SCAN e USING INDEX events_kiosk_acts"));
  /* The citizens turned away: their own partial index, not the log. */
  g_assert_nonnull (strstr (report, "INDEX events_turned_away"));
  g_assert_null (strstr (report, "SCAN events\n"));
  g_assert_null (strstr (report, "SCAN tickets"));
  g_assert_null (strstr (report, "SCAN report_tickets"));
  g_assert_null (strstr (report, "TEMP B-TREE"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, loket_test_store_set_up, func, loket_test_store_tear_down)
  ADD ("/store-report/life", test_life);
  ADD ("/store-report/codes-shared", test_codes_shared);
  ADD ("/store-report/unknown-code", test_unknown_code);
  ADD ("/store-report/migration", test_migration);
  ADD ("/store-report/query-plans", test_query_plans);
#undef ADD
  return g_test_run ();
}
