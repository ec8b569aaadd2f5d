/* loket-token.c — tickets' tokens (see loket-token.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-token"

#include "loket-token.h"
#include "loket-error.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

static const char alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Fills @buf from the kernel's CSPRNG; blocks only before the pool is
 * first seeded, early in boot. */
static gboolean
random_bytes (guint8 *buf, gsize len, GError **error)
{
  gsize got = 0;

  while (got < len)
    {
      ssize_t n = getrandom (buf + got, len - got, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                       "no randomness for a ticket token (getrandom: %s)", g_strerror (saved));
          return FALSE;
        }
      got += (gsize) n;
    }
  return TRUE;
}

char *
loket_token_new (GError **error)
{
  guint8 bytes[LOKET_TOKEN_BYTES + 2] = { 0 };   /* padded to a multiple of three */
  char *token = g_malloc (LOKET_TOKEN_LENGTH + 1);
  guint out = 0;

  if (!random_bytes (bytes, LOKET_TOKEN_BYTES, error))
    {
      g_free (token);
      return NULL;
    }
  for (guint i = 0; i < LOKET_TOKEN_BYTES; i += 3)
    {
      guint32 v = (guint32) bytes[i] << 16 | (guint32) bytes[i + 1] << 8 | bytes[i + 2];

      for (int shift = 18; shift >= 0 && out < LOKET_TOKEN_LENGTH; shift -= 6)
        token[out++] = alphabet[(v >> shift) & 0x3f];
    }
  token[out] = '\0';
  memset (bytes, 0, sizeof bytes);
  return token;
}

gboolean
loket_token_is_well_formed (const char *text)
{
  if (text == NULL || strlen (text) != LOKET_TOKEN_LENGTH)
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      return FALSE;
  return TRUE;
}
