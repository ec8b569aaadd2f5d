/* loket-gen-year — writes a synthetic office year into a new Loket
 * database, for the report benchmark and for trying reports out:
 *
 *   loket-gen-year --db year.db [--days 365] [--per-day 8000] [--seed 1]
 *                  [--start 2026-01-01] [--charter FILE] [--counters N]
 *
 * Everything goes through LoketStore as loketd writes it (see loket-gen.h),
 * so `loketctl verify` accepts the result.  The same seed gives the same
 * tickets, events and hash chain; only the clerks' PIN salts differ, as
 * the store draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-gen"

#include "config.h"

#include "loket-gen.h"

#include <locale.h>

int
main (int argc, char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *charter = NULL;
  g_autofree char *start = NULL;
  int days = 365, per_day = 8000, seed = 1, counters = 0;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The new database", "FILE" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "Calendar days (365)", "N" },
    { "per-day", 0, 0, G_OPTION_ARG_INT, &per_day, "Mean tickets on an open day (8000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (1)", "S" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, "First day (2026-01-01)", "DATE" },
    { "charter", 0, 0, G_OPTION_ARG_FILENAME, &charter, "The charter (the sample Dukcapil one)", "FILE" },
    { "counters", 0, 0, G_OPTION_ARG_INT, &counters, "Counters (0: enough for the load)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a synthetic year of Loket tickets");
  g_autoptr(GError) error = NULL;
  LoketGenOptions options = { 0 };
  LoketGenStats stats;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db == NULL ||
      days <= 0 || per_day < 0 || counters < 0)
    {
      g_printerr ("loket-gen-year: %s\n", error ? error->message : "--db FILE is required, counts positive");
      return 2;
    }
  options = (LoketGenOptions) {
    db, charter ? charter : LOKET_SAMPLE_CHARTER, start ? start : "2026-01-01",
    (guint) days, (guint) per_day, (guint) counters, (guint32) seed, quiet,
  };
  if (!loket_gen_run (&options, &stats, &error))
    {
      g_printerr ("loket-gen-year: %s\n", error->message);
      return 1;
    }
  g_print ("%s: %u open days, %u counters, %u clerks, %" G_GINT64_FORMAT " tickets, %"
           G_GINT64_FORMAT " events in %.1f s (%.1f µs a ticket)\n", db, stats.open_days,
           stats.counters, stats.clerks, stats.tickets, stats.events, stats.usec / 1e6,
           stats.tickets ? (double) stats.usec / stats.tickets : 0.0);
  return 0;
}
