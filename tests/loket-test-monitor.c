/* loket-test-monitor.c — zmq_socket_monitor() read through an inproc PAIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-monitor.h"

#include <stdint.h>
#include <string.h>
#include <zmq.h>

struct _LoketTestMonitor
{
  void *watched;
  void *pair;
  int   seen;
};

LoketTestMonitor *
loket_test_monitor_new (void *context,
                        void *socket)
{
  static gint serial;
  LoketTestMonitor *self = g_new0 (LoketTestMonitor, 1);
  g_autofree char *endpoint = g_strdup_printf ("inproc://loket-test-monitor-%d",
                                               g_atomic_int_add (&serial, 1));
  int linger = 0;

  g_assert_cmpint (zmq_socket_monitor (socket, endpoint, ZMQ_EVENT_ALL), ==, 0);
  self->watched = socket;
  self->pair = zmq_socket (context, ZMQ_PAIR);
  g_assert_nonnull (self->pair);
  g_assert_cmpint (zmq_setsockopt (self->pair, ZMQ_LINGER, &linger, sizeof linger), ==, 0);
  g_assert_cmpint (zmq_connect (self->pair, endpoint), ==, 0);
  return self;
}

/* One event (two frames: 16-bit event and 32-bit value, then the
 * endpoint) if one is there; 0 if not. */
static int
read_event (LoketTestMonitor *self,
            guint            *value)
{
  zmq_msg_t first, second;
  uint16_t event = 0;
  uint32_t val = 0;

  zmq_msg_init (&first);
  if (zmq_msg_recv (&first, self->pair, ZMQ_DONTWAIT) < 0)
    {
      zmq_msg_close (&first);
      return 0;
    }
  g_assert_cmpuint (zmq_msg_size (&first), ==, 6);
  memcpy (&event, zmq_msg_data (&first), 2);
  memcpy (&val, (char *) zmq_msg_data (&first) + 2, 4);
  g_assert_true (zmq_msg_more (&first));
  zmq_msg_close (&first);
  zmq_msg_init (&second);
  g_assert_cmpint (zmq_msg_recv (&second, self->pair, 0), >=, 0);
  g_test_message ("socket event 0x%x (value %u) on %.*s", event, val,
                  (int) zmq_msg_size (&second), (const char *) zmq_msg_data (&second));
  zmq_msg_close (&second);
  self->seen |= event;
  if (value != NULL)
    *value = val;
  return event;
}

int
loket_test_monitor_wait (LoketTestMonitor *self,
                         int               events,
                         guint             timeout_ms,
                         guint            *value)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      zmq_pollitem_t item = { self->pair, 0, ZMQ_POLLIN, 0 };
      int event;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      while ((event = read_event (self, value)) != 0)
        if (event & events)
          return event;
      zmq_poll (&item, 1, 10);
    }
  return 0;
}

int
loket_test_monitor_seen (LoketTestMonitor *self)
{
  return self->seen;
}

void
loket_test_monitor_free (LoketTestMonitor *self)
{
  zmq_socket_monitor (self->watched, NULL, 0);
  zmq_close (self->pair);
  g_free (self);
}
