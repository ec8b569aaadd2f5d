/* loket-office-private.h — what the office's handler files share: the
 * office's fields, the context of one request, and the helpers every
 * handler uses (reading the request's body, the store's objects, writing
 * an event).  Not installed; only the office's own files include it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-office.h"
#include "loket-estimate.h"
#include "loket-protocol.h"
#include "loket-routing.h"
#include "loket-ticket.h"

G_BEGIN_DECLS

#define USEC_PER_MINUTE (G_USEC_PER_SEC * (gint64) 60)
#define LOGIN_MAX_FAILURES 5
#define LOGIN_LOCKOUT_USEC (60 * G_USEC_PER_SEC)
#define RECENT_CALLS 10

struct _LoketOffice
{
  GObject       parent_instance;
  LoketCharter *charter;
  LoketStore   *store;
  /* The stored version of @charter (loket_office_adopt_charter), which
   * every ticket issued records; 0 until one is adopted. */
  guint         charter_version;
  gboolean      always_open;
  GHashTable   *login_failures;   /* device → LoginFailures */
  /* device → the supervisor signed in there.  In memory only: after a
   * restart a supervisor signs in again, and until then the supervisor
   * view's acts are refused rather than recorded under a guess. */
  GHashTable   *supervisors;
  /* service → OfficeServiceTimes: today's service times for the
   * estimated wait, read again at most once a minute (they drift slowly,
   * and reading them scans the day's finished tickets). */
  GHashTable   *service_times;
};

typedef struct {
  char   *service_day;
  gint64  read_at;
  guint   n;
  gint64  mean_usec;
  gint64  sd_usec;
} OfficeServiceTimes;

void office_service_times_free (OfficeServiceTimes *times);

typedef struct {
  guint  count;
  gint64 locked_until;
} LoginFailures;

/* What one handler needs to know about the request it is serving. */
typedef struct {
  LoketOffice        *office;
  const LoketRequest *request;
  GPtrArray          *events;
  char               *service_day;
  /* Members of the reply a handler wrote straight as JSON text
   * ("name":value,…; loket_office_handle_split ()), for a list as long
   * as the queue: never NULL. */
  GString            *raw;
} Context;

typedef JsonObject *(*Handler) (Context *ctx, GError **error);

/* loket-office.c: shared by every handler */
const char *office_body_string (Context *ctx, const char *key, GError **error);
const char *office_body_optional (Context *ctx, const char *key);
JsonArray *office_strv_to_json (char **strv);
/* The services a counter calls: a supervisor's choice, else the charter's
 * list.  @def may be NULL for a counter the charter no longer has. */
char **office_counter_services (const LoketCounterDef *def, const LoketCounterState *counter);
gboolean office_counter_serves (const LoketCounterDef *def,
                                const LoketCounterState *counter,
                                const char *service_id);
/* A counter as every reply, event and snapshot shows it: its live state,
 * its name and the services it calls. */
JsonObject *office_counter_to_json (Context *ctx, const LoketCounterState *counter);
/* Who is acting: the clerk logged in at the counter, else the device. */
const char *office_actor_for (Context *ctx, const LoketCounterState *counter);
/* Who is acting for a supervisor's device: the supervisor signed in
 * there, else the device itself (loketctl with a supervisor key).  A
 * request that names its supervisor ("supervisor", sent by the supervisor
 * view) must match the sign-in, so an act is never recorded under someone
 * who is no longer there; NULL and an error then. */
const char *office_supervisor_actor (Context *ctx, GError **error);
/* Appends one event to the log and to the list to publish. */
gboolean office_emit (Context *ctx,
                      const char *type,
                      const char *actor,
                      const LoketTicket *ticket,
                      const LoketCounterState *counter,
                      const char *reason,
                      JsonObject *extra,
                      GError **error);
const LoketServiceDef *office_require_service (Context *ctx, const char *id, GError **error);
/* The counter named in the request, with its definition and live state. */
LoketCounterState *office_require_counter (Context *ctx, const LoketCounterDef **def, GError **error);
gboolean office_save (Context *ctx,
                      const LoketTicket *ticket,
                      const LoketCounterState *counter,
                      GError **error);
JsonObject *office_reply_with (Context *ctx, const LoketTicket *ticket, const LoketCounterState *counter);
/* The charter's promised wait for @service_id, 0 for one it no longer has. */
gint64 office_promised_wait_usec (Context *ctx, const char *service_id);

/* loket-office-state.c: a period a network report (REPORT, SKM) may
 * cover, 1 to LOKET_REPORT_MAX_DAYS service days; invalid otherwise. */
gboolean office_check_report_period (Context *ctx, const char *from, const char *to, GError **error);

/* loket-office-estimate.c: what the estimated wait needs, read once
 * (FALSE with the store's error when it cannot be read), then asked
 * for any queue. */
typedef struct _OfficeEstimate OfficeEstimate;
OfficeEstimate *office_estimate_read (Context *ctx, GError **error);
/* Positions in a queue beside 1, 2, …: */
#define OFFICE_ESTIMATE_JOINING 0          /* someone who would join it now */
#define OFFICE_ESTIMATE_LAST    G_MAXUINT  /* its last (the ticket just issued) */
void office_estimate_for (Context *ctx, OfficeEstimate *e, const char *service, gboolean priority,
                          guint position, LoketEstimate *estimate);
void office_estimate_to_json (const LoketEstimate *estimate, JsonObject *o);
void office_estimate_free (OfficeEstimate *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OfficeEstimate, office_estimate_free)
/* Gives a ticket without a promise of its own (issued before charter
 * versions) its service's in the charter in force, for showing it. */
void office_fill_promise (Context *ctx, LoketTicket *ticket);

/* loket-office-issue.c */
gboolean office_is_open (Context *ctx, char **reason);
JsonArray *office_services_to_json (Context *ctx, GError **error);
void office_add_office_fields (Context *ctx, JsonObject *reply);
JsonObject *office_handle_services (Context *ctx, GError **error);
JsonObject *office_handle_issue (Context *ctx, GError **error);
/* loket-office-citizen.c */
JsonObject *office_handle_ticket_status (Context *ctx, GError **error);
LoketTicket *office_require_ticket (Context *ctx, GError **error);
/* The ticket of today whose token @token is (loket-office-citizen.c); a
 * malformed, unknown or older token is one not-found, after the same
 * work, so nothing tells a guesser which it was. */
LoketTicket *office_ticket_of_token (Context *ctx, const char *token, GError **error);
JsonObject *office_handle_print (Context *ctx, GError **error);
JsonObject *office_handle_reprint (Context *ctx, GError **error);

/* loket-office-calls.c */
JsonObject *office_handle_queue (Context *ctx, GError **error);
JsonObject *office_handle_call (Context *ctx, GError **error);
JsonObject *office_handle_recall (Context *ctx, GError **error);
JsonObject *office_handle_start (Context *ctx, GError **error);
JsonObject *office_handle_finish (Context *ctx, GError **error);
JsonObject *office_handle_noshow (Context *ctx, GError **error);
JsonObject *office_handle_transfer (Context *ctx, GError **error);
JsonObject *office_handle_priority_refuse (Context *ctx, GError **error);

/* loket-office-staff.c */
JsonObject *office_handle_void (Context *ctx, GError **error);
JsonObject *office_handle_pause (Context *ctx, GError **error);
JsonObject *office_handle_resume (Context *ctx, GError **error);
JsonObject *office_handle_login (Context *ctx, GError **error);
JsonObject *office_handle_logout (Context *ctx, GError **error);
JsonObject *office_handle_counter_services (Context *ctx, GError **error);

/* loket-office-people.c */
/* Whoever is signed in at a supervisor's device (or nobody) may send
 * @def by the protocol table's "people", their role read now; else
 * LOKET_ERROR_STAFF_ROLE (or AUTH for someone no longer on the staff). */
gboolean office_check_people (Context *ctx, const LoketRequestDef *def, GError **error);
/* @clerk (whose PIN was right) may sign in at a supervisor's device:
 * a supervisor or the head, whose role is set in @role. */
gboolean office_check_supervisor_sign_in (Context *ctx, const char *clerk, LoketStaffRole *role,
                                          GError **error);
JsonObject *office_handle_clerk_set (Context *ctx, GError **error);
JsonObject *office_handle_clerk_remove (Context *ctx, GError **error);
JsonObject *office_handle_clerk_role (Context *ctx, GError **error);
JsonObject *office_handle_clerk_list (Context *ctx, GError **error);

/* loket-office-close.c */
JsonObject *office_handle_close_day (Context *ctx, GError **error);

/* loket-office-survey.c */
JsonObject *office_handle_survey (Context *ctx, GError **error);

/* loket-office-complaint.c */
JsonObject *office_handle_complain (Context *ctx, GError **error);
JsonObject *office_handle_complaint (Context *ctx, GError **error);
JsonObject *office_handle_complaints (Context *ctx, GError **error);
JsonObject *office_handle_complaint_step (Context *ctx, GError **error);
JsonObject *office_handle_complaint_stats (Context *ctx, GError **error);
/* PRINT with "receipt": the kiosk's report on a complaint's receipt. */
JsonObject *office_handle_print_receipt (Context *ctx, GError **error);
/* Deletes the names and contacts of complaints closed the charter's
 * KeepPersonalDataDays ago or more (at the day's closing); how many, -1
 * on error. */
gint64 office_purge_complainants (Context *ctx, GError **error);

/* loket-office-state.c */
JsonObject *office_handle_snapshot (Context *ctx, GError **error);
JsonObject *office_handle_status (Context *ctx, GError **error);
JsonObject *office_handle_device_status (Context *ctx, GError **error);
JsonObject *office_handle_report (Context *ctx, GError **error);
JsonObject *office_handle_daily (Context *ctx, GError **error);
JsonObject *office_handle_skm (Context *ctx, GError **error);

G_END_DECLS
