/* loket-fuzz-replay.c — a harness without libFuzzer: one g_test case per
 * file of the corpus directories given on the command line, each running
 * LLVMFuzzerTestOneInput() once.  This is how the normal (gcc) suite
 * replays the seeds and every crash ever found, so a fixed bug stays
 * fixed.  An empty or missing corpus fails: a harness that tests nothing
 * must not pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-fuzz.h"

#include <string.h>

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
replay_one (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
}

/* Adds a test for each regular file in @dir, in name order so that the
 * TAP numbering is stable; returns how many. */
static guint
add_corpus (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = g_path_get_basename (dir);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test = g_strdup_printf ("/fuzz-replay/%s/%s", base, file);

      g_test_add_data_func_full (test, g_build_filename (dir, file, NULL), replay_one, g_free);
    }
  return names->len;
}

/* Read by the sanitizers: json-glib 1.6 leaks the objects it had built
 * when a parse fails midway, and the fuzzers feed it such text on
 * purpose.  Not ours to fix here.  Full stacks, so that the suppression
 * can see json-glib's frame. */
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:json_parser_load_from_data\n";
}

int
main (int argc, char **argv)
{
  guint n = 0;

  g_test_init (&argc, &argv, NULL);
  loket_fuzz_init ();
  g_assert_cmpint (LLVMFuzzerInitialize (&argc, &argv), ==, 0);
  for (int i = 1; i < argc; i++)
    if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
      n += add_corpus (argv[i]);
  if (n == 0)
    g_error ("no corpus files in the directories given");
  return g_test_run ();
}
