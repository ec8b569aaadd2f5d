/* loket-supervisor-rows.c — the overview's rows, changed in place; see
 * loket-supervisor-rows.h.
 *
 * Each row keeps what it shows beside it (a Row, as the row's data) so
 * that an update changes a label only when its text differs and replaces
 * a timer only when what it times changed: a counter that goes from
 * "called" to "serving" times its service from then on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-supervisor"

#include "config.h"

#include "loket-supervisor-rows.h"
#include "loket-ticket.h"

#include <glib/gi18n-lib.h>

#define USEC_PER_MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define ROW_KEY "loket-supervisor-row"

typedef struct {
  LoketOfficeModel *model;       /* borrowed: outlives the row */
  LoketTimerLabels *timers;      /* borrowed, likewise */
  GObject          *item;        /* the counter or service shown */
  GtkLabel         *pill;        /* a counter's state, or NULL */
  const char       *pill_class;
  GtkBox           *timer_box;   /* holds the timer, before any button */
  GtkWidget        *timer;       /* or NULL */
  gint64            since;
  gint64            promised;
} Row;

static void
row_free (Row *row)
{
  g_clear_object (&row->item);
  g_free (row);
}

static Row *
row_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), ROW_KEY);
}

/* An action row with a box for its timer; @row is taken over. */
static GtkWidget *
row_new (Row *row)
{
  GtkWidget *widget = adw_action_row_new ();

  row->timer_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  gtk_widget_set_valign (GTK_WIDGET (row->timer_box), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), GTK_WIDGET (row->timer_box));
  g_object_set_data_full (G_OBJECT (widget), ROW_KEY, row, (GDestroyNotify) row_free);
  return widget;
}

static void
set_title (GtkWidget *widget, const char *text)
{
  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), text);
}

static void
set_subtitle (GtkWidget *widget, const char *text)
{
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), text);
}

/* A timer from @since against @promised, or none (@shown FALSE); the
 * label is replaced only when what it times changed. */
static void
show_timer (Row *row, gboolean shown, gint64 since, gint64 promised, gint64 now)
{
  if (row->timer != NULL && shown && row->since == since && row->promised == promised)
    return;
  if (row->timer != NULL)
    gtk_box_remove (row->timer_box, g_steal_pointer (&row->timer));
  if (!shown)
    return;
  row->timer = loket_timer_labels_add (row->timers, since, promised, now);
  row->since = since;
  row->promised = promised;
  gtk_box_append (row->timer_box, row->timer);
}

/* ---- a counter --------------------------------------------------------- */

typedef struct {
  char       *what;
  const char *pill_text;
  const char *pill_class;
  gboolean    timed;
  gint64      since;
  gint64      promised;
} CounterLook;

static void
describe_ticket (LoketOfficeModel *model, LoketTicketItem *ticket, gint64 now, CounterLook *look)
{
  LoketServiceItem *service = loket_office_model_lookup_service (model, loket_ticket_item_get_service (ticket));
  gboolean serving = g_strcmp0 (loket_ticket_item_get_state (ticket), "serving") == 0;
  gint64 started = serving ? loket_ticket_item_get_started_at (ticket) : loket_ticket_item_get_called_at (ticket);

  /* Translators: "Serving A-012 · KTP-el" or "Called A-012 · KTP-el". */
  look->what = g_strdup_printf (serving ? _("Serving %s · %s") : _("Called %s · %s, waiting for the citizen"),
                                loket_ticket_item_get_number (ticket),
                                service ? loket_service_item_get_label (service) : "");
  look->pill_text = serving ? _("Serving") : _("Called");
  look->pill_class = serving ? "serving" : "called";
  look->timed = TRUE;
  look->since = started ? started : now;
  /* The ticket's own promise, or its service's for one issued without. */
  look->promised = !serving ? 0
                 : loket_ticket_item_get_promised_service_minutes (ticket) > 0
                   ? loket_ticket_item_get_promised_service_minutes (ticket) * USEC_PER_MINUTE
                 : service ? loket_service_item_get_promised_service_minutes (service) * USEC_PER_MINUTE : 0;
}

/* The state of one counter in words, its pill and its running time. */
static void
describe_counter (LoketOfficeModel *model, LoketCounterItem *counter, gint64 now, CounterLook *look)
{
  const char *state = loket_counter_item_get_state (counter);
  LoketTicketItem *ticket = loket_office_model_lookup_ticket (model, loket_counter_item_get_current_ticket (counter));

  *look = (CounterLook) { 0 };
  if (g_strcmp0 (state, "paused") == 0)
    {
      gint64 since = loket_counter_item_get_paused_since (counter);
      g_autofree char *clock = loket_office_model_format_time (model, since ? since : now, "%H:%M");
      g_autofree char *reason = loket_office_model_describe_pause (model, counter);

      /* Translators: a paused counter on the supervisor's screen. */
      look->what = g_strdup_printf (_("Paused since %s: %s"), clock, reason ? reason : "");
      look->pill_text = _("Paused");
      look->pill_class = "paused";
      look->timed = TRUE;
      look->since = since ? since : now;
      look->promised = LOKET_SUPERVISION_LONG_PAUSE_USEC;
    }
  else if (g_strcmp0 (state, "closed") == 0)
    {
      look->what = g_strdup (_("Closed: nobody is logged in"));
      look->pill_text = _("Closed");
      look->pill_class = "closed";
    }
  else if (ticket != NULL)
    describe_ticket (model, ticket, now, look);
  else if (loket_counter_item_get_clerk (counter) == NULL)
    {
      look->what = g_strdup (_("Open, but nobody is logged in"));
      look->pill_text = _("Unstaffed");
      look->pill_class = "unstaffed";
    }
  else
    {
      look->what = g_strdup (_("Open, ready to call"));
      look->pill_text = _("Open");
      look->pill_class = "open";
    }
}

const char *
loket_supervisor_counter_class (LoketOfficeModel *model, LoketCounterItem *counter)
{
  CounterLook look;

  describe_counter (model, counter, g_get_real_time (), &look);
  g_free (look.what);
  return look.pill_class;
}

static char *
services_text (LoketOfficeModel *model, LoketCounterItem *counter)
{
  const char * const *services = loket_counter_item_get_services (counter);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; services != NULL && services[i] != NULL; i++)
    {
      LoketServiceItem *service = loket_office_model_lookup_service (model, services[i]);

      g_string_append_printf (text, "%s%s", i ? ", " : "",
                              service ? loket_service_item_get_label (service) : services[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_counter_row (LoketCounterItem *counter, GParamSpec *pspec, GtkWidget *widget)
{
  Row *row = row_of (widget);
  const char *clerk = loket_counter_item_get_clerk (counter);
  g_autofree char *services = services_text (row->model, counter);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gint64 now = g_get_real_time ();
  CounterLook look;

  describe_counter (row->model, counter, now, &look);
  title = g_strdup_printf ("%s · %s", loket_counter_item_get_name (counter) ?: loket_counter_item_get_id (counter),
                           clerk ? clerk : "—");
  /* Translators: the second line of a counter: what it does, then the
   * services it calls. */
  subtitle = g_strdup_printf (_("%s\nCalls: %s"), look.what, services);
  set_title (widget, title);
  set_subtitle (widget, subtitle);
  gtk_label_set_text (row->pill, look.pill_text);
  if (g_strcmp0 (row->pill_class, look.pill_class) != 0)
    {
      if (row->pill_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (row->pill), row->pill_class);
      gtk_widget_add_css_class (GTK_WIDGET (row->pill), look.pill_class);
      row->pill_class = look.pill_class;
    }
  show_timer (row, look.timed, look.since, look.promised, now);
  g_free (look.what);
}

GtkWidget *
loket_supervisor_counter_row_new (LoketOfficeModel *model, LoketTimerLabels *timers, LoketCounterItem *counter)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *widget, *button;

  *row = (Row) { .model = model, .timers = timers, .item = g_object_ref (G_OBJECT (counter)) };
  widget = row_new (row);
  row->pill = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->pill), "state-pill");
  gtk_widget_set_valign (GTK_WIDGET (row->pill), GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (widget), GTK_WIDGET (row->pill));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (widget), 3);
  button = gtk_button_new_with_label (_("Services…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Change the services this counter calls (a reason is recorded)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.counter-services-sheet");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", loket_counter_item_get_id (counter));
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), button);
  /* The model keeps the counter's ticket number and state on the counter:
   * its "notify" covers the ticket in hand too. */
  g_signal_connect_object (counter, "notify", G_CALLBACK (update_counter_row), widget, 0);
  update_counter_row (counter, NULL, widget);
  return widget;
}

/* ---- a service --------------------------------------------------------- */

static void
update_service_title (LoketServiceItem *service, GParamSpec *pspec, GtkWidget *widget)
{
  set_title (widget, loket_service_item_get_label (service));
}

GtkWidget *
loket_supervisor_service_row_new (LoketOfficeModel *model, LoketTimerLabels *timers, LoketServiceItem *service)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *widget;

  *row = (Row) { .model = model, .timers = timers, .item = g_object_ref (G_OBJECT (service)) };
  widget = row_new (row);
  g_signal_connect_object (service, "notify::name", G_CALLBACK (update_service_title), widget, 0);
  g_signal_connect_object (service, "notify::name-en", G_CALLBACK (update_service_title), widget, 0);
  update_service_title (service, NULL, widget);
  return widget;
}

LoketServiceItem *
loket_supervisor_service_row_get_item (GtkWidget *widget)
{
  Row *row = row_of (widget);

  return row ? LOKET_SERVICE_ITEM (row->item) : NULL;
}

void
loket_supervisor_service_row_show (GtkWidget *widget, const LoketServiceWaits *w, gint64 now)
{
  Row *row = row_of (widget);
  LoketServiceItem *service = LOKET_SERVICE_ITEM (row->item);
  guint called = loket_service_item_get_called_today (service);
  guint within = loket_service_item_get_called_within_promise (service);
  g_autofree char *record = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: today's record of one service against its promised wait. */
  record = called > 0 ? g_strdup_printf (_("today %d of %d called within %d min"), (int) within, (int) called,
                                         (int) (w->promised_usec / USEC_PER_MINUTE))
                      : g_strdup (_("nobody called yet today"));
  /* Translators: "3 waiting (1 past the promise) · 2 open counters · today …". */
  subtitle = g_strdup_printf (_("%u waiting (%u past the promise) · %u open counters call it · %s"),
                              w->waiting, w->overdue, w->open_counters, record);
  set_subtitle (widget, subtitle);
  /* From the oldest waiting ticket's issue: the same instant each second. */
  show_timer (row, w->waiting > 0, now - w->longest_usec, w->promised_usec, now);
}

/* ---- an alert ---------------------------------------------------------- */

/* A button on an alert's row, acting on its subject through a "win."
 * action, as the header's buttons and the tests do. */
static GtkWidget *
alert_button (const char *label, const char *action, GVariant *target, gboolean suggested)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

/* A ticket whose paper failed: one click prints it again at the kiosk
 * that issued it, the reason said for the supervisor; or it is voided,
 * through the void sheet that asks why. */
static void
add_print_failed_buttons (GtkWidget *row, const char *number)
{
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             alert_button (_("Void…"), "win.void-sheet", g_variant_new_string (number), FALSE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             alert_button (_("Print again"), "win.reprint",
                                           g_variant_new ("(sss)", number, "", _("The ticket did not print at the kiosk")),
                                           TRUE));
}

GtkWidget *
loket_supervisor_alert_row_new (LoketOfficeModel *model, const LoketAlert *alert)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *mark = gtk_label_new (alert->severe ? "●" : "▲");

  gtk_widget_add_css_class (mark, alert->severe ? "alert-severe" : "alert-warning");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), alert->message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  if (alert->since > 0)
    {
      g_autofree char *clock = loket_office_model_format_time (model, alert->since, "%H:%M");
      /* Translators: when the matter behind an alert began. */
      g_autofree char *since = g_strdup_printf (_("since %s"), clock);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), since);
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), mark);
  if (alert->kind == LOKET_ALERT_PRINT_FAILED)
    add_print_failed_buttons (row, alert->subject);
  if (alert->kind == LOKET_ALERT_RECEIPT_FAILED)
    /* The complaint itself: its contact, and "Take up" there. */
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               alert_button (_("Open"), "win.complaint-open", g_variant_new_string (alert->subject),
                                             TRUE));
  return row;
}
