/* loket-message.c — the codec for Loket's two-frame messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-message"

#include "loket-message.h"
#include "loket-error.h"

#include <errno.h>
#include <string.h>
#include <zmq.h>

static gboolean
type_is_valid (const guint8 *type,
               gsize         len)
{
  if (len == 0 || len > LOKET_MAX_TYPE_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!((type[i] >= 'A' && type[i] <= 'Z') || type[i] == '_'))
      return FALSE;
  return TRUE;
}

LoketMessage *
loket_message_new (const char *type,
                   JsonObject *body)
{
  LoketMessage *self;

  /* A type the peers would refuse is a bug here, not their problem. */
  g_return_val_if_fail (type != NULL && type_is_valid ((const guint8 *) type, strlen (type)), NULL);
  self = g_new0 (LoketMessage, 1);
  self->type = g_strdup (type);
  self->body = body ? json_object_ref (body) : json_object_new ();
  json_object_set_int_member (self->body, "v", LOKET_PROTOCOL_VERSION);
  return self;
}

LoketMessage *
loket_message_new_error (const char   *req_id,
                         const GError *error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *message = NULL;
  LoketErrorCode code = LOKET_ERROR_FAILED;

  if (error->domain == LOKET_ERROR)
    code = (LoketErrorCode) error->code;
  if (req_id != NULL)
    json_object_set_string_member (body, "req_id", req_id);
  json_object_set_string_member (body, "code", loket_error_code_to_string (code));
  /* An error may quote what it refuses: json-glib's parse errors quote the
   * bad string as far as it decoded it, which can end inside a UTF-8
   * sequence ("\u20ag").  A reply must be UTF-8 like any message (found by
   * fuzz-message). */
  message = g_utf8_make_valid (error->message, -1);
  json_object_set_string_member (body, "message", message);
  return loket_message_new ("ERROR", body);
}

void
loket_message_free (LoketMessage *self)
{
  if (self == NULL)
    return;
  g_free (self->type);
  g_clear_pointer (&self->body, json_object_unref);
  g_clear_pointer (&self->routing_id, g_bytes_unref);
  g_free (self->user_id);
  g_free (self->encoded);
  g_free (self);
}

char *
loket_json_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

void
loket_json_append_string (GString    *out,
                          const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        switch (c)
          {
          case '\b': g_string_append (out, "\\b"); break;
          case '\f': g_string_append (out, "\\f"); break;
          case '\n': g_string_append (out, "\\n"); break;
          case '\r': g_string_append (out, "\\r"); break;
          case '\t': g_string_append (out, "\\t"); break;
          default: g_string_append_printf (out, "\\u%04x", c); break;
          }
      else
        g_string_append_c (out, (char) c);   /* UTF-8 goes as it is, as json-glib writes it */
    }
  g_string_append_c (out, '"');
}

void
loket_json_append_int (GString *out,
                       gint64   value)
{
  char digits[24];
  guint n = 0;
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      digits[n++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    g_string_append_c (out, '-');
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

char *
loket_json_to_string_with (JsonObject *object,
                           const char *raw_members)
{
  g_autofree char *text = loket_json_to_string (object);
  gsize length = strlen (text);

  if (raw_members == NULL || *raw_members == '\0')
    return g_steal_pointer (&text);
  g_assert (length >= 2 && text[length - 1] == '}');
  /* "{…}" → "{…," raw "}", or "{" raw "}" for an empty object. */
  text[length - 1] = '\0';
  return g_strconcat (text, length > 2 ? "," : "", raw_members, "}", NULL);
}

/* json-glib writes a double as g_ascii_dtostr() does, plus ".0" when
 * there is no point: 1e400 (read as infinity) comes back as "inf.0" and
 * 1e40 as "1e+40.0", neither of them JSON.  Its parser also takes octal
 * escapes, which JSON has not: "\221" becomes a lone byte 0x91, and the
 * text written back is not UTF-8.  A body holding such a number or text
 * would be stored and replayed as a reply no client can read, so it is
 * refused on the way in.  Both found by tests/fuzz/fuzz-message.c. */
static gboolean
node_writes_back (JsonNode *node)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!node_writes_back (json_array_get_element (array, i)))
          return FALSE;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (node));
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = names; l != NULL; l = l->next)
        if (!g_utf8_validate (l->data, -1, NULL))
          return FALSE;
      for (GList *l = members; l != NULL; l = l->next)
        if (!node_writes_back (l->data))
          return FALSE;
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_utf8_validate (json_node_get_string (node), -1, NULL);
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return TRUE;
  g_ascii_dtostr (text, sizeof text, json_node_get_double (node));
  return strpbrk (text, "eEinfa") == NULL;
}

JsonObject *
loket_json_from_string (const char *text,
                        gssize      length,
                        GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, length, error))
    {
      g_prefix_error (error, "body is not JSON: ");
      if (error && *error)
        {
          (*error)->domain = LOKET_ERROR;
          (*error)->code = LOKET_ERROR_INVALID;
        }
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "body is not a JSON object");
      return NULL;
    }
  if (!node_writes_back (root))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "body holds a number or text JSON cannot carry (a number too large, too small "
                           "or not finite, or an escape that is not UTF-8)");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
loket_message_encode_body (LoketMessage *self,
                           gsize        *length)
{
  char *text = self->encoded ? g_strdup (self->encoded) : loket_json_to_string (self->body);

  if (length)
    *length = strlen (text);
  return text;
}


LoketMessage *
loket_message_decode (const void *type,
                      gsize       type_len,
                      const void *body,
                      gsize       body_len,
                      gsize       max_body,
                      GError    **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(LoketMessage) self = NULL;
  JsonNode *version;

  if (!type_is_valid (type, type_len))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "message type must be 1–16 capital letters");
      return NULL;
    }
  if (body_len > max_body)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "body of %" G_GSIZE_FORMAT " bytes exceeds the limit of %" G_GSIZE_FORMAT,
                   body_len, max_body);
      return NULL;
    }
  if (!g_utf8_validate_len (body, body_len, NULL))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "body is not UTF-8");
      return NULL;
    }
  object = loket_json_from_string (body, body_len, error);
  if (object == NULL)
    return NULL;

  version = json_object_get_member (object, "v");
  if (version == NULL || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_VERSION,
                           "body has no integer \"v\"");
      return NULL;
    }
  if (json_node_get_int (version) != LOKET_PROTOCOL_VERSION)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_VERSION,
                   "protocol version %" G_GINT64_FORMAT " is not spoken here (this is %d)",
                   json_node_get_int (version), LOKET_PROTOCOL_VERSION);
      return NULL;
    }

  self = g_new0 (LoketMessage, 1);
  self->type = g_strndup (type, type_len);
  self->body = g_steal_pointer (&object);
  return g_steal_pointer (&self);
}

gboolean
loket_message_send (LoketMessage *self,
                    void         *socket,
                    GError      **error)
{
  g_autofree char *body = NULL;
  gsize body_len = 0;

  body = loket_message_encode_body (self, &body_len);
  if (self->routing_id != NULL)
    {
      gsize id_len = 0;
      const void *id = g_bytes_get_data (self->routing_id, &id_len);

      if (zmq_send (socket, id, id_len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
        goto failed;
    }
  if (zmq_send (socket, self->type, strlen (self->type), ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
      zmq_send (socket, body, body_len, ZMQ_DONTWAIT) < 0)
    goto failed;
  return TRUE;

failed:
  /* EHOSTUNREACH: the peer left (ROUTER_MANDATORY); EAGAIN: its pipe is full. */
  g_set_error (error, LOKET_ERROR,
               zmq_errno () == EHOSTUNREACH ? LOKET_ERROR_NOT_FOUND : LOKET_ERROR_FAILED,
               "cannot send %s: %s", self->type, zmq_strerror (zmq_errno ()));
  return FALSE;
}

/* Reads the rest of a multipart message and throws it away. */
static void
drain_frames (void *socket,
              int   more)
{
  while (more)
    {
      zmq_msg_t frame;

      zmq_msg_init (&frame);
      if (zmq_msg_recv (&frame, socket, ZMQ_DONTWAIT) < 0)
        {
          zmq_msg_close (&frame);
          return;
        }
      more = zmq_msg_more (&frame);
      zmq_msg_close (&frame);
    }
}

LoketMessage *
loket_message_recv (void     *socket,
                    gboolean  routed,
                    GBytes  **routing_id,
                    GError  **error)
{
  zmq_msg_t frames[3];
  guint n_frames = 0;
  guint wanted = routed ? 3 : 2;
  g_autoptr(GBytes) peer = NULL;
  g_autofree char *user_id = NULL;
  LoketMessage *message = NULL;
  int more = 1;

  while (more && n_frames < wanted)
    {
      zmq_msg_init (&frames[n_frames]);
      if (zmq_msg_recv (&frames[n_frames], socket, ZMQ_DONTWAIT) < 0)
        {
          int err = zmq_errno ();

          zmq_msg_close (&frames[n_frames]);
          for (guint i = 0; i < n_frames; i++)
            zmq_msg_close (&frames[i]);
          g_set_error (error, LOKET_ERROR, err == EAGAIN ? LOKET_ERROR_EMPTY : LOKET_ERROR_FAILED,
                       "receive failed: %s", zmq_strerror (err));
          return NULL;
        }
      more = zmq_msg_more (&frames[n_frames]);
      n_frames++;
    }
  drain_frames (socket, more);

  if (routed)
    {
      /* Metadata rides on the peer's own frames, not on the routing id
       * frame that ROUTER makes up. */
      const char *uid = n_frames > 1 ? zmq_msg_gets (&frames[1], "User-Id") : NULL;

      peer = g_bytes_new (zmq_msg_data (&frames[0]), zmq_msg_size (&frames[0]));
      if (uid != NULL && *uid != '\0')
        user_id = g_strdup (uid);
    }

  if (more || n_frames != wanted)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                 "a message has exactly 2 frames (type, body), not %s%u",
                 more ? "more than " : "", n_frames - (routed ? 1 : 0));
  else
    {
      guint t = routed ? 1 : 0;

      message = loket_message_decode (zmq_msg_data (&frames[t]), zmq_msg_size (&frames[t]),
                                      zmq_msg_data (&frames[t + 1]), zmq_msg_size (&frames[t + 1]),
                                      routed ? LOKET_MAX_MESSAGE_SIZE : LOKET_MAX_REPLY_SIZE,
                                      error);
    }

  for (guint i = 0; i < n_frames; i++)
    zmq_msg_close (&frames[i]);

  if (message != NULL)
    {
      message->routing_id = peer ? g_bytes_ref (peer) : NULL;
      message->user_id = g_steal_pointer (&user_id);
    }
  if (routing_id != NULL)
    *routing_id = g_steal_pointer (&peer);
  return message;
}

gboolean
loket_message_check_error (LoketMessage *self,
                           GError      **error)
{
  LoketErrorCode code = LOKET_ERROR_FAILED;
  const char *text;

  if (g_strcmp0 (self->type, "ERROR") != 0)
    return TRUE;
  loket_error_code_from_string (loket_json_optional_string (self->body, "code"), &code);
  text = loket_json_optional_string (self->body, "message");
  g_set_error_literal (error, LOKET_ERROR, code, text ? text : "unspecified error");
  return FALSE;
}

JsonObject *
loket_json_object_new_valist (const char *first_key,
                              va_list     args)
{
  JsonObject *object = json_object_new ();

  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    json_object_set_string_member (object, key, va_arg (args, const char *));
  return object;
}

JsonObject *
loket_json_object_new_with (const char *first_key,
                            ...)
{
  JsonObject *object;
  va_list args;

  va_start (args, first_key);
  object = loket_json_object_new_valist (first_key, args);
  va_end (args);
  return object;
}

JsonObject *
loket_json_find_by_id (JsonObject *object,
                       const char *array_key,
                       const char *id)
{
  JsonNode *node = object && id ? json_object_get_member (object, array_key) : NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element) &&
          g_strcmp0 (loket_json_optional_string (json_node_get_object (element), "id"), id) == 0)
        return json_node_get_object (element);
    }
  return NULL;
}

const char *
loket_json_optional_string (JsonObject *object,
                            const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
loket_json_require_string (JsonObject *object,
                           const char *key,
                           GError    **error)
{
  const char *value = loket_json_optional_string (object, key);

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "field \"%s\" must be a non-empty string", key);
      return NULL;
    }
  return value;
}

gboolean
loket_json_require_int (JsonObject *object,
                        const char *key,
                        gint64     *value,
                        GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "field \"%s\" must be an integer", key);
      return FALSE;
    }
  *value = json_node_get_int (node);
  return TRUE;
}

gint64
loket_json_optional_int (JsonObject *object,
                         const char *key,
                         gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

void
loket_json_set_nullable_string (JsonObject *object,
                                const char *key,
                                const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, key, value);
  else
    json_object_set_null_member (object, key);
}
