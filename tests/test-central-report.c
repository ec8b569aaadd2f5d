/* test-central-report.c — `loketctl report --central` against a real
 * PostgreSQL filled by the real loket-sync.
 *
 * Three offices with a week of generated traffic each (bench/loket-gen.c,
 * written through LoketStore with the hash-chained log, as loketd writes
 * it), staffed differently so that their waits differ: one with counters
 * enough, two short of them.  Each is shipped by loket-sync --once.  Then
 * the central report must say, for every office and service, what the
 * office's own report (loket_report_compute over its SQLite) says — the
 * same cells of the same service table — and rank the offices by their
 * share of waits within the promise, as recomputed here from the office
 * reports.  The text fits 100 columns, the CSV parses, the PDF's first
 * page is the league table, and the queries' plans use the indexes.
 * Skipped only where PostgreSQL's server is not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-postgres.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-gen.h"
#include "loket-region-query.h"
#include "loket-report-compute.h"
#include "loket-report-render.h"
#include "loket-skm.h"
#include "loket-skm-compute.h"
#include "loket-skm-report.h"

#define FROM "2026-11-02"
#define TO "2026-11-08"

/* The offices: id, counters, seed.  The first has counters enough. */
static const struct {
  const char *id;
  guint       counters;
  guint32     seed;
} offices[] = {
  { "kab-bandung", 8, 11 },
  { "kota-bandung", 5, 12 },
  { "kota-cimahi", 4, 13 },
};
#define N_OFFICES G_N_ELEMENTS (offices)

typedef struct {
  LoketTestPostgres *pg;
  char              *dir;
  char              *dbs[N_OFFICES];
  LoketReport       *reports[N_OFFICES];   /* each office's own */
  guint              skm[N_OFFICES];       /* its SKM index, in hundredths */
} Fixture;

/* Citizens turned away (no ticket: only the log has them), one on a day
 * after the period, which neither report may count; the first office
 * only, so that the column differs between offices. */
static void
turn_away (const char *db)
{
  static const struct { const char *day; const char *service; const char *refusal; } away[] = {
    { "2026-11-03", "kk", "quota" }, { "2026-11-03", "kk", "quota" },
    { "2026-11-05", "pindah", "closed" }, { "2026-11-09", "kk", "closed" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open (db, &error);

  g_assert_no_error (error);
  g_assert_true (loket_store_begin (store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (away); i++)
    {
      g_autoptr(JsonObject) payload = json_object_new ();
      g_autofree char *stamp = g_strdup_printf ("%sT06:00:00Z", away[i].day);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (stamp, NULL);

      json_object_set_int_member (payload, "v", 1);
      json_object_set_string_member (payload, "type", "TURNED_AWAY");
      json_object_set_string_member (payload, "actor", "kiosk1");
      json_object_set_string_member (payload, "device", "kiosk1");
      json_object_set_string_member (payload, "service_day", away[i].day);
      json_object_set_string_member (payload, "service", away[i].service);
      json_object_set_string_member (payload, "refusal", away[i].refusal);
      g_assert_cmpint (loket_store_append_event (store, g_date_time_to_unix (at) * G_USEC_PER_SEC, "kiosk1",
                                                 "kiosk1", "TURNED_AWAY", 0, payload, &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_true (loket_store_commit (store, &error));
  g_assert_no_error (error);
}

/* @n questionnaires on paper, answered for a day of the period (and one
 * for a day after it, which neither side may count), as loketd takes
 * them: a row in `surveys` and a SURVEYED event with the answers.  Office
 * @i answers a little worse than the one before, element by element. */
static void
survey (const char *db, guint i, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open (db, &error);

  g_assert_no_error (error);
  g_assert_true (loket_store_begin (store, &error));
  for (guint k = 0; k <= n; k++)
    {
      g_autoptr(LoketSurvey) s = g_new0 (LoketSurvey, 1);
      g_autoptr(JsonObject) payload = json_object_new ();
      gint64 at = (gint64) (1793923200 + 86400 * (k % 5) + 3600 * 4) * G_USEC_PER_SEC;   /* 2026-11-06 … */

      s->service = g_strdup (k % 2 ? "kk" : "ktp-el");
      s->charter_version = 1;
      s->channel = g_strdup ("paper");
      s->service_day = g_strdup (k == n ? "2026-11-09" : "2026-11-04");
      s->answered_at = at;
      for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
        s->answers[e] = (guint8) (4 - (k + e * (i + 1)) % (2 + i));   /* 4 … 3, 4 … 2, 4 … 1 */
      g_assert_true (loket_store_add_survey (store, s, &error));
      g_assert_no_error (error);
      json_object_set_int_member (payload, "v", 1);
      json_object_set_string_member (payload, "type", "SURVEYED");
      json_object_set_string_member (payload, "actor", "kiosk1");
      json_object_set_string_member (payload, "device", "kiosk1");
      json_object_set_string_member (payload, "service_day", "2026-11-06");
      json_object_set_int_member (payload, "survey", s->id);
      json_object_set_string_member (payload, "service", s->service);
      json_object_set_int_member (payload, "charter_version", 1);
      json_object_set_string_member (payload, "channel", s->channel);
      json_object_set_string_member (payload, "day", s->service_day);
      json_object_set_object_member (payload, "answers", loket_skm_answers_to_json (s->answers));
      g_assert_cmpint (loket_store_append_event (store, at, "kiosk1", "kiosk1", "SURVEYED", 0, payload, &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_true (loket_store_commit (store, &error));
  g_assert_no_error (error);
}

/* The office's own SKM index over the period, in hundredths. */
static guint
office_skm (LoketStore *store, LoketCharter *charter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketSkmReport) report = loket_skm_report_compute (store, charter, FROM, TO, "en", &error);
  LoketSkmResult result;

  g_assert_no_error (error);
  g_assert_true (loket_skm_compute (&report->total->tally, &result));
  return result.index_hundredths;
}

/* One office's week, generated, and its own report. */
static void
make_office (Fixture *f, guint i)
{
  LoketGenOptions options = {
    .charter_path = LOKET_SAMPLE_CHARTER, .start = FROM, .days = 7, .per_day = 120,
    .counters = offices[i].counters, .seed = offices[i].seed, .quiet = TRUE,
  };
  LoketGenStats stats;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketCharter) charter = NULL;

  f->dbs[i] = g_build_filename (f->dir, offices[i].id, NULL);
  options.db_path = f->dbs[i];
  g_assert_true (loket_gen_run (&options, &stats, &error));
  g_assert_no_error (error);
  if (i == 0)
    turn_away (f->dbs[i]);
  survey (f->dbs[i], i, 20 + 5 * i);
  store = loket_store_open_readonly (f->dbs[i], &error);
  g_assert_no_error (error);
  charter = loket_charter_new_from_file (LOKET_SAMPLE_CHARTER, &error);
  g_assert_no_error (error);
  f->reports[i] = loket_report_compute (store, charter, FROM, TO, "en", &error);
  g_assert_no_error (error);
  f->skm[i] = office_skm (store, charter);
  if (i == 0)
    g_assert_cmpuint (f->reports[i]->total->turned_away, ==, 3);
  g_test_message ("%s: %" G_GINT64_FORMAT " tickets, %" G_GINT64_FORMAT " events, %u counters; "
                  "%u of %u waits within the promise; SKM %u.%02u", offices[i].id, stats.tickets, stats.events,
                  stats.counters, f->reports[i]->total->wait.within, f->reports[i]->total->wait.judged,
                  f->skm[i] / 100, f->skm[i] % 100);
}

/* loket-sync --once ships the whole log of @db as @office. */
static void
ship (Fixture *f, const char *db, const char *office)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) sync = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  sync = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LOKET_SYNC"), "--database", db,
                                      "--office", office, "--central", f->pg->conninfo,
                                      "--batch-size", "2000", "--once", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (sync, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f)
{
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;

  f->pg = loket_test_postgres_new (&why);
  if (f->pg == NULL)
    {
      g_printerr ("# skipping: %s\n", why);
      return;
    }
  loket_test_postgres_start (f->pg);
  f->dir = g_dir_make_tmp ("loket-central-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_OFFICES; i++)
    {
      make_office (f, i);
      ship (f, f->dbs[i], offices[i].id);
    }
}

static void
fixture_tear_down (Fixture *f)
{
  for (guint i = 0; i < N_OFFICES; i++)
    {
      g_clear_pointer (&f->reports[i], loket_report_free);
      g_clear_pointer (&f->dbs[i], g_free);
    }
  if (f->dir != NULL)
    loket_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->pg, loket_test_postgres_free);
}

/* loketctl report --central … with @args; its stdout (asserts exit 0).
 * @err: its stderr, if wanted. */
static char *
central_report (Fixture *f, char **err, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) ctl = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL, *stderr_text = NULL;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKETCTL"));
  g_ptr_array_add (argv, "report");
  g_ptr_array_add (argv, "--central");
  g_ptr_array_add (argv, f->pg->conninfo);
  g_ptr_array_add (argv, "--from");
  g_ptr_array_add (argv, FROM);
  g_ptr_array_add (argv, "--to");
  g_ptr_array_add (argv, TO);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The small test tables would be read whole otherwise: the plans
   * checked must show that an index fits the queries. */
  g_subprocess_launcher_setenv (launcher, "PGOPTIONS", "-c enable_seqscan=off", TRUE);
  ctl = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (ctl, NULL, NULL, &out, &stderr_text, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (ctl) != 0)
    g_error ("loketctl report --central failed: %s", stderr_text);
  if (err != NULL)
    *err = stderr_text;
  else
    g_free (stderr_text);
  return out;
}

/* ---- CSV ------------------------------------------------------------------ */

/* RFC 4180, CRLF lines: rows of fields (asserts it parses). */
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
column_index (GPtrArray *header, const char *key)
{
  for (guint c = 0; c < header->len; c++)
    if (g_str_equal (g_ptr_array_index (header, c), key))
      return (gint) c;
  g_error ("no column %s in the CSV", key);
  return -1;
}

/* The CSV line of @office's @service ("" the office's total), or NULL. */
static GPtrArray *
csv_row (GPtrArray *rows, const char *office, const char *service)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);
  gint o = column_index (header, "office"), s = column_index (header, "service");

  for (guint r = 1; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);

      if (g_str_equal (g_ptr_array_index (row, o), office) && g_str_equal (g_ptr_array_index (row, s), service))
        return row;
    }
  return NULL;
}

/* Every cell of the office's own service table, but the names (the
 * centre has no charter), equals the central CSV's. */
static void
assert_office_equals_centre (GPtrArray *rows, const char *office, const LoketReport *own)
{
  g_autoptr(LoketReportTable) table = loket_report_table_new (own, LOKET_REPORT_BY_SERVICE);
  GPtrArray *header = g_ptr_array_index (rows, 0);
  guint compared = 0;

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **cells = g_ptr_array_index (table->rows, r);
      GPtrArray *central = csv_row (rows, office, cells[0]);

      if (central == NULL)
        {
          /* A charter service nobody came for: the centre never heard of it. */
          g_assert_cmpuint (((LoketReportService *) g_ptr_array_index (own->services, r))->issued, ==, 0);
          continue;
        }
      for (guint c = 0; c < table->columns->len; c++)
        {
          const char *key = ((LoketReportColumn *) g_ptr_array_index (table->columns, c))->key;

          if (g_str_equal (key, "name"))
            continue;
          if (g_strcmp0 (cells[c], g_ptr_array_index (central, column_index (header, key))) != 0)
            g_error ("%s, service “%s”, %s: the office says %s, the centre %s", office, cells[0], key,
                     cells[c], (const char *) g_ptr_array_index (central, column_index (header, key)));
          compared++;
        }
    }
  g_test_message ("%s: %u cells equal the office's own report", office, compared);
  g_assert_cmpuint (compared, >, 3 * 20);
}

/* The offices ranked as their own reports rank them: the larger share of
 * waits within the promise first. */
static void
expected_order (Fixture *f, guint *order)
{
  for (guint i = 0; i < N_OFFICES; i++)
    order[i] = i;
  for (guint i = 0; i < N_OFFICES; i++)
    for (guint j = i + 1; j < N_OFFICES; j++)
      {
        const LoketReportDurations *a = &f->reports[order[i]]->total->wait, *b = &f->reports[order[j]]->total->wait;

        if ((double) b->within / b->judged > (double) a->within / a->judged)
          {
            guint t = order[i];

            order[i] = order[j];
            order[j] = t;
          }
      }
}

/* ---- the cases -------------------------------------------------------------- */

static void
test_csv (gconstpointer data)
{
  Fixture *f = (Fixture *) data;

  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint order[N_OFFICES];
  GPtrArray *header;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  csv = central_report (f, NULL, "--format", "csv", "--lang", "en", NULL);
  rows = parse_csv (csv);
  header = g_ptr_array_index (rows, 0);
  for (guint i = 0; i < N_OFFICES; i++)
    assert_office_equals_centre (rows, offices[i].id, f->reports[i]);
  /* Distinct shares, so that the ranking is a test of the ranking. */
  expected_order (f, order);
  for (guint k = 0; k + 1 < N_OFFICES; k++)
    g_assert_cmpuint ((guint64) f->reports[order[k]]->total->wait.within * f->reports[order[k + 1]]->total->wait.judged,
                      >, (guint64) f->reports[order[k + 1]]->total->wait.within * f->reports[order[k]]->total->wait.judged);
  for (guint k = 0; k < N_OFFICES; k++)
    {
      GPtrArray *total = csv_row (rows, offices[order[k]].id, "");
      g_autofree char *rank = g_strdup_printf ("%u", k + 1);
      g_autofree char *skm = g_strdup_printf ("%u.%02u", f->skm[order[k]] / 100, f->skm[order[k]] % 100);

      g_assert_nonnull (total);
      g_assert_cmpstr (g_ptr_array_index (total, column_index (header, "rank")), ==, rank);
      /* The centre's SKM index from the SURVEYED events is the office's
       * from its `surveys` table. */
      g_assert_cmpstr (g_ptr_array_index (total, column_index (header, "skm_index")), ==, skm);
    }
  /* Different answers, different indexes: the comparison means something. */
  g_assert_cmpuint (f->skm[0], !=, f->skm[1]);
  g_assert_cmpuint (f->skm[1], !=, f->skm[2]);
  /* And in that order in the file. */
  {
    GPtrArray *first = g_ptr_array_index (rows, 1);

    g_assert_cmpstr (g_ptr_array_index (first, column_index (header, "office")), ==, offices[order[0]].id);
  }
}

static void
test_text (gconstpointer data)
{
  Fixture *f = (Fixture *) data;

  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint order[N_OFFICES];
  const char *at = NULL;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  text = central_report (f, NULL, "--lang", "en", NULL);
  g_test_message ("%s", text);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 100);
  g_assert_nonnull (strstr (text, "League table"));
  g_assert_nonnull (strstr (text, "SKM"));
  /* The league table lists the offices in rank order, first of all. */
  expected_order (f, order);
  at = text;
  for (guint k = 0; k < N_OFFICES; k++)
    {
      at = strstr (at, offices[order[k]].id);
      g_assert_nonnull (at);
    }
}

/* loketctl offices --central … @args: its exit status, @out and @err. */
static int
offices_command (Fixture *f, char **out, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) ctl = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKETCTL"));
  g_ptr_array_add (argv, "offices");
  g_ptr_array_add (argv, "--central");
  g_ptr_array_add (argv, f->pg->conninfo);
  va_start (ap, err);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  ctl = g_subprocess_newv ((const char * const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (ctl, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (ctl);
}

/* Each office's region in `loketctl offices --json`, "id=region;…" by id
 * ("-" for none), and that every office has shipped and none is refused. */
static char *
listed_regions (Fixture *f, const char *only)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);
  JsonArray *listed;

  g_assert_cmpint (offices_command (f, &out, &err, "--json", only ? "--region" : NULL, only, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  listed = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "offices");
  for (guint i = 0; i < json_array_get_length (listed); i++)
    {
      JsonObject *o = json_array_get_object_element (listed, i);
      const char *region = json_object_get_string_member (o, "region");

      g_assert_cmpint (json_object_get_int_member (o, "last_seq"), >, 0);
      g_assert_cmpint (json_object_get_int_member (o, "shipped_at"), >, 0);
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "refused")));
      g_string_append_printf (text, "%s=%s;", json_object_get_string_member (o, "id"), region ? region : "-");
    }
  return g_string_free (text, FALSE);
}

static void
test_choose (gconstpointer data)
{
  Fixture *f = (Fixture *) data;

  g_autofree char *by_region = NULL, *by_id = NULL;
  g_autofree char *regions = NULL, *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  /* The region is the centre's to say: its administrator files offices. */
  regions = listed_regions (f, NULL);
  g_assert_cmpstr (regions, ==, "kab-bandung=-;kota-bandung=-;kota-cimahi=-;");
  g_assert_cmpint (offices_command (f, &out, &err, "--office", "kota-bandung", "--office", "kota-cimahi",
                                    "--set-region", "Priangan", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "filed 2 office(s) under Priangan"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* One office the centre does not know: none of them is filed. */
  g_assert_cmpint (offices_command (f, &out, &err, "--office", "kab-bandung", "--office", "kab-garut",
                                    "--set-region", "Priangan", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "the centre has no office “kab-garut”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (offices_command (f, &out, &err, "--office", "kab-bandung", "--set-region", "Priangan",
                                    "--clear-region", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (offices_command (f, &out, &err, "--set-region", "Priangan", NULL), ==, 2);
  g_clear_pointer (&regions, g_free);
  regions = listed_regions (f, NULL);
  g_assert_cmpstr (regions, ==, "kab-bandung=-;kota-bandung=Priangan;kota-cimahi=Priangan;");
  g_clear_pointer (&regions, g_free);
  regions = listed_regions (f, "Priangan");
  g_assert_cmpstr (regions, ==, "kota-bandung=Priangan;kota-cimahi=Priangan;");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* The text list, as an administrator reads it. */
  g_assert_cmpint (offices_command (f, &out, &err, NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "OFFICE"));
  g_assert_nonnull (strstr (out, "Priangan"));
  g_assert_cmpuint (g_strv_length ((GStrv) (lines = g_strsplit (g_strchomp (out), "\n", -1))), ==, 4);
  by_region = central_report (f, NULL, "--format", "csv", "--region", "Priangan", NULL);
  g_assert_null (strstr (by_region, "kab-bandung"));
  g_assert_nonnull (strstr (by_region, "kota-bandung"));
  g_assert_nonnull (strstr (by_region, "kota-cimahi"));
  by_id = central_report (f, NULL, "--format", "csv", "--office", "kota-cimahi", "--office", "kab-bandung", NULL);
  g_assert_null (strstr (by_id, "kota-bandung"));
  g_assert_nonnull (strstr (by_id, "kota-cimahi"));
  g_assert_nonnull (strstr (by_id, "kab-bandung"));
}

/* The queries use the indexes (the planner told not to read a table
 * whole, as the tables are small): the projection's by office and day,
 * and the partial ones of the citizens turned away and of the survey's
 * answers. */
static void
test_explain (gconstpointer data)
{
  Fixture *f = (Fixture *) data;

  g_autofree char *plans = NULL;
  g_autofree char *out = NULL;
  g_autofree char *partition_index = NULL;
  g_autofree char *surveyed_index = NULL;
  PGconn *conn;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  out = central_report (f, &plans, "--format", "csv", "--explain", NULL);
  g_test_message ("%s", plans);
  g_assert_nonnull (strstr (plans, "-- adding up the waits"));
  g_assert_nonnull (strstr (plans, "-- adding up the survey's answers"));
  g_assert_nonnull (strstr (plans, "tickets_office_day"));
  /* On a month's partition the partial index has a name of its own. */
  conn = loket_test_postgres_connect (f->pg);
  partition_index = loket_test_postgres_value (conn, "SELECT c.relname FROM pg_inherits i"
                                                     " JOIN pg_class c ON c.oid = i.inhrelid"
                                                     " WHERE i.inhparent = 'events_turned_away'::regclass"
                                                     " AND c.relname LIKE 'events_2026_11%'");
  surveyed_index = loket_test_postgres_value (conn, "SELECT c.relname FROM pg_inherits i"
                                                   " JOIN pg_class c ON c.oid = i.inhrelid"
                                                   " WHERE i.inhparent = 'events_surveyed'::regclass"
                                                   " AND c.relname LIKE 'events_2026_11%'");
  PQfinish (conn);
  g_assert_nonnull (partition_index);
  g_assert_nonnull (strstr (plans, partition_index));
  g_assert_nonnull (surveyed_index);
  g_assert_nonnull (strstr (plans, surveyed_index));
  g_assert_null (strstr (plans, "Seq Scan on tickets"));
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error))
    return NULL;
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* A copy of @pdf where the environment's @variable names a file. */
static void
keep_pdf (const char *pdf, const char *variable)
{
  g_autofree char *bytes = NULL;
  gsize length;

  if (g_getenv (variable) == NULL)
    return;
  g_assert_true (g_file_get_contents (pdf, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (g_getenv (variable), bytes, (gssize) length, NULL));
}

static void
test_pdf (gconstpointer data)
{
  Fixture *f = (Fixture *) data;

  g_autofree char *pdf = NULL, *out = NULL, *text = NULL, *first = NULL;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  pdf = g_build_filename (f->dir, "region.pdf", NULL);
  out = central_report (f, NULL, "--format", "pdf", "--lang", "en", "--output", pdf, NULL);
  {
    const char *argv[] = { "pdftotext", "-layout", "-f", "1", "-l", "1", pdf, "-", NULL };
    const char *all[] = { "pdftotext", pdf, "-", NULL };

    first = run_tool (argv);
    if (first == NULL)
      {
        g_test_skip ("pdftotext (poppler-utils) is not installed: the PDF's text was not checked");
        return;
      }
    text = run_tool (all);
  }
  g_test_message ("%s", first);
  g_assert_nonnull (strstr (first, "League table"));
  for (guint i = 0; i < N_OFFICES; i++)
    {
      g_assert_nonnull (strstr (first, offices[i].id));
      /* Each office's page after it. */
      g_assert_nonnull (strstr (text, offices[i].id));
    }
  g_assert_nonnull (strstr (text, "Page 4"));
  /* For the docs' screenshot (docs/region.md says how it is made). */
  keep_pdf (pdf, "LOKET_TEST_KEEP_PDF");
}

/* ---- complaints ------------------------------------------------------------- */

#define FAKETIME_LIB "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
#define COMPLAINTS_OFFICE "kota-depok"

/* The test charter with the office's week (Monday to Friday, the Monday
 * after the period closed) and the complaints' deadlines by category. */
static void
use_office_calendar (LoketTestServer *s)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *copy = g_build_filename (s->dir, "charter.ini", NULL);
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (s->charter_path, &text, NULL, &error));
  parts = g_strsplit (text, "OpeningHours=Mon-Sun 00:00-24:00", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  changed = g_strdup_printf ("%sOpeningHours=Mon-Fri 08:00-15:00\nClosed=2026-11-09%s\n[Complaints]\n"
                             "DeadlineDays=14\nCategoryDeadlineDays=cost:5;behaviour:2;product:1\n",
                             parts[0], parts[1]);
  g_assert_true (g_file_set_contents (copy, changed, -1, &error));
  g_free (s->charter_path);
  s->charter_path = g_steal_pointer (&copy);
  s->always_open = TRUE;
}

/* loketd on the clock of @when (UTC, libfaketime: the clock runs on from it). */
static void
start_at (LoketTestServer *s, const char *when)
{
  g_autofree char *stamp = g_strdup_printf ("@%s", when);

  loket_test_server_setenv (s, "FAKETIME", stamp);
  loket_test_server_start (s);
}

static char *
file_complaint (LoketTestServer *s, const char *category)
{
  g_autoptr(LoketClient) super = loket_test_server_client (s, "super");
  g_autoptr(JsonObject) reply = loket_test_request (super, "COMPLAIN", "service", "ktp", "category", category,
                                                    "description", "Antrean terlalu lama", NULL);

  return g_strdup (json_object_get_string_member (reply, "receipt"));
}

static void
complaint_step (LoketTestServer *s, const char *receipt, const char *act)
{
  g_autoptr(LoketClient) super = loket_test_server_client (s, "super");
  g_autoptr(JsonObject) reply = loket_test_request (super, "COMPLAINT_STEP", "receipt", receipt, "act", act,
                                                    "text", "Sudah kami tindak lanjuti", NULL);
}

/* The office's own COMPLAINT_STATS over the period: "total", all
 * categories, and "categories". */
static JsonObject *
office_complaint_stats (LoketTestServer *s)
{
  g_autoptr(LoketClient) super = loket_test_server_client (s, "super");

  return loket_test_request (super, "COMPLAINT_STATS", "from", FROM, "to", TO, NULL);
}

/* One category's figures at the centre are the office's for it. */
static void
assert_same_figures (const LoketRegionComplaints *centre, JsonObject *office)
{
  g_assert_cmpint (centre->received, ==, json_object_get_int_member (office, "received"));
  g_assert_cmpint (centre->answered, ==, json_object_get_int_member (office, "answered"));
  g_assert_cmpint (centre->within_deadline, ==, json_object_get_int_member (office, "within_deadline"));
  if (json_object_get_null_member (office, "median_working_days"))
    g_assert_false (centre->has_median);
  else
    {
      g_assert_true (centre->has_median);
      g_assert_cmpfloat (centre->median_working_days, ==,
                         json_object_get_double_member (office, "median_working_days"));
    }
}

/* The centre's complaints by category (the office alone asked for) are
 * the office's own, category by category; how many categories had one. */
static guint
assert_categories_as_office (Fixture *f, JsonArray *office)
{
  const char *ids[] = { COMPLAINTS_OFFICE, NULL };
  PGconn *conn = loket_test_postgres_connect (f->pg);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketRegionReport) report = loket_region_query_report (conn, ids, NULL, FROM, TO, "en", FALSE, &error);
  guint with_any = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (office), ==, LOKET_COMPLAINT_N_CATEGORIES);
  for (guint k = 0; k < LOKET_COMPLAINT_N_CATEGORIES; k++)
    {
      JsonObject *o = json_array_get_object_element (office, k);
      const LoketRegionComplaints *c = &report->complaint_categories[k];

      g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, loket_complaint_category (k)->id);
      g_test_message ("%s: %u received, %u answered, %u by the deadline", loket_complaint_category (k)->id,
                      c->received, c->answered, c->within_deadline);
      assert_same_figures (c, o);
      with_any += c->received > 0;
    }
  PQfinish (conn);
  return with_any;
}

/* The central CSV's complaint cells of @office's total line. */
static void
central_complaints (Fixture *f, char **cells)
{
  static const char * const keys[] = {
    "complaints_received", "complaints_answered", "complaints_within_deadline", "complaints_median_working_days",
  };
  g_autofree char *csv = central_report (f, NULL, "--format", "csv", "--office", COMPLAINTS_OFFICE, NULL);
  g_autoptr(GPtrArray) rows = parse_csv (csv);
  GPtrArray *total = csv_row (rows, COMPLAINTS_OFFICE, "");

  g_assert_nonnull (total);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    cells[k] = g_strdup (g_ptr_array_index (total, column_index (g_ptr_array_index (rows, 0), keys[k])));
}

/* Complaints filed and answered through a real loketd on the clocks of
 * three days (libfaketime), shipped by the real loket-sync: the centre's
 * figures equal the office's own COMPLAINT_STATS.  Thursday 5 November:
 * four complaints (deadlines: behaviour 10 November, the Monday between
 * closed; product 6 November; cost 13 November; the rest 14 working
 * days), the first answered at once.  Tuesday 10 November: the second
 * answered late (two working days: the closed Monday does not count),
 * the third answered, reopened; a fifth filed, after the period.  Monday
 * 16 November: the third answered again, late (six working days) — the
 * latest answer counts.  So: 4 received, 3 answered, 1 by the deadline,
 * median of 0, 2, 6 working days: 2.  Then the events as a loketd
 * before the day and the working days wrote them: the centre falls back
 * to the UTC dates and Monday to Friday (0, 3, 7: median 3). */
static void
test_complaints (gconstpointer data)
{
  Fixture *f = (Fixture *) data;
  g_autoptr(LoketTestServer) s = NULL;
  g_autoptr(JsonObject) stats = NULL;
  JsonObject *own;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *plans = NULL, *text = NULL;
  g_autofree char *median = NULL, *index = NULL;
  g_auto(GStrv) lines = NULL;
  char *cells[5] = { NULL };
  gboolean at_row = FALSE;
  PGconn *conn;

  if (f->pg == NULL)
    {
      g_test_skip ("PostgreSQL's server is not installed");
      return;
    }
  if (!g_file_test (FAKETIME_LIB, G_FILE_TEST_EXISTS))
    {
      loket_test_missing ("libfaketime is not installed (package faketime)");
      return;
    }
  s = loket_test_server_new (NULL);
  use_office_calendar (s);
  s->env = g_strsplit ("LD_PRELOAD=" FAKETIME_LIB "|FAKETIME_NO_CACHE=1|TZ=UTC", "|", -1);
  loket_test_server_allow_preload (s);

  start_at (s, "2026-11-05 03:00:00");
  a = file_complaint (s, "behaviour");
  b = file_complaint (s, "product");
  c = file_complaint (s, "cost");
  d = file_complaint (s, "procedure");
  complaint_step (s, a, "answer");
  loket_test_server_stop (s);

  start_at (s, "2026-11-10 03:00:00");
  complaint_step (s, b, "answer");
  complaint_step (s, c, "answer");
  complaint_step (s, c, "reopen");
  g_free (file_complaint (s, "behaviour"));
  loket_test_server_stop (s);

  start_at (s, "2026-11-16 03:00:00");
  complaint_step (s, c, "answer");
  stats = office_complaint_stats (s);
  own = json_object_get_object_member (stats, "total");
  loket_test_server_stop (s);
  g_test_message ("the office: %" G_GINT64_FORMAT " received, %" G_GINT64_FORMAT " answered, %" G_GINT64_FORMAT
                  " by the deadline, median %.1f working days", json_object_get_int_member (own, "received"),
                  json_object_get_int_member (own, "answered"), json_object_get_int_member (own, "within_deadline"),
                  json_object_get_double_member (own, "median_working_days"));
  g_assert_cmpint (json_object_get_int_member (own, "received"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (own, "answered"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (own, "within_deadline"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (own, "median_working_days"), ==, 2.0);

  ship (f, s->db_path, COMPLAINTS_OFFICE);
  central_complaints (f, cells);
  g_assert_cmpint (g_ascii_strtoll (cells[0], NULL, 10), ==, json_object_get_int_member (own, "received"));
  g_assert_cmpint (g_ascii_strtoll (cells[1], NULL, 10), ==, json_object_get_int_member (own, "answered"));
  g_assert_cmpint (g_ascii_strtoll (cells[2], NULL, 10), ==, json_object_get_int_member (own, "within_deadline"));
  g_assert_cmpfloat (g_ascii_strtod (cells[3], NULL), ==, json_object_get_double_member (own, "median_working_days"));
  for (guint k = 0; k < 4; k++)
    g_clear_pointer (&cells[k], g_free);
  /* By category: four of them with one each, as the office counts them. */
  g_assert_cmpuint (assert_categories_as_office (f, json_object_get_array_member (stats, "categories")), ==, 4);

  /* The text's complaints table, within its width; the plan finds the
   * events through the partial index's partition copy. */
  text = central_report (f, &plans, "--lang", "en", "--office", COMPLAINTS_OFFICE, "--office", offices[0].id,
                         "--explain", NULL);
  g_test_message ("%s", text);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 100);
  g_assert_nonnull (strstr (text, "\nComplaints\n"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);

      /* rank, office, received, answered, share by the deadline, median */
      if (g_strv_length (words) == 6 && g_str_equal (words[1], COMPLAINTS_OFFICE))
        {
          g_assert_cmpstr (words[2], ==, "4");
          g_assert_cmpstr (words[4], ==, "33.3");
          g_assert_cmpstr (words[5], ==, "2.0");
          at_row = TRUE;
        }
    }
  g_assert_true (at_row);
  /* And by category: staff conduct, answered at once. */
  g_assert_nonnull (strstr (text, "\nComplaints by category, all offices\n"));
  at_row = FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (g_strstrip (lines[i]), "Staff conduct "))
      {
        g_auto(GStrv) words = g_regex_split_simple ("\\s+", lines[i], 0, 0);
        guint n = g_strv_length (words);

        g_assert_cmpuint (n, ==, 6);
        g_assert_cmpstr (words[2], ==, "1");
        g_assert_cmpstr (words[3], ==, "1");
        g_assert_cmpstr (words[4], ==, "100.0");
        g_assert_cmpstr (words[5], ==, "0.0");
        at_row = TRUE;
      }
  g_assert_true (at_row);
  g_assert_nonnull (strstr (plans, "-- counting the complaints"));
  conn = loket_test_postgres_connect (f->pg);
  index = loket_test_postgres_value (conn, "SELECT c.relname FROM pg_inherits i"
                                           " JOIN pg_class c ON c.oid = i.inhrelid"
                                           " WHERE i.inhparent = 'events_complaints'::regclass"
                                           " AND c.relname LIKE 'events_2026_11%'");
  g_assert_nonnull (index);
  g_assert_nonnull (strstr (plans, index));

  /* The PDF's page after the league table is the complaints'. */
  {
    g_autofree char *pdf = g_build_filename (f->dir, "complaints.pdf", NULL);
    g_autofree char *ignored = central_report (f, NULL, "--format", "pdf", "--lang", "en", "--output", pdf,
                                               "--office", COMPLAINTS_OFFICE, "--office", offices[0].id, NULL);
    const char *argv[] = { "pdftotext", "-layout", "-f", "2", "-l", "2", pdf, "-", NULL };
    g_autofree char *second = run_tool (argv);

    if (second != NULL)
      {
        g_test_message ("%s", second);
        g_assert_nonnull (strstr (second, "Complaints"));
        g_assert_nonnull (strstr (second, COMPLAINTS_OFFICE));
        g_assert_nonnull (strstr (second, "33.3"));
      }
    /* The categories on the page after. */
    argv[3] = argv[5] = "3";
    {
      g_autofree char *third = run_tool (argv);

      if (third != NULL)
        {
          g_test_message ("%s", third);
          g_assert_nonnull (strstr (third, "Complaints by category, all offices"));
          g_assert_nonnull (strstr (third, "Staff conduct"));
        }
    }
    keep_pdf (pdf, "LOKET_TEST_KEEP_COMPLAINTS_PDF");
  }

  /* Events from before the office wrote its days. */
  g_free (loket_test_postgres_value (conn, "UPDATE events SET payload = (payload::jsonb - 'day' - 'working_days')::text"
                                           " WHERE office = '" COMPLAINTS_OFFICE "'"
                                           " AND type IN ('COMPLAINED', 'COMPLAINT_MOVED') RETURNING seq"));
  PQfinish (conn);
  central_complaints (f, cells);
  g_assert_cmpstr (cells[0], ==, "4");
  g_assert_cmpstr (cells[1], ==, "3");
  g_assert_cmpstr (cells[2], ==, "1");
  median = g_strdup (cells[3]);
  for (guint k = 0; k < 4; k++)
    g_clear_pointer (&cells[k], g_free);
  g_assert_cmpfloat (g_ascii_strtod (median, NULL), ==, 3.0);
}

int
main (int argc, char *argv[])
{
  /* One region for every case: generating and shipping it is the slow part. */
  Fixture f = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_set_up (&f);
  g_test_add_data_func ("/central-report/csv", &f, test_csv);
  g_test_add_data_func ("/central-report/text", &f, test_text);
  g_test_add_data_func ("/central-report/explain", &f, test_explain);
  g_test_add_data_func ("/central-report/pdf", &f, test_pdf);
  /* Last: it files two offices under a region. */
  g_test_add_data_func ("/central-report/choose", &f, test_choose);
  /* After the others: it ships a fourth office. */
  g_test_add_data_func ("/central-report/complaints", &f, test_complaints);
  status = g_test_run ();
  fixture_tear_down (&f);
  return status;
}
