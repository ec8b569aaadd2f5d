/* test-skm.c — the satisfaction survey's index, exactly: the worked
 * example of docs/skm.md, every grade boundary (64.99/65.00,
 * 76.60/76.61, 88.30/88.31) and the tie 88.305 that rounds up, skipped
 * elements, tallies that merge, the lowest elements, and the
 * Krejcie–Morgan sample sizes the regulation's table gives.  And the
 * report's PDF, read back with pdftotext: its index, grade and NRRs are
 * the CSV's, a hostile suggestion is printed as typed, many suggestions
 * are cut to a few numbered pages, a period with no answers is one page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-skm.h"
#include "loket-skm-report.h"
#include "loket-error.h"
#include "loket-test-server.h"

#include <string.h>

/* docs/skm.md, "A worked example": five respondents, one of whom skipped
 * element 8. */
static const guint8 example[5][LOKET_SKM_ELEMENTS] = {
  { 4, 4, 3, 4, 3, 4, 4, 3, 3 },
  { 3, 3, 3, 4, 3, 3, 4, 3, 3 },
  { 3, 2, 2, 4, 3, 3, 3, 0, 2 },
  { 4, 3, 3, 4, 4, 4, 4, 3, 3 },
  { 3, 3, 2, 4, 3, 3, 4, 2, 3 },
};

static void
test_worked_example (void)
{
  const double nrr[LOKET_SKM_ELEMENTS] = { 3.40, 3.00, 2.60, 4.00, 3.20, 3.40, 3.80, 2.75, 2.80 };
  LoketSkmTally tally = { 0 };
  LoketSkmResult r;
  guint lowest[LOKET_SKM_ELEMENTS];

  for (guint i = 0; i < G_N_ELEMENTS (example); i++)
    g_assert_true (loket_skm_tally_add (&tally, example[i]));
  g_assert_cmpuint (tally.respondents, ==, 5);
  g_assert_cmpuint (tally.count[7], ==, 4);
  /* Each answer counted (the open data's columns): time got two 2s and
   * three 3s; complaints, skipped once, one 2 and three 3s. */
  g_assert_cmpuint (tally.answers[2][1], ==, 2);
  g_assert_cmpuint (tally.answers[2][2], ==, 3);
  g_assert_cmpuint (tally.answers[7][0] + tally.answers[7][3], ==, 0);
  g_assert_cmpuint (tally.answers[7][1] + tally.answers[7][2], ==, tally.count[7]);
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    g_assert_cmpuint (tally.answers[e][0] + 2 * tally.answers[e][1] + 3 * tally.answers[e][2] +
                      4 * tally.answers[e][3], ==, tally.sum[e]);
  g_assert_true (loket_skm_compute (&tally, &r));
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    {
      g_assert_cmpfloat_with_epsilon (r.nrr[i], nrr[i], 1e-12);
      g_assert_cmpfloat_with_epsilon (r.weighted[i], nrr[i] / 9, 1e-12);
    }
  /* Σ NRR = 28.95; IKM = 28.95 / 9 = 3.2166…; × 25 = 80.4166… → 80.42. */
  g_assert_cmpfloat_with_epsilon (r.ikm, 28.95 / 9, 1e-12);
  g_assert_cmpuint (r.index_hundredths, ==, 8042);
  g_assert_cmpint (r.grade, ==, LOKET_SKM_GRADE_B);
  g_assert_cmpstr (loket_skm_grade_letter (r.grade), ==, "B");
  g_assert_cmpstr (loket_skm_grade_label (r.grade, "id"), ==, "Baik");
  g_assert_cmpstr (loket_skm_grade_label (r.grade, "en"), ==, "Good");
  /* For the follow-up plan: time (2.60), complaints (2.75), facilities (2.80). */
  g_assert_cmpuint (loket_skm_lowest (&r, lowest), ==, 9);
  g_assert_cmpstr (loket_skm_element (lowest[0])->id, ==, "time");
  g_assert_cmpstr (loket_skm_element (lowest[1])->id, ==, "complaints");
  g_assert_cmpstr (loket_skm_element (lowest[2])->id, ==, "facilities");
  g_assert_cmpstr (loket_skm_element (lowest[8])->id, ==, "cost");
}

/* @n respondents, every element summing to @per_element: an index of
 * exactly 2500 × per_element / (n × 100) hundredths... as a calculator
 * would compute it. */
static guint
index_of (guint64 n, guint64 per_element, LoketSkmGrade *grade)
{
  LoketSkmTally tally = { 0 };
  LoketSkmResult r;

  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    {
      tally.sum[i] = per_element;
      tally.count[i] = n;
    }
  tally.respondents = n;
  g_assert_true (loket_skm_compute (&tally, &r));
  *grade = r.grade;
  return r.index_hundredths;
}

/* Every boundary, from answers: NRR 2.5996 is 64.99 (D) and 2.6 is 65.00
 * (C); 3.064 is 76.60 (C) and 3.0644 is 76.61 (B); 3.532 is 88.30 (B)
 * and 3.5324 is 88.31 (A). */
static void
test_grade_boundaries (void)
{
  static const struct { guint64 n, per_element; guint index; LoketSkmGrade grade; } cases[] = {
    { 2500, 6499, 6499, LOKET_SKM_GRADE_D },
    { 2500, 6500, 6500, LOKET_SKM_GRADE_C },
    { 2500, 7660, 7660, LOKET_SKM_GRADE_C },
    { 2500, 7661, 7661, LOKET_SKM_GRADE_B },
    { 2500, 8830, 8830, LOKET_SKM_GRADE_B },
    { 2500, 8831, 8831, LOKET_SKM_GRADE_A },
    /* The lowest and the highest there are. */
    { 7, 7, 2500, LOKET_SKM_GRADE_D },
    { 7, 28, 10000, LOKET_SKM_GRADE_A },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LoketSkmGrade grade;

      g_assert_cmpuint (index_of (cases[i].n, cases[i].per_element, &grade), ==, cases[i].index);
      g_assert_cmpint (grade, ==, cases[i].grade);
    }
  g_assert_cmpint (loket_skm_grade_of (6499), ==, LOKET_SKM_GRADE_D);
  g_assert_cmpint (loket_skm_grade_of (6500), ==, LOKET_SKM_GRADE_C);
  g_assert_cmpint (loket_skm_grade_of (7660), ==, LOKET_SKM_GRADE_C);
  g_assert_cmpint (loket_skm_grade_of (7661), ==, LOKET_SKM_GRADE_B);
  g_assert_cmpint (loket_skm_grade_of (8830), ==, LOKET_SKM_GRADE_B);
  g_assert_cmpint (loket_skm_grade_of (8831), ==, LOKET_SKM_GRADE_A);
}

/* 88.305 exactly (5,000 respondents, each element summing to 17,661:
 * 2500 × 17661 / 5000 / 100 = 88.305) rounds half up to 88.31: an A, as
 * an auditor with a calculator grades it; 88.30 stays a B. */
static void
test_tie_rounds_up (void)
{
  LoketSkmGrade grade;

  g_assert_cmpuint (index_of (5000, 17661, &grade), ==, 8831);
  g_assert_cmpint (grade, ==, LOKET_SKM_GRADE_A);
  g_assert_cmpuint (index_of (5000, 17660, &grade), ==, 8830);
  g_assert_cmpint (grade, ==, LOKET_SKM_GRADE_B);
  /* 64.995 → 65.00 (C); 76.605 → 76.61 (B). */
  g_assert_cmpuint (index_of (5000, 12999, &grade), ==, 6500);
  g_assert_cmpint (grade, ==, LOKET_SKM_GRADE_C);
  g_assert_cmpuint (index_of (5000, 15321, &grade), ==, 7661);
  g_assert_cmpint (grade, ==, LOKET_SKM_GRADE_B);
}

/* Out-of-range answers and empty questionnaires are refused and change
 * nothing; an element nobody answered leaves the index to the others;
 * tallies of two services merge into the office's. */
static void
test_tally (void)
{
  const guint8 bad[LOKET_SKM_ELEMENTS] = { 4, 4, 5, 4, 4, 4, 4, 4, 4 };
  const guint8 empty[LOKET_SKM_ELEMENTS] = { 0 };
  const guint8 no_cost[LOKET_SKM_ELEMENTS] = { 4, 4, 4, 0, 4, 4, 4, 4, 4 };
  LoketSkmTally a = { 0 }, b = { 0 }, both = { 0 };
  LoketSkmResult r;

  g_assert_false (loket_skm_tally_add (&a, bad));
  g_assert_false (loket_skm_tally_add (&a, empty));
  g_assert_cmpuint (a.respondents, ==, 0);
  g_assert_false (loket_skm_compute (&a, &r));
  g_assert_cmpint (r.grade, ==, LOKET_SKM_GRADE_NONE);

  g_assert_true (loket_skm_tally_add (&a, no_cost));
  g_assert_true (loket_skm_compute (&a, &r));
  g_assert_cmpuint (r.answered, ==, 8);
  g_assert_cmpuint (r.index_hundredths, ==, 10000);

  for (guint i = 0; i < 3; i++)
    g_assert_true (loket_skm_tally_add (&b, example[i]));
  for (guint i = 3; i < 5; i++)
    g_assert_true (loket_skm_tally_add (&both, example[i]));
  loket_skm_tally_merge (&both, &b);
  g_assert_true (loket_skm_compute (&both, &r));
  g_assert_cmpuint (r.index_hundredths, ==, 8042);
  /* The answers' counts merge too: time's two 2s and three 3s. */
  g_assert_cmpuint (both.answers[2][1], ==, 2);
  g_assert_cmpuint (both.answers[2][2], ==, 3);
}

/* The regulation's Krejcie–Morgan table. */
static void
test_sample_size (void)
{
  g_assert_cmpuint (loket_skm_sample_size (0), ==, 0);
  g_assert_cmpuint (loket_skm_sample_size (10), ==, 10);
  g_assert_cmpuint (loket_skm_sample_size (100), ==, 80);
  g_assert_cmpuint (loket_skm_sample_size (1000), ==, 278);
  g_assert_cmpuint (loket_skm_sample_size (10000), ==, 370);
  g_assert_cmpuint (loket_skm_sample_size (100000), ==, 383);
}

/* Answers are tied to elements by id; every element has four labels in
 * both languages. */
static void
test_elements (void)
{
  g_assert_cmpint (loket_skm_element_index ("requirements"), ==, 0);
  g_assert_cmpint (loket_skm_element_index ("facilities"), ==, 8);
  g_assert_cmpint (loket_skm_element_index ("nope"), ==, -1);
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    for (guint a = 0; a < LOKET_SKM_ANSWERS; a++)
      {
        g_assert_nonnull (loket_skm_element (i)->answers[a]);
        g_assert_nonnull (loket_skm_element (i)->answers_en[a]);
      }
  g_assert_cmpstr (loket_skm_element (3)->answers[3], ==, "Gratis");
}

/* A paper form's nine answers in the questionnaire's order, "-" skipped;
 * an error names the position and the element. */
static void
test_answers_parse (void)
{
  static const struct { const char *text; const char *error; } bad[] = {
    { "4,4,3,-,4,3,4,4", "expected 9" },
    { "4,4,3,-,4,3,4,4,3,4", "expected 9" },
    { "4,4,0,-,4,3,4,4,3", "answer 3 (time)" },
    { "4,4,3,-,5,3,4,4,3", "answer 5 (product)" },
    { "4,4,3,x,4,3,4,4,3", "answer 4 (cost)" },
    { "-,-,-,-,-,-,-,-,-", "at least one" },
  };
  guint8 answers[LOKET_SKM_ELEMENTS];
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;

  g_assert_true (loket_skm_answers_parse ("4, 4,3,-,4,3,4,,3", answers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (answers[0], ==, 4);
  g_assert_cmpuint (answers[3], ==, 0);
  g_assert_cmpuint (answers[7], ==, 0);
  g_assert_cmpuint (answers[8], ==, 3);
  json = loket_skm_answers_to_json (answers);
  g_assert_cmpuint (json_object_get_size (json), ==, 7);
  g_assert_false (json_object_has_member (json, "cost"));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;

      g_assert_false (loket_skm_answers_parse (bad[i].text, answers, &e));
      g_assert_error (e, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_assert_nonnull (strstr (e->message, bad[i].error));
    }
}

static void
test_profile_and_suggestion (void)
{
  g_autoptr(JsonObject) good = json_object_new ();
  g_autoptr(JsonObject) bad = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fits = g_strnfill (LOKET_SKM_SUGGESTION_MAX, 'x');
  g_autofree char *long_text = NULL;

  json_object_set_string_member (good, "sex", "female");
  json_object_set_string_member (good, "occupation", "student");
  json_object_set_null_member (good, "age");
  g_assert_true (loket_skm_profile_check (good, &error));
  g_assert_no_error (error);
  json_object_set_string_member (bad, "education", "phd");
  g_assert_false (loket_skm_profile_check (bad, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (loket_skm_profile_choice (LOKET_SKM_AGE, "60-plus"), ==, 5);
  g_assert_cmpint (loket_skm_profile_choice (LOKET_SKM_AGE, "61"), ==, -1);
  /* Characters, not bytes: 500 "é" fit, 501 "x" do not. */
  g_assert_true (loket_skm_suggestion_check (fits, NULL));
  {
    g_autoptr(GString) accents = g_string_new (NULL);

    for (guint i = 0; i < LOKET_SKM_SUGGESTION_MAX; i++)
      g_string_append (accents, "é");
    g_assert_true (loket_skm_suggestion_check (accents->str, NULL));
  }
  long_text = g_strconcat (fits, "x", NULL);
  g_assert_false (loket_skm_suggestion_check (long_text, &error));
  g_assert_nonnull (strstr (error->message, "501 characters"));
}

/* ---- the report's PDF ----------------------------------------------------- */

/* A hostile suggestion: markup, a printf directive, quotes, a backslash. */
#define HOSTILE "<b>Antre</b> & \"lama\" 100% %s %n \\ <script>x</script>"

static void
add_answers (LoketSkmReport *report, LoketSkmGroup *service, guint channel, const guint8 answers[LOKET_SKM_ELEMENTS])
{
  g_assert_true (loket_skm_tally_add (&service->tally, answers));
  g_assert_true (loket_skm_tally_add (&report->total->tally, answers));
  g_assert_true (loket_skm_tally_add (&((LoketSkmGroup *) g_ptr_array_index (report->channels, channel))->tally,
                                      answers));
}

static void
add_suggestion (LoketSkmReport *report, const char *day, const char *service, const char *text)
{
  LoketSkmSuggestion *s = g_new0 (LoketSkmSuggestion, 1);

  s->service_day = g_strdup (day);
  s->service = g_strdup (service);
  s->channel = g_strdup ("paper");
  s->text = g_strdup (text);
  g_ptr_array_add (report->suggestions, s);
}

/* The worked example on paper for KTP, two kiosk answers for KK, a
 * service with a long name and nobody answering, @extra suggestions of
 * some 400 characters after the hostile one. */
static LoketSkmReport *
sample_report (const char *lang, guint extra)
{
  static const guint8 kiosk[2][LOKET_SKM_ELEMENTS] = {
    { 4, 4, 4, 4, 4, 4, 4, 4, 4 },
    { 3, 4, 3, 4, 3, 4, 3, 4, 3 },
  };
  LoketSkmReport *report = loket_skm_report_new ("Mal Pelayanan Publik Kota Contoh", "2026-01-01",
                                                 "2026-06-30", lang);
  LoketSkmGroup *ktp = loket_skm_report_service (report, "ktp", "Kartu Tanda Penduduk Elektronik (KTP-el)");
  LoketSkmGroup *kk = loket_skm_report_service (report, "kk", "Kartu Keluarga");
  LoketSkmGroup *long_name = loket_skm_report_service (report, "pindah",
    "Surat Keterangan Pindah Datang Antar Kabupaten/Kota dalam Satu Provinsi");

  ktp->served = 120;
  kk->served = 40;
  long_name->served = 3;
  report->total->served = 163;
  for (guint i = 0; i < G_N_ELEMENTS (example); i++)
    add_answers (report, ktp, 1, example[i]);
  for (guint i = 0; i < G_N_ELEMENTS (kiosk); i++)
    add_answers (report, kk, 0, kiosk[i]);
  report->profile[LOKET_SKM_SEX][0] = 3;
  report->profile[LOKET_SKM_SEX][LOKET_SKM_MAX_CHOICES] = 4;
  report->profile[LOKET_SKM_AGE][2] = 7;
  report->profile[LOKET_SKM_EDUCATION][LOKET_SKM_MAX_CHOICES] = 7;
  report->profile[LOKET_SKM_OCCUPATION][4] = 7;
  add_suggestion (report, "2026-02-03", "ktp", HOSTILE);
  {
    /* One "word" as long as a suggestion may be: broken, not let out. */
    g_autofree char *word = g_strnfill (LOKET_SKM_SUGGESTION_MAX, 'w');

    add_suggestion (report, "2026-02-04", "pindah", word);
  }
  for (guint i = 0; i < extra; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_append_printf (text, "Saran nomor %u:", i + 1);
      while (text->len < 400)
        g_string_append (text, " ruang tunggu perlu kursi tambahan dan kipas angin");
      add_suggestion (report, "2026-03-04", i % 2 ? "kk" : "ktp", text->str);
    }
  return report;
}

/* The text of the report's PDF by pdftotext, or NULL (the test failed)
 * without it; the PDF is kept as @name in @dir. */
static char *
pdf_text (const LoketSkmReport *report, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  const char *argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };
  char *text = NULL;
  int status = 0;

  g_assert_true (loket_skm_report_write_pdf (report, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  g_assert_true (g_file_set_contents (path, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), &error));
  if (pdftotext == NULL)
    {
      loket_test_missing ("no pdftotext (poppler-utils)");
      return NULL;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return text;
}

/* Every word of the PDF @name in @dir lies inside the page's margins
 * (15 mm; a point's rounding allowed): no table, name or suggestion runs
 * off the page. */
static void
check_inside_margins (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  const char *argv[] = { pdftotext, "-bbox", path, "-", NULL };
  const double margin = 15 * 72 / 25.4 - 1.5;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  double width = 0, height = 0;
  guint words = 0;
  int status = 0;

  g_assert_nonnull (pdftotext);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &html, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (const char *p = strstr (html, "<page width=\""); p != NULL; p = strstr (p + 1, "<page width=\""))
    {
      const char *end = strstr (p + 1, "</page>");

      width = g_ascii_strtod (p + strlen ("<page width=\""), NULL);
      height = g_ascii_strtod (strstr (p, "height=\"") + strlen ("height=\""), NULL);
      g_assert_cmpfloat (width, >, 500);
      for (const char *w = strstr (p, "<word "); w != NULL && w < end; w = strstr (w + 1, "<word "))
        {
          double x_min = g_ascii_strtod (strstr (w, "xMin=\"") + 6, NULL);
          double x_max = g_ascii_strtod (strstr (w, "xMax=\"") + 6, NULL);
          double y_max = g_ascii_strtod (strstr (w, "yMax=\"") + 6, NULL);

          g_assert_cmpfloat (x_min, >=, margin);
          g_assert_cmpfloat (x_max, <=, width - margin);
          g_assert_cmpfloat (y_max, <=, height - margin);
          words++;
        }
    }
  g_assert_cmpuint (words, >, 100);
}

static guint
count_pages (const char *text)
{
  guint pages = 0;

  for (const char *p = text; *p; p++)
    pages += *p == '\f';
  return pages;
}

/* The office row of the report's CSV, split into cells (no cell of it is
 * quoted: the office's name has no comma). */
static char **
csv_office_row (const LoketSkmReport *report, char ***header)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_auto(GStrv) lines = NULL;
  g_autofree char *csv = NULL;

  g_assert_true (loket_skm_report_write_csv (report, out, NULL));
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  csv = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[1], "office,"));
  *header = g_strsplit (lines[0], ",", -1);
  return g_strsplit (lines[1], ",", -1);
}

static const char *
cell (char **header, char **row, const char *key)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], key))
      return row[i];
  g_assert_not_reached ();
}

/* "3.4000" as the Indonesian PDF writes it. */
static char *
localised (const char *figure, const char *lang)
{
  char *text = g_strdup (figure);

  return g_str_equal (lang, "id") ? g_strdelimit (text, ".", ',') : text;
}

static void
check_figures (const char *lang, const char *dir)
{
  g_autoptr(LoketSkmReport) report = sample_report (lang, 0);
  g_autofree char *name = g_strdup_printf ("skm-%s.pdf", lang);
  g_autofree char *text = pdf_text (report, dir, name);
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) row = csv_office_row (report, &header);
  g_autofree char *index = localised (cell (header, row, "index"), lang);
  g_autofree char *grade = g_strdup_printf ("%s (%s)", cell (header, row, "grade"), cell (header, row, "performance"));

  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, index));
  g_assert_nonnull (strstr (text, grade));
  g_assert_nonnull (strstr (text, cell (header, row, "performance")));
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      g_autofree char *key = g_strdup_printf ("%s_nrr", loket_skm_element (e)->id);
      g_autofree char *nrr = localised (cell (header, row, key), lang);

      g_assert_nonnull (strstr (text, nrr));
    }
  g_assert_nonnull (strstr (text, HOSTILE));
  g_assert_nonnull (strstr (text, "Krejcie–Morgan"));
  g_assert_nonnull (strstr (text, "PermenPAN-RB 14/2017"));
  g_assert_nonnull (strstr (text, g_str_equal (lang, "id") ? "Halaman 1 dari" : "Page 1 of"));
  check_inside_margins (dir, name);
}

static void
test_pdf_figures (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-skm-XXXXXX", &error);

  g_assert_no_error (error);
  /* The worked example's KTP and KK's 4s: 80.42 would be KTP's alone. */
  check_figures ("id", dir);
  check_figures ("en", dir);
  loket_test_remove_tree (dir);
}

/* Hundreds of suggestions: a few pages of them, each page numbered "of
 * N", and a line that counts the rest. */
static void
test_pdf_many_suggestions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-skm-XXXXXX", &error);
  g_autoptr(LoketSkmReport) report = sample_report ("id", 300);
  g_autofree char *text = pdf_text (report, dir, "many.pdf");
  guint pages;

  if (text == NULL)
    return;
  pages = count_pages (text);
  g_assert_cmpuint (pages, >=, 3);
  /* Two pages of figures at most, three of suggestions, the closing. */
  g_assert_cmpuint (pages, <=, 6);
  for (guint p = 1; p <= pages; p++)
    {
      g_autofree char *number = g_strdup_printf ("Halaman %u dari %u", p, pages);

      g_assert_nonnull (strstr (text, number));
    }
  g_assert_nonnull (strstr (text, "Saran nomor 1:"));
  g_assert_null (strstr (text, "Saran nomor 300:"));
  g_assert_nonnull (strstr (text, "saran lainnya"));
  g_assert_nonnull (strstr (text, "Saran dan masukan (302)"));
  check_inside_margins (dir, "many.pdf");
  loket_test_remove_tree (dir);
}

static void
test_pdf_no_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-skm-XXXXXX", &error);
  g_autoptr(LoketSkmReport) report = loket_skm_report_new ("Kantor Kosong", "2026-07-01", "2026-07-31", "id");
  g_autofree char *text = NULL;

  report->total->served = 100;
  loket_skm_report_service (report, "ktp", "KTP")->served = 100;
  text = pdf_text (report, dir, "empty.pdf");
  if (text == NULL)
    return;
  g_assert_cmpuint (count_pages (text), ==, 1);
  g_assert_nonnull (strstr (text, "Belum ada jawaban pada periode ini."));
  /* 100 served need 80 respondents. */
  g_assert_nonnull (strstr (text, "sampel minimal (Krejcie–Morgan): 80"));
  g_assert_nonnull (strstr (text, "Halaman 1 dari 1"));
  loket_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/skm/worked-example", test_worked_example);
  g_test_add_func ("/skm/grade-boundaries", test_grade_boundaries);
  g_test_add_func ("/skm/tie-rounds-up", test_tie_rounds_up);
  g_test_add_func ("/skm/tally", test_tally);
  g_test_add_func ("/skm/sample-size", test_sample_size);
  g_test_add_func ("/skm/elements", test_elements);
  g_test_add_func ("/skm/answers-parse", test_answers_parse);
  g_test_add_func ("/skm/profile-and-suggestion", test_profile_and_suggestion);
  g_test_add_func ("/skm/pdf-figures", test_pdf_figures);
  g_test_add_func ("/skm/pdf-many-suggestions", test_pdf_many_suggestions);
  g_test_add_func ("/skm/pdf-no-answers", test_pdf_no_answers);
  return g_test_run ();
}
