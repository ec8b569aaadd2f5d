/* loket-web-survey.h — the citizen's satisfaction survey on their phone
 * (SKM, docs/skm.md): /t/{token}/survey, the questionnaire as a plain
 * HTML form, and the form's answers read back from its POST body.
 *
 * The nine elements and their four answers come from the one definition
 * (common/report/loket-skm.h), so the phone asks what the kiosk and the
 * paper form ask.  Every element, the profile and the suggestion may be
 * skipped; at least one element must be answered.  The form works with
 * no script at all.  A form that does not read is shown again with the
 * answers kept and one message saying what to change; everything it
 * shows back — the suggestion above all — is escaped.
 *
 * The gateway sends the answers as SURVEY with the ticket's token alone
 * (never a number); loketd checks them again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "loket-office-model.h"
#include "loket-skm.h"

G_BEGIN_DECLS

/* The largest form body accepted, in bytes: 500 characters of up to four
 * bytes each, percent-encoded (twelve bytes a character), and the rest. */
#define LOKET_WEB_SURVEY_MAX_BODY 8192

typedef enum {
  LOKET_WEB_SURVEY_OK,
  LOKET_WEB_SURVEY_NOTHING,      /* no element answered */
  LOKET_WEB_SURVEY_BAD_ANSWER,   /* an element's answer not 1–4 (which: the element) */
  LOKET_WEB_SURVEY_BAD_CHOICE,   /* a profile item not one of its choices (which: the item) */
  LOKET_WEB_SURVEY_TOO_LONG,     /* the suggestion over 500 characters (which: its length) */
  LOKET_WEB_SURVEY_NOT_TEXT,     /* not a form of UTF-8 text */
  LOKET_WEB_SURVEY_REFUSED,      /* loketd refused it as invalid anyway */
} LoketWebSurveyProblem;

typedef struct {
  guint8 answers[LOKET_SKM_ELEMENTS];           /* 0: skipped */
  char  *profile[LOKET_SKM_PROFILE_ITEMS];      /* a choice's id, or NULL */
  char  *suggestion;                            /* NULL: none */
  LoketWebSurveyProblem problem;
  gint   which;
} LoketWebSurveyForm;

void                loket_web_survey_form_free  (LoketWebSurveyForm *form);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketWebSurveyForm, loket_web_survey_form_free)

/* Reads an application/x-www-form-urlencoded body of @length bytes.
 * Always returns a form: what could be read is kept (to be shown again),
 * and form->problem says whether it may be sent. */
LoketWebSurveyForm *loket_web_survey_form_parse (const char *body,
                                                 gsize       length);
/* The SURVEY body for @token: "token", "answers", "profile" (the items
 * given), "suggestion" (if any). */
JsonObject         *loket_web_survey_form_body  (const LoketWebSurveyForm *form,
                                                 const char               *token);

/* The questionnaire for the finished ticket of @reply (TICKET_STATUS),
 * in @lang; @form (NULL: a blank one) is shown again with its problem. */
char *loket_web_page_survey        (LoketOfficeModel         *model,
                                    JsonObject               *reply,
                                    const char               *token,
                                    const char               *lang,
                                    const LoketWebSurveyForm *form);

typedef enum {
  LOKET_WEB_SURVEY_THANKS,       /* just stored */
  LOKET_WEB_SURVEY_ANSWERED,     /* answered before: thanks again, nothing stored */
  LOKET_WEB_SURVEY_NOT_YET,      /* the visit is not finished yet: waiting, called, being served */
  LOKET_WEB_SURVEY_NOT_SERVED,   /* it ended without service: no-show, void, unserved */
  LOKET_WEB_SURVEY_CROSS_SITE,   /* a POST that did not come from this site's own page */
} LoketWebSurveyOutcome;

/* A short page that says how it went, with the way back to the ticket. */
char *loket_web_page_survey_result (LoketOfficeModel         *model,
                                    const char               *token,
                                    const char               *lang,
                                    LoketWebSurveyOutcome     outcome);

G_END_DECLS
