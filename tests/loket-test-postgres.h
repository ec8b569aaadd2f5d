/* loket-test-postgres.h — a throw-away PostgreSQL for the region's tests.
 *
 * initdb and pg_ctl in a temporary directory (as the `postgres` user when
 * the tests run as root: initdb refuses root), listening on a Unix socket
 * in that directory only, with trust authentication for the user `loket`.
 * Stopped by its pid (postmaster.pid), and started again on the same data
 * for the outage tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct {
  char    *bindir;    /* initdb, pg_ctl */
  char    *dir;       /* the socket; data/ and log inside */
  char    *data;
  char    *conninfo;  /* "host=DIR port=5432 user=loket dbname=postgres" */
  gboolean as_postgres;
  gboolean running;
  char    *netns;     /* started inside this network namespace, or NULL */
  char    *address;   /* and listening on TCP there, or NULL */
  char    *tcp_conninfo;  /* "host=ADDRESS port=5432 user=loket dbname=postgres" */
} LoketTestPostgres;

/* NULL, and the reason in @why, when PostgreSQL's server binaries are not
 * installed (the tests then skip); a cluster made, not started, otherwise. */
LoketTestPostgres *loket_test_postgres_new   (char **why);
void               loket_test_postgres_start (LoketTestPostgres *pg);
/* Before the start: the postmaster runs inside the network namespace
 * @netns and listens on @address there too (trust for 198.18.0.0/15, the
 * test range of loket-test-netns.h), so a client outside reaches it
 * through the namespace's link (tcp_conninfo) and loses it when the link
 * is cut; the Unix socket (conninfo) stays for the test's own looks. */
void               loket_test_postgres_listen_in (LoketTestPostgres *pg,
                                                  const char        *netns,
                                                  const char        *address);
/* SIGINT (fast shutdown) to the postmaster, and waits until it is gone. */
void               loket_test_postgres_stop  (LoketTestPostgres *pg);
void               loket_test_postgres_free  (LoketTestPostgres *pg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTestPostgres, loket_test_postgres_free)

/* Asserts the connection. */
PGconn            *loket_test_postgres_connect (LoketTestPostgres *pg);
/* The first column of the first row of @sql as text (asserts success;
 * NULL for SQL NULL or no row). */
char              *loket_test_postgres_value   (PGconn *conn, const char *sql);

G_END_DECLS
