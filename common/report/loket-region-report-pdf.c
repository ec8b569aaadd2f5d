/* loket-region-report-pdf.c — the regional report as an A4 PDF.
 *
 * Page 1 is the league table, with no map: a map needs coordinates the
 * centre does not hold and ranks nothing a reader cannot read in a
 * column.  Then a page per office, in rank order: its services as its own
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
#include "loket-error.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

typedef struct {
  GOutputStream *out;
  GError        *error;
} Sink;

static cairo_status_t
write_to_stream (void *closure, const unsigned char *data, unsigned int length)
{
  Sink *sink = closure;

  if (sink->error != NULL ||
      !g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* The league table's page, with what it ranks by under it. */
static void
league_page (Pdf *pdf, const LoketRegionReport *report)
{
  g_autoptr(LoketReportTable) league = loket_region_report_league (report);
  double y = pdf_table_pages (pdf, league) + PDF_MM (4);
  double w = pdf->width - 2 * PDF_MARGIN;

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
  Sink sink = { out, NULL };
  g_autofree char *scope = loket_region_report_scope (report);
  /* The pages' running head: the region and the period. */
  LoketReport head = { .office = scope, .from = report->from, .to = report->to, .lang = report->lang };
  Pdf pdf = { .report = &head, .cell_scale = 1.0 };
  g_autoptr(PangoFontMap) fonts = pango_cairo_font_map_new ();
  g_autofree char *title = NULL;
  cairo_status_t status;

  pdf.period = loket_region_report_period (report);
  title = g_strdup_printf ("%s — %s", scope, pdf.period);
  pdf.surface = cairo_pdf_surface_create_for_stream (write_to_stream, &sink, PDF_A4_SHORT, PDF_A4_LONG);
  pdf.cr = cairo_create (pdf.surface);
  pdf.pango = pango_font_map_create_context (fonts);
  pango_cairo_update_context (pdf.cr, pdf.pango);
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_CREATOR, "Loket " PACKAGE_VERSION);
  league_page (&pdf, report);
  for (guint i = 0; i < report->offices->len; i++)
    office_pages (&pdf, g_ptr_array_index (report->offices, i));
  g_object_unref (pdf.pango);
  cairo_destroy (pdf.cr);
  cairo_surface_finish (pdf.surface);
  status = cairo_surface_status (pdf.surface);
  cairo_surface_destroy (pdf.surface);
  g_free (pdf.period);
  if (sink.error != NULL)
    {
      g_propagate_prefixed_error (error, sink.error, "writing the PDF: ");
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
