/* loket-protocol.h — the protocol, defined once: every request type and
 * every event type, as a table.
 *
 * A request's entry says what it is called, which fields its body has
 * (name, JSON type, required or not, limits), which roles may send it,
 * whether it writes, and which events it may publish; an event's entry
 * says which fields it carries beyond those every event has.  loketd
 * admits each request by this table before any handler runs
 * (loket_protocol_admit), the office's handler table is indexed by its
 * enum, tests/test-protocol.c holds docs/protocol.md to it both ways, and
 * the fuzzers read it to build well-formed bodies.  Adding a field is one
 * line here plus the handler that reads it.
 *
 * The envelope (v, req_id, device_id, deadline) is the codec's and the
 * server's business, not this table's.  Fields a body has beyond its
 * entry's are ignored, so that a newer client's optional field does not
 * break an older server; an optional field that is null counts as absent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "loket-keys.h"
#include "loket-staff.h"

G_BEGIN_DECLS

typedef enum {
  LOKET_FIELD_STRING,    /* a JSON string */
  LOKET_FIELD_INTEGER,   /* a JSON integer (not 1.0) */
  LOKET_FIELD_BOOLEAN,   /* true or false */
  LOKET_FIELD_STRINGS,   /* an array of strings */
  LOKET_FIELD_OBJECT,    /* a JSON object */
  LOKET_FIELD_TICKET,    /* a ticket: its id (integer) or its number of today ("A-007") */
} LoketFieldKind;

/* One field of a body.  Limits, by kind: STRING — at most max_length
 * bytes, non-empty when required, one of @choices if given; TICKET — an
 * id from 1, or a number of at most max_length bytes; INTEGER — min to
 * max; STRINGS — min to max elements, each non-empty and at most
 * max_length bytes. */
typedef struct {
  const char         *name;
  LoketFieldKind      kind;
  gboolean            required;
  guint               max_length;
  gint64              min;
  gint64              max;
  const char * const *choices;   /* NULL-terminated, or NULL for any */
} LoketFieldDef;

/* Requests, in the order of the table. */
typedef enum {
  LOKET_REQUEST_SERVICES,
  LOKET_REQUEST_SNAPSHOT,
  LOKET_REQUEST_STATUS,
  LOKET_REQUEST_ISSUE,
  LOKET_REQUEST_PRINT,
  LOKET_REQUEST_REPRINT,
  LOKET_REQUEST_CALL,
  LOKET_REQUEST_RECALL,
  LOKET_REQUEST_START,
  LOKET_REQUEST_FINISH,
  LOKET_REQUEST_NOSHOW,
  LOKET_REQUEST_TRANSFER,
  LOKET_REQUEST_PRIORITY_REFUSE,
  LOKET_REQUEST_PAUSE,
  LOKET_REQUEST_RESUME,
  LOKET_REQUEST_QUEUE,
  LOKET_REQUEST_LOGIN,
  LOKET_REQUEST_LOGOUT,
  LOKET_REQUEST_VOID,
  LOKET_REQUEST_CLERK_SET,
  LOKET_REQUEST_CLERK_REMOVE,
  LOKET_REQUEST_COUNTER_SERVICES,
  LOKET_REQUEST_DEVICE_STATUS,
  LOKET_REQUEST_REPORT,
  LOKET_REQUEST_CLERK_ROLE,
  LOKET_REQUEST_CLERK_LIST,
  LOKET_REQUEST_CLOSE_DAY,
  LOKET_REQUEST_TICKET_STATUS,
  LOKET_REQUEST_SURVEY,
  LOKET_REQUEST_DAILY,
  LOKET_REQUEST_SKM,
  LOKET_REQUEST_COMPLAIN,
  LOKET_REQUEST_COMPLAINT,
  LOKET_REQUEST_COMPLAINTS,
  LOKET_REQUEST_COMPLAINT_STEP,
  LOKET_REQUEST_COMPLAINT_STATS,
  LOKET_REQUEST_N
} LoketRequestId;

typedef enum {
  LOKET_EVENT_ISSUED,
  LOKET_EVENT_PRINTED,
  LOKET_EVENT_PRINT_FAILED,
  LOKET_EVENT_REPRINTED,
  LOKET_EVENT_REPRINT_ASKED,
  LOKET_EVENT_CALLED,
  LOKET_EVENT_RECALLED,
  LOKET_EVENT_STARTED,
  LOKET_EVENT_FINISHED,
  LOKET_EVENT_NO_SHOW,
  LOKET_EVENT_TRANSFERRED,
  LOKET_EVENT_PRIORITY_REFUSED,
  LOKET_EVENT_VOIDED,
  LOKET_EVENT_PAUSED,
  LOKET_EVENT_RESUMED,
  LOKET_EVENT_LOGGED_IN,
  LOKET_EVENT_LOGGED_OUT,
  LOKET_EVENT_CLERK_SET,
  LOKET_EVENT_CLERK_REMOVED,
  LOKET_EVENT_COUNTER_SERVICES,
  LOKET_EVENT_SUPERVISOR_IN,
  LOKET_EVENT_SUPERVISOR_OUT,
  LOKET_EVENT_DEVICE_STATUS,
  LOKET_EVENT_CLERK_ROLE,
  LOKET_EVENT_CHARTER_CHANGED,
  LOKET_EVENT_TURNED_AWAY,
  LOKET_EVENT_UNSERVED,
  LOKET_EVENT_DAY_CLOSED,
  LOKET_EVENT_SURVEYED,
  LOKET_EVENT_COMPLAINED,
  LOKET_EVENT_COMPLAINT_MOVED,
  LOKET_EVENT_N
} LoketEventId;

#define LOKET_PROTOCOL_MAX_FIELDS 10   /* with room for the NULL that ends them */
#define LOKET_PROTOCOL_MAX_EVENTS 4

/* In a request's "people": it may be sent from a supervisor's device
 * with nobody signed in there, on the key's own authority (loketctl). */
#define LOKET_PEOPLE_NOBODY (1u << 3)
/* Everyone: the request does not depend on who is signed in. */
#define LOKET_PEOPLE_ANYONE (LOKET_STAFF_CLERK | LOKET_STAFF_SUPERVISOR | LOKET_STAFF_HEAD | \
                             LOKET_PEOPLE_NOBODY)

typedef struct {
  LoketRequestId id;
  const char    *type;
  LoketRole      roles;     /* who may send it */
  /* From a supervisor's key: the staff roles (LoketStaffRole bits) of the
   * person signed in at the device who may send it, and
   * LOKET_PEOPLE_NOBODY if it may be sent with nobody signed in.  0 for
   * a request a supervisor's key may not send.  Checked by the office
   * (loket-office.c) against the person's role in the store now, not at
   * sign-in, so that a change of role takes effect at once. */
  guint          people;
  gboolean       writes;    /* in the group commit, its reply stored for retries */
  /* A read that may take long (a period's figures): loketd answers it on
   * its reader thread, with a connection of its own, so that the queue
   * never waits behind it (server/loket-reader.c). */
  gboolean       apart;
  LoketFieldDef  fields[LOKET_PROTOCOL_MAX_FIELDS];   /* ended by a NULL name */
  LoketEventId   events[LOKET_PROTOCOL_MAX_EVENTS];   /* what it may publish */
  guint          n_events;
} LoketRequestDef;

/* An event's own fields, beyond those every event carries (seq, time,
 * type, actor, device, service_day, and ticket, counter and reason where
 * they apply).  Each is always present; a string may be null. */
typedef struct {
  LoketEventId  id;
  const char   *type;
  LoketFieldDef fields[LOKET_PROTOCOL_MAX_FIELDS];
  /* Published by loketd itself (a charter reloaded on SIGHUP), not by a
   * request: no request's row lists it. */
  gboolean      by_server;
} LoketEventDef;

extern const LoketRequestDef loket_protocol_requests[LOKET_REQUEST_N];
extern const LoketEventDef   loket_protocol_events[LOKET_EVENT_N];

/* NULL for a type the protocol does not have. */
const LoketRequestDef *loket_protocol_lookup_request (const char *type);
const LoketEventDef   *loket_protocol_lookup_event   (const char *type);
/* "string", "integer", "boolean", "array of strings", "object", "ticket". */
const char            *loket_field_kind_to_string    (LoketFieldKind kind);

/* Admits a request before any handler sees it: its type must be in the
 * table (else LOKET_ERROR_UNKNOWN_TYPE), @role among its senders (else
 * LOKET_ERROR_DENIED), and its body must have each required field, each
 * field of its JSON type and within its limits (else LOKET_ERROR_INVALID,
 * naming the field).  Returns the request's entry. */
const LoketRequestDef *loket_protocol_admit          (const char     *type,
                                                      LoketRole       role,
                                                      JsonObject     *body,
                                                      GError        **error);
/* The field checks of admission alone, for @fields ended by a NULL name. */
gboolean               loket_protocol_check_fields   (const LoketFieldDef *fields,
                                                      JsonObject     *body,
                                                      GError        **error);
/* An event the handler of @request is about to publish: its type must be
 * one @request may publish (with @request NULL: one loketd publishes by
 * itself, by_server), and it must carry its own fields. */
gboolean               loket_protocol_check_event    (const LoketRequestDef *request,
                                                      JsonObject     *event,
                                                      GError        **error);

G_END_DECLS
