/* loket-web-survey.c — the satisfaction survey on the citizen's phone
 * (see loket-web-survey.h): the questionnaire, its form read back, and
 * the pages that say how it went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-survey.h"
#include "loket-web-page-private.h"
#include "loket-web-html.h"

#include "loket-i18n.h"
#include "loket-message.h"

#include <libsoup/soup.h>
#include <string.h>

/* The regulation's sample questionnaire asks each element as a question
 * (PermenPAN-RB 14/2017); tied to the element's id, as the answers are. */
static const struct { const char *id; const char *ask; const char *ask_en; } questions[] = {
  { "requirements", "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Did the requirements fit the service?" },
  { "procedure", "Bagaimana kemudahan prosedur pelayanan di unit ini?",
    "How easy was the procedure?" },
  { "time", "Bagaimana kecepatan waktu dalam memberikan pelayanan?",
    "How quick was the service?" },
  { "cost", "Bagaimana kewajaran biaya/tarif dalam pelayanan?",
    "How fair was the cost?" },
  { "product", "Bagaimana kesesuaian hasil pelayanan dengan yang tercantum dalam standar pelayanan?",
    "Did what you received match the published service standard?" },
  { "competence", "Bagaimana kompetensi/kemampuan petugas dalam pelayanan?",
    "How competent were the staff?" },
  { "behaviour", "Bagaimana perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "How courteous and friendly were the staff?" },
  { "complaints", "Bagaimana penanganan pengaduan pengguna layanan?",
    "How are complaints handled?" },
  { "facilities", "Bagaimana kualitas sarana dan prasarana?",
    "How good are the facilities?" },
};

static const char *
question_of (const char *id, const char *lang)
{
  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    if (g_str_equal (questions[i].id, id))
      return EN (lang) ? questions[i].ask_en : questions[i].ask;
  return NULL;
}

/* ---- the form, read back ------------------------------------------------ */

void
loket_web_survey_form_free (LoketWebSurveyForm *form)
{
  if (form == NULL)
    return;
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    g_free (form->profile[i]);
  g_free (form->suggestion);
  g_free (form);
}

static void
problem (LoketWebSurveyForm *form, LoketWebSurveyProblem what, gint which)
{
  if (form->problem != LOKET_WEB_SURVEY_OK)
    return;   /* the first one is the one to fix first */
  form->problem = what;
  form->which = which;
}

static void
read_answers (LoketWebSurveyForm *form, GHashTable *fields)
{
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    {
      const char *value = g_hash_table_lookup (fields, loket_skm_element (i)->id);

      if (value == NULL || *value == '\0')
        continue;   /* skipped */
      if (strlen (value) == 1 && value[0] >= '1' && value[0] <= '0' + LOKET_SKM_ANSWERS)
        form->answers[i] = (guint8) (value[0] - '0');
      else
        problem (form, LOKET_WEB_SURVEY_BAD_ANSWER, (gint) i);
    }
}

static void
read_profile (LoketWebSurveyForm *form, GHashTable *fields)
{
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    {
      const char *value = g_hash_table_lookup (fields, loket_skm_profile_item (i)->key);

      if (value == NULL || *value == '\0')
        continue;
      if (loket_skm_profile_choice (i, value) >= 0)
        form->profile[i] = g_strdup (value);
      else
        problem (form, LOKET_WEB_SURVEY_BAD_CHOICE, (gint) i);
    }
}

/* Browsers send a text area's line breaks as CR LF; one is one character. */
static char *
read_suggestion (const char *value)
{
  g_autoptr(GString) text = g_string_new (value);

  g_string_replace (text, "\r\n", "\n", 0);
  g_strstrip (text->str);
  text->len = strlen (text->str);
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

LoketWebSurveyForm *
loket_web_survey_form_parse (const char *body,
                             gsize       length)
{
  LoketWebSurveyForm *form = g_new0 (LoketWebSurveyForm, 1);
  g_autoptr(GHashTable) fields = loket_web_form_decode (body, length);
  const char *suggestion;
  gboolean answered = FALSE;
  glong chars;

  if (fields == NULL)
    {
      problem (form, LOKET_WEB_SURVEY_NOT_TEXT, 0);
      return form;
    }
  read_answers (form, fields);
  read_profile (form, fields);
  suggestion = g_hash_table_lookup (fields, "suggestion");
  form->suggestion = suggestion ? read_suggestion (suggestion) : NULL;
  chars = form->suggestion ? g_utf8_strlen (form->suggestion, -1) : 0;
  if (chars > LOKET_SKM_SUGGESTION_MAX)
    problem (form, LOKET_WEB_SURVEY_TOO_LONG, (gint) chars);
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    answered |= form->answers[i] != 0;
  if (!answered)
    problem (form, LOKET_WEB_SURVEY_NOTHING, 0);
  return form;
}

JsonObject *
loket_web_survey_form_body (const LoketWebSurveyForm *form,
                            const char               *token)
{
  JsonObject *body = json_object_new ();
  g_autoptr(JsonObject) profile = json_object_new ();

  json_object_set_string_member (body, "token", token);
  json_object_set_object_member (body, "answers", loket_skm_answers_to_json (form->answers));
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    if (form->profile[i] != NULL)
      json_object_set_string_member (profile, loket_skm_profile_item (i)->key, form->profile[i]);
  if (json_object_get_size (profile) > 0)
    json_object_set_object_member (body, "profile", g_steal_pointer (&profile));
  if (form->suggestion != NULL)
    json_object_set_string_member (body, "suggestion", form->suggestion);
  return body;
}

/* ---- the pages ---------------------------------------------------------- */

/* The frame of loket_web_page_open(), with two differences: the survey's
 * own small style sheet, and the referrer policy "same-origin", so that
 * the browser names this site as the form's origin when it posts it (with
 * "no-referrer" it would send "Origin: null", and the gateway refuses a
 * POST whose origin it cannot see).  No script, no refresh: a form being
 * filled in must not reload. */
static void
page_open (GString *out, const char *lang, const char *title)
{
  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<meta name=\"referrer\" content=\"same-origin\">\n<title>", lang);
  loket_web_html_escape (out, title);
  g_string_append (out, "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
                   "<link rel=\"stylesheet\" href=\"/static/survey.css\">\n</head>\n<body>\n");
}

static void
page_header (GString *out, LoketOfficeModel *model, const char *lang)
{
  const char *label = loket_office_model_get_label (model);

  g_string_append (out, "<header class=\"office\">\n<div class=\"top\">");
  loket_web_language_link (out, lang);
  g_string_append (out, "</div>\n");
  if (label != NULL)
    loket_web_html_element (out, "p", "office-name", label);
  loket_web_html_element (out, "h1", NULL, SAY (lang, "Survei Kepuasan Masyarakat", "Satisfaction survey"));
  g_string_append (out, "</header>\n");
}

/* "/t/TOKEN" + @tail + "?lang=en" in English, escaped for an attribute. */
static void
link_to (GString *out, const char *token, const char *tail, const char *lang)
{
  g_string_append (out, "/t/");
  loket_web_html_escape (out, token);
  g_string_append (out, tail);
  if (EN (lang))
    g_string_append (out, "?lang=en");
}

static char *
problem_text (const LoketWebSurveyForm *form, const char *lang)
{
  switch (form->problem)
    {
    case LOKET_WEB_SURVEY_OK:
      return NULL;
    case LOKET_WEB_SURVEY_NOTHING:
      return g_strdup (SAY (lang, "Pilih setidaknya satu jawaban sebelum mengirim.",
                            "Please choose at least one answer before sending."));
    case LOKET_WEB_SURVEY_BAD_ANSWER:
      {
        const LoketSkmElement *e = loket_skm_element ((guint) form->which);

        return g_strdup_printf (EN (lang) ? "The answer to “%s” was not one of the four. Please choose one again."
                                          : "Jawaban untuk “%s” tidak dikenali. Silakan pilih lagi salah satu "
                                            "dari empat jawaban.",
                                EN (lang) ? e->name_en : e->name);
      }
    case LOKET_WEB_SURVEY_BAD_CHOICE:
      {
        const LoketSkmProfileDef *p = loket_skm_profile_item ((LoketSkmProfileItem) form->which);

        return g_strdup_printf (EN (lang) ? "The choice for “%s” was not one of the list. Please choose again."
                                          : "Pilihan untuk “%s” tidak dikenali. Silakan pilih lagi.",
                                EN (lang) ? p->name_en : p->name);
      }
    case LOKET_WEB_SURVEY_TOO_LONG:
      return g_strdup_printf (EN (lang) ? "Your suggestion has %d characters; at most %d fit. Please shorten it."
                                        : "Saran Anda %d karakter; paling banyak %d. Mohon dipersingkat.",
                              form->which, LOKET_SKM_SUGGESTION_MAX);
    case LOKET_WEB_SURVEY_NOT_TEXT:
      return g_strdup (SAY (lang, "Formulir tidak terbaca. Silakan isi dan kirim lagi.",
                            "The form could not be read. Please fill it in and send it again."));
    case LOKET_WEB_SURVEY_REFUSED:
    default:
      return g_strdup (SAY (lang, "Jawaban belum dapat disimpan. Silakan periksa lagi lalu kirim ulang.",
                            "Your answers could not be stored. Please check them and send them again."));
    }
}

/* One element: the question, and its four answers as large choices, 1
 * (worst) to 4 (best) as on the paper form, then a way to skip it. */
static void
element_part (GString *out, guint index, const LoketWebSurveyForm *form, const char *lang)
{
  const LoketSkmElement *e = loket_skm_element (index);
  gboolean wrong = form && form->problem == LOKET_WEB_SURVEY_BAD_ANSWER && form->which == (gint) index;
  guint chosen = form ? form->answers[index] : 0;

  g_string_append_printf (out, "<fieldset class=\"q%s\" id=\"q-%s\">\n<legend><span class=\"n\">%u</span> ",
                          wrong ? " wrong" : "", e->id, index + 1);
  loket_web_html_escape (out, EN (lang) ? e->name_en : e->name);
  g_string_append (out, "</legend>\n");
  loket_web_html_element (out, "p", "ask", question_of (e->id, lang));
  g_string_append (out, "<div class=\"choices\">\n");
  for (guint a = 0; a < LOKET_SKM_ANSWERS; a++)
    {
      g_string_append_printf (out, "<label class=\"a a%u\"><input type=\"radio\" name=\"%s\" value=\"%u\"%s><span>",
                              a + 1, e->id, a + 1, chosen == a + 1 ? " checked" : "");
      loket_web_html_escape (out, EN (lang) ? e->answers_en[a] : e->answers[a]);
      g_string_append (out, "</span></label>\n");
    }
  g_string_append_printf (out, "<label class=\"a skip\"><input type=\"radio\" name=\"%s\" value=\"\"><span>", e->id);
  loket_web_html_escape (out, SAY (lang, "Lewati", "Skip"));
  g_string_append (out, "</span></label>\n</div>\n</fieldset>\n");
}

static void
profile_part (GString *out, const LoketWebSurveyForm *form, const char *lang)
{
  g_string_append (out, "<fieldset class=\"profile\">\n<legend>");
  loket_web_html_escape (out, SAY (lang, "Tentang Anda (boleh dikosongkan)", "About you (optional)"));
  g_string_append (out, "</legend>\n");
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    {
      const LoketSkmProfileDef *p = loket_skm_profile_item (i);
      gboolean wrong = form && form->problem == LOKET_WEB_SURVEY_BAD_CHOICE && form->which == (gint) i;

      g_string_append_printf (out, "<label class=\"pick%s\"><span>", wrong ? " wrong" : "");
      loket_web_html_escape (out, EN (lang) ? p->name_en : p->name);
      g_string_append_printf (out, "</span><select name=\"%s\"><option value=\"\">—</option>", p->key);
      for (guint c = 0; p->choices[c] != NULL; c++)
        {
          gboolean chosen = form && g_strcmp0 (form->profile[i], p->choices[c]) == 0;

          g_string_append_printf (out, "<option value=\"%s\"%s>", p->choices[c], chosen ? " selected" : "");
          loket_web_html_escape (out, EN (lang) ? p->labels_en[c] : p->labels[c]);
          g_string_append (out, "</option>");
        }
      g_string_append (out, "</select></label>\n");
    }
  g_string_append (out, "</fieldset>\n");
}

static void
suggestion_part (GString *out, const LoketWebSurveyForm *form, const char *lang)
{
  gboolean wrong = form && form->problem == LOKET_WEB_SURVEY_TOO_LONG;

  g_string_append_printf (out, "<fieldset class=\"suggestion%s\">\n<legend>", wrong ? " wrong" : "");
  loket_web_html_escape (out, SAY (lang, "Saran dan masukan (boleh dikosongkan)", "Suggestions (optional)"));
  g_string_append (out, "</legend>\n<label><span class=\"hint\">");
  g_string_append_printf (out, EN (lang) ? "At most %d characters. Please write no name or ID number."
                                         : "Paling banyak %d karakter. Mohon tidak menulis nama atau NIK.",
                          LOKET_SKM_SUGGESTION_MAX);
  /* No maxlength: a longer text pasted in would be cut without a word;
   * the gateway says so instead, and keeps it to be shortened. */
  g_string_append (out, "</span><textarea name=\"suggestion\" rows=\"4\">");
  loket_web_html_escape (out, form ? form->suggestion : NULL);
  g_string_append (out, "</textarea></label>\n</fieldset>\n");
}

static void
visit_part (GString *out, LoketOfficeModel *model, JsonObject *reply, const char *lang)
{
  JsonObject *ticket = json_object_get_object_member (reply, "ticket");
  const char *service_id = loket_json_optional_string (ticket, "service");
  LoketServiceItem *service = service_id ? loket_office_model_lookup_service (model, service_id) : NULL;

  g_string_append (out, "<p class=\"visit\">");
  loket_web_html_escape (out, SAY (lang, "Nomor", "Number"));
  g_string_append (out, " <strong>");
  loket_web_html_escape (out, loket_json_optional_string (ticket, "number"));
  g_string_append (out, "</strong> · ");
  loket_web_html_escape (out, service ? loket_service_item_get_label (service) : service_id);
  g_string_append (out, "</p>\n");
}

char *
loket_web_page_survey (LoketOfficeModel         *model,
                       JsonObject               *reply,
                       const char               *token,
                       const char               *lang,
                       const LoketWebSurveyForm *form)
{
  g_autoptr(GString) out = g_string_sized_new (12 * 1024);
  g_autofree char *trouble = form ? problem_text (form, lang) : NULL;

  loket_i18n_set_language (lang);
  page_open (out, lang, SAY (lang, "Survei Kepuasan Masyarakat", "Satisfaction survey"));
  g_string_append (out, "<main id=\"survey\">\n");
  page_header (out, model, lang);
  g_string_append (out, "<section class=\"intro\">\n");
  visit_part (out, model, reply, lang);
  loket_web_html_element (out, "p", NULL,
                          SAY (lang, "Bantu kami memperbaiki pelayanan: sembilan pertanyaan, sekitar dua menit. "
                                     "Jawaban Anda tanpa nama, dan setiap pertanyaan boleh dilewati.",
                               "Help us improve: nine questions, about two minutes. Your answers carry no "
                               "name, and you may skip any question."));
  if (trouble != NULL)
    {
      g_string_append (out, "<p class=\"problem\" role=\"alert\">");
      loket_web_html_escape (out, trouble);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</section>\n<form method=\"post\" action=\"");
  link_to (out, token, "/survey", lang);
  g_string_append (out, "\" accept-charset=\"utf-8\">\n");
  for (guint i = 0; i < LOKET_SKM_ELEMENTS; i++)
    element_part (out, i, form, lang);
  profile_part (out, form, lang);
  suggestion_part (out, form, lang);
  g_string_append (out, "<button type=\"submit\">");
  loket_web_html_escape (out, SAY (lang, "Kirim jawaban", "Send my answers"));
  g_string_append (out, "</button>\n</form>\n<footer><a href=\"");
  link_to (out, token, "", lang);
  g_string_append (out, "\">");
  loket_web_html_escape (out, SAY (lang, "Kembali ke nomor antrean", "Back to my ticket"));
  g_string_append (out, "</a></footer>\n</main>\n");
  loket_web_page_close (out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
loket_web_page_survey_result (LoketOfficeModel     *model,
                              const char           *token,
                              const char           *lang,
                              LoketWebSurveyOutcome outcome)
{
  g_autoptr(GString) out = g_string_sized_new (2048);
  const char *title, *text;

  switch (outcome)
    {
    case LOKET_WEB_SURVEY_THANKS:
      title = SAY (lang, "Terima kasih!", "Thank you!");
      text = SAY (lang, "Jawaban Anda sudah kami terima. Pendapat Anda membantu kami memperbaiki pelayanan.",
                  "We have received your answers. Your opinion helps us improve the service.");
      break;
    case LOKET_WEB_SURVEY_ANSWERED:
      title = SAY (lang, "Survei sudah diisi", "Already answered");
      text = SAY (lang, "Survei untuk nomor ini sudah diisi — terima kasih. Setiap kunjungan dinilai satu kali.",
                  "The survey for this number was already answered — thank you. Each visit is rated once.");
      break;
    case LOKET_WEB_SURVEY_NOT_YET:
      title = SAY (lang, "Survei belum dapat diisi", "Not open yet");
      text = SAY (lang, "Survei dapat diisi setelah Anda selesai dilayani di loket.",
                  "The survey opens once you have been served at a counter.");
      break;
    case LOKET_WEB_SURVEY_NOT_SERVED:
      title = SAY (lang, "Tidak ada survei untuk nomor ini", "No survey for this number");
      text = SAY (lang, "Survei kepuasan untuk kunjungan yang sudah dilayani. Nomor ini tidak dilayani, jadi "
                        "tidak ada yang perlu dinilai.",
                  "The satisfaction survey is for a visit that was served. This number was not served, so "
                  "there is nothing to rate.");
      break;
    case LOKET_WEB_SURVEY_CROSS_SITE:
    default:
      title = SAY (lang, "Jawaban tidak dikirim", "Answers not sent");
      text = SAY (lang, "Jawaban hanya dapat dikirim dari formulir survei di situs ini. Silakan buka formulirnya "
                        "lagi.", "Answers can only be sent from the survey form on this site. Please open the "
                        "form again.");
      break;
    }
  loket_i18n_set_language (lang);
  page_open (out, lang, title);
  g_string_append (out, "<main id=\"survey\">\n");
  page_header (out, model, lang);
  g_string_append_printf (out, "<section class=\"result %s\">\n",
                          outcome == LOKET_WEB_SURVEY_THANKS || outcome == LOKET_WEB_SURVEY_ANSWERED ? "thanks"
                                                                                                      : "ended");
  loket_web_html_element (out, "h2", NULL, title);
  loket_web_html_element (out, "p", NULL, text);
  g_string_append (out, "<p><a class=\"button\" href=\"");
  link_to (out, token, outcome == LOKET_WEB_SURVEY_CROSS_SITE ? "/survey" : "", lang);
  g_string_append (out, "\">");
  loket_web_html_escape (out, outcome == LOKET_WEB_SURVEY_CROSS_SITE ? SAY (lang, "Buka formulir survei",
                                                                             "Open the survey form")
                                                                   : SAY (lang, "Kembali ke nomor antrean",
                                                                          "Back to my ticket"));
  g_string_append (out, "</a></p>\n</section>\n</main>\n");
  loket_web_page_close (out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
