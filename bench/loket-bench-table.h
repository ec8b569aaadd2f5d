/* loket-bench-table.h — the one shape every Loket figure is reported in.
 *
 * Each benchmark program measures its figures and adds them to a
 * BenchTable as rows: a value beside the physical limit measured in the
 * same run and their ratio (with the target ratio, if the project set
 * one), or a value against an absolute target (idle CPU, memory).  It
 * prints its own table, and writes the rows as JSON when
 * $LOKET_BENCH_JSON names a folder (or --json names a file); bench/run
 * gathers those files into the project's one table
 * (loket-bench-summary.c).  The process figures (processor time, memory)
 * every program reads from /proc live here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _BenchTable BenchTable;

typedef enum {
  BENCH_LOWER_IS_BETTER,
  BENCH_HIGHER_IS_BETTER,
} BenchDirection;

/* @name is the program's short name ("server", "board", …): the JSON
 * file's name under $LOKET_BENCH_JSON and the table's section. */
BenchTable *bench_table_new      (const char     *name,
                                  const char     *title);
void        bench_table_free     (BenchTable     *table);

/* @value beside @limit (measured in the same run; the ratio is
 * value / limit).  @target_ratio ≤ 0: no target, just shown. */
void        bench_table_ratio    (BenchTable     *table,
                                  const char     *key,
                                  const char     *label,
                                  double          value,
                                  double          limit,
                                  const char     *unit,
                                  BenchDirection  direction,
                                  double          target_ratio);
/* @value against an absolute target: met when below @target_below
 * (≤ 0: no target, just shown). */
void        bench_table_absolute (BenchTable     *table,
                                  const char     *key,
                                  const char     *label,
                                  double          value,
                                  const char     *unit,
                                  double          target_below);
/* The last row must also stay below @target_below (a report's time
 * beside a scan, and the second it must fit in). */
void        bench_table_target_below (BenchTable *table,
                                      double      target_below);
/* A line of context printed (and kept in the JSON) under the table, e.g.
 * what the figures were measured on. */
void        bench_table_note     (BenchTable     *table,
                                  const char     *format,
                                  ...) G_GNUC_PRINTF (2, 3);

guint       bench_table_missed   (BenchTable     *table);
/* Prints the table to stdout and, if @json_path is set or
 * $LOKET_BENCH_JSON names a folder, writes it as JSON there. */
gboolean    bench_table_finish   (BenchTable     *table,
                                  const char     *json_path,
                                  GError        **error);

/* A row's cells as text: value and limit with their unit, the ratio,
 * the target ("" where there is none). */
void        bench_row_cells      (JsonObject     *row,
                                  char          **value,
                                  char          **limit,
                                  char          **ratio,
                                  char          **target);
/* Prints one row in the common layout (also used by the summary). */
void        bench_row_print      (JsonObject     *row);

/* Processor time of all the threads of @pid so far, in ns (schedstat:
 * far finer than /proc/PID/stat's 10 ms ticks, which would hide a quiet
 * process). */
guint64     bench_process_cpu_ns (GPid            pid);
/* The share of one processor @pid used over @seconds, in percent. */
double      bench_process_cpu_percent (GPid       pid,
                                       guint      seconds);
/* Resident memory of @pid in MB: all of it, its proportional share of
 * what it shares with other processes (PSS), and what is its own alone
 * (anonymous memory: heap, stacks). */
void        bench_process_memory (GPid            pid,
                                  double         *rss_mb,
                                  double         *pss_mb,
                                  double         *private_mb);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchTable, bench_table_free)

G_END_DECLS
