/* loket-test-netns.h — a network cable the tests can cut: a Linux network
 * namespace joined to the test's own by a veth pair.
 *
 * loketd runs inside the namespace (loket_test_server_in_netns), listening
 * on its end of the pair; the test's clients and subscribers stay in the
 * test process, on the other end, so the test can watch them directly.
 * Between them is a real link: taking it down, or routing loketd's
 * replies into a blackhole, is what a pulled cable or a one-way fault
 * does to the office's TCP connections.
 *
 * Needs root (CI runs as root).  Every namespace is named after the test's
 * pid and removed when freed — and, should the test die first, by a small
 * guardian process that outlives it, and by the next test that starts.
 * The addresses come from 198.18.0.0/15, the range RFC 2544 sets aside for
 * testing network devices: never routed, and unlike 10/8 or 192.168/16 not
 * likely to shadow the machine's own network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "loket-test-server.h"

G_BEGIN_DECLS

typedef struct {
  char    *name;         /* the namespace: loket-test-PID-N */
  char    *outer_if;     /* the veth end in the test's namespace */
  char    *inner_if;     /* the end inside, where loketd listens */
  char    *outer_addr;
  char    *inner_addr;
  gboolean link_up;
  gboolean replies_dropped;
  GPid     guardian;
  int      guardian_fd;  /* closing it tells the guardian to remove the namespace */
} LoketTestNetns;

/* A new namespace with the link up; NULL with the reason (for
 * g_test_skip) where this machine does not let the test make one. */
LoketTestNetns *loket_test_netns_new          (char          **why_not);
/* The link down (both ways, as a pulled cable) or up again. */
void            loket_test_netns_set_link     (LoketTestNetns *ns,
                                               gboolean        up);
/* Drops everything sent from inside to the test's end (loketd's replies
 * and events; requests still arrive), or stops doing so. */
void            loket_test_netns_drop_replies (LoketTestNetns *ns,
                                               gboolean        drop);
/* Removes the namespace and with it the veth pair (loketd stopped first). */
void            loket_test_netns_free         (LoketTestNetns *ns);

/* Runs @server's loketd inside @ns, listening on the inner address (same
 * ports); its clients and subscribers then go through the link. */
void            loket_test_server_in_netns    (LoketTestServer *server,
                                               LoketTestNetns  *ns);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTestNetns, loket_test_netns_free)

G_END_DECLS
