/* loket-printer-private.h — what loket-printer.c and its judgement of the
 * printer's state (loket-printer-status.c) share; the tests use it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cups/cups.h>

#include "loket-printer.h"

G_BEGIN_DECLS

typedef struct {
  ipp_pstate_t  state;
  gboolean      accepting;
  GStrv         reasons;    /* printer-state-reasons, as sent */
  char         *message;    /* printer-state-message, or NULL */
} LoketPrinterStatus;
typedef struct {
  ipp_jstate_t  state;
  GStrv         reasons;    /* job-state-reasons */
  char         *message;    /* job-printer-state-message or job-state-message */
} LoketJobStatus;

void loket_printer_status_clear (LoketPrinterStatus *status);
void loket_job_status_clear     (LoketJobStatus     *status);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoketPrinterStatus, loket_printer_status_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoketJobStatus, loket_job_status_clear)

/* What the printer's status means for a ticket.  @for_new_job: whether
 * not accepting jobs matters.  @reasons_out: the reasons that matter,
 * comma-separated, or NULL; @code: the error a failure should carry. */
LoketPrinterState loket_printer_status_judge    (const LoketPrinterStatus *status,
                                                 gboolean                  for_new_job,
                                                 char                    **reasons_out,
                                                 LoketPrinterError        *code);
/* "processing (job-printing; Printing.), printer idle: media-empty-report" */
char             *loket_printer_status_describe (const LoketJobStatus     *job,
                                                 const LoketPrinterStatus *printer);

G_END_DECLS
