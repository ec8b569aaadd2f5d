/* loket-region-report-pdf.c — the regional report as an A4 PDF.
 *
 * Page 1 is the league table, with no map: a map needs coordinates the
 * centre does not hold and ranks nothing a reader cannot read in a
 * column.  The complaints on pages of their own, when an office received
 * any: per office, then per category over all of them.  Then a page per office, in rank order: its services as its own
 * report's summary table.  The pages, the table layout (cut between
 * column groups, header repeated) and the fonts are the office report's
 * (loket-report-pdf.c, loket-report-pdf-table.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "config.h"

#include "loket-region-report-private.h"
#include "loket-report-pdf-private.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

/* The share the office's charter report calls good (its compliance
 * chart's target, loket-report-charts.c). */
#define TARGET_SHARE 90.0

static const PdfColour *
share_colour (double share)
{
  return share >= TARGET_SHARE ? &pdf_accent : share >= TARGET_SHARE - 15 ? &pdf_warn : &pdf_bad;
}

/* One office's bar: rank and id, the share within the promise as a bar
 * in the office report's colours, the figure at its end. */
static double
office_bar (Pdf *pdf, const LoketRegionOffice *office, double x, double y, double w)
{
  const LoketReportDurations *wait = &office->report->total->wait;
  double label_w = PDF_MM (55), bar_x = x + label_w, bar_w = w - label_w - PDF_MM (20);
  double h = PDF_MM (6);
  g_autofree char *label = g_strdup_printf ("%u. %s", office->rank, office->report->office);
  g_autofree char *figure = loket_report_format_percent (wait->within, wait->judged);
  g_autofree char *share = NULL;

  /* The language's decimal mark, as the table's cells and the office
   * report's charts write it. */
  if (g_str_equal (office->report->lang, "id"))
    g_strdelimit (figure, ".", ',');
  share = *figure ? g_strdup_printf ("%s%%", figure) : g_strdup ("–");

  pdf_set_colour (pdf, &pdf_ink);
  pdf_text (pdf, x, y + PDF_MM (0.8), label_w - PDF_MM (2), label, PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
  pdf_set_colour (pdf, &pdf_track);
  cairo_rectangle (pdf->cr, bar_x, y + PDF_MM (1), bar_w, PDF_MM (4));
  cairo_fill (pdf->cr);
  if (wait->judged > 0)
    {
      double fraction = (double) wait->within / wait->judged;

      pdf_set_colour (pdf, share_colour (100 * fraction));
      cairo_rectangle (pdf->cr, bar_x, y + PDF_MM (1), bar_w * fraction, PDF_MM (4));
      cairo_fill (pdf->cr);
    }
  pdf_set_colour (pdf, &pdf_ink);
  pdf_text (pdf, bar_x + bar_w + PDF_MM (2), y + PDF_MM (0.8), PDF_MM (16), share,
            PDF_SMALL, PANGO_ALIGN_RIGHT, TRUE);
  return h;
}

/* The offices' shares as bars, as many as the page holds (the table
 * above lists them all), the target marked. */
static double
league_bars (Pdf *pdf, const LoketRegionReport *report, double y)
{
  double x = PDF_MARGIN, w = pdf->width - 2 * PDF_MARGIN, top, bottom = pdf_content_bottom (pdf) - PDF_MM (14);
  double bar_x = x + PDF_MM (55), bar_w = w - PDF_MM (55) - PDF_MM (20);
  const double dash[] = { 3, 2 };
  guint shown = 0;

  pdf_set_colour (pdf, &pdf_ink);
  y += pdf_text (pdf, x, y, w, _("Waits within the promise, per office"), PDF_HEADING,
                 PANGO_ALIGN_LEFT, TRUE) + PDF_MM (2);
  top = y;
  for (; shown < report->offices->len && y + PDF_MM (6) <= bottom; shown++)
    y += office_bar (pdf, g_ptr_array_index (report->offices, shown), x, y, w);
  pdf_set_colour (pdf, &pdf_muted);
  cairo_set_line_width (pdf->cr, 0.6);
  cairo_set_dash (pdf->cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (pdf->cr, bar_x + bar_w * TARGET_SHARE / 100, top);
  cairo_line_to (pdf->cr, bar_x + bar_w * TARGET_SHARE / 100, y);
  cairo_stroke (pdf->cr);
  cairo_set_dash (pdf->cr, NULL, 0, 0);
  for (guint i = 0; i <= 4; i++)
    {
      g_autofree char *tick = g_strdup_printf ("%u%%", i * 25);

      pdf_text (pdf, bar_x + bar_w * i / 4 - PDF_MM (5), y + PDF_MM (0.5), PDF_MM (10), tick, PDF_SMALL,
                PANGO_ALIGN_CENTER, TRUE);
    }
  y += PDF_MM (5);
  if (shown < report->offices->len)
    {
      /* Translators: under the bars when a region has more offices than a page holds. */
      g_autofree char *more = g_strdup_printf (_("The first %u of %u offices; the table lists them all."),
                                               shown, report->offices->len);

      y += pdf_text (pdf, x, y, w, more, PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
    }
  return y + PDF_MM (3);
}

/* The league table's page, the bars under it while the page has room
 * (a long table runs on over pages of its own), and what it ranks by. */
static void
league_page (Pdf *pdf, const LoketRegionReport *report)
{
  g_autoptr(LoketReportTable) league = loket_region_report_league (report);
  double y = pdf_table_pages (pdf, league) + PDF_MM (6);
  double w = pdf->width - 2 * PDF_MARGIN;

  if (pdf->page == 1)
    y = league_bars (pdf, report, y);
  pdf_set_colour (pdf, &pdf_muted);
  pdf_text (pdf, PDF_MARGIN, y, w,
            _("Ranked by the share of waits within the charter's promise (a ticket left unserved "
              "counts as a breach). Times in minutes; median and 90th percentile by nearest rank. "
              "Computed at the regional centre from what the offices shipped; each office's "
              "services follow, one office a page."),
            PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
  pdf_set_colour (pdf, &pdf_ink);
  pdf_end_page (pdf);
}

/* A complaints table on a page of its own (they do not rank: the league
 * table's page keeps to the waits), and the note under it. */
static void
complaints_page (Pdf *pdf, const LoketReportTable *complaints)
{
  double y = pdf_table_pages (pdf, complaints) + PDF_MM (6);
  pdf_set_colour (pdf, &pdf_muted);
  pdf_text (pdf, PDF_MARGIN, y, pdf->width - 2 * PDF_MARGIN,
            _(LOKET_REGION_COMPLAINTS_NOTE),
            PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
  pdf_set_colour (pdf, &pdf_ink);
  pdf_end_page (pdf);
}

/* Per office, then per category over them all; none without complaints. */
static void
complaints_pages (Pdf *pdf, const LoketRegionReport *report)
{
  g_autoptr(LoketReportTable) offices = loket_region_report_complaints (report);
  g_autoptr(LoketReportTable) categories = loket_region_report_complaint_categories (report);

  if (offices == NULL)
    return;
  complaints_page (pdf, offices);
  complaints_page (pdf, categories);
}

static void
office_pages (Pdf *pdf, const LoketRegionOffice *office)
{
  g_autoptr(LoketReportTable) table = loket_region_report_office_table (office);

  pdf->report = office->report;
  pdf_table_pages (pdf, table);
  pdf_end_page (pdf);
}

gboolean
loket_region_report_write_pdf (const LoketRegionReport *report,
                               GOutputStream           *out,
                               GError                 **error)
{
  PdfSink sink = { out, NULL };
  g_autofree char *scope = loket_region_report_scope (report);
  /* The pages' running head: the region and the period. */
  LoketReport head = { .office = scope, .from = report->from, .to = report->to, .lang = report->lang };
  Pdf pdf = { .report = &head, .cell_scale = 1.0 };
  g_autoptr(PangoFontMap) fonts = pango_cairo_font_map_new ();
  g_autofree char *title = NULL;
  cairo_status_t status;

  pdf.period = loket_region_report_period (report);
  title = g_strdup_printf ("%s — %s", scope, pdf.period);
  pdf.surface = cairo_pdf_surface_create_for_stream (pdf_sink_write, &sink, PDF_A4_SHORT, PDF_A4_LONG);
  pdf.cr = cairo_create (pdf.surface);
  pdf.pango = pango_font_map_create_context (fonts);
  pango_cairo_update_context (pdf.cr, pdf.pango);
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_CREATOR, "Loket " PACKAGE_VERSION);
  league_page (&pdf, report);
  complaints_pages (&pdf, report);
  for (guint i = 0; i < report->offices->len; i++)
    office_pages (&pdf, g_ptr_array_index (report->offices, i));
  status = pdf_close (&pdf);
  g_free (pdf.period);
  return pdf_sink_finish (&sink, status, error);
}
