/* loket-test-monitor.h — what ZeroMQ itself saw on a socket, for tests
 * that must tell "refused" from "nobody there".
 *
 * A refused connection and a dead server look the same to a request: no
 * answer.  zmq_socket_monitor() tells them apart: a refusal is a
 * connection whose handshake failed (ZMQ_EVENT_HANDSHAKE_FAILED_*) or was
 * closed by the peer before it succeeded; a dead server never connects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LoketTestMonitor LoketTestMonitor;

/* Every handshake failure, whatever its kind. */
#define LOKET_TEST_HANDSHAKE_FAILED \
  (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | \
   ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

/* Watches @socket (of @context) for every event from now on. */
LoketTestMonitor *loket_test_monitor_new   (void *context,
                                            void *socket);
/* Waits up to @timeout_ms for an event in @events (a ZMQ_EVENT_* mask),
 * iterating the default main context meanwhile (an in-process ZAP handler
 * may live there).  Returns the event seen, or 0 on timeout; *@value (if
 * not NULL) gets its value (for a handshake failure, the reason). */
int               loket_test_monitor_wait  (LoketTestMonitor *self,
                                            int               events,
                                            guint             timeout_ms,
                                            guint            *value);
/* Every event seen so far (an OR of ZMQ_EVENT_*), also those not waited for. */
int               loket_test_monitor_seen  (LoketTestMonitor *self);
void              loket_test_monitor_free  (LoketTestMonitor *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTestMonitor, loket_test_monitor_free)

G_END_DECLS
