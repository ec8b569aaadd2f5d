/* loket-opening-hours.c — parsing and checking "Mon-Thu 08:00-15:00; …".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
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

      if (start < 0 || end < 0 || end <= start)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "“%s” is not a time range like 08:00-15:00", items[i]);
          return FALSE;
        }
      range.start = (guint16) start;
      range.end = (guint16) end;
      g_array_append_val (out, range);
    }
  return TRUE;
}

static gint
compare_ranges (gconstpointer a, gconstpointer b)
{
  return (gint) ((const Range *) a)->start - (gint) ((const Range *) b)->start;
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

gboolean
loket_opening_hours_add_closed_date (LoketOpeningHours *hours,
                                     const char        *date,
                                     GError           **error)
{
  g_autofree char *iso = g_strconcat (date, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (iso, NULL);

  if (strlen (date) != 10 || parsed == NULL)
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

char *
loket_opening_hours_describe_next (const LoketOpeningHours *hours,
                                   GDateTime               *local,
                                   const char              *lang)
{
  gboolean en = g_strcmp0 (lang, "en") == 0;
  gint minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  for (gint offset = 0; offset < 15; offset++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (local, offset);
      guint d = (guint) g_date_time_get_day_of_week (day) - 1;
      GArray *ranges = hours->days[d];

      if (is_closed_date (hours, day))
        continue;
      for (guint i = 0; i < ranges->len; i++)
        {
          const Range *r = &g_array_index (ranges, Range, i);

          if (offset == 0 && r->start <= minute)
            continue;
          if (offset == 0)
            return g_strdup_printf (en ? "Opens again today at %02u:%02u." : "Buka kembali hari ini pukul %02u:%02u.",
                                    r->start / 60, r->start % 60);
          return g_strdup_printf (en ? "Opens again %s, %02u:%02u." : "Buka kembali %s, %02u:%02u.",
                                  en ? day_long_en[d] : day_long_id[d], r->start / 60, r->start % 60);
        }
    }
  return g_strdup (en ? "Closed." : "Tutup.");
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
          const Range *r = &g_array_index (hours->days[d], Range, i);

          g_string_append_printf (out, "%c%02u:%02u-%02u:%02u", i ? ',' : ' ',
                                  r->start / 60, r->start % 60, r->end / 60, r->end % 60);
        }
      d = last + 1;
    }
  return g_string_free (out, FALSE);
}
