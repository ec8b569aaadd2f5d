/* loket-web-page-private.h — what the pages of loket-web share: the
 * frame (head, style sheet, the live script, the language link) and the
 * pairs of words, Indonesian and English, chosen per request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct { const char *id; const char *en; } LoketWebWords;

const char *loket_web_say            (const LoketWebWords *words,
                                      const char          *lang);
#define SAY(lang, id_text, en_text) loket_web_say (&(const LoketWebWords) { id_text, en_text }, lang)
/* For formats, which must stay literals the compiler can check. */
#define EN(lang) g_str_equal (lang, "en")

/* <!DOCTYPE html> to <body>; @refresh: seconds for the refresh where no
 * script runs, and the live script where one does (0: neither). */
void        loket_web_page_open      (GString    *out,
                                      const char *lang,
                                      const char *title,
                                      guint       refresh);
/* The link to the other language, on the same page. */
void        loket_web_language_link  (GString    *out,
                                      const char *lang);
/* The same keeping @query ("region=Priangan", URI-escaped; NULL: none). */
void        loket_web_language_link_keeping (GString    *out,
                                             const char *lang,
                                             const char *query);
void        loket_web_page_close     (GString    *out);
/* One figure of a <dl class="figures">: @label over @value (both text),
 * with class "figure @klass" (this program's own words). */
void        loket_web_figure         (GString    *out,
                                      const char *label,
                                      const char *value,
                                      const char *klass);
/* A posted form (application/x-www-form-urlencoded, @length bytes) as
 * field → value; NULL unless every name and value is UTF-8 text (a NUL
 * inside would hide what follows it). */
GHashTable *loket_web_form_decode    (const char *body,
                                      gsize       length);

G_END_DECLS
