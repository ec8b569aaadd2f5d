/* loket-display-window.h — the board in the hall: who is called where.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-display-application.h"

G_BEGIN_DECLS

#define LOKET_TYPE_DISPLAY_WINDOW (loket_display_window_get_type ())
G_DECLARE_FINAL_TYPE (LoketDisplayWindow, loket_display_window, LOKET, DISPLAY_WINDOW, AdwApplicationWindow)

LoketDisplayWindow *loket_display_window_new (LoketDisplayApplication *application);

G_END_DECLS
