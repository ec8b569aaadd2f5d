/* loket-complaints-view.c — the supervisor's complaints page (see
 * loket-complaints-view.h, docs/complaints.md).
 *
 * Left, the open complaints (COMPLAINTS; the server lists them oldest
 * first), one grid row each: the receipt (a button opening it), service,
 * category, the day received, the deadline, the state and the clock as a
 * badge coloured as the counter's timers are — amber for `due`, red for
 * `overdue`.  Right, either the complaint opened (COMPLAINT by receipt:
 * what the complainant wrote, who they are or that they are anonymous or
 * purged, the ticket's facts, the steps) with a text box, a "public"
 * switch and the acts the state allows (COMPLAINT_STEP, under the
 * signed-in supervisor), or the form to file a complaint on a citizen's
 * behalf (COMPLAIN from the supervisor's key), which shows the receipt
 * and deadline after.  Nothing here changes the list itself: the window
 * refreshes it on COMPLAINED and COMPLAINT_MOVED events.  A refusal is
 * the "error" signal's message, for the window's toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-counter"

#include "config.h"

#include "loket-complaint-life.h"
#include "loket-complaints-view.h"

#include "loket-complaint-category.h"
#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-office-items.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _LoketComplaintsView
{
  GtkBox        parent_instance;

  LoketClient  *client;
  LoketOfficeModel *model;     /* services' names, the time zone */
  char         *supervisor;
  char         *receipt;       /* the complaint shown, or NULL */
  GCancellable *list_request;
  GCancellable *detail_request;
  GStrv         rows;
  guint         overdue;
  JsonArray    *list;       /* the open complaints as listed (COMPLAINTS) */
  char         *detail;
  char         *filed;

  GtkLabel     *status;
  GtkGrid      *grid;
  GtkStack     *side;          /* "none", "detail", "form" */
  GtkLabel     *detail_title;
  GtkLabel     *detail_facts;
  GtkLabel     *detail_description;
  GtkBox       *detail_steps;
  GtkTextView  *step_text;
  GtkCheckButton *step_public;
  GtkBox       *step_buttons;
  GtkDropDown  *form_service;
  GtkEntry     *form_ticket;
  GtkDropDown  *form_category;
  GtkTextView  *form_description;
  GtkEntry     *form_name;
  GtkEntry     *form_contact;
  GtkCheckButton *form_anonymous;
  GtkLabel     *form_result;
};

G_DEFINE_FINAL_TYPE (LoketComplaintsView, loket_complaints_view, GTK_TYPE_BOX)

enum { PROP_0, PROP_ROWS, PROP_OVERDUE, PROP_DETAIL, PROP_FILED, N_PROPS };
static GParamSpec *properties[N_PROPS];
enum { SIGNAL_ERROR, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The acts with a button, in the order shown.  Which of them a state
 * allows is the transition table's (loket-complaint-life.c, the one the
 * server decides by): a button shown is a step the server takes. */
static const struct {
  LoketComplaintAct  act;
  const char        *label;
} acts[] = {
  { LOKET_COMPLAINT_ACT_TAKE, N_("Take up") },
  { LOKET_COMPLAINT_ACT_ANSWER, N_("Answer") },
  { LOKET_COMPLAINT_ACT_ESCALATE, N_("Escalate") },
  { LOKET_COMPLAINT_ACT_NOTE, N_("Add note") },
  { LOKET_COMPLAINT_ACT_REOPEN, N_("Reopen") },
  { LOKET_COMPLAINT_ACT_CLOSE, N_("Close") },
};

/* A step's act in words: the buttons' labels, and "file" for the first. */
static const char *
act_name (const char *act)
{
  if (g_strcmp0 (act, "file") == 0)
    /* Translators: a complaint's first step. */
    return C_("complaint", "filed");
  for (guint i = 0; i < G_N_ELEMENTS (acts); i++)
    if (g_strcmp0 (loket_complaint_act_to_string (acts[i].act), act) == 0)
      return _(acts[i].label);
  return act ? act : "";
}

/* The categories and their labels are the protocol's
 * (loket-complaint-category.h), in the view's language. */
static const char *
category_name (const char *id)
{
  return loket_complaint_category_name (id, loket_i18n_get_language ());
}

static const char *
state_name (const char *state)
{
  if (g_strcmp0 (state, "received") == 0)
    /* Translators: a complaint's state. */
    return C_("complaint", "received");
  if (g_strcmp0 (state, "in-progress") == 0)
    return C_("complaint", "in progress");
  if (g_strcmp0 (state, "answered") == 0)
    return C_("complaint", "answered");
  if (g_strcmp0 (state, "escalated") == 0)
    return C_("complaint", "escalated");
  if (g_strcmp0 (state, "closed") == 0)
    return C_("complaint", "closed");
  return state ? state : "";
}

/* How it reached the office, as the detail's "Received: … (…)" says it. */
static const char *
channel_name (const char *channel)
{
  if (g_strcmp0 (channel, "web") == 0)
    /* Translators: how a complaint was received: on the citizen's phone or computer. */
    return C_("complaint channel", "online");
  if (g_strcmp0 (channel, "kiosk") == 0)
    /* Translators: how a complaint was received: at the office's kiosk. */
    return C_("complaint channel", "at the kiosk");
  if (g_strcmp0 (channel, "staff") == 0)
    /* Translators: how a complaint was received: told to or written for a staff member. */
    return C_("complaint channel", "by staff");
  return channel ? channel : "";
}

/* The clock's words; @left the working days left while it runs. */
static char *
clock_text (const char *clock, gint64 left)
{
  if (g_strcmp0 (clock, "running") == 0 || g_strcmp0 (clock, "due") == 0)
    /* Translators: a complaint's clock; %d working days left. */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day left", "%d working days left", left),
                            (int) left);
  if (g_strcmp0 (clock, "overdue") == 0)
    return g_strdup (C_("clock", "overdue"));
  if (g_strcmp0 (clock, "met") == 0)
    return g_strdup (C_("clock", "answered in time"));
  if (g_strcmp0 (clock, "late") == 0)
    return g_strdup (C_("clock", "answered late"));
  return g_strdup (C_("clock", "closed"));
}

/* The service's name as the office calls it, or its id. */
static const char *
service_name (LoketComplaintsView *self, const char *id)
{
  GListModel *services = self->model ? loket_office_model_get_services (self->model) : NULL;

  for (guint i = 0; services != NULL && i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(LoketServiceItem) item = g_list_model_get_item (services, i);

      if (g_strcmp0 (loket_service_item_get_id (item), id) == 0)
        return loket_service_item_get_label (item);
    }
  return id ? id : "";
}

/* "2026-11-16 09:20" in the office's time zone, as the header's clock. */
static char *
office_time (LoketComplaintsView *self, gint64 usec)
{
  const char *zone = self->model ? loket_office_model_get_time_zone (self->model) : NULL;
  g_autoptr(GTimeZone) tz = zone ? g_time_zone_new_identifier (zone) : NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? (tz ? g_date_time_to_timezone (utc, tz) : g_date_time_to_local (utc)) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static GtkWidget *
cell (const char *text, const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "report-cell");
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static GtkWidget *
badge (const char *clock, gint64 left)
{
  g_autofree char *text = clock_text (clock, left);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "queue-timer");
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  if (g_strcmp0 (clock, "due") == 0)
    gtk_widget_add_css_class (label, "warning");
  else if (g_strcmp0 (clock, "overdue") == 0)
    gtk_widget_add_css_class (label, "overdue");
  return label;
}

static void
report_error (LoketComplaintsView *self, GError *error)
{
  g_message ("complaints: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error->message);
}

/* ---- the list ---------------------------------------------------------- */

static void
show_list (LoketComplaintsView *self, JsonArray *list)
{
  const char *headers[] = { _("Receipt"), _("Service"), _("Category"), _("Received"), _("Deadline"), _("State"),
                            _("Clock") };
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();
  GtkWidget *child;
  guint overdue = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_grid_attach (self->grid, cell (headers[c], "report-header"), c, 0, 1, 1);
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      const char *receipt = json_object_get_string_member_with_default (o, "receipt", "");
      const char *clock = json_object_get_string_member_with_default (o, "clock", "");
      const char *state = json_object_get_string_member_with_default (o, "state", "");
      GtkWidget *open = gtk_button_new_with_label (receipt);

      gtk_widget_add_css_class (open, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.complaint-open");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", receipt);
      gtk_grid_attach (self->grid, open, 0, i + 1, 1, 1);
      gtk_grid_attach (self->grid, cell (service_name (self, json_object_get_string_member_with_default (o, "service",
                                                                                                         NULL)),
                                         NULL),
                       1, i + 1, 1, 1);
      gtk_grid_attach (self->grid, cell (category_name (json_object_get_string_member_with_default (o, "category",
                                                                                                      NULL)), NULL),
                       2, i + 1, 1, 1);
      gtk_grid_attach (self->grid, cell (json_object_get_string_member_with_default (o, "day", ""), NULL),
                       3, i + 1, 1, 1);
      gtk_grid_attach (self->grid, cell (json_object_get_string_member_with_default (o, "deadline", ""), NULL),
                       4, i + 1, 1, 1);
      gtk_grid_attach (self->grid, cell (state_name (state), NULL), 5, i + 1, 1, 1);
      gtk_grid_attach (self->grid, badge (clock, json_object_get_int_member_with_default (o, "working_days_left", 0)),
                       6, i + 1, 1, 1);
      overdue += g_str_equal (clock, "overdue");
      g_autofree char *row = g_strjoin ("|", receipt, json_object_get_string_member_with_default (o, "service", ""),
                                        json_object_get_string_member_with_default (o, "category", ""),
                                        state, clock, NULL);

      g_strv_builder_add (rows, row);
    }
  gtk_label_set_text (self->status, list == NULL || json_array_get_length (list) == 0
                                    ? _("No open complaints.") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), list == NULL || json_array_get_length (list) == 0);
  g_strfreev (self->rows);
  g_clear_pointer (&self->list, json_array_unref);
  self->rows = g_strv_builder_end (rows);
  self->overdue = overdue;
  g_clear_pointer (&self->list, json_array_unref);
  self->list = list ? json_array_ref (list) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERDUE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS]);
}

static void
on_list_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketComplaintsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  JsonArray *all, *open;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->list_request);
  if (reply == NULL)
    {
      report_error (self, error);
      return;
    }
  /* Open ones only: a closed complaint needs nobody. */
  all = json_object_get_array_member (reply, "complaints");
  open = json_array_new ();
  for (guint i = 0; all != NULL && i < json_array_get_length (all); i++)
    {
      JsonObject *o = json_array_get_object_element (all, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "state", ""), "closed") != 0)
        json_array_add_object_element (open, json_object_ref (o));
    }
  show_list (self, open);
  json_array_unref (open);
}

/* ---- one complaint ----------------------------------------------------- */

static void set_detail (LoketComplaintsView *self, const char *detail);

static void
show_steps (LoketComplaintsView *self, JsonArray *steps)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_steps))) != NULL)
    gtk_box_remove (self->detail_steps, child);
  for (guint i = 0; steps != NULL && i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);
      g_autofree char *when = office_time (self, json_object_get_int_member_with_default (s, "at", 0));
      const char *text = loket_json_optional_string (s, "text");
      /* Translators: a complaint's step: when, act, staff, (public), text. */
      g_autofree char *line = g_strdup_printf ("%s · %s · %s%s%s%s", when,
                                               act_name (json_object_get_string_member_with_default (s, "act", NULL)),
                                               loket_json_optional_string (s, "staff") ?: "—",
                                               json_object_get_boolean_member_with_default (s, "public", FALSE)
                                               ? _(" (public)") : "",
                                               text ? "\n" : "", text ? text : "");
      GtkWidget *label = gtk_label_new (line);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (self->detail_steps, label);
    }
}

static void
show_detail (LoketComplaintsView *self, JsonObject *c)
{
  const char *state = json_object_get_string_member_with_default (c, "state", "");
  const char *name = loket_json_optional_string (c, "name");
  const char *contact = loket_json_optional_string (c, "contact");
  JsonObject *facts = json_object_get_object_member (c, "facts");
  JsonArray *steps = json_object_get_array_member (c, "steps");
  const char *who_key = name ? name : json_object_get_boolean_member_with_default (c, "purged", FALSE) ? "purged"
                                                                                                       : "anonymous";
  g_autofree char *clock = clock_text (json_object_get_string_member_with_default (c, "clock", ""),
                                       json_object_get_int_member_with_default (c, "working_days_left", 0));
  g_autofree char *who = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  LoketComplaintState from = LOKET_COMPLAINT_RECEIVED;
  gboolean known;

  if (name != NULL)
    who = contact ? g_strdup_printf ("%s (%s)", name, contact) : g_strdup (name);
  else
    who = g_strdup (g_str_equal (who_key, "purged") ? _("deleted (kept days passed)") : _("anonymous"));
  if (facts != NULL && json_object_get_int_member_with_default (facts, "ticket", 0) > 0)
    /* Translators: a complaint's ticket facts: waited X of Y promised minutes. */
    ticket = g_strdup_printf (_("Ticket: waited %d of the %d promised minutes"),
                              (int) json_object_get_int_member_with_default (facts, "waited_minutes", 0),
                              (int) json_object_get_int_member_with_default (facts, "promised_minutes", 0));
  title = g_strdup_printf ("%s — %s", json_object_get_string_member_with_default (c, "receipt", ""),
                           state_name (state));
  text = g_strdup_printf (_("Service: %s · Category: %s\nReceived: %s (%s) · Deadline: %s · %s\n"
                            "Complainant: %s%s%s%s%s"),
                          service_name (self, json_object_get_string_member_with_default (c, "service", NULL)),
                          category_name (json_object_get_string_member_with_default (c, "category", NULL)),
                          json_object_get_string_member_with_default (c, "day", ""),
                          channel_name (json_object_get_string_member_with_default (c, "channel", NULL)),
                          json_object_get_string_member_with_default (c, "deadline", ""), clock, who,
                          ticket ? "\n" : "", ticket ? ticket : "",
                          loket_json_optional_string (c, "answer") ? _("\nAnswer: ") : "",
                          loket_json_optional_string (c, "answer") ?: "");
  gtk_label_set_text (self->detail_title, title);
  gtk_label_set_text (self->detail_facts, text);
  gtk_label_set_text (self->detail_description, json_object_get_string_member_with_default (c, "description", ""));
  show_steps (self, steps);
  /* Only the acts the state allows; none for a state this build does
   * not know. */
  known = loket_complaint_state_from_string (state, &from);
  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->step_buttons)); b != NULL;
       b = gtk_widget_get_next_sibling (b))
    {
      LoketComplaintAct act = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (b), "act-id"));

      gtk_widget_set_visible (b, known && loket_complaint_life_find (act, from) != NULL);
    }
  gtk_stack_set_visible_child_name (self->side, "detail");
  line = g_strdup_printf ("%s|%s|%s|%s|%u", json_object_get_string_member_with_default (c, "receipt", ""), state,
                          json_object_get_string_member_with_default (c, "clock", ""), who_key,
                          steps ? json_array_get_length (steps) : 0);
  set_detail (self, line);
}

static void
on_detail_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketComplaintsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->detail_request);
  if (reply == NULL)
    {
      report_error (self, error);
      return;
    }
  show_detail (self, json_object_get_object_member (reply, "complaint"));
}

static void
set_detail (LoketComplaintsView *self, const char *detail)
{
  if (g_strcmp0 (self->detail, detail) == 0)
    return;
  g_free (self->detail);
  self->detail = g_strdup (detail);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

static void
request_detail (LoketComplaintsView *self)
{
  if (self->detail_request != NULL)
    g_cancellable_cancel (self->detail_request);
  g_clear_object (&self->detail_request);
  if (self->client == NULL || self->receipt == NULL)
    return;
  self->detail_request = g_cancellable_new ();
  loket_client_request_async (self->client, "COMPLAINT", loket_json_object_new_with ("receipt", self->receipt, NULL),
                              NULL, self->detail_request, on_detail_reply, g_object_ref (self));
}

void
loket_complaints_view_open (LoketComplaintsView *self, const char *receipt)
{
  g_return_if_fail (LOKET_IS_COMPLAINTS_VIEW (self));
  g_free (self->receipt);
  self->receipt = g_strdup (receipt);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->step_text), "", -1);
  gtk_check_button_set_active (self->step_public, FALSE);
  request_detail (self);
}

void
loket_complaints_view_refresh (LoketComplaintsView *self)
{
  g_return_if_fail (LOKET_IS_COMPLAINTS_VIEW (self));
  if (self->list_request != NULL)
    g_cancellable_cancel (self->list_request);
  g_clear_object (&self->list_request);
  if (self->client == NULL || self->supervisor == NULL)
    return;
  self->list_request = g_cancellable_new ();
  loket_client_request_async (self->client, "COMPLAINTS", json_object_new (), NULL, self->list_request,
                              on_list_reply, g_object_ref (self));
  request_detail (self);
}

/* ---- acts -------------------------------------------------------------- */

static void
on_step_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketComplaintsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      report_error (self, error);
      return;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->step_text), "", -1);
  gtk_check_button_set_active (self->step_public, FALSE);
  /* The event refreshes the list; the detail is this view's own. */
  request_detail (self);
}

void
loket_complaints_view_step (LoketComplaintsView *self, const char *act, const char *text, gboolean is_public)
{
  JsonObject *body;

  g_return_if_fail (LOKET_IS_COMPLAINTS_VIEW (self));
  if (self->client == NULL || self->receipt == NULL || self->supervisor == NULL)
    return;
  body = loket_json_object_new_with ("receipt", self->receipt, "act", act, "supervisor", self->supervisor, NULL);
  if (text != NULL && *text != '\0')
    json_object_set_string_member (body, "text", text);
  if (is_public)
    json_object_set_boolean_member (body, "public", TRUE);
  loket_client_request_async (self->client, "COMPLAINT_STEP", body, NULL, NULL, on_step_reply, g_object_ref (self));
}

static void
on_act_clicked (GtkButton *button, LoketComplaintsView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->step_text);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  loket_complaints_view_step (self, g_object_get_data (G_OBJECT (button), "act"), text,
                              gtk_check_button_get_active (self->step_public));
}

/* ---- filing ------------------------------------------------------------ */

static void
set_filed (LoketComplaintsView *self, const char *filed)
{
  g_free (self->filed);
  self->filed = g_strdup (filed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILED]);
}

static void
on_file_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketComplaintsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  g_autofree char *shown = NULL;
  g_autofree char *filed = NULL;
  const char *receipt, *deadline;

  if (reply == NULL)
    {
      gtk_label_set_text (self->form_result, error->message);
      report_error (self, error);
      return;
    }
  receipt = json_object_get_string_member_with_default (reply, "receipt", "");
  deadline = json_object_get_string_member_with_default (reply, "deadline", "");
  /* Translators: after filing; %s the receipt number, %s the deadline day. */
  shown = g_strdup_printf (_("Filed: receipt %s, to be answered by %s."), receipt, deadline);
  gtk_label_set_text (self->form_result, shown);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->form_description), "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->form_ticket), "");
  gtk_editable_set_text (GTK_EDITABLE (self->form_name), "");
  gtk_editable_set_text (GTK_EDITABLE (self->form_contact), "");
  filed = g_strdup_printf ("%s|%s", receipt, deadline);
  set_filed (self, filed);
}

void
loket_complaints_view_file (LoketComplaintsView *self, const char *service, const char *ticket, const char *category,
                            const char *description, const char *complainant, const char *contact)
{
  JsonObject *body;

  g_return_if_fail (LOKET_IS_COMPLAINTS_VIEW (self));
  if (self->client == NULL || self->supervisor == NULL)
    return;
  body = loket_json_object_new_with ("category", category, "description", description ? description : "",
                                     "supervisor", self->supervisor, NULL);
  /* A ticket names its service; the server takes it from there. */
  if (ticket != NULL && *ticket != '\0')
    json_object_set_string_member (body, "ticket", ticket);
  else if (service != NULL && *service != '\0')
    json_object_set_string_member (body, "service", service);
  if (complainant != NULL && *complainant != '\0')
    json_object_set_string_member (body, "complainant", complainant);
  if (contact != NULL && *contact != '\0')
    json_object_set_string_member (body, "contact", contact);
  gtk_label_set_text (self->form_result, "");
  loket_client_request_async (self->client, "COMPLAIN", body, NULL, NULL, on_file_reply, g_object_ref (self));
}

static void
on_file_clicked (LoketComplaintsView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->form_description);
  LoketServiceItem *service = gtk_drop_down_get_selected_item (self->form_service);
  gboolean anonymous = gtk_check_button_get_active (self->form_anonymous);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  loket_complaints_view_file (self, service ? loket_service_item_get_id (service) : NULL,
                              gtk_editable_get_text (GTK_EDITABLE (self->form_ticket)),
                              loket_complaint_category (MIN (gtk_drop_down_get_selected (self->form_category),
                                                             LOKET_COMPLAINT_N_CATEGORIES - 1))->id,
                              text, anonymous ? NULL : gtk_editable_get_text (GTK_EDITABLE (self->form_name)),
                              anonymous ? NULL : gtk_editable_get_text (GTK_EDITABLE (self->form_contact)));
}

static void
on_anonymous_toggled (GtkCheckButton *check, LoketComplaintsView *self)
{
  gboolean anonymous = gtk_check_button_get_active (check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->form_name), !anonymous);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_contact), !anonymous);
}

void
loket_complaints_view_new_complaint (LoketComplaintsView *self)
{
  g_return_if_fail (LOKET_IS_COMPLAINTS_VIEW (self));
  /* The form replaces the complaint shown: a refresh must not bring it
   * back over the form. */
  g_clear_pointer (&self->receipt, g_free);
  if (self->detail_request != NULL)
    g_cancellable_cancel (self->detail_request);
  g_clear_object (&self->detail_request);
  set_detail (self, "");
  gtk_label_set_text (self->form_result, "");
  gtk_stack_set_visible_child_name (self->side, "form");
}

/* ---- building ---------------------------------------------------------- */

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
wrapped (GtkLabel **out)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  *out = GTK_LABEL (label);
  return label;
}

static GtkWidget *
text_box (GtkTextView **out, int height)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (view, "card");
  gtk_widget_set_size_request (scrolled, -1, height);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  *out = GTK_TEXT_VIEW (view);
  return scrolled;
}

static GtkWidget *
build_detail (LoketComplaintsView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = heading ("");

  self->detail_title = GTK_LABEL (title);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), wrapped (&self->detail_facts));
  gtk_box_append (GTK_BOX (box), heading (_("What the complainant wrote")));
  gtk_box_append (GTK_BOX (box), wrapped (&self->detail_description));
  gtk_box_append (GTK_BOX (box), heading (_("Steps")));
  self->detail_steps = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->detail_steps));
  gtk_box_append (GTK_BOX (box), heading (_("Answer or note")));
  gtk_box_append (GTK_BOX (box), text_box (&self->step_text, 72));
  self->step_public = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (_("Public: the complainant can read it")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->step_public));
  self->step_buttons = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  for (guint i = 0; i < G_N_ELEMENTS (acts); i++)
    {
      GtkWidget *b = gtk_button_new_with_label (_(acts[i].label));

      g_object_set_data (G_OBJECT (b), "act", (gpointer) loket_complaint_act_to_string (acts[i].act));
      g_object_set_data (G_OBJECT (b), "act-id", GUINT_TO_POINTER (acts[i].act));
      if (acts[i].act == LOKET_COMPLAINT_ACT_ANSWER)
        gtk_widget_add_css_class (b, "suggested-action");
      g_signal_connect (b, "clicked", G_CALLBACK (on_act_clicked), self);
      gtk_box_append (self->step_buttons, b);
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->step_buttons));
  return box;
}

static GtkWidget *
form_entry (GtkEntry **out, const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  *out = GTK_ENTRY (entry);
  return entry;
}

static char *
service_label (LoketServiceItem *item)
{
  return g_strdup (item ? loket_service_item_get_label (item) : "");
}

static GtkWidget *
build_form (LoketComplaintsView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) shown = NULL;
  GtkWidget *file = gtk_button_new_with_label (_("File the complaint"));

  gtk_box_append (GTK_BOX (box), heading (_("File a complaint on a citizen's behalf")));
  self->form_service = GTK_DROP_DOWN (gtk_drop_down_new (NULL, gtk_cclosure_expression_new (
    G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (service_label), NULL, NULL)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->form_service));
  gtk_box_append (GTK_BOX (box), form_entry (&self->form_ticket, _("Ticket number (optional), e.g. A001")));
  for (guint i = 0; i < LOKET_COMPLAINT_N_CATEGORIES; i++)
    g_strv_builder_add (names, category_name (loket_complaint_category (i)->id));
  shown = g_strv_builder_end (names);
  self->form_category = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) shown));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->form_category));
  gtk_box_append (GTK_BOX (box), heading (_("What the complainant wrote")));
  gtk_box_append (GTK_BOX (box), text_box (&self->form_description, 96));
  gtk_box_append (GTK_BOX (box), form_entry (&self->form_name, _("Complainant's name")));
  gtk_box_append (GTK_BOX (box), form_entry (&self->form_contact, _("Phone or e-mail")));
  self->form_anonymous = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (_("Anonymous")));
  g_signal_connect (self->form_anonymous, "toggled", G_CALLBACK (on_anonymous_toggled), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->form_anonymous));
  gtk_widget_add_css_class (file, "suggested-action");
  gtk_widget_set_halign (file, GTK_ALIGN_START);
  g_signal_connect_swapped (file, "clicked", G_CALLBACK (on_file_clicked), self);
  gtk_box_append (GTK_BOX (box), file);
  gtk_box_append (GTK_BOX (box), wrapped (&self->form_result));
  gtk_widget_add_css_class (GTK_WIDGET (self->form_result), "heading");
  return box;
}

static GtkWidget *
scrolled (GtkWidget *child)
{
  GtkWidget *s = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (s), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (s), child);
  gtk_widget_set_vexpand (s, TRUE);
  return s;
}

/* ---- GObject ----------------------------------------------------------- */

void
loket_complaints_view_connect (LoketComplaintsView *self, LoketClient *client, LoketOfficeModel *model)
{
  g_return_if_fail (LOKET_IS_COMPLAINTS_VIEW (self));
  g_set_object (&self->client, client);
  g_set_object (&self->model, model);
  gtk_drop_down_set_model (self->form_service, loket_office_model_get_services (model));
}

void
loket_complaints_view_set_supervisor (LoketComplaintsView *self, const char *supervisor)
{
  g_return_if_fail (LOKET_IS_COMPLAINTS_VIEW (self));
  g_free (self->supervisor);
  self->supervisor = g_strdup (supervisor);
  if (supervisor == NULL)
    {
      g_clear_pointer (&self->receipt, g_free);
      gtk_stack_set_visible_child_name (self->side, "none");
      set_detail (self, "");
      show_list (self, NULL);
    }
}

const char * const *
loket_complaints_view_get_rows (LoketComplaintsView *self)
{
  return (const char * const *) self->rows;
}

JsonArray *
loket_complaints_view_get_list (LoketComplaintsView *self)
{
  return self->list;
}

guint
loket_complaints_view_get_overdue (LoketComplaintsView *self)
{
  return self->overdue;
}

const char *
loket_complaints_view_get_detail (LoketComplaintsView *self)
{
  return self->detail;
}

const char *
loket_complaints_view_get_filed (LoketComplaintsView *self)
{
  return self->filed;
}

static void
loket_complaints_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketComplaintsView *self = LOKET_COMPLAINTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ROWS:
      g_value_set_boxed (value, self->rows);
      break;
    case PROP_OVERDUE:
      g_value_set_uint (value, self->overdue);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_FILED:
      g_value_set_string (value, self->filed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_complaints_view_dispose (GObject *object)
{
  LoketComplaintsView *self = LOKET_COMPLAINTS_VIEW (object);

  if (self->list_request != NULL)
    g_cancellable_cancel (self->list_request);
  if (self->detail_request != NULL)
    g_cancellable_cancel (self->detail_request);
  g_clear_object (&self->list_request);
  g_clear_object (&self->detail_request);
  g_clear_object (&self->client);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (loket_complaints_view_parent_class)->dispose (object);
}

static void
loket_complaints_view_finalize (GObject *object)
{
  LoketComplaintsView *self = LOKET_COMPLAINTS_VIEW (object);

  g_strfreev (self->rows);
  g_free (self->supervisor);
  g_free (self->receipt);
  g_free (self->detail);
  g_free (self->filed);
  G_OBJECT_CLASS (loket_complaints_view_parent_class)->finalize (object);
}

static void
loket_complaints_view_class_init (LoketComplaintsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = loket_complaints_view_get_property;
  object_class->dispose = loket_complaints_view_dispose;
  object_class->finalize = loket_complaints_view_finalize;
  properties[PROP_ROWS] = g_param_spec_boxed ("rows", NULL, NULL, G_TYPE_STRV,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERDUE] = g_param_spec_uint ("overdue", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, "",
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILED] = g_param_spec_string ("filed", NULL, NULL, "",
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
loket_complaints_view_init (LoketComplaintsView *self)
{
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = heading (_("Open complaints, oldest first"));
  GtkWidget *add = gtk_button_new_with_label (_("File a complaint"));
  GtkWidget *none = gtk_label_new (_("Choose a complaint to see it in full."));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (self), 18);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (top), title);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "win.complaint-new");
  gtk_box_append (GTK_BOX (top), add);
  gtk_box_append (GTK_BOX (left), top);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_box_append (GTK_BOX (left), GTK_WIDGET (self->status));
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 14);
  gtk_grid_set_row_spacing (self->grid, 4);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "report-grid");
  gtk_box_append (GTK_BOX (left), scrolled (GTK_WIDGET (self->grid)));
  gtk_widget_set_hexpand (left, TRUE);
  gtk_box_append (GTK_BOX (self), left);

  self->side = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->side), 400, -1);
  gtk_widget_add_css_class (none, "dim-label");
  gtk_stack_add_named (self->side, none, "none");
  gtk_stack_add_named (self->side, scrolled (build_detail (self)), "detail");
  gtk_stack_add_named (self->side, scrolled (build_form (self)), "form");
  gtk_stack_set_visible_child_name (self->side, "none");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->side));
  self->rows = g_new0 (char *, 1);
  self->detail = g_strdup ("");
  self->filed = g_strdup ("");
  show_list (self, NULL);
}

LoketComplaintsView *
loket_complaints_view_new (void)
{
  return g_object_new (LOKET_TYPE_COMPLAINTS_VIEW, NULL);
}
