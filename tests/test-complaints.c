/* test-complaints.c — complaints (docs/complaints.md) against a real
 * loketd on a real SQLite file, and loketctl:
 *
 *  - filing gives a receipt (PGD-YEAR-NNNNNN, numbered on), a token, the
 *    facts of the ticket, and a deadline counted in working days: the
 *    charter here opens Monday to Friday and is Closed= on the next two
 *    working days, so every deadline crosses a weekend and two holidays,
 *    and is checked against a count made here day by day;
 *  - a walk through the states with steps, every refused step refused
 *    with `state`, texts too long refused saying how long they may be,
 *    the web naming a ticket by its token only, three per ticket;
 *  - the tracking page's view by token holds no name, contact or
 *    description, and only the public notes;
 *  - the events hold no name, contact, description or answer, only the
 *    salted hash (the same person the same hash) and digests;
 *  - the clocks as loketd computes them: overdue, late, met for
 *    complaints filed thirty days back (libfaketime), due and running
 *    for ones filed today;
 *  - `loketctl complaints export` and the public figures
 *    (COMPLAINT_STATS) equal the database;
 *  - the purge: complaints closed on a clock three days back (libfaketime)
 *    keep their complainants at that day's closing and lose them at the
 *    first closing two days on; verify names an edited description or
 *    state (it rebuilds complaints from their events);
 *  - kill -9 during a burst of COMPLAIN from four clients loses none that
 *    was acknowledged.
 * When a server is freed its record is verified (loketctl verify).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-sqlite.h"
#include "loket-store.h"
#include "loket-test-server.h"

#include <string.h>

#define FAKETIME_LIB "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
#define NAME "Siti Rahmawati"
#define CONTACT "siti.rahma@example.id"
#define DESCRIPTION "Diminta uang tambahan Rp50.000 di loket 2, \"biar cepat\", tanpa kuitansi"

static LoketTestServer *server;
static char *closed[2];   /* the Closed= dates: the next two working days */

/* ---- the charter and the expected deadline ------------------------------ */

static GDate *
today_in_jakarta (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Jakarta");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);

  return g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (now), (GDateMonth) g_date_time_get_month (now),
                         (GDateYear) g_date_time_get_year (now));
}

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static gboolean
working (const GDate *date)
{
  g_autofree char *text = date_text (date);

  return g_date_get_weekday (date) <= G_DATE_FRIDAY &&
         g_strcmp0 (text, closed[0]) != 0 && g_strcmp0 (text, closed[1]) != 0;
}

/* @n working days after today, counted here one day at a time. */
static char *
expected_deadline (guint n)
{
  g_autoptr(GDate) date = today_in_jakarta ();

  while (n > 0)
    {
      g_date_add_days (date, 1);
      n -= working (date);
    }
  return date_text (date);
}

/* The test charter, open Monday to Friday, closed on the next two working
 * days, with complaint tiers and @keep days for personal data. */
static void
use_complaints_charter (LoketTestServer *s, guint keep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) date = today_in_jakarta ();
  g_autofree char *text = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *copy = g_build_filename (s->dir, "charter.ini", NULL);
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; i < 2; i++)
    {
      do
        g_date_add_days (date, 1);
      while (g_date_get_weekday (date) > G_DATE_FRIDAY);
      g_free (closed[i]);
      closed[i] = date_text (date);
    }
  g_assert_true (g_file_get_contents (s->charter_path, &text, NULL, &error));
  parts = g_strsplit (text, "OpeningHours=Mon-Sun 00:00-24:00", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  hours = g_strdup_printf ("OpeningHours=Mon-Fri 08:00-15:00\nClosed=%s;%s", closed[0], closed[1]);
  changed = g_strdup_printf ("%s%s%s\n[Complaints]\nDeadlineDays=14\nCategoryDeadlineDays=cost:5;behaviour:2;product:1\n"
                             "KeepPersonalDataDays=%u\n", parts[0], hours, parts[1], keep);
  g_assert_true (g_file_set_contents (copy, changed, -1, &error));
  g_free (s->charter_path);
  s->charter_path = g_steal_pointer (&copy);
  s->always_open = TRUE;
}

/* ---- helpers ------------------------------------------------------------- */

static JsonObject *
complain (const char *who, JsonObject *body, GError **error)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, who);

  return loket_client_request (client, "COMPLAIN", body, error);
}

static JsonObject *
step (const char *receipt, const char *act, const char *text, GError **error)
{
  g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
  g_autoptr(JsonObject) body = loket_test_body ("receipt", receipt, "act", act, NULL);

  if (text != NULL)
    json_object_set_string_member (body, "text", text);
  return loket_client_request (super, "COMPLAINT_STEP", body, error);
}

static JsonObject *
issue (const char *service)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");

  return loket_test_request (kiosk, "ISSUE", "service", service, NULL);
}

static void
refused (JsonObject *reply, GError *error, gint code, const char *words)
{
  g_assert_null (reply);
  g_assert_error (error, LOKET_ERROR, code);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static JsonObject *
filed_by_kiosk (const char *ticket_number, const char *category)
{
  g_autoptr(JsonObject) body = loket_test_body ("ticket", ticket_number, "category", category,
                                                "description", DESCRIPTION, "complainant", NAME,
                                                "contact", CONTACT, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *reply = complain ("kiosk1", body, &error);

  g_assert_no_error (error);
  return reply;
}

/* ---- filing ------------------------------------------------------------- */

static void
test_receipt_and_deadline (void)
{
  g_autoptr(JsonObject) issued = issue ("ktp");
  JsonObject *ticket = json_object_get_object_member (issued, "ticket");
  g_autoptr(JsonObject) first = filed_by_kiosk (json_object_get_string_member (ticket, "number"), "cost");
  g_autoptr(JsonObject) body = loket_test_body ("service", "kk", "category", "other",
                                                "description", "Ruang tunggu panas, kipas rusak", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) second = complain ("super", body, &error);
  g_autofree char *cost_due = expected_deadline (5);
  g_autofree char *other_due = expected_deadline (14);
  g_autoptr(GDate) today = today_in_jakarta ();
  g_autofree char *prefix = g_strdup_printf ("PGD-%04u-", g_date_get_year (today));
  JsonObject *facts = json_object_get_object_member (first, "facts");
  const char *r1 = json_object_get_string_member (first, "receipt");
  const char *r2;

  g_assert_no_error (error);
  r2 = json_object_get_string_member (second, "receipt");
  g_assert_true (g_str_has_prefix (r1, prefix));
  g_assert_cmpuint (strlen (r1), ==, strlen ("PGD-2026-000001"));
  g_assert_cmpint (g_ascii_strtoll (r2 + 9, NULL, 10), ==, g_ascii_strtoll (r1 + 9, NULL, 10) + 1);
  g_assert_cmpuint (strlen (json_object_get_string_member (first, "token")), ==, 22);
  g_assert_cmpstr (json_object_get_string_member (first, "channel"), ==, "kiosk");
  g_assert_true (json_object_get_null_member (first, "received_by"));
  g_assert_cmpstr (json_object_get_string_member (first, "received_at_device"), ==, "kiosk1");
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, NAME);
  /* The server's facts, not the citizen's: the ticket still waits. */
  g_assert_cmpint (json_object_get_int_member (facts, "ticket"), ==, json_object_get_int_member (ticket, "id"));
  g_assert_cmpint (json_object_get_int_member (facts, "waited_minutes"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (facts, "promised_minutes"), ==, 30);
  /* Five working days (cost), fourteen (the default): across weekends
   * and the two Closed= days, as counted here. */
  g_test_message ("closed %s and %s; deadlines %s and %s", closed[0], closed[1], cost_due, other_due);
  g_assert_cmpstr (json_object_get_string_member (first, "deadline"), ==, cost_due);
  g_assert_cmpstr (json_object_get_string_member (second, "deadline"), ==, other_due);
  g_assert_cmpstr (json_object_get_string_member (second, "channel"), ==, "staff");
  g_assert_cmpstr (json_object_get_string_member (second, "received_by"), ==, "super");
  g_assert_cmpstr (json_object_get_string_member (second, "clock"), ==, "running");
  g_assert_cmpint (loket_test_server_count (server, "SELECT COUNT (*) FROM complainants"
                                                    " WHERE name = '" NAME "' AND contact = '" CONTACT "'"), >=, 1);
}

static void
test_limits_and_tickets (void)
{
  g_autoptr(JsonObject) issued = issue ("ktp");
  JsonObject *ticket = json_object_get_object_member (issued, "ticket");
  const char *token = json_object_get_string_member (issued, "token");
  g_autoptr(GString) long_text = g_string_new (NULL);

  for (guint i = 0; i < 2001; i++)
    g_string_append (long_text, "é");   /* 2001 characters, 4002 bytes: within the table's bytes */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonObject) body = loket_test_body ("category", "time", "description", "Lama sekali", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = NULL;

      if (i == 0)
        json_object_set_string_member (body, "ticket", json_object_get_string_member (ticket, "number"));
      else
        json_object_set_string_member (body, "ticket_token", token);
      reply = complain ("web1", body, &error);
      if (i == 0)
        refused (reply, error, LOKET_ERROR_INVALID, "by its token");
      else if (i < 4)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (json_object_get_string_member (reply, "channel"), ==, "web");
          g_assert_cmpstr (json_object_get_string_member (reply, "service"), ==, "ktp");
        }
      else
        refused (reply, error, LOKET_ERROR_QUOTA, "already has 3 complaints");
    }
  {
    g_autoptr(JsonObject) body = loket_test_body ("service", "ktp", "category", "time", "description",
                                                  long_text->str, NULL);
    g_autoptr(JsonObject) name = loket_test_body ("service", "ktp", "category", "time", "description", "x", NULL);
    g_autoptr(JsonObject) nothing = loket_test_body ("category", "time", "description", "x", NULL);
    g_autoptr(JsonObject) wrong = loket_test_body ("service", "ktp", "category", "rude", "description", "x", NULL);
    g_autoptr(JsonObject) blank = loket_test_body ("service", "ktp", "category", "time", "description", "  \n ", NULL);
    g_autoptr(GError) e6 = NULL;
    g_autoptr(JsonObject) r6 = NULL;
    g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL;
    g_autoptr(JsonObject) token_body = loket_test_body ("service", "ktp", "category", "time", "description", "x",
                                                        "ticket_token", "AAAAAAAAAAAAAAAAAAAAAA", NULL);
    g_autoptr(JsonObject) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL;

    g_string_truncate (long_text, 0);
    for (guint i = 0; i < 101; i++)
      g_string_append_c (long_text, 'a');
    json_object_set_string_member (name, "complainant", long_text->str);
    r1 = complain ("web1", body, &e1);
    refused (r1, e1, LOKET_ERROR_INVALID, "at most 2000 characters, this has 2001");
    r2 = complain ("kiosk1", name, &e2);
    refused (r2, e2, LOKET_ERROR_INVALID, "at most 100 characters");
    r3 = complain ("kiosk1", nothing, &e3);
    refused (r3, e3, LOKET_ERROR_INVALID, "\"service\"");
    r4 = complain ("kiosk1", wrong, &e4);
    refused (r4, e4, LOKET_ERROR_INVALID, "category");
    r5 = complain ("web1", token_body, &e5);
    refused (r5, e5, LOKET_ERROR_NOT_FOUND, NULL);
    r6 = complain ("kiosk1", blank, &e6);
    refused (r6, e6, LOKET_ERROR_INVALID, "write something");
  }
}

/* ---- handling ------------------------------------------------------------ */

static void
test_walk_and_tracking (void)
{
  g_autoptr(JsonObject) issued = issue ("kk");
  g_autoptr(JsonObject) filed = filed_by_kiosk (json_object_get_string_member (
                                  json_object_get_object_member (issued, "ticket"), "number"), "behaviour");
  const char *receipt = json_object_get_string_member (filed, "receipt");
  const char *token = json_object_get_string_member (filed, "token");
  static const struct {
    const char *act;
    const char *text;
    int         code;      /* -1: allowed */
    const char *state;
  } walk[] = {
    { "close",    NULL,                              LOKET_ERROR_STATE,   NULL },
    { "reopen",   "x",                               LOKET_ERROR_STATE,   NULL },
    { "answer",   NULL,                              LOKET_ERROR_INVALID, NULL },
    { "take",     NULL,                              -1, "in-progress" },
    { "take",     NULL,                              LOKET_ERROR_STATE,   NULL },
    { "note",     "Petugas loket 2 dimintai keterangan", -1, "in-progress" },
    { "answer",   "Petugas sudah ditegur; uang dikembalikan.", -1, "answered" },
    { "reopen",   "Pelapor belum menerima uangnya",  -1, "in-progress" },
    { "escalate", "Diteruskan ke kepala kantor",     -1, "escalated" },
    { "answer",   "Uang Rp50.000 dikembalikan pada 3 Desember; petugas dipindahkan.", -1, "answered" },
    { "close",    NULL,                              -1, "closed" },
    { "note",     "x",                               LOKET_ERROR_STATE,   NULL },
    { "escalate", "x",                               LOKET_ERROR_STATE,   NULL },
  };
  g_autoptr(LoketClient) web = loket_test_server_client (server, "web1");
  g_autoptr(JsonObject) tracked = NULL;
  g_autofree char *text = NULL;
  JsonObject *c;
  JsonArray *steps;
  guint public_notes = 0;

  g_autofree char *due = expected_deadline (2);   /* behaviour: two working days */

  g_assert_cmpstr (json_object_get_string_member (filed, "deadline"), ==, due);
  for (guint i = 0; i < G_N_ELEMENTS (walk); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = step (receipt, walk[i].act, walk[i].text, &error);

      g_test_message ("%s: %s", walk[i].act, error ? error->message : "ok");
      if (walk[i].code >= 0)
        {
          refused (reply, error, walk[i].code, NULL);
          if (walk[i].code == LOKET_ERROR_STATE)
            g_assert_nonnull (strstr (error->message, receipt));
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "complaint"), "state"),
                       ==, walk[i].state);
    }
  /* The filing and the seven steps allowed. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM complaint_steps s JOIN complaints c"
                                            " ON c.id = s.complaint WHERE c.receipt = '%s'", receipt);

    g_assert_cmpint (loket_test_server_count (server, sql), ==, 8);
  }
  /* The tracking page: by token, no personal data, public notes only. */
  tracked = loket_test_request (web, "COMPLAINT", "token", token, NULL);
  c = json_object_get_object_member (tracked, "complaint");
  text = loket_json_to_string (tracked);
  g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (c, "clock"), ==, "met");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (c, "answer"), "Uang Rp50.000"));
  g_assert_null (strstr (text, NAME));
  g_assert_null (strstr (text, CONTACT));
  g_assert_null (strstr (text, "biar cepat"));
  g_assert_null (strstr (text, "dimintai keterangan"));   /* an internal note */
  g_assert_false (json_object_has_member (c, "name"));
  g_assert_false (json_object_has_member (c, "description"));
  steps = json_object_get_array_member (c, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 8);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);

      g_assert_false (json_object_has_member (s, "staff"));
      public_notes += !json_object_get_null_member (s, "note");
    }
  g_assert_cmpuint (public_notes, ==, 2);   /* the two answers */
  /* The web may not look a complaint up by its receipt (guessable). */
  {
    g_autoptr(JsonObject) body = loket_test_body ("receipt", receipt, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) reply = loket_client_request (web, "COMPLAINT", body, &error);

    refused (reply, error, LOKET_ERROR_INVALID, "token");
  }
  /* Escalated to the Ombudsman and closed there, unanswered here. */
  {
    g_autoptr(JsonObject) body = loket_test_body ("service", "kk", "category", "cost", "description",
                                                  "Pungli di parkiran", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) anonymous = complain ("super", body, &error);
    g_autoptr(JsonObject) up = NULL, closed_reply = NULL;
    const char *r;

    g_assert_no_error (error);
    r = json_object_get_string_member (anonymous, "receipt");
    g_assert_true (json_object_get_null_member (anonymous, "name"));
    up = step (r, "escalate", "Pelapor membawa ke Ombudsman", &error);
    g_assert_no_error (error);
    closed_reply = step (r, "close", NULL, &error);
    g_assert_no_error (error);
    c = json_object_get_object_member (closed_reply, "complaint");
    g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "closed");
    g_assert_cmpstr (json_object_get_string_member (c, "clock"), ==, "closed");
    g_assert_true (json_object_get_null_member (c, "answer"));
  }
  /* loketctl shows it whole to a supervisor. */
  {
    g_autofree char *shown = loket_test_server_ctl (server, "super", "complaints", "show", receipt, NULL);

    g_assert_nonnull (strstr (shown, NAME));
    g_assert_nonnull (strstr (shown, "dimintai keterangan"));
  }
}

/* ---- the record ---------------------------------------------------------- */

static void
test_events_without_personal_data (void)
{
  g_autoptr(JsonObject) body = loket_test_body ("service", "akta", "category", "facilities", "description",
                                                "Toilet terkunci", "complainant", "S. Rahmawati",
                                                "contact", "  SITI.RAHMA@example.id ", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = complain ("super", body, &error);
  g_autoptr(GPtrArray) events = loket_test_server_events (server);
  g_autofree char *unsalted = g_compute_checksum_for_string (G_CHECKSUM_SHA256, CONTACT, -1);
  g_autoptr(GHashTable) persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint complained = 0, changed = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      const LoketEventRow *e = g_ptr_array_index (events, i);
      g_autoptr(JsonObject) payload = NULL;

      if (!g_str_has_prefix (e->type, "COMPLAIN"))
        continue;
      complained += g_str_equal (e->type, "COMPLAINED");
      changed += g_str_equal (e->type, "COMPLAINT_MOVED");
      for (const char * const *word = (const char * const[]) { NAME, "Rahmawati", CONTACT, "SITI.RAHMA", "biar cepat",
                                                               "Toilet", "Lama sekali", "dikembalikan",
                                                               "dimintai", unsalted, NULL }; *word; word++)
        if (strstr (e->payload, *word) != NULL)
          g_error ("event %" G_GINT64_FORMAT " %s carries “%s”: %s", e->seq, e->type, *word, e->payload);
      payload = loket_json_from_string (e->payload, -1, NULL);
      if (g_str_equal (e->type, "COMPLAINED") && !json_object_get_null_member (payload, "person"))
        g_hash_table_add (persons, g_strdup (json_object_get_string_member (payload, "person")));
      g_assert_false (json_object_has_member (payload, "ticket"));
    }
  g_assert_cmpuint (complained, >=, 3);
  g_assert_cmpuint (changed, >=, 7);
  /* The same contact, however typed, is the same person: Siti's
   * complaints all hash alike (the web's anonymous ones have none). */
  g_assert_cmpuint (g_hash_table_size (persons), ==, 1);
}

/* A whole CSV text (RFC 4180: quoted fields may hold commas, quotes and
 * line breaks) as rows of cells. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        g_string_append_c (cell, *p++);
      else if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ',')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
        }
      else if (!quoted && *p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p++;
        }
      else
        g_string_append_c (cell, *p);
    }
  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  return rows;
}

static void
test_export_matches_database (void)
{
  g_autoptr(GDate) today = today_in_jakarta ();
  g_autofree char *day = date_text (today);
  g_autofree char *csv = loket_test_server_ctl (server, "super", "complaints", "export", "--from", day, "--to", day,
                                                NULL);
  g_autoptr(GPtrArray) rows = parse_csv (csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open_readonly (server->db_path, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *header;
  guint r = 1;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (loket_store_get_db (store),
    "SELECT c.receipt, c.channel, c.service, c.category, c.description, p.name, p.contact, c.deadline, c.state,"
    " c.answer, c.ticket FROM complaints c LEFT JOIN complainants p ON p.complaint = c.id"
    " WHERE c.service_day = ?1 ORDER BY c.id", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "receipt");
  g_assert_cmpstr (g_ptr_array_index (header, 12), ==, "complainant");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GPtrArray *row;
      /* The CSV's columns for the query's, in the query's order. */
      static const guint columns[] = { 0, 3, 6, 7, 11, 12, 13, 15, 16, 19, 8 };

      g_assert_cmpuint (r, <, rows->len);
      row = g_ptr_array_index (rows, r++);
      g_assert_cmpuint (row->len, ==, header->len);
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        {
          const char *db = (const char *) sqlite3_column_text (stmt, (int) i);

          g_assert_cmpstr (g_ptr_array_index (row, columns[i]), ==, db ? db : "");
        }
    }
  g_assert_cmpuint (r, ==, rows->len);
  g_assert_cmpuint (rows->len, >=, 6);
  g_assert_nonnull (strstr (csv, "\"Diminta uang tambahan Rp50.000 di loket 2, \"\"biar cepat\"\", tanpa kuitansi\""));
}

/* The public figures, from the web gateway, against the database: per
 * category received and answered; all were answered today, so within
 * the deadline and in a median of 0 working days. */
static void
test_public_figures (void)
{
  g_autoptr(GDate) today = today_in_jakarta ();
  g_autofree char *day = date_text (today);
  g_autoptr(LoketClient) web = loket_test_server_client (server, "web1");
  g_autoptr(JsonObject) reply = loket_test_request (web, "COMPLAINT_STATS", "from", day, "to", day, NULL);
  JsonArray *categories = json_object_get_array_member (reply, "categories");
  JsonObject *total = json_object_get_object_member (reply, "total");
  g_autofree char *text = loket_json_to_string (reply);

  g_assert_cmpuint (json_array_get_length (categories), ==, 8);
  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonObject *c = json_array_get_object_element (categories, i);
      const char *category = json_object_get_string_member (c, "category");
      g_autofree char *received = g_strdup_printf ("SELECT COUNT (*) FROM complaints WHERE category = '%s'"
                                                   " AND service_day = '%s'", category, day);
      g_autofree char *answered = g_strdup_printf ("%s AND answered_at IS NOT NULL", received);

      g_assert_cmpint (json_object_get_int_member (c, "received"), ==, loket_test_server_count (server, received));
      g_assert_cmpint (json_object_get_int_member (c, "answered"), ==, loket_test_server_count (server, answered));
      g_assert_cmpint (json_object_get_int_member (c, "within_deadline"), ==,
                       json_object_get_int_member (c, "answered"));
      if (json_object_get_int_member (c, "answered") == 0)
        g_assert_true (json_object_get_null_member (c, "median_working_days"));
      else
        g_assert_cmpfloat (json_object_get_double_member (c, "median_working_days"), ==, 0.0);
    }
  g_assert_cmpint (json_object_get_int_member (total, "received"), ==,
                   loket_test_server_count (server, "SELECT COUNT (*) FROM complaints"));
  g_assert_cmpint (json_object_get_int_member (total, "answered"), >=, 1);
  g_assert_null (strstr (text, "PGD-"));
  g_assert_null (strstr (text, NAME));
}

/* ---- the purge ----------------------------------------------------------- */

static void
close_day (LoketTestServer *s, gint64 expected_purged)
{
  g_autoptr(LoketClient) super = loket_test_server_client (s, "super");
  g_autoptr(JsonObject) reply = loket_test_request (super, "CLOSE_DAY", NULL);

  g_assert_cmpint (json_object_get_int_member (reply, "complainants_purged"), ==, expected_purged);
}

static void
test_purge_after_days (void)
{
  g_autoptr(LoketTestServer) past = NULL;
  LoketTestServer *saved = server;
  g_autofree char *receipt = NULL;
  g_autofree char *export = NULL;
  g_autofree char *day = NULL;

  if (!g_file_test (FAKETIME_LIB, G_FILE_TEST_EXISTS))
    {
      loket_test_missing ("libfaketime is not installed (package faketime)");
      return;
    }
  past = loket_test_server_new (NULL);
  use_complaints_charter (past, 2);
  /* Three days back: the complaint is filed, answered and closed then. */
  past->env = g_strsplit ("LD_PRELOAD=" FAKETIME_LIB "|FAKETIME_NO_CACHE=1", "|", -1);
  loket_test_server_setenv (past, "FAKETIME", "-3d");
  loket_test_server_allow_preload (past);
  loket_test_server_start (past);
  server = past;
  {
    g_autoptr(JsonObject) body = loket_test_body ("service", "ktp", "category", "procedure", "description", "x",
                                                  "complainant", NAME, "contact", CONTACT, NULL);
    g_autoptr(JsonObject) open_body = loket_test_body ("service", "ktp", "category", "procedure",
                                                       "description", "y", "complainant", "Budi", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) filed = complain ("super", body, &error);
    g_autoptr(JsonObject) still_open = complain ("super", open_body, &error);

    g_assert_no_error (error);
    receipt = g_strdup (json_object_get_string_member (filed, "receipt"));
    json_object_unref (step (receipt, "answer", "Prosedur sudah diperbaiki", &error));
    json_object_unref (step (receipt, "close", NULL, &error));
    g_assert_no_error (error);
    day = g_strdup (json_object_get_string_member (filed, "day"));
  }
  /* The same day's closing keeps it: two days have not passed. */
  close_day (past, 0);
  g_assert_cmpint (loket_test_server_count (past, "SELECT COUNT (*) FROM complainants"), ==, 2);
  loket_test_server_stop (past);

  /* Today: the first closing purges the closed one's, not the open one's. */
  g_clear_pointer (&past->env, g_strfreev);
  loket_test_server_start (past);
  close_day (past, 1);
  g_assert_cmpint (loket_test_server_count (past, "SELECT COUNT (*) FROM complainants"), ==, 1);
  g_assert_cmpint (loket_test_server_count (past, "SELECT COUNT (*) FROM complainants WHERE name = 'Budi'"), ==, 1);
  g_assert_cmpint (loket_test_server_count (past, "SELECT COUNT (*) FROM complaints"), ==, 2);
  export = loket_test_server_ctl (past, "super", "complaints", "export", "--from", day, "--to", day, NULL);
  g_assert_null (strstr (export, NAME));
  g_assert_nonnull (strstr (export, ",purged,"));
  g_assert_nonnull (strstr (export, "Budi"));
  loket_test_server_stop (past);
  /* verify rebuilds the complaints from their events: an edited text,
   * state or receipt's paper (none printed here: filed by staff) is named. */
  for (guint i = 0; i < 3; i++)
    {
      static const char * const edits[] = {
        "UPDATE complaints SET description = 'tidak ada masalah' WHERE id = 1",
        "UPDATE complaints SET description = 'x' WHERE id = 1; UPDATE complaints SET state = 'closed' WHERE id = 2",
        "UPDATE complaints SET state = 'received' WHERE id = 2; UPDATE complaints SET receipt_print = 'printed'"
        " WHERE id = 2",
      };
      static const char * const named[] = { "description is not the one received", "complaints", "receipt_print" };
      sqlite3 *db = NULL;
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (sqlite3_open (past->db_path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, edits[i], NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
      g_assert_cmpint (loket_test_ctl_argv ((const char *[]) { "verify", "--db", past->db_path, NULL }, &out, &err),
                       !=, 0);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, named[i]));
    }
  past->skip_verify = TRUE;
  server = saved;
}

/* ---- the clocks ---------------------------------------------------------- */

static JsonObject *
complaint_by_receipt (LoketTestServer *s, const char *receipt)
{
  g_autoptr(LoketClient) super = loket_test_server_client (s, "super");

  return loket_test_request (super, "COMPLAINT", "receipt", receipt, NULL);
}

static void
assert_clock (LoketTestServer *s, const char *receipt, const char *clock, gint64 left)
{
  g_autoptr(JsonObject) reply = complaint_by_receipt (s, receipt);
  JsonObject *c = json_object_get_object_member (reply, "complaint");

  g_test_message ("%s: %s, deadline %s, %s", receipt, json_object_get_string_member (c, "state"),
                  json_object_get_string_member (c, "deadline"), json_object_get_string_member (c, "clock"));
  g_assert_cmpstr (json_object_get_string_member (c, "clock"), ==, clock);
  g_assert_cmpint (json_object_get_int_member (c, "working_days_left"), ==, left);
}

/* The clocks as loketd computes them today, for complaints filed thirty
 * days back (libfaketime: their deadlines of two working days long past)
 * and today: open past the deadline is overdue, escalated too; answered
 * then is met, answered now late; one working day left is due (product,
 * one day; the next two working days are Closed=), two is running
 * (behaviour).  loket_complaint_clock's edges are test-life-cycle's. */
static void
test_clocks (void)
{
  g_autoptr(LoketTestServer) s = NULL;
  LoketTestServer *saved = server;
  g_autofree char *met = NULL, *open = NULL, *escalated = NULL;

  if (!g_file_test (FAKETIME_LIB, G_FILE_TEST_EXISTS))
    {
      loket_test_missing ("libfaketime is not installed (package faketime)");
      return;
    }
  s = loket_test_server_new (NULL);
  use_complaints_charter (s, 90);
  s->env = g_strsplit ("LD_PRELOAD=" FAKETIME_LIB "|FAKETIME_NO_CACHE=1", "|", -1);
  loket_test_server_setenv (s, "FAKETIME", "-30d");
  loket_test_server_allow_preload (s);
  loket_test_server_start (s);
  server = s;
  {
    g_autoptr(JsonObject) body = loket_test_body ("service", "ktp", "category", "behaviour",
                                                  "description", "Petugas membentak", "complainant", "Budi", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) a = complain ("super", body, &error);
    g_autoptr(JsonObject) b = complain ("super", body, &error);
    g_autoptr(JsonObject) c = complain ("super", body, &error);

    g_assert_no_error (error);
    met = g_strdup (json_object_get_string_member (a, "receipt"));
    open = g_strdup (json_object_get_string_member (b, "receipt"));
    escalated = g_strdup (json_object_get_string_member (c, "receipt"));
    json_object_unref (step (met, "answer", "Petugas sudah ditegur", &error));
    json_object_unref (step (escalated, "escalate", "Ke kepala kantor", &error));
    g_assert_no_error (error);
    assert_clock (s, open, "running", 2);
  }
  loket_test_server_stop (s);
  g_clear_pointer (&s->env, g_strfreev);
  loket_test_server_start (s);

  assert_clock (s, met, "met", 0);
  assert_clock (s, open, "overdue", 0);
  assert_clock (s, escalated, "overdue", 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) late = step (open, "answer", "Maaf, terlambat", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (late, "complaint"), "clock"),
                     ==, "late");
    assert_clock (s, open, "late", 0);
  }
  for (guint i = 0; i < 2; i++)
    {
      static const char * const categories[] = { "product", "behaviour" };
      static const char * const clocks[] = { "due", "running" };
      g_autoptr(JsonObject) body = loket_test_body ("service", "ktp", "category", categories[i],
                                                    "description", "x", "complainant", "Budi", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) filed = complain ("super", body, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (filed, "clock"), ==, clocks[i]);
      assert_clock (s, json_object_get_string_member (filed, "receipt"), clocks[i], (gint64) i + 1);
    }
  /* The list the supervisor's view colours says the same. */
  {
    g_autoptr(LoketClient) super = loket_test_server_client (s, "super");
    g_autoptr(JsonObject) list = loket_test_request (super, "COMPLAINTS", NULL);
    JsonArray *complaints = json_object_get_array_member (list, "complaints");
    guint overdue = 0, due = 0;

    for (guint i = 0; i < json_array_get_length (complaints); i++)
      {
        const char *clock = json_object_get_string_member (json_array_get_object_element (complaints, i), "clock");

        overdue += g_str_equal (clock, "overdue");
        due += g_str_equal (clock, "due");
      }
    g_assert_cmpuint (overdue, ==, 1);
    g_assert_cmpuint (due, ==, 1);
  }
  server = saved;
}

/* ---- kill -9 ---------------------------------------------------------- */

typedef struct {
  const char *name;
  GMutex     *lock;
  GHashTable *acked;   /* receipt → token */
  gint       *total;
} Filer;

static gpointer
filer_thread (gpointer data)
{
  Filer *f = data;
  g_autoptr(LoketClient) client = loket_test_server_client (server, f->name);

  loket_client_set_timeout (client, 1500, 500);
  for (;;)
    {
      g_autoptr(JsonObject) body = loket_test_body ("service", "ktp", "category", "time", "description", "Lama",
                                                    "contact", f->name, NULL);
      g_autoptr(JsonObject) reply = loket_client_request (client, "COMPLAIN", body, NULL);

      if (reply == NULL)
        return NULL;
      g_mutex_lock (f->lock);
      g_hash_table_insert (f->acked, g_strdup (json_object_get_string_member (reply, "receipt")),
                           g_strdup (json_object_get_string_member (reply, "token")));
      g_atomic_int_inc (f->total);
      g_mutex_unlock (f->lock);
    }
}

static void
test_kill_during_burst (void)
{
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *names[] = { "kiosk1", "kiosk2", "super", "web1" };
  GMutex lock;

  g_mutex_init (&lock);
  for (guint round = 0; round < 3; round++)
    {
      gint total = 0;
      gint target = g_test_rand_int_range (5, 40);
      Filer filers[G_N_ELEMENTS (names)];
      GThread *threads[G_N_ELEMENTS (names)];
      gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
      GHashTableIter iter;
      gpointer receipt, token;

      if (!server->running)
        loket_test_server_start (server);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          filers[i] = (Filer) { names[i], &lock, acked, &total };
          threads[i] = g_thread_new ("filer", filer_thread, &filers[i]);
        }
      /* Kill it mid-burst, at a random point (polling the counter the
       * threads raise, as tests/stress/test-crash.c does). */
      while (g_atomic_int_get (&total) < target)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (1000);
        }
      loket_test_server_kill (server);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        g_thread_join (threads[i]);
      /* Every receipt given is in the database, with its token. */
      g_hash_table_iter_init (&iter, acked);
      while (g_hash_table_iter_next (&iter, &receipt, &token))
        {
          g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM complaints c JOIN complaint_steps s"
                                                  " ON s.complaint = c.id WHERE c.receipt = '%s'"
                                                  " AND c.token = '%s'", (char *) receipt, (char *) token);

          g_assert_cmpint (loket_test_server_count (server, sql), ==, 1);
        }
      g_test_message ("round %u: %u receipts acknowledged, all stored", round, g_hash_table_size (acked));
    }
  loket_test_server_start (server);
  g_mutex_clear (&lock);
}

int
main (int argc, char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  use_complaints_charter (server, 90);
  g_test_add_func ("/complaints/receipt-and-deadline", test_receipt_and_deadline);
  g_test_add_func ("/complaints/limits-and-tickets", test_limits_and_tickets);
  g_test_add_func ("/complaints/walk-and-tracking", test_walk_and_tracking);
  g_test_add_func ("/complaints/events-without-personal-data", test_events_without_personal_data);
  g_test_add_func ("/complaints/export-matches-database", test_export_matches_database);
  g_test_add_func ("/complaints/public-figures", test_public_figures);
  g_test_add_func ("/complaints/purge-after-days", test_purge_after_days);
  g_test_add_func ("/complaints/clocks", test_clocks);
  g_test_add_func ("/complaints/kill-9-during-burst", test_kill_during_burst);
  result = loket_test_run_with_server (server);
  g_free (closed[0]);
  g_free (closed[1]);
  return result;
}
