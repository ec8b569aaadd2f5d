/* test-security.c — CURVE and roles against a real loketd: unknown keys,
 * a plaintext peer and a peer that trusts the wrong server get nothing;
 * each role may do only its own work; a revoked key loses its rights on
 * SIGHUP; the server will not start without keys or with a bad charter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <zmq.h>

#include "loket-zmq-source.h"

static LoketTestServer *server;

static void
assert_denied (const char *name, const char *type, JsonObject *body, LoketErrorCode code)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request (client, type, body, &error);

  g_assert_null (reply);
  g_assert_error (error, LOKET_ERROR, (gint) code);
  json_object_unref (body);
}

static void
test_roles (void)
{
  assert_denied ("kiosk1", "CALL", loket_test_body ("counter", "1", NULL), LOKET_ERROR_DENIED);
  assert_denied ("kiosk1", "VOID", loket_test_body ("ticket", "A-001", "reason", "x", NULL), LOKET_ERROR_DENIED);
  assert_denied ("display1", "ISSUE", loket_test_body ("service", "ktp", NULL), LOKET_ERROR_DENIED);
  assert_denied ("display1", "CALL", loket_test_body ("counter", "1", NULL), LOKET_ERROR_DENIED);
  assert_denied ("counter1", "ISSUE", loket_test_body ("service", "ktp", NULL), LOKET_ERROR_DENIED);
  assert_denied ("counter1", "VOID", loket_test_body ("ticket", "A-001", "reason", "x", NULL), LOKET_ERROR_DENIED);
  assert_denied ("counter1", "CLERK_SET", loket_test_body ("clerk", "x", "name", "x", "pin", "1234", NULL),
                 LOKET_ERROR_DENIED);
}

/* A device may not speak for another: the body's device_id must be the
 * key's name.  (LoketClient always sends its own, so build it by hand.) */
static void
test_device_id_must_match_key (void)
{
  g_autoptr(LoketClientKey) key = loket_test_server_key (server, "kiosk1");
  g_autoptr(LoketMessage) request = loket_message_new ("ISSUE", NULL);
  g_autoptr(LoketMessage) reply = NULL;
  void *socket = zmq_socket (loket_zmq_context (), ZMQ_DEALER);
  zmq_pollitem_t item = { socket, 0, ZMQ_POLLIN, 0 };

  g_assert_true (loket_keys_apply_client (socket, key, NULL));
  g_assert_cmpint (zmq_connect (socket, server->listen), ==, 0);
  json_object_set_string_member (request->body, "req_id", "spoof-1");
  json_object_set_string_member (request->body, "device_id", "kiosk2");
  json_object_set_string_member (request->body, "service", "ktp");
  g_assert_true (loket_message_send (request, socket, NULL));
  g_assert_cmpint (zmq_poll (&item, 1, 20000), ==, 1);
  reply = loket_message_recv (socket, FALSE, NULL, NULL);
  g_assert_nonnull (reply);
  g_assert_cmpstr (reply->type, ==, "ERROR");
  g_assert_cmpstr (loket_json_optional_string (reply->body, "code"), ==, "denied");
  loket_zmq_close (socket);
}

/* A client that is not on the allowlist is never heard: no reply at all. */
static void
test_unknown_key_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (server->dir, "other-keys", NULL);
  g_autoptr(LoketClientKey) stranger = NULL;
  g_autoptr(LoketClientKey) real = loket_test_server_key (server, "kiosk1");
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) status = NULL;

  g_assert_true (loket_keys_init (other, &error));
  g_assert_true (loket_keys_add (other, "stranger", LOKET_ROLE_SUPERVISOR, &error));
  stranger = loket_client_key_load (other, "stranger", &error);
  g_assert_no_error (error);
  /* It even knows the real server's public key; its own key is unknown. */
  memcpy (stranger->server_public_key, real->server_public_key, sizeof stranger->server_public_key);
  client = loket_client_new (server->listen, stranger, NULL, &error);
  loket_client_set_timeout (client, 1500, 500);
  g_assert_null (loket_client_request (client, "STATUS", NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT);

  status = loket_test_request (super, "STATUS", NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (status, "server"),
                                               "refused_keys"), >, 0);
}

static void
test_plaintext_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketClient) client = loket_client_new (server->listen, NULL, "plain", &error);

  loket_client_set_timeout (client, 1500, 500);
  g_assert_null (loket_client_request (client, "STATUS", NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT);
}

/* A client given the wrong server key (a man in the middle's) gets no
 * session: CURVE authenticates the server too. */
static void
test_wrong_server_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketClientKey) key = loket_test_server_key (server, "kiosk1");
  g_autoptr(LoketClient) client = NULL;
  LoketKeyPair impostor;

  g_assert_true (loket_key_pair_generate (&impostor, &error));
  memcpy (key->server_public_key, impostor.public_key, sizeof key->server_public_key);
  client = loket_client_new (server->listen, key, NULL, &error);
  loket_client_set_timeout (client, 1500, 500);
  g_assert_null (loket_client_request (client, "STATUS", NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT);
}

static void
test_revoke (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk2");
  g_autoptr(JsonObject) first = loket_test_request (kiosk, "SERVICES", NULL);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) after = NULL;

  g_assert_true (loket_keys_revoke (server->keys_dir, "kiosk2", &error));
  loket_test_server_signal (server, SIGHUP);
  /* The open connection may still deliver, but the request is refused. */
  loket_client_set_timeout (kiosk, 3000, 1000);
  for (guint i = 0; i < 50; i++)
    {
      g_clear_error (&error);
      after = loket_client_request (kiosk, "SERVICES", body, &error);
      if (after == NULL)
        break;
      g_clear_pointer (&after, json_object_unref);
      g_usleep (100 * 1000);  /* SIGHUP is asynchronous; poll briefly */
    }
  g_assert_null (after);
  g_assert_true (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_DENIED) ||
                 g_error_matches (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT));
}

static char *
run_loketd (int *status, const char *charter, gboolean with_keys)
{
  g_autofree char *db = g_build_filename (server->dir, "other.db", NULL);
  const char *argv[] = { g_getenv ("LOKETD"), "--charter", charter, "--db", db,
                         "--listen", "tcp://127.0.0.1:1", with_keys ? "--keys" : NULL,
                         server->keys_dir, NULL };
  g_autoptr(GError) error = NULL;
  char *err = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                status, &error);
  g_assert_no_error (error);
  return err;
}

static void
test_refuses_to_start (void)
{
  g_autofree char *bad = g_build_filename (server->dir, "broken.ini", NULL);
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;
  int status = 0;

  err1 = run_loketd (&status, server->charter_path, FALSE);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err1, "--insecure"));

  g_assert_true (g_file_set_contents (bad, "[Office]\nName=X\nOpeningHours=Mon-Fri 08:00-15:00\n"
                                           "[Service a]\nSeries=A\nName=A\nRequirements=KTP\n"
                                           "PromisedWaitMinutes=soon\nPromisedServiceMinutes=5\n"
                                           "[Counter 1]\nName=L1\nServices=a\n", -1, NULL));
  err2 = run_loketd (&status, bad, TRUE);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_test_message ("%s", err2);
  g_assert_nonnull (strstr (err2, "broken.ini:8: PromisedWaitMinutes:"));
}

/* --insecure is for development: no CURVE, every peer a supervisor that
 * names itself, and plaintext peers are heard. */
static void
test_insecure_mode (void)
{
  g_autoptr(LoketTestServer) plain = loket_test_server_new (NULL);
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(JsonObject) ticket = NULL;
  g_autoptr(JsonObject) status = NULL;

  plain->insecure = TRUE;
  loket_test_server_start (plain);
  client = loket_test_server_client (plain, "laptop");
  ticket = loket_test_request (client, "ISSUE", "service", "ktp", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ticket, "ticket"), "device"),
                   ==, "laptop");
  status = loket_test_request (client, "STATUS", NULL);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (status, "server"), "secure"));
  loket_test_server_stop (plain);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  g_test_add_func ("/security/roles", test_roles);
  g_test_add_func ("/security/device-id-must-match-key", test_device_id_must_match_key);
  g_test_add_func ("/security/unknown-key-refused", test_unknown_key_refused);
  g_test_add_func ("/security/plaintext-refused", test_plaintext_refused);
  g_test_add_func ("/security/wrong-server-key", test_wrong_server_key);
  g_test_add_func ("/security/revoke", test_revoke);
  g_test_add_func ("/security/refuses-to-start", test_refuses_to_start);
  g_test_add_func ("/security/insecure-mode", test_insecure_mode);
  return loket_test_run_with_server (server);
}
