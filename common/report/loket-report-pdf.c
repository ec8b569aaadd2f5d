/* loket-report-pdf.c — the report as an A4 PDF, drawn with cairo and
 * pango: a first page a head of office reads in a minute, then the
 * grouping's table over as many pages as it takes.
 *
 * Page 1, portrait: the office and the period; four key figures; the
 * share of each service's citizens called within the promised wait, as
 * horizontal bars against a 90 % target line; the arrivals of an average
 * day by hour; and how long citizens waited, as a histogram with the
 * promises marked.  Tables follow in landscape (loket-report-pdf-table.c).
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
#define TARGET_SHARE 90.0      /* percent within the promise a service should reach */
#define USEC_PER_MINUTE (60.0 * G_USEC_PER_SEC)

const PdfColour pdf_ink    = { 0.10, 0.11, 0.12 };
const PdfColour pdf_muted  = { 0.37, 0.42, 0.45 };
const PdfColour pdf_accent = { 0.12, 0.44, 0.55 };
const PdfColour pdf_warn   = { 0.85, 0.51, 0.17 };
const PdfColour pdf_bad    = { 0.69, 0.23, 0.18 };
const PdfColour pdf_rule   = { 0.80, 0.83, 0.85 };
const PdfColour pdf_stripe = { 0.95, 0.96, 0.97 };
static const PdfColour track = { 0.92, 0.94, 0.95 };

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
pdf_layout (Pdf *pdf, const char *text, PdfStyle style, double width, PangoAlignment align)
{
  PangoLayout *layout = pango_layout_new (pdf->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  double size = styles[style].size;

  if (style == PDF_CELL || style == PDF_CELL_BOLD)
    size *= pdf->cell_scale;
  pango_font_description_set_family_static (font, FONT_FAMILY);
  pango_font_description_set_weight (font, styles[style].weight);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
pdf_text (Pdf *pdf, double x, double y, double width, const char *text, PdfStyle style,
          PangoAlignment align, gboolean draw)
{
  g_autoptr(PangoLayout) layout = pdf_layout (pdf, text, style, width, align);
  int height;

  pango_layout_get_size (layout, NULL, &height);
  if (draw)
    {
      cairo_move_to (pdf->cr, x, y);
      pango_cairo_show_layout (pdf->cr, layout);
    }
  return pango_units_to_double (height);
}

double
pdf_text_width (Pdf *pdf, const char *text, PdfStyle style)
{
  g_autoptr(PangoLayout) layout = pdf_layout (pdf, text, style, 0, PANGO_ALIGN_LEFT);
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return pango_units_to_double (width);
}

static void
rule (Pdf *pdf, double x0, double x1, double y, double weight, const PdfColour *colour)
{
  pdf_set_colour (pdf, colour);
  cairo_set_line_width (pdf->cr, weight);
  cairo_move_to (pdf->cr, x0, y);
  cairo_line_to (pdf->cr, x1, y);
  cairo_stroke (pdf->cr);
}

/* "2.013.456" in Indonesian, "2,013,456" in English. */
static char *
format_thousands (const Pdf *pdf, guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  char separator = g_str_equal (pdf->report->lang, "id") ? '.' : ',';
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* "87,3" in Indonesian, "87.3" in English: the table's figures, as the
 * reader writes them. */
static char *
localise_decimal (const Pdf *pdf, char *text)
{
  if (g_str_equal (pdf->report->lang, "id"))
    g_strdelimit (text, ".", ',');
  return text;
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
  rule (pdf, x, x + w, y, 0.5, &pdf_rule);
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
  rule (pdf, x, x + w, y, 1.0, &pdf_accent);
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

static double
key_figure (Pdf *pdf, double x, double y, double w, const char *figure, const char *label)
{
  double h;

  pdf_set_colour (pdf, &pdf_accent);
  h = pdf_text (pdf, x, y, w, figure, PDF_FIGURE, PANGO_ALIGN_LEFT, TRUE);
  pdf_set_colour (pdf, &pdf_muted);
  return h + pdf_text (pdf, x, y + h, w, label, PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
}

static char *
percent_text (const Pdf *pdf, guint part, guint whole)
{
  g_autofree char *share = loket_report_format_percent (part, whole);

  return *share ? g_strdup_printf ("%s%%", localise_decimal (pdf, share)) : g_strdup ("–");
}

/* Four figures across: tickets, the wait promise kept, the median wait,
 * the service promise kept. */
static double
key_figures (Pdf *pdf, double x, double y, double w)
{
  const LoketReportService *t = pdf->report->total;
  double cell = w / 4, h = 0;
  g_autofree char *issued = format_thousands (pdf, t->issued);
  g_autofree char *within_wait = percent_text (pdf, t->wait.within, t->wait.judged);
  g_autofree char *median = loket_report_format_minutes (t->wait.median, t->wait.n > 0);
  g_autofree char *median_text = *median ? g_strdup_printf ("%s min", localise_decimal (pdf, median)) : g_strdup ("–");
  g_autofree char *within_service = percent_text (pdf, t->service.within, t->service.judged);

  h = MAX (h, key_figure (pdf, x, y, cell - PDF_MM (3), issued, _("tickets taken")));
  h = MAX (h, key_figure (pdf, x + cell, y, cell - PDF_MM (3), within_wait,
                          _("called within the promised wait")));
  h = MAX (h, key_figure (pdf, x + 2 * cell, y, cell - PDF_MM (3), median_text, _("median wait")));
  h = MAX (h, key_figure (pdf, x + 3 * cell, y, cell - PDF_MM (3), within_service,
                          _("served within the promised time")));
  y += h + PDF_MM (2);
  /* Nobody vanishes: those refused a ticket and those the day closed on. */
  {
    g_autofree char *turned = format_thousands (pdf, t->turned_away);
    g_autofree char *unserved = format_thousands (pdf, t->unserved);
    /* Translators: "Turned away (closed, or the quota used up): 3 · unserved when the day closed: 5". */
    g_autofree char *line = g_strdup_printf (_("Turned away (closed, or the quota used up): %s · "
                                               "unserved when the day closed: %s"), turned, unserved);

    pdf_set_colour (pdf, &pdf_muted);
    y += pdf_text (pdf, x, y, w, line, PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
  }
  return y + PDF_MM (5);
}

static const PdfColour *
share_colour (double share)
{
  return share >= TARGET_SHARE ? &pdf_accent : share >= TARGET_SHARE - 15 ? &pdf_warn : &pdf_bad;
}

/* One service's bar: its name and promise on the left, the share called
 * within the promise as a bar, the figure at the right. */
static double
service_bar (Pdf *pdf, const LoketReportService *s, double x, double y, double label_w,
             double bar_x, double bar_w, gboolean bold)
{
  g_autofree char *share = percent_text (pdf, s->wait.within, s->wait.judged);
  g_autofree char *promise = s->promised_wait_minutes
    /* Translators: the promised wait under a service's name in the chart. */
    ? g_strdup_printf (_("promise: %u min · %u called"), s->promised_wait_minutes, s->wait.n)
    : g_strdup_printf (_("%u called"), s->wait.n);
  double h;

  pdf_set_colour (pdf, &pdf_ink);
  h = pdf_text (pdf, x, y, label_w, s->id[0] ? s->name : _("All services"),
                bold ? PDF_SMALL_BOLD : PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
  pdf_set_colour (pdf, &pdf_muted);
  h += pdf_text (pdf, x, y + h, label_w, promise, PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
  h = MAX (h, PDF_MM (7));
  pdf_set_colour (pdf, &track);
  cairo_rectangle (pdf->cr, bar_x, y + h / 2 - PDF_MM (2), bar_w, PDF_MM (4));
  cairo_fill (pdf->cr);
  if (s->wait.judged > 0)
    {
      double fraction = (double) s->wait.within / s->wait.judged;

      pdf_set_colour (pdf, share_colour (100 * fraction));
      cairo_rectangle (pdf->cr, bar_x, y + h / 2 - PDF_MM (2), bar_w * fraction, PDF_MM (4));
      cairo_fill (pdf->cr);
    }
  pdf_set_colour (pdf, &pdf_ink);
  pdf_text (pdf, bar_x + bar_w + PDF_MM (2), y + h / 2 - PDF_MM (1.8), PDF_MM (16), share,
            bold ? PDF_SMALL_BOLD : PDF_SMALL, PANGO_ALIGN_RIGHT, TRUE);
  return h + PDF_MM (1.5);
}

/* The 90 % target as a dashed line over the bars, with a scale below. */
static double
share_axis (Pdf *pdf, double bar_x, double bar_w, double top, double bottom)
{
  double target = bar_x + bar_w * TARGET_SHARE / 100;
  g_autofree char *label = g_strdup_printf (_("target %.0f%%"), TARGET_SHARE);
  const double dash[] = { 3, 2 };

  for (guint i = 0; i <= 4; i++)
    {
      g_autofree char *tick = g_strdup_printf ("%u%%", i * 25);
      double tx = bar_x + bar_w * i / 4;

      pdf_set_colour (pdf, &pdf_muted);
      pdf_text (pdf, tx - PDF_MM (5), bottom + PDF_MM (0.5), PDF_MM (10), tick, PDF_SMALL,
                PANGO_ALIGN_CENTER, TRUE);
    }
  pdf_set_colour (pdf, &pdf_ink);
  cairo_set_line_width (pdf->cr, 1.0);
  cairo_set_dash (pdf->cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (pdf->cr, target, top - PDF_MM (1));
  cairo_line_to (pdf->cr, target, bottom);
  cairo_stroke (pdf->cr);
  cairo_set_dash (pdf->cr, NULL, 0, 0);
  pdf_text (pdf, target - PDF_MM (15), top - PDF_MM (4.5), PDF_MM (30), label, PDF_SMALL_BOLD,
            PANGO_ALIGN_CENTER, TRUE);
  return bottom + PDF_MM (5);
}

static double
heading (Pdf *pdf, double x, double y, double w, const char *title, const char *note)
{
  pdf_set_colour (pdf, &pdf_ink);
  y += pdf_text (pdf, x, y, w, title, PDF_HEADING, PANGO_ALIGN_LEFT, TRUE);
  pdf_set_colour (pdf, &pdf_muted);
  if (note != NULL)
    y += pdf_text (pdf, x, y, w, note, PDF_SMALL, PANGO_ALIGN_LEFT, TRUE);
  return y + PDF_MM (2);
}

static double
compliance_chart (Pdf *pdf, double x, double y, double w)
{
  GPtrArray *services = pdf->report->services;
  double label_w = w * 0.36, bar_x = x + label_w + PDF_MM (3);
  double bar_w = w - label_w - PDF_MM (3) - PDF_MM (18), top;

  y = heading (pdf, x, y, w, _("Called within the promised wait, per service"),
               _("The share of citizens called no later than the charter promises, "
                 "counted for the service they took a ticket for."));
  top = y + PDF_MM (5);
  y = top;
  for (guint i = 0; i < services->len; i++)
    y = y + service_bar (pdf, g_ptr_array_index (services, i), x, y, label_w, bar_x, bar_w, FALSE);
  rule (pdf, x, x + w, y, 0.5, &pdf_rule);
  y += PDF_MM (1.5);
  y += service_bar (pdf, pdf->report->total, x, y, label_w, bar_x, bar_w, TRUE);
  return share_axis (pdf, bar_x, bar_w, top, y);
}

/* A plot area with a left gutter for the scale: 0 … a round maximum in
 * four or five steps, with light gridlines. */
typedef struct {
  double x, y, w, h;        /* the area inside the axes */
  double top;               /* the value at the top */
} Plot;

static double
nice_step (double max)
{
  static const double steps[] = { 1, 2, 2.5, 5, 10 };
  double raw = MAX (max, 1e-9) / 4, magnitude = pow (10, floor (log10 (raw)));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * magnitude >= raw)
      return steps[i] * magnitude;
  return 10 * magnitude;
}

static void
plot_frame (Pdf *pdf, Plot *p, double max, gboolean percent)
{
  double step = nice_step (max);
  guint n = (guint) ceil (MAX (max, step) / step - 1e-9);

  p->top = step * n;
  for (guint i = 0; i <= n; i++)
    {
      double gy = p->y + p->h - p->h * i / n;
      g_autofree char *label = g_strdup_printf (percent ? "%g%%" : "%g", step * i);

      rule (pdf, p->x, p->x + p->w, gy, i == 0 ? 0.8 : 0.4, i == 0 ? &pdf_muted : &pdf_rule);
      pdf_set_colour (pdf, &pdf_muted);
      pdf_text (pdf, p->x - PDF_MM (11), gy - PDF_MM (1.5), PDF_MM (10),
                localise_decimal (pdf, label), PDF_SMALL, PANGO_ALIGN_RIGHT, TRUE);
    }
}

/* Arrivals per hour of an average day (the period's arrivals over its
 * service days), as a filled curve. */
static void
arrivals_chart (Pdf *pdf, double x, double y, double w, double h)
{
  const LoketReport *r = pdf->report;
  gint first = 24, last = -1;
  Plot p;
  double max = 0, slot;

  double bottom = y + h - PDF_MM (6);   /* the x labels below */

  y = heading (pdf, x, y, w, _("Arrivals per hour on an average day"),
               _("Citizens taking a ticket in each hour, over the period's service days."));
  for (gint hour = 0; hour < 24; hour++)
    if (r->hours[hour].arrivals > 0)
      first = MIN (first, hour), last = MAX (last, hour), max = MAX (max, (double) r->hours[hour].arrivals / r->days);
  p = (Plot) { x + PDF_MM (12), y + PDF_MM (2), w - PDF_MM (12), bottom - y - PDF_MM (2), 0 };
  plot_frame (pdf, &p, max, FALSE);
  if (last < 0)
    return;
  slot = p.w / (last - first + 1);
  cairo_move_to (pdf->cr, p.x + slot / 2, p.y + p.h);
  for (gint hour = first; hour <= last; hour++)
    cairo_line_to (pdf->cr, p.x + slot * (hour - first + 0.5),
                   p.y + p.h * (1 - r->hours[hour].arrivals / (double) r->days / p.top));
  cairo_line_to (pdf->cr, p.x + slot * (last - first + 0.5), p.y + p.h);
  cairo_close_path (pdf->cr);
  cairo_set_source_rgba (pdf->cr, pdf_accent.r, pdf_accent.g, pdf_accent.b, 0.18);
  cairo_fill (pdf->cr);
  pdf_set_colour (pdf, &pdf_accent);
  cairo_set_line_width (pdf->cr, 1.6);
  for (gint hour = first; hour <= last; hour++)
    cairo_line_to (pdf->cr, p.x + slot * (hour - first + 0.5),
                   p.y + p.h * (1 - r->hours[hour].arrivals / (double) r->days / p.top));
  cairo_stroke (pdf->cr);
  for (gint hour = first; hour <= last; hour++)
    {
      g_autofree char *label = g_strdup_printf ("%02d", hour);

      pdf_set_colour (pdf, &pdf_accent);
      cairo_new_path (pdf->cr);
      cairo_arc (pdf->cr, p.x + slot * (hour - first + 0.5),
                 p.y + p.h * (1 - r->hours[hour].arrivals / (double) r->days / p.top), 1.8, 0, 2 * G_PI);
      cairo_fill (pdf->cr);
      pdf_set_colour (pdf, &pdf_muted);
      pdf_text (pdf, p.x + slot * (hour - first), p.y + p.h + PDF_MM (1), slot, label, PDF_SMALL,
                PANGO_ALIGN_CENTER, TRUE);
    }
}

/* Each distinct promised wait as a dashed line over the histogram. */
static void
promise_marks (Pdf *pdf, const Plot *p, double bin_w)
{
  GPtrArray *services = pdf->report->services;
  const double dash[] = { 3, 2 };
  guint drawn[8] = { 0 }, n_drawn = 0;

  for (guint i = 0; i < services->len; i++)
    {
      guint minutes = ((LoketReportService *) g_ptr_array_index (services, i))->promised_wait_minutes;
      double mx = p->x + bin_w * minutes / LOKET_REPORT_WAIT_BIN_MINUTES;
      g_autofree char *label = g_strdup_printf (_("%u min"), minutes);
      gboolean seen = FALSE;

      for (guint j = 0; j < n_drawn; j++)
        seen |= drawn[j] == minutes;
      if (minutes == 0 || seen || n_drawn == G_N_ELEMENTS (drawn) || mx > p->x + p->w)
        continue;
      drawn[n_drawn++] = minutes;
      pdf_set_colour (pdf, &pdf_ink);
      cairo_set_line_width (pdf->cr, 0.9);
      cairo_set_dash (pdf->cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (pdf->cr, mx, p->y);
      cairo_line_to (pdf->cr, mx, p->y + p->h);
      cairo_stroke (pdf->cr);
      cairo_set_dash (pdf->cr, NULL, 0, 0);
      /* Promises close together (30, 45 min) take turns: the first label
       * left of its line, the next right of it, each a little lower. */
      if (n_drawn % 2 == 1)
        pdf_text (pdf, mx - PDF_MM (14.8), p->y + (n_drawn - 1) * PDF_MM (3.2), PDF_MM (14), label,
                  PDF_SMALL_BOLD, PANGO_ALIGN_RIGHT, TRUE);
      else
        pdf_text (pdf, mx + PDF_MM (0.8), p->y + (n_drawn - 1) * PDF_MM (3.2), PDF_MM (14), label,
                  PDF_SMALL_BOLD, PANGO_ALIGN_LEFT, TRUE);
    }
}

/* How long the called citizens waited, in 5-minute bins, as shares. */
static void
wait_chart (Pdf *pdf, double x, double y, double w, double h)
{
  const LoketReport *r = pdf->report;
  double max = 0, bin_w;
  guint called = MAX (r->total->wait.n, 1);
  Plot p;

  double bottom = y + h - PDF_MM (6);

  y = heading (pdf, x, y, w, _("How long citizens waited"),
               _("Share of the called citizens by minutes waited; dashed: the promised waits."));
  for (guint i = 0; i < LOKET_REPORT_WAIT_BINS; i++)
    max = MAX (max, 100.0 * r->wait_histogram[i] / called);
  p = (Plot) { x + PDF_MM (12), y + PDF_MM (2), w - PDF_MM (12), bottom - y - PDF_MM (2), 0 };
  plot_frame (pdf, &p, max, TRUE);
  bin_w = p.w / LOKET_REPORT_WAIT_BINS;
  pdf_set_colour (pdf, &pdf_accent);
  for (guint i = 0; i < LOKET_REPORT_WAIT_BINS; i++)
    {
      double bh = p.h * (100.0 * r->wait_histogram[i] / called) / p.top;

      cairo_rectangle (pdf->cr, p.x + bin_w * i + 0.6, p.y + p.h - bh, bin_w - 1.2, bh);
    }
  cairo_fill (pdf->cr);
  for (guint i = 0; i < LOKET_REPORT_WAIT_BINS; i += 6)
    {
      guint minutes = i * LOKET_REPORT_WAIT_BIN_MINUTES;
      g_autofree char *label = i + 1 == LOKET_REPORT_WAIT_BINS ? g_strdup_printf ("%u+", minutes)
                                                               : g_strdup_printf ("%u", minutes);

      pdf_set_colour (pdf, &pdf_muted);
      pdf_text (pdf, p.x + bin_w * i - PDF_MM (5), p.y + p.h + PDF_MM (1), PDF_MM (10), label,
                PDF_SMALL, PANGO_ALIGN_CENTER, TRUE);
    }
  promise_marks (pdf, &p, bin_w);
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
  y = key_figures (pdf, x, y, w);
  y = compliance_chart (pdf, x, y, w) + PDF_MM (4);
  /* The charts take the rest of the page, above the note. */
  chart_h = CLAMP (pdf_content_bottom (pdf) - y - PDF_MM (16), PDF_MM (40), PDF_MM (100));
  arrivals_chart (pdf, x, y, half, chart_h);
  wait_chart (pdf, x + half + PDF_MM (10), y, half, chart_h);
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
  Sink sink = { out, NULL };
  Pdf pdf = { .report = report, .cell_scale = 1.0 };
  g_autoptr(PangoFontMap) fonts = NULL;
  g_autoptr(LoketReportTable) table = loket_report_table_new (report, grouping);
  cairo_status_t status;
  double y;

  pdf.period = loket_report_format_period (report);
  pdf.surface = cairo_pdf_surface_create_for_stream (write_to_stream, &sink, PDF_A4_SHORT, PDF_A4_LONG);
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
