/* loket-complaint-receipt.c — the complaint's receipt as one PDF page.
 *
 * Laid out as the ticket is (loket-printout-private.h), top to bottom:
 * the title, the office, the receipt number large, when, where and by
 * whom it was received, what about, the ticket's facts, the complainant,
 * the deadline with the answer's promise, and the tracking link with its
 * QR code.  The number is smaller than a ticket's: it is read, not called
 * across a hall, and "PGD-2026-000123" is long.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "config.h"

#include "loket-complaint-receipt.h"
#include "loket-printout-private.h"
#include "loket-error.h"

#include <glib/gi18n.h>
#include <string.h>

#define RECEIPT_NUMBER_HEIGHT MM (7.0)

typedef struct {
  const LoketComplaintReceipt *r;
  char   *received;
  char   *where;
  char   *by;
  char   *category;
  char   *service;
  char   *facts;
  char   *name;
  char   *deadline;
  char   *promise;
  QRcode *qr;
} Texts;

static void
texts_clear (Texts *t)
{
  g_free (t->received);
  g_free (t->where);
  g_free (t->by);
  g_free (t->category);
  g_free (t->service);
  g_free (t->facts);
  g_free (t->name);
  g_free (t->deadline);
  g_free (t->promise);
  g_clear_pointer (&t->qr, QRcode_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Texts, texts_clear)

static void
lay_out (LoketPen *pen, gconstpointer data)
{
  const Texts *t = data;
  const LoketComplaintReceipt *r = t->r;

  pen->y = MARGIN_TOP;
  loket_pen_text (pen, 0, r->office_name, STYLE_OFFICE);
  if (r->office_address != NULL && *r->office_address != '\0')
    loket_pen_text (pen, MM (0.8), r->office_address, STYLE_ADDRESS);
  loket_pen_rule (pen, MM (2.5));
  /* Translators: the title of the printed complaint receipt; capitals as printed. */
  loket_pen_text (pen, MM (3.0), _("COMPLAINT RECEIPT"), STYLE_SERVICE);
  loket_pen_number (pen, MM (3.0), r->receipt, RECEIPT_NUMBER_HEIGHT);
  loket_pen_text (pen, MM (3.0), t->received, STYLE_BODY);
  loket_pen_text (pen, MM (0.5), t->where, STYLE_BODY);
  loket_pen_text (pen, MM (0.5), t->by, STYLE_BODY);
  loket_pen_text (pen, MM (2.0), t->category, STYLE_BODY_BOLD);
  if (t->service != NULL)
    loket_pen_text (pen, MM (0.5), t->service, STYLE_BODY);
  if (t->facts != NULL)
    loket_pen_text (pen, MM (0.5), t->facts, STYLE_BODY);
  loket_pen_text (pen, MM (2.0), t->name, STYLE_BODY);
  loket_pen_framed (pen, MM (3.0), t->deadline, STYLE_PRIORITY);
  loket_pen_text (pen, MM (1.5), t->promise, STYLE_SMALL);
  if (t->qr != NULL)
    {
      loket_pen_qr (pen, MM (0.5), t->qr);
      loket_pen_text (pen, 0, r->tracking_url, STYLE_SMALL);
      /* Translators: under the QR code on the complaint receipt. */
      loket_pen_text (pen, MM (0.5), _("Scan to follow your complaint"), STYLE_SMALL);
    }
  pen->y += MARGIN_BOTTOM;
}

char *
loket_complaint_receipt_format_day (const char *day)
{
  unsigned y, m, d;
  char end;

  if (day == NULL || sscanf (day, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return NULL;
  return g_strdup_printf ("%02u-%02u-%04u", d, m, y);
}

/* "Waited 52 of the 30 promised minutes (ticket A-007)". */
static char *
format_facts (const LoketComplaintReceipt *r)
{
  if (r->ticket_number == NULL || *r->ticket_number == '\0')
    return NULL;
  if (r->waited_minutes >= 0 && r->promised_minutes > 0)
    /* Translators: the ticket's facts on the complaint receipt: its
       number, then how long the citizen waited against the promise. */
    return loket_printout_keep_units (g_strdup_printf (_("Ticket %s: waited %d of the %d promised minutes"),
                                                       r->ticket_number, r->waited_minutes,
                                                       r->promised_minutes));
  if (r->promised_minutes > 0)
    /* Translators: on the complaint receipt, a ticket not yet called. */
    return loket_printout_keep_units (g_strdup_printf (_("Ticket %s: not yet called, %d minutes promised"),
                                                       r->ticket_number, r->promised_minutes));
  /* Translators: on the complaint receipt, the ticket it is about. */
  return g_strdup_printf (_("Ticket %s"), r->ticket_number);
}

static gboolean
texts_init (Texts *t, const LoketComplaintReceipt *r, GError **error)
{
  g_autofree char *when = loket_printout_format_time (r->received_at, r->time_zone, "receipt", error);
  g_autofree char *due = loket_complaint_receipt_format_day (r->deadline);

  t->r = r;
  if (when == NULL)
    return FALSE;
  if (due == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "receipt: deadline “%s” is not a day (YYYY-MM-DD)", r->deadline);
      return FALSE;
    }
  /* Translators: on the complaint receipt; %s is a date and time. */
  t->received = g_strdup_printf (_("Received: %s"), when);
  /* Translators: on the complaint receipt: where (the kiosk's name). */
  t->where = g_strdup_printf (_("At: %s"),
                              r->device != NULL && *r->device != '\0' ? r->device : _("kiosk"));
  /* Translators: on the complaint receipt: by whom — the kiosk itself, no clerk. */
  t->by = g_strdup (_("Received by: Kiosk (self-service)"));
  /* Translators: on the complaint receipt; %s is the category's name. */
  t->category = g_strdup_printf (_("About: %s"), r->category);
  if (r->service_name != NULL && *r->service_name != '\0')
    /* Translators: on the complaint receipt; %s is the service's name. */
    t->service = g_strdup_printf (_("Service: %s"), r->service_name);
  t->facts = format_facts (r);
  /* Translators: on the complaint receipt; %s is the complainant's name. */
  t->name = g_strdup_printf (_("Complainant: %s"),
                             r->complainant != NULL && *r->complainant != '\0'
                               ? r->complainant
                               /* Translators: an anonymous complainant. */
                               : _("Anonymous"));
  /* Translators: on the complaint receipt, framed; %s is a date (15-12-2026). */
  t->deadline = g_strdup_printf (_("Answered by %s at the latest"), due);
  /* Translators: on the complaint receipt, under the deadline. */
  t->promise = g_strdup (_("The office answers your complaint by that date, counted in working days as the law (UU 25/2009) asks. Keep this receipt."));
  if (r->tracking_url != NULL && *r->tracking_url != '\0'
      && (t->qr = loket_printout_encode_qr (r->tracking_url, "receipt", error)) == NULL)
    return FALSE;
  return TRUE;
}

static gboolean
check_input (const LoketComplaintReceipt *r, double width_mm, GError **error)
{
  const char *missing = NULL;

  if (r == NULL)
    missing = "receipt";
  else if (r->office_name == NULL || *r->office_name == '\0')
    missing = "office_name";
  else if (r->receipt == NULL || *r->receipt == '\0')
    missing = "receipt number";
  else if (r->category == NULL || *r->category == '\0')
    missing = "category";
  if (missing != NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "receipt: %s is required", missing);
      return FALSE;
    }
  /* Written so that NaN fails too. */
  if (!(width_mm >= 40.0 && width_mm <= 120.0))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "receipt: width %.1f mm is outside 40–120 mm", width_mm);
      return FALSE;
    }
  return TRUE;
}

GBytes *
loket_complaint_receipt_render_pdf (const LoketComplaintReceipt *receipt,
                                    double                       width_mm,
                                    GError                     **error)
{
  g_auto(Texts) texts = { 0 };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_input (receipt, width_mm, error) || !texts_init (&texts, receipt, error))
    return NULL;
  return loket_printout_render (lay_out, &texts, width_mm, "receipt", receipt->receipt, error);
}

char *
loket_complaint_receipt_tracking_url (const char *status_url,
                                      const char *token)
{
  g_autofree char *escaped = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *at;

  if (status_url == NULL || token == NULL || *token == '\0')
    return NULL;
  escaped = g_uri_escape_string (token, NULL, FALSE);
  at = strstr (status_url, "/t/{token}");
  if (at != NULL)
    return g_strdup_printf ("%.*s/c/%s%s", (int) (at - status_url), status_url, escaped,
                            at + strlen ("/t/{token}"));
  /* Another shape of status page: the gateway's tracking page is at its
   * root whatever the ticket's page looks like. */
  uri = g_uri_parse (status_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s://%s:%d/c/%s", g_uri_get_scheme (uri), g_uri_get_host (uri),
                            g_uri_get_port (uri), escaped);
  return g_strdup_printf ("%s://%s/c/%s", g_uri_get_scheme (uri), g_uri_get_host (uri), escaped);
}
