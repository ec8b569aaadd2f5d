/* loket-bench-web.c — the public gateway under a crowd of phones.
 *
 * Starts a real loketd and a real loket-web, and beside it the limit: a
 * bare libsoup 3 server (this program again, run with --bare) that
 * answers a fixed 1 KB body and pushes a fixed event to its streams,
 * measured with the same client in the same run.  Three figures:
 *
 *   - a call reaching N open live pages: N Server-Sent Events streams
 *     held open, one CALL sent, the time until each stream has the
 *     "office" event it causes (p50, p99, and the last of them); the
 *     bare server's time from being told to push to each stream having
 *     the push is the limit;
 *   - pages per second: the office page fetched over 8 keep-alive
 *     connections for a few seconds, beside the bare server's 1 KB;
 *   - the gateway's own memory (anonymous: heap, stacks) per open
 *     stream.
 *
 * The targets: a call reaches the streams' p99 within twice the bare
 * push (loket-web waits 50 ms for a burst of events to settle and renders
 * the page to see whether it changed); the page, rendered for every
 * request, at least half the bare 1 KB's rate; under 64 KB a stream.
 *
 * The client is plain sockets and epoll, one thread: what is measured is
 * the servers, not a client library.
 *
 *   loket-bench-web [--quick]      (environment as for the tests)
 *
 * A measurement, not a test: it exits 0 once it has measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-bench.h"
#include "loket-bench-table.h"
#include "loket-test-server.h"

#include <errno.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define PAGE_CLIENTS 8
#define EVENT_MARK "event: office"

/* ---- the bare server (--bare) -------------------------------------------- */

typedef struct {
  GPtrArray *streams;   /* SoupServerMessage* */
  char      *page;
} Bare;

static void
bare_stream_finished (SoupServerMessage *msg, gpointer data)
{
  Bare *bare = data;

  g_ptr_array_remove_fast (bare->streams, msg);
}

static void
bare_handle (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
             gpointer data)
{
  Bare *bare = data;
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/events"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (h, "text/event-stream", NULL);
      soup_message_headers_set_encoding (h, SOUP_ENCODING_CHUNKED);
      soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                "retry: 5000\n\n", 13);
      g_ptr_array_add (bare->streams, msg);
      g_signal_connect (msg, "finished", G_CALLBACK (bare_stream_finished), bare);
      return;
    }
  if (g_str_equal (path, "/push"))
    for (guint i = 0; i < bare->streams->len; i++)
      {
        SoupServerMessage *s = g_ptr_array_index (bare->streams, i);

        soup_message_body_append (soup_server_message_get_response_body (s), SOUP_MEMORY_STATIC,
                                  EVENT_MARK "\ndata: 0123456789abcdef\n\n", strlen (EVENT_MARK) + 24);
        soup_server_message_unpause (s);
      }
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, bare->page, strlen (bare->page));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static int
run_bare (void)
{
  g_autoptr(SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  Bare bare = { g_ptr_array_new (), g_strnfill (1024, 'x') };

  soup_server_add_handler (soup, NULL, bare_handle, &bare, NULL);
  if (!soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("bare server: %s", error->message);
  uris = soup_server_get_uris (soup);
  g_print ("%u\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  g_main_loop_run (loop);
  return 0;
}

/* ---- servers under measurement ------------------------------------------ */

typedef struct {
  GSubprocess *process;
  guint16      port;
} Server;

static void
server_stop (Server *s)
{
  g_subprocess_send_signal (s->process, SIGTERM);
  g_subprocess_wait (s->process, NULL, NULL);
  g_clear_object (&s->process);
}

/* The port from "listening on http://127.0.0.1:PORT/" (loket-web) or a
 * bare number (--bare). */
static guint16
read_port (GSubprocess *process, gboolean web)
{
  g_autoptr(GDataInputStream) out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, NULL);
  const char *colon;

  if (line == NULL)
    g_error ("a server under measurement did not start");
  colon = web ? strrchr (line, ':') : NULL;
  if (web)
    {
      g_autofree char *synced = g_data_input_stream_read_line (out, NULL, NULL, NULL);

      if (g_strcmp0 (synced, "synced") != 0)
        g_error ("loket-web did not follow the office: %s", synced ? synced : "(exited)");
    }
  return (guint16) g_ascii_strtoull (colon ? colon + 1 : line, NULL, 10);
}

static Server
start_web (LoketTestServer *office, guint streams)
{
  g_autofree char *max = g_strdup_printf ("--max-streams=%u", streams + 100);
  /* Loopback exempt from the rate per address: here one address stands
   * for every phone. */
  const char *argv[] = { g_getenv ("LOKET_WEB"), "--server", office->listen, "--keys", office->keys_dir,
                         "--as", "web1", "--listen", "127.0.0.1:0", max, "--rate-exempt=127.0.0.0/8", NULL };
  g_autoptr(GError) error = NULL;
  Server s = { g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error), 0 };

  g_assert_no_error (error);
  s.port = read_port (s.process, TRUE);
  return s;
}

static Server
start_bare (const char *self)
{
  const char *argv[] = { self, "--bare", NULL };
  g_autoptr(GError) error = NULL;
  Server s = { g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error), 0 };

  g_assert_no_error (error);
  s.port = read_port (s.process, FALSE);
  return s;
}

/* ---- the client ---------------------------------------------------------- */

static int
connect_to (guint16 port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;

  if (fd < 0 || connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    g_error ("connecting to 127.0.0.1:%u: %s", port, g_strerror (errno));
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

static void
send_all (int fd, const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      gssize n = write (fd, text, len);

      if (n <= 0)
        g_error ("writing a request: %s", g_strerror (errno));
      text += n;
      len -= (gsize) n;
    }
}

/* Reads from @fd into @buffer until it holds @needle (blocking, 30 s). */
static void
read_until (int fd, GString *buffer, const char *needle)
{
  struct timeval timeout = { 30, 0 };

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  while (strstr (buffer->str, needle) == NULL)
    {
      char chunk[4096];
      gssize n = read (fd, chunk, sizeof chunk);

      if (n <= 0)
        g_error ("waiting for “%s”: %s", needle, n == 0 ? "closed" : g_strerror (errno));
      g_string_append_len (buffer, chunk, n);
    }
}

typedef struct {
  int     epoll;
  int    *fds;
  gint64 *got;     /* when each had the event; 0: not yet */
  guint   n;
} Streams;

/* @n live streams of /events, each past its first event. */
static void
streams_open (Streams *st, guint16 port, guint n)
{
  *st = (Streams) { epoll_create1 (EPOLL_CLOEXEC), g_new0 (int, n), g_new0 (gint64, n), n };
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) buffer = g_string_new (NULL);
      struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };

      st->fds[i] = connect_to (port);
      send_all (st->fds[i], "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
      read_until (st->fds[i], buffer, "retry: 5000");
      epoll_ctl (st->epoll, EPOLL_CTL_ADD, st->fds[i], &ev);
    }
}

static void
streams_drain (Streams *st)
{
  struct epoll_event events[256];
  int n;

  while ((n = epoll_wait (st->epoll, events, G_N_ELEMENTS (events), 200)) > 0)
    for (int e = 0; e < n; e++)
      {
        char chunk[4096];

        if (recv (st->fds[events[e].data.u32], chunk, sizeof chunk, MSG_DONTWAIT) <= 0)
          g_error ("a live stream closed while the benchmark held it");
      }
}

/* Every stream's time from @start until an "office" event reached it. */
static void
streams_wait (Streams *st, gint64 start, BenchSamples *out)
{
  guint pending = st->n;
  gint64 deadline = start + 60 * G_USEC_PER_SEC;

  memset (st->got, 0, st->n * sizeof (gint64));
  while (pending > 0 && g_get_monotonic_time () < deadline)
    {
      struct epoll_event events[256];
      int n = epoll_wait (st->epoll, events, G_N_ELEMENTS (events), 1000);

      for (int e = 0; e < n; e++)
        {
          guint i = events[e].data.u32;
          char chunk[4096];
          gssize got = recv (st->fds[i], chunk, sizeof chunk - 1, MSG_DONTWAIT);

          if (got <= 0)
            g_error ("a live stream closed while the benchmark held it");
          chunk[got] = '\0';
          if (st->got[i] == 0 && strstr (chunk, EVENT_MARK) != NULL)
            {
              st->got[i] = g_get_monotonic_time ();
              bench_samples_add (out, st->got[i] - start);
              pending--;
            }
        }
    }
  if (pending > 0)
    g_error ("%u of %u live streams never had the event", pending, st->n);
}

static void
streams_close (Streams *st)
{
  for (guint i = 0; i < st->n; i++)
    close (st->fds[i]);
  close (st->epoll);
  g_free (st->fds);
  g_free (st->got);
}

/* One GET on a fresh connection, the response read and dropped. */
static void
get_once (guint16 port, const char *path)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                                              path);
  int fd = connect_to (port);
  char chunk[4096];

  send_all (fd, request);
  while (read (fd, chunk, sizeof chunk) > 0)
    ;
  close (fd);
}

typedef struct {
  int      fd;
  GString *in;
  gsize    want;   /* bytes of the response: headers and body; 0 until known */
} PageClient;

/* How long the response at the start of @in is, once its headers are in. */
static gsize
response_length (GString *in)
{
  const char *end = strstr (in->str, "\r\n\r\n");
  g_autofree char *head = NULL;
  const char *length;

  if (end == NULL)
    return 0;
  head = g_ascii_strdown (in->str, end - in->str);
  length = strstr (head, "\r\ncontent-length:");
  if (length == NULL)
    g_error ("a page came without Content-Length");
  return (gsize) (end - in->str) + 4 + g_ascii_strtoull (length + 17, NULL, 10);
}

/* Pages per second of @path over PAGE_CLIENTS keep-alive connections
 * for @seconds. */
static double
pages_per_second (guint16 port, const char *path, double seconds)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
  PageClient clients[PAGE_CLIENTS];
  int epoll = epoll_create1 (EPOLL_CLOEXEC);
  gint64 start = g_get_monotonic_time (), end = start + (gint64) (seconds * G_USEC_PER_SEC);
  guint64 pages = 0;

  for (guint i = 0; i < PAGE_CLIENTS; i++)
    {
      struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };

      clients[i] = (PageClient) { connect_to (port), g_string_new (NULL), 0 };
      epoll_ctl (epoll, EPOLL_CTL_ADD, clients[i].fd, &ev);
      send_all (clients[i].fd, request);
    }
  while (g_get_monotonic_time () < end)
    {
      struct epoll_event events[PAGE_CLIENTS];
      int n = epoll_wait (epoll, events, PAGE_CLIENTS, 1000);

      for (int e = 0; e < n; e++)
        {
          PageClient *c = &clients[events[e].data.u32];
          char chunk[16384];
          gssize got = read (c->fd, chunk, sizeof chunk);

          if (got <= 0)
            g_error ("a page connection closed: %s", got == 0 ? "by the server" : g_strerror (errno));
          g_string_append_len (c->in, chunk, got);
          while ((c->want = response_length (c->in)) > 0 && c->in->len >= c->want)
            {
              if (!g_str_has_prefix (c->in->str, "HTTP/1.1 200"))
                g_error ("a page was refused: %.40s", c->in->str);
              g_string_erase (c->in, 0, (gssize) c->want);
              pages++;
              send_all (c->fd, request);
            }
        }
    }
  for (guint i = 0; i < PAGE_CLIENTS; i++)
    {
      close (clients[i].fd);
      g_string_free (clients[i].in, TRUE);
    }
  close (epoll);
  return pages / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

/* ---- the measurements ---------------------------------------------------- */

/* A call reaching @n streams of loket-web: @rounds calls, each ticket
 * voided after; every stream's time per call into @out. */
static void
measure_web_fanout (LoketTestServer *office, Streams *st, guint rounds, BenchSamples *out)
{
  g_autoptr(LoketClient) kiosk = loket_test_server_client (office, "kiosk1");
  g_autoptr(LoketClient) clerk = loket_test_server_client (office, "counter1");
  g_autoptr(LoketClient) super = loket_test_server_client (office, "super");

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(JsonObject) issued = loket_test_request (kiosk, "ISSUE", "service", "ktp", NULL);
      g_autoptr(JsonObject) called = NULL;
      g_autoptr(JsonObject) voided = NULL;
      const char *number = json_object_get_string_member (json_object_get_object_member (issued, "ticket"),
                                                          "number");
      gint64 start;

      /* The issue changed the page too: let its event pass first. */
      g_usleep (300 * 1000);
      streams_drain (st);
      start = g_get_monotonic_time ();
      called = loket_test_request (clerk, "CALL", "counter", "1", NULL);
      streams_wait (st, start, out);
      voided = loket_test_request (super, "VOID", "ticket", number, "reason", "benchmark", NULL);
      g_usleep (300 * 1000);
      streams_drain (st);
    }
}

static void
measure_bare_fanout (guint16 port, Streams *st, guint rounds, BenchSamples *out)
{
  for (guint r = 0; r < rounds; r++)
    {
      gint64 start = g_get_monotonic_time ();

      get_once (port, "/push");
      streams_wait (st, start, out);
    }
}

/* Anonymous memory of @pid, KB. */
static double
private_kb (GPid pid)
{
  double rss, pss, private_mb;

  bench_process_memory (pid, &rss, &pss, &private_mb);
  return private_mb * 1024;
}

static GPid
pid_of (GSubprocess *process)
{
  return (GPid) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
}

static void
raise_file_limit (guint needed)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < needed)
    {
      limit.rlim_cur = MIN ((rlim_t) needed, limit.rlim_max);
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

int
main (int argc, char **argv)
{
  gboolean quick = g_strcmp0 (g_getenv ("LOKET_BENCH_QUICK"), "1") == 0;
  guint n_streams, rounds;
  double seconds, web_pages, bare_pages, before_kb, per_stream_kb;
  g_autoptr(LoketTestServer) office = NULL;
  g_autoptr(BenchTable) table = NULL;
  BenchSamples web_fanout, bare_fanout;
  Server web, bare;
  Streams st;

  if (argc > 1 && g_str_equal (argv[1], "--bare"))
    return run_bare ();
  quick |= argc > 1 && g_str_equal (argv[1], "--quick");
  setlocale (LC_ALL, "");   /* the tables speak UTF-8: →, ×, ≤ */
  n_streams = quick ? 500 : 2000;
  rounds = quick ? 5 : 20;
  seconds = quick ? 2 : 5;
  /* Both ends of every stream live on this machine: the gateway
   * inherits the limit. */
  raise_file_limit (2 * n_streams + 256);

  office = loket_test_server_new (NULL);
  loket_test_server_start (office);
  web = start_web (office, n_streams);
  bare = start_bare (argv[0]);
  bench_samples_init (&web_fanout);
  bench_samples_init (&bare_fanout);

  get_once (web.port, "/");
  web_pages = pages_per_second (web.port, "/", seconds);
  bare_pages = pages_per_second (bare.port, "/", seconds);

  before_kb = private_kb (pid_of (web.process));
  streams_open (&st, web.port, n_streams);
  per_stream_kb = (private_kb (pid_of (web.process)) - before_kb) / n_streams;
  measure_web_fanout (office, &st, rounds, &web_fanout);
  streams_close (&st);

  streams_open (&st, bare.port, n_streams);
  measure_bare_fanout (bare.port, &st, rounds, &bare_fanout);
  streams_close (&st);

  table = bench_table_new ("web", "loket-web: the public page under a crowd");
  bench_table_ratio (table, "fanout_p50", "call → N open pages' streams, p50",
                     bench_samples_quantile (&web_fanout, 0.5) / 1000,
                     bench_samples_quantile (&bare_fanout, 0.5) / 1000, "ms", BENCH_LOWER_IS_BETTER, 0);
  bench_table_ratio (table, "fanout_p99", "call → N open pages' streams, p99",
                     bench_samples_quantile (&web_fanout, 0.99) / 1000,
                     bench_samples_quantile (&bare_fanout, 0.99) / 1000, "ms", BENCH_LOWER_IS_BETTER, 2);
  bench_table_ratio (table, "fanout_last", "call → the last of N streams",
                     bench_samples_quantile (&web_fanout, 1.0) / 1000,
                     bench_samples_quantile (&bare_fanout, 1.0) / 1000, "ms", BENCH_LOWER_IS_BETTER, 0);
  bench_table_ratio (table, "pages", "office pages per second (8 connections)", web_pages, bare_pages, "/s",
                     BENCH_HIGHER_IS_BETTER, 0.5);
  bench_table_absolute (table, "stream_kb", "loket-web memory per open stream", per_stream_kb, "KB", 64);
  bench_table_note (table, "N = %u streams, %u calls; the limit: a bare libsoup 3 server pushing a "
                    "fixed event, and answering a fixed 1 KB body", n_streams, rounds);
  bench_table_finish (table, NULL, NULL);

  server_stop (&web);
  server_stop (&bare);
  bench_samples_clear (&web_fanout);
  bench_samples_clear (&bare_fanout);
  return 0;
}
