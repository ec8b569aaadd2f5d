/* loket-web-central.c — the region's public page and open data (see
 * loket-web-central.h).
 *
 * What is asked of the centre is an entry keyed by what it reads: the
 * page's figures for a period, or the open data's rows for a period (the
 * days', or the complaints' per office and category).  An
 * entry answered less than the cache's time ago is served as it is; else
 * the request is paused and waits for the entry's read, which is started
 * unless one is under way — so a thousand phones loading the page at once
 * cost one read.  A read is a GTask in a thread with its own PGconn
 * (loket_region_query_open: read-only, a statement timeout), so the main
 * loop goes on serving the others however slow the centre is.  The page
 * is made in loket-web-central-page.c; the open data here, every word
 * from the centre quoted as CSV or JSON asks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-central.h"
#include "loket-web-central-private.h"
#include "loket-web-complaint-stats.h"
#include "loket-web-html.h"
#include "loket-web-page.h"
#include "loket-web-page-private.h"
#include "loket-web-rows.h"
#include "loket-web-server.h"

#include "loket-region-query.h"
#include "loket-region-schema.h"

#include <stdio.h>
#include <string.h>

/* Entries kept at once: the page's, and a few open-data periods. */
#define MAX_ENTRIES 32
/* The longest period of the open data, as the office's (docs/open-data.md). */
#define MAX_DAYS 366
/* Open-data reads of different periods at once: more ranges asked for
 * while these run are told to come back (the page's read always runs),
 * so that nobody makes the centre run dozens of scans at a time. */
#define MAX_DATA_READS 3

/* What a request asks for, and what it needs read from the centre. */
typedef enum { KIND_PAGE, KIND_CSV, KIND_JSON, KIND_COMPLAINTS_CSV, KIND_COMPLAINTS_JSON } Kind;
typedef enum { READ_PAGE, READ_DAILY, READ_COMPLAINTS } Read;

typedef struct {
  SoupServerMessage *msg;
  const char        *lang;   /* "id" or "en", a literal */
  Kind               kind;
  gboolean           gone;   /* the browser left before the centre answered */
} Waiter;


typedef struct {
  char      *from;       /* NULL: the latest period, chosen at each read */
  char      *to;
  char      *region;     /* NULL: every office */
  Read       read;
  LoketWebCentralAnswer    *answer;     /* the last good one */
  gboolean   failed;     /* the last read failed */
  gint64     at;         /* monotonic µs of the last read's end */
  gboolean   running;
  GPtrArray *waiting;    /* Waiter* */
} Entry;

/* A read, as the thread sees it: copies only. */
typedef struct {
  char      *conninfo;
  GTimeZone *zone;
  char      *key;
  char      *from;       /* NULL: the latest period */
  char      *to;
  char      *region;
  Read       read;
} Job;

struct _LoketWebCentral {
  GObject     parent_instance;
  char       *conninfo;
  GTimeZone  *zone;       /* the region's clock */
  guint       cache_s;
  GHashTable *entries;    /* key → Entry* */
  GHashTable *regions;    /* the regions the centre files offices under, as last read */
  gint64      regions_at; /* monotonic µs of that read; 0: never */
  gboolean    down;       /* the last read failed: said once in the log */
};

G_DEFINE_FINAL_TYPE (LoketWebCentral, loket_web_central, G_TYPE_OBJECT)

static void
answer_free (gpointer data)
{
  LoketWebCentralAnswer *a = data;

  if (a == NULL)
    return;
  g_free (a->from);
  g_free (a->to);
  g_free (a->region);
  g_free (a->week_from);
  g_clear_pointer (&a->zone, g_time_zone_unref);
  g_clear_pointer (&a->report, loket_region_report_free);
  g_clear_pointer (&a->daily, g_ptr_array_unref);
  g_clear_pointer (&a->shipments, g_ptr_array_unref);
  g_clear_pointer (&a->complaints, g_ptr_array_unref);
  g_free (a);
}

static void
waiter_free (gpointer data)
{
  Waiter *w = data;

  g_signal_handlers_disconnect_by_data (w->msg, w);
  g_object_unref (w->msg);
  g_free (w);
}

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->from);
  g_free (e->to);
  g_free (e->region);
  answer_free (e->answer);
  g_ptr_array_unref (e->waiting);
  g_free (e);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->conninfo);
  g_time_zone_unref (job->zone);
  g_free (job->key);
  g_free (job->from);
  g_free (job->to);
  g_free (job->region);
  g_free (job);
}

/* ---- days ---------------------------------------------------------------- */

/* @day ("YYYY-MM-DD") as a GDate; FALSE unless it is one, exactly. */
static gboolean
parse_day (const char *day, GDate *date)
{
  guint y, m, d;
  char again[11];

  if (day == NULL || strlen (day) != 10 || sscanf (day, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  g_snprintf (again, sizeof again, "%04u-%02u-%02u", y, m, d);
  return g_str_equal (again, day);
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* @day (valid) moved by @days, forwards or back. */
static char *
day_shift (const char *day, gint days)
{
  GDate date;

  if (!parse_day (day, &date))
    g_return_val_if_reached (NULL);
  if (days >= 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);
  return format_day (&date);
}

/* Today by the region's clock. */
static char *
today_in (GTimeZone *zone)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The latest period: LOKET_WEB_CENTRAL_DAYS days ending today by the
 * region's clock, or ending tomorrow once an office holds a ticket of it.
 * Indonesia's three zones run 7 to 9 hours ahead of UTC, so an office may
 * well be working on a day the gateway's clock has not reached (the
 * centre left on UTC, an office in WITA or WIT); its day belongs on the
 * page.  No further than tomorrow, so that an office with a wrong clock
 * cannot push the whole region's page into the future. */
static gboolean
latest_period (PGconn *conn, GTimeZone *zone, char **from, char **to, GError **error)
{
  g_autofree char *today = today_in (zone);
  g_autofree char *tomorrow = day_shift (today, 1);
  gboolean begun = FALSE;

  if (!loket_region_query_day_begun (conn, tomorrow, &begun, error))
    return FALSE;
  *to = g_strdup (begun ? tomorrow : today);
  *from = day_shift (*to, -(LOKET_WEB_CENTRAL_DAYS - 1));
  return TRUE;
}

/* ---- the read, in its thread --------------------------------------------- */

/* Whether any of @shipments is filed under @region. */
static gboolean
files_region (GPtrArray *shipments, const char *region)
{
  for (guint i = 0; i < shipments->len; i++)
    if (g_strcmp0 (((const LoketRegionShipment *) g_ptr_array_index (shipments, i))->region, region) == 0)
      return TRUE;
  return FALSE;
}

static void
read_centre (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = loket_region_query_open (job->conninfo, "loket-web",
                                                    LOKET_WEB_CENTRAL_STATEMENT_TIMEOUT_MS, &error);
  LoketWebCentralAnswer *a;

  if (conn == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  a = g_new0 (LoketWebCentralAnswer, 1);
  a->read_at = g_get_real_time ();
  a->zone = g_time_zone_ref (job->zone);
  if (job->from != NULL)
    {
      a->from = g_strdup (job->from);
      a->to = g_strdup (job->to);
    }
  else
    latest_period (conn, job->zone, &a->from, &a->to, &error);
  a->region = g_strdup (job->region);
  if (error == NULL)
    a->week_from = day_shift (a->to, -(LOKET_WEB_CENTRAL_WEEK - 1));
  if (error == NULL && (job->read != READ_DAILY || job->region != NULL))
    a->shipments = loket_region_query_shipments (conn, &error);
  if (error == NULL && job->region != NULL && !files_region (a->shipments, job->region))
    a->no_region = TRUE;
  else if (error == NULL && job->read == READ_PAGE && a->shipments->len > 0)
    a->report = loket_region_query_report (conn, NULL, job->region, a->from, a->to, "id", FALSE, &error);
  if (error == NULL && a->no_region)
    ;
  else if (error == NULL && job->read == READ_COMPLAINTS)
    a->complaints = loket_region_query_complaints (conn, a->from, a->to, job->region, &error);
  else if (error == NULL)
    a->daily = loket_region_query_daily (conn, a->from, a->to, job->region, &error);
  if (error != NULL)
    {
      answer_free (a);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, a, answer_free);
}

static void answer_waiter (LoketWebCentral *self, Entry *e, Waiter *w);

/* The regions the offices are filed under, as the centre just said. */
static void
remember_regions (LoketWebCentral *self, GPtrArray *shipments)
{
  g_hash_table_remove_all (self->regions);
  for (guint i = 0; i < shipments->len; i++)
    {
      const LoketRegionShipment *s = g_ptr_array_index (shipments, i);

      if (s->region != NULL)
        g_hash_table_add (self->regions, g_strdup (s->region));
    }
  self->regions_at = g_get_monotonic_time ();
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer data)
{
  LoketWebCentral *self = LOKET_WEB_CENTRAL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  LoketWebCentralAnswer *answer = g_task_propagate_pointer (G_TASK (result), &error);
  Entry *e = g_hash_table_lookup (self->entries, job->key);
  g_autoptr(GPtrArray) waiting = NULL;

  if (e == NULL)
    {
      answer_free (answer);
      return;
    }
  e->running = FALSE;
  e->at = g_get_monotonic_time ();
  e->failed = answer == NULL;
  if (answer != NULL && answer->shipments != NULL)
    remember_regions (self, answer->shipments);
  if (answer != NULL)
    {
      answer_free (e->answer);
      e->answer = answer;
      if (self->down)
        g_message ("the central database answers again");
      self->down = FALSE;
    }
  else
    {
      /* Said once while it lasts, then again when it is over. */
      if (!self->down)
        g_message ("the regional page is unavailable: %s", error->message);
      else
        g_debug ("still unavailable: %s", error->message);
      self->down = TRUE;
    }
  waiting = g_steal_pointer (&e->waiting);
  e->waiting = g_ptr_array_new_with_free_func (waiter_free);
  for (guint i = 0; i < waiting->len; i++)
    answer_waiter (self, e, g_ptr_array_index (waiting, i));
}

static void
start_read (LoketWebCentral *self, const char *key, Entry *e)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_read, NULL);
  Job *job = g_new0 (Job, 1);

  job->conninfo = g_strdup (self->conninfo);
  job->zone = g_time_zone_ref (self->zone);
  job->key = g_strdup (key);
  job->from = g_strdup (e->from);
  job->to = g_strdup (e->to);
  job->region = g_strdup (e->region);
  job->read = e->read;
  e->running = TRUE;
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, read_centre);
}

/* ---- the open data ------------------------------------------------------- */

/* The columns of /data/region-daily.*: the first three text, the others
 * numbers. */
static const char *const day_columns[] = {
  "office", "day", "service_id", "issued", "served", "turned_away", "wait_median_s", "wait_p90_s",
  "judged", "within", "share_within", NULL,
};
#define DAY_TEXT_COLUMNS 3

static gint64
to_seconds (gint64 usec)
{
  return (usec + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
}

/* The row's cells as text; a wait with no measured ticket, or a share
 * with nothing judged, is "" (null in JSON). */
static GStrv
day_cells (const LoketRegionDay *d)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  GStrv c = g_new0 (char *, G_N_ELEMENTS (day_columns));

  c[0] = g_strdup (d->office);
  c[1] = g_strdup (d->day);
  c[2] = g_strdup (d->service);
  c[3] = g_strdup_printf ("%u", d->issued);
  c[4] = g_strdup_printf ("%u", d->served);
  c[5] = g_strdup_printf ("%u", d->turned_away);
  c[6] = d->waited ? g_strdup_printf ("%" G_GINT64_FORMAT, to_seconds (d->median_wait)) : g_strdup ("");
  c[7] = d->waited ? g_strdup_printf ("%" G_GINT64_FORMAT, to_seconds (d->p90_wait)) : g_strdup ("");
  c[8] = g_strdup_printf ("%u", d->judged);
  c[9] = g_strdup_printf ("%u", d->within);
  c[10] = d->judged ? g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.4f", (double) d->within / d->judged))
                    : g_strdup ("");
  return c;
}

static GPtrArray *
day_rows (const LoketWebCentralAnswer *a)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < a->daily->len; i++)
    g_ptr_array_add (rows, day_cells (g_ptr_array_index (a->daily, i)));
  return rows;
}

/* The columns of /data/region-complaints.*: as /data/complaints.*'s
 * (loket_web_complaint_stats_cells), led by the office's; the first four
 * text, the others numbers. */
static const char *const complaint_columns[] = {
  "office", "category", "category_name", "category_name_en", "received", "answered", "within_deadline",
  "share_within_deadline", "median_working_days", NULL,
};
#define COMPLAINT_TEXT_COLUMNS 4

/* @n in COMPLAINT_STATS' form, for loket_web_complaint_stats_cells(). */
static JsonObject *
figures_json (const LoketRegionComplaints *n)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "received", n->received);
  json_object_set_int_member (o, "answered", n->answered);
  json_object_set_int_member (o, "within_deadline", n->within_deadline);
  if (n->has_median)
    json_object_set_double_member (o, "median_working_days", n->median_working_days);
  return o;
}

static const LoketRegionComplaints *
complaints_of (const LoketWebCentralAnswer *a, const char *office, const char *category)
{
  static const LoketRegionComplaints none;

  for (guint i = 0; i < a->complaints->len; i++)
    {
      const LoketRegionComplaintRow *row = g_ptr_array_index (a->complaints, i);

      if (g_strcmp0 (row->office, office) == 0 && g_strcmp0 (row->category, category) == 0)
        return &row->figures;
    }
  return &none;
}

/* @office's rows (NULL: every office together): each category in the
 * protocol's order, zeros where none came, then "all" — as the office's
 * own /data/complaints.* lists them. */
static void
add_complaint_rows (GPtrArray *rows, const LoketWebCentralAnswer *a, const char *office)
{
  for (guint k = 0; k <= LOKET_COMPLAINT_N_CATEGORIES; k++)
    {
      const char *category = k < LOKET_COMPLAINT_N_CATEGORIES ? loket_complaint_category (k)->id : NULL;
      g_autoptr(JsonObject) figures = figures_json (complaints_of (a, office, category));
      g_auto(GStrv) cells = loket_web_complaint_stats_cells (figures, category ? category : "all");
      char **row = g_new0 (char *, G_N_ELEMENTS (complaint_columns));

      row[0] = g_strdup (office);
      for (guint c = 0; c < LOKET_WEB_COMPLAINT_STATS_CELLS; c++)
        row[c + 1] = g_steal_pointer (&cells[c]);
      g_ptr_array_add (rows, row);
    }
}

/* A row of complaint_columns' cells: not a GStrv, since the office's
 * cell is NULL on the region's rows. */
static void
complaint_cells_free (gpointer data)
{
  char **cells = data;

  for (guint c = 0; complaint_columns[c] != NULL; c++)
    g_free (cells[c]);
  g_free (cells);
}

/* Every office the centre knows (or files under the answer's region), by
 * id, then all of them together. */
static GPtrArray *
complaint_rows (const LoketWebCentralAnswer *a)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (complaint_cells_free);

  for (guint i = 0; i < a->shipments->len; i++)
    {
      const LoketRegionShipment *s = g_ptr_array_index (a->shipments, i);

      if (a->region == NULL || g_strcmp0 (s->region, a->region) == 0)
        add_complaint_rows (rows, a, s->id);
    }
  add_complaint_rows (rows, a, NULL);
  return rows;
}

/* @rows (a cell per column each; NULL where none) as RFC 4180 CSV under
 * @columns, each led by the period when @with_period. */
static char *
table_csv (const LoketWebCentralAnswer *a, const char *const *columns, GPtrArray *rows, gboolean with_period)
{
  GString *csv = g_string_new (NULL);

  if (with_period)
    g_string_append (csv, "from,to,");
  for (guint c = 0; columns[c] != NULL; c++)
    loket_web_csv_field (csv, columns[c], columns[c + 1] == NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);

      if (with_period)
        g_string_append_printf (csv, "%s,%s,", a->from, a->to);
      for (guint c = 0; columns[c] != NULL; c++)
        loket_web_csv_field (csv, cells[c] ? cells[c] : "", columns[c + 1] == NULL);
    }
  return g_string_free (csv, FALSE);
}

/* The same as JSON, {"from", "to", "rows"}: the first @n_text columns
 * strings (NULL: null), the others numbers ("": null). */
static char *
table_json (const LoketWebCentralAnswer *a, const char *const *columns, guint n_text, GPtrArray *rows)
{
  GString *out = g_string_new ("{\"from\": ");

  loket_web_json_string (out, a->from);
  g_string_append (out, ", \"to\": ");
  loket_web_json_string (out, a->to);
  g_string_append (out, ", \"rows\": [");
  for (guint i = 0; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);

      g_string_append (out, i ? ",\n  {" : "\n  {");
      for (guint c = 0; columns[c] != NULL; c++)
        {
          g_string_append_printf (out, "%s\"%s\": ", c ? ", " : "", columns[c]);
          if (c < n_text)
            loket_web_json_string (out, cells[c]);
          else
            g_string_append (out, cells[c][0] ? cells[c] : "null");
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "\n]}\n");
  return g_string_free (out, FALSE);
}

/* ---- answering ----------------------------------------------------------- */


/* Nobody filed under the region asked for: a 404 that says so. */
static void
no_region (SoupServerMessage *msg, const char *lang, Kind kind)
{
  if (kind == KIND_PAGE)
    loket_web_respond_string (msg, SOUP_STATUS_NOT_FOUND, "text/html; charset=utf-8",
             loket_web_page_error (LOKET_WEB_ERROR_PAGE_NOT_FOUND, lang), "no-store");
  else
    loket_web_respond_string (msg, SOUP_STATUS_NOT_FOUND, "text/plain; charset=utf-8",
             g_strdup ("Tidak ada kantor di wilayah itu.\nNo office is filed under that region.\n"), "no-store");
}

/* The open data's answer: for anyone, anywhere, for a minute. */
static void
open_data (SoupServerMessage *msg, char *body, Kind kind)
{
  gboolean csv = kind == KIND_CSV || kind == KIND_COMPLAINTS_CSV;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Access-Control-Allow-Origin", "*");
  loket_web_respond_string (msg, SOUP_STATUS_OK, csv ? "text/csv; charset=utf-8; header=present" : "application/json; charset=utf-8",
           body, "public, max-age=60");
}

static void
answer_now (Entry *e, SoupServerMessage *msg, const char *lang, Kind kind)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  g_autoptr(GPtrArray) rows = NULL;

  if (e->failed || e->answer == NULL)
    {
      soup_message_headers_replace (h, "Retry-After", "30");
      loket_web_respond_string (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/html; charset=utf-8", loket_web_central_unavailable_page (lang),
               "no-store");
      return;
    }
  if (e->answer->no_region)
    {
      no_region (msg, lang, kind);
      return;
    }
  switch (kind)
    {
    case KIND_PAGE:
      soup_message_headers_replace (h, "Vary", "Accept-Language");
      loket_web_respond_string (msg, SOUP_STATUS_OK, "text/html; charset=utf-8", loket_web_central_page (e->answer, lang), "no-store");
      break;
    case KIND_CSV:
    case KIND_JSON:
      rows = day_rows (e->answer);
      open_data (msg, kind == KIND_CSV ? table_csv (e->answer, day_columns, rows, FALSE)
                                       : table_json (e->answer, day_columns, DAY_TEXT_COLUMNS, rows), kind);
      break;
    case KIND_COMPLAINTS_CSV:
    case KIND_COMPLAINTS_JSON:
      rows = complaint_rows (e->answer);
      open_data (msg, kind == KIND_COMPLAINTS_CSV ? table_csv (e->answer, complaint_columns, rows, TRUE)
                      : table_json (e->answer, complaint_columns, COMPLAINT_TEXT_COLUMNS, rows), kind);
      break;
    }
}

static void
answer_waiter (LoketWebCentral *self, Entry *e, Waiter *w)
{
  if (w->gone)
    return;
  answer_now (e, w->msg, w->lang, w->kind);
  soup_server_message_unpause (w->msg);
}

static void
on_waiter_gone (SoupServerMessage *msg, gpointer data)
{
  ((Waiter *) data)->gone = TRUE;
}

/* The entries no one waits for, when there are too many. */
static void
forget_some (LoketWebCentral *self)
{
  GHashTableIter iter;
  Entry *e;

  if (g_hash_table_size (self->entries) < MAX_ENTRIES)
    return;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &e))
    if (!e->running && e->waiting->len == 0)
      g_hash_table_iter_remove (&iter);
}

static guint
data_reads (LoketWebCentral *self)
{
  GHashTableIter iter;
  Entry *e;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &e))
    n += e->running && e->read != READ_PAGE;
  return n;
}

/* A region nobody is filed under, by what the centre said a moment ago:
 * answered without asking it again, so that made-up names cost no reads. */
static gboolean
surely_no_region (LoketWebCentral *self, const char *region)
{
  return region != NULL && self->regions_at != 0 &&
         g_get_monotonic_time () - self->regions_at < (gint64) self->cache_s * G_USEC_PER_SEC &&
         !g_hash_table_contains (self->regions, region);
}

static void
serve (LoketWebCentral *self, SoupServerMessage *msg, const char *lang, Kind kind,
       const char *from, const char *to, const char *region)
{
  static const char *const read_names[] = { "page", "daily", "complaints" };
  Read read = kind == KIND_PAGE ? READ_PAGE
            : kind == KIND_CSV || kind == KIND_JSON ? READ_DAILY : READ_COMPLAINTS;
  g_autofree char *key = g_strdup_printf ("%s:%s:%s:%s", read_names[read], from ? from : "latest", to ? to : "",
                                          region ? region : "");
  Entry *e = g_hash_table_lookup (self->entries, key);
  gint64 age;
  Waiter *w;

  if (surely_no_region (self, region))
    {
      no_region (msg, lang, kind);
      return;
    }
  if (e == NULL)
    {
      forget_some (self);
      e = g_new0 (Entry, 1);
      e->from = g_strdup (from);
      e->to = g_strdup (to);
      e->region = g_strdup (region);
      e->read = read;
      e->waiting = g_ptr_array_new_with_free_func (waiter_free);
      g_hash_table_insert (self->entries, g_strdup (key), e);
    }
  age = g_get_monotonic_time () - e->at;
  if (!e->running && e->at != 0 &&
      age < (gint64) (e->failed ? LOKET_WEB_CENTRAL_RETRY_S : self->cache_s) * G_USEC_PER_SEC)
    {
      answer_now (e, msg, lang, kind);
      return;
    }
  if (!e->running && read != READ_PAGE && data_reads (self) >= MAX_DATA_READS)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "5");
      loket_web_respond_string (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
               g_strdup ("Sedang sibuk; coba lagi sebentar lagi.\nBusy; try again in a moment.\n"), "no-store");
      return;
    }
  w = g_new0 (Waiter, 1);
  w->msg = g_object_ref (msg);
  w->lang = lang;
  w->kind = kind;
  g_signal_connect (msg, "finished", G_CALLBACK (on_waiter_gone), w);
  g_ptr_array_add (e->waiting, w);
  soup_server_message_pause (msg);
  if (!e->running)
    start_read (self, key, e);
}

static void
bad_range (SoupServerMessage *msg, const char *id, const char *en)
{
  loket_web_respond_string (msg, SOUP_STATUS_BAD_REQUEST, "text/plain; charset=utf-8", g_strdup_printf ("%s\n%s\n", id, en),
           "no-store");
}

/* /data/region-daily.csv|json and /data/region-complaints.csv|json
 * ?from=&to=: both or neither (the page's latest 30 days), at most
 * MAX_DAYS. */
static void
serve_data (LoketWebCentral *self, SoupServerMessage *msg, GHashTable *query, const char *lang, Kind kind,
            const char *region)
{
  const char *from = query ? g_hash_table_lookup (query, "from") : NULL;
  const char *to = query ? g_hash_table_lookup (query, "to") : NULL;
  GDate start, end;

  if ((from == NULL) != (to == NULL))
    {
      bad_range (msg, "Berikan from dan to, atau tidak keduanya.", "Give both from and to, or neither.");
      return;
    }
  if (from == NULL)
    serve (self, msg, lang, kind, NULL, NULL, region);
  else if (!parse_day (from, &start) || !parse_day (to, &end))
    bad_range (msg, "Tanggal ditulis YYYY-MM-DD, misalnya 2026-01-31.",
               "Dates are written YYYY-MM-DD, like 2026-01-31.");
  else if (g_date_compare (&start, &end) > 0)
    bad_range (msg, "from jatuh setelah to.", "from comes after to.");
  else if (g_date_days_between (&start, &end) >= MAX_DAYS)
    bad_range (msg, "Paling banyak 366 hari per permintaan; mintalah per tahun.",
               "At most 366 days a request; ask a year at a time.");
  else
    serve (self, msg, lang, kind, from, to, region);
}

void
loket_web_central_handle (SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query,
                          const char        *lang,
                          gpointer           data)
{
  LoketWebCentral *self = data;
  const char *region = query ? g_hash_table_lookup (query, "region") : NULL;

  /* ?region= (or none): every office. */
  if (region != NULL && *region == '\0')
    region = NULL;
  if (g_str_equal (path, "/"))
    serve (self, msg, lang, KIND_PAGE, NULL, NULL, region);
  else if (g_str_equal (path, "/data/region-daily.csv"))
    serve_data (self, msg, query, lang, KIND_CSV, region);
  else if (g_str_equal (path, "/data/region-daily.json"))
    serve_data (self, msg, query, lang, KIND_JSON, region);
  else if (g_str_equal (path, "/data/region-complaints.csv"))
    serve_data (self, msg, query, lang, KIND_COMPLAINTS_CSV, region);
  else if (g_str_equal (path, "/data/region-complaints.json"))
    serve_data (self, msg, query, lang, KIND_COMPLAINTS_JSON, region);
  else
    loket_web_respond_string (msg, SOUP_STATUS_NOT_FOUND, "text/html; charset=utf-8",
             loket_web_page_error (LOKET_WEB_ERROR_PAGE_NOT_FOUND, lang), "no-store");
}

/* ---- life ---------------------------------------------------------------- */

static void
loket_web_central_finalize (GObject *object)
{
  LoketWebCentral *self = LOKET_WEB_CENTRAL (object);

  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->regions);
  g_free (self->conninfo);
  g_time_zone_unref (self->zone);
  G_OBJECT_CLASS (loket_web_central_parent_class)->finalize (object);
}

static void
loket_web_central_class_init (LoketWebCentralClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_web_central_finalize;
}

static void
loket_web_central_init (LoketWebCentral *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

LoketWebCentral *
loket_web_central_new (const char *conninfo,
                       GTimeZone  *zone,
                       guint       cache_s)
{
  LoketWebCentral *self = g_object_new (LOKET_TYPE_WEB_CENTRAL, NULL);

  self->conninfo = g_strdup (conninfo);
  self->zone = zone ? g_time_zone_ref (zone) : g_time_zone_new_local ();
  self->cache_s = cache_s ? cache_s : LOKET_WEB_CENTRAL_DEFAULT_CACHE_S;
  return self;
}
