/* loketctl-survey.h — `loketctl survey add` and `loketctl survey import`:
 * paper questionnaires entered by staff at a supervisor's key, as SURVEY
 * requests (channel "paper").  See docs/skm.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LOKETCTL_SURVEY_OPTIONS "service", "day", "answers", "sex", "age", "education", "occupation", \
                                "suggestion", "csv"

/* Sends one request to loketd as loketctl was told to (server, key, --by). */
typedef JsonObject *(*LoketctlRequestFunc) (gpointer     data,
                                            const char  *type,
                                            JsonObject  *body,
                                            GError     **error);

/* @args: the positional arguments, "survey" first. */
gboolean loketctl_survey (GHashTable          *options,
                          GPtrArray           *args,
                          LoketctlRequestFunc  request,
                          gpointer             data,
                          GError             **error);

G_END_DECLS
