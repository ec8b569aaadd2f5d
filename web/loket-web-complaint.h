/* loket-web-complaint.h — complaints (pengaduan) on the citizen's phone
 * (docs/complaints.md, docs/web.md): the form, from a ticket's page
 * (/t/{token}/complaint) or from the public page (/complaint), read back
 * as a COMPLAIN body, and the tracking page (/c/{token}) that shows the
 * receipt, the state, the public steps and the answer.
 *
 * The gateway checks the form's lengths as loketd does, so that a text
 * too long comes back with the form kept and a message in the citizen's
 * language; what only loketd knows (a ticket's quota of complaints, the
 * charter's AllowAnonymous) comes back the same way with its word.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "loket-office-model.h"

G_BEGIN_DECLS

/* In characters, as loketd counts them (common/office/loket-complaint.h;
 * the gateway does not link the office library). */
#define LOKET_WEB_COMPLAINT_DESCRIPTION_MAX 2000
#define LOKET_WEB_COMPLAINT_NAME_MAX        100
#define LOKET_WEB_COMPLAINT_CONTACT_MAX     100
/* The largest form body accepted, in bytes: 2,300 characters of up to
 * four bytes each, percent-encoded (twelve bytes a character), and the
 * field names. */
#define LOKET_WEB_COMPLAINT_MAX_BODY        (28 * 1024)

typedef enum {
  LOKET_WEB_COMPLAINT_OK,
  LOKET_WEB_COMPLAINT_NO_CATEGORY,   /* none chosen, or not one of the eight */
  LOKET_WEB_COMPLAINT_NO_SERVICE,    /* the public form without a service */
  LOKET_WEB_COMPLAINT_EMPTY,         /* no description */
  LOKET_WEB_COMPLAINT_TOO_LONG,      /* a text over its limit (which: 0 description, 1 name, 2 contact) */
  LOKET_WEB_COMPLAINT_NOT_TEXT,      /* not a form of UTF-8 text */
  LOKET_WEB_COMPLAINT_QUOTA,         /* loketd: the ticket names three complaints already */
  LOKET_WEB_COMPLAINT_REFUSED,       /* loketd refused it (message: its words) */
  LOKET_WEB_COMPLAINT_CROSS_SITE,    /* posted from another site */
} LoketWebComplaintProblem;

typedef struct {
  char *service;       /* the public form's; NULL from a ticket */
  char *category;
  char *description;
  char *name;          /* NULL: not given */
  char *contact;
  LoketWebComplaintProblem problem;
  gint  which;
  gint  length;        /* TOO_LONG: the text's length in characters */
  char *message;       /* REFUSED: loketd's words */
} LoketWebComplaintForm;

void loket_web_complaint_form_free (LoketWebComplaintForm *form);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketWebComplaintForm, loket_web_complaint_form_free)

/* Reads an application/x-www-form-urlencoded body; always a form, with
 * form->problem saying whether it may be sent. */
LoketWebComplaintForm *loket_web_complaint_form_parse (const char *body,
                                                       gsize       length,
                                                       gboolean    with_service);
/* The COMPLAIN body: the ticket by @ticket_token, or the form's service. */
JsonObject            *loket_web_complaint_form_body  (const LoketWebComplaintForm *form,
                                                       const char                  *ticket_token);

/* The form: for the ticket of @status (TICKET_STATUS's reply) named by
 * @ticket_token, or with both NULL the public one with a list of the
 * services; @form (NULL: blank) is shown again with its problem. */
char *loket_web_page_complaint (LoketOfficeModel            *model,
                                JsonObject                  *status,
                                const char                  *ticket_token,
                                const char                  *lang,
                                const LoketWebComplaintForm *form);

/* The tracking page of @complaint (COMPLAINT's "complaint" by token). */
char *loket_web_page_complaint_receipt (LoketOfficeModel *model,
                                        JsonObject       *complaint,
                                        const char       *lang);

/* "The complaint could not be sent: post it from this site's form." */
char *loket_web_page_complaint_cross_site (LoketOfficeModel *model,
                                           const char       *lang);

G_END_DECLS
