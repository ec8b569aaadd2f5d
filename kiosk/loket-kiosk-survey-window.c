/* loket-kiosk-survey-window.c — the kiosk in survey mode: a tablet facing
 * the citizen, at a counter or at the exit, asking the satisfaction survey
 * (SKM, PermenPAN-RB 14/2017; docs/skm.md) after the visit.
 *
 * At a counter (--counter N) the tablet waits until the ticket served
 * there is finished (the FINISHED event) and asks about that visit; at
 * the exit (no counter) the citizen types the ticket's number on a large
 * keypad and the server says whether it may be surveyed (SURVEY "check":
 * not found, not finished, already answered — each told in the citizen's
 * language).  Then one element per screen, four answer buttons with the
 * regulation's labels, skip and back, the progress shown; a last screen
 * with the optional profile (four fixed choices each, never a name or an
 * ID number) and suggestion; then thanks, and back to waiting.  A survey
 * left half-filled is dropped after the idle timeout, and nothing is sent.
 * The questionnaire and its request live in LoketKioskSurvey
 * (loket-kiosk-survey.c); this window only shows them.
 *
 * Everything the citizen does is a "win." action (tests/test-kiosk-survey.c
 * drives them over D-Bus); "page", "online", "ticket", "element",
 * "progress", "number", "refusal" and "survey" say what is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "config.h"

#include "loket-app.h"
#include "loket-i18n.h"
#include "loket-kiosk-survey.h"
#include "loket-kiosk-survey-window.h"
#include "loket-message.h"
#include "loket-ticket.h"

#include <glib/gi18n.h>

#define PROFILE_PAGE LOKET_SKM_ELEMENTS   /* the position after the last element */

struct _LoketKioskSurveyWindow
{
  AdwApplicationWindow  parent_instance;

  GtkLabel       *office_label;
  GtkButton      *language_button;
  GtkRevealer    *offline_revealer;
  GtkLabel       *offline_label;
  GtkStack       *stack;
  GtkLabel       *waiting_title, *waiting_hint;
  GtkLabel       *number_title, *number_hint, *number_display;
  GtkBox         *series_box;
  GtkGrid        *keypad;
  GtkSpinner     *checking_spinner, *sending_spinner;
  GtkLabel       *checking_label, *sending_label;
  GtkImage       *refused_icon;
  GtkLabel       *refused_title, *refused_reason;
  GtkButton      *refused_button;
  GtkLabel       *question_heading, *progress_label, *element_name, *element_question;
  GtkProgressBar *progress_bar;
  GtkButton      *answer_1, *answer_2, *answer_3, *answer_4;
  GtkButton      *question_back, *skip_button;
  GtkLabel       *profile_title, *profile_hint, *suggestion_label, *suggestion_count;
  GtkGrid        *profile_grid;
  GtkEntry       *suggestion_entry;
  GtkButton      *profile_back, *send_button, *cancel_button;
  GtkLabel       *thanks_title, *thanks_hint;

  LoketKioskApplication *application;
  LoketKioskSurvey *survey;
  JsonObject     *office;
  GString        *number;         /* typed at the exit tablet: "A-12" */
  char           *pending;        /* a ticket finished while another citizen was answering */
  guint           position;       /* 0–8: an element; PROFILE_PAGE: the profile */
  guint           idle_source;
};

G_DEFINE_FINAL_TYPE (LoketKioskSurveyWindow, loket_kiosk_survey_window, ADW_TYPE_APPLICATION_WINDOW)

static void retranslate (LoketKioskSurveyWindow *self);

static gboolean
english (void)
{
  return g_str_equal (loket_i18n_get_language (), "en");
}

static void
set_state (LoketKioskSurveyWindow *self, const char *action, GVariant *value)
{
  loket_app_set_state (G_ACTION_MAP (self), action, value);
}

static const char *
current_page (LoketKioskSurveyWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static const char *
counter_id (LoketKioskSurveyWindow *self)
{
  return loket_kiosk_application_get_survey_counter (self->application);
}

/* ---- idle -------------------------------------------------------------- */

static gboolean
on_idle_timeout (gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;

  self->idle_source = 0;
  g_action_group_activate_action (G_ACTION_GROUP (self), "home", NULL);
  return G_SOURCE_REMOVE;
}

/* A half-filled survey is dropped after the idle timeout (the citizen
 * left), and so is a typed number the server has not answered yet (a
 * check stores nothing); the thanks and a refusal are messages, gone
 * sooner.  While answers are being sent, and while waiting, no timer
 * runs: a survey in flight is never abandoned by a timer. */
static void
restart_idle (LoketKioskSurveyWindow *self)
{
  const char *page = current_page (self);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (page == NULL || g_str_equal (page, "waiting") || g_str_equal (page, "sending") || (g_str_equal (page, "number") && self->number->len == 0))
    return;
  self->idle_source = g_timeout_add_seconds (g_str_equal (page, "thanks") || g_str_equal (page, "refused")
                                             ? loket_kiosk_application_get_ticket_timeout (self->application)
                                             : loket_kiosk_application_get_idle_timeout (self->application),
                                             on_idle_timeout, self);
}

static gboolean
on_any_input (GtkEventControllerLegacy *controller, GdkEvent *event, gpointer user_data)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_PRESS || type == GDK_TOUCH_BEGIN || type == GDK_KEY_PRESS || type == GDK_SCROLL)
    restart_idle (user_data);
  return GDK_EVENT_PROPAGATE;
}

static void
show_page (LoketKioskSurveyWindow *self, const char *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_spinner_set_spinning (self->checking_spinner, g_str_equal (page, "checking"));
  gtk_spinner_set_spinning (self->sending_spinner, g_str_equal (page, "sending"));
  set_state (self, "page", g_variant_new_string (page));
  restart_idle (self);
}

/* ---- the questionnaire ------------------------------------------------- */

static void
update_question (LoketKioskSurveyWindow *self)
{
  const LoketSkmElement *e = loket_skm_element (MIN (self->position, LOKET_SKM_ELEMENTS - 1));
  GtkButton *buttons[] = { self->answer_1, self->answer_2, self->answer_3, self->answer_4 };
  guint given = self->position < LOKET_SKM_ELEMENTS
              ? loket_kiosk_survey_get_answer (self->survey, self->position) : 0;
  const char *ticket = loket_kiosk_survey_get_ticket (self->survey);
  g_autofree char *heading = g_strdup_printf (_("How was your service? Ticket %s"), ticket ? ticket : "");
  g_autofree char *progress = g_strdup_printf (_("Question %u of %u"), MIN (self->position + 1, LOKET_SKM_ELEMENTS),
                                               LOKET_SKM_ELEMENTS);

  gtk_label_set_text (self->question_heading, heading);
  gtk_label_set_text (self->progress_label, progress);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) self->position / (LOKET_SKM_ELEMENTS + 1));
  gtk_label_set_text (self->element_name, english () ? e->name_en : e->name);
  gtk_label_set_text (self->element_question,
                      loket_kiosk_survey_question (MIN (self->position, LOKET_SKM_ELEMENTS - 1),
                                                   loket_i18n_get_language ()));
  for (guint i = 0; i < LOKET_SKM_ANSWERS; i++)
    {
      gtk_label_set_text (GTK_LABEL (gtk_button_get_child (buttons[i])), english () ? e->answers_en[i] : e->answers[i]);
      /* The answer given before, if the citizen came back to it. */
      if (given == i + 1)
        gtk_widget_add_css_class (GTK_WIDGET (buttons[i]), "chosen");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (buttons[i]), "chosen");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->question_back), self->position > 0 || counter_id (self) == NULL);
}

static void
show_position (LoketKioskSurveyWindow *self)
{
  set_state (self, "progress", g_variant_new_int32 ((gint32) self->position + 1));
  set_state (self, "element", g_variant_new_string (self->position < LOKET_SKM_ELEMENTS
                                                    ? loket_skm_element (self->position)->id : ""));
  update_question (self);
  show_page (self, self->position < LOKET_SKM_ELEMENTS ? "question" : "profile");
}

static void
update_suggestion_count (LoketKioskSurveyWindow *self)
{
  g_autofree char *count = g_strdup_printf (_("%u of at most %d characters"),
                                            (guint) gtk_entry_get_text_length (self->suggestion_entry),
                                            LOKET_SKM_SUGGESTION_MAX);

  gtk_label_set_text (self->suggestion_count, count);
}

static void
on_suggestion_changed (GtkEditable *editable, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;

  loket_kiosk_survey_set_suggestion (self->survey, gtk_editable_get_text (editable));
  update_suggestion_count (self);
}

/* The profile's choices: one row per item, one toggle per choice, each
 * item a stateful action ("win.sex" …) so that a row acts as radio
 * buttons and a test picks a choice the way a finger does. */
static void
build_profile (LoketKioskSurveyWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->profile_grid))) != NULL)
    gtk_grid_remove (self->profile_grid, child);
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    {
      const LoketSkmProfileDef *def = loket_skm_profile_item (i);
      GtkWidget *name = gtk_label_new (english () ? def->name_en : def->name);
      GtkWidget *choices = gtk_flow_box_new ();
      g_autofree char *action = g_strdup_printf ("win.%s", def->key);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "charter-heading");
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (choices), GTK_SELECTION_NONE);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (choices), 3);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (choices), LOKET_SKM_MAX_CHOICES);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (choices), 12);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (choices), 12);
      gtk_widget_set_hexpand (choices, TRUE);
      for (guint c = 0; def->choices[c] != NULL; c++)
        {
          GtkWidget *toggle = gtk_toggle_button_new_with_label (english () ? def->labels_en[c] : def->labels[c]);

          gtk_actionable_set_action_name (GTK_ACTIONABLE (toggle), action);
          gtk_actionable_set_action_target (GTK_ACTIONABLE (toggle), "s", def->choices[c]);
          gtk_widget_add_css_class (toggle, "profile-choice");
          gtk_flow_box_append (GTK_FLOW_BOX (choices), toggle);
          gtk_widget_set_focusable (gtk_widget_get_parent (toggle), FALSE);
        }
      gtk_grid_attach (self->profile_grid, name, 0, (int) i, 1, 1);
      gtk_grid_attach (self->profile_grid, choices, 1, (int) i, 1, 1);
    }
}

static void
reset_profile (LoketKioskSurveyWindow *self)
{
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    set_state (self, loket_skm_profile_item (i)->key, g_variant_new_string (""));
  g_signal_handlers_block_by_func (self->suggestion_entry, on_suggestion_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->suggestion_entry), "");
  g_signal_handlers_unblock_by_func (self->suggestion_entry, on_suggestion_changed, self);
  update_suggestion_count (self);
}

/* ---- the exit tablet's keypad ------------------------------------------ */

static void
update_number (LoketKioskSurveyWindow *self)
{
  gtk_label_set_text (self->number_display, self->number->len ? self->number->str : "—");
  set_state (self, "number", g_variant_new_string (self->number->str));
}

static GtkWidget *
key_button (const char *label, const char *action, const char *target)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_widget_add_css_class (button, "key");
  return button;
}

/* One letter per series the office issues, then 1–9, erase, 0, OK. */
static void
build_keypad (LoketKioskSurveyWindow *self)
{
  JsonArray *services = self->office && json_object_has_member (self->office, "services")
                      ? json_object_get_array_member (self->office, "services") : NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->series_box))) != NULL)
    gtk_box_remove (self->series_box, child);
  for (guint i = 0; services != NULL && i < json_array_get_length (services); i++)
    {
      const char *series = loket_json_optional_string (json_array_get_object_element (services, i), "series");

      if (series != NULL && g_hash_table_add (seen, (gpointer) series))
        gtk_box_append (self->series_box, key_button (series, "win.key", series));
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->keypad)) != NULL)
    return;
  for (guint d = 1; d <= 9; d++)
    {
      char digit[2] = { (char) ('0' + d), 0 };

      gtk_grid_attach (self->keypad, key_button (digit, "win.key", digit), (int) (d - 1) % 3, (int) (d - 1) / 3, 1, 1);
    }
  gtk_grid_attach (self->keypad, key_button ("⌫", "win.erase", NULL), 0, 3, 1, 1);
  gtk_grid_attach (self->keypad, key_button ("0", "win.key", "0"), 1, 3, 1, 1);
  child = key_button ("OK", "win.check", NULL);
  gtk_widget_add_css_class (child, "suggested-action");
  gtk_grid_attach (self->keypad, child, 2, 3, 1, 1);
}

/* The typed number as the server reads it ("A-12"); with one series
 * only, the digits alone are enough. */
static char *
typed_ticket (LoketKioskSurveyWindow *self)
{
  GtkWidget *only = gtk_widget_get_first_child (GTK_WIDGET (self->series_box));
  const char *digits = self->number->str;

  g_autofree char *series = NULL;
  guint64 number = 0;

  while (*digits != '\0' && !g_ascii_isdigit (*digits))
    digits++;
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT, &number, NULL))
    return NULL;
  if (digits > self->number->str)
    series = g_strndup (self->number->str, digits - self->number->str - (digits[-1] == '-'));
  else if (only != NULL && gtk_widget_get_next_sibling (only) == NULL)
    series = g_strdup (gtk_button_get_label (GTK_BUTTON (only)));
  /* As the ticket prints it: "A-012". */
  return series != NULL ? loket_ticket_format_number (series, (guint) number) : NULL;
}

/* ---- the survey's states ------------------------------------------------ */

static void
update_refused (LoketKioskSurveyWindow *self)
{
  const char *kind = loket_kiosk_survey_get_refusal_kind (self->survey);
  const char *ticket = loket_kiosk_survey_get_ticket (self->survey);
  g_autofree char *reason = NULL;

  /* Already answered is good news, told as such; the rest is a number
   * to check, not a fault of the citizen's. */
  gtk_image_set_from_icon_name (self->refused_icon, g_strcmp0 (kind, "answered") == 0
                                                    ? "emblem-ok-symbolic" : "action-unavailable-symbolic");
  gtk_widget_set_css_classes (GTK_WIDGET (self->refused_icon),
                              (const char *[]) { g_strcmp0 (kind, "answered") == 0 ? "survey-icon" : "refused-icon",
                                                 NULL });
  gtk_widget_set_css_classes (GTK_WIDGET (self->refused_reason),
                              (const char *[]) { g_strcmp0 (kind, "answered") == 0 ? "answered-reason"
                                                                                  : "refused-reason", NULL });
  if (g_strcmp0 (kind, "answered") == 0)
    {
      gtk_label_set_text (self->refused_title, _("Thank you — you have already had your say"));
      reason = g_strdup_printf (_("The survey for ticket %s was already answered. Each visit is asked once."),
                                ticket);
    }
  else if (g_strcmp0 (kind, "not-found") == 0 || g_strcmp0 (kind, "invalid") == 0)
    {
      gtk_label_set_text (self->refused_title, _("We cannot find that number"));
      reason = g_strdup_printf (_("There is no ticket %s today. Please check the number on your ticket."),
                                ticket ? ticket : "");
    }
  else if (g_strcmp0 (kind, "not-finished") == 0)
    {
      gtk_label_set_text (self->refused_title, _("This visit is not finished yet"));
      reason = g_strdup_printf (_("Ticket %s has not been served today. The survey is for after your "
                                  "visit at the counter."), ticket);
    }
  else
    {
      gtk_label_set_text (self->refused_title, _("The survey cannot be taken right now"));
      reason = g_strdup (_("Please try again in a moment, or ask a clerk."));
    }
  gtk_label_set_text (self->refused_reason, reason);
}

static void
on_survey_state (LoketKioskSurvey *survey, GParamSpec *pspec, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;
  LoketKioskSurveyState state = loket_kiosk_survey_get_state (survey);
  const char *ticket = loket_kiosk_survey_get_ticket (survey);

  set_state (self, "survey", g_variant_new_string (loket_kiosk_survey_state_to_string (state)));
  set_state (self, "ticket", g_variant_new_string (ticket ? ticket : ""));
  set_state (self, "refusal", g_variant_new_string (state == LOKET_KIOSK_SURVEY_REFUSED
                                                    ? loket_kiosk_survey_get_refusal_kind (survey) : ""));
  switch (state)
    {
    case LOKET_KIOSK_SURVEY_IDLE:
      break;
    case LOKET_KIOSK_SURVEY_CHECKING:
      show_page (self, "checking");
      break;
    case LOKET_KIOSK_SURVEY_ANSWERING:
      self->position = 0;
      reset_profile (self);
      show_position (self);
      break;
    case LOKET_KIOSK_SURVEY_SENDING:
      gtk_label_set_text (self->sending_label, _("Sending your answers…"));
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      show_page (self, "sending");
      break;
    case LOKET_KIOSK_SURVEY_SENT:
      show_page (self, "thanks");
      break;
    case LOKET_KIOSK_SURVEY_REFUSED:
      update_refused (self);
      show_page (self, "refused");
      break;
    }
}

static void
on_survey_attempts (LoketKioskSurvey *survey, GParamSpec *pspec, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;

  if (loket_kiosk_survey_get_attempts (survey) == 0)
    return;
  gtk_label_set_text (self->sending_label, _("The connection to the server is slow. Still trying…"));
  gtk_label_set_text (self->checking_label, _("The connection to the server is slow. Still trying…"));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), TRUE);
}

/* Each citizen starts in the office's language. */
static void
reset_language (LoketKioskSurveyWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "language",
                                  g_variant_new_string (loket_kiosk_application_get_default_language (self->application)));
}

/* Waiting for the next citizen: at a counter, until a visit there is
 * finished; at the exit, the keypad. */
static void
go_home (LoketKioskSurveyWindow *self)
{
  loket_kiosk_survey_abandon (self->survey);
  g_string_truncate (self->number, 0);
  update_number (self);
  gtk_label_set_text (self->number_hint, _("Type the number on your ticket to answer a short survey."));
  show_page (self, counter_id (self) != NULL ? "waiting" : "number");
  reset_language (self);
}

/* A ticket was finished at this tablet's counter: its citizen is the one
 * in front of the tablet.  A citizen still answering keeps the screen;
 * the new ticket waits its turn (the last one only). */
static void
on_event (LoketSubscriber *subscriber, const char *type, JsonObject *event, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;
  JsonNode *t = json_object_get_member (event, "ticket");
  JsonNode *c = json_object_get_member (event, "counter");
  const char *number, *counter;
  const char *page = current_page (self);

  if (!g_str_equal (type, "FINISHED") || counter_id (self) == NULL || t == NULL || c == NULL ||
      !JSON_NODE_HOLDS_OBJECT (t) || !JSON_NODE_HOLDS_OBJECT (c))
    return;
  number = loket_json_optional_string (json_node_get_object (t), "number");
  counter = loket_json_optional_string (json_node_get_object (c), "id");
  if (number == NULL || g_strcmp0 (counter, counter_id (self)) != 0)
    return;
  g_message ("ticket %s finished at counter %s: asking the survey", number, counter);
  if (g_str_equal (page, "waiting") || g_str_equal (page, "thanks") || g_str_equal (page, "refused"))
    {
      reset_language (self);
      loket_kiosk_survey_start (self->survey, number);
    }
  else
    {
      g_free (self->pending);
      self->pending = g_strdup (number);
    }
}

static void
on_snapshot (LoketSubscriber *subscriber, JsonObject *snapshot, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;

  g_clear_pointer (&self->office, json_object_unref);
  self->office = json_object_ref (snapshot);
  build_keypad (self);
  retranslate (self);
}

static void
on_online_changed (LoketSubscriber *subscriber, GParamSpec *pspec, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;
  gboolean online = loket_subscriber_get_online (subscriber);

  gtk_revealer_set_reveal_child (self->offline_revealer, !online);
  set_state (self, "online", g_variant_new_boolean (online));
}

/* ---- actions ----------------------------------------------------------- */

static void
advance (LoketKioskSurveyWindow *self, guint answer)
{
  if (loket_kiosk_survey_get_state (self->survey) != LOKET_KIOSK_SURVEY_ANSWERING ||
      self->position >= LOKET_SKM_ELEMENTS)
    return;
  loket_kiosk_survey_set_answer (self->survey, self->position, answer);
  self->position++;
  show_position (self);
}

static void
action_answer (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  gint answer = g_variant_get_int32 (param);

  if (answer >= 1 && answer <= LOKET_SKM_ANSWERS)
    advance (user_data, (guint) answer);
}

static void
action_skip (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  advance (user_data, 0);
}

static void
action_back (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;
  const char *page = current_page (self);

  if ((g_str_equal (page, "question") || g_str_equal (page, "profile")) && self->position > 0)
    {
      self->position--;
      show_position (self);
    }
  else if (g_str_equal (page, "question") && counter_id (self) == NULL)
    go_home (self);   /* the exit tablet: a wrong number typed */
}

static void
action_send (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;

  if (!g_str_equal (current_page (self), "profile"))
    return;
  if (!loket_kiosk_survey_send (self->survey))
    {
      /* Everything skipped: there is nothing to count; thank them all the same. */
      g_message ("survey for ticket %s: every element skipped, nothing sent",
                 loket_kiosk_survey_get_ticket (self->survey));
      show_page (self, "thanks");
    }
}

static void
action_key (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;
  const char *key = g_variant_get_string (param, NULL);

  if (!g_str_equal (current_page (self), "number") || *key == '\0')
    return;
  if (!g_ascii_isdigit (*key))
    g_string_printf (self->number, "%s-", key);   /* a series letter starts the number again */
  else if (self->number->len < 12)
    g_string_append (self->number, key);
  update_number (self);
  restart_idle (self);
}

static void
action_erase (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;

  if (self->number->len > 0 && g_str_has_suffix (self->number->str, "-"))
    g_string_truncate (self->number, 0);
  else if (self->number->len > 0)
    g_string_truncate (self->number, self->number->len - 1);
  update_number (self);
}

static void
action_check (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;
  g_autofree char *ticket = typed_ticket (self);

  if (!g_str_equal (current_page (self), "number"))
    return;
  if (ticket == NULL)
    {
      gtk_label_set_text (self->number_hint, _("Touch the letter of your number first, then its digits."));
      return;
    }
  gtk_label_set_text (self->checking_label, _("Looking up your number…"));
  loket_kiosk_survey_check (self->survey, ticket);
}

static void
action_home (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;
  g_autofree char *pending = g_steal_pointer (&self->pending);

  go_home (self);
  /* The next citizen at the counter was finished meanwhile. */
  if (pending != NULL)
    loket_kiosk_survey_start (self->survey, pending);
}

static void
action_cancel (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "home", NULL);
}

static void
change_profile (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;
  const char *key = g_action_get_name (G_ACTION (action));

  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    if (g_str_equal (loket_skm_profile_item (i)->key, key) &&
        loket_kiosk_survey_set_profile (self->survey, i, g_variant_get_string (value, NULL)))
      g_simple_action_set_state (action, value);
}

/* For the tests and a hardware keyboard: the suggestion as typed. */
static void
action_suggest (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskSurveyWindow *self = user_data;

  gtk_editable_set_text (GTK_EDITABLE (self->suggestion_entry), g_variant_get_string (param, NULL));
}

static void
action_switch_language (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "language",
                                  g_variant_new_string (english () ? "id" : "en"));
}

static void
change_language (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  if (!loket_i18n_set_language (g_variant_get_string (value, NULL)))
    return;
  g_simple_action_set_state (action, value);
  retranslate (user_data);
}

static const GActionEntry actions[] = {
  { "answer", action_answer, "i" },
  { "skip", action_skip },
  { "back", action_back },
  { "send", action_send },
  { "key", action_key, "s" },
  { "erase", action_erase },
  { "check", action_check },
  { "home", action_home },
  { "cancel", action_cancel },
  { "suggest", action_suggest, "s" },
  { "sex", NULL, "s", "''", change_profile },
  { "age", NULL, "s", "''", change_profile },
  { "education", NULL, "s", "''", change_profile },
  { "occupation", NULL, "s", "''", change_profile },
  { "switch-language", action_switch_language },
  { "language", NULL, "s", "'id'", change_language },
  { "online", NULL, NULL, "false", loket_app_state_read_only },
  { "page", NULL, NULL, "'waiting'", loket_app_state_read_only },
  { "ticket", NULL, NULL, "''", loket_app_state_read_only },
  { "element", NULL, NULL, "''", loket_app_state_read_only },
  { "progress", NULL, NULL, "0", loket_app_state_read_only },
  { "number", NULL, NULL, "''", loket_app_state_read_only },
  { "refusal", NULL, NULL, "''", loket_app_state_read_only },
  { "survey", NULL, NULL, "'idle'", loket_app_state_read_only },
};

/* ---- texts ------------------------------------------------------------- */

static void
retranslate (LoketKioskSurveyWindow *self)
{
  g_autofree char *at_counter = counter_id (self)
    ? g_strdup_printf (_("When your visit at counter %s is finished, this screen asks how we served you."),
                       counter_id (self))
    : NULL;

  gtk_button_set_label (self->language_button, english () ? "Bahasa Indonesia" : "English");
  gtk_label_set_text (self->office_label, self->office ? loket_i18n_pick (self->office, "office") : "Loket");
  gtk_label_set_text (self->offline_label, _("No connection to the queue server. Please wait a moment."));
  gtk_label_set_text (self->waiting_title, _("How was your service?"));
  gtk_label_set_text (self->waiting_hint, at_counter ? at_counter : "");
  gtk_label_set_text (self->number_title, _("How was your service?"));
  gtk_label_set_text (self->number_hint, _("Type the number on your ticket to answer a short survey."));
  gtk_label_set_text (self->checking_label, _("Looking up your number…"));
  gtk_button_set_label (self->refused_button, _("Back"));
  gtk_button_set_label (self->question_back, _("Back"));
  gtk_button_set_label (self->skip_button, _("Skip this question"));
  gtk_label_set_text (self->profile_title, _("About you (optional)"));
  gtk_label_set_text (self->profile_hint, _("Choose what you wish to tell, or nothing. We never ask your name or "
                                            "ID number."));
  gtk_label_set_text (self->suggestion_label, _("Your suggestion (optional)"));
  gtk_button_set_label (self->profile_back, _("Back"));
  gtk_button_set_label (self->send_button, _("Send"));
  gtk_button_set_label (self->cancel_button, _("Stop waiting"));
  gtk_label_set_text (self->thanks_title, _("Thank you!"));
  gtk_label_set_text (self->thanks_hint, _("Your answers help this office serve citizens better."));
  update_question (self);
  update_suggestion_count (self);
  if (loket_kiosk_survey_get_state (self->survey) == LOKET_KIOSK_SURVEY_REFUSED)
    update_refused (self);
  build_profile (self);
}

/* ---- life cycle -------------------------------------------------------- */

static void
loket_kiosk_survey_window_dispose (GObject *object)
{
  LoketKioskSurveyWindow *self = LOKET_KIOSK_SURVEY_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->survey != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->survey, self);
      loket_kiosk_survey_abandon (self->survey);
      g_clear_object (&self->survey);
    }
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (loket_kiosk_application_get_subscriber (self->application), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_KIOSK_SURVEY_WINDOW);
  G_OBJECT_CLASS (loket_kiosk_survey_window_parent_class)->dispose (object);
}

static void
loket_kiosk_survey_window_finalize (GObject *object)
{
  LoketKioskSurveyWindow *self = LOKET_KIOSK_SURVEY_WINDOW (object);

  g_clear_pointer (&self->office, json_object_unref);
  g_string_free (self->number, TRUE);
  g_free (self->pending);
  G_OBJECT_CLASS (loket_kiosk_survey_window_parent_class)->finalize (object);
}

static void
loket_kiosk_survey_window_class_init (LoketKioskSurveyWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = loket_kiosk_survey_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_kiosk_survey_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/loket/Kiosk/loket-kiosk-survey-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketKioskSurveyWindow, name)
  BIND (office_label); BIND (language_button); BIND (offline_revealer); BIND (offline_label); BIND (stack);
  BIND (waiting_title); BIND (waiting_hint); BIND (number_title); BIND (number_hint); BIND (number_display);
  BIND (series_box); BIND (keypad); BIND (checking_spinner); BIND (sending_spinner); BIND (checking_label);
  BIND (sending_label); BIND (refused_icon); BIND (refused_title); BIND (refused_reason); BIND (refused_button);
  BIND (question_heading); BIND (progress_label); BIND (element_name); BIND (element_question);
  BIND (progress_bar); BIND (answer_1); BIND (answer_2); BIND (answer_3); BIND (answer_4);
  BIND (question_back); BIND (skip_button); BIND (profile_title); BIND (profile_hint);
  BIND (suggestion_label); BIND (suggestion_count); BIND (profile_grid); BIND (suggestion_entry);
  BIND (profile_back); BIND (send_button); BIND (cancel_button); BIND (thanks_title); BIND (thanks_hint);
#undef BIND
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

static void
loket_kiosk_survey_window_init (LoketKioskSurveyWindow *self)
{
  GtkEventController *input = gtk_event_controller_legacy_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->number = g_string_new (NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect (input, "event", G_CALLBACK (on_any_input), self);
  gtk_widget_add_controller (GTK_WIDGET (self), input);
  g_signal_connect (self->suggestion_entry, "changed", G_CALLBACK (on_suggestion_changed), self);
  /* Long answers ("Ada tetapi tidak berfungsi") wrap inside their button. */
  for (guint i = 0; i < LOKET_SKM_ANSWERS; i++)
    {
      GtkButton *buttons[] = { self->answer_1, self->answer_2, self->answer_3, self->answer_4 };
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_button_set_child (buttons[i], label);
    }
}

LoketKioskSurveyWindow *
loket_kiosk_survey_window_new (LoketKioskApplication *application)
{
  LoketKioskSurveyWindow *self = g_object_new (LOKET_TYPE_KIOSK_SURVEY_WINDOW, "application", application, NULL);
  LoketSubscriber *subscriber = loket_kiosk_application_get_subscriber (application);

  self->application = application;
  self->survey = loket_kiosk_survey_new (loket_kiosk_application_get_client (application));
  g_signal_connect (self->survey, "notify::state", G_CALLBACK (on_survey_state), self);
  g_signal_connect (self->survey, "notify::attempts", G_CALLBACK (on_survey_attempts), self);
  g_signal_connect (subscriber, "snapshot", G_CALLBACK (on_snapshot), self);
  g_signal_connect (subscriber, "event", G_CALLBACK (on_event), self);
  g_signal_connect (subscriber, "notify::online", G_CALLBACK (on_online_changed), self);
  on_online_changed (subscriber, NULL, self);
  build_keypad (self);
  go_home (self);
  return self;
}
