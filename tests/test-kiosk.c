/* test-kiosk.c — the kiosk as a citizen uses it: a real loket-kiosk under
 * Xvfb, a real loketd, a real IPP printer (ippeveprinter), driven through
 * the kiosk's GActions over its D-Bus session bus.
 *
 * Taking a regular and a priority ticket reaches the server and the
 * printer; a printer out of paper turns the ticket PRINT_FAILED, shows the
 * number on screen and alerts supervisors, and "print again" tries once
 * more; a supervisor's REPRINT reaches the kiosk that issued the ticket and
 * its printer; a server that stops shows the
 * offline banner, and a take sent meanwhile becomes exactly one ticket
 * once it is back.  A complaint filed through the complaint screens, about
 * a ticket by its number, is stored with the kiosk as its channel and its
 * receipt comes out of the printer.  With LOKET_SCREENSHOTS=DIR the test also writes the
 * screenshots for docs/screenshots/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-app.h"
#include "loket-test-printer.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#define WAIT_MS 30000

typedef struct {
  LoketTestServer  *server;
  LoketTestPrinter *printer;
  LoketTestApp     *app;
  char             *print_dir;
} Fixture;

typedef struct {
  const char *script;       /* for the printer, or NULL */
  gboolean    print_to_dir; /* --print-to instead of a printer */
  const char *lang;
  int         width, height;
  const char *charter;      /* relative to tests/data; NULL: the test charter */
} Setup;

#define DUKCAPIL "../../data/charter-dukcapil.ini"

static const Setup healthy = { NULL, FALSE, "id", 1080, 1920, NULL };
static const Setup paper_out = { "echo 'STATE: +media-empty-error' >&2; exit 1", FALSE, "id", 1080, 1920, NULL };
static const Setup to_dir = { NULL, TRUE, "id", 1080, 1920, NULL };
static const Setup portrait = { NULL, FALSE, "id", 1080, 1920, DUKCAPIL };
static const Setup landscape = { NULL, FALSE, "en", 1920, 1080, DUKCAPIL };

static void
start_kiosk (Fixture *f, const Setup *setup)
{
  g_autofree char *keys = g_strdup (f->server->keys_dir);
  g_autofree char *size = g_strdup_printf ("%dx%d", setup->width, setup->height);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) g_getenv ("LOKET_KIOSK"));
  g_ptr_array_add (argv, "--server");
  g_ptr_array_add (argv, f->server->listen);
  g_ptr_array_add (argv, "--publish");
  g_ptr_array_add (argv, f->server->publish);
  g_ptr_array_add (argv, "--keys");
  g_ptr_array_add (argv, keys);
  g_ptr_array_add (argv, "--as");
  g_ptr_array_add (argv, "kiosk1");
  g_ptr_array_add (argv, "--size");
  g_ptr_array_add (argv, size);
  g_ptr_array_add (argv, "--lang");
  g_ptr_array_add (argv, (char *) setup->lang);
  g_ptr_array_add (argv, "--print-timeout");
  g_ptr_array_add (argv, "20");
  if (f->printer != NULL)
    {
      g_ptr_array_add (argv, "--printer");
      g_ptr_array_add (argv, (char *) loket_test_printer_get_uri (f->printer));
    }
  else
    {
      g_ptr_array_add (argv, "--print-to");
      g_ptr_array_add (argv, f->print_dir);
    }
  g_ptr_array_add (argv, NULL);
  f->app = loket_test_app_start ((const char * const *) argv->pdata, "org.loket.Kiosk",
                                 setup->width, setup->height);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autoptr(GError) error = NULL;

  f->server = loket_test_server_new (setup->charter);
  /* The sample charter keeps office hours; the test runs at any hour. */
  f->server->always_open = setup->charter != NULL;
  loket_test_server_start (f->server);
  if (setup->print_to_dir)
    {
      f->print_dir = g_build_filename (f->server->dir, "tickets", NULL);
      g_mkdir (f->print_dir, 0700);
    }
  else
    {
      f->printer = loket_test_printer_start ("Loket_Test", setup->script, &error);
      g_assert_no_error (error);
    }
  start_kiosk (f, setup);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_app_stop (f->app);
  if (f->printer != NULL)
    loket_test_printer_stop (f->printer);
  loket_test_server_free (f->server);
  g_free (f->print_dir);
}

/* The server's view of a ticket, by its number of today. */
static JsonObject *
server_ticket (Fixture *f, const char *number)
{
  g_autoptr(LoketClient) super = loket_test_server_client (f->server, "super");
  g_autoptr(JsonObject) status = loket_test_request (super, "STATUS", NULL);
  JsonArray *waiting = json_object_get_array_member (status, "waiting");

  for (guint i = 0; i < json_array_get_length (waiting); i++)
    {
      JsonObject *t = json_array_get_object_element (waiting, i);

      if (g_strcmp0 (json_object_get_string_member (t, "number"), number) == 0)
        return json_object_ref (t);
    }
  return NULL;
}

static guint
count_waiting (Fixture *f)
{
  g_autoptr(LoketClient) super = loket_test_server_client (f->server, "super");
  g_autoptr(JsonObject) status = loket_test_request (super, "STATUS", NULL);

  return json_array_get_length (json_object_get_array_member (status, "waiting"));
}

static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "pdftotext", path, "-", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* Regular, then priority: both reach the server, both are printed. */
static void
test_take_regular_and_priority (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;

  loket_test_app_activate (f->app, "win.open-service", g_variant_new_string ("ktp"));
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("detail"), WAIT_MS);
  loket_test_app_activate (f->app, "win.take-ticket", NULL);
  /* KTP-el accepts priority groups: the kiosk asks first. */
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("priority"), WAIT_MS);
  loket_test_app_activate (f->app, "win.take", g_variant_new_string (""));
  loket_test_app_wait_state (f->app, "win.print-state", g_variant_new_string ("printed"), WAIT_MS);
  number = loket_test_app_get_string (f->app, "win.ticket");
  g_assert_cmpstr (number, ==, "A-001");

  first = server_ticket (f, "A-001");
  g_assert_nonnull (first);
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "printed");
  g_assert_true (json_object_get_null_member (first, "priority"));
  g_assert_true (loket_test_printer_wait_documents (f->printer, 1, WAIT_MS));
  documents = loket_test_printer_list_documents (f->printer);
  text = pdf_text (g_ptr_array_index (documents, 0));
  g_assert_nonnull (strstr (text, "A-001"));
  g_assert_nonnull (strstr (text, "Kantor Uji Loket"));

  /* The next citizen: elderly, for the same service. */
  loket_test_app_activate (f->app, "win.home", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("home"), WAIT_MS);
  loket_test_app_activate (f->app, "win.open-service", g_variant_new_string ("ktp"));
  loket_test_app_activate (f->app, "win.take-ticket", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("priority"), WAIT_MS);
  loket_test_app_activate (f->app, "win.take", g_variant_new_string ("elderly"));
  loket_test_app_wait_state (f->app, "win.ticket", g_variant_new_string ("A-002"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.print-state", g_variant_new_string ("printed"), WAIT_MS);
  second = server_ticket (f, "A-002");
  g_assert_nonnull (second);
  g_assert_cmpstr (json_object_get_string_member (second, "priority"), ==, "elderly");
  g_assert_cmpstr (json_object_get_string_member (second, "state"), ==, "printed");
  g_assert_true (loket_test_printer_wait_documents (f->printer, 2, WAIT_MS));
  g_assert_cmpuint (count_waiting (f), ==, 2);
}

static void
on_event (LoketSubscriber *sub, const char *type, JsonObject *event, gpointer user_data)
{
  GPtrArray *types = user_data;

  g_ptr_array_add (types, g_strdup (type));
}

static guint
count_type (GPtrArray *types, const char *type)
{
  guint n = 0;

  for (guint i = 0; i < types->len; i++)
    n += g_str_equal (g_ptr_array_index (types, i), type);
  return n;
}

static gboolean
has_type (GPtrArray *types, const char *type)
{
  return count_type (types, type) > 0;
}

/* Until @types has @n events of @type, or WAIT_MS passed. */
static gboolean
wait_for_type (GPtrArray *types, const char *type, guint n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (count_type (types, type) < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return count_type (types, type) >= n;
}

/* Paper out: the number is on screen, the server knows, supervisors are
 * alerted, and the kiosk's printer status says why. */
static void
test_printer_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketSubscriber) watcher = loket_test_server_subscriber (f->server, "super");
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) ticket = NULL;
  g_autoptr(LoketClient) super = loket_test_server_client (f->server, "super");
  g_autoptr(JsonObject) status = NULL;
  JsonArray *devices;
  gint64 deadline;
  gboolean reported = FALSE;

  g_signal_connect (watcher, "event", G_CALLBACK (on_event), types);
  g_assert_true (loket_test_wait_online (watcher, TRUE, WAIT_MS));
  loket_test_app_activate (f->app, "win.open-service", g_variant_new_string ("akta"));
  loket_test_app_activate (f->app, "win.take-ticket", NULL);
  loket_test_app_wait_state (f->app, "win.print-state", g_variant_new_string ("failed"), WAIT_MS);
  {
    g_autofree char *page = loket_test_app_get_string (f->app, "win.page");
    g_assert_cmpstr (page, ==, "ticket");
  }
  /* The server knows: "print again" is offered. */
  loket_test_app_wait_state (f->app, "win.flow", g_variant_new_string ("failed"), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "kiosk-printer-failed.png");

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (!has_type (types, "PRINT_FAILED") && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (has_type (types, "PRINT_FAILED"));
  ticket = server_ticket (f, "C-001");
  g_assert_nonnull (ticket);
  g_assert_cmpstr (json_object_get_string_member (ticket, "state"), ==, "print-failed");

  /* The kiosk tells the server how its printer is, with its own words. */
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (!reported && g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&status, json_object_unref);
      status = loket_test_request (super, "STATUS", NULL);
      devices = json_object_get_array_member (status, "devices");
      for (guint i = 0; i < json_array_get_length (devices); i++)
        {
          JsonObject *d = json_array_get_object_element (devices, i);

          if (g_str_equal (json_object_get_string_member (d, "device"), "kiosk1") &&
              g_str_equal (json_object_get_string_member (d, "state"), "error"))
            {
              g_assert_nonnull (strstr (json_object_get_string_member (d, "detail"), "media-empty"));
              reported = TRUE;
            }
        }
      if (!reported)
        g_usleep (100 * 1000);
    }
  g_assert_true (reported);

  /* …which an operator reads with `loketctl status`. */
  {
    g_autofree char *out = loket_test_server_ctl (f->server, "super", "status", NULL);

    g_assert_nonnull (strstr (out, "device kiosk1"));
    g_assert_nonnull (strstr (out, "media-empty"));
  }

  /* "Print again" while the paper is still out: it fails again (the
   * printer says so at once, so "printing" may pass unseen), and the
   * server hears the second failure. */
  loket_test_app_activate (f->app, "win.reprint", NULL);
  g_assert_true (wait_for_type (types, "PRINT_FAILED", 2));
  loket_test_app_wait_state (f->app, "win.flow", g_variant_new_string ("failed"), WAIT_MS);
  g_assert_false (has_type (types, "REPRINTED"));
}

/* A supervisor asks for a printed ticket to be printed again: the kiosk
 * that issued it hears REPRINT_ASKED, the printer gets a second paper
 * marked "CETAK ULANG", and the server records REPRINTED. */
static void
test_supervisor_reprint (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketSubscriber) watcher = loket_test_server_subscriber (f->server, "super");
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LoketClient) super = loket_test_server_client (f->server, "super");
  g_autoptr(JsonObject) asked = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_signal_connect (watcher, "event", G_CALLBACK (on_event), types);
  g_assert_true (loket_test_wait_online (watcher, TRUE, WAIT_MS));
  loket_test_app_activate (f->app, "win.open-service", g_variant_new_string ("akta"));
  loket_test_app_activate (f->app, "win.take-ticket", NULL);
  loket_test_app_wait_state (f->app, "win.print-state", g_variant_new_string ("printed"), WAIT_MS);
  g_assert_true (loket_test_printer_wait_documents (f->printer, 1, WAIT_MS));

  asked = loket_test_request (super, "REPRINT", "ticket", "C-001", "reason", "lost it", NULL);
  g_assert_true (wait_for_type (types, "REPRINTED", 1));
  g_assert_true (has_type (types, "REPRINT_ASKED"));
  g_assert_true (loket_test_printer_wait_documents (f->printer, 2, WAIT_MS));
  documents = loket_test_printer_list_documents (f->printer);
  first = pdf_text (g_ptr_array_index (documents, 0));
  second = pdf_text (g_ptr_array_index (documents, 1));
  /* Which is which depends on the spool's names: one of each. */
  g_assert_true ((strstr (first, "CETAK ULANG") == NULL) != (strstr (second, "CETAK ULANG") == NULL));
  g_assert_nonnull (strstr (first, "C-001"));
  g_assert_nonnull (strstr (second, "C-001"));
  /* The citizen's screen did not move. */
  {
    g_autofree char *state = loket_test_app_get_string (f->app, "win.print-state");
    g_assert_cmpstr (state, ==, "printed");
  }
}

/* A citizen taps a greyed tile (akta's quota of 5 is used up): the tile
 * still answers, the kiosk asks the server anyway, the refusal is shown
 * full screen in the citizen's language and returns home by itself, and
 * the record holds the citizen as TURNED_AWAY from this kiosk. */
static void
test_turned_away_at_tile (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClient) kiosk2 = loket_test_server_client (f->server, "kiosk2");
  g_autofree char *actor = NULL;
  g_autofree char *reason = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonObject) reply = loket_test_request (kiosk2, "ISSUE", "service", "akta", NULL);
    }
  /* The tiles show the five, and akta greyed with its reason. */
  loket_test_app_wait_state (f->app, "win.waiting", g_variant_new_int32 (5), WAIT_MS);
  g_assert_cmpint (loket_test_server_count (f->server, "SELECT COUNT (*) FROM events WHERE type = 'TURNED_AWAY'"),
                   ==, 0);
  loket_test_app_activate (f->app, "win.open-service", g_variant_new_string ("akta"));
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("refused"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.refusal", g_variant_new_string ("quota"), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "kiosk-refused-1080x1920-id.png");
  actor = loket_test_server_last_actor (f->server, "TURNED_AWAY", "akta");
  g_assert_cmpstr (actor, ==, "kiosk1");
  g_assert_cmpint (loket_test_server_count (f->server, "SELECT COUNT (*) FROM events WHERE type = 'TURNED_AWAY'"),
                   ==, 1);
  g_assert_cmpint (loket_test_server_count (f->server, "SELECT COUNT (*) FROM tickets"), ==, 5);
  /* No ticket: nothing printed, and the screen goes home on its own
   * after the ticket timeout (20 s). */
  {
    g_autoptr(GPtrArray) documents = loket_test_printer_list_documents (f->printer);

    g_assert_cmpuint (documents->len, ==, 0);
  }
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("home"), WAIT_MS);
  reason = loket_test_app_get_string (f->app, "win.refusal");
  g_assert_cmpstr (reason, ==, "");
}

/* The server stops: the banner shows; a take sent meanwhile is retried
 * with the same request id and becomes one ticket when it is back. */
static void
test_offline_then_back (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) files = NULL;

  loket_test_server_signal (f->server, SIGSTOP);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (FALSE), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "kiosk-offline.png");
  loket_test_app_activate (f->app, "win.open-service", g_variant_new_string ("kk"));
  loket_test_app_activate (f->app, "win.take-ticket", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("priority"), WAIT_MS);
  loket_test_app_activate (f->app, "win.take", g_variant_new_string (""));
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("working"), WAIT_MS);
  /* Past the client's 10 s deadline, so that the kiosk's own retry with
   * the same request id is what gets the answer. */
  g_usleep (12 * G_USEC_PER_SEC);
  /* A second tap while waiting must not become a second ticket. */
  loket_test_app_activate (f->app, "win.take", g_variant_new_string (""));
  loket_test_server_signal (f->server, SIGCONT);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.ticket", g_variant_new_string ("B-001"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.print-state", g_variant_new_string ("printed"), WAIT_MS);
  g_assert_cmpuint (count_waiting (f), ==, 1);
  files = g_ptr_array_new ();
  {
    g_autoptr(GDir) dir = g_dir_open (f->print_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_ptr_array_add (files, (gpointer) name);
    g_assert_cmpuint (files->len, ==, 1);
  }
}

/* The sample office as citizens see it, in both orientations and both
 * languages: what the README and docs/kiosk.md show.  The language
 * switch and the return home after the number are checked on the way. */
static void
test_screens (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  const char *other = g_str_equal (setup->lang, "id") ? "en" : "id";
  g_autoptr(LoketClient) kiosk2 = loket_test_server_client (f->server, "kiosk2");
  g_autofree char *suffix = g_strdup_printf ("%dx%d-%s", setup->width, setup->height, setup->lang);
  g_autofree char *name = NULL;
  const char *services[] = { "ktp-el", "ktp-el", "kk", "kk", "kk", "akta-lahir", "pindah", NULL };

  /* Some citizens came before: the tiles show queues and estimates. */
  for (guint i = 0; services[i] != NULL; i++)
    {
      g_autoptr(JsonObject) reply = loket_test_request (kiosk2, "ISSUE", "service", services[i], NULL);
    }
  loket_test_app_wait_state (f->app, "win.waiting", g_variant_new_int32 (7), WAIT_MS);
#define SHOT(page) (g_free (name), name = g_strdup_printf ("kiosk-%s-%s.png", page, suffix), loket_test_app_save_screenshot (f->app, name))
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("home"), WAIT_MS);
  SHOT ("home");
  loket_test_app_activate (f->app, "win.open-service", g_variant_new_string ("ktp-el"));
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("detail"), WAIT_MS);
  SHOT ("detail");
  loket_test_app_activate (f->app, "win.take-ticket", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("priority"), WAIT_MS);
  SHOT ("priority");
  loket_test_app_activate (f->app, "win.take", g_variant_new_string ("elderly"));
  loket_test_app_wait_state (f->app, "win.print-state", g_variant_new_string ("printed"), WAIT_MS);
  SHOT ("ticket");
  loket_test_app_wait_state (f->app, "win.ticket", g_variant_new_string ("A-003"), WAIT_MS);
  /* The paper the printer received, rendered as the citizen holds it. */
  g_assert_true (loket_test_printer_wait_documents (f->printer, 1, WAIT_MS));
  {
    /* Its QR code opens the ticket's page by the token loketd keeps for
     * A-003, never by the number. */
    g_autoptr(GPtrArray) documents = loket_test_printer_list_documents (f->printer);
    g_autofree char *qr = loket_test_scan_qr (g_ptr_array_index (documents, 0));
    const char *prefix = "https://antrian.example.go.id/t/";
    g_autofree char *sql = NULL;

    g_assert_nonnull (qr);
    g_assert_true (g_str_has_prefix (qr, prefix));
    g_assert_cmpuint (strlen (qr + strlen (prefix)), ==, 22);
    sql = g_strdup_printf ("SELECT COUNT (*) FROM tickets WHERE series = 'A' AND number = 3 AND token = '%s'",
                           qr + strlen (prefix));
    g_assert_cmpint (loket_test_server_count (f->server, sql), ==, 1);
  }
  if (g_getenv ("LOKET_SCREENSHOTS") != NULL)
    {
      g_autoptr(GPtrArray) documents = loket_test_printer_list_documents (f->printer);
      g_autofree char *base = g_strdup_printf ("%s/ticket-%s", g_getenv ("LOKET_SCREENSHOTS"), setup->lang);
      const char *argv[] = { "pdftoppm", "-r", "150", "-png", "-singlefile",
                             g_ptr_array_index (documents, 0), base, NULL };
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }

  loket_test_app_activate (f->app, "win.home", NULL);
  loket_test_app_activate (f->app, "win.switch-language", NULL);
  loket_test_app_wait_state (f->app, "win.language", g_variant_new_string (other), WAIT_MS);
  g_free (suffix);
  suffix = g_strdup_printf ("%dx%d-%s", setup->width, setup->height, other);
  SHOT ("home");
  loket_test_app_activate (f->app, "win.open-service", g_variant_new_string ("kk"));
  SHOT ("detail");
  /* Home resets the language for the next citizen. */
  loket_test_app_activate (f->app, "win.home", NULL);
  loket_test_app_wait_state (f->app, "win.language", g_variant_new_string (setup->lang), WAIT_MS);
#undef SHOT
}

static GVariant *
field (const char *name, const char *value)
{
  return g_variant_new ("(ss)", name, value);
}

/* A citizen with ticket A-001 complains at the kiosk: category, the
 * ticket's number, the complaint and a name; COMPLAIN reaches the server
 * (channel kiosk, the ticket's facts, the name apart), and the receipt is
 * printed with its number, the name and the QR code of the tracking page. */
static void
test_complaint (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketClient) kiosk2 = loket_test_server_client (f->server, "kiosk2");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk2, "ISSUE", "service", "ktp", NULL);
  g_autofree char *receipt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;
  g_autoptr(GPtrArray) documents = NULL;

  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("home"), WAIT_MS);
  loket_test_app_activate (f->app, "win.complaint", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("complaint"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.complaint-page", g_variant_new_string ("category"), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "kiosk-complaint-category-id.png");
  loket_test_app_activate (f->app, "win.complaint-category", g_variant_new_string ("time"));
  loket_test_app_wait_state (f->app, "win.complaint-page", g_variant_new_string ("details"), WAIT_MS);
  /* Nothing to send yet: the description is required. */
  loket_test_app_activate (f->app, "win.complaint-send", NULL);
  loket_test_app_activate (f->app, "win.complaint-set", field ("ticket", "A-001"));
  loket_test_app_activate (f->app, "win.complaint-set",
                           field ("description", "Sudah menunggu hampir satu jam, nomor saya tidak dipanggil."));
  loket_test_app_activate (f->app, "win.complaint-set", field ("name", "Pelapor Contoh"));
  loket_test_app_activate (f->app, "win.complaint-set", field ("contact", "pelapor@contoh.example"));
  g_assert_cmpint (loket_test_server_count (f->server, "SELECT COUNT (*) FROM complaints"), ==, 0);
  loket_test_app_save_screenshot (f->app, "kiosk-complaint-id.png");
  loket_test_app_activate (f->app, "win.complaint-send", NULL);
  loket_test_app_wait_state (f->app, "win.complaint-print-state", g_variant_new_string ("printed"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.complaint-page", g_variant_new_string ("receipt"), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "kiosk-complaint-receipt-id.png");
  receipt = loket_test_app_get_string (f->app, "win.complaint-receipt");
  g_assert_true (g_str_has_prefix (receipt, "PGD-"));

  sql = g_strdup_printf ("SELECT COUNT (*) FROM complaints c JOIN complainants p ON p.complaint = c.id"
                         " WHERE c.receipt = '%s' AND c.channel = 'kiosk' AND c.received_by IS NULL"
                         " AND c.category = 'time' AND c.service = 'ktp' AND c.ticket IS NOT NULL"
                         " AND p.name = 'Pelapor Contoh' AND p.contact = 'pelapor@contoh.example'", receipt);
  g_assert_cmpint (loket_test_server_count (f->server, sql), ==, 1);
  g_assert_cmpint (loket_test_server_count (f->server, "SELECT COUNT (*) FROM complaints"), ==, 1);

  g_assert_true (loket_test_printer_wait_documents (f->printer, 1, WAIT_MS));
  documents = loket_test_printer_list_documents (f->printer);
  text = pdf_text (g_ptr_array_index (documents, 0));
  g_assert_nonnull (strstr (text, receipt));
  g_assert_nonnull (strstr (text, "Pelapor Contoh"));
  g_assert_nonnull (strstr (text, "A-001"));
  g_assert_nonnull (strstr (text, "kiosk1"));
  qr = loket_test_scan_qr (g_ptr_array_index (documents, 0));
  g_assert_nonnull (qr);
  g_assert_true (g_str_has_prefix (qr, "https://antrian.example.go.id/c/"));
  if (g_getenv ("LOKET_SCREENSHOTS") != NULL)
    {
      /* The paper as the citizen holds it, for docs/complaints.md. */
      g_autofree char *base = g_strdup_printf ("%s/complaint-receipt", g_getenv ("LOKET_SCREENSHOTS"));
      const char *argv[] = { "pdftoppm", "-r", "100", "-png", "-singlefile",
                             g_ptr_array_index (documents, 0), base, NULL };
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT (*) FROM complaints WHERE receipt = '%s' AND token = '%s'",
                         receipt, qr + strlen ("https://antrian.example.go.id/c/"));
  g_assert_cmpint (loket_test_server_count (f->server, sql), ==, 1);

  /* Done: home, ready for the next citizen. */
  loket_test_app_activate (f->app, "win.home", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("home"), WAIT_MS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, setup, func) g_test_add (path, Fixture, setup, fixture_set_up, func, fixture_tear_down)
  ADD ("/kiosk/take-regular-and-priority", &healthy, test_take_regular_and_priority);
  ADD ("/kiosk/printer-failure", &paper_out, test_printer_failure);
  ADD ("/kiosk/supervisor-reprint", &healthy, test_supervisor_reprint);
  ADD ("/kiosk/turned-away-at-tile", &healthy, test_turned_away_at_tile);
  ADD ("/kiosk/offline-then-back", &to_dir, test_offline_then_back);
  ADD ("/kiosk/complaint", &healthy, test_complaint);
  ADD ("/kiosk/screens/portrait", &portrait, test_screens);
  ADD ("/kiosk/screens/landscape", &landscape, test_screens);
#undef ADD
  return g_test_run ();
}
