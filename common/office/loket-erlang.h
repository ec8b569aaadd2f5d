/* loket-erlang.h — Erlang C: how many counters a flow of citizens needs.
 *
 * The M/M/c queue (Poisson arrivals, exponential service, c counters, one
 * FIFO line) in closed form, for the simulator's staffing table and for a
 * supervisor planning the day.  Rates and times are in any one unit (the
 * simulator uses minutes); the load a = rate × service is in Erlangs.
 * Erlang B is computed by its recursion, never from factorials, so that
 * hundreds of counters and loads near capacity stay exact in doubles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Probability that all @agents are busy in a loss system (Erlang B). */
double loket_erlang_b            (guint   agents,
                                  double  load);
/* Probability that a citizen has to wait at all (Erlang C); 1 when
 * @load ≥ @agents, where the queue grows without bound. */
double loket_erlang_c            (guint   agents,
                                  double  load);
/* Mean wait before the call, in the unit of @service; G_MAXDOUBLE when
 * the counters cannot keep up. */
double loket_erlang_mean_wait    (guint   agents,
                                  double  rate,
                                  double  service);
/* Probability that the wait is at most @t (same unit as @service). */
double loket_erlang_within       (guint   agents,
                                  double  rate,
                                  double  service,
                                  double  t);
/* The share of citizens called within their own promise when the
 * promises differ: @t[i] for the share @weight[i] of arrivals (weights
 * need not sum to 1).  All share one line, so one wait distribution. */
double loket_erlang_within_mix   (guint          agents,
                                  double         rate,
                                  double         service,
                                  const double  *t,
                                  const double  *weight,
                                  guint          n);

/* The fewest agents for which loket_erlang_within() reaches @target
 * (0 < target < 1); 0 when @rate is 0.  Fails on meaningless input. */
gboolean loket_erlang_agents_for     (double   rate,
                                      double   service,
                                      double   t,
                                      double   target,
                                      guint   *agents,
                                      GError **error);
/* The same for a mix of promises, as loket_erlang_within_mix(). */
gboolean loket_erlang_agents_for_mix (double         rate,
                                      double         service,
                                      const double  *t,
                                      const double  *weight,
                                      guint          n,
                                      double         target,
                                      guint         *agents,
                                      GError       **error);

G_END_DECLS
