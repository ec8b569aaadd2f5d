/* loket-report-compute.h — a LoketReport (report/loket-report.h, plain
 * values) computed from the store and the charter: what loketd answers a
 * REPORT with and what `loketctl report` prints.  The model's library
 * knows nothing of SQLite; this is where the office's record becomes one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-charter.h"
#include "loket-report.h"
#include "loket-store.h"

G_BEGIN_DECLS

/* @from and @to are service days ("YYYY-MM-DD", both included); @lang
 * "id" or "en" picks the charter's names. */
LoketReport *loket_report_compute (LoketStore   *store,
                                   LoketCharter *charter,
                                   const char   *from,
                                   const char   *to,
                                   const char   *lang,
                                   GError      **error);

/* As loket_store_report_tickets(), in the same read transaction, but the
 * store is read on a thread of its own while @func runs on this one. */
G_GNUC_INTERNAL gboolean loket_report_read_tickets (LoketStore             *store,
                                                    const LoketReportCodes *codes,
                                                    const char             *from,
                                                    const char             *to,
                                                    LoketReportTicketFunc   func,
                                                    gpointer                user_data,
                                                    GError                **error);

G_END_DECLS
