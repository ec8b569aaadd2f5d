/* loket-web-skm.c — the satisfaction survey on the public side (see
 * loket-web-skm.h).  loket-web does not compute an index: loketd's SKM
 * does, as `loketctl report --skm` does, and the page shows its text
 * ("80.42", grade B) as it is.  The open data lists the answers
 * themselves, so that anyone can recompute any period's index from them
 * (docs/skm.md has the formula).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-skm.h"
#include "loket-web-data.h"
#include "loket-web-html.h"

/* The questionnaire's element ids, in its order (docs/skm.md); the
 * columns of the open data.  SKM sends them in this order with their ids,
 * and a row is written by id, so a change there shows here as zeros, not
 * as answers under the wrong heading. */
static const char * const elements[] = {
  "requirements", "procedure", "time", "cost", "product", "competence", "behaviour", "complaints", "facilities",
};

#define N_ELEMENTS G_N_ELEMENTS (elements)
#define N_ANSWERS 4

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
  loket_web_html_element (out, "b", NULL, r->skm.index);
  g_string_append (out, " ");
  loket_web_html_element (out, "i", NULL, r->skm.grade);
  people = g_strdup_printf (en ? " %s · %u respondents" : " %s · %u responden",
                            r->skm.label[en] ? r->skm.label[en] : "", r->skm.respondents);
  loket_web_html_escape (out, people);
  if (!r->skm.sample_reached)
    loket_web_html_escape (out, en ? " · sample not yet reached" : " · sampel belum tercapai");
  g_string_append (out, "</p>\n");
}

/* ---- the open data --------------------------------------------------------- */

/* Row @row's respondents and answers (NULL-terminated texts): day,
 * service_id, service_name, respondents, then the 1s … 4s of each element. */
static GStrv
day_row (JsonObject *row)
{
  GPtrArray *b = g_ptr_array_new ();
  JsonArray *list = json_object_get_array_member (row, "elements");

  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (row, "day", "")));
  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (row, "id", "")));
  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (row, "name", "")));
  g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT,
                                       json_object_get_int_member_with_default (row, "respondents", 0)));
  for (guint e = 0; e < N_ELEMENTS; e++)
    {
      JsonArray *answers = NULL;

      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          JsonObject *element = json_array_get_object_element (list, i);

          if (g_strcmp0 (json_object_get_string_member_with_default (element, "id", ""), elements[e]) == 0)
            answers = json_object_get_array_member (element, "answers");
        }
      for (guint a = 0; a < N_ANSWERS; a++)
        g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT,
                                             answers && a < json_array_get_length (answers)
                                               ? json_array_get_int_element (answers, a) : 0));
    }
  g_ptr_array_add (b, NULL);
  return (GStrv) g_ptr_array_free (b, FALSE);
}

/* The columns: day, service_id, service_name, respondents, then
 * requirements_1 … requirements_4, procedure_1 … facilities_4. */
static GStrv
header (void)
{
  GPtrArray *b = g_ptr_array_new ();

  g_ptr_array_add (b, g_strdup ("day"));
  g_ptr_array_add (b, g_strdup ("service_id"));
  g_ptr_array_add (b, g_strdup ("service_name"));
  g_ptr_array_add (b, g_strdup ("respondents"));
  for (guint e = 0; e < N_ELEMENTS; e++)
    for (guint a = 1; a <= N_ANSWERS; a++)
      g_ptr_array_add (b, g_strdup_printf ("%s_%u", elements[e], a));
  g_ptr_array_add (b, NULL);
  return (GStrv) g_ptr_array_free (b, FALSE);
}

static void
csv_row (GString *csv, GStrv row)
{
  for (guint c = 0; row[c] != NULL; c++)
    loket_web_csv_field (csv, row[c], row[c + 1] == NULL);
}

char *
loket_web_skm_csv (JsonArray *days)
{
  GString *csv = g_string_new (NULL);
  g_auto(GStrv) columns = header ();

  csv_row (csv, columns);
  for (guint i = 0; days != NULL && i < json_array_get_length (days); i++)
    {
      g_auto(GStrv) row = day_row (json_array_get_object_element (days, i));

      csv_row (csv, row);
    }
  return g_string_free (csv, FALSE);
}

/* The same rows as JSON: {day, service_id, service_name, respondents,
 * answers {element id: [1s, 2s, 3s, 4s]}}. */
char *
loket_web_skm_json (JsonArray  *days,
                    const char *office,
                    const char *licence,
                    const char *from,
                    const char *to)
{
  GString *out = g_string_new ("{\n  \"office\": ");

  loket_web_json_string (out, office);
  g_string_append (out, ",\n  \"licence\": ");
  loket_web_json_string (out, licence);
  g_string_append (out, ",\n  \"from\": ");
  loket_web_json_string (out, from);
  g_string_append (out, ",\n  \"to\": ");
  loket_web_json_string (out, to);
  g_string_append (out, ",\n  \"rows\": [");
  for (guint i = 0; days != NULL && i < json_array_get_length (days); i++)
    {
      g_auto(GStrv) row = day_row (json_array_get_object_element (days, i));

      g_string_append (out, i == 0 ? "\n    {\"day\": " : ",\n    {\"day\": ");
      loket_web_json_string (out, row[0]);
      g_string_append (out, ", \"service_id\": ");
      loket_web_json_string (out, row[1]);
      g_string_append (out, ", \"service_name\": ");
      loket_web_json_string (out, row[2]);
      g_string_append_printf (out, ", \"respondents\": %s, \"answers\": {", row[3]);
      for (guint e = 0; e < N_ELEMENTS; e++)
        g_string_append_printf (out, "%s\"%s\": [%s, %s, %s, %s]", e > 0 ? ", " : "", elements[e],
                                row[4 + N_ANSWERS * e], row[5 + N_ANSWERS * e], row[6 + N_ANSWERS * e],
                                row[7 + N_ANSWERS * e]);
      g_string_append (out, "}}");
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}
