/* loket-bench.h — what the benchmark's parts share: latency samples and
 * the limit measurements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GArray *usec;   /* gint64 */
} BenchSamples;

void   bench_samples_init  (BenchSamples *samples);
void   bench_samples_clear (BenchSamples *samples);
void   bench_samples_add   (BenchSamples *samples,
                            gint64        usec);
/* @q in [0, 1]: 0.5 median, 0.99 p99 (sorts the samples). */
double bench_samples_quantile (BenchSamples *samples,
                               double        q);
double bench_samples_mean  (BenchSamples *samples);

void   bench_raw_round_trip (guint         rounds,
                             BenchSamples *out);
void   bench_raw_commit     (const char   *dir,
                             guint         commits,
                             BenchSamples *out);

G_END_DECLS
