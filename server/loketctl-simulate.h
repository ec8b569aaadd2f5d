/* loketctl-simulate.h — the `simulate` command of loketctl, kept in a file
 * of its own (loketctl-simulate.c) so that loketctl.c only dispatches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @options: loketctl's parsed options (name → value; a repeated --policy
 * arrives comma-joined); @args: the positional arguments, "simulate"
 * first.  Prints the results; FALSE with @error otherwise ("usage: …"
 * for a misuse, which loketctl turns into exit status 2). */
gboolean loketctl_simulate (GHashTable *options,
                            GPtrArray  *args,
                            gboolean    json,
                            GError    **error);

G_END_DECLS
