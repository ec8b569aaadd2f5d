/* test-survey.c — the satisfaction survey (docs/skm.md) against a real
 * loketd and loketctl: one survey per finished ticket (a repeat is
 * `answered`, from the kiosk or on paper), a ticket not finished refused,
 * paper without a ticket only for a service and a recent day, bad
 * answers refused (0, 5, an unknown element, none), a long suggestion, a
 * profile asking a name or off its list refused, the SURVEYED
 * event without the citizen's profile, words or ticket, a paper import
 * with a bad row refused naming file, line and column with nothing
 * stored (also when loketd refuses a row), and the docs' worked example
 * entered on paper whose report — index 80.42, grade B — is recomputed
 * here by hand from the CSV's sums and counts, and again from SKM's
 * answer counts as the web gateway asks for them.  When the server is freed
 * the record is verified (loket_test_server_free), surveys included.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-skm.h"
#include "loket-test-server.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static LoketTestServer *server;

/* A citizen served from start to finish at counter 1; returns the ticket. */
static JsonObject *
serve (const char *service)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) counter = loket_test_server_client (server, "counter1");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", service, NULL);
  g_autoptr(JsonObject) called = loket_test_request (counter, "CALL", "counter", "1", NULL);
  g_autoptr(JsonObject) started = loket_test_request (counter, "START", "counter", "1", NULL);
  g_autoptr(JsonObject) finished = loket_test_request (counter, "FINISH", "counter", "1", NULL);

  return json_object_ref (json_object_get_object_member (finished, "ticket"));
}

static JsonObject *
answers_of (const char *first, ...)
{
  JsonObject *answers = json_object_new ();
  va_list args;

  va_start (args, first);
  for (const char *id = first; id != NULL; id = va_arg (args, const char *))
    json_object_set_int_member (answers, id, va_arg (args, int));
  va_end (args);
  return answers;
}

/* SURVEY as @who with @answers (taken) for @ticket's number (or none). */
static JsonObject *
survey (const char *who, JsonObject *ticket, JsonObject *answers, GError **error)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, who);
  g_autoptr(JsonObject) body = json_object_new ();

  if (ticket != NULL)
    json_object_set_string_member (body, "ticket", json_object_get_string_member (ticket, "number"));
  json_object_set_object_member (body, "answers", answers);
  return loket_client_request (client, "SURVEY", body, error);
}

static void
refused (JsonObject *reply, GError *error, gint code)
{
  g_assert_null (reply);
  g_assert_error (error, LOKET_ERROR, code);
}

static void
test_once_per_ticket (void)
{
  g_autoptr(JsonObject) ticket = serve ("ktp");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;
  g_autoptr(JsonObject) first = survey ("kiosk1", ticket, answers_of ("requirements", 4, "time", 3, NULL), &error);
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) paper = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (first, "survey"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "channel"), ==, "kiosk");
  g_assert_cmpstr (json_object_get_string_member (first, "service"), ==, "ktp");
  second = survey ("kiosk1", ticket, answers_of ("requirements", 1, NULL), &again);
  refused (second, again, LOKET_ERROR_ANSWERED);
  g_assert_nonnull (strstr (again->message, "already answered"));
  g_clear_error (&again);
  /* Staff entering a paper form for the same visit: the same answer. */
  paper = survey ("super", ticket, answers_of ("cost", 4, NULL), &again);
  refused (paper, again, LOKET_ERROR_ANSWERED);
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys"), >=, 1);
}

static void
test_not_finished (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", "kk", NULL);
  JsonObject *ticket = json_object_get_object_member (issued, "ticket");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) no_ticket = NULL;
  g_autoptr(JsonObject) reply = survey ("kiosk1", ticket, answers_of ("time", 2, NULL), &error);
  g_autoptr(JsonObject) without = survey ("kiosk1", NULL, answers_of ("time", 2, NULL), &no_ticket);
  g_autoptr(LoketClient) web = loket_test_server_client (server, "web1");
  g_autoptr(GError) denied = NULL;
  g_autoptr(JsonObject) body = loket_test_body ("ticket", "A-001", NULL);
  g_autoptr(JsonObject) from_web = NULL;

  refused (reply, error, LOKET_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "finished"));
  refused (without, no_ticket, LOKET_ERROR_INVALID);
  /* The web gateway never names a ticket by its (guessable) number. */
  json_object_set_object_member (body, "answers", answers_of ("time", 2, NULL));
  from_web = loket_client_request (web, "SURVEY", body, &denied);
  refused (from_web, denied, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (denied->message, "\"token\" only"));
  /* Paper without a ticket: a service and a day of the last 30 days. */
  for (guint i = 0; i < 3; i++)
    {
      static const char * const days[] = { NULL, "2000-01-01", "2999-01-01" };
      g_autoptr(LoketClient) super = loket_test_server_client (server, "super");
      g_autoptr(JsonObject) form = loket_test_body ("service", "kk", NULL);
      g_autoptr(GError) wrong = NULL;
      g_autoptr(JsonObject) stored = NULL;

      if (days[i] != NULL)
        json_object_set_string_member (form, "day", days[i]);
      json_object_set_object_member (form, "answers", answers_of ("time", 2, NULL));
      stored = loket_client_request (super, "SURVEY", form, &wrong);
      refused (stored, wrong, LOKET_ERROR_INVALID);
      g_assert_nonnull (strstr (wrong->message, days[i] ? "last 30 days" : "\"day\""));
    }
}

/* SURVEY from the web gateway, by @token, with @answers (taken). */
static JsonObject *
survey_by_token (const char *who, const char *token, JsonObject *answers, GError **error)
{
  g_autoptr(LoketClient) client = loket_test_server_client (server, who);
  g_autoptr(JsonObject) body = loket_test_body ("token", token, NULL);

  json_object_set_object_member (body, "answers", answers);
  return loket_client_request (client, "SURVEY", body, error);
}

/* The citizen's phone, through the web gateway: by the ticket's token
 * alone, for a ticket finished today, once; the ticket's status then
 * says it was answered.  A token of a ticket still waiting is `state`,
 * an unknown one `not-found`, and only the gateway sends a token. */
static void
test_by_token (void)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(LoketClient) web = loket_test_server_client (server, "web1");
  g_autoptr(LoketClient) counter = loket_test_server_client (server, "counter1");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL);
  const char *token = json_object_get_string_member (issued, "token");
  g_autoptr(JsonObject) waiting = loket_test_request (web, "TICKET_STATUS", "token", token, NULL);
  g_autoptr(GError) early = NULL, unknown = NULL, kiosk_token = NULL, again = NULL, error = NULL;
  g_autoptr(JsonObject) too_early = survey_by_token ("web1", token, answers_of ("time", 3, NULL), &early);
  g_autoptr(JsonObject) nobody = survey_by_token ("web1", "AAAAAAAAAAAAAAAAAAAAAA", answers_of ("time", 3, NULL),
                                                  &unknown);
  g_autoptr(JsonObject) from_kiosk = survey_by_token ("kiosk1", token, answers_of ("time", 3, NULL), &kiosk_token);
  g_autoptr(JsonObject) stored = NULL, second = NULL, done = NULL, answered = NULL;
  gint64 before = loket_test_server_count (server, "SELECT count (*) FROM surveys");

  g_assert_false (json_object_has_member (waiting, "surveyed"));
  refused (too_early, early, LOKET_ERROR_STATE);
  refused (nobody, unknown, LOKET_ERROR_NOT_FOUND);
  refused (from_kiosk, kiosk_token, LOKET_ERROR_INVALID);
  g_clear_pointer (&waiting, json_object_unref);
  waiting = loket_test_request (counter, "CALL", "counter", "1", "ticket",
                                json_object_get_string_member (json_object_get_object_member (issued, "ticket"),
                                                               "number"), "reason", "test", NULL);
  g_clear_pointer (&waiting, json_object_unref);
  waiting = loket_test_request (counter, "START", "counter", "1", NULL);
  g_clear_pointer (&waiting, json_object_unref);
  waiting = loket_test_request (counter, "FINISH", "counter", "1", NULL);
  done = loket_test_request (web, "TICKET_STATUS", "token", token, NULL);
  g_assert_true (json_object_get_boolean_member (done, "surveyed") == FALSE);
  stored = survey_by_token ("web1", token, answers_of ("time", 3, "cost", 4, NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (stored, "channel"), ==, "web");
  g_assert_cmpstr (json_object_get_string_member (stored, "service"), ==, "ktp");
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys"), ==, before + 1);
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys WHERE channel = 'web'"), >=, 1);
  second = survey_by_token ("web1", token, answers_of ("time", 1, NULL), &again);
  refused (second, again, LOKET_ERROR_ANSWERED);
  answered = loket_test_request (web, "TICKET_STATUS", "token", token, NULL);
  g_assert_true (json_object_get_boolean_member (answered, "surveyed"));
}

static void
test_bad_answers (void)
{
  g_autoptr(JsonObject) ticket = serve ("ktp");
  JsonObject *bad[] = {
    answers_of ("requirements", 0, NULL),
    answers_of ("requirements", 5, NULL),
    answers_of ("speed", 3, NULL),
    json_object_new (),
  };
  const char *says[] = { "1 to 4", "1 to 4", "no element “speed”", "at least one" };
  gint64 before = loket_test_server_count (server, "SELECT count (*) FROM surveys");
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) long_error = NULL;
  g_autoptr(JsonObject) long_reply = NULL;
  g_autofree char *long_text = g_strnfill (LOKET_SKM_SUGGESTION_MAX + 1, 'x');

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = survey ("kiosk1", ticket, bad[i], &error);

      refused (reply, error, LOKET_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, says[i]));
    }
  body = loket_test_body ("ticket", json_object_get_string_member (ticket, "number"), "suggestion", long_text, NULL);
  json_object_set_object_member (body, "answers", answers_of ("time", 4, NULL));
  long_reply = loket_client_request (kiosk, "SURVEY", body, &long_error);
  refused (long_reply, long_error, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (long_error->message, "at most 500"));
  /* A profile item not asked (a name), or a choice not on the list. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) form = loket_test_body ("ticket", json_object_get_string_member (ticket, "number"), NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = NULL;

      json_object_set_object_member (form, "answers", answers_of ("time", 4, NULL));
      json_object_set_object_member (form, "profile", i == 0 ? loket_test_body ("name", "Budi", NULL)
                                                             : loket_test_body ("age", "35", NULL));
      reply = loket_client_request (kiosk, "SURVEY", form, &error);
      refused (reply, error, LOKET_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, i == 0 ? "never a name" : "one of under-20"));
    }
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys"), ==, before);
}

/* The event carries the answers, never the profile, the words or the
 * ticket; the store keeps them. */
static void
test_event_without_personal_data (void)
{
  g_autoptr(JsonObject) ticket = serve ("akta");
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) body = loket_test_body ("ticket", json_object_get_string_member (ticket, "number"),
                                                "suggestion", "Antrean rapi, ruang tunggu panas", NULL);
  g_autoptr(JsonObject) profile = loket_test_body ("sex", "female", "age", "30-39", NULL);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonObject) event = NULL;
  JsonObject *answers;
  const LoketEventRow *last = NULL;

  json_object_set_object_member (body, "answers", answers_of ("facilities", 2, "behaviour", 4, NULL));
  json_object_set_object_member (body, "profile", json_object_ref (profile));
  reply = loket_test_request_with_id (kiosk, "SURVEY", body, "survey-personal");
  events = loket_test_server_events (server);
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((LoketEventRow *) g_ptr_array_index (events, i))->type, "SURVEYED"))
      last = g_ptr_array_index (events, i);
  g_assert_nonnull (last);
  g_assert_null (strstr (last->payload, "ruang tunggu"));
  g_assert_null (strstr (last->payload, "female"));
  g_assert_cmpint (last->ticket, ==, 0);
  event = loket_json_from_string (last->payload, -1, NULL);
  g_assert_nonnull (event);
  g_assert_false (json_object_has_member (event, "ticket"));
  g_assert_false (json_object_has_member (event, "profile"));
  g_assert_false (json_object_has_member (event, "suggestion"));
  g_assert_cmpint (json_object_get_int_member (event, "survey"), ==, json_object_get_int_member (reply, "survey"));
  answers = json_object_get_object_member (event, "answers");
  g_assert_cmpint (json_object_get_int_member (answers, "facilities"), ==, 2);
  g_assert_cmpint (json_object_get_size (answers), ==, 2);
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys WHERE sex = 'female'"
                                                    " AND suggestion LIKE '%ruang tunggu%'"), ==, 1);
}

/* Runs loketctl as the supervisor; returns its exit status. */
static int
ctl (char **out, char **err, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list list;

  g_ptr_array_add (args, "--server");
  g_ptr_array_add (args, server->listen);
  g_ptr_array_add (args, "--keys");
  g_ptr_array_add (args, server->keys_dir);
  g_ptr_array_add (args, "--as");
  g_ptr_array_add (args, "super");
  va_start (list, err);
  for (const char *a = va_arg (list, const char *); a != NULL; a = va_arg (list, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (list);
  g_ptr_array_add (args, NULL);
  return loket_test_ctl_argv ((const char * const *) args->pdata, out, err);
}

static char *
write_csv (const char *name, const char *text)
{
  char *path = g_build_filename (server->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

#define CSV_HEADER "ticket,service,day,requirements,procedure,time,cost,product,competence,behaviour," \
                   "complaints,facilities,sex,age,education,occupation,suggestion\n"

static void
test_import_all_or_nothing (void)
{
  g_autoptr(JsonObject) a = serve ("ktp");
  g_autoptr(JsonObject) b = serve ("ktp");
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) waiting = loket_test_request (kiosk, "ISSUE", "service", "kk", NULL);
  const char *day = json_object_get_string_member (a, "service_day");
  g_autofree char *good = g_strdup_printf (
    CSV_HEADER "%" G_GINT64_FORMAT ",,,4,4,3,-,4,3,4,4,3,male,20-29,senior,private,\"Bagus, terima kasih\"\n"
    "%" G_GINT64_FORMAT ",,,3,3,3,3,3,3,3,3,3,,,,,\n"
    ",kk,%s,2,2,2,2,2,2,2,2,2,,,,,\n",
    json_object_get_int_member (a, "id"), json_object_get_int_member (b, "id"), day);
  g_autofree char *bad_cell = g_strdup_printf ("%s,kk,%s,5,2,2,2,2,2,2,2,2,,,,,\n", good, day);
  g_autofree char *bad_ticket = g_strdup_printf ("%s%" G_GINT64_FORMAT ",,,4,4,4,4,4,4,4,4,4,,,,,\n", good,
                                                 json_object_get_int_member (
                                                   json_object_get_object_member (waiting, "ticket"), "id"));
  g_autofree char *path1 = write_csv ("bad-cell.csv", bad_cell);
  g_autofree char *path2 = write_csv ("bad-ticket.csv", bad_ticket);
  g_autofree char *path3 = write_csv ("good.csv", good);
  g_autofree char *where1 = g_strdup_printf ("%s:5: column 4 (requirements)", path1);
  g_autofree char *where2 = g_strdup_printf ("%s:5:", path2);
  gint64 before = loket_test_server_count (server, "SELECT count (*) FROM surveys");
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;

  g_assert_cmpint (ctl (&out1, &err1, "survey", "import", "--csv", path1, NULL), !=, 0);
  g_assert_nonnull (strstr (err1, where1));
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys"), ==, before);
  /* A row only loketd can judge (its ticket is still waiting). */
  g_assert_cmpint (ctl (&out2, &err2, "survey", "import", "--csv", path2, NULL), !=, 0);
  g_assert_nonnull (strstr (err2, where2));
  g_assert_nonnull (strstr (err2, "finished"));
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys"), ==, before);
  g_assert_cmpint (ctl (&out3, &err3, "survey", "import", "--csv", path3, NULL), ==, 0);
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys"), ==, before + 3);
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys WHERE channel = 'paper'"
                                                    " AND suggestion = 'Bagus, terima kasih'"), ==, 1);
}

/* The PDF (Indonesian, the default) read back by pdftotext shows the
 * CSV's office row: the index, the grade and each element's NRR, with the
 * decimal comma. */
static void
check_pdf (const char *pdf_path, char **header, char **office)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  const char *argv[] = { pdftotext, "-enc", "UTF-8", pdf_path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status = 0;

  if (pdftotext == NULL)
    {
      loket_test_missing ("no pdftotext (poppler-utils)");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (text, "80,42"));
  g_assert_nonnull (strstr (text, "B (Baik)"));
  for (guint c = 0; header[c] != NULL; c++)
    if (g_str_has_suffix (header[c], "_nrr"))
      {
        g_autofree char *nrr = g_strdelimit (g_strdup (office[c]), ".", ',');

        g_assert_cmpstr (nrr, !=, "");
        g_assert_nonnull (strstr (text, nrr));
      }
  g_assert_nonnull (strstr (text, "Halaman 1 dari "));
  g_assert_nonnull (strstr (text, " WIB"));
}

/* docs/skm.md's five respondents, entered from paper for yesterday. */
static void
test_worked_example (void)
{
  static const char * const forms[] = {
    "4,4,3,4,3,4,4,3,3", "3,3,3,4,3,3,4,3,3", "3,2,2,4,3,3,3,-,2", "4,3,3,4,4,4,4,3,3", "3,3,2,4,3,3,4,2,3",
  };
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) services = loket_test_request (kiosk, "SERVICES", NULL);
  g_autofree char *day = loket_test_day_before (json_object_get_string_member (services, "service_day"));
  g_autofree char *csv = NULL, *text = NULL, *err = NULL, *err2 = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) office = NULL;
  long double sum_of_nrr = 0;
  guint answered = 0;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *out = NULL, *e = NULL;

      g_assert_cmpint (ctl (&out, &e, "survey", "add", "--service", "akta", "--day", day, "--answers", forms[i],
                            i == 0 ? "--sex" : NULL, "female", NULL), ==, 0);
    }
  g_assert_cmpint (loket_test_ctl_argv ((const char *[]) { "report", "--skm", "--db", server->db_path, "--from", day,
                                                           "--to", day, "--format", "csv", NULL }, &csv, &err), ==, 0);
  lines = g_strsplit (csv, "\r\n", -1);
  header = g_strsplit (lines[0], ",", -1);
  office = g_strsplit (lines[1], ",", -1);
  g_assert_cmpstr (office[0], ==, "office");
  g_assert_cmpstr (office[3], ==, "5");
  /* By hand: each element's NRR from its sum and count, their mean × 25. */
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      g_autofree char *answers_col = g_strdup_printf ("%s_answers", loket_skm_element (e)->id);
      guint c;
      double count, sum;

      for (c = 0; header[c] != NULL && !g_str_equal (header[c], answers_col); c++)
        ;
      g_assert_nonnull (header[c]);
      count = g_ascii_strtod (office[c], NULL);
      sum = g_ascii_strtod (office[c + 1], NULL);
      if (count > 0)
        {
          sum_of_nrr += sum / count;
          answered++;
        }
    }
  g_assert_cmpuint (answered, ==, 9);
  g_assert_cmpfloat (floorl (sum_of_nrr * 2500.0L / answered + 0.5L), ==, 8042);
  g_assert_true (g_strv_contains ((const char * const *) office, "80.42"));
  g_assert_true (g_strv_contains ((const char * const *) office, "B"));
  g_assert_nonnull (strstr (csv, "profile,sex:female,Perempuan,1"));
  g_assert_cmpint (loket_test_ctl_argv ((const char *[]) { "report", "--skm", "--db", server->db_path, "--from", day,
                                                           "--to", day, "--lang", "en", NULL }, &text, &err2), ==, 0);
  g_assert_nonnull (strstr (text, "80.42"));
  g_assert_nonnull (strstr (text, "Grade: B (Good)"));
  g_assert_nonnull (strstr (text, "U3 Time to complete (2.60)"));
  {
    g_autofree char *pdf_path = g_build_filename (server->dir, "skm.pdf", NULL);
    g_autofree char *pdf = NULL, *out = NULL, *err3 = NULL;
    gsize length = 0;

    g_autofree char *machine_zone = g_strdup (g_getenv ("TZ"));

    /* Printed on a machine kept in UTC, the document says the office's
     * time (the test charter's Asia/Jakarta: WIB). */
    g_setenv ("TZ", "UTC", TRUE);
    g_assert_cmpint (loket_test_ctl_argv ((const char *[]) { "report", "--skm", "--db", server->db_path, "--from",
                                                             day, "--to", day, "--format", "pdf", "--output",
                                                             pdf_path, NULL }, &out, &err3), ==, 0);
    if (machine_zone != NULL)
      g_setenv ("TZ", machine_zone, TRUE);
    else
      g_unsetenv ("TZ");
    g_assert_true (g_file_get_contents (pdf_path, &pdf, &length, NULL));
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
    check_pdf (pdf_path, header, office);
  }
}

/* The exit tablet checks a typed number before it asks (docs/kiosk.md):
 * a check may leave the answers out and stores nothing; a survey may not. */
static void
test_check_without_answers (void)
{
  g_autoptr(JsonObject) ticket = serve ("kk");
  g_autoptr(LoketClient) kiosk = loket_test_server_client (server, "kiosk1");
  g_autoptr(JsonObject) check = loket_test_body ("ticket", json_object_get_string_member (ticket, "number"), NULL);
  g_autoptr(JsonObject) checked = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) missing = loket_test_body ("ticket", "B-999", NULL);
  g_autoptr(JsonObject) not_found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) unknown = NULL;
  gint64 before = loket_test_server_count (server, "SELECT count (*) FROM surveys");

  json_object_set_boolean_member (check, "check", TRUE);
  checked = loket_client_request (kiosk, "SURVEY", check, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (checked, "checked"));
  g_assert_cmpint (loket_test_server_count (server, "SELECT count (*) FROM surveys"), ==, before);
  /* The same without "check": a survey needs its answers. */
  json_object_remove_member (check, "check");
  stored = loket_client_request (kiosk, "SURVEY", check, &error);
  refused (stored, error, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "\"answers\""));
  json_object_set_boolean_member (missing, "check", TRUE);
  not_found = loket_client_request (kiosk, "SURVEY", missing, &unknown);
  refused (not_found, unknown, LOKET_ERROR_NOT_FOUND);
}

/* The number of 1s … 4s (@answer) the worked example's forms give
 * element @e. */
static guint
form_count (const char * const *forms, guint n_forms, guint e, guint answer)
{
  guint count = 0;

  for (guint f = 0; f < n_forms; f++)
    count += forms[f][2 * e] == (char) ('0' + answer);
  return count;
}

/* SKM from loketd (as the web gateway sends it) for the worked example's
 * day and service: each element's answers as entered, and the index
 * recomputed here by hand from those counts — 80.42, grade B.  A period
 * longer than REPORT's is refused, and a clerk's key may not ask. */
static void
test_skm_request (void)
{
  static const char * const forms[] = {
    "4,4,3,4,3,4,4,3,3", "3,3,3,4,3,3,4,3,3", "3,2,2,4,3,3,3,-,2", "4,3,3,4,4,4,4,3,3", "3,3,2,4,3,3,4,2,3",
  };
  g_autoptr(LoketClient) gateway = loket_test_server_client (server, "web1");
  g_autoptr(LoketClient) counter = loket_test_server_client (server, "counter1");
  g_autoptr(JsonObject) services = loket_test_request (gateway, "SERVICES", NULL);
  g_autofree char *day = loket_test_day_before (json_object_get_string_member (services, "service_day"));
  g_autoptr(JsonObject) reply = loket_test_request (gateway, "SKM", "from", day, "to", day, "service", "akta", NULL);
  JsonObject *skm = json_object_get_object_member (reply, "skm");
  JsonArray *groups = json_object_get_array_member (skm, "services");
  JsonObject *akta, *reply2;
  JsonArray *elements;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GError) error = NULL;
  long double sum_of_nrr = 0;

  g_assert_cmpuint (json_array_get_length (groups), ==, 1);
  akta = json_array_get_object_element (groups, 0);
  g_assert_cmpstr (json_object_get_string_member (akta, "id"), ==, "akta");
  g_assert_cmpint (json_object_get_int_member (akta, "respondents"), ==, 5);
  elements = json_object_get_array_member (akta, "elements");
  g_assert_cmpuint (json_array_get_length (elements), ==, LOKET_SKM_ELEMENTS);
  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      JsonObject *element = json_array_get_object_element (elements, e);
      JsonArray *answers = json_object_get_array_member (element, "answers");
      guint64 sum = 0, count = 0;

      g_assert_cmpstr (json_object_get_string_member (element, "id"), ==, loket_skm_element (e)->id);
      for (guint a = 1; a <= LOKET_SKM_ANSWERS; a++)
        {
          guint64 n = json_array_get_int_element (answers, a - 1);

          g_assert_cmpuint (n, ==, form_count (forms, G_N_ELEMENTS (forms), e, a));
          sum += n * a;
          count += n;
        }
      sum_of_nrr += (long double) sum / count;
    }
  /* By hand: the NRRs' mean × 25, rounded half up to two decimals. */
  g_assert_cmpfloat (floorl (sum_of_nrr * 2500.0L / LOKET_SKM_ELEMENTS + 0.5L), ==, 8042);
  g_assert_cmpstr (json_object_get_string_member (akta, "index"), ==, "80.42");
  g_assert_cmpstr (json_object_get_string_member (akta, "grade"), ==, "B");
  g_assert_cmpstr (json_object_get_string_member (akta, "performance"), ==, "Baik");
  g_assert_cmpstr (json_object_get_string_member (akta, "lowest"), ==, "time");
  /* Paper without tickets: nobody served that day, no sample asked. */
  g_assert_true (json_object_get_boolean_member (akta, "sample_reached"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (skm, "office"), "respondents"), >=, 5);

  json_object_set_string_member (body, "from", "2025-01-01");
  json_object_set_string_member (body, "to", "2026-01-02");
  reply2 = loket_client_request (gateway, "SKM", body, &error);
  refused (reply2, error, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "366"));
  g_clear_error (&error);
  reply2 = loket_client_request (counter, "SKM", body, &error);
  refused (reply2, error, LOKET_ERROR_DENIED);
  g_clear_error (&error);
  /* A service nobody knows is named back, not answered with nothing. */
  json_object_set_string_member (body, "from", day);
  json_object_set_string_member (body, "to", day);
  json_object_set_string_member (body, "service", "nope");
  reply2 = loket_client_request (gateway, "SKM", body, &error);
  refused (reply2, error, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nope"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server = loket_test_server_new (NULL);
  g_test_add_func ("/survey/once-per-ticket", test_once_per_ticket);
  g_test_add_func ("/survey/not-finished", test_not_finished);
  g_test_add_func ("/survey/by-token", test_by_token);
  g_test_add_func ("/survey/bad-answers", test_bad_answers);
  g_test_add_func ("/survey/check-without-answers", test_check_without_answers);
  g_test_add_func ("/survey/event-without-personal-data", test_event_without_personal_data);
  g_test_add_func ("/survey/import-all-or-nothing", test_import_all_or_nothing);
  g_test_add_func ("/survey/worked-example", test_worked_example);
  g_test_add_func ("/survey/skm-request", test_skm_request);
  return loket_test_run_with_server (server);
}
