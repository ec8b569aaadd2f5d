/* test-web-skm.c — the satisfaction survey in the open (docs/skm.md,
 * docs/open-data.md), as anyone would check it: a real loketd with the
 * sample office's charter, paper surveys entered for yesterday and today
 * and citizens served, a real loket-web (key web1), libsoup's client and
 * headless Chromium.
 *
 *   - /data/skm-daily.csv: one row per service day and service that has
 *     answers, each element's count of 1s … 4s equal to the surveys
 *     table's (SQL on the database), the respondents too; the licence's
 *     Link; the default range; a bad range 400;
 *   - /data/skm-daily.json: the same counts, the office and the licence;
 *   - the office page: per service the last 90 days' index and grade as
 *     loketd computed them (recomputed here by hand), the respondents,
 *     "sample not yet reached" where the served outnumber what was
 *     reached, "no answers yet" elsewhere, in both languages; its size
 *     against the 20 KB budget; Chromium renders it (DOM check) and, with
 *     LOKET_SCREENSHOTS=DIR, web-skm-390x1400.png and web-skm-1366x768.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-skm.h"
#include "loket-test-web.h"

#include <math.h>
#include <string.h>

#define PAGE_BUDGET 20480

static LoketTestServer *server;
static LoketTestWeb *web;
static char *today, *yesterday;

/* docs/skm.md's worked example (80.42, B) for KTP today; two near-perfect
 * forms for KK yesterday: NRR 4 but 3.5 for complaints, 35.5 / 9 × 25 =
 * 98.61, A. */
static const char * const ktp_forms[] = {
  "4,4,3,4,3,4,4,3,3", "3,3,3,4,3,3,4,3,3", "3,2,2,4,3,3,3,-,2", "4,3,3,4,4,4,4,3,3", "3,3,2,4,3,3,4,2,3",
};
static const char * const kk_forms[] = { "4,4,4,4,4,4,4,4,4", "4,4,4,4,4,4,4,3,4" };

/* ---- the office ----------------------------------------------------------- */

static void
enter_forms (const char *service, const char *day, const char * const *forms, guint n)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(JsonObject) reply = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *answers = json_object_new ();
      guint8 parsed[LOKET_SKM_ELEMENTS];

      g_assert_true (loket_skm_answers_parse (forms[i], parsed, NULL));
      for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
        if (parsed[e] > 0)
          json_object_set_int_member (answers, loket_skm_element (e)->id, parsed[e]);
      json_object_set_string_member (body, "service", service);
      json_object_set_string_member (body, "day", day);
      json_object_set_object_member (body, "answers", answers);
      reply = loket_client_request (super, "SURVEY", body, &error);
      g_assert_no_error (error);
    }
}

/* Three KK citizens served today: KK's sample (3 of 3 served) is then
 * more than its two respondents. */
static void
serve_kk (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (server, "counter1");

  for (guint i = 0; i < 3; i++)
    {
      json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "kk", NULL));
      json_object_unref (loket_test_request (clerk, "CALL", "counter", "3", NULL));
      json_object_unref (loket_test_request (clerk, "START", "counter", "3", NULL));
      json_object_unref (loket_test_request (clerk, "FINISH", "counter", "3", NULL));
    }
}

/* ---- the open data ------------------------------------------------------------ */

static guint
column (GStrv header, const char *name)
{
  for (guint c = 0; header[c] != NULL; c++)
    if (g_str_equal (header[c], name))
      return c;
  g_error ("no column %s", name);
}

/* What the database holds for @day and @service: the respondents, or
 * the answers @answer of element @e. */
static gint64
stored (const char *day, const char *service, gint e, guint answer)
{
  g_autofree char *sql = NULL;

  if (e < 0)
    sql = g_strdup_printf ("SELECT count (*) FROM surveys WHERE service_day = '%s' AND service = '%s'", day, service);
  else
    sql = g_strdup_printf ("SELECT count (*) FROM surveys WHERE service_day = '%s' AND service = '%s'"
                           " AND answer_%s = %u", day, service, loket_skm_element (e)->id, answer);
  return loket_test_server_count (server, sql);
}

static void
assert_row_stored (GStrv header, GStrv row)
{
  const char *day = row[column (header, "day")];
  const char *service = row[column (header, "service_id")];

  g_assert_cmpint (g_ascii_strtoll (row[column (header, "respondents")], NULL, 10), ==,
                   stored (day, service, -1, 0));
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    for (guint a = 1; a <= LOKET_SKM_ANSWERS; a++)
      {
        g_autofree char *name = g_strdup_printf ("%s_%u", loket_skm_element (e)->id, a);

        g_assert_cmpint (g_ascii_strtoll (row[column (header, name)], NULL, 10), ==, stored (day, service, e, a));
      }
}

static void
test_csv (void)
{
  g_autofree char *path = g_strdup_printf ("/data/skm-daily.csv?from=%s&to=%s", yesterday, today);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *csv = loket_test_web_get (web, path, 200, &msg);
  g_autofree char *fallback = loket_test_web_get (web, "/data/skm-daily.csv", 200, NULL);
  g_autoptr(GPtrArray) rows = loket_test_parse_csv (csv);
  GStrv header;

  g_assert_cmpuint (rows->len, ==, 3);   /* the header, KK yesterday, KTP today */
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (g_strv_length (header), ==, 4 + LOKET_SKM_ELEMENTS * LOKET_SKM_ANSWERS);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 1))[0], ==, yesterday);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 1))[1], ==, "kk");
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 2))[1], ==, "ktp-el");
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 2))[3], ==, "5");
  for (guint i = 1; i < rows->len; i++)
    assert_row_stored (header, g_ptr_array_index (rows, i));
  /* Not a profile or a suggestion, nor a clerk or a counter. */
  g_assert_null (strstr (csv, "sex"));
  g_assert_null (strstr (csv, "counter"));
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Link"), ==,
                   "</data/licence.txt>; rel=\"license\"");
  /* Without a range: the last 30 days, these two included. */
  g_assert_cmpstr (fallback, ==, csv);
  g_free (loket_test_web_get (web, "/data/skm-daily.csv?from=2025-01-01&to=2026-06-30", 400, NULL));
  g_free (loket_test_web_get (web, "/data/skm-daily.csv?from=2026-01-01", 400, NULL));
}

static void
test_json (void)
{
  g_autofree char *path = g_strdup_printf ("/data/skm-daily.json?from=%s&to=%s", yesterday, today);
  g_autofree char *text = loket_test_web_get (web, path, 200, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *row, *answers;
  JsonArray *rows;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "licence"));
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, yesterday);
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  row = json_array_get_object_element (rows, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "service_id"), ==, "ktp-el");
  g_assert_cmpint (json_object_get_int_member (row, "respondents"), ==, 5);
  answers = json_object_get_object_member (row, "answers");
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      JsonArray *counts = json_object_get_array_member (answers, loket_skm_element (e)->id);

      g_assert_cmpuint (json_array_get_length (counts), ==, LOKET_SKM_ANSWERS);
      for (guint a = 1; a <= LOKET_SKM_ANSWERS; a++)
        g_assert_cmpint (json_array_get_int_element (counts, a - 1), ==, stored (today, "ktp-el", e, a));
    }
}

/* ---- the page ------------------------------------------------------------------ */

/* The index the forms give, by hand: each element's NRR from its sum and
 * count, their mean × 25 rounded half up to two decimals. */
static char *
index_by_hand (const char * const *forms, guint n)
{
  long double sum_of_nrr = 0;
  guint answered = 0, hundredths;

  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      guint sum = 0, count = 0;

      for (guint f = 0; f < n; f++)
        if (forms[f][2 * e] != '-')
          {
            sum += forms[f][2 * e] - '0';
            count++;
          }
      if (count > 0)
        {
          sum_of_nrr += (long double) sum / count;
          answered++;
        }
    }
  hundredths = (guint) floorl (sum_of_nrr * 2500.0L / answered + 0.5L);
  return g_strdup_printf ("%u.%02u", hundredths / 100, hundredths % 100);
}


/* The text of @service's card on @page. */
static char *
card (const char *page, const char *name)
{
  g_autofree char *heading = g_strdup_printf ("<h3>%s</h3>", name);
  const char *start = strstr (page, heading);
  const char *end;

  g_assert_nonnull (start);
  end = strstr (start, "</article>");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
test_page (void)
{
  g_autofree char *page = loket_test_web_page_with (web, "/?lang=id", "<p class=\"skm\">");
  g_autofree char *en = loket_test_web_page_with (web, "/?lang=en", "<p class=\"skm\">");
  g_autofree char *ktp_index = index_by_hand (ktp_forms, G_N_ELEMENTS (ktp_forms));
  g_autofree char *kk_index = index_by_hand (kk_forms, G_N_ELEMENTS (kk_forms));
  g_autofree char *ktp = card (page, "KTP Elektronik (perekaman, cetak, penggantian)");
  g_autofree char *kk = card (page, "Kartu Keluarga (baru atau perubahan)");
  g_autofree char *kk_en = card (en, "Family card (new or amended)");
  /* In Indonesian with the decimal comma, in English with the point. */
  g_autofree char *ktp_index_id = g_strdelimit (g_strdup (ktp_index), ".", ',');
  g_autofree char *kk_index_id = g_strdelimit (g_strdup (kk_index), ".", ',');
  g_autofree char *ktp_expected = g_strdup_printf ("<b>%s</b> <i>B</i> Baik · 5 responden</p>", ktp_index_id);
  g_autofree char *kk_expected = g_strdup_printf ("<b>%s</b> <i>A</i> Sangat Baik · 2 responden · "
                                                  "sampel belum tercapai</p>", kk_index_id);
  g_autofree char *kk_expected_en = g_strdup_printf ("<b>%s</b> <i>A</i>", kk_index);

  g_assert_cmpstr (ktp_index, ==, "80.42");
  g_assert_cmpstr (kk_index, ==, "98.61");
  g_assert_nonnull (strstr (ktp, ktp_expected));
  g_assert_null (strstr (ktp, "sampel belum tercapai"));
  g_assert_nonnull (strstr (kk, kk_expected));
  g_assert_nonnull (strstr (kk_en, kk_expected_en));
  g_assert_nonnull (strstr (kk_en, "Very good"));
  g_assert_nonnull (strstr (kk_en, "sample not yet reached"));
  g_assert_nonnull (strstr (page, "belum ada jawaban"));   /* the other services */
  g_assert_nonnull (strstr (page, "href=\"/data/skm-daily.csv\""));
  {
    gsize skm = 0;

    for (const char *p = strstr (page, "<p class=\"skm\""); p != NULL; p = strstr (p + 1, "<p class=\"skm\""))
      skm += strstr (p, "</p>\n") + 5 - p;
    g_test_message ("office page with the index: %zu bytes (id), %zu (en), of which the index %zu; budget %d",
                    strlen (page), strlen (en), skm, PAGE_BUDGET);
  }
  g_assert_cmpuint (strlen (page), <, PAGE_BUDGET);
  g_assert_cmpuint (strlen (en), <, PAGE_BUDGET);
}

static void
test_browser (void)
{
  g_autofree char *url = g_strconcat (web->url, "?lang=id", NULL);
  g_autofree char *page = NULL;
  g_autofree char *dom = NULL;

  if (!loket_test_have_chromium ())
    return;
  page = loket_test_web_page_with (web, "/?lang=id", "<p class=\"skm\">");
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "<b>80,42</b> <i>B</i>"));
  g_assert_nonnull (strstr (dom, "<b>98,61</b> <i>A</i>"));
  /* Headless Chromium paints nothing when it opens a page at an anchor,
   * so the phone's is one tall page; docs/screenshots/web-skm-390x844.png
   * is cut from it at the first card's index. */
  loket_test_chromium_screenshot (url, "web-skm-390x1400.png", "390,1400");
  loket_test_chromium_screenshot (url, "web-skm-1366x768.png", "1366,768");
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/web-skm/csv", test_csv);
  g_test_add_func ("/web-skm/json", test_json);
  g_test_add_func ("/web-skm/page", test_page);
  g_test_add_func ("/web-skm/browser", test_browser);
  server = loket_test_server_new ("../../data/charter-dukcapil.ini");
  server->always_open = TRUE;
  loket_test_server_start (server);
  {
    g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
    g_autoptr(JsonObject) services = loket_test_request (kiosk, "SERVICES", NULL);

    today = g_strdup (json_object_get_string_member (services, "service_day"));
    yesterday = loket_test_day_before (today);
  }
  enter_forms ("ktp-el", today, ktp_forms, G_N_ELEMENTS (ktp_forms));
  enter_forms ("kk", yesterday, kk_forms, G_N_ELEMENTS (kk_forms));
  serve_kk ();
  web = loket_test_web_start (server);
  status = g_test_run ();
  loket_test_web_stop (web);
  loket_test_server_stop (server);
  loket_test_server_free (server);
  g_free (today);
  g_free (yesterday);
  return status;
}
