/* test-routing.c — the calling order is deterministic and keeps its
 * promises: FIFO, the priority ratio and its anti-starvation bound,
 * earliest deadline, and a counter's primary services before its
 * secondary ones (docs/routing.md states what is proved here).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-routing.h"
#include "loket-error.h"

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

/* A ticket whose service promises @promise minutes, of @rank at the
 * counter (0 primary, 1 secondary). */
static void
arrive_full (Office *o, gint64 id, gboolean priority, gint64 minutes_ago, gint64 promise, guint rank)
{
  LoketCandidate c = { id, o->now - minutes_ago * MIN_USEC, priority, promise * MIN_USEC, rank };

  g_array_append_val (o->queue, c);
}

static void
arrive (Office *o, gint64 id, gboolean priority, gint64 minutes_ago)
{
  arrive_full (o, id, priority, minutes_ago, 30, 0);
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

/* ---- anti-starvation: the bound of docs/routing.md ---------------------- */

/* A regular citizen overdue at the head, facing overdue priority citizens
 * with the ratio 2:3: called after exactly P = 3 priority calls. */
static void
test_overdue_after_p (void)
{
  Office o;
  GString *pattern = g_string_new (NULL);
  gint64 id;

  office_init (&o);
  arrive (&o, 1, FALSE, 60);
  for (gint64 i = 0; i < 6; i++)
    arrive (&o, 100 + i, TRUE, 50 - i);
  do
    {
      id = call (&o, LOKET_ROUTING_PRIORITY_RATIO, 2, 3, NULL);
      g_string_append_c (pattern, id >= 100 ? 'P' : 'R');
    }
  while (id != 1);
  g_assert_cmpstr (pattern->str, ==, "PPPR");
  g_string_free (pattern, TRUE);
  g_array_unref (o.queue);
}

/* The head of one kind, as the policy orders a kind's queue. */
static gint
test_head (Office *o, gboolean priority, gboolean by_deadline)
{
  gint best = -1;

  for (guint i = 0; i < o->queue->len; i++)
    {
      const LoketCandidate *c = &g_array_index (o->queue, LoketCandidate, i), *b;
      gint64 dc = c->arrival_at + c->promised_wait_usec, db;

      if (c->priority != priority)
        continue;
      if (best < 0)
        {
          best = (gint) i;
          continue;
        }
      b = &g_array_index (o->queue, LoketCandidate, best);
      db = b->arrival_at + b->promised_wait_usec;
      if ((by_deadline && dc != db) ? dc < db
          : (c->arrival_at != b->arrival_at ? c->arrival_at < b->arrival_at : c->id < b->id))
        best = (gint) i;
    }
  return best;
}

/* What is watched for the head of one kind while it stays the head. */
typedef struct {
  gint64 head;      /* id, or 0 */
  guint  by_turn;   /* calls of the other kind by the ratio's turn */
  guint  overdue;   /* calls of the other kind since the head was overdue */
} Watch;

/* One call, checked against the bound for both heads: the head of a kind
 * is passed by at most B calls of the other kind by the ratio's turn
 * (B = P for a regular head, R for a priority head), and by at most B
 * calls at all once it is itself overdue. */
static guint
call_and_check (Office *o, LoketRoutingPolicy policy, guint r, guint p, Watch watch[2])
{
  guint at_bound = 0;
  gboolean by_deadline = policy == LOKET_ROUTING_EARLIEST_DEADLINE;
  gboolean overdue[2] = { FALSE, FALSE };
  LoketPickReason reason;
  gint64 id;

  for (guint kind = 0; kind < 2; kind++)
    {
      gint h = test_head (o, kind, by_deadline);
      const LoketCandidate *c = h >= 0 ? &g_array_index (o->queue, LoketCandidate, h) : NULL;

      if (c == NULL || c->id != watch[kind].head)
        watch[kind] = (Watch) { c ? c->id : 0, 0, 0 };
      overdue[kind] = c != NULL && o->now - c->arrival_at > c->promised_wait_usec;
    }
  id = call (o, policy, r, p, &reason);
  g_assert_cmpint (id, >, 0);
  for (guint kind = 0; kind < 2; kind++)
    {
      guint bound = kind ? r : p;

      if (watch[kind].head == 0 || (gboolean) kind == o->state.last_priority)
        continue;
      if (reason != LOKET_PICK_OVERDUE)
        watch[kind].by_turn++;
      if (overdue[kind])
        watch[kind].overdue++;
      g_assert_cmpuint (watch[kind].by_turn, <=, bound);
      g_assert_cmpuint (watch[kind].overdue, <=, bound);
      at_bound += watch[kind].overdue == bound;
    }
  return at_bound;
}

/* Many random days: tickets of services promising 5 to 60 minutes arrive
 * (some transferred, with an older arrival), the clock moves on by up to
 * ten minutes between calls, the ratio is drawn from 1:1 to 4:3. */
static void
check_starvation_bound (LoketRoutingPolicy policy, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint at_bound = 0;

  for (guint day = 0; day < 300; day++)
    {
      Office o;
      guint r = (guint) g_rand_int_range (rand, 1, 5), p = (guint) g_rand_int_range (rand, 1, 4);
      Watch watch[2] = { { 0 }, { 0 } };
      gint64 next_id = 1;

      office_init (&o);
      for (guint step = 0; step < 150; step++)
        {
          while (g_rand_int_range (rand, 0, 3) == 0 || o.queue->len == 0)
            arrive_full (&o, next_id++, g_rand_int_range (rand, 0, 3) == 0,
                         g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 0, 90) : 0,
                         g_rand_int_range (rand, 5, 61), 0);
          at_bound += call_and_check (&o, policy, r, p, watch);
          o.now += g_rand_int_range (rand, 0, 11) * MIN_USEC;
        }
      g_array_unref (o.queue);
    }
  /* The days do reach the bound: the check is not vacuous. */
  g_test_message ("overdue heads passed by exactly the bound: %u times", at_bound);
  g_assert_cmpuint (at_bound, >, 0);
}

static void
test_starvation_bound_ratio (void)
{
  check_starvation_bound (LOKET_ROUTING_PRIORITY_RATIO, 20261125);
}

static void
test_starvation_bound_deadline (void)
{
  check_starvation_bound (LOKET_ROUTING_EARLIEST_DEADLINE, 17081945);
}

/* ---- earliest deadline -------------------------------------------------- */

/* The deadline, not the arrival, decides: a citizen promised 45 minutes
 * who came 20 minutes ago (25 left) goes after one promised 15 who came 5
 * minutes ago (10 left). */
static void
test_deadline_order (void)
{
  Office o;
  LoketPickReason reason;

  office_init (&o);
  arrive_full (&o, 1, FALSE, 20, 45, 0);
  arrive_full (&o, 2, FALSE, 5, 15, 0);
  arrive_full (&o, 3, FALSE, 40, 30, 0);   /* overdue by 10: first */
  g_assert_cmpint (call (&o, LOKET_ROUTING_EARLIEST_DEADLINE, 2, 1, &reason), ==, 3);
  g_assert_cmpint (reason, ==, LOKET_PICK_DEADLINE);
  g_assert_cmpint (call (&o, LOKET_ROUTING_EARLIEST_DEADLINE, 2, 1, NULL), ==, 2);
  g_assert_cmpint (call (&o, LOKET_ROUTING_EARLIEST_DEADLINE, 2, 1, NULL), ==, 1);
  g_array_unref (o.queue);
}

/* Equal deadlines: the earlier arrival, then the lower id. */
static void
test_deadline_ties (void)
{
  Office o;

  office_init (&o);
  arrive_full (&o, 9, FALSE, 10, 30, 0);   /* deadline now + 20 */
  arrive_full (&o, 8, FALSE, 25, 45, 0);   /* deadline now + 20, earlier */
  arrive_full (&o, 7, FALSE, 10, 30, 0);   /* as 9, lower id */
  g_assert_cmpint (call (&o, LOKET_ROUTING_EARLIEST_DEADLINE, 2, 1, NULL), ==, 8);
  g_assert_cmpint (call (&o, LOKET_ROUTING_EARLIEST_DEADLINE, 2, 1, NULL), ==, 7);
  g_assert_cmpint (call (&o, LOKET_ROUTING_EARLIEST_DEADLINE, 2, 1, NULL), ==, 9);
  g_array_unref (o.queue);
}

/* The ratio still weaves priority in (P R R), each kind by deadline. */
static void
test_deadline_within_ratio (void)
{
  Office o;
  GString *order = g_string_new (NULL);

  office_init (&o);
  arrive_full (&o, 1, FALSE, 10, 45, 0);   /* deadline +35 */
  arrive_full (&o, 2, FALSE, 2, 15, 0);    /* +13 */
  arrive_full (&o, 3, FALSE, 1, 30, 0);    /* +29 */
  arrive_full (&o, 4, TRUE, 9, 45, 0);     /* +36 */
  arrive_full (&o, 5, TRUE, 1, 30, 0);     /* +29 */
  for (guint i = 0; i < 5; i++)
    g_string_append_printf (order, "%" G_GINT64_FORMAT,
                            call (&o, LOKET_ROUTING_EARLIEST_DEADLINE, 2, 1, NULL));
  g_assert_cmpstr (order->str, ==, "52341");
  g_string_free (order, TRUE);
  g_array_unref (o.queue);
}

/* ---- service preferences ------------------------------------------------ */

/* Secondary services wait while anyone of a primary service waits, however
 * long they have waited and whatever their kind; then they go by policy. */
static void
test_preference_primary_first (void)
{
  LoketRoutingPolicy policies[] = { LOKET_ROUTING_FIFO, LOKET_ROUTING_PRIORITY_RATIO,
                                    LOKET_ROUTING_EARLIEST_DEADLINE };

  for (guint i = 0; i < G_N_ELEMENTS (policies); i++)
    {
      Office o;

      office_init (&o);
      arrive_full (&o, 1, TRUE, 90, 30, 1);    /* secondary, priority, overdue */
      arrive_full (&o, 2, FALSE, 60, 30, 1);   /* secondary, overdue */
      arrive_full (&o, 3, FALSE, 1, 30, 0);
      arrive_full (&o, 4, FALSE, 0, 30, 0);
      g_assert_cmpint (call (&o, policies[i], 2, 1, NULL), ==, 3);
      g_assert_cmpint (call (&o, policies[i], 2, 1, NULL), ==, 4);
      g_assert_cmpint (call (&o, policies[i], 2, 1, NULL), ==, 1);   /* earliest, and priority's turn */
      g_assert_cmpint (call (&o, policies[i], 2, 1, NULL), ==, 2);
      g_array_unref (o.queue);
    }
}

/* The rhythm runs on across ranks: after two regular primary calls, the
 * priority ticket of a secondary service is next once primaries are done. */
static void
test_preference_ratio_within_rank (void)
{
  Office o;
  LoketPickReason reason;

  office_init (&o);
  arrive_full (&o, 1, TRUE, 5, 30, 0);
  arrive_full (&o, 2, FALSE, 20, 30, 0);
  arrive_full (&o, 3, FALSE, 10, 30, 1);
  arrive_full (&o, 4, TRUE, 1, 30, 1);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 1, 1, &reason), ==, 1);
  g_assert_cmpint (reason, ==, LOKET_PICK_PRIORITY_TURN);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 1, 1, &reason), ==, 2);
  g_assert_cmpint (reason, ==, LOKET_PICK_FIFO);   /* only regular left among primaries */
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 1, 1, &reason), ==, 4);
  g_assert_cmpint (reason, ==, LOKET_PICK_PRIORITY_TURN);
  g_assert_cmpint (call (&o, LOKET_ROUTING_PRIORITY_RATIO, 1, 1, NULL), ==, 3);
  g_array_unref (o.queue);
}

/* ---- queue heads to candidates ------------------------------------------ */

static const char charter_text[] =
  "[Office]\nName=Kantor\nOpeningHours=Mon-Fri 08:00-15:00\nRoutingPolicy=earliest-deadline\n"
  "PriorityRatio=2:1\n"
  "[PriorityGroup elderly]\nName=Lansia\n"
  "[Service ktp]\nSeries=A\nName=KTP\nRequirements=KK\nPromisedWaitMinutes=30\n"
  "PromisedServiceMinutes=10\nPriorityGroups=elderly\n"
  "[Service akta]\nSeries=B\nName=Akta\nRequirements=KK\nPromisedWaitMinutes=60\n"
  "PromisedServiceMinutes=20\n"
  "[Counter 1]\nName=Loket 1\nServices=akta\nSecondaryServices=ktp\n";

/* Promised waits come from each head's service, ranks from the counter's
 * SecondaryServices (none when a supervisor's list replaced them). */
static void
test_heads_from_charter (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) charter = loket_charter_new_from_data (charter_text, -1, "c.ini", &error);
  const LoketCounterDef *counter;
  gint64 now = 1000 * MIN_USEC;
  /* ktp came later but its deadline (now + 25) is before akta's (+ 40). */
  LoketQueueHead heads[] = { { 1, now - 20 * MIN_USEC, "akta", FALSE, 0 },
                             { 2, now - 5 * MIN_USEC, "ktp", FALSE, 0 } };
  LoketRatioState state = { 0 };
  LoketPickReason reason;

  g_assert_no_error (error);
  counter = loket_charter_lookup_counter (charter, "1");
  g_assert_cmpstrv (counter->services, ((const char * const[]) { "akta", "ktp", NULL }));
  g_assert_cmpint (loket_charter_get_routing_policy (charter), ==, LOKET_ROUTING_EARLIEST_DEADLINE);
  g_assert_cmpint (loket_routing_choose_head (charter, LOKET_ROUTING_EARLIEST_DEADLINE, NULL, heads, 2,
                                              now, &state, &reason), ==, 1);
  g_assert_cmpint (loket_routing_choose_head (charter, LOKET_ROUTING_EARLIEST_DEADLINE,
                                              (const char * const *) counter->secondary_services,
                                              heads, 2, now, &state, &reason), ==, 0);
  g_assert_cmpint (loket_routing_choose_head (charter, LOKET_ROUTING_FIFO, NULL, heads, 2,
                                              now, &state, &reason), ==, 0);
  g_assert_cmpint (loket_routing_choose_head (charter, LOKET_ROUTING_FIFO, NULL, heads, 0,
                                              now, &state, &reason), ==, -1);
}

static void
test_policy_names (void)
{
  LoketRoutingPolicy policy;

  for (guint i = LOKET_ROUTING_FIFO; i <= LOKET_ROUTING_EARLIEST_DEADLINE; i++)
    {
      g_assert_true (loket_routing_policy_from_string (loket_routing_policy_to_string (i), &policy));
      g_assert_cmpint (policy, ==, i);
    }
  g_assert_false (loket_routing_policy_from_string ("random", &policy));
  g_assert_false (loket_routing_policy_from_string (NULL, &policy));
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
  g_test_add_func ("/routing/anti-starvation/overdue-after-p", test_overdue_after_p);
  g_test_add_func ("/routing/anti-starvation/bound-random/ratio", test_starvation_bound_ratio);
  g_test_add_func ("/routing/anti-starvation/bound-random/deadline", test_starvation_bound_deadline);
  g_test_add_func ("/routing/deadline/order", test_deadline_order);
  g_test_add_func ("/routing/deadline/ties", test_deadline_ties);
  g_test_add_func ("/routing/deadline/within-ratio", test_deadline_within_ratio);
  g_test_add_func ("/routing/preference/primary-first", test_preference_primary_first);
  g_test_add_func ("/routing/preference/ratio-within-rank", test_preference_ratio_within_rank);
  g_test_add_func ("/routing/heads/from-charter", test_heads_from_charter);
  g_test_add_func ("/routing/policy-names", test_policy_names);
  return g_test_run ();
}
