/* test-zap.c — the ZAP handler with real CURVE sockets on loopback: an
 * allowlisted client is admitted with its public key as User-Id; an unknown
 * key, a plaintext peer and a peer expecting another server are not;
 * subscribers are checked the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-keys.h"
#include "loket-test-monitor.h"
#include "loket-test-server.h"
#include "loket-zap.h"
#include "loket-zmq-source.h"

#include <glib/gstdio.h>
#include <string.h>
#include <zmq.h>

typedef struct {
  char           *dir;
  void           *context;
  LoketAllowlist *allowlist;
  LoketZap       *zap;
  void           *router;
  void           *publisher;
  char            router_endpoint[256];
  char            pub_endpoint[256];
} Fixture;

static void
bind_server (Fixture *f, void *socket, char *endpoint)
{
  LoketKeyPair pair;
  size_t len = 256;

  g_assert_true (loket_keys_load_server (f->dir, &pair, NULL));
  g_assert_true (loket_keys_apply_server (socket, &pair, NULL));
  g_assert_cmpint (zmq_bind (socket, "tcp://127.0.0.1:*"), ==, 0);
  g_assert_cmpint (zmq_getsockopt (socket, ZMQ_LAST_ENDPOINT, endpoint, &len), ==, 0);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_dir_make_tmp ("loket-zap-XXXXXX", NULL);

  f->dir = g_build_filename (base, "keys", NULL);
  g_assert_true (loket_keys_init (f->dir, &error));
  g_assert_true (loket_keys_add (f->dir, "kiosk1", LOKET_ROLE_KIOSK, &error));
  g_assert_true (loket_keys_add (f->dir, "board", LOKET_ROLE_DISPLAY, &error));
  f->allowlist = loket_allowlist_load (f->dir, &error);
  g_assert_no_error (error);
  f->context = zmq_ctx_new ();
  f->zap = loket_zap_new (f->context, f->allowlist, &error);   /* before any bind */
  g_assert_no_error (error);
  f->router = zmq_socket (f->context, ZMQ_ROUTER);
  f->publisher = zmq_socket (f->context, ZMQ_PUB);
  bind_server (f, f->router, f->router_endpoint);
  bind_server (f, f->publisher, f->pub_endpoint);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *base = g_path_get_dirname (f->dir);

  loket_zmq_close (f->router);
  loket_zmq_close (f->publisher);
  g_clear_object (&f->zap);
  zmq_ctx_term (f->context);
  loket_allowlist_free (f->allowlist);
  loket_test_remove_tree (base);
  g_free (f->dir);
}

/* A client socket of @type in the same context, keyed as @key. */
static void *
client_socket (Fixture *f, int type, const LoketClientKey *key, const char *endpoint)
{
  void *socket = zmq_socket (f->context, type);
  int linger = 0;

  zmq_setsockopt (socket, ZMQ_LINGER, &linger, sizeof linger);
  if (key != NULL)
    g_assert_true (loket_keys_apply_client (socket, key, NULL));
  g_assert_cmpint (zmq_connect (socket, endpoint), ==, 0);
  return socket;
}

/* Runs the main loop (the ZAP handler lives there) while waiting for
 * @socket to become readable, at most @ms. */
static gboolean
wait_readable (void *socket, guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      zmq_pollitem_t item = { socket, 0, ZMQ_POLLIN, 0 };

      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (zmq_poll (&item, 1, 10) == 1)
        return TRUE;
    }
  return FALSE;
}

/* Sends a greeting from @client; returns the User-Id the server saw, or
 * NULL if nothing arrived within @ms. */
static char *
exchange (Fixture *f, void *client, guint ms)
{
  zmq_msg_t id, body;
  char *user = NULL;

  zmq_send (client, "hello", 5, ZMQ_DONTWAIT);
  if (!wait_readable (f->router, ms))
    return NULL;
  zmq_msg_init (&id);
  zmq_msg_init (&body);
  g_assert_cmpint (zmq_msg_recv (&id, f->router, 0), >=, 0);
  g_assert_cmpint (zmq_msg_recv (&body, f->router, 0), ==, 5);
  user = g_strdup (zmq_msg_gets (&body, "User-Id"));
  zmq_msg_close (&id);
  zmq_msg_close (&body);
  return user;
}

static void
test_allowlisted_admitted (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClientKey) key = loket_client_key_load (f->dir, "kiosk1", NULL);
  void *client = client_socket (f, ZMQ_DEALER, key, f->router_endpoint);
  g_autofree char *user = exchange (f, client, 10000);

  /* The key, not the name: the server asks the allowlist about the key. */
  g_assert_cmpstr (user, ==, key->pair.public_key);
  g_assert_cmpuint (loket_zap_get_refused (f->zap), ==, 0);
  loket_zmq_close (client);
}

static void
wait_refused (Fixture *f, guint at_least)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (loket_zap_get_refused (f->zap) < at_least && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (loket_zap_get_refused (f->zap), >=, at_least);
}

static void
test_unknown_key_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClientKey) key = loket_client_key_load (f->dir, "kiosk1", NULL);
  g_autofree char *user = NULL;
  void *client;

  /* Same server key, a key pair the allowlist has never seen. */
  g_assert_true (loket_key_pair_generate (&key->pair, NULL));
  client = client_socket (f, ZMQ_DEALER, key, f->router_endpoint);
  zmq_send (client, "hello", 5, ZMQ_DONTWAIT);
  wait_refused (f, 1);
  user = exchange (f, client, 1000);
  g_assert_null (user);
  loket_zmq_close (client);
}

/* After a refusal the door is still open to the right key. */
static void
assert_still_admits (Fixture *f)
{
  g_autoptr(LoketClientKey) key = loket_client_key_load (f->dir, "kiosk1", NULL);
  void *client = client_socket (f, ZMQ_DEALER, key, f->router_endpoint);
  g_autofree char *user = exchange (f, client, 10000);

  g_assert_cmpstr (user, ==, key->pair.public_key);
  loket_zmq_close (client);
}

/* A plaintext peer fails the handshake: it offers the NULL mechanism to
 * a CURVE socket, and both ends say so. */
static void
test_plaintext_refused (Fixture *f, gconstpointer data)
{
  void *client = client_socket (f, ZMQ_DEALER, NULL, f->router_endpoint);
  g_autoptr(LoketTestMonitor) client_side = loket_test_monitor_new (f->context, client);
  g_autoptr(LoketTestMonitor) server_side = loket_test_monitor_new (f->context, f->router);
  g_autofree char *user = NULL;
  guint reason = 0;

  zmq_send (client, "hello", 5, ZMQ_DONTWAIT);
  /* The client: a protocol error if it read the server's greeting
   * before the server hung up, else a broken pipe; a failure either way. */
  g_assert_cmpint (loket_test_monitor_wait (client_side, LOKET_TEST_HANDSHAKE_FAILED, 10000, NULL), !=, 0);
  g_assert_cmpint (loket_test_monitor_wait (server_side, LOKET_TEST_HANDSHAKE_FAILED, 10000, &reason),
                   ==, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL);
  g_assert_cmpuint (reason, ==, ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);
  g_assert_false (loket_test_monitor_seen (client_side) & ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
  user = exchange (f, client, 200);
  g_assert_null (user);
  g_clear_pointer (&client_side, loket_test_monitor_free);
  loket_zmq_close (client);
  assert_still_admits (f);
}

/* A client that expects another server's key: its HELLO cannot be
 * opened by this server, which drops the connection as a cryptographic
 * failure; the client never completes a handshake. */
static void
test_wrong_server_key (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClientKey) key = loket_client_key_load (f->dir, "kiosk1", NULL);
  g_autoptr(LoketTestMonitor) server_side = loket_test_monitor_new (f->context, f->router);
  g_autoptr(LoketTestMonitor) client_side = NULL;
  LoketKeyPair other;
  g_autofree char *user = NULL;
  guint reason = 0;
  void *client;

  g_assert_true (loket_key_pair_generate (&other, NULL));
  memcpy (key->server_public_key, other.public_key, sizeof key->server_public_key);
  client = client_socket (f, ZMQ_DEALER, key, f->router_endpoint);
  client_side = loket_test_monitor_new (f->context, client);
  zmq_send (client, "hello", 5, ZMQ_DONTWAIT);
  g_assert_cmpint (loket_test_monitor_wait (server_side, LOKET_TEST_HANDSHAKE_FAILED, 10000, &reason),
                   ==, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL);
  g_assert_cmpuint (reason, ==, ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);
  /* The client saw its connection closed, never a session. */
  g_assert_cmpint (loket_test_monitor_wait (client_side, ZMQ_EVENT_DISCONNECTED, 10000, NULL),
                   ==, ZMQ_EVENT_DISCONNECTED);
  g_assert_false (loket_test_monitor_seen (client_side) & ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
  user = exchange (f, client, 200);
  g_assert_null (user);
  g_clear_pointer (&client_side, loket_test_monitor_free);
  loket_zmq_close (client);
  assert_still_admits (f);
}

/* Revoking in the allowlist the handler uses closes the door for new
 * connections. */
static void
test_new_allowlist (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClientKey) key = loket_client_key_load (f->dir, "board", NULL);
  LoketAllowlist *fresh;
  g_autofree char *user = NULL;
  void *client;

  g_assert_true (loket_keys_revoke (f->dir, "board", NULL));
  fresh = loket_allowlist_load (f->dir, NULL);
  loket_zap_set_allowlist (f->zap, fresh);
  loket_allowlist_free (f->allowlist);
  f->allowlist = fresh;
  client = client_socket (f, ZMQ_DEALER, key, f->router_endpoint);
  zmq_send (client, "hello", 5, ZMQ_DONTWAIT);
  wait_refused (f, 1);
  user = exchange (f, client, 1000);
  g_assert_null (user);
  loket_zmq_close (client);
}

static void
test_subscriber (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClientKey) key = loket_client_key_load (f->dir, "board", NULL);
  void *sub = client_socket (f, ZMQ_SUB, key, f->pub_endpoint);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean received = FALSE;
  char buffer[16];

  zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "", 0);
  /* Publish until the subscription has reached the publisher. */
  while (!received && g_get_monotonic_time () < deadline)
    {
      zmq_send (f->publisher, "HUGZ", 4, ZMQ_DONTWAIT);
      received = wait_readable (sub, 50);
    }
  g_assert_true (received);
  g_assert_cmpint (zmq_recv (sub, buffer, sizeof buffer, 0), ==, 4);
  loket_zmq_close (sub);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/zap/allowlisted-admitted", test_allowlisted_admitted);
  ADD ("/zap/unknown-key-refused", test_unknown_key_refused);
  ADD ("/zap/plaintext-refused", test_plaintext_refused);
  ADD ("/zap/wrong-server-key", test_wrong_server_key);
  ADD ("/zap/new-allowlist", test_new_allowlist);
  ADD ("/zap/subscriber", test_subscriber);
#undef ADD
  return g_test_run ();
}
