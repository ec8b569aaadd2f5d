/* loket-office-close.c — nobody vanishes: the day's closing and the
 * citizens turned away.
 *
 * At closing time (the charter's last opening range of the day plus its
 * ClosingGraceMinutes) loketd sends itself CLOSE_DAY (server/
 * loket-server.c): every ticket of that day or an earlier one still
 * waiting or called ends `unserved` by the ticket life cycle's close-day
 * row, one UNSERVED event each (the ticket in it, so that `loketctl
 * verify` replays it like any other), and one DAY_CLOSED event says the
 * day is over, for the boards and counters to show.  A ticket being
 * served is left to its clerk.
 *
 * A citizen refused a ticket for the hours or the quota leaves a
 * TURNED_AWAY event — the service and why, nothing about the person —
 * written after the refused request's own writes were undone, so that
 * reports count them (docs/reports.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-error.h"
#include "loket-life-cycle.h"
#include "loket-message.h"

#include <stdio.h>
#include <string.h>

/* ---- closing a day ------------------------------------------------------ */

/* "16:00" of @usec in the office's time zone. */
static char *
local_clock (LoketCharter *charter, gint64 usec)
{
  g_autoptr(GDateTime) local = loket_charter_local_time (charter, usec);

  return local ? g_date_time_format (local, "%H:%M") : g_strdup ("?");
}

/* A past day may always be closed; today only once tickets are no longer
 * issued (the hours say so, or training mode ignores them): a queue
 * closed while the kiosks still issue would strand the next citizen. */
static gboolean
check_can_close (Context *ctx, const char *day, GError **error)
{
  gint64 closes = loket_charter_closing_time (ctx->office->charter, day);

  if (strlen (day) != 10 || closes < 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "field \"day\": “%s” is not a date like 2026-01-31",
                   day);
      return FALSE;
    }
  if (strcmp (day, ctx->service_day) > 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "service day %s has not begun (today is %s)",
                   day, ctx->service_day);
      return FALSE;
    }
  if (strcmp (day, ctx->service_day) < 0 || ctx->office->always_open || !office_is_open (ctx, NULL))
    return TRUE;
  {
    g_autofree char *at = local_clock (ctx->office->charter, closes);

    g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                 "the office still issues tickets by its opening hours; the day closes by itself at %s", at);
  }
  return FALSE;
}

/* One ticket left unserved, and the counter that called it freed. */
static gboolean
close_ticket (Context *ctx, const char *actor, LoketTicket *ticket, const char *day, const char *why,
              GError **error)
{
  g_autoptr(LoketCounterState) counter = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  const LoketTicketTransition *row = loket_ticket_life_apply (ticket, LOKET_TICKET_ACT_CLOSE_DAY, error);

  if (row == NULL)
    return FALSE;
  if (ticket->counter != NULL)
    {
      counter = loket_store_get_counter (ctx->office->store, ticket->counter, error);
      if (counter == NULL)
        return FALSE;
      if (counter->current_ticket != ticket->id)
        g_clear_pointer (&counter, loket_counter_state_free);
      else if (loket_counter_life_apply (counter, LOKET_COUNTER_ACT_CLOSE_DAY, error) == NULL)
        return FALSE;
    }
  ticket->finished_at = ctx->request->now;
  json_object_set_string_member (extra, "day", day);
  return office_save (ctx, ticket, counter, error) &&
         office_emit (ctx, row->event, actor, ticket, counter, why, extra, error);
}

/* Today's closing is news for the boards even when nobody was left; a
 * past day's only when it had tickets left, or every start of loketd
 * would log one.  FALSE with the store's error. */
static gboolean
day_closed_is_news (Context *ctx, const char *day, guint unserved, gboolean *news, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *last = NULL;

  *news = unserved > 0;
  if (*news || strcmp (day, ctx->service_day) != 0)
    return TRUE;
  last = loket_store_last_day_closed (ctx->office->store, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *news = g_strcmp0 (last, day) < 0;
  return TRUE;
}

JsonObject *
office_handle_close_day (Context *ctx, GError **error)
{
  const char *day = office_body_optional (ctx, "day") ?: ctx->service_day;
  const char *reason = office_body_optional (ctx, "reason");
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(JsonArray) labels = json_array_new ();
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autofree char *why = NULL;
  g_autofree char *at = NULL;
  gboolean news = FALSE;
  const char *actor;
  JsonObject *reply;
  gint64 purged;

  if (!check_can_close (ctx, day, error) || (actor = office_supervisor_actor (ctx, error)) == NULL ||
      (tickets = loket_store_list_unclosed (ctx->office->store, day, error)) == NULL)
    return NULL;
  at = local_clock (ctx->office->charter, ctx->request->now);
  why = reason ? g_strdup (reason) : g_strdup_printf ("the service day %s closed at %s", day, at);
  for (guint i = 0; i < tickets->len; i++)
    {
      LoketTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *label = NULL;

      if (!close_ticket (ctx, actor, ticket, day, why, error))
        return NULL;
      label = loket_ticket_get_label (ticket);
      json_array_add_string_element (labels, label);
    }
  json_object_set_string_member (extra, "day", day);
  json_object_set_int_member (extra, "unserved", tickets->len);
  if (!day_closed_is_news (ctx, day, tickets->len, &news, error) ||
      (news && !office_emit (ctx, "DAY_CLOSED", actor, NULL, NULL, why, extra, error)))
    return NULL;
  /* The day's closing is when personal data past its time goes. */
  if ((purged = office_purge_complainants (ctx, error)) < 0)
    return NULL;
  reply = json_object_new ();
  json_object_set_string_member (reply, "day", day);
  json_object_set_int_member (reply, "unserved", tickets->len);
  json_object_set_int_member (reply, "complainants_purged", purged);
  json_object_set_array_member (reply, "tickets", g_steal_pointer (&labels));
  return reply;
}

/* "2026-12-04" for "2026-12-05". */
static char *
day_before (const char *day)
{
  g_autoptr(GDate) date = g_date_new ();
  guint y, m, d;

  if (sscanf (day, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return NULL;
  g_date_set_dmy (date, d, m, y);
  g_date_subtract_days (date, 1);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

char *
loket_office_day_due (LoketOffice *self,
                      gint64       now)
{
  g_autofree char *today = loket_charter_service_day (self->charter, now);
  gint64 closes;

  if (self->always_open || today == NULL)
    return NULL;
  closes = loket_charter_closing_time (self->charter, today);
  if (closes > 0 && now >= closes)
    return g_steal_pointer (&today);
  return day_before (today);
}

/* ---- citizens turned away ----------------------------------------------- */

gboolean
loket_office_refusal_is_recorded (const LoketRequest *request,
                                  const GError       *refusal)
{
  return refusal != NULL && refusal->domain == LOKET_ERROR &&
         (refusal->code == LOKET_ERROR_CLOSED || refusal->code == LOKET_ERROR_QUOTA) &&
         g_strcmp0 (request->type, "ISSUE") == 0;
}

gboolean
loket_office_record_refusal (LoketOffice        *self,
                             const LoketRequest *request,
                             const GError       *refusal,
                             GPtrArray          *events,
                             GError            **error)
{
  Context ctx = { self, request, events, NULL, NULL };
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autoptr(GError) wrong = NULL;
  gboolean ok;

  if (!loket_office_refusal_is_recorded (request, refusal))
    return TRUE;
  /* The request was admitted and its service found before the refusal. */
  json_object_set_string_member (extra, "service", loket_json_optional_string (request->body, "service"));
  json_object_set_string_member (extra, "refusal", refusal->code == LOKET_ERROR_CLOSED ? "closed" : "quota");
  ctx.service_day = loket_charter_service_day (self->charter, request->now);
  ok = office_emit (&ctx, "TURNED_AWAY", request->device, NULL, NULL, refusal->message, extra, error);
  g_free (ctx.service_day);
  if (ok && !loket_protocol_check_event (loket_protocol_lookup_request ("ISSUE"),
                                         g_ptr_array_index (events, events->len - 1), &wrong))
    g_critical ("the protocol table and the office disagree: %s", wrong->message);
  return ok;
}
