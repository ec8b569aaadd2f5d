/* loketctl-backup.c — `loketctl backup` and `loketctl restore`: the
 * operator's side of the office's database copies.
 *
 *   backup --db FILE --output FILE
 *   backup --db FILE --output-dir DIR [--keep N]   (loket-YYYYMMDD-HHMMSS.db,
 *                                                   the newest N kept)
 *   restore --backup FILE --db FILE
 *
 * Offline, like `verify`: they read and write files and talk to no server;
 * a backup may be taken while loketd runs, a restore is refused while it
 * does.  The work itself is in common/office/loket-store-backup.c; this file turns
 * options into calls and results into text or one JSON object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loketctl"

#include "loketctl-backup.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-message.h"
#include "loket-store.h"

#define BACKUP_SYNOPSIS "backup --db FILE (--output FILE | --output-dir DIR [--keep N])"
#define RESTORE_SYNOPSIS "restore --backup FILE --db FILE"
/* loket-20261125-230000.db: sorting the names sorts them by time. */
#define NAME_PREFIX "loket-"
#define NAME_STAMP "%Y%m%d-%H%M%S"
#define NAME_SUFFIX ".db"

static gboolean
usage (GError **error, const char *synopsis)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "usage: loketctl %s", synopsis);
  return FALSE;
}

static void
print_result (JsonObject *result)
{
  g_autofree char *text = loket_json_to_string (result);

  g_print ("%s\n", text);
}

static void
set_info (JsonObject *result, const LoketBackupInfo *info)
{
  json_object_set_boolean_member (result, "ok", TRUE);
  json_object_set_int_member (result, "events", info->events);
  json_object_set_int_member (result, "schema_version", info->schema_version);
  json_object_set_int_member (result, "bytes", info->bytes);
  json_object_set_int_member (result, "steps", info->steps);
  json_object_set_double_member (result, "seconds", (info->usec / 1000) / 1000.0);
}

/* Whether @name is one of ours: loket-YYYYMMDD-HHMMSS.db, nothing else. */
static gboolean
is_dated_backup (const char *name)
{
  static const char shape[] = NAME_PREFIX "########-######" NAME_SUFFIX;

  if (strlen (name) != strlen (shape))
    return FALSE;
  for (guint i = 0; shape[i] != '\0'; i++)
    if (shape[i] == '#' ? !g_ascii_isdigit (name[i]) : name[i] != shape[i])
      return FALSE;
  return TRUE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Deletes all but the newest @keep dated backups in @dir; returns the
 * names removed.  Only files named like ours are ever touched. */
static GPtrArray *
prune (const char *dir, guint keep, GError **error)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (listing == NULL)
    return NULL;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (is_dated_backup (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_unlink (path) != 0)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORE, "%s: cannot remove: %s", path,
                       g_strerror (errno));
          return NULL;
        }
      g_ptr_array_add (removed, g_steal_pointer (&path));
    }
  return g_steal_pointer (&removed);
}

/* --output FILE, or a new dated name in --output-dir. */
static char *
output_path (GHashTable *options, GError **error)
{
  const char *output = g_hash_table_lookup (options, "output");
  const char *dir = g_hash_table_lookup (options, "output-dir");
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;

  if ((output == NULL) == (dir == NULL) || (output != NULL && g_hash_table_contains (options, "keep")))
    {
      usage (error, BACKUP_SYNOPSIS);
      return NULL;
    }
  if (output != NULL)
    return g_strdup (output);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "%s: no such directory", dir);
      return NULL;
    }
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, NAME_STAMP);
  name = g_strconcat (NAME_PREFIX, stamp, NAME_SUFFIX, NULL);
  return g_build_filename (dir, name, NULL);
}

static gboolean
parse_keep (GHashTable *options, guint *keep, GError **error)
{
  const char *text = g_hash_table_lookup (options, "keep");
  guint64 value = 0;

  *keep = 0;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    return usage (error, BACKUP_SYNOPSIS " (--keep: a number ≥ 1)");
  *keep = (guint) value;
  return TRUE;
}

static gboolean
cmd_backup (GHashTable *options, GPtrArray *args, gboolean json, GError **error)
{
  const char *db = g_hash_table_lookup (options, "db");
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  LoketBackupInfo info;
  guint keep;

  if (db == NULL || args->len != 1)
    return usage (error, BACKUP_SYNOPSIS);
  output = output_path (options, error);
  if (output == NULL || !parse_keep (options, &keep, error) ||
      !loket_store_backup (db, output, &info, error))
    return FALSE;
  if (keep > 0)
    {
      g_autofree char *dir = g_path_get_dirname (output);

      removed = prune (dir, keep, error);
      if (removed == NULL)
        return FALSE;
    }
  if (!json)
    {
      g_print ("%s: backup written to %s (%" G_GINT64_FORMAT " events, schema %u, %.1f MB in %.2f s); "
               "it verifies\n", db, output, info.events, info.schema_version,
               info.bytes / 1e6, info.usec / (double) G_USEC_PER_SEC);
      for (guint i = 0; removed != NULL && i < removed->len; i++)
        g_print ("removed the older backup %s\n", (char *) g_ptr_array_index (removed, i));
      return TRUE;
    }
  set_info (result, &info);
  json_object_set_string_member (result, "output", output);
  json_object_set_array_member (result, "removed", json_array_new ());
  for (guint i = 0; removed != NULL && i < removed->len; i++)
    json_array_add_string_element (json_object_get_array_member (result, "removed"),
                                   g_ptr_array_index (removed, i));
  print_result (result);
  return TRUE;
}

static gboolean
cmd_restore (GHashTable *options, GPtrArray *args, gboolean json, GError **error)
{
  const char *backup = g_hash_table_lookup (options, "backup");
  const char *db = g_hash_table_lookup (options, "db");
  g_autofree char *kept = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  LoketBackupInfo info;

  if (backup == NULL || db == NULL || args->len != 1)
    return usage (error, RESTORE_SYNOPSIS);
  if (!loket_store_restore (backup, db, &kept, &info, error))
    return FALSE;
  if (!json)
    {
      g_print ("%s restored from %s (%" G_GINT64_FORMAT " events, schema %u)\n", db, backup,
               info.events, info.schema_version);
      if (kept != NULL)
        g_print ("the database it replaced is kept as %s\n", kept);
      return TRUE;
    }
  set_info (result, &info);
  json_object_set_string_member (result, "db", db);
  if (kept != NULL)
    json_object_set_string_member (result, "kept", kept);
  print_result (result);
  return TRUE;
}

gboolean
loketctl_backup (GHashTable *options,
                 GPtrArray  *args,
                 gboolean    json,
                 GError    **error)
{
  if (g_str_equal (g_ptr_array_index (args, 0), "restore"))
    return cmd_restore (options, args, json, error);
  return cmd_backup (options, args, json, error);
}
