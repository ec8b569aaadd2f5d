/* loket-zap.h — the ZAP handler (ZeroMQ RFC 27) that admits only
 * allowlisted CURVE keys.
 *
 * It runs in the server's own main loop on an inproc REP socket bound to
 * "inproc://zeromq.zap.01" in the server's ZeroMQ context, and must exist
 * before any CURVE socket binds: without a handler ZeroMQ admits everyone.
 * An admitted peer's User-Id is its public key (Z85); the server looks the
 * key's name and role up for every request, so a revoked key loses its
 * rights at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "loket-keys.h"

G_BEGIN_DECLS

#define LOKET_TYPE_ZAP (loket_zap_get_type ())
G_DECLARE_FINAL_TYPE (LoketZap, loket_zap, LOKET, ZAP, GObject)

/* @allowlist is borrowed and must outlive the handler (or be replaced). */
LoketZap *loket_zap_new            (void            *zmq_context,
                                    LoketAllowlist  *allowlist,
                                    GError         **error);
void      loket_zap_set_allowlist  (LoketZap        *self,
                                    LoketAllowlist  *allowlist);
guint     loket_zap_get_refused    (LoketZap        *self);

G_END_DECLS
