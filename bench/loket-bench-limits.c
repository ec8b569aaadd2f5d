/* loket-bench-limits.c — the physical limits every Loket figure is judged
 * against, measured in the same run on the same machine: a raw ZeroMQ
 * round trip (DEALER ↔ ROUTER over loopback TCP with CURVE, as loketd
 * uses) and a raw SQLite commit (WAL, synchronous=FULL) on the same disk;
 * and the latency samples both benchmarks keep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-bench.h"

#include "loket-sqlite.h"
#include <string.h>
#include <zmq.h>

typedef struct {
  void    *context;
  char     secret[41];
  char     endpoint[256];
  GMutex   lock;
  GCond    ready;
  gboolean bound;
  guint    rounds;
} Echo;

/* ---- samples ----------------------------------------------------------- */

void
bench_samples_init (BenchSamples *s)
{
  s->usec = g_array_new (FALSE, FALSE, sizeof (gint64));
}

void
bench_samples_clear (BenchSamples *s)
{
  g_clear_pointer (&s->usec, g_array_unref);
}

void
bench_samples_add (BenchSamples *s, gint64 usec)
{
  g_array_append_val (s->usec, usec);
}

static gint
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

double
bench_samples_quantile (BenchSamples *s, double q)
{
  guint i;

  if (s->usec->len == 0)
    return 0;
  g_array_sort (s->usec, compare_int64);
  i = (guint) (q * (s->usec->len - 1) + 0.5);
  return (double) g_array_index (s->usec, gint64, i);
}

double
bench_samples_mean (BenchSamples *s)
{
  double sum = 0;

  for (guint i = 0; i < s->usec->len; i++)
    sum += (double) g_array_index (s->usec, gint64, i);
  return s->usec->len ? sum / s->usec->len : 0;
}

/* ---- limits ------------------------------------------------------------ */

/* The other end of the raw round trip: a CURVE ROUTER that echoes. */
static gpointer
echo_thread (gpointer data)
{
  Echo *echo = data;
  void *router = zmq_socket (echo->context, ZMQ_ROUTER);
  int on = 1, linger = 0;
  size_t len = sizeof echo->endpoint;

  zmq_setsockopt (router, ZMQ_CURVE_SERVER, &on, sizeof on);
  zmq_setsockopt (router, ZMQ_CURVE_SECRETKEY, echo->secret, 41);
  zmq_setsockopt (router, ZMQ_LINGER, &linger, sizeof linger);
  zmq_bind (router, "tcp://127.0.0.1:*");
  zmq_getsockopt (router, ZMQ_LAST_ENDPOINT, echo->endpoint, &len);
  g_mutex_lock (&echo->lock);
  echo->bound = TRUE;
  g_cond_signal (&echo->ready);
  g_mutex_unlock (&echo->lock);

  for (guint i = 0; i < echo->rounds; i++)
    {
      char id[256], body[512];
      int id_len = zmq_recv (router, id, sizeof id, 0);
      int body_len = zmq_recv (router, body, sizeof body, 0);

      zmq_send (router, id, (size_t) id_len, ZMQ_SNDMORE);
      zmq_send (router, body, (size_t) body_len, 0);
    }
  zmq_close (router);
  return NULL;
}

void
bench_raw_round_trip (guint rounds, BenchSamples *out)
{
  Echo echo = { 0 };
  char public_key[41], client_public[41], client_secret[41];
  char payload[200];
  void *dealer;
  GThread *thread;
  int linger = 0;

  echo.context = zmq_ctx_new ();
  echo.rounds = rounds + 50;
  g_mutex_init (&echo.lock);
  g_cond_init (&echo.ready);
  zmq_curve_keypair (public_key, echo.secret);
  zmq_curve_keypair (client_public, client_secret);
  thread = g_thread_new ("echo", echo_thread, &echo);
  g_mutex_lock (&echo.lock);
  while (!echo.bound)
    g_cond_wait (&echo.ready, &echo.lock);
  g_mutex_unlock (&echo.lock);

  dealer = zmq_socket (echo.context, ZMQ_DEALER);
  zmq_setsockopt (dealer, ZMQ_CURVE_SERVERKEY, public_key, 41);
  zmq_setsockopt (dealer, ZMQ_CURVE_PUBLICKEY, client_public, 41);
  zmq_setsockopt (dealer, ZMQ_CURVE_SECRETKEY, client_secret, 41);
  zmq_setsockopt (dealer, ZMQ_LINGER, &linger, sizeof linger);
  zmq_connect (dealer, echo.endpoint);
  memset (payload, 'x', sizeof payload);   /* about the size of a request */

  for (guint i = 0; i < echo.rounds; i++)
    {
      gint64 start = g_get_monotonic_time ();
      char reply[512];

      zmq_send (dealer, payload, sizeof payload, 0);
      zmq_recv (dealer, reply, sizeof reply, 0);
      if (i >= 50)   /* the first ones include the handshake */
        bench_samples_add (out, g_get_monotonic_time () - start);
    }
  g_thread_join (thread);
  zmq_close (dealer);
  zmq_ctx_term (echo.context);
  g_mutex_clear (&echo.lock);
  g_cond_clear (&echo.ready);
}

void
bench_raw_commit (const char *dir, guint commits, BenchSamples *out)
{
  g_autofree char *path = g_build_filename (dir, "raw-commit.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO t (payload) VALUES (?1)", -1, &insert, NULL);
  for (guint i = 0; i < commits + 10; i++)
    {
      gint64 start = g_get_monotonic_time ();

      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      sqlite3_bind_text (insert, 1, "one ticket's worth of row, roughly this long", -1, SQLITE_STATIC);
      sqlite3_step (insert);
      sqlite3_reset (insert);
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (i >= 10)
        bench_samples_add (out, g_get_monotonic_time () - start);
    }
  sqlite3_finalize (insert);
  sqlite3_close (db);
}
