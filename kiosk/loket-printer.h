/* loket-printer.h — a ticket printer reached through libcups' destination
 * API, with every print job followed until the printer says it is done.
 *
 * A kiosk must never let a ticket silently count as printed: a job ends
 * in success only when IPP reports it completed.  A stopped printer,
 * printer-state-reasons such as media-empty or media-jam, an aborted or
 * canceled job, or no completion within the timeout all end in an error
 * whose message is the printer's own reason, for the citizen's screen and
 * the supervisors' alert.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LOKET_PRINTER_ERROR (loket_printer_error_quark ())

typedef enum {
  LOKET_PRINTER_ERROR_UNREACHABLE,   /* no such destination, or no connection */
  LOKET_PRINTER_ERROR_STOPPED,       /* the printer is stopped or not accepting jobs */
  LOKET_PRINTER_ERROR_MEDIA,         /* media-empty, media-jam, door open, … */
  LOKET_PRINTER_ERROR_JOB_FAILED,    /* the job was aborted or canceled */
  LOKET_PRINTER_ERROR_TIMEOUT,       /* no completion in time */
} LoketPrinterError;

GQuark loket_printer_error_quark (void);

typedef enum {
  LOKET_PRINTER_STATE_OK,
  LOKET_PRINTER_STATE_WARNING,       /* printing, but e.g. media-low */
  LOKET_PRINTER_STATE_ERROR,         /* printing would fail */
} LoketPrinterState;

/* "ok", "warning", "error" — as sent to the server. */
const char *loket_printer_state_to_string (LoketPrinterState state);

#define LOKET_TYPE_PRINTER (loket_printer_get_type ())
G_DECLARE_FINAL_TYPE (LoketPrinter, loket_printer, LOKET, PRINTER, GObject)

/* @name: a CUPS destination's name (as in `lpstat -e`), or a printer URI
 * such as "ipp://127.0.0.1:8631/ipp/print" for a printer that is not a
 * CUPS queue. */
LoketPrinter      *loket_printer_new              (const char *name);
const char        *loket_printer_get_name         (LoketPrinter *self);
/* How long a job may take to complete (default 30 s). */
void               loket_printer_set_timeout      (LoketPrinter *self,
                                                   guint         seconds);

/* Prints @document (a PDF) as a job named @title and follows it until it
 * completes.  Runs in a worker thread. */
void               loket_printer_print_async      (LoketPrinter        *self,
                                                   GBytes              *document,
                                                   const char          *title,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean           loket_printer_print_finish     (LoketPrinter  *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

/* Asks the printer for printer-state and printer-state-reasons.  @reason
 * gets the reasons that matter ("media-empty-error"), or NULL when all is
 * well.  Blocking: call it from a thread, or use the async form. */
LoketPrinterState  loket_printer_query_state      (LoketPrinter  *self,
                                                   char         **reason,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
void               loket_printer_query_state_async  (LoketPrinter        *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
LoketPrinterState  loket_printer_query_state_finish (LoketPrinter  *self,
                                                     GAsyncResult  *result,
                                                     char         **reason,
                                                     GError       **error);

G_END_DECLS
