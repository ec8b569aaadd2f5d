/* test-web-complaint.c — complaints on the citizen's phone
 * (docs/complaints.md, docs/web.md): a real loketd, a real loket-web (key
 * role web), libsoup's client and headless Chromium as the browsers.
 *
 *   - from a ticket's page (the link is there while it waits): the form,
 *     a POST from the page's own origin, a 303 to /c/{token}, and the
 *     tracking page with the receipt, "online", the category, the ticket's
 *     facts and the deadline — never the name, contact or description;
 *   - from the public page: a service from the list, no ticket, no facts;
 *   - a ticket's fourth complaint: loketd's quota, said politely, the form
 *     kept; a description of 2,001 characters and a name of 101 come back
 *     with the form kept and nothing stored; a hostile description is
 *     never echoed unescaped; a POST from another site is refused;
 *   - staff's public note and answer (loketctl complaints step) show on
 *     the tracking page, an internal note does not;
 *   - a charter with AllowAnonymous=false: an anonymous complaint is
 *     refused with the office's reason, the form kept;
 *   - Chromium loads the form and the tracking page under the CSP, and
 *     with LOKET_SCREENSHOTS=DIR writes web-complaint-form-390x844.png and
 *     web-complaint-receipt-390x844.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-complaint.h"
#include "loket-office-time.h"
#include "loket-test-web.h"

#include <stdio.h>
#include <string.h>

static LoketTestServer *server;
static LoketTestWeb *web;

static const char *months[] = { "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                                "September", "Oktober", "November", "Desember" };

/* ---- helpers --------------------------------------------------------------- */

static SoupSession *
session (void)
{
  static SoupSession *s;

  if (s == NULL)
    s = soup_session_new_with_options ("timeout", 30, NULL);
  return s;
}

/* POSTs @form to @path of @w with Origin @origin ("": the gateway's own),
 * not following a redirect; the page, the status and the Location. */
static char *
post (LoketTestWeb *w, const char *path, const char *form, const char *origin, guint *status, char **location)
{
  g_autofree char *url = g_strconcat (w->url, path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
  g_autofree char *own = g_strndup (w->url, strlen (w->url) - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = NULL;

  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", *origin ? origin : own);
  page = soup_session_send_and_read (session (), msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (location != NULL)
    *location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));
  return g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
}

/* Files @form and follows the 303: the tracking page's path. */
static char *
file (LoketTestWeb *w, const char *form_path, const char *form)
{
  guint status = 0;
  g_autofree char *location = NULL;
  g_autofree char *page = post (w, form_path, form, "", &status, &location);
  char *path;

  g_assert_cmpuint (status, ==, 303);
  g_assert_nonnull (location);
  /* libsoup makes the Location absolute, on the address asked. */
  g_assert_true (g_str_has_prefix (location, w->url));
  path = g_strdup (location + strlen (w->url) - 1);
  g_assert_true (g_str_has_prefix (path, "/c/"));
  return path;
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static gint64
complaints (LoketTestServer *s)
{
  return loket_test_server_count (s, "SELECT count (*) FROM complaints");
}

static char *
issue (LoketTestServer *s, const char *service)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (s, "kiosk1");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", service, NULL);

  return g_strdup (json_object_get_string_member (issued, "token"));
}

/* The complaint behind a tracking path, as loketd gives it by token. */
static JsonObject *
complaint_of (const char *tracking)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "web1");
  g_autoptr(JsonObject) reply = loket_test_request (client, "COMPLAINT", "token", tracking + strlen ("/c/"), NULL);

  return json_object_ref (json_object_get_object_member (reply, "complaint"));
}

/* ---- the tests -------------------------------------------------------------- */

static void
test_from_ticket (void)
{
  g_autofree char *token = issue (server, "kk");
  g_autofree char *ticket = g_strconcat ("/t/", token, NULL);
  g_autofree char *path = g_strconcat ("/t/", token, "/complaint", NULL);
  g_autofree char *page = loket_test_web_get (web, ticket, 200, NULL);
  g_autofree char *link = g_strdup_printf ("<a href=\"/t/%s/complaint\">Ada keluhan? Sampaikan pengaduan</a>", token);
  g_autofree char *form = loket_test_web_get (web, path, 200, NULL);
  g_autofree char *tracking = NULL, *receipt = NULL, *deadline = NULL;
  g_autoptr(JsonObject) c = NULL;
  guint y, m, d;
  gint64 before = complaints (server);

  g_assert_nonnull (strstr (page, link));
  g_assert_nonnull (strstr (form, "<html lang=\"id\">"));
  /* loketd's categories, each once, and no other. */
  g_assert_cmpuint (count (form, "type=\"radio\" name=\"category\""), ==,
                    g_strv_length ((GStrv) loket_complaint_category_ids));
  for (guint i = 0; loket_complaint_category_ids[i] != NULL; i++)
    {
      g_autofree char *choice = g_strdup_printf ("name=\"category\" value=\"%s\"", loket_complaint_category_ids[i]);

      g_assert_cmpuint (count (form, choice), ==, 1);
    }
  g_assert_nonnull (strstr (form, "value=\"requirements\""));
  g_assert_nonnull (strstr (form, "value=\"other\"><span>Lainnya"));
  g_assert_nonnull (strstr (form, "Paling banyak 2000 karakter"));
  g_assert_null (strstr (form, "<select name=\"service\""));
  g_assert_null (strstr (form, "<script"));

  tracking = file (web, path, "category=time&description=Saya+menunggu+terlalu+lama%2C+tanpa+kabar."
                              "&complainant=Budi+Santoso&contact=0812-3456-7890");
  g_assert_cmpint (complaints (server), ==, before + 1);
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM complaints WHERE channel = 'web' AND "
                                                    "category = 'time' AND ticket > 0 AND service = 'kk'"), >=, 1);
  receipt = loket_test_web_get (web, tracking, 200, NULL);
  c = complaint_of (tracking);
  g_assert_nonnull (strstr (receipt, json_object_get_string_member (c, "receipt")));
  g_assert_nonnull (strstr (receipt, "daring (online)"));
  g_assert_nonnull (strstr (receipt, "Waktu tunggu dan pelayanan"));
  g_assert_nonnull (strstr (receipt, "Kartu Keluarga"));
  g_assert_nonnull (strstr (receipt, "Fakta antrean"));
  g_assert_nonnull (strstr (receipt, "<td>menunggu 0 dari "));
  g_assert_nonnull (strstr (receipt, "Diterima"));
  {
    /* In the office's time (the test charter's Asia/Jakarta), the gateway
     * kept in UTC (main). */
    g_autofree char *at = loket_office_time_format ("Asia/Jakarta", json_object_get_int_member (c, "received_at"),
                                                    " %H:%M");

    g_assert_cmpstr (at, !=, "");
    g_assert_nonnull (strstr (receipt, at));
  }
  g_assert_cmpint (sscanf (json_object_get_string_member (c, "deadline"), "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  deadline = g_strdup_printf ("<td>%u %s %u</td>", d, months[m - 1], y);
  g_assert_nonnull (strstr (receipt, deadline));
  /* Nothing personal on a page whose address may be shared. */
  g_assert_null (strstr (receipt, "Budi"));
  g_assert_null (strstr (receipt, "0812"));
  g_assert_null (strstr (receipt, "terlalu lama"));
  /* The unknown and the malformed token: one 404. */
  g_free (loket_test_web_get (web, "/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 404, NULL));
  g_free (loket_test_web_get (web, "/c/nope", 404, NULL));
}

/* The facts once the ticket was called: its wait against its promise. */
static void
test_facts (void)
{
  g_autoptr(LoketClient) clerk = loket_test_server_client (server, "counter1");
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", "kk", NULL);
  const char *number = json_object_get_string_member (json_object_get_object_member (issued, "ticket"), "number");
  g_autofree char *path = g_strconcat ("/t/", json_object_get_string_member (issued, "token"), "/complaint", NULL);
  g_autofree char *tracking = NULL, *receipt = NULL;

  json_object_unref (loket_test_request (clerk, "CALL", "counter", "5", "ticket", number, "reason", "test", NULL));
  tracking = file (web, path, "category=behaviour&description=Kasar");
  receipt = loket_test_web_get (web, tracking, 200, NULL);
  g_assert_nonnull (strstr (receipt, "menunggu 0 dari "));
  g_assert_nonnull (strstr (receipt, " menit yang dijanjikan"));
}

static void
test_public (void)
{
  g_autofree char *form = loket_test_web_get (web, "/complaint", 200, NULL);
  g_autofree char *office = loket_test_web_get (web, "/", 200, NULL);
  g_autofree char *tracking = NULL, *receipt = NULL, *again = NULL;
  gint64 before = complaints (server);
  guint status = 0;

  g_assert_nonnull (strstr (office, "<a href=\"/complaint\">Sampaikan pengaduan</a>"));
  g_assert_nonnull (strstr (form, "<select name=\"service\">"));
  g_assert_nonnull (strstr (form, "<option value=\"kk\">Kartu Keluarga"));
  g_assert_nonnull (strstr (form, "action=\"/complaint\""));
  again = post (web, "/complaint", "category=facilities&description=Kursi+rusak", "", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (again, "Pilih layanan yang diadukan."));
  g_assert_nonnull (strstr (again, "Kursi rusak</textarea>"));
  g_assert_cmpint (complaints (server), ==, before);

  tracking = file (web, "/complaint", "service=kk&category=facilities&description=Kursi+ruang+tunggu+rusak");
  g_assert_cmpint (complaints (server), ==, before + 1);
  receipt = loket_test_web_get (web, tracking, 200, NULL);
  g_assert_nonnull (strstr (receipt, "Sarana dan prasarana"));
  g_assert_nonnull (strstr (receipt, "Kartu Keluarga"));
  g_assert_null (strstr (receipt, "Fakta antrean"));
  g_assert_null (strstr (receipt, "Kursi"));
}

static void
test_quota (void)
{
  g_autofree char *token = issue (server, "kk");
  g_autofree char *path = g_strconcat ("/t/", token, "/complaint", NULL);
  g_autofree char *page = NULL;
  gint64 before = complaints (server);
  guint status = 0;

  for (guint i = 0; i < 3; i++)
    g_free (file (web, path, "category=other&description=Satu+lagi"));
  page = post (web, path, "category=other&description=Yang+keempat", "", &status, NULL);
  g_assert_cmpuint (status, ==, 409);
  g_assert_nonnull (strstr (page, "sudah dipakai untuk tiga pengaduan"));
  g_assert_nonnull (strstr (page, "Yang keempat</textarea>"));
  g_assert_cmpint (complaints (server), ==, before + 3);
}

static void
test_too_long_and_hostile (void)
{
  g_autofree char *token = issue (server, "kk");
  g_autofree char *path = g_strconcat ("/t/", token, "/complaint", NULL);
  g_autofree char *long_text = g_strnfill (2001, 'a');
  g_autofree char *long_form = g_strdup_printf ("category=cost&description=%s", long_text);
  g_autofree char *long_name = g_strnfill (101, 'b');
  g_autofree char *hostile_form = g_strdup_printf ("category=cost&description=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E"
                                                   "&complainant=%s", long_name);
  g_autofree char *page = NULL, *hostile = NULL, *tracking = NULL, *receipt = NULL, *cross = NULL;
  gint64 before = complaints (server);
  guint status = 0;

  page = post (web, path, long_form, "", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (page, "Uraian pengaduan 2001 karakter; paling banyak 2000. Mohon dipersingkat."));
  g_assert_nonnull (strstr (page, long_text));
  g_assert_nonnull (strstr (page, "value=\"cost\" checked"));

  hostile = post (web, path, hostile_form, "", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (hostile, "Nama 101 karakter; paling banyak 100."));
  g_assert_null (strstr (hostile, "<script>"));
  g_assert_nonnull (strstr (hostile, "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>"));
  g_assert_cmpint (complaints (server), ==, before);

  cross = post (web, path, "category=cost&description=x", "http://evil.example", &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpint (complaints (server), ==, before);

  tracking = file (web, path, "category=cost&description=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  receipt = loket_test_web_get (web, tracking, 200, NULL);
  g_assert_null (strstr (receipt, "script"));
}

static void
test_answer (void)
{
  g_autofree char *tracking = file (web, "/complaint", "service=kk&category=procedure&description=Berbelit");
  g_autoptr(JsonObject) c = complaint_of (tracking);
  const char *receipt = json_object_get_string_member (c, "receipt");
  g_autofree char *page = NULL;

  g_free (loket_test_server_ctl (server, "super", "complaints", "step", receipt, "note", "--note",
                                 "Hanya untuk petugas: tanya Pak Joko", NULL));
  g_free (loket_test_server_ctl (server, "super", "complaints", "step", receipt, "note", "--note",
                                 "Sedang kami periksa", "--public", NULL));
  g_free (loket_test_server_ctl (server, "super", "complaints", "step", receipt, "answer", "--note",
                                 "Prosedur kini satu loket. Mohon maaf <atas> kesulitannya.", NULL));
  page = loket_test_web_get (web, tracking, 200, NULL);
  g_assert_nonnull (strstr (page, "Sudah dijawab"));
  g_assert_nonnull (strstr (page, "Prosedur kini satu loket. Mohon maaf &lt;atas&gt; kesulitannya."));
  g_assert_nonnull (strstr (page, "Sedang kami periksa"));
  g_assert_null (strstr (page, "Pak Joko"));
  g_assert_null (strstr (page, "Berbelit"));
}

/* AllowAnonymous=false: loketd refuses, the phone says why. */
static void
test_anonymous_refused (void)
{
  g_autoptr(LoketTestServer) strict = loket_test_server_new ("../../data/charter-dukcapil.ini");
  g_autofree char *text = NULL;
  g_autofree char *copy = g_build_filename (strict->dir, "charter.ini", NULL);
  g_autofree char *changed = NULL;
  g_autoptr(GError) error = NULL;
  LoketTestWeb *w;
  guint status = 0;

  g_assert_true (g_file_get_contents (strict->charter_path, &text, NULL, &error));
  changed = g_strconcat (text, "\n[Complaints]\nAllowAnonymous=false\n", NULL);
  g_assert_true (g_file_set_contents (copy, changed, -1, &error));
  g_free (strict->charter_path);
  strict->charter_path = g_steal_pointer (&copy);
  strict->always_open = TRUE;
  loket_test_server_start (strict);
  w = loket_test_web_start (strict);
  {
    g_autofree char *page = post (w, "/complaint", "service=kk&category=other&description=Tanpa+nama", "",
                                  &status, NULL);
    g_autofree char *named = NULL;

    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (page, "Kantor ini menerima pengaduan dengan nama dan kontak"));
    g_assert_nonnull (strstr (page, "Tanpa nama</textarea>"));
    g_assert_cmpint (complaints (strict), ==, 0);
    named = file (w, "/complaint", "service=kk&category=other&description=Dengan+nama&complainant=Sari"
                                   "&contact=sari%40example.org");
    g_assert_cmpint (complaints (strict), ==, 1);
  }
  loket_test_web_stop (w);
  loket_test_server_stop (strict);
}

static void
test_browser (void)
{
  g_autofree char *token = issue (server, "ktp-el");
  g_autofree char *path = g_strconcat ("/t/", token, "/complaint", NULL);
  /* In the office's language, whatever Chromium's own. */
  g_autofree char *url = g_strconcat (web->url, path + 1, "?lang=id", NULL);
  g_autofree char *dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_autofree char *tracking = NULL, *tracking_url = NULL, *receipt_dom = NULL;
  g_autoptr(JsonObject) c = NULL;

  g_assert_nonnull (strstr (dom, "<form method=\"post\""));
  g_assert_nonnull (strstr (dom, "Perilaku petugas"));
  loket_test_chromium_screenshot (url, "web-complaint-form-390x844.png", "390,844");
  tracking = file (web, path, "category=time&description=Antrean+tidak+bergerak+satu+jam&complainant=Ani"
                              "&contact=0812");
  c = complaint_of (tracking);
  g_free (loket_test_server_ctl (server, "super", "complaints", "step", json_object_get_string_member (c, "receipt"),
                                 "answer", "--note", "Mohon maaf. Kami menambah satu loket KTP-el pada jam sibuk.",
                                 NULL));
  tracking_url = g_strconcat (web->url, tracking + 1, "?lang=id", NULL);
  receipt_dom = loket_test_chromium (tracking_url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (receipt_dom, json_object_get_string_member (c, "receipt")));
  g_assert_nonnull (strstr (receipt_dom, "Kami menambah satu loket"));
  loket_test_chromium_screenshot (tracking_url, "web-complaint-receipt-390x844.png", "390,844");
}

int
main (int argc, char **argv)
{
  int status;

  /* The gateway's machine in another zone than the office's. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/web-complaint/from-ticket", test_from_ticket);
  g_test_add_func ("/web-complaint/facts", test_facts);
  g_test_add_func ("/web-complaint/public", test_public);
  g_test_add_func ("/web-complaint/quota", test_quota);
  g_test_add_func ("/web-complaint/too-long-and-hostile", test_too_long_and_hostile);
  g_test_add_func ("/web-complaint/answer", test_answer);
  g_test_add_func ("/web-complaint/anonymous-refused", test_anonymous_refused);
  g_test_add_func ("/web-complaint/browser", test_browser);
  server = loket_test_server_new ("../../data/charter-dukcapil.ini");
  server->always_open = TRUE;
  loket_test_server_start (server);
  web = loket_test_web_start (server);
  status = g_test_run ();
  loket_test_web_stop (web);
  loket_test_server_stop (server);
  loket_test_server_free (server);
  return status;
}
