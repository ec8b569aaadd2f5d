/* loket-ticket-printout.c — the citizen's paper ticket as one PDF page.
 *
 * A thermal roll has a fixed width and no fixed length, so the ticket is
 * laid out twice by the same code: once to measure how long it is, once
 * to draw on a page cut to that length (cairo lets a PDF page be resized
 * until something is drawn on it).  Both passes use the same cairo_t and
 * pango context, so what is measured is what is drawn.  Thermal
 * heads print dots, not greys: everything is solid black, no line is
 * thinner than a few printer dots, and the QR code's modules are whole
 * dots of a 203 dpi head.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "config.h"

#include "loket-ticket-printout.h"
#include "loket-printout-private.h"
#include "loket-error.h"
#include "loket-office-time.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <errno.h>
#include <math.h>
#include <string.h>

static const struct {
  double      size;          /* points */
  PangoWeight weight;
  PangoStyle  slant;
} styles[] = {
  [STYLE_OFFICE]    = { 11.0, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
  [STYLE_ADDRESS]   = {  8.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
  [STYLE_SERVICE]   = { 12.0, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
  [STYLE_PRIORITY]  = { 11.0, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
  [STYLE_BODY]      = { 10.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
  [STYLE_BODY_BOLD] = { 10.0, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
  [STYLE_SMALL]     = {  8.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
  [STYLE_VALUES]    = {  9.0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC },
};

/* The texts of one ticket, composed once and laid out twice. */
typedef struct {
  const LoketTicketPrintout *p;
  char    *priority;
  char    *reprint;
  char    *issued;
  char    *ahead;
  char    *wait;
  char    *promise;
  QRcode  *qr;                /* NULL: no status URL */
} Texts;

static void
texts_clear (Texts *t)
{
  g_free (t->priority);
  g_free (t->reprint);
  g_free (t->issued);
  g_free (t->ahead);
  g_free (t->wait);
  g_free (t->promise);
  g_clear_pointer (&t->qr, QRcode_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Texts, texts_clear)

/* Centred text that wraps reads best in lines of even length, not a full
 * line and an orphan ("Jawa Tengah" / "50123"): the narrowest width that
 * needs no more lines.  In PANGO_WRAP_WORD a word that does not fit sticks
 * out instead of breaking, which is how a width too narrow shows; a text
 * whose words are all narrower than the result wraps the same in
 * PANGO_WRAP_WORD_CHAR. */
static void
balance_lines (PangoLayout *layout)
{
  int lines = pango_layout_get_line_count (layout);
  int hi = pango_layout_get_width (layout);
  int lo = hi / MAX (lines, 1);

  if (lines < 2)
    return;
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  while (hi - lo > PANGO_SCALE / 2)
    {
      int mid = lo + (hi - lo) / 2;
      PangoRectangle logical;

      pango_layout_set_width (layout, mid);
      pango_layout_get_extents (layout, NULL, &logical);
      if (pango_layout_get_line_count (layout) > lines || logical.width > mid)
        lo = mid;
      else
        hi = mid;
    }
  pango_layout_set_width (layout, hi);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
}

static PangoLayout *
new_layout (LoketPen *pen, const char *text, Style style, double width)
{
  PangoLayout *layout = pango_layout_new (pen->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family_static (font, FONT_FAMILY);
  pango_font_description_set_weight (font, styles[style].weight);
  pango_font_description_set_style (font, styles[style].slant);
  /* Absolute: in the PDF's own unit, whatever resolution pango assumes. */
  pango_font_description_set_absolute_size (font, styles[style].size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  /* Names are long and nothing may be cut: a word wider than the roll is
   * broken rather than left to run off the paper. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_text (layout, text, -1);
  balance_lines (layout);
  return layout;
}

/* Where a layout narrowed by balance_lines() starts, to stay centred in
 * @width. */
static double
centring (PangoLayout *layout, double width)
{
  return (width - pango_units_to_double (pango_layout_get_width (layout))) / 2;
}

void
loket_pen_text (LoketPen *pen, double gap, const char *text, Style style)
{
  g_autoptr(PangoLayout) layout = new_layout (pen, text, style, pen->width);
  int height;

  pen->y += gap;
  pango_layout_get_size (layout, NULL, &height);
  if (pen->paint)
    {
      cairo_move_to (pen->cr, pen->x + centring (layout, pen->width), pen->y);
      pango_cairo_show_layout (pen->cr, layout);
    }
  pen->y += pango_units_to_double (height);
}

void
loket_pen_rule (LoketPen *pen, double gap)
{
  pen->y += gap;
  if (pen->paint)
    {
      cairo_rectangle (pen->cr, pen->x, pen->y, pen->width, LINE_WEIGHT);
      cairo_fill (pen->cr);
    }
  pen->y += LINE_WEIGHT;
}

/* The priority group in a frame, so the clerk sees it at a glance. */
void
loket_pen_framed (LoketPen *pen, double gap, const char *text, Style style)
{
  double pad = MM (1.5);
  double inner = pen->width - 2 * (LINE_WEIGHT + pad);
  g_autoptr(PangoLayout) layout = new_layout (pen, text, style, inner);
  int height;
  double h;

  pen->y += gap;
  pango_layout_get_size (layout, NULL, &height);
  h = pango_units_to_double (height) + 2 * (LINE_WEIGHT + pad);
  if (pen->paint)
    {
      cairo_set_line_width (pen->cr, LINE_WEIGHT);
      cairo_rectangle (pen->cr, pen->x + LINE_WEIGHT / 2, pen->y + LINE_WEIGHT / 2,
                       pen->width - LINE_WEIGHT, h - LINE_WEIGHT);
      cairo_stroke (pen->cr);
      cairo_move_to (pen->cr, pen->x + LINE_WEIGHT + pad + centring (layout, inner),
                     pen->y + LINE_WEIGHT + pad);
      pango_cairo_show_layout (pen->cr, layout);
    }
  pen->y += h;
}

/* The number as large as NUMBER_HEIGHT allows, narrower if the roll is.
 * It is placed by its ink, not its line box, so the space around it is
 * what the eye sees. */
void
loket_pen_number (LoketPen *pen, double gap, const char *number, double height)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (pen->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  const double probe = 100.0;
  PangoRectangle ink;
  double size;

  pango_font_description_set_family_static (font, FONT_FAMILY);
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_stretch (font, PANGO_STRETCH_CONDENSED);
  pango_font_description_set_absolute_size (font, probe * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, number, -1);
  pango_layout_get_extents (layout, &ink, NULL);
  size = probe * height / MAX (pango_units_to_double (ink.height), 1.0);
  size = MIN (size, probe * (pen->width - 2 * NUMBER_INSET) / MAX (pango_units_to_double (ink.width), 1.0));
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_get_extents (layout, &ink, NULL);

  pen->y += gap;
  if (pen->paint)
    {
      cairo_move_to (pen->cr,
                     pen->x + (pen->width - pango_units_to_double (ink.width)) / 2
                            - pango_units_to_double (ink.x),
                     pen->y - pango_units_to_double (ink.y));
      pango_cairo_show_layout (pen->cr, layout);
    }
  pen->y += pango_units_to_double (ink.height);
}

/* The module size: whole printer dots, so every module prints the same;
 * about QR_WIDTH in all, wider only when a long URL needs more modules. */
static double
qr_module (const QRcode *qr, double width)
{
  double modules = qr->width + 2 * QR_QUIET;
  double module = QR_WIDTH / modules;

  if (module < QR_MIN_MODULE)
    module = MIN (QR_MIN_MODULE, width / modules);
  return MAX (floor (module / PRINTER_DOT), 1.0) * PRINTER_DOT;
}

void
loket_pen_qr (LoketPen *pen, double gap, const QRcode *qr)
{
  double module = qr_module (qr, pen->width);
  double side = (qr->width + 2 * QR_QUIET) * module;
  double x0 = pen->x + (pen->width - side) / 2 + QR_QUIET * module;
  double y0 = pen->y + gap + QR_QUIET * module;

  pen->y += gap;
  if (pen->paint)
    {
      /* One path of row runs, filled once: no seams between modules. */
      for (int row = 0; row < qr->width; row++)
        {
          const unsigned char *line = qr->data + (gsize) row * qr->width;

          for (int col = 0; col < qr->width; )
            {
              int start = col;

              while (col < qr->width && (line[col] & 1))
                col++;
              if (col > start)
                cairo_rectangle (pen->cr, x0 + start * module, y0 + row * module,
                                 (col - start) * module, module);
              else
                col++;
            }
        }
      cairo_fill (pen->cr);
    }
  pen->y += side;
}

/* The ticket, top to bottom.  Gaps are in points before each block. */
static void
lay_out (LoketPen *pen, const Texts *t)
{
  const LoketTicketPrintout *p = t->p;

  pen->y = MARGIN_TOP;
  loket_pen_text (pen, 0, p->office_name, STYLE_OFFICE);
  if (p->office_address != NULL && *p->office_address != '\0')
    loket_pen_text (pen, MM (0.8), p->office_address, STYLE_ADDRESS);
  loket_pen_rule (pen, MM (2.5));
  loket_pen_text (pen, MM (3.0), p->service_name, STYLE_SERVICE);
  loket_pen_number (pen, MM (4.0), p->number, NUMBER_HEIGHT);
  if (t->reprint != NULL)
    loket_pen_framed (pen, MM (4.0), t->reprint, STYLE_PRIORITY);
  if (t->priority != NULL)
    loket_pen_framed (pen, MM (4.0), t->priority, STYLE_PRIORITY);
  loket_pen_text (pen, MM (4.0), t->issued, STYLE_BODY);
  if (t->ahead != NULL)
    loket_pen_text (pen, MM (2.0), t->ahead, STYLE_BODY_BOLD);
  if (t->wait != NULL)
    loket_pen_text (pen, MM (0.5), t->wait, STYLE_BODY_BOLD);
  if (t->promise != NULL)
    loket_pen_text (pen, MM (2.0), t->promise, STYLE_SMALL);
  if (t->qr != NULL)
    {
      /* The quiet zone is part of the QR block, so the gap is small. */
      loket_pen_qr (pen, MM (0.5), t->qr);
      /* Translators: under the QR code on the ticket. */
      loket_pen_text (pen, 0, _("Scan to follow your ticket"), STYLE_SMALL);
    }
  if (p->values != NULL && *p->values != '\0')
    {
      loket_pen_rule (pen, MM (3.0));
      loket_pen_text (pen, MM (2.5), p->values, STYLE_VALUES);
    }
  pen->y += MARGIN_BOTTOM;
}

/* "25-11-2026 08:15 WIB" in the office's zone: the citizen's own clock
 * reads the same.  Zone names like "+07" say nothing and are left out. */
char *
loket_printout_format_time (gint64 at, const char *zone_id, const char *what, GError **error)
{
  g_autoptr(GTimeZone) zone = zone_id ? g_time_zone_new_identifier (zone_id) : NULL;
  g_autoptr(GDateTime) local = NULL;
  const char *abbrev;

  if (zone == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "%s: unknown time zone “%s”", what, zone_id ? zone_id : "(none)");
      return NULL;
    }
  local = loket_office_time (zone, at);
  if (local == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "%s: time %" G_GINT64_FORMAT " µs is out of range", what, at);
      return NULL;
    }
  abbrev = g_date_time_get_timezone_abbreviation (local);
  if (abbrev != NULL && g_ascii_isalpha (abbrev[0]))
    return g_date_time_format (local, "%d-%m-%Y %H:%M %Z");
  return g_date_time_format (local, "%d-%m-%Y %H:%M");
}

QRcode *
loket_printout_encode_qr (const char *url, const char *what, GError **error)
{
  QRcode *qr = QRcode_encodeString (url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

  if (qr == NULL)
    {
      int saved = errno;

      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "%s: the URL does not fit a QR code: %s", what, g_strerror (saved));
    }
  return qr;
}

/* Takes @text; a number and its unit stay on one line ("12 menit"), in
 * any translation: a space after a digit becomes a no-break space. */
char *
loket_printout_keep_units (char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const char *s = text; *s != '\0'; s++)
    {
      if (*s == ' ' && s > text && g_ascii_isdigit (s[-1]))
        g_string_append (out, "\xc2\xa0");    /* U+00A0 */
      else
        g_string_append_c (out, *s);
    }
  g_free (text);
  return g_string_free (out, FALSE);
}

/* How many were ahead, and the estimated wait, when the ticket was taken. */
static void
queue_figures (Texts *t, const LoketTicketPrintout *p)
{
  /* Translators: on the ticket, how many citizens are before this one. */
  t->ahead = g_strdup_printf (_("People ahead: %u"), p->people_ahead);
  if (p->estimated_wait_is_range && p->estimated_wait_from_minutes < p->estimated_wait_minutes)
    /* Translators: on the ticket, an estimated wait as a range of minutes. */
    t->wait = loket_printout_keep_units (g_strdup_printf (_("Estimated wait: %u–%u minutes"),
                                                        p->estimated_wait_from_minutes,
                                                        p->estimated_wait_minutes));
  else if (p->estimated_wait_minutes == 0)
    t->wait = g_strdup (_("Estimated wait: under a minute"));
  else
    t->wait = loket_printout_keep_units (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                     "Estimated wait: about %u minute",
                                                                     "Estimated wait: about %u minutes",
                                                                     p->estimated_wait_minutes),
                                                        p->estimated_wait_minutes));
}

static gboolean
texts_init (Texts *t, const LoketTicketPrintout *p, GError **error)
{
  t->p = p;
  if ((t->issued = loket_printout_format_time (p->issued_at, p->time_zone, "ticket", error)) == NULL)
    return FALSE;
  if (p->priority_name != NULL && *p->priority_name != '\0')
    /* Translators: on the ticket; %s is the priority group, e.g. "Lanjut usia". */
    t->priority = g_strdup_printf (_("Priority: %s"), p->priority_name);
  if (p->reprint)
    /* Translators: on a ticket printed a second time, under the number. */
    t->reprint = g_strdup (_("REPRINT"));
  /* A reprint asked later leaves out the figures of the issue: they
   * would mislead. */
  if (!p->no_queue_figures)
    queue_figures (t, p);
  if (p->promised_wait_minutes > 0 || p->promised_service_minutes > 0)
    /* Translators: on the ticket, the charter's promise (longest wait
       before being called, then how long service takes).  Keep the line
       break: the second line is the one that may wrap. */
    t->promise = loket_printout_keep_units (g_strdup_printf (_("Service standard:\nwait at most %u min, service %u min"),
                                                           p->promised_wait_minutes,
                                                           p->promised_service_minutes));
  if (p->status_url != NULL && *p->status_url != '\0')
    {
      t->qr = loket_printout_encode_qr (p->status_url, "ticket", error);
      if (t->qr == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_input (const LoketTicketPrintout *p, double width_mm, GError **error)
{
  const char *missing = NULL;

  if (p == NULL)
    missing = "printout";
  else if (p->office_name == NULL || *p->office_name == '\0')
    missing = "office_name";
  else if (p->service_name == NULL || *p->service_name == '\0')
    missing = "service_name";
  else if (p->number == NULL || *p->number == '\0')
    missing = "number";
  if (missing != NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "ticket: %s is required", missing);
      return FALSE;
    }
  /* Written so that NaN fails too. */
  if (!(width_mm >= 40.0 && width_mm <= 120.0))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "ticket: width %.1f mm is outside 40–120 mm", width_mm);
      return FALSE;
    }
  return TRUE;
}

static cairo_status_t
append_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t status, const char *what, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED,
               "%s: drawing failed: %s", what, cairo_status_to_string (status));
  return FALSE;
}

GBytes *
loket_printout_render (LoketPrintoutLayOut  lay_out_paper,
                       gconstpointer        data,
                       double               width_mm,
                       const char          *what,
                       const char          *title,
                       GError             **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  g_autoptr(PangoFontMap) fonts = NULL;
  g_autoptr(PangoContext) pango = NULL;
  LoketPen pen = { 0 };
  double width = MM (width_mm);

  /* Any height will do until the first drawing; see the two passes. */
  surface = cairo_pdf_surface_create_for_stream (append_to_array, pdf, width, width);
  cr = cairo_create (surface);
  /* A font map of its own, gone with the paper: the shared one would
   * keep every size the number was ever measured at, for the life of a
   * kiosk that runs for months. */
  fonts = pango_cairo_font_map_new ();
  pango = pango_font_map_create_context (fonts);
  pango_cairo_update_context (cr, pango);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Loket " PACKAGE_VERSION);

  pen = (LoketPen) { .cr = cr, .pango = pango, .paint = FALSE, .x = MARGIN_SIDE, .width = width - 2 * MARGIN_SIDE };
  lay_out_paper (&pen, data);
  cairo_pdf_surface_set_size (surface, width, ceil (pen.y));

  pen.paint = TRUE;
  cairo_set_source_rgb (cr, 0, 0, 0);
  lay_out_paper (&pen, data);
  cairo_show_page (cr);

  if (!check_cairo (cairo_status (cr), what, error))
    return NULL;
  cairo_surface_finish (surface);
  if (!check_cairo (cairo_surface_status (surface), what, error))
    return NULL;
  g_debug ("%s %s: %.1f × %.1f mm, %u bytes", what, title, width_mm,
           pen.y * 25.4 / 72.0, pdf->len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

static void
lay_out_ticket (LoketPen *pen, gconstpointer texts)
{
  lay_out (pen, texts);
}

GBytes *
loket_ticket_printout_render_pdf (const LoketTicketPrintout *printout,
                                  double                     width_mm,
                                  GError                   **error)
{
  g_auto(Texts) texts = { 0 };
  g_autofree char *title = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_input (printout, width_mm, error) || !texts_init (&texts, printout, error))
    return NULL;
  title = g_strdup_printf ("%s %s", printout->number, printout->service_name);
  return loket_printout_render (lay_out_ticket, &texts, width_mm, "ticket", title, error);
}

/* Appends @value percent-encoded, or nothing for NULL. */
static void
append_escaped (GString *out, const char *value)
{
  if (value != NULL)
    g_string_append_uri_escaped (out, value, NULL, FALSE);
}

char *
loket_ticket_printout_expand_url (const char *url_template,
                                  const char *token)
{
  GString *out;
  const char *s;

  /* No QR rather than one every ticket shares, or one for another. */
  if (url_template == NULL || token == NULL || *token == '\0')
    return NULL;
  out = g_string_sized_new (strlen (url_template) + 32);
  for (s = url_template; *s != '\0'; )
    {
      if (g_str_has_prefix (s, "{token}"))
        {
          append_escaped (out, token);
          s += strlen ("{token}");
        }
      else
        g_string_append_c (out, *s++);
    }
  return g_string_free (out, FALSE);
}
