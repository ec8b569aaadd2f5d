/* test-client.c — the client on the main loop, against a server the test
 * plays itself: a real ZeroMQ ROUTER on loopback, read on the same main
 * loop, that answers some requests at once and leaves others unanswered.
 *
 * What it shows: two requests in flight proceed independently (the quick
 * one is answered while the slow one still waits), the slow one is sent
 * again under the same req_id with the same body until its total time
 * runs out and then ends with LOKET_ERROR_TIMEOUT, and a reply nobody
 * waits for (an unknown or cancelled req_id) is dropped, not handed to
 * the next request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-client.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-test-server.h"
#include "loket-zmq-source.h"

#include <string.h>
#include <zmq.h>

#define TOTAL_MS 1500
#define RETRY_MS 200

/* The fake server: answers "FAST" at once, never "SLOW"; keeps every
 * copy of each request it saw (its body as text) by req_id. */
typedef struct {
  void       *router;
  char       *endpoint;
  GSource    *watch;
  GHashTable *seen;      /* req_id → GPtrArray of body texts */
  GBytes     *peer;      /* the client's routing id, once heard */
} FakeServer;

static gboolean
on_request (void *socket, gpointer user_data)
{
  FakeServer *fake = user_data;

  while (loket_zmq_socket_readable (socket))
    {
      g_autoptr(GBytes) peer = NULL;
      g_autoptr(LoketMessage) request = loket_message_recv (socket, TRUE, &peer, NULL);
      const char *req_id;
      GPtrArray *copies;

      if (request == NULL)
        continue;
      req_id = loket_json_optional_string (request->body, "req_id");
      copies = g_hash_table_lookup (fake->seen, req_id);
      if (copies == NULL)
        {
          copies = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (fake->seen, g_strdup (req_id), copies);
        }
      g_ptr_array_add (copies, loket_json_to_string (request->body));
      g_clear_pointer (&fake->peer, g_bytes_unref);
      fake->peer = g_bytes_ref (request->routing_id);
      if (g_str_equal (request->type, "FAST"))
        {
          g_autoptr(JsonObject) body = loket_json_object_new_with ("req_id", req_id,
                                                                   "answer", req_id, NULL);
          g_autoptr(LoketMessage) reply = loket_message_new ("OK", body);

          reply->routing_id = g_bytes_ref (request->routing_id);
          g_assert_true (loket_message_send (reply, socket, NULL));
        }
    }
  return G_SOURCE_CONTINUE;
}

static FakeServer *
fake_server_new (void)
{
  FakeServer *fake = g_new0 (FakeServer, 1);
  char endpoint[256];
  size_t len = sizeof endpoint;
  g_autoptr(GError) error = NULL;

  fake->router = loket_zmq_socket_new (ZMQ_ROUTER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (zmq_bind (fake->router, "tcp://127.0.0.1:*"), ==, 0);
  g_assert_cmpint (zmq_getsockopt (fake->router, ZMQ_LAST_ENDPOINT, endpoint, &len), ==, 0);
  fake->endpoint = g_strdup (endpoint);
  fake->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_ptr_array_unref);
  fake->watch = loket_zmq_watch (fake->router, on_request, fake, NULL);
  return fake;
}

static void
fake_server_free (FakeServer *fake)
{
  g_source_destroy (fake->watch);
  loket_zmq_close (fake->router);
  g_hash_table_unref (fake->seen);
  g_clear_pointer (&fake->peer, g_bytes_unref);
  g_free (fake->endpoint);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

/* Sends the client a reply of the fake server's making. */
static void
fake_server_reply (FakeServer *fake, const char *req_id, const char *answer)
{
  g_autoptr(JsonObject) body = loket_json_object_new_with ("req_id", req_id, "answer", answer, NULL);
  g_autoptr(LoketMessage) reply = loket_message_new ("OK", body);

  g_assert_nonnull (fake->peer);
  reply->routing_id = g_bytes_ref (fake->peer);
  g_assert_true (loket_message_send (reply, fake->router, NULL));
}

static guint
fake_server_copies (FakeServer *fake, const char *req_id)
{
  GPtrArray *copies = g_hash_table_lookup (fake->seen, req_id);

  return copies ? copies->len : 0;
}

typedef struct {
  gboolean    done;
  gint64      at;       /* monotonic µs */
  JsonObject *reply;
  GError     *error;
} Outcome;

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *outcome = user_data;

  outcome->reply = loket_client_request_finish (LOKET_CLIENT (source), result, &outcome->error);
  outcome->at = g_get_monotonic_time ();
  outcome->done = TRUE;
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->reply, json_object_unref);
  g_clear_error (&outcome->error);
}

static LoketClient *
client_for (FakeServer *fake)
{
  g_autoptr(GError) error = NULL;
  LoketClient *client = loket_client_new (fake->endpoint, NULL, "kiosk-test", &error);

  g_assert_no_error (error);
  loket_client_set_timeout (client, TOTAL_MS, RETRY_MS);
  return client;
}

/* A server silent on request 1 does not hold up request 2; request 1 is
 * sent again, the same each time, and ends in a timeout. */
static void
test_slow_does_not_block_next (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(LoketClient) client = client_for (fake);
  g_autofree char *slow_id = loket_client_new_req_id (client);
  g_autofree char *fast_id = loket_client_new_req_id (client);
  Outcome slow = { 0 }, fast = { 0 };
  gint64 start = g_get_monotonic_time ();
  GPtrArray *copies;

  loket_client_request_async (client, "SLOW", NULL, slow_id, NULL, on_done, &slow);
  loket_client_request_async (client, "FAST", NULL, fast_id, NULL, on_done, &fast);
  g_assert_cmpuint (loket_client_get_n_pending (client), ==, 2);

  g_assert_true (loket_test_wait_for (&fast.done, TOTAL_MS));
  g_assert_false (slow.done);
  g_assert_no_error (fast.error);
  g_assert_cmpstr (json_object_get_string_member (fast.reply, "answer"), ==, fast_id);
  /* Long before the slow one's timeout (a serialising client would make
   * it wait for that); loose enough for a loaded machine. */
  g_assert_cmpint (fast.at - start, <, TOTAL_MS * 1000 / 2);

  g_assert_true (loket_test_wait_for (&slow.done, 3 * TOTAL_MS));
  g_assert_error (slow.error, LOKET_ERROR, LOKET_ERROR_TIMEOUT);
  g_assert_cmpint (slow.at - start, >=, TOTAL_MS * 1000);
  g_assert_cmpuint (loket_client_get_n_pending (client), ==, 0);
  /* Sent at once and every retry interval until the deadline: the same
   * req_id, the same body, byte for byte. */
  copies = g_hash_table_lookup (fake->seen, slow_id);
  g_assert_nonnull (copies);
  g_assert_cmpuint (copies->len, >=, 3);
  g_assert_cmpuint (copies->len, <=, TOTAL_MS / RETRY_MS + 1);
  for (guint i = 1; i < copies->len; i++)
    g_assert_cmpstr (g_ptr_array_index (copies, i), ==, g_ptr_array_index (copies, 0));
  /* The answered one was never repeated. */
  g_assert_cmpuint (fake_server_copies (fake, fast_id), ==, 1);
  outcome_clear (&slow);
  outcome_clear (&fast);
}

/* Cancelled, a request ends at once and is forgotten: its late reply, and
 * a reply to a req_id never asked, go nowhere, and the next request gets
 * its own answer. */
static void
test_stray_replies_dropped (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(LoketClient) client = client_for (fake);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *slow_id = loket_client_new_req_id (client);
  g_autofree char *fast_id = loket_client_new_req_id (client);
  Outcome slow = { 0 }, fast = { 0 };
  guint sent_before;

  loket_client_request_async (client, "SLOW", NULL, slow_id, cancellable, on_done, &slow);
  while (fake_server_copies (fake, slow_id) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  g_assert_true (loket_test_wait_for (&slow.done, TOTAL_MS));
  g_assert_error (slow.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (loket_client_get_n_pending (client), ==, 0);
  sent_before = fake_server_copies (fake, slow_id);

  fake_server_reply (fake, slow_id, "late");
  fake_server_reply (fake, "nobody-asked-1", "stray");
  loket_client_request_async (client, "FAST", NULL, fast_id, NULL, on_done, &fast);
  g_assert_true (loket_test_wait_for (&fast.done, TOTAL_MS));
  g_assert_no_error (fast.error);
  g_assert_cmpstr (json_object_get_string_member (fast.reply, "answer"), ==, fast_id);
  /* Past a retry interval: the cancelled one is not sent again. */
  {
    gboolean never = FALSE;

    loket_test_wait_for (&never, 2 * RETRY_MS);
  }
  g_assert_cmpuint (fake_server_copies (fake, slow_id), ==, sent_before);
  g_assert_cmpuint (loket_client_get_n_pending (client), ==, 0);
  outcome_clear (&slow);
  outcome_clear (&fast);
}

/* The server's refusal is the caller's error, with the server's code. */
static void
test_error_reply (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(LoketClient) client = client_for (fake);
  g_autofree char *req_id = loket_client_new_req_id (client);
  Outcome outcome = { 0 };

  loket_client_request_async (client, "SLOW", NULL, req_id, NULL, on_done, &outcome);
  while (fake->peer == NULL)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(GError) refusal = g_error_new_literal (LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no such service");
    g_autoptr(LoketMessage) reply = loket_message_new_error (req_id, refusal);

    reply->routing_id = g_bytes_ref (fake->peer);
    g_assert_true (loket_message_send (reply, fake->router, NULL));
  }
  g_assert_true (loket_test_wait_for (&outcome.done, TOTAL_MS));
  g_assert_error (outcome.error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  outcome_clear (&outcome);
}

/* A socket option ZeroMQ refuses is an error that names the option. */
static void
test_bad_option_named (void)
{
  g_autoptr(GError) error = NULL;
  void *socket = loket_zmq_socket_new (ZMQ_DEALER, &error);
  int bad = 0;

  g_assert_no_error (error);
  /* ZMQ_SUBSCRIBE does not apply to a DEALER: EINVAL. */
  g_assert_false (LOKET_ZMQ_SET (socket, ZMQ_SUBSCRIBE, bad, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ZMQ_SUBSCRIBE"));
  loket_zmq_close (socket);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client/slow-does-not-block-next", test_slow_does_not_block_next);
  g_test_add_func ("/client/stray-replies-dropped", test_stray_replies_dropped);
  g_test_add_func ("/client/error-reply", test_error_reply);
  g_test_add_func ("/client/bad-option-named", test_bad_option_named);
  return g_test_run ();
}
