/* loket-counter-window.c — the clerk's screen.
 *
 * A login page, then the counter: the ticket in hand, large, with its
 * wait and its service time running against the charter's promise; the
 * acts a clerk performs all day as win. actions with buttons and function
 * keys; the people waiting for this counter in the order the routing will
 * call them; and today's figures for this counter.  Acts that need more
 * (a transfer's service and note, a pause's reason from the charter's
 * list, why a ticket is called out of order) ask on a sheet over the
 * page; nothing out of the ordinary happens without a reason the server
 * records.
 *
 * What it shows of the office comes from the office model
 * (LoketOfficeModel: the server's snapshot plus its events): the counter,
 * the ticket in hand, the services and the recall limit; the card and the
 * buttons follow the counter's and the ticket's "notify".  The order of
 * the waiting list and today's figures come from the QUEUE reply, fetched
 * again after every change; the list holds the model's own ticket items
 * and changes row by row.  While the
 * server is unreachable every act is disabled and a banner says so; an act
 * whose reply was lost is sent again with the same request id when the
 * clerk repeats it, so the server applies it once.  When the day closes
 * a second banner says so.
 *
 * Read-only state actions ("page", "online", "closed", "counter-state", "clock",
 * "current", "recalls", "queue", "wait-level", "service-level", "sheet",
 * "sheet-note" (the sheet's note is shown), "error") let the tests, and the
 * accessibility of a screen reader, follow what it shows; "sheet-choose"
 * and "sheet-type" pick a pause reason and type the note as a clerk would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-counter"

#include "config.h"

#include "loket-app.h"
#include "loket-counter-window.h"
#include "loket-error.h"
#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-office-model.h"
#include "loket-pause-reason.h"
#include "loket-ticket.h"
#include "loket-timer-labels.h"
#include "loket-timer.h"

#include <glib/gi18n-lib.h>

#define USEC_PER_MINUTE ((gint64) 60 * G_USEC_PER_SEC)
/* Refetch the queue this long after a change: events come in bursts. */
#define QUEUE_REFRESH_MS 150

typedef enum {
  SHEET_NONE,
  SHEET_TRANSFER,
  SHEET_PAUSE,
  SHEET_OUT_OF_ORDER,
  SHEET_REFUSE_PRIORITY,
} SheetKind;

struct _LoketCounterWindow
{
  AdwApplicationWindow  parent_instance;

  LoketCounterApplication *application;
  LoketOfficeModel *model;
  LoketCounterItem *counter;    /* this counter, watched; or NULL */
  LoketTicketItem  *ticket;     /* the ticket in its hands, watched; or NULL */
  gboolean      chose_counter;  /* the login page's counter was preset */
  char         *counter_id;     /* chosen at login */
  char         *clerk;
  GArray       *queue_ids;      /* QUEUE reply: ticket ids in calling order */
  GListStore   *queue;          /* of them, the model's items still waiting */
  LoketTimerLabels *queue_timers; /* the list's running waits */
  JsonObject   *figures;        /* QUEUE reply: today at this counter */
  gboolean      busy;           /* an act is on its way to the server */
  gboolean      online;
  SheetKind     sheet_kind;
  char         *sheet_ticket;   /* out of order: which number */
  GStrv         pause_reasons;  /* the sheet's choices: the charter's ids */
  LoketRetry    retry;          /* the last act, if it got no answer */
  guint         tick_source;
  guint         queue_source;

  AdwWindowTitle  *title;
  GtkLabel        *clock_label;
  GtkWidget       *logout_button;
  GtkRevealer     *offline_revealer;
  GtkRevealer     *closed_revealer;
  AdwToastOverlay *toasts;
  GtkStack        *pages;
  GtkLabel        *office_label;
  AdwComboRow     *counter_row;
  AdwEntryRow     *clerk_row;
  AdwEntryRow     *pin_row;
  GtkLabel        *login_error;
  GtkWidget       *ticket_card;
  GtkLabel        *state_label;
  GtkLabel        *number_label;
  GtkLabel        *service_label;
  GtkLabel        *priority_label;
  GtkLabel        *recalls_label;
  GtkLabel        *wait_timer;
  GtkLabel        *service_timer;
  GtkButton       *call_button;
  GtkButton       *recall_button;
  GtkButton       *start_button;
  AdwSplitButton  *finish_button;
  GtkButton       *noshow_button;
  GtkButton       *transfer_button;
  GtkButton       *pause_button;
  GtkButton       *resume_button;
  GtkButton       *refuse_priority_button;
  GtkLabel        *figures_label;
  GtkLabel        *queue_title;
  GtkListBox      *queue_list;
  GtkWidget       *sheet;
  GtkLabel        *sheet_title;
  GtkDropDown     *sheet_choice;
  GtkEntry        *sheet_note;
  GtkButton       *sheet_confirm;
};

G_DEFINE_FINAL_TYPE (LoketCounterWindow, loket_counter_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_all (LoketCounterWindow *self);

/* ---- the model --------------------------------------------------------- */

static void
set_state (LoketCounterWindow *self, const char *name, GVariant *value)
{
  loket_app_set_state (G_ACTION_MAP (self), name, value);
}

static LoketServiceItem *
service_item (LoketCounterWindow *self, const char *id)
{
  return loket_office_model_lookup_service (self->model, id);
}

/* How often a ticket is called again before it may be marked absent: the
 * charter's RecallLimit, as the office fields carry it. */
static guint
recall_limit (LoketCounterWindow *self)
{
  return loket_office_model_get_recall_limit (self->model);
}

static LoketTicketItem *
current_ticket (LoketCounterWindow *self)
{
  return self->counter ? loket_office_model_lookup_ticket (self->model,
                                                           loket_counter_item_get_current_ticket (self->counter))
                       : NULL;
}

static const char *
counter_state (LoketCounterWindow *self)
{
  const char *state = self->counter ? loket_counter_item_get_state (self->counter) : NULL;

  return state ? state : "closed";
}

static void on_watched_notify (GObject *object, GParamSpec *pspec, LoketCounterWindow *self);

/* Follows @item (the counter or its ticket) in place of *@watched. */
static void
watch_item (LoketCounterWindow *self, gpointer *watched, gpointer item)
{
  if (*watched == item)
    return;
  if (*watched != NULL)
    g_signal_handlers_disconnect_by_func (*watched, on_watched_notify, self);
  g_set_object ((GObject **) watched, item);
  if (item != NULL)
    g_signal_connect (item, "notify", G_CALLBACK (on_watched_notify), self);
}

/* This counter and the ticket in its hands, as the model has them now. */
static void
watch (LoketCounterWindow *self)
{
  watch_item (self, (gpointer *) &self->counter,
              self->counter_id ? loket_office_model_lookup_counter (self->model, self->counter_id) : NULL);
  watch_item (self, (gpointer *) &self->ticket, current_ticket (self));
}

/* ---- talking to the server --------------------------------------------- */

static gboolean refresh_queue (gpointer user_data);

static void
schedule_queue_refresh (LoketCounterWindow *self)
{
  if (self->queue_source == 0 && self->counter_id != NULL && self->clerk != NULL)
    self->queue_source = g_timeout_add (QUEUE_REFRESH_MS, refresh_queue, self);
}

static void
show_error (LoketCounterWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toasts, toast);
  set_state (self, "error", g_variant_new_string (message));
}

typedef void (*ReplyFunc) (LoketCounterWindow *self, JsonObject *reply);

typedef struct {
  LoketCounterWindow *window;
  ReplyFunc           on_reply;
} Act;

static void
on_act_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Act *act = user_data;
  g_autoptr(LoketCounterWindow) self = act->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  ReplyFunc on_reply = act->on_reply;

  g_free (act);
  self->busy = FALSE;
  if (reply == NULL)
    {
      loket_retry_answered (&self->retry, error);
      show_error (self, error->message);
    }
  else
    {
      loket_retry_answered (&self->retry, NULL);
      loket_office_model_apply_reply (self->model, reply);
      watch (self);
      set_state (self, "error", g_variant_new_string (""));
      if (on_reply != NULL)
        on_reply (self, reply);
      schedule_queue_refresh (self);
    }
  update_all (self);
}

/* Sends one act.  @body is consumed.  Repeating an act left unanswered
 * sends it under the same request id (LoketRetry). */
static void
send_act (LoketCounterWindow *self, const char *type, JsonObject *body, ReplyFunc on_reply)
{
  g_autoptr(JsonObject) owned = body;
  LoketClient *client = loket_counter_application_get_client (self->application);
  const char *req_id;
  Act *act;

  if (self->busy)
    return;
  req_id = loket_retry_req_id (&self->retry, client, type, owned);
  act = g_new0 (Act, 1);
  act->window = g_object_ref (self);
  act->on_reply = on_reply;
  self->busy = TRUE;
  update_all (self);
  loket_client_request_async (client, type, owned, req_id, NULL, on_act_reply, act);
}

static JsonObject *
counter_body (LoketCounterWindow *self)
{
  return loket_json_object_new_with ("counter", self->counter_id, NULL);
}

static void sync_queue (LoketCounterWindow *self);

static void
on_queue (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketCounterWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      g_debug ("queue not refreshed: %s", error->message);
      return;
    }
  g_array_set_size (self->queue_ids, 0);
  g_clear_pointer (&self->figures, json_object_unref);
  if (json_object_has_member (reply, "tickets"))
    {
      JsonArray *tickets = json_object_get_array_member (reply, "tickets");

      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          gint64 id = json_object_get_int_member_with_default (json_array_get_object_element (tickets, i), "id", 0);

          g_array_append_val (self->queue_ids, id);
        }
    }
  if (json_object_has_member (reply, "figures"))
    self->figures = json_object_ref (json_object_get_object_member (reply, "figures"));
  sync_queue (self);
  update_all (self);
}

static gboolean
refresh_queue (gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  g_autoptr(JsonObject) body = counter_body (self);

  self->queue_source = 0;
  loket_client_request_async (loket_counter_application_get_client (self->application), "QUEUE",
                              body, NULL, NULL, on_queue, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* ---- what the screen shows --------------------------------------------- */

static char *
minutes_text (gint64 usec)
{
  /* Translators: a duration on the clerk's screen, in whole minutes. */
  return g_strdup_printf (_("%d min"), (int) (usec / USEC_PER_MINUTE));
}

static void
set_timer (GtkLabel *label, const char *what, gint64 elapsed, gint64 promised, gboolean shown)
{
  g_autofree char *running = loket_timer_format (elapsed);
  g_autofree char *promise = minutes_text (promised);
  g_autofree char *text = NULL;
  LoketTimerLevel level = loket_timer_level (elapsed, promised);

  gtk_widget_set_visible (GTK_WIDGET (label), shown);
  gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "overdue");
  if (!shown)
    return;
  /* Translators: "Waited 12:34 of 30 min" — the time running against the
   * charter's promise; the first %s says which time it is. */
  text = g_strdup_printf (_("%s %s of %s"), what, running, promise);
  gtk_label_set_text (label, text);
  if (level != LOKET_TIMER_NEUTRAL)
    gtk_widget_add_css_class (GTK_WIDGET (label), loket_timer_level_to_string (level));
}

static const char *
priority_name (LoketCounterWindow *self, const char *group)
{
  const char *name = loket_office_model_get_priority_group_name (self->model, group);

  return name ? name : group;
}

static void
update_ticket (LoketCounterWindow *self)
{
  LoketTicketItem *ticket = current_ticket (self);
  const char *state = counter_state (self);
  gint64 now = g_get_real_time ();

  if (g_strcmp0 (state, "paused") == 0)
    {
      gint64 since = loket_counter_item_get_paused_since (self->counter);
      g_autofree char *running = loket_timer_format (now - since);
      g_autofree char *text = NULL;

      /* Translators: the clerk's screen while the counter is paused: the
       * reason (break, prayer, …) and for how long so far. */
      g_autofree char *reason = loket_office_model_describe_pause (self->model, self->counter);

      text = g_strdup_printf (_("Paused: %s · %s"), reason ? reason : "", running);
      gtk_label_set_text (self->state_label, text);
    }
  else if (ticket == NULL)
    gtk_label_set_text (self->state_label, _("No citizen at the counter. Call the next one when you are ready."));
  else if (g_strcmp0 (loket_ticket_item_get_state (ticket), "serving") == 0)
    gtk_label_set_text (self->state_label, _("Serving"));
  else
    gtk_label_set_text (self->state_label, _("Called — waiting for the citizen to come to the counter"));

  gtk_widget_set_visible (GTK_WIDGET (self->number_label), ticket != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->service_label), ticket != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->recalls_label), ticket != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->priority_label), FALSE);
  set_timer (self->wait_timer, NULL, 0, 0, FALSE);
  set_timer (self->service_timer, NULL, 0, 0, FALSE);
  set_state (self, "current", g_variant_new_string (""));
  set_state (self, "recalls", g_variant_new_uint32 (0));
  set_state (self, "wait-level", g_variant_new_string ("neutral"));
  set_state (self, "service-level", g_variant_new_string ("neutral"));
  if (ticket == NULL)
    return;

  {
    LoketServiceItem *service = service_item (self, loket_ticket_item_get_service (ticket));
    const char *priority = loket_ticket_item_get_priority (ticket);
    const char *ticket_state = loket_ticket_item_get_state (ticket);
    gint64 issued = loket_ticket_item_get_issued_at (ticket);
    gint64 called = loket_ticket_item_get_called_at (ticket);
    gint64 started = loket_ticket_item_get_started_at (ticket);
    /* The ticket's own promise (a charter changed since keeps it), or
     * its service's for a ticket from before charter versions. */
    guint own_wait = loket_ticket_item_get_promised_wait_minutes (ticket);
    guint own_service = loket_ticket_item_get_promised_service_minutes (ticket);
    gint64 promised_wait = (own_wait ? own_wait : service ? loket_service_item_get_promised_wait_minutes (service) : 0)
                           * USEC_PER_MINUTE;
    gint64 promised_service = (own_service ? own_service
                               : service ? loket_service_item_get_promised_service_minutes (service) : 0)
                              * USEC_PER_MINUTE;
    guint recalls = loket_ticket_item_get_recalls (ticket);
    guint limit = recall_limit (self);
    g_autofree char *recall_text = NULL;
    g_autofree char *current = g_strdup_printf ("%s:%s", loket_ticket_item_get_number (ticket), ticket_state);
    gboolean serving = g_strcmp0 (ticket_state, "serving") == 0;
    /* The wait ends when the citizen is called; until they arrive the
     * clerk still sees it, frozen. */
    gint64 waited = (called ? called : now) - issued;

    gtk_label_set_text (self->number_label, loket_ticket_item_get_number (ticket));
    gtk_label_set_text (self->service_label, service ? loket_service_item_get_label (service)
                                                     : loket_ticket_item_get_service (ticket));
    if (priority != NULL)
      {
        gtk_label_set_text (self->priority_label, priority_name (self, priority));
        gtk_widget_set_visible (GTK_WIDGET (self->priority_label), TRUE);
      }
    /* Translators: how often the clerk has called this ticket again, out
     * of the charter's limit before it may be marked absent. */
    recall_text = g_strdup_printf (_("Recalled %u of %u times"), recalls, limit);
    gtk_label_set_text (self->recalls_label, recalls > 0 ? recall_text : "");
    set_timer (self->wait_timer, _("Waited"), waited, promised_wait, TRUE);
    set_timer (self->service_timer, _("Service"), serving ? now - started : 0, promised_service, serving);
    set_state (self, "current", g_variant_new_string (current));
    set_state (self, "recalls", g_variant_new_uint32 (recalls));
    set_state (self, "wait-level", g_variant_new_string (loket_timer_level_to_string (
                                       loket_timer_level (waited, promised_wait))));
    if (serving)
      set_state (self, "service-level", g_variant_new_string (loket_timer_level_to_string (
                                            loket_timer_level (now - started, promised_service))));
  }
}

static void
update_queue_subtitle (LoketTicketItem *ticket, GParamSpec *pspec, AdwActionRow *row)
{
  LoketCounterWindow *self = g_object_get_data (G_OBJECT (row), "window");
  LoketServiceItem *service = service_item (self, loket_ticket_item_get_service (ticket));
  const char *name = service ? loket_service_item_get_label (service) : "";
  const char *priority = loket_ticket_item_get_priority (ticket);
  g_autofree char *subtitle = priority ? g_strdup_printf ("%s · %s", name, priority_name (self, priority))
                                       : g_strdup (name);

  adw_action_row_set_subtitle (row, subtitle);
}

/* A waiting ticket: its number, service and priority, its wait running
 * against the promise, and a button to call it out of order (the sheet
 * asks why, the server records it; the button follows the action). */
static GtkWidget *
create_queue_row (gpointer item, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  LoketTicketItem *ticket = item;
  LoketServiceItem *service = service_item (self, loket_ticket_item_get_service (ticket));
  gint64 now = g_get_real_time ();
  GtkWidget *timer = loket_timer_labels_add (self->queue_timers, loket_ticket_item_get_issued_at (ticket),
                                             service ? loket_service_item_get_promised_wait_minutes (service)
                                                       * USEC_PER_MINUTE : 0,
                                             now);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *call = gtk_button_new_with_label (_("Call"));

  g_object_set_data (G_OBJECT (row), "window", self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), loket_ticket_item_get_number (ticket));
  update_queue_subtitle (ticket, NULL, ADW_ACTION_ROW (row));
  g_signal_connect_object (ticket, "notify::service", G_CALLBACK (update_queue_subtitle), row, 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), timer);
  gtk_widget_set_valign (call, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (call, _("Call this ticket out of order (a reason is recorded)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (call), "win.call-ticket-sheet");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (call), "s", loket_ticket_item_get_number (ticket));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), call);
  return row;
}

static gboolean
is_waiting (LoketTicketItem *ticket)
{
  return loket_ticket_item_state_is (ticket, loket_ticket_state_is_waiting);
}

/* The list in the QUEUE reply's order, of the tickets still waiting: the
 * reply comes a round trip after the act that changed it, and a ticket
 * called meanwhile (here or elsewhere) leaves the list with its event. */
static void
sync_queue (LoketCounterWindow *self)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *title = NULL;

  for (guint i = 0; i < self->queue_ids->len; i++)
    {
      LoketTicketItem *ticket = loket_office_model_lookup_ticket (self->model,
                                                                  g_array_index (self->queue_ids, gint64, i));

      if (ticket == NULL || !is_waiting (ticket))
        continue;
      g_ptr_array_add (waiting, ticket);
      g_strv_builder_add (numbers, loket_ticket_item_get_number (ticket));
    }
  loket_list_store_sync (self->queue, waiting);
  /* Translators: the heading of the counter's waiting list. */
  title = g_strdup_printf (ngettext ("%u waiting for this counter, in calling order",
                                     "%u waiting for this counter, in calling order", waiting->len), waiting->len);
  gtk_label_set_text (self->queue_title, title);
  list = g_strv_builder_end (numbers);
  set_state (self, "queue", g_variant_new_strv ((const char * const *) list, -1));
}

static void
update_figures (LoketCounterWindow *self)
{
  g_autofree char *mean = NULL;
  g_autofree char *paused = NULL;
  g_autofree char *text = NULL;
  JsonObject *f = self->figures;

  if (f == NULL)
    {
      gtk_label_set_text (self->figures_label, "");
      return;
    }
  mean = loket_timer_format (json_object_get_int_member_with_default (f, "mean_service_usec", 0));
  paused = loket_timer_format (json_object_get_int_member_with_default (f, "pause_usec", 0));
  /* Translators: today's figures for one counter, on the clerk's screen. */
  text = g_strdup_printf (_("Served %d · finished %d · absent %d · transferred %d\n"
                            "Mean service %s · promises broken: wait %d, service %d · paused %s"),
                          (int) json_object_get_int_member_with_default (f, "served", 0),
                          (int) json_object_get_int_member_with_default (f, "finished", 0),
                          (int) json_object_get_int_member_with_default (f, "noshows", 0),
                          (int) json_object_get_int_member_with_default (f, "transferred", 0),
                          mean,
                          (int) json_object_get_int_member_with_default (f, "wait_breaches", 0),
                          (int) json_object_get_int_member_with_default (f, "service_breaches", 0),
                          paused);
  gtk_label_set_text (self->figures_label, text);
}

static void
enable (LoketCounterWindow *self, const char *action, gboolean enabled)
{
  GAction *a = g_action_map_lookup_action (G_ACTION_MAP (self), action);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (a), enabled);
}

/* What the clerk may do now: the server would refuse the rest anyway,
 * but a button that cannot work should not look as if it could. */
static void
update_actions (LoketCounterWindow *self)
{
  LoketTicketItem *ticket = current_ticket (self);
  const char *state = counter_state (self);
  const char *ticket_state = ticket ? loket_ticket_item_get_state (ticket) : NULL;
  gboolean ready = self->online && !self->busy && self->clerk != NULL;
  gboolean open = g_strcmp0 (state, "open") == 0;
  gboolean called = g_strcmp0 (ticket_state, "called") == 0;
  gboolean serving = g_strcmp0 (ticket_state, "serving") == 0;
  gboolean claims_priority = ticket != NULL && loket_ticket_item_get_priority (ticket) != NULL;
  guint recalls = ticket ? loket_ticket_item_get_recalls (ticket) : 0;
  guint limit = recall_limit (self);

  enable (self, "call-next", ready && open && ticket == NULL);
  enable (self, "call-ticket", ready && open && ticket == NULL);
  enable (self, "call-ticket-sheet", ready && open && ticket == NULL);
  enable (self, "recall", ready && called);
  enable (self, "start", ready && called);
  enable (self, "finish", ready && serving);
  /* Absent only after the charter's recalls: a citizen in the toilet gets
   * the chances the office promised. */
  enable (self, "noshow", ready && called && recalls >= limit);
  enable (self, "transfer", ready && (called || serving));
  enable (self, "transfer-sheet", ready && (called || serving));
  /* UU 25/2009: a priority claim is checked at the counter. */
  enable (self, "refuse-priority", ready && (called || serving) && claims_priority);
  enable (self, "refuse-priority-sheet", ready && (called || serving) && claims_priority);
  gtk_widget_set_visible (GTK_WIDGET (self->refuse_priority_button), claims_priority);
  enable (self, "pause", ready && open && ticket == NULL);
  enable (self, "pause-sheet", ready && open && ticket == NULL);
  enable (self, "resume", ready && g_strcmp0 (state, "paused") == 0);
  enable (self, "logout", ready && ticket == NULL);
  enable (self, "login-submit", self->online && !self->busy);
  enable (self, "login", self->online && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->logout_button), self->clerk != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), g_strcmp0 (state, "paused") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), g_strcmp0 (state, "paused") != 0);
}

static void
update_clock (LoketCounterWindow *self)
{
  /* The office's clock, not this PC's (loket-office-time.h). */
  g_autofree char *text = loket_office_model_format_time (self->model, g_get_real_time (), "%H:%M");

  gtk_label_set_text (self->clock_label, text);
  set_state (self, "clock", g_variant_new_string (text));
}

static void
update_title (LoketCounterWindow *self)
{
  const char *office = loket_office_model_get_label (self->model);

  gtk_label_set_text (self->office_label, office ? office : "");
  adw_window_title_set_title (self->title, self->counter ? loket_counter_item_get_name (self->counter) : _("Counter"));
  adw_window_title_set_subtitle (self->title, self->clerk ? self->clerk : (office ? office : ""));
}

static void
update_all (LoketCounterWindow *self)
{
  update_title (self);
  update_ticket (self);
  update_figures (self);
  update_actions (self);
  set_state (self, "counter-state", g_variant_new_string (counter_state (self)));
}

static gboolean
tick (gpointer user_data)
{
  LoketCounterWindow *self = user_data;

  update_clock (self);
  if (self->clerk != NULL)
    {
      update_ticket (self);
      loket_timer_labels_update (self->queue_timers, g_get_real_time ());
    }
  return G_SOURCE_CONTINUE;
}

/* ---- the server's state ------------------------------------------------ */

/* The counter or its ticket changed in place. */
static void
on_watched_notify (GObject *object, GParamSpec *pspec, LoketCounterWindow *self)
{
  watch (self);
  update_all (self);
}

/* The login page offers the office's counters, by name; a PC set up for
 * one desk has it chosen, and the clerk does not choose. */
static void
choose_counter (LoketCounterWindow *self)
{
  GListModel *counters = loket_office_model_get_counters (self->model);
  const char *preset = loket_counter_application_get_counter (self->application);

  gtk_widget_set_sensitive (GTK_WIDGET (self->counter_row), preset == NULL);
  for (guint i = 0; !self->chose_counter && i < g_list_model_get_n_items (counters); i++)
    {
      g_autoptr(LoketCounterItem) c = g_list_model_get_item (counters, i);

      if (preset == NULL || g_strcmp0 (loket_counter_item_get_id (c), preset) == 0)
        {
          adw_combo_row_set_selected (self->counter_row, preset ? i : 0);
          self->chose_counter = TRUE;
        }
    }
}

static void
on_synced (LoketOfficeModel *model, LoketCounterWindow *self)
{
  choose_counter (self);
  watch (self);
  sync_queue (self);
  schedule_queue_refresh (self);
  update_all (self);
}

static void
on_event (LoketOfficeModel *model, const char *type, LoketCounterWindow *self)
{
  watch (self);
  /* Another device logged in at this counter (a hand-over): this one is
   * no longer the clerk's. */
  if (g_str_equal (type, "LOGGED_IN") && self->counter != NULL && self->clerk != NULL &&
      g_strcmp0 (loket_counter_item_get_clerk (self->counter), self->clerk) != 0)
    {
      show_error (self, _("Another clerk has taken over this counter."));
      g_clear_pointer (&self->clerk, g_free);
      gtk_stack_set_visible_child_name (self->pages, "login");
      set_state (self, "page", g_variant_new_string ("login"));
      update_all (self);
    }
  sync_queue (self);
  schedule_queue_refresh (self);
}

static void
on_online_changed (LoketOfficeModel *model, GParamSpec *pspec, gpointer user_data)
{
  LoketCounterWindow *self = user_data;

  self->online = loket_office_model_get_online (model);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_revealer), !self->online);
  if (pspec != NULL)
    g_message (self->online ? "server reachable" : "server unreachable; acts disabled");
  set_state (self, "online", g_variant_new_boolean (self->online));
  update_all (self);
}

/* The day closed: the clerk sees why the queue emptied at once. */
static void
on_closed_changed (LoketOfficeModel *model, GParamSpec *pspec, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  gboolean closed = loket_office_model_get_closed (model);

  gtk_widget_set_visible (GTK_WIDGET (self->closed_revealer), closed);
  set_state (self, "closed", g_variant_new_boolean (closed));
}

/* ---- login ------------------------------------------------------------- */

static void
logged_in (LoketCounterWindow *self, JsonObject *reply)
{
  const char *name = loket_json_optional_string (reply, "clerk_name");

  g_message ("clerk %s at counter %s", self->clerk, self->counter_id);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->login_error), FALSE);
  gtk_stack_set_visible_child_name (self->pages, "counter");
  set_state (self, "page", g_variant_new_string ("counter"));
  if (name != NULL)
    adw_window_title_set_subtitle (self->title, name);
}

static void
on_login_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketCounterWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  self->busy = FALSE;
  if (reply == NULL)
    {
      const char *message = error->message;

      /* The server's words are for the log; the clerk gets the office's. */
      if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_AUTH))
        message = _("Unknown clerk ID or wrong PIN. After five wrong PINs this PC must wait a minute.");
      g_message ("login at counter %s refused: %s", self->counter_id, error->message);
      g_clear_pointer (&self->clerk, g_free);
      gtk_label_set_text (self->login_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->login_error), TRUE);
      set_state (self, "error", g_variant_new_string (error->message));
      update_all (self);
      return;
    }
  loket_office_model_apply_reply (self->model, reply);
  watch (self);
  logged_in (self, reply);
  set_state (self, "error", g_variant_new_string (""));
  schedule_queue_refresh (self);
  update_all (self);
}

static void
login (LoketCounterWindow *self, const char *counter, const char *clerk, const char *pin)
{
  g_autoptr(JsonObject) body = loket_json_object_new_with ("counter", counter, "clerk", clerk, "pin", pin, NULL);

  if (self->busy)
    return;
  g_free (self->counter_id);
  self->counter_id = g_strdup (counter);
  g_free (self->clerk);
  self->clerk = g_strdup (clerk);
  watch (self);
  self->busy = TRUE;
  update_actions (self);
  loket_client_request_async (loket_counter_application_get_client (self->application), "LOGIN", body,
                              NULL, NULL, on_login_reply, g_object_ref (self));
}

static void
action_login (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *counter, *clerk, *pin;

  g_variant_get (param, "(&s&s&s)", &counter, &clerk, &pin);
  login (user_data, counter, clerk, pin);
}

static void
action_login_submit (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  g_autoptr(LoketCounterItem) counter = g_list_model_get_item (loket_office_model_get_counters (self->model),
                                                               adw_combo_row_get_selected (self->counter_row));

  if (counter == NULL)
    return;
  login (self, loket_counter_item_get_id (counter),
         gtk_editable_get_text (GTK_EDITABLE (self->clerk_row)),
         gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
}

static void
on_pin_activated (LoketCounterWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.login-submit", NULL);
}

static void
logged_out (LoketCounterWindow *self, JsonObject *reply)
{
  g_message ("clerk %s left counter %s", self->clerk, self->counter_id);
  g_clear_pointer (&self->clerk, g_free);
  g_array_set_size (self->queue_ids, 0);
  sync_queue (self);
  g_clear_pointer (&self->figures, json_object_unref);
  gtk_stack_set_visible_child_name (self->pages, "login");
  set_state (self, "page", g_variant_new_string ("login"));
}

static void
action_logout (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;

  send_act (self, "LOGOUT", counter_body (self), logged_out);
}

/* ---- the acts ---------------------------------------------------------- */

static void
action_simple (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  static const struct { const char *action, *request; } acts[] = {
    { "call-next", "CALL" }, { "recall", "RECALL" }, { "start", "START" },
    { "noshow", "NOSHOW" }, { "resume", "RESUME" },
  };
  LoketCounterWindow *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));

  for (guint i = 0; i < G_N_ELEMENTS (acts); i++)
    if (g_str_equal (name, acts[i].action))
      send_act (self, acts[i].request, counter_body (self), NULL);
}

static void
action_finish (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  JsonObject *body = counter_body (self);

  json_object_set_string_member (body, "outcome", g_variant_get_string (param, NULL));
  send_act (self, "FINISH", body, NULL);
}

static void
action_transfer (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  JsonObject *body = counter_body (self);
  const char *service, *note;

  g_variant_get (param, "(&s&s)", &service, &note);
  json_object_set_string_member (body, "service", service);
  if (*note != '\0')
    json_object_set_string_member (body, "reason", note);
  send_act (self, "TRANSFER", body, NULL);
}

/* (reason, note): one of the charter's pause reasons by its id, and the
 * clerk's note for the one that takes it ("" otherwise). */
static void
action_pause (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  JsonObject *body = counter_body (self);
  const char *reason, *note;

  g_variant_get (param, "(&s&s)", &reason, &note);
  json_object_set_string_member (body, "reason", reason);
  if (*note != '\0')
    json_object_set_string_member (body, "note", note);
  send_act (self, "PAUSE", body, NULL);
}

static void
action_call_ticket (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  JsonObject *body = counter_body (self);
  const char *number, *reason;

  g_variant_get (param, "(&s&s)", &number, &reason);
  json_object_set_string_member (body, "ticket", number);
  json_object_set_string_member (body, "reason", reason);
  send_act (self, "CALL", body, NULL);
}

/* The clerk found the priority claim not entitled (UU 25/2009): the
 * ticket goes on as a regular one, the reason on the record. */
static void
action_refuse_priority (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  JsonObject *body = counter_body (self);

  json_object_set_string_member (body, "reason", g_variant_get_string (param, NULL));
  send_act (self, "PRIORITY_REFUSE", body, NULL);
}

/* ---- the sheet --------------------------------------------------------- */

/* The pause reason chosen on the sheet, or NULL. */
static JsonObject *
chosen_pause_reason (LoketCounterWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->sheet_choice);

  if (self->pause_reasons == NULL || selected >= g_strv_length (self->pause_reasons))
    return NULL;
  return loket_pause_reason_find (loket_office_model_get_pause_reasons (self->model),
                                  self->pause_reasons[selected]);
}

/* Every sheet has its note, but a pause only for the reason that takes
 * one: the others need no words, and a word typed there would be lost. */
static void
show_sheet_note (LoketCounterWindow *self)
{
  JsonObject *reason = self->sheet_kind == SHEET_PAUSE ? chosen_pause_reason (self) : NULL;
  gboolean visible = self->sheet_kind != SHEET_PAUSE ||
                     (reason != NULL && json_object_get_boolean_member_with_default (reason, "note", FALSE));

  gtk_widget_set_visible (GTK_WIDGET (self->sheet_note), visible);
  set_state (self, "sheet-note", g_variant_new_boolean (visible));
}

static void
on_sheet_choice (GtkDropDown *choice, GParamSpec *pspec, LoketCounterWindow *self)
{
  show_sheet_note (self);
}

static void
open_sheet (LoketCounterWindow *self, SheetKind kind, const char *title, GStrv choices,
            const char *note_hint, const char *confirm)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) choices);

  self->sheet_kind = kind;
  gtk_label_set_text (self->sheet_title, title);
  gtk_drop_down_set_model (self->sheet_choice, choices ? G_LIST_MODEL (model) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_choice), choices != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->sheet_note), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sheet_note), "error");
  gtk_entry_set_placeholder_text (self->sheet_note, note_hint);
  show_sheet_note (self);
  gtk_button_set_label (self->sheet_confirm, confirm);
  gtk_widget_set_visible (self->sheet, TRUE);
  gtk_widget_grab_focus (choices ? GTK_WIDGET (self->sheet_choice) : GTK_WIDGET (self->sheet_note));
  set_state (self, "sheet", g_variant_new_string (kind == SHEET_TRANSFER ? "transfer"
                                                  : kind == SHEET_PAUSE ? "pause"
                                                  : kind == SHEET_REFUSE_PRIORITY ? "refuse-priority"
                                                  : "out-of-order"));
}

static void
close_sheet (LoketCounterWindow *self)
{
  self->sheet_kind = SHEET_NONE;
  gtk_widget_set_visible (self->sheet, FALSE);
  set_state (self, "sheet", g_variant_new_string (""));
}

/* The services a ticket can be sent on to: all but its own. */
static GStrv
transfer_targets (LoketCounterWindow *self, gboolean ids)
{
  LoketTicketItem *ticket = current_ticket (self);
  GListModel *services = loket_office_model_get_services (self->model);
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(LoketServiceItem) s = g_list_model_get_item (services, i);

      if (ticket && g_strcmp0 (loket_service_item_get_id (s), loket_ticket_item_get_service (ticket)) == 0)
        continue;
      g_strv_builder_add (out, ids ? loket_service_item_get_id (s) : loket_service_item_get_label (s));
    }
  return g_strv_builder_end (out);
}

static void
action_transfer_sheet (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  g_auto(GStrv) names = transfer_targets (self, FALSE);
  LoketTicketItem *ticket = current_ticket (self);
  /* Translators: the transfer sheet's title; %s is the ticket number. */
  g_autofree char *title = g_strdup_printf (_("Transfer %s to another service. The citizen keeps their place "
                                              "by arrival time."), ticket ? loket_ticket_item_get_number (ticket) : "");

  open_sheet (self, SHEET_TRANSFER, title, names, _("Note for the next counter (optional)"), _("Transfer"));
}

static void
action_pause_sheet (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  g_autofree char *title = g_strdup (_("Pause this counter. Citizens are called at other counters meanwhile."));
  JsonArray *reasons = loket_office_model_get_pause_reasons (self->model);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
  g_auto(GStrv) choices = NULL;

  /* The charter's reasons, by their labels in the clerk's language. */
  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    {
      JsonObject *r = json_array_get_object_element (reasons, i);

      g_strv_builder_add (ids, json_object_get_string_member (r, "id"));
      g_strv_builder_add (shown, loket_i18n_pick (r, "name"));
    }
  g_strfreev (self->pause_reasons);
  self->pause_reasons = g_strv_builder_end (ids);
  choices = g_strv_builder_end (shown);
  /* Translators: the note of the pause reason "other", required. */
  open_sheet (self, SHEET_PAUSE, title, choices, _("Why? (required)"), _("Pause"));
}

static void
action_call_ticket_sheet (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  /* Translators: the sheet before calling a ticket out of order. */
  g_autofree char *title = g_strdup_printf (_("Call %s before its turn? Others have waited longer; "
                                              "the reason is recorded."), g_variant_get_string (param, NULL));

  g_free (self->sheet_ticket);
  self->sheet_ticket = g_variant_dup_string (param, NULL);
  open_sheet (self, SHEET_OUT_OF_ORDER, title, NULL, _("Reason (required)"), _("Call"));
}

static void
action_refuse_priority_sheet (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  LoketTicketItem *ticket = current_ticket (self);
  const char *group = ticket ? loket_ticket_item_get_priority (ticket) : NULL;
  /* Translators: the sheet for a priority claim found not entitled; %s
     is the ticket number, then the priority group. */
  g_autofree char *title = g_strdup_printf (_("%s claimed priority as “%s”. Not entitled? The ticket goes on "
                                              "as a regular one; the reason is recorded."),
                                            ticket ? loket_ticket_item_get_number (ticket) : "",
                                            group ? priority_name (self, group) : "");

  open_sheet (self, SHEET_REFUSE_PRIORITY, title, NULL, _("Reason (required)"), _("Not entitled"));
}

static void
action_sheet_confirm (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->sheet_note));
  /* The entry's own text is not ours to strip in place (an empty entry's
   * is a constant): a copy says whether anything but spaces was typed. */
  g_autofree char *typed = g_strstrip (g_strdup (note));
  guint selected = gtk_drop_down_get_selected (self->sheet_choice);

  switch (self->sheet_kind)
    {
    case SHEET_TRANSFER:
      {
        g_auto(GStrv) ids = transfer_targets (self, TRUE);

        if (selected < g_strv_length (ids))
          gtk_widget_activate_action (GTK_WIDGET (self), "win.transfer", "(ss)", ids[selected], note);
        break;
      }
    case SHEET_PAUSE:
      {
        /* The reason goes by its id; the server shows it by its label. */
        JsonObject *reason = chosen_pause_reason (self);
        gboolean takes_note = reason && json_object_get_boolean_member_with_default (reason, "note", FALSE);

        if (reason == NULL)
          return;
        if (takes_note && *typed == '\0')
          {
            gtk_widget_add_css_class (GTK_WIDGET (self->sheet_note), "error");
            return;
          }
        gtk_widget_activate_action (GTK_WIDGET (self), "win.pause", "(ss)",
                                    json_object_get_string_member (reason, "id"), takes_note ? typed : "");
        break;
      }
    case SHEET_REFUSE_PRIORITY:
      if (*typed == '\0')
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->sheet_note), "error");
          return;
        }
      gtk_widget_remove_css_class (GTK_WIDGET (self->sheet_note), "error");
      gtk_widget_activate_action (GTK_WIDGET (self), "win.refuse-priority", "s", typed);
      break;
    case SHEET_OUT_OF_ORDER:
      if (*typed == '\0')
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->sheet_note), "error");
          return;
        }
      gtk_widget_remove_css_class (GTK_WIDGET (self->sheet_note), "error");
      gtk_widget_activate_action (GTK_WIDGET (self), "win.call-ticket", "(ss)", self->sheet_ticket, typed);
      break;
    case SHEET_NONE:
    default:
      break;
    }
  close_sheet (self);
}

static void
action_sheet_cancel (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  close_sheet (user_data);
}

/* Chooses the pause sheet's reason by its id, as a click on the list
 * would (for tests and keyboards). */
static void
action_sheet_choose (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;
  const char *id = g_variant_get_string (param, NULL);

  for (guint i = 0; self->sheet_kind == SHEET_PAUSE && self->pause_reasons[i] != NULL; i++)
    if (g_str_equal (self->pause_reasons[i], id))
      gtk_drop_down_set_selected (self->sheet_choice, i);
}

/* Types @param into the sheet's note, as the clerk would. */
static void
action_sheet_type (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketCounterWindow *self = user_data;

  gtk_editable_set_text (GTK_EDITABLE (self->sheet_note), g_variant_get_string (param, NULL));
}

static void
on_sheet_activate (LoketCounterWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.sheet-confirm", NULL);
}

/* ---- life cycle -------------------------------------------------------- */

static const GActionEntry actions[] = {
  { "login", action_login, "(sss)" },
  { "login-submit", action_login_submit },
  { "logout", action_logout },
  { "call-next", action_simple },
  { "recall", action_simple },
  { "start", action_simple },
  { "noshow", action_simple },
  { "resume", action_simple },
  { "finish", action_finish, "s" },
  { "transfer", action_transfer, "(ss)" },
  { "pause", action_pause, "(ss)" },
  { "call-ticket", action_call_ticket, "(ss)" },
  { "transfer-sheet", action_transfer_sheet },
  { "pause-sheet", action_pause_sheet },
  { "call-ticket-sheet", action_call_ticket_sheet, "s" },
  { "refuse-priority", action_refuse_priority, "s" },
  { "refuse-priority-sheet", action_refuse_priority_sheet },
  { "sheet-confirm", action_sheet_confirm },
  { "sheet-cancel", action_sheet_cancel },
  { "sheet-choose", action_sheet_choose, "s" },
  { "sheet-type", action_sheet_type, "s" },
  /* Read-only states, for tests and assistive technology. */
  { "page", NULL, NULL, "'login'", loket_app_state_read_only },
  { "online", NULL, NULL, "false", loket_app_state_read_only },
  { "closed", NULL, NULL, "false", loket_app_state_read_only },
  { "counter-state", NULL, NULL, "''", loket_app_state_read_only },
  { "clock", NULL, NULL, "''", loket_app_state_read_only },
  { "current", NULL, NULL, "''", loket_app_state_read_only },
  { "recalls", NULL, NULL, "uint32 0", loket_app_state_read_only },
  { "queue", NULL, NULL, "@as []", loket_app_state_read_only },
  { "wait-level", NULL, NULL, "'neutral'", loket_app_state_read_only },
  { "service-level", NULL, NULL, "'neutral'", loket_app_state_read_only },
  { "sheet", NULL, NULL, "''", loket_app_state_read_only },
  { "sheet-note", NULL, NULL, "true", loket_app_state_read_only },
  { "error", NULL, NULL, "''", loket_app_state_read_only },
};

/* Function keys: a clerk's hands stay on the keyboard between citizens. */
static const struct { const char *action, *accel; } shortcuts[] = {
  { "win.call-next", "F2" }, { "win.recall", "F3" }, { "win.start", "F4" },
  { "win.finish::served", "F5" }, { "win.noshow", "F6" }, { "win.transfer-sheet", "F7" },
  { "win.pause-sheet", "F8" }, { "win.resume", "F9" }, { "win.sheet-cancel", "Escape" },
};

static void
label_buttons (LoketCounterWindow *self)
{
  /* Translators: button labels; the key in brackets is the shortcut. */
  gtk_button_set_label (self->call_button, _("Call next  [F2]"));
  gtk_button_set_label (self->recall_button, _("Recall  [F3]"));
  gtk_button_set_label (self->start_button, _("Start service  [F4]"));
  adw_split_button_set_label (self->finish_button, _("Finish: served  [F5]"));
  gtk_button_set_label (self->noshow_button, _("Absent  [F6]"));
  gtk_button_set_label (self->transfer_button, _("Transfer…  [F7]"));
  gtk_button_set_label (self->pause_button, _("Pause…  [F8]"));
  gtk_button_set_label (self->resume_button, _("Resume  [F9]"));
  gtk_button_set_label (self->refuse_priority_button, _("Not entitled to priority…"));
}

static void
loket_counter_window_dispose (GObject *object)
{
  LoketCounterWindow *self = LOKET_COUNTER_WINDOW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->queue_source, g_source_remove);
  watch_item (self, (gpointer *) &self->counter, NULL);
  watch_item (self, (gpointer *) &self->ticket, NULL);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_COUNTER_WINDOW);
  G_OBJECT_CLASS (loket_counter_window_parent_class)->dispose (object);
}

static void
loket_counter_window_finalize (GObject *object)
{
  LoketCounterWindow *self = LOKET_COUNTER_WINDOW (object);

  g_clear_object (&self->model);
  g_clear_object (&self->queue);
  g_array_unref (self->queue_ids);
  g_clear_pointer (&self->figures, json_object_unref);
  loket_timer_labels_free (self->queue_timers);
  g_free (self->counter_id);
  g_free (self->clerk);
  g_free (self->sheet_ticket);
  g_strfreev (self->pause_reasons);
  loket_retry_clear (&self->retry);
  G_OBJECT_CLASS (loket_counter_window_parent_class)->finalize (object);
}

static void
loket_counter_window_class_init (LoketCounterWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = loket_counter_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_counter_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/loket/Counter/loket-counter-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketCounterWindow, name)
  BIND (title); BIND (clock_label); BIND (logout_button); BIND (offline_revealer); BIND (closed_revealer); BIND (toasts); BIND (pages);
  BIND (office_label); BIND (counter_row); BIND (clerk_row); BIND (pin_row); BIND (login_error);
  BIND (ticket_card); BIND (state_label); BIND (number_label); BIND (service_label); BIND (priority_label);
  BIND (recalls_label); BIND (wait_timer); BIND (service_timer); BIND (call_button); BIND (recall_button);
  BIND (refuse_priority_button);
  BIND (start_button); BIND (finish_button); BIND (noshow_button); BIND (transfer_button);
  BIND (pause_button); BIND (resume_button); BIND (figures_label); BIND (queue_title); BIND (queue_list);
  BIND (sheet); BIND (sheet_title); BIND (sheet_choice); BIND (sheet_note); BIND (sheet_confirm);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_pin_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sheet_activate);
}

static void
loket_counter_window_init (LoketCounterWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->queue_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->queue = g_list_store_new (LOKET_TYPE_TICKET_ITEM);
  self->queue_timers = loket_timer_labels_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_signal_connect (self->sheet_choice, "notify::selected", G_CALLBACK (on_sheet_choice), self);
  label_buttons (self);
  self->tick_source = g_timeout_add_seconds (1, tick, self);
}

LoketCounterWindow *
loket_counter_window_new (LoketCounterApplication *application)
{
  LoketCounterWindow *self = g_object_new (LOKET_TYPE_COUNTER_WINDOW, "application", application, NULL);
  g_autoptr(GtkExpression) name = gtk_property_expression_new (LOKET_TYPE_COUNTER_ITEM, NULL, "name");

  self->application = application;
  self->model = g_object_ref (loket_counter_application_get_model (application));
  update_clock (self);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      const char *accels[] = { shortcuts[i].accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (application), shortcuts[i].action, accels);
    }
  adw_combo_row_set_expression (self->counter_row, name);
  adw_combo_row_set_model (self->counter_row, loket_office_model_get_counters (self->model));
  gtk_list_box_bind_model (self->queue_list, G_LIST_MODEL (self->queue), create_queue_row, self, NULL);
  g_signal_connect (self->model, "synced", G_CALLBACK (on_synced), self);
  g_signal_connect_swapped (self->model, "notify::time-zone", G_CALLBACK (update_clock), self);
  g_signal_connect (self->model, "event", G_CALLBACK (on_event), self);
  g_signal_connect (self->model, "notify::online", G_CALLBACK (on_online_changed), self);
  g_signal_connect (self->model, "notify::closed", G_CALLBACK (on_closed_changed), self);
  on_online_changed (self->model, NULL, self);
  on_closed_changed (self->model, NULL, self);
  if (loket_office_model_get_synced (self->model))
    on_synced (self->model, self);
  update_all (self);
  return self;
}
