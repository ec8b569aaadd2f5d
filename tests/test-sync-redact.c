/* test-sync-redact.c — what of an event stays in the office
 * (sync/loket-sync-redact.c, docs/region.md "What leaves the office"):
 * names removed, staff ids turned into keyed pseudonyms (the same id the
 * same pseudonym under one key, another under another key), a counter's
 * or service's name kept, and an event without personal data left byte
 * for byte, so that the centre can recompute its hash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "loket-sync-redact.h"

static LoketEventRow *
row_new (const char *type,
         const char *actor,
         const char *device,
         const char *payload)
{
  LoketEventRow *row = g_new0 (LoketEventRow, 1);

  row->seq = 7;
  row->type = g_strdup (type);
  row->actor = g_strdup (actor);
  row->device = g_strdup (device);
  row->payload = g_strdup (payload);
  return row;
}

static void
test_staff_event (void)
{
  g_autoptr(LoketEventRow) row = row_new ("CLERK_SET", "kepala", "super",
      "{\"type\":\"CLERK_SET\",\"actor\":\"kepala\",\"device\":\"super\","
      "\"clerk\":\"siti\",\"name\":\"Siti Rahma\",\"role\":\"clerk\"}");
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_assert_true (loket_sync_redact (row, "rahasia", &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_null (strstr (row->payload, "Siti"));
  g_assert_null (strstr (row->payload, "siti"));
  g_assert_null (strstr (row->payload, "kepala"));
  g_assert_nonnull (strstr (row->payload, "\"role\""));
  g_assert_true (g_str_has_prefix (row->actor, "p:"));
  g_assert_cmpuint (strlen (row->actor), ==, 18);
  g_assert_nonnull (strstr (row->payload, row->actor));
}

static void
test_ticket_event (void)
{
  const char *payload =
      "{\"type\":\"CALLED\",\"actor\":\"siti\",\"device\":\"counter1\","
      "\"ticket\":{\"id\":1,\"service\":\"ktp\",\"clerk\":\"siti\"},"
      "\"counter\":{\"id\":\"1\",\"name\":\"Loket 1\",\"clerk\":\"siti\",\"clerk_name\":\"Siti Rahma\"}}";
  g_autoptr(LoketEventRow) a = row_new ("CALLED", "siti", "counter1", payload);
  g_autoptr(LoketEventRow) b = row_new ("CALLED", "siti", "counter1", payload);
  g_autoptr(LoketEventRow) c = row_new ("CALLED", "siti", "counter1", payload);
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_assert_true (loket_sync_redact (a, "rahasia", &changed, &error));
  g_assert_true (loket_sync_redact (b, "rahasia", &changed, &error));
  g_assert_true (loket_sync_redact (c, "lain", &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (a->actor, ==, b->actor);
  g_assert_cmpstr (a->actor, !=, c->actor);
  g_assert_null (strstr (a->payload, "siti"));
  g_assert_null (strstr (a->payload, "Siti"));
  g_assert_nonnull (strstr (a->payload, "Loket 1"));
  g_assert_nonnull (strstr (a->payload, "ktp"));
}

static void
test_without_key (void)
{
  g_autoptr(LoketEventRow) row = row_new ("CALLED", "siti", "counter1",
      "{\"ticket\":{\"id\":1,\"clerk\":\"siti\"}}");
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_assert_true (loket_sync_redact (row, NULL, &changed, &error));
  g_assert_cmpstr (row->actor, ==, "staff");
  g_assert_nonnull (strstr (row->payload, "\"staff\""));
  g_assert_null (strstr (row->payload, "siti"));
}

static void
test_unchanged (void)
{
  const char *payload = "{\"type\":\"ISSUED\",\"actor\":\"kiosk1\",\"device\":\"kiosk1\","
                        "\"ticket\":{\"id\":1,\"service\":\"ktp\",\"clerk\":null}}";
  g_autoptr(LoketEventRow) row = row_new ("ISSUED", "kiosk1", "kiosk1", payload);
  g_autoptr(GError) error = NULL;
  gboolean changed = TRUE;

  g_assert_true (loket_sync_redact (row, "rahasia", &changed, &error));
  g_assert_false (changed);
  g_assert_cmpstr (row->payload, ==, payload);
  g_assert_cmpstr (row->actor, ==, "kiosk1");
}

static void
test_not_json (void)
{
  g_autoptr(LoketEventRow) row = row_new ("ISSUED", "kiosk1", "kiosk1", "{not json");
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_assert_false (loket_sync_redact (row, NULL, &changed, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "event 7"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/redact/staff-event", test_staff_event);
  g_test_add_func ("/sync/redact/ticket-event", test_ticket_event);
  g_test_add_func ("/sync/redact/without-key", test_without_key);
  g_test_add_func ("/sync/redact/unchanged", test_unchanged);
  g_test_add_func ("/sync/redact/not-json", test_not_json);
  return g_test_run ();
}
