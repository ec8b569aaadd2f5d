/* loket-report.h — the supervisor's report against the citizen charter:
 * what happened over a period of service days, per service, per counter,
 * per clerk and per hour, measured against the charter's promises.
 *
 * The model is plain values, computed once from a store
 * (office/loket-report-compute.h: one read transaction, one pass over the
 * period's tickets and pauses) and holding every grouping, so that one
 * report can be shown in several ways — a PDF's summary page needs the
 * services, the hours and the wait distribution together.  The renderers
 * (loket-report-table.c for text and CSV, loket-report-pdf.c, and
 * loket-report-charts.c, whose charts the PDF and the supervisor's
 * screen share) only read it, and none of this library needs SQLite or the charter.
 * docs/reports.md defines every figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  LOKET_REPORT_BY_SERVICE,
  LOKET_REPORT_BY_COUNTER,
  LOKET_REPORT_BY_CLERK,
  LOKET_REPORT_BY_HOUR,
  LOKET_REPORT_BY_KIOSK,
} LoketReportGrouping;

const char *loket_report_grouping_to_string   (LoketReportGrouping  grouping);
gboolean    loket_report_grouping_from_string (const char          *text,
                                               LoketReportGrouping *grouping);

/* Durations in µs.  Percentiles by nearest rank: of n values sorted
 * ascending, the p-th percentile is the value at rank ⌈p·n/100⌉ (1-based),
 * so it is always one of the measured values; the median is p = 50 (the
 * lower middle value when n is even).  All 0 when n is 0. */
typedef struct {
  guint  n;
  gint64 mean;       /* sum / n, rounded down */
  gint64 median;
  gint64 p90;
  gint64 max;
  guint  judged;     /* those with a promise to be measured against */
  guint  within;     /* of those, no longer than promised */
} LoketReportDurations;

/* A service day's anchor: the hash of its last event, which covers that
 * event and every one before it (docs/security.md, "Daily anchors"). */
typedef struct {
  char   *day;
  gint64  seq;
  char   *hash;
} LoketReportAnchor;

void loket_report_anchor_free (gpointer anchor);

/* One service; the total row has id "" and no promises. */
typedef struct {
  char  *id;
  char  *name;                       /* in the report's language */
  guint  promised_wait_minutes;      /* 0: no promise (not in the charter) */
  guint  promised_service_minutes;
  /* Counted by the service the ticket was taken for: */
  guint  issued;
  guint  priority;                   /* issued with a priority group */
  guint  transferred;                /* sent on to another service */
  guint  turned_away;                /* refused a ticket: closed or quota used up */
  LoketReportDurations wait;         /* called_at − arrival_at, called ones; an
                                      * unserved ticket is judged a breach */
  /* Counted by the service the ticket ended in: */
  guint  served;                     /* done, outcome served */
  guint  other_outcome;              /* done, incomplete or referred */
  guint  no_show;
  guint  voided;
  guint  unserved;                   /* still waiting or called when the day closed */
  guint  unfinished;                 /* still waiting, called or serving */
  LoketReportDurations service;      /* finished_at − started_at, done ones */
} LoketReportService;

/* One counter or one clerk: what was finished there, and the pauses. */
typedef struct {
  char   *id;
  char   *name;
  guint   served;
  guint   other_outcome;
  guint   no_show;
  LoketReportDurations service;      /* only n, mean (and judged, within) */
  guint   pauses;
  gint64  pause_usec;
  gint64 *pause_usec_by_reason;      /* one per LoketReport.pause_reasons */
} LoketReportStaff;

/* One kiosk: what went wrong with paper there, and the priority claims
 * made there that a clerk found not entitled (UU 25/2009). */
typedef struct {
  char  *id;                         /* the kiosk's device name */
  guint  print_failed;               /* PRINT_FAILED at this kiosk (reprints' too) */
  guint  reprinted;                  /* REPRINTED at this kiosk */
  guint  priority_refused;           /* PRIORITY_REFUSED of tickets issued here */
} LoketReportKiosk;

/* One hour of the day (local time), by arrival. */
typedef struct {
  guint  arrivals;
  guint  called;
  gint64 mean_wait;                  /* of those called, µs */
  guint  turned_away;                /* refused a ticket in this hour */
  guint  arrivals_by_weekday[7];     /* Monday first */
} LoketReportHour;

/* One version of the charter some of the period's tickets were issued
 * under (each ticket is judged by its own promise). */
typedef struct {
  guint  version;
  char  *sha256;                     /* hex */
  char  *in_force_from;              /* "YYYY-MM-DD HH:MM", office time */
  char  *loaded_by;                  /* "start", "sighup" or "migration" */
} LoketReportCharter;

#define LOKET_REPORT_WAIT_BIN_MINUTES 5
#define LOKET_REPORT_WAIT_BINS 25    /* the last: 120 minutes and more */

typedef struct {
  char      *office;
  char      *address;
  char      *from;                   /* "YYYY-MM-DD", included */
  char      *to;
  char      *lang;                   /* "id" or "en" */
  GPtrArray *services;               /* LoketReportService*: charter order, then others */
  LoketReportService *total;
  GPtrArray *counters;               /* LoketReportStaff*: charter order, then by id */
  GPtrArray *clerks;                 /* LoketReportStaff*, by id */
  char     **pause_reasons;          /* sorted: the charter's ids (older records: free text) */
  char     **pause_reason_labels;    /* one per pause_reasons, in the report's language */
  GPtrArray *kiosks;                 /* LoketReportKiosk*, by id; only kiosks with a count */
  LoketReportHour hours[24];
  guint      days;                   /* service days with at least one ticket */
  guint      days_by_weekday[7];
  guint      wait_histogram[LOKET_REPORT_WAIT_BINS];
  GPtrArray *anchors;                /* LoketReportAnchor*, each service day's, in day order */
  GPtrArray *charters;               /* LoketReportCharter*, oldest first; may be NULL */
} LoketReport;

void         loket_report_free    (LoketReport  *report);
/* Free functions of the rows, for arrays of LoketReportService* and
 * LoketReportStaff*. */
void         loket_report_service_free (gpointer row);
void         loket_report_staff_free   (gpointer row);
void         loket_report_charter_free (gpointer charter);
void         loket_report_kiosk_free   (gpointer row);

/* The model as JSON and back, so that loketd computes a report (it has
 * the database) and the supervisor's view shows and renders it (it has
 * cairo and pango; loketd does not link them).  loket_report_from_json()
 * refuses a malformed object with LOKET_ERROR_INVALID. */
JsonObject  *loket_report_to_json   (const LoketReport *report);
LoketReport *loket_report_from_json (JsonObject        *object,
                                     GError           **error);

/* The start of @day ("YYYY-MM-DD") in @tz; NULL if it is not a date. */
GDateTime   *loket_report_day_start  (const char *day,
                                      GTimeZone  *tz);

/* The nearest-rank percentile @p (1…100) of @values, sorted or not (0
 * for none).  Exposed for the tests. */
gint64       loket_report_percentile (const gint64 *values,
                                      gsize         n,
                                      guint         p);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketReport, loket_report_free)

G_END_DECLS
