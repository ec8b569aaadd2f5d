/* loket-kiosk-survey.h — one citizen's satisfaction survey at a tablet in
 * survey mode, as an object with an explicit state that the survey
 * window observes (docs/kiosk.md, "Survey mode").
 *
 *   IDLE ──start (a ticket finished at the tablet's counter)──> ANSWERING
 *   IDLE ──check (a number typed at the exit)──> CHECKING ──ok──> ANSWERING
 *                                                   └──refused──> REFUSED
 *   ANSWERING ──send──> SENDING ──stored──> SENT
 *                          └──refused──> REFUSED
 *   any ──abandon──> IDLE (nothing sent; an answer in flight is let go)
 *
 * CHECKING and SENDING last until the server answers: a timeout sends the
 * same SURVEY again under the same req_id (the attempts count up), so a
 * lost reply never stores a survey twice — and the server's one survey
 * per ticket would refuse a second anyway.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "loket-client.h"
#include "loket-skm.h"

G_BEGIN_DECLS

typedef enum {
  LOKET_KIOSK_SURVEY_IDLE,
  LOKET_KIOSK_SURVEY_CHECKING,
  LOKET_KIOSK_SURVEY_ANSWERING,
  LOKET_KIOSK_SURVEY_SENDING,
  LOKET_KIOSK_SURVEY_SENT,
  LOKET_KIOSK_SURVEY_REFUSED,
} LoketKioskSurveyState;

const char *loket_kiosk_survey_state_to_string (LoketKioskSurveyState state);
/* Element @index's question (0–8) as the regulation's sample
 * questionnaire asks it, in Indonesian, or in English for @lang "en". */
const char *loket_kiosk_survey_question        (guint       index,
                                                const char *lang);

#define LOKET_TYPE_KIOSK_SURVEY (loket_kiosk_survey_get_type ())
G_DECLARE_FINAL_TYPE (LoketKioskSurvey, loket_kiosk_survey, LOKET, KIOSK_SURVEY, GObject)

LoketKioskSurvey *loket_kiosk_survey_new     (LoketClient      *client);

/* A new survey for @ticket (its number of today, "A-012"), answers
 * cleared.  start: the ticket is known to be finished (its FINISHED event
 * was heard) → ANSWERING; check: a typed number, asked of the server
 * first (SURVEY "check") → CHECKING. */
void        loket_kiosk_survey_start         (LoketKioskSurvey *self,
                                              const char       *ticket);
void        loket_kiosk_survey_check         (LoketKioskSurvey *self,
                                              const char       *ticket);
/* Element @index (0–8): 1–4, or 0 for skipped.  ANSWERING only. */
void        loket_kiosk_survey_set_answer    (LoketKioskSurvey *self,
                                              guint             index,
                                              guint             answer);
guint       loket_kiosk_survey_get_answer    (LoketKioskSurvey *self,
                                              guint             index);
/* How many elements have an answer. */
guint       loket_kiosk_survey_count_answers (LoketKioskSurvey *self);
/* A profile item's choice (one of loket_skm_profile_item ()'s), or NULL. */
gboolean    loket_kiosk_survey_set_profile   (LoketKioskSurvey   *self,
                                              LoketSkmProfileItem item,
                                              const char         *choice);
const char *loket_kiosk_survey_get_profile   (LoketKioskSurvey   *self,
                                              LoketSkmProfileItem item);
/* Cut to LOKET_SKM_SUGGESTION_MAX characters; "" is none. */
void        loket_kiosk_survey_set_suggestion (LoketKioskSurvey *self,
                                               const char       *text);
/* Sends SURVEY (ANSWERING, with at least one answer; FALSE otherwise). */
gboolean    loket_kiosk_survey_send          (LoketKioskSurvey *self);
/* Drops the survey: nothing more is sent → IDLE. */
void        loket_kiosk_survey_abandon       (LoketKioskSurvey *self);

LoketKioskSurveyState loket_kiosk_survey_get_state (LoketKioskSurvey *self);
/* The ticket's number, or NULL in IDLE. */
const char *loket_kiosk_survey_get_ticket    (LoketKioskSurvey *self);
/* Requests sent again after a timeout (notify::attempts). */
guint       loket_kiosk_survey_get_attempts  (LoketKioskSurvey *self);
/* Why the server refused (REFUSED): "not-found" (no such ticket today),
 * "not-finished" (not served yet, or not today's), "answered" (already
 * surveyed), "invalid" or "other"; the server's own words beside it. */
const char *loket_kiosk_survey_get_refusal_kind (LoketKioskSurvey *self);
const char *loket_kiosk_survey_get_refusal   (LoketKioskSurvey *self);
/* The SURVEY body as it is (or would be) sent. */
JsonObject *loket_kiosk_survey_build_body    (LoketKioskSurvey *self);

G_END_DECLS
