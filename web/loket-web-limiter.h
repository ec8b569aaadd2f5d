/* loket-web-limiter.h — how often one address may ask: a token bucket
 * per client address.
 *
 * Each address may make @burst requests at once and @per_second after
 * that; a request beyond gets "429 Too Many Requests" with the seconds
 * until it may ask again.  The table of addresses is bounded: past
 * @max_addresses, the buckets that have filled up again (idle addresses)
 * are forgotten, and if that is not enough, every address not yet known
 * shares one bucket of its own — a crowd of new addresses can neither
 * grow the gateway's memory nor take the known ones' share.
 *
 * Exempt networks (an office's own Wi-Fi, whose phones all come from one
 * public address through its NAT) are never limited.  Which address a
 * request comes from — the peer, or the X-Forwarded-For of a trusted
 * reverse proxy — is the caller's business (loket-web-server.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _LoketWebLimiter LoketWebLimiter;

LoketWebLimiter *loket_web_limiter_new  (double             per_second,
                                         double             burst,
                                         guint              max_addresses);
void             loket_web_limiter_free (LoketWebLimiter   *self);

/* Networks ("10.1.0.0/16", "192.0.2.7", "2001:db8::/32") never limited;
 * FALSE with @error naming the one that is not a network. */
gboolean         loket_web_limiter_set_exempt (LoketWebLimiter    *self,
                                               const char * const *networks,
                                               GError            **error);

/* One request from @address (text, as libsoup gives it) at @now (µs,
 * monotonic): TRUE if it may go ahead; else FALSE and, in
 * @retry_after_s, the whole seconds until it may (at least 1). */
gboolean         loket_web_limiter_take (LoketWebLimiter   *self,
                                         const char        *address,
                                         gint64             now,
                                         guint             *retry_after_s);

/* Addresses with a bucket of their own. */
guint            loket_web_limiter_get_size (LoketWebLimiter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketWebLimiter, loket_web_limiter_free)

G_END_DECLS
