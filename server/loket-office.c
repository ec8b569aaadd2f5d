/* loket-office.c — request handlers: issuing, calling, serving, pausing.
 *
 * Every handler follows the same shape: read what it needs from the store,
 * refuse with a LOKET_ERROR code and a sentence a clerk can act on, or
 * write the new state and append one event per state change.  Nothing here
 * commits; the server does, and only then replies and publishes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-routing.h"

#include <string.h>

#define USEC_PER_MINUTE (G_USEC_PER_SEC * (gint64) 60)
#define LOGIN_MAX_FAILURES 5
#define LOGIN_LOCKOUT_USEC (60 * G_USEC_PER_SEC)
#define RECENT_CALLS 10

struct _LoketOffice
{
  GObject       parent_instance;
  LoketCharter *charter;
  LoketStore   *store;
  gboolean      always_open;
  GHashTable   *login_failures;   /* device → LoginFailures */
  /* device → the supervisor signed in there.  In memory only: after a
   * restart a supervisor signs in again, and until then the supervisor
   * view's acts are refused rather than recorded under a guess. */
  GHashTable   *supervisors;
};

typedef struct {
  guint  count;
  gint64 locked_until;
} LoginFailures;

G_DEFINE_FINAL_TYPE (LoketOffice, loket_office, G_TYPE_OBJECT)

/* What one handler needs to know about the request it is serving. */
typedef struct {
  LoketOffice        *office;
  const LoketRequest *request;
  GPtrArray          *events;
  char               *service_day;
} Context;

typedef JsonObject *(*Handler) (Context *ctx, GError **error);

static void
loket_office_finalize (GObject *object)
{
  LoketOffice *self = LOKET_OFFICE (object);

  g_clear_object (&self->charter);
  g_clear_object (&self->store);
  g_clear_pointer (&self->login_failures, g_hash_table_unref);
  g_clear_pointer (&self->supervisors, g_hash_table_unref);
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

static const char *
body_string (Context *ctx, const char *key, GError **error)
{
  return loket_json_require_string (ctx->request->body, key, error);
}

static const char *
body_optional (Context *ctx, const char *key)
{
  const char *value = loket_json_optional_string (ctx->request->body, key);

  return value && *value ? value : NULL;
}

static JsonArray *
strv_to_json (char **strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

/* The services a counter calls: a supervisor's choice, else the charter's
 * list.  @def may be NULL for a counter the charter no longer has. */
static char **
counter_services (const LoketCounterDef *def, const LoketCounterState *counter)
{
  if (counter != NULL && counter->services != NULL)
    return counter->services;
  return def ? def->services : NULL;
}

static gboolean
counter_serves (const LoketCounterDef *def, const LoketCounterState *counter, const char *service_id)
{
  char **services = counter_services (def, counter);

  return services != NULL && g_strv_contains ((const char * const *) services, service_id);
}

/* A counter as every reply, event and snapshot shows it: its live state,
 * its name and the services it calls. */
static JsonObject *
counter_to_json (Context *ctx, const LoketCounterState *counter)
{
  const LoketCounterDef *def = loket_charter_lookup_counter (ctx->office->charter, counter->id);
  JsonObject *o = loket_counter_state_to_json (counter);

  loket_json_set_nullable_string (o, "name", def ? def->name : NULL);
  json_object_set_array_member (o, "services", strv_to_json (counter_services (def, counter)));
  return o;
}

/* Who is acting: the clerk logged in at the counter, else the device. */
static const char *
actor_for (Context *ctx, const LoketCounterState *counter)
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
static const char *
supervisor_actor (Context *ctx, GError **error)
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
static gboolean
emit (Context                 *ctx,
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
    json_object_set_object_member (event, "counter", counter_to_json (ctx, counter));
  if (reason != NULL)
    json_object_set_string_member (event, "reason", reason);

  if (loket_store_append_event (ctx->office->store, ctx->request->now, actor,
                                ctx->request->device, type, ticket ? ticket->id : 0,
                                event, error) == 0)
    return FALSE;
  g_ptr_array_add (ctx->events, g_steal_pointer (&event));
  return TRUE;
}

static const LoketServiceDef *
require_service (Context *ctx, const char *id, GError **error)
{
  const LoketServiceDef *service = loket_charter_lookup_service (ctx->office->charter, id);

  if (service == NULL)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no service “%s” in the charter", id);
  return service;
}

/* The counter named in the request, with its definition and live state. */
static LoketCounterState *
require_counter (Context                *ctx,
                 const LoketCounterDef **def,
                 GError                **error)
{
  const char *id = body_string (ctx, "counter", error);

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

/* The ticket the counter is handling right now, in one of @states. */
static LoketTicket *
require_current (Context                 *ctx,
                 const LoketCounterState *counter,
                 const char              *doing,
                 GError                 **error)
{
  if (counter->current_ticket == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "counter %s has no ticket to %s; call one first", counter->id, doing);
      return NULL;
    }
  return loket_store_get_ticket (ctx->office->store, counter->current_ticket, error);
}

static gboolean
save (Context *ctx, const LoketTicket *ticket, const LoketCounterState *counter, GError **error)
{
  return (ticket == NULL || loket_store_update_ticket (ctx->office->store, ticket, error)) &&
         (counter == NULL || loket_store_put_counter (ctx->office->store, counter, error));
}

static JsonObject *
reply_with (Context *ctx, const LoketTicket *ticket, const LoketCounterState *counter)
{
  JsonObject *reply = json_object_new ();

  if (ticket != NULL)
    json_object_set_object_member (reply, "ticket", loket_ticket_to_json (ticket));
  if (counter != NULL)
    json_object_set_object_member (reply, "counter", counter_to_json (ctx, counter));
  return reply;
}

/* The charter's promised wait for @service_id, 0 for one it no longer has. */
static gint64
promised_wait_usec (Context *ctx, const char *service_id)
{
  const LoketServiceDef *s = loket_charter_lookup_service (ctx->office->charter, service_id);

  return s ? s->promised_wait_minutes * USEC_PER_MINUTE : 0;
}

static guint
open_counters_serving (Context *ctx, const char *service_id)
{
  GPtrArray *counters = loket_charter_get_counters (ctx->office->charter);
  guint n = 0;

  for (guint i = 0; i < counters->len; i++)
    {
      const LoketCounterDef *def = g_ptr_array_index (counters, i);
      g_autoptr(LoketCounterState) state = loket_store_get_counter (ctx->office->store, def->id, NULL);

      if (state != NULL && state->state == LOKET_COUNTER_OPEN &&
          counter_serves (def, state, service_id))
        n++;
    }
  return n;
}

/* Estimated wait for someone joining @service now: the people ahead,
 * shared among the open counters that serve it, each taking today's mean
 * service time (or the charter's promise before anyone was served). */
static guint
estimate_wait_minutes (Context *ctx, const LoketServiceDef *service, guint waiting)
{
  gint64 mean = loket_store_mean_service_time (ctx->office->store, ctx->service_day,
                                               service->id, NULL);
  guint counters = MAX (open_counters_serving (ctx, service->id), 1);

  if (mean <= 0)
    mean = service->promised_service_minutes * USEC_PER_MINUTE;
  return (guint) ((waiting * mean / counters + USEC_PER_MINUTE - 1) / USEC_PER_MINUTE);
}

/* ---- services and issuing ---------------------------------------------- */

/* Today's record against the charter, for boards and supervisors:
 * called_today, called_within_promise, waiting_overdue. */
static void
add_compliance (Context *ctx, const LoketServiceDef *s, JsonObject *o)
{
  LoketWaitCompliance c = { 0, 0, 0 };
  g_autoptr(GError) error = NULL;

  if (!loket_store_wait_compliance (ctx->office->store, ctx->service_day, s->id,
                                    s->promised_wait_minutes * USEC_PER_MINUTE, ctx->request->now,
                                    &c, &error))
    g_warning ("%s", error->message);
  json_object_set_int_member (o, "called_today", c.called);
  json_object_set_int_member (o, "called_within_promise", c.called_within);
  json_object_set_int_member (o, "waiting_overdue", c.waiting_overdue);
}

static JsonObject *
service_to_json (Context *ctx, const LoketServiceDef *s, gboolean open,
                 const char *closed_reason, const char *closed_reason_en)
{
  JsonObject *o = json_object_new ();
  guint issued = loket_store_count_issued (ctx->office->store, ctx->service_day, s->series, NULL);
  guint waiting = loket_store_count_waiting (ctx->office->store, ctx->service_day, s->id, NULL);
  gboolean quota_left = s->daily_quota == 0 || issued < s->daily_quota;

  json_object_set_string_member (o, "id", s->id);
  json_object_set_string_member (o, "series", s->series);
  json_object_set_string_member (o, "name", s->name);
  loket_json_set_nullable_string (o, "name_en", s->name_en);
  json_object_set_array_member (o, "requirements", strv_to_json (s->requirements));
  json_object_set_array_member (o, "requirements_en", strv_to_json (s->requirements_en));
  loket_json_set_nullable_string (o, "procedure", s->procedure);
  loket_json_set_nullable_string (o, "procedure_en", s->procedure_en);
  loket_json_set_nullable_string (o, "product", s->product);
  loket_json_set_nullable_string (o, "product_en", s->product_en);
  json_object_set_int_member (o, "cost", s->cost);
  json_object_set_int_member (o, "promised_wait_minutes", s->promised_wait_minutes);
  json_object_set_int_member (o, "promised_service_minutes", s->promised_service_minutes);
  json_object_set_int_member (o, "daily_quota", s->daily_quota);
  json_object_set_int_member (o, "issued_today", issued);
  json_object_set_int_member (o, "waiting", waiting);
  json_object_set_int_member (o, "estimated_wait_minutes", estimate_wait_minutes (ctx, s, waiting));
  json_object_set_array_member (o, "priority_groups", strv_to_json (s->priority_groups));
  add_compliance (ctx, s, o);
  json_object_set_boolean_member (o, "available", open && quota_left);
  if (!open)
    {
      json_object_set_string_member (o, "unavailable", "closed");
      json_object_set_string_member (o, "unavailable_reason", closed_reason);
      json_object_set_string_member (o, "unavailable_reason_en", closed_reason_en);
    }
  else if (!quota_left)
    {
      json_object_set_string_member (o, "unavailable", "quota");
      json_object_set_string_member (o, "unavailable_reason",
                                     "Kuota harian layanan ini sudah habis. Silakan datang lagi besok.");
      json_object_set_string_member (o, "unavailable_reason_en",
                                     "Today's quota for this service is used up. Please come again tomorrow.");
    }
  return o;
}

static gboolean
office_is_open (Context *ctx, char **reason)
{
  if (ctx->office->always_open)
    return TRUE;
  return loket_charter_is_open (ctx->office->charter, ctx->request->now, reason);
}

static JsonArray *
services_to_json (Context *ctx)
{
  GPtrArray *services = loket_charter_get_services (ctx->office->charter);
  g_autofree char *reason = NULL;
  g_autofree char *reason_en = NULL;
  gboolean open = office_is_open (ctx, &reason);
  JsonArray *array = json_array_new ();

  if (!open)
    reason_en = loket_charter_describe_closed (ctx->office->charter, ctx->request->now, "en");
  for (guint i = 0; i < services->len; i++)
    json_array_add_object_element (array, service_to_json (ctx, g_ptr_array_index (services, i),
                                                           open, reason, reason_en));
  return array;
}

/* What a kiosk or board shows and prints about the office itself. */
static void
add_office (Context *ctx, JsonObject *reply)
{
  LoketCharter *charter = ctx->office->charter;
  GPtrArray *groups = loket_charter_get_priority_groups (charter);
  JsonArray *array = json_array_new ();

  json_object_set_string_member (reply, "office", loket_charter_get_office_name (charter));
  loket_json_set_nullable_string (reply, "office_en", loket_charter_get_office_name_en (charter));
  loket_json_set_nullable_string (reply, "address", loket_charter_get_office_address (charter));
  json_object_set_string_member (reply, "time_zone", loket_charter_get_time_zone_id (charter));
  json_object_set_int_member (reply, "recall_limit", loket_charter_get_recall_limit (charter));
  loket_json_set_nullable_string (reply, "status_url", loket_charter_get_status_url (charter));
  loket_json_set_nullable_string (reply, "values", loket_charter_get_values (charter));
  loket_json_set_nullable_string (reply, "values_en", loket_charter_get_values_en (charter));
  for (guint i = 0; i < groups->len; i++)
    {
      const LoketPriorityGroup *group = g_ptr_array_index (groups, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", group->id);
      json_object_set_string_member (o, "name", group->name);
      loket_json_set_nullable_string (o, "name_en", group->name_en);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (reply, "priority_groups", array);
}

static JsonObject *
handle_services (Context *ctx, GError **error)
{
  JsonObject *reply = json_object_new ();

  add_office (ctx, reply);
  json_object_set_string_member (reply, "service_day", ctx->service_day);
  json_object_set_array_member (reply, "services", services_to_json (ctx));
  return reply;
}

static gboolean
check_can_issue (Context *ctx, const LoketServiceDef *service, const char *priority, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *reason = NULL;
  guint issued;

  if (!office_is_open (ctx, &reason))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED, reason);
      return FALSE;
    }
  if (priority != NULL && !loket_service_def_accepts_priority (service, priority))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "service “%s” has no priority queue for “%s”", service->id, priority);
      return FALSE;
    }
  issued = loket_store_count_issued (ctx->office->store, ctx->service_day, service->series, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (service->daily_quota > 0 && issued >= service->daily_quota)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_QUOTA,
                   "the daily quota of %u tickets for %s is used up; please come back "
                   "on the next service day", service->daily_quota, service->name);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
handle_issue (Context *ctx, GError **error)
{
  const char *service_id = body_string (ctx, "service", error);
  const char *priority = body_optional (ctx, "priority");
  const LoketServiceDef *service;
  g_autoptr(LoketTicket) ticket = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *reply;
  guint ahead;

  if (service_id == NULL || (service = require_service (ctx, service_id, error)) == NULL ||
      !check_can_issue (ctx, service, priority, error))
    return NULL;

  ahead = loket_store_count_waiting (ctx->office->store, ctx->service_day, service->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  ticket = loket_ticket_new ();
  ticket->service_day = g_strdup (ctx->service_day);
  ticket->series = g_strdup (service->series);
  ticket->service = g_strdup (service->id);
  ticket->issued_service = g_strdup (service->id);
  ticket->priority = g_strdup (priority);
  ticket->state = LOKET_TICKET_ISSUED;
  ticket->issued_at = ticket->arrival_at = ctx->request->now;
  ticket->device = g_strdup (ctx->request->device);
  if (!loket_store_next_number (ctx->office->store, ctx->service_day, service->series,
                                &ticket->number, error) ||
      !loket_store_insert_ticket (ctx->office->store, ticket, error) ||
      !emit (ctx, "ISSUED", ctx->request->device, ticket, NULL, NULL, NULL, error))
    return NULL;

  reply = reply_with (ctx, ticket, NULL);
  json_object_set_int_member (reply, "people_ahead", ahead);
  json_object_set_int_member (reply, "estimated_wait_minutes",
                              estimate_wait_minutes (ctx, service, ahead));
  json_object_set_int_member (reply, "promised_wait_minutes", service->promised_wait_minutes);
  json_object_set_int_member (reply, "promised_service_minutes", service->promised_service_minutes);
  return reply;
}

/* The ticket named by "ticket": an id (integer) or a label like "A-007". */
static LoketTicket *
require_ticket (Context *ctx, GError **error)
{
  JsonNode *node = json_object_get_member (ctx->request->body, "ticket");

  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    return loket_store_get_ticket (ctx->office->store, json_node_get_int (node), error);
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    return loket_store_find_ticket (ctx->office->store, ctx->service_day,
                                    json_node_get_string (node), error);
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "field \"ticket\" must be a ticket id or a number like A-007");
  return NULL;
}

/* The kiosk's report on printing: the ticket is PRINTED, or PRINT_FAILED
 * with the printer's own words — which also alerts the supervisors. */
static JsonObject *
handle_print (Context *ctx, GError **error)
{
  g_autoptr(LoketTicket) ticket = require_ticket (ctx, error);
  JsonNode *ok_node = json_object_get_member (ctx->request->body, "ok");
  const char *reason = body_optional (ctx, "reason");
  gboolean ok;

  if (ticket == NULL)
    return NULL;
  if (ok_node == NULL || json_node_get_value_type (ok_node) != G_TYPE_BOOLEAN)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, "field \"ok\" must be true or false");
      return NULL;
    }
  ok = json_node_get_boolean (ok_node);
  if (ticket->state == LOKET_TICKET_PRINTED)
    {
      g_autofree char *label = loket_ticket_get_label (ticket);

      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "ticket %s was already reported printed", label);
      return NULL;
    }
  /* A slow printer may finish after a quick clerk has called the ticket:
   * the result is still logged (and a failure still alerts), but the
   * ticket keeps the state it has reached. */
  if (ticket->state == LOKET_TICKET_ISSUED || ticket->state == LOKET_TICKET_PRINT_FAILED)
    ticket->state = ok ? LOKET_TICKET_PRINTED : LOKET_TICKET_PRINT_FAILED;
  if (!save (ctx, ticket, NULL, error) ||
      !emit (ctx, ok ? "PRINTED" : "PRINT_FAILED", ctx->request->device, ticket, NULL,
             ok ? NULL : (reason ? reason : "unknown printer failure"), NULL, error))
    return NULL;
  return reply_with (ctx, ticket, NULL);
}

/* ---- calling and serving ----------------------------------------------- */

static gboolean
check_counter_can_call (const LoketCounterState *counter, GError **error)
{
  if (counter->state == LOKET_COUNTER_PAUSED)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "counter %s is paused (%s); resume first",
                   counter->id, counter->pause_reason ? counter->pause_reason : "no reason");
      return FALSE;
    }
  if (counter->state == LOKET_COUNTER_CLOSED)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "counter %s is closed; log in first",
                   counter->id);
      return FALSE;
    }
  if (counter->current_ticket != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "counter %s is still handling a ticket; finish, transfer or mark it no-show first",
                   counter->id);
      return FALSE;
    }
  return TRUE;
}

/* The heads of the counter's queues, one per service and kind (regular,
 * priority), added to @heads (LoketTicket*): routing never looks further
 * than a queue's head, but it needs each service's own head to weigh
 * services against each other (deadlines, preferences). */
static gboolean
find_heads (Context *ctx, char **services, GPtrArray *heads, GError **error)
{
  for (guint i = 0; services != NULL && services[i] != NULL; i++)
    for (guint kind = 0; kind < 2; kind++)
      {
        g_autoptr(GError) local = NULL;
        LoketTicket *head = loket_store_queue_head (ctx->office->store, ctx->service_day,
                                                    services[i], kind == 1, &local);

        if (local != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local));
            return FALSE;
          }
        if (head != NULL)
          g_ptr_array_add (heads, head);
      }
  return TRUE;
}

/* The routing policy over the heads of a counter's queues (@heads,
 * LoketTicket*): the index of the one to call, or -1 when there are none.
 * It advances @ratio: CALL passes the counter's own, QUEUE a copy it
 * replays.  One place hands the heads to routing, so that the list a
 * clerk sees is the order CALL takes. */
static gint
route_heads (Context *ctx, const LoketCounterDef *def, const LoketCounterState *counter,
             GPtrArray *heads, LoketRatioState *ratio, LoketPickReason *reason)
{
  g_autofree LoketQueueHead *h = g_new0 (LoketQueueHead, MAX (heads->len, 1));
  /* A supervisor's list of services replaces the charter's, ranks too. */
  const char * const *secondary = counter->services == NULL && def != NULL
                                  ? (const char * const *) def->secondary_services : NULL;

  for (guint i = 0; i < heads->len; i++)
    {
      const LoketTicket *t = g_ptr_array_index (heads, i);

      h[i] = (LoketQueueHead) { t->id, t->arrival_at, t->service, t->priority != NULL };
    }
  return loket_routing_choose_head (ctx->office->charter,
                                    loket_charter_get_routing_policy (ctx->office->charter),
                                    secondary, h, heads->len, ctx->request->now, ratio, reason);
}

/* Routing: which waiting ticket this counter calls next, and why. */
static LoketTicket *
choose_next (Context *ctx, const LoketCounterDef *def, LoketCounterState *counter,
             LoketPickReason *reason, GError **error)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_ticket_free);
  gint pick;

  if (!find_heads (ctx, counter_services (def, counter), heads, error))
    return NULL;
  pick = route_heads (ctx, def, counter, heads, &counter->ratio, reason);
  if (pick < 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_EMPTY,
                   "nobody is waiting for the services of counter %s", def->id);
      return NULL;
    }
  return g_ptr_array_steal_index (heads, pick);
}

/* Today's pauses, the one still running included up to now. */
static gint64
pause_today (Context *ctx, const LoketCounterState *counter)
{
  gint64 usec = g_strcmp0 (counter->pause_day, ctx->service_day) == 0 ? counter->pause_total_usec : 0;

  if (counter->state == LOKET_COUNTER_PAUSED && counter->paused_since > 0)
    usec += MAX (ctx->request->now - counter->paused_since, 0);
  return usec;
}

/* Today's figures for one counter, for the clerk's screen: counted by the
 * store, against the charter's promises. */
static JsonObject *
counter_figures (Context *ctx, const LoketCounterState *counter, GError **error)
{
  GPtrArray *services = loket_charter_get_services (ctx->office->charter);
  g_autofree LoketServicePromise *promises = g_new0 (LoketServicePromise, services->len);
  LoketCounterFigures f;
  JsonObject *figures;

  for (guint i = 0; i < services->len; i++)
    {
      const LoketServiceDef *s = g_ptr_array_index (services, i);

      promises[i].service = s->id;
      promises[i].wait_usec = s->promised_wait_minutes * USEC_PER_MINUTE;
      promises[i].service_usec = s->promised_service_minutes * USEC_PER_MINUTE;
    }
  if (!loket_store_counter_figures (ctx->office->store, ctx->service_day, counter->id,
                                    promises, services->len, &f, error))
    return NULL;
  figures = json_object_new ();
  json_object_set_int_member (figures, "called", f.called);
  json_object_set_int_member (figures, "served", f.served);
  json_object_set_int_member (figures, "finished", f.finished);
  json_object_set_int_member (figures, "noshows", f.noshows);
  json_object_set_int_member (figures, "transferred", f.transferred);
  json_object_set_int_member (figures, "mean_service_usec", f.mean_service_usec);
  json_object_set_int_member (figures, "wait_breaches", f.wait_breaches);
  json_object_set_int_member (figures, "service_breaches", f.service_breaches);
  json_object_set_int_member (figures, "pause_usec", pause_today (ctx, counter));
  return figures;
}

/* @waiting (a counter's tickets, by arrival) in the order the routing
 * will call them: the policy replayed on a copy of the counter's rhythm
 * over one queue per service and kind, taking the chosen head off its
 * queue each time. */
static JsonArray *
queue_in_calling_order (Context *ctx, const LoketCounterDef *def, const LoketCounterState *counter,
                        GPtrArray *waiting)
{
  char **services = counter_services (def, counter);
  guint n_queues = 2 * (services ? g_strv_length (services) : 0);
  g_autofree GQueue *queues = g_new0 (GQueue, MAX (n_queues, 1));   /* service × kind */
  g_autoptr(GPtrArray) heads = g_ptr_array_new ();
  g_autoptr(GArray) from = g_array_new (FALSE, FALSE, sizeof (guint));   /* head → queue */
  LoketRatioState ratio = counter->ratio;
  JsonArray *tickets = json_array_new ();
  LoketPickReason reason;

  for (guint i = 0; i < waiting->len; i++)
    {
      LoketTicket *t = g_ptr_array_index (waiting, i);

      for (guint q = 0; q < n_queues; q += 2)
        if (g_str_equal (services[q / 2], t->service))
          {
            g_queue_push_tail (&queues[q + (t->priority != NULL)], t);
            break;
          }
    }
  for (guint position = 1; ; position++)
    {
      LoketTicket *t;
      JsonObject *o;
      gint pick;

      g_ptr_array_set_size (heads, 0);
      g_array_set_size (from, 0);
      for (guint q = 0; q < n_queues; q++)
        if (!g_queue_is_empty (&queues[q]))
          {
            g_ptr_array_add (heads, g_queue_peek_head (&queues[q]));
            g_array_append_val (from, q);
          }
      pick = route_heads (ctx, def, counter, heads, &ratio, &reason);
      if (pick < 0)
        break;
      t = g_queue_pop_head (&queues[g_array_index (from, guint, pick)]);
      o = loket_ticket_to_json (t);
      json_object_set_int_member (o, "position", position);
      json_object_set_int_member (o, "promised_wait_minutes",
                                  promised_wait_usec (ctx, t->service) / USEC_PER_MINUTE);
      json_array_add_object_element (tickets, o);
    }
  for (guint q = 0; q < n_queues; q++)
    g_queue_clear (&queues[q]);
  return tickets;
}

/* The people this counter may call, in the order it will call them (as
 * long as nobody arrives meanwhile), and its day so far. */
static JsonObject *
handle_queue (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = require_counter (ctx, &def, error);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(JsonObject) figures = NULL;
  JsonObject *reply;

  if (counter == NULL)
    return NULL;
  waiting = loket_store_list_waiting_for (ctx->office->store, ctx->service_day,
                                          (const char * const *) counter_services (def, counter), error);
  figures = waiting ? counter_figures (ctx, counter, error) : NULL;
  if (figures == NULL)
    return NULL;
  reply = reply_with (ctx, NULL, counter);
  json_object_set_array_member (reply, "tickets", queue_in_calling_order (ctx, def, counter, waiting));
  json_object_set_object_member (reply, "figures", g_steal_pointer (&figures));
  return reply;
}

/* A clerk may call a specific ticket out of order, but only with a reason,
 * and the event says so: no silent queue-jumping. */
static LoketTicket *
choose_named (Context *ctx, const LoketCounterDef *def, const LoketCounterState *counter,
              GError **error)
{
  g_autoptr(LoketTicket) ticket = NULL;

  if (body_optional (ctx, "reason") == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "calling a ticket out of order needs a reason");
      return NULL;
    }
  ticket = require_ticket (ctx, error);
  if (ticket == NULL)
    return NULL;
  if (!loket_ticket_state_is_waiting (ticket->state) ||
      g_strcmp0 (ticket->service_day, ctx->service_day) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "ticket is %s, not waiting",
                   loket_ticket_state_to_string (ticket->state));
      return NULL;
    }
  if (!counter_serves (def, counter, ticket->service))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_DENIED, "counter %s does not serve %s",
                   def->id, ticket->service);
      return NULL;
    }
  return g_steal_pointer (&ticket);
}

static JsonObject *
handle_call (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = require_counter (ctx, &def, error);
  g_autoptr(LoketTicket) ticket = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  LoketPickReason pick = LOKET_PICK_NONE;
  gboolean named = json_object_has_member (ctx->request->body, "ticket");

  if (counter == NULL || !check_counter_can_call (counter, error))
    return NULL;
  ticket = named ? choose_named (ctx, def, counter, error)
                 : choose_next (ctx, def, counter, &pick, error);
  if (ticket == NULL)
    return NULL;

  ticket->state = LOKET_TICKET_CALLED;
  if (ticket->called_at == 0)
    ticket->called_at = ctx->request->now;
  g_free (ticket->counter);
  ticket->counter = g_strdup (counter->id);
  g_free (ticket->clerk);
  ticket->clerk = g_strdup (counter->clerk);
  counter->current_ticket = ticket->id;

  json_object_set_boolean_member (extra, "out_of_order", named);
  json_object_set_string_member (extra, "routing", named ? "named" : loket_pick_reason_to_string (pick));
  if (!save (ctx, ticket, counter, error) ||
      !emit (ctx, "CALLED", actor_for (ctx, counter), ticket, counter,
             named ? body_optional (ctx, "reason") : NULL, extra, error))
    return NULL;
  return reply_with (ctx, ticket, counter);
}

/* Shared shape of RECALL, START, FINISH, NO_SHOW and TRANSFER: the
 * counter's current ticket must be in one of the states in @from (a bit
 * mask of 1 << state); @step changes ticket and counter, we save and emit. */
typedef gboolean (*TicketStep) (Context *ctx, LoketTicket *ticket, LoketCounterState *counter,
                                GError **error);

#define STATE_BIT(s) (1u << (s))

static JsonObject *
step_current (Context *ctx, const char *doing, guint from, TicketStep step,
              const char *event_type, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = require_counter (ctx, &def, error);
  g_autoptr(LoketTicket) ticket = NULL;

  if (counter == NULL || (ticket = require_current (ctx, counter, doing, error)) == NULL)
    return NULL;
  if ((from & STATE_BIT (ticket->state)) == 0)
    {
      g_autofree char *label = loket_ticket_get_label (ticket);

      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "cannot %s %s while it is %s",
                   doing, label, loket_ticket_state_to_string (ticket->state));
      return NULL;
    }
  if (!step (ctx, ticket, counter, error) ||
      !save (ctx, ticket, counter, error) ||
      !emit (ctx, event_type, actor_for (ctx, counter), ticket, counter,
             body_optional (ctx, "reason"), NULL, error))
    return NULL;
  return reply_with (ctx, ticket, counter);
}

static gboolean
recall_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, GError **error)
{
  ticket->recalls++;
  return TRUE;
}

static gboolean
start_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, GError **error)
{
  ticket->state = LOKET_TICKET_SERVING;
  ticket->started_at = ctx->request->now;
  g_free (ticket->clerk);
  ticket->clerk = g_strdup (counter->clerk);
  return TRUE;
}

static gboolean
finish_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, GError **error)
{
  const char *outcome = body_optional (ctx, "outcome");

  ticket->outcome = LOKET_OUTCOME_SERVED;
  if (outcome != NULL && (!loket_outcome_from_string (outcome, &ticket->outcome) ||
                          ticket->outcome == LOKET_OUTCOME_NONE))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "outcome must be served, incomplete or referred, not “%s”", outcome);
      return FALSE;
    }
  ticket->state = LOKET_TICKET_DONE;
  ticket->finished_at = ctx->request->now;
  counter->current_ticket = 0;
  return TRUE;
}

/* A no-show is only offered after the charter's recall limit: a citizen
 * who stepped out is called again before losing the place. */
static gboolean
noshow_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, GError **error)
{
  guint limit = loket_charter_get_recall_limit (ctx->office->charter);

  if (ticket->recalls < limit)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "recall the ticket first: %u of %u recalls made", ticket->recalls, limit);
      return FALSE;
    }
  ticket->state = LOKET_TICKET_NO_SHOW;
  ticket->finished_at = ctx->request->now;
  counter->current_ticket = 0;
  return TRUE;
}

/* The ticket joins another service's queue at its original arrival time,
 * so the citizen does not queue twice for one visit. */
static gboolean
transfer_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, GError **error)
{
  const char *target = body_string (ctx, "service", error);

  if (target == NULL || require_service (ctx, target, error) == NULL)
    return FALSE;
  if (g_strcmp0 (target, ticket->service) == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "the ticket is already in %s", target);
      return FALSE;
    }
  g_free (ticket->service);
  ticket->service = g_strdup (target);
  ticket->state = LOKET_TICKET_WAITING;
  ticket->started_at = 0;
  ticket->transfers++;
  g_clear_pointer (&ticket->counter, g_free);
  counter->current_ticket = 0;
  return TRUE;
}

static JsonObject *
handle_recall (Context *ctx, GError **error)
{
  return step_current (ctx, "recall", STATE_BIT (LOKET_TICKET_CALLED), recall_step, "RECALLED", error);
}

static JsonObject *
handle_start (Context *ctx, GError **error)
{
  return step_current (ctx, "start", STATE_BIT (LOKET_TICKET_CALLED), start_step, "STARTED", error);
}

static JsonObject *
handle_finish (Context *ctx, GError **error)
{
  return step_current (ctx, "finish", STATE_BIT (LOKET_TICKET_SERVING), finish_step, "FINISHED", error);
}

static JsonObject *
handle_noshow (Context *ctx, GError **error)
{
  return step_current (ctx, "mark as no-show", STATE_BIT (LOKET_TICKET_CALLED), noshow_step,
                       "NO_SHOW", error);
}

static JsonObject *
handle_transfer (Context *ctx, GError **error)
{
  return step_current (ctx, "transfer",
                       STATE_BIT (LOKET_TICKET_CALLED) | STATE_BIT (LOKET_TICKET_SERVING),
                       transfer_step, "TRANSFERRED", error);
}

/* ---- supervisors and counters ------------------------------------------ */

/* Only a supervisor voids, always with a reason; a called ticket is taken
 * off its counter too. */
static JsonObject *
handle_void (Context *ctx, GError **error)
{
  const char *actor = supervisor_actor (ctx, error);
  const char *reason = actor ? body_string (ctx, "reason", error) : NULL;
  g_autoptr(LoketTicket) ticket = NULL;
  g_autoptr(LoketCounterState) counter = NULL;

  if (reason == NULL || (ticket = require_ticket (ctx, error)) == NULL)
    return NULL;
  if (!loket_ticket_state_is_waiting (ticket->state) && ticket->state != LOKET_TICKET_CALLED)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "a %s ticket cannot be voided",
                   loket_ticket_state_to_string (ticket->state));
      return NULL;
    }
  if (ticket->counter != NULL)
    {
      counter = loket_store_get_counter (ctx->office->store, ticket->counter, error);
      if (counter == NULL)
        return NULL;
      if (counter->current_ticket == ticket->id)
        counter->current_ticket = 0;
    }
  ticket->state = LOKET_TICKET_VOID;
  ticket->finished_at = ctx->request->now;
  if (!save (ctx, ticket, counter, error) ||
      !emit (ctx, "VOIDED", actor, ticket, counter, reason, NULL, error))
    return NULL;
  return reply_with (ctx, ticket, counter);
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

static JsonObject *
handle_pause (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  const char *reason = body_string (ctx, "reason", error);
  g_autoptr(LoketCounterState) counter = reason ? require_counter (ctx, &def, error) : NULL;

  if (counter == NULL)
    return NULL;
  if (counter->state != LOKET_COUNTER_OPEN || counter->current_ticket != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   counter->current_ticket ? "counter %s is handling a ticket; finish it first"
                                           : "counter %s is not open", counter->id);
      return NULL;
    }
  counter->state = LOKET_COUNTER_PAUSED;
  g_free (counter->pause_reason);
  counter->pause_reason = g_strdup (reason);
  counter->paused_since = ctx->request->now;
  if (!save (ctx, NULL, counter, error) ||
      !emit (ctx, "PAUSED", actor_for (ctx, counter), NULL, counter, reason, NULL, error))
    return NULL;
  return reply_with (ctx, NULL, counter);
}

static JsonObject *
handle_resume (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = require_counter (ctx, &def, error);
  g_autoptr(JsonObject) extra = json_object_new ();
  gint64 paused;

  if (counter == NULL)
    return NULL;
  if (counter->state != LOKET_COUNTER_PAUSED)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "counter %s is not paused", counter->id);
      return NULL;
    }
  paused = ctx->request->now - counter->paused_since;
  add_pause_time (ctx, counter, paused);
  json_object_set_int_member (extra, "paused_usec", paused);
  json_object_set_string_member (extra, "pause_reason", counter->pause_reason);
  counter->state = LOKET_COUNTER_OPEN;
  g_clear_pointer (&counter->pause_reason, g_free);
  counter->paused_since = 0;
  if (!save (ctx, NULL, counter, error) ||
      !emit (ctx, "RESUMED", actor_for (ctx, counter), NULL, counter, NULL, extra, error))
    return NULL;
  return reply_with (ctx, NULL, counter);
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

/* A supervisor signs in at a supervisor's device (LOGIN without a
 * counter): the key is the authority, the PIN names the person, and every
 * later act of that device is recorded under them. */
static JsonObject *
supervisor_login (Context *ctx, GError **error)
{
  const char *clerk = body_string (ctx, "clerk", error);
  const char *pin = clerk ? body_string (ctx, "pin", error) : NULL;
  g_autofree char *name = pin ? check_pin (ctx, clerk, pin, error) : NULL;
  g_autoptr(JsonObject) extra = NULL;

  if (name == NULL)
    return NULL;
  extra = loket_json_object_new_with ("clerk", clerk, "clerk_name", name, NULL);
  if (!emit (ctx, "SUPERVISOR_IN", clerk, NULL, NULL, NULL, extra, error))
    return NULL;
  g_hash_table_replace (ctx->office->supervisors, g_strdup (ctx->request->device), g_strdup (clerk));
  return loket_json_object_new_with ("clerk", clerk, "clerk_name", name, NULL);
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
  if (!emit (ctx, "SUPERVISOR_OUT", clerk, NULL, NULL, NULL, extra, error))
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

static JsonObject *
handle_login (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = NULL;
  const char *clerk, *pin;
  g_autofree char *name = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();

  if (is_supervisor_sign_in (ctx))
    return supervisor_login (ctx, error);
  counter = require_counter (ctx, &def, error);
  clerk = counter ? body_string (ctx, "clerk", error) : NULL;
  pin = clerk ? body_string (ctx, "pin", error) : NULL;
  name = pin ? check_pin (ctx, clerk, pin, error) : NULL;
  if (name == NULL)
    return NULL;
  /* Another clerk still logged in here is a hand-over: the shift changes
   * without closing the counter, and the event says from whom. */
  loket_json_set_nullable_string (extra, "handover_from",
                                  g_strcmp0 (counter->clerk, clerk) != 0 ? counter->clerk : NULL);
  g_free (counter->clerk);
  counter->clerk = g_strdup (clerk);
  if (counter->state == LOKET_COUNTER_CLOSED)
    counter->state = LOKET_COUNTER_OPEN;
  json_object_set_string_member (extra, "clerk_name", name);
  if (!save (ctx, NULL, counter, error) ||
      !emit (ctx, "LOGGED_IN", clerk, NULL, counter, NULL, extra, error))
    return NULL;
  return reply_with (ctx, NULL, counter);
}

static JsonObject *
handle_logout (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = NULL;
  g_autofree char *actor = NULL;

  if (is_supervisor_sign_in (ctx))
    return supervisor_logout (ctx, error);
  counter = require_counter (ctx, &def, error);
  if (counter == NULL)
    return NULL;
  if (counter->current_ticket != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "counter %s is handling a ticket; finish or transfer it first", counter->id);
      return NULL;
    }
  if (counter->state == LOKET_COUNTER_PAUSED)
    add_pause_time (ctx, counter, ctx->request->now - counter->paused_since);
  actor = g_strdup (actor_for (ctx, counter));
  g_clear_pointer (&counter->clerk, g_free);
  g_clear_pointer (&counter->pause_reason, g_free);
  counter->paused_since = 0;
  counter->state = LOKET_COUNTER_CLOSED;
  if (!save (ctx, NULL, counter, error) ||
      !emit (ctx, "LOGGED_OUT", actor, NULL, counter, NULL, NULL, error))
    return NULL;
  return reply_with (ctx, NULL, counter);
}

/* The audit trail of a change to a clerk (never the PIN), and the reply. */
static JsonObject *
clerk_changed (Context *ctx, const char *event_type, const char *clerk, const char *name,
               GError **error)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  const char *actor = supervisor_actor (ctx, error);
  JsonObject *reply;

  json_object_set_string_member (extra, "clerk", clerk);
  json_object_set_string_member (extra, "clerk_name", name);
  if (actor == NULL || !emit (ctx, event_type, actor, NULL, NULL, NULL, extra, error))
    return NULL;
  reply = json_object_new ();
  json_object_set_string_member (reply, "clerk", clerk);
  return reply;
}

/* Adds a clerk or changes a PIN; without a name only an existing clerk's
 * PIN changes (loketctl clerk passwd), keeping the name. */
static JsonObject *
handle_clerk_set (Context *ctx, GError **error)
{
  const char *clerk = body_string (ctx, "clerk", error);
  const char *pin = clerk ? body_string (ctx, "pin", error) : NULL;
  const char *given = body_optional (ctx, "name");
  g_autofree char *name = NULL;

  if (pin == NULL)
    return NULL;
  if (given == NULL)
    name = loket_store_set_clerk_pin (ctx->office->store, clerk, pin, error);
  else if (loket_store_add_clerk (ctx->office->store, clerk, given, pin, ctx->request->now, error))
    name = g_strdup (given);
  if (name == NULL)
    return NULL;
  return clerk_changed (ctx, "CLERK_SET", clerk, name, error);
}

/* A clerk who leaves; not while logged in somewhere, so that no counter
 * is left acting in the name of someone who no longer exists. */
static JsonObject *
handle_clerk_remove (Context *ctx, GError **error)
{
  const char *clerk = body_string (ctx, "clerk", error);
  g_autoptr(GError) local = NULL;
  g_autofree char *counter = clerk ? loket_store_find_clerk_counter (ctx->office->store, clerk, &local) : NULL;
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
  name = loket_store_remove_clerk (ctx->office->store, clerk, error);
  if (name == NULL)
    return NULL;
  return clerk_changed (ctx, "CLERK_REMOVED", clerk, name, error);
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
      if (require_service (ctx, id, error) == NULL)
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
static JsonObject *
handle_counter_services (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  const char *actor = supervisor_actor (ctx, error);
  g_autoptr(LoketCounterState) counter = actor ? require_counter (ctx, &def, error) : NULL;
  g_auto(GStrv) services = counter ? require_service_list (ctx, error) : NULL;
  g_autoptr(JsonObject) extra = json_object_new ();

  if (services == NULL)
    return NULL;
  json_object_set_array_member (extra, "previous_services", strv_to_json (counter_services (def, counter)));
  json_object_set_array_member (extra, "services", strv_to_json (services));
  g_strfreev (counter->services);
  counter->services = same_services (services, def->services) ? NULL : g_steal_pointer (&services);
  if (!save (ctx, NULL, counter, error) ||
      !emit (ctx, "COUNTER_SERVICES", actor, NULL, counter,
             body_optional (ctx, "reason"), extra, error))
    return NULL;
  return reply_with (ctx, NULL, counter);
}

/* ---- reading the state ------------------------------------------------- */

static JsonArray *
tickets_to_json (GPtrArray *tickets)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; tickets != NULL && i < tickets->len; i++)
    json_array_add_object_element (array, loket_ticket_to_json (g_ptr_array_index (tickets, i)));
  return array;
}

static JsonArray *
counters_to_json (Context *ctx, GError **error)
{
  GPtrArray *defs = loket_charter_get_counters (ctx->office->charter);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < defs->len; i++)
    {
      const LoketCounterDef *def = g_ptr_array_index (defs, i);
      g_autoptr(LoketCounterState) state = loket_store_get_counter (ctx->office->store, def->id, error);

      if (state == NULL)
        return NULL;
      json_array_add_object_element (array, counter_to_json (ctx, state));
    }
  return g_steal_pointer (&array);
}

/* Recent calls with the event that made each one (its seq, type and
 * time): a board that resyncs after missing events announces a call it
 * has not heard of, and only that one. */
static JsonArray *
recent_calls_to_json (LoketStore *store,
                      GPtrArray  *recent,
                      GError    **error)
{
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < recent->len; i++)
    {
      LoketTicket *ticket = g_ptr_array_index (recent, i);
      g_autoptr(LoketEventRow) call = loket_store_last_call_event (store, ticket->id, error);
      JsonObject *o = loket_ticket_to_json (ticket);

      if (call != NULL)
        {
          json_object_set_int_member (o, "call_seq", call->seq);
          json_object_set_string_member (o, "call_type", call->type);
          json_object_set_int_member (o, "call_time", call->time);
        }
      json_array_add_object_element (array, o);
      if (call == NULL && error != NULL && *error != NULL)
        return NULL;
    }
  return g_steal_pointer (&array);
}

/* The Clone pattern's snapshot: the state a subscriber needs, and the seq
 * it is current to.  Built between transactions, so it is consistent. */
static JsonObject *
handle_snapshot (Context *ctx, GError **error)
{
  LoketStore *store = ctx->office->store;
  g_autoptr(GPtrArray) waiting = loket_store_list_waiting (store, ctx->service_day, error);
  g_autoptr(GPtrArray) active = waiting ? loket_store_list_active (store, ctx->service_day, error) : NULL;
  g_autoptr(GPtrArray) recent = active ? loket_store_list_recent_calls (store, ctx->service_day,
                                                                      RECENT_CALLS, error) : NULL;
  g_autoptr(GPtrArray) devices = recent ? loket_store_list_device_status (store, error) : NULL;
  JsonArray *counters = devices ? counters_to_json (ctx, error) : NULL;
  g_autoptr(GError) local_error = NULL;
  JsonArray *device_array;
  JsonArray *calls;
  JsonObject *reply;

  if (counters == NULL)
    return NULL;
  reply = json_object_new ();
  json_object_set_int_member (reply, "seq", loket_store_get_last_seq (store));
  json_object_set_string_member (reply, "service_day", ctx->service_day);
  add_office (ctx, reply);
  json_object_set_array_member (reply, "services", services_to_json (ctx));
  json_object_set_array_member (reply, "counters", counters);
  device_array = json_array_new ();
  for (guint i = 0; i < devices->len; i++)
    json_array_add_object_element (device_array,
                                   loket_device_status_to_json (g_ptr_array_index (devices, i)));
  json_object_set_array_member (reply, "devices", device_array);
  json_object_set_array_member (reply, "waiting", tickets_to_json (waiting));
  json_object_set_array_member (reply, "active", tickets_to_json (active));
  calls = recent_calls_to_json (store, recent, &local_error);
  if (calls == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      json_object_unref (reply);
      return NULL;
    }
  json_object_set_array_member (reply, "recent_calls", calls);
  return reply;
}

static JsonObject *
handle_status (Context *ctx, GError **error)
{
  JsonObject *reply = handle_snapshot (ctx, error);
  g_autofree char *reason = NULL;

  if (reply == NULL)
    return NULL;
  json_object_set_boolean_member (reply, "open", office_is_open (ctx, &reason));
  if (reason != NULL)
    json_object_set_string_member (reply, "closed_reason", reason);
  return reply;
}

/* ---- devices ----------------------------------------------------------- */

/* A device tells how one of its parts is (a kiosk's printer).  Only a
 * change is an event: a kiosk repeats its state every minute, and the log
 * should hold when a printer ran out of paper, not that it still has. */
static JsonObject *
handle_device_status (Context *ctx, GError **error)
{
  static const char * const states[] = { "ok", "warning", "error", NULL };
  g_autoptr(LoketDeviceStatus) status = g_new0 (LoketDeviceStatus, 1);
  const char *component = body_string (ctx, "component", error);
  const char *state = component ? body_string (ctx, "state", error) : NULL;
  const char *detail = body_optional (ctx, "reason");
  gboolean changed = FALSE;
  JsonObject *reply;

  if (state == NULL)
    return NULL;
  if (!g_strv_contains (states, state))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "field \"state\" must be ok, warning or error, not “%s”", state);
      return NULL;
    }
  if (strlen (component) > 32 || strlen (detail ? detail : "") > 256)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "\"component\" is limited to 32 bytes and \"reason\" to 256");
      return NULL;
    }
  status->device = g_strdup (ctx->request->device);
  status->component = g_strdup (component);
  status->state = g_strdup (state);
  status->detail = g_strdup (detail);
  if (!loket_store_put_device_status (ctx->office->store, status, ctx->request->now,
                                      &changed, error))
    return NULL;
  if (changed)
    {
      g_autoptr(JsonObject) extra = json_object_new ();

      json_object_set_object_member (extra, "device_status", loket_device_status_to_json (status));
      json_object_set_boolean_member (extra, "alert", !g_str_equal (state, "ok"));
      if (!emit (ctx, "DEVICE_STATUS", ctx->request->device, NULL, NULL, detail, extra, error))
        return NULL;
    }
  reply = json_object_new ();
  json_object_set_object_member (reply, "device_status", loket_device_status_to_json (status));
  json_object_set_boolean_member (reply, "changed", changed);
  return reply;
}

/* ---- dispatch ---------------------------------------------------------- */

#define STAFF (LOKET_ROLE_COUNTER | LOKET_ROLE_SUPERVISOR)

static const struct {
  const char *type;
  Handler     handler;
  LoketRole   roles;
  gboolean    read_only;
} handlers[] = {
  { "SERVICES",  handle_services,  LOKET_ROLE_ANY, TRUE },
  { "SNAPSHOT",  handle_snapshot,  LOKET_ROLE_ANY, TRUE },
  { "STATUS",    handle_status,    LOKET_ROLE_ANY, TRUE },
  { "ISSUE",     handle_issue,     LOKET_ROLE_KIOSK | LOKET_ROLE_SUPERVISOR, FALSE },
  { "PRINT",     handle_print,     LOKET_ROLE_KIOSK | LOKET_ROLE_SUPERVISOR, FALSE },
  { "CALL",      handle_call,      STAFF, FALSE },
  { "RECALL",    handle_recall,    STAFF, FALSE },
  { "START",     handle_start,     STAFF, FALSE },
  { "FINISH",    handle_finish,    STAFF, FALSE },
  { "NOSHOW",    handle_noshow,    STAFF, FALSE },
  { "TRANSFER",  handle_transfer,  STAFF, FALSE },
  { "PAUSE",     handle_pause,     STAFF, FALSE },
  { "RESUME",    handle_resume,    STAFF, FALSE },
  { "QUEUE",     handle_queue,     STAFF, TRUE },
  { "LOGIN",     handle_login,     STAFF, FALSE },
  { "LOGOUT",    handle_logout,    STAFF, FALSE },
  { "VOID",      handle_void,      LOKET_ROLE_SUPERVISOR, FALSE },
  { "CLERK_SET", handle_clerk_set, LOKET_ROLE_SUPERVISOR, FALSE },
  { "CLERK_REMOVE", handle_clerk_remove, LOKET_ROLE_SUPERVISOR, FALSE },
  { "COUNTER_SERVICES", handle_counter_services, LOKET_ROLE_SUPERVISOR, FALSE },
  { "DEVICE_STATUS", handle_device_status, LOKET_ROLE_ANY, FALSE },
};

static gint
find_handler (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    if (g_strcmp0 (handlers[i].type, type) == 0)
      return (gint) i;
  return -1;
}

LoketRole
loket_office_allowed_roles (const char *type)
{
  gint i = find_handler (type);

  return i < 0 ? LOKET_ROLE_NONE : handlers[i].roles;
}

gboolean
loket_office_is_read_only (const char *type)
{
  gint i = find_handler (type);

  return i >= 0 && handlers[i].read_only;
}

JsonObject *
loket_office_handle (LoketOffice        *self,
                     const LoketRequest *request,
                     GPtrArray          *events,
                     GError            **error)
{
  Context ctx = { self, request, events, NULL };
  gint i = find_handler (request->type);
  JsonObject *reply;

  if (i < 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_UNKNOWN_TYPE, "unknown request type %s", request->type);
      return NULL;
    }
  if ((handlers[i].roles & request->role) == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_DENIED, "a %s may not send %s",
                   loket_role_to_string (request->role), request->type);
      return NULL;
    }
  ctx.service_day = loket_charter_service_day (self->charter, request->now);
  reply = handlers[i].handler (&ctx, error);
  g_free (ctx.service_day);
  return reply;
}
