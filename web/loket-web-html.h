/* loket-web-html.h — the one way loket-web puts text into HTML.
 *
 * Every string that did not come from this program's own source — the
 * charter's names and procedures, a counter's name, anything from a
 * request — reaches a page through loket_web_html_escape(), which makes
 * it inert text in an element or a quoted attribute.  Pages are built
 * in a GString with the helpers below, so no page has a second way in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text (NULL: nothing) to @out with & < > " ' as character
 * references; bytes that are not UTF-8 become U+FFFD first. */
void  loket_web_html_escape  (GString    *out,
                              const char *text);
/* The same, as a new string. */
char *loket_web_html_escaped (const char *text);
/* Appends "<TAG class="CLASS">TEXT</TAG>" with @text escaped; @tag and
 * @klass are this program's own literals (@klass NULL: no class). */
void  loket_web_html_element (GString    *out,
                              const char *tag,
                              const char *klass,
                              const char *text);

G_END_DECLS
