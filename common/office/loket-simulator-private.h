/* loket-simulator-private.h — what the simulator's two halves share: the
 * engine (loket-simulator.c) and the arrivals it replays
 * (loket-simulator-arrivals.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-simulator.h"

G_BEGIN_DECLS

#define LOKET_SIM_USEC_PER_MINUTE (G_USEC_PER_SEC * (gint64) 60)

/* One citizen of a simulated day. */
typedef struct {
  gint64   id;             /* order of arrival in the day, from 1 */
  gint64   at;             /* µs since the day's midnight */
  guint    service;        /* index into the charter's services */
  gboolean priority;
  gint64   service_usec;   /* drawn once, the same under every policy */
  gint64   estimate_usec;  /* the wait its ticket showed (the estimate's
                            * high end), under the policy being run */
} LoketSimTicket;

typedef struct _SimCounter SimCounter;

struct _LoketSimulation
{
  GObject              parent_instance;
  LoketCharter        *charter;
  guint                n_days;         /* --days */
  guint32              seed;
  char               **all_services;   /* for counters beyond the charter's */
  SimCounter          *counters;
  guint                n_counters;
  GPtrArray           *source_days;    /* GArray<LoketSimTicket> read from a CSV, or NULL */
  LoketArrivalProfile  profile;
  gboolean             have_profile;
  GPtrArray           *days;           /* GArray<LoketSimTicket>, drawn; NULL until then */
};

const LoketServiceDef *loket_simulation_service (LoketSimulation *self,
                                                 guint            index);
/* Draws the days from the seed, once: arrivals of a profile, services,
 * priority and service times. */
gboolean               loket_simulation_prepare (LoketSimulation *self,
                                                 GError         **error);

G_END_DECLS
