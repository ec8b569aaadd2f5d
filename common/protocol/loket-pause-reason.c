/* loket-pause-reason.c — a pause's reason as people read it, from the
 * charter's list as the protocol carries it (see loket-pause-reason.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-protocol"

#include "loket-pause-reason.h"
#include "loket-message.h"

JsonObject *
loket_pause_reason_find (JsonArray *reasons, const char *id)
{
  for (guint i = 0; id != NULL && reasons != NULL && i < json_array_get_length (reasons); i++)
    {
      JsonObject *r = json_array_get_object_element (reasons, i);

      if (r != NULL && g_strcmp0 (loket_json_optional_string (r, "id"), id) == 0)
        return r;
    }
  return NULL;
}

/* The reason a free text belongs to: the one that takes a note. */
static JsonObject *
find_other (JsonArray *reasons)
{
  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    {
      JsonObject *r = json_array_get_object_element (reasons, i);

      if (r != NULL && json_object_get_boolean_member_with_default (r, "note", FALSE))
        return r;
    }
  return NULL;
}

static const char *
label (JsonObject *reason, const char *lang)
{
  const char *en = loket_json_optional_string (reason, "name_en");

  if (g_strcmp0 (lang, "en") == 0 && en != NULL)
    return en;
  return loket_json_optional_string (reason, "name");
}

char *
loket_pause_reason_describe (JsonArray  *reasons,
                             const char *id,
                             const char *note,
                             const char *lang)
{
  JsonObject *reason = loket_pause_reason_find (reasons, id);
  const char *name;

  if (id == NULL)
    return NULL;
  if (reason == NULL)
    {
      /* Free text from an older record: it is the note. */
      JsonObject *other = find_other (reasons);

      note = id;
      name = other ? label (other, lang) : g_strcmp0 (lang, "en") == 0 ? "Other" : "Lainnya";
    }
  else
    name = label (reason, lang);
  if (name == NULL)
    name = id;
  return note != NULL && *note != '\0' ? g_strdup_printf ("%s: %s", name, note) : g_strdup (name);
}
