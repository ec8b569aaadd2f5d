/* loket-report-pdf.c — the report as an A4 PDF, drawn with cairo and
 * pango: a first page a head of office reads in a minute, then the
 * grouping's table over as many pages as it takes.
 *
 * Page 1, portrait: the office and the period; four key figures; the
 * share of each service's citizens called within the promised wait, as
 * horizontal bars against a 90 % target line; the arrivals of an average
 * day by hour; and how long citizens waited, as a histogram with the
 * promises marked.  The charts are drawn by loket-report-charts.c, which
 * draws the same onto the supervisor's screen.  Tables follow in
 * landscape (loket-report-pdf-table.c).
 * The house style is the kiosk ticket's: DejaVu Sans, sizes in points
 * set absolutely, so that what is measured is what is drawn.  Colour
 * carries no meaning on its own: every bar is labelled with its figure,
 * so a grey printout reads the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "config.h"

#include "loket-report-pdf-private.h"
#include "loket-error.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define FONT_FAMILY "DejaVu Sans"

const PdfColour pdf_ink    = { 0.10, 0.11, 0.12 };
const PdfColour pdf_muted  = { 0.37, 0.42, 0.45 };
const PdfColour pdf_accent = { 0.12, 0.44, 0.55 };
const PdfColour pdf_warn   = { 0.85, 0.51, 0.17 };
const PdfColour pdf_bad    = { 0.69, 0.23, 0.18 };
const PdfColour pdf_rule   = { 0.80, 0.83, 0.85 };
const PdfColour pdf_stripe = { 0.95, 0.96, 0.97 };
const PdfColour pdf_track  = { 0.92, 0.94, 0.95 };

static const struct {
  double      size;    /* points */
  PangoWeight weight;
} styles[] = {
  [PDF_OFFICE]     = { 16.0, PANGO_WEIGHT_BOLD },
  [PDF_TITLE]      = { 12.5, PANGO_WEIGHT_BOLD },
  [PDF_HEADING]    = { 10.5, PANGO_WEIGHT_BOLD },
  [PDF_BODY]       = {  9.5, PANGO_WEIGHT_NORMAL },
  [PDF_BODY_BOLD]  = {  9.5, PANGO_WEIGHT_BOLD },
  [PDF_SMALL]      = {  7.5, PANGO_WEIGHT_NORMAL },
  [PDF_SMALL_BOLD] = {  7.5, PANGO_WEIGHT_BOLD },
  [PDF_FIGURE]     = { 19.0, PANGO_WEIGHT_BOLD },
  [PDF_CELL]       = {  7.0, PANGO_WEIGHT_NORMAL },
  [PDF_CELL_BOLD]  = {  7.0, PANGO_WEIGHT_BOLD },
};

/* ---- drawing helpers ---------------------------------------------------- */

void
pdf_set_colour (Pdf *pdf, const PdfColour *colour)
{
  cairo_set_source_rgb (pdf->cr, colour->r, colour->g, colour->b);
}

PangoLayout *
pdf_layout_new (PangoContext *pango, const char *text, double size, PangoWeight weight, double width,
                PangoAlignment align)
{
  PangoLayout *layout = pango_layout_new (pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family_static (font, FONT_FAMILY);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, align);
  /* A word longer than the line (a pasted address) is broken rather
   * than let out of its column. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, pango_units_from_double (width));
  /* Plain text, never markup: a name's or a suggestion's "<b>" is printed as typed. */
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
pdf_layout_show (cairo_t *cr, PangoLayout *layout, double x, double y, gboolean draw)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  if (draw)
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
  return pango_units_to_double (height);
}

PangoLayout *
pdf_layout (Pdf *pdf, const char *text, PdfStyle style, double width, PangoAlignment align)
{
  double size = styles[style].size;

  if (style == PDF_CELL || style == PDF_CELL_BOLD)
    size *= pdf->cell_scale;
  return pdf_layout_new (pdf->pango, text, size, styles[style].weight, width, align);
}

double
pdf_text (Pdf *pdf, double x, double y, double width, const char *text, PdfStyle style,
          PangoAlignment align, gboolean draw)
{
  g_autoptr(PangoLayout) layout = pdf_layout (pdf, text, style, width, align);

  return pdf_layout_show (pdf->cr, layout, x, y, draw);
}

double
pdf_text_width (Pdf *pdf, const char *text, PdfStyle style)
{
  g_autoptr(PangoLayout) layout = pdf_layout (pdf, text, style, 0, PANGO_ALIGN_LEFT);
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return pango_units_to_double (width);
}

void
pdf_rule_line (Pdf *pdf, double x0, double x1, double y, double weight, const PdfColour *colour)
{
  pdf_set_colour (pdf, colour);
  cairo_set_line_width (pdf->cr, weight);
  cairo_move_to (pdf->cr, x0, y);
  cairo_line_to (pdf->cr, x1, y);
  cairo_stroke (pdf->cr);
}

/* ---- the page frame ----------------------------------------------------- */

double
pdf_content_bottom (Pdf *pdf)
{
  return pdf->height - PDF_MARGIN - PDF_FOOTER;
}

double
pdf_begin_page (Pdf *pdf, gboolean landscape, const char *heading)
{
  double x = PDF_MARGIN, y = PDF_MARGIN, w, footer;
  g_autofree char *number = NULL;

  pdf->page++;
  pdf->width = landscape ? PDF_A4_LONG : PDF_A4_SHORT;
  pdf->height = landscape ? PDF_A4_SHORT : PDF_A4_LONG;
  cairo_pdf_surface_set_size (pdf->surface, pdf->width, pdf->height);
  w = pdf->width - 2 * PDF_MARGIN;
  /* Translators: the page number at the foot of each page. */
  number = g_strdup_printf (_("Page %u"), pdf->page);
  footer = pdf->height - PDF_MARGIN - pdf_text (pdf, 0, 0, w, number, PDF_SMALL, PANGO_ALIGN_LEFT, FALSE);
  pdf_set_colour (pdf, &pdf_muted);
  pdf_text (pdf, x, footer, w, number, PDF_SMALL, PANGO_ALIGN_RIGHT, TRUE);
  pdf_text (pdf, x, footer, w, _("Loket — report against the citizen charter"), PDF_SMALL,
            PANGO_ALIGN_LEFT, TRUE);
  if (heading == NULL)
    return y;
  pdf_text (pdf, x, y, w, pdf->report->office, PDF_SMALL_BOLD, PANGO_ALIGN_LEFT, TRUE);
  y += pdf_text (pdf, x, y, w, pdf->period, PDF_SMALL, PANGO_ALIGN_RIGHT, TRUE) + PDF_MM (1);
  pdf_rule_line (pdf, x, x + w, y, 0.5, &pdf_rule);
  pdf_set_colour (pdf, &pdf_ink);
  y += PDF_MM (2);
  return y + pdf_text (pdf, x, y, w, heading, PDF_TITLE, PANGO_ALIGN_LEFT, TRUE) + PDF_MM (3);
}

void
pdf_end_page (Pdf *pdf)
{
  cairo_show_page (pdf->cr);
}

/* ---- page 1: the summary ------------------------------------------------ */

/* The office, what this is, and when. */
static double
summary_header (Pdf *pdf, double x, double y, double w)
{
  const LoketReport *r = pdf->report;
  g_autofree char *when = NULL;

  pdf_set_colour (pdf, &pdf_ink);
  y += pdf_text (pdf, x, y, w, r->office, PDF_OFFICE, PANGO_ALIGN_LEFT, TRUE);
  pdf_set_colour (pdf, &pdf_muted);
  if (r->address != NULL)
    y += pdf_text (pdf, x, y, w, r->address, PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
  y += PDF_MM (3);
  pdf_rule_line (pdf, x, x + w, y, 1.0, &pdf_accent);
  y += PDF_MM (3);
  pdf_set_colour (pdf, &pdf_ink);
  y += pdf_text (pdf, x, y, w, _("Service report against the citizen charter"), PDF_TITLE,
                 PANGO_ALIGN_LEFT, TRUE);
  /* Translators: "1 January 2026 – 31 December 2026 · 250 service days". */
  when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u service day", "%s · %u service days", r->days),
                          pdf->period, r->days);
  y += pdf_text (pdf, x, y, w, when, PDF_BODY, PANGO_ALIGN_LEFT, TRUE);
  /* Each ticket is judged by the promise it was issued with: which
   * charters those were is part of what the report says. */
  pdf_set_colour (pdf, &pdf_muted);
  for (guint i = 0; r->charters != NULL && i < r->charters->len; i++)
    {
      g_autofree char *line = loket_report_describe_charter (g_ptr_array_index (r->charters, i));

      y += pdf_text (pdf, x, y, w, line, PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
    }
  pdf_set_colour (pdf, &pdf_ink);
  return y + PDF_MM (5);
}

/* Ending at @y, above the footer: the period's last daily anchor, so that a printed or
 * published report fixes the log up to it (docs/security.md). */
static void
anchor_line (Pdf *pdf, double x, double y, double w)
{
  const LoketReport *r = pdf->report;
  const LoketReportAnchor *last;
  g_autofree char *line = NULL;

  if (r->anchors == NULL || r->anchors->len == 0)
    return;
  last = g_ptr_array_index (r->anchors, r->anchors->len - 1);
  if (r->anchors->len == 1)
    /* Translators: on a report; %s is the day, then the hash. */
    line = g_strdup_printf (_("Anchor of %s (the hash of its last event): %s"), last->day, last->hash);
  else
    /* Translators: on a report of several days; %s is the last day, then
       the hash; the other days' anchors are listed by loketctl anchors. */
    line = g_strdup_printf (_("Anchor of the last day, %s: %s (every day's: loketctl anchors)"),
                            last->day, last->hash);
  /* Bottom-aligned at @y, however many lines it takes. */
  y -= pdf_text (pdf, 0, 0, w, line, PDF_SMALL, PANGO_ALIGN_LEFT, FALSE);
  pdf_set_colour (pdf, &pdf_muted);
  pdf_text (pdf, x, y, w, line, PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
}

static void
summary_page (Pdf *pdf)
{
  double x = PDF_MARGIN, w, y, half, chart_h;

  y = pdf_begin_page (pdf, FALSE, NULL);
  w = pdf->width - 2 * PDF_MARGIN;
  half = (w - PDF_MM (10)) / 2;
  y = summary_header (pdf, x, y, w);
  y = pdf_key_figures (pdf, x, y, w);
  y = pdf_compliance_chart (pdf, x, y, w) + PDF_MM (4);
  /* The charts take the rest of the page, above the note. */
  chart_h = CLAMP (pdf_content_bottom (pdf) - y - PDF_MM (16), PDF_MM (40), PDF_MM (100));
  pdf_arrivals_chart (pdf, x, y, half, chart_h);
  pdf_wait_chart (pdf, x + half + PDF_MM (10), y, half, chart_h);
  pdf_set_colour (pdf, &pdf_muted);
  pdf_text (pdf, x, y + chart_h + PDF_MM (2), w,
            _("Wait: from taking the ticket to the first call. Service time: from the start "
              "to the end of the service. Percentiles by nearest rank. Every figure is in the "
              "tables that follow, and defined in Loket's docs/reports.md."),
            PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
  anchor_line (pdf, x, pdf_content_bottom (pdf), w);
  pdf_end_page (pdf);
}

/* ---- the document ------------------------------------------------------- */

cairo_status_t
pdf_sink_write (void *closure, const unsigned char *data, unsigned int length)
{
  PdfSink *sink = closure;

  if (sink->error != NULL ||
      !g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t
pdf_close (Pdf *pdf)
{
  cairo_status_t status;

  g_clear_object (&pdf->pango);
  g_clear_pointer (&pdf->cr, cairo_destroy);
  cairo_surface_finish (pdf->surface);
  status = cairo_surface_status (pdf->surface);
  g_clear_pointer (&pdf->surface, cairo_surface_destroy);
  return status;
}

gboolean
pdf_sink_finish (PdfSink *sink, cairo_status_t status, GError **error)
{
  if (sink->error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&sink->error), "writing the PDF: ");
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "drawing the PDF: %s",
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
set_metadata (Pdf *pdf)
{
  g_autofree char *title = g_strdup_printf ("%s — %s", pdf->report->office, pdf->period);

  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_SUBJECT,
                                  _("Service report against the citizen charter"));
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR, "Loket " PACKAGE_VERSION);
}

gboolean
loket_report_write_pdf (const LoketReport   *report,
                        LoketReportGrouping  grouping,
                        GOutputStream       *out,
                        GError             **error)
{
  PdfSink sink = { out, NULL };
  Pdf pdf = { .report = report, .cell_scale = 1.0 };
  g_autoptr(PangoFontMap) fonts = NULL;
  g_autoptr(LoketReportTable) table = loket_report_table_new (report, grouping);
  cairo_status_t status;
  double y;

  pdf.period = loket_report_format_period (report);
  pdf.surface = cairo_pdf_surface_create_for_stream (pdf_sink_write, &sink, PDF_A4_SHORT, PDF_A4_LONG);
  pdf.cr = cairo_create (pdf.surface);
  /* A font map of its own, gone with the document (as the kiosk's ticket
   * does): the shared one would keep every font it matched for the life
   * of a counter app that exports reports now and then. */
  fonts = pango_cairo_font_map_new ();
  pdf.pango = pango_font_map_create_context (fonts);
  pango_cairo_update_context (pdf.cr, pdf.pango);
  set_metadata (&pdf);
  summary_page (&pdf);
  y = pdf_table_pages (&pdf, table);
  if (grouping == LOKET_REPORT_BY_HOUR)
    pdf_heat_map (&pdf, y);
  pdf_end_page (&pdf);
  status = pdf_close (&pdf);
  g_free (pdf.period);
  return pdf_sink_finish (&sink, status, error);
}

/* Here rather than beside the text and CSV writers: whatever links the
 * table alone (loket-web --central, through the region's report) need not
 * link cairo and pango. */
gboolean
loket_report_write (const LoketReport   *report,
                    LoketReportGrouping  grouping,
                    LoketReportFormat    format,
                    GOutputStream       *out,
                    GError             **error)
{
  switch (format)
    {
    case LOKET_REPORT_CSV: return loket_report_write_csv (report, grouping, out, error);
    case LOKET_REPORT_PDF: return loket_report_write_pdf (report, grouping, out, error);
    case LOKET_REPORT_TEXT:
    default:               return loket_report_write_text (report, grouping, FALSE, out, error);
    }
}
