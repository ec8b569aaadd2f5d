/* loket-store.h — the office's durable memory: one SQLite database.
 *
 * Event log first: every state change is appended to `events`, a SHA-256
 * hash chain that `loketctl verify` checks and that triggers keep
 * append-only; `tickets` and `counters` are the materialised current
 * state, written in the same transaction.  Replies to requests are kept in
 * `requests`, keyed by (device, req_id), so a retried request is answered
 * from the store instead of being applied twice.
 *
 * The database runs in WAL mode with synchronous=FULL: a COMMIT that
 * returned is on the disk.  The schema version is PRAGMA user_version with
 * forward migrations; a database we cannot read is reported, never
 * recreated.  Only loketd writes; everyone else opens it read-only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "loket-ticket.h"
#include "loket-charter.h"
#include "loket-skm.h"
#include "loket-routing.h"
#include "loket-staff.h"

G_BEGIN_DECLS

/* The connection, for tests and tools that read the database directly
 * (they include loket-sqlite.h); declared here without SQLite's header. */
typedef struct sqlite3 sqlite3;

#define LOKET_STORE_SCHEMA_VERSION 17

typedef enum {
  LOKET_COUNTER_OPEN,
  LOKET_COUNTER_PAUSED,
  LOKET_COUNTER_CLOSED,
} LoketCounterStateKind;

const char *loket_counter_state_to_string (LoketCounterStateKind state);

/* A counter's live state, as kept in `counters`. */
typedef struct {
  char                  *id;
  LoketCounterStateKind  state;
  char                  *clerk;          /* logged-in clerk, or NULL */
  char                  *pause_reason;   /* a pause reason's id (older rows: free text) */
  char                  *pause_note;     /* the clerk's words, for the reason that takes them */
  gint64                 paused_since;
  gint64                 current_ticket; /* 0 = none */
  LoketRatioState        ratio;
  gint64                 pause_total_usec; /* today's pauses, closed ones */
  char                  *pause_day;      /* service day of pause_total */
  char                 **services;       /* a supervisor's choice, or NULL: the charter's */
} LoketCounterState;

void               loket_counter_state_free (LoketCounterState *state);
JsonObject        *loket_counter_state_to_json (const LoketCounterState *state);

/* What a device last reported about one of its parts, e.g. a kiosk's
 * printer: "ok", "warning" or "error", with the part's own words. */
typedef struct {
  char   *device;
  char   *component;  /* "printer" */
  char   *state;      /* "ok", "warning", "error" */
  char   *detail;     /* "media-empty-error", or NULL */
  gint64  since;      /* when it entered this state and detail */
  gint64  updated_at; /* the last report */
} LoketDeviceStatus;

void               loket_device_status_free (LoketDeviceStatus *status);
JsonObject        *loket_device_status_to_json (const LoketDeviceStatus *status);

/* One row of the hash-chained log. */
typedef struct {
  gint64  seq;
  gint64  time;
  char   *actor;
  char   *device;
  char   *type;
  gint64  ticket;     /* 0 = none */
  char   *payload;    /* the event's JSON body, as published */
  char   *prev_hash;
  char   *hash;
} LoketEventRow;

void               loket_event_row_free (LoketEventRow *row);
/* The hash @row must carry if it follows @row->prev_hash: the chain's own
 * rule (loket_store_verify), for readers that check a copy of the log
 * (loket-sync before it ships events).  The caller owns it. */
char              *loket_event_row_hash (const LoketEventRow *row);
/* The prev_hash of event 1. */
const char        *loket_event_genesis_hash (void);

#define LOKET_TYPE_STORE (loket_store_get_type ())
G_DECLARE_FINAL_TYPE (LoketStore, loket_store, LOKET, STORE, GObject)

LoketStore   *loket_store_open            (const char   *path,
                                           GError      **error);
LoketStore   *loket_store_open_readonly   (const char   *path,
                                           GError      **error);
sqlite3      *loket_store_get_db          (LoketStore   *self);
const char   *loket_store_get_path        (LoketStore   *self);

/* Transactions: BEGIN IMMEDIATE … COMMIT, and savepoints inside one so
 * that a refused request in a group commit undoes only its own writes. */
gboolean      loket_store_begin           (LoketStore   *self,
                                           GError      **error);
gboolean      loket_store_commit          (LoketStore   *self,
                                           GError      **error);
void          loket_store_rollback        (LoketStore   *self);
gboolean      loket_store_savepoint       (LoketStore   *self,
                                           GError      **error);
gboolean      loket_store_release         (LoketStore   *self,
                                           GError      **error);
void          loket_store_rollback_to     (LoketStore   *self);

/* Copies the write-ahead log into the database; for idle moments. */
gboolean      loket_store_checkpoint      (LoketStore   *self,
                                           GError      **error);

/* Idempotency. */
gboolean      loket_store_lookup_reply    (LoketStore   *self,
                                           const char   *device,
                                           const char   *req_id,
                                           char        **reply_type,
                                           char        **reply_body,
                                           GError      **error);
gboolean      loket_store_save_reply      (LoketStore   *self,
                                           const char   *device,
                                           const char   *req_id,
                                           gint64        now,
                                           const char   *reply_type,
                                           const char   *reply_body,
                                           GError      **error);
/* Forgets replies older than @before (retries do not come days later). */
gboolean      loket_store_prune_replies   (LoketStore   *self,
                                           gint64        before,
                                           GError      **error);

/* The event log.  Sets "seq" and "time" in @payload, then appends it. */
gint64        loket_store_append_event    (LoketStore   *self,
                                           gint64        now,
                                           const char   *actor,
                                           const char   *device,
                                           const char   *type,
                                           gint64        ticket,
                                           JsonObject   *payload,
                                           GError      **error);
/* The payload of event @seq, appended since the last loket_store_begin(),
 * as the text that was hashed and stored (NULL otherwise): the server
 * publishes these very bytes, so an event is encoded once, and what a
 * subscriber reads is what the chain holds.  The caller owns it. */
char         *loket_store_take_event_text (LoketStore   *self,
                                           gint64        seq);
gint64        loket_store_get_last_seq    (LoketStore   *self);
/* Events with seq > @after, oldest first, at most @limit. */
GPtrArray    *loket_store_list_events     (LoketStore   *self,
                                           gint64        after,
                                           guint         limit,
                                           GError      **error);
/* The newest CALLED or RECALLED event of @ticket; NULL with no error if
 * it was never called. */
LoketEventRow *loket_store_last_call_event (LoketStore *self,
                                            gint64      ticket,
                                            GError    **error);
/* Walks the whole chain; on a broken link names the first bad seq. */
gboolean      loket_store_verify          (LoketStore   *self,
                                           gint64       *n_events,
                                           GError      **error);

/* ---- full verification and daily anchors (loket-store-verify.c) ------ */

typedef struct
{
  gint64 events;   /* in the chain */
  gint64 tickets;  /* rows of `tickets` equal to the replay */
  gint64 days;     /* service days among them */
} LoketVerifySummary;

/* The hash chain (loket_store_verify), then a replay of the events into a
 * scratch store compared with `tickets`, `report_tickets`, `queue_counts`
 * and `pauses`; LOKET_ERROR_TAMPERED names the first difference (table,
 * ticket, column, stored and replayed value). */
gboolean      loket_store_verify_all      (LoketStore         *self,
                                           LoketVerifySummary *summary,
                                           GError            **error);

/* A service day's anchor: the hash of its last event. */
typedef struct
{
  char  *day;
  gint64 seq;
  char  *hash;
} LoketAnchor;

void          loket_anchor_free           (LoketAnchor *anchor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketAnchor, loket_anchor_free)

/* Anchors of the days from @from to @to (each NULL: unbounded), in day
 * order; a GPtrArray of LoketAnchor. */
GPtrArray    *loket_store_list_anchors    (LoketStore *self,
                                           const char *from,
                                           const char *to,
                                           GError    **error);

/* ---- charter versions (loket-store-charter.c) ------------------------- */

/* One charter the office ran with (schema 9's charter_versions). */
typedef struct
{
  guint  version;        /* 1, 2, … */
  char  *sha256;         /* of the file's text, hex */
  gint64 in_force_from;  /* µs since the epoch */
  char  *loaded_by;      /* "start", "sighup" or "migration" */
} LoketCharterVersion;

void          loket_charter_version_free  (LoketCharterVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketCharterVersion, loket_charter_version_free)

/* Makes @charter the one in force from @now, in the caller's transaction:
 * returns its version — a new one, loaded by @loaded_by ("start" or
 * "sighup"), if its SHA-256 differs from the latest stored (@is_new).
 * The first version of a database that holds tickets without a promise
 * (issued before schema 9) is loaded by "migration": those tickets get
 * its promise, @filled says how many, and the log says so. */
LoketCharterVersion *loket_store_adopt_charter (LoketStore   *self,
                                                LoketCharter *charter,
                                                const char   *loaded_by,
                                                gint64        now,
                                                gboolean     *is_new,
                                                guint        *filled,
                                                GError      **error);
/* Every stored version, oldest first (LoketCharterVersion*). */
GPtrArray    *loket_store_list_charter_versions (LoketStore *self,
                                                 GError    **error);
/* The stored charter of @version (0: the latest), parsed; NULL with
 * LOKET_ERROR_NOT_FOUND if the database holds none. */
LoketCharter *loket_store_load_charter    (LoketStore   *self,
                                           guint         version,
                                           GError      **error);

/* ---- backup and restore (loket-store-backup.c) ------------------------ */

/* loketd holds an advisory lock (flock) on DB.lock for as long as it
 * runs, so that a restore — and a second loketd — can tell the database
 * is in use.  Returns NULL with LOKET_ERROR_STATE, naming the holder, if
 * another process has it. */
typedef struct _LoketStoreLock LoketStoreLock;

LoketStoreLock *loket_store_lock          (const char   *db_path,
                                           GError      **error);
void          loket_store_lock_free       (LoketStoreLock *lock);

/* What a backup, restore or check found. */
typedef struct {
  gint64  events;          /* length of the verified hash chain */
  guint   schema_version;
  gint64  bytes;           /* size of the file written or checked */
  guint   steps;           /* backup steps taken (chunks of pages) */
  gint64  usec;            /* time the copy took */
} LoketBackupInfo;

/* A database file (a backup) is whole: PRAGMA integrity_check passes and
 * its event log verifies.  Any schema up to the current one. */
gboolean      loket_store_check_file      (const char   *path,
                                           LoketBackupInfo *info,
                                           GError      **error);
/* A consistent copy of @db_path — also while loketd writes to it — at
 * @output, verified, written under a temporary name and renamed into
 * place: @output is either the whole, checked copy or left as it was. */
gboolean      loket_store_backup          (const char   *db_path,
                                           const char   *output,
                                           LoketBackupInfo *info,
                                           GError      **error);
/* Replaces @db_path by a verified copy of @backup.  Refused while a
 * loketd holds the database.  The replaced file (and its -wal) is kept as
 * @db_path.before-restore-YYYYMMDD-HHMMSS, returned in @kept (NULL if
 * there was none). */
gboolean      loket_store_restore         (const char   *backup,
                                           const char   *db_path,
                                           char        **kept,
                                           LoketBackupInfo *info,
                                           GError      **error);

/* Tickets. */
gboolean      loket_store_next_number     (LoketStore   *self,
                                           const char   *service_day,
                                           const char   *series,
                                           guint        *number,
                                           GError      **error);
gboolean      loket_store_insert_ticket   (LoketStore   *self,
                                           LoketTicket  *ticket,
                                           GError      **error);
gboolean      loket_store_update_ticket   (LoketStore   *self,
                                           const LoketTicket *ticket,
                                           GError      **error);
LoketTicket  *loket_store_get_ticket      (LoketStore   *self,
                                           gint64        id,
                                           GError      **error);
/* "A-007" on @service_day. */
LoketTicket  *loket_store_find_ticket     (LoketStore   *self,
                                           const char   *service_day,
                                           const char   *label,
                                           GError      **error);
/* Tickets' tokens (docs/security.md): the unguessable name a citizen's
 * QR code carries.  Kept beside the ticket, never in events.  A ticket
 * without one (issued before tokens) has NULL; an unknown token is
 * LOKET_ERROR_NOT_FOUND. */
gboolean      loket_store_set_ticket_token (LoketStore *self,
                                            gint64      id,
                                            const char *token,
                                            GError    **error);
char         *loket_store_get_ticket_token (LoketStore *self,
                                            gint64      id,
                                            GError    **error);
LoketTicket  *loket_store_find_ticket_by_token (LoketStore *self,
                                                const char *token,
                                                GError    **error);
/* Waiting tickets of @ticket's own queue (its service, priority or not)
 * before it: its place in that queue less one. */
guint         loket_store_count_ahead      (LoketStore        *self,
                                            const LoketTicket *ticket,
                                            GError           **error);
/* Tickets of @service_day still waiting, in arrival order. */
GPtrArray    *loket_store_list_waiting    (LoketStore   *self,
                                           const char   *service_day,
                                           GError      **error);
/* Tickets of @service_day still waiting for one of @services, in arrival
 * order: what a counter that serves them may call. */
GPtrArray    *loket_store_list_waiting_for (LoketStore *self,
                                            const char *service_day,
                                            const char * const *services,
                                            GError    **error);
/* The first in line for @service on @service_day among the priority
 * (@priority TRUE) or the regular tickets; NULL if there is none (not an
 * error).  One index lookup, however long the queue. */
LoketTicket  *loket_store_queue_head      (LoketStore   *self,
                                           const char   *service_day,
                                           const char   *service,
                                           gboolean      priority,
                                           GError      **error);
/* Tickets of @day or an earlier service day still waiting or called:
 * those closing the day leaves unserved, in id order. */
GPtrArray    *loket_store_list_unclosed   (LoketStore   *self,
                                           const char   *day,
                                           GError      **error);
/* The latest service day closed (a DAY_CLOSED event's "day"), or NULL
 * with no error if none ever was. */
char         *loket_store_last_day_closed (LoketStore   *self,
                                           GError      **error);
/* Tickets of @service_day that are called or being served. */
GPtrArray    *loket_store_list_active     (LoketStore   *self,
                                           const char   *service_day,
                                           GError      **error);
/* The latest calls of @service_day, newest first. */
GPtrArray    *loket_store_list_recent_calls (LoketStore *self,
                                             const char *service_day,
                                             guint       limit,
                                             GError    **error);
/* Tickets issued in @series on @service_day: numbers are gapless, so this
 * is the highest number, found through the UNIQUE index. */
guint         loket_store_count_issued    (LoketStore   *self,
                                           const char   *service_day,
                                           const char   *series,
                                           GError      **error);
/* How many wait for @service on @service_day, of both kinds; and of
 * them, how many with a priority group.  Kept by triggers (schema 12),
 * so a lookup whatever the queue's length. */
guint         loket_store_count_waiting   (LoketStore   *self,
                                           const char   *service_day,
                                           const char   *service,
                                           GError      **error);
gboolean      loket_store_count_waiting_by_kind (LoketStore *self,
                                                 const char *service_day,
                                                 const char *service,
                                                 guint      *regular,
                                                 guint      *priority,
                                                 GError    **error);
/* The wait promise, kept or not, on @service_day: of the tickets called
 * so far, how many within their own promised wait of being issued (the
 * one they were issued with; @promise_usec, the charter's, for a ticket
 * with none recorded); and how many still waiting have already waited
 * longer (at @now). */
typedef struct {
  guint called;
  guint called_within;
  guint waiting_overdue;
} LoketWaitCompliance;

gboolean      loket_store_wait_compliance (LoketStore   *self,
                                           const char   *service_day,
                                           const char   *service,
                                           gint64        promise_usec,
                                           gint64        now,
                                           LoketWaitCompliance *out,
                                           GError      **error);
/* Today's service times of @service's finished tickets: how many, their
 * mean and standard deviation (µs; 0 when there are none). */
gboolean      loket_store_service_times   (LoketStore   *self,
                                           const char   *service_day,
                                           const char   *service,
                                           guint        *n,
                                           gint64       *mean,
                                           gint64       *sd,
                                           GError      **error);
/* The first @max in line for @service (priority or regular, as
 * loket_store_queue_head) into @heads (LoketQueueHead, service left
 * NULL, each with its own promised wait). */
gboolean      loket_store_queue_first     (LoketStore   *self,
                                           const char   *service_day,
                                           const char   *service,
                                           gboolean      priority,
                                           guint         max,
                                           GArray       *heads,
                                           GError      **error);

/* The charter's promises for one service, handed in by the caller (the
 * store does not read the charter) so that the store can count the
 * broken ones of tickets with no promise of their own recorded; every
 * other ticket is judged by the promise it was issued with. */
typedef struct {
  const char *service;
  gint64      wait_usec;
  gint64      service_usec;
} LoketServicePromise;

/* One counter's service day.  A ticket belongs to the counter that called
 * it until a transfer hands it on; transfers are found in the event log. */
typedef struct {
  guint  called;            /* the tickets it holds, plus those it transferred */
  guint  served;            /* done, outcome served */
  guint  finished;          /* done, any outcome */
  guint  noshows;
  guint  transferred;       /* TRANSFERRED events from this counter */
  guint  wait_breaches;     /* held tickets called later than their promise */
  guint  service_breaches;  /* finished tickets served longer than promised */
  gint64 mean_service_usec; /* of finished tickets; 0 if none */
} LoketCounterFigures;

gboolean      loket_store_counter_figures (LoketStore   *self,
                                           const char   *service_day,
                                           const char   *counter,
                                           const LoketServicePromise *promises,
                                           guint         n_promises,
                                           LoketCounterFigures *out,
                                           GError      **error);

/* Counters. */
LoketCounterState *loket_store_get_counter (LoketStore  *self,
                                            const char  *id,
                                            GError     **error);
gboolean      loket_store_put_counter     (LoketStore   *self,
                                           const LoketCounterState *state,
                                           GError      **error);

/* Records @status at @now; @changed says whether state or detail differ
 * from the last report (then `since` restarts), for alerting once. */
gboolean      loket_store_put_device_status (LoketStore   *self,
                                             LoketDeviceStatus *status,
                                             gint64        now,
                                             gboolean     *changed,
                                             GError      **error);
/* Every device's reports, by device and component. */
GPtrArray    *loket_store_list_device_status (LoketStore  *self,
                                              GError     **error);

/* The staff (loket-store-staff.c): PINs are kept only as salted
 * PBKDF2-SHA256 hashes, each person has one role.  "Clerk" in the names
 * below is the protocol's word for any member of staff. */
typedef struct {
  char           *id;
  char           *name;
  LoketStaffRole  role;
  gint64          created_at;   /* µs */
} LoketStaff;

void          loket_staff_free            (LoketStaff   *staff);
/* Adds a person with @role; someone already there under @id gets the new
 * name and PIN and keeps their role (change it with
 * loket_store_set_staff_role). */
gboolean      loket_store_add_staff       (LoketStore     *self,
                                           const char     *id,
                                           const char     *name,
                                           const char     *pin,
                                           LoketStaffRole  role,
                                           gint64          now,
                                           GError        **error);
/* NULL with LOKET_ERROR_NOT_FOUND for an id nobody has. */
LoketStaff   *loket_store_get_staff       (LoketStore   *self,
                                           const char   *id,
                                           GError      **error);
/* LOKET_ERROR_NOT_FOUND for an id nobody has. */
gboolean      loket_store_set_staff_role  (LoketStore     *self,
                                           const char     *id,
                                           LoketStaffRole  role,
                                           GError        **error);
/* Everyone (LoketStaff *), by id. */
GPtrArray    *loket_store_list_staff      (LoketStore   *self,
                                           GError      **error);
/* How many have @role; -1 with @error if the store cannot say. */
gint64        loket_store_count_staff     (LoketStore     *self,
                                           LoketStaffRole  role,
                                           GError        **error);
/* loket_store_add_staff () with the role of a clerk. */
gboolean      loket_store_add_clerk       (LoketStore   *self,
                                           const char   *id,
                                           const char   *name,
                                           const char   *pin,
                                           gint64        now,
                                           GError      **error);
/* Returns the clerk's name (transfer full) if @pin matches. */
char         *loket_store_check_clerk     (LoketStore   *self,
                                           const char   *id,
                                           const char   *pin,
                                           GError      **error);
/* A new PIN for an existing clerk: returns the clerk's name (transfer
 * full), or NULL with LOKET_ERROR_NOT_FOUND for an unknown one. */
char         *loket_store_set_clerk_pin   (LoketStore   *self,
                                           const char   *id,
                                           const char   *pin,
                                           GError      **error);
/* Forgets a clerk: returns the name they had (transfer full), or NULL
 * with LOKET_ERROR_NOT_FOUND. */
char         *loket_store_remove_clerk    (LoketStore   *self,
                                           const char   *id,
                                           GError      **error);
/* The counter @clerk is logged in at (transfer full); NULL with no error
 * if they are not logged in anywhere. */
char         *loket_store_find_clerk_counter (LoketStore *self,
                                              const char *clerk,
                                              GError    **error);

/* Reports (loket-store-report.c): read over a period of service days,
 * in one read transaction so that every figure comes from the same
 * moment even while loketd writes. */
gboolean      loket_store_read_begin      (LoketStore   *self,
                                           GError      **error);
void          loket_store_read_end        (LoketStore   *self);

/* What many tickets have in common, kept once under a code (schema 6's
 * report_kinds, widened by schema 9): the service it was taken for and the
 * one it ended in (after transfers), how far it got and how it ended, and
 * the promise it was issued with (0: none recorded). */
typedef struct {
  char             *issued_service;
  char             *service;
  LoketTicketState  state;
  LoketOutcome      outcome;
  gboolean          priority;       /* taken with a priority group */
  guint             transfers;
  guint             charter_version;
  guint             promised_wait_minutes;
  guint             promised_service_minutes;
} LoketReportKind;

/* Every kind, and every name of a counter or clerk, of the database by
 * code (a NULL where a code is not used), read in the transaction of the
 * tickets that refer to them. */
typedef struct {
  GPtrArray *kinds;                 /* LoketReportKind* */
  GPtrArray *names;                 /* char* */
} LoketReportCodes;

LoketReportCodes *loket_store_report_codes (LoketStore *self,
                                            GError    **error);
void              loket_report_codes_free  (LoketReportCodes *codes);

/* One ticket as a report sees it: its codes and its times (µs, 0 for
 * "not yet").  Its counter and clerk are the last it was called to: none
 * if it never was, a counter without a clerk if nobody was logged in
 * there.  Its service day is the office's date of arrival_at. */
typedef struct {
  guint   kind;                     /* in LoketReportCodes.kinds */
  guint   counter;                  /* in LoketReportCodes.names; 0: none */
  guint   clerk;                    /* likewise */
  gint64  arrival_at;
  gint64  called_at;
  gint64  started_at;
  gint64  finished_at;
} LoketReportTicket;

typedef void (*LoketReportTicketFunc) (const LoketReportTicket *ticket,
                                       gpointer                 user_data);

/* Every ticket of the service days @from … @to ("YYYY-MM-DD", both
 * included), in id order (which is time order).  @codes, read in the
 * same transaction, holds every code a row may have: a row with another
 * (a database edited by hand) fails the read with LOKET_ERROR_STORE.
 * @func is called from inside SQLite's step: it must not use the store. */
gboolean      loket_store_report_tickets  (LoketStore             *self,
                                           const LoketReportCodes *codes,
                                           const char             *from,
                                           const char             *to,
                                           LoketReportTicketFunc   func,
                                           gpointer                user_data,
                                           GError                **error);

/* One finished pause (a RESUMED event). */
typedef struct {
  const char *service_day;
  const char *counter;
  const char *clerk;     /* NULL: nobody was logged in */
  const char *reason;
  gint64      usec;
} LoketReportPause;

typedef void (*LoketReportPauseFunc) (const LoketReportPause *pause,
                                      gpointer                user_data);

gboolean      loket_store_report_pauses   (LoketStore   *self,
                                           const char   *from,
                                           const char   *to,
                                           LoketReportPauseFunc func,
                                           gpointer      user_data,
                                           GError      **error);
/* One event of @type ("PRINT_FAILED", "REPRINTED", "PRIORITY_REFUSED")
 * of the period's tickets, at @kiosk (NULL: a ticket with no kiosk on
 * record); in no particular order. */
typedef void (*LoketReportKioskFunc) (const char *kiosk,
                                      const char *type,
                                      gpointer    user_data);

gboolean      loket_store_report_kiosks   (LoketStore   *self,
                                           const char   *from,
                                           const char   *to,
                                           LoketReportKioskFunc func,
                                           gpointer      user_data,
                                           GError      **error);
/* One citizen turned away (a TURNED_AWAY event): when, the service they
 * asked for, and why ("closed" or "quota"). */
typedef struct {
  gint64      time;
  const char *service;
  const char *refusal;
} LoketReportTurnedAway;

typedef void (*LoketReportTurnedAwayFunc) (const LoketReportTurnedAway *turned_away,
                                           gpointer                     user_data);

gboolean      loket_store_report_turned_away (LoketStore                *self,
                                              const char                *from,
                                              const char                *to,
                                              LoketReportTurnedAwayFunc  func,
                                              gpointer                   user_data,
                                              GError                   **error);
/* Clerk id → name (transfer full). */
GHashTable   *loket_store_clerk_names     (LoketStore   *self,
                                           GError      **error);
/* EXPLAIN QUERY PLAN of the report's statements, one line per step, for
 * the benchmark to show that they use their indexes. */
char         *loket_store_report_query_plan (LoketStore *self,
                                             GError    **error);

/* PBKDF2-HMAC-SHA256, exposed for the tests. */
char         *loket_pin_hash              (const char   *pin,
                                           const char   *salt_hex,
                                           guint         iterations);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketCounterState, loket_counter_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketStaff, loket_staff_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketDeviceStatus, loket_device_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketEventRow, loket_event_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketReportCodes, loket_report_codes_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketStoreLock, loket_store_lock_free)

/* ---- the satisfaction survey (loket-store-survey.c) -------------------- */

/* One questionnaire answered (docs/skm.md). */
typedef struct {
  gint64  id;                 /* from 1; 0 before it is stored */
  gint64  ticket;             /* the ticket it answers for; 0: a paper form without one */
  char   *service;
  guint   charter_version;    /* the ticket's, or the one in force for paper without a ticket */
  char   *channel;            /* "kiosk", "paper", "web" */
  char   *service_day;        /* the day the citizen was served */
  gint64  answered_at;        /* µs */
  guint8  answers[LOKET_SKM_ELEMENTS];            /* 1–4, 0: skipped */
  char   *profile[LOKET_SKM_PROFILE_ITEMS];       /* a choice, or NULL: not given */
  char   *suggestion;
} LoketSurvey;

void          loket_survey_free           (LoketSurvey  *survey);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketSurvey, loket_survey_free)

/* Stores @survey, giving it an id unless it has one (verify's replay).
 * A second survey for the same ticket is LOKET_ERROR_ANSWERED. */
gboolean      loket_store_add_survey      (LoketStore   *self,
                                           LoketSurvey  *survey,
                                           GError      **error);
/* The id of the survey answered for ticket @ticket, 0 if none, -1 on error. */
gint64        loket_store_survey_of_ticket (LoketStore  *self,
                                            gint64       ticket,
                                            GError     **error);

/* The period's answers counted per element and answer (SQL SUM of each
 * column = 1 … 4), one call per service day, service and channel that
 * has any. */
typedef void (*LoketSurveyTallyFunc) (const char          *service_day,
                                      const char          *service,
                                      const char          *channel,
                                      const LoketSkmTally *tally,
                                      gpointer             user_data);
gboolean      loket_store_survey_tallies  (LoketStore   *self,
                                           const char   *from,
                                           const char   *to,
                                           LoketSurveyTallyFunc func,
                                           gpointer      user_data,
                                           GError      **error);
/* How many respondents gave each answer of each profile item (@choice
 * NULL: not given), over the period. */
typedef void (*LoketSurveyProfileFunc) (LoketSkmProfileItem item,
                                        const char         *choice,
                                        guint64             respondents,
                                        gpointer            user_data);
gboolean      loket_store_survey_profiles (LoketStore   *self,
                                           const char   *from,
                                           const char   *to,
                                           LoketSurveyProfileFunc func,
                                           gpointer      user_data,
                                           GError      **error);
/* The period's suggestions, oldest first. */
typedef void (*LoketSurveySuggestionFunc) (const char *service_day,
                                           const char *service,
                                           const char *channel,
                                           const char *text,
                                           gpointer    user_data);
gboolean      loket_store_survey_suggestions (LoketStore *self,
                                              const char *from,
                                              const char *to,
                                              LoketSurveySuggestionFunc func,
                                              gpointer    user_data,
                                              GError    **error);
/* The citizens served in the period (tickets finished, any outcome), per
 * service: the population the survey's sample is sized for. */
typedef void (*LoketSurveyServedFunc) (const char *service,
                                       guint64     served,
                                       gpointer    user_data);
gboolean      loket_store_count_served    (LoketStore   *self,
                                           const char   *from,
                                           const char   *to,
                                           LoketSurveyServedFunc func,
                                           gpointer      user_data,
                                           GError      **error);

G_END_DECLS
