/* loket-web-server.h — loket-web's HTTP side: a libsoup 3 SoupServer on
 * the GLib main loop that answers from a LoketOfficeModel.
 *
 *   /                the public office page (loket-web-page.h)
 *   /events          Server-Sent Events: "office" with the model's seq
 *                    whenever the page would look different
 *   /t/{token}       a citizen's ticket (loket-web-ticket.h), asked of
 *                    loketd with TICKET_STATUS
 *   /t/{token}/events  Server-Sent Events: "ticket" with the ticket's
 *                    live state whenever it changes
 *   /t/{token}/survey  the satisfaction survey for that ticket
 *                    (loket-web-survey.h): GET the form, POST the answers
 *   /data/…          the open data (loket-web-data.h)
 *   /static/…        the style sheet and the live script (GResource)
 *   anything else    a friendly 404
 *
 * Guards (docs/web.md): GET and HEAD only, no request body — but the
 * survey's POST, of a stated length up to LOKET_WEB_SURVEY_MAX_BODY and
 * from this site's own origin; a cap on the
 * request line and the headers; a rate per client address
 * (loket-web-limiter.h); an idle timeout on every connection and
 * a deadline for a request's headers; a cap on live streams; a live
 * stream whose output backs up is skipped (and closed by the idle
 * timeout if it stays stuck), so a slow phone cannot hold up the others.
 * Every response carries a strict Content-Security-Policy, nosniff and
 * no-referrer (same-origin on the survey's pages, so that its form's
 * POST names its origin).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "loket-office-model.h"
#include "loket-web-data.h"

G_BEGIN_DECLS

typedef struct {
  guint max_streams;       /* live /events streams at once */
  guint idle_timeout_s;    /* a connection with no progress is closed */
  guint header_timeout_s;  /* from connection to the request's headers */
  gsize max_backlog;       /* bytes queued for a stream before it is skipped */
  double rate_per_s;       /* requests an address may make a second… */
  guint  rate_burst;       /* …and at once (loket-web-limiter.h) */
  const char * const *rate_exempt;     /* networks never limited, or NULL */
  const char * const *trusted_proxies; /* whose X-Forwarded-For names the client */
} LoketWebLimits;

#define LOKET_WEB_DEFAULT_MAX_STREAMS 1000
#define LOKET_WEB_DEFAULT_IDLE_TIMEOUT_S 60
#define LOKET_WEB_DEFAULT_HEADER_TIMEOUT_S 10
#define LOKET_WEB_DEFAULT_MAX_BACKLOG (16 * 1024)
/* A page is three requests the first time (the page, its style and
 * script) and one a second at most while live; 60 at once and 10 a
 * second leave room for a family's phones behind one address. */
#define LOKET_WEB_DEFAULT_RATE_PER_S 10.0
#define LOKET_WEB_DEFAULT_RATE_BURST 60
/* Addresses remembered at once (a few dozen bytes each). */
#define LOKET_WEB_RATE_ADDRESSES 10000
/* The largest request line and header block accepted (bytes), and the
 * most header lines. */
#define LOKET_WEB_MAX_URI 2048
#define LOKET_WEB_MAX_HEADER_BYTES 8192
#define LOKET_WEB_MAX_HEADERS 64

#define LOKET_TYPE_WEB_SERVER (loket_web_server_get_type ())
G_DECLARE_FINAL_TYPE (LoketWebServer, loket_web_server, LOKET, WEB_SERVER, GObject)

/* @client: the gateway's own connection to loketd, for TICKET_STATUS
 * (NULL: no ticket pages, every /t/ is a 404).  @tls: the office's
 * certificate (with its key) to serve HTTPS, or NULL for plain HTTP
 * (behind a reverse proxy that terminates TLS). */
LoketWebServer *loket_web_server_new     (LoketOfficeModel     *model,
                                          LoketClient          *client,
                                          const LoketWebLimits *limits,
                                          GTlsCertificate      *tls,
                                          GError              **error);
/* A gateway without an office (`loket-web --central`): the same guards,
 * limits, TLS and static files, and @handler answers every other request
 * the guards admitted, in @lang (the one loket-web chose for it). */
typedef void (*LoketWebHandler) (SoupServerMessage *msg,
                                 const char        *path,
                                 GHashTable        *query,
                                 const char        *lang,
                                 gpointer           data);
LoketWebServer *loket_web_server_new_site (LoketWebHandler       handler,
                                           gpointer              data,
                                           const LoketWebLimits *limits,
                                           GTlsCertificate      *tls,
                                           GError              **error);
/* Answers @msg with @body (taken, @length bytes) of @type, the security
 * headers every response carries and Cache-Control: @cache. */
void            loket_web_respond         (SoupServerMessage *msg,
                                           guint              status,
                                           const char        *type,
                                           char              *body,
                                           gsize              length,
                                           const char        *cache);
/* The same with @body a NUL-terminated string. */
void            loket_web_respond_string  (SoupServerMessage *msg,
                                           guint              status,
                                           const char        *type,
                                           char              *body,
                                           const char        *cache);

/* @listen: "PORT", "ADDRESS:PORT" or "[ADDRESS]:PORT"; port 0 picks one.
 * Returns the URL it listens on. */
char           *loket_web_server_listen  (LoketWebServer *self,
                                          const char     *listen,
                                          GError        **error);
/* Serves /data/… and draws the record on the page from @data. */
void            loket_web_server_set_data (LoketWebServer *self,
                                           LoketWebData   *data);
guint           loket_web_server_get_n_streams (LoketWebServer *self);

G_END_DECLS
