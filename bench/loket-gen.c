/* loket-gen.c — plans a synthetic office year for loket_gen_day(): which
 * days are open (the charter's opening hours and holidays), how many
 * citizens come (a weekday and a seasonal factor), when (a morning peak
 * around 09:15 and a smaller one after lunch), which services they want
 * (in proportion to the charter's daily quotas), how many counters serve
 * them (the charter's, repeated until they can carry the load), which
 * clerk sits where, and when each counter pauses and why.
 *
 * The database is written under a temporary name and renamed when it is
 * complete, so a reader never mistakes half a year for a whole one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-gen"

#include "loket-gen.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-sqlite.h"

#include <glib/gstdio.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <string.h>

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define MINUTES_PER_DAY (24 * 60)

static const char * const given_names[] = {
  "Siti", "Budi", "Dewi", "Agus", "Rina", "Joko", "Ayu", "Hendra",
  "Wati", "Yusuf", "Putri", "Eko", "Sri", "Bambang", "Nur", "Fajar",
};
static const char * const family_names[] = {
  "Rahayu", "Santoso", "Lestari", "Wibowo", "Kusuma", "Hidayat",
  "Saputra", "Nugroho", "Permata", "Setiawan", "Utami", "Pratama",
};

/* Mondays are busiest and Friday is short; January and the school
 * enrolment months bring more, December fewer. */
static const double weekday_factor[8] = { 0, 1.25, 1.05, 1.00, 0.95, 0.75, 1.0, 1.0 };
static const double month_factor[13] = { 0, 1.10, 1.00, 1.00, 0.95, 0.95, 1.10,
                                          1.15, 1.00, 0.95, 1.00, 0.95, 0.85 };

typedef struct {
  char *id;
  char *name;
} Clerk;

typedef struct {
  const LoketGenOptions *options;
  LoketGenYear           year;
  GArray                *clerks;     /* Clerk */
  guint                  open_minutes; /* of the first open day: sizes the staff */
} Plan;

static void
clerk_clear (gpointer data)
{
  Clerk *c = data;

  g_free (c->id);
  g_free (c->name);
}

static void
counter_free (gpointer data)
{
  LoketGenCounter *c = data;

  g_free (c->id);
  g_strfreev (c->services);
  g_array_unref (c->pauses);
  g_free (c);
}

static void
pause_clear (gpointer data)
{
  g_free (((LoketGenPause *) data)->reason);
}

/* How much the citizens come at minute @m of the day (local time). */
static double
minute_weight (guint m)
{
  double morning = (m - 555.0) / 55.0, afternoon = (m - 810.0) / 45.0;

  return 0.6 + 1.6 * exp (-0.5 * morning * morning) + 0.6 * exp (-0.5 * afternoon * afternoon);
}

/* The open minutes of @local_midnight's day and their cumulative weight;
 * FALSE for a closed day. */
static gboolean
open_minutes (LoketOpeningHours *hours, GDateTime *local_midnight, GArray *minutes, GArray *cumulative)
{
  double total = 0;

  for (guint m = 0; m < MINUTES_PER_DAY; m++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_minutes (local_midnight, m);

      if (!loket_opening_hours_contains (hours, at))
        continue;
      total += minute_weight (m);
      g_array_append_val (minutes, m);
      g_array_append_val (cumulative, total);
    }
  return minutes->len > 0;
}

static double
normal (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-12, 1.0), v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2 * G_PI * v);
}

static gint
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Today's citizens: how many, and when (µs, sorted). */
static GArray *
draw_arrivals (Plan *plan, GDateTime *midnight, GArray *minutes, GArray *cumulative)
{
  GRand *rand = plan->year.rand;
  double total = g_array_index (cumulative, double, cumulative->len - 1);
  double mean = plan->options->per_day * weekday_factor[g_date_time_get_day_of_week (midnight)]
                * month_factor[g_date_time_get_month (midnight)];
  gint64 n = (gint64) MAX (mean * (1 + 0.08 * normal (rand)), 0);
  gint64 base = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  GArray *arrivals = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) n);

  for (gint64 i = 0; i < n; i++)
    {
      double x = g_rand_double_range (rand, 0, total);
      guint lo = 0, hi = cumulative->len - 1;
      gint64 at;

      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (g_array_index (cumulative, double, mid) <= x)
            lo = mid + 1;
          else
            hi = mid;
        }
      at = base + g_array_index (minutes, guint, lo) * MINUTE + g_rand_int_range (rand, 0, 60000000);
      g_array_append_val (arrivals, at);
    }
  g_array_sort (arrivals, compare_int64);
  return arrivals;
}

static void
add_pause (GArray *pauses, GRand *rand, const char *reason, gint64 base, guint from_minute,
           guint spread, guint min_minutes, guint max_minutes)
{
  LoketGenPause p = {
    g_strdup (reason),
    base + (from_minute + g_rand_int_range (rand, 0, spread)) * MINUTE,
    g_rand_int_range (rand, min_minutes, max_minutes + 1) * MINUTE,
  };

  g_array_append_val (pauses, p);
}

/* Who sits at each counter today, and when they pause: a midday prayer
 * most days, a short break some mornings, now and then a meeting. */
static void
staff_day (Plan *plan, guint day_index, GDateTime *midnight)
{
  GRand *rand = plan->year.rand;
  gint64 base = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;

  for (guint i = 0; i < plan->year.counters->len; i++)
    {
      LoketGenCounter *c = g_ptr_array_index (plan->year.counters, i);
      Clerk *clerk = &g_array_index (plan->clerks, Clerk, (i + 3 * day_index) % plan->clerks->len);

      c->clerk = clerk->id;
      c->clerk_name = clerk->name;
      g_array_set_size (c->pauses, 0);
      if (g_rand_double (rand) < 0.4)
        add_pause (c->pauses, rand, "break", base, 10 * 60, 60, 5, 15);
      if (g_rand_double (rand) < 0.85)
        add_pause (c->pauses, rand, "prayer", base, 11 * 60 + 50, 30, 10, 20);
      if (g_rand_double (rand) < 0.04)
        add_pause (c->pauses, rand, "meeting", base, 13 * 60 + 30, 60, 20, 45);
    }
}

/* Citizens ask for each service in proportion to its daily quota (all
 * alike when no service has one). */
static double
service_mix (Plan *plan, double *demand)
{
  GPtrArray *services = loket_charter_get_services (plan->year.charter);
  double total = 0, sum = 0, minutes = 0;

  plan->year.service_mix = g_new0 (double, services->len);
  for (guint i = 0; i < services->len; i++)
    total += MAX (((LoketServiceDef *) g_ptr_array_index (services, i))->daily_quota, 1);
  for (guint i = 0; i < services->len; i++)
    {
      const LoketServiceDef *s = g_ptr_array_index (services, i);
      double share = MAX (s->daily_quota, 1) / total;

      sum += share;
      plan->year.service_mix[i] = sum;
      demand[i] = share * MAX (s->promised_service_minutes, 2) * 0.71;
      minutes += demand[i];
    }
  return minutes;
}

/* The charter counter whose services are the most behind their demand
 * (minutes of work a day, shared among the counters that serve them). */
static guint
neediest_template (Plan *plan, const double *demand, double *capacity)
{
  GPtrArray *defs = loket_charter_get_counters (plan->year.charter);
  GPtrArray *services = loket_charter_get_services (plan->year.charter);
  double best_need = -1;
  guint best = 0;

  for (guint t = 0; t < defs->len; t++)
    {
      const LoketCounterDef *def = g_ptr_array_index (defs, t);
      double need = 0;
      guint n = 0;

      for (guint s = 0; s < services->len; s++)
        if (loket_counter_def_serves (def, ((LoketServiceDef *) g_ptr_array_index (services, s))->id))
          need += demand[s] / (capacity[s] + 1e-3), n++;
      if (n > 0 && need / n > best_need)
        best_need = need / n, best = t;
    }
  return best;
}

static void
add_capacity (Plan *plan, const LoketCounterDef *def, double *capacity)
{
  GPtrArray *services = loket_charter_get_services (plan->year.charter);
  guint n = MAX (g_strv_length (def->services), 1);

  for (guint s = 0; s < services->len; s++)
    if (loket_counter_def_serves (def, ((LoketServiceDef *) g_ptr_array_index (services, s))->id))
      capacity[s] += 1.0 / n;
}

/* The charter's counters first; then copies of them (ids 6, 7, …), each
 * time of the one whose services are most short of hands, until they can
 * serve the day with some slack. */
static void
make_counters (Plan *plan, const double *demand, double mean_service_minutes)
{
  GPtrArray *defs = loket_charter_get_counters (plan->year.charter);
  guint n_services = loket_charter_get_services (plan->year.charter)->len;
  g_autofree double *capacity = g_new0 (double, n_services);
  double per_counter = plan->open_minutes * 0.65 / (mean_service_minutes + 1.5);
  guint n = plan->options->counters;

  if (n == 0)
    n = MAX ((guint) ceil (plan->options->per_day / MAX (per_counter, 1.0)), defs->len);
  plan->year.counters = g_ptr_array_new_with_free_func (counter_free);
  for (guint i = 0; i < n; i++)
    {
      guint t = i < defs->len ? i : neediest_template (plan, demand, capacity);
      const LoketCounterDef *def = g_ptr_array_index (defs, t);
      LoketGenCounter *c = g_new0 (LoketGenCounter, 1);

      c->id = i < defs->len ? g_strdup (def->id) : g_strdup_printf ("%u", i + 1);
      c->name = i < defs->len ? def->name : NULL;
      c->services = g_strdupv (def->services);
      c->pauses = g_array_new (FALSE, FALSE, sizeof (LoketGenPause));
      g_array_set_clear_func (c->pauses, pause_clear);
      g_ptr_array_add (plan->year.counters, c);
      add_capacity (plan, def, capacity);
    }
}

/* A quarter more clerks than counters, so that each has days off; added
 * as the head adds them, with a CLERK_SET event each. */
static gboolean
make_clerks (Plan *plan, gint64 now, GError **error)
{
  guint n = plan->year.counters->len + plan->year.counters->len / 4 + 1;

  plan->clerks = g_array_new (FALSE, FALSE, sizeof (Clerk));
  g_array_set_clear_func (plan->clerks, clerk_clear);
  for (guint i = 0; i < n; i++)
    {
      const char *given = given_names[i % G_N_ELEMENTS (given_names)];
      const char *family = family_names[(5 * i + i / G_N_ELEMENTS (given_names)) % G_N_ELEMENTS (family_names)];
      g_autofree char *lower = g_ascii_strdown (given, -1);
      Clerk c = { g_strdup_printf ("%s%02u", lower, i + 1), g_strdup_printf ("%s %s", given, family) };
      g_autoptr(JsonObject) event = json_object_new ();

      g_array_append_val (plan->clerks, c);
      json_object_set_int_member (event, "v", 1);
      json_object_set_string_member (event, "type", "CLERK_SET");
      json_object_set_string_member (event, "actor", "supervisor");
      json_object_set_string_member (event, "device", "supervisor");
      json_object_set_string_member (event, "clerk", c.id);
      json_object_set_string_member (event, "clerk_name", c.name);
      json_object_set_string_member (event, "role", "clerk");
      if (!loket_store_add_clerk (plan->year.store, c.id, c.name, "2468", now, error) ||
          loket_store_append_event (plan->year.store, now, "supervisor", "supervisor", "CLERK_SET",
                                    0, event, error) == 0)
        return FALSE;
      plan->year.events++;
    }
  return TRUE;
}

static GDateTime *
local_midnight (Plan *plan, const GDate *date)
{
  return g_date_time_new (loket_charter_get_time_zone (plan->year.charter),
                          g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
                          0, 0, 0);
}

/* Sizes the staff from the first open day's hours. */
static void
measure_open_minutes (Plan *plan, const GDate *start)
{
  LoketOpeningHours *hours = loket_charter_get_opening_hours (plan->year.charter);
  GDate date = *start;

  for (guint d = 0; d < 14 && plan->open_minutes == 0; d++, g_date_add_days (&date, 1))
    {
      g_autoptr(GDateTime) midnight = local_midnight (plan, &date);
      g_autoptr(GArray) minutes = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) cumulative = g_array_new (FALSE, FALSE, sizeof (double));

      if (open_minutes (hours, midnight, minutes, cumulative))
        plan->open_minutes = minutes->len;
    }
  plan->open_minutes = MAX (plan->open_minutes, 60);
}

/* One calendar day in its own transaction; closed days pass. */
static gboolean
generate_day (Plan *plan, guint day_index, const GDate *date, GError **error)
{
  LoketOpeningHours *hours = loket_charter_get_opening_hours (plan->year.charter);
  g_autoptr(GDateTime) midnight = local_midnight (plan, date);
  g_autoptr(GArray) minutes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) cumulative = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) arrivals = NULL;
  g_autofree char *service_day = g_date_time_format (midnight, "%Y-%m-%d");
  gint64 base = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  gint64 open, close;

  if (!open_minutes (hours, midnight, minutes, cumulative))
    return TRUE;
  arrivals = draw_arrivals (plan, midnight, minutes, cumulative);
  staff_day (plan, day_index, midnight);
  open = base + g_array_index (minutes, guint, 0) * MINUTE;
  close = base + (g_array_index (minutes, guint, minutes->len - 1) + 1) * MINUTE;
  if (!loket_store_begin (plan->year.store, error))
    return FALSE;
  if (!loket_gen_day (&plan->year, service_day, arrivals, open, close, error) ||
      !loket_store_commit (plan->year.store, error))
    {
      loket_store_rollback (plan->year.store);
      return FALSE;
    }
  return TRUE;
}

static gboolean
generate (Plan *plan, const GDate *start, LoketGenStats *stats, GError **error)
{
  GDate date = *start;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GDateTime) first = local_midnight (plan, start);

  if (!loket_store_begin (plan->year.store, error) ||
      !make_clerks (plan, (g_date_time_to_unix (first) - 86400) * G_USEC_PER_SEC, error) ||
      !loket_store_commit (plan->year.store, error))
    return FALSE;
  for (guint d = 0; d < plan->options->days; d++, g_date_add_days (&date, 1))
    {
      gint64 before = plan->year.tickets;

      if (!generate_day (plan, d, &date, error))
        return FALSE;
      if (plan->year.tickets > before)
        stats->open_days++;
      if (!plan->options->quiet && (d + 1) % 30 == 0)
        g_printerr ("loket-gen: day %u of %u, %" G_GINT64_FORMAT " tickets, %" G_GINT64_FORMAT
                    " events, %.0f s\n", d + 1, plan->options->days, plan->year.tickets,
                    plan->year.events, (g_get_monotonic_time () - t0) / 1e6);
    }
  stats->counters = plan->year.counters->len;
  stats->clerks = plan->clerks->len;
  stats->tickets = plan->year.tickets;
  stats->events = plan->year.events;
  stats->usec = g_get_monotonic_time () - t0;
  return TRUE;
}

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->clerks, g_array_unref);
  g_clear_pointer (&plan->year.counters, g_ptr_array_unref);
  g_clear_pointer (&plan->year.service_mix, g_free);
  g_clear_pointer (&plan->year.rand, g_rand_free);
  g_clear_object (&plan->year.store);
  g_clear_object (&plan->year.charter);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

/* The database file, its write-ahead log and shared memory. */
static void
remove_database (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

gboolean
loket_gen_run (const LoketGenOptions *options,
               LoketGenStats         *stats,
               GError               **error)
{
  g_auto(Plan) plan = { options };
  g_autofree char *part = g_strconcat (options->db_path, ".part", NULL);
  g_autofree double *demand = NULL;
  double mean;
  GDate start;

  memset (stats, 0, sizeof *stats);
#ifdef __GLIBC__
  /* Each ticket allocates and frees a few hundred kilobytes (JSON, pages);
   * glibc would hand them back to the kernel each time and fault them in
   * again, which took three quarters of the time. */
  mallopt (M_TRIM_THRESHOLD, 256 << 20);
  mallopt (M_TOP_PAD, 64 << 20);
  mallopt (M_MMAP_THRESHOLD, 64 << 20);
#endif
  g_date_clear (&start, 1);
  g_date_set_parse (&start, options->start);
  if (!g_date_valid (&start) || strlen (options->start) != 10)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "“%s” is not a date like 2026-01-01",
                   options->start);
      return FALSE;
    }
  if (g_file_test (options->db_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s exists; generating needs a new file",
                   options->db_path);
      return FALSE;
    }
  remove_database (part);
  plan.year.charter = loket_charter_new_from_file (options->charter_path, error);
  if (plan.year.charter == NULL || (plan.year.store = loket_store_open (part, error)) == NULL)
    return FALSE;
  /* A day of an office this size is one transaction of tens of
   * megabytes: the server's small cache would spill it to the log page
   * by page. */
  if (sqlite3_exec (loket_store_get_db (plan.year.store), "PRAGMA cache_size = -262144",
                    NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("could not enlarge the page cache; generating will be slower");
  plan.year.rand = g_rand_new_with_seed (options->seed);
  measure_open_minutes (&plan, &start);
  demand = g_new0 (double, loket_charter_get_services (plan.year.charter)->len);
  mean = service_mix (&plan, demand);
  make_counters (&plan, demand, mean);
  if (!generate (&plan, &start, stats, error) ||
      !loket_store_checkpoint (plan.year.store, error))
    return FALSE;
  g_clear_object (&plan.year.store);
  remove_database (options->db_path);
  if (g_rename (part, options->db_path) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: %s", options->db_path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}
