/* loket-kiosk-application.h — the kiosk process: its configuration, its
 * connection to loketd and its printer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "loket-client.h"
#include "loket-printer.h"
#include "loket-subscriber.h"

G_BEGIN_DECLS

#define LOKET_TYPE_KIOSK_APPLICATION (loket_kiosk_application_get_type ())
G_DECLARE_FINAL_TYPE (LoketKioskApplication, loket_kiosk_application, LOKET, KIOSK_APPLICATION,
                      AdwApplication)

LoketKioskApplication *loket_kiosk_application_new (void);

LoketClient     *loket_kiosk_application_get_client      (LoketKioskApplication *self);
LoketSubscriber *loket_kiosk_application_get_subscriber  (LoketKioskApplication *self);
/* NULL with --no-printer or --print-to. */
LoketPrinter    *loket_kiosk_application_get_printer     (LoketKioskApplication *self);
/* --print-to DIR, or NULL. */
const char      *loket_kiosk_application_get_print_dir   (LoketKioskApplication *self);
double           loket_kiosk_application_get_media_width (LoketKioskApplication *self);
/* Seconds of no touch before a screen returns home; the ticket screen
 * has its own, shorter timeout. */
guint            loket_kiosk_application_get_idle_timeout   (LoketKioskApplication *self);
guint            loket_kiosk_application_get_ticket_timeout (LoketKioskApplication *self);

/* "id" unless --lang or the config say otherwise; each new citizen
 * starts in it. */
const char      *loket_kiosk_application_get_default_language (LoketKioskApplication *self);
/* Survey mode (--survey): the counter the tablet stands at (--counter),
 * or NULL for a tablet at the exit, where the citizen types the number. */
const char      *loket_kiosk_application_get_survey_counter (LoketKioskApplication *self);
/* Asks the printer how it is now and tells the server (after a failure). */
void             loket_kiosk_application_check_printer (LoketKioskApplication *self);

G_END_DECLS
