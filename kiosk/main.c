/* main.c — loket-kiosk: where citizens take their number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "loket-i18n.h"
#include "loket-kiosk-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(LoketKioskApplication) app = NULL;

  loket_i18n_init (NULL);
  g_set_application_name ("Loket Kiosk");
  app = loket_kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
