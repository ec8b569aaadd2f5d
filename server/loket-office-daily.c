/* loket-office-daily.c — DAILY: the office's record per service day, the
 * figures the public may see (the web gateway's open data and the chart
 * on its page; docs/open-data.md).
 *
 * Each day is the report of that one day (loket_report_compute, the one
 * computation behind REPORT and `loketctl report`), cut down to what is
 * published: per service the counts and the waits, nothing per counter
 * or clerk.  Only the days with events are listed — a day the office did
 * not open has no record and no anchor — each with its anchor, the hash
 * of its last event, so that anyone can later check that the published
 * history was not rewritten (`loketctl anchors`).
 *
 * A day is "final" once it is over and none of its tickets is still
 * waiting, called or being served: every later act (a VOID, the closing
 * of a forgotten day) needs such a ticket, and every event belongs to the
 * service day it is written on, so neither its figures nor its anchor can
 * change.  The gateway caches final days and asks again for the others.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-report-compute.h"
#include "loket-error.h"

#include <string.h>

/* As REPORT's: one request reads at most a month, one day at a time, so
 * loketd's loop is never held for long (docs/open-data.md measures it). */
#define DAILY_MAX_DAYS 31

static gboolean
check_period (const char *from, const char *to, GError **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = loket_report_day_start (from, tz);
  g_autoptr(GDateTime) end = loket_report_day_start (to, tz);

  if (start == NULL || end == NULL || strlen (from) != 10 || strlen (to) != 10)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "\"from\" and \"to\" must be service days, YYYY-MM-DD");
      return FALSE;
    }
  if (g_date_time_compare (start, end) > 0 ||
      g_date_time_difference (end, start) >= DAILY_MAX_DAYS * G_TIME_SPAN_DAY)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "DAILY covers 1 to %d days from \"from\" to \"to\"; ask again for the next ones",
                   DAILY_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

/* Whole seconds, rounded to the nearest. */
static gint64
to_seconds (gint64 usec)
{
  return (usec + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
}

static JsonObject *
service_to_json (const LoketReportService *s)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", s->id);
  json_object_set_string_member (o, "name", s->name);
  json_object_set_int_member (o, "issued", s->issued);
  json_object_set_int_member (o, "served", s->served);
  json_object_set_int_member (o, "turned_away", s->turned_away);
  json_object_set_int_member (o, "unserved", s->unserved);
  json_object_set_int_member (o, "waits", s->wait.n);
  json_object_set_int_member (o, "wait_median_s", to_seconds (s->wait.median));
  json_object_set_int_member (o, "wait_p90_s", to_seconds (s->wait.p90));
  json_object_set_int_member (o, "judged", s->wait.judged);
  json_object_set_int_member (o, "within", s->wait.within);
  return o;
}

/* One day's entry: its anchor, whether it is final, its services. */
static JsonObject *
day_to_json (Context *ctx, const LoketAnchor *anchor, const char *lang, GError **error)
{
  g_autoptr(LoketReport) report = loket_report_compute (ctx->office->store, ctx->office->charter,
                                                        anchor->day, anchor->day, lang, error);
  JsonObject *o;
  JsonArray *services;

  if (report == NULL)
    return NULL;
  o = json_object_new ();
  json_object_set_string_member (o, "day", anchor->day);
  json_object_set_int_member (o, "anchor_seq", anchor->seq);
  json_object_set_string_member (o, "anchor_hash", anchor->hash);
  json_object_set_boolean_member (o, "final", strcmp (anchor->day, ctx->service_day) < 0 &&
                                              report->total->unfinished == 0);
  services = json_array_new ();
  for (guint i = 0; i < report->services->len; i++)
    json_array_add_object_element (services, service_to_json (g_ptr_array_index (report->services, i)));
  json_object_set_array_member (o, "services", services);
  return o;
}

/* The days from "from" to "to" (default today) that have a record. */
JsonObject *
office_handle_daily (Context *ctx, GError **error)
{
  const char *from = office_body_optional (ctx, "from") ?: ctx->service_day;
  const char *to = office_body_optional (ctx, "to") ?: from;
  const char *lang = office_body_optional (ctx, "lang") ?: "id";
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(JsonArray) days = json_array_new ();
  gint64 started = g_get_monotonic_time ();
  JsonObject *reply;

  if (!check_period (from, to, error) ||
      (anchors = loket_store_list_anchors (ctx->office->store, from, to, error)) == NULL)
    return NULL;
  for (guint i = 0; i < anchors->len; i++)
    {
      JsonObject *day = day_to_json (ctx, g_ptr_array_index (anchors, i), lang, error);

      if (day == NULL)
        return NULL;
      json_array_add_object_element (days, day);
    }
  g_debug ("DAILY %s…%s: %u days in %" G_GINT64_FORMAT " ms", from, to, anchors->len,
           (g_get_monotonic_time () - started) / 1000);
  reply = json_object_new ();
  json_object_set_string_member (reply, "today", ctx->service_day);
  json_object_set_string_member (reply, "licence",
                                 loket_charter_get_open_data_licence (ctx->office->charter));
  json_object_set_array_member (reply, "days", g_steal_pointer (&days));
  return reply;
}
