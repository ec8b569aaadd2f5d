/* loket-keys.c — CURVE key files, roles and the allowlist.
 *
 * Files are GKeyFiles written atomically; secrets are 0600 in a 0700
 * directory.  Every key read back is checked (length and Z85) so that a
 * truncated or hand-edited file is refused with its name, not turned into
 * a baffling handshake failure later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-keys"

#include "loket-keys.h"
#include "loket-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zmq.h>

/* A "draft" option in libzmq 4.3's header, implemented in the library:
 * without it a CURVE socket whose ZAP handler is missing admits everyone. */
#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

#define SERVER_FILE "server.key"
#define ALLOWLIST_FILE "allowlist.ini"
#define CLIENTS_DIR "clients"

struct _LoketAllowlist
{
  GHashTable *by_key;    /* public key → Entry (owned) */
  GHashTable *by_name;   /* name → Entry (borrowed) */
};

typedef struct {
  char      *name;
  LoketRole  role;
  char       public_key[LOKET_Z85_KEY_LEN + 1];
} Entry;

static const struct { LoketRole role; const char *name; } roles[] = {
  { LOKET_ROLE_KIOSK, "kiosk" },
  { LOKET_ROLE_DISPLAY, "display" },
  { LOKET_ROLE_COUNTER, "counter" },
  { LOKET_ROLE_SUPERVISOR, "supervisor" },
  { LOKET_ROLE_WEB, "web" },
  { LOKET_ROLE_SYNC, "sync" },
};

const char *
loket_role_to_string (LoketRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return roles[i].name;
  return "none";
}

gboolean
loket_role_from_string (const char *str,
                        LoketRole  *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (roles[i].name, str) == 0)
      {
        *role = roles[i].role;
        return TRUE;
      }
  return FALSE;
}

gboolean
loket_key_pair_generate (LoketKeyPair *pair,
                         GError      **error)
{
  if (zmq_curve_keypair (pair->public_key, pair->secret_key) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                   "cannot generate a CURVE key pair: %s (is libzmq built with CURVE?)",
                   zmq_strerror (zmq_errno ()));
      return FALSE;
    }
  return TRUE;
}

static gboolean
name_is_valid (const char *name)
{
  gsize len = name ? strlen (name) : 0;

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_' && name[i] != '.' && name[i] != '-')
      return FALSE;
  return name[0] != '.';
}

static gboolean
key_is_valid (const char *z85)
{
  guint8 decoded[32];

  return z85 != NULL && strlen (z85) == LOKET_Z85_KEY_LEN &&
         zmq_z85_decode (decoded, z85) != NULL;
}

/* Reads a Z85 key from @file's @group into @out, or explains what is wrong. */
static gboolean
read_key (GKeyFile   *file,
          const char *path,
          const char *group,
          const char *key,
          char        out[LOKET_Z85_KEY_LEN + 1],
          GError    **error)
{
  g_autofree char *value = g_key_file_get_string (file, group, key, NULL);

  if (!key_is_valid (value))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "%s: [%s] %s: not a 40-character Z85 CURVE key", path, group, key);
      return FALSE;
    }
  memcpy (out, value, LOKET_Z85_KEY_LEN + 1);
  return TRUE;
}

static GKeyFile *
load_key_file (const char *path,
               GError    **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, LOKET_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? LOKET_ERROR_NOT_FOUND : LOKET_ERROR_INVALID,
                   "%s: %s", path, local->message);
      return NULL;
    }
  return g_steal_pointer (&file);
}

static gboolean
save_key_file (GKeyFile   *file,
               const char *path,
               int         mode,
               GError    **error)
{
  g_autofree char *data = g_key_file_to_data (file, NULL, NULL);
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, mode, &local))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
loket_keys_init (const char *dir,
                 GError    **error)
{
  g_autofree char *server_path = g_build_filename (dir, SERVER_FILE, NULL);
  g_autofree char *allow_path = g_build_filename (dir, ALLOWLIST_FILE, NULL);
  g_autofree char *clients = g_build_filename (dir, CLIENTS_DIR, NULL);
  g_autoptr(GKeyFile) server = g_key_file_new ();
  g_autoptr(GKeyFile) allow = g_key_file_new ();
  LoketKeyPair pair;

  if (g_file_test (server_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "%s already exists; refusing to replace a server key "
                   "(every device would have to be given new keys)", server_path);
      return FALSE;
    }
  if (g_mkdir_with_parents (clients, 0700) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "%s: %s", clients, g_strerror (errno));
      return FALSE;
    }
  g_chmod (dir, 0700);
  if (!loket_key_pair_generate (&pair, error))
    return FALSE;
  g_key_file_set_comment (server, NULL, NULL, " Loket server key. Keep secret.", NULL);
  g_key_file_set_string (server, "Server", "PublicKey", pair.public_key);
  g_key_file_set_string (server, "Server", "SecretKey", pair.secret_key);
  g_key_file_set_comment (allow, NULL, NULL,
                          " Loket allowlist: one group per client, managed by loketctl keys.", NULL);
  return save_key_file (allow, allow_path, 0644, error) &&
         save_key_file (server, server_path, 0600, error);
}

gboolean
loket_keys_load_server (const char   *dir,
                        LoketKeyPair *pair,
                        GError      **error)
{
  g_autofree char *path = g_build_filename (dir, SERVER_FILE, NULL);
  g_autoptr(GKeyFile) file = load_key_file (path, error);

  return file != NULL &&
         read_key (file, path, "Server", "PublicKey", pair->public_key, error) &&
         read_key (file, path, "Server", "SecretKey", pair->secret_key, error);
}

gboolean
loket_keys_add (const char *dir,
                const char *name,
                LoketRole   role,
                GError    **error)
{
  g_autofree char *allow_path = g_build_filename (dir, ALLOWLIST_FILE, NULL);
  g_autofree char *file_name = g_strconcat (name ? name : "", ".key", NULL);
  g_autofree char *client_path = g_build_filename (dir, CLIENTS_DIR, file_name, NULL);
  g_autoptr(GKeyFile) allow = NULL;
  g_autoptr(GKeyFile) client = g_key_file_new ();
  LoketKeyPair server, pair;

  if (!name_is_valid (name))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "“%s” is not a device name: 1–64 letters, digits, '_', '.', '-'", name ? name : "");
      return FALSE;
    }
  if (g_strcmp0 (loket_role_to_string (role), "none") == 0)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "a client has exactly one role: kiosk, display, counter or supervisor");
      return FALSE;
    }
  if (!loket_keys_load_server (dir, &server, error) ||
      (allow = load_key_file (allow_path, error)) == NULL)
    return FALSE;
  if (g_key_file_has_group (allow, name))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STATE,
                   "%s is already in %s; revoke it first to give it a new key", name, allow_path);
      return FALSE;
    }
  if (!loket_key_pair_generate (&pair, error))
    return FALSE;

  g_key_file_set_comment (client, NULL, NULL, " Loket device key. Keep secret; give only to this device.", NULL);
  g_key_file_set_string (client, "Client", "Name", name);
  g_key_file_set_string (client, "Client", "Role", loket_role_to_string (role));
  g_key_file_set_string (client, "Client", "PublicKey", pair.public_key);
  g_key_file_set_string (client, "Client", "SecretKey", pair.secret_key);
  g_key_file_set_string (client, "Client", "ServerPublicKey", server.public_key);
  g_key_file_set_string (allow, name, "Role", loket_role_to_string (role));
  g_key_file_set_string (allow, name, "PublicKey", pair.public_key);
  /* The device's file first: an allowlist entry without a key file would
   * be a door with no key. */
  return save_key_file (client, client_path, 0600, error) &&
         save_key_file (allow, allow_path, 0644, error);
}

gboolean
loket_keys_revoke (const char *dir,
                   const char *name,
                   GError    **error)
{
  g_autofree char *allow_path = g_build_filename (dir, ALLOWLIST_FILE, NULL);
  g_autofree char *file_name = g_strconcat (name ? name : "", ".key", NULL);
  g_autofree char *client_path = g_build_filename (dir, CLIENTS_DIR, file_name, NULL);
  g_autoptr(GKeyFile) allow = load_key_file (allow_path, error);

  if (allow == NULL)
    return FALSE;
  if (!name_is_valid (name) || !g_key_file_has_group (allow, name))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no client “%s” in %s",
                   name ? name : "", allow_path);
      return FALSE;
    }
  g_key_file_remove_group (allow, name, NULL);
  if (!save_key_file (allow, allow_path, 0644, error))
    return FALSE;
  if (g_unlink (client_path) != 0 && errno != ENOENT)
    g_message ("%s: %s (the key is revoked all the same)", client_path, g_strerror (errno));
  return TRUE;
}

void
loket_client_key_free (LoketClientKey *key)
{
  if (key == NULL)
    return;
  g_free (key->name);
  memset (&key->pair, 0, sizeof key->pair);
  g_free (key);
}

LoketClientKey *
loket_client_key_load (const char *dir,
                       const char *name,
                       GError    **error)
{
  g_autofree char *file_name = g_strconcat (name ? name : "", ".key", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(LoketClientKey) key = NULL;
  g_autofree char *role = NULL;

  if (!name_is_valid (name))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "“%s” is not a device name", name ? name : "");
      return NULL;
    }
  path = g_build_filename (dir, CLIENTS_DIR, file_name, NULL);
  file = load_key_file (path, error);
  if (file == NULL)
    return NULL;
  key = g_new0 (LoketClientKey, 1);
  key->name = g_key_file_get_string (file, "Client", "Name", NULL);
  role = g_key_file_get_string (file, "Client", "Role", NULL);
  if (g_strcmp0 (key->name, name) != 0 || !loket_role_from_string (role, &key->role))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "%s: [Client] Name must be %s and Role one of kiosk, display, counter, supervisor",
                   path, name);
      return NULL;
    }
  if (!read_key (file, path, "Client", "PublicKey", key->pair.public_key, error) ||
      !read_key (file, path, "Client", "SecretKey", key->pair.secret_key, error) ||
      !read_key (file, path, "Client", "ServerPublicKey", key->server_public_key, error))
    return NULL;
  return g_steal_pointer (&key);
}

/* ---- the allowlist ----------------------------------------------------- */

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  g_free (entry);
}

void
loket_allowlist_free (LoketAllowlist *list)
{
  if (list == NULL)
    return;
  g_hash_table_unref (list->by_name);
  g_hash_table_unref (list->by_key);
  g_free (list);
}

LoketAllowlist *
loket_allowlist_load (const char *dir,
                      GError    **error)
{
  g_autofree char *path = g_build_filename (dir, ALLOWLIST_FILE, NULL);
  g_autoptr(GKeyFile) file = load_key_file (path, error);
  g_autoptr(LoketAllowlist) list = NULL;
  g_auto(GStrv) groups = NULL;

  if (file == NULL)
    return NULL;
  list = g_new0 (LoketAllowlist, 1);
  list->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  list->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *role = g_key_file_get_string (file, groups[i], "Role", NULL);
      Entry *entry = g_new0 (Entry, 1);

      entry->name = g_strdup (groups[i]);
      if (!name_is_valid (groups[i]) || !loket_role_from_string (role, &entry->role) ||
          !read_key (file, path, groups[i], "PublicKey", entry->public_key, error) ||
          g_hash_table_contains (list->by_key, entry->public_key))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                         "%s: [%s]: needs a valid name, a Role and a PublicKey of its own",
                         path, groups[i]);
          entry_free (entry);
          return NULL;
        }
      g_hash_table_insert (list->by_key, entry->public_key, entry);
      g_hash_table_insert (list->by_name, entry->name, entry);
    }
  return g_steal_pointer (&list);
}

const char *
loket_allowlist_lookup_key (LoketAllowlist *list,
                            const char     *public_key_z85,
                            LoketRole      *role)
{
  Entry *entry = g_hash_table_lookup (list->by_key, public_key_z85);

  if (entry == NULL)
    return NULL;
  if (role != NULL)
    *role = entry->role;
  return entry->name;
}

LoketRole
loket_allowlist_lookup_name (LoketAllowlist *list,
                             const char     *name)
{
  Entry *entry = name ? g_hash_table_lookup (list->by_name, name) : NULL;

  return entry ? entry->role : LOKET_ROLE_NONE;
}

guint
loket_allowlist_size (LoketAllowlist *list)
{
  return g_hash_table_size (list->by_name);
}

gboolean
loket_allowlist_keeps_all (LoketAllowlist *fresh,
                           LoketAllowlist *old)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, old->by_key);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (fresh->by_key, key))
      return FALSE;
  return TRUE;
}

/* ---- sockets ----------------------------------------------------------- */

static gboolean
set_option (void       *socket,
            int         option,
            const void *value,
            size_t      size,
            const char *name,
            GError    **error)
{
  if (zmq_setsockopt (socket, option, value, size) == 0)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "%s: %s", name, zmq_strerror (zmq_errno ()));
  return FALSE;
}

gboolean
loket_keys_apply_server (void               *socket,
                         const LoketKeyPair *server,
                         GError            **error)
{
  int on = 1;

  return set_option (socket, ZMQ_CURVE_SERVER, &on, sizeof on, "ZMQ_CURVE_SERVER", error) &&
         set_option (socket, ZMQ_CURVE_SECRETKEY, server->secret_key, LOKET_Z85_KEY_LEN + 1,
                     "ZMQ_CURVE_SECRETKEY", error) &&
         set_option (socket, ZMQ_ZAP_DOMAIN, LOKET_ZAP_DOMAIN, strlen (LOKET_ZAP_DOMAIN),
                     "ZMQ_ZAP_DOMAIN", error) &&
         set_option (socket, ZMQ_ZAP_ENFORCE_DOMAIN, &on, sizeof on, "ZMQ_ZAP_ENFORCE_DOMAIN", error);
}

gboolean
loket_keys_apply_client (void                 *socket,
                         const LoketClientKey *key,
                         GError              **error)
{
  return set_option (socket, ZMQ_CURVE_SERVERKEY, key->server_public_key, LOKET_Z85_KEY_LEN + 1,
                     "ZMQ_CURVE_SERVERKEY", error) &&
         set_option (socket, ZMQ_CURVE_PUBLICKEY, key->pair.public_key, LOKET_Z85_KEY_LEN + 1,
                     "ZMQ_CURVE_PUBLICKEY", error) &&
         set_option (socket, ZMQ_CURVE_SECRETKEY, key->pair.secret_key, LOKET_Z85_KEY_LEN + 1,
                     "ZMQ_CURVE_SECRETKEY", error) &&
         set_option (socket, ZMQ_ZAP_DOMAIN, LOKET_ZAP_DOMAIN, strlen (LOKET_ZAP_DOMAIN),
                     "ZMQ_ZAP_DOMAIN", error);
}
