/* test-routing.c — the calling order is deterministic and keeps its
 * promises: FIFO, the priority ratio, and anti-starvation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-routing.h"

#define MIN_USEC (60 * (gint64) G_USEC_PER_SEC)

typedef struct {
  GArray         *queue;   /* LoketCandidate */
  LoketRatioState state;
  gint64          now;
} Office;

static void
office_init (Office *o)
{
  o->queue = g_array_new (FALSE, TRUE, sizeof (LoketCandidate));
  o->state = (LoketRatioState) { 0 };
  o->now = 1000 * MIN_USEC;
}

static void
arrive (Office *o, gint64 id, gboolean priority, gint64 minutes_ago)
{
  LoketCandidate c = { id, o->now - minutes_ago * MIN_USEC, priority, 30 * MIN_USEC };

  g_array_append_val (o->queue, c);
}

/* Calls one ticket and removes it from the queue; returns its id. */
static gint64
call (Office *o, LoketRoutingPolicy policy, guint r, guint p, LoketPickReason *reason)
{
  LoketPickReason ignored;
  gint i = loket_routing_choose (policy, r, p, (LoketCandidate *) o->queue->data, o->queue->len,
                                 o->now, &o->state, reason ? reason : &ignored);
  gint64 id;

  if (i < 0)
    return -1;
  id = g_array_index (o->queue, LoketCandidate, i).id;
  g_array_remove_index (o->queue, i);
  return id;
}

static void
test_empty (void)
{
  Office o;
  LoketPickReason reason;

  office_init (&o);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, &reason), ==, -1);
  g_assert_cmpint (reason, ==, LOKET_PICK_NONE);
  g_array_unref (o.queue);
}

static void
test_fifo_ignores_priority (void)
{
  Office o;

  office_init (&o);
  arrive (&o, 3, FALSE, 5);
  arrive (&o, 1, TRUE, 2);
  arrive (&o, 2, FALSE, 9);
  g_assert_cmpint (call (&o, LOKET_ROUTING_FIFO, 2, 1, NULL), ==, 2);
  g_assert_cmpint (call (&o, LOKET_ROUTING_FIFO, 2, 1, NULL), ==, 3);
  g_assert_cmpint (call (&o, LOKET_ROUTING_FIFO, 2, 1, NULL), ==, 1);
  g_array_unref (o.queue);
}

static void
test_fifo_ties_by_id (void)
{
  Office o;

  office_init (&o);
  arrive (&o, 7, FALSE, 1);
  arrive (&o, 5, FALSE, 1);
  g_assert_cmpint (call (&o, LOKET_ROUTING_FIFO, 2, 1, NULL), ==, 5);
  g_array_unref (o.queue);
}

/* 2 regular : 1 priority, both queues full: P R R P R R … */
static void
test_ratio_pattern (void)
{
  Office o;
  GString *pattern = g_string_new (NULL);

  office_init (&o);
  for (gint64 i = 0; i < 6; i++)
    arrive (&o, 100 + i, FALSE, 10 - i);
  for (gint64 i = 0; i < 3; i++)
    arrive (&o, 200 + i, TRUE, 5 - i);
  for (guint i = 0; i < 9; i++)
    g_string_append_c (pattern, call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, NULL) >= 200 ? 'P' : 'R');
  g_assert_cmpstr (pattern->str, ==, "PRRPRRPRR");
  g_string_free (pattern, TRUE);
  g_array_unref (o.queue);
}

static void
test_ratio_three_to_two (void)
{
  Office o;
  GString *pattern = g_string_new (NULL);

  office_init (&o);
  for (gint64 i = 0; i < 6; i++)
    arrive (&o, 100 + i, FALSE, 10 - i);
  for (gint64 i = 0; i < 4; i++)
    arrive (&o, 200 + i, TRUE, 5 - i);
  for (guint i = 0; i < 10; i++)
    g_string_append_c (pattern, call (&o, LOKET_ROUTING_PRIORITY_RATIO, 3, 2, NULL) >= 200 ? 'P' : 'R');
  g_assert_cmpstr (pattern->str, ==, "PPRRRPPRRR");
  g_string_free (pattern, TRUE);
  g_array_unref (o.queue);
}

/* Within each kind the order is arrival. */
static void
test_ratio_fifo_within_kind (void)
{
  Office o;

  office_init (&o);
  arrive (&o, 2, TRUE, 3);
  arrive (&o, 1, TRUE, 4);
  arrive (&o, 4, FALSE, 8);
  arrive (&o, 3, FALSE, 9);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, NULL), ==, 1);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, NULL), ==, 3);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, NULL), ==, 4);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, NULL), ==, 2);
  g_array_unref (o.queue);
}

/* A priority citizen arriving after a run of regulars is next. */
static void
test_ratio_after_long_regular_run (void)
{
  Office o;

  office_init (&o);
  for (gint64 i = 0; i < 5; i++)
    arrive (&o, 10 + i, FALSE, 10 - i);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, NULL), <, 100);
  arrive (&o, 100, TRUE, 0);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, NULL), ==, 100);
  g_array_unref (o.queue);
}

/* Anti-starvation: a regular citizen past the promised wait is not made
 * to wait for a priority citizen who is still within it. */
static void
test_overdue_beats_turn (void)
{
  Office o;
  LoketPickReason reason;

  office_init (&o);
  arrive (&o, 1, FALSE, 45);   /* promised 30 minutes: overdue */
  arrive (&o, 2, TRUE, 5);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, &reason), ==, 1);
  g_assert_cmpint (reason, ==, LOKET_PICK_OVERDUE);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, &reason), ==, 2);
  g_array_unref (o.queue);
}

/* When both heads are overdue, the ratio decides again. */
static void
test_both_overdue_follow_ratio (void)
{
  Office o;
  LoketPickReason reason;

  office_init (&o);
  arrive (&o, 1, FALSE, 50);
  arrive (&o, 2, TRUE, 40);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 1, &reason), ==, 2);
  g_assert_cmpint (reason, ==, LOKET_PICK_PRIORITY_TURN);
  g_array_unref (o.queue);
}

/* The guarantee, checked over many random days: while both kinds wait and
 * nobody is overdue, runs never exceed the ratio. */
static void
test_ratio_bound_random (void)
{
  GRand *rand = g_rand_new_with_seed (20261125);

  for (guint day = 0; day < 200; day++)
    {
      Office o;
      guint r = (guint) g_rand_int_range (rand, 1, 5), p = (guint) g_rand_int_range (rand, 1, 4);
      gint64 next_id = 1;
      guint run = 0;
      int last = -1;

      office_init (&o);
      for (guint step = 0; step < 200; step++)
        {
          gboolean both;
          gint64 id;
          int kind;

          while (g_rand_int_range (rand, 0, 3) == 0 || o.queue->len == 0)
            {
              gint64 n = next_id++;
              arrive (&o, n, g_rand_boolean (rand), 0);
            }
          both = FALSE;
          for (guint i = 0; i < o.queue->len; i++)
            for (guint j = 0; j < o.queue->len; j++)
              both |= g_array_index (o.queue, LoketCandidate, i).priority &&
                      !g_array_index (o.queue, LoketCandidate, j).priority;
          id = call (&o, LOKET_ROUTING_PRIORITY_RATIO, r, p, NULL);
          g_assert_cmpint (id, >, 0);
          kind = o.state.last_priority;
          run = (kind == last) ? run + 1 : 1;
          last = kind;
          if (both)
            g_assert_cmpuint (run, <=, kind ? p : r);
        }
      g_array_unref (o.queue);
    }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/routing/empty", test_empty);
  g_test_add_func ("/routing/fifo/ignores-priority", test_fifo_ignores_priority);
  g_test_add_func ("/routing/fifo/ties-by-id", test_fifo_ties_by_id);
  g_test_add_func ("/routing/ratio/pattern-2-1", test_ratio_pattern);
  g_test_add_func ("/routing/ratio/pattern-3-2", test_ratio_three_to_two);
  g_test_add_func ("/routing/ratio/fifo-within-kind", test_ratio_fifo_within_kind);
  g_test_add_func ("/routing/ratio/after-regular-run", test_ratio_after_long_regular_run);
  g_test_add_func ("/routing/anti-starvation/overdue-beats-turn", test_overdue_beats_turn);
  g_test_add_func ("/routing/anti-starvation/both-overdue", test_both_overdue_follow_ratio);
  g_test_add_func ("/routing/ratio/bound-random", test_ratio_bound_random);
  return g_test_run ();
}
