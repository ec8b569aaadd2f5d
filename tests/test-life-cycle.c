/* test-life-cycle.c — the ticket's and the counter's transition tables
 * (common/office/loket-life-cycle.c), three ways:
 *
 *  - every (state, act) pair of both machines, on the tables alone: an
 *    allowed pair enters the row's to-state and names its event, any
 *    other is refused with `state` and leaves the state alone;
 *  - the same pairs through a real LoketOffice on a real SQLite file (as
 *    tests/test-office.c drives it, without sockets): a ticket or counter
 *    is brought into each state by the requests a clerk would send, then
 *    each act's request is sent, and the reply's state and the event, or
 *    the `state` refusal, must be what the table says;
 *  - docs/protocol.md's "Life cycles" tables against the code's, both
 *    ways, row by row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-charter.h"
#include "loket-complaint.h"
#include "loket-error.h"
#include "loket-life-cycle.h"
#include "loket-message.h"
#include "loket-office.h"
#include "loket-store.h"
#include "loket-test-server.h"

#include <string.h>

/* 2026-11-25 (a Wednesday) 09:00 in Asia/Jakarta is 02:00 UTC. */
#define T0 ((gint64) 1795572000 * G_USEC_PER_SEC)

/* ---- the tables alone ---------------------------------------------------- */

static LoketTicket *
ticket_in (LoketTicketState state)
{
  LoketTicket *t = loket_ticket_new ();

  t->series = g_strdup ("A");
  t->number = 7;
  t->state = state;
  return t;
}

static void
test_ticket_walk (void)
{
  for (guint s = 0; s < LOKET_TICKET_N_STATES; s++)
    for (guint a = 0; a < LOKET_TICKET_N_ACTS; a++)
      {
        g_autoptr(LoketTicket) t = ticket_in (s);
        g_autoptr(GError) error = NULL;
        const LoketTicketTransition *expected = loket_ticket_life_find (a, s);
        const LoketTicketTransition *row = loket_ticket_life_apply (t, a, &error);

        g_test_message ("%s, %s", loket_ticket_state_to_string (s), loket_ticket_act_to_string (a));
        if (expected != NULL)
          {
            g_assert_no_error (error);
            g_assert_true (row == expected);
            g_assert_cmpint (t->state, ==, row->to == LOKET_LIFE_UNCHANGED ? (int) s : row->to);
            g_assert_nonnull (row->event);
          }
        else
          {
            g_autofree char *start = g_strdup_printf ("ticket A-007 is %s; ", loket_ticket_state_to_string (s));

            g_assert_null (row);
            g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STATE);
            g_assert_true (g_str_has_prefix (error->message, start));
            g_assert_cmpint (t->state, ==, s);
          }
      }
}

/* One row per (state, act) at most: the machine is deterministic. */
static void
test_ticket_table_shape (void)
{
  guint n;
  const LoketTicketTransition *rows = loket_ticket_life_table (&n);
  g_autoptr(LoketTicket) fresh = loket_ticket_new ();
  guint waiting = 0;

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      g_assert_false (rows[i].act == rows[j].act && (rows[i].from & rows[j].from) != 0);
  /* The waiting states are the ones a call takes, and a void takes them
   * and the called ticket: the disagreement this table ended. */
  for (guint s = 0; s < LOKET_TICKET_N_STATES; s++)
    if (loket_ticket_state_is_waiting (s))
      waiting |= LOKET_LIFE_BIT (s);
  g_assert_cmphex (loket_ticket_life_find (LOKET_TICKET_ACT_CALL, LOKET_TICKET_WAITING)->from, ==, waiting);
  g_assert_cmphex (loket_ticket_life_find (LOKET_TICKET_ACT_VOID, LOKET_TICKET_CALLED)->from, ==,
                   waiting | LOKET_LIFE_BIT (LOKET_TICKET_CALLED));
  /* A final state is left by nothing (a late print result keeps it). */
  for (guint i = 0; i < n; i++)
    for (guint s = 0; s < LOKET_TICKET_N_STATES; s++)
      if (loket_ticket_state_is_final (s) && (rows[i].from & LOKET_LIFE_BIT (s)))
        g_assert_cmpint (rows[i].to, ==, LOKET_LIFE_UNCHANGED);
  /* ISSUE is the one way in. */
  fresh->state = LOKET_TICKET_VOID;
  g_assert_cmpstr (loket_ticket_life_issue (fresh)->event, ==, "ISSUED");
  g_assert_cmpint (fresh->state, ==, LOKET_TICKET_ISSUED);
  for (guint i = 0; i < n; i++)
    g_assert_true ((rows[i].from == 0) == (rows[i].act == LOKET_TICKET_ACT_ISSUE));
}

static LoketCounterState *
counter_in (LoketCounterPhase phase)
{
  LoketCounterState *c = g_new0 (LoketCounterState, 1);

  c->id = g_strdup ("1");
  c->state = phase == LOKET_COUNTER_PHASE_CLOSED ? LOKET_COUNTER_CLOSED
           : phase == LOKET_COUNTER_PHASE_PAUSED ? LOKET_COUNTER_PAUSED : LOKET_COUNTER_OPEN;
  c->current_ticket = phase == LOKET_COUNTER_PHASE_BUSY ? 42 : 0;
  c->pause_reason = phase == LOKET_COUNTER_PHASE_PAUSED ? g_strdup ("prayer") : NULL;
  g_assert_cmpint (loket_counter_phase (c), ==, phase);
  return c;
}

static void
test_counter_walk (void)
{
  for (guint p = 0; p < LOKET_COUNTER_N_PHASES; p++)
    for (guint a = 0; a < LOKET_COUNTER_N_ACTS; a++)
      {
        g_autoptr(LoketCounterState) c = counter_in (p);
        g_autoptr(GError) error = NULL;
        const LoketCounterTransition *expected = loket_counter_life_find (a, p);
        const LoketCounterTransition *row = loket_counter_life_apply (c, a, &error);

        g_test_message ("%s, %s", loket_counter_phase_to_string (p), loket_counter_act_to_string (a));
        if (expected != NULL)
          {
            /* A call enters busy once the handler hands it the ticket. */
            if (row->to == LOKET_COUNTER_PHASE_BUSY && c->current_ticket == 0)
              c->current_ticket = 43;
            g_assert_no_error (error);
            g_assert_true (row == expected);
            g_assert_cmpint (loket_counter_phase (c), ==, row->to == LOKET_LIFE_UNCHANGED ? (int) p : row->to);
          }
        else
          {
            g_assert_null (row);
            g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STATE);
            g_assert_true (g_str_has_prefix (error->message, "counter 1 is "));
            g_assert_cmpint (loket_counter_phase (c), ==, p);
          }
      }
}

static void
test_counter_refusals_say_what_to_do (void)
{
  static const struct { LoketCounterPhase phase; LoketCounterAct act; const char *message; } cases[] = {
    { LOKET_COUNTER_PHASE_PAUSED, LOKET_COUNTER_ACT_CALL,
      "counter 1 is paused (prayer); only an open counter with no ticket in hand can call; resume first" },
    { LOKET_COUNTER_PHASE_CLOSED, LOKET_COUNTER_ACT_CALL,
      "counter 1 is closed; only an open counter with no ticket in hand can call; log in first" },
    { LOKET_COUNTER_PHASE_BUSY, LOKET_COUNTER_ACT_LOGOUT,
      "counter 1 is handling a ticket; a counter with a ticket in hand cannot log out; "
      "finish, transfer or mark the ticket no-show first" },
    { LOKET_COUNTER_PHASE_OPEN, LOKET_COUNTER_ACT_FINISH,
      "counter 1 is open with no ticket in hand; it has no ticket to finish; call a ticket first" },
    /* Already paused: no "resume first" for a pause. */
    { LOKET_COUNTER_PHASE_PAUSED, LOKET_COUNTER_ACT_PAUSE,
      "counter 1 is paused (prayer); only an open counter with no ticket in hand can pause" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LoketCounterState) c = counter_in (cases[i].phase);
      g_autoptr(GError) error = NULL;

      g_assert_null (loket_counter_life_apply (c, cases[i].act, &error));
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* An act on both machines (a call, a finish, …) is one event: both tables
 * must name the same. */
static void
test_shared_acts_agree (void)
{
  guint n_tickets, n_counters, shared = 0;
  const LoketTicketTransition *trows = loket_ticket_life_table (&n_tickets);
  const LoketCounterTransition *crows = loket_counter_life_table (&n_counters);

  for (guint i = 0; i < n_counters; i++)
    for (guint j = 0; j < n_tickets; j++)
      if (g_str_equal (loket_counter_act_to_string (crows[i].act), loket_ticket_act_to_string (trows[j].act)))
        {
          g_assert_cmpstr (crows[i].event, ==, trows[j].event);
          g_assert_cmpstr (loket_counter_act_request (crows[i].act), ==, loket_ticket_act_request (trows[j].act));
          shared++;
        }
  g_assert_cmpuint (shared, ==, 9);   /* call … void, refuse-priority and close-day, one ticket row each */
}

/* ---- the tables against docs/protocol.md -------------------------------- */

/* The backquoted words of a table cell. */
static GPtrArray *
quoted (const char *cell)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = strchr (cell, '`'); p != NULL; )
    {
      const char *end = strchr (p + 1, '`');

      if (end == NULL)
        break;
      g_ptr_array_add (words, g_strndup (p + 1, end - p - 1));
      p = strchr (end + 1, '`');
    }
  return words;
}

static gboolean
ticket_state_named (const char *name, guint *value)
{
  LoketTicketState s;

  if (!loket_ticket_state_from_string (name, &s))
    return FALSE;
  *value = s;
  return TRUE;
}

static gboolean
phase_named (const char *name, guint *value)
{
  for (guint p = 0; p < LOKET_COUNTER_N_PHASES; p++)
    if (g_str_equal (loket_counter_phase_to_string (p), name))
      {
        *value = p;
        return TRUE;
      }
  return FALSE;
}

static char *
row_key (guint from, const char *act, const char *request, int to, const char *event,
         const char *(*name) (guint))
{
  g_autoptr(GString) states = g_string_new (from ? NULL : "new");

  for (guint s = 0; s < 32; s++)
    if (from & LOKET_LIFE_BIT (s))
      g_string_append_printf (states, "%s%s", states->len ? "," : "", name (s));
  return g_strdup_printf ("%s: %s (%s) → %s, %s", states->str, act, request,
                          to == LOKET_LIFE_UNCHANGED ? "unchanged" : name ((guint) to), event);
}

static const char *
ticket_state_name (guint s)
{
  return loket_ticket_state_to_string (s);
}

static const char *
phase_name (guint p)
{
  return loket_counter_phase_to_string (p);
}

/* The rows of the table under "### @heading" in the "Life cycles"
 * section, as row_key() strings. */
static GHashTable *
doc_rows (const char *heading, gboolean (*named) (const char *, guint *), const char *(*name) (guint))
{
  g_autofree char *path = g_build_filename (g_getenv ("LOKET_SOURCE_DIR"), "docs", "protocol.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *wanted = g_strdup_printf ("### %s", heading);
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean in_section = FALSE, in_table = FALSE;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      guint from = 0, to;
      g_autoptr(GPtrArray) states = NULL, act = NULL, request = NULL, to_words = NULL, event = NULL;

      if (g_str_has_prefix (lines[i], "## "))
        {
          in_section = g_str_equal (lines[i], "## Life cycles");
          in_table = FALSE;
        }
      if (g_str_has_prefix (lines[i], "### "))
        in_table = in_section && g_str_equal (lines[i], wanted);
      if (!in_table || !g_str_has_prefix (lines[i], "| ") || g_str_has_prefix (lines[i], "| from"))
        continue;
      cells = g_strsplit (lines[i], "|", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 7);   /* "", five cells, "" */
      states = quoted (cells[1]);
      act = quoted (cells[2]);
      request = quoted (cells[3]);
      to_words = quoted (cells[4]);
      event = quoted (cells[5]);
      for (guint k = 0; k < states->len; k++)
        {
          guint s;

          if (!named (g_ptr_array_index (states, k), &s))
            g_error ("docs/protocol.md, %s: no state “%s”", heading, (char *) g_ptr_array_index (states, k));
          from |= LOKET_LIFE_BIT (s);
        }
      g_assert_cmpuint (act->len, ==, 1);
      g_assert_cmpuint (event->len, ==, 1);
      g_assert_cmpuint (request->len, >=, 1);
      if (to_words->len == 0)
        {
          g_assert_nonnull (strstr (cells[4], "unchanged"));
          to = (guint) LOKET_LIFE_UNCHANGED;
        }
      else if (!named (g_ptr_array_index (to_words, 0), &to))
        g_error ("docs/protocol.md, %s: no state “%s”", heading, (char *) g_ptr_array_index (to_words, 0));
      g_hash_table_add (rows, row_key (from, g_ptr_array_index (act, 0), g_ptr_array_index (request, 0),
                                       (int) to, g_ptr_array_index (event, 0), name));
    }
  return rows;
}

/* Each of @code's rows is in @doc and each of @doc's in @code. */
static void
assert_same_rows (const char *what, GHashTable *code, GHashTable *doc)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, code);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (doc, key))
      g_error ("%s: the code's row “%s” is missing from docs/protocol.md", what, (char *) key);
  g_hash_table_iter_init (&iter, doc);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (code, key))
      g_error ("%s: docs/protocol.md's row “%s” is not in the code", what, (char *) key);
  g_assert_cmpuint (g_hash_table_size (code), ==, g_hash_table_size (doc));
}

static void
test_docs_tickets (void)
{
  g_autoptr(GHashTable) doc = doc_rows ("Tickets", ticket_state_named, ticket_state_name);
  g_autoptr(GHashTable) code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n;
  const LoketTicketTransition *rows = loket_ticket_life_table (&n);

  for (guint i = 0; i < n; i++)
    g_hash_table_add (code, row_key (rows[i].from, loket_ticket_act_to_string (rows[i].act),
                                     loket_ticket_act_request (rows[i].act), rows[i].to, rows[i].event,
                                     ticket_state_name));
  assert_same_rows ("tickets", code, doc);
}

static void
test_docs_counters (void)
{
  g_autoptr(GHashTable) doc = doc_rows ("Counters", phase_named, phase_name);
  g_autoptr(GHashTable) code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n;
  const LoketCounterTransition *rows = loket_counter_life_table (&n);

  for (guint i = 0; i < n; i++)
    g_hash_table_add (code, row_key (rows[i].from, loket_counter_act_to_string (rows[i].act),
                                     loket_counter_act_request (rows[i].act), rows[i].to, rows[i].event,
                                     phase_name));
  assert_same_rows ("counters", code, doc);
}

static gboolean
complaint_state_named (const char *name, guint *value)
{
  LoketComplaintState s;

  if (!loket_complaint_state_from_string (name, &s))
    return FALSE;
  *value = s;
  return TRUE;
}

static const char *
complaint_state_name (guint s)
{
  return loket_complaint_state_to_string (s);
}

static void
test_docs_complaints (void)
{
  g_autoptr(GHashTable) doc = doc_rows ("Complaints", complaint_state_named, complaint_state_name);
  g_autoptr(GHashTable) code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n;
  const LoketComplaintTransition *rows = loket_complaint_life_table (&n);

  for (guint i = 0; i < n; i++)
    g_hash_table_add (code, row_key (rows[i].from, loket_complaint_act_to_string (rows[i].act),
                                     loket_complaint_act_request (rows[i].act), rows[i].to, rows[i].event,
                                     complaint_state_name));
  assert_same_rows ("complaints", code, doc);
}

/* Every (state, act) pair of a complaint: allowed exactly where a row
 * says so, refused with `state` and a sentence naming the receipt and
 * the state otherwise; at most one row per pair; "closed" is final. */
/* The clock at its edges, against a week with a holiday: 2026-12-07 is
 * a Monday, the office opens Monday to Friday and is closed on Wednesday
 * the 9th.  Each row: the state, the deadline, the day answered, today,
 * the clock and the working days left. */
static void
test_complaint_clock (void)
{
  static const struct {
    LoketComplaintState state;
    const char         *deadline, *answered, *today;
    LoketComplaintClock clock;
    guint               left;
  } rows[] = {
    /* Running down to a Friday deadline: the holiday does not count. */
    { LOKET_COMPLAINT_RECEIVED, "2026-12-11", NULL, "2026-12-07", LOKET_COMPLAINT_CLOCK_RUNNING, 3 },
    { LOKET_COMPLAINT_RECEIVED, "2026-12-11", NULL, "2026-12-08", LOKET_COMPLAINT_CLOCK_RUNNING, 2 },
    { LOKET_COMPLAINT_IN_PROGRESS, "2026-12-11", NULL, "2026-12-09", LOKET_COMPLAINT_CLOCK_RUNNING, 2 },
    { LOKET_COMPLAINT_IN_PROGRESS, "2026-12-11", NULL, "2026-12-10", LOKET_COMPLAINT_CLOCK_DUE, 1 },
    { LOKET_COMPLAINT_ESCALATED, "2026-12-11", NULL, "2026-12-11", LOKET_COMPLAINT_CLOCK_DUE, 0 },
    { LOKET_COMPLAINT_ESCALATED, "2026-12-11", NULL, "2026-12-12", LOKET_COMPLAINT_CLOCK_OVERDUE, 0 },
    { LOKET_COMPLAINT_RECEIVED, "2026-12-11", NULL, "2026-12-14", LOKET_COMPLAINT_CLOCK_OVERDUE, 0 },
    /* Over a weekend to a Monday deadline. */
    { LOKET_COMPLAINT_RECEIVED, "2026-12-14", NULL, "2026-12-10", LOKET_COMPLAINT_CLOCK_RUNNING, 2 },
    { LOKET_COMPLAINT_RECEIVED, "2026-12-14", NULL, "2026-12-11", LOKET_COMPLAINT_CLOCK_DUE, 1 },
    { LOKET_COMPLAINT_RECEIVED, "2026-12-14", NULL, "2026-12-13", LOKET_COMPLAINT_CLOCK_DUE, 1 },
    /* Answered on the deadline is in time, a day after is late, and the
     * clock stays so once closed, whatever day it is. */
    { LOKET_COMPLAINT_ANSWERED, "2026-12-11", "2026-12-11", "2026-12-30", LOKET_COMPLAINT_CLOCK_MET, 0 },
    { LOKET_COMPLAINT_ANSWERED, "2026-12-11", "2026-12-12", "2026-12-12", LOKET_COMPLAINT_CLOCK_LATE, 0 },
    { LOKET_COMPLAINT_CLOSED, "2026-12-11", "2026-12-07", "2026-12-30", LOKET_COMPLAINT_CLOCK_MET, 0 },
    { LOKET_COMPLAINT_CLOSED, "2026-12-11", "2026-12-14", "2026-12-30", LOKET_COMPLAINT_CLOCK_LATE, 0 },
    /* Closed from escalated without an answer here: neither met nor late. */
    { LOKET_COMPLAINT_CLOSED, "2026-12-11", NULL, "2026-12-30", LOKET_COMPLAINT_CLOCK_CLOSED, 0 },
    /* Reopened: the answer on record no longer stops the clock. */
    { LOKET_COMPLAINT_IN_PROGRESS, "2026-12-11", "2026-12-08", "2026-12-08", LOKET_COMPLAINT_CLOCK_RUNNING, 2 },
    { LOKET_COMPLAINT_IN_PROGRESS, "2026-12-11", "2026-12-08", "2026-12-15", LOKET_COMPLAINT_CLOCK_OVERDUE, 0 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketOpeningHours) hours = loket_opening_hours_parse ("Mon-Fri 08:00-15:00", &error);

  g_assert_no_error (error);
  g_assert_true (loket_opening_hours_add_closed_date (hours, "2026-12-09", &error));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      guint left = 99;
      LoketComplaintClock clock = loket_complaint_clock (hours, rows[i].state, rows[i].deadline,
                                                         rows[i].answered, rows[i].today, &left);

      g_test_message ("%s, due %s, answered %s, on %s", loket_complaint_state_to_string (rows[i].state),
                      rows[i].deadline, rows[i].answered ? rows[i].answered : "never", rows[i].today);
      g_assert_cmpstr (loket_complaint_clock_to_string (clock), ==,
                       loket_complaint_clock_to_string (rows[i].clock));
      g_assert_cmpuint (left, ==, rows[i].left);
    }
}

static void
test_complaint_walk (void)
{
  for (guint s = 0; s < LOKET_COMPLAINT_N_STATES; s++)
    for (guint a = 0; a < LOKET_COMPLAINT_N_ACTS; a++)
      {
        g_autoptr(GError) error = NULL;
        const LoketComplaintTransition *row = loket_complaint_life_check ("PGD-2026-000007", s, a, &error);
        guint n, matches = 0;
        const LoketComplaintTransition *rows = loket_complaint_life_table (&n);

        for (guint i = 0; i < n; i++)
          matches += rows[i].act == a && (rows[i].from & LOKET_LIFE_BIT (s)) != 0;
        g_assert_cmpuint (matches, <=, 1);
        g_assert_true ((row != NULL) == (matches == 1));
        if (row == NULL)
          {
            g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STATE);
            g_assert_nonnull (strstr (error->message, "PGD-2026-000007"));
            g_assert_nonnull (strstr (error->message, loket_complaint_state_to_string (s)));
          }
        if (s == LOKET_COMPLAINT_CLOSED || a == LOKET_COMPLAINT_ACT_FILE)
          g_assert_null (row);
      }
}

/* ---- through a real office ---------------------------------------------- */

typedef struct {
  char        *dir;
  LoketStore  *store;
  LoketOffice *office;
  GPtrArray   *events;
  gint64       now;
} Office;

static Office *
office_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "charter-test.ini", NULL);
  g_autoptr(LoketCharter) charter = loket_charter_new_from_file (path, &error);
  g_autofree char *db = NULL;
  Office *o = g_new0 (Office, 1);

  g_assert_no_error (error);
  o->dir = g_dir_make_tmp ("loket-life-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (o->dir, "loket.db", NULL);
  o->store = loket_store_open (db, &error);
  g_assert_no_error (error);
  o->office = loket_office_new (charter, o->store);
  o->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  o->now = T0;
  return o;
}

static void
office_free (Office *o)
{
  g_clear_object (&o->office);
  g_clear_object (&o->store);
  g_ptr_array_unref (o->events);
  loket_test_remove_tree (o->dir);
  g_free (o->dir);
  g_free (o);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Office, office_free)

/* One request in its own transaction, as the server runs it. */
static JsonObject *
run (Office *o, LoketRole role, const char *type, JsonObject *body, GError **error)
{
  g_autoptr(JsonObject) owned = body;
  LoketRequest request = { type, owned, role == LOKET_ROLE_KIOSK ? "kiosk1" : "counter-pc", role, o->now };
  JsonObject *reply;

  o->now += G_USEC_PER_SEC;
  g_assert_true (loket_store_begin (o->store, NULL));
  reply = loket_office_handle (o->office, &request, o->events, error);
  if (reply != NULL)
    g_assert_true (loket_store_commit (o->store, NULL));
  else
    loket_store_rollback (o->store);
  return reply;
}

static void
ok (Office *o, LoketRole role, const char *type, JsonObject *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = run (o, role, type, body, &error);

  g_assert_no_error (error);
}

static JsonObject *
print_body (gboolean printed)
{
  JsonObject *b = loket_test_body ("ticket", "A-001", NULL);

  json_object_set_boolean_member (b, "ok", printed);
  if (!printed)
    json_object_set_string_member (b, "reason", "media-empty");
  return b;
}

static JsonObject *
reprint_body (gboolean printed)
{
  JsonObject *b = print_body (printed);

  json_object_set_boolean_member (b, "reprint", TRUE);
  return b;
}

#define AT_COUNTER(type) ok (o, LOKET_ROLE_COUNTER, type, loket_test_body ("counter", "1", NULL))

/* The day closes now: the test charter is open round the clock, so as in
 * training mode (a supervisor may close once tickets are not issued). */
static void
close_day (Office *o)
{
  loket_office_set_always_open (o->office, TRUE);
  ok (o, LOKET_ROLE_SUPERVISOR, "CLOSE_DAY", json_object_new ());
  loket_office_set_always_open (o->office, FALSE);
}

/* A-001 (ktp, claiming the elderly's priority, which a clerk may refuse)
 * brought into @state by the requests a clerk sends; counter 1 holds it
 * while it is called or serving. */
static void
ticket_into (Office *o, LoketTicketState state)
{
  ok (o, LOKET_ROLE_KIOSK, "ISSUE", loket_test_body ("service", "ktp", "priority", "elderly", NULL));
  if (state == LOKET_TICKET_PRINTED || state == LOKET_TICKET_PRINT_FAILED)
    ok (o, LOKET_ROLE_KIOSK, "PRINT", print_body (state == LOKET_TICKET_PRINTED));
  if (state == LOKET_TICKET_VOID)
    ok (o, LOKET_ROLE_SUPERVISOR, "VOID", loket_test_body ("ticket", "A-001", "reason", "duplicate", NULL));
  if (state == LOKET_TICKET_UNSERVED)
    {
      close_day (o);
      return;
    }
  if (state < LOKET_TICKET_WAITING || state == LOKET_TICKET_VOID)
    return;
  AT_COUNTER ("CALL");
  if (state == LOKET_TICKET_WAITING)
    ok (o, LOKET_ROLE_COUNTER, "TRANSFER", loket_test_body ("counter", "1", "service", "kk", NULL));
  if (state == LOKET_TICKET_SERVING || state == LOKET_TICKET_DONE)
    AT_COUNTER ("START");
  if (state == LOKET_TICKET_DONE)
    AT_COUNTER ("FINISH");
  if (state == LOKET_TICKET_NO_SHOW)
    {
      AT_COUNTER ("RECALL");
      AT_COUNTER ("RECALL");
      AT_COUNTER ("NOSHOW");
    }
}

/* The request that applies @act to A-001: a counter act at counter 1
 * (which holds it, if anyone does), a named call at counter 2. */
static JsonObject *
ticket_act_request (Office *o, LoketTicketAct act, LoketTicketState state, LoketRole *role)
{
  *role = LOKET_ROLE_COUNTER;
  switch (act)
    {
    case LOKET_TICKET_ACT_PRINT_OK:
    case LOKET_TICKET_ACT_PRINT_FAILED:
      *role = LOKET_ROLE_KIOSK;
      return print_body (act == LOKET_TICKET_ACT_PRINT_OK);
    case LOKET_TICKET_ACT_REPRINT_OK:
    case LOKET_TICKET_ACT_REPRINT_FAILED:
      *role = LOKET_ROLE_KIOSK;
      return reprint_body (act == LOKET_TICKET_ACT_REPRINT_OK);
    case LOKET_TICKET_ACT_ASK_REPRINT:
      *role = LOKET_ROLE_SUPERVISOR;
      return loket_test_body ("ticket", "A-001", "reason", "lost it", NULL);
    case LOKET_TICKET_ACT_REFUSE_PRIORITY:
      return loket_test_body ("counter", "1", "reason", "not elderly", NULL);
    case LOKET_TICKET_ACT_CALL:
      return loket_test_body ("counter", "2", "ticket", "A-001", "reason", "came back", NULL);
    case LOKET_TICKET_ACT_TRANSFER:
      return loket_test_body ("counter", "1", "service", "akta", NULL);
    case LOKET_TICKET_ACT_VOID:
      *role = LOKET_ROLE_SUPERVISOR;
      return loket_test_body ("ticket", "A-001", "reason", "left", NULL);
    case LOKET_TICKET_ACT_NO_SHOW:
      /* The charter's recall limit is not the table's: meet it. */
      if (state == LOKET_TICKET_CALLED)
        {
          AT_COUNTER ("RECALL");
          AT_COUNTER ("RECALL");
        }
      return loket_test_body ("counter", "1", NULL);
    default:
      return loket_test_body ("counter", "1", NULL);
    }
}

static gboolean
is_counter_act (LoketTicketAct act)
{
  return act == LOKET_TICKET_ACT_RECALL || act == LOKET_TICKET_ACT_START || act == LOKET_TICKET_ACT_FINISH ||
         act == LOKET_TICKET_ACT_NO_SHOW || act == LOKET_TICKET_ACT_TRANSFER ||
         act == LOKET_TICKET_ACT_REFUSE_PRIORITY;
}

static void
check_reply (Office *o, JsonObject *reply, GError *error, guint events_before, gboolean allowed,
             const char *expected_state, const char *expected_event, const char *member)
{
  if (!allowed)
    {
      g_assert_null (reply);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STATE);
      g_assert_cmpuint (o->events->len, ==, events_before);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (o->events->len, ==, events_before + 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (o->events, events_before), "type"), ==,
                   expected_event);
  if (expected_state != NULL)
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, member), "state"), ==,
                     expected_state);
}

static void
test_office_tickets (void)
{
  for (guint s = LOKET_TICKET_ISSUED; s < LOKET_TICKET_N_STATES; s++)
    for (guint a = LOKET_TICKET_ACT_PRINT_OK; a < LOKET_TICKET_N_ACTS; a++)
      {
        g_autoptr(Office) o = office_new ();
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonObject) reply = NULL;
        const LoketTicketTransition *row = loket_ticket_life_find (a, s);
        gboolean held = s == LOKET_TICKET_CALLED || s == LOKET_TICKET_SERVING;
        LoketRole role;
        JsonObject *request;
        guint before;

        /* Not an act on one ticket: test_office_close_day walks it. */
        if (a == LOKET_TICKET_ACT_CLOSE_DAY)
          continue;
        g_test_message ("%s, %s", loket_ticket_state_to_string (s), loket_ticket_act_to_string (a));
        ticket_into (o, s);
        request = ticket_act_request (o, a, s, &role);
        before = o->events->len;
        reply = run (o, role, loket_ticket_act_request (a), request, &error);
        /* A counter's act needs the counter to hold the ticket: the
         * counter's table refuses otherwise, with the same code. */
        check_reply (o, reply, error, before, row != NULL && (held || !is_counter_act (a)),
                     row && row->to != LOKET_LIFE_UNCHANGED ? loket_ticket_state_to_string (row->to)
                                                            : loket_ticket_state_to_string (s),
                     row ? row->event : NULL, "ticket");
      }
}

/* Counter 1 brought into @phase; wait, both claiming a
 * priority (so that the one held when busy, A-001, has one to refuse),
 * and clerk siti may log in. */
static void
counter_into (Office *o, LoketCounterPhase phase)
{
  g_assert_true (loket_store_add_clerk (o->store, "siti", "Siti", "482913", 0, NULL));
  ok (o, LOKET_ROLE_KIOSK, "ISSUE", loket_test_body ("service", "ktp", "priority", "elderly", NULL));
  ok (o, LOKET_ROLE_KIOSK, "ISSUE", loket_test_body ("service", "ktp", "priority", "elderly", NULL));
  if (phase == LOKET_COUNTER_PHASE_CLOSED)
    AT_COUNTER ("LOGOUT");
  if (phase == LOKET_COUNTER_PHASE_BUSY)
    AT_COUNTER ("CALL");
  if (phase == LOKET_COUNTER_PHASE_PAUSED)
    ok (o, LOKET_ROLE_COUNTER, "PAUSE", loket_test_body ("counter", "1", "reason", "prayer", NULL));
}

static JsonObject *
counter_act_request (Office *o, LoketCounterAct act, LoketCounterPhase phase, LoketRole *role)
{
  *role = LOKET_ROLE_COUNTER;
  switch (act)
    {
    case LOKET_COUNTER_ACT_LOGIN:
      return loket_test_body ("counter", "1", "clerk", "siti", "pin", "482913", NULL);
    case LOKET_COUNTER_ACT_PAUSE:
      return loket_test_body ("counter", "1", "reason", "meeting", NULL);
    case LOKET_COUNTER_ACT_REFUSE_PRIORITY:
      return loket_test_body ("counter", "1", "reason", "not elderly", NULL);
    case LOKET_COUNTER_ACT_TRANSFER:
      return loket_test_body ("counter", "1", "service", "kk", NULL);
    case LOKET_COUNTER_ACT_VOID:
      *role = LOKET_ROLE_SUPERVISOR;
      return loket_test_body ("ticket", "A-001", "reason", "left", NULL);
    case LOKET_COUNTER_ACT_NO_SHOW:
      if (phase == LOKET_COUNTER_PHASE_BUSY)
        {
          AT_COUNTER ("RECALL");
          AT_COUNTER ("RECALL");
        }
      return loket_test_body ("counter", "1", NULL);
    default:
      return loket_test_body ("counter", "1", NULL);
    }
}

/* The ticket act of the same name as @act, if there is one. */
static const LoketTicketTransition *
ticket_row_for (LoketCounterAct act, LoketTicketState state, gboolean *applies)
{
  for (guint a = 0; a < LOKET_TICKET_N_ACTS; a++)
    if (g_str_equal (loket_ticket_act_to_string (a), loket_counter_act_to_string (act)))
      {
        *applies = TRUE;
        return loket_ticket_life_find (a, state);
      }
  *applies = FALSE;
  return NULL;
}

static const char *
phase_of (JsonObject *reply)
{
  JsonObject *c = json_object_get_object_member (reply, "counter");
  const char *state = json_object_get_string_member (c, "state");

  return g_str_equal (state, "open") && json_object_get_int_member (c, "current_ticket") != 0 ? "busy" : state;
}

static void
test_office_counters (void)
{
  for (guint p = 0; p < LOKET_COUNTER_N_PHASES; p++)
    for (guint a = 0; a < LOKET_COUNTER_N_ACTS; a++)
      {
        g_autoptr(Office) o = office_new ();
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonObject) reply = NULL;
        const LoketCounterTransition *row = loket_counter_life_find (a, p);
        gboolean on_ticket = FALSE;
        /* A call takes a ticket just issued; when busy, counter 1 holds
         * A-001, called. */
        const LoketTicketTransition *trow = ticket_row_for (a, a == LOKET_COUNTER_ACT_CALL ? LOKET_TICKET_ISSUED
                                                                                          : LOKET_TICKET_CALLED,
                                                            &on_ticket);
        gboolean allowed = row != NULL && (!on_ticket || trow != NULL);
        LoketRole role;
        JsonObject *request;
        guint before;

        /* A void takes a ticket off its counter only when it holds one;
         * the day's closing is walked by test_office_close_day. */
        if ((a == LOKET_COUNTER_ACT_VOID && p != LOKET_COUNTER_PHASE_BUSY) || a == LOKET_COUNTER_ACT_CLOSE_DAY)
          continue;
        g_test_message ("%s, %s", loket_counter_phase_to_string (p), loket_counter_act_to_string (a));
        counter_into (o, p);
        request = counter_act_request (o, a, p, &role);
        before = o->events->len;
        reply = run (o, role, loket_counter_act_request (a), request, &error);
        check_reply (o, reply, error, before, allowed, NULL, row ? row->event : NULL, "counter");
        if (allowed)
          g_assert_cmpstr (phase_of (reply), ==, row->to == LOKET_LIFE_UNCHANGED
                                                 ? loket_counter_phase_to_string (p)
                                                 : loket_counter_phase_to_string (row->to));
      }
}

/* The event of @type about ticket A-001 among the events since @from. */
static JsonObject *
event_about_a001 (Office *o, guint from, const char *type)
{
  for (guint i = from; i < o->events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (o->events, i);
      JsonObject *t = json_object_has_member (e, "ticket") ? json_object_get_object_member (e, "ticket") : NULL;

      if (g_str_equal (json_object_get_string_member (e, "type"), type) && t != NULL &&
          g_str_equal (json_object_get_string_member (t, "number"), "A-001"))
        return e;
    }
  return NULL;
}

/* CLOSE_DAY from every ticket state, through a real office: A-001 ends
 * `unserved` exactly where the table allows (an UNSERVED event about it),
 * and keeps its state elsewhere; a counter that had only called it is
 * open again, one serving it stays busy.  Refused while the charter's
 * hours still issue tickets. */
static void
test_office_close_day (void)
{
  for (guint s = LOKET_TICKET_ISSUED; s < LOKET_TICKET_N_STATES; s++)
    {
      g_autoptr(Office) o = office_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) refused = NULL;
      g_autoptr(LoketTicket) after = NULL;
      g_autoptr(LoketCounterState) counter = NULL;
      g_autofree char *day = NULL;
      const LoketTicketTransition *row = loket_ticket_life_find (LOKET_TICKET_ACT_CLOSE_DAY, s);
      JsonObject *event;
      guint before;

      g_test_message ("%s, close-day", loket_ticket_state_to_string (s));
      ticket_into (o, s);
      refused = run (o, LOKET_ROLE_SUPERVISOR, "CLOSE_DAY", json_object_new (), &error);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STATE);
      before = o->events->len;
      close_day (o);
      event = event_about_a001 (o, before, "UNSERVED");
      day = loket_charter_service_day (loket_office_get_charter (o->office), T0);
      after = loket_store_find_ticket (o->store, day, "A-001", NULL);
      g_assert_nonnull (after);
      g_assert_true ((event != NULL) == (row != NULL));
      g_assert_cmpint (after->state, ==, row != NULL ? LOKET_TICKET_UNSERVED : s);
      counter = loket_store_get_counter (o->store, "1", NULL);
      if (s == LOKET_TICKET_CALLED)
        g_assert_cmpint (loket_counter_phase (counter), ==, LOKET_COUNTER_PHASE_OPEN);
      if (s == LOKET_TICKET_SERVING)
        g_assert_cmpint (loket_counter_phase (counter), ==, LOKET_COUNTER_PHASE_BUSY);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/life-cycle/ticket/walk", test_ticket_walk);
  g_test_add_func ("/life-cycle/ticket/table-shape", test_ticket_table_shape);
  g_test_add_func ("/life-cycle/counter/walk", test_counter_walk);
  g_test_add_func ("/life-cycle/counter/refusals-say-what-to-do", test_counter_refusals_say_what_to_do);
  g_test_add_func ("/life-cycle/shared-acts-agree", test_shared_acts_agree);
  g_test_add_func ("/life-cycle/docs/tickets", test_docs_tickets);
  g_test_add_func ("/life-cycle/docs/counters", test_docs_counters);
  g_test_add_func ("/life-cycle/docs/complaints", test_docs_complaints);
  g_test_add_func ("/life-cycle/complaint/walk", test_complaint_walk);
  g_test_add_func ("/life-cycle/complaint/clock", test_complaint_clock);
  g_test_add_func ("/life-cycle/office/tickets", test_office_tickets);
  g_test_add_func ("/life-cycle/office/counters", test_office_counters);
  g_test_add_func ("/life-cycle/office/close-day", test_office_close_day);
  return g_test_run ();
}
