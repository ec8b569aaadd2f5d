/* loket-store-private.h — what the parts of LoketStore share:
 * loket-store.c (database, transactions, event log, replies),
 * loket-store-tickets.c (tickets, counters), loket-store-staff.c (the
 * staff and their roles),
 * loket-store-report.c (reading a period for reports) and
 * loket-store-backup.c (backup, restore, the lock) — and what the tests
 * need to build a database as an older Loket left it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-store.h"
#include "loket-sqlite.h"

G_BEGIN_DECLS

/* An event's service day, as index `events_day` (migration 7) has it: a
 * query that is to use that index says it in the very same words. */
#define LOKET_STORE_EVENT_DAY "json_extract (payload, '$.service_day')"

/* A cached statement for @sql (a static string), reset and unbound. */
G_GNUC_INTERNAL sqlite3_stmt *store_prepare     (LoketStore   *self,
                                                 const char   *sql,
                                                 GError      **error);
G_GNUC_INTERNAL void          store_bind_text   (sqlite3_stmt *stmt,
                                                 int           column,
                                                 const char   *text);
G_GNUC_INTERNAL char         *store_column_text (sqlite3_stmt *stmt,
                                                 int           column);
/* Steps a statement (its values bound) for the first column of its first
 * row, and resets it: that text, or NULL with no row (or with @error set
 * if the step failed). */
G_GNUC_INTERNAL char         *store_first_text  (LoketStore   *self,
                                                 sqlite3_stmt *stmt,
                                                 const char   *what,
                                                 GError      **error);
/* Steps a statement that returns no rows, and resets it. */
G_GNUC_INTERNAL gboolean      store_step_done   (LoketStore   *self,
                                                 sqlite3_stmt *stmt,
                                                 const char   *what,
                                                 GError      **error);
G_GNUC_INTERNAL void          store_set_error   (GError      **error,
                                                 LoketStore   *self,
                                                 const char   *what);

/* Gives every ticket without a promise the promise of the service it was
 * issued for in @charter, as charter version @version; @filled counts
 * them.  The upgrade to charter versions, and verify's replay of it. */
G_GNUC_INTERNAL gboolean      store_fill_promises (LoketStore   *self,
                                                   LoketCharter *charter,
                                                   guint         version,
                                                   guint        *filled,
                                                   GError      **error);

/* The schema that first kept each ticket's promise (charter versions). */
#define STORE_SCHEMA_PROMISES 9
/* The schema that first counted the waiting by kind (queue_counts). */
#define STORE_SCHEMA_QUEUE_KINDS 12
/* The schema that gave complaints their receipt_print (the kiosk's paper). */
#define STORE_SCHEMA_RECEIPT_PRINT 17

/* The schema the store is at (older than the latest only when opened
 * read-only at any version, or by the tests at an older one). */
G_GNUC_INTERNAL guint         store_schema       (LoketStore *self);

/* Whether tickets keep their promise (schema 9 on): a store opened
 * read-only at an older version has no such columns to read. */
G_GNUC_INTERNAL gboolean      store_has_promises (LoketStore *self);

/* Adds to @db the functions loket-store-report.c reads through. */
G_GNUC_INTERNAL gboolean      store_report_register (sqlite3 *db);

/* The newest schema version: the length of the migrations array. */
guint       loket_store_schema_latest          (void);
/* Opens (creating if needed) a database and applies migrations up to
 * @version only (1 … latest): a database as an older Loket wrote it.
 * For the tests that build one; they fill it with that version's SQL,
 * since the store's own writes are the newest schema's. */
LoketStore *loket_store_open_at_version        (const char *path,
                                                guint       version,
                                                GError    **error);
/* Read-only, like loket_store_open_readonly(), but accepts any schema up
 * to the latest: an older backup, which loketd migrates when it opens it. */
LoketStore *loket_store_open_readonly_any_version (const char *path,
                                                   GError    **error);

G_END_DECLS
