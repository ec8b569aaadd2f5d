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

struct _LoketReplay {
  LoketCharter               *charter;
  LoketRoutingPolicy          policy;
  const LoketEstimateCounter *counters;
  guint                       n_counters;
  const LoketEstimateQueue   *queues;
  guint                       n_queues;
  guint                       joining;   /* a queue someone joins, or G_MAXUINT */
  guint                       joined;    /* …up to this place in it */
  gint64                      now;
  Replayed                   *replayed;
  guint                      *taken;     /* per queue, called so far */
  gboolean                   *calls_from; /* counter × queue: it calls from that queue */
  LoketQueueHead             *heads;
  guint                      *from;      /* head → queue */
};

static gboolean
serves (const LoketEstimateCounter *counter, const char *service)
{
  return counter->services != NULL && g_strv_contains (counter->services, service);
}

LoketReplay *
loket_replay_new (LoketCharter               *charter,
                  LoketRoutingPolicy          policy,
                  const LoketEstimateCounter *counters,
                  guint                       n_counters,
                  const LoketEstimateQueue   *queues,
                  guint                       n_queues,
                  gint64                      now)
{
  LoketReplay *r = g_new0 (LoketReplay, 1);

  *r = (LoketReplay) {
    charter, policy, counters, n_counters, queues, n_queues, G_MAXUINT, 0, now,
    g_new0 (Replayed, MAX (n_counters, 1)), g_new0 (guint, MAX (n_queues, 1)),
    g_new0 (gboolean, MAX (n_counters * n_queues, 1)),
    g_new0 (LoketQueueHead, MAX (n_queues, 1)), g_new0 (guint, MAX (n_queues, 1))
  };
  for (guint i = 0; i < n_counters; i++)
    {
      r->replayed[i].ratio = counters[i].ratio;
      r->replayed[i].free_at = MAX (counters[i].free_at, now);
      for (guint q = 0; q < n_queues; q++)
        r->calls_from[i * n_queues + q] = serves (&counters[i], queues[q].service);
    }
  return r;
}

void
loket_replay_free (LoketReplay *r)
{
  if (r == NULL)
    return;
  g_free (r->replayed);
  g_free (r->taken);
  g_free (r->calls_from);
  g_free (r->heads);
  g_free (r->from);
  g_free (r);
}

/* Someone joins @queue now, up to @position in it: the estimate's
 * citizen who has not taken a ticket yet. */
static void
replay_join (LoketReplay *r, guint queue, guint position)
{
  r->joining = queue;
  r->joined = position;
}

/* The counter free first (the lowest index on a tie), or -1. */
static gint
next_free (const LoketReplay *r)
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
queue_head (const LoketReplay *r, guint q, LoketQueueHead *head)
{
  const LoketEstimateQueue *queue = &r->queues[q];
  guint taken = r->taken[q];

  if (taken < queue->n_first)
    *head = queue->first[taken];
  else if (taken < queue->length)
    *head = (LoketQueueHead) {
      G_MAXINT64 - 1, queue->n_first ? queue->first[queue->n_first - 1].arrival_at : r->now,
      queue->service, queue->priority, 0
    };
  else if (q == r->joining && taken < r->joined)
    *head = (LoketQueueHead) { G_MAXINT64, r->now, queue->service, queue->priority, 0 };
  else
    return FALSE;
  head->service = queue->service;
  return TRUE;
}

/* Counter @i calls, if anything it serves is left; its call in @call. */
static gboolean
replay_step (LoketReplay *r, guint i, LoketReplayCall *call)
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
  *call = (LoketReplayCall) { i, q, r->taken[q]++, c->free_at, c->variance };
  c->free_at += r->queues[q].mean_usec;
  c->variance += (double) r->queues[q].sd_usec * (double) r->queues[q].sd_usec;
  return TRUE;
}

gboolean
loket_replay_next (LoketReplay *r, LoketReplayCall *call)
{
  gint i;

  while ((i = next_free (r)) >= 0)
    if (replay_step (r, (guint) i, call))
      return TRUE;
  return FALSE;
}

static void
finish (const LoketReplay *r, gint64 at, double variance, guint calls, LoketEstimate *estimate)
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
extrapolate (const LoketReplay *r, guint target, guint position, guint calls, LoketEstimate *estimate)
{
  const LoketEstimateQueue *mine = &r->queues[target];
  gint first = next_free (r);
  gint64 at = first >= 0 ? r->replayed[first].free_at : r->now;
  double elapsed = (double) (at - r->now);
  double variance = first >= 0 ? r->replayed[first].variance : 0.0;
  guint done = r->taken[target];
  guint before = position - done - 1;   /* still to be called before the citizen */
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
  g_autoptr(LoketReplay) r = NULL;
  gboolean anyone = FALSE;
  LoketReplayCall call;

  g_return_val_if_fail (target < n_queues && position >= 1, FALSE);
  r = loket_replay_new (charter, policy, counters, n_counters, queues, n_queues, now);
  replay_join (r, target, position);
  for (guint i = 0; i < n_counters; i++)
    anyone |= r->calls_from[i * n_queues + target];
  if (!anyone)
    return FALSE;
  for (guint calls = 0; ; calls++)
    {
      if (calls == LOKET_ESTIMATE_MAX_CALLS)
        {
          extrapolate (r, target, position, calls, estimate);
          return TRUE;
        }
      if (!loket_replay_next (r, &call))
        return FALSE;   /* cannot happen while a counter serves the queue */
      if (call.queue == target && call.index + 1 == position)
        {
          finish (r, call.at, call.variance, calls, estimate);
          return TRUE;
        }
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
