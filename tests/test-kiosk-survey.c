/* test-kiosk-survey.c — the kiosk in survey mode (docs/kiosk.md, "Survey
 * mode") as a citizen uses it: a real loket-kiosk --survey under Xvfb, a
 * real loketd, driven through the tablet's GActions over D-Bus.
 *
 * At counter 1: a visit finished at counter 2 does not wake the tablet, a
 * visit finished at counter 1 does, for that ticket; the citizen answers
 * through the buttons' actions (one skipped, one changed after "back"),
 * gives part of the profile and a suggestion, and the survey is stored
 * exactly so, once, with the kiosk channel.  At the exit: a typed number
 * is checked by the server first — a ticket already answered, one that
 * does not exist and one not served yet are each told in the citizen's
 * words, and nothing is stored — a served one is answered; and a survey
 * left half-filled is dropped at the idle timeout with nothing sent.  And
 * the questionnaire's object alone: a survey sent while loketd is stopped
 * is sent again after each timeout until loketd answers, stored once, and
 * the citizen thanked, not told it was already answered.  (loketd drops
 * the stale copies by their deadline, so this cannot tell a retry under
 * the same id from one under a new id; the same id is the code's.)
 * With LOKET_SCREENSHOTS=DIR the screens go to docs/screenshots/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-kiosk-survey.h"
#include "loket-test-app.h"
#include "loket-test-server.h"

#include <signal.h>
#include <string.h>

#define WAIT_MS 30000

typedef struct {
  LoketTestServer *server;
  LoketTestApp    *app;
} Fixture;

typedef struct {
  const char *counter;    /* --counter, or NULL: the exit tablet */
  const char *idle;       /* --idle-timeout, or NULL */
} Setup;

static const Setup at_counter = { "1", NULL };
static const Setup at_exit = { NULL, NULL };
static const Setup at_exit_hasty = { NULL, "3" };

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const Setup *setup = data;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  f->server = loket_test_server_new (NULL);
  loket_test_server_start (f->server);
  if (setup == NULL)
    return;   /* no tablet: the questionnaire's object is driven directly */
  g_ptr_array_add (argv, (char *) g_getenv ("LOKET_KIOSK"));
  g_ptr_array_add (argv, "--server");
  g_ptr_array_add (argv, f->server->listen);
  g_ptr_array_add (argv, "--publish");
  g_ptr_array_add (argv, f->server->publish);
  g_ptr_array_add (argv, "--keys");
  g_ptr_array_add (argv, f->server->keys_dir);
  g_ptr_array_add (argv, "--as");
  g_ptr_array_add (argv, "kiosk2");
  g_ptr_array_add (argv, "--size");
  g_ptr_array_add (argv, "1280x800");
  g_ptr_array_add (argv, "--survey");
  if (setup->counter != NULL)
    {
      g_ptr_array_add (argv, "--counter");
      g_ptr_array_add (argv, (char *) setup->counter);
    }
  if (setup->idle != NULL)
    {
      g_ptr_array_add (argv, "--idle-timeout");
      g_ptr_array_add (argv, (char *) setup->idle);
    }
  g_ptr_array_add (argv, NULL);
  f->app = loket_test_app_start ((const char * const *) argv->pdata, "org.loket.Survey", 1280, 800);
  loket_test_app_wait_state (f->app, "win.online", g_variant_new_boolean (TRUE), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string (setup->counter ? "waiting" : "number"),
                             WAIT_MS);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->app != NULL)
    loket_test_app_stop (f->app);
  loket_test_server_free (f->server);
}

/* Issues a ticket, and with @counter calls, starts and finishes it there. */
static char *
visit (Fixture *f, const char *service, const char *counter)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (f->server, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (f->server, g_strcmp0 (counter, "2") == 0
                                                                      ? "counter2" : "counter1");
  g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", service, NULL);
  const char *number = json_object_get_string_member (json_object_get_object_member (issued, "ticket"), "number");

  if (counter != NULL)
    {
      g_autoptr(JsonObject) called = loket_test_request (clerk, "CALL", "counter", counter, NULL);
      g_autoptr(JsonObject) started = loket_test_request (clerk, "START", "counter", counter, NULL);
      g_autoptr(JsonObject) finished = loket_test_request (clerk, "FINISH", "counter", counter, NULL);
    }
  return g_strdup (number);
}

static gint64
surveys (Fixture *f)
{
  return loket_test_server_count (f->server, "SELECT count (*) FROM surveys");
}

static void
answer (Fixture *f, const char *element, gint value)
{
  loket_test_app_wait_state (f->app, "win.element", g_variant_new_string (element), WAIT_MS);
  if (value > 0)
    loket_test_app_activate (f->app, "win.answer", g_variant_new_int32 (value));
  else
    loket_test_app_activate (f->app, "win.skip", NULL);
}

static void
type_number (Fixture *f, const char *keys)
{
  for (const char *k = keys; *k != '\0'; k++)
    {
      char key[2] = { *k, 0 };

      loket_test_app_activate (f->app, "win.key", g_variant_new_string (key));
    }
  loket_test_app_activate (f->app, "win.check", NULL);
}

/* The screen's page is back at the start, ready for the next citizen. */
static void
go_home (Fixture *f, const char *page)
{
  loket_test_app_activate (f->app, "win.home", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string (page), WAIT_MS);
}

static void
test_at_counter (Fixture *f, gconstpointer data)
{
  g_autofree char *elsewhere = NULL;
  g_autofree char *here = NULL;
  g_autofree char *row = NULL;

  loket_test_app_save_screenshot (f->app, "kiosk-survey-waiting-id.png");
  /* Served at counter 2 first: that is another tablet's citizen. */
  elsewhere = visit (f, "ktp", "2");
  here = visit (f, "kk", "1");
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("question"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.ticket", g_variant_new_string (here), WAIT_MS);
  g_assert_cmpstr (here, ==, "B-001");
  loket_test_app_wait_state (f->app, "win.progress", g_variant_new_int32 (1), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "kiosk-survey-question-id.png");

  answer (f, "requirements", 4);
  answer (f, "procedure", 0);
  answer (f, "time", 1);
  /* Back to "time": the citizen meant better than that. */
  loket_test_app_wait_state (f->app, "win.element", g_variant_new_string ("cost"), WAIT_MS);
  loket_test_app_activate (f->app, "win.back", NULL);
  loket_test_app_wait_state (f->app, "win.progress", g_variant_new_int32 (3), WAIT_MS);
  answer (f, "time", 3);
  answer (f, "cost", 4);
  answer (f, "product", 4);
  answer (f, "competence", 3);
  answer (f, "behaviour", 4);
  answer (f, "complaints", 2);
  answer (f, "facilities", 3);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("profile"), WAIT_MS);
  loket_test_app_activate (f->app, "win.sex", g_variant_new_string ("female"));
  loket_test_app_activate (f->app, "win.age", g_variant_new_string ("30-39"));
  loket_test_app_activate (f->app, "win.suggest", g_variant_new_string ("Antrean rapi, terima kasih"));
  loket_test_app_wait_state (f->app, "win.age", g_variant_new_string ("30-39"), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "kiosk-survey-profile-id.png");
  g_assert_cmpint (surveys (f), ==, 0);
  loket_test_app_activate (f->app, "win.send", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("thanks"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.survey", g_variant_new_string ("sent"), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "kiosk-survey-thanks-id.png");

  /* Stored once, as answered, for the service received, from a kiosk. */
  g_assert_cmpint (surveys (f), ==, 1);
  g_assert_cmpint (loket_test_server_count (f->server,
    "SELECT count (*) FROM surveys s JOIN tickets t ON t.id = s.ticket"
    " WHERE t.series = 'B' AND t.number = 1 AND s.channel = 'kiosk' AND s.service = 'kk'"
    " AND answer_requirements = 4 AND answer_procedure IS NULL AND answer_time = 3 AND answer_cost = 4"
    " AND answer_product = 4 AND answer_competence = 3 AND answer_behaviour = 4"
    " AND answer_complaints = 2 AND answer_facilities = 3 AND sex = 'female' AND age = '30-39'"
    " AND education IS NULL AND occupation IS NULL AND suggestion = 'Antrean rapi, terima kasih'"), ==, 1);

  /* The next citizen at counter 1 gets the tablet even before the thanks
   * has timed out, in the office's language whatever the last one chose. */
  loket_test_app_activate (f->app, "win.switch-language", NULL);
  loket_test_app_wait_state (f->app, "win.language", g_variant_new_string ("en"), WAIT_MS);
  g_free (here);
  here = visit (f, "ktp", "1");
  loket_test_app_wait_state (f->app, "win.ticket", g_variant_new_string (here), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("question"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.element", g_variant_new_string ("requirements"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.language", g_variant_new_string ("id"), WAIT_MS);
  row = loket_test_app_get_string (f->app, "win.sex");
  g_assert_cmpstr (row, ==, "");
}

static void
refused_as (Fixture *f, const char *keys, const char *kind)
{
  type_number (f, keys);
  loket_test_app_wait_state (f->app, "win.refusal", g_variant_new_string (kind), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("refused"), WAIT_MS);
}

static void
test_at_exit (Fixture *f, gconstpointer data)
{
  g_autofree char *served = visit (f, "ktp", "1");
  g_autofree char *waiting = visit (f, "ktp", NULL);
  static const char * const elements[] = {
    "requirements", "procedure", "time", "cost", "product", "competence", "behaviour", "complaints", "facilities",
  };

  g_assert_cmpstr (served, ==, "A-001");
  g_assert_cmpstr (waiting, ==, "A-002");
  loket_test_app_activate (f->app, "win.key", g_variant_new_string ("A"));
  loket_test_app_activate (f->app, "win.key", g_variant_new_string ("1"));
  loket_test_app_wait_state (f->app, "win.number", g_variant_new_string ("A-1"), WAIT_MS);
  loket_test_app_save_screenshot (f->app, "kiosk-survey-number-id.png");
  loket_test_app_activate (f->app, "win.check", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("question"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.ticket", g_variant_new_string ("A-001"), WAIT_MS);
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    answer (f, elements[i], 3);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("profile"), WAIT_MS);
  loket_test_app_activate (f->app, "win.send", NULL);
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("thanks"), WAIT_MS);
  g_assert_cmpint (loket_test_server_count (f->server,
    "SELECT count (*) FROM surveys WHERE channel = 'kiosk' AND answer_facilities = 3"
    " AND sex IS NULL AND suggestion IS NULL"), ==, 1);

  /* The same visit again: thanked, not asked twice. */
  go_home (f, "number");
  refused_as (f, "A1", "answered");
  loket_test_app_save_screenshot (f->app, "kiosk-survey-answered-id.png");
  /* A number nobody has today. */
  go_home (f, "number");
  refused_as (f, "B99", "not-found");
  /* A number still waiting for its turn, told in English. */
  go_home (f, "number");
  loket_test_app_activate (f->app, "win.switch-language", NULL);
  loket_test_app_wait_state (f->app, "win.language", g_variant_new_string ("en"), WAIT_MS);
  refused_as (f, "A2", "not-finished");
  loket_test_app_save_screenshot (f->app, "kiosk-survey-not-served-en.png");
  g_assert_cmpint (surveys (f), ==, 1);
  /* The next citizen starts in the office's language again. */
  go_home (f, "number");
  loket_test_app_wait_state (f->app, "win.language", g_variant_new_string ("id"), WAIT_MS);
}

/* A citizen who walks away half-way: the survey is dropped, unsent. */
static void
test_idle_abandons (Fixture *f, gconstpointer data)
{
  g_autofree char *served = visit (f, "kk", "1");

  type_number (f, "B1");
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("question"), WAIT_MS);
  answer (f, "requirements", 2);
  answer (f, "procedure", 2);
  loket_test_app_wait_state (f->app, "win.element", g_variant_new_string ("time"), WAIT_MS);
  /* No touch for the idle timeout (3 s). */
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("number"), WAIT_MS);
  loket_test_app_wait_state (f->app, "win.survey", g_variant_new_string ("idle"), WAIT_MS);
  g_assert_cmpint (surveys (f), ==, 0);
  /* Not answered, so the citizen may still come back to it. */
  type_number (f, "B1");
  loket_test_app_wait_state (f->app, "win.page", g_variant_new_string ("question"), WAIT_MS);
}

static gboolean
survey_in (gpointer data)
{
  return loket_kiosk_survey_get_state (data) != LOKET_KIOSK_SURVEY_SENDING;
}

static gboolean
retried (gpointer data)
{
  return loket_kiosk_survey_get_attempts (data) >= 2;
}

static void
test_lost_reply (Fixture *f, gconstpointer data)
{
  g_autofree char *served = visit (f, "ktp", "1");
  g_autoptr(LoketClient) client = loket_test_server_client (f->server, "kiosk2");
  g_autoptr(LoketKioskSurvey) survey = loket_kiosk_survey_new (client);

  /* Each attempt gives up after 300 ms, sending again every 100 ms. */
  loket_client_set_timeout (client, 300, 100);
  loket_kiosk_survey_start (survey, served);
  g_assert_cmpint (loket_kiosk_survey_get_state (survey), ==, LOKET_KIOSK_SURVEY_ANSWERING);
  loket_kiosk_survey_set_answer (survey, 0, 4);
  loket_kiosk_survey_set_answer (survey, 8, 2);
  g_assert_true (loket_kiosk_survey_set_profile (survey, LOKET_SKM_OCCUPATION, "student"));
  g_assert_false (loket_kiosk_survey_set_profile (survey, LOKET_SKM_OCCUPATION, "name"));
  loket_test_server_signal (f->server, SIGSTOP);
  g_assert_true (loket_kiosk_survey_send (survey));
  g_assert_false (loket_kiosk_survey_send (survey));   /* a double tap is one survey */
  g_assert_true (loket_test_wait_until (retried, survey, WAIT_MS));
  loket_test_server_signal (f->server, SIGCONT);
  g_test_expect_message ("loket-kiosk", G_LOG_LEVEL_MESSAGE, "survey * stored for ticket *");
  g_assert_true (loket_test_wait_until (survey_in, survey, WAIT_MS));
  g_test_assert_expected_messages ();
  g_assert_cmpint (loket_kiosk_survey_get_state (survey), ==, LOKET_KIOSK_SURVEY_SENT);
  g_assert_cmpint (loket_test_server_count (f->server,
    "SELECT count (*) FROM surveys WHERE answer_requirements = 4 AND answer_facilities = 2"
    " AND answer_time IS NULL AND occupation = 'student'"), ==, 1);
  g_assert_cmpint (surveys (f), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/kiosk-survey/at-counter", Fixture, &at_counter, fixture_set_up, test_at_counter, fixture_tear_down);
  g_test_add ("/kiosk-survey/at-exit", Fixture, &at_exit, fixture_set_up, test_at_exit, fixture_tear_down);
  g_test_add ("/kiosk-survey/idle-abandons", Fixture, &at_exit_hasty, fixture_set_up, test_idle_abandons,
              fixture_tear_down);
  g_test_add ("/kiosk-survey/lost-reply", Fixture, NULL, fixture_set_up, test_lost_reply, fixture_tear_down);
  return g_test_run ();
}
