/* loket-simulator-arrivals.c — who comes to the simulated office, when,
 * and for what: a day read from a CSV file, or days drawn from a named
 * profile; then, for every ticket, the service time.  Everything random is
 * drawn here, once, from the seed, in a fixed order, so that the engine
 * (loket-simulator.c) replays identical days under every policy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-simulator"

#include "loket-simulator-private.h"
#include "loket-error.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define USEC_PER_HOUR (60 * LOKET_SIM_USEC_PER_MINUTE)

/* Tickets per hour (from 08:00) and the share asking for priority.  The
 * sample charter's five counters serve about 18 citizens an hour; the
 * weekday profile runs above that in the morning peak, as Dukcapil
 * offices do, and the Friday one closes 11:30–13:00 for Friday prayers. */
static const LoketArrivalProfile profiles[] = {
  { "dukcapil-weekday", { [8] = 18, [9] = 22, [10] = 18, [11] = 14, [12] = 7, [13] = 10, [14] = 6 }, 0.10 },
  { "dukcapil-friday",  { [8] = 20, [9] = 24, [10] = 20, [11] = 7, [13] = 12, [14] = 7 }, 0.10 },
  { "quiet",            { [8] = 6, [9] = 8, [10] = 8, [11] = 6, [12] = 4, [13] = 6, [14] = 4 }, 0.10 },
};

const char * const *
loket_simulation_profile_names (void)
{
  static const char * const names[] = { "dukcapil-weekday", "dukcapil-friday", "quiet", "flat:N", NULL };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (profiles) + 2);
  return names;
}

void
loket_simulation_set_profile (LoketSimulation           *self,
                              const LoketArrivalProfile *profile)
{
  self->profile = *profile;
  self->have_profile = TRUE;
  g_clear_pointer (&self->source_days, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_ptr_array_unref);
}

/* "flat:N": N tickets an hour from 08:00 to 15:00, 10 % priority. */
static gboolean
flat_profile (const char *name, LoketArrivalProfile *profile)
{
  guint64 rate;

  if (!g_str_has_prefix (name, "flat:") ||
      !g_ascii_string_to_unsigned (name + strlen ("flat:"), 10, 1, 10000, &rate, NULL))
    return FALSE;
  *profile = (LoketArrivalProfile) { .name = "flat", .priority_share = 0.10 };
  for (guint h = 8; h < 15; h++)
    profile->per_hour[h] = (double) rate;
  return TRUE;
}

gboolean
loket_simulation_use_profile (LoketSimulation *self,
                              const char      *name,
                              GError         **error)
{
  LoketArrivalProfile flat;
  g_autofree char *known = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (g_str_equal (name, profiles[i].name))
      {
        loket_simulation_set_profile (self, &profiles[i]);
        return TRUE;
      }
  if (flat_profile (name, &flat))
    {
      loket_simulation_set_profile (self, &flat);
      return TRUE;
    }
  known = g_strjoinv (", ", (char **) loket_simulation_profile_names ());
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "unknown profile “%s” (known: %s)", name, known);
  return FALSE;
}

/* ---- the CSV file -------------------------------------------------------- */

/* Refusals read "FILE:LINE: COLUMN: what is wrong", like the charter's. */
static gboolean G_GNUC_PRINTF (5, 6)
fail_at (GError **error, const char *origin, guint line, const char *column, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s:%u: %s: %s", origin, line, column, what);
  return FALSE;
}

/* "HH:MM" or "HH:MM:SS" → µs since midnight. */
static gboolean
parse_time_of_day (const char *text, gint64 *at)
{
  guint h, m, s = 0;
  int end = 0;

  if (sscanf (text, "%2u:%2u:%2u%n", &h, &m, &s, &end) != 3 || text[end] != '\0')
    {
      s = 0;
      end = 0;
      if (sscanf (text, "%2u:%2u%n", &h, &m, &end) != 2 || text[end] != '\0')
        return FALSE;
    }
  if (h > 23 || m > 59 || s > 59 || !g_ascii_isdigit (text[0]))
    return FALSE;
  *at = ((gint64) h * 3600 + m * 60 + s) * G_USEC_PER_SEC;
  return TRUE;
}

/* A time of day (the file is one day), or an ISO 8601 timestamp (its date
 * in the office's time zone is the day; no zone means the office's). */
static gboolean
parse_when (LoketSimulation *self, const char *text, char **day, gint64 *at)
{
  g_autoptr(GDateTime) given = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (parse_time_of_day (text, at))
    {
      *day = g_strdup ("");
      return TRUE;
    }
  given = g_date_time_new_from_iso8601 (text, loket_charter_get_time_zone (self->charter));
  if (given == NULL)
    return FALSE;
  local = g_date_time_to_timezone (given, loket_charter_get_time_zone (self->charter));
  *day = g_date_time_format (local, "%Y-%m-%d");
  *at = (gint64) g_date_time_get_hour (local) * USEC_PER_HOUR +
        (gint64) g_date_time_get_minute (local) * LOKET_SIM_USEC_PER_MINUTE +
        (gint64) g_date_time_get_second (local) * G_USEC_PER_SEC + g_date_time_get_microsecond (local);
  return TRUE;
}

/* service[,priority group]: the same checks the kiosk's ISSUE makes. */
static gboolean
parse_service (LoketSimulation *self, char **fields, const char *origin, guint line,
               LoketSimTicket *t, GError **error)
{
  GPtrArray *services = loket_charter_get_services (self->charter);
  const char *group = fields[2] != NULL && *fields[2] != '\0' && !g_str_equal (fields[2], "-")
                      ? fields[2] : NULL;
  const LoketServiceDef *s = loket_charter_lookup_service (self->charter, fields[1]);

  if (s == NULL)
    return fail_at (error, origin, line, "service", "no [Service %s] in the charter", fields[1]);
  if (group != NULL && !loket_service_def_accepts_priority (s, group))
    return fail_at (error, origin, line, "priority", "[Service %s] takes no priority group “%s”",
                    s->id, group);
  g_ptr_array_find (services, s, &t->service);
  t->priority = group != NULL;
  return TRUE;
}

static gboolean
parse_row (LoketSimulation *self, char *text, const char *origin, guint line,
           GHashTable *days, GError **error)
{
  g_auto(GStrv) fields = g_strsplit (text, ",", -1);
  g_autofree char *day = NULL;
  LoketSimTicket t = { 0 };
  guint n = g_strv_length (fields);
  GArray *list;

  for (guint i = 0; i < n; i++)
    g_strstrip (fields[i]);
  if (n < 2 || n > 3)
    return fail_at (error, origin, line, "syntax", "expected time,service[,priority], got %u columns", n);
  if (!parse_when (self, fields[0], &day, &t.at))
    return fail_at (error, origin, line, "time", "“%s” is not a time of day like 08:15 or a "
                                                 "timestamp like 2026-11-25T08:15:00+07:00", fields[0]);
  if (!parse_service (self, fields, origin, line, &t, error))
    return FALSE;
  list = g_hash_table_lookup (days, day);
  if (list == NULL)
    {
      list = g_array_new (FALSE, TRUE, sizeof (LoketSimTicket));
      g_hash_table_insert (days, g_steal_pointer (&day), list);
    }
  g_array_append_val (list, t);
  return TRUE;
}

/* Within a day by time; rows at the same instant keep the file's order. */
static gint
by_arrival (gconstpointer a, gconstpointer b)
{
  const LoketSimTicket *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The file's days in date order, each sorted, ids in arrival order. */
static GPtrArray *
days_in_order (GHashTable *days)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (days), (GCompareFunc) strcmp);
  GPtrArray *ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      GArray *day = g_hash_table_lookup (days, l->data);

      for (guint i = 0; i < day->len; i++)
        g_array_index (day, LoketSimTicket, i).id = i + 1;
      g_array_sort (day, by_arrival);
      for (guint i = 0; i < day->len; i++)
        g_array_index (day, LoketSimTicket, i).id = i + 1;
      g_ptr_array_add (ordered, g_array_ref (day));
    }
  return ordered;
}

gboolean
loket_simulation_load_csv_data (LoketSimulation *self,
                                const char      *data,
                                const char      *origin,
                                GError         **error)
{
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_array_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      /* Blank lines, comments and a header naming the columns. */
      if (*line == '\0' || *line == '#' || (i == 0 && g_ascii_strncasecmp (line, "time,", 5) == 0))
        continue;
      if (!parse_row (self, line, origin, i + 1, days, error))
        return FALSE;
    }
  if (g_hash_table_size (days) == 0)
    return fail_at (error, origin, 1, "syntax", "no arrivals in the file");
  g_clear_pointer (&self->source_days, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  self->source_days = days_in_order (days);
  self->have_profile = FALSE;
  return TRUE;
}

gboolean
loket_simulation_load_csv (LoketSimulation *self,
                           const char      *path,
                           GError         **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, &data, NULL, &local))
    {
      g_set_error_literal (error, LOKET_ERROR,
                           g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                           ? LOKET_ERROR_NOT_FOUND : LOKET_ERROR_FAILED, local->message);
      return FALSE;
    }
  if (!g_utf8_validate (data, -1, NULL))
    return fail_at (error, path, 1, "syntax", "not UTF-8 text");
  return loket_simulation_load_csv_data (self, data, path, error);
}

/* ---- drawing the days ---------------------------------------------------- */

/* Exponential with mean @minutes, in whole µs (at least one). */
static gint64
draw_exponential (GRand *rand, double minutes)
{
  double x = -log (1.0 - g_rand_double (rand)) * minutes * LOKET_SIM_USEC_PER_MINUTE;

  return MAX ((gint64) x, 1);
}

/* The service mix: DailyQuota as weights, a service without a quota
 * weighing as much as the mean quota (as much as any when none has one). */
static GArray *
service_weights (LoketSimulation *self)
{
  GPtrArray *services = loket_charter_get_services (self->charter);
  GArray *weights = g_array_sized_new (FALSE, TRUE, sizeof (double), services->len);
  double sum = 0.0, mean;
  guint with_quota = 0;

  for (guint i = 0; i < services->len; i++)
    {
      guint quota = ((LoketServiceDef *) g_ptr_array_index (services, i))->daily_quota;

      sum += quota;
      with_quota += quota > 0;
    }
  mean = with_quota ? sum / with_quota : 1.0;
  for (guint i = 0; i < services->len; i++)
    {
      guint quota = ((LoketServiceDef *) g_ptr_array_index (services, i))->daily_quota;
      double w = quota ? quota : mean;

      g_array_append_val (weights, w);
    }
  return weights;
}

static guint
draw_service (GRand *rand, GArray *weights)
{
  double total = 0.0, x;

  for (guint i = 0; i < weights->len; i++)
    total += g_array_index (weights, double, i);
  x = g_rand_double (rand) * total;
  for (guint i = 0; i < weights->len; i++)
    {
      x -= g_array_index (weights, double, i);
      if (x < 0.0)
        return i;
    }
  return weights->len - 1;
}

/* One day of a profile: Poisson arrivals hour by hour (the exponential
 * gap restarts at each hour, which memorylessness makes exact). */
static GArray *
draw_profile_day (LoketSimulation *self, GRand *rand, GArray *weights)
{
  GArray *day = g_array_new (FALSE, TRUE, sizeof (LoketSimTicket));

  for (guint h = 0; h < 24; h++)
    {
      double rate = self->profile.per_hour[h];
      gint64 at = h * USEC_PER_HOUR;

      if (rate <= 0.0)
        continue;
      while ((at += draw_exponential (rand, 60.0 / rate)) < (gint64) (h + 1) * USEC_PER_HOUR)
        {
          LoketSimTicket t = { day->len + 1, at, draw_service (rand, weights), FALSE, 0 };
          const LoketServiceDef *s = loket_simulation_service (self, t.service);

          t.priority = g_rand_double (rand) < self->profile.priority_share &&
                       s->priority_groups[0] != NULL;
          g_array_append_val (day, t);
        }
    }
  return day;
}

static void
draw_service_times (LoketSimulation *self, GRand *rand, GArray *day)
{
  for (guint i = 0; i < day->len; i++)
    {
      LoketSimTicket *t = &g_array_index (day, LoketSimTicket, i);

      t->service_usec = draw_exponential (rand, loket_simulation_service (self, t->service)
                                                ->promised_service_minutes);
    }
}

gboolean
loket_simulation_prepare (LoketSimulation *self,
                          GError         **error)
{
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GArray) weights = NULL;

  if (self->days != NULL)
    return TRUE;
  if (self->source_days == NULL && !self->have_profile)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "no arrivals: give a CSV file or a profile");
      return FALSE;
    }
  rand = g_rand_new_with_seed (self->seed);
  weights = service_weights (self);
  self->days = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint d = 0; d < self->n_days; d++)
    for (guint k = 0; k < (self->source_days ? self->source_days->len : 1); k++)
      {
        GArray *day = self->source_days
                      ? g_array_copy (g_ptr_array_index (self->source_days, k))
                      : draw_profile_day (self, rand, weights);

        draw_service_times (self, rand, day);
        g_ptr_array_add (self->days, day);
      }
  return TRUE;
}

guint
loket_simulation_get_tickets (LoketSimulation *self)
{
  guint n = 0;

  if (!loket_simulation_prepare (self, NULL))
    return 0;
  for (guint i = 0; i < self->days->len; i++)
    n += ((GArray *) g_ptr_array_index (self->days, i))->len;
  return n;
}
