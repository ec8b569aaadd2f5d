/* loket-kiosk-complaint.h — one citizen's complaint at the kiosk, filed
 * and put on paper, as an object with an explicit state that the kiosk
 * window observes (the complaint screens, docs/kiosk.md):
 *
 *   IDLE ──file──> FILING ──reply──> PRINTING ──ok / failed──> DONE
 *                    │  └──refused──> IDLE (refusal set)
 *                    └──timeout──> FILING (COMPLAIN again, same req_id)
 *   FILING ──reply, no printer──> DONE (the receipt on the screen only)
 *
 * The receipt is the server's reply, sent after the commit: DONE means
 * the complaint is on disk, whatever happened to the paper (print_state
 * says: "printed", "failed", "screen").  A timeout sends the same
 * COMPLAIN under the same req_id, as ISSUE does: a complaint is never
 * filed twice.  Unlike a ticket, the paper is not reported to the
 * server: the receipt number on the screen is the citizen's proof too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "loket-client.h"
#include "loket-printer.h"

G_BEGIN_DECLS

typedef enum {
  LOKET_KIOSK_COMPLAINT_IDLE,
  LOKET_KIOSK_COMPLAINT_FILING,
  LOKET_KIOSK_COMPLAINT_PRINTING,
  LOKET_KIOSK_COMPLAINT_DONE,
} LoketKioskComplaintState;

const char *loket_kiosk_complaint_state_to_string (LoketKioskComplaintState state);

/* The categories and their labels are the protocol's
 * (loket-complaint-category.h), shown in the kiosk's language. */
const char *loket_kiosk_complaint_category_label (const char *category);

#define LOKET_KIOSK_COMPLAINT_DESCRIPTION_MAX 2000   /* characters, the server's limit */
#define LOKET_KIOSK_COMPLAINT_NAME_MAX        100

#define LOKET_TYPE_KIOSK_COMPLAINT (loket_kiosk_complaint_get_type ())
G_DECLARE_FINAL_TYPE (LoketKioskComplaint, loket_kiosk_complaint, LOKET, KIOSK_COMPLAINT, GObject)

/* As loket_kiosk_flow_new (): @printer and @print_dir NULL for no paper;
 * @print_dir writes each receipt's PDF there instead of printing. */
LoketKioskComplaint *loket_kiosk_complaint_new (LoketClient  *client,
                                                LoketPrinter *printer,
                                                const char   *print_dir,
                                                double        media_width_mm);
/* The office (SERVICES): names, status URL, time zone. */
void     loket_kiosk_complaint_set_office (LoketKioskComplaint *self,
                                           JsonObject          *office);

/* Files a complaint: about the ticket @ticket_number of today (or NULL)
 * or else the @service; @name and @contact NULL or empty: anonymous.
 * FALSE (nothing sent) while one is FILING or PRINTING. */
gboolean loket_kiosk_complaint_file (LoketKioskComplaint *self,
                                     const char          *category,
                                     const char          *service,
                                     const char          *ticket_number,
                                     const char          *description,
                                     const char          *name,
                                     const char          *contact);
/* Back to IDLE from DONE (the citizen leaves the receipt screen), and
 * forgets the refusal. */
void     loket_kiosk_complaint_reset (LoketKioskComplaint *self);

LoketKioskComplaintState loket_kiosk_complaint_get_state (LoketKioskComplaint *self);
guint        loket_kiosk_complaint_get_attempts     (LoketKioskComplaint *self);
/* The server's refusal in its words, or NULL. */
const char  *loket_kiosk_complaint_get_refusal      (LoketKioskComplaint *self);
/* The COMPLAIN reply (the receipt), or NULL. */
JsonObject  *loket_kiosk_complaint_get_receipt      (LoketKioskComplaint *self);
/* The tracking link printed under the QR code, or NULL. */
const char  *loket_kiosk_complaint_get_tracking_url (LoketKioskComplaint *self);
/* "" (nothing yet), "printing", "printed", "failed", "screen". */
const char  *loket_kiosk_complaint_get_print_state  (LoketKioskComplaint *self);
const char  *loket_kiosk_complaint_get_print_reason (LoketKioskComplaint *self);
/* Whether loketd acknowledged the paper's result (PRINT with "receipt"):
 * sent when the print ends, after the screen says how it went. */
gboolean     loket_kiosk_complaint_get_print_reported (LoketKioskComplaint *self);

G_END_DECLS
