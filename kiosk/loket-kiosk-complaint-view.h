/* loket-kiosk-complaint-view.h — the kiosk's complaint screens, one page
 * of the kiosk window's stack (docs/kiosk.md, "Complaints").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "loket-kiosk-complaint.h"

G_BEGIN_DECLS

#define LOKET_TYPE_KIOSK_COMPLAINT_VIEW (loket_kiosk_complaint_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketKioskComplaintView, loket_kiosk_complaint_view, LOKET, KIOSK_COMPLAINT_VIEW, GtkBox)

/* Adds its "win." actions to @actions (the window), which must outlive
 * the view; the complaint's flow is @complaint's. */
LoketKioskComplaintView *loket_kiosk_complaint_view_new (GActionMap          *actions,
                                                        LoketKioskComplaint *complaint);
/* The office (SERVICES): the services to choose from, and for the flow. */
void     loket_kiosk_complaint_view_set_office (LoketKioskComplaintView *self,
                                                JsonObject              *office);
/* A new citizen: the category page, everything typed before forgotten.
 * @service: the service the citizen was looking at, or NULL. */
void     loket_kiosk_complaint_view_start      (LoketKioskComplaintView *self,
                                                const char              *service);
/* FILING or PRINTING: not to be left by a timer or "home". */
gboolean loket_kiosk_complaint_view_busy       (LoketKioskComplaintView *self);
/* The receipt is shown: the window keeps it as long as a ticket. */
gboolean loket_kiosk_complaint_view_showing_receipt (LoketKioskComplaintView *self);
void     loket_kiosk_complaint_view_retranslate (LoketKioskComplaintView *self);

G_END_DECLS
