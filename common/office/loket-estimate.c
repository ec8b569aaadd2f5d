/* loket-estimate.c — when will a citizen be called; see loket-estimate.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-estimate"

#include "loket-estimate.h"

#include <math.h>

#define USEC_PER_MINUTE (G_USEC_PER_SEC * (gint64) 60)
/* LOKET_ESTIMATE_MAX_CALLS: enough for the order to settle into the
 * ratio's rhythm, and a bounded cost on every ticket taken however long
 * the queue. */
/* The 10th and 90th percentiles of a normal distribution, in standard
 * deviations from its mean. */
#define Z_90 1.2816

/* A counter as the replay moves it forward. */
typedef struct {
  LoketRatioState ratio;
  gint64          free_at;
  double          variance;   /* of free_at, µs² */
  gboolean        idle;       /* nothing left that it serves */
} Replayed;

typedef struct {
  LoketCharter               *charter;
  LoketRoutingPolicy          policy;
  const LoketEstimateCounter *counters;
  guint                       n_counters;
  const LoketEstimateQueue   *queues;
  guint                       n_queues;
  guint                       target;
  guint                       position;
  gint64                      now;
  Replayed                   *replayed;
  guint                      *taken;     /* per queue, called so far */
  gboolean                   *calls_from; /* counter × queue: it calls from that queue */
  LoketQueueHead             *heads;
  guint                      *from;      /* head → queue */
} Replay;

static gboolean
serves (const LoketEstimateCounter *counter, const char *service)
{
  return counter->services != NULL && g_strv_contains (counter->services, service);
}

/* The counter free first (the lowest index on a tie), or -1. */
static gint
next_free (const Replay *r)
{
  gint best = -1;

  for (guint i = 0; i < r->n_counters; i++)
    if (!r->replayed[i].idle &&
        (best < 0 || r->replayed[i].free_at < r->replayed[best].free_at))
      best = (gint) i;
  return best;
}

/* The next ticket of @q as routing sees it.  Past the tickets the caller
 * read, one that waits there but was not read stands in with the last
 * known arrival; past the queue's end, the citizen who would join now. */
static gboolean
queue_head (const Replay *r, guint q, LoketQueueHead *head)
{
  const LoketEstimateQueue *queue = &r->queues[q];
  guint taken = r->taken[q];

  if (taken < queue->n_first)
    *head = queue->first[taken];
  else if (taken < queue->length)
    *head = (LoketQueueHead) {
      G_MAXINT64 - 1, queue->n_first ? queue->first[queue->n_first - 1].arrival_at : r->now,
      queue->service, queue->priority
    };
  else if (q == r->target && taken < r->position)
    *head = (LoketQueueHead) { G_MAXINT64, r->now, queue->service, queue->priority };
  else
    return FALSE;
  head->service = queue->service;
  return TRUE;
}

static void
finish (const Replay *r, gint64 at, double variance, guint calls, LoketEstimate *estimate)
{
  double spread = Z_90 * sqrt (MAX (variance, 0.0));

  estimate->expected = MAX (at - r->now, 0);
  estimate->low = MAX (estimate->expected - (gint64) spread, 0);
  estimate->high = estimate->expected + (gint64) spread;
  estimate->calls = calls;
}

/* The replay stopped at LOKET_ESTIMATE_MAX_CALLS: the rest of the citizen's queue at
 * the pace it was called so far (or, if it was not called at all yet,
 * shared among the counters that serve it), the spread growing alike. */
static void
extrapolate (const Replay *r, guint calls, LoketEstimate *estimate)
{
  const LoketEstimateQueue *mine = &r->queues[r->target];
  gint first = next_free (r);
  gint64 at = first >= 0 ? r->replayed[first].free_at : r->now;
  double elapsed = (double) (at - r->now);
  double variance = first >= 0 ? r->replayed[first].variance : 0.0;
  guint done = r->taken[r->target];
  guint before = r->position - done - 1;   /* still to be called before the citizen */
  double more;

  if (done > 0 && elapsed > 0)
    more = before * elapsed / done;
  else
    {
      guint serving = 0;

      for (guint i = 0; i < r->n_counters; i++)
        serving += serves (&r->counters[i], mine->service);
      more = (double) before * mine->mean_usec / MAX (serving, 1);
    }
  if (elapsed > 0)
    variance *= (elapsed + more) / elapsed;
  finish (r, at + (gint64) more, variance, calls + before, estimate);
}

/* Counter @i calls; TRUE once the citizen in question is called. */
static gboolean
step (Replay *r, guint i, LoketEstimate *estimate, guint calls)
{
  const LoketEstimateCounter *counter = &r->counters[i];
  Replayed *c = &r->replayed[i];
  LoketPickReason reason;
  guint n = 0, q;
  gint pick;

  for (q = 0; q < r->n_queues; q++)
    if (r->calls_from[i * r->n_queues + q] && queue_head (r, q, &r->heads[n]))
      r->from[n++] = q;
  pick = loket_routing_choose_head (r->charter, r->policy, counter->secondary, r->heads, n,
                                    c->free_at, &c->ratio, &reason);
  if (pick < 0)
    {
      c->idle = TRUE;
      return FALSE;
    }
  q = r->from[pick];
  r->taken[q]++;
  if (q == r->target && r->taken[q] == r->position)
    {
      finish (r, c->free_at, c->variance, calls, estimate);
      return TRUE;
    }
  c->free_at += r->queues[q].mean_usec;
  c->variance += (double) r->queues[q].sd_usec * (double) r->queues[q].sd_usec;
  return FALSE;
}

gboolean
loket_estimate_call (LoketCharter               *charter,
                     LoketRoutingPolicy          policy,
                     const LoketEstimateCounter *counters,
                     guint                       n_counters,
                     const LoketEstimateQueue   *queues,
                     guint                       n_queues,
                     guint                       target,
                     guint                       position,
                     gint64                      now,
                     LoketEstimate              *estimate)
{
  g_autofree Replayed *replayed = g_new0 (Replayed, MAX (n_counters, 1));
  g_autofree guint *taken = g_new0 (guint, n_queues);
  g_autofree LoketQueueHead *heads = g_new0 (LoketQueueHead, n_queues);
  g_autofree guint *from = g_new0 (guint, n_queues);
  g_autofree gboolean *serving = g_new0 (gboolean, MAX (n_counters * n_queues, 1));
  Replay r = { charter, policy, counters, n_counters, queues, n_queues, target, position, now,
               replayed, taken, serving, heads, from };
  gboolean anyone = FALSE;

  g_return_val_if_fail (target < n_queues && position >= 1, FALSE);
  for (guint i = 0; i < n_counters; i++)
    {
      replayed[i].ratio = counters[i].ratio;
      replayed[i].free_at = MAX (counters[i].free_at, now);
      for (guint q = 0; q < n_queues; q++)
        serving[i * n_queues + q] = serves (&counters[i], queues[q].service);
      anyone |= serving[i * n_queues + target];
    }
  if (!anyone)
    return FALSE;
  for (guint calls = 0; ; calls++)
    {
      gint i;

      if (calls == LOKET_ESTIMATE_MAX_CALLS)
        {
          extrapolate (&r, calls, estimate);
          return TRUE;
        }
      if ((i = next_free (&r)) < 0)
        return FALSE;   /* cannot happen while a counter serves the queue */
      if (step (&r, (guint) i, estimate, calls))
        return TRUE;
    }
}

guint
loket_estimate_minutes (gint64 usec)
{
  return (guint) ((MAX (usec, 0) + USEC_PER_MINUTE - 1) / USEC_PER_MINUTE);
}

gboolean
loket_estimate_is_wide (const LoketEstimate *estimate)
{
  gint64 width = estimate->high - estimate->low;

  return width >= 10 * USEC_PER_MINUTE && width * 4 >= estimate->expected;
}
