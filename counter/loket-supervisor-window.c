/* loket-supervisor-window.c — the supervisor's screen.
 *
 * A sign-in page (the supervisor's key is the authority, the PIN names the
 * person the server records the acts under), then the whole office at a
 * glance: every counter live (its clerk, its state, the ticket in hand and
 * how long, or why and since when it is paused, the services it calls),
 * the citizens waiting per service against the charter's promise, and the
 * alerts that need a person (loket-supervision.c decides which).  A
 * second page shows the report against the charter over a day up to a
 * year (REPORT, asked for and shown by LoketReportView) and saves it as
 * PDF or CSV.  A third page holds the complaints (LoketComplaintsView:
 * the open ones with their clocks, one in full with the acts on it, and
 * filing on a citizen's behalf); its header button counts the overdue
 * ones, and the list is asked again on every COMPLAINED or
 * COMPLAINT_MOVED event and every half minute.  Three acts belong to a supervisor: voiding a ticket,
 * printing one again at a kiosk (REPRINT; one click from the alert of a
 * ticket whose paper failed) and changing the services a counter calls,
 * each with a reason the server writes into its event log.
 *
 * What it shows of the office comes from the office model
 * (LoketOfficeModel, the Clone-pattern snapshot plus events), as on the
 * board and the clerk's screen: the counters' and the services' lists are
 * bound to the model's lists, a counter's row follows its item's
 * "notify", a service's row is shown its waits in place, and the alerts
 * list is made anew only when the alerts say something new.  An act's
 * reply changes nothing here: its event does, through the model.  A
 * kiosk's device reports are events only when they change, so the
 * subscriber fetches a fresh snapshot every half minute to notice a kiosk
 * that went silent.
 *
 * Read-only state actions ("page", "clock", "online", "supervisor",
 * "counters", "services", "waiting", "alerts", "report", "report-charts",
 * "report-skm" (the survey's index per service, the office's last),
 * "complaints", "complaints-overdue", "complaint", "complaint-filed",
 * "report-saved", "sheet", "error") let the tests, and a screen reader,
 * follow what it shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-supervisor"

#include "config.h"

#include "loket-app.h"
#include "loket-complaints-view.h"
#include "loket-error.h"
#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-report-view.h"
#include "loket-supervision.h"
#include "loket-supervisor-rows.h"
#include "loket-supervisor-window.h"
#include "loket-timer-labels.h"

#include <glib/gi18n-lib.h>

/* How often device reports are fetched again (see refresh ()). */
#define SNAPSHOT_REFRESH_SECONDS 30

typedef enum {
  SHEET_NONE,
  SHEET_VOID,
  SHEET_SERVICES,
  SHEET_REPRINT,
} SheetKind;

struct _LoketSupervisorWindow
{
  AdwApplicationWindow  parent_instance;

  LoketCounterApplication *application;
  LoketOfficeModel *model;      /* the office, as the server says */
  char         *supervisor;     /* signed in, or NULL */
  char         *supervisor_name;
  gboolean      busy;
  gboolean      online;
  LoketRetry    retry;
  SheetKind     sheet_kind;
  char         *sheet_counter;
  GPtrArray    *sheet_checks;   /* GtkCheckButton *, one per service */
  guint         tick_source;
  guint         refresh_source;
  guint         update_source;
  LoketTimerLabels *timers;     /* the rows' running timers */
  char         *alerts_shown;   /* what the alerts list says */

  AdwWindowTitle  *title;
  GtkLabel        *clock_label;
  GtkButton       *page_button;
  GtkButton       *complaints_button;
  LoketComplaintsView *complaints_view;
  LoketReportView *report_view;
  GtkFileChooserNative *save_dialog;
  GtkWidget       *void_button;
  GtkWidget       *reprint_button;
  GtkWidget       *logout_button;
  GtkWidget       *offline_banner;
  AdwToastOverlay *toasts;
  GtkStack        *pages;
  GtkLabel        *office_label;
  AdwEntryRow     *clerk_row;
  AdwEntryRow     *pin_row;
  GtkLabel        *login_error;
  GtkLabel        *counters_title;
  GtkListBox      *counters_list;
  GtkLabel        *services_title;
  GtkListBox      *services_list;
  GtkLabel        *alerts_title;
  GtkListBox      *alerts_list;
  GtkWidget       *sheet;
  GtkLabel        *sheet_title;
  GtkEntry        *sheet_ticket;
  GtkDropDown     *sheet_choice;
  GtkBox          *sheet_services;
  GtkEntry        *sheet_note;
  GtkButton       *sheet_confirm;
};

G_DEFINE_FINAL_TYPE (LoketSupervisorWindow, loket_supervisor_window, ADW_TYPE_APPLICATION_WINDOW)

/* Why a ticket is voided: the sheet's choices, sent in the office's words. */
static const char * const void_reasons[] = {
  N_("Duplicate ticket"), N_("The citizen left"), N_("Wrong service chosen"), N_("Printed in error"), NULL
};

static void update_all (LoketSupervisorWindow *self);
static void update_complaints_button (LoketSupervisorWindow *self);

/* ---- helpers ----------------------------------------------------------- */

/* For sorting a GPtrArray of strings. */
static gint
compare_strings (const char **a, const char **b)
{
  return g_strcmp0 (*a, *b);
}

/* g_strv_builder_take() is GLib 2.80; Debian 12 has 2.74. */
static void
add_owned (GStrvBuilder *builder, char *line)
{
  g_strv_builder_add (builder, line);
  g_free (line);
}

static void
set_state (LoketSupervisorWindow *self, const char *name, GVariant *value)
{
  loket_app_set_state (G_ACTION_MAP (self), name, value);
}

static void
set_strv_state (LoketSupervisorWindow *self, const char *name, GStrvBuilder *builder)
{
  g_auto(GStrv) list = g_strv_builder_end (builder);

  set_state (self, name, g_variant_new_strv ((const char * const *) list, -1));
}

/* ---- talking to the server --------------------------------------------- */

static void
show_error (LoketSupervisorWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toasts, toast);
  set_state (self, "error", g_variant_new_string (message));
}

static void
show_page (LoketSupervisorWindow *self, const char *page)
{
  gtk_stack_set_visible_child_name (self->pages, page);
  set_state (self, "page", g_variant_new_string (page));
}

static void
signed_out (LoketSupervisorWindow *self)
{
  g_clear_pointer (&self->supervisor, g_free);
  loket_complaints_view_set_supervisor (self->complaints_view, NULL);
  set_state (self, "supervisor", g_variant_new_string (""));
  show_page (self, "login");
}

/* What an act changed comes back as its event, which the model applies:
 * the reply only says whether it was done. */
static void
on_act_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketSupervisorWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  self->busy = FALSE;
  loket_retry_answered (&self->retry, error);
  if (reply == NULL)
    {
      show_error (self, error->message);
      /* The server no longer knows this supervisor here (it restarted),
       * or they are no longer a supervisor: sign in again rather than
       * act under nobody's name. */
      if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_AUTH) ||
          g_error_matches (error, LOKET_ERROR, LOKET_ERROR_STAFF_ROLE))
        signed_out (self);
    }
  else
    set_state (self, "error", g_variant_new_string (""));
  update_all (self);
}

/* Sends one act, in the supervisor's name.  @body is consumed. */
static void
send_act (LoketSupervisorWindow *self, const char *type, JsonObject *body)
{
  g_autoptr(JsonObject) owned = body;
  LoketClient *client = loket_counter_application_get_client (self->application);
  const char *req_id;

  if (self->busy || self->supervisor == NULL)
    return;
  json_object_set_string_member (owned, "supervisor", self->supervisor);
  req_id = loket_retry_req_id (&self->retry, client, type, owned);
  self->busy = TRUE;
  update_all (self);
  loket_client_request_async (client, type, owned, req_id, NULL, on_act_reply, g_object_ref (self));
}

static gboolean
showing_report (LoketSupervisorWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "report") == 0;
}

/* A kiosk repeats its printer's state every minute, but only a change is
 * an event: one that went silent shows only in a snapshot's device
 * reports.  The subscriber asks for one now and then, and the model
 * takes it as any snapshot (what did not change stays untouched). */
static gboolean
refresh (gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;

  if (!self->online || self->supervisor == NULL)
    return G_SOURCE_CONTINUE;
  loket_subscriber_refresh (loket_counter_application_get_subscriber (self->application));
  if (showing_report (self))
    loket_report_view_refresh (self->report_view);
  /* The clocks move with the day, not only with events. */
  loket_complaints_view_refresh (self->complaints_view);
  return G_SOURCE_CONTINUE;
}

/* ---- what the screen shows --------------------------------------------- */

static GtkWidget *
create_counter_row (gpointer item, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;

  return loket_supervisor_counter_row_new (self->model, self->timers, item);
}

static GtkWidget *
create_service_row (gpointer item, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;

  return loket_supervisor_service_row_new (self->model, self->timers, item);
}

/* The counters' heading and state; their rows follow their items. */
static void
update_counters (LoketSupervisorWindow *self)
{
  GListModel *counters = loket_office_model_get_counters (self->model);
  guint n = g_list_model_get_n_items (counters), staffed = 0;
  g_autoptr(GStrvBuilder) states = g_strv_builder_new ();
  g_autofree char *title = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketCounterItem) counter = g_list_model_get_item (counters, i);
      const char *clerk = loket_counter_item_get_clerk (counter);
      const char *number = loket_counter_item_get_ticket_number (counter);

      if (g_strcmp0 (loket_counter_item_get_state (counter), "closed") != 0 && clerk != NULL)
        staffed++;
      add_owned (states, g_strdup_printf ("%s %s %s %s", loket_counter_item_get_id (counter),
                                          loket_supervisor_counter_class (self->model, counter),
                                          clerk ? clerk : "-", number ? number : "-"));
    }
  /* Translators: the heading of the counters on the supervisor's screen. */
  title = g_strdup_printf (_("Counters: %u of %u staffed"), staffed, n);
  gtk_label_set_text (self->counters_title, title);
  set_strv_state (self, "counters", states);
}

/* Each service's row shown its waits, in place; the heading and state. */
static void
update_services (LoketSupervisorWindow *self, gint64 now, GArray *waits)
{
  GListModel *waiting = loket_office_model_get_waiting (self->model);
  g_autoptr(GStrvBuilder) states = g_strv_builder_new ();
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
  g_autofree char *title = NULL;
  guint total = 0;

  for (guint i = 0; i < waits->len; i++)
    {
      LoketServiceWaits *w = &g_array_index (waits, LoketServiceWaits, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->services_list, (int) i);

      total += w->waiting;
      if (row != NULL && loket_supervisor_service_row_get_item (GTK_WIDGET (row)) == w->item)
        loket_supervisor_service_row_show (GTK_WIDGET (row), w, now);
      add_owned (states, g_strdup_printf ("%s %u %u", w->service, w->waiting, w->overdue));
    }
  for (guint i = 0; i < g_list_model_get_n_items (waiting); i++)
    {
      g_autoptr(LoketTicketItem) ticket = g_list_model_get_item (waiting, i);

      g_ptr_array_add (numbers, (gpointer) loket_ticket_item_get_number (ticket));
    }
  g_ptr_array_sort (numbers, (GCompareFunc) compare_strings);
  for (guint i = 0; i < numbers->len; i++)
    g_strv_builder_add (shown, numbers->pdata[i]);
  /* Translators: the heading of the waits per service. */
  title = g_strdup_printf (ngettext ("Waiting: %u citizen, against the charter's promise",
                                     "Waiting: %u citizens, against the charter's promise", total), total);
  gtk_label_set_text (self->services_title, title);
  set_strv_state (self, "services", states);
  set_strv_state (self, "waiting", shown);
}

/* Everything the alerts say: the list is made anew only when it changed
 * (a new alert, or a minute more in one). */
static char *
alerts_fingerprint (GPtrArray *alerts)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < alerts->len; i++)
    {
      LoketAlert *alert = g_ptr_array_index (alerts, i);

      g_string_append_printf (text, "%d %" G_GINT64_FORMAT " %s\n", alert->severe, alert->since, alert->message);
    }
  return g_string_free (text, FALSE);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_alerts (LoketSupervisorWindow *self, GPtrArray *alerts)
{
  g_autoptr(GStrvBuilder) states = g_strv_builder_new ();
  g_autofree char *shown = alerts_fingerprint (alerts);
  g_autofree char *title = NULL;

  if (self->alerts_shown != NULL && g_str_equal (shown, self->alerts_shown))
    return;
  g_free (self->alerts_shown);
  self->alerts_shown = g_steal_pointer (&shown);
  clear_list (self->alerts_list);
  for (guint i = 0; i < alerts->len; i++)
    {
      LoketAlert *alert = g_ptr_array_index (alerts, i);

      gtk_list_box_append (self->alerts_list, loket_supervisor_alert_row_new (self->model, alert));
      add_owned (states, g_strdup_printf ("%s %s", loket_alert_kind_to_string (alert->kind), alert->subject));
    }
  if (alerts->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("All is well: no printer trouble, nobody past the promise, no long pause."));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      gtk_list_box_append (self->alerts_list, row);
    }
  /* Translators: the heading of the alerts list. */
  title = g_strdup_printf (_("Alerts (%u)"), alerts->len);
  gtk_label_set_text (self->alerts_title, title);
  set_strv_state (self, "alerts", states);
}

static void
enable (LoketSupervisorWindow *self, const char *action, gboolean enabled)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), action)), enabled);
}

static void
update_actions (LoketSupervisorWindow *self)
{
  gboolean ready = self->online && !self->busy && self->supervisor != NULL;

  enable (self, "void", ready);
  enable (self, "void-sheet", ready);
  enable (self, "reprint", ready);
  enable (self, "reprint-sheet", ready);
  enable (self, "counter-services", ready);
  enable (self, "counter-services-sheet", ready);
  enable (self, "logout", ready);
  enable (self, "show", self->supervisor != NULL);
  enable (self, "report-save", self->supervisor != NULL &&
                               loket_report_view_get_report (self->report_view) != NULL);
  enable (self, "report-export", self->supervisor != NULL &&
                                 loket_report_view_get_report (self->report_view) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->page_button), self->supervisor != NULL);
  gtk_button_set_label (self->page_button, showing_report (self) ? _("Back to the office") : _("Report"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->page_button), "s",
                                    showing_report (self) ? "overview" : "report");
  update_complaints_button (self);
  enable (self, "login", self->online && !self->busy);
  enable (self, "login-submit", self->online && !self->busy);
  gtk_widget_set_visible (self->void_button, self->supervisor != NULL);
  gtk_widget_set_visible (self->reprint_button, self->supervisor != NULL);
  gtk_widget_set_visible (self->logout_button, self->supervisor != NULL);
}

/* "Complaints", with the overdue ones counted as an alert; "Back to the
 * office" on the complaints' own page. */
static void
update_complaints_button (LoketSupervisorWindow *self)
{
  guint overdue = loket_complaints_view_get_overdue (self->complaints_view);
  gboolean here = g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "complaints") == 0;
  g_autofree char *label = NULL;

  if (here)
    label = g_strdup (_("Back to the office"));
  else if (overdue > 0)
    /* Translators: the complaints page's button; %u complaints past their deadline. */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Complaints (%u overdue)", "Complaints (%u overdue)",
                                          overdue), overdue);
  else
    label = g_strdup (_("Complaints"));
  gtk_button_set_label (self->complaints_button, label);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->complaints_button), "s", here ? "overview" : "complaints");
  gtk_widget_set_visible (GTK_WIDGET (self->complaints_button), self->supervisor != NULL);
  if (overdue > 0 && !here)
    gtk_widget_add_css_class (GTK_WIDGET (self->complaints_button), "destructive-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->complaints_button), "destructive-action");
}

static void
update_title (LoketSupervisorWindow *self)
{
  const char *office = loket_office_model_get_label (self->model);

  gtk_label_set_text (self->office_label, office ? office : "");
  adw_window_title_set_subtitle (self->title, self->supervisor ? (self->supervisor_name ?: self->supervisor)
                                                                : (office ? office : ""));
}

/* Judges the office as of now (loket-supervision.c) and shows it: the
 * rows change in place, the alerts only when they say something new. */
static void
update_all (LoketSupervisorWindow *self)
{
  LoketSupervisionState state = {
    .services = loket_office_model_get_services (self->model),
    .counters = loket_office_model_get_counters (self->model),
    .pause_reasons = loket_office_model_get_pause_reasons (self->model),
    .devices = loket_office_model_get_devices (self->model),
    .waiting = loket_office_model_get_waiting (self->model),
    .active = loket_office_model_get_active (self->model),
    .complaints = loket_complaints_view_get_list (self->complaints_view),
    .now = g_get_real_time (),
  };
  g_autoptr(GArray) waits = loket_supervision_service_waits (&state);
  g_autoptr(GPtrArray) alerts = loket_supervision_alerts (&state);

  update_title (self);
  update_counters (self);
  update_services (self, state.now, waits);
  update_alerts (self, alerts);
  update_actions (self);
}

static gboolean
update_idle (gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;

  self->update_source = 0;
  update_all (self);
  return G_SOURCE_REMOVE;
}

/* Events come in bursts (a call, then its start): judged once after. */
static void
queue_update (LoketSupervisorWindow *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add (update_idle, self);
}

/* The office's clock, in its time zone once the model knows it. */
static void
update_clock (LoketSupervisorWindow *self)
{
  g_autofree char *text = loket_office_model_format_time (self->model, g_get_real_time (), "%H:%M");

  gtk_label_set_text (self->clock_label, text);
  set_state (self, "clock", g_variant_new_string (text));
}

static gboolean
tick (gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;

  update_clock (self);
  if (self->supervisor != NULL)
    {
      loket_timer_labels_update (self->timers, g_get_real_time ());
      update_all (self);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- the server's state ------------------------------------------------ */

static void
on_model_changed (LoketSupervisorWindow *self)
{
  queue_update (self);
}

static void
on_online_changed (LoketOfficeModel *model, GParamSpec *pspec, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;

  self->online = loket_office_model_get_online (model);
  gtk_widget_set_visible (self->offline_banner, !self->online);
  if (pspec != NULL)
    g_message (self->online ? "server reachable" : "server unreachable; acts disabled");
  set_state (self, "online", g_variant_new_boolean (self->online));
  update_all (self);
}

/* ---- signing in -------------------------------------------------------- */

static void
on_login_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketSupervisorWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  self->busy = FALSE;
  if (reply == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_AUTH))
        message = g_strdup (_("Unknown staff ID or wrong PIN. After five wrong PINs this PC must wait a minute."));
      /* The PIN was right and the person is a clerk: say that, not "wrong PIN". */
      else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_STAFF_ROLE))
        /* Translators: %s is the staff ID typed at the sign-in. */
        message = g_strdup_printf (_("%s is a clerk. Only a supervisor or the head of office can sign in on this PC."),
                                   self->supervisor);
      else
        message = g_strdup (error->message);
      g_message ("supervisor sign-in refused: %s", error->message);
      g_clear_pointer (&self->supervisor, g_free);
      gtk_label_set_text (self->login_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->login_error), TRUE);
      set_state (self, "error", g_variant_new_string (error->message));
    }
  else
    {
      g_free (self->supervisor_name);
      self->supervisor_name = g_strdup (loket_json_optional_string (reply, "clerk_name"));
      g_message ("supervisor %s signed in", self->supervisor);
      gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
      gtk_widget_set_visible (GTK_WIDGET (self->login_error), FALSE);
      set_state (self, "supervisor", g_variant_new_string (self->supervisor));
      set_state (self, "error", g_variant_new_string (""));
      loket_complaints_view_set_supervisor (self->complaints_view, self->supervisor);
      loket_complaints_view_refresh (self->complaints_view);
      show_page (self, "overview");
    }
  update_all (self);
}

static void
login (LoketSupervisorWindow *self, const char *clerk, const char *pin)
{
  g_autoptr(JsonObject) body = loket_json_object_new_with ("clerk", clerk, "pin", pin, NULL);

  if (self->busy)
    return;
  g_free (self->supervisor);
  self->supervisor = g_strdup (clerk);
  self->busy = TRUE;
  update_actions (self);
  loket_client_request_async (loket_counter_application_get_client (self->application), "LOGIN", body,
                              NULL, NULL, on_login_reply, g_object_ref (self));
}

static void
action_login (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *clerk, *pin;

  g_variant_get (param, "(&s&s)", &clerk, &pin);
  login (user_data, clerk, pin);
}

static void
action_login_submit (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;

  login (self, gtk_editable_get_text (GTK_EDITABLE (self->clerk_row)),
         gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
}

static void
on_pin_activated (LoketSupervisorWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.login-submit", NULL);
}

static void
on_logout_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketSupervisorWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  self->busy = FALSE;
  /* Signed out either way: a server that forgot the sign-in has nothing
   * to end. */
  if (reply == NULL)
    g_message ("sign-out: %s", error->message);
  g_message ("supervisor %s signed out", self->supervisor);
  signed_out (self);
  update_all (self);
}

static void
action_logout (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;

  self->busy = TRUE;
  loket_client_request_async (loket_counter_application_get_client (self->application), "LOGOUT", NULL,
                              NULL, NULL, on_logout_reply, g_object_ref (self));
}

/* ---- the acts ---------------------------------------------------------- */

static void
action_void (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *ticket, *reason;

  g_variant_get (param, "(&s&s)", &ticket, &reason);
  send_act (user_data, "VOID", loket_json_object_new_with ("ticket", ticket, "reason", reason, NULL));
}

/* (ticket, kiosk, reason): the kiosk "" is the one that issued it. */
static void
action_reprint (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *ticket, *kiosk, *reason;
  JsonObject *body;

  g_variant_get (param, "(&s&s&s)", &ticket, &kiosk, &reason);
  body = loket_json_object_new_with ("ticket", ticket, NULL);
  if (*kiosk != '\0')
    json_object_set_string_member (body, "kiosk", kiosk);
  if (*reason != '\0')
    json_object_set_string_member (body, "reason", reason);
  send_act (user_data, "REPRINT", body);
}

static void
action_counter_services (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autofree const char **services = NULL;
  const char *counter, *reason;
  JsonObject *body;
  JsonArray *array = json_array_new ();

  g_variant_get (param, "(&s^a&s&s)", &counter, &services, &reason);
  for (guint i = 0; services[i] != NULL; i++)
    json_array_add_string_element (array, services[i]);
  body = loket_json_object_new_with ("counter", counter, NULL);
  json_object_set_array_member (body, "services", array);
  if (*reason != '\0')
    json_object_set_string_member (body, "reason", reason);
  send_act (user_data, "COUNTER_SERVICES", body);
}

/* ---- the sheet --------------------------------------------------------- */

static void
open_sheet (LoketSupervisorWindow *self, SheetKind kind, const char *title, const char *note_hint,
            const char *confirm)
{
  self->sheet_kind = kind;
  gtk_label_set_text (self->sheet_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_ticket), kind != SHEET_SERVICES);
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_choice), kind != SHEET_SERVICES);
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_services), kind == SHEET_SERVICES);
  gtk_editable_set_text (GTK_EDITABLE (self->sheet_note), "");
  gtk_entry_set_placeholder_text (self->sheet_note, note_hint);
  gtk_widget_remove_css_class (GTK_WIDGET (self->sheet_note), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sheet_ticket), "error");
  gtk_button_set_label (self->sheet_confirm, confirm);
  gtk_widget_remove_css_class (GTK_WIDGET (self->sheet_confirm), "suggested-action");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sheet_confirm), "destructive-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->sheet_confirm),
                            kind == SHEET_VOID ? "destructive-action" : "suggested-action");
  gtk_widget_set_visible (self->sheet, TRUE);
  set_state (self, "sheet", g_variant_new_string (kind == SHEET_VOID ? "void"
                                                  : kind == SHEET_REPRINT ? "reprint" : "services"));
}

static void
close_sheet (LoketSupervisorWindow *self)
{
  self->sheet_kind = SHEET_NONE;
  gtk_widget_set_visible (self->sheet, FALSE);
  set_state (self, "sheet", g_variant_new_string (""));
  update_all (self);
}

static void
action_void_sheet (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;
  const char *number = g_variant_get_string (param, NULL);
  g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
  g_auto(GStrv) choices = NULL;
  g_autoptr(GtkStringList) model = NULL;

  for (guint i = 0; void_reasons[i] != NULL; i++)
    g_strv_builder_add (shown, _(void_reasons[i]));
  choices = g_strv_builder_end (shown);
  model = gtk_string_list_new ((const char * const *) choices);
  gtk_drop_down_set_model (self->sheet_choice, G_LIST_MODEL (model));
  gtk_editable_set_text (GTK_EDITABLE (self->sheet_ticket), number);
  open_sheet (self, SHEET_VOID,
              _("Void a ticket. It leaves every waiting list and cannot be called again; the reason is recorded."),
              _("Details (optional)"), _("Void ticket"));
  gtk_widget_grab_focus (GTK_WIDGET (self->sheet_ticket));
}

/* The kiosks that can print: those whose printer reports, by id; the
 * dropdown's first choice is the kiosk that issued the ticket. */
static GtkStringList *
reprint_kiosks (LoketSupervisorWindow *self)
{
  GListModel *devices = loket_office_model_get_devices (self->model);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  GtkStringList *shown = gtk_string_list_new (NULL);
  GStrv kiosks;

  gtk_string_list_append (shown, _("At the kiosk that issued it"));
  g_strv_builder_add (ids, "");
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(LoketDeviceItem) d = g_list_model_get_item (devices, i);
      const char *id = loket_device_item_get_device (d);
      g_autofree char *label = NULL;

      if (g_strcmp0 (loket_device_item_get_component (d), "printer") != 0 || id == NULL)
        continue;
      /* Translators: a kiosk to print at; %s is its id, %s its printer's state. */
      label = g_strdup_printf (_("At %s (printer: %s)"), id, loket_device_item_get_state (d));
      gtk_string_list_append (shown, label);
      g_strv_builder_add (ids, id);
    }
  kiosks = g_strv_builder_end (ids);
  g_object_set_data_full (G_OBJECT (shown), "kiosks", kiosks, (GDestroyNotify) g_strfreev);
  return shown;
}

static void
action_reprint_sheet (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;
  g_autoptr(GtkStringList) kiosks = reprint_kiosks (self);

  gtk_drop_down_set_model (self->sheet_choice, G_LIST_MODEL (kiosks));
  gtk_drop_down_set_selected (self->sheet_choice, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->sheet_ticket), g_variant_get_string (param, NULL));
  open_sheet (self, SHEET_REPRINT,
              _("Print a ticket again: the same number and place in the queue, marked as a reprint; the reason is recorded."),
              _("Reason (e.g. the citizen lost it)"), _("Print again"));
  gtk_widget_grab_focus (GTK_WIDGET (self->sheet_ticket));
}

static void
action_counter_services_sheet (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;
  const char *counter_id = g_variant_get_string (param, NULL);
  LoketCounterItem *counter = loket_office_model_lookup_counter (self->model, counter_id);
  GListModel *services = loket_office_model_get_services (self->model);
  const char * const *calls;
  GtkWidget *child;
  g_autofree char *title = NULL;

  if (counter == NULL)
    return;
  calls = loket_counter_item_get_services (counter);
  g_free (self->sheet_counter);
  self->sheet_counter = g_strdup (counter_id);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sheet_services))) != NULL)
    gtk_box_remove (self->sheet_services, child);
  g_ptr_array_set_size (self->sheet_checks, 0);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(LoketServiceItem) s = g_list_model_get_item (services, i);
      const char *id = loket_service_item_get_id (s);
      GtkWidget *check = gtk_check_button_new_with_label (loket_service_item_get_label (s));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), calls != NULL && g_strv_contains (calls, id));
      g_object_set_data_full (G_OBJECT (check), "service", g_strdup (id), g_free);
      gtk_box_append (self->sheet_services, check);
      g_ptr_array_add (self->sheet_checks, check);
    }
  /* Translators: the title of the sheet changing a counter's services. */
  title = g_strdup_printf (_("Services %s calls. The change holds until changed again, and is recorded."),
                           loket_counter_item_get_name (counter));
  open_sheet (self, SHEET_SERVICES, title, _("Reason (e.g. the KK queue is long)"), _("Change"));
}

static void
confirm_void (LoketSupervisorWindow *self, const char *note)
{
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sheet_ticket))));
  guint selected = gtk_drop_down_get_selected (self->sheet_choice);
  const char *reason = selected < g_strv_length ((char **) void_reasons) ? void_reasons[selected] : "";
  g_autofree char *text = *note ? g_strdup_printf ("%s: %s", _(reason), note) : g_strdup (_(reason));

  if (*number == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->sheet_ticket), "error");
      return;
    }
  close_sheet (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.void", "(ss)", number, text);
}

static void
confirm_reprint (LoketSupervisorWindow *self, const char *note)
{
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sheet_ticket))));
  GListModel *choices = gtk_drop_down_get_model (self->sheet_choice);
  const char * const *kiosks = choices ? g_object_get_data (G_OBJECT (choices), "kiosks") : NULL;
  guint selected = gtk_drop_down_get_selected (self->sheet_choice);
  const char *kiosk = kiosks && selected < g_strv_length ((char **) kiosks) ? kiosks[selected] : "";

  if (*number == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->sheet_ticket), "error");
      return;
    }
  close_sheet (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reprint", "(sss)", number, kiosk, note);
}

static void
confirm_services (LoketSupervisorWindow *self, const char *note)
{
  g_autoptr(GStrvBuilder) chosen = g_strv_builder_new ();
  g_auto(GStrv) services = NULL;
  g_autofree char *counter = g_strdup (self->sheet_counter);

  for (guint i = 0; i < self->sheet_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->sheet_checks, i)))
      g_strv_builder_add (chosen, g_object_get_data (g_ptr_array_index (self->sheet_checks, i), "service"));
  services = g_strv_builder_end (chosen);
  /* A counter calls at least one service; to stop it, its clerk pauses. */
  if (services[0] == NULL)
    {
      show_error (self, _("Choose at least one service."));
      return;
    }
  close_sheet (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.counter-services", "(s^ass)", counter, services, note);
}

static void
action_sheet_confirm (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sheet_note))));

  if (self->sheet_kind == SHEET_VOID)
    confirm_void (self, note);
  else if (self->sheet_kind == SHEET_SERVICES)
    confirm_services (self, note);
  else if (self->sheet_kind == SHEET_REPRINT)
    confirm_reprint (self, note);
}

static void
action_sheet_cancel (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  close_sheet (user_data);
}

static void
on_sheet_activate (LoketSupervisorWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.sheet-confirm", NULL);
}

/* ---- the report -------------------------------------------------------- */

static void
action_show (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;
  const char *page = g_variant_get_string (param, NULL);

  if (!g_str_equal (page, "overview") && !g_str_equal (page, "report") && !g_str_equal (page, "complaints"))
    return;
  show_page (self, page);
  if (g_str_equal (page, "report"))
    loket_report_view_request (self->report_view);
  if (g_str_equal (page, "complaints"))
    loket_complaints_view_refresh (self->complaints_view);
  update_all (self);
}

static void
action_report_by (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;
  LoketReportGrouping grouping;

  if (loket_report_grouping_from_string (g_variant_get_string (param, NULL), &grouping))
    loket_report_view_set_grouping (self->report_view, grouping);
}

/* ("month", "2026-11-01"): the calendar period holding the day; "" for
 * today's. */
static void
action_report_period (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;
  const char *name, *day;
  LoketReportPeriod period;

  g_variant_get (param, "(&s&s)", &name, &day);
  if (loket_report_period_from_string (name, &period))
    loket_report_view_set_period (self->report_view, period, *day ? day : NULL);
}

static void
save_report (LoketSupervisorWindow *self, const char *format_name, GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  LoketReportFormat format;

  if (!loket_report_format_from_string (format_name, &format))
    return;
  if (!loket_report_view_save (self->report_view, format, file, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_message ("report saved as %s", path);
  set_state (self, "report-saved", g_variant_new_string (path ? path : ""));
}

static void
action_report_export (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *format, *path;
  g_autoptr(GFile) file = NULL;

  g_variant_get (param, "(&s&s)", &format, &path);
  file = g_file_new_for_path (path);
  save_report (user_data, format, file);
}

static void
on_save_response (GtkNativeDialog *dialog, int response, LoketSupervisorWindow *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  const char *format = g_object_get_data (G_OBJECT (dialog), "format");

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    save_report (self, format, file);
  g_clear_object (&self->save_dialog);
}

/* Asks where to save (GtkFileDialog is GTK 4.10; Debian 12 has 4.8). */
static void
action_report_save (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;
  const char *format = g_variant_get_string (param, NULL);
  const LoketReport *report = loket_report_view_get_report (self->report_view);
  /* Translators: the file name offered for a saved report; %s is the day. */
  g_autofree char *name = g_strdup_printf (_("report-%s.%s"), report ? report->from : "", format);

  if (self->save_dialog != NULL)
    return;
  self->save_dialog = gtk_file_chooser_native_new (_("Save the report"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("Save"), _("Cancel"));
  g_object_set_data_full (G_OBJECT (self->save_dialog), "format", g_strdup (format), g_free);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_dialog), name);
  g_signal_connect (self->save_dialog, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_dialog));
}

static void
on_report_rows (LoketReportView *view, GParamSpec *pspec, LoketSupervisorWindow *self)
{
  const char * const *rows = loket_report_view_get_rows (view);

  set_state (self, "report-charts", g_variant_new_strv (loket_report_view_get_charts (view), -1));
  set_state (self, "report", g_variant_new_strv (rows, -1));
  update_actions (self);
}

static void
on_skm_rows (LoketSkmView *view, GParamSpec *pspec, LoketSupervisorWindow *self)
{
  set_state (self, "report-skm", g_variant_new_strv (loket_skm_view_get_rows (view), -1));
}

/* ---- complaints -------------------------------------------------------- */

/* From the list, or from an alert on the office's page (a receipt that
 * did not print): the complaints' page, with the complaint. */
static void
action_complaint_open (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketSupervisorWindow *self = user_data;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "complaints") != 0)
    g_action_group_activate_action (G_ACTION_GROUP (self), "show", g_variant_new_string ("complaints"));
  loket_complaints_view_open (self->complaints_view, g_variant_get_string (param, NULL));
}

/* (act, text, public) on the complaint shown; text "" for none. */
static void
action_complaint_step (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *act, *text;
  gboolean is_public;

  g_variant_get (param, "(&s&sb)", &act, &text, &is_public);
  loket_complaints_view_step (LOKET_SUPERVISOR_WINDOW (user_data)->complaints_view, act, text, is_public);
}

static void
action_complaint_new (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  loket_complaints_view_new_complaint (LOKET_SUPERVISOR_WINDOW (user_data)->complaints_view);
}

/* (service, ticket, category, description, name, contact); "" for none. */
static void
action_complaint_file (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *service, *ticket, *category, *description, *name, *contact;

  g_variant_get (param, "(&s&s&s&s&s&s)", &service, &ticket, &category, &description, &name, &contact);
  loket_complaints_view_file (LOKET_SUPERVISOR_WINDOW (user_data)->complaints_view, service, ticket, category,
                              description, name, contact);
}

static void
on_complaints_rows (LoketComplaintsView *view, GParamSpec *pspec, LoketSupervisorWindow *self)
{
  set_state (self, "complaints", g_variant_new_strv (loket_complaints_view_get_rows (view), -1));
  set_state (self, "complaints-overdue", g_variant_new_uint32 (loket_complaints_view_get_overdue (view)));
  update_complaints_button (self);
  queue_update (self);   /* a receipt that did not print is an alert */
}

static void
on_complaint_detail (LoketComplaintsView *view, GParamSpec *pspec, LoketSupervisorWindow *self)
{
  set_state (self, "complaint", g_variant_new_string (loket_complaints_view_get_detail (view)));
}

static void
on_complaint_filed (LoketComplaintsView *view, GParamSpec *pspec, LoketSupervisorWindow *self)
{
  set_state (self, "complaint-filed", g_variant_new_string (loket_complaints_view_get_filed (view)));
}

static void
on_complaints_error (LoketComplaintsView *view, const char *message, LoketSupervisorWindow *self)
{
  show_error (self, message);
}

/* A complaint filed or moved, by anyone, or a paper that failed (a
 * complaint's receipt among them: an alert; rare enough to ask for the
 * list on a ticket's too): the list again. */
static void
on_model_event (LoketSupervisorWindow *self, const char *type)
{
  if (g_strcmp0 (type, "COMPLAINED") == 0 || g_strcmp0 (type, "COMPLAINT_MOVED") == 0 ||
      g_strcmp0 (type, "PRINT_FAILED") == 0)
    loket_complaints_view_refresh (self->complaints_view);
}

/* ---- life cycle -------------------------------------------------------- */

static const GActionEntry actions[] = {
  { "login", action_login, "(ss)" },
  { "login-submit", action_login_submit },
  { "logout", action_logout },
  { "void", action_void, "(ss)" },
  { "counter-services", action_counter_services, "(sass)" },
  { "void-sheet", action_void_sheet, "s" },
  { "reprint", action_reprint, "(sss)" },
  { "reprint-sheet", action_reprint_sheet, "s" },
  { "counter-services-sheet", action_counter_services_sheet, "s" },
  { "sheet-confirm", action_sheet_confirm },
  { "show", action_show, "s" },
  { "report-by", action_report_by, "s" },
  { "report-period", action_report_period, "(ss)" },
  { "report-save", action_report_save, "s" },
  { "report-export", action_report_export, "(ss)" },
  { "sheet-cancel", action_sheet_cancel },
  { "complaint-open", action_complaint_open, "s" },
  { "complaint-step", action_complaint_step, "(ssb)" },
  { "complaint-new", action_complaint_new },
  { "complaint-file", action_complaint_file, "(ssssss)" },
  /* Read-only states, for tests and assistive technology. */
  { "page", NULL, NULL, "'login'", loket_app_state_read_only },
  { "clock", NULL, NULL, "''", loket_app_state_read_only },
  { "online", NULL, NULL, "false", loket_app_state_read_only },
  { "supervisor", NULL, NULL, "''", loket_app_state_read_only },
  { "counters", NULL, NULL, "@as []", loket_app_state_read_only },
  { "services", NULL, NULL, "@as []", loket_app_state_read_only },
  { "waiting", NULL, NULL, "@as []", loket_app_state_read_only },
  { "alerts", NULL, NULL, "@as []", loket_app_state_read_only },
  { "report", NULL, NULL, "@as []", loket_app_state_read_only },
  { "report-charts", NULL, NULL, "@as []", loket_app_state_read_only },
  { "report-skm", NULL, NULL, "@as []", loket_app_state_read_only },
  { "report-saved", NULL, NULL, "''", loket_app_state_read_only },
  { "complaints", NULL, NULL, "@as []", loket_app_state_read_only },
  { "complaints-overdue", NULL, NULL, "@u 0", loket_app_state_read_only },
  { "complaint", NULL, NULL, "''", loket_app_state_read_only },
  { "complaint-filed", NULL, NULL, "''", loket_app_state_read_only },
  { "sheet", NULL, NULL, "''", loket_app_state_read_only },
  { "error", NULL, NULL, "''", loket_app_state_read_only },
};

static void
loket_supervisor_window_dispose (GObject *object)
{
  LoketSupervisorWindow *self = LOKET_SUPERVISOR_WINDOW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->update_source, g_source_remove);
  g_clear_object (&self->save_dialog);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_SUPERVISOR_WINDOW);
  G_OBJECT_CLASS (loket_supervisor_window_parent_class)->dispose (object);
}

static void
loket_supervisor_window_finalize (GObject *object)
{
  LoketSupervisorWindow *self = LOKET_SUPERVISOR_WINDOW (object);

  g_clear_object (&self->model);
  g_ptr_array_unref (self->sheet_checks);
  loket_timer_labels_free (self->timers);
  g_free (self->alerts_shown);
  g_free (self->supervisor);
  g_free (self->supervisor_name);
  g_free (self->sheet_counter);
  loket_retry_clear (&self->retry);
  G_OBJECT_CLASS (loket_supervisor_window_parent_class)->finalize (object);
}

static void
loket_supervisor_window_class_init (LoketSupervisorWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = loket_supervisor_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_supervisor_window_finalize;
  g_type_ensure (LOKET_TYPE_REPORT_VIEW);
  g_type_ensure (LOKET_TYPE_COMPLAINTS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/loket/Counter/loket-supervisor-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketSupervisorWindow, name)
  BIND (title); BIND (clock_label); BIND (page_button); BIND (report_view); BIND (void_button); BIND (logout_button); BIND (offline_banner);
  BIND (toasts); BIND (pages); BIND (office_label); BIND (clerk_row); BIND (pin_row); BIND (login_error);
  BIND (counters_title); BIND (counters_list); BIND (services_title); BIND (services_list);
  BIND (alerts_title); BIND (alerts_list); BIND (sheet); BIND (sheet_title); BIND (sheet_ticket);
  BIND (sheet_choice); BIND (sheet_services); BIND (sheet_note); BIND (sheet_confirm);
  BIND (reprint_button); BIND (complaints_button); BIND (complaints_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_pin_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sheet_activate);
}

static void
loket_supervisor_window_init (LoketSupervisorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sheet_checks = g_ptr_array_new ();
  self->timers = loket_timer_labels_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_signal_connect (self->report_view, "notify::rows", G_CALLBACK (on_report_rows), self);
  g_signal_connect (loket_report_view_get_skm (self->report_view), "notify::rows", G_CALLBACK (on_skm_rows), self);
  g_signal_connect (self->complaints_view, "notify::rows", G_CALLBACK (on_complaints_rows), self);
  g_signal_connect (self->complaints_view, "notify::detail", G_CALLBACK (on_complaint_detail), self);
  g_signal_connect (self->complaints_view, "notify::filed", G_CALLBACK (on_complaint_filed), self);
  g_signal_connect (self->complaints_view, "error", G_CALLBACK (on_complaints_error), self);
}

LoketSupervisorWindow *
loket_supervisor_window_new (LoketCounterApplication *application)
{
  LoketSupervisorWindow *self = g_object_new (LOKET_TYPE_SUPERVISOR_WINDOW, "application", application, NULL);
  const char *accels[] = { "Escape", NULL };

  self->application = application;
  self->model = g_object_ref (loket_counter_application_get_model (application));
  loket_report_view_connect (self->report_view, loket_counter_application_get_client (application), self->model);
  loket_complaints_view_connect (self->complaints_view, loket_counter_application_get_client (application),
                                 self->model);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.sheet-cancel", accels);
  gtk_list_box_bind_model (self->counters_list, loket_office_model_get_counters (self->model),
                           create_counter_row, self, NULL);
  gtk_list_box_bind_model (self->services_list, loket_office_model_get_services (self->model),
                           create_service_row, self, NULL);
  g_signal_connect_swapped (self->model, "synced", G_CALLBACK (on_model_changed), self);
  g_signal_connect_swapped (self->model, "event", G_CALLBACK (on_model_changed), self);
  g_signal_connect_swapped (self->model, "event", G_CALLBACK (on_model_event), self);
  g_signal_connect_swapped (self->model, "notify::name", G_CALLBACK (on_model_changed), self);
  g_signal_connect_swapped (self->model, "notify::time-zone", G_CALLBACK (update_clock), self);
  g_signal_connect (self->model, "notify::online", G_CALLBACK (on_online_changed), self);
  on_online_changed (self->model, NULL, self);
  self->tick_source = g_timeout_add_seconds (1, tick, self);
  self->refresh_source = g_timeout_add_seconds (SNAPSHOT_REFRESH_SECONDS, refresh, self);
  tick (self);
  return self;
}
