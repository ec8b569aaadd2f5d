/* loket-zmq-source.c — ZMQ_FD + ZMQ_EVENTS integrated into GMainContext.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-zmq"

#include "loket-zmq-source.h"

#include <zmq.h>

typedef struct {
  GSource  source;
  void    *socket;
  gpointer fd_tag;
} LoketZmqSource;

gboolean
loket_zmq_socket_readable (void *socket)
{
  int events = 0;
  size_t len = sizeof events;

  if (zmq_getsockopt (socket, ZMQ_EVENTS, &events, &len) != 0)
    return FALSE;
  return (events & ZMQ_POLLIN) != 0;
}

static gboolean
zmq_source_prepare (GSource *source,
                    int     *timeout)
{
  LoketZmqSource *self = (LoketZmqSource *) source;

  *timeout = -1;
  return loket_zmq_socket_readable (self->socket);
}

static gboolean
zmq_source_check (GSource *source)
{
  LoketZmqSource *self = (LoketZmqSource *) source;

  /* Whatever the fd says, ZMQ_EVENTS is the truth (and reading it also
   * re-arms the edge-triggered fd). */
  return loket_zmq_socket_readable (self->socket);
}

static gboolean
zmq_source_dispatch (GSource     *source,
                     GSourceFunc  callback,
                     gpointer     user_data)
{
  LoketZmqSource *self = (LoketZmqSource *) source;
  LoketZmqSourceFunc func = (LoketZmqSourceFunc) (void (*) (void)) callback;

  if (func == NULL)
    return G_SOURCE_REMOVE;
  return func (self->socket, user_data);
}

static GSourceFuncs zmq_source_funcs = {
  .prepare = zmq_source_prepare,
  .check = zmq_source_check,
  .dispatch = zmq_source_dispatch,
};

GSource *
loket_zmq_source_new (void *socket)
{
  LoketZmqSource *self;
  int fd = -1;
  size_t len = sizeof fd;

  g_return_val_if_fail (socket != NULL, NULL);

  if (zmq_getsockopt (socket, ZMQ_FD, &fd, &len) != 0)
    g_error ("ZMQ_FD failed: %s", zmq_strerror (zmq_errno ()));

  self = (LoketZmqSource *) g_source_new (&zmq_source_funcs, sizeof *self);
  self->socket = socket;
  self->fd_tag = g_source_add_unix_fd ((GSource *) self, fd, G_IO_IN | G_IO_ERR);
  g_source_set_static_name ((GSource *) self, "LoketZmqSource");
  return (GSource *) self;
}

GSource *
loket_zmq_watch (void               *socket,
                 LoketZmqSourceFunc  func,
                 gpointer            user_data,
                 GDestroyNotify      notify)
{
  GSource *source = loket_zmq_source_new (socket);

  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) func, user_data, notify);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
  return source;
}

void
loket_zmq_close (void *socket)
{
  int linger = 0;

  if (socket == NULL)
    return;
  /* Without zero linger a close may wait for a peer that is gone. */
  if (zmq_setsockopt (socket, ZMQ_LINGER, &linger, sizeof linger) != 0)
    g_warning ("cannot set ZMQ_LINGER before closing a socket: %s", zmq_strerror (zmq_errno ()));
  if (zmq_close (socket) != 0)
    g_warning ("cannot close a ZeroMQ socket: %s", zmq_strerror (zmq_errno ()));
}
