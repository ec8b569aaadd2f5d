/* loket-kiosk-window.h — the citizen's side of the kiosk: services, the
 * charter's promise, the priority question, and the ticket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-kiosk-application.h"

G_BEGIN_DECLS

#define LOKET_TYPE_KIOSK_WINDOW (loket_kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (LoketKioskWindow, loket_kiosk_window, LOKET, KIOSK_WINDOW, AdwApplicationWindow)

LoketKioskWindow *loket_kiosk_window_new (LoketKioskApplication *application);

G_END_DECLS
