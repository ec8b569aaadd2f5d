/* loket-skm-report-pdf.c — the satisfaction survey's report as a PDF to
 * print and publish: the text report's layout (loket-skm-report.c), set
 * in a monospaced face on A4 pages so that its columns stay aligned, with
 * the page number at the foot.  A typeset layout like the service
 * report's (loket-report-pdf.c) may follow; the figures are the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "config.h"

#include "loket-skm-report.h"
#include "loket-error.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define MM(mm) ((mm) * 72.0 / 25.4)
#define PAGE_WIDTH MM (210.0)
#define PAGE_HEIGHT MM (297.0)
#define MARGIN MM (15.0)
#define FOOTER MM (8.0)

typedef struct {
  GOutputStream *out;
  GError        *error;
} Sink;

static cairo_status_t
write_to_stream (void *closure, const unsigned char *data, unsigned int length)
{
  Sink *sink = closure;

  if (sink->error != NULL || !g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static char *
report_text (const LoketSkmReport *report, GError **error)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;

  if (!loket_skm_report_write_text (report, memory, error) || !g_output_stream_close (memory, NULL, error))
    return NULL;
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
draw_text (cairo_t *cr, PangoContext *pango, const char *text, const char *font, double x, double y)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (pango);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The height of one line of the report's face. */
static double
line_height (PangoContext *pango)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (pango);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string ("Monospace 8");
  int height;

  pango_layout_set_font_description (layout, description);
  pango_layout_set_text (layout, "Xg", -1);
  pango_layout_get_pixel_size (layout, NULL, &height);
  return MAX (height, 1);
}

static void
draw_pages (cairo_t *cr, PangoContext *pango, char **lines)
{
  guint per_page = (guint) ((PAGE_HEIGHT - 2 * MARGIN - FOOTER) / line_height (pango));
  guint n = g_strv_length (lines);

  for (guint first = 0, page = 1; first < n; first += per_page, page++)
    {
      g_autoptr(GString) chunk = g_string_new (NULL);
      g_autofree char *number = g_strdup_printf ("%u", page);

      for (guint i = first; i < MIN (n, first + per_page); i++)
        g_string_append_printf (chunk, "%s\n", lines[i]);
      cairo_set_source_rgb (cr, 0, 0, 0);
      draw_text (cr, pango, chunk->str, "Monospace 8", MARGIN, MARGIN);
      draw_text (cr, pango, number, "Sans 8", PAGE_WIDTH / 2, PAGE_HEIGHT - MARGIN);
      cairo_show_page (cr);
    }
}

gboolean
loket_skm_report_write_pdf (const LoketSkmReport *report,
                            GOutputStream        *out,
                            GError              **error)
{
  Sink sink = { out, NULL };
  g_autofree char *text = report_text (report, error);
  g_auto(GStrv) lines = NULL;
  g_autoptr(PangoFontMap) fonts = NULL;
  PangoContext *pango;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (text == NULL)
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  surface = cairo_pdf_surface_create_for_stream (write_to_stream, &sink, PAGE_WIDTH, PAGE_HEIGHT);
  cr = cairo_create (surface);
  /* A font map of its own, gone with the document (loket-report-pdf.c). */
  fonts = pango_cairo_font_map_new ();
  pango = pango_font_map_create_context (fonts);
  pango_cairo_update_context (cr, pango);
  title = g_strdup_printf ("%s — %s – %s", lines[0], report->from, report->to);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Loket " PACKAGE_VERSION);
  draw_pages (cr, pango, lines);
  g_object_unref (pango);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (sink.error != NULL)
    {
      g_propagate_prefixed_error (error, sink.error, "writing the PDF: ");
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "drawing the PDF: %s", cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
