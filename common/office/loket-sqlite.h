/* loket-sqlite.h — SQLite with the cleanup functions Loket uses, for the
 * store's own files and for the tests and benchmarks that read a database
 * directly.  loket-store.h does not include it: users of the store do not
 * see SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
