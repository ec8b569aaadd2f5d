/* test-loketctl-simulate.c — `loketctl simulate` end to end: the real
 * binary on the sample charter, a profile and a CSV file, text and JSON,
 * the same output for the same seed, and the exit codes of the CLI
 * contract (docs/operations.md: 1 refused, 2 usage).  No server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-message.h"

#include <glib/gstdio.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <sys/wait.h>

static char *charter;   /* the sample charter */

/* Runs loketctl with the NULL-terminated arguments; stdout, and stderr in
 * @err when asked. */
static char *
ctl (int *status, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKETCTL"));
  va_start (args, err);
  for (const char *a = va_arg (args, const char *); a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, err, status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (*status) ? WEXITSTATUS (*status) : -1;
  return out;
}

static void
test_text (void)
{
  int status;
  g_autofree char *out = ctl (&status, NULL, "simulate", "--charter", charter, "--profile",
                              "dukcapil-weekday", "--policy", "fifo", "--policy", "priority-ratio",
                              "--days", "3", "--seed", "9", NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "3 day(s), seed 9, 5 counters, profile dukcapil-weekday"));
  g_assert_nonnull (strstr (out, "\nfifo "));
  g_assert_nonnull (strstr (out, "\npriority-ratio "));
  g_assert_null (strstr (out, "\nearliest-deadline "));
  g_assert_nonnull (strstr (out, "Erlang C staffing for 90% called within their promise"));
  g_assert_nonnull (strstr (out, "\n09:00 "));
}

static JsonObject *
simulate_json (const char *seed, const char *days)
{
  int status;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = ctl (&status, NULL, "--json", "simulate", "--charter", charter, "--profile",
                              "dukcapil-weekday", "--policy", "fifo,priority-ratio", "--policy",
                              "earliest-deadline", "--days", days, "--seed", seed, "--target", "0.8",
                              NULL);
  JsonObject *o;

  g_assert_cmpint (status, ==, 0);
  o = loket_json_from_string (out, -1, &error);
  g_assert_no_error (error);
  return o;
}

/* One JSON object; every policy on the same tickets; a seed repeats. */
static void
test_json (void)
{
  g_autoptr(JsonObject) a = simulate_json ("3", "2");
  g_autoptr(JsonObject) b = simulate_json ("3", "2");
  g_autoptr(JsonObject) c = simulate_json ("4", "2");
  JsonArray *policies = json_object_get_array_member (a, "policies");
  JsonArray *staffing = json_object_get_array_member (a, "staffing");
  g_autofree char *text_a = loket_json_to_string (a);
  g_autofree char *text_b = loket_json_to_string (b);
  g_autofree char *text_c = loket_json_to_string (c);

  g_assert_cmpint (json_object_get_int_member (a, "counters"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (a, "days"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (a, "target"), ==, 0.8);
  g_assert_cmpuint (json_array_get_length (policies), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *p = json_array_get_object_element (policies, i);

      g_assert_cmpint (json_object_get_int_member (p, "served"), ==,
                       json_object_get_int_member (a, "tickets"));
      g_assert_true (json_object_has_member (p, "p90_wait_minutes"));
      g_assert_true (json_object_has_member (p, "within_promise"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (policies, 2), "policy"),
                   ==, "earliest-deadline");
  g_assert_cmpuint (json_array_get_length (staffing), ==, 7);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (staffing, 0), "hour"), ==, 8);
  g_assert_cmpstr (text_a, ==, text_b);
  g_assert_cmpstr (text_a, !=, text_c);
}

/* A day from a CSV file, on more counters than the charter has. */
static void
test_csv (void)
{
  g_autofree char *dir = g_dir_make_tmp ("loket-sim-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "day.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *out = NULL, *out2 = NULL, *err = NULL;
  g_autofree char *expected = NULL;
  int status;

  g_assert_true (g_file_set_contents (csv, "time,service,priority\n08:00,ktp-el,\n08:01,kk,elderly\n"
                                           "08:02,kia,children\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "08:00,ktp-el\n08:01,passport\n", -1, NULL));
  out = ctl (&status, NULL, "simulate", "--charter", charter, "--arrivals", csv, "--counters", "7", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "1 day(s), seed 1, 7 counters, arrivals "));
  g_assert_nonnull (strstr (out, ": 3 tickets"));
  out2 = ctl (&status, &err, "simulate", "--charter", charter, "--arrivals", bad, NULL);
  g_assert_cmpint (status, ==, 1);
  expected = g_strdup_printf ("loketctl: %s:2: service: no [Service passport] in the charter\n", bad);
  g_assert_cmpstr (err, ==, expected);
  g_unlink (csv);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
assert_usage (const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LOKETCTL"));
  g_ptr_array_add (argv, "simulate");
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
}

static void
test_usage (void)
{
  int status;
  g_autofree char *out = NULL;

  assert_usage ("--profile", "quiet", NULL);
  assert_usage ("--charter", charter, NULL);
  assert_usage ("--charter", charter, "--profile", "quiet", "--arrivals", "x.csv", NULL);
  assert_usage ("--charter", charter, "--profile", "quiet", "--policy", "random", NULL);
  assert_usage ("--charter", charter, "--profile", "quiet", "--days", "0", NULL);
  assert_usage ("--charter", charter, "--profile", "quiet", "--target", "1.5", NULL);
  assert_usage ("--charter", charter, "--profile", "quiet", "extra", NULL);
  out = ctl (&status, NULL, "simulate", "--charter", charter, "--profile", "rush-hour", NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);
  out = ctl (&status, NULL, "simulate", "--charter", "/nonexistent.ini", "--profile", "quiet", NULL);
  g_assert_cmpint (status, ==, 1);
}

int
main (int argc, char **argv)
{
  g_autofree char *path = g_build_filename (g_getenv ("LOKET_SOURCE_DIR"), "data",
                                            "charter-dukcapil.ini", NULL);

  g_test_init (&argc, &argv, NULL);
  charter = path;
  g_test_add_func ("/loketctl-simulate/text", test_text);
  g_test_add_func ("/loketctl-simulate/json", test_json);
  g_test_add_func ("/loketctl-simulate/csv", test_csv);
  g_test_add_func ("/loketctl-simulate/usage", test_usage);
  return g_test_run ();
}
