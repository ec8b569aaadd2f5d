/* loket-routing.c — the calling order; see loket-routing.h for the rules
 * and docs/routing.md for what they guarantee.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-routing"

#include "loket-routing.h"

#define USEC_PER_MINUTE (G_USEC_PER_SEC * (gint64) 60)

const char *
loket_pick_reason_to_string (LoketPickReason reason)
{
  switch (reason)
    {
    case LOKET_PICK_FIFO: return "fifo";
    case LOKET_PICK_PRIORITY_TURN: return "priority-turn";
    case LOKET_PICK_REGULAR_TURN: return "regular-turn";
    case LOKET_PICK_OVERDUE: return "overdue";
    case LOKET_PICK_DEADLINE: return "deadline";
    case LOKET_PICK_NONE:
    default: return "none";
    }
}

static const char * const policy_names[] = {
  [LOKET_ROUTING_FIFO] = "fifo",
  [LOKET_ROUTING_PRIORITY_RATIO] = "priority-ratio",
  [LOKET_ROUTING_EARLIEST_DEADLINE] = "earliest-deadline",
};

const char *
loket_routing_policy_to_string (LoketRoutingPolicy policy)
{
  return (guint) policy < G_N_ELEMENTS (policy_names) ? policy_names[policy] : "unknown";
}

gboolean
loket_routing_policy_from_string (const char         *text,
                                  LoketRoutingPolicy *policy)
{
  for (guint i = 0; i < G_N_ELEMENTS (policy_names); i++)
    if (g_strcmp0 (text, policy_names[i]) == 0)
      {
        *policy = (LoketRoutingPolicy) i;
        return TRUE;
      }
  return FALSE;
}

static gint64
deadline_of (const LoketCandidate *c)
{
  return c->arrival_at + c->promised_wait_usec;
}

/* The order within one queue: by arrival (or by deadline first, under
 * earliest-deadline), then by id, so that no two tickets ever tie. */
static gboolean
goes_before (const LoketCandidate *a,
             const LoketCandidate *b,
             gboolean              by_deadline)
{
  if (by_deadline && deadline_of (a) != deadline_of (b))
    return deadline_of (a) < deadline_of (b);
  if (a->arrival_at != b->arrival_at)
    return a->arrival_at < b->arrival_at;
  return a->id < b->id;
}

/* Index of the first candidate of @rank and the given kind (@kind < 0:
 * any kind), or -1. */
static gint
head_of (const LoketCandidate *c,
         guint                 n,
         guint                 rank,
         int                   kind,
         gboolean              by_deadline)
{
  gint best = -1;

  for (guint i = 0; i < n; i++)
    {
      if (c[i].rank != rank || (kind >= 0 && c[i].priority != (gboolean) kind))
        continue;
      if (best < 0 || goes_before (&c[i], &c[best], by_deadline))
        best = (gint) i;
    }
  return best;
}

static gboolean
is_overdue (const LoketCandidate *c,
            gint64                now)
{
  return c->promised_wait_usec > 0 && now - c->arrival_at > c->promised_wait_usec;
}

/* Whose turn is it, by the ratio alone? */
static gboolean
priority_has_turn (const LoketRatioState *state,
                   guint                  regular,
                   guint                  priority)
{
  if (state->run == 0)
    return TRUE;
  if (state->last_priority)
    return state->run < priority;
  return state->run >= regular;
}

static void
note_call (LoketRatioState *state,
           gboolean         priority)
{
  if (state->run > 0 && state->last_priority == priority)
    state->run++;
  else
    {
      state->last_priority = priority;
      state->run = 1;
    }
}

/* Both kinds wait: the ratio's turn, unless the other head is overdue and
 * the turn's head is not. */
static gint
choose_by_ratio (const LoketCandidate  *candidates,
                 gint                   regular_head,
                 gint                   priority_head,
                 guint                  ratio_regular,
                 guint                  ratio_priority,
                 gint64                 now,
                 const LoketRatioState *state,
                 LoketPickReason       *reason)
{
  gboolean priority_turn = priority_has_turn (state, MAX (ratio_regular, 1), MAX (ratio_priority, 1));
  gint turn_head = priority_turn ? priority_head : regular_head;
  gint other_head = priority_turn ? regular_head : priority_head;

  if (is_overdue (&candidates[other_head], now) && !is_overdue (&candidates[turn_head], now))
    {
      *reason = LOKET_PICK_OVERDUE;
      return other_head;
    }
  *reason = priority_turn ? LOKET_PICK_PRIORITY_TURN : LOKET_PICK_REGULAR_TURN;
  return turn_head;
}

/* The best rank present: secondary services only when no primary waits. */
static guint
rank_to_serve (const LoketCandidate *candidates,
               guint                 n)
{
  guint rank = G_MAXUINT;

  for (guint i = 0; i < n; i++)
    rank = MIN (rank, candidates[i].rank);
  return rank;
}

gint
loket_routing_choose (LoketRoutingPolicy     policy,
                      guint                  ratio_regular,
                      guint                  ratio_priority,
                      const LoketCandidate  *candidates,
                      guint                  n_candidates,
                      gint64                 now,
                      LoketRatioState       *state,
                      LoketPickReason       *reason)
{
  gboolean by_deadline = policy == LOKET_ROUTING_EARLIEST_DEADLINE;
  gint regular_head, priority_head, pick;
  guint rank;

  *reason = LOKET_PICK_NONE;
  if (n_candidates == 0)
    return -1;

  rank = rank_to_serve (candidates, n_candidates);
  regular_head = head_of (candidates, n_candidates, rank, FALSE, by_deadline);
  priority_head = head_of (candidates, n_candidates, rank, TRUE, by_deadline);

  if (policy == LOKET_ROUTING_FIFO || regular_head < 0 || priority_head < 0)
    {
      pick = head_of (candidates, n_candidates, rank, -1, by_deadline);
      *reason = by_deadline ? LOKET_PICK_DEADLINE : LOKET_PICK_FIFO;
    }
  else
    pick = choose_by_ratio (candidates, regular_head, priority_head, ratio_regular, ratio_priority,
                            now, state, reason);

  note_call (state, candidates[pick].priority);
  return pick;
}

gint
loket_routing_choose_head (LoketCharter          *charter,
                           LoketRoutingPolicy     policy,
                           const char * const    *secondary,
                           const LoketQueueHead  *heads,
                           guint                  n_heads,
                           gint64                 now,
                           LoketRatioState       *state,
                           LoketPickReason       *reason)
{
  g_autofree LoketCandidate *candidates = g_new0 (LoketCandidate, MAX (n_heads, 1));
  guint regular, priority;

  for (guint i = 0; i < n_heads; i++)
    {
      const LoketServiceDef *s = loket_charter_lookup_service (charter, heads[i].service);

      candidates[i].id = heads[i].id;
      candidates[i].arrival_at = heads[i].arrival_at;
      candidates[i].priority = heads[i].priority;
      /* A ticket keeps the promise it was issued with; one without (from
       * before charter versions) has its service's.  A service gone from
       * the charter promises nothing: it is never overdue, and its
       * deadline is its arrival. */
      if (heads[i].promised_wait_minutes > 0)
        candidates[i].promised_wait_usec = heads[i].promised_wait_minutes * USEC_PER_MINUTE;
      else
        candidates[i].promised_wait_usec = s ? s->promised_wait_minutes * USEC_PER_MINUTE : 0;
      candidates[i].rank = secondary != NULL && g_strv_contains (secondary, heads[i].service) ? 1 : 0;
    }
  loket_charter_get_priority_ratio (charter, &regular, &priority);
  return loket_routing_choose (policy, regular, priority, candidates, n_heads, now, state, reason);
}
