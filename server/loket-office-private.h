/* loket-office-private.h — what the office's handler files share: the
 * office's fields, the context of one request, and the helpers every
 * handler uses (reading the request's body, the store's objects, writing
 * an event).  Not installed; only the office's own files include it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-office.h"
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
  gboolean      always_open;
  GHashTable   *login_failures;   /* device → LoginFailures */
  /* device → the supervisor signed in there.  In memory only: after a
   * restart a supervisor signs in again, and until then the supervisor
   * view's acts are refused rather than recorded under a guess. */
  GHashTable   *supervisors;
};

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
/* Estimated wait for someone joining @service now: the people ahead,
 * shared among the open counters that serve it, each taking today's mean
 * service time (or the charter's promise before anyone was served).
 * FALSE with the store's error when it cannot be read. */
gboolean office_estimate_wait_minutes (Context *ctx, const LoketServiceDef *service, guint waiting,
                                       guint *minutes, GError **error);

/* loket-office-issue.c */
gboolean office_is_open (Context *ctx, char **reason);
JsonArray *office_services_to_json (Context *ctx, GError **error);
void office_add_office_fields (Context *ctx, JsonObject *reply);
JsonObject *office_handle_services (Context *ctx, GError **error);
JsonObject *office_handle_issue (Context *ctx, GError **error);
LoketTicket *office_require_ticket (Context *ctx, GError **error);
JsonObject *office_handle_print (Context *ctx, GError **error);

/* loket-office-calls.c */
JsonObject *office_handle_queue (Context *ctx, GError **error);
JsonObject *office_handle_call (Context *ctx, GError **error);
JsonObject *office_handle_recall (Context *ctx, GError **error);
JsonObject *office_handle_start (Context *ctx, GError **error);
JsonObject *office_handle_finish (Context *ctx, GError **error);
JsonObject *office_handle_noshow (Context *ctx, GError **error);
JsonObject *office_handle_transfer (Context *ctx, GError **error);

/* loket-office-staff.c */
JsonObject *office_handle_void (Context *ctx, GError **error);
JsonObject *office_handle_pause (Context *ctx, GError **error);
JsonObject *office_handle_resume (Context *ctx, GError **error);
JsonObject *office_handle_login (Context *ctx, GError **error);
JsonObject *office_handle_logout (Context *ctx, GError **error);
JsonObject *office_handle_clerk_set (Context *ctx, GError **error);
JsonObject *office_handle_clerk_remove (Context *ctx, GError **error);
JsonObject *office_handle_counter_services (Context *ctx, GError **error);

/* loket-office-close.c */
JsonObject *office_handle_close_day (Context *ctx, GError **error);

/* loket-office-state.c */
JsonObject *office_handle_snapshot (Context *ctx, GError **error);
JsonObject *office_handle_status (Context *ctx, GError **error);
JsonObject *office_handle_device_status (Context *ctx, GError **error);
JsonObject *office_handle_report (Context *ctx, GError **error);

G_END_DECLS
