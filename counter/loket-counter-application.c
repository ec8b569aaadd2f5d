/* loket-counter-application.c — the counter app's process.
 *
 * Reads the PC's settings (a key file's [Counter] group, then the command
 * line: which counter this desk is, how to reach loketd) and opens the
 * connection.  A counter PC belongs to one desk; the clerks who sit at it
 * change, and log in with their own id and PIN.  With --supervisor (and a
 * supervisor's key) it opens the supervisor's view of the whole office
 * instead, under its own application id so that both can run on one PC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-counter"

#include "config.h"

#include <stdio.h>

#include "loket-counter-application.h"
#include "loket-counter-window.h"
#include "loket-supervisor-window.h"
#include "loket-app-connection.h"
#include "loket-app.h"

struct _LoketCounterApplication
{
  AdwApplication      parent_instance;

  LoketAppConnection  conn;
  char               *counter;
  gboolean            supervisor;
  int                 width;
  int                 height;

  LoketClient        *client;
  LoketSubscriber    *subscriber;
  LoketOfficeModel   *model;
};

G_DEFINE_FINAL_TYPE (LoketCounterApplication, loket_counter_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL, "Read settings from FILE ([Counter] group)", "FILE" },
  { "counter", 0, 0, G_OPTION_ARG_STRING, NULL, "The counter this PC is at (its id in the charter)", "ID" },
  { "supervisor", 0, 0, G_OPTION_ARG_NONE, NULL, "Open the supervisor's view (needs a supervisor key)", NULL },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL, "Window size, e.g. 1366x768", "WxH" },
  { NULL }
};

static gboolean
parse_options (LoketCounterApplication *self, GVariantDict *dict, GError **error)
{
  const char *config = NULL, *size = NULL;

  loket_app_connection_lookup (&self->conn, dict);
  g_variant_dict_lookup (dict, "counter", "s", &self->counter);
  self->supervisor = g_variant_dict_contains (dict, "supervisor");
  if (g_variant_dict_lookup (dict, "size", "&s", &size) &&
      sscanf (size, "%dx%d", &self->width, &self->height) != 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--size: expected WxH, got “%s”", size);
      return FALSE;
    }
  if (g_variant_dict_lookup (dict, "config", "^&ay", &config))
    {
      const char *group = self->supervisor ? "Supervisor" : "Counter";
      g_autoptr(GKeyFile) file = loket_app_connection_load_file (&self->conn, config, group, error);

      if (file == NULL)
        return FALSE;
      if (self->counter == NULL && !self->supervisor)
        self->counter = g_key_file_get_string (file, "Counter", "Counter", NULL);
    }
  if (self->supervisor)
    g_application_set_application_id (G_APPLICATION (self), "org.loket.Supervisor");
  return TRUE;
}

static gint
loket_counter_application_handle_local_options (GApplication *application, GVariantDict *dict)
{
  LoketCounterApplication *self = LOKET_COUNTER_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (!parse_options (self, dict, &error) ||
      !loket_app_connection_open (&self->conn, &self->client, &self->subscriber, &error))
    {
      g_printerr ("loket-counter: %s\n", error->message);
      return 1;
    }
  /* The supervisor's view shows today's record per service, which the
   * model asks the server for; a clerk's screen does without. */
  self->model = loket_office_model_new (self->subscriber, self->supervisor ? self->client : NULL);
  g_message ("%s PC %s: server %s%s%s", self->supervisor ? "supervisor" : "counter", self->conn.device, self->conn.server,
             self->counter ? ", counter " : "", self->counter ? self->counter : "");
  return -1;
}

static void
loket_counter_application_startup (GApplication *application)
{

  G_APPLICATION_CLASS (loket_counter_application_parent_class)->startup (application);
  loket_app_startup (GTK_APPLICATION (application));
}

static void
loket_counter_application_activate (GApplication *application)
{
  LoketCounterApplication *self = LOKET_COUNTER_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = self->supervisor ? GTK_WINDOW (loket_supervisor_window_new (self))
                                : GTK_WINDOW (loket_counter_window_new (self));
      if (self->width > 0)
        gtk_window_set_default_size (window, self->width, self->height);
      else
        gtk_window_maximize (window);
    }
  gtk_window_present (window);
}

static void
loket_counter_application_finalize (GObject *object)
{
  LoketCounterApplication *self = LOKET_COUNTER_APPLICATION (object);

  g_clear_object (&self->model);
  g_clear_object (&self->subscriber);
  g_clear_object (&self->client);
  loket_app_connection_clear (&self->conn);
  g_free (self->counter);
  G_OBJECT_CLASS (loket_counter_application_parent_class)->finalize (object);
}

static void
loket_counter_application_class_init (LoketCounterApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = loket_counter_application_finalize;
  app_class->handle_local_options = loket_counter_application_handle_local_options;
  app_class->startup = loket_counter_application_startup;
  app_class->activate = loket_counter_application_activate;
}

static void
loket_counter_application_init (LoketCounterApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), loket_app_connection_options);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

LoketCounterApplication *
loket_counter_application_new (void)
{
  return g_object_new (LOKET_TYPE_COUNTER_APPLICATION,
                       "application-id", "org.loket.Counter",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/loket/Counter",
                       NULL);
}

LoketClient *
loket_counter_application_get_client (LoketCounterApplication *self)
{
  return self->client;
}

LoketSubscriber *
loket_counter_application_get_subscriber (LoketCounterApplication *self)
{
  return self->subscriber;
}

LoketOfficeModel *
loket_counter_application_get_model (LoketCounterApplication *self)
{
  return self->model;
}

const char *
loket_counter_application_get_counter (LoketCounterApplication *self)
{
  return self->counter;
}
