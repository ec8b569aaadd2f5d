/* loket-report-reader.c — a period's tickets read on a thread of their
 * own, so that SQLite's work (stepping, decoding columns) and the
 * report's (adding each ticket to its service, counter, clerk and hour)
 * run side by side on two cores.  A year is two million rows.
 *
 * Both halves stay in one read transaction on one connection: the reader
 * thread is the only one to touch the store until it is joined, which a
 * multi-thread (NOMUTEX) SQLite connection allows, so the report is
 * still one snapshot.  Rows (codes and times, no strings) cross in
 * batches of a few thousand through two queues: full batches one way,
 * emptied ones back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-report-compute.h"

#define BATCH_ROWS 4096
#define N_BATCHES  4

typedef struct {
  LoketReportTicket rows[BATCH_ROWS];
  guint             n;
} Batch;

typedef struct {
  LoketStore             *store;
  const LoketReportCodes *codes;
  const char             *from;
  const char             *to;
  GAsyncQueue            *full;       /* Batch*, and at the end the reader's own pointer */
  GAsyncQueue            *empty;      /* Batch* */
  Batch                  *current;
  GError                 *error;
} Reader;

static void
on_row (const LoketReportTicket *t, gpointer data)
{
  Reader *r = data;
  Batch *b = r->current;

  if (b->n == BATCH_ROWS)
    {
      g_async_queue_push (r->full, b);
      b = r->current = g_async_queue_pop (r->empty);
      b->n = 0;
    }
  b->rows[b->n++] = *t;
}

static gpointer
read_thread (gpointer data)
{
  Reader *r = data;

  r->current = g_async_queue_pop (r->empty);
  r->current->n = 0;
  loket_store_report_tickets (r->store, r->codes, r->from, r->to, on_row, r, &r->error);
  g_async_queue_push (r->full, r->current);
  g_async_queue_push (r->full, r);      /* the end */
  return NULL;
}

gboolean
loket_report_read_tickets (LoketStore             *store,
                           const LoketReportCodes *codes,
                           const char             *from,
                           const char             *to,
                           LoketReportTicketFunc   func,
                           gpointer                user_data,
                           GError                **error)
{
  Reader r = { store, codes, from, to, g_async_queue_new (), g_async_queue_new () };
  g_autofree Batch *batches = g_new (Batch, N_BATCHES);   /* 640 kB: not for the stack */
  g_autoptr(GThread) thread = NULL;
  gpointer item;

  for (guint i = 0; i < N_BATCHES; i++)
    g_async_queue_push (r.empty, &batches[i]);
  thread = g_thread_new ("loket-report", read_thread, &r);
  while ((item = g_async_queue_pop (r.full)) != &r)
    {
      Batch *b = item;

      for (guint i = 0; i < b->n; i++)
        func (&b->rows[i], user_data);
      g_async_queue_push (r.empty, b);
    }
  g_thread_join (g_steal_pointer (&thread));
  g_async_queue_unref (r.full);
  g_async_queue_unref (r.empty);
  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return FALSE;
    }
  return TRUE;
}
