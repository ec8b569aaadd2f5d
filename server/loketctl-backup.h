/* loketctl-backup.h — the `backup` and `restore` commands of loketctl,
 * kept in a file of their own (loketctl-backup.c) so that loketctl.c only
 * dispatches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @options: loketctl's parsed options (name → value); @args: the
 * positional arguments, "backup" or "restore" first.  Prints what was
 * done; FALSE with @error otherwise ("usage: …" for a misuse, which
 * loketctl turns into exit status 2). */
gboolean loketctl_backup (GHashTable *options,
                          GPtrArray  *args,
                          gboolean    json,
                          GError    **error);

G_END_DECLS
