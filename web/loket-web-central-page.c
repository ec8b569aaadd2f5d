/* loket-web-central-page.c — the region's public page, made of one read
 * of the centre (loket-web-central-private.h): the league table, the
 * complaints per office and per category, a card per office with its
 * chart, the regions as tabs.  Every word from the centre (an office's
 * id, which is its name there, a region's name) reaches the page through
 * loket_web_html_escape(), and a link through URI escaping first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-central.h"
#include "loket-web-central-private.h"
#include "loket-web-chart.h"
#include "loket-web-html.h"
#include "loket-web-page.h"
#include "loket-web-page-private.h"

#include "loket-complaint-category.h"
#include "loket-skm.h"

#include <string.h>

/* ---- the regional page --------------------------------------------------- */

static char *
percent_text (guint within, guint judged)
{
  if (judged == 0)
    return g_strdup ("–");
  return g_strdup_printf ("%u%%", (within * 100 + judged / 2) / judged);
}

/* A share cell, with its counts for whoever reads the page by machine. */
static void
share_cell (GString *out, guint within, guint judged)
{
  g_autofree char *p = percent_text (within, judged);

  g_string_append_printf (out, "<td class=\"share\" data-within=\"%u\" data-judged=\"%u\">%s</td>",
                          within, judged, p);
}

static const LoketRegionShipment *
shipment_of (const LoketWebCentralAnswer *a, const char *id)
{
  for (guint i = 0; a->shipments != NULL && i < a->shipments->len; i++)
    {
      const LoketRegionShipment *s = g_ptr_array_index (a->shipments, i);

      if (g_str_equal (s->id, id))
        return s;
    }
  return NULL;
}

static gboolean
is_stale (const LoketRegionShipment *s, const LoketWebCentralAnswer *a)
{
  return s == NULL || s->shipped_at == 0 ||
         a->read_at / G_USEC_PER_SEC - s->shipped_at > LOKET_WEB_CENTRAL_STALE_S;
}

/* @unix_s by the region's clock. */
static GDateTime *
region_time (const LoketWebCentralAnswer *a, gint64 unix_s)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_s);

  return g_date_time_to_timezone (utc, a->zone);
}

static char *
shipped_text (const LoketRegionShipment *s, const LoketWebCentralAnswer *a, const char *lang)
{
  g_autoptr(GDateTime) at = NULL;

  if (s == NULL || s->shipped_at == 0)
    return g_strdup (SAY (lang, "belum pernah", "never"));
  at = region_time (a, s->shipped_at);
  return g_date_time_format (at, "%Y-%m-%d %H:%M");
}

/* The office's share over the last week of the page's period, from the
 * day rows (their counts add up). */
static LoketWebShare
week_share (const LoketWebCentralAnswer *a, const char *office, const char *week_from)
{
  LoketWebShare share = { 0, 0 };

  for (guint i = 0; i < a->daily->len; i++)
    {
      const LoketRegionDay *d = g_ptr_array_index (a->daily, i);

      if (g_str_equal (d->office, office) && strcmp (d->day, week_from) >= 0)
        {
          share.judged += d->judged;
          share.within += d->within;
        }
    }
  return share;
}

static void
skm_cell (GString *out, const LoketRegionOffice *o)
{
  guint hundredths;

  if (!o->has_skm)
    {
      g_string_append (out, "<td class=\"skm\">–</td>");
      return;
    }
  hundredths = (guint) (o->skm * 100 + 0.5);
  g_string_append_printf (out, "<td class=\"skm\" data-skm=\"%u.%02u\">%u.%02u <i>%s</i></td>",
                          hundredths / 100, hundredths % 100, hundredths / 100, hundredths % 100,
                          loket_skm_grade_letter (loket_skm_grade_of (hundredths)));
}

static void
league_row (GString *out, const LoketWebCentralAnswer *a, const LoketRegionOffice *o, const char *week_from, const char *lang)
{
  const LoketReportService *t = o->report->total;
  const LoketRegionShipment *s = shipment_of (a, o->report->office);
  LoketWebShare week = week_share (a, o->report->office, week_from);
  g_autofree char *shipped = shipped_text (s, a, lang);
  gboolean stale = is_stale (s, a);

  g_string_append_printf (out, "<tr class=\"%s\" data-office=\"", stale ? "stale" : "fresh");
  loket_web_html_escape (out, o->report->office);
  g_string_append_printf (out, "\"><td class=\"rank\">%u</td><th scope=\"row\" class=\"office\">", o->rank);
  loket_web_html_escape (out, o->report->office);
  g_string_append (out, "</th>");
  share_cell (out, t->wait.within, t->wait.judged);
  share_cell (out, week.within, week.judged);
  g_string_append_printf (out, "<td class=\"served\" data-served=\"%u\" data-issued=\"%u\">%u</td>",
                          t->served, t->issued, t->served);
  skm_cell (out, o);
  g_string_append (out, "<td class=\"shipped\">");
  loket_web_html_escape (out, shipped);
  if (stale)
    {
      g_string_append (out, " <b class=\"stale\">");
      loket_web_html_escape (out, SAY (lang, "tertinggal", "behind"));
      g_string_append (out, "</b>");
    }
  g_string_append (out, "</td></tr>\n");
}

/* A section of the page (class @klass) with its heading and note, and
 * its table opened up to the body's first row; the caller adds the rows
 * and closes it with TABLE_CLOSE. */
static void
table_open (GString *out, const char *klass, const char *title, const char *note,
            const LoketWebWords *heads, guint n_heads, const char *lang)
{
  g_string_append_printf (out, "<section class=\"%s\">\n", klass);
  loket_web_html_element (out, "h2", NULL, title);
  loket_web_html_element (out, "p", "note", note);
  g_string_append_printf (out, "<div class=\"scroll\"><table class=\"%s\"><thead><tr>", klass);
  for (guint i = 0; i < n_heads; i++)
    loket_web_html_element (out, "th", NULL, loket_web_say (&heads[i], lang));
  g_string_append (out, "</tr></thead>\n<tbody>\n");
}

#define TABLE_CLOSE "</tbody></table></div>\n</section>\n"

static void
league_table (GString *out, const LoketWebCentralAnswer *a, const char *week_from, const char *lang)
{
  static const LoketWebWords heads[] = {
    { "#", "#" }, { "Kantor", "Office" }, { "30 hari", "30 days" }, { "7 hari", "7 days" },
    { "Dilayani", "Served" }, { "SKM", "SKM" }, { "Terakhir dikirim", "Last shipped" },
  };

  table_open (out, "league", SAY (lang, "Peringkat kantor", "The offices ranked"),
              SAY (lang, "Diurutkan menurut bagian antrean yang dipanggil sesuai janji waktu tunggu "
                         "dalam 30 hari terakhir.",
                   "Ranked by the share of tickets called within the promised wait over the last 30 days."),
              heads, G_N_ELEMENTS (heads), lang);
  for (guint i = 0; i < a->report->offices->len; i++)
    league_row (out, a, g_ptr_array_index (a->report->offices, i), a->week_from, lang);
  g_string_append (out, TABLE_CLOSE);
}

/* One row of the complaints' tables: @kind ("office", "category") names
 * the row's data attribute (@id) and its heading's class (@label), then
 * received, answered, the share by the deadline and the median. */
static void
complaint_row (GString *out, const char *kind, const char *id, const char *label, const LoketRegionComplaints *c)
{
  g_string_append_printf (out, "<tr data-%s=\"", kind);
  loket_web_html_escape (out, id);
  g_string_append_printf (out, "\"><th scope=\"row\" class=\"%s\">", kind);
  loket_web_html_escape (out, label);
  g_string_append_printf (out, "</th><td class=\"received\">%u</td><td class=\"answered\">%u</td>",
                          c->received, c->answered);
  share_cell (out, c->within_deadline, c->answered);
  if (c->has_median)
    {
      /* As the office's own page writes it, whatever the locale. */
      char days[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (days, sizeof days, "%.1f", c->median_working_days);
      g_string_append_printf (out, "<td class=\"median\" data-days=\"%s\">%s</td></tr>\n", days, days);
    }
  else
    g_string_append (out, "<td class=\"median\">–</td></tr>\n");
}

/* The complaints each office received over the page's period, counted as
 * its own public complaints page counts them (loket-web-complaint-stats.c):
 * the share answered by the deadline of those answered. */
static void
complaints_table (GString *out, const LoketWebCentralAnswer *a, const char *lang)
{
  static const LoketWebWords heads[] = {
    { "Kantor", "Office" }, { "Diterima", "Received" }, { "Dijawab", "Answered" },
    { "Tepat waktu", "By the deadline" }, { "Median hari kerja", "Median working days" },
  };

  table_open (out, "complaints", SAY (lang, "Pengaduan", "Complaints"),
              SAY (lang, "Pengaduan yang diterima dalam 30 hari terakhir dan berapa yang dijawab sebelum "
                         "tenggat menurut standar pelayanan; hari kerja menurut kalender kantor.",
                   "Complaints received over the last 30 days and how many were answered by the service "
                   "standard's deadline; working days by the office's calendar."),
              heads, G_N_ELEMENTS (heads), lang);
  for (guint i = 0; i < a->report->offices->len; i++)
    {
      const LoketRegionOffice *o = g_ptr_array_index (a->report->offices, i);

      complaint_row (out, "office", o->report->office, o->report->office, &o->complaints);
    }
  g_string_append (out, TABLE_CLOSE);
}

/* The same over all the offices, a row per category (every one, in the
 * protocol's order, as each office's own page lists them): what the
 * region's citizens complain about. */
static void
complaint_categories_table (GString *out, const LoketWebCentralAnswer *a, const char *lang)
{
  static const LoketWebWords heads[] = {
    { "Kategori", "Category" }, { "Diterima", "Received" }, { "Dijawab", "Answered" },
    { "Tepat waktu", "By the deadline" }, { "Median hari kerja", "Median working days" },
  };
  table_open (out, "complaint-categories", SAY (lang, "Pengaduan menurut kategori", "Complaints by category"),
              SAY (lang, "Semua kantor di atas bersama-sama, dalam 30 hari terakhir.",
                   "All the offices above together, over the last 30 days."),
              heads, G_N_ELEMENTS (heads), lang);
  for (guint k = 0; k < LOKET_COMPLAINT_N_CATEGORIES; k++)
    {
      const char *id = loket_complaint_category (k)->id;

      complaint_row (out, "category", id, loket_complaint_category_name (id, lang),
                     &a->report->complaint_categories[k]);
    }
  g_string_append (out, TABLE_CLOSE);
}

static void
office_cards (GString *out, const LoketWebCentralAnswer *a, const char *week_from, const char *lang)
{
  const char *labels[2] = { SAY (lang, "7 hari", "7 days"), SAY (lang, "30 hari", "30 days") };

  g_string_append (out, "<section class=\"offices\">\n");
  loket_web_html_element (out, "h2", NULL, SAY (lang, "Setiap kantor", "Each office"));
  for (guint i = 0; i < a->report->offices->len; i++)
    {
      const LoketRegionOffice *o = g_ptr_array_index (a->report->offices, i);
      LoketWebShare week = week_share (a, o->report->office, week_from);
      LoketWebShare month = { o->report->total->wait.judged, o->report->total->wait.within };
      const LoketWebShare *shares[2] = { &week, &month };

      g_string_append (out, "<article class=\"service\">");
      loket_web_html_element (out, "h3", NULL, o->report->office);
      loket_web_chart_bars (out, o->report->office, labels, shares, 2, lang);
      g_string_append (out, "</article>\n");
    }
  g_string_append (out, "</section>\n");
}

/* "region=Priangan", URI-escaped; NULL for every office. */
static char *
region_query (const char *region)
{
  g_autoptr(GString) query = NULL;

  if (region == NULL)
    return NULL;
  query = g_string_new ("region=");
  g_string_append_uri_escaped (query, region, NULL, FALSE);
  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* A link to @path for @region's offices (NULL: every office's). */
static void
append_link (GString *out, const char *path, const char *region, const char *text)
{
  g_autofree char *query = region_query (region);

  g_string_append (out, "<a href=\"");
  loket_web_html_escape (out, path);
  if (query != NULL)
    {
      g_string_append_c (out, '?');
      loket_web_html_escape (out, query);
    }
  g_string_append (out, "\">");
  loket_web_html_escape (out, text);
  g_string_append (out, "</a>");
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The regions the centre files offices under, sorted, each once. */
static GPtrArray *
regions_of (const LoketWebCentralAnswer *a)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *regions = g_ptr_array_new ();

  for (guint i = 0; a->shipments != NULL && i < a->shipments->len; i++)
    {
      const LoketRegionShipment *s = g_ptr_array_index (a->shipments, i);

      if (s->region != NULL && g_hash_table_add (seen, s->region))
        g_ptr_array_add (regions, s->region);
    }
  g_ptr_array_sort (regions, compare_strings);
  return regions;
}

/* Every office, or one region's, once the centre files offices under any. */
static void
region_nav (GString *out, const LoketWebCentralAnswer *a, const char *lang)
{
  g_autoptr(GPtrArray) regions = regions_of (a);

  if (regions->len == 0)
    return;
  g_string_append_printf (out, "<nav class=\"regions\" aria-label=\"%s\"><ul>",
                          SAY (lang, "Wilayah", "Regions"));
  g_string_append (out, a->region == NULL ? "<li aria-current=\"page\">" : "<li>");
  append_link (out, "/", NULL, SAY (lang, "Semua kantor", "Every office"));
  g_string_append (out, "</li>");
  for (guint i = 0; i < regions->len; i++)
    {
      const char *region = g_ptr_array_index (regions, i);

      g_string_append (out, g_strcmp0 (region, a->region) == 0 ? "<li aria-current=\"page\">" : "<li>");
      append_link (out, "/", region, region);
      g_string_append (out, "</li>");
    }
  g_string_append (out, "</ul></nav>\n");
}

static void
page_header (GString *out, const LoketWebCentralAnswer *a, const char *title, const char *lang)
{
  g_autoptr(GDateTime) read = region_time (a, a->read_at / G_USEC_PER_SEC);
  /* "07.24 WIB": the zone's letters where it has them, else its offset. */
  g_autofree char *clock = g_date_time_format (read, EN (lang) ? "%H:%M %Z" : "%H.%M %Z");
  g_autofree char *query = region_query (a->region);

  g_string_append (out, "<header class=\"office\">\n<div class=\"top\">");
  /* The other language, for the same offices. */
  loket_web_language_link_keeping (out, lang, query);
  g_string_append (out, "</div>\n");
  loket_web_html_element (out, "h1", NULL, title);
  if (a->region != NULL)
    loket_web_html_element (out, "p", "region", a->region);
  g_string_append (out, "<p class=\"now\"><span class=\"period\" data-from=\"");
  loket_web_html_escape (out, a->from);
  g_string_append (out, "\" data-to=\"");
  loket_web_html_escape (out, a->to);
  g_string_append (out, "\">");
  loket_web_html_escape (out, a->from);
  g_string_append (out, " – ");
  loket_web_html_escape (out, a->to);
  g_string_append (out, "</span> · ");
  loket_web_html_escape (out, SAY (lang, "dibaca pukul ", "read at "));
  g_string_append (out, "<time>");
  loket_web_html_escape (out, clock);
  g_string_append (out, "</time></p>\n</header>\n");
}

/* The open data of the same offices. */
static void
page_footer (GString *out, const LoketWebCentralAnswer *a, const char *lang)
{
  g_string_append (out, "<footer><p>");
  loket_web_html_escape (out, SAY (lang, "Data terbuka, per kantor, layanan dan hari: ",
                                   "Open data, per office, service and day: "));
  append_link (out, "/data/region-daily.csv", a->region, "CSV");
  g_string_append (out, " · ");
  append_link (out, "/data/region-daily.json", a->region, "JSON");
  g_string_append (out, "; ");
  loket_web_html_escape (out, SAY (lang, "pengaduan per kantor dan kategori: ", "complaints per office and category: "));
  append_link (out, "/data/region-complaints.csv", a->region, "CSV");
  g_string_append (out, " · ");
  append_link (out, "/data/region-complaints.json", a->region, "JSON");
  g_string_append (out, "</p></footer>\n");
}

char *
loket_web_central_page (const LoketWebCentralAnswer *a,
                        const char                  *lang)
{
  GString *out = g_string_new (NULL);
  const char *title = SAY (lang, "Kinerja pelayanan wilayah", "The region's public service record");
  g_autofree char *tab = a->region ? g_strdup_printf ("%s — %s", a->region, title) : g_strdup (title);

  loket_web_page_open (out, lang, tab, 0);
  /* The region's own rules (a stylesheet link may stand in the body). */
  g_string_append (out, "<link rel=\"stylesheet\" href=\"/static/region.css\">\n");
  page_header (out, a, title, lang);
  region_nav (out, a, lang);
  g_string_append (out, "<main id=\"region\">\n");
  if (a->report == NULL)
    loket_web_html_element (out, "p", "offline",
                            SAY (lang, "Belum ada kantor yang mengirim datanya.", "No office has shipped its record yet."));
  else
    {
      league_table (out, a, a->week_from, lang);
      /* Neither while no office has received a complaint. */
      if (loket_region_report_has_complaints (a->report))
        {
          complaints_table (out, a, lang);
          complaint_categories_table (out, a, lang);
        }
      office_cards (out, a, a->week_from, lang);
    }
  g_string_append (out, "</main>\n");
  page_footer (out, a, lang);
  loket_web_page_close (out);
  return g_string_free (out, FALSE);
}

char *
loket_web_central_unavailable_page (const char *lang)
{
  GString *out = g_string_new (NULL);
  const char *title = SAY (lang, "Data wilayah belum dapat dibaca", "The region's figures cannot be read now");

  loket_web_page_open (out, lang, title, 0);
  /* The region's own rules (a stylesheet link may stand in the body). */
  g_string_append (out, "<link rel=\"stylesheet\" href=\"/static/region.css\">\n");
  g_string_append (out, "<main class=\"error\" id=\"unavailable\">");
  loket_web_html_element (out, "h1", NULL, title);
  loket_web_html_element (out, "p", NULL,
                          SAY (lang, "Basis data pusat sedang tidak menjawab. Silakan coba lagi sebentar lagi.",
                               "The central database is not answering. Please try again in a minute."));
  g_string_append (out, "<p>");
  loket_web_language_link (out, lang);
  g_string_append (out, "</p></main>\n");
  loket_web_page_close (out);
  return g_string_free (out, FALSE);
}

