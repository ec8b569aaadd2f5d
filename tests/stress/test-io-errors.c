/* test-io-errors.c — the disk under loketd starts failing: libfiu makes
 * its writes or its flushes return EIO while a kiosk issues tickets.
 *
 * loketd runs with libfiu preloaded as `fiu-run -x` does
 * (tests/loket-test-server.h), and the test turns the failure on and off
 * at run time with fiu-ctrl, a disk that comes and goes.  What must hold:
 *
 *  - every ticket asked for during the fault is refused with a clear
 *    `store` error, never acknowledged and never left to time out; loketd
 *    keeps answering (STATUS), and issues again once the disk is back,
 *    numbering on from the last ticket given;
 *  - the kiosk repeats a refused ticket as the apps do (LoketRetry) and
 *    gets exactly one;
 *  - loketd stopped or killed while its flushes fail: the last refused
 *    COMMIT may have reached the disk after all (its fsync failed, not
 *    its writes) and SQLite then brings it back at the next start.  The
 *    repeat, under the same request id, is answered from the record: one
 *    ticket, never a second one nobody holds;
 *  - afterwards every acknowledged ticket is in the database under its
 *    number, nothing refused is in it, the numbering is gapless and
 *    `loketctl verify` passes.
 *
 * Fails where libfiu is not installed (tools/install-deps installs it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-test-server.h"

#include <signal.h>
#include <string.h>

#define WAIT_MS 60000
#define REFUSALS 5

typedef struct {
  const char *what;
  const char *enable[3];     /* fiu-ctrl commands; failinfo 5 is EIO */
  const char *disable[3];
} Fault;

/* SQLite writes its WAL and database with pwrite64 (libfiu's
 * posix/io/rw/pwrite) and flushes with fdatasync (fsync for the
 * directory).  Socket writes are left alone: only the disk fails. */
static const Fault flushes_fail = {
  "flushes (fdatasync, fsync) fail",
  { "enable name=posix/io/sync/fdatasync,failinfo=5", "enable name=posix/io/sync/fsync,failinfo=5", NULL },
  { "disable name=posix/io/sync/fdatasync", "disable name=posix/io/sync/fsync", NULL },
};
static const Fault writes_fail = {
  "writes (pwrite) fail",
  { "enable name=posix/io/rw/pwrite,failinfo=5", NULL },
  { "disable name=posix/io/rw/pwrite", NULL },
};

static void
fiu (LoketTestServer *server, const char * const *commands)
{
  for (guint i = 0; commands[i] != NULL; i++)
    loket_test_server_fiu (server, commands[i], NULL);
}

/* A loketd under libfiu whose refused transactions are logged as
 * warnings, as they should be: not fatal here. */
static LoketTestServer *
server_under_fiu (void)
{
  LoketTestServer *server = loket_test_server_new (NULL);
  g_autofree char *why_not = NULL;

  if (!loket_test_server_use_fiu (server, &why_not))
    {
      loket_test_missing ("%s", why_not);
      loket_test_server_free (server);
      return NULL;
    }
  loket_test_server_setenv (server, "G_DEBUG", "");
  loket_test_server_start (server);
  return server;
}

/* A citizen taking a ticket at a kiosk that repeats an act the way the
 * apps do: under the request id of the last one left without a result. */
static JsonObject *
take_ticket (LoketClient *kiosk, LoketRetry *retry, GError **error)
{
  g_autoptr(JsonObject) body = loket_test_body ("service", "ktp", NULL);
  const char *req_id = loket_retry_req_id (retry, kiosk, "ISSUE", body);
  JsonObject *reply = loket_client_request_with_id (kiosk, "ISSUE", body, req_id, error);

  loket_retry_answered (retry, reply ? NULL : *error);
  return reply;
}

/* The record after the fault: what was acknowledged, once, and nothing
 * else; the chain verifies. */
static void
check_record (LoketTestServer *server, GHashTable *acked)
{
  g_autofree char *verified = NULL;

  loket_test_server_check_tickets (server, acked);
  g_assert_cmpint (loket_test_server_count (server, "SELECT COUNT (*) FROM tickets"), ==,
                   g_hash_table_size (acked));
  verified = loket_test_server_ctl (server, "super", "verify", "--db", server->db_path, NULL);
  g_test_message ("%s", g_strstrip (verified));
}

/* ---- a kiosk issuing through the fault --------------------------------- */

/* HEALTHY until the failure is being turned on, FAULT once libfiu said
 * it is on, RECOVERING from when it is being turned off, HEALED once it
 * is off.  A request sent and answered within FAULT must be refused; one
 * within HEALTHY or HEALED must not be. */
typedef enum { PHASE_HEALTHY, PHASE_ENABLING, PHASE_FAULT, PHASE_RECOVERING, PHASE_HEALED, PHASE_STOP } Phase;

/* Shared by the kiosk's thread and the test: the counts and the phase are
 * read and written atomically, the table under the lock. */
typedef struct {
  LoketTestServer *server;
  gint        phase;       /* a Phase */
  guint       n_acked;
  guint       refusals;
  guint       acked_after; /* acknowledged since the fault ended */
  GMutex      lock;
  GHashTable *acked;       /* id (string) → "A-001" */
} Run;

static gpointer
kiosk_thread (gpointer data)
{
  Run *run = data;
  g_autoptr(LoketClient) kiosk = loket_test_server_client (run->server, "kiosk1");
  LoketRetry retry = { NULL, NULL };

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = NULL;
      Phase before = g_atomic_int_get (&run->phase), after;

      if (before == PHASE_STOP)
        break;
      reply = take_ticket (kiosk, &retry, &error);
      after = g_atomic_int_get (&run->phase);
      if (reply != NULL)
        {
          /* Sent and answered while the disk failed: never an ack. */
          g_assert_false (before == PHASE_FAULT && after == PHASE_FAULT);
          g_mutex_lock (&run->lock);
          loket_test_note_ticket (run->acked, reply);
          g_mutex_unlock (&run->lock);
          g_atomic_int_inc (&run->n_acked);
          if (before == PHASE_HEALED)
            g_atomic_int_inc (&run->acked_after);
        }
      else
        {
          /* A clear refusal, not a timeout — and only from a failing disk. */
          g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
          g_assert_false (before == after && (before == PHASE_HEALTHY || before == PHASE_HEALED));
          if (g_atomic_int_add (&run->refusals, 1) == 0)
            g_test_message ("refused: %s", error->message);
        }
    }
  loket_retry_clear (&retry);
  return NULL;
}

typedef struct {
  guint *count;
  guint  target;
} Until;

static gboolean
reached (gpointer data)
{
  Until *until = data;

  return (guint) g_atomic_int_get (until->count) >= until->target;
}

static void
test_issue_through_fault (gconstpointer data)
{
  const Fault *fault = data;
  g_autoptr(LoketTestServer) server = server_under_fiu ();
  g_autoptr(LoketClient) super = NULL;
  g_autoptr(JsonObject) status = NULL;
  Run run = { 0 };
  GThread *thread;
  Until healthy = { &run.n_acked, 10 };
  Until refused = { &run.refusals, REFUSALS };
  Until resumed = { &run.acked_after, 10 };
  guint before;

  if (server == NULL)
    return;
  run.server = server;
  run.acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&run.lock);
  thread = g_thread_new ("kiosk", kiosk_thread, &run);

  /* Issuing before the fault; then the disk fails under it. */
  g_assert_true (loket_test_wait_until (reached, &healthy, WAIT_MS));
  g_atomic_int_set (&run.phase, PHASE_ENABLING);
  before = g_atomic_int_get (&run.n_acked);
  fiu (server, fault->enable);
  g_atomic_int_set (&run.phase, PHASE_FAULT);
  g_assert_true (loket_test_wait_until (reached, &refused, WAIT_MS));

  /* Refusing, yet answering. */
  super = loket_test_server_client (server, "super");
  status = loket_test_request (super, "STATUS", NULL);
  g_assert_nonnull (json_object_get_object_member (status, "server"));

  g_atomic_int_set (&run.phase, PHASE_RECOVERING);
  fiu (server, fault->disable);
  g_atomic_int_set (&run.phase, PHASE_HEALED);
  g_assert_true (loket_test_wait_until (reached, &resumed, WAIT_MS));
  g_atomic_int_set (&run.phase, PHASE_STOP);
  g_thread_join (thread);
  g_test_message ("%s: %u tickets before, %u refusals during, %u after", fault->what, before,
                  run.refusals, run.acked_after);

  loket_test_server_stop (server);
  check_record (server, run.acked);
  g_hash_table_unref (run.acked);
  g_mutex_clear (&run.lock);
}

/* ---- loketd stops while the flushes fail ------------------------------- */

static void
test_stop_during_fault (gconstpointer data)
{
  int sig = GPOINTER_TO_INT (data);
  g_autoptr(LoketTestServer) server = server_under_fiu ();
  g_autoptr(LoketClient) kiosk = NULL;
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) repeated = NULL;
  g_autoptr(JsonObject) again = NULL;
  LoketRetry retry = { NULL, NULL };
  gint64 found;

  if (server == NULL)
    return;
  kiosk = loket_test_server_client (server, "kiosk1");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) reply = take_ticket (kiosk, &retry, &error);

      g_assert_no_error (error);
      loket_test_note_ticket (acked, reply);
    }

  fiu (server, flushes_fail.enable);
  refused = take_ticket (kiosk, &retry, &error);
  g_assert_null (refused);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STORE);
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);
  if (sig == SIGTERM)
    loket_test_server_stop (server);   /* asserts a clean exit */
  else
    loket_test_server_kill (server);

  /* A new loketd, on a disk that works again. */
  found = loket_test_server_count (server, "SELECT COUNT (*) FROM tickets");
  g_test_message ("after %s during the fault, the refused ticket %s", sig == SIGTERM ? "a stop" : "kill -9",
                  found == 4 ? "came back from the WAL: its fsync had failed, not its writes"
                             : "is not in the database");
  g_assert_cmpint (found, >=, 3);
  g_assert_cmpint (found, <=, 4);
  loket_test_server_start (server);

  /* The citizen tries again: the same act, under the same request id —
   * answered from the record if the refused COMMIT came back, applied
   * now if not.  One ticket either way, with the next number. */
  repeated = take_ticket (kiosk, &retry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (repeated, "ticket"), "number"),
                   ==, "A-004");
  loket_test_note_ticket (acked, repeated);
  again = take_ticket (kiosk, &retry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (again, "ticket"), "number"),
                   ==, "A-005");
  loket_test_note_ticket (acked, again);
  loket_retry_clear (&retry);

  loket_test_server_stop (server);
  check_record (server, acked);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/io-errors/flushes-fail", &flushes_fail, test_issue_through_fault);
  g_test_add_data_func ("/io-errors/writes-fail", &writes_fail, test_issue_through_fault);
  g_test_add_data_func ("/io-errors/stop-during-fault", GINT_TO_POINTER (SIGTERM), test_stop_during_fault);
  g_test_add_data_func ("/io-errors/kill-during-fault", GINT_TO_POINTER (SIGKILL), test_stop_during_fault);
  return g_test_run ();
}
