/* loket-gen.h — synthetic office years for the report benchmark and for
 * looking at reports: days of citizens arriving (a weekday and hour
 * pattern with a morning peak), taking tickets for the charter's services,
 * being called, served, recalled, transferred, voided, and clerks logging
 * in and pausing — all written through LoketStore, the hash-chained event
 * log included, as loketd writes them.  Deterministic for a seed (but
 * for the clerks' PIN salts, which the store draws at random).
 *
 * loket-gen-year.c is the command line, loket-gen.c plans the year and
 * its days, loket-gen-day.c simulates one day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-charter.h"
#include "loket-store.h"

G_BEGIN_DECLS

typedef struct {
  const char *db_path;
  const char *charter_path;
  const char *start;      /* first calendar day, "YYYY-MM-DD" */
  guint       days;       /* calendar days; closed days get no tickets */
  guint       per_day;    /* mean tickets on an open day */
  guint       counters;   /* 0: enough for per_day */
  guint32     seed;
  gboolean    quiet;      /* no progress on stderr */
} LoketGenOptions;

typedef struct {
  guint  open_days;
  guint  counters;
  guint  clerks;
  gint64 tickets;
  gint64 events;
  gint64 usec;            /* wall-clock time it took */
} LoketGenStats;

gboolean loket_gen_run (const LoketGenOptions *options,
                        LoketGenStats         *stats,
                        GError               **error);

/* ---- between loket-gen.c and loket-gen-day.c ---------------------------- */

typedef struct {
  char   *reason;
  gint64  start;          /* µs since the epoch */
  gint64  usec;
} LoketGenPause;

/* One counter on one day. */
typedef struct {
  char        *id;
  const char  *name;         /* the charter's, or NULL */
  char       **services;     /* service ids it calls */
  const char  *clerk;        /* today's clerk id */
  const char  *clerk_name;
  GArray      *pauses;       /* LoketGenPause, by start */
} LoketGenCounter;

/* What loket-gen-day.c needs of the year. */
typedef struct {
  LoketCharter *charter;
  LoketStore   *store;
  GRand        *rand;
  GPtrArray    *counters;     /* LoketGenCounter* */
  double       *service_mix;  /* cumulative share, one per charter service */
  gint64        events;       /* appended so far */
  gint64        tickets;
} LoketGenYear;

/* One open day: @arrivals (µs, sorted) are the citizens; @open and @close
 * bound the opening hours (counters serve whoever is still waiting at
 * @close, then log out). */
gboolean loket_gen_day (LoketGenYear *year,
                        const char   *service_day,
                        GArray       *arrivals,
                        gint64        open,
                        gint64        close,
                        GError      **error);

G_END_DECLS
