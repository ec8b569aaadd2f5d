/* loket-store-survey.c — the satisfaction survey's rows (schema 12,
 * table `surveys`): one per questionnaire answered, at most one per
 * ticket, and the period's figures read back as SQL sums and counts per
 * element, never as averages, so that loket-skm.c computes any grouping
 * exactly (docs/skm.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-store"

#include "loket-store-private.h"
#include "loket-error.h"

#define SURVEY_ANSWER_COLUMNS \
  "answer_requirements, answer_procedure, answer_time, answer_cost, answer_product," \
  " answer_competence, answer_behaviour, answer_complaints, answer_facilities"

/* The columns follow the questionnaire's order (loket-skm.c). */
G_STATIC_ASSERT (LOKET_SKM_ELEMENTS == 9);
G_STATIC_ASSERT (LOKET_SKM_PROFILE_ITEMS == 4);

void
loket_survey_free (LoketSurvey *survey)
{
  if (survey == NULL)
    return;
  g_free (survey->service);
  g_free (survey->channel);
  g_free (survey->service_day);
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    g_free (survey->profile[i]);
  g_free (survey->suggestion);
  g_free (survey);
}

gboolean
loket_store_add_survey (LoketStore  *self,
                        LoketSurvey *survey,
                        GError     **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
    "INSERT INTO surveys (id, ticket, service, charter_version, channel, service_day, answered_at, "
    SURVEY_ANSWER_COLUMNS ", sex, age, education, occupation, suggestion)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
    " ?17, ?18, ?19, ?20, ?21)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (survey->id > 0)
    sqlite3_bind_int64 (stmt, 1, survey->id);
  if (survey->ticket > 0)
    sqlite3_bind_int64 (stmt, 2, survey->ticket);
  store_bind_text (stmt, 3, survey->service);
  sqlite3_bind_int64 (stmt, 4, survey->charter_version);
  store_bind_text (stmt, 5, survey->channel);
  store_bind_text (stmt, 6, survey->service_day);
  sqlite3_bind_int64 (stmt, 7, survey->answered_at);
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    if (survey->answers[i] > 0)
      sqlite3_bind_int (stmt, 8 + i, survey->answers[i]);
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    store_bind_text (stmt, 17 + i, survey->profile[i]);
  store_bind_text (stmt, 21, survey->suggestion);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT && survey->ticket > 0 && loket_store_survey_of_ticket (self, survey->ticket, NULL) > 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_ANSWERED,
                   "the survey for ticket id %" G_GINT64_FORMAT " was already answered", survey->ticket);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "storing a survey");
      return FALSE;
    }
  survey->id = sqlite3_last_insert_rowid (loket_store_get_db (self));
  return TRUE;
}

gint64
loket_store_survey_of_ticket (LoketStore *self,
                              gint64      ticket,
                              GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT id FROM surveys WHERE ticket = ?1", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, ticket);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      store_set_error (error, self, "looking up a ticket's survey");
      return -1;
    }
  return id;
}

/* Steps @stmt, bound to the period in ?1 and ?2, calling @row per row. */
static gboolean
each_row (LoketStore   *self,
          sqlite3_stmt *stmt,
          const char   *from,
          const char   *to,
          const char   *what,
          void        (*row) (sqlite3_stmt *stmt, gpointer data),
          gpointer      data,
          GError      **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, from);
  store_bind_text (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, data);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, what);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  gpointer func;
  gpointer user_data;
} Callback;

/* Each answer's count, 1 to 4, of one element's column (a skipped
 * element is NULL and counts in none). */
#define ANSWER_COUNTS(c) ", SUM (" c " = 1), SUM (" c " = 2), SUM (" c " = 3), SUM (" c " = 4)"

static void
tally_row (sqlite3_stmt *stmt, gpointer data)
{
  Callback *cb = data;
  LoketSkmTally tally = { .respondents = sqlite3_column_int64 (stmt, 3) };

  /* Sums and counts follow from the answers' counts, exactly. */
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    for (guint a = 0; a < LOKET_SKM_ANSWERS; a++)
      {
        guint64 n = sqlite3_column_int64 (stmt, 4 + LOKET_SKM_ANSWERS * i + a);

        tally.answers[i][a] = n;
        tally.count[i] += n;
        tally.sum[i] += n * (a + 1);
      }
  ((LoketSurveyTallyFunc) cb->func) ((const char *) sqlite3_column_text (stmt, 0),
                                     (const char *) sqlite3_column_text (stmt, 1),
                                     (const char *) sqlite3_column_text (stmt, 2), &tally, cb->user_data);
}

gboolean
loket_store_survey_tallies (LoketStore          *self,
                            const char          *from,
                            const char          *to,
                            LoketSurveyTallyFunc func,
                            gpointer             user_data,
                            GError             **error)
{
  Callback cb = { func, user_data };

  return each_row (self, store_prepare (self,
    "SELECT service_day, service, channel, COUNT (*)"
    ANSWER_COUNTS ("answer_requirements") ANSWER_COUNTS ("answer_procedure") ANSWER_COUNTS ("answer_time")
    ANSWER_COUNTS ("answer_cost") ANSWER_COUNTS ("answer_product") ANSWER_COUNTS ("answer_competence")
    ANSWER_COUNTS ("answer_behaviour") ANSWER_COUNTS ("answer_complaints") ANSWER_COUNTS ("answer_facilities")
    " FROM surveys WHERE service_day BETWEEN ?1 AND ?2 GROUP BY service_day, service, channel"
    " ORDER BY service_day, service, channel",
    error), from, to, "reading the surveys", tally_row, &cb, error);
}

typedef struct {
  Callback            cb;
  LoketSkmProfileItem item;
} ProfileCallback;

static void
profile_row (sqlite3_stmt *stmt, gpointer data)
{
  ProfileCallback *p = data;

  ((LoketSurveyProfileFunc) p->cb.func) (p->item, (const char *) sqlite3_column_text (stmt, 0),
                                         sqlite3_column_int64 (stmt, 1), p->cb.user_data);
}

gboolean
loket_store_survey_profiles (LoketStore            *self,
                             const char            *from,
                             const char            *to,
                             LoketSurveyProfileFunc func,
                             gpointer               user_data,
                             GError               **error)
{
  /* One statement per item: the column's name cannot be a parameter. */
  static const char * const sql[LOKET_SKM_PROFILE_ITEMS] = {
    "SELECT sex, COUNT (*) FROM surveys WHERE service_day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1",
    "SELECT age, COUNT (*) FROM surveys WHERE service_day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1",
    "SELECT education, COUNT (*) FROM surveys WHERE service_day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1",
    "SELECT occupation, COUNT (*) FROM surveys WHERE service_day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1",
  };

  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    {
      ProfileCallback p = { { func, user_data }, i };

      if (!each_row (self, store_prepare (self, sql[i], error), from, to, "reading the respondents' profiles",
                     profile_row, &p, error))
        return FALSE;
    }
  return TRUE;
}

static void
suggestion_row (sqlite3_stmt *stmt, gpointer data)
{
  Callback *cb = data;

  ((LoketSurveySuggestionFunc) cb->func) ((const char *) sqlite3_column_text (stmt, 0),
                                          (const char *) sqlite3_column_text (stmt, 1),
                                          (const char *) sqlite3_column_text (stmt, 2),
                                          (const char *) sqlite3_column_text (stmt, 3), cb->user_data);
}

gboolean
loket_store_survey_suggestions (LoketStore               *self,
                                const char               *from,
                                const char               *to,
                                LoketSurveySuggestionFunc func,
                                gpointer                  user_data,
                                GError                  **error)
{
  Callback cb = { func, user_data };

  return each_row (self, store_prepare (self,
    "SELECT service_day, service, channel, suggestion FROM surveys"
    " WHERE service_day BETWEEN ?1 AND ?2 AND suggestion IS NOT NULL AND suggestion <> ''"
    " ORDER BY service_day, id", error), from, to, "reading the suggestions", suggestion_row, &cb, error);
}

static void
served_row (sqlite3_stmt *stmt, gpointer data)
{
  Callback *cb = data;

  ((LoketSurveyServedFunc) cb->func) ((const char *) sqlite3_column_text (stmt, 0),
                                      sqlite3_column_int64 (stmt, 1), cb->user_data);
}

gboolean
loket_store_count_served (LoketStore           *self,
                          const char           *from,
                          const char           *to,
                          LoketSurveyServedFunc func,
                          gpointer              user_data,
                          GError              **error)
{
  Callback cb = { func, user_data };

  return each_row (self, store_prepare (self,
    "SELECT service, COUNT (*) FROM tickets WHERE service_day BETWEEN ?1 AND ?2 AND state = 'done'"
    " GROUP BY service ORDER BY service", error), from, to, "counting the citizens served",
    served_row, &cb, error);
}
