/* test-charter.c — the citizen charter: the shipped sample and the test
 * charter parse to what they say; every kind of mistake is refused with
 * "file:line: key: what is wrong"; service days and opening hours follow
 * the office's time zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-charter.h"
#include "loket-error.h"

#include <string.h>

#define USEC(unix_seconds) ((gint64) (unix_seconds) * G_USEC_PER_SEC)

static const char good[] =
  "[Office]\n"                                    /* 1 */
  "Name=Kantor\n"                                 /* 2 */
  "OpeningHours=Mon-Fri 08:00-15:00\n"            /* 3 */
  "\n"                                            /* 4 */
  "[PriorityGroup elderly]\n"                     /* 5 */
  "Name=Lansia\n"                                 /* 6 */
  "\n"                                            /* 7 */
  "[Service ktp]\n"                               /* 8 */
  "Series=A\n"                                    /* 9 */
  "Name=KTP-el\n"                                 /* 10 */
  "Requirements=KK\n"                             /* 11 */
  "PromisedWaitMinutes=30\n"                      /* 12 */
  "PromisedServiceMinutes=15\n"                   /* 13 */
  "PriorityGroups=elderly\n"                      /* 14 */
  "\n"                                            /* 15 */
  "[Counter 1]\n"                                 /* 16 */
  "Name=Loket 1\n"                                /* 17 */
  "Services=ktp\n";                               /* 18 */

static LoketCharter *
load_data_file (const char *dir_env, const char *sub, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv (dir_env), sub, name, NULL);
  LoketCharter *charter = loket_charter_new_from_file (path, &error);

  g_assert_no_error (error);
  return charter;
}

static void
test_sample_charter (void)
{
  g_autoptr(LoketCharter) c = load_data_file ("LOKET_SOURCE_DIR", "data", "charter-dukcapil.ini");
  const LoketServiceDef *kia = loket_charter_lookup_service (c, "kia");
  guint r, p;

  g_assert_cmpuint (loket_charter_get_services (c)->len, ==, 6);
  g_assert_cmpuint (loket_charter_get_counters (c)->len, ==, 5);
  g_assert_cmpuint (loket_charter_get_priority_groups (c)->len, ==, 5);
  g_assert_cmpstr (loket_charter_get_time_zone_id (c), ==, "Asia/Jakarta");
  g_assert_cmpuint (loket_charter_get_recall_limit (c), ==, 3);
  loket_charter_get_priority_ratio (c, &r, &p);
  g_assert_cmpuint (r, ==, 2);
  g_assert_cmpuint (p, ==, 1);
  g_assert_nonnull (kia);
  g_assert_cmpstr (kia->series, ==, "F");
  g_assert_cmpstr (kia->name_en, ==, "Child identity card (KIA)");
  g_assert_cmpint (kia->cost, ==, 0);
  g_assert_cmpuint (g_strv_length (kia->requirements), ==, 4);
  g_assert_cmpuint (g_strv_length (kia->requirements_en), ==, 4);
  g_assert_true (loket_service_def_accepts_priority (kia, "children"));
  g_assert_false (loket_service_def_accepts_priority (loket_charter_lookup_service (c, "ktp-el"), "children"));
  g_assert_true (loket_counter_def_serves (loket_charter_lookup_counter (c, "5"), "akta-mati"));
  g_assert_false (loket_counter_def_serves (loket_charter_lookup_counter (c, "1"), "kk"));
  g_assert_cmpstr (loket_charter_lookup_series (c, "C")->id, ==, "akta-lahir");
}

static void
test_test_charter (void)
{
  g_autoptr(LoketCharter) c = load_data_file ("G_TEST_SRCDIR", "data", "charter-test.ini");

  g_assert_cmpuint (loket_charter_get_services (c)->len, ==, 3);
  g_assert_cmpuint (loket_charter_lookup_service (c, "akta")->daily_quota, ==, 5);
  g_assert_cmpint (loket_charter_get_routing_policy (c), ==, LOKET_ROUTING_PRIORITY_RATIO);
}

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) c = loket_charter_new_from_data (good, -1, "c.ini", &error);
  const LoketServiceDef *s;

  g_assert_no_error (error);
  s = loket_charter_lookup_service (c, "ktp");
  g_assert_cmpstr (loket_charter_get_time_zone_id (c), ==, "Asia/Jakarta");
  g_assert_cmpuint (loket_charter_get_recall_limit (c), ==, 2);
  g_assert_cmpuint (s->daily_quota, ==, 0);
  g_assert_cmpint (s->cost, ==, 0);
  g_assert_null (s->name_en);
  g_assert_null (loket_charter_get_status_url (c));
}

/* Replaces line @line (1-based) of the good charter with @text (may hold
 * several lines, or be empty to delete it), and expects @prefix. */
static void
assert_refused (guint line, const char *text, const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (good, "\n", -1);
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) c = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i + 1 == line)
        {
          if (*text)
            g_string_append_printf (data, "%s\n", text);
        }
      else if (*lines[i] || lines[i + 1] != NULL)
        g_string_append_printf (data, "%s\n", lines[i]);
    }
  c = loket_charter_new_from_data (data->str, -1, "charter.ini", &error);
  g_assert_null (c);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected “%s…”, got “%s”", prefix, error->message);
}

static void
test_malformed (void)
{
  assert_refused (12, "PromisedWaitMinutes=soon", "charter.ini:12: PromisedWaitMinutes: expected a positive integer, got “soon”");
  assert_refused (12, "PromisedWaitMinutes=0", "charter.ini:12: PromisedWaitMinutes: expected a positive integer");
  assert_refused (12, "PromisedWaitMinutes=-5", "charter.ini:12: PromisedWaitMinutes:");
  assert_refused (12, "", "charter.ini:8: PromisedWaitMinutes: required key missing in [Service ktp]");
  assert_refused (12, "PromisedMinutes=30", "charter.ini:12: PromisedMinutes: unknown key in [Service ktp]");
  assert_refused (9, "Series=AB", "charter.ini:9: Series: expected one capital letter");
  assert_refused (14, "PriorityGroups=elderly;veterans", "charter.ini:14: PriorityGroups: no [PriorityGroup veterans]");
  assert_refused (18, "Services=ktp;passport", "charter.ini:18: Services: no [Service passport]");
  assert_refused (3, "OpeningHours=Mon-Fri 8-15", "charter.ini:3: OpeningHours: “8-15” is not a time range");
  assert_refused (3, "OpeningHours=Someday 08:00-15:00", "charter.ini:3: OpeningHours: “Someday” is not a day");
  assert_refused (3, "OpeningHours=Mon-Fri 15:00-08:00", "charter.ini:3: OpeningHours:");
  assert_refused (2, "Name=Kantor\nTimeZone=Asia/Atlantis", "charter.ini:3: TimeZone: unknown time zone “Asia/Atlantis”");
  assert_refused (2, "Name=Kantor\nPriorityRatio=2:0", "charter.ini:3: PriorityRatio: expected REGULAR:PRIORITY");
  assert_refused (2, "Name=Kantor\nPriorityRatio=x", "charter.ini:3: PriorityRatio:");
  assert_refused (2, "Name=Kantor\nRoutingPolicy=random", "charter.ini:3: RoutingPolicy: expected fifo or priority-ratio");
  assert_refused (2, "Name=Kantor\nClosed=2026-13-45", "charter.ini:3: Closed:");
  assert_refused (2, "Name=Kantor\nthis line is nonsense", "charter.ini:3: Office: expected “Key=value”");
  assert_refused (13, "PromisedServiceMinutes=15\n[Service kk]\nSeries=A\nName=KK\nRequirements=KTP\n"
                      "PromisedWaitMinutes=5\nPromisedServiceMinutes=5", "charter.ini:15: Series: series A is already used by [Service ktp]");
  assert_refused (16, "[Loket 9]", "charter.ini:16: Loket 9: unknown group");
  assert_refused (10, "Name[en]=ID\nSeries[en]=B", "charter.ini:11: Series[en]: this key has no translations");
  assert_refused (1, "[Kantor]", "charter.ini:1: Office: the [Office] group is missing");
  assert_refused (2, "Name=", "charter.ini:2: Name: required key missing in [Office]");
}

static void
test_no_services (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) c = loket_charter_new_from_data ("[Office]\nName=K\nOpeningHours=Mon 08:00-09:00\n",
                                                           -1, "empty.ini", &error);

  g_assert_null (c);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "empty.ini:1: Office: a charter needs at least one"));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) c = loket_charter_new_from_file ("/nonexistent/charter.ini", &error);

  g_assert_null (c);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/charter.ini"));
}

/* Jakarta is UTC+7: the service day turns at 17:00 UTC. */
static void
test_service_day (void)
{
  g_autoptr(LoketCharter) c = loket_charter_new_from_data (good, -1, "c.ini", NULL);
  g_autofree char *before = loket_charter_service_day (c, USEC (1795539599));  /* 2026-11-24T16:59:59Z */
  g_autofree char *after = loket_charter_service_day (c, USEC (1795539600));   /* 17:00:00Z */
  g_autofree char *papua = NULL;
  g_autofree char *data = g_strdup (good);
  g_autoptr(GString) jayapura = g_string_new (good);
  g_autoptr(LoketCharter) east = NULL;

  g_assert_cmpstr (before, ==, "2026-11-24");
  g_assert_cmpstr (after, ==, "2026-11-25");
  g_string_replace (jayapura, "Name=Kantor\n", "Name=Kantor\nTimeZone=Asia/Jayapura\n", 1);
  east = loket_charter_new_from_data (jayapura->str, -1, "east.ini", NULL);
  g_assert_nonnull (east);
  /* UTC+9: 2026-11-24T15:00:00Z is already the 25th in Jayapura. */
  papua = loket_charter_service_day (east, USEC (1795532400));
  g_assert_cmpstr (papua, ==, "2026-11-25");
}

static void
test_is_open (void)
{
  g_autoptr(LoketCharter) c = load_data_file ("LOKET_SOURCE_DIR", "data", "charter-dukcapil.ini");
  char *reason = NULL;

  /* Wednesday 2026-11-25, Jakarta time = UTC + 7. */
  g_assert_true (loket_charter_is_open (c, USEC (1795572000), NULL));          /* 09:00 */
  g_assert_false (loket_charter_is_open (c, USEC (1795564800), &reason));      /* 07:00 */
  g_assert_cmpstr (reason, ==, "Di luar jam pelayanan. Buka kembali hari ini pukul 08:00.");
  g_clear_pointer (&reason, g_free);
  g_assert_false (loket_charter_is_open (c, USEC (1795597200), &reason));      /* 16:00 */
  g_assert_cmpstr (reason, ==, "Di luar jam pelayanan. Buka kembali Kamis, 08:00.");
  g_clear_pointer (&reason, g_free);
  /* Friday 2026-11-27: the midday prayer gap 11:30–13:00. */
  g_assert_false (loket_charter_is_open (c, USEC (1795755600), &reason));      /* 12:00 */
  g_assert_cmpstr (reason, ==, "Di luar jam pelayanan. Buka kembali hari ini pukul 13:00.");
  g_clear_pointer (&reason, g_free);
  g_assert_true (loket_charter_is_open (c, USEC (1795762800), NULL));          /* 14:00 */
  /* Sunday 2026-11-29 10:00: closed until Monday. */
  g_assert_false (loket_charter_is_open (c, USEC (1795921200), &reason));
  g_assert_cmpstr (reason, ==, "Di luar jam pelayanan. Buka kembali Senin, 08:00.");
  g_clear_pointer (&reason, g_free);
  /* Friday 2026-12-25 (Christmas, a Closed= date) 09:00. */
  g_assert_false (loket_charter_is_open (c, USEC (1798164000), &reason));
  g_assert_cmpstr (reason, ==, "Di luar jam pelayanan. Buka kembali Senin, 08:00.");
  g_free (reason);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charter/sample", test_sample_charter);
  g_test_add_func ("/charter/test-charter", test_test_charter);
  g_test_add_func ("/charter/defaults", test_defaults);
  g_test_add_func ("/charter/malformed", test_malformed);
  g_test_add_func ("/charter/no-services", test_no_services);
  g_test_add_func ("/charter/missing-file", test_missing_file);
  g_test_add_func ("/charter/service-day", test_service_day);
  g_test_add_func ("/charter/is-open", test_is_open);
  return g_test_run ();
}
