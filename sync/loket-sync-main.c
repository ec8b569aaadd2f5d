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
 * The office's supervisors hear of it on their screens: loket-sync is a
 * device of the office (the `sync` role, Server=, Keys= and Name= as any
 * device has) whose one part, "region", it reports with DEVICE_STATUS —
 * ok while the centre takes the events, warning when the centre has been
 * out of reach longer than UnreachableAlert, error when it refused the
 * history.  loketd logs a change only, and the supervisor's view shows
 * anything but ok as an alert.  The report is repeated every minute, as a
 * kiosk repeats its printer's: one lost while loketd was down is made
 * good, and a sync that stopped shows as silent.  Reporting never holds
 * shipping up: loketd may be down while the centre is not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-sync"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>

#include "loket-app-connection.h"
#include "loket-sync.h"

#define EXIT_REFUSED 65
/* The part of the office loket-sync reports on. */
#define REPORT_COMPONENT "region"
/* A report at least this often, as a kiosk's (loket-supervision.h). */
#define REPORT_EVERY_USEC ((gint64) 60 * G_USEC_PER_SEC)
/* What fits a DEVICE_STATUS reason (docs/protocol.md). */
#define REPORT_REASON_MAX 1000

typedef struct {
  LoketSync   *sync;
  GMainLoop   *loop;
  gboolean     once;
  guint        interval_ms;
  guint        retry_max_ms;
  gint64       unreachable_usec;  /* a warning after this long without the centre */
  guint        failures;
  gint64       failing_since;     /* monotonic µs of the first failure in a row, or 0 */
  char        *warning;           /* the outage's alert, once it is one */
  guint        timer;
  int          status;
  LoketClient *office;            /* loketd, or NULL: nobody to tell */
  GCancellable *stopping;         /* the reports in flight, at the end */
  char        *reported;          /* "state:reason" last sent */
  gint64       reported_at;
} Daemon;

static gboolean tick (gpointer data);

/* ---- telling the office ------------------------------------------------- */

static void
on_reported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GMainLoop *quit_after = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("the office's supervisors could not be told (%s): loketd is not answering", error->message);
  if (quit_after != NULL)
    {
      g_main_loop_quit (quit_after);
      g_main_loop_unref (quit_after);
    }
}

/* Reports the region part's @state to loketd when it changed or a minute
 * has passed; @last: the daemon stops once it is delivered (or given up). */
static void
report (Daemon     *d,
        const char *state,
        const char *reason,
        gboolean    last)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *summary = g_strdup_printf ("%s:%s", state, reason ? reason : "");
  gint64 now = g_get_monotonic_time ();

  if (d->office == NULL || (!last && g_strcmp0 (summary, d->reported) == 0 &&
                            now - d->reported_at < REPORT_EVERY_USEC))
    {
      if (last)
        g_main_loop_quit (d->loop);
      return;
    }
  g_free (d->reported);
  d->reported = g_steal_pointer (&summary);
  d->reported_at = now;
  body = json_object_new ();
  json_object_set_string_member (body, "component", REPORT_COMPONENT);
  json_object_set_string_member (body, "state", state);
  if (reason != NULL)
    {
      g_autofree char *fits = g_utf8_substring (reason, 0, MIN (g_utf8_strlen (reason, -1), REPORT_REASON_MAX));

      json_object_set_string_member (body, "reason", fits);
    }
  loket_client_request_async (d->office, "DEVICE_STATUS", body, NULL, d->stopping, on_reported,
                              last ? g_main_loop_ref (d->loop) : NULL);
}

/* ok, or a warning once the centre has been away long enough to matter
 * (a short outage is routine: the events wait and go later).  The reason
 * is the failure that made it one, kept for the whole outage: loketd logs
 * each change, and the supervisor's alert says the rest, in the
 * supervisor's language, and since when (loket-supervision.c). */
static void
report_reachability (Daemon     *d,
                     const char *failure)
{
  gint64 away = d->failing_since ? g_get_monotonic_time () - d->failing_since : 0;

  if (failure == NULL)
    g_clear_pointer (&d->warning, g_free);
  if (failure == NULL || away < d->unreachable_usec)
    {
      report (d, "ok", NULL, FALSE);
      return;
    }
  if (d->warning == NULL)
    d->warning = g_strdup (failure);
  report (d, "warning", d->warning, FALSE);
}

/* ---- shipping ------------------------------------------------------------ */

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
      d->failing_since = 0;
      if (shipped > 0)
        g_debug ("shipped %u events, up to %" G_GINT64_FORMAT, shipped,
                 loket_sync_get_centre_seq (d->sync));
      if (shipped == 0 && d->once)
        report (d, "ok", NULL, TRUE);
      else
        {
          report_reachability (d, NULL);
          schedule (d, shipped > 0 ? 0 : d->interval_ms);
        }
    }
  else if (g_error_matches (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_CENTRAL) && !d->once)
    {
      guint delay = retry_delay (d);

      d->failures++;
      if (d->failing_since == 0)
        d->failing_since = g_get_monotonic_time ();
      g_message ("%s; trying again in %u ms", error->message, delay);
      report_reachability (d, error->message);
      schedule (d, delay);
    }
  else if (g_error_matches (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_REFUSED))
    {
      g_warning ("REFUSED, shipping stopped: %s", error->message);
      d->status = EXIT_REFUSED;
      report (d, "error", error->message, TRUE);
    }
  else
    {
      g_printerr ("loket-sync: %s\n", error->message);
      d->status = 1;
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
  int   unreachable_s;
  gboolean once;
  LoketAppConnection loketd;  /* whom to tell */
} Options;

static void
options_clear (Options *o)
{
  g_clear_pointer (&o->config, g_free);
  g_clear_pointer (&o->database, g_free);
  g_clear_pointer (&o->office, g_free);
  g_clear_pointer (&o->central, g_free);
  loket_app_connection_clear (&o->loketd);
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
  o->unreachable_s = MAX (NUMBER (unreachable_s, "UnreachableAlert", 600), 1);
#undef STRING
#undef NUMBER
  if (s->database == NULL || s->office == NULL || s->central == NULL)
    {
      g_set_error (error, LOKET_SYNC_ERROR, LOKET_SYNC_ERROR_SETTINGS,
                   "%s: [Sync] needs Database=, Office= and Central= (or --database, --office"
                   " and --central)", o->config ? o->config : "no --config");
      return FALSE;
    }
  if (o->loketd.server == NULL)
    o->loketd.server = g_key_file_get_string (file, "Sync", "Server", NULL);
  if (o->loketd.keys == NULL)
    o->loketd.keys = g_key_file_get_string (file, "Sync", "Keys", NULL);
  if (o->loketd.device == NULL)
    o->loketd.device = g_key_file_get_string (file, "Sync", "Name", NULL);
  return TRUE;
}

/* loketd, to tell the supervisors; NULL (and a word in the log) when no
 * Server= is set: the sync still ships. */
static LoketClient *
open_office (Options  *o,
             GError  **error)
{
  LoketClient *client = NULL;

  if (o->loketd.server == NULL)
    {
      g_message ("no Server= in [Sync]: the office's supervisors are not told when the centre"
                 " refuses or is out of reach, only this log is");
      return NULL;
    }
  if (!loket_app_connection_open_client (&o->loketd, &client, NULL, error))
    g_prefix_error (error, "telling the office (Server=, Keys=, Name=): ");
  return client;
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
    { "unreachable-alert", 0, 0, G_OPTION_ARG_INT, &o.unreachable_s,
      "Warn the supervisors when the centre is away this long (600)", "SECONDS" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &o.loketd.server, "loketd's request endpoint, to tell the supervisors", "ENDPOINT" },
    { "keys", 0, 0, G_OPTION_ARG_FILENAME, &o.loketd.keys, "Key directory (loketctl keys)", "DIR" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &o.loketd.device, "This sync's key name (role sync)", "NAME" },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &o.loketd.insecure, "Talk to a loketd started with --insecure", NULL },
    { "once", 0, 0, G_OPTION_ARG_NONE, &o.once, "Ship what there is, then exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— ship the office's events to the region");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketSync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(LoketClient) office = NULL;
  g_autoptr(GCancellable) stopping = g_cancellable_new ();
  Daemon d = { 0 };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !read_config (&o, &s, &error) ||
      (sync = loket_sync_new (&s, &error)) == NULL ||
      ((office = open_office (&o, &error)) == NULL && error != NULL))
    {
      g_printerr ("loket-sync: %s\n", error->message);
      options_clear (&o);
      settings_clear (&s);
      return 1;
    }
  loop = g_main_loop_new (NULL, FALSE);
  d = (Daemon) {
    .sync = sync, .loop = loop, .once = o.once, .interval_ms = (guint) o.interval_ms,
    .retry_max_ms = (guint) o.retry_max_s * 1000, .unreachable_usec = (gint64) o.unreachable_s * G_USEC_PER_SEC,
    .office = office, .stopping = stopping,
  };
  g_unix_signal_add (SIGTERM, on_signal, &d);
  g_unix_signal_add (SIGINT, on_signal, &d);
  schedule (&d, 0);
  g_main_loop_run (loop);
  g_clear_handle_id (&d.timer, g_source_remove);
  /* Stopped (SIGTERM) with a report in flight: it holds the client until
   * its callback has run, so it is cancelled and let finish. */
  g_cancellable_cancel (stopping);
  while (office != NULL && loket_client_get_n_pending (office) > 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (d.reported);
  g_free (d.warning);
  options_clear (&o);
  settings_clear (&s);
  return d.status;
}
