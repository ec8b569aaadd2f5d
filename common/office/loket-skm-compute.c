/* loket-skm-compute.c — the satisfaction survey's report from the store;
 * see loket-skm-compute.h.  Every figure is a sum or a count: the store
 * gives each (service, channel) pair's sums and counts per element, and
 * the office's, each service's and each channel's tallies are their
 * sums, so any grouping's index is exact (loket-skm.c computes it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-skm-compute.h"
#include "loket-error.h"
#include "loket-report.h"

#include <string.h>

static void
on_tally (const char *day, const char *service, const char *channel, const LoketSkmTally *tally, gpointer data)
{
  LoketSkmReport *report = data;
  gint c = loket_skm_channel_index (channel);
  LoketSkmGroup *group = loket_skm_report_service (report, service, NULL);

  loket_skm_tally_merge (&report->total->tally, tally);
  loket_skm_tally_merge (&group->tally, tally);
  loket_skm_tally_merge (&loket_skm_report_day (report, day, service, group->name)->tally, tally);
  if (c >= 0)
    loket_skm_tally_merge (&((LoketSkmGroup *) g_ptr_array_index (report->channels, c))->tally, tally);
}

static void
on_served (const char *service, guint64 served, gpointer data)
{
  LoketSkmReport *report = data;

  report->total->served += served;
  loket_skm_report_service (report, service, NULL)->served += served;
}

static void
on_profile (LoketSkmProfileItem item, const char *choice, guint64 respondents, gpointer data)
{
  LoketSkmReport *report = data;
  gint c = choice ? loket_skm_profile_choice (item, choice) : -1;

  /* A choice no longer on the list counts as not given. */
  report->profile[item][c >= 0 ? (guint) c : LOKET_SKM_MAX_CHOICES] += respondents;
}

static void
on_suggestion (const char *day, const char *service, const char *channel, const char *text, gpointer data)
{
  LoketSkmReport *report = data;
  LoketSkmSuggestion *s = g_new0 (LoketSkmSuggestion, 1);

  s->service_day = g_strdup (day);
  s->service = g_strdup (service);
  s->channel = g_strdup (channel);
  s->text = g_strdup (text);
  g_ptr_array_add (report->suggestions, s);
}

static gboolean
check_period (const char *from, const char *to, GError **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = loket_report_day_start (from, utc);
  g_autoptr(GDateTime) end = loket_report_day_start (to, utc);

  if (start == NULL || end == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s: “%s” is not a date like 2026-01-31",
                   start == NULL ? "from" : "to", start == NULL ? (from ? from : "") : (to ? to : ""));
      return FALSE;
    }
  if (strcmp (from, to) > 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "the period ends (%s) before it begins (%s)",
                   to, from);
      return FALSE;
    }
  return TRUE;
}

LoketSkmReport *
loket_skm_report_compute (LoketStore   *store,
                          LoketCharter *charter,
                          const char   *from,
                          const char   *to,
                          const char   *lang,
                          GError      **error)
{
  g_autoptr(LoketSkmReport) report = NULL;
  GPtrArray *services = loket_charter_get_services (charter);
  gboolean en = g_strcmp0 (lang, "en") == 0;
  const char *office;
  gboolean ok;

  if (!check_period (from, to, error))
    return NULL;
  office = en && loket_charter_get_office_name_en (charter) ? loket_charter_get_office_name_en (charter)
                                                             : loket_charter_get_office_name (charter);
  report = loket_skm_report_new (office, from, to, lang);
  report->time_zone = g_strdup (loket_charter_get_time_zone_id (charter));
  /* The charter's services first, in its order, answered or not. */
  for (guint i = 0; i < services->len; i++)
    {
      const LoketServiceDef *s = g_ptr_array_index (services, i);

      loket_skm_report_service (report, s->id, en && s->name_en ? s->name_en : s->name);
    }
  if (!loket_store_read_begin (store, error))
    return NULL;
  ok = loket_store_survey_tallies (store, from, to, on_tally, report, error) &&
       loket_store_count_served (store, from, to, on_served, report, error) &&
       loket_store_survey_profiles (store, from, to, on_profile, report, error) &&
       loket_store_survey_suggestions (store, from, to, on_suggestion, report, error);
  loket_store_read_end (store);
  return ok ? g_steal_pointer (&report) : NULL;
}
