/* loket-web-server-private.h — between the gateway's HTTP side
 * (loket-web-server.c) and what a citizen asks of loketd through it
 * (loket-web-citizen.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-web-server.h"
#include "loket-web-page.h"

G_BEGIN_DECLS

LoketOfficeModel *loket_web_server_get_model   (LoketWebServer    *self);
/* NULL: the gateway follows no loketd (no ticket pages). */
LoketClient      *loket_web_server_get_client  (LoketWebServer    *self);
/* The security headers every response carries. */
void              loket_web_server_guard_headers (SoupServerMessage *msg);
/* The error page @page as @status. */
void              loket_web_server_respond_error (SoupServerMessage *msg,
                                                  guint              status,
                                                  LoketWebErrorPage  page,
                                                  const char        *lang);
/* Turns @msg into ticket @ticket's live stream, which has been told
 * @state (taken), and sends it the page's version; a 503 instead while
 * the streams are at their cap. */
void              loket_web_server_open_ticket_stream (LoketWebServer    *self,
                                                       SoupServerMessage *msg,
                                                       gint64             ticket,
                                                       char              *state,
                                                       const char        *lang);

/* "/t/TOKEN", "/t/TOKEN/events", "/t/TOKEN/survey", "/t/TOKEN/complaint"
 * (@rest: after "/t/"). */
void loket_web_citizen_serve_ticket           (LoketWebServer    *self,
                                               SoupServerMessage *msg,
                                               const char        *rest,
                                               const char        *lang);
/* "/complaint": the public form. */
void loket_web_citizen_serve_public_complaint (LoketWebServer    *self,
                                               SoupServerMessage *msg,
                                               const char        *lang);
/* "/c/TOKEN": a complaint's tracking page. */
void loket_web_citizen_serve_tracking         (LoketWebServer    *self,
                                               SoupServerMessage *msg,
                                               const char        *token,
                                               const char        *lang);

G_END_DECLS
