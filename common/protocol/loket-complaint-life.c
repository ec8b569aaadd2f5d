/* loket-complaint-life.c — a complaint's states and
 * transition table (see loket-complaint-life.h).  The rows are the rules:
 * the handlers in server/loket-office-complaint.c never compare states
 * themselves, the supervisor's view shows only the acts a row allows, and
 * docs/protocol.md ("Life cycles", "Complaints") shows the same rows,
 * which tests/test-life-cycle.c holds to these.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-protocol"

#include "loket-complaint-life.h"
#include "loket-error.h"

#define BIT LOKET_LIFE_BIT

const char * const loket_complaint_state_names[] = {
  [LOKET_COMPLAINT_RECEIVED] = "received",
  [LOKET_COMPLAINT_IN_PROGRESS] = "in-progress",
  [LOKET_COMPLAINT_ANSWERED] = "answered",
  [LOKET_COMPLAINT_CLOSED] = "closed",
  [LOKET_COMPLAINT_ESCALATED] = "escalated",
  [LOKET_COMPLAINT_N_STATES] = NULL,
};

const char * const loket_complaint_act_names[] = {
  [LOKET_COMPLAINT_ACT_FILE] = "file",
  [LOKET_COMPLAINT_ACT_TAKE] = "take",
  [LOKET_COMPLAINT_ACT_ANSWER] = "answer",
  [LOKET_COMPLAINT_ACT_ESCALATE] = "escalate",
  [LOKET_COMPLAINT_ACT_REOPEN] = "reopen",
  [LOKET_COMPLAINT_ACT_CLOSE] = "close",
  [LOKET_COMPLAINT_ACT_NOTE] = "note",
  [LOKET_COMPLAINT_N_ACTS] = NULL,
};

/* Not closed: every state a step may still be taken in. */
#define C_OPEN (BIT (LOKET_COMPLAINT_RECEIVED) | BIT (LOKET_COMPLAINT_IN_PROGRESS) | \
                BIT (LOKET_COMPLAINT_ANSWERED) | BIT (LOKET_COMPLAINT_ESCALATED))

static const LoketComplaintTransition rows[] = {
  { 0,                                  LOKET_COMPLAINT_ACT_FILE,     LOKET_COMPLAINT_RECEIVED,    "COMPLAINED" },
  { BIT (LOKET_COMPLAINT_RECEIVED),     LOKET_COMPLAINT_ACT_TAKE,     LOKET_COMPLAINT_IN_PROGRESS, "COMPLAINT_MOVED" },
  /* A light complaint is answered at once; an escalated one is answered
   * when the head (or the Ombudsman's recommendation) has decided. */
  { BIT (LOKET_COMPLAINT_RECEIVED) | BIT (LOKET_COMPLAINT_IN_PROGRESS) | BIT (LOKET_COMPLAINT_ESCALATED),
                                        LOKET_COMPLAINT_ACT_ANSWER,   LOKET_COMPLAINT_ANSWERED,    "COMPLAINT_MOVED" },
  { BIT (LOKET_COMPLAINT_RECEIVED) | BIT (LOKET_COMPLAINT_IN_PROGRESS) | BIT (LOKET_COMPLAINT_ANSWERED),
                                        LOKET_COMPLAINT_ACT_ESCALATE, LOKET_COMPLAINT_ESCALATED,   "COMPLAINT_MOVED" },
  { BIT (LOKET_COMPLAINT_ANSWERED),     LOKET_COMPLAINT_ACT_REOPEN,   LOKET_COMPLAINT_IN_PROGRESS, "COMPLAINT_MOVED" },
  { BIT (LOKET_COMPLAINT_ANSWERED) | BIT (LOKET_COMPLAINT_ESCALATED),
                                        LOKET_COMPLAINT_ACT_CLOSE,    LOKET_COMPLAINT_CLOSED,      "COMPLAINT_MOVED" },
  { C_OPEN,                             LOKET_COMPLAINT_ACT_NOTE,     LOKET_LIFE_UNCHANGED,        "COMPLAINT_MOVED" },
};

/* What a refusal says after "complaint PGD-2026-000001 is closed; ". */
static const char * const refusals[] = {
  [LOKET_COMPLAINT_ACT_FILE] = "a complaint is filed only once",
  [LOKET_COMPLAINT_ACT_TAKE] = "only a complaint just received is taken up",
  [LOKET_COMPLAINT_ACT_ANSWER] = "only an open complaint not yet answered can be answered (reopen it first)",
  [LOKET_COMPLAINT_ACT_ESCALATE] = "only an open complaint not yet escalated can be escalated",
  [LOKET_COMPLAINT_ACT_REOPEN] = "only an answered complaint can be reopened",
  [LOKET_COMPLAINT_ACT_CLOSE] = "only an answered or escalated complaint can be closed (answer it first)",
  [LOKET_COMPLAINT_ACT_NOTE] = "a closed complaint takes no more notes",
};

G_STATIC_ASSERT (G_N_ELEMENTS (refusals) == LOKET_COMPLAINT_N_ACTS);
G_STATIC_ASSERT (G_N_ELEMENTS (loket_complaint_state_names) == LOKET_COMPLAINT_N_STATES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (loket_complaint_act_names) == LOKET_COMPLAINT_N_ACTS + 1);

gboolean
loket_complaint_category_is_valid (const char *category)
{
  return category != NULL && loket_complaint_category_index (category) >= 0;
}

const char *
loket_complaint_state_to_string (LoketComplaintState state)
{
  g_return_val_if_fail ((guint) state < LOKET_COMPLAINT_N_STATES, "invalid");
  return loket_complaint_state_names[state];
}

gboolean
loket_complaint_state_from_string (const char *text, LoketComplaintState *state)
{
  for (guint i = 0; i < LOKET_COMPLAINT_N_STATES; i++)
    if (g_strcmp0 (text, loket_complaint_state_names[i]) == 0)
      {
        *state = i;
        return TRUE;
      }
  return FALSE;
}

const char *
loket_complaint_act_to_string (LoketComplaintAct act)
{
  g_return_val_if_fail ((guint) act < LOKET_COMPLAINT_N_ACTS, "invalid");
  return loket_complaint_act_names[act];
}

const char *
loket_complaint_act_request (LoketComplaintAct act)
{
  return act == LOKET_COMPLAINT_ACT_FILE ? "COMPLAIN" : "COMPLAINT_STEP";
}

gboolean
loket_complaint_act_from_string (const char *text, LoketComplaintAct *act)
{
  for (guint i = 0; i < LOKET_COMPLAINT_N_ACTS; i++)
    if (g_strcmp0 (text, loket_complaint_act_names[i]) == 0)
      {
        *act = i;
        return TRUE;
      }
  return FALSE;
}

const LoketComplaintTransition *
loket_complaint_life_table (guint *n_rows)
{
  *n_rows = G_N_ELEMENTS (rows);
  return rows;
}

const LoketComplaintTransition *
loket_complaint_life_find (LoketComplaintAct act, LoketComplaintState from)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].act == act && (rows[i].from & BIT (from)) != 0)
      return &rows[i];
  return NULL;
}

const LoketComplaintTransition *
loket_complaint_life_check (const char          *receipt,
                            LoketComplaintState  from,
                            LoketComplaintAct    act,
                            GError             **error)
{
  const LoketComplaintTransition *row;

  g_return_val_if_fail ((guint) act < LOKET_COMPLAINT_N_ACTS, NULL);
  row = loket_complaint_life_find (act, from);
  if (row == NULL)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "complaint %s is %s; %s", receipt,
                 loket_complaint_state_to_string (from), refusals[act]);
  return row;
}

gboolean
loket_complaint_act_needs_text (LoketComplaintAct act)
{
  return act == LOKET_COMPLAINT_ACT_ANSWER || act == LOKET_COMPLAINT_ACT_ESCALATE ||
         act == LOKET_COMPLAINT_ACT_REOPEN || act == LOKET_COMPLAINT_ACT_NOTE;
}
