/* test-kiosk-flow.c — the kiosk's take → print → report as a state
 * machine, driven directly against a real loketd: each state in order,
 * the ticket on paper (a print directory) and reported to the server, a
 * refusal back to idle with the server's words, the screen-only kiosk,
 * no second take while one is in flight, and a ticket printed again —
 * after a failure, or at a supervisor's REPRINT — recorded as REPRINTED.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-kiosk-flow.h"
#include "loket-test-printer.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <string.h>

#define WAIT_MS 20000

static LoketTestServer *server;

typedef struct {
  LoketKioskFlow *flow;
  GString        *states;   /* "taking printing …" as they came */
} Watch;

static void
on_state (LoketKioskFlow *flow, GParamSpec *pspec, gpointer user_data)
{
  Watch *watch = user_data;

  if (watch->states->len > 0)
    g_string_append_c (watch->states, ' ');
  g_string_append (watch->states, loket_kiosk_flow_state_to_string (loket_kiosk_flow_get_state (flow)));
}

static gboolean
settled (gpointer data)
{
  LoketKioskFlowState state = loket_kiosk_flow_get_state (data);

  return state == LOKET_KIOSK_FLOW_DONE || state == LOKET_KIOSK_FLOW_FAILED ||
         state == LOKET_KIOSK_FLOW_IDLE;
}

static void
watch_init (Watch *watch, LoketKioskFlow *flow)
{
  watch->flow = flow;
  watch->states = g_string_new (NULL);
  g_signal_connect (flow, "notify::state", G_CALLBACK (on_state), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->flow, watch);
  g_string_free (watch->states, TRUE);
}

static JsonObject *
office (LoketClient *client)
{
  return loket_test_request (client, "SERVICES", NULL);
}

static const char *
ticket_number (LoketKioskFlow *flow)
{
  JsonObject *reply = loket_kiosk_flow_get_ticket_reply (flow);

  return json_object_get_string_member (json_object_get_object_member (reply, "ticket"), "number");
}

/* What the paper's QR code must say: the test charter's StatusUrl with
 * the ticket's token from the ISSUE reply, never its number. */
static char *
status_url_of (LoketKioskFlow *flow)
{
  const char *token = json_object_get_string_member (loket_kiosk_flow_get_ticket_reply (flow), "token");

  g_assert_cmpuint (strlen (token), ==, 22);
  return g_strconcat ("https://antrian.example.go.id/t/", token, NULL);
}

/* How many tickets of the server's record have this one's id and @state. */
static gint64
count_in_state (LoketKioskFlow *flow, const char *state)
{
  JsonObject *reply = loket_kiosk_flow_get_ticket_reply (flow);
  gint64 id = json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id");
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                                          " AND state = '%s'", id, state);

  return loket_test_server_count (server, sql);
}

/* Issued, printed to a directory, reported: every state in turn, the PDF
 * there, and the server's ticket `printed`. */
static void
test_take_print_report (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) services = office (client);
  g_autofree char *dir = g_dir_make_tmp ("loket-flow-XXXXXX", NULL);
  g_autoptr(LoketKioskFlow) flow = loket_kiosk_flow_new (client, NULL, dir, 72);
  g_autoptr(GDir) listing = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *expected = NULL;
  const char *name;
  Watch watch;

  watch_init (&watch, flow);
  loket_kiosk_flow_set_office (flow, services);
  g_assert_cmpint (loket_kiosk_flow_get_state (flow), ==, LOKET_KIOSK_FLOW_IDLE);
  g_assert_true (loket_kiosk_flow_take (flow, "ktp", NULL));
  /* A double tap while the take is in flight is not a second ticket. */
  g_assert_false (loket_kiosk_flow_take (flow, "ktp", NULL));
  g_assert_cmpstr (loket_kiosk_flow_get_print_state (flow), ==, "");
  g_assert_true (loket_test_wait_until (settled, flow, WAIT_MS));
  g_assert_cmpstr (watch.states->str, ==, "taking printing reporting done");
  g_assert_cmpstr (loket_kiosk_flow_get_print_state (flow), ==, "printed");
  g_assert_null (loket_kiosk_flow_get_print_reason (flow));

  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  name = g_dir_read_name (listing);
  g_assert_true (g_str_has_suffix (name, ".pdf"));
  /* The QR code opens the citizen's ticket page by its token. */
  paper = g_build_filename (dir, name, NULL);
  qr = loket_test_scan_qr (paper);
  expected = status_url_of (flow);
  g_assert_cmpstr (qr, ==, expected);
  g_assert_null (strstr (qr, ticket_number (flow)));
  /* DONE comes after the server's answer to PRINT: the record says so. */
  g_assert_cmpint (count_in_state (flow, "printed"), ==, 1);
  watch_clear (&watch);
  loket_test_remove_tree (dir);
}

/* A print that cannot happen (the directory is gone) is FAILED, with
 * the reason, and the server knows. */
static void
test_print_failed (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) services = office (client);
  g_autofree char *dir = g_dir_make_tmp ("loket-flow-XXXXXX", NULL);
  g_autofree char *gone = g_build_filename (dir, "gone", NULL);
  g_autoptr(LoketKioskFlow) flow = loket_kiosk_flow_new (client, NULL, gone, 72);
  Watch watch;

  watch_init (&watch, flow);
  loket_kiosk_flow_set_office (flow, services);
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_MESSAGE, "ticket * issued");
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_WARNING, "ticket * not printed: *");
  g_assert_true (loket_kiosk_flow_take (flow, "ktp", NULL));
  g_assert_true (loket_test_wait_until (settled, flow, WAIT_MS));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (watch.states->str, ==, "taking printing reporting failed");
  g_assert_cmpstr (loket_kiosk_flow_get_print_state (flow), ==, "failed");
  g_assert_nonnull (loket_kiosk_flow_get_print_reason (flow));
  g_assert_cmpint (count_in_state (flow, "print-failed"), ==, 1);
  watch_clear (&watch);
  loket_test_remove_tree (dir);
}

static gint64
ticket_id (LoketKioskFlow *flow)
{
  JsonObject *reply = loket_kiosk_flow_get_ticket_reply (flow);

  return json_object_get_int_member (json_object_get_object_member (reply, "ticket"), "id");
}

/* How many events of @type the record has for @flow's ticket. */
static gint64
count_events (LoketKioskFlow *flow, const char *type)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM events WHERE ticket = %" G_GINT64_FORMAT
                                          " AND type = '%s'", ticket_id (flow), type);

  return loket_test_server_count (server, sql);
}

/* A failed print leaves the ticket issued; "print again" prints the same
 * ticket beside the first (marked as a reprint), goes through printing
 * and reporting once more, and the server records REPRINTED and a
 * printed ticket.  Once done, there is nothing to print again. */
static void
test_reprint_after_failure (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) services = office (client);
  g_autofree char *dir = g_dir_make_tmp ("loket-flow-XXXXXX", NULL);
  g_autofree char *gone = g_build_filename (dir, "gone", NULL);
  g_autoptr(LoketKioskFlow) flow = loket_kiosk_flow_new (client, NULL, gone, 72);
  g_autofree char *name = NULL;
  g_autofree char *paper = NULL;
  Watch watch;

  watch_init (&watch, flow);
  loket_kiosk_flow_set_office (flow, services);
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_MESSAGE, "ticket * issued");
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_WARNING, "ticket * not printed: *");
  g_assert_true (loket_kiosk_flow_take (flow, "ktp", NULL));
  g_assert_true (loket_test_wait_until (settled, flow, WAIT_MS));
  g_test_assert_expected_messages ();
  g_assert_cmpint (count_in_state (flow, "print-failed"), ==, 1);

  /* The paper is back. */
  g_assert_cmpint (g_mkdir (gone, 0700), ==, 0);
  g_assert_true (loket_kiosk_flow_reprint (flow));
  g_assert_true (loket_test_wait_until (settled, flow, WAIT_MS));
  g_assert_cmpstr (watch.states->str, ==, "taking printing reporting failed printing reporting done");
  g_assert_cmpstr (loket_kiosk_flow_get_print_state (flow), ==, "printed");
  name = g_strdup_printf ("%s-%s-reprint.pdf",
                          json_object_get_string_member (json_object_get_object_member (
                            loket_kiosk_flow_get_ticket_reply (flow), "ticket"), "service_day"),
                          ticket_number (flow));
  paper = g_build_filename (gone, name, NULL);
  g_assert_true (g_file_test (paper, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (count_in_state (flow, "printed"), ==, 1);
  g_assert_cmpint (count_events (flow, "REPRINTED"), ==, 1);
  g_assert_cmpint (count_events (flow, "PRINTED"), ==, 0);
  /* Printed: nothing to print again. */
  g_assert_false (loket_kiosk_flow_reprint (flow));
  watch_clear (&watch);
  loket_test_remove_tree (dir);
}

static gboolean
reprinted (gpointer flow)
{
  return count_events (flow, "REPRINTED") > 0;
}

/* A supervisor asks for a ticket to be printed again: REPRINT names the
 * kiosk that issued it in the event; that kiosk prints it beside its
 * flow (whose state does not move) and the server records REPRINTED.
 * A ticket no longer waiting (voided) is refused. */
static void
test_supervisor_reprint (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) services = office (client);
  g_autofree char *dir = g_dir_make_tmp ("loket-flow-XXXXXX", NULL);
  g_autoptr(LoketKioskFlow) flow = loket_kiosk_flow_new (client, NULL, dir, 72);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) asked = NULL;
  g_autoptr(JsonObject) voided = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *token_sql = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *expected = NULL;
  const char *token;
  JsonObject *ticket;

  loket_kiosk_flow_set_office (flow, services);
  g_assert_true (loket_kiosk_flow_take (flow, "ktp", NULL));
  g_assert_true (loket_test_wait_until (settled, flow, WAIT_MS));
  g_assert_cmpstr (loket_kiosk_flow_get_print_state (flow), ==, "printed");

  body = loket_test_body ("ticket", ticket_number (flow), "reason", "lost it", NULL);
  asked = loket_client_request (super, "REPRINT", body, &error);
  g_assert_no_error (error);
  ticket = json_object_get_object_member (asked, "ticket");
  sql = g_strdup_printf ("SELECT COUNT (*) FROM events WHERE type = 'REPRINT_ASKED' AND ticket = %" G_GINT64_FORMAT
                         " AND json_extract (payload, '$.kiosk') = 'kiosk1'"
                         " AND json_extract (payload, '$.reason') = 'lost it'", ticket_id (flow));
  g_assert_cmpint (loket_test_server_count (server, sql), ==, 1);

  /* The event carries the token for the second paper's QR code: the
   * same as the first's. */
  token = json_object_get_string_member (loket_kiosk_flow_get_ticket_reply (flow), "token");
  token_sql = g_strdup_printf ("SELECT COUNT (*) FROM events WHERE type = 'REPRINT_ASKED'"
                               " AND json_extract (payload, '$.token') = '%s'", token);
  g_assert_cmpint (loket_test_server_count (server, token_sql), ==, 1);
  g_assert_true (loket_kiosk_flow_reprint_ticket (flow, ticket, token));
  name = g_strdup_printf ("%s-%s-reprint.pdf", json_object_get_string_member (ticket, "service_day"),
                          ticket_number (flow));
  paper = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_test (paper, G_FILE_TEST_IS_REGULAR));
  qr = loket_test_scan_qr (paper);
  expected = status_url_of (flow);
  g_assert_cmpstr (qr, ==, expected);
  g_assert_true (loket_test_wait_until (reprinted, flow, WAIT_MS));
  g_assert_cmpint (loket_kiosk_flow_get_state (flow), ==, LOKET_KIOSK_FLOW_DONE);
  g_assert_cmpint (count_in_state (flow, "printed"), ==, 1);

  voided = loket_test_request (super, "VOID", "ticket", ticket_number (flow), "reason", "left", NULL);
  refused = loket_client_request (super, "REPRINT", body, &error);
  g_assert_null (refused);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_STATE);
  loket_test_remove_tree (dir);
}

/* The server refuses: back to IDLE, with its words, and no ticket. */
static void
test_refused (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketKioskFlow) flow = loket_kiosk_flow_new (client, NULL, NULL, 72);
  Watch watch;

  watch_init (&watch, flow);
  g_assert_true (loket_kiosk_flow_take (flow, "no-such-service", NULL));
  g_assert_true (loket_test_wait_until (settled, flow, WAIT_MS));
  g_assert_cmpstr (watch.states->str, ==, "taking idle");
  g_assert_nonnull (loket_kiosk_flow_get_refusal (flow));
  /* Not the hours nor the quota: not a citizen turned away. */
  g_assert_cmpstr (loket_kiosk_flow_get_refusal_kind (flow), ==, "other");
  g_assert_null (loket_kiosk_flow_get_ticket_reply (flow));
  watch_clear (&watch);
}

/* No printer: the number is on the screen only, and nothing is reported. */
static void
test_screen_only (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketKioskFlow) flow = loket_kiosk_flow_new (client, NULL, NULL, 72);
  Watch watch;

  watch_init (&watch, flow);
  g_assert_true (loket_kiosk_flow_take (flow, "kk", NULL));
  g_assert_true (loket_test_wait_until (settled, flow, WAIT_MS));
  g_assert_cmpstr (watch.states->str, ==, "taking done");
  g_assert_cmpstr (loket_kiosk_flow_get_print_state (flow), ==, "screen");
  g_assert_nonnull (ticket_number (flow));
  /* The next citizen may take at once. */
  g_assert_true (loket_kiosk_flow_take (flow, "kk", NULL));
  g_assert_true (loket_test_wait_until (settled, flow, WAIT_MS));
  g_assert_cmpstr (watch.states->str, ==, "taking done taking done");
  watch_clear (&watch);
}

/* Stopping the wait goes back to IDLE at once, and a late answer does
 * not move it. */
static void
test_cancel (void)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketKioskFlow) flow = loket_kiosk_flow_new (client, NULL, NULL, 72);
  gboolean never = FALSE;
  Watch watch;

  watch_init (&watch, flow);
  g_assert_true (loket_kiosk_flow_take (flow, "kk", NULL));
  loket_kiosk_flow_cancel (flow);
  g_assert_cmpint (loket_kiosk_flow_get_state (flow), ==, LOKET_KIOSK_FLOW_IDLE);
  /* The server's answer to the abandoned take, if any, is dropped. */
  loket_test_wait_for (&never, 500);
  g_assert_cmpstr (watch.states->str, ==, "taking idle");
  g_assert_null (loket_kiosk_flow_get_refusal (flow));
  g_assert_null (loket_kiosk_flow_get_refusal_kind (flow));
  watch_clear (&watch);
}

/* For the sanitizer build: fontconfig's configuration, loaded once per
 * process when the ticket is rendered, is never freed (as in
 * test-ticket-printout.c); naming it needs whole stacks. */
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:FcInitLoadConfigAndFonts\n";
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  g_test_add_func ("/kiosk-flow/take-print-report", test_take_print_report);
  g_test_add_func ("/kiosk-flow/print-failed", test_print_failed);
  g_test_add_func ("/kiosk-flow/refused", test_refused);
  g_test_add_func ("/kiosk-flow/reprint-after-failure", test_reprint_after_failure);
  g_test_add_func ("/kiosk-flow/supervisor-reprint", test_supervisor_reprint);
  g_test_add_func ("/kiosk-flow/screen-only", test_screen_only);
  g_test_add_func ("/kiosk-flow/cancel", test_cancel);
  return loket_test_run_with_server (server);
}
