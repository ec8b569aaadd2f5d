/* loket-web-citizen.c — what a citizen asks of loketd through the web
 * gateway (see loket-web-server-private.h): the ticket's page and its
 * stream, the satisfaction survey, and complaints.
 *
 * A ticket's page (/t/{token}) asks loketd (TICKET_STATUS, through the
 * gateway's client) and is answered when loketd answers; its stream
 * (/t/{token}/events) asks the same once, to learn which ticket the token
 * names, and from then on follows that ticket in the model: after each
 * change of the model every ticket stream gets its ticket's live state
 * if it differs from the one it last got (loket-web-ticket.h).  An
 * unknown token, a malformed one and one of another day are one 404.
 *
 * The survey (/t/{token}/survey) asks TICKET_STATUS too, to know whether
 * the visit is finished and already answered; its POST, one of the two kinds of request
 * with a body the gateway reads, is capped in size, must come from this
 * site's own form (Origin, else Referer, names the Host asked for), and
 * is then sent as SURVEY by the token alone.
 *
 * A complaint (docs/complaints.md) is posted the same way, from a
 * ticket's page (/t/{token}/complaint: TICKET_STATUS first, then COMPLAIN
 * naming the ticket by its token) or from the public page (/complaint: a
 * service from the list); a complaint filed is answered with a redirect
 * to its tracking page (/c/{token}, COMPLAINT by the token), so that a
 * refresh does not file it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-server.h"
#include "loket-web-server-private.h"
#include "loket-web-page.h"
#include "loket-web-ticket.h"
#include "loket-web-survey.h"
#include "loket-web-complaint.h"

#include "loket-error.h"
#include "loket-message.h"
#include "loket-ticket.h"
#include "loket-token.h"

#include <libsoup/soup.h>
#include <string.h>

/* ---- a ticket's page and stream ----------------------------------------- */

typedef struct {
  LoketWebServer    *server;
  SoupServerMessage *msg;
  char              *token;
  char              *lang;
  gboolean           stream;    /* /t/{token}/events rather than the page */
  gboolean           survey;    /* /t/{token}/survey */
  gboolean           complaint; /* /t/{token}/complaint, or /complaint without a token */
  LoketWebComplaintForm *cform; /* the complaint's POST, read; NULL for GET */
  LoketWebSurveyForm *form;     /* the survey's POST, read; NULL for GET */
  JsonObject         *status;   /* the survey's TICKET_STATUS reply, kept to show the form again */
  gboolean           gone;      /* the browser left before loketd answered */
} TicketAsk;

static void
on_ask_gone (SoupServerMessage *msg, gpointer data)
{
  ((TicketAsk *) data)->gone = TRUE;
}

static void
ticket_ask_free (TicketAsk *ask)
{
  g_signal_handlers_disconnect_by_data (ask->msg, ask);
  g_object_unref (ask->server);
  g_object_unref (ask->msg);
  g_free (ask->token);
  g_free (ask->lang);
  g_clear_pointer (&ask->form, loket_web_survey_form_free);
  g_clear_pointer (&ask->cform, loket_web_complaint_form_free);
  g_clear_pointer (&ask->status, json_object_unref);
  g_free (ask);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TicketAsk, ticket_ask_free)

static void
answer_ticket (TicketAsk *ask, JsonObject *reply)
{
  LoketWebServer *self = ask->server;
  SoupServerMessage *msg = ask->msg;
  gint64 id = json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id");
  g_autofree char *state = loket_web_ticket_live_state (loket_web_server_get_model (self), NULL, id, reply);

  if (!ask->stream)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Vary", "Accept-Language");
      loket_web_respond_string (msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
               loket_web_page_ticket (loket_web_server_get_model (self), reply, ask->token, ask->lang, state), "no-store");
      return;
    }
  loket_web_server_open_ticket_stream (self, msg, id, g_steal_pointer (&state), ask->lang);
}

/* ---- the survey ---------------------------------------------------------- */

/* The survey's pages let the browser name this site as the origin of the
 * form it posts (loket-web-survey.c): same-origin, never further. */
static void
respond_survey (TicketAsk *ask, guint status, char *page)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (ask->msg);

  loket_web_respond_string (ask->msg, status, "text/html; charset=utf-8", page, "no-store");
  soup_message_headers_replace (h, "Referrer-Policy", "same-origin");
  soup_message_headers_replace (h, "Vary", "Accept-Language");
}

static void
respond_survey_result (TicketAsk *ask, guint status, LoketWebSurveyOutcome outcome)
{
  respond_survey (ask, status, loket_web_page_survey_result (loket_web_server_get_model (ask->server), ask->token, ask->lang, outcome));
}

/* No answer from loketd, or one it should not give: try again later. */
static void
respond_unavailable (TicketAsk *ask, const GError *error)
{
  g_message ("a ticket page without loketd's answer: %s", error ? error->message : "a reply without a ticket");
  soup_message_headers_replace (soup_server_message_get_response_headers (ask->msg), "Retry-After", "30");
  loket_web_server_respond_error (ask->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, LOKET_WEB_ERROR_PAGE_UNAVAILABLE, ask->lang);
}

static void
on_survey_sent (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TicketAsk) ask = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (ask->gone)
    return;
  if (reply != NULL)
    respond_survey_result (ask, SOUP_STATUS_OK, LOKET_WEB_SURVEY_THANKS);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_ANSWERED))
    respond_survey_result (ask, SOUP_STATUS_OK, LOKET_WEB_SURVEY_ANSWERED);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_STATE))
    respond_survey_result (ask, SOUP_STATUS_CONFLICT, LOKET_WEB_SURVEY_NOT_YET);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    loket_web_server_respond_error (ask->msg, SOUP_STATUS_NOT_FOUND, LOKET_WEB_ERROR_PAGE_NOT_FOUND, ask->lang);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID))
    {
      /* The gateway read the form as loketd does; should they differ,
       * the citizen still gets their answers back to send again. */
      g_message ("loketd refused a survey the form allowed: %s", error->message);
      ask->form->problem = LOKET_WEB_SURVEY_REFUSED;
      respond_survey (ask, SOUP_STATUS_BAD_REQUEST,
                      loket_web_page_survey (loket_web_server_get_model (ask->server), ask->status, ask->token, ask->lang, ask->form));
    }
  else
    respond_unavailable (ask, error);
  soup_server_message_unpause (ask->msg);
}

/* loketd has said which ticket the token names: a visit not finished has
 * no survey yet, an answered one says thanks again; a GET gets the form,
 * a POST that does not read gets it back with what to change, and one
 * that reads is sent.  TRUE when @ask went on to SURVEY (and was taken). */
static gboolean
answer_survey (TicketAsk *ask, JsonObject *reply)
{
  JsonObject *ticket = json_object_get_object_member (reply, "ticket");
  g_autoptr(JsonObject) body = NULL;

  LoketTicketState state = LOKET_TICKET_ISSUED;

  ask->status = json_object_ref (reply);
  loket_ticket_state_from_string (loket_json_optional_string (ticket, "state"), &state);
  if (state == LOKET_TICKET_NO_SHOW || state == LOKET_TICKET_VOID || state == LOKET_TICKET_UNSERVED)
    respond_survey_result (ask, SOUP_STATUS_CONFLICT, LOKET_WEB_SURVEY_NOT_SERVED);
  else if (state != LOKET_TICKET_DONE)
    respond_survey_result (ask, SOUP_STATUS_CONFLICT, LOKET_WEB_SURVEY_NOT_YET);
  else if (json_object_get_boolean_member_with_default (reply, "surveyed", FALSE))
    respond_survey_result (ask, SOUP_STATUS_OK, LOKET_WEB_SURVEY_ANSWERED);
  else if (ask->form == NULL || ask->form->problem != LOKET_WEB_SURVEY_OK)
    respond_survey (ask, ask->form ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_OK,
                    loket_web_page_survey (loket_web_server_get_model (ask->server), reply, ask->token, ask->lang, ask->form));
  else
    {
      body = loket_web_survey_form_body (ask->form, ask->token);
      loket_client_request_async (loket_web_server_get_client (ask->server), "SURVEY", body, NULL, NULL, on_survey_sent, ask);
      return TRUE;
    }
  return FALSE;
}

/* "scheme://host[:port]" or a URL → its "host[:port]", compared with the
 * Host the request was sent to: the same site, whatever the scheme a
 * TLS-terminating proxy in front changed. */
static gboolean
same_authority (const char *url, const char *host)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autofree char *authority = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || host == NULL)
    return FALSE;
  if (g_uri_get_port (uri) > 0)
    authority = g_strdup_printf ("%s%s%s:%d", strchr (g_uri_get_host (uri), ':') ? "[" : "",
                                 g_uri_get_host (uri), strchr (g_uri_get_host (uri), ':') ? "]" : "",
                                 g_uri_get_port (uri));
  else
    authority = g_strdup_printf ("%s%s%s", strchr (g_uri_get_host (uri), ':') ? "[" : "", g_uri_get_host (uri),
                                 strchr (g_uri_get_host (uri), ':') ? "]" : "");
  return g_ascii_strcasecmp (authority, host) == 0;
}

/* A POST must come from the survey's own form on this site: the browser
 * says where from in Origin (or, where it sends none, Referer); another
 * site's page that posts here is refused.  The token in the address is
 * the rest of the guard (docs/security.md). */
static gboolean
from_this_site (SoupServerMessage *msg)
{
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  const char *host = soup_message_headers_get_one (in, "Host");
  const char *origin = soup_message_headers_get_one (in, "Origin");

  if (origin != NULL && !g_str_equal (origin, "null"))
    return same_authority (origin, host);
  return same_authority (soup_message_headers_get_one (in, "Referer"), host);
}

/* A POST's form, read; FALSE (answered) when it is refused before loketd
 * is asked anything. */
static gboolean
read_survey_post (TicketAsk *ask)
{
  SoupMessageHeaders *in = soup_server_message_get_request_headers (ask->msg);
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize size = 0;

  if (!from_this_site (ask->msg))
    {
      g_message ("refused a survey posted from another site");
      respond_survey_result (ask, SOUP_STATUS_FORBIDDEN, LOKET_WEB_SURVEY_CROSS_SITE);
      return FALSE;
    }
  if (!soup_message_headers_get_content_type (in, NULL) ||
      g_ascii_strcasecmp (soup_message_headers_get_content_type (in, NULL), "application/x-www-form-urlencoded") != 0)
    {
      loket_web_server_respond_error (ask->msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, LOKET_WEB_ERROR_PAGE_TOO_LARGE, ask->lang);
      return FALSE;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (ask->msg));
  data = g_bytes_get_data (bytes, &size);
  ask->form = loket_web_survey_form_parse (data, size);
  return TRUE;
}

/* ---- complaints ------------------------------------------------------------ */

/* The form again, kept, with what to change: from a ticket's page when
 * there is its status, else the public one. */
static void
respond_complaint_form (TicketAsk *ask, guint status)
{
  respond_survey (ask, status, loket_web_page_complaint (loket_web_server_get_model (ask->server), ask->status,
                                                         ask->status ? ask->token : NULL, ask->lang, ask->cform));
}

/* Filed: to the tracking page with a 303, so that the browser asks it
 * with a GET and a refresh does not post the complaint again. */
static void
redirect_to_tracking (TicketAsk *ask, const char *token)
{
  g_autofree char *location = g_strdup_printf ("/c/%s%s", token,
                                               g_str_equal (ask->lang, "en") ? "?lang=en" : "");

  loket_web_server_guard_headers (ask->msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (ask->msg), "Cache-Control", "no-store");
  soup_server_message_set_redirect (ask->msg, SOUP_STATUS_SEE_OTHER, location);
}

static void
on_complained (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TicketAsk) ask = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  const char *token = reply ? loket_json_optional_string (reply, "token") : NULL;

  if (ask->gone)
    return;
  if (token != NULL && loket_token_is_well_formed (token))
    redirect_to_tracking (ask, token);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_QUOTA))
    {
      ask->cform->problem = LOKET_WEB_COMPLAINT_QUOTA;
      respond_complaint_form (ask, SOUP_STATUS_CONFLICT);
    }
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID))
    {
      /* The charter's AllowAnonymous, or a check the gateway does not
       * make: loketd's words, the form kept. */
      g_message ("loketd refused a complaint: %s", error->message);
      ask->cform->problem = LOKET_WEB_COMPLAINT_REFUSED;
      ask->cform->message = g_strdup (error->message);
      respond_complaint_form (ask, SOUP_STATUS_BAD_REQUEST);
    }
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    loket_web_server_respond_error (ask->msg, SOUP_STATUS_NOT_FOUND, LOKET_WEB_ERROR_PAGE_NOT_FOUND, ask->lang);
  else
    respond_unavailable (ask, error);
  soup_server_message_unpause (ask->msg);
}

/* Sends the form read as COMPLAIN: the ticket by its token when it came
 * from a ticket's page. */
static void
send_complaint (TicketAsk *ask)
{
  g_autoptr(JsonObject) body = loket_web_complaint_form_body (ask->cform, ask->status ? ask->token : NULL);

  loket_client_request_async (loket_web_server_get_client (ask->server), "COMPLAIN", body, NULL, NULL, on_complained, ask);
}

/* A complaint's POST, read; FALSE (answered) when it is refused before
 * loketd is asked anything. */
static gboolean
read_complaint_post (TicketAsk *ask)
{
  SoupMessageHeaders *in = soup_server_message_get_request_headers (ask->msg);
  const char *type = soup_message_headers_get_content_type (in, NULL);
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize size = 0;

  if (!from_this_site (ask->msg))
    {
      g_message ("refused a complaint posted from another site");
      respond_survey (ask, SOUP_STATUS_FORBIDDEN, loket_web_page_complaint_cross_site (loket_web_server_get_model (ask->server),
                                                                                       ask->lang));
      return FALSE;
    }
  if (type == NULL || g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") != 0)
    {
      loket_web_server_respond_error (ask->msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, LOKET_WEB_ERROR_PAGE_TOO_LARGE, ask->lang);
      return FALSE;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (ask->msg));
  data = g_bytes_get_data (bytes, &size);
  ask->cform = loket_web_complaint_form_parse (data, size, ask->token == NULL);
  return TRUE;
}

/* loketd knows the ticket: a GET gets the form, in any state of the
 * ticket; a POST that reads is sent.  TRUE when @ask went on to COMPLAIN. */
static gboolean
answer_complaint (TicketAsk *ask, JsonObject *reply)
{
  ask->status = json_object_ref (reply);
  if (ask->cform == NULL || ask->cform->problem != LOKET_WEB_COMPLAINT_OK)
    {
      respond_complaint_form (ask, ask->cform ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_OK);
      return FALSE;
    }
  send_complaint (ask);
  return TRUE;
}

static TicketAsk *
ask_new (LoketWebServer *self, SoupServerMessage *msg, char *token, const char *lang)
{
  TicketAsk *ask = g_new0 (TicketAsk, 1);

  ask->server = g_object_ref (self);
  ask->msg = g_object_ref (msg);
  ask->token = token;
  ask->lang = g_strdup (lang);
  return ask;
}

/* "/complaint": the public form, a service chosen from the list. */
void
loket_web_citizen_serve_public_complaint (LoketWebServer *self, SoupServerMessage *msg, const char *lang)
{
  g_autoptr(TicketAsk) ask = NULL;

  if (loket_web_server_get_client (self) == NULL)
    {
      loket_web_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, LOKET_WEB_ERROR_PAGE_NOT_FOUND, lang);
      return;
    }
  ask = ask_new (self, msg, NULL, lang);
  ask->complaint = TRUE;
  if (soup_server_message_get_method (msg) == SOUP_METHOD_POST && !read_complaint_post (ask))
    return;
  if (ask->cform == NULL || ask->cform->problem != LOKET_WEB_COMPLAINT_OK)
    {
      respond_complaint_form (ask, ask->cform ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_OK);
      return;
    }
  g_signal_connect (msg, "finished", G_CALLBACK (on_ask_gone), ask);
  soup_server_message_pause (msg);
  send_complaint (g_steal_pointer (&ask));
}

static void
on_complaint_read (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TicketAsk) ask = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  JsonObject *complaint = reply && json_object_has_member (reply, "complaint")
                          ? json_object_get_object_member (reply, "complaint") : NULL;

  if (ask->gone)
    return;
  if (complaint != NULL)
    respond_survey (ask, SOUP_STATUS_OK, loket_web_page_complaint_receipt (loket_web_server_get_model (ask->server), complaint,
                                                                           ask->lang));
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND) ||
           g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID))
    loket_web_server_respond_error (ask->msg, SOUP_STATUS_NOT_FOUND, LOKET_WEB_ERROR_PAGE_NOT_FOUND, ask->lang);
  else
    respond_unavailable (ask, error);
  soup_server_message_unpause (ask->msg);
}

/* "/c/TOKEN": the tracking page, COMPLAINT by the token (no name,
 * contact or description in its reply). */
void
loket_web_citizen_serve_tracking (LoketWebServer *self, SoupServerMessage *msg, const char *token, const char *lang)
{
  g_autoptr(JsonObject) body = json_object_new ();
  TicketAsk *ask;

  if (loket_web_server_get_client (self) == NULL || !loket_token_is_well_formed (token) ||
      soup_server_message_get_method (msg) == SOUP_METHOD_POST)
    {
      loket_web_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, LOKET_WEB_ERROR_PAGE_NOT_FOUND, lang);
      return;
    }
  ask = ask_new (self, msg, g_strdup (token), lang);
  json_object_set_string_member (body, "token", token);
  g_signal_connect (msg, "finished", G_CALLBACK (on_ask_gone), ask);
  soup_server_message_pause (msg);
  loket_client_request_async (loket_web_server_get_client (self), "COMPLAINT", body, NULL, NULL, on_complaint_read, ask);
}

static void
on_ticket_status (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TicketAsk) ask = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (ask->gone)
    return;
  if (reply != NULL && json_object_has_member (reply, "ticket") && ask->complaint)
    {
      if (answer_complaint (ask, reply))
        {
          g_steal_pointer (&ask);   /* on to on_complained */
          return;
        }
    }
  else if (reply != NULL && json_object_has_member (reply, "ticket") && ask->survey)
    {
      if (answer_survey (ask, reply))
        {
          g_steal_pointer (&ask);   /* on to on_survey_sent */
          return;
        }
    }
  else if (reply != NULL && json_object_has_member (reply, "ticket"))
    answer_ticket (ask, reply);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    loket_web_server_respond_error (ask->msg, SOUP_STATUS_NOT_FOUND, LOKET_WEB_ERROR_PAGE_NOT_FOUND, ask->lang);
  else
    respond_unavailable (ask, error);
  soup_server_message_unpause (ask->msg);
}

/* "/t/TOKEN", "/t/TOKEN/events" or "/t/TOKEN/survey": the page waits
 * for loketd's word on the token.  What is not a token's shape is not
 * asked about: the same 404 as an unknown one. */
void
loket_web_citizen_serve_ticket (LoketWebServer *self, SoupServerMessage *msg, const char *rest, const char *lang)
{
  g_autoptr(JsonObject) body = json_object_new ();
  const char *slash = strchr (rest, '/');
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *token = slash ? g_strndup (rest, slash - rest) : g_strdup (rest);
  gboolean stream = slash != NULL && g_str_equal (slash, "/events");
  gboolean survey = slash != NULL && g_str_equal (slash, "/survey");
  gboolean complaint = slash != NULL && g_str_equal (slash, "/complaint");
  TicketAsk *ask;

  if (loket_web_server_get_client (self) == NULL || !loket_token_is_well_formed (token) ||
      (slash != NULL && !stream && !survey && !complaint) || (stream && method != SOUP_METHOD_GET) ||
      (!survey && !complaint && method == SOUP_METHOD_POST))
    {
      loket_web_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, LOKET_WEB_ERROR_PAGE_NOT_FOUND, lang);
      return;
    }
  ask = ask_new (self, msg, g_steal_pointer (&token), lang);
  ask->stream = stream;
  ask->survey = survey;
  ask->complaint = complaint;
  if ((survey && method == SOUP_METHOD_POST && !read_survey_post (ask)) ||
      (complaint && method == SOUP_METHOD_POST && !read_complaint_post (ask)))
    {
      ticket_ask_free (ask);
      return;
    }
  json_object_set_string_member (body, "token", ask->token);
  g_signal_connect (msg, "finished", G_CALLBACK (on_ask_gone), ask);
  soup_server_message_pause (msg);
  loket_client_request_async (loket_web_server_get_client (self), "TICKET_STATUS", body, NULL, NULL, on_ticket_status, ask);
}

