/* loket-sync.h — ships one office's event log to the regional PostgreSQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "loket-region-schema.h"

G_BEGIN_DECLS

typedef struct {
  char  *database;       /* the office's SQLite file, opened read-only */
  char  *office;         /* the office's id in the region */
  char  *central;        /* a libpq connection string or URI */
  guint  batch_size;     /* events a transaction */
  char  *pseudonym_key;  /* for staff ids (loket-sync-redact.c), or NULL */
} LoketSyncSettings;

typedef struct _LoketSync LoketSync;

LoketSync *loket_sync_new        (const LoketSyncSettings *settings,
                                  GError                 **error);
void       loket_sync_free       (LoketSync *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketSync, loket_sync_free)

/* Ships the next batch (connecting and asking the centre where the office
 * stands first, if not connected): *@shipped events, 0 when the centre is
 * up to date.  On failure: LOKET_SYNC_ERROR_CENTRAL (the connection is
 * dropped; try again later), LOKET_SYNC_ERROR_REFUSED (the office's log
 * does not continue the centre's: recorded in `offices.refused`, never
 * shipped), LOKET_SYNC_ERROR_OFFICE. */
gboolean   loket_sync_ship_batch (LoketSync *self,
                                  guint     *shipped,
                                  GError   **error);

/* Where the centre stands for this office, as last read or shipped. */
gint64     loket_sync_get_centre_seq (LoketSync *self);

G_END_DECLS
