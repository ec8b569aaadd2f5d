/* loket-ticket-printout.h — the paper ticket a citizen takes home: a PDF
 * page for a thermal roll, drawn with cairo and pango.
 *
 * The ticket carries the number large enough to read at arm's length, the
 * service, when it was taken, how many were ahead, the estimated wait and
 * the charter's promise, the office's values, and a QR code with the
 * ticket's status URL.  Static texts follow the current gettext language,
 * so a citizen who chose English at the kiosk gets an English ticket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The width of the common 80 mm thermal roll's printable area. */
#define LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM 72.0

typedef struct {
  const char *office_name;           /* required */
  const char *office_address;        /* or NULL */
  const char *service_name;          /* required */
  const char *number;                /* "A-007", required */
  const char *priority_name;         /* "Lanjut usia", or NULL */
  gint64      issued_at;             /* µs since the epoch */
  const char *time_zone;             /* "Asia/Jakarta", the office's; required */
  guint       people_ahead;
  guint       estimated_wait_minutes;  /* nine in ten are called within it */
  gboolean    estimated_wait_is_range; /* the spread is wide: show from–to */
  guint       estimated_wait_from_minutes;
  guint       promised_wait_minutes;
  guint       promised_service_minutes;
  const char *values;                /* the office's values line, or NULL */
  const char *status_url;            /* the QR code's content, or NULL: no QR */
  gboolean    reprint;               /* a second paper: marked "REPRINT" under the number */
  gboolean    no_queue_figures;      /* people ahead and wait unknown (a reprint asked
                                        later): those lines are left out */
} LoketTicketPrintout;

/* Renders @printout as a one-page PDF @width_mm wide (the roll's printable
 * width); the page is as long as the content.  Returns the PDF, or NULL
 * with @error set. */
GBytes *loket_ticket_printout_render_pdf (const LoketTicketPrintout *printout,
                                          double                     width_mm,
                                          GError                   **error);

/* Expands the charter's StatusUrl template: "{token}" becomes the
 * ticket's token (docs/charter.md; the charter refuses templates that
 * name a ticket by its number or day).  Other text is kept as is.
 * Returns NULL for a NULL template or a ticket without a token (one
 * issued before tokens): then the ticket has no QR code. */
char   *loket_ticket_printout_expand_url (const char *url_template,
                                          const char *token);

G_END_DECLS
