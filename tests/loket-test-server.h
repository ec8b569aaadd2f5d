/* loket-test-server.h — a real loketd for the integration tests.
 *
 * Each test server lives in its own temporary directory with its own key
 * directory (clients: kiosk1, kiosk2 (kiosk), display1 (display), counter1,
 * counter2 (counter), super, super2 (supervisor), web1 (web), sync1
 * (sync)), database and ports on loopback.
 * It is started as a separate process (so kill -9 and SIGSTOP are real),
 * and "ready" means it answered a STATUS request — no sleeps.
 * With LOKET_VALGRIND=1 in the environment loketd runs under valgrind and
 * a definite leak fails the stop.  For the fault tests it can also run
 * with libfiu preloaded, its I/O failing on command, or inside a network
 * namespace (loket-test-netns.h); the helpers at the end read the record
 * a fault left behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "loket-client.h"
#include "loket-keys.h"
#include "loket-store.h"
#include "loket-subscriber.h"

G_BEGIN_DECLS

typedef struct {
  char   *dir;
  char   *keys_dir;
  char   *db_path;
  char   *charter_path;
  char   *listen;
  char   *publish;
  GPid    pid;
  gboolean running;
  gboolean valgrind;
  gboolean insecure;  /* start with --insecure; clients then use no key */
  gboolean always_open; /* start with --always-open (a real charter's hours) */
  gboolean skip_verify; /* the test damages the record on purpose */
  char   *log_path;
  /* "NAME=VALUE" added to loketd's environment (e.g. libfaketime's), and
   * a command loketd runs under (e.g. "faketime"), or NULL. */
  GStrv   env;
  GStrv   wrapper;
  gboolean has_head;  /* loket_test_server_add_staff appointed LOKET_TEST_HEAD */
} LoketTestServer;

/* The head of office loket_test_server_add_staff appoints first. */
#define LOKET_TEST_HEAD "kepala"
#define LOKET_TEST_HEAD_PIN "1357"

/* @charter: a file in tests/data (NULL: charter-test.ini). */
LoketTestServer *loket_test_server_new     (const char *charter);
void             loket_test_server_start   (LoketTestServer *server);
/* SIGTERM and wait; asserts a clean exit (and no leak under valgrind). */
void             loket_test_server_stop    (LoketTestServer *server);
void             loket_test_server_kill    (LoketTestServer *server);   /* SIGKILL */
void             loket_test_server_signal  (LoketTestServer *server, int sig);
void             loket_test_server_free    (LoketTestServer *server);

LoketClientKey  *loket_test_server_key     (LoketTestServer *server, const char *name);
LoketClient     *loket_test_server_client  (LoketTestServer *server, const char *name);
LoketSubscriber *loket_test_server_subscriber (LoketTestServer *server, const char *name);

/* Asserts success and returns the reply. */
JsonObject      *loket_test_request        (LoketClient *client, const char *type, ...) G_GNUC_NULL_TERMINATED;
/* The same under a request id of the caller's (a repeat of an act). */
JsonObject      *loket_test_request_with_id (LoketClient *client,
                                             const char  *type,
                                             JsonObject  *body,
                                             const char  *req_id);
/* The server's event log, read from its database as loketctl verify does
 * (LoketEventRow *, oldest first). */
GPtrArray       *loket_test_server_events  (LoketTestServer *server);
/* The actor of the latest event of @type whose payload contains
 * @payload_part (NULL: any), or NULL if there is none. */
char            *loket_test_server_last_actor (LoketTestServer *server,
                                               const char      *type,
                                               const char      *payload_part);
/* Builds {"k": "v", …} from string pairs. */
JsonObject      *loket_test_body           (const char *first_key, ...) G_GNUC_NULL_TERMINATED;

/* The JSON objects of a file with one per line (the board's segments
 * log); empty if the file does not exist yet.  A bad line fails the test. */
GPtrArray       *loket_test_read_json_lines (const char *path);

/* Runs loketctl with @args (NULL-terminated, the program not included);
 * returns its exit status (-1 if it did not exit) and, where not NULL,
 * its stdout and stderr. */
int              loket_test_ctl_argv       (const char * const *args,
                                            char              **out,
                                            char              **err);

/* Runs loketctl as @who with the arguments that follow (NULL-terminated)
 * against @server; fails the test unless it exits 0.  Returns stdout. */
char            *loket_test_server_ctl     (LoketTestServer *server,
                                            const char      *who,
                                            ...) G_GNUC_NULL_TERMINATED;

/* Adds @id to the staff with @role ("clerk", "supervisor", "head")
 * through loketctl, as an office does: the first call appoints the head
 * LOKET_TEST_HEAD by the supervisor's key alone (the first head needs no
 * head), and every addition is then made by that head (--by). */
void             loket_test_server_add_staff (LoketTestServer *server,
                                              const char      *id,
                                              const char      *name,
                                              const char      *pin,
                                              const char      *role);

/* Serves a copy of the charter with Office/TimeZone=@zone (before the
 * start): the office's clock differs from the test machine's. */
void             loket_test_server_set_time_zone (LoketTestServer *server,
                                                  const char      *zone);

/* Sets NAME=VALUE in loketd's environment (server->env) for the next start. */
void             loket_test_server_setenv  (LoketTestServer *server,
                                            const char      *name,
                                            const char      *value);
/* For a library preloaded into loketd (libfaketime, libfiu): under ASan
 * the sanitizer's runtime then no longer comes first, which it would
 * refuse. */
void             loket_test_server_allow_preload (LoketTestServer *server);

/* Runs loketd with libfiu preloaded as `fiu-run -x` does, its POSIX calls
 * ready to fail on command (loket_test_server_fiu).  FALSE with the reason
 * (for loket_test_missing) where libfiu is not installed. */
gboolean         loket_test_server_use_fiu (LoketTestServer *server,
                                            char           **why_not);
/* Sends libfiu remote-control commands ("enable name=posix/io/rw/pwrite,
 * failinfo=5", NULL-terminated) to the running loketd through fiu-ctrl;
 * fails the test unless loketd accepted each.  Returns once it did, so
 * the failure is on from the next call loketd makes. */
void             loket_test_server_fiu     (LoketTestServer *server,
                                            const char      *command,
                                            ...) G_GNUC_NULL_TERMINATED;

/* SELECT COUNT (*) … of @sql against the server's database (read-only,
 * also while loketd runs). */
gint64           loket_test_server_count   (LoketTestServer *server,
                                            const char      *sql);
/* Notes the ticket of an ISSUE reply in @acked (id as a string → its
 * number), the table loket_test_server_check_tickets checks. */
void             loket_test_note_ticket    (GHashTable *acked,
                                            JsonObject *reply);
/* The record after a fault: every acknowledged ticket of @acked (id as a
 * string → "A-001") is in the database under its number, the event log's
 * hash chain verifies, and series A is gapless on each service day.
 * Returns the highest A number of the last day. */
guint            loket_test_server_check_tickets (LoketTestServer *server,
                                                  GHashTable      *acked);

/* Iterates the default main context until *@flag or @timeout_ms. */
gboolean         loket_test_wait_for       (const gboolean *flag, guint timeout_ms);

/* Iterates the default main context until @done (@data) is TRUE, looking
 * at least every 50 ms (for conditions other threads change); FALSE if
 * @timeout_ms passed first. */
gboolean         loket_test_wait_until     (gboolean      (*done) (gpointer data),
                                            gpointer        data,
                                            guint           timeout_ms);

/* Iterates until the subscriber's online state is @online; FALSE on timeout. */
gboolean         loket_test_wait_online    (LoketSubscriber *sub, gboolean online, guint timeout_ms);

/* The one rule for what a test needs and does not find (a tool, a
 * library, root, a namespace): the test FAILS, naming it.  No test skips:
 * tools/install-deps installs every tool, and CI runs as root.  The caller
 * returns after this. */
void             loket_test_missing        (const char *format,
                                            ...) G_GNUC_PRINTF (1, 2);

/* Deletes a directory tree (test temp dirs). */
void             loket_test_remove_tree    (const char *path);

/* A fresh store (loket.db) in a temporary directory of its own: a
 * g_test_add() fixture for the store's tests. */
typedef struct {
  char       *dir;
  char       *path;
  LoketStore *store;
} LoketTestStore;

void             loket_test_store_set_up    (LoketTestStore *f, gconstpointer data);
void             loket_test_store_tear_down (LoketTestStore *f, gconstpointer data);

/* The first column of @sql's first row, on @store's own connection: a
 * count to compare. */
gint64           loket_test_count_rows     (LoketStore *store, const char *sql);

/* Writes @ticket as a Loket before charter versions wrote one (schema 8
 * and older: no promise columns) and sets its id — for the tests that
 * build such a database (loket_store_open_at_version) and let today's
 * store migrate it.  The store itself writes only its newest schema. */
void             loket_test_insert_old_ticket (LoketStore *store, LoketTicket *ticket);

/* Starts a server with the test charter, runs the registered tests
 * against it, stops it (asserting a clean exit) and returns g_test_run()'s
 * result.  For integration tests whose cases share one server. */
int              loket_test_run_with_server (LoketTestServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTestServer, loket_test_server_free)

/* RFC 4180 back into rows of fields (GPtrArray of GStrv); asserts the
 * text is well formed (CRLF after every row). */
GPtrArray       *loket_test_parse_csv      (const char *text);

/* The day before @day ("YYYY-MM-DD"), in the same form. */
char            *loket_test_day_before     (const char *day);

G_END_DECLS
