/* loket-estimate.h — when will a citizen be called: the routing itself,
 * replayed forward.
 *
 * The kiosk and the ticket tell a citizen how long the wait will be.
 * Dividing the people waiting by the open counters ignores what decides
 * the order: the priority ratio, deadlines, counters that serve several
 * services, secondary services.  This replays the office's own routing
 * (loket_routing_choose_head(), as CALL and QUEUE do) over the queues as
 * they stand: each open counter calls when it is next free, takes the
 * service's mean time, and calls again, until the citizen in question is
 * called.  loketd (ISSUE, SERVICES) and the simulator both call it, so
 * the simulator measures the estimate the office prints.
 *
 * A long queue is not replayed to its end: the caller hands over the
 * first tickets of each queue and its length; once the replay reaches a
 * queue's last known ticket, the rest is extrapolated at the pace the
 * replay measured for the citizen's own queue.
 *
 * The range: service times vary (their standard deviation, per service);
 * the calling counter's time until the call is a sum of services, whose
 * spread grows with the square root of their number.  `low` and `high`
 * are the expected time ∓ 1.28 standard deviations (the 10th and 90th
 * percentiles of a normal sum); docs/routing.md measures how often the
 * call comes within `high`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "loket-charter.h"
#include "loket-routing.h"

G_BEGIN_DECLS

/* How many tickets of a queue loketd reads for an estimate. */
#define LOKET_ESTIMATE_QUEUE_DEPTH 40
/* Calls replayed at most; the rest at the pace they measured.  A queue
 * longer than this is, for the replay, as long as this (the citizen's
 * own queue excepted, whose length places the citizen). */
#define LOKET_ESTIMATE_MAX_CALLS 100

/* A counter that can call: signed in and not paused. */
typedef struct {
  const char * const *services;    /* what it calls from, as for CALL */
  const char * const *secondary;   /* its secondary services, or NULL */
  LoketRatioState     ratio;       /* its rhythm now (a copy is advanced) */
  gint64              free_at;     /* when it can call next (µs); ≤ now: now */
} LoketEstimateCounter;

/* One queue (a service × kind): its first tickets in calling order
 * within the queue (arrival, id), and how many wait in it in all. */
typedef struct {
  const char           *service;
  gboolean              priority;
  const LoketQueueHead *first;
  guint                 n_first;
  guint                 length;          /* ≥ n_first */
  gint64                mean_usec;       /* the service's mean service time */
  gint64                sd_usec;         /* and its standard deviation */
} LoketEstimateQueue;

typedef struct {
  gint64 expected;  /* µs from now until the call */
  gint64 low;
  gint64 high;
  guint  calls;     /* calls replayed before it (extrapolated ones included) */
} LoketEstimate;

/* When the citizen at @position (1: the head) of @queues[@target] is
 * called.  A position beyond the queue's length is someone who would
 * join it now (SERVICES asks for the next citizen: length + 1).  FALSE
 * when no counter in @counters serves that queue. */
gboolean loket_estimate_call (LoketCharter               *charter,
                              LoketRoutingPolicy          policy,
                              const LoketEstimateCounter *counters,
                              guint                       n_counters,
                              const LoketEstimateQueue   *queues,
                              guint                       n_queues,
                              guint                       target,
                              guint                       position,
                              gint64                      now,
                              LoketEstimate              *estimate);

/* The replay itself, for whoever wants the calls rather than one
 * citizen's time: QUEUE lists a counter's queue in the order it will
 * call it.  Each call is made by the counter free first (the lowest index
 * on a tie), from the queues it serves, by loket_routing_choose_head();
 * the counter is then busy for the queue's mean time.  A queue is
 * replayed to its `length` (beyond `n_first`, stand-ins with the last
 * known arrival). */
typedef struct _LoketReplay LoketReplay;

typedef struct {
  guint  counter;   /* index in the counters given */
  guint  queue;     /* index in the queues given */
  guint  index;     /* the ticket's place in that queue, 0 its head */
  gint64 at;        /* when it is called (µs) */
  double variance;  /* of @at, µs² */
} LoketReplayCall;

LoketReplay *loket_replay_new  (LoketCharter               *charter,
                                LoketRoutingPolicy          policy,
                                const LoketEstimateCounter *counters,
                                guint                       n_counters,
                                const LoketEstimateQueue   *queues,
                                guint                       n_queues,
                                gint64                      now);
/* The next call; FALSE once no counter has anything left to call. */
gboolean     loket_replay_next (LoketReplay                *replay,
                                LoketReplayCall            *call);
void         loket_replay_free (LoketReplay                *replay);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketReplay, loket_replay_free)

/* Whole minutes, rounded up: what a ticket shows. */
guint    loket_estimate_minutes (gint64 usec);

/* Is the range worth showing (at least ten minutes, and a quarter of the
 * expected wait), or is "about N minutes" honest enough? */
gboolean loket_estimate_is_wide (const LoketEstimate *estimate);

G_END_DECLS
