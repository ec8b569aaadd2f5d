/* test-i18n.c — the language switch and the formats a citizen reads:
 * dates with Indonesian day and month names, rupiah with dot grouping,
 * and the charter's paired texts.  Uses the catalogue as built.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-i18n.h"

static void
test_rupiah (void)
{
  static const struct { gint64 amount; const char *id, *en; } cases[] = {
    { 0, "Gratis", "Free" },
    { 5, "Rp 5", "Rp 5" },
    { 1000, "Rp 1.000", "Rp 1.000" },
    { 50000, "Rp 50.000", "Rp 50.000" },
    { 1234567, "Rp 1.234.567", "Rp 1.234.567" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = NULL;
      g_autofree char *en = NULL;

      g_assert_true (loket_i18n_set_language ("id"));
      id = loket_i18n_format_rupiah (cases[i].amount);
      g_assert_true (loket_i18n_set_language ("en"));
      en = loket_i18n_format_rupiah (cases[i].amount);
      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_cmpstr (en, ==, cases[i].en);
    }
}

static void
test_date (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 11, 25, 2, 0, 0);
  g_autoptr(GDateTime) sunday = g_date_time_new_utc (2027, 8, 15, 2, 0, 0);
  g_autofree char *id = NULL;
  g_autofree char *en = NULL;
  g_autofree char *id_sunday = NULL;

  g_assert_true (loket_i18n_set_language ("id"));
  id = loket_i18n_format_date (date);
  id_sunday = loket_i18n_format_date (sunday);
  g_assert_true (loket_i18n_set_language ("en"));
  en = loket_i18n_format_date (date);
  g_assert_cmpstr (id, ==, "Rabu, 25 November 2026");
  g_assert_cmpstr (id_sunday, ==, "Minggu, 15 Agustus 2027");
  g_assert_cmpstr (en, ==, "Wednesday, 25 November 2026");
}

/* An estimate: "about N", or the range loketd sent when the spread is
 * wide ("up to N" when it starts at nothing); never a range that runs
 * backwards. */
static void
test_wait (void)
{
  static const struct { gint64 minutes, from; const char *id, *en; } cases[] = {
    { 0, -1, "kurang dari satu menit", "under a minute" },
    { 15, -1, "sekitar 15 menit", "about 15 min" },
    { 45, 20, "20–45 menit", "20–45 min" },
    { 45, 0, "hingga 45 menit", "up to 45 min" },
    { 45, 45, "sekitar 45 menit", "about 45 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) o = json_object_new ();
      g_autofree char *id = NULL;
      g_autofree char *en = NULL;

      json_object_set_int_member (o, "estimated_wait_minutes", cases[i].minutes);
      if (cases[i].from >= 0)
        json_object_set_int_member (o, "estimated_wait_from_minutes", cases[i].from);
      g_assert_true (loket_i18n_set_language ("id"));
      id = loket_i18n_format_wait (o);
      g_assert_true (loket_i18n_set_language ("en"));
      en = loket_i18n_format_wait (o);
      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_cmpstr (en, ==, cases[i].en);
    }
}

static void
test_switch_and_pick (void)
{
  g_autoptr(JsonObject) service = json_object_new ();

  json_object_set_string_member (service, "name", "Akta Kelahiran");
  json_object_set_string_member (service, "name_en", "Birth certificate");
  json_object_set_string_member (service, "product", "Kutipan akta");
  json_object_set_null_member (service, "product_en");

  g_assert_false (loket_i18n_set_language ("fr"));
  g_assert_true (loket_i18n_set_language ("id"));
  g_assert_cmpstr (loket_i18n_get_language (), ==, "id");
  g_assert_cmpstr (loket_i18n_pick (service, "name"), ==, "Akta Kelahiran");
  g_assert_true (loket_i18n_set_language ("en"));
  g_assert_cmpstr (loket_i18n_pick (service, "name"), ==, "Birth certificate");
  /* No English text in the charter: the office's own, not nothing. */
  g_assert_cmpstr (loket_i18n_pick (service, "product"), ==, "Kutipan akta");
  g_assert_null (loket_i18n_pick (service, "missing"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  loket_i18n_init (NULL);
  g_test_add_func ("/i18n/rupiah", test_rupiah);
  g_test_add_func ("/i18n/date", test_date);
  g_test_add_func ("/i18n/wait", test_wait);
  g_test_add_func ("/i18n/switch-and-pick", test_switch_and_pick);
  return g_test_run ();
}
