/* loket-counter-window.h — the clerk's screen: log in, then call, serve,
 * recall, transfer and pause at one counter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "loket-counter-application.h"

G_BEGIN_DECLS

#define LOKET_TYPE_COUNTER_WINDOW (loket_counter_window_get_type ())
G_DECLARE_FINAL_TYPE (LoketCounterWindow, loket_counter_window, LOKET, COUNTER_WINDOW, AdwApplicationWindow)

LoketCounterWindow *loket_counter_window_new (LoketCounterApplication *application);

G_END_DECLS
