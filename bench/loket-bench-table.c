/* loket-bench-table.c — the rows of a benchmark's table, printed and kept
 * as JSON for bench/run's summary, and the per-process figures read from
 * /proc.  See loket-bench-table.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-bench-table.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct _BenchTable {
  char      *name;
  char      *title;
  JsonArray *rows;
  JsonArray *notes;
  guint      missed;
};

BenchTable *
bench_table_new (const char *name, const char *title)
{
  BenchTable *table = g_new0 (BenchTable, 1);

  table->name = g_strdup (name);
  table->title = g_strdup (title);
  table->rows = json_array_new ();
  table->notes = json_array_new ();
  return table;
}

void
bench_table_free (BenchTable *table)
{
  g_free (table->name);
  g_free (table->title);
  json_array_unref (table->rows);
  json_array_unref (table->notes);
  g_free (table);
}

static JsonObject *
row_new (BenchTable *table, const char *key, const char *label, double value, const char *unit)
{
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "key", key);
  json_object_set_string_member (row, "label", label);
  json_object_set_double_member (row, "value", value);
  json_object_set_string_member (row, "unit", unit);
  json_array_add_object_element (table->rows, row);
  return row;
}

void
bench_table_ratio (BenchTable *table, const char *key, const char *label, double value, double limit,
                   const char *unit, BenchDirection direction, double target_ratio)
{
  JsonObject *row = row_new (table, key, label, value, unit);
  gboolean higher = direction == BENCH_HIGHER_IS_BETTER;

  if (limit <= 0)
    return;
  json_object_set_double_member (row, "limit", limit);
  json_object_set_double_member (row, "ratio", value / limit);
  json_object_set_boolean_member (row, "higher_is_better", higher);
  if (target_ratio > 0)
    {
      gboolean met = higher ? value / limit >= target_ratio : value / limit <= target_ratio;

      json_object_set_double_member (row, "target_ratio", target_ratio);
      json_object_set_boolean_member (row, "met", met);
      table->missed += !met;
    }
}

void
bench_table_absolute (BenchTable *table, const char *key, const char *label, double value,
                      const char *unit, double target_below)
{
  JsonObject *row = row_new (table, key, label, value, unit);

  if (target_below > 0)
    {
      json_object_set_double_member (row, "target_below", target_below);
      json_object_set_boolean_member (row, "met", value < target_below);
      table->missed += !(value < target_below);
    }
}

void
bench_table_target_below (BenchTable *table, double target_below)
{
  guint n = json_array_get_length (table->rows);
  JsonObject *row = n ? json_array_get_object_element (table->rows, n - 1) : NULL;
  gboolean met;

  g_return_if_fail (row != NULL && !json_object_has_member (row, "target_ratio"));
  met = json_object_get_double_member (row, "value") < target_below;
  json_object_set_double_member (row, "target_below", target_below);
  json_object_set_boolean_member (row, "met", met);
  table->missed += !met;
}

void
bench_table_note (BenchTable *table, const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  json_array_add_string_element (table->notes, text);
}

guint
bench_table_missed (BenchTable *table)
{
  return table->missed;
}

/* Three significant digits or so, whatever the size: 0.0512, 3.88, 2797. */
static char *
figure (double value, const char *unit)
{
  int decimals = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;

  return g_strdup_printf ("%.*f %s", decimals, value, unit);
}

void
bench_row_cells (JsonObject *row, char **value, char **limit, char **ratio, char **target)
{
  const char *unit = json_object_get_string_member (row, "unit");

  *value = figure (json_object_get_double_member (row, "value"), unit);
  *limit = json_object_has_member (row, "limit") ? figure (json_object_get_double_member (row, "limit"), unit)
                                                 : g_strdup ("");
  *ratio = json_object_has_member (row, "ratio")
           ? g_strdup_printf ("%.2f×", json_object_get_double_member (row, "ratio")) : g_strdup ("");
  if (json_object_has_member (row, "target_ratio"))
    *target = g_strdup_printf ("%s %g×", json_object_get_boolean_member (row, "higher_is_better") ? "≥" : "≤",
                               json_object_get_double_member (row, "target_ratio"));
  else if (json_object_has_member (row, "target_below"))
    *target = g_strdup_printf ("< %g %s", json_object_get_double_member (row, "target_below"), unit);
  else
    *target = g_strdup ("");
}

void
bench_row_print (JsonObject *row)
{
  g_autofree char *value = NULL, *limit = NULL, *ratio = NULL, *target = NULL;

  bench_row_cells (row, &value, &limit, &ratio, &target);

  /* %-Ns counts bytes; the labels and figures are ASCII but for the
   * arrows and ×, so pad by hand to keep the columns straight. */
  g_print ("  %s%*s %12s %12s %8s  %s%s\n",
           json_object_get_string_member (row, "label"),
           (int) (44 - g_utf8_strlen (json_object_get_string_member (row, "label"), -1)), "",
           value, limit, ratio, target,
           json_object_has_member (row, "met") && !json_object_get_boolean_member (row, "met") ? "  MISSED" : "");
}

gboolean
bench_table_finish (BenchTable *table, const char *json_path, GError **error)
{
  g_autofree char *path = g_strdup (json_path);
  const char *dir = g_getenv ("LOKET_BENCH_JSON");

  g_print ("\n%s\n  %-44s %12s %12s %8s  %s\n", table->title, "figure", "value", "limit", "ratio", "target");
  for (guint i = 0; i < json_array_get_length (table->rows); i++)
    bench_row_print (json_array_get_object_element (table->rows, i));
  for (guint i = 0; i < json_array_get_length (table->notes); i++)
    g_print ("  %s\n", json_array_get_string_element (table->notes, i));
  g_print ("%s: %s\n", table->name, table->missed == 0 ? "every target met" : "some targets missed (see MISSED)");

  if (path == NULL && dir != NULL && *dir != '\0')
    path = g_strdup_printf ("%s/%s.json", dir, table->name);
  if (path != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "name", table->name);
      json_object_set_string_member (object, "title", table->title);
      json_object_set_array_member (object, "rows", json_array_ref (table->rows));
      json_object_set_array_member (object, "notes", json_array_ref (table->notes));
      json_node_take_object (root, object);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      if (!json_generator_to_file (generator, path, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- processes --------------------------------------------------------- */

guint64
bench_process_cpu_ns (GPid pid)
{
  g_autofree char *tasks = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GDir) dir = g_dir_open (tasks, 0, NULL);
  const char *tid;
  guint64 total = 0;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tasks, tid, "schedstat", NULL);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        total += g_ascii_strtoull (text, NULL, 10);
    }
  return total;
}

double
bench_process_cpu_percent (GPid pid, guint seconds)
{
  guint64 before = bench_process_cpu_ns (pid);

  g_usleep (seconds * G_USEC_PER_SEC);
  return 100.0 * (double) (bench_process_cpu_ns (pid) - before) / (seconds * 1e9);
}

/* A "Field:   1234 kB" line of a /proc file, in MB. */
static double
field_mb (const char *text, const char *field)
{
  const char *at = text ? strstr (text, field) : NULL;

  return at ? g_ascii_strtod (at + strlen (field), NULL) / 1024.0 : 0;
}

void
bench_process_memory (GPid pid, double *rss_mb, double *pss_mb, double *private_mb)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", pid);
  g_autofree char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  *rss_mb = field_mb (text, "\nRss:");
  *pss_mb = field_mb (text, "\nPss:");
  *private_mb = field_mb (text, "\nAnonymous:");
}
