/* test-printer.c — printing through a real IPP printer (ippeveprinter): a
 * ticket that comes out byte for byte, a printer out of paper before and
 * during a job, a printer that is not there, a job that never completes
 * and a kiosk that gives up.  Each case starts its own printer, so that
 * one printer's paper-out does not leak into the next case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-printer.h"
#include "loket-test-printer.h"
#include "loket-test-server.h"

#include <cairo-pdf.h>
#include <cups/cups.h>
#include <string.h>

#define TITLE "Tiket A-007"
/* What ippeveprinter makes of TITLE in its spool file names. */
#define SPOOLED_NAME "1-tiket_a-007.pdf"

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page PDF the size of a thermal ticket (72 × 100 mm); shapes only,
 * so that no font is needed. */
static GBytes *
make_pdf (void)
{
  GByteArray *pdf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_array, pdf, 204, 283);
  cairo_t *cr = cairo_create (surface);

  cairo_rectangle (cr, 20, 20, 164, 60);
  cairo_fill (cr);
  cairo_arc (cr, 102, 180, 40, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (pdf);
}

/* NULL (and the test failed) when ippeveprinter or dbus-daemon is missing. */
static LoketTestPrinter *
start_printer (const char *name,
               const char *script)
{
  g_autoptr(GError) error = NULL;
  LoketTestPrinter *printer = loket_test_printer_start (name, script, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      loket_test_missing ("%s", error->message);
      return NULL;
    }
  g_assert_no_error (error);
  return printer;
}

typedef struct {
  GAsyncResult *result;
  gboolean      done;
} AsyncWait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static gboolean
print_and_wait (LoketPrinter  *printer,
                GBytes        *pdf,
                GError       **error)
{
  AsyncWait wait = { 0 };
  gboolean ok;

  loket_printer_print_async (printer, pdf, TITLE, NULL, on_done, &wait);
  g_assert_true (loket_test_wait_for (&wait.done, 60000));
  ok = loket_printer_print_finish (printer, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

/* Prints and asserts the failure: its code, and the printer's words in
 * its message. */
static void G_GNUC_NULL_TERMINATED
assert_print_fails (LoketPrinter      *printer,
                    GBytes            *pdf,
                    int                code,
                    ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  g_assert_false (print_and_wait (printer, pdf, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, LOKET_PRINTER_ERROR, code);
  va_start (args, code);
  for (const char *words = va_arg (args, const char *); words != NULL; words = va_arg (args, const char *))
    g_assert_nonnull (strstr (error->message, words));
  va_end (args);
}

/* The job's state as the printer tells it, 0 when it does not answer. */
static ipp_jstate_t
job_state (const char *uri,
           int         job_id)
{
  char scheme[32], userpass[64], host[256], resource[256];
  int port;
  http_t *http;
  ipp_t *request, *response;
  ipp_jstate_t state = 0;

  g_assert_cmpint (httpSeparateURI (HTTP_URI_CODING_ALL, uri, scheme, sizeof scheme, userpass, sizeof userpass,
                                    host, sizeof host, &port, resource, sizeof resource), >=, HTTP_URI_STATUS_OK);
  http = httpConnect2 (host, port, NULL, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 5000, NULL);
  if (http == NULL)
    return 0;
  request = ippNewRequest (IPP_OP_GET_JOB_ATTRIBUTES);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  ippAddInteger (request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  response = cupsDoRequest (http, request, resource);
  if (response != NULL)
    state = (ipp_jstate_t) ippGetInteger (ippFindAttribute (response, "job-state", IPP_TAG_ENUM), 0);
  ippDelete (response);
  httpClose (http);
  return state;
}

static gboolean
wait_job_state (const char   *uri,
                int           job_id,
                ipp_jstate_t  wanted,
                guint         timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (job_state (uri, job_id) != wanted)
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (50 * 1000);
    }
  return TRUE;
}

static void
assert_pdfinfo_accepts (const char *path)
{
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  const char *argv[] = { pdfinfo, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (pdfinfo == NULL)
    {
      loket_test_missing ("pdfinfo (poppler-utils) is not installed");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("pdfinfo %s: %s\n%s", path, error->message, err);
  g_assert_nonnull (strstr (out, "Pages:"));
}

/* A ticket goes out and comes in unchanged. */
static void
test_print_completes (void)
{
  LoketTestPrinter *printer = start_printer ("Loket Healthy", NULL);
  g_autoptr(LoketPrinter) lp = NULL;
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GBytes) spooled = NULL;
  g_autoptr(GFile) file = NULL;
  gboolean ok;

  if (printer == NULL)
    return;
  lp = loket_printer_new (loket_test_printer_get_uri (printer));
  g_assert_cmpstr (loket_printer_get_name (lp), ==, loket_test_printer_get_uri (printer));
  ok = print_and_wait (lp, pdf, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  documents = loket_test_printer_list_documents (printer);
  g_assert_cmpuint (documents->len, ==, 1);
  g_assert_true (g_str_has_suffix (documents->pdata[0], "/" SPOOLED_NAME));
  file = g_file_new_for_path (documents->pdata[0]);
  spooled = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (spooled, pdf));
  assert_pdfinfo_accepts (documents->pdata[0]);
  g_assert_cmpint (job_state (loket_test_printer_get_uri (printer), 1), ==, IPP_JSTATE_COMPLETED);
  loket_test_printer_stop (printer);
}

static void
test_state_ok (void)
{
  LoketTestPrinter *printer = start_printer ("Loket Idle", NULL);
  g_autoptr(LoketPrinter) lp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  AsyncWait wait = { 0 };
  LoketPrinterState state;

  if (printer == NULL)
    return;
  lp = loket_printer_new (loket_test_printer_get_uri (printer));
  loket_printer_query_state_async (lp, NULL, on_done, &wait);
  g_assert_true (loket_test_wait_for (&wait.done, 30000));
  state = loket_printer_query_state_finish (lp, wait.result, &reason, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (loket_printer_state_to_string (state), ==, "ok");
  g_assert_null (reason);

  state = loket_printer_query_state (lp, &reason, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, LOKET_PRINTER_STATE_OK);
  g_assert_null (reason);
  loket_test_printer_stop (printer);
}

/* ippeveprinter keeps a reason a job script reports with STATE: until a
 * script takes it back, and gives it the suffix of its own state: -report
 * when idle, -warning while processing, -error only when stopped (which a
 * script cannot make it).  A script that fails aborts its job. */
static void
test_paper_out (void)
{
  LoketTestPrinter *printer = start_printer ("Loket Paper Out",
                                             "echo 'STATE: +media-empty-error' >&2\nexit 1");
  g_autoptr(LoketPrinter) lp = NULL;
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autofree char *reason = NULL;
  LoketPrinterState state;

  if (printer == NULL)
    return;
  lp = loket_printer_new (loket_test_printer_get_uri (printer));
  assert_print_fails (lp, pdf, LOKET_PRINTER_ERROR_MEDIA, "aborted", "media-empty", NULL);
  g_assert_cmpint (job_state (loket_test_printer_get_uri (printer), 1), ==, IPP_JSTATE_ABORTED);

  state = loket_printer_query_state (lp, &reason, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, LOKET_PRINTER_STATE_ERROR);
  g_assert_cmpstr (reason, ==, "media-empty-report");

  /* The next ticket is refused before it is sent: it would wait for paper. */
  assert_print_fails (lp, pdf, LOKET_PRINTER_ERROR_MEDIA, "media-empty-report", NULL);
  documents = loket_test_printer_list_documents (printer);
  g_assert_cmpuint (documents->len, ==, 1);
  loket_test_printer_stop (printer);
}

/* The thermal printer's way: paper runs out and the job just sits in
 * processing; the grace period (3 s), not the timeout, ends it.  The
 * script outlasts the grace period by far, for a busy machine. */
static void
test_paper_out_during_job (void)
{
  LoketTestPrinter *printer = start_printer ("Loket Paper Out Later",
                                             "echo 'STATE: +media-empty-error' >&2\nexec sleep 8");
  g_autoptr(LoketPrinter) lp = NULL;
  g_autoptr(GBytes) pdf = make_pdf ();
  gint64 start;

  if (printer == NULL)
    return;
  lp = loket_printer_new (loket_test_printer_get_uri (printer));
  start = g_get_monotonic_time ();
  assert_print_fails (lp, pdf, LOKET_PRINTER_ERROR_MEDIA, "media-empty-warning", NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  /* ippeveprinter ends a canceled job when its script does. */
  g_assert_true (wait_job_state (loket_test_printer_get_uri (printer), 1, IPP_JSTATE_CANCELED, 20000));
  loket_test_printer_stop (printer);
}

static void
test_unreachable (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(LoketPrinter) lp = NULL;
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *reason = NULL;
  gint64 start;

  /* A port bound but not listening refuses connections. */
  g_assert_true (g_socket_bind (sock, any, FALSE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  uri = g_strdup_printf ("ipp://127.0.0.1:%u/ipp/print",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  lp = loket_printer_new (uri);

  start = g_get_monotonic_time ();
  assert_print_fails (lp, pdf, LOKET_PRINTER_ERROR_UNREACHABLE, "cannot connect", NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  g_assert_cmpint (loket_printer_query_state (lp, &reason, NULL, &error), ==, LOKET_PRINTER_STATE_ERROR);
  g_assert_error (error, LOKET_PRINTER_ERROR, LOKET_PRINTER_ERROR_UNREACHABLE);
  g_assert_null (reason);
}

static void
test_no_such_queue (void)
{
  g_autoptr(LoketPrinter) lp = loket_printer_new ("loket-no-such-queue");
  g_autoptr(GBytes) pdf = make_pdf ();

  assert_print_fails (lp, pdf, LOKET_PRINTER_ERROR_UNREACHABLE, "loket-no-such-queue", NULL);
}

/* A job that does not complete in time is canceled on the printer. */
static void
test_timeout (void)
{
  LoketTestPrinter *printer = start_printer ("Loket Slow", "exec sleep 5");
  g_autoptr(LoketPrinter) lp = NULL;
  g_autoptr(GBytes) pdf = make_pdf ();
  gint64 start;

  if (printer == NULL)
    return;
  lp = loket_printer_new (loket_test_printer_get_uri (printer));
  loket_printer_set_timeout (lp, 2);
  start = g_get_monotonic_time ();
  assert_print_fails (lp, pdf, LOKET_PRINTER_ERROR_TIMEOUT, "not completed within 2 s", "processing", NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  g_assert_true (wait_job_state (loket_test_printer_get_uri (printer), 1, IPP_JSTATE_CANCELED, 20000));
  loket_test_printer_stop (printer);
}

/* The kiosk gives up (the citizen walked away): the job goes too. */
static void
test_cancel (void)
{
  LoketTestPrinter *printer = start_printer ("Loket Canceled", "exec sleep 4");
  g_autoptr(LoketPrinter) lp = NULL;
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };
  gint64 canceled_at;

  if (printer == NULL)
    return;
  lp = loket_printer_new (loket_test_printer_get_uri (printer));
  loket_printer_print_async (lp, pdf, TITLE, cancellable, on_done, &wait);
  g_assert_true (loket_test_printer_wait_documents (printer, 1, 30000));
  g_assert_false (wait.done);
  g_cancellable_cancel (cancellable);
  canceled_at = g_get_monotonic_time ();
  g_assert_true (loket_test_wait_for (&wait.done, 30000));
  g_assert_false (loket_printer_print_finish (lp, wait.result, &error));
  g_object_unref (wait.result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - canceled_at, <, 5 * G_USEC_PER_SEC);
  g_assert_true (wait_job_state (loket_test_printer_get_uri (printer), 1, IPP_JSTATE_CANCELED, 20000));
  loket_test_printer_stop (printer);
}

int
main (int argc, char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/printer/print-completes", test_print_completes);
  g_test_add_func ("/printer/state-ok", test_state_ok);
  g_test_add_func ("/printer/paper-out", test_paper_out);
  g_test_add_func ("/printer/paper-out-during-job", test_paper_out_during_job);
  g_test_add_func ("/printer/unreachable", test_unreachable);
  g_test_add_func ("/printer/no-such-queue", test_no_such_queue);
  g_test_add_func ("/printer/timeout", test_timeout);
  g_test_add_func ("/printer/cancel", test_cancel);

  result = g_test_run ();
  cairo_debug_reset_static_data ();
  return result;
}
