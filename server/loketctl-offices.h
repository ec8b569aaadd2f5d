/* loketctl-offices.h — `loketctl offices`: the offices the regional
 * centre knows (their region, how far their history has come, when they
 * last shipped, a refusal), and filing them under a region — what a
 * region's administrator would otherwise do with psql.  See
 * docs/region.md, "The offices at the centre".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The option names `offices` takes beyond report's (--central, --office,
 * --region), for loketctl's parser. */
#define LOKETCTL_OFFICES_OPTIONS "set-region"

/* @options: option name → value; @args: the positional arguments, the
 * command ("offices") first; @json: the list as JSON.  Usage errors are
 * LOKET_ERROR_INVALID with a message that starts with "usage:". */
gboolean loketctl_offices (GHashTable *options,
                           GPtrArray  *args,
                           gboolean    json,
                           GError    **error);

G_END_DECLS
