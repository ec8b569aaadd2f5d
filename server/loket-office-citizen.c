/* loket-office-citizen.c — what the citizen's phone asks through the web
 * gateway: one ticket of today, named by its token (TICKET_STATUS), with
 * the citizen's place in the queue, the estimated wait from there and the
 * promise it was issued with.
 *
 * The same look-up names the ticket a phone's survey answers for
 * (loket-office-survey.c).
 *
 * A token that is malformed, unknown or of another day gets the same
 * answer, after the same work (one look-up by the unique index, for the
 * malformed one too): nothing tells a guesser which it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-token.h"

LoketTicket *
office_ticket_of_token (Context *ctx, const char *token, GError **error)
{
  g_autoptr(GError) local = NULL;
  /* A malformed token is looked up as an impossible one, not refused at
   * once: the same work and the same answer as for an unknown one. */
  LoketTicket *ticket = loket_store_find_ticket_by_token (ctx->office->store,
                                                          loket_token_is_well_formed (token) ? token : "",
                                                          &local);

  if (ticket != NULL && g_strcmp0 (ticket->service_day, ctx->service_day) == 0)
    return ticket;
  g_clear_pointer (&ticket, loket_ticket_free);
  if (local != NULL && !g_error_matches (local, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no ticket of today has that token");
  return NULL;
}

/* Where the citizen stands: those before them in their own queue, and
 * the estimate for that place, as the kiosk gave it at issue. */
static gboolean
add_place (Context *ctx, const LoketTicket *ticket, JsonObject *reply, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(OfficeEstimate) estimates = NULL;
  LoketEstimate estimate;
  guint ahead = loket_store_count_ahead (ctx->office->store, ticket, &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if ((estimates = office_estimate_read (ctx, error)) == NULL)
    return FALSE;
  office_estimate_for (ctx, estimates, ticket->service, ticket->priority != NULL, ahead + 1, &estimate);
  json_object_set_int_member (reply, "people_ahead", ahead);
  office_estimate_to_json (&estimate, reply);
  return TRUE;
}

JsonObject *
office_handle_ticket_status (Context *ctx, GError **error)
{
  const char *token = office_body_string (ctx, "token", error);
  g_autoptr(LoketTicket) ticket = NULL;
  g_autoptr(JsonObject) reply = NULL;
  const LoketCounterDef *counter;

  if (token == NULL || (ticket = office_ticket_of_token (ctx, token, error)) == NULL)
    return NULL;
  office_fill_promise (ctx, ticket);
  reply = office_reply_with (ctx, ticket, NULL);
  json_object_set_int_member (reply, "promised_wait_minutes", ticket->promised_wait_minutes);
  json_object_set_int_member (reply, "promised_service_minutes", ticket->promised_service_minutes);
  if (loket_ticket_state_is_waiting (ticket->state))
    {
      if (!add_place (ctx, ticket, reply, error))
        return NULL;
    }
  else
    json_object_set_int_member (reply, "people_ahead", 0);
  /* After the visit the page offers the survey, or thanks for it. */
  if (ticket->state == LOKET_TICKET_DONE)
    {
      gint64 surveyed = loket_store_survey_of_ticket (ctx->office->store, ticket->id, error);

      if (surveyed < 0)
        return NULL;
      json_object_set_boolean_member (reply, "surveyed", surveyed > 0);
    }
  counter = ticket->counter ? loket_charter_lookup_counter (ctx->office->charter, ticket->counter) : NULL;
  if (counter != NULL)
    json_object_set_string_member (reply, "counter_name", counter->name);
  return g_steal_pointer (&reply);
}
