/* test-kiosk-complaint.c — a complaint at the kiosk, driven directly
 * against a real loketd: about a ticket of today by its number (the
 * facts come from the server), stored as the record says, the receipt
 * printed on a real IPP printer (ippeveprinter) with the receipt number,
 * the deadline, the name and the facts on it and a QR code for the
 * tracking page; anonymous about a service to a print directory; a
 * refusal back to idle in the server's words; no second filing while one
 * is in flight; a receipt whose printer is gone told to the citizen and
 * to loketd (PRINT with the receipt: PRINT_FAILED, an alert for the
 * supervisors), as a ticket's paper is; loketd stopped while one is
 * filed, the same request again until it answers: one complaint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-complaint-receipt.h"
#include "loket-kiosk-complaint.h"
#include "loket-printer.h"
#include "loket-test-printer.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#define WAIT_MS 20000

static LoketTestServer *server;

static gboolean
reported (gpointer data)
{
  return loket_kiosk_complaint_get_print_reported (data);
}

static gboolean
settled (gpointer data)
{
  LoketKioskComplaintState state = loket_kiosk_complaint_get_state (data);

  return state == LOKET_KIOSK_COMPLAINT_DONE || state == LOKET_KIOSK_COMPLAINT_IDLE;
}

static void
on_state (LoketKioskComplaint *complaint, GParamSpec *pspec, gpointer user_data)
{
  GString *states = user_data;

  if (states->len > 0)
    g_string_append_c (states, ' ');
  g_string_append (states, loket_kiosk_complaint_state_to_string (loket_kiosk_complaint_get_state (complaint)));
}

static char *
text_of (const char *pdf)
{
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* How many rows @where (SQL, with "?" for the receipt) finds. */
static gint64
count (const char *query, const char *receipt)
{
  g_auto(GStrv) parts = g_strsplit (query, "?", 2);
  g_autofree char *sql = g_strconcat (parts[0], "'", receipt, "'", parts[1] ? parts[1] : "", NULL);

  return loket_test_server_count (server, sql);
}

/* A ticket taken, then a complaint about it by its number: the receipt
 * from the server (channel kiosk, received by nobody, the device), the
 * row in the store with the ticket and the complainant apart, and the
 * paper out of the printer saying so. */
static void
test_about_ticket_printed (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) services = loket_test_request (client, "SERVICES", NULL);
  g_autoptr(JsonObject) issued = NULL;
  g_autoptr(GError) error = NULL;
  LoketTestPrinter *printer = loket_test_printer_start ("Loket Complaints", NULL, &error);
  g_autoptr(LoketPrinter) lp = NULL;
  g_autoptr(LoketKioskComplaint) complaint = NULL;
  g_autoptr(GString) states = g_string_new (NULL);
  g_autoptr(GPtrArray) documents = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *deadline = NULL;
  const char *number, *receipt_number;
  JsonObject *receipt;

  g_assert_no_error (error);
  issued = loket_test_request (client, "ISSUE", "service", "ktp", NULL);
  number = json_object_get_string_member (json_object_get_object_member (issued, "ticket"), "number");

  lp = loket_printer_new (loket_test_printer_get_uri (printer));
  complaint = loket_kiosk_complaint_new (client, lp, NULL, 72);
  loket_kiosk_complaint_set_office (complaint, services);
  g_signal_connect (complaint, "notify::state", G_CALLBACK (on_state), states);
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_MESSAGE, "complaint PGD-* received");
  g_assert_true (loket_kiosk_complaint_file (complaint, "time", "ktp", number,
                                             "Saya menunggu terlalu lama tanpa kejelasan.",
                                             "Siti Rahmawati", "0812 3456 7890"));
  /* A double tap is not a second complaint. */
  g_assert_false (loket_kiosk_complaint_file (complaint, "time", "ktp", number, "lagi", NULL, NULL));
  g_assert_true (loket_test_wait_until (settled, complaint, WAIT_MS));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (states->str, ==, "filing printing done");
  g_assert_null (loket_kiosk_complaint_get_refusal (complaint));
  g_assert_cmpstr (loket_kiosk_complaint_get_print_state (complaint), ==, "printed");

  receipt = loket_kiosk_complaint_get_receipt (complaint);
  receipt_number = json_object_get_string_member (receipt, "receipt");
  g_assert_true (g_str_has_prefix (receipt_number, "PGD-"));
  g_assert_cmpstr (json_object_get_string_member (receipt, "channel"), ==, "kiosk");
  g_assert_true (json_object_get_null_member (receipt, "received_by"));
  g_assert_cmpstr (json_object_get_string_member (receipt, "received_at_device"), ==, "kiosk1");
  g_assert_cmpstr (json_object_get_string_member (receipt, "name"), ==, "Siti Rahmawati");
  g_assert_cmpint (count ("SELECT COUNT (*) FROM complaints WHERE receipt = ? AND channel = 'kiosk'"
                          " AND ticket IS NOT NULL AND service = 'ktp' AND category = 'time'", receipt_number), ==, 1);
  g_assert_cmpint (count ("SELECT COUNT (*) FROM complaints c JOIN complainants p ON p.complaint = c.id"
                          " WHERE c.receipt = ? AND p.name = 'Siti Rahmawati'", receipt_number), ==, 1);

  /* The paper. */
  g_assert_true (loket_test_printer_wait_documents (printer, 1, WAIT_MS));
  documents = loket_test_printer_list_documents (printer);
  text = text_of (documents->pdata[0]);
  deadline = loket_complaint_receipt_format_day (json_object_get_string_member (receipt, "deadline"));
  g_assert_nonnull (strstr (text, receipt_number));
  g_assert_nonnull (strstr (text, deadline));
  g_assert_nonnull (strstr (text, "Siti Rahmawati"));
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "promised"));
  g_assert_nonnull (strstr (text, "kiosk1"));
  qr = loket_test_scan_qr (documents->pdata[0]);
  g_assert_true (g_str_has_prefix (qr, "https://antrian.example.go.id/c/"));
  g_assert_cmpstr (qr + strlen ("https://antrian.example.go.id/c/"), ==,
                   json_object_get_string_member (receipt, "token"));
  g_assert_cmpstr (qr, ==, loket_kiosk_complaint_get_tracking_url (complaint));
  /* loketd knows the paper came out. */
  g_assert_true (loket_test_wait_until (reported, complaint, WAIT_MS));
  g_assert_cmpint (count ("SELECT COUNT (*) FROM complaints WHERE receipt = ? AND receipt_print = 'printed'",
                          receipt_number), ==, 1);
  g_assert_cmpint (count ("SELECT COUNT (*) FROM events WHERE type = 'PRINTED' AND ticket IS NULL"
                          " AND device = 'kiosk1' AND json_extract (payload, '$.receipt') = ?", receipt_number), ==, 1);
  g_signal_handlers_disconnect_by_data (complaint, states);
  loket_test_printer_stop (printer);
}

/* The printer gone (ippeveprinter stopped): the complaint is stored and
 * its number on the screen with the failure; loketd hears it as a
 * ticket's failed paper (PRINT_FAILED, with the printer's words), keeps
 * it on the complaint (receipt_print), and the supervisors' list says
 * so.  A receipt is printed once, its paper reported once: no reprint, and only a kiosk's. */
static void
test_receipt_print_failed (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) services = loket_test_request (client, "SERVICES", NULL);
  g_autoptr(GError) error = NULL;
  LoketTestPrinter *printer = loket_test_printer_start ("Loket Gone", NULL, &error);
  g_autoptr(LoketPrinter) lp = NULL;
  g_autoptr(LoketKioskComplaint) complaint = NULL;
  g_autoptr(GString) states = g_string_new (NULL);
  g_autoptr(JsonObject) list = NULL;
  JsonArray *rows;
  const char *receipt_number;
  gboolean listed = FALSE;

  g_assert_no_error (error);
  lp = loket_printer_new (loket_test_printer_get_uri (printer));
  loket_test_printer_stop (printer);
  complaint = loket_kiosk_complaint_new (client, lp, NULL, 72);
  loket_kiosk_complaint_set_office (complaint, services);
  g_signal_connect (complaint, "notify::state", G_CALLBACK (on_state), states);
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_MESSAGE, "complaint PGD-* received");
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_WARNING, "receipt PGD-* not printed: *");
  g_assert_true (loket_kiosk_complaint_file (complaint, "cost", "ktp", NULL, "Diminta uang tambahan.",
                                             "Budi", "0812 0000 0000"));
  g_assert_true (loket_test_wait_until (settled, complaint, WAIT_MS));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (states->str, ==, "filing printing done");
  g_assert_cmpstr (loket_kiosk_complaint_get_print_state (complaint), ==, "failed");
  g_assert_nonnull (loket_kiosk_complaint_get_print_reason (complaint));
  receipt_number = json_object_get_string_member (loket_kiosk_complaint_get_receipt (complaint), "receipt");

  g_assert_true (loket_test_wait_until (reported, complaint, WAIT_MS));
  g_assert_cmpint (count ("SELECT COUNT (*) FROM complaints WHERE receipt = ? AND receipt_print = 'failed'",
                          receipt_number), ==, 1);
  g_assert_cmpint (count ("SELECT COUNT (*) FROM events WHERE type = 'PRINT_FAILED' AND ticket IS NULL"
                          " AND device = 'kiosk1' AND json_extract (payload, '$.reason') <> ''"
                          " AND json_extract (payload, '$.receipt') = ?", receipt_number), ==, 1);
  list = loket_test_request (super, "COMPLAINTS", NULL);
  rows = json_object_get_array_member (list, "complaints");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member (row, "receipt"), receipt_number) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (row, "receipt_print"), ==, "failed");
          listed = TRUE;
        }
    }
  g_assert_true (listed);

  /* Printed once, and only at a kiosk. */
  {
    g_autoptr(JsonObject) again = loket_test_body ("receipt", receipt_number, NULL);
    g_autoptr(JsonObject) staff_body = loket_test_body ("service", "ktp", "category", "other",
                                                        "description", "Lewat telepon", NULL);
    g_autoptr(JsonObject) by_staff = loket_client_request (super, "COMPLAIN", staff_body, &error);
    g_autoptr(JsonObject) staff_paper = NULL;
    g_autoptr(JsonObject) refused = NULL;

    g_assert_no_error (error);
    json_object_set_boolean_member (again, "ok", TRUE);
    json_object_set_boolean_member (again, "reprint", TRUE);
    refused = loket_client_request (client, "PRINT", again, &error);
    g_assert_null (refused);
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
    g_clear_error (&error);
    json_object_remove_member (again, "reprint");
    /* Its paper was reported (failed): a later "printed" is refused. */
    refused = loket_client_request (client, "PRINT", again, &error);
    g_assert_null (refused);
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "reported already (failed)"));
    g_clear_error (&error);
    json_object_set_string_member (again, "receipt", json_object_get_string_member (by_staff, "receipt"));
    staff_paper = loket_client_request (client, "PRINT", again, &error);
    g_assert_null (staff_paper);
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "not at a kiosk"));
  }
  g_signal_handlers_disconnect_by_data (complaint, states);
}

/* Anonymous, about a service: "Anonymous" on the paper, no complainant
 * row; then reset for the next citizen. */
static void
test_anonymous_to_directory (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) services = loket_test_request (client, "SERVICES", NULL);
  g_autofree char *dir = g_dir_make_tmp ("loket-complaint-XXXXXX", NULL);
  g_autoptr(LoketKioskComplaint) complaint = loket_kiosk_complaint_new (client, NULL, dir, 72);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  const char *receipt_number;

  loket_kiosk_complaint_set_office (complaint, services);
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_MESSAGE, "complaint PGD-* received");
  g_assert_true (loket_kiosk_complaint_file (complaint, "facilities", "ktp", "",
                                             "Toilet tidak bisa dipakai.", "  ", NULL));
  g_assert_true (loket_test_wait_until (settled, complaint, WAIT_MS));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (loket_kiosk_complaint_get_print_state (complaint), ==, "printed");
  receipt_number = json_object_get_string_member (loket_kiosk_complaint_get_receipt (complaint), "receipt");
  name = g_strdup_printf ("%s.pdf", receipt_number);
  path = g_build_filename (dir, name, NULL);
  text = text_of (path);
  g_assert_nonnull (strstr (text, "Anonymous"));
  g_assert_nonnull (strstr (text, receipt_number));
  g_assert_cmpint (count ("SELECT COUNT (*) FROM complaints c JOIN complainants p ON p.complaint = c.id"
                          " WHERE c.receipt = ?", receipt_number), ==, 0);
  g_assert_cmpint (count ("SELECT COUNT (*) FROM complaints WHERE receipt = ? AND ticket IS NULL",
                          receipt_number), ==, 1);
  loket_kiosk_complaint_reset (complaint);
  g_assert_cmpint (loket_kiosk_complaint_get_state (complaint), ==, LOKET_KIOSK_COMPLAINT_IDLE);
  g_assert_null (loket_kiosk_complaint_get_receipt (complaint));
  loket_test_remove_tree (dir);
}

/* A ticket number that is not today's: back to idle with the server's
 * words, nothing stored, nothing printed. */
static void
test_refused (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) services = loket_test_request (client, "SERVICES", NULL);
  g_autoptr(LoketKioskComplaint) complaint = loket_kiosk_complaint_new (client, NULL, NULL, 72);
  gint64 before = loket_test_server_count (server, "SELECT COUNT (*) FROM complaints");

  loket_kiosk_complaint_set_office (complaint, services);
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_MESSAGE, "complaint refused: *");
  g_assert_true (loket_kiosk_complaint_file (complaint, "time", NULL, "Z-999", "Lama sekali.", NULL, NULL));
  g_assert_true (loket_test_wait_until (settled, complaint, WAIT_MS));
  g_test_assert_expected_messages ();
  g_assert_cmpint (loket_kiosk_complaint_get_state (complaint), ==, LOKET_KIOSK_COMPLAINT_IDLE);
  g_assert_nonnull (loket_kiosk_complaint_get_refusal (complaint));
  g_assert_null (loket_kiosk_complaint_get_receipt (complaint));
  g_assert_cmpint (loket_test_server_count (server, "SELECT COUNT (*) FROM complaints"), ==, before);
}

static gboolean
retried (gpointer data)
{
  return loket_kiosk_complaint_get_attempts (data) >= 2;
}

/* loketd stopped (SIGSTOP) while a complaint is filed: after each
 * timeout the same request goes again under the same id
 * (LoketKioskCall), and once loketd runs again the complaint is stored
 * once — the replies to the earlier sends are the stored one. */
static void
test_lost_reply (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) services = loket_test_request (client, "SERVICES", NULL);
  g_autoptr(LoketKioskComplaint) complaint = loket_kiosk_complaint_new (client, NULL, NULL, 72);
  gint64 before = loket_test_server_count (server, "SELECT COUNT (*) FROM complaints");

  /* Each attempt gives up after 300 ms, sending again every 100 ms. */
  loket_client_set_timeout (client, 300, 100);
  loket_kiosk_complaint_set_office (complaint, services);
  loket_test_server_signal (server, SIGSTOP);
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_MESSAGE, "complaint PGD-* received");
  g_assert_true (loket_kiosk_complaint_file (complaint, "procedure", "ktp", NULL, "Formulir tidak tersedia.",
                                             NULL, "pelapor@contoh.example"));
  g_assert_true (loket_test_wait_until (retried, complaint, WAIT_MS));
  g_assert_cmpint (loket_kiosk_complaint_get_state (complaint), ==, LOKET_KIOSK_COMPLAINT_FILING);
  loket_test_server_signal (server, SIGCONT);
  g_assert_true (loket_test_wait_until (settled, complaint, WAIT_MS));
  g_test_assert_expected_messages ();
  g_assert_cmpint (loket_kiosk_complaint_get_state (complaint), ==, LOKET_KIOSK_COMPLAINT_DONE);
  g_assert_cmpint (loket_test_server_count (server, "SELECT COUNT (*) FROM complaints"), ==, before + 1);
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
  return "leak:FcInitLoadConfigAndFonts\n";
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  g_test_add_func ("/kiosk-complaint/about-ticket-printed", test_about_ticket_printed);
  g_test_add_func ("/kiosk-complaint/anonymous-to-directory", test_anonymous_to_directory);
  g_test_add_func ("/kiosk-complaint/refused", test_refused);
  g_test_add_func ("/kiosk-complaint/receipt-print-failed", test_receipt_print_failed);
  g_test_add_func ("/kiosk-complaint/lost-reply", test_lost_reply);
  return loket_test_run_with_server (server);
}
