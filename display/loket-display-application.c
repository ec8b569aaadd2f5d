/* loket-display-application.c — the board process.
 *
 * Reads the board's configuration (a key file, then the command line),
 * opens the connection to loketd, and starts the announcer: sound on the
 * audio device unless --no-sound, and with --audio-out a WAV file of
 * everything it says.  A board may be limited to some services or
 * counters (one board per floor or wing).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-display"

#include "config.h"

#include "loket-display-application.h"
#include "loket-display-window.h"
#include "loket-app-connection.h"
#include "loket-app.h"

struct _LoketDisplayApplication
{
  AdwApplication      parent_instance;

  LoketAppConnection  conn;
  char              **services;
  char              **counters;
  char               *audio_out;
  gboolean            no_sound;
  gboolean            english;
  gboolean            windowed;
  int                 width;
  int                 height;

  LoketClient        *client;
  LoketSubscriber    *subscriber;
  LoketOfficeModel   *model;
  LoketAnnouncer     *announcer;
};

G_DEFINE_FINAL_TYPE (LoketDisplayApplication, loket_display_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL, "Read settings from FILE ([Display] group)", "FILE" },
  { "services", 0, 0, G_OPTION_ARG_STRING, NULL, "Show only these services (ids, comma-separated)", "IDS" },
  { "counters", 0, 0, G_OPTION_ARG_STRING, NULL, "Show only these counters (ids, comma-separated)", "IDS" },
  { "audio-out", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Also write every announcement to FILE.wav", "FILE" },
  { "no-sound", 0, 0, G_OPTION_ARG_NONE, NULL, "Do not play announcements on the audio device", NULL },
  { "english", 0, 0, G_OPTION_ARG_NONE, NULL, "Repeat each announcement in English", NULL },
  { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL, "Not full screen (for testing)", NULL },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL, "Window size, e.g. 1920x1080", "WxH" },
  { NULL }
};

static char **
split_ids (const char *text)
{
  g_auto(GStrv) parts = text ? g_strsplit_set (text, ",;", -1) : NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  if (text == NULL)
    return NULL;
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (ids, parts[i]);
  return g_strv_builder_end (ids);
}

static gboolean
parse_options (LoketDisplayApplication *self, GVariantDict *dict, GError **error)
{
  const char *config = NULL, *text = NULL, *size = NULL;

  loket_app_connection_lookup (&self->conn, dict);
  if (g_variant_dict_lookup (dict, "services", "&s", &text))
    self->services = split_ids (text);
  if (g_variant_dict_lookup (dict, "counters", "&s", &text))
    self->counters = split_ids (text);
  g_variant_dict_lookup (dict, "audio-out", "^ay", &self->audio_out);
  g_variant_dict_lookup (dict, "no-sound", "b", &self->no_sound);
  g_variant_dict_lookup (dict, "english", "b", &self->english);
  g_variant_dict_lookup (dict, "windowed", "b", &self->windowed);
  if (g_variant_dict_lookup (dict, "size", "&s", &size) &&
      sscanf (size, "%dx%d", &self->width, &self->height) != 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--size: expected WxH, got “%s”", size);
      return FALSE;
    }
  if (g_variant_dict_lookup (dict, "config", "^&ay", &config))
    {
      g_autoptr(GKeyFile) file = loket_app_connection_load_file (&self->conn, config, "Display", error);
      g_autofree char *from_file = NULL;

      if (file == NULL)
        return FALSE;
      if (self->services == NULL && (from_file = g_key_file_get_string (file, "Display", "Services", NULL)))
        self->services = split_ids (from_file);
      g_clear_pointer (&from_file, g_free);
      if (self->counters == NULL && (from_file = g_key_file_get_string (file, "Display", "Counters", NULL)))
        self->counters = split_ids (from_file);
      self->english |= g_key_file_get_boolean (file, "Display", "English", NULL);
    }
  return TRUE;
}

static gint
loket_display_application_handle_local_options (GApplication *application, GVariantDict *dict)
{
  LoketDisplayApplication *self = LOKET_DISPLAY_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (!parse_options (self, dict, &error) ||
      !loket_app_connection_open (&self->conn, &self->client, &self->subscriber, &error) ||
      (self->model = loket_office_model_new (self->subscriber, self->client)) == NULL ||
      (self->announcer = loket_announcer_new (self->audio_out, !self->no_sound, self->english, &error)) == NULL)
    {
      g_printerr ("loket-display: %s\n", error->message);
      return 1;
    }
  g_message ("board %s: server %s%s%s", self->conn.device, self->conn.server,
             self->audio_out ? ", announcements also to " : "", self->audio_out ? self->audio_out : "");
  return -1;
}

static void
loket_display_application_startup (GApplication *application)
{

  G_APPLICATION_CLASS (loket_display_application_parent_class)->startup (application);
  /* A board is read from across a hall: dark background, bright type. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  loket_app_startup (GTK_APPLICATION (application));
}

static void
loket_display_application_activate (GApplication *application)
{
  LoketDisplayApplication *self = LOKET_DISPLAY_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (loket_display_window_new (self));
      if (self->width == 0)
        {
          /* Full screen on the first monitor: the board scales to it. */
          GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
          g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
          GdkRectangle geometry = { 0, 0, 1920, 1080 };

          if (monitor != NULL)
            gdk_monitor_get_geometry (monitor, &geometry);
          self->width = geometry.width;
          self->height = geometry.height;
        }
      gtk_window_set_default_size (window, self->width, self->height);
      if (!self->windowed)
        {
          gtk_window_set_decorated (window, FALSE);
          gtk_window_fullscreen (window);
        }
    }
  gtk_window_present (window);
}

static void
loket_display_application_finalize (GObject *object)
{
  LoketDisplayApplication *self = LOKET_DISPLAY_APPLICATION (object);

  g_clear_object (&self->announcer);
  g_clear_object (&self->model);
  g_clear_object (&self->subscriber);
  g_clear_object (&self->client);
  loket_app_connection_clear (&self->conn);
  g_strfreev (self->services);
  g_strfreev (self->counters);
  g_free (self->audio_out);
  G_OBJECT_CLASS (loket_display_application_parent_class)->finalize (object);
}

static void
loket_display_application_class_init (LoketDisplayApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = loket_display_application_finalize;
  app_class->handle_local_options = loket_display_application_handle_local_options;
  app_class->startup = loket_display_application_startup;
  app_class->activate = loket_display_application_activate;
}

static void
loket_display_application_init (LoketDisplayApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), loket_app_connection_options);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

LoketDisplayApplication *
loket_display_application_new (void)
{
  return g_object_new (LOKET_TYPE_DISPLAY_APPLICATION,
                       "application-id", "org.loket.Display",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/loket/Display",
                       NULL);
}

LoketClient *loket_display_application_get_client (LoketDisplayApplication *self) { return self->client; }
LoketSubscriber *loket_display_application_get_subscriber (LoketDisplayApplication *self) { return self->subscriber; }
LoketOfficeModel *loket_display_application_get_model (LoketDisplayApplication *self) { return self->model; }
LoketAnnouncer *loket_display_application_get_announcer (LoketDisplayApplication *self) { return self->announcer; }
const char * const *loket_display_application_get_services (LoketDisplayApplication *self) { return (const char * const *) self->services; }
const char * const *loket_display_application_get_counters (LoketDisplayApplication *self) { return (const char * const *) self->counters; }
