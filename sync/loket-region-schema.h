/* loket-region-schema.h — the regional PostgreSQL's schema and its migrations.
 *
 * Every office's loket-sync brings the centre up to the schema it knows
 * before it ships anything, as loketd does with the office's SQLite
 * (docs/region.md, "The central schema").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The newest schema; the length of the migrations array less one. */
#define LOKET_REGION_SCHEMA_VERSION 3

#define LOKET_SYNC_ERROR (loket_sync_error_quark ())
typedef enum {
  LOKET_SYNC_ERROR_CENTRAL,   /* the centre could not be reached or failed: retry */
  LOKET_SYNC_ERROR_REFUSED,   /* the office's history does not continue the centre's */
  LOKET_SYNC_ERROR_OFFICE,    /* the office database could not be read */
  LOKET_SYNC_ERROR_SETTINGS,
} LoketSyncError;

GQuark    loket_sync_error_quark     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* PostgreSQL's last message on @conn, without its trailing newline. */
char     *loket_region_error_text    (PGconn      *conn);

/* Runs @sql (no rows expected, or ignored) and sets LOKET_SYNC_ERROR_CENTRAL
 * with PostgreSQL's own words on failure; @what says what it was for. */
gboolean  loket_region_exec          (PGconn      *conn,
                                      const char  *sql,
                                      const char  *what,
                                      GError     **error);

/* Whether the centre is at schema @needed or newer, for @what ("the
 * reports"); else G_IO_ERROR_FAILED saying so (and how to migrate it), or
 * that this is no Loket centre. */
gboolean  loket_region_require_schema (PGconn     *conn,
                                       gint        needed,
                                       const char *what,
                                       GError    **error);

/* Applies the migrations newer than the centre's version, in one
 * transaction; refuses a centre newer than this code. */
gboolean  loket_region_migrate       (PGconn      *conn,
                                      GError     **error);

G_END_DECLS
