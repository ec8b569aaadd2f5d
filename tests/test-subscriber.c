/* test-subscriber.c — the Clone pattern against a real loketd: a late
 * subscriber starts from the snapshot, events come once and in order, a
 * subscriber that missed events resyncs, and a stopped server is reported
 * offline within the heartbeat limit and online again when it returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-test-server.h"

#include <signal.h>

static LoketTestServer *server;

typedef struct {
  GArray     *seqs;        /* every event seq delivered, in order */
  JsonObject *snapshot;    /* the latest snapshot */
  guint       n_snapshots;
  gboolean    got_snapshot;
  gboolean    got_event;
} Recorder;

static void
on_snapshot (LoketSubscriber *sub, JsonObject *snapshot, Recorder *r)
{
  g_clear_pointer (&r->snapshot, json_object_unref);
  r->snapshot = json_object_ref (snapshot);
  r->n_snapshots++;
  r->got_snapshot = TRUE;
}

static void
on_event (LoketSubscriber *sub, const char *type, JsonObject *event, Recorder *r)
{
  gint64 seq = json_object_get_int_member (event, "seq");

  g_array_append_val (r->seqs, seq);
  r->got_event = TRUE;
}

static LoketSubscriber *
recorded_subscriber (Recorder *r)
{
  LoketSubscriber *sub = loket_test_server_subscriber (server, "display1");

  r->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (sub, "snapshot", G_CALLBACK (on_snapshot), r);
  g_signal_connect (sub, "event", G_CALLBACK (on_event), r);
  return sub;
}

static void
recorder_clear (Recorder *r)
{
  g_array_unref (r->seqs);
  g_clear_pointer (&r->snapshot, json_object_unref);
}

static gint64
server_seq (void)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) status = loket_test_request (super, "STATUS", NULL);

  return json_object_get_int_member (status, "seq");
}

static void
issue (LoketClient *kiosk, guint n)
{
  for (guint i = 0; i < n; i++)
    json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL));
}

/* Waits until the subscriber holds the state of @seq. */
static gboolean
wait_seq (LoketSubscriber *sub, gint64 seq, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (loket_subscriber_get_seq (sub) < seq && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return loket_subscriber_get_seq (sub) == seq;
}

static void
assert_in_order_once (GArray *seqs)
{
  for (guint i = 1; i < seqs->len; i++)
    g_assert_cmpint (g_array_index (seqs, gint64, i), ==, g_array_index (seqs, gint64, i - 1) + 1);
}

/* Joining after the fact: the snapshot has what happened before. */
static void
test_late_subscriber_gets_snapshot (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketSubscriber) sub = NULL;
  Recorder r = { 0 };
  gint64 seq;

  issue (kiosk, 3);
  seq = server_seq ();
  sub = recorded_subscriber (&r);
  g_assert_true (loket_test_wait_for (&r.got_snapshot, 20000));
  g_assert_cmpint (json_object_get_int_member (r.snapshot, "seq"), ==, seq);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r.snapshot, "waiting")), >=, 3);
  g_assert_true (loket_test_wait_online (sub, TRUE, 10000));

  /* And from there on, events, each once, in order. */
  issue (kiosk, 5);
  g_assert_true (wait_seq (sub, seq + 5, 20000));
  g_assert_cmpuint (r.seqs->len, ==, 5);
  g_assert_cmpint (g_array_index (r.seqs, gint64, 0), ==, seq + 1);
  assert_in_order_once (r.seqs);
  recorder_clear (&r);
}

/* Events published while the subscriber was not connected are noticed
 * (the heartbeat carries the seq) and recovered by a new snapshot. */
static void
test_missed_events_resync (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketSubscriber) sub = NULL;
  g_autoptr(GError) error = NULL;
  Recorder r = { 0 };
  guint resyncs;
  gint64 seq;

  sub = recorded_subscriber (&r);
  g_assert_true (loket_test_wait_online (sub, TRUE, 20000));
  resyncs = loket_subscriber_get_resyncs (sub);

  loket_subscriber_disconnect (sub);
  issue (kiosk, 4);   /* published while this subscriber was away */
  seq = server_seq ();
  g_assert_true (loket_subscriber_reconnect (sub, &error));
  g_assert_true (wait_seq (sub, seq, 20000));
  g_assert_cmpuint (loket_subscriber_get_resyncs (sub), >, resyncs);
  g_assert_cmpint (json_object_get_int_member (r.snapshot, "seq"), <=, seq);
  assert_in_order_once (r.seqs);
  recorder_clear (&r);
}

/* SIGSTOP: the server is there but silent.  Offline within the limit
 * (3 s without a word, checked every 250 ms; the slack is for a busy
 * machine), then online again after SIGCONT. */
static void
test_stopped_server_goes_offline (void)
{
  g_autoptr(LoketSubscriber) sub = loket_test_server_subscriber (server, "display1");
  gint64 stopped_at, offline_after;

  g_assert_true (loket_test_wait_online (sub, TRUE, 20000));
  loket_test_server_signal (server, SIGSTOP);
  stopped_at = g_get_monotonic_time ();
  g_assert_true (loket_test_wait_online (sub, FALSE, 10000));
  offline_after = (g_get_monotonic_time () - stopped_at) / 1000;
  g_test_message ("offline reported %" G_GINT64_FORMAT " ms after SIGSTOP", offline_after);
  g_assert_cmpint (offline_after, <=, LOKET_SUBSCRIBER_OFFLINE_MS + 250 + 1500);
  loket_test_server_signal (server, SIGCONT);
  g_assert_true (loket_test_wait_online (sub, TRUE, 20000));
}

/* A restarted server: the subscriber resyncs, and no event is delivered
 * twice (a display would announce it twice). */
static void
test_restart_resyncs_without_repeats (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketSubscriber) sub = NULL;
  Recorder r = { 0 };
  gint64 seq;

  sub = recorded_subscriber (&r);
  g_assert_true (loket_test_wait_online (sub, TRUE, 20000));
  issue (kiosk, 2);
  g_assert_true (wait_seq (sub, server_seq (), 20000));
  loket_test_server_stop (server);
  g_assert_true (loket_test_wait_online (sub, FALSE, 10000));
  loket_test_server_start (server);
  g_assert_true (loket_test_wait_online (sub, TRUE, 20000));
  g_clear_object (&kiosk);
  kiosk = loket_test_server_client (server, "kiosk1");
  issue (kiosk, 2);
  seq = server_seq ();
  g_assert_true (wait_seq (sub, seq, 20000));
  assert_in_order_once (r.seqs);
  g_assert_cmpuint (r.n_snapshots, >=, 2);
  recorder_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  g_test_add_func ("/subscriber/late-gets-snapshot", test_late_subscriber_gets_snapshot);
  g_test_add_func ("/subscriber/missed-events-resync", test_missed_events_resync);
  g_test_add_func ("/subscriber/stopped-server-offline", test_stopped_server_goes_offline);
  g_test_add_func ("/subscriber/restart-resyncs-without-repeats", test_restart_resyncs_without_repeats);
  return loket_test_run_with_server (server);
}
