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
  g_assert_null (loket_charter_lookup_series (c, "Z"));
  g_assert_null (loket_charter_lookup_service (c, "passport"));
}

/* The published texts themselves, which the kiosk shows and prints. */
static void
test_sample_texts (void)
{
  g_autoptr(LoketCharter) c = load_data_file ("LOKET_SOURCE_DIR", "data", "charter-dukcapil.ini");
  g_autofree char *hours = loket_opening_hours_to_string (loket_charter_get_opening_hours (c));
  const LoketServiceDef *ktp = loket_charter_lookup_service (c, "ktp-el");
  const LoketPriorityGroup *disaster = loket_charter_lookup_priority_group (c, "disaster");
  GPtrArray *services = loket_charter_get_services (c);

  g_assert_cmpstr (loket_charter_get_office_name (c), ==, "Dinas Kependudukan dan Pencatatan Sipil Kota Contoh");
  g_assert_cmpstr (loket_charter_get_office_name_en (c), ==, "Population and Civil Registry Office, Kota Contoh");
  g_assert_nonnull (strstr (loket_charter_get_office_address (c), "Kota Contoh"));
  g_assert_cmpstr (loket_charter_get_status_url (c), ==, "https://antrian.example.go.id/t/{token}");
  g_assert_cmpstr (loket_charter_get_values (c), ==, "Melayani dengan cepat, ramah, dan tanpa pungutan biaya");
  g_assert_cmpstr (loket_charter_get_values_en (c), ==, "Fast, friendly service, free of any charge");
  g_assert_cmpint (loket_charter_get_routing_policy (c), ==, LOKET_ROUTING_PRIORITY_RATIO);
  g_assert_cmpstr (hours, ==, "Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00");
  g_assert_cmpstr (disaster->name_en, ==, "Victims of natural or social disasters");
  g_assert_cmpstr (ktp->requirements[1], ==, "Kartu Keluarga (asli atau fotokopi)");
  g_assert_cmpstr (ktp->requirements_en[1], ==, "Family card (original or copy)");
  g_assert_cmpuint (ktp->promised_wait_minutes, ==, 30);
  g_assert_cmpuint (ktp->promised_service_minutes, ==, 15);
  g_assert_cmpuint (ktp->daily_quota, ==, 150);
  g_assert_cmpstr (((LoketServiceDef *) g_ptr_array_index (services, 0))->id, ==, "ktp-el");   /* file order */
  /* Free by law (UU 24/2013), and every text has its translation. */
  for (guint i = 0; i < services->len; i++)
    {
      const LoketServiceDef *s = g_ptr_array_index (services, i);

      g_assert_cmpint (s->cost, ==, 0);
      g_assert_nonnull (s->name_en);
      g_assert_nonnull (s->procedure_en);
      g_assert_nonnull (s->product_en);
      g_assert_cmpuint (g_strv_length (s->requirements), ==, g_strv_length (s->requirements_en));
    }
}

static void
test_test_charter (void)
{
  g_autoptr(LoketCharter) c = load_data_file ("G_TEST_SRCDIR", "data", "charter-test.ini");

  const LoketServiceDef *ktp = loket_charter_lookup_service (c, "ktp");
  const LoketServiceDef *kk = loket_charter_lookup_service (c, "kk");
  const LoketServiceDef *akta = loket_charter_lookup_service (c, "akta");
  const LoketCounterDef *one = loket_charter_lookup_counter (c, "1");
  const LoketCounterDef *three = loket_charter_lookup_counter (c, "3");
  const char * const groups[] = { "disability", "elderly", "pregnant", "children", "disaster" };
  guint r, p;

  g_assert_cmpuint (loket_charter_get_services (c)->len, ==, 3);
  g_assert_cmpuint (loket_charter_get_counters (c)->len, ==, 3);
  g_assert_cmpint (loket_charter_get_routing_policy (c), ==, LOKET_ROUTING_PRIORITY_RATIO);
  loket_charter_get_priority_ratio (c, &r, &p);
  g_assert_cmpuint (r, ==, 2);
  g_assert_cmpuint (p, ==, 1);
  g_assert_cmpuint (loket_charter_get_recall_limit (c), ==, 2);
  g_assert_cmpstr (ktp->series, ==, "A");
  g_assert_cmpstr (kk->series, ==, "B");
  g_assert_cmpstr (akta->series, ==, "C");
  g_assert_cmpuint (ktp->daily_quota, ==, 0);
  g_assert_cmpuint (kk->daily_quota, ==, 0);
  g_assert_cmpuint (akta->daily_quota, ==, 5);
  g_assert_cmpuint (ktp->promised_wait_minutes, ==, 30);
  g_assert_cmpuint (ktp->promised_service_minutes, ==, 15);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    g_assert_true (loket_service_def_accepts_priority (ktp, groups[i]));
  g_assert_true (loket_service_def_accepts_priority (kk, "elderly"));
  g_assert_true (loket_service_def_accepts_priority (kk, "disability"));
  g_assert_false (loket_service_def_accepts_priority (kk, "children"));
  g_assert_false (loket_service_def_accepts_priority (akta, "elderly"));
  g_assert_false (loket_service_def_accepts_priority (akta, NULL));
  g_assert_true (loket_counter_def_serves (one, "kk"));
  g_assert_false (loket_counter_def_serves (one, "akta"));
  g_assert_cmpuint (g_strv_length (loket_charter_lookup_counter (c, "2")->services), ==, 3);
  g_assert_true (loket_counter_def_serves (three, "akta"));
  g_assert_false (loket_counter_def_serves (three, "ktp"));
  g_assert_null (loket_charter_lookup_counter (c, "4"));
  /* Open at any hour, so the integration tests pass whenever they run:
   * Sunday 2026-11-29 03:00 Jakarta, and the last minute of a day. */
  g_assert_true (loket_charter_is_open (c, USEC (1795896000), NULL));
  g_assert_true (loket_charter_is_open (c, USEC (1795539599), NULL));
}

/* Every optional key given, none of them the default. */
static void
test_optional_keys (void)
{
  g_autoptr(GString) text = g_string_new (good);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) c = NULL;
  const LoketServiceDef *s;
  guint r, p;

  g_string_replace (text, "Name=Kantor\n",
                    "Name=Kantor\nName[en]=Office\nAddress=Jl. Contoh 1\nTimeZone=Asia/Makassar\n"
                    "RoutingPolicy=fifo\nPriorityRatio= 3 : 2 \nRecallLimit=0\n"
                    "StatusUrl=https://example.go.id/{token}\nClosed=2026-12-25; 2027-01-01;\n", 1);
  g_string_replace (text, "Requirements=KK\n",
                    "Requirements=KK; ;Surat pengantar RT\\;RW\nRequirements[en]=Family card\n"
                    "Procedure=Datang\nProcedure[en]=Come\nProduct=KTP\nProduct[en]=ID card\n"
                    "Cost=15000\nDailyQuota=200\n", 1);
  c = loket_charter_new_from_data (text->str, -1, "full.ini", &error);
  g_assert_no_error (error);
  s = loket_charter_lookup_service (c, "ktp");
  g_assert_cmpstr (loket_charter_get_office_name_en (c), ==, "Office");
  g_assert_cmpstr (loket_charter_get_office_address (c), ==, "Jl. Contoh 1");
  g_assert_cmpstr (loket_charter_get_time_zone_id (c), ==, "Asia/Makassar");
  g_assert_cmpint (loket_charter_get_routing_policy (c), ==, LOKET_ROUTING_FIFO);
  loket_charter_get_priority_ratio (c, &r, &p);
  g_assert_cmpuint (r, ==, 3);
  g_assert_cmpuint (p, ==, 2);
  g_assert_cmpuint (loket_charter_get_recall_limit (c), ==, 0);
  g_assert_cmpstr (loket_charter_get_status_url (c), ==, "https://example.go.id/{token}");
  /* Empty list items are dropped; "\;" is a ';' inside an item. */
  g_assert_cmpuint (g_strv_length (s->requirements), ==, 2);
  g_assert_cmpstr (s->requirements[1], ==, "Surat pengantar RT;RW");
  g_assert_cmpstr (s->requirements_en[0], ==, "Family card");
  g_assert_cmpstr (s->procedure_en, ==, "Come");
  g_assert_cmpstr (s->product, ==, "KTP");
  g_assert_cmpint (s->cost, ==, 15000);
  g_assert_cmpuint (s->daily_quota, ==, 200);
}

/* What editors do to a file: Windows line ends, spaces around '=',
 * indentation, comments anywhere. */
static void
test_lenient_layout (void)
{
  g_autoptr(GString) text = g_string_new (good);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) c = NULL;

  g_string_replace (text, "\n", "\r\n", 0);
  g_string_replace (text, "Name=Loket 1", "  Name = Loket 1 ", 1);
  g_string_prepend (text, "# Maklumat pelayanan\r\n\r\n");
  c = loket_charter_new_from_data (text->str, -1, "crlf.ini", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loket_charter_lookup_counter (c, "1")->name, ==, "Loket 1");
  g_assert_cmpstr (loket_charter_lookup_service (c, "ktp")->requirements[0], ==, "KK");
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
  g_assert_cmpuint (loket_charter_get_closing_grace (c), ==, 60);
  g_assert_cmpuint (s->daily_quota, ==, 0);
  g_assert_cmpint (s->cost, ==, 0);
  g_assert_null (s->name_en);
  g_assert_null (loket_charter_get_status_url (c));
  g_assert_null (loket_charter_get_office_name_en (c));
  g_assert_null (loket_charter_get_office_address (c));
  g_assert_cmpint (loket_charter_get_routing_policy (c), ==, LOKET_ROUTING_PRIORITY_RATIO);
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
  assert_refused (2, "Name=Kantor\nRoutingPolicy=random", "charter.ini:3: RoutingPolicy: expected fifo, priority-ratio or earliest-deadline");
  assert_refused (2, "Name=Kantor\nClosed=2026-13-45", "charter.ini:3: Closed:");
  assert_refused (2, "Name=Kantor\nthis line is nonsense", "charter.ini:3: Office: expected “Key=value”");
  assert_refused (13, "PromisedServiceMinutes=15\n[Service kk]\nSeries=A\nName=KK\nRequirements=KTP\n"
                      "PromisedWaitMinutes=5\nPromisedServiceMinutes=5", "charter.ini:15: Series: series A is already used by [Service ktp]");
  assert_refused (16, "[Loket 9]", "charter.ini:16: Loket 9: unknown group");
  assert_refused (10, "Name[en]=ID\nSeries[en]=B", "charter.ini:11: Series[en]: this key has no translations");
  assert_refused (1, "[Kantor]", "charter.ini:1: Office: the [Office] group is missing");
  assert_refused (2, "Name=", "charter.ini:2: Name: required key missing in [Office]");
}

/* Required keys that are absent point at their group's header. */
static void
test_missing_keys (void)
{
  assert_refused (3, "", "charter.ini:1: OpeningHours: required key missing in [Office]");
  assert_refused (6, "", "charter.ini:5: Name: required key missing in [PriorityGroup elderly]");
  assert_refused (9, "", "charter.ini:8: Series: required key missing in [Service ktp]");
  assert_refused (10, "", "charter.ini:8: Name: required key missing in [Service ktp]");
  assert_refused (11, "Requirements= ; ", "charter.ini:11: Requirements: required key missing or empty in [Service ktp]");
  assert_refused (13, "", "charter.ini:8: PromisedServiceMinutes: required key missing in [Service ktp]");
  assert_refused (17, "", "charter.ini:16: Name: required key missing in [Counter 1]");
  assert_refused (18, "Services=", "charter.ini:18: Services: required key missing or empty in [Counter 1]");
}

/* SecondaryServices: after Services= in the counter's list, each service
 * named once, every one existing; earliest-deadline is a policy. */
static void
test_secondary_services (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strconcat (good, "[Service kk]\nSeries=B\nName=KK\nRequirements=KTP\n"
                                       "PromisedWaitMinutes=20\nPromisedServiceMinutes=10\n"
                                       "[Counter 2]\nName=Loket 2\nServices=kk\nSecondaryServices=ktp\n", NULL);
  g_autoptr(LoketCharter) c = loket_charter_new_from_data (text, -1, "charter.ini", &error);
  const LoketCounterDef *two;

  g_assert_no_error (error);
  two = loket_charter_lookup_counter (c, "2");
  g_assert_cmpstrv (two->services, ((const char * const[]) { "kk", "ktp", NULL }));
  g_assert_cmpstrv (two->secondary_services, ((const char * const[]) { "ktp", NULL }));
  g_assert_true (loket_counter_def_serves (two, "ktp"));
  g_assert_cmpstrv (loket_charter_lookup_counter (c, "1")->secondary_services, ((const char * const[]) { NULL }));

  assert_refused (18, "Services=ktp\nSecondaryServices=ktp",
                  "charter.ini:19: SecondaryServices: ktp is already in Services");
  assert_refused (18, "Services=ktp\nSecondaryServices=passport",
                  "charter.ini:19: SecondaryServices: no [Service passport] in the charter");
  assert_refused (18, "Services=ktp\nSecondaryServices=kk;kk", "charter.ini:19: SecondaryServices: kk is named twice");
  assert_refused (18, "Services=ktp;ktp", "charter.ini:18: Services: ktp is named twice");
  assert_refused (18, "Services=ktp\nSecondaryService=kk", "charter.ini:19: SecondaryService: unknown key in [Counter 1]");
}

/* Values of the right key but the wrong kind. */
static void
test_bad_values (void)
{
  assert_refused (9, "Series=a", "charter.ini:9: Series: expected one capital letter A–Z, got “a”");
  assert_refused (13, "PromisedServiceMinutes=99999999999", "charter.ini:13: PromisedServiceMinutes: expected a positive integer");
  assert_refused (13, "PromisedServiceMinutes=15\nCost=gratis", "charter.ini:14: Cost: expected a non-negative integer, got “gratis”");
  assert_refused (13, "PromisedServiceMinutes=15\nDailyQuota=-1", "charter.ini:14: DailyQuota: expected a non-negative integer, got “-1”");
  assert_refused (2, "Name=Kantor\nRecallLimit=-1", "charter.ini:3: RecallLimit: expected a non-negative integer, got “-1”");
  assert_refused (2, "Name=Kantor\nClosingGraceMinutes=721",
                  "charter.ini:3: ClosingGraceMinutes: at most 720 minutes (twelve hours), got 721");
  assert_refused (2, "Name=Kantor\nClosingGraceMinutes=soon",
                  "charter.ini:3: ClosingGraceMinutes: expected a non-negative integer, got “soon”");
  assert_refused (2, "Name=Kantor\nClosed=2026-12-25;2026-1-5", "charter.ini:3: Closed: “2026-1-5” is not a date like 2026-12-25");
  assert_refused (2, "Name=Kantor\nTimeZone=WIB", "charter.ini:3: TimeZone: unknown time zone “WIB”");
  assert_refused (2, "Name=Kantor\nPriorityRatio=2:1:1", "charter.ini:3: PriorityRatio: expected REGULAR:PRIORITY");
  assert_refused (3, "OpeningHours=Mon-Fri 08:00-15:00; Fri 10:00-12:00",
                  "charter.ini:3: OpeningHours: on Fri, 08:00-15:00 overlaps 10:00-12:00");
  assert_refused (10, "Name=KTP\\q", "charter.ini:10: Name: “\\q” is not an escape; write \\\\ for a backslash");
  assert_refused (8, "[Service KTP]", "charter.ini:8: Service KTP: a service id is lower-case letters, digits and '-'");
  assert_refused (5, "[PriorityGroup Lansia]", "charter.ini:5: PriorityGroup Lansia: a priority group id is");
  assert_refused (16, "[Counter loket_1]", "charter.ini:16: Counter loket_1: a counter id is letters, digits and '-'");
  assert_refused (8, "[Service a-very-long-service-name-beyond-the-limit]",
                  "charter.ini:8: Service a-very-long-service-name-beyond-the-limit: a service id is");
}

/* The QR code names a ticket by its token alone: the guessable templates
 * of before are refused where they stand, saying what to write; a stored
 * charter that was in force with one is still read back (reports). */
static void
test_status_url (void)
{
  g_autoptr(GString) old = g_string_new (good);
  g_autoptr(LoketCharter) record = NULL;
  g_autoptr(GError) error = NULL;

  assert_refused (2, "Name=Kantor\nStatusUrl=https://a.example/status/{day}/{ticket}",
                  "charter.ini:3: StatusUrl: “https://a.example/status/{day}/{ticket}” names a ticket by {ticket}, "
                  "which anyone can guess; write the ticket status page's address with {token} instead");
  assert_refused (2, "Name=Kantor\nStatusUrl=https://a.example/{day}-{id}",
                  "charter.ini:3: StatusUrl: “https://a.example/{day}-{id}” names a ticket by {day}");
  assert_refused (2, "Name=Kantor\nStatusUrl=https://a.example/antrian",
                  "charter.ini:3: StatusUrl: “https://a.example/antrian” has no {token}");
  g_string_replace (old, "Name=Kantor\n", "Name=Kantor\nStatusUrl=https://a.example/{day}/{ticket}\n", 1);
  record = loket_charter_new_from_record (old->str, "store: charter version 1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loket_charter_get_status_url (record), ==, "https://a.example/{day}/{ticket}");
}

/* Lines that are not what a key file is made of, and repeats that
 * GKeyFile would silently merge. */
static void
test_bad_lines (void)
{
  assert_refused (1, "Name=Kantor\n[Office]", "charter.ini:1: syntax: expected “Key=value” inside a [Group]");
  assert_refused (16, "[Counter 1", "charter.ini:16: Service ktp: expected “Key=value” inside a [Group]");
  assert_refused (16, "[Counter [1]]", "charter.ini:16: syntax: “[Counter [1]]” is not a group header");
  assert_refused (16, "[]", "charter.ini:16: syntax: “[]” is not a group header");
  assert_refused (16, "[ Counter 1]", "charter.ini:16: syntax: “[ Counter 1]” is not a group header");
  assert_refused (10, "=KTP", "charter.ini:10: Service ktp: expected “Key=value”");
  assert_refused (10, "Name[en=KTP", "charter.ini:10: Name[en: not a key name");
  assert_refused (10, "Na me=KTP", "charter.ini:10: Na me: not a key name");
  assert_refused (10, "Name=KTP\xff", "charter.ini:10: syntax: not UTF-8 text");
  assert_refused (12, "PromisedWaitMinutes=30\nPromisedWaitMinutes=45",
                  "charter.ini:13: PromisedWaitMinutes: this key appears twice in [Service ktp] (first on line 12)");
  assert_refused (16, "[Office]", "charter.ini:16: Office: this group appears twice (first on line 1)");
}

/* Nothing to serve: an empty file, only comments, no counter. */
static void
test_empty (void)
{
  const char *texts[] = { "", "\n\n", "# Maklumat pelayanan\n", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) c = NULL;

  for (guint i = 0; texts[i] != NULL; i++)
    {
      c = loket_charter_new_from_data (texts[i], -1, "empty.ini", &error);
      g_assert_null (c);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "empty.ini:1: Office: the [Office] group is missing");
      g_clear_error (&error);
    }
  c = loket_charter_new_from_data ("[Office]\nName=K\0x\n", 17, "nul.ini", &error);
  g_assert_null (c);
  g_assert_cmpstr (error->message, ==, "nul.ini:2: syntax: a NUL byte in the text");
  g_clear_error (&error);
  /* @length stops before [Counter 1]: the rest must not be read. */
  c = loket_charter_new_from_data (good, (gssize) (strstr (good, "[Counter") - good), "cut.ini", &error);
  g_assert_null (c);
  g_assert_cmpstr (error->message, ==,
                   "cut.ini:1: Office: a charter needs at least one [Service ID] and one [Counter ID]");
}

/* Each file in tests/data/bad opens with "# expect: LINE: KEY: …"; the
 * file name in the message is the path exactly as given. */
static void
test_bad_files (void)
{
  g_autofree char *dir_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "bad", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(LoketCharter) c = NULL;

      if (!g_str_has_suffix (name, ".ini"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_true (g_str_has_prefix (text, "# expect: "));
      *strchr (text, '\n') = '\0';
      expected = g_strconcat (path, ":", text + strlen ("# expect: "), NULL);
      c = loket_charter_new_from_file (path, &error);
      g_assert_null (c);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_test_message ("%s", error->message);
      if (!g_str_has_prefix (error->message, expected))
        g_error ("expected “%s…”, got “%s”", expected, error->message);
      n++;
    }
  g_assert_cmpuint (n, >=, 4);
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

/* Microseconds count: the last microsecond of a day is still that day,
 * in Jakarta, in Jayapura, and before 1970 (rounding down, not to zero). */
static void
test_service_day_edges (void)
{
  g_autoptr(GString) east_text = g_string_new (good);
  g_autoptr(GString) utc_text = g_string_new (good);
  g_autoptr(LoketCharter) west = loket_charter_new_from_data (good, -1, "west.ini", NULL);
  g_autoptr(LoketCharter) east = NULL;
  g_autoptr(LoketCharter) utc = NULL;
  struct { LoketCharter **charter; gint64 usec; const char *day; } cases[] = {
    { &west, USEC (1795539600) - 1, "2026-11-24" },   /* 2026-11-24T16:59:59.999999Z */
    { &west, USEC (1795539600), "2026-11-25" },
    { &east, USEC (1795532399), "2026-11-24" },       /* 14:59:59Z = 23:59:59 WIT */
    { &east, USEC (1795532400) - 1, "2026-11-24" },
    { &east, USEC (1795532400), "2026-11-25" },       /* 15:00:00Z = 00:00 WIT */
    { &utc, -1, "1969-12-31" },
    { &utc, 0, "1970-01-01" },
  };

  g_string_replace (east_text, "Name=Kantor\n", "Name=Kantor\nTimeZone=Asia/Jayapura\n", 1);
  g_string_replace (utc_text, "Name=Kantor\n", "Name=Kantor\nTimeZone=UTC\n", 1);
  east = loket_charter_new_from_data (east_text->str, -1, "east.ini", NULL);
  utc = loket_charter_new_from_data (utc_text->str, -1, "utc.ini", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *day = loket_charter_service_day (*cases[i].charter, cases[i].usec);

      g_assert_cmpstr (day, ==, cases[i].day);
    }
}

/* Opening hours are wall-clock hours in the office's own zone: 08:00 in
 * Jayapura (UTC+9) is 06:00 in Jakarta. */
static void
test_is_open_other_zone (void)
{
  g_autoptr(GString) text = g_string_new (good);
  g_autoptr(LoketCharter) east = NULL;
  char *reason = NULL;

  g_string_replace (text, "Name=Kantor\n", "Name=Kantor\nTimeZone=Asia/Jayapura\n", 1);
  east = loket_charter_new_from_data (text->str, -1, "east.ini", NULL);
  /* Wednesday 2026-11-25 23:00Z (the 24th) is 08:00 on the 25th in Jayapura. */
  g_assert_true (loket_charter_is_open (east, USEC (1795561200), NULL));
  g_assert_false (loket_charter_is_open (east, USEC (1795561200) - 1, &reason));
  g_assert_cmpstr (reason, ==, "Di luar jam pelayanan. Buka kembali hari ini pukul 08:00.");
  g_free (reason);
}

/* A closed week (Idul Fitri and leave, say) names the date, since
 * "Senin" alone would mean the wrong Monday. */
static void
test_is_open_long_closure (void)
{
  g_autoptr(GString) text = g_string_new (good);
  g_autoptr(LoketCharter) c = NULL;
  char *reason = NULL;

  g_string_replace (text, "Name=Kantor\n",
                    "Name=Kantor\nClosed=2026-11-23;2026-11-24;2026-11-25;2026-11-26;2026-11-27\n", 1);
  c = loket_charter_new_from_data (text->str, -1, "lebaran.ini", NULL);
  /* Sunday 2026-11-22 10:00 Jakarta. */
  g_assert_false (loket_charter_is_open (c, USEC (1795316400), &reason));
  g_assert_cmpstr (reason, ==, "Di luar jam pelayanan. Buka kembali Senin, 30 November, 08:00.");
  g_free (reason);
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

/* The day closes the grace after its last range (Friday's second one),
 * never after midnight, and not at all on a day the office is closed. */
static void
test_closing_time (void)
{
  g_autoptr(LoketCharter) c = load_data_file ("LOKET_SOURCE_DIR", "data", "charter-dukcapil.ini");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) late = loket_charter_new_from_data (
    "[Office]\nName=Kantor\nOpeningHours=Mon-Sun 20:00-24:00\nClosingGraceMinutes=90\n"
    "[Service ktp]\nSeries=A\nName=KTP\nRequirements=KK\nPromisedWaitMinutes=30\nPromisedServiceMinutes=15\n"
    "[Counter 1]\nName=Loket 1\nServices=ktp\n", -1, "late.ini", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (loket_charter_get_closing_grace (c), ==, 60);
  /* Wednesday 2026-11-25: 15:00 + 60 min = 16:00 Jakarta = 09:00 UTC. */
  g_assert_cmpint (loket_charter_closing_time (c, "2026-11-25"), ==, USEC (1795597200));
  /* Friday 2026-11-27: the last range ends at 15:00 too. */
  g_assert_cmpint (loket_charter_closing_time (c, "2026-11-27"), ==, USEC (1795597200 + 2 * 86400));
  /* Sunday, and Christmas (a Closed= date): no closing. */
  g_assert_cmpint (loket_charter_closing_time (c, "2026-11-29"), ==, 0);
  g_assert_cmpint (loket_charter_closing_time (c, "2026-12-25"), ==, 0);
  g_assert_cmpint (loket_charter_closing_time (c, "2026-13-01"), ==, -1);
  g_assert_cmpint (loket_charter_closing_time (c, "yesterday"), ==, -1);
  /* Until 24:00 plus 90 minutes: midnight, when the next day begins. */
  g_assert_cmpint (loket_charter_closing_time (late, "2026-11-25"), ==, USEC (1795626000));
}

/* No [PauseReason]: the default five, "other" taking the note; the labels
 * read in either language, and a free text from an older record reads as
 * "other" with that text. */
static void
test_pause_reasons_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) c = loket_charter_new_from_data (good, -1, "c.ini", &error);
  JsonArray *reasons;
  g_autofree char *prayer_id = NULL, *prayer_en = NULL, *other = NULL, *old = NULL, *old_en = NULL;

  g_assert_no_error (error);
  reasons = loket_charter_get_pause_reasons (c);
  g_assert_cmpuint (json_array_get_length (reasons), ==, 5);
  g_assert_nonnull (loket_charter_lookup_pause_reason (c, "system-fault"));
  g_assert_null (loket_charter_lookup_pause_reason (c, "nap"));
  g_assert_true (json_object_get_boolean_member (loket_charter_lookup_pause_reason (c, "other"), "note"));
  g_assert_false (json_object_get_boolean_member (loket_charter_lookup_pause_reason (c, "break"), "note"));
  prayer_id = loket_pause_reason_describe (reasons, "prayer", NULL, "id");
  prayer_en = loket_pause_reason_describe (reasons, "prayer", NULL, "en");
  other = loket_pause_reason_describe (reasons, "other", "listrik padam", "id");
  old = loket_pause_reason_describe (reasons, "ke bank", NULL, "id");
  old_en = loket_pause_reason_describe (reasons, "ke bank", NULL, "en");
  g_assert_cmpstr (prayer_id, ==, "Sholat");
  g_assert_cmpstr (prayer_en, ==, "Prayer");
  g_assert_cmpstr (other, ==, "Lainnya: listrik padam");
  g_assert_cmpstr (old, ==, "Lainnya: ke bank");
  g_assert_cmpstr (old_en, ==, "Other: ke bank");
  g_assert_null (loket_pause_reason_describe (reasons, NULL, NULL, "id"));
}

/* A charter's own list replaces the default whole, in file order. */
static void
test_pause_reasons_own (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strconcat (good, "[PauseReason apel]\nName=Apel pagi\nName[en]=Morning assembly\n"
                                             "[PauseReason lain]\nName=Lain-lain\nNote=true\n", NULL);
  g_autoptr(LoketCharter) c = loket_charter_new_from_data (text, -1, "c.ini", &error);
  JsonArray *reasons;
  g_autofree char *apel = NULL, *lain = NULL, *old = NULL;

  g_assert_no_error (error);
  reasons = loket_charter_get_pause_reasons (c);
  g_assert_cmpuint (json_array_get_length (reasons), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reasons, 0), "id"), ==, "apel");
  g_assert_null (loket_charter_lookup_pause_reason (c, "prayer"));
  apel = loket_pause_reason_describe (reasons, "apel", NULL, "en");
  lain = loket_pause_reason_describe (reasons, "lain", NULL, "en");
  old = loket_pause_reason_describe (reasons, "prayer", NULL, "id");
  g_assert_cmpstr (apel, ==, "Morning assembly");
  g_assert_cmpstr (lain, ==, "Lain-lain");      /* no Name[en]: the Indonesian one */
  g_assert_cmpstr (old, ==, "Lain-lain: prayer");
}

static void
test_pause_reasons_malformed (void)
{
  g_autoptr(GString) many = g_string_new ("Services=ktp");

  assert_refused (18, "Services=ktp\n[PauseReason Sholat]\nName=Sholat",
                  "charter.ini:19: PauseReason Sholat: a pause reason id is lower-case letters");
  assert_refused (18, "Services=ktp\n[PauseReason prayer]\nName[en]=Prayer",
                  "charter.ini:19: Name: required key missing in [PauseReason prayer]");
  assert_refused (18, "Services=ktp\n[PauseReason other]\nName=Lainnya\nNote=yes",
                  "charter.ini:21: Note: expected true or false, got “yes”");
  assert_refused (18, "Services=ktp\n[PauseReason other]\nName=Lainnya\nNote=true\n"
                      "[PauseReason misc]\nName=Lain\nNote=true",
                  "charter.ini:24: Note: only one pause reason takes a note, and [PauseReason other] does");
  assert_refused (18, "Services=ktp\n[PauseReason prayer]\nName=Sholat\nNote[en]=true",
                  "charter.ini:21: Note[en]: this key has no translations");
  assert_refused (18, "Services=ktp\n[PauseReason prayer]\nName=Sholat\nLabel=x",
                  "charter.ini:21: Label: unknown key in [PauseReason prayer]");
  for (guint i = 0; i <= LOKET_CHARTER_PAUSE_REASONS_MAX; i++)
    g_string_append_printf (many, "\n[PauseReason r%u]\nName=R%u", i, i);
  assert_refused (18, many->str, "charter.ini:59: PauseReason r20: at most 20 pause reasons");
}

/* [Complaints]: defaults without it; tiers per category; errors named
 * file:line:key. */
static void
test_complaints (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) plain = loket_charter_new_from_data (good, -1, "charter.ini", &error);
  g_autofree char *tiered = g_strconcat (good, "[Complaints]\nDeadlineDays=10\n"
                                         "CategoryDeadlineDays=cost:5; behaviour:2\nAllowAnonymous=false\n"
                                         "KeepPersonalDataDays=30\n", NULL);
  g_autoptr(LoketCharter) c = NULL;
  static const struct {
    const char *lines;
    const char *message;
  } bad[] = {
    { "DeadlineDays=0\n", ":2: DeadlineDays: expected a positive integer" },
    { "DeadlineDays=400\n", ":2: DeadlineDays: at most 365 days" },
    { "CategoryDeadlineDays=rude:5\n", ":2: CategoryDeadlineDays: “rude” is not a category" },
    { "CategoryDeadlineDays=cost\n", ":2: CategoryDeadlineDays: expected category:days" },
    { "CategoryDeadlineDays=cost:0\n", ":2: CategoryDeadlineDays: expected category:days" },
    { "AllowAnonymous=maybe\n", ":2: AllowAnonymous: expected true or false" },
    { "KeepPersonalDataDays=5000\n", ":2: KeepPersonalDataDays: at most 3650 days" },
    { "Deadline=14\n", ":2: Deadline: unknown key in [Complaints]" },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (loket_charter_get_complaint_days (plain, "cost"), ==, 14);
  g_assert_true (loket_charter_get_complaints_anonymous (plain));
  g_assert_cmpuint (loket_charter_get_complaint_keep_days (plain), ==, 90);
  c = loket_charter_new_from_data (tiered, -1, "charter.ini", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loket_charter_get_complaint_days (c, "cost"), ==, 5);
  g_assert_cmpuint (loket_charter_get_complaint_days (c, "behaviour"), ==, 2);
  g_assert_cmpuint (loket_charter_get_complaint_days (c, "facilities"), ==, 10);
  g_assert_false (loket_charter_get_complaints_anonymous (c));
  g_assert_cmpuint (loket_charter_get_complaint_keep_days (c), ==, 30);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strconcat ("[Complaints]\n", bad[i].lines, good, NULL);
      g_autoptr(GError) refusal = NULL;
      g_autoptr(LoketCharter) refused = loket_charter_new_from_data (text, -1, "charter.ini", &refusal);

      g_assert_null (refused);
      g_assert_error (refusal, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_test_message ("%s", refusal->message);
      g_assert_true (g_str_has_prefix (refusal->message, "charter.ini"));
      g_assert_nonnull (strstr (refusal->message, bad[i].message));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charter/closing-time", test_closing_time);
  g_test_add_func ("/charter/sample", test_sample_charter);
  g_test_add_func ("/charter/sample/texts", test_sample_texts);
  g_test_add_func ("/charter/test-charter", test_test_charter);
  g_test_add_func ("/charter/defaults", test_defaults);
  g_test_add_func ("/charter/optional-keys", test_optional_keys);
  g_test_add_func ("/charter/lenient-layout", test_lenient_layout);
  g_test_add_func ("/charter/malformed", test_malformed);
  g_test_add_func ("/charter/malformed/missing-keys", test_missing_keys);
  g_test_add_func ("/charter/malformed/bad-values", test_bad_values);
  g_test_add_func ("/charter/secondary-services", test_secondary_services);
  g_test_add_func ("/charter/malformed/status-url", test_status_url);
  g_test_add_func ("/charter/malformed/bad-lines", test_bad_lines);
  g_test_add_func ("/charter/malformed/empty", test_empty);
  g_test_add_func ("/charter/malformed/files", test_bad_files);
  g_test_add_func ("/charter/no-services", test_no_services);
  g_test_add_func ("/charter/missing-file", test_missing_file);
  g_test_add_func ("/charter/pause-reasons/default", test_pause_reasons_default);
  g_test_add_func ("/charter/pause-reasons/own", test_pause_reasons_own);
  g_test_add_func ("/charter/pause-reasons/malformed", test_pause_reasons_malformed);
  g_test_add_func ("/charter/service-day", test_service_day);
  g_test_add_func ("/charter/service-day/edges", test_service_day_edges);
  g_test_add_func ("/charter/is-open", test_is_open);
  g_test_add_func ("/charter/is-open/other-zone", test_is_open_other_zone);
  g_test_add_func ("/charter/is-open/long-closure", test_is_open_long_closure);
  g_test_add_func ("/charter/complaints", test_complaints);
  return g_test_run ();
}
