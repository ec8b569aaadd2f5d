/* loketctl-survey.c — paper questionnaires into the survey (docs/skm.md).
 *
 * `survey add` sends one form.  `survey import --csv FILE` reads a file of
 * forms, one a line under a header that names its columns, and stores all
 * of them or none: every row is first checked here (the answers, the
 * profile's choices, the suggestion's length, a ticket twice in the
 * file), then by loketd with SURVEY "check" (the ticket finished, not
 * answered yet, the service in the charter, the day recent) — a refusal
 * names the file, the line and, where it is one cell's fault, the column,
 * and nothing is stored — and only then sent for real.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loketctl"

#include "loketctl-survey.h"

#include <stdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-skm.h"

static gboolean
usage (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "usage: loketctl survey add (--ticket T | --service S --day YYYY-MM-DD) "
                       "--answers 4,4,3,-,4,3,4,4,3 [--sex S] [--age A] [--education E] [--occupation O] "
                       "[--suggestion TEXT]\n"
                       "       loketctl survey import --csv FILE");
  return FALSE;
}

static void
set_ticket (JsonObject *body, const char *ref)
{
  guint64 id;

  if (g_ascii_string_to_unsigned (ref, 10, 1, G_MAXINT64, &id, NULL))
    json_object_set_int_member (body, "ticket", (gint64) id);
  else
    json_object_set_string_member (body, "ticket", ref);
}

static gboolean
set_profile (JsonObject *body, LoketSkmProfileItem item, const char *value, GError **error)
{
  const LoketSkmProfileDef *def = loket_skm_profile_item (item);
  JsonObject *profile;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (loket_skm_profile_choice (item, value) < 0)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) def->choices);

      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s: “%s” is not one of %s", def->key, value, list);
      return FALSE;
    }
  if (!json_object_has_member (body, "profile"))
    json_object_set_object_member (body, "profile", json_object_new ());
  profile = json_object_get_object_member (body, "profile");
  json_object_set_string_member (profile, def->key, value);
  return TRUE;
}

static gboolean
survey_add (GHashTable *options, LoketctlRequestFunc request, gpointer data, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  const char *ticket = g_hash_table_lookup (options, "ticket");
  const char *answers = g_hash_table_lookup (options, "answers");
  guint8 values[LOKET_SKM_ELEMENTS];

  if (answers == NULL)
    return usage (error);
  if (!loket_skm_answers_parse (answers, values, error))
    return FALSE;
  json_object_set_object_member (body, "answers", loket_skm_answers_to_json (values));
  if (ticket != NULL)
    set_ticket (body, ticket);
  for (const char * const *k = (const char * const[]) { "service", "day", "suggestion", NULL }; *k; k++)
    if (g_hash_table_lookup (options, *k) != NULL)
      json_object_set_string_member (body, *k, g_hash_table_lookup (options, *k));
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    if (!set_profile (body, i, g_hash_table_lookup (options, loket_skm_profile_item (i)->key), error))
      return FALSE;
  reply = request (data, "SURVEY", body, error);
  if (reply == NULL)
    return FALSE;
  printf ("survey %" G_GINT64_FORMAT " stored: %s, %s (%s)\n", json_object_get_int_member (reply, "survey"),
          json_object_get_string_member (reply, "service"), json_object_get_string_member (reply, "day"),
          json_object_get_string_member (reply, "channel"));
  return TRUE;
}

/* ---- import ------------------------------------------------------------- */

/* The columns a file may have, by name (the header row), in any order. */
enum { COL_TICKET, COL_SERVICE, COL_DAY, COL_ELEMENTS,
       COL_PROFILE = COL_ELEMENTS + LOKET_SKM_ELEMENTS,
       COL_SUGGESTION = COL_PROFILE + LOKET_SKM_PROFILE_ITEMS, COL_N };

static const char *
column_name (guint c)
{
  if (c == COL_TICKET) return "ticket";
  if (c == COL_SERVICE) return "service";
  if (c == COL_DAY) return "day";
  if (c < COL_PROFILE) return loket_skm_element (c - COL_ELEMENTS)->id;
  if (c < COL_SUGGESTION) return loket_skm_profile_item (c - COL_PROFILE)->key;
  return "suggestion";
}

/* One CSV line (RFC 4180 within a line: quoted fields, doubled quotes). */
static GPtrArray *
split_csv (const char *line, gboolean *ok)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line;; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        g_string_append_c (cell, *p++);
      else if (*p == '"' && (quoted || cell->len == 0))
        quoted = !quoted;
      else if ((*p == ',' && !quoted) || *p == '\0')
        {
          g_ptr_array_add (cells, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (cell, *p);
    }
  *ok = !quoted;
  return cells;
}

typedef struct {
  const char *file;
  gint        map[COL_N];     /* column → its place in the file, or -1 */
} Layout;

static gboolean
read_header (Layout *layout, GPtrArray *names, GError **error)
{
  for (guint c = 0; c < COL_N; c++)
    layout->map[c] = -1;
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_strstrip ((char *) g_ptr_array_index (names, i));
      guint c;

      for (c = 0; c < COL_N && g_strcmp0 (column_name (c), name) != 0; c++)
        ;
      if (c == COL_N || layout->map[c] >= 0)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "%s:1: column %u: “%s” is %s (docs/skm.md lists the columns)", layout->file, i + 1, name,
                       c == COL_N ? "not a column of the survey's file" : "there twice");
          return FALSE;
        }
      layout->map[c] = (gint) i;
    }
  return TRUE;
}

static const char *
cell (const Layout *layout, GPtrArray *cells, guint c)
{
  gint i = layout->map[c];

  return i >= 0 && (guint) i < cells->len ? g_strstrip ((char *) g_ptr_array_index (cells, i)) : "";
}

static gboolean
cell_error (GError **error, const Layout *layout, guint line, guint c, const char *what)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s:%u: column %d (%s): %s", layout->file, line,
               layout->map[c] + 1, column_name (c), what);
  return FALSE;
}

/* A row into a SURVEY body, checked as far as the file alone can be. */
static JsonObject *
read_row (const Layout *layout, GPtrArray *cells, guint line, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  guint8 answers[LOKET_SKM_ELEMENTS] = { 0 };
  gboolean any = FALSE;

  for (guint e = 0; e < LOKET_SKM_ELEMENTS; e++)
    {
      const char *a = cell (layout, cells, COL_ELEMENTS + e);

      if (*a == '\0' || g_str_equal (a, "-"))
        continue;
      if (strlen (a) != 1 || a[0] < '1' || a[0] > '4')
        {
          g_autofree char *what = g_strdup_printf ("“%s” is not an answer: 1, 2, 3, 4, or “-” or empty to skip", a);

          cell_error (error, layout, line, COL_ELEMENTS + e, what);
          return NULL;
        }
      answers[e] = (guint8) (a[0] - '0');
      any = TRUE;
    }
  if (!any)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s:%u: no element answered; at least one is needed",
                   layout->file, line);
      return NULL;
    }
  json_object_set_object_member (body, "answers", loket_skm_answers_to_json (answers));
  if (*cell (layout, cells, COL_TICKET))
    set_ticket (body, cell (layout, cells, COL_TICKET));
  for (guint c = COL_SERVICE; c <= COL_DAY; c++)
    if (*cell (layout, cells, c))
      json_object_set_string_member (body, column_name (c), cell (layout, cells, c));
  for (guint i = 0; i < LOKET_SKM_PROFILE_ITEMS; i++)
    {
      g_autoptr(GError) local = NULL;

      if (!set_profile (body, i, cell (layout, cells, COL_PROFILE + i), &local))
        {
          cell_error (error, layout, line, COL_PROFILE + i, local->message);
          return NULL;
        }
    }
  if (*cell (layout, cells, COL_SUGGESTION))
    {
      g_autoptr(GError) local = NULL;

      if (!loket_skm_suggestion_check (cell (layout, cells, COL_SUGGESTION), &local))
        {
          cell_error (error, layout, line, COL_SUGGESTION, local->message);
          return NULL;
        }
      json_object_set_string_member (body, "suggestion", cell (layout, cells, COL_SUGGESTION));
    }
  return g_steal_pointer (&body);
}

/* Every row of the file as a SURVEY body, with its line number; NULL and
 * the first fault (file:line[: column]) if any row has one. */
static GPtrArray *
read_file (const char *file, GArray *lines, GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Layout layout = { file, { 0 } };

  if (!g_file_get_contents (file, &text, NULL, error))
    return NULL;
  rows = g_strsplit (text, "\n", -1);
  for (guint n = 0; rows[n] != NULL; n++)
    {
      g_autoptr(GPtrArray) cells = NULL;
      g_autoptr(JsonObject) body = NULL;
      const char *ticket;
      gboolean ok;

      g_strchomp (rows[n]);   /* CRLF too */
      if (rows[n][0] == '\0')
        continue;
      cells = split_csv (rows[n], &ok);
      if (!ok)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s:%u: a quote is not closed", file, n + 1);
          return NULL;
        }
      if (n == 0)
        {
          if (!read_header (&layout, cells, error))
            return NULL;
          continue;
        }
      if ((body = read_row (&layout, cells, n + 1, error)) == NULL)
        return NULL;
      ticket = cell (&layout, cells, COL_TICKET);
      if (*ticket && g_hash_table_contains (tickets, ticket))
        {
          g_autofree char *what = g_strdup_printf ("ticket %s is also on line %u: one survey per ticket", ticket,
                                                   GPOINTER_TO_UINT (g_hash_table_lookup (tickets, ticket)));

          cell_error (error, &layout, n + 1, COL_TICKET, what);
          return NULL;
        }
      if (*ticket)
        g_hash_table_insert (tickets, g_strdup (ticket), GUINT_TO_POINTER (n + 1));
      g_ptr_array_add (bodies, g_steal_pointer (&body));
      g_array_append_val (lines, n);
    }
  return g_steal_pointer (&bodies);
}

static gboolean
survey_import (GHashTable *options, LoketctlRequestFunc request, gpointer data, GError **error)
{
  const char *file = g_hash_table_lookup (options, "csv");
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) bodies = NULL;

  if (file == NULL)
    return usage (error);
  if ((bodies = read_file (file, lines, error)) == NULL)
    return FALSE;
  /* Twice through: loketd checks every row, then stores them all. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < bodies->len; i++)
      {
        JsonObject *body = g_ptr_array_index (bodies, i);
        g_autoptr(JsonObject) reply = NULL;

        json_object_set_boolean_member (body, "check", pass == 0);
        if ((reply = request (data, "SURVEY", body, error)) == NULL)
          {
            g_prefix_error (error, "%s:%u: %s", file, g_array_index (lines, guint, i) + 1,
                            pass == 0 ? "" : "stored the rows before this one, then: ");
            return FALSE;
          }
      }
  printf ("%u surveys imported from %s\n", bodies->len, file);
  return TRUE;
}

gboolean
loketctl_survey (GHashTable          *options,
                 GPtrArray           *args,
                 LoketctlRequestFunc  request,
                 gpointer             data,
                 GError             **error)
{
  const char *what = args->len == 2 ? g_ptr_array_index (args, 1) : NULL;

  if (g_strcmp0 (what, "add") == 0)
    return survey_add (options, request, data, error);
  if (g_strcmp0 (what, "import") == 0)
    return survey_import (options, request, data, error);
  return usage (error);
}
