/* loket-office-staff.c — the people at work: clerks logging in and out
 * at a counter (PINs checked, wrong ones rate-limited), supervisors
 * signing in at their device, pauses with a reason, voids, and the
 * services a counter calls.  The staff themselves and who may do what
 * are loket-office-people.c's.  Every act names who did it; which
 * states it leaves and enters is the life-cycle tables' business
 * (common/office/loket-life-cycle.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-error.h"
#include "loket-life-cycle.h"
#include "loket-message.h"
#include "loket-routing.h"

#include <string.h>

/* ---- supervisors and counters ------------------------------------------ */

/* Only a supervisor voids, always with a reason; a called ticket is taken
 * off its counter too. */
JsonObject *
office_handle_void (Context *ctx, GError **error)
{
  const char *actor = office_supervisor_actor (ctx, error);
  const char *reason = actor ? office_body_string (ctx, "reason", error) : NULL;
  g_autoptr(LoketTicket) ticket = NULL;
  g_autoptr(LoketCounterState) counter = NULL;
  const LoketTicketTransition *row;

  if (reason == NULL || (ticket = office_require_ticket (ctx, error)) == NULL ||
      (row = loket_ticket_life_apply (ticket, LOKET_TICKET_ACT_VOID, error)) == NULL)
    return NULL;
  if (ticket->counter != NULL)
    {
      counter = loket_store_get_counter (ctx->office->store, ticket->counter, error);
      if (counter == NULL ||
          (counter->current_ticket == ticket->id &&
           loket_counter_life_apply (counter, LOKET_COUNTER_ACT_VOID, error) == NULL))
        return NULL;
    }
  ticket->finished_at = ctx->request->now;
  if (!office_save (ctx, ticket, counter, error) ||
      !office_emit (ctx, row->event, actor, ticket, counter, reason, NULL, error))
    return NULL;
  return office_reply_with (ctx, ticket, counter);
}

/* Pause time is kept per service day, so "today's pauses" never mixes in
 * yesterday's. */
static void
add_pause_time (Context *ctx, LoketCounterState *counter, gint64 usec)
{
  if (g_strcmp0 (counter->pause_day, ctx->service_day) != 0)
    {
      g_free (counter->pause_day);
      counter->pause_day = g_strdup (ctx->service_day);
      counter->pause_total_usec = 0;
    }
  counter->pause_total_usec += MAX (usec, 0);
}

/* A pause names one of the charter's reasons; the clerk's own words go
 * only with the reason that takes them, and that one needs them. */
static gboolean
check_pause_reason (Context *ctx, const char *reason, const char *note, GError **error)
{
  LoketCharter *charter = ctx->office->charter;
  JsonObject *def = loket_charter_lookup_pause_reason (charter, reason);
  gboolean takes_note = def != NULL && json_object_get_boolean_member (def, "note");
  JsonArray *all = loket_charter_get_pause_reasons (charter);
  g_autoptr(GString) ids = g_string_new (NULL);

  if (def != NULL && takes_note == (note != NULL))
    return TRUE;
  if (def != NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   takes_note ? "the pause reason “%s” needs a note saying why"
                              : "the pause reason “%s” takes no note; only the charter's reason for "
                                "anything else does", reason);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (all); i++)
    g_string_append_printf (ids, "%s%s", i ? ", " : "",
                            json_object_get_string_member (json_array_get_object_element (all, i), "id"));
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
               "unknown pause reason “%s”; the charter lists %s", reason, ids->str);
  return FALSE;
}

JsonObject *
office_handle_pause (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  const char *reason = office_body_string (ctx, "reason", error);
  const char *note = office_body_optional (ctx, "note");
  g_autoptr(LoketCounterState) counter = NULL;
  const LoketCounterTransition *row;

  /* Spaces alone are no note. */
  if (note != NULL && strspn (note, " \t\n") == strlen (note))
    note = NULL;
  if (reason == NULL || !check_pause_reason (ctx, reason, note, error) ||
      (counter = office_require_counter (ctx, &def, error)) == NULL ||
      (row = loket_counter_life_apply (counter, LOKET_COUNTER_ACT_PAUSE, error)) == NULL)
    return NULL;
  g_free (counter->pause_reason);
  counter->pause_reason = g_strdup (reason);
  g_free (counter->pause_note);
  counter->pause_note = g_strdup (note);
  counter->paused_since = ctx->request->now;
  if (!office_save (ctx, NULL, counter, error) ||
      !office_emit (ctx, row->event, office_actor_for (ctx, counter), NULL, counter, reason, NULL, error))
    return NULL;
  return office_reply_with (ctx, NULL, counter);
}

JsonObject *
office_handle_resume (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = office_require_counter (ctx, &def, error);
  g_autoptr(JsonObject) extra = json_object_new ();
  const LoketCounterTransition *row;
  gint64 paused;

  if (counter == NULL || (row = loket_counter_life_apply (counter, LOKET_COUNTER_ACT_RESUME, error)) == NULL)
    return NULL;
  paused = ctx->request->now - counter->paused_since;
  add_pause_time (ctx, counter, paused);
  json_object_set_int_member (extra, "paused_usec", paused);
  json_object_set_string_member (extra, "pause_reason", counter->pause_reason);
  loket_json_set_nullable_string (extra, "pause_note", counter->pause_note);
  g_clear_pointer (&counter->pause_reason, g_free);
  g_clear_pointer (&counter->pause_note, g_free);
  counter->paused_since = 0;
  if (!office_save (ctx, NULL, counter, error) ||
      !office_emit (ctx, row->event, office_actor_for (ctx, counter), NULL, counter, NULL, extra, error))
    return NULL;
  return office_reply_with (ctx, NULL, counter);
}

/* Wrong PINs lock the device out for a minute after a few tries; each
 * failure is an event, so guessing leaves a trace. */
static gboolean
check_login_rate (Context *ctx, GError **error)
{
  LoginFailures *f = g_hash_table_lookup (ctx->office->login_failures, ctx->request->device);

  if (f != NULL && f->locked_until > ctx->request->now)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_AUTH,
                   "too many wrong PINs; try again in %" G_GINT64_FORMAT " s",
                   (f->locked_until - ctx->request->now) / G_USEC_PER_SEC + 1);
      return FALSE;
    }
  return TRUE;
}

static void
note_login_failure (Context *ctx)
{
  LoginFailures *f = g_hash_table_lookup (ctx->office->login_failures, ctx->request->device);

  if (f == NULL)
    {
      f = g_new0 (LoginFailures, 1);
      g_hash_table_insert (ctx->office->login_failures, g_strdup (ctx->request->device), f);
    }
  if (++f->count >= LOGIN_MAX_FAILURES)
    {
      f->count = 0;
      f->locked_until = ctx->request->now + LOGIN_LOCKOUT_USEC;
    }
  g_message ("wrong PIN from device %s", ctx->request->device);
}

/* The clerk's name if @clerk's @pin is right; wrong PINs count towards
 * the device's lock-out. */
static char *
check_pin (Context *ctx, const char *clerk, const char *pin, GError **error)
{
  char *name;

  if (!check_login_rate (ctx, error))
    return NULL;
  name = loket_store_check_clerk (ctx->office->store, clerk, pin, error);
  if (name == NULL)
    note_login_failure (ctx);
  else
    g_hash_table_remove (ctx->office->login_failures, ctx->request->device);
  return name;
}

/* A supervisor or the head signs in at a supervisor's device (LOGIN
 * without a counter): the key is the device's authority, the PIN names
 * the person, whose role must be a supervisor's or the head's
 * (loket-office-people.c), and every later act of that device is
 * recorded under them. */
static JsonObject *
supervisor_login (Context *ctx, GError **error)
{
  const char *clerk = office_body_string (ctx, "clerk", error);
  const char *pin = clerk ? office_body_string (ctx, "pin", error) : NULL;
  g_autofree char *name = pin ? check_pin (ctx, clerk, pin, error) : NULL;
  g_autoptr(JsonObject) extra = NULL;
  LoketStaffRole role = LOKET_STAFF_NONE;
  JsonObject *reply;

  if (name == NULL || !office_check_supervisor_sign_in (ctx, clerk, &role, error))
    return NULL;
  extra = loket_json_object_new_with ("clerk", clerk, "clerk_name", name, NULL);
  if (!office_emit (ctx, "SUPERVISOR_IN", clerk, NULL, NULL, NULL, extra, error))
    return NULL;
  g_hash_table_replace (ctx->office->supervisors, g_strdup (ctx->request->device), g_strdup (clerk));
  reply = loket_json_object_new_with ("clerk", clerk, "clerk_name", name, NULL);
  json_object_set_string_member (reply, "role", loket_staff_role_to_string (role));
  return reply;
}

static JsonObject *
supervisor_logout (Context *ctx, GError **error)
{
  const char *clerk = g_hash_table_lookup (ctx->office->supervisors, ctx->request->device);
  g_autoptr(JsonObject) extra = NULL;

  if (clerk == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "nobody is signed in at %s", ctx->request->device);
      return NULL;
    }
  extra = loket_json_object_new_with ("clerk", clerk, NULL);
  if (!office_emit (ctx, "SUPERVISOR_OUT", clerk, NULL, NULL, NULL, extra, error))
    return NULL;
  g_hash_table_remove (ctx->office->supervisors, ctx->request->device);
  return json_object_new ();
}

static gboolean
is_supervisor_sign_in (Context *ctx)
{
  return ctx->request->role == LOKET_ROLE_SUPERVISOR &&
         !json_object_has_member (ctx->request->body, "counter");
}

JsonObject *
office_handle_login (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = NULL;
  const char *clerk, *pin;
  g_autofree char *name = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  const LoketCounterTransition *row;

  if (is_supervisor_sign_in (ctx))
    return supervisor_login (ctx, error);
  counter = office_require_counter (ctx, &def, error);
  clerk = counter ? office_body_string (ctx, "clerk", error) : NULL;
  pin = clerk ? office_body_string (ctx, "pin", error) : NULL;
  name = pin ? check_pin (ctx, clerk, pin, error) : NULL;
  if (name == NULL || (row = loket_counter_life_apply (counter, LOKET_COUNTER_ACT_LOGIN, error)) == NULL)
    return NULL;
  /* Another clerk still logged in here is a hand-over: the shift changes
   * without closing the counter, and the event says from whom. */
  loket_json_set_nullable_string (extra, "handover_from",
                                  g_strcmp0 (counter->clerk, clerk) != 0 ? counter->clerk : NULL);
  g_free (counter->clerk);
  counter->clerk = g_strdup (clerk);
  json_object_set_string_member (extra, "clerk_name", name);
  if (!office_save (ctx, NULL, counter, error) ||
      !office_emit (ctx, row->event, clerk, NULL, counter, NULL, extra, error))
    return NULL;
  return office_reply_with (ctx, NULL, counter);
}

JsonObject *
office_handle_logout (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = NULL;
  g_autofree char *actor = NULL;
  const LoketCounterTransition *row;
  gboolean was_paused;

  if (is_supervisor_sign_in (ctx))
    return supervisor_logout (ctx, error);
  counter = office_require_counter (ctx, &def, error);
  if (counter == NULL)
    return NULL;
  was_paused = loket_counter_phase (counter) == LOKET_COUNTER_PHASE_PAUSED;
  if ((row = loket_counter_life_apply (counter, LOKET_COUNTER_ACT_LOGOUT, error)) == NULL)
    return NULL;
  /* A pause still running when the clerk leaves counts up to now. */
  if (was_paused)
    add_pause_time (ctx, counter, ctx->request->now - counter->paused_since);
  actor = g_strdup (office_actor_for (ctx, counter));
  g_clear_pointer (&counter->clerk, g_free);
  g_clear_pointer (&counter->pause_reason, g_free);
  g_clear_pointer (&counter->pause_note, g_free);
  counter->paused_since = 0;
  if (!office_save (ctx, NULL, counter, error) ||
      !office_emit (ctx, row->event, actor, NULL, counter, NULL, NULL, error))
    return NULL;
  return office_reply_with (ctx, NULL, counter);
}

/* The "services" of a request: a non-empty array of the charter's
 * service ids, each once. */
static char **
require_service_list (Context *ctx, GError **error)
{
  JsonNode *node = json_object_get_member (ctx->request->body, "services");
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  guint n = array ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *id = json_node_get_value_type (element) == G_TYPE_STRING
                     ? json_node_get_string (element) : NULL;

      if (id == NULL)
        break;
      if (office_require_service (ctx, id, error) == NULL)
        return NULL;
      g_strv_builder_add (builder, id);
    }
  ids = g_strv_builder_end (builder);
  if (n == 0 || g_strv_length (ids) != n)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "field \"services\" must be a non-empty array of service ids");
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    if (g_strv_contains ((const char * const *) ids + i + 1, ids[i]))
      {
        g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "service “%s” is listed twice", ids[i]);
        return NULL;
      }
  return g_steal_pointer (&ids);
}

/* The same services, in any order. */
static gboolean
same_services (char **a, char **b)
{
  if (g_strv_length (a) != g_strv_length (b))
    return FALSE;
  for (guint i = 0; a[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) b, a[i]))
      return FALSE;
  return TRUE;
}

/* A supervisor moves a counter to other services for the day (a queue
 * that grows, a clerk trained for one service only).  The charter's own
 * list is stored as no override, so that a later charter edit applies. */
JsonObject *
office_handle_counter_services (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  const char *actor = office_supervisor_actor (ctx, error);
  g_autoptr(LoketCounterState) counter = actor ? office_require_counter (ctx, &def, error) : NULL;
  g_auto(GStrv) services = counter ? require_service_list (ctx, error) : NULL;
  g_autoptr(JsonObject) extra = json_object_new ();

  if (services == NULL)
    return NULL;
  json_object_set_array_member (extra, "previous_services", office_strv_to_json (office_counter_services (def, counter)));
  json_object_set_array_member (extra, "services", office_strv_to_json (services));
  g_strfreev (counter->services);
  counter->services = same_services (services, def->services) ? NULL : g_steal_pointer (&services);
  if (!office_save (ctx, NULL, counter, error) ||
      !office_emit (ctx, "COUNTER_SERVICES", actor, NULL, counter,
             office_body_optional (ctx, "reason"), extra, error))
    return NULL;
  return office_reply_with (ctx, NULL, counter);
}
