/* loket-announcement.c — the sentence the board speaks for a call, in
 * Indonesian or English, and the number words inside it.
 *
 * The ticket number is spelled out (letters as printed, each digit as a
 * word) because the citizen holds it on paper and compares symbol by
 * symbol; "A-007" read as "A tujuh" would not match what they see.  The
 * counter, which they look for on a sign above the desk, is a number in
 * words.  The templates come from the "loket" catalogue in the language
 * asked for, whatever the board's screen currently shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-announcement"

#include "config.h"

#include "loket-announcement.h"
#include "loket-i18n.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MAX_NUMBER 999999

static const char * const id_units[] = {
  "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
};

static const char * const en_units[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
  "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
  "seventeen", "eighteen", "nineteen",
};

static const char * const en_tens[] = {
  NULL, NULL, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

static gboolean
lang_is_valid (const char *lang)
{
  return g_strcmp0 (lang, "id") == 0 || g_strcmp0 (lang, "en") == 0;
}

static void
append_word (GString    *out,
             const char *word)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, word);
}

/* 1 … 999.  Indonesian counts one of something with the prefix "se-":
 * sepuluh, sebelas, seratus (and seribu, one level up). */
static void
append_id_below_thousand (GString *out,
                          guint    n)
{
  guint hundreds = n / 100;
  guint rest = n % 100;

  if (hundreds == 1)
    append_word (out, "seratus");
  else if (hundreds > 1)
    {
      append_word (out, id_units[hundreds]);
      g_string_append (out, " ratus");
    }

  if (rest == 0)
    return;
  if (rest < 10)
    append_word (out, id_units[rest]);
  else if (rest == 10)
    append_word (out, "sepuluh");
  else if (rest == 11)
    append_word (out, "sebelas");
  else if (rest < 20)
    {
      append_word (out, id_units[rest - 10]);
      g_string_append (out, " belas");
    }
  else
    {
      append_word (out, id_units[rest / 10]);
      g_string_append (out, " puluh");
      if (rest % 10 != 0)
        append_word (out, id_units[rest % 10]);
    }
}

static void
append_id (GString *out,
           guint    n)
{
  guint thousands = n / 1000;
  guint rest = n % 1000;

  if (n == 0)
    {
      append_word (out, id_units[0]);
      return;
    }
  if (thousands == 1)
    append_word (out, "seribu");
  else if (thousands > 1)
    {
      append_id_below_thousand (out, thousands);
      g_string_append (out, " ribu");
    }
  if (rest > 0)
    append_id_below_thousand (out, rest);
}

/* 1 … 999.  @and_first: the number follows a larger part ("one thousand
 * and one"), as British and Indonesian-taught English say it. */
static void
append_en_below_thousand (GString  *out,
                          guint     n,
                          gboolean  and_first)
{
  guint hundreds = n / 100;
  guint rest = n % 100;

  if (hundreds > 0)
    {
      append_word (out, en_units[hundreds]);
      g_string_append (out, " hundred");
    }
  if (rest == 0)
    return;
  if (hundreds > 0 || and_first)
    append_word (out, "and");
  if (rest < 20)
    append_word (out, en_units[rest]);
  else
    {
      append_word (out, en_tens[rest / 10]);
      if (rest % 10 != 0)
        g_string_append_printf (out, "-%s", en_units[rest % 10]);
    }
}

static void
append_en (GString *out,
           guint    n)
{
  guint thousands = n / 1000;
  guint rest = n % 1000;

  if (n == 0)
    {
      append_word (out, en_units[0]);
      return;
    }
  if (thousands > 0)
    {
      append_en_below_thousand (out, thousands, FALSE);
      g_string_append (out, " thousand");
    }
  if (rest > 0)
    append_en_below_thousand (out, rest, thousands > 0 && rest < 100);
}

char *
loket_number_to_words (guint       n,
                       const char *lang)
{
  GString *out;

  g_return_val_if_fail (n <= MAX_NUMBER, NULL);
  g_return_val_if_fail (lang_is_valid (lang), NULL);

  out = g_string_new (NULL);
  if (g_str_equal (lang, "id"))
    append_id (out, n);
  else
    append_en (out, n);
  return g_string_free (out, FALSE);
}

char *
loket_ticket_number_spoken (const char *number,
                            const char *lang)
{
  const char * const *digits;
  GString *out;

  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (number, -1, NULL), NULL);
  g_return_val_if_fail (lang_is_valid (lang), NULL);

  digits = g_str_equal (lang, "id") ? id_units : en_units;
  out = g_string_new (NULL);
  for (const char *p = number; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        append_word (out, digits[c - '0']);
      else if (g_unichar_isalpha (c))
        {
          /* Each letter on its own, so that "AB" is not read as a word. */
          if (out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_unichar (out, c);
        }
      /* Dashes, dots and spaces only separate: the voice pauses between
       * words anyway, and "strip" or "tanda hubung" would confuse. */
    }
  return g_string_free (out, FALSE);
}

/* A counter id of digits only ("3", "12") is a number on the sign; any
 * other id ("loket-a") says nothing to a citizen, so its name is used. */
static char *
counter_spoken (const char *counter_id,
                const char *counter_name,
                const char *lang)
{
  gsize len = strlen (counter_id);
  guint64 value;

  if (len > 0 && len <= 6 && strspn (counter_id, "0123456789") == len &&
      g_ascii_string_to_unsigned (counter_id, 10, 0, MAX_NUMBER, &value, NULL))
    return loket_number_to_words ((guint) value, lang);
  if (counter_name != NULL && *counter_name != '\0')
    return g_strdup (counter_name);
  return g_strdup (counter_id);
}

static char *
format_sentence (LoketAnnouncementKind  kind,
                 const char            *number,
                 const char            *counter)
{
  switch (kind)
    {
    case LOKET_ANNOUNCEMENT_CALL:
      /* Translators: spoken aloud by the display board when a ticket is
       * called: the ticket number (already spelled out, e.g. "A nol nol
       * tujuh"), then the counter in words ("tiga") or its name.  Write
       * it as it should be heard; it is read by a speech synthesiser. */
      return g_strdup_printf (_("Number %s, please go to counter %s."), number, counter);
    case LOKET_ANNOUNCEMENT_RECALL:
      /* Translators: spoken aloud when the clerk calls the same ticket
       * again because nobody came; same placeholders as the first call. */
      return g_strdup_printf (_("Calling again: number %s, please go to counter %s."),
                              number, counter);
    }
  g_return_val_if_reached (NULL);
}

char *
loket_announcement_text (LoketAnnouncementKind  kind,
                         const char            *number,
                         const char            *counter_id,
                         const char            *counter_name,
                         const char            *lang)
{
  g_autofree char *spoken_number = NULL;
  g_autofree char *spoken_counter = NULL;
  g_autofree char *previous = NULL;
  char *text;

  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (counter_id != NULL, NULL);
  g_return_val_if_fail (lang_is_valid (lang), NULL);

  spoken_number = loket_ticket_number_spoken (number, lang);
  spoken_counter = counter_spoken (counter_id, counter_name, lang);

  /* gettext answers in the process's language; the board's screen may
   * show English while the voice speaks Indonesian first.  The board runs
   * on one thread, so a switch and restore is not seen by anyone else. */
  previous = g_strdup (loket_i18n_get_language ());
  loket_i18n_set_language (lang);
  text = format_sentence (kind, spoken_number, spoken_counter);
  loket_i18n_set_language (previous);
  return text;
}
