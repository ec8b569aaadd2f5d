/* loket-office-estimate.c — the estimated wait that a kiosk shows and a
 * ticket prints, from the office as it stands: the counters that can
 * call (signed in, not paused; a busy one free when its citizen's
 * service should end), the first tickets of every queue and their
 * lengths, and each service's mean and spread of today's service times
 * (the charter's promise, with a spread as wide as itself, until a few
 * were served).  The replay is loket-estimate.c's, the one the simulator
 * measures.  Read once per request: SERVICES estimates every service
 * from the same reading.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-life-cycle.h"

/* Fewer finished services than this, and today's mean says little. */
#define SERVICES_TO_TRUST 5
/* How long today's service times are taken as read. */
#define SERVICE_TIMES_FRESH (60 * G_USEC_PER_SEC)

struct _OfficeEstimate {
  GPtrArray *states;     /* LoketCounterState*, owning what counters point into */
  GArray    *counters;   /* LoketEstimateCounter */
  GArray    *queues;     /* LoketEstimateQueue, service × kind in the charter's order */
  GPtrArray *heads;      /* GArray<LoketQueueHead>, one per queue, owning `first` */
};

void
office_service_times_free (OfficeServiceTimes *times)
{
  if (times == NULL)
    return;
  g_free (times->service_day);
  g_free (times);
}

void
office_estimate_free (OfficeEstimate *e)
{
  if (e == NULL)
    return;
  g_ptr_array_unref (e->states);
  g_array_unref (e->counters);
  g_array_unref (e->queues);
  g_ptr_array_unref (e->heads);
  g_free (e);
}

static gboolean
read_service_times (Context *ctx, const LoketServiceDef *s, gint64 *mean, gint64 *sd, GError **error)
{
  OfficeServiceTimes *times = g_hash_table_lookup (ctx->office->service_times, s->id);
  gint64 now = ctx->request->now;

  if (times == NULL || g_strcmp0 (times->service_day, ctx->service_day) != 0 ||
      now - times->read_at >= SERVICE_TIMES_FRESH || now < times->read_at)
    {
      OfficeServiceTimes fresh = { NULL, now, 0, 0, 0 };

      if (!loket_store_service_times (ctx->office->store, ctx->service_day, s->id, &fresh.n,
                                      &fresh.mean_usec, &fresh.sd_usec, error))
        return FALSE;
      fresh.service_day = g_strdup (ctx->service_day);
      times = g_memdup2 (&fresh, sizeof fresh);
      g_hash_table_replace (ctx->office->service_times, g_strdup (s->id), times);
    }
  *mean = times->mean_usec;
  *sd = times->sd_usec;
  if (times->n < SERVICES_TO_TRUST || *mean <= 0)
    *mean = *sd = s->promised_service_minutes * USEC_PER_MINUTE;
  return TRUE;
}

/* Each service's two queues: their lengths (kept by the store's
 * triggers), and the first tickets of those that are not empty. */
static gboolean
read_queues (Context *ctx, OfficeEstimate *e, GError **error)
{
  GPtrArray *services = loket_charter_get_services (ctx->office->charter);

  for (guint i = 0; i < services->len; i++)
    {
      const LoketServiceDef *s = g_ptr_array_index (services, i);
      guint lengths[2];
      gint64 mean, sd;

      if (!loket_store_count_waiting_by_kind (ctx->office->store, ctx->service_day, s->id,
                                              &lengths[0], &lengths[1], error) ||
          !read_service_times (ctx, s, &mean, &sd, error))
        return FALSE;
      for (guint kind = 0; kind < 2; kind++)
        {
          GArray *heads = g_array_new (FALSE, FALSE, sizeof (LoketQueueHead));
          LoketEstimateQueue q = { s->id, kind == 1, NULL, 0, lengths[kind], mean, sd };

          g_ptr_array_add (e->heads, heads);
          if (lengths[kind] > 0 &&
              !loket_store_queue_first (ctx->office->store, ctx->service_day, s->id, kind == 1,
                                        LOKET_ESTIMATE_QUEUE_DEPTH, heads, error))
            return FALSE;
          for (guint h = 0; h < heads->len; h++)
            g_array_index (heads, LoketQueueHead, h).service = s->id;
          q.first = (const LoketQueueHead *) heads->data;
          q.n_first = MIN (heads->len, q.length);
          g_array_append_val (e->queues, q);
        }
    }
  return TRUE;
}

/* When a busy counter is free: its citizen's service (or, if not started,
 * the call) plus that service's mean time, or now if that has passed. */
static gboolean
free_at (Context *ctx, const OfficeEstimate *e, const LoketCounterState *state, gint64 *at,
         GError **error)
{
  g_autoptr(LoketTicket) t = NULL;

  *at = ctx->request->now;
  if (state->current_ticket == 0)
    return TRUE;
  if ((t = loket_store_get_ticket (ctx->office->store, state->current_ticket, error)) == NULL)
    return FALSE;
  for (guint q = 0; q < e->queues->len; q += 2)
    {
      const LoketEstimateQueue *queue = &g_array_index (e->queues, LoketEstimateQueue, q);

      if (g_str_equal (queue->service, t->service))
        *at = MAX (*at, (t->started_at ? t->started_at : t->called_at) + queue->mean_usec);
    }
  return TRUE;
}

static gboolean
read_counters (Context *ctx, OfficeEstimate *e, GError **error)
{
  GPtrArray *defs = loket_charter_get_counters (ctx->office->charter);

  for (guint i = 0; i < defs->len; i++)
    {
      const LoketCounterDef *def = g_ptr_array_index (defs, i);
      LoketCounterState *state = loket_store_get_counter (ctx->office->store, def->id, error);
      LoketCounterPhase phase;
      LoketEstimateCounter c;

      if (state == NULL)
        return FALSE;
      g_ptr_array_add (e->states, state);
      phase = loket_counter_phase (state);
      if (phase != LOKET_COUNTER_PHASE_OPEN && phase != LOKET_COUNTER_PHASE_BUSY)
        continue;
      c = (LoketEstimateCounter) {
        (const char * const *) office_counter_services (def, state),
        /* As CALL routes: a supervisor's list replaces the charter's, ranks too. */
        state->services == NULL ? (const char * const *) def->secondary_services : NULL,
        state->ratio, 0
      };
      if (!free_at (ctx, e, state, &c.free_at, error))
        return FALSE;
      g_array_append_val (e->counters, c);
    }
  return TRUE;
}

OfficeEstimate *
office_estimate_read (Context *ctx, GError **error)
{
  g_autoptr(OfficeEstimate) e = g_new0 (OfficeEstimate, 1);

  e->states = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_counter_state_free);
  e->counters = g_array_new (FALSE, FALSE, sizeof (LoketEstimateCounter));
  e->queues = g_array_new (FALSE, FALSE, sizeof (LoketEstimateQueue));
  e->heads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  if (!read_queues (ctx, e, error) || !read_counters (ctx, e, error))
    return NULL;
  return g_steal_pointer (&e);
}

/* The citizen at @position of @service's queue of that kind.  With no counter open for the service, the wait as
 * if one counter that serves only it opened now: the kiosk still gives a
 * figure, and says no more than the queue and the mean time say. */
void
office_estimate_for (Context *ctx, OfficeEstimate *e, const char *service, gboolean priority,
                     guint position, LoketEstimate *estimate)
{
  const char *only[] = { service, NULL };
  LoketEstimateCounter alone = { only, NULL, { 0 }, ctx->request->now };
  guint target = 0;

  for (guint q = 0; q < e->queues->len; q++)
    {
      const LoketEstimateQueue *queue = &g_array_index (e->queues, LoketEstimateQueue, q);

      if (g_str_equal (queue->service, service) && queue->priority == priority)
        target = q;
    }
  if (position == OFFICE_ESTIMATE_JOINING)
    position = g_array_index (e->queues, LoketEstimateQueue, target).length + 1;
  else if (position == OFFICE_ESTIMATE_LAST)
    position = MAX (g_array_index (e->queues, LoketEstimateQueue, target).length, 1);
  if (!loket_estimate_call (ctx->office->charter, loket_charter_get_routing_policy (ctx->office->charter),
                            (const LoketEstimateCounter *) e->counters->data, e->counters->len,
                            (const LoketEstimateQueue *) e->queues->data, e->queues->len,
                            target, position, ctx->request->now, estimate))
    loket_estimate_call (ctx->office->charter, loket_charter_get_routing_policy (ctx->office->charter),
                         &alone, 1, (const LoketEstimateQueue *) e->queues->data, e->queues->len,
                         target, position, ctx->request->now, estimate);
}

/* On the wire: the wait within which nine in ten are called, in whole
 * minutes, and where the spread is wide, the range's lower end too. */
void
office_estimate_to_json (const LoketEstimate *estimate, JsonObject *o)
{
  json_object_set_int_member (o, "estimated_wait_minutes", loket_estimate_minutes (estimate->high));
  if (loket_estimate_is_wide (estimate))
    json_object_set_int_member (o, "estimated_wait_from_minutes", estimate->low / USEC_PER_MINUTE);
}
