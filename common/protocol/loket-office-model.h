/* loket-office-model.h — the office as every client that follows it
 * holds it: the board, the counter, the supervisor's view and (later)
 * the web gateway render from one LoketOfficeModel.
 *
 * The model is fed by a LoketSubscriber (the Clone pattern, see
 * docs/protocol.md): a snapshot replaces its state, each event changes
 * it.  What it holds is typed (loket-office-items.h) and kept in
 * GListModels; a change updates the items in place — the same GObject,
 * "notify" for each property that changed — and "items-changed" is
 * emitted only for an item that really joined or left a list (or moved
 * in it: a recalled ticket goes to the top of the recent calls).  A
 * resync by a new snapshot therefore redraws only what differs.
 *
 * Lists:
 *   services      LoketServiceItem, in the charter's order
 *   counters      LoketCounterItem, in the charter's order
 *   waiting       LoketTicketItem, waiting today, by arrival (arrival-at, id)
 *   active        LoketTicketItem, called or being served, by called-at
 *   recent-calls  LoketTicketItem, the latest calls, the latest (re)call first
 *   devices       LoketDeviceItem, one per device part that reported
 * A ticket is one item in whichever lists it is in.
 *
 * The office fields (name, time zone, recall limit, …) are properties,
 * and so is whether the day is closed ("closed").
 * Acts that are not state are signals: "called" for a call to announce
 * (CALLED or RECALLED, with the event's seq), "synced" after each
 * snapshot, "event" after each event was applied.
 *
 * GIO and json-glib only, no GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "loket-client.h"
#include "loket-office-items.h"
#include "loket-subscriber.h"

G_BEGIN_DECLS

/* As many calls as the snapshot's recent_calls holds. */
#define LOKET_OFFICE_MODEL_RECENT_CALLS 10
/* The charter's default RecallLimit, until the office says otherwise. */
#define LOKET_OFFICE_MODEL_DEFAULT_RECALL_LIMIT 2

#define LOKET_TYPE_OFFICE_MODEL (loket_office_model_get_type ())
G_DECLARE_FINAL_TYPE (LoketOfficeModel, loket_office_model, LOKET, OFFICE_MODEL, GObject)

/* Follows @subscriber (NULL: fed by hand with apply_snapshot/apply_event,
 * as the tests do).  With @client, the services' figures of the day
 * (called within the promise, estimated wait) are asked for again with
 * SERVICES shortly after events that change them; without, they change
 * with each snapshot. */
LoketOfficeModel *loket_office_model_new            (LoketSubscriber  *subscriber,
                                                     LoketClient      *client);

void        loket_office_model_apply_snapshot       (LoketOfficeModel *self,
                                                     JsonObject       *snapshot);
void        loket_office_model_apply_event          (LoketOfficeModel *self,
                                                     const char       *type,
                                                     JsonObject       *event);
/* A reply to an act (CALL, START, …) carries the ticket and counter after
 * it, as the event will: applied at once, so that the screen of the
 * device that acted does not wait for the event.  Not a call to announce:
 * that is the event's. */
void        loket_office_model_apply_reply          (LoketOfficeModel *self,
                                                     JsonObject       *reply);
/* A SERVICES reply's services: today's figures, in place. */
void        loket_office_model_apply_services       (LoketOfficeModel *self,
                                                     JsonArray        *services);

GListModel *loket_office_model_get_services         (LoketOfficeModel *self);
GListModel *loket_office_model_get_counters         (LoketOfficeModel *self);
GListModel *loket_office_model_get_waiting          (LoketOfficeModel *self);
GListModel *loket_office_model_get_active           (LoketOfficeModel *self);
GListModel *loket_office_model_get_recent_calls     (LoketOfficeModel *self);
GListModel *loket_office_model_get_devices          (LoketOfficeModel *self);

/* NULL for one the model does not hold. */
LoketServiceItem *loket_office_model_lookup_service (LoketOfficeModel *self,
                                                     const char       *id);
LoketCounterItem *loket_office_model_lookup_counter (LoketOfficeModel *self,
                                                     const char       *id);
/* Any ticket of today the model has seen (waiting, active, recent, or
 * in an event since the last snapshot); NULL for 0. */
LoketTicketItem  *loket_office_model_lookup_ticket  (LoketOfficeModel *self,
                                                     gint64            id);

gboolean    loket_office_model_get_synced           (LoketOfficeModel *self);
gboolean    loket_office_model_get_online           (LoketOfficeModel *self);
/* The service day was closed (DAY_CLOSED, or the snapshot's day_closed)
 * and nobody has queued since: boards and counters show the office
 * closed.  Property "closed". */
gboolean    loket_office_model_get_closed           (LoketOfficeModel *self);
gint64      loket_office_model_get_seq              (LoketOfficeModel *self);
const char *loket_office_model_get_service_day      (LoketOfficeModel *self);
/* The office's name in the current language. */
const char *loket_office_model_get_label            (LoketOfficeModel *self);
const char *loket_office_model_get_address          (LoketOfficeModel *self);
const char *loket_office_model_get_time_zone        (LoketOfficeModel *self);
/* @usec (real time, µs) on the office's clock (loket-office-time.h);
 * NULL until the model knows the office's time zone. */
GDateTime  *loket_office_model_date_time            (LoketOfficeModel *self,
                                                     gint64            usec);
/* The same formatted by
 * g_date_time_format(); "" until the model knows the office's time
 * zone, never the PC's clock. */
char       *loket_office_model_format_time          (LoketOfficeModel *self,
                                                     gint64            usec,
                                                     const char       *format);
guint       loket_office_model_get_recall_limit     (LoketOfficeModel *self);
const char *loket_office_model_get_status_url       (LoketOfficeModel *self);
/* A priority group's name in the current language, NULL if unknown. */
const char *loket_office_model_get_priority_group_name (LoketOfficeModel *self,
                                                        const char       *id);
/* The charter's pause reasons as SNAPSHOT carries them (see
 * loket-pause-reason.h), or NULL before the first; property
 * "pause-reasons". */
JsonArray  *loket_office_model_get_pause_reasons    (LoketOfficeModel *self);
/* @counter's pause as people read it, in the current language
 * ("Sholat", "Lainnya: listrik padam"); NULL if it is not paused. */
char       *loket_office_model_describe_pause       (LoketOfficeModel *self,
                                                     LoketCounterItem *counter);

/* Brings @store to hold @items (GObject *) in that order as the model
 * does its own lists: what left is removed, what came is inserted, what
 * is out of place is moved, nothing else is touched.  For a window's own
 * list of the model's items (the counter's queue in calling order). */
void        loket_list_store_sync                   (GListStore       *store,
                                                     GPtrArray        *items);

G_END_DECLS
