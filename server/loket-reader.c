/* loket-reader.c — loketd's reader thread: the long reads (a period's
 * report, the open data's days, the survey's index, the complaint
 * figures: the requests the protocol table marks `apart`) answered on a
 * thread of their own, so that a kiosk's ISSUE never waits behind a
 * supervisor's year report.
 *
 * The thread has its own read-only connection to the office's database
 * (WAL lets it read while loketd writes) and its own LoketOffice over
 * it, made again whenever the office's charter changes (SIGHUP): it
 * shares nothing with the loop but the charter, which does not change
 * once loaded.  loketd admits each request on its loop first (who is
 * signed in where is the loop's), and pushes it here only after the
 * batch it came in committed — so an answer includes everything already
 * acknowledged, as on the loop.  The answers come back to the loop
 * through a queue and a GSource woken from the thread
 * (g_source_set_ready_time() is safe from any thread), since a ZeroMQ
 * socket belongs to one thread.  Replies may overtake each other; the
 * clients match them by req_id.
 *
 * One thread: the reads are rare, and one at a time keeps the reader's
 * memory and its share of the two cores bounded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-server"

#include "config.h"

#include "loket-reader.h"
#include "loket-error.h"

struct _LoketReader
{
  LoketOffice         *office;        /* the loop's: its charter, read when pushing */
  LoketStore          *store;         /* the thread's read-only connection */
  LoketOffice         *reader_office; /* the thread's, over @store */
  GThreadPool         *pool;
  GAsyncQueue         *answered;      /* LoketMessage*, for the loop */
  GSource             *answered_source;
  LoketReaderAnswered  callback;
  gpointer             user_data;
};

/* One request, from the loop to the thread. */
typedef struct {
  LoketMessage          *message;
  const LoketRequestDef *def;
  char                  *device;
  LoketRole              role;
  gint64                 now;
  LoketCharter          *charter;
} Job;

static void
job_free (Job *job)
{
  loket_message_free (job->message);
  g_free (job->device);
  g_clear_object (&job->charter);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* The thread's office, by the charter the request was admitted under. */
static LoketOffice *
reader_office_for (LoketReader *self, LoketCharter *charter)
{
  if (self->reader_office == NULL || loket_office_get_charter (self->reader_office) != charter)
    {
      g_clear_object (&self->reader_office);
      self->reader_office = loket_office_new (charter, self->store);
    }
  return self->reader_office;
}

static LoketMessage *
answer (LoketReader *self, Job *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) raw = g_string_new (NULL);
  const char *req_id = loket_json_optional_string (job->message->body, "req_id");
  LoketRequest request = { job->message->type, job->message->body, job->device, job->role, job->now };
  LoketOffice *office = reader_office_for (self, job->charter);
  g_autoptr(JsonObject) result = loket_office_answer_read (office, job->def, &request, raw, &error);
  LoketMessage *reply;

  if (result == NULL)
    return loket_message_new_error (req_id, error);
  json_object_set_string_member (result, "req_id", req_id);
  reply = loket_message_new ("OK", result);
  /* Encoded here, not on the loop: a year's report is large. */
  reply->encoded = loket_json_to_string_with (reply->body, raw->len > 0 ? raw->str : NULL);
  return reply;
}

static void
run_job (gpointer data, gpointer user_data)
{
  g_autoptr(Job) job = data;
  LoketReader *self = user_data;
  LoketMessage *reply = answer (self, job);

  reply->routing_id = g_bytes_ref (job->message->routing_id);
  g_async_queue_push (self->answered, reply);
  g_source_set_ready_time (self->answered_source, 0);
}

/* On the loop: every answer so far to the callback. */
static gboolean
deliver (LoketReader *self)
{
  LoketMessage *reply;

  g_source_set_ready_time (self->answered_source, -1);
  while ((reply = g_async_queue_try_pop (self->answered)) != NULL)
    self->callback (reply, self->user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
answered_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  return callback (user_data);
}

static GSourceFuncs answered_funcs = {
  .dispatch = answered_dispatch,
};

LoketReader *
loket_reader_new (LoketOffice          *office,
                  LoketReaderAnswered   answered,
                  gpointer              user_data,
                  GError              **error)
{
  const char *path = loket_store_get_path (loket_office_get_store (office));
  g_autoptr(LoketStore) store = NULL;
  LoketReader *self;

  if (path == NULL || *path == '\0' || g_str_equal (path, ":memory:"))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                           "the database is in memory: it has no second connection");
      return NULL;
    }
  store = loket_store_open_readonly (path, error);
  if (store == NULL)
    return NULL;

  self = g_new0 (LoketReader, 1);
  self->office = g_object_ref (office);
  self->store = g_steal_pointer (&store);
  self->callback = answered;
  self->user_data = user_data;
  self->answered = g_async_queue_new ();
  self->answered_source = g_source_new (&answered_funcs, sizeof (GSource));
  g_source_set_name (self->answered_source, "loket-reader answers");
  g_source_set_callback (self->answered_source, (GSourceFunc) deliver, self, NULL);
  g_source_attach (self->answered_source, NULL);
  self->pool = g_thread_pool_new (run_job, self, 1, FALSE, NULL);
  return self;
}

void
loket_reader_push (LoketReader           *self,
                   LoketMessage          *message,
                   const LoketRequestDef *def,
                   const char            *device,
                   LoketRole              role,
                   gint64                 now)
{
  Job *job = g_new0 (Job, 1);

  job->message = message;
  job->def = def;
  job->device = g_strdup (device);
  job->role = role;
  job->now = now;
  job->charter = g_object_ref (loket_office_get_charter (self->office));
  /* Not exclusive and unlimited in time: pushing cannot fail. */
  g_thread_pool_push (self->pool, job, NULL);
}

void
loket_reader_free (LoketReader *self)
{
  if (self == NULL)
    return;
  /* Every request pushed is answered, and every answer delivered. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  deliver (self);
  g_source_destroy (self->answered_source);
  g_source_unref (self->answered_source);
  g_async_queue_unref (self->answered);
  g_clear_object (&self->reader_office);
  g_clear_object (&self->store);
  g_clear_object (&self->office);
  g_free (self);
}
