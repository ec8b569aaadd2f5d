/* loket-web-html.c — escaping text for HTML (see loket-web-html.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-html.h"

void
loket_web_html_escape (GString    *out,
                       const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return;
  /* A charter saved in another encoding must not end a page early or
   * smuggle a byte a browser reads differently. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '&':  g_string_append (out, "&amp;"); break;
      case '<':  g_string_append (out, "&lt;"); break;
      case '>':  g_string_append (out, "&gt;"); break;
      case '"':  g_string_append (out, "&quot;"); break;
      case '\'': g_string_append (out, "&#39;"); break;
      default:   g_string_append_c (out, *p); break;
      }
}

char *
loket_web_html_escaped (const char *text)
{
  GString *out = g_string_new (NULL);

  loket_web_html_escape (out, text);
  return g_string_free (out, FALSE);
}

void
loket_web_html_element (GString    *out,
                        const char *tag,
                        const char *klass,
                        const char *text)
{
  if (klass != NULL)
    g_string_append_printf (out, "<%s class=\"%s\">", tag, klass);
  else
    g_string_append_printf (out, "<%s>", tag);
  loket_web_html_escape (out, text);
  g_string_append_printf (out, "</%s>", tag);
}
