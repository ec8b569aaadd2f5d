/* test-security.c — CURVE against a real loketd: a plaintext peer and a
 * peer that trusts the wrong server get nothing; a device may not speak
 * for another; the server will not start without keys or with a bad
 * charter, and --insecure is what it says.  Who may send what, unknown
 * and revoked keys and oversized messages are in test-security-matrix.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-test-monitor.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <string.h>
#include <zmq.h>

#include "loket-zmq-source.h"

static LoketTestServer *server;

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

/* The server is still there for a client with the right keys. */
static void
assert_server_alive (void)
{
  g_autoptr(LoketClient) good = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) status = loket_test_request (good, "STATUS", NULL);

  g_assert_true (json_object_has_member (status, "server"));
}

/* A plaintext peer is refused in the handshake (the NULL mechanism
 * offered to a CURVE socket), not merely unanswered: the client's own
 * socket says so. */
static void
test_plaintext_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketClient) client = loket_client_new (server->listen, NULL, "plain", &error);
  g_autoptr(LoketTestMonitor) monitor = NULL;

  g_assert_no_error (error);
  monitor = loket_test_monitor_new (loket_zmq_context (), loket_client_get_socket (client));
  loket_client_set_timeout (client, 1500, 500);
  g_assert_null (loket_client_request (client, "STATUS", NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT);
  /* A protocol error (mechanism mismatch) if the client read the
   * server's greeting before the server hung up, else a broken pipe —
   * or, on a busy machine where the server's close overtakes the
   * client's reading, the connection closed under it (DISCONNECTED):
   * either way a connection that was made and never got a session (a
   * dead server never connects, so never disconnects). */
  g_assert_cmpint (loket_test_monitor_wait (monitor, LOKET_TEST_HANDSHAKE_FAILED | ZMQ_EVENT_DISCONNECTED,
                                            10000, NULL), !=, 0);
  g_assert_false (loket_test_monitor_seen (monitor) & ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
  assert_server_alive ();
}

/* A client given the wrong server key (a man in the middle's) gets no
 * session: CURVE authenticates the server too.  The server cannot open
 * the client's HELLO and closes the connection, so the client sees a
 * connection closed (DISCONNECTED: a TCP connection was there) without a
 * handshake; a dead server shows only connection attempts. */
static void
test_wrong_server_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketClientKey) key = loket_test_server_key (server, "kiosk1");
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(LoketTestMonitor) monitor = NULL;
  LoketKeyPair impostor;

  g_assert_true (loket_key_pair_generate (&impostor, &error));
  memcpy (key->server_public_key, impostor.public_key, sizeof key->server_public_key);
  client = loket_client_new (server->listen, key, NULL, &error);
  g_assert_no_error (error);
  monitor = loket_test_monitor_new (loket_zmq_context (), loket_client_get_socket (client));
  loket_client_set_timeout (client, 1500, 500);
  g_assert_null (loket_client_request (client, "STATUS", NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT);
  g_assert_cmpint (loket_test_monitor_wait (monitor, ZMQ_EVENT_DISCONNECTED, 10000, NULL),
                   ==, ZMQ_EVENT_DISCONNECTED);
  g_assert_false (loket_test_monitor_seen (monitor) & ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
  assert_server_alive ();
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
  g_test_add_func ("/security/device-id-must-match-key", test_device_id_must_match_key);
  g_test_add_func ("/security/plaintext-refused", test_plaintext_refused);
  g_test_add_func ("/security/wrong-server-key", test_wrong_server_key);
  g_test_add_func ("/security/refuses-to-start", test_refuses_to_start);
  g_test_add_func ("/security/insecure-mode", test_insecure_mode);
  return loket_test_run_with_server (server);
}
