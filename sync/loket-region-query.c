/* loket-region-query.c — the region's figures computed at the centre
 * (see loket-region-query.h).
 *
 * Everything is added up where the tickets are: five aggregate queries
 * over the tickets projection and the log, each one pass grouped by office
 * (and service, with the office's own row in the same pass: GROUPING
 * SETS), percentiles by percentile_disc, which is the report's nearest
 * rank (⌈p·n⌉, docs/reports.md) — so what crosses the network is a few
 * rows an office, not its tickets.  The five read one snapshot (a read-only
 * REPEATABLE READ transaction) while loket-syncs go on shipping.
 *
 * Each ticket is counted as the office counts it
 * (common/office/loket-report-compute.c): arrivals, waits and transfers
 * for the service it was taken for, outcomes and service times for the
 * one it ended in, each judged by the promise it was issued with, and a
 * ticket never called before the day closed a broken wait promise.  The
 * centre has no charter: services are known by their ids, and a service's
 * promise shown is the one its newest ticket of the period carried.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-region"

#include "config.h"

#include "loket-region-query.h"

#include <gio/gio.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "loket-complaint-category.h"
#include "loket-error.h"
#include "loket-region-schema.h"
#include "loket-skm.h"

/* The first schema with what the reports read (offices.region, the
 * turned-away index). */
#define REPORT_SCHEMA 2

/* The offices asked for: by id, by region, or all. */
static const char offices_sql[] =
  "SELECT id FROM offices"
  " WHERE ($1::text IS NULL OR region = $1) AND ($2::text[] IS NULL OR id = ANY ($2::text[]))"
  " ORDER BY id";

/* The period's tickets of the offices ($1) from day $2 to day $3. */
#define PERIOD_TICKETS \
  " FROM tickets WHERE office = ANY ($1::text[]) AND service_day BETWEEN $2::text AND $3::text"

#define PERCENTILES(x) \
  " coalesce (percentile_disc (0.5) WITHIN GROUP (ORDER BY " x "), 0)," \
  " coalesce (percentile_disc (0.9) WITHIN GROUP (ORDER BY " x "), 0),"

/* By the service a ticket was taken for: arrivals and waits.  A wait is
 * measured once called; a ticket left unserved without a call is judged
 * (a breach) but not measured. */
static const char issued_sql[] =
  "SELECT office, issued_service, grouping (issued_service),"
  " count (*), count (*) FILTER (WHERE priority IS NOT NULL), count (*) FILTER (WHERE transfers > 0),"
  " count (w), coalesce (sum (w), 0), coalesce (max (w), 0),"
  PERCENTILES ("w")
  " count (*) FILTER (WHERE promised_wait_minutes > 0 AND (w IS NOT NULL OR state = 'unserved')),"
  " count (*) FILTER (WHERE promised_wait_minutes > 0 AND w <= promised_wait_minutes * 60000000::bigint),"
  " count (DISTINCT service_day),"
  " (array_agg (promised_wait_minutes ORDER BY id DESC))[1],"
  " (array_agg (promised_service_minutes ORDER BY id DESC))[1]"
  " FROM (SELECT office, id, issued_service, priority, transfers, state, service_day,"
  "         promised_wait_minutes, promised_service_minutes,"
  "         CASE WHEN called_at > 0 THEN greatest (called_at - arrival_at, 0) END AS w"
  PERIOD_TICKETS ") t"
  " GROUP BY GROUPING SETS ((office, issued_service), (office))";

/* By the service a ticket ended in: outcomes and service times. */
static const char final_sql[] =
  "SELECT office, final, grouping (final),"
  " count (*) FILTER (WHERE state = 'done' AND outcome = 'served'),"
  " count (*) FILTER (WHERE state = 'done' AND outcome <> 'served'),"
  " count (*) FILTER (WHERE state = 'no-show'), count (*) FILTER (WHERE state = 'void'),"
  " count (*) FILTER (WHERE state = 'unserved'),"
  " count (*) FILTER (WHERE state NOT IN ('done', 'no-show', 'void', 'unserved')),"
  " count (s), coalesce (sum (s), 0), coalesce (max (s), 0),"
  PERCENTILES ("s")
  " count (*) FILTER (WHERE promised_service_minutes > 0 AND s IS NOT NULL),"
  " count (*) FILTER (WHERE promised_service_minutes > 0 AND s <= promised_service_minutes * 60000000::bigint)"
  " FROM (SELECT office, state, outcome, promised_service_minutes,"
  "         CASE WHEN transfers = 0 THEN issued_service ELSE service END AS final,"
  "         CASE WHEN state = 'done' AND started_at > 0 THEN greatest (finished_at - started_at, 0) END AS s"
  PERIOD_TICKETS ") t"
  " GROUP BY GROUPING SETS ((office, final), (office))";

/* The citizens turned away, from the log (no ticket carries them): the
 * service day is in the payload, the time bounds (a day either side, for
 * any office's time zone) let the partial index and the month partitions
 * narrow the search. */
static const char turned_away_sql[] =
  "SELECT office, payload::json ->> 'service', count (*) FROM events"
  " WHERE office = ANY ($1::text[]) AND type = 'TURNED_AWAY'"
  "   AND at >= ($2::text::date - 1)::timestamp AT TIME ZONE 'UTC'"
  "   AND at < ($3::text::date + 2)::timestamp AT TIME ZONE 'UTC'"
  "   AND payload::json ->> 'service_day' BETWEEN $2::text AND $3::text"
  "   AND payload::json ->> 'service' IS NOT NULL"
  " GROUP BY 1, 2";

/* The survey's answers (SURVEYED events: no ticket, no person), summed
 * per office and element as the office sums its `surveys` table, for the
 * SKM index by the office's own formula (loket-skm.c).  The period is the
 * day the citizen was served; a paper form may be typed in days later, so
 * only the lower time bound narrows the search. */
static const char surveyed_sql[] =
  "SELECT e.office, a.key, grouping (a.key), sum (a.value::int), count (*), count (DISTINCT e.seq)"
  " FROM events e CROSS JOIN LATERAL json_each_text (e.payload::json -> 'answers') a"
  " WHERE e.office = ANY ($1::text[]) AND e.type = 'SURVEYED'"
  "   AND e.at >= ($2::text::date - 1)::timestamp AT TIME ZONE 'UTC'"
  "   AND e.payload::json ->> 'day' BETWEEN $2::text AND $3::text"
  " GROUP BY GROUPING SETS ((e.office, a.key), (e.office))";

/* The complaints (COMPLAINED and COMPLAINT_MOVED events: no person, no
 * text), counted per office as its own COMPLAINT_STATS counts them:
 * received in the period by the service day received; answered by the
 * latest answer (a reopened complaint answered again counts once, by its
 * second answer); by the deadline when that answer's service day is not
 * after it; the median of the working days to it by percentile_cont,
 * which is the office's mean of the middle two.  The office writes the
 * day and the working days by its calendar into the events; events
 * written before it did fall back to the UTC date and to Monday to
 * Friday (docs/region.md, "Complaints").  The lower time bounds narrow
 * the search through events_complaints; an answer may come weeks later.
 * The same figures per office and category, per category over all the
 * offices asked for, and over all of them together come in the same pass
 * (grouping sets), the row's first column telling which (COMPLAINT_LEVEL_*):
 * the report takes two of them, the open data all four. */
#define COMPLAINT_DAY "coalesce (payload::json ->> 'day', to_char (at AT TIME ZONE 'UTC', 'YYYY-MM-DD'))"
static const char complaints_sql[] =
  "WITH received AS ("
  "  SELECT office, (payload::json ->> 'complaint')::bigint AS complaint,"
  "         payload::json ->> 'category' AS category,"
  "         payload::json ->> 'deadline' AS deadline, " COMPLAINT_DAY " AS day"
  "  FROM events WHERE office = ANY ($1::text[]) AND type = 'COMPLAINED'"
  "    AND at >= ($2::text::date - 1)::timestamp AT TIME ZONE 'UTC'"
  "    AND at < ($3::text::date + 2)::timestamp AT TIME ZONE 'UTC'),"
  " answered AS ("
  "  SELECT DISTINCT ON (office, complaint) office, complaint, day, working_days FROM ("
  "    SELECT office, seq, (payload::json ->> 'complaint')::bigint AS complaint, " COMPLAINT_DAY " AS day,"
  "           (payload::json ->> 'working_days')::int AS working_days"
  "    FROM events WHERE office = ANY ($1::text[]) AND type = 'COMPLAINT_MOVED'"
  "      AND at >= ($2::text::date - 1)::timestamp AT TIME ZONE 'UTC'"
  "      AND payload::json ->> 'act' = 'answer') m"
  "  ORDER BY office, complaint, seq DESC)"
  " SELECT grouping (r.office, r.category), r.office, r.category,"
  "  count (*), count (a.complaint), count (*) FILTER (WHERE a.day <= r.deadline),"
  "  percentile_cont (0.5) WITHIN GROUP (ORDER BY CASE WHEN a.complaint IS NOT NULL THEN"
  "    coalesce (a.working_days, (SELECT count (*) FROM generate_series (r.day::date + 1, a.day::date,"
  "                                  interval '1 day') d WHERE extract (isodow FROM d) < 6)::int) END)"
  " FROM received r LEFT JOIN answered a ON a.office = r.office AND a.complaint = r.complaint"
  " WHERE r.day BETWEEN $2::text AND $3::text"
  " GROUP BY GROUPING SETS ((r.office, r.category), (r.office), (r.category), ())"
  " ORDER BY 2 NULLS LAST, 3 NULLS LAST";

/* grouping (r.office, r.category): a bit set for each left out. */
enum {
  COMPLAINT_LEVEL_OFFICE_CATEGORY = 0,
  COMPLAINT_LEVEL_OFFICE = 1,
  COMPLAINT_LEVEL_CATEGORY = 2,
  COMPLAINT_LEVEL_ALL = 3,
};

/* One office while its rows come in. */
typedef struct {
  LoketReport          *report;
  GHashTable           *services;   /* id → LoketReportService*, owned by report->services */
  LoketSkmTally         skm;
  LoketRegionComplaints complaints;
} OfficeAcc;

static void
office_acc_free (gpointer data)
{
  OfficeAcc *acc = data;

  loket_report_free (acc->report);
  g_hash_table_unref (acc->services);
  g_free (acc);
}

typedef struct {
  PGconn     *conn;        /* the caller's */
  const char *from;
  const char *to;
  char       *ids;         /* the offices as a PostgreSQL array literal */
  GHashTable *offices;     /* id → OfficeAcc* */
  GPtrArray  *order;       /* the ids, as the centre listed them */
  LoketRegionComplaints *categories;  /* the report's, per category over all */
  gboolean    explain;     /* each query's plan and timing to stderr first */
} Central;

static gboolean
centre_error (Central *c, const char *what, GError **error)
{
  g_autofree char *text = loket_region_error_text (c->conn);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "central database: %s: %s", what, text);
  return FALSE;
}

static gint64
cell_int64 (const PGresult *result, int row, int column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

static guint
cell_uint (const PGresult *result, int row, int column)
{
  return (guint) cell_int64 (result, row, column);
}

/* A text[] literal: each id quoted, its quotes and backslashes escaped. */
static char *
array_literal (const char * const *ids)
{
  GString *text = g_string_new ("{");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_string_append (text, i ? ",\"" : "\"");
      for (const char *p = ids[i]; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (text, '\\');
          g_string_append_c (text, *p);
        }
      g_string_append_c (text, '"');
    }
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

/* --explain: the plan PostgreSQL chose for @sql, run, with its times. */
static gboolean
explain (Central *c, const char *sql, const char *what, GError **error)
{
  const char *params[3] = { c->ids, c->from, c->to };
  g_autofree char *text = g_strconcat ("EXPLAIN (ANALYZE, COSTS OFF) ", sql, NULL);
  g_autoptr(PGresult) result = PQexecParams (c->conn, text, 3, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    return centre_error (c, what, error);
  g_printerr ("-- %s\n", what);
  for (int r = 0; r < PQntuples (result); r++)
    g_printerr ("%s\n", PQgetvalue (result, r, 0));
  return TRUE;
}

static PGresult *
query (Central *c, const char *sql, const char *what, GError **error)
{
  const char *params[3] = { c->ids, c->from, c->to };
  PGresult *result;

  if (c->explain && !explain (c, sql, what, error))
    return NULL;
  result = PQexecParams (c->conn, sql, 3, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      PQclear (result);
      centre_error (c, what, error);
      return NULL;
    }
  return result;
}

/* ---- where the centre stands -------------------------------------------- */

static gboolean
check_schema (Central *c, GError **error)
{
  return loket_region_require_schema (c->conn, REPORT_SCHEMA, "the reports", error);
}

static LoketReport *
empty_report (const char *id, const char *from, const char *to, const char *lang)
{
  LoketReport *report = g_new0 (LoketReport, 1);

  report->office = g_strdup (id);
  report->from = g_strdup (from);
  report->to = g_strdup (to);
  report->lang = g_strdup (lang);
  report->services = g_ptr_array_new_with_free_func (loket_report_service_free);
  report->total = g_new0 (LoketReportService, 1);
  report->total->id = g_strdup ("");
  report->total->name = g_strdup ("");
  report->counters = g_ptr_array_new_with_free_func (loket_report_staff_free);
  report->clerks = g_ptr_array_new_with_free_func (loket_report_staff_free);
  report->kiosks = g_ptr_array_new_with_free_func (loket_report_kiosk_free);
  report->anchors = g_ptr_array_new_with_free_func (loket_report_anchor_free);
  report->pause_reasons = g_new0 (char *, 1);
  report->pause_reason_labels = g_new0 (char *, 1);
  return report;
}

/* The offices asked for, each with an empty report; an id asked for that
 * the centre does not know is an error, not a silent gap. */
static gboolean
list_offices (Central *c, const char * const *offices, const char *region, const char *lang,
              GError **error)
{
  g_autofree char *wanted = offices && offices[0] ? array_literal (offices) : NULL;
  const char *params[2] = { region, wanted };
  g_autoptr(PGresult) result = PQexecParams (c->conn, offices_sql, 2, NULL, params, NULL, NULL, 0);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    return centre_error (c, "listing the offices", error);
  for (int r = 0; r < PQntuples (result); r++)
    {
      OfficeAcc *acc = g_new0 (OfficeAcc, 1);

      acc->report = empty_report (PQgetvalue (result, r, 0), c->from, c->to, lang);
      acc->services = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (c->offices, acc->report->office, acc);
      g_ptr_array_add (c->order, acc->report->office);
      g_strv_builder_add (ids, acc->report->office);
    }
  for (guint i = 0; offices != NULL && offices[i] != NULL; i++)
    if (!g_hash_table_contains (c->offices, offices[i]))
      {
        g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                     "office “%s” is not at the centre%s%s (no loket-sync has shipped it)", offices[i],
                     region ? " in region " : "", region ? region : "");
        return FALSE;
      }
  if (c->order->len == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, region
                   ? "no office at the centre is in region “%s” (offices.region)"
                   : "the centre holds no office yet%s", region ? region : "");
      return FALSE;
    }
  list = g_strv_builder_end (ids);
  c->ids = array_literal ((const char * const *) list);
  return TRUE;
}

/* ---- the rows ----------------------------------------------------------- */

/* The row of @office's @service (the total when @total), made when first
 * seen: the centre knows a service by its id only. */
static LoketReportService *
row_for (Central *c, const char *office, const char *service, gboolean total)
{
  OfficeAcc *acc = g_hash_table_lookup (c->offices, office);
  LoketReportService *row;

  if (total)
    return acc->report->total;
  row = g_hash_table_lookup (acc->services, service);
  if (row == NULL)
    {
      row = g_new0 (LoketReportService, 1);
      row->id = g_strdup (service);
      row->name = g_strdup (service);
      g_ptr_array_add (acc->report->services, row);
      g_hash_table_insert (acc->services, row->id, row);
    }
  return row;
}

/* Seven cells from @column: n, sum, max, median, p90, judged, within. */
static void
read_durations (const PGresult *result, int r, int column, LoketReportDurations *d)
{
  gint64 sum = cell_int64 (result, r, column + 1);

  d->n = cell_uint (result, r, column);
  d->mean = d->n ? sum / d->n : 0;
  d->max = cell_int64 (result, r, column + 2);
  d->median = cell_int64 (result, r, column + 3);
  d->p90 = cell_int64 (result, r, column + 4);
  d->judged = cell_uint (result, r, column + 5);
  d->within = cell_uint (result, r, column + 6);
}

static gboolean
read_issued (Central *c, GError **error)
{
  g_autoptr(PGresult) result = query (c, issued_sql, "adding up the waits", error);

  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    {
      gboolean total = cell_int64 (result, r, 2) != 0;
      LoketReportService *row = row_for (c, PQgetvalue (result, r, 0), PQgetvalue (result, r, 1), total);

      row->issued = cell_uint (result, r, 3);
      row->priority = cell_uint (result, r, 4);
      row->transferred = cell_uint (result, r, 5);
      read_durations (result, r, 6, &row->wait);
      if (total)
        ((OfficeAcc *) g_hash_table_lookup (c->offices, PQgetvalue (result, r, 0)))->report->days =
          cell_uint (result, r, 13);
      else
        {
          row->promised_wait_minutes = cell_uint (result, r, 14);
          row->promised_service_minutes = cell_uint (result, r, 15);
        }
    }
  return TRUE;
}

static gboolean
read_final (Central *c, GError **error)
{
  g_autoptr(PGresult) result = query (c, final_sql, "adding up the outcomes", error);

  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    {
      LoketReportService *row = row_for (c, PQgetvalue (result, r, 0), PQgetvalue (result, r, 1),
                                         cell_int64 (result, r, 2) != 0);

      row->served = cell_uint (result, r, 3);
      row->other_outcome = cell_uint (result, r, 4);
      row->no_show = cell_uint (result, r, 5);
      row->voided = cell_uint (result, r, 6);
      row->unserved = cell_uint (result, r, 7);
      row->unfinished = cell_uint (result, r, 8);
      read_durations (result, r, 9, &row->service);
    }
  return TRUE;
}

static gboolean
read_turned_away (Central *c, GError **error)
{
  g_autoptr(PGresult) result = query (c, turned_away_sql, "counting the citizens turned away", error);

  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    {
      const char *office = PQgetvalue (result, r, 0);
      guint n = cell_uint (result, r, 2);

      row_for (c, office, PQgetvalue (result, r, 1), FALSE)->turned_away += n;
      row_for (c, office, NULL, TRUE)->turned_away += n;
    }
  return TRUE;
}

static gboolean
read_surveyed (Central *c, GError **error)
{
  g_autoptr(PGresult) result = query (c, surveyed_sql, "adding up the survey's answers", error);

  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    {
      OfficeAcc *acc = g_hash_table_lookup (c->offices, PQgetvalue (result, r, 0));
      gint element = loket_skm_element_index (PQgetvalue (result, r, 1));

      if (cell_int64 (result, r, 2) != 0)
        acc->skm.respondents = (guint64) cell_int64 (result, r, 5);
      else if (element >= 0)
        {
          /* An element this loketctl does not know is left out, as the
           * office's questionnaire would have refused it. */
          acc->skm.sum[element] = (guint64) cell_int64 (result, r, 3);
          acc->skm.count[element] = (guint64) cell_int64 (result, r, 4);
        }
    }
  return TRUE;
}

/* A row of complaints_sql's figures. */
static void
complaint_figures (const PGresult *result, int r, LoketRegionComplaints *n)
{
  n->received = cell_uint (result, r, 3);
  n->answered = cell_uint (result, r, 4);
  n->within_deadline = cell_uint (result, r, 5);
  n->has_median = !PQgetisnull (result, r, 6);
  if (n->has_median)
    n->median_working_days = g_ascii_strtod (PQgetvalue (result, r, 6), NULL);
}

static gboolean
read_complaints (Central *c, GError **error)
{
  g_autoptr(PGresult) result = query (c, complaints_sql, "counting the complaints", error);

  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    {
      guint level = cell_uint (result, r, 0);
      gint category = loket_complaint_category_index (PQgetvalue (result, r, 2));

      if (level == COMPLAINT_LEVEL_OFFICE)
        complaint_figures (result, r, &((OfficeAcc *) g_hash_table_lookup (c->offices,
                                                                         PQgetvalue (result, r, 1)))->complaints);
      /* A category of a newer loketd's is in the offices' totals only. */
      else if (level == COMPLAINT_LEVEL_CATEGORY && category >= 0)
        complaint_figures (result, r, &c->categories[category]);
    }
  return TRUE;
}

static gint
compare_services (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(LoketReportService * const *) a)->id, (*(LoketReportService * const *) b)->id);
}

static gboolean
compute (Central *c, GError **error)
{
  gint64 start = g_get_monotonic_time ();

  if (!read_issued (c, error) || !read_final (c, error) || !read_turned_away (c, error) ||
      !read_surveyed (c, error) || !read_complaints (c, error))
    return FALSE;
  g_debug ("central report: %u offices, five queries in %.1f ms", c->order->len,
           (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;
}

static void
central_clear (Central *c)
{
  g_clear_pointer (&c->ids, g_free);
  g_clear_pointer (&c->offices, g_hash_table_unref);
  g_clear_pointer (&c->order, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Central, central_clear)

static gboolean
check_day (const char *day, const char *what, GError **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = loket_report_day_start (day, utc);

  if (start == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s: “%s” is not a date like 2026-01-31",
                   what, day ? day : "");
      return FALSE;
    }
  return TRUE;
}

/* The session's own failure, before a Central exists. */
static PGconn *
session_error (PGconn *conn, const char *what, GError **error)
{
  g_autofree char *text = loket_region_error_text (conn);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "central database: %s: %s", what, text);
  PQfinish (conn);
  return NULL;
}

PGconn *
loket_region_query_open (const char *conninfo,
                         const char *application_name,
                         guint       statement_timeout_ms,
                         GError    **error)
{
  /* connect_timeout before dbname: a conninfo that sets its own wins;
   * without one, a centre that does not answer is an error in seconds,
   * not minutes. */
  const char *keys[] = { "connect_timeout", "dbname", "application_name", NULL };
  const char *values[] = { "10", conninfo, application_name, NULL };
  g_autofree char *timeout = g_strdup_printf ("SET statement_timeout = %u", statement_timeout_ms);
  /* expand_dbname: @conninfo may be a URI or key=value pairs. */
  PGconn *conn = PQconnectdbParams (keys, values, 1);

  if (PQstatus (conn) != CONNECTION_OK)
    return session_error (conn, "connecting", error);
  /* Read-only whatever the role may do: nothing here writes, and a
   * mistake would be refused by the centre rather than made. */
  if (!loket_region_exec (conn, "SET default_transaction_read_only = on", "going read-only", NULL) ||
      (statement_timeout_ms > 0 && !loket_region_exec (conn, timeout, "setting the statement timeout", NULL)) ||
      !loket_region_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the read", NULL))
    return session_error (conn, "starting a read-only session", error);
  return conn;
}

static gboolean
check_period (const char *from, const char *to, GError **error)
{
  if (!check_day (from, "from", error) || !check_day (to, "to", error))
    return FALSE;
  if (strcmp (from, to) > 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "the period ends (%s) before it begins (%s)",
                   to, from);
      return FALSE;
    }
  return TRUE;
}

LoketRegionReport *
loket_region_query_report (PGconn             *conn,
                           const char * const *offices,
                           const char         *region,
                           const char         *from,
                           const char         *to,
                           const char         *lang,
                           gboolean            explain_queries,
                           GError            **error)
{
  g_auto(Central) c = { .conn = conn, .from = from, .to = to, .explain = explain_queries };
  g_autoptr(LoketRegionReport) report = NULL;

  if (!check_period (from, to, error))
    return NULL;
  report = loket_region_report_new (region, from, to, lang);
  c.categories = report->complaint_categories;
  c.offices = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, office_acc_free);
  c.order = g_ptr_array_new ();
  if (!check_schema (&c, error) || !list_offices (&c, offices, region, report->lang, error) ||
      !compute (&c, error))
    return NULL;
  for (guint i = 0; i < c.order->len; i++)
    {
      OfficeAcc *acc = g_hash_table_lookup (c.offices, g_ptr_array_index (c.order, i));
      LoketSkmResult skm;
      LoketRegionOffice *office;

      g_ptr_array_sort (acc->report->services, compare_services);
      office = loket_region_report_add (report, g_steal_pointer (&acc->report));
      office->complaints = acc->complaints;
      /* No answer, no index: an office nobody rated is not rated 0. */
      if (loket_skm_compute (&acc->skm, &skm))
        {
          office->has_skm = TRUE;
          office->skm = skm.index_hundredths / 100.0;
        }
    }
  loket_region_report_rank (report);
  return g_steal_pointer (&report);
}

LoketRegionReport *
loket_region_query_compute (const char         *conninfo,
                            const char * const *offices,
                            const char         *region,
                            const char         *from,
                            const char         *to,
                            const char         *lang,
                            gboolean            explain_queries,
                            GError            **error)
{
  g_autoptr(PGconn) conn = NULL;

  if (!check_period (from, to, error) ||
      (conn = loket_region_query_open (conninfo, "loketctl report", 0, error)) == NULL)
    return NULL;
  return loket_region_query_report (conn, offices, region, from, to, lang, explain_queries, error);
}

/* ---- the offices' shipping ---------------------------------------------- */

void
loket_region_shipment_free (gpointer data)
{
  LoketRegionShipment *s = data;

  g_free (s->id);
  g_free (s->region);
  g_free (s->refused);
  g_free (s);
}

GPtrArray *
loket_region_query_shipments (PGconn  *conn,
                              GError **error)
{
  g_auto(Central) c = { .conn = conn };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (loket_region_shipment_free);

  if (!check_schema (&c, error))
    return NULL;
  result = PQexec (conn, "SELECT id, region, coalesce (extract (epoch FROM shipped_at)::bigint, 0), last_seq,"
                         " refused FROM offices ORDER BY id");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      centre_error (&c, "listing the offices", error);
      return NULL;
    }
  for (int r = 0; r < PQntuples (result); r++)
    {
      LoketRegionShipment *s = g_new0 (LoketRegionShipment, 1);

      s->id = g_strdup (PQgetvalue (result, r, 0));
      s->region = PQgetisnull (result, r, 1) ? NULL : g_strdup (PQgetvalue (result, r, 1));
      s->shipped_at = cell_int64 (result, r, 2);
      s->last_seq = cell_int64 (result, r, 3);
      s->refused = PQgetisnull (result, r, 4) ? NULL : g_strdup (PQgetvalue (result, r, 4));
      g_ptr_array_add (rows, s);
    }
  return g_steal_pointer (&rows);
}

/* Per office, so that the planner probes the projection's index on
 * (office, service_day) once an office rather than reads it whole. */
static const char day_begun_sql[] =
  "SELECT EXISTS (SELECT 1 FROM offices o"
  "  WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.office = o.id AND t.service_day = $1::text))";

gboolean
loket_region_query_day_begun (PGconn      *conn,
                              const char  *day,
                              gboolean    *begun,
                              GError     **error)
{
  g_auto(Central) c = { .conn = conn };
  const char *params[1] = { day };
  g_autoptr(PGresult) result = NULL;

  if (!check_day (day, "day", error) || !check_schema (&c, error))
    return FALSE;
  result = PQexecParams (conn, day_begun_sql, 1, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      centre_error (&c, "looking for the newest day", error);
      return FALSE;
    }
  *begun = g_str_equal (PQgetvalue (result, 0, 0), "t");
  return TRUE;
}

/* ---- the open data: complaints per office and category ------------------ */

void
loket_region_complaint_row_free (gpointer data)
{
  LoketRegionComplaintRow *row = data;

  g_free (row->office);
  g_free (row->category);
  g_free (row);
}

GPtrArray *
loket_region_query_complaints (PGconn     *conn,
                               const char *from,
                               const char *to,
                               const char *region,
                               GError    **error)
{
  g_auto(Central) c = { .conn = conn, .from = from, .to = to };
  const char *params[1] = { region };
  g_autoptr(PGresult) offices = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (loket_region_complaint_row_free);

  if (!check_period (from, to, error) || !check_schema (&c, error))
    return NULL;
  /* The offices: complaints_sql's $1, as the array literal it takes. */
  offices = PQexecParams (conn, "SELECT coalesce (array_agg (id ORDER BY id), '{}')::text FROM offices"
                                " WHERE $1::text IS NULL OR region = $1::text", 1, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (offices) != PGRES_TUPLES_OK)
    {
      centre_error (&c, "listing the offices", error);
      return NULL;
    }
  c.ids = g_strdup (PQgetvalue (offices, 0, 0));
  if ((result = query (&c, complaints_sql, "counting the complaints", error)) == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (result); r++)
    {
      guint level = cell_uint (result, r, 0);
      LoketRegionComplaintRow *row = g_new0 (LoketRegionComplaintRow, 1);

      if (!(level & COMPLAINT_LEVEL_CATEGORY))
        row->office = g_strdup (PQgetvalue (result, r, 1));
      if (!(level & COMPLAINT_LEVEL_OFFICE))
        row->category = g_strdup (PQgetvalue (result, r, 2));
      complaint_figures (result, r, &row->figures);
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

/* ---- the open data: per office, service and day ------------------------- */

/* The three sides of a day joined on (office, service_day, service): the
 * waits by the service a ticket was taken for and the served by the one
 * it ended in (as issued_sql and final_sql count them, per day), the
 * turned away from the log (as turned_away_sql); $3, a region, keeps its
 * offices only (NULL: every office). */
static const char daily_sql[] =
  "WITH t AS (SELECT office, service_day, issued_service, state, outcome, promised_wait_minutes,"
  "             CASE WHEN transfers = 0 THEN issued_service ELSE service END AS final,"
  "             CASE WHEN called_at > 0 THEN greatest (called_at - arrival_at, 0) END AS w"
  "           FROM tickets WHERE service_day BETWEEN $1::text AND $2::text"
  "             AND ($3::text IS NULL OR office IN (SELECT id FROM offices WHERE region = $3::text))),"
  " i AS (SELECT office, service_day, issued_service AS service, count (*) AS issued, count (w) AS waited,"
  "         coalesce (percentile_disc (0.5) WITHIN GROUP (ORDER BY w), 0) AS median,"
  "         coalesce (percentile_disc (0.9) WITHIN GROUP (ORDER BY w), 0) AS p90,"
  "         count (*) FILTER (WHERE promised_wait_minutes > 0 AND (w IS NOT NULL OR state = 'unserved')) AS judged,"
  "         count (*) FILTER (WHERE promised_wait_minutes > 0 AND w <= promised_wait_minutes * 60000000::bigint) AS within"
  "       FROM t GROUP BY 1, 2, 3),"
  " f AS (SELECT office, service_day, final AS service,"
  "         count (*) FILTER (WHERE state = 'done' AND outcome = 'served') AS served"
  "       FROM t GROUP BY 1, 2, 3),"
  " a AS (SELECT office, payload::json ->> 'service_day' AS service_day, payload::json ->> 'service' AS service,"
  "         count (*) AS away FROM events"
  "       WHERE type = 'TURNED_AWAY'"
  "         AND at >= ($1::text::date - 1)::timestamp AT TIME ZONE 'UTC'"
  "         AND at < ($2::text::date + 2)::timestamp AT TIME ZONE 'UTC'"
  "         AND payload::json ->> 'service_day' BETWEEN $1::text AND $2::text"
  "         AND payload::json ->> 'service' IS NOT NULL"
  "         AND ($3::text IS NULL OR office IN (SELECT id FROM offices WHERE region = $3::text))"
  "       GROUP BY 1, 2, 3)"
  " SELECT office, service_day, service, coalesce (issued, 0), coalesce (served, 0), coalesce (away, 0),"
  "   coalesce (waited, 0), coalesce (median, 0), coalesce (p90, 0), coalesce (judged, 0), coalesce (within, 0)"
  " FROM i FULL JOIN f USING (office, service_day, service) FULL JOIN a USING (office, service_day, service)"
  " ORDER BY office, service_day, service";

void
loket_region_day_free (gpointer data)
{
  LoketRegionDay *d = data;

  g_free (d->office);
  g_free (d->service);
  g_free (d->day);
  g_free (d);
}

GPtrArray *
loket_region_query_daily (PGconn     *conn,
                          const char *from,
                          const char *to,
                          const char *region,
                          GError    **error)
{
  g_auto(Central) c = { .conn = conn };
  const char *params[3] = { from, to, region };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (loket_region_day_free);

  if (!check_period (from, to, error) || !check_schema (&c, error))
    return NULL;
  result = PQexecParams (conn, daily_sql, 3, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      centre_error (&c, "adding up the days", error);
      return NULL;
    }
  for (int r = 0; r < PQntuples (result); r++)
    {
      LoketRegionDay *d = g_new0 (LoketRegionDay, 1);

      d->office = g_strdup (PQgetvalue (result, r, 0));
      d->day = g_strdup (PQgetvalue (result, r, 1));
      d->service = g_strdup (PQgetvalue (result, r, 2));
      d->issued = cell_uint (result, r, 3);
      d->served = cell_uint (result, r, 4);
      d->turned_away = cell_uint (result, r, 5);
      d->waited = cell_uint (result, r, 6);
      d->median_wait = cell_int64 (result, r, 7);
      d->p90_wait = cell_int64 (result, r, 8);
      d->judged = cell_uint (result, r, 9);
      d->within = cell_uint (result, r, 10);
      g_ptr_array_add (rows, d);
    }
  return g_steal_pointer (&rows);
}
