/* loket-report-pdf-private.h — what the PDF report's files share:
 * loket-report-pdf.c (the document, its pages' frame, the summary page),
 * loket-report-pdf-table.c (the table pages and the heat map) and
 * loket-report-charts.c (the summary's charts, which the supervisor's
 * screen draws too).  "Pdf" is the drawing context: on a page, or on a
 * widget's cairo context with no surface of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "loket-report-render.h"

G_BEGIN_DECLS

#define PDF_MM(mm) ((mm) * 72.0 / 25.4)   /* millimetres to PDF points */
#define PDF_A4_SHORT PDF_MM (210.0)
#define PDF_A4_LONG  PDF_MM (297.0)
#define PDF_MARGIN   PDF_MM (15.0)
#define PDF_FOOTER   PDF_MM (8.0)        /* below the content, above the margin */

typedef enum {
  PDF_OFFICE,
  PDF_TITLE,
  PDF_HEADING,
  PDF_BODY,
  PDF_BODY_BOLD,
  PDF_SMALL,
  PDF_SMALL_BOLD,
  PDF_FIGURE,
  PDF_CELL,
  PDF_CELL_BOLD,
} PdfStyle;

typedef struct {
  cairo_surface_t   *surface;
  cairo_t           *cr;
  PangoContext      *pango;      /* on a font map of the document's own */
  const LoketReport *report;
  char              *period;
  guint              page;       /* 1-based, the page being drawn */
  double             width;      /* of the page being drawn */
  double             height;
  double             cell_scale; /* < 1 when a table had to shrink */
} Pdf;

typedef struct {
  double r, g, b;
} PdfColour;

extern const PdfColour pdf_ink, pdf_muted, pdf_accent, pdf_warn, pdf_bad, pdf_rule, pdf_stripe, pdf_track;

void         pdf_set_colour   (Pdf *pdf, const PdfColour *colour);
/* A layout of @text in the house font (DejaVu Sans) at @size points,
 * @width wide (0: unbounded), wrapping at words and inside a word longer
 * than the line; plain text, never markup.  What pdf_layout and the SKM
 * report's text are drawn with. */
PangoLayout *pdf_layout_new   (PangoContext *pango, const char *text, double size, PangoWeight weight,
                               double width, PangoAlignment align);
/* Draws @layout at (@x, @y) on @cr when @draw; returns its height either
 * way. */
double       pdf_layout_show  (cairo_t *cr, PangoLayout *layout, double x, double y, gboolean draw);
/* A layout of @text in @style, @width wide (0: unbounded), wrapping at
 * words. */
PangoLayout *pdf_layout       (Pdf *pdf, const char *text, PdfStyle style, double width,
                               PangoAlignment align);
/* Draws @text at (@x, @y) when @draw; returns its height either way. */
double       pdf_text         (Pdf *pdf, double x, double y, double width, const char *text,
                               PdfStyle style, PangoAlignment align, gboolean draw);
double       pdf_text_width   (Pdf *pdf, const char *text, PdfStyle style);
void         pdf_rule_line    (Pdf *pdf, double x0, double x1, double y, double weight,
                               const PdfColour *colour);
/* Starts a page (A4, portrait or landscape) with the office and period
 * at the top and the page number at the foot; returns where content
 * starts. */
double       pdf_begin_page   (Pdf *pdf, gboolean landscape, const char *heading);
void         pdf_end_page     (Pdf *pdf);
/* The lowest y content may reach on this page. */
double       pdf_content_bottom (Pdf *pdf);

/* Where a document's bytes go (the office's, the region's and the SKM
 * report): @out, and the first error writing to it. */
typedef struct {
  GOutputStream *out;
  GError        *error;
} PdfSink;

/* cairo's write function for a PdfSink (the closure); after an error it
 * writes nothing more. */
cairo_status_t pdf_sink_write  (void *closure, const unsigned char *data, unsigned int length);
/* Closes the document drawn on @pdf (its pango context, cairo context
 * and surface); cairo's status. */
cairo_status_t pdf_close       (Pdf *pdf);
/* How the document went: the sink's error (taken from it) before cairo's
 * @status; FALSE with @error set if either failed. */
gboolean       pdf_sink_finish (PdfSink *sink, cairo_status_t status, GError **error);

/* The table pages of @table (loket-report-pdf-table.c); the last page is
 * left open, and where its content ends returned. */
double       pdf_table_pages  (Pdf *pdf, const LoketReportTable *table);
/* The weekday × hour heat map, below @y or on a page of its own. */
void         pdf_heat_map     (Pdf *pdf, double y);

/* The summary's charts (loket-report-charts.c), each from (@x, @y) and
 * @w wide; those without @h return where they end. */
double       pdf_key_figures      (Pdf *pdf, double x, double y, double w);
double       pdf_compliance_chart (Pdf *pdf, double x, double y, double w);
double       pdf_breaches_chart   (Pdf *pdf, double x, double y, double w);
void         pdf_arrivals_chart   (Pdf *pdf, double x, double y, double w, double h);
void         pdf_wait_chart       (Pdf *pdf, double x, double y, double w, double h);

G_END_DECLS
