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
#include "loket-test-server.h"

#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#define PAGE_BUDGET 20480

static LoketTestServer *server;
static GSubprocess *web;
static GDataInputStream *web_out;
static char *web_url;
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

static char *
day_before (const char *day)
{
  GDate date;
  guint y, m, d;

  g_assert_cmpint (sscanf (day, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  g_date_subtract_days (&date, 1);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* ---- the gateway ------------------------------------------------------------ */

typedef struct {
  char     *line;
  gboolean  done;
} LineRead;

static void
on_line (GObject *source, GAsyncResult *result, gpointer data)
{
  LineRead *read = data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  read->done = TRUE;
}

static char *
read_line (GDataInputStream *in, guint timeout_ms)
{
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  LineRead read = { NULL, FALSE };

  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, cancel, on_line, &read);
  if (!loket_test_wait_for (&read.done, timeout_ms))
    {
      g_cancellable_cancel (cancel);
      loket_test_wait_for (&read.done, 5000);
    }
  return read.line;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
start_web (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *line = NULL;
  const char *argv[] = { g_getenv ("LOKET_WEB"), "--server", server->listen, "--keys", server->keys_dir,
                         "--as", "web1", "--listen", "127.0.0.1:0", NULL };

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  web = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  web_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (web));
  line = read_line (web_out, 20000);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  web_url = g_strdup (line + strlen ("listening on "));
  g_clear_pointer (&line, g_free);
  line = read_line (web_out, 20000);
  g_assert_cmpstr (line, ==, "synced");
}

static void
stop_web (void)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (web, SIGTERM);
  g_assert_true (g_subprocess_wait (web, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (web));
  g_assert_cmpint (g_subprocess_get_exit_status (web), ==, 0);
  g_clear_object (&web_out);
  g_clear_object (&web);
  g_clear_pointer (&web_url, g_free);
}

/* GET @path (below the gateway's URL); asserts @status; the body. */
static char *
get (const char *path, guint status, SoupMessage **out)
{
  static SoupSession *session;
  g_autofree char *url = g_strconcat (web_url, path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  if (session == NULL)
    session = soup_session_new_with_options ("timeout", 30, NULL);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  if (out != NULL)
    *out = g_steal_pointer (&msg);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
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
  g_autofree char *csv = get (path, 200, &msg);
  g_autofree char *fallback = get ("/data/skm-daily.csv", 200, NULL);
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
  g_free (get ("/data/skm-daily.csv?from=2025-01-01&to=2026-06-30", 400, NULL));
  g_free (get ("/data/skm-daily.csv?from=2026-01-01", 400, NULL));
}

static void
test_json (void)
{
  g_autofree char *path = g_strdup_printf ("/data/skm-daily.json?from=%s&to=%s", yesterday, today);
  g_autofree char *text = get (path, 200, NULL);
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

/* The page shows the index once the gateway has read it (it asks once
 * synced); there is no event to wait on, so the page is polled. */
static char *
page_with_index (const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      char *page = get (path, 200, NULL);

      if (strstr (page, "<p class=\"skm\">") != NULL)
        return page;
      g_free (page);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
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
  g_autofree char *page = page_with_index ("/?lang=id");
  g_autofree char *en = page_with_index ("/?lang=en");
  g_autofree char *ktp_index = index_by_hand (ktp_forms, G_N_ELEMENTS (ktp_forms));
  g_autofree char *kk_index = index_by_hand (kk_forms, G_N_ELEMENTS (kk_forms));
  g_autofree char *ktp = card (page, "KTP Elektronik (perekaman, cetak, penggantian)");
  g_autofree char *kk = card (page, "Kartu Keluarga (baru atau perubahan)");
  g_autofree char *kk_en = card (en, "Family card (new or amended)");
  g_autofree char *ktp_expected = g_strdup_printf ("<b>%s</b> <i>B</i> Baik · 5 responden</p>", ktp_index);
  g_autofree char *kk_expected = g_strdup_printf ("<b>%s</b> <i>A</i> Sangat Baik · 2 responden · "
                                                  "sampel belum tercapai</p>", kk_index);

  g_assert_cmpstr (ktp_index, ==, "80.42");
  g_assert_cmpstr (kk_index, ==, "98.61");
  g_assert_nonnull (strstr (ktp, ktp_expected));
  g_assert_null (strstr (ktp, "sampel belum tercapai"));
  g_assert_nonnull (strstr (kk, kk_expected));
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

static char *
chromium (const char *url, const char *first_arg, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *profile = g_dir_make_tmp ("loket-chromium-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list args;
  const char *fixed[] = { "timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                          "--hide-scrollbars", "--no-first-run" };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, g_strdup (fixed[i]));
  g_ptr_array_add (argv, g_strdup_printf ("--user-data-dir=%s", profile));
  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, g_strdup (url));
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("chromium failed: %s", err);
  loket_test_remove_tree (profile);
  return out;
}

static void
save_screenshot (const char *url, const char *name, const char *size)
{
  const char *dir = g_getenv ("LOKET_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *window = g_strdup_printf ("--window-size=%s", size);

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  shot = g_strdup_printf ("--screenshot=%s", path);
  g_free (chromium (url, window, shot, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_browser (void)
{
  g_autofree char *chromium_path = g_find_program_in_path ("chromium");
  g_autofree char *url = g_strconcat (web_url, "?lang=id", NULL);
  g_autofree char *page = NULL;
  g_autofree char *dom = NULL;

  if (chromium_path == NULL)
    {
      loket_test_missing ("chromium (Debian package chromium)");
      return;
    }
  page = page_with_index ("/?lang=id");
  dom = chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "<b>80.42</b> <i>B</i>"));
  g_assert_nonnull (strstr (dom, "<b>98.61</b> <i>A</i>"));
  /* Headless Chromium paints nothing when it opens a page at an anchor,
   * so the phone's is one tall page; docs/screenshots/web-skm-390x844.png
   * is cut from it at the first card's index. */
  save_screenshot (url, "web-skm-390x1400.png", "390,1400");
  save_screenshot (url, "web-skm-1366x768.png", "1366,768");
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
    yesterday = day_before (today);
  }
  enter_forms ("ktp-el", today, ktp_forms, G_N_ELEMENTS (ktp_forms));
  enter_forms ("kk", yesterday, kk_forms, G_N_ELEMENTS (kk_forms));
  serve_kk ();
  start_web ();
  status = g_test_run ();
  stop_web ();
  loket_test_server_stop (server);
  loket_test_server_free (server);
  g_free (today);
  g_free (yesterday);
  return status;
}
