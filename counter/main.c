/* main.c — loket-counter: where clerks call and serve citizens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "loket-i18n.h"
#include "loket-counter-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(LoketCounterApplication) app = NULL;

  loket_i18n_init (NULL);
  g_set_application_name ("Loket Counter");
  app = loket_counter_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
