/* loket-life-cycle.h — the ticket's and the counter's life cycles, each
 * one transition table: rows of (from-states, act, to-state, event).
 *
 * The office's handlers ask the table whether an act is allowed from the
 * state a ticket or counter is in, and it answers with the row — the state
 * to enter and the event to log — or refuses with LOKET_ERROR_STATE and a
 * sentence a clerk can act on.  No handler compares states itself; what is
 * not pure state (the recall limit before a no-show, the counter serving
 * the ticket's service, an out-of-order call's reason, the service day)
 * stays in the handlers.  docs/protocol.md ("Life cycles") shows the same
 * tables, and tests/test-life-cycle.c holds the two to each other.
 *
 * A counter's machine has four states although the store and the wire
 * know three (open, paused, closed): an open counter with a ticket in hand
 * (current_ticket ≠ 0) is "busy", and most acts care about that
 * difference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-life-bits.h"
#include "loket-store.h"
#include "loket-ticket.h"

G_BEGIN_DECLS

/* ---- tickets ----------------------------------------------------------- */

typedef enum {
  LOKET_TICKET_ACT_ISSUE,          /* ISSUE: a new ticket, from no state */
  LOKET_TICKET_ACT_PRINT_OK,       /* PRINT with "ok": true */
  LOKET_TICKET_ACT_PRINT_FAILED,   /* PRINT with "ok": false */
  LOKET_TICKET_ACT_CALL,
  LOKET_TICKET_ACT_RECALL,
  LOKET_TICKET_ACT_START,
  LOKET_TICKET_ACT_FINISH,
  LOKET_TICKET_ACT_NO_SHOW,
  LOKET_TICKET_ACT_TRANSFER,
  LOKET_TICKET_ACT_VOID,
  LOKET_TICKET_ACT_REPRINT_OK,     /* PRINT with "reprint" and "ok": true */
  LOKET_TICKET_ACT_REPRINT_FAILED, /* PRINT with "reprint" and "ok": false */
  LOKET_TICKET_ACT_ASK_REPRINT,    /* REPRINT: a supervisor asks a kiosk */
  LOKET_TICKET_ACT_REFUSE_PRIORITY, /* PRIORITY_REFUSE: the claim is not entitled */
  LOKET_TICKET_ACT_CLOSE_DAY,      /* the day closes: whoever still waits is unserved */
  LOKET_TICKET_N_ACTS
} LoketTicketAct;

#define LOKET_TICKET_N_STATES (LOKET_TICKET_UNSERVED + 1)

typedef struct {
  guint           from;    /* LOKET_LIFE_BIT (LoketTicketState) set; 0 for a new ticket */
  LoketTicketAct  act;
  int             to;      /* a LoketTicketState, or LOKET_LIFE_UNCHANGED */
  const char     *event;   /* the event's type */
} LoketTicketTransition;

/* The whole table, for the tests and the documentation check. */
const LoketTicketTransition *loket_ticket_life_table (guint *n_rows);

const char *loket_ticket_act_to_string (LoketTicketAct act);   /* "no-show" */
const char *loket_ticket_act_request   (LoketTicketAct act);   /* "NOSHOW" */

/* The row that allows @act from @from, or NULL. */
const LoketTicketTransition *loket_ticket_life_find (LoketTicketAct   act,
                                                     LoketTicketState from);

/* Applies @act to @ticket: sets its state from the row and returns the
 * row, or refuses (LOKET_ERROR_STATE) and leaves the ticket alone. */
const LoketTicketTransition *loket_ticket_life_apply (LoketTicket    *ticket,
                                                      LoketTicketAct  act,
                                                      GError        **error);

/* A new ticket enters its first state; the row of ISSUE. */
const LoketTicketTransition *loket_ticket_life_issue (LoketTicket *ticket);

/* ---- counters ---------------------------------------------------------- */

typedef enum {
  LOKET_COUNTER_PHASE_CLOSED,      /* nobody logged in (LOGOUT) */
  LOKET_COUNTER_PHASE_OPEN,        /* open, no ticket in hand */
  LOKET_COUNTER_PHASE_BUSY,        /* open, handling a ticket */
  LOKET_COUNTER_PHASE_PAUSED,
  LOKET_COUNTER_N_PHASES
} LoketCounterPhase;

typedef enum {
  LOKET_COUNTER_ACT_LOGIN,
  LOKET_COUNTER_ACT_LOGOUT,
  LOKET_COUNTER_ACT_PAUSE,
  LOKET_COUNTER_ACT_RESUME,
  LOKET_COUNTER_ACT_CALL,
  LOKET_COUNTER_ACT_RECALL,
  LOKET_COUNTER_ACT_START,
  LOKET_COUNTER_ACT_FINISH,
  LOKET_COUNTER_ACT_NO_SHOW,
  LOKET_COUNTER_ACT_TRANSFER,
  LOKET_COUNTER_ACT_VOID,          /* a supervisor voids the ticket in hand */
  LOKET_COUNTER_ACT_REFUSE_PRIORITY, /* the ticket in hand loses its priority */
  LOKET_COUNTER_ACT_CLOSE_DAY,     /* the day closes on a called ticket in hand */
  LOKET_COUNTER_N_ACTS
} LoketCounterAct;

typedef struct {
  guint            from;   /* LOKET_LIFE_BIT (LoketCounterPhase) set */
  LoketCounterAct  act;
  int              to;     /* a LoketCounterPhase, or LOKET_LIFE_UNCHANGED */
  const char      *event;
} LoketCounterTransition;

const LoketCounterTransition *loket_counter_life_table (guint *n_rows);

const char *loket_counter_phase_to_string (LoketCounterPhase phase);   /* "busy" */
const char *loket_counter_act_to_string   (LoketCounterAct   act);
const char *loket_counter_act_request     (LoketCounterAct   act);

/* The phase of a counter as stored: its state, and whether it holds a
 * ticket. */
LoketCounterPhase loket_counter_phase (const LoketCounterState *counter);

const LoketCounterTransition *loket_counter_life_find (LoketCounterAct   act,
                                                       LoketCounterPhase from);

/* Applies @act to @counter: sets its state from the row's phase, and
 * clears its ticket in hand when the phase is not busy (the handler that
 * calls sets the new one).  Refuses with LOKET_ERROR_STATE otherwise. */
const LoketCounterTransition *loket_counter_life_apply (LoketCounterState *counter,
                                                        LoketCounterAct    act,
                                                        GError           **error);

G_END_DECLS
