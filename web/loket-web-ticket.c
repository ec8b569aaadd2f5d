/* loket-web-ticket.c — the citizen's ticket page and its live state (see
 * loket-web-ticket.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-ticket.h"
#include "loket-web-page-private.h"
#include "loket-web-html.h"

#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-ticket.h"

/* ---- the live state ------------------------------------------------------ */

/* Every waiting ticket's place in its own queue (its service, priority
 * or not), as the model orders the waiting (by arrival): id → those
 * before it.  One pass for all the streams of one change. */
GHashTable *
loket_web_ticket_places (LoketOfficeModel *model)
{
  GListModel *waiting = loket_office_model_get_waiting (model);
  GHashTable *places = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) lengths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (waiting); i++)
    {
      g_autoptr(LoketTicketItem) item = g_list_model_get_item (waiting, i);
      g_autofree char *queue = g_strdup_printf ("%s\n%d", loket_ticket_item_get_service (item),
                                                loket_ticket_item_get_priority (item) != NULL);
      guint ahead = GPOINTER_TO_UINT (g_hash_table_lookup (lengths, queue));
      gint64 id = loket_ticket_item_get_id (item);

      g_hash_table_insert (places, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (ahead));
      g_hash_table_replace (lengths, g_steal_pointer (&queue), GUINT_TO_POINTER (ahead + 1));
    }
  return places;
}

static char *
live_state (const char *state, const char *counter, guint ahead)
{
  g_autoptr(GString) out = g_string_new ("{\"state\":");

  loket_json_append_string (out, state);
  g_string_append (out, ",\"counter\":");
  loket_json_append_string (out, counter);
  g_string_append_printf (out, ",\"ahead\":%u}", ahead);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
loket_web_ticket_live_state (LoketOfficeModel *model,
                             GHashTable       *places,
                             gint64            id,
                             JsonObject       *reply)
{
  LoketTicketItem *item = loket_office_model_lookup_ticket (model, id);
  JsonObject *ticket = reply ? json_object_get_object_member (reply, "ticket") : NULL;
  g_autoptr(GHashTable) own = NULL;

  if (item != NULL)
    {
      LoketCounterItem *counter = NULL;

      if (places == NULL)
        places = own = loket_web_ticket_places (model);
      if (loket_ticket_item_get_counter (item) != NULL)
        counter = loket_office_model_lookup_counter (model, loket_ticket_item_get_counter (item));
      return live_state (loket_ticket_item_get_state (item),
                         counter ? loket_counter_item_get_name (counter) : NULL,
                         GPOINTER_TO_UINT (g_hash_table_lookup (places, &id)));
    }
  if (ticket == NULL)
    return NULL;
  return live_state (loket_json_optional_string (ticket, "state"),
                     loket_json_optional_string (reply, "counter_name"),
                     (guint) loket_json_optional_int (reply, "people_ahead", 0));
}

/* ---- the page ------------------------------------------------------------ */

/* Still waiting: how many before, how long, and what was promised. */
static void
waiting_part (GString *out, JsonObject *reply, const char *lang)
{
  g_autofree char *ahead = g_strdup_printf ("%" G_GINT64_FORMAT, loket_json_optional_int (reply, "people_ahead", 0));
  g_autofree char *wait = loket_i18n_format_wait (reply);
  g_autofree char *promise = g_strdup_printf (EN (lang) ? "called within %u minutes" : "dipanggil paling lama %u menit",
                                              (guint) loket_json_optional_int (reply, "promised_wait_minutes", 0));

  loket_web_html_element (out, "p", "state", SAY (lang, "Menunggu dipanggil", "Waiting to be called"));
  g_string_append (out, "<dl class=\"figures\">");
  loket_web_figure (out, SAY (lang, "Antrean di depan Anda", "People ahead of you"), ahead, "ahead");
  loket_web_figure (out, SAY (lang, "Perkiraan tunggu", "Estimated wait"), wait, "wait");
  if (loket_json_optional_int (reply, "promised_wait_minutes", 0) > 0)
    loket_web_figure (out, SAY (lang, "Janji pelayanan", "Our promise"), promise, "promise");
  g_string_append (out, "</dl>\n");
  loket_web_html_element (out, "p", "hint",
                          SAY (lang, "Halaman ini memberi tahu Anda saat nomor Anda dipanggil.",
                               "This page tells you when your number is called."));
}

/* Called or being served: the counter, as large as the screen allows. */
static void
counter_part (GString *out, JsonObject *reply, const char *lang, gboolean serving)
{
  const char *name = loket_json_optional_string (reply, "counter_name");

  g_string_append_printf (out, "<div class=\"call%s\" role=\"alert\">", serving ? " serving" : "");
  loket_web_html_element (out, "p", "state",
                          serving ? SAY (lang, "Sedang dilayani di", "Being served at")
                                  : SAY (lang, "Nomor Anda dipanggil. Silakan menuju", "Your number is called. Please go to"));
  loket_web_html_element (out, "p", "counter", name ? name : SAY (lang, "loket", "the counter"));
  g_string_append (out, "</div>\n");
}

/* After the visit: the survey, asked once (docs/skm.md), or thanks for
 * having answered it. */
static void
survey_part (GString *out, JsonObject *reply, const char *token, const char *lang)
{
  if (json_object_get_boolean_member_with_default (reply, "surveyed", FALSE))
    {
      loket_web_html_element (out, "p", "surveyed",
                              SAY (lang, "Terima kasih, survei kepuasan Anda sudah kami terima.",
                                   "Thank you, we have received your satisfaction survey."));
      return;
    }
  loket_web_html_element (out, "p", "hint",
                          SAY (lang, "Bagaimana pelayanan kami? Sembilan pertanyaan, sekitar dua menit, tanpa nama.",
                               "How did we do? Nine questions, about two minutes, no name asked."));
  g_string_append (out, "<p><a class=\"survey\" href=\"/t/");
  loket_web_html_escape (out, token);
  g_string_append (out, EN (lang) ? "/survey?lang=en\">" : "/survey\">");
  loket_web_html_escape (out, SAY (lang, "Isi survei kepuasan", "Answer the satisfaction survey"));
  g_string_append (out, "</a></p>\n");
}

static void
final_part (GString *out, LoketTicketState state, JsonObject *reply, const char *token, const char *lang)
{
  switch (state)
    {
    case LOKET_TICKET_DONE:
      loket_web_html_element (out, "p", "state thanks",
                              SAY (lang, "Terima kasih. Layanan Anda sudah selesai.",
                                   "Thank you. Your service is complete."));
      survey_part (out, reply, token, lang);
      break;
    case LOKET_TICKET_NO_SHOW:
      loket_web_html_element (out, "p", "state ended",
                              SAY (lang, "Nomor ini dipanggil, tetapi Anda tidak hadir. Silakan ambil nomor baru.",
                                   "This number was called, but you were not there. Please take a new number."));
      break;
    case LOKET_TICKET_UNSERVED:
      loket_web_html_element (out, "p", "state ended",
                              SAY (lang, "Mohon maaf, nomor ini tidak terlayani hari ini.",
                                   "We are sorry: this number was not served today."));
      break;
    case LOKET_TICKET_VOID:
    default:
      loket_web_html_element (out, "p", "state ended",
                              SAY (lang, "Nomor ini sudah dibatalkan.", "This number was cancelled."));
      break;
    }
}

static void
ticket_part (GString *out, LoketOfficeModel *model, JsonObject *reply, const char *token, const char *lang)
{
  JsonObject *ticket = json_object_get_object_member (reply, "ticket");
  const char *service_id = loket_json_optional_string (ticket, "service");
  LoketServiceItem *service = service_id ? loket_office_model_lookup_service (model, service_id) : NULL;
  LoketTicketState state = LOKET_TICKET_ISSUED;

  loket_ticket_state_from_string (loket_json_optional_string (ticket, "state"), &state);
  g_string_append (out, "<section class=\"ticket\">\n");
  loket_web_html_element (out, "p", "label", SAY (lang, "Nomor antrean Anda", "Your number"));
  loket_web_html_element (out, "p", "number", loket_json_optional_string (ticket, "number"));
  loket_web_html_element (out, "p", "service", service ? loket_service_item_get_label (service) : service_id);
  if (loket_ticket_state_is_waiting (state))
    waiting_part (out, reply, lang);
  else if (state == LOKET_TICKET_CALLED || state == LOKET_TICKET_SERVING)
    counter_part (out, reply, lang, state == LOKET_TICKET_SERVING);
  else
    final_part (out, state, reply, token, lang);
  g_string_append (out, "</section>\n");
}

char *
loket_web_page_ticket (LoketOfficeModel *model,
                       JsonObject       *reply,
                       const char       *token,
                       const char       *lang,
                       const char       *version)
{
  g_autoptr(GString) out = g_string_sized_new (4096);
  JsonObject *ticket = json_object_get_object_member (reply, "ticket");
  const char *label;
  g_autofree char *title = NULL;

  loket_i18n_set_language (lang);
  label = loket_office_model_get_label (model);
  title = g_strdup_printf ("%s %s", EN (lang) ? "Ticket" : "Antrean", loket_json_optional_string (ticket, "number"));
  loket_web_page_open (out, lang, title, 30);
  g_string_append (out, "<main id=\"ticket\" data-event=\"ticket\" data-events=\"/t/");
  loket_web_html_escape (out, token);
  g_string_append (out, "/events\" data-version=\"");
  loket_web_html_escape (out, version);
  g_string_append (out, "\">\n<header class=\"office\">\n<div class=\"top\">");
  loket_web_language_link (out, lang);
  g_string_append (out, "</div>\n");
  if (label != NULL)
    loket_web_html_element (out, "h1", NULL, label);
  g_string_append (out, "</header>\n");
  ticket_part (out, model, reply, token, lang);
  /* In any state: a complaint may be about the wait as well as the
   * service (docs/complaints.md). */
  g_string_append (out, "<p class=\"complain\"><a href=\"/t/");
  loket_web_html_escape (out, token);
  g_string_append (out, EN (lang) ? "/complaint?lang=en\">" : "/complaint\">");
  loket_web_html_escape (out, SAY (lang, "Ada keluhan? Sampaikan pengaduan", "Something wrong? Make a complaint"));
  g_string_append (out, "</a></p>\n");
  g_string_append (out, "<footer>");
  loket_web_html_escape (out, SAY (lang, "Halaman ini diperbarui otomatis.", "This page updates by itself."));
  g_string_append (out, " <a href=\"/");
  g_string_append (out, EN (lang) ? "?lang=en" : "");
  g_string_append (out, "\">");
  loket_web_html_escape (out, SAY (lang, "Antrean kantor saat ini", "The office's queue now"));
  g_string_append (out, "</a></footer>\n</main>\n");
  loket_web_page_close (out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
