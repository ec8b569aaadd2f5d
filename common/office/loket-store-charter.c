/* loket-store-charter.c — the charters the office has run with.
 *
 * A report judges each ticket by the promise in force when it was issued,
 * so the store keeps every charter loketd ran with (schema 9's
 * charter_versions: the whole text, its SHA-256, when it came into force
 * and who loaded it) and each ticket its version and promised minutes.
 * loketd adopts its charter at every start and on SIGHUP: a charter whose
 * hash differs from the latest stored becomes a new version.  The first
 * charter a database meets after the upgrade to schema 9 also gives the
 * tickets issued before it — which recorded no promise — the promise of
 * that charter, the closest the office can come to what was in force, and
 * says so in the log and in its CHARTER_CHANGED event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-store"

#include "loket-store-private.h"
#include "loket-error.h"

void
loket_charter_version_free (LoketCharterVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->sha256);
  g_free (version->loaded_by);
  g_free (version);
}

static LoketCharterVersion *
version_from_statement (sqlite3_stmt *stmt)
{
  LoketCharterVersion *v = g_new0 (LoketCharterVersion, 1);

  v->version = (guint) sqlite3_column_int (stmt, 0);
  v->sha256 = store_column_text (stmt, 1);
  v->in_force_from = sqlite3_column_int64 (stmt, 2);
  v->loaded_by = store_column_text (stmt, 3);
  return v;
}

GPtrArray *
loket_store_list_charter_versions (LoketStore *self,
                                   GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT version, sha256, in_force_from, loaded_by FROM charter_versions ORDER BY version", error);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_charter_version_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (versions, version_from_statement (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "reading the charter versions");
      return NULL;
    }
  return g_steal_pointer (&versions);
}

LoketCharter *
loket_store_load_charter (LoketStore *self,
                          guint       version,
                          GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT version, text FROM charter_versions WHERE ?1 = 0 OR version = ?1"
      " ORDER BY version DESC LIMIT 1", error);
  g_autofree char *origin = NULL;
  g_autofree char *text = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      origin = g_strdup_printf ("%s: charter version %d", loket_store_get_path (self),
                                sqlite3_column_int (stmt, 0));
      text = store_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      store_set_error (error, self, "reading a charter version");
      return NULL;
    }
  if (text == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   "%s holds no charter%s (loketd stores its charter when it starts); "
                   "give one with --charter", loket_store_get_path (self),
                   version > 0 ? " of that version" : "");
      return NULL;
    }
  return loket_charter_new_from_record (text, origin, error);
}

static LoketCharterVersion *
latest_version (LoketStore *self,
                GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT version, sha256, in_force_from, loaded_by FROM charter_versions"
      " ORDER BY version DESC LIMIT 1", error);
  LoketCharterVersion *latest = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    latest = version_from_statement (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    store_set_error (error, self, "reading the charter versions");
  return latest;
}

/* Whether any ticket has no promise recorded: one issued before schema 9. */
static gboolean
has_unpromised_tickets (LoketStore *self,
                        gboolean   *found,
                        GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT EXISTS (SELECT 1 FROM tickets WHERE charter_version IS NULL)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      store_set_error (error, self, "looking for tickets without a promise");
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_version (LoketStore          *self,
                LoketCharter        *charter,
                LoketCharterVersion *v,
                GError             **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "INSERT INTO charter_versions (version, sha256, text, in_force_from, loaded_by)"
      " VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) v->version);
  store_bind_text (stmt, 2, v->sha256);
  store_bind_text (stmt, 3, loket_charter_get_text (charter));
  sqlite3_bind_int64 (stmt, 4, v->in_force_from);
  store_bind_text (stmt, 5, v->loaded_by);
  return store_step_done (self, stmt, "storing a charter version", error);
}

/* A service the charter no longer has leaves its tickets without a
 * promise (reports show them unjudged, as before). */
gboolean
store_fill_promises (LoketStore   *self,
               LoketCharter *charter,
               guint         version,
               guint        *filled,
               GError      **error)
{
  GPtrArray *services = loket_charter_get_services (charter);
  sqlite3_stmt *stmt = store_prepare (self,
      "UPDATE tickets SET charter_version = ?1, promised_wait_minutes = ?2,"
      " promised_service_minutes = ?3 WHERE charter_version IS NULL AND issued_service = ?4", error);

  *filled = 0;
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < services->len; i++)
    {
      const LoketServiceDef *s = g_ptr_array_index (services, i);

      sqlite3_bind_int (stmt, 1, (int) version);
      sqlite3_bind_int (stmt, 2, (int) s->promised_wait_minutes);
      sqlite3_bind_int (stmt, 3, (int) s->promised_service_minutes);
      store_bind_text (stmt, 4, s->id);
      if (!store_step_done (self, stmt, "giving earlier tickets the charter's promise", error))
        return FALSE;
      *filled += (guint) sqlite3_changes (loket_store_get_db (self));
    }
  return TRUE;
}

LoketCharterVersion *
loket_store_adopt_charter (LoketStore   *self,
                           LoketCharter *charter,
                           const char   *loaded_by,
                           gint64        now,
                           gboolean     *is_new,
                           guint        *filled,
                           GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(LoketCharterVersion) latest = latest_version (self, &local);
  g_autoptr(LoketCharterVersion) v = NULL;
  gboolean upgrade = FALSE;

  *is_new = FALSE;
  *filled = 0;
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (latest != NULL && g_strcmp0 (latest->sha256, loket_charter_get_sha256 (charter)) == 0)
    return g_steal_pointer (&latest);
  if (latest == NULL && !has_unpromised_tickets (self, &upgrade, error))
    return NULL;
  v = g_new0 (LoketCharterVersion, 1);
  v->version = latest ? latest->version + 1 : 1;
  v->sha256 = g_strdup (loket_charter_get_sha256 (charter));
  v->in_force_from = now;
  v->loaded_by = g_strdup (upgrade ? "migration" : loaded_by);
  if (!insert_version (self, charter, v, error) ||
      (upgrade && !store_fill_promises (self, charter, v->version, filled, error)))
    return NULL;
  if (upgrade)
    g_message ("%s: %u tickets issued before charter versions were kept now carry the promise "
               "of charter version %u (the charter given at the upgrade, SHA-256 %s)",
               loket_store_get_path (self), *filled, v->version, v->sha256);
  *is_new = TRUE;
  return g_steal_pointer (&v);
}
