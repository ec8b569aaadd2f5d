/* loket-skm-json.c — the satisfaction survey's report as JSON: SKM's
 * reply (docs/protocol.md), read by the supervisor's view and the web
 * gateway (its page and its open data /data/skm-daily.*).
 *
 * Every figure comes from the tally and loket_skm_compute (), the one
 * computation behind `loketctl report --skm`: the index is written as it
 * is graded, two decimals rounded half up, as text ("80.42"), so no
 * client rounds it again.  Each element carries its answers' counts, 1 to
 * 4, so that anyone can recompute the index by hand.  The profile and
 * the suggestions are not part of it: they stay in the office's report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-skm-report.h"

static JsonArray *
elements_to_json (const LoketSkmTally *tally, const LoketSkmResult *result)
{
  JsonArray *elements = json_array_new ();

  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      JsonObject *o = json_object_new ();
      JsonArray *answers = json_array_new ();

      json_object_set_string_member (o, "id", loket_skm_element (e)->id);
      for (guint a = 0; a < LOKET_SKM_ANSWERS; a++)
        json_array_add_int_element (answers, tally->answers[e][a]);
      json_object_set_array_member (o, "answers", answers);
      json_object_set_int_member (o, "count", tally->count[e]);
      json_object_set_int_member (o, "sum", tally->sum[e]);
      if (result != NULL && tally->count[e] > 0)
        {
          char nrr[16];

          g_snprintf (nrr, sizeof nrr, "%.4f", result->nrr[e]);
          json_object_set_string_member (o, "nrr", nrr);
        }
      else if (result != NULL)
        json_object_set_null_member (o, "nrr");
      json_array_add_object_element (elements, o);
    }
  return elements;
}

/* The index, grade, label and lowest element of @result (null and "" when
 * nobody answered). */
static void
set_index (JsonObject *o, const LoketSkmResult *result, const char *lang)
{
  guint lowest[LOKET_SKM_ELEMENTS];

  if (result->grade == LOKET_SKM_GRADE_NONE)
    {
      json_object_set_null_member (o, "ikm");
      json_object_set_null_member (o, "index");
      json_object_set_null_member (o, "lowest");
    }
  else
    {
      g_autofree char *ikm = g_strdup_printf ("%.4f", result->ikm);
      g_autofree char *index = g_strdup_printf ("%u.%02u", result->index_hundredths / 100,
                                                result->index_hundredths % 100);

      json_object_set_string_member (o, "ikm", ikm);
      json_object_set_string_member (o, "index", index);
      loket_skm_lowest (result, lowest);
      json_object_set_string_member (o, "lowest", loket_skm_element (lowest[0])->id);
    }
  json_object_set_string_member (o, "grade", loket_skm_grade_letter (result->grade));
  json_object_set_string_member (o, "performance", loket_skm_grade_label (result->grade, lang));
}

static JsonObject *
group_to_json (const LoketSkmReport *report, const LoketSkmGroup *group)
{
  JsonObject *o = json_object_new ();
  LoketSkmResult result;
  guint needed = loket_skm_sample_size (group->served);

  loket_skm_compute (&group->tally, &result);
  if (group->id != NULL)
    json_object_set_string_member (o, "id", group->id);
  json_object_set_string_member (o, "name", group->name);
  json_object_set_int_member (o, "respondents", group->tally.respondents);
  json_object_set_int_member (o, "served", group->served);
  json_object_set_int_member (o, "sample_needed", needed);
  json_object_set_boolean_member (o, "sample_reached", group->tally.respondents >= needed);
  set_index (o, &result, report->lang);
  json_object_set_array_member (o, "elements", elements_to_json (&group->tally, &result));
  return o;
}

/* A day's group: the answers only (no population, no index — a day's
 * handful of respondents is not a survey). */
static JsonObject *
day_to_json (const LoketSkmGroup *group)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "day", group->day);
  json_object_set_string_member (o, "id", group->id);
  json_object_set_string_member (o, "name", group->name);
  json_object_set_int_member (o, "respondents", group->tally.respondents);
  json_object_set_array_member (o, "elements", elements_to_json (&group->tally, NULL));
  return o;
}

JsonObject *
loket_skm_report_to_json (const LoketSkmReport *report,
                          gboolean              by_day)
{
  JsonObject *o = json_object_new ();
  JsonArray *services = json_array_new ();

  json_object_set_string_member (o, "from", report->from);
  json_object_set_string_member (o, "to", report->to);
  json_object_set_string_member (o, "lang", report->lang);
  json_object_set_object_member (o, "office", group_to_json (report, report->total));
  for (guint i = 0; i < report->services->len; i++)
    json_array_add_object_element (services, group_to_json (report, g_ptr_array_index (report->services, i)));
  json_object_set_array_member (o, "services", services);
  if (by_day)
    {
      JsonArray *days = json_array_new ();

      for (guint i = 0; i < report->days->len; i++)
        json_array_add_object_element (days, day_to_json (g_ptr_array_index (report->days, i)));
      json_object_set_array_member (o, "days", days);
    }
  return o;
}
