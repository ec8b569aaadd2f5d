/* loketctl-complaints.c — complaints from the command line (docs/
 * complaints.md): file one for a citizen, list the open ones with their
 * clocks, show one whole, take a step, and export a period as CSV.
 *
 * The export is one row per complaint with the receipt's fields — what
 * was received, when, where, by whom, the facts, the deadline, the state
 * and the answer — for SP4N-LAPOR! or the Ombudsman.  The complainant's
 * name and contact are in it only while the office still has them: after
 * the purge (KeepPersonalDataDays after closing) the columns are empty
 * and `personal_data` says `purged`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loketctl"

#include "loketctl-complaints.h"

#include <stdio.h>
#include <string.h>

#include "loket-error.h"

static gboolean
usage (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "usage: loketctl complaints add (--ticket T | --service S) --category C --description TEXT "
                       "[--complainant NAME] [--contact C]\n"
                       "       loketctl complaints list [--state S]\n"
                       "       loketctl complaints show RECEIPT\n"
                       "       loketctl complaints step RECEIPT take|answer|escalate|reopen|close|note "
                       "[--note TEXT] [--public]\n"
                       "       loketctl complaints export --from DAY --to DAY [--output FILE]");
  return FALSE;
}

static const char *
opt (GHashTable *options, const char *name)
{
  return g_hash_table_lookup (options, name);
}

static const char *
text_or (JsonObject *o, const char *key, const char *none)
{
  const char *value = json_object_get_string_member_with_default (o, key, NULL);

  return value ? value : none;
}

static gboolean
complaints_add (GHashTable *options, LoketctlRequestFunc request, gpointer data, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  const char *ticket = opt (options, "ticket");
  guint64 id;

  if (opt (options, "category") == NULL || opt (options, "description") == NULL)
    return usage (error);
  for (const char * const *k = (const char * const[]) { "service", "category", "description", "complainant",
                                                         "contact", NULL }; *k; k++)
    if (opt (options, *k) != NULL)
      json_object_set_string_member (body, *k, opt (options, *k));
  if (ticket != NULL && g_ascii_string_to_unsigned (ticket, 10, 1, G_MAXINT64, &id, NULL))
    json_object_set_int_member (body, "ticket", (gint64) id);
  else if (ticket != NULL)
    json_object_set_string_member (body, "ticket", ticket);
  if ((reply = request (data, "COMPLAIN", body, error)) == NULL)
    return FALSE;
  printf ("complaint %s received (%s, %s), answer due by %s; tracking token %s\n",
          json_object_get_string_member (reply, "receipt"), json_object_get_string_member (reply, "service"),
          json_object_get_string_member (reply, "category"), json_object_get_string_member (reply, "deadline"),
          json_object_get_string_member (reply, "token"));
  return TRUE;
}

static gboolean
complaints_list (GHashTable *options, LoketctlRequestFunc request, gpointer data, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *list;

  if (opt (options, "state") != NULL)
    json_object_set_string_member (body, "complaint_state", opt (options, "state"));
  if ((reply = request (data, "COMPLAINTS", body, error)) == NULL)
    return FALSE;
  list = json_object_get_array_member (reply, "complaints");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *c = json_array_get_object_element (list, i);

      printf ("%s  %-11s  %-7s  due %s  %s  %s\n", json_object_get_string_member (c, "receipt"),
              json_object_get_string_member (c, "state"), json_object_get_string_member (c, "clock"),
              json_object_get_string_member (c, "deadline"), json_object_get_string_member (c, "service"),
              json_object_get_string_member (c, "category"));
    }
  if (json_array_get_length (list) == 0)
    printf ("no complaints\n");
  return TRUE;
}

static gboolean
complaints_show (const char *receipt, LoketctlRequestFunc request, gpointer data, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *c;
  JsonArray *steps;

  json_object_set_string_member (body, "receipt", receipt);
  if ((reply = request (data, "COMPLAINT", body, error)) == NULL)
    return FALSE;
  c = json_object_get_object_member (reply, "complaint");
  printf ("%s  %s (%s)\nservice %s, category %s, channel %s, received %s by %s, due %s\n",
          json_object_get_string_member (c, "receipt"), json_object_get_string_member (c, "state"),
          json_object_get_string_member (c, "clock"), json_object_get_string_member (c, "service"),
          json_object_get_string_member (c, "category"), json_object_get_string_member (c, "channel"),
          json_object_get_string_member (c, "day"), text_or (c, "received_by", "online"),
          json_object_get_string_member (c, "deadline"));
  printf ("complainant: %s, %s%s\n", text_or (c, "name", "-"), text_or (c, "contact", "-"),
          json_object_get_boolean_member (c, "purged") ? " (purged)"
          : json_object_get_boolean_member (c, "anonymous") ? " (anonymous)" : "");
  printf ("description: %s\n", json_object_get_string_member (c, "description"));
  steps = json_object_get_array_member (c, "steps");
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);

      printf ("  %-8s → %-11s by %s%s%s\n", json_object_get_string_member (s, "act"),
              json_object_get_string_member (s, "state"), json_object_get_string_member (s, "staff"),
              json_object_get_string_member (s, "note") ? ": " : "", text_or (s, "note", ""));
    }
  return TRUE;
}

static gboolean
complaints_step (GHashTable *options, const char *receipt, const char *act, LoketctlRequestFunc request,
                 gpointer data, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *c;

  json_object_set_string_member (body, "receipt", receipt);
  json_object_set_string_member (body, "act", act);
  if (opt (options, "note") != NULL)
    json_object_set_string_member (body, "text", opt (options, "note"));
  if (g_hash_table_contains (options, "public"))
    json_object_set_boolean_member (body, "public", TRUE);
  if ((reply = request (data, "COMPLAINT_STEP", body, error)) == NULL)
    return FALSE;
  c = json_object_get_object_member (reply, "complaint");
  printf ("complaint %s is %s\n", json_object_get_string_member (c, "receipt"),
          json_object_get_string_member (c, "state"));
  return TRUE;
}

/* ---- export -------------------------------------------------------------- */

static const char * const export_columns[] = {
  "receipt", "received_at", "day", "channel", "received_by", "office", "service", "category", "ticket",
  "waited_minutes", "promised_minutes", "description", "complainant", "contact", "personal_data",
  "deadline", "state", "clock", "answered_at", "answer", "closed_at", NULL
};

/* RFC 4180: a field with a comma, quote or line break is quoted. */
static void
csv_field (GString *out, const char *value, gboolean last)
{
  if (value != NULL && strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (value != NULL)
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ",");
}

/* µs → "2026-12-07T09:15:00+07:00" in UTC offset terms the reader keeps;
 * empty for 0. */
static char *
iso_time (gint64 usec)
{
  g_autoptr(GDateTime) t = usec > 0 ? g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC) : NULL;

  return t ? g_date_time_format_iso8601 (t) : NULL;
}

static void
export_row (GString *out, JsonObject *c)
{
  JsonObject *facts = json_object_get_object_member (c, "facts");
  gint64 ticket = json_object_get_int_member (facts, "ticket");
  gint64 waited = json_object_get_int_member (facts, "waited_minutes");
  gint64 promised = json_object_get_int_member (facts, "promised_minutes");
  g_autofree char *received = iso_time (json_object_get_int_member (c, "received_at"));
  g_autofree char *answered = iso_time (json_object_get_int_member (c, "answered_at"));
  g_autofree char *closed = iso_time (json_object_get_int_member (c, "closed_at"));
  g_autofree char *ticket_s = ticket > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, ticket) : NULL;
  g_autofree char *waited_s = waited >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, waited) : NULL;
  g_autofree char *promised_s = promised >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, promised) : NULL;
  const char *personal = json_object_get_boolean_member (c, "purged") ? "purged"
                       : json_object_get_boolean_member (c, "anonymous") ? "anonymous" : "kept";
  const char *values[] = {
    json_object_get_string_member (c, "receipt"), received, json_object_get_string_member (c, "day"),
    json_object_get_string_member (c, "channel"),
    text_or (c, "received_by", g_strcmp0 (json_object_get_string_member (c, "channel"), "web") == 0 ? "online"
                                                                                                     : "kiosk"),
    json_object_get_string_member (c, "office"), json_object_get_string_member (c, "service"),
    json_object_get_string_member (c, "category"), ticket_s, waited_s, promised_s,
    json_object_get_string_member (c, "description"), text_or (c, "name", NULL), text_or (c, "contact", NULL),
    personal, json_object_get_string_member (c, "deadline"), json_object_get_string_member (c, "state"),
    json_object_get_string_member (c, "clock"), answered, text_or (c, "answer", NULL), closed,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (export_columns) - 1);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    csv_field (out, values[i], i + 1 == G_N_ELEMENTS (values));
}

static gboolean
complaints_export (GHashTable *options, LoketctlRequestFunc request, gpointer data, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *output = opt (options, "output");
  JsonArray *list;

  if (opt (options, "from") == NULL || opt (options, "to") == NULL)
    return usage (error);
  json_object_set_string_member (body, "from", opt (options, "from"));
  json_object_set_string_member (body, "to", opt (options, "to"));
  json_object_set_boolean_member (body, "personal", TRUE);
  if ((reply = request (data, "COMPLAINTS", body, error)) == NULL)
    return FALSE;
  for (guint i = 0; export_columns[i] != NULL; i++)
    csv_field (out, export_columns[i], export_columns[i + 1] == NULL);
  list = json_object_get_array_member (reply, "complaints");
  for (guint i = 0; i < json_array_get_length (list); i++)
    export_row (out, json_array_get_object_element (list, i));
  if (output == NULL || g_str_equal (output, "-"))
    {
      fwrite (out->str, 1, out->len, stdout);
      return TRUE;
    }
  if (!g_file_set_contents (output, out->str, (gssize) out->len, error))
    return FALSE;
  printf ("%u complaints written to %s\n", json_array_get_length (list), output);
  return TRUE;
}

gboolean
loketctl_complaints (GHashTable          *options,
                     GPtrArray           *args,
                     LoketctlRequestFunc  request,
                     gpointer             data,
                     GError             **error)
{
  const char *what = args->len >= 2 ? g_ptr_array_index (args, 1) : NULL;

  if (g_strcmp0 (what, "add") == 0 && args->len == 2)
    return complaints_add (options, request, data, error);
  if (g_strcmp0 (what, "list") == 0 && args->len == 2)
    return complaints_list (options, request, data, error);
  if (g_strcmp0 (what, "show") == 0 && args->len == 3)
    return complaints_show (g_ptr_array_index (args, 2), request, data, error);
  if (g_strcmp0 (what, "step") == 0 && args->len == 4)
    return complaints_step (options, g_ptr_array_index (args, 2), g_ptr_array_index (args, 3), request, data,
                            error);
  if (g_strcmp0 (what, "export") == 0 && args->len == 2)
    return complaints_export (options, request, data, error);
  return usage (error);
}
