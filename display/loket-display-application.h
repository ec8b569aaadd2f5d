/* loket-display-application.h — the board process: its configuration,
 * its connection to loketd and its voice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "loket-announcer.h"
#include "loket-client.h"
#include "loket-office-model.h"
#include "loket-subscriber.h"

G_BEGIN_DECLS

#define LOKET_TYPE_DISPLAY_APPLICATION (loket_display_application_get_type ())
G_DECLARE_FINAL_TYPE (LoketDisplayApplication, loket_display_application, LOKET, DISPLAY_APPLICATION,
                      AdwApplication)

LoketDisplayApplication *loket_display_application_new (void);

LoketClient     *loket_display_application_get_client     (LoketDisplayApplication *self);
LoketSubscriber *loket_display_application_get_subscriber (LoketDisplayApplication *self);
LoketAnnouncer  *loket_display_application_get_announcer  (LoketDisplayApplication *self);
/* The office as the subscriber keeps it; the board renders from it. */
LoketOfficeModel *loket_display_application_get_model     (LoketDisplayApplication *self);
/* The services and counters this board shows (--services, --counters);
 * NULL: all. */
const char * const *loket_display_application_get_services (LoketDisplayApplication *self);
const char * const *loket_display_application_get_counters (LoketDisplayApplication *self);

G_END_DECLS
