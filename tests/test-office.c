/* test-office.c — the office's rules, driven directly (no sockets) on a
 * real SQLite file with the test charter and chosen clocks: numbering and
 * the daily reset in the office's zone, quotas, the life cycle, no-show
 * after the recall limit, transfer keeping the arrival time, pauses,
 * voids, out-of-order calls, clerk login and its rate limit, roles, and
 * a store that fails while the figures are read: refused, never "0".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-charter.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-office.h"
#include "loket-report-compute.h"
#include "loket-store.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/* 2026-11-25 (a Wednesday) 09:00 in Asia/Jakarta is 02:00 UTC. */
#define T0 ((gint64) 1795572000 * G_USEC_PER_SEC)
#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

typedef struct {
  char         *dir;
  char         *db;
  LoketStore   *store;
  LoketOffice  *office;
  GPtrArray    *events;   /* every event published, in order */
  gint64        now;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "charter-test.ini", NULL);
  /* @data: a charter's text, for the cases the test charter cannot show. */
  g_autoptr(LoketCharter) charter = data ? loket_charter_new_from_data (data, -1, "charter.ini", &error)
                                         : loket_charter_new_from_file (path, &error);

  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("loket-office-XXXXXX", &error);
  f->db = g_build_filename (f->dir, "loket.db", NULL);
  f->store = loket_store_open (f->db, &error);
  g_assert_no_error (error);
  f->office = loket_office_new (charter, f->store);
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  f->now = T0;
  /* As loketd at its start: a new database's first charter, no event. */
  g_assert_true (loket_office_adopt_charter (f->office, charter, "start", f->now, f->events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->office);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->events);
  loket_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* One request in its own transaction, as the server would run it. */
static JsonObject *
run (Fixture *f, LoketRole role, const char *type, JsonObject *body, GError **error)
{
  g_autoptr(JsonObject) owned = body ? body : json_object_new ();
  LoketRequest request = { type, owned, role == LOKET_ROLE_KIOSK ? "kiosk1" : "counter-pc",
                           role, f->now };
  JsonObject *reply;

  g_assert_true (loket_store_begin (f->store, NULL));
  reply = loket_office_handle (f->office, &request, f->events, error);
  if (reply != NULL)
    g_assert_true (loket_store_commit (f->store, NULL));
  else
    loket_store_rollback (f->store);
  return reply;
}

/* Runs and asserts success; returns the reply's ticket label (or NULL). */
static char *
ok (Fixture *f, LoketRole role, const char *type, JsonObject *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = run (f, role, type, b, &error);
  JsonObject *ticket;

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  ticket = json_object_has_member (reply, "ticket") ? json_object_get_object_member (reply, "ticket") : NULL;
  return ticket ? g_strdup (json_object_get_string_member (ticket, "number")) : NULL;
}

static void
refused (Fixture *f, LoketRole role, const char *type, JsonObject *b, LoketErrorCode code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = run (f, role, type, b, &error);

  g_assert_null (reply);
  g_assert_error (error, LOKET_ERROR, (gint) code);
}

static char *
issue (Fixture *f, const char *service, const char *priority)
{
  JsonObject *b = loket_test_body ("service", service, NULL);

  if (priority)
    json_object_set_string_member (b, "priority", priority);
  return ok (f, LOKET_ROLE_KIOSK, "ISSUE", b);
}

static char *
counter_do (Fixture *f, const char *type, const char *counter)
{
  return ok (f, LOKET_ROLE_COUNTER, type, loket_test_body ("counter", counter, NULL));
}

static JsonObject *
last_event (Fixture *f)
{
  g_assert_cmpuint (f->events->len, >, 0);
  return g_ptr_array_index (f->events, f->events->len - 1);
}

/* The citizen's phone (role web) by token: the ticket of today, the place
 * in its own queue and the estimate from there, the counter by name once
 * called; malformed, unknown and yesterday's tokens one same not-found,
 * whose message names no token.  The token is in the ISSUE reply and in
 * no ISSUED event. */
static void
test_ticket_status (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = run (f, LOKET_ROLE_KIOSK, "ISSUE", loket_test_body ("service", "ktp", NULL), &error);
  g_autoptr(JsonObject) elder = run (f, LOKET_ROLE_KIOSK, "ISSUE",
                                     loket_test_body ("service", "ktp", "priority", "elderly", NULL), &error);
  g_autoptr(JsonObject) second = run (f, LOKET_ROLE_KIOSK, "ISSUE", loket_test_body ("service", "ktp", NULL), &error);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) called = NULL;
  const char *token = json_object_get_string_member (second, "token");
  const char *misses[] = { "A-003", "AAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAA/", NULL, NULL };
  g_autofree char *reference = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (token), ==, 22);
  g_assert_cmpstr (token, !=, json_object_get_string_member (first, "token"));
  for (guint i = 0; i < f->events->len; i++)
    g_assert_false (json_object_has_member (json_object_get_object_member (g_ptr_array_index (f->events, i),
                                                                           "ticket"), "token"));

  /* Only the first regular ticket is ahead: the priority one is another queue. */
  status = run (f, LOKET_ROLE_WEB, "TICKET_STATUS", loket_test_body ("token", token, NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (status, "ticket"), "number"),
                   ==, "A-003");
  g_assert_cmpint (json_object_get_int_member (status, "people_ahead"), ==, 1);
  g_assert_true (json_object_has_member (status, "estimated_wait_minutes"));
  g_assert_cmpint (json_object_get_int_member (status, "promised_wait_minutes"), >, 0);
  g_assert_false (json_object_has_member (status, "counter_name"));
  g_clear_pointer (&status, json_object_unref);

  refused (f, LOKET_ROLE_KIOSK, "TICKET_STATUS", loket_test_body ("token", token, NULL), LOKET_ERROR_DENIED);
  g_assert_true (loket_store_add_clerk (f->store, "ani", "Ani", "1234", f->now, &error));
  g_free (ok (f, LOKET_ROLE_COUNTER, "LOGIN", loket_test_body ("counter", "2", "clerk", "ani", "pin", "1234", NULL)));
  called = run (f, LOKET_ROLE_COUNTER, "CALL",
                loket_test_body ("counter", "2", "ticket", "A-003", "reason", "test", NULL), &error);
  g_assert_no_error (error);
  status = run (f, LOKET_ROLE_WEB, "TICKET_STATUS", loket_test_body ("token", token, NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (status, "ticket"), "state"),
                   ==, "called");
  g_assert_cmpint (json_object_get_int_member (status, "people_ahead"), ==, 0);
  g_assert_nonnull (json_object_get_string_member (status, "counter_name"));

  /* The same token the next day: gone, as if it had never been. */
  f->now += MINUTES (24 * 60);
  misses[3] = token;
  for (guint i = 0; i < G_N_ELEMENTS (misses); i++)
    {
      g_autoptr(GError) miss = NULL;
      g_autoptr(JsonObject) reply = NULL;

      if (misses[i] == NULL)
        continue;
      reply = run (f, LOKET_ROLE_WEB, "TICKET_STATUS", loket_test_body ("token", misses[i], NULL), &miss);
      g_assert_null (reply);
      g_assert_error (miss, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
      g_assert_null (strstr (miss->message, misses[i]));
      if (reference == NULL)
        reference = g_strdup (miss->message);
      g_assert_cmpstr (miss->message, ==, reference);
    }
}

static void
test_numbering (Fixture *f, gconstpointer data)
{
  g_autofree char *a1 = issue (f, "ktp", NULL);
  g_autofree char *a2 = issue (f, "ktp", NULL);
  g_autofree char *b1 = issue (f, "kk", NULL);
  g_autofree char *a3 = issue (f, "ktp", "elderly");

  g_assert_cmpstr (a1, ==, "A-001");
  g_assert_cmpstr (a2, ==, "A-002");
  g_assert_cmpstr (b1, ==, "B-001");
  g_assert_cmpstr (a3, ==, "A-003");
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "ISSUED");
  g_assert_cmpint (json_object_get_int_member (last_event (f), "seq"), ==, 4);
}

/* Numbers restart when the service day changes — at midnight in
 * Asia/Jakarta (17:00 UTC), not at midnight UTC. */
static void
test_daily_reset_in_office_zone (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *before2 = NULL;
  g_autofree char *after = NULL;
  gint64 midnight_jakarta = (gint64) 1795539600 * G_USEC_PER_SEC;  /* 2026-11-24T17:00:00Z */

  f->now = midnight_jakarta - G_USEC_PER_SEC;
  before = issue (f, "ktp", NULL);
  before2 = issue (f, "ktp", NULL);
  f->now = midnight_jakarta;
  after = issue (f, "ktp", NULL);
  g_assert_cmpstr (before, ==, "A-001");
  g_assert_cmpstr (before2, ==, "A-002");
  g_assert_cmpstr (after, ==, "A-001");
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "service_day"), ==, "2026-11-25");
}

static void
test_quota_and_refusals (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 5; i++)
    g_free (issue (f, "akta", NULL));
  refused (f, LOKET_ROLE_KIOSK, "ISSUE", loket_test_body ("service", "akta", NULL), LOKET_ERROR_QUOTA);
  refused (f, LOKET_ROLE_KIOSK, "ISSUE", loket_test_body ("service", "passport", NULL), LOKET_ERROR_NOT_FOUND);
  refused (f, LOKET_ROLE_KIOSK, "ISSUE", loket_test_body ("service", "kk", "priority", "pregnant", NULL),
           LOKET_ERROR_INVALID);
  refused (f, LOKET_ROLE_KIOSK, "ISSUE", json_object_new (), LOKET_ERROR_INVALID);
  refused (f, LOKET_ROLE_DISPLAY, "ISSUE", loket_test_body ("service", "ktp", NULL), LOKET_ERROR_DENIED);
  refused (f, LOKET_ROLE_KIOSK, "CALL", loket_test_body ("counter", "1", NULL), LOKET_ERROR_DENIED);
  refused (f, LOKET_ROLE_COUNTER, "VOID", loket_test_body ("ticket", "A-001", "reason", "x", NULL), LOKET_ERROR_DENIED);
  refused (f, LOKET_ROLE_SUPERVISOR, "FROB", json_object_new (), LOKET_ERROR_UNKNOWN_TYPE);
  /* Refusals leave no trace in the numbering: the next ktp is A-001. */
  g_autofree char *a = issue (f, "ktp", NULL);
  g_assert_cmpstr (a, ==, "A-001");
}

static void
test_life_cycle (Fixture *f, gconstpointer data)
{
  g_autofree char *a = issue (f, "ktp", NULL);
  g_autofree char *called = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  refused (f, LOKET_ROLE_COUNTER, "CALL", loket_test_body ("counter", "3", NULL), LOKET_ERROR_EMPTY);
  refused (f, LOKET_ROLE_COUNTER, "CALL", loket_test_body ("counter", "9", NULL), LOKET_ERROR_NOT_FOUND);
  f->now += MINUTES (7);
  called = counter_do (f, "CALL", "1");
  g_assert_cmpstr (called, ==, a);
  refused (f, LOKET_ROLE_COUNTER, "CALL", loket_test_body ("counter", "1", NULL), LOKET_ERROR_STATE);
  refused (f, LOKET_ROLE_COUNTER, "FINISH", loket_test_body ("counter", "1", NULL), LOKET_ERROR_STATE);
  g_free (counter_do (f, "RECALL", "1"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (last_event (f), "ticket"),
                                               "recalls"), ==, 1);
  g_free (counter_do (f, "START", "1"));
  f->now += MINUTES (12);
  refused (f, LOKET_ROLE_COUNTER, "FINISH", loket_test_body ("counter", "1", "outcome", "happy", NULL), LOKET_ERROR_INVALID);
  g_free (ok (f, LOKET_ROLE_COUNTER, "FINISH", loket_test_body ("counter", "1", "outcome", "incomplete", NULL)));
  {
    JsonObject *t = json_object_get_object_member (last_event (f), "ticket");

    g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "done");
    g_assert_cmpstr (json_object_get_string_member (t, "outcome"), ==, "incomplete");
    g_assert_cmpint (json_object_get_int_member (t, "called_at") - json_object_get_int_member (t, "issued_at"),
                     ==, MINUTES (7));
    g_assert_cmpint (json_object_get_int_member (t, "finished_at") - json_object_get_int_member (t, "started_at"),
                     ==, MINUTES (12));
  }
  /* ISSUED CALLED RECALLED STARTED FINISHED, chained. */
  g_assert_cmpuint (f->events->len, ==, 5);
  g_assert_true (loket_store_verify (f->store, &n, &error));
  g_assert_cmpint (n, ==, 5);
}

static void
test_noshow_after_recall_limit (Fixture *f, gconstpointer data)
{
  g_free (issue (f, "ktp", NULL));
  g_free (counter_do (f, "CALL", "1"));
  refused (f, LOKET_ROLE_COUNTER, "NOSHOW", loket_test_body ("counter", "1", NULL), LOKET_ERROR_STATE);
  g_free (counter_do (f, "RECALL", "1"));
  refused (f, LOKET_ROLE_COUNTER, "NOSHOW", loket_test_body ("counter", "1", NULL), LOKET_ERROR_STATE);
  g_free (counter_do (f, "RECALL", "1"));
  g_free (counter_do (f, "NOSHOW", "1"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (last_event (f), "ticket"),
                                                  "state"), ==, "no-show");
  /* The counter is free again. */
  refused (f, LOKET_ROLE_COUNTER, "CALL", loket_test_body ("counter", "1", NULL), LOKET_ERROR_EMPTY);
}

/* A transferred ticket joins the new service by its original arrival. */
static void
test_transfer_keeps_arrival (Fixture *f, gconstpointer data)
{
  g_autofree char *a = issue (f, "ktp", NULL);
  g_autofree char *c1 = NULL;
  g_autofree char *next = NULL;

  f->now += MINUTES (3);
  c1 = issue (f, "akta", NULL);           /* arrives after A-001 */
  g_free (counter_do (f, "CALL", "1"));
  g_free (counter_do (f, "START", "1"));
  refused (f, LOKET_ROLE_COUNTER, "TRANSFER", loket_test_body ("counter", "1", "service", "nope", NULL), LOKET_ERROR_NOT_FOUND);
  g_free (ok (f, LOKET_ROLE_COUNTER, "TRANSFER",
              loket_test_body ("counter", "1", "service", "akta", "reason", "needs a birth certificate first", NULL)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "TRANSFERRED");
  next = counter_do (f, "CALL", "3");
  g_assert_cmpstr (next, ==, a);          /* not C-001: A-001 came first */
}

static void
test_pause_resume (Fixture *f, gconstpointer data)
{
  g_free (issue (f, "ktp", NULL));
  refused (f, LOKET_ROLE_COUNTER, "PAUSE", loket_test_body ("counter", "1", NULL), LOKET_ERROR_INVALID);
  g_free (ok (f, LOKET_ROLE_COUNTER, "PAUSE", loket_test_body ("counter", "1", "reason", "prayer", NULL)));
  refused (f, LOKET_ROLE_COUNTER, "CALL", loket_test_body ("counter", "1", NULL), LOKET_ERROR_STATE);
  refused (f, LOKET_ROLE_COUNTER, "PAUSE", loket_test_body ("counter", "1", "reason", "break", NULL), LOKET_ERROR_STATE);
  f->now += MINUTES (15);
  g_free (counter_do (f, "RESUME", "1"));
  {
    JsonObject *c = json_object_get_object_member (last_event (f), "counter");

    g_assert_cmpint (json_object_get_int_member (c, "pause_total"), ==, MINUTES (15));
    g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "open");
  }
  refused (f, LOKET_ROLE_COUNTER, "RESUME", loket_test_body ("counter", "1", NULL), LOKET_ERROR_STATE);
  g_free (counter_do (f, "CALL", "1"));
}

static void
assert_pause_refused (Fixture *f, JsonObject *body, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = run (f, LOKET_ROLE_COUNTER, "PAUSE", body, &error);

  g_assert_null (reply);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

/* A pause names one of the charter's reasons (this charter names none:
 * the default five); only "other" takes a note, and needs one.  The
 * events and the office's fields carry the id, the note and the list. */
static void
test_pause_reasons (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) services = NULL;
  JsonObject *c;

  assert_pause_refused (f, loket_test_body ("counter", "1", "reason", "nap", NULL),
                        "unknown pause reason “nap”; the charter lists break, prayer, meeting, system-fault, other");
  assert_pause_refused (f, loket_test_body ("counter", "1", "reason", "Sholat", NULL),
                        "unknown pause reason “Sholat”; the charter lists break, prayer, meeting, system-fault, other");
  assert_pause_refused (f, loket_test_body ("counter", "1", "reason", "prayer", "note", "at the mosque", NULL),
                        "the pause reason “prayer” takes no note; only the charter's reason for anything else does");
  assert_pause_refused (f, loket_test_body ("counter", "1", "reason", "other", NULL),
                        "the pause reason “other” needs a note saying why");
  assert_pause_refused (f, loket_test_body ("counter", "1", "reason", "other", "note", "  ", NULL),
                        "the pause reason “other” needs a note saying why");
  g_assert_cmpuint (f->events->len, ==, 0);

  g_free (ok (f, LOKET_ROLE_COUNTER, "PAUSE", loket_test_body ("counter", "1", "reason", "other",
                                                               "note", "listrik padam", NULL)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "PAUSED");
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "reason"), ==, "other");
  c = json_object_get_object_member (last_event (f), "counter");
  g_assert_cmpstr (json_object_get_string_member (c, "pause_reason"), ==, "other");
  g_assert_cmpstr (json_object_get_string_member (c, "pause_note"), ==, "listrik padam");
  g_free (counter_do (f, "RESUME", "1"));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "pause_reason"), ==, "other");
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "pause_note"), ==, "listrik padam");
  c = json_object_get_object_member (last_event (f), "counter");
  g_assert_true (json_object_get_null_member (c, "pause_note"));

  g_free (ok (f, LOKET_ROLE_COUNTER, "PAUSE", loket_test_body ("counter", "1", "reason", "prayer", NULL)));
  c = json_object_get_object_member (last_event (f), "counter");
  g_assert_cmpstr (json_object_get_string_member (c, "pause_reason"), ==, "prayer");
  g_assert_true (json_object_get_null_member (c, "pause_note"));

  services = run (f, LOKET_ROLE_KIOSK, "SERVICES", json_object_new (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (services, "pause_reasons")), ==, 5);
}

static void
test_void (Fixture *f, gconstpointer data)
{
  g_autofree char *a1 = issue (f, "ktp", NULL);
  g_autofree char *a2 = issue (f, "ktp", NULL);
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) waiting = NULL;

  refused (f, LOKET_ROLE_SUPERVISOR, "VOID", loket_test_body ("ticket", "A-001", NULL), LOKET_ERROR_INVALID);
  g_free (ok (f, LOKET_ROLE_SUPERVISOR, "VOID", loket_test_body ("ticket", "A-001", "reason", "duplicate taken by a broker", NULL)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "reason"), ==, "duplicate taken by a broker");
  waiting = loket_store_list_waiting (f->store, "2026-11-25", NULL);
  g_assert_cmpuint (waiting->len, ==, 1);
  next = counter_do (f, "CALL", "1");
  g_assert_cmpstr (next, ==, a2);
  refused (f, LOKET_ROLE_SUPERVISOR, "VOID", loket_test_body ("ticket", "A-001", "reason", "again", NULL), LOKET_ERROR_STATE);
}

static void
test_out_of_order_needs_reason (Fixture *f, gconstpointer data)
{
  g_autofree char *a1 = issue (f, "ktp", NULL);
  g_autofree char *a2 = issue (f, "ktp", NULL);
  g_autofree char *called = NULL;
  JsonObject *event;

  refused (f, LOKET_ROLE_COUNTER, "CALL", loket_test_body ("counter", "1", "ticket", "A-002", NULL), LOKET_ERROR_INVALID);
  /* `denied` is for keys and roles only; a ticket of another service is
   * the counter's state (its services can change). */
  refused (f, LOKET_ROLE_COUNTER, "CALL", loket_test_body ("counter", "3", "ticket", "A-002", "reason", "x", NULL),
           LOKET_ERROR_STATE);
  called = ok (f, LOKET_ROLE_COUNTER, "CALL",
               loket_test_body ("counter", "1", "ticket", "A-002", "reason", "wheelchair user, came back", NULL));
  g_assert_cmpstr (called, ==, a2);
  event = last_event (f);
  g_assert_true (json_object_get_boolean_member (event, "out_of_order"));
  g_assert_cmpstr (json_object_get_string_member (event, "routing"), ==, "named");
  g_assert_cmpstr (json_object_get_string_member (event, "reason"), ==, "wheelchair user, came back");
}

/* The ratio at one counter: P R R P with both kinds waiting. */
static void
test_priority_ratio_at_counter (Fixture *f, gconstpointer data)
{
  const char *expected[] = { "A-005", "A-001", "A-002", "A-006", "A-003" };

  for (guint i = 0; i < 4; i++)
    g_free (issue (f, "ktp", NULL));
  g_free (issue (f, "ktp", "elderly"));
  g_free (issue (f, "ktp", "disability"));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *called = counter_do (f, "CALL", "2");

      g_assert_cmpstr (called, ==, expected[i]);
      g_free (counter_do (f, "START", "2"));
      g_free (counter_do (f, "FINISH", "2"));
    }
}

/* Earliest deadline and a counter's secondary service, through the
 * server's own path: QUEUE lists what the CALLs then take, in order. */
static const char deadline_charter[] =
  "[Office]\nName=Kantor\nOpeningHours=Mon-Sun 00:00-24:00\nRoutingPolicy=earliest-deadline\n"
  "PriorityRatio=2:1\n[PriorityGroup elderly]\nName=Lansia\n"
  "[Service ktp]\nSeries=A\nName=KTP\nRequirements=KK\nPromisedWaitMinutes=30\n"
  "PromisedServiceMinutes=10\nPriorityGroups=elderly\n"
  "[Service akta]\nSeries=B\nName=Akta\nRequirements=KK\nPromisedWaitMinutes=60\n"
  "PromisedServiceMinutes=10\n"
  "[Service kk]\nSeries=C\nName=KK\nRequirements=KK\nPromisedWaitMinutes=20\n"
  "PromisedServiceMinutes=10\n"
  "[Counter 1]\nName=Loket 1\nServices=ktp;akta\nSecondaryServices=kk\n"
  "[Counter 2]\nName=Loket 2\nServices=kk\n";

/* The numbers in a QUEUE reply, comma-separated. */
static char *
queue_of (Fixture *f, const char *counter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = run (f, LOKET_ROLE_COUNTER, "QUEUE", loket_test_body ("counter", counter, NULL), &error);
  JsonArray *tickets;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  tickets = json_object_get_array_member (reply, "tickets");
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    g_string_append_printf (text, "%s%s", i ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (tickets, i), "number"));
  return g_string_free (text, FALSE);
}

/* Calls at @counter until nobody is left; the numbers, comma-separated. */
static char *
calls_of (Fixture *f, const char *counter)
{
  GString *text = g_string_new (NULL);

  while (TRUE)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = run (f, LOKET_ROLE_COUNTER, "CALL", loket_test_body ("counter", counter, NULL), &error);

      if (reply == NULL)
        {
          g_assert_error (error, LOKET_ERROR, LOKET_ERROR_EMPTY);
          return g_string_free (text, FALSE);
        }
      g_string_append_printf (text, "%s%s", text->len ? "," : "", json_object_get_string_member (
                                json_object_get_object_member (reply, "ticket"), "number"));
      g_free (counter_do (f, "START", counter));
      g_free (counter_do (f, "FINISH", counter));
    }
}

static void
issue_at (Fixture *f, gint64 minute, const char *service, const char *priority)
{
  f->now = T0 + MINUTES (minute);
  g_free (issue (f, service, priority));
}

static void
test_deadline_and_preferences (Fixture *f, gconstpointer data)
{
  g_autofree char *queue1 = NULL, *calls1 = NULL, *queue2 = NULL, *calls2 = NULL;
  JsonObject *b;

  issue_at (f, 0, "akta", NULL);          /* B-001, deadline 60 */
  issue_at (f, 5, "ktp", NULL);           /* A-001, deadline 35 */
  issue_at (f, 10, "kk", NULL);           /* C-001, deadline 30, secondary at counter 1 */
  issue_at (f, 12, "ktp", "elderly");     /* A-002, priority, deadline 42 */
  issue_at (f, 15, "akta", NULL);         /* B-002, deadline 75 */
  issue_at (f, 16, "kk", NULL);           /* C-002, deadline 36 */
  f->now = T0 + MINUTES (20);
  /* Priority's turn first, then regular by deadline; kk only at the end. */
  queue1 = queue_of (f, "1");
  g_assert_cmpstr (queue1, ==, "A-002,A-001,B-001,B-002,C-001,C-002");
  /* A supervisor's list for counter 2 makes all it names primary. */
  b = loket_test_body ("counter", "2", NULL);
  json_object_set_array_member (b, "services", json_array_new ());
  json_array_add_string_element (json_object_get_array_member (b, "services"), "kk");
  json_array_add_string_element (json_object_get_array_member (b, "services"), "ktp");
  g_free (ok (f, LOKET_ROLE_SUPERVISOR, "COUNTER_SERVICES", b));
  queue2 = queue_of (f, "2");
  g_assert_cmpstr (queue2, ==, "A-002,C-001,A-001,C-002");
  calls2 = calls_of (f, "2");
  g_assert_cmpstr (calls2, ==, queue2);
  g_clear_pointer (&queue1, g_free);
  queue1 = queue_of (f, "1");
  g_assert_cmpstr (queue1, ==, "B-001,B-002");
  calls1 = calls_of (f, "1");
  g_assert_cmpstr (calls1, ==, queue1);
}

/* A request inside the transaction the caller opened, as the server runs
 * a batch: a long backlog is built and called in one commit, not one each. */
static JsonObject *
run_in_batch (Fixture *f, LoketRole role, const char *type, JsonObject *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) owned = b;
  LoketRequest request = { type, owned, role == LOKET_ROLE_KIOSK ? "kiosk1" : "counter-pc", role, f->now };
  JsonObject *reply = loket_office_handle (f->office, &request, f->events, &error);

  g_assert_no_error (error);
  return reply;
}

/* Every element of a QUEUE reply is the stored ticket as
 * loket_ticket_to_json() shows it, with its place and its promise (the
 * list is written as text: this checks the text against json-glib). */
static void
assert_queue_shows_tickets (Fixture *f, JsonArray *tickets)
{
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *shown = json_array_get_object_element (tickets, i);
      g_autoptr(LoketTicket) t = loket_store_get_ticket (f->store, json_object_get_int_member (shown, "id"), NULL);
      g_autoptr(JsonObject) expected = loket_ticket_to_json (t);
      g_autoptr(JsonNode) a = json_node_alloc ();
      g_autoptr(JsonNode) b = json_node_alloc ();

      g_assert_cmpint (json_object_get_int_member (shown, "position"), ==, i + 1);
      /* Its own promise: the one of the service it was issued for. */
      g_assert_cmpint (json_object_get_int_member (shown, "promised_wait_minutes"), ==,
                       g_str_equal (t->issued_service, "kk") ? 45 : 30);
      json_object_set_int_member (expected, "position", i + 1);
      json_node_init_object (a, shown);
      json_node_init_object (b, expected);
      g_assert_true (json_node_equal (a, b));
    }
}

/* A large office's backlog: two services, one ticket in five a priority,
 * two hours of arrivals, so that some heads are overdue and the ratio's
 * anti-starvation rule takes turns.  QUEUE must list exactly the order in
 * which CALL then takes them, all of them. */
#define BACKLOG 1500

static const char * const routings[] = { "priority-turn", "regular-turn", "overdue", "fifo" };

static guint
count_calls_routed (Fixture *f, const char *routing)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (f->events, i);

      if (g_str_equal (json_object_get_string_member (e, "type"), "CALLED") &&
          g_strcmp0 (json_object_get_string_member_with_default (e, "routing", NULL), routing) == 0)
        n++;
    }
  return n;
}

static void
test_queue_order_large_backlog (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) queued = g_string_new (NULL);
  g_autoptr(GString) called = g_string_new (NULL);
  g_autoptr(JsonObject) queue = NULL;
  JsonArray *tickets;

  g_assert_true (loket_store_begin (f->store, NULL));
  for (guint i = 0; i < BACKLOG; i++)
    {
      g_autoptr(JsonObject) reply = NULL;
      JsonObject *b = loket_test_body ("service", i % 3 == 2 ? "kk" : "ktp", NULL);

      if (i % 5 == 0)
        json_object_set_string_member (b, "priority", "elderly");
      f->now = T0 + (gint64) i * 5 * G_USEC_PER_SEC;
      reply = run_in_batch (f, LOKET_ROLE_KIOSK, "ISSUE", b);
    }
  f->now = T0 + MINUTES (150);
  queue = run_in_batch (f, LOKET_ROLE_COUNTER, "QUEUE", loket_test_body ("counter", "2", NULL));
  tickets = json_object_get_array_member (queue, "tickets");
  g_assert_cmpuint (json_array_get_length (tickets), ==, BACKLOG);
  assert_queue_shows_tickets (f, tickets);
  for (guint i = 0; i < BACKLOG; i++)
    g_string_append_printf (queued, "%s,", json_object_get_string_member (json_array_get_object_element (tickets, i),
                                                                          "number"));
  for (guint i = 0; i < BACKLOG; i++)
    {
      g_autoptr(JsonObject) call = run_in_batch (f, LOKET_ROLE_COUNTER, "CALL", loket_test_body ("counter", "2", NULL));
      g_autoptr(JsonObject) start = run_in_batch (f, LOKET_ROLE_COUNTER, "START", loket_test_body ("counter", "2", NULL));
      g_autoptr(JsonObject) finish = run_in_batch (f, LOKET_ROLE_COUNTER, "FINISH", loket_test_body ("counter", "2", NULL));

      g_string_append_printf (called, "%s,", json_object_get_string_member (json_object_get_object_member (call, "ticket"),
                                                                          "number"));
    }
  g_assert_true (loket_store_commit (f->store, NULL));
  g_assert_cmpstr (called->str, ==, queued->str);
  /* The ratio's turns and the overdue rule were all at work, or the test
   * proves little. */
  for (guint i = 0; i < G_N_ELEMENTS (routings); i++)
    g_assert_cmpuint (count_calls_routed (f, routings[i]), >, 0);
}

static void
test_clerk_login (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Staff are the head's (test-counter-server.c); here only the login. */
  g_assert_true (loket_store_add_clerk (f->store, "siti", "Siti Rahma", "482913", f->now, &error));
  refused (f, LOKET_ROLE_COUNTER, "LOGIN", loket_test_body ("counter", "1", "clerk", "siti", "pin", "111111", NULL), LOKET_ERROR_AUTH);
  g_free (ok (f, LOKET_ROLE_COUNTER, "LOGIN", loket_test_body ("counter", "1", "clerk", "siti", "pin", "482913", NULL)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "actor"), ==, "siti");
  g_free (issue (f, "ktp", NULL));
  g_free (counter_do (f, "CALL", "1"));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "actor"), ==, "siti");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (last_event (f), "ticket"),
                                                  "clerk"), ==, "siti");
  refused (f, LOKET_ROLE_COUNTER, "LOGOUT", loket_test_body ("counter", "1", NULL), LOKET_ERROR_STATE);
}

/* Five wrong PINs lock the device out, even for the right PIN, for a minute. */
static void
test_login_rate_limit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_store_add_clerk (f->store, "budi", "Budi", "7777", f->now, &error));
  for (guint i = 0; i < 5; i++)
    refused (f, LOKET_ROLE_COUNTER, "LOGIN", loket_test_body ("counter", "2", "clerk", "budi", "pin", "0000", NULL), LOKET_ERROR_AUTH);
  refused (f, LOKET_ROLE_COUNTER, "LOGIN", loket_test_body ("counter", "2", "clerk", "budi", "pin", "7777", NULL), LOKET_ERROR_AUTH);
  f->now += MINUTES (2);
  g_free (ok (f, LOKET_ROLE_COUNTER, "LOGIN", loket_test_body ("counter", "2", "clerk", "budi", "pin", "7777", NULL)));
}

static void
test_services_and_snapshot (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) services = NULL;
  g_autoptr(JsonObject) snapshot = NULL;
  JsonArray *list;
  JsonObject *ktp = NULL;

  g_free (issue (f, "ktp", NULL));
  g_free (issue (f, "ktp", NULL));
  g_free (counter_do (f, "CALL", "1"));
  services = run (f, LOKET_ROLE_DISPLAY, "SERVICES", NULL, NULL);
  list = json_object_get_array_member (services, "services");
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i), "id"), "ktp"))
      ktp = json_array_get_object_element (list, i);
  g_assert_nonnull (ktp);
  g_assert_cmpint (json_object_get_int_member (ktp, "waiting"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (ktp, "issued_today"), ==, 2);
  g_assert_true (json_object_get_boolean_member (ktp, "available"));
  /* One waiting, two open counters serve ktp, 15 min each (the promise:
   * nobody finished yet): counter 2 calls the one waiting now, and the
   * next to come is called when counter 1 finishes, in 15 minutes. */
  g_assert_cmpint (json_object_get_int_member (ktp, "estimated_wait_minutes"), ==, 15);
  g_assert_false (json_object_has_member (ktp, "estimated_wait_from_minutes"));

  snapshot = run (f, LOKET_ROLE_DISPLAY, "SNAPSHOT", NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (snapshot, "seq"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (snapshot, "waiting")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (snapshot, "active")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (snapshot, "counters")), ==, 3);
}

static void
test_print_result (Fixture *f, gconstpointer data)
{
  g_free (issue (f, "ktp", NULL));
  g_free (issue (f, "ktp", NULL));
  refused (f, LOKET_ROLE_KIOSK, "PRINT", loket_test_body ("ticket", "A-001", NULL), LOKET_ERROR_INVALID);
  {
    JsonObject *b = loket_test_body ("ticket", "A-001", NULL);

    json_object_set_boolean_member (b, "ok", TRUE);
    g_free (ok (f, LOKET_ROLE_KIOSK, "PRINT", b));
  }
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "PRINTED");
  {
    JsonObject *b = loket_test_body ("ticket", "A-002", "reason", "media-empty", NULL);

    json_object_set_boolean_member (b, "ok", FALSE);
    g_free (ok (f, LOKET_ROLE_KIOSK, "PRINT", b));
  }
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "PRINT_FAILED");
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "reason"), ==, "media-empty");
  {
    JsonObject *b = loket_test_body ("ticket", "A-001", NULL);

    json_object_set_boolean_member (b, "ok", TRUE);
    refused (f, LOKET_ROLE_KIOSK, "PRINT", b, LOKET_ERROR_STATE);
  }
  /* A ticket whose print failed keeps its place in the queue. */
  g_free (counter_do (f, "CALL", "1"));
  g_free (counter_do (f, "START", "1"));
  g_free (counter_do (f, "FINISH", "1"));
  {
    g_autofree char *second = counter_do (f, "CALL", "1");
    g_assert_cmpstr (second, ==, "A-002");
  }
  /* A slow printer reports after the clerk called the ticket: logged,
   * and the ticket stays called. */
  g_free (issue (f, "ktp", NULL));
  g_free (counter_do (f, "CALL", "2"));
  {
    JsonObject *b = loket_test_body ("ticket", "A-003", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) reply = NULL;

    json_object_set_boolean_member (b, "ok", TRUE);
    reply = run (f, LOKET_ROLE_KIOSK, "PRINT", b, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "ticket"), "state"),
                     ==, "called");
    g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "PRINTED");
  }
}

static JsonObject *
print_body (const char *ticket, gboolean printed, gboolean reprint)
{
  JsonObject *b = loket_test_body ("ticket", ticket, NULL);

  json_object_set_boolean_member (b, "ok", printed);
  json_object_set_boolean_member (b, "reprint", reprint);
  if (!printed)
    json_object_set_string_member (b, "reason", "media-empty");
  return b;
}

static const char *
ticket_field (JsonObject *event, const char *member)
{
  return loket_json_optional_string (json_object_get_object_member (event, "ticket"), member);
}

/* A failed print, printed again: REPRINTED and a printed ticket; a
 * reprint of a printed ticket is logged and changes nothing.  A
 * supervisor's REPRINT names the kiosk that issued the ticket, or the
 * one asked for, and is refused for a ticket no longer waiting. */
static void
test_reprint (Fixture *f, gconstpointer data)
{
  g_free (issue (f, "ktp", NULL));
  g_free (ok (f, LOKET_ROLE_KIOSK, "PRINT", print_body ("A-001", FALSE, FALSE)));
  g_assert_cmpstr (ticket_field (last_event (f), "state"), ==, "print-failed");
  g_free (ok (f, LOKET_ROLE_KIOSK, "PRINT", print_body ("A-001", TRUE, TRUE)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "REPRINTED");
  g_assert_cmpstr (ticket_field (last_event (f), "state"), ==, "printed");
  g_free (ok (f, LOKET_ROLE_KIOSK, "PRINT", print_body ("A-001", TRUE, TRUE)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "REPRINTED");
  g_free (ok (f, LOKET_ROLE_KIOSK, "PRINT", print_body ("A-001", FALSE, TRUE)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "PRINT_FAILED");
  g_assert_cmpstr (ticket_field (last_event (f), "state"), ==, "printed");

  g_free (ok (f, LOKET_ROLE_SUPERVISOR, "REPRINT", loket_test_body ("ticket", "A-001", "reason", "lost it", NULL)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "REPRINT_ASKED");
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "kiosk"), ==, "kiosk1");
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "reason"), ==, "lost it");
  g_free (ok (f, LOKET_ROLE_SUPERVISOR, "REPRINT", loket_test_body ("ticket", "A-001", "kiosk", "kiosk2", NULL)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "kiosk"), ==, "kiosk2");
  /* Kiosks print, supervisors ask. */
  refused (f, LOKET_ROLE_KIOSK, "REPRINT", loket_test_body ("ticket", "A-001", NULL), LOKET_ERROR_DENIED);
  g_free (counter_do (f, "CALL", "1"));
  refused (f, LOKET_ROLE_SUPERVISOR, "REPRINT", loket_test_body ("ticket", "A-001", NULL), LOKET_ERROR_STATE);
}

/* UU 25/2009: a clerk refuses a priority claim, with a reason.  The
 * ticket goes on as a regular one, in its state; the event keeps the
 * group claimed; a ticket without a claim has nothing to refuse; and the
 * report counts the refusal, the print failures and the reprints at the
 * kiosk. */
static void
test_priority_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const LoketReportKiosk *kiosk;

  g_free (issue (f, "ktp", "elderly"));
  g_free (ok (f, LOKET_ROLE_KIOSK, "PRINT", print_body ("A-001", FALSE, FALSE)));
  g_free (ok (f, LOKET_ROLE_KIOSK, "PRINT", print_body ("A-001", TRUE, TRUE)));
  /* Only the ticket in hand. */
  refused (f, LOKET_ROLE_COUNTER, "PRIORITY_REFUSE", loket_test_body ("counter", "1", "reason", "young", NULL),
           LOKET_ERROR_STATE);
  g_free (counter_do (f, "CALL", "1"));
  refused (f, LOKET_ROLE_COUNTER, "PRIORITY_REFUSE", loket_test_body ("counter", "1", NULL), LOKET_ERROR_INVALID);
  g_free (ok (f, LOKET_ROLE_COUNTER, "PRIORITY_REFUSE",
              loket_test_body ("counter", "1", "reason", "not 60 yet (KTP shown)", NULL)));
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "type"), ==, "PRIORITY_REFUSED");
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "priority"), ==, "elderly");
  g_assert_cmpstr (json_object_get_string_member (last_event (f), "reason"), ==, "not 60 yet (KTP shown)");
  g_assert_null (ticket_field (last_event (f), "priority"));
  g_assert_cmpstr (ticket_field (last_event (f), "state"), ==, "called");
  g_assert_cmpint (loket_test_count_rows (f->store, "SELECT COUNT (*) FROM tickets WHERE priority IS NULL"), ==, 1);
  refused (f, LOKET_ROLE_COUNTER, "PRIORITY_REFUSE", loket_test_body ("counter", "1", "reason", "again", NULL),
           LOKET_ERROR_STATE);
  /* It goes on: started and finished as any regular ticket. */
  g_free (counter_do (f, "START", "1"));
  g_free (counter_do (f, "FINISH", "1"));

  report = loket_report_compute (f->store, loket_office_get_charter (f->office), "2026-11-25", "2026-11-25",
                                 "en", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->kiosks->len, ==, 1);
  kiosk = g_ptr_array_index (report->kiosks, 0);
  g_assert_cmpstr (kiosk->id, ==, "kiosk1");
  g_assert_cmpuint (kiosk->print_failed, ==, 1);
  g_assert_cmpuint (kiosk->reprinted, ==, 1);
  g_assert_cmpuint (kiosk->priority_refused, ==, 1);
  /* The refused claim is no longer counted as a priority ticket. */
  g_assert_cmpuint (report->total->priority, ==, 0);
  /* The supervisor's view gets the same rows. */
  {
    g_autoptr(JsonObject) json = loket_report_to_json (report);
    g_autoptr(LoketReport) back = loket_report_from_json (json, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (back->kiosks->len, ==, 1);
    kiosk = g_ptr_array_index (back->kiosks, 0);
    g_assert_cmpstr (kiosk->id, ==, "kiosk1");
    g_assert_cmpuint (kiosk->priority_refused, ==, 1);
  }
}

/* The charter's wait promise (30 min for ktp), measured per service. */
static void
test_wait_compliance (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *ktp;

  g_free (issue (f, "ktp", NULL));
  g_free (issue (f, "ktp", NULL));
  f->now += MINUTES (10);
  g_free (counter_do (f, "CALL", "1"));      /* A-001 after 10 min: kept */
  g_free (counter_do (f, "START", "1"));
  g_free (counter_do (f, "FINISH", "1"));
  f->now += MINUTES (30);
  g_free (counter_do (f, "CALL", "1"));      /* A-002 after 40 min: broken */
  g_free (issue (f, "ktp", NULL));           /* A-003 at 40 min … */
  f->now += MINUTES (31);                    /* … waiting 31 min: overdue */
  reply = run (f, LOKET_ROLE_DISPLAY, "SERVICES", NULL, NULL);
  ktp = json_array_get_object_element (json_object_get_array_member (reply, "services"), 0);
  g_assert_cmpint (json_object_get_int_member (ktp, "called_today"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (ktp, "called_within_promise"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (ktp, "waiting_overdue"), ==, 1);
}

static JsonObject *
device_status (Fixture *f, const char *state, const char *reason)
{
  g_autoptr(GError) error = NULL;
  JsonObject *b = loket_test_body ("component", "printer", "state", state, NULL);
  JsonObject *reply;

  if (reason != NULL)
    json_object_set_string_member (b, "reason", reason);
  reply = run (f, LOKET_ROLE_KIOSK, "DEVICE_STATUS", b, &error);
  g_assert_no_error (error);
  return reply;
}

/* A kiosk repeats its printer's state; only a change is logged, and a
 * state other than ok is an alert.  Supervisors read it in snapshots. */
static void
test_device_status (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) first = device_status (f, "ok", NULL);
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) failed = NULL;
  g_autoptr(JsonObject) snapshot = NULL;
  JsonObject *event, *status;
  JsonArray *devices;

  g_assert_true (json_object_get_boolean_member (first, "changed"));
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_false (json_object_get_boolean_member (last_event (f), "alert"));

  f->now += MINUTES (1);
  again = device_status (f, "ok", NULL);
  g_assert_false (json_object_get_boolean_member (again, "changed"));
  g_assert_cmpuint (f->events->len, ==, 1);

  f->now += MINUTES (1);
  failed = device_status (f, "error", "media-empty-error");
  g_assert_true (json_object_get_boolean_member (failed, "changed"));
  g_assert_cmpuint (f->events->len, ==, 2);
  event = last_event (f);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "DEVICE_STATUS");
  g_assert_true (json_object_get_boolean_member (event, "alert"));
  g_assert_cmpstr (json_object_get_string_member (event, "reason"), ==, "media-empty-error");
  status = json_object_get_object_member (event, "device_status");
  g_assert_cmpstr (json_object_get_string_member (status, "device"), ==, "kiosk1");
  g_assert_cmpint (json_object_get_int_member (status, "since"), ==, f->now);

  refused (f, LOKET_ROLE_KIOSK, "DEVICE_STATUS",
           loket_test_body ("component", "printer", "state", "on-fire", NULL), LOKET_ERROR_INVALID);
  refused (f, LOKET_ROLE_KIOSK, "DEVICE_STATUS", loket_test_body ("state", "ok", NULL), LOKET_ERROR_INVALID);

  snapshot = run (f, LOKET_ROLE_SUPERVISOR, "SNAPSHOT", NULL, NULL);
  devices = json_object_get_array_member (snapshot, "devices");
  g_assert_cmpuint (json_array_get_length (devices), ==, 1);
  status = json_array_get_object_element (devices, 0);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (status, "detail"), ==, "media-empty-error");
  g_assert_cmpint (json_object_get_int_member (status, "updated_at"), ==, f->now);
}

static void
test_closed_outside_hours (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("LOKET_SOURCE_DIR"), "data", "charter-dukcapil.ini", NULL);
  g_autoptr(LoketCharter) charter = loket_charter_new_from_file (path, &error);
  g_autofree char *dir = g_dir_make_tmp ("loket-office-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "loket.db", NULL);
  g_autoptr(LoketStore) store = loket_store_open (db, &error);
  g_autoptr(LoketOffice) office = loket_office_new (charter, store);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) b = json_object_new ();
  /* Sunday 2026-11-29 10:00 Jakarta. */
  LoketRequest request = { "ISSUE", b, "kiosk1", LOKET_ROLE_KIOSK, (gint64) 1795921200 * G_USEC_PER_SEC };
  const LoketServiceDef *first = g_ptr_array_index (loket_charter_get_services (charter), 0);
  g_autoptr(JsonObject) reply = NULL;

  g_assert_no_error (error);
  json_object_set_string_member (b, "service", first->id);
  g_assert_true (loket_store_begin (store, NULL));
  g_assert_null (loket_office_handle (office, &request, events, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_CLOSED);
  g_clear_error (&error);

  /* The kiosk shows why, in the citizen's language. */
  {
    g_autoptr(JsonObject) no_body = json_object_new ();
    LoketRequest services = { "SERVICES", no_body, "kiosk1", LOKET_ROLE_KIOSK, request.now };
    g_autoptr(JsonObject) list = loket_office_handle (office, &services, events, &error);
    JsonObject *s = json_array_get_object_element (json_object_get_array_member (list, "services"), 0);

    g_assert_no_error (error);
    g_assert_false (json_object_get_boolean_member (s, "available"));
    g_assert_cmpstr (json_object_get_string_member (s, "unavailable"), ==, "closed");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (s, "unavailable_reason"),
                                     "Di luar jam pelayanan."));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (s, "unavailable_reason_en"),
                                     "Outside opening hours."));
    g_assert_cmpstr (json_object_get_string_member (list, "values"), ==,
                     "Melayani dengan cepat, ramah, dan tanpa pungutan biaya");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "priority_groups")), ==, 5);
  }
  loket_office_set_always_open (office, TRUE);
  reply = loket_office_handle (office, &request, events, &error);
  g_assert_no_error (error);
  g_assert_true (loket_store_commit (store, NULL));
  g_clear_object (&office);
  g_clear_object (&store);
  loket_test_remove_tree (dir);
}

/* Breaks the test's database behind the office's back, as a damaged or
 * half-migrated file would be: another connection changes the schema. */
static void
break_store (Fixture *f, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* What a kiosk shows comes from the store; when the store cannot count,
 * the request fails with `store` rather than showing "0 waiting" or an
 * estimate over no counters.  Each case breaks one thing the figures
 * read. */
static void
test_store_failure_refuses_services (Fixture *f, gconstpointer data)
{
  static const char * const breakages[] = {
    "DROP TABLE queue_counts",                              /* people waiting */
    "DROP TABLE counters",                                  /* open counters */
    "ALTER TABLE tickets RENAME COLUMN started_at TO s",    /* today's mean service time */
  };

  for (guint i = 0; i < G_N_ELEMENTS (breakages); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = NULL;

      if (i > 0)
        {
          fixture_tear_down (f, data);
          fixture_set_up (f, data);
        }
      g_free (issue (f, "ktp", NULL));
      g_free (ok (f, LOKET_ROLE_DISPLAY, "SERVICES", NULL));
      break_store (f, breakages[i]);
      g_test_message ("%s", breakages[i]);
      /* Past the minute today's service times are taken as read. */
      f->now += MINUTES (2);
      reply = run (f, LOKET_ROLE_DISPLAY, "SERVICES", NULL, &error);
      g_assert_null (reply);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
      refused (f, LOKET_ROLE_DISPLAY, "SNAPSHOT", NULL, LOKET_ERROR_STORE);
    }
}

/* A ticket whose wait cannot be estimated is not issued: the kiosk is
 * told the store failed, and the number is not used up. */
static void
test_store_failure_refuses_issue (Fixture *f, gconstpointer data)
{
  gint64 seq;

  g_free (issue (f, "ktp", NULL));
  seq = loket_store_get_last_seq (f->store);
  break_store (f, "DROP TABLE counters");
  refused (f, LOKET_ROLE_KIOSK, "ISSUE", loket_test_body ("service", "ktp", NULL), LOKET_ERROR_STORE);
  g_assert_cmpint (loket_store_get_last_seq (f->store), ==, seq);
  g_assert_cmpuint (loket_store_count_issued (f->store, "2026-11-25", "A", NULL), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/office/numbering", test_numbering);
  ADD ("/office/ticket-status", test_ticket_status);
  ADD ("/office/numbering/daily-reset-in-office-zone", test_daily_reset_in_office_zone);
  ADD ("/office/issue/quota-and-refusals", test_quota_and_refusals);
  ADD ("/office/life-cycle", test_life_cycle);
  ADD ("/office/noshow-after-recall-limit", test_noshow_after_recall_limit);
  ADD ("/office/transfer-keeps-arrival", test_transfer_keeps_arrival);
  ADD ("/office/pause-resume", test_pause_resume);
  ADD ("/office/pause-reasons", test_pause_reasons);
  ADD ("/office/void", test_void);
  ADD ("/office/out-of-order-needs-reason", test_out_of_order_needs_reason);
  ADD ("/office/priority-ratio-at-counter", test_priority_ratio_at_counter);
  ADD ("/office/queue-order/large-backlog", test_queue_order_large_backlog);
  ADD ("/office/clerk-login", test_clerk_login);
  ADD ("/office/login-rate-limit", test_login_rate_limit);
  ADD ("/office/services-and-snapshot", test_services_and_snapshot);
  ADD ("/office/print-result", test_print_result);
  ADD ("/office/reprint", test_reprint);
  ADD ("/office/priority-refused", test_priority_refused);
  ADD ("/office/device-status", test_device_status);
  ADD ("/office/wait-compliance", test_wait_compliance);
  ADD ("/office/store-failure/refuses-services", test_store_failure_refuses_services);
  ADD ("/office/store-failure/refuses-issue", test_store_failure_refuses_issue);
#undef ADD
  g_test_add ("/office/deadline-and-preferences", Fixture, deadline_charter, fixture_set_up,
              test_deadline_and_preferences, fixture_tear_down);
  g_test_add_func ("/office/closed-outside-hours", test_closed_outside_hours);
  return g_test_run ();
}
