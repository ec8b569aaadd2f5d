/* loket-office-items-private.h — how LoketOfficeModel makes and changes
 * its items.  Not for windows: they only read items.
 *
 * Each update takes the protocol's JSON object, copies the fields it
 * carries into the item and notifies the properties whose value changed
 * (all at once, after the last one).  A field the object does not carry
 * keeps its value: a ticket in an event has no call-seq, one in
 * recent_calls has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "loket-office-items.h"

G_BEGIN_DECLS

LoketTicketItem  *loket_ticket_item_new        (JsonObject       *ticket);
void              loket_ticket_item_update     (LoketTicketItem  *self,
                                                JsonObject       *ticket);
/* The event that last called the ticket. */
void              loket_ticket_item_set_call   (LoketTicketItem  *self,
                                                gint64            seq,
                                                const char       *type,
                                                gint64            time);

LoketCounterItem *loket_counter_item_new       (JsonObject       *counter);
void              loket_counter_item_update    (LoketCounterItem *self,
                                                JsonObject       *counter);
/* The ticket in the counter's hands, NULL for none. */
void              loket_counter_item_set_ticket (LoketCounterItem *self,
                                                 LoketTicketItem  *ticket);

LoketServiceItem *loket_service_item_new       (JsonObject       *service);
void              loket_service_item_update    (LoketServiceItem *self,
                                                JsonObject       *service);
void              loket_service_item_set_waiting (LoketServiceItem *self,
                                                  guint             waiting);

LoketDeviceItem  *loket_device_item_new        (JsonObject       *status);
void              loket_device_item_update     (LoketDeviceItem  *self,
                                                JsonObject       *status);
/* "kiosk1/printer": a device part's key, from an item or the JSON. */
char             *loket_device_item_key        (const char       *device,
                                                const char       *component);

G_END_DECLS
