/* loket-kiosk-flow.c — take → print → report, one state at a time.
 *
 * The kiosk window used to carry this as loose strings and flags; here it
 * is one object whose state says where the citizen's ticket is, so the
 * window only shows it and each step has one place.  The rules it keeps:
 * only the server's durable reply makes a number; a lost reply is asked
 * again under the same req_id (never a second ticket); a take of unknown
 * outcome repeated by the same citizen within two minutes goes under the
 * same id too (LoketRetry); what the citizen holds — paper or not — is
 * reported to the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "loket-kiosk-flow.h"
#include "loket-kiosk-call.h"
#include "loket-error.h"
#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-ticket-printout.h"

/* How long a take of unknown outcome may be repeated under its id. */
#define RETRY_WINDOW_USEC (2 * 60 * G_USEC_PER_SEC)

struct _LoketKioskFlow
{
  GObject              parent_instance;
  LoketClient         *client;
  LoketPrinter        *printer;
  char                *print_dir;
  double               media_width_mm;
  JsonObject          *office;

  LoketKioskFlowState  state;
  guint                generation;   /* counts takes; a late answer of an older one is ignored */

  /* The take in flight: retried with the same id until answered. */
  LoketKioskCall       call;         /* ISSUE, until answered */
  /* A take whose outcome is not known (abandoned while the server was
   * slow, or refused with a `store` error: the disk failed, and the
   * ticket may come back when loketd restarts): the same take again, by
   * the same citizen trying once more, goes under the same id and gets
   * that ticket rather than a second one.  Only for a short while: later
   * it is another citizen, who must not get a number from long ago. */
  LoketRetry           retry;
  gint64               retry_until;  /* monotonic µs */

  char                *refusal;
  const char          *refusal_kind; /* "closed", "quota", "other"; NULL with no refusal */
  JsonObject          *ticket_reply;
  gboolean             on_paper;     /* a printer or print directory exists */
  gboolean             print_ok;
  char                *print_reason;
  gboolean             reprint;      /* this take's paper is a second one */
};

enum { PROP_0, PROP_STATE, PROP_ATTEMPTS, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LoketKioskFlow, loket_kiosk_flow, G_TYPE_OBJECT)

static const GEnumValue state_values[] = {
  { LOKET_KIOSK_FLOW_IDLE, "LOKET_KIOSK_FLOW_IDLE", "idle" },
  { LOKET_KIOSK_FLOW_TAKING, "LOKET_KIOSK_FLOW_TAKING", "taking" },
  { LOKET_KIOSK_FLOW_PRINTING, "LOKET_KIOSK_FLOW_PRINTING", "printing" },
  { LOKET_KIOSK_FLOW_REPORTING, "LOKET_KIOSK_FLOW_REPORTING", "reporting" },
  { LOKET_KIOSK_FLOW_DONE, "LOKET_KIOSK_FLOW_DONE", "done" },
  { LOKET_KIOSK_FLOW_FAILED, "LOKET_KIOSK_FLOW_FAILED", "failed" },
  { 0, NULL, NULL },
};

GType
loket_kiosk_flow_state_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("LoketKioskFlowState", state_values));
  return type;
}

const char *
loket_kiosk_flow_state_to_string (LoketKioskFlowState state)
{
  g_return_val_if_fail (state <= LOKET_KIOSK_FLOW_FAILED, "?");
  return state_values[state].value_nick;
}

static void
set_state (LoketKioskFlow      *self,
           LoketKioskFlowState  state)
{
  if (self->state == state)
    return;
  g_debug ("flow: %s → %s", loket_kiosk_flow_state_to_string (self->state),
           loket_kiosk_flow_state_to_string (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* An async answer bound to the take it belongs to. */
static LoketKioskStep *
step_new (LoketKioskFlow *self)
{
  return loket_kiosk_step_new (self, self->generation);
}

static gboolean
step_current (LoketKioskStep *step, LoketKioskFlowState expected)
{
  LoketKioskFlow *self = step->owner;

  return step->generation == self->generation && self->state == expected;
}

/* ---- reporting --------------------------------------------------------- */

static void
on_reported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketKioskStep) step = user_data;
  LoketKioskFlow *self = step->owner;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  /* The server keeps the ticket in the queue either way; a lost report
   * only leaves it "issued", which the supervisors' view shows. */
  if (reply == NULL)
    g_warning ("could not report the print result: %s", error->message);
  if (step_current (step, LOKET_KIOSK_FLOW_REPORTING))
    set_state (self, self->print_ok ? LOKET_KIOSK_FLOW_DONE : LOKET_KIOSK_FLOW_FAILED);
}

static void
print_done (LoketKioskFlow *self, gboolean ok, const char *reason)
{
  JsonObject *ticket = json_object_get_object_member (self->ticket_reply, "ticket");
  const char *number = loket_json_optional_string (ticket, "number");
  g_autoptr(JsonObject) body = json_object_new ();

  if (ok)
    g_message ("ticket %s printed", number);
  else
    g_warning ("ticket %s not printed: %s", number, reason);
  self->print_ok = ok;
  g_free (self->print_reason);
  self->print_reason = g_strdup (reason);
  json_object_set_int_member (body, "ticket", json_object_get_int_member (ticket, "id"));
  json_object_set_boolean_member (body, "ok", ok);
  if (reason != NULL)
    json_object_set_string_member (body, "reason", reason);
  if (self->reprint)
    json_object_set_boolean_member (body, "reprint", TRUE);
  set_state (self, LOKET_KIOSK_FLOW_REPORTING);
  loket_client_request_async (self->client, "PRINT", body, NULL, NULL, on_reported, step_new (self));
}

/* ---- printing ---------------------------------------------------------- */

static void
on_printed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketKioskStep) step = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = loket_printer_print_finish (LOKET_PRINTER (source), result, &error);

  if (step_current (step, LOKET_KIOSK_FLOW_PRINTING))
    print_done (step->owner, ok, ok ? NULL : error->message);
}

/* The paper of @ticket (its wire object): with the figures of @reply
 * (the ISSUE reply: people ahead, estimated wait) when known, else
 * without them; its QR code the charter's StatusUrl with @token (none
 * without); marked as a second paper when @reprint. */
static GBytes *
render_ticket (LoketKioskFlow *self, JsonObject *ticket, JsonObject *reply, const char *token,
               gboolean reprint, GError **error)
{
  JsonObject *service = loket_json_find_by_id (self->office, "services",
                                               loket_json_optional_string (ticket, "service"));
  const char *priority = loket_json_optional_string (ticket, "priority");
  JsonObject *group = priority ? loket_json_find_by_id (self->office, "priority_groups", priority) : NULL;
  g_autofree char *url = loket_ticket_printout_expand_url (loket_json_optional_string (self->office, "status_url"),
                                                           token);
#define FIGURE(o, name) ((o) ? (guint) json_object_get_int_member_with_default ((o), name, 0) : 0)
  LoketTicketPrintout printout = {
    .office_name = loket_i18n_pick (self->office, "office"),
    .office_address = loket_json_optional_string (self->office, "address"),
    .service_name = service ? loket_i18n_pick (service, "name") : loket_json_optional_string (ticket, "service"),
    .number = loket_json_optional_string (ticket, "number"),
    .priority_name = group ? loket_i18n_pick (group, "name") : priority,
    .issued_at = json_object_get_int_member (ticket, "issued_at"),
    .time_zone = loket_json_optional_string (self->office, "time_zone"),
    .people_ahead = FIGURE (reply, "people_ahead"),
    .estimated_wait_minutes = FIGURE (reply, "estimated_wait_minutes"),
    .estimated_wait_is_range = reply != NULL && json_object_has_member (reply, "estimated_wait_from_minutes"),
    .estimated_wait_from_minutes = FIGURE (reply, "estimated_wait_from_minutes"),
    .promised_wait_minutes = FIGURE (reply ? reply : service, "promised_wait_minutes"),
    .promised_service_minutes = FIGURE (reply ? reply : service, "promised_service_minutes"),
    .values = loket_i18n_pick (self->office, "values"),
    .status_url = url,
    .reprint = reprint,
    .no_queue_figures = reply == NULL,
  };
#undef FIGURE

  return loket_ticket_printout_render_pdf (&printout, self->media_width_mm, error);
}

/* Where a print directory keeps @ticket's paper: a reprint beside the
 * first, so that both can be checked. */
static char *
print_path (LoketKioskFlow *self, JsonObject *ticket, gboolean reprint)
{
  g_autofree char *name = g_strdup_printf ("%s-%s%s.pdf", loket_json_optional_string (ticket, "service_day"),
                                           loket_json_optional_string (ticket, "number"),
                                           reprint ? "-reprint" : "");

  return g_build_filename (self->print_dir, name, NULL);
}

/* The number is durable on the server: now, and only now, put it on
 * paper.  Each way out reports to the server what the citizen holds. */
static void
print_ticket (LoketKioskFlow *self)
{
  JsonObject *ticket = json_object_get_object_member (self->ticket_reply, "ticket");
  const char *number = loket_json_optional_string (ticket, "number");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  if (!self->on_paper)
    {
      set_state (self, LOKET_KIOSK_FLOW_DONE);
      return;
    }
  set_state (self, LOKET_KIOSK_FLOW_PRINTING);
  pdf = render_ticket (self, ticket, self->ticket_reply, loket_json_optional_string (self->ticket_reply, "token"),
                       self->reprint, &error);
  if (pdf == NULL)
    {
      print_done (self, FALSE, error->message);
      return;
    }
  if (self->print_dir != NULL)
    {
      g_autofree char *path = print_path (self, ticket, self->reprint);
      gboolean ok = g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);

      print_done (self, ok, ok ? NULL : error->message);
      return;
    }
  loket_printer_print_async (self->printer, pdf, number, NULL, on_printed, step_new (self));
}

/* ---- taking ------------------------------------------------------------ */

static void send_issue (LoketKioskFlow *self);

/* What a refusal means to the citizen: the service is closed now, its
 * quota is used up (both recorded by the server as TURNED_AWAY), or
 * something else the screen shows in the server's words. */
static const char *
refusal_kind_of (const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED))
    return "closed";
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_QUOTA))
    return "quota";
  return "other";
}

static void
on_issued (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketKioskStep) step = user_data;
  LoketKioskFlow *self = step->owner;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (!step_current (step, LOKET_KIOSK_FLOW_TAKING))
    return;   /* the citizen gave up; see loket_kiosk_flow_cancel () */
  if (reply == NULL && loket_kiosk_call_timed_out (&self->call, error))
    {
      /* The same request again: if the first one did reach the server,
       * its stored reply comes back instead of a second ticket. */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
      send_issue (self);
      return;
    }
  loket_retry_answered (&self->retry, error);
  self->retry_until = g_get_monotonic_time () + RETRY_WINDOW_USEC;
  loket_kiosk_call_clear (&self->call);
  if (reply == NULL)
    {
      g_message ("ticket refused: %s", error->message);
      self->refusal = g_strdup (error->message);
      self->refusal_kind = refusal_kind_of (error);
      set_state (self, LOKET_KIOSK_FLOW_IDLE);
      return;
    }
  self->ticket_reply = json_object_ref (reply);
  g_message ("ticket %s issued",
             loket_json_optional_string (json_object_get_object_member (reply, "ticket"), "number"));
  print_ticket (self);
}

static void
send_issue (LoketKioskFlow *self)
{
  loket_kiosk_call_send (&self->call, on_issued, step_new (self));
}

gboolean
loket_kiosk_flow_take (LoketKioskFlow *self,
                       const char     *service,
                       const char     *priority)
{
  JsonObject *body;

  g_return_val_if_fail (service != NULL, FALSE);

  if (self->state == LOKET_KIOSK_FLOW_TAKING || self->state == LOKET_KIOSK_FLOW_PRINTING)
    return FALSE;
  self->generation++;
  g_clear_pointer (&self->refusal, g_free);
  self->refusal_kind = NULL;
  g_clear_pointer (&self->ticket_reply, json_object_unref);
  g_clear_pointer (&self->print_reason, g_free);
  self->print_ok = FALSE;
  self->reprint = FALSE;
  body = json_object_new ();
  json_object_set_string_member (body, "service", service);
  if (priority != NULL && *priority != '\0')
    json_object_set_string_member (body, "priority", priority);
  if (g_get_monotonic_time () > self->retry_until)
    loket_retry_clear (&self->retry);
  loket_kiosk_call_begin (&self->call, self->client, "ISSUE", body,
                          g_strdup (loket_retry_req_id (&self->retry, self->client, "ISSUE", body)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
  set_state (self, LOKET_KIOSK_FLOW_TAKING);
  send_issue (self);
  return TRUE;
}

/* The request may still have been applied; if so the number exists
 * without its citizen, and the clerk will mark it a no-show — a trace,
 * not a loss. */
void
loket_kiosk_flow_cancel (LoketKioskFlow *self)
{
  if (self->state != LOKET_KIOSK_FLOW_TAKING)
    return;
  g_message ("take of %s abandoned after %u retries (request %s)",
             loket_json_optional_string (self->call.body, "service"), self->call.attempts, self->call.req_id);
  self->retry_until = g_get_monotonic_time () + RETRY_WINDOW_USEC;
  loket_kiosk_call_clear (&self->call);
  set_state (self, LOKET_KIOSK_FLOW_IDLE);
}

/* ---- printing again ---------------------------------------------------- */

gboolean
loket_kiosk_flow_reprint (LoketKioskFlow *self)
{
  if (self->state != LOKET_KIOSK_FLOW_FAILED || !self->on_paper)
    return FALSE;
  g_message ("printing ticket %s again",
             loket_json_optional_string (json_object_get_object_member (self->ticket_reply, "ticket"), "number"));
  self->generation++;
  self->reprint = TRUE;
  self->print_ok = FALSE;
  g_clear_pointer (&self->print_reason, g_free);
  print_ticket (self);
  return TRUE;
}

/* A supervisor's reprint, beside whatever the citizen at the screen is
 * doing: its own small job, reported to the server when done. */
typedef struct {
  LoketKioskFlow *flow;
  JsonObject     *ticket;
} Reprint;

static void
reprint_free (Reprint *job)
{
  g_object_unref (job->flow);
  json_object_unref (job->ticket);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reprint, reprint_free)

static void
on_reprint_reported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (reply == NULL)
    g_warning ("could not report the reprint: %s", error->message);
}

static void
reprint_done (Reprint *job, gboolean ok, const char *reason)
{
  g_autoptr(JsonObject) body = json_object_new ();
  const char *number = loket_json_optional_string (job->ticket, "number");

  if (ok)
    g_message ("ticket %s printed again", number);
  else
    g_warning ("ticket %s not printed again: %s", number, reason);
  json_object_set_int_member (body, "ticket", json_object_get_int_member (job->ticket, "id"));
  json_object_set_boolean_member (body, "ok", ok);
  json_object_set_boolean_member (body, "reprint", TRUE);
  if (reason != NULL)
    json_object_set_string_member (body, "reason", reason);
  loket_client_request_async (job->flow->client, "PRINT", body, NULL, NULL, on_reprint_reported, NULL);
}

static void
on_reprinted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Reprint) job = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = loket_printer_print_finish (LOKET_PRINTER (source), result, &error);

  reprint_done (job, ok, ok ? NULL : error->message);
}

gboolean
loket_kiosk_flow_reprint_ticket (LoketKioskFlow *self,
                                 JsonObject     *ticket,
                                 const char     *token)
{
  g_autoptr(Reprint) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (ticket != NULL, FALSE);
  if (!self->on_paper)
    return FALSE;
  job = g_new0 (Reprint, 1);
  job->flow = g_object_ref (self);
  job->ticket = json_object_ref (ticket);
  g_message ("printing ticket %s again, as a supervisor asked", loket_json_optional_string (ticket, "number"));
  pdf = render_ticket (self, ticket, NULL, token, TRUE, &error);
  if (pdf == NULL)
    reprint_done (job, FALSE, error->message);
  else if (self->print_dir != NULL)
    {
      g_autofree char *path = print_path (self, ticket, TRUE);
      gboolean ok = g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);

      reprint_done (job, ok, ok ? NULL : error->message);
    }
  else
    loket_printer_print_async (self->printer, pdf, loket_json_optional_string (ticket, "number"), NULL,
                               on_reprinted, g_steal_pointer (&job));
  return TRUE;
}

/* ---- accessors and life cycle ------------------------------------------ */

LoketKioskFlowState
loket_kiosk_flow_get_state (LoketKioskFlow *self)
{
  return self->state;
}

guint
loket_kiosk_flow_get_attempts (LoketKioskFlow *self)
{
  return self->call.attempts;
}

const char *
loket_kiosk_flow_get_refusal (LoketKioskFlow *self)
{
  return self->refusal;
}

const char *
loket_kiosk_flow_get_refusal_kind (LoketKioskFlow *self)
{
  return self->refusal_kind;
}

JsonObject *
loket_kiosk_flow_get_ticket_reply (LoketKioskFlow *self)
{
  return self->ticket_reply;
}

const char *
loket_kiosk_flow_get_print_state (LoketKioskFlow *self)
{
  switch (self->state)
    {
    case LOKET_KIOSK_FLOW_PRINTING:
      return "printing";
    case LOKET_KIOSK_FLOW_REPORTING:
      return self->print_ok ? "printed" : "failed";
    case LOKET_KIOSK_FLOW_DONE:
      return self->on_paper ? "printed" : "screen";
    case LOKET_KIOSK_FLOW_FAILED:
      return "failed";
    case LOKET_KIOSK_FLOW_IDLE:
    case LOKET_KIOSK_FLOW_TAKING:
    default:
      return "";
    }
}

const char *
loket_kiosk_flow_get_print_reason (LoketKioskFlow *self)
{
  return self->print_reason;
}

void
loket_kiosk_flow_set_office (LoketKioskFlow *self,
                             JsonObject     *office)
{
  g_return_if_fail (office != NULL);
  g_clear_pointer (&self->office, json_object_unref);
  self->office = json_object_ref (office);
}

static void
loket_kiosk_flow_dispose (GObject *object)
{
  LoketKioskFlow *self = LOKET_KIOSK_FLOW (object);

  loket_kiosk_call_clear (&self->call);
  g_clear_object (&self->client);
  g_clear_object (&self->printer);
  G_OBJECT_CLASS (loket_kiosk_flow_parent_class)->dispose (object);
}

static void
loket_kiosk_flow_finalize (GObject *object)
{
  LoketKioskFlow *self = LOKET_KIOSK_FLOW (object);

  loket_kiosk_call_clear (&self->call);
  loket_retry_clear (&self->retry);
  g_clear_pointer (&self->office, json_object_unref);
  g_clear_pointer (&self->ticket_reply, json_object_unref);
  g_free (self->refusal);
  g_free (self->print_reason);
  g_free (self->print_dir);
  G_OBJECT_CLASS (loket_kiosk_flow_parent_class)->finalize (object);
}

static void
loket_kiosk_flow_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LoketKioskFlow *self = LOKET_KIOSK_FLOW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->call.attempts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_kiosk_flow_class_init (LoketKioskFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_kiosk_flow_dispose;
  object_class->finalize = loket_kiosk_flow_finalize;
  object_class->get_property = loket_kiosk_flow_get_property;
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, LOKET_TYPE_KIOSK_FLOW_STATE, LOKET_KIOSK_FLOW_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_kiosk_flow_init (LoketKioskFlow *self)
{
  self->office = json_object_new ();
}

LoketKioskFlow *
loket_kiosk_flow_new (LoketClient  *client,
                      LoketPrinter *printer,
                      const char   *print_dir,
                      double        media_width_mm)
{
  LoketKioskFlow *self = g_object_new (LOKET_TYPE_KIOSK_FLOW, NULL);

  self->client = g_object_ref (client);
  self->printer = printer ? g_object_ref (printer) : NULL;
  self->print_dir = g_strdup (print_dir);
  self->on_paper = printer != NULL || print_dir != NULL;
  self->media_width_mm = media_width_mm;
  return self;
}
