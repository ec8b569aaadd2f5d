/* test-netns.c — the network between the office's devices and loketd cut
 * while requests are in flight, by a real link in a network namespace.
 *
 * loketd runs in its own namespace, joined to the test by a veth pair
 * (tests/loket-test-netns.h); kiosks, a counter and a board's subscriber
 * are on the other end.  Two faults:
 *
 *  - the link goes down in the middle of a burst of tickets and calls
 *    (twice in CI, LOKET_FAULT_ROUNDS for more): every device's deadline
 *    fires with a clear timeout, no request hangs; once the link is back
 *    each repeats its request under the same request id and gets one
 *    answer; the board goes offline and resyncs;
 *  - only loketd's replies are lost: a ticket and a call are applied but
 *    their devices never hear so; repeated under the same ids after the
 *    fault they are answered from the record, never applied twice.
 *
 * Afterwards the record holds exactly what was acknowledged — each ticket
 * once, numbers unique and gapless, each act once — and `loketctl verify`
 * passes.  Needs root; fails with the reason elsewhere (loket_test_missing).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-test-netns.h"
#include "loket-test-server.h"

#include <string.h>

#define DEFAULT_ROUNDS 2
/* The devices' patience while the link is cut: the deadline under test. */
#define PATIENCE_MS 4000
/* How late a deadline may fire on a busy machine before it counts as a
 * hang; far more than scheduling ever takes, far less than forever. */
#define LATE_MS 10000
/* Waiting for whatever must happen (a reconnect, a resync). */
#define WAIT_MS 60000

typedef enum { PHASE_RUN, PHASE_CUT, PHASE_MENDED, PHASE_STOP } Phase;

/* What the devices share with the test. */
typedef struct {
  LoketTestServer *server;
  GMutex      lock;
  GCond       changed;
  Phase       phase;
  guint       acks;        /* acknowledged acts, all devices (atomic) */
  guint       timed_out;   /* devices whose deadline fired during this cut (atomic) */
  guint       recovered;   /* of those, answered since the link came back (atomic) */
  GHashTable *tickets;     /* acknowledged ISSUEs: id (string) → "A-001" */
  GHashTable *acts;        /* acknowledged counter acts: type → count */
} Office;

typedef struct {
  Office     *office;
  const char *name;        /* its key */
  gboolean    counter;     /* a counter calling, else a kiosk issuing */
} Device;

/* The counter's round: call the next, serve, finish. */
static const char *counter_acts[] = { "CALL", "START", "FINISH" };

static void
record (Office *office, const char *type, JsonObject *reply)
{
  g_mutex_lock (&office->lock);
  if (g_str_equal (type, "ISSUE"))
    loket_test_note_ticket (office->tickets, reply);
  else
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (office->acts, type));

      g_hash_table_insert (office->acts, (gpointer) type, GUINT_TO_POINTER (n + 1));
    }
  g_atomic_int_inc (&office->acks);
  g_cond_broadcast (&office->changed);
  g_mutex_unlock (&office->lock);
}

/* The deadline fired: a clear timeout, on time.  While the link is cut,
 * the device counts itself and waits for the link to come back.  (Outside
 * a cut only a very busy machine makes a server that slow: the device
 * just repeats the act.) */
static void
timed_out (Device *device, const GError *error, gint64 started)
{
  Office *office = device->office;
  gint64 waited_ms = (g_get_monotonic_time () - started) / 1000;

  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "no answer"));
  g_assert_cmpint (waited_ms, >=, PATIENCE_MS);
  g_assert_cmpint (waited_ms, <, PATIENCE_MS + LATE_MS);
  g_mutex_lock (&office->lock);
  if (office->phase == PHASE_CUT)
    {
      g_atomic_int_inc (&office->timed_out);
      g_cond_broadcast (&office->changed);
    }
  else
    g_test_message ("%s: no answer in %d ms with the link up (a busy machine?)", device->name, PATIENCE_MS);
  while (office->phase == PHASE_CUT)
    g_cond_wait (&office->changed, &office->lock);
  g_mutex_unlock (&office->lock);
}

static gpointer
device_thread (gpointer data)
{
  Device *device = data;
  Office *office = device->office;
  g_autoptr(LoketClient) client = loket_test_server_client (office->server, device->name);
  guint step = 0;

  for (;;)
    {
      const char *type = device->counter ? counter_acts[step] : "ISSUE";
      g_autoptr(JsonObject) body = device->counter ? loket_test_body ("counter", "1", NULL)
                                                   : loket_test_body ("service", "ktp", NULL);
      g_autofree char *req_id = loket_client_new_req_id (client);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = NULL;
      gint64 started = g_get_monotonic_time ();
      gboolean stop;

      g_mutex_lock (&office->lock);
      stop = office->phase == PHASE_STOP;
      g_mutex_unlock (&office->lock);
      if (stop)
        return NULL;

      loket_client_set_timeout (client, PATIENCE_MS, 500);
      reply = loket_client_request_with_id (client, type, body, req_id, &error);
      if (reply == NULL && g_error_matches (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT))
        {
          timed_out (device, error, started);
          /* The same act again, as the apps do (LoketRetry): same id.
           * Whether or not the first copy got through, one answer. */
          g_clear_error (&error);
          loket_client_set_timeout (client, WAIT_MS, 1000);
          reply = loket_client_request_with_id (client, type, body, req_id, &error);
          g_atomic_int_inc (&office->recovered);
        }
      if (reply != NULL)
        {
          record (office, type, reply);
          step = (step + 1) % G_N_ELEMENTS (counter_acts);
          continue;
        }
      /* The counter was quicker than the kiosks: wait for a ticket. */
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_EMPTY);
      g_mutex_lock (&office->lock);
      g_cond_wait_until (&office->changed, &office->lock, g_get_monotonic_time () + G_USEC_PER_SEC);
      g_mutex_unlock (&office->lock);
    }
}

typedef struct {
  Office *office;
  guint   acks;
  guint   timed_out;
  guint   recovered;
} Until;

static gboolean
reached (gpointer data)
{
  Until *until = data;

  return (guint) g_atomic_int_get (&until->office->acks) >= until->acks &&
         (guint) g_atomic_int_get (&until->office->timed_out) >= until->timed_out &&
         (guint) g_atomic_int_get (&until->office->recovered) >= until->recovered;
}

static void
set_phase (Office *office, Phase phase)
{
  g_mutex_lock (&office->lock);
  office->phase = phase;
  if (phase == PHASE_CUT)
    {
      g_atomic_int_set (&office->timed_out, 0);
      g_atomic_int_set (&office->recovered, 0);
    }
  g_cond_broadcast (&office->changed);
  g_mutex_unlock (&office->lock);
}

/* loketd in its namespace, and a board following it. */
typedef struct {
  LoketTestNetns  *ns;       /* NULL: the case has failed */
  LoketTestServer *server;
  LoketSubscriber *sub;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *why_not = NULL;

  f->ns = loket_test_netns_new (&why_not);
  if (f->ns == NULL)
    {
      loket_test_missing ("%s", why_not);
      return;
    }
  f->server = loket_test_server_new (NULL);
  loket_test_server_in_netns (f->server, f->ns);
  loket_test_server_start (f->server);
  f->sub = loket_test_server_subscriber (f->server, "display1");
  g_assert_true (loket_test_wait_online (f->sub, TRUE, WAIT_MS));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->sub);
  g_clear_pointer (&f->server, loket_test_server_free);   /* kills a loketd still running */
  g_clear_pointer (&f->ns, loket_test_netns_free);
}

/* The board holds every event the server logged. */
static gboolean
board_caught_up (gpointer data)
{
  Fixture *f = data;

  return loket_subscriber_get_online (f->sub) &&
         loket_subscriber_get_seq (f->sub) ==
         loket_test_server_count (f->server, "SELECT COALESCE (MAX (seq), 0) FROM events");
}

/* The record holds what was acknowledged, each once. */
static void
check_record (LoketTestServer *server, GHashTable *tickets, GHashTable *acts)
{
  static const struct { const char *act; const char *event; } pairs[] = {
    { "CALL", "CALLED" }, { "START", "STARTED" }, { "FINISH", "FINISHED" },
  };
  g_autofree char *verified = NULL;

  loket_test_server_check_tickets (server, tickets);
  g_assert_cmpint (loket_test_server_count (server, "SELECT COUNT (*) FROM tickets"), ==,
                   g_hash_table_size (tickets));
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM events WHERE type = '%s'", pairs[i].event);

      g_assert_cmpint (loket_test_server_count (server, sql), ==,
                       GPOINTER_TO_UINT (g_hash_table_lookup (acts, pairs[i].act)));
    }
  verified = loket_test_server_ctl (server, "super", "verify", "--db", server->db_path, NULL);
  g_test_message ("%s", g_strstrip (verified));
}

/* ---- the link goes down mid-burst -------------------------------------- */

static void
test_link_down (Fixture *f, gconstpointer data)
{
  const char *asked = g_getenv ("LOKET_FAULT_ROUNDS");
  guint rounds = asked ? (guint) g_ascii_strtoull (asked, NULL, 10) : DEFAULT_ROUNDS;
  Device devices[] = { { NULL, "kiosk1", FALSE }, { NULL, "kiosk2", FALSE }, { NULL, "counter1", TRUE } };
  GThread *threads[G_N_ELEMENTS (devices)];
  Office office = { 0 };

  if (f->ns == NULL)
    return;
  office.server = f->server;
  g_mutex_init (&office.lock);
  g_cond_init (&office.changed);
  office.tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  office.acts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      devices[i].office = &office;
      threads[i] = g_thread_new (devices[i].name, device_thread, &devices[i]);
    }

  for (guint round = 0; round < rounds; round++)
    {
      Until burst = { &office, (guint) g_atomic_int_get (&office.acks) + (guint) g_test_rand_int_range (10, 40), 0, 0 };
      Until all_timed_out = { &office, 0, G_N_ELEMENTS (devices), 0 };
      Until all_recovered = { &office, 0, 0, G_N_ELEMENTS (devices) };
      guint resyncs;
      gint64 cut_at, mended_at;

      g_assert_true (loket_test_wait_until (reached, &burst, WAIT_MS));
      /* Each snapshot the board asks for is a resync. */
      resyncs = loket_subscriber_get_resyncs (f->sub);
      set_phase (&office, PHASE_CUT);
      loket_test_netns_set_link (f->ns, FALSE);
      cut_at = g_get_monotonic_time ();

      /* Every device's deadline fires (asserted in its thread); the
       * board notices the silence. */
      g_assert_true (loket_test_wait_online (f->sub, FALSE, WAIT_MS));
      g_assert_true (loket_test_wait_until (reached, &all_timed_out, WAIT_MS));
      g_test_message ("round %u: link down at %u acts; all %u devices timed out, board offline, "
                      "within %" G_GINT64_FORMAT " ms", round, burst.acks, all_timed_out.timed_out,
                      (g_get_monotonic_time () - cut_at) / 1000);

      loket_test_netns_set_link (f->ns, TRUE);
      mended_at = g_get_monotonic_time ();
      set_phase (&office, PHASE_MENDED);
      g_assert_true (loket_test_wait_online (f->sub, TRUE, WAIT_MS));
      g_assert_cmpuint (loket_subscriber_get_resyncs (f->sub), >, resyncs);
      /* Every device got its answer before the next cut. */
      g_assert_true (loket_test_wait_until (reached, &all_recovered, WAIT_MS));
      g_test_message ("round %u: link up; board online and every device answered within %" G_GINT64_FORMAT " ms",
                      round, (g_get_monotonic_time () - mended_at) / 1000);
      set_phase (&office, PHASE_RUN);
    }

  /* A last burst over the mended link, then stop. */
  {
    Until after = { &office, (guint) g_atomic_int_get (&office.acks) + 10, 0, 0 };

    g_assert_true (loket_test_wait_until (reached, &after, WAIT_MS));
  }
  set_phase (&office, PHASE_STOP);
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    g_thread_join (threads[i]);
  g_assert_true (loket_test_wait_until (board_caught_up, f, WAIT_MS));
  g_test_message ("%u tickets and %u acts acknowledged across %u cuts", g_hash_table_size (office.tickets),
                  office.acks - g_hash_table_size (office.tickets), rounds);

  loket_test_server_stop (f->server);
  check_record (f->server, office.tickets, office.acts);
  g_hash_table_unref (office.tickets);
  g_hash_table_unref (office.acts);
  g_mutex_clear (&office.lock);
  g_cond_clear (&office.changed);
}

/* ---- the replies are lost ---------------------------------------------- */

/* One act sent while loketd's replies are dropped. */
typedef struct {
  LoketTestServer *server;
  const char *type;
  const char *req_id;
  const char *applied_sql;   /* counts to 1 … */
  gint64      applied;       /* … this, once the server applied the act */
  gint64      started;
  gint64      waited_ms;
  gboolean    done;
  GError     *error;
} Void;

static void
on_void_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Void *v = user_data;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &v->error);

  g_assert_null (reply);
  v->waited_ms = (g_get_monotonic_time () - v->started) / 1000;
  v->done = TRUE;
}

static void
send_into_the_void (Void *v, LoketClient *client, JsonObject *body)
{
  v->started = g_get_monotonic_time ();
  loket_client_set_timeout (client, PATIENCE_MS, 500);
  loket_client_request_async (client, v->type, body, v->req_id, NULL, on_void_answer, v);
}

static gboolean
void_applied (gpointer data)
{
  Void *v = data;

  return loket_test_server_count (v->server, v->applied_sql) == v->applied;
}

/* The deadline fired, on time, with a clear timeout; yet the act reached
 * the server, which applied it. */
static void
check_void (Void *v)
{
  g_assert_true (loket_test_wait_for (&v->done, PATIENCE_MS + LATE_MS));
  g_assert_error (v->error, LOKET_ERROR, LOKET_ERROR_TIMEOUT);
  g_assert_cmpint (v->waited_ms, >=, PATIENCE_MS);
  g_assert_cmpint (v->waited_ms, <, PATIENCE_MS + LATE_MS);
  g_assert_true (loket_test_wait_until (void_applied, v, WAIT_MS));
  g_test_message ("%s %s: applied, its reply lost; the device gave up after %" G_GINT64_FORMAT " ms: %s",
                  v->type, v->req_id, v->waited_ms, v->error->message);
  g_clear_error (&v->error);
}

static void
test_replies_lost (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(LoketClient) clerk = NULL;
  g_autoptr(GHashTable) tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) acts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonObject) issue = loket_test_body ("service", "ktp", NULL);
  g_autoptr(JsonObject) call = loket_test_body ("counter", "1", NULL);
  g_autoptr(JsonObject) issued = NULL;
  g_autoptr(JsonObject) called = NULL;
  g_autofree char *issue_id = NULL;
  g_autofree char *call_id = NULL;
  Void lost_issue, lost_call;
  guint resyncs;

  if (f->ns == NULL)
    return;
  kiosk = loket_test_server_client (f->server, "kiosk1");
  clerk = loket_test_server_client (f->server, "counter1");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) reply = loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL);

      loket_test_note_ticket (tickets, reply);
    }

  /* Both acts at once, as the replies start to go nowhere: a connection
   * that stays silent for 3 s is closed by loketd's heartbeat, and the
   * reset it then sends would go nowhere too. */
  issue_id = loket_client_new_req_id (kiosk);
  call_id = loket_client_new_req_id (clerk);
  lost_issue = (Void) { f->server, "ISSUE", issue_id, "SELECT COUNT (*) FROM tickets", 3 };
  lost_call = (Void) { f->server, "CALL", call_id, "SELECT COUNT (*) FROM events WHERE type = 'CALLED'", 1 };
  resyncs = loket_subscriber_get_resyncs (f->sub);
  loket_test_netns_drop_replies (f->ns, TRUE);
  send_into_the_void (&lost_issue, kiosk, issue);
  send_into_the_void (&lost_call, clerk, call);
  check_void (&lost_issue);
  check_void (&lost_call);
  g_assert_true (loket_test_wait_online (f->sub, FALSE, WAIT_MS));
  loket_test_netns_drop_replies (f->ns, FALSE);

  /* The same acts again, under the same ids: the answers the server gave
   * the first time, from its record — the same ticket, the same call. */
  loket_client_set_timeout (kiosk, WAIT_MS, 1000);
  loket_client_set_timeout (clerk, WAIT_MS, 1000);
  issued = loket_test_request_with_id (kiosk, "ISSUE", issue, issue_id);
  called = loket_test_request_with_id (clerk, "CALL", call, call_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (issued, "ticket"), "number"),
                   ==, "A-003");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (called, "ticket"), "number"),
                   ==, "A-001");
  loket_test_note_ticket (tickets, issued);
  g_hash_table_insert (acts, "CALL", GUINT_TO_POINTER (1));

  g_assert_true (loket_test_wait_online (f->sub, TRUE, WAIT_MS));
  g_assert_cmpuint (loket_subscriber_get_resyncs (f->sub), >, resyncs);
  g_assert_true (loket_test_wait_until (board_caught_up, f, WAIT_MS));
  loket_test_server_stop (f->server);
  check_record (f->server, tickets, acts);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/netns/link-down-during-burst", Fixture, NULL, fixture_set_up, test_link_down, fixture_tear_down);
  g_test_add ("/netns/replies-lost", Fixture, NULL, fixture_set_up, test_replies_lost, fixture_tear_down);
  return g_test_run ();
}
