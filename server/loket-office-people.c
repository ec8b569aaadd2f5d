/* loket-office-people.c — the people behind a supervisor's key, and the
 * staff, which are the head of office's to manage.
 *
 * A supervisor's key is the device's authority; the person signed in at
 * it (LOGIN without a counter) has a role of their own: clerk,
 * supervisor or head (loket-staff.h).  Every request from a supervisor's
 * key passes office_check_people () before its handler: the protocol
 * table says which people may send it ("people"), and the person's role
 * is read from the store at that moment, so that a supervisor made a
 * clerk, or removed, can do nothing more from the minute it happens.
 * Only a supervisor or the head signs in at a supervisor's device.
 *
 * The staff — adding someone, a new PIN, a role, removing, the list —
 * are the head's alone.  While the office has no head (a fresh office, or
 * one upgraded from before roles, whose staff all became clerks), the
 * supervisor's key itself may appoint the first head, and nothing else
 * about the staff; loketd says so at every start until there is one
 * (loket_office_check_staff ()).  The last head can be neither removed
 * nor made something else, so an office never locks itself out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-protocol.h"

/* ---- who may do what ------------------------------------------------------ */

/* "a clerk", "a supervisor", "the head of office". */
static const char *
describe_role (LoketStaffRole role)
{
  switch (role)
    {
    case LOKET_STAFF_CLERK:      return "a clerk";
    case LOKET_STAFF_SUPERVISOR: return "a supervisor";
    case LOKET_STAFF_HEAD:       return "the head of office";
    case LOKET_STAFF_NONE:       break;
    }
  return "nobody on the staff";
}

/* Who the table lets send a request, in words. */
static const char *
describe_people (guint people)
{
  if ((people & LOKET_STAFF_SUPERVISOR) != 0)
    return "a supervisor or the head of office";
  return "the head of office";
}

/* How many heads the office has; -1 with @error if the store cannot say. */
static gint64
count_heads (Context *ctx, GError **error)
{
  return loket_store_count_staff (ctx->office->store, LOKET_STAFF_HEAD, error);
}

/* The one exception to "only a head manages staff": while there is no
 * head, anyone at a supervisor's key may appoint one — someone new
 * (CLERK_SET with a name and role head) or someone there (CLERK_ROLE). */
static gboolean
appoints_first_head (Context *ctx, const LoketRequestDef *def, GError **error)
{
  const char *role = office_body_optional (ctx, "role");
  gboolean appoints = g_strcmp0 (role, "head") == 0 &&
                      (def->id == LOKET_REQUEST_CLERK_ROLE ||
                       (def->id == LOKET_REQUEST_CLERK_SET && office_body_optional (ctx, "name") != NULL));

  return appoints && count_heads (ctx, error) == 0;
}

/* The role of the person signed in at this supervisor's device, or
 * LOKET_PEOPLE_NOBODY; 0 with @error for someone no longer on the staff
 * (they sign in again, as someone who is) or a store that cannot say. */
static guint
signed_in_role (Context *ctx, GError **error)
{
  const char *person = g_hash_table_lookup (ctx->office->supervisors, ctx->request->device);
  g_autoptr(GError) local = NULL;
  g_autoptr(LoketStaff) staff = NULL;

  if (person == NULL)
    return LOKET_PEOPLE_NOBODY;
  staff = loket_store_get_staff (ctx->office->store, person, &local);
  if (staff != NULL)
    return staff->role;
  if (g_error_matches (local, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_AUTH,
                 "%s, signed in at %s, is no longer on the staff; sign in again", person, ctx->request->device);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return 0;
}

gboolean
office_check_people (Context *ctx, const LoketRequestDef *def, GError **error)
{
  g_autoptr(GError) local = NULL;
  guint role;

  if (ctx->request->role != LOKET_ROLE_SUPERVISOR ||
      (def->people & LOKET_PEOPLE_ANYONE) == LOKET_PEOPLE_ANYONE)
    return TRUE;
  role = signed_in_role (ctx, error);
  if (role == 0)
    return FALSE;
  if ((def->people & role) != 0 || appoints_first_head (ctx, def, &local))
    return TRUE;
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (role != LOKET_PEOPLE_NOBODY)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_STAFF_ROLE, "%s is %s: %s needs %s",
                 (const char *) g_hash_table_lookup (ctx->office->supervisors, ctx->request->device),
                 describe_role (role), def->type, describe_people (def->people));
  else if ((def->people & LOKET_STAFF_HEAD) != 0 && count_heads (ctx, NULL) == 0)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_STAFF_ROLE,
                 "the office has no head yet: appoint one first "
                 "(loketctl staff add ID NAME --role head --pin PIN, or staff set-role ID head)");
  else
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_STAFF_ROLE,
                 "%s needs %s signed in at %s, and nobody is (loketctl: --by ID --by-pin PIN)",
                 def->type, describe_people (def->people), ctx->request->device);
  return FALSE;
}

gboolean
office_check_supervisor_sign_in (Context *ctx, const char *clerk, LoketStaffRole *role, GError **error)
{
  g_autoptr(LoketStaff) staff = loket_store_get_staff (ctx->office->store, clerk, error);

  if (staff == NULL)
    return FALSE;
  if (staff->role == LOKET_STAFF_CLERK)
    {
      g_message ("%s, a clerk, tried to sign in at the supervisor's device %s", clerk, ctx->request->device);
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STAFF_ROLE,
                   "%s is a clerk: only a supervisor or the head of office signs in at a supervisor's device",
                   clerk);
      return FALSE;
    }
  *role = staff->role;
  return TRUE;
}

/* ---- the staff ------------------------------------------------------------ */

/* The audit trail of a change to a member of staff (never the PIN), and
 * the reply. */
static JsonObject *
staff_changed (Context *ctx, const char *event_type, const char *clerk, const char *name,
               LoketStaffRole role, LoketStaffRole previous, GError **error)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  const char *actor = office_supervisor_actor (ctx, error);

  json_object_set_string_member (extra, "clerk", clerk);
  json_object_set_string_member (extra, "clerk_name", name);
  json_object_set_string_member (extra, "role", loket_staff_role_to_string (role));
  if (previous != LOKET_STAFF_NONE)
    json_object_set_string_member (extra, "previous_role", loket_staff_role_to_string (previous));
  if (actor == NULL || !office_emit (ctx, event_type, actor, NULL, NULL, NULL, extra, error))
    return NULL;
  return loket_json_object_new_with ("clerk", clerk, "role", loket_staff_role_to_string (role), NULL);
}

/* The person with @id, or NULL with no error if nobody has it. */
static LoketStaff *
find_staff (Context *ctx, const char *id, GError **error)
{
  g_autoptr(GError) local = NULL;
  LoketStaff *staff = loket_store_get_staff (ctx->office->store, id, &local);

  if (local != NULL && !g_error_matches (local, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local));
  return staff;
}

/* Someone who stops being a head must not be the last one. */
static gboolean
keeps_a_head (Context *ctx, const LoketStaff *staff, GError **error)
{
  gint64 heads;

  if (staff->role != LOKET_STAFF_HEAD)
    return TRUE;
  heads = count_heads (ctx, error);
  if (heads < 0)
    return FALSE;
  if (heads <= 1)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "%s is the only head of office; appoint another head first", staff->id);
      return FALSE;
    }
  return TRUE;
}

/* Adds someone (a clerk unless "role" says otherwise) or changes a PIN;
 * without a name only an existing person's PIN changes (loketctl staff
 * passwd), keeping the name.  A role is changed with CLERK_ROLE only. */
JsonObject *
office_handle_clerk_set (Context *ctx, GError **error)
{
  const char *clerk = office_body_string (ctx, "clerk", error);
  const char *pin = clerk ? office_body_string (ctx, "pin", error) : NULL;
  const char *given = office_body_optional (ctx, "name");
  const char *asked = office_body_optional (ctx, "role");
  LoketStaffRole role = LOKET_STAFF_CLERK;
  g_autoptr(GError) local = NULL;
  g_autoptr(LoketStaff) existing = pin ? find_staff (ctx, clerk, &local) : NULL;
  g_autofree char *name = NULL;

  if (pin == NULL)
    return NULL;
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (asked != NULL)
    loket_staff_role_from_string (asked, &role);   /* admitted by the table */
  if (existing != NULL && asked != NULL && existing->role != role)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "%s is on the staff already, as %s; change a role with CLERK_ROLE (loketctl staff set-role)",
                   clerk, describe_role (existing->role));
      return NULL;
    }
  if (existing != NULL)
    role = existing->role;
  if (given == NULL)
    name = loket_store_set_clerk_pin (ctx->office->store, clerk, pin, error);
  else if (loket_store_add_staff (ctx->office->store, clerk, given, pin, role, ctx->request->now, error))
    name = g_strdup (given);
  if (name == NULL)
    return NULL;
  return staff_changed (ctx, "CLERK_SET", clerk, name, role, LOKET_STAFF_NONE, error);
}

/* Someone who leaves; not while logged in at a counter, so that no
 * counter is left acting in the name of someone who no longer exists,
 * and never the last head. */
JsonObject *
office_handle_clerk_remove (Context *ctx, GError **error)
{
  const char *clerk = office_body_string (ctx, "clerk", error);
  g_autoptr(GError) local = NULL;
  g_autofree char *counter = clerk ? loket_store_find_clerk_counter (ctx->office->store, clerk, &local) : NULL;
  g_autoptr(LoketStaff) staff = NULL;
  g_autofree char *name = NULL;

  if (clerk == NULL)
    return NULL;
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (counter != NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "clerk %s is logged in at counter %s; log out first", clerk, counter);
      return NULL;
    }
  staff = loket_store_get_staff (ctx->office->store, clerk, error);
  if (staff == NULL || !keeps_a_head (ctx, staff, error))
    return NULL;
  name = loket_store_remove_clerk (ctx->office->store, clerk, error);
  if (name == NULL)
    return NULL;
  return staff_changed (ctx, "CLERK_REMOVED", clerk, name, staff->role, LOKET_STAFF_NONE, error);
}

/* A new role for someone on the staff; it holds from their next request
 * on (office_check_people () reads it each time). */
JsonObject *
office_handle_clerk_role (Context *ctx, GError **error)
{
  const char *clerk = office_body_string (ctx, "clerk", error);
  const char *asked = clerk ? office_body_string (ctx, "role", error) : NULL;
  g_autoptr(LoketStaff) staff = asked ? loket_store_get_staff (ctx->office->store, clerk, error) : NULL;
  LoketStaffRole role = LOKET_STAFF_CLERK;

  if (staff == NULL)
    return NULL;
  loket_staff_role_from_string (asked, &role);   /* admitted by the table */
  if (role != LOKET_STAFF_HEAD && !keeps_a_head (ctx, staff, error))
    return NULL;
  if (!loket_store_set_staff_role (ctx->office->store, clerk, role, error))
    return NULL;
  return staff_changed (ctx, "CLERK_ROLE", clerk, staff->name, role, staff->role, error);
}

/* Everyone on the staff with their role (never a PIN's hash). */
JsonObject *
office_handle_clerk_list (Context *ctx, GError **error)
{
  g_autoptr(GPtrArray) staff = loket_store_list_staff (ctx->office->store, error);
  JsonArray *list;
  JsonObject *reply;

  if (staff == NULL)
    return NULL;
  list = json_array_new ();
  for (guint i = 0; i < staff->len; i++)
    {
      const LoketStaff *s = g_ptr_array_index (staff, i);
      JsonObject *o = loket_json_object_new_with ("id", s->id, "name", s->name,
                                                  "role", loket_staff_role_to_string (s->role), NULL);

      json_object_set_int_member (o, "created_at", s->created_at);
      json_array_add_object_element (list, o);
    }
  reply = json_object_new ();
  json_object_set_array_member (reply, "staff", list);
  return reply;
}

/* ---- at start -------------------------------------------------------------- */

void
loket_office_check_staff (LoketOffice *self)
{
  g_autoptr(GError) error = NULL;
  gint64 heads = loket_store_count_staff (self->store, LOKET_STAFF_HEAD, &error);
  gint64 supervisors = heads < 0 ? -1 : loket_store_count_staff (self->store, LOKET_STAFF_SUPERVISOR, &error);

  if (supervisors < 0)
    g_message ("the staff could not be read: %s", error->message);
  else if (heads == 0 && supervisors == 0)
    g_message ("no supervisor and no head of office: nobody can sign in at a supervisor's device "
               "and nobody manages the staff; appoint the first head with "
               "`loketctl staff add ID NAME --role head --pin PIN` (docs/operations.md)");
  else if (heads == 0)
    g_message ("no head of office: nobody manages the staff; appoint the first head with "
               "`loketctl staff set-role ID head` (docs/operations.md)");
}
