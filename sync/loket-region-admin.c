/* loket-region-admin.c — filing offices under a region at the centre (see
 * loket-region-admin.h).  One transaction: every office named is filed,
 * or, when one is unknown, none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-region"

#include "loket-region-admin.h"
#include "loket-region-schema.h"

#include <gio/gio.h>
#include <stdlib.h>

#include "loket-error.h"

/* offices.region came with schema 2. */
#define REGION_SCHEMA 2

static gboolean
centre_failed (PGconn *conn, const char *what, GError **error)
{
  g_autofree char *text = loket_region_error_text (conn);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "central database: %s: %s", what, text);
  return FALSE;
}

static gboolean
file_office (PGconn *conn, const char *office, const char *region, GError **error)
{
  const char *params[2] = { office, region };
  g_autoptr(PGresult) result = PQexecParams (conn, "UPDATE offices SET region = $2 WHERE id = $1",
                                             2, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    return centre_failed (conn, "filing an office", error);
  if (atoi (PQcmdTuples (result)) == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "the centre has no office “%s” (an office is known once its loket-sync has shipped; "
                   "loketctl offices --central … lists them); nothing was changed", office);
      return FALSE;
    }
  return TRUE;
}

gboolean
loket_region_file_offices (const char         *conninfo,
                           const char * const *offices,
                           const char         *region,
                           GError            **error)
{
  const char *keys[] = { "connect_timeout", "dbname", "application_name", NULL };
  const char *values[] = { "10", conninfo, "loketctl offices", NULL };
  g_autoptr(PGconn) conn = NULL;

  g_return_val_if_fail (offices != NULL && offices[0] != NULL, FALSE);
  conn = PQconnectdbParams (keys, values, 1);
  if (PQstatus (conn) != CONNECTION_OK)
    return centre_failed (conn, "connecting", error);
  if (!loket_region_exec (conn, "BEGIN", "starting", error) ||
      !loket_region_require_schema (conn, REGION_SCHEMA, "the regions", error))
    return FALSE;
  for (guint i = 0; offices[i] != NULL; i++)
    if (!file_office (conn, offices[i], region, error))
      {
        PQclear (PQexec (conn, "ROLLBACK"));
        return FALSE;
      }
  return loket_region_exec (conn, "COMMIT", "committing", error);
}
