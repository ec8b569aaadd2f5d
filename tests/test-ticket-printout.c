/* test-ticket-printout.c — the paper ticket, checked with the tools a
 * person would use: pdfinfo for the page, pdftotext for what it says,
 * pdffonts for the font, and pdftoppm + zbarimg for a QR code that a phone
 * can actually read.  A missing tool fails the test: without them nothing
 * here is checked at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-ticket-printout.h"
#include "loket-error.h"

#include "loket-test-printer.h"

#include <glib/gstdio.h>

#include <math.h>
#include <string.h>

#define STATUS_URL "https://antrian.example.go.id/t/{token}"
#define TOKEN      "q3Vt9xZb1LmN0pRs2TuVwA"
#define EXPANDED   "https://antrian.example.go.id/t/" TOKEN

/* 2026-11-25 01:15:00 UTC, 08:15 in Jakarta (UTC+7). */
#define ISSUED_AT  ((gint64) 1795569300 * G_USEC_PER_SEC)

#define PT(mm)     ((mm) * 72.0 / 25.4)

/* The sample office of data/charter-dukcapil.ini. */
static LoketTicketPrintout
sample (const char *url)
{
  return (LoketTicketPrintout) {
    .office_name = "Dinas Kependudukan dan Pencatatan Sipil Kota Contoh",
    .office_address = "Jl. Merdeka No. 17, Kota Contoh, Jawa Tengah 50123",
    .service_name = "KTP Elektronik (perekaman, cetak, penggantian)",
    .number = "A-007",
    .issued_at = ISSUED_AT,
    .time_zone = "Asia/Jakarta",
    .people_ahead = 3,
    .estimated_wait_minutes = 12,
    .promised_wait_minutes = 30,
    .promised_service_minutes = 15,
    .values = "Melayani dengan cepat, ramah, dan tanpa pungutan biaya",
    .status_url = url,
  };
}

/* Runs a tool; returns its exit status, and its output in @out. */
static int
run (const char * const *argv, char **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                out, &err, &wait_status, &error);
  g_assert_no_error (error);     /* the tool is missing: a failure, not a skip */
  if (g_spawn_check_wait_status (wait_status, &error))
    return 0;
  g_assert_error (error, G_SPAWN_EXIT_ERROR, error->code);
  g_test_message ("%s exited with %d: %s", argv[0], error->code, err);
  return error->code;
}

/* Renders @printout into a file of this test's own directory, which
 * G_TEST_OPTION_ISOLATE_DIRS makes and removes. */
static char *
render (const LoketTicketPrintout *printout, double width_mm, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = loket_ticket_printout_render_pdf (printout, width_mm, &error);
  const char *dir = g_get_user_cache_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_true (g_bytes_get_size (pdf) > 4);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 4, "%PDF", 4);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Checks one page @width_mm wide and at most @max_mm long; returns its
 * length in points. */
static double
check_page (const char *pdf, double width_mm, double max_mm)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *out = NULL;
  const char *pages, *size;
  double w, h;

  g_assert_cmpint (run (argv, &out), ==, 0);
  pages = strstr (out, "Pages:");
  size = strstr (out, "Page size:");
  g_assert_nonnull (pages);
  g_assert_nonnull (size);
  g_assert_cmpint (atoi (pages + strlen ("Pages:")), ==, 1);
  g_assert_cmpint (sscanf (size, "Page size: %lf x %lf pts", &w, &h), ==, 2);
  g_assert_cmpfloat_with_epsilon (w, PT (width_mm), 0.5);
  /* A ticket, not a stamp or a scroll. */
  g_assert_cmpfloat (h, >, PT (60));
  g_assert_cmpfloat (h, <, PT (max_mm));
  return h;
}

static char *
text_of (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  char *out = NULL;

  g_assert_cmpint (run (argv, &out), ==, 0);
  return out;
}

/* What a ticket says, for tests that need nothing else from it. */
static char *
render_text (const LoketTicketPrintout *printout, const char *name)
{
  g_autofree char *pdf = render (printout, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, name);

  return text_of (pdf);
}

/* Every word of @phrase is somewhere in @text: wrapping may split a
 * phrase over lines (after a space, or after the "/" of "Kabupaten/Kota"),
 * but must not lose any of it. */
static void
assert_words (const char *text, const char *phrase)
{
  g_auto(GStrv) words = g_strsplit_set (phrase, " /", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (text, words[i]) == NULL)
      g_error ("“%s” is missing from the ticket:\n%s", words[i], text);
}

static void
test_regular (void)
{
  g_autofree char *url = loket_ticket_printout_expand_url (STATUS_URL, TOKEN);
  LoketTicketPrintout printout = sample (url);
  g_autofree char *pdf = render (&printout, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, "regular.pdf");
  g_autofree char *text = text_of (pdf);
  g_autofree char *qr = loket_test_scan_qr (pdf);
  const char *fonts_argv[] = { "pdffonts", pdf, NULL };
  g_autofree char *fonts = NULL;

  g_assert_cmpstr (url, ==, EXPANDED);
  check_page (pdf, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, 160);
  g_assert_nonnull (strstr (text, "A-007"));
  assert_words (text, printout.office_name);
  assert_words (text, printout.office_address);
  assert_words (text, printout.service_name);
  assert_words (text, printout.values);
  g_assert_nonnull (strstr (text, "25-11-2026 08:15 WIB"));
  g_assert_nonnull (strstr (text, "People ahead: 3"));
  g_assert_nonnull (strstr (text, "Estimated wait: about 12 minutes"));
  g_assert_nonnull (strstr (text, "wait at most 30 min, service 15 min"));
  g_assert_nonnull (strstr (text, "Scan to follow your ticket"));
  g_assert_null (strstr (text, "Priority"));
  g_assert_cmpstr (qr, ==, EXPANDED);

  /* The font asked for, not a fallback that happened to be there. */
  g_assert_cmpint (run (fonts_argv, &fonts), ==, 0);
  g_assert_nonnull (strstr (fonts, "DejaVuSans-Bold"));
  g_assert_nonnull (strstr (fonts, "DejaVuSansCondensed-Bold"));
  g_assert_nonnull (strstr (fonts, "DejaVuSans-Oblique"));
}

/* No status URL: no QR, no caption, and a shorter ticket. */
static void
test_without_qr (void)
{
  LoketTicketPrintout with = sample (EXPANDED);
  LoketTicketPrintout without = sample (NULL);
  g_autofree char *pdf_with = render (&with, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, "with.pdf");
  g_autofree char *pdf_without = render (&without, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, "without.pdf");
  g_autofree char *text = text_of (pdf_without);
  g_autofree char *qr = loket_test_scan_qr (pdf_without);
  double h_with = check_page (pdf_with, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, 160);
  double h_without = check_page (pdf_without, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, 160);

  g_assert_null (qr);
  g_assert_null (strstr (text, "Scan"));
  g_assert_nonnull (strstr (text, "A-007"));
  g_assert_cmpfloat (h_without, <, h_with - PT (25));
}

static void
test_priority (void)
{
  LoketTicketPrintout printout = sample (EXPANDED);
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;

  printout.priority_name = "Lanjut usia (60 tahun ke atas)";
  printout.number = "A-012";
  pdf = render (&printout, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, "priority.pdf");
  check_page (pdf, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, 160);
  text = text_of (pdf);
  g_assert_nonnull (strstr (text, "Priority: Lanjut usia"));
  assert_words (text, printout.priority_name);
  g_assert_nonnull (strstr (text, "A-012"));
  qr = loket_test_scan_qr (pdf);
  g_assert_cmpstr (qr, ==, EXPANDED);
}

/* A 58 mm roll (48 mm printable is the narrowest common one, but 58 mm
 * paper on a wide head is not rare), and a longer number. */
static void
test_narrow (void)
{
  g_autofree char *url = loket_ticket_printout_expand_url (STATUS_URL, TOKEN);
  LoketTicketPrintout printout = sample (url);
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;

  printout.number = "A-1234";
  pdf = render (&printout, 58.0, "narrow.pdf");
  check_page (pdf, 58.0, 180);
  text = text_of (pdf);
  g_assert_nonnull (strstr (text, "A-1234"));
  assert_words (text, printout.office_name);
  assert_words (text, printout.service_name);
  assert_words (text, "Service standard: wait at most 30 min, service 15 min");
  qr = loket_test_scan_qr (pdf);
  g_assert_cmpstr (qr, ==, url);
}

/* A long URL needs more modules; they get smaller but must still scan. */
static void
test_long_url (void)
{
  g_autofree char *url = loket_ticket_printout_expand_url ("https://antrian.dukcapil.kotacontoh.go.id/layanan/status"
                                                           "/antrean-hari-ini/tiket?bahasa=id&kode={token}"
                                                           "&sumber=kios-lantai-1",
                                                           "3f9a1c7e5b2d4f608a1e9c3b7d5f2a4c6e8b0d1f");
  LoketTicketPrintout printout = sample (url);
  g_autofree char *pdf = render (&printout, 58.0, "long-url.pdf");
  g_autofree char *qr = loket_test_scan_qr (pdf);

  g_assert_cmpuint (strlen (url), >, 120);
  g_assert_cmpstr (qr, ==, url);
}

/* Names longer than any line wrap onto as many lines as they need. */
static void
test_long_names (void)
{
  LoketTicketPrintout printout = sample (EXPANDED);
  const double widths[] = { LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, 48.0 };
  double regular;

  {
    g_autofree char *pdf = render (&printout, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, "short.pdf");

    regular = check_page (pdf, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, 160);
  }
  printout.office_name = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kepulauan "
                         "Seribu Utara Provinsi Daerah Khusus Ibukota Jakarta Unit Pelayanan "
                         "Terpadu Satu Pintu Kecamatan Pulau Kelapa";
  printout.office_address = "Jl. Pangeran Diponegoro Nomor 123A, Kelurahan Pulau Panggang, "
                            "Kecamatan Kepulauan Seribu Utara, Jakarta 14530";
  printout.service_name = "Penerbitan Surat Keterangan Pindah Warga Negara Indonesia "
                          "antar Kabupaten/Kota dalam satu Provinsi beserta Kartu Keluarga "
                          "dan KTP Elektronik yang baru (termasuk pemutakhiran data)";
  printout.priority_name = "Korban bencana alam atau sosial, termasuk pengungsi dan penyintas";
  printout.values = "Melayani dengan cepat, ramah, jujur, transparan, akuntabel, dan tanpa "
                    "pungutan biaya apa pun sesuai Maklumat Pelayanan";
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *name = g_strdup_printf ("long-%u.pdf", i);
      g_autofree char *pdf = render (&printout, widths[i], name);
      g_autofree char *text = text_of (pdf);
      double h = check_page (pdf, widths[i], 400);

      g_assert_cmpfloat (h, >, regular);
      assert_words (text, printout.office_name);
      assert_words (text, printout.office_address);
      assert_words (text, printout.service_name);
      assert_words (text, printout.priority_name);
      assert_words (text, printout.values);
      g_assert_nonnull (strstr (text, "A-007"));
    }
}

/* The time is the office's, whatever zone the kiosk's clock is set to. */
static void
test_time_zone (void)
{
  LoketTicketPrintout printout = sample (NULL);
  g_autofree char *text = NULL;

  printout.time_zone = "Asia/Makassar";
  text = render_text (&printout, "wita.pdf");
  g_assert_nonnull (strstr (text, "25-11-2026 09:15 WITA"));
}

/* One minute is "minute"; no wait is said so; optional lines go away. */
static void
test_wait_wording (void)
{
  LoketTicketPrintout printout = sample (NULL);
  g_autofree char *one = NULL;
  g_autofree char *none = NULL;

  printout.people_ahead = 1;
  printout.estimated_wait_minutes = 1;
  one = render_text (&printout, "one.pdf");
  g_assert_nonnull (strstr (one, "People ahead: 1"));
  g_assert_nonnull (strstr (one, "Estimated wait: about 1 minute"));
  g_assert_null (strstr (one, "1 minutes"));

  /* A wide spread: the range. */
  {
    g_autofree char *range = NULL;

    printout.people_ahead = 30;
    printout.estimated_wait_minutes = 95;
    printout.estimated_wait_is_range = TRUE;
    printout.estimated_wait_from_minutes = 40;
    range = render_text (&printout, "range.pdf");
    g_assert_nonnull (strstr (range, "Estimated wait: 40–95 minutes"));
    printout.estimated_wait_is_range = FALSE;
  }

  printout.people_ahead = 0;
  printout.estimated_wait_minutes = 0;
  printout.promised_wait_minutes = 0;
  printout.promised_service_minutes = 0;
  printout.office_address = NULL;
  printout.values = NULL;
  none = render_text (&printout, "none.pdf");
  g_assert_nonnull (strstr (none, "People ahead: 0"));
  g_assert_nonnull (strstr (none, "Estimated wait: under a minute"));
  g_assert_null (strstr (none, "Service standard"));
  g_assert_null (strstr (none, "Merdeka"));
  g_assert_null (strstr (none, "Melayani"));
}

static void
assert_refused (const LoketTicketPrintout *printout, double width_mm, const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = loket_ticket_printout_render_pdf (printout, width_mm, &error);

  g_assert_null (pdf);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, what));
}

static void
test_invalid (void)
{
  LoketTicketPrintout p = sample (NULL);
  g_autofree char *huge_url = NULL;
  GString *huge = g_string_new ("https://antrian.example.go.id/");

  assert_refused (NULL, 72, "printout");
  p.office_name = NULL;
  assert_refused (&p, 72, "office_name");
  p = sample (NULL);
  p.service_name = "";
  assert_refused (&p, 72, "service_name");
  p = sample (NULL);
  p.number = NULL;
  assert_refused (&p, 72, "number");
  p = sample (NULL);
  assert_refused (&p, 39.9, "width");
  assert_refused (&p, 120.1, "width");
  assert_refused (&p, NAN, "width");
  assert_refused (&p, -72, "width");
  p.time_zone = "Asia/Nowhere";
  assert_refused (&p, 72, "Asia/Nowhere");

  /* More than a version 40 code holds at level M (2331 bytes). */
  while (huge->len < 3000)
    g_string_append (huge, "abcdefghij");
  huge_url = g_string_free (huge, FALSE);
  p = sample (huge_url);
  assert_refused (&p, 72, "QR");

  /* The edges themselves are fine. */
  p = sample (NULL);
  for (double w = 40; w <= 120; w += 80)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = loket_ticket_printout_render_pdf (&p, w, &error);

      g_assert_no_error (error);
      g_assert_nonnull (pdf);
    }
}

static void
test_expand_url (void)
{
  static const struct {
    const char *template;
    const char *token;
    const char *expected;
  } cases[] = {
    { STATUS_URL, TOKEN, EXPANDED },
    { "https://x.go.id/?t={token}&again={token}", "a_b-c", "https://x.go.id/?t=a_b-c&again=a_b-c" },
    /* Values are escaped; the template is not. */
    { "https://x.go.id/s?q={token}", "A 1/&?#", "https://x.go.id/s?q=A%201%2F%26%3F%23" },
    /* Other placeholders stay as they are (the charter refuses the old ones). */
    { "https://x.go.id/{ticket}/{token}", TOKEN, "https://x.go.id/{ticket}/" TOKEN },
    { "https://x.go.id/{token", TOKEN, "https://x.go.id/{token" },
    { "{}{{token}}", "t", "{}{t}" },
    { "", TOKEN, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = loket_ticket_printout_expand_url (cases[i].template, cases[i].token);

      g_assert_cmpstr (url, ==, cases[i].expected);
    }
  /* No template, or a ticket without a token: no QR code at all. */
  g_assert_null (loket_ticket_printout_expand_url (NULL, TOKEN));
  g_assert_null (loket_ticket_printout_expand_url (STATUS_URL, NULL));
  g_assert_null (loket_ticket_printout_expand_url (STATUS_URL, ""));
}

/* Read by the sanitizers when the test is built with them.  Two leaks
 * that are not ours: GLib 2.74 keeps the old directories each time
 * G_TEST_OPTION_ISOLATE_DIRS sets new ones, and fontconfig's configuration
 * is loaded once per process, in pango's start-up thread, and never
 * freed.  Naming them needs whole stacks: GLib and fontconfig are built
 * without frame pointers. */
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n"
         "leak:FcInitLoadConfigAndFonts\n";
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/ticket-printout/regular", test_regular);
  g_test_add_func ("/ticket-printout/without-qr", test_without_qr);
  g_test_add_func ("/ticket-printout/priority", test_priority);
  g_test_add_func ("/ticket-printout/narrow", test_narrow);
  g_test_add_func ("/ticket-printout/long-url", test_long_url);
  g_test_add_func ("/ticket-printout/long-names", test_long_names);
  g_test_add_func ("/ticket-printout/time-zone", test_time_zone);
  g_test_add_func ("/ticket-printout/wait-wording", test_wait_wording);
  g_test_add_func ("/ticket-printout/invalid", test_invalid);
  g_test_add_func ("/ticket-printout/expand-url", test_expand_url);
  return g_test_run ();
}
