/* loket-region-query.h — the region's figures, read from the regional
 * PostgreSQL that loket-sync fills (docs/region.md, "Central reports").
 *
 * The one way to compute them: `loketctl report --central` and
 * `loket-web --central` both call these, so a figure on the regional page
 * is the figure in the regional report for the same period.  Only SELECTs
 * run, in one read-only REPEATABLE READ transaction per session (every
 * query of one session reads one snapshot while loket-syncs go on
 * shipping).  A small library of its own (libloket_region), without the
 * office's SQLite, so that the gateway can link it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "loket-region-report.h"

G_BEGIN_DECLS

/* Connects to @conninfo (a libpq connection string or URI) as
 * @application_name, with default_transaction_read_only on and, when
 * @statement_timeout_ms is not 0, that statement timeout (0 leaves the
 * role's own); connect_timeout is 10 s unless @conninfo says otherwise.
 * Then begins the session's read-only snapshot.  Errors are G_IO_ERROR_FAILED with
 * PostgreSQL's own words. */
PGconn            *loket_region_query_open    (const char         *conninfo,
                                               const char         *application_name,
                                               guint               statement_timeout_ms,
                                               GError            **error);

/* @offices: the offices' ids (NULL or empty: every office, or @region's);
 * @region: the offices the centre files under that region (NULL: no
 * filter).  @from and @to: service days, both included.  The report comes
 * ranked.  Errors name what failed in words a person can act on
 * (LOKET_ERROR_INVALID for a period or an office that is wrong,
 * G_IO_ERROR_FAILED for the centre).  @explain_queries: each query's plan,
 * run, with its times, to stderr first. */
LoketRegionReport *loket_region_query_report  (PGconn             *conn,
                                               const char * const *offices,
                                               const char         *region,
                                               const char         *from,
                                               const char         *to,
                                               const char         *lang,
                                               gboolean            explain_queries,
                                               GError            **error);

/* loket_region_query_open() and loket_region_query_report() in one
 * session (`loketctl report --central`). */
LoketRegionReport *loket_region_query_compute (const char         *conninfo,
                                               const char * const *offices,
                                               const char         *region,
                                               const char         *from,
                                               const char         *to,
                                               const char         *lang,
                                               gboolean            explain_queries,
                                               GError            **error);

/* An office as the centre knows it: when its loket-sync last shipped. */
typedef struct {
  char  *id;
  char  *region;       /* NULL where the centre files it under none */
  gint64 shipped_at;   /* Unix seconds; 0: never shipped */
  gint64 last_seq;     /* its newest event at the centre */
  char  *refused;      /* why the centre last refused its history; NULL: it did not */
} LoketRegionShipment;

void       loket_region_shipment_free  (gpointer data);
/* Every office, by id: LoketRegionShipment*. */
GPtrArray *loket_region_query_shipments (PGconn   *conn,
                                         GError  **error);

/* Sets @begun to whether any office already holds a ticket of service
 * day @day ("YYYY-MM-DD"): a gateway west of its offices asks it of its
 * own tomorrow, since an office east of it may be working on that day
 * already.  One probe of tickets_office_day per office. */
gboolean   loket_region_query_day_begun (PGconn      *conn,
                                         const char  *day,
                                         gboolean    *begun,
                                         GError     **error);

/* The complaints of one office (@office NULL: of all the offices
 * together) about one category (@category NULL: about anything),
 * counted as the report counts them. */
typedef struct {
  char                 *office;
  char                 *category;
  LoketRegionComplaints figures;
} LoketRegionComplaintRow;

void       loket_region_complaint_row_free (gpointer data);
/* The complaints received from @from to @to (both included) by every
 * office (@region's, when not NULL): LoketRegionComplaintRow*, only where
 * any was received, each office's categories then its all, by office;
 * then those offices together, by category then all. */
GPtrArray *loket_region_query_complaints  (PGconn      *conn,
                                           const char  *from,
                                           const char  *to,
                                           const char  *region,
                                           GError     **error);

/* One office's one service on one day, the open data's row
 * (docs/open-data.md, "The region").  Waits and their promise by the
 * service a ticket was taken for, the served by the one it ended in, as
 * in the regional report; the turned away from the log. */
typedef struct {
  char  *office;
  char  *service;
  char  *day;            /* "YYYY-MM-DD", the office's service day */
  guint  issued;
  guint  served;
  guint  turned_away;
  guint  waited;         /* waits measured (tickets called) */
  gint64 median_wait;    /* µs, nearest rank; 0 when none waited */
  gint64 p90_wait;
  guint  judged;         /* waits judged against a promise */
  guint  within;         /* …and kept */
} LoketRegionDay;

void       loket_region_day_free       (gpointer data);
/* The rows from @from to @to (both included) of every office (@region's,
 * when not NULL), by office, day, service: LoketRegionDay*. */
GPtrArray *loket_region_query_daily    (PGconn      *conn,
                                        const char  *from,
                                        const char  *to,
                                        const char  *region,
                                        GError     **error);

G_END_DECLS
