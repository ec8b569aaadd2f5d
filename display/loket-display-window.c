/* loket-display-window.c — the board: the newest call large, the
 * counters, the last calls, who waits for what, and how the office keeps
 * its charter today.
 *
 * The board holds no state of its own making: it is the server's
 * snapshot plus the events after it, in seq order, as LoketSubscriber
 * delivers them (each exactly once).  A call is announced only when its
 * event arrives, never from a snapshot, and only if its seq is newer than
 * the last one announced — so a resync after a network hiccup or a server
 * restart repeats nothing.  Without a heartbeat for 3 s the board greys
 * out what it shows and says it is offline: an old number must not look
 * like a current one.
 *
 * Read-only actions expose what the board shows, for tests and remote
 * checks: "online", "now-calling" ("A-007@3"), "announced" (the seq of
 * the last call handed to the announcer), "calls" (recent calls as
 * "NUMBER@COUNTER", newest first), "waiting" (people waiting for the
 * services shown) and "resyncs".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-display"

#include "config.h"

#include "loket-app.h"
#include "loket-display-window.h"
#include "loket-i18n.h"
#include "loket-message.h"

#include <glib/gi18n.h>

#define RECENT_CALLS      4
#define FRESH_SECONDS     8
#define TICKER_SECONDS    6
/* A call missed while the board was cut off is still announced after the
 * resync if it is this recent; older ones the citizen has surely heard
 * from another board, or a clerk has recalled. */
#define MISSED_CALL_MAX_AGE (3 * 60 * G_USEC_PER_SEC)

typedef struct {
  char   *number;
  char   *counter;   /* counter id */
  gint64  seq;
} Call;

struct _LoketDisplayWindow
{
  AdwApplicationWindow  parent_instance;

  GtkBox       *offline_box;
  GtkImage     *offline_icon;
  GtkLabel     *offline_label;
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
  JsonObject   *office;          /* the last snapshot or SERVICES reply */
  GHashTable   *counter_states;  /* id → JsonObject (counter state) */
  GHashTable   *tickets;         /* ticket id → JsonObject, for counter tiles */
  GQueue        calls;           /* Call*, newest first */
  gint64        last_announced;
  gboolean      had_snapshot;

  GtkCssProvider *scale_css;
  int           scale_height;
  guint         clock_source;
  guint         fresh_source;
  guint         refresh_source;
  guint         ticker_source;
  guint         ticker_page;
  gboolean      refreshing;
};

G_DEFINE_FINAL_TYPE (LoketDisplayWindow, loket_display_window, ADW_TYPE_APPLICATION_WINDOW)

static void
call_free (Call *call)
{
  g_free (call->number);
  g_free (call->counter);
  g_free (call);
}

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

static JsonObject *
counter_def (LoketDisplayWindow *self, const char *id)
{
  return loket_json_find_by_id (self->office, "counters", id);
}

static const char *
counter_name (LoketDisplayWindow *self, const char *id)
{
  JsonObject *def = counter_def (self, id);
  const char *name = def ? loket_json_optional_string (def, "name") : NULL;

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
    ".offline-overlay { font-size: %dpx; padding: %dpx %dpx; border-radius: %dpx; }",
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
    PX (44), PX (40), PX (60), PX (24));
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
  const char *zone_id = self->office ? loket_json_optional_string (self->office, "time_zone") : NULL;
  g_autoptr(GTimeZone) zone = zone_id ? g_time_zone_new_identifier (zone_id) : g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone ? zone : g_time_zone_new_local ());
  g_autofree char *date = loket_i18n_format_date (now);
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  g_autofree char *text = g_strdup_printf ("%s  ·  %s", date, time);

  gtk_label_set_text (self->clock_label, text);
  update_scale (self, screen_height (self));
  return G_SOURCE_CONTINUE;
}

/* The charter's product ("KTP-el") is shorter than the service's name
 * ("KTP Elektronik (perekaman, cetak, penggantian)"): for small spaces. */
static const char *
short_name (JsonObject *service)
{
  const char *product = loket_i18n_pick (service, "product");

  return product ? product : loket_i18n_pick (service, "name");
}

/* One service's record per page: "KTP-el: 92 % called within the
 * promised 30 minutes (23 of 25)". */
static gboolean
update_ticker (gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  JsonArray *services = self->office && json_object_has_member (self->office, "services")
                      ? json_object_get_array_member (self->office, "services") : NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; services != NULL && i < json_array_get_length (services); i++)
    {
      JsonObject *s = json_array_get_object_element (services, i);
      gint64 called = json_object_get_int_member_with_default (s, "called_today", 0);
      gint64 within = json_object_get_int_member_with_default (s, "called_within_promise", 0);
      gint64 promise = json_object_get_int_member_with_default (s, "promised_wait_minutes", 0);

      if (!shows_service (self, loket_json_optional_string (s, "id")) || called == 0)
        continue;
      /* Translators: the board's ticker: service, share of citizens called
       * within the charter's promised wait, the promise, then the counts. */
      g_ptr_array_add (pages, g_strdup_printf (_("%s: %d%% called within the promised %d minutes (%d of %d)"),
                                               short_name (s), (int) (100 * within / called),
                                               (int) promise, (int) within, (int) called));
    }
  if (pages->len == 0)
    gtk_label_set_text (self->ticker_label, _("Today's record against the citizen charter appears here "
                                              "once the first citizens have been called."));
  else
    gtk_label_set_text (self->ticker_label, g_ptr_array_index (pages, self->ticker_page++ % pages->len));
  return G_SOURCE_CONTINUE;
}

/* ---- what the board shows ---------------------------------------------- */

static void
update_now (LoketDisplayWindow *self)
{
  Call *newest = g_queue_peek_head (&self->calls);
  g_autofree char *state = NULL;

  gtk_label_set_text (self->now_title, _("Now calling"));
  gtk_label_set_text (self->now_number, newest ? newest->number : "—");
  /* Translators: under the called number: where to go. */
  gtk_label_set_text (self->now_counter, newest ? counter_name (self, newest->counter) : "");
  state = newest ? g_strdup_printf ("%s@%s", newest->number, newest->counter) : g_strdup ("");
  set_state (self, "now-calling", g_variant_new_string (state));
}

static void
update_recent (LoketDisplayWindow *self)
{
  GtkWidget *child;
  GVariantBuilder calls;
  guint i = 0;

  gtk_label_set_text (self->recent_title, _("Recent calls"));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_box))) != NULL)
    gtk_box_remove (self->recent_box, child);
  g_variant_builder_init (&calls, G_VARIANT_TYPE ("as"));
  for (GList *l = self->calls.head; l != NULL; l = l->next, i++)
    {
      Call *call = l->data;
      g_autofree char *text = g_strdup_printf ("%s  →  %s", call->number, counter_name (self, call->counter));
      g_autofree char *entry = g_strdup_printf ("%s@%s", call->number, call->counter);
      GtkWidget *row;

      g_variant_builder_add (&calls, "s", entry);
      if (i == 0)
        continue;   /* the newest is the big one */
      row = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (row), 0);
      gtk_widget_add_css_class (row, "recent-call");
      gtk_box_append (self->recent_box, row);
    }
  set_state (self, "calls", g_variant_builder_end (&calls));
}

static GtkWidget *
counter_tile (LoketDisplayWindow *self, JsonObject *def)
{
  const char *id = loket_json_optional_string (def, "id");
  JsonObject *state = g_hash_table_lookup (self->counter_states, id);
  const char *kind = state ? loket_json_optional_string (state, "state") : "closed";
  gint64 current = state ? json_object_get_int_member_with_default (state, "current_ticket", 0) : 0;
  JsonObject *ticket = loket_app_tickets_lookup (self->tickets, current);
  const char *number = ticket ? loket_json_optional_string (ticket, "number") : NULL;
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *name = gtk_label_new (loket_json_optional_string (def, "name"));
  GtkWidget *big = gtk_label_new (number ? number : "—");
  g_autofree char *status = NULL;
  GtkWidget *status_label;

  if (g_strcmp0 (kind, "paused") == 0)
    {
      const char *reason = loket_json_optional_string (state, "pause_reason");
      /* Translators: a counter's tile on the board; %s is why it paused. */
      status = reason ? g_strdup_printf (_("Paused: %s"), reason) : g_strdup (_("Paused"));
      gtk_label_set_text (GTK_LABEL (big), "");
    }
  else if (g_strcmp0 (kind, "closed") == 0)
    {
      status = g_strdup (_("Closed"));
      gtk_label_set_text (GTK_LABEL (big), "");
    }
  else if (number != NULL && g_strcmp0 (loket_json_optional_string (ticket, "state"), "serving") == 0)
    status = g_strdup (_("Serving"));
  else if (number != NULL)
    /* Translators: a counter's tile: the number shown has been called and
     * the citizen is on the way. */
    status = g_strdup (_("Calling"));
  else
    status = g_strdup (_("Open"));
  status_label = gtk_label_new (status);

  gtk_widget_add_css_class (tile, "counter-tile");
  gtk_widget_add_css_class (tile, kind ? kind : "closed");
  gtk_widget_add_css_class (name, "counter-name");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  /* The number is what a citizen looks for; a long counter name gives way. */
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_set_spacing (GTK_BOX (top), 12);
  gtk_widget_add_css_class (big, "counter-number");
  gtk_widget_add_css_class (status_label, "counter-state");
  gtk_label_set_xalign (GTK_LABEL (status_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (status_label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), big);
  gtk_box_append (GTK_BOX (tile), top);
  gtk_box_append (GTK_BOX (tile), status_label);
  return tile;
}

static void
update_counters (LoketDisplayWindow *self)
{
  JsonArray *defs = self->office && json_object_has_member (self->office, "counters")
                  ? json_object_get_array_member (self->office, "counters") : NULL;
  GtkWidget *child;
  guint shown = 0, columns;

  gtk_label_set_text (self->counters_title, _("Counters"));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counters))) != NULL)
    gtk_flow_box_remove (self->counters, child);
  for (guint i = 0; defs != NULL && i < json_array_get_length (defs); i++)
    {
      JsonObject *def = json_array_get_object_element (defs, i);

      if (shows_counter (self, loket_json_optional_string (def, "id")))
        {
          gtk_flow_box_append (self->counters, counter_tile (self, def));
          shown++;
        }
    }
  /* Two columns hold six counters at 1080 lines; more counters get more,
   * narrower columns rather than running off the bottom. */
  columns = shown <= 6 ? 2 : shown <= 12 ? 3 : 4;
  gtk_flow_box_set_min_children_per_line (self->counters, columns);
  gtk_flow_box_set_max_children_per_line (self->counters, columns);
}

static void
update_waiting (LoketDisplayWindow *self)
{
  JsonArray *services = self->office && json_object_has_member (self->office, "services")
                      ? json_object_get_array_member (self->office, "services") : NULL;
  GtkWidget *child;
  gint64 total = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->waiting_box))) != NULL)
    gtk_box_remove (self->waiting_box, child);
  for (guint i = 0; services != NULL && i < json_array_get_length (services); i++)
    {
      JsonObject *s = json_array_get_object_element (services, i);
      g_autofree char *text = NULL;
      GtkWidget *chip, *label;

      if (!shows_service (self, loket_json_optional_string (s, "id")))
        continue;
      total += json_object_get_int_member_with_default (s, "waiting", 0);
      /* Translators: the board's bottom bar: series letter, people waiting. */
      text = g_strdup_printf (_("%s · %d waiting"), loket_json_optional_string (s, "series"),
                              (int) json_object_get_int_member_with_default (s, "waiting", 0));
      chip = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_add_css_class (chip, "waiting-chip");
      label = gtk_label_new (text);
      gtk_widget_add_css_class (label, "waiting-count");
      gtk_box_append (GTK_BOX (chip), label);
      label = gtk_label_new (short_name (s));
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "waiting-name");
      gtk_box_append (GTK_BOX (chip), label);
      gtk_box_append (self->waiting_box, chip);
    }
  set_state (self, "waiting", g_variant_new_int32 ((gint32) total));
}

static void
update_all (LoketDisplayWindow *self)
{
  gtk_label_set_text (self->office_label, self->office ? loket_i18n_pick (self->office, "office") : "Loket");
  gtk_label_set_text (self->offline_label,
                      _("No connection to the queue server. The numbers shown may be out of date; "
                        "please ask a clerk."));
  update_now (self);
  update_recent (self);
  update_counters (self);
  update_waiting (self);
  update_ticker (self);
  update_clock (self);
}

/* ---- applying the server's state --------------------------------------- */

static void
set_counter_state (LoketDisplayWindow *self, JsonObject *counter)
{
  g_hash_table_replace (self->counter_states, g_strdup (loket_json_optional_string (counter, "id")),
                        json_object_ref (counter));
}

static void
push_call (LoketDisplayWindow *self, const char *number, const char *counter, gint64 seq)
{
  Call *call = g_new0 (Call, 1);

  /* A recalled number moves to the top again rather than appearing twice. */
  for (GList *l = self->calls.head; l != NULL; l = l->next)
    {
      Call *old = l->data;

      if (g_str_equal (old->number, number))
        {
          call_free (old);
          g_queue_delete_link (&self->calls, l);
          break;
        }
    }
  call->number = g_strdup (number);
  call->counter = g_strdup (counter);
  call->seq = seq;
  g_queue_push_head (&self->calls, call);
  while (g_queue_get_length (&self->calls) > RECENT_CALLS + 1)
    call_free (g_queue_pop_tail (&self->calls));
}

static void speak_missed_calls (LoketDisplayWindow *self, JsonObject *snapshot);

static void
on_snapshot (LoketSubscriber *subscriber, JsonObject *snapshot, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  JsonArray *array;

  g_clear_pointer (&self->office, json_object_unref);
  self->office = json_object_ref (snapshot);
  g_hash_table_remove_all (self->counter_states);
  g_hash_table_remove_all (self->tickets);
  g_queue_clear_full (&self->calls, (GDestroyNotify) call_free);

  array = json_object_get_array_member (snapshot, "counters");
  for (guint i = 0; i < json_array_get_length (array); i++)
    set_counter_state (self, json_array_get_object_element (array, i));
  array = json_object_get_array_member (snapshot, "active");
  for (guint i = 0; i < json_array_get_length (array); i++)
    loket_app_tickets_add (self->tickets, json_array_get_object_element (array, i));
  /* recent_calls is newest first; pushing oldest first keeps that order. */
  array = json_object_get_array_member (snapshot, "recent_calls");
  for (guint i = json_array_get_length (array); i > 0; i--)
    {
      JsonObject *t = json_array_get_object_element (array, i - 1);
      const char *counter = loket_json_optional_string (t, "counter");

      if (counter != NULL && shows_counter (self, counter))
        push_call (self, loket_json_optional_string (t, "number"), counter,
                   json_object_get_int_member_with_default (t, "call_seq", 0));
    }
  speak_missed_calls (self, snapshot);
  set_state (self, "resyncs", g_variant_new_uint32 (loket_subscriber_get_resyncs (subscriber)));
  update_all (self);
}

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
speak (LoketDisplayWindow *self, gint64 seq, const char *type, const char *number, const char *counter)
{
  if (seq <= self->last_announced)
    return;
  self->last_announced = seq;
  loket_announcer_enqueue (loket_display_application_get_announcer (self->application), seq,
                           g_strcmp0 (type, "RECALLED") == 0 ? LOKET_ANNOUNCEMENT_RECALL : LOKET_ANNOUNCEMENT_CALL,
                           number, counter, counter_name (self, counter));
  set_state (self, "announced", g_variant_new_int64 (seq));
}

/* A new call: big, highlighted for a few seconds, and spoken — once. */
static void
announce (LoketDisplayWindow *self, const char *type, JsonObject *event, JsonObject *ticket)
{
  gint64 seq = json_object_get_int_member_with_default (event, "seq", 0);
  const char *number = loket_json_optional_string (ticket, "number");
  const char *counter = loket_json_optional_string (ticket, "counter");

  if (counter == NULL || number == NULL || !shows_counter (self, counter))
    return;
  push_call (self, number, counter, seq);
  gtk_widget_add_css_class (GTK_WIDGET (self->now_panel), "fresh");
  g_clear_handle_id (&self->fresh_source, g_source_remove);
  self->fresh_source = g_timeout_add_seconds (FRESH_SECONDS, end_fresh, self);
  speak (self, seq, type, number, counter);
}

static gint
compare_call_seq (gconstpointer a, gconstpointer b)
{
  gint64 x = json_object_get_int_member_with_default (*(JsonObject **) a, "call_seq", 0);
  gint64 y = json_object_get_int_member_with_default (*(JsonObject **) b, "call_seq", 0);

  return (x > y) - (x < y);
}

/* After a resync: the calls made while events were missed, in the order
 * they were made.  The first snapshot of a board that has just started
 * only marks where it begins — it has no business repeating the morning. */
static void
speak_missed_calls (LoketDisplayWindow *self, JsonObject *snapshot)
{
  JsonArray *recent = json_object_get_array_member (snapshot, "recent_calls");
  g_autoptr(GPtrArray) missed = g_ptr_array_new ();
  gint64 now = g_get_real_time ();

  if (!self->had_snapshot)
    {
      self->had_snapshot = TRUE;
      self->last_announced = MAX (self->last_announced, json_object_get_int_member_with_default (snapshot, "seq", 0));
      return;
    }
  for (guint i = 0; i < json_array_get_length (recent); i++)
    {
      JsonObject *t = json_array_get_object_element (recent, i);
      const char *counter = loket_json_optional_string (t, "counter");

      if (json_object_get_int_member_with_default (t, "call_seq", 0) > self->last_announced &&
          now - json_object_get_int_member_with_default (t, "call_time", 0) < MISSED_CALL_MAX_AGE &&
          counter != NULL && shows_counter (self, counter))
        g_ptr_array_add (missed, t);
    }
  g_ptr_array_sort (missed, compare_call_seq);
  for (guint i = 0; i < missed->len; i++)
    {
      JsonObject *t = g_ptr_array_index (missed, i);

      g_message ("announcing %s, called while the board was not following",
                 loket_json_optional_string (t, "number"));
      speak (self, json_object_get_int_member (t, "call_seq"), loket_json_optional_string (t, "call_type"),
             loket_json_optional_string (t, "number"), loket_json_optional_string (t, "counter"));
    }
}

static gboolean
refresh_services (gpointer user_data);

static void
on_event (LoketSubscriber *subscriber, const char *type, JsonObject *event, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  JsonObject *ticket = json_object_has_member (event, "ticket") ? json_object_get_object_member (event, "ticket") : NULL;
  JsonObject *counter = json_object_has_member (event, "counter") ? json_object_get_object_member (event, "counter") : NULL;

  if (ticket != NULL)
    loket_app_tickets_add (self->tickets, ticket);
  if (counter != NULL)
    set_counter_state (self, counter);
  if (ticket != NULL && (g_str_equal (type, "CALLED") || g_str_equal (type, "RECALLED")))
    announce (self, type, event, ticket);
  update_now (self);
  update_recent (self);
  update_counters (self);
  /* Waiting counts and today's record come with the service list. */
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (300, refresh_services, self);
}

static void
on_services (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketDisplayWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  self->refreshing = FALSE;
  if (reply == NULL || self->office == NULL)
    return;
  json_object_set_array_member (self->office, "services",
                                json_array_ref (json_object_get_array_member (reply, "services")));
  update_waiting (self);
  update_ticker (self);
}

static gboolean
refresh_services (gpointer user_data)
{
  LoketDisplayWindow *self = user_data;

  self->refresh_source = 0;
  if (self->refreshing)
    return G_SOURCE_REMOVE;
  self->refreshing = TRUE;
  loket_client_request_async (loket_display_application_get_client (self->application), "SERVICES",
                              NULL, NULL, NULL, on_services, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
on_online_changed (LoketSubscriber *subscriber, GParamSpec *pspec, gpointer user_data)
{
  LoketDisplayWindow *self = user_data;
  gboolean online = loket_subscriber_get_online (subscriber);

  gtk_widget_set_visible (GTK_WIDGET (self->offline_box), !online);
  if (online)
    gtk_widget_remove_css_class (GTK_WIDGET (self->board), "stale");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->board), "stale");
  if (pspec != NULL)
    g_message (online ? "server reachable" : "server unreachable; the board shows the last known state, greyed");
  set_state (self, "online", g_variant_new_boolean (online));
}

/* ---- life cycle -------------------------------------------------------- */

static const GActionEntry actions[] = {
  { "online", NULL, NULL, "false", loket_app_state_read_only },
  { "now-calling", NULL, NULL, "''", loket_app_state_read_only },
  { "announced", NULL, NULL, "int64 0", loket_app_state_read_only },
  { "calls", NULL, NULL, "@as []", loket_app_state_read_only },
  { "resyncs", NULL, NULL, "uint32 0", loket_app_state_read_only },
  { "waiting", NULL, NULL, "0", loket_app_state_read_only },
};

static void
loket_display_window_dispose (GObject *object)
{
  LoketDisplayWindow *self = LOKET_DISPLAY_WINDOW (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->fresh_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->ticker_source, g_source_remove);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (loket_display_application_get_subscriber (self->application), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_DISPLAY_WINDOW);
  G_OBJECT_CLASS (loket_display_window_parent_class)->dispose (object);
}

static void
loket_display_window_finalize (GObject *object)
{
  LoketDisplayWindow *self = LOKET_DISPLAY_WINDOW (object);

  g_clear_pointer (&self->office, json_object_unref);
  g_hash_table_unref (self->counter_states);
  g_hash_table_unref (self->tickets);
  g_queue_clear_full (&self->calls, (GDestroyNotify) call_free);
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
  BIND (clock_label); BIND (now_panel); BIND (now_title); BIND (now_number); BIND (now_counter);
  BIND (recent_title); BIND (recent_box); BIND (counters_title); BIND (counters); BIND (waiting_box);
  BIND (ticker_label);
#undef BIND
}

static void
loket_display_window_init (LoketDisplayWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->counter_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) json_object_unref);
  self->tickets = loket_app_tickets_new ();
  g_queue_init (&self->calls);
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
  LoketSubscriber *subscriber = loket_display_application_get_subscriber (application);

  self->application = application;
  g_signal_connect (subscriber, "snapshot", G_CALLBACK (on_snapshot), self);
  g_signal_connect (subscriber, "event", G_CALLBACK (on_event), self);
  g_signal_connect (subscriber, "notify::online", G_CALLBACK (on_online_changed), self);
  on_online_changed (subscriber, NULL, self);
  update_all (self);
  return self;
}
