/* test-keys.c — key directories on disk: what init, add and revoke write,
 * with which modes, and how broken files are refused by name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-keys.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *base = g_dir_make_tmp ("loket-keys-XXXXXX", NULL);

  f->dir = g_build_filename (base, "keys", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *base = g_path_get_dirname (f->dir);

  loket_test_remove_tree (base);
  g_free (f->dir);
}

static guint
mode_of (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_init (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LoketKeyPair pair;
  g_autoptr(LoketAllowlist) list = NULL;

  g_assert_true (loket_keys_init (f->dir, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (f->dir, "server.key"), ==, 0600);
  g_assert_cmpuint (mode_of (f->dir, "."), ==, 0700);
  g_assert_true (loket_keys_load_server (f->dir, &pair, &error));
  g_assert_cmpuint (strlen (pair.public_key), ==, 40);
  list = loket_allowlist_load (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loket_allowlist_size (list), ==, 0);

  /* A second init would strand every device: refused. */
  g_assert_false (loket_keys_init (f->dir, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STATE);
}

static void
test_add_and_lookup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketClientKey) kiosk = NULL;
  g_autoptr(LoketAllowlist) list = NULL;
  LoketKeyPair server;
  LoketRole role = LOKET_ROLE_NONE;

  g_assert_true (loket_keys_init (f->dir, &error));
  g_assert_true (loket_keys_add (f->dir, "kiosk-lobby", LOKET_ROLE_KIOSK, &error));
  g_assert_true (loket_keys_add (f->dir, "kepala", LOKET_ROLE_SUPERVISOR, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (f->dir, "clients/kiosk-lobby.key"), ==, 0600);

  kiosk = loket_client_key_load (f->dir, "kiosk-lobby", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk->name, ==, "kiosk-lobby");
  g_assert_cmpint (kiosk->role, ==, LOKET_ROLE_KIOSK);
  g_assert_true (loket_keys_load_server (f->dir, &server, &error));
  g_assert_cmpstr (kiosk->server_public_key, ==, server.public_key);

  list = loket_allowlist_load (f->dir, &error);
  g_assert_cmpuint (loket_allowlist_size (list), ==, 2);
  g_assert_cmpstr (loket_allowlist_lookup_key (list, kiosk->pair.public_key, &role), ==, "kiosk-lobby");
  g_assert_cmpint (role, ==, LOKET_ROLE_KIOSK);
  g_assert_cmpint (loket_allowlist_lookup_name (list, "kepala"), ==, LOKET_ROLE_SUPERVISOR);
  g_assert_cmpint (loket_allowlist_lookup_name (list, "nobody"), ==, LOKET_ROLE_NONE);
  g_assert_null (loket_allowlist_lookup_key (list, server.public_key, NULL));
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *bad_names[] = { "", "has space", "slash/es", ".hidden", "a;b",
                              "0123456789012345678901234567890123456789012345678901234567890123456789", NULL };

  g_assert_false (loket_keys_add (f->dir, "kiosk1", LOKET_ROLE_KIOSK, &error));   /* no init yet */
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (loket_keys_init (f->dir, &error));
  for (guint i = 0; bad_names[i]; i++)
    {
      g_assert_false (loket_keys_add (f->dir, bad_names[i], LOKET_ROLE_KIOSK, &error));
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (loket_keys_add (f->dir, "x", LOKET_ROLE_NONE, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (loket_keys_add (f->dir, "x", LOKET_ROLE_KIOSK | LOKET_ROLE_COUNTER, &error));
  g_clear_error (&error);
  g_assert_true (loket_keys_add (f->dir, "kiosk1", LOKET_ROLE_KIOSK, &error));
  g_assert_false (loket_keys_add (f->dir, "kiosk1", LOKET_ROLE_DISPLAY, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (loket_keys_revoke (f->dir, "ghost", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
}

static void
test_revoke (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketAllowlist) list = NULL;
  g_autoptr(LoketClientKey) gone = NULL;

  g_assert_true (loket_keys_init (f->dir, &error));
  g_assert_true (loket_keys_add (f->dir, "board", LOKET_ROLE_DISPLAY, &error));
  g_assert_true (loket_keys_revoke (f->dir, "board", &error));
  list = loket_allowlist_load (f->dir, &error);
  g_assert_cmpint (loket_allowlist_lookup_name (list, "board"), ==, LOKET_ROLE_NONE);
  gone = loket_client_key_load (f->dir, "board", &error);
  g_assert_null (gone);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* The name can be given a new key afterwards. */
  g_assert_true (loket_keys_add (f->dir, "board", LOKET_ROLE_DISPLAY, &error));
}

static void
test_corrupt_files (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *client = NULL;
  g_autofree char *allow = NULL;
  g_autofree char *server = NULL;
  LoketKeyPair pair;
  g_autoptr(LoketClientKey) key = NULL;
  g_autoptr(LoketAllowlist) list = NULL;

  g_assert_true (loket_keys_init (f->dir, &error));
  g_assert_true (loket_keys_add (f->dir, "k", LOKET_ROLE_KIOSK, &error));
  client = g_build_filename (f->dir, "clients", "k.key", NULL);
  allow = g_build_filename (f->dir, "allowlist.ini", NULL);
  server = g_build_filename (f->dir, "server.key", NULL);

  g_assert_true (g_file_set_contents (client, "[Client]\nName=k\nRole=kiosk\nPublicKey=short\n", -1, NULL));
  key = loket_client_key_load (f->dir, "k", &error);
  g_assert_null (key);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "k.key"));
  g_assert_nonnull (strstr (error->message, "PublicKey"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (allow, "[k]\nRole=janitor\nPublicKey=x\n", -1, NULL));
  list = loket_allowlist_load (f->dir, &error);
  g_assert_null (list);
  g_assert_nonnull (strstr (error->message, "allowlist.ini"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (server, "not a key file at all", -1, NULL));
  g_assert_false (loket_keys_load_server (f->dir, &pair, &error));
  g_assert_nonnull (strstr (error->message, "server.key"));
}

static void
test_roles (void)
{
  LoketRole role;

  g_assert_true (loket_role_from_string ("counter", &role));
  g_assert_cmpint (role, ==, LOKET_ROLE_COUNTER);
  g_assert_false (loket_role_from_string ("root", &role));
  g_assert_cmpstr (loket_role_to_string (LOKET_ROLE_SUPERVISOR), ==, "supervisor");
  g_assert_true (loket_role_from_string ("web", &role));
  g_assert_cmpint (role, ==, LOKET_ROLE_WEB);
  g_assert_cmpstr (loket_role_to_string (LOKET_ROLE_WEB), ==, "web");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/keys/init", test_init);
  ADD ("/keys/add-and-lookup", test_add_and_lookup);
  ADD ("/keys/refusals", test_refusals);
  ADD ("/keys/revoke", test_revoke);
  ADD ("/keys/corrupt-files", test_corrupt_files);
#undef ADD
  g_test_add_func ("/keys/roles", test_roles);
  return g_test_run ();
}
