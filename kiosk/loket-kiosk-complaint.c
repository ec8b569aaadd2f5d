/* loket-kiosk-complaint.c — a complaint at the kiosk: COMPLAIN, retried
 * under its id until answered, then the receipt on paper.
 *
 * The same shape as the ticket's flow (loket-kiosk-flow.c): a state the
 * window observes, a generation that makes a late answer of an earlier
 * complaint harmless, and the paper only after the server's reply — the
 * reply comes after the commit, so a receipt printed is a complaint
 * stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "config.h"

#include "loket-kiosk-complaint.h"
#include "loket-kiosk-call.h"
#include "loket-complaint-receipt.h"
#include "loket-complaint-category.h"
#include "loket-error.h"
#include "loket-i18n.h"
#include "loket-message.h"

#include <glib/gi18n.h>

/* The label in the language the kiosk speaks now: on the buttons and
 * the receipt. */
const char *
loket_kiosk_complaint_category_label (const char *category)
{
  return loket_complaint_category_name (category, loket_i18n_get_language ());
}

static const char * const state_names[] = { "idle", "filing", "printing", "done" };

const char *
loket_kiosk_complaint_state_to_string (LoketKioskComplaintState state)
{
  return state < G_N_ELEMENTS (state_names) ? state_names[state] : "unknown";
}

struct _LoketKioskComplaint
{
  GObject                  parent_instance;
  LoketClient             *client;
  LoketPrinter            *printer;
  char                    *print_dir;
  double                   media_width_mm;
  JsonObject              *office;

  LoketKioskComplaintState state;
  guint                    generation;
  LoketKioskCall           call;      /* COMPLAIN, until answered */
  /* A complaint left unanswered (a `store` error) sent again by the same
   * citizen goes under the same id: one complaint, not two. */
  LoketRetry               retry;

  char                    *ticket_number;  /* as typed, for the receipt */
  char                    *refusal;
  JsonObject              *receipt;
  char                    *tracking_url;
  const char              *print_state;
  char                    *print_reason;
  gboolean                 print_reported;   /* loketd has the paper's result */
};

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LoketKioskComplaint, loket_kiosk_complaint, G_TYPE_OBJECT)

static void
set_state (LoketKioskComplaint *self, LoketKioskComplaintState state)
{
  if (self->state == state)
    return;
  g_debug ("complaint: %s → %s", loket_kiosk_complaint_state_to_string (self->state),
           loket_kiosk_complaint_state_to_string (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* An async answer bound to the complaint it belongs to. */
static LoketKioskStep *
step_new (LoketKioskComplaint *self)
{
  return loket_kiosk_step_new (self, self->generation);
}

static gboolean
step_current (LoketKioskStep *step, LoketKioskComplaintState expected)
{
  LoketKioskComplaint *self = step->owner;

  return step->generation == self->generation && self->state == expected;
}

/* ---- the paper ----------------------------------------------------------- */

static void
on_print_reported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketKioskStep) step = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  /* The complaint is stored either way; a lost report only leaves the
   * supervisors without the alert, as a ticket's does. */
  if (reply == NULL)
    g_warning ("could not report the receipt's print result: %s", error->message);
  else if (step->generation == ((LoketKioskComplaint *) step->owner)->generation)
    ((LoketKioskComplaint *) step->owner)->print_reported = TRUE;
}

/* The paper's result on the screen at once (the citizen is told there:
 * the view's status line), and to loketd as a ticket's is — PRINT naming
 * the receipt — so that a failure alerts the supervisors. */
static void
print_done (LoketKioskComplaint *self, gboolean ok, const char *reason)
{
  const char *number = loket_json_optional_string (self->receipt, "receipt");
  g_autoptr(JsonObject) body = json_object_new ();

  self->print_state = ok ? "printed" : "failed";
  g_free (self->print_reason);
  self->print_reason = g_strdup (reason);
  if (!ok)
    g_warning ("receipt %s not printed: %s", number, reason);
  json_object_set_string_member (body, "receipt", number);
  json_object_set_boolean_member (body, "ok", ok);
  if (reason != NULL)
    json_object_set_string_member (body, "reason", reason);
  loket_client_request_async (self->client, "PRINT", body, NULL, NULL, on_print_reported, step_new (self));
  set_state (self, LOKET_KIOSK_COMPLAINT_DONE);
}

static void
on_printed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketKioskStep) step = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = loket_printer_print_finish (LOKET_PRINTER (source), result, &error);

  if (step_current (step, LOKET_KIOSK_COMPLAINT_PRINTING))
    print_done (step->owner, ok, ok ? NULL : error->message);
}

static GBytes *
render_receipt (LoketKioskComplaint *self, GError **error)
{
  JsonObject *r = self->receipt;
  JsonObject *facts = json_object_get_object_member (r, "facts");
  JsonObject *service = loket_json_find_by_id (self->office, "services",
                                               loket_json_optional_string (r, "service"));
  gboolean has_ticket = facts != NULL && json_object_get_int_member_with_default (facts, "ticket", 0) > 0;
  LoketComplaintReceipt paper = {
    .office_name = self->office ? loket_i18n_pick (self->office, "office") : NULL,
    .office_address = loket_json_optional_string (self->office, "address"),
    .receipt = loket_json_optional_string (r, "receipt"),
    .received_at = json_object_get_int_member_with_default (r, "received_at", 0),
    .time_zone = loket_json_optional_string (self->office, "time_zone"),
    .device = loket_json_optional_string (r, "received_at_device"),
    .service_name = service ? loket_i18n_pick (service, "name") : loket_json_optional_string (r, "service"),
    .category = loket_kiosk_complaint_category_label (loket_json_optional_string (r, "category")),
    .ticket_number = has_ticket ? self->ticket_number : NULL,
    .waited_minutes = has_ticket ? (int) json_object_get_int_member_with_default (facts, "waited_minutes", -1) : -1,
    .promised_minutes = has_ticket ? (int) json_object_get_int_member_with_default (facts, "promised_minutes", -1) : -1,
    .deadline = loket_json_optional_string (r, "deadline"),
    .complainant = loket_json_optional_string (r, "name"),
    .tracking_url = self->tracking_url,
  };

  if (paper.office_name == NULL)
    paper.office_name = loket_json_optional_string (r, "office");
  return loket_complaint_receipt_render_pdf (&paper, self->media_width_mm, error);
}

static void
print_receipt (LoketKioskComplaint *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  const char *number = loket_json_optional_string (self->receipt, "receipt");

  if (self->printer == NULL && self->print_dir == NULL)
    {
      self->print_state = "screen";
      set_state (self, LOKET_KIOSK_COMPLAINT_DONE);
      return;
    }
  self->print_state = "printing";
  set_state (self, LOKET_KIOSK_COMPLAINT_PRINTING);
  if ((pdf = render_receipt (self, &error)) == NULL)
    {
      print_done (self, FALSE, error->message);
      return;
    }
  if (self->print_dir != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s.pdf", number);
      g_autofree char *path = g_build_filename (self->print_dir, name, NULL);
      gboolean ok = g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);

      print_done (self, ok, ok ? NULL : error->message);
      return;
    }
  loket_printer_print_async (self->printer, pdf, number, NULL, on_printed, step_new (self));
}

/* ---- filing -------------------------------------------------------------- */

static void send_complaint (LoketKioskComplaint *self);

static void
on_complained (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketKioskStep) step = user_data;
  LoketKioskComplaint *self = step->owner;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (!step_current (step, LOKET_KIOSK_COMPLAINT_FILING))
    return;
  if (reply == NULL && loket_kiosk_call_timed_out (&self->call, error))
    {
      /* The same request again: if the first reached the server, its
       * stored reply comes back instead of a second complaint. */
      send_complaint (self);
      return;
    }
  loket_retry_answered (&self->retry, error);
  loket_kiosk_call_clear (&self->call);
  if (reply == NULL)
    {
      g_message ("complaint refused: %s", error->message);
      self->refusal = g_strdup (error->message);
      set_state (self, LOKET_KIOSK_COMPLAINT_IDLE);
      return;
    }
  self->receipt = json_object_ref (reply);
  self->tracking_url = loket_complaint_receipt_tracking_url (loket_json_optional_string (self->office, "status_url"),
                                                             loket_json_optional_string (reply, "token"));
  g_message ("complaint %s received", loket_json_optional_string (reply, "receipt"));
  print_receipt (self);
}

static void
send_complaint (LoketKioskComplaint *self)
{
  loket_kiosk_call_send (&self->call, on_complained, step_new (self));
}

static void
set_optional (JsonObject *body, const char *member, const char *value)
{
  g_autofree char *trimmed = value ? g_strstrip (g_strdup (value)) : NULL;

  if (trimmed != NULL && *trimmed != '\0')
    json_object_set_string_member (body, member, trimmed);
}

gboolean
loket_kiosk_complaint_file (LoketKioskComplaint *self,
                            const char          *category,
                            const char          *service,
                            const char          *ticket_number,
                            const char          *description,
                            const char          *name,
                            const char          *contact)
{
  JsonObject *body;

  g_return_val_if_fail (LOKET_IS_KIOSK_COMPLAINT (self), FALSE);
  g_return_val_if_fail (category != NULL && description != NULL, FALSE);

  if (self->state == LOKET_KIOSK_COMPLAINT_FILING || self->state == LOKET_KIOSK_COMPLAINT_PRINTING)
    return FALSE;
  loket_kiosk_complaint_reset (self);
  body = json_object_new ();
  json_object_set_string_member (body, "category", category);
  json_object_set_string_member (body, "description", description);
  set_optional (body, "ticket", ticket_number);
  /* A ticket names its own service: the server takes it from there. */
  if (!json_object_has_member (body, "ticket"))
    set_optional (body, "service", service);
  set_optional (body, "complainant", name);
  set_optional (body, "contact", contact);
  g_free (self->ticket_number);
  self->ticket_number = g_strdup (loket_json_optional_string (body, "ticket"));
  loket_kiosk_call_begin (&self->call, self->client, "COMPLAIN", body,
                          g_strdup (loket_retry_req_id (&self->retry, self->client, "COMPLAIN", body)));
  set_state (self, LOKET_KIOSK_COMPLAINT_FILING);
  send_complaint (self);
  return TRUE;
}

void
loket_kiosk_complaint_reset (LoketKioskComplaint *self)
{
  if (self->state == LOKET_KIOSK_COMPLAINT_FILING || self->state == LOKET_KIOSK_COMPLAINT_PRINTING)
    return;
  self->generation++;
  loket_kiosk_call_clear (&self->call);
  self->call.attempts = 0;
  self->print_state = "";
  g_clear_pointer (&self->refusal, g_free);
  g_clear_pointer (&self->receipt, json_object_unref);
  g_clear_pointer (&self->tracking_url, g_free);
  g_clear_pointer (&self->print_reason, g_free);
  self->print_reported = FALSE;
  set_state (self, LOKET_KIOSK_COMPLAINT_IDLE);
}

LoketKioskComplaintState
loket_kiosk_complaint_get_state (LoketKioskComplaint *self)
{
  return self->state;
}

guint
loket_kiosk_complaint_get_attempts (LoketKioskComplaint *self)
{
  return self->call.attempts;
}

const char *
loket_kiosk_complaint_get_refusal (LoketKioskComplaint *self)
{
  return self->refusal;
}

JsonObject *
loket_kiosk_complaint_get_receipt (LoketKioskComplaint *self)
{
  return self->receipt;
}

const char *
loket_kiosk_complaint_get_tracking_url (LoketKioskComplaint *self)
{
  return self->tracking_url;
}

const char *
loket_kiosk_complaint_get_print_state (LoketKioskComplaint *self)
{
  return self->print_state;
}

const char *
loket_kiosk_complaint_get_print_reason (LoketKioskComplaint *self)
{
  return self->print_reason;
}

gboolean
loket_kiosk_complaint_get_print_reported (LoketKioskComplaint *self)
{
  return self->print_reported;
}

void
loket_kiosk_complaint_set_office (LoketKioskComplaint *self,
                                  JsonObject          *office)
{
  g_clear_pointer (&self->office, json_object_unref);
  self->office = office ? json_object_ref (office) : NULL;
}

static void
loket_kiosk_complaint_finalize (GObject *object)
{
  LoketKioskComplaint *self = LOKET_KIOSK_COMPLAINT (object);

  g_clear_object (&self->client);
  g_clear_object (&self->printer);
  g_free (self->print_dir);
  g_clear_pointer (&self->office, json_object_unref);
  loket_kiosk_call_clear (&self->call);
  loket_retry_clear (&self->retry);
  g_free (self->ticket_number);
  g_free (self->refusal);
  g_clear_pointer (&self->receipt, json_object_unref);
  g_free (self->tracking_url);
  g_free (self->print_reason);
  G_OBJECT_CLASS (loket_kiosk_complaint_parent_class)->finalize (object);
}

static void
loket_kiosk_complaint_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketKioskComplaint *self = LOKET_KIOSK_COMPLAINT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_kiosk_complaint_class_init (LoketKioskComplaintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = loket_kiosk_complaint_finalize;
  object_class->get_property = loket_kiosk_complaint_get_property;
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, LOKET_KIOSK_COMPLAINT_IDLE,
                                             LOKET_KIOSK_COMPLAINT_DONE, LOKET_KIOSK_COMPLAINT_IDLE,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_kiosk_complaint_init (LoketKioskComplaint *self)
{
  self->print_state = "";
}

LoketKioskComplaint *
loket_kiosk_complaint_new (LoketClient  *client,
                           LoketPrinter *printer,
                           const char   *print_dir,
                           double        media_width_mm)
{
  LoketKioskComplaint *self = g_object_new (LOKET_TYPE_KIOSK_COMPLAINT, NULL);

  self->client = g_object_ref (client);
  self->printer = printer ? g_object_ref (printer) : NULL;
  self->print_dir = g_strdup (print_dir);
  self->media_width_mm = media_width_mm;
  return self;
}
