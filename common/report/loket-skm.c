/* loket-skm.c — the satisfaction survey's figures; see loket-skm.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-skm.h"

#include <math.h>

/* The regulation's sample questionnaire (PermenPAN-RB 14/2017), answers
 * from 1 (worst) to 4 (best). */
static const LoketSkmElement elements[LOKET_SKM_ELEMENTS] = {
  { "requirements", "Persyaratan", "Requirements",
    { "Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai" },
    { "Not suitable", "Less suitable", "Suitable", "Very suitable" } },
  { "procedure", "Sistem, mekanisme, dan prosedur", "System, mechanism and procedure",
    { "Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah" },
    { "Not easy", "Less easy", "Easy", "Very easy" } },
  { "time", "Waktu penyelesaian", "Time to complete",
    { "Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat" },
    { "Not fast", "Less fast", "Fast", "Very fast" } },
  { "cost", "Biaya/tarif", "Cost or fee",
    { "Sangat mahal", "Cukup mahal", "Murah", "Gratis" },
    { "Very expensive", "Rather expensive", "Cheap", "Free" } },
  { "product", "Produk spesifikasi jenis pelayanan", "Product as specified",
    { "Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai" },
    { "Not as specified", "Less as specified", "As specified", "Fully as specified" } },
  { "competence", "Kompetensi pelaksana", "Staff competence",
    { "Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten" },
    { "Not competent", "Less competent", "Competent", "Very competent" } },
  { "behaviour", "Perilaku pelaksana", "Staff behaviour",
    { "Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah" },
    { "Not polite or friendly", "Less polite and friendly", "Polite and friendly",
      "Very polite and friendly" } },
  { "complaints", "Penanganan pengaduan, saran dan masukan", "Handling of complaints and suggestions",
    { "Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik" },
    { "None", "There, but not working", "Working, not fully", "Well managed" } },
  { "facilities", "Sarana dan prasarana", "Facilities",
    { "Buruk", "Cukup", "Baik", "Sangat baik" },
    { "Poor", "Adequate", "Good", "Very good" } },
};

/* The grades by the index in hundredths, from the top. */
static const struct {
  guint         from;      /* hundredths, included */
  LoketSkmGrade grade;
  const char   *letter;
  const char   *label;
  const char   *label_en;
} grades[] = {
  { 8831, LOKET_SKM_GRADE_A, "A", "Sangat Baik", "Very good" },
  { 7661, LOKET_SKM_GRADE_B, "B", "Baik", "Good" },
  { 6500, LOKET_SKM_GRADE_C, "C", "Kurang Baik", "Fair" },
  { 0, LOKET_SKM_GRADE_D, "D", "Tidak Baik", "Poor" },
};

const LoketSkmElement *
loket_skm_element (guint index)
{
  g_return_val_if_fail (index < LOKET_SKM_ELEMENTS, NULL);
  return &elements[index];
}

gint
loket_skm_element_index (const char *id)
{
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    if (g_strcmp0 (elements[i].id, id) == 0)
      return (gint) i;
  return -1;
}

gboolean
loket_skm_tally_add (LoketSkmTally *tally,
                     const guint8   answers[LOKET_SKM_ELEMENTS])
{
  gboolean any = FALSE;

  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    {
      if (answers[i] > LOKET_SKM_ANSWERS)
        return FALSE;
      any |= answers[i] > 0;
    }
  if (!any)
    return FALSE;
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    if (answers[i] > 0)
      {
        tally->sum[i] += answers[i];
        tally->count[i]++;
        tally->answers[i][answers[i] - 1]++;
      }
  tally->respondents++;
  return TRUE;
}

void
loket_skm_tally_merge (LoketSkmTally       *into,
                       const LoketSkmTally *other)
{
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    {
      into->sum[i] += other->sum[i];
      into->count[i] += other->count[i];
      for (guint a = 0; a < LOKET_SKM_ANSWERS; a++)
        into->answers[i][a] += other->answers[i][a];
    }
  into->respondents += other->respondents;
}

LoketSkmGrade
loket_skm_grade_of (guint index_hundredths)
{
  for (guint g = 0; g < G_N_ELEMENTS (grades); g++)
    if (index_hundredths >= grades[g].from)
      return grades[g].grade;
  return LOKET_SKM_GRADE_D;
}

gboolean
loket_skm_compute (const LoketSkmTally *tally,
                   LoketSkmResult      *result)
{
  long double sum_of_nrr = 0;

  *result = (LoketSkmResult) { .grade = LOKET_SKM_GRADE_NONE };
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    {
      if (tally->count[i] == 0)
        continue;
      /* Each NRR from its own sum and count, in extended precision: the
       * grade turns on the second decimal of the index. */
      sum_of_nrr += (long double) tally->sum[i] / (long double) tally->count[i];
      result->nrr[i] = (double) tally->sum[i] / (double) tally->count[i];
      result->weighted[i] = result->nrr[i] / LOKET_SKM_ELEMENTS;
      result->answered++;
    }
  if (result->answered == 0)
    return FALSE;
  result->ikm = (double) (sum_of_nrr / result->answered);
  /* Rounded half up to two decimals, as a calculator shows it: 88.305 is
   * 88.31.  The tiny nudge keeps an exact tie (…5) from falling below
   * the half through the division's last bit. */
  result->index_hundredths = (guint) floorl (sum_of_nrr * 2500.0L / result->answered + 0.5L + 1e-9L);
  result->grade = loket_skm_grade_of (result->index_hundredths);
  return TRUE;
}

const char *
loket_skm_grade_letter (LoketSkmGrade grade)
{
  for (guint g = 0; g < G_N_ELEMENTS (grades); g++)
    if (grades[g].grade == grade)
      return grades[g].letter;
  return "";
}

const char *
loket_skm_grade_label (LoketSkmGrade  grade,
                       const char    *lang)
{
  for (guint g = 0; g < G_N_ELEMENTS (grades); g++)
    if (grades[g].grade == grade)
      return g_strcmp0 (lang, "en") == 0 ? grades[g].label_en : grades[g].label;
  return "";
}

guint
loket_skm_lowest (const LoketSkmResult *result,
                  guint                *out)
{
  guint n = 0;

  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    if (result->nrr[i] > 0)
      {
        /* Insertion by NRR; an equal one stays after those before it. */
        guint at = n;

        while (at > 0 && result->nrr[out[at - 1]] > result->nrr[i])
          {
            out[at] = out[at - 1];
            at--;
          }
        out[at] = i;
        n++;
      }
  return n;
}

guint
loket_skm_sample_size (guint64 population)
{
  const double chi2 = 3.841, p = 0.5, d = 0.05;
  double n = (double) population;

  if (population == 0)
    return 0;
  return (guint) ceil (chi2 * n * p * (1 - p) / (d * d * (n - 1) + chi2 * p * (1 - p)));
}
