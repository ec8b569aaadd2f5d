/* main.c — loket-display: the board that calls citizens to counters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>

#include "loket-i18n.h"
#include "loket-display-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(LoketDisplayApplication) app = NULL;

  loket_i18n_init (NULL);
  gst_init (&argc, &argv);
  g_set_application_name ("Loket Display");
  app = loket_display_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
