/* loketctl-simulate.c — `loketctl simulate`: an office day replayed under
 * each routing policy, and Erlang C's staffing advice hour by hour.
 *
 * Offline, like `verify`: it reads the charter and the arrivals and talks
 * to no server.  The simulation itself is LoketSimulation (common/); this
 * file only turns options into a simulation and results into text or one
 * JSON object (docs/simulator.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loketctl"

#include "loketctl-simulate.h"

#include <json-glib/json-glib.h>

#include "loket-charter.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-routing.h"
#include "loket-simulator.h"

#define SYNOPSIS "simulate --charter FILE (--arrivals CSV | --profile NAME) [--policy P …] " \
                 "[--counters N] [--days D] [--seed S] [--target 0.9] [--json]"

typedef struct {
  const char *charter;
  const char *arrivals;
  const char *profile;
  GArray     *policies;   /* LoketRoutingPolicy */
  guint       counters;   /* 0: the charter's */
  guint       days;
  guint32     seed;
  double      target;
} Options;

/* Option errors are usage errors (exit 2): they start with "usage:". */
static gboolean
usage_error (GError **error, const char *name, const char *expected, const char *value)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "usage: --%s: expected %s, got “%s”",
               name, expected, value);
  return FALSE;
}

static gboolean
get_number (GHashTable *options, const char *name, guint64 min, guint64 max, guint64 fallback,
            guint64 *out, GError **error)
{
  const char *text = g_hash_table_lookup (options, name);

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    {
      g_autofree char *expected = g_strdup_printf ("a whole number from %" G_GUINT64_FORMAT
                                                   " to %" G_GUINT64_FORMAT, min, max);

      return usage_error (error, name, expected, text);
    }
  return TRUE;
}

static gboolean
get_policies (GHashTable *options, LoketCharter *charter, GArray *policies, GError **error)
{
  const char *text = g_hash_table_lookup (options, "policy");
  g_auto(GStrv) names = g_strsplit (text ? text : "", ",", -1);
  LoketRoutingPolicy policy;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (*g_strstrip (names[i]) == '\0')
        continue;
      if (!loket_routing_policy_from_string (names[i], &policy))
        return usage_error (error, "policy", "fifo, priority-ratio or earliest-deadline", names[i]);
      g_array_append_val (policies, policy);
    }
  /* None asked for: the one the charter prescribes. */
  if (policies->len == 0)
    {
      policy = loket_charter_get_routing_policy (charter);
      g_array_append_val (policies, policy);
    }
  return TRUE;
}

static gboolean
get_options (GHashTable *options, GPtrArray *args, LoketCharter **charter, Options *o, GError **error)
{
  const char *target = g_hash_table_lookup (options, "target");
  guint64 counters, days, seed;
  char *end = NULL;

  o->charter = g_hash_table_lookup (options, "charter");
  o->arrivals = g_hash_table_lookup (options, "arrivals");
  o->profile = g_hash_table_lookup (options, "profile");
  if (args->len != 1 || o->charter == NULL || (o->arrivals == NULL) == (o->profile == NULL))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "usage: loketctl %s", SYNOPSIS);
      return FALSE;
    }
  o->target = target ? g_ascii_strtod (target, &end) : 0.9;
  if (target != NULL && (*end != '\0' || !(o->target > 0.0 && o->target < 1.0)))
    return usage_error (error, "target", "a share between 0 and 1, like 0.9", target);
  if (!get_number (options, "counters", 1, 1000, 0, &counters, error) ||
      !get_number (options, "days", 1, 10000, 1, &days, error) ||
      !get_number (options, "seed", 0, G_MAXUINT32, 1, &seed, error))
    return FALSE;
  o->counters = (guint) counters;
  o->days = (guint) days;
  o->seed = (guint32) seed;
  *charter = loket_charter_new_from_file (o->charter, error);
  return *charter != NULL && get_policies (options, *charter, o->policies, error);
}

/* ---- output -------------------------------------------------------------- */

static JsonObject *
result_to_json (const LoketSimResult *r)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "policy", loket_routing_policy_to_string (r->policy));
  json_object_set_int_member (o, "served", r->served);
  json_object_set_int_member (o, "priority_served", r->priority_served);
  json_object_set_double_member (o, "mean_wait_minutes", r->mean_wait);
  json_object_set_double_member (o, "p90_wait_minutes", r->p90_wait);
  json_object_set_double_member (o, "max_wait_minutes", r->max_wait);
  json_object_set_double_member (o, "within_promise", r->within_promise);
  json_object_set_double_member (o, "within_estimate", r->within_estimate);
  json_object_set_double_member (o, "estimate_ranges", r->estimate_ranges);
  json_object_set_double_member (o, "priority_mean_wait_minutes", r->priority_mean_wait);
  json_object_set_double_member (o, "regular_mean_wait_minutes", r->regular_mean_wait);
  return o;
}

static JsonObject *
hour_to_json (const LoketStaffingHour *h)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "hour", h->hour);
  json_object_set_double_member (o, "arrivals_per_hour", h->arrivals_per_hour);
  json_object_set_double_member (o, "mean_service_minutes", h->mean_service);
  json_object_set_double_member (o, "load_erlangs", h->load);
  json_object_set_int_member (o, "counters_needed", h->counters_needed);
  json_object_set_double_member (o, "within_promise_with_counters", h->within_with_counters);
  return o;
}

static void
print_json (const Options *o, LoketSimulation *sim, GArray *results, GArray *hours)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autofree char *text = NULL;
  JsonArray *policies = json_array_new (), *staffing = json_array_new ();

  json_object_set_string_member (root, "charter", o->charter);
  json_object_set_string_member (root, o->arrivals ? "arrivals" : "profile",
                                 o->arrivals ? o->arrivals : o->profile);
  json_object_set_int_member (root, "days", o->days);
  json_object_set_int_member (root, "seed", o->seed);
  json_object_set_int_member (root, "counters", loket_simulation_get_counters (sim));
  json_object_set_int_member (root, "tickets", loket_simulation_get_tickets (sim));
  json_object_set_double_member (root, "target", o->target);
  for (guint i = 0; i < results->len; i++)
    json_array_add_object_element (policies, result_to_json (&g_array_index (results, LoketSimResult, i)));
  for (guint i = 0; i < hours->len; i++)
    json_array_add_object_element (staffing, hour_to_json (&g_array_index (hours, LoketStaffingHour, i)));
  json_object_set_array_member (root, "policies", policies);
  json_object_set_array_member (root, "staffing", staffing);
  text = loket_json_to_string (root);
  g_print ("%s\n", text);
}

static void
print_text (const Options *o, LoketSimulation *sim, GArray *results, GArray *hours)
{
  guint counters = loket_simulation_get_counters (sim);

  g_print ("%u day(s), seed %u, %u counters, %s %s: %u tickets\n\n", o->days, o->seed, counters,
           o->arrivals ? "arrivals" : "profile", o->arrivals ? o->arrivals : o->profile,
           loket_simulation_get_tickets (sim));
  g_print ("%-18s %7s %7s %7s %7s %8s %9s %8s %9s\n", "policy", "served", "mean", "p90", "max",
           "within", "priority", "regular", "estimate");
  for (guint i = 0; i < results->len; i++)
    {
      const LoketSimResult *r = &g_array_index (results, LoketSimResult, i);

      g_print ("%-18s %7u %7.1f %7.1f %7.1f %7.1f%% %9.1f %8.1f %8.1f%%\n",
               loket_routing_policy_to_string (r->policy),
               r->served, r->mean_wait, r->p90_wait, r->max_wait, 100.0 * r->within_promise,
               r->priority_mean_wait, r->regular_mean_wait, 100.0 * r->within_estimate);
    }
  g_print ("(waits in minutes; within: called within the service's promised wait; estimate: called\n"
           " within the wait their ticket showed)\n\n");
  g_print ("Erlang C staffing for %.0f%% called within their promise:\n", 100.0 * o->target);
  g_print ("%-6s %10s %8s %7s %8s %14s\n", "hour", "arrivals/h", "service", "load", "needed",
           "within with N");
  for (guint i = 0; i < hours->len; i++)
    {
      const LoketStaffingHour *h = &g_array_index (hours, LoketStaffingHour, i);

      g_print ("%02u:00  %10.1f %8.1f %7.2f %8u %13.1f%%\n", h->hour, h->arrivals_per_hour,
               h->mean_service, h->load, h->counters_needed, 100.0 * h->within_with_counters);
    }
  g_print ("(N = %u; one shared line, exponential service: a guide, not a promise)\n", counters);
}

gboolean
loketctl_simulate (GHashTable *options,
                   GPtrArray  *args,
                   gboolean    json,
                   GError    **error)
{
  g_autoptr(GArray) policies = g_array_new (FALSE, FALSE, sizeof (LoketRoutingPolicy));
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (LoketSimResult));
  g_autoptr(GArray) hours = NULL;
  g_autoptr(LoketCharter) charter = NULL;
  g_autoptr(LoketSimulation) sim = NULL;
  Options o = { .policies = policies };

  if (!get_options (options, args, &charter, &o, error))
    return FALSE;
  sim = loket_simulation_new (charter, o.counters, o.days, o.seed, error);
  if (sim == NULL ||
      !(o.arrivals ? loket_simulation_load_csv (sim, o.arrivals, error)
                   : loket_simulation_use_profile (sim, o.profile, error)))
    return FALSE;
  for (guint i = 0; i < policies->len; i++)
    {
      LoketSimResult r;

      if (!loket_simulation_run (sim, g_array_index (policies, LoketRoutingPolicy, i), &r, error))
        return FALSE;
      g_array_append_val (results, r);
    }
  hours = loket_simulation_staffing (sim, o.target, error);
  if (hours == NULL)
    return FALSE;
  if (json)
    print_json (&o, sim, results, hours);
  else
    print_text (&o, sim, results, hours);
  return TRUE;
}
