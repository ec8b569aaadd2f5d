/* test-erlang.c — Erlang B and C against published figures and closed
 * forms, and the staffing search against the examples it must reproduce.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-erlang.h"
#include "loket-error.h"

#include <math.h>

#define assert_near(a, b, tol) g_assert_cmpfloat_with_epsilon ((a), (b), (tol))

/* Erlang B tables (as printed in traffic-engineering handbooks, e.g. the
 * ITU-D/ITC Teletraffic Engineering Handbook): 1 %
 * blocking at 10 lines is 4.46 Erlangs, at 100 lines 84.06 Erlangs; 5 %
 * at 5 lines is 2.22 Erlangs.  The 100-line case also shows that the
 * recursion needs no factorials. */
static void
test_erlang_b_tables (void)
{
  assert_near (loket_erlang_b (10, 4.46), 0.01, 0.0002);
  assert_near (loket_erlang_b (100, 84.06), 0.01, 0.0002);
  assert_near (loket_erlang_b (5, 2.22), 0.05, 0.0005);
  g_assert_cmpfloat (loket_erlang_b (0, 3.0), ==, 1.0);
  g_assert_true (isfinite (loket_erlang_b (2000, 1990.0)));
}

/* Closed forms: M/M/1 waits with probability ρ and for ρ/(μ − λ) on
 * average; M/M/2 waits with probability a²/(2 + a). */
static void
test_closed_forms (void)
{
  assert_near (loket_erlang_c (1, 0.75), 0.75, 1e-12);
  assert_near (loket_erlang_mean_wait (1, 0.75, 1.0), 0.75 / (1.0 - 0.75), 1e-12);
  assert_near (loket_erlang_c (2, 1.2), 1.2 * 1.2 / (2 + 1.2), 1e-12);
  assert_near (loket_erlang_within (1, 0.25, 2.0, 0.0), 1.0 - 0.5, 1e-12);
  g_assert_cmpfloat (loket_erlang_c (3, 3.0), ==, 1.0);
  g_assert_cmpfloat (loket_erlang_mean_wait (3, 3.0, 1.0), ==, G_MAXDOUBLE);
  g_assert_cmpfloat (loket_erlang_c (3, 0.0), ==, 0.0);
}

/* Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked
 * Example": 100 calls per half hour, 180 s average handling, 80 % to be
 * answered within 20 s.  10 Erlangs; 11 agents wait with probability
 * 68.21 %, answer 39 % within 20 s, with an average speed of answer of
 * 122.8 s; 14 agents reach the 80 % target (88.8 %), 13 do not (79.6 %). */
static void
test_call_centre_helper (void)
{
  double rate = 200.0 / 3600.0, aht = 180.0;   /* per second, seconds */
  g_autoptr(GError) error = NULL;
  guint agents = 0;

  assert_near (loket_erlang_c (11, rate * aht), 0.6821, 0.00005);
  assert_near (loket_erlang_within (11, rate, aht, 20.0), 0.3896, 0.0005);
  assert_near (loket_erlang_mean_wait (11, rate, aht), 122.8, 0.05);
  assert_near (loket_erlang_within (13, rate, aht, 20.0), 0.7956, 0.0005);
  assert_near (loket_erlang_within (14, rate, aht, 20.0), 0.8884, 0.0005);
  g_assert_true (loket_erlang_agents_for (rate, aht, 20.0, 0.8, &agents, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (agents, ==, 14);
}

/* The step-by-step example of Westbay Engineers' "The Erlang-C Formula":
 * 360 calls per half hour of 240 s, 55 agents, 15 s target.  The inputs
 * are the page's; the figures were recomputed independently from the
 * closed form with factorials (Python): 48 Erlangs, occupancy 87.3 %,
 * probability of waiting 23.87 %, mean wait 8.18 s, 84.6 % within 15 s. */
static void
test_westbay (void)
{
  double rate = 360.0 / 1800.0, duration = 240.0;

  assert_near (loket_erlang_c (55, rate * duration), 0.2387, 0.0001);
  assert_near (loket_erlang_mean_wait (55, rate, duration), 8.18, 0.01);
  assert_near (loket_erlang_within (55, rate, duration, 15.0), 0.8459, 0.0005);
}

/* A mix of promises: the share within is the weighted mean of each
 * group's share, and a staffing that meets the mix meets the average. */
static void
test_mix (void)
{
  double t[] = { 10.0, 30.0 }, w[] = { 3.0, 1.0 };
  double rate = 1.0, service = 4.0;
  double mix = loket_erlang_within_mix (5, rate, service, t, w, 2);
  guint agents = 0;

  assert_near (mix, (3 * loket_erlang_within (5, rate, service, 10.0) +
                     loket_erlang_within (5, rate, service, 30.0)) / 4, 1e-12);
  g_assert_true (loket_erlang_agents_for_mix (rate, service, t, w, 2, 0.9, &agents, NULL));
  g_assert_cmpfloat (loket_erlang_within_mix (agents, rate, service, t, w, 2), >=, 0.9);
  g_assert_cmpfloat (loket_erlang_within_mix (agents - 1, rate, service, t, w, 2), <, 0.9);
}

static void
test_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  guint agents = 7;

  g_assert_false (loket_erlang_agents_for (1.0, 0.0, 1.0, 0.9, &agents, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (loket_erlang_agents_for (1.0, 1.0, 1.0, 1.0, &agents, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_true (loket_erlang_agents_for (0.0, 1.0, 1.0, 0.9, &agents, NULL));
  g_assert_cmpuint (agents, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/erlang/b-tables", test_erlang_b_tables);
  g_test_add_func ("/erlang/closed-forms", test_closed_forms);
  g_test_add_func ("/erlang/call-centre-helper", test_call_centre_helper);
  g_test_add_func ("/erlang/westbay", test_westbay);
  g_test_add_func ("/erlang/mix", test_mix);
  g_test_add_func ("/erlang/bad-input", test_bad_input);
  return g_test_run ();
}
