/* test-concurrency.c — 32 kiosks issuing 50 tickets each at once: every
 * acknowledged number is unique and the numbers of each series run 1…n
 * without a gap, and the event log still verifies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-store.h"
#include "loket-test-server.h"

#define N_KIOSKS 32
#define N_TICKETS 50

static LoketTestServer *server;

typedef struct {
  guint       index;
  GPtrArray  *numbers;  /* char* "A-001" */
} Kiosk;

static gpointer
kiosk_thread (gpointer data)
{
  Kiosk *k = data;
  g_autoptr(LoketClient) client = loket_test_server_client (server, k->index % 2 ? "kiosk1" : "kiosk2");

  for (guint i = 0; i < N_TICKETS; i++)
    {
      /* Alternate series so that two counters of numbers interleave. */
      const char *service = (i + k->index) % 2 ? "ktp" : "kk";
      g_autoptr(JsonObject) reply = loket_test_request (client, "ISSUE", "service", service, NULL);
      JsonObject *ticket = json_object_get_object_member (reply, "ticket");

      g_ptr_array_add (k->numbers, g_strdup (json_object_get_string_member (ticket, "number")));
    }
  return NULL;
}

static void
test_concurrent_kiosks (void)
{
  Kiosk kiosks[N_KIOSKS];
  GThread *threads[N_KIOSKS];
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint max_a = 0, max_b = 0;
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_events = 0;

  for (guint i = 0; i < N_KIOSKS; i++)
    {
      kiosks[i].index = i;
      kiosks[i].numbers = g_ptr_array_new_with_free_func (g_free);
      threads[i] = g_thread_new ("kiosk", kiosk_thread, &kiosks[i]);
    }
  for (guint i = 0; i < N_KIOSKS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_KIOSKS; i++)
    for (guint j = 0; j < kiosks[i].numbers->len; j++)
      {
        const char *number = g_ptr_array_index (kiosks[i].numbers, j);
        guint n = (guint) g_ascii_strtoull (number + 2, NULL, 10);

        g_assert_false (g_hash_table_contains (seen, number));
        g_hash_table_add (seen, (gpointer) number);
        if (number[0] == 'A')
          max_a = MAX (max_a, n);
        else
          max_b = MAX (max_b, n);
      }
  /* Unique, and as many as the highest number: no gaps. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_KIOSKS * N_TICKETS);
  g_assert_cmpuint (max_a + max_b, ==, N_KIOSKS * N_TICKETS);
  g_assert_cmpuint (max_a, ==, N_KIOSKS * N_TICKETS / 2);

  store = loket_store_open_readonly (server->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (loket_store_verify (store, &n_events, &error));
  g_assert_cmpint (n_events, ==, N_KIOSKS * N_TICKETS);
  for (guint i = 0; i < N_KIOSKS; i++)
    g_ptr_array_unref (kiosks[i].numbers);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  g_test_add_func ("/concurrency/32-kiosks", test_concurrent_kiosks);
  return loket_test_run_with_server (server);
}
