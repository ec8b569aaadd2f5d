/* main.c — loket-web, the public side of the office: follows loketd with
 * a subscriber and the office model (key role `web`: it may only read)
 * and serves the public page over HTTP (loket-web-server.h).  It never
 * opens the database and holds no secret but its own key.
 *
 * Configured like the apps: a [Web] group in a key file (--config,
 * data/web.ini) with Server=, Publish=, Keys=, Name=, Listen=,
 * MaxStreams=, Certificate=, PrivateKey=, RateLimit=, RateBurst=,
 * RateExempt= and TrustedProxies=; the command line wins.
 * With --central CONNINFO it follows no office: it serves the region's
 * page from the regional PostgreSQL instead (loket-web-central.h), by
 * the region's clock (--time-zone, [Web] TimeZone=; an office's page
 * keeps its charter's).
 * Prints "listening on URL" once it listens and "synced" once it first
 * holds the office, for whoever started it (the tests, the demo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "config.h"

#include "loket-app-connection.h"
#include "loket-i18n.h"
#include "loket-office-model.h"
#include "loket-web-server.h"
#ifdef LOKET_HAVE_LIBPQ
#include "loket-web-central.h"
#endif

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

typedef struct {
  LoketAppConnection conn;
  char  *config;
  char  *listen;
  char  *certificate;
  char  *private_key;
  gint   max_streams;
  double rate_limit;
  gint   rate_burst;
  char **rate_exempt;
  char **trusted_proxies;
  char  *central;          /* --central: the region's page from this PostgreSQL */
  gint   central_cache;    /* --central-cache: seconds */
  char  *time_zone;        /* --time-zone: the region's clock for --central */
} Settings;

static void settings_clear (Settings *s);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static void
settings_clear (Settings *s)
{
  loket_app_connection_clear (&s->conn);
  g_free (s->config);
  g_free (s->listen);
  g_free (s->certificate);
  g_free (s->private_key);
  g_strfreev (s->rate_exempt);
  g_strfreev (s->trusted_proxies);
  g_free (s->central);
  g_free (s->time_zone);
}

static void
load_string (GKeyFile *file, const char *key, char **out)
{
  if (*out == NULL)
    *out = g_key_file_get_string (file, "Web", key, NULL);
}

static void
load_list (GKeyFile *file, const char *key, char ***out)
{
  if (*out == NULL)
    *out = g_key_file_get_string_list (file, "Web", key, NULL, NULL);
}

/* A positive number from [Web] @key into @out, unless the command line
 * set it (@out not 0). */
static gboolean
load_positive (GKeyFile *file, const char *path, const char *key, double *out, GError **error)
{
  g_autoptr(GError) local = NULL;
  double value;

  if (*out != 0 || !g_key_file_has_key (file, "Web", key, NULL))
    return TRUE;
  value = g_key_file_get_double (file, "Web", key, &local);
  if (local != NULL || value <= 0)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [Web] %s: expected a positive number", path, key);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
load_settings (Settings *s, GError **error)
{
  g_autoptr(GKeyFile) file = NULL;
  double max_streams = s->max_streams, rate_burst = s->rate_burst;

  if (s->config != NULL)
    {
      file = loket_app_connection_load_file (&s->conn, s->config, "Web", error);
      if (file == NULL)
        return FALSE;
      load_string (file, "Listen", &s->listen);
      load_string (file, "Certificate", &s->certificate);
      load_string (file, "PrivateKey", &s->private_key);
      load_list (file, "RateExempt", &s->rate_exempt);
      load_list (file, "TrustedProxies", &s->trusted_proxies);
      load_string (file, "TimeZone", &s->time_zone);
      if (!load_positive (file, s->config, "MaxStreams", &max_streams, error) ||
          !load_positive (file, s->config, "RateLimit", &s->rate_limit, error) ||
          !load_positive (file, s->config, "RateBurst", &rate_burst, error))
        return FALSE;
      s->max_streams = (gint) max_streams;
      s->rate_burst = (gint) rate_burst;
    }
  if (s->listen == NULL)
    s->listen = g_strdup ("8080");
  if (s->max_streams <= 0)
    s->max_streams = LOKET_WEB_DEFAULT_MAX_STREAMS;
  return TRUE;
}

static gboolean
parse_options (int *argc, char ***argv, Settings *s, GError **error)
{
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &s->config, "Settings file with a [Web] group", "FILE" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &s->conn.server, "loketd's request endpoint (tcp://HOST:PORT)", "ENDPOINT" },
    { "publish", 0, 0, G_OPTION_ARG_STRING, &s->conn.publish, "loketd's event endpoint (default: PORT+1)", "ENDPOINT" },
    { "keys", 0, 0, G_OPTION_ARG_FILENAME, &s->conn.keys, "Key directory (loketctl keys)", "DIR" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &s->conn.device, "This gateway's key name (role web)", "NAME" },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &s->conn.insecure, "Talk to a loketd started with --insecure", NULL },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &s->listen, "Where to serve HTTP: PORT or ADDRESS:PORT (default 8080)", "WHERE" },
    { "max-streams", 0, 0, G_OPTION_ARG_INT, &s->max_streams, "Live pages open at once (default 1000)", "N" },
    { "rate-limit", 0, 0, G_OPTION_ARG_DOUBLE, &s->rate_limit, "Requests a second from one address (default 10)", "N" },
    { "rate-burst", 0, 0, G_OPTION_ARG_INT, &s->rate_burst, "…and at once (default 60)", "N" },
    { "rate-exempt", 0, 0, G_OPTION_ARG_STRING_ARRAY, &s->rate_exempt, "A network never limited (repeatable)", "ADDRESS[/BITS]" },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &s->trusted_proxies, "A reverse proxy whose X-Forwarded-For is believed (repeatable)", "ADDRESS[/BITS]" },
    { "certificate", 0, 0, G_OPTION_ARG_FILENAME, &s->certificate, "Serve HTTPS with this PEM certificate (chain)", "FILE" },
    { "private-key", 0, 0, G_OPTION_ARG_FILENAME, &s->private_key, "The certificate's PEM private key", "FILE" },
    { "central", 0, 0, G_OPTION_ARG_STRING, &s->central, "Serve the region's page from this PostgreSQL (libpq conninfo) instead of an office", "CONNINFO" },
    { "central-cache", 0, 0, G_OPTION_ARG_INT, &s->central_cache, "…keeping each answer this long (default 30)", "SECONDS" },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &s->time_zone, "…the region's clock, like Asia/Jakarta (default the machine's)", "ZONE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the office's public web page");

  g_option_context_add_main_entries (context, entries, NULL);
  return g_option_context_parse (context, argc, argv, error);
}

static GTlsCertificate *
load_certificate (Settings *s, GError **error)
{
  GTlsCertificate *tls;

  if (s->certificate == NULL && s->private_key == NULL)
    return NULL;
  if (s->certificate == NULL || s->private_key == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "HTTPS needs both a certificate and its private key");
      return NULL;
    }
  tls = g_tls_certificate_new_from_files (s->certificate, s->private_key, error);
  if (tls == NULL)
    g_prefix_error (error, "%s: ", s->certificate);
  return tls;
}

static gboolean
on_quit (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

static void
on_synced (LoketOfficeModel *model, gpointer data)
{
  gboolean *said = data;

  if (*said)
    return;
  *said = TRUE;
  g_print ("synced\n");
  fflush (stdout);
}

static void
fill_limits (Settings *s, LoketWebLimits *limits)
{
  limits->max_streams = (guint) s->max_streams;
  limits->rate_per_s = s->rate_limit;
  limits->rate_burst = (guint) MAX (s->rate_burst, 0);
  limits->rate_exempt = (const char * const *) s->rate_exempt;
  limits->trusted_proxies = (const char * const *) s->trusted_proxies;
}

/* The region's clock: --time-zone or [Web] TimeZone=, else the machine's. */
static GTimeZone *
region_zone (Settings *s, GError **error)
{
  GTimeZone *zone;

  if (s->time_zone == NULL)
    return g_time_zone_new_local ();
  if ((zone = g_time_zone_new_identifier (s->time_zone)) == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "time zone “%s” is not known: give a name like Asia/Jakarta, Asia/Makassar or Asia/Jayapura",
                 s->time_zone);
  return zone;
}

/* --central: no office, no loketd; the region's page. */
static int
run_central (Settings *s)
{
#ifdef LOKET_HAVE_LIBPQ
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(LoketWebCentral) central = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(LoketWebServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;
  LoketWebLimits limits = {
    .idle_timeout_s = LOKET_WEB_DEFAULT_IDLE_TIMEOUT_S,
    .header_timeout_s = LOKET_WEB_DEFAULT_HEADER_TIMEOUT_S,
    .max_backlog = LOKET_WEB_DEFAULT_MAX_BACKLOG,
  };

  if (!load_settings (s, &error) || (!(tls = load_certificate (s, &error)) && error != NULL) ||
      !(zone = region_zone (s, &error)))
    goto failed;
  fill_limits (s, &limits);
  central = loket_web_central_new (s->central, zone, (guint) MAX (s->central_cache, 0));
  if ((server = loket_web_server_new_site (loket_web_central_handle, central, &limits, tls, &error)) == NULL ||
      (url = loket_web_server_listen (server, s->listen, &error)) == NULL)
    goto failed;
  g_print ("listening on %s\n", url);
  fflush (stdout);
  g_message ("serving the region's page on %s", url);
  g_unix_signal_add (SIGTERM, on_quit, loop);
  g_unix_signal_add (SIGINT, on_quit, loop);
  g_main_loop_run (loop);
  return 0;

failed:
  g_printerr ("loket-web: %s\n", error->message);
  return 1;
#else
  g_printerr ("loket-web: this loket-web was built without libpq: --central needs it "
              "(install libpq-dev and build again)\n");
  return 1;
#endif
}

static int
run (Settings *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(LoketSubscriber) subscriber = NULL;
  g_autoptr(LoketOfficeModel) model = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(LoketWebServer) server = NULL;
  g_autoptr(LoketWebData) data = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;
  LoketWebLimits limits = {
    .idle_timeout_s = LOKET_WEB_DEFAULT_IDLE_TIMEOUT_S,
    .header_timeout_s = LOKET_WEB_DEFAULT_HEADER_TIMEOUT_S,
    .max_backlog = LOKET_WEB_DEFAULT_MAX_BACKLOG,
  };
  gboolean said_synced = FALSE;

  if (!load_settings (s, &error) ||
      (!(tls = load_certificate (s, &error)) && error != NULL) ||
      !loket_app_connection_open (&s->conn, &client, &subscriber, &error))
    goto failed;
  fill_limits (s, &limits);
  model = loket_office_model_new (subscriber, client);
  g_signal_connect (model, "synced", G_CALLBACK (on_synced), &said_synced);
  if ((server = loket_web_server_new (model, client, &limits, tls, &error)) == NULL ||
      (url = loket_web_server_listen (server, s->listen, &error)) == NULL)
    goto failed;
  data = loket_web_data_new (model, client);
  loket_web_server_set_data (server, data);
  g_print ("listening on %s\n", url);
  fflush (stdout);
  g_message ("serving %s, following %s", url, s->conn.server);
  g_unix_signal_add (SIGTERM, on_quit, loop);
  g_unix_signal_add (SIGINT, on_quit, loop);
  g_main_loop_run (loop);
  /* Requests to loketd still in flight end now, as cancelled, so that
   * nothing of the open data outlives the loop. */
  g_object_run_dispose (G_OBJECT (data));
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_signal_handlers_disconnect_by_data (model, &said_synced);
  return 0;

failed:
  g_printerr ("loket-web: %s\n", error->message);
  return 1;
}

int
main (int argc, char **argv)
{
  g_auto(Settings) settings = { 0 };
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  loket_i18n_init (NULL);
  if (!parse_options (&argc, &argv, &settings, &error))
    {
      g_printerr ("loket-web: %s\n", error->message);
      return 2;
    }
  if (settings.central == NULL && settings.time_zone != NULL)
    {
      g_printerr ("loket-web: --time-zone is for --central: an office's page keeps its charter's TimeZone\n");
      return 2;
    }
  return settings.central != NULL ? run_central (&settings) : run (&settings);
}
