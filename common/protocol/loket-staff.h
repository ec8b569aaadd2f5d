/* loket-staff.h — the roles people have in an office: clerk, supervisor,
 * head of office.
 *
 * A device's key has a role (loket-keys.h: kiosk, display, counter,
 * supervisor); a person has one of these on top.  Any of them may work at
 * a counter; only a supervisor or the head signs in at a supervisor's
 * device, and only the head manages the staff.  Which person may send
 * which request from a supervisor's device is the protocol table's
 * (loket-protocol.c, "people"); docs/security.md shows the matrix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bits, so that a set of roles is one value. */
typedef enum {
  LOKET_STAFF_NONE = 0,
  LOKET_STAFF_CLERK = 1 << 0,
  LOKET_STAFF_SUPERVISOR = 1 << 1,
  LOKET_STAFF_HEAD = 1 << 2,
} LoketStaffRole;

/* "clerk", "supervisor", "head"; NULL for anything else. */
const char *loket_staff_role_to_string   (LoketStaffRole  role);
/* FALSE for a word that is not one of the three. */
gboolean    loket_staff_role_from_string (const char     *str,
                                          LoketStaffRole *role);
/* The NULL-terminated list of the three words, for the protocol table's
 * choices and for usage lines. */
extern const char * const loket_staff_role_names[];

G_END_DECLS
