/* loket-kiosk-window.c — one citizen's visit to the kiosk.
 *
 * Home shows a tile per service, kept current from the server's snapshot
 * and events.  A tile opens the service's charter (requirements,
 * procedure, cost, product, promised times); "Take ticket" asks the
 * priority question where the service accepts priority groups, then sends
 * ISSUE.  The take itself — issue, print, report — is a LoketKioskFlow
 * (loket-kiosk-flow.c) whose state this window follows: only the server's
 * durable reply puts a number on the screen or on paper, a lost reply is
 * retried with the same request id, and a failed print shows the number
 * large with a note that a clerk has been alerted.  Any screen returns
 * home after idle.
 *
 * A service the kiosk shows as unavailable (closed now, or its quota used
 * up) still answers a touch: the tile sends ISSUE straight away and the
 * server judges.  Refused, the server records the citizen as turned away
 * (TURNED_AWAY, with this kiosk as the device) and the "refused" page
 * says why, full screen, until the citizen goes back or the ticket
 * timeout passes; if the service opened meanwhile, the citizen simply
 * gets the ticket.  Either way nobody walks away from a grey tile
 * without a trace.
 *
 * "Complaint" on the home page opens the complaint screens
 * (loket-kiosk-complaint-view.c, a page of this window's stack): a
 * category, the details, COMPLAIN, and the receipt on screen and paper.
 *
 * Everything a citizen can do is a "win." action, so a touch, a key and
 * a test (over D-Bus, see tests/test-kiosk.c) take the same path.  The
 * read-only actions "online", "page", "ticket", "print-state",
 * "refusal" (why the last take was refused: "closed", "quota", "other")
 * and "waiting" (people waiting, as the tiles show) expose what the
 * screen shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "config.h"

#include "loket-app.h"
#include "loket-kiosk-complaint-view.h"
#include "loket-kiosk-flow.h"
#include "loket-kiosk-window.h"
#include "loket-error.h"
#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-office-time.h"
#include "loket-service-tile.h"
#include "loket-ticket-printout.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

struct _LoketKioskWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  GtkLabel     *office_label;
  GtkLabel     *address_label;
  GtkLabel     *clock_label;
  GtkButton    *language_button;
  GtkRevealer  *offline_revealer;
  GtkLabel     *offline_label;
  GtkStack     *stack;
  GtkLabel     *home_title;
  GtkLabel     *home_hint;
  GtkFlowBox   *tiles;
  GtkLabel     *detail_series;
  GtkLabel     *detail_name;
  GtkGrid      *detail_grid;
  GtkLabel     *detail_notice;
  GtkButton    *detail_back;
  GtkButton    *take_button;
  GtkLabel     *priority_title;
  GtkLabel     *priority_note;
  GtkBox       *priority_buttons;
  GtkButton    *priority_back;
  GtkButton    *regular_button;
  GtkSpinner   *working_spinner;
  GtkLabel     *working_label;
  GtkButton    *cancel_button;
  GtkLabel     *ticket_title;
  GtkLabel     *ticket_number;
  GtkLabel     *ticket_service;
  GtkLabel     *ticket_figures;
  GtkLabel     *ticket_status;
  GtkButton    *reprint_button;
  GtkButton    *done_button;
  GtkLabel     *refused_title;
  GtkLabel     *refused_service;
  GtkLabel     *refused_reason;
  GtkLabel     *refused_note;
  GtkButton    *refused_button;
  GtkLabel     *values_label;
  GtkButton    *complaint_button;

  LoketKioskApplication *application;
  JsonObject   *office;          /* the last SERVICES reply or snapshot */
  char         *service_id;      /* the service being looked at */
  char         *notice;          /* a refusal to show on the detail page */
  gboolean      from_tile;       /* the take came straight from an unavailable tile */

  LoketKioskFlow *flow;          /* the take → print → report of the citizen at hand */
  char         *print_state;     /* the flow's, as last shown */
  LoketKioskComplaint     *complaint;       /* a complaint's filing and receipt */
  LoketKioskComplaintView *complaint_view;  /* its screens: the "complaint" page */

  guint         idle_source;
  guint         clock_source;
  guint         refresh_source;
  guint         orientation_source;
  gboolean      refreshing;
  gboolean      landscape;
};

G_DEFINE_FINAL_TYPE (LoketKioskWindow, loket_kiosk_window, ADW_TYPE_APPLICATION_WINDOW)

static void retranslate (LoketKioskWindow *self);

/* ---- small helpers ----------------------------------------------------- */

static JsonObject *
find_service (LoketKioskWindow *self, const char *id)
{
  return loket_json_find_by_id (self->office, "services", id);
}

static JsonObject *
find_priority_group (LoketKioskWindow *self, const char *id)
{
  return loket_json_find_by_id (self->office, "priority_groups", id);
}

static void
set_state (LoketKioskWindow *self, const char *action, GVariant *value)
{
  loket_app_set_state (G_ACTION_MAP (self), action, value);
}

static const char *
current_page (LoketKioskWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static gboolean
is_online (LoketKioskWindow *self)
{
  return loket_subscriber_get_online (loket_kiosk_application_get_subscriber (self->application));
}

/* ---- idle and clock ---------------------------------------------------- */

static gboolean
on_idle_timeout (gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  self->idle_source = 0;
  /* A take or a complaint in flight is never abandoned by a timer: the
   * citizen waits. */
  if (!g_str_equal (current_page (self), "working") && !loket_kiosk_complaint_view_busy (self->complaint_view))
    g_action_group_activate_action (G_ACTION_GROUP (self), "home", NULL);
  return G_SOURCE_REMOVE;
}

static void
restart_idle (LoketKioskWindow *self)
{
  const char *page = current_page (self);
  guint seconds;

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (page == NULL || g_str_equal (page, "home"))
    return;
  /* The refusal is a message to read, as the number is. */
  seconds = g_str_equal (page, "ticket") || g_str_equal (page, "refused")
            || (g_str_equal (page, "complaint") && loket_kiosk_complaint_view_showing_receipt (self->complaint_view))
          ? loket_kiosk_application_get_ticket_timeout (self->application)
          : loket_kiosk_application_get_idle_timeout (self->application);
  self->idle_source = g_timeout_add_seconds (seconds, on_idle_timeout, self);
}

static gboolean
on_any_input (GtkEventControllerLegacy *controller, GdkEvent *event, gpointer user_data)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_PRESS || type == GDK_TOUCH_BEGIN || type == GDK_KEY_PRESS || type == GDK_SCROLL)
    restart_idle (user_data);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
update_clock (gpointer user_data)
{
  LoketKioskWindow *self = user_data;
  const char *zone_id = self->office ? loket_json_optional_string (self->office, "time_zone") : NULL;
  g_autoptr(GTimeZone) zone = zone_id ? g_time_zone_new_identifier (zone_id) : NULL;
  g_autoptr(GDateTime) now = loket_office_time (zone, g_get_real_time ());
  g_autofree char *date = now ? loket_i18n_format_date (now) : NULL;
  g_autofree char *time = now ? g_date_time_format (now, "%H:%M") : NULL;
  g_autofree char *text = now ? g_strdup_printf ("%s\n%s", time, date) : NULL;

  /* Nothing until the office has said its time zone: no wrong time. */
  gtk_label_set_text (self->clock_label, text ? text : "");
  return G_SOURCE_CONTINUE;
}

static void
show_page (LoketKioskWindow *self, const char *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_spinner_set_spinning (self->working_spinner, g_str_equal (page, "working"));
  set_state (self, "page", g_variant_new_string (page));
  restart_idle (self);
}

/* ---- home -------------------------------------------------------------- */

static void
update_tiles (LoketKioskWindow *self)
{
  JsonArray *services;
  GtkWidget *child;
  gint64 waiting = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles))) != NULL)
    gtk_flow_box_remove (self->tiles, child);
  if (self->office == NULL || !json_object_has_member (self->office, "services"))
    return;
  services = json_object_get_array_member (self->office, "services");
  for (guint i = 0; i < json_array_get_length (services); i++)
    waiting += json_object_get_int_member_with_default (json_array_get_object_element (services, i),
                                                        "waiting", 0);
  set_state (self, "waiting", g_variant_new_int32 ((gint32) waiting));
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      GtkWidget *tile = loket_service_tile_new ();

      loket_service_tile_set_service (LOKET_SERVICE_TILE (tile), json_array_get_object_element (services, i));
      gtk_flow_box_append (self->tiles, tile);
      /* The flow box's own child must not take the focus from the button. */
      gtk_widget_set_focusable (gtk_widget_get_parent (tile), FALSE);
    }
}

static void
update_office (LoketKioskWindow *self)
{
  const char *address = self->office ? loket_json_optional_string (self->office, "address") : NULL;
  const char *values = self->office ? loket_i18n_pick (self->office, "values") : NULL;

  gtk_label_set_text (self->office_label, self->office ? loket_i18n_pick (self->office, "office") : "Loket");
  gtk_label_set_text (self->address_label, address ? address : "");
  gtk_widget_set_visible (GTK_WIDGET (self->address_label), address != NULL);
  gtk_label_set_text (self->values_label, values ? values : "");
  gtk_widget_set_visible (GTK_WIDGET (self->values_label), values != NULL);
  update_clock (self);
}

static void
set_office (LoketKioskWindow *self, JsonObject *reply)
{
  g_clear_pointer (&self->office, json_object_unref);
  self->office = json_object_ref (reply);
  loket_kiosk_flow_set_office (self->flow, reply);
  loket_kiosk_complaint_view_set_office (self->complaint_view, reply);
  update_office (self);
  update_tiles (self);
  /* A service looked at may have closed or run out of quota meanwhile. */
  if (g_str_equal (current_page (self), "detail"))
    retranslate (self);
}

static void
on_services (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketKioskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  self->refreshing = FALSE;
  if (reply == NULL)
    {
      g_debug ("refreshing the services: %s", error->message);
      return;
    }
  set_office (self, reply);
}

static gboolean
refresh_services (gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  self->refresh_source = 0;
  if (self->refreshing)
    return G_SOURCE_REMOVE;
  self->refreshing = TRUE;
  loket_client_request_async (loket_kiosk_application_get_client (self->application), "SERVICES",
                              NULL, NULL, NULL, on_services, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
on_snapshot (LoketSubscriber *subscriber, JsonObject *snapshot, gpointer user_data)
{
  set_office (user_data, snapshot);
}

/* A supervisor asked for a ticket to be printed again here (docs/kiosk.md):
 * printed beside the citizen at the screen, and reported. */
static void
reprint_if_asked (LoketKioskWindow *self, JsonObject *event)
{
  LoketClient *client = loket_kiosk_application_get_client (self->application);
  JsonNode *node = json_object_get_member (event, "ticket");
  JsonObject *ticket = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (ticket != NULL &&
      g_strcmp0 (loket_json_optional_string (event, "kiosk"), loket_client_get_device_id (client)) == 0)
    loket_kiosk_flow_reprint_ticket (self->flow, ticket, loket_json_optional_string (event, "token"));
}

/* Waiting counts and estimates change with every issue and call; a burst
 * of events is one refresh. */
static void
on_event (LoketSubscriber *subscriber, const char *type, JsonObject *event, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  if (g_str_equal (type, "REPRINT_ASKED"))
    reprint_if_asked (self, event);

  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (300, refresh_services, self);
}

static void
on_online_changed (LoketSubscriber *subscriber, GParamSpec *pspec, gpointer user_data)
{
  LoketKioskWindow *self = user_data;
  gboolean online = loket_subscriber_get_online (subscriber);
  g_autoptr(GVariant) was = g_action_group_get_action_state (G_ACTION_GROUP (self), "online");

  gtk_revealer_set_reveal_child (self->offline_revealer, !online);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tiles), online);
  gtk_widget_set_sensitive (GTK_WIDGET (self->take_button), online);
  gtk_widget_set_sensitive (GTK_WIDGET (self->priority_buttons), online);
  gtk_widget_set_sensitive (GTK_WIDGET (self->regular_button), online);
  /* Logged on changes only; the first snapshot is not news. */
  if (online != g_variant_get_boolean (was) && pspec != NULL)
    g_message (online ? "server reachable" : "server unreachable; taking tickets is disabled until it answers");
  set_state (self, "online", g_variant_new_boolean (online));
}

/* ---- the service's charter --------------------------------------------- */

static void
add_charter_row (LoketKioskWindow *self, int row, const char *heading, const char *text)
{
  GtkWidget *h = gtk_label_new (heading);
  GtkWidget *t = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (h), 0);
  gtk_label_set_yalign (GTK_LABEL (h), 0);
  gtk_widget_add_css_class (h, "charter-heading");
  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_label_set_wrap (GTK_LABEL (t), TRUE);
  gtk_widget_set_hexpand (t, TRUE);
  gtk_widget_add_css_class (t, "charter-text");
  gtk_grid_attach (self->detail_grid, h, 0, row, 1, 1);
  gtk_grid_attach (self->detail_grid, t, 1, row, 1, 1);
}

static char *
requirements_text (JsonObject *service)
{
  const char *key = g_str_equal (loket_i18n_get_language (), "en") &&
                    json_object_has_member (service, "requirements_en") &&
                    json_array_get_length (json_object_get_array_member (service, "requirements_en")) > 0
                  ? "requirements_en" : "requirements";
  JsonArray *list = json_object_has_member (service, key) ? json_object_get_array_member (service, key) : NULL;
  GString *out = g_string_new (NULL);

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    g_string_append_printf (out, "%s• %s", i ? "\n" : "", json_array_get_string_element (list, i));
  if (out->len == 0)
    g_string_append (out, _("None"));
  return g_string_free (out, FALSE);
}

static void
update_detail (LoketKioskWindow *self)
{
  JsonObject *s = find_service (self, self->service_id);
  GtkWidget *child;
  g_autofree char *requirements = NULL;
  g_autofree char *cost = NULL;
  g_autofree char *promise = NULL;
  g_autofree char *now = NULL;
  g_autofree char *wait = NULL;
  const char *procedure, *product;
  gboolean available;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_grid))) != NULL)
    gtk_grid_remove (self->detail_grid, child);
  if (s == NULL)
    return;

  gtk_label_set_text (self->detail_series, loket_json_optional_string (s, "series"));
  gtk_label_set_text (self->detail_name, loket_i18n_pick (s, "name"));
  requirements = requirements_text (s);
  add_charter_row (self, row++, _("Requirements"), requirements);
  if ((procedure = loket_i18n_pick (s, "procedure")) != NULL)
    add_charter_row (self, row++, _("Procedure"), procedure);
  cost = loket_i18n_format_rupiah (json_object_get_int_member_with_default (s, "cost", 0));
  add_charter_row (self, row++, _("Cost"), cost);
  if ((product = loket_i18n_pick (s, "product")) != NULL)
    add_charter_row (self, row++, _("You receive"), product);
  /* Translators: the charter's promised times, in minutes. */
  promise = g_strdup_printf (_("Called within %d minutes, served in %d minutes"),
                             (int) json_object_get_int_member_with_default (s, "promised_wait_minutes", 0),
                             (int) json_object_get_int_member_with_default (s, "promised_service_minutes", 0));
  add_charter_row (self, row++, _("Service standard"), promise);
  wait = loket_i18n_format_wait (s);
  /* Translators: people waiting now, and the estimated wait ("about 15 min", "20–45 min"). */
  now = g_strdup_printf (_("%d waiting, estimated wait %s"),
                         (int) json_object_get_int_member_with_default (s, "waiting", 0), wait);
  add_charter_row (self, row++, _("Right now"), now);

  available = json_object_get_boolean_member_with_default (s, "available", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->take_button), available && is_online (self));
  if (self->notice != NULL)
    gtk_label_set_text (self->detail_notice, self->notice);
  else if (!available)
    gtk_label_set_text (self->detail_notice, loket_i18n_pick (s, "unavailable_reason"));
  gtk_widget_set_visible (GTK_WIDGET (self->detail_notice), self->notice != NULL || !available);
}

static void
update_priority (LoketKioskWindow *self)
{
  JsonObject *s = find_service (self, self->service_id);
  JsonArray *accepted = s && json_object_has_member (s, "priority_groups")
                      ? json_object_get_array_member (s, "priority_groups") : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->priority_buttons))) != NULL)
    gtk_box_remove (self->priority_buttons, child);
  for (guint i = 0; accepted != NULL && i < json_array_get_length (accepted); i++)
    {
      const char *id = json_array_get_string_element (accepted, i);
      JsonObject *group = find_priority_group (self, id);
      GtkWidget *button = gtk_button_new_with_label (group ? loket_i18n_pick (group, "name") : id);

      gtk_widget_add_css_class (button, "big-button");
      gtk_widget_add_css_class (button, "priority-button");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.take");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
      gtk_box_append (self->priority_buttons, button);
    }
}

/* ---- the ticket -------------------------------------------------------- */

static void
update_ticket (LoketKioskWindow *self)
{
  JsonObject *reply = loket_kiosk_flow_get_ticket_reply (self->flow);
  const char *print_state = loket_kiosk_flow_get_print_state (self->flow);
  JsonObject *ticket;
  JsonObject *service;
  g_autofree char *figures = NULL;
  const char *status = "";
  g_autofree char *wait = NULL;
  gint64 ahead;

  if (reply == NULL)
    return;
  ticket = json_object_get_object_member (reply, "ticket");
  service = find_service (self, loket_json_optional_string (ticket, "service"));
  ahead = json_object_get_int_member_with_default (reply, "people_ahead", 0);
  wait = loket_i18n_format_wait (reply);

  gtk_label_set_text (self->ticket_number, loket_json_optional_string (ticket, "number"));
  gtk_label_set_text (self->ticket_service, service ? loket_i18n_pick (service, "name") : "");
  if (ahead == 0)
    figures = g_strdup (_("Nobody is ahead of you."));
  else
    /* Translators: then the estimated wait ("about 15 min", "20–45 min"). */
    figures = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%d person ahead of you · estimated wait %s",
                                            "%d people ahead of you · estimated wait %s",
                                            (gulong) ahead),
                               (int) ahead, wait);
  gtk_label_set_text (self->ticket_figures, figures);

  gtk_widget_remove_css_class (GTK_WIDGET (self->ticket_status), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->ticket_status), "success");
  if (g_str_equal (print_state, "printing"))
    status = _("Printing your ticket…");
  else if (g_str_equal (print_state, "printed"))
    {
      status = _("Please take your ticket below and watch the screen for your number.");
      gtk_widget_add_css_class (GTK_WIDGET (self->ticket_status), "success");
    }
  else if (g_str_equal (print_state, "failed"))
    {
      status = _("Printing failed; a clerk has been alerted. Your number is in the queue and will "
                 "be called: please note it down, or try printing again.");
      gtk_widget_add_css_class (GTK_WIDGET (self->ticket_status), "error");
    }
  else if (g_str_equal (print_state, "screen"))
    status = _("Please note your number; it will be called on the screen.");
  gtk_label_set_text (self->ticket_status, status);
}

/* "Print again" only where it can help: once a failed print is reported
 * (the flow's FAILED, which follows the print state "failed"). */
static void
update_reprint_button (LoketKioskWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->reprint_button),
                          loket_kiosk_flow_get_state (self->flow) == LOKET_KIOSK_FLOW_FAILED);
}

/* Shows what the paper ticket's state has become; the ticket screen's
 * own timeout starts once the outcome is known. */
static void
show_print_state (LoketKioskWindow *self)
{
  const char *state = loket_kiosk_flow_get_print_state (self->flow);

  if (g_str_equal (state, self->print_state))
    return;
  g_free (self->print_state);
  self->print_state = g_strdup (state);
  set_state (self, "print-state", g_variant_new_string (state));
  update_ticket (self);
  if (*state != '\0' && !g_str_equal (state, "printing"))
    restart_idle (self);
  if (g_str_equal (state, "failed"))
    loket_kiosk_application_check_printer (self->application);
}

/* A complaint's receipt that did not print: the printer is asked at
 * once, as after a ticket's, so the supervisors see its state too. */
static void
on_complaint_state (LoketKioskComplaint *complaint, GParamSpec *pspec, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  if (loket_kiosk_complaint_get_state (complaint) == LOKET_KIOSK_COMPLAINT_DONE &&
      g_str_equal (loket_kiosk_complaint_get_print_state (complaint), "failed"))
    loket_kiosk_application_check_printer (self->application);
}

/* The number arrived: show it large. */
static void
show_ticket (LoketKioskWindow *self)
{
  JsonObject *ticket = json_object_get_object_member (loket_kiosk_flow_get_ticket_reply (self->flow), "ticket");

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  set_state (self, "ticket", g_variant_new_string (loket_json_optional_string (ticket, "number")));
  update_ticket (self);
  show_page (self, "ticket");
}

/* Why there is no ticket, in the citizen's language: the service's own
 * reason where the office's state says the same (its hours, for one
 * closed), else the refusal's kind in general words; another refusal is
 * shown in the server's words. */
static void
update_refused (LoketKioskWindow *self)
{
  JsonObject *s = find_service (self, self->service_id);
  const char *kind = loket_kiosk_flow_get_refusal_kind (self->flow);
  const char *reason = NULL;
  gboolean recorded = g_strcmp0 (kind, "closed") == 0 || g_strcmp0 (kind, "quota") == 0;

  if (kind == NULL)
    return;
  if (s != NULL && g_strcmp0 (loket_json_optional_string (s, "unavailable"), kind) == 0)
    reason = loket_i18n_pick (s, "unavailable_reason");
  if (reason == NULL && g_str_equal (kind, "closed"))
    reason = _("This service is closed right now. Please come again during its opening hours.");
  else if (reason == NULL && g_str_equal (kind, "quota"))
    reason = _("Today's quota for this service is used up. Please come again tomorrow.");
  else if (reason == NULL)
    reason = loket_kiosk_flow_get_refusal (self->flow);
  gtk_label_set_text (self->refused_title, _("Sorry, no number for this service now"));
  gtk_label_set_text (self->refused_service, s ? loket_i18n_pick (s, "name") : "");
  gtk_label_set_text (self->refused_reason, reason ? reason : "");
  gtk_label_set_text (self->refused_note,
                      _("Your visit is recorded, so that the office sees the need. A clerk can help you."));
  gtk_widget_set_visible (GTK_WIDGET (self->refused_note), recorded);
}

/* A take from an unavailable tile was refused: say so, full screen. */
static void
show_refused (LoketKioskWindow *self)
{
  update_refused (self);
  set_state (self, "refusal", g_variant_new_string (loket_kiosk_flow_get_refusal_kind (self->flow)));
  show_page (self, "refused");
}

static void
on_flow_state (LoketKioskFlow *flow, GParamSpec *pspec, gpointer user_data)
{
  LoketKioskWindow *self = user_data;
  LoketKioskFlowState state = loket_kiosk_flow_get_state (flow);

  switch (state)
    {
    case LOKET_KIOSK_FLOW_TAKING:
      gtk_label_set_text (self->working_label, _("Taking your number…"));
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      show_page (self, "working");
      break;
    case LOKET_KIOSK_FLOW_IDLE:
      /* Refused, or the citizen stopped waiting: back to the service. */
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      g_free (self->notice);
      self->notice = g_strdup (loket_kiosk_flow_get_refusal (flow));
      update_detail (self);
      if (g_str_equal (current_page (self), "working") && self->from_tile && self->notice != NULL)
        show_refused (self);
      else if (g_str_equal (current_page (self), "working"))
        show_page (self, "detail");
      break;
    case LOKET_KIOSK_FLOW_PRINTING:
    case LOKET_KIOSK_FLOW_REPORTING:
    case LOKET_KIOSK_FLOW_DONE:
    case LOKET_KIOSK_FLOW_FAILED:
      if (g_str_equal (current_page (self), "working"))
        show_ticket (self);
      break;
    }
  show_print_state (self);
  update_reprint_button (self);
  set_state (self, "flow", g_variant_new_string (loket_kiosk_flow_state_to_string (state)));
}

/* A timeout: the flow sends the same take again; say so. */
static void
on_flow_attempts (LoketKioskFlow *flow, GParamSpec *pspec, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  if (loket_kiosk_flow_get_attempts (flow) == 0)
    return;
  gtk_label_set_text (self->working_label, _("The connection to the server is slow. Still trying…"));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), TRUE);
}

static void
take (LoketKioskWindow *self, const char *priority, gboolean from_tile)
{
  if (self->service_id == NULL)
    return;
  self->from_tile = from_tile;
  g_clear_pointer (&self->notice, g_free);
  /* One take at a time: a double tap is not two tickets. */
  loket_kiosk_flow_take (self->flow, self->service_id, priority);
}

/* ---- actions ----------------------------------------------------------- */

static void
action_open_service (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskWindow *self = user_data;
  const char *id = g_variant_get_string (param, NULL);

  if (find_service (self, id) == NULL)
    {
      g_warning ("no service “%s”", id);
      return;
    }
  g_free (self->service_id);
  self->service_id = g_strdup (id);
  g_clear_pointer (&self->notice, g_free);
  /* Unavailable as far as this kiosk knows: the server is the judge
   * (see the top of this file).  Offline (the tiles are then disabled,
   * but an action may still come) the charter page says why. */
  if (!json_object_get_boolean_member_with_default (find_service (self, id), "available", FALSE) &&
      is_online (self) && g_str_equal (current_page (self), "home"))
    {
      take (self, NULL, TRUE);
      return;
    }
  update_detail (self);
  show_page (self, "detail");
}

static void
action_take_ticket (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskWindow *self = user_data;
  JsonObject *s = find_service (self, self->service_id);

  if (s == NULL || !g_str_equal (current_page (self), "detail"))
    return;
  if (json_object_has_member (s, "priority_groups") &&
      json_array_get_length (json_object_get_array_member (s, "priority_groups")) > 0)
    {
      update_priority (self);
      show_page (self, "priority");
    }
  else
    take (self, NULL, FALSE);
}

/* The answer to the priority question; only where it was asked. */
static void
action_take (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  if (g_str_equal (current_page (self), "priority"))
    take (self, g_variant_get_string (param, NULL), FALSE);
}

static void
action_home (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  if (loket_kiosk_flow_get_state (self->flow) == LOKET_KIOSK_FLOW_TAKING ||
      loket_kiosk_complaint_view_busy (self->complaint_view))
    return;
  g_clear_pointer (&self->service_id, g_free);
  g_clear_pointer (&self->notice, g_free);
  self->from_tile = FALSE;
  set_state (self, "refusal", g_variant_new_string (""));
  show_page (self, "home");
  /* The next citizen starts in the office's language. */
  g_action_group_activate_action (G_ACTION_GROUP (self), "language",
                                  g_variant_new_string (loket_kiosk_application_get_default_language (self->application)));
}

static void
action_back (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  if (g_str_equal (current_page (self), "priority"))
    show_page (self, "detail");
  else
    g_action_group_activate_action (G_ACTION_GROUP (self), "home", NULL);
}

/* The citizen stops waiting for a slow server.  The request may still
 * have been applied; if so the number exists without its citizen, and
 * the clerk will mark it a no-show — a trace, not a loss. */
static void
action_cancel (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  loket_kiosk_flow_cancel (self->flow);
}

/* The same ticket again, after its print failed; marked as a reprint. */
static void
action_reprint (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  if (loket_kiosk_flow_reprint (self->flow))
    g_clear_handle_id (&self->idle_source, g_source_remove);
}

/* The complaint screens, from the start; about the service being looked
 * at, if any. */
static void
action_complaint (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  if (loket_kiosk_complaint_view_busy (self->complaint_view))
    return;
  loket_kiosk_complaint_view_start (self->complaint_view, self->service_id);
  show_page (self, "complaint");
}

static void
action_switch_language (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskWindow *self = user_data;
  const char *next = g_str_equal (loket_i18n_get_language (), "id") ? "en" : "id";

  g_action_group_activate_action (G_ACTION_GROUP (self), "language", g_variant_new_string (next));
}

static void
change_language (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  if (!loket_i18n_set_language (g_variant_get_string (value, NULL)))
    return;
  g_simple_action_set_state (action, value);
  retranslate (self);
}

static const GActionEntry actions[] = {
  { "open-service", action_open_service, "s" },
  { "take-ticket", action_take_ticket },
  { "take", action_take, "s" },
  { "home", action_home },
  { "back", action_back },
  { "cancel", action_cancel },
  { "reprint", action_reprint },
  { "complaint", action_complaint },
  { "switch-language", action_switch_language },
  { "language", NULL, "s", "'id'", change_language },
  { "online", NULL, NULL, "false", loket_app_state_read_only },
  { "page", NULL, NULL, "'home'", loket_app_state_read_only },
  { "ticket", NULL, NULL, "''", loket_app_state_read_only },
  { "print-state", NULL, NULL, "''", loket_app_state_read_only },
  { "refusal", NULL, NULL, "''", loket_app_state_read_only },
  { "flow", NULL, NULL, "'idle'", loket_app_state_read_only },
  { "waiting", NULL, NULL, "0", loket_app_state_read_only },
};

/* ---- texts ------------------------------------------------------------- */

static void
retranslate (LoketKioskWindow *self)
{
  gboolean english = g_str_equal (loket_i18n_get_language (), "en");

  gtk_button_set_label (self->language_button, english ? "Bahasa Indonesia" : "English");
  gtk_label_set_text (self->offline_label,
                      _("No connection to the queue server. Tickets cannot be taken right now; "
                        "please wait a moment or ask a clerk."));
  gtk_label_set_text (self->home_title, _("Choose a service"));
  gtk_label_set_text (self->home_hint, _("Touch a service to see what you need to bring and how long it takes."));
  gtk_button_set_label (self->detail_back, _("Back"));
  gtk_button_set_label (self->take_button, _("Take a number"));
  gtk_label_set_text (self->priority_title, _("Do you belong to a priority group?"));
  gtk_label_set_text (self->priority_note,
                      _("The law (UU 25/2009, Art. 29) gives these groups priority. "
                        "A clerk will check it at the counter."));
  gtk_button_set_label (self->priority_back, _("Back"));
  gtk_button_set_label (self->regular_button, _("No, regular queue"));
  gtk_button_set_label (self->cancel_button, _("Stop waiting"));
  gtk_label_set_text (self->ticket_title, _("Your number"));
  gtk_button_set_label (self->reprint_button, _("Print again"));
  gtk_button_set_label (self->done_button, _("Done"));
  gtk_button_set_label (self->refused_button, _("Back to the services"));
  gtk_button_set_label (self->complaint_button, _("Complaint"));
  loket_kiosk_complaint_view_retranslate (self->complaint_view);
  update_office (self);
  update_tiles (self);
  update_detail (self);
  update_priority (self);
  update_ticket (self);
  update_refused (self);
}

/* ---- life cycle -------------------------------------------------------- */

static void
loket_kiosk_window_dispose (GObject *object)
{
  LoketKioskWindow *self = LOKET_KIOSK_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->orientation_source, g_source_remove);
  if (self->flow != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->flow, self);
      loket_kiosk_flow_cancel (self->flow);
      g_clear_object (&self->flow);
    }
  g_clear_object (&self->complaint);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (loket_kiosk_application_get_subscriber (self->application), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_KIOSK_WINDOW);
  G_OBJECT_CLASS (loket_kiosk_window_parent_class)->dispose (object);
}

static void
loket_kiosk_window_finalize (GObject *object)
{
  LoketKioskWindow *self = LOKET_KIOSK_WINDOW (object);

  g_clear_pointer (&self->office, json_object_unref);
  g_free (self->service_id);
  g_free (self->notice);
  g_free (self->print_state);
  G_OBJECT_CLASS (loket_kiosk_window_parent_class)->finalize (object);
}

/* A portrait kiosk has one column of tiles, a landscape one two: set
 * after the allocation that tells which, never during it. */
static gboolean
apply_orientation (gpointer user_data)
{
  LoketKioskWindow *self = user_data;

  self->orientation_source = 0;
  gtk_flow_box_set_min_children_per_line (self->tiles, self->landscape ? 2 : 1);
  gtk_flow_box_set_max_children_per_line (self->tiles, self->landscape ? 2 : 1);
  return G_SOURCE_REMOVE;
}

static void
loket_kiosk_window_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LoketKioskWindow *self = LOKET_KIOSK_WINDOW (widget);
  gboolean landscape = width > height;

  GTK_WIDGET_CLASS (loket_kiosk_window_parent_class)->size_allocate (widget, width, height, baseline);
  if (landscape != self->landscape && self->orientation_source == 0)
    {
      self->landscape = landscape;
      self->orientation_source = g_idle_add (apply_orientation, self);
    }
}

static void
loket_kiosk_window_class_init (LoketKioskWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->size_allocate = loket_kiosk_window_size_allocate;
  G_OBJECT_CLASS (klass)->dispose = loket_kiosk_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_kiosk_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/loket/Kiosk/loket-kiosk-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketKioskWindow, name)
  BIND (refused_title); BIND (refused_service); BIND (refused_reason); BIND (refused_note);
  BIND (refused_button); BIND (office_label); BIND (address_label); BIND (clock_label); BIND (language_button);
  BIND (offline_revealer); BIND (offline_label); BIND (stack); BIND (home_title); BIND (home_hint);
  BIND (tiles); BIND (detail_series); BIND (detail_name); BIND (detail_grid); BIND (detail_notice);
  BIND (detail_back); BIND (take_button); BIND (priority_title); BIND (priority_note);
  BIND (priority_buttons); BIND (priority_back); BIND (regular_button); BIND (working_spinner);
  BIND (working_label); BIND (cancel_button); BIND (ticket_title); BIND (ticket_number);
  BIND (ticket_service); BIND (ticket_figures); BIND (ticket_status); BIND (reprint_button);
  BIND (done_button);
  BIND (values_label); BIND (complaint_button);
#undef BIND
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

static void
loket_kiosk_window_init (LoketKioskWindow *self)
{
  GtkEventController *input = gtk_event_controller_legacy_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->print_state = g_strdup ("");
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect (input, "event", G_CALLBACK (on_any_input), self);
  gtk_widget_add_controller (GTK_WIDGET (self), input);
  self->clock_source = g_timeout_add_seconds (1, update_clock, self);
}

LoketKioskWindow *
loket_kiosk_window_new (LoketKioskApplication *application)
{
  LoketKioskWindow *self = g_object_new (LOKET_TYPE_KIOSK_WINDOW, "application", application, NULL);
  LoketSubscriber *subscriber = loket_kiosk_application_get_subscriber (application);

  self->application = application;
  self->flow = loket_kiosk_flow_new (loket_kiosk_application_get_client (application),
                                     loket_kiosk_application_get_printer (application),
                                     loket_kiosk_application_get_print_dir (application),
                                     loket_kiosk_application_get_media_width (application));
  g_signal_connect (self->flow, "notify::state", G_CALLBACK (on_flow_state), self);
  self->complaint = loket_kiosk_complaint_new (loket_kiosk_application_get_client (application),
                                               loket_kiosk_application_get_printer (application),
                                               loket_kiosk_application_get_print_dir (application),
                                               loket_kiosk_application_get_media_width (application));
  g_signal_connect (self->complaint, "notify::state", G_CALLBACK (on_complaint_state), self);
  self->complaint_view = loket_kiosk_complaint_view_new (G_ACTION_MAP (self), self->complaint);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->complaint_view), "complaint");
  g_signal_connect (self->flow, "notify::attempts", G_CALLBACK (on_flow_attempts), self);
  g_signal_connect (subscriber, "snapshot", G_CALLBACK (on_snapshot), self);
  g_signal_connect (subscriber, "event", G_CALLBACK (on_event), self);
  g_signal_connect (subscriber, "notify::online", G_CALLBACK (on_online_changed), self);
  g_action_group_activate_action (G_ACTION_GROUP (self), "language",
                                  g_variant_new_string (loket_kiosk_application_get_default_language (application)));
  on_online_changed (subscriber, NULL, self);
  retranslate (self);
  refresh_services (self);
  return self;
}
