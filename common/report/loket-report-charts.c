/* loket-report-charts.c — the charts of the report's summary, drawn with
 * cairo and pango onto whatever context the caller has: a PDF page
 * (loket-report-pdf.c's first page) or the supervisor's screen (the
 * report view in counter/ calls loket_report_chart_draw() from a
 * GtkDrawingArea).  One drawing code, so that what the head of office
 * sees on the screen is what the printout shows.
 *
 * Each chart labels its bars with their figures: colour carries no
 * meaning on its own, and a grey printout reads the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "config.h"

#include "loket-report-charts.h"
#include "loket-report-pdf-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define TARGET_SHARE 90.0      /* percent within the promise a service should reach */

/* ---- figures as the reader writes them ---------------------------------- */


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
double
pdf_key_figures (Pdf *pdf, double x, double y, double w)
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
  pdf_set_colour (pdf, &pdf_track);
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

double
pdf_compliance_chart (Pdf *pdf, double x, double y, double w)
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
  pdf_rule_line (pdf, x, x + w, y, 0.5, &pdf_rule);
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

      pdf_rule_line (pdf, p->x, p->x + p->w, gy, i == 0 ? 0.8 : 0.4, i == 0 ? &pdf_muted : &pdf_rule);
      pdf_set_colour (pdf, &pdf_muted);
      pdf_text (pdf, p->x - PDF_MM (11), gy - PDF_MM (1.5), PDF_MM (10),
                localise_decimal (pdf, label), PDF_SMALL, PANGO_ALIGN_RIGHT, TRUE);
    }
}

/* Arrivals per hour of an average day (the period's arrivals over its
 * service days), as a filled curve. */
void
pdf_arrivals_chart (Pdf *pdf, double x, double y, double w, double h)
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
void
pdf_wait_chart (Pdf *pdf, double x, double y, double w, double h)
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

/* ---- breaches and the longest waits ------------------------------------- */

static guint
breaches (const LoketReportService *s)
{
  return s->wait.judged - s->wait.within;
}

/* One service's breaches as a bar against the most of any service, and
 * its longest wait beside. */
static double
breach_bar (Pdf *pdf, const LoketReportService *s, double x, double y, double label_w,
            double bar_x, double bar_w, guint most, gboolean bold)
{
  g_autofree char *longest = loket_report_format_minutes (s->wait.max, s->wait.n > 0);
  /* Translators: beside a service's breaches bar: "12 · longest 74.5 min". */
  g_autofree char *figure = g_strdup_printf (_("%u · longest %s min"), breaches (s),
                                             *longest ? localise_decimal (pdf, longest) : "–");
  PdfStyle style = bold ? PDF_SMALL_BOLD : PDF_SMALL;
  double h = MAX (pdf_text (pdf, 0, 0, label_w, s->id[0] ? s->name : _("All services"), style,
                            PANGO_ALIGN_LEFT, FALSE), PDF_MM (5));

  pdf_set_colour (pdf, &pdf_ink);
  pdf_text (pdf, x, y, label_w, s->id[0] ? s->name : _("All services"), style, PANGO_ALIGN_LEFT, TRUE);
  if (!bold)
    {
      pdf_set_colour (pdf, &pdf_track);
      cairo_rectangle (pdf->cr, bar_x, y + h / 2 - PDF_MM (1.6), bar_w, PDF_MM (3.2));
      cairo_fill (pdf->cr);
      pdf_set_colour (pdf, &pdf_bad);
      cairo_rectangle (pdf->cr, bar_x, y + h / 2 - PDF_MM (1.6), bar_w * breaches (s) / MAX (most, 1),
                       PDF_MM (3.2));
      cairo_fill (pdf->cr);
    }
  pdf_set_colour (pdf, &pdf_ink);
  pdf_text (pdf, bar_x + bar_w + PDF_MM (2), y + h / 2 - PDF_MM (1.8), PDF_MM (36), figure, style,
            PANGO_ALIGN_LEFT, TRUE);
  return h + PDF_MM (1.2);
}

double
pdf_breaches_chart (Pdf *pdf, double x, double y, double w)
{
  GPtrArray *services = pdf->report->services;
  double label_w = w * 0.32, bar_x = x + label_w + PDF_MM (3);
  double bar_w = MAX (w - label_w - PDF_MM (3) - PDF_MM (38), PDF_MM (10));
  guint most = 0;

  y = heading (pdf, x, y, w, _("Breaches and the longest waits"),
               _("Citizens called later than promised, or never, and the longest wait, per service."));
  for (guint i = 0; i < services->len; i++)
    most = MAX (most, breaches (g_ptr_array_index (services, i)));
  for (guint i = 0; i < services->len; i++)
    y += breach_bar (pdf, g_ptr_array_index (services, i), x, y, label_w, bar_x, bar_w, most, FALSE);
  pdf_rule_line (pdf, x, x + w, y, 0.5, &pdf_rule);
  y += PDF_MM (1.5);
  return y + breach_bar (pdf, pdf->report->total, x, y, label_w, bar_x, bar_w, most, TRUE);
}

/* ---- any cairo context -------------------------------------------------- */

static const char * const chart_names[] = {
  [LOKET_REPORT_CHART_FIGURES]    = "figures",
  [LOKET_REPORT_CHART_COMPLIANCE] = "compliance",
  [LOKET_REPORT_CHART_BREACHES]   = "breaches",
  [LOKET_REPORT_CHART_WAITS]      = "waits",
  [LOKET_REPORT_CHART_ARRIVALS]   = "arrivals",
};

const char *
loket_report_chart_to_string (LoketReportChart chart)
{
  g_return_val_if_fail (chart < LOKET_REPORT_N_CHARTS, NULL);
  return chart_names[chart];
}

/* Draws, and returns where the drawing ended (the histograms fill
 * @height). */
static double
draw_chart (cairo_t *cr, const LoketReport *report, LoketReportChart chart, double width, double height)
{
  Pdf pdf = { .cr = cr, .report = report, .cell_scale = 1.0 };
  double end = height;

  pdf.pango = pango_cairo_create_context (cr);
  switch (chart)
    {
    case LOKET_REPORT_CHART_FIGURES:
      /* Less the space the page leaves below them: a card has its own. */
      end = pdf_key_figures (&pdf, 0, 0, width) - PDF_MM (4);
      break;
    case LOKET_REPORT_CHART_COMPLIANCE:
      /* The target's label sits above the first bar. */
      end = pdf_compliance_chart (&pdf, 0, 0, width);
      break;
    case LOKET_REPORT_CHART_BREACHES:
      end = pdf_breaches_chart (&pdf, 0, 0, width);
      break;
    case LOKET_REPORT_CHART_WAITS:
      pdf_wait_chart (&pdf, 0, 0, width, height);
      break;
    case LOKET_REPORT_CHART_ARRIVALS:
      pdf_arrivals_chart (&pdf, 0, 0, width, height);
      break;
    }
  g_object_unref (pdf.pango);
  return end;
}

double
loket_report_chart_height (const LoketReport *report,
                           LoketReportChart   chart,
                           double             width)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  double height;

  g_return_val_if_fail (report != NULL, 0);
  /* The histograms take the height they are given: about half their
   * width reads well on paper and on a screen. */
  if (chart == LOKET_REPORT_CHART_WAITS || chart == LOKET_REPORT_CHART_ARRIVALS)
    return CLAMP (width * 0.5, PDF_MM (45), PDF_MM (80));
  /* The bars grow with the services: measured by drawing them where
   * nobody sees. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (surface);
  height = draw_chart (cr, report, chart, width, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return ceil (height);
}

void
loket_report_chart_draw (cairo_t           *cr,
                         const LoketReport *report,
                         LoketReportChart   chart,
                         double             width,
                         double             height)
{
  g_return_if_fail (cr != NULL && report != NULL);
  cairo_save (cr);
  draw_chart (cr, report, chart, width, height);
  cairo_restore (cr);
}

/* "Kartu Keluarga 87.5%": a service's name and a figure, for the
 * words of the bar charts. */
static void
describe_services (GString *out, const LoketReport *report, LoketReportChart chart)
{
  for (guint i = 0; i <= report->services->len; i++)
    {
      const LoketReportService *s = i < report->services->len ? g_ptr_array_index (report->services, i)
                                                              : report->total;
      g_autofree char *share = loket_report_format_percent (s->wait.within, s->wait.judged);
      g_autofree char *longest = loket_report_format_minutes (s->wait.max, s->wait.n > 0);
      const char *name = s->id[0] ? s->name : _("All services");

      if (i > 0)
        g_string_append (out, "; ");
      if (chart == LOKET_REPORT_CHART_COMPLIANCE)
        g_string_append_printf (out, *share ? "%s %s%%" : "%s –", name, share);
      else
        /* Translators: a service's breaches and longest wait, in words. */
        g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s %u breach, longest %s min",
                                                  "%s %u breaches, longest %s min", breaches (s)),
                                name, breaches (s), *longest ? longest : "–");
    }
}

char *
loket_report_chart_describe (const LoketReport *report,
                             LoketReportChart   chart)
{
  GString *out = g_string_new (NULL);
  const LoketReportService *t;

  g_return_val_if_fail (report != NULL, NULL);
  t = report->total;
  switch (chart)
    {
    case LOKET_REPORT_CHART_FIGURES:
      {
        g_autofree char *share = loket_report_format_percent (t->wait.within, t->wait.judged);
        g_autofree char *median = loket_report_format_minutes (t->wait.median, t->wait.n > 0);

        /* Translators: the key figures in words. */
        g_string_append_printf (out, _("%u tickets; %s%% called within the promised wait; median wait %s min"),
                                t->issued, *share ? share : "–", *median ? median : "–");
      }
      break;
    case LOKET_REPORT_CHART_COMPLIANCE:
    case LOKET_REPORT_CHART_BREACHES:
      describe_services (out, report, chart);
      break;
    case LOKET_REPORT_CHART_WAITS:
      for (guint i = 0; i < LOKET_REPORT_WAIT_BINS; i++)
        g_string_append_printf (out, "%s%u", i ? " " : "", report->wait_histogram[i]);
      g_string_prepend (out, _("Called citizens per 5 minutes waited: "));
      break;
    case LOKET_REPORT_CHART_ARRIVALS:
      g_string_append (out, _("Arrivals per hour:"));
      for (guint hour = 0; hour < 24; hour++)
        if (report->hours[hour].arrivals > 0)
          g_string_append_printf (out, " %02u:%u", hour, report->hours[hour].arrivals);
      break;
    }
  return g_string_free (out, FALSE);
}
