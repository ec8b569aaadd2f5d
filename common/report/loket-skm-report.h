/* loket-skm-report.h — the satisfaction survey's report over a period, as
 * offices publish it (PermenPAN-RB 14/2017): per element the answers,
 * their sum, the NRR and the weighted NRR; the index, its grade and
 * performance; the respondents by channel and by profile; whether the
 * Krejcie–Morgan sample was reached; the lowest elements for the
 * follow-up plan; the suggestions.  Per service and per channel too.
 *
 * Plain values: common/office/loket-skm-compute.c fills it from the store
 * (sums and counts, never averages), the renderers here write it as text
 * or CSV (and loket-skm-report-pdf.c as the typeset PDF offices publish), and
 * `loketctl report --skm` prints it (docs/skm.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "loket-skm.h"

G_BEGIN_DECLS

/* One group's figures: the office, a service or a channel. */
typedef struct {
  char          *id;          /* service id or channel; NULL for the office */
  char          *day;         /* a service day's group (LoketSkmReport.days); else NULL */
  char          *name;        /* for people, in the report's language */
  LoketSkmTally  tally;
  guint64        served;      /* citizens served in the period (0 for a channel: not known) */
} LoketSkmGroup;

typedef struct {
  char *service_day;
  char *service;
  char *channel;
  char *text;
} LoketSkmSuggestion;

typedef struct {
  char          *office;
  char          *from;        /* "YYYY-MM-DD", both included */
  char          *to;
  char          *lang;        /* "id" or "en" */
  char          *time_zone;   /* the office's, "Asia/Jakarta"; NULL: the printing machine's */
  LoketSkmGroup *total;
  GPtrArray     *services;    /* LoketSkmGroup*, the charter's order, then any it no longer has */
  GPtrArray     *channels;    /* LoketSkmGroup*, one per loket_skm_channels */
  /* Respondents per profile item and choice; the last column counts
   * those who did not say. */
  guint64        profile[LOKET_SKM_PROFILE_ITEMS][LOKET_SKM_MAX_CHOICES + 1];
  GPtrArray     *suggestions; /* LoketSkmSuggestion*, oldest first */
  /* LoketSkmGroup* per service day and service that has answers, by day
   * then service id (`served` not counted): the open data's rows. */
  GPtrArray     *days;
} LoketSkmReport;

LoketSkmReport *loket_skm_report_new         (const char *office,
                                              const char *from,
                                              const char *to,
                                              const char *lang);
void            loket_skm_report_free        (LoketSkmReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketSkmReport, loket_skm_report_free)

/* The group of service @id, added (named @name) if it is not there yet. */
LoketSkmGroup  *loket_skm_report_service     (LoketSkmReport *report,
                                              const char     *id,
                                              const char     *name);

/* The group of service @id on service day @day, added after the others
 * if it is not the last one (the store gives them in that order). */
LoketSkmGroup  *loket_skm_report_day         (LoketSkmReport *report,
                                              const char     *day,
                                              const char     *id,
                                              const char     *name);

/* The report as JSON (SKM's reply, docs/protocol.md): per group the
 * respondents, each element's answers 1–4, count, sum and NRR, the index
 * as graded, the grade and its label, the sample; @by_day adds the days'
 * groups.  No profile, no suggestion: those stay in the office. */
JsonObject     *loket_skm_report_to_json     (const LoketSkmReport *report,
                                              gboolean              by_day);

/* The report as text for people, in the report's language. */
gboolean        loket_skm_report_write_text  (const LoketSkmReport *report,
                                              GOutputStream        *out,
                                              GError              **error);
/* One CSV row per group (scope office, service, channel) with every
 * element's answers, sum and NRR, then the index, so that a person can
 * recompute it by hand; then a row per profile answer (scope profile)
 * and per suggestion (scope suggestion).  docs/skm.md has the columns. */
gboolean        loket_skm_report_write_csv   (const LoketSkmReport *report,
                                              GOutputStream        *out,
                                              GError              **error);

/* The document offices publish, typeset on A4 pages: the index, grade,
 * elements' chart and table, per service, channel and profile, the
 * suggestions and the formula, with the same figures as the text and CSV
 * (loket-skm-report-pdf.c; docs/skm.md). */
gboolean        loket_skm_report_write_pdf   (const LoketSkmReport *report,
                                              GOutputStream        *out,
                                              GError              **error);

G_END_DECLS
