/* loket-subscriber.h — following the server's state: the Clone pattern
 * (ZeroMQ Guide, chapter 5) on one GLib main loop.
 *
 * The subscriber subscribes first, then asks for a snapshot, applies the
 * buffered events newer than the snapshot, and from then on every event
 * in seq order.  A gap in seq, or a heartbeat announcing a seq it has not
 * seen, makes it ask for a new snapshot.  Hearing nothing for 3 s turns
 * it offline (and it keeps asking); it is online again once re-synced.
 * Consumers connect to "snapshot" (replace your state) and "event" (apply
 * one change); each event is delivered once, in order, so a display can
 * announce by seq without repeating itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "loket-keys.h"

G_BEGIN_DECLS

#define LOKET_SUBSCRIBER_OFFLINE_MS 3000

#define LOKET_TYPE_SUBSCRIBER (loket_subscriber_get_type ())
G_DECLARE_FINAL_TYPE (LoketSubscriber, loket_subscriber, LOKET, SUBSCRIBER, GObject)

/* @key NULL with an insecure server; then @device_id names this device.
 * Starts at once on the thread-default main context. */
LoketSubscriber *loket_subscriber_new        (const char           *request_endpoint,
                                              const char           *publish_endpoint,
                                              const LoketClientKey *key,
                                              const char           *device_id,
                                              GError              **error);
gboolean         loket_subscriber_get_online (LoketSubscriber *self);
/* The seq of the state the consumer now holds. */
gint64           loket_subscriber_get_seq    (LoketSubscriber *self);
/* Asks for a fresh snapshot though nothing was missed: for what the
 * server does not publish as events (a device that stopped reporting
 * shows only in the snapshot's device reports).  Delivered as "snapshot"
 * like any other, in the same order with the events; not a resync. */
void             loket_subscriber_refresh    (LoketSubscriber *self);
/* Snapshots requested since the first one: each is a recovery. */
guint            loket_subscriber_get_resyncs (LoketSubscriber *self);
/* Drops the event connection (e.g. a board put to sleep for the night)
 * and opens it again; whatever was published in between is recovered by
 * a resync.  reconnect() also works on a live connection. */
void             loket_subscriber_disconnect (LoketSubscriber *self);
gboolean         loket_subscriber_reconnect  (LoketSubscriber *self,
                                              GError         **error);

G_END_DECLS
