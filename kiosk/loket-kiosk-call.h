/* loket-kiosk-call.h — what the kiosk's three screens share when they
 * send: the request a citizen's tap started, sent again under the same
 * id until answered, and the guard that drops an answer (or a print)
 * that belongs to an earlier citizen.
 *
 * The ticket (loket-kiosk-flow.c), the complaint
 * (loket-kiosk-complaint.c) and the survey (loket-kiosk-survey.c) each
 * send one request and wait.  After a timeout the same body goes again
 * under the same req_id: if the first reached the server, its stored
 * reply comes back instead of a second ticket, complaint or survey.  A
 * citizen who gives up clears the call, which cancels it.  A
 * LoketKioskStep binds a callback to the generation of the screen it was
 * started in: a late answer of an earlier take is harmless.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-client.h"

G_BEGIN_DECLS

typedef struct {
  LoketClient  *client;        /* borrowed from the screen that owns the call */
  const char   *type;          /* "ISSUE", "COMPLAIN", "SURVEY" */
  JsonObject   *body;
  char         *req_id;
  GCancellable *cancellable;
  guint         attempts;      /* sends after the first */
} LoketKioskCall;

/* Takes @body and @req_id for a new request of @type; sends nothing yet.
 * A call still pending is cleared (cancelled) first. */
void     loket_kiosk_call_begin     (LoketKioskCall *call,
                                     LoketClient    *client,
                                     const char     *type,
                                     JsonObject     *body,
                                     char           *req_id);
/* Sends (or sends again) the request; @callback gets @user_data. */
void     loket_kiosk_call_send      (LoketKioskCall      *call,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* In the callback: TRUE when @error is a timeout, counted as an attempt
 * — send again with loket_kiosk_call_send () and wait. */
gboolean loket_kiosk_call_timed_out (LoketKioskCall *call,
                                     const GError   *error);
gboolean loket_kiosk_call_pending   (const LoketKioskCall *call);
/* Cancels the request if it is still out (its answer is dropped) and
 * forgets it; the attempts stay readable until the next begin. */
void     loket_kiosk_call_clear     (LoketKioskCall *call);

/* A callback's owner (a reference) and the generation it began in. */
typedef struct {
  gpointer owner;
  guint    generation;
} LoketKioskStep;

LoketKioskStep *loket_kiosk_step_new  (gpointer        owner,
                                       guint           generation);
void            loket_kiosk_step_free (LoketKioskStep *step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketKioskStep, loket_kiosk_step_free)

G_END_DECLS
