/* loket-web-skm.c — the satisfaction survey on the public side (see
 * loket-web-skm.h).  loket-web does not compute an index: loketd's SKM
 * does, as `loketctl report --skm` does, and the page shows its text
 * ("80.42", grade B) as it is.  The open data (loket-web-rows.c) lists
 * the answers themselves, so that anyone can recompute any period's index
 * from them (docs/skm.md has the formula).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-skm.h"
#include "loket-web-data.h"
#include "loket-web-html.h"

/* ---- the page ------------------------------------------------------------ */

static void
skm_clear (LoketWebSkm *skm)
{
  g_clear_pointer (&skm->index, g_free);
  g_clear_pointer (&skm->grade, g_free);
}

void
loket_web_skm_keep (GHashTable *record,
                    JsonObject *skm,
                    guint       lang)
{
  JsonArray *services = json_object_get_array_member (skm, "services");

  for (guint i = 0; services != NULL && i < json_array_get_length (services); i++)
    {
      JsonObject *s = json_array_get_object_element (services, i);
      const char *id = json_object_get_string_member_with_default (s, "id", "");
      const char *index = json_object_get_string_member_with_default (s, "index", NULL);
      LoketWebRecord *r = g_hash_table_lookup (record, id);

      if (r == NULL)
        {
          r = g_new0 (LoketWebRecord, 1);
          r->id = g_strdup (id);
          g_hash_table_insert (record, r->id, r);
        }
      skm_clear (&r->skm);
      r->skm.known = TRUE;
      r->skm.respondents = json_object_get_int_member_with_default (s, "respondents", 0);
      r->skm.index = g_strdup (index);
      r->skm.grade = g_strdup (json_object_get_string_member_with_default (s, "grade", ""));
      g_free (r->skm.label[MIN (lang, 1)]);
      r->skm.label[MIN (lang, 1)] = g_strdup (json_object_get_string_member_with_default (s, "performance", ""));
      r->skm.sample_reached = json_object_get_boolean_member_with_default (s, "sample_reached", FALSE);
    }
}

void
loket_web_skm_service (GString          *out,
                       LoketServiceItem *service,
                       GHashTable       *record,
                       const char       *lang)
{
  const LoketWebRecord *r = record ? g_hash_table_lookup (record, loket_service_item_get_id (service)) : NULL;
  gboolean en = g_str_equal (lang, "en");
  g_autofree char *people = NULL;

  if (r == NULL || !r->skm.known)
    return;   /* not read yet: nothing rather than a wrong "no answers" */
  /* Terse markup: six cards of it must fit the page's budget (docs/web.md). */
  g_string_append (out, "<p class=\"skm\">");
  loket_web_html_element (out, "small", NULL, en ? "Satisfaction index, 90 days" : "Indeks kepuasan, 90 hari");
  if (r->skm.index == NULL)
    {
      loket_web_html_escape (out, en ? "no answers yet" : "belum ada jawaban");
      g_string_append (out, "</p>\n");
      return;
    }
  {
    /* The index as graded, with the language's decimal mark (80,42). */
    g_autofree char *index = g_strdup (r->skm.index);

    loket_web_html_element (out, "b", NULL, en ? index : g_strdelimit (index, ".", ','));
  }
  g_string_append (out, " ");
  loket_web_html_element (out, "i", NULL, r->skm.grade);
  people = g_strdup_printf (en ? " %s · %u respondents" : " %s · %u responden",
                            r->skm.label[en] ? r->skm.label[en] : "", r->skm.respondents);
  loket_web_html_escape (out, people);
  if (!r->skm.sample_reached)
    loket_web_html_escape (out, en ? " · sample not yet reached" : " · sampel belum tercapai");
  g_string_append (out, "</p>\n");
}
