/* test-crash.c — kill -9 of loketd in the middle of a burst of issues,
 * twenty times over (LOKET_STRESS_ROUNDS=200 for the long run).  Every ticket that was acknowledged must be in the
 * database after the restart with the number it was given, numbering
 * continues without gaps or repeats, and the hash chain still verifies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-store.h"
#include "loket-test-server.h"

#include <signal.h>

/* The short run in CI; tools/stress sets the long one. */
#define DEFAULT_ROUNDS 20
#define ISSUERS 4

static LoketTestServer *server;

typedef struct {
  const char *name;
  GMutex     *lock;
  GHashTable *acked;     /* ticket id (as string) → "A-001" */
  gint       *total;     /* acks so far, all threads */
} Issuer;

static gpointer
issuer_thread (gpointer data)
{
  Issuer *is = data;
  g_autoptr(LoketClient) client = loket_test_server_client (server, is->name);

  /* Short patience: once the server is killed, give up and report. */
  loket_client_set_timeout (client, 1500, 500);
  for (;;)
    {
      g_autoptr(JsonObject) body = loket_test_body ("service", "ktp", NULL);
      g_autoptr(JsonObject) reply = loket_client_request (client, "ISSUE", body, NULL);

      if (reply == NULL)
        return NULL;
      g_mutex_lock (is->lock);
      loket_test_note_ticket (is->acked, reply);
      g_atomic_int_inc (is->total);
      g_mutex_unlock (is->lock);
    }
}

static void
test_kill_during_burst (void)
{
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *names[ISSUERS] = { "kiosk1", "kiosk2", "super", "kiosk1" };
  GMutex lock;
  guint previous_max = 0;
  const char *asked = g_getenv ("LOKET_STRESS_ROUNDS");
  guint rounds = asked ? (guint) g_ascii_strtoull (asked, NULL, 10) : DEFAULT_ROUNDS;

  g_mutex_init (&lock);
  for (guint round = 0; round < rounds; round++)
    {
      gint total = 0;
      gint target = g_test_rand_int_range (5, 60);
      Issuer issuers[ISSUERS];
      GThread *threads[ISSUERS];
      guint max;
      gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

      loket_test_server_start (server);
      for (guint i = 0; i < ISSUERS; i++)
        {
          issuers[i] = (Issuer) { names[i], &lock, acked, &total };
          threads[i] = g_thread_new ("issuer", issuer_thread, &issuers[i]);
        }
      /* Kill it mid-burst, at a random point. */
      while (g_atomic_int_get (&total) < target)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (1000);
        }
      loket_test_server_kill (server);
      for (guint i = 0; i < ISSUERS; i++)
        g_thread_join (threads[i]);

      max = loket_test_server_check_tickets (server, acked);
      g_assert_cmpuint (g_hash_table_size (acked), >=, (guint) target);
      previous_max = max;
      g_test_message ("round %u: %u acknowledged so far, highest number %u",
                      round, g_hash_table_size (acked), max);
    }

  /* After all that, numbering simply continues. */
  loket_test_server_start (server);
  {
    g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
    g_autoptr(JsonObject) reply = loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL);
    g_autofree char *expected = g_strdup_printf ("A-%03u", previous_max + 1);
    const char *number = json_object_get_string_member (json_object_get_object_member (reply, "ticket"), "number");

    /* (Unless the service day just turned, which restarts at A-001.) */
    if (!g_str_equal (number, "A-001"))
      g_assert_cmpstr (number, ==, expected);
  }
  loket_test_server_stop (server);
  g_mutex_clear (&lock);
}

int
main (int argc, char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  g_test_add_func ("/crash/kill-9-during-burst", test_kill_during_burst);
  result = g_test_run ();
  loket_test_server_free (server);
  return result;
}
