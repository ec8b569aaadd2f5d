/* loket-simulator.h — an office day, simulated, under each routing policy.
 *
 * A discrete-event simulation: citizens arrive (from a CSV of a real day
 * or from a named profile), take a ticket of a service, wait, and are
 * called by counters that pick through the real routing code
 * (loket_routing_choose_head, as loketd's CALL does).  Service times are
 * exponential with the charter's PromisedServiceMinutes as their mean.
 * The days are drawn once from the seed, so every policy is measured on
 * the very same citizens and the same service times, and two runs with
 * one seed agree to the last digit.  docs/simulator.md has the formats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "loket-charter.h"

G_BEGIN_DECLS

/* Poisson arrivals at a constant rate within each hour of the day. */
typedef struct {
  const char *name;
  double      per_hour[24];     /* expected tickets in hour h (h:00–h+1:00) */
  double      priority_share;   /* of tickets for services with priority groups */
} LoketArrivalProfile;

/* What one policy achieved over all simulated days; waits in minutes. */
typedef struct {
  LoketRoutingPolicy policy;
  guint   served;
  guint   priority_served;
  double  mean_wait;
  double  p90_wait;
  double  max_wait;
  double  within_promise;       /* share called within their service's promise */
  double  within_estimate;      /* share called within the wait their ticket showed */
  double  estimate_ranges;      /* share of tickets that showed a range */
  double  priority_mean_wait;
  double  regular_mean_wait;
} LoketSimResult;

/* Erlang C's advice for one hour of the day. */
typedef struct {
  guint   hour;
  double  arrivals_per_hour;    /* mean over the simulated days */
  double  mean_service;         /* minutes, the hour's mix of services */
  double  load;                 /* Erlangs */
  guint   counters_needed;      /* fewest reaching the target */
  double  within_with_counters; /* Erlang C's share with the simulated counters */
} LoketStaffingHour;

#define LOKET_TYPE_SIMULATION (loket_simulation_get_type ())
G_DECLARE_FINAL_TYPE (LoketSimulation, loket_simulation, LOKET, SIMULATION, GObject)

/* @counters: 0 for the charter's own counters (their Services= and
 * SecondaryServices=); N for N counters of which the first take the
 * charter's counters' services in file order and any beyond serve every
 * service.  @days ≥ 1. */
LoketSimulation *loket_simulation_new          (LoketCharter               *charter,
                                                guint                       counters,
                                                guint                       days,
                                                guint32                     seed,
                                                GError                    **error);
/* Arrivals from a CSV file (docs/simulator.md); each day in the file is
 * simulated @days times, each time with fresh service times. */
gboolean         loket_simulation_load_csv     (LoketSimulation            *self,
                                                const char                 *path,
                                                GError                    **error);
gboolean         loket_simulation_load_csv_data (LoketSimulation           *self,
                                                 const char                *data,
                                                 const char                *origin,
                                                 GError                   **error);
/* A built-in profile by name ("dukcapil-weekday", …), or "flat:N". */
gboolean         loket_simulation_use_profile  (LoketSimulation            *self,
                                                const char                 *name,
                                                GError                    **error);
void             loket_simulation_set_profile  (LoketSimulation            *self,
                                                const LoketArrivalProfile  *profile);
/* The names loket_simulation_use_profile() knows, NULL-terminated. */
const char * const *loket_simulation_profile_names (void);

guint            loket_simulation_get_counters (LoketSimulation            *self);
/* Tickets over all days. */
guint            loket_simulation_get_tickets  (LoketSimulation            *self);

gboolean         loket_simulation_run          (LoketSimulation            *self,
                                                LoketRoutingPolicy          policy,
                                                LoketSimResult             *result,
                                                GError                    **error);
/* One LoketStaffingHour per hour with arrivals, for @target (0–1) of
 * citizens called within their service's promise. */
GArray          *loket_simulation_staffing     (LoketSimulation            *self,
                                                double                      target,
                                                GError                    **error);

G_END_DECLS
