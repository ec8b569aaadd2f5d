/* test-web-complaint-stats.c — complaints in the open (docs/open-data.md
 * "Complaints", docs/web.md): a real loketd and a real loket-web, libsoup's
 * client and headless Chromium, the figures held against the server's
 * database (read-only, sqlite).
 *
 *   - complaints are filed in three categories (a supervisor's key, as at
 *     the counter) and some answered or taken up (loketctl complaints
 *     step, the supervisor's acts); then the gateway starts;
 *   - /data/complaints.json and .csv, with and without a range: one row
 *     per category in the protocol's order and "all", each count equal to
 *     the database's (received in the period, answered, answered by the
 *     deadline), the median as loketd computes it (all answered the day
 *     they came: 0), the CSV the JSON's rows; a bad range is 400;
 *   - the office page's section, Indonesian and English: a row for each
 *     category complained of (no row for the others), the total, the link
 *     to /complaint; the footer links the data;
 *   - Chromium loads the page (the section is in the DOM under the CSP)
 *     and with LOKET_SCREENSHOTS=DIR writes web-office-complaints-390x844.png
 *     and web-office-complaints-1366x768.png, scrolled to the section.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-complaint-category.h"
#include "loket-test-web.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include <stdio.h>
#include <string.h>

static LoketTestServer *server;
static LoketTestWeb *web;

/* The complaints filed: category, how far staff took it. */
static const struct { const char *category; const char *act; } filed[] = {
  { "time", "answer" }, { "time", "answer" }, { "time", NULL },
  { "behaviour", "answer" }, { "behaviour", "take" },
  { "cost", "take" },
};

/* "… AND category = '@category'" (or every category for "all"). */
static gint64
count (const char *category, const char *condition)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM complaints WHERE %s%s%s%s", condition,
                                          g_str_equal (category, "all") ? "" : " AND category = '",
                                          g_str_equal (category, "all") ? "" : category,
                                          g_str_equal (category, "all") ? "" : "'");

  return loket_test_server_count (server, sql);
}

/* The database's figures for @category: received, answered, answered on
 * or before the deadline (the answer's service day in Asia/Jakarta, the
 * charter's zone, against the deadline day). */
static void
db_figures (const char *category, gint64 *received, gint64 *answered, gint64 *within)
{
  *received = count (category, "1");
  *answered = count (category, "answered_at IS NOT NULL");
  *within = count (category, "answered_at IS NOT NULL AND "
                             "date (answered_at / 1000000, 'unixepoch', '+7 hours') <= deadline");
}

static void
file_complaints (void)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");

  for (guint i = 0; i < G_N_ELEMENTS (filed); i++)
    {
      g_autoptr(JsonObject) reply = loket_test_request (super, "COMPLAIN", "service", i % 2 ? "kk" : "ktp-el",
                                                        "category", filed[i].category,
                                                        "description", "Antrean tidak bergerak.", NULL);
      const char *receipt = json_object_get_string_member (reply, "receipt");

      if (filed[i].act != NULL)
        g_free (loket_test_server_ctl (server, "super", "complaints", "step", receipt, filed[i].act,
                                       "--note", "Sudah kami tindak lanjuti.", NULL));
    }
  g_assert_cmpint (count ("all", "1"), ==, G_N_ELEMENTS (filed));
  g_assert_cmpint (count ("all", "answered_at IS NOT NULL"), ==, 3);
  /* All answered the day they came: the median is 0 working days. */
  g_assert_cmpint (count ("all", "answered_at IS NOT NULL AND "
                                 "date (answered_at / 1000000, 'unixepoch', '+7 hours') != service_day"), ==, 0);
}

static JsonObject *
get_json (const char *path)
{
  g_autofree char *body = loket_test_web_get (web, path, 200, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, body, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* One JSON row against the database, and against its CSV line. */
static void
check_row (JsonObject *row, guint index, const char *from, const char *to, const char *csv)
{
  const char *id = index < LOKET_COMPLAINT_N_CATEGORIES ? loket_complaint_category (index)->id : "all";
  gint64 received, answered, within;
  g_autofree char *line = NULL;
  JsonNode *median = json_object_get_member (row, "median_working_days");
  JsonNode *share = json_object_get_member (row, "share_within_deadline");

  db_figures (id, &received, &answered, &within);
  g_assert_cmpstr (json_object_get_string_member (row, "category"), ==, id);
  g_assert_cmpint (json_object_get_int_member (row, "received"), ==, received);
  g_assert_cmpint (json_object_get_int_member (row, "answered"), ==, answered);
  g_assert_cmpint (json_object_get_int_member (row, "within_deadline"), ==, within);
  if (answered == 0)
    {
      g_assert_true (JSON_NODE_HOLDS_NULL (median));
      g_assert_true (JSON_NODE_HOLDS_NULL (share));
    }
  else
    {
      g_assert_cmpfloat (json_node_get_double (median), ==, 0.0);
      g_assert_cmpfloat_with_epsilon (json_node_get_double (share), (double) within / answered, 0.00005);
    }
  if (index < LOKET_COMPLAINT_N_CATEGORIES)
    {
      g_assert_cmpstr (json_object_get_string_member (row, "category_name"), ==, loket_complaint_category (index)->name);
      g_assert_cmpstr (json_object_get_string_member (row, "category_name_en"), ==,
                       loket_complaint_category (index)->name_en);
    }
  line = g_strdup_printf ("\r\n%s,%s,%s,%s,%s,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%s,%s\r\n",
                          from, to, id, json_object_get_string_member (row, "category_name"),
                          json_object_get_string_member (row, "category_name_en"), received, answered, within,
                          answered ? "1.0000" : "", answered ? "0.0" : "");
  if (strstr (csv, line) == NULL)
    g_error ("the CSV has no line “%s”:\n%s", line, csv);
}

static void
check_data (const char *query)
{
  g_autofree char *json_path = g_strconcat ("/data/complaints.json", query, NULL);
  g_autofree char *csv_path = g_strconcat ("/data/complaints.csv", query, NULL);
  g_autoptr(JsonObject) data = get_json (json_path);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *csv = loket_test_web_get (web, csv_path, 200, &msg);
  JsonArray *rows = json_object_get_array_member (data, "rows");
  const char *from = json_object_get_string_member (data, "from");
  const char *to = json_object_get_string_member (data, "to");

  g_assert_cmpstr (json_object_get_string_member (data, "office"), ==,
                   "Dinas Kependudukan dan Pencatatan Sipil Kota Contoh");
  g_assert_true (g_str_has_prefix (csv, "from,to,category,category_name,category_name_en,received,answered,"
                                        "within_deadline,share_within_deadline,median_working_days\r\n"));
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Access-Control-Allow-Origin"), ==, "*");
  g_assert_cmpuint (json_array_get_length (rows), ==, LOKET_COMPLAINT_N_CATEGORIES + 1);
  g_assert_cmpuint (loket_test_count (csv, "\r\n"), ==, LOKET_COMPLAINT_N_CATEGORIES + 2);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    check_row (json_array_get_object_element (rows, i), i, from, to, csv);
}

static void
test_open_data (void)
{
  g_autoptr(JsonObject) data = get_json ("/data/complaints.json");
  const char *to = json_object_get_string_member (data, "to");
  g_autofree char *today = g_strdup_printf ("?from=%s&to=%s", to, to);
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *from = NULL;
  int y, m, d;

  /* Without a range: the last 90 days, today included. */
  g_assert_cmpint (sscanf (to, "%d-%d-%d", &y, &m, &d), ==, 3);
  last = g_date_time_new_utc (y, m, d, 12, 0, 0);
  {
    g_autoptr(GDateTime) first = g_date_time_add_days (last, -89);

    from = g_date_time_format (first, "%F");
  }
  g_assert_cmpstr (json_object_get_string_member (data, "from"), ==, from);
  check_data ("");
  check_data (today);
  g_free (loket_test_web_get (web, "/data/complaints.csv?from=2026-01-01", 400, NULL));
  g_free (loket_test_web_get (web, "/data/complaints.json?from=2025-01-01&to=2026-06-30", 400, NULL));
}

/* The section's row for @id ("all": the total) with the database's figures. */
static char *
page_row (const char *id, const char *label)
{
  gint64 received, answered, within;

  db_figures (id, &received, &answered, &within);
  return g_strdup_printf ("<tr><th>%s</th><td>%" G_GINT64_FORMAT "</td><td>%" G_GINT64_FORMAT "</td><td>%s</td>"
                          "<td>%s</td></tr>", label, received, answered, answered ? "100%" : "–",
                          answered ? "0,0" : "–");
}

static void
test_page (void)
{
  g_autofree char *total = page_row ("all", "Jumlah");
  g_autofree char *page = loket_test_web_page_with (web, "/?lang=id", total);
  g_autofree char *en = loket_test_web_get (web, "/?lang=en", 200, NULL);

  g_assert_nonnull (strstr (page, "<section id=\"pgd\">"));
  g_assert_nonnull (strstr (page, "Pengaduan, 90 hari terakhir"));
  for (guint k = 0; k < LOKET_COMPLAINT_N_CATEGORIES; k++)
    {
      const LoketComplaintCategory *c = loket_complaint_category (k);
      g_autofree char *row = page_row (c->id, c->name);
      g_autofree char *head = g_strdup_printf ("<tr><th>%s</th>", c->name);

      if (count (c->id, "1") > 0)
        g_assert_nonnull (strstr (page, row));
      else
        g_assert_null (strstr (page, head));
    }
  g_assert_nonnull (strstr (page, "<a href=\"/complaint\">Sampaikan pengaduan</a>"));
  g_assert_nonnull (strstr (page, "<a href=\"/data/complaints.csv\">CSV</a>"));
  g_assert_nonnull (strstr (en, "Complaints, last 90 days"));
  g_assert_nonnull (strstr (en, "<tr><th>Waiting and service time</th><td>3</td><td>2</td><td>100%</td><td>0.0</td></tr>"));
  g_assert_nonnull (strstr (en, "<a href=\"/complaint?lang=en\">Make a complaint</a>"));
  {
    /* The first load — the page, the style sheet, the script — within
     * the budget (docs/web.md). */
    g_autofree char *css = loket_test_web_get (web, "/static/style.css", 200, NULL);
    g_autofree char *js = loket_test_web_get (web, "/static/live.js", 200, NULL);
    gsize first = strlen (page) + strlen (css) + strlen (js);

    g_test_message ("office page with the complaints: %zu bytes (id), %zu (en); with the style sheet (%zu) "
                    "and the script (%zu) %zu", strlen (page), strlen (en), strlen (css), strlen (js), first);
    g_assert_cmpuint (first, <, 20480);
    g_assert_null (strstr (css, "/*"));
  }
}

/* With LOKET_SCREENSHOTS=DIR, the end of the page at @width×@height,
 * where the section is: Chromium draws the whole page in a window tall
 * enough (headless, a page scrolled to a fragment comes out blank), and
 * the picture is cut to the @height rows that end just below the last
 * thing drawn. */
static void
screenshot_of_end (const char *url, const char *name, int width, int height)
{
  const char *dir = g_getenv ("LOKET_SCREENSHOTS");
  g_autofree char *tall = NULL, *window = NULL, *shot = NULL, *path = NULL;
  g_autoptr(GdkPixbuf) whole = NULL, end = NULL;
  g_autoptr(GError) error = NULL;
  const guchar *pixels;
  int bottom, stride, channels;

  if (dir == NULL || *dir == '\0')
    return;
  tall = g_build_filename (g_get_tmp_dir (), "loket-web-complaint-stats-tall.png", NULL);
  window = g_strdup_printf ("--window-size=%d,6000", width);
  shot = g_strdup_printf ("--screenshot=%s", tall);
  g_free (loket_test_chromium (url, window, shot, NULL));
  whole = gdk_pixbuf_new_from_file (tall, &error);
  g_assert_no_error (error);
  g_unlink (tall);
  pixels = gdk_pixbuf_read_pixels (whole);
  stride = gdk_pixbuf_get_rowstride (whole);
  channels = gdk_pixbuf_get_n_channels (whole);
  /* The last row with a pixel unlike the bottom-left one, the page's paper. */
  for (bottom = gdk_pixbuf_get_height (whole) - 1; bottom > 0; bottom--)
    {
      const guchar *row = pixels + (gsize) bottom * stride;
      const guchar *paper = pixels + (gsize) (gdk_pixbuf_get_height (whole) - 1) * stride;
      gboolean drawn = FALSE;

      for (int x = 0; x < gdk_pixbuf_get_width (whole) && !drawn; x++)
        drawn = memcmp (row + x * channels, paper, 3) != 0;
      if (drawn)
        break;
    }
  bottom = MIN (bottom + 24, gdk_pixbuf_get_height (whole));
  g_assert_cmpint (bottom, >, height);
  end = gdk_pixbuf_new_subpixbuf (whole, 0, bottom - height, width, height);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  gdk_pixbuf_save (end, path, "png", &error, NULL);
  g_assert_no_error (error);
}

static void
test_browser (void)
{
  g_autofree char *url = NULL;
  g_autofree char *dom = NULL;

  if (!loket_test_have_chromium ())
    return;
  url = g_strconcat (web->url, "?lang=id", NULL);
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "<section id=\"pgd\">"));
  g_assert_nonnull (strstr (dom, "<th>Perilaku petugas</th>"));
  screenshot_of_end (url, "web-office-complaints-390x844.png", 390, 844);
  screenshot_of_end (url, "web-office-complaints-1366x768.png", 1366, 768);
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/web-complaint-stats/open-data", test_open_data);
  g_test_add_func ("/web-complaint-stats/page", test_page);
  g_test_add_func ("/web-complaint-stats/browser", test_browser);
  server = loket_test_server_new ("../../data/charter-dukcapil.ini");
  server->always_open = TRUE;
  loket_test_server_start (server);
  file_complaints ();
  web = loket_test_web_start (server);
  status = g_test_run ();
  loket_test_web_stop (web);
  loket_test_server_stop (server);
  loket_test_server_free (server);
  return status;
}
