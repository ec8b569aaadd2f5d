/* loketd — the Loket server: the one process that owns the queue.
 *
 *   loketd --charter FILE --db FILE --keys DIR --listen tcp://HOST:PORT
 *          [--publish ENDPOINT] [--always-open] [--insecure]
 *
 * It refuses to start on a broken charter, an unreadable database, a
 * database another loketd holds (the lock DB.lock) or missing keys, and
 * says which and why.  SIGTERM/SIGINT stop it cleanly, SIGHUP re-reads the
 * key allowlist and the charter (a charter that does not parse is refused
 * and logged, and the running one stays).  Every charter it runs with is
 * kept in the database as a version (docs/charter.md).
 *
 * Logging is GLib's: under systemd, stderr is the journal and GLib's
 * default writer sends each message there with its fields (PRIORITY,
 * GLIB_DOMAIN, CODE_FILE, …: the server is built with G_LOG_USE_STRUCTURED).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loketd"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <unistd.h>

#include "loket-charter.h"
#include "loket-office.h"
#include "loket-server.h"
#include "loket-store.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_message ("stopping");
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* A refusal is what an operator looks for first: in the journal it has
 * priority "err" (journalctl -u loketd -p err), elsewhere it is one line
 * on stderr.  Not g_critical(): that would abort under G_DEBUG=fatal-*. */
static int
refuse_to_start (const GError *error)
{
  g_autofree char *message = g_strdup_printf ("refusing to start: %s", error->message);
  const GLogField fields[] = {
    { "MESSAGE", message, -1 },
    { "PRIORITY", "3", -1 },
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
  };

  if (!g_log_writer_is_journald (fileno (stderr)) ||
      g_log_writer_journald (G_LOG_LEVEL_CRITICAL, fields, G_N_ELEMENTS (fields), NULL)
        != G_LOG_WRITER_HANDLED)
    g_printerr ("loketd: %s\n", message);
  return 1;
}

typedef struct {
  LoketServer *server;
  const char  *charter_path;
} Reload;

static gboolean
reload_cb (gpointer user_data)
{
  Reload *reload = user_data;
  g_autoptr(GError) error = NULL;

  if (!loket_server_reload_keys (reload->server, &error))
    g_message ("keeping the old allowlist: %s", error->message);
  g_clear_error (&error);
  if (!loket_server_reload_charter (reload->server, reload->charter_path, &error))
    g_message ("charter not reloaded, the running one stays in force: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* GLib 2.74's slice allocator keeps every JsonNode it ever handed out in
 * per-thread magazines; after one large snapshot a server that idles all
 * day would hold tens of megabytes it no longer uses.  Plain malloc gives
 * them back (see malloc_trim in loket-server.c), but the choice is read
 * when GLib loads, before main(): so ask for it and start again, once. */
static void
use_plain_malloc (char **argv)
{
  g_autofree char *self = NULL;

  if (g_getenv ("G_SLICE") != NULL)
    return;
  /* The real path, so that the process keeps its name ("loketd", not "exe"). */
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    return;
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  execv (self, argv);
  /* If that failed we simply run with the slice allocator. */
}

/* glibc hands the top of the heap back to the kernel whenever 128 KiB of
 * it are free, and serves every allocation over 128 KiB (a snapshot, a
 * report) with its own mmap.  For a server that allocates and frees the
 * same few hundred kilobytes for every batch of requests, that is a
 * munmap and its TLB shootdown on every batch and the page faults to get
 * the memory back: measured, a quarter of loketd's processor time under
 * load.  So keep what a burst used until the burst is over; the heartbeat
 * gives it back with malloc_trim once a quiet second has passed
 * (loket-server.c), so an idle server still holds only what it needs. */
static void
keep_memory_during_bursts (void)
{
#ifdef __GLIBC__
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_MMAP_THRESHOLD, 16 * 1024 * 1024);
#endif
}

int
main (int argc, char **argv)
{
  g_autofree char *charter_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *keys_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *publish = NULL;
  gboolean insecure = FALSE, always_open = FALSE, version = FALSE;
  GOptionEntry entries[] = {
    { "charter", 'c', 0, G_OPTION_ARG_FILENAME, &charter_path, "The citizen charter", "FILE" },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path, "The SQLite database (created if missing)", "FILE" },
    { "keys", 'k', 0, G_OPTION_ARG_FILENAME, &keys_dir, "Key directory (loketctl keys init)", "DIR" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Request endpoint", "tcp://HOST:PORT" },
    { "publish", 'p', 0, G_OPTION_ARG_STRING, &publish, "Event endpoint (default: PORT+1)", "ENDPOINT" },
    { "always-open", 0, 0, G_OPTION_ARG_NONE, &always_open, "Ignore opening hours (training, demo)", NULL },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure, "No encryption or keys (development only)", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the Loket queue server");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) charter = NULL;
  g_autoptr(LoketStoreLock) lock = NULL;
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketOffice) office = NULL;
  g_autoptr(LoketServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) events = NULL;
  LoketServerConfig config = { 0 };
  Reload reload = { 0 };

  use_plain_malloc (argv);
  keep_memory_during_bursts ();
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("loketd: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("loketd %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (charter_path == NULL || db_path == NULL || listen == NULL)
    {
      g_printerr ("loketd: --charter, --db and --listen are required (see --help)\n");
      return 2;
    }

  charter = loket_charter_new_from_file (charter_path, &error);
  if (charter == NULL)
    return refuse_to_start (error);
  /* Before the database is opened (and perhaps migrated): one writer. */
  lock = loket_store_lock (db_path, &error);
  if (lock == NULL)
    return refuse_to_start (error);
  store = loket_store_open (db_path, &error);
  if (store == NULL)
    return refuse_to_start (error);
  office = loket_office_new (charter, store);
  /* Stored as a version if it is new (or the first after the upgrade to
   * charter versions); no subscriber is connected yet to be told. */
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  if (!loket_office_adopt_charter (office, charter, "start", g_get_real_time (), events, &error))
    return refuse_to_start (error);
  loket_office_set_always_open (office, always_open);
  loket_office_check_staff (office);
  if (always_open)
    g_message ("training mode: opening hours are ignored");

  config.listen = listen;
  config.publish = publish;
  config.keys_dir = keys_dir;
  config.insecure = insecure;
  server = loket_server_new (office, &config, &error);
  if (server == NULL)
    return refuse_to_start (error);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  reload.server = server;
  reload.charter_path = charter_path;
  g_unix_signal_add (SIGHUP, reload_cb, &reload);
  g_main_loop_run (loop);

  g_clear_object (&server);
  return 0;
}
