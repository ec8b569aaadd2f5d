/* loket-sync-redact.c — no personal data leaves the office.
 *
 * An office's log names its staff: the clerk at a counter is the actor
 * of what the counter does, events and tickets carry the clerk's id
 * ("clerk"), a supervisor's id ("supervisor"), and the staff events
 * (CLERK_SET, SUPERVISOR_IN, LOGGED_IN …) their names ("name",
 * "clerk_name").  Citizens are never named (a ticket is a number).
 * Before an event is shipped:
 * - names are removed ("clerk_name" anywhere; "name" in the staff events,
 *   where it is a person's — elsewhere it names a counter or service);
 * - a PIN or its hash, which no event should carry, is removed if found;
 * - a staff id (the actor when it is not the device, "clerk",
 *   "supervisor", "previous_clerk") becomes a pseudonym, the first 16 hex
 *   digits of HMAC-SHA256 (PseudonymKey, id), so the centre can count one
 *   person's work without knowing who; without a key it becomes "staff".
 * Free text ("reason") is kept: reports count the reasons given.
 * A changed event cannot have its hash recomputed centrally; its links
 * still can (loket_chain_check), and the office keeps the original.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-sync"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-sync-redact.h"

static const char *const staff_id_members[] = { "clerk", "supervisor", "previous_clerk", "actor" };
static const char *const always_removed[] = { "clerk_name", "pin", "pin_hash" };

static char *
pseudonym (const char *id,
           const char *key)
{
  g_autofree char *mac = NULL;

  if (key == NULL || *key == '\0')
    return g_strdup ("staff");
  mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key), id, -1);
  return g_strdup_printf ("p:%.16s", mac);
}

static gboolean
in_list (const char        *name,
         const char *const *list,
         gsize              n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (name, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Staff events name a person in "name". */
static gboolean
is_staff_event (const char *type)
{
  return g_str_has_prefix (type, "CLERK_") || g_str_has_prefix (type, "SUPERVISOR_") ||
         g_str_has_prefix (type, "LOGGED_");
}

static void redact_node (JsonNode   *node,
                         const char *type,
                         const char *device,
                         const char *key,
                         gboolean   *changed);

/* A string member naming a member of staff (not the device itself). */
static gboolean
names_staff (const char *name,
             JsonNode   *member,
             const char *device)
{
  return in_list (name, staff_id_members, G_N_ELEMENTS (staff_id_members)) &&
         JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING &&
         g_strcmp0 (json_node_get_string (member), device) != 0;
}

static void
redact_object (JsonObject *object,
               const char *type,
               const char *device,
               const char *key,
               gboolean   *changed)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *name = g_strdup (l->data);
      JsonNode *member = json_object_get_member (object, name);

      if (in_list (name, always_removed, G_N_ELEMENTS (always_removed)) ||
          (strcmp (name, "name") == 0 && is_staff_event (type)))
        {
          json_object_remove_member (object, name);
          *changed = TRUE;
        }
      else if (names_staff (name, member, device))
        {
          g_autofree char *alias = pseudonym (json_node_get_string (member), key);

          json_object_set_string_member (object, name, alias);
          *changed = TRUE;
        }
      else
        redact_node (member, type, device, key, changed);
    }
}

static void
redact_node (JsonNode   *node,
             const char *type,
             const char *device,
             const char *key,
             gboolean   *changed)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    redact_object (json_node_get_object (node), type, device, key, changed);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        redact_node (json_array_get_element (array, i), type, device, key, changed);
    }
}

gboolean
loket_sync_redact (LoketEventRow *row,
                   const char    *key,
                   gboolean      *changed,
                   GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  *changed = FALSE;
  if (g_strcmp0 (row->actor, row->device) != 0)
    {
      g_autofree char *alias = pseudonym (row->actor, key);

      g_free (row->actor);
      row->actor = g_steal_pointer (&alias);
      *changed = TRUE;
    }
  if (!json_parser_load_from_data (parser, row->payload, -1, error))
    {
      g_prefix_error (error, "event %" G_GINT64_FORMAT ": its payload: ", row->seq);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  redact_node (root, row->type, row->device, key, changed);
  if (*changed)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_generator_set_root (generator, root);
      g_free (row->payload);
      row->payload = json_generator_to_data (generator, NULL);
    }
  return TRUE;
}
