/* test-web-central.c — `loket-web --central`, the region's public page,
 * against a real PostgreSQL filled by the real loket-sync.
 *
 * Three offices with two weeks of generated traffic each (bench/loket-gen.c,
 * ending yesterday, so inside the page's last 30 days), staffed
 * differently so that their waits differ, one named with markup, one with
 * survey answers, each shipped by loket-sync --once; one then made to
 * look as if it had not shipped for hours.  The page, as headless
 * Chromium builds its DOM, must rank the offices and show the figures
 * that `loketctl report --central` gives for the same 30 days, the 7-day
 * shares that SQL counts, the stale office marked, and the markup as
 * text.  The open data's rows must be SQL's.  A centre frozen (SIGSTOP)
 * must not hold up other requests, nor run more than three open-data
 * reads at once; a centre stopped is a 503, and the
 * page comes back when it is started again.  Skipped only where
 * PostgreSQL's server or Chromium is not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-postgres.h"
#include "loket-test-web.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "loket-complaint-category.h"
#include "loket-gen.h"
#include "loket-report.h"
#include "loket-report-render.h"
#include "loket-skm.h"

static const struct {
  const char *id;
  guint       counters;
  guint32     seed;
} offices[] = {
  { "kab-bandung", 8, 21 },
  { "kota-bandung", 4, 22 },
  { "<script>alert(1)</script> & \"Cimahi\"", 3, 23 },
};
#define N_OFFICES G_N_ELEMENTS (offices)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
#define STALE 1   /* the office made to look stale */
#define SURVEYED 0
#define COMPLAINED 2   /* the office with markup in its name */

typedef struct {
  LoketTestPostgres *pg;
  char              *dir;    /* the centre's, not the case's */
  char              *from;   /* the page's 30 days */
  char              *to;
  char              *week;   /* the first of its last 7 */
  LoketTestWeb      *web;
} Fixture;

static char *
day_before_today (guint back)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -(gint) back);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Paper questionnaires for @db's office, as loketd takes them: a row in
 * `surveys` and a SURVEYED event with the answers, for yesterday. */
static void
survey (const char *db, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open (db, &error);
  g_autofree char *day = day_before_today (1);

  g_assert_no_error (error);
  g_assert_true (loket_store_begin (store, &error));
  for (guint k = 0; k < n; k++)
    {
      g_autoptr(LoketSurvey) s = g_new0 (LoketSurvey, 1);
      g_autoptr(JsonObject) payload = json_object_new ();
      gint64 at = g_get_real_time () - (gint64) G_USEC_PER_SEC * 3600;

      s->service = g_strdup (k % 2 ? "kk" : "ktp-el");
      s->charter_version = 1;
      s->channel = g_strdup ("paper");
      s->service_day = g_strdup (day);
      s->answered_at = at;
      for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
        s->answers[e] = (guint8) (4 - (k + e) % 2);
      g_assert_true (loket_store_add_survey (store, s, &error));
      g_assert_no_error (error);
      json_object_set_int_member (payload, "v", 1);
      json_object_set_string_member (payload, "type", "SURVEYED");
      json_object_set_string_member (payload, "actor", "kiosk1");
      json_object_set_string_member (payload, "device", "kiosk1");
      json_object_set_string_member (payload, "service_day", day);
      json_object_set_int_member (payload, "survey", s->id);
      json_object_set_string_member (payload, "service", s->service);
      json_object_set_int_member (payload, "charter_version", 1);
      json_object_set_string_member (payload, "channel", s->channel);
      json_object_set_string_member (payload, "day", day);
      json_object_set_object_member (payload, "answers", loket_skm_answers_to_json (s->answers));
      g_assert_cmpint (loket_store_append_event (store, at, "kiosk1", "kiosk1", "SURVEYED", 0, payload, &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_true (loket_store_commit (store, &error));
  g_assert_no_error (error);
}

/* An event as loketd appends it, at @at, with @fields. */
static void
append_event (LoketStore *store, gint64 at, const char *type, const char *day, JsonObject *fields)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (fields);

  json_object_set_int_member (payload, "v", 1);
  json_object_set_string_member (payload, "type", type);
  json_object_set_string_member (payload, "actor", "web1");
  json_object_set_string_member (payload, "device", "web1");
  json_object_set_string_member (payload, "service_day", day);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (payload, l->data, json_object_dup_member (fields, l->data));
  g_assert_cmpint (loket_store_append_event (store, at, "web1", "web1", type, 0, payload, &error), >, 0);
  g_assert_no_error (error);
}

/* Three complaints received two days ago, online, as their events: the
 * first answered yesterday by its deadline (one working day), the second
 * answered yesterday past it (two, as its office counts), the third open. */
static void
complain (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open (db, &error);
  g_autofree char *received = day_before_today (2);
  g_autofree char *answered = day_before_today (1);
  g_autofree char *today = day_before_today (0);
  gint64 now = g_get_real_time ();

  g_assert_no_error (error);
  g_assert_true (loket_store_begin (store, &error));
  for (guint k = 1; k <= 3; k++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(JsonObject) facts = json_object_new ();
      g_autofree char *receipt = g_strdup_printf ("P-%u", k);

      json_object_set_int_member (facts, "ticket", 0);
      json_object_set_int_member (facts, "waited_minutes", -1);
      json_object_set_int_member (facts, "promised_minutes", -1);
      json_object_set_int_member (fields, "complaint", k);
      json_object_set_string_member (fields, "receipt", receipt);
      json_object_set_string_member (fields, "service", "kk");
      json_object_set_string_member (fields, "category", "procedure");
      json_object_set_string_member (fields, "channel", "web");
      json_object_set_string_member (fields, "day", received);
      json_object_set_string_member (fields, "deadline", k == 1 ? today : received);
      json_object_set_null_member (fields, "person");
      json_object_set_object_member (fields, "facts", g_steal_pointer (&facts));
      json_object_set_string_member (fields, "description_sha256", "0123456789abcdef");
      append_event (store, now - (gint64) 2 * 86400 * G_USEC_PER_SEC + k, "COMPLAINED", received, fields);
    }
  for (guint k = 1; k <= 2; k++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *receipt = g_strdup_printf ("P-%u", k);

      json_object_set_int_member (fields, "complaint", k);
      json_object_set_string_member (fields, "receipt", receipt);
      json_object_set_string_member (fields, "act", "answer");
      json_object_set_string_member (fields, "from", "received");
      json_object_set_string_member (fields, "to", "answered");
      json_object_set_string_member (fields, "day", answered);
      json_object_set_int_member (fields, "working_days", k);
      json_object_set_string_member (fields, "note_sha256", "0123456789abcdef");
      json_object_set_boolean_member (fields, "public", TRUE);
      append_event (store, now - (gint64) 86400 * G_USEC_PER_SEC + k, "COMPLAINT_MOVED", answered, fields);
    }
  g_assert_true (loket_store_commit (store, &error));
  g_assert_no_error (error);
}

/* A generated office's days from @start in @db (60 tickets a day). */
static void
generate (const char *db, const char *start, guint days, guint counters, guint32 seed)
{
  LoketGenOptions options = {
    .charter_path = LOKET_SAMPLE_CHARTER, .start = start, .days = days, .per_day = 60,
    .counters = counters, .seed = seed, .quiet = TRUE, .db_path = db,
  };
  LoketGenStats stats;
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_gen_run (&options, &stats, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %" G_GINT64_FORMAT " tickets from %s", db, stats.tickets, start);
}

/* @db's whole log to the centre as office @id, by loket-sync --once. */
static void
ship (Fixture *f, const char *db, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) sync = NULL;

  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  sync = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LOKET_SYNC"), "--database", db,
                                      "--office", id, "--central", f->pg->conninfo,
                                      "--batch-size", "2000", "--once", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (sync, NULL, &error));
  g_assert_no_error (error);
}

static void
make_and_ship (Fixture *f, guint i)
{
  g_autofree char *start = day_before_today (14);
  g_autofree char *db = g_strdup_printf ("%s/office-%u", f->dir, i);

  generate (db, start, 14, offices[i].counters, offices[i].seed);
  if (i == SURVEYED)
    survey (db, 12);
  if (i == COMPLAINED)
    complain (db);
  ship (f, db, offices[i].id);
}

static void
exec_sql (Fixture *f, const char *sql)
{
  g_autoptr(PGconn) conn = loket_test_postgres_connect (f->pg);
  PGresult *result = PQexec (conn, sql);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* loket-web --central (by the region's clock @time_zone, NULL: the
 * machine's), and its URL once it listens. */
static LoketTestWeb *
start_central (Fixture *f, const char *time_zone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *line = NULL;
  LoketTestWeb *web = g_new0 (LoketTestWeb, 1);

  /* A failed assertion leaves no gateway behind. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  web->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LOKET_WEB"), "--central",
                                              f->pg->conninfo, "--listen", "127.0.0.1:0",
                                              "--central-cache", "1",
                                              time_zone ? "--time-zone" : NULL, time_zone, NULL);
  g_assert_no_error (error);
  web->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (web->process));
  line = loket_test_read_line (web->out, 20000);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  web->url = g_strdup (line + strlen ("listening on "));
  return web;
}

/* The centre every case reads: one PostgreSQL with the three offices
 * shipped, made for the first case and kept for the others (generating
 * and shipping are the slow part: minutes under ASan).  A case that
 * changes it puts it back (regions) or runs last (date-line adds an
 * office); the outage stops it and starts it again. */
static LoketTestPostgres *centre;
static char *centre_dir;

static void
make_centre (Fixture *f)
{
  static gboolean tried;
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stale = NULL;

  if (tried)
    return;
  tried = TRUE;
  if ((centre = loket_test_postgres_new (&why)) == NULL)
    {
      g_printerr ("# skipping: %s\n", why);
      return;
    }
  loket_test_postgres_start (centre);
  centre_dir = g_dir_make_tmp ("loket-web-central-XXXXXX", &error);
  g_assert_no_error (error);
  f->pg = centre;
  f->dir = centre_dir;
  for (guint i = 0; i < N_OFFICES; i++)
    make_and_ship (f, i);
  stale = g_strdup_printf ("UPDATE offices SET shipped_at = now () - interval '3 hours' WHERE id = '%s'",
                           offices[STALE].id);
  exec_sql (f, stale);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  make_centre (f);
  f->pg = centre;
  f->dir = centre_dir;
  if (f->pg == NULL)
    return;
  f->from = day_before_today (29);
  f->to = day_before_today (0);
  f->week = day_before_today (6);
  f->web = start_central (f, NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->web != NULL)
    loket_test_web_stop (f->web);
  g_free (f->from);
  g_free (f->to);
  g_free (f->week);
}

/* ---- reading what came back ------------------------------------------------ */

/* RFC 4180, CRLF lines (asserts it parses): rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  const char *p = text;

  while (*p != '\0')
    {
      GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

      for (;;)
        {
          GString *field = g_string_new (NULL);

          if (*p == '"')
            for (p++;; p++)
              {
                g_assert_true (*p != '\0');
                if (p[0] == '"' && p[1] == '"')
                  g_string_append_c (field, *p++);
                else if (*p == '"')
                  {
                    p++;
                    break;
                  }
                else
                  g_string_append_c (field, *p);
              }
          else
            while (*p != ',' && *p != '\r' && *p != '\0')
              g_string_append_c (field, *p++);
          g_ptr_array_add (row, g_string_free (field, FALSE));
          if (*p == ',')
            p++;
          else
            break;
        }
      g_assert_true (p[0] == '\r' && p[1] == '\n');
      p += 2;
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static gint
column (GPtrArray *header, const char *key)
{
  for (guint c = 0; c < header->len; c++)
    if (g_str_equal (g_ptr_array_index (header, c), key))
      return (gint) c;
  g_error ("no column %s", key);
  return -1;
}

static const char *
cell (GPtrArray *rows, guint r, const char *key)
{
  return g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, r),
                            column (g_ptr_array_index (rows, 0), key));
}

/* An attribute's value as the DOM serializer wrote it, unescaped. */
static char *
unescape (const char *text, gsize length)
{
  static const char *const refs[][2] = {
    { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&#39;", "'" }, { "&amp;", "&" },
  };
  GString *out = g_string_new_len (text, (gssize) length);

  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    g_string_replace (out, refs[i][0], refs[i][1], 0);
  return g_string_free (out, FALSE);
}

/* @name="…" in @from, unescaped, or NULL. */
static char *
attribute (const char *from, const char *end, const char *name)
{
  g_autofree char *needle = g_strdup_printf (" %s=\"", name);
  const char *p = g_strstr_len (from, end - from, needle);
  const char *q;

  if (p == NULL)
    return NULL;
  p += strlen (needle);
  q = strchr (p, '"');
  return unescape (p, q - p);
}

/* The league table's rows in the DOM's order: the <tr>s with an office. */
typedef struct {
  char *office, *klass, *within30, *judged30, *within7, *judged7, *served, *issued, *skm;
} Row;

static void
row_free (gpointer data)
{
  Row *r = data;

  g_free (r->office);
  g_free (r->klass);
  g_free (r->within30);
  g_free (r->judged30);
  g_free (r->within7);
  g_free (r->judged7);
  g_free (r->served);
  g_free (r->issued);
  g_free (r->skm);
  g_free (r);
}

static GPtrArray *
league_rows (const char *dom)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);

  for (const char *p = strstr (dom, "<tr class=\""); p != NULL; p = strstr (p + 1, "<tr class=\""))
    {
      const char *end = strstr (p, "</tr>");
      const char *second = strstr (strstr (p, "class=\"share\"") + 1, "class=\"share\"");
      Row *r = g_new0 (Row, 1);

      r->klass = attribute (p, end, "class");
      r->office = attribute (p, end, "data-office");
      r->within30 = attribute (p, end, "data-within");
      r->judged30 = attribute (p, end, "data-judged");
      r->within7 = attribute (second, end, "data-within");
      r->judged7 = attribute (second, end, "data-judged");
      r->served = attribute (p, end, "data-served");
      r->issued = attribute (p, end, "data-issued");
      r->skm = attribute (p, end, "data-skm");
      g_assert_nonnull (r->office);
      g_ptr_array_add (rows, r);
    }
  return rows;
}

/* loketctl report --central for the page's 30 days, as CSV rows. */
static GPtrArray *
central_report (Fixture *f)
{
  g_autoptr(GSubprocess) ctl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  ctl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("LOKETCTL"), "report", "--central",
                          f->pg->conninfo, "--from", f->from, "--to", f->to, "--format", "csv", "--lang", "en",
                          NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (ctl, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (ctl), ==, 0);
  return parse_csv (out);
}

/* The office's total row of the central report. */
static guint
total_row (GPtrArray *csv, const char *office)
{
  for (guint r = 1; r < csv->len; r++)
    if (g_str_equal (cell (csv, r, "office"), office) && g_str_equal (cell (csv, r, "service"), ""))
      return r;
  g_error ("no total row for %s", office);
  return 0;
}

static char *
sql_value (Fixture *f, const char *sql)
{
  g_autoptr(PGconn) conn = loket_test_postgres_connect (f->pg);

  return loket_test_postgres_value (conn, sql);
}

/* The complaints table: a row an office, in rank order, with loketctl's
 * figures; the office that received some as complain() made them. */
static void
assert_complaints (const char *dom, GPtrArray *csv)
{
  const char *table = strstr (dom, "<table class=\"complaints\">");
  const char *end = table ? strstr (table, "</table>") : NULL;
  guint n = 0;

  g_assert_nonnull (end);
  for (const char *p = strstr (table, "<tr data-office="); p != NULL && p < end; p = strstr (p + 1, "<tr data-office="))
    {
      const char *row_end = strstr (p, "</tr>");
      g_autofree char *office = attribute (p, row_end, "data-office");
      g_autofree char *within = attribute (p, row_end, "data-within");
      g_autofree char *answered = attribute (p, row_end, "data-judged");
      g_autofree char *median = attribute (p, row_end, "data-days");
      guint t = total_row (csv, office);

      g_test_message ("complaints, %s: %s received, %s answered, %s by the deadline, median %s", office,
                      cell (csv, t, "complaints_received"), answered, within, median ? median : "–");
      g_assert_cmpstr (cell (csv, t, "complaints_answered"), ==, answered);
      g_assert_cmpstr (cell (csv, t, "complaints_within_deadline"), ==, within);
      g_assert_cmpstr (cell (csv, t, "complaints_median_working_days"), ==, median ? median : "");
      g_assert_cmpstr (cell (csv, t, "rank"), ==, cell (csv, total_row (csv, office), "rank"));
      if (g_str_equal (office, offices[COMPLAINED].id))
        {
          g_assert_cmpstr (cell (csv, t, "complaints_received"), ==, "3");
          g_assert_cmpstr (answered, ==, "2");
          g_assert_cmpstr (within, ==, "1");
          g_assert_cmpstr (median, ==, "1.5");
        }
      else
        g_assert_cmpstr (cell (csv, t, "complaints_received"), ==, "0");
      n++;
    }
  g_assert_cmpuint (n, ==, N_OFFICES);
}

/* The complaints by category over all the offices: every category a
 * row, in the protocol's order; complain()'s three, all about the
 * procedure, there, as the office's own row counts them. */
static void
assert_complaint_categories (const char *dom)
{
  const char *table = strstr (dom, "<table class=\"complaint-categories\">");
  const char *end = table ? strstr (table, "</table>") : NULL;
  guint n = 0;

  g_assert_nonnull (end);
  for (const char *p = strstr (table, "<tr data-category="); p != NULL && p < end;
       p = strstr (p + 1, "<tr data-category="))
    {
      const char *row_end = strstr (p, "</tr>");
      g_autofree char *category = attribute (p, row_end, "data-category");
      const char *received = strstr (p, "<td class=\"received\">");
      g_autofree char *count = NULL;

      g_assert_true (received != NULL && received < row_end);
      received += strlen ("<td class=\"received\">");
      count = g_strndup (received, strcspn (received, "<"));
      g_assert_cmpstr (category, ==, loket_complaint_category (n)->id);
      if (g_str_equal (category, "procedure"))
        {
          g_autofree char *within = attribute (p, row_end, "data-within");
          g_autofree char *answered = attribute (p, row_end, "data-judged");
          g_autofree char *median = attribute (p, row_end, "data-days");
          /* Labelled in the page's language (Chromium asks for English). */
          const char *lang = strstr (dom, "<html lang=\"en\"") ? "en" : "id";
          g_autofree char *label = g_strdup_printf (">%s</th>", loket_complaint_category_name ("procedure", lang));

          g_assert_cmpstr (count, ==, "3");
          g_assert_cmpstr (answered, ==, "2");
          g_assert_cmpstr (within, ==, "1");
          g_assert_cmpstr (median, ==, "1.5");
          g_assert_nonnull (g_strstr_len (p, row_end - p, label));
        }
      else
        g_assert_cmpstr (count, ==, "0");
      n++;
    }
  g_assert_cmpuint (n, ==, LOKET_COMPLAINT_N_CATEGORIES);
}

/* ---- the cases ----------------------------------------------------------------- */

static void
test_page (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *dom = NULL;
  g_autofree char *english = NULL;
  g_autofree char *indonesian = NULL;
  g_autofree char *indonesian_url = NULL;
  g_autofree char *plain = NULL;
  guint skm_shown = 0;

  if (f->pg == NULL || !loket_test_have_chromium ())
    {
      g_test_skip ("PostgreSQL's server or Chromium is not installed");
      return;
    }
  dom = loket_test_chromium (f->web->url, "--dump-dom", NULL);
  csv = central_report (f);
  rows = league_rows (dom);
  g_assert_cmpuint (rows->len, ==, N_OFFICES);
  g_assert_cmpuint (csv->len, >, N_OFFICES);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *r = g_ptr_array_index (rows, i);
      guint t = total_row (csv, r->office);
      g_autofree char *rank = g_strdup_printf ("%u", i + 1);
      g_autofree char *pct = loket_report_format_percent ((guint) atoi (r->within30), (guint) atoi (r->judged30));
      g_autofree char *breaches = g_strdup_printf ("%d", atoi (r->judged30) - atoi (r->within30));
      g_autofree char *sql7 = g_strdup_printf (
        "SELECT count (*) FILTER (WHERE promised_wait_minutes > 0 AND called_at > 0"
        "   AND greatest (called_at - arrival_at, 0) <= promised_wait_minutes * 60000000::bigint)"
        " || '/' || count (*) FILTER (WHERE promised_wait_minutes > 0 AND (called_at > 0 OR state = 'unserved'))"
        " FROM tickets WHERE office = $$%s$$ AND service_day BETWEEN '%s' AND '%s'", r->office, f->week, f->to);
      g_autofree char *week = sql_value (f, sql7);
      g_autofree char *shown7 = g_strdup_printf ("%s/%s", r->within7, r->judged7);

      g_test_message ("%s. %s: %s of %s within (30 days), %s (7 days), %s served, SKM %s, %s", rank, r->office,
                      r->within30, r->judged30, shown7, r->served, r->skm ? r->skm : "–", r->klass);
      /* Ranked as loketctl ranks, with loketctl's figures. */
      g_assert_cmpstr (cell (csv, t, "rank"), ==, rank);
      g_assert_cmpstr (cell (csv, t, "served"), ==, r->served);
      g_assert_cmpstr (cell (csv, t, "issued"), ==, r->issued);
      g_assert_cmpstr (cell (csv, t, "wait_within_pct"), ==, pct);
      g_assert_cmpstr (cell (csv, t, "wait_breaches"), ==, breaches);
      g_assert_cmpstr (cell (csv, t, "skm_index"), ==, r->skm ? r->skm : "");
      g_assert_cmpstr (shown7, ==, week);
      g_assert_cmpint (atoi (r->judged30), >, 0);
      skm_shown += r->skm != NULL;
      /* Stale where it has not shipped for hours, fresh otherwise. */
      g_assert_cmpstr (r->klass, ==, g_str_equal (r->office, offices[STALE].id) ? "stale" : "fresh");
    }
  g_assert_cmpuint (skm_shown, ==, 1);
  assert_complaints (dom, csv);
  assert_complaint_categories (dom);
  /* Distinct shares: the order is a test of the ranking. */
  for (guint i = 0; i + 1 < rows->len; i++)
    {
      Row *a = g_ptr_array_index (rows, i), *b = g_ptr_array_index (rows, i + 1);

      g_assert_cmpuint ((guint64) atoi (a->within30) * atoi (b->judged30), >,
                        (guint64) atoi (b->within30) * atoi (a->judged30));
    }
  /* The markup in an office's name is text, never an element. */
  g_assert_null (strstr (dom, "<script>alert"));
  g_assert_nonnull (strstr (dom, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"Cimahi\""));
  g_assert_cmpuint (loket_test_count (dom, "<svg"), ==, N_OFFICES);
  g_assert_null (strstr (dom, "<script"));   /* and the page needs none */
  /* Indonesian by default; English where the browser prefers it (headless
   * Chromium asks for en-US) or by the link. */
  g_assert_nonnull (strstr (dom, "The offices ranked"));
  indonesian = loket_test_web_get_in (f->web, "/", NULL, 200, NULL);
  g_assert_nonnull (strstr (indonesian, "Peringkat kantor"));
  g_assert_nonnull (strstr (indonesian, "<html lang=\"id\">"));
  english = loket_test_web_get_in (f->web, "/", "en-GB,en;q=0.9", 200, NULL);
  g_assert_nonnull (strstr (english, "The offices ranked"));
  g_assert_nonnull (strstr (english, "<html lang=\"en\">"));
  plain = loket_test_web_get (f->web, "/?lang=en", 200, NULL);
  g_assert_nonnull (strstr (plain, "Last shipped"));
  g_free (loket_test_web_get (f->web, "/nowhere", 404, NULL));
  indonesian_url = loket_test_web_url (f->web, "/?lang=id");
  loket_test_chromium_screenshot (indonesian_url, "web-region-390x844.png", "390,844");
  loket_test_chromium_screenshot (f->web->url, "web-region-1366x768.png", "1366,768");
}

static void
test_open_data (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree char *json_text = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GPtrArray) csv = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  JsonArray *rows;
  guint compared = 0;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  path = g_strdup_printf ("/data/region-daily.csv?from=%s&to=%s", f->from, f->to);
  csv_text = loket_test_web_get (f->web, path, 200, &msg);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Access-Control-Allow-Origin"), ==, "*");
  csv = parse_csv (csv_text);
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (csv, 0), 0), ==, "office");
  /* One row per office, day and service any ticket was taken for (no
   * transfers or turned away here that would add others). */
  count = sql_value (f, "SELECT count (DISTINCT (office, service_day, issued_service)) FROM tickets");
  g_assert_cmpuint (csv->len - 1, ==, (guint) atoi (count));
  conn = loket_test_postgres_connect (f->pg);
  for (guint r = 1; r < csv->len; r++)
    {
      const char *params[3] = { cell (csv, r, "office"), cell (csv, r, "day"), cell (csv, r, "service_id") };
      g_autoptr(PGresult) result = PQexecParams (conn,
        "SELECT (SELECT count (*) FROM tickets WHERE office = $1 AND service_day = $2 AND issued_service = $3),"
        " (SELECT count (*) FROM tickets WHERE office = $1 AND service_day = $2"
        "   AND CASE WHEN transfers = 0 THEN issued_service ELSE service END = $3"
        "   AND state = 'done' AND outcome = 'served'),"
        " (SELECT count (*) FILTER (WHERE promised_wait_minutes > 0 AND (called_at > 0 OR state = 'unserved'))"
        "  FROM tickets WHERE office = $1 AND service_day = $2 AND issued_service = $3),"
        " (SELECT count (*) FILTER (WHERE promised_wait_minutes > 0 AND called_at > 0"
        "   AND greatest (called_at - arrival_at, 0) <= promised_wait_minutes * 60000000::bigint)"
        "  FROM tickets WHERE office = $1 AND service_day = $2 AND issued_service = $3)",
        3, NULL, params, NULL, NULL, 0);

      g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
      g_assert_cmpstr (cell (csv, r, "issued"), ==, PQgetvalue (result, 0, 0));
      g_assert_cmpstr (cell (csv, r, "served"), ==, PQgetvalue (result, 0, 1));
      g_assert_cmpstr (cell (csv, r, "judged"), ==, PQgetvalue (result, 0, 2));
      g_assert_cmpstr (cell (csv, r, "within"), ==, PQgetvalue (result, 0, 3));
      compared++;
    }
  g_assert_cmpuint (compared, >, 0);
  /* The same rows as JSON. */
  path = (g_free (path), g_strdup_printf ("/data/region-daily.json?from=%s&to=%s", f->from, f->to));
  json_text = loket_test_web_get (f->web, path, 200, NULL);
  g_assert_true (json_parser_load_from_data (parser, json_text, -1, &error));
  g_assert_no_error (error);
  rows = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, csv->len - 1);
  for (guint r = 1; r < csv->len; r++)
    {
      JsonObject *o = json_array_get_object_element (rows, r - 1);

      g_assert_cmpstr (json_object_get_string_member (o, "office"), ==, cell (csv, r, "office"));
      g_assert_cmpstr (json_object_get_string_member (o, "day"), ==, cell (csv, r, "day"));
      g_assert_cmpint (json_object_get_int_member (o, "issued"), ==, atoi (cell (csv, r, "issued")));
      g_assert_cmpint (json_object_get_int_member (o, "within"), ==, atoi (cell (csv, r, "within")));
    }
  /* Bad ranges: a 400 that says why. */
  g_free (loket_test_web_get (f->web, "/data/region-daily.csv?from=2026-01-01", 400, NULL));
  g_free (loket_test_web_get (f->web, "/data/region-daily.csv?from=2026-02-30&to=2026-03-01", 400, NULL));
  g_free (loket_test_web_get (f->web, "/data/region-daily.csv?from=2025-01-01&to=2026-06-30", 400, NULL));
  g_free (loket_test_web_get (f->web, "/data/region-daily.json?from=2026-03-02&to=2026-03-01", 400, NULL));
}

/* /data/region-complaints.*: a row per office and category, then every
 * office together; each office's "all" as loketctl report --central
 * counts it, complain()'s three procedure complaints where they belong,
 * the region's rows the sums; the JSON the same rows, the region's office
 * null. */
static void
test_open_complaints (Fixture *f, gconstpointer data)
{
  g_autofree char *csv_text = NULL;
  g_autofree char *json_text = NULL;
  g_autoptr(GPtrArray) csv = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *rows;
  guint offices_received = 0, region_received = 0, procedure = 0;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  csv_text = loket_test_web_get (f->web, "/data/region-complaints.csv", 200, NULL);
  csv = parse_csv (csv_text);
  report = central_report (f);
  g_assert_cmpuint (csv->len - 1, ==, (N_OFFICES + 1) * (LOKET_COMPLAINT_N_CATEGORIES + 1));
  for (guint r = 1; r < csv->len; r++)
    {
      const char *office = cell (csv, r, "office");
      const char *category = cell (csv, r, "category");
      gboolean procedure_row = g_str_equal (category, "procedure");
      gboolean all = g_str_equal (category, "all");

      g_assert_cmpstr (cell (csv, r, "from"), ==, f->from);
      g_assert_cmpstr (cell (csv, r, "to"), ==, f->to);
      g_assert_cmpstr (category, ==, all ? "all" : loket_complaint_category ((r - 1) % 9)->id);
      if (*office != '\0' && all)
        {
          guint t = total_row (report, office);

          g_assert_cmpstr (cell (csv, r, "received"), ==, cell (report, t, "complaints_received"));
          g_assert_cmpstr (cell (csv, r, "answered"), ==, cell (report, t, "complaints_answered"));
          g_assert_cmpstr (cell (csv, r, "within_deadline"), ==, cell (report, t, "complaints_within_deadline"));
          g_assert_cmpstr (cell (csv, r, "median_working_days"), ==,
                           cell (report, t, "complaints_median_working_days"));
          offices_received += (guint) atoi (cell (csv, r, "received"));
        }
      if (*office == '\0' && all)
        region_received = (guint) atoi (cell (csv, r, "received"));
      if ((procedure_row || all) && (*office == '\0' || g_str_equal (office, offices[COMPLAINED].id)))
        {
          g_assert_cmpstr (cell (csv, r, "received"), ==, "3");
          g_assert_cmpstr (cell (csv, r, "answered"), ==, "2");
          g_assert_cmpstr (cell (csv, r, "within_deadline"), ==, "1");
          g_assert_cmpstr (cell (csv, r, "share_within_deadline"), ==, "0.5000");
          g_assert_cmpstr (cell (csv, r, "median_working_days"), ==, "1.5");
          procedure += procedure_row;
        }
      else
        {
          g_assert_cmpstr (cell (csv, r, "received"), ==, "0");
          g_assert_cmpstr (cell (csv, r, "share_within_deadline"), ==, "");
        }
    }
  g_assert_cmpuint (procedure, ==, 2);
  g_assert_cmpuint (region_received, ==, 3);
  g_assert_cmpuint (offices_received, ==, region_received);
  /* The same rows as JSON, for the same period. */
  json_text = loket_test_web_get (f->web, "/data/region-complaints.json", 200, NULL);
  g_assert_true (json_parser_load_from_data (parser, json_text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, f->from);
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, csv->len - 1);
  for (guint r = 1; r < csv->len; r++)
    {
      JsonObject *o = json_array_get_object_element (rows, r - 1);
      JsonNode *median = json_object_get_member (o, "median_working_days");

      if (*cell (csv, r, "office") == '\0')
        g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "office")));
      else
        g_assert_cmpstr (json_object_get_string_member (o, "office"), ==, cell (csv, r, "office"));
      g_assert_cmpstr (json_object_get_string_member (o, "category_name_en"), ==, cell (csv, r, "category_name_en"));
      g_assert_cmpint (json_object_get_int_member (o, "received"), ==, atoi (cell (csv, r, "received")));
      g_assert_true (*cell (csv, r, "median_working_days") ? json_node_get_double (median) == 1.5
                                                           : JSON_NODE_HOLDS_NULL (median));
    }
  g_free (loket_test_web_get (f->web, "/data/region-complaints.csv?to=2026-03-01", 400, NULL));
  g_free (loket_test_web_get (f->web, "/data/region-complaints.json?from=2026-03-02&to=2026-03-01", 400, NULL));
}

/* Files offices @i and @j under @region at the centre, as its
 * administrator does (loketctl offices). */
static void
file_under (Fixture *f, const char *region, guint i, guint j)
{
  g_autoptr(GSubprocess) ctl = NULL;
  g_autoptr(GError) error = NULL;

  ctl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("LOKETCTL"), "offices", "--central",
                          f->pg->conninfo, "--office", offices[i].id, "--office", offices[j].id, "--set-region",
                          region, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (ctl, NULL, &error));
  g_assert_no_error (error);
}

/* The offices in /data/region-daily.csv@query, "a;b;" in order, each once. */
static char *
daily_offices (Fixture *f, const char *query)
{
  g_autofree char *path = g_strconcat ("/data/region-daily.csv", query, NULL);
  g_autofree char *text = loket_test_web_get (f->web, path, 200, NULL);
  g_autoptr(GPtrArray) rows = parse_csv (text);
  GString *seen = g_string_new (NULL);
  const char *last = NULL;

  for (guint r = 1; r < rows->len; r++)
    if (g_strcmp0 (last, cell (rows, r, "office")) != 0)
      g_string_append_printf (seen, "%s;", (last = cell (rows, r, "office")));
  return g_string_free (seen, FALSE);
}

/* ?region=: the page, its open data and its complaints for the offices
 * the centre files under a region — one named with markup, quotes and a
 * space, which must stay text and survive the URL — with the regions as
 * links; a region nobody is filed under a 404. */
static void
test_regions (Fixture *f, gconstpointer data)
{
  static const char bandung[] = "Bandung Raya";
  static const char odd[] = "<i>Priangan</i> & \"Timur\"";
  static const char odd_query[] = "?region=%3Ci%3EPriangan%3C%2Fi%3E%20%26%20%22Timur%22";
  g_autofree char *all = NULL, *page = NULL, *dom = NULL, *url = NULL, *only = NULL;
  g_autofree char *complaints = NULL, *path = NULL;
  g_autoptr(GPtrArray) league = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint procedure = 0;

  if (f->pg == NULL || !loket_test_have_chromium ())
    {
      g_test_skip ("PostgreSQL's server or Chromium is not installed");
      return;
    }
  file_under (f, bandung, 0, 1);
  file_under (f, odd, COMPLAINED, COMPLAINED);
  /* Every office, and a tab for each region. */
  all = loket_test_web_get (f->web, "/", 200, NULL);
  g_assert_nonnull (strstr (all, "<nav class=\"regions\""));
  g_assert_nonnull (strstr (all, "<li aria-current=\"page\"><a href=\"/\">Semua kantor</a></li>"));
  g_assert_nonnull (strstr (all, "<a href=\"/?region=Bandung%20Raya\">Bandung Raya</a>"));
  g_assert_nonnull (strstr (all, "&lt;i&gt;Priangan&lt;/i&gt; &amp; &quot;Timur&quot;"));
  g_assert_null (strstr (all, "<i>Priangan"));
  league = league_rows (all);
  g_assert_cmpuint (league->len, ==, N_OFFICES);
  g_clear_pointer (&league, g_ptr_array_unref);
  /* One region: its two offices, the other language and the open data
   * of the same. */
  page = loket_test_web_get (f->web, "/?region=Bandung%20Raya", 200, NULL);
  league = league_rows (page);
  g_assert_cmpuint (league->len, ==, 2);
  for (guint i = 0; i < league->len; i++)
    g_assert_true (g_str_has_prefix (((Row *) g_ptr_array_index (league, i))->office, "k"));
  g_assert_nonnull (strstr (page, "<p class=\"region\">Bandung Raya</p>"));
  g_assert_nonnull (strstr (page, "<title>Bandung Raya — Kinerja pelayanan wilayah</title>"));
  g_assert_nonnull (strstr (page, "<li aria-current=\"page\"><a href=\"/?region=Bandung%20Raya\">"));
  g_assert_nonnull (strstr (page, "href=\"?region=Bandung%20Raya&amp;lang=en\""));
  g_assert_nonnull (strstr (page, "href=\"/data/region-daily.csv?region=Bandung%20Raya\""));
  g_assert_nonnull (strstr (page, "href=\"/data/region-complaints.json?region=Bandung%20Raya\""));
  only = daily_offices (f, "?region=Bandung%20Raya");
  g_assert_cmpstr (only, ==, "kab-bandung;kota-bandung;");
  g_clear_pointer (&only, g_free);
  only = daily_offices (f, "");
  g_assert_cmpuint (loket_test_count (only, ";"), ==, N_OFFICES);
  /* The region named with markup: text on the page as the browser builds
   * it, and its office's complaints alone in its open data. */
  url = loket_test_web_url (f->web, odd_query);
  dom = loket_test_chromium (url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "<p class=\"region\">&lt;i&gt;Priangan&lt;/i&gt; &amp; \"Timur\"</p>"));
  g_assert_null (strstr (dom, "<i>Priangan"));
  g_clear_pointer (&league, g_ptr_array_unref);
  league = league_rows (dom);
  g_assert_cmpuint (league->len, ==, 1);
  g_assert_cmpstr (((Row *) g_ptr_array_index (league, 0))->office, ==, offices[COMPLAINED].id);
  path = g_strconcat ("/data/region-complaints.csv", odd_query, NULL);
  complaints = loket_test_web_get (f->web, path, 200, NULL);
  rows = parse_csv (complaints);
  g_assert_cmpuint (rows->len - 1, ==, 2 * (LOKET_COMPLAINT_N_CATEGORIES + 1));
  for (guint r = 1; r < rows->len; r++)
    {
      const char *office = cell (rows, r, "office");

      g_assert_true (*office == '\0' || g_str_equal (office, offices[COMPLAINED].id));
      if (g_str_equal (cell (rows, r, "category"), "procedure"))
        {
          g_assert_cmpstr (cell (rows, r, "received"), ==, "3");
          procedure++;
        }
    }
  g_assert_cmpuint (procedure, ==, 2);
  /* Nobody there: a 404, first from the centre, then without asking it. */
  g_free (loket_test_web_get (f->web, "/?region=Nowhere", 404, NULL));
  g_free (loket_test_web_get (f->web, "/data/region-daily.json?region=Nowhere", 404, NULL));
  g_free (loket_test_web_get (f->web, "/data/region-complaints.csv?region=Nowhere", 404, NULL));
  /* The centre as the other cases know it. */
  exec_sql (f, "UPDATE offices SET region = NULL");
  g_clear_pointer (&url, g_free);
  url = loket_test_web_url (f->web, "/?region=Bandung%20Raya&lang=id");
  loket_test_chromium_screenshot (url, "web-region-bandung-390x844.png", "390,844");
}

/* GET @path until its status is @status (within 30 s); the body. */
static char *
get_until (Fixture *f, const char *path, guint status)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_autofree char *url = loket_test_web_url (f->web, path);

  for (;;)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      char *body = loket_test_web_send (msg);

      if (soup_message_get_status (msg) == status)
        return body;
      g_free (body);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }
}

static void
on_page (GObject *source, GAsyncResult *result, gpointer data)
{
  GBytes **out = data;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  if (*out == NULL)
    *out = g_bytes_new ("", 0);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static guint
answered (GBytes **bodies, guint n)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    count += bodies[i] != NULL;
  return count;
}

static GPid
postmaster_pid (Fixture *f)
{
  g_autofree char *file = g_build_filename (f->pg->data, "postmaster.pid", NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
  return (GPid) atoi (text);
}

static void
test_outage (Fixture *f, gconstpointer data)
{
  g_autofree char *page = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) slow = NULL;
  GBytes *slow_body = NULL;
  SoupMessage *ranges[5];
  GBytes *bodies[5] = { NULL };
  SoupSession *session;
  guint ok = 0;
  guint wake;
  GPid pid;
  gint64 start;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  g_free (get_until (f, "/", 200));
  /* A centre that does not answer holds up only the page's own readers. */
  pid = postmaster_pid (f);
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  /* Not a synchronisation: the page's answer is kept 1 s (--central-cache),
   * and the next one must come from the frozen centre. */
  g_usleep (1100 * 1000);
  url = loket_test_web_url (f->web, "/");
  slow = soup_message_new ("GET", url);
  soup_session_send_and_read_async (loket_test_web_session (), slow, G_PRIORITY_DEFAULT, NULL, on_page, &slow_body);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  start = g_get_monotonic_time ();
  g_free (loket_test_web_get (f->web, "/static/style.css", 200, NULL));
  g_free (loket_test_web_get (f->web, "/nowhere", 404, NULL));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_null (slow_body);   /* the page still waits for the frozen centre */
  /* Five open-data ranges at once: three are read (and wait for the
   * centre), the other two are told to come back. */
  session = g_object_new (SOUP_TYPE_SESSION, "max-conns-per-host", 8, "timeout", 60, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autofree char *path = g_strdup_printf ("/data/region-daily.csv?from=2001-01-%02u&to=2001-01-%02u",
                                               i + 1, i + 1);
      g_autofree char *range_url = loket_test_web_url (f->web, path);

      ranges[i] = soup_message_new ("GET", range_url);
      soup_session_send_and_read_async (session, ranges[i], G_PRIORITY_DEFAULT, NULL, on_page, &bodies[i]);
    }
  wake = g_timeout_add_seconds (1, wake_cb, NULL);   /* so that the deadline is checked */
  while (answered (bodies, G_N_ELEMENTS (ranges)) < 2)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
    }
  g_source_remove (wake);
  g_assert_cmpuint (answered (bodies, G_N_ELEMENTS (ranges)), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (bodies[i] != NULL)
      {
        g_assert_cmpuint (soup_message_get_status (ranges[i]), ==, 503);
        g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (ranges[i]),
                                                        "Retry-After"));
      }
  g_assert_null (slow_body);
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
  while (slow_body == NULL || answered (bodies, G_N_ELEMENTS (ranges)) < G_N_ELEMENTS (ranges))
    g_main_context_iteration (NULL, TRUE);
  g_bytes_unref (slow_body);
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      ok += soup_message_get_status (ranges[i]) == 200;
      g_bytes_unref (bodies[i]);
      g_object_unref (ranges[i]);
    }
  g_assert_cmpuint (ok, ==, 3);
  g_object_unref (session);
  /* Stopped: a 503 that says so; started again: the page is back. */
  loket_test_postgres_stop (f->pg);
  page = get_until (f, "/", 503);
  g_assert_nonnull (strstr (page, "id=\"unavailable\""));
  g_free (get_until (f, "/data/region-daily.csv", 503));
  g_clear_pointer (&page, g_free);
  loket_test_postgres_start (f->pg);
  page = get_until (f, "/", 200);
  /* Each office in the league table and in the complaints'. */
  g_assert_cmpuint (loket_test_count (page, "<tr class=\"fresh\" data-office=") +
                    loket_test_count (page, "<tr class=\"stale\" data-office="), ==, N_OFFICES);
  g_assert_cmpuint (loket_test_count (page, "<tr data-office="), ==, N_OFFICES);
}

/* @day moved by @days. */
static char *
shift_day (const char *day, gint days)
{
  g_autofree char *noon = g_strdup_printf ("%sT12:00:00Z", day);
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (noon, NULL);
  g_autoptr(GDateTime) then = NULL;

  g_assert_nonnull (at);
  then = g_date_time_add_days (at, days);
  return g_date_time_format (then, "%Y-%m-%d");
}

static char *
today_in (const char *zone_id)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_id);
  g_autoptr(GDateTime) now = NULL;

  g_assert_nonnull (zone);
  now = g_date_time_new_now (zone);
  return g_date_time_format (now, "%Y-%m-%d");
}

/* The period @page's header gives, asserted to be 30 days long. */
static char *
page_period_end (const char *page)
{
  const char *p = strstr (page, "<span class=\"period\"");
  const char *end;
  g_autofree char *from = NULL;
  g_autofree char *expected_from = NULL;
  char *to;

  g_assert_nonnull (p);
  end = strchr (p, '>');
  from = attribute (p, end, "data-from");
  to = attribute (p, end, "data-to");
  g_assert_nonnull (from);
  g_assert_nonnull (to);
  expected_from = shift_day (to, -29);
  g_assert_cmpstr (from, ==, expected_from);
  return to;
}

/* The open data's default period's end, asserted 30 days long, and its
 * rows in @rows (a reference). */
static char *
open_data_period_end (Fixture *f, JsonArray **rows)
{
  g_autofree char *text = loket_test_web_get (f->web, "/data/region-daily.json", 200, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_from = NULL;
  JsonObject *o;
  char *to;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  to = g_strdup (json_object_get_string_member (o, "to"));
  expected_from = shift_day (to, -29);
  g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, expected_from);
  if (rows != NULL)
    *rows = json_array_ref (json_object_get_array_member (o, "rows"));
  return to;
}

/* loket-web @args…: refused at the start with @status, saying @says. */
static void
assert_refused (int status, const char *says, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) web = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKET_WEB"));
  va_start (ap, says);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  web = g_subprocess_newv ((const char * const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (web, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (web), ==, status);
  g_assert_nonnull (strstr (err, says));
}

/* The page's day is the region's: ending today by the gateway's clock,
 * by the clock it is given, and tomorrow once an office east of it has
 * begun it — but not the day after, which only a wrong clock shows. */
static void
test_date_line (Fixture *f, gconstpointer data)
{
  g_autofree char *page = NULL;
  g_autofree char *to = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *tomorrow = NULL;
  g_autofree char *db = g_strdup_printf ("%s/office-east", f->dir);
  g_autofree char *issued_sql = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *later_sql = NULL;
  g_autofree char *later = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GPtrArray) league = NULL;
  LoketTestWeb *east;
  const char *office = "kota-jayapura";
  gint64 deadline;
  guint shown = 0, beyond = 0;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  tomorrow = shift_day (f->to, 1);
  /* The machine's clock; no office has begun tomorrow. */
  page = loket_test_web_get (f->web, "/", 200, NULL);
  to = page_period_end (page);
  g_assert_cmpstr (to, ==, f->to);
  g_clear_pointer (&to, g_free);
  to = open_data_period_end (f, NULL);
  g_assert_cmpstr (to, ==, f->to);
  g_clear_pointer (&to, g_free);
  g_clear_pointer (&page, g_free);

  /* The region's clock given: Papua's, nine hours ahead of UTC. */
  before = today_in ("Asia/Jayapura");
  east = start_central (f, "Asia/Jayapura");
  page = loket_test_web_get (east, "/", 200, NULL);
  after = today_in ("Asia/Jayapura");
  loket_test_web_stop (east);
  to = page_period_end (page);
  g_assert_true (g_str_equal (to, before) || g_str_equal (to, after));
  g_assert_nonnull (strstr (page, " WIT</time>"));
  g_clear_pointer (&to, g_free);

  /* An office that has begun the gateway's tomorrow, and whose clock has
   * gone on to the day after as well. */
  generate (db, tomorrow, 2, 3, 24);
  ship (f, db, office);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      g_clear_pointer (&rows, json_array_unref);
      to = open_data_period_end (f, &rows);
      if (g_str_equal (to, tomorrow))
        break;
      g_clear_pointer (&to, g_free);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *o = json_array_get_object_element (rows, r);
      const char *day = json_object_get_string_member (o, "day");

      beyond += strcmp (day, tomorrow) > 0;
      if (g_str_equal (json_object_get_string_member (o, "office"), office) && g_str_equal (day, tomorrow))
        shown += (guint) json_object_get_int_member (o, "issued");
    }
  issued_sql = g_strdup_printf ("SELECT count (*) FROM tickets WHERE office = '%s' AND service_day = '%s'",
                                office, tomorrow);
  issued = sql_value (f, issued_sql);
  later_sql = g_strdup_printf ("SELECT count (*) FROM tickets WHERE office = '%s' AND service_day > '%s'",
                               office, tomorrow);
  later = sql_value (f, later_sql);
  g_assert_cmpint (atoi (later), >, 0);   /* shipped, and not shown */
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, ==, (guint) atoi (issued));
  g_assert_cmpuint (beyond, ==, 0);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&to, g_free);
  page = loket_test_web_get (f->web, "/", 200, NULL);
  to = page_period_end (page);
  g_assert_cmpstr (to, ==, tomorrow);
  league = league_rows (page);
  g_assert_cmpuint (league->len, ==, N_OFFICES + 1);
  for (guint i = 0; i < league->len; i++)
    {
      Row *r = g_ptr_array_index (league, i);

      if (g_str_equal (r->office, office))
        g_assert_cmpstr (r->issued, ==, issued);
    }

  /* A clock that is no clock, and a clock for a page that keeps its
   * charter's: refused at the start, saying why. */
  assert_refused (1, "Mars/Olympus", "--central", f->pg->conninfo, "--listen", "127.0.0.1:0",
                  "--time-zone", "Mars/Olympus", NULL);
  assert_refused (2, "--time-zone is for --central", "--time-zone", "Asia/Jakarta", NULL);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/web-central/page", Fixture, NULL, fixture_set_up, test_page, fixture_tear_down);
  g_test_add ("/web-central/open-data", Fixture, NULL, fixture_set_up, test_open_data, fixture_tear_down);
  g_test_add ("/web-central/open-complaints", Fixture, NULL, fixture_set_up, test_open_complaints,
              fixture_tear_down);
  g_test_add ("/web-central/regions", Fixture, NULL, fixture_set_up, test_regions, fixture_tear_down);
  g_test_add ("/web-central/outage", Fixture, NULL, fixture_set_up, test_outage, fixture_tear_down);
  g_test_add ("/web-central/date-line", Fixture, NULL, fixture_set_up, test_date_line, fixture_tear_down);
  status = g_test_run ();
  g_clear_pointer (&centre, loket_test_postgres_free);
  if (centre_dir != NULL)
    loket_test_remove_tree (centre_dir);
  g_free (centre_dir);
  return status;
}
