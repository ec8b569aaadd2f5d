/* loket-staff.c — the staff roles' names, as the protocol, the store and
 * loketctl write them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-staff.h"

const char * const loket_staff_role_names[] = { "clerk", "supervisor", "head", NULL };

static const LoketStaffRole roles[] = { LOKET_STAFF_CLERK, LOKET_STAFF_SUPERVISOR, LOKET_STAFF_HEAD };

const char *
loket_staff_role_to_string (LoketStaffRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i] == role)
      return loket_staff_role_names[i];
  return NULL;
}

gboolean
loket_staff_role_from_string (const char     *str,
                              LoketStaffRole *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (str, loket_staff_role_names[i]) == 0)
      {
        *role = roles[i];
        return TRUE;
      }
  return FALSE;
}
