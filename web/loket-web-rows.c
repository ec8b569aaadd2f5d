/* loket-web-rows.c — the open data's rows as CSV and JSON (see
 * loket-web-rows.h, docs/open-data.md): the record per service day
 * (/data/daily.*, from DAILY) and the satisfaction survey's answers per
 * service day (/data/skm-daily.*, from SKM).  Both formats carry the same
 * rows; the JSON is written by hand so that numbers keep the CSV's form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-rows.h"

#include <string.h>

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its
 * quotes doubled. */
void
loket_web_csv_field (GString *csv, const char *field, gboolean last)
{
  if (strpbrk (field, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
      for (const char *p = field; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, field);
  g_string_append (csv, last ? "\r\n" : ",");
}

/* @text (NULL: null) as a JSON string, escaped by json-glib. */
void
loket_web_json_string (GString *out, const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *quoted = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  json_node_set_string (node, text);
  quoted = json_to_string (node, FALSE);
  g_string_append (out, quoted);
}

/* The JSON answer's opening: the office, the licence, the range, then
 * the rows' array, left open. */
static GString *
json_head (const char *office, const char *licence, const char *from, const char *to)
{
  GString *out = g_string_new ("{\n  \"office\": ");

  loket_web_json_string (out, office);
  g_string_append (out, ",\n  \"licence\": ");
  loket_web_json_string (out, licence);
  g_string_append (out, ",\n  \"from\": ");
  loket_web_json_string (out, from);
  g_string_append (out, ",\n  \"to\": ");
  loket_web_json_string (out, to);
  g_string_append (out, ",\n  \"rows\": [");
  return out;
}

/* ---- the record per day: /data/daily.* ---------------------------------------- */

static const char * const columns[] = {
  "day", "service_id", "service_name", "issued", "served", "turned_away", "unserved",
  "wait_median_s", "wait_p90_s", "judged", "within", "share_within", "anchor_seq", "anchor_hash", NULL
};

static gint64
get_int (JsonObject *o, const char *name)
{
  return json_object_get_int_member_with_default (o, name, 0);
}

/* "0.8750": @within of @judged to four places; "" when nothing was judged. */
static char *
share_text (gint64 within, gint64 judged)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (judged <= 0)
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.4f", (double) within / (double) judged));
}

/* One service of one day as the columns' texts (NULL-terminated); a wait
 * with no measured ticket is "". */
static GStrv
service_row (JsonObject *entry, JsonObject *s)
{
  gboolean waits = get_int (s, "waits") > 0;
  GPtrArray *b = g_ptr_array_new ();

  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (entry, "day", "")));
  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (s, "id", "")));
  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (s, "name", "")));
  g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT, get_int (s, "issued")));
  g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT, get_int (s, "served")));
  g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT, get_int (s, "turned_away")));
  g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT, get_int (s, "unserved")));
  g_ptr_array_add (b, waits ? g_strdup_printf ("%" G_GINT64_FORMAT, get_int (s, "wait_median_s")) : g_strdup (""));
  g_ptr_array_add (b, waits ? g_strdup_printf ("%" G_GINT64_FORMAT, get_int (s, "wait_p90_s")) : g_strdup (""));
  g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT, get_int (s, "judged")));
  g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT, get_int (s, "within")));
  g_ptr_array_add (b, share_text (get_int (s, "within"), get_int (s, "judged")));
  g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT, get_int (entry, "anchor_seq")));
  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (entry, "anchor_hash", "")));
  g_ptr_array_add (b, NULL);
  return (GStrv) g_ptr_array_free (b, FALSE);
}

char *
loket_web_rows_daily_csv (GPtrArray *entries)
{
  GString *csv = g_string_new (NULL);

  for (guint c = 0; columns[c] != NULL; c++)
    loket_web_csv_field (csv, columns[c], columns[c + 1] == NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (entries, i);
      JsonArray *services = json_object_get_array_member (entry, "services");

      for (guint j = 0; services != NULL && j < json_array_get_length (services); j++)
        {
          g_auto(GStrv) row = service_row (entry, json_array_get_object_element (services, j));

          for (guint c = 0; row[c] != NULL; c++)
            loket_web_csv_field (csv, row[c], row[c + 1] == NULL);
        }
    }
  return g_string_free (csv, FALSE);
}

/* The same rows as the CSV, as JSON: numbers as numbers (the share with
 * its four places, as in the CSV), "" as null.  Written by hand, as
 * json-glib would write the share as 0.83330000000000004. */
char *
loket_web_rows_daily_json (GPtrArray  *entries,
                           const char *office,
                           const char *licence,
                           const char *from,
                           const char *to)
{
  GString *out = json_head (office, licence, from, to);
  gboolean first = TRUE;

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (entries, i);
      JsonArray *services = json_object_get_array_member (entry, "services");

      for (guint j = 0; services != NULL && j < json_array_get_length (services); j++)
        {
          g_auto(GStrv) row = service_row (entry, json_array_get_object_element (services, j));

          g_string_append (out, first ? "\n    {" : ",\n    {");
          first = FALSE;
          for (guint c = 0; row[c] != NULL; c++)
            {
              g_string_append_printf (out, "%s\"%s\": ", c > 0 ? ", " : "", columns[c]);
              if (c <= 2 || g_str_equal (columns[c], "anchor_hash"))
                loket_web_json_string (out, row[c]);
              else
                g_string_append (out, row[c][0] == '\0' ? "null" : row[c]);
            }
          g_string_append (out, "}");
        }
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}

/* ---- the survey's answers per day: /data/skm-daily.* -------------------------- */

/* The questionnaire's element ids, in its order (docs/skm.md); the
 * columns of the open data.  SKM sends them in this order with their ids,
 * and a row is written by id, so a change there shows here as zeros, not
 * as answers under the wrong heading. */
static const char * const elements[] = {
  "requirements", "procedure", "time", "cost", "product", "competence", "behaviour", "complaints", "facilities",
};

#define N_ELEMENTS G_N_ELEMENTS (elements)
#define N_ANSWERS 4

/* Row @row's respondents and answers (NULL-terminated texts): day,
 * service_id, service_name, respondents, then the 1s … 4s of each element. */
static GStrv
day_row (JsonObject *row)
{
  GPtrArray *b = g_ptr_array_new ();
  JsonArray *list = json_object_get_array_member (row, "elements");

  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (row, "day", "")));
  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (row, "id", "")));
  g_ptr_array_add (b, g_strdup (json_object_get_string_member_with_default (row, "name", "")));
  g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT,
                                       json_object_get_int_member_with_default (row, "respondents", 0)));
  for (guint e = 0; e < N_ELEMENTS; e++)
    {
      JsonArray *answers = NULL;

      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          JsonObject *element = json_array_get_object_element (list, i);

          if (g_strcmp0 (json_object_get_string_member_with_default (element, "id", ""), elements[e]) == 0)
            answers = json_object_get_array_member (element, "answers");
        }
      for (guint a = 0; a < N_ANSWERS; a++)
        g_ptr_array_add (b, g_strdup_printf ("%" G_GINT64_FORMAT,
                                             answers && a < json_array_get_length (answers)
                                               ? json_array_get_int_element (answers, a) : 0));
    }
  g_ptr_array_add (b, NULL);
  return (GStrv) g_ptr_array_free (b, FALSE);
}

/* The columns: day, service_id, service_name, respondents, then
 * requirements_1 … requirements_4, procedure_1 … facilities_4. */
static GStrv
header (void)
{
  GPtrArray *b = g_ptr_array_new ();

  g_ptr_array_add (b, g_strdup ("day"));
  g_ptr_array_add (b, g_strdup ("service_id"));
  g_ptr_array_add (b, g_strdup ("service_name"));
  g_ptr_array_add (b, g_strdup ("respondents"));
  for (guint e = 0; e < N_ELEMENTS; e++)
    for (guint a = 1; a <= N_ANSWERS; a++)
      g_ptr_array_add (b, g_strdup_printf ("%s_%u", elements[e], a));
  g_ptr_array_add (b, NULL);
  return (GStrv) g_ptr_array_free (b, FALSE);
}

static void
csv_row (GString *csv, GStrv row)
{
  for (guint c = 0; row[c] != NULL; c++)
    loket_web_csv_field (csv, row[c], row[c + 1] == NULL);
}

char *
loket_web_rows_skm_csv (JsonArray *days)
{
  GString *csv = g_string_new (NULL);
  g_auto(GStrv) names = header ();

  csv_row (csv, names);
  for (guint i = 0; days != NULL && i < json_array_get_length (days); i++)
    {
      g_auto(GStrv) row = day_row (json_array_get_object_element (days, i));

      csv_row (csv, row);
    }
  return g_string_free (csv, FALSE);
}

/* The same rows as JSON: {day, service_id, service_name, respondents,
 * answers {element id: [1s, 2s, 3s, 4s]}}. */
char *
loket_web_rows_skm_json (JsonArray  *days,
                         const char *office,
                         const char *licence,
                         const char *from,
                         const char *to)
{
  GString *out = json_head (office, licence, from, to);
  for (guint i = 0; days != NULL && i < json_array_get_length (days); i++)
    {
      g_auto(GStrv) row = day_row (json_array_get_object_element (days, i));

      g_string_append (out, i == 0 ? "\n    {\"day\": " : ",\n    {\"day\": ");
      loket_web_json_string (out, row[0]);
      g_string_append (out, ", \"service_id\": ");
      loket_web_json_string (out, row[1]);
      g_string_append (out, ", \"service_name\": ");
      loket_web_json_string (out, row[2]);
      g_string_append_printf (out, ", \"respondents\": %s, \"answers\": {", row[3]);
      for (guint e = 0; e < N_ELEMENTS; e++)
        g_string_append_printf (out, "%s\"%s\": [%s, %s, %s, %s]", e > 0 ? ", " : "", elements[e],
                                row[4 + N_ANSWERS * e], row[5 + N_ANSWERS * e], row[6 + N_ANSWERS * e],
                                row[7 + N_ANSWERS * e]);
      g_string_append (out, "}}");
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}
