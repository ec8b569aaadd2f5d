/* test-announcement.c — what the board says: number words in Indonesian
 * and English, ticket numbers read symbol by symbol, and the whole
 * sentences from the catalogue as built, whatever language the screen
 * shows at the time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-announcement.h"
#include "loket-i18n.h"

static void
test_number_words (void)
{
  static const struct { guint n; const char *id, *en; } cases[] = {
    { 0, "nol", "zero" },
    { 1, "satu", "one" },
    { 7, "tujuh", "seven" },
    { 10, "sepuluh", "ten" },
    { 11, "sebelas", "eleven" },
    { 12, "dua belas", "twelve" },
    { 19, "sembilan belas", "nineteen" },
    { 20, "dua puluh", "twenty" },
    { 21, "dua puluh satu", "twenty-one" },
    { 99, "sembilan puluh sembilan", "ninety-nine" },
    { 100, "seratus", "one hundred" },
    { 101, "seratus satu", "one hundred and one" },
    { 115, "seratus lima belas", "one hundred and fifteen" },
    { 250, "dua ratus lima puluh", "two hundred and fifty" },
    { 999, "sembilan ratus sembilan puluh sembilan", "nine hundred and ninety-nine" },
    { 1000, "seribu", "one thousand" },
    { 1001, "seribu satu", "one thousand and one" },
    { 1100, "seribu seratus", "one thousand one hundred" },
    { 2024, "dua ribu dua puluh empat", "two thousand and twenty-four" },
    { 11000, "sebelas ribu", "eleven thousand" },
    { 100000, "seratus ribu", "one hundred thousand" },
    { 999999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan",
      "nine hundred and ninety-nine thousand nine hundred and ninety-nine" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = loket_number_to_words (cases[i].n, "id");
      g_autofree char *en = loket_number_to_words (cases[i].n, "en");

      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_cmpstr (en, ==, cases[i].en);
    }
}

static void
test_ticket_number (void)
{
  static const struct { const char *number, *id, *en; } cases[] = {
    { "A-007", "A nol nol tujuh", "A zero zero seven" },
    { "B-120", "B satu dua nol", "B one two zero" },
    { "KK-001", "K K nol nol satu", "K K zero zero one" },
    { "C 45", "C empat lima", "C four five" },
    { "", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = loket_ticket_number_spoken (cases[i].number, "id");
      g_autofree char *en = loket_ticket_number_spoken (cases[i].number, "en");

      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_cmpstr (en, ==, cases[i].en);
    }
}

static void
test_sentences (void)
{
  g_autofree char *call_id = NULL;
  g_autofree char *call_en = NULL;
  g_autofree char *recall_id = NULL;
  g_autofree char *recall_en = NULL;
  g_autofree char *named = NULL;
  g_autofree char *unnamed = NULL;

  /* The screen shows English; the voice still speaks Indonesian first,
   * and the screen's language is left as it was. */
  g_assert_true (loket_i18n_set_language ("en"));
  call_id = loket_announcement_text (LOKET_ANNOUNCEMENT_CALL, "A-007", "3", "Loket 3", "id");
  call_en = loket_announcement_text (LOKET_ANNOUNCEMENT_CALL, "A-007", "3", "Loket 3", "en");
  recall_id = loket_announcement_text (LOKET_ANNOUNCEMENT_RECALL, "B-012", "12", NULL, "id");
  recall_en = loket_announcement_text (LOKET_ANNOUNCEMENT_RECALL, "B-012", "12", NULL, "en");
  g_assert_cmpstr (loket_i18n_get_language (), ==, "en");

  g_assert_cmpstr (call_id, ==, "Nomor antrian A nol nol tujuh, silakan ke loket tiga.");
  g_assert_cmpstr (call_en, ==, "Number A zero zero seven, please go to counter three.");
  g_assert_cmpstr (recall_id, ==, "Panggilan ulang, nomor antrian B nol satu dua, silakan ke loket dua belas.");
  g_assert_cmpstr (recall_en, ==, "Calling again: number B zero one two, please go to counter twelve.");

  /* A counter that is not a number on a sign is called by its name. */
  g_assert_true (loket_i18n_set_language ("id"));
  named = loket_announcement_text (LOKET_ANNOUNCEMENT_CALL, "C-003", "prio", "Prioritas", "id");
  unnamed = loket_announcement_text (LOKET_ANNOUNCEMENT_CALL, "C-003", "prio", NULL, "id");
  g_assert_cmpstr (named, ==, "Nomor antrian C nol nol tiga, silakan ke loket Prioritas.");
  g_assert_cmpstr (unnamed, ==, "Nomor antrian C nol nol tiga, silakan ke loket prio.");
  g_assert_cmpstr (loket_i18n_get_language (), ==, "id");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  loket_i18n_init (NULL);
  g_test_add_func ("/announcement/number-words", test_number_words);
  g_test_add_func ("/announcement/ticket-number", test_ticket_number);
  g_test_add_func ("/announcement/sentences", test_sentences);
  return g_test_run ();
}
