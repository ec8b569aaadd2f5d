/* loket-erlang.c — Erlang B and C; see loket-erlang.h.
 *
 * C(c, a) = c·B / (c − a·(1 − B)) with B = B(c, a) from the recursion
 * B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)); every step stays in [0, 1].
 * The wait W of an M/M/c FIFO queue: P(W > t) = C·e^(−(c − a)·t/s), so
 * E[W] = C·s / (c − a).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-erlang"

#include "loket-erlang.h"
#include "loket-error.h"

#include <math.h>

/* Far beyond any office; a search that gets here has a bug or silly input. */
#define MAX_AGENTS 100000

double
loket_erlang_b (guint  agents,
                double load)
{
  double b = 1.0;

  for (guint k = 1; k <= agents; k++)
    b = load * b / (k + load * b);
  return b;
}

double
loket_erlang_c (guint  agents,
                double load)
{
  double b;

  if (load <= 0.0)
    return 0.0;
  if (load >= agents)
    return 1.0;
  b = loket_erlang_b (agents, load);
  return agents * b / (agents - load * (1.0 - b));
}

double
loket_erlang_mean_wait (guint  agents,
                        double rate,
                        double service)
{
  double load = rate * service;

  if (load >= agents)
    return rate > 0.0 ? G_MAXDOUBLE : 0.0;
  return loket_erlang_c (agents, load) * service / (agents - load);
}

double
loket_erlang_within (guint  agents,
                     double rate,
                     double service,
                     double t)
{
  return loket_erlang_within_mix (agents, rate, service, &t, NULL, 1);
}

double
loket_erlang_within_mix (guint         agents,
                         double        rate,
                         double        service,
                         const double *t,
                         const double *weight,
                         guint         n)
{
  double load = rate * service, c, sum = 0.0, total = 0.0;

  if (load >= agents)
    return rate > 0.0 ? 0.0 : 1.0;
  c = loket_erlang_c (agents, load);
  for (guint i = 0; i < n; i++)
    {
      double w = weight ? weight[i] : 1.0;

      sum += w * (1.0 - c * exp (-(agents - load) * t[i] / service));
      total += w;
    }
  return total > 0.0 ? sum / total : 1.0;
}

gboolean
loket_erlang_agents_for (double   rate,
                         double   service,
                         double   t,
                         double   target,
                         guint   *agents,
                         GError **error)
{
  return loket_erlang_agents_for_mix (rate, service, &t, NULL, 1, target, agents, error);
}

gboolean
loket_erlang_agents_for_mix (double        rate,
                             double        service,
                             const double *t,
                             const double *weight,
                             guint         n,
                             double        target,
                             guint        *agents,
                             GError      **error)
{
  guint c;

  if (!(rate >= 0.0) || !(service > 0.0) || !(target > 0.0 && target < 1.0) || n == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "Erlang C needs a rate ≥ 0, a service time > 0 and a target between 0 and 1 "
                   "(got %g, %g, %g)", rate, service, target);
      return FALSE;
    }
  if (rate == 0.0)
    {
      *agents = 0;
      return TRUE;
    }
  /* Stable only above the load; the share within rises with c from there. */
  for (c = (guint) floor (rate * service) + 1; c <= MAX_AGENTS; c++)
    if (loket_erlang_within_mix (c, rate, service, t, weight, n) >= target)
      {
        *agents = c;
        return TRUE;
      }
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
               "no staffing up to %u agents reaches %g within the target time", MAX_AGENTS, target);
  return FALSE;
}
