/* test-report.c — the supervisor's report on a small office whose every
 * figure was worked out by hand: twelve tickets over two service days
 * (one outside the period, one left unserved when its day closed), built
 * through LoketStore with fixed times, five pauses written as RESUMED
 * events (the store's trigger files them) and three citizens turned away
 * (TURNED_AWAY events, one outside the period).  Every cell of every grouping is checked — also with ids out of
 * day order, and on a database written at schema 5 whose report rows
 * its migration copied; the CSV is parsed back;
 * the PDF is read back with pdftotext; `loketctl report` is run as a
 * program.  Percentiles are checked against the same values sorted, also
 * spread over arrays as the model keeps them.  No clock is involved: the
 * times are the data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "loket-charter.h"
#include "loket-error.h"
#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-report-charts.h"
#include "loket-report-private.h"
#include "loket-report-compute.h"
#include "loket-report-render.h"
#include "loket-store.h"
#include "loket-store-private.h"
#include "loket-test-server.h"

#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#define FROM "2026-03-02"   /* a Monday */
#define TO   "2026-03-03"

typedef struct {
  char         *dir;
  char         *path;
  char         *charter_path;
  LoketStore   *store;
  LoketCharter *charter;
  gboolean      schema5;   /* written by the Loket of schema 5 */
} Fixture;

/* One ticket: minutes after arrival for each step, -1 for "not yet". */
typedef struct {
  const char *day;
  const char *arrive;        /* local time, "08:05" */
  const char *service;       /* taken for */
  const char *final;         /* ended in (NULL: the same) */
  const char *priority;
  LoketTicketState state;
  LoketOutcome outcome;
  gint called, started, finished;
  const char *counter, *clerk;
} Spec;

static const Spec tickets[] = {
  /*  1 */ { FROM, "08:00", "ktp", NULL, NULL, LOKET_TICKET_DONE, LOKET_OUTCOME_SERVED, 10, 11, 23, "1", "siti" },
  /*  2 */ { FROM, "08:05", "ktp", NULL, NULL, LOKET_TICKET_DONE, LOKET_OUTCOME_SERVED, 40, 41, 61, "2", "budi" },
  /*  3 */ { FROM, "08:20", "ktp", NULL, "elderly", LOKET_TICKET_DONE, LOKET_OUTCOME_INCOMPLETE, 5, 6, 10, "1", "siti" },
  /*  4 */ { FROM, "09:10", "kk", NULL, NULL, LOKET_TICKET_NO_SHOW, LOKET_OUTCOME_NONE, 20, -1, 25, "2", "budi" },
  /*  5 */ { FROM, "09:15", "kk", "akta", NULL, LOKET_TICKET_DONE, LOKET_OUTCOME_SERVED, 25, 36, 56, "3", NULL },
  /*  6 */ { FROM, "10:00", "akta", NULL, NULL, LOKET_TICKET_VOID, LOKET_OUTCOME_NONE, -1, -1, 5, NULL, NULL },
  /* 10 */ { FROM, "11:00", "passport", NULL, NULL, LOKET_TICKET_DONE, LOKET_OUTCOME_SERVED, 22, 23, 33, "2", "budi" },
  /*  7 */ { TO, "08:00", "akta", NULL, NULL, LOKET_TICKET_DONE, LOKET_OUTCOME_SERVED, 91, 92, 102, "3", NULL },
  /*  8 */ { TO, "13:00", "ktp", NULL, NULL, LOKET_TICKET_PRINTED, LOKET_OUTCOME_NONE, -1, -1, -1, NULL, NULL },
  /*  9 */ { TO, "13:30", "ktp", NULL, NULL, LOKET_TICKET_SERVING, LOKET_OUTCOME_NONE, 3, 4, -1, "2", "budi" },
  /* 12: still waiting when the day closed, an hour later: a wait breach */
  { TO, "14:00", "kk", NULL, NULL, LOKET_TICKET_UNSERVED, LOKET_OUTCOME_NONE, -1, -1, 60, NULL, NULL },
  /* 11: the day after the period */
  { "2026-03-04", "08:00", "ktp", NULL, NULL, LOKET_TICKET_DONE, LOKET_OUTCOME_SERVED, 5, 6, 16, "1", "siti" },
};

typedef struct {
  const char *day, *at, *counter, *clerk, *reason;
  guint minutes;
} PauseSpec;

static const PauseSpec pauses[] = {
  { FROM, "12:15", "1", "siti", "prayer", 15 },
  { TO, "10:10", "1", "siti", "rest, \"short\"", 10 },
  { FROM, "12:20", "2", "budi", "prayer", 20 },
  { TO, "14:30", "3", NULL, "meeting", 30 },
  { "2026-03-04", "12:00", "1", "siti", "prayer", 99 },
};

/* Citizens refused a ticket: TURNED_AWAY events, as loketd logs them. */
typedef struct {
  const char *day, *at, *service, *refusal;
} TurnedAwaySpec;

static const TurnedAwaySpec turned_away[] = {
  { FROM, "15:10", "ktp", "closed" },
  { TO, "09:05", "akta", "quota" },
  { "2026-03-04", "08:30", "ktp", "quota" },
};

static gint64
local_usec (const char *day, const char *hhmm)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) midnight = loket_report_day_start (day, tz);
  guint h = 0, m = 0;

  g_assert_nonnull (midnight);
  g_assert_cmpint (sscanf (hhmm, "%u:%u", &h, &m), ==, 2);
  return (g_date_time_to_unix (midnight) + h * 3600 + m * 60) * G_USEC_PER_SEC;
}

#define AFTER(base, minutes) ((minutes) < 0 ? 0 : (base) + (gint64) (minutes) * 60 * G_USEC_PER_SEC)

static void
add_ticket (Fixture *f, const Spec *s)
{
  g_autoptr(LoketTicket) t = loket_ticket_new ();
  g_autoptr(GError) error = NULL;
  gint64 arrival = local_usec (s->day, s->arrive);

  t->service_day = g_strdup (s->day);
  t->series = g_strdup (loket_charter_lookup_service (f->charter, s->service)
                        ? loket_charter_lookup_service (f->charter, s->service)->series : "P");
  t->issued_service = g_strdup (s->service);
  t->service = g_strdup (s->final ? s->final : s->service);
  t->priority = g_strdup (s->priority);
  t->state = s->state;
  t->outcome = s->outcome;
  t->issued_at = t->arrival_at = arrival;
  t->called_at = AFTER (arrival, s->called);
  t->started_at = AFTER (arrival, s->started);
  t->finished_at = AFTER (arrival, s->finished);
  t->counter = g_strdup (s->counter);
  t->clerk = g_strdup (s->clerk);
  t->transfers = s->final != NULL;
  g_assert_true (loket_store_next_number (f->store, s->day, t->series, &t->number, &error));
  if (f->schema5)
    loket_test_insert_old_ticket (f->store, t);
  else
    g_assert_true (loket_store_insert_ticket (f->store, t, &error));
  g_assert_no_error (error);
}

/* A RESUMED event as loketd appends it (server/loket-office.c). */
static void
add_pause (Fixture *f, const PauseSpec *p)
{
  g_autoptr(JsonObject) event = json_object_new ();
  JsonObject *counter = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (counter, "id", p->counter);
  if (p->clerk != NULL)
    json_object_set_string_member (counter, "clerk", p->clerk);
  else
    json_object_set_null_member (counter, "clerk");
  json_object_set_string_member (event, "type", "RESUMED");
  json_object_set_string_member (event, "service_day", p->day);
  json_object_set_object_member (event, "counter", counter);
  json_object_set_int_member (event, "paused_usec", (gint64) p->minutes * 60 * G_USEC_PER_SEC);
  json_object_set_string_member (event, "pause_reason", p->reason);
  g_assert_cmpint (loket_store_append_event (f->store, local_usec (p->day, p->at), p->clerk ? p->clerk : "c3",
                                             "counter-pc", "RESUMED", 0, event, &error), >, 0);
  g_assert_no_error (error);
}

static void
add_turned_away (Fixture *f, const TurnedAwaySpec *t)
{
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (event, "type", "TURNED_AWAY");
  json_object_set_string_member (event, "service_day", t->day);
  json_object_set_string_member (event, "service", t->service);
  json_object_set_string_member (event, "refusal", t->refusal);
  g_assert_cmpint (loket_store_append_event (f->store, local_usec (t->day, t->at), "kiosk1", "kiosk1",
                                             "TURNED_AWAY", 0, event, &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean interleaved = g_strcmp0 (data, "interleaved") == 0;

  f->dir = g_dir_make_tmp ("loket-report-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "loket.db", NULL);
  f->charter_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "charter-test.ini", NULL);
  f->charter = loket_charter_new_from_file (f->charter_path, &error);
  g_assert_no_error (error);
  /* "schema5": written by the Loket before the report rows, which its
   * migration then copies; its staff are added once it has migrated
   * (the store writes its newest schema only). */
  f->schema5 = g_strcmp0 (data, "schema5") == 0;
  f->store = f->schema5 ? loket_store_open_at_version (f->path, 5, &error) : loket_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (loket_store_begin (f->store, &error));
  /* "interleaved": the day after the period is written in the middle of
   * it, as if a clock had jumped: ids no longer follow the days. */
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      if (interleaved && i == 3)
        add_ticket (f, &tickets[G_N_ELEMENTS (tickets) - 1]);
      if (!interleaved || i + 1 < G_N_ELEMENTS (tickets))
        add_ticket (f, &tickets[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pauses); i++)
    add_pause (f, &pauses[i]);
  for (guint i = 0; i < G_N_ELEMENTS (turned_away); i++)
    add_turned_away (f, &turned_away[i]);
  g_assert_true (loket_store_commit (f->store, &error));
  g_assert_no_error (error);
  if (f->schema5)
    {
      g_clear_object (&f->store);
      f->store = loket_store_open (f->path, &error);
      g_assert_no_error (error);
    }
  g_assert_true (loket_store_add_clerk (f->store, "siti", "Siti Aminah", "1234", 0, &error));
  g_assert_true (loket_store_add_clerk (f->store, "budi", "Budi Santoso", "5678", 0, &error));
  g_assert_no_error (error);
  loket_i18n_set_language ("en");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->charter);
  loket_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->charter_path);
  g_free (f->dir);
}

static LoketReport *
compute (Fixture *f, const char *lang)
{
  g_autoptr(GError) error = NULL;
  LoketReport *report = loket_report_compute (f->store, f->charter, FROM, TO, lang, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* ---- every cell, by hand ------------------------------------------------ */

static const char * const service_rows[] = {
  "ktp|Electronic ID card|30|15|5|1|0|1|2|1|0|0|0|2|4|14.5|5.0|40.0|40.0|75.0|1|3|12.0|12.0|20.0|20.0|66.7|1",
  /* Two calls within 45 minutes and ticket 12 never called: 2 of 3. */
  "kk|Kartu Keluarga|45|20|3|0|1|0|0|0|1|0|1|0|2|22.5|20.0|25.0|25.0|66.7|1|0||||||",
  "akta|Akta Kelahiran|60|20|2|0|0|1|2|0|0|1|0|0|1|91.0|91.0|91.0|91.0|0.0|1|2|15.0|10.0|20.0|20.0|100.0|0",
  "passport|passport|||1|0|0|0|1|0|0|0|0|0|1|22.0|22.0|22.0|22.0|||1|10.0|10.0|10.0|10.0||",
  "|All services|||11|1|1|2|5|1|1|1|1|2|8|27.0|20.0|91.0|91.0|62.5|3|6|12.7|10.0|20.0|20.0|80.0|1",
  NULL
};
static const char * const service_keys =
  "service|name|promised_wait_min|promised_service_min|issued|priority|transferred|turned_away|served|"
  "other_outcome|no_show|voided|unserved|unfinished|wait_n|wait_mean_min|wait_median_min|wait_p90_min|"
  "wait_max_min|wait_within_pct|wait_breaches|service_n|service_mean_min|service_median_min|"
  "service_p90_min|service_max_min|service_within_pct|service_breaches";

static const char * const counter_rows[] = {
  "1|Loket 1|1|1|0|2|8.0|2|25.0|0.0|15.0|10.0",
  "2|Loket 2|2|0|1|2|15.0|1|20.0|0.0|20.0|0.0",
  "3|Loket 3|2|0|0|2|15.0|1|30.0|30.0|0.0|0.0",
  NULL
};
static const char * const clerk_rows[] = {
  "budi|Budi Santoso|2|0|1|2|15.0|1|20.0|0.0|20.0|0.0",
  "siti|Siti Aminah|1|1|0|2|8.0|2|25.0|0.0|15.0|10.0",
  NULL
};
#define STAFF_KEYS "|served|other_outcome|no_show|service_n|service_mean_min|pauses|pause_min|" \
                   "pause_min_meeting|pause_min_prayer|pause_min_rest, \"short\""

static const char * const hour_rows[] = {
  "08:00|4|2.0|4|36.5|0|3|1|0|0|0|0|0",
  "09:00|2|1.0|2|22.5|1|2|0|0|0|0|0|0",
  "10:00|1|0.5|0||0|1|0|0|0|0|0|0",
  "11:00|1|0.5|1|22.0|0|1|0|0|0|0|0|0",
  "12:00|0|0.0|0||0|0|0|0|0|0|0|0",
  "13:00|2|1.0|1|3.0|0|0|2|0|0|0|0|0",
  "14:00|1|0.5|0||0|0|1|0|0|0|0|0",
  "15:00|0|0.0|0||1|0|0|0|0|0|0|0",
  NULL
};
static const char * const hour_keys =
  "hour|arrivals|arrivals_per_day|called|wait_mean_min|turned_away|arrivals_mon|arrivals_tue|arrivals_wed|"
  "arrivals_thu|arrivals_fri|arrivals_sat|arrivals_sun";

static char *
table_keys (const LoketReportTable *table)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  for (guint c = 0; c < table->columns->len; c++)
    g_ptr_array_add (keys, ((LoketReportColumn *) g_ptr_array_index (table->columns, c))->key);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv ("|", (char **) keys->pdata);
}

static void
assert_table (const LoketReport *report, LoketReportGrouping by, const char *keys,
              const char * const *rows)
{
  g_autoptr(LoketReportTable) table = loket_report_table_new (report, by);
  g_autofree char *header = table_keys (table);

  g_assert_cmpstr (header, ==, keys);
  g_assert_cmpuint (table->rows->len, ==, g_strv_length ((char **) rows));
  for (guint r = 0; rows[r] != NULL; r++)
    {
      g_autofree char *row = g_strjoinv ("|", g_ptr_array_index (table->rows, r));

      g_assert_cmpstr (row, ==, rows[r]);
    }
}

static void
test_every_cell (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = compute (f, "en");

  assert_table (report, LOKET_REPORT_BY_SERVICE, service_keys, service_rows);
  assert_table (report, LOKET_REPORT_BY_COUNTER, "counter|name" STAFF_KEYS, counter_rows);
  assert_table (report, LOKET_REPORT_BY_CLERK, "clerk|name" STAFF_KEYS, clerk_rows);
  assert_table (report, LOKET_REPORT_BY_HOUR, hour_keys, hour_rows);
}

/* What the tables do not show: days, weekdays, the wait histogram. */
static void
test_model_extras (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = compute (f, "en");
  const guint bins[LOKET_REPORT_WAIT_BINS] = { [0] = 1, [1] = 1, [2] = 1, [4] = 2, [5] = 1, [8] = 1, [18] = 1 };

  g_assert_cmpuint (report->days, ==, 2);
  g_assert_cmpuint (report->days_by_weekday[0], ==, 1);
  g_assert_cmpuint (report->days_by_weekday[1], ==, 1);
  for (guint i = 0; i < LOKET_REPORT_WAIT_BINS; i++)
    g_assert_cmpuint (report->wait_histogram[i], ==, bins[i]);
  g_assert_cmpstr (report->office, ==, "Kantor Uji Loket");
  g_assert_cmpstrv (report->pause_reasons, ((const char *[]) { "meeting", "prayer", "rest, \"short\"", NULL }));
  /* Pauses by the charter's labels (its default list); a free text from
   * before the list reads as "other". */
  g_assert_cmpstrv (report->pause_reason_labels,
                    ((const char *[]) { "Meeting", "Prayer", "Other: rest, \"short\"", NULL }));
  /* Indonesian takes the charter's own names. */
  {
    g_autoptr(LoketReport) id = compute (f, "id");

    g_assert_cmpstrv (id->pause_reason_labels,
                      ((const char *[]) { "Rapat", "Sholat", "Lainnya: rest, \"short\"", NULL }));

    g_assert_cmpstr (((LoketReportService *) g_ptr_array_index (id->services, 0))->name, ==, "KTP-el");
  }
}

/* The model travels as JSON (the REPORT request): back on the other side,
 * every cell and every figure the tables do not show is the same. */
static char *
write_text (const LoketReport *report, LoketReportGrouping by, gboolean wide)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_report_write_text (report, by, wide, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));   /* a NUL */
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_json_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = compute (f, "en");
  g_autoptr(JsonObject) json = loket_report_to_json (report);
  g_autofree char *text = loket_json_to_string (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) parsed = loket_json_from_string (text, -1, &error);
  g_autoptr(LoketReport) back = NULL;
  g_autoptr(JsonObject) broken = NULL;

  g_assert_no_error (error);
  back = loket_report_from_json (parsed, &error);
  g_assert_no_error (error);
  assert_table (back, LOKET_REPORT_BY_SERVICE, service_keys, service_rows);
  assert_table (back, LOKET_REPORT_BY_COUNTER, "counter|name" STAFF_KEYS, counter_rows);
  assert_table (back, LOKET_REPORT_BY_CLERK, "clerk|name" STAFF_KEYS, clerk_rows);
  assert_table (back, LOKET_REPORT_BY_HOUR, hour_keys, hour_rows);
  g_assert_cmpuint (back->days, ==, report->days);
  g_assert_cmpmem (back->days_by_weekday, sizeof back->days_by_weekday,
                   report->days_by_weekday, sizeof report->days_by_weekday);
  g_assert_cmpmem (back->wait_histogram, sizeof back->wait_histogram,
                   report->wait_histogram, sizeof report->wait_histogram);
  g_assert_cmpmem (back->hours, sizeof back->hours, report->hours, sizeof report->hours);
  g_assert_cmpstr (back->office, ==, report->office);
  g_assert_cmpstrv (back->pause_reason_labels, report->pause_reason_labels);
  {
    /* The supervisor's table heads a pause column by its label. */
    g_autofree char *wide = write_text (back, LOKET_REPORT_BY_COUNTER, TRUE);

    /* (the heads wrap: "Paused:" above "Prayer") */
    g_assert_nonnull (strstr (wide, " Prayer "));
    g_assert_nonnull (strstr (wide, " Other:"));
    g_assert_null (strstr (wide, " prayer "));
  }
  /* The period's anchors, each a day's last event, come along. */
  g_assert_cmpuint (report->anchors->len, >=, 1);
  g_assert_cmpuint (back->anchors->len, ==, report->anchors->len);
  for (guint i = 0; i < report->anchors->len; i++)
    {
      const LoketReportAnchor *a = g_ptr_array_index (report->anchors, i);
      const LoketReportAnchor *b = g_ptr_array_index (back->anchors, i);

      g_assert_cmpstr (a->day, ==, b->day);
      g_assert_cmpstr (a->hash, ==, b->hash);
      g_assert_cmpint (a->seq, ==, b->seq);
      g_assert_cmpuint (strlen (a->hash), ==, 64);
      g_assert_cmpstr (a->day, >=, report->from);
      g_assert_cmpstr (a->day, <=, report->to);
    }
  {
    g_autofree char *printed = write_text (report, LOKET_REPORT_BY_SERVICE, FALSE);
    const LoketReportAnchor *last = g_ptr_array_index (report->anchors, report->anchors->len - 1);

    g_assert_nonnull (strstr (printed, "Daily anchor"));
    g_assert_nonnull (strstr (printed, last->hash));
  }

  /* A malformed model is refused, naming what is wrong. */
  broken = loket_json_from_string ("{\"services\": [], \"hours\": [1, 2]}", -1, &error);
  g_assert_no_error (error);
  g_assert_null (loket_report_from_json (broken, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

static void
test_bad_period (Fixture *f, gconstpointer data)
{
  const char * const bad[][2] = {
    { "2026-02-30", TO }, { "2026-3-2", TO }, { FROM, "yesterday" }, { TO, FROM }, { FROM, "2026-03-033" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LoketReport) report = loket_report_compute (f->store, f->charter, bad[i][0], bad[i][1],
                                                            "en", &error);

      g_assert_null (report);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
    }
}

/* ---- nearest rank ------------------------------------------------------- */

static gint
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The median and 90th percentile of durations spread over arrays, as the
 * model keeps them (blocks, some empty), against the same values sorted. */
static void
test_percentile_across (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
      guint n_sets = g_rand_int_range (rand, 1, 8);
      /* Minutes (many ties), or µs up to a day (three digits). */
      gint64 top = round % 2 ? 90 : (gint64) 86400 * G_USEC_PER_SEC, max = 0, median = -1, p90 = -1;

      for (guint s = 0; s < n_sets; s++)
        {
          gsize n = round == 0 && s == 0 ? 1 : (gsize) g_rand_int_range (rand, 0, 3000);
          gint64 *values = g_new (gint64, MAX (n, 1));

          for (gsize i = 0; i < n; i++)
            {
              values[i] = (gint64) (g_rand_double (rand) * top);
              max = MAX (max, values[i]);
            }
          g_array_append_vals (all, values, n);
          g_ptr_array_add (sets, values);
          g_array_append_val (lengths, n);
        }
      if (all->len == 0)
        continue;
      loket_report_median_and_p90 ((const gint64 * const *) sets->pdata, (const gsize *) lengths->data,
                                   sets->len, max, &median, &p90);
      g_array_sort (all, compare_int64);
      g_assert_cmpint (median, ==, g_array_index (all, gint64, (50 * all->len + 99) / 100 - 1));
      g_assert_cmpint (p90, ==, g_array_index (all, gint64, (90 * all->len + 99) / 100 - 1));
    }
}

static void
test_percentile (void)
{
  gint64 one[] = { 7 }, two[] = { 2, 1 }, dup[] = { 5, 9, 5, 1, 5 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) sorted = NULL;
  const guint ps[] = { 1, 10, 50, 90, 99, 100 };

  g_assert_cmpint (loket_report_percentile (one, 1, 50), ==, 7);
  g_assert_cmpint (loket_report_percentile (one, 1, 90), ==, 7);
  g_assert_cmpint (loket_report_percentile (two, 2, 50), ==, 1);   /* rank ⌈1⌉ */
  g_assert_cmpint (loket_report_percentile (two, 2, 90), ==, 2);   /* rank ⌈1.8⌉ */
  g_assert_cmpint (loket_report_percentile (dup, 5, 50), ==, 5);
  g_assert_cmpint (loket_report_percentile (dup, 5, 90), ==, 9);
  g_assert_cmpint (loket_report_percentile (NULL, 0, 50), ==, 0);
  /* Any value a gint64 holds, the extremes too. */
  {
    const gint64 wide[] = { G_MAXINT64, -3, G_MININT64, 0, 12 };

    g_assert_cmpint (loket_report_percentile (wide, 5, 1), ==, G_MININT64);
    g_assert_cmpint (loket_report_percentile (wide, 5, 40), ==, -3);
    g_assert_cmpint (loket_report_percentile (wide, 5, 50), ==, 0);
    g_assert_cmpint (loket_report_percentile (wide, 5, 100), ==, G_MAXINT64);
  }
  for (guint i = 0; i < 10001; i++)
    {
      gint64 v = g_rand_int_range (rand, 0, 500);   /* many ties */

      g_array_append_val (values, v);
    }
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_int64);
  for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
    {
      gsize rank = (ps[i] * values->len + 99) / 100;

      g_assert_cmpint (loket_report_percentile ((gint64 *) values->data, values->len, ps[i]), ==,
                       g_array_index (sorted, gint64, rank - 1));
    }
}

/* ---- CSV, read back ----------------------------------------------------- */

static char *
write_to_memory (const LoketReport *report, LoketReportGrouping by, LoketReportFormat format)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_report_write (report, by, format, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));   /* a NUL */
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
assert_csv (const LoketReport *report, LoketReportGrouping by, const char *keys, const char * const *rows)
{
  g_autofree char *csv = write_to_memory (report, by, LOKET_REPORT_CSV);
  g_autoptr(GPtrArray) records = loket_test_parse_csv (csv);
  g_autofree char *header = NULL;

  g_assert_cmpuint (records->len, ==, 1 + g_strv_length ((char **) rows));
  header = g_strjoinv ("|", g_ptr_array_index (records, 0));
  g_assert_cmpstr (header, ==, keys);
  for (guint r = 0; rows[r] != NULL; r++)
    {
      g_autofree char *row = g_strjoinv ("|", g_ptr_array_index (records, r + 1));

      g_assert_cmpstr (row, ==, rows[r]);
    }
}

static void
test_csv (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = compute (f, "en");
  g_autofree char *counters = write_to_memory (report, LOKET_REPORT_BY_COUNTER, LOKET_REPORT_CSV);

  assert_csv (report, LOKET_REPORT_BY_SERVICE, service_keys, service_rows);
  assert_csv (report, LOKET_REPORT_BY_COUNTER, "counter|name" STAFF_KEYS, counter_rows);
  assert_csv (report, LOKET_REPORT_BY_CLERK, "clerk|name" STAFF_KEYS, clerk_rows);
  assert_csv (report, LOKET_REPORT_BY_HOUR, hour_keys, hour_rows);
  /* The quoting itself: a reason with a comma and quotes. */
  g_assert_nonnull (strstr (counters, ",\"pause_min_rest, \"\"short\"\"\"\r\n"));
}


/* The default text is the summary, and fits a terminal of 100 columns
 * even with a long name (shortened with "…"), in either language; --wide
 * has every column; no line ends in spaces. */
static void
test_text_fits (Fixture *f, gconstpointer data)
{
  const char *langs[] = { "en", "id" };

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      g_autoptr(LoketReport) report = compute (f, langs[l]);
      LoketReportService *first = g_ptr_array_index (report->services, 0);

      g_free (first->name);
      first->name = g_strdup ("Surat keterangan pindah datang antar kabupaten/kota dalam satu provinsi, "
                              "dengan perubahan KK");
      for (LoketReportGrouping by = LOKET_REPORT_BY_SERVICE; by <= LOKET_REPORT_BY_HOUR; by++)
        {
          g_autofree char *text = write_text (report, by, FALSE);
          g_autofree char *wide = write_text (report, by, TRUE);
          g_autoptr(LoketReportTable) all = loket_report_table_new (report, by);
          g_autoptr(LoketReportTable) summary = loket_report_table_new_summary (report, by);
          g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
          guint widest = 0;

          for (guint i = 0; lines[i] != NULL; i++)
            {
              widest = MAX (widest, (guint) g_utf8_strlen (lines[i], -1));
              g_assert_false (g_str_has_suffix (lines[i], " "));
            }
          g_assert_cmpuint (widest, <=, 100);
          g_assert_cmpuint (summary->columns->len, <, all->columns->len);
          g_assert_cmpuint (summary->rows->len, ==, all->rows->len);
          if (by == LOKET_REPORT_BY_SERVICE)
            {
              g_assert_nonnull (strstr (text, "Surat keterangan pindah"));
              g_assert_null (strstr (text, "perubahan KK"));
              g_assert_nonnull (strstr (text, "…"));
              g_assert_nonnull (strstr (wide, "dengan perubahan KK"));
            }
          /* Wide: every column's figures, the summary's among them. */
          g_assert_cmpuint (strlen (wide), >, strlen (text));
        }
    }
}

static void
test_text (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = compute (f, "en");
  g_autofree char *text = write_text (report, LOKET_REPORT_BY_COUNTER, TRUE);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean found = FALSE;

  g_assert_true (g_str_has_prefix (text, "Kantor Uji Loket\nJl. Pengujian No. 1\n"
                                         "Per counter — 2 March 2026 – 3 March 2026 (2 service days)\n"));
  /* Aligned: every line of the table as long as the rule under the header. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "1        Loket 1"))
      {
        g_auto(GStrv) cells = g_strsplit_set (lines[i], " ", -1);
        g_autofree char *joined = NULL;

        found = TRUE;
        g_assert_cmpuint (g_utf8_strlen (lines[i], -1), ==, g_utf8_strlen (lines[i - 1], -1));
        joined = g_strjoinv ("", cells);
        g_assert_cmpstr (joined, ==, "1Loket111028.0225.00.015.010.0");
      }
  g_assert_true (found);
}

/* ---- PDF, read back ----------------------------------------------------- */

/* The text of @pdf_path by pdftotext, or NULL (test failed) without it. */
static char *
pdf_to_text (const char *pdf_path)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  const char *argv[] = { pdftotext, "-enc", "UTF-8", pdf_path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (pdftotext == NULL)
    {
      loket_test_missing ("no pdftotext (poppler-utils)");
      return NULL;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static char *
write_pdf (Fixture *f, const LoketReport *report, LoketReportGrouping by, const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *pdf = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_report_write (report, by, LOKET_REPORT_PDF, out, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_true (g_file_set_contents (path,
                                      g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                                      &error));
  g_assert_no_error (error);
  return pdf_to_text (path);
}

static guint
count_pages (const char *text)
{
  guint pages = 0;

  for (const char *p = text; *p; p++)
    pages += *p == '\f';
  return pages;
}

static void
assert_contains (const char *text, const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (text, needles[i]) == NULL)
      g_error ("“%s” is not in the PDF's text:\n%s", needles[i], text);
}

/* The charts the PDF and the supervisor's screen share: each draws ink
 * on a plain image surface, the bars' height grows with their width's
 * wrapping but not with nothing, and the words say the figures drawn. */
static void
test_charts (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = compute (f, "en");

  for (LoketReportChart chart = 0; chart < LOKET_REPORT_N_CHARTS; chart++)
    {
      double height = loket_report_chart_height (report, chart, 400);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, (int) height);
      cairo_t *cr = cairo_create (surface);
      g_autofree char *words = loket_report_chart_describe (report, chart);
      const guint32 *pixels;
      guint inked = 0;

      g_test_message ("%s: %.0f pt high; %s", loket_report_chart_to_string (chart), height, words);
      g_assert_cmpfloat (height, >, 20);
      loket_report_chart_draw (cr, report, chart, 400, height);
      cairo_surface_flush (surface);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      pixels = (const guint32 *) cairo_image_surface_get_data (surface);
      for (int i = 0; i < 400 * (int) height; i++)
        inked += pixels[i] != 0;
      g_assert_cmpuint (inked, >, 400);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_assert_true (words != NULL && *words);
    }
  /* The charts draw with the thread's default font map (the screen's);
   * dropping it lets the leak checker see what is ours. */
  pango_cairo_font_map_set_default (NULL);
  /* Each service's share and breaches, as the table writes them. */
  for (guint i = 0; i < report->services->len; i++)
    {
      const LoketReportService *s = g_ptr_array_index (report->services, i);
      g_autofree char *compliance = loket_report_chart_describe (report, LOKET_REPORT_CHART_COMPLIANCE);
      g_autofree char *breaches = loket_report_chart_describe (report, LOKET_REPORT_CHART_BREACHES);
      g_autofree char *share = loket_report_format_percent (s->wait.within, s->wait.judged);
      g_autofree char *said = *share ? g_strdup_printf ("%s %s%%;", s->name, share) : g_strdup_printf ("%s –;", s->name);
      guint n = s->wait.judged - s->wait.within;
      g_autofree char *broken = g_strdup_printf ("%s %u %s,", s->name, n, n == 1 ? "breach" : "breaches");

      g_assert_nonnull (strstr (compliance, said));
      g_assert_nonnull (strstr (breaches, broken));
    }
}

static void
test_pdf (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = compute (f, "en");
  g_autofree char *services = write_pdf (f, report, LOKET_REPORT_BY_SERVICE, "services.pdf");
  g_autofree char *hours = NULL;
  const char * const summary[] = {
    "Kantor Uji Loket", "Jl. Pengujian No. 1", "Service report against the citizen charter",
    "2 March 2026 – 3 March 2026 · 2 service days", "tickets taken", "62.5%", "20.0 min", "80.0%",
    "Turned away (closed, or the quota used up): 2 · unserved when the day closed: 1",
    "Called within the promised wait, per service", "target 90%", "Electronic ID card", "75.0%",
    "promise: 45 min · 2 called", "66.7%", "All services", "Arrivals per hour on an average day",
    "How long citizens waited", "Page 1", NULL
  };
  const char * const tables[] = {
    "Per service, part 1 of 2", "Per service, part 2 of 2", "Page 3", "passport", "66.7", "12.7", NULL
  };
  const char * const hour[] = { "Per hour of arrival", "Arrivals on an average day, by weekday and hour",
                                "36.5", "Monday", "Tuesday", NULL };

  if (services == NULL)
    return;
  g_assert_cmpuint (count_pages (services), ==, 3);
  assert_contains (services, summary);
  assert_contains (services, tables);
  hours = write_pdf (f, report, LOKET_REPORT_BY_HOUR, "hours.pdf");
  g_assert_cmpuint (count_pages (hours), ==, 2);
  assert_contains (hours, hour);
}

/* In Indonesian: the translated labels, the charter's own names, and
 * decimal commas — in the PDF only; CSV keeps its points. */
static void
test_pdf_indonesian (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  const char * const expected[] = {
    "Laporan pelayanan terhadap maklumat pelayanan", "2 Maret 2026 – 3 Maret 2026 · 2 hari layanan",
    "tiket diambil", "62,5%", "KTP-el", "Semua layanan", "Per layanan, bagian 1 dari 2", "14,5",
    "Halaman 3", NULL
  };

  loket_i18n_set_language ("id");
  report = compute (f, "id");
  text = write_pdf (f, report, LOKET_REPORT_BY_SERVICE, "layanan.pdf");
  csv = write_to_memory (report, LOKET_REPORT_BY_SERVICE, LOKET_REPORT_CSV);
  if (text != NULL)
    assert_contains (text, expected);
  g_assert_nonnull (strstr (csv, "\r\nktp,KTP-el,30,15,5,1,0,1,2,1,0,0,0,2,4,14.5,"));
}

/* ---- loketctl report ---------------------------------------------------- */

static char *
run_ctl (int *status, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKETCTL"));
  g_ptr_array_add (argv, "report");
  va_start (args, err);
  for (const char *a = va_arg (args, const char *); a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, err, status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (*status) ? WEXITSTATUS (*status) : -1;
  return out;
}

static void
test_loketctl (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketReport) report = compute (f, "en");
  g_autofree char *expected = write_to_memory (report, LOKET_REPORT_BY_SERVICE, LOKET_REPORT_CSV);
  g_autofree char *pdf_path = g_build_filename (f->dir, "out.pdf", NULL);
  g_autofree char *pdf = NULL;
  char *out, *err;
  int status;

  g_clear_object (&f->store);   /* loketctl opens it read-only, as beside a running loketd */
  out = run_ctl (&status, &err, "--db", f->path, "--from", FROM, "--to", TO, "--charter", f->charter_path,
                 "--format", "csv", "--lang", "en", "--output", "-", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, expected);
  g_free (out), g_free (err);
  out = run_ctl (&status, &err, "--db", f->path, "--from", FROM, "--to", TO, "--charter", f->charter_path,
                 "--format", "pdf", "--by", "clerk", "--output", pdf_path, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL) && g_str_has_prefix (pdf, "%PDF-"));
  g_free (out), g_free (err);
  /* Text: the summary by default, every column with --wide. */
  out = run_ctl (&status, &err, "--db", f->path, "--from", FROM, "--to", TO, "--charter", f->charter_path,
                 "--lang", "en", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "--wide"));
  g_assert_null (strstr (out, "Promised"));
  g_free (out), g_free (err);
  out = run_ctl (&status, &err, "--db", f->path, "--from", FROM, "--to", TO, "--charter", f->charter_path,
                 "--lang", "en", "--wide", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Promised"));
  g_free (out), g_free (err);
  /* Usage (2): a missing period, an unknown grouping, a PDF to nowhere,
   * --wide for CSV. */
  out = run_ctl (&status, &err, "--db", f->path, "--from", FROM, "--to", TO, "--charter", f->charter_path,
                 "--format", "csv", "--wide", NULL);
  g_assert_cmpint (status, ==, 2);
  g_free (out), g_free (err);
  out = run_ctl (&status, &err, "--db", f->path, "--from", FROM, NULL);
  g_assert_cmpint (status, ==, 2);
  g_free (out), g_free (err);
  out = run_ctl (&status, &err, "--db", f->path, "--from", FROM, "--to", TO, "--by", "day", NULL);
  g_assert_cmpint (status, ==, 2);
  g_free (out), g_free (err);
  /* Refused (1): no charter to measure against; a bad date; no database. */
  out = run_ctl (&status, &err, "--db", f->path, "--from", FROM, "--to", TO, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "--charter"));
  g_free (out), g_free (err);
  out = run_ctl (&status, &err, "--db", f->path, "--from", "2026-02-30", "--to", TO, "--charter",
                 f->charter_path, NULL);
  g_assert_cmpint (status, ==, 1);
  g_free (out), g_free (err);
  out = run_ctl (&status, &err, "--db", pdf_path, "--from", FROM, "--to", TO, "--charter",
                 f->charter_path, NULL);
  g_assert_cmpint (status, ==, 1);
  g_free (out), g_free (err);
}

/* Read by the sanitizers: fontconfig's configuration, loaded once for
 * pango and never freed, is not our leak (see test-ticket-printout.c). */
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:FcInitLoadConfigAndFonts\n";
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  loket_i18n_init (g_getenv ("LOKET_LOCALEDIR"));
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/report/every-cell", test_every_cell);
  g_test_add ("/report/interleaved-ids", Fixture, "interleaved", fixture_set_up, test_every_cell,
              fixture_tear_down);
  g_test_add ("/report/upgraded-from-schema5", Fixture, "schema5", fixture_set_up, test_every_cell,
              fixture_tear_down);
  ADD ("/report/model-extras", test_model_extras);
  ADD ("/report/json-round-trip", test_json_round_trip);
  ADD ("/report/bad-period", test_bad_period);
  ADD ("/report/csv", test_csv);
  ADD ("/report/text", test_text);
  ADD ("/report/text-fits", test_text_fits);
  ADD ("/report/pdf", test_pdf);
  ADD ("/report/charts", test_charts);
  ADD ("/report/pdf-indonesian", test_pdf_indonesian);
  ADD ("/report/loketctl", test_loketctl);
  g_test_add_func ("/report/percentile", test_percentile);
  g_test_add_func ("/report/percentile-across", test_percentile_across);
  return g_test_run ();
}
