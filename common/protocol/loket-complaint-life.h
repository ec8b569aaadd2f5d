/* loket-complaint-life.h — a complaint's states, acts and
 * their transition table (docs/complaints.md, "States").
 *
 * The one table saying which step is allowed from which state: loketd's
 * handlers ask it before a step (server/loket-office-complaint.c), the
 * protocol table takes its names for the fields it admits, and the
 * supervisor's view asks it which buttons to show — so it lives here, in
 * libloket-protocol, which the apps link (they never link the office's
 * library and its SQLite).  docs/protocol.md ("Life cycles") shows the
 * same rows; tests/test-life-cycle.c holds the two to each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "loket-complaint-category.h"
#include "loket-life-bits.h"

G_BEGIN_DECLS

/* ---- categories -------------------------------------------------------- */

/* The categories themselves, ids and labels, are loket-complaint-category.h's. */
gboolean     loket_complaint_category_is_valid (const char *category);

/* ---- states and steps --------------------------------------------------- */

typedef enum {
  LOKET_COMPLAINT_RECEIVED,
  LOKET_COMPLAINT_IN_PROGRESS,
  LOKET_COMPLAINT_ANSWERED,
  LOKET_COMPLAINT_CLOSED,
  LOKET_COMPLAINT_ESCALATED,
  LOKET_COMPLAINT_N_STATES
} LoketComplaintState;

extern const char * const loket_complaint_state_names[];   /* NULL-ended */
const char  *loket_complaint_state_to_string   (LoketComplaintState state);
gboolean     loket_complaint_state_from_string (const char          *text,
                                                LoketComplaintState *state);

typedef enum {
  LOKET_COMPLAINT_ACT_FILE,       /* COMPLAIN: a new complaint */
  LOKET_COMPLAINT_ACT_TAKE,       /* staff take it up */
  LOKET_COMPLAINT_ACT_ANSWER,     /* the answer, shown to the complainant */
  LOKET_COMPLAINT_ACT_ESCALATE,   /* to the head, the Ombudsman, the DPRD */
  LOKET_COMPLAINT_ACT_REOPEN,     /* the complainant is not satisfied */
  LOKET_COMPLAINT_ACT_CLOSE,
  LOKET_COMPLAINT_ACT_NOTE,       /* a note on the record, no change */
  LOKET_COMPLAINT_N_ACTS
} LoketComplaintAct;

extern const char * const loket_complaint_act_names[];   /* NULL-ended, COMPLAINT_STEP's "act" */
const char  *loket_complaint_act_to_string   (LoketComplaintAct act);
const char  *loket_complaint_act_request     (LoketComplaintAct act);   /* "COMPLAINT_STEP" */
gboolean     loket_complaint_act_from_string (const char        *text,
                                              LoketComplaintAct *act);

typedef struct {
  guint              from;   /* LOKET_LIFE_BIT (LoketComplaintState) set; 0 for a new complaint */
  LoketComplaintAct  act;
  int                to;     /* a LoketComplaintState, or LOKET_LIFE_UNCHANGED */
  const char        *event;
} LoketComplaintTransition;

const LoketComplaintTransition *loket_complaint_life_table (guint *n_rows);
const LoketComplaintTransition *loket_complaint_life_find  (LoketComplaintAct   act,
                                                            LoketComplaintState from);
/* The row allowing @act from @from, or NULL and LOKET_ERROR_STATE with a
 * sentence naming the receipt, its state and what is allowed. */
const LoketComplaintTransition *loket_complaint_life_check (const char          *receipt,
                                                            LoketComplaintState  from,
                                                            LoketComplaintAct    act,
                                                            GError             **error);

/* Whether @act must come with a text ("answer", "escalate", "reopen",
 * "note"): what the complainant or the record is told. */
gboolean loket_complaint_act_needs_text (LoketComplaintAct act);

G_END_DECLS
