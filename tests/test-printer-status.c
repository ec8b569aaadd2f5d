/* test-printer-status.c — what the kiosk concludes from a printer's
 * state and reasons, including states the test printer cannot produce:
 * stopped without a reason, not accepting jobs, offline, and the same
 * paper-out under each severity suffix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-printer-private.h"

typedef struct {
  ipp_pstate_t       state;
  gboolean           accepting;
  const char        *reasons;     /* comma-separated, or NULL */
  gboolean           for_new_job;
  LoketPrinterState  verdict;
  const char        *reported;    /* the reasons that matter, or NULL */
  LoketPrinterError  code;        /* checked when the verdict is ERROR */
} Case;

static const Case cases[] = {
  { IPP_PSTATE_IDLE, TRUE, NULL, TRUE, LOKET_PRINTER_STATE_OK, NULL, 0 },
  { IPP_PSTATE_IDLE, TRUE, "none", TRUE, LOKET_PRINTER_STATE_OK, NULL, 0 },
  { IPP_PSTATE_PROCESSING, TRUE, "connecting-to-device,cups-waiting-for-job-completed", TRUE,
    LOKET_PRINTER_STATE_OK, NULL, 0 },
  /* Paper-out is paper-out whatever the suffix (ippeveprinter: -report). */
  { IPP_PSTATE_IDLE, TRUE, "media-empty-report", TRUE, LOKET_PRINTER_STATE_ERROR,
    "media-empty-report", LOKET_PRINTER_ERROR_MEDIA },
  { IPP_PSTATE_PROCESSING, TRUE, "media-empty-warning", FALSE, LOKET_PRINTER_STATE_ERROR,
    "media-empty-warning", LOKET_PRINTER_ERROR_MEDIA },
  { IPP_PSTATE_STOPPED, TRUE, "media-jam-error", TRUE, LOKET_PRINTER_STATE_ERROR,
    "media-jam-error", LOKET_PRINTER_ERROR_MEDIA },
  { IPP_PSTATE_IDLE, TRUE, "door-open", TRUE, LOKET_PRINTER_STATE_ERROR, "door-open",
    LOKET_PRINTER_ERROR_MEDIA },
  /* A keyword that only starts like a blocking one is not one. */
  { IPP_PSTATE_IDLE, TRUE, "media-empty-ish-report", TRUE, LOKET_PRINTER_STATE_WARNING,
    "media-empty-ish-report", 0 },
  { IPP_PSTATE_IDLE, TRUE, "offline-report", TRUE, LOKET_PRINTER_STATE_ERROR, "offline-report",
    LOKET_PRINTER_ERROR_STOPPED },
  /* Paper running low still prints: a warning for the supervisors. */
  { IPP_PSTATE_IDLE, TRUE, "media-low-report", TRUE, LOKET_PRINTER_STATE_WARNING, "media-low-report", 0 },
  { IPP_PSTATE_IDLE, TRUE, "toner-low-warning,none", TRUE, LOKET_PRINTER_STATE_WARNING, "toner-low-warning", 0 },
  /* An unknown -error is an error. */
  { IPP_PSTATE_IDLE, TRUE, "other-error", TRUE, LOKET_PRINTER_STATE_ERROR, "other-error",
    LOKET_PRINTER_ERROR_STOPPED },
  /* Stopped says so alone, often without a reason: the alert names it. */
  { IPP_PSTATE_STOPPED, TRUE, NULL, TRUE, LOKET_PRINTER_STATE_ERROR, "stopped", LOKET_PRINTER_ERROR_STOPPED },
  { IPP_PSTATE_STOPPED, TRUE, "none", FALSE, LOKET_PRINTER_STATE_ERROR, "stopped", LOKET_PRINTER_ERROR_STOPPED },
  /* Not accepting jobs matters for a new job only. */
  { IPP_PSTATE_IDLE, FALSE, NULL, TRUE, LOKET_PRINTER_STATE_ERROR, "not-accepting-jobs",
    LOKET_PRINTER_ERROR_STOPPED },
  { IPP_PSTATE_PROCESSING, FALSE, NULL, FALSE, LOKET_PRINTER_STATE_OK, NULL, 0 },
  /* The first blocking reason decides the error. */
  { IPP_PSTATE_IDLE, TRUE, "media-low-report,offline-report,media-empty-report", TRUE,
    LOKET_PRINTER_STATE_ERROR, "media-low-report,offline-report,media-empty-report",
    LOKET_PRINTER_ERROR_STOPPED },
};

static void
test_judge (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_auto(LoketPrinterStatus) status = { 0 };
      g_autofree char *reported = NULL;
      LoketPrinterError code = 0;
      LoketPrinterState verdict;

      status.state = c->state;
      status.accepting = c->accepting;
      status.reasons = c->reasons ? g_strsplit (c->reasons, ",", -1) : NULL;
      verdict = loket_printer_status_judge (&status, c->for_new_job, &reported, &code);
      g_test_message ("case %u: %s", i, c->reasons ? c->reasons : "(no reasons)");
      g_assert_cmpint (verdict, ==, c->verdict);
      g_assert_cmpstr (reported, ==, c->reported);
      if (verdict == LOKET_PRINTER_STATE_ERROR)
        g_assert_cmpint (code, ==, c->code);
    }
}

static void
test_describe (void)
{
  g_auto(LoketJobStatus) job = { 0 };
  g_auto(LoketPrinterStatus) printer = { 0 };
  g_autofree char *text = NULL;

  job.state = IPP_JSTATE_ABORTED;
  job.reasons = g_strsplit ("aborted-by-system", ",", -1);
  job.message = g_strdup ("Job aborted.");
  printer.state = IPP_PSTATE_IDLE;
  printer.reasons = g_strsplit ("media-empty-report", ",", -1);
  text = loket_printer_status_describe (&job, &printer);
  g_assert_nonnull (strstr (text, "aborted"));
  g_assert_nonnull (strstr (text, "aborted-by-system; Job aborted."));
  g_assert_nonnull (strstr (text, "media-empty-report"));
}

static void
test_state_names (void)
{
  g_assert_cmpstr (loket_printer_state_to_string (LOKET_PRINTER_STATE_OK), ==, "ok");
  g_assert_cmpstr (loket_printer_state_to_string (LOKET_PRINTER_STATE_WARNING), ==, "warning");
  g_assert_cmpstr (loket_printer_state_to_string (LOKET_PRINTER_STATE_ERROR), ==, "error");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/printer-status/judge", test_judge);
  g_test_add_func ("/printer-status/describe", test_describe);
  g_test_add_func ("/printer-status/state-names", test_state_names);
  return g_test_run ();
}
