/* loket-routing.h — who is called next at a counter.
 *
 * Pure and deterministic: the caller hands over the heads of the queues
 * the counter may call (one queue per service and kind, waiting, today)
 * and the counter's ratio state; the function names one and says why, and
 * that reason is recorded in the CALLED event so that every call can be
 * explained afterwards.  loketd (CALL and QUEUE) and the simulator both
 * call loket_routing_choose_head(), so what the simulator measures is what
 * the office does.
 *
 * Policies (docs/routing.md):
 *  - FIFO: earliest arrival first, ties by ticket id; priority ignored.
 *  - Priority ratio R:P: two FIFO queues, priority and regular.  While both
 *    have tickets, a counter calls at most P priority tickets in a row and
 *    then at most R regular tickets in a row, beginning with priority (the
 *    law's "special treatment").  Anti-starvation: if the head of the queue
 *    whose turn it is not has waited past its service's promised wait while
 *    the head of the other has not, the overdue ticket is called first.
 *  - Earliest deadline: the ratio decides the kind, exactly as above;
 *    within a kind the earliest deadline (arrival + promised wait of the
 *    ticket's service) goes first, ties by arrival, then id.
 * Under every policy a counter's secondary services are only looked at
 * when none of its primary services has anyone waiting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "loket-charter.h"

G_BEGIN_DECLS

typedef struct {
  gint64   id;
  gint64   arrival_at;          /* µs; kept across transfers */
  gboolean priority;
  gint64   promised_wait_usec;  /* of its current service */
  guint    rank;                /* 0: a primary service of the counter, 1: secondary */
} LoketCandidate;

/* The head of one of a counter's queues (a service × kind), as its holder
 * (the store, the QUEUE listing, the simulator) knows it. */
typedef struct {
  gint64      id;
  gint64      arrival_at;
  const char *service;
  gboolean    priority;
  /* The ticket's own promised wait (the one it was issued with), or 0:
   * none recorded, the charter's for its service. */
  guint       promised_wait_minutes;
} LoketQueueHead;

/* Per counter, persisted with the counter so a restart keeps the rhythm. */
typedef struct {
  gboolean last_priority;  /* kind of the previous call */
  guint    run;            /* calls of that kind in a row; 0 = none yet */
} LoketRatioState;

typedef enum {
  LOKET_PICK_NONE,
  LOKET_PICK_FIFO,            /* earliest arrival (FIFO policy, or one kind only) */
  LOKET_PICK_PRIORITY_TURN,   /* ratio: priority's turn */
  LOKET_PICK_REGULAR_TURN,    /* ratio: regular's turn */
  LOKET_PICK_OVERDUE,         /* anti-starvation overrode the ratio */
  LOKET_PICK_DEADLINE,        /* earliest deadline, one kind only */
} LoketPickReason;

const char *loket_pick_reason_to_string (LoketPickReason reason);

/* "fifo", "priority-ratio", "earliest-deadline": the charter's
 * RoutingPolicy= and loketctl simulate --policy. */
const char *loket_routing_policy_to_string   (LoketRoutingPolicy  policy);
gboolean    loket_routing_policy_from_string (const char         *text,
                                              LoketRoutingPolicy *policy);

/* Returns the index into @candidates of the ticket to call, or -1 if there
 * is none; updates @state and sets @reason. */
gint loket_routing_choose (LoketRoutingPolicy     policy,
                           guint                  ratio_regular,
                           guint                  ratio_priority,
                           const LoketCandidate  *candidates,
                           guint                  n_candidates,
                           gint64                 now,
                           LoketRatioState       *state,
                           LoketPickReason       *reason);

/* The one way a counter's queue heads become candidates: the promised
 * wait of each head's service and the ratio from @charter, its rank from
 * @secondary (the counter's SecondaryServices, or NULL when all it serves
 * is primary).  Returns the index into @heads to call, or -1. */
gint loket_routing_choose_head (LoketCharter          *charter,
                                LoketRoutingPolicy     policy,
                                const char * const    *secondary,
                                const LoketQueueHead  *heads,
                                guint                  n_heads,
                                gint64                 now,
                                LoketRatioState       *state,
                                LoketPickReason       *reason);

G_END_DECLS
