/* loket-office-issue.c — the services a citizen can choose, with today's
 * waits against the charter's promise, and a ticket taken and printed.
 * The number is assigned in the transaction that stores it, so it is
 * never given twice; the reply goes out only after the commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-error.h"
#include "loket-life-cycle.h"
#include "loket-message.h"
#include "loket-routing.h"
#include "loket-token.h"

#include <string.h>

/* ---- services and issuing ---------------------------------------------- */

/* Today's figures for one service: tickets issued and waiting, the
 * estimated wait, and the record against the charter for boards and
 * supervisors (called_today, called_within_promise, waiting_overdue).
 * A store that cannot count fails the request: a kiosk that showed "0
 * waiting" for a broken database would promise what nobody checked. */
static gboolean
add_figures (Context *ctx, OfficeEstimate *estimates, const LoketServiceDef *s, JsonObject *o,
             guint *issued, GError **error)
{
  LoketWaitCompliance c = { 0, 0, 0 };
  g_autoptr(GError) local = NULL;
  LoketEstimate estimate;
  guint waiting = 0;

  *issued = loket_store_count_issued (ctx->office->store, ctx->service_day, s->series, &local);
  if (local == NULL)
    waiting = loket_store_count_waiting (ctx->office->store, ctx->service_day, s->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!loket_store_wait_compliance (ctx->office->store, ctx->service_day, s->id,
                                    s->promised_wait_minutes * USEC_PER_MINUTE, ctx->request->now,
                                    &c, error))
    return FALSE;
  /* For a regular citizen who takes a ticket now. */
  office_estimate_for (ctx, estimates, s->id, FALSE, OFFICE_ESTIMATE_JOINING, &estimate);
  json_object_set_int_member (o, "issued_today", *issued);
  json_object_set_int_member (o, "waiting", waiting);
  office_estimate_to_json (&estimate, o);
  json_object_set_int_member (o, "called_today", c.called);
  json_object_set_int_member (o, "called_within_promise", c.called_within);
  json_object_set_int_member (o, "waiting_overdue", c.waiting_overdue);
  return TRUE;
}

static JsonObject *
service_to_json (Context *ctx, OfficeEstimate *estimates, const LoketServiceDef *s, gboolean open,
                 const char *closed_reason, const char *closed_reason_en, GError **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  guint issued = 0;
  gboolean quota_left;

  json_object_set_string_member (o, "id", s->id);
  json_object_set_string_member (o, "series", s->series);
  json_object_set_string_member (o, "name", s->name);
  loket_json_set_nullable_string (o, "name_en", s->name_en);
  json_object_set_array_member (o, "requirements", office_strv_to_json (s->requirements));
  json_object_set_array_member (o, "requirements_en", office_strv_to_json (s->requirements_en));
  loket_json_set_nullable_string (o, "procedure", s->procedure);
  loket_json_set_nullable_string (o, "procedure_en", s->procedure_en);
  loket_json_set_nullable_string (o, "product", s->product);
  loket_json_set_nullable_string (o, "product_en", s->product_en);
  json_object_set_int_member (o, "cost", s->cost);
  json_object_set_int_member (o, "promised_wait_minutes", s->promised_wait_minutes);
  json_object_set_int_member (o, "promised_service_minutes", s->promised_service_minutes);
  json_object_set_int_member (o, "daily_quota", s->daily_quota);
  if (!add_figures (ctx, estimates, s, o, &issued, error))
    return NULL;
  json_object_set_array_member (o, "priority_groups", office_strv_to_json (s->priority_groups));
  quota_left = s->daily_quota == 0 || issued < s->daily_quota;
  json_object_set_boolean_member (o, "available", open && quota_left);
  if (!open)
    {
      json_object_set_string_member (o, "unavailable", "closed");
      json_object_set_string_member (o, "unavailable_reason", closed_reason);
      json_object_set_string_member (o, "unavailable_reason_en", closed_reason_en);
    }
  else if (!quota_left)
    {
      json_object_set_string_member (o, "unavailable", "quota");
      json_object_set_string_member (o, "unavailable_reason",
                                     "Kuota harian layanan ini sudah habis. Silakan datang lagi besok.");
      json_object_set_string_member (o, "unavailable_reason_en",
                                     "Today's quota for this service is used up. Please come again tomorrow.");
    }
  return g_steal_pointer (&o);
}

gboolean
office_is_open (Context *ctx, char **reason)
{
  if (ctx->office->always_open)
    return TRUE;
  return loket_charter_is_open (ctx->office->charter, ctx->request->now, reason);
}

JsonArray *
office_services_to_json (Context *ctx, GError **error)
{
  GPtrArray *services = loket_charter_get_services (ctx->office->charter);
  g_autofree char *reason = NULL;
  g_autofree char *reason_en = NULL;
  gboolean open = office_is_open (ctx, &reason);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(OfficeEstimate) estimates = office_estimate_read (ctx, error);

  if (estimates == NULL)
    return NULL;
  if (!open)
    reason_en = loket_charter_describe_closed (ctx->office->charter, ctx->request->now, "en");
  for (guint i = 0; i < services->len; i++)
    {
      JsonObject *o = service_to_json (ctx, estimates, g_ptr_array_index (services, i), open, reason,
                                       reason_en, error);

      if (o == NULL)
        return NULL;
      json_array_add_object_element (array, o);
    }
  return g_steal_pointer (&array);
}

/* What a kiosk or board shows and prints about the office itself. */
void
office_add_office_fields (Context *ctx, JsonObject *reply)
{
  LoketCharter *charter = ctx->office->charter;
  GPtrArray *groups = loket_charter_get_priority_groups (charter);
  JsonArray *array = json_array_new ();

  json_object_set_string_member (reply, "office", loket_charter_get_office_name (charter));
  loket_json_set_nullable_string (reply, "office_en", loket_charter_get_office_name_en (charter));
  loket_json_set_nullable_string (reply, "address", loket_charter_get_office_address (charter));
  json_object_set_string_member (reply, "time_zone", loket_charter_get_time_zone_id (charter));
  json_object_set_int_member (reply, "recall_limit", loket_charter_get_recall_limit (charter));
  loket_json_set_nullable_string (reply, "status_url", loket_charter_get_status_url (charter));
  loket_json_set_nullable_string (reply, "values", loket_charter_get_values (charter));
  loket_json_set_nullable_string (reply, "values_en", loket_charter_get_values_en (charter));
  for (guint i = 0; i < groups->len; i++)
    {
      const LoketPriorityGroup *group = g_ptr_array_index (groups, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", group->id);
      json_object_set_string_member (o, "name", group->name);
      loket_json_set_nullable_string (o, "name_en", group->name_en);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (reply, "priority_groups", array);
  /* The charter's list is never changed once read: shared, not copied. */
  json_object_set_array_member (reply, "pause_reasons", json_array_ref (loket_charter_get_pause_reasons (charter)));
}

JsonObject *
office_handle_services (Context *ctx, GError **error)
{
  JsonArray *services = office_services_to_json (ctx, error);
  JsonObject *reply;

  if (services == NULL)
    return NULL;
  reply = json_object_new ();
  office_add_office_fields (ctx, reply);
  json_object_set_string_member (reply, "service_day", ctx->service_day);
  json_object_set_array_member (reply, "services", services);
  return reply;
}

static gboolean
check_can_issue (Context *ctx, const LoketServiceDef *service, const char *priority, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *reason = NULL;
  guint issued;

  if (!office_is_open (ctx, &reason))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED, reason);
      return FALSE;
    }
  if (priority != NULL && !loket_service_def_accepts_priority (service, priority))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "service “%s” has no priority queue for “%s”", service->id, priority);
      return FALSE;
    }
  issued = loket_store_count_issued (ctx->office->store, ctx->service_day, service->series, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (service->daily_quota > 0 && issued >= service->daily_quota)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_QUOTA,
                   "the daily quota of %u tickets for %s is used up; please come back "
                   "on the next service day", service->daily_quota, service->name);
      return FALSE;
    }
  return TRUE;
}

JsonObject *
office_handle_issue (Context *ctx, GError **error)
{
  const char *service_id = office_body_string (ctx, "service", error);
  const char *priority = office_body_optional (ctx, "priority");
  const LoketServiceDef *service;
  g_autoptr(LoketTicket) ticket = NULL;
  g_autoptr(GError) local = NULL;
  const LoketTicketTransition *row;
  g_autoptr(OfficeEstimate) estimates = NULL;
  g_autofree char *token = NULL;
  LoketEstimate estimate;
  JsonObject *reply;
  guint ahead;

  if (service_id == NULL || (service = office_require_service (ctx, service_id, error)) == NULL ||
      !check_can_issue (ctx, service, priority, error))
    return NULL;

  ahead = loket_store_count_waiting (ctx->office->store, ctx->service_day, service->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  ticket = loket_ticket_new ();
  ticket->service_day = g_strdup (ctx->service_day);
  ticket->series = g_strdup (service->series);
  ticket->service = g_strdup (service->id);
  ticket->issued_service = g_strdup (service->id);
  ticket->priority = g_strdup (priority);
  row = loket_ticket_life_issue (ticket);
  ticket->issued_at = ticket->arrival_at = ctx->request->now;
  ticket->device = g_strdup (ctx->request->device);
  /* The promise in force now is the ticket's for good: a later charter,
   * or a transfer, does not change what this citizen was promised. */
  ticket->charter_version = ctx->office->charter_version;
  ticket->promised_wait_minutes = service->promised_wait_minutes;
  ticket->promised_service_minutes = service->promised_service_minutes;
  /* The token is the ticket's name on the web; it stays beside the
   * ticket, out of the ISSUED event (docs/security.md). */
  if ((token = loket_token_new (error)) == NULL ||
      !loket_store_next_number (ctx->office->store, ctx->service_day, service->series,
                                &ticket->number, error) ||
      !loket_store_insert_ticket (ctx->office->store, ticket, error) ||
      !loket_store_set_ticket_token (ctx->office->store, ticket->id, token, error) ||
      !office_emit (ctx, row->event, ctx->request->device, ticket, NULL, NULL, NULL, error))
    return NULL;

  /* The new ticket is the last of its queue. */
  if ((estimates = office_estimate_read (ctx, error)) == NULL)
    return NULL;
  office_estimate_for (ctx, estimates, service->id, priority != NULL, OFFICE_ESTIMATE_LAST, &estimate);
  reply = office_reply_with (ctx, ticket, NULL);
  json_object_set_string_member (reply, "token", token);
  json_object_set_int_member (reply, "people_ahead", ahead);
  office_estimate_to_json (&estimate, reply);
  json_object_set_int_member (reply, "promised_wait_minutes", service->promised_wait_minutes);
  json_object_set_int_member (reply, "promised_service_minutes", service->promised_service_minutes);
  return reply;
}

/* The ticket named by "ticket": an id (integer) or a label like "A-007". */
LoketTicket *
office_require_ticket (Context *ctx, GError **error)
{
  JsonNode *node = json_object_get_member (ctx->request->body, "ticket");

  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    return loket_store_get_ticket (ctx->office->store, json_node_get_int (node), error);
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    return loket_store_find_ticket (ctx->office->store, ctx->service_day,
                                    json_node_get_string (node), error);
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "field \"ticket\" must be a ticket id or a number like A-007");
  return NULL;
}

/* The kiosk's report on printing: the ticket is PRINTED, or PRINT_FAILED
 * with the printer's own words — which also alerts the supervisors.  A
 * report with "reprint" is a second paper of the same ticket: REPRINTED,
 * counted per kiosk in the reports (a kiosk that reprints often has a
 * printer to look at).  A report naming a complaint's "receipt" instead
 * is the complaint's (loket-office-complaint.c). */
JsonObject *
office_handle_print (Context *ctx, GError **error)
{
  g_autoptr(LoketTicket) ticket = NULL;
  JsonObject *body = ctx->request->body;
  const char *reason = office_body_optional (ctx, "reason");
  gboolean ok = json_object_get_boolean_member_with_default (body, "ok", FALSE);
  gboolean reprint = json_object_get_boolean_member_with_default (body, "reprint", FALSE);
  LoketTicketAct act;
  const LoketTicketTransition *row;

  if (json_object_has_member (body, "receipt"))
    {
      if (json_object_has_member (body, "ticket"))
        {
          g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                               "PRINT names a ticket or a complaint's receipt, not both");
          return NULL;
        }
      return office_handle_print_receipt (ctx, error);
    }
  if ((ticket = office_require_ticket (ctx, error)) == NULL)
    return NULL;
  if (reprint)
    act = ok ? LOKET_TICKET_ACT_REPRINT_OK : LOKET_TICKET_ACT_REPRINT_FAILED;
  else
    act = ok ? LOKET_TICKET_ACT_PRINT_OK : LOKET_TICKET_ACT_PRINT_FAILED;
  /* A slow printer may finish after a quick clerk has called the ticket:
   * the table logs the result (a failure still alerts) and leaves the
   * ticket in the state it has reached. */
  row = loket_ticket_life_apply (ticket, act, error);
  if (row == NULL ||
      !office_save (ctx, ticket, NULL, error) ||
      !office_emit (ctx, row->event, ctx->request->device, ticket, NULL,
             ok ? NULL : (reason ? reason : "unknown printer failure"), NULL, error))
    return NULL;
  return office_reply_with (ctx, ticket, NULL);
}

/* A supervisor asks for a ticket to be printed again — the citizen lost
 * it, or its paper failed and the kiosk's screen has moved on.  The kiosk
 * that issued it prints, unless the request names another ("kiosk"); the
 * kiosks hear the event and the one named prints and reports with PRINT
 * "reprint".  Nothing changes but the record: the ask, by whom, why. */
JsonObject *
office_handle_reprint (Context *ctx, GError **error)
{
  g_autoptr(LoketTicket) ticket = office_require_ticket (ctx, error);
  const char *kiosk = office_body_optional (ctx, "kiosk");
  g_autoptr(JsonObject) extra = json_object_new ();
  const LoketTicketTransition *row;
  g_autoptr(GError) local = NULL;
  g_autofree char *token = NULL;
  const char *actor;

  if (ticket == NULL || (actor = office_supervisor_actor (ctx, error)) == NULL)
    return NULL;
  if (kiosk == NULL)
    kiosk = ticket->device;
  if (kiosk == NULL)
    {
      g_autofree char *label = loket_ticket_get_label (ticket);

      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "ticket %s has no kiosk on record; name the kiosk to print it (\"kiosk\")", label);
      return NULL;
    }
  row = loket_ticket_life_apply (ticket, LOKET_TICKET_ACT_ASK_REPRINT, error);
  if (row == NULL)
    return NULL;
  json_object_set_string_member (extra, "kiosk", kiosk);
  /* The second paper's QR code is the first one's: the kiosk needs the
   * token, and this event is how it hears of the reprint. */
  token = loket_store_get_ticket_token (ctx->office->store, ticket->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  loket_json_set_nullable_string (extra, "token", token);
  if (!office_emit (ctx, row->event, actor, ticket, NULL, office_body_optional (ctx, "reason"), extra, error))
    return NULL;
  return office_reply_with (ctx, ticket, NULL);
}
