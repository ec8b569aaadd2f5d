/* test-complaint-receipt.c — the kiosk's printed complaint receipt,
 * checked as the ticket is (test-ticket-printout.c): pdftotext for what it
 * says, pdftoppm + zbarimg for a QR code a phone reads, and the tracking
 * link derived from the charter's StatusUrl.  A missing tool fails.
 * With LOKET_SCREENSHOT_DIR set the receipt is also written there as
 * complaint-receipt.pdf (docs/screenshots/complaint-receipt.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-complaint-receipt.h"
#include "loket-ticket-printout.h"
#include "loket-error.h"

#include "loket-test-printer.h"

#include <glib/gstdio.h>

#include <string.h>

#define STATUS_URL "https://antrian.example.go.id/t/{token}"
#define TOKEN      "q3Vt9xZb1LmN0pRs2TuVwA"
#define TRACKING   "https://antrian.example.go.id/c/" TOKEN

/* 2026-11-25 01:15:00 UTC, 08:15 in Jakarta (UTC+7). */
#define RECEIVED_AT ((gint64) 1795569300 * G_USEC_PER_SEC)

static LoketComplaintReceipt
sample (const char *url)
{
  return (LoketComplaintReceipt) {
    .office_name = "Dinas Kependudukan dan Pencatatan Sipil Kota Contoh",
    .office_address = "Jl. Merdeka No. 17, Kota Contoh, Jawa Tengah 50123",
    .receipt = "PGD-2026-000123",
    .received_at = RECEIVED_AT,
    .time_zone = "Asia/Jakarta",
    .device = "kiosk-lobby",
    .service_name = "KTP Elektronik",
    .category = "Time (waiting, service)",
    .ticket_number = "A-007",
    .waited_minutes = 52,
    .promised_minutes = 30,
    .deadline = "2026-12-15",
    .complainant = "Pelapor Contoh",
    .tracking_url = url,
  };
}

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
  g_test_message ("%s failed: %s", argv[0], err);
  return 1;
}

static char *
render (const LoketComplaintReceipt *receipt, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = loket_complaint_receipt_render_pdf (receipt, LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM, &error);
  const char *dir = g_get_user_cache_dir ();
  const char *shots = g_getenv ("LOKET_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 4, "%PDF", 4);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  if (shots != NULL && g_str_equal (name, "regular.pdf"))
    {
      g_autofree char *copy = g_build_filename (shots, "complaint-receipt.pdf", NULL);

      g_file_set_contents (copy, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&path);
}

static char *
text_of (const char *pdf)
{
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  char *out = NULL;

  g_assert_cmpint (run (argv, &out), ==, 0);
  return out;
}

/* Every word of @phrase is somewhere in @text (wrapping splits lines). */
static void
assert_words (const char *text, const char *phrase)
{
  g_auto(GStrv) words = g_strsplit (phrase, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (text, words[i]) == NULL)
      g_error ("“%s” is missing from the receipt:\n%s", words[i], text);
}

static void
test_regular (void)
{
  g_autofree char *url = loket_complaint_receipt_tracking_url (STATUS_URL, TOKEN);
  LoketComplaintReceipt receipt = sample (url);
  g_autofree char *pdf = render (&receipt, "regular.pdf");
  g_autofree char *text = text_of (pdf);
  g_autofree char *qr = loket_test_scan_qr (pdf);

  g_assert_cmpstr (url, ==, TRACKING);
  g_assert_nonnull (strstr (text, "COMPLAINT RECEIPT"));
  g_assert_nonnull (strstr (text, "PGD-2026-000123"));
  g_assert_nonnull (strstr (text, "25-11-2026 08:15 WIB"));
  g_assert_nonnull (strstr (text, "kiosk-lobby"));
  assert_words (text, "Received by: Kiosk (self-service)");
  assert_words (text, "Time (waiting, service)");
  assert_words (text, "Ticket A-007: waited 52 of the 30 promised minutes");
  assert_words (text, "Complainant: Pelapor Contoh");
  assert_words (text, "Answered by 15-12-2026 at the latest");
  assert_words (text, receipt.office_name);
  g_assert_cmpstr (qr, ==, TRACKING);
}

/* Anonymous, about a service, no ticket: no facts, "Anonymous". */
static void
test_anonymous (void)
{
  LoketComplaintReceipt receipt = sample (NULL);
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;

  receipt.complainant = NULL;
  receipt.ticket_number = NULL;
  pdf = render (&receipt, "anonymous.pdf");
  text = text_of (pdf);
  qr = loket_test_scan_qr (pdf);
  g_assert_nonnull (strstr (text, "Complainant: Anonymous"));
  g_assert_null (strstr (text, "Siti"));
  g_assert_null (strstr (text, "A-007"));
  g_assert_null (strstr (text, "Scan to follow"));
  g_assert_null (qr);
}

static void
test_tracking_url (void)
{
  struct { const char *status_url, *token, *expected; } cases[] = {
    { STATUS_URL, TOKEN, TRACKING },
    { "http://10.0.0.5:8080/t/{token}?lang=id", "abc", "http://10.0.0.5:8080/c/abc?lang=id" },
    { "https://antrian.example.go.id/status?t={token}", "abc", "https://antrian.example.go.id/c/abc" },
    { "https://antrian.example.go.id:8443/x/{token}", "a b", "https://antrian.example.go.id:8443/c/a%20b" },
    { "no url at all {token}", "abc", NULL },
    { NULL, "abc", NULL },
    { STATUS_URL, "", NULL },
    { STATUS_URL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = loket_complaint_receipt_tracking_url (cases[i].status_url, cases[i].token);

      g_assert_cmpstr (url, ==, cases[i].expected);
    }
}

static void
test_invalid (void)
{
  LoketComplaintReceipt receipt = sample (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *day = loket_complaint_receipt_format_day ("2026-02-30");

  g_assert_null (day);
  receipt.deadline = "soon";
  pdf = loket_complaint_receipt_render_pdf (&receipt, 72.0, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "deadline"));
  g_assert_null (pdf);
  g_clear_error (&error);
  receipt = sample (NULL);
  receipt.receipt = NULL;
  pdf = loket_complaint_receipt_render_pdf (&receipt, 72.0, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_null (pdf);
}

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
  g_test_add_func ("/complaint-receipt/regular", test_regular);
  g_test_add_func ("/complaint-receipt/anonymous", test_anonymous);
  g_test_add_func ("/complaint-receipt/tracking-url", test_tracking_url);
  g_test_add_func ("/complaint-receipt/invalid", test_invalid);
  return g_test_run ();
}
