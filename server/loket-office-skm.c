/* loket-office-skm.c — SKM: the satisfaction survey's index over a
 * period, per service and for the office (docs/skm.md), for the
 * supervisor's view and the web gateway (its page and its open data).
 *
 * The figures are loket_skm_report_compute ()'s, the one computation
 * behind `loketctl report --skm`, written by loket_skm_report_to_json ():
 * sums and counts of the answers, never an average of averages, and
 * nothing per clerk or counter — the regulation judges the unit, and the
 * surveys table does not even know who served.  The period is bounded
 * as REPORT's (1 to 366 days), as it is read on loketd's loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-skm-compute.h"
#include "loket-error.h"

/* Keeps only the service @id (the office's figures stay). */
static gboolean
keep_service (LoketSkmReport *report, const char *id, GError **error)
{
  for (guint i = 0; i < report->services->len; i++)
    {
      LoketSkmGroup *group = g_ptr_array_index (report->services, i);

      if (g_strcmp0 (group->id, id) == 0)
        {
          g_ptr_array_steal_index (report->services, i);
          g_ptr_array_set_size (report->services, 0);
          g_ptr_array_add (report->services, group);
          for (guint d = report->days->len; d > 0; d--)
            if (g_strcmp0 (((LoketSkmGroup *) g_ptr_array_index (report->days, d - 1))->id, id) != 0)
              g_ptr_array_remove_index (report->days, d - 1);
          return TRUE;
        }
    }
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
               "service “%s” is neither in the charter nor in the period's surveys", id);
  return FALSE;
}

JsonObject *
office_handle_skm (Context *ctx, GError **error)
{
  const char *from = office_body_optional (ctx, "from") ?: ctx->service_day;
  const char *to = office_body_optional (ctx, "to") ?: from;
  const char *service = office_body_optional (ctx, "service");
  const char *lang = office_body_optional (ctx, "lang") ?: "id";
  gboolean by_day = json_object_get_boolean_member_with_default (ctx->request->body, "by_day", FALSE);
  g_autoptr(LoketSkmReport) report = NULL;
  JsonObject *reply;

  if (!office_check_report_period (ctx, from, to, error))
    return NULL;
  report = loket_skm_report_compute (ctx->office->store, ctx->office->charter, from, to, lang, error);
  if (report == NULL || (service != NULL && !keep_service (report, service, error)))
    return NULL;
  reply = json_object_new ();
  json_object_set_object_member (reply, "skm",
                                 loket_skm_report_to_json (report, by_day));
  return reply;
}
