/* test-simulator.c — the simulated office is deterministic for a seed,
 * agrees with queueing theory where theory has the answer (M/M/c against
 * Erlang C), reads arrival files strictly, and lays out counters as
 * docs/simulator.md says.  No clocks: simulated time only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-erlang.h"
#include "loket-error.h"
#include "loket-routing.h"
#include "loket-simulator.h"


/* One service, one counter: the M/M/c case once --counters is given. */
static const char single_text[] =
  "[Office]\nName=Kantor\nOpeningHours=Mon-Sun 00:00-24:00\nRoutingPolicy=fifo\n"
  "[Service one]\nSeries=A\nName=Satu\nRequirements=KK\nPromisedWaitMinutes=10\n"
  "PromisedServiceMinutes=10\n"
  "[Counter 1]\nName=Loket 1\nServices=one\n";

/* Two services, a priority group, counters with preferences. */
static const char office_text[] =
  "[Office]\nName=Kantor\nTimeZone=Asia/Makassar\nOpeningHours=Mon-Fri 08:00-15:00\nPriorityRatio=2:1\n"
  "[PriorityGroup elderly]\nName=Lansia\n"
  "[Service ktp]\nSeries=A\nName=KTP\nRequirements=KK\nPromisedWaitMinutes=30\n"
  "PromisedServiceMinutes=12\nDailyQuota=60\nPriorityGroups=elderly\n"
  "[Service akta]\nSeries=B\nName=Akta\nRequirements=KK\nPromisedWaitMinutes=45\n"
  "PromisedServiceMinutes=20\nDailyQuota=30\n"
  "[Counter 1]\nName=Loket 1\nServices=ktp\n"
  "[Counter 2]\nName=Loket 2\nServices=akta\nSecondaryServices=ktp\n";

static LoketCharter *
charter_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  LoketCharter *charter = loket_charter_new_from_data (text, -1, "charter.ini", &error);

  g_assert_no_error (error);
  return charter;
}

static LoketSimulation *
simulation (LoketCharter *charter, guint counters, guint days, guint32 seed, const char *profile)
{
  g_autoptr(GError) error = NULL;
  LoketSimulation *sim = loket_simulation_new (charter, counters, days, seed, &error);

  g_assert_no_error (error);
  if (profile != NULL)
    {
      g_assert_true (loket_simulation_use_profile (sim, profile, &error));
      g_assert_no_error (error);
    }
  return sim;
}

static LoketSimResult
run (LoketSimulation *sim, LoketRoutingPolicy policy)
{
  g_autoptr(GError) error = NULL;
  LoketSimResult r;

  g_assert_true (loket_simulation_run (sim, policy, &r, &error));
  g_assert_no_error (error);
  return r;
}

static gboolean
same_result (const LoketSimResult *a, const LoketSimResult *b)
{
  return a->policy == b->policy && a->served == b->served && a->priority_served == b->priority_served &&
         a->mean_wait == b->mean_wait && a->p90_wait == b->p90_wait && a->max_wait == b->max_wait &&
         a->within_promise == b->within_promise && a->priority_mean_wait == b->priority_mean_wait &&
         a->regular_mean_wait == b->regular_mean_wait;
}

/* The same seed gives the same days and the same results, to the bit;
 * another seed gives other days. */
static void
test_deterministic (void)
{
  g_autoptr(LoketCharter) charter = charter_of (office_text);

  for (guint policy = LOKET_ROUTING_FIFO; policy <= LOKET_ROUTING_EARLIEST_DEADLINE; policy++)
    {
      g_autoptr(LoketSimulation) a = simulation (charter, 0, 5, 42, "dukcapil-weekday");
      g_autoptr(LoketSimulation) b = simulation (charter, 0, 5, 42, "dukcapil-weekday");
      g_autoptr(LoketSimulation) c = simulation (charter, 0, 5, 43, "dukcapil-weekday");
      LoketSimResult ra = run (a, policy), rb = run (b, policy), rc = run (c, policy);
      LoketSimResult again = run (a, policy);

      g_assert_cmpuint (ra.served, ==, loket_simulation_get_tickets (a));
      g_assert_true (same_result (&ra, &rb));
      g_assert_true (same_result (&ra, &again));
      g_assert_false (same_result (&ra, &rc));
    }
}

/* M/M/3 at 70 % load (λ = 12.6/h, 10 minutes' service), FIFO, all day
 * for 200 days: the mean wait and the share called within 10 minutes
 * agree with Erlang C.  The seed is fixed, so this is not flaky; the
 * tolerance covers the sampling error (about ±6 % for the mean over
 * seeds 1–12) and the bias of starting each day empty (about −3 %). */
static void
test_mmc_matches_erlang (void)
{
  g_autoptr(LoketCharter) charter = charter_of (single_text);
  g_autoptr(LoketSimulation) sim = simulation (charter, 3, 200, 1, NULL);
  LoketArrivalProfile profile = { "all-day", { 0 }, 0.0 };
  double rate = 12.6, expected_mean, expected_within;
  LoketSimResult r;

  for (guint h = 0; h < 24; h++)
    profile.per_hour[h] = rate;
  loket_simulation_set_profile (sim, &profile);
  r = run (sim, LOKET_ROUTING_FIFO);
  expected_mean = loket_erlang_mean_wait (3, rate / 60, 10.0);
  expected_within = loket_erlang_within (3, rate / 60, 10.0, 10.0);
  g_test_message ("mean wait %.3f (Erlang C %.3f), within %.4f (%.4f), %u served",
                  r.mean_wait, expected_mean, r.within_promise, expected_within, r.served);
  g_assert_cmpuint (r.served, >, 55000);
  g_assert_cmpfloat_with_epsilon (r.mean_wait, expected_mean, 0.10 * expected_mean);
  g_assert_cmpfloat_with_epsilon (r.within_promise, expected_within, 0.025);
  g_assert_cmpfloat (r.priority_mean_wait, ==, 0.0);
}

/* The staffing table follows the hours of the profile, and the counters
 * it advises reach the target by Erlang C while one fewer does not. */
static void
test_staffing (void)
{
  g_autoptr(LoketCharter) charter = charter_of (single_text);
  g_autoptr(LoketSimulation) sim = simulation (charter, 2, 30, 5, "flat:20");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hours = loket_simulation_staffing (sim, 0.9, &error);
  double t = 10.0;

  g_assert_no_error (error);
  g_assert_cmpuint (hours->len, ==, 7);
  for (guint i = 0; i < hours->len; i++)
    {
      const LoketStaffingHour *h = &g_array_index (hours, LoketStaffingHour, i);
      double rate = h->arrivals_per_hour / 60;

      g_assert_cmpuint (h->hour, ==, 8 + i);
      g_assert_cmpfloat_with_epsilon (h->arrivals_per_hour, 20.0, 2.5);
      g_assert_cmpfloat (h->mean_service, ==, 10.0);
      g_assert_cmpfloat (loket_erlang_within (h->counters_needed, rate, 10.0, t), >=, 0.9);
      g_assert_cmpfloat (loket_erlang_within (h->counters_needed - 1, rate, 10.0, t), <, 0.9);
      g_assert_cmpfloat (h->within_with_counters, ==, loket_erlang_within (2, rate, 10.0, t));
    }
}

/* Priority citizens wait less under the ratio than under FIFO, where they
 * wait like everyone else; every ticket is served under every policy. */
static void
test_policies_differ (void)
{
  g_autoptr(LoketCharter) charter = charter_of (office_text);
  g_autoptr(LoketSimulation) sim = simulation (charter, 0, 20, 7, "flat:7");
  LoketSimResult fifo = run (sim, LOKET_ROUTING_FIFO);
  LoketSimResult ratio = run (sim, LOKET_ROUTING_PRIORITY_RATIO);
  LoketSimResult edf = run (sim, LOKET_ROUTING_EARLIEST_DEADLINE);

  g_assert_cmpuint (fifo.served, ==, ratio.served);
  g_assert_cmpuint (fifo.served, ==, edf.served);
  g_assert_cmpuint (fifo.priority_served, >, 0);
  g_assert_cmpfloat (ratio.priority_mean_wait, <, ratio.regular_mean_wait);
  g_assert_cmpfloat (ratio.priority_mean_wait, <, fifo.priority_mean_wait);
  g_assert_cmpfloat (edf.priority_mean_wait, <, edf.regular_mean_wait);
  g_assert_cmpfloat (fifo.p90_wait, <=, fifo.max_wait);
  g_assert_cmpfloat (fifo.mean_wait, <=, fifo.max_wait);
}

/* The estimate on each ticket replays the routing: under every policy
 * most citizens are called within the wait their ticket showed (the
 * share docs/routing.md states for the sample charter), and in an office
 * that keeps up (flat:5, two counters) nearly all; a ticket shows a
 * range only where the spread is wide. */
static void
test_estimates_hold (void)
{
  g_autoptr(LoketCharter) charter = charter_of (office_text);
  g_autoptr(LoketSimulation) busy = simulation (charter, 0, 20, 7, "flat:7");
  g_autoptr(LoketSimulation) calm = simulation (charter, 0, 20, 7, "flat:4");

  for (LoketRoutingPolicy p = LOKET_ROUTING_FIFO; p <= LOKET_ROUTING_EARLIEST_DEADLINE; p++)
    {
      LoketSimResult b = run (busy, p), c = run (calm, p);

      g_test_message ("%s: within the estimate %.1f%% (busy), %.1f%% (calm); ranges %.1f%%",
                      loket_routing_policy_to_string (p), 100 * b.within_estimate,
                      100 * c.within_estimate, 100 * b.estimate_ranges);
      g_assert_cmpfloat (b.within_estimate, >=, 0.8);
      g_assert_cmpfloat (c.within_estimate, >=, 0.9);
      g_assert_cmpfloat (b.within_estimate, <=, 1.0);
      g_assert_cmpfloat (b.estimate_ranges, >, 0.0);
      g_assert_cmpfloat (b.estimate_ranges, <, 1.0);
    }
}

/* Without --counters, the charter's counters; with more, the extra ones
 * serve everything. */
static void
test_counters (void)
{
  g_autoptr(LoketCharter) charter = charter_of (office_text);
  g_autoptr(LoketSimulation) own = simulation (charter, 0, 1, 1, "quiet");
  g_autoptr(LoketSimulation) more = simulation (charter, 4, 1, 1, "quiet");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (loket_simulation_get_counters (own), ==, 2);
  g_assert_cmpuint (loket_simulation_get_counters (more), ==, 4);
  g_assert_cmpfloat (run (more, LOKET_ROUTING_FIFO).mean_wait, <=, run (own, LOKET_ROUTING_FIFO).mean_wait);
  g_assert_null (loket_simulation_new (charter, 0, 0, 1, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

/* A day read from CSV: times of day or timestamps, a header, comments,
 * "-" or nothing for a regular ticket. */
static void
test_csv (void)
{
  g_autoptr(LoketCharter) charter = charter_of (office_text);
  g_autoptr(LoketSimulation) day = simulation (charter, 0, 3, 1, NULL);
  g_autoptr(LoketSimulation) dated = simulation (charter, 0, 1, 1, NULL);
  g_autoptr(GError) error = NULL;
  LoketSimResult r;

  g_assert_true (loket_simulation_load_csv_data (day, "time,service,priority\n"
                                                 "# the first hour\n08:00,ktp,\n08:00:30,akta\n"
                                                 "08:01,ktp,elderly\n\n08:02,ktp,-\n", "a.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loket_simulation_get_tickets (day), ==, 12);   /* the day, three times */
  r = run (day, LOKET_ROUTING_PRIORITY_RATIO);
  g_assert_cmpuint (r.served, ==, 12);
  g_assert_cmpuint (r.priority_served, ==, 3);
  /* Two dates (in the office's zone, UTC+8: 17:30Z is the next day). */
  g_assert_true (loket_simulation_load_csv_data (dated, "2026-11-25T08:00:00+08:00,ktp\n"
                                                 "2026-11-25T17:30:00Z,akta\n"
                                                 "2026-11-26T09:00:00,ktp\n", "b.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loket_simulation_get_tickets (dated), ==, 3);
  r = run (dated, LOKET_ROUTING_FIFO);
  g_assert_cmpfloat (r.max_wait, ==, 0.0);   /* nobody ever meets anyone */
}

static void
assert_csv_refused (const char *data, const char *message)
{
  g_autoptr(LoketCharter) charter = charter_of (office_text);
  g_autoptr(LoketSimulation) sim = simulation (charter, 0, 1, 1, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (loket_simulation_load_csv_data (sim, data, "day.csv", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_csv_refused (void)
{
  assert_csv_refused ("08:00,ktp\n8.15,ktp\n",
                      "day.csv:2: time: “8.15” is not a time of day like 08:15 or a timestamp "
                      "like 2026-11-25T08:15:00+07:00");
  assert_csv_refused ("24:00,ktp\n", "day.csv:1: time: “24:00” is not a time of day like 08:15 or a "
                                     "timestamp like 2026-11-25T08:15:00+07:00");
  assert_csv_refused ("\n08:00,kk\n", "day.csv:2: service: no [Service kk] in the charter");
  assert_csv_refused ("08:00,akta,elderly\n", "day.csv:1: priority: [Service akta] takes no priority "
                                              "group “elderly”");
  assert_csv_refused ("08:00\n", "day.csv:1: syntax: expected time,service[,priority], got 1 columns");
  assert_csv_refused ("# nothing\n", "day.csv:1: syntax: no arrivals in the file");
}

static void
test_profiles (void)
{
  g_autoptr(LoketCharter) charter = charter_of (office_text);
  g_autoptr(LoketSimulation) sim = simulation (charter, 0, 1, 1, NULL);
  g_autoptr(LoketSimulation) empty = simulation (charter, 0, 1, 1, NULL);
  g_autoptr(GError) error = NULL;
  LoketSimResult r;

  for (const char * const *name = loket_simulation_profile_names (); *name; name++)
    if (!g_str_equal (*name, "flat:N"))
      {
        g_assert_true (loket_simulation_use_profile (sim, *name, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (loket_simulation_get_tickets (sim), >, 0);
      }
  g_assert_false (loket_simulation_use_profile (sim, "flat:0", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (loket_simulation_run (empty, LOKET_ROUTING_FIFO, &r, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/simulator/deterministic", test_deterministic);
  g_test_add_func ("/simulator/mmc-matches-erlang", test_mmc_matches_erlang);
  g_test_add_func ("/simulator/staffing", test_staffing);
  g_test_add_func ("/simulator/policies-differ", test_policies_differ);
  g_test_add_func ("/simulator/counters", test_counters);
  g_test_add_func ("/simulator/estimates-hold", test_estimates_hold);
  g_test_add_func ("/simulator/csv", test_csv);
  g_test_add_func ("/simulator/csv-refused", test_csv_refused);
  g_test_add_func ("/simulator/profiles", test_profiles);
  return g_test_run ();
}
