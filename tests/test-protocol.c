/* test-protocol.c — the protocol table (common/protocol/loket-protocol.c)
 * against docs/protocol.md, both ways, and admission by it.
 *
 * The page's tables are parsed as a reader sees them: "Roles" (which key
 * may send what), "Request types" (each type's fields, `name`? for an
 * optional one, and the events it publishes), the request fields' JSON
 * types and limits, and the event types with their extra fields.  Every
 * type on the page must be in the table and every type of the table on
 * the page, with the same fields, roles and events.  Then admission:
 * each kind of refusal names its field, and a body built from the table
 * is admitted for every request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"
#include "loket-message.h"
#include "loket-office.h"
#include "loket-protocol.h"

#include <string.h>

/* ---- reading the page -------------------------------------------------- */

static char *page;

/* The rows (each a GStrv of trimmed cells) of the table whose header's
 * cells are @header, "|"-separated; fails if there is none. */
static GPtrArray *
table_rows (const char *header)
{
  g_autofree char *wanted = g_strdup_printf ("| %s |\n", header);
  const char *start = strstr (page, wanted);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = NULL;

  if (start == NULL)
    g_error ("docs/protocol.md has no table “| %s |”", header);
  lines = g_strsplit (start, "\n", -1);
  for (guint i = 2; lines[i] != NULL && lines[i][0] == '|'; i++)   /* past header and |---| */
    {
      g_auto(GStrv) cells = g_strsplit (lines[i] + 1, "|", -1);
      guint n = g_strv_length (cells);

      g_free (cells[n - 1]);          /* what follows the last | */
      cells[n - 1] = NULL;
      for (guint j = 0; cells[j] != NULL; j++)
        g_strstrip (cells[j]);
      g_ptr_array_add (rows, g_steal_pointer (&cells));
    }
  g_assert_cmpuint (rows->len, >, 0);
  return rows;
}

/* The `names` of a cell outside (…) and […], each followed by "?" when
 * optional: "`counter`, `ticket`? (by id)" → counter, ticket?. */
static GPtrArray *
cell_names (const char *cell)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  int depth = 0;

  for (const char *p = cell; *p != '\0'; p++)
    {
      const char *end;

      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        depth--;
      if (depth > 0 || *p != '`' || (end = strchr (p + 1, '`')) == NULL)
        continue;
      g_ptr_array_add (names, g_strdup_printf ("%.*s%s", (int) (end - p - 1), p + 1,
                                               end[1] == '?' ? "?" : ""));
      p = end;
    }
  return names;
}

/* "counter, clerk?, pin" in table order: the code's side of a fields cell. */
static char *
fields_of (const LoketFieldDef *fields)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (const LoketFieldDef *f = fields; f->name != NULL; f++)
    g_string_append_printf (s, "%s%s%s", s->len ? ", " : "", f->name, f->required ? "" : "?");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
join_sorted (GPtrArray *names)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_copy (names, NULL, NULL);

  g_ptr_array_set_free_func (copy, NULL);   /* the copy borrows the names */
  g_ptr_array_sort (copy, compare_names);
  g_ptr_array_add (copy, NULL);
  return g_strjoinv (", ", (char **) copy->pdata);
}

static char *
sorted_fields_of (const LoketFieldDef *fields)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (const LoketFieldDef *f = fields; f->name != NULL; f++)
    g_ptr_array_add (names, g_strdup_printf ("%s%s", f->name, f->required ? "" : "?"));
  return join_sorted (names);
}

/* ---- the page against the table ---------------------------------------- */

static void
test_roles (void)
{
  g_autoptr(GPtrArray) rows = table_rows ("request | kiosk | display | counter | supervisor | web | sync");
  static const LoketRole columns[] = { LOKET_ROLE_KIOSK, LOKET_ROLE_DISPLAY, LOKET_ROLE_COUNTER,
                                       LOKET_ROLE_SUPERVISOR, LOKET_ROLE_WEB, LOKET_ROLE_SYNC };
  LoketRole documented[LOKET_REQUEST_N] = { 0 };
  gboolean seen[LOKET_REQUEST_N] = { FALSE };

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr(GPtrArray) types = cell_names (cells[0]);

      for (guint t = 0; t < types->len; t++)
        {
          const LoketRequestDef *def = loket_protocol_lookup_request (g_ptr_array_index (types, t));

          if (def == NULL)
            g_error ("Roles: %s is not in the protocol table", (char *) g_ptr_array_index (types, t));
          g_assert_false (seen[def->id]);
          seen[def->id] = TRUE;
          for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
            if (g_strcmp0 (cells[c + 1], "✓") == 0)
              documented[def->id] |= columns[c];
        }
    }
  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    {
      const LoketRequestDef *def = &loket_protocol_requests[i];

      if (!seen[i])
        g_error ("Roles: %s of the protocol table is not on the page", def->type);
      if (documented[i] != def->roles)
        g_error ("Roles: %s: the page says 0x%x, the table 0x%x", def->type, documented[i], def->roles);
    }
}

/* "People": who, signed in at a supervisor's key, may send what — every
 * type a supervisor's key may send has one row, and its ✓s are the
 * table's people. */
static void
test_people (void)
{
  g_autoptr(GPtrArray) rows = table_rows ("request | clerk | supervisor | head | nobody signed in");
  static const guint columns[] = { LOKET_STAFF_CLERK, LOKET_STAFF_SUPERVISOR, LOKET_STAFF_HEAD,
                                   LOKET_PEOPLE_NOBODY };
  guint documented[LOKET_REQUEST_N] = { 0 };
  gboolean seen[LOKET_REQUEST_N] = { FALSE };

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr(GPtrArray) types = cell_names (cells[0]);

      for (guint t = 0; t < types->len; t++)
        {
          const LoketRequestDef *def = loket_protocol_lookup_request (g_ptr_array_index (types, t));

          if (def == NULL)
            g_error ("People: %s is not in the protocol table", (char *) g_ptr_array_index (types, t));
          g_assert_false (seen[def->id]);
          seen[def->id] = TRUE;
          for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
            if (g_str_has_prefix (cells[c + 1], "✓"))
              documented[def->id] |= columns[c];
        }
    }
  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    {
      const LoketRequestDef *def = &loket_protocol_requests[i];

      if (seen[i] != ((def->roles & LOKET_ROLE_SUPERVISOR) != 0))
        g_error ("People: %s %s on the page, and a supervisor's key %s send it", def->type,
                 seen[i] ? "is" : "is not", def->roles & LOKET_ROLE_SUPERVISOR ? "may" : "may not");
      if (documented[i] != def->people)
        g_error ("People: %s: the page says 0x%x, the table 0x%x", def->type, documented[i], def->people);
    }
}

/* A type's rows merged: a field present in every variant and required in
 * each is required; one missing from a variant is optional. */
typedef struct {
  GHashTable *required;   /* name → count of rows it is required in */
  GHashTable *named;      /* every field named */
  GHashTable *events;
  guint       rows;
} Documented;

static void
documented_free (Documented *d)
{
  g_hash_table_unref (d->required);
  g_hash_table_unref (d->named);
  g_hash_table_unref (d->events);
  g_free (d);
}

static void
add_row (Documented *d, const char *fields, const char *events)
{
  g_autoptr(GPtrArray) names = cell_names (fields);
  g_autoptr(GPtrArray) published = cell_names (events);

  d->rows++;
  for (guint i = 0; i < names->len; i++)
    {
      char *name = g_ptr_array_index (names, i);
      gboolean optional = g_str_has_suffix (name, "?");
      g_autofree char *bare = g_strndup (name, strlen (name) - optional);

      g_hash_table_add (d->named, g_strdup (bare));
      if (!optional)
        g_hash_table_insert (d->required, g_strdup (bare),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (d->required, bare)) + 1));
    }
  for (guint i = 0; i < published->len; i++)
    g_hash_table_add (d->events, g_strdup (g_ptr_array_index (published, i)));
}

static char *
documented_fields (Documented *d)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, d->named);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      gboolean required = GPOINTER_TO_UINT (g_hash_table_lookup (d->required, name)) == d->rows;

      g_ptr_array_add (names, g_strdup_printf ("%s%s", (char *) name, required ? "" : "?"));
    }
  return join_sorted (names);
}

static GHashTable *
documented_requests (void)
{
  g_autoptr(GPtrArray) rows = table_rows ("type | fields | does | reply | events");
  GHashTable *types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) documented_free);

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr(GPtrArray) type = cell_names (cells[0]);
      Documented *d;

      g_assert_cmpuint (g_strv_length (cells), ==, 5);
      g_assert_cmpuint (type->len, ==, 1);
      d = g_hash_table_lookup (types, g_ptr_array_index (type, 0));
      if (d == NULL)
        {
          d = g_new0 (Documented, 1);
          d->required = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          d->named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          d->events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (types, g_strdup (g_ptr_array_index (type, 0)), d);
        }
      add_row (d, cells[1], cells[4]);
    }
  return types;
}

static void
add_key (gpointer key, gpointer value, gpointer array)
{
  g_ptr_array_add (array, key);
}

/* The `names` of the page's sentence between @before and @after. */
static char *
sentence_names (const char *before, const char *after)
{
  const char *start = strstr (page, before);
  const char *end = start ? strstr (start, after) : NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) names = NULL;

  if (end == NULL)
    g_error ("docs/protocol.md has no “%s … %s”", before, after);
  text = g_strndup (start + strlen (before), end - start - strlen (before));
  names = cell_names (text);
  return join_sorted (names);
}

/* The page's lists of the requests answered after the commit (read-only)
 * and of those answered apart, on loketd's reader thread: the table's. */
static void
test_reads (void)
{
  g_autoptr(GPtrArray) reads = g_ptr_array_new ();
  g_autoptr(GPtrArray) apart = g_ptr_array_new ();
  g_autofree char *page_reads = sentence_names ("Read-only\nrequests (", ": those the");
  g_autofree char *page_apart = sentence_names ("read much — ", " (the table marks");
  g_autofree char *table_reads = NULL;
  g_autofree char *table_apart = NULL;

  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    {
      const LoketRequestDef *def = &loket_protocol_requests[i];

      if (!def->writes)
        g_ptr_array_add (reads, (gpointer) def->type);
      if (def->apart)
        g_ptr_array_add (apart, (gpointer) def->type);
      /* Apart is a way of reading: a write is in the group commit. */
      g_assert_true (!def->apart || !def->writes);
    }
  table_reads = join_sorted (reads);
  table_apart = join_sorted (apart);
  g_assert_cmpstr (page_reads, ==, table_reads);
  g_assert_cmpstr (page_apart, ==, table_apart);
}

static void
test_requests (void)
{
  g_autoptr(GHashTable) documented = documented_requests ();
  GHashTableIter iter;
  gpointer type;

  g_hash_table_iter_init (&iter, documented);
  while (g_hash_table_iter_next (&iter, &type, NULL))
    if (loket_protocol_lookup_request (type) == NULL)
      g_error ("Request types: %s is not in the protocol table", (char *) type);

  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    {
      const LoketRequestDef *def = &loket_protocol_requests[i];
      Documented *d = g_hash_table_lookup (documented, def->type);
      g_autofree char *code_fields = sorted_fields_of (def->fields);
      g_autofree char *doc_fields = NULL;
      g_autoptr(GPtrArray) code_events = g_ptr_array_new ();
      g_autoptr(GPtrArray) doc_events = NULL;
      g_autofree char *a = NULL, *b = NULL;

      if (d == NULL)
        g_error ("Request types: %s of the protocol table is not on the page", def->type);
      doc_fields = documented_fields (d);
      if (g_strcmp0 (doc_fields, code_fields) != 0)
        g_error ("Request types: %s: the page has fields “%s”, the table “%s”",
                 def->type, doc_fields, code_fields);
      for (guint e = 0; e < def->n_events; e++)
        g_ptr_array_add (code_events, (gpointer) loket_protocol_events[def->events[e]].type);
      doc_events = g_ptr_array_new ();
      g_hash_table_foreach (d->events, add_key, doc_events);
      a = join_sorted (doc_events);
      b = join_sorted (code_events);
      if (g_strcmp0 (a, b) != 0)
        g_error ("Request types: %s: the page publishes “%s”, the table “%s”", def->type, a, b);
    }
}

/* The limits column as the page writes it, from a field of the table. */
static char *
describe_limits (const LoketFieldDef *f)
{
  switch (f->kind)
    {
    case LOKET_FIELD_STRING:
      if (f->choices != NULL)
        {
          g_autoptr(GString) s = g_string_new (NULL);

          for (guint i = 0; f->choices[i] != NULL; i++)
            g_string_append_printf (s, "%s`%s`", i ? ", " : "", f->choices[i]);
          return g_string_free (g_steal_pointer (&s), FALSE);
        }
      return g_strdup_printf ("≤ %u bytes", f->max_length);
    case LOKET_FIELD_TICKET:
      return g_strdup_printf ("an id from %" G_GINT64_FORMAT " (integer), or a number of at most %u bytes (string)",
                              f->min, f->max_length);
    case LOKET_FIELD_STRINGS:
      return g_strdup_printf ("%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ", each a non-empty string of at most %u bytes",
                              f->min, f->max, f->max_length);
    case LOKET_FIELD_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, f->min, f->max);
    case LOKET_FIELD_BOOLEAN:
    case LOKET_FIELD_OBJECT:
      return g_strdup ("—");
    }
  g_return_val_if_reached (NULL);
}

/* The field table: every field of every request has one row, the same
 * JSON type and limits wherever it is used, and no row names a field the
 * table has not. */
static void
test_request_fields (void)
{
  g_autoptr(GPtrArray) rows = table_rows ("field | JSON type | limits");
  g_autoptr(GHashTable) documented = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer name;

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr(GPtrArray) names = cell_names (cells[0]);

      for (guint i = 0; i < names->len; i++)
        g_hash_table_insert (documented, g_strdup (g_ptr_array_index (names, i)),
                             g_strdup_printf ("%s: %s", cells[1], cells[2]));
    }
  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    for (const LoketFieldDef *f = loket_protocol_requests[i].fields; f->name != NULL; f++)
      {
        g_autofree char *limits = describe_limits (f);
        g_autofree char *code = g_strdup_printf ("%s: %s", loket_field_kind_to_string (f->kind), limits);
        const char *page_says = g_hash_table_lookup (documented, f->name);

        if (g_strcmp0 (page_says, code) != 0)
          g_error ("Request fields: %s.%s: the page says “%s”, the table “%s”",
                   loket_protocol_requests[i].type, f->name, page_says ? page_says : "nothing", code);
        g_hash_table_add (used, (gpointer) f->name);
      }
  g_hash_table_iter_init (&iter, documented);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (used, name))
      g_error ("Request fields: %s is in no request of the protocol table", (char *) name);
}

static void
test_events (void)
{
  g_autoptr(GPtrArray) rows = table_rows ("type | when | extra fields");
  gboolean seen[LOKET_EVENT_N] = { FALSE };

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr(GPtrArray) types = cell_names (cells[0]);
      g_autoptr(GPtrArray) extra = cell_names (cells[2]);
      g_autofree char *doc_fields = join_sorted (extra);

      for (guint t = 0; t < types->len; t++)
        {
          const LoketEventDef *def = loket_protocol_lookup_event (g_ptr_array_index (types, t));
          g_autofree char *code_fields = NULL;

          if (def == NULL)
            g_error ("Events: %s is not in the protocol table", (char *) g_ptr_array_index (types, t));
          g_assert_false (seen[def->id]);
          seen[def->id] = TRUE;
          code_fields = sorted_fields_of (def->fields);
          if (g_strcmp0 (doc_fields, code_fields) != 0)
            g_error ("Events: %s: the page has extra fields “%s”, the table “%s”",
                     def->type, doc_fields, code_fields);
        }
    }
  for (guint i = 0; i < LOKET_EVENT_N; i++)
    if (!seen[i])
      g_error ("Events: %s of the protocol table is not on the page", loket_protocol_events[i].type);
}

/* ---- the table itself --------------------------------------------------- */

static void
test_table (void)
{
  static const char * const web_writes[] = { "SURVEY", "COMPLAIN", NULL };
  gboolean published[LOKET_EVENT_N] = { FALSE };

  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    {
      const LoketRequestDef *def = &loket_protocol_requests[i];
      g_autofree char *fields = fields_of (def->fields);

      g_test_message ("%s (%s)", def->type, fields);
      g_assert_cmpuint (def->id, ==, i);
      g_assert_true (loket_protocol_lookup_request (def->type) == def);
      g_assert_cmpuint (strlen (def->type), <=, 16);
      g_assert_cmpuint (strspn (def->type, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_"), ==, strlen (def->type));
      g_assert_cmpint (def->roles & ~LOKET_ROLE_ANY, ==, 0);
      g_assert_cmpint (def->roles, !=, LOKET_ROLE_NONE);
      /* People are asked of a supervisor's key only, and it has some. */
      g_assert_cmpuint (def->people & ~LOKET_PEOPLE_ANYONE, ==, 0);
      g_assert_true ((def->people != 0) == ((def->roles & LOKET_ROLE_SUPERVISOR) != 0));
      /* The public gateway reads, and writes only what a citizen sends
       * about their own visit (docs/protocol.md, Roles). */
      if (def->writes && !g_strv_contains (web_writes, def->type))
        g_assert_cmpint (def->roles & LOKET_ROLE_WEB, ==, 0);
      g_assert_true (loket_office_has_handler (def->id));
      g_assert_cmpuint (def->n_events, <=, LOKET_PROTOCOL_MAX_EVENTS);
      for (guint e = 0; e < def->n_events; e++)
        published[def->events[e]] = TRUE;
      for (const LoketFieldDef *f = def->fields; f->name != NULL; f++)
        for (const LoketFieldDef *g = f + 1; g->name != NULL; g++)
          g_assert_cmpstr (f->name, !=, g->name);
    }
  for (guint i = 0; i < LOKET_EVENT_N; i++)
    {
      g_assert_cmpuint (loket_protocol_events[i].id, ==, i);
      /* The codec refuses a longer type (loket-message.c). */
      g_assert_cmpuint (strlen (loket_protocol_events[i].type), <=, LOKET_MAX_TYPE_LENGTH);
      if (!published[i] && !loket_protocol_events[i].by_server)
        g_error ("no request publishes %s", loket_protocol_events[i].type);
      if (published[i] && loket_protocol_events[i].by_server)
        g_error ("%s is loketd's own, yet a request publishes it", loket_protocol_events[i].type);
    }
}

/* ---- admission ---------------------------------------------------------- */

/* A well-formed value for @f. */
static void
set_valid (JsonObject *body, const LoketFieldDef *f)
{
  JsonArray *array;

  switch (f->kind)
    {
    case LOKET_FIELD_STRING:
      json_object_set_string_member (body, f->name, f->choices ? f->choices[0] : "x");
      break;
    case LOKET_FIELD_INTEGER:
      json_object_set_int_member (body, f->name, f->min);
      break;
    case LOKET_FIELD_BOOLEAN:
      json_object_set_boolean_member (body, f->name, TRUE);
      break;
    case LOKET_FIELD_STRINGS:
      array = json_array_new ();
      for (gint64 n = 0; n < MAX (f->min, 1); n++)
        json_array_add_string_element (array, "x");
      json_object_set_array_member (body, f->name, array);
      break;
    case LOKET_FIELD_OBJECT:
      json_object_set_object_member (body, f->name, json_object_new ());
      break;
    case LOKET_FIELD_TICKET:
      json_object_set_string_member (body, f->name, "A-007");
      break;
    }
}

static JsonObject *
valid_body (const LoketRequestDef *def)
{
  JsonObject *body = json_object_new ();

  for (const LoketFieldDef *f = def->fields; f->name != NULL; f++)
    set_valid (body, f);
  return body;
}

static LoketRole
some_role (const LoketRequestDef *def)
{
  return 1 << g_bit_nth_lsf (def->roles, -1);
}

static void
assert_invalid (const char *type, JsonObject *body, const char *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (loket_protocol_admit (type, LOKET_ROLE_SUPERVISOR, body, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

/* Every request admits the body its fields describe; leaving out a
 * required field, or giving any field a value of another JSON type, is
 * refused naming that field. */
static void
test_admit_every_request (void)
{
  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    {
      const LoketRequestDef *def = &loket_protocol_requests[i];
      g_autoptr(JsonObject) body = valid_body (def);
      g_autoptr(GError) error = NULL;

      g_assert_true (loket_protocol_admit (def->type, some_role (def), body, &error) == def);
      g_assert_no_error (error);
      for (const LoketFieldDef *f = def->fields; f->name != NULL; f++)
        {
          g_autoptr(JsonObject) broken = valid_body (def);
          g_autofree char *quoted = g_strdup_printf ("field \"%s\": ", f->name);

          if (f->required)
            {
              json_object_remove_member (broken, f->name);
              g_assert_null (loket_protocol_admit (def->type, some_role (def), broken, &error));
              g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
              g_assert_nonnull (strstr (error->message, quoted));
              g_clear_error (&error);
            }
          /* An array is no field's type but "services"; a number none but a ticket's. */
          if (f->kind == LOKET_FIELD_STRINGS)
            json_object_set_int_member (broken, f->name, 3);
          else
            json_object_set_array_member (broken, f->name, json_array_new ());
          g_assert_null (loket_protocol_admit (def->type, some_role (def), broken, &error));
          g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, quoted));
          g_clear_error (&error);
        }
    }
}

static JsonObject *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_admit_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_reason = g_strnfill (1025, 'r');
  g_autoptr(JsonObject) too_long = parse ("{\"counter\": \"1\"}");
  g_autoptr(JsonObject) empty = json_object_new ();

  /* Unknown type and role come first, whatever the body. */
  g_assert_null (loket_protocol_admit ("NO_SUCH", LOKET_ROLE_SUPERVISOR, empty, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNKNOWN_TYPE);
  g_clear_error (&error);
  g_assert_null (loket_protocol_admit ("VOID", LOKET_ROLE_COUNTER, empty, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "a counter may not send VOID");
  g_clear_error (&error);

#define INVALID(type, json, message) \
  G_STMT_START { g_autoptr(JsonObject) b = parse (json); assert_invalid (type, b, message); } G_STMT_END
  INVALID ("ISSUE", "{}", "ISSUE: field \"service\": missing, expected a string");
  INVALID ("ISSUE", "{\"service\": null}", "ISSUE: field \"service\": missing, expected a string");
  INVALID ("ISSUE", "{\"service\": 7}", "ISSUE: field \"service\": expected a string");
  INVALID ("ISSUE", "{\"service\": \"\"}", "ISSUE: field \"service\": expected a non-empty string");
  INVALID ("ISSUE", "{\"service\": \"A\", \"priority\": false}", "ISSUE: field \"priority\": expected a string");
  INVALID ("PRINT", "{\"ticket\": 1, \"ok\": \"yes\"}", "PRINT: field \"ok\": expected true or false");
  INVALID ("PRINT", "{\"ticket\": 0, \"ok\": true}",
           "PRINT: field \"ticket\": expected an integer from 1 to 9223372036854775807");
  INVALID ("PRINT", "{\"ticket\": 1.5, \"ok\": true}",
           "PRINT: field \"ticket\": expected a ticket id or a number like A-007");
  INVALID ("PRINT", "{\"ticket\": \"\", \"ok\": true}",
           "PRINT: field \"ticket\": expected a ticket id or a number like A-007");
  INVALID ("FINISH", "{\"counter\": \"1\", \"outcome\": \"great\"}",
           "FINISH: field \"outcome\": expected one of served, incomplete, referred");
  INVALID ("COUNTER_SERVICES", "{\"counter\": \"1\", \"services\": []}",
           "COUNTER_SERVICES: field \"services\": expected 1 to 64 strings, not 0");
  INVALID ("COUNTER_SERVICES", "{\"counter\": \"1\", \"services\": [\"A\", 2]}",
           "COUNTER_SERVICES: field \"services\": element 1: expected a non-empty string");
  INVALID ("COUNTER_SERVICES", "{\"counter\": \"1\", \"services\": \"A\"}",
           "COUNTER_SERVICES: field \"services\": expected an array of strings");
  INVALID ("DEVICE_STATUS", "{\"component\": \"printer\", \"state\": \"on fire\"}",
           "DEVICE_STATUS: field \"state\": expected one of ok, warning, error");
#undef INVALID
  json_object_set_string_member (too_long, "reason", long_reason);
  assert_invalid ("PRIORITY_REFUSE", too_long, "PRIORITY_REFUSE: field \"reason\": longer than 1024 bytes");
  /* A pause's reason is an id of the charter's list; its note is short. */
  json_object_set_string_member (too_long, "reason", "other");
  json_object_set_string_member (too_long, "note", long_reason);
  assert_invalid ("PAUSE", too_long, "PAUSE: field \"note\": longer than 200 bytes");

  /* Optional fields may be null or empty; fields the table lacks are ignored. */
  {
    g_autoptr(JsonObject) b = parse ("{\"service\": \"A\", \"priority\": null, \"extra\": [1]}");
    g_autoptr(JsonObject) c = parse ("{\"counter\": \"1\", \"outcome\": \"\"}");

    g_assert_nonnull (loket_protocol_admit ("ISSUE", LOKET_ROLE_KIOSK, b, &error));
    g_assert_nonnull (loket_protocol_admit ("FINISH", LOKET_ROLE_COUNTER, c, &error));
    g_assert_no_error (error);
  }
}

/* The kinds no request uses yet (integer, object), through the field
 * checks alone. */
static void
test_other_kinds (void)
{
  static const LoketFieldDef fields[] = {
    { "n", LOKET_FIELD_INTEGER, TRUE, 0, 1, 9, NULL },
    { "o", LOKET_FIELD_OBJECT, FALSE, 0, 0, 0, NULL },
    { NULL },
  };
  static const struct { const char *json; const char *message; } cases[] = {
    { "{\"n\": 5, \"o\": {}}", NULL },
    { "{\"n\": 5}", NULL },
    { "{}", "field \"n\": missing, expected an integer" },
    { "{\"n\": 5.0}", "field \"n\": expected an integer" },
    { "{\"n\": 10}", "field \"n\": expected an integer from 1 to 9" },
    { "{\"n\": 1, \"o\": []}", "field \"o\": expected an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) body = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      gboolean ok = loket_protocol_check_fields (fields, body, &error);

      g_assert_cmpint (ok, ==, cases[i].message == NULL);
      if (!ok)
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* What a handler publishes is held to the table too. */
static void
test_check_event (void)
{
  const LoketRequestDef *call = &loket_protocol_requests[LOKET_REQUEST_CALL];
  g_autoptr(JsonObject) called = parse ("{\"type\": \"CALLED\", \"out_of_order\": false, \"routing\": \"fifo\"}");
  g_autoptr(JsonObject) partial = parse ("{\"type\": \"CALLED\", \"out_of_order\": false}");
  g_autoptr(JsonObject) other = parse ("{\"type\": \"ISSUED\"}");
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_protocol_check_event (call, called, &error));
  g_assert_no_error (error);
  g_assert_false (loket_protocol_check_event (call, partial, &error));
  g_assert_cmpstr (error->message, ==, "field \"routing\": missing from the event CALLED");
  g_clear_error (&error);
  g_assert_false (loket_protocol_check_event (call, other, &error));
  g_assert_cmpstr (error->message, ==, "CALL may not publish an event ISSUED");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("LOKET_SOURCE_DIR") ?: ".", "docs", "protocol.md", NULL);

  g_test_init (&argc, &argv, NULL);
  if (!g_file_get_contents (path, &page, NULL, &error))
    g_error ("%s", error->message);
  g_test_add_func ("/protocol/table", test_table);
  g_test_add_func ("/protocol/docs/roles", test_roles);
  g_test_add_func ("/protocol/docs/people", test_people);
  g_test_add_func ("/protocol/docs/requests", test_requests);
  g_test_add_func ("/protocol/docs/reads", test_reads);
  g_test_add_func ("/protocol/docs/request-fields", test_request_fields);
  g_test_add_func ("/protocol/docs/events", test_events);
  g_test_add_func ("/protocol/admit/every-request", test_admit_every_request);
  g_test_add_func ("/protocol/admit/refusals", test_admit_refusals);
  g_test_add_func ("/protocol/admit/other-kinds", test_other_kinds);
  g_test_add_func ("/protocol/events", test_check_event);
  return g_test_run ();
}
