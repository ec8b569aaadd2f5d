/* loket-report-pdf-table.c — a report table on landscape A4 pages, and
 * the weekday × hour heat map.
 *
 * Columns are as wide as their widest figure or the longest word of
 * their label (labels wrap, figures never do; a long service name wraps
 * in its cell).  A table a little too wide is set smaller; a table far
 * too wide (the service table has 26 columns, a counter table one per
 * pause reason) is cut into parts of whole columns, each part repeating
 * the columns that name the row.  Rows run on over as many pages as they
 * need, the header repeated on each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "config.h"

#include "loket-report-pdf-private.h"
#include "loket-i18n.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define CELL_PAD     2.5                /* points, each side */
#define NAME_MAX_W   PDF_MM (48)        /* a name column wraps beyond this */
#define MIN_SCALE    0.82               /* the smallest a table is set before it is cut */

typedef struct {
  const LoketReportTable *table;
  double *widths;                       /* natural width of each column */
  guint   n_fixed;                      /* leading text columns, repeated in each part */
} Layout;

static LoketReportColumn *
column (const LoketReportTable *table, guint c)
{
  return g_ptr_array_index (table->columns, c);
}

static const char *
cell (const LoketReportTable *table, guint r, guint c)
{
  return ((char **) g_ptr_array_index (table->rows, r))[c];
}

/* The longest word of @label, in the header's style. */
static double
longest_word (Pdf *pdf, const char *label)
{
  g_auto(GStrv) words = g_strsplit (label, " ", -1);
  double w = 0;

  for (guint i = 0; words[i] != NULL; i++)
    w = MAX (w, pdf_text_width (pdf, words[i], PDF_CELL_BOLD));
  return w;
}

static void
measure (Pdf *pdf, Layout *l)
{
  const LoketReportTable *t = l->table;

  l->widths = g_new0 (double, t->columns->len);
  for (guint c = 0; c < t->columns->len; c++)
    {
      double w = longest_word (pdf, column (t, c)->label);

      for (guint r = 0; r < t->rows->len; r++)
        w = MAX (w, pdf_text_width (pdf, cell (t, r, c), r + 1 == t->rows->len && t->has_total
                                                         ? PDF_CELL_BOLD : PDF_CELL));
      if (!column (t, c)->numeric && c > 0)
        w = MIN (w, NAME_MAX_W);
      l->widths[c] = w + 2 * CELL_PAD;
    }
  for (l->n_fixed = 0; l->n_fixed < t->columns->len && !column (t, l->n_fixed)->numeric; l->n_fixed++)
    ;
}

static double
sum_widths (const Layout *l, guint from, guint to)
{
  double w = 0;

  for (guint c = from; c < to; c++)
    w += l->widths[c];
  return w;
}

/* One cell, its text fitted to its column; returns the height. */
static double
draw_cell (Pdf *pdf, const Layout *l, guint c, double x, double y, const char *text,
           PdfStyle style, gboolean draw)
{
  g_autofree char *shown = g_strdup (text);

  if (column (l->table, c)->numeric && g_str_equal (pdf->report->lang, "id"))
    g_strdelimit (shown, ".", ',');
  return pdf_text (pdf, x + CELL_PAD, y, l->widths[c] * pdf->cell_scale - 2 * CELL_PAD, shown, style,
                   column (l->table, c)->numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, draw);
}

/* A row across @cols; @r < 0 is the header.  Returns its height. */
static double
draw_row (Pdf *pdf, const Layout *l, const guint *cols, guint n_cols, gint r, double y, gboolean draw)
{
  gboolean total = r >= 0 && l->table->has_total && (guint) r + 1 == l->table->rows->len;
  PdfStyle style = r < 0 || total ? PDF_CELL_BOLD : PDF_CELL;
  double x = PDF_MARGIN, h = 0;

  double full = draw ? draw_row (pdf, l, cols, n_cols, r, y, FALSE) - 3 : 0;

  for (guint i = 0; i < n_cols; i++)
    {
      const char *text = r < 0 ? column (l->table, cols[i])->label : cell (l->table, (guint) r, cols[i]);
      /* Header labels sit on the rule under them. */
      double drop = r < 0 && draw ? full - draw_cell (pdf, l, cols[i], x, y, text, style, FALSE) : 0;

      pdf_set_colour (pdf, r < 0 ? &pdf_muted : &pdf_ink);
      h = MAX (h, draw_cell (pdf, l, cols[i], x, y + 1.5 + drop, text, style, draw));
      x += l->widths[cols[i]] * pdf->cell_scale;
    }
  return MAX (h, full) + 3;
}

static void
fill_band (Pdf *pdf, double y, double w, double h, const PdfColour *colour)
{
  pdf_set_colour (pdf, colour);
  cairo_rectangle (pdf->cr, PDF_MARGIN, y, w, h);
  cairo_fill (pdf->cr);
}

static void
hline (Pdf *pdf, double y, double w, double weight)
{
  pdf_set_colour (pdf, &pdf_muted);
  cairo_set_line_width (pdf->cr, weight);
  cairo_move_to (pdf->cr, PDF_MARGIN, y);
  cairo_line_to (pdf->cr, PDF_MARGIN + w, y);
  cairo_stroke (pdf->cr);
}

/* A new page with the table's title and the header row. */
static double
table_page (Pdf *pdf, const Layout *l, const guint *cols, guint n_cols, const char *title, double w)
{
  double y = pdf_begin_page (pdf, TRUE, title), h;

  h = draw_row (pdf, l, cols, n_cols, -1, y, TRUE);
  hline (pdf, y + h, w, 0.8);
  return y + h + 1;
}

/* One part of the table (its columns @cols) over as many pages as it
 * takes; the last page is left open, and where it ends returned. */
static double
table_part (Pdf *pdf, const Layout *l, const guint *cols, guint n_cols, const char *title)
{
  double w = 0, y, bottom;

  for (guint i = 0; i < n_cols; i++)
    w += l->widths[cols[i]] * pdf->cell_scale;
  y = table_page (pdf, l, cols, n_cols, title, w);
  bottom = pdf_content_bottom (pdf);
  for (guint r = 0; r < l->table->rows->len; r++)
    {
      double h = draw_row (pdf, l, cols, n_cols, (gint) r, y, FALSE);
      gboolean total = l->table->has_total && r + 1 == l->table->rows->len;

      if (y + h > bottom)
        {
          g_autofree char *more = g_strdup_printf (_("%s (continued)"), title);

          pdf_end_page (pdf);
          y = table_page (pdf, l, cols, n_cols, more, w);
        }
      if (total)
        hline (pdf, y, w, 0.8);
      else if (r % 2 == 1)
        fill_band (pdf, y, w, h, &pdf_stripe);
      draw_row (pdf, l, cols, n_cols, (gint) r, y, TRUE);
      y += h;
    }
  return y;
}

/* Where a part that starts at column @start ends: as many columns as fit
 * beside the fixed ones (at least one), cut before a group that does not
 * fit whole if there is one to cut at. */
static guint
part_end (const Layout *l, guint start, double limit)
{
  guint n = l->table->columns->len, c = start, cut = 0;
  double w = sum_widths (l, 0, l->n_fixed);

  if (c >= n)
    return n;
  do
    {
      w += l->widths[c++];
      if (c < n && column (l->table, c)->group)
        cut = c;
    }
  while (c < n && w + l->widths[c] <= limit);
  /* Stopped inside a group: end the part where that group starts. */
  if (c < n && !column (l->table, c)->group && cut > start)
    return cut;
  return c;
}

double
pdf_table_pages (Pdf *pdf, const LoketReportTable *table)
{
  Layout l = { table };
  double avail = PDF_A4_LONG - 2 * PDF_MARGIN, total;
  g_autofree guint *cols = g_new0 (guint, table->columns->len);
  guint parts = 0, part = 0, n = table->columns->len;
  double y = 0;

  pdf->cell_scale = 1.0;
  measure (pdf, &l);
  total = sum_widths (&l, 0, n);
  if (total > avail && total * MIN_SCALE <= avail)
    pdf->cell_scale = avail / total;
  for (guint c = l.n_fixed; c < n || parts == 0; c = part_end (&l, c, avail / pdf->cell_scale))
    parts++;
  for (guint c = l.n_fixed; c < n || part == 0; part++)
    {
      guint end = part_end (&l, c, avail / pdf->cell_scale), k = 0;
      g_autofree char *title = parts > 1
        ? g_strdup_printf (_("%s, part %u of %u"), table->title, part + 1, parts)
        : g_strdup (table->title);

      for (guint f = 0; f < l.n_fixed; f++)
        cols[k++] = f;
      for (; c < end; c++)
        cols[k++] = c;
      if (part > 0)
        pdf_end_page (pdf);
      y = table_part (pdf, &l, cols, k, title);
    }
  pdf->cell_scale = 1.0;
  g_free (l.widths);
  return y;
}

/* ---- the heat map ------------------------------------------------------- */

/* Mean arrivals in @hour on one @weekday (0 = Monday) of the period. */
static double
mean_arrivals (const LoketReport *r, guint weekday, guint hour)
{
  guint days = r->days_by_weekday[weekday];

  return days ? (double) r->hours[hour].arrivals_by_weekday[weekday] / days : 0;
}

static void
heat_cell (Pdf *pdf, double x, double y, double w, double h, double value, double max)
{
  double t = max > 0 ? value / max : 0;
  g_autofree char *text = g_strdup_printf ("%.0f", value);

  cairo_set_source_rgb (pdf->cr, 1 - t * (1 - pdf_accent.r), 1 - t * (1 - pdf_accent.g),
                        1 - t * (1 - pdf_accent.b));
  cairo_rectangle (pdf->cr, x + 0.5, y + 0.5, w - 1, h - 1);
  cairo_fill (pdf->cr);
  if (t > 0.55)
    cairo_set_source_rgb (pdf->cr, 1, 1, 1);
  else
    pdf_set_colour (pdf, &pdf_ink);
  pdf_text (pdf, x, y + h / 2 - PDF_MM (1.6), w, text, PDF_BODY, PANGO_ALIGN_CENTER, TRUE);
}

void
pdf_heat_map (Pdf *pdf, double y)
{
  const LoketReport *r = pdf->report;
  const char *title = _("Arrivals on an average day, by weekday and hour");
  double label_w = PDF_MM (28), max = 0, cw, ch = PDF_MM (10);
  gint first = 24, last = -1;
  guint row = 0;

  for (guint h = 0; h < 24; h++)
    for (guint d = 0; d < 7; d++)
      if (r->hours[h].arrivals_by_weekday[d] > 0)
        first = MIN (first, (gint) h), last = MAX (last, (gint) h), max = MAX (max, mean_arrivals (r, d, h));
  if (y + PDF_MM (25) + 7 * ch > pdf_content_bottom (pdf))
    {
      pdf_end_page (pdf);
      y = pdf_begin_page (pdf, TRUE, title);
    }
  else
    {
      pdf_set_colour (pdf, &pdf_ink);
      y += PDF_MM (8);
      y += pdf_text (pdf, PDF_MARGIN, y, pdf->width - 2 * PDF_MARGIN, title, PDF_TITLE,
                     PANGO_ALIGN_LEFT, TRUE) + PDF_MM (1);
    }
  pdf_set_colour (pdf, &pdf_muted);
  y += pdf_text (pdf, PDF_MARGIN, y, pdf->width - 2 * PDF_MARGIN,
                 _("Each cell: the mean number of citizens arriving in that hour on that weekday, "
                   "over the period's service days. Darker is busier."),
                 PDF_SMALL, PANGO_ALIGN_LEFT, TRUE) + PDF_MM (4);
  if (last < 0)
    return;
  cw = MIN ((pdf->width - 2 * PDF_MARGIN - label_w) / (last - first + 1), PDF_MM (22));
  for (gint h = first; h <= last; h++)
    {
      g_autofree char *label = g_strdup_printf ("%02d:00", h);

      pdf_set_colour (pdf, &pdf_muted);
      pdf_text (pdf, PDF_MARGIN + label_w + cw * (h - first), y, cw, label, PDF_SMALL_BOLD,
                PANGO_ALIGN_CENTER, TRUE);
    }
  y += PDF_MM (5);
  for (guint d = 0; d < 7; d++)
    {
      if (r->days_by_weekday[d] == 0)
        continue;
      pdf_set_colour (pdf, &pdf_ink);
      pdf_text (pdf, PDF_MARGIN, y + row * ch + ch / 2 - PDF_MM (1.6), label_w,
                loket_i18n_weekday_name (d + 1), PDF_BODY_BOLD, PANGO_ALIGN_LEFT, TRUE);
      for (gint h = first; h <= last; h++)
        heat_cell (pdf, PDF_MARGIN + label_w + cw * (h - first), y + row * ch, cw, ch,
                   mean_arrivals (r, d, (guint) h), max);
      row++;
    }
}
