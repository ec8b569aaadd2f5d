/* loket-office.h — the office's rules: what each request does to the queue.
 *
 * The office is the domain model behind loketd, free of sockets: it takes
 * one request (already authenticated, inside the server's open
 * transaction), checks it against the charter and the current state,
 * writes the new state and the events to the store, and returns the reply.
 * The server publishes the events only after the transaction commits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "loket-charter.h"
#include "loket-keys.h"
#include "loket-protocol.h"
#include "loket-store.h"

G_BEGIN_DECLS

typedef struct {
  const char *type;     /* "ISSUE", … */
  JsonObject *body;
  const char *device;   /* who sent it: the key's name (or device_id when insecure) */
  LoketRole   role;
  gint64      now;      /* µs since the epoch */
} LoketRequest;

/* Whether the office has a handler for request @id of the protocol table
 * (tests/test-protocol.c checks every one). */
gboolean   loket_office_has_handler (LoketRequestId id);

#define LOKET_TYPE_OFFICE (loket_office_get_type ())
G_DECLARE_FINAL_TYPE (LoketOffice, loket_office, LOKET, OFFICE, GObject)

LoketOffice  *loket_office_new             (LoketCharter *charter,
                                            LoketStore   *store);
LoketCharter *loket_office_get_charter     (LoketOffice  *self);
LoketStore   *loket_office_get_store       (LoketOffice  *self);
/* Makes @charter the one in force from @now, in a transaction of its
 * own (between the server's batches): stored as a new version if its
 * SHA-256 differs from the latest (loket_store_adopt_charter, which also
 * gives tickets from before schema 9 their promise), with a
 * CHARTER_CHANGED event appended to @events for the caller to publish.
 * @loaded_by is "start" or "sighup".  On failure the office keeps the
 * charter it had.  Every ticket issued after records this version and its
 * service's promised minutes. */
gboolean      loket_office_adopt_charter   (LoketOffice  *self,
                                            LoketCharter *charter,
                                            const char   *loaded_by,
                                            gint64        now,
                                            GPtrArray    *events,
                                            GError      **error);
/* The stored version of the charter in force; 0 before one is adopted. */
guint         loket_office_get_charter_version (LoketOffice *self);
/* Training and demo mode: tickets are issued outside opening hours. */
void          loket_office_set_always_open (LoketOffice  *self,
                                            gboolean      always_open);

/* Logs what the office lacks among its staff: no head of office (nobody
 * can manage the staff) or no supervisor either (nobody can sign in at a
 * supervisor's device), with how to appoint the first head.  loketd
 * calls it at start; it never refuses to start over it, since kiosks
 * and counters must work regardless. */
void          loket_office_check_staff     (LoketOffice  *self);

/* Admits @request by the protocol table (loket_protocol_admit(): its
 * type, the role, the body's fields) and, from a supervisor's key, by the
 * role of the person signed in there (loket-office-people.c), then
 * applies it.  On success
 * returns the reply body and appends the events it caused to @events
 * (JsonObject*, each with "type" and "seq").
 * On failure returns NULL and sets @error; the caller rolls back. */
JsonObject   *loket_office_handle          (LoketOffice        *self,
                                            const LoketRequest *request,
                                            GPtrArray          *events,
                                            GError            **error);
/* The same, for the server: the members a handler wrote straight as JSON
 * text (QUEUE's list of everyone waiting, which json-glib would take
 * some 90 000 instructions a ticket to build, encode and free) are
 * appended to @raw ("name":value,…) instead of being in the returned
 * object; loket_json_to_string_with() puts the two together.
 * loket_office_handle() gives the whole object, for everyone else. */
JsonObject   *loket_office_handle_split    (LoketOffice        *self,
                                            const LoketRequest *request,
                                            GPtrArray          *events,
                                            GString            *raw,
                                            GError            **error);

/* The two halves of loket_office_handle_split() for a read-only request,
 * for loketd's reader thread (server/loket-reader.c): admitting it
 * needs the office's own state (who is signed in where) and runs on
 * loketd's loop; answering it reads only the store and the charter, so
 * the reader answers it with an office of its own over a read-only
 * connection.  loket_office_admit() returns the request's entry in the
 * protocol table, or NULL and sets @error. */
const LoketRequestDef *loket_office_admit       (LoketOffice           *self,
                                                 const LoketRequest    *request,
                                                 GError               **error);
JsonObject            *loket_office_answer_read (LoketOffice           *self,
                                                 const LoketRequestDef *def,
                                                 const LoketRequest    *request,
                                                 GString               *raw,
                                                 GError               **error);

/* The service day that should be closed by now (loket-office-close.c):
 * today once its closing time (the charter's hours plus its
 * ClosingGraceMinutes) has passed, else the day before; NULL in training
 * mode, where the hours are ignored.  The server sends CLOSE_DAY for it
 * when it is later than the last day it closed. */
char         *loket_office_day_due         (LoketOffice        *self,
                                            gint64              now);

/* Whether the refusal @refusal of @request leaves a record: an ISSUE
 * refused for the hours (`closed`) or the quota. */
gboolean      loket_office_refusal_is_recorded (const LoketRequest *request,
                                                const GError       *refusal);
/* Appends the TURNED_AWAY event of that refusal to the log and to
 * @events, after the server undid the request's own writes (inside the
 * same transaction); TRUE with nothing written for any other refusal. */
gboolean      loket_office_record_refusal  (LoketOffice        *self,
                                            const LoketRequest *request,
                                            const GError       *refusal,
                                            GPtrArray          *events,
                                            GError            **error);

G_END_DECLS
