/* loketctl-complaints.h — `loketctl complaints add|list|show|step|export`:
 * the same acts as the supervisor's view, at a supervisor's key, as
 * COMPLAIN, COMPLAINTS, COMPLAINT and COMPLAINT_STEP requests; export
 * writes a period's complaints as CSV for SP4N-LAPOR! or the Ombudsman.
 * See docs/complaints.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loketctl-survey.h"

G_BEGIN_DECLS

#define LOKETCTL_COMPLAINT_OPTIONS "category", "description", "complainant", "contact", "state"

/* @args: the positional arguments, "complaints" first. */
gboolean loketctl_complaints (GHashTable          *options,
                              GPtrArray           *args,
                              LoketctlRequestFunc  request,
                              gpointer             data,
                              GError             **error);

G_END_DECLS
