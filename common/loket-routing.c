/* loket-routing.c — the calling order; see loket-routing.h for the rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-routing.h"

const char *
loket_pick_reason_to_string (LoketPickReason reason)
{
  switch (reason)
    {
    case LOKET_PICK_FIFO: return "fifo";
    case LOKET_PICK_PRIORITY_TURN: return "priority-turn";
    case LOKET_PICK_REGULAR_TURN: return "regular-turn";
    case LOKET_PICK_OVERDUE: return "overdue";
    case LOKET_PICK_NONE:
    default: return "none";
    }
}

static gboolean
arrives_before (const LoketCandidate *a,
                const LoketCandidate *b)
{
  if (a->arrival_at != b->arrival_at)
    return a->arrival_at < b->arrival_at;
  return a->id < b->id;
}

/* Index of the earliest arrival among candidates of the given kind
 * (@kind < 0: any kind), or -1. */
static gint
head_of (const LoketCandidate *c,
         guint                 n,
         int                   kind)
{
  gint best = -1;

  for (guint i = 0; i < n; i++)
    {
      if (kind >= 0 && c[i].priority != (gboolean) kind)
        continue;
      if (best < 0 || arrives_before (&c[i], &c[best]))
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
  gint regular_head, priority_head, pick;
  gboolean priority_turn;

  *reason = LOKET_PICK_NONE;
  if (n_candidates == 0)
    return -1;

  regular_head = head_of (candidates, n_candidates, FALSE);
  priority_head = head_of (candidates, n_candidates, TRUE);

  if (policy == LOKET_ROUTING_FIFO || regular_head < 0 || priority_head < 0)
    {
      pick = head_of (candidates, n_candidates, -1);
      *reason = LOKET_PICK_FIFO;
    }
  else
    {
      gint turn_head, other_head;

      priority_turn = priority_has_turn (state, MAX (ratio_regular, 1), MAX (ratio_priority, 1));
      turn_head = priority_turn ? priority_head : regular_head;
      other_head = priority_turn ? regular_head : priority_head;

      if (is_overdue (&candidates[other_head], now) && !is_overdue (&candidates[turn_head], now))
        {
          pick = other_head;
          *reason = LOKET_PICK_OVERDUE;
        }
      else
        {
          pick = turn_head;
          *reason = priority_turn ? LOKET_PICK_PRIORITY_TURN : LOKET_PICK_REGULAR_TURN;
        }
    }

  note_call (state, candidates[pick].priority);
  return pick;
}
