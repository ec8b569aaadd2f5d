/* loket-life-cycle.c — the two transition tables and the one way to apply
 * them; see loket-life-cycle.h.  The rows are the rules: a handler in
 * server/loket-office-*.c never compares a ticket's or a counter's state
 * itself, and docs/protocol.md shows these rows (checked by a test).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-life-cycle.h"
#include "loket-error.h"

#define BIT LOKET_LIFE_BIT
#define UNCHANGED LOKET_LIFE_UNCHANGED

/* ---- tickets ----------------------------------------------------------- */

/* "Waiting to be called": a citizen whose ticket failed to print saw the
 * number on the kiosk and keeps the place (loket_ticket_state_is_waiting). */
#define T_WAITING (BIT (LOKET_TICKET_ISSUED) | BIT (LOKET_TICKET_PRINTED) | \
                   BIT (LOKET_TICKET_PRINT_FAILED) | BIT (LOKET_TICKET_WAITING))
/* Where a print result may still arrive without a state to change: a
 * slow printer finishes after a quick clerk has called the ticket. */
#define T_PRINTED_LATE (BIT (LOKET_TICKET_WAITING) | BIT (LOKET_TICKET_CALLED) | \
                        BIT (LOKET_TICKET_SERVING) | BIT (LOKET_TICKET_DONE) | \
                        BIT (LOKET_TICKET_NO_SHOW) | BIT (LOKET_TICKET_VOID) | \
                        BIT (LOKET_TICKET_UNSERVED))
#define T_NOT_PRINTED (BIT (LOKET_TICKET_ISSUED) | BIT (LOKET_TICKET_PRINT_FAILED))
/* A reprint is a second paper of a ticket already on paper (or whose
 * first paper failed): it changes nothing but what the citizen holds, so
 * it is logged in any state a result may arrive in. */
#define T_REPRINTED_LATE (BIT (LOKET_TICKET_PRINTED) | T_PRINTED_LATE)
#define T_AT_COUNTER (BIT (LOKET_TICKET_CALLED) | BIT (LOKET_TICKET_SERVING))

static const LoketTicketTransition ticket_rows[] = {
  { 0,                               LOKET_TICKET_ACT_ISSUE,        LOKET_TICKET_ISSUED,       "ISSUED" },
  { T_NOT_PRINTED,                   LOKET_TICKET_ACT_PRINT_OK,     LOKET_TICKET_PRINTED,      "PRINTED" },
  { T_NOT_PRINTED,                   LOKET_TICKET_ACT_PRINT_FAILED, LOKET_TICKET_PRINT_FAILED, "PRINT_FAILED" },
  { T_PRINTED_LATE,                  LOKET_TICKET_ACT_PRINT_OK,     UNCHANGED,                 "PRINTED" },
  { T_PRINTED_LATE,                  LOKET_TICKET_ACT_PRINT_FAILED, UNCHANGED,                 "PRINT_FAILED" },
  { T_WAITING,                       LOKET_TICKET_ACT_CALL,         LOKET_TICKET_CALLED,       "CALLED" },
  { BIT (LOKET_TICKET_CALLED),       LOKET_TICKET_ACT_RECALL,       LOKET_TICKET_CALLED,       "RECALLED" },
  { BIT (LOKET_TICKET_CALLED),       LOKET_TICKET_ACT_START,        LOKET_TICKET_SERVING,      "STARTED" },
  { BIT (LOKET_TICKET_SERVING),      LOKET_TICKET_ACT_FINISH,       LOKET_TICKET_DONE,         "FINISHED" },
  { BIT (LOKET_TICKET_CALLED),       LOKET_TICKET_ACT_NO_SHOW,      LOKET_TICKET_NO_SHOW,      "NO_SHOW" },
  { BIT (LOKET_TICKET_CALLED) | BIT (LOKET_TICKET_SERVING),
                                     LOKET_TICKET_ACT_TRANSFER,     LOKET_TICKET_WAITING,      "TRANSFERRED" },
  { T_WAITING | BIT (LOKET_TICKET_CALLED),
                                     LOKET_TICKET_ACT_VOID,         LOKET_TICKET_VOID,         "VOIDED" },
  { T_NOT_PRINTED,                   LOKET_TICKET_ACT_REPRINT_OK,   LOKET_TICKET_PRINTED,      "REPRINTED" },
  { T_REPRINTED_LATE,                LOKET_TICKET_ACT_REPRINT_OK,   UNCHANGED,                 "REPRINTED" },
  { T_NOT_PRINTED,                   LOKET_TICKET_ACT_REPRINT_FAILED, LOKET_TICKET_PRINT_FAILED, "PRINT_FAILED" },
  { T_REPRINTED_LATE,                LOKET_TICKET_ACT_REPRINT_FAILED, UNCHANGED,               "PRINT_FAILED" },
  /* Only a citizen still waiting needs paper to be called by. */
  { T_WAITING,                       LOKET_TICKET_ACT_ASK_REPRINT,  UNCHANGED,                 "REPRINT_ASKED" },
  /* The citizen is at the counter: served in turn, without the priority,
   * and the claim refused is on the record. */
  { T_AT_COUNTER,                    LOKET_TICKET_ACT_REFUSE_PRIORITY, UNCHANGED,              "PRIORITY_REFUSED" },
  /* At closing time nobody is left hanging: a ticket still waiting or
   * called (the citizen never came to the counter) ends unserved.  One
   * being served is the clerk's to finish. */
  { T_WAITING | BIT (LOKET_TICKET_CALLED),
                                     LOKET_TICKET_ACT_CLOSE_DAY,    LOKET_TICKET_UNSERVED,     "UNSERVED" },
};

/* Each act's name, its request, and what to tell a clerk it refuses:
 * "ticket A-007 is serving; " comes before the sentence. */
static const struct {
  const char *name;
  const char *request;
  const char *refusal;
} ticket_acts[] = {
  [LOKET_TICKET_ACT_ISSUE]        = { "issue",        "ISSUE",    "a ticket is issued only once" },
  [LOKET_TICKET_ACT_PRINT_OK]     = { "print-ok",     "PRINT",    "its printing was already reported" },
  [LOKET_TICKET_ACT_PRINT_FAILED] = { "print-failed", "PRINT",    "its printing was already reported" },
  [LOKET_TICKET_ACT_CALL]         = { "call",         "CALL",     "only a waiting ticket can be called" },
  [LOKET_TICKET_ACT_RECALL]       = { "recall",       "RECALL",   "only a called ticket can be recalled" },
  [LOKET_TICKET_ACT_START]        = { "start",        "START",    "only a called ticket can be started" },
  [LOKET_TICKET_ACT_FINISH]       = { "finish",       "FINISH",   "only a serving ticket can be finished" },
  [LOKET_TICKET_ACT_NO_SHOW]      = { "no-show",      "NOSHOW",   "only a called ticket can be marked no-show" },
  [LOKET_TICKET_ACT_TRANSFER]     = { "transfer",     "TRANSFER", "only a called or serving ticket can be transferred" },
  [LOKET_TICKET_ACT_VOID]         = { "void",         "VOID",     "only a waiting or called ticket can be voided" },
  [LOKET_TICKET_ACT_REPRINT_OK]   = { "reprint-ok",   "PRINT",    "a ticket is printed again only once it was issued" },
  [LOKET_TICKET_ACT_REPRINT_FAILED] = { "reprint-failed", "PRINT", "a ticket is printed again only once it was issued" },
  [LOKET_TICKET_ACT_ASK_REPRINT]  = { "ask-reprint",  "REPRINT",  "only a waiting ticket can be printed again" },
  [LOKET_TICKET_ACT_REFUSE_PRIORITY] = { "refuse-priority", "PRIORITY_REFUSE",
                                      "only a called or serving ticket's priority can be refused" },
  [LOKET_TICKET_ACT_CLOSE_DAY]    = { "close-day",    "CLOSE_DAY", "only a waiting or called ticket is left unserved" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (ticket_acts) == LOKET_TICKET_N_ACTS);

const LoketTicketTransition *
loket_ticket_life_table (guint *n_rows)
{
  *n_rows = G_N_ELEMENTS (ticket_rows);
  return ticket_rows;
}

const char *
loket_ticket_act_to_string (LoketTicketAct act)
{
  g_return_val_if_fail ((guint) act < LOKET_TICKET_N_ACTS, "invalid");
  return ticket_acts[act].name;
}

const char *
loket_ticket_act_request (LoketTicketAct act)
{
  g_return_val_if_fail ((guint) act < LOKET_TICKET_N_ACTS, "invalid");
  return ticket_acts[act].request;
}

const LoketTicketTransition *
loket_ticket_life_find (LoketTicketAct   act,
                        LoketTicketState from)
{
  for (guint i = 0; i < G_N_ELEMENTS (ticket_rows); i++)
    if (ticket_rows[i].act == act && (ticket_rows[i].from & BIT (from)) != 0)
      return &ticket_rows[i];
  return NULL;
}

const LoketTicketTransition *
loket_ticket_life_apply (LoketTicket    *ticket,
                         LoketTicketAct  act,
                         GError        **error)
{
  const LoketTicketTransition *row;

  g_return_val_if_fail ((guint) act < LOKET_TICKET_N_ACTS, NULL);
  row = loket_ticket_life_find (act, ticket->state);
  if (row == NULL)
    {
      g_autofree char *label = loket_ticket_get_label (ticket);

      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "ticket %s is %s; %s", label,
                   loket_ticket_state_to_string (ticket->state), ticket_acts[act].refusal);
      return NULL;
    }
  if (row->to != UNCHANGED)
    ticket->state = (LoketTicketState) row->to;
  return row;
}

const LoketTicketTransition *
loket_ticket_life_issue (LoketTicket *ticket)
{
  ticket->state = (LoketTicketState) ticket_rows[0].to;
  return &ticket_rows[0];
}

/* ---- counters ---------------------------------------------------------- */

#define C_ANY ((1u << LOKET_COUNTER_N_PHASES) - 1)
#define C_BUSY BIT (LOKET_COUNTER_PHASE_BUSY)

static const LoketCounterTransition counter_rows[] = {
  { BIT (LOKET_COUNTER_PHASE_CLOSED), LOKET_COUNTER_ACT_LOGIN,    LOKET_COUNTER_PHASE_OPEN,   "LOGGED_IN" },
  /* Another clerk logging in is a hand-over: the counter stays as it is,
   * a ticket in hand included. */
  { C_ANY & ~BIT (LOKET_COUNTER_PHASE_CLOSED),
                                      LOKET_COUNTER_ACT_LOGIN,    UNCHANGED,                  "LOGGED_IN" },
  { C_ANY & ~C_BUSY,                  LOKET_COUNTER_ACT_LOGOUT,   LOKET_COUNTER_PHASE_CLOSED, "LOGGED_OUT" },
  { BIT (LOKET_COUNTER_PHASE_OPEN),   LOKET_COUNTER_ACT_PAUSE,    LOKET_COUNTER_PHASE_PAUSED, "PAUSED" },
  { BIT (LOKET_COUNTER_PHASE_PAUSED), LOKET_COUNTER_ACT_RESUME,   LOKET_COUNTER_PHASE_OPEN,   "RESUMED" },
  { BIT (LOKET_COUNTER_PHASE_OPEN),   LOKET_COUNTER_ACT_CALL,     LOKET_COUNTER_PHASE_BUSY,   "CALLED" },
  { C_BUSY,                           LOKET_COUNTER_ACT_RECALL,   LOKET_COUNTER_PHASE_BUSY,   "RECALLED" },
  { C_BUSY,                           LOKET_COUNTER_ACT_START,    LOKET_COUNTER_PHASE_BUSY,   "STARTED" },
  { C_BUSY,                           LOKET_COUNTER_ACT_FINISH,   LOKET_COUNTER_PHASE_OPEN,   "FINISHED" },
  { C_BUSY,                           LOKET_COUNTER_ACT_NO_SHOW,  LOKET_COUNTER_PHASE_OPEN,   "NO_SHOW" },
  { C_BUSY,                           LOKET_COUNTER_ACT_TRANSFER, LOKET_COUNTER_PHASE_OPEN,   "TRANSFERRED" },
  { C_BUSY,                           LOKET_COUNTER_ACT_VOID,     LOKET_COUNTER_PHASE_OPEN,   "VOIDED" },
  { C_BUSY,                           LOKET_COUNTER_ACT_REFUSE_PRIORITY, LOKET_COUNTER_PHASE_BUSY, "PRIORITY_REFUSED" },
  { C_BUSY,                           LOKET_COUNTER_ACT_CLOSE_DAY, LOKET_COUNTER_PHASE_OPEN,  "UNSERVED" },
};

static const char * const phase_names[] = {
  [LOKET_COUNTER_PHASE_CLOSED] = "closed",
  [LOKET_COUNTER_PHASE_OPEN] = "open",
  [LOKET_COUNTER_PHASE_BUSY] = "busy",
  [LOKET_COUNTER_PHASE_PAUSED] = "paused",
};

static const struct {
  const char *name;
  const char *request;
  const char *refusal;   /* after "counter 1 is paused (prayer); " */
} counter_acts[] = {
  [LOKET_COUNTER_ACT_LOGIN]    = { "login",    "LOGIN",    "a clerk can always log in" },
  [LOKET_COUNTER_ACT_LOGOUT]   = { "logout",   "LOGOUT",   "a counter with a ticket in hand cannot log out" },
  [LOKET_COUNTER_ACT_PAUSE]    = { "pause",    "PAUSE",    "only an open counter with no ticket in hand can pause" },
  [LOKET_COUNTER_ACT_RESUME]   = { "resume",   "RESUME",   "only a paused counter can resume" },
  [LOKET_COUNTER_ACT_CALL]     = { "call",     "CALL",     "only an open counter with no ticket in hand can call" },
  [LOKET_COUNTER_ACT_RECALL]   = { "recall",   "RECALL",   "it has no ticket to recall" },
  [LOKET_COUNTER_ACT_START]    = { "start",    "START",    "it has no ticket to start" },
  [LOKET_COUNTER_ACT_FINISH]   = { "finish",   "FINISH",   "it has no ticket to finish" },
  [LOKET_COUNTER_ACT_NO_SHOW]  = { "no-show",  "NOSHOW",   "it has no ticket to mark no-show" },
  [LOKET_COUNTER_ACT_TRANSFER] = { "transfer", "TRANSFER", "it has no ticket to transfer" },
  [LOKET_COUNTER_ACT_VOID]     = { "void",     "VOID",     "it has no ticket to give up" },
  [LOKET_COUNTER_ACT_REFUSE_PRIORITY] = { "refuse-priority", "PRIORITY_REFUSE",
                                          "it has no ticket whose priority to refuse" },
  [LOKET_COUNTER_ACT_CLOSE_DAY] = { "close-day", "CLOSE_DAY", "it has no ticket to leave unserved" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (counter_acts) == LOKET_COUNTER_N_ACTS);
G_STATIC_ASSERT (G_N_ELEMENTS (phase_names) == LOKET_COUNTER_N_PHASES);

#define A(act) (1u << LOKET_COUNTER_ACT_##act)

/* What the clerk does next, where one act leads to a state the refused
 * act is allowed from.  Written out rather than searched for: "pause"
 * refused while paused is no reason to say "resume first". */
static const struct {
  guint              acts;
  LoketCounterPhase  phase;
  const char        *hint;
} counter_hints[] = {
  { A (CALL) | A (PAUSE),              LOKET_COUNTER_PHASE_CLOSED, "log in first" },
  { A (CALL),                          LOKET_COUNTER_PHASE_PAUSED, "resume first" },
  { A (CALL) | A (PAUSE) | A (LOGOUT), LOKET_COUNTER_PHASE_BUSY,
    "finish, transfer or mark the ticket no-show first" },
  { A (RECALL) | A (START) | A (FINISH) | A (NO_SHOW) | A (TRANSFER) | A (REFUSE_PRIORITY),
                                       LOKET_COUNTER_PHASE_OPEN,   "call a ticket first" },
};

const LoketCounterTransition *
loket_counter_life_table (guint *n_rows)
{
  *n_rows = G_N_ELEMENTS (counter_rows);
  return counter_rows;
}

const char *
loket_counter_phase_to_string (LoketCounterPhase phase)
{
  g_return_val_if_fail ((guint) phase < LOKET_COUNTER_N_PHASES, "invalid");
  return phase_names[phase];
}

const char *
loket_counter_act_to_string (LoketCounterAct act)
{
  g_return_val_if_fail ((guint) act < LOKET_COUNTER_N_ACTS, "invalid");
  return counter_acts[act].name;
}

const char *
loket_counter_act_request (LoketCounterAct act)
{
  g_return_val_if_fail ((guint) act < LOKET_COUNTER_N_ACTS, "invalid");
  return counter_acts[act].request;
}

LoketCounterPhase
loket_counter_phase (const LoketCounterState *counter)
{
  switch (counter->state)
    {
    case LOKET_COUNTER_CLOSED:
      return LOKET_COUNTER_PHASE_CLOSED;
    case LOKET_COUNTER_PAUSED:
      return LOKET_COUNTER_PHASE_PAUSED;
    case LOKET_COUNTER_OPEN:
    default:
      return counter->current_ticket != 0 ? LOKET_COUNTER_PHASE_BUSY : LOKET_COUNTER_PHASE_OPEN;
    }
}

const LoketCounterTransition *
loket_counter_life_find (LoketCounterAct   act,
                         LoketCounterPhase from)
{
  for (guint i = 0; i < G_N_ELEMENTS (counter_rows); i++)
    if (counter_rows[i].act == act && (counter_rows[i].from & BIT (from)) != 0)
      return &counter_rows[i];
  return NULL;
}

static void
set_counter_refusal (const LoketCounterState *counter,
                     LoketCounterPhase        phase,
                     LoketCounterAct          act,
                     GError                 **error)
{
  g_autofree char *paused = g_strdup_printf ("paused (%s)", counter->pause_reason ? counter->pause_reason
                                                                                  : "no reason given");
  const char *is = phase == LOKET_COUNTER_PHASE_PAUSED ? paused
                 : phase == LOKET_COUNTER_PHASE_BUSY ? "handling a ticket"
                 : phase == LOKET_COUNTER_PHASE_OPEN ? "open with no ticket in hand" : "closed";
  const char *hint = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (counter_hints); i++)
    if (counter_hints[i].phase == phase && (counter_hints[i].acts & (1u << act)) != 0)
      hint = counter_hints[i].hint;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "counter %s is %s; %s%s%s", counter->id, is,
               counter_acts[act].refusal, hint ? "; " : "", hint ? hint : "");
}

const LoketCounterTransition *
loket_counter_life_apply (LoketCounterState *counter,
                          LoketCounterAct    act,
                          GError           **error)
{
  static const LoketCounterStateKind stored[] = {
    [LOKET_COUNTER_PHASE_CLOSED] = LOKET_COUNTER_CLOSED,
    [LOKET_COUNTER_PHASE_OPEN] = LOKET_COUNTER_OPEN,
    [LOKET_COUNTER_PHASE_BUSY] = LOKET_COUNTER_OPEN,
    [LOKET_COUNTER_PHASE_PAUSED] = LOKET_COUNTER_PAUSED,
  };
  LoketCounterPhase phase = loket_counter_phase (counter);
  const LoketCounterTransition *row;

  g_return_val_if_fail ((guint) act < LOKET_COUNTER_N_ACTS, NULL);
  row = loket_counter_life_find (act, phase);
  if (row == NULL)
    {
      set_counter_refusal (counter, phase, act, error);
      return NULL;
    }
  if (row->to == UNCHANGED)
    return row;
  counter->state = stored[row->to];
  if (row->to != LOKET_COUNTER_PHASE_BUSY)
    counter->current_ticket = 0;
  return row;
}
