/* test-web-data.c — the office's record in the open, as anyone would
 * check it: a real loketd whose database holds three past service days
 * (written before it starts, through LoketOffice with those days' times,
 * as loketd itself would have written them) and today's ticket, a real
 * loket-web (key web1), libsoup's client and headless Chromium.
 *
 *   - DAILY by the table: the days with a record, final once over, the
 *     31-day limit, the web role allowed;
 *   - /data/daily.csv: every figure equals `loketctl report`'s for the
 *     same day, every anchor `loketctl anchors`'; a service name with a
 *     comma, quotes and markup comes out CSV-quoted; the licence's Link;
 *   - /data/daily.json: the same rows, the licence, the default range;
 *   - bad ranges: 400 with a message that says what is wrong;
 *   - the chart on the page: the shares written, the names escaped;
 *     Chromium renders it (DOM check); the sample office with thirty past
 *     days, and with LOKET_SCREENSHOTS=DIR its web-record-390x844.png and
 *     web-record-1366x768.png (the README's).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-office.h"
#include "loket-test-web.h"

#include <string.h>

#define ZONE "Asia/Makassar"
#define PAST_DAYS 3
#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define KTP_NAME "KTP, \"baru\" <script>alert(1)</script>"

static LoketTestServer *server;
static LoketTestWeb *web;
static char *days[PAST_DAYS + 1];   /* oldest first; the last is today */

/* ---- the past days, written before loketd starts ------------------------ */

typedef struct {
  LoketOffice *office;
  GPtrArray   *events;
  gint64       now;
} Past;

static void
past_run (Past *p, LoketRole role, const char *device, const char *type, JsonObject *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) owned = body ? body : json_object_new ();
  LoketRequest request = { type, owned, device, role, p->now };
  LoketStore *store = loket_office_get_store (p->office);
  g_autoptr(JsonObject) reply = NULL;

  g_assert_true (loket_store_begin (store, NULL));
  reply = loket_office_handle (p->office, &request, p->events, &error);
  g_assert_no_error (error);
  g_assert_true (loket_store_commit (store, NULL));
}

static gint64
local_usec (GDateTime *day, guint minutes)
{
  g_autoptr(GDateTime) at = g_date_time_add_minutes (day, 9 * 60 + minutes);

  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}

/* Day @k (days before today): k+2 KTP tickets and one KK, the first KTP
 * called after 10 minutes (within its 30), the second after 39+k (over),
 * both served; the rest left unserved when the day is closed. */
static void
past_day (Past *p, GDateTime *day, guint k)
{
  g_autofree char *label = g_date_time_format (day, "%Y-%m-%d");

  for (guint i = 0; i < k + 2; i++)
    {
      p->now = local_usec (day, i);
      past_run (p, LOKET_ROLE_KIOSK, "kiosk1", "ISSUE", loket_test_body ("service", "ktp", NULL));
    }
  p->now = local_usec (day, 2) + G_USEC_PER_SEC;
  past_run (p, LOKET_ROLE_KIOSK, "kiosk1", "ISSUE", loket_test_body ("service", "kk", NULL));
  p->now = local_usec (day, 5);
  past_run (p, LOKET_ROLE_COUNTER, "counter1", "LOGIN",
            loket_test_body ("counter", "1", "clerk", "siti", "pin", "482913", NULL));
  for (guint call = 0; call < 2; call++)
    {
      guint at = call == 0 ? 10 : 40 + k;

      p->now = local_usec (day, at);
      past_run (p, LOKET_ROLE_COUNTER, "counter1", "CALL", loket_test_body ("counter", "1", NULL));
      p->now = local_usec (day, at + 1);
      past_run (p, LOKET_ROLE_COUNTER, "counter1", "START", loket_test_body ("counter", "1", NULL));
      p->now = local_usec (day, at + 8);
      past_run (p, LOKET_ROLE_COUNTER, "counter1", "FINISH", loket_test_body ("counter", "1", NULL));
    }
  p->now = local_usec (day, 70);
  past_run (p, LOKET_ROLE_COUNTER, "counter1", "LOGOUT", loket_test_body ("counter", "1", NULL));
  p->now = local_usec (day, 10 * 60);
  past_run (p, LOKET_ROLE_SUPERVISOR, "super", "CLOSE_DAY", loket_test_body ("day", label, NULL));
}

/* A busier day at the sample office (README screenshots): every service,
 * counter 5 (which serves them all) calling all but the last ticket,
 * waits growing through the morning, the rest closed unserved. */
static void
sample_day (Past *p, GDateTime *day, guint k)
{
  static const char * const services[] = { "ktp-el", "kk", "akta-lahir", "akta-mati", "pindah", "kia" };
  g_autofree char *label = g_date_time_format (day, "%Y-%m-%d");
  guint issued = 0;

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    for (guint j = 0; j < 2 + (k + i) % 3; j++, issued++)
      {
        p->now = local_usec (day, issued);
        past_run (p, LOKET_ROLE_KIOSK, "kiosk1", "ISSUE", loket_test_body ("service", services[i], NULL));
      }
  p->now = local_usec (day, issued);
  past_run (p, LOKET_ROLE_COUNTER, "counter1", "LOGIN",
            loket_test_body ("counter", "5", "clerk", "siti", "pin", "482913", NULL));
  for (guint c = 0; c + 1 < issued; c++)
    {
      p->now = local_usec (day, issued + 1 + c * (3 + k % 4));
      past_run (p, LOKET_ROLE_COUNTER, "counter1", "CALL", loket_test_body ("counter", "5", NULL));
      p->now += G_USEC_PER_SEC;
      past_run (p, LOKET_ROLE_COUNTER, "counter1", "START", loket_test_body ("counter", "5", NULL));
      p->now += 2 * MINUTE;
      past_run (p, LOKET_ROLE_COUNTER, "counter1", "FINISH", loket_test_body ("counter", "5", NULL));
    }
  p->now += MINUTE;
  past_run (p, LOKET_ROLE_COUNTER, "counter1", "LOGOUT", loket_test_body ("counter", "5", NULL));
  p->now = local_usec (day, 10 * 60);
  past_run (p, LOKET_ROLE_SUPERVISOR, "super", "CLOSE_DAY", loket_test_body ("day", label, NULL));
}

typedef void (*DayFunc) (Past *p, GDateTime *day, guint k);

/* Writes @n_days past days into @srv's new database with @write_day,
 * in @zone; returns the days, oldest first, then today. */
static GStrv
write_days (LoketTestServer *srv, const char *zone, guint n_days, DayFunc write_day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) charter = loket_charter_new_from_file (srv->charter_path, &error);
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketOffice) office = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) today = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GDateTime) first = g_date_time_add_days (today, -(gint) n_days);
  GStrv labels = g_new0 (char *, n_days + 2);
  Past p = { NULL, events, local_usec (first, 0) - 60 * MINUTE };

  g_assert_no_error (error);
  store = loket_store_open (srv->db_path, &error);
  g_assert_no_error (error);
  office = loket_office_new (charter, store);
  /* The charter is open all day: a supervisor closes each day by hand. */
  loket_office_set_always_open (office, TRUE);
  g_assert_true (loket_office_adopt_charter (office, charter, "start", p.now, events, &error));
  g_assert_no_error (error);
  g_assert_true (loket_store_add_clerk (store, "siti", "Siti Rahma", "482913", p.now, &error));
  g_assert_no_error (error);
  p.office = office;
  for (guint k = n_days; k >= 1; k--)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (today, -(gint) k);

      write_day (&p, day, k);
      labels[n_days - k] = g_date_time_format (day, "%Y-%m-%d");
    }
  labels[n_days] = g_date_time_format (today, "%Y-%m-%d");
  return labels;
}

static void
write_past_days (void)
{
  g_auto(GStrv) labels = write_days (server, ZONE, PAST_DAYS, past_day);

  for (guint i = 0; i <= PAST_DAYS; i++)
    days[i] = g_strdup (labels[i]);
}

/* ---- CSV ------------------------------------------------------------------- */

static guint
column (GStrv header, const char *name)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return i;
  g_error ("no column %s", name);
}

/* `loketctl report` of one day, per service, as rows by service id. */
static GHashTable *
report_rows (const char *day, GStrv *header_out)
{
  g_autofree char *csv = loket_test_server_ctl (server, "super", "report", "--db", server->db_path,
                                                "--from", day, "--to", day, "--format", "csv", NULL);
  g_autoptr(GPtrArray) rows = loket_test_parse_csv (csv);
  GHashTable *by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);

  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);

      g_hash_table_insert (by_id, g_strdup (row[0]), g_strdupv (row));
    }
  *header_out = g_strdupv (g_ptr_array_index (rows, 0));
  return by_id;
}

static void
assert_same_cell (GStrv open, GStrv open_header, const char *open_col,
                  GStrv report, GStrv report_header, const char *report_col)
{
  g_assert_cmpstr (open[column (open_header, open_col)], ==, report[column (report_header, report_col)]);
}

/* "12.5" minutes from seconds as the report writes minutes (µs → one decimal). */
static char *
minutes_of (const char *seconds)
{
  gint64 s = g_ascii_strtoll (seconds, NULL, 10);

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, s / 60, (s % 60 * 10 + 30) / 60);
}

static void
assert_row_equals_report (GStrv row, GStrv header)
{
  const char *day = row[column (header, "day")];
  g_auto(GStrv) report_header = NULL;
  g_autoptr(GHashTable) report = report_rows (day, &report_header);
  GStrv r = g_hash_table_lookup (report, row[column (header, "service_id")]);
  g_autofree char *median = NULL;
  guint judged = atoi (row[column (header, "judged")]);
  guint within = atoi (row[column (header, "within")]);

  g_assert_nonnull (r);
  assert_same_cell (row, header, "service_name", r, report_header, "name");
  assert_same_cell (row, header, "issued", r, report_header, "issued");
  assert_same_cell (row, header, "served", r, report_header, "served");
  assert_same_cell (row, header, "turned_away", r, report_header, "turned_away");
  assert_same_cell (row, header, "unserved", r, report_header, "unserved");
  g_assert_cmpuint (judged - within, ==, atoi (r[column (report_header, "wait_breaches")]));
  if (judged > 0)
    {
      g_autofree char *pct = g_strdup_printf ("%.1f", 100.0 * within / judged);

      g_assert_cmpstr (pct, ==, r[column (report_header, "wait_within_pct")]);
    }
  if (row[column (header, "wait_median_s")][0] != '\0')
    {
      g_autofree char *p90 = minutes_of (row[column (header, "wait_p90_s")]);

      median = minutes_of (row[column (header, "wait_median_s")]);
      g_assert_cmpstr (median, ==, r[column (report_header, "wait_median_min")]);
      g_assert_cmpstr (p90, ==, r[column (report_header, "wait_p90_min")]);
    }
}

/* ---- the cases -------------------------------------------------------------- */

static void
test_daily_request (void)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(LoketClient) gateway = loket_test_server_client (server, "web1");
  g_autoptr(JsonObject) reply = loket_test_request (gateway, "DAILY", "from", days[0], "to", days[PAST_DAYS], NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = loket_test_body ("from", "2026-01-01", "to", "2026-02-01", NULL);
  g_autoptr(JsonObject) refused = NULL;
  JsonArray *list;

  g_assert_nonnull (reply);
  g_assert_cmpstr (json_object_get_string_member (reply, "today"), ==, days[PAST_DAYS]);
  g_assert_cmpstr (json_object_get_string_member (reply, "licence"), ==,
                   "CC BY 4.0 — https://creativecommons.org/licenses/by/4.0/");
  list = json_object_get_array_member (reply, "days");
  g_assert_cmpuint (json_array_get_length (list), ==, PAST_DAYS + 1);
  for (guint i = 0; i <= PAST_DAYS; i++)
    {
      JsonObject *day = json_array_get_object_element (list, i);

      g_assert_cmpstr (json_object_get_string_member (day, "day"), ==, days[i]);
      /* The past days are over and closed; today is not. */
      g_assert_cmpint (json_object_get_boolean_member (day, "final"), ==, i < PAST_DAYS);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (day, "services")), ==, 2);
    }
  /* 32 days is one too many. */
  refused = loket_client_request (super, "DAILY", body, &error);
  g_assert_null (refused);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1 to 31 days"));
}

static void
test_csv (void)
{
  g_autofree char *path = g_strdup_printf ("/data/daily.csv?from=%s&to=%s", days[0], days[PAST_DAYS]);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *csv = loket_test_web_get (web, path, 200, &msg);
  g_autoptr(GPtrArray) rows = loket_test_parse_csv (csv);
  g_autofree char *anchors_json = loket_test_server_ctl (server, "super", "--json", "anchors", "--db", server->db_path,
                                                         "--from", days[0], "--to", days[PAST_DAYS], NULL);
  g_autoptr(JsonNode) anchors_node = json_from_string (anchors_json, NULL);
  JsonArray *anchors = json_object_get_array_member (json_node_get_object (anchors_node), "anchors");
  SoupMessageHeaders *h = soup_message_get_response_headers (msg);
  GStrv header;

  g_assert_cmpstr (soup_message_headers_get_content_type (h, NULL), ==, "text/csv");
  g_assert_cmpstr (soup_message_headers_get_one (h, "Link"), ==, "</data/licence.txt>; rel=\"license\"");
  /* The name is quoted, its quotes doubled; the markup is data here. */
  g_assert_nonnull (strstr (csv, ",\"KTP, \"\"baru\"\" <script>alert(1)</script>\","));
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (header[0], ==, "day");
  g_assert_cmpuint (g_strv_length (header), ==, 14);
  /* Two services on each of the four days. */
  g_assert_cmpuint (rows->len, ==, 1 + 2 * (PAST_DAYS + 1));
  g_assert_cmpuint (json_array_get_length (anchors), ==, PAST_DAYS + 1);
  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);
      JsonObject *anchor = json_array_get_object_element (anchors, (i - 1) / 2);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (anchor, "seq"));

      g_assert_cmpuint (g_strv_length (row), ==, 14);
      g_assert_cmpstr (row[column (header, "day")], ==, json_object_get_string_member (anchor, "day"));
      g_assert_cmpstr (row[column (header, "anchor_seq")], ==, seq);
      g_assert_cmpstr (row[column (header, "anchor_hash")], ==, json_object_get_string_member (anchor, "hash"));
      assert_row_equals_report (row, header);
    }
  /* The hand-worked figures of the oldest day (k = 3): five KTP, one
   * within and one over the promise, three left unserved (judged as
   * breaches): 1 of 5 within. */
  {
    GStrv ktp = g_ptr_array_index (rows, 1);

    g_assert_cmpstr (ktp[column (header, "service_id")], ==, "ktp");
    g_assert_cmpstr (ktp[column (header, "service_name")], ==, KTP_NAME);
    g_assert_cmpstr (ktp[column (header, "issued")], ==, "5");
    g_assert_cmpstr (ktp[column (header, "served")], ==, "2");
    g_assert_cmpstr (ktp[column (header, "unserved")], ==, "3");
    g_assert_cmpstr (ktp[column (header, "judged")], ==, "5");
    g_assert_cmpstr (ktp[column (header, "within")], ==, "1");
    g_assert_cmpstr (ktp[column (header, "share_within")], ==, "0.2000");
  }
}

static void
test_json (void)
{
  g_autofree char *path = g_strdup_printf ("/data/daily.json?from=%s&to=%s", days[1], days[PAST_DAYS]);
  g_autofree char *text = loket_test_web_get (web, path, 200, NULL);
  g_autofree char *all = loket_test_web_get (web, "/data/daily.json", 200, NULL);
  g_autofree char *licence = loket_test_web_get (web, "/data/licence.txt", 200, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);
  g_autoptr(JsonNode) all_node = NULL;
  JsonObject *root;
  JsonArray *rows;
  JsonObject *first;

  g_assert_no_error (error);
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "licence"), ==,
                   "CC BY 4.0 — https://creativecommons.org/licenses/by/4.0/");
  g_assert_cmpstr (licence, ==, "CC BY 4.0 — https://creativecommons.org/licenses/by/4.0/\n");
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2 * PAST_DAYS);
  first = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "day"), ==, days[1]);
  g_assert_cmpstr (json_object_get_string_member (first, "service_name"), ==, KTP_NAME);
  /* k = 2: four KTP, 1 of 4 within. */
  g_assert_cmpint (json_object_get_int_member (first, "issued"), ==, 4);
  g_assert_cmpfloat (json_object_get_double_member (first, "share_within"), ==, 0.25);
  g_assert_cmpint (json_object_get_int_member (first, "wait_median_s"), ==, 10 * 60);
  /* Today: nothing judged yet, no share and no waits. */
  first = json_array_get_object_element (rows, 2 * PAST_DAYS - 2);
  g_assert_cmpstr (json_object_get_string_member (first, "day"), ==, days[PAST_DAYS]);
  g_assert_true (json_node_is_null (json_object_get_member (first, "share_within")));
  g_assert_true (json_node_is_null (json_object_get_member (first, "wait_median_s")));
  /* The default range: the last service days, here all four. */
  all_node = json_from_string (all, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (all_node), "from"), ==, days[0]);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (all_node), "rows")),
                    ==, 2 * (PAST_DAYS + 1));
}

static void
test_bad_range (void)
{
  static const struct { const char *query; const char *says; } cases[] = {
    { "?from=2026-13-01&to=2026-12-31", "from and to are dates YYYY-MM-DD" },
    { "?from=2026-02-30&to=2026-03-01", "from and to are dates YYYY-MM-DD" },
    { "?from=20260101&to=2026-01-02", "from and to are dates YYYY-MM-DD" },
    { "?from=2026-03-01&to=2026-02-01", "from is after to" },
    { "?from=2025-01-01&to=2026-01-02", "At most 366 days a request" },
    { "?from=2026-01-01", "Give both from and to" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/data/daily.csv", cases[i].query, NULL);
      g_autoptr(SoupMessage) msg = NULL;
      g_autofree char *body = loket_test_web_get (web, path, 400, &msg);

      g_test_message ("%s: %s", cases[i].query, body);
      g_assert_nonnull (strstr (body, cases[i].says));
      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "X-Content-Type-Options"), ==, "nosniff");
    }
  /* 366 days is allowed; a path under /data/ that is not there is 404. */
  g_free (loket_test_web_get (web, "/data/daily.csv?from=2025-01-01&to=2026-01-01", 200, NULL));
  g_free (loket_test_web_get (web, "/data/other.csv", 404, NULL));
}

static void
test_chart (void)
{
  g_autofree char *page = loket_test_web_page_with (web, "/?lang=id", "<figure class=\"record\">");
  g_autofree char *en = loket_test_web_page_with (web, "/?lang=en", "<figure class=\"record\">");

  /* Three bars per service, the name as text in the caption and the label. */
  g_assert_nonnull (strstr (page, "<h3>KTP, &quot;baru&quot; &lt;script&gt;alert(1)&lt;/script&gt;</h3>"));
  g_assert_cmpuint (loket_test_count (page, "<figure class=\"record\">"), ==, 2);
  g_assert_cmpuint (loket_test_count (page, "<rect "), ==, 2 * 3 + 2);   /* tracks, and 7 and 30 days' bars for KTP */
  g_assert_nonnull (strstr (page, "aria-label=\"KTP, &quot;baru&quot; &lt;script&gt;alert(1)&lt;/script&gt;: "
                                  "dipanggil sesuai janji waktu tunggu — Hari ini: belum ada; "
                                  "7 hari: 25% (3 dari 12); 30 hari: 25% (3 dari 12)\""));
  g_assert_null (strstr (page, "<script>alert"));
  g_assert_nonnull (strstr (page, "aria-label=\"Kartu Keluarga: dipanggil sesuai janji waktu tunggu — "
                                  "Hari ini: belum ada; 7 hari: 0% (0 dari 3); 30 hari: 0% (0 dari 3)\""));
  g_assert_nonnull (strstr (page, "href=\"/data/daily.csv\""));
  g_assert_nonnull (strstr (en, "ID card, &quot;new&quot; &lt;b&gt;x&lt;/b&gt;: called within the promised wait"));
  g_assert_nonnull (strstr (en, ">25%</text>"));
}

static void
test_browser (void)
{
  g_autofree char *url = g_strconcat (web->url, "?lang=id", NULL);
  g_autofree char *page = NULL;
  g_autofree char *dom = NULL;

  if (!loket_test_have_chromium ())
    return;
  page = loket_test_web_page_with (web, "/?lang=id", "<figure class=\"record\">");
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "<figure class=\"record\">"));
  g_assert_nonnull (strstr (dom, "role=\"img\""));
  g_assert_nonnull (strstr (dom, "<rect "));
  g_assert_nonnull (strstr (dom, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_null (strstr (dom, "<script>alert"));
}

/* The sample office with thirty past days and a morning's queue, as a
 * citizen's phone and a desk PC show it (the README's screenshots).  The
 * gateway's globals are this office's for the while. */
static void
test_browser_sample (void)
{
  LoketTestServer *saved_server = server;
  LoketTestWeb *saved_web = web;
  g_auto(GStrv) labels = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autofree char *dom = NULL;
  const char *issues[] = { "ktp-el", "ktp-el", "kk", "ktp-el", "akta-lahir", "kk", "ktp-el", "kia" };

  if (!loket_test_have_chromium ())
    return;
  server = loket_test_server_new ("../../data/charter-dukcapil.ini");
  server->always_open = TRUE;
  labels = write_days (server, "Asia/Jakarta", 30, sample_day);
  loket_test_server_start (server);
  {
    g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
    g_autoptr(LoketClient) clerk = loket_test_server_client (server, "counter1");

    for (guint i = 0; i < G_N_ELEMENTS (issues); i++)
      json_object_unref (loket_test_request (kiosk, "ISSUE", "service", issues[i], NULL));
    json_object_unref (loket_test_request (clerk, "CALL", "counter", "1", NULL));
    json_object_unref (loket_test_request (clerk, "CALL", "counter", "2", NULL));
  }
  web = loket_test_web_start (server);
  page = loket_test_web_page_with (web, "/?lang=id", "<figure class=\"record\">");
  g_assert_cmpuint (loket_test_count (page, "<figure class=\"record\">"), ==, 6);
  url = g_strconcat (web->url, "?lang=id", NULL);
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "<figure class=\"record\">"));
  g_assert_nonnull (strstr (dom, "30 hari"));
  loket_test_chromium_screenshot (url, "web-record-390x844.png", "390,844");
  loket_test_chromium_screenshot (url, "web-record-1366x768.png", "1366,768");
  loket_test_web_stop (web);
  loket_test_server_stop (server);
  loket_test_server_free (server);
  server = saved_server;
  web = saved_web;
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/web-data/daily-request", test_daily_request);
  g_test_add_func ("/web-data/csv", test_csv);
  g_test_add_func ("/web-data/json", test_json);
  g_test_add_func ("/web-data/bad-range", test_bad_range);
  g_test_add_func ("/web-data/chart", test_chart);
  g_test_add_func ("/web-data/browser", test_browser);
  g_test_add_func ("/web-data/browser/sample", test_browser_sample);
  server = loket_test_server_new ("charter-web-data.ini");
  write_past_days ();
  loket_test_server_start (server);
  {
    g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");

    json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL));
  }
  web = loket_test_web_start (server);
  status = g_test_run ();
  loket_test_web_stop (web);
  loket_test_server_stop (server);
  loket_test_server_free (server);
  for (guint i = 0; i <= PAST_DAYS; i++)
    g_free (days[i]);
  return status;
}
