/* loket-web-server.c — the HTTP side of loket-web (see
 * loket-web-server.h): routing, the security headers and limits, static
 * files, and the live streams; what a citizen asks of loketd through the
 * gateway (a ticket's page, the survey, complaints) is in
 * loket-web-citizen.c.
 *
 * Live updates are by version: the version is a digest of the office
 * page as it would render now (in Indonesian; both languages change
 * together), checked shortly after each change of the model and every
 * second while streams are open (the clock on the page moves), and sent
 * to every stream when it changed.  The page carries the version it was
 * rendered at, so the script fetches only a page that differs.  A stream
 * that cannot keep up misses versions and gets the latest one once its
 * output drained: nothing queues up for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-server.h"
#include "loket-web-server-private.h"
#include "loket-web-data.h"
#include "loket-web-page.h"
#include "loket-web-resources.h"
#include "loket-web-ticket.h"
#include "loket-web-survey.h"
#include "loket-web-complaint.h"

#include "loket-error.h"
#include "loket-web-limiter.h"

#include <libsoup/soup.h>
#include <string.h>

#define CHECK_SOON_MS 50
/* RFC 6585; libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429
#define KEEPALIVE_S 20

static const char csp[] =
  "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "
  "img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

typedef struct {
  LoketWebServer    *server;
  SoupServerMessage *msg;
  gsize              backlog;   /* bytes handed to libsoup, not yet written */
  gboolean           missed;    /* a version was skipped while backed up */
  gint64             ticket;    /* a ticket's stream: its id; 0 for the office's */
  char              *state;     /* a ticket's stream: the live state it last got */
} Stream;

/* The office page as last rendered in one language: served again to
 * everyone who asks within the same second, while the version holds. */
typedef struct {
  char   *page;
  char   *version;
  gint64  second;
} Rendered;

static void
rendered_free (gpointer data)
{
  Rendered *r = data;

  g_free (r->page);
  g_free (r->version);
  g_free (r);
}


struct _LoketWebServer
{
  GObject            parent_instance;
  SoupServer        *soup;
  LoketOfficeModel  *model;
  LoketClient       *client;    /* TICKET_STATUS; NULL: no ticket pages */
  LoketWebData      *data;      /* the record and the open data; NULL: none */
  LoketWebLimits     limits;
  GPtrArray         *streams;   /* Stream * */
  char              *version;
  gboolean           changed;   /* the model changed since the version was taken */
  gint64             checked;   /* the second (wall clock) it was taken in */
  GHashTable        *rendered;  /* language → Rendered */
  LoketWebLimiter   *limiter;
  GPtrArray         *proxies;   /* GInetAddressMask: trusted reverse proxies */
  guint              soon_id;
  guint              tick_id;
  guint              keepalive_id;
  LoketWebHandler    handler;   /* a site without an office (loket_web_server_new_site) */
  gpointer           handler_data;
};

G_DEFINE_FINAL_TYPE (LoketWebServer, loket_web_server, G_TYPE_OBJECT)

LoketOfficeModel *
loket_web_server_get_model (LoketWebServer *self)
{
  return self->model;
}

LoketClient *
loket_web_server_get_client (LoketWebServer *self)
{
  return self->client;
}

/* ---- headers every response carries ------------------------------------ */

void
loket_web_server_guard_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (h, "Content-Security-Policy", csp);
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (h, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (h, "X-Frame-Options", "DENY");
}

/* "en" where ?lang=en, or where the browser prefers English to
 * Indonesian; "id" otherwise. */
static const char *
request_language (SoupServerMessage *msg, GHashTable *query)
{
  const char *asked = query ? g_hash_table_lookup (query, "lang") : NULL;
  const char *header;
  GSList *tags;
  const char *lang = "id";

  if (g_strcmp0 (asked, "en") == 0 || g_strcmp0 (asked, "id") == 0)
    return g_str_equal (asked, "en") ? "en" : "id";
  header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Accept-Language");
  if (header == NULL)
    return lang;
  tags = soup_header_parse_quality_list (header, NULL);
  for (GSList *t = tags; t != NULL; t = t->next)
    {
      const char *tag = t->data;

      if (g_ascii_strncasecmp (tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        { lang = "en"; break; }
      if (g_ascii_strncasecmp (tag, "id", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        break;
    }
  soup_header_free_list (tags);
  return lang;
}

void
loket_web_server_respond_error (SoupServerMessage *msg,
                                guint              status,
                                LoketWebErrorPage  page,
                                const char        *lang)
{
  loket_web_respond_string (msg, status, "text/html; charset=utf-8", loket_web_page_error (page, lang), "no-store");
}

/* ---- the version of the page, and the live streams --------------------- */

static GHashTable *
record_of (LoketWebServer *self)
{
  return self->data ? loket_web_data_get_record (self->data) : NULL;
}

static JsonObject *
complaints_of (LoketWebServer *self)
{
  return self->data ? loket_web_data_get_complaints (self->data) : NULL;
}

static char *
current_version (LoketWebServer *self)
{
  g_autofree char *page = loket_web_page_office (self->model, record_of (self), complaints_of (self), "id", NULL,
                                                      g_get_real_time ());
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, page, -1);

  return g_strndup (digest, 16);
}

static void
stream_write (Stream *s, const char *text)
{
  gsize len = strlen (text);

  soup_message_body_append (soup_server_message_get_response_body (s->msg), SOUP_MEMORY_COPY, text, len);
  s->backlog += len;
  soup_server_message_unpause (s->msg);
}

/* An event for @s, unless its output is backed up: then it is skipped
 * and made up for once the output drained. */
static void
stream_send_version (Stream *s)
{
  g_autofree char *event = NULL;

  if (s->backlog > s->server->limits.max_backlog)
    {
      s->missed = TRUE;
      return;
    }
  s->missed = FALSE;
  if (s->ticket != 0)
    event = g_strdup_printf ("event: ticket\ndata: %s\n\n", s->state);
  else
    event = g_strdup_printf ("event: office\ndata: %s\n\n", s->server->version);
  stream_write (s, event);
}

/* A ticket's stream gets its ticket's live state when that changed. */
static void
stream_check_ticket (Stream *s, GHashTable *places)
{
  g_autofree char *state = loket_web_ticket_live_state (s->server->model, places, s->ticket, NULL);

  if (state == NULL || g_strcmp0 (state, s->state) == 0)
    return;
  g_free (s->state);
  s->state = g_steal_pointer (&state);
  stream_send_version (s);
}

static void
on_stream_wrote (SoupServerMessage *msg, guint size, gpointer data)
{
  Stream *s = data;

  s->backlog -= MIN (s->backlog, (gsize) size);
  if (s->missed && s->backlog == 0)
    stream_send_version (s);
}

static void
on_stream_finished (SoupServerMessage *msg, gpointer data)
{
  Stream *s = data;
  LoketWebServer *self = s->server;

  g_signal_handlers_disconnect_by_data (msg, s);
  g_ptr_array_remove_fast (self->streams, s);
  g_object_unref (s->msg);
  g_free (s->state);
  g_free (s);
  g_debug ("a live stream closed; %u open", self->streams->len);
}

/* Renders the page's version, once a second at most unless the model
 * changed (the page shows the time to the minute); tells every stream if
 * it changed. */
static void
check_version (LoketWebServer *self)
{
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *version = NULL;

  if (self->version != NULL && !self->changed && second == self->checked)
    return;
  self->changed = FALSE;
  self->checked = second;
  version = current_version (self);
  if (g_strcmp0 (version, self->version) == 0)
    return;
  g_free (self->version);
  self->version = g_steal_pointer (&version);
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *s = g_ptr_array_index (self->streams, i);

      if (s->ticket == 0)
        stream_send_version (s);
    }
}

static void
check_tickets (LoketWebServer *self)
{
  g_autoptr(GHashTable) places = NULL;

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *s = g_ptr_array_index (self->streams, i);

      if (s->ticket == 0)
        continue;
      if (places == NULL)
        places = loket_web_ticket_places (self->model);
      stream_check_ticket (s, places);
    }
}

static gboolean
check_soon_cb (gpointer data)
{
  LoketWebServer *self = data;

  self->soon_id = 0;
  check_version (self);
  check_tickets (self);
  return G_SOURCE_REMOVE;
}

/* The model changed: several events often come at once, one check after. */
static void
on_model_changed (LoketWebServer *self)
{
  self->changed = TRUE;
  if (self->soon_id == 0)
    self->soon_id = g_timeout_add (CHECK_SOON_MS, check_soon_cb, self);
}

/* Once a second while someone watches: the SERVICES figures the model
 * asks for after events, and the clock, change the page too. */
static gboolean
tick_cb (gpointer data)
{
  LoketWebServer *self = data;

  if (self->streams->len > 0)
    check_version (self);
  return G_SOURCE_CONTINUE;
}

/* A comment line now and then keeps proxies from closing a quiet stream
 * and lets a dead connection's write fail. */
static gboolean
keepalive_cb (gpointer data)
{
  LoketWebServer *self = data;

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *s = g_ptr_array_index (self->streams, i);

      if (s->backlog <= self->limits.max_backlog)
        stream_write (s, ": keep-alive\n\n");
    }
  return G_SOURCE_CONTINUE;
}

/* FALSE, with a 503 that says so, when the live streams are at their cap. */
static gboolean
room_for_a_stream (LoketWebServer *self, SoupServerMessage *msg, const char *lang)
{
  if (self->streams->len < self->limits.max_streams)
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
  loket_web_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, LOKET_WEB_ERROR_PAGE_BUSY, lang);
  return FALSE;
}

/* Turns @msg into a live stream (@ticket 0: the office's). */
static Stream *
open_stream (LoketWebServer *self, SoupServerMessage *msg, gint64 ticket)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  Stream *s;

  loket_web_server_guard_headers (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (h, "text/event-stream", NULL);
  soup_message_headers_replace (h, "Cache-Control", "no-store");
  /* nginx would otherwise buffer the stream (docs/web.md). */
  soup_message_headers_replace (h, "X-Accel-Buffering", "no");
  soup_message_headers_set_encoding (h, SOUP_ENCODING_CHUNKED);
  /* Written chunks are dropped, not kept for the whole life of the stream. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  s = g_new0 (Stream, 1);
  s->server = self;
  s->msg = g_object_ref (msg);
  s->ticket = ticket;
  g_ptr_array_add (self->streams, s);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (on_stream_wrote), s);
  g_signal_connect (msg, "finished", G_CALLBACK (on_stream_finished), s);
  stream_write (s, "retry: 5000\n\n");
  return s;
}

static void
serve_events (LoketWebServer *self, SoupServerMessage *msg, const char *lang)
{
  Stream *s;

  if (!room_for_a_stream (self, msg, lang))
    return;
  s = open_stream (self, msg, 0);
  if (self->version == NULL)
    check_version (self);
  stream_send_version (s);
}

void
loket_web_server_open_ticket_stream (LoketWebServer    *self,
                                     SoupServerMessage *msg,
                                     gint64             ticket,
                                     char              *state,
                                     const char        *lang)
{
  Stream *s;

  if (!room_for_a_stream (self, msg, lang))
    {
      g_free (state);
      return;
    }
  s = open_stream (self, msg, ticket);
  s->state = state;
  stream_send_version (s);
}

/* ---- who asks ------------------------------------------------------------ */

static gboolean
is_trusted_proxy (LoketWebServer *self, const char *address)
{
  g_autoptr(GInetAddress) inet = address ? g_inet_address_new_from_string (address) : NULL;

  for (guint i = 0; inet != NULL && i < self->proxies->len; i++)
    if (g_inet_address_mask_matches (g_ptr_array_index (self->proxies, i), inet))
      return TRUE;
  return FALSE;
}

static gboolean
add_proxies (LoketWebServer *self, const char * const *proxies, GError **error)
{
  for (guint i = 0; proxies != NULL && proxies[i] != NULL; i++)
    {
      g_autofree char *proxy = g_strstrip (g_strdup (proxies[i]));
      GInetAddressMask *mask = g_inet_address_mask_new_from_string (proxy, NULL);

      if (mask == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "trusted proxy “%s” is not an address or network", proxy);
          return FALSE;
        }
      g_ptr_array_add (self->proxies, mask);
    }
  return TRUE;
}

/* The client's address: the peer's, or behind trusted reverse proxies
 * the nearest address in X-Forwarded-For that is not one of them (the
 * ones further left are the client's to write, and so to forge). */
static char *
client_address (LoketWebServer *self, SoupServerMessage *msg)
{
  const char *peer = soup_server_message_get_remote_host (msg);
  const char *forwarded;
  g_auto(GStrv) hops = NULL;

  if (!is_trusted_proxy (self, peer))
    return g_strdup (peer ? peer : "");
  forwarded = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "X-Forwarded-For");
  if (forwarded == NULL)
    return g_strdup (peer);
  hops = g_strsplit (forwarded, ",", -1);
  for (gint i = (gint) g_strv_length (hops) - 1; i >= 0; i--)
    {
      const char *hop = g_strstrip (hops[i]);

      if (!is_trusted_proxy (self, hop))
        return g_strdup (hop);
    }
  return g_strdup (peer);
}

/* One more request from its client, or 429 with when to come back. */
static gboolean
admit_client (LoketWebServer *self, SoupServerMessage *msg, const char *lang)
{
  g_autofree char *address = client_address (self, msg);
  g_autofree char *after = NULL;
  guint retry_after_s = 0;

  if (loket_web_limiter_take (self->limiter, address, g_get_monotonic_time (), &retry_after_s))
    return TRUE;
  g_message ("refused a request from %s: over the rate limit", address);
  after = g_strdup_printf ("%u", retry_after_s);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", after);
  loket_web_server_respond_error (msg, HTTP_TOO_MANY_REQUESTS, LOKET_WEB_ERROR_PAGE_SLOW_DOWN, lang);
  return FALSE;
}

/* ---- routing ----------------------------------------------------------- */

/* A crowd of phones refreshing at once costs one rendering a second per
 * language, not one a phone. */
static void
serve_office (LoketWebServer *self, SoupServerMessage *msg, const char *lang)
{
  Rendered *r;

  check_version (self);
  r = g_hash_table_lookup (self->rendered, lang);
  if (r == NULL)
    {
      r = g_new0 (Rendered, 1);
      g_hash_table_insert (self->rendered, g_strdup (lang), r);
    }
  if (r->page == NULL || r->second != self->checked || g_strcmp0 (r->version, self->version) != 0)
    {
      g_free (r->page);
      g_free (r->version);
      r->page = loket_web_page_office (self->model, record_of (self), complaints_of (self), lang, self->version, g_get_real_time ());
      r->version = g_strdup (self->version);
      r->second = self->checked;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Vary", "Accept-Language");
  loket_web_respond_string (msg, SOUP_STATUS_OK, "text/html; charset=utf-8", g_strdup (r->page), "no-store");
}

static void
serve_static (SoupServerMessage *msg, const char *name, const char *type)
{
  g_autofree char *path = g_strconcat ("/org/loket/web/", name, NULL);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (loket_web_get_resource (), path,
                                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  gsize size = 0;
  const char *data;

  g_assert (bytes != NULL);   /* compiled in */
  data = g_bytes_get_data (bytes, &size);
  loket_web_server_guard_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "public, max-age=3600");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, data, size);
}

static void
handle (SoupServer        *soup,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  LoketWebServer *self = data;
  const char *lang = request_language (msg, query);

  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;   /* refused by the guards on its headers */
  if (!admit_client (self, msg, lang))
    return;
  if (self->handler != NULL && !g_str_has_prefix (path, "/static/"))
    self->handler (msg, path, query, lang, self->handler_data);
  else if (g_str_equal (path, "/"))
    serve_office (self, msg, lang);
  else if (g_str_equal (path, "/events") && soup_server_message_get_method (msg) == SOUP_METHOD_GET)
    serve_events (self, msg, lang);
  else if (g_str_has_prefix (path, "/t/"))
    loket_web_citizen_serve_ticket (self, msg, path + strlen ("/t/"), lang);
  else if (g_str_equal (path, "/complaint"))
    loket_web_citizen_serve_public_complaint (self, msg, lang);
  else if (g_str_has_prefix (path, "/c/"))
    loket_web_citizen_serve_tracking (self, msg, path + strlen ("/c/"), lang);
  else if (g_str_has_prefix (path, "/data/") && self->data != NULL)
    loket_web_data_serve (self->data, msg, path, query, loket_web_server_guard_headers);
  else if (g_str_equal (path, "/static/style.css"))
    serve_static (msg, "style.css", "text/css; charset=utf-8");
  else if (g_str_equal (path, "/static/live.js"))
    serve_static (msg, "live.js", "text/javascript; charset=utf-8");
  else if (g_str_equal (path, "/static/survey.css"))
    serve_static (msg, "survey.css", "text/css; charset=utf-8");
  else if (g_str_equal (path, "/static/region.css"))
    serve_static (msg, "region.css", "text/css; charset=utf-8");
  else
    loket_web_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, LOKET_WEB_ERROR_PAGE_NOT_FOUND, lang);
}

/* ---- guards on a request before its body ------------------------------- */

typedef struct { guint count; gsize bytes; } HeaderSize;

/* "/t/TOKEN/survey", "/t/TOKEN/complaint" and "/complaint", the
 * addresses that take a POST; the largest body each takes (0: none). */
static gsize
post_body_cap (const char *path)
{
  const char *rest = g_str_has_prefix (path, "/t/") ? path + 3 : NULL;
  const char *slash = rest ? strchr (rest, '/') : NULL;

  if (g_str_equal (path, "/complaint"))
    return LOKET_WEB_COMPLAINT_MAX_BODY;
  if (slash == NULL || slash == rest)
    return 0;
  if (g_str_equal (slash, "/survey"))
    return LOKET_WEB_SURVEY_MAX_BODY;
  if (g_str_equal (slash, "/complaint"))
    return LOKET_WEB_COMPLAINT_MAX_BODY;
  return 0;
}

static void
count_header (const char *name, const char *value, gpointer data)
{
  HeaderSize *size = data;

  size->count++;
  size->bytes += strlen (name) + strlen (value) + 4;
}

static void
on_got_headers (SoupServerMessage *msg, gpointer data)
{
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  HeaderSize size = { 0, 0 };
  gsize uri_length = strlen (g_uri_get_path (uri)) + (g_uri_get_query (uri) ? strlen (g_uri_get_query (uri)) : 0);
  gsize cap = post_body_cap (g_uri_get_path (uri));

  /* The deadline for the headers is met. */
  g_object_set_data (G_OBJECT (msg), "loket-web-deadline", NULL);
  loket_web_server_guard_headers (msg);
  soup_message_headers_foreach (in, count_header, &size);
  if (method == SOUP_METHOD_POST && cap > 0)
    {
      /* The survey's and the complaint's forms, the only bodies read:
       * their length said up front and small, so that nothing large is
       * ever read. */
      if (uri_length > LOKET_WEB_MAX_URI)
        loket_web_server_respond_error (msg, SOUP_STATUS_REQUEST_URI_TOO_LONG, LOKET_WEB_ERROR_PAGE_TOO_LARGE, "id");
      else if (size.count > LOKET_WEB_MAX_HEADERS || size.bytes > LOKET_WEB_MAX_HEADER_BYTES)
        loket_web_server_respond_error (msg, 431, LOKET_WEB_ERROR_PAGE_TOO_LARGE, "id");
      else if (soup_message_headers_get_encoding (in) != SOUP_ENCODING_CONTENT_LENGTH)
        loket_web_server_respond_error (msg, SOUP_STATUS_LENGTH_REQUIRED, LOKET_WEB_ERROR_PAGE_TOO_LARGE, "id");
      else if (soup_message_headers_get_content_length (in) > (goffset) cap)
        loket_web_server_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, LOKET_WEB_ERROR_PAGE_TOO_LARGE, "id");
      else
        return;
    }
  else if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    cap > 0 ? "GET, HEAD, POST" : "GET, HEAD");
      loket_web_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, LOKET_WEB_ERROR_PAGE_METHOD, "id");
    }
  else if (uri_length > LOKET_WEB_MAX_URI)
    loket_web_server_respond_error (msg, SOUP_STATUS_REQUEST_URI_TOO_LONG, LOKET_WEB_ERROR_PAGE_TOO_LARGE, "id");
  else if (size.count > LOKET_WEB_MAX_HEADERS || size.bytes > LOKET_WEB_MAX_HEADER_BYTES)
    loket_web_server_respond_error (msg, 431, LOKET_WEB_ERROR_PAGE_TOO_LARGE, "id");
  else if (soup_message_headers_get_content_length (in) > 0 ||
           soup_message_headers_get_encoding (in) == SOUP_ENCODING_CHUNKED)
    loket_web_server_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, LOKET_WEB_ERROR_PAGE_TOO_LARGE, "id");
  else
    return;
  /* What is left of the request is not read: the connection ends here. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

typedef struct { GSocket *socket; guint id; } Deadline;

static gboolean
deadline_cb (gpointer data)
{
  Deadline *d = data;

  g_debug ("closing a connection that sent no request in time");
  d->id = 0;
  g_socket_shutdown (d->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
deadline_free (gpointer data)
{
  Deadline *d = data;

  g_clear_handle_id (&d->id, g_source_remove);
  g_object_unref (d->socket);
  g_free (d);
}

/* Every request on every connection: an idle timeout for the connection,
 * a deadline for this request's headers (a slow-headers client holds a
 * connection for that long at most; an idle keep-alive connection too). */
static void
on_request_started (SoupServer *soup, SoupServerMessage *msg, gpointer data)
{
  LoketWebServer *self = data;
  GSocket *socket = soup_server_message_get_socket (msg);
  Deadline *d;

  if (socket == NULL)
    return;
  g_socket_set_timeout (socket, self->limits.idle_timeout_s);
  d = g_new0 (Deadline, 1);
  d->socket = g_object_ref (socket);
  d->id = g_timeout_add_seconds (self->limits.header_timeout_s, deadline_cb, d);
  g_object_set_data_full (G_OBJECT (msg), "loket-web-deadline", d, deadline_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), self);
}

/* ---- life ---------------------------------------------------------------- */

static void
loket_web_server_dispose (GObject *object)
{
  LoketWebServer *self = LOKET_WEB_SERVER (object);

  g_clear_handle_id (&self->soon_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->keepalive_id, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  while (self->streams != NULL && self->streams->len > 0)
    {
      Stream *s = g_ptr_array_index (self->streams, 0);

      soup_message_body_complete (soup_server_message_get_response_body (s->msg));
      on_stream_finished (s->msg, s);
    }
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  if (self->data != NULL)
    g_signal_handlers_disconnect_by_data (self->data, self);
  g_clear_object (&self->data);
  g_clear_object (&self->model);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (loket_web_server_parent_class)->dispose (object);
}

static void
loket_web_server_finalize (GObject *object)
{
  LoketWebServer *self = LOKET_WEB_SERVER (object);

  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->rendered, g_hash_table_unref);
  g_clear_pointer (&self->limiter, loket_web_limiter_free);
  g_clear_pointer (&self->proxies, g_ptr_array_unref);
  g_free (self->version);
  G_OBJECT_CLASS (loket_web_server_parent_class)->finalize (object);
}

static void
loket_web_server_class_init (LoketWebServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = loket_web_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_web_server_finalize;
}

static void
loket_web_server_init (LoketWebServer *self)
{
  self->streams = g_ptr_array_new ();
  self->rendered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, rendered_free);
  self->proxies = g_ptr_array_new_with_free_func (g_object_unref);
}

/* The guards, the limits and the routes every gateway has; the office's
 * model is followed by loket_web_server_new() only. */
static LoketWebServer *
server_new (const LoketWebLimits *limits,
            GTlsCertificate      *tls,
            GError              **error)
{
  g_autoptr(LoketWebServer) self = g_object_new (LOKET_TYPE_WEB_SERVER, NULL);

  self->limits = *limits;
  /* Read here; the caller's lists are not kept. */
  self->limits.rate_exempt = self->limits.trusted_proxies = NULL;
  self->limiter = loket_web_limiter_new (limits->rate_per_s > 0 ? limits->rate_per_s : LOKET_WEB_DEFAULT_RATE_PER_S,
                                         limits->rate_burst > 0 ? limits->rate_burst : LOKET_WEB_DEFAULT_RATE_BURST,
                                         LOKET_WEB_RATE_ADDRESSES);
  if (!loket_web_limiter_set_exempt (self->limiter, limits->rate_exempt, error) ||
      !add_proxies (self, limits->trusted_proxies, error))
    {
      g_prefix_error (error, "loket-web: ");
      return NULL;
    }
  self->soup = g_object_new (SOUP_TYPE_SERVER, "server-header", "loket-web",
                             "tls-certificate", tls, NULL);
  soup_server_add_handler (self->soup, NULL, handle, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), self);
  return g_steal_pointer (&self);
}

LoketWebServer *
loket_web_server_new (LoketOfficeModel     *model,
                      LoketClient          *client,
                      const LoketWebLimits *limits,
                      GTlsCertificate      *tls,
                      GError              **error)
{
  LoketWebServer *self = server_new (limits, tls, error);

  if (self == NULL)
    return NULL;
  self->model = g_object_ref (model);
  self->client = client ? g_object_ref (client) : NULL;
  g_signal_connect_swapped (model, "event", G_CALLBACK (on_model_changed), self);
  g_signal_connect_swapped (model, "synced", G_CALLBACK (on_model_changed), self);
  g_signal_connect_swapped (model, "notify::online", G_CALLBACK (on_model_changed), self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  self->keepalive_id = g_timeout_add_seconds (KEEPALIVE_S, keepalive_cb, self);
  return self;
}

LoketWebServer *
loket_web_server_new_site (LoketWebHandler       handler,
                           gpointer              data,
                           const LoketWebLimits *limits,
                           GTlsCertificate      *tls,
                           GError              **error)
{
  LoketWebServer *self = server_new (limits, tls, error);

  if (self == NULL)
    return NULL;
  self->handler = handler;
  self->handler_data = data;
  return self;
}

void
loket_web_respond (SoupServerMessage *msg,
                   guint              status,
                   const char        *type,
                   char              *body,
                   gsize              length,
                   const char        *cache)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  loket_web_server_guard_headers (msg);
  soup_message_headers_replace (h, "Cache-Control", cache);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, body, length);
}

void
loket_web_respond_string (SoupServerMessage *msg,
                          guint              status,
                          const char        *type,
                          char              *body,
                          const char        *cache)
{
  loket_web_respond (msg, status, type, body, strlen (body), cache);
}

static gboolean
parse_listen (const char *listen, char **address, guint *port, GError **error)
{
  const char *colon = strrchr (listen, ':');
  const char *digits = colon ? colon + 1 : listen;
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (digits, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "listen “%s”: expected PORT, ADDRESS:PORT or [ADDRESS]:PORT", listen);
      return FALSE;
    }
  *port = (guint) value;
  *address = colon ? g_strndup (listen, colon - listen) : NULL;
  if (*address != NULL && (*address)[0] == '[')
    {
      char *inner = g_strndup (*address + 1, strlen (*address) - 2);

      g_free (*address);
      *address = inner;
    }
  return TRUE;
}

char *
loket_web_server_listen (LoketWebServer *self,
                         const char     *listen,
                         GError        **error)
{
  g_autofree char *address = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) where = NULL;
  SoupServerListenOptions options = 0;
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *host = NULL;
  GSList *listeners;
  char *url;
  guint port = 0;

  if (!parse_listen (listen, &address, &port, error))
    return NULL;
  if (soup_server_is_https (self->soup))
    options |= SOUP_SERVER_LISTEN_HTTPS;
  if (address == NULL)
    {
      if (!soup_server_listen_all (self->soup, port, options, error))
        return NULL;
    }
  else
    {
      if ((inet = g_inet_address_new_from_string (address)) == NULL)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "listen “%s”: “%s” is not an IP address", listen, address);
          return NULL;
        }
      where = g_inet_socket_address_new (inet, port);
      if (!soup_server_listen (self->soup, where, options, error))
        return NULL;
    }
  /* From the listening socket rather than soup_server_get_uris(), which
   * leaks an address in libsoup 3.2. */
  listeners = soup_server_get_listeners (self->soup);
  local = listeners ? g_socket_get_local_address (listeners->data, error) : NULL;
  g_slist_free (listeners);
  if (local == NULL)
    return NULL;
  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  url = g_strdup_printf ("%s://%s%s%s:%u/", soup_server_is_https (self->soup) ? "https" : "http",
                         strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  return url;
}

void
loket_web_server_set_data (LoketWebServer *self,
                           LoketWebData   *data)
{
  g_return_if_fail (self->data == NULL);
  self->data = g_object_ref (data);
  g_signal_connect_swapped (data, "changed", G_CALLBACK (on_model_changed), self);
}

guint
loket_web_server_get_n_streams (LoketWebServer *self)
{
  return self->streams->len;
}
