/* loket-office-time.c — the office's clock (see loket-office-time.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-office-time.h"

GDateTime *
loket_office_time (GTimeZone *zone,
                   gint64     unix_usec)
{
  gint64 seconds = unix_usec / G_USEC_PER_SEC;
  gint64 usec = unix_usec % G_USEC_PER_SEC;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) exact = NULL;

  if (zone == NULL)
    return NULL;
  /* Division truncates towards zero; an instant before 1970 still
   * belongs to the second that starts before it. */
  if (usec < 0)
    {
      seconds--;
      usec += G_USEC_PER_SEC;
    }
  utc = g_date_time_new_from_unix_utc (seconds);
  if (utc == NULL)
    return NULL;
  exact = g_date_time_add (utc, usec);
  return exact ? g_date_time_to_timezone (exact, zone) : NULL;
}

char *
loket_office_time_format (const char *zone_id,
                          gint64      unix_usec,
                          const char *format)
{
  /* GLib keeps a zone it has read while it is referenced, so asking
   * again each second does not read the tzfile again for a held zone;
   * a clock ticking once a second can afford it either way. */
  g_autoptr(GTimeZone) zone = zone_id ? g_time_zone_new_identifier (zone_id) : NULL;
  g_autoptr(GDateTime) at = loket_office_time (zone, unix_usec);
  char *text = at ? g_date_time_format (at, format) : NULL;

  return text ? text : g_strdup ("");
}
