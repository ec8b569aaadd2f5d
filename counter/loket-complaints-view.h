/* loket-complaints-view.h — the supervisor's complaints page
 * (docs/complaints.md): the open complaints with their clocks, one
 * complaint in full with the acts on it, and a form to file one on a
 * citizen's behalf.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "loket-client.h"
#include "loket-office-model.h"

G_BEGIN_DECLS

#define LOKET_TYPE_COMPLAINTS_VIEW (loket_complaints_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketComplaintsView, loket_complaints_view, LOKET, COMPLAINTS_VIEW, GtkBox)

LoketComplaintsView *loket_complaints_view_new        (void);
/* The server asked, and the office (its services' names for the list
 * and the filing form, its time zone for the steps' times). */
void                 loket_complaints_view_connect    (LoketComplaintsView *self,
                                                       LoketClient         *client,
                                                       LoketOfficeModel    *model);
/* Who the acts are recorded under; NULL signed out (the view empties). */
void                 loket_complaints_view_set_supervisor (LoketComplaintsView *self,
                                                           const char          *supervisor);
/* Asks for the open complaints again, and the one shown. */
void                 loket_complaints_view_refresh    (LoketComplaintsView *self);
/* Shows complaint @receipt in full (COMPLAINT by receipt). */
void                 loket_complaints_view_open       (LoketComplaintsView *self,
                                                       const char          *receipt);
/* One act on the complaint shown (COMPLAINT_STEP); @text may be NULL. */
void                 loket_complaints_view_step       (LoketComplaintsView *self,
                                                       const char          *act,
                                                       const char          *text,
                                                       gboolean             is_public);
/* Shows the filing form. */
void                 loket_complaints_view_new_complaint (LoketComplaintsView *self);
/* Files a complaint (COMPLAIN); NULL or "" for what is not given. */
void                 loket_complaints_view_file       (LoketComplaintsView *self,
                                                       const char          *service,
                                                       const char          *ticket,
                                                       const char          *category,
                                                       const char          *description,
                                                       const char          *complainant,
                                                       const char          *contact);

/* The rows, each "receipt|service|category|state|clock" oldest first,
 * also the "rows" property; "overdue" counts the overdue ones. */
const char * const  *loket_complaints_view_get_rows    (LoketComplaintsView *self);
guint                loket_complaints_view_get_overdue (LoketComplaintsView *self);
/* The open complaints as COMPLAINTS listed them (the supervision's
 * alerts read receipt_print there), or NULL before the first list. */
JsonArray           *loket_complaints_view_get_list    (LoketComplaintsView *self);
/* "receipt|state|clock|complainant|steps" of the complaint shown (the
 * complainant "anonymous" or "purged" without a name), "" for none; also
 * the "detail" property.  "filed" is "receipt|deadline" of the last filed. */
const char          *loket_complaints_view_get_detail  (LoketComplaintsView *self);
const char          *loket_complaints_view_get_filed   (LoketComplaintsView *self);

G_END_DECLS
