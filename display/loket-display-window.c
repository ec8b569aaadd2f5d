/* loket-display-window.c — the board: the newest call large, the
 * counters, the last calls, who waits for what, and how the office keeps
 * its charter today.
 *
 * The board holds no state of its own making: it renders the office
 * model (LoketOfficeModel), which the server's snapshot and the events
 * after it keep, each exactly once.  The tiles, the recent calls and the
 * waiting bar are bound to the model's lists and items: a change redraws
 * the tile, row or chip it concerns and nothing else.  A call is
 * announced only when its event arrives (the model's "called"), never
 * from a first snapshot, and only if its seq is newer than the last one
 * announced — so a resync after a network hiccup or a server restart
 * repeats nothing.  Without a heartbeat for 3 s the board greys out what
 * it shows and says it is offline: an old number must not look like a
 * current one.  Once the day is closed (the model's "closed") it steps
 * back behind one message until someone queues again.
 *
 * Read-only actions expose what the board shows, for tests and remote
 * checks: "online", "now-calling" ("A-007@3"), "announced" (the seq of
 * the last call handed to the announcer), "calls" (recent calls as
 * "NUMBER@COUNTER", newest first), "waiting" (people waiting for the
 * services shown), "called-today" (the citizens of those services called
 * today, the ticker's figures), "closed", "resyncs" and "tiles" (each
 * counter tile shown as "ID=its line", e.g. "4=Istirahat: Sholat").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-display"

#include "config.h"

#include "loket-app.h"
#include "loket-app-box.h"
#include "loket-display-window.h"
#include "loket-i18n.h"
#include "loket-office-model.h"

#include <glib/gi18n.h>

#define RECENT_CALLS      4
#define FRESH_SECONDS     8
#define TICKER_SECONDS    6
/* A call missed while the board was cut off is still announced after the
 * resync if it is this recent; older ones the citizen has surely heard
 * from another board, or a clerk has recalled. */
#define MISSED_CALL_MAX_AGE (3 * 60 * G_USEC_PER_SEC)

struct _LoketDisplayWindow
{
  AdwApplicationWindow  parent_instance;

  GtkBox       *offline_box;
  GtkImage     *offline_icon;
  GtkLabel     *offline_label;
  GtkBox       *closed_box;
  GtkLabel     *closed_title;
  GtkLabel     *closed_label;
  GtkBox       *board;
  GtkLabel     *office_label;
  GtkLabel     *clock_label;
  GtkBox       *now_panel;
  GtkLabel     *now_title;
  GtkLabel     *now_number;
  GtkLabel     *now_counter;
  GtkLabel     *recent_title;
  GtkBox       *recent_box;
  GtkLabel     *counters_title;
  GtkFlowBox   *counters;
  GtkBox       *waiting_box;
  GtkLabel     *ticker_label;

  LoketDisplayApplication *application;
  LoketOfficeModel *model;
  GtkFilter    *counter_filter;  /* a ticket or counter this board shows */
  GListModel   *calls;           /* recent calls of the counters shown, newest first */
  GListModel   *shown_counters;
  GListModel   *shown_services;
  gint64        last_announced;
  gboolean      had_snapshot;

  GtkCssProvider *scale_css;
  int           scale_height;
  guint         clock_source;
  guint         fresh_source;
  guint         ticker_source;
  guint         ticker_page;
  gboolean      ticker_empty;    /* no service has a record yet */
};

G_DEFINE_FINAL_TYPE (LoketDisplayWindow, loket_display_window, ADW_TYPE_APPLICATION_WINDOW)

static void
set_state (LoketDisplayWindow *self, const char *action, GVariant *value)
{
  loket_app_set_state (G_ACTION_MAP (self), action, value);
}

static gboolean
shows (const char * const *filter, const char *id)
{
  return filter == NULL || (id != NULL && g_strv_contains (filter, id));
}

static gboolean
shows_counter (LoketDisplayWindow *self, const char *id)
{
  return shows (loket_display_application_get_counters (self->application), id);
}

static gboolean
shows_service (LoketDisplayWindow *self, const char *id)
{
  return shows (loket_display_application_get_services (self->application), id);
}

static const char *
counter_name (LoketDisplayWindow *self, const char *id)
{
  LoketCounterItem *counter = loket_office_model_lookup_counter (self->model, id);
  const char *name = counter ? loket_counter_item_get_name (counter) : NULL;

  return name ? name : id;
}

/* ---- scale ------------------------------------------------------------- */

/* The board is designed at 1080 lines and scaled to the screen, from a
 * 720p panel to a 4K TV, so that the number fills the same share of it.
 * Checked with the clock, once a second, rather than during allocation:
 * a new style sheet makes GTK measure everything again. */
static void
update_scale (LoketDisplayWindow *self, int height)
{
  double k = height / 1080.0;
  g_autofree char *css = NULL;

  if (height <= 0 || height == self->scale_height)
    return;
  self->scale_height = height;
#define PX(n) ((int) ((n) * k + 0.5))
  css = g_strdup_printf (
    ".board-header { padding: %dpx %dpx; }"
    ".office-name { font-size: %dpx; }"
    ".clock { font-size: %dpx; }"
    ".now-panel { padding: %dpx; min-width: %dpx; }"
    ".now-title { font-size: %dpx; }"
    ".now-number { font-size: %dpx; }"
    ".now-counter { font-size: %dpx; }"
    ".section-title { font-size: %dpx; margin: %dpx 0; }"
    ".recent-call { font-size: %dpx; padding: %dpx 0; }"
    ".counters-panel { padding: %dpx; }"
    ".counter-tile { padding: %dpx %dpx; border-radius: %dpx; min-height: %dpx; }"
    ".counter-name { font-size: %dpx; }"
    ".counter-number { font-size: %dpx; }"
    ".counter-state { font-size: %dpx; }"
    ".waiting-bar { padding: %dpx %dpx; }"
    ".waiting-count { font-size: %dpx; }"
    ".waiting-name { font-size: %dpx; }"
    ".waiting-chip { margin: 0 %dpx; }"
    ".ticker { font-size: %dpx; padding: %dpx %dpx; }"
    ".offline-overlay { font-size: %dpx; padding: %dpx %dpx; border-radius: %dpx; }"
    ".closed-overlay { font-size: %dpx; padding: %dpx %dpx; border-radius: %dpx; }"
    ".closed-title { font-size: %dpx; }",
    PX (20), PX (40), PX (40), PX (34),
    PX (40), PX (760),
    PX (44), PX (210), PX (56),
    PX (34), PX (10),
    PX (34), PX (2),
    PX (40),
    PX (18), PX (28), PX (18), PX (150),
    PX (32), PX (64), PX (30),
    PX (14), PX (40), PX (30), PX (20), PX (12),
    PX (30), PX (12), PX (40),
    PX (44), PX (40), PX (60), PX (24),
    PX (44), PX (60), PX (90), PX (24),
    PX (96));
#undef PX
  gtk_css_provider_load_from_data (self->scale_css, css, -1);
  gtk_image_set_pixel_size (self->offline_icon, (int) (96 * k));
}

/* The screen's height, not the window's: a board sized by its own
 * content would grow with its fonts. */
static int
screen_height (LoketDisplayWindow *self)
{
  int width = 0, height = 0;

  /* GTK 4.8 does not take NULL for the width. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  return height;
}

static void
on_default_size (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  update_scale (LOKET_DISPLAY_WINDOW (object), screen_height (LOKET_DISPLAY_WINDOW (object)));
}

/* ---- clock and ticker -------------------------------------------------- */

static gboolean
update_clock (gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  g_autoptr(GDateTime) now = loket_office_model_date_time (self->model, g_get_real_time ());
  g_autofree char *date = now ? loket_i18n_format_date (now) : NULL;
  g_autofree char *time = now ? g_date_time_format (now, "%H:%M") : NULL;
  g_autofree char *text = now ? g_strdup_printf ("%s  ·  %s", date, time) : NULL;

  /* Nothing until the office has said its time zone: no wrong time. */
  gtk_label_set_text (self->clock_label, text ? text : "");
  update_scale (self, screen_height (self));
  return G_SOURCE_CONTINUE;
}

/* One service's record per page: "KTP-el: 92 % called within the
 * promised 30 minutes (23 of 25)". */
static gboolean
update_ticker (gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (self->shown_services); i++)
    {
      g_autoptr(LoketServiceItem) s = g_list_model_get_item (self->shown_services, i);
      guint called = loket_service_item_get_called_today (s);
      guint within = loket_service_item_get_called_within_promise (s);

      if (called == 0)
        continue;
      /* Translators: the board's ticker: service, share of citizens called
       * within the charter's promised wait, the promise, then the counts. */
      g_ptr_array_add (pages, g_strdup_printf (_("%s: %d%% called within the promised %d minutes (%d of %d)"),
                                               loket_service_item_get_short_label (s), (int) (100 * within / called),
                                               (int) loket_service_item_get_promised_wait_minutes (s),
                                               (int) within, (int) called));
    }
  self->ticker_empty = pages->len == 0;
  if (pages->len == 0)
    gtk_label_set_text (self->ticker_label, _("Today's record against the citizen charter appears here "
                                              "once the first citizens have been called."));
  else
    gtk_label_set_text (self->ticker_label, g_ptr_array_index (pages, self->ticker_page++ % pages->len));
  return G_SOURCE_CONTINUE;
}

/* ---- the newest call and the recent ones ------------------------------- */

static void
update_now (LoketDisplayWindow *self)
{
  g_autoptr(LoketTicketItem) newest = g_list_model_get_item (self->calls, 0);
  const char *counter = newest ? loket_ticket_item_get_counter (newest) : NULL;
  g_autofree char *state = NULL;

  gtk_label_set_text (self->now_number, newest ? loket_ticket_item_get_number (newest) : "—");
  /* Under the called number: where to go. */
  gtk_label_set_text (self->now_counter, newest ? counter_name (self, counter) : "");
  state = newest ? g_strdup_printf ("%s@%s", loket_ticket_item_get_number (newest), counter) : g_strdup ("");
  set_state (self, "now-calling", g_variant_new_string (state));
}

static void
update_calls_state (LoketDisplayWindow *self)
{
  GVariantBuilder calls;

  g_variant_builder_init (&calls, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < MIN (g_list_model_get_n_items (self->calls), RECENT_CALLS + 1); i++)
    {
      g_autoptr(LoketTicketItem) t = g_list_model_get_item (self->calls, i);

      g_autofree char *entry = g_strdup_printf ("%s@%s", loket_ticket_item_get_number (t),
                                                loket_ticket_item_get_counter (t));

      g_variant_builder_add (&calls, "s", entry);
    }
  set_state (self, "calls", g_variant_builder_end (&calls));
}

static void
on_calls_changed (GListModel *calls, guint position, guint removed, guint added, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;

  if (position == 0)
    update_now (self);
  if (position <= RECENT_CALLS)
    update_calls_state (self);
}

static void
update_recent_row (LoketTicketItem *ticket, GParamSpec *pspec, GtkLabel *row)
{
  LoketDisplayWindow *self = g_object_get_data (G_OBJECT (row), "window");
  g_autofree char *text = g_strdup_printf ("%s  →  %s", loket_ticket_item_get_number (ticket),
                                           counter_name (self, loket_ticket_item_get_counter (ticket)));

  gtk_label_set_text (row, text);
}

/* A recent call under the big one: "A-003  →  Loket 1". */
static GtkWidget *
create_recent_row (gpointer item, gpointer user_data)
{
  GtkWidget *row = gtk_label_new (NULL);

  g_object_set_data (G_OBJECT (row), "window", user_data);
  gtk_label_set_xalign (GTK_LABEL (row), 0);
  gtk_widget_add_css_class (row, "recent-call");
  update_recent_row (item, NULL, GTK_LABEL (row));
  g_signal_connect_object (item, "notify::counter", G_CALLBACK (update_recent_row), row, 0);
  return row;
}

/* ---- counters ---------------------------------------------------------- */

typedef struct {
  GtkWidget *tile;
  GtkLabel  *number;
  GtkLabel  *status;
  char      *kind;   /* the css class of its state */
  char      *id;     /* the counter's */
  LoketDisplayWindow *window;   /* owns the flow box, so outlives the tile */
} Tile;

static void
tile_free (Tile *tile)
{
  g_free (tile->kind);
  g_free (tile->id);
  g_free (tile);
}

static Tile *
tile_at (LoketDisplayWindow *self, int index)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (self->counters, index);

  return child ? g_object_get_data (G_OBJECT (gtk_flow_box_child_get_child (child)), "tile") : NULL;
}

/* "tiles": what each tile says, for tests and remote checks. */
static void
publish_tiles (LoketDisplayWindow *self)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;
  Tile *tile;

  for (int i = 0; (tile = tile_at (self, i)) != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s=%s", tile->id, gtk_label_get_text (tile->status));

      g_strv_builder_add (lines, line);
    }
  all = g_strv_builder_end (lines);
  set_state (self, "tiles", g_variant_new_strv ((const char * const *) all, -1));
}

static void
update_tile (LoketCounterItem *counter, GParamSpec *pspec, Tile *tile)
{
  const char *kind = loket_counter_item_get_state (counter);
  const char *number = loket_counter_item_get_ticket_number (counter);
  g_autofree char *status = NULL;

  kind = kind ? kind : "closed";
  if (g_strcmp0 (kind, "paused") == 0)
    {
      /* The charter's label in the board's language, never the id. */
      g_autofree char *reason = loket_office_model_describe_pause (tile->window->model, counter);
      /* Translators: a counter's tile on the board; %s is why it paused. */
      status = reason ? g_strdup_printf (_("Paused: %s"), reason) : g_strdup (_("Paused"));
      number = NULL;
    }
  else if (g_strcmp0 (kind, "closed") == 0)
    {
      status = g_strdup (_("Closed"));
      number = NULL;
    }
  else if (number != NULL && g_strcmp0 (loket_counter_item_get_ticket_state (counter), "serving") == 0)
    status = g_strdup (_("Serving"));
  else if (number != NULL)
    /* Translators: a counter's tile: the number shown has been called and
     * the citizen is on the way. */
    status = g_strdup (_("Calling"));
  else
    status = g_strdup (_("Open"));
  gtk_label_set_text (tile->number, number ? number : (g_str_equal (kind, "open") ? "—" : ""));
  gtk_label_set_text (tile->status, status);
  if (g_strcmp0 (tile->kind, kind) != 0)
    {
      if (tile->kind != NULL)
        gtk_widget_remove_css_class (tile->tile, tile->kind);
      gtk_widget_add_css_class (tile->tile, kind);
      g_free (tile->kind);
      tile->kind = g_strdup (kind);
    }
  /* A tile being created is not in the flow box yet: on_counters_changed
   * publishes then. */
  if (pspec != NULL)
    publish_tiles (tile->window);
}

/* The charter's pause reasons came or changed: the paused tiles say so. */
static void
on_pause_reasons_changed (LoketOfficeModel *model, GParamSpec *pspec, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  Tile *tile;

  for (int i = 0; (tile = tile_at (self, i)) != NULL; i++)
    update_tile (loket_office_model_lookup_counter (model, tile->id), NULL, tile);
  publish_tiles (self);
}

static void
on_tile_notify (LoketCounterItem *counter, GParamSpec *pspec, GtkWidget *widget)
{
  update_tile (counter, pspec, g_object_get_data (G_OBJECT (widget), "tile"));
}

static GtkWidget *
create_tile (gpointer item, gpointer user_data)
{
  Tile *tile = g_new0 (Tile, 1);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (loket_counter_item_get_name (item));

  tile->window = user_data;
  tile->id = g_strdup (loket_counter_item_get_id (item));
  tile->tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  tile->number = GTK_LABEL (gtk_label_new (NULL));
  tile->status = GTK_LABEL (gtk_label_new (NULL));
  g_object_set_data_full (G_OBJECT (tile->tile), "tile", tile, (GDestroyNotify) tile_free);
  gtk_widget_add_css_class (tile->tile, "counter-tile");
  gtk_widget_add_css_class (name, "counter-name");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  /* The number is what a citizen looks for; a long counter name gives way. */
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (tile->number), "counter-number");
  gtk_widget_add_css_class (GTK_WIDGET (tile->status), "counter-state");
  gtk_label_set_xalign (tile->status, 0);
  gtk_label_set_ellipsize (tile->status, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (tile->number));
  gtk_box_append (GTK_BOX (tile->tile), top);
  gtk_box_append (GTK_BOX (tile->tile), GTK_WIDGET (tile->status));
  update_tile (item, NULL, tile);
  g_signal_connect_object (item, "notify", G_CALLBACK (on_tile_notify), tile->tile, 0);
  return tile->tile;
}

/* Two columns hold six counters at 1080 lines; more counters get more,
 * narrower columns rather than running off the bottom. */
static void
on_counters_changed (GListModel *counters, guint position, guint removed, guint added, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  guint shown = g_list_model_get_n_items (counters);
  guint columns = shown <= 6 ? 2 : shown <= 12 ? 3 : 4;

  publish_tiles (self);
  gtk_flow_box_set_min_children_per_line (self->counters, columns);
  gtk_flow_box_set_max_children_per_line (self->counters, columns);
}

/* ---- the waiting bar --------------------------------------------------- */

static void
update_waiting_total (LoketDisplayWindow *self)
{
  gint32 total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (self->shown_services); i++)
    {
      g_autoptr(LoketServiceItem) s = g_list_model_get_item (self->shown_services, i);

      total += (gint32) loket_service_item_get_waiting (s);
    }
  set_state (self, "waiting", g_variant_new_int32 (total));
}

static void
update_chip (LoketServiceItem *service, GParamSpec *pspec, GtkWidget *chip)
{
  GtkLabel *count = GTK_LABEL (gtk_widget_get_first_child (chip));
  GtkLabel *name = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (count)));
  /* Translators: the board's bottom bar: series letter, people waiting. */
  g_autofree char *text = g_strdup_printf (_("%s · %d waiting"), loket_service_item_get_series (service),
                                           (int) loket_service_item_get_waiting (service));

  gtk_label_set_text (count, text);
  gtk_label_set_text (name, loket_service_item_get_short_label (service));
  if (pspec != NULL)
    update_waiting_total (g_object_get_data (G_OBJECT (chip), "window"));
}

/* Today's record moved (the model asked the server after a call): the
 * ticker shows it at once if it had nothing to show yet. */
static void
on_figures_changed (LoketServiceItem *service, GParamSpec *pspec, GtkWidget *chip)
{
  LoketDisplayWindow *self = g_object_get_data (G_OBJECT (chip), "window");
  gint32 called = 0;

  for (guint i = 0; i < g_list_model_get_n_items (self->shown_services); i++)
    {
      g_autoptr(LoketServiceItem) s = g_list_model_get_item (self->shown_services, i);

      called += (gint32) loket_service_item_get_called_today (s);
    }
  set_state (self, "called-today", g_variant_new_int32 (called));
  if (self->ticker_empty)
    update_ticker (self);
}

static GtkWidget *
create_chip (gpointer item, gpointer user_data)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label;

  g_object_set_data (G_OBJECT (chip), "window", user_data);
  gtk_widget_add_css_class (chip, "waiting-chip");
  label = gtk_label_new (NULL);
  gtk_widget_add_css_class (label, "waiting-count");
  gtk_box_append (GTK_BOX (chip), label);
  label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "waiting-name");
  gtk_box_append (GTK_BOX (chip), label);
  update_chip (item, NULL, chip);
  g_signal_connect_object (item, "notify::waiting", G_CALLBACK (update_chip), chip, 0);
  g_signal_connect_object (item, "notify::series", G_CALLBACK (update_chip), chip, 0);
  g_signal_connect_object (item, "notify::called-today", G_CALLBACK (on_figures_changed), chip, 0);
  return chip;
}

static void
on_services_changed (GListModel *services, guint position, guint removed, guint added, gpointer user_data)
{
  update_waiting_total (user_data);
}

/* ---- announcing -------------------------------------------------------- */

static gboolean
end_fresh (gpointer user_data)
{
  LoketDisplayWindow *self = user_data;

  self->fresh_source = 0;
  gtk_widget_remove_css_class (GTK_WIDGET (self->now_panel), "fresh");
  return G_SOURCE_REMOVE;
}

/* Says a call once: only if it is newer than the last one said. */
static void
speak (LoketDisplayWindow *self, gint64 seq, const char *type, LoketTicketItem *ticket)
{
  const char *counter = loket_ticket_item_get_counter (ticket);

  if (seq <= self->last_announced)
    return;
  self->last_announced = seq;
  loket_announcer_enqueue (loket_display_application_get_announcer (self->application), seq,
                           g_strcmp0 (type, "RECALLED") == 0 ? LOKET_ANNOUNCEMENT_RECALL : LOKET_ANNOUNCEMENT_CALL,
                           loket_ticket_item_get_number (ticket), counter, counter_name (self, counter));
  set_state (self, "announced", g_variant_new_int64 (seq));
}

/* A new call: big, highlighted for a few seconds, and spoken — once. */
static void
on_called (LoketOfficeModel *model, LoketTicketItem *ticket, const char *type, gint64 seq, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  const char *counter = loket_ticket_item_get_counter (ticket);

  if (counter == NULL || !shows_counter (self, counter))
    return;
  gtk_widget_add_css_class (GTK_WIDGET (self->now_panel), "fresh");
  g_clear_handle_id (&self->fresh_source, g_source_remove);
  self->fresh_source = g_timeout_add_seconds (FRESH_SECONDS, end_fresh, self);
  speak (self, seq, type, ticket);
}

static gint
compare_call_seq (gconstpointer a, gconstpointer b)
{
  gint64 x = loket_ticket_item_get_call_seq (*(LoketTicketItem **) a);
  gint64 y = loket_ticket_item_get_call_seq (*(LoketTicketItem **) b);

  return (x > y) - (x < y);
}

/* After a resync: the calls made while events were missed, in the order
 * they were made.  The first snapshot of a board that has just started
 * only marks where it begins — it has no business repeating the morning. */
static void
on_synced (LoketOfficeModel *model, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  g_autoptr(GPtrArray) missed = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time ();

  set_state (self, "resyncs", g_variant_new_uint32 (loket_subscriber_get_resyncs (
                                loket_display_application_get_subscriber (self->application))));
  if (!self->had_snapshot)
    {
      self->had_snapshot = TRUE;
      self->last_announced = MAX (self->last_announced, loket_office_model_get_seq (model));
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (self->calls); i++)
    {
      LoketTicketItem *t = g_list_model_get_item (self->calls, i);

      if (loket_ticket_item_get_call_seq (t) > self->last_announced &&
          now - loket_ticket_item_get_call_time (t) < MISSED_CALL_MAX_AGE)
        g_ptr_array_add (missed, t);
      else
        g_object_unref (t);
    }
  g_ptr_array_sort (missed, compare_call_seq);
  for (guint i = 0; i < missed->len; i++)
    {
      LoketTicketItem *t = g_ptr_array_index (missed, i);

      g_message ("announcing %s, called while the board was not following", loket_ticket_item_get_number (t));
      speak (self, loket_ticket_item_get_call_seq (t), loket_ticket_item_get_call_type (t), t);
    }
}

/* ---- the office -------------------------------------------------------- */

static void
on_office_changed (LoketOfficeModel *model, GParamSpec *pspec, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  const char *name = loket_office_model_get_label (model);

  gtk_label_set_text (self->office_label, name ? name : "Loket");
  update_clock (self);
}

static void
on_online_changed (LoketOfficeModel *model, GParamSpec *pspec, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  gboolean online = loket_office_model_get_online (model);

  gtk_widget_set_visible (GTK_WIDGET (self->offline_box), !online);
  if (online)
    gtk_widget_remove_css_class (GTK_WIDGET (self->board), "stale");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->board), "stale");
  if (pspec != NULL)
    g_message (online ? "server reachable" : "server unreachable; the board shows the last known state, greyed");
  set_state (self, "online", g_variant_new_boolean (online));
}

/* The day closed: one message instead of numbers nobody will call. */
static void
on_closed_changed (LoketOfficeModel *model, GParamSpec *pspec, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  gboolean closed = loket_office_model_get_closed (model);

  gtk_widget_set_visible (GTK_WIDGET (self->closed_box), closed);
  if (closed)
    gtk_widget_add_css_class (GTK_WIDGET (self->board), "closed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->board), "closed");
  if (pspec != NULL)
    g_message (closed ? "the day is closed" : "the office is open");
  set_state (self, "closed", g_variant_new_boolean (closed));
}

/* A ticket or counter of the counters this board shows. */
static gboolean
filter_counter (gpointer item, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;

  if (LOKET_IS_TICKET_ITEM (item))
    return shows_counter (self, loket_ticket_item_get_counter (item));
  return shows_counter (self, loket_counter_item_get_id (item));
}

static gboolean
filter_service (gpointer item, gpointer user_data)
{
  return shows_service (user_data, loket_service_item_get_id (item));
}

/* A ticket called at a counter and recalled at once, or moved: the
 * filter looks again when the list of recent calls did not move. */
static void
on_called_refilter (LoketOfficeModel *model, LoketTicketItem *ticket, const char *type, gint64 seq,
                    gpointer user_data)
{
  LoketDisplayWindow *self = user_data;

  if (loket_display_application_get_counters (self->application) != NULL)
    gtk_filter_changed (self->counter_filter, GTK_FILTER_CHANGE_DIFFERENT);
}

/* Binds every part of the board to the model, through the filters of
 * the counters and services this board shows. */
static void
bind_model (LoketDisplayWindow *self)
{
  GtkFilter *service_filter = GTK_FILTER (gtk_custom_filter_new (filter_service, self, NULL));
  g_autoptr(GtkSliceListModel) recent = NULL;

  self->counter_filter = GTK_FILTER (gtk_custom_filter_new (filter_counter, self, NULL));
  self->calls = G_LIST_MODEL (gtk_filter_list_model_new (
                  g_object_ref (loket_office_model_get_recent_calls (self->model)),
                  g_object_ref (self->counter_filter)));
  self->shown_counters = G_LIST_MODEL (gtk_filter_list_model_new (
                           g_object_ref (loket_office_model_get_counters (self->model)),
                           g_object_ref (self->counter_filter)));
  self->shown_services = G_LIST_MODEL (gtk_filter_list_model_new (
                           g_object_ref (loket_office_model_get_services (self->model)), service_filter));

  /* The newest call is the big one; the next RECENT_CALLS are listed. */
  recent = gtk_slice_list_model_new (g_object_ref (self->calls), 1, RECENT_CALLS);
  loket_app_box_bind_model (self->recent_box, G_LIST_MODEL (recent), create_recent_row, self);
  g_signal_connect_object (self->calls, "items-changed", G_CALLBACK (on_calls_changed), self, 0);
  gtk_flow_box_bind_model (self->counters, self->shown_counters, (GtkFlowBoxCreateWidgetFunc) create_tile,
                           self, NULL);
  g_signal_connect_object (self->shown_counters, "items-changed", G_CALLBACK (on_counters_changed), self, 0);
  loket_app_box_bind_model (self->waiting_box, self->shown_services, create_chip, self);
  g_signal_connect_object (self->shown_services, "items-changed", G_CALLBACK (on_services_changed), self, 0);

  g_signal_connect_object (self->model, "called", G_CALLBACK (on_called_refilter), self, 0);
  g_signal_connect_object (self->model, "called", G_CALLBACK (on_called), self, 0);
  g_signal_connect_object (self->model, "synced", G_CALLBACK (on_synced), self, 0);
  g_signal_connect_object (self->model, "notify::online", G_CALLBACK (on_online_changed), self, 0);
  g_signal_connect_object (self->model, "notify::closed", G_CALLBACK (on_closed_changed), self, 0);
  g_signal_connect_object (self->model, "notify::name", G_CALLBACK (on_office_changed), self, 0);
  g_signal_connect_object (self->model, "notify::name-en", G_CALLBACK (on_office_changed), self, 0);
  g_signal_connect_object (self->model, "notify::time-zone", G_CALLBACK (on_office_changed), self, 0);
  g_signal_connect_object (self->model, "notify::pause-reasons", G_CALLBACK (on_pause_reasons_changed), self, 0);
}

/* The texts that do not come from the office. */
static void
set_fixed_texts (LoketDisplayWindow *self)
{
  gtk_label_set_text (self->offline_label,
                      _("No connection to the queue server. The numbers shown may be out of date; "
                        "please ask a clerk."));
  gtk_label_set_text (self->closed_title, _("Closed"));
  gtk_label_set_text (self->closed_label,
                      _("Service has ended for today. Thank you for your visit; "
                        "the opening hours are on the charter at the entrance."));
  gtk_label_set_text (self->now_title, _("Now calling"));
  gtk_label_set_text (self->recent_title, _("Recent calls"));
  gtk_label_set_text (self->counters_title, _("Counters"));
}

/* ---- life cycle -------------------------------------------------------- */

static const GActionEntry actions[] = {
  { "online", NULL, NULL, "false", loket_app_state_read_only },
  { "closed", NULL, NULL, "false", loket_app_state_read_only },
  { "now-calling", NULL, NULL, "''", loket_app_state_read_only },
  { "announced", NULL, NULL, "int64 0", loket_app_state_read_only },
  { "calls", NULL, NULL, "@as []", loket_app_state_read_only },
  { "resyncs", NULL, NULL, "uint32 0", loket_app_state_read_only },
  { "waiting", NULL, NULL, "0", loket_app_state_read_only },
  { "called-today", NULL, NULL, "0", loket_app_state_read_only },
  { "tiles", NULL, NULL, "@as []", loket_app_state_read_only },
};

static void
loket_display_window_dispose (GObject *object)
{
  LoketDisplayWindow *self = LOKET_DISPLAY_WINDOW (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->fresh_source, g_source_remove);
  g_clear_handle_id (&self->ticker_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_DISPLAY_WINDOW);
  G_OBJECT_CLASS (loket_display_window_parent_class)->dispose (object);
}

static void
loket_display_window_finalize (GObject *object)
{
  LoketDisplayWindow *self = LOKET_DISPLAY_WINDOW (object);

  g_clear_object (&self->calls);
  g_clear_object (&self->shown_counters);
  g_clear_object (&self->shown_services);
  g_clear_object (&self->counter_filter);
  g_clear_object (&self->model);
  g_clear_object (&self->scale_css);
  G_OBJECT_CLASS (loket_display_window_parent_class)->finalize (object);
}

static void
loket_display_window_class_init (LoketDisplayWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = loket_display_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_display_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/loket/Display/loket-display-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketDisplayWindow, name)
  BIND (offline_box); BIND (offline_icon); BIND (offline_label); BIND (board); BIND (office_label);
  BIND (closed_box); BIND (closed_title); BIND (closed_label);
  BIND (clock_label); BIND (now_panel); BIND (now_title); BIND (now_number); BIND (now_counter);
  BIND (recent_title); BIND (recent_box); BIND (counters_title); BIND (counters); BIND (waiting_box);
  BIND (ticker_label);
#undef BIND
}

static void
loket_display_window_init (LoketDisplayWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  self->scale_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (self->scale_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  self->clock_source = g_timeout_add_seconds (1, update_clock, self);
  self->ticker_source = g_timeout_add_seconds (TICKER_SECONDS, update_ticker, self);
  g_signal_connect (self, "notify::default-height", G_CALLBACK (on_default_size), NULL);
}

LoketDisplayWindow *
loket_display_window_new (LoketDisplayApplication *application)
{
  LoketDisplayWindow *self = g_object_new (LOKET_TYPE_DISPLAY_WINDOW, "application", application, NULL);

  self->application = application;
  self->model = g_object_ref (loket_display_application_get_model (application));
  set_fixed_texts (self);
  bind_model (self);
  on_online_changed (self->model, NULL, self);
  on_closed_changed (self->model, NULL, self);
  on_office_changed (self->model, NULL, self);
  update_now (self);
  update_calls_state (self);
  update_waiting_total (self);
  update_ticker (self);
  return self;
}
