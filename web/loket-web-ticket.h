/* loket-web-ticket.h — the citizen's ticket page, /t/{token}: what the
 * QR code on the paper opens.
 *
 * The page is rendered from loketd's answer to TICKET_STATUS (number,
 * service, state, people ahead, the estimated wait, the promise; when
 * called, the counter in very large type; after service, thanks).  Its
 * live stream, /t/{token}/events, is fed from the office model: the
 * gateway follows the office's events as for the office page, and each
 * ticket stream gets the ticket's live state — a small JSON object,
 * {"state":…,"counter":…,"ahead":…} — whenever it changes; the page
 * shows the state it was rendered at (data-version), and the script
 * fetches the page again when they differ.
 *
 * The token never appears in anything but this page's own links; the
 * ticket's id, the clerk and the device stay out of the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "loket-office-model.h"

G_BEGIN_DECLS

/* Every waiting ticket's place in its own queue as the model holds it:
 * a table from its id (gint64 *) to how many are before it. */
GHashTable *loket_web_ticket_places (LoketOfficeModel *model);
/* The live state of ticket @id as the model holds it (@places: from
 * loket_web_ticket_places() for this state of the model, or NULL), or,
 * where the model has not seen it, as @reply (a TICKET_STATUS reply;
 * NULL: none) says; NULL if neither knows it. */
char *loket_web_ticket_live_state (LoketOfficeModel *model,
                                   GHashTable       *places,
                                   gint64            id,
                                   JsonObject       *reply);
/* The ticket page for @reply (a TICKET_STATUS reply) in @lang, showing
 * live state @version; @token names its own stream. */
char *loket_web_page_ticket       (LoketOfficeModel *model,
                                   JsonObject       *reply,
                                   const char       *token,
                                   const char       *lang,
                                   const char       *version);

G_END_DECLS
