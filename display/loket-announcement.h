/* loket-announcement.h — what the board says when a number is called.
 *
 * "Nomor antrian A nol nol tujuh, silakan ke loket tiga": the ticket
 * number is read letter by letter and digit by digit (a citizen compares
 * it with the paper in their hand), the counter as a number in words.
 * The sentences are gettext templates, so an office can reword them in
 * po/; the language of each sentence is chosen explicitly, since a board
 * speaks Indonesian and then, optionally, English.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LOKET_ANNOUNCEMENT_CALL,
  LOKET_ANNOUNCEMENT_RECALL,
} LoketAnnouncementKind;

/* 0 … 999 999 in words: 7 → "tujuh" / "seven", 11 → "sebelas" /
 * "eleven", 100 → "seratus" / "one hundred".  @lang: "id" or "en". */
char *loket_number_to_words      (guint       n,
                                  const char *lang);

/* "A-007" → "A nol nol tujuh" / "A zero zero seven". */
char *loket_ticket_number_spoken (const char *number,
                                  const char *lang);

/* The whole sentence for @lang.  @counter_id "3" is spoken as "tiga";
 * a counter id that is not a number is spoken by @counter_name. */
char *loket_announcement_text    (LoketAnnouncementKind kind,
                                  const char           *number,
                                  const char           *counter_id,
                                  const char           *counter_name,
                                  const char           *lang);

G_END_DECLS
