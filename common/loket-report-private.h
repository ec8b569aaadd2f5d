/* loket-report-private.h — what the report's files share: the threaded
 * reader (loket-report-reader.c) and the lookup of an enum's name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-report.h"

G_BEGIN_DECLS

/* As loket_store_report_tickets(), in the same read transaction, but the
 * store is read on a thread of its own while @func runs on this one. */
G_GNUC_INTERNAL gboolean loket_report_read_tickets (LoketStore             *store,
                                                    const LoketReportCodes *codes,
                                                    const char             *from,
                                                    const char             *to,
                                                    LoketReportTicketFunc   func,
                                                    gpointer                user_data,
                                                    GError                **error);

/* The index of @text in @names; FALSE if it is none of them. */
G_GNUC_INTERNAL gboolean loket_report_name_index   (const char * const *names,
                                                    guint               n_names,
                                                    const char         *text,
                                                    guint              *index);

G_END_DECLS
