/* loket-store-staff.c — the people behind LoketStore: the staff (the
 * `clerks` table, a name kept from when everyone was a clerk), each with
 * a salted PIN hash and a role — clerk, supervisor or head of office
 * (loket-staff.h; schema 8).  Who may change them is the office's rule
 * (server/loket-office-staff.c); this file only keeps them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-store"

#include "loket-store.h"
#include "loket-store-private.h"
#include "loket-error.h"

#include <string.h>

/* The fuzzing build (-Dfuzzing=true) hashes new PINs with a handful of
 * iterations, or the dispatcher fuzzer would spend its time in PBKDF2;
 * a stored hash names its own count, so every path stays the same. */
#ifdef LOKET_FUZZING
#define PIN_ITERATIONS 2
#else
#define PIN_ITERATIONS 20000
#endif

/* ---- PINs ------------------------------------------------------------- */

/* PBKDF2-HMAC-SHA256 (RFC 8018), one 32-byte block, as hex. */
char *
loket_pin_hash (const char *pin,
                const char *salt_hex,
                guint       iterations)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 u[32], t[32];
  gsize len = sizeof u;
  const guint8 block_index[4] = { 0, 0, 0, 1 };

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) pin, strlen (pin));
  g_hmac_update (hmac, (const guchar *) salt_hex, strlen (salt_hex));
  g_hmac_update (hmac, block_index, sizeof block_index);
  g_hmac_get_digest (hmac, u, &len);
  memcpy (t, u, sizeof t);
  for (guint i = 1; i < iterations; i++)
    {
      g_autoptr(GHmac) round = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) pin, strlen (pin));

      g_hmac_update (round, u, sizeof u);
      len = sizeof u;
      g_hmac_get_digest (round, u, &len);
      for (guint j = 0; j < sizeof t; j++)
        t[j] ^= u[j];
    }

  GString *hex = g_string_sized_new (64);
  for (guint j = 0; j < sizeof t; j++)
    g_string_append_printf (hex, "%02x", t[j]);
  return g_string_free (hex, FALSE);
}

/* What the clerks table keeps of a PIN: "pbkdf2-sha256$ITERATIONS$SALT$HASH"
 * with a fresh salt; NULL if @pin is not one. */
static char *
stored_pin (const char *pin,
            GError    **error)
{
  g_autofree char *salt = NULL;
  g_autofree char *hash = NULL;
  guint8 salt_bytes[16];

  if (strlen (pin) < 4 || strspn (pin, "0123456789") != strlen (pin))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "a PIN is at least 4 digits");
      return NULL;
    }
  for (guint i = 0; i < sizeof salt_bytes; i++)
    salt_bytes[i] = (guint8) g_random_int_range (0, 256);
  salt = g_compute_checksum_for_data (G_CHECKSUM_MD5, salt_bytes, sizeof salt_bytes);
  hash = loket_pin_hash (pin, salt, PIN_ITERATIONS);
  return g_strdup_printf ("pbkdf2-sha256$%u$%s$%s", PIN_ITERATIONS, salt, hash);
}

/* ---- the staff --------------------------------------------------------- */

gboolean
loket_store_add_staff (LoketStore     *self,
                       const char     *id,
                       const char     *name,
                       const char     *pin,
                       LoketStaffRole  role,
                       gint64          now,
                       GError        **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *stored = stored_pin (pin, error);

  if (stored == NULL)
    return FALSE;
  g_return_val_if_fail (loket_staff_role_to_string (role) != NULL, FALSE);
  /* Someone already there keeps their role and the day they joined. */
  stmt = store_prepare (self, "INSERT INTO clerks (id, name, pin_hash, created_at, role)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)"
                        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash",
                        error);
  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, id);
  store_bind_text (stmt, 2, name);
  store_bind_text (stmt, 3, stored);
  sqlite3_bind_int64 (stmt, 4, now);
  store_bind_text (stmt, 5, loket_staff_role_to_string (role));
  return store_step_done (self, stmt, "saving a member of staff", error);
}

gboolean
loket_store_add_clerk (LoketStore *self,
                       const char *id,
                       const char *name,
                       const char *pin,
                       gint64      now,
                       GError    **error)
{
  return loket_store_add_staff (self, id, name, pin, LOKET_STAFF_CLERK, now, error);
}

/* Runs a statement that changes one clerk and RETURNING their name. */
static char *
clerk_name_returned (LoketStore   *self,
                     sqlite3_stmt *stmt,
                     const char   *id,
                     const char   *what,
                     GError      **error)
{
  g_autofree char *name = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      name = store_column_text (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, what);
      return NULL;
    }
  if (name == NULL)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "nobody on the staff has the id “%s”", id);
  return g_steal_pointer (&name);
}

char *
loket_store_set_clerk_pin (LoketStore *self,
                           const char *id,
                           const char *pin,
                           GError    **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *stored = stored_pin (pin, error);

  if (stored == NULL)
    return NULL;
  stmt = store_prepare (self, "UPDATE clerks SET pin_hash = ?2 WHERE id = ?1 RETURNING name", error);
  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, id);
  store_bind_text (stmt, 2, stored);
  return clerk_name_returned (self, stmt, id, "changing a PIN", error);
}

char *
loket_store_remove_clerk (LoketStore *self,
                          const char *id,
                          GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "DELETE FROM clerks WHERE id = ?1 RETURNING name", error);

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, id);
  return clerk_name_returned (self, stmt, id, "removing a member of staff", error);
}

char *
loket_store_find_clerk_counter (LoketStore *self,
                                const char *clerk,
                                GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
      "SELECT id FROM counters WHERE clerk = ?1 ORDER BY id LIMIT 1", error);

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, clerk);
  return store_first_text (self, stmt, "finding a clerk's counter", error);
}

char *
loket_store_check_clerk (LoketStore *self,
                         const char *id,
                         const char *pin,
                         GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT name, pin_hash FROM clerks WHERE id = ?1", error);
  g_autofree char *name = NULL;
  g_autofree char *stored = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *hash = NULL;
  guint64 iterations = 0;

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      name = store_column_text (stmt, 0);
      stored = store_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);

  /* Same answer for an unknown clerk and a wrong PIN: no probing for ids. */
  if (stored != NULL)
    parts = g_strsplit (stored, "$", 4);
  if (parts == NULL || g_strv_length (parts) != 4 ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 10000000, &iterations, NULL) ||
      (hash = loket_pin_hash (pin, parts[2], (guint) iterations)) == NULL ||
      g_strcmp0 (hash, parts[3]) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_AUTH, "unknown clerk or wrong PIN");
      return NULL;
    }
  return g_steal_pointer (&name);
}

void
loket_staff_free (LoketStaff *staff)
{
  if (staff == NULL)
    return;
  g_free (staff->id);
  g_free (staff->name);
  g_free (staff);
}

/* A row of "SELECT id, name, role, created_at". */
static LoketStaff *
staff_from_row (sqlite3_stmt *stmt)
{
  LoketStaff *staff = g_new0 (LoketStaff, 1);
  const char *role = (const char *) sqlite3_column_text (stmt, 2);

  staff->id = store_column_text (stmt, 0);
  staff->name = store_column_text (stmt, 1);
  /* The schema's CHECK keeps the column to the three words. */
  if (!loket_staff_role_from_string (role, &staff->role))
    staff->role = LOKET_STAFF_CLERK;
  staff->created_at = sqlite3_column_int64 (stmt, 3);
  return staff;
}

LoketStaff *
loket_store_get_staff (LoketStore *self,
                       const char *id,
                       GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT id, name, role, created_at FROM clerks WHERE id = ?1", error);
  LoketStaff *staff = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    staff = staff_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    store_set_error (error, self, "reading a member of staff");
  else if (staff == NULL)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "nobody on the staff has the id “%s”", id);
  return staff;
}

gboolean
loket_store_set_staff_role (LoketStore     *self,
                            const char     *id,
                            LoketStaffRole  role,
                            GError        **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "UPDATE clerks SET role = ?2 WHERE id = ?1 RETURNING name", error);
  g_autofree char *name = NULL;

  if (stmt == NULL)
    return FALSE;
  g_return_val_if_fail (loket_staff_role_to_string (role) != NULL, FALSE);
  store_bind_text (stmt, 1, id);
  store_bind_text (stmt, 2, loket_staff_role_to_string (role));
  name = clerk_name_returned (self, stmt, id, "changing a role", error);
  return name != NULL;
}

GPtrArray *
loket_store_list_staff (LoketStore *self,
                        GError    **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT id, name, role, created_at FROM clerks ORDER BY id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_staff_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, staff_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "listing the staff");
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
loket_store_count_staff (LoketStore     *self,
                         LoketStaffRole  role,
                         GError        **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT count (*) FROM clerks WHERE role = ?1", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  store_bind_text (stmt, 1, loket_staff_role_to_string (role));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    store_set_error (error, self, "counting the staff");
  sqlite3_reset (stmt);
  return n;
}
