/* loket-counter-application.h — the counter app's process: its settings
 * and its connection to loketd.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "loket-client.h"
#include "loket-office-model.h"
#include "loket-subscriber.h"

G_BEGIN_DECLS

#define LOKET_TYPE_COUNTER_APPLICATION (loket_counter_application_get_type ())
G_DECLARE_FINAL_TYPE (LoketCounterApplication, loket_counter_application, LOKET, COUNTER_APPLICATION,
                      AdwApplication)

LoketCounterApplication *loket_counter_application_new (void);

LoketClient     *loket_counter_application_get_client     (LoketCounterApplication *self);
LoketSubscriber *loket_counter_application_get_subscriber (LoketCounterApplication *self);
/* The office as the subscriber keeps it; both windows render from it. */
LoketOfficeModel *loket_counter_application_get_model    (LoketCounterApplication *self);
/* The counter this PC is set up for (--counter, Counter=), or NULL: the
 * clerk chooses at login. */
const char      *loket_counter_application_get_counter    (LoketCounterApplication *self);

G_END_DECLS
