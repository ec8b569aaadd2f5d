/* loket-skm-report-pdf.c — the satisfaction survey's report as the
 * document offices publish (Laporan Survei Kepuasan Masyarakat,
 * PermenPAN-RB 14/2017), typeset on A4 with cairo and pango like the
 * service report (loket-report-pdf.c), whose colours and house face it
 * shares.
 *
 * Page 1: the office, the period, its services and when the document was
 * made; the unit's index, large, with its grade and performance, the
 * respondents and whether the Krejcie–Morgan sample was reached; the nine
 * elements' NRR as bars (the three lowest highlighted: the follow-up
 * plan's candidates); the per-element table whose last rows give the IKM
 * and the index.  Then per service the same figures, compact; the
 * respondents by channel and profile; the suggestions, as many as fit a
 * few pages, with a count of the rest; and the formula and regulation.
 *
 * Every figure is the LoketSkmReport's, printed as the text and CSV
 * renderers print it (loket-skm-report.c) — with the language's decimal
 * mark, as the service report's PDF does.  The document is drawn twice,
 * first only to count its pages, so that each page says "Page 2 of 3".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "config.h"

#include "loket-skm-report.h"
#include "loket-report-pdf-private.h"

#include <cairo-pdf.h>
#include <math.h>
#include <string.h>

#define WIDTH (PDF_A4_SHORT - 2 * PDF_MARGIN)
#define LOWEST 3                       /* elements highlighted for the follow-up plan */
#define SUGGESTION_PAGES 3             /* the most pages the suggestions may take */
#define CELL_PAD PDF_MM (1.2)
#define ROW_CELLS 32                   /* the most columns a table has */

/* Sizes in points, set absolutely: what is measured is what is drawn. */
#define S_INDEX   34.0
#define S_GRADE   30.0
#define S_OFFICE  16.0
#define S_TITLE   12.5
#define S_HEADING 10.5
#define S_BODY     9.0
#define S_SMALL    7.5
#define S_CELL     7.5
#define S_COMPACT  6.5

typedef enum {
  T_DOCUMENT, T_PERIOD, T_SERVICES, T_GENERATED, T_PAGE, T_FOOTER, T_INDEX, T_GRADE, T_RESPONDENTS,
  T_SAMPLE, T_REACHED, T_SHORT, T_CHART, T_CHART_NOTE, T_TABLE, T_NO, T_ELEMENT, T_ANSWERS, T_SUM,
  T_NRR, T_WEIGHT, T_WEIGHTED, T_IKM, T_INDEX_ROW, T_GRADE_ROW, T_BY_SERVICE, T_SERVICE, T_SERVED,
  T_SAMPLE_COLUMN, T_REACHED_COLUMN, T_YES, T_NO_ANSWER, T_BY_CHANNEL, T_CHANNEL, T_PROFILE,
  T_NOT_GIVEN, T_SUGGESTIONS, T_NONE, T_MORE, T_NO_ANSWERS, T_NO_ANSWERS_NOTE, T_CLOSING,
  T_BY_RESPONDENT, T_ALL_SERVICES, T_GRADE_SHORT, T_RESP_SHORT, T_SERVICE_KEY, T_N
} Term;

static const char * const terms[T_N][2] = {
  [T_DOCUMENT] = { "Laporan Survei Kepuasan Masyarakat (SKM)", "Satisfaction survey report (SKM)" },
  [T_PERIOD] = { "Periode", "Period" },
  [T_SERVICES] = { "Layanan", "Services" },
  [T_GENERATED] = { "Dibuat", "Generated" },
  /* "Halaman 2 dari 3" */
  [T_PAGE] = { "Halaman %s dari %s", "Page %s of %s" },
  [T_FOOTER] = { "Loket — Survei Kepuasan Masyarakat", "Loket — satisfaction survey" },
  [T_INDEX] = { "Nilai IKM unit pelayanan", "The unit's index" },
  [T_GRADE] = { "Mutu pelayanan", "Grade" },
  [T_RESPONDENTS] = { "Responden", "Respondents" },
  [T_SAMPLE] = { "Sampel minimal (Krejcie–Morgan) untuk %s warga dilayani: %s",
                 "Sample needed (Krejcie–Morgan) for %s citizens served: %s" },
  [T_REACHED] = { "Sampel tercapai", "Sample reached" },
  [T_SHORT] = { "Sampel belum tercapai, kurang %s", "Sample not reached, short by %s" },
  [T_CHART] = { "Nilai rata-rata (NRR) per unsur", "Mean score (NRR) per element" },
  [T_CHART_NOTE] = { "Skala 1–4. Garis putus-putus: batas mutu C (2,60), B (3,0644), A (3,5324). "
                     "Disorot: %s unsur terendah, bahan rencana tindak lanjut.",
                     "Scale 1–4. Dashed lines: the grade limits C (2.60), B (3.0644), A (3.5324). "
                     "Highlighted: the %s lowest elements, for the follow-up plan." },
  [T_TABLE] = { "Nilai per unsur pelayanan", "Figures per element" },
  [T_NO] = { "No", "No" },
  [T_ELEMENT] = { "Unsur pelayanan", "Element" },
  [T_ANSWERS] = { "Jawaban", "Answers" },
  [T_SUM] = { "Jumlah nilai", "Sum" },
  [T_NRR] = { "NRR", "NRR" },
  [T_WEIGHT] = { "Bobot", "Weight" },
  [T_WEIGHTED] = { "NRR tertimbang", "Weighted NRR" },
  [T_IKM] = { "IKM (jumlah NRR tertimbang)", "IKM (sum of weighted NRRs)" },
  [T_INDEX_ROW] = { "Nilai IKM unit pelayanan (IKM × 25)", "The unit's index (IKM × 25)" },
  [T_GRADE_ROW] = { "Mutu pelayanan (kinerja unit)", "Grade (performance)" },
  [T_BY_SERVICE] = { "Per layanan", "Per service" },
  [T_SERVICE] = { "Layanan", "Service" },
  [T_SERVED] = { "Dilayani", "Served" },
  [T_SAMPLE_COLUMN] = { "Sampel", "Sample" },
  [T_REACHED_COLUMN] = { "Cukup", "Reached" },
  [T_YES] = { "ya", "yes" },
  [T_NO_ANSWER] = { "tidak", "no" },
  [T_BY_CHANNEL] = { "Per kanal", "Per channel" },
  [T_CHANNEL] = { "Kanal", "Channel" },
  [T_BY_RESPONDENT] = { "Responden menurut kanal dan profil", "Respondents by channel and profile" },
  [T_ALL_SERVICES] = { "Seluruh layanan", "All services" },
  [T_GRADE_SHORT] = { "Mutu", "Grade" },
  [T_RESP_SHORT] = { "Resp.", "Resp." },
  [T_SERVICE_KEY] = { "Resp.: responden. Dilayani: warga yang selesai dilayani. Sampel: sampel minimal "
                      "(Krejcie–Morgan); Cukup: tercapai atau tidak. U1–U9: NRR per unsur (tabel di atas). "
                      "IKM×25: nilai IKM unit pelayanan; Mutu: A–D.",
                      "Resp.: respondents. Served: citizens whose service was finished. Sample: the sample "
                      "needed (Krejcie–Morgan); Reached: whether it was. U1–U9: each element's NRR "
                      "(the table above). IKM×25: the unit's index; Grade: A–D." },
  [T_PROFILE] = { "Profil responden", "Respondents' profile" },
  [T_NOT_GIVEN] = { "tidak diisi", "not given" },
  [T_SUGGESTIONS] = { "Saran dan masukan (%s)", "Suggestions (%s)" },
  [T_NONE] = { "Tidak ada saran pada periode ini.", "No suggestions in this period." },
  [T_MORE] = { "… dan %s saran lainnya, yang tidak muat di laporan ini: semuanya ada di "
               "loketctl report --skm --format csv.",
               "… and %s more suggestions that do not fit this report: all of them are in "
               "loketctl report --skm --format csv." },
  [T_NO_ANSWERS] = { "Belum ada jawaban pada periode ini.", "No answers in this period." },
  [T_NO_ANSWERS_NOTE] = { "Tidak ada indeks yang dapat dihitung: tidak seorang pun mengisi survei "
                          "antara %s dan %s. Warga dilayani pada periode ini: %s; sampel minimal "
                          "(Krejcie–Morgan): %s.",
                          "No index can be computed: nobody answered the survey between %s and %s. "
                          "Citizens served in the period: %s; sample needed (Krejcie–Morgan): %s." },
  [T_CLOSING] = { "Dihitung menurut PermenPAN-RB 14/2017 (Peraturan Menteri PANRB Nomor 14 Tahun 2017): NRR per unsur = "
                  "jumlah nilai / jumlah jawaban; IKM = Σ (NRR × 1/9), bobot 1/9 (dicetak 0,111); "
                  "nilai IKM unit pelayanan = IKM × 25, dibulatkan dua desimal. Mutu: A (Sangat Baik) "
                  "88,31–100,00; B (Baik) 76,61–88,30; C (Kurang Baik) 65,00–76,60; D (Tidak Baik) "
                  "25,00–64,99. Dihitung dari jumlah dan banyaknya jawaban, bukan rata-rata dari "
                  "rata-rata.",
                  "Computed by PermenPAN-RB 14/2017 (Regulation of the Minister PANRB No. 14 of 2017): an element's NRR = "
                  "sum of its answers / number of answers; IKM = Σ (NRR × 1/9), weight 1/9 (printed "
                  "0.111); the unit's index = IKM × 25, rounded to two decimals. Grades: A (Very good) "
                  "88.31–100.00; B (Good) 76.61–88.30; C (Fair) 65.00–76.60; D (Poor) 25.00–64.99. "
                  "Computed from sums and counts of answers, never an average of averages." },
};

static const char * const months[2][12] = {
  { "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember" },
  { "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December" },
};

typedef struct {
  const LoketSkmReport *report;
  cairo_surface_t      *surface;
  cairo_t              *cr;
  PangoContext         *pango;
  guint                 lang;      /* 0 Indonesian, 1 English */
  guint                 page;      /* the page being drawn, 1-based */
  guint                 pages;     /* of the document, from the first pass (0 during it) */
  double                y;         /* where the next block goes */
  char                 *period;
  char                 *generated;
} Doc;

#define T(doc, t) (terms[t][(doc)->lang])

/* ---- figures as the reader writes them ---------------------------------- */

/* @text with the language's decimal mark ("3,4000" in Indonesian). */
static char *
localise (const Doc *doc, char *text)
{
  if (doc->lang == 0)
    g_strdelimit (text, ".", ',');
  return text;
}

/* @value with @digits decimals, as printf's "%.*f" writes it. */
static char *
decimal (const Doc *doc, int digits, double value)
{
  return localise (doc, g_strdup_printf ("%.*f", digits, value));
}

/* @pattern (a term) with each "%s" replaced by the next of @args, in
 * order: the terms are data, never a printf format. */
static char *
fill (const char *pattern, const char * const *args, guint n_args)
{
  GString *out = g_string_new (NULL);
  guint next = 0;

  for (const char *p = pattern; *p; p++)
    {
      if (p[0] == '%' && p[1] == 's' && next < n_args)
        {
          g_string_append (out, args[next++]);
          p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

#define FILL(pattern, ...) \
  fill ((pattern), (const char * const[]) { __VA_ARGS__ }, \
        sizeof ((const char * const[]) { __VA_ARGS__ }) / sizeof (const char *))

/* "80,42": the index in hundredths, as graded. */
static char *
index_text (const Doc *doc, guint hundredths)
{
  return localise (doc, g_strdup_printf ("%u.%02u", hundredths / 100, hundredths % 100));
}

/* "2.013.456" in Indonesian, "2,013,456" in English. */
static char *
count_text (const Doc *doc, guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, doc->lang == 0 ? '.' : ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* "1 Januari 2026" from "2026-01-01"; the day as given if it is not one. */
static char *
day_text (const Doc *doc, const char *day)
{
  guint y, m, d;

  if (day == NULL || sscanf (day, "%4u-%2u-%2u", &y, &m, &d) != 3 || m < 1 || m > 12)
    return g_strdup (day ? day : "");
  return g_strdup_printf ("%u %s %u", d, months[doc->lang][m - 1], y);
}

static const char *
element_name (const Doc *doc, guint e)
{
  return doc->lang ? loket_skm_element (e)->name_en : loket_skm_element (e)->name;
}

static const PdfColour *
grade_colour (LoketSkmGrade grade)
{
  return grade == LOKET_SKM_GRADE_D ? &pdf_bad : grade == LOKET_SKM_GRADE_C ? &pdf_warn : &pdf_accent;
}

/* ---- text --------------------------------------------------------------- */

static PangoLayout *
layout_new (Doc *doc, const char *text, double size, gboolean bold, double width, PangoAlignment align)
{
  return pdf_layout_new (doc->pango, text, size, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL, width, align);
}

/* Draws @text at (@x, @y) when @draw; returns its height either way. */
static double
text_at (Doc *doc, double x, double y, double width, const char *text, double size, gboolean bold,
         PangoAlignment align, gboolean draw)
{
  g_autoptr(PangoLayout) layout = layout_new (doc, text, size, bold, width, align);

  return pdf_layout_show (doc->cr, layout, x, y, draw);
}

static double
text_width (Doc *doc, const char *text, double size, gboolean bold)
{
  g_autoptr(PangoLayout) layout = layout_new (doc, text, size, bold, 0, PANGO_ALIGN_LEFT);
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return pango_units_to_double (width);
}

static void
set_colour (Doc *doc, const PdfColour *colour)
{
  cairo_set_source_rgb (doc->cr, colour->r, colour->g, colour->b);
}

static void
rule (Doc *doc, double x0, double x1, double y, double weight, const PdfColour *colour)
{
  set_colour (doc, colour);
  cairo_set_line_width (doc->cr, weight);
  cairo_move_to (doc->cr, x0, y);
  cairo_line_to (doc->cr, x1, y);
  cairo_stroke (doc->cr);
}

/* ---- pages -------------------------------------------------------------- */

static double
content_bottom (void)
{
  return PDF_A4_LONG - PDF_MARGIN - PDF_FOOTER;
}

/* The foot of every page; the office and period atop every page but the
 * first, which has the title block. */
static void
begin_page (Doc *doc)
{
  const char *office = doc->report->office ? doc->report->office : "";
  g_autofree char *number = NULL;
  double footer;

  doc->page++;
  {
    g_autofree char *page = g_strdup_printf ("%u", doc->page);
    /* While counting, the total is not known yet; the page number stands
     * in for it, as wide. */
    g_autofree char *pages = doc->pages > 0 ? g_strdup_printf ("%u", doc->pages) : g_strdup (page);

    number = FILL (T (doc, T_PAGE), page, pages);
  }
  footer = PDF_A4_LONG - PDF_MARGIN - text_at (doc, 0, 0, WIDTH, number, S_SMALL, FALSE, PANGO_ALIGN_LEFT, FALSE);
  set_colour (doc, &pdf_muted);
  text_at (doc, PDF_MARGIN, footer, WIDTH, number, S_SMALL, FALSE, PANGO_ALIGN_RIGHT, TRUE);
  text_at (doc, PDF_MARGIN, footer, WIDTH * 0.7, T (doc, T_FOOTER), S_SMALL, FALSE, PANGO_ALIGN_LEFT, TRUE);
  doc->y = PDF_MARGIN;
  if (doc->page == 1)
    return;
  text_at (doc, PDF_MARGIN, doc->y, WIDTH * 0.6, office, S_SMALL, TRUE, PANGO_ALIGN_LEFT, TRUE);
  doc->y += text_at (doc, PDF_MARGIN, doc->y, WIDTH, doc->period, S_SMALL, FALSE, PANGO_ALIGN_RIGHT, TRUE)
            + PDF_MM (1);
  rule (doc, PDF_MARGIN, PDF_MARGIN + WIDTH, doc->y, 0.5, &pdf_rule);
  doc->y += PDF_MM (4);
}

static void
end_page (Doc *doc)
{
  cairo_show_page (doc->cr);
}

/* Room for @height more below doc->y, on a new page if this one is full. */
static void
need (Doc *doc, double height)
{
  if (doc->y + height <= content_bottom ())
    return;
  end_page (doc);
  begin_page (doc);
}

static void
heading (Doc *doc, const char *text, double room_after)
{
  double h = text_at (doc, 0, 0, WIDTH, text, S_HEADING, TRUE, PANGO_ALIGN_LEFT, FALSE);

  /* A heading is never left alone at the foot of a page. */
  need (doc, h + PDF_MM (2) + room_after);
  set_colour (doc, &pdf_ink);
  doc->y += text_at (doc, PDF_MARGIN, doc->y, WIDTH, text, S_HEADING, TRUE, PANGO_ALIGN_LEFT, TRUE) + PDF_MM (1.5);
}

/* ---- tables ------------------------------------------------------------- */

typedef struct {
  const char     *label;
  double          width;    /* points; 0: what the others leave */
  PangoAlignment  align;
} Column;

typedef struct {
  const Column *columns;
  guint         n_columns;
  double        x, width;
  double        size;
  guint         bold_from;  /* rows from this one are totals, in bold */
} Table;

static double
column_width (const Table *t, guint c)
{
  double fixed = 0;
  guint flexible = 0;

  if (t->columns[c].width > 0)
    return t->columns[c].width;
  for (guint i = 0; i < t->n_columns; i++)
    {
      fixed += t->columns[i].width;
      flexible += t->columns[i].width <= 0;
    }
  return MAX (t->width - fixed, PDF_MM (10)) / flexible;
}

/* Widens each fixed column to its header's longest word and to its
 * widest cell in @rows (NULL: none yet; bold from row @bold_from), so
 * that no figure wraps and no label is broken inside a word
 * ("Respond-en"); the flexible columns give way. */
static void
fit_columns (Doc *doc, Column *columns, guint n_columns, double size, GPtrArray *rows, guint bold_from)
{
  for (guint c = 0; c < n_columns; c++)
    if (columns[c].width > 0)
      {
        double need = 0;
        g_auto(GStrv) words = g_strsplit (columns[c].label, " ", -1);

        /* A header may wrap between words, never inside one. */
        for (guint w = 0; words[w] != NULL; w++)
          need = MAX (need, text_width (doc, words[w], size, TRUE));
        for (guint r = 0; rows != NULL && r < rows->len; r++)
          {
            const char * const *cells = g_ptr_array_index (rows, r);

            if (cells[c] != NULL)
              need = MAX (need, text_width (doc, cells[c], size, r >= bold_from));
          }
        columns[c].width = MAX (columns[c].width, ceil (need + 2 * CELL_PAD + 0.5));
      }
}

/* One row (the header when @cells are the labels); its height, drawn
 * when @draw. */
static double
table_row (Doc *doc, const Table *t, const char * const *cells, gboolean bold, gboolean draw)
{
  double h = 0, x = t->x;

  for (guint c = 0; c < t->n_columns; c++)
    {
      double w = column_width (t, c);

      h = MAX (h, text_at (doc, x + CELL_PAD, doc->y + CELL_PAD, w - 2 * CELL_PAD, cells[c] ? cells[c] : "",
                           t->size, bold, t->columns[c].align, draw));
      x += w;
    }
  return h + 2 * CELL_PAD;
}

static void
table_header (Doc *doc, const Table *t)
{
  const char *labels[ROW_CELLS];
  double h;

  g_assert (t->n_columns <= G_N_ELEMENTS (labels));
  for (guint c = 0; c < t->n_columns; c++)
    labels[c] = t->columns[c].label;
  h = table_row (doc, t, labels, TRUE, FALSE);
  set_colour (doc, &pdf_track);
  cairo_rectangle (doc->cr, t->x, doc->y, t->width, h);
  cairo_fill (doc->cr);
  set_colour (doc, &pdf_ink);
  table_row (doc, t, labels, TRUE, TRUE);
  doc->y += h;
  rule (doc, t->x, t->x + t->width, doc->y, 0.8, &pdf_muted);
}

/* The header, then each row of @rows (char **), striped, on as many pages
 * as they take with the header repeated; @may_break FALSE when the caller
 * made room (tables side by side). */
static void
table_draw (Doc *doc, const Table *t, GPtrArray *rows, gboolean may_break)
{
  if (may_break)
    need (doc, table_row (doc, t, (const char * const *) g_ptr_array_index (rows, 0), FALSE, FALSE)
                 + PDF_MM (8));
  table_header (doc, t);
  for (guint i = 0; i < rows->len; i++)
    {
      const char * const *cells = g_ptr_array_index (rows, i);
      gboolean bold = i >= t->bold_from;
      double h = table_row (doc, t, cells, bold, FALSE);

      if (may_break && doc->y + h > content_bottom ())
        {
          end_page (doc);
          begin_page (doc);
          table_header (doc, t);
        }
      if (i == t->bold_from)
        rule (doc, t->x, t->x + t->width, doc->y, 0.8, &pdf_muted);
      else if (i % 2 == 1)
        {
          set_colour (doc, &pdf_stripe);
          cairo_rectangle (doc->cr, t->x, doc->y, t->width, h);
          cairo_fill (doc->cr);
        }
      set_colour (doc, &pdf_ink);
      table_row (doc, t, cells, bold, TRUE);
      doc->y += h;
    }
  rule (doc, t->x, t->x + t->width, doc->y, 0.5, &pdf_rule);
}

/* The height table_draw() would take, without a page break. */
static double
table_height (Doc *doc, const Table *t, GPtrArray *rows)
{
  const char *labels[ROW_CELLS];
  double h;

  g_assert (t->n_columns <= G_N_ELEMENTS (labels));
  for (guint c = 0; c < t->n_columns; c++)
    labels[c] = t->columns[c].label;
  h = table_row (doc, t, labels, TRUE, FALSE);
  for (guint i = 0; i < rows->len; i++)
    h += table_row (doc, t, g_ptr_array_index (rows, i), i >= t->bold_from, FALSE);
  return h;
}

/* A row: up to ROW_CELLS cells, any of them NULL (an empty cell), each
 * freed with the row — so not a GStrv, which would stop at the first
 * empty cell. */
static void
rows_free (gpointer row)
{
  char **cells = row;

  for (guint c = 0; c < ROW_CELLS; c++)
    g_free (cells[c]);
  g_free (cells);
}

static char **
row_new (guint n)
{
  g_assert (n <= ROW_CELLS);
  return g_new0 (char *, ROW_CELLS);
}

/* ---- page 1 ------------------------------------------------------------- */

static void
title_block (Doc *doc)
{
  const LoketSkmReport *r = doc->report;
  g_autoptr(GString) services = g_string_new (NULL);
  g_autofree char *period = NULL;
  g_autofree char *generated = NULL;
  double x = PDF_MARGIN;

  set_colour (doc, &pdf_ink);
  doc->y += text_at (doc, x, doc->y, WIDTH, r->office ? r->office : "", S_OFFICE, TRUE, PANGO_ALIGN_LEFT, TRUE);
  doc->y += PDF_MM (2.5);
  rule (doc, x, x + WIDTH, doc->y, 1.0, &pdf_accent);
  doc->y += PDF_MM (2.5);
  set_colour (doc, &pdf_ink);
  doc->y += text_at (doc, x, doc->y, WIDTH, T (doc, T_DOCUMENT), S_TITLE, TRUE, PANGO_ALIGN_LEFT, TRUE);
  period = g_strdup_printf ("%s: %s", T (doc, T_PERIOD), doc->period);
  doc->y += text_at (doc, x, doc->y, WIDTH, period, S_BODY, FALSE, PANGO_ALIGN_LEFT, TRUE);
  for (guint i = 0; i < r->services->len; i++)
    {
      const LoketSkmGroup *g = g_ptr_array_index (r->services, i);

      g_string_append_printf (services, "%s%s", i ? ", " : "", g->name);
    }
  set_colour (doc, &pdf_muted);
  if (services->len > 0)
    {
      g_autofree char *line = g_strdup_printf ("%s: %s", T (doc, T_SERVICES), services->str);

      doc->y += text_at (doc, x, doc->y, WIDTH, line, S_SMALL, FALSE, PANGO_ALIGN_LEFT, TRUE);
    }
  generated = g_strdup_printf ("%s: %s", T (doc, T_GENERATED), doc->generated);
  doc->y += text_at (doc, x, doc->y, WIDTH, generated, S_SMALL, FALSE, PANGO_ALIGN_LEFT, TRUE);
  doc->y += PDF_MM (5);
}

/* The index, large; the grade and its performance; the respondents and
 * the sample. */
static void
summary (Doc *doc, const LoketSkmResult *result)
{
  const LoketSkmGroup *total = doc->report->total;
  guint needed = loket_skm_sample_size (total->served);
  g_autofree char *index = index_text (doc, result->index_hundredths);
  g_autofree char *respondents = count_text (doc, total->tally.respondents);
  g_autofree char *served = count_text (doc, total->served);
  g_autofree char *needed_text = count_text (doc, needed);
  g_autofree char *short_by = count_text (doc, needed > total->tally.respondents ? needed - total->tally.respondents : 0);
  g_autofree char *sample = FILL (T (doc, T_SAMPLE), served, needed_text);
  g_autofree char *verdict = total->tally.respondents >= needed ? g_strdup (T (doc, T_REACHED))
                                                                : FILL (T (doc, T_SHORT), short_by);
  const PdfColour *colour = grade_colour (result->grade);
  double x = PDF_MARGIN, top = doc->y, h1, h2, h3, column = WIDTH / 3;

  set_colour (doc, &pdf_track);
  /* The box is drawn once its height is known: measure first. */
  h1 = text_at (doc, 0, 0, column, index, S_INDEX, TRUE, PANGO_ALIGN_LEFT, FALSE)
       + text_at (doc, 0, 0, column, T (doc, T_INDEX), S_SMALL, FALSE, PANGO_ALIGN_LEFT, FALSE);
  h2 = text_at (doc, 0, 0, column, "A", S_GRADE, TRUE, PANGO_ALIGN_LEFT, FALSE)
       + text_at (doc, 0, 0, column, T (doc, T_GRADE), S_SMALL, FALSE, PANGO_ALIGN_LEFT, FALSE);
  h3 = text_at (doc, 0, 0, column - PDF_MM (4), respondents, S_HEADING * 1.6, TRUE, PANGO_ALIGN_LEFT, FALSE)
       + text_at (doc, 0, 0, column - PDF_MM (4), T (doc, T_RESPONDENTS), S_SMALL, FALSE, PANGO_ALIGN_LEFT, FALSE)
       + PDF_MM (1)
       + text_at (doc, 0, 0, column - PDF_MM (4), sample, S_SMALL, FALSE, PANGO_ALIGN_LEFT, FALSE)
       + text_at (doc, 0, 0, column - PDF_MM (4), verdict, S_SMALL, TRUE, PANGO_ALIGN_LEFT, FALSE);
  {
    double h = MAX (MAX (h1, h2), h3) + PDF_MM (6);

    cairo_rectangle (doc->cr, x, top, WIDTH, h);
    cairo_fill (doc->cr);
    set_colour (doc, colour);
    cairo_rectangle (doc->cr, x, top, PDF_MM (1.5), h);
    cairo_fill (doc->cr);
    doc->y = top + h;
  }
  x += PDF_MM (5);
  top += PDF_MM (3);
  /* The index */
  {
    double y = top;

    set_colour (doc, colour);
    y += text_at (doc, x, y, column, index, S_INDEX, TRUE, PANGO_ALIGN_LEFT, TRUE);
    set_colour (doc, &pdf_muted);
    text_at (doc, x, y, column, T (doc, T_INDEX), S_SMALL, FALSE, PANGO_ALIGN_LEFT, TRUE);
  }
  /* The grade: "B" and "Baik" beside it */
  {
    double y = top, gx = x + column, lw;
    const char *letter = loket_skm_grade_letter (result->grade);
    double letter_h = text_at (doc, 0, 0, column, letter, S_GRADE, TRUE, PANGO_ALIGN_LEFT, FALSE);

    set_colour (doc, colour);
    text_at (doc, gx, y, column, letter, S_GRADE, TRUE, PANGO_ALIGN_LEFT, TRUE);
    lw = text_width (doc, letter, S_GRADE, TRUE) + PDF_MM (3);
    set_colour (doc, &pdf_ink);
    text_at (doc, gx + lw, y + letter_h / 2 - PDF_MM (2.5), column - lw, loket_skm_grade_label (result->grade, doc->report->lang),
             S_TITLE, TRUE, PANGO_ALIGN_LEFT, TRUE);
    set_colour (doc, &pdf_muted);
    text_at (doc, gx, y + letter_h, column, T (doc, T_GRADE), S_SMALL, FALSE, PANGO_ALIGN_LEFT, TRUE);
  }
  /* Respondents and the sample */
  {
    double y = top, rx = x + 2 * column - PDF_MM (2), rw = column - PDF_MM (4);

    set_colour (doc, &pdf_ink);
    y += text_at (doc, rx, y, rw, respondents, S_HEADING * 1.6, TRUE, PANGO_ALIGN_LEFT, TRUE);
    set_colour (doc, &pdf_muted);
    y += text_at (doc, rx, y, rw, T (doc, T_RESPONDENTS), S_SMALL, FALSE, PANGO_ALIGN_LEFT, TRUE) + PDF_MM (1);
    y += text_at (doc, rx, y, rw, sample, S_SMALL, FALSE, PANGO_ALIGN_LEFT, TRUE);
    set_colour (doc, total->tally.respondents >= needed ? &pdf_accent : &pdf_bad);
    text_at (doc, rx, y, rw, verdict, S_SMALL, TRUE, PANGO_ALIGN_LEFT, TRUE);
  }
  doc->y += PDF_MM (6);
}

/* Nine horizontal bars of NRR on 1–4, the lowest highlighted, the grade
 * limits dashed. */
static void
elements_chart (Doc *doc, const LoketSkmResult *result)
{
  static const double limits[] = { 2.60, 3.0644, 3.5324 };
  static const char * const limit_grades[] = { "C", "B", "A" };
  const LoketSkmTally *t = &doc->report->total->tally;
  guint lowest[LOKET_SKM_ELEMENTS];
  guint n_lowest = MIN (loket_skm_lowest (result, lowest), LOWEST);
  double label_w = PDF_MM (66), figure_w = PDF_MM (12), bar_h = PDF_MM (4.2), step = PDF_MM (6.2);
  double x0 = PDF_MARGIN + label_w, span = WIDTH - label_w - figure_w, top, scale_h;
  g_autofree char *how_many = g_strdup_printf ("%u", n_lowest);
  g_autofree char *note = FILL (T (doc, T_CHART_NOTE), how_many);

  scale_h = text_at (doc, 0, 0, WIDTH, "4", S_SMALL, FALSE, PANGO_ALIGN_LEFT, FALSE);
  heading (doc, T (doc, T_CHART), LOKET_SKM_ELEMENTS * step + 2 * scale_h);
  top = doc->y + scale_h + PDF_MM (1);
  /* The grade letters above their limits, the scale below. */
  set_colour (doc, &pdf_muted);
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      double lx = x0 + (limits[i] - 1) / 3 * span;

      text_at (doc, lx + PDF_MM (0.8), doc->y, PDF_MM (6), limit_grades[i], S_SMALL, TRUE, PANGO_ALIGN_LEFT, TRUE);
    }
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      double y = top + e * step;
      gboolean low = FALSE;
      g_autofree char *label = g_strdup_printf ("U%u  %s", e + 1, element_name (doc, e));

      for (guint i = 0; i < n_lowest; i++)
        low |= lowest[i] == e;
      /* A long name is set smaller, and wraps only if it must: centred
       * on its bar either way, it stays clear of its neighbours. */
      double size = text_width (doc, label, S_SMALL, low) > label_w - PDF_MM (2) ? S_COMPACT : S_SMALL;
      double label_h = text_at (doc, 0, 0, label_w - PDF_MM (2), label, size, low, PANGO_ALIGN_LEFT, FALSE);

      set_colour (doc, &pdf_ink);
      text_at (doc, PDF_MARGIN, y + bar_h / 2 - label_h / 2, label_w - PDF_MM (2), label, size, low,
               PANGO_ALIGN_LEFT, TRUE);
      set_colour (doc, &pdf_track);
      cairo_rectangle (doc->cr, x0, y, span, bar_h);
      cairo_fill (doc->cr);
      if (t->count[e] > 0)
        {
          g_autofree char *figure = decimal (doc, 2, result->nrr[e]);

          set_colour (doc, low ? &pdf_warn : &pdf_accent);
          cairo_rectangle (doc->cr, x0, y, MAX (0.5, (result->nrr[e] - 1) / 3 * span), bar_h);
          cairo_fill (doc->cr);
          set_colour (doc, &pdf_ink);
          text_at (doc, x0 + span, y + bar_h / 2 - scale_h / 2, figure_w, figure, S_SMALL, low,
                   PANGO_ALIGN_RIGHT, TRUE);
        }
      else
        {
          set_colour (doc, &pdf_muted);
          text_at (doc, x0 + span, y + bar_h / 2 - scale_h / 2, figure_w, "—", S_SMALL, FALSE,
                   PANGO_ALIGN_RIGHT, TRUE);
        }
    }
  /* Over the bars: the limits, dashed. */
  cairo_save (doc->cr);
  cairo_set_dash (doc->cr, (const double[]) { 2.0, 2.0 }, 2, 0);
  cairo_set_line_width (doc->cr, 0.7);
  set_colour (doc, &pdf_muted);
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      double lx = x0 + (limits[i] - 1) / 3 * span;

      cairo_move_to (doc->cr, lx, top - PDF_MM (1));
      cairo_line_to (doc->cr, lx, top + LOKET_SKM_ELEMENTS * step - (step - bar_h));
      cairo_stroke (doc->cr);
    }
  cairo_restore (doc->cr);
  doc->y = top + LOKET_SKM_ELEMENTS * step - (step - bar_h) + PDF_MM (1);
  set_colour (doc, &pdf_muted);
  for (guint v = 1; v <= 4; v++)
    {
      g_autofree char *tick = g_strdup_printf ("%u", v);
      double tx = x0 + (v - 1) / 3.0 * span;

      text_at (doc, tx - PDF_MM (5), doc->y, PDF_MM (10), tick, S_SMALL, FALSE, PANGO_ALIGN_CENTER, TRUE);
    }
  doc->y += scale_h + PDF_MM (1);
  doc->y += text_at (doc, PDF_MARGIN, doc->y, WIDTH, note, S_SMALL, FALSE, PANGO_ALIGN_LEFT, TRUE) + PDF_MM (5);
}

/* Per element: answers, sum, NRR (as the CSV prints it), the weight as
 * the regulation prints it, the weighted NRR (as the text prints it);
 * the totals rows give the IKM, the index and the grade. */
static void
elements_table (Doc *doc, const LoketSkmResult *result)
{
  Column columns[] = {
    { T (doc, T_NO), PDF_MM (9), PANGO_ALIGN_LEFT },
    { T (doc, T_ELEMENT), 0, PANGO_ALIGN_LEFT },
    { T (doc, T_ANSWERS), PDF_MM (18), PANGO_ALIGN_RIGHT },
    { T (doc, T_SUM), PDF_MM (21), PANGO_ALIGN_RIGHT },
    { T (doc, T_NRR), PDF_MM (18), PANGO_ALIGN_RIGHT },
    { T (doc, T_WEIGHT), PDF_MM (14), PANGO_ALIGN_RIGHT },
    { T (doc, T_WEIGHTED), PDF_MM (25), PANGO_ALIGN_RIGHT },
  };
  const Table table = { columns, G_N_ELEMENTS (columns), PDF_MARGIN, WIDTH, S_CELL, LOKET_SKM_ELEMENTS };
  const LoketSkmTally *t = &doc->report->total->tally;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (rows_free);
  char **row;

  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      row = row_new (G_N_ELEMENTS (columns));
      row[0] = g_strdup_printf ("U%u", e + 1);
      row[1] = g_strdup (element_name (doc, e));
      row[2] = count_text (doc, t->count[e]);
      row[3] = count_text (doc, t->sum[e]);
      row[4] = t->count[e] > 0 ? decimal (doc, 4, result->nrr[e]) : g_strdup ("—");
      row[5] = localise (doc, g_strdup ("0.111"));
      row[6] = t->count[e] > 0 ? decimal (doc, 3, result->weighted[e]) : g_strdup ("—");
      g_ptr_array_add (rows, row);
    }
  row = row_new (G_N_ELEMENTS (columns));
  row[1] = g_strdup (T (doc, T_IKM));
  row[6] = decimal (doc, 4, result->ikm);
  g_ptr_array_add (rows, row);
  row = row_new (G_N_ELEMENTS (columns));
  row[1] = g_strdup (T (doc, T_INDEX_ROW));
  row[6] = index_text (doc, result->index_hundredths);
  g_ptr_array_add (rows, row);
  row = row_new (G_N_ELEMENTS (columns));
  row[1] = g_strdup (T (doc, T_GRADE_ROW));
  row[6] = g_strdup_printf ("%s (%s)", loket_skm_grade_letter (result->grade),
                            loket_skm_grade_label (result->grade, doc->report->lang));
  g_ptr_array_add (rows, row);
  fit_columns (doc, columns, G_N_ELEMENTS (columns), S_CELL, rows, LOKET_SKM_ELEMENTS);
  heading (doc, T (doc, T_TABLE), table_height (doc, &table, rows));
  table_draw (doc, &table, rows, TRUE);
  doc->y += PDF_MM (6);
}

/* A group's compact row: respondents, served, sample, reached, the nine
 * NRRs (as the text prints them), the index and grade. */
static char **
group_row (Doc *doc, const LoketSkmGroup *g, const char *name, guint n_columns)
{
  char **row = row_new (n_columns);
  guint needed = loket_skm_sample_size (g->served);
  LoketSkmResult r;
  gboolean any = loket_skm_compute (&g->tally, &r);

  row[0] = g_strdup (name);
  row[1] = count_text (doc, g->tally.respondents);
  row[2] = count_text (doc, g->served);
  row[3] = count_text (doc, needed);
  row[4] = g_strdup (T (doc, g->tally.respondents >= needed ? T_YES : T_NO_ANSWER));
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    row[5 + e] = any && g->tally.count[e] > 0 ? decimal (doc, 2, r.nrr[e]) : g_strdup ("—");
  row[5 + LOKET_SKM_ELEMENTS] = any ? index_text (doc, r.index_hundredths) : g_strdup ("—");
  row[6 + LOKET_SKM_ELEMENTS] = g_strdup (any ? loket_skm_grade_letter (r.grade) : "");
  return row;
}

static void
services_table (Doc *doc)
{
  static const char * const keys[LOKET_SKM_ELEMENTS] = { "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9" };
  Column columns[7 + LOKET_SKM_ELEMENTS] = {
    { T (doc, T_SERVICE), 0, PANGO_ALIGN_LEFT },
    { T (doc, T_RESP_SHORT), PDF_MM (1), PANGO_ALIGN_RIGHT },
    { T (doc, T_SERVED), PDF_MM (1), PANGO_ALIGN_RIGHT },
    { T (doc, T_SAMPLE_COLUMN), PDF_MM (1), PANGO_ALIGN_RIGHT },
    { T (doc, T_REACHED_COLUMN), PDF_MM (1), PANGO_ALIGN_RIGHT },
  };
  const Table table = { columns, G_N_ELEMENTS (columns), PDF_MARGIN, WIDTH, S_COMPACT, doc->report->services->len };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (rows_free);

  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    columns[5 + e] = (Column) { keys[e], PDF_MM (1), PANGO_ALIGN_RIGHT };
  columns[5 + LOKET_SKM_ELEMENTS] = (Column) { "IKM×25", PDF_MM (1), PANGO_ALIGN_RIGHT };
  columns[6 + LOKET_SKM_ELEMENTS] = (Column) { T (doc, T_GRADE_SHORT), PDF_MM (1), PANGO_ALIGN_CENTER };
  for (guint i = 0; i < doc->report->services->len; i++)
    {
      const LoketSkmGroup *g = g_ptr_array_index (doc->report->services, i);

      g_ptr_array_add (rows, group_row (doc, g, g->name, G_N_ELEMENTS (columns)));
    }
  g_ptr_array_add (rows, group_row (doc, doc->report->total, T (doc, T_ALL_SERVICES), G_N_ELEMENTS (columns)));
  fit_columns (doc, columns, G_N_ELEMENTS (columns), S_COMPACT, rows, table.bold_from);
  /* A table that fits a third of a page is kept whole, on the next page
   * if need be; a longer one starts here and goes on, its header
   * repeated. */
  {
    double height = table_height (doc, &table, rows);

    heading (doc, T (doc, T_BY_SERVICE), height <= (content_bottom () - PDF_MARGIN) / 3 ? height : PDF_MM (20));
  }
  table_draw (doc, &table, rows, TRUE);
  doc->y += PDF_MM (1);
  {
    double h = text_at (doc, 0, 0, WIDTH, T (doc, T_SERVICE_KEY), S_COMPACT, FALSE, PANGO_ALIGN_LEFT, FALSE);

    need (doc, h);
    set_colour (doc, &pdf_muted);
    doc->y += text_at (doc, PDF_MARGIN, doc->y, WIDTH, T (doc, T_SERVICE_KEY), S_COMPACT, FALSE, PANGO_ALIGN_LEFT, TRUE);
  }
  doc->y += PDF_MM (6);
}

/* ---- respondents by channel and profile --------------------------------- */

typedef struct {
  Column     columns[4];
  Table      table;
  GPtrArray *rows;
} SmallTable;

static void
small_table_clear (SmallTable *s)
{
  g_clear_pointer (&s->rows, g_ptr_array_unref);
}

static void
small_table_init (SmallTable *s, double x, double w, guint n_columns)
{
  s->table = (Table) { s->columns, n_columns, x, w, S_CELL, G_MAXUINT };
  s->rows = g_ptr_array_new_with_free_func (rows_free);
}

static void
channels_table (Doc *doc, SmallTable *s, double x, double w)
{
  s->columns[0] = (Column) { T (doc, T_CHANNEL), 0, PANGO_ALIGN_LEFT };
  s->columns[1] = (Column) { T (doc, T_RESPONDENTS), PDF_MM (1), PANGO_ALIGN_RIGHT };
  s->columns[2] = (Column) { "IKM×25", PDF_MM (1), PANGO_ALIGN_RIGHT };
  s->columns[3] = (Column) { T (doc, T_GRADE_SHORT), PDF_MM (1), PANGO_ALIGN_RIGHT };
  small_table_init (s, x, w, 4);
  for (guint c = 0; c < doc->report->channels->len; c++)
    {
      const LoketSkmGroup *g = g_ptr_array_index (doc->report->channels, c);
      char **row = row_new (4);
      LoketSkmResult r;
      gboolean any = loket_skm_compute (&g->tally, &r);

      row[0] = g_strdup (g->name);
      row[1] = count_text (doc, g->tally.respondents);
      row[2] = any ? index_text (doc, r.index_hundredths) : g_strdup ("—");
      row[3] = g_strdup (any ? loket_skm_grade_letter (r.grade) : "");
      g_ptr_array_add (s->rows, row);
    }
  fit_columns (doc, s->columns, 4, S_CELL, s->rows, G_MAXUINT);
}

static void
profile_table (Doc *doc, SmallTable *s, LoketSkmProfileItem item, double x, double w)
{
  const LoketSkmProfileDef *def = loket_skm_profile_item (item);
  guint n = g_strv_length ((char **) def->choices);

  s->columns[0] = (Column) { doc->lang ? def->name_en : def->name, 0, PANGO_ALIGN_LEFT };
  s->columns[1] = (Column) { T (doc, T_RESPONDENTS), PDF_MM (1), PANGO_ALIGN_RIGHT };
  small_table_init (s, x, w, 2);
  for (guint c = 0; c <= n; c++)
    {
      char **row = row_new (2);
      guint slot = c < n ? c : LOKET_SKM_MAX_CHOICES;

      row[0] = g_strdup (c < n ? (doc->lang ? def->labels_en[c] : def->labels[c]) : T (doc, T_NOT_GIVEN));
      row[1] = count_text (doc, doc->report->profile[item][slot]);
      g_ptr_array_add (s->rows, row);
    }
  fit_columns (doc, s->columns, 2, S_CELL, s->rows, G_MAXUINT);
}

/* Up to three small tables side by side (those without rows are
 * skipped), kept on one page. */
static void
table_row_of (Doc *doc, SmallTable *tables, guint n)
{
  double top, h = 0;

  for (guint i = 0; i < n; i++)
    if (tables[i].rows != NULL)
      h = MAX (h, table_height (doc, &tables[i].table, tables[i].rows));
  need (doc, h);
  top = doc->y;
  for (guint i = 0; i < n; i++)
    if (tables[i].rows != NULL)
      {
        doc->y = top;
        table_draw (doc, &tables[i].table, tables[i].rows, FALSE);
      }
  doc->y = top + h + PDF_MM (4);
}

/* Three across: the channels, sex and age; then education and
 * occupation. */
static void
respondents_tables (Doc *doc)
{
  /* The first column is wider: the channels' table has four columns. */
  double gap = PDF_MM (6), wide = PDF_MM (66), w = (WIDTH - wide - 2 * gap) / 2;
  const double x[3] = { PDF_MARGIN, PDF_MARGIN + wide + gap, PDF_MARGIN + wide + w + 2 * gap };
  SmallTable tables[6] = { 0 };

  channels_table (doc, &tables[0], x[0], wide);
  for (guint item = 0; item < LOKET_SKM_PROFILE_ITEMS; item++)
    profile_table (doc, &tables[1 + item], item, x[(1 + item) % 3], (1 + item) % 3 ? w : wide);
  heading (doc, T (doc, T_BY_RESPONDENT), table_height (doc, &tables[2].table, tables[2].rows));
  table_row_of (doc, tables, 3);
  table_row_of (doc, tables + 3, 3);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    small_table_clear (&tables[i]);
  doc->y += PDF_MM (2);
}

/* ---- suggestions -------------------------------------------------------- */

static const char *
service_name (Doc *doc, const char *id)
{
  for (guint i = 0; i < doc->report->services->len; i++)
    {
      const LoketSkmGroup *g = g_ptr_array_index (doc->report->services, i);

      if (g_strcmp0 (g->id, id) == 0)
        return g->name;
    }
  return id ? id : "";
}

static const char *
channel_name (Doc *doc, const char *channel)
{
  gint c = loket_skm_channel_index (channel);

  if (c < 0)
    return channel ? channel : "";
  return ((const LoketSkmGroup *) g_ptr_array_index (doc->report->channels, c))->name;
}

/* The words as the citizen typed them, on lines of the page: valid UTF-8,
 * control characters (line breaks, tabs) as spaces. */
static char *
suggestion_text (const char *text)
{
  char *valid = g_utf8_make_valid (text ? text : "", -1);

  for (char *p = valid; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return valid;
}

/* The suggestion's day, service and channel above its words; the height,
 * drawn when @draw. */
static double
suggestion (Doc *doc, const LoketSkmSuggestion *s, gboolean draw)
{
  g_autofree char *day = day_text (doc, s->service_day);
  g_autofree char *meta = g_strdup_printf ("%s · %s · %s", day, service_name (doc, s->service),
                                           channel_name (doc, s->channel));
  g_autofree char *words = suggestion_text (s->text);
  double h;

  set_colour (doc, &pdf_muted);
  h = text_at (doc, PDF_MARGIN, doc->y, WIDTH, meta, S_SMALL, TRUE, PANGO_ALIGN_LEFT, draw);
  set_colour (doc, &pdf_ink);
  h += text_at (doc, PDF_MARGIN + PDF_MM (3), doc->y + h, WIDTH - PDF_MM (3), words, S_BODY - 0.5, FALSE,
                PANGO_ALIGN_LEFT, draw);
  return h + PDF_MM (2.5);
}

static double
closing_height (Doc *doc)
{
  return text_at (doc, 0, 0, WIDTH, T (doc, T_CLOSING), S_SMALL, FALSE, PANGO_ALIGN_LEFT, FALSE) + PDF_MM (8);
}

/* As many suggestions as fit SUGGESTION_PAGES pages, then how many more
 * there are: a year's thousands belong in the CSV, not in print. */
static void
suggestions (Doc *doc)
{
  GPtrArray *all = doc->report->suggestions;
  g_autofree char *count = count_text (doc, all->len);
  g_autofree char *title = FILL (T (doc, T_SUGGESTIONS), count);
  guint first_page;

  heading (doc, title, all->len > 0 ? suggestion (doc, g_ptr_array_index (all, 0), FALSE) : PDF_MM (6));
  first_page = doc->page;
  if (all->len == 0)
    {
      set_colour (doc, &pdf_muted);
      doc->y += text_at (doc, PDF_MARGIN, doc->y, WIDTH, T (doc, T_NONE), S_BODY, FALSE, PANGO_ALIGN_LEFT, TRUE);
    }
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *rest = count_text (doc, all->len - i);
      g_autofree char *more = FILL (T (doc, T_MORE), rest);
      gboolean last_page = doc->page - first_page + 1 >= SUGGESTION_PAGES;
      double h = suggestion (doc, g_ptr_array_index (all, i), FALSE);
      /* On the last page allowed, room is kept for the line that counts
       * the rest. */
      double more_h = i + 1 < all->len ? text_at (doc, 0, 0, WIDTH, more, S_BODY, TRUE, PANGO_ALIGN_LEFT, FALSE) : 0;

      /* ... and for the closing paragraph, which would otherwise take a
       * page of its own. */
      if (last_page)
        more_h += closing_height (doc);
      if (doc->y + h + (last_page ? more_h : 0) > content_bottom ())
        {
          if (last_page)
            {
              set_colour (doc, &pdf_ink);
              doc->y += text_at (doc, PDF_MARGIN, doc->y, WIDTH, more, S_BODY, TRUE, PANGO_ALIGN_LEFT, TRUE);
              break;
            }
          end_page (doc);
          begin_page (doc);
        }
      suggestion (doc, g_ptr_array_index (all, i), TRUE);
      doc->y += h;
    }
  doc->y += PDF_MM (4);
}

/* ---- the document ------------------------------------------------------- */

static void
closing (Doc *doc)
{
  need (doc, closing_height (doc) - PDF_MM (4));
  rule (doc, PDF_MARGIN, PDF_MARGIN + WIDTH, doc->y, 0.5, &pdf_rule);
  doc->y += PDF_MM (2);
  set_colour (doc, &pdf_muted);
  doc->y += text_at (doc, PDF_MARGIN, doc->y, WIDTH, T (doc, T_CLOSING), S_SMALL, FALSE, PANGO_ALIGN_LEFT, TRUE);
}

/* Nobody answered: one page that says so, with the sample still needed. */
static void
no_answers (Doc *doc)
{
  const LoketSkmGroup *total = doc->report->total;
  g_autofree char *from = day_text (doc, doc->report->from);
  g_autofree char *to = day_text (doc, doc->report->to);
  g_autofree char *served = count_text (doc, total->served);
  g_autofree char *needed = count_text (doc, loket_skm_sample_size (total->served));
  g_autofree char *note = FILL (T (doc, T_NO_ANSWERS_NOTE), from, to, served, needed);
  double top = doc->y, h, x = PDF_MARGIN + PDF_MM (5), w = WIDTH - PDF_MM (10);

  h = text_at (doc, 0, 0, w, T (doc, T_NO_ANSWERS), S_TITLE, TRUE, PANGO_ALIGN_LEFT, FALSE) + PDF_MM (2)
      + text_at (doc, 0, 0, w, note, S_BODY, FALSE, PANGO_ALIGN_LEFT, FALSE) + PDF_MM (8);
  set_colour (doc, &pdf_track);
  cairo_rectangle (doc->cr, PDF_MARGIN, top, WIDTH, h);
  cairo_fill (doc->cr);
  set_colour (doc, &pdf_muted);
  cairo_rectangle (doc->cr, PDF_MARGIN, top, PDF_MM (1.5), h);
  cairo_fill (doc->cr);
  top += PDF_MM (4);
  set_colour (doc, &pdf_ink);
  top += text_at (doc, x, top, w, T (doc, T_NO_ANSWERS), S_TITLE, TRUE, PANGO_ALIGN_LEFT, TRUE) + PDF_MM (2);
  text_at (doc, x, top, w, note, S_BODY, FALSE, PANGO_ALIGN_LEFT, TRUE);
  doc->y += h + PDF_MM (6);
}

static void
draw_document (Doc *doc)
{
  LoketSkmResult result;

  doc->page = 0;
  begin_page (doc);
  title_block (doc);
  if (!loket_skm_compute (&doc->report->total->tally, &result))
    no_answers (doc);
  else
    {
      summary (doc, &result);
      elements_chart (doc, &result);
      elements_table (doc, &result);
      services_table (doc);
      respondents_tables (doc);
      suggestions (doc);
    }
  closing (doc);
  end_page (doc);
}

/* One pass over the document on a surface writing to @sink (NULL: to
 * nowhere, to count the pages). */
static cairo_status_t
render (Doc *doc, PangoFontMap *fonts, PdfSink *sink)
{
  g_autofree char *title = g_strdup_printf ("%s — %s — %s", doc->report->office ? doc->report->office : "",
                                            T (doc, T_DOCUMENT), doc->period);
  cairo_status_t status;

  doc->surface = cairo_pdf_surface_create_for_stream (sink ? pdf_sink_write : NULL, sink, PDF_A4_SHORT, PDF_A4_LONG);
  doc->cr = cairo_create (doc->surface);
  doc->pango = pango_font_map_create_context (fonts);
  pango_cairo_update_context (doc->cr, doc->pango);
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_CREATOR, "Loket " PACKAGE_VERSION);
  draw_document (doc);
  g_clear_object (&doc->pango);
  cairo_destroy (doc->cr);
  cairo_surface_finish (doc->surface);
  status = cairo_surface_status (doc->surface);
  cairo_surface_destroy (doc->surface);
  return status;
}

/* "1 – 30 Juni 2026" style is the queue report's; here both days in full,
 * as the regulation's forms print them. */
static char *
period_text (Doc *doc)
{
  g_autofree char *from = day_text (doc, doc->report->from);
  g_autofree char *to = day_text (doc, doc->report->to);

  return g_strcmp0 (doc->report->from, doc->report->to) == 0 ? g_strdup (from) : g_strdup_printf ("%s – %s", from, to);
}

/* Now, in the office's time (the machine printing may keep another
 * zone), its zone named so that it is never ambiguous. */
static char *
generated_text (Doc *doc)
{
  g_autoptr(GTimeZone) zone = doc->report->time_zone ? g_time_zone_new_identifier (doc->report->time_zone) : NULL;
  g_autoptr(GDateTime) now = zone ? g_date_time_new_now (zone) : g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, doc->lang == 0 ? "%H.%M" : "%H:%M");

  return g_strdup_printf ("%d %s %d, %s %s", g_date_time_get_day_of_month (now),
                          months[doc->lang][g_date_time_get_month (now) - 1], g_date_time_get_year (now), clock,
                          g_date_time_get_timezone_abbreviation (now));
}

gboolean
loket_skm_report_write_pdf (const LoketSkmReport *report,
                            GOutputStream        *out,
                            GError              **error)
{
  PdfSink sink = { out, NULL };
  Doc doc = { .report = report, .lang = g_strcmp0 (report->lang, "en") == 0 ? 1 : 0 };
  /* A font map of its own, gone with the document (loket-report-pdf.c). */
  g_autoptr(PangoFontMap) fonts = pango_cairo_font_map_new ();
  cairo_status_t status;

  doc.period = period_text (&doc);
  doc.generated = generated_text (&doc);
  status = render (&doc, fonts, NULL);
  doc.pages = doc.page;
  if (status == CAIRO_STATUS_SUCCESS)
    status = render (&doc, fonts, &sink);
  g_free (doc.period);
  g_free (doc.generated);
  return pdf_sink_finish (&sink, status, error);
}
