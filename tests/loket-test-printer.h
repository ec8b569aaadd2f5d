/* loket-test-printer.h — a real IPP printer for tests: ippeveprinter from
 * cups-ipp-utils on a loopback port, with a private D-Bus bus (it exits
 * without one; see DESIGN.md), keeping every spooled document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LoketTestPrinter LoketTestPrinter;

/* Starts a printer named @name.  @script: NULL, or the body of a shell
 * script that ippeveprinter runs for each job (-c); e.g.
 * "echo 'STATE: +media-empty-error' >&2; exit 1" makes it report paper-out.
 * Returns once the printer answers IPP requests. */
LoketTestPrinter *loket_test_printer_start     (const char  *name,
                                                const char  *script,
                                                GError     **error);
/* "ipp://127.0.0.1:PORT/ipp/print" */
const char       *loket_test_printer_get_uri   (LoketTestPrinter *self);
/* Where the printer keeps each job's document. */
const char       *loket_test_printer_get_spool_dir (LoketTestPrinter *self);
/* The documents spooled so far, oldest first (full paths). */
GPtrArray        *loket_test_printer_list_documents (LoketTestPrinter *self);
/* Waits up to @timeout_ms for at least @count documents. */
gboolean          loket_test_printer_wait_documents (LoketTestPrinter *self,
                                                     guint             count,
                                                     guint             timeout_ms);
/* Stops the printer and its bus (by pid) and removes its files. */
void              loket_test_printer_stop      (LoketTestPrinter *self);

/* The QR code of a printed ticket (@pdf) as zbarimg reads it from a
 * 300 dpi rendering (pdftoppm), or NULL where it finds none. */
char             *loket_test_scan_qr           (const char       *pdf);

G_END_DECLS
