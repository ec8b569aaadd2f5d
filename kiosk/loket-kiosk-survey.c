/* loket-kiosk-survey.c — the survey tablet's questionnaire and its SURVEY
 * request, one state at a time (see the header's diagram).
 *
 * The window shows; this object keeps what the citizen answered and talks
 * to the server.  Like the kiosk's take (loket-kiosk-flow.c) a request
 * whose reply is lost goes again under the same req_id, and the same
 * survey sent again after the citizen stopped waiting goes under the id
 * of the unanswered one (LoketRetry): the server answers from its record
 * rather than storing a second survey.  Nothing here asks who the citizen
 * is: the profile is four fixed choices, never a name or an ID number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "loket-kiosk-survey.h"
#include "loket-kiosk-call.h"
#include "loket-error.h"
#include "loket-message.h"

/* The regulation's sample questions, by element (docs/skm.md). */
static const struct { const char *id, *en; } questions[LOKET_SKM_ELEMENTS] = {
  { "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Did the requirements fit the service you came for?" },
  { "Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?",
    "How easy was the procedure of this office?" },
  { "Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?",
    "How quickly were you served?" },
  { "Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?",
    "How fair was the cost of the service?" },
  { "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam "
    "standar pelayanan dengan hasil yang diberikan?",
    "Did what you received match what the service standard promises?" },
  { "Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "How competent was the staff who served you?" },
  { "Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "How polite and friendly was the staff?" },
  { "Bagaimana pendapat Anda tentang penanganan pengaduan, saran dan masukan pengguna layanan?",
    "How does this office handle complaints, suggestions and feedback?" },
  { "Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?",
    "How good are the facilities?" },
};

const char *
loket_kiosk_survey_question (guint index, const char *lang)
{
  g_return_val_if_fail (index < LOKET_SKM_ELEMENTS, "");
  return g_strcmp0 (lang, "en") == 0 ? questions[index].en : questions[index].id;
}

struct _LoketKioskSurvey
{
  GObject                parent_instance;
  LoketClient           *client;

  LoketKioskSurveyState  state;
  char                  *ticket;
  guint8                 answers[LOKET_SKM_ELEMENTS];
  char                  *profile[LOKET_SKM_PROFILE_ITEMS];
  char                  *suggestion;

  /* The request in flight (check or survey), retried under one id. */
  LoketKioskCall         call;
  LoketRetry             retry;

  const char            *refusal_kind;
  char                  *refusal;
};

enum { PROP_0, PROP_STATE, PROP_ATTEMPTS, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LoketKioskSurvey, loket_kiosk_survey, G_TYPE_OBJECT)

static const char * const state_names[] = {
  "idle", "checking", "answering", "sending", "sent", "refused",
};

const char *
loket_kiosk_survey_state_to_string (LoketKioskSurveyState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), "?");
  return state_names[state];
}

static void
set_state (LoketKioskSurvey *self, LoketKioskSurveyState state)
{
  if (self->state == state)
    return;
  g_debug ("survey: %s → %s", state_names[self->state], state_names[state]);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
clear_request (LoketKioskSurvey *self)
{
  loket_kiosk_call_clear (&self->call);
}

static void
clear_answers (LoketKioskSurvey *self)
{
  memset (self->answers, 0, sizeof self->answers);
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    g_clear_pointer (&self->profile[i], g_free);
  g_clear_pointer (&self->suggestion, g_free);
  g_clear_pointer (&self->refusal, g_free);
  self->refusal_kind = NULL;
}

/* What a refusal means to the citizen at the screen. */
static const char *
refusal_kind_of (const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    return "not-found";
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_STATE))
    return "not-finished";
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_ANSWERED))
    return "answered";
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID))
    return "invalid";
  return "other";
}

static void send_request (LoketKioskSurvey *self);

static void
on_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketKioskSurvey) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  gboolean checking = self->state == LOKET_KIOSK_SURVEY_CHECKING;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (self->state != LOKET_KIOSK_SURVEY_CHECKING && self->state != LOKET_KIOSK_SURVEY_SENDING))
    return;   /* abandoned */
  if (reply == NULL && loket_kiosk_call_timed_out (&self->call, error))
    {
      /* The same request again: a survey that did reach the server is
       * answered from its record, not stored twice. */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
      send_request (self);
      return;
    }
  if (!checking)
    loket_retry_answered (&self->retry, error);
  clear_request (self);
  if (reply == NULL)
    {
      g_message ("survey for ticket %s refused: %s", self->ticket, error->message);
      self->refusal = g_strdup (error->message);
      self->refusal_kind = refusal_kind_of (error);
      set_state (self, LOKET_KIOSK_SURVEY_REFUSED);
      return;
    }
  if (checking)
    {
      set_state (self, LOKET_KIOSK_SURVEY_ANSWERING);
      return;
    }
  g_message ("survey %" G_GINT64_FORMAT " stored for ticket %s (%u answers)",
             json_object_get_int_member_with_default (reply, "survey", 0), self->ticket,
             loket_kiosk_survey_count_answers (self));
  set_state (self, LOKET_KIOSK_SURVEY_SENT);
}

static void
send_request (LoketKioskSurvey *self)
{
  loket_kiosk_call_send (&self->call, on_reply, g_object_ref (self));
}

static void
begin (LoketKioskSurvey *self, const char *ticket)
{
  clear_request (self);
  clear_answers (self);
  g_free (self->ticket);
  self->ticket = g_strdup (ticket);
  self->call.attempts = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

void
loket_kiosk_survey_start (LoketKioskSurvey *self, const char *ticket)
{
  g_return_if_fail (ticket != NULL);

  begin (self, ticket);
  /* A fresh state notification even when a survey was already open: the
   * window starts again from the first question. */
  self->state = LOKET_KIOSK_SURVEY_IDLE;
  set_state (self, LOKET_KIOSK_SURVEY_ANSWERING);
}

void
loket_kiosk_survey_check (LoketKioskSurvey *self, const char *ticket)
{
  JsonObject *body;

  g_return_if_fail (ticket != NULL);

  begin (self, ticket);
  body = json_object_new ();
  json_object_set_string_member (body, "ticket", ticket);
  json_object_set_boolean_member (body, "check", TRUE);
  loket_kiosk_call_begin (&self->call, self->client, "SURVEY", body, loket_client_new_req_id (self->client));
  self->state = LOKET_KIOSK_SURVEY_IDLE;
  set_state (self, LOKET_KIOSK_SURVEY_CHECKING);
  send_request (self);
}

void
loket_kiosk_survey_set_answer (LoketKioskSurvey *self, guint index, guint answer)
{
  g_return_if_fail (index < LOKET_SKM_ELEMENTS && answer <= LOKET_SKM_ANSWERS);

  if (self->state == LOKET_KIOSK_SURVEY_ANSWERING)
    self->answers[index] = (guint8) answer;
}

guint
loket_kiosk_survey_get_answer (LoketKioskSurvey *self, guint index)
{
  g_return_val_if_fail (index < LOKET_SKM_ELEMENTS, 0);
  return self->answers[index];
}

guint
loket_kiosk_survey_count_answers (LoketKioskSurvey *self)
{
  guint n = 0;

  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    n += self->answers[i] != 0;
  return n;
}

gboolean
loket_kiosk_survey_set_profile (LoketKioskSurvey *self, LoketSkmProfileItem item, const char *choice)
{
  g_return_val_if_fail ((guint) item < LOKET_SKM_PROFILE_ITEMS, FALSE);

  if (choice != NULL && *choice != '\0' && loket_skm_profile_choice (item, choice) < 0)
    return FALSE;
  g_free (self->profile[item]);
  self->profile[item] = choice && *choice ? g_strdup (choice) : NULL;
  return TRUE;
}

const char *
loket_kiosk_survey_get_profile (LoketKioskSurvey *self, LoketSkmProfileItem item)
{
  g_return_val_if_fail ((guint) item < LOKET_SKM_PROFILE_ITEMS, NULL);
  return self->profile[item];
}

void
loket_kiosk_survey_set_suggestion (LoketKioskSurvey *self, const char *text)
{
  g_autofree char *valid = text ? g_utf8_make_valid (text, -1) : NULL;
  g_autofree char *trimmed = valid ? g_strstrip (g_strdup (valid)) : NULL;

  g_clear_pointer (&self->suggestion, g_free);
  if (trimmed != NULL && *trimmed != '\0')
    self->suggestion = g_utf8_substring (trimmed, 0, MIN (g_utf8_strlen (trimmed, -1),
                                                          LOKET_SKM_SUGGESTION_MAX));
}

JsonObject *
loket_kiosk_survey_build_body (LoketKioskSurvey *self)
{
  JsonObject *body = json_object_new ();
  JsonObject *profile = json_object_new ();

  json_object_set_string_member (body, "ticket", self->ticket ? self->ticket : "");
  json_object_set_object_member (body, "answers", loket_skm_answers_to_json (self->answers));
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    if (self->profile[i] != NULL)
      json_object_set_string_member (profile, loket_skm_profile_item (i)->key, self->profile[i]);
  if (json_object_get_size (profile) > 0)
    json_object_set_object_member (body, "profile", profile);
  else
    json_object_unref (profile);
  if (self->suggestion != NULL)
    json_object_set_string_member (body, "suggestion", self->suggestion);
  return body;
}

gboolean
loket_kiosk_survey_send (LoketKioskSurvey *self)
{
  JsonObject *body;

  if (self->state != LOKET_KIOSK_SURVEY_ANSWERING || loket_kiosk_survey_count_answers (self) == 0)
    return FALSE;
  body = loket_kiosk_survey_build_body (self);
  loket_kiosk_call_begin (&self->call, self->client, "SURVEY", body,
                          g_strdup (loket_retry_req_id (&self->retry, self->client, "SURVEY", body)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
  set_state (self, LOKET_KIOSK_SURVEY_SENDING);
  send_request (self);
  return TRUE;
}

/* The citizen walked away (idle), or stopped waiting: nothing more is
 * sent.  A survey whose reply was lost may have been stored; the same
 * survey sent again goes under its id (LoketRetry). */
void
loket_kiosk_survey_abandon (LoketKioskSurvey *self)
{
  if (self->state == LOKET_KIOSK_SURVEY_IDLE)
    return;
  if (self->state == LOKET_KIOSK_SURVEY_SENDING)
    g_message ("survey for ticket %s abandoned after %u retries (request %s)",
               self->ticket, self->call.attempts, self->call.req_id);
  else if (self->state == LOKET_KIOSK_SURVEY_ANSWERING)
    g_message ("survey for ticket %s abandoned unsent", self->ticket);
  clear_request (self);
  clear_answers (self);
  g_clear_pointer (&self->ticket, g_free);
  set_state (self, LOKET_KIOSK_SURVEY_IDLE);
}

LoketKioskSurveyState loket_kiosk_survey_get_state (LoketKioskSurvey *self) { return self->state; }
const char *loket_kiosk_survey_get_ticket (LoketKioskSurvey *self) { return self->ticket; }
guint loket_kiosk_survey_get_attempts (LoketKioskSurvey *self) { return self->call.attempts; }
const char *loket_kiosk_survey_get_refusal_kind (LoketKioskSurvey *self) { return self->refusal_kind; }
const char *loket_kiosk_survey_get_refusal (LoketKioskSurvey *self) { return self->refusal; }

static void
loket_kiosk_survey_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  LoketKioskSurvey *self = LOKET_KIOSK_SURVEY (object);

  switch (id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->call.attempts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
loket_kiosk_survey_dispose (GObject *object)
{
  LoketKioskSurvey *self = LOKET_KIOSK_SURVEY (object);

  clear_request (self);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (loket_kiosk_survey_parent_class)->dispose (object);
}

static void
loket_kiosk_survey_finalize (GObject *object)
{
  LoketKioskSurvey *self = LOKET_KIOSK_SURVEY (object);

  clear_answers (self);
  g_free (self->ticket);
  loket_retry_clear (&self->retry);
  G_OBJECT_CLASS (loket_kiosk_survey_parent_class)->finalize (object);
}

static void
loket_kiosk_survey_class_init (LoketKioskSurveyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = loket_kiosk_survey_get_property;
  object_class->dispose = loket_kiosk_survey_dispose;
  object_class->finalize = loket_kiosk_survey_finalize;
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, LOKET_KIOSK_SURVEY_REFUSED, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_kiosk_survey_init (LoketKioskSurvey *self)
{
}

LoketKioskSurvey *
loket_kiosk_survey_new (LoketClient *client)
{
  LoketKioskSurvey *self = g_object_new (LOKET_TYPE_KIOSK_SURVEY, NULL);

  self->client = g_object_ref (client);
  return self;
}
