/* loket-test-printer.c — a real IPP printer for tests: ippeveprinter on a
 * loopback port, with its own D-Bus bus, keeping every document it gets.
 *
 * Each printer lives in a temporary directory: the bus socket, the spool,
 * the job script and one log file for both daemons (the test's stdout is
 * TAP and stays clean).  Both daemons are children of the test that die
 * with it; ippeveprinter leads its own process group, so that stopping it
 * also ends a job script that is still running.  "Ready" means the printer
 * answered a Get-Printer-Attributes request, written here by hand because
 * this library does not link libcups.  Without a script, each job runs an
 * empty one: ippeveprinter otherwise "prints" by sleeping 5 to 15 s.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-printer.h"
#include "loket-test-server.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Generous: the test machine may be busy. */
#define START_TIMEOUT_US (15 * G_USEC_PER_SEC)
#define STOP_TIMEOUT_US (5 * G_USEC_PER_SEC)
#define PORT_ATTEMPTS 5

struct _LoketTestPrinter
{
  char  *dir;
  char  *spool_dir;
  char  *log_path;
  char  *script_path;
  char  *bus_address;
  char  *uri;
  guint  port;
  GPid   bus_pid;
  GPid   printer_pid;
};

/* A test that fails aborts on the spot; its daemons must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (GPOINTER_TO_INT (user_data))
    setpgid (0, 0);
}

static gboolean
set_errno_error (GError    **error,
                 const char *what,
                 const char *path)
{
  int saved_errno = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s %s: %s",
               what, path, g_strerror (saved_errno));
  return FALSE;
}

static char *
find_program (const char *name)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      path = g_build_filename ("/usr/sbin", name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        g_clear_pointer (&path, g_free);
    }
  return path;
}

static char *
read_log (LoketTestPrinter *self)
{
  char *log = NULL;

  if (!g_file_get_contents (self->log_path, &log, NULL, NULL))
    log = g_strdup ("(no log)");
  return log;
}

/* Ends a child (and, for a group leader, its group): SIGTERM, then SIGKILL
 * when it does not go in time. */
static void
stop_child (GPid     *pid,
            gboolean  group)
{
  gint64 deadline = g_get_monotonic_time () + STOP_TIMEOUT_US;
  int status;

  if (*pid <= 0)
    return;
  kill (group ? -*pid : *pid, SIGTERM);
  while (waitpid (*pid, &status, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () >= deadline)
        {
          kill (*pid, SIGKILL);
          waitpid (*pid, &status, 0);
          break;
        }
      g_usleep (10 * 1000);
    }
  /* A job script outlives ippeveprinter otherwise. */
  if (group)
    kill (-*pid, SIGKILL);
  g_spawn_close_pid (*pid);
  *pid = 0;
}

/* A free port on loopback, as far as anyone can tell before binding it;
 * a clash is handled by starting again on another. */
static guint
free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (sock);
  g_assert_true (g_socket_bind (sock, any, FALSE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* One line from @fd, waiting no longer than @deadline. */
static char *
read_line (int      fd,
           gint64   deadline,
           GError **error)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (;;)
    {
      GPollFD pfd = { fd, G_IO_IN | G_IO_HUP | G_IO_ERR, 0 };
      gint64 remaining_ms = (deadline - g_get_monotonic_time ()) / 1000;
      ssize_t n;
      char c;

      if (remaining_ms <= 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no answer in time");
          return NULL;
        }
      if (g_poll (&pfd, 1, (int) remaining_ms) <= 0)
        continue;
      n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "closed before a whole line: %s",
                       n < 0 ? g_strerror (errno) : "end of file");
          return NULL;
        }
      if (c == '\n')
        return g_string_free (g_steal_pointer (&line), FALSE);
      g_string_append_c (line, c);
    }
}

/* ippeveprinter exits at once without a D-Bus system bus (DESIGN.md);
 * a private one is enough. */
static gboolean
start_bus (LoketTestPrinter  *self,
           int                log_fd,
           GError           **error)
{
  g_autofree char *program = find_program ("dbus-daemon");
  g_autofree char *address_arg = NULL;
  g_autofree char *socket_path = g_build_filename (self->dir, "bus", NULL);
  const char *argv[] = { NULL, "--session", NULL, "--nofork", "--print-address", NULL };
  int out_fd = -1;

  if (program == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "dbus-daemon is not installed");
      return FALSE;
    }
  address_arg = g_strdup_printf ("--address=unix:path=%s", socket_path);
  argv[0] = program;
  argv[2] = address_arg;
  if (!g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                         die_with_parent, GINT_TO_POINTER (FALSE),
                                         -1, -1, log_fd, NULL, NULL, 0,
                                         &self->bus_pid, NULL, &out_fd, NULL, error))
    return FALSE;

  /* It prints its address once it listens. */
  self->bus_address = read_line (out_fd, g_get_monotonic_time () + START_TIMEOUT_US, error);
  close (out_fd);
  if (self->bus_address == NULL)
    {
      g_autofree char *log = read_log (self);

      g_prefix_error (error, "dbus-daemon did not start: ");
      g_prefix_error (error, "%s\n", log);
      return FALSE;
    }
  return TRUE;
}

static void
ipp_append (GByteArray *msg,
            guint8      tag,
            const char *name,
            const char *value)
{
  guint16 name_len = GUINT16_TO_BE ((guint16) strlen (name));
  guint16 value_len = GUINT16_TO_BE ((guint16) strlen (value));

  g_byte_array_append (msg, &tag, 1);
  g_byte_array_append (msg, (const guint8 *) &name_len, 2);
  g_byte_array_append (msg, (const guint8 *) name, (guint) strlen (name));
  g_byte_array_append (msg, (const guint8 *) &value_len, 2);
  g_byte_array_append (msg, (const guint8 *) value, (guint) strlen (value));
}

/* A Get-Printer-Attributes request (RFC 8010): version 2.0, operation 0x000b,
 * request-id 1, the operation attributes group, end of attributes. */
static GBytes *
get_printer_attributes_request (const char *uri)
{
  static const guint8 header[] = { 2, 0, 0x00, 0x0b, 0, 0, 0, 1, 0x01 };
  static const guint8 end = 0x03;
  GByteArray *msg = g_byte_array_new ();

  g_byte_array_append (msg, header, sizeof header);
  ipp_append (msg, 0x47, "attributes-charset", "utf-8");
  ipp_append (msg, 0x48, "attributes-natural-language", "en");
  ipp_append (msg, 0x45, "printer-uri", uri);
  g_byte_array_append (msg, &end, 1);
  return g_byte_array_free_to_bytes (msg);
}

/* TRUE when the printer answers Get-Printer-Attributes with success. */
static gboolean
printer_answers (LoketTestPrinter *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GBytes) body = get_printer_attributes_request (self->uri);
  g_autofree char *head = NULL;
  GOutputStream *out;
  GInputStream *in;
  char reply[4096];
  gsize got = 0;

  g_socket_client_set_timeout (client, 2);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) self->port, NULL, NULL);
  if (connection == NULL)
    return FALSE;
  head = g_strdup_printf ("POST /ipp/print HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "Content-Type: application/ipp\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n\r\n", self->port, g_bytes_get_size (body));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  if (!g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL) ||
      !g_output_stream_write_all (out, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL, NULL, NULL))
    return FALSE;

  /* Enough for the headers and the IPP version and status-code. */
  while (got < sizeof reply - 1)
    {
      const char *end;
      gssize n = g_input_stream_read (in, reply + got, sizeof reply - 1 - got, NULL, NULL);

      if (n <= 0)
        return FALSE;
      got += (gsize) n;
      reply[got] = '\0';
      end = g_strstr_len (reply, (gssize) got, "\r\n\r\n");
      if (end != NULL && (gsize) (end + 4 - reply) + 4 <= got)
        {
          const guint8 *ipp = (const guint8 *) end + 4;

          return g_str_has_prefix (reply, "HTTP/1.1 200") && ipp[2] == 0;   /* successful-* */
        }
    }
  return FALSE;
}

/* Waits until the printer answers; FALSE with G_IO_ERROR_ADDRESS_IN_USE
 * when it lost its port to someone else.  @log_start: where this
 * attempt's messages begin in the log. */
static gboolean
wait_printer_ready (LoketTestPrinter  *self,
                    gsize              log_start,
                    GError           **error)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;

  /* Whether it exited comes first: another server on a clashing port
   * could answer in its place. */
  for (;;)
    {
      int status;

      if (waitpid (self->printer_pid, &status, WNOHANG) == self->printer_pid)
        {
          g_autofree char *log = read_log (self);
          const char *this_run = strlen (log) >= log_start ? log + log_start : log;

          g_spawn_close_pid (self->printer_pid);
          self->printer_pid = 0;
          g_set_error (error, G_IO_ERROR,
                       strstr (this_run, "Address already in use") ? G_IO_ERROR_ADDRESS_IN_USE
                                                                   : G_IO_ERROR_FAILED,
                       "ippeveprinter exited during start-up (status %d):\n%s", status, log);
          return FALSE;
        }
      if (printer_answers (self))
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        {
          g_autofree char *log = read_log (self);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "ippeveprinter did not answer on port %u within %d s:\n%s",
                       self->port, (int) (START_TIMEOUT_US / G_USEC_PER_SEC), log);
          return FALSE;
        }
      /* Refused connections come back at once; do not spin. */
      g_usleep (20 * 1000);
    }
}

/* Starts ippeveprinter on a free port, as DESIGN.md shows: -k keeps the
 * documents, -c runs the job script. */
static gboolean
start_printer (LoketTestPrinter  *self,
               const char        *name,
               int                log_fd,
               GError           **error)
{
  g_autofree char *program = find_program ("ippeveprinter");
  g_autofree char *port = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "DBUS_SYSTEM_BUS_ADDRESS", self->bus_address, TRUE);
  g_autofree char *earlier_log = read_log (self);
  const char *argv[] = {
    NULL, "-p", NULL, "-r", "off", "-n", "localhost", "-d", self->spool_dir, "-k",
    "-f", "application/pdf,text/plain,image/pwg-raster", "-c", self->script_path, name, NULL
  };

  if (program == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "ippeveprinter is not installed (cups-ipp-utils)");
      return FALSE;
    }
  self->port = free_port ();
  port = g_strdup_printf ("%u", self->port);
  g_free (self->uri);
  self->uri = g_strdup_printf ("ipp://127.0.0.1:%u/ipp/print", self->port);
  argv[0] = program;
  argv[2] = port;

  if (!g_spawn_async_with_pipes_and_fds (NULL, argv, (const char * const *) envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                         die_with_parent, GINT_TO_POINTER (TRUE), -1, log_fd, log_fd,
                                         NULL, NULL, 0, &self->printer_pid, NULL, NULL, NULL, error))
    return FALSE;
  return wait_printer_ready (self, strlen (earlier_log), error);
}

static gboolean
write_script (LoketTestPrinter  *self,
              const char        *script,
              GError           **error)
{
  g_autofree char *text = g_strdup_printf ("#!/bin/sh\n%s\n", script ? script : "exit 0");

  self->script_path = g_build_filename (self->dir, "job.sh", NULL);
  if (!g_file_set_contents (self->script_path, text, -1, error))
    return FALSE;
  if (g_chmod (self->script_path, 0755) != 0)
    return set_errno_error (error, "chmod", self->script_path);
  return TRUE;
}

LoketTestPrinter *
loket_test_printer_start (const char  *name,
                          const char  *script,
                          GError     **error)
{
  LoketTestPrinter *self = g_new0 (LoketTestPrinter, 1);
  g_autoptr(GError) local_error = NULL;
  int log_fd = -1;

  g_return_val_if_fail (name != NULL, NULL);

  self->dir = g_dir_make_tmp ("loket-printer-XXXXXX", &local_error);
  if (self->dir == NULL)
    goto fail;
  self->spool_dir = g_build_filename (self->dir, "spool", NULL);
  self->log_path = g_build_filename (self->dir, "printer.log", NULL);
  if (g_mkdir (self->spool_dir, 0755) != 0)
    {
      set_errno_error (&local_error, "mkdir", self->spool_dir);
      goto fail;
    }
  if (!write_script (self, script, &local_error))
    goto fail;
  log_fd = g_open (self->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0)
    {
      set_errno_error (&local_error, "open", self->log_path);
      goto fail;
    }
  if (!start_bus (self, log_fd, &local_error))
    goto fail;
  for (guint attempt = 1; !start_printer (self, name, log_fd, &local_error); attempt++)
    {
      if (attempt >= PORT_ATTEMPTS || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        goto fail;
      g_clear_error (&local_error);
    }
  close (log_fd);
  return self;

fail:
  if (log_fd >= 0)
    close (log_fd);
  g_propagate_error (error, g_steal_pointer (&local_error));
  loket_test_printer_stop (self);
  return NULL;
}

const char *
loket_test_printer_get_uri (LoketTestPrinter *self)
{
  return self->uri;
}

const char *
loket_test_printer_get_spool_dir (LoketTestPrinter *self)
{
  return self->spool_dir;
}

static gint
compare_job_ids (gconstpointer a,
                 gconstpointer b)
{
  g_autofree char *name_a = g_path_get_basename (*(const char * const *) a);
  g_autofree char *name_b = g_path_get_basename (*(const char * const *) b);
  guint64 id_a = g_ascii_strtoull (name_a, NULL, 10);
  guint64 id_b = g_ascii_strtoull (name_b, NULL, 10);

  return id_a < id_b ? -1 : id_a > id_b;
}

/* ippeveprinter names each document "JOBID-JOBNAME.EXT" (create_job_file
 * in ippeveprinter.c), with the job name lower-cased and every run of
 * other characters than letters, digits and '-' made one '_'.  The job
 * command's output goes to "JOBID-JOBNAME.prn": not a document anyone
 * sent.  A document appears as soon as its job starts receiving it. */
GPtrArray *
loket_test_printer_list_documents (LoketTestPrinter *self)
{
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (self->spool_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_ascii_isdigit (name[0]) && strchr (name, '-') != NULL && !g_str_has_suffix (name, ".prn"))
        g_ptr_array_add (documents, g_build_filename (self->spool_dir, name, NULL));
    }
  g_ptr_array_sort (documents, compare_job_ids);
  return documents;
}

gboolean
loket_test_printer_wait_documents (LoketTestPrinter *self,
                                   guint             count,
                                   guint             timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      g_autoptr(GPtrArray) documents = loket_test_printer_list_documents (self);

      if (documents->len >= count)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }
}

void
loket_test_printer_stop (LoketTestPrinter *self)
{
  if (self == NULL)
    return;
  stop_child (&self->printer_pid, TRUE);
  stop_child (&self->bus_pid, FALSE);
  if (self->dir != NULL && g_getenv ("LOKET_TEST_KEEP") == NULL)
    loket_test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->spool_dir);
  g_free (self->log_path);
  g_free (self->script_path);
  g_free (self->bus_address);
  g_free (self->uri);
  g_free (self);
}

/* Runs a tool; its exit status, and its output in @out.  A missing tool
 * is a failure, not a skip. */
static int
run_tool (const char * const *argv, char **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                out, &err, &wait_status, &error);
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (wait_status, &error))
    return 0;
  g_assert_error (error, G_SPAWN_EXIT_ERROR, error->code);
  g_test_message ("%s exited with %d: %s", argv[0], error->code, err);
  return error->code;
}

/* zbarimg's 4 means it found no code at all. */
char *
loket_test_scan_qr (const char *pdf)
{
  g_autofree char *prefix = g_strdup_printf ("%s-scan", pdf);
  g_autofree char *png = g_strdup_printf ("%s.png", prefix);
  const char *render_argv[] = { "pdftoppm", "-r", "300", "-png", "-singlefile", pdf, prefix, NULL };
  const char *scan_argv[] = { "zbarimg", "--quiet", "--raw", png, NULL };
  g_autofree char *out = NULL;
  g_autofree char *ignored = NULL;
  int status;

  g_assert_cmpint (run_tool (render_argv, &ignored), ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  status = run_tool (scan_argv, &out);
  if (status == 4)
    return NULL;
  g_assert_cmpint (status, ==, 0);
  return g_strdup (g_strchomp (out));
}
