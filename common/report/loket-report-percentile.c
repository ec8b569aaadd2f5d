/* loket-report-percentile.c — the report's percentiles, by nearest rank
 * (docs/reports.md): of n values, the one at rank ⌈p·n/100⌉ if they were
 * sorted.  A year is millions of durations, kept in blocks that never
 * move, so they are neither sorted nor copied together: the value at a
 * rank is found by its digits (radix selection), each pass counting the
 * values that share the digits found so far by their next one, from the
 * highest.  A pass reads the values where they are, in order, and a
 * duration of up to a day takes three.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-report-private.h"

/* Eleven bits a digit: the counts of one pass fit in 16 kB. */
#define DIGIT_BITS 11

/* The 0-based index of the @p-th percentile of @n > 0 values. */
static gsize
rank_index (gsize n, guint p)
{
  gsize rank = (p * n + 99) / 100;      /* ⌈p·n/100⌉, 1-based */

  return CLAMP (rank, 1, n) - 1;
}

/* The value at 0-based @rank of @sets' values taken together, all of
 * them from @min to @max: their distance from @min is what is counted. */
static gint64
select_rank (const gint64 * const *sets, const gsize *lengths, guint n_sets, gsize rank, gint64 min, gint64 max)
{
  guint64 range = (guint64) max - (guint64) min;
  guint64 prefix = 0;   /* the digits found: the distance's bits above @shift */
  guint shift = 1;

  while (shift < 64 && range >> shift != 0)
    shift++;
  while (shift > 0)
    {
      guint width = MIN (DIGIT_BITS, shift), digit = 0;
      gsize counts[1 << DIGIT_BITS] = { 0 };

      shift -= width;
      for (guint s = 0; s < n_sets; s++)
        for (gsize i = 0; i < lengths[s]; i++)
          {
            guint64 d = (guint64) sets[s][i] - (guint64) min;

            /* Two shifts: shift + width may be 64. */
            if (d >> shift >> width == prefix)
              counts[(d >> shift) & ((1u << width) - 1)]++;
          }
      while (rank >= counts[digit])
        rank -= counts[digit++];
      prefix = prefix << width | digit;
    }
  return (gint64) (prefix + (guint64) min);
}

gint64
loket_report_percentile (const gint64 *values,
                         gsize         n,
                         guint         p)
{
  gint64 min = G_MAXINT64, max = G_MININT64;

  if (n == 0)
    return 0;
  for (gsize i = 0; i < n; i++)
    {
      min = MIN (min, values[i]);
      max = MAX (max, values[i]);
    }
  return select_rank (&values, &n, 1, rank_index (n, p), min, max);
}

void
loket_report_median_and_p90 (const gint64 * const *sets,
                             const gsize          *lengths,
                             guint                 n_sets,
                             gint64                max,
                             gint64               *median,
                             gint64               *p90)
{
  gsize n = 0;

  for (guint s = 0; s < n_sets; s++)
    n += lengths[s];
  g_return_if_fail (n > 0);
  *median = select_rank (sets, lengths, n_sets, rank_index (n, 50), 0, max);
  *p90 = select_rank (sets, lengths, n_sets, rank_index (n, 90), 0, max);
}
