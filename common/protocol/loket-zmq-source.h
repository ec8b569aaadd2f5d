/* loket-zmq-source.h — a GSource that fires while a ZeroMQ socket has
 * messages to read, so every Loket process runs one GLib main loop.
 *
 * ZeroMQ's ZMQ_FD is edge-triggered and also changes when the socket
 * *sends*, so the fd alone is not a truthful readiness signal.  The source
 * asks ZMQ_EVENTS before each poll and after each wake-up and stays ready
 * for as long as ZMQ_POLLIN is set; a callback may therefore read a bounded
 * batch and return, and will be called again without missing an edge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Return G_SOURCE_CONTINUE to keep watching. */
typedef gboolean (*LoketZmqSourceFunc) (void     *socket,
                                        gpointer  user_data);

GSource *loket_zmq_source_new (void *socket);

/* Convenience: create, set callback, attach to the thread-default main
 * context; returns the source (owned by the context; destroy it with
 * g_source_destroy() before closing the socket). */
GSource *loket_zmq_watch      (void               *socket,
                               LoketZmqSourceFunc  func,
                               gpointer            user_data,
                               GDestroyNotify      notify);

/* TRUE if ZMQ_EVENTS on @socket has ZMQ_POLLIN. */
gboolean loket_zmq_socket_readable (void *socket);

/* Closes a socket with zero linger; for g_autoptr-style cleanup. */
void     loket_zmq_close (void *socket);

G_END_DECLS
