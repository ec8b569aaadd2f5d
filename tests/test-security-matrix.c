/* test-security-matrix.c — who may send what, against a real loketd, for
 * every request type of the protocol table (read from the table itself,
 * so the test cannot drift from it) and every key there is:
 *
 *   - each role (kiosk, display, counter, supervisor, web): refused with
 *     `denied` exactly when the protocol table (loket-protocol.c) says so, and the
 *     refusal is in the server's log; web is refused every write but
 *     those on an explicit allow-list (a citizen's own survey, by the
 *     ticket's token), whatever the table says;
 *   - an unknown key: nothing at all comes back, for any type;
 *   - a revoked key (loketctl keys revoke + SIGHUP) on a connection it
 *     opened before: requests and events stop, even when a new key is
 *     issued under the same name;
 *   - oversized messages: refused, and the server carries on;
 *   - the people behind a supervisor's key (clerk, supervisor, head, or
 *     nobody signed in): refused with `staff-role` exactly when the
 *     table's "people" says so, the role read at each request — the
 *     clerk column is a supervisor made a clerk while signed in, since a
 *     clerk cannot sign in there at all (checked first).
 *
 * The server must still be running and answer at the end of each case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-office.h"
#include "loket-protocol.h"
#include "loket-test-server.h"
#include "loket-zmq-source.h"

#include <signal.h>
#include <string.h>
#include <zmq.h>

static LoketTestServer *server;

static const struct { const char *key; LoketRole role; } role_keys[] = {
  { "kiosk1", LOKET_ROLE_KIOSK },
  { "display1", LOKET_ROLE_DISPLAY },
  { "counter1", LOKET_ROLE_COUNTER },
  { "super", LOKET_ROLE_SUPERVISOR },
  { "web1", LOKET_ROLE_WEB },
  { "sync1", LOKET_ROLE_SYNC },
};

/* ---- a raw DEALER, to send many requests and read what comes back ----- */

static void *
peer_new (const LoketClientKey *key, int type, const char *endpoint)
{
  void *socket = zmq_socket (loket_zmq_context (), type);

  g_assert_true (loket_keys_apply_client (socket, key, NULL));
  if (type == ZMQ_SUB)
    g_assert_cmpint (zmq_setsockopt (socket, ZMQ_SUBSCRIBE, "", 0), ==, 0);
  g_assert_cmpint (zmq_connect (socket, endpoint), ==, 0);
  return socket;
}

/* One body for every type: each handler takes the fields it needs.  What
 * an allowed request then does (or why it fails) is not this test's
 * business, only that it is not `denied`. */
static gboolean
peer_send (void *socket, const char *type, const char *req_id)
{
  g_autoptr(LoketMessage) request = loket_message_new (type, NULL);
  g_autoptr(JsonArray) services = json_array_new ();
  JsonObject *b = request->body;

  json_array_add_string_element (services, "ktp");
  json_object_set_string_member (b, "req_id", req_id);
  json_object_set_string_member (b, "service", "ktp");
  json_object_set_string_member (b, "ticket", "A-001");
  json_object_set_string_member (b, "token", "AAAAAAAAAAAAAAAAAAAAAA");
  json_object_set_string_member (b, "counter", "1");
  json_object_set_string_member (b, "reason", "matrix");
  json_object_set_string_member (b, "clerk", "matrix");
  json_object_set_string_member (b, "name", "Matrix");
  json_object_set_string_member (b, "pin", "1234");
  json_object_set_boolean_member (b, "ok", TRUE);
  json_object_set_string_member (b, "component", "printer");
  json_object_set_string_member (b, "state", "ok");
  json_object_set_string_member (b, "role", "clerk");
  json_object_set_array_member (b, "services", json_array_ref (services));
  json_object_set_object_member (b, "answers", json_object_new ());   /* SURVEY's: {} gets past admission */
  json_object_set_string_member (b, "category", "other");               /* COMPLAIN's */
  json_object_set_string_member (b, "description", "matrix");
  json_object_set_string_member (b, "receipt", "PGD-2026-000001");      /* COMPLAINT_STEP's */
  json_object_set_string_member (b, "act", "note");
  return loket_message_send (request, socket, NULL);
}

/* Reads replies until @expected arrived or @timeout_ms passed; returns
 * req_id → error code ("ok" for OK).  A reply to a request the server
 * could not read has no req_id: "" then. */
static GHashTable *
peer_collect (void *socket, guint expected, guint timeout_ms)
{
  GHashTable *codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  zmq_pollitem_t item = { socket, 0, ZMQ_POLLIN, 0 };

  while (g_hash_table_size (codes) < expected && g_get_monotonic_time () < deadline)
    {
      g_autoptr(LoketMessage) reply = NULL;
      const char *code, *req_id;

      if (zmq_poll (&item, 1, (long) MAX ((deadline - g_get_monotonic_time ()) / 1000, 1)) <= 0)
        continue;
      reply = loket_message_recv (socket, FALSE, NULL, NULL);
      g_assert_nonnull (reply);
      code = g_str_equal (reply->type, "OK") ? "ok" : loket_json_optional_string (reply->body, "code");
      req_id = loket_json_optional_string (reply->body, "req_id");
      g_hash_table_insert (codes, g_strdup (req_id ? req_id : ""), g_strdup (code));
    }
  return codes;
}

/* Sends every type of the protocol table (and one that is not there) on
 * @socket, req_id "PREFIX-TYPE"; returns how many went out.  A peer the
 * server refused may see its connection dropped mid-way (no route: the
 * send fails), which is for the caller to judge. */
static guint
send_every_type (void *socket, const char *prefix)
{
  guint sent = 0;

  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    {
      g_autofree char *req_id = g_strdup_printf ("%s-%s", prefix, loket_protocol_requests[i].type);

      sent += peer_send (socket, loket_protocol_requests[i].type, req_id);
    }
  {
    g_autofree char *req_id = g_strdup_printf ("%s-NO_SUCH_TYPE", prefix);

    sent += peer_send (socket, "NO_SUCH_TYPE", req_id);
  }
  return sent;
}

static char *
server_log (void)
{
  char *log = NULL;

  g_assert_true (g_file_get_contents (server->log_path, &log, NULL, NULL));
  return log;
}

static void
assert_server_answers (void)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) status = loket_test_request (super, "STATUS", NULL);

  g_assert_nonnull (status);
}

/* ---- the matrix --------------------------------------------------------- */

/* The only writes the public gateway may send: what a citizen sends
 * about their own visit, naming its ticket (if any) by the token they
 * hold — the survey and a complaint (docs/security.md).  Nothing else
 * should join this list. */
static const char * const web_writes[] = { "SURVEY", "COMPLAIN", NULL };

static gboolean
web_may_write (const char *type)
{
  return g_strv_contains (web_writes, type);
}

static void
check_role (const char *key_name, LoketRole role)
{
  g_autoptr(LoketClientKey) key = loket_test_server_key (server, key_name);
  void *socket = peer_new (key, ZMQ_DEALER, server->listen);
  guint n = send_every_type (socket, key_name);
  g_autoptr(GHashTable) codes = NULL;

  g_assert_cmpuint (n, ==, LOKET_REQUEST_N + 1);
  codes = peer_collect (socket, n, 30000);
  g_autofree char *log = NULL;

  g_assert_cmpuint (g_hash_table_size (codes), ==, n);
  log = server_log ();
  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    {
      const char *type = loket_protocol_requests[i].type;
      g_autofree char *req_id = g_strdup_printf ("%s-%s", key_name, type);
      const char *code = g_hash_table_lookup (codes, req_id);
      gboolean allowed = (loket_protocol_requests[i].roles & role) != 0;
      g_autofree char *logged = g_strdup_printf ("rejected a message from %s: a %s may not send %s",
                                                 key_name, loket_role_to_string (role), type);

      g_test_message ("%s %s: %s", loket_role_to_string (role), type, code);
      /* Whatever the table says, the public gateway writes nothing but
       * what is on this list: a citizen's own survey or complaint. */
      if (role == LOKET_ROLE_WEB && loket_protocol_requests[i].writes && !web_may_write (type))
        g_assert_cmpstr (code, ==, "denied");
      if (role == LOKET_ROLE_WEB && web_may_write (type))
        g_assert_true (loket_protocol_requests[i].writes && allowed);
      if (allowed)
        g_assert_cmpstr (code, !=, "denied");
      else
        {
          g_assert_cmpstr (code, ==, "denied");
          g_assert_nonnull (strstr (log, logged));
        }
    }
  {
    g_autofree char *req_id = g_strdup_printf ("%s-NO_SUCH_TYPE", key_name);

    g_assert_cmpstr (g_hash_table_lookup (codes, req_id), ==, "unknown-type");
  }
  loket_zmq_close (socket);
  assert_server_answers ();
}

static void
test_matrix (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);

  check_role (role_keys[i].key, role_keys[i].role);
}

/* A key the server does not know gets no session: nothing comes back for
 * any type, and the refusal is counted. */
static void
test_unknown_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (server->dir, "other-keys", NULL);
  g_autoptr(LoketClientKey) stranger = NULL;
  g_autoptr(LoketClientKey) real = loket_test_server_key (server, "kiosk1");
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GHashTable) codes = NULL;
  void *socket;

  g_assert_true (loket_keys_init (other, &error));
  g_assert_true (loket_keys_add (other, "stranger", LOKET_ROLE_SUPERVISOR, &error));
  stranger = loket_client_key_load (other, "stranger", &error);
  g_assert_no_error (error);
  /* It even knows the real server's public key; its own key is unknown. */
  memcpy (stranger->server_public_key, real->server_public_key, sizeof stranger->server_public_key);
  socket = peer_new (stranger, ZMQ_DEALER, server->listen);
  send_every_type (socket, "stranger");
  codes = peer_collect (socket, 1, 1500);
  g_assert_cmpuint (g_hash_table_size (codes), ==, 0);
  loket_zmq_close (socket);

  status = loket_test_request (super, "STATUS", NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (status, "server"),
                                               "refused_keys"), >, 0);
  {
    g_autofree char *log = server_log ();

    g_assert_nonnull (strstr (log, "refused a connection from"));
  }
}

/* Waits for the server to log @needle @count times (SIGHUP is
 * asynchronous: the log says when it was handled). */
static void
wait_logged (const char *needle, guint count)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *log = server_log ();
      guint seen = 0;

      for (const char *at = strstr (log, needle); at != NULL; at = strstr (at + 1, needle))
        seen++;
      if (seen >= count)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);   /* polling a file: there is no event to wait on */
    }
}

static guint
count_logged (const char *needle)
{
  g_autofree char *log = server_log ();
  guint seen = 0;

  for (const char *at = strstr (log, needle); at != NULL; at = strstr (at + 1, needle))
    seen++;
  return seen;
}

/* TRUE if anything arrives on @socket within @timeout_ms. */
static gboolean
hears_anything (void *socket, guint timeout_ms)
{
  zmq_pollitem_t item = { socket, 0, ZMQ_POLLIN, 0 };
  gboolean heard = FALSE;

  while (zmq_poll (&item, 1, timeout_ms) > 0)
    {
      g_autoptr(LoketMessage) message = loket_message_recv (socket, FALSE, NULL, NULL);

      heard = TRUE;
      timeout_ms = 0;   /* drain what is queued, then answer */
    }
  return heard;
}

/* A revoked key's connections, opened before the revocation, are closed:
 * no answer but `denied` to any request, no more events — even though a
 * new key was issued under the same name before the SIGHUP, and that new
 * key works. */
static void
test_revoked_key (void)
{
  g_autoptr(LoketClientKey) old_key = loket_test_server_key (server, "kiosk2");
  g_autoptr(LoketClientKey) new_key = NULL;
  void *dealer = peer_new (old_key, ZMQ_DEALER, server->listen);
  void *sub = peer_new (old_key, ZMQ_SUB, server->publish);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(LoketClient) renewed = NULL;
  g_autoptr(JsonObject) services = NULL;
  guint reloads = count_logged ("allowlist reloaded");
  GHashTableIter iter;
  gpointer code;

  g_assert_true (peer_send (dealer, "SERVICES", "before"));
  before = peer_collect (dealer, 1, 10000);
  g_assert_cmpstr (g_hash_table_lookup (before, "before"), ==, "ok");
  g_assert_true (hears_anything (sub, 5000));   /* the heartbeat, every second */

  g_free (loket_test_server_ctl (server, "super", "keys", "revoke", server->keys_dir, "kiosk2", NULL));
  g_free (loket_test_server_ctl (server, "super", "keys", "add", server->keys_dir, "kiosk2", "kiosk", NULL));
  loket_test_server_signal (server, SIGHUP);
  wait_logged ("allowlist reloaded", reloads + 1);
  g_assert_cmpuint (count_logged ("a key was revoked"), >=, 1);

  send_every_type (dealer, "revoked");
  after = peer_collect (dealer, 1, 2000);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, NULL, &code))
    g_assert_cmpstr (code, ==, "denied");
  hears_anything (sub, 300);                    /* what was on its way */
  g_assert_false (hears_anything (sub, 2500));  /* and then silence */

  new_key = loket_test_server_key (server, "kiosk2");
  g_assert_cmpstr (new_key->pair.public_key, !=, old_key->pair.public_key);
  renewed = loket_test_server_client (server, "kiosk2");
  services = loket_test_request (renewed, "SERVICES", NULL);
  loket_zmq_close (dealer);
  loket_zmq_close (sub);
  assert_server_answers ();
}

/* A body over the limit is refused with `invalid`; a frame far over it
 * makes ZeroMQ drop the peer unread.  Either way the server carries on. */
static void
test_oversized (void)
{
  g_autoptr(LoketClientKey) key = loket_test_server_key (server, "kiosk1");
  void *socket = peer_new (key, ZMQ_DEALER, server->listen);
  g_autofree char *padding = g_strnfill (LOKET_MAX_MESSAGE_SIZE + 100, 'x');
  g_autofree char *huge = g_strnfill (4 * LOKET_MAX_MESSAGE_SIZE, 'x');
  g_autoptr(LoketMessage) over = loket_message_new ("SERVICES", NULL);
  g_autoptr(LoketMessage) far_over = loket_message_new ("SERVICES", NULL);
  g_autoptr(GHashTable) codes = NULL;

  json_object_set_string_member (over->body, "req_id", "over");
  json_object_set_string_member (over->body, "padding", padding);
  g_assert_true (loket_message_send (over, socket, NULL));
  codes = peer_collect (socket, 1, 10000);
  /* Too large to be read, so its req_id is unknown: the reply has none. */
  g_assert_cmpstr (g_hash_table_lookup (codes, ""), ==, "invalid");
  g_clear_pointer (&codes, g_hash_table_unref);

  json_object_set_string_member (far_over->body, "req_id", "far-over");
  json_object_set_string_member (far_over->body, "padding", huge);
  g_assert_true (loket_message_send (far_over, socket, NULL));
  codes = peer_collect (socket, 1, 1500);
  g_assert_cmpuint (g_hash_table_size (codes), ==, 0);
  loket_zmq_close (socket);
  assert_server_answers ();
}

/* ---- the people behind a supervisor's key ------------------------------ */

/* Sends @type with the string pairs that follow on @socket, and returns
 * its answer's code ("ok" for OK). */
static char *
peer_ask (void *socket, const char *type, const char *req_id, ...)
{
  g_autoptr(LoketMessage) request = loket_message_new (type, NULL);
  g_autoptr(GHashTable) codes = NULL;
  va_list list;

  json_object_set_string_member (request->body, "req_id", req_id);
  va_start (list, req_id);
  for (const char *k = va_arg (list, const char *); k != NULL; k = va_arg (list, const char *))
    json_object_set_string_member (request->body, k, va_arg (list, const char *));
  va_end (list);
  g_assert_true (loket_message_send (request, socket, NULL));
  codes = peer_collect (socket, 1, 30000);
  return g_strdup (g_hash_table_lookup (codes, req_id));
}

static const struct { const char *id; const char *pin; guint role; } people[] = {
  { "matrix-demoted", "4680", LOKET_STAFF_CLERK },
  { "matrix-super", "9153", LOKET_STAFF_SUPERVISOR },
  { LOKET_TEST_HEAD, LOKET_TEST_HEAD_PIN, LOKET_STAFF_HEAD },
  { NULL, NULL, LOKET_PEOPLE_NOBODY },
};

/* The staff of the people cases, added once, by the head (the first
 * call appoints them). */
static void
ensure_staff (void)
{
  static gboolean added;

  if (added)
    return;
  loket_test_server_add_staff (server, "matrix-clerk", "Matrix Clerk", "2468", "clerk");
  loket_test_server_add_staff (server, "matrix-super", "Matrix Supervisor", "9153", "supervisor");
  loket_test_server_add_staff (server, "matrix-demoted", "Matrix Demoted", "4680", "supervisor");
  added = TRUE;
}

static void
check_person (guint p)
{
  g_autoptr(LoketClientKey) key = loket_test_server_key (server, "super");
  void *socket = peer_new (key, ZMQ_DEALER, server->listen);
  g_autofree char *prefix = g_strdup_printf ("person-%u", p);
  g_autoptr(GHashTable) codes = NULL;
  guint n;

  ensure_staff ();
  if (people[p].id != NULL)
    {
      /* Its own req_id: the server answers a repeated one from its store. */
      g_autofree char *req_id = g_strdup_printf ("%s-sign-in", prefix);
      g_autofree char *signed_in = peer_ask (socket, "LOGIN", req_id, "clerk", people[p].id,
                                             "pin", people[p].pin, NULL);

      g_assert_cmpstr (signed_in, ==, "ok");
    }
  /* Made a clerk by the head at the other supervisor's PC, while signed in. */
  if (people[p].role == LOKET_STAFF_CLERK)
    g_free (loket_test_server_ctl (server, "super2", "--by", LOKET_TEST_HEAD, "--by-pin", LOKET_TEST_HEAD_PIN,
                                   "staff", "set-role", people[p].id, "clerk", NULL));
  n = send_every_type (socket, prefix);
  codes = peer_collect (socket, n, 30000);
  g_assert_cmpuint (g_hash_table_size (codes), ==, n);
  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    {
      const LoketRequestDef *def = &loket_protocol_requests[i];
      g_autofree char *req_id = g_strdup_printf ("%s-%s", prefix, def->type);
      const char *code = g_hash_table_lookup (codes, req_id);

      if ((def->roles & LOKET_ROLE_SUPERVISOR) == 0)
        continue;   /* `denied` to the key already */
      g_test_message ("%s %s: %s", people[p].id ? people[p].id : "nobody", def->type, code);
      if ((def->people & people[p].role) != 0)
        g_assert_cmpstr (code, !=, "staff-role");
      else
        g_assert_cmpstr (code, ==, "staff-role");
    }
  if (people[p].id != NULL)
    {
      g_autofree char *req_id = g_strdup_printf ("%s-sign-out", prefix);
      g_autofree char *signed_out = peer_ask (socket, "LOGOUT", req_id, NULL);

      g_assert_cmpstr (signed_out, ==, "ok");
    }
  loket_zmq_close (socket);
  assert_server_answers ();
}

static void
test_people (gconstpointer data)
{
  check_person (GPOINTER_TO_UINT (data));
}

/* A clerk whose PIN is right is not signed in at a supervisor's key; the
 * server says why and logs it. */
static void
test_clerk_cannot_sign_in (void)
{
  g_autoptr(LoketClientKey) key = loket_test_server_key (server, "super");
  void *socket;
  g_autofree char *code = NULL;
  g_autofree char *log = NULL;

  ensure_staff ();
  socket = peer_new (key, ZMQ_DEALER, server->listen);
  code = peer_ask (socket, "LOGIN", "clerk-sign-in", "clerk", "matrix-clerk", "pin", "2468", NULL);
  g_assert_cmpstr (code, ==, "staff-role");
  loket_zmq_close (socket);
  log = server_log ();
  g_assert_nonnull (strstr (log, "matrix-clerk, a clerk, tried to sign in at the supervisor's device super"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (role_keys); i++)
    {
      g_autofree char *path = g_strdup_printf ("/security-matrix/%s", loket_role_to_string (role_keys[i].role));

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_matrix);
    }
  g_test_add_func ("/security-matrix/unknown-key", test_unknown_key);
  g_test_add_func ("/security-matrix/revoked-key", test_revoked_key);
  g_test_add_func ("/security-matrix/oversized", test_oversized);
  g_test_add_func ("/security-matrix/people/clerk-cannot-sign-in", test_clerk_cannot_sign_in);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *path = g_strdup_printf ("/security-matrix/people/%s",
                                               people[i].id == NULL ? "nobody"
                                               : loket_staff_role_to_string (people[i].role));

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_people);
    }
  return loket_test_run_with_server (server);
}
