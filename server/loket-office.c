/* loket-office.c — the office object, the helpers every handler shares,
 * and the dispatch of an admitted request to its handler.
 *
 * Every handler follows the same shape: read what it needs from the store,
 * refuse with a LOKET_ERROR code and a sentence a clerk can act on, or
 * write the new state and append one event per state change.  Nothing here
 * commits; the server does, and only then replies and publishes.  The
 * handlers live by subject: loket-office-issue.c (services, tickets taken
 * and printed), loket-office-calls.c (calling and serving, the queue in
 * calling order), loket-office-staff.c (clerks, supervisors, pauses,
 * voids, a counter's services), loket-office-people.c (who may act at a
 * supervisor's device; the staff and their roles), loket-office-state.c (snapshots, status,
 * device reports), loket-office-close.c (the day's closing, citizens
 * turned away), loket-office-survey.c (the satisfaction survey),
 * loket-office-complaint.c (complaints).  Which
 * requests there are, who may send them and what
 * their bodies hold is the protocol table's (common/protocol/
 * loket-protocol.c); loket_office_handle() admits a request by it before
 * the handler runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-error.h"
#include "loket-life-cycle.h"
#include "loket-message.h"
#include "loket-protocol.h"
#include "loket-routing.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (LoketOffice, loket_office, G_TYPE_OBJECT)

static void
loket_office_finalize (GObject *object)
{
  LoketOffice *self = LOKET_OFFICE (object);

  g_clear_object (&self->charter);
  g_clear_object (&self->store);
  g_clear_pointer (&self->login_failures, g_hash_table_unref);
  g_clear_pointer (&self->supervisors, g_hash_table_unref);
  g_clear_pointer (&self->service_times, g_hash_table_unref);
  G_OBJECT_CLASS (loket_office_parent_class)->finalize (object);
}

static void
loket_office_class_init (LoketOfficeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_office_finalize;
}

static void
loket_office_init (LoketOffice *self)
{
  self->login_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->supervisors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->service_times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) office_service_times_free);
}

LoketOffice *
loket_office_new (LoketCharter *charter,
                  LoketStore   *store)
{
  LoketOffice *self = g_object_new (LOKET_TYPE_OFFICE, NULL);

  self->charter = g_object_ref (charter);
  self->store = g_object_ref (store);
  return self;
}

LoketCharter *
loket_office_get_charter (LoketOffice *self)
{
  return self->charter;
}

LoketStore *
loket_office_get_store (LoketOffice *self)
{
  return self->store;
}

void
loket_office_set_always_open (LoketOffice *self,
                              gboolean     always_open)
{
  self->always_open = always_open;
}

/* ---- shared helpers ---------------------------------------------------- */

const char *
office_body_string (Context *ctx, const char *key, GError **error)
{
  return loket_json_require_string (ctx->request->body, key, error);
}

const char *
office_body_optional (Context *ctx, const char *key)
{
  const char *value = loket_json_optional_string (ctx->request->body, key);

  return value && *value ? value : NULL;
}

JsonArray *
office_strv_to_json (char **strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

/* The services a counter calls: a supervisor's choice, else the charter's
 * list.  @def may be NULL for a counter the charter no longer has. */
char **
office_counter_services (const LoketCounterDef *def, const LoketCounterState *counter)
{
  if (counter != NULL && counter->services != NULL)
    return counter->services;
  return def ? def->services : NULL;
}

gboolean
office_counter_serves (const LoketCounterDef *def, const LoketCounterState *counter, const char *service_id)
{
  char **services = office_counter_services (def, counter);

  return services != NULL && g_strv_contains ((const char * const *) services, service_id);
}

/* A counter as every reply, event and snapshot shows it: its live state,
 * its name and the services it calls. */
JsonObject *
office_counter_to_json (Context *ctx, const LoketCounterState *counter)
{
  const LoketCounterDef *def = loket_charter_lookup_counter (ctx->office->charter, counter->id);
  JsonObject *o = loket_counter_state_to_json (counter);

  loket_json_set_nullable_string (o, "name", def ? def->name : NULL);
  json_object_set_array_member (o, "services", office_strv_to_json (office_counter_services (def, counter)));
  return o;
}

/* Who is acting: the clerk logged in at the counter, else the device. */
const char *
office_actor_for (Context *ctx, const LoketCounterState *counter)
{
  if (counter != NULL && counter->clerk != NULL)
    return counter->clerk;
  return ctx->request->device;
}

/* Who is acting for a supervisor's device: the supervisor signed in
 * there, else the device itself (loketctl with a supervisor key).  A
 * request that names its supervisor ("supervisor", sent by the supervisor
 * view) must match the sign-in, so an act is never recorded under someone
 * who is no longer there; NULL and an error then. */
const char *
office_supervisor_actor (Context *ctx, GError **error)
{
  const char *signed_in = g_hash_table_lookup (ctx->office->supervisors, ctx->request->device);
  const char *named = loket_json_optional_string (ctx->request->body, "supervisor");

  if (named != NULL && g_strcmp0 (named, signed_in) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_AUTH,
                   "supervisor %s is not signed in at %s; sign in again", named, ctx->request->device);
      return NULL;
    }
  return signed_in ? signed_in : ctx->request->device;
}

/* Appends one event to the log and to the list to publish. */
gboolean
office_emit (Context                 *ctx,
             const char              *type,
             const char              *actor,
             const LoketTicket       *ticket,
             const LoketCounterState *counter,
             const char              *reason,
             JsonObject              *extra,
             GError                 **error)
{
  g_autoptr(JsonObject) event = extra ? json_object_ref (extra) : json_object_new ();

  json_object_set_int_member (event, "v", 1);
  json_object_set_string_member (event, "type", type);
  json_object_set_string_member (event, "actor", actor);
  json_object_set_string_member (event, "device", ctx->request->device);
  json_object_set_string_member (event, "service_day", ctx->service_day);
  if (ticket != NULL)
    json_object_set_object_member (event, "ticket", loket_ticket_to_json (ticket));
  if (counter != NULL)
    json_object_set_object_member (event, "counter", office_counter_to_json (ctx, counter));
  if (reason != NULL)
    json_object_set_string_member (event, "reason", reason);

  if (loket_store_append_event (ctx->office->store, ctx->request->now, actor,
                                ctx->request->device, type, ticket ? ticket->id : 0,
                                event, error) == 0)
    return FALSE;
  g_ptr_array_add (ctx->events, g_steal_pointer (&event));
  return TRUE;
}

const LoketServiceDef *
office_require_service (Context *ctx, const char *id, GError **error)
{
  const LoketServiceDef *service = loket_charter_lookup_service (ctx->office->charter, id);

  if (service == NULL)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no service “%s” in the charter", id);
  return service;
}

/* The counter named in the request, with its definition and live state. */
LoketCounterState *
office_require_counter (Context                *ctx,
                        const LoketCounterDef **def,
                        GError                **error)
{
  const char *id = office_body_string (ctx, "counter", error);

  if (id == NULL)
    return NULL;
  *def = loket_charter_lookup_counter (ctx->office->charter, id);
  if (*def == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no counter “%s” in the charter", id);
      return NULL;
    }
  return loket_store_get_counter (ctx->office->store, id, error);
}

gboolean
office_save (Context *ctx, const LoketTicket *ticket, const LoketCounterState *counter, GError **error)
{
  return (ticket == NULL || loket_store_update_ticket (ctx->office->store, ticket, error)) &&
         (counter == NULL || loket_store_put_counter (ctx->office->store, counter, error));
}

JsonObject *
office_reply_with (Context *ctx, const LoketTicket *ticket, const LoketCounterState *counter)
{
  JsonObject *reply = json_object_new ();

  if (ticket != NULL)
    json_object_set_object_member (reply, "ticket", loket_ticket_to_json (ticket));
  if (counter != NULL)
    json_object_set_object_member (reply, "counter", office_counter_to_json (ctx, counter));
  return reply;
}

/* A ticket issued before charter versions has no promise of its own: it
 * is shown with its service's in the charter in force (none for a service
 * the charter no longer has). */
void
office_fill_promise (Context *ctx, LoketTicket *ticket)
{
  const LoketServiceDef *s;

  if (ticket->charter_version > 0)
    return;
  s = loket_charter_lookup_service (ctx->office->charter, ticket->issued_service);
  ticket->promised_wait_minutes = s ? s->promised_wait_minutes : 0;
  ticket->promised_service_minutes = s ? s->promised_service_minutes : 0;
}

/* ---- the charter in force ---------------------------------------------- */

static gboolean
emit_charter_changed (Context *ctx, const LoketCharterVersion *v, guint filled, GError **error)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  JsonObject *charter = json_object_new ();

  json_object_set_int_member (charter, "version", v->version);
  json_object_set_string_member (charter, "sha256", v->sha256);
  json_object_set_int_member (charter, "in_force_from", v->in_force_from);
  json_object_set_string_member (charter, "loaded_by", v->loaded_by);
  json_object_set_object_member (extra, "charter", charter);
  json_object_set_int_member (extra, "tickets_filled", filled);
  return office_emit (ctx, "CHARTER_CHANGED", ctx->request->device, NULL, NULL, NULL, extra, error);
}

gboolean
loket_office_adopt_charter (LoketOffice  *self,
                            LoketCharter *charter,
                            const char   *loaded_by,
                            gint64        now,
                            GPtrArray    *events,
                            GError      **error)
{
  LoketRequest request = { "CHARTER", NULL, "loketd", LOKET_ROLE_NONE, now };
  g_autofree char *service_day = loket_charter_service_day (charter, now);
  Context ctx = { self, &request, events, service_day, NULL };
  g_autoptr(LoketCharterVersion) v = NULL;
  g_autoptr(GError) check = NULL;
  guint n_events = events->len;
  gboolean is_new = FALSE;
  gboolean is_new_event;
  guint filled = 0;

  if (!loket_store_begin (self->store, error))
    return FALSE;
  v = loket_store_adopt_charter (self->store, charter, loaded_by, now, &is_new, &filled, error);
  is_new_event = is_new;
  /* A new database's first charter changes nothing anyone saw: it is
   * stored, and the log begins after it. */
  if (v != NULL && is_new && v->version == 1 && loket_store_get_last_seq (self->store) == 0)
    is_new_event = FALSE;
  if (v == NULL || (is_new_event && !emit_charter_changed (&ctx, v, filled, error)) ||
      !loket_store_commit (self->store, error))
    {
      loket_store_rollback (self->store);
      g_ptr_array_set_size (events, n_events);
      return FALSE;
    }
  for (guint i = n_events; i < events->len; i++)
    if (!loket_protocol_check_event (NULL, g_ptr_array_index (events, i), &check))
      g_critical ("the protocol table and the office disagree: %s", check->message);
  g_set_object (&self->charter, charter);
  self->charter_version = v->version;
  if (is_new)
    g_message ("charter version %u in force (SHA-256 %s, loaded by %s)", v->version, v->sha256, v->loaded_by);
  else
    g_debug ("charter version %u in force, unchanged (SHA-256 %s)", v->version, v->sha256);
  return TRUE;
}

guint
loket_office_get_charter_version (LoketOffice *self)
{
  return self->charter_version;
}

/* ---- dispatch ---------------------------------------------------------- */

/* The handler of each request of the protocol table (loket-protocol.c),
 * which also says who may send it, what its body holds and whether it
 * writes: admission happens there, before a handler runs. */
static const Handler handlers[] = {
  [LOKET_REQUEST_SERVICES]         = office_handle_services,
  [LOKET_REQUEST_SNAPSHOT]         = office_handle_snapshot,
  [LOKET_REQUEST_STATUS]           = office_handle_status,
  [LOKET_REQUEST_ISSUE]            = office_handle_issue,
  [LOKET_REQUEST_PRINT]            = office_handle_print,
  [LOKET_REQUEST_REPRINT]          = office_handle_reprint,
  [LOKET_REQUEST_CALL]             = office_handle_call,
  [LOKET_REQUEST_RECALL]           = office_handle_recall,
  [LOKET_REQUEST_START]            = office_handle_start,
  [LOKET_REQUEST_FINISH]           = office_handle_finish,
  [LOKET_REQUEST_NOSHOW]           = office_handle_noshow,
  [LOKET_REQUEST_TRANSFER]         = office_handle_transfer,
  [LOKET_REQUEST_PRIORITY_REFUSE]  = office_handle_priority_refuse,
  [LOKET_REQUEST_PAUSE]            = office_handle_pause,
  [LOKET_REQUEST_RESUME]           = office_handle_resume,
  [LOKET_REQUEST_QUEUE]            = office_handle_queue,
  [LOKET_REQUEST_LOGIN]            = office_handle_login,
  [LOKET_REQUEST_LOGOUT]           = office_handle_logout,
  [LOKET_REQUEST_VOID]             = office_handle_void,
  [LOKET_REQUEST_CLERK_SET]        = office_handle_clerk_set,
  [LOKET_REQUEST_CLERK_REMOVE]     = office_handle_clerk_remove,
  [LOKET_REQUEST_COUNTER_SERVICES] = office_handle_counter_services,
  [LOKET_REQUEST_DEVICE_STATUS]    = office_handle_device_status,
  [LOKET_REQUEST_REPORT]           = office_handle_report,
  [LOKET_REQUEST_CLERK_ROLE]       = office_handle_clerk_role,
  [LOKET_REQUEST_CLERK_LIST]       = office_handle_clerk_list,
  [LOKET_REQUEST_CLOSE_DAY]        = office_handle_close_day,
  [LOKET_REQUEST_TICKET_STATUS]    = office_handle_ticket_status,
  [LOKET_REQUEST_SURVEY]           = office_handle_survey,
  [LOKET_REQUEST_DAILY]            = office_handle_daily,
  [LOKET_REQUEST_SKM]              = office_handle_skm,
  [LOKET_REQUEST_COMPLAIN]         = office_handle_complain,
  [LOKET_REQUEST_COMPLAINT]        = office_handle_complaint,
  [LOKET_REQUEST_COMPLAINTS]       = office_handle_complaints,
  [LOKET_REQUEST_COMPLAINT_STEP]   = office_handle_complaint_step,
  [LOKET_REQUEST_COMPLAINT_STATS]  = office_handle_complaint_stats,
};
G_STATIC_ASSERT (G_N_ELEMENTS (handlers) == LOKET_REQUEST_N);

gboolean
loket_office_has_handler (LoketRequestId id)
{
  return id < LOKET_REQUEST_N && handlers[id] != NULL;
}

/* A handler publishes only what the table says it may, with the fields
 * the table gives the event: a mistake here is the office's, not the
 * client's, so it is a critical warning (fatal in the tests). */
static void
check_events (const LoketRequestDef *def, GPtrArray *events, guint from)
{
  for (guint i = from; i < events->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!loket_protocol_check_event (def, g_ptr_array_index (events, i), &error))
        g_critical ("the protocol table and the office disagree: %s", error->message);
    }
}

const LoketRequestDef *
loket_office_admit (LoketOffice        *self,
                    const LoketRequest *request,
                    GError            **error)
{
  Context ctx = { self, request, NULL, NULL, NULL };
  const LoketRequestDef *def = loket_protocol_admit (request->type, request->role, request->body, error);
  gboolean admitted;

  if (def == NULL)
    return NULL;
  ctx.service_day = loket_charter_service_day (self->charter, request->now);
  admitted = office_check_people (&ctx, def, error);
  g_free (ctx.service_day);
  return admitted ? def : NULL;
}

JsonObject *
loket_office_answer_read (LoketOffice           *self,
                          const LoketRequestDef *def,
                          const LoketRequest    *request,
                          GString               *raw,
                          GError               **error)
{
  g_autoptr(GPtrArray) no_events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  Context ctx = { self, request, no_events, NULL, raw };
  JsonObject *reply;

  g_return_val_if_fail (!def->writes, NULL);
  ctx.service_day = loket_charter_service_day (self->charter, request->now);
  reply = handlers[def->id] (&ctx, error);
  g_free (ctx.service_day);
  return reply;
}

JsonObject *
loket_office_handle_split (LoketOffice        *self,
                           const LoketRequest *request,
                           GPtrArray          *events,
                           GString            *raw,
                           GError            **error)
{
  Context ctx = { self, request, events, NULL, raw };
  const LoketRequestDef *def = loket_office_admit (self, request, error);
  guint n_events = events->len;
  JsonObject *reply;

  if (def == NULL)
    return NULL;
  ctx.service_day = loket_charter_service_day (self->charter, request->now);
  reply = handlers[def->id] (&ctx, error);
  g_free (ctx.service_day);
  if (reply != NULL)
    check_events (def, events, n_events);
  return reply;
}

/* Reads back what a handler wrote as text into its reply object: the
 * whole reply in one object, for the tests and the fuzzers. */
static void
merge_raw_members (JsonObject *reply, const GString *raw)
{
  g_autofree char *text = g_strconcat ("{", raw->str, "}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) members = loket_json_from_string (text, -1, &error);
  g_autoptr(GList) names = NULL;

  g_assert_no_error (error);   /* the handler's own text: a bug if it does not parse */
  names = json_object_get_members (members);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (reply, l->data, json_object_dup_member (members, l->data));
}

JsonObject *
loket_office_handle (LoketOffice        *self,
                     const LoketRequest *request,
                     GPtrArray          *events,
                     GError            **error)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  JsonObject *reply = loket_office_handle_split (self, request, events, raw, error);

  if (reply != NULL && raw->len > 0)
    merge_raw_members (reply, raw);
  return reply;
}
