/* loket-app-connection.c — the connection settings every app shares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "loket-app-connection.h"
#include "loket-error.h"

const GOptionEntry loket_app_connection_options[] = {
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL, "loketd's request endpoint (tcp://HOST:PORT)", "ENDPOINT" },
  { "publish", 0, 0, G_OPTION_ARG_STRING, NULL, "loketd's event endpoint (default: PORT+1)", "ENDPOINT" },
  { "keys", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Key directory (loketctl keys)", "DIR" },
  { "as", 0, 0, G_OPTION_ARG_STRING, NULL, "This device's key name", "NAME" },
  { "insecure", 0, 0, G_OPTION_ARG_NONE, NULL, "Talk to a loketd started with --insecure", NULL },
  { NULL }
};

static void
lookup (GVariantDict *options, const char *key, const char *type, char **out)
{
  if (*out == NULL)
    g_variant_dict_lookup (options, key, type, out);
}

void
loket_app_connection_lookup (LoketAppConnection *conn,
                             GVariantDict       *options)
{
  lookup (options, "server", "s", &conn->server);
  lookup (options, "publish", "s", &conn->publish);
  lookup (options, "keys", "^ay", &conn->keys);
  lookup (options, "as", "s", &conn->device);
  g_variant_dict_lookup (options, "insecure", "b", &conn->insecure);
}

static void
load (GKeyFile *file, const char *group, const char *key, char **out)
{
  if (*out == NULL)
    *out = g_key_file_get_string (file, group, key, NULL);
}

GKeyFile *
loket_app_connection_load_file (LoketAppConnection *conn,
                                const char         *path,
                                const char         *group,
                                GError            **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  load (file, group, "Server", &conn->server);
  load (file, group, "Publish", &conn->publish);
  load (file, group, "Keys", &conn->keys);
  load (file, group, "Name", &conn->device);
  return g_steal_pointer (&file);
}

gboolean
loket_app_connection_open_client (LoketAppConnection  *conn,
                                  LoketClient        **client,
                                  LoketClientKey     **key_out,
                                  GError             **error)
{
  g_autoptr(LoketClientKey) key = NULL;

  if (conn->server == NULL || conn->device == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "say which server and which device: --server and --as "
                           "(or Server= and Name= in the config file)");
      return FALSE;
    }
  if (conn->keys == NULL && !conn->insecure)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "no --keys DIR; use --insecure only with a loketd started with --insecure");
      return FALSE;
    }
  if (!conn->insecure && (key = loket_client_key_load (conn->keys, conn->device, error)) == NULL)
    return FALSE;
  *client = loket_client_new (conn->server, key, conn->device, error);
  if (*client == NULL)
    return FALSE;
  if (key_out != NULL)
    *key_out = g_steal_pointer (&key);
  return TRUE;
}

gboolean
loket_app_connection_open (LoketAppConnection *conn,
                           LoketClient       **client,
                           LoketSubscriber   **subscriber,
                           GError            **error)
{
  g_autoptr(LoketClientKey) key = NULL;
  g_autofree char *publish = NULL;

  if (!loket_app_connection_open_client (conn, client, &key, error))
    return FALSE;
  publish = conn->publish ? g_strdup (conn->publish) : loket_endpoint_next_port (conn->server, error);
  if (publish != NULL)
    *subscriber = loket_subscriber_new (conn->server, publish, key, conn->device, error);
  if (publish == NULL || *subscriber == NULL)
    {
      g_clear_object (client);
      return FALSE;
    }
  return TRUE;
}

void
loket_app_connection_clear (LoketAppConnection *conn)
{
  g_clear_pointer (&conn->server, g_free);
  g_clear_pointer (&conn->publish, g_free);
  g_clear_pointer (&conn->keys, g_free);
  g_clear_pointer (&conn->device, g_free);
}
