/* loket-printer-status.c — what a printer's state and reasons mean for a
 * ticket: the judgement behind every print and every device status, kept
 * apart from the IPP plumbing so that it can be tested on its own with
 * states a test printer cannot produce (stopped, not accepting, offline).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-printer-private.h"

#include <string.h>

/* Conditions in which no ticket comes out, whatever suffix they carry. */
static const struct {
  const char        *keyword;
  LoketPrinterError  code;
} blocking_reasons[] = {
  { "media-empty", LOKET_PRINTER_ERROR_MEDIA },
  { "media-needed", LOKET_PRINTER_ERROR_MEDIA },
  { "media-jam", LOKET_PRINTER_ERROR_MEDIA },
  { "door-open", LOKET_PRINTER_ERROR_MEDIA },
  { "cover-open", LOKET_PRINTER_ERROR_MEDIA },
  { "input-tray-missing", LOKET_PRINTER_ERROR_MEDIA },
  { "output-area-full", LOKET_PRINTER_ERROR_MEDIA },
  { "marker-supply-empty", LOKET_PRINTER_ERROR_MEDIA },
  { "toner-empty", LOKET_PRINTER_ERROR_MEDIA },
  { "offline", LOKET_PRINTER_ERROR_STOPPED },
  { "paused", LOKET_PRINTER_ERROR_STOPPED },
  { "shutdown", LOKET_PRINTER_ERROR_STOPPED },
  { "spool-area-full", LOKET_PRINTER_ERROR_STOPPED },
};

/* Reasons that describe ordinary work (CUPS queues report these during
 * every job), not a condition anyone should be alerted to. */
static const char * const routine_reasons[] = {
  "none",
  "connecting-to-device",
  "cups-waiting-for-job-completed",
  "identify-printer-requested",
  NULL
};

void
loket_printer_status_clear (LoketPrinterStatus *status)
{
  g_clear_pointer (&status->reasons, g_strfreev);
  g_clear_pointer (&status->message, g_free);
}

void
loket_job_status_clear (LoketJobStatus *status)
{
  g_clear_pointer (&status->reasons, g_strfreev);
  g_clear_pointer (&status->message, g_free);
}

static gboolean
blocking_reason (const char        *reason,
                 LoketPrinterError *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (blocking_reasons); i++)
    {
      const char *keyword = blocking_reasons[i].keyword;
      gsize len = strlen (keyword);

      if (strncmp (reason, keyword, len) == 0 &&
          (reason[len] == '\0' || g_str_equal (reason + len, "-error") ||
           g_str_equal (reason + len, "-warning") || g_str_equal (reason + len, "-report")))
        {
          *code = blocking_reasons[i].code;
          return TRUE;
        }
    }
  return FALSE;
}

/* What the printer's status means for a ticket.  @for_new_job: whether
 * not accepting jobs matters (it does not for a job already queued).
 * @reasons_out: the reasons that matter, comma-separated, or NULL when
 * there are none; @code: the error a failure should carry.  Unknown
 * reasons without -error count as warnings: the job's own outcome is the
 * final word, and refusing to print on a keyword we do not know would
 * leave citizens without tickets for nothing. */
LoketPrinterState
loket_printer_status_judge (const LoketPrinterStatus *status,
                      gboolean             for_new_job,
                      char               **reasons_out,
                      LoketPrinterError   *code)
{
  g_autoptr(GString) reasons = g_string_new (NULL);
  LoketPrinterState verdict = LOKET_PRINTER_STATE_OK;
  gboolean have_code = FALSE;

  *code = LOKET_PRINTER_ERROR_STOPPED;
  for (guint i = 0; status->reasons != NULL && status->reasons[i] != NULL; i++)
    {
      const char *reason = status->reasons[i];
      LoketPrinterError reason_code;

      if (g_strv_contains (routine_reasons, reason))
        continue;
      g_string_append_printf (reasons, "%s%s", reasons->len > 0 ? "," : "", reason);
      if (blocking_reason (reason, &reason_code))
        {
          verdict = LOKET_PRINTER_STATE_ERROR;
          if (!have_code)
            *code = reason_code;
          have_code = TRUE;
        }
      else if (g_str_has_suffix (reason, "-error"))
        verdict = LOKET_PRINTER_STATE_ERROR;
      else
        verdict = MAX (verdict, LOKET_PRINTER_STATE_WARNING);
    }

  /* A stopped printer says so with printer-state alone, often without a
   * reason; name the state so that the alert is never empty. */
  if (status->state == IPP_PSTATE_STOPPED)
    {
      verdict = LOKET_PRINTER_STATE_ERROR;
      if (reasons->len == 0)
        g_string_append (reasons, "stopped");
    }
  if (for_new_job && !status->accepting)
    {
      verdict = LOKET_PRINTER_STATE_ERROR;
      g_string_append_printf (reasons, "%s%s", reasons->len > 0 ? "," : "", "not-accepting-jobs");
    }

  *reasons_out = reasons->len > 0 ? g_string_free (g_steal_pointer (&reasons), FALSE) : NULL;
  return verdict;
}

/* "processing (job-printing; Printing.), printer: idle, media-empty-report" */
char *
loket_printer_status_describe (const LoketJobStatus     *job,
          const LoketPrinterStatus *printer)
{
  g_autoptr(GString) text = g_string_new (ippEnumString ("job-state", (int) job->state));
  g_autofree char *job_reasons = job->reasons ? g_strjoinv (",", job->reasons) : NULL;
  g_autofree char *printer_reasons = printer->reasons ? g_strjoinv (",", printer->reasons) : NULL;

  if (job_reasons != NULL && job_reasons[0] != '\0')
    g_string_append_printf (text, " (%s%s%s)", job_reasons,
                            job->message ? "; " : "", job->message ? job->message : "");
  if (printer->state != 0)
    g_string_append_printf (text, ", printer %s: %s%s%s",
                            ippEnumString ("printer-state", (int) printer->state),
                            printer_reasons ? printer_reasons : "none",
                            printer->message ? "; " : "", printer->message ? printer->message : "");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

