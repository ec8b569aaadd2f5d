/* loket-web-complaint-stats.c — complaints in the open (see
 * loket-web-complaint-stats.h): the office page's section and the open
 * data's rows, from one COMPLAINT_STATS reply.  The rows are the reply's
 * categories in the protocol's order (loket-complaint-category.h) and its
 * total, "all"; the JSON is written by hand so that its numbers keep the
 * CSV's form, as the other open data's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-complaint-stats.h"
#include "loket-complaint-category.h"
#include "loket-web-html.h"
#include "loket-web-page-private.h"
#include "loket-web-rows.h"

/* One row's figures, as texts the CSV, the JSON and the page share. */
typedef struct {
  const char *id;        /* the category, or "all" */
  gint64      received, answered, within;
  char       *share;     /* within / answered, "0.7500"; NULL: none answered */
  char       *median;    /* working days, "1.5"; NULL: none answered */
} Row;

static void
row_clear (Row *r)
{
  g_free (r->share);
  g_free (r->median);
}

static Row
row_of (JsonObject *o, const char *id)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  Row r = { .id = id };
  JsonNode *median = json_object_get_member (o, "median_working_days");

  r.received = json_object_get_int_member_with_default (o, "received", 0);
  r.answered = json_object_get_int_member_with_default (o, "answered", 0);
  r.within = json_object_get_int_member_with_default (o, "within_deadline", 0);
  if (r.answered > 0)
    r.share = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.4f", (double) r.within / (double) r.answered));
  if (median != NULL && !JSON_NODE_HOLDS_NULL (median))
    r.median = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", json_node_get_double (median)));
  return r;
}

/* The rows of @stats: each category in the protocol's order (one the
 * reply lacks counts zero), then "all". */
static GArray *
rows_of (JsonObject *stats)
{
  JsonArray *list = json_object_has_member (stats, "categories")
                  ? json_object_get_array_member (stats, "categories") : NULL;
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr(JsonObject) none = json_object_new ();

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  for (guint k = 0; k < LOKET_COMPLAINT_N_CATEGORIES; k++)
    {
      const char *id = loket_complaint_category (k)->id;
      JsonObject *found = none;
      Row r;

      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          JsonObject *o = json_array_get_object_element (list, i);

          if (g_strcmp0 (json_object_get_string_member_with_default (o, "category", NULL), id) == 0)
            found = o;
        }
      r = row_of (found, id);
      g_array_append_val (rows, r);
    }
  {
    Row total = row_of (json_object_has_member (stats, "total") ? json_object_get_object_member (stats, "total")
                                                                : none, "all");
    g_array_append_val (rows, total);
  }
  return rows;
}

/* ---- the office page ----------------------------------------------------- */

/* "75%" of a share, "–" without one. */
static char *
percent (const Row *r)
{
  return r->answered > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT "%%", (r->within * 100 + r->answered / 2) / r->answered)
                         : g_strdup ("–");
}

static void
cell (GString *out, const char *tag, const char *text)
{
  loket_web_html_element (out, tag, NULL, text);
}

static void
row_html (GString *out, const Row *r, const char *label, const char *lang)
{
  g_autofree char *received = g_strdup_printf ("%" G_GINT64_FORMAT, r->received);
  g_autofree char *answered = g_strdup_printf ("%" G_GINT64_FORMAT, r->answered);
  g_autofree char *share = percent (r);
  g_autofree char *median = g_strdup (r->median ? r->median : "–");

  if (!EN (lang))
    g_strdelimit (median, ".", ',');   /* 1,5 */
  g_string_append (out, "<tr>");
  cell (out, "th", label);
  cell (out, "td", received);
  cell (out, "td", answered);
  cell (out, "td", share);
  cell (out, "td", median);
  g_string_append (out, "</tr>\n");
}

/* Terse markup, the categories nobody complained of left out: the page
 * has a budget (docs/web.md). */
static void
table_html (GString *out, GArray *rows, const char *lang)
{
  static const LoketWebWords heads[] = {
    { "Jenis", "About" }, { "Diterima", "Received" }, { "Dijawab", "Answered" },
    { "Tepat waktu", "On time" }, { "Median hari kerja", "Median working days" },
  };

  g_string_append (out, "<table>\n<tr>");
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    cell (out, "th", loket_web_say (&heads[i], lang));
  g_string_append (out, "</tr>\n");
  for (guint k = 0; k < LOKET_COMPLAINT_N_CATEGORIES; k++)
    {
      const Row *r = &g_array_index (rows, Row, k);

      if (r->received > 0)
        row_html (out, r, loket_complaint_category_name (r->id, lang), lang);
    }
  row_html (out, &g_array_index (rows, Row, LOKET_COMPLAINT_N_CATEGORIES), SAY (lang, "Jumlah", "Total"), lang);
  g_string_append (out, "</table>\n");
}

void
loket_web_complaint_stats_section (GString    *out,
                                   JsonObject *stats,
                                   const char *lang)
{
  g_string_append (out, "<section id=\"pgd\">\n");
  loket_web_html_element (out, "h2", NULL, SAY (lang, "Pengaduan, 90 hari terakhir", "Complaints, last 90 days"));
  if (stats != NULL)
    {
      g_autoptr(GArray) rows = rows_of (stats);

      if (g_array_index (rows, Row, LOKET_COMPLAINT_N_CATEGORIES).received == 0)
        loket_web_html_element (out, "p", NULL, SAY (lang, "Belum ada pengaduan.", "No complaints."));
      else
        {
          table_html (out, rows, lang);
          loket_web_html_element (out, "p", "n",
                                  SAY (lang, "Tepat waktu: dari yang dijawab, dijawab sebelum tenggatnya.",
                                       "On time: of those answered, answered by their deadline."));
        }
    }
  g_string_append (out, EN (lang) ? "<p><a href=\"/complaint?lang=en\">" : "<p><a href=\"/complaint\">");
  loket_web_html_escape (out, SAY (lang, "Sampaikan pengaduan", "Make a complaint"));
  g_string_append (out, "</a> ");
  loket_web_html_escape (out, SAY (lang, "— dijawab paling lambat sesuai standar pelayanan.",
                                   "— answered within the service standard's deadline."));
  g_string_append (out, "</p>\n</section>\n");
}

/* ---- the open data ------------------------------------------------------- */

static const char * const columns[] = {
  "from", "to", "category", "category_name", "category_name_en", "received", "answered",
  "within_deadline", "share_within_deadline", "median_working_days", NULL
};

static const char *
name_of (const Row *r, const char *lang)
{
  return g_str_equal (r->id, "all") ? (g_str_equal (lang, "en") ? "All" : "Semua")
                                    : loket_complaint_category_name (r->id, lang);
}

static GStrv
row_cells (const Row *r)
{
  GStrv c = g_new0 (char *, LOKET_WEB_COMPLAINT_STATS_CELLS + 1);

  c[0] = g_strdup (r->id);
  c[1] = g_strdup (name_of (r, "id"));
  c[2] = g_strdup (name_of (r, "en"));
  c[3] = g_strdup_printf ("%" G_GINT64_FORMAT, r->received);
  c[4] = g_strdup_printf ("%" G_GINT64_FORMAT, r->answered);
  c[5] = g_strdup_printf ("%" G_GINT64_FORMAT, r->within);
  c[6] = g_strdup (r->share ? r->share : "");
  c[7] = g_strdup (r->median ? r->median : "");
  return c;
}

GStrv
loket_web_complaint_stats_cells (JsonObject *figures,
                                 const char *category)
{
  Row r = row_of (figures, category);
  GStrv cells = row_cells (&r);

  row_clear (&r);
  return cells;
}

char *
loket_web_complaint_stats_csv (JsonObject *stats)
{
  GString *csv = g_string_new (NULL);
  g_autoptr(GArray) rows = rows_of (stats);
  const char *from = json_object_get_string_member_with_default (stats, "from", "");
  const char *to = json_object_get_string_member_with_default (stats, "to", "");

  for (guint c = 0; columns[c] != NULL; c++)
    loket_web_csv_field (csv, columns[c], columns[c + 1] == NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      g_auto(GStrv) cells = row_cells (&g_array_index (rows, Row, i));

      loket_web_csv_field (csv, from, FALSE);
      loket_web_csv_field (csv, to, FALSE);
      for (guint c = 0; c < LOKET_WEB_COMPLAINT_STATS_CELLS; c++)
        loket_web_csv_field (csv, cells[c], c + 1 == LOKET_WEB_COMPLAINT_STATS_CELLS);
    }
  return g_string_free (csv, FALSE);
}

char *
loket_web_complaint_stats_json (JsonObject *stats,
                                const char *office,
                                const char *licence)
{
  GString *out = g_string_new ("{\n  \"office\": ");
  g_autoptr(GArray) rows = rows_of (stats);

  loket_web_json_string (out, office);
  g_string_append (out, ",\n  \"licence\": ");
  loket_web_json_string (out, licence);
  g_string_append (out, ",\n  \"from\": ");
  loket_web_json_string (out, json_object_get_string_member_with_default (stats, "from", NULL));
  g_string_append (out, ",\n  \"to\": ");
  loket_web_json_string (out, json_object_get_string_member_with_default (stats, "to", NULL));
  g_string_append (out, ",\n  \"rows\": [");
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);

      g_string_append (out, i == 0 ? "\n    {\"category\": " : ",\n    {\"category\": ");
      loket_web_json_string (out, r->id);
      g_string_append (out, ", \"category_name\": ");
      loket_web_json_string (out, name_of (r, "id"));
      g_string_append (out, ", \"category_name_en\": ");
      loket_web_json_string (out, name_of (r, "en"));
      g_string_append_printf (out, ", \"received\": %" G_GINT64_FORMAT ", \"answered\": %" G_GINT64_FORMAT
                              ", \"within_deadline\": %" G_GINT64_FORMAT ", \"share_within_deadline\": %s"
                              ", \"median_working_days\": %s}", r->received, r->answered, r->within,
                              r->share ? r->share : "null", r->median ? r->median : "null");
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}
