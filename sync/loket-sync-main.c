/* loket-sync-main.c — the loket-sync daemon: settings, the main loop, retry.
 *
 * One per office, beside loketd (data/systemd/loket-sync.service).  It
 * ships a batch, and at once another while batches come full; when the
 * centre is up to date it looks again every Interval.  A failure to reach
 * the centre waits before the next try, doubling from half a second up to
 * RetryMax, each wait drawn between half and all of that so that a
 * region's offices coming back after one outage do not knock at once.
 * A refused history stops it (exit status 65, which systemd does not
 * restart): a person must look.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-sync"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>

#include "loket-sync.h"

#define EXIT_REFUSED 65

typedef struct {
  LoketSync *sync;
  GMainLoop *loop;
  gboolean   once;
  guint      interval_ms;
  guint      retry_max_ms;
  guint      failures;
  guint      timer;
  int        status;
} Daemon;

static gboolean tick (gpointer data);

static void
schedule (Daemon *d,
          guint   ms)
{
  d->timer = g_timeout_add (ms, tick, d);
}

static guint
retry_delay (Daemon *d)
{
  guint64 ceiling = MIN ((guint64) 500 << MIN (d->failures, 16u), d->retry_max_ms);

  return (guint) (ceiling * g_random_double_range (0.5, 1.0));
}

static gboolean
tick (gpointer data)
{
  Daemon *d = data;
  g_autoptr(GError) error = NULL;
  guint shipped = 0;

  d->timer = 0;
  if (loket_sync_ship_batch (d->sync, &shipped, &error))
    {
      if (d->failures > 0)
        g_message ("the central database answers again");
      d->failures = 0;
      if (shipped > 0)
        g_debug ("shipped %u events, up to %" G_GINT64_FORMAT, shipped,
                 loket_sync_get_centre_seq (d->sync));
      if (shipped == 0 && d->once)
        g_main_loop_quit (d->loop);
      else
        schedule (d, shipped > 0 ? 0 : d->interval_ms);
    }
  else if (g_error_matches (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_CENTRAL) && !d->once)
    {
      guint delay = retry_delay (d);

      d->failures++;
      g_message ("%s; trying again in %u ms", error->message, delay);
      schedule (d, delay);
    }
  else
    {
      gboolean refused = g_error_matches (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_REFUSED);

      if (refused)
        g_warning ("REFUSED, shipping stopped: %s", error->message);
      else
        g_printerr ("loket-sync: %s\n", error->message);
      d->status = refused ? EXIT_REFUSED : 1;
      g_main_loop_quit (d->loop);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer data)
{
  Daemon *d = data;

  g_main_loop_quit (d->loop);
  return G_SOURCE_CONTINUE;
}

typedef struct {
  char *config;
  char *database;
  char *office;
  char *central;
  int   batch_size;
  int   interval_ms;
  int   retry_max_s;
  gboolean once;
} Options;

static void
options_clear (Options *o)
{
  g_clear_pointer (&o->config, g_free);
  g_clear_pointer (&o->database, g_free);
  g_clear_pointer (&o->office, g_free);
  g_clear_pointer (&o->central, g_free);
}

static void
settings_clear (LoketSyncSettings *s)
{
  g_clear_pointer (&s->database, g_free);
  g_clear_pointer (&s->office, g_free);
  g_clear_pointer (&s->central, g_free);
  g_clear_pointer (&s->pseudonym_key, g_free);
}

/* [Sync] in the key file, for what the command line left unset. */
static gboolean
read_config (Options            *o,
             LoketSyncSettings  *s,
             GError            **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (o->config != NULL && !g_key_file_load_from_file (file, o->config, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", o->config);
      return FALSE;
    }
#define STRING(field, key) \
  s->field = o->field ? g_strdup (o->field) : g_key_file_get_string (file, "Sync", key, NULL)
#define NUMBER(field, key, fallback) \
  (o->field > 0 ? o->field : g_key_file_has_key (file, "Sync", key, NULL) \
   ? g_key_file_get_integer (file, "Sync", key, NULL) : (fallback))
  STRING (database, "Database");
  STRING (office, "Office");
  STRING (central, "Central");
  s->pseudonym_key = g_key_file_get_string (file, "Sync", "PseudonymKey", NULL);
  s->batch_size = (guint) MAX (NUMBER (batch_size, "BatchSize", 500), 1);
  o->interval_ms = MAX (NUMBER (interval_ms, "Interval", 1000), 10);
  o->retry_max_s = MAX (NUMBER (retry_max_s, "RetryMax", 60), 1);
#undef STRING
#undef NUMBER
  if (s->database == NULL || s->office == NULL || s->central == NULL)
    {
      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_SETTINGS,
                   "%s: [Sync] needs Database=, Office= and Central= (or --database, --office"
                   " and --central)", o->config ? o->config : "no --config");
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  Options o = { 0 };
  LoketSyncSettings s = { 0 };
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o.config, "Settings ([Sync] group)", "FILE" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &o.database, "The office's SQLite database", "FILE" },
    { "office", 0, 0, G_OPTION_ARG_STRING, &o.office, "The office's id in the region", "ID" },
    { "central", 0, 0, G_OPTION_ARG_STRING, &o.central, "libpq connection string", "CONNINFO" },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &o.batch_size, "Events a transaction (500)", "N" },
    { "interval", 0, 0, G_OPTION_ARG_INT, &o.interval_ms, "Look for new events every MS (1000)", "MS" },
    { "retry-max", 0, 0, G_OPTION_ARG_INT, &o.retry_max_s, "Longest wait between tries (60)", "SECONDS" },
    { "once", 0, 0, G_OPTION_ARG_NONE, &o.once, "Ship what there is, then exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— ship the office's events to the region");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketSync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Daemon d = { 0 };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !read_config (&o, &s, &error) ||
      (sync = loket_sync_new (&s, &error)) == NULL)
    {
      g_printerr ("loket-sync: %s\n", error->message);
      options_clear (&o);
      settings_clear (&s);
      return 1;
    }
  loop = g_main_loop_new (NULL, FALSE);
  d = (Daemon) { sync, loop, o.once, (guint) o.interval_ms, (guint) o.retry_max_s * 1000, 0, 0, 0 };
  g_unix_signal_add (SIGTERM, on_signal, &d);
  g_unix_signal_add (SIGINT, on_signal, &d);
  schedule (&d, 0);
  g_main_loop_run (loop);
  g_clear_handle_id (&d.timer, g_source_remove);
  options_clear (&o);
  settings_clear (&s);
  return d.status;
}
