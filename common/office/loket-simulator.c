/* loket-simulator.c — the simulated office; see loket-simulator.h.
 *
 * The days are drawn first (arrivals, services, priority, service times),
 * then replayed under each policy.  Replaying is an event loop with two
 * kinds of events, an arrival and a counter finishing; at each one every
 * idle counter, in order, asks the routing for its next ticket.  A counter
 * never pauses, a citizen never leaves, and counters work until the last
 * ticket of the day is served.  Reading arrivals (CSV and profiles) is in
 * loket-simulator-arrivals.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-simulator"

#include "loket-simulator-private.h"
#include "loket-erlang.h"
#include "loket-error.h"
#include "loket-estimate.h"
#include "loket-routing.h"

#include <math.h>

struct _SimCounter {
  char           **services;    /* borrowed: the charter's, or self->all_services */
  guint           *index;       /* of each of @services in the charter */
  char           **secondary;   /* borrowed, or NULL */
  LoketRatioState  ratio;
  gint64           busy_until;  /* -1: idle */
};

G_DEFINE_FINAL_TYPE (LoketSimulation, loket_simulation, G_TYPE_OBJECT)

static void
loket_simulation_finalize (GObject *object)
{
  LoketSimulation *self = LOKET_SIMULATION (object);

  g_clear_object (&self->charter);
  g_clear_pointer (&self->all_services, g_strfreev);
  for (guint i = 0; self->counters != NULL && i < self->n_counters; i++)
    g_free (self->counters[i].index);
  g_clear_pointer (&self->counters, g_free);
  g_clear_pointer (&self->source_days, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  G_OBJECT_CLASS (loket_simulation_parent_class)->finalize (object);
}

static void
loket_simulation_class_init (LoketSimulationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_simulation_finalize;
}

static void
loket_simulation_init (LoketSimulation *self)
{
}

/* The charter has checked that every counter's services exist. */
static guint
service_index (LoketSimulation *self, const char *id)
{
  GPtrArray *services = loket_charter_get_services (self->charter);

  for (guint i = 0; i < services->len; i++)
    if (g_str_equal (((LoketServiceDef *) g_ptr_array_index (services, i))->id, id))
      return i;
  g_return_val_if_reached (0);
}

/* The counters: the charter's own, or N of which those beyond the
 * charter's serve everything (so --counters 8 on a 5-counter charter adds
 * three all-round counters). */
static void
set_up_counters (LoketSimulation *self, guint n)
{
  GPtrArray *defs = loket_charter_get_counters (self->charter);
  GPtrArray *services = loket_charter_get_services (self->charter);
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();

  for (guint i = 0; i < services->len; i++)
    g_strv_builder_add (all, ((LoketServiceDef *) g_ptr_array_index (services, i))->id);
  self->all_services = g_strv_builder_end (all);
  self->n_counters = n ? n : defs->len;
  self->counters = g_new0 (SimCounter, self->n_counters);
  for (guint i = 0; i < self->n_counters; i++)
    {
      const LoketCounterDef *def = i < defs->len ? g_ptr_array_index (defs, i) : NULL;

      SimCounter *c = &self->counters[i];

      c->services = def ? def->services : self->all_services;
      c->secondary = def ? def->secondary_services : NULL;
      c->index = g_new0 (guint, g_strv_length (c->services));
      for (guint j = 0; c->services[j] != NULL; j++)
        c->index[j] = service_index (self, c->services[j]);
    }
}

LoketSimulation *
loket_simulation_new (LoketCharter *charter,
                      guint         counters,
                      guint         days,
                      guint32       seed,
                      GError      **error)
{
  g_autoptr(LoketSimulation) self = NULL;

  if (days == 0 || days > 10000 || counters > 1000)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "simulate 1 to 10000 days with at most 1000 counters (got %u days, %u counters)",
                   days, counters);
      return NULL;
    }
  self = g_object_new (LOKET_TYPE_SIMULATION, NULL);
  self->charter = g_object_ref (charter);
  self->n_days = days;
  self->seed = seed;
  set_up_counters (self, counters);
  return g_steal_pointer (&self);
}

guint
loket_simulation_get_counters (LoketSimulation *self)
{
  return self->n_counters;
}

const LoketServiceDef *
loket_simulation_service (LoketSimulation *self,
                          guint            index)
{
  return g_ptr_array_index (loket_charter_get_services (self->charter), index);
}

/* ---- one day under one policy -------------------------------------------- */

/* The waits of one policy, gathered over the days. */
typedef struct {
  GArray *waits;            /* gint64 µs, every ticket */
  guint   within;
  guint   within_estimate;
  guint   ranges;           /* tickets that showed a range */
  guint   priority_n;
  double  priority_sum;     /* µs */
  double  regular_sum;
} Tally;

/* One queue per service and kind: service index × 2 + (priority ? 1 : 0). */
typedef struct {
  GQueue *queues;
  guint   n_queues;
} Line;

static void
tally_call (LoketSimulation *self, Tally *tally, const LoketSimTicket *t, gint64 now)
{
  gint64 wait = now - t->at;
  const LoketServiceDef *s = loket_simulation_service (self, t->service);

  g_array_append_val (tally->waits, wait);
  tally->within += wait <= s->promised_wait_minutes * LOKET_SIM_USEC_PER_MINUTE;
  /* The ticket shows whole minutes, rounded up. */
  tally->within_estimate += wait <= loket_estimate_minutes (t->estimate_usec) * LOKET_SIM_USEC_PER_MINUTE;
  if (t->priority)
    {
      tally->priority_n++;
      tally->priority_sum += (double) wait;
    }
  else
    tally->regular_sum += (double) wait;
}

/* Counter @c, idle at @now, calls its next ticket through the routing, as
 * loketd's CALL does; FALSE if nobody it serves is waiting. */
static gboolean
counter_calls (LoketSimulation *self, SimCounter *c, Line *line, LoketRoutingPolicy policy,
               gint64 now, Tally *tally)
{
  guint n_max = 2 * g_strv_length (c->services);
  g_autofree LoketQueueHead *heads = g_new0 (LoketQueueHead, MAX (n_max, 1));
  g_autofree guint *from = g_new0 (guint, MAX (n_max, 1));
  LoketPickReason reason;
  LoketSimTicket *t;
  guint n = 0;
  gint pick;

  for (guint i = 0; c->services[i] != NULL; i++)
    for (guint kind = 0; kind < 2; kind++)
      {
        guint q = c->index[i] * 2 + kind;

        if (g_queue_is_empty (&line->queues[q]))
          continue;
        t = g_queue_peek_head (&line->queues[q]);
        heads[n] = (LoketQueueHead) { t->id, t->at, c->services[i], t->priority, 0 };
        from[n++] = q;
      }
  pick = loket_routing_choose_head (self->charter, policy, (const char * const *) c->secondary,
                                    heads, n, now, &c->ratio, &reason);
  if (pick < 0)
    return FALSE;
  t = g_queue_pop_head (&line->queues[from[pick]]);
  c->busy_until = now + t->service_usec;
  tally_call (self, tally, t, now);
  return TRUE;
}

/* The counter to finish first (the lowest index on a tie), or -1. */
static gint
next_to_finish (LoketSimulation *self)
{
  gint best = -1;

  for (guint i = 0; i < self->n_counters; i++)
    if (self->counters[i].busy_until >= 0 &&
        (best < 0 || self->counters[i].busy_until < self->counters[best].busy_until))
      best = (gint) i;
  return best;
}

/* What @t's ticket shows as it joins the line, by the estimate loketd
 * prints (loket-estimate.h) from what loketd would know: the counters as
 * they are, the first LOKET_ESTIMATE_QUEUE_DEPTH of each queue, and the
 * services' mean times (here the charter's, the simulated times' mean;
 * exponential, so the standard deviation is the mean). */
static void
estimate_for (LoketSimulation *self, LoketSimTicket *t, Line *line, LoketRoutingPolicy policy,
              Tally *tally)
{
  g_autofree LoketEstimateCounter *counters = g_new0 (LoketEstimateCounter, self->n_counters);
  g_autofree LoketEstimateQueue *queues = g_new0 (LoketEstimateQueue, line->n_queues);
  g_autofree LoketQueueHead *heads = g_new0 (LoketQueueHead, line->n_queues * LOKET_ESTIMATE_QUEUE_DEPTH);
  guint target = t->service * 2 + (t->priority ? 1 : 0);
  LoketEstimate estimate;

  for (guint i = 0; i < self->n_counters; i++)
    counters[i] = (LoketEstimateCounter) {
      (const char * const *) self->counters[i].services, (const char * const *) self->counters[i].secondary,
      self->counters[i].ratio, self->counters[i].busy_until < 0 ? t->at : self->counters[i].busy_until
    };
  for (guint q = 0; q < line->n_queues; q++)
    {
      const LoketServiceDef *s = loket_simulation_service (self, q / 2);
      LoketQueueHead *first = &heads[q * LOKET_ESTIMATE_QUEUE_DEPTH];
      guint n = 0;

      for (GList *l = line->queues[q].head; l != NULL && n < LOKET_ESTIMATE_QUEUE_DEPTH; l = l->next, n++)
        {
          const LoketSimTicket *w = l->data;

          first[n] = (LoketQueueHead) { w->id, w->at, s->id, w->priority };
        }
      queues[q] = (LoketEstimateQueue) {
        s->id, q % 2 == 1, first, n, line->queues[q].length,
        s->promised_service_minutes * LOKET_SIM_USEC_PER_MINUTE,
        s->promised_service_minutes * LOKET_SIM_USEC_PER_MINUTE,
      };
    }
  if (!loket_estimate_call (self->charter, policy, counters, self->n_counters, queues, line->n_queues,
                            target, line->queues[target].length + 1, t->at, &estimate))
    estimate = (LoketEstimate) { 0 };
  t->estimate_usec = estimate.high;
  tally->ranges += loket_estimate_is_wide (&estimate);
}

static void
run_day (LoketSimulation *self, GArray *day, LoketRoutingPolicy policy, Line *line, Tally *tally)
{
  guint next = 0;

  for (guint i = 0; i < self->n_counters; i++)
    {
      self->counters[i].ratio = (LoketRatioState) { 0 };
      self->counters[i].busy_until = -1;
    }
  while (TRUE)
    {
      gint done = next_to_finish (self);
      gint64 arrival = next < day->len ? g_array_index (day, LoketSimTicket, next).at : G_MAXINT64;
      gint64 now;

      if (done < 0 && next >= day->len)
        break;
      /* A counter finishing at the very instant someone arrives is free
       * first: the order is fixed, so the outcome is too. */
      if (done >= 0 && self->counters[done].busy_until <= arrival)
        {
          now = self->counters[done].busy_until;
          self->counters[done].busy_until = -1;
        }
      else
        {
          LoketSimTicket *t = &g_array_index (day, LoketSimTicket, next++);

          now = t->at;
          estimate_for (self, t, line, policy, tally);
          g_queue_push_tail (&line->queues[t->service * 2 + (t->priority ? 1 : 0)], t);
        }
      for (guint i = 0; i < self->n_counters; i++)
        if (self->counters[i].busy_until < 0)
          counter_calls (self, &self->counters[i], line, policy, now, tally);
    }
}

/* ---- results ------------------------------------------------------------- */

static gint
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
summarise (Tally *tally, LoketSimResult *r)
{
  guint n = tally->waits->len;
  double sum = 0.0, minute = (double) LOKET_SIM_USEC_PER_MINUTE;

  g_array_sort (tally->waits, compare_gint64);
  for (guint i = 0; i < n; i++)
    sum += (double) g_array_index (tally->waits, gint64, i);
  r->served = n;
  r->priority_served = tally->priority_n;
  r->mean_wait = n ? sum / n / minute : 0.0;
  /* Nearest rank: the smallest wait that at least 90 % do not exceed. */
  r->p90_wait = n ? g_array_index (tally->waits, gint64, (guint) ceil (0.9 * n) - 1) / minute : 0.0;
  r->max_wait = n ? g_array_index (tally->waits, gint64, n - 1) / minute : 0.0;
  r->within_promise = n ? (double) tally->within / n : 1.0;
  r->within_estimate = n ? (double) tally->within_estimate / n : 1.0;
  r->estimate_ranges = n ? (double) tally->ranges / n : 0.0;
  r->priority_mean_wait = tally->priority_n ? tally->priority_sum / tally->priority_n / minute : 0.0;
  r->regular_mean_wait = n > tally->priority_n ? tally->regular_sum / (n - tally->priority_n) / minute
                                               : 0.0;
}

gboolean
loket_simulation_run (LoketSimulation    *self,
                      LoketRoutingPolicy  policy,
                      LoketSimResult     *result,
                      GError            **error)
{
  GPtrArray *services = loket_charter_get_services (self->charter);
  Line line = { g_new0 (GQueue, services->len * 2), services->len * 2 };
  Tally tally = { .waits = g_array_new (FALSE, FALSE, sizeof (gint64)) };

  if (!loket_simulation_prepare (self, error))
    {
      g_free (line.queues);
      g_array_unref (tally.waits);
      return FALSE;
    }
  for (guint d = 0; d < self->days->len; d++)
    run_day (self, g_ptr_array_index (self->days, d), policy, &line, &tally);
  *result = (LoketSimResult) { .policy = policy };
  summarise (&tally, result);
  g_free (line.queues);   /* every queue is empty again: the days run dry */
  g_array_unref (tally.waits);
  return TRUE;
}

/* ---- staffing ------------------------------------------------------------ */

/* One hour of the simulated days: tickets per service. */
static void
count_hours (LoketSimulation *self, double *per_service /* [24][n] */, guint n)
{
  for (guint d = 0; d < self->days->len; d++)
    {
      GArray *day = g_ptr_array_index (self->days, d);

      for (guint i = 0; i < day->len; i++)
        {
          const LoketSimTicket *t = &g_array_index (day, LoketSimTicket, i);
          gint64 hour = t->at / (60 * LOKET_SIM_USEC_PER_MINUTE);

          per_service[CLAMP (hour, 0, 23) * n + t->service] += 1.0;
        }
    }
}

static gboolean
staff_hour (LoketSimulation *self, guint hour, const double *count, guint n, double target,
            LoketStaffingHour *out, GError **error)
{
  g_autofree double *t = g_new0 (double, n);
  double total = 0.0, work = 0.0, rate;

  for (guint s = 0; s < n; s++)
    {
      const LoketServiceDef *def = loket_simulation_service (self, s);

      t[s] = def->promised_wait_minutes;
      total += count[s];
      work += count[s] * def->promised_service_minutes;
    }
  out->hour = hour;
  out->arrivals_per_hour = total / self->days->len;
  out->mean_service = work / total;
  rate = out->arrivals_per_hour / 60.0;
  out->load = rate * out->mean_service;
  out->within_with_counters = loket_erlang_within_mix (self->n_counters, rate, out->mean_service,
                                                       t, count, n);
  return loket_erlang_agents_for_mix (rate, out->mean_service, t, count, n, target,
                                      &out->counters_needed, error);
}

GArray *
loket_simulation_staffing (LoketSimulation *self,
                           double           target,
                           GError         **error)
{
  guint n = loket_charter_get_services (self->charter)->len;
  g_autofree double *per_service = g_new0 (double, 24 * n);
  g_autoptr(GArray) hours = g_array_new (FALSE, TRUE, sizeof (LoketStaffingHour));

  if (!loket_simulation_prepare (self, error))
    return NULL;
  count_hours (self, per_service, n);
  for (guint h = 0; h < 24; h++)
    {
      LoketStaffingHour hour = { 0 };
      gboolean any = FALSE;

      for (guint s = 0; s < n; s++)
        any |= per_service[h * n + s] > 0;
      if (!any)
        continue;
      if (!staff_hour (self, h, per_service + h * n, n, target, &hour, error))
        return NULL;
      g_array_append_val (hours, hour);
    }
  return g_steal_pointer (&hours);
}
