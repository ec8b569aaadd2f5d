/* test-announcer.c — the board's voice, heard through sox: the chime and
 * the speech land in a valid WAV file, announcements never overlap and
 * keep their order, the bound drops the stale ones first, GStreamer plays
 * exactly what was synthesised, and a board without a sound device keeps
 * going and says so once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-announcer.h"
#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT_MS (120 * 1000)

/* What the announcer did, in order: "started 5", "finished 5", "dropped 6". */
typedef struct {
  GPtrArray *events;
  guint      finished;
} Record;

static GMutex log_lock;
static GPtrArray *log_messages;

/* Keeps the announcer's messages for the assertions, and prints them. */
static GLogWriterOutput
record_log (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if (g_strcmp0 (domain, "loket-announcer") == 0 && message != NULL)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&log_lock);

      g_ptr_array_add (log_messages, g_strdup (message));
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static guint
count_messages (const char *prefix)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&log_lock);
  guint count = 0;

  for (guint i = 0; i < log_messages->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (log_messages, i), prefix))
      count++;
  return count;
}

static void
on_started (LoketAnnouncer *announcer, gint64 seq, const char *text, Record *record)
{
  g_ptr_array_add (record->events, g_strdup_printf ("started %" G_GINT64_FORMAT, seq));
  g_assert_true (loket_announcer_get_busy (announcer));
}

static void
on_finished (LoketAnnouncer *announcer, gint64 seq, Record *record)
{
  g_ptr_array_add (record->events, g_strdup_printf ("finished %" G_GINT64_FORMAT, seq));
  record->finished++;
}

static void
on_dropped (LoketAnnouncer *announcer, gint64 seq, Record *record)
{
  g_ptr_array_add (record->events, g_strdup_printf ("dropped %" G_GINT64_FORMAT, seq));
}

static void
record_init (Record *record, LoketAnnouncer *announcer)
{
  record->events = g_ptr_array_new_with_free_func (g_free);
  record->finished = 0;
  g_signal_connect (announcer, "started", G_CALLBACK (on_started), record);
  g_signal_connect (announcer, "finished", G_CALLBACK (on_finished), record);
  g_signal_connect (announcer, "dropped", G_CALLBACK (on_dropped), record);
}

static void
wait_finished (Record *record, guint count)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (record->finished < count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static char *
events_string (Record *record)
{
  g_ptr_array_add (record->events, NULL);
  g_autofree char *joined = g_strjoinv (", ", (char **) record->events->pdata);
  g_ptr_array_remove_index (record->events, record->events->len - 1);
  return g_steal_pointer (&joined);
}

/* sox's "stat" effect on @path (from @start for @length seconds, or the
 * whole file when @length is 0): its report as name → value. */
static GHashTable *
sox_stat (const char *path, double start, double length)
{
  g_autofree char *start_arg = g_strdup_printf ("%.3f", start);
  g_autofree char *length_arg = g_strdup_printf ("%.3f", length);
  const char *argv[] = { "sox", path, "-n", "trim", start_arg, length_arg, "stat", NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *stat = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int status;

  if (length == 0)
    {
      argv[3] = "stat";
      argv[4] = NULL;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      g_hash_table_insert (stat, g_strdup (g_strstrip (lines[i])), g_strdup (g_strstrip (colon + 1)));
    }
  return stat;
}

static double
stat_value (GHashTable *stat, const char *name)
{
  const char *value = g_hash_table_lookup (stat, name);

  g_assert_nonnull (value);
  return g_ascii_strtod (value, NULL);
}

/* What sox says of the file as a whole: samples and rate. */
static guint64
soxi_samples (const char *path, int *rate)
{
  const char *argv[] = { "soxi", NULL, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  argv[1] = "-r";
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  *rate = atoi (out);
  g_clear_pointer (&out, g_free);
  argv[1] = "-s";
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_ascii_strtoull (out, NULL, 10);
}

static GPtrArray *
read_segments (const char *wav)
{
  g_autofree char *path = g_strconcat (wav, ".segments", NULL);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return loket_test_read_json_lines (path);
}

static char *temp_dir;

static char *
temp_path (const char *name)
{
  return g_build_filename (temp_dir, name, NULL);
}

/* One call, written to a file: a chime around 880 Hz, then speech, a
 * valid WAV whose length is what the segments log says, played in real
 * time even though no device plays it. */
static void
test_file (void)
{
  g_autofree char *wav = temp_path ("one.wav");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketAnnouncer) announcer = loket_announcer_new (wav, FALSE, FALSE, &error);
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GHashTable) chime = NULL;
  g_autoptr(GHashTable) speech = NULL;
  g_autofree char *events = NULL;
  JsonObject *segment;
  gint64 start, end, rate_in_log;
  double seconds;
  Record record;
  int rate;

  g_assert_no_error (error);
  record_init (&record, announcer);
  loket_announcer_enqueue (announcer, 41, LOKET_ANNOUNCEMENT_CALL, "A-007", "3", "Loket 3");
  g_assert_true (loket_announcer_get_busy (announcer));
  g_assert_cmpuint (loket_announcer_get_queue_length (announcer), ==, 0);
  wait_finished (&record, 1);
  g_assert_false (loket_announcer_get_busy (announcer));
  events = events_string (&record);
  g_assert_cmpstr (events, ==, "started 41, finished 41");

  segments = read_segments (wav);
  g_assert_cmpuint (segments->len, ==, 1);
  segment = g_ptr_array_index (segments, 0);
  g_assert_cmpint (json_object_get_int_member (segment, "seq"), ==, 41);
  g_assert_cmpstr (json_object_get_string_member (segment, "kind"), ==, "call");
  g_assert_cmpstr (json_object_get_string_member (segment, "text"), ==,
                   "Nomor antrian A nol nol tujuh, silakan ke loket tiga.");
  start = json_object_get_int_member (segment, "start_sample");
  end = json_object_get_int_member (segment, "end_sample");
  rate_in_log = json_object_get_int_member (segment, "rate");
  g_assert_cmpint (start, ==, 0);

  /* The file is what the log says it is. */
  g_assert_cmpuint (soxi_samples (wav, &rate), ==, (guint64) end);
  g_assert_cmpint (rate, ==, rate_in_log);
  seconds = (double) end / rate;
  /* A chime (1.4 s) and a sentence of eight words: not a click, not a
   * minute of silence. */
  g_assert_cmpfloat (seconds, >, 3.0);
  g_assert_cmpfloat (seconds, <, 15.0);
  /* Played in real time: finishing took as long as the sound lasts. */
  g_assert_cmpint (json_object_get_int_member (segment, "finished_at") -
                   json_object_get_int_member (segment, "started_at"),
                   >=, (gint64) (seconds * 0.95 * G_USEC_PER_SEC));

  chime = sox_stat (wav, 0.05, 0.4);
  g_assert_cmpfloat (stat_value (chime, "Rough   frequency"), >, 800);
  g_assert_cmpfloat (stat_value (chime, "Rough   frequency"), <, 1000);
  g_assert_cmpfloat (stat_value (chime, "RMS     amplitude"), >, 0.05);
  /* The speech after the chime and the pause is loud enough to hear. */
  speech = sox_stat (wav, 1.9, seconds - 1.9);
  g_assert_cmpfloat (stat_value (speech, "RMS     amplitude"), >, 0.02);
  g_assert_cmpfloat (stat_value (speech, "Maximum amplitude"), <=, 1.0);

  g_ptr_array_unref (record.events);
  g_unlink (wav);
}

/* Calls faster than speech: played in order, one after another; with
 * English the sentence is said twice and the file grows by both. */
static void
test_order (void)
{
  g_autofree char *wav = temp_path ("order.wav");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketAnnouncer) announcer = loket_announcer_new (wav, FALSE, TRUE, &error);
  g_autoptr(GPtrArray) segments = NULL;
  g_autofree char *events = NULL;
  Record record;
  int rate;

  g_assert_no_error (error);
  record_init (&record, announcer);
  loket_announcer_enqueue (announcer, 10, LOKET_ANNOUNCEMENT_CALL, "A-001", "1", NULL);
  loket_announcer_enqueue (announcer, 11, LOKET_ANNOUNCEMENT_CALL, "B-001", "2", NULL);
  loket_announcer_enqueue (announcer, 12, LOKET_ANNOUNCEMENT_RECALL, "A-001", "1", NULL);
  g_assert_cmpuint (loket_announcer_get_queue_length (announcer), ==, 2);
  wait_finished (&record, 3);
  events = events_string (&record);
  g_assert_cmpstr (events, ==, "started 10, finished 10, started 11, finished 11, started 12, finished 12");

  segments = read_segments (wav);
  g_assert_cmpuint (segments->len, ==, 3);
  for (guint i = 0; i < segments->len; i++)
    {
      JsonObject *segment = g_ptr_array_index (segments, i);
      JsonArray *sentences = json_object_get_array_member (segment, "sentences");

      g_assert_cmpuint (json_array_get_length (sentences), ==, 2);
      g_assert_true (g_str_has_prefix (json_array_get_string_element (sentences, 1), i == 2 ? "Calling again" : "Number"));
      if (i > 0)
        {
          JsonObject *previous = g_ptr_array_index (segments, i - 1);

          g_assert_cmpint (json_object_get_int_member (segment, "start_sample"), ==,
                           json_object_get_int_member (previous, "end_sample"));
          g_assert_cmpint (json_object_get_int_member (segment, "started_at"), >=,
                           json_object_get_int_member (previous, "finished_at"));
        }
    }
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (segments, 2), "kind"), ==, "recall");
  g_assert_cmpuint (soxi_samples (wav, &rate), ==,
                    (guint64) json_object_get_int_member (g_ptr_array_index (segments, 2), "end_sample"));

  g_ptr_array_unref (record.events);
  g_unlink (wav);
}

/* The bound: stale calls first, then the oldest non-recall, then the
 * oldest of all. */
static void
test_bound (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketAnnouncer) announcer = loket_announcer_new (NULL, FALSE, FALSE, &error);
  g_autofree char *events = NULL;
  Record record;

  g_assert_no_error (error);
  record_init (&record, announcer);
  loket_announcer_set_max_queue (announcer, 2);
  /* 1 plays; 2 (counter 1) and 3 (counter 2) wait. */
  loket_announcer_enqueue (announcer, 1, LOKET_ANNOUNCEMENT_CALL, "A-001", "1", NULL);
  loket_announcer_enqueue (announcer, 2, LOKET_ANNOUNCEMENT_CALL, "A-002", "1", NULL);
  loket_announcer_enqueue (announcer, 3, LOKET_ANNOUNCEMENT_CALL, "B-001", "2", NULL);
  g_assert_cmpuint (record.events->len, ==, 0);
  /* Counter 1 calls again: its older call is stale. */
  loket_announcer_enqueue (announcer, 4, LOKET_ANNOUNCEMENT_CALL, "A-003", "1", NULL);
  /* A recall at counter 3: nobody has moved on, the oldest plain call goes. */
  loket_announcer_enqueue (announcer, 5, LOKET_ANNOUNCEMENT_RECALL, "C-001", "3", NULL);
  /* Another recall: 4 is the only plain call left. */
  loket_announcer_enqueue (announcer, 6, LOKET_ANNOUNCEMENT_RECALL, "D-001", "4", NULL);
  /* Only recalls wait: the oldest goes. */
  loket_announcer_enqueue (announcer, 7, LOKET_ANNOUNCEMENT_RECALL, "E-001", "5", NULL);
  g_assert_cmpuint (loket_announcer_get_queue_length (announcer), ==, 2);
  events = events_string (&record);
  g_assert_cmpstr (events, ==, "dropped 2, dropped 3, dropped 4, dropped 5");

  /* A smaller bound trims at once; clearing drops the rest, not the one
   * being said. */
  loket_announcer_set_max_queue (announcer, 1);
  g_assert_cmpuint (loket_announcer_get_queue_length (announcer), ==, 1);
  loket_announcer_clear (announcer);
  g_assert_cmpuint (loket_announcer_get_queue_length (announcer), ==, 0);
  g_assert_true (loket_announcer_get_busy (announcer));
  wait_finished (&record, 1);
  g_clear_pointer (&events, g_free);
  events = events_string (&record);
  g_assert_cmpstr (events, ==, "dropped 2, dropped 3, dropped 4, dropped 5, dropped 6, dropped 7, started 1, finished 1");
  g_ptr_array_unref (record.events);
}

/* Through GStreamer to a sink that writes what it is given: exactly the
 * samples that went to the announcer's own file. */
static void
test_gstreamer (void)
{
  g_autofree char *wav = temp_path ("own.wav");
  g_autofree char *played = temp_path ("played.wav");
  g_autofree char *sink = g_strdup_printf ("wavenc ! filesink location=\"%s\"", played);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketAnnouncer) announcer = NULL;
  Record record;
  int rate, played_rate;
  guint64 samples;

  g_setenv ("LOKET_AUDIO_SINK", sink, TRUE);
  announcer = loket_announcer_new (wav, TRUE, FALSE, &error);
  g_unsetenv ("LOKET_AUDIO_SINK");
  g_assert_no_error (error);
  record_init (&record, announcer);
  loket_announcer_enqueue (announcer, 3, LOKET_ANNOUNCEMENT_CALL, "KK-012", "2", NULL);
  wait_finished (&record, 1);

  samples = soxi_samples (wav, &rate);
  g_assert_cmpuint (soxi_samples (played, &played_rate), ==, samples);
  g_assert_cmpint (played_rate, ==, rate);
  g_assert_cmpuint (count_messages ("no sound"), ==, 0);

  g_ptr_array_unref (record.events);
  g_unlink (wav);
  g_unlink (played);
}

/* A sink that cannot open its device: the calls still go through, in
 * real time, and the log says it once. */
static void
test_no_device (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketAnnouncer) announcer = NULL;
  g_autofree char *events = NULL;
  guint before = count_messages ("no sound");
  Record record;

  g_setenv ("LOKET_AUDIO_SINK", "alsasink device=loket-no-such-device", TRUE);
  announcer = loket_announcer_new (NULL, TRUE, FALSE, &error);
  g_unsetenv ("LOKET_AUDIO_SINK");
  g_assert_no_error (error);
  record_init (&record, announcer);
  loket_announcer_enqueue (announcer, 1, LOKET_ANNOUNCEMENT_CALL, "A-001", "1", NULL);
  loket_announcer_enqueue (announcer, 2, LOKET_ANNOUNCEMENT_CALL, "A-002", "1", NULL);
  wait_finished (&record, 2);
  events = events_string (&record);
  g_assert_cmpstr (events, ==, "started 1, finished 1, started 2, finished 2");
  g_assert_cmpuint (count_messages ("no sound") - before, ==, 1);
  g_ptr_array_unref (record.events);
}

static void
test_bad_output (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketAnnouncer) announcer = loket_announcer_new ("/nonexistent/dir/board.wav", FALSE, FALSE, &error);

  g_assert_null (announcer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/dir/board.wav"));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  log_messages = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_log, NULL, NULL);
  loket_i18n_init (NULL);
  temp_dir = g_dir_make_tmp ("test-announcer-XXXXXX", NULL);
  g_assert_nonnull (temp_dir);
  g_test_add_func ("/announcer/file", test_file);
  g_test_add_func ("/announcer/order", test_order);
  g_test_add_func ("/announcer/bound", test_bound);
  g_test_add_func ("/announcer/gstreamer", test_gstreamer);
  g_test_add_func ("/announcer/no-device", test_no_device);
  g_test_add_func ("/announcer/bad-output", test_bad_output);
  status = g_test_run ();
  g_rmdir (temp_dir);
  g_free (temp_dir);
  return status;
}
