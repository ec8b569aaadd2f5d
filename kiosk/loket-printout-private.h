/* loket-printout-private.h — the drawing helpers the kiosk's papers share:
 * the ticket (loket-ticket-printout.c) and the complaint's receipt
 * (loket-complaint-receipt.c).  A paper is a list of blocks laid out top
 * to bottom by a LoketPen, twice: once to measure the page's length, once
 * to draw (see loket_printout_render).  Thermal heads print dots, not
 * greys: solid black, thick lines, QR modules of whole dots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

G_BEGIN_DECLS

/* Neither libqrencode, cairo nor pango (as of 1.50, for PangoContext)
 * define these. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PangoContext, g_object_unref)

#define MM(mm) ((mm) * 72.0 / 25.4)   /* millimetres to PDF points */

#define FONT_FAMILY     "DejaVu Sans"
#define MARGIN_SIDE     MM (2.5)
#define MARGIN_TOP      MM (3.0)
#define MARGIN_BOTTOM   MM (6.0)     /* room for the cutter */
#define LINE_WEIGHT     MM (0.5)     /* four dots of a 203 dpi head */
#define NUMBER_HEIGHT   MM (18.0)    /* the digits' height: legible at a metre */
#define NUMBER_INSET    MM (2.0)     /* so that it does not touch the edges */
#define QR_WIDTH        MM (30.0)    /* with its quiet zone */
#define QR_MIN_MODULE   MM (0.5)     /* below this, phones start to struggle */
#define QR_QUIET        4            /* modules, as ISO/IEC 18004 asks */
#define PRINTER_DOT     MM (25.4 / 203.0)

typedef enum {
  STYLE_OFFICE,
  STYLE_ADDRESS,
  STYLE_SERVICE,
  STYLE_PRIORITY,
  STYLE_BODY,
  STYLE_BODY_BOLD,
  STYLE_SMALL,
  STYLE_VALUES,
} Style;

/* Where the next block goes; with @paint FALSE nothing is drawn and only
 * @y moves, which is how the page's length is found. */
typedef struct {
  cairo_t      *cr;
  PangoContext *pango;
  gboolean      paint;
  double        x;
  double        width;
  double        y;
} LoketPen;

/* Blocks; @gap is the space in points before each. */
void  loket_pen_text   (LoketPen *pen, double gap, const char *text, Style style);
void  loket_pen_rule   (LoketPen *pen, double gap);
void  loket_pen_framed (LoketPen *pen, double gap, const char *text, Style style);
/* @height: the glyphs' ink height, NUMBER_HEIGHT on the ticket. */
void  loket_pen_number (LoketPen *pen, double gap, const char *number, double height);
void  loket_pen_qr     (LoketPen *pen, double gap, const QRcode *qr);

/* Lays out the whole paper from MARGIN_TOP to its end. */
typedef void (*LoketPrintoutLayOut) (LoketPen *pen, gconstpointer data);

/* The two passes: one PDF page @width_mm wide and as long as @lay_out
 * goes; @what names the paper in errors ("ticket", "receipt"). */
GBytes *loket_printout_render (LoketPrintoutLayOut  lay_out,
                               gconstpointer        data,
                               double               width_mm,
                               const char          *what,
                               const char          *title,
                               GError             **error);

/* "25-11-2026 08:15 WIB" in the office's zone. */
char   *loket_printout_format_time (gint64       at,
                                    const char  *zone_id,
                                    const char  *what,
                                    GError     **error);
/* Takes @text; a space after a digit becomes a no-break space. */
char   *loket_printout_keep_units  (char        *text);
/* @url as a QR code, or NULL with @error: too long. */
QRcode *loket_printout_encode_qr   (const char  *url,
                                    const char  *what,
                                    GError     **error);

G_END_DECLS
