/* loket-routing.h — who is called next at a counter.
 *
 * Pure and deterministic: the caller hands over the tickets the counter may
 * call (its services, waiting, today) and the counter's ratio state; the
 * function names one and says why, and that reason is recorded in the
 * CALLED event so that every call can be explained afterwards.
 *
 * Policies (docs/architecture.md, "Routing"):
 *  - FIFO: earliest arrival first, ties by ticket id.
 *  - Priority ratio R:P: two FIFO queues, priority and regular.  While both
 *    have tickets, a counter calls at most P priority tickets in a row and
 *    then at most R regular tickets in a row, beginning with priority (the
 *    law's "special treatment").  Anti-starvation: if the head of the queue
 *    whose turn it is not has waited past its service's promised wait while
 *    the head of the other has not, the overdue ticket is called first.
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
} LoketCandidate;

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
} LoketPickReason;

const char *loket_pick_reason_to_string (LoketPickReason reason);

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

G_END_DECLS
