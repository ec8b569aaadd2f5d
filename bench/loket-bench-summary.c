/* loket-bench-summary.c — the project's one benchmark table.
 *
 * bench/run runs every benchmark program with $LOKET_BENCH_JSON set; each
 * writes its rows there (loket-bench-table.c).  This gathers them, in the
 * order given, under a line saying which machine they were measured on
 * and when, and prints them as the aligned table or, with --markdown, as
 * the table the README shows.
 *
 *   loket-bench-summary [--markdown] FILE.json…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-bench-table.h"

#include <sys/utsname.h>
#include <locale.h>

/* The value after "@key" up to the end of the line in @text, trimmed of
 * separators and quotes. */
static char *
line_value (const char *text, const char *key)
{
  const char *at = text ? strstr (text, key) : NULL;
  const char *end;

  if (at == NULL)
    return NULL;
  at += strlen (key);
  while (*at == ' ' || *at == '\t' || *at == ':' || *at == '=' || *at == '"')
    at++;
  end = strchrnul (at, '\n');
  while (end > at && (end[-1] == '"' || end[-1] == ' '))
    end--;
  return g_strndup (at, (gsize) (end - at));
}

static char *
machine_description (void)
{
  g_autofree char *cpuinfo = NULL, *meminfo = NULL, *os_release = NULL;
  g_autofree char *model = NULL, *os = NULL, *memory = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  struct utsname kernel;

  g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL);
  g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL);
  g_file_get_contents ("/etc/os-release", &os_release, NULL, NULL);
  model = line_value (cpuinfo, "model name");
  os = line_value (os_release, "PRETTY_NAME");
  memory = line_value (meminfo, "MemTotal");
  uname (&kernel);
  return g_strdup_printf ("%s: %u × %s, %.0f GiB, %s, Linux %s",
                          date, g_get_num_processors (), model ? model : "unknown processor",
                          memory ? g_ascii_strtod (memory, NULL) / (1024.0 * 1024.0) : 0,
                          os ? os : "unknown system", kernel.release);
}

static void
print_markdown_row (JsonObject *row)
{
  g_autofree char *value = NULL, *limit = NULL, *ratio = NULL, *target = NULL;
  const char *met = "";

  bench_row_cells (row, &value, &limit, &ratio, &target);
  if (json_object_has_member (row, "met"))
    met = json_object_get_boolean_member (row, "met") ? " — met" : " — **missed**";
  g_print ("| %s | %s | %s | %s | %s%s |\n", json_object_get_string_member (row, "label"),
           value, limit, ratio, target, met);
}

int
main (int argc, char **argv)
{
  gboolean markdown = FALSE;
  GOptionEntry entries[] = {
    { "markdown", 0, 0, G_OPTION_ARG_NONE, &markdown, "A Markdown table (for the README)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("FILE.json… — the project's one benchmark table");
  g_autoptr(GError) error = NULL;
  g_autofree char *machine = NULL;
  guint missed = 0, targets = 0;

  setlocale (LC_ALL, "");   /* the tables speak UTF-8: →, ×, ≤ */

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || argc < 2)
    {
      g_printerr ("usage: loket-bench-summary [--markdown] FILE.json…\n");
      return 2;
    }
  machine = machine_description ();
  if (markdown)
    g_print ("Measured %s.\n\n| figure | value | limit (same run) | ratio | target |\n|---|---|---|---|---|\n", machine);
  else
    g_print ("\nLoket: every figure, beside its limit measured in the same run\n%s\n", machine);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *table;
      JsonArray *rows;

      if (!json_parser_load_from_file (parser, argv[i], &error))
        {
          g_printerr ("loket-bench-summary: %s: %s\n", argv[i], error->message);
          return 1;
        }
      table = json_node_get_object (json_parser_get_root (parser));
      rows = json_object_get_array_member (table, "rows");
      if (markdown)
        g_print ("| **%s** | | | | |\n", json_object_get_string_member (table, "title"));
      else
        g_print ("\n%s\n  %-44s %12s %12s %8s  %s\n", json_object_get_string_member (table, "title"),
                 "figure", "value", "limit", "ratio", "target");
      for (guint r = 0; r < json_array_get_length (rows); r++)
        {
          JsonObject *row = json_array_get_object_element (rows, r);

          if (markdown)
            print_markdown_row (row);
          else
            bench_row_print (row);
          if (json_object_has_member (row, "met"))
            {
              targets++;
              missed += !json_object_get_boolean_member (row, "met");
            }
        }
      if (!markdown && json_object_has_member (table, "notes"))
        {
          JsonArray *notes = json_object_get_array_member (table, "notes");

          for (guint n = 0; n < json_array_get_length (notes); n++)
            g_print ("  %s\n", json_array_get_string_element (notes, n));
        }
    }
  g_print ("\n%u of %u targets met.\n", targets - missed, targets);
  return 0;
}
