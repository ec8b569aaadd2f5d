/* loket-fuzz-body.c — request bodies from the protocol table; see
 * loket-fuzz-body.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-fuzz-body.h"
#include "loket-error.h"
#include "loket-fuzz.h"

#include <string.h>

/* One field in BREAK_ONE_IN is made wrong (until one is). */
#define BREAK_ONE_IN 12

guint8
loket_fuzz_byte (LoketFuzzBytes *in)
{
  return in->position < in->length ? in->data[in->position++] : 0;
}

const LoketRequestDef *
loket_fuzz_pick_request (LoketFuzzBytes *in)
{
  return &loket_protocol_requests[loket_fuzz_byte (in) % LOKET_REQUEST_N];
}

/* A string for @field: one of the harness's values, a choice of the
 * field's, or a few letters from the input. */
static char *
fuzz_string (const LoketFieldDef *field, LoketFuzzBytes *in, const char * const *values)
{
  guint8 b = loket_fuzz_byte (in);
  guint n = 0;
  char *text;

  if (field->choices != NULL)
    return g_strdup (field->choices[b % g_strv_length ((char **) field->choices)]);
  if (values != NULL && (n = g_strv_length ((char **) values)) > 0 && b < 224)
    return g_strdup (values[b % n]);
  /* Rarely, and when no value is known: letters, at least one. */
  n = MIN ((guint) (b % 8) + 1, MAX (field->max_length, 1));
  text = g_malloc (n + 1);
  for (guint i = 0; i < n; i++)
    text[i] = 'a' + loket_fuzz_byte (in) % 26;
  text[n] = '\0';
  return text;
}

static void
set_string (JsonObject *body, const char *name, char *owned)
{
  json_object_set_string_member (body, name, owned);
  g_free (owned);
}

static void
set_valid (JsonObject *body, const LoketFieldDef *field, LoketFuzzBytes *in, const char * const *values)
{
  guint8 b = loket_fuzz_byte (in);
  JsonArray *array;

  switch (field->kind)
    {
    case LOKET_FIELD_STRING:
      set_string (body, field->name, fuzz_string (field, in, values));
      break;
    case LOKET_FIELD_TICKET:
      if (b & 1)
        json_object_set_int_member (body, field->name, field->min + (b >> 1) % 8);
      else
        set_string (body, field->name, fuzz_string (field, in, values));
      break;
    case LOKET_FIELD_INTEGER:
      json_object_set_int_member (body, field->name, CLAMP (field->min + b, field->min, field->max));
      break;
    case LOKET_FIELD_BOOLEAN:
      json_object_set_boolean_member (body, field->name, b & 1);
      break;
    case LOKET_FIELD_STRINGS:
      array = json_array_new ();
      for (gint64 i = 0; i < CLAMP ((gint64) (b % 4), field->min, field->max); i++)
        {
          g_autofree char *text = fuzz_string (field, in, values);

          json_array_add_string_element (array, text);
        }
      json_object_set_array_member (body, field->name, array);
      break;
    case LOKET_FIELD_OBJECT:
      json_object_set_object_member (body, field->name, json_object_new ());
      break;
    }
}

/* A value of another JSON type than @field's. */
static void
set_wrong_type (JsonObject *body, const LoketFieldDef *field)
{
  switch (field->kind)
    {
    case LOKET_FIELD_STRING:
    case LOKET_FIELD_OBJECT:
      json_object_set_array_member (body, field->name, json_array_new ());
      break;
    case LOKET_FIELD_TICKET:
    case LOKET_FIELD_STRINGS:
      json_object_set_boolean_member (body, field->name, TRUE);
      break;
    case LOKET_FIELD_INTEGER:
      json_object_set_double_member (body, field->name, 1.5);
      break;
    case LOKET_FIELD_BOOLEAN:
      json_object_set_string_member (body, field->name, "true");
      break;
    }
}

/* A value of the right JSON type past the field's limits. */
static void
set_past_limits (JsonObject *body, const LoketFieldDef *field)
{
  JsonArray *array;

  switch (field->kind)
    {
    case LOKET_FIELD_STRING:
      set_string (body, field->name, field->choices ? g_strdup ("no-such-choice")
                                                    : g_strnfill (field->max_length + 1, 'x'));
      return;
    case LOKET_FIELD_TICKET:
      json_object_set_int_member (body, field->name, field->min - 1);
      return;
    case LOKET_FIELD_INTEGER:
      if (field->max < G_MAXINT64)
        json_object_set_int_member (body, field->name, field->max + 1);
      else if (field->min > G_MININT64)
        json_object_set_int_member (body, field->name, field->min - 1);
      else
        set_wrong_type (body, field);
      return;
    case LOKET_FIELD_STRINGS:
      array = json_array_new ();
      for (gint64 i = 0; field->min == 0 && i <= field->max; i++)
        json_array_add_string_element (array, "x");
      json_object_set_array_member (body, field->name, array);
      return;
    case LOKET_FIELD_BOOLEAN:
    case LOKET_FIELD_OBJECT:
      set_wrong_type (body, field);
      return;
    }
}

static void
set_broken (JsonObject *body, const LoketFieldDef *field, guint8 how)
{
  switch (how % 4)
    {
    case 0:
      if (field->required)
        return;                     /* left out */
      break;
    case 1:
      if (field->required)
        {
          json_object_set_null_member (body, field->name);
          return;
        }
      break;
    case 2:
      set_past_limits (body, field);
      return;
    }
  set_wrong_type (body, field);
}

JsonObject *
loket_fuzz_body (const LoketRequestDef *def,
                 LoketFuzzBytes        *in,
                 LoketFuzzValues        values,
                 gpointer               user_data,
                 const LoketFieldDef  **broken)
{
  JsonObject *body = json_object_new ();

  *broken = NULL;
  for (const LoketFieldDef *field = def->fields; field->name != NULL; field++)
    {
      guint8 b = loket_fuzz_byte (in);

      if (*broken == NULL && b % BREAK_ONE_IN == BREAK_ONE_IN - 1)
        {
          *broken = field;
          set_broken (body, field, loket_fuzz_byte (in));
        }
      else if (field->required || (b & 1))
        set_valid (body, field, in, values ? values (field->name, user_data) : NULL);
    }
  return body;
}

void
loket_fuzz_check_admission (const LoketRequestDef *def,
                            LoketRole              role,
                            JsonObject            *body,
                            const LoketFieldDef   *broken)
{
  g_autoptr(GError) error = NULL;
  const LoketRequestDef *admitted = loket_protocol_admit (def->type, role, body, &error);

  if ((def->roles & role) == 0)
    {
      loket_fuzz_assert (admitted == NULL && g_error_matches (error, LOKET_ERROR, LOKET_ERROR_DENIED));
      return;
    }
  if (broken == NULL)
    {
      if (admitted == NULL)
        g_printerr ("a well-formed %s was refused: %s\n", def->type, error->message);
      loket_fuzz_assert (admitted == def);
      return;
    }
  {
    g_autofree char *quoted = g_strdup_printf ("field \"%s\": ", broken->name);

    if (admitted != NULL)
      g_printerr ("%s was admitted with its field %s broken\n", def->type, broken->name);
    loket_fuzz_assert (admitted == NULL && g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID));
    loket_fuzz_assert (strstr (error->message, quoted) != NULL);
  }
}
