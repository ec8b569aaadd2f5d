/* loket-fuzz.c — the logging policy every harness runs under (see
 * loket-fuzz.h): what would be a test failure must be a crash the fuzzer
 * can record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-fuzz.h"

#include <stdio.h>
#include <stdlib.h>

static gboolean verbose;

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  gboolean fatal = (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0;

  if (fatal || verbose)
    g_log_writer_standard_streams (level, fields, n_fields, user_data);
  if (fatal)
    abort ();
  return G_LOG_WRITER_HANDLED;
}

void
loket_fuzz_init (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  verbose = g_strcmp0 (g_getenv ("LOKET_FUZZ_VERBOSE"), "1") == 0;
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  g_once_init_leave (&done, 1);
}

void
loket_fuzz_fail (const char *file, int line, const char *expr)
{
  fprintf (stderr, "%s:%d: invariant failed: %s\n", file, line, expr);
  abort ();
}
