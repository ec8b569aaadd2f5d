/* loketctl-report.h — `loketctl report`: a supervisor's report against
 * the charter over a period, read from the database file (no server
 * needed) and written as text, CSV or PDF.  See docs/reports.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The option names `report` takes, for loketctl's parser. */
#define LOKETCTL_REPORT_OPTIONS "from", "to", "by", "format", "lang", "charter", "output", \
  "central", "office", "region"

/* @options: option name → value; @args: the positional arguments, the
 * command ("report") first.  Usage errors are LOKET_ERROR_INVALID with a
 * message that starts with "usage:". */
gboolean loketctl_report (GHashTable *options,
                          GPtrArray  *args,
                          GError    **error);

G_END_DECLS
