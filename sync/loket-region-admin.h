/* loket-region-admin.h — what the region's administrator changes at the
 * centre: the region an office is filed under (`offices.region`), by
 * which `loketctl report --central --region` chooses.  It is the centre's
 * to say, never an office's: a loket-sync never writes it, and the
 * offices' keys to the centre need not be allowed to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Files @offices (NULL-ended ids, at least one) under @region (NULL: under
 * none) at the centre @conninfo, all of them or none: an id the centre
 * does not know is an error naming it, and nothing changes.  Errors are
 * LOKET_ERROR_INVALID for an unknown office, G_IO_ERROR_FAILED with
 * PostgreSQL's own words for the centre. */
gboolean loket_region_file_offices (const char         *conninfo,
                                    const char * const *offices,
                                    const char         *region,
                                    GError            **error);

G_END_DECLS
