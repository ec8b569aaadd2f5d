/* loket-opening-hours.c — parsing and checking "Mon-Thu 08:00-15:00; …".
 *
 * The charter's OpeningHours= and Closed= keys become a week of minute
 * ranges plus a set of closed dates; the server asks it whether a ticket
 * may be issued now and, if not, what to tell the citizen about when the
 * office opens again.  Everything works on wall-clock time already in the
 * office's time zone, so this file knows nothing of zones and has no state
 * beyond the parsed spec: pure functions, unit-tested on their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-charter"

#include "loket-opening-hours.h"
#include "loket-error.h"

#include <string.h>

typedef struct {
  guint16 start;   /* minutes after midnight */
  guint16 end;     /* exclusive; 1440 = midnight */
} Range;

struct _LoketOpeningHours
{
  GArray     *days[7];     /* Range, Monday = 0 */
  GHashTable *closed;      /* "YYYY-MM-DD" set */
};

static const char * const day_names_en[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char * const day_names_id[] = { "Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min" };
static const char * const day_long_en[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday" };
static const char * const day_long_id[] = { "Senin", "Selasa", "Rabu", "Kamis",
                                             "Jumat", "Sabtu", "Minggu" };
static const char * const month_en[] = { "January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December" };
static const char * const month_id[] = { "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                                         "Agustus", "September", "Oktober", "November", "Desember" };

void
loket_opening_hours_free (LoketOpeningHours *hours)
{
  if (hours == NULL)
    return;
  for (guint d = 0; d < 7; d++)
    g_array_unref (hours->days[d]);
  g_hash_table_unref (hours->closed);
  g_free (hours);
}

static gint
parse_day (const char *text)
{
  for (guint d = 0; d < 7; d++)
    if (g_ascii_strcasecmp (text, day_names_en[d]) == 0 ||
        g_ascii_strcasecmp (text, day_names_id[d]) == 0)
      return (gint) d;
  return -1;
}

/* "08:00" → 480; "24:00" allowed only as an end. */
static gint
parse_time (const char *text, gboolean is_end)
{
  guint64 h, m;
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);

  if (g_strv_length (parts) != 2 || strlen (parts[0]) != 2 || strlen (parts[1]) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, 24, &h, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, 59, &m, NULL) ||
      (h == 24 && (m != 0 || !is_end)))
    return -1;
  return (gint) (h * 60 + m);
}

static gboolean
parse_days (const char *text, gboolean days[7], GError **error)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) span = g_strsplit (g_strstrip (items[i]), "-", 2);
      gint from = parse_day (span[0] ? span[0] : "");
      gint to = span[0] && span[1] ? parse_day (span[1]) : from;

      if (from < 0 || to < 0 || to < from)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "“%s” is not a day or a day range like Mon-Fri", items[i]);
          return FALSE;
        }
      for (gint d = from; d <= to; d++)
        days[d] = TRUE;
    }
  return TRUE;
}

static gboolean
parse_ranges (const char *text, GArray *out, GError **error)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) span = g_strsplit (g_strstrip (items[i]), "-", -1);
      gint start = g_strv_length (span) == 2 ? parse_time (span[0], FALSE) : -1;
      gint end = g_strv_length (span) == 2 ? parse_time (span[1], TRUE) : -1;
      Range range;

      if (start < 0 || end < 0)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "“%s” is not a time range like 08:00-15:00", items[i]);
          return FALSE;
        }
      /* Ranges never cross midnight: a night shift is two clauses. */
      if (end <= start)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "“%s” ends before it starts (ranges end by 24:00 the same day)", items[i]);
          return FALSE;
        }
      range.start = (guint16) start;
      range.end = (guint16) end;
      g_array_append_val (out, range);
    }
  return TRUE;
}

/* "08:00-15:00", as written in the charter. */
static char *
range_to_string (const Range *r)
{
  return g_strdup_printf ("%02u:%02u-%02u:%02u", r->start / 60u, r->start % 60u, r->end / 60u, r->end % 60u);
}

static gint
compare_ranges (gconstpointer a, gconstpointer b)
{
  return (gint) ((const Range *) a)->start - (gint) ((const Range *) b)->start;
}

/* "Mon-Fri 08:00-15:00; Fri 10:00-12:00" is almost certainly a typo, and
 * the published hours must say one thing.  Touching ranges are fine. */
static gboolean
check_overlaps (GArray *ranges, guint day, GError **error)
{
  for (guint i = 1; i < ranges->len; i++)
    {
      const Range *a = &g_array_index (ranges, Range, i - 1);
      const Range *b = &g_array_index (ranges, Range, i);

      if (b->start < a->end)
        {
          g_autofree char *first = range_to_string (a);
          g_autofree char *second = range_to_string (b);

          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "on %s, %s overlaps %s",
                       day_names_en[day], first, second);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_clause (LoketOpeningHours *hours, const char *clause, GError **error)
{
  g_autofree char *text = g_strstrip (g_strdup (clause));
  char *space = strchr (text, ' ');
  gboolean days[7] = { FALSE };
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (Range));

  if (space == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "“%s”: expected days and times, like “Mon-Fri 08:00-15:00”", text);
      return FALSE;
    }
  *space = '\0';
  if (!parse_days (text, days, error) || !parse_ranges (space + 1, ranges, error))
    return FALSE;
  for (guint d = 0; d < 7; d++)
    if (days[d])
      {
        g_array_append_vals (hours->days[d], ranges->data, ranges->len);
        g_array_sort (hours->days[d], compare_ranges);
        if (!check_overlaps (hours->days[d], d, error))
          return FALSE;
      }
  return TRUE;
}

LoketOpeningHours *
loket_opening_hours_parse (const char *spec,
                           GError    **error)
{
  g_autoptr(LoketOpeningHours) hours = g_new0 (LoketOpeningHours, 1);
  g_auto(GStrv) clauses = NULL;
  guint n = 0;

  for (guint d = 0; d < 7; d++)
    hours->days[d] = g_array_new (FALSE, FALSE, sizeof (Range));
  hours->closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  clauses = g_strsplit (spec ? spec : "", ";", -1);
  for (guint i = 0; clauses[i] != NULL; i++)
    {
      if (*g_strstrip (clauses[i]) == '\0')
        continue;
      if (!parse_clause (hours, clauses[i], error))
        return NULL;
      n++;
    }
  if (n == 0)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "no opening hours given, e.g. “Mon-Fri 08:00-15:00”");
      return NULL;
    }
  return g_steal_pointer (&hours);
}

/* Digits only: g_ascii_string_to_unsigned refuses signs and spaces. */
static gboolean
date_field (const char *date, gsize offset, gsize length, guint64 max, guint64 *out)
{
  char part[5] = { 0 };

  memcpy (part, date + offset, length);
  return g_ascii_string_to_unsigned (part, 10, 1, max, out, NULL);
}

/* Strictly YYYY-MM-DD and a real date: Closed= is stored and compared
 * as text, so "2026-1-5" must not slip in and then never match. */
static gboolean
date_is_valid (const char *date)
{
  guint64 y, m, d;

  return strlen (date) == 10 && date[4] == '-' && date[7] == '-' &&
         date_field (date, 0, 4, 9999, &y) && date_field (date, 5, 2, 12, &m) &&
         date_field (date, 8, 2, 31, &d) &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

gboolean
loket_opening_hours_add_closed_date (LoketOpeningHours *hours,
                                     const char        *date,
                                     GError           **error)
{
  if (!date_is_valid (date))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "“%s” is not a date like 2026-12-25", date);
      return FALSE;
    }
  g_hash_table_add (hours->closed, g_strdup (date));
  return TRUE;
}

static gboolean
is_closed_date (const LoketOpeningHours *hours, GDateTime *local)
{
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");

  return g_hash_table_contains (hours->closed, date);
}

gboolean
loket_opening_hours_contains (const LoketOpeningHours *hours,
                              GDateTime               *local)
{
  GArray *ranges = hours->days[g_date_time_get_day_of_week (local) - 1];
  gint minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  if (is_closed_date (hours, local))
    return FALSE;
  for (guint i = 0; i < ranges->len; i++)
    {
      const Range *r = &g_array_index (ranges, Range, i);

      if (minute >= r->start && minute < r->end)
        return TRUE;
    }
  return FALSE;
}

gboolean
loket_opening_hours_is_working_day (const LoketOpeningHours *hours,
                                    GDateTime               *local)
{
  return hours->days[g_date_time_get_day_of_week (local) - 1]->len > 0 && !is_closed_date (hours, local);
}

/* Days are stepped at noon, clear of any daylight-saving edge (Indonesia
 * has none; a charter's zone might). */
static GDateTime *
noon_of (GDateTime *local)
{
  return g_date_time_new (g_date_time_get_timezone (local), g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local), 12, 0, 0);
}

char *
loket_opening_hours_add_working_days (const LoketOpeningHours *hours,
                                      GDateTime               *local,
                                      guint                    n)
{
  g_autoptr(GDateTime) day = noon_of (local);
  guint counted = 0;

  for (guint step = 0; counted < n; step++)
    {
      GDateTime *next;

      /* Within a year of opening days the deadline comes; beyond, the
       * charter opens too rarely for n to be reached. */
      if (step > 366 + n)
        return NULL;
      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
      counted += loket_opening_hours_is_working_day (hours, day);
    }
  return g_date_time_format (day, "%Y-%m-%d");
}

guint
loket_opening_hours_working_days_between (const LoketOpeningHours *hours,
                                          GDateTime               *from,
                                          GDateTime               *to)
{
  g_autoptr(GDateTime) day = noon_of (from);
  g_autoptr(GDateTime) last = noon_of (to);
  guint n = 0;

  while (g_date_time_compare (day, last) < 0)
    {
      GDateTime *next = g_date_time_add_days (day, 1);

      g_date_time_unref (day);
      day = next;
      n += loket_opening_hours_is_working_day (hours, day);
    }
  return n;
}

gint
loket_opening_hours_last_end (const LoketOpeningHours *hours,
                              GDateTime               *local)
{
  GArray *ranges = hours->days[g_date_time_get_day_of_week (local) - 1];

  if (is_closed_date (hours, local) || ranges->len == 0)
    return -1;
  /* Sorted by start and never overlapping: the last ends last. */
  return g_array_index (ranges, Range, ranges->len - 1).end;
}

/* "Senin, 08:00" within the coming week; further away (a long holiday)
 * the weekday alone would be ambiguous, so the date is added. */
static char *
describe_opening (GDateTime *day, gint offset, const Range *r, gboolean en)
{
  guint d = (guint) g_date_time_get_day_of_week (day) - 1;
  guint m = (guint) g_date_time_get_month (day) - 1;

  if (offset == 0)
    return g_strdup_printf (en ? "Opens again today at %02u:%02u." : "Buka kembali hari ini pukul %02u:%02u.",
                            r->start / 60, r->start % 60);
  if (offset < 7)
    return g_strdup_printf (en ? "Opens again %s, %02u:%02u." : "Buka kembali %s, %02u:%02u.",
                            en ? day_long_en[d] : day_long_id[d], r->start / 60, r->start % 60);
  if (en)
    return g_strdup_printf ("Opens again %s, %s %d, %02u:%02u.", day_long_en[d], month_en[m],
                            g_date_time_get_day_of_month (day), r->start / 60, r->start % 60);
  return g_strdup_printf ("Buka kembali %s, %d %s, %02u:%02u.", day_long_id[d],
                          g_date_time_get_day_of_month (day), month_id[m], r->start / 60, r->start % 60);
}

char *
loket_opening_hours_describe_next (const LoketOpeningHours *hours,
                                   GDateTime               *local,
                                   const char              *lang)
{
  gboolean en = g_strcmp0 (lang, "en") == 0;
  gint minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  /* Five weeks covers the longest run of public holidays plus leave
   * (cuti bersama) around Idul Fitri with room to spare. */
  for (gint offset = 0; offset < 35; offset++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (local, offset);
      GArray *ranges = hours->days[g_date_time_get_day_of_week (day) - 1];

      if (is_closed_date (hours, day))
        continue;
      for (guint i = 0; i < ranges->len; i++)
        {
          const Range *r = &g_array_index (ranges, Range, i);

          if (offset == 0 && r->start <= minute)
            continue;
          return describe_opening (day, offset, r, en);
        }
    }
  return g_strdup (en ? "Closed until further notice." : "Tutup sampai pemberitahuan berikutnya.");
}

static gboolean
same_ranges (GArray *a, GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (Range)) == 0;
}

char *
loket_opening_hours_to_string (const LoketOpeningHours *hours)
{
  GString *out = g_string_new (NULL);

  for (guint d = 0; d < 7;)
    {
      guint last = d;

      if (hours->days[d]->len == 0)
        {
          d++;
          continue;
        }
      while (last + 1 < 7 && same_ranges (hours->days[d], hours->days[last + 1]))
        last++;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, day_names_en[d]);
      if (last > d)
        g_string_append_printf (out, "-%s", day_names_en[last]);
      for (guint i = 0; i < hours->days[d]->len; i++)
        {
          g_autofree char *range = range_to_string (&g_array_index (hours->days[d], Range, i));

          g_string_append_printf (out, "%c%s", i ? ',' : ' ', range);
        }
      d = last + 1;
    }
  return g_string_free (out, FALSE);
}
