/* loket-kiosk-complaint-view.c — a citizen's complaint at the kiosk:
 * what it is about (eight large buttons, the service standard's elements),
 * the details (the ticket's number if they have one, else the service;
 * the complaint in their words, the limit shown and counted; a name and a
 * phone number or e-mail, or anonymous), then sending, then the receipt:
 * its number large, the deadline, the tracking link, and what happened to
 * the paper.
 *
 * The pages are built in code, a stack of their own inside the window's
 * "complaint" page.  Filing and printing are a LoketKioskComplaint
 * (loket-kiosk-complaint.c), whose state this view follows.  Everything
 * the citizen does is a "win." action added to the window, so a touch
 * and a test (tests/test-kiosk.c over D-Bus) take the same path:
 * "complaint-category" (s), "complaint-set" ((ss): ticket, service,
 * description, name, contact, anonymous "true"/"false"), "complaint-send",
 * "complaint-back"; "complaint-page", "complaint-receipt",
 * "complaint-print-state" and "complaint-refusal" say what is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "config.h"

#include "loket-app.h"
#include "loket-complaint-receipt.h"
#include "loket-complaint-category.h"
#include "loket-i18n.h"
#include "loket-kiosk-complaint-view.h"
#include "loket-message.h"

#include <glib/gi18n.h>

struct _LoketKioskComplaintView
{
  GtkBox               parent_instance;
  GActionMap          *actions;      /* the window's; not owned */
  LoketKioskComplaint *complaint;
  JsonObject          *office;
  char                *category;
  GPtrArray           *service_ids;  /* the drop-down's, in its order */

  GtkStack      *stack;
  /* category */
  GtkLabel      *category_title;
  GtkLabel      *category_hint;
  GtkLabel      *category_labels[LOKET_COMPLAINT_N_CATEGORIES];
  GtkButton     *category_back;
  /* details */
  GtkLabel      *details_title;
  GtkLabel      *ticket_heading;
  GtkEntry      *ticket_entry;
  GtkLabel      *service_heading;
  GtkDropDown   *service_dropdown;
  GtkLabel      *description_heading;
  GtkTextView   *description_view;
  GtkLabel      *description_count;
  GtkLabel      *name_heading;
  GtkEntry      *name_entry;
  GtkLabel      *contact_heading;
  GtkEntry      *contact_entry;
  GtkCheckButton *anonymous_check;
  GtkLabel      *refusal_label;
  GtkButton     *details_back;
  GtkButton     *send_button;
  /* sending */
  GtkSpinner    *spinner;
  GtkLabel      *sending_label;
  /* receipt */
  GtkLabel      *receipt_title;
  GtkLabel      *receipt_number;
  GtkLabel      *receipt_deadline;
  GtkLabel      *receipt_link;
  GtkLabel      *receipt_status;
  GtkButton     *receipt_done;
};

G_DEFINE_FINAL_TYPE (LoketKioskComplaintView, loket_kiosk_complaint_view, GTK_TYPE_BOX)

/* ---- building ------------------------------------------------------------ */

static GtkLabel *
add_label (GtkBox *box, const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static GtkButton *
new_button (const char *action, gboolean suggested)
{
  GtkWidget *button = gtk_button_new ();

  gtk_widget_add_css_class (button, "big-button");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return GTK_BUTTON (button);
}

static GtkBox *
new_page (LoketKioskComplaintView *self, const char *name)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  gtk_widget_add_css_class (page, "page");
  gtk_stack_add_named (self->stack, page, name);
  return GTK_BOX (page);
}

/* Back and forward, side by side at the bottom. */
static void
add_button_row (GtkBox *page, GtkButton *back, GtkButton *forward)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);

  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (back));
  if (forward != NULL)
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (forward));
  gtk_box_append (page, row);
}

static void
build_category_page (LoketKioskComplaintView *self)
{
  GtkBox *page = new_page (self, "category");
  GtkWidget *grid = gtk_grid_new ();

  self->category_title = add_label (page, "page-title");
  self->category_hint = add_label (page, "page-hint");
  gtk_grid_set_row_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_widget_set_vexpand (grid, TRUE);
  for (guint i = 0; i < LOKET_COMPLAINT_N_CATEGORIES; i++)
    {
      GtkButton *button = new_button ("win.complaint-category", FALSE);
      GtkWidget *label = gtk_label_new (NULL);

      /* Two columns of long labels: they wrap rather than widen. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_button_set_child (button, label);

      gtk_widget_add_css_class (GTK_WIDGET (button), "priority-button");
      gtk_widget_add_css_class (GTK_WIDGET (button), "category-button");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", loket_complaint_category_on_screen (i)->id);
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (button), (int) (i % 2), (int) (i / 2), 1, 1);
      self->category_labels[i] = GTK_LABEL (label);
    }
  gtk_box_append (page, grid);
  self->category_back = new_button ("win.complaint-back", FALSE);
  add_button_row (page, self->category_back, NULL);
}

static GtkEntry *
add_entry (GtkBox *box, int max_chars)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_max_length (GTK_ENTRY (entry), max_chars);
  gtk_widget_add_css_class (entry, "suggestion-entry");
  gtk_box_append (box, entry);
  return GTK_ENTRY (entry);
}

static void update_count (LoketKioskComplaintView *self);

static void
on_description_changed (GtkTextBuffer *buffer, gpointer user_data)
{
  update_count (user_data);
}

static void
on_anonymous_toggled (GtkCheckButton *check, gpointer user_data)
{
  LoketKioskComplaintView *self = user_data;
  gboolean anonymous = gtk_check_button_get_active (check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->name_entry), !anonymous);
  gtk_widget_set_sensitive (GTK_WIDGET (self->contact_entry), !anonymous);
}

/* A ticket names its service: the choice is for those without one. */
static void
on_ticket_changed (GtkEditable *entry, gpointer user_data)
{
  LoketKioskComplaintView *self = user_data;
  g_autofree char *ticket = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  gtk_widget_set_sensitive (GTK_WIDGET (self->service_dropdown), *ticket == '\0');
}

static void
build_details_page (LoketKioskComplaintView *self)
{
  GtkBox *page = new_page (self, "details");
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *text = gtk_text_view_new ();

  self->details_title = add_label (page, "page-title");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), form);
  gtk_box_append (page, scrolled);

  self->ticket_heading = add_label (GTK_BOX (form), "survey-heading");
  self->ticket_entry = add_entry (GTK_BOX (form), 16);
  g_signal_connect (self->ticket_entry, "changed", G_CALLBACK (on_ticket_changed), self);
  self->service_heading = add_label (GTK_BOX (form), "survey-heading");
  self->service_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->service_dropdown), "suggestion-entry");
  gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->service_dropdown));

  self->description_heading = add_label (GTK_BOX (form), "survey-heading");
  self->description_view = GTK_TEXT_VIEW (text);
  gtk_text_view_set_wrap_mode (self->description_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->description_view, 12);
  gtk_text_view_set_right_margin (self->description_view, 12);
  gtk_text_view_set_top_margin (self->description_view, 8);
  gtk_widget_set_size_request (text, -1, 200);
  gtk_widget_add_css_class (text, "complaint-text");
  gtk_frame_set_child (GTK_FRAME (frame), text);
  gtk_box_append (GTK_BOX (form), frame);
  self->description_count = add_label (GTK_BOX (form), "page-hint");
  gtk_label_set_xalign (self->description_count, 1);
  g_signal_connect (gtk_text_view_get_buffer (self->description_view), "changed",
                    G_CALLBACK (on_description_changed), self);

  self->name_heading = add_label (GTK_BOX (form), "survey-heading");
  self->name_entry = add_entry (GTK_BOX (form), LOKET_KIOSK_COMPLAINT_NAME_MAX);
  self->contact_heading = add_label (GTK_BOX (form), "survey-heading");
  self->contact_entry = add_entry (GTK_BOX (form), LOKET_KIOSK_COMPLAINT_NAME_MAX);
  self->anonymous_check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->anonymous_check), "anonymous-check");
  g_signal_connect (self->anonymous_check, "toggled", G_CALLBACK (on_anonymous_toggled), self);
  gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->anonymous_check));

  self->refusal_label = add_label (page, "refused-reason");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), FALSE);
  self->details_back = new_button ("win.complaint-back", FALSE);
  self->send_button = new_button ("win.complaint-send", TRUE);
  add_button_row (page, self->details_back, self->send_button);
}

static void
build_sending_page (LoketKioskComplaintView *self)
{
  GtkBox *page = new_page (self, "sending");

  gtk_widget_set_valign (GTK_WIDGET (page), GTK_ALIGN_CENTER);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->spinner), 96, 96);
  gtk_box_append (page, GTK_WIDGET (self->spinner));
  self->sending_label = add_label (page, "page-title");
  gtk_label_set_xalign (self->sending_label, 0.5);
  gtk_label_set_justify (self->sending_label, GTK_JUSTIFY_CENTER);
}

static void
build_receipt_page (LoketKioskComplaintView *self)
{
  GtkBox *page = new_page (self, "receipt");
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->receipt_title = add_label (page, "page-title");
  self->receipt_number = add_label (page, "receipt-number");
  self->receipt_deadline = add_label (page, "ticket-figures");
  self->receipt_link = add_label (page, "ticket-figures");
  gtk_label_set_wrap_mode (self->receipt_link, PANGO_WRAP_CHAR);
  self->receipt_status = add_label (page, "ticket-status");
  gtk_widget_set_vexpand (spacer, TRUE);
  gtk_box_append (page, spacer);
  self->receipt_done = new_button ("win.home", TRUE);
  add_button_row (page, self->receipt_done, NULL);
}

/* ---- showing ------------------------------------------------------------- */

static void
set_state (LoketKioskComplaintView *self, const char *name, const char *value)
{
  loket_app_set_state (self->actions, name, g_variant_new_string (value ? value : ""));
}

static void
show (LoketKioskComplaintView *self, const char *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (page, "sending"));
  set_state (self, "complaint-page", page);
}

static char *
description_text (LoketKioskComplaintView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* "12 / 2000": the charter's limit, the server's, in characters. */
static void
update_count (LoketKioskComplaintView *self)
{
  g_autofree char *text = description_text (self);
  glong n = g_utf8_strlen (text, -1);
  g_autofree char *count = g_strdup_printf ("%ld / %d", n, LOKET_KIOSK_COMPLAINT_DESCRIPTION_MAX);

  gtk_label_set_text (self->description_count, count);
  if (n > LOKET_KIOSK_COMPLAINT_DESCRIPTION_MAX)
    gtk_widget_add_css_class (GTK_WIDGET (self->description_count), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->description_count), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button),
                            n > 0 && n <= LOKET_KIOSK_COMPLAINT_DESCRIPTION_MAX);
}

static void
update_services (LoketKioskComplaintView *self, const char *keep)
{
  JsonArray *services = self->office && json_object_has_member (self->office, "services")
                      ? json_object_get_array_member (self->office, "services") : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (self->service_ids, 0);
  for (guint i = 0; services != NULL && i < json_array_get_length (services); i++)
    {
      JsonObject *s = json_array_get_object_element (services, i);
      const char *id = loket_json_optional_string (s, "id");

      if (g_strcmp0 (id, keep) == 0)
        selected = self->service_ids->len;
      g_ptr_array_add (self->service_ids, g_strdup (id));
      gtk_string_list_append (names, loket_i18n_pick (s, "name"));
    }
  gtk_drop_down_set_model (self->service_dropdown, G_LIST_MODEL (names));
  if (self->service_ids->len > 0)
    gtk_drop_down_set_selected (self->service_dropdown, selected);
}

static const char *
selected_service (LoketKioskComplaintView *self)
{
  guint i = gtk_drop_down_get_selected (self->service_dropdown);

  return i < self->service_ids->len ? g_ptr_array_index (self->service_ids, i) : NULL;
}

static void
update_receipt (LoketKioskComplaintView *self)
{
  JsonObject *r = loket_kiosk_complaint_get_receipt (self->complaint);
  const char *print = loket_kiosk_complaint_get_print_state (self->complaint);
  g_autofree char *day = r ? loket_complaint_receipt_format_day (loket_json_optional_string (r, "deadline")) : NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *link = NULL;
  const char *url = loket_kiosk_complaint_get_tracking_url (self->complaint);
  const char *status = "";

  if (r == NULL)
    return;
  gtk_label_set_text (self->receipt_number, loket_json_optional_string (r, "receipt"));
  /* Translators: on the kiosk's receipt screen; %s is a date (15-12-2026). */
  deadline = g_strdup_printf (_("The office answers by %s at the latest."), day ? day : "");
  gtk_label_set_text (self->receipt_deadline, deadline);
  /* Translators: on the kiosk's receipt screen; %s is the tracking link. */
  link = url ? g_strdup_printf (_("Follow it at %s"), url) : NULL;
  gtk_label_set_text (self->receipt_link, link ? link : "");
  gtk_widget_set_visible (GTK_WIDGET (self->receipt_link), link != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->receipt_status), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->receipt_status), "error");
  if (g_str_equal (print, "printed"))
    {
      status = _("Take your receipt from the printer and keep it.");
      gtk_widget_add_css_class (GTK_WIDGET (self->receipt_status), "success");
    }
  else if (g_str_equal (print, "failed"))
    {
      status = _("The receipt could not be printed. Please note the number above; your complaint is recorded.");
      gtk_widget_add_css_class (GTK_WIDGET (self->receipt_status), "error");
    }
  else if (g_str_equal (print, "printing"))
    status = _("Printing your receipt…");
  else if (g_str_equal (print, "screen"))
    status = _("Please note the number above; your complaint is recorded.");
  gtk_label_set_text (self->receipt_status, status);
  gtk_widget_set_visible (GTK_WIDGET (self->receipt_status), *status != '\0');
}

static void
on_complaint_state (LoketKioskComplaint *complaint, GParamSpec *pspec, gpointer user_data)
{
  LoketKioskComplaintView *self = user_data;
  const char *refusal = loket_kiosk_complaint_get_refusal (complaint);
  JsonObject *r = loket_kiosk_complaint_get_receipt (complaint);

  switch (loket_kiosk_complaint_get_state (complaint))
    {
    case LOKET_KIOSK_COMPLAINT_FILING:
      show (self, "sending");
      break;
    case LOKET_KIOSK_COMPLAINT_IDLE:
      gtk_label_set_text (self->refusal_label, refusal ? refusal : "");
      gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), refusal != NULL);
      if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "sending"))
        show (self, "details");
      break;
    case LOKET_KIOSK_COMPLAINT_PRINTING:
    case LOKET_KIOSK_COMPLAINT_DONE:
      update_receipt (self);
      show (self, "receipt");
      break;
    }
  set_state (self, "complaint-refusal", refusal);
  set_state (self, "complaint-receipt", r ? loket_json_optional_string (r, "receipt") : "");
  set_state (self, "complaint-print-state", loket_kiosk_complaint_get_print_state (complaint));
}

/* ---- actions ------------------------------------------------------------- */

static void
action_category (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskComplaintView *self = user_data;

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "category"))
    return;
  g_free (self->category);
  self->category = g_variant_dup_string (param, NULL);
  loket_kiosk_complaint_view_retranslate (self);
  show (self, "details");
  gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
}

static void
action_set (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskComplaintView *self = user_data;
  const char *field, *value;

  g_variant_get (param, "(&s&s)", &field, &value);
  if (g_str_equal (field, "ticket"))
    gtk_editable_set_text (GTK_EDITABLE (self->ticket_entry), value);
  else if (g_str_equal (field, "name"))
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), value);
  else if (g_str_equal (field, "contact"))
    gtk_editable_set_text (GTK_EDITABLE (self->contact_entry), value);
  else if (g_str_equal (field, "description"))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), value, -1);
  else if (g_str_equal (field, "anonymous"))
    gtk_check_button_set_active (self->anonymous_check, g_str_equal (value, "true"));
  else if (g_str_equal (field, "service"))
    {
      for (guint i = 0; i < self->service_ids->len; i++)
        if (g_str_equal (g_ptr_array_index (self->service_ids, i), value))
          gtk_drop_down_set_selected (self->service_dropdown, i);
    }
  else
    g_warning ("complaint-set: no field “%s”", field);
}

static void
action_send (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskComplaintView *self = user_data;
  g_autofree char *description = description_text (self);
  gboolean anonymous = gtk_check_button_get_active (self->anonymous_check);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "details") ||
      self->category == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->send_button)))
    return;
  loket_kiosk_complaint_file (self->complaint, self->category, selected_service (self),
                              gtk_editable_get_text (GTK_EDITABLE (self->ticket_entry)), description,
                              anonymous ? NULL : gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                              anonymous ? NULL : gtk_editable_get_text (GTK_EDITABLE (self->contact_entry)));
}

static void
action_back (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LoketKioskComplaintView *self = user_data;

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "details"))
    show (self, "category");
  else
    g_action_group_activate_action (G_ACTION_GROUP (self->actions), "home", NULL);
}

static const GActionEntry actions[] = {
  { "complaint-category", action_category, "s" },
  { "complaint-set", action_set, "(ss)" },
  { "complaint-send", action_send },
  { "complaint-back", action_back },
  { "complaint-page", NULL, NULL, "''", loket_app_state_read_only },
  { "complaint-receipt", NULL, NULL, "''", loket_app_state_read_only },
  { "complaint-print-state", NULL, NULL, "''", loket_app_state_read_only },
  { "complaint-refusal", NULL, NULL, "''", loket_app_state_read_only },
};

/* ---- public -------------------------------------------------------------- */

void
loket_kiosk_complaint_view_retranslate (LoketKioskComplaintView *self)
{
  g_autofree char *limit = NULL;

  gtk_label_set_text (self->category_title, _("What is your complaint about?"));
  gtk_label_set_text (self->category_hint,
                      _("The office records it, gives you a receipt, and answers within the days "
                        "its service charter promises."));
  for (guint i = 0; i < LOKET_COMPLAINT_N_CATEGORIES; i++)
    gtk_label_set_text (self->category_labels[i], loket_kiosk_complaint_category_label (loket_complaint_category_on_screen (i)->id));
  gtk_button_set_label (self->category_back, _("Back"));
  gtk_label_set_text (self->details_title,
                      self->category ? loket_kiosk_complaint_category_label (self->category) : "");
  gtk_label_set_text (self->ticket_heading, _("Your ticket's number (if you have one), e.g. A-007"));
  gtk_label_set_text (self->service_heading, _("Service (if you have no ticket)"));
  limit = g_strdup_printf (_("Your complaint (at most %d characters)"), LOKET_KIOSK_COMPLAINT_DESCRIPTION_MAX);
  gtk_label_set_text (self->description_heading, limit);
  gtk_label_set_text (self->name_heading, _("Your name"));
  gtk_label_set_text (self->contact_heading, _("Phone or e-mail, for the answer"));
  gtk_check_button_set_label (self->anonymous_check, _("Send anonymously (no name, no contact)"));
  gtk_button_set_label (self->details_back, _("Back"));
  gtk_button_set_label (self->send_button, _("Send complaint"));
  gtk_label_set_text (self->sending_label, _("Sending your complaint…"));
  gtk_label_set_text (self->receipt_title, _("Your complaint was received"));
  gtk_button_set_label (self->receipt_done, _("Done"));
  update_count (self);
  update_receipt (self);
}

void
loket_kiosk_complaint_view_set_office (LoketKioskComplaintView *self,
                                       JsonObject              *office)
{
  g_autofree char *keep = g_strdup (selected_service (self));

  g_clear_pointer (&self->office, json_object_unref);
  self->office = office ? json_object_ref (office) : NULL;
  loket_kiosk_complaint_set_office (self->complaint, office);
  update_services (self, keep);
}

void
loket_kiosk_complaint_view_start (LoketKioskComplaintView *self,
                                  const char              *service)
{
  if (loket_kiosk_complaint_view_busy (self))
    return;
  loket_kiosk_complaint_reset (self->complaint);
  g_clear_pointer (&self->category, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->ticket_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->contact_entry), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), "", -1);
  gtk_check_button_set_active (self->anonymous_check, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), FALSE);
  update_services (self, service);
  loket_kiosk_complaint_view_retranslate (self);
  show (self, "category");
}

gboolean
loket_kiosk_complaint_view_busy (LoketKioskComplaintView *self)
{
  LoketKioskComplaintState state = loket_kiosk_complaint_get_state (self->complaint);

  return state == LOKET_KIOSK_COMPLAINT_FILING || state == LOKET_KIOSK_COMPLAINT_PRINTING;
}

gboolean
loket_kiosk_complaint_view_showing_receipt (LoketKioskComplaintView *self)
{
  return g_str_equal (gtk_stack_get_visible_child_name (self->stack), "receipt");
}

static void
loket_kiosk_complaint_view_dispose (GObject *object)
{
  LoketKioskComplaintView *self = LOKET_KIOSK_COMPLAINT_VIEW (object);

  if (self->complaint != NULL)
    g_signal_handlers_disconnect_by_data (self->complaint, self);
  g_clear_object (&self->complaint);
  G_OBJECT_CLASS (loket_kiosk_complaint_view_parent_class)->dispose (object);
}

static void
loket_kiosk_complaint_view_finalize (GObject *object)
{
  LoketKioskComplaintView *self = LOKET_KIOSK_COMPLAINT_VIEW (object);

  g_clear_pointer (&self->office, json_object_unref);
  g_free (self->category);
  g_ptr_array_unref (self->service_ids);
  G_OBJECT_CLASS (loket_kiosk_complaint_view_parent_class)->finalize (object);
}

static void
loket_kiosk_complaint_view_class_init (LoketKioskComplaintViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = loket_kiosk_complaint_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_kiosk_complaint_view_finalize;
}

static void
loket_kiosk_complaint_view_init (LoketKioskComplaintView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->service_ids = g_ptr_array_new_with_free_func (g_free);
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->stack));
  build_category_page (self);
  build_details_page (self);
  build_sending_page (self);
  build_receipt_page (self);
}

LoketKioskComplaintView *
loket_kiosk_complaint_view_new (GActionMap          *action_map,
                                LoketKioskComplaint *complaint)
{
  LoketKioskComplaintView *self = g_object_new (LOKET_TYPE_KIOSK_COMPLAINT_VIEW, NULL);

  self->actions = action_map;
  self->complaint = g_object_ref (complaint);
  g_action_map_add_action_entries (action_map, actions, G_N_ELEMENTS (actions), self);
  g_signal_connect (complaint, "notify::state", G_CALLBACK (on_complaint_state), self);
  loket_kiosk_complaint_view_retranslate (self);
  show (self, "category");
  return self;
}
