/* loket-skm-answers.c — one respondent's questionnaire, as it arrives:
 * the answers from a request's JSON or from a paper form's row, the
 * optional profile's fixed choices, the suggestion's length.  loketd
 * checks a SURVEY request with these, loketctl checks a CSV row with the
 * same ones before it sends anything, and the report names the profile's
 * choices from the same table (docs/skm.md lists them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-skm.h"
#include "loket-error.h"

#include <string.h>

/* The questionnaire's profile (the regulation's sample asks sex, age,
 * education and occupation; the bands are those offices print). */
static const LoketSkmProfileDef profile[LOKET_SKM_PROFILE_ITEMS] = {
  { "sex", "Jenis kelamin", "Sex",
    { "female", "male", NULL },
    { "Perempuan", "Laki-laki" },
    { "Female", "Male" } },
  { "age", "Umur", "Age",
    { "under-20", "20-29", "30-39", "40-49", "50-59", "60-plus", NULL },
    { "< 20 tahun", "20–29 tahun", "30–39 tahun", "40–49 tahun", "50–59 tahun", "≥ 60 tahun" },
    { "under 20", "20–29", "30–39", "40–49", "50–59", "60 and over" } },
  { "education", "Pendidikan", "Education",
    { "primary", "junior", "senior", "diploma", "bachelor", "postgraduate", NULL },
    { "SD ke bawah", "SMP", "SMA/SMK", "D1–D3", "D4/S1", "S2/S3" },
    { "Primary or none", "Junior secondary", "Senior secondary", "Diploma", "Bachelor",
      "Postgraduate" } },
  { "occupation", "Pekerjaan", "Occupation",
    { "civil-servant", "military-police", "private", "self-employed", "student", "other", NULL },
    { "PNS", "TNI/Polri", "Pegawai swasta", "Wiraswasta", "Pelajar/Mahasiswa", "Lainnya" },
    { "Civil servant", "Military or police", "Private employee", "Self-employed", "Student",
      "Other" } },
};

const char * const loket_skm_channels[LOKET_SKM_CHANNELS + 1] = { "kiosk", "paper", "web", NULL };

gint
loket_skm_channel_index (const char *channel)
{
  for (guint i = 0; i < LOKET_SKM_CHANNELS; i++)
    if (g_strcmp0 (loket_skm_channels[i], channel) == 0)
      return (gint) i;
  return -1;
}

const LoketSkmProfileDef *
loket_skm_profile_item (LoketSkmProfileItem item)
{
  g_return_val_if_fail ((guint) item < LOKET_SKM_PROFILE_ITEMS, NULL);
  return &profile[item];
}

gint
loket_skm_profile_choice (LoketSkmProfileItem item,
                          const char         *choice)
{
  const LoketSkmProfileDef *def = loket_skm_profile_item (item);

  for (guint i = 0; def != NULL && def->choices[i] != NULL; i++)
    if (g_strcmp0 (def->choices[i], choice) == 0)
      return (gint) i;
  return -1;
}

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (LOKET_ERROR, LOKET_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
any_answer (const guint8 answers[LOKET_SKM_ELEMENTS])
{
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    if (answers[i] > 0)
      return TRUE;
  return FALSE;
}

gboolean
loket_skm_answers_from_json (JsonObject *object,
                             guint8      answers[LOKET_SKM_ELEMENTS],
                             GError    **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  memset (answers, 0, LOKET_SKM_ELEMENTS);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      gint element = loket_skm_element_index (l->data);
      gint64 value;

      if (element < 0)
        return invalid (error, "answers: no element “%s” in the questionnaire (docs/skm.md lists "
                        "requirements, procedure, time, cost, product, competence, behaviour, "
                        "complaints, facilities)", (const char *) l->data);
      if (JSON_NODE_HOLDS_NULL (node))
        continue;   /* skipped, as if left out */
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          (value = json_node_get_int (node)) < 1 || value > LOKET_SKM_ANSWERS)
        return invalid (error, "answers: “%s” must be an answer from 1 to 4 (or left out to skip it)",
                        (const char *) l->data);
      answers[element] = (guint8) value;
    }
  if (!any_answer (answers))
    return invalid (error, "answers: no element answered; at least one is needed");
  return TRUE;
}

JsonObject *
loket_skm_answers_to_json (const guint8 answers[LOKET_SKM_ELEMENTS])
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    if (answers[i] > 0)
      json_object_set_int_member (object, loket_skm_element (i)->id, answers[i]);
  return object;
}

gboolean
loket_skm_answers_parse (const char *text,
                         guint8      answers[LOKET_SKM_ELEMENTS],
                         GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  guint n = g_strv_length (parts);

  memset (answers, 0, LOKET_SKM_ELEMENTS);
  if (n != LOKET_SKM_ELEMENTS)
    return invalid (error, "answers: expected %u, comma-separated (“-” for a skipped one), not %u",
                    LOKET_SKM_ELEMENTS, n);
  for (guint i = 0; i < n; i++)
    {
      const char *a = g_strstrip (parts[i]);

      if (*a == '\0' || g_str_equal (a, "-"))
        continue;
      if (strlen (a) != 1 || a[0] < '1' || a[0] > '4')
        return invalid (error, "answer %u (%s): “%s” is not 1, 2, 3, 4 or “-”", i + 1,
                        loket_skm_element (i)->id, a);
      answers[i] = (guint8) (a[0] - '0');
    }
  if (!any_answer (answers))
    return invalid (error, "answers: all nine are skipped; at least one is needed");
  return TRUE;
}

static gint
profile_item_of (const char *key)
{
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    if (g_strcmp0 (profile[i].key, key) == 0)
      return (gint) i;
  return -1;
}

gboolean
loket_skm_profile_check (JsonObject *object,
                         GError    **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      gint item = profile_item_of (l->data);
      const char *value;

      if (item < 0)
        return invalid (error, "profile: “%s” is not asked (only sex, age, education, occupation; "
                        "never a name or an ID number)", (const char *) l->data);
      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      value = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
              ? json_node_get_string (node) : NULL;
      if (value == NULL || loket_skm_profile_choice (item, value) < 0)
        {
          g_autofree char *list = g_strjoinv (", ", (char **) profile[item].choices);

          return invalid (error, "profile: “%s” must be one of %s", profile[item].key, list);
        }
    }
  return TRUE;
}

gboolean
loket_skm_suggestion_check (const char *suggestion,
                            GError    **error)
{
  glong length;

  if (suggestion == NULL)
    return TRUE;
  if (!g_utf8_validate (suggestion, -1, NULL))
    return invalid (error, "suggestion: not UTF-8 text");
  length = g_utf8_strlen (suggestion, -1);
  if (length > LOKET_SKM_SUGGESTION_MAX)
    return invalid (error, "suggestion: %ld characters; at most %d fit — please shorten it",
                    length, LOKET_SKM_SUGGESTION_MAX);
  return TRUE;
}
