/* test-web-survey.c — the satisfaction survey on the citizen's phone
 * (docs/skm.md, docs/web.md): a real loketd, a real loket-web (key role
 * web), libsoup's client and headless Chromium as the browsers.
 *
 *   - a ticket issued, called and finished: its page offers the survey;
 *     GET /t/{token}/survey shows the nine elements with their four
 *     answers, the profile and the suggestion, in Indonesian and English;
 *   - the answers POSTed from the page's own origin are stored once, with
 *     channel web (read back from the store and `loketctl report --skm`);
 *     the ticket's page and the survey then say thanks; a second POST is
 *     a polite "already answered" and stores nothing;
 *   - the token of a ticket still waiting gets "not yet", an unknown one
 *     the 404; a POST from another site, or with no origin at all, is
 *     refused; a body over the cap and a chunked one are refused;
 *   - a malformed form (an answer 5, nothing answered, a profile choice
 *     not on the list, a suggestion of 501 characters) comes back with a
 *     message, the answers kept, nothing stored; a hostile suggestion is
 *     escaped where it is shown again, and the office's hostile names too;
 *   - Chromium loads the survey of the sample office under the CSP, and
 *     with LOKET_SCREENSHOTS=DIR writes web-survey-390x844.png and
 *     web-survey-1366x768.png, and the ticket's page after service,
 *     web-ticket-done-390x844.png, and once answered,
 *     web-ticket-surveyed-390x844.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-skm.h"
#include "loket-test-web.h"

#include <libsoup/soup.h>
#include <string.h>

typedef struct {
  LoketTestServer  *server;
  LoketTestWeb     *web;
  const char       *counter; /* one that serves every service */
} Office;

/* ---- a loket-web process ------------------------------------------------ */

static Office *
office_new (const char *charter, const char *counter)
{
  const char *extra[] = { "--rate-exempt=127.0.0.0/8", NULL };
  Office *office = g_new0 (Office, 1);

  office->counter = counter;
  office->server = loket_test_server_new (charter);
  office->server->always_open = TRUE;
  loket_test_server_start (office->server);
  office->web = loket_test_web_start_with (office->server, extra);
  return office;
}

static void
office_free (Office *office)
{
  loket_test_web_stop (office->web);
  loket_test_server_stop (office->server);
  loket_test_server_free (office->server);
  g_free (office);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Office, office_free)

/* ---- HTTP ----------------------------------------------------------------- */

static char *
url_of (Office *office, const char *path)
{
  return loket_test_web_url (office->web, path);
}

static char *
get (Office *office, const char *path, const char *accept_language, guint expected_status)
{
  return loket_test_web_get_in (office->web, path, accept_language, expected_status, NULL);
}

/* POSTs @form (urlencoded) to @path with Origin @origin (NULL: none; ""
 * the gateway's own); returns the page, and the status in @status. */
static char *
post (Office *office, const char *path, const char *form, const char *origin, guint *status)
{
  g_autofree char *url = url_of (office, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
  g_autofree char *own = g_strndup (office->web->url, strlen (office->web->url) - 1);   /* no trailing slash */
  char *page;

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  if (origin != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", *origin ? origin : own);
  page = loket_test_web_send (msg);
  *status = soup_message_get_status (msg);
  if (*status == 200 || *status == 400)
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Referrer-Policy"),
                     ==, "same-origin");
  return page;
}

static gint64
surveys (Office *office)
{
  return loket_test_server_count (office->server, "SELECT count (*) FROM surveys");
}

/* Issued at the kiosk, then (if @finish) called, started and finished at
 * the office's counter; returns the ticket's token. */
static char *
visit (Office *office, const char *service, gboolean finish)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (office->server, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (office->server, "counter1");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", service, NULL);
  const char *number = json_object_get_string_member (json_object_get_object_member (issued, "ticket"), "number");

  if (finish)
    {
      json_object_unref (loket_test_request (clerk, "CALL", "counter", office->counter, "ticket", number,
                                             "reason", "test", NULL));
      json_object_unref (loket_test_request (clerk, "START", "counter", office->counter, NULL));
      json_object_unref (loket_test_request (clerk, "FINISH", "counter", office->counter, NULL));
    }
  return g_strdup (json_object_get_string_member (issued, "token"));
}

static char *
path_of (const char *token, const char *tail)
{
  return g_strconcat ("/t/", token, tail, NULL);
}

/* ---- the tests ------------------------------------------------------------ */

static Office *hostile;

/* The questionnaire: nine elements, each with its four answers as radio
 * buttons and a way to skip; the profile; the suggestion; the form posts
 * to itself.  The office's hostile name stays text. */
static void
test_form (void)
{
  g_autofree char *token = visit (hostile, "kk", TRUE);
  g_autofree char *ticket = path_of (token, "");
  g_autofree char *path = path_of (token, "/survey");
  g_autofree char *page = get (hostile, ticket, NULL, 200);
  g_autofree char *link = g_strdup_printf ("<a class=\"survey\" href=\"/t/%s/survey\">", token);
  g_autofree char *form = NULL, *english = NULL, *action = NULL;

  /* The ticket's page after service: thanks, and the way to the survey. */
  g_assert_nonnull (strstr (page, "Terima kasih. Layanan Anda sudah selesai."));
  g_assert_nonnull (strstr (page, link));
  form = get (hostile, path, NULL, 200);
  g_test_message ("survey page: %zu bytes", strlen (form));
  g_assert_cmpuint (strlen (form), <, 12 * 1024);
  g_assert_nonnull (strstr (form, "<html lang=\"id\">"));
  g_assert_cmpuint (loket_test_count (form, "<fieldset class=\"q\""), ==, 9);
  g_assert_cmpuint (loket_test_count (form, "type=\"radio\""), ==, 9 * 5);
  g_assert_cmpuint (loket_test_count (form, "value=\"\"><span>Lewati"), ==, 9);
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    {
      const LoketSkmElement *e = loket_skm_element (i);
      g_autofree char *four = g_strdup_printf ("name=\"%s\" value=\"4\"><span>%s</span>", e->id, e->answers[3]);

      g_assert_nonnull (strstr (form, four));
    }
  g_assert_nonnull (strstr (form, "Sangat sopan dan ramah"));
  g_assert_nonnull (strstr (form, "<select name=\"education\">"));
  g_assert_nonnull (strstr (form, "<option value=\"60-plus\">"));
  g_assert_nonnull (strstr (form, "<textarea name=\"suggestion\""));
  g_assert_nonnull (strstr (form, "Paling banyak 500 karakter"));
  action = g_strdup_printf ("<form method=\"post\" action=\"/t/%s/survey\"", token);
  g_assert_nonnull (strstr (form, action));
  /* No script at all, and the hostile names as text. */
  g_assert_cmpuint (loket_test_count (form, "<script"), ==, 0);
  g_assert_nonnull (strstr (form, "Kantor &lt;script&gt;alert(&quot;office&quot;)&lt;/script&gt;"));
  g_assert_nonnull (strstr (form, "Kartu Keluarga"));
  english = get (hostile, path, "en-GB,en;q=0.9", 200);
  g_assert_nonnull (strstr (english, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (english, "How courteous and friendly were the staff?"));
  g_assert_nonnull (strstr (english, "href=\"?lang=id\""));
  g_assert_nonnull (strstr (english, "/survey?lang=en\""));
}

/* Answered once, from the page's own origin: stored with channel web,
 * counted by the report; the ticket's page and the survey say thanks; a
 * second time is a polite refusal that stores nothing. */
static void
test_answer_once (void)
{
  g_autofree char *token = visit (hostile, "kk", TRUE);
  g_autofree char *path = path_of (token, "/survey");
  gint64 before = surveys (hostile);
  guint status = 0;
  g_autofree char *thanks = post (hostile, path,
                                  "requirements=4&procedure=3&time=2&cost=&product=4&competence=4&behaviour=4"
                                  "&complaints=3&facilities=1&sex=female&age=30-39&education=&occupation=private"
                                  "&suggestion=Antrean+rapi%2C+terima+kasih%21%0D%0ABaris+dua", "", &status);
  g_autofree char *again = NULL, *page = NULL, *survey_page = NULL, *csv = NULL, *err = NULL;
  g_autofree char *day = NULL;
  g_autoptr(LoketClient) web = loket_test_server_client (hostile->server, "web1");
  g_autoptr(JsonObject) reply = loket_test_request (web, "TICKET_STATUS", "token", token, NULL);

  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (thanks, "Terima kasih!"));
  g_assert_cmpint (surveys (hostile), ==, before + 1);
  g_assert_cmpint (loket_test_server_count (hostile->server,
                                            "SELECT count (*) FROM surveys WHERE channel = 'web' AND service = 'kk'"
                                            " AND answer_requirements = 4 AND answer_time = 2 AND answer_cost IS NULL"
                                            " AND answer_facilities = 1 AND sex = 'female' AND age = '30-39'"
                                            " AND education IS NULL AND occupation = 'private'"
                                            " AND suggestion = 'Antrean rapi, terima kasih!' || char (10) || "
                                            "'Baris dua'"), ==, 1);
  g_assert_true (json_object_get_boolean_member (reply, "surveyed"));
  /* The office's report counts it under channel web. */
  day = g_strdup (json_object_get_string_member (json_object_get_object_member (reply, "ticket"), "service_day"));
  g_assert_cmpint (loket_test_ctl_argv ((const char *[]) { "report", "--skm", "--db", hostile->server->db_path,
                                                           "--from", day, "--to", day, "--format", "csv", NULL },
                                        &csv, &err), ==, 0);
  g_assert_nonnull (strstr (csv, "\r\nchannel,web,"));

  again = post (hostile, path, "requirements=1", "", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (again, "sudah diisi"));
  g_assert_cmpint (surveys (hostile), ==, before + 1);
  {
    g_autofree char *ticket = path_of (token, "");

    page = get (hostile, ticket, NULL, 200);
  }
  g_assert_nonnull (strstr (page, "survei kepuasan Anda sudah kami terima"));
  g_assert_null (strstr (page, "class=\"survey\""));
  survey_page = get (hostile, path, NULL, 200);
  g_assert_nonnull (strstr (survey_page, "sudah diisi"));
  g_assert_null (strstr (survey_page, "<form"));
}

/* A ticket still waiting has no survey yet; an unknown token is the 404
 * of any unknown address; nothing is stored either way. */
static void
test_not_yet (void)
{
  g_autofree char *token = visit (hostile, "ktp", FALSE);
  g_autofree char *path = path_of (token, "/survey");
  g_autofree char *page = get (hostile, path, NULL, 409);
  gint64 before = surveys (hostile);
  guint status = 0;
  g_autofree char *posted = post (hostile, path, "requirements=4", "", &status);
  g_autofree char *unknown = get (hostile, "/t/AAAAAAAAAAAAAAAAAAAAAA/survey", NULL, 404);
  g_autofree char *posted_unknown = post (hostile, "/t/AAAAAAAAAAAAAAAAAAAAAA/survey", "requirements=4", "", &status);
  g_autofree char *ticket_path = path_of (token, "");
  g_autofree char *ticket = get (hostile, ticket_path, NULL, 200);

  g_assert_nonnull (strstr (page, "setelah Anda selesai dilayani"));
  g_assert_null (strstr (page, "<form"));
  g_assert_nonnull (strstr (posted, "setelah Anda selesai dilayani"));
  g_assert_cmpuint (status, ==, 404);
  g_assert_nonnull (strstr (unknown, "Halaman tidak ditemukan"));
  g_assert_nonnull (strstr (posted_unknown, "Halaman tidak ditemukan"));
  g_assert_null (strstr (ticket, "class=\"survey\""));
  g_assert_cmpint (surveys (hostile), ==, before);

  /* Cancelled: no visit to rate. */
  {
    g_autoptr(LoketClient) super = loket_test_server_client (hostile->server, "super");
    g_autoptr(LoketClient) web = loket_test_server_client (hostile->server, "web1");
    g_autoptr(JsonObject) status_reply = loket_test_request (web, "TICKET_STATUS", "token", token, NULL);
    const char *number = json_object_get_string_member (json_object_get_object_member (status_reply, "ticket"),
                                                        "number");
    g_autofree char *absent = NULL;

    json_object_unref (loket_test_request (super, "VOID", "ticket", number, "reason", "test", NULL));
    absent = get (hostile, path, "en", 409);
    g_assert_nonnull (strstr (absent, "This number was not served"));
    g_free (posted);
    posted = post (hostile, path, "requirements=4", "", &status);
    g_assert_cmpuint (status, ==, 409);
    g_assert_cmpint (surveys (hostile), ==, before);
  }
}

/* Only the page's own form may post: another origin, or none at all, is
 * refused before loketd hears of it; so are a body over the cap, one
 * sent in chunks, and another content type. */
static void
test_cross_site (void)
{
  g_autofree char *token = visit (hostile, "kk", TRUE);
  g_autofree char *path = path_of (token, "/survey");
  g_autofree char *url = url_of (hostile, path);
  gint64 before = surveys (hostile);
  guint status = 0;
  g_autofree char *evil = post (hostile, path, "requirements=1", "https://evil.example", &status);
  g_autoptr(GString) big = g_string_new ("requirements=4&suggestion=");
  g_autoptr(SoupMessage) json = soup_message_new ("POST", url);
  g_autoptr(SoupMessage) huge = soup_message_new ("POST", url);
  g_autoptr(SoupMessage) root = NULL;
  g_autoptr(GBytes) json_body = g_bytes_new_static ("{\"answers\":{}}", 14);
  g_autoptr(GBytes) big_body = NULL;
  g_autofree char *root_url = url_of (hostile, "/");
  g_autofree char *referred = NULL, *none = NULL;

  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (evil, "formulir survei di situs ini"));
  g_clear_pointer (&evil, g_free);
  none = post (hostile, path, "requirements=1", NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  evil = post (hostile, path, "requirements=1", "null", &status);
  g_assert_cmpuint (status, ==, 403);
  /* A Referer of this site stands in for a missing Origin. */
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GBytes) body = g_bytes_new_static ("requirements=5", 14);

    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Referer", url);
    referred = loket_test_web_send (msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 400);   /* read, and refused for its answer */
  }

  soup_message_set_request_body_from_bytes (json, "application/json", json_body);
  soup_message_headers_replace (soup_message_get_request_headers (json), "Origin", url);
  g_free (loket_test_web_send (json));
  g_assert_cmpuint (soup_message_get_status (json), ==, 415);

  while (big->len <= 8192)
    g_string_append (big, "%F0%9F%98%80");
  big_body = g_bytes_new (big->str, big->len);
  soup_message_set_request_body_from_bytes (huge, "application/x-www-form-urlencoded", big_body);
  g_free (loket_test_web_send (huge));
  g_assert_cmpuint (soup_message_get_status (huge), ==, 413);

  /* No other address takes a POST. */
  root = soup_message_new ("POST", root_url);
  soup_message_set_request_body_from_bytes (root, "application/x-www-form-urlencoded", json_body);
  g_free (loket_test_web_send (root));
  g_assert_cmpuint (soup_message_get_status (root), ==, 405);
  g_assert_cmpint (surveys (hostile), ==, before);
}

/* A form that does not read comes back with one message and what was
 * chosen still chosen; nothing is stored.  What it shows again — the
 * suggestion with markup in it — is text. */
static void
test_malformed (void)
{
  g_autofree char *token = visit (hostile, "kk", TRUE);
  g_autofree char *path = path_of (token, "/survey");
  gint64 before = surveys (hostile);
  g_autoptr(GString) long_text = g_string_new ("requirements=3&suggestion=");
  guint status = 0;
  g_autofree char *five = post (hostile, path,
                                "requirements=4&time=5&sex=male"
                                "&suggestion=%3Cscript%3Ealert(%22s%22)%3C%2Fscript%3E%3Cb%3Etebal%3C%2Fb%3E",
                                "", &status);
  g_autofree char *nothing = NULL, *choice = NULL, *too_long = NULL;

  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (five, "<p class=\"problem\" role=\"alert\">Jawaban untuk “Waktu penyelesaian”"));
  g_assert_nonnull (strstr (five, "<fieldset class=\"q wrong\" id=\"q-time\">"));
  /* Kept: the answer given and the profile chosen. */
  g_assert_nonnull (strstr (five, "name=\"requirements\" value=\"4\" checked>"));
  g_assert_nonnull (strstr (five, "<option value=\"male\" selected>"));
  /* The suggestion, shown again as text. */
  g_assert_nonnull (strstr (five, "&lt;script&gt;alert(&quot;s&quot;)&lt;/script&gt;&lt;b&gt;tebal&lt;/b&gt;"));
  g_assert_cmpuint (loket_test_count (five, "<script"), ==, 0);
  g_assert_null (strstr (five, "<b>"));

  nothing = post (hostile, path, "requirements=&suggestion=ok", "", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (nothing, "Pilih setidaknya satu jawaban"));
  choice = post (hostile, path, "requirements=2&age=17", "", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (choice, "Pilihan untuk “Umur”"));

  for (guint i = 0; i < 501; i++)
    g_string_append (long_text, i % 2 ? "%C3%A9" : "a");   /* 501 characters, some of two bytes */
  too_long = post (hostile, path, long_text->str, "", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (too_long, "Saran Anda 501 karakter; paling banyak 500"));
  g_assert_nonnull (strstr (too_long, "<fieldset class=\"suggestion wrong\">"));
  g_assert_nonnull (strstr (too_long, "name=\"requirements\" value=\"3\" checked>"));
  g_assert_cmpint (surveys (hostile), ==, before);

  /* Exactly 500 fit. */
  g_string_truncate (long_text, long_text->len - 1);
  g_free (too_long);
  g_string_assign (long_text, "requirements=3&suggestion=");
  for (guint i = 0; i < 500; i++)
    g_string_append (long_text, i % 2 ? "%C3%A9" : "a");
  too_long = post (hostile, path, long_text->str, "", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (surveys (hostile), ==, before + 1);
}

/* ---- in a real browser ---------------------------------------------------- */

/* The sample office's survey as a phone and a desk PC show it: the whole
 * form in the DOM, under the CSP, no script; the page, its two style
 * sheets together under 20 KB. */
static void
test_browser (void)
{
  g_autoptr(Office) office = NULL;
  g_autofree char *token = NULL, *path = NULL, *url = NULL, *dom = NULL, *page = NULL, *css = NULL;
  g_autofree char *survey_css = NULL, *thanks_url = NULL, *thanks_path = NULL, *survey_path = NULL;
  gsize weight;
  guint status = 0;

  if (!loket_test_have_chromium ())
    return;
  office = office_new ("../../data/charter-dukcapil.ini", "5");
  token = visit (office, "kk", TRUE);
  path = path_of (token, "/survey?lang=id");
  url = url_of (office, path);
  page = get (office, path, NULL, 200);
  css = get (office, "/static/style.css", NULL, 200);
  survey_css = get (office, "/static/survey.css", NULL, 200);
  weight = strlen (page) + strlen (css) + strlen (survey_css);
  g_test_message ("survey: page %zu bytes, with its style sheets %zu", strlen (page), weight);
  g_assert_cmpuint (weight, <, 20 * 1024);
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "Survei Kepuasan Masyarakat"));
  g_assert_nonnull (strstr (dom, "Dinas Kependudukan"));
  g_assert_cmpuint (loket_test_count (dom, "type=\"radio\""), ==, 9 * 5);
  g_assert_nonnull (strstr (dom, "Kirim jawaban"));
  g_assert_cmpuint (loket_test_count (dom, "<script"), ==, 0);
  loket_test_chromium_screenshot (url, "web-survey-390x844.png", "390,844");
  loket_test_chromium_screenshot (url, "web-survey-1366x768.png", "1366,768");
  thanks_path = path_of (token, "?lang=id");
  thanks_url = url_of (office, thanks_path);
  loket_test_chromium_screenshot (thanks_url, "web-ticket-done-390x844.png", "390,844");
  survey_path = path_of (token, "/survey");
  g_free (post (office, survey_path, "requirements=4&time=3", "", &status));
  g_assert_cmpuint (status, ==, 200);
  loket_test_chromium_screenshot (thanks_url, "web-ticket-surveyed-390x844.png", "390,844");
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/web-survey/form", test_form);
  g_test_add_func ("/web-survey/answer-once", test_answer_once);
  g_test_add_func ("/web-survey/not-yet", test_not_yet);
  g_test_add_func ("/web-survey/cross-site", test_cross_site);
  g_test_add_func ("/web-survey/malformed", test_malformed);
  g_test_add_func ("/web-survey/browser", test_browser);
  hostile = office_new ("charter-web.ini", "1");
  status = g_test_run ();
  office_free (hostile);
  return status;
}
