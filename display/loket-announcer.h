/* loket-announcer.h — the board's voice: a queue of announcements played
 * one at a time, never overlapping.
 *
 * Each announcement is a chime, then the sentence spoken by espeak-ng
 * (Indonesian voice), then optionally the English sentence.  Calls that
 * come faster than speech wait their turn in order; a queue longer than
 * its bound drops stale items first (see loket-announcer.c and
 * docs/display.md).  Playback goes through GStreamer; with no audio
 * device the board keeps working and says so once in the log.  With an
 * output file every announcement is also appended to a WAV file, and its
 * segments (which seq, which sentence, from which sample to which) to
 * FILE.segments, one JSON object per line — for tests and for listening.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "loket-announcement.h"

G_BEGIN_DECLS

#define LOKET_ANNOUNCER_DEFAULT_MAX_QUEUE 6

#define LOKET_TYPE_ANNOUNCER (loket_announcer_get_type ())
G_DECLARE_FINAL_TYPE (LoketAnnouncer, loket_announcer, LOKET, ANNOUNCER, GObject)

/* @audio_out: a WAV file to write, or NULL.  @play: also play on the
 * audio device (FALSE: only the file, paced in real time all the same, so
 * that queueing behaves as on a real board).  @english: repeat each
 * announcement in English.  Fails if espeak-ng cannot start or has no
 * Indonesian voice, or the file cannot be created. */
LoketAnnouncer *loket_announcer_new            (const char  *audio_out,
                                                gboolean     play,
                                                gboolean     english,
                                                GError     **error);
void            loket_announcer_set_max_queue  (LoketAnnouncer *self,
                                                guint           max_queue);
/* Queues one announcement; @seq is the event's seq, for the log and the
 * segments file. */
void            loket_announcer_enqueue        (LoketAnnouncer        *self,
                                                gint64                 seq,
                                                LoketAnnouncementKind  kind,
                                                const char            *number,
                                                const char            *counter_id,
                                                const char            *counter_name);
/* Waiting, not counting the one playing. */
guint           loket_announcer_get_queue_length (LoketAnnouncer *self);
gboolean        loket_announcer_get_busy       (LoketAnnouncer *self);
/* Everything queued is dropped; the one playing finishes. */
void            loket_announcer_clear          (LoketAnnouncer *self);

/* Signals: "started" (gint64 seq, const char *text) when an announcement
 * begins, "finished" (gint64 seq) when it has ended, "dropped" (gint64
 * seq) when the bound removed it unplayed. */

G_END_DECLS
