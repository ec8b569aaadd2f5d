/* loket-zap.c — the ZAP handler (RFC 27, ZAP 1.0) in loketd's main loop.
 *
 * libzmq asks it about every new CURVE connection: version, request id,
 * domain, address, routing id, mechanism and credentials (for CURVE the
 * client's 32-byte public key).  We answer 200 with the client's public
 * key (Z85) as User-Id if the key is on the allowlist, 400 otherwise.
 * The User-Id is the key, not the client's name, so that the server can
 * ask the allowlist about the very key of each request: a key revoked
 * and a new one issued under the same name does not revive the old
 * key's open connections.  We always
 * answer with all six frames once the request id is known: a request left
 * unanswered would leave that connection hanging inside libzmq.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-zap"

#include "loket-zap.h"
#include "loket-error.h"
#include "loket-zmq-source.h"

#include <string.h>
#include <zmq.h>

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define ZAP_FRAMES 7        /* the request has at least 6, CURVE 7 */
#define MAX_PER_DISPATCH 64

struct _LoketZap
{
  GObject         parent_instance;
  void           *socket;
  GSource        *source;
  LoketAllowlist *allowlist;
  guint           refused;
};

G_DEFINE_FINAL_TYPE (LoketZap, loket_zap, G_TYPE_OBJECT)

/* One request, its frames copied out as byte strings. */
typedef struct {
  GPtrArray *frames;   /* GBytes* */
  gboolean   complete;
} ZapRequest;

static void
loket_zap_dispose (GObject *object)
{
  LoketZap *self = LOKET_ZAP (object);

  if (self->source != NULL)
    g_source_destroy (g_steal_pointer (&self->source));
  g_clear_pointer (&self->socket, loket_zmq_close);
  G_OBJECT_CLASS (loket_zap_parent_class)->dispose (object);
}

static void
loket_zap_class_init (LoketZapClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = loket_zap_dispose;
}

static void
loket_zap_init (LoketZap *self)
{
}

static gboolean
frame_equals (GPtrArray *frames, guint i, const char *text)
{
  gsize len = 0;
  const void *data;

  if (i >= frames->len)
    return FALSE;
  data = g_bytes_get_data (g_ptr_array_index (frames, i), &len);
  return len == strlen (text) && memcmp (data, text, len) == 0;
}

/* Reads one whole multipart request; FALSE if nothing was there. */
static gboolean
read_request (void *socket, GPtrArray *frames)
{
  int more = 1;

  while (more)
    {
      zmq_msg_t msg;

      zmq_msg_init (&msg);
      if (zmq_msg_recv (&msg, socket, ZMQ_DONTWAIT) < 0)
        {
          zmq_msg_close (&msg);
          return frames->len > 0;
        }
      more = zmq_msg_more (&msg);
      if (frames->len < 16)
        g_ptr_array_add (frames, g_bytes_new (zmq_msg_data (&msg), zmq_msg_size (&msg)));
      zmq_msg_close (&msg);
    }
  return TRUE;
}

/* A ZAP reply that does not go out leaves the peer's handshake hanging
 * until ZMQ_HANDSHAKE_IVL; there is nobody to return this to, so it is a
 * warning with ZeroMQ's reason. */
static void
send_reply (LoketZap   *self,
            GBytes     *request_id,
            const char *status,
            const char *text,
            const char *user_id)
{
  gsize id_len = 0;
  const void *id = g_bytes_get_data (request_id, &id_len);
  const struct { const void *data; size_t len; } frames[] = {
    { "1.0", 3 },
    { id, id_len },
    { status, strlen (status) },
    { text, strlen (text) },
    { user_id, strlen (user_id) },
    { "", 0 },    /* no metadata: keep it tiny */
  };

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      int flags = i + 1 < G_N_ELEMENTS (frames) ? ZMQ_SNDMORE : 0;

      if (zmq_send (self->socket, frames[i].data, frames[i].len, flags) < 0)
        {
          g_warning ("cannot send the ZAP reply (%s %s), frame %u: %s", status, text, i,
                     zmq_strerror (zmq_errno ()));
          return;
        }
    }
}

/* The peer's address, for the log. */
static char *
frame_text (GPtrArray *frames, guint i)
{
  gsize len = 0;
  const char *data;

  if (i >= frames->len)
    return g_strdup ("?");
  data = g_bytes_get_data (g_ptr_array_index (frames, i), &len);
  return g_utf8_make_valid (data, (gssize) len);
}

static void
handle_request (LoketZap *self, GPtrArray *frames)
{
  char z85[LOKET_Z85_KEY_LEN + 1] = "";
  const char *name = NULL;
  const char *why = "malformed request";
  LoketRole role = LOKET_ROLE_NONE;
  g_autofree char *address = NULL;

  if (frames->len < 2)
    {
      /* REP must answer before it can read again. */
      g_autoptr(GBytes) none = g_bytes_new (NULL, 0);

      self->refused++;
      send_reply (self, none, "400", "malformed request", "");
      return;
    }

  if (!frame_equals (frames, 0, "1.0") || frames->len < 6)
    why = "malformed request";
  else if (!frame_equals (frames, 2, LOKET_ZAP_DOMAIN))
    why = "wrong ZAP domain";
  else if (!frame_equals (frames, 5, "CURVE") || frames->len != ZAP_FRAMES ||
           g_bytes_get_size (g_ptr_array_index (frames, 6)) != 32)
    why = "not a CURVE connection";
  else
    {
      zmq_z85_encode (z85, g_bytes_get_data (g_ptr_array_index (frames, 6), NULL), 32);
      name = loket_allowlist_lookup_key (self->allowlist, z85, &role);
      why = "unknown key";
    }

  if (name != NULL)
    {
      g_debug ("admitted %s (%s)", name, loket_role_to_string (role));
      send_reply (self, g_ptr_array_index (frames, 1), "200", "OK", z85);
      return;
    }
  self->refused++;
  address = frame_text (frames, 3);
  g_message ("refused a connection from %s: %s%s%.8s…", address, why,
             z85[0] ? " " : "", z85);
  send_reply (self, g_ptr_array_index (frames, 1), "400", why, "");
}

static gboolean
zap_readable_cb (void *socket, gpointer user_data)
{
  LoketZap *self = user_data;

  for (guint i = 0; i < MAX_PER_DISPATCH && loket_zmq_socket_readable (socket); i++)
    {
      g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      if (!read_request (socket, frames))
        break;
      handle_request (self, frames);
    }
  return G_SOURCE_CONTINUE;
}

LoketZap *
loket_zap_new (void            *zmq_context,
               LoketAllowlist  *allowlist,
               GError         **error)
{
  g_autoptr(LoketZap) self = g_object_new (LOKET_TYPE_ZAP, NULL);
  int linger = 0;

  self->allowlist = allowlist;
  self->socket = zmq_socket (zmq_context, ZMQ_REP);
  if (self->socket == NULL ||
      zmq_setsockopt (self->socket, ZMQ_LINGER, &linger, sizeof linger) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "cannot open the ZAP handler's socket: %s",
                   zmq_strerror (zmq_errno ()));
      return NULL;
    }
  if (zmq_bind (self->socket, ZAP_ENDPOINT) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED, "cannot start the ZAP handler: %s",
                   zmq_strerror (zmq_errno ()));
      return NULL;
    }
  self->source = loket_zmq_watch (self->socket, zap_readable_cb, self, NULL);
  return g_steal_pointer (&self);
}

void
loket_zap_set_allowlist (LoketZap       *self,
                         LoketAllowlist *allowlist)
{
  self->allowlist = allowlist;
}

guint
loket_zap_get_refused (LoketZap *self)
{
  return self->refused;
}
