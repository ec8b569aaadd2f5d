/* loketctl-central.h — `loketctl report --central`: the report against
 * the charter over many offices, computed in SQL by the regional
 * PostgreSQL that loket-sync fills (docs/region.md, "Central reports").
 * Built only where libpq is; loketctl without it says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-region-report.h"

G_BEGIN_DECLS

/* @conninfo: a libpq connection string or URI.  @offices: the offices'
 * ids (NULL or empty: every office, or @region's); @region: the offices
 * the centre files under that region (NULL: no filter).  @from and @to:
 * service days, both included.  The report comes ranked.  Errors name
 * what failed in words a person can act on (LOKET_ERROR_INVALID for a
 * period or an office that is wrong, G_IO_ERROR_FAILED for the centre).
 * @explain_queries: each query's plan, run, with its times, to stderr
 * (`--explain`: is an index used, how long did it take). */
LoketRegionReport *loketctl_central_compute (const char         *conninfo,
                                             const char * const *offices,
                                             const char         *region,
                                             const char         *from,
                                             const char         *to,
                                             const char         *lang,
                                             gboolean            explain_queries,
                                             GError            **error);

G_END_DECLS
