/* loket-report-reader.c — a period's tickets read on a thread of their
 * own, so that SQLite's work (stepping, decoding columns) and the
 * report's (adding each ticket to its service, counter, clerk and hour)
 * run side by side on two cores.  A year is two million rows; either
 * half alone takes most of a second.
 *
 * Both halves stay in one read transaction on one connection: the reader
 * thread is the only one to touch the store until it is joined, which a
 * multi-thread (NOMUTEX) SQLite connection allows, so the report is
 * still one snapshot.  Rows cross in batches of a few thousand, their
 * strings copied into the batch, through two queues: full batches one
 * way, emptied ones back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-report-private.h"

#include <string.h>

#define BATCH_ROWS 4096
#define N_BATCHES  4
#define N_STRINGS  4      /* issued_service, service, counter, clerk */

typedef struct {
  LoketReportTicket rows[BATCH_ROWS];
  gint32            offsets[BATCH_ROWS][N_STRINGS];   /* into text; -1: NULL */
  GString          *text;
  guint             n;
} Batch;

typedef struct {
  LoketStore   *store;
  const char   *from;
  const char   *to;
  GAsyncQueue  *full;       /* Batch*, and at the end the reader's own pointer */
  GAsyncQueue  *empty;      /* Batch* */
  Batch        *current;
  GError       *error;
} Reader;

static gint32
keep (Batch *batch, const char *text)
{
  gint32 offset = (gint32) batch->text->len;

  if (text == NULL)
    return -1;
  g_string_append_len (batch->text, text, strlen (text) + 1);
  return offset;
}

static void
on_row (const LoketReportTicket *t, gpointer data)
{
  Reader *r = data;
  Batch *b = r->current;
  gint32 *offsets;

  if (b->n == BATCH_ROWS)
    {
      g_async_queue_push (r->full, b);
      b = r->current = g_async_queue_pop (r->empty);
      b->n = 0;
      g_string_truncate (b->text, 0);
    }
  offsets = b->offsets[b->n];
  offsets[0] = keep (b, t->issued_service);
  offsets[1] = keep (b, t->service);
  offsets[2] = keep (b, t->counter);
  offsets[3] = keep (b, t->clerk);
  b->rows[b->n++] = *t;
}

static gpointer
read_thread (gpointer data)
{
  Reader *r = data;

  r->current = g_async_queue_pop (r->empty);
  r->current->n = 0;
  g_string_truncate (r->current->text, 0);
  loket_store_report_tickets (r->store, r->from, r->to, on_row, r, &r->error);
  g_async_queue_push (r->full, r->current);
  g_async_queue_push (r->full, r);      /* the end */
  return NULL;
}

/* The strings of @b's rows, now that the batch no longer grows. */
static void
point_strings (Batch *b)
{
  for (guint i = 0; i < b->n; i++)
    {
      const char **fields[N_STRINGS] = {
        &b->rows[i].issued_service, &b->rows[i].service, &b->rows[i].counter, &b->rows[i].clerk,
      };

      for (guint s = 0; s < N_STRINGS; s++)
        *fields[s] = b->offsets[i][s] < 0 ? NULL : b->text->str + b->offsets[i][s];
    }
}

gboolean
loket_report_read_tickets (LoketStore            *store,
                           const char            *from,
                           const char            *to,
                           LoketReportTicketFunc  func,
                           gpointer               user_data,
                           GError               **error)
{
  Reader r = { store, from, to, g_async_queue_new (), g_async_queue_new () };
  g_autofree Batch *batches = g_new (Batch, N_BATCHES);   /* 2 MB: not for the stack */
  g_autoptr(GThread) thread = NULL;
  gpointer item;

  for (guint i = 0; i < N_BATCHES; i++)
    {
      batches[i].text = g_string_sized_new (BATCH_ROWS * 16);
      g_async_queue_push (r.empty, &batches[i]);
    }
  thread = g_thread_new ("loket-report", read_thread, &r);
  while ((item = g_async_queue_pop (r.full)) != &r)
    {
      Batch *b = item;

      point_strings (b);
      for (guint i = 0; i < b->n; i++)
        func (&b->rows[i], user_data);
      g_async_queue_push (r.empty, b);
    }
  g_thread_join (g_steal_pointer (&thread));
  for (guint i = 0; i < N_BATCHES; i++)
    g_string_free (batches[i].text, TRUE);
  g_async_queue_unref (r.full);
  g_async_queue_unref (r.empty);
  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return FALSE;
    }
  return TRUE;
}
