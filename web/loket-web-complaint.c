/* loket-web-complaint.c — complaints on the citizen's phone (see
 * loket-web-complaint.h): the form, read back, and the tracking page.
 *
 * No script: a plain form, posted, answered with a redirect to the
 * tracking page (so that a refresh does not file it twice).  What the
 * server fills in — the ticket's facts, when and where it was received,
 * the deadline — is shown on the receipt, never typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-complaint.h"
#include "loket-complaint-category.h"
#include "loket-office-time.h"
#include "loket-web-page-private.h"
#include "loket-web-html.h"

#include "loket-i18n.h"
#include "loket-message.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

/* ---- the form, read back ------------------------------------------------ */

void
loket_web_complaint_form_free (LoketWebComplaintForm *form)
{
  if (form == NULL)
    return;
  g_free (form->service);
  g_free (form->category);
  g_free (form->description);
  g_free (form->name);
  g_free (form->contact);
  g_free (form->message);
  g_free (form);
}

static void
problem (LoketWebComplaintForm *form, LoketWebComplaintProblem what, gint which)
{
  if (form->problem != LOKET_WEB_COMPLAINT_OK)
    return;   /* the first one is the one to fix first */
  form->problem = what;
  form->which = which;
}

/* Browsers send a text area's line breaks as CR LF; one is one character. */
static char *
read_text (GHashTable *fields, const char *name)
{
  const char *value = g_hash_table_lookup (fields, name);
  g_autoptr(GString) text = NULL;

  if (value == NULL)
    return NULL;
  text = g_string_new (value);
  g_string_replace (text, "\r\n", "\n", 0);
  g_strstrip (text->str);
  text->len = strlen (text->str);
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
check_length (LoketWebComplaintForm *form, const char *text, glong max, gint which)
{
  glong chars = text ? g_utf8_strlen (text, -1) : 0;

  if (chars > max && form->problem == LOKET_WEB_COMPLAINT_OK)
    {
      problem (form, LOKET_WEB_COMPLAINT_TOO_LONG, which);
      form->length = (gint) chars;
    }
}

LoketWebComplaintForm *
loket_web_complaint_form_parse (const char *body,
                                gsize       length,
                                gboolean    with_service)
{
  LoketWebComplaintForm *form = g_new0 (LoketWebComplaintForm, 1);
  g_autoptr(GHashTable) fields = loket_web_form_decode (body, length);
  gboolean known = FALSE;

  if (fields == NULL)
    {
      problem (form, LOKET_WEB_COMPLAINT_NOT_TEXT, 0);
      return form;
    }
  form->service = with_service ? read_text (fields, "service") : NULL;
  form->category = read_text (fields, "category");
  form->description = read_text (fields, "description");
  form->name = read_text (fields, "complainant");
  form->contact = read_text (fields, "contact");
  known = loket_complaint_category_index (form->category) >= 0;
  if (with_service && form->service == NULL)
    problem (form, LOKET_WEB_COMPLAINT_NO_SERVICE, 0);
  if (!known)
    problem (form, LOKET_WEB_COMPLAINT_NO_CATEGORY, 0);
  if (form->description == NULL)
    problem (form, LOKET_WEB_COMPLAINT_EMPTY, 0);
  check_length (form, form->description, LOKET_WEB_COMPLAINT_DESCRIPTION_MAX, 0);
  check_length (form, form->name, LOKET_WEB_COMPLAINT_NAME_MAX, 1);
  check_length (form, form->contact, LOKET_WEB_COMPLAINT_CONTACT_MAX, 2);
  return form;
}

JsonObject *
loket_web_complaint_form_body (const LoketWebComplaintForm *form,
                               const char                  *ticket_token)
{
  JsonObject *body = json_object_new ();

  if (ticket_token != NULL)
    json_object_set_string_member (body, "ticket_token", ticket_token);
  else
    json_object_set_string_member (body, "service", form->service);
  json_object_set_string_member (body, "category", form->category);
  json_object_set_string_member (body, "description", form->description);
  if (form->name != NULL)
    json_object_set_string_member (body, "complainant", form->name);
  if (form->contact != NULL)
    json_object_set_string_member (body, "contact", form->contact);
  return body;
}

/* ---- the pages' frame ------------------------------------------------------ */

/* As the survey's (loket-web-survey.c): its style sheet, and the
 * referrer policy "same-origin" so that the browser names this site as
 * the form's origin when it posts it.  No script, no refresh. */
static void
page_open (GString *out, LoketOfficeModel *model, const char *lang, const char *title)
{
  const char *label = loket_office_model_get_label (model);

  loket_i18n_set_language (lang);
  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<meta name=\"referrer\" content=\"same-origin\">\n<title>", lang);
  loket_web_html_escape (out, title);
  g_string_append (out, "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
                   "<link rel=\"stylesheet\" href=\"/static/survey.css\">\n</head>\n<body>\n"
                   "<main id=\"complaint\">\n<header class=\"office\">\n<div class=\"top\">");
  loket_web_language_link (out, lang);
  g_string_append (out, "</div>\n");
  if (label != NULL)
    loket_web_html_element (out, "p", "office-name", label);
  loket_web_html_element (out, "h1", NULL, title);
  g_string_append (out, "</header>\n");
}

/* @path + "?lang=en" in English, escaped for an attribute. */
static void
link_to (GString *out, const char *path, const char *token, const char *tail, const char *lang)
{
  loket_web_html_escape (out, path);
  loket_web_html_escape (out, token);
  loket_web_html_escape (out, tail);
  if (EN (lang))
    g_string_append (out, "?lang=en");
}

static const char *
service_label (LoketOfficeModel *model, const char *id)
{
  LoketServiceItem *service = id ? loket_office_model_lookup_service (model, id) : NULL;

  return service ? loket_service_item_get_label (service) : id;
}

/* ---- the form ------------------------------------------------------------- */

static char *
problem_text (const LoketWebComplaintForm *form, const char *lang)
{
  static const char *names[] = { "Uraian pengaduan", "Nama", "Kontak" };
  static const char *names_en[] = { "The description", "The name", "The contact" };
  static const gint limits[] = { LOKET_WEB_COMPLAINT_DESCRIPTION_MAX, LOKET_WEB_COMPLAINT_NAME_MAX,
                                 LOKET_WEB_COMPLAINT_CONTACT_MAX };
  gint which = CLAMP (form->which, 0, 2);

  switch (form->problem)
    {
    case LOKET_WEB_COMPLAINT_OK:
      return NULL;
    case LOKET_WEB_COMPLAINT_NO_CATEGORY:
      return g_strdup (SAY (lang, "Pilih jenis pengaduan.", "Please choose what the complaint is about."));
    case LOKET_WEB_COMPLAINT_NO_SERVICE:
      return g_strdup (SAY (lang, "Pilih layanan yang diadukan.", "Please choose the service."));
    case LOKET_WEB_COMPLAINT_EMPTY:
      return g_strdup (SAY (lang, "Tuliskan uraian pengaduan Anda.", "Please describe your complaint."));
    case LOKET_WEB_COMPLAINT_TOO_LONG:
      return g_strdup_printf (EN (lang) ? "%s has %d characters; at most %d fit. Please shorten it."
                                        : "%s %d karakter; paling banyak %d. Mohon dipersingkat.",
                              EN (lang) ? names_en[which] : names[which], form->length, limits[which]);
    case LOKET_WEB_COMPLAINT_QUOTA:
      return g_strdup (SAY (lang, "Nomor antrean ini sudah dipakai untuk tiga pengaduan. Pengaduan lain dapat "
                                  "disampaikan langsung kepada petugas di kantor.",
                            "This ticket already has three complaints. Staff at the office can take another one."));
    case LOKET_WEB_COMPLAINT_REFUSED:
      if (form->message != NULL && strstr (form->message, "not anonymous") != NULL)
        return g_strdup (SAY (lang, "Kantor ini menerima pengaduan dengan nama dan kontak agar dapat dijawab. "
                                    "Mohon isi nama dan kontak Anda.",
                              "This office takes complaints with a name and a way to reply. Please give your "
                              "name and contact."));
      return g_strdup_printf (EN (lang) ? "The complaint could not be filed: %s"
                                        : "Pengaduan belum dapat diterima: %s",
                              form->message ? form->message : "?");
    case LOKET_WEB_COMPLAINT_CROSS_SITE:
    case LOKET_WEB_COMPLAINT_NOT_TEXT:
    default:
      return g_strdup (SAY (lang, "Formulir tidak terbaca. Silakan isi dan kirim lagi.",
                            "The form could not be read. Please fill it in and send it again."));
    }
}

static void
category_part (GString *out, const LoketWebComplaintForm *form, const char *lang)
{
  gboolean wrong = form && form->problem == LOKET_WEB_COMPLAINT_NO_CATEGORY;

  g_string_append_printf (out, "<fieldset class=\"category%s\">\n<legend>", wrong ? " wrong" : "");
  loket_web_html_escape (out, SAY (lang, "Tentang apa?", "What is it about?"));
  g_string_append (out, "</legend>\n<div class=\"choices\">\n");
  /* The categories are the protocol's (loket-complaint-category.h), in
   * the order the kiosk shows them too. */
  for (guint i = 0; i < LOKET_COMPLAINT_N_CATEGORIES; i++)
    {
      const LoketComplaintCategory *c = loket_complaint_category_on_screen (i);

      g_string_append_printf (out, "<label class=\"a\"><input type=\"radio\" name=\"category\" value=\"%s\"%s>"
                              "<span>", c->id, form && g_strcmp0 (form->category, c->id) == 0 ? " checked" : "");
      loket_web_html_escape (out, EN (lang) ? c->name_en : c->name);
      g_string_append (out, "</span></label>\n");
    }
  g_string_append (out, "</div>\n</fieldset>\n");
}

static void
service_part (GString *out, LoketOfficeModel *model, const LoketWebComplaintForm *form, const char *lang)
{
  GListModel *services = loket_office_model_get_services (model);
  gboolean wrong = form && form->problem == LOKET_WEB_COMPLAINT_NO_SERVICE;

  g_string_append_printf (out, "<fieldset class=\"service%s\">\n<legend>", wrong ? " wrong" : "");
  loket_web_html_escape (out, SAY (lang, "Layanan", "Service"));
  g_string_append (out, "</legend>\n<label class=\"pick\"><select name=\"service\"><option value=\"\">—</option>");
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(LoketServiceItem) s = g_list_model_get_item (services, i);
      const char *id = loket_service_item_get_id (s);

      g_string_append (out, "<option value=\"");
      loket_web_html_escape (out, id);
      g_string_append_printf (out, "\"%s>", form && g_strcmp0 (form->service, id) == 0 ? " selected" : "");
      loket_web_html_escape (out, loket_service_item_get_label (s));
      g_string_append (out, "</option>");
    }
  g_string_append (out, "</select></label>\n</fieldset>\n");
}

static void
text_part (GString *out, const LoketWebComplaintForm *form, const char *lang)
{
  gboolean wrong = form && (form->problem == LOKET_WEB_COMPLAINT_EMPTY ||
                            (form->problem == LOKET_WEB_COMPLAINT_TOO_LONG && form->which == 0));

  g_string_append_printf (out, "<fieldset class=\"suggestion%s\">\n<legend>", wrong ? " wrong" : "");
  loket_web_html_escape (out, SAY (lang, "Uraian pengaduan", "Your complaint"));
  g_string_append (out, "</legend>\n<label><span class=\"hint\">");
  g_string_append_printf (out, EN (lang) ? "What happened, when and where. At most %d characters."
                                         : "Apa yang terjadi, kapan dan di mana. Paling banyak %d karakter.",
                          LOKET_WEB_COMPLAINT_DESCRIPTION_MAX);
  /* No maxlength: a longer text pasted in would be cut without a word;
   * the gateway says so instead, and keeps it to be shortened. */
  g_string_append (out, "</span><textarea name=\"description\" rows=\"6\">");
  loket_web_html_escape (out, form ? form->description : NULL);
  g_string_append (out, "</textarea></label>\n</fieldset>\n");
}

static void
person_part (GString *out, const LoketWebComplaintForm *form, const char *lang)
{
  gboolean wrong = form && ((form->problem == LOKET_WEB_COMPLAINT_TOO_LONG && form->which > 0) ||
                            form->problem == LOKET_WEB_COMPLAINT_REFUSED);

  g_string_append_printf (out, "<fieldset class=\"profile%s\">\n<legend>", wrong ? " wrong" : "");
  loket_web_html_escape (out, SAY (lang, "Nama dan kontak", "Name and contact"));
  g_string_append (out, "</legend>\n");
  loket_web_html_element (out, "p", "ask",
                          SAY (lang, "Agar jawaban dapat kami sampaikan. Kosongkan keduanya untuk pengaduan tanpa "
                                     "nama, bila kantor menerimanya. Nama dan kontak tidak ditampilkan di halaman "
                                     "pelacakan dan dihapus setelah pengaduan selesai.",
                               "So that we can answer you. Leave both empty for an anonymous complaint, where "
                               "the office takes them. They are not shown on the tracking page and are deleted "
                               "after the complaint is closed."));
  g_string_append (out, "<label class=\"pick\"><span>");
  loket_web_html_escape (out, SAY (lang, "Nama", "Name"));
  g_string_append (out, "</span><input type=\"text\" name=\"complainant\" autocomplete=\"name\" value=\"");
  loket_web_html_escape (out, form ? form->name : NULL);
  g_string_append (out, "\"></label>\n<label class=\"pick\"><span>");
  loket_web_html_escape (out, SAY (lang, "Nomor HP atau surel", "Phone or e-mail"));
  g_string_append (out, "</span><input type=\"text\" name=\"contact\" value=\"");
  loket_web_html_escape (out, form ? form->contact : NULL);
  g_string_append (out, "\"></label>\n</fieldset>\n");
}

static void
visit_part (GString *out, LoketOfficeModel *model, JsonObject *status, const char *lang)
{
  JsonObject *ticket = json_object_get_object_member (status, "ticket");

  g_string_append (out, "<p class=\"visit\">");
  loket_web_html_escape (out, SAY (lang, "Nomor", "Number"));
  g_string_append (out, " <strong>");
  loket_web_html_escape (out, loket_json_optional_string (ticket, "number"));
  g_string_append (out, "</strong> · ");
  loket_web_html_escape (out, service_label (model, loket_json_optional_string (ticket, "service")));
  g_string_append (out, "</p>\n");
}

char *
loket_web_page_complaint (LoketOfficeModel            *model,
                          JsonObject                  *status,
                          const char                  *ticket_token,
                          const char                  *lang,
                          const LoketWebComplaintForm *form)
{
  g_autoptr(GString) out = g_string_sized_new (8192);
  g_autofree char *trouble = form ? problem_text (form, lang) : NULL;

  page_open (out, model, lang, SAY (lang, "Pengaduan", "Complaint"));
  g_string_append (out, "<section class=\"intro\">\n");
  if (status != NULL)
    visit_part (out, model, status, lang);
  loket_web_html_element (out, "p", NULL,
                          SAY (lang, "Sampaikan keluhan Anda tentang pelayanan kami. Anda mendapat tanda terima "
                                     "dengan nomor dan tautan untuk mengikuti jawabannya.",
                               "Tell us what went wrong. You get a receipt with a number and a link to follow "
                               "the answer."));
  if (status != NULL)
    loket_web_html_element (out, "p", "ask",
                            SAY (lang, "Lama tunggu nomor ini dicatat otomatis pada tanda terima.",
                                 "This number's wait is put on the receipt for you."));
  if (trouble != NULL)
    {
      g_string_append (out, "<p class=\"problem\" role=\"alert\">");
      loket_web_html_escape (out, trouble);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</section>\n<form method=\"post\" action=\"");
  if (ticket_token != NULL)
    link_to (out, "/t/", ticket_token, "/complaint", lang);
  else
    link_to (out, "/complaint", NULL, NULL, lang);
  g_string_append (out, "\" accept-charset=\"utf-8\">\n");
  if (ticket_token == NULL)
    service_part (out, model, form, lang);
  category_part (out, form, lang);
  text_part (out, form, lang);
  person_part (out, form, lang);
  g_string_append (out, "<button type=\"submit\">");
  loket_web_html_escape (out, SAY (lang, "Kirim pengaduan", "Send the complaint"));
  g_string_append (out, "</button>\n</form>\n<footer><a href=\"");
  if (ticket_token != NULL)
    link_to (out, "/t/", ticket_token, NULL, lang);
  else
    link_to (out, "/", NULL, NULL, lang);
  g_string_append (out, "\">");
  loket_web_html_escape (out, ticket_token ? SAY (lang, "Kembali ke nomor antrean", "Back to my ticket")
                                           : SAY (lang, "Kembali ke halaman kantor", "Back to the office's page"));
  g_string_append (out, "</a></footer>\n</main>\n");
  loket_web_page_close (out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
loket_web_page_complaint_cross_site (LoketOfficeModel *model,
                                     const char       *lang)
{
  g_autoptr(GString) out = g_string_sized_new (2048);

  page_open (out, model, lang, SAY (lang, "Pengaduan tidak dikirim", "Complaint not sent"));
  g_string_append (out, "<section class=\"result ended\">\n");
  loket_web_html_element (out, "p", NULL,
                          SAY (lang, "Pengaduan hanya dapat dikirim dari formulir di situs ini. Silakan buka "
                                     "formulirnya lagi.",
                               "A complaint can only be sent from the form on this site. Please open the form "
                               "again."));
  g_string_append (out, "<p><a class=\"button\" href=\"");
  link_to (out, "/complaint", NULL, NULL, lang);
  g_string_append (out, "\">");
  loket_web_html_escape (out, SAY (lang, "Buka formulir pengaduan", "Open the complaint form"));
  g_string_append (out, "</a></p>\n</section>\n</main>\n");
  loket_web_page_close (out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- the tracking page ------------------------------------------------------ */

static const char *months[] = { "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                                 "September", "Oktober", "November", "Desember" };
static const char *months_en[] = { "January", "February", "March", "April", "May", "June", "July", "August",
                                   "September", "October", "November", "December" };

/* "2026-12-20" → "20 Desember 2026". */
static char *
day_text (const char *day, const char *lang)
{
  guint y, m, d;

  if (day == NULL || sscanf (day, "%4u-%2u-%2u", &y, &m, &d) != 3 || m < 1 || m > 12)
    return g_strdup (day ? day : "");
  return g_strdup_printf ("%u %s %u", d, EN (lang) ? months_en[m - 1] : months[m - 1], y);
}

/* µs → "20 Desember 2026 09:41", in the office's time zone (the
 * gateway's machine may keep another). */
static char *
time_text (LoketOfficeModel *model, gint64 at, const char *lang)
{
  const char *zone_id = loket_office_model_get_time_zone (model);
  g_autoptr(GTimeZone) zone = zone_id ? g_time_zone_new_identifier (zone_id) : NULL;
  g_autoptr(GDateTime) t = at > 0 && zone ? loket_office_time (zone, at) : NULL;
  g_autofree char *day = t ? g_date_time_format (t, "%Y-%m-%d") : NULL;
  g_autofree char *said = day ? day_text (day, lang) : NULL;

  return t ? g_strdup_printf ("%s %02d:%02d", said, g_date_time_get_hour (t), g_date_time_get_minute (t))
           : g_strdup ("");
}

static const char *
state_label (const char *state, const char *lang)
{
  static const struct { const char *id, *label, *label_en; } states[] = {
    { "received", "Diterima", "Received" },
    { "in-progress", "Sedang ditangani", "Being handled" },
    { "answered", "Sudah dijawab", "Answered" },
    { "escalated", "Diteruskan", "Escalated" },
    { "closed", "Selesai", "Closed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (states[i].id, state) == 0)
      return EN (lang) ? states[i].label_en : states[i].label;
  return state;
}

static const char *
act_label (const char *act, const char *lang)
{
  static const struct { const char *id, *label, *label_en; } acts[] = {
    { "file", "Pengaduan diterima", "Complaint received" },
    { "take", "Mulai ditangani", "Taken up" },
    { "answer", "Dijawab", "Answered" },
    { "escalate", "Diteruskan", "Escalated" },
    { "reopen", "Dibuka kembali", "Reopened" },
    { "close", "Ditutup", "Closed" },
    { "note", "Catatan", "Note" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (acts); i++)
    if (g_strcmp0 (acts[i].id, act) == 0)
      return EN (lang) ? acts[i].label_en : acts[i].label;
  return act;
}

static void
row (GString *out, const char *label, const char *value)
{
  g_string_append (out, "<tr><th scope=\"row\">");
  loket_web_html_escape (out, label);
  g_string_append (out, "</th><td>");
  loket_web_html_escape (out, value);
  g_string_append (out, "</td></tr>\n");
}

/* "menunggu 52 dari 30 menit yang dijanjikan", from the ticket. */
static char *
facts_text (JsonObject *complaint, const char *lang)
{
  JsonObject *facts = json_object_get_object_member (complaint, "facts");
  gint64 ticket = facts ? json_object_get_int_member_with_default (facts, "ticket", 0) : 0;
  gint64 waited = facts ? json_object_get_int_member_with_default (facts, "waited_minutes", -1) : -1;
  gint64 promised = facts ? json_object_get_int_member_with_default (facts, "promised_minutes", -1) : -1;

  if (ticket <= 0)
    return NULL;
  if (waited >= 0 && promised >= 0)
    return g_strdup_printf (EN (lang) ? "waited %" G_GINT64_FORMAT " of the %" G_GINT64_FORMAT " promised minutes"
                                      : "menunggu %" G_GINT64_FORMAT " dari %" G_GINT64_FORMAT
                                        " menit yang dijanjikan", waited, promised);
  if (waited >= 0)
    return g_strdup_printf (EN (lang) ? "waited %" G_GINT64_FORMAT " minutes" : "menunggu %" G_GINT64_FORMAT
                                        " menit", waited);
  if (promised >= 0)
    return g_strdup_printf (EN (lang) ? "not called yet; %" G_GINT64_FORMAT " minutes promised"
                                      : "belum dipanggil; dijanjikan %" G_GINT64_FORMAT " menit", promised);
  return NULL;
}

static const char *
received_by (JsonObject *complaint, const char *lang)
{
  const char *by = loket_json_optional_string (complaint, "received_by");
  const char *channel = loket_json_optional_string (complaint, "channel");

  if (by != NULL)
    return by;
  if (g_strcmp0 (channel, "kiosk") == 0)
    return SAY (lang, "anjungan (kios)", "the kiosk");
  return SAY (lang, "daring (online)", "online");
}

static void
receipt_part (GString *out, LoketOfficeModel *model, JsonObject *c, const char *lang)
{
  g_autofree char *received = time_text (model, json_object_get_int_member_with_default (c, "received_at", 0), lang);
  g_autofree char *deadline = day_text (loket_json_optional_string (c, "deadline"), lang);
  g_autofree char *facts = facts_text (c, lang);
  const char *office = loket_json_optional_string (c, "office");

  g_string_append (out, "<section class=\"receipt\">\n<p class=\"receipt-number\"><span>");
  loket_web_html_escape (out, SAY (lang, "Nomor tanda terima", "Receipt number"));
  g_string_append (out, "</span> <strong>");
  loket_web_html_escape (out, loket_json_optional_string (c, "receipt"));
  g_string_append (out, "</strong></p>\n<p class=\"state\"><span>");
  loket_web_html_escape (out, SAY (lang, "Status", "State"));
  g_string_append (out, "</span> <strong class=\"complaint-state\">");
  loket_web_html_escape (out, state_label (loket_json_optional_string (c, "state"), lang));
  g_string_append (out, "</strong></p>\n<table class=\"charter\">\n");
  row (out, SAY (lang, "Diterima", "Received"), received);
  if (office != NULL)
    row (out, SAY (lang, "Kantor", "Office"), office);
  row (out, SAY (lang, "Melalui", "By"), received_by (c, lang));
  row (out, SAY (lang, "Layanan", "Service"), service_label (model, loket_json_optional_string (c, "service")));
  row (out, SAY (lang, "Jenis", "About"), loket_complaint_category_name (loket_json_optional_string (c, "category"), lang));
  if (facts != NULL)
    row (out, SAY (lang, "Fakta antrean", "The ticket's facts"), facts);
  row (out, SAY (lang, "Dijawab paling lambat", "To be answered by"), deadline);
  g_string_append (out, "</table>\n</section>\n");
}

static void
answer_part (GString *out, LoketOfficeModel *model, JsonObject *c, const char *lang)
{
  const char *answer = loket_json_optional_string (c, "answer");
  g_autofree char *when = NULL;

  if (answer == NULL)
    return;
  when = time_text (model, json_object_get_int_member_with_default (c, "answered_at", 0), lang);
  g_string_append (out, "<section class=\"answer\">\n");
  loket_web_html_element (out, "h2", NULL, SAY (lang, "Jawaban", "Answer"));
  loket_web_html_element (out, "p", "answer-text", answer);
  loket_web_html_element (out, "p", "ask", when);
  g_string_append (out, "</section>\n");
}

static void
steps_part (GString *out, LoketOfficeModel *model, JsonObject *c, const char *lang)
{
  JsonArray *steps = json_object_has_member (c, "steps") ? json_object_get_array_member (c, "steps") : NULL;

  if (steps == NULL || json_array_get_length (steps) == 0)
    return;
  g_string_append (out, "<section class=\"steps\">\n");
  loket_web_html_element (out, "h2", NULL, SAY (lang, "Perjalanan pengaduan", "What happened so far"));
  g_string_append (out, "<ol>\n");
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);
      g_autofree char *when = time_text (model, json_object_get_int_member_with_default (s, "at", 0), lang);
      const char *note = loket_json_optional_string (s, "note");

      g_string_append (out, "<li><span class=\"when\">");
      loket_web_html_escape (out, when);
      g_string_append (out, "</span> <strong>");
      loket_web_html_escape (out, act_label (loket_json_optional_string (s, "act"), lang));
      g_string_append (out, "</strong>");
      /* The answer is shown above; other public notes here. */
      if (note != NULL && g_strcmp0 (loket_json_optional_string (s, "act"), "answer") != 0)
        loket_web_html_element (out, "p", "note", note);
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ol>\n</section>\n");
}

char *
loket_web_page_complaint_receipt (LoketOfficeModel *model,
                                  JsonObject       *complaint,
                                  const char       *lang)
{
  g_autoptr(GString) out = g_string_sized_new (4096);

  page_open (out, model, lang, SAY (lang, "Tanda terima pengaduan", "Complaint receipt"));
  receipt_part (out, model, complaint, lang);
  answer_part (out, model, complaint, lang);
  steps_part (out, model, complaint, lang);
  g_string_append (out, "<section class=\"note\">\n");
  loket_web_html_element (out, "p", "ask",
                          SAY (lang, "Simpan alamat halaman ini untuk mengikuti jawabannya. Bila tidak puas dengan "
                                     "jawaban, Anda dapat melapor ke Ombudsman RI atau SP4N-LAPOR!.",
                               "Keep this page's address to follow the answer. If you are not satisfied with "
                               "the answer, you may report to the Ombudsman or SP4N-LAPOR!."));
  g_string_append (out, "</section>\n");
  g_string_append (out, "<footer><a href=\"");
  link_to (out, "/", NULL, NULL, lang);
  g_string_append (out, "\">");
  loket_web_html_escape (out, SAY (lang, "Halaman kantor", "The office's page"));
  g_string_append (out, "</a></footer>\n</main>\n");
  loket_web_page_close (out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
