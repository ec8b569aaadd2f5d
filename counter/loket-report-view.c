/* loket-report-view.c — the report against the charter in the
 * supervisor's view, for a head of office to read.
 *
 * The server computes the model (REPORT, for a day up to a year); this
 * view asks for the period chosen above it (a day, a week, a month, a
 * quarter or a year, stepped back and forth or picked on a calendar),
 * shows that it is computing, and then shows first what the PDF's first
 * page shows, drawn by the same code (loket-report-charts.c through
 * LoketReportChartView): the key figures, the share called within the
 * promise per service, the breaches and longest waits, how long citizens
 * waited and when they came.  Below, the grouping's table with its
 * summary columns, narrow enough for the window; "Every column" shows the
 * whole table in a strip that scrolls sideways, its scroll bar always in
 * sight.  The PDF and CSV are written from the same model with the same
 * renderers as `loketctl report`.  Nothing is counted here, so the
 * screen, the file and the command line never disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-supervisor"

#include "config.h"

#include "loket-report-view.h"

#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-report-chart-view.h"
#include "loket-report-grid.h"
#include "loket-skm-view.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The charts in the order they are read: the key figures, then the left
 * column, then the right one. */
static const LoketReportChart charts_shown[] = {
  LOKET_REPORT_CHART_FIGURES,
  LOKET_REPORT_CHART_COMPLIANCE, LOKET_REPORT_CHART_BREACHES,
  LOKET_REPORT_CHART_WAITS, LOKET_REPORT_CHART_ARRIVALS,
};

struct _LoketReportView
{
  GtkBox               parent_instance;

  LoketClient         *client;
  LoketOfficeModel    *model;
  GCancellable        *request;    /* the request under way, or NULL */
  LoketReportPeriod    period;
  char                *day;        /* a day of the period; NULL: today's */
  char                *from, *to;  /* what was last asked for */
  LoketReport         *report;
  LoketReportGrouping  grouping;
  gboolean             every_column;
  GStrv                rows;       /* the shown rows, cells joined by "|" */
  GStrv                charts;     /* "name|description" of each chart shown */

  GtkDropDown         *period_choice;
  GtkMenuButton       *period_button;
  GtkCalendar         *calendar;
  GtkWidget           *next_button;
  GtkSpinner          *spinner;
  GtkLabel            *status;
  GtkWidget           *charts_grid;
  GtkWidget           *chart_views[G_N_ELEMENTS (charts_shown)];
  GtkLabel            *empty;
  GtkLabel            *table_title;
  GtkDropDown         *grouping_choice;
  GtkScrolledWindow   *table_scroller;
  GtkGrid             *grid;
  LoketSkmView        *skm;        /* the survey's index for the same period */
};

G_DEFINE_FINAL_TYPE (LoketReportView, loket_report_view, GTK_TYPE_BOX)

enum { PROP_0, PROP_ROWS, PROP_CHARTS, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* ---- the period --------------------------------------------------------- */

/* Today's service day at the office, as the server counts it; the
 * office's clock where no snapshot has said yet, and before the office's
 * time zone is known the PC's (the range is set again once the office's
 * service day arrives: notify::service-day). */
static char *
today (LoketReportView *self)
{
  const char *day = self->model ? loket_office_model_get_service_day (self->model) : NULL;
  g_autoptr(GDateTime) now = NULL;

  if (day != NULL && *day)
    return g_strdup (day);
  if (self->model != NULL)
    now = loket_office_model_date_time (self->model, g_get_real_time ());
  if (now == NULL)
    now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

static char *
format_day (const char *day)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = loket_report_day_start (day, utc);

  return start ? loket_i18n_format_day (start) : g_strdup (day);
}

static char *
format_range (const char *from, const char *to)
{
  g_autofree char *a = format_day (from);
  g_autofree char *b = format_day (to);

  return g_str_equal (from, to) ? g_steal_pointer (&a) : g_strdup_printf ("%s – %s", a, b);
}

static void on_day_selected (GtkCalendar *calendar, LoketReportView *self);

/* The calendar opens on the period's first day; choosing a day there
 * chooses its period, but showing one does not. */
static void
show_on_calendar (LoketReportView *self)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = loket_report_day_start (self->from, utc);

  if (start == NULL)
    return;
  g_signal_handlers_block_by_func (self->calendar, on_day_selected, self);
  gtk_calendar_select_day (self->calendar, start);
  g_signal_handlers_unblock_by_func (self->calendar, on_day_selected, self);
}

/* The period's days, up to today: a report of days to come would
 * count nobody. */
static void
update_range (LoketReportView *self)
{
  g_autofree char *now = today (self);
  g_autofree char *label = NULL;
  g_autofree char *next = NULL;

  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  if (!loket_report_period_range (self->period, self->day ? self->day : now, &self->from, &self->to))
    loket_report_period_range (self->period, now, &self->from, &self->to);
  if (strcmp (self->to, now) > 0 && strcmp (self->from, now) <= 0)
    {
      g_free (self->to);
      self->to = g_strdup (now);
    }
  label = format_range (self->from, self->to);
  gtk_menu_button_set_label (self->period_button, label);
  show_on_calendar (self);
  next = loket_report_period_step (self->period, self->from, 1);
  gtk_widget_set_sensitive (self->next_button, next != NULL && strcmp (next, now) <= 0);
}

static gboolean
holds_today (LoketReportView *self)
{
  g_autofree char *now = today (self);

  return self->to != NULL && strcmp (self->to, now) >= 0;
}

static void
set_status (LoketReportView *self, const char *text, gboolean error)
{
  gtk_label_set_text (self->status, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

static void
set_loading (LoketReportView *self, gboolean loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  if (loading)
    /* Translators: while the server computes the report of a period. */
    set_status (self, _("Computing the report…"), FALSE);
}

/* ---- what is shown ------------------------------------------------------ */

/* A report grid's cell; the report's headers are long ("90th percentile
 * (min)", "within promise (%)") and wrap, where the index's do not. */
static GtkWidget *
cell (const char *text, gboolean numeric, gboolean header, gboolean total)
{
  GtkWidget *label = loket_report_grid_cell (text, numeric, header, total);

  if (header)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), numeric ? 10 : 24);
    }
  return label;
}

/* The grouping's table, its summary columns or every one, into the grid;
 * the rows as text into @rows. */
static void
fill_table (LoketReportView *self, GStrvBuilder *rows)
{
  g_autoptr(LoketReportTable) table = self->every_column
    ? loket_report_table_new (self->report, self->grouping)
    : loket_report_table_new_summary (self->report, self->grouping);

  gtk_label_set_text (self->table_title, table->title);
  for (guint c = 0; c < table->columns->len; c++)
    {
      LoketReportColumn *column = g_ptr_array_index (table->columns, c);

      gtk_grid_attach (self->grid, cell (column->label, column->numeric, TRUE, FALSE), c, 0, 1, 1);
    }
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **cells = g_ptr_array_index (table->rows, r);
      gboolean total = table->has_total && r + 1 == table->rows->len;
      g_autofree char *joined = g_strjoinv ("|", cells);

      for (guint c = 0; c < table->columns->len; c++)
        {
          LoketReportColumn *column = g_ptr_array_index (table->columns, c);

          gtk_grid_attach (self->grid, cell (cells[c], column->numeric, FALSE, total), c, r + 1, 1, 1);
        }
      g_strv_builder_add (rows, joined);
    }
}

static void
fill_charts (LoketReportView *self, GStrvBuilder *charts)
{
  gboolean any = self->report != NULL && self->report->total->issued > 0;

  for (guint i = 0; i < G_N_ELEMENTS (charts_shown); i++)
    {
      LoketReportChartView *view = LOKET_REPORT_CHART_VIEW (self->chart_views[i]);
      g_autofree char *line = NULL;

      loket_report_chart_view_set_report (view, any ? self->report : NULL);
      if (!any)
        continue;
      line = g_strdup_printf ("%s|%s", loket_report_chart_to_string (charts_shown[i]),
                              loket_report_chart_view_get_description (view));
      g_strv_builder_add (charts, line);
    }
  gtk_widget_set_visible (self->charts_grid, any);
  gtk_widget_set_visible (GTK_WIDGET (self->empty), self->report != NULL && !any);
}

static void
rebuild (LoketReportView *self)
{
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) charts = g_strv_builder_new ();

  loket_report_grid_clear (self->grid);
  g_clear_pointer (&self->rows, g_strfreev);
  g_clear_pointer (&self->charts, g_strfreev);
  fill_charts (self, charts);
  if (self->report != NULL)
    fill_table (self, rows);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->table_scroller)), self->report != NULL);
  self->rows = g_strv_builder_end (rows);
  self->charts = g_strv_builder_end (charts);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHARTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS]);
}

/* "21 service days · 1 874 tickets": what the period held. */
static void
show_summary (LoketReportView *self)
{
  g_autofree char *text = NULL;

  if (self->report == NULL)
    return;
  /* Translators: under the period: "Kantor Dukcapil · 21 service days". */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u service day", "%s · %u service days",
                                       self->report->days),
                          self->report->office, self->report->days);
  set_status (self, text, FALSE);
}

/* ---- asking the server -------------------------------------------------- */

static void
on_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketReportView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  JsonObject *model = reply && json_object_has_member (reply, "report")
                    ? json_object_get_object_member (reply, "report") : NULL;
  LoketReport *report = NULL;

  /* Dropped for a newer request, which shows its own state. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->request);
  set_loading (self, FALSE);
  if (reply != NULL && model == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The server sent no report."));
  if (model != NULL)
    report = loket_report_from_json (model, &error);
  if (report == NULL)
    {
      g_debug ("no report of %s to %s: %s", self->from, self->to, error->message);
      set_status (self, error->message, TRUE);
      /* Another period's report under this period's name would mislead. */
      if (self->report != NULL && (g_strcmp0 (self->report->from, self->from) != 0 ||
                                   g_strcmp0 (self->report->to, self->to) != 0))
        loket_report_view_set_report (self, NULL);
      return;
    }
  loket_report_view_set_report (self, report);
}

void
loket_report_view_request (LoketReportView *self)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (LOKET_IS_REPORT_VIEW (self));
  update_range (self);
  if (self->client == NULL)
    return;
  if (self->request != NULL)
    g_cancellable_cancel (self->request);
  g_clear_object (&self->request);
  self->request = g_cancellable_new ();
  body = loket_json_object_new_with ("from", self->from, "to", self->to,
                                     "lang", loket_i18n_get_language (), NULL);
  set_loading (self, TRUE);
  loket_client_request_async (self->client, "REPORT", body, NULL, self->request, on_reply, g_object_ref (self));
  loket_skm_view_request (self->skm, self->client, self->from, self->to);
}

void
loket_report_view_refresh (LoketReportView *self)
{
  g_return_if_fail (LOKET_IS_REPORT_VIEW (self));
  if (self->request == NULL && holds_today (self))
    loket_report_view_request (self);
}

/* ---- the controls ------------------------------------------------------- */

static void
on_period_selected (GtkDropDown *choice, GParamSpec *pspec, LoketReportView *self)
{
  guint selected = gtk_drop_down_get_selected (choice);

  if (selected != GTK_INVALID_LIST_POSITION && selected != (guint) self->period)
    loket_report_view_set_period (self, (LoketReportPeriod) selected, self->from);
}

static void
step (LoketReportView *self, int n)
{
  g_autofree char *day = loket_report_period_step (self->period, self->from, n);

  if (day != NULL)
    loket_report_view_set_period (self, self->period, day);
}

static void
on_previous (GtkButton *button, LoketReportView *self)
{
  step (self, -1);
}

static void
on_next (GtkButton *button, LoketReportView *self)
{
  step (self, 1);
}

static void
on_day_selected (GtkCalendar *calendar, LoketReportView *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");

  gtk_menu_button_popdown (self->period_button);
  loket_report_view_set_period (self, self->period, day);
}

static void
on_grouping_selected (GtkDropDown *choice, GParamSpec *pspec, LoketReportView *self)
{
  guint selected = gtk_drop_down_get_selected (choice);

  if (selected != GTK_INVALID_LIST_POSITION && selected != (guint) self->grouping)
    loket_report_view_set_grouping (self, (LoketReportGrouping) selected);
}

static void
on_every_column (GtkToggleButton *toggle, LoketReportView *self)
{
  self->every_column = gtk_toggle_button_get_active (toggle);
  /* Room for the scroll bar below the total row, which the scrolled
   * window's height does not count. */
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->grid), self->every_column ? 16 : 0);
  rebuild (self);
}

/* ---- building the view -------------------------------------------------- */

static GtkWidget *
icon_button (const char *icon, const char *tooltip, GCallback callback, LoketReportView *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

/* The period chosen, and the files: one row above everything. */
static GtkWidget *
build_header (LoketReportView *self)
{
  /* In the order of LoketReportPeriod. */
  const char *periods[] = { _("Day"), _("Week"), _("Month"), _("Quarter"), _("Year"), NULL };
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *save_pdf = gtk_button_new_with_label (_("Save PDF…"));
  GtkWidget *save_csv = gtk_button_new_with_label (_("Save CSV…"));
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  self->period_choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (periods));
  gtk_widget_set_valign (GTK_WIDGET (self->period_choice), GTK_ALIGN_CENTER);
  g_signal_connect (self->period_choice, "notify::selected", G_CALLBACK (on_period_selected), self);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->period_choice));
  gtk_box_append (GTK_BOX (header), icon_button ("go-previous-symbolic", _("The period before"),
                                                 G_CALLBACK (on_previous), self));
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  g_signal_connect (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  self->period_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_popover (self->period_button, popover);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->period_button), _("Pick a day of the period on the calendar"));
  gtk_widget_add_css_class (GTK_WIDGET (self->period_button), "report-period");
  gtk_widget_set_valign (GTK_WIDGET (self->period_button), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->period_button));
  self->next_button = icon_button ("go-next-symbolic", _("The period after"), G_CALLBACK (on_next), self);
  gtk_box_append (GTK_BOX (header), self->next_button);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->spinner));
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (header), spacer);
  /* The window owns the file dialogs and the export actions. */
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (save_pdf), "win.report-save::pdf");
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (save_csv), "win.report-save::csv");
  gtk_widget_set_valign (save_pdf, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (save_csv, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), save_csv);
  gtk_box_append (GTK_BOX (header), save_pdf);
  return header;
}

static GtkWidget *
chart_card (LoketReportView *self, guint i)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->chart_views[i] = loket_report_chart_view_new (charts_shown[i]);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "report-chart");
  gtk_box_append (GTK_BOX (card), self->chart_views[i]);
  return card;
}

/* The key figures across, then two columns: the promise kept and broken
 * per service on the left, the waits and the arrivals on the right, so
 * that at 1366×768 the page shows all of them at once. */
static GtkWidget *
build_charts (LoketReportView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
  gtk_box_append (GTK_BOX (box), chart_card (self, 0));
  for (guint c = 0; c < 2; c++)
    {
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

      gtk_widget_set_valign (column, GTK_ALIGN_START);
      for (guint i = 1 + 2 * c; i < 3 + 2 * c; i++)
        gtk_box_append (GTK_BOX (column), chart_card (self, i));
      gtk_box_append (GTK_BOX (columns), column);
    }
  gtk_box_append (GTK_BOX (box), columns);
  return box;
}

/* The grouping's table: its title, which grouping, every column or the
 * summary; the cells in a strip that scrolls sideways. */
static GtkWidget *
build_table (LoketReportView *self)
{
  /* In the order of LoketReportGrouping. */
  const char *groupings[] = { _("Per service"), _("Per counter"), _("Per clerk"), _("Per hour"),
                              _("Per kiosk"), NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *every = gtk_toggle_button_new_with_label (_("Every column"));

  self->table_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->table_title, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->table_title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->table_title), "heading");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->table_title));
  self->grouping_choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (groupings));
  g_signal_connect (self->grouping_choice, "notify::selected", G_CALLBACK (on_grouping_selected), self);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->grouping_choice));
  gtk_widget_set_tooltip_text (every, _("Every figure of the table; scroll sideways to see them all"));
  g_signal_connect (every, "toggled", G_CALLBACK (on_every_column), self);
  gtk_box_append (GTK_BOX (header), every);
  gtk_box_append (GTK_BOX (box), header);

  self->grid = loket_report_grid_new ();
  self->table_scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->table_scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  /* A scroll bar that shows only under the pointer would hide that
   * there is more to the right. */
  gtk_scrolled_window_set_overlay_scrolling (self->table_scroller, FALSE);
  gtk_scrolled_window_set_propagate_natural_height (self->table_scroller, TRUE);
  gtk_scrolled_window_set_child (self->table_scroller, GTK_WIDGET (self->grid));
  gtk_widget_add_css_class (GTK_WIDGET (self->table_scroller), "card");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->table_scroller));
  return box;
}

static void
loket_report_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketReportView *self = LOKET_REPORT_VIEW (object);

  switch (prop_id)
    {
    case PROP_ROWS:
      g_value_set_boxed (value, self->rows);
      break;
    case PROP_CHARTS:
      g_value_set_boxed (value, self->charts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_report_view_dispose (GObject *object)
{
  LoketReportView *self = LOKET_REPORT_VIEW (object);

  if (self->request != NULL)
    g_cancellable_cancel (self->request);
  g_clear_object (&self->request);
  g_clear_object (&self->client);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (loket_report_view_parent_class)->dispose (object);
}

static void
loket_report_view_finalize (GObject *object)
{
  LoketReportView *self = LOKET_REPORT_VIEW (object);

  g_clear_pointer (&self->report, loket_report_free);
  g_free (self->day);
  g_free (self->from);
  g_free (self->to);
  g_strfreev (self->rows);
  g_strfreev (self->charts);
  G_OBJECT_CLASS (loket_report_view_parent_class)->finalize (object);
}

static void
loket_report_view_class_init (LoketReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = loket_report_view_get_property;
  object_class->dispose = loket_report_view_dispose;
  object_class->finalize = loket_report_view_finalize;
  properties[PROP_ROWS] = g_param_spec_boxed ("rows", NULL, NULL, G_TYPE_STRV,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHARTS] = g_param_spec_boxed ("charts", NULL, NULL, G_TYPE_STRV,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_report_view_init (LoketReportView *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *limit;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "supervisor-page");
  gtk_box_append (GTK_BOX (self), build_header (self));
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status));

  /* The survey's index first: a handful of rows, the figure the office
   * publishes each year. */
  self->skm = loket_skm_view_new ();
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->skm));
  self->charts_grid = build_charts (self);
  gtk_box_append (GTK_BOX (content), self->charts_grid);
  /* Translators: a period in which nobody took a ticket. */
  self->empty = GTK_LABEL (gtk_label_new (_("Nobody took a ticket in this period.")));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty), "dim-label");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->empty));
  gtk_box_append (GTK_BOX (content), build_table (self));
  /* The limit, where it applies: REPORT covers a day up to a year. */
  limit = gtk_label_new (_("The server computes a report of up to a year (a large office's year in about "
                           "half a second). Longer periods: loketctl report --db on the office's database."));
  gtk_label_set_xalign (GTK_LABEL (limit), 0);
  gtk_label_set_wrap (GTK_LABEL (limit), TRUE);
  gtk_widget_add_css_class (limit, "dim-label");
  gtk_widget_add_css_class (limit, "caption");
  gtk_box_append (GTK_BOX (content), limit);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self), scroller);
  self->period = LOKET_REPORT_PERIOD_DAY;
  update_range (self);
  rebuild (self);
}

/* ---- public ------------------------------------------------------------- */

LoketReportView *
loket_report_view_new (void)
{
  return g_object_new (LOKET_TYPE_REPORT_VIEW, NULL);
}

void
loket_report_view_connect (LoketReportView  *self,
                           LoketClient      *client,
                           LoketOfficeModel *model)
{
  g_return_if_fail (LOKET_IS_REPORT_VIEW (self));
  g_set_object (&self->client, client);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_swapped (model, "notify::service-day", G_CALLBACK (update_range), self);
  update_range (self);
}

void
loket_report_view_set_period (LoketReportView   *self,
                              LoketReportPeriod  period,
                              const char        *day)
{
  g_return_if_fail (LOKET_IS_REPORT_VIEW (self));
  self->period = period;
  /* NULL keeps to today's period: a view left open overnight moves on. */
  g_free (self->day);
  self->day = g_strdup (day);
  if (gtk_drop_down_get_selected (self->period_choice) != (guint) period)
    gtk_drop_down_set_selected (self->period_choice, period);
  loket_report_view_request (self);
}

void
loket_report_view_set_report (LoketReportView *self,
                              LoketReport     *report)
{
  g_return_if_fail (LOKET_IS_REPORT_VIEW (self));
  /* The charts borrow the report: they let go of the old one first. */
  for (guint i = 0; i < G_N_ELEMENTS (charts_shown); i++)
    loket_report_chart_view_set_report (LOKET_REPORT_CHART_VIEW (self->chart_views[i]), NULL);
  g_clear_pointer (&self->report, loket_report_free);
  self->report = report;
  rebuild (self);
  show_summary (self);
}

LoketSkmView *
loket_report_view_get_skm (LoketReportView *self)
{
  g_return_val_if_fail (LOKET_IS_REPORT_VIEW (self), NULL);
  return self->skm;
}

const LoketReport *
loket_report_view_get_report (LoketReportView *self)
{
  g_return_val_if_fail (LOKET_IS_REPORT_VIEW (self), NULL);
  return self->report;
}

void
loket_report_view_set_grouping (LoketReportView     *self,
                                LoketReportGrouping  grouping)
{
  g_return_if_fail (LOKET_IS_REPORT_VIEW (self));
  self->grouping = grouping;
  if (gtk_drop_down_get_selected (self->grouping_choice) != (guint) grouping)
    gtk_drop_down_set_selected (self->grouping_choice, grouping);
  rebuild (self);
}

const char * const *
loket_report_view_get_rows (LoketReportView *self)
{
  g_return_val_if_fail (LOKET_IS_REPORT_VIEW (self), NULL);
  return (const char * const *) self->rows;
}

const char * const *
loket_report_view_get_charts (LoketReportView *self)
{
  g_return_val_if_fail (LOKET_IS_REPORT_VIEW (self), NULL);
  return (const char * const *) self->charts;
}

gboolean
loket_report_view_save (LoketReportView    *self,
                        LoketReportFormat   format,
                        GFile              *file,
                        GError            **error)
{
  g_autoptr(GFileOutputStream) out = NULL;

  g_return_val_if_fail (LOKET_IS_REPORT_VIEW (self), FALSE);
  if (self->report == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The report has not arrived yet."));
      return FALSE;
    }
  /* Written beside and renamed over: a half-written report never stands
   * where the supervisor asked for it. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  return out != NULL &&
         loket_report_write (self->report, self->grouping, format, G_OUTPUT_STREAM (out), error) &&
         g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
