/* loket-test-web.h — a real loket-web for the tests: started as a child
 * process against a LoketTestServer (key web1, an ephemeral port), asked
 * with libsoup's client, and loaded in headless Chromium for the DOM and
 * the screenshots.  Shared by the test-web* tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "loket-test-server.h"

G_BEGIN_DECLS

typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  char             *url;   /* "http://127.0.0.1:PORT/" */
} LoketTestWeb;

/* Starts loket-web ($LOKET_WEB) for @server and waits until it says it is
 * listening and synced. */
LoketTestWeb *loket_test_web_start (LoketTestServer *server);
/* As loket_test_web_start, with the arguments @extra (NULL-ended; NULL:
 * none) after the usual ones.  A gateway with --certificate= listens on
 * https:// and runs without the leak check. */
LoketTestWeb *loket_test_web_start_with (LoketTestServer    *server,
                                         const char * const *extra);
/* SIGTERM, and asserts a clean exit. */
void          loket_test_web_stop  (LoketTestWeb    *web);
/* The next line of @in, or NULL at its end or after @timeout_ms. */
char         *loket_test_read_line (GDataInputStream *in,
                                    guint             timeout_ms);
/* The one client session of the test (a 30 s timeout). */
SoupSession  *loket_test_web_session (void);
/* The gateway's URL with @path (with or without its leading slash). */
char         *loket_test_web_url   (LoketTestWeb    *web,
                                    const char      *path);
/* Sends @msg; its body as a string (NUL-terminated), whatever its status. */
char         *loket_test_web_send  (SoupMessage     *msg);
/* GET @path (below the gateway's URL); asserts @status; the body. */
char         *loket_test_web_get   (LoketTestWeb    *web,
                                    const char      *path,
                                    guint            status,
                                    SoupMessage    **out);
/* The same with an Accept-Language of @accept_language (NULL: none). */
char         *loket_test_web_get_in (LoketTestWeb   *web,
                                     const char     *path,
                                     const char     *accept_language,
                                     guint           status,
                                     SoupMessage   **out);
/* GET @path until the page holds @needle (within 20 s): what the
 * gateway reads from loketd after it synced comes without an event to
 * wait on, so the page is polled.  The page. */
char         *loket_test_web_page_with (LoketTestWeb *web,
                                        const char   *path,
                                        const char   *needle);

/* How many times @needle stands in @haystack. */
guint         loket_test_count     (const char      *haystack,
                                    const char      *needle);

/* Whether chromium is installed; if not, says the test is skipped. */
gboolean      loket_test_have_chromium (void);
/* Runs headless Chromium on @url with the arguments given (NULL-ended);
 * its standard output. */
char         *loket_test_chromium  (const char      *url,
                                    const char      *first_arg,
                                    ...) G_GNUC_NULL_TERMINATED;
/* With LOKET_SCREENSHOTS=DIR, Chromium's picture of @url at @size
 * ("390,844") as DIR/@name; nothing otherwise. */
void          loket_test_chromium_screenshot (const char *url,
                                              const char *name,
                                              const char *size);

G_END_DECLS
