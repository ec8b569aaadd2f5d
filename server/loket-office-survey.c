/* loket-office-survey.c — the satisfaction survey (SKM, docs/skm.md):
 * storing one citizen's answers, once per finished ticket.
 *
 * A kiosk in survey mode sends the answers for a ticket of today that was
 * finished; staff enter a paper form at a supervisor's key, for a ticket
 * of the last 30 days or, when the form carries none, for a service and
 * a day; the web gateway sends a citizen's answers from their phone for
 * the ticket whose token they hold, finished on the same service day
 * (the day the token's page lives: docs/skm.md).  The channel follows
 * from the key's role.  Every answer is tied
 * to its element's id; the profile and the suggestion are optional and
 * stay in the store: the SURVEYED event carries the answers and where and
 * when, never the citizen's profile, their words or the ticket (whose
 * clerk it would name — the regulation judges the unit, not a person).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-error.h"
#include "loket-skm.h"

#include <stdio.h>
#include <string.h>

/* How old a paper form may be: the questionnaires of a month are entered
 * together, but a survey is about a recent visit. */
#define PAPER_MAX_DAYS 30

static const char *
channel_of (LoketRole role)
{
  switch (role)
    {
    case LOKET_ROLE_KIOSK:      return "kiosk";
    case LOKET_ROLE_SUPERVISOR: return "paper";
    case LOKET_ROLE_WEB:        return "web";
    default:                    return NULL;
    }
}

static gboolean
parse_day (const char *text, GDate *date)
{
  guint y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* A paper form's day: a date, not after today, at most PAPER_MAX_DAYS ago. */
static gboolean
check_paper_day (Context *ctx, const char *day, GError **error)
{
  GDate date, today;
  gint ago;

  if (!parse_day (day, &date))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "field \"day\": “%s” is not a date like 2026-01-31",
                   day);
      return FALSE;
    }
  if (!parse_day (ctx->service_day, &today))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "the office's service day %s is not a date",
                   ctx->service_day);
      return FALSE;
    }
  ago = g_date_days_between (&date, &today);
  if (ago < 0 || ago > PAPER_MAX_DAYS)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "a survey answers for a visit of the last %d days; %s is not one (today is %s)",
                   PAPER_MAX_DAYS, day, ctx->service_day);
      return FALSE;
    }
  return TRUE;
}

/* The ticket a survey answers for: finished (any outcome: the citizen was
 * attended, and an incomplete or referred visit is the feedback the
 * requirements element is for), of today at a kiosk or of the last 30
 * days on paper, and not answered yet. */
static gboolean
check_ticket (Context *ctx, const LoketTicket *ticket, GError **error)
{
  g_autofree char *label = loket_ticket_get_label (ticket);
  gint64 answered;

  if (ticket->state != LOKET_TICKET_DONE)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "ticket %s is %s; the survey is for a visit that was finished at a counter",
                   label, loket_ticket_state_to_string (ticket->state));
      return FALSE;
    }
  if (ctx->request->role != LOKET_ROLE_SUPERVISOR && g_strcmp0 (ticket->service_day, ctx->service_day) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "ticket %s was of %s; the kiosk asks about today's visits only (a paper form may be "
                   "entered by staff)", label, ticket->service_day);
      return FALSE;
    }
  if (ctx->request->role == LOKET_ROLE_SUPERVISOR && !check_paper_day (ctx, ticket->service_day, error))
    return FALSE;
  answered = loket_store_survey_of_ticket (ctx->office->store, ticket->id, error);
  if (answered < 0)
    return FALSE;
  if (answered > 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_ANSWERED,
                   "the survey for ticket %s was already answered — thank you", label);
      return FALSE;
    }
  return TRUE;
}

/* The phone's ticket: by its token alone.  The gateway is the public
 * side, so it may name no ticket by number, service or day (numbers are
 * guessable); a token that names no ticket of today is not-found, as on
 * the ticket's page.  Other roles know tickets by number and send no
 * token. */
static LoketTicket *
ticket_of_request (Context *ctx, GError **error)
{
  JsonObject *body = ctx->request->body;
  const char *token = office_body_optional (ctx, "token");
  gboolean named = json_object_has_member (body, "ticket") && !json_object_get_null_member (body, "ticket");

  if (ctx->request->role != LOKET_ROLE_WEB)
    {
      if (token != NULL)
        {
          g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                               "field \"token\": only the citizen's phone names a ticket by its token; "
                               "name it by \"ticket\"");
          return NULL;
        }
      return named ? office_require_ticket (ctx, error) : NULL;
    }
  if (named || office_body_optional (ctx, "service") != NULL || office_body_optional (ctx, "day") != NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "the web gateway's survey names its ticket by \"token\" only, "
                           "without \"ticket\", \"service\" or \"day\"");
      return NULL;
    }
  if (token == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "field \"token\": the web gateway's survey names the ticket's token");
      return NULL;
    }
  return office_ticket_of_token (ctx, token, error);
}

/* Where the survey's service and day come from: its ticket, else (paper
 * only) the form's own "service" and "day". */
static gboolean
fill_visit (Context *ctx, LoketSurvey *survey, GError **error)
{
  const char *service = office_body_optional (ctx, "service");
  const char *day = office_body_optional (ctx, "day");
  g_autoptr(GError) local = NULL;
  g_autoptr(LoketTicket) ticket = ticket_of_request (ctx, &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (ticket != NULL)
    {
      if (!check_ticket (ctx, ticket, error))
        return FALSE;
      if ((service != NULL && g_strcmp0 (service, ticket->service) != 0) ||
          (day != NULL && g_strcmp0 (day, ticket->service_day) != 0))
        {
          g_autofree char *label = loket_ticket_get_label (ticket);

          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "ticket %s was for %s on %s; leave \"service\" and \"day\" out, or give the ticket's",
                       label, ticket->service, ticket->service_day);
          return FALSE;
        }
      survey->ticket = ticket->id;
      survey->service = g_strdup (ticket->service);
      survey->service_day = g_strdup (ticket->service_day);
      survey->charter_version = ticket->charter_version ? ticket->charter_version
                                                        : ctx->office->charter_version;
      return TRUE;
    }
  if (ctx->request->role == LOKET_ROLE_KIOSK)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "field \"ticket\": a kiosk's survey names the ticket it answers for");
      return FALSE;
    }
  if (service == NULL || day == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "a paper form without a ticket needs its \"service\" and \"day\"");
      return FALSE;
    }
  if (office_require_service (ctx, service, error) == NULL || !check_paper_day (ctx, day, error))
    return FALSE;
  survey->service = g_strdup (service);
  survey->service_day = g_strdup (day);
  survey->charter_version = ctx->office->charter_version;
  return TRUE;
}

/* The questionnaire itself: the answers, the profile, the suggestion. */
static gboolean
fill_answers (Context *ctx, LoketSurvey *survey, GError **error)
{
  JsonObject *body = ctx->request->body;
  JsonNode *profile = json_object_get_member (body, "profile");
  const char *suggestion = office_body_optional (ctx, "suggestion");
  JsonNode *node = json_object_get_member (body, "answers");
  JsonObject *answers = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  /* A check may leave the answers out: the kiosk's exit tablet asks
   * whether a typed number may be surveyed before the citizen answers. */
  if (answers == NULL && !json_object_get_boolean_member_with_default (body, "check", FALSE))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "field \"answers\" is required (only a \"check\" may leave it out)");
      return FALSE;
    }
  if (answers != NULL &&
      !loket_skm_answers_from_json (answers, survey->answers, error))
    return FALSE;
  if (profile != NULL && JSON_NODE_HOLDS_OBJECT (profile))
    {
      JsonObject *p = json_node_get_object (profile);

      if (!loket_skm_profile_check (p, error))
        return FALSE;
      for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
        {
          const char *value = json_object_get_string_member_with_default (
            p, loket_skm_profile_item (i)->key, NULL);

          survey->profile[i] = value && *value ? g_strdup (value) : NULL;
        }
    }
  if (!loket_skm_suggestion_check (suggestion, error))
    return FALSE;
  survey->suggestion = g_strdup (suggestion);
  return TRUE;
}

static gboolean
emit_surveyed (Context *ctx, const char *actor, const LoketSurvey *survey, GError **error)
{
  g_autoptr(JsonObject) extra = json_object_new ();

  json_object_set_int_member (extra, "survey", survey->id);
  json_object_set_string_member (extra, "service", survey->service);
  json_object_set_int_member (extra, "charter_version", survey->charter_version);
  json_object_set_string_member (extra, "channel", survey->channel);
  json_object_set_string_member (extra, "day", survey->service_day);
  json_object_set_object_member (extra, "answers", loket_skm_answers_to_json (survey->answers));
  return office_emit (ctx, "SURVEYED", actor, NULL, NULL, NULL, extra, error);
}

JsonObject *
office_handle_survey (Context *ctx, GError **error)
{
  g_autoptr(LoketSurvey) survey = g_new0 (LoketSurvey, 1);
  gboolean check_only = json_object_get_boolean_member_with_default (ctx->request->body, "check", FALSE);
  const char *actor = ctx->request->device;
  JsonObject *reply;

  survey->channel = g_strdup (channel_of (ctx->request->role));
  survey->answered_at = ctx->request->now;
  if (ctx->request->role == LOKET_ROLE_SUPERVISOR && (actor = office_supervisor_actor (ctx, error)) == NULL)
    return NULL;
  if (survey->channel == NULL || !fill_answers (ctx, survey, error) || !fill_visit (ctx, survey, error))
    return NULL;
  if (!check_only &&
      (!loket_store_add_survey (ctx->office->store, survey, error) || !emit_surveyed (ctx, actor, survey, error)))
    return NULL;
  reply = json_object_new ();
  if (check_only)
    json_object_set_boolean_member (reply, "checked", TRUE);
  else
    json_object_set_int_member (reply, "survey", survey->id);
  json_object_set_string_member (reply, "service", survey->service);
  json_object_set_string_member (reply, "day", survey->service_day);
  json_object_set_string_member (reply, "channel", survey->channel);
  return reply;
}
