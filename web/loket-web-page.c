/* loket-web-page.c — rendering the public office page and the error
 * pages (see loket-web-page.h).
 *
 * The page's own words are pairs here rather than gettext messages: the
 * language is chosen per request, and a pair next to its use keeps the
 * two languages of one sentence together for whoever edits them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-page.h"
#include "loket-web-chart.h"
#include "loket-web-skm.h"
#include "loket-web-complaint-stats.h"
#include "loket-web-page-private.h"
#include "loket-web-html.h"

#include "loket-i18n.h"

#include <libsoup/soup.h>
#include <string.h>

typedef LoketWebWords Words;
#define say loket_web_say

const char *
loket_web_say (const LoketWebWords *w, const char *lang)
{
  return g_str_equal (lang, "en") ? w->en : w->id;
}

/* ---- the frame every page shares --------------------------------------- */

void
loket_web_page_open (GString *out, const char *lang, const char *title, guint refresh)
{
  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<meta name=\"referrer\" content=\"no-referrer\">\n<title>", lang);
  loket_web_html_escape (out, title);
  g_string_append (out, "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n");
  if (refresh > 0)
    g_string_append_printf (out, "<noscript><meta http-equiv=\"refresh\" content=\"%u\"></noscript>\n"
                            "<script src=\"/static/live.js\" defer></script>\n", refresh);
  g_string_append (out, "</head>\n<body>\n");
}

void
loket_web_language_link (GString *out, const char *lang)
{
  loket_web_language_link_keeping (out, lang, NULL);
}

void
loket_web_language_link_keeping (GString *out, const char *lang, const char *query)
{
  gboolean en = g_str_equal (lang, "en");

  g_string_append (out, "<a class=\"lang\" href=\"?");
  if (query != NULL)
    {
      loket_web_html_escape (out, query);
      g_string_append (out, "&amp;");
    }
  g_string_append_printf (out, "lang=%s\" hreflang=\"%s\" lang=\"%s\">%s</a>",
                          en ? "id" : "en", en ? "id" : "en", en ? "id" : "en",
                          en ? "Bahasa Indonesia" : "English");
}

void
loket_web_page_close (GString *out)
{
  g_string_append (out, "</body>\n</html>\n");
}

/* ---- the office page --------------------------------------------------- */

static void
office_header (GString *out, LoketOfficeModel *model, const char *lang, gint64 now)
{
  g_autoptr(GDateTime) here = loket_office_model_date_time (model, now);
  g_autofree char *date = here ? loket_i18n_format_date (here) : g_strdup ("");
  g_autofree char *clock = loket_office_model_format_time (model, now, g_str_equal (lang, "en") ? "%H:%M" : "%H.%M");

  g_string_append (out, "<header class=\"office\">\n<div class=\"top\">");
  loket_web_language_link (out, lang);
  g_string_append (out, "</div>\n");
  loket_web_html_element (out, "h1", NULL, loket_office_model_get_label (model));
  if (loket_office_model_get_address (model) != NULL)
    loket_web_html_element (out, "p", "address", loket_office_model_get_address (model));
  g_string_append (out, "<p class=\"now\">");
  loket_web_html_escape (out, date);
  g_string_append (out, " · <time>");
  loket_web_html_escape (out, clock);
  g_string_append (out, "</time></p>\n</header>\n");
}

/* "Closed today" or "Quota used up" where the service takes no tickets. */
static void
service_availability (GString *out, LoketServiceItem *service, const char *lang)
{
  gboolean available = TRUE;
  g_autofree char *why = NULL;

  g_object_get (service, "available", &available, "unavailable", &why, NULL);
  if (available)
    return;
  loket_web_html_element (out, "p", "unavailable",
                          g_strcmp0 (why, "quota") == 0
                            ? SAY (lang, "Kuota hari ini sudah habis", "Today's quota is used up")
                            : SAY (lang, "Tidak menerima antrean saat ini", "Not taking tickets now"));
}

void
loket_web_figure (GString *out, const char *label, const char *value, const char *klass)
{
  g_string_append_printf (out, "<div class=\"figure %s\"><dt>", klass);
  loket_web_html_escape (out, label);
  g_string_append (out, "</dt><dd>");
  loket_web_html_escape (out, value);
  g_string_append (out, "</dd></div>");
}

static void
service_figures (GString *out, LoketServiceItem *service, const char *lang)
{
  guint called = loket_service_item_get_called_today (service);
  guint within = loket_service_item_get_called_within_promise (service);
  g_autofree char *waiting = g_strdup_printf ("%u", loket_service_item_get_waiting (service));
  g_autofree char *wait = loket_service_item_format_wait (service);
  g_autofree char *kept = NULL;

  if (called == 0)
    kept = g_strdup (SAY (lang, "belum ada panggilan", "no calls yet"));
  else
    kept = g_strdup_printf (EN (lang) ? "%u of %u (%u%%)" : "%u dari %u (%u%%)",
                            within, called, (guint) ((within * 100 + called / 2) / called));
  g_string_append (out, "<dl class=\"figures\">");
  loket_web_figure (out, SAY (lang, "Menunggu", "Waiting"), waiting, "waiting");
  loket_web_figure (out, SAY (lang, "Perkiraan tunggu", "Estimated wait"), wait, "wait");
  loket_web_figure (out, SAY (lang, "Dipanggil sesuai janji hari ini", "Called within the promise today"),
          kept, called == 0 ? "kept none" : "kept");
  g_string_append (out, "</dl>\n");
}

static void
charter_row (GString *out, const char *label, const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append (out, "<dt>");
  loket_web_html_escape (out, label);
  g_string_append (out, "</dt><dd>");
  loket_web_html_escape (out, value);
  g_string_append (out, "</dd>");
}

/* The charter's word on the service: what to bring, what happens, what it
 * costs, what one gets and what the office promises. */
static void
service_charter (GString *out, LoketServiceItem *service, const char *lang)
{
  const char * const *requirements = loket_service_item_get_requirements (service);
  g_autofree char *cost = loket_i18n_format_rupiah (loket_service_item_get_cost (service));
  g_autofree char *wait = g_strdup_printf (EN (lang) ? "at most %u minutes" : "paling lama %u menit",
                                           loket_service_item_get_promised_wait_minutes (service));
  g_autofree char *serve = g_strdup_printf (EN (lang) ? "about %u minutes" : "sekitar %u menit",
                                            loket_service_item_get_promised_service_minutes (service));

  g_string_append (out, "<details class=\"charter\"><summary>");
  loket_web_html_escape (out, SAY (lang, "Standar pelayanan", "Service standard"));
  g_string_append (out, "</summary>\n<dl>");
  if (requirements != NULL && requirements[0] != NULL)
    {
      g_string_append (out, "<dt>");
      loket_web_html_escape (out, SAY (lang, "Persyaratan", "Requirements"));
      g_string_append (out, "</dt><dd><ul>");
      for (guint i = 0; requirements[i] != NULL; i++)
        loket_web_html_element (out, "li", NULL, requirements[i]);
      g_string_append (out, "</ul></dd>");
    }
  charter_row (out, SAY (lang, "Prosedur", "Procedure"), loket_service_item_get_procedure (service));
  charter_row (out, SAY (lang, "Biaya", "Cost"), cost);
  charter_row (out, SAY (lang, "Produk", "Product"), loket_service_item_get_product (service));
  charter_row (out, SAY (lang, "Janji waktu tunggu", "Promised wait"), wait);
  charter_row (out, SAY (lang, "Waktu pelayanan", "Service time"), serve);
  g_string_append (out, "</dl></details>\n");
}

static void
services_section (GString *out, LoketOfficeModel *model, GHashTable *record, const char *lang)
{
  GListModel *services = loket_office_model_get_services (model);

  g_string_append (out, "<section class=\"services\">\n");
  loket_web_html_element (out, "h2", NULL, SAY (lang, "Layanan hari ini", "Services today"));
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(LoketServiceItem) service = g_list_model_get_item (services, i);

      g_string_append (out, "<article class=\"service\">\n");
      loket_web_html_element (out, "h3", NULL, loket_service_item_get_label (service));
      service_availability (out, service, lang);
      service_figures (out, service, lang);
      loket_web_chart_service (out, service, record, lang);
      loket_web_skm_service (out, service, record, lang);
      service_charter (out, service, lang);
      g_string_append (out, "</article>\n");
    }
  g_string_append (out, "</section>\n");
}

/* The counters open now and the number each is serving, as the board in
 * the hall shows them; never who sits there. */
static void
counters_section (GString *out, LoketOfficeModel *model, const char *lang)
{
  GListModel *counters = loket_office_model_get_counters (model);
  guint n = g_list_model_get_n_items (counters), open = 0;
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketCounterItem) counter = g_list_model_get_item (counters, i);
      const char *number = loket_counter_item_get_ticket_number (counter);

      if (g_strcmp0 (loket_counter_item_get_state (counter), "open") != 0)
        continue;
      open++;
      g_string_append (rows, "<li>");
      loket_web_html_element (rows, "span", "name", loket_counter_item_get_name (counter));
      if (number != NULL && loket_counter_item_get_current_ticket (counter) != 0)
        loket_web_html_element (rows, "span", "ticket", number);
      g_string_append (rows, "</li>\n");
    }
  summary = g_strdup_printf (EN (lang) ? "%u of %u counters open" : "%u dari %u loket buka", open, n);
  g_string_append (out, "<section class=\"counters\">\n");
  loket_web_html_element (out, "h2", NULL, SAY (lang, "Dipanggil sekarang", "Now calling"));
  loket_web_html_element (out, "p", "summary", summary);
  if (open > 0)
    g_string_append_printf (out, "<ul class=\"open\">\n%s</ul>\n", rows->str);
  g_string_append (out, "</section>\n");
}

char *
loket_web_page_office (LoketOfficeModel *model,
                       GHashTable       *record,
                       JsonObject       *complaints,
                       const char       *lang,
                       const char       *version,
                       gint64            now)
{
  g_autoptr(GString) out = g_string_sized_new (8192);
  const char *label;

  loket_i18n_set_language (lang);
  label = loket_office_model_get_label (model);
  loket_web_page_open (out, lang, label ? label : "Loket", 60);
  g_string_append (out, "<main id=\"office\" data-events=\"/events\" data-event=\"office\"");
  if (version != NULL)
    {
      g_string_append (out, " data-version=\"");
      loket_web_html_escape (out, version);
      g_string_append (out, "\"");
    }
  g_string_append (out, ">\n");
  if (!loket_office_model_get_synced (model))
    {
      g_string_append (out, "<header class=\"office\"><div class=\"top\">");
      loket_web_language_link (out, lang);
      g_string_append (out, "</div></header>\n");
      loket_web_html_element (out, "p", "offline",
                              SAY (lang, "Informasi antrean belum tersedia. Halaman ini akan diperbarui sendiri.",
                                   "Queue information is not available yet. This page updates by itself."));
      g_string_append (out, "</main>\n");
      loket_web_page_close (out);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  office_header (out, model, lang, now);
  if (!loket_office_model_get_online (model))
    loket_web_html_element (out, "p", "offline",
                            SAY (lang, "Koneksi ke kantor terputus; angka di bawah mungkin sudah lama.",
                                 "The connection to the office is down; the figures below may be old."));
  counters_section (out, model, lang);
  services_section (out, model, record, lang);
  loket_web_complaint_stats_section (out, complaints, lang);
  g_string_append (out, "<footer>");
  loket_web_html_escape (out, SAY (lang, "Halaman ini diperbarui otomatis.", "This page updates by itself."));
  g_string_append (out, "<br>");
  loket_web_chart_data_links (out, lang);
  g_string_append (out, "</footer>\n</main>\n");
  loket_web_page_close (out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- error pages ------------------------------------------------------- */

char *
loket_web_page_error (LoketWebErrorPage page,
                      const char       *lang)
{
  static const Words titles[] = {
    [LOKET_WEB_ERROR_PAGE_NOT_FOUND] = { "Halaman tidak ditemukan", "Page not found" },
    [LOKET_WEB_ERROR_PAGE_METHOD] = { "Permintaan tidak didukung", "Request not supported" },
    [LOKET_WEB_ERROR_PAGE_TOO_LARGE] = { "Permintaan terlalu besar", "Request too large" },
    [LOKET_WEB_ERROR_PAGE_BUSY] = { "Sedang sibuk", "Busy" },
    [LOKET_WEB_ERROR_PAGE_SLOW_DOWN] = { "Terlalu cepat", "Too fast" },
    [LOKET_WEB_ERROR_PAGE_UNAVAILABLE] = { "Belum tersedia", "Not available yet" },
  };
  static const Words texts[] = {
    [LOKET_WEB_ERROR_PAGE_NOT_FOUND] = { "Alamat ini tidak ada di sini.", "There is nothing at this address." },
    [LOKET_WEB_ERROR_PAGE_METHOD] = { "Halaman ini hanya bisa dibaca.", "These pages can only be read." },
    [LOKET_WEB_ERROR_PAGE_TOO_LARGE] = { "Permintaan ini terlalu besar untuk dijawab.", "This request is too large to answer." },
    [LOKET_WEB_ERROR_PAGE_BUSY] = { "Terlalu banyak halaman terbuka; coba lagi sebentar lagi.", "Too many pages are open; try again shortly." },
    [LOKET_WEB_ERROR_PAGE_SLOW_DOWN] = { "Terlalu banyak permintaan dari sambungan Anda; tunggu sebentar, lalu muat ulang.",
                                         "Too many requests from your connection; wait a moment, then reload." },
    [LOKET_WEB_ERROR_PAGE_UNAVAILABLE] = { "Informasi antrean tidak dapat dibaca saat ini; coba lagi sebentar lagi.",
                                           "The queue information cannot be read right now; try again shortly." },
  };
  g_autoptr(GString) out = g_string_new (NULL);

  loket_web_page_open (out, lang, say (&titles[page], lang), 0);
  g_string_append (out, "<main class=\"error\">\n");
  loket_web_html_element (out, "h1", NULL, say (&titles[page], lang));
  loket_web_html_element (out, "p", NULL, say (&texts[page], lang));
  g_string_append_printf (out, "<p><a href=\"/%s\">", g_str_equal (lang, "en") ? "?lang=en" : "");
  loket_web_html_escape (out, SAY (lang, "Ke halaman kantor", "To the office page"));
  g_string_append (out, "</a></p>\n</main>\n");
  loket_web_page_close (out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GHashTable *
loket_web_form_decode (const char *body,
                       gsize       length)
{
  g_autofree char *text = g_strndup (body ? body : "", length);
  g_autoptr(GHashTable) fields = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (strlen (text) != length || (fields = soup_form_decode (text)) == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
      return NULL;
  return g_steal_pointer (&fields);
}
