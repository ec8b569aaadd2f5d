/* loket-kiosk-flow.h — one citizen's take → print → report, as an object
 * with an explicit state, which the kiosk window observes.
 *
 *   IDLE ──take──> TAKING ──reply──> PRINTING ──ok / failed──> REPORTING ──> DONE / FAILED
 *                    │  └──refused──> IDLE (refusal set)
 *                    └──cancel─────> IDLE
 *   TAKING ──reply, no printer──> DONE (the number is on the screen only)
 *   FAILED ──reprint──> PRINTING ──> REPORTING ──> DONE / FAILED
 *
 * TAKING lasts until the server answers: a timeout sends the same ISSUE
 * again under the same req_id (the attempts count up).  REPORTING tells
 * the server what the citizen holds (PRINT); DONE means on paper (or on
 * screen, with no printer), FAILED that the printer failed and the
 * server knows.  A take may start again from IDLE, DONE or FAILED, and
 * also from REPORTING (the next citizen need not wait for a slow report;
 * that report's answer then no longer moves the state).  After a failed
 * print the citizen may ask for the same ticket again (reprint): it is
 * printed marked as a reprint and reported as one (PRINT "reprint").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "loket-client.h"
#include "loket-printer.h"

G_BEGIN_DECLS

typedef enum {
  LOKET_KIOSK_FLOW_IDLE,
  LOKET_KIOSK_FLOW_TAKING,
  LOKET_KIOSK_FLOW_PRINTING,
  LOKET_KIOSK_FLOW_REPORTING,
  LOKET_KIOSK_FLOW_DONE,
  LOKET_KIOSK_FLOW_FAILED,
} LoketKioskFlowState;

#define LOKET_TYPE_KIOSK_FLOW_STATE (loket_kiosk_flow_state_get_type ())
GType        loket_kiosk_flow_state_get_type (void);
const char  *loket_kiosk_flow_state_to_string (LoketKioskFlowState state);

#define LOKET_TYPE_KIOSK_FLOW (loket_kiosk_flow_get_type ())
G_DECLARE_FINAL_TYPE (LoketKioskFlow, loket_kiosk_flow, LOKET, KIOSK_FLOW, GObject)

/* @printer and @print_dir NULL: no paper, the number is shown only.
 * @print_dir: write each ticket's PDF there instead of printing. */
LoketKioskFlow      *loket_kiosk_flow_new        (LoketClient  *client,
                                                  LoketPrinter *printer,
                                                  const char   *print_dir,
                                                  double        media_width_mm);
/* The office as the server describes it (SERVICES or snapshot): names,
 * priority groups, status URL, time zone for the printed ticket. */
void                 loket_kiosk_flow_set_office (LoketKioskFlow *self,
                                                  JsonObject     *office);

/* Starts a take; FALSE (and nothing happens) while one is TAKING or
 * PRINTING: a double tap is not two tickets. */
gboolean             loket_kiosk_flow_take       (LoketKioskFlow *self,
                                                  const char     *service,
                                                  const char     *priority);
/* Prints the last ticket again after its print failed (FAILED only;
 * FALSE otherwise): the same ticket, marked "reprint", reported with
 * PRINT "reprint" → REPRINTED on the server. */
gboolean             loket_kiosk_flow_reprint    (LoketKioskFlow *self);
/* A supervisor asked this kiosk to print @ticket (a wire ticket, from the
 * REPRINT_ASKED event, with the event's @token for the QR code; NULL:
 * none) again: printed beside the flow, whatever state it is in, without
 * the queue figures of its issue, and reported.  FALSE for a kiosk
 * without paper. */
gboolean             loket_kiosk_flow_reprint_ticket (LoketKioskFlow *self,
                                                      JsonObject     *ticket,
                                                      const char     *token);
/* The citizen stops waiting (TAKING only) → IDLE. */
void                 loket_kiosk_flow_cancel     (LoketKioskFlow *self);

/* The "state" property (notify::state). */
LoketKioskFlowState  loket_kiosk_flow_get_state  (LoketKioskFlow *self);
/* ISSUE sent again after a timeout, in this take (notify::attempts). */
guint                loket_kiosk_flow_get_attempts (LoketKioskFlow *self);
/* The server's refusal of the last take, or NULL. */
const char          *loket_kiosk_flow_get_refusal (LoketKioskFlow *self);
/* Why, as a word: "closed" (outside the service's hours), "quota" (its
 * daily quota used up) — the two the server records as TURNED_AWAY —
 * or "other"; NULL when the last take was not refused. */
const char          *loket_kiosk_flow_get_refusal_kind (LoketKioskFlow *self);
/* The last ISSUE reply (ticket, people ahead, …), or NULL. */
JsonObject          *loket_kiosk_flow_get_ticket_reply (LoketKioskFlow *self);
/* What happened to the paper, as the screen and the tests name it:
 * "" (nothing yet), "printing", "printed", "failed", "screen". */
const char          *loket_kiosk_flow_get_print_state  (LoketKioskFlow *self);
/* Why the print failed, or NULL. */
const char          *loket_kiosk_flow_get_print_reason (LoketKioskFlow *self);

G_END_DECLS
