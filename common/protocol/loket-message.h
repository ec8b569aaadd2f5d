/* loket-message.h — the wire protocol's one unit: a multipart ZeroMQ
 * message of two frames, a short ASCII type and a JSON object body that
 * carries "v": 1 (docs/protocol.md).
 *
 * The codec is deliberately small, in the manner of czmq's zproto codecs:
 * recv() consumes exactly one whole multipart message, whatever it holds,
 * and either returns a validated message or an error — never a half-read
 * socket.  The message owns its body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LOKET_PROTOCOL_VERSION 1
/* The largest request body the server accepts (also its ZMQ_MAXMSGSIZE:
 * a peer sending more is disconnected unread). */
#define LOKET_MAX_MESSAGE_SIZE (64 * 1024)
/* What clients accept from the server: a snapshot of a busy day holds
 * every waiting ticket, far more than any request. */
#define LOKET_MAX_REPLY_SIZE (16 * 1024 * 1024)
#define LOKET_MAX_TYPE_LENGTH 16

typedef struct {
  char       *type;        /* frame 0: "ISSUE", "OK", "CALLED", … */
  JsonObject *body;        /* frame 1: JSON object with "v" */
  GBytes     *routing_id;  /* ROUTER side only: the peer's identity */
  char       *user_id;     /* ROUTER side only: ZAP User-Id, or NULL */
  char       *encoded;     /* the body as already encoded, or NULL; when set
                            * it is what goes on the wire, byte for byte */
} LoketMessage;

/* Takes a reference on @body (NULL → empty object) and sets "v". */
LoketMessage *loket_message_new        (const char       *type,
                                        JsonObject       *body);
/* An "ERROR" reply for @req_id carrying @error's code and message. */
LoketMessage *loket_message_new_error  (const char       *req_id,
                                        const GError     *error);
void          loket_message_free       (LoketMessage     *message);

/* Sends [routing_id] type body.  Never blocks: a full pipe is an error. */
gboolean      loket_message_send       (LoketMessage     *message,
                                        void             *socket,
                                        GError          **error);
/* Receives one whole message.  @routed: the socket is a ROUTER, so the
 * first frame is the peer's identity, and this is the server reading a
 * request (at most LOKET_MAX_MESSAGE_SIZE; else a client reading a reply
 * or event, at most LOKET_MAX_REPLY_SIZE); on failure *@routing_id (if
 * given) still names the peer so that it can be told what was wrong. */
LoketMessage *loket_message_recv       (void             *socket,
                                        gboolean          routed,
                                        GBytes          **routing_id,
                                        GError          **error);
/* Validates and builds a message from raw frames (also used by fuzzing);
 * bodies over @max_body bytes are refused. */
LoketMessage *loket_message_decode     (const void       *type,
                                        gsize             type_len,
                                        const void       *body,
                                        gsize             body_len,
                                        gsize             max_body,
                                        GError          **error);
char         *loket_message_encode_body (LoketMessage    *message,
                                         gsize           *length);

/* For "ERROR" messages: sets @error from the body and returns FALSE;
 * for any other type returns TRUE. */
gboolean      loket_message_check_error (LoketMessage    *message,
                                         GError         **error);

/* Body accessors that explain what is wrong with the field. */
const char   *loket_json_require_string (JsonObject      *object,
                                         const char      *key,
                                         GError         **error);
const char   *loket_json_optional_string (JsonObject     *object,
                                          const char     *key);
/* A request body of string members: ("counter", "3", "reason", "…", NULL). */
JsonObject   *loket_json_object_new_with (const char     *first_key,
                                          ...) G_GNUC_NULL_TERMINATED;
JsonObject   *loket_json_object_new_valist (const char   *first_key,
                                            va_list       args);
/* The element of @object's array @array_key whose "id" is @id, e.g. a
 * service in a snapshot's "services"; NULL if there is none. */
JsonObject   *loket_json_find_by_id     (JsonObject      *object,
                                         const char      *array_key,
                                         const char      *id);
gboolean      loket_json_require_int    (JsonObject      *object,
                                         const char      *key,
                                         gint64          *value,
                                         GError         **error);
gint64        loket_json_optional_int   (JsonObject      *object,
                                         const char      *key,
                                         gint64           fallback);
/* Sets @key to @value, or to null when @value is NULL: optional fields are
 * always present on the wire, so readers need not guess. */
void          loket_json_set_nullable_string (JsonObject *object,
                                              const char *key,
                                              const char *value);
/* One JSON object as a compact string (for logs, the store, `watch`). */
char         *loket_json_to_string      (JsonObject      *object);

/* Writing JSON text directly, for the one reply as long as the queue
 * (QUEUE): json-glib spends some 4 000 instructions per member building,
 * encoding and freeing a tree, a GString a few dozen.  @value as a JSON
 * string (quoted, escaped), or null when it is NULL. */
void          loket_json_append_string  (GString         *out,
                                         const char      *value);
void          loket_json_append_int     (GString         *out,
                                         gint64           value);
/* @object as compact text with @raw_members — "name":value pairs already
 * written as JSON, comma-separated — after its own members (NULL or ""
 * adds none). */
char         *loket_json_to_string_with (JsonObject      *object,
                                         const char      *raw_members);
JsonObject   *loket_json_from_string    (const char      *text,
                                         gssize           length,
                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketMessage, loket_message_free)

G_END_DECLS
