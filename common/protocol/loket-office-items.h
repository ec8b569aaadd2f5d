/* loket-office-items.h — the things a LoketOfficeModel holds: tickets,
 * counters, services and device reports as GObjects with read-only
 * properties.
 *
 * One item stands for one ticket (counter, service, device part) for as
 * long as the model knows it: a snapshot or an event that changes it
 * changes the same object and emits "notify" for each property that took
 * a new value, so a row bound to it redraws that and nothing else.  Only
 * the model changes items (loket-office-items-private.h); property names
 * follow the protocol's fields (docs/protocol.md, "Objects"), with '-'
 * for '_'.  States are the protocol's strings ("called", "paused", "ok").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "loket-ticket.h"

G_BEGIN_DECLS

#define LOKET_TYPE_TICKET_ITEM (loket_ticket_item_get_type ())
G_DECLARE_FINAL_TYPE (LoketTicketItem, loket_ticket_item, LOKET, TICKET_ITEM, GObject)

/* A ticket: the protocol's ticket, and for a called one the event that
 * last called it (call-seq, call-type "CALLED" or "RECALLED", call-time). */
gint64       loket_ticket_item_get_id          (LoketTicketItem *self);
const char  *loket_ticket_item_get_number      (LoketTicketItem *self);
const char  *loket_ticket_item_get_service     (LoketTicketItem *self);
const char  *loket_ticket_item_get_priority    (LoketTicketItem *self);
const char  *loket_ticket_item_get_state       (LoketTicketItem *self);
const char  *loket_ticket_item_get_counter     (LoketTicketItem *self);
const char  *loket_ticket_item_get_clerk       (LoketTicketItem *self);
gint64       loket_ticket_item_get_issued_at   (LoketTicketItem *self);
gint64       loket_ticket_item_get_arrival_at  (LoketTicketItem *self);
gint64       loket_ticket_item_get_called_at   (LoketTicketItem *self);
gint64       loket_ticket_item_get_started_at  (LoketTicketItem *self);
guint        loket_ticket_item_get_recalls     (LoketTicketItem *self);
gint64       loket_ticket_item_get_call_seq    (LoketTicketItem *self);
const char  *loket_ticket_item_get_call_type   (LoketTicketItem *self);
gint64       loket_ticket_item_get_call_time   (LoketTicketItem *self);
/* The promise it was issued with (0: none recorded; its service's then). */
guint        loket_ticket_item_get_promised_wait_minutes    (LoketTicketItem *self);
guint        loket_ticket_item_get_promised_service_minutes (LoketTicketItem *self);
/* Whether the ticket's state passes @test (loket_ticket_state_is_waiting,
 * …); FALSE for a state this build does not know. */
gboolean     loket_ticket_item_state_is        (LoketTicketItem *self,
                                                gboolean (*test) (LoketTicketState state));

#define LOKET_TYPE_COUNTER_ITEM (loket_counter_item_get_type ())
G_DECLARE_FINAL_TYPE (LoketCounterItem, loket_counter_item, LOKET, COUNTER_ITEM, GObject)

/* A counter, and of the ticket in its hands (current-ticket) the number
 * and state (ticket-number, ticket-state; NULL without one), kept up to
 * date by the model so that a tile needs to watch one object. */
const char  *loket_counter_item_get_id            (LoketCounterItem *self);
const char  *loket_counter_item_get_name          (LoketCounterItem *self);
const char  *loket_counter_item_get_state         (LoketCounterItem *self);
const char  *loket_counter_item_get_clerk         (LoketCounterItem *self);
/* The pause reason's id and the clerk's note: for people, through
 * loket_office_model_describe_pause(). */
const char  *loket_counter_item_get_pause_reason  (LoketCounterItem *self);
const char  *loket_counter_item_get_pause_note    (LoketCounterItem *self);
gint64       loket_counter_item_get_paused_since  (LoketCounterItem *self);
gint64       loket_counter_item_get_current_ticket (LoketCounterItem *self);
const char * const *loket_counter_item_get_services (LoketCounterItem *self);
const char  *loket_counter_item_get_ticket_number (LoketCounterItem *self);
const char  *loket_counter_item_get_ticket_state  (LoketCounterItem *self);

#define LOKET_TYPE_SERVICE_ITEM (loket_service_item_get_type ())
G_DECLARE_FINAL_TYPE (LoketServiceItem, loket_service_item, LOKET, SERVICE_ITEM, GObject)

/* A service of the charter with today's figures.  "waiting" is counted
 * by the model from its waiting tickets, so it moves with each event;
 * the other figures come from the server (snapshot or SERVICES). */
const char  *loket_service_item_get_id            (LoketServiceItem *self);
const char  *loket_service_item_get_series        (LoketServiceItem *self);
/* The name in the current language (loket_i18n_get_language). */
const char  *loket_service_item_get_label         (LoketServiceItem *self);
/* The product ("KTP-el") where the charter has one, else the name: for
 * small spaces. */
const char  *loket_service_item_get_short_label   (LoketServiceItem *self);
guint        loket_service_item_get_waiting       (LoketServiceItem *self);
guint        loket_service_item_get_promised_wait_minutes    (LoketServiceItem *self);
guint        loket_service_item_get_promised_service_minutes (LoketServiceItem *self);
guint        loket_service_item_get_called_today  (LoketServiceItem *self);
guint        loket_service_item_get_called_within_promise (LoketServiceItem *self);
/* The charter's word on the service, in the current language (the
 * Indonesian where the charter has no English); NULL where it says
 * nothing.  The cost in rupiah, 0 for free. */
const char * const *loket_service_item_get_requirements (LoketServiceItem *self);
const char  *loket_service_item_get_procedure     (LoketServiceItem *self);
const char  *loket_service_item_get_product       (LoketServiceItem *self);
gint64       loket_service_item_get_cost          (LoketServiceItem *self);
/* A regular citizen's wait if they took a ticket now (docs/protocol.md):
 * the upper end, and the lower end only where the range is wide (0
 * otherwise); and the two as loket_i18n_format_wait() puts them. */
guint        loket_service_item_get_estimated_wait_minutes      (LoketServiceItem *self);
guint        loket_service_item_get_estimated_wait_from_minutes (LoketServiceItem *self);
char        *loket_service_item_format_wait       (LoketServiceItem *self);

#define LOKET_TYPE_DEVICE_ITEM (loket_device_item_get_type ())
G_DECLARE_FINAL_TYPE (LoketDeviceItem, loket_device_item, LOKET, DEVICE_ITEM, GObject)

/* One part of one device as it last reported (a kiosk's printer). */
const char  *loket_device_item_get_device     (LoketDeviceItem *self);
const char  *loket_device_item_get_component  (LoketDeviceItem *self);
const char  *loket_device_item_get_state      (LoketDeviceItem *self);
const char  *loket_device_item_get_detail     (LoketDeviceItem *self);
gint64       loket_device_item_get_since      (LoketDeviceItem *self);
gint64       loket_device_item_get_updated_at (LoketDeviceItem *self);

G_END_DECLS
