/* fuzz-message.c — the codec (common/protocol/loket-message.c) on arbitrary frames.
 *
 * The input is the two frames of a message: frame 0 (the type) up to the
 * first newline, frame 1 (the body) after it; without a newline the first
 * byte, if any, gives frame 0's length.  Whatever decodes must encode and
 * decode again to the very same message: what the server stores as a
 * reply and replays to a retry is the encoding, so an encoding that does
 * not read back would turn a retry into an error.  The body accessors are
 * run over the decoded body as the server and clients use them, and an
 * error reply is built from every refusal, as the server does.  A
 * message whose type is a request of the protocol table then goes through
 * admission with every role: it is admitted, `denied`, or `invalid`
 * naming a field.
 *
 * An input that starts with "~" is a request built from the protocol
 * table instead (loket-fuzz-body.h): the bytes pick its type, its role and
 * its fields, now and then breaking one; it goes through the codec, and
 * then admission must take it exactly when it is well-formed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-fuzz.h"
#include "loket-fuzz-body.h"
#include "loket-error.h"
#include "loket-message.h"

#include <string.h>

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  loket_fuzz_init ();
  return 0;
}

/* The two frames of the input (see above); both point into @data. */
typedef struct {
  const uint8_t *type;
  gsize          type_len;
  const uint8_t *body;
  gsize          body_len;
} Frames;

static Frames
split_frames (const uint8_t *data, size_t size)
{
  const uint8_t *nl = memchr (data, '\n', size);
  Frames f = { data, 0, data, 0 };

  if (nl != NULL)
    {
      f.type_len = (gsize) (nl - data);
      f.body = nl + 1;
    }
  else if (size > 0)
    {
      f.type = data + 1;
      f.type_len = MIN ((gsize) data[0] % 20, size - 1);
      f.body = f.type + f.type_len;
    }
  f.body_len = size - (gsize) (f.body - data);
  return f;
}

/* The accessors every handler and client applies to bodies; none may
 * complain (a critical aborts) whatever the body holds. */
static void
read_like_a_handler (LoketMessage *message)
{
  static const char * const keys[] = { "v", "req_id", "device_id", "deadline", "service", "ticket",
                                       "counter", "code", "message", "seq", "services", NULL };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      gint64 value = 0;

      (void) loket_json_optional_string (message->body, keys[i]);
      (void) loket_json_optional_int (message->body, keys[i], -1);
      if (!loket_json_require_int (message->body, keys[i], &value, &error))
        loket_fuzz_assert (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID));
      g_clear_error (&error);
      if (loket_json_require_string (message->body, keys[i], &error) == NULL)
        loket_fuzz_assert (error != NULL && error->domain == LOKET_ERROR);
      g_clear_error (&error);
    }
  (void) loket_json_find_by_id (message->body, "services", "ktp");
  if (!loket_message_check_error (message, &error))
    loket_fuzz_assert (error != NULL && error->domain == LOKET_ERROR);
}

/* encode → decode → encode is a fixed point. */
static void
check_round_trip (LoketMessage *message)
{
  g_autoptr(GError) error = NULL;
  gsize len1 = 0, len2 = 0;
  g_autofree char *first = loket_message_encode_body (message, &len1);
  g_autoptr(LoketMessage) again = loket_message_decode (message->type, strlen (message->type),
                                                        first, len1, LOKET_MAX_REPLY_SIZE, &error);
  g_autofree char *second = NULL;

  if (again == NULL)
    {
      g_printerr ("%s does not decode again: %s\n", first, error->message);
      loket_fuzz_assert (again != NULL);
    }
  loket_fuzz_assert (g_str_equal (again->type, message->type));
  second = loket_message_encode_body (again, &len2);
  loket_fuzz_assert (len1 == len2 && memcmp (first, second, len1) == 0);
}

/* Admission never fails otherwise than by the table's three refusals. */
static void
admit_with_every_role (LoketMessage *message)
{
  if (loket_protocol_lookup_request (message->type) == NULL)
    return;
  for (LoketRole role = LOKET_ROLE_NONE; role <= LOKET_ROLE_SYNC; role = role ? role << 1 : 1)
    {
      g_autoptr(GError) error = NULL;

      if (loket_protocol_admit (message->type, role, message->body, &error) != NULL)
        continue;
      loket_fuzz_assert (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_DENIED) ||
                         (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID) &&
                          strstr (error->message, ": field \"") != NULL));
    }
}

/* "~BYTES": a request built by the table, through the codec, admitted. */
static void
built_request (const uint8_t *data, size_t size)
{
  LoketFuzzBytes in = { data, size, 0 };
  const LoketRequestDef *def = loket_fuzz_pick_request (&in);
  LoketRole role = 1u << (loket_fuzz_byte (&in) % 5);
  const LoketFieldDef *broken = NULL;
  g_autoptr(JsonObject) body = loket_fuzz_body (def, &in, NULL, NULL, &broken);
  g_autoptr(LoketMessage) message = NULL;
  g_autoptr(LoketMessage) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  json_object_set_string_member (body, "req_id", "fuzz-1");
  message = loket_message_new (def->type, body);
  text = loket_message_encode_body (message, &length);
  decoded = loket_message_decode (def->type, strlen (def->type), text, length, LOKET_MAX_MESSAGE_SIZE, &error);
  if (decoded == NULL)
    g_printerr ("a built %s does not decode: %s\n", def->type, error->message);
  loket_fuzz_assert (decoded != NULL);
  loket_fuzz_check_admission (def, role, decoded->body, broken);
  check_round_trip (decoded);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketMessage) message = NULL;
  g_autoptr(LoketMessage) refusal = NULL;
  Frames f = split_frames (data, size);

  if (size > 0 && data[0] == '~')
    {
      built_request (data + 1, size - 1);
      return 0;
    }
  message = loket_message_decode (f.type, f.type_len, f.body, f.body_len, LOKET_MAX_MESSAGE_SIZE, &error);
  if (message == NULL)
    {
      /* Every refusal is one the server can put into an ERROR reply. */
      loket_fuzz_assert (error != NULL && error->domain == LOKET_ERROR);
      loket_fuzz_assert (error->code == LOKET_ERROR_INVALID || error->code == LOKET_ERROR_VERSION);
      refusal = loket_message_new_error ("fuzz", error);
      loket_fuzz_assert (refusal != NULL);
      check_round_trip (refusal);
      return 0;
    }
  loket_fuzz_assert (error == NULL);
  read_like_a_handler (message);
  admit_with_every_role (message);
  check_round_trip (message);
  return 0;
}
