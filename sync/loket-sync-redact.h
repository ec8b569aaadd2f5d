/* loket-sync-redact.h — what of an event stays in the office.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "loket-store.h"

G_BEGIN_DECLS

/* Removes names and replaces staff ids in @row (its actor and payload)
 * before it leaves the office (docs/region.md, "What leaves the office").
 * @key: the office's pseudonym key, or NULL to drop staff ids altogether.
 * *@changed says whether anything changed; FALSE and an error if the
 * payload is not JSON. */
gboolean loket_sync_redact (LoketEventRow *row,
                            const char    *key,
                            gboolean      *changed,
                            GError       **error);

G_END_DECLS
