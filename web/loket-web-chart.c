/* loket-web-chart.c — the record as inline SVG (see loket-web-chart.h).
 *
 * One small SVG in each service's card, under today's figures, scaled to the width of the column by its
 * viewBox, so it fits a 390 px phone as well as a desktop.  Geometry is
 * in attributes; the colours, the type and the rounded corners are in
 * the style sheet (figure.record: the track, then the bar over it, the
 * label, then the value), which keeps six cards of it light — the page
 * has a budget (docs/web.md).  No style attribute, no script.  Every
 * text — the service's name in the label included — goes through
 * loket_web_html_escape().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-chart.h"
#include "loket-web-data.h"
#include "loket-web-html.h"

#define BAR_X 84
#define BAR_W 190
#define ROW_H 22
#define WIDTH 320

typedef struct { const char *id; const char *en; } Words;

static const Words spans[] = {
  { "Hari ini", "Today" },
  { "7 hari", "7 days" },
  { "30 hari", "30 days" },
};

static const char *
say (const Words *w, const char *lang)
{
  return g_str_equal (lang, "en") ? w->en : w->id;
}

/* "83%" (rounded), or "–" where nothing was judged. */
static char *
percent (const LoketWebShare *share)
{
  if (share->judged == 0)
    return g_strdup ("–");
  return g_strdup_printf ("%u%%", (share->within * 100 + share->judged / 2) / share->judged);
}

/* The label screen readers read instead of the picture. */
static char *
describe (const char *name, const char * const *labels, const LoketWebShare * const *shares, guint n,
          const char *lang)
{
  GString *text = g_string_new (name);

  g_string_append (text, g_str_equal (lang, "en") ? ": called within the promised wait — "
                                                  : ": dipanggil sesuai janji waktu tunggu — ");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = percent (shares[i]);

      if (shares[i]->judged == 0)
        g_string_append_printf (text, "%s%s: %s", i ? "; " : "", labels[i],
                                g_str_equal (lang, "en") ? "none judged" : "belum ada");
      else
        g_string_append_printf (text, g_str_equal (lang, "en") ? "%s%s: %s (%u of %u)" : "%s%s: %s (%u dari %u)",
                                i ? "; " : "", labels[i], p, shares[i]->within, shares[i]->judged);
    }
  return g_string_free (text, FALSE);
}

static void
bar (GString *out, guint row, const char *label, const LoketWebShare *share)
{
  g_autofree char *p = percent (share);
  guint y = row * ROW_H;
  guint width = share->judged ? (guint) ((guint64) BAR_W * share->within / share->judged) : 0;

  g_string_append_printf (out, "<text x=\"0\" y=\"%u\">", y + 15);
  loket_web_html_escape (out, label);
  g_string_append_printf (out, "</text><rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"16\"/>",
                          BAR_X, y + 3, BAR_W);
  if (width > 0)
    g_string_append_printf (out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"16\"/>", BAR_X, y + 3, width);
  g_string_append_printf (out, "<text x=\"%u\" y=\"%u\">%s</text>", WIDTH, y + 15, p);
}

void
loket_web_chart_bars (GString                     *out,
                      const char                  *name,
                      const char * const          *labels,
                      const LoketWebShare * const *shares,
                      guint                        n,
                      const char                  *lang)
{
  g_autofree char *label = describe (name, labels, shares, n, lang);

  g_string_append (out, "<figure class=\"record\">");
  loket_web_html_element (out, "figcaption", NULL,
                          g_str_equal (lang, "en") ? "Called within the promised wait"
                                                   : "Dipanggil sesuai janji waktu tunggu");
  g_string_append_printf (out, "<svg viewBox=\"0 0 %u %u\" width=\"100%%\" role=\"img\" aria-label=\"",
                          WIDTH, n * ROW_H);
  loket_web_html_escape (out, label);
  g_string_append (out, "\">");
  for (guint i = 0; i < n; i++)
    bar (out, i, labels[i], shares[i]);
  g_string_append (out, "</svg></figure>\n");
}

void
loket_web_chart_service (GString          *out,
                         LoketServiceItem *service,
                         GHashTable       *record,
                         const char       *lang)
{
  static const LoketWebRecord none = { 0 };
  const LoketWebRecord *r = record ? g_hash_table_lookup (record, loket_service_item_get_id (service)) : NULL;
  const LoketWebRecord *rec = r ? r : &none;
  const LoketWebShare *shares[3] = { &rec->today, &rec->week, &rec->month };
  const char *labels[3];

  if (record == NULL)
    return;   /* not read yet: nothing rather than a wrong zero */
  for (guint i = 0; i < 3; i++)
    labels[i] = say (&spans[i], lang);
  loket_web_chart_bars (out, loket_service_item_get_label (service), labels, shares, 3, lang);
}

void
loket_web_chart_data_links (GString    *out,
                            const char *lang)
{
  loket_web_html_escape (out, g_str_equal (lang, "en") ? "Open data, per day: " : "Data terbuka, per hari: ");
  g_string_append (out, "<a href=\"/data/daily.csv\">CSV</a> · <a href=\"/data/daily.json\">JSON</a>; ");
  loket_web_html_escape (out, g_str_equal (lang, "en") ? "satisfaction survey: " : "survei kepuasan: ");
  g_string_append (out, "<a href=\"/data/skm-daily.csv\">CSV</a> · <a href=\"/data/skm-daily.json\">JSON</a>; ");
  loket_web_html_escape (out, g_str_equal (lang, "en") ? "complaints: " : "pengaduan: ");
  g_string_append (out, "<a href=\"/data/complaints.csv\">CSV</a> · <a href=\"/data/complaints.json\">JSON</a>");
}
