/* loket-report-private.h — what loket-report.c takes from
 * loket-report-reader.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-report.h"

G_BEGIN_DECLS

/* As loket_store_report_tickets(), in the same read transaction, but the
 * store is read on a thread of its own while @func runs on this one. */
G_GNUC_INTERNAL gboolean loket_report_read_tickets (LoketStore            *store,
                                                    const char            *from,
                                                    const char            *to,
                                                    LoketReportTicketFunc  func,
                                                    gpointer               user_data,
                                                    GError               **error);

G_END_DECLS
