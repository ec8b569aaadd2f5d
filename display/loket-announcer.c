/* loket-announcer.c — the board's voice: chime, Indonesian sentence,
 * optionally the English one, one announcement at a time.
 *
 * An announcement moves through three stages.  It waits in a bounded
 * queue; it is synthesised (espeak-ng, on a worker thread, because a
 * sentence takes tens of milliseconds to a second of CPU and the board
 * must keep drawing meanwhile); then it plays, through a GStreamer
 * pipeline made for it, and in real time whatever the pipeline does: the
 * next one starts only when both the pipeline has reached its end and the
 * sound's own duration has passed.  That rule is what keeps two calls from
 * ever overlapping, and it keeps the queue honest on a board without a
 * loudspeaker or with --no-sound, where the citizens still read the calls
 * at the pace they would have heard them.
 *
 * espeak-ng keeps one global synthesiser per process and is not
 * thread-safe, hence the process-wide lock around every call into it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-announcer"

#include "config.h"

#include "loket-announcer.h"

#include <espeak-ng/speak_lib.h>
#include <gio/gio.h>
#include <errno.h>
#include <gst/app/gstappsrc.h>
#include <gst/audio/audio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The sink when LOKET_AUDIO_SINK does not name another (a gst-launch
 * description: "alsasink device=hdmi:0", "pulsesink", …). */
#define DEFAULT_SINK "autoaudiosink"

/* espeak-ng speaks at 175 words a minute by default: fine at a desk, too
 * fast for a hall with an echo and citizens who listen for their number. */
#define SPEECH_RATE 140

/* Silence between the chime and the words, and between the languages. */
#define PAUSE_MS 400

typedef struct {
  gint64                 seq;
  LoketAnnouncementKind  kind;
  char                  *counter_id;
  /* What is said, in order: Indonesian, then English if asked for. */
  GPtrArray             *sentences;
  char                  *text;
} Announcement;

struct _LoketAnnouncer {
  GObject       parent_instance;

  gboolean      play;
  gboolean      english;
  char         *sink_description;
  guint         max_queue;

  GQueue        waiting;      /* Announcement*, oldest first */
  Announcement *current;      /* being synthesised or played, or NULL */
  GCancellable *cancellable;

  /* The current one's playback: both must be done before the next. */
  GstElement   *pipeline;
  guint         bus_watch;
  guint         pace_source;
  gboolean      pipeline_done;
  gboolean      pace_done;
  gint64        started_at;
  guint64       start_sample;
  guint64       end_sample;
  gboolean      device_failing;

  /* The WAV file and its segments log, when asked for. */
  FILE         *wav;
  FILE         *segments;
  guint64       samples_written;
};

G_DEFINE_FINAL_TYPE (LoketAnnouncer, loket_announcer, G_TYPE_OBJECT)

enum {
  SIGNAL_STARTED,
  SIGNAL_FINISHED,
  SIGNAL_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* espeak-ng's one synthesiser, shared by every announcer in the process. */
static GMutex speech_lock;
static int speech_rate_hz;

static void start_next (LoketAnnouncer *self);

static void
announcement_free (Announcement *announcement)
{
  g_free (announcement->counter_id);
  g_ptr_array_unref (announcement->sentences);
  g_free (announcement->text);
  g_free (announcement);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Announcement, announcement_free)

/* ---- Speech ------------------------------------------------------------ */

static int
on_speech_samples (short *samples, int count, espeak_EVENT *events)
{
  GArray *out = events->user_data;

  if (samples != NULL && count > 0)
    g_array_append_vals (out, samples, count);
  return 0;
}

/* Starts espeak-ng once per process and checks that it has the voices the
 * board needs.  Called with speech_lock held. */
static gboolean
speech_init_locked (gboolean   english,
                    GError   **error)
{
  if (speech_rate_hz == 0)
    {
      /* DONT_EXIT: without it a missing data directory ends the process. */
      int rate = espeak_Initialize (AUDIO_OUTPUT_SYNCHRONOUS, 500, NULL, espeakINITIALIZE_DONT_EXIT);

      if (rate <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "espeak-ng cannot start (is espeak-ng-data installed?)");
          return FALSE;
        }
      espeak_SetSynthCallback (on_speech_samples);
      speech_rate_hz = rate;
    }
  if (espeak_SetVoiceByName ("id") != EE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "espeak-ng has no Indonesian voice (\"id\")");
      return FALSE;
    }
  if (english && espeak_SetVoiceByName ("en") != EE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "espeak-ng has no English voice (\"en\")");
      return FALSE;
    }
  return TRUE;
}

static void
append_silence (GArray *samples,
                guint   ms)
{
  guint count = (guint) ((guint64) speech_rate_hz * ms / 1000);

  g_array_set_size (samples, samples->len + count);
}

/* Ding-dong: two bell tones, a sixth apart, each a fundamental with a
 * quieter octave that dies away; the second rings longer.  A short attack
 * and a release at the end avoid the clicks a square edge makes in a
 * loudspeaker. */
static void
append_chime (GArray *samples)
{
  static const struct { double hz, seconds; } tones[] = { { 880.0, 0.5 }, { 660.0, 0.9 } };
  const double rate = speech_rate_hz;
  const guint attack = (guint) (rate * 0.005);
  const guint release = (guint) (rate * 0.05);

  for (guint t = 0; t < G_N_ELEMENTS (tones); t++)
    {
      guint base = samples->len;
      guint length = (guint) (rate * tones[t].seconds);

      g_array_set_size (samples, base + length);
      for (guint i = 0; i < length; i++)
        {
          double time = i / rate;
          double envelope = exp (-4.0 * time);
          double value = 0.75 * sin (2 * G_PI * tones[t].hz * time) +
                         0.25 * sin (2 * G_PI * 2 * tones[t].hz * time) * exp (-6.0 * time);

          if (i < attack)
            envelope *= (double) i / attack;
          if (length - i < release)
            envelope *= (double) (length - i) / release;
          g_array_index (samples, gint16, base + i) = (gint16) (value * envelope * 0.5 * G_MAXINT16);
        }
    }
}

/* Runs on a worker thread: chime, pause, each sentence in its voice. */
static void
synthesise (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Announcement *announcement = task_data;
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (gint16));
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&speech_lock);

  append_chime (samples);
  for (guint i = 0; i < announcement->sentences->len; i++)
    {
      const char *sentence = g_ptr_array_index (announcement->sentences, i);
      const char *voice = i == 0 ? "id" : "en";
      espeak_ERROR status;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      append_silence (samples, PAUSE_MS);
      espeak_SetVoiceByName (voice);
      espeak_SetParameter (espeakRATE, SPEECH_RATE, 0);
      status = espeak_Synth (sentence, strlen (sentence) + 1, 0, POS_CHARACTER, 0,
                             espeakCHARS_UTF8 | espeakENDPAUSE, NULL, samples);
      if (status != EE_OK)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                   "espeak-ng could not speak \"%s\" (error %d)", sentence, status);
          return;
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&samples), (GDestroyNotify) g_array_unref);
}

/* ---- The WAV file and the segments log --------------------------------- */

static void
put_le32 (guint8 *out, guint32 value)
{
  out[0] = value & 0xff;
  out[1] = (value >> 8) & 0xff;
  out[2] = (value >> 16) & 0xff;
  out[3] = (value >> 24) & 0xff;
}

/* A canonical 44-byte header for 16-bit mono PCM holding @samples
 * samples.  Rewritten after every append, so that the file is a valid WAV
 * whenever someone opens it, even while the board is running. */
static gboolean
write_wav_header (FILE *file, guint64 samples)
{
  guint8 header[44];
  guint32 data_bytes = (guint32) MIN (samples * 2, G_MAXUINT32 - 36);

  memcpy (header, "RIFF", 4);
  put_le32 (header + 4, 36 + data_bytes);
  memcpy (header + 8, "WAVEfmt ", 8);
  put_le32 (header + 16, 16);
  header[20] = 1; header[21] = 0;                 /* PCM */
  header[22] = 1; header[23] = 0;                 /* mono */
  put_le32 (header + 24, (guint32) speech_rate_hz);
  put_le32 (header + 28, (guint32) speech_rate_hz * 2);
  header[32] = 2; header[33] = 0;                 /* block align */
  header[34] = 16; header[35] = 0;                /* bits per sample */
  memcpy (header + 36, "data", 4);
  put_le32 (header + 40, data_bytes);

  return fseek (file, 0, SEEK_SET) == 0 &&
         fwrite (header, sizeof header, 1, file) == 1 &&
         fseek (file, 0, SEEK_END) == 0;
}

static void
append_to_wav (LoketAnnouncer *self,
               GArray         *samples)
{
  guint8 *bytes;

  if (self->wav == NULL)
    return;
  /* WAV is little-endian, like every machine Debian runs a board on; the
   * swap keeps the file right on the others. */
  bytes = g_malloc ((gsize) samples->len * 2);
  for (guint i = 0; i < samples->len; i++)
    {
      guint16 value = (guint16) g_array_index (samples, gint16, i);

      bytes[2 * i] = value & 0xff;
      bytes[2 * i + 1] = value >> 8;
    }
  if (fwrite (bytes, 2, samples->len, self->wav) != samples->len ||
      !write_wav_header (self->wav, self->samples_written + samples->len) ||
      fflush (self->wav) != 0)
    g_warning ("cannot write the announcement to the audio file: %s", g_strerror (errno));
  self->samples_written += samples->len;
  g_free (bytes);
}

static void
log_segment (LoketAnnouncer *self,
             gint64          finished_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  Announcement *announcement = self->current;

  if (self->segments == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, announcement->seq);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, announcement->kind == LOKET_ANNOUNCEMENT_RECALL ? "recall" : "call");
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, announcement->text);
  json_builder_set_member_name (builder, "sentences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < announcement->sentences->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (announcement->sentences, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rate");
  json_builder_add_int_value (builder, speech_rate_hz);
  json_builder_set_member_name (builder, "start_sample");
  json_builder_add_int_value (builder, (gint64) self->start_sample);
  json_builder_set_member_name (builder, "end_sample");
  json_builder_add_int_value (builder, (gint64) self->end_sample);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_int_value (builder, self->started_at);
  json_builder_set_member_name (builder, "finished_at");
  json_builder_add_int_value (builder, finished_at);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  if (fprintf (self->segments, "%s\n", line) < 0 || fflush (self->segments) != 0)
    g_warning ("cannot write the segments log: %s", g_strerror (errno));
}

/* ---- Playback ---------------------------------------------------------- */

static void
stop_pipeline (LoketAnnouncer *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
}

/* The one playing has ended: log it, tell the window, go on. */
static void
maybe_finish (LoketAnnouncer *self)
{
  gint64 seq;

  if (self->current == NULL || !self->pipeline_done || !self->pace_done)
    return;
  stop_pipeline (self);
  log_segment (self, g_get_real_time ());
  seq = self->current->seq;
  g_clear_pointer (&self->current, announcement_free);
  g_debug ("finished seq %" G_GINT64_FORMAT, seq);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, seq);
  start_next (self);
}

static gboolean
on_paced (gpointer user_data)
{
  LoketAnnouncer *self = user_data;

  self->pace_source = 0;
  self->pace_done = TRUE;
  maybe_finish (self);
  return G_SOURCE_REMOVE;
}

/* A board whose loudspeaker is off, unplugged or missing keeps calling on
 * screen; the log says so once per failure, not once per call, and says
 * so again when the sound is back. */
static void
device_failed (LoketAnnouncer *self,
               const char     *why)
{
  if (!self->device_failing)
    g_message ("no sound from the audio device (%s): calls are shown but not heard", why);
  self->device_failing = TRUE;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  LoketAnnouncer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      if (self->device_failing)
        g_message ("the audio device plays again");
      self->device_failing = FALSE;
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        device_failed (self, error->message);
        break;
      }
    default:
      return G_SOURCE_CONTINUE;
    }
  self->bus_watch = 0;
  self->pipeline_done = TRUE;
  maybe_finish (self);
  return G_SOURCE_REMOVE;
}

/* Hands the samples to a new pipeline ending in the configured sink.
 * Returns FALSE (and the caller paces alone) when it cannot start. */
static gboolean
start_pipeline (LoketAnnouncer *self,
                GArray         *samples)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GstElement) source = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstBuffer *buffer;
  gsize size = (gsize) samples->len * sizeof (gint16);

  description = g_strdup_printf ("appsrc name=source format=time ! audioconvert ! audioresample ! %s",
                                 self->sink_description);
  self->pipeline = gst_parse_launch (description, &error);
  if (self->pipeline == NULL || error != NULL)
    {
      device_failed (self, error != NULL ? error->message : "no pipeline");
      g_clear_object (&self->pipeline);
      return FALSE;
    }
  source = gst_bin_get_by_name (GST_BIN (self->pipeline), "source");
  caps = gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, GST_AUDIO_NE (S16),
                              "layout", G_TYPE_STRING, "interleaved",
                              "rate", G_TYPE_INT, speech_rate_hz,
                              "channels", G_TYPE_INT, 1,
                              NULL);
  gst_app_src_set_caps (GST_APP_SRC (source), caps);

  buffer = gst_buffer_new_memdup (samples->data, size);
  GST_BUFFER_PTS (buffer) = 0;
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (samples->len, GST_SECOND, speech_rate_hz);
  gst_app_src_push_buffer (GST_APP_SRC (source), buffer);
  gst_app_src_end_of_stream (GST_APP_SRC (source));

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      /* The reason, if any, is on the bus; take it from there. */
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr(GError) why = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &why, NULL);
      device_failed (self, why != NULL ? why->message : "the sink does not start");
      stop_pipeline (self);
      return FALSE;
    }
  return TRUE;
}

static void
on_synthesised (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LoketAnnouncer *self = LOKET_ANNOUNCER (source_object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = g_task_propagate_pointer (G_TASK (result), &error);
  guint duration_ms;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (samples == NULL)
    {
      /* The call stays on screen; the next one should not wait for it. */
      g_warning ("seq %" G_GINT64_FORMAT ": %s", self->current->seq, error->message);
      g_clear_pointer (&self->current, announcement_free);
      start_next (self);
      return;
    }

  self->started_at = g_get_real_time ();
  self->start_sample = self->samples_written;
  self->end_sample = self->start_sample + samples->len;
  append_to_wav (self, samples);
  g_message ("announcing seq %" G_GINT64_FORMAT ": %s", self->current->seq, self->current->text);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0, self->current->seq, self->current->text);

  duration_ms = (guint) ((guint64) samples->len * 1000 / speech_rate_hz);
  self->pace_done = FALSE;
  self->pace_source = g_timeout_add (duration_ms, on_paced, self);
  self->pipeline_done = !self->play || !start_pipeline (self, samples);
}

static void
start_next (LoketAnnouncer *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->current != NULL || g_queue_is_empty (&self->waiting))
    return;
  self->current = g_queue_pop_head (&self->waiting);
  task = g_task_new (self, self->cancellable, on_synthesised, NULL);
  g_task_set_source_tag (task, start_next);
  /* The task must not free it: the announcer keeps it until it has played. */
  g_task_set_task_data (task, self->current, NULL);
  g_task_run_in_thread (task, synthesise);
}

/* ---- The queue --------------------------------------------------------- */

static gboolean
has_newer_for_counter (GList *link)
{
  Announcement *announcement = link->data;

  for (GList *l = link->next; l != NULL; l = l->next)
    if (g_str_equal (((Announcement *) l->data)->counter_id, announcement->counter_id))
      return TRUE;
  return FALSE;
}

/* Which waiting announcement goes when the queue is over its bound: see
 * docs/display.md.  A counter that has called again has moved on; a
 * recall is a citizen's last chance before being marked absent. */
static GList *
choose_stale (LoketAnnouncer *self)
{
  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    if (has_newer_for_counter (l))
      return l;
  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    if (((Announcement *) l->data)->kind != LOKET_ANNOUNCEMENT_RECALL)
      return l;
  return self->waiting.head;
}

static void
drop (LoketAnnouncer *self,
      GList          *link,
      const char     *why)
{
  g_autoptr(Announcement) announcement = link->data;

  g_queue_delete_link (&self->waiting, link);
  g_message ("not announcing seq %" G_GINT64_FORMAT " (%s): %s", announcement->seq, why, announcement->text);
  g_signal_emit (self, signals[SIGNAL_DROPPED], 0, announcement->seq);
}

static void
trim_queue (LoketAnnouncer *self)
{
  while (self->waiting.length > self->max_queue)
    drop (self, choose_stale (self), "too many calls waiting to be announced");
}

void
loket_announcer_enqueue (LoketAnnouncer        *self,
                         gint64                 seq,
                         LoketAnnouncementKind  kind,
                         const char            *number,
                         const char            *counter_id,
                         const char            *counter_name)
{
  Announcement *announcement;

  g_return_if_fail (LOKET_IS_ANNOUNCER (self));
  g_return_if_fail (number != NULL);
  g_return_if_fail (counter_id != NULL);

  announcement = g_new0 (Announcement, 1);
  announcement->seq = seq;
  announcement->kind = kind;
  announcement->counter_id = g_strdup (counter_id);
  announcement->sentences = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (announcement->sentences,
                   loket_announcement_text (kind, number, counter_id, counter_name, "id"));
  if (self->english)
    g_ptr_array_add (announcement->sentences,
                     loket_announcement_text (kind, number, counter_id, counter_name, "en"));
  g_ptr_array_add (announcement->sentences, NULL);
  announcement->text = g_strjoinv (" ", (char **) announcement->sentences->pdata);
  g_ptr_array_remove_index (announcement->sentences, announcement->sentences->len - 1);

  g_queue_push_tail (&self->waiting, announcement);
  trim_queue (self);
  start_next (self);
}

void
loket_announcer_set_max_queue (LoketAnnouncer *self,
                               guint           max_queue)
{
  g_return_if_fail (LOKET_IS_ANNOUNCER (self));
  g_return_if_fail (max_queue > 0);

  self->max_queue = max_queue;
  trim_queue (self);
}

guint
loket_announcer_get_queue_length (LoketAnnouncer *self)
{
  g_return_val_if_fail (LOKET_IS_ANNOUNCER (self), 0);

  return self->waiting.length;
}

gboolean
loket_announcer_get_busy (LoketAnnouncer *self)
{
  g_return_val_if_fail (LOKET_IS_ANNOUNCER (self), FALSE);

  return self->current != NULL;
}

void
loket_announcer_clear (LoketAnnouncer *self)
{
  g_return_if_fail (LOKET_IS_ANNOUNCER (self));

  while (self->waiting.head != NULL)
    drop (self, self->waiting.head, "cleared");
}

/* ---- Construction ------------------------------------------------------ */

static gboolean
open_outputs (LoketAnnouncer  *self,
              const char      *audio_out,
              GError         **error)
{
  g_autofree char *segments_path = g_strconcat (audio_out, ".segments", NULL);

  self->wav = fopen (audio_out, "w+b");
  if (self->wav == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", audio_out, g_strerror (saved));
      return FALSE;
    }
  self->segments = fopen (segments_path, "w");
  if (self->segments == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", segments_path, g_strerror (saved));
      return FALSE;
    }
  if (!write_wav_header (self->wav, 0) || fflush (self->wav) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", audio_out, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

LoketAnnouncer *
loket_announcer_new (const char  *audio_out,
                     gboolean     play,
                     gboolean     english,
                     GError     **error)
{
  g_autoptr(LoketAnnouncer) self = g_object_new (LOKET_TYPE_ANNOUNCER, NULL);
  const char *sink = g_getenv ("LOKET_AUDIO_SINK");

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&speech_lock);

    if (!speech_init_locked (english, error))
      return NULL;
  }
  if (play && !gst_init_check (NULL, NULL, error))
    return NULL;

  self->play = play;
  self->english = english;
  self->sink_description = g_strdup (sink != NULL && *sink != '\0' ? sink : DEFAULT_SINK);
  if (audio_out != NULL && !open_outputs (self, audio_out, error))
    return NULL;
  return g_steal_pointer (&self);
}

static void
loket_announcer_dispose (GObject *object)
{
  LoketAnnouncer *self = LOKET_ANNOUNCER (object);

  /* A synthesis in flight holds a reference through its task, so dispose
   * only runs once nothing is being synthesised. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pace_source, g_source_remove);
  stop_pipeline (self);
  g_queue_clear_full (&self->waiting, (GDestroyNotify) announcement_free);
  g_clear_pointer (&self->current, announcement_free);

  G_OBJECT_CLASS (loket_announcer_parent_class)->dispose (object);
}

static void
loket_announcer_finalize (GObject *object)
{
  LoketAnnouncer *self = LOKET_ANNOUNCER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->wav, fclose);
  g_clear_pointer (&self->segments, fclose);
  g_free (self->sink_description);

  G_OBJECT_CLASS (loket_announcer_parent_class)->finalize (object);
}

static void
loket_announcer_class_init (LoketAnnouncerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_announcer_dispose;
  object_class->finalize = loket_announcer_finalize;

  signals[SIGNAL_STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_DROPPED] =
    g_signal_new ("dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
loket_announcer_init (LoketAnnouncer *self)
{
  self->max_queue = LOKET_ANNOUNCER_DEFAULT_MAX_QUEUE;
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->waiting);
}
