/* test-server.c — a real loketd on loopback: issuing, idempotent retries,
 * simultaneous calls, the event stream, and bad input that must not hurt
 * it.  Also run under valgrind (meson test --setup valgrind) to prove the
 * server frees what it takes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-test-server.h"
#include "loket-zmq-source.h"

#include <gio/gio.h>
#include <string.h>
#include <zmq.h>

static LoketTestServer *server;

static const char *
ticket_number (JsonObject *reply)
{
  return json_object_get_string_member (json_object_get_object_member (reply, "ticket"), "number");
}

static gint64
ticket_id (JsonObject *reply)
{
  return json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id");
}

static void
assert_alive (void)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) status = loket_test_request (super, "STATUS", NULL);

  g_assert_true (json_object_has_member (status, "server"));
}

static void
test_services (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) reply = loket_test_request (kiosk, "SERVICES", NULL);
  JsonArray *services = json_object_get_array_member (reply, "services");

  g_assert_cmpuint (json_array_get_length (services), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (services, 0), "id"), ==, "ktp");
}

/* The same req_id twice is one ticket: a lost reply never doubles it. */
static void
test_retry_is_idempotent (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) body = loket_test_body ("service", "kk", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *req_id = loket_client_new_req_id (kiosk);
  g_autoptr(JsonObject) first = loket_client_request_with_id (kiosk, "ISSUE", body, req_id, &error);
  g_autoptr(JsonObject) again = loket_client_request_with_id (kiosk, "ISSUE", body, req_id, &error);
  g_autoptr(JsonObject) other = loket_client_request (kiosk, "ISSUE", body, &error);

  g_assert_no_error (error);
  g_assert_cmpint (ticket_id (first), ==, ticket_id (again));
  g_assert_cmpstr (ticket_number (first), ==, ticket_number (again));
  g_assert_cmpint (ticket_id (other), !=, ticket_id (first));
}

static void
on_async_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  JsonObject **reply = user_data;
  g_autoptr(GError) error = NULL;

  *reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

/* From a main loop, as the apps ask: the loop keeps running meanwhile,
 * and the same req_id again is the same ticket. */
static void
test_async_request (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) body = loket_test_body ("service", "kk", NULL);
  g_autofree char *req_id = loket_client_new_req_id (kiosk);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) again = NULL;

  loket_client_request_async (kiosk, "ISSUE", body, req_id, NULL, on_async_reply, &first);
  loket_client_request_async (kiosk, "ISSUE", body, req_id, NULL, on_async_reply, &again);
  while (first == NULL || again == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ticket_id (first), ==, ticket_id (again));
  /* The caller's body is not touched by the request's envelope. */
  g_assert_false (json_object_has_member (body, "req_id"));
}

/* The tickets issued today, by a REPORT's services. */
static gint64
reported_issued (JsonObject *reply)
{
  JsonArray *services = json_object_get_array_member (json_object_get_object_member (reply, "report"), "services");
  gint64 issued = 0;

  for (guint i = 0; i < json_array_get_length (services); i++)
    issued += json_object_get_int_member (json_array_get_object_element (services, i), "issued");
  return issued;
}

/* REPORT is answered on loketd's reader thread, over a database
 * connection of its own (the protocol table's "apart"): it still counts
 * every ticket acknowledged before it was asked — the reader never reads
 * an old snapshot — and with reports in flight the queue goes on, each
 * answer reaching the request that asked for it. */
static void
test_reports_apart (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) before = loket_test_request (super, "REPORT", NULL);
  JsonObject *in_flight[8] = { NULL };
  gint64 base = reported_issued (before);

  for (guint i = 1; i <= 20; i++)
    {
      g_autoptr(JsonObject) report = NULL;

      json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "kk", NULL));
      report = loket_test_request (super, "REPORT", NULL);
      g_assert_cmpint (reported_issued (report), ==, base + i);
    }

  for (guint i = 0; i < G_N_ELEMENTS (in_flight); i++)
    {
      g_autoptr(JsonObject) body = loket_test_body ("lang", i % 2 ? "en" : "id", NULL);
      g_autofree char *req_id = loket_client_new_req_id (super);

      loket_client_request_async (super, "REPORT", body, req_id, NULL, on_async_reply, &in_flight[i]);
    }
  for (guint i = 0; i < 3; i++)
    json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "kk", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (in_flight); i++)
    {
      while (in_flight[i] == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (reported_issued (in_flight[i]), >=, base + 20);
      g_assert_cmpint (reported_issued (in_flight[i]), <=, base + 23);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (in_flight[i], "report"), "lang"),
                       ==, i % 2 ? "en" : "id");
      json_object_unref (in_flight[i]);
    }
  assert_alive ();
}

/* Refusals are answers too: retried, they answer the same. */
static void
test_refusal_is_remembered (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) body = loket_test_body ("service", "nope", NULL);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autofree char *req_id = loket_client_new_req_id (kiosk);

  g_assert_null (loket_client_request_with_id (kiosk, "ISSUE", body, req_id, &e1));
  g_assert_null (loket_client_request_with_id (kiosk, "ISSUE", body, req_id, &e2));
  g_assert_error (e1, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_error (e2, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_cmpstr (e1->message, ==, e2->message);
}

/* A body the protocol table refuses is answered on receipt, naming the
 * field, and never stored: the same req_id with the body put right is
 * then applied. */
static void
test_admission_names_the_field (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) wrong = json_object_new ();
  g_autoptr(JsonObject) right = loket_test_body ("service", "ktp", NULL);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *req_id = loket_client_new_req_id (kiosk);

  json_object_set_int_member (wrong, "service", 7);
  g_assert_null (loket_client_request_with_id (kiosk, "ISSUE", wrong, req_id, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "ISSUE: field \"service\": expected a string");
  reply = loket_client_request_with_id (kiosk, "ISSUE", right, req_id, NULL);
  g_assert_nonnull (reply);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "ticket"), "service"),
                   ==, "ktp");
}

typedef struct {
  LoketClient *client;
  const char  *counter;
  GMutex      *lock;
  GCond       *cond;
  gboolean    *go;
  JsonObject  *reply;
} Caller;

static gpointer
caller_thread (gpointer data)
{
  Caller *c = data;
  g_autoptr(JsonObject) body = loket_test_body ("counter", c->counter, NULL);
  g_autoptr(GError) error = NULL;

  g_mutex_lock (c->lock);
  while (!*c->go)
    g_cond_wait (c->cond, c->lock);
  g_mutex_unlock (c->lock);
  c->reply = loket_client_request (c->client, "CALL", body, &error);
  g_assert_no_error (error);
  return NULL;
}

/* Two counters pressing "call" in the same instant, many times: never the
 * same citizen at two counters. */
static void
test_simultaneous_calls (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk2");
  g_autoptr(LoketClient) c1 = loket_test_server_client (server, "counter1");
  g_autoptr(LoketClient) c2 = loket_test_server_client (server, "counter2");
  GMutex lock;
  GCond cond;

  g_mutex_init (&lock);
  g_cond_init (&cond);
  for (guint round = 0; round < 30; round++)
    {
      gboolean go = FALSE;
      Caller a = { c1, "1", &lock, &cond, &go, NULL }, b = { c2, "2", &lock, &cond, &go, NULL };
      GThread *ta, *tb;

      for (guint i = 0; i < 2; i++)
        json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL));
      ta = g_thread_new ("a", caller_thread, &a);
      tb = g_thread_new ("b", caller_thread, &b);
      g_mutex_lock (&lock);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&lock);
      g_thread_join (ta);
      g_thread_join (tb);
      g_assert_cmpint (ticket_id (a.reply), !=, ticket_id (b.reply));
      json_object_unref (a.reply);
      json_object_unref (b.reply);
      json_object_unref (loket_test_request (c1, "START", "counter", "1", NULL));
      json_object_unref (loket_test_request (c1, "FINISH", "counter", "1", NULL));
      json_object_unref (loket_test_request (c2, "START", "counter", "2", NULL));
      json_object_unref (loket_test_request (c2, "FINISH", "counter", "2", NULL));
    }
  g_mutex_clear (&lock);
  g_cond_clear (&cond);
}

static void
on_event (LoketSubscriber *sub, const char *type, JsonObject *event, gpointer data)
{
  if (g_str_equal (type, "ISSUED"))
    *(gboolean *) data = TRUE;
}

/* A ticket issued is an event every subscriber receives. */
static void
test_event_reaches_subscriber (void)
{
  g_autoptr(LoketSubscriber) sub = loket_test_server_subscriber (server, "display1");
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  gboolean issued = FALSE;

  g_signal_connect (sub, "event", G_CALLBACK (on_event), &issued);
  g_assert_true (loket_test_wait_online (sub, TRUE, 20000));
  json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL));
  g_assert_true (loket_test_wait_for (&issued, 10000));
}

/* Sends raw frames from a plain DEALER that carries the super's key. */
static void *
raw_dealer (void)
{
  g_autoptr(LoketClientKey) key = loket_test_server_key (server, "super");
  void *socket = zmq_socket (loket_zmq_context (), ZMQ_DEALER);

  g_assert_true (loket_keys_apply_client (socket, key, NULL));
  g_assert_cmpint (zmq_connect (socket, server->listen), ==, 0);
  return socket;
}

static LoketMessage *
raw_reply (void *socket)
{
  zmq_pollitem_t item = { socket, 0, ZMQ_POLLIN, 0 };

  if (zmq_poll (&item, 1, 20000) != 1)
    return NULL;
  return loket_message_recv (socket, FALSE, NULL, NULL);
}

static void
assert_rejected (void *socket, const char *code)
{
  g_autoptr(LoketMessage) reply = raw_reply (socket);

  g_assert_nonnull (reply);
  g_assert_cmpstr (reply->type, ==, "ERROR");
  g_assert_cmpstr (loket_json_optional_string (reply->body, "code"), ==, code);
}

/* Random bytes, a wrong version, an unknown type, missing fields, a
 * megabyte: each is refused (or the peer dropped) and loketd stays up. */
static void
test_bad_input (void)
{
  void *socket = raw_dealer ();
  GRand *rand = g_rand_new_with_seed (7);
  g_autofree char *big = g_malloc0 (1024 * 1024);

  for (guint i = 0; i < 50; i++)
    {
      guint8 junk[64];
      gsize len = (gsize) g_rand_int_range (rand, 1, sizeof junk);

      for (gsize j = 0; j < len; j++)
        junk[j] = (guint8) g_rand_int (rand);
      zmq_send (socket, junk, len, ZMQ_SNDMORE);
      zmq_send (socket, junk, len, 0);
      assert_rejected (socket, "invalid");
    }
  zmq_send (socket, "STATUS", 6, ZMQ_SNDMORE);
  zmq_send (socket, "{\"v\":2,\"req_id\":\"x\"}", 20, 0);
  assert_rejected (socket, "version");
  zmq_send (socket, "FROB", 4, ZMQ_SNDMORE);
  zmq_send (socket, "{\"v\":1,\"req_id\":\"x\"}", 20, 0);
  assert_rejected (socket, "unknown-type");
  zmq_send (socket, "ISSUE", 5, ZMQ_SNDMORE);
  zmq_send (socket, "{\"v\":1}", 7, 0);
  assert_rejected (socket, "invalid");
  zmq_send (socket, "ONLYONEFRAME", 12, 0);
  assert_rejected (socket, "invalid");

  /* Past ZMQ_MAXMSGSIZE the server drops the connection unread. */
  memcpy (big, "{\"v\":1,\"req_id\":\"big\",\"pad\":\"", 29);
  memset (big + 29, 'x', 1024 * 1024 - 31);
  memcpy (big + 1024 * 1024 - 2, "\"}", 2);
  zmq_send (socket, "ISSUE", 5, ZMQ_SNDMORE);
  zmq_send (socket, big, 1024 * 1024, 0);

  loket_zmq_close (socket);
  g_rand_free (rand);
  assert_alive ();
}

/* Garbage straight onto the TCP port (not even ZMTP). */
static void
test_garbage_tcp (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  const char *hostport = server->listen + strlen ("tcp://");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GSocketConnection) conn = g_socket_client_connect_to_host (client, hostport, 0, NULL, &error);
      GOutputStream *out;
      guint8 junk[4096];

      g_assert_no_error (error);
      for (guint j = 0; j < sizeof junk; j++)
        junk[j] = (guint8) g_random_int ();
      out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
      g_output_stream_write_all (out, junk, sizeof junk, NULL, NULL, NULL);
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    }
  assert_alive ();
}

static JsonObject *
recent_call (JsonObject *snapshot, gint64 id)
{
  JsonArray *calls = json_object_get_array_member (snapshot, "recent_calls");

  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonObject *call = json_array_get_object_element (calls, i);

      if (json_object_get_int_member (call, "id") == id)
        return call;
    }
  g_assert_not_reached ();
}

/* Each recent call in a snapshot names the event that made it, so that a
 * board resyncing after a gap can announce what it missed, and only that. */
static void
test_snapshot_names_calls (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (server, "counter1");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL);
  g_autoptr(JsonObject) called = loket_test_request (clerk, "CALL", "counter", "1", NULL);
  gint64 id = ticket_id (called);
  g_autoptr(JsonObject) first = loket_test_request (kiosk, "SNAPSHOT", NULL);
  g_autoptr(JsonObject) recalled = loket_test_request (clerk, "RECALL", "counter", "1", NULL);
  g_autoptr(JsonObject) second = loket_test_request (kiosk, "SNAPSHOT", NULL);
  JsonObject *call = recent_call (first, id);
  JsonObject *recall = recent_call (second, id);
  gint64 call_seq = json_object_get_int_member (call, "call_seq");

  g_assert_cmpstr (json_object_get_string_member (call, "call_type"), ==, "CALLED");
  g_assert_cmpint (call_seq, >, 0);
  g_assert_cmpint (call_seq, <=, json_object_get_int_member (first, "seq"));
  g_assert_cmpint (json_object_get_int_member (call, "call_time"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (recall, "call_type"), ==, "RECALLED");
  g_assert_cmpint (json_object_get_int_member (recall, "call_seq"), >, json_object_get_int_member (first, "seq"));
  g_assert_cmpint (json_object_get_int_member (recall, "call_seq"), <=, json_object_get_int_member (second, "seq"));

  json_object_unref (loket_test_request (clerk, "START", "counter", "1", NULL));
  json_object_unref (loket_test_request (clerk, "FINISH", "counter", "1", NULL));
}

/* A snapshot of a busy day is far larger than any request may be. */
static void
test_large_snapshot (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) snapshot = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 250; i++)
    json_object_unref (loket_test_request (kiosk, "ISSUE", "service", "kk", NULL));
  snapshot = loket_test_request (kiosk, "SNAPSHOT", NULL);
  text = loket_json_to_string (snapshot);
  g_assert_cmpuint (strlen (text), >, LOKET_MAX_MESSAGE_SIZE);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (snapshot, "waiting")), >=, 250);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  g_test_add_func ("/server/services", test_services);
  g_test_add_func ("/server/retry-is-idempotent", test_retry_is_idempotent);
  g_test_add_func ("/server/async-request", test_async_request);
  g_test_add_func ("/server/reports-apart", test_reports_apart);
  g_test_add_func ("/server/refusal-is-remembered", test_refusal_is_remembered);
  g_test_add_func ("/server/admission-names-the-field", test_admission_names_the_field);
  g_test_add_func ("/server/simultaneous-calls", test_simultaneous_calls);
  g_test_add_func ("/server/snapshot-names-calls", test_snapshot_names_calls);
  g_test_add_func ("/server/event-reaches-subscriber", test_event_reaches_subscriber);
  g_test_add_func ("/server/large-snapshot", test_large_snapshot);
  g_test_add_func ("/server/bad-input", test_bad_input);
  g_test_add_func ("/server/garbage-tcp", test_garbage_tcp);
  return loket_test_run_with_server (server);
}
