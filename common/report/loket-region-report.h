/* loket-region-report.h — the report against the charter over many
 * offices, as the regional PostgreSQL computes it (`loketctl report
 * --central`, docs/region.md "Central reports").
 *
 * Each office's figures are a LoketReport of their own — the same plain
 * values the office computes from its SQLite, with the services and the
 * row of all services (the centre has no counters, clerks or hours: no
 * clerk leaves the office, and the office's time zone stays there) — so
 * one office's part of the regional report reads exactly as its own
 * report's service table.  Above them, the league table: the offices
 * ranked by the share of their waits within the promise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-complaint-category.h"
#include "loket-report.h"
#include "loket-report-render.h"

G_BEGIN_DECLS

/* The complaints an office received in the period (by the service day
 * received), counted as its own COMPLAINT_STATS counts them
 * (docs/complaints.md): those answered (a reopened one by its latest
 * answer), those answered by their deadline, and the median of the
 * working days to the answer (the mean of the middle two for an even
 * count), when any was answered (@has_median). */
typedef struct {
  guint    received;
  guint    answered;
  guint    within_deadline;
  gboolean has_median;
  double   median_working_days;
} LoketRegionComplaints;

/* @skm: the office's SKM index (0…100, docs/skm.md) from the survey's
 * answers the centre holds (the SURVEYED events), when anyone answered
 * (@has_skm); the league table then shows it and uses it to break ties
 * (loket_region_report_rank).  @complaints: from the COMPLAINED and
 * COMPLAINT_MOVED events; they do not rank. */
typedef struct {
  LoketReport          *report;   /* report->office is the office's id in the region */
  guint                 rank;     /* 1-based, after loket_region_report_rank() */
  gboolean              has_skm;
  double                skm;
  LoketRegionComplaints complaints;
} LoketRegionOffice;

typedef struct {
  char      *region;     /* --region's name, or NULL for a list of offices */
  char      *from;       /* "YYYY-MM-DD", included */
  char      *to;
  char      *lang;
  GPtrArray *offices;    /* LoketRegionOffice*, by rank once ranked */
  /* The complaints of all the offices together, per category in the
   * protocol's order (loket-complaint-category.h), counted as above. */
  LoketRegionComplaints complaint_categories[LOKET_COMPLAINT_N_CATEGORIES];
} LoketRegionReport;

LoketRegionReport *loket_region_report_new  (const char        *region,
                                             const char        *from,
                                             const char        *to,
                                             const char        *lang);
void               loket_region_report_free (LoketRegionReport *report);
/* Takes @report. */
LoketRegionOffice *loket_region_report_add  (LoketRegionReport *region,
                                             LoketReport       *report);

/* Ranks the offices: the higher share of waits within the promise first
 * (an office with no judged wait last), then the higher SKM index where
 * both have one, then fewer breaches, more tickets, and the id.  Equal
 * shares still get distinct ranks, in that order. */
void               loket_region_report_rank (LoketRegionReport *report);

/* The league table: rank, office, tickets, served, share within the
 * promise, median and 90th percentile of the wait, breaches (and the SKM
 * index when an office has one). */
LoketReportTable  *loket_region_report_league (const LoketRegionReport *report);

/* Whether any office received a complaint in the period (else the
 * complaints tables below are NULL). */
gboolean           loket_region_report_has_complaints (const LoketRegionReport *report);

/* The complaints table, in rank order: rank, office, received, answered,
 * share answered by the deadline (of those answered, as the office's
 * public page shows it), median working
 * days to the answer; NULL when no office received one in the period. */
LoketReportTable  *loket_region_report_complaints (const LoketRegionReport *report);
/* The complaints of all the offices by category, every category in the
 * protocol's order with its label in the report's language: category,
 * received, answered, share by the deadline, median working days; NULL
 * as above. */
LoketReportTable  *loket_region_report_complaint_categories (const LoketRegionReport *report);

/* Text: the league table (fits 100 columns), the complaints tables (per
 * office, per category) when there are any, then each office's service
 * summary.  CSV: one line per
 * office and service (the office's total with an empty service), the
 * office's rank, id, SKM index and complaint figures, then the columns of
 * the office's own service table (loket_report_write_csv's keys).  PDF:
 * the league table on page 1, the complaints (per office, per category)
 * on a page of their own when any, then a page per office.  The CSV keeps
 * to offices and services: the categories are the text's and the PDF's. */
gboolean loket_region_report_write_text (const LoketRegionReport *report,
                                         GOutputStream           *out,
                                         GError                 **error);
gboolean loket_region_report_write_csv  (const LoketRegionReport *report,
                                         GOutputStream           *out,
                                         GError                 **error);
gboolean loket_region_report_write_pdf  (const LoketRegionReport *report,
                                         GOutputStream           *out,
                                         GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketRegionReport, loket_region_report_free)

G_END_DECLS
