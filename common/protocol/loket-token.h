/* loket-token.h — a ticket's token: the unguessable name by which a
 * citizen's phone follows the ticket (the QR code, /t/{token} in
 * loket-web).  Ticket numbers are guessable and never name a ticket on
 * the web; the token does, and nothing else about it.
 *
 * A token is 16 bytes (128 bits) from the kernel's CSPRNG (getrandom(2);
 * GRand is not one), written as 22 characters of unpadded base64url
 * (RFC 4648 §5: A–Z a–z 0–9 - _), which a URL carries as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LOKET_TOKEN_BYTES  16
#define LOKET_TOKEN_LENGTH 22

/* A new token, or NULL with @error where the kernel gives no randomness. */
char     *loket_token_new            (GError    **error);
/* Whether @text has a token's shape (the length and the alphabet):
 * anything else is not looked up at all. */
gboolean  loket_token_is_well_formed (const char *text);

G_END_DECLS
