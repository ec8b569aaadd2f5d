/* loket-kiosk-application.c — the kiosk process.
 *
 * Reads the kiosk's configuration (a key file, then the command line),
 * opens the request connection and the Clone-pattern subscriber to
 * loketd, and owns the printer.  Every minute, and after a failed job, it
 * asks the printer how it is and reports that to the server as the
 * kiosk's device status, so that supervisors see a printer out of paper
 * before the next citizen finds out.
 *
 * In survey mode (--survey, Survey=true) the same process is a tablet
 * that asks the satisfaction survey after the visit instead
 * (loket-kiosk-survey-window.c): at a counter (--counter) or at the exit.
 * It prints nothing and needs no printer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "config.h"

#include "loket-kiosk-application.h"
#include "loket-app-connection.h"
#include "loket-app.h"
#include "loket-kiosk-survey-window.h"
#include "loket-kiosk-window.h"
#include "loket-i18n.h"
#include "loket-keys.h"
#include "loket-message.h"
#include "loket-ticket-printout.h"

#include <glib/gi18n.h>

#define PRINTER_CHECK_SECONDS 60

struct _LoketKioskApplication
{
  AdwApplication   parent_instance;

  /* configuration */
  LoketAppConnection conn;
  char            *printer_name;
  gboolean         no_printer;
  char            *print_dir;
  double           media_width;
  char            *language;
  guint            idle_timeout;
  guint            ticket_timeout;
  guint            print_timeout;
  gboolean         windowed;
  gboolean         survey;
  char            *survey_counter;
  int              width;
  int              height;

  LoketClient     *client;
  LoketSubscriber *subscriber;
  LoketPrinter    *printer;
  char            *printer_state;   /* as last reported: "error:media-empty-error" */
  guint            printer_source;
  gboolean         checking;
};

G_DEFINE_FINAL_TYPE (LoketKioskApplication, loket_kiosk_application, ADW_TYPE_APPLICATION)

/* ---- the printer's state, for the supervisors --------------------------- */

static void
on_status_reported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (reply == NULL)
    g_debug ("device status not delivered: %s", error->message);
}

static void
report_printer (LoketKioskApplication *self, LoketPrinterState state, const char *reason)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *summary = g_strdup_printf ("%s:%s", loket_printer_state_to_string (state),
                                              reason ? reason : "");

  if (g_strcmp0 (summary, self->printer_state) != 0)
    {
      if (state == LOKET_PRINTER_STATE_OK)
        g_message ("printer %s is ready", loket_printer_get_name (self->printer));
      else
        g_warning ("printer %s: %s (%s)", loket_printer_get_name (self->printer),
                   loket_printer_state_to_string (state), reason ? reason : "no reason given");
      g_free (self->printer_state);
      self->printer_state = g_steal_pointer (&summary);
    }
  json_object_set_string_member (body, "component", "printer");
  json_object_set_string_member (body, "state", loket_printer_state_to_string (state));
  if (reason != NULL)
    json_object_set_string_member (body, "reason", reason);
  /* Sent every time: the server logs only changes, and a report lost
   * while it was down is repeated a minute later. */
  loket_client_request_async (self->client, "DEVICE_STATUS", body, NULL, NULL, on_status_reported, NULL);
}

static void
on_printer_state (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketKioskApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  LoketPrinterState state = loket_printer_query_state_finish (LOKET_PRINTER (source), result, &reason, &error);

  self->checking = FALSE;
  if (error != NULL && reason == NULL)
    reason = g_strdup (error->message);
  report_printer (self, state, reason);
}

void
loket_kiosk_application_check_printer (LoketKioskApplication *self)
{
  if (self->printer == NULL || self->checking)
    return;
  self->checking = TRUE;
  loket_printer_query_state_async (self->printer, NULL, on_printer_state, g_object_ref (self));
}

static gboolean
check_printer_timeout (gpointer user_data)
{
  loket_kiosk_application_check_printer (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- configuration ----------------------------------------------------- */

static gboolean
load_config (LoketKioskApplication *self, const char *path, GError **error)
{
  g_autoptr(GKeyFile) file = NULL;
  static const struct { const char *key; gsize offset; } strings[] = {
    { "Printer", G_STRUCT_OFFSET (LoketKioskApplication, printer_name) },
    { "PrintTo", G_STRUCT_OFFSET (LoketKioskApplication, print_dir) },
    { "Language", G_STRUCT_OFFSET (LoketKioskApplication, language) },
    { "Counter", G_STRUCT_OFFSET (LoketKioskApplication, survey_counter) },
  };

  file = loket_app_connection_load_file (&self->conn, path, "Kiosk", error);
  if (file == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      char **field = G_STRUCT_MEMBER_P (self, strings[i].offset);
      char *value = g_key_file_get_string (file, "Kiosk", strings[i].key, NULL);

      /* The command line wins over the file. */
      if (value != NULL && *field == NULL)
        *field = value;
      else
        g_free (value);
    }
  if (!self->survey && g_key_file_has_key (file, "Kiosk", "Survey", NULL))
    {
      g_autoptr(GError) local = NULL;

      self->survey = g_key_file_get_boolean (file, "Kiosk", "Survey", &local);
      if (local != NULL)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "%s: [Kiosk] Survey: expected true or false", path);
          return FALSE;
        }
    }
  if (g_key_file_has_key (file, "Kiosk", "MediaWidth", NULL) && self->media_width == 0)
    self->media_width = g_key_file_get_double (file, "Kiosk", "MediaWidth", error);
  return error == NULL || *error == NULL;
}

static const GOptionEntry options[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL, "Read settings from FILE ([Kiosk] group)", "FILE" },
  { "printer", 0, 0, G_OPTION_ARG_STRING, NULL, "CUPS destination or ipp:// URI", "NAME" },
  { "no-printer", 0, 0, G_OPTION_ARG_NONE, NULL, "Show the number on screen only", NULL },
  { "print-to", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Write each ticket as a PDF into DIR", "DIR" },
  { "media-width", 0, 0, G_OPTION_ARG_DOUBLE, NULL, "Printable width of the roll in mm (72)", "MM" },
  { "print-timeout", 0, 0, G_OPTION_ARG_INT, NULL, "Seconds a print job may take (30)", "SECONDS" },
  { "lang", 0, 0, G_OPTION_ARG_STRING, NULL, "Language for each new citizen: id or en", "LANG" },
  { "idle-timeout", 0, 0, G_OPTION_ARG_INT, NULL, "Seconds before a screen returns home (60)", "SECONDS" },
  { "ticket-timeout", 0, 0, G_OPTION_ARG_INT, NULL, "Seconds the number stays on screen (20)", "SECONDS" },
  { "survey", 0, 0, G_OPTION_ARG_NONE, NULL, "Survey mode: ask the satisfaction survey after the visit", NULL },
  { "counter", 0, 0, G_OPTION_ARG_STRING, NULL, "Survey mode at counter ID: ask when a visit there ends", "ID" },
  { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL, "Not full screen (for testing)", NULL },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL, "Window size, e.g. 1080x1920", "WxH" },
  { NULL }
};

static gboolean
lookup_string (GVariantDict *dict, const char *key, char **out)
{
  const char *value = NULL;

  if (*out == NULL && g_variant_dict_lookup (dict, key, "&s", &value))
    *out = g_strdup (value);
  return *out != NULL;
}

static gboolean
parse_options (LoketKioskApplication *self, GVariantDict *dict, GError **error)
{
  const char *config = NULL, *size = NULL;
  gint seconds;

  loket_app_connection_lookup (&self->conn, dict);
  lookup_string (dict, "printer", &self->printer_name);
  lookup_string (dict, "lang", &self->language);
  lookup_string (dict, "counter", &self->survey_counter);
  g_variant_dict_lookup (dict, "survey", "b", &self->survey);
  g_variant_dict_lookup (dict, "print-to", "^ay", &self->print_dir);
  g_variant_dict_lookup (dict, "no-printer", "b", &self->no_printer);
  g_variant_dict_lookup (dict, "windowed", "b", &self->windowed);
  g_variant_dict_lookup (dict, "media-width", "d", &self->media_width);
  if (g_variant_dict_lookup (dict, "idle-timeout", "i", &seconds) && seconds > 0)
    self->idle_timeout = (guint) seconds;
  if (g_variant_dict_lookup (dict, "ticket-timeout", "i", &seconds) && seconds > 0)
    self->ticket_timeout = (guint) seconds;
  if (g_variant_dict_lookup (dict, "print-timeout", "i", &seconds) && seconds > 0)
    self->print_timeout = (guint) seconds;
  if (g_variant_dict_lookup (dict, "size", "&s", &size) &&
      sscanf (size, "%dx%d", &self->width, &self->height) != 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--size: expected WxH, got “%s”", size);
      return FALSE;
    }
  if (g_variant_dict_lookup (dict, "config", "^&ay", &config) && !load_config (self, config, error))
    return FALSE;

  if (self->survey_counter != NULL && !self->survey)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--counter (Counter=) is for survey mode: add --survey (Survey=true)");
      return FALSE;
    }
  /* A survey tablet prints nothing. */
  if (self->survey)
    self->no_printer = TRUE;
  if (self->printer_name == NULL && self->print_dir == NULL && !self->no_printer)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "no printer: give --printer NAME (or Printer= in --config), --print-to DIR or --no-printer");
      return FALSE;
    }
  if (self->language == NULL)
    self->language = g_strdup ("id");
  if (g_strcmp0 (self->language, "id") != 0 && g_strcmp0 (self->language, "en") != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--lang: id or en, not “%s”", self->language);
      return FALSE;
    }
  if (self->media_width == 0)
    self->media_width = LOKET_TICKET_PRINTOUT_DEFAULT_WIDTH_MM;
  return TRUE;
}

static gint
loket_kiosk_application_handle_local_options (GApplication *application, GVariantDict *dict)
{
  LoketKioskApplication *self = LOKET_KIOSK_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (!parse_options (self, dict, &error) ||
      !loket_app_connection_open (&self->conn, &self->client, &self->subscriber, &error))
    {
      g_printerr ("loket-kiosk: %s\n", error->message);
      return 1;
    }
  if (self->survey)
    {
      /* Its own name on the bus: a survey tablet and a kiosk may share a
       * session (the demo runs both), and each is driven by its own. */
      g_application_set_application_id (application, "org.loket.Survey");
      g_message ("survey tablet %s: server %s, %s%s", self->conn.device, self->conn.server,
                 self->survey_counter ? "asking after each visit at counter " : "at the exit, tickets typed",
                 self->survey_counter ? self->survey_counter : "");
      return -1;
    }
  if (self->printer_name != NULL && !self->no_printer && self->print_dir == NULL)
    {
      self->printer = loket_printer_new (self->printer_name);
      if (self->print_timeout > 0)
        loket_printer_set_timeout (self->printer, self->print_timeout);
    }
  g_message ("kiosk %s: server %s, %s", self->conn.device, self->conn.server,
             self->printer ? self->printer_name : self->print_dir ? self->print_dir : "no printer");
  return -1;
}

/* ---- GApplication ------------------------------------------------------ */

static void
loket_kiosk_application_startup (GApplication *application)
{
  LoketKioskApplication *self = LOKET_KIOSK_APPLICATION (application);

  G_APPLICATION_CLASS (loket_kiosk_application_parent_class)->startup (application);
  /* A kiosk is read in a bright hall: light scheme, high contrast. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  loket_app_startup (GTK_APPLICATION (self));
  if (self->printer != NULL)
    {
      loket_kiosk_application_check_printer (self);
      self->printer_source = g_timeout_add_seconds (PRINTER_CHECK_SECONDS, check_printer_timeout, self);
    }
}

static void
loket_kiosk_application_activate (GApplication *application)
{
  LoketKioskApplication *self = LOKET_KIOSK_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = self->survey ? GTK_WINDOW (loket_kiosk_survey_window_new (self))
                            : GTK_WINDOW (loket_kiosk_window_new (self));
      if (self->width > 0)
        gtk_window_set_default_size (window, self->width, self->height);
      if (!self->windowed)
        {
          /* No frame, no shadow: the screen is the kiosk. */
          gtk_window_set_decorated (window, FALSE);
          gtk_window_fullscreen (window);
        }
    }
  gtk_window_present (window);
}

static void
loket_kiosk_application_shutdown (GApplication *application)
{
  LoketKioskApplication *self = LOKET_KIOSK_APPLICATION (application);

  g_clear_handle_id (&self->printer_source, g_source_remove);
  G_APPLICATION_CLASS (loket_kiosk_application_parent_class)->shutdown (application);
}

static void
loket_kiosk_application_finalize (GObject *object)
{
  LoketKioskApplication *self = LOKET_KIOSK_APPLICATION (object);

  g_clear_object (&self->subscriber);
  g_clear_object (&self->client);
  g_clear_object (&self->printer);
  loket_app_connection_clear (&self->conn);
  g_free (self->printer_name);
  g_free (self->print_dir);
  g_free (self->language);
  g_free (self->printer_state);
  g_free (self->survey_counter);
  G_OBJECT_CLASS (loket_kiosk_application_parent_class)->finalize (object);
}

static void
loket_kiosk_application_class_init (LoketKioskApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = loket_kiosk_application_finalize;
  app_class->handle_local_options = loket_kiosk_application_handle_local_options;
  app_class->startup = loket_kiosk_application_startup;
  app_class->activate = loket_kiosk_application_activate;
  app_class->shutdown = loket_kiosk_application_shutdown;
}

static void
loket_kiosk_application_init (LoketKioskApplication *self)
{
  self->idle_timeout = 60;
  self->ticket_timeout = 20;
  g_application_add_main_option_entries (G_APPLICATION (self), loket_app_connection_options);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

LoketKioskApplication *
loket_kiosk_application_new (void)
{
  return g_object_new (LOKET_TYPE_KIOSK_APPLICATION,
                       "application-id", "org.loket.Kiosk",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/loket/Kiosk",
                       NULL);
}

LoketClient *loket_kiosk_application_get_client (LoketKioskApplication *self) { return self->client; }
LoketSubscriber *loket_kiosk_application_get_subscriber (LoketKioskApplication *self) { return self->subscriber; }
LoketPrinter *loket_kiosk_application_get_printer (LoketKioskApplication *self) { return self->printer; }
const char *loket_kiosk_application_get_print_dir (LoketKioskApplication *self) { return self->print_dir; }
double loket_kiosk_application_get_media_width (LoketKioskApplication *self) { return self->media_width; }
guint loket_kiosk_application_get_idle_timeout (LoketKioskApplication *self) { return self->idle_timeout; }
guint loket_kiosk_application_get_ticket_timeout (LoketKioskApplication *self) { return self->ticket_timeout; }
const char *loket_kiosk_application_get_default_language (LoketKioskApplication *self) { return self->language; }
/* Survey mode: the counter the tablet stands at, or NULL at the exit. */
const char *loket_kiosk_application_get_survey_counter (LoketKioskApplication *self) { return self->survey_counter; }
