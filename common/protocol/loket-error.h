/* loket-error.h — the one GError domain all of Loket reports through.
 *
 * Codes double as the protocol's error codes (docs/protocol.md): a refusal
 * made deep in the store travels to the kiosk as the same code, so a client
 * can act on it without parsing a message meant for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LOKET_ERROR (loket_error_quark ())

typedef enum {
  LOKET_ERROR_FAILED,          /* anything not listed below */
  LOKET_ERROR_INVALID,         /* malformed input: charter, message, argument */
  LOKET_ERROR_VERSION,         /* a protocol version we do not speak */
  LOKET_ERROR_UNKNOWN_TYPE,    /* a message type we do not know */
  LOKET_ERROR_DENIED,          /* the peer's role may not do this */
  LOKET_ERROR_NOT_FOUND,       /* no such service, counter, ticket, clerk */
  LOKET_ERROR_STATE,           /* not allowed in the current state */
  LOKET_ERROR_CLOSED,          /* outside opening hours */
  LOKET_ERROR_QUOTA,           /* the service's daily quota is used up */
  LOKET_ERROR_EMPTY,           /* nobody is waiting */
  LOKET_ERROR_EXPIRED,         /* the request's deadline has passed */
  LOKET_ERROR_TIMEOUT,         /* no answer in time (client side) */
  LOKET_ERROR_STORE,           /* the database failed */
  LOKET_ERROR_TAMPERED,        /* the event hash chain does not verify */
  LOKET_ERROR_AUTH,            /* wrong PIN, unknown clerk, rate-limited */
  LOKET_ERROR_STAFF_ROLE,      /* the person's staff role may not do this */
  LOKET_ERROR_ANSWERED,        /* this ticket's survey was already answered */
} LoketErrorCode;

GQuark       loket_error_quark          (void);
const char  *loket_error_code_to_string (LoketErrorCode code);
gboolean     loket_error_code_from_string (const char     *str,
                                           LoketErrorCode *code);

G_END_DECLS
