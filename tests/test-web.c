/* test-web.c — loket-web as a citizen meets it: a real loketd, a real
 * loket-web process (key role web) following it, and libsoup's client
 * and headless Chromium as the browsers.
 *
 *   - the escaping function, on markup, quotes and bytes that are not UTF-8;
 *   - the office page from a charter whose every text is markup: it shows
 *     as text, and the page carries the security headers;
 *   - Indonesian by default, English by Accept-Language and ?lang=en;
 *   - a friendly 404 that does not repeat the request; methods, bodies,
 *     long URIs and too many headers refused; a request whose headers
 *     never end cut off;
 *   - the live stream: an event after a CALL, and the page then shows the
 *     number at its counter and not the clerk; the cap on live streams;
 *   - the citizen's ticket by its token: a kiosk's ISSUE, then /t/{token}
 *     shows the number and who is ahead, a counter calls it, the ticket's
 *     own stream names the counter, the page shows it, then thanks; an
 *     unknown, malformed or old-day token is the one same 404; with
 *     loketd gone, a 503 that says so;
 *   - HTTPS by loket-web with a certificate (tests/data/web-*.pem,
 *     self-signed, for the tests only);
 *   - Chromium renders the page with its script running under the CSP and
 *     nothing injected; with LOKET_SCREENSHOTS=DIR it writes web-office-390x844.png
 *     (390×844) and web-office-1366x768.png (1366×768) of the sample office;
 *     the ticket page in Chromium, waiting and called, with
 *     web-ticket-390x844.png, web-ticket-1366x768.png and
 *     web-ticket-called-390x844.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-sqlite.h"
#include "loket-test-web.h"
#include "loket-web-html.h"

#include <libsoup/soup.h>
#include <string.h>

#define CSP "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; " \
            "img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

typedef struct {
  LoketTestServer *server;
  LoketTestWeb    *web;
  /* The gateway's rate options; NULL: loopback exempt, as the other
   * cases ask faster than any phone. */
  const char * const *rate;
} Office;

/* ---- a loket-web process ------------------------------------------------ */

/* Starts loket-web for @office's server with up to two @extra arguments
 * (NULL: none); returns once it listens and holds the office. */
static void
office_start_web (Office *office, const char *extra, const char *extra2)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  if (extra != NULL)
    g_ptr_array_add (argv, (char *) extra);
  if (extra2 != NULL)
    g_ptr_array_add (argv, (char *) extra2);
  if (office->rate == NULL)
    g_ptr_array_add (argv, "--rate-exempt=127.0.0.0/8");
  for (guint i = 0; office->rate != NULL && office->rate[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) office->rate[i]);
  g_ptr_array_add (argv, NULL);
  office->web = loket_test_web_start_with (office->server, (const char * const *) argv->pdata);
}

static Office *
office_new (const char *charter, gboolean always_open, const char *extra)
{
  Office *office = g_new0 (Office, 1);

  office->server = loket_test_server_new (charter);
  office->server->always_open = always_open;
  loket_test_server_start (office->server);
  office_start_web (office, extra, NULL);
  return office;
}

static void
office_free (Office *office)
{
  /* It stops cleanly on SIGTERM: streams closed, nothing left behind. */
  loket_test_web_stop (office->web);
  if (office->server != NULL)   /* NULL: it follows a shared one */
    {
      loket_test_server_stop (office->server);
      loket_test_server_free (office->server);
    }
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
get (Office *office, const char *path, const char *accept_language, guint expected_status, SoupMessage **out)
{
  return loket_test_web_get_in (office->web, path, accept_language, expected_status, out);
}

static void
assert_guard_headers (SoupMessage *msg)
{
  SoupMessageHeaders *h = soup_message_get_response_headers (msg);

  g_assert_cmpstr (soup_message_headers_get_one (h, "Content-Security-Policy"), ==, CSP);
  g_assert_cmpstr (soup_message_headers_get_one (h, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_cmpstr (soup_message_headers_get_one (h, "Referrer-Policy"), ==, "no-referrer");
}

/* Nothing of the hostile charter became markup: the only script is ours,
 * and the charter's texts are there as text. */
static void
assert_inert (const char *page)
{
  g_assert_cmpuint (loket_test_count (page, "<script"), ==, 1);
  g_assert_nonnull (strstr (page, "<script src=\"/static/live.js\" defer"));
  g_assert_null (strstr (page, "<img"));
  /* The only pictures are the record's (loket-web-chart.c). */
  g_assert_cmpuint (loket_test_count (page, "<svg"), ==, loket_test_count (page, "<svg viewBox=\"0 0 320 66\" width=\"100%\" role=\"img\""));
  g_assert_null (strstr (page, "<svg onload"));
  g_assert_null (strstr (page, "<iframe"));
  g_assert_null (strstr (page, "<b>"));
  g_assert_null (strstr (page, "<i>"));
  g_assert_null (strstr (page, "</details><script"));
}

/* ---- the tests ------------------------------------------------------------ */

static Office *hostile;

static void
test_escape (void)
{
  g_autofree char *a = loket_web_html_escaped ("<script>alert(\"x\")</script> & 'y'");
  g_autofree char *b = loket_web_html_escaped ("ok\xff\xfe<");
  g_autofree char *c = loket_web_html_escaped (NULL);
  g_autofree char *d = loket_web_html_escaped ("Rp 50.000 — Gratis");
  g_autoptr(GString) e = g_string_new (NULL);

  g_assert_cmpstr (a, ==, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  g_assert_cmpstr (b, ==, "ok\xef\xbf\xbd\xef\xbf\xbd&lt;");
  g_assert_cmpstr (c, ==, "");
  g_assert_cmpstr (d, ==, "Rp 50.000 — Gratis");
  loket_web_html_element (e, "li", "x", "<&>");
  g_assert_cmpstr (e->str, ==, "<li class=\"x\">&lt;&amp;&gt;</li>");
}

static void
test_office_page (void)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *page = get (hostile, "/", NULL, 200, &msg);
  g_autofree char *english = NULL;
  g_autofree char *asked = NULL;

  assert_guard_headers (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "text/html");
  assert_inert (page);
  g_assert_nonnull (strstr (page, "<html lang=\"id\""));
  g_assert_nonnull (strstr (page, "<h1>Kantor &lt;script&gt;alert(&quot;office&quot;)&lt;/script&gt; &amp; &#39;Uji&#39;</h1>"));
  g_assert_nonnull (strstr (page, "Jl. &lt;b&gt;Tebal&lt;/b&gt; No. 1 &amp; &quot;2&quot;"));
  g_assert_nonnull (strstr (page, "<h3>KTP &lt;img src=x onerror=alert(1)&gt; &amp; &quot;kartu&quot;</h3>"));
  g_assert_nonnull (strstr (page, "<li>&lt;script&gt;document.write(&#39;x&#39;)&lt;/script&gt;</li>"));
  g_assert_nonnull (strstr (page, "&lt;/details&gt;&lt;script&gt;alert(&quot;procedure&quot;)&lt;/script&gt;"));
  g_assert_nonnull (strstr (page, "&lt;iframe src=//evil.example&gt;"));
  g_assert_nonnull (strstr (page, "Loket &quot;1&quot; &lt;i&gt;satu&lt;/i&gt; &amp; co"));
  /* The charter's standard and the figures, in Indonesian. */
  g_assert_nonnull (strstr (page, "Layanan hari ini"));
  g_assert_nonnull (strstr (page, "Rp 10.000"));
  g_assert_nonnull (strstr (page, "paling lama 30 menit"));
  g_assert_nonnull (strstr (page, "2 dari 2 loket buka"));
  /* No refresh header for script users; a refresh for the others. */
  g_assert_nonnull (strstr (page, "<noscript><meta http-equiv=\"refresh\""));

  english = get (hostile, "/", "fr;q=0.9, en-GB;q=0.8, id;q=0.5", 200, NULL);
  assert_inert (english);
  g_assert_nonnull (strstr (english, "<html lang=\"en\""));
  g_assert_nonnull (strstr (english, "Services today"));
  g_assert_nonnull (strstr (english, "Office &lt;script&gt;alert(&#39;en&#39;)&lt;/script&gt; &amp; &quot;Test&quot;"));
  g_assert_nonnull (strstr (english, "ID card &lt;svg onload=alert(2)&gt;"));
  g_assert_nonnull (strstr (english, "href=\"?lang=id\""));
  asked = get (hostile, "/?lang=en", "id", 200, NULL);
  g_assert_nonnull (strstr (asked, "Services today"));
}

static void
test_static (void)
{
  g_autoptr(SoupMessage) css_msg = NULL;
  g_autoptr(SoupMessage) js_msg = NULL;
  g_autofree char *css = get (hostile, "/static/style.css", NULL, 200, &css_msg);
  g_autofree char *js = get (hostile, "/static/live.js", NULL, 200, &js_msg);
  g_autofree char *none = get (hostile, "/static/../main.c", NULL, 404, NULL);

  assert_guard_headers (css_msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (css_msg), NULL),
                   ==, "text/css");
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (js_msg), NULL),
                   ==, "text/javascript");
  g_assert_nonnull (strstr (css, "@media"));
  g_assert_nonnull (strstr (js, "EventSource"));
  /* No external resource anywhere. */
  g_assert_null (strstr (css, "http"));
  g_assert_null (strstr (css, "@import"));
}

static void
test_not_found (void)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *page = get (hostile, "/t/secret-token-1234?q=%3Cscript%3Eleak", "id", 404, &msg);

  assert_guard_headers (msg);
  g_assert_nonnull (strstr (page, "Halaman tidak ditemukan"));
  g_assert_null (strstr (page, "secret-token"));
  g_assert_null (strstr (page, "leak"));
  g_assert_null (strstr (page, "loket-web"));   /* no program or version named */
  g_assert_cmpuint (loket_test_count (page, "<script"), ==, 0);
}

static guint
status_of (SoupMessage *msg)
{
  g_free (loket_test_web_send (msg));
  return soup_message_get_status (msg);
}

static void
test_guards (void)
{
  g_autofree char *root = url_of (hostile, "/");
  g_autoptr(SoupMessage) post = soup_message_new ("POST", root);
  g_autoptr(SoupMessage) with_body = soup_message_new ("GET", root);
  g_autoptr(SoupMessage) many = soup_message_new ("GET", root);
  g_autoptr(GString) long_path = g_string_new ("/");
  g_autoptr(SoupMessage) long_uri = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("x=1", 3);
  g_autofree char *long_url = NULL;
  g_autofree char *again = NULL;

  soup_message_set_request_body_from_bytes (post, "application/x-www-form-urlencoded", body);
  g_assert_cmpuint (status_of (post), ==, 405);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (post), "Allow"), ==, "GET, HEAD");
  assert_guard_headers (post);

  soup_message_set_request_body_from_bytes (with_body, "text/plain", body);
  g_assert_cmpuint (status_of (with_body), ==, 413);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("X-Filler-%u", i);

      soup_message_headers_append (soup_message_get_request_headers (many), name, "0123456789");
    }
  g_assert_cmpuint (status_of (many), ==, 431);

  while (long_path->len < 4000)
    g_string_append (long_path, "aaaaaaaaaa");
  long_url = url_of (hostile, long_path->str);
  long_uri = soup_message_new ("GET", long_url);
  g_assert_cmpuint (status_of (long_uri), ==, 414);

  /* And it still serves. */
  again = get (hostile, "/", NULL, 200, NULL);
  g_assert_nonnull (strstr (again, "Layanan hari ini"));
}

typedef struct {
  gssize   n;
  gboolean done;
} ReadDone;

static void
on_read (GObject *source, GAsyncResult *result, gpointer data)
{
  ReadDone *r = data;

  r->n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  r->done = TRUE;
}

/* A client that starts a request and never finishes its headers (slowloris)
 * is cut off after the header deadline (10 s), with nothing answered. */
static void
test_slow_headers (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (hostile->web->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  static const char partial[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  char buffer[512];
  ReadDone r = { 0, FALSE };
  gint64 start = g_get_monotonic_time ();

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            partial, strlen (partial), NULL, NULL, &error));
  g_assert_no_error (error);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer, sizeof buffer,
                             G_PRIORITY_DEFAULT, NULL, on_read, &r);
  g_assert_true (loket_test_wait_for (&r.done, 30000));
  g_assert_cmpint (r.n, <=, 0);   /* closed (or reset), no response */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 5 * G_USEC_PER_SEC);
}

/* ---- live streams --------------------------------------------------------- */

typedef struct {
  GInputStream *stream;
  gboolean      done;
  GError       *error;
} Opened;

static void
on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  Opened *o = data;

  o->stream = soup_session_send_finish (SOUP_SESSION (source), result, &o->error);
  o->done = TRUE;
}

static GInputStream *
open_stream_at (Office *office, const char *path, SoupMessage **out)
{
  g_autofree char *url = url_of (office, path);
  SoupMessage *msg = soup_message_new ("GET", url);
  Opened o = { NULL, FALSE, NULL };

  soup_session_send_async (loket_test_web_session (), msg, G_PRIORITY_DEFAULT, NULL, on_opened, &o);
  g_assert_true (loket_test_wait_for (&o.done, 20000));
  g_assert_no_error (o.error);
  *out = msg;
  return o.stream;
}

static GInputStream *
open_stream (Office *office, SoupMessage **out)
{
  return open_stream_at (office, "/events", out);
}

/* The data of the next @type event on @in, or NULL after @timeout_ms. */
static char *
next_event (GDataInputStream *in, const char *type, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autofree char *wanted = g_strconcat ("event: ", type, NULL);
  gboolean ours = FALSE;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *line = loket_test_read_line (in, (guint) MAX ((deadline - g_get_monotonic_time ()) / 1000, 1));

      if (line == NULL)
        return NULL;
      if (g_str_has_prefix (line, "event: "))
        ours = g_str_equal (line, wanted);
      else if (ours && g_str_has_prefix (line, "data: "))
        return g_strdup (line + strlen ("data: "));
    }
  return NULL;
}

static char *
next_version (GDataInputStream *in, guint timeout_ms)
{
  return next_event (in, "office", timeout_ms);
}

static char *
version_shown (const char *page)
{
  const char *p = strstr (page, "data-version=\"");

  g_assert_nonnull (p);
  p += strlen ("data-version=\"");
  return g_strndup (p, strchr (p, '"') - p);
}

static void
test_events (void)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) raw = open_stream (hostile, &msg);
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (raw);
  g_autoptr(LoketClient) kiosk = loket_test_server_client (hostile->server, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (hostile->server, "counter1");
  g_autoptr(JsonObject) issued = NULL;
  g_autoptr(JsonObject) called = NULL;
  g_autofree char *first = NULL;
  g_autofree char *after_issue = NULL;
  g_autofree char *after_call = NULL;
  g_autofree char *page = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *at_counter = NULL;
  const char *number;

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "text/event-stream");
  assert_guard_headers (msg);
  first = next_version (in, 10000);
  g_assert_nonnull (first);

  issued = loket_test_request (kiosk, "ISSUE", "service", "kk", NULL);
  after_issue = next_version (in, 10000);
  g_assert_nonnull (after_issue);
  g_assert_cmpstr (after_issue, !=, first);

  /* A clerk signs in at counter 1 and calls: the page never names her. */
  loket_test_server_add_staff (hostile->server, "ratna", "Ratna Kusumawati", "482913", "clerk");
  json_object_unref (loket_test_request (clerk, "LOGIN", "counter", "1", "clerk", "ratna", "pin", "482913", NULL));
  called = loket_test_request (clerk, "CALL", "counter", "1", NULL);
  number = json_object_get_string_member (json_object_get_object_member (called, "ticket"), "number");
  at_counter = g_strdup_printf ("<span class=\"ticket\">%s</span>", number);
  /* Events come until the page shows the call: the number at the
   * counter (the sign-in before it may have sent one of its own). */
  for (guint i = 0; page == NULL || strstr (page, at_counter) == NULL; i++)
    {
      g_assert_cmpuint (i, <, 5);
      g_free (after_call);
      after_call = next_version (in, 10000);
      g_assert_nonnull (after_call);
      g_assert_cmpstr (after_call, !=, after_issue);
      g_free (page);
      page = get (hostile, "/", NULL, 200, NULL);
    }
  shown = version_shown (page);
  g_assert_cmpuint (strlen (shown), ==, 16);
  g_assert_null (strstr (page, "Ratna"));
  g_assert_null (strstr (page, "ratna"));
  g_input_stream_close (raw, NULL, NULL);
}

/* ---- the citizen's ticket page ------------------------------------------ */

/* An ISSUE at a kiosk, as the citizen's paper has it: the ticket and
 * its token (which the QR code carries). */
static JsonObject *
issue (Office *office, LoketClient *kiosk, const char *service, char **token)
{
  JsonObject *reply = loket_test_request (kiosk, "ISSUE", "service", service, NULL);

  *token = g_strdup (json_object_get_string_member (reply, "token"));
  g_assert_cmpuint (strlen (*token), ==, 22);
  return reply;
}

static char *
ticket_path (const char *token, const char *tail)
{
  return g_strconcat ("/t/", token, tail, NULL);
}

/* The live state of the ticket's stream until one has @needle, or NULL. */
static char *
ticket_event_with (GDataInputStream *in, const char *needle)
{
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *data = next_event (in, "ticket", 10000);

      if (data == NULL)
        return NULL;
      if (strstr (data, needle) != NULL)
        return g_steal_pointer (&data);
    }
  return NULL;
}

/* Issue → the page shows the number and who is ahead → a counter calls
 * it → the stream says which counter, and the page shows it large →
 * served: thanks.  Nowhere the token's ticket id, the clerk or another
 * ticket's token. */
static void
test_ticket_page (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (hostile->server, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (hostile->server, "counter2");
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) stream_msg = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *first_token = NULL, *token = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) mine = NULL;
  g_autofree char *path = NULL, *events = NULL, *page = NULL, *english = NULL, *live = NULL;
  g_autofree char *called = NULL, *at_counter = NULL, *thanks = NULL, *number_shown = NULL;
  const char *number;

  first = issue (hostile, kiosk, "kk", &first_token);
  mine = issue (hostile, kiosk, "kk", &token);
  number = json_object_get_string_member (json_object_get_object_member (mine, "ticket"), "number");
  g_assert_cmpstr (token, !=, first_token);
  path = ticket_path (token, "");
  page = get (hostile, path, NULL, 200, &msg);
  assert_guard_headers (msg);
  /* The first load: the page, the style sheet and the script. */
  g_test_message ("ticket page: %zu bytes", strlen (page));
  g_assert_cmpuint (strlen (page), <, 20 * 1024);
  g_assert_nonnull (strstr (page, "<html lang=\"id\">"));
  number_shown = g_strdup_printf ("<p class=\"number\">%s</p>", number);
  g_assert_nonnull (strstr (page, number_shown));
  g_assert_nonnull (strstr (page, "Kartu Keluarga"));
  /* The first citizen of the queue is ahead, whoever else waits elsewhere. */
  g_assert_nonnull (strstr (page, "Antrean di depan Anda</dt><dd>1</dd>"));
  g_assert_nonnull (strstr (page, "Perkiraan tunggu"));
  g_assert_nonnull (strstr (page, "dipanggil paling lama"));
  g_assert_null (strstr (page, first_token));
  assert_inert (page);
  english = get (hostile, path, "en-GB,en;q=0.9", 200, NULL);
  g_assert_nonnull (strstr (english, "People ahead of you</dt><dd>1</dd>"));
  g_assert_nonnull (strstr (english, "hreflang=\"id\""));

  events = ticket_path (token, "/events");
  raw = open_stream_at (hostile, events, &stream_msg);
  in = g_data_input_stream_new (raw);
  g_assert_cmpuint (soup_message_get_status (stream_msg), ==, 200);
  assert_guard_headers (stream_msg);
  live = next_event (in, "ticket", 10000);
  g_assert_nonnull (live);
  g_assert_nonnull (strstr (live, "\"ahead\":1"));

  /* Counter 2 serves kk: the first ticket, then this one. */
  loket_test_server_add_staff (hostile->server, "budi", "Budi Santoso", "135790", "clerk");
  json_object_unref (loket_test_request (clerk, "LOGIN", "counter", "2", "clerk", "budi", "pin", "135790", NULL));
  json_object_unref (loket_test_request (clerk, "CALL", "counter", "2", "ticket",
                                         json_object_get_string_member (json_object_get_object_member (first, "ticket"), "number"),
                                         "reason", "first come", NULL));
  g_free (live);
  live = ticket_event_with (in, "\"ahead\":0");
  g_assert_nonnull (live);
  g_assert_nonnull (strstr (live, "\"state\":\"issued\""));
  json_object_unref (loket_test_request (clerk, "START", "counter", "2", NULL));
  json_object_unref (loket_test_request (clerk, "FINISH", "counter", "2", NULL));
  json_object_unref (loket_test_request (clerk, "CALL", "counter", "2", NULL));
  called = ticket_event_with (in, "\"state\":\"called\"");
  g_assert_nonnull (called);
  g_assert_nonnull (strstr (called, "\"counter\":\"Loket 2\""));

  g_free (page);
  page = get (hostile, path, NULL, 200, NULL);
  at_counter = g_strdup ("<p class=\"counter\">Loket 2</p>");
  g_assert_nonnull (strstr (page, at_counter));
  g_assert_nonnull (strstr (page, "Silakan menuju"));
  g_assert_null (strstr (page, "Budi"));
  g_assert_null (strstr (page, "budi"));

  json_object_unref (loket_test_request (clerk, "START", "counter", "2", NULL));
  json_object_unref (loket_test_request (clerk, "FINISH", "counter", "2", NULL));
  thanks = ticket_event_with (in, "\"state\":\"done\"");
  g_assert_nonnull (thanks);
  g_free (page);
  page = get (hostile, path, NULL, 200, NULL);
  g_assert_nonnull (strstr (page, "Terima kasih"));
  json_object_unref (loket_test_request (clerk, "LOGOUT", "counter", "2", NULL));
  g_input_stream_close (raw, NULL, NULL);
}

/* A ticket of another day, put in the database behind loketd's back
 * (and taken out again, so that the record still verifies). */
static void
old_ticket (Office *office, const char *token, gboolean add)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open (office->server->db_path, &error);
  g_autofree char *sql = add
    ? g_strdup_printf ("INSERT INTO tickets (service_day, series, number, service, issued_service, state,"
                       " issued_at, arrival_at, token) VALUES ('2020-01-06', 'B', 1, 'kk', 'kk', 'done', 1, 1, '%s')",
                       token)
    : g_strdup_printf ("DELETE FROM tickets WHERE token = '%s'", token);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (loket_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Never issued, malformed, of another day, or a number instead of a
 * token: one 404, the same page, nothing of the request in it. */
static void
test_ticket_not_found (void)
{
  static const char old[] = "OldDayTokenOldDayToken";
  const char *paths[] = { "/t/AAAAAAAAAAAAAAAAAAAAAA", "/t/OldDayTokenOldDayToken", "/t/A-001",
                          "/t/AAAAAAAAAAAAAAAAAAAAA%3C", "/t/AAAAAAAAAAAAAAAAAAAAAA/events",
                          "/t/AAAAAAAAAAAAAAAAAAAAAA/other", "/t/" };
  g_autofree char *reference = NULL;

  old_ticket (hostile, old, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autofree char *page = get (hostile, paths[i], NULL, 404, &msg);

      assert_guard_headers (msg);
      g_assert_null (strstr (page, "AAAA"));
      g_assert_null (strstr (page, "OldDay"));
      g_assert_null (strstr (page, "A-001"));
      if (reference == NULL)
        reference = g_steal_pointer (&page);
      else
        g_assert_cmpstr (page, ==, reference);
    }
  old_ticket (hostile, old, FALSE);
  g_assert_nonnull (strstr (reference, "Halaman tidak ditemukan"));
}

/* loketd gone: a ticket's page says the queue cannot be read now (503,
 * Retry-After), not "not found" — the token may well be good. */
static void
test_ticket_unavailable (void)
{
  g_autoptr(Office) office = office_new ("charter-web.ini", FALSE, NULL);
  g_autoptr(LoketClient) kiosk = loket_test_server_client (office->server, "kiosk1");
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *token = NULL, *path = NULL, *page = NULL;
  g_autoptr(JsonObject) mine = issue (office, kiosk, "kk", &token);

  loket_test_server_stop (office->server);
  path = ticket_path (token, "");
  page = get (office, path, NULL, 503, &msg);
  assert_guard_headers (msg);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"), ==, "30");
  g_assert_nonnull (strstr (page, "Belum tersedia"));
  g_assert_null (strstr (page, token));
}

static void
test_stream_cap (void)
{
  g_autoptr(Office) office = g_new0 (Office, 1);
  g_autoptr(SoupMessage) first_msg = NULL;
  g_autoptr(GInputStream) first = NULL;
  g_autoptr(SoupMessage) second = NULL;
  g_autofree char *events = NULL;
  g_autofree char *body = NULL;
  g_autofree char *config = g_strdup_printf ("--config=%s/data/web.ini", g_getenv ("LOKET_SOURCE_DIR"));

  /* The sample settings file, the command line overriding it (its
   * MaxStreams=, Server=, Keys=, Name= and Listen= among them). */
  office->server = hostile->server;
  office_start_web (office, config, "--max-streams=1");
  first = open_stream (office, &first_msg);
  g_assert_cmpuint (soup_message_get_status (first_msg), ==, 200);
  events = url_of (office, "/events");
  second = soup_message_new ("GET", events);
  body = loket_test_web_send (second);
  g_assert_cmpuint (soup_message_get_status (second), ==, 503);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (second), "Retry-After"), ==, "30");
  g_assert_nonnull (strstr (body, "Sedang sibuk"));
  g_input_stream_close (first, NULL, NULL);
  /* The server belongs to the shared office; only this gateway stops. */
  office->server = NULL;
  g_clear_pointer (&office, office_free);
}

static gboolean
accept_test_certificate (SoupMessage *msg, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                         gpointer data)
{
  return TRUE;   /* the tests' self-signed certificate */
}

/* HTTPS by loket-web itself, with the office's certificate. */
static void
test_tls (void)
{
  g_autoptr(Office) office = g_new0 (Office, 1);
  g_autofree char *cert = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "web-cert.pem", NULL);
  g_autofree char *key = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "web-key.pem", NULL);
  g_autofree char *cert_arg = g_strconcat ("--certificate=", cert, NULL);
  g_autofree char *key_arg = g_strconcat ("--private-key=", key, NULL);

  office->server = hostile->server;
  office_start_web (office, cert_arg, key_arg);
  g_assert_true (g_str_has_prefix (office->web->url, "https://127.0.0.1:"));
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", office->web->url);
    g_autofree char *page = NULL;

    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_test_certificate), NULL);
    page = loket_test_web_send (msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    assert_guard_headers (msg);
    assert_inert (page);
  }
  office->server = NULL;
}

/* GET @path from @local (a loopback address this side binds) with an
 * X-Forwarded-For of @forwarded (or none): the status. */
static guint
status_from (Office *office, const char *local, const char *forwarded, SoupMessage **out)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (local);
  g_autoptr(GSocketAddress) bind = g_inet_socket_address_new (inet, 0);
  g_autoptr(SoupSession) from = soup_session_new_with_options ("timeout", 30, "local-address", bind, NULL);
  g_autofree char *url = url_of (office, "/");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (forwarded != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Forwarded-For", forwarded);
  body = soup_session_send_and_read (from, msg, NULL, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_object_ref (msg);
  return soup_message_get_status (msg);
}

/* One address may ask three times at once and then once a second: the
 * fourth at once is refused with 429, the friendly page and a
 * Retry-After; another address is not held up by it.  Behind a trusted
 * proxy, the nearest forwarded address is the client (a forged one to
 * its left changes nothing); from elsewhere, X-Forwarded-For is ignored. */
static void
test_rate_limit (void)
{
  const char *rate[] = { "--rate-limit=1", "--rate-burst=3", "--trusted-proxy=127.0.0.3", NULL };
  g_autoptr(Office) office = g_new0 (Office, 1);
  g_autoptr(SoupMessage) refused = NULL;
  g_autofree char *page = NULL;

  office->server = hostile->server;
  office->rate = rate;
  office_start_web (office, NULL, NULL);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (status_from (office, "127.0.0.1", NULL, NULL), ==, 200);
  g_assert_cmpuint (status_from (office, "127.0.0.1", NULL, &refused), ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (refused), "Retry-After"),
                   ==, "1");
  assert_guard_headers (refused);
  /* Another address, and a forwarded one from an untrusted peer, which
   * is still 127.0.0.1's request. */
  g_assert_cmpuint (status_from (office, "127.0.0.2", NULL, NULL), ==, 200);
  g_assert_cmpuint (status_from (office, "127.0.0.1", "198.51.100.9", NULL), ==, 429);
  /* Through the trusted proxy: each forwarded client its own bucket. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (status_from (office, "127.0.0.3", "203.0.113.5", NULL), ==, 200);
  g_assert_cmpuint (status_from (office, "127.0.0.3", "203.0.113.5", NULL), ==, 429);
  g_assert_cmpuint (status_from (office, "127.0.0.3", "203.0.113.5, 203.0.113.6", NULL), ==, 200);
  g_assert_cmpuint (status_from (office, "127.0.0.3", "203.0.113.6", NULL), ==, 200);
  /* A client forging its way past: the address the proxy saw counts. */
  g_assert_cmpuint (status_from (office, "127.0.0.3", "10.9.9.9, 203.0.113.5", NULL), ==, 429);
  office->server = NULL;
}

/* ---- in a real browser ---------------------------------------------------- */

static void
test_browser_hostile (void)
{
  g_autofree char *url = NULL;
  g_autofree char *dom = NULL;

  if (!loket_test_have_chromium ())
    return;
  url = url_of (hostile, "/?lang=id");
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  /* The script ran under the CSP (it marks the page), nothing else did. */
  g_assert_nonnull (strstr (dom, "data-live=\""));
  assert_inert (dom);
  g_assert_nonnull (strstr (dom, "Kantor &lt;script&gt;alert(\"office\")&lt;/script&gt; &amp; 'Uji'"));
}

/* The sample office (data/charter-dukcapil.ini, always open) with a
 * ticket taken for each of @issues (NULL-terminated service ids), and a
 * kiosk's and a counter's client. */
static Office *
sample_office (const char * const *issues, LoketClient **kiosk, LoketClient **clerk)
{
  Office *office = office_new ("../../data/charter-dukcapil.ini", TRUE, NULL);

  *kiosk = loket_test_server_client (office->server, "kiosk1");
  *clerk = loket_test_server_client (office->server, "counter1");
  for (guint i = 0; issues[i] != NULL; i++)
    json_object_unref (loket_test_request (*kiosk, "ISSUE", "service", issues[i], NULL));
  return office;
}

/* The sample office with a morning's queue, as a citizen's phone and a
 * desk PC show it. */
static void
test_browser_sample (void)
{
  g_autoptr(Office) office = NULL;
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(LoketClient) clerk = NULL;
  g_autofree char *url = NULL;
  g_autofree char *dom = NULL;
  const char *issues[] = { "ktp-el", "ktp-el", "kk", "ktp-el", "akta-lahir", "kk", "ktp-el", "kia", NULL };

  if (!loket_test_have_chromium ())
    return;
  office = sample_office (issues, &kiosk, &clerk);
  json_object_unref (loket_test_request (clerk, "CALL", "counter", "1", NULL));
  json_object_unref (loket_test_request (clerk, "CALL", "counter", "2", NULL));
  url = url_of (office, "/?lang=id");
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "data-live=\""));
  g_assert_nonnull (strstr (dom, "Dinas Kependudukan"));
  g_assert_nonnull (strstr (dom, "Layanan hari ini"));
  g_assert_nonnull (strstr (dom, "Standar pelayanan"));
  loket_test_chromium_screenshot (url, "web-office-390x844.png", "390,844");
  loket_test_chromium_screenshot (url, "web-office-1366x768.png", "1366,768");
}

/* The sample office's ticket page on a phone, as the QR code opens it:
 * waiting (the script running under the CSP: it marks the page as live),
 * then called, with the counter in very large type and never the clerk.
 * That the stream tells the page of the call is /web/ticket/page's. */
static void
test_browser_ticket (void)
{
  g_autoptr(Office) office = NULL;
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(LoketClient) clerk = NULL;
  g_autoptr(JsonObject) mine = NULL;
  g_autofree char *token = NULL, *path = NULL, *url = NULL, *dom = NULL;
  const char *issues[] = { "kk", "ktp-el", "kk", "kk", NULL };

  if (!loket_test_have_chromium ())
    return;
  office = sample_office (issues, &kiosk, &clerk);
  mine = issue (office, kiosk, "kk", &token);
  path = ticket_path (token, "?lang=id");
  url = url_of (office, path);
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "data-live=\""));
  g_assert_nonnull (strstr (dom, "Nomor antrean Anda"));
  g_assert_nonnull (strstr (dom, json_object_get_string_member (json_object_get_object_member (mine, "ticket"), "number")));
  g_assert_nonnull (strstr (dom, "Antrean di depan Anda</dt><dd>3</dd>"));
  g_assert_cmpuint (strlen (dom), <, 20 * 1024);
  loket_test_chromium_screenshot (url, "web-ticket-390x844.png", "390,844");
  loket_test_chromium_screenshot (url, "web-ticket-1366x768.png", "1366,768");

  /* Called: the counter in very large type. */
  loket_test_server_add_staff (office->server, "sari", "Sari Wulandari", "246810", "clerk");
  json_object_unref (loket_test_request (clerk, "LOGIN", "counter", "3", "clerk", "sari", "pin", "246810", NULL));
  json_object_unref (loket_test_request (clerk, "CALL", "counter", "3", "ticket",
                                         json_object_get_string_member (json_object_get_object_member (mine, "ticket"), "number"),
                                         "reason", "screenshot", NULL));
  g_free (dom);
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "class=\"call\""));
  g_assert_nonnull (strstr (dom, "<p class=\"counter\">"));
  g_assert_null (strstr (dom, "Sari"));
  loket_test_chromium_screenshot (url, "web-ticket-called-390x844.png", "390,844");
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/web/escape", test_escape);
  g_test_add_func ("/web/office-page", test_office_page);
  g_test_add_func ("/web/static", test_static);
  g_test_add_func ("/web/not-found", test_not_found);
  g_test_add_func ("/web/guards", test_guards);
  g_test_add_func ("/web/slow-headers", test_slow_headers);
  g_test_add_func ("/web/events", test_events);
  g_test_add_func ("/web/stream-cap", test_stream_cap);
  g_test_add_func ("/web/ticket/page", test_ticket_page);
  g_test_add_func ("/web/ticket/not-found", test_ticket_not_found);
  g_test_add_func ("/web/ticket/unavailable", test_ticket_unavailable);
  g_test_add_func ("/web/tls", test_tls);
  g_test_add_func ("/web/rate-limit", test_rate_limit);
  g_test_add_func ("/web/browser/hostile", test_browser_hostile);
  g_test_add_func ("/web/browser/sample", test_browser_sample);
  g_test_add_func ("/web/browser/ticket", test_browser_ticket);
  hostile = office_new ("charter-web.ini", FALSE, NULL);
  status = g_test_run ();
  office_free (hostile);
  return status;
}
