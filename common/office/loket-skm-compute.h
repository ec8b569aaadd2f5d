/* loket-skm-compute.h — the satisfaction survey's report over a period,
 * read from the store (loket-skm-report.h has the model).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-charter.h"
#include "loket-skm-report.h"
#include "loket-store.h"

G_BEGIN_DECLS

/* The survey's figures for the service days @from … @to (both included):
 * per element the sums and counts of the period's answers (SQL SUM and
 * COUNT, grouped by service and channel and added up — never an average
 * of averages), the citizens served (finished tickets) for the sample
 * size, the profiles and the suggestions, read in one transaction.
 * Services are named and ordered by @charter. */
LoketSkmReport *loket_skm_report_compute (LoketStore   *store,
                                          LoketCharter *charter,
                                          const char   *from,
                                          const char   *to,
                                          const char   *lang,
                                          GError      **error);

G_END_DECLS
