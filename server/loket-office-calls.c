/* loket-office-calls.c — a counter calls, recalls, serves, finishes,
 * marks absent and transfers; the routing decides who is called next, and
 * the QUEUE listing replays the same routing so that a clerk sees the
 * order the calls will take.  An out-of-order call needs a reason, and the
 * CALLED event says so: no silent queue-jumping.  Which states each act
 * leaves and enters is the life-cycle tables' business
 * (common/office/loket-life-cycle.c); what is checked here is what the
 * tables cannot know: the service day, the counter's services, the
 * charter's recall limit.
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

/* ---- calling and serving ----------------------------------------------- */

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

/* A waiting ticket as routing sees it: by its own promise (the one it
 * was issued under), or its service's for a ticket from before promises
 * were kept. */
static LoketQueueHead
queue_head_of (const LoketTicket *t)
{
  return (LoketQueueHead) { t->id, t->arrival_at, t->service, t->priority != NULL,
                            t->charter_version > 0 ? t->promised_wait_minutes : 0 };
}

/* What a counter calls beside its own services: a supervisor's list of
 * services replaces the charter's, ranks too. */
static const char * const *
secondary_services (const LoketCounterDef *def, const LoketCounterState *counter)
{
  return counter->services == NULL && def != NULL ? (const char * const *) def->secondary_services : NULL;
}

/* The routing policy over the heads of a counter's queues (@heads,
 * LoketTicket*): the index of the one to call, or -1 when there are none.
 * It advances @ratio, the counter's own. */
static gint
route_heads (Context *ctx, const LoketCounterDef *def, const LoketCounterState *counter,
             GPtrArray *heads, LoketRatioState *ratio, LoketPickReason *reason)
{
  g_autofree LoketQueueHead *h = g_new0 (LoketQueueHead, MAX (heads->len, 1));

  for (guint i = 0; i < heads->len; i++)
    h[i] = queue_head_of (g_ptr_array_index (heads, i));
  return loket_routing_choose_head (ctx->office->charter,
                                    loket_charter_get_routing_policy (ctx->office->charter),
                                    secondary_services (def, counter), h, heads->len, ctx->request->now,
                                    ratio, reason);
}

/* Routing: which waiting ticket this counter calls next, and why. */
static LoketTicket *
choose_next (Context *ctx, const LoketCounterDef *def, LoketCounterState *counter,
             LoketPickReason *reason, GError **error)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_ticket_free);
  gint pick;

  if (!find_heads (ctx, office_counter_services (def, counter), heads, error))
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

  if (loket_counter_phase (counter) == LOKET_COUNTER_PHASE_PAUSED && counter->paused_since > 0)
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

/* One ticket of the QUEUE listing, as loket_ticket_to_json() shows it
 * (its own promise, or its service's for a ticket without one) with its
 * place, written as text (see loket_office_handle_split()). */
static void
append_queued_ticket (Context *ctx, const LoketTicket *t, guint position, GString *out)
{
  LoketTicket shown = *t;   /* borrows t's strings */

  office_fill_promise (ctx, &shown);
  g_string_append_c (out, '{');
  loket_ticket_append_json_members (&shown, out);
  g_string_append (out, ",\"position\":");
  loket_json_append_int (out, position);
  g_string_append_c (out, '}');
}

/* @waiting (a counter's tickets, by arrival) in the order the routing
 * will call them, appended to @out as a JSON array: the routing replayed
 * (loket_replay_next (), the replay the estimated wait uses) over one
 * queue per service and kind, with this counter alone and its rhythm.
 * Its calls are taken as made one after another now (no service time
 * between them), which is the order CALL takes as long as nobody
 * arrives: a deadline that falls due meanwhile is the next QUEUE's.
 * Each call costs the routing of a handful of heads, so the whole is
 * linear in the queue. */
static void
append_queue_in_calling_order (Context *ctx, const LoketCounterDef *def, const LoketCounterState *counter,
                               GPtrArray *waiting, GString *out)
{
  char **services = office_counter_services (def, counter);
  guint n_queues = 2 * (services ? g_strv_length (services) : 0);   /* service × kind */
  g_autofree LoketEstimateQueue *queues = g_new0 (LoketEstimateQueue, MAX (n_queues, 1));
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  LoketEstimateCounter alone = { (const char * const *) services, secondary_services (def, counter),
                                 counter->ratio, ctx->request->now };
  g_autoptr(LoketReplay) replay = NULL;
  LoketReplayCall call;

  for (guint q = 0; q < n_queues; q++)
    {
      g_ptr_array_add (heads, g_array_new (FALSE, FALSE, sizeof (LoketQueueHead)));
      g_ptr_array_add (tickets, g_ptr_array_new ());
    }
  for (guint i = 0; i < waiting->len; i++)
    {
      LoketTicket *t = g_ptr_array_index (waiting, i);
      LoketQueueHead head = queue_head_of (t);

      for (guint q = 0; q < n_queues; q += 2)
        if (g_str_equal (services[q / 2], t->service))
          {
            g_array_append_val (g_ptr_array_index (heads, q + (t->priority != NULL)), head);
            g_ptr_array_add (g_ptr_array_index (tickets, q + (t->priority != NULL)), t);
            break;
          }
    }
  for (guint q = 0; q < n_queues; q++)
    {
      GArray *h = g_ptr_array_index (heads, q);

      queues[q] = (LoketEstimateQueue) { services[q / 2], q % 2 == 1, (const LoketQueueHead *) h->data,
                                         h->len, h->len, 0, 0 };
    }
  replay = loket_replay_new (ctx->office->charter, loket_charter_get_routing_policy (ctx->office->charter),
                             &alone, 1, queues, n_queues, ctx->request->now);
  g_string_append_c (out, '[');
  for (guint position = 1; loket_replay_next (replay, &call); position++)
    {
      GPtrArray *queue = g_ptr_array_index (tickets, call.queue);

      if (position > 1)
        g_string_append_c (out, ',');
      append_queued_ticket (ctx, g_ptr_array_index (queue, call.index), position, out);
    }
  g_string_append_c (out, ']');
}

/* The people this counter may call, in the order it will call them (as
 * long as nobody arrives meanwhile), and its day so far.  The list, as
 * long as the queue, is written as text ("tickets", in ctx->raw). */
JsonObject *
office_handle_queue (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = office_require_counter (ctx, &def, error);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(JsonObject) figures = NULL;
  JsonObject *reply;

  if (counter == NULL)
    return NULL;
  waiting = loket_store_list_waiting_for (ctx->office->store, ctx->service_day,
                                          (const char * const *) office_counter_services (def, counter), error);
  figures = waiting ? counter_figures (ctx, counter, error) : NULL;
  if (figures == NULL)
    return NULL;
  reply = office_reply_with (ctx, NULL, counter);
  json_object_set_object_member (reply, "figures", g_steal_pointer (&figures));
  g_string_append (ctx->raw, "\"tickets\":");
  append_queue_in_calling_order (ctx, def, counter, waiting, ctx->raw);
  return reply;
}

/* A clerk may call a specific ticket out of order, but only with a reason,
 * and the event says so: no silent queue-jumping. */
static LoketTicket *
choose_named (Context *ctx, const LoketCounterDef *def, const LoketCounterState *counter,
              GError **error)
{
  g_autoptr(LoketTicket) ticket = NULL;

  if (office_body_optional (ctx, "reason") == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "calling a ticket out of order needs a reason");
      return NULL;
    }
  ticket = office_require_ticket (ctx, error);
  if (ticket == NULL)
    return NULL;
  if (g_strcmp0 (ticket->service_day, ctx->service_day) != 0)
    {
      g_autofree char *label = loket_ticket_get_label (ticket);

      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "ticket %s is of service day %s; only today's tickets can be called",
                   label, ticket->service_day);
      return NULL;
    }
  if (!office_counter_serves (def, counter, ticket->service))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE, "counter %s does not serve %s",
                   def->id, ticket->service);
      return NULL;
    }
  return g_steal_pointer (&ticket);
}

JsonObject *
office_handle_call (Context *ctx, GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = office_require_counter (ctx, &def, error);
  g_autoptr(LoketTicket) ticket = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  LoketPickReason pick = LOKET_PICK_NONE;
  gboolean named = json_object_has_member (ctx->request->body, "ticket");
  const LoketTicketTransition *row;

  if (counter == NULL || loket_counter_life_apply (counter, LOKET_COUNTER_ACT_CALL, error) == NULL)
    return NULL;
  ticket = named ? choose_named (ctx, def, counter, error)
                 : choose_next (ctx, def, counter, &pick, error);
  if (ticket == NULL || (row = loket_ticket_life_apply (ticket, LOKET_TICKET_ACT_CALL, error)) == NULL)
    return NULL;

  if (ticket->called_at == 0)
    ticket->called_at = ctx->request->now;
  g_free (ticket->counter);
  ticket->counter = g_strdup (counter->id);
  g_free (ticket->clerk);
  ticket->clerk = g_strdup (counter->clerk);
  counter->current_ticket = ticket->id;

  json_object_set_boolean_member (extra, "out_of_order", named);
  json_object_set_string_member (extra, "routing", named ? "named" : loket_pick_reason_to_string (pick));
  if (!office_save (ctx, ticket, counter, error) ||
      !office_emit (ctx, row->event, office_actor_for (ctx, counter), ticket, counter,
             named ? office_body_optional (ctx, "reason") : NULL, extra, error))
    return NULL;
  return office_reply_with (ctx, ticket, counter);
}

/* Shared shape of RECALL, START, FINISH, NO_SHOW, TRANSFER and
 * PRIORITY_REFUSE: the act is applied to the counter and to the ticket it
 * holds, each by its table; @step adds what the tables do not (times,
 * recalls, the target service, the event's own fields in @extra) and may
 * still refuse; we save and emit the ticket's event. */
typedef gboolean (*TicketStep) (Context *ctx, LoketTicket *ticket, LoketCounterState *counter,
                                JsonObject *extra, GError **error);

static JsonObject *
step_current (Context *ctx, LoketCounterAct counter_act, LoketTicketAct ticket_act, TicketStep step,
              GError **error)
{
  const LoketCounterDef *def = NULL;
  g_autoptr(LoketCounterState) counter = office_require_counter (ctx, &def, error);
  g_autoptr(LoketTicket) ticket = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  const LoketTicketTransition *row = NULL;
  gint64 held;

  if (counter == NULL)
    return NULL;
  held = counter->current_ticket;
  if (loket_counter_life_apply (counter, counter_act, error) == NULL ||
      (ticket = loket_store_get_ticket (ctx->office->store, held, error)) == NULL ||
      (row = loket_ticket_life_apply (ticket, ticket_act, error)) == NULL ||
      !step (ctx, ticket, counter, extra, error) ||
      !office_save (ctx, ticket, counter, error) ||
      !office_emit (ctx, row->event, office_actor_for (ctx, counter), ticket, counter,
             office_body_optional (ctx, "reason"), extra, error))
    return NULL;
  return office_reply_with (ctx, ticket, counter);
}

static gboolean
recall_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, JsonObject *extra,
              GError **error)
{
  ticket->recalls++;
  return TRUE;
}

static gboolean
start_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, JsonObject *extra,
              GError **error)
{
  ticket->started_at = ctx->request->now;
  g_free (ticket->clerk);
  ticket->clerk = g_strdup (counter->clerk);
  return TRUE;
}

static gboolean
finish_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, JsonObject *extra,
              GError **error)
{
  const char *outcome = office_body_optional (ctx, "outcome");

  ticket->outcome = LOKET_OUTCOME_SERVED;
  if (outcome != NULL && (!loket_outcome_from_string (outcome, &ticket->outcome) ||
                          ticket->outcome == LOKET_OUTCOME_NONE))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "outcome must be served, incomplete or referred, not “%s”", outcome);
      return FALSE;
    }
  ticket->finished_at = ctx->request->now;
  return TRUE;
}

/* A no-show is only offered after the charter's recall limit: a citizen
 * who stepped out is called again before losing the place. */
static gboolean
noshow_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, JsonObject *extra,
              GError **error)
{
  guint limit = loket_charter_get_recall_limit (ctx->office->charter);

  if (ticket->recalls < limit)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "recall the ticket first: %u of %u recalls made", ticket->recalls, limit);
      return FALSE;
    }
  ticket->finished_at = ctx->request->now;
  return TRUE;
}

/* The ticket joins another service's queue at its original arrival time,
 * so the citizen does not queue twice for one visit. */
static gboolean
transfer_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, JsonObject *extra,
              GError **error)
{
  const char *target = office_body_string (ctx, "service", error);

  if (target == NULL || office_require_service (ctx, target, error) == NULL)
    return FALSE;
  if (g_strcmp0 (target, ticket->service) == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "the ticket is already in %s", target);
      return FALSE;
    }
  g_free (ticket->service);
  ticket->service = g_strdup (target);
  ticket->started_at = 0;
  ticket->transfers++;
  g_clear_pointer (&ticket->counter, g_free);
  return TRUE;
}

JsonObject *
office_handle_recall (Context *ctx, GError **error)
{
  return step_current (ctx, LOKET_COUNTER_ACT_RECALL, LOKET_TICKET_ACT_RECALL, recall_step, error);
}

JsonObject *
office_handle_start (Context *ctx, GError **error)
{
  return step_current (ctx, LOKET_COUNTER_ACT_START, LOKET_TICKET_ACT_START, start_step, error);
}

JsonObject *
office_handle_finish (Context *ctx, GError **error)
{
  return step_current (ctx, LOKET_COUNTER_ACT_FINISH, LOKET_TICKET_ACT_FINISH, finish_step, error);
}

JsonObject *
office_handle_noshow (Context *ctx, GError **error)
{
  return step_current (ctx, LOKET_COUNTER_ACT_NO_SHOW, LOKET_TICKET_ACT_NO_SHOW, noshow_step, error);
}

JsonObject *
office_handle_transfer (Context *ctx, GError **error)
{
  return step_current (ctx, LOKET_COUNTER_ACT_TRANSFER, LOKET_TICKET_ACT_TRANSFER, transfer_step, error);
}

/* UU 25/2009: priority facilities are for those entitled to them.  The
 * clerk who finds a claim not entitled says so, with a reason: the ticket
 * goes on as a regular one (a later transfer queues it as regular), the
 * claim refused is in the event, and the reports count it per kiosk. */
static gboolean
refuse_priority_step (Context *ctx, LoketTicket *ticket, LoketCounterState *counter, JsonObject *extra,
                      GError **error)
{
  if (ticket->priority == NULL)
    {
      g_autofree char *label = loket_ticket_get_label (ticket);

      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "ticket %s claims no priority; there is nothing to refuse", label);
      return FALSE;
    }
  json_object_set_string_member (extra, "priority", ticket->priority);
  g_clear_pointer (&ticket->priority, g_free);
  return TRUE;
}

JsonObject *
office_handle_priority_refuse (Context *ctx, GError **error)
{
  return step_current (ctx, LOKET_COUNTER_ACT_REFUSE_PRIORITY, LOKET_TICKET_ACT_REFUSE_PRIORITY,
                       refuse_priority_step, error);
}
