/* loket-ticket.h — a citizen's ticket and its life cycle.
 *
 *   ISSUED ─print ok→ PRINTED ─call→ CALLED ─start→ SERVING ─finish→ DONE
 *      └print fail→ PRINT_FAILED            │ recall      └ transfer → WAITING
 *   CALLED ─transfer→ WAITING
 *   CALLED ─no-show after the recall limit→ NO_SHOW
 *   any waiting state or CALLED ─void (supervisor, reason)→ VOID
 *   PRINT_FAILED ─printed again (REPRINTED)→ PRINTED; a refused priority
 *   claim (PRIORITY_REFUSED) clears "priority" and keeps the state
 *   any waiting state or CALLED ─the day closes→ UNSERVED
 *
 * The rules themselves are a transition table on the server's side
 * (common/office/loket-life-cycle.c, docs/protocol.md "Life cycles");
 * this file only names the states, for the clients as for the server.
 *
 * ISSUED, PRINTED, PRINT_FAILED and WAITING are all "waiting to be called":
 * a citizen whose ticket failed to print saw the number on the kiosk's
 * screen and keeps the place in the queue.  Times are microseconds since
 * the Unix epoch (UTC), as g_get_real_time() gives them; 0 means "not yet".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  LOKET_TICKET_ISSUED,
  LOKET_TICKET_PRINTED,
  LOKET_TICKET_PRINT_FAILED,
  LOKET_TICKET_WAITING,
  LOKET_TICKET_CALLED,
  LOKET_TICKET_SERVING,
  LOKET_TICKET_DONE,
  LOKET_TICKET_NO_SHOW,
  LOKET_TICKET_VOID,
  LOKET_TICKET_UNSERVED,       /* still waiting or called when the day closed */
} LoketTicketState;

typedef enum {
  LOKET_OUTCOME_NONE,
  LOKET_OUTCOME_SERVED,        /* the service was delivered */
  LOKET_OUTCOME_INCOMPLETE,    /* requirements incomplete, citizen sent back */
  LOKET_OUTCOME_REFERRED,      /* referred to another office */
} LoketOutcome;

typedef struct {
  gint64            id;
  char             *service_day;     /* "YYYY-MM-DD" in the office's zone */
  char             *series;          /* letter of the issuing service */
  guint             number;          /* per (service_day, series) */
  char             *service;         /* current service (after transfers) */
  char             *issued_service;  /* the service it was issued for */
  char             *priority;        /* priority group id, or NULL */
  LoketTicketState  state;
  gint64            issued_at;
  gint64            arrival_at;      /* queue position; kept on transfer */
  gint64            called_at;       /* first call: wait = called − issued */
  gint64            started_at;
  gint64            finished_at;
  char             *counter;         /* counter that called it, or NULL */
  char             *clerk;           /* clerk who called/served it, or NULL */
  guint             recalls;
  guint             transfers;
  LoketOutcome      outcome;
  char             *device;          /* kiosk that issued it */
  /* The promise in force when it was issued, kept through transfers and
   * charter changes: it is judged by these (0: none recorded, a ticket
   * from before charter versions, judged by the charter at hand). */
  guint             charter_version;
  guint             promised_wait_minutes;
  guint             promised_service_minutes;
} LoketTicket;

LoketTicket *loket_ticket_new         (void);
void         loket_ticket_free        (LoketTicket *ticket);
LoketTicket *loket_ticket_copy        (const LoketTicket *ticket);

/* "A-007": the series letter and at least three digits. */
char        *loket_ticket_format_number (const char *series,
                                         guint       number);
char        *loket_ticket_get_label   (const LoketTicket *ticket);

JsonObject  *loket_ticket_to_json     (const LoketTicket *ticket);
/* The members of loket_ticket_to_json()'s object, the same names and
 * values in the same order, written straight to @out as JSON text
 * ("id":…,"number":…, no braces, so that a caller can add its own): for a
 * list as long as the queue, at a fraction of the cost.  tests/test-message.c
 * checks that the two agree. */
void         loket_ticket_append_json_members (const LoketTicket *ticket,
                                               GString           *out);
LoketTicket *loket_ticket_from_json   (JsonObject        *object,
                                       GError           **error);

const char  *loket_ticket_state_to_string   (LoketTicketState  state);
gboolean     loket_ticket_state_from_string (const char       *str,
                                             LoketTicketState *state);
gboolean     loket_ticket_state_is_waiting  (LoketTicketState  state);
gboolean     loket_ticket_state_is_final    (LoketTicketState  state);

const char  *loket_outcome_to_string        (LoketOutcome      outcome);
gboolean     loket_outcome_from_string      (const char       *str,
                                             LoketOutcome     *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTicket, loket_ticket_free)

G_END_DECLS
