/* loket-supervisor-window.h — the supervisor's screen: every counter live,
 * the waits per service against the charter, alerts, and the supervisor's
 * acts (void a ticket, change a counter's services).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "loket-counter-application.h"

G_BEGIN_DECLS

#define LOKET_TYPE_SUPERVISOR_WINDOW (loket_supervisor_window_get_type ())
G_DECLARE_FINAL_TYPE (LoketSupervisorWindow, loket_supervisor_window, LOKET, SUPERVISOR_WINDOW, AdwApplicationWindow)

LoketSupervisorWindow *loket_supervisor_window_new (LoketCounterApplication *application);

G_END_DECLS
