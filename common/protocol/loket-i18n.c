/* loket-i18n.c — gettext set-up and run-time language switching.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-i18n"

#include "config.h"

#include "loket-i18n.h"
#include "loket-message.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

/* glibc drops its cache of translations when this changes; it is the
 * documented way to make a new LANGUAGE take effect (gettext manual,
 * "Being a gettext grok"). */
extern int _nl_msg_cat_cntr;

static char language[3] = "id";

void
loket_i18n_init (const char *localedir)
{
  const char *messages;

  setlocale (LC_ALL, "");
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  if (localedir == NULL)
    localedir = g_getenv ("LOKET_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  loket_i18n_set_language (language);
}

gboolean
loket_i18n_set_language (const char *lang)
{
  if (g_strcmp0 (lang, "id") != 0 && g_strcmp0 (lang, "en") != 0)
    return FALSE;
  g_strlcpy (language, lang, sizeof language);
  g_setenv ("LANGUAGE", lang, TRUE);
  ++_nl_msg_cat_cntr;
  return TRUE;
}

const char *
loket_i18n_get_language (void)
{
  return language;
}

const char *
loket_i18n_pick (JsonObject *object,
                 const char *key)
{
  if (g_str_equal (language, "en"))
    {
      g_autofree char *key_en = g_strconcat (key, "_en", NULL);
      const char *value = loket_json_optional_string (object, key_en);

      if (value != NULL && *value != '\0')
        return value;
    }
  return loket_json_optional_string (object, key);
}

/* GDateTime's %A and %B follow LC_TIME, which stays "C" on most office
 * PCs; the names are ours to translate. */
static const char * const weekdays[] = {
  N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
  N_("Friday"), N_("Saturday"), N_("Sunday"),
};
static const char * const months[] = {
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

const char *
loket_i18n_weekday_name (guint weekday)
{
  g_return_val_if_fail (weekday >= 1 && weekday <= 7, "");
  return _(weekdays[weekday - 1]);
}

char *
loket_i18n_format_day (GDateTime *date)
{
  return g_strdup_printf ("%d %s %d", g_date_time_get_day_of_month (date),
                          _(months[g_date_time_get_month (date) - 1]),
                          g_date_time_get_year (date));
}

char *
loket_i18n_format_date (GDateTime *date)
{
  g_autofree char *day = loket_i18n_format_day (date);

  return g_strdup_printf ("%s, %s", loket_i18n_weekday_name (g_date_time_get_day_of_week (date)), day);
}

char *
loket_i18n_format_rupiah (gint64 amount)
{
  g_autofree char *digits = NULL;
  GString *out;
  gsize len;

  if (amount <= 0)
    /* Translators: the cost of a service that costs nothing. */
    return g_strdup (_("Free"));
  digits = g_strdup_printf ("%" G_GINT64_FORMAT, amount);
  len = strlen (digits);
  out = g_string_new ("Rp ");
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
loket_i18n_format_wait (JsonObject *object)
{
  gint64 minutes = json_object_get_int_member_with_default (object, "estimated_wait_minutes", 0);
  gint64 from = json_object_get_int_member_with_default (object, "estimated_wait_from_minutes", -1);

  /* A range from nothing reads as a promise of "maybe now": say the
   * upper end alone. */
  if (from == 0 && minutes > 0)
    /* Translators: an estimated wait whose range starts at zero, e.g. "up to 45 min". */
    return g_strdup_printf (_("up to %d min"), (int) minutes);
  if (from > 0 && from < minutes)
    /* Translators: an estimated wait as a range of minutes, e.g. "20–45 min". */
    return g_strdup_printf (_("%d–%d min"), (int) from, (int) minutes);
  if (minutes <= 0)
    return g_strdup (_("under a minute"));
  /* Translators: an estimated wait, e.g. "about 15 min". */
  return g_strdup_printf (_("about %d min"), (int) minutes);
}
