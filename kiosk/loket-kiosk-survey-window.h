/* loket-kiosk-survey-window.h — the kiosk in survey mode (--survey): the
 * satisfaction survey asked after the visit, on a tablet facing the
 * citizen at a counter or at the exit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "loket-kiosk-application.h"

G_BEGIN_DECLS

#define LOKET_TYPE_KIOSK_SURVEY_WINDOW (loket_kiosk_survey_window_get_type ())
G_DECLARE_FINAL_TYPE (LoketKioskSurveyWindow, loket_kiosk_survey_window, LOKET, KIOSK_SURVEY_WINDOW,
                      AdwApplicationWindow)

LoketKioskSurveyWindow *loket_kiosk_survey_window_new (LoketKioskApplication *application);

G_END_DECLS
