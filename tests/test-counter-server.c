/* test-counter-server.c — what the counter app asks of loketd, against a
 * real loketd with the test charter (ratio 2:1, two recalls before a
 * no-show): the queue in calling order, a counter's figures of the day,
 * a supervisor moving a counter to other services, clerks removed and
 * given new PINs, a hand-over between clerks, a supervisor signing in so
 * that their acts carry their name, a void that empties every waiting
 * list, and staff roles (who signs in where, who manages the staff).  Each case has a server
 * of its own, so that queues and figures start empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-test-server.h"

#include <string.h>

typedef struct {
  LoketTestServer *server;
  LoketClient     *kiosk;
  LoketClient     *clerk;   /* a counter key */
  LoketClient     *super;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->server = loket_test_server_new (NULL);
  loket_test_server_start (f->server);
  f->kiosk = loket_test_server_client (f->server, "kiosk1");
  f->clerk = loket_test_server_client (f->server, "counter1");
  f->super = loket_test_server_client (f->server, "super");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->kiosk);
  g_clear_object (&f->clerk);
  g_clear_object (&f->super);
  loket_test_server_stop (f->server);
  loket_test_server_free (f->server);
}

/* Sends a request that must succeed, discarding the reply. */
#define DO(client, ...) json_object_unref (loket_test_request (client, __VA_ARGS__, NULL))

static const char *
number_of (JsonObject *ticket)
{
  return json_object_get_string_member (ticket, "number");
}

static char *
issue (Fixture *f, const char *service, const char *priority)
{
  g_autoptr(JsonObject) reply = priority
    ? loket_test_request (f->kiosk, "ISSUE", "service", service, "priority", priority, NULL)
    : loket_test_request (f->kiosk, "ISSUE", "service", service, NULL);

  return g_strdup (number_of (json_object_get_object_member (reply, "ticket")));
}

/* Calls the next ticket at @counter and returns its number. */
static char *
call (Fixture *f, const char *counter)
{
  g_autoptr(JsonObject) reply = loket_test_request (f->clerk, "CALL", "counter", counter, NULL);

  return g_strdup (number_of (json_object_get_object_member (reply, "ticket")));
}

static void
assert_refused (LoketClient *client, const char *type, JsonObject *body, gint code)
{
  g_autoptr(JsonObject) owned = body;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request (client, type, owned, &error);

  g_assert_null (reply);
  g_assert_error (error, LOKET_ERROR, code);
}

/* {"counter": @counter, "services": [the ids in @list, comma-separated]} */
static JsonObject *
services_body (const char *counter, const char *list)
{
  JsonObject *body = loket_test_body ("counter", counter, NULL);
  g_auto(GStrv) ids = g_strsplit (list, ",", -1);
  JsonArray *array = json_array_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    if (*ids[i] != '\0')
      json_array_add_string_element (array, ids[i]);
  json_object_set_array_member (body, "services", array);
  return body;
}

static char *
strv_of_json (JsonArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%s", i ? "," : "", json_array_get_string_element (array, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
counter_services_of (JsonObject *counter)
{
  return strv_of_json (json_object_get_array_member (counter, "services"));
}

/* The numbers of a QUEUE reply's tickets, in order, comma-separated. */
static char *
queue_numbers (JsonObject *reply)
{
  JsonArray *tickets = json_object_get_array_member (reply, "tickets");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *t = json_array_get_object_element (tickets, i);

      g_assert_cmpint (json_object_get_int_member (t, "position"), ==, i + 1);
      g_string_append_printf (text, "%s%s", i ? "," : "", number_of (t));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Events of one type as subscribers receive them: the latest payload. */
typedef struct {
  const char *type;
  JsonObject *event;
  gboolean    seen;
} Awaited;

static void
on_event (LoketSubscriber *sub, const char *type, JsonObject *event, Awaited *awaited)
{
  if (!g_str_equal (type, awaited->type))
    return;
  g_clear_pointer (&awaited->event, json_object_unref);
  awaited->event = json_object_ref (event);
  awaited->seen = TRUE;
}

static LoketSubscriber *
subscribe (Fixture *f, Awaited *awaited)
{
  LoketSubscriber *sub = loket_test_server_subscriber (f->server, "display1");

  g_signal_connect (sub, "event", G_CALLBACK (on_event), awaited);
  g_assert_true (loket_test_wait_online (sub, TRUE, 20000));
  return sub;
}

/* ---- QUEUE ------------------------------------------------------------- */

/* The list a clerk sees is the order the next calls take: priority
 * tickets woven in at the charter's ratio, services the counter does not
 * serve left out, and the rhythm carried on from the calls already made. */
static void
test_queue_is_calling_order (Fixture *f, gconstpointer data)
{
  const char *plan[][2] = {
    { "ktp", NULL }, { "kk", NULL }, { "ktp", NULL }, { "ktp", "elderly" }, { "akta", NULL },
    { "kk", "disability" }, { "ktp", NULL }, { "kk", NULL }, { "ktp", "pregnant" }, { "ktp", NULL },
  };
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GPtrArray) arrival = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) called = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autofree char *by_arrival = NULL;
  g_autofree char *queued = NULL;
  guint index = 0;
  g_autofree char *text = NULL;
  JsonArray *tickets;

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      char *number = issue (f, plan[i][0], plan[i][1]);

      if (g_str_equal (plan[i][0], "akta"))
        g_free (number);
      else
        g_ptr_array_add (arrival, number);
    }
  /* One call made, so the copy of the rhythm does not start fresh. */
  first = call (f, "1");
  g_assert_true (g_ptr_array_find_with_equal_func (arrival, first, g_str_equal, &index));
  g_ptr_array_remove_index (arrival, index);
  g_ptr_array_add (arrival, NULL);
  by_arrival = g_strjoinv (",", (char **) arrival->pdata);
  DO (f->clerk, "START", "counter", "1");
  DO (f->clerk, "FINISH", "counter", "1");

  reply = loket_test_request (f->clerk, "QUEUE", "counter", "1", NULL);
  queued = queue_numbers (reply);
  tickets = json_object_get_array_member (reply, "tickets");
  g_assert_cmpuint (json_array_get_length (tickets), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "counter"), "id"),
                   ==, "1");
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *t = json_array_get_object_element (tickets, i);

      g_assert_cmpint (json_object_get_int_member (t, "promised_wait_minutes"), ==,
                       g_str_equal (json_object_get_string_member (t, "service"), "ktp") ? 30 : 45);
      g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "issued");
    }
  text = loket_test_server_ctl (f->server, "counter2", "queue", "1", NULL);
  g_assert_nonnull (strstr (text, json_object_get_string_member (json_array_get_object_element (tickets, 0),
                                                                 "number")));

  while (TRUE)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) body = loket_test_body ("counter", "1", NULL);
      g_autoptr(JsonObject) next = loket_client_request (f->clerk, "CALL", body, &error);

      if (next == NULL)
        {
          g_assert_error (error, LOKET_ERROR, LOKET_ERROR_EMPTY);
          break;
        }
      g_string_append_printf (called, "%s%s", called->len ? "," : "",
                              number_of (json_object_get_object_member (next, "ticket")));
      DO (f->clerk, "START", "counter", "1");
      DO (f->clerk, "FINISH", "counter", "1");
    }
  g_test_message ("queue %s; arrival %s", queued, by_arrival);
  g_assert_cmpstr (queued, ==, called->str);
  /* The ratio really wove the priority tickets in: not arrival order. */
  g_assert_cmpstr (called->str, !=, by_arrival);
  g_clear_pointer (&reply, json_object_unref);
  reply = loket_test_request (f->clerk, "QUEUE", "counter", "1", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "tickets")), ==, 0);
}

/* A small day at counter 1: served, absent after the recalls, transferred,
 * an incomplete one, and a pause. */
static void
test_figures_of_the_day (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) paused = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *figures;

  for (guint i = 0; i < 4; i++)
    g_free (issue (f, "ktp", NULL));
  g_free (call (f, "1"));
  DO (f->clerk, "START", "counter", "1");
  DO (f->clerk, "FINISH", "counter", "1");

  g_free (call (f, "1"));
  DO (f->clerk, "RECALL", "counter", "1");
  assert_refused (f->clerk, "NOSHOW", loket_test_body ("counter", "1", NULL), LOKET_ERROR_STATE);
  DO (f->clerk, "RECALL", "counter", "1");
  DO (f->clerk, "NOSHOW", "counter", "1");

  g_free (call (f, "1"));
  DO (f->clerk, "START", "counter", "1");
  DO (f->clerk, "TRANSFER", "counter", "1", "service", "akta", "reason", "needs a birth certificate");

  g_free (call (f, "1"));
  DO (f->clerk, "START", "counter", "1");
  DO (f->clerk, "FINISH", "counter", "1", "outcome", "incomplete");

  DO (f->clerk, "PAUSE", "counter", "1", "reason", "prayer");
  paused = loket_test_request (f->clerk, "QUEUE", "counter", "1", NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (paused, "figures"),
                                               "pause_usec"), >, 0);
  resumed = loket_test_request (f->clerk, "RESUME", "counter", "1", NULL);

  reply = loket_test_request (f->clerk, "QUEUE", "counter", "1", NULL);
  figures = json_object_get_object_member (reply, "figures");
  g_assert_cmpint (json_object_get_int_member (figures, "called"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (figures, "served"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (figures, "finished"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (figures, "noshows"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (figures, "transferred"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (figures, "mean_service_usec"), >, 0);
  g_assert_cmpint (json_object_get_int_member (figures, "wait_breaches"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (figures, "service_breaches"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (figures, "pause_usec"), ==,
                   json_object_get_int_member (json_object_get_object_member (resumed, "counter"),
                                               "pause_total"));
  /* Counter 1 does not serve akta: the transferred ticket left its queue. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "tickets")), ==, 0);
  g_clear_pointer (&reply, json_object_unref);
  reply = loket_test_request (f->clerk, "QUEUE", "counter", "2", NULL);
  figures = json_object_get_object_member (reply, "figures");
  g_assert_cmpint (json_object_get_int_member (figures, "called"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "tickets")), ==, 1);
}

/* ---- COUNTER_SERVICES -------------------------------------------------- */

static void
test_counter_services (Fixture *f, gconstpointer data)
{
  Awaited set = { "COUNTER_SERVICES", NULL, FALSE };
  g_autoptr(LoketSubscriber) sub = subscribe (f, &set);
  g_autofree char *ktp = issue (f, "ktp", NULL);
  g_autofree char *kk = issue (f, "kk", NULL);
  g_autofree char *out = NULL;
  g_autofree char *now = NULL;
  g_autofree char *before = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *called = NULL;
  g_autoptr(JsonObject) queue = NULL;
  g_autoptr(JsonObject) snapshot = NULL;
  g_autoptr(JsonObject) reset_body = services_body ("1", "kk,ktp");
  g_autoptr(JsonObject) reset = NULL;
  g_autoptr(GError) error = NULL;

  assert_refused (f->clerk, "COUNTER_SERVICES", services_body ("1", "kk"), LOKET_ERROR_DENIED);
  assert_refused (f->super, "COUNTER_SERVICES", services_body ("1", "kk,passport"), LOKET_ERROR_NOT_FOUND);
  assert_refused (f->super, "COUNTER_SERVICES", services_body ("9", "kk"), LOKET_ERROR_NOT_FOUND);
  assert_refused (f->super, "COUNTER_SERVICES", services_body ("1", ""), LOKET_ERROR_INVALID);
  assert_refused (f->super, "COUNTER_SERVICES", services_body ("1", "kk,kk"), LOKET_ERROR_INVALID);
  assert_refused (f->super, "COUNTER_SERVICES", loket_test_body ("counter", "1", "services", "kk", NULL),
                  LOKET_ERROR_INVALID);

  out = loket_test_server_ctl (f->server, "super", "counter-services", "1", "kk",
                               "--reason", "the KK queue is long", NULL);
  g_assert_cmpstr (out, ==, "counter 1 calls kk\n");
  g_assert_true (loket_test_wait_for (&set.seen, 10000));
  before = strv_of_json (json_object_get_array_member (set.event, "previous_services"));
  now = strv_of_json (json_object_get_array_member (set.event, "services"));
  g_assert_cmpstr (before, ==, "ktp,kk");
  g_assert_cmpstr (now, ==, "kk");
  g_assert_cmpstr (json_object_get_string_member (set.event, "reason"), ==, "the KK queue is long");
  g_assert_cmpstr (json_object_get_string_member (set.event, "actor"), ==, "super");

  queue = loket_test_request (f->clerk, "QUEUE", "counter", "1", NULL);
  listed = queue_numbers (queue);
  g_assert_cmpstr (listed, ==, kk);
  snapshot = loket_test_request (f->kiosk, "SNAPSHOT", NULL);
  g_clear_pointer (&now, g_free);
  now = counter_services_of (loket_json_find_by_id (snapshot, "counters", "1"));
  g_assert_cmpstr (now, ==, "kk");
  /* The earlier ktp ticket would be first, but counter 1 now calls kk. */
  called = call (f, "1");
  g_assert_cmpstr (called, ==, kk);
  DO (f->clerk, "START", "counter", "1");
  DO (f->clerk, "FINISH", "counter", "1");

  /* Back to the charter's list, named in another order. */
  reset = loket_client_request (f->super, "COUNTER_SERVICES", reset_body, &error);
  g_assert_no_error (error);
  g_clear_pointer (&now, g_free);
  now = counter_services_of (json_object_get_object_member (reset, "counter"));
  g_assert_cmpstr (now, ==, "ktp,kk");
  g_clear_pointer (&called, g_free);
  called = call (f, "1");
  g_assert_cmpstr (called, ==, ktp);
  g_clear_pointer (&set.event, json_object_unref);
}

/* ---- clerks ------------------------------------------------------------ */

/* The head signs in at the supervisor's key, whose staff requests are
 * then theirs.  loketctl --by signs whoever it names in and out of the
 * same key, so a test signs the head in again after it. */
static void
head_signs_in (Fixture *f)
{
  DO (f->super, "LOGIN", "clerk", LOKET_TEST_HEAD, "pin", LOKET_TEST_HEAD_PIN);
}

static void
test_clerk_remove_and_passwd (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *log = NULL;

  loket_test_server_add_staff (f->server, "siti", "Siti Rahma", "482913", "clerk");
  DO (f->clerk, "LOGIN", "counter", "1", "clerk", "siti", "pin", "482913");
  head_signs_in (f);
  assert_refused (f->super, "CLERK_REMOVE", loket_test_body ("clerk", "siti", NULL), LOKET_ERROR_STATE);
  assert_refused (f->clerk, "CLERK_REMOVE", loket_test_body ("clerk", "siti", NULL), LOKET_ERROR_DENIED);

  /* A new PIN, the name kept; only for a clerk who exists.  `clerk` is
   * `staff` under its older name, and keeps its lines. */
  out = loket_test_server_ctl (f->server, "super", "--by", LOKET_TEST_HEAD, "--by-pin", LOKET_TEST_HEAD_PIN,
                               "clerk", "passwd", "siti", "--pin", "735190", NULL);
  g_assert_cmpstr (out, ==, "clerk siti has a new PIN\n");
  assert_refused (f->clerk, "LOGIN", loket_test_body ("counter", "2", "clerk", "siti", "pin", "482913", NULL),
                  LOKET_ERROR_AUTH);
  DO (f->clerk, "LOGIN", "counter", "2", "clerk", "siti", "pin", "735190");
  head_signs_in (f);
  assert_refused (f->super, "CLERK_SET", loket_test_body ("clerk", "nobody", "pin", "735190", NULL),
                  LOKET_ERROR_NOT_FOUND);

  /* Logged in at two counters now: both must close first. */
  DO (f->clerk, "LOGOUT", "counter", "1");
  assert_refused (f->super, "CLERK_REMOVE", loket_test_body ("clerk", "siti", NULL), LOKET_ERROR_STATE);
  DO (f->clerk, "LOGOUT", "counter", "2");
  g_clear_pointer (&out, g_free);
  out = loket_test_server_ctl (f->server, "super", "--by", LOKET_TEST_HEAD, "--by-pin", LOKET_TEST_HEAD_PIN,
                               "staff", "remove", "siti", NULL);
  g_assert_cmpstr (out, ==, "siti removed\n");
  head_signs_in (f);
  assert_refused (f->super, "CLERK_REMOVE", loket_test_body ("clerk", "siti", NULL), LOKET_ERROR_NOT_FOUND);
  assert_refused (f->clerk, "LOGIN", loket_test_body ("counter", "1", "clerk", "siti", "pin", "735190", NULL),
                  LOKET_ERROR_AUTH);

  /* Wrong PINs are logged, the PINs themselves never. */
  g_assert_true (g_file_get_contents (f->server->log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "wrong PIN"));
  g_assert_null (strstr (log, "482913"));
  g_assert_null (strstr (log, "735190"));
}

/* A clerk taking over a counter from another: allowed, and the event
 * names whom the counter was handed over from. */
static void
test_handover (Fixture *f, gconstpointer data)
{
  Awaited login = { "LOGGED_IN", NULL, FALSE };
  g_autoptr(LoketSubscriber) sub = subscribe (f, &login);
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *counter;

  loket_test_server_add_staff (f->server, "siti", "Siti Rahma", "482913", "clerk");
  loket_test_server_add_staff (f->server, "budi", "Budi Santoso", "7777", "clerk");
  g_free (issue (f, "kk", NULL));

  DO (f->clerk, "LOGIN", "counter", "2", "clerk", "siti", "pin", "482913");
  g_assert_true (loket_test_wait_for (&login.seen, 10000));
  g_assert_true (json_object_has_member (login.event, "handover_from"));
  g_assert_null (loket_json_optional_string (login.event, "handover_from"));
  g_free (call (f, "2"));

  login.seen = FALSE;
  reply = loket_test_request (f->clerk, "LOGIN", "counter", "2", "clerk", "budi", "pin", "7777", NULL);
  counter = json_object_get_object_member (reply, "counter");
  g_assert_cmpstr (json_object_get_string_member (counter, "clerk"), ==, "budi");
  g_assert_cmpint (json_object_get_int_member (counter, "current_ticket"), >, 0);
  g_assert_true (loket_test_wait_for (&login.seen, 10000));
  g_assert_cmpstr (loket_json_optional_string (login.event, "handover_from"), ==, "siti");
  g_assert_cmpstr (json_object_get_string_member (login.event, "actor"), ==, "budi");
  g_assert_cmpstr (json_object_get_string_member (login.event, "clerk_name"), ==, "Budi Santoso");
  /* The ticket in hand goes on with the new clerk. */
  DO (f->clerk, "START", "counter", "2");
  g_clear_pointer (&login.event, json_object_unref);
}

/* ---- supervisors --------------------------------------------------------- */

/* A supervisor's key is the authority; signing in with a PIN names the
 * person, and the device's acts are then recorded under them.  An act that
 * names a supervisor who is not signed in there is refused, never
 * recorded under a guess. */
static void
test_supervisor_sign_in (Fixture *f, gconstpointer data)
{
  g_autofree char *first = issue (f, "ktp", NULL);
  g_autofree char *second = issue (f, "ktp", NULL);
  g_autofree char *actor = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;

  loket_test_server_add_staff (f->server, "rina", "Rina Kepala Seksi", "9153", "supervisor");
  /* Without a sign-in the key itself is the actor (loketctl). */
  DO (f->super, "VOID", "ticket", first, "reason", "duplicate");
  actor = loket_test_server_last_actor (f->server, "VOIDED", NULL);
  g_assert_cmpstr (actor, ==, "super");

  assert_refused (f->super, "VOID", loket_test_body ("ticket", second, "reason", "left",
                                                     "supervisor", "rina", NULL), LOKET_ERROR_AUTH);
  assert_refused (f->super, "LOGIN", loket_test_body ("clerk", "rina", "pin", "0000", NULL), LOKET_ERROR_AUTH);
  /* A counter's key cannot sign in as a supervisor: LOGIN needs a counter. */
  assert_refused (f->clerk, "LOGIN", loket_test_body ("clerk", "rina", "pin", "9153", NULL), LOKET_ERROR_INVALID);
  reply = loket_test_request (f->super, "LOGIN", "clerk", "rina", "pin", "9153", NULL);
  g_assert_cmpstr (json_object_get_string_member (reply, "clerk_name"), ==, "Rina Kepala Seksi");
  g_clear_pointer (&actor, g_free);
  actor = loket_test_server_last_actor (f->server, "SUPERVISOR_IN", NULL);
  g_assert_cmpstr (actor, ==, "rina");

  DO (f->super, "VOID", "ticket", second, "reason", "citizen left", "supervisor", "rina");
  g_clear_pointer (&actor, g_free);
  actor = loket_test_server_last_actor (f->server, "VOIDED", NULL);
  g_assert_cmpstr (actor, ==, "rina");
  body = services_body ("3", "akta");
  json_object_set_string_member (body, "supervisor", "rina");
  json_object_unref (loket_client_request (f->super, "COUNTER_SERVICES", body, &error));
  g_assert_no_error (error);
  g_clear_pointer (&actor, g_free);
  actor = loket_test_server_last_actor (f->server, "COUNTER_SERVICES", NULL);
  g_assert_cmpstr (actor, ==, "rina");
  g_clear_pointer (&actor, g_free);

  DO (f->super, "LOGOUT");
  actor = loket_test_server_last_actor (f->server, "SUPERVISOR_OUT", NULL);
  g_assert_cmpstr (actor, ==, "rina");
  assert_refused (f->super, "LOGOUT", json_object_new (), LOKET_ERROR_STATE);
  assert_refused (f->super, "VOID", loket_test_body ("ticket", second, "reason", "again",
                                                     "supervisor", "rina", NULL), LOKET_ERROR_AUTH);
}

/* loketctl's stderr, for the hints it prints beside a result. */
static char *
ctl_stderr (Fixture *f, const char *who, const char *first, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  char *err = NULL;
  va_list list;

  g_ptr_array_add (args, "--server");
  g_ptr_array_add (args, f->server->listen);
  g_ptr_array_add (args, "--keys");
  g_ptr_array_add (args, f->server->keys_dir);
  g_ptr_array_add (args, "--as");
  g_ptr_array_add (args, (gpointer) who);
  va_start (list, first);
  for (const char *a = first; a != NULL; a = va_arg (list, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (list);
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (loket_test_ctl_argv ((const char * const *) args->pdata, NULL, &err), ==, 0);
  return err;
}

/* Staff roles.  Until the office has a head, loketd says so and the
 * supervisor's key may appoint the first head and nothing else; then the
 * staff are the head's.  A clerk's right PIN does not open a supervisor's
 * device; a supervisor made a clerk (by the head at another PC) can do
 * nothing more there from that moment; the last head stays. */
static void
test_staff_roles (Fixture *f, gconstpointer data)
{
  g_autofree char *first = issue (f, "ktp", NULL);
  g_autoptr(LoketClient) office_pc = loket_test_server_client (f->server, "super2");
  g_autofree char *log = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *list = NULL;
  g_autofree char *actor = NULL;
  g_autoptr(JsonObject) clerk_sign_in = loket_test_body ("clerk", "siti", "pin", "2468", NULL);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (f->server->log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "no supervisor and no head of office"));
  hint = ctl_stderr (f, "super", "staff", "list", NULL);
  g_assert_nonnull (strstr (hint, "staff add ID NAME --role head --pin PIN"));
  assert_refused (f->super, "CLERK_SET", loket_test_body ("clerk", "siti", "name", "Siti Rahma", "pin", "2468", NULL),
                  LOKET_ERROR_STAFF_ROLE);
  DO (f->super, "CLERK_SET", "clerk", LOKET_TEST_HEAD, "name", "Kepala Kantor", "pin", LOKET_TEST_HEAD_PIN,
      "role", "head");
  assert_refused (f->super, "CLERK_SET", loket_test_body ("clerk", "lain", "name", "Kepala Lain", "pin", "1111",
                                                          "role", "head", NULL), LOKET_ERROR_STAFF_ROLE);

  head_signs_in (f);
  DO (f->super, "CLERK_SET", "clerk", "siti", "name", "Siti Rahma", "pin", "2468");
  DO (f->super, "CLERK_SET", "clerk", "rina", "name", "Rina Wulandari", "pin", "9153", "role", "supervisor");
  /* A role changes by CLERK_ROLE only; the last head stays one. */
  assert_refused (f->super, "CLERK_SET", loket_test_body ("clerk", "siti", "name", "Siti", "pin", "2468",
                                                          "role", "supervisor", NULL), LOKET_ERROR_STATE);
  assert_refused (f->super, "CLERK_ROLE", loket_test_body ("clerk", LOKET_TEST_HEAD, "role", "clerk", NULL),
                  LOKET_ERROR_STATE);
  assert_refused (f->super, "CLERK_REMOVE", loket_test_body ("clerk", LOKET_TEST_HEAD, NULL), LOKET_ERROR_STATE);
  DO (f->super, "LOGOUT");

  /* The clerk's PIN is right, and still no sign-in here. */
  g_assert_null (loket_client_request (f->super, "LOGIN", clerk_sign_in, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STAFF_ROLE);
  g_assert_nonnull (strstr (error->message, "siti is a clerk"));
  g_clear_error (&error);
  actor = loket_test_server_last_actor (f->server, "SUPERVISOR_IN", NULL);
  g_assert_cmpstr (actor, ==, LOKET_TEST_HEAD);

  /* A supervisor signs in, may not manage the staff, and is made a clerk. */
  reply = loket_test_request (f->super, "LOGIN", "clerk", "rina", "pin", "9153", NULL);
  g_assert_cmpstr (json_object_get_string_member (reply, "role"), ==, "supervisor");
  assert_refused (f->super, "CLERK_ROLE", loket_test_body ("clerk", "siti", "role", "supervisor", NULL),
                  LOKET_ERROR_STAFF_ROLE);
  DO (office_pc, "LOGIN", "clerk", LOKET_TEST_HEAD, "pin", LOKET_TEST_HEAD_PIN);
  DO (office_pc, "CLERK_ROLE", "clerk", "rina", "role", "clerk");
  g_clear_pointer (&actor, g_free);
  actor = loket_test_server_last_actor (f->server, "CLERK_ROLE", "\"previous_role\":\"supervisor\"");
  g_assert_cmpstr (actor, ==, LOKET_TEST_HEAD);
  assert_refused (f->super, "VOID", loket_test_body ("ticket", first, "reason", "left", "supervisor", "rina", NULL),
                  LOKET_ERROR_STAFF_ROLE);
  /* Reading the office does not depend on who is there. */
  status = loket_test_request (f->super, "STATUS", NULL);
  DO (office_pc, "LOGOUT");

  list = loket_test_server_ctl (f->server, "super2", "staff", "list", NULL);
  g_assert_nonnull (strstr (list, "kepala       head       Kepala Kantor\n"));
  g_assert_nonnull (strstr (list, "rina         clerk      Rina Wulandari\n"));
  g_assert_nonnull (strstr (list, "siti         clerk      Siti Rahma\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/counter-server/queue/calling-order", test_queue_is_calling_order);
  ADD ("/counter-server/queue/figures", test_figures_of_the_day);
  ADD ("/counter-server/counter-services", test_counter_services);
  ADD ("/counter-server/clerks/remove-and-passwd", test_clerk_remove_and_passwd);
  ADD ("/counter-server/clerks/handover", test_handover);
  ADD ("/counter-server/supervisor/sign-in", test_supervisor_sign_in);
  ADD ("/counter-server/staff/roles", test_staff_roles);
#undef ADD
  return g_test_run ();
}
