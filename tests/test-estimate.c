/* test-estimate.c — the estimated wait replays the routing: counters
 * sharing a queue, a busy counter, the priority ratio, a queue read only
 * in part, the range, and a queue nobody serves (docs/routing.md,
 * "The estimated wait").  The simulator's figure of how often the call
 * comes within the estimate is checked in test-simulator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-estimate.h"

#define MIN_USEC (60 * (gint64) G_USEC_PER_SEC)
#define NOW (600 * MIN_USEC)

static const char * const ktp[] = { "ktp", NULL };
static const char * const ktp_kk[] = { "ktp", "kk", NULL };

typedef struct {
  LoketCharter         *charter;
  LoketQueueHead        heads[4][64];
  LoketEstimateQueue    queues[4];   /* ktp regular, ktp priority, kk regular, kk priority */
  LoketEstimateCounter  counters[4];
  guint                 n_counters;
} Office;

static void
office_init (Office *o, gint64 mean_minutes, gint64 sd_minutes)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "charter-test.ini", NULL);
  g_autoptr(GError) error = NULL;
  const char *services[] = { "ktp", "ktp", "kk", "kk" };

  *o = (Office) { 0 };
  o->charter = loket_charter_new_from_file (path, &error);
  g_assert_no_error (error);
  for (guint q = 0; q < 4; q++)
    o->queues[q] = (LoketEstimateQueue) { services[q], q % 2 == 1, o->heads[q], 0, 0,
                                          mean_minutes * MIN_USEC, sd_minutes * MIN_USEC };
}

static void
office_clear (Office *o)
{
  g_clear_object (&o->charter);
}

/* @n citizens join queue @q, the first @minutes_ago minutes ago, a minute apart. */
static void
join (Office *o, guint q, guint n, gint64 minutes_ago)
{
  static gint64 next_id = 1;

  for (guint i = 0; i < n; i++)
    {
      LoketEstimateQueue *queue = &o->queues[q];

      g_assert_cmpuint (queue->n_first, <, G_N_ELEMENTS (o->heads[q]));
      o->heads[q][queue->n_first++] = (LoketQueueHead) {
        next_id++, NOW - (minutes_ago - i) * MIN_USEC, queue->service, queue->priority
      };
      queue->length++;
    }
}

static void
open_counter (Office *o, const char * const *services, gint64 busy_minutes)
{
  o->counters[o->n_counters++] = (LoketEstimateCounter) { services, NULL, { 0 }, NOW + busy_minutes * MIN_USEC };
}

static LoketEstimate
estimate (Office *o, LoketRoutingPolicy policy, guint q, guint position)
{
  LoketEstimate e;

  g_assert_true (loket_estimate_call (o->charter, policy, o->counters, o->n_counters, o->queues, 4, q,
                                      position, NOW, &e));
  return e;
}

/* One counter, three ahead, ten minutes each and no spread: thirty
 * minutes, exactly; the head is called now. */
static void
test_one_counter (void)
{
  Office o;
  LoketEstimate e;

  office_init (&o, 10, 0);
  join (&o, 0, 3, 30);
  open_counter (&o, ktp, 0);
  e = estimate (&o, LOKET_ROUTING_FIFO, 0, 4);
  g_assert_cmpint (e.expected, ==, 30 * MIN_USEC);
  g_assert_cmpint (e.low, ==, e.expected);
  g_assert_cmpint (e.high, ==, e.expected);
  g_assert_cmpuint (e.calls, ==, 3);
  g_assert_cmpint (estimate (&o, LOKET_ROUTING_FIFO, 0, 1).expected, ==, 0);
  g_assert_cmpuint (loket_estimate_minutes (e.high), ==, 30);
  g_assert_cmpuint (loket_estimate_minutes (e.high + 1), ==, 31);
  office_clear (&o);
}

/* Two counters share the queue, one busy for five more minutes. */
static void
test_counters_share (void)
{
  Office o;

  office_init (&o, 10, 0);
  join (&o, 0, 3, 30);
  open_counter (&o, ktp, 0);
  open_counter (&o, ktp, 5);
  /* 0: A calls #1; 5: B calls #2; 10: A calls #3; 15: B calls the new one. */
  g_assert_cmpint (estimate (&o, LOKET_ROUTING_FIFO, 0, 4).expected, ==, 15 * MIN_USEC);
  office_clear (&o);
}

/* The charter's ratio is 2:1 (two regular, then one priority, priority
 * first): a priority citizen overtakes regular ones who came earlier,
 * which FIFO's order by arrival does not.  A minute each, so nobody is
 * overdue (ktp promises 30) and the ratio alone decides. */
static void
test_priority_ratio (void)
{
  Office o;

  office_init (&o, 1, 0);
  join (&o, 0, 10, 20);   /* regular, arrived first */
  join (&o, 1, 4, 5);     /* priority, arrived later */
  open_counter (&o, ktp, 0);
  /* FIFO: all fourteen before the new priority citizen. */
  g_assert_cmpint (estimate (&o, LOKET_ROUTING_FIFO, 1, 5).expected, ==, 14 * MIN_USEC);
  /* P R R P R R P R R P R R, then the new one: twelve before it. */
  g_assert_cmpint (estimate (&o, LOKET_ROUTING_PRIORITY_RATIO, 1, 5).expected, ==, 12 * MIN_USEC);
  /* The priority head is called first; the regular head second. */
  g_assert_cmpint (estimate (&o, LOKET_ROUTING_PRIORITY_RATIO, 1, 1).expected, ==, 0);
  g_assert_cmpint (estimate (&o, LOKET_ROUTING_PRIORITY_RATIO, 0, 1).expected, ==, 1 * MIN_USEC);
  /* A regular joining now comes after everyone: fourteen. */
  g_assert_cmpint (estimate (&o, LOKET_ROUTING_PRIORITY_RATIO, 0, 11).expected, ==, 14 * MIN_USEC);
  office_clear (&o);
}

/* Nobody at an open counter serves kk: no estimate. */
static void
test_nobody_serves (void)
{
  Office o;
  LoketEstimate e;

  office_init (&o, 10, 0);
  join (&o, 2, 2, 10);
  open_counter (&o, ktp, 0);
  g_assert_false (loket_estimate_call (o.charter, LOKET_ROUTING_FIFO, o.counters, o.n_counters, o.queues, 4,
                                       2, 3, NOW, &e));
  o.n_counters = 0;
  open_counter (&o, ktp_kk, 0);
  g_assert_cmpint (estimate (&o, LOKET_ROUTING_FIFO, 2, 3).expected, ==, 20 * MIN_USEC);
  office_clear (&o);
}

/* A queue of 2,000 of which the caller read forty, one counter at a
 * minute each: the replay stops at its bound and extrapolates at the
 * pace it measured — within one per cent of the exact 2,000 minutes. */
static void
test_long_queue (void)
{
  Office o;
  LoketEstimate e;

  office_init (&o, 1, 0);
  join (&o, 0, 40, 3000);
  o.queues[0].length = 2000;
  open_counter (&o, ktp, 0);
  e = estimate (&o, LOKET_ROUTING_FIFO, 0, 2001);
  g_assert_cmpint (e.expected, >=, 1980 * MIN_USEC);
  g_assert_cmpint (e.expected, <=, 2020 * MIN_USEC);
  g_assert_cmpuint (e.calls, ==, 2000);
  office_clear (&o);
}

/* Service times vary: the range is around the expected time, wider the
 * more services come before the call, and shown only when it is wide. */
static void
test_range (void)
{
  Office o;
  LoketEstimate near, far;

  office_init (&o, 10, 10);
  join (&o, 0, 30, 60);
  open_counter (&o, ktp, 0);
  near = estimate (&o, LOKET_ROUTING_FIFO, 0, 2);
  far = estimate (&o, LOKET_ROUTING_FIFO, 0, 31);
  g_assert_cmpint (near.low, <=, near.expected);
  g_assert_cmpint (near.high, >=, near.expected);
  g_assert_cmpint (far.expected, ==, 300 * MIN_USEC);
  g_assert_cmpint (far.high - far.low, >, near.high - near.low);
  /* 1.28 σ each side, σ = 10 min × √30. */
  g_assert_cmpint (far.high - far.expected, >=, 70 * MIN_USEC);
  g_assert_cmpint (far.high - far.expected, <=, 71 * MIN_USEC);
  g_assert_true (loket_estimate_is_wide (&far));
  g_assert_false (loket_estimate_is_wide (&(LoketEstimate) { 60 * MIN_USEC, 58 * MIN_USEC, 62 * MIN_USEC, 6 }));
  office_clear (&o);
}

/* The replay's calls themselves (what QUEUE lists): two counters, one
 * ten minutes busy, three in line — each call made by the counter free
 * first, from the head, and the counter busy for the mean time after. */
static void
test_replay_calls (void)
{
  Office o;
  g_autoptr(LoketReplay) replay = NULL;
  LoketReplayCall call;
  const struct { guint counter, index; gint64 at_minutes; } expected[] = {
    { 0, 0, 0 }, { 0, 1, 10 }, { 1, 2, 10 },   /* a tie: the lower index */
  };

  office_init (&o, 10, 0);
  join (&o, 0, 3, 30);
  open_counter (&o, ktp, 0);
  open_counter (&o, ktp, 10);
  replay = loket_replay_new (o.charter, LOKET_ROUTING_FIFO, o.counters, o.n_counters, o.queues, 4, NOW);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (loket_replay_next (replay, &call));
      g_assert_cmpuint (call.counter, ==, expected[i].counter);
      g_assert_cmpuint (call.queue, ==, 0);
      g_assert_cmpuint (call.index, ==, expected[i].index);
      g_assert_cmpint (call.at, ==, NOW + expected[i].at_minutes * MIN_USEC);
    }
  g_assert_false (loket_replay_next (replay, &call));
  office_clear (&o);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/estimate/one-counter", test_one_counter);
  g_test_add_func ("/estimate/counters-share", test_counters_share);
  g_test_add_func ("/estimate/priority-ratio", test_priority_ratio);
  g_test_add_func ("/estimate/nobody-serves", test_nobody_serves);
  g_test_add_func ("/estimate/long-queue", test_long_queue);
  g_test_add_func ("/estimate/range", test_range);
  g_test_add_func ("/estimate/replay-calls", test_replay_calls);
  return g_test_run ();
}
