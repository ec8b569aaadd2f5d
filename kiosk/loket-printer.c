/* loket-printer.c — printing a ticket through libcups' destination API and
 * following the job until the printer says it is done.
 *
 * Each request runs on its own connection in a worker thread (libcups keeps
 * its last error per thread; an http_t is not shared): find the
 * destination, connect, read printer-state and printer-state-reasons before
 * sending anything, send the PDF as the job's one document, then poll
 * Get-Job-Attributes until the job is completed, aborted or canceled.
 * Printers disagree on severity suffixes — ippeveprinter reports the same
 * paper-out as media-empty-report when idle and media-empty-warning while a
 * job waits for paper — so the conditions in which no ticket comes out are
 * recognised by their keyword, whatever the suffix.  The deadline and the
 * GCancellable bound every wait, each HTTP read included, and a job we give
 * up on is canceled on the printer, so that it does not come out later for
 * a citizen who has gone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-printer"

#include "loket-printer.h"
#include "loket-printer-private.h"

#include <cups/cups.h>
#include <string.h>

/* Often enough that a printed ticket is reported at once, rarely enough
 * not to load a small printer's web server. */
#define POLL_INTERVAL_MS 250
/* How long paper-out, door-open and the like may last during a job before
 * it counts as failure: printers report them for a moment while feeding, or
 * just after the door was closed. */
#define REASON_GRACE_US (3 * G_USEC_PER_SEC)
/* Failed Get-Job-Attributes in a row before the job's fate is unknowable. */
#define MAX_POLL_FAILURES 3
/* Time allowed to cancel a job we gave up on, past the deadline. */
#define CLEANUP_US (5 * G_USEC_PER_SEC)
#define DEFAULT_TIMEOUT_S 30

G_DEFINE_QUARK (loket-printer-error-quark, loket_printer_error)

static void
cups_dest_free (cups_dest_t *dest)
{
  cupsFreeDests (1, dest);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ipp_t, ippDelete)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (http_t, httpClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cups_dinfo_t, cupsFreeDestInfo)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cups_dest_t, cups_dest_free)

struct _LoketPrinter
{
  GObject  parent_instance;
  char    *name;
  guint    timeout_s;   /* atomic: set from the UI, read when a task starts */
};

G_DEFINE_FINAL_TYPE (LoketPrinter, loket_printer, G_TYPE_OBJECT)

const char *
loket_printer_state_to_string (LoketPrinterState state)
{
  switch (state)
    {
    case LOKET_PRINTER_STATE_OK:
      return "ok";
    case LOKET_PRINTER_STATE_WARNING:
      return "warning";
    case LOKET_PRINTER_STATE_ERROR:
      return "error";
    }
  g_return_val_if_reached ("error");
}

/* ---- One connection to the printer, for one task ------------------------ */

typedef struct {
  const char   *name;           /* the printer's, for messages */
  guint         timeout_s;
  gint64        deadline;       /* monotonic µs */
  gboolean      cleaning_up;    /* past giving up: only the deadline counts */
  GCancellable *cancellable;
  gulong        cancel_handler;
  GPollFD       cancel_fd;
  gboolean      have_cancel_fd;
  int           cancel;         /* libcups' view of the cancellable */
  cups_dest_t  *dest;
  http_t       *http;
  const char   *uri;            /* printer-uri for our requests, in dest */
  char          resource[1024];
} Conn;

static void
conn_free (Conn *conn)
{
  if (conn->cancellable != NULL)
    {
      g_cancellable_disconnect (conn->cancellable, conn->cancel_handler);
      if (conn->have_cancel_fd)
        g_cancellable_release_fd (conn->cancellable);
      g_object_unref (conn->cancellable);
    }
  g_clear_pointer (&conn->http, httpClose);
  g_clear_pointer (&conn->dest, cups_dest_free);
  g_free (conn);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conn, conn_free)

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_atomic_int_set ((int *) user_data, 1);
}

/* libcups asks this whenever the printer has been silent for a second:
 * 1 waits on, 0 gives the request up. */
static int
conn_http_timeout_cb (http_t *http,
                      void   *user_data)
{
  Conn *conn = user_data;

  return (conn->cleaning_up || !g_cancellable_is_cancelled (conn->cancellable)) &&
         g_get_monotonic_time () < conn->deadline;
}

/* libcups reports a broken connection as these two statuses; anything else
 * is the printer's answer. */
static LoketPrinterError
cups_error_code (LoketPrinterError fallback)
{
  switch (cupsLastError ())
    {
    case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE:
    case IPP_STATUS_ERROR_INTERNAL:
      return LOKET_PRINTER_ERROR_UNREACHABLE;
    case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
      return LOKET_PRINTER_ERROR_STOPPED;
    default:
      return fallback;
    }
}

/* After a failed libcups call: the printer's words, unless the request was
 * given up by conn_http_timeout_cb, which is a cancellation or a timeout. */
static void
conn_set_cups_error (Conn              *conn,
                     GError           **error,
                     LoketPrinterError  code,
                     const char        *what)
{
  if (!conn->cleaning_up && g_cancellable_set_error_if_cancelled (conn->cancellable, error))
    return;
  if (g_get_monotonic_time () >= conn->deadline)
    g_set_error (error, LOKET_PRINTER_ERROR, LOKET_PRINTER_ERROR_TIMEOUT,
                 "Printer “%s”: no answer to %s within %u s", conn->name, what, conn->timeout_s);
  else
    g_set_error (error, LOKET_PRINTER_ERROR, code, "Printer “%s”: %s failed: %s",
                 conn->name, what, cupsLastErrorString ());
}

static cups_dest_t *
get_named_dest (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "/", 2);   /* "queue/instance" */

  return cupsGetNamedDest (CUPS_HTTP_DEFAULT, parts[0], parts[1]);
}

/* Finds the destination and connects to it.  A printer URI is reached
 * directly (CUPS_DEST_FLAGS_DEVICE): the scheduler does not know a printer
 * that is not one of its queues. */
static Conn *
conn_open (const char   *name,
           guint         timeout_s,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(Conn) conn = g_new0 (Conn, 1);
  gboolean is_uri = g_str_has_prefix (name, "ipp://") || g_str_has_prefix (name, "ipps://");
  unsigned flags = is_uri ? CUPS_DEST_FLAGS_DEVICE : CUPS_DEST_FLAGS_NONE;
  gint64 remaining_ms;

  conn->name = name;
  conn->timeout_s = timeout_s;
  conn->deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  if (cancellable != NULL)
    {
      conn->cancellable = g_object_ref (cancellable);
      conn->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                    &conn->cancel, NULL);
      conn->have_cancel_fd = g_cancellable_make_pollfd (cancellable, &conn->cancel_fd);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  conn->dest = is_uri ? cupsGetDestWithURI (NULL, name) : get_named_dest (name);
  if (conn->dest == NULL)
    {
      g_set_error (error, LOKET_PRINTER_ERROR, LOKET_PRINTER_ERROR_UNREACHABLE,
                   "Printer “%s”: no such destination: %s", name, cupsLastErrorString ());
      return NULL;
    }

  remaining_ms = MAX (1, (conn->deadline - g_get_monotonic_time ()) / 1000);
  conn->http = cupsConnectDest (conn->dest, flags, (int) MIN (remaining_ms, G_MAXINT), &conn->cancel,
                                conn->resource, sizeof conn->resource, NULL, NULL);
  /* libcups 2.4 returns the http_t even when connecting failed, and its
   * callback reports the outcome the wrong way round (later versions
   * return NULL instead); the socket tells the truth. */
  if (conn->http == NULL || httpGetFd (conn->http) < 0)
    {
      int err = conn->http != NULL ? httpError (conn->http) : 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      /* A queue is reached through the scheduler: say which one failed. */
      g_set_error (error, LOKET_PRINTER_ERROR,
                   g_get_monotonic_time () >= conn->deadline ? LOKET_PRINTER_ERROR_TIMEOUT
                                                             : LOKET_PRINTER_ERROR_UNREACHABLE,
                   "Printer “%s”: cannot connect%s%s: %s", name,
                   is_uri ? "" : " to the CUPS scheduler at ", is_uri ? "" : cupsServer (),
                   err != 0 ? g_strerror (err) : cupsLastErrorString ());
      return NULL;
    }
  httpSetTimeout (conn->http, 1.0, conn_http_timeout_cb, conn);

  conn->uri = cupsGetOption (is_uri ? "device-uri" : "printer-uri-supported",
                             conn->dest->num_options, conn->dest->options);
  if (conn->uri == NULL)
    {
      g_set_error (error, LOKET_PRINTER_ERROR, LOKET_PRINTER_ERROR_UNREACHABLE,
                   "Printer “%s”: the destination has no printer URI", name);
      return NULL;
    }
  return g_steal_pointer (&conn);
}

static ipp_t *
conn_new_request (Conn     *conn,
                  ipp_op_t  op)
{
  ipp_t *request = ippNewRequest (op);

  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, conn->uri);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser ());
  return request;
}

/* Sends @request (consumed).  NULL and @error unless the printer answered
 * with success; @code is the error for a refusal. */
static ipp_t *
conn_do_request (Conn               *conn,
                 ipp_t              *request,
                 LoketPrinterError   code,
                 GError            **error)
{
  const char *what = ippOpString (ippGetOperation (request));
  g_autoptr(ipp_t) response = cupsDoRequest (conn->http, request, conn->resource);

  if (response == NULL || cupsLastError () > IPP_STATUS_OK_CONFLICTING)
    {
      conn_set_cups_error (conn, error, cups_error_code (code), what);
      return NULL;
    }
  return g_steal_pointer (&response);
}

static GStrv
attribute_strings (ipp_attribute_t *attr)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (int i = 0; attr != NULL && i < ippGetCount (attr); i++)
    {
      const char *value = ippGetString (attr, i, NULL);

      if (value != NULL)
        g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

static char *
attribute_text (ipp_t      *response,
                const char *name)
{
  ipp_attribute_t *attr = ippFindAttribute (response, name, IPP_TAG_TEXT);
  const char *text = attr != NULL ? ippGetString (attr, 0, NULL) : NULL;

  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

static gboolean
conn_get_printer_status (Conn           *conn,
                         LoketPrinterStatus  *status,
                         GError        **error)
{
  static const char * const attrs[] = {
    "printer-is-accepting-jobs", "printer-state", "printer-state-message", "printer-state-reasons",
  };
  ipp_t *request = conn_new_request (conn, IPP_OP_GET_PRINTER_ATTRIBUTES);
  g_autoptr(ipp_t) response = NULL;
  ipp_attribute_t *attr;

  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (attrs), NULL, attrs);
  response = conn_do_request (conn, request, LOKET_PRINTER_ERROR_UNREACHABLE, error);
  if (response == NULL)
    return FALSE;

  loket_printer_status_clear (status);
  /* A printer that leaves out printer-state is taken at its reasons. */
  attr = ippFindAttribute (response, "printer-state", IPP_TAG_ENUM);
  status->state = attr != NULL ? (ipp_pstate_t) ippGetInteger (attr, 0) : IPP_PSTATE_IDLE;
  attr = ippFindAttribute (response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
  status->accepting = attr == NULL || ippGetBoolean (attr, 0);
  status->reasons = attribute_strings (ippFindAttribute (response, "printer-state-reasons", IPP_TAG_KEYWORD));
  status->message = attribute_text (response, "printer-state-message");
  return TRUE;
}

static gboolean
conn_get_job_status (Conn       *conn,
                     int         job_id,
                     LoketJobStatus  *status,
                     GError    **error)
{
  static const char * const attrs[] = {
    "job-printer-state-message", "job-state", "job-state-message", "job-state-reasons",
  };
  ipp_t *request = conn_new_request (conn, IPP_OP_GET_JOB_ATTRIBUTES);
  g_autoptr(ipp_t) response = NULL;
  ipp_attribute_t *attr;

  ippAddInteger (request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (attrs), NULL, attrs);
  response = conn_do_request (conn, request, LOKET_PRINTER_ERROR_JOB_FAILED, error);
  if (response == NULL)
    return FALSE;

  loket_job_status_clear (status);
  attr = ippFindAttribute (response, "job-state", IPP_TAG_ENUM);
  status->state = attr != NULL ? (ipp_jstate_t) ippGetInteger (attr, 0) : IPP_JSTATE_PENDING;
  status->reasons = attribute_strings (ippFindAttribute (response, "job-state-reasons", IPP_TAG_KEYWORD));
  status->message = attribute_text (response, "job-printer-state-message");
  if (status->message == NULL)
    status->message = attribute_text (response, "job-state-message");
  return TRUE;
}

/* A job we gave up on must not come out later, when the citizen has gone. */
static void
conn_cancel_job (Conn *conn,
                 int   job_id)
{
  conn->cleaning_up = TRUE;
  conn->deadline = g_get_monotonic_time () + CLEANUP_US;
  if (cupsCancelDestJob (conn->http, conn->dest, job_id) > IPP_STATUS_OK_CONFLICTING)
    g_message ("Printer “%s”: cannot cancel job %d: %s", conn->name, job_id, cupsLastErrorString ());
  else
    g_debug ("Printer “%s”: canceled job %d", conn->name, job_id);
}

/* Waits until the next poll; FALSE when canceled or out of time. */
static gboolean
conn_wait (Conn *conn)
{
  gint64 remaining_ms = (conn->deadline - g_get_monotonic_time ()) / 1000;
  int timeout_ms = (int) CLAMP (remaining_ms, 0, POLL_INTERVAL_MS);

  if (conn->have_cancel_fd)
    g_poll (&conn->cancel_fd, 1, timeout_ms);
  else
    g_usleep ((gulong) timeout_ms * 1000);
  return !g_cancellable_is_cancelled (conn->cancellable) && g_get_monotonic_time () < conn->deadline;
}

/* ---- Printing ----------------------------------------------------------- */

/* Creates the job and sends @document as its only document.  *@job_id is
 * set as soon as the job exists, so that the caller can cancel it. */
static gboolean
conn_send_job (Conn        *conn,
               GBytes      *document,
               const char  *title,
               int         *job_id,
               GError     **error)
{
  g_autoptr(cups_dinfo_t) dinfo = cupsCopyDestInfo (conn->http, conn->dest);
  gsize size;
  const char *data = g_bytes_get_data (document, &size);
  http_status_t written;

  if (dinfo == NULL)
    {
      conn_set_cups_error (conn, error, cups_error_code (LOKET_PRINTER_ERROR_UNREACHABLE),
                           "Get-Printer-Attributes");
      return FALSE;
    }
  if (cupsCreateDestJob (conn->http, conn->dest, dinfo, job_id, title, 0, NULL) > IPP_STATUS_OK_CONFLICTING)
    {
      conn_set_cups_error (conn, error, cups_error_code (LOKET_PRINTER_ERROR_JOB_FAILED), "Create-Job");
      return FALSE;
    }
  if (cupsStartDestDocument (conn->http, conn->dest, dinfo, *job_id, title, CUPS_FORMAT_PDF,
                             0, NULL, 1) != HTTP_STATUS_CONTINUE)
    {
      conn_set_cups_error (conn, error, cups_error_code (LOKET_PRINTER_ERROR_JOB_FAILED), "Send-Document");
      return FALSE;
    }
  written = cupsWriteRequestData (conn->http, data, size);
  /* Finish even after a failed write: the printer's answer says why. */
  if (cupsFinishDestDocument (conn->http, conn->dest, dinfo) > IPP_STATUS_OK_CONFLICTING ||
      written != HTTP_STATUS_CONTINUE)
    {
      conn_set_cups_error (conn, error, cups_error_code (LOKET_PRINTER_ERROR_JOB_FAILED), "Send-Document");
      return FALSE;
    }
  g_debug ("Printer “%s”: job %d sent (%" G_GSIZE_FORMAT " bytes)", conn->name, *job_id, size);
  return TRUE;
}

/* Reads the job's and the printer's state.  A broken connection is retried
 * a few times (the job may well be printing); anything else ends at once. */
static gboolean
conn_poll_job (Conn           *conn,
               int             job_id,
               LoketJobStatus      *job,
               LoketPrinterStatus  *printer,
               GError        **error)
{
  for (guint failures = 1; ; failures++)
    {
      g_autoptr(GError) local_error = NULL;

      if (conn_get_job_status (conn, job_id, job, &local_error) &&
          conn_get_printer_status (conn, printer, &local_error))
        return TRUE;
      if (failures < MAX_POLL_FAILURES &&
          g_error_matches (local_error, LOKET_PRINTER_ERROR, LOKET_PRINTER_ERROR_UNREACHABLE) &&
          conn_wait (conn))
        {
          g_debug ("%s; retrying", local_error->message);
          continue;
        }
      if (!g_cancellable_set_error_if_cancelled (conn->cancellable, error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

/* Follows the job until the printer says it is done.  A job that cannot
 * end well (timeout, cancellation, a printer that waits for paper) is
 * canceled before returning. */
static gboolean
conn_follow_job (Conn    *conn,
                 int      job_id,
                 GError **error)
{
  gint64 blocked_since = 0;
  ipp_jstate_t last_state = 0;

  for (;;)
    {
      g_auto(LoketJobStatus) job = { 0 };
      g_auto(LoketPrinterStatus) printer = { 0 };
      g_autofree char *reasons = NULL;
      g_autofree char *what = NULL;
      LoketPrinterError code;

      if (!conn_poll_job (conn, job_id, &job, &printer, error))
        {
          conn_cancel_job (conn, job_id);
          return FALSE;
        }
      what = loket_printer_status_describe (&job, &printer);
      if (job.state != last_state)
        g_debug ("Printer “%s”: job %d %s", conn->name, job_id, what);
      last_state = job.state;

      if (job.state == IPP_JSTATE_COMPLETED)
        return TRUE;
      if (job.state == IPP_JSTATE_ABORTED || job.state == IPP_JSTATE_CANCELED)
        {
          /* The printer's reason (media-empty) helps more than the job's
           * (aborted-by-system), so it chooses the code when there is one. */
          if (loket_printer_status_judge (&printer, FALSE, &reasons, &code) != LOKET_PRINTER_STATE_ERROR)
            code = LOKET_PRINTER_ERROR_JOB_FAILED;
          g_set_error (error, LOKET_PRINTER_ERROR, code, "Printer “%s”: job %d %s",
                       conn->name, job_id, what);
          return FALSE;
        }

      /* A thermal printer out of paper keeps the job "processing" for ever:
       * a blocking condition that lasts counts as failure. */
      if (loket_printer_status_judge (&printer, FALSE, &reasons, &code) == LOKET_PRINTER_STATE_ERROR)
        {
          if (blocked_since == 0)
            blocked_since = g_get_monotonic_time ();
          else if (g_get_monotonic_time () - blocked_since >= REASON_GRACE_US)
            {
              g_set_error (error, LOKET_PRINTER_ERROR, code, "Printer “%s”: %s; job %d %s",
                           conn->name, reasons, job_id, what);
              conn_cancel_job (conn, job_id);
              return FALSE;
            }
        }
      else
        blocked_since = 0;

      if (!conn_wait (conn))
        {
          if (!g_cancellable_set_error_if_cancelled (conn->cancellable, error))
            g_set_error (error, LOKET_PRINTER_ERROR, LOKET_PRINTER_ERROR_TIMEOUT,
                         "Printer “%s”: job %d not completed within %u s: %s",
                         conn->name, job_id, conn->timeout_s, what);
          conn_cancel_job (conn, job_id);
          return FALSE;
        }
    }
}

typedef struct {
  GBytes *document;
  char   *title;
  guint   timeout_s;
} PrintData;

static void
print_data_free (PrintData *data)
{
  g_bytes_unref (data->document);
  g_free (data->title);
  g_free (data);
}

static gboolean
print_document (const char    *name,
                PrintData     *data,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(Conn) conn = conn_open (name, data->timeout_s, cancellable, error);
  g_auto(LoketPrinterStatus) printer = { 0 };
  g_autofree char *reasons = NULL;
  LoketPrinterError code;
  int job_id = 0;

  if (conn == NULL || !conn_get_printer_status (conn, &printer, error))
    return FALSE;
  /* Refuse before sending: a job queued behind paper-out would come out
   * whenever someone refills the roll, long after the citizen left. */
  if (loket_printer_status_judge (&printer, TRUE, &reasons, &code) == LOKET_PRINTER_STATE_ERROR)
    {
      g_set_error (error, LOKET_PRINTER_ERROR, code, "Printer “%s” cannot print: %s (printer %s%s%s)",
                   name, reasons, ippEnumString ("printer-state", (int) printer.state),
                   printer.message ? ": " : "", printer.message ? printer.message : "");
      return FALSE;
    }

  if (!conn_send_job (conn, data->document, data->title, &job_id, error))
    {
      if (job_id > 0)
        conn_cancel_job (conn, job_id);
      return FALSE;
    }
  if (!conn_follow_job (conn, job_id, error))
    return FALSE;
  g_debug ("Printer “%s”: job %d completed", name, job_id);
  return TRUE;
}

static void
print_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoketPrinter *self = source_object;
  GError *error = NULL;

  if (print_document (self->name, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
loket_printer_print_async (LoketPrinter        *self,
                           GBytes              *document,
                           const char          *title,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PrintData *data;

  g_return_if_fail (LOKET_IS_PRINTER (self));
  g_return_if_fail (document != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_printer_print_async);
  data = g_new0 (PrintData, 1);
  data->document = g_bytes_ref (document);
  data->title = g_strdup (title != NULL && title[0] != '\0' ? title : "ticket");
  data->timeout_s = (guint) g_atomic_int_get (&self->timeout_s);
  g_task_set_task_data (task, data, (GDestroyNotify) print_data_free);
  g_task_run_in_thread (task, print_thread);
}

gboolean
loket_printer_print_finish (LoketPrinter  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Asking for the state ----------------------------------------------- */

static LoketPrinterState
query_state (const char    *name,
             guint          timeout_s,
             char         **reason,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(Conn) conn = conn_open (name, timeout_s, cancellable, error);
  g_auto(LoketPrinterStatus) status = { 0 };
  g_autofree char *reasons = NULL;
  LoketPrinterState state;
  LoketPrinterError code;

  if (conn == NULL || !conn_get_printer_status (conn, &status, error))
    return LOKET_PRINTER_STATE_ERROR;
  state = loket_printer_status_judge (&status, TRUE, &reasons, &code);
  if (reason != NULL)
    *reason = g_steal_pointer (&reasons);
  return state;
}

LoketPrinterState
loket_printer_query_state (LoketPrinter  *self,
                           char         **reason,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_return_val_if_fail (LOKET_IS_PRINTER (self), LOKET_PRINTER_STATE_ERROR);

  if (reason != NULL)
    *reason = NULL;
  return query_state (self->name, (guint) g_atomic_int_get (&self->timeout_s), reason, cancellable, error);
}

typedef struct {
  LoketPrinterState  state;
  char              *reason;
} QueryResult;

static void
query_result_free (QueryResult *result)
{
  g_free (result->reason);
  g_free (result);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoketPrinter *self = source_object;
  QueryResult *result = g_new0 (QueryResult, 1);
  GError *error = NULL;

  result->state = query_state (self->name, GPOINTER_TO_UINT (task_data), &result->reason, cancellable, &error);
  if (error != NULL)
    {
      query_result_free (result);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, (GDestroyNotify) query_result_free);
}

void
loket_printer_query_state_async (LoketPrinter        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LOKET_IS_PRINTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_printer_query_state_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (g_atomic_int_get (&self->timeout_s)), NULL);
  g_task_run_in_thread (task, query_thread);
}

LoketPrinterState
loket_printer_query_state_finish (LoketPrinter  *self,
                                  GAsyncResult  *result,
                                  char         **reason,
                                  GError       **error)
{
  QueryResult *answer;
  LoketPrinterState state;

  g_return_val_if_fail (g_task_is_valid (result, self), LOKET_PRINTER_STATE_ERROR);

  if (reason != NULL)
    *reason = NULL;
  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return LOKET_PRINTER_STATE_ERROR;
  state = answer->state;
  if (reason != NULL)
    *reason = g_steal_pointer (&answer->reason);
  query_result_free (answer);
  return state;
}

/* ---- The object --------------------------------------------------------- */

static void
loket_printer_finalize (GObject *object)
{
  LoketPrinter *self = LOKET_PRINTER (object);

  g_free (self->name);
  G_OBJECT_CLASS (loket_printer_parent_class)->finalize (object);
}

static void
loket_printer_class_init (LoketPrinterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_printer_finalize;
}

static void
loket_printer_init (LoketPrinter *self)
{
  self->timeout_s = DEFAULT_TIMEOUT_S;
}

LoketPrinter *
loket_printer_new (const char *name)
{
  LoketPrinter *self;

  g_return_val_if_fail (name != NULL && name[0] != '\0', NULL);

  self = g_object_new (LOKET_TYPE_PRINTER, NULL);
  self->name = g_strdup (name);
  return self;
}

const char *
loket_printer_get_name (LoketPrinter *self)
{
  g_return_val_if_fail (LOKET_IS_PRINTER (self), NULL);
  return self->name;
}

void
loket_printer_set_timeout (LoketPrinter *self,
                           guint         seconds)
{
  g_return_if_fail (LOKET_IS_PRINTER (self));
  g_return_if_fail (seconds > 0);
  g_atomic_int_set (&self->timeout_s, seconds);
}
