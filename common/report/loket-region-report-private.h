/* loket-region-report-private.h — what the regional report's text and
 * CSV (loket-region-report.c) share with its PDF
 * (loket-region-report-pdf.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-region-report.h"

G_BEGIN_DECLS

/* Under the complaints table, in the text and the PDF alike. */
#define LOKET_REGION_COMPLAINTS_NOTE \
  N_("Complaints received in the period, counted as each office counts them: the share answered by " \
     "the deadline is of those answered, as the office's public page shows it; working days by the " \
     "office's own calendar.")

/* The period as the office's report writes it. */
G_GNUC_INTERNAL char             *loket_region_report_period       (const LoketRegionReport *report);
/* "Region Priangan", or "3 offices" for a list of them. */
G_GNUC_INTERNAL char             *loket_region_report_scope        (const LoketRegionReport *report);
/* One office's services, as its own report's service summary, titled
 * with its rank and id. */
G_GNUC_INTERNAL LoketReportTable *loket_region_report_office_table (const LoketRegionOffice *office);

G_END_DECLS
