/* loket-pause-reason.h — what a pause is called.  The charter lists the
 * reasons a counter may pause for ([PauseReason ID]: an id, an
 * Indonesian and an English label, and whether the clerk adds a note);
 * loketd sends the list in SERVICES and SNAPSHOT as "pause_reasons",
 * [{"id", "name", "name_en", "note"}], and every screen, report and
 * log line shows a pause by its label through this one function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The longest note a clerk may add to a reason that takes one. */
#define LOKET_PAUSE_NOTE_MAX 200

/* @reasons' entry with @id, or NULL. */
JsonObject *loket_pause_reason_find     (JsonArray  *reasons,
                                         const char *id);
/* A pause as people read it, in @lang ("en", else Indonesian): the
 * reason's label, then ": " and @note if there is one — "Sholat",
 * "Lainnya: listrik padam".  An id the list does not have (a record from
 * before reasons were listed, when a reason was free text) is read as the
 * reason that takes a note, with that text as its note.  NULL if @id is. */
char       *loket_pause_reason_describe (JsonArray  *reasons,
                                         const char *id,
                                         const char *note,
                                         const char *lang);

G_END_DECLS
