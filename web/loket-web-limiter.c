/* loket-web-limiter.c — a token bucket per client address; see
 * loket-web-limiter.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-limiter.h"

#include <math.h>

typedef struct {
  double tokens;
  gint64 at;       /* when @tokens was last brought up to date (µs) */
} Bucket;

struct _LoketWebLimiter {
  double      per_second;
  double      burst;
  guint       max_addresses;
  GHashTable *buckets;     /* address → Bucket */
  Bucket      newcomers;   /* shared by addresses past the cap */
  gint64      swept_at;    /* when idle buckets were last forgotten */
  GPtrArray  *exempt;      /* GInetAddressMask */
};

LoketWebLimiter *
loket_web_limiter_new (double per_second,
                       double burst,
                       guint  max_addresses)
{
  LoketWebLimiter *self = g_new0 (LoketWebLimiter, 1);

  g_return_val_if_fail (per_second > 0 && burst >= 1, NULL);
  self->per_second = per_second;
  self->burst = burst;
  self->max_addresses = MAX (max_addresses, 1);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->newcomers = (Bucket) { burst, 0 };
  self->swept_at = G_MININT64 / 2;   /* long ago */
  self->exempt = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

void
loket_web_limiter_free (LoketWebLimiter *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->buckets);
  g_ptr_array_unref (self->exempt);
  g_free (self);
}

gboolean
loket_web_limiter_set_exempt (LoketWebLimiter    *self,
                              const char * const *networks,
                              GError            **error)
{
  g_ptr_array_set_size (self->exempt, 0);
  for (guint i = 0; networks != NULL && networks[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *network = g_strstrip (g_strdup (networks[i]));
      GInetAddressMask *mask = g_inet_address_mask_new_from_string (network, &local);

      if (mask == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a network (an address, or ADDRESS/BITS)", network);
          return FALSE;
        }
      g_ptr_array_add (self->exempt, mask);
    }
  return TRUE;
}

static gboolean
is_exempt (LoketWebLimiter *self, const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (self->exempt->len == 0 || (inet = g_inet_address_new_from_string (address)) == NULL)
    return FALSE;
  for (guint i = 0; i < self->exempt->len; i++)
    if (g_inet_address_mask_matches (g_ptr_array_index (self->exempt, i), inet))
      return TRUE;
  return FALSE;
}

/* The bucket as it stands at @now: refilled for the time since. */
static void
refill (LoketWebLimiter *self, Bucket *b, gint64 now)
{
  if (now > b->at)
    b->tokens = MIN (self->burst, b->tokens + (now - b->at) * self->per_second / G_USEC_PER_SEC);
  b->at = MAX (b->at, now);
}

static gboolean
bucket_is_full (gpointer key, gpointer value, gpointer data)
{
  LoketWebLimiter *self = ((gpointer *) data)[0];
  gint64 now = *(gint64 *) ((gpointer *) data)[1];
  Bucket *b = value;

  refill (self, b, now);
  return b->tokens >= self->burst;
}

/* The bucket for @address: its own, a new one while there is room (after
 * forgetting the idle ones), or the newcomers' shared one. */
static Bucket *
bucket_for (LoketWebLimiter *self, const char *address, gint64 now)
{
  Bucket *b = g_hash_table_lookup (self->buckets, address);

  if (b != NULL)
    return b;
  /* A sweep walks the whole table: once a second at most, or a flood of
   * new addresses would pay for it on every request. */
  if (g_hash_table_size (self->buckets) >= self->max_addresses &&
      now - self->swept_at >= G_USEC_PER_SEC)
    {
      gpointer data[] = { self, &now };

      self->swept_at = now;
      g_hash_table_foreach_remove (self->buckets, bucket_is_full, data);
    }
  if (g_hash_table_size (self->buckets) >= self->max_addresses)
    return &self->newcomers;
  b = g_new (Bucket, 1);
  *b = (Bucket) { self->burst, now };
  g_hash_table_insert (self->buckets, g_strdup (address), b);
  return b;
}

gboolean
loket_web_limiter_take (LoketWebLimiter *self,
                        const char      *address,
                        gint64           now,
                        guint           *retry_after_s)
{
  Bucket *b;

  if (is_exempt (self, address))
    return TRUE;
  b = bucket_for (self, address, now);
  refill (self, b, now);
  if (b->tokens >= 1)
    {
      b->tokens -= 1;
      return TRUE;
    }
  *retry_after_s = (guint) MAX (1, ceil ((1 - b->tokens) / self->per_second));
  return FALSE;
}

guint
loket_web_limiter_get_size (LoketWebLimiter *self)
{
  return g_hash_table_size (self->buckets);
}
