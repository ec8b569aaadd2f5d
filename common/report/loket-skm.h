/* loket-skm.h — the satisfaction survey's figures (Survei Kepuasan
 * Masyarakat, PermenPAN-RB 14/2017), computed exactly.
 *
 * Nine elements (unsur), each answered 1–4.  Per element the NRR (nilai
 * rata-rata) is the sum of its answers over their number; the survey
 * index IKM is the NRRs' mean (each element weighs 1/9), 1–4; the unit's
 * index is IKM × 25, 25–100, and its grade follows from that value
 * rounded to two decimals:
 *
 *   25.00–64.99 D "Tidak Baik"   65.00–76.60 C "Kurang Baik"
 *   76.61–88.30 B "Baik"         88.31–100.00 A "Sangat Baik"
 *
 * Everything is computed from sums and counts (a tally that sums over
 * days, services and channels), so a year's index is exact however it is
 * grouped.  An element may be skipped by a respondent: each element's NRR
 * counts its own answers.  The sample the regulation asks for is the
 * Krejcie–Morgan size for the citizens served.  docs/skm.md has a worked
 * example checked by hand.
 *
 * Plain values, no database: loketd fills the tally, the report model
 * carries it, the renderers and the web gateway show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LOKET_SKM_ELEMENTS 9
#define LOKET_SKM_ANSWERS 4

/* An element of the questionnaire: its stable id (answers are tied to
 * it, not to its position — sample questionnaires order 8 and 9 either
 * way), its name and its four answers' labels, 1 → 4. */
typedef struct {
  const char *id;
  const char *name;                           /* Indonesian, the regulation's */
  const char *name_en;
  const char *answers[LOKET_SKM_ANSWERS];
  const char *answers_en[LOKET_SKM_ANSWERS];
} LoketSkmElement;

const LoketSkmElement *loket_skm_element       (guint       index);
/* The index of the element called @id, or -1. */
gint                   loket_skm_element_index (const char *id);

/* Answers summed per element; 0 in an answer is "skipped".  @answers
 * counts each answer (answers[e][0] the 1s … [e][3] the 4s), so that the
 * open data can publish the answers themselves; sum and count follow
 * from it and are kept beside it, as the index is computed from them. */
typedef struct {
  guint64 sum[LOKET_SKM_ELEMENTS];
  guint64 count[LOKET_SKM_ELEMENTS];
  guint64 answers[LOKET_SKM_ELEMENTS][LOKET_SKM_ANSWERS];
  guint64 respondents;
} LoketSkmTally;

/* Adds one respondent's answers (each 0: skipped, or 1–4).  FALSE, and
 * nothing added, if an answer is out of range or all are skipped. */
gboolean loket_skm_tally_add   (LoketSkmTally       *tally,
                                const guint8         answers[LOKET_SKM_ELEMENTS]);
void     loket_skm_tally_merge (LoketSkmTally       *into,
                                const LoketSkmTally *other);

typedef enum {
  LOKET_SKM_GRADE_NONE,   /* no answers */
  LOKET_SKM_GRADE_A,
  LOKET_SKM_GRADE_B,
  LOKET_SKM_GRADE_C,
  LOKET_SKM_GRADE_D,
} LoketSkmGrade;

typedef struct {
  double        nrr[LOKET_SKM_ELEMENTS];       /* 0 for an element nobody answered */
  double        weighted[LOKET_SKM_ELEMENTS];  /* NRR × 1/9 */
  guint         answered;                      /* elements with at least one answer */
  double        ikm;                           /* 1–4: the mean NRR of the answered elements */
  guint         index_hundredths;              /* IKM × 25, rounded to two decimals, × 100 */
  LoketSkmGrade grade;
} LoketSkmResult;

/* FALSE (and grade NONE) when nobody answered anything. */
gboolean    loket_skm_compute       (const LoketSkmTally *tally,
                                     LoketSkmResult      *result);

/* The grade of an index in hundredths (8831 → A). */
LoketSkmGrade loket_skm_grade_of    (guint               index_hundredths);
const char *loket_skm_grade_letter  (LoketSkmGrade       grade);   /* "A" … "D", "" */
/* "Sangat Baik" / "Very good" … by @lang ("id" or "en"). */
const char *loket_skm_grade_label   (LoketSkmGrade       grade,
                                     const char         *lang);

/* The elements ordered from the lowest NRR up (answered ones only, ties
 * by their order in the questionnaire), for the follow-up plan; returns
 * how many were written to @elements (at most LOKET_SKM_ELEMENTS). */
guint       loket_skm_lowest        (const LoketSkmResult *result,
                                     guint                *elements);

/* Krejcie–Morgan: the respondents needed for @population citizens served
 * (χ² = 3.841, P = 0.5, d = 0.05), rounded up: 100 → 80, 1,000 → 278. */
guint       loket_skm_sample_size   (guint64             population);

/* ---- one respondent's answers (loket-skm-answers.c) ------------------- */

/* A respondent's profile: four optional items, each a choice from a
 * fixed list (docs/skm.md), never a name or an ID number. */
typedef enum {
  LOKET_SKM_SEX,
  LOKET_SKM_AGE,
  LOKET_SKM_EDUCATION,
  LOKET_SKM_OCCUPATION,
  LOKET_SKM_PROFILE_ITEMS
} LoketSkmProfileItem;

#define LOKET_SKM_MAX_CHOICES 8

typedef struct {
  const char *key;                                  /* "sex" */
  const char *name;                                 /* "Jenis kelamin" */
  const char *name_en;
  const char *choices[LOKET_SKM_MAX_CHOICES + 1];   /* ids, NULL-terminated */
  const char *labels[LOKET_SKM_MAX_CHOICES];
  const char *labels_en[LOKET_SKM_MAX_CHOICES];
} LoketSkmProfileDef;

const LoketSkmProfileDef *loket_skm_profile_item   (LoketSkmProfileItem item);
/* The index of @choice among @item's choices, or -1. */
gint                      loket_skm_profile_choice (LoketSkmProfileItem item,
                                                    const char         *choice);

/* Where a survey was answered: a kiosk in survey mode, a paper form
 * entered by staff, the citizen's phone. */
#define LOKET_SKM_CHANNELS 3
extern const char * const loket_skm_channels[LOKET_SKM_CHANNELS + 1];   /* "kiosk", "paper", "web" */
/* The index of @channel in loket_skm_channels, or -1. */
gint        loket_skm_channel_index     (const char   *channel);

/* The most a suggestion may hold, in characters. */
#define LOKET_SKM_SUGGESTION_MAX 500

/* {element id: 1–4} → @answers (0: skipped).  An unknown element, an
 * answer that is not an integer from 1 to 4, or no answer at all is
 * LOKET_ERROR_INVALID naming it. */
gboolean    loket_skm_answers_from_json (JsonObject   *object,
                                         guint8        answers[LOKET_SKM_ELEMENTS],
                                         GError      **error);
/* The answered elements only, by id. */
JsonObject *loket_skm_answers_to_json   (const guint8  answers[LOKET_SKM_ELEMENTS]);
/* "4,4,3,-,4,3,4,4,3": nine answers in the questionnaire's order, "-" (or
 * nothing) for a skipped one, as on a paper form.  An error names the
 * position (1–9) of a bad answer. */
gboolean    loket_skm_answers_parse     (const char   *text,
                                         guint8        answers[LOKET_SKM_ELEMENTS],
                                         GError      **error);
/* {sex, age, education, occupation}, each optional: every member must be
 * one of the four, and its value one of its choices. */
gboolean    loket_skm_profile_check     (JsonObject   *profile,
                                         GError      **error);
/* A suggestion of at most LOKET_SKM_SUGGESTION_MAX characters, in UTF-8. */
gboolean    loket_skm_suggestion_check  (const char   *suggestion,
                                         GError      **error);

G_END_DECLS
