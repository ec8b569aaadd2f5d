/* loket-skm-report.c — the satisfaction survey's report as text and CSV;
 * see loket-skm-report.h.  The words are the regulation's in Indonesian
 * (the published form) and plain English, chosen by the report's
 * language as loket-skm.c chooses the grades' labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-skm-report.h"
#include "loket-report-private.h"

#include <string.h>

static void
group_free (LoketSkmGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->id);
  g_free (group->day);
  g_free (group->name);
  g_free (group);
}

static LoketSkmGroup *
group_new (const char *id, const char *name)
{
  LoketSkmGroup *group = g_new0 (LoketSkmGroup, 1);

  group->id = g_strdup (id);
  group->name = g_strdup (name);
  return group;
}

static void
suggestion_free (LoketSkmSuggestion *s)
{
  g_free (s->service_day);
  g_free (s->service);
  g_free (s->channel);
  g_free (s->text);
  g_free (s);
}

/* The report's words: Indonesian, English. */
typedef enum {
  W_TITLE, W_PERIOD, W_ELEMENT, W_ANSWERS, W_SUM, W_NRR, W_WEIGHTED, W_IKM, W_INDEX, W_GRADE,
  W_RESPONDENTS, W_SERVED, W_SERVED_COLUMN, W_SAMPLE_COLUMN, W_SAMPLE, W_REACHED, W_SHORT, W_LOWEST, W_BY_SERVICE, W_BY_CHANNEL,
  W_SERVICE, W_CHANNEL, W_PROFILE, W_NOT_GIVEN, W_SUGGESTIONS, W_NONE, W_NO_ANSWERS, W_OFFICE,
  W_N
} Word;

static const char * const words[W_N][2] = {
  [W_TITLE] = { "Survei Kepuasan Masyarakat (SKM)", "Satisfaction survey (SKM)" },
  [W_PERIOD] = { "Periode", "Period" },
  [W_ELEMENT] = { "Unsur pelayanan", "Element" },
  [W_ANSWERS] = { "Jawaban", "Answers" },
  [W_SUM] = { "Jumlah nilai", "Sum" },
  [W_NRR] = { "NRR", "NRR" },
  [W_WEIGHTED] = { "NRR tertimbang", "Weighted NRR" },
  [W_IKM] = { "IKM (jumlah NRR tertimbang)", "IKM (sum of weighted NRRs)" },
  [W_INDEX] = { "Nilai IKM unit pelayanan (IKM × 25)", "The unit's index (IKM × 25)" },
  [W_GRADE] = { "Mutu pelayanan", "Grade" },
  [W_RESPONDENTS] = { "Responden", "Respondents" },
  [W_SERVED] = { "dilayani", "served" },
  [W_SERVED_COLUMN] = { "Dilayani", "Served" },
  [W_SAMPLE_COLUMN] = { "Sampel", "Sample" },
  [W_SAMPLE] = { "Sampel (Krejcie–Morgan)", "Sample (Krejcie–Morgan)" },
  [W_REACHED] = { "tercapai", "reached" },
  [W_SHORT] = { "belum tercapai, kurang", "not reached, short by" },
  [W_LOWEST] = { "Unsur terendah (rencana tindak lanjut)", "Lowest elements (for the follow-up plan)" },
  [W_BY_SERVICE] = { "Per layanan", "Per service" },
  [W_BY_CHANNEL] = { "Per kanal", "Per channel" },
  [W_SERVICE] = { "Layanan", "Service" },
  [W_CHANNEL] = { "Kanal", "Channel" },
  [W_PROFILE] = { "Profil responden", "Respondents' profile" },
  [W_NOT_GIVEN] = { "tidak diisi", "not given" },
  [W_SUGGESTIONS] = { "Saran dan masukan", "Suggestions" },
  [W_NONE] = { "(tidak ada)", "(none)" },
  [W_NO_ANSWERS] = { "Belum ada jawaban pada periode ini.", "No answers in this period." },
  [W_OFFICE] = { "Seluruh layanan", "All services" },
};

static const char * const channel_names[LOKET_SKM_CHANNELS][2] = {
  { "kios", "kiosk" }, { "kertas", "paper" }, { "web", "web" },
};

static guint
lang_of (const LoketSkmReport *report)
{
  return g_strcmp0 (report->lang, "en") == 0 ? 1 : 0;
}

#define W(r, w) (words[w][lang_of (r)])

LoketSkmReport *
loket_skm_report_new (const char *office,
                      const char *from,
                      const char *to,
                      const char *lang)
{
  LoketSkmReport *report = g_new0 (LoketSkmReport, 1);

  report->office = g_strdup (office);
  report->from = g_strdup (from);
  report->to = g_strdup (to);
  report->lang = g_strdup (g_strcmp0 (lang, "en") == 0 ? "en" : "id");
  report->total = group_new (NULL, W (report, W_OFFICE));
  report->services = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  report->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  for (guint c = 0; c < LOKET_SKM_CHANNELS; c++)
    g_ptr_array_add (report->channels, group_new (loket_skm_channels[c], channel_names[c][lang_of (report)]));
  report->suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) suggestion_free);
  report->days = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  return report;
}

void
loket_skm_report_free (LoketSkmReport *report)
{
  if (report == NULL)
    return;
  g_free (report->office);
  g_free (report->from);
  g_free (report->to);
  g_free (report->lang);
  g_free (report->time_zone);
  group_free (report->total);
  g_ptr_array_unref (report->services);
  g_ptr_array_unref (report->channels);
  g_ptr_array_unref (report->suggestions);
  g_ptr_array_unref (report->days);
  g_free (report);
}

LoketSkmGroup *
loket_skm_report_day (LoketSkmReport *report,
                      const char     *day,
                      const char     *id,
                      const char     *name)
{
  LoketSkmGroup *last = report->days->len > 0 ? g_ptr_array_index (report->days, report->days->len - 1) : NULL;

  if (last == NULL || g_strcmp0 (last->day, day) != 0 || g_strcmp0 (last->id, id) != 0)
    {
      last = group_new (id, name);
      last->day = g_strdup (day);
      g_ptr_array_add (report->days, last);
    }
  return last;
}

LoketSkmGroup *
loket_skm_report_service (LoketSkmReport *report,
                          const char     *id,
                          const char     *name)
{
  for (guint i = 0; i < report->services->len; i++)
    {
      LoketSkmGroup *group = g_ptr_array_index (report->services, i);

      if (g_strcmp0 (group->id, id) == 0)
        return group;
    }
  g_ptr_array_add (report->services, group_new (id, name ? name : id));
  return g_ptr_array_index (report->services, report->services->len - 1);
}

static const char *
element_name (const LoketSkmReport *report, guint e)
{
  return lang_of (report) ? loket_skm_element (e)->name_en : loket_skm_element (e)->name;
}

/* ---- text --------------------------------------------------------------- */

static void
append_elements (GString *text, const LoketSkmReport *report, const LoketSkmResult *result)
{
  const LoketSkmTally *t = &report->total->tally;

  g_string_append_printf (text, "%-4s %-42s %8s %12s %6s %14s\n", "", W (report, W_ELEMENT),
                          W (report, W_ANSWERS), W (report, W_SUM), W (report, W_NRR), W (report, W_WEIGHTED));
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      const char *name = element_name (report, e);
      /* Padding counts bytes; the names are ASCII. */
      g_string_append_printf (text, "U%-3u %-42.42s %8" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT, e + 1, name,
                              t->count[e], t->sum[e]);
      if (t->count[e] > 0)
        g_string_append_printf (text, " %6.2f %14.3f\n", result->nrr[e], result->weighted[e]);
      else
        g_string_append_printf (text, " %6s %14s\n", "—", "—");
    }
}

static void
append_sample (GString *text, const LoketSkmReport *report, const LoketSkmGroup *group)
{
  guint needed = loket_skm_sample_size (group->served);

  g_string_append_printf (text, "%s: %u / %" G_GUINT64_FORMAT " %s — ", W (report, W_SAMPLE), needed,
                          group->served, W (report, W_SERVED));
  if (group->tally.respondents >= needed)
    g_string_append_printf (text, "%s (%" G_GUINT64_FORMAT ")\n", W (report, W_REACHED), group->tally.respondents);
  else
    g_string_append_printf (text, "%s %" G_GUINT64_FORMAT "\n", W (report, W_SHORT),
                            needed - group->tally.respondents);
}

static void
append_lowest (GString *text, const LoketSkmReport *report, const LoketSkmResult *result)
{
  guint lowest[LOKET_SKM_ELEMENTS];
  guint n = MIN (loket_skm_lowest (result, lowest), 3);

  g_string_append_printf (text, "%s:\n", W (report, W_LOWEST));
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "  U%u %s (%.2f)\n", lowest[i] + 1, element_name (report, lowest[i]),
                            result->nrr[lowest[i]]);
}

static void
append_summary (GString *text, const LoketSkmReport *report)
{
  LoketSkmResult result;

  if (!loket_skm_compute (&report->total->tally, &result))
    {
      g_string_append_printf (text, "%s\n", W (report, W_NO_ANSWERS));
      return;
    }
  append_elements (text, report, &result);
  g_string_append_printf (text, "%-76s %14.3f\n", W (report, W_IKM), result.ikm);
  g_string_append_printf (text, "%-77s %11u.%02u\n", W (report, W_INDEX), result.index_hundredths / 100,
                          result.index_hundredths % 100);
  g_string_append_printf (text, "%s: %s (%s)\n\n", W (report, W_GRADE), loket_skm_grade_letter (result.grade),
                          loket_skm_grade_label (result.grade, report->lang));
  g_string_append_printf (text, "%s: %" G_GUINT64_FORMAT " (", W (report, W_RESPONDENTS),
                          report->total->tally.respondents);
  for (guint c = 0; c < report->channels->len; c++)
    {
      const LoketSkmGroup *g = g_ptr_array_index (report->channels, c);

      g_string_append_printf (text, "%s%s %" G_GUINT64_FORMAT, c ? ", " : "", g->name, g->tally.respondents);
    }
  g_string_append (text, ")\n");
  append_sample (text, report, report->total);
  append_lowest (text, report, &result);
}

/* One line per group: respondents, served, sample, index and grade. */
static void
append_groups (GString *text, const LoketSkmReport *report, GPtrArray *groups, Word title, gboolean served)
{
  g_string_append_printf (text, "\n%s\n%-28s %11s %9s %7s %8s %5s\n", W (report, title),
                          W (report, title == W_BY_SERVICE ? W_SERVICE : W_CHANNEL), W (report, W_RESPONDENTS),
                          served ? W (report, W_SERVED_COLUMN) : "", served ? W (report, W_SAMPLE_COLUMN) : "",
                          "IKM×25", "");
  for (guint i = 0; i < groups->len; i++)
    {
      const LoketSkmGroup *g = g_ptr_array_index (groups, i);
      LoketSkmResult r;
      g_autofree char *index = NULL;
      g_autofree char *count = NULL;
      g_autofree char *sample = NULL;

      if (loket_skm_compute (&g->tally, &r))
        index = g_strdup_printf ("%8u.%02u %5s", r.index_hundredths / 100, r.index_hundredths % 100,
                                 loket_skm_grade_letter (r.grade));
      count = served ? g_strdup_printf ("%" G_GUINT64_FORMAT, g->served) : g_strdup ("");
      sample = served ? g_strdup_printf ("%u", loket_skm_sample_size (g->served)) : g_strdup ("");
      g_string_append_printf (text, "%-28.28s %11" G_GUINT64_FORMAT " %9s %7s %s\n", g->name,
                              g->tally.respondents, count, sample, index ? index : "       —");
    }
}

/* "  label      count", padded by characters (the labels have – and ≥). */
static void
append_count (GString *text, const char *label, guint64 count)
{
  glong pad = MAX (0, 24 - g_utf8_strlen (label, -1));

  g_string_append_printf (text, "  %s%*s %8" G_GUINT64_FORMAT "\n", label, (int) pad, "", count);
}

static void
append_profile (GString *text, const LoketSkmReport *report)
{
  g_string_append_printf (text, "\n%s\n", W (report, W_PROFILE));
  for (guint item = 0; item < LOKET_SKM_PROFILE_ITEMS; item++)
    {
      const LoketSkmProfileDef *def = loket_skm_profile_item (item);
      guint n = g_strv_length ((char **) def->choices);

      g_string_append_printf (text, "%s\n", lang_of (report) ? def->name_en : def->name);
      for (guint c = 0; c < n; c++)
        append_count (text, lang_of (report) ? def->labels_en[c] : def->labels[c], report->profile[item][c]);
      append_count (text, W (report, W_NOT_GIVEN), report->profile[item][LOKET_SKM_MAX_CHOICES]);
    }
}

/* @paragraph indented and wrapped at spaces to fit a printed page (a word
 * longer than a line stands alone). */
static void
append_wrapped (GString *text, const char *paragraph)
{
  g_auto(GStrv) split = g_strsplit (paragraph, " ", -1);
  glong column = 0;

  for (guint i = 0; split[i] != NULL; i++)
    {
      glong length = g_utf8_strlen (split[i], -1);

      if (length == 0)
        continue;
      if (column > 0 && column + 1 + length > 86)
        {
          g_string_append_c (text, '\n');
          column = 0;
        }
      g_string_append (text, column == 0 ? "    " : " ");
      g_string_append (text, split[i]);
      column += (column == 0 ? 0 : 1) + length;
    }
  g_string_append_c (text, '\n');
}

static void
append_suggestions (GString *text, const LoketSkmReport *report)
{
  g_string_append_printf (text, "\n%s\n", W (report, W_SUGGESTIONS));
  if (report->suggestions->len == 0)
    g_string_append_printf (text, "%s\n", W (report, W_NONE));
  for (guint i = 0; i < report->suggestions->len; i++)
    {
      const LoketSkmSuggestion *s = g_ptr_array_index (report->suggestions, i);
      gint c = loket_skm_channel_index (s->channel);
      g_autofree char *flat = g_strdelimit (g_strdup (s->text), "\r\n\t", ' ');

      g_string_append_printf (text, "- %s %s (%s):\n", s->service_day, s->service,
                              c >= 0 ? channel_names[c][lang_of (report)] : s->channel);
      append_wrapped (text, flat);
    }
}

static gboolean
write_string (GOutputStream *out, const char *text, GError **error)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, NULL, error);
}

gboolean
loket_skm_report_write_text (const LoketSkmReport *report,
                             GOutputStream        *out,
                             GError              **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s — %s\n%s: %s – %s\n\n", W (report, W_TITLE),
                          report->office ? report->office : "", W (report, W_PERIOD), report->from, report->to);
  append_summary (text, report);
  append_groups (text, report, report->services, W_BY_SERVICE, TRUE);
  append_groups (text, report, report->channels, W_BY_CHANNEL, FALSE);
  append_profile (text, report);
  append_suggestions (text, report);
  return write_string (out, text->str, error);
}

/* ---- CSV ---------------------------------------------------------------- */

#define CSV_FIXED 7      /* scope, id, name, respondents, served, sample_needed, sample_reached */
#define CSV_TAIL 5       /* ikm, index, grade, performance, text */
#define CSV_COLUMNS (CSV_FIXED + 3 * LOKET_SKM_ELEMENTS + CSV_TAIL)

static void
csv_row (GString *csv, char **cells)
{
  for (guint c = 0; c < CSV_COLUMNS; c++)
    loket_report_csv_field (csv, cells[c] ? cells[c] : "", c + 1 == CSV_COLUMNS);
}

static void
csv_header (GString *csv)
{
  static const char * const fixed[CSV_FIXED] = {
    "scope", "id", "name", "respondents", "served", "sample_needed", "sample_reached" };
  static const char * const tail[CSV_TAIL] = { "ikm", "index", "grade", "performance", "text" };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < CSV_FIXED; c++)
    g_ptr_array_add (cells, g_strdup (fixed[c]));
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      g_ptr_array_add (cells, g_strdup_printf ("%s_answers", loket_skm_element (e)->id));
      g_ptr_array_add (cells, g_strdup_printf ("%s_sum", loket_skm_element (e)->id));
      g_ptr_array_add (cells, g_strdup_printf ("%s_nrr", loket_skm_element (e)->id));
    }
  for (guint c = 0; c < CSV_TAIL; c++)
    g_ptr_array_add (cells, g_strdup (tail[c]));
  csv_row (csv, (char **) cells->pdata);
}

/* A group's row: the sums and counts as they are, the NRRs to four
 * decimals, the IKM to four and the index to two (as graded). */
static void
csv_group (GString *csv, const LoketSkmReport *report, const char *scope, const LoketSkmGroup *g,
           gboolean served)
{
  char *cells[CSV_COLUMNS] = { NULL };
  guint needed = loket_skm_sample_size (g->served);
  LoketSkmResult r;
  gboolean any = loket_skm_compute (&g->tally, &r);

  cells[0] = g_strdup (scope);
  cells[1] = g_strdup (g->id);
  cells[2] = g_strdup (g->name);
  cells[3] = g_strdup_printf ("%" G_GUINT64_FORMAT, g->tally.respondents);
  if (served)
    {
      cells[4] = g_strdup_printf ("%" G_GUINT64_FORMAT, g->served);
      cells[5] = g_strdup_printf ("%u", needed);
      cells[6] = g_strdup (g->tally.respondents >= needed ? "yes" : "no");
    }
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      cells[CSV_FIXED + 3 * e] = g_strdup_printf ("%" G_GUINT64_FORMAT, g->tally.count[e]);
      cells[CSV_FIXED + 3 * e + 1] = g_strdup_printf ("%" G_GUINT64_FORMAT, g->tally.sum[e]);
      if (g->tally.count[e] > 0)
        cells[CSV_FIXED + 3 * e + 2] = g_strdup_printf ("%.4f", r.nrr[e]);
    }
  if (any)
    {
      guint t = CSV_FIXED + 3 * LOKET_SKM_ELEMENTS;

      cells[t] = g_strdup_printf ("%.4f", r.ikm);
      cells[t + 1] = g_strdup_printf ("%u.%02u", r.index_hundredths / 100, r.index_hundredths % 100);
      cells[t + 2] = g_strdup (loket_skm_grade_letter (r.grade));
      cells[t + 3] = g_strdup (loket_skm_grade_label (r.grade, report->lang));
    }
  csv_row (csv, cells);
  for (guint c = 0; c < CSV_COLUMNS; c++)
    g_free (cells[c]);
}

/* A row that is not a group: its scope, id, name, count and text. */
static void
csv_other (GString *csv, const char *scope, const char *id, const char *name, guint64 count, const char *text)
{
  char *cells[CSV_COLUMNS] = { NULL };
  g_autofree char *n = count > 0 ? g_strdup_printf ("%" G_GUINT64_FORMAT, count) : NULL;

  cells[0] = (char *) scope;
  cells[1] = (char *) id;
  cells[2] = (char *) name;
  cells[3] = n;
  cells[CSV_COLUMNS - 1] = (char *) text;
  csv_row (csv, cells);
}

static void
csv_profile (GString *csv, const LoketSkmReport *report)
{
  for (guint item = 0; item < LOKET_SKM_PROFILE_ITEMS; item++)
    {
      const LoketSkmProfileDef *def = loket_skm_profile_item (item);

      for (guint c = 0; c <= LOKET_SKM_MAX_CHOICES; c++)
        {
          gboolean none = c == LOKET_SKM_MAX_CHOICES;
          g_autofree char *id = NULL;

          if (!none && def->choices[c] == NULL)
            continue;
          if (report->profile[item][c] == 0)
            continue;
          id = g_strdup_printf ("%s:%s", def->key, none ? "" : def->choices[c]);
          csv_other (csv, "profile", id,
                     none ? W (report, W_NOT_GIVEN) : lang_of (report) ? def->labels_en[c] : def->labels[c],
                     report->profile[item][c], NULL);
        }
    }
}

gboolean
loket_skm_report_write_csv (const LoketSkmReport *report,
                            GOutputStream        *out,
                            GError              **error)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  csv_header (csv);
  csv_group (csv, report, "office", report->total, TRUE);
  for (guint i = 0; i < report->services->len; i++)
    csv_group (csv, report, "service", g_ptr_array_index (report->services, i), TRUE);
  for (guint i = 0; i < report->channels->len; i++)
    csv_group (csv, report, "channel", g_ptr_array_index (report->channels, i), FALSE);
  csv_profile (csv, report);
  for (guint i = 0; i < report->suggestions->len; i++)
    {
      const LoketSkmSuggestion *s = g_ptr_array_index (report->suggestions, i);

      csv_other (csv, "suggestion", s->service_day, s->service, 0, s->text);
    }
  return write_string (out, csv->str, error);
}
