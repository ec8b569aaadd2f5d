/* test-complaint-category.c — the complaint categories are one list
 * (common/protocol/loket-complaint-category.c): the protocol's choice for
 * "category" in COMPLAIN and COMPLAINED is that list, in its order; every
 * category has a label in both languages, none shared; a citizen's screen
 * shows each once; and docs/complaints.md's "Categories" table names the
 * same ids in the same order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-complaint-category.h"
#include "loket-protocol.h"

#include <string.h>

/* @fields' choices for "category", failing if there is none. */
static const char * const *
category_choices (const LoketFieldDef *fields, const char *what)
{
  for (guint i = 0; fields[i].name != NULL; i++)
    if (g_str_equal (fields[i].name, "category"))
      return fields[i].choices;
  g_error ("%s has no field \"category\"", what);
}

static void
assert_same_list (const char * const *choices, const char *what)
{
  g_assert_nonnull (choices);
  for (guint i = 0; i < LOKET_COMPLAINT_N_CATEGORIES; i++)
    {
      g_assert_nonnull (choices[i]);
      if (!g_str_equal (choices[i], loket_complaint_category (i)->id))
        g_error ("%s: category %u is “%s”, the table's is “%s”", what, i, choices[i],
                 loket_complaint_category (i)->id);
    }
  g_assert_null (choices[LOKET_COMPLAINT_N_CATEGORIES]);
}

static void
test_protocol (void)
{
  assert_same_list (loket_complaint_category_ids, "loket_complaint_category_ids");
  assert_same_list (category_choices (loket_protocol_lookup_request ("COMPLAIN")->fields, "COMPLAIN"),
                    "COMPLAIN");
  assert_same_list (category_choices (loket_protocol_lookup_event ("COMPLAINED")->fields, "COMPLAINED"),
                    "COMPLAINED");
}

static void
test_labels (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint shown[LOKET_COMPLAINT_N_CATEGORIES] = { 0 };

  for (guint i = 0; i < LOKET_COMPLAINT_N_CATEGORIES; i++)
    {
      const LoketComplaintCategory *c = loket_complaint_category (i);

      g_assert_cmpint (loket_complaint_category_index (c->id), ==, i);
      g_assert_cmpuint (strlen (c->name), >, 0);
      g_assert_cmpuint (strlen (c->name_en), >, 0);
      /* Short enough for one line of the kiosk's button and receipt. */
      g_assert_cmpuint (g_utf8_strlen (c->name, -1), <=, 28);
      g_assert_cmpuint (g_utf8_strlen (c->name_en, -1), <=, 28);
      g_assert_true (g_hash_table_add (seen, (gpointer) c->name));
      g_assert_true (g_hash_table_add (seen, (gpointer) c->name_en) || g_str_equal (c->name, c->name_en));
      g_assert_cmpstr (loket_complaint_category_name (c->id, "id"), ==, c->name);
      g_assert_cmpstr (loket_complaint_category_name (c->id, "en"), ==, c->name_en);
      shown[loket_complaint_category_index (loket_complaint_category_on_screen (i)->id)]++;
    }
  for (guint i = 0; i < LOKET_COMPLAINT_N_CATEGORIES; i++)
    g_assert_cmpuint (shown[i], ==, 1);
  g_assert_cmpstr (loket_complaint_category_on_screen (LOKET_COMPLAINT_N_CATEGORIES - 1)->id, ==, "other");
  g_assert_cmpstr (loket_complaint_category_name ("time", "id"), ==, "Waktu tunggu dan pelayanan");
  /* A category this build does not know is shown by its id, not dropped. */
  g_assert_cmpint (loket_complaint_category_index ("parking"), ==, -1);
  g_assert_cmpstr (loket_complaint_category_name ("parking", "en"), ==, "parking");
  g_assert_cmpstr (loket_complaint_category_name (NULL, "id"), ==, "");
}

/* The rows of docs/complaints.md's "| category | about |" table. */
static void
test_docs (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("LOKET_SOURCE_DIR") ?: ".", "docs", "complaints.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *start;
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  start = strstr (text, "| category | about |\n");
  g_assert_nonnull (start);
  lines = g_strsplit (start, "\n", -1);
  for (guint i = 2; lines[i] != NULL && lines[i][0] == '|'; i++, n++)
    {
      g_autofree char *id = g_strdup_printf ("| `%s` |", n < LOKET_COMPLAINT_N_CATEGORIES
                                                         ? loket_complaint_category (n)->id : "?");

      if (!g_str_has_prefix (lines[i], id))
        g_error ("docs/complaints.md, category %u: “%s”, expected it to start “%s”", n, lines[i], id);
    }
  g_assert_cmpuint (n, ==, LOKET_COMPLAINT_N_CATEGORIES);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/complaint-category/protocol", test_protocol);
  g_test_add_func ("/complaint-category/labels", test_labels);
  g_test_add_func ("/complaint-category/docs", test_docs);
  return g_test_run ();
}
