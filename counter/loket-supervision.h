/* loket-supervision.h — what a supervisor must look at, from the office's
 * live state.
 *
 * The supervisor view shows the whole office at a glance and raises what
 * needs a person: a kiosk's printer out of paper, a kiosk gone silent,
 * a ticket whose paper failed (the citizen may hold no number: the alert
 * offers to print it again or to void it), a complaint's receipt that
 * did not print (until the complaint is taken up), citizens waiting past the charter's promise, a service running past its
 * promise, a pause that has gone on long, a service with people waiting
 * and no open counter to call them.  The judgement is here, apart from
 * the window, so that it is tested on crafted states.
 *
 * The input is the office model's lists (LoketOfficeModel: the charter's
 * services, the counters, the device reports, the tickets waiting and in
 * hand), typed items kept up to date by the snapshot and events; nothing
 * is asked of the server.  The complaints are the list the complaints
 * view already asks for (COMPLAINTS), not the model's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "loket-office-items.h"
#include "loket-timer.h"

G_BEGIN_DECLS

/* A pause longer than this is shown to the supervisor (a break or prayer
 * is normal; one that lasts the morning is worth a look). */
#define LOKET_SUPERVISION_LONG_PAUSE_USEC  ((gint64) 30 * 60 * G_USEC_PER_SEC)
/* A kiosk repeats its printer's state every minute; three missed reports
 * mean it is off, unplugged or cut from the network. */
#define LOKET_SUPERVISION_SILENT_USEC      ((gint64) 3 * 60 * G_USEC_PER_SEC)

typedef enum {
  LOKET_ALERT_DEVICE,          /* a device reported a part not ok (a printer) */
  LOKET_ALERT_DEVICE_SILENT,   /* a device stopped reporting */
  LOKET_ALERT_PRINT_FAILED,    /* a waiting ticket whose paper failed; subject: its number */
  LOKET_ALERT_RECEIPT_FAILED,  /* a complaint's receipt that did not print; subject: the receipt */
  LOKET_ALERT_UNSERVED,        /* people wait for a service no open counter calls */
  LOKET_ALERT_WAIT_BREACH,     /* people waiting past the promised wait */
  LOKET_ALERT_SERVICE_BREACH,  /* a service running past the promised time */
  LOKET_ALERT_LONG_PAUSE,      /* a counter paused for long */
} LoketAlertKind;

typedef struct {
  LoketAlertKind  kind;
  char           *subject;   /* the device, service or counter id */
  char           *message;   /* one sentence for the supervisor */
  gint64          since;     /* µs; when the matter began, 0 if unknown */
  gboolean        severe;    /* red rather than amber */
} LoketAlert;

void        loket_alert_free            (LoketAlert *alert);
const char *loket_alert_kind_to_string  (LoketAlertKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketAlert, loket_alert_free)

/* One service's waiting citizens against its promise. */
typedef struct {
  LoketServiceItem *item;             /* borrowed from the services list */
  const char      *service;           /* its id */
  guint            waiting;
  guint            overdue;           /* waiting longer than promised */
  gint64           longest_usec;      /* the longest wait so far */
  gint64           promised_usec;
  LoketTimerLevel  level;             /* of the longest wait */
  guint            open_counters;     /* open, staffed and calling this service */
} LoketServiceWaits;

/* The office model's lists (loket_office_model_get_services () …), or
 * any lists of the same items. */
typedef struct {
  GListModel *services;   /* LoketServiceItem, in the charter's order */
  GListModel *counters;   /* LoketCounterItem */
  GListModel *devices;    /* LoketDeviceItem */
  GListModel *waiting;    /* LoketTicketItem, waiting today */
  GListModel *active;     /* LoketTicketItem, called or being served */
  JsonArray  *pause_reasons; /* the charter's (loket_office_model_get_pause_reasons), or NULL */
  JsonArray  *complaints; /* the open complaints as COMPLAINTS lists them (the complaints view's), or NULL */
  gint64      now;
} LoketSupervisionState;

/* One entry per service, in the charter's order. */
GArray     *loket_supervision_service_waits (const LoketSupervisionState *state);

/* The alerts, most urgent kind first; an empty array when all is well. */
GPtrArray  *loket_supervision_alerts        (const LoketSupervisionState *state);

G_END_DECLS
