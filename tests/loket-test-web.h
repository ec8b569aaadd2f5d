/* loket-test-web.h — a real loket-web for the tests: started as a child
 * process against a LoketTestServer (key web1, an ephemeral port), asked
 * with libsoup's client, and loaded in headless Chromium for the DOM and
 * the screenshots.  Shared by test-web-data and test-web-skm.
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
/* SIGTERM, and asserts a clean exit. */
void          loket_test_web_stop  (LoketTestWeb    *web);
/* GET @path (below the gateway's URL); asserts @status; the body. */
char         *loket_test_web_get   (LoketTestWeb    *web,
                                    const char      *path,
                                    guint            status,
                                    SoupMessage    **out);
/* GET @path until the page holds @needle (within 20 s): what the
 * gateway reads from loketd after it synced comes without an event to
 * wait on, so the page is polled.  The page. */
char         *loket_test_web_page_with (LoketTestWeb *web,
                                        const char   *path,
                                        const char   *needle);

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
