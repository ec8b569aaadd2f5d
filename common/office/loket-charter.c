/* loket-charter.c — loading and checking the citizen charter.
 *
 * GKeyFile reads the values but knows no line numbers, so the text is
 * scanned once first: every group and key is recorded with its line, and
 * any line that is neither comment, group nor key=value is refused there
 * and then.  Every later complaint can then say "file:line: key: …".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-charter"

/* Minutes between the last ticket and the day's closing (docs/charter.md). */
#define DEFAULT_CLOSING_GRACE 60
#define MAX_CLOSING_GRACE 720u

#include "loket-charter.h"
#include "loket-complaint.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-office-time.h"
#include "loket-routing.h"

#include <stdarg.h>
#include <string.h>

struct _LoketCharter
{
  GObject             parent_instance;
  char               *office_name;
  char               *office_name_en;
  char               *office_address;
  char               *open_data_licence;
  char               *time_zone_id;
  GTimeZone          *time_zone;
  LoketRoutingPolicy  policy;
  guint               ratio_regular;
  guint               ratio_priority;
  guint               recall_limit;
  guint               closing_grace;   /* minutes */
  char               *status_url;
  char               *values;
  char               *values_en;
  LoketOpeningHours  *hours;
  GPtrArray          *services;          /* LoketServiceDef* */
  GPtrArray          *counters;          /* LoketCounterDef* */
  GPtrArray          *priority_groups;   /* LoketPriorityGroup* */
  JsonArray          *pause_reasons;     /* as the protocol carries them */
  gboolean            pause_reasons_set; /* the charter named its own */
  /* [Complaints] (docs/complaints.md): days to answer, in working days,
   * per category (the protocol's order, loket-complaint-category.h); whether a
   * complaint may be anonymous; days the complainant's name and contact
   * are kept after closing. */
  guint               complaint_days[LOKET_CHARTER_COMPLAINT_CATEGORIES];
  gboolean            complaints_anonymous;
  guint               complaint_keep_days;
  char               *text;              /* the file as read, for the store */
  char               *sha256;
};

G_DEFINE_FINAL_TYPE (LoketCharter, loket_charter, G_TYPE_OBJECT)

/* What the parser carries around: the file and where everything is. */
typedef struct {
  const char *origin;
  GKeyFile   *file;
  GHashTable *lines;     /* "group\nkey" (and "group\n" for the header) → line */
  gboolean    record;    /* a charter of the past, read back from the store */
} Parse;

static void
service_def_free (gpointer data)
{
  LoketServiceDef *s = data;

  g_free (s->id);
  g_free (s->series);
  g_free (s->name);
  g_free (s->name_en);
  g_strfreev (s->requirements);
  g_strfreev (s->requirements_en);
  g_free (s->procedure);
  g_free (s->procedure_en);
  g_free (s->product);
  g_free (s->product_en);
  g_strfreev (s->priority_groups);
  g_free (s);
}

static void
counter_def_free (gpointer data)
{
  LoketCounterDef *c = data;

  g_free (c->id);
  g_free (c->name);
  g_strfreev (c->services);
  g_strfreev (c->secondary_services);
  g_free (c);
}

static void
priority_group_free (gpointer data)
{
  LoketPriorityGroup *g = data;

  g_free (g->id);
  g_free (g->name);
  g_free (g->name_en);
  g_free (g);
}

static void
loket_charter_finalize (GObject *object)
{
  LoketCharter *self = LOKET_CHARTER (object);

  g_free (self->office_name);
  g_free (self->office_name_en);
  g_free (self->office_address);
  g_free (self->open_data_licence);
  g_free (self->time_zone_id);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_free (self->status_url);
  g_free (self->values);
  g_free (self->values_en);
  g_clear_pointer (&self->hours, loket_opening_hours_free);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->counters, g_ptr_array_unref);
  g_clear_pointer (&self->priority_groups, g_ptr_array_unref);
  g_clear_pointer (&self->pause_reasons, json_array_unref);
  g_free (self->text);
  g_free (self->sha256);
  G_OBJECT_CLASS (loket_charter_parent_class)->finalize (object);
}

static void
loket_charter_class_init (LoketCharterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_charter_finalize;
}

static void
loket_charter_init (LoketCharter *self)
{
  self->services = g_ptr_array_new_with_free_func (service_def_free);
  self->counters = g_ptr_array_new_with_free_func (counter_def_free);
  self->priority_groups = g_ptr_array_new_with_free_func (priority_group_free);
  self->pause_reasons = json_array_new ();
}

/* ---- errors with line numbers ------------------------------------------ */

static guint
line_of (Parse *p, const char *group, const char *key)
{
  g_autofree char *k = g_strdup_printf ("%s\n%s", group, key ? key : "");
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (p->lines, k));

  if (line == 0 && key != NULL)
    return line_of (p, group, NULL);
  return line;
}

/* Every refusal reads "origin:LINE: KEY: what is wrong", so that whoever
 * edits the charter can go straight to the line. */
static gboolean G_GNUC_PRINTF (5, 6)
fail_at (Parse *p, GError **error, guint line, const char *key, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s:%u: %s: %s", p->origin, line, key, what);
  return FALSE;
}

/* At the key's line, or at its group's header when the key is missing;
 * with no key, the group itself is what is wrong. */
#define fail(p, error, group, key, ...) \
  fail_at ((p), (error), line_of ((p), (group), (key)), (key) ? (key) : (group), __VA_ARGS__)

/* ---- the line scanner -------------------------------------------------- */

/* GKeyFile's own rules, checked here so that its errors (which carry no
 * line) cannot happen later: "Key" or "Key[locale]". */
static gboolean
key_name_is_valid (const char *key)
{
  const char *c = key;

  while (g_ascii_isalnum (*c) || *c == '-')
    c++;
  if (c == key)
    return FALSE;
  if (*c == '\0')
    return TRUE;
  if (*c++ != '[' || *c == ']')
    return FALSE;
  while (g_ascii_isalnum (*c) || *c == '_' || *c == '@' || *c == '.' || *c == '-')
    c++;
  return c[0] == ']' && c[1] == '\0';
}

static gboolean
scan_group (Parse *p, char *line, guint number, char **group, GError **error)
{
  g_autofree char *name = g_strndup (line + 1, strlen (line) - 2);
  g_autofree char *header = g_strdup_printf ("%s\n", name);
  guint first;

  /* "[ Office]" would be a group of its own, " Office", and the error
   * "no [Office]" would point nowhere near the typo (found by fuzzing). */
  if (*name == '\0' || strpbrk (name, "[]") != NULL || g_ascii_isspace (name[0]) ||
      g_ascii_isspace (name[strlen (name) - 1]))
    return fail_at (p, error, number, "syntax", "“%s” is not a group header like [Service ktp]", line);
  /* GKeyFile would silently merge a repeated group into the first. */
  first = GPOINTER_TO_UINT (g_hash_table_lookup (p->lines, header));
  if (first != 0)
    return fail_at (p, error, number, name, "this group appears twice (first on line %u)", first);
  g_hash_table_insert (p->lines, g_steal_pointer (&header), GUINT_TO_POINTER (number));
  g_free (*group);
  *group = g_steal_pointer (&name);
  return TRUE;
}

static gboolean
scan_key (Parse *p, char *line, guint number, const char *group, GError **error)
{
  char *eq = strchr (line, '=');
  g_autofree char *where = NULL;
  const char *key;
  guint first;

  if (eq == NULL || eq == line || group == NULL)
    return fail_at (p, error, number, group ? group : "syntax",
                    "expected “Key=value” inside a [Group], or a [Group] header");
  *eq = '\0';
  key = g_strchomp (line);
  if (!key_name_is_valid (key))
    return fail_at (p, error, number, key, "not a key name (letters, digits and '-', "
                                            "then optionally a language like [en])");
  /* GKeyFile would keep both and let the last one win unseen; in a
   * published promise that is a mistake, not an override. */
  where = g_strdup_printf ("%s\n%s", group, key);
  first = GPOINTER_TO_UINT (g_hash_table_lookup (p->lines, where));
  if (first != 0)
    return fail_at (p, error, number, key, "this key appears twice in [%s] (first on line %u)",
                    group, first);
  g_hash_table_insert (p->lines, g_steal_pointer (&where), GUINT_TO_POINTER (number));
  return TRUE;
}

/* Records where each group and key is; refuses lines GKeyFile would
 * misread or reject without saying where. */
static gboolean
scan_lines (Parse *p, const char *data, gsize length, GError **error)
{
  g_autofree char *text = g_strndup (data, length);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      gboolean ok;

      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[' && line[strlen (line) - 1] == ']')
        ok = scan_group (p, line, i + 1, &group, error);
      else
        ok = scan_key (p, line, i + 1, group, error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* ---- typed values ------------------------------------------------------ */

static char *
get_string (Parse *p, const char *group, const char *key, gboolean required, GError **error)
{
  g_autofree char *value = g_key_file_get_string (p->file, group, key, NULL);

  if (value != NULL)
    g_strstrip (value);
  if (required && (value == NULL || *value == '\0'))
    {
      fail (p, error, group, key, "required key missing in [%s]", group);
      return NULL;
    }
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return g_steal_pointer (&value);
}

/* A non-negative integer ≥ @min, or @fallback when absent (and allowed). */
static gboolean
get_uint (Parse *p, const char *group, const char *key, gboolean required, guint64 min,
          guint64 fallback, guint64 *out, GError **error)
{
  g_autofree char *text = get_string (p, group, key, required, error);

  if (text == NULL)
    {
      *out = fallback;
      return !required;
    }
  if (!g_ascii_string_to_unsigned (text, 10, min, G_MAXINT32, out, NULL))
    return fail (p, error, group, key, "expected %s integer, got “%s”",
                 min > 0 ? "a positive" : "a non-negative", text);
  return TRUE;
}

/* The English translation (Key[en]=) only, never the fallback. */
static gboolean
has_english (Parse *p, const char *group, const char *key)
{
  g_autofree char *locale = g_key_file_get_locale_for_key (p->file, group, key, "en");

  return g_strcmp0 (locale, "en") == 0;
}

static char *
get_english (Parse *p, const char *group, const char *key)
{
  g_autofree char *value = NULL;

  if (!has_english (p, group, key))
    return NULL;
  value = g_key_file_get_locale_string (p->file, group, key, "en", NULL);
  if (value == NULL || *g_strstrip (value) == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

static char **
get_list (Parse *p, const char *group, const char *key, const char *locale, gboolean required,
          GError **error)
{
  g_auto(GStrv) raw = locale == NULL ? g_key_file_get_string_list (p->file, group, key, NULL, NULL)
                      : has_english (p, group, key)
                        ? g_key_file_get_locale_string_list (p->file, group, key, locale, NULL, NULL)
                        : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; raw != NULL && raw[i] != NULL; i++)
    if (*g_strstrip (raw[i]) != '\0')
      g_strv_builder_add (builder, raw[i]);
  list = g_strv_builder_end (builder);
  if (required && list[0] == NULL)
    {
      fail (p, error, group, key, "required key missing or empty in [%s]", group);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
id_is_valid (const char *id, gboolean allow_upper)
{
  if (id == NULL || *id == '\0' || strlen (id) > 32)
    return FALSE;
  for (const char *c = id; *c; c++)
    if (!(g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '-' ||
          (allow_upper && g_ascii_isupper (*c))))
      return FALSE;
  return TRUE;
}

/* GKeyFile reads a value with an unknown escape as missing; say so here,
 * at the line, instead of "required key missing" for a key that is there. */
static gboolean
check_escapes (Parse *p, const char *group, const char *key, GError **error)
{
  g_autofree char *raw = g_key_file_get_value (p->file, group, key, NULL);

  for (const char *c = raw; c != NULL && *c != '\0'; c++)
    if (*c == '\\')
      {
        c++;
        if (*c == '\0' || strchr ("sntr\\;", *c) == NULL)
          return fail (p, error, group, key, "“\\%.1s” is not an escape; write \\\\ for a backslash", c);
      }
  return TRUE;
}

/* Every key must be one we know; Key[xx] only for translatable ones.
 * This is what catches "PromisedMinutes=30" for "PromisedWaitMinutes". */
static gboolean
check_keys (Parse *p, const char *group, const char * const *known,
            const char * const *translatable, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (p->file, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *base = g_strdup (keys[i]);
      char *bracket = strchr (base, '[');

      if (bracket != NULL)
        {
          *bracket = '\0';
          if (!g_strv_contains (translatable, base))
            return fail (p, error, group, keys[i], "this key has no translations");
        }
      if (!g_strv_contains (known, base))
        return fail (p, error, group, keys[i], "unknown key in [%s] (misspelt?)", group);
      if (!check_escapes (p, group, keys[i], error))
        return FALSE;
    }
  return TRUE;
}

/* ---- sections ---------------------------------------------------------- */

static gboolean
parse_ratio (Parse *p, LoketCharter *self, GError **error)
{
  g_autofree char *text = get_string (p, "Office", "PriorityRatio", FALSE, error);
  g_auto(GStrv) parts = NULL;
  guint64 r, q;

  self->ratio_regular = 2;
  self->ratio_priority = 1;
  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 1, 100, &r, NULL) ||
      !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 1, 100, &q, NULL))
    return fail (p, error, "Office", "PriorityRatio",
                 "expected REGULAR:PRIORITY with positive numbers, like 2:1, got “%s”", text);
  self->ratio_regular = (guint) r;
  self->ratio_priority = (guint) q;
  return TRUE;
}

static gboolean
parse_hours (Parse *p, LoketCharter *self, GError **error)
{
  g_autofree char *spec = get_string (p, "Office", "OpeningHours", TRUE, error);
  g_auto(GStrv) closed = NULL;
  g_autoptr(GError) local = NULL;

  if (spec == NULL)
    return FALSE;
  self->hours = loket_opening_hours_parse (spec, &local);
  if (self->hours == NULL)
    return fail (p, error, "Office", "OpeningHours", "%s", local->message);
  closed = get_list (p, "Office", "Closed", NULL, FALSE, error);
  for (guint i = 0; closed[i] != NULL; i++)
    if (!loket_opening_hours_add_closed_date (self->hours, closed[i], &local))
      return fail (p, error, "Office", "Closed", "%s", local->message);
  return TRUE;
}

/* The ticket's QR code: StatusUrl with "{token}", the ticket's own
 * unguessable token (docs/charter.md).  The templates of before, with the
 * number, the day or the id, named a ticket by what anyone can guess:
 * refused, with what to write instead. */
static gboolean
check_status_url (Parse *p, const char *url, GError **error)
{
  static const char * const guessable[] = { "{ticket}", "{day}", "{id}", NULL };

  /* A stored charter was in force with what it said then: reports and
   * verify read it back as it was. */
  if (url == NULL || p->record)
    return TRUE;
  for (guint i = 0; guessable[i] != NULL; i++)
    if (strstr (url, guessable[i]) != NULL)
      return fail (p, error, "Office", "StatusUrl",
                   "“%s” names a ticket by %s, which anyone can guess; write the ticket "
                   "status page's address with {token} instead (https://HOST/t/{token})",
                   url, guessable[i]);
  if (strstr (url, "{token}") == NULL)
    return fail (p, error, "Office", "StatusUrl",
                 "“%s” has no {token}: every ticket's QR code would be the same "
                 "(write https://HOST/t/{token})", url);
  return TRUE;
}

static gboolean
parse_office (Parse *p, LoketCharter *self, GError **error)
{
  static const char * const known[] = { "Name", "Address", "TimeZone", "OpeningHours", "Closed",
                                        "RoutingPolicy", "PriorityRatio", "RecallLimit",
                                        "StatusUrl", "Values", "ClosingGraceMinutes", "OpenDataLicence",
                                        NULL };
  static const char * const translatable[] = { "Name", "Values", NULL };
  g_autofree char *policy = NULL;
  guint64 recall, grace;

  if (!g_key_file_has_group (p->file, "Office"))
    return fail_at (p, error, 1, "Office", "the [Office] group is missing");
  if (!check_keys (p, "Office", known, translatable, error) ||
      (self->office_name = get_string (p, "Office", "Name", TRUE, error)) == NULL)
    return FALSE;
  self->office_name_en = get_english (p, "Office", "Name");
  self->office_address = get_string (p, "Office", "Address", FALSE, error);
  self->status_url = get_string (p, "Office", "StatusUrl", FALSE, error);
  if (!check_status_url (p, self->status_url, error))
    return FALSE;
  self->open_data_licence = get_string (p, "Office", "OpenDataLicence", FALSE, error);
  self->values = get_string (p, "Office", "Values", FALSE, error);
  self->values_en = get_english (p, "Office", "Values");
  self->time_zone_id = get_string (p, "Office", "TimeZone", FALSE, error);
  if (self->time_zone_id == NULL)
    self->time_zone_id = g_strdup ("Asia/Jakarta");
  self->time_zone = g_time_zone_new_identifier (self->time_zone_id);
  if (self->time_zone == NULL)
    return fail (p, error, "Office", "TimeZone", "unknown time zone “%s” (an IANA name like Asia/Makassar)",
                 self->time_zone_id);

  policy = get_string (p, "Office", "RoutingPolicy", FALSE, error);
  self->policy = LOKET_ROUTING_PRIORITY_RATIO;
  if (policy != NULL && !loket_routing_policy_from_string (policy, &self->policy))
    return fail (p, error, "Office", "RoutingPolicy",
                 "expected fifo, priority-ratio or earliest-deadline, got “%s”", policy);

  if (!get_uint (p, "Office", "RecallLimit", FALSE, 0, 2, &recall, error))
    return FALSE;
  self->recall_limit = (guint) recall;
  /* An hour for the clerks to serve whoever took a ticket before it
   * stopped; at most twelve. */
  if (!get_uint (p, "Office", "ClosingGraceMinutes", FALSE, 0, DEFAULT_CLOSING_GRACE, &grace, error))
    return FALSE;
  if (grace > MAX_CLOSING_GRACE)
    return fail (p, error, "Office", "ClosingGraceMinutes", "at most %u minutes (twelve hours), got %" G_GUINT64_FORMAT,
                 MAX_CLOSING_GRACE, grace);
  self->closing_grace = (guint) grace;
  return parse_ratio (p, self, error) && parse_hours (p, self, error);
}

static gboolean
parse_priority_group (Parse *p, LoketCharter *self, const char *group, const char *id, GError **error)
{
  static const char * const known[] = { "Name", NULL };
  LoketPriorityGroup *g;

  if (!id_is_valid (id, FALSE))
    return fail (p, error, group, NULL, "a priority group id is lower-case letters, digits and '-', at most 32");
  if (!check_keys (p, group, known, known, error))
    return FALSE;
  g = g_new0 (LoketPriorityGroup, 1);
  g_ptr_array_add (self->priority_groups, g);
  g->id = g_strdup (id);
  g->name_en = get_english (p, group, "Name");
  return (g->name = get_string (p, group, "Name", TRUE, error)) != NULL;
}

static void
add_pause_reason (LoketCharter *self, const char *id, const char *name, const char *name_en, gboolean note)
{
  JsonObject *r = json_object_new ();

  json_object_set_string_member (r, "id", id);
  json_object_set_string_member (r, "name", name);
  loket_json_set_nullable_string (r, "name_en", name_en);
  json_object_set_boolean_member (r, "note", note);
  json_array_add_object_element (self->pause_reasons, r);
}

/* [PauseReason ID]: Name= (and Name[en]=), Note=true for the one reason
 * a clerk explains in their own words. */
static gboolean
parse_pause_reason (Parse *p, LoketCharter *self, const char *group, const char *id, GError **error)
{
  static const char * const known[] = { "Name", "Note", NULL };
  static const char * const translatable[] = { "Name", NULL };
  g_autofree char *name = NULL;
  g_autofree char *note = NULL;
  g_autofree char *name_en = NULL;

  if (!id_is_valid (id, FALSE))
    return fail (p, error, group, NULL, "a pause reason id is lower-case letters, digits and '-', at most 32");
  if (!check_keys (p, group, known, translatable, error) ||
      (name = get_string (p, group, "Name", TRUE, error)) == NULL)
    return FALSE;
  note = get_string (p, group, "Note", FALSE, error);
  if (note != NULL && !g_str_equal (note, "true") && !g_str_equal (note, "false"))
    return fail (p, error, group, "Note", "expected true or false, got “%s”", note);
  if (g_strcmp0 (note, "true") == 0)
    for (guint i = 0; i < json_array_get_length (self->pause_reasons); i++)
      if (json_object_get_boolean_member (json_array_get_object_element (self->pause_reasons, i), "note"))
        return fail (p, error, group, "Note", "only one pause reason takes a note, and [PauseReason %s] does",
                     json_object_get_string_member (json_array_get_object_element (self->pause_reasons, i),
                                                    "id"));
  if (json_array_get_length (self->pause_reasons) >= LOKET_CHARTER_PAUSE_REASONS_MAX)
    return fail (p, error, group, NULL, "at most %d pause reasons (a clerk chooses from a short list)",
                 LOKET_CHARTER_PAUSE_REASONS_MAX);
  name_en = get_english (p, group, "Name");
  add_pause_reason (self, id, name, name_en, g_strcmp0 (note, "true") == 0);
  self->pause_reasons_set = TRUE;
  return TRUE;
}

/* A charter that names no reasons gets these: what offices pause for. */
static void
add_default_pause_reasons (LoketCharter *self)
{
  add_pause_reason (self, "break", "Istirahat", "Break", FALSE);
  add_pause_reason (self, "prayer", "Sholat", "Prayer", FALSE);
  add_pause_reason (self, "meeting", "Rapat", "Meeting", FALSE);
  add_pause_reason (self, "system-fault", "Gangguan sistem", "System fault", FALSE);
  add_pause_reason (self, "other", "Lainnya", "Other", TRUE);
}

static gboolean
parse_service_numbers (Parse *p, const char *group, LoketServiceDef *s, GError **error)
{
  guint64 wait, service, quota, cost;

  if (!get_uint (p, group, "PromisedWaitMinutes", TRUE, 1, 0, &wait, error) ||
      !get_uint (p, group, "PromisedServiceMinutes", TRUE, 1, 0, &service, error) ||
      !get_uint (p, group, "DailyQuota", FALSE, 0, 0, &quota, error) ||
      !get_uint (p, group, "Cost", FALSE, 0, 0, &cost, error))
    return FALSE;
  s->promised_wait_minutes = (guint) wait;
  s->promised_service_minutes = (guint) service;
  s->daily_quota = (guint) quota;
  s->cost = (gint64) cost;
  return TRUE;
}

static gboolean
parse_service (Parse *p, LoketCharter *self, const char *group, const char *id, GError **error)
{
  static const char * const known[] = { "Series", "Name", "Requirements", "Procedure", "Product",
                                        "Cost", "PromisedWaitMinutes", "PromisedServiceMinutes",
                                        "DailyQuota", "PriorityGroups", NULL };
  static const char * const translatable[] = { "Name", "Requirements", "Procedure", "Product", NULL };
  LoketServiceDef *s;

  if (!id_is_valid (id, FALSE))
    return fail (p, error, group, NULL, "a service id is lower-case letters, digits and '-', at most 32");
  if (!check_keys (p, group, known, translatable, error))
    return FALSE;
  s = g_new0 (LoketServiceDef, 1);
  g_ptr_array_add (self->services, s);
  s->id = g_strdup (id);
  if ((s->series = get_string (p, group, "Series", TRUE, error)) == NULL)
    return FALSE;
  if (strlen (s->series) != 1 || !g_ascii_isupper (s->series[0]))
    return fail (p, error, group, "Series", "expected one capital letter A–Z, got “%s”", s->series);
  if ((s->name = get_string (p, group, "Name", TRUE, error)) == NULL ||
      (s->requirements = get_list (p, group, "Requirements", NULL, TRUE, error)) == NULL)
    return FALSE;
  s->name_en = get_english (p, group, "Name");
  s->requirements_en = get_list (p, group, "Requirements", "en", FALSE, error);
  s->procedure = get_string (p, group, "Procedure", FALSE, error);
  s->procedure_en = get_english (p, group, "Procedure");
  s->product = get_string (p, group, "Product", FALSE, error);
  s->product_en = get_english (p, group, "Product");
  s->priority_groups = get_list (p, group, "PriorityGroups", NULL, FALSE, error);
  return parse_service_numbers (p, group, s, error);
}

/* SecondaryServices= goes after Services= in c->services, so that all
 * that asks "does this counter serve X" keeps reading one list; each
 * service is named once, in one of the two. */
static gboolean
parse_secondary_services (Parse *p, const char *group, LoketCounterDef *c, GError **error)
{
  g_auto(GStrv) primary = g_steal_pointer (&c->services);
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();

  for (guint i = 0; primary[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) primary + i + 1, primary[i]))
      return fail (p, error, group, "Services", "%s is named twice", primary[i]);
  c->secondary_services = get_list (p, group, "SecondaryServices", NULL, FALSE, error);
  g_strv_builder_addv (all, (const char **) primary);
  for (guint i = 0; c->secondary_services[i] != NULL; i++)
    {
      const char *id = c->secondary_services[i];

      if (g_strv_contains ((const char * const *) primary, id))
        return fail (p, error, group, "SecondaryServices", "%s is already in Services", id);
      if (g_strv_contains ((const char * const *) c->secondary_services + i + 1, id))
        return fail (p, error, group, "SecondaryServices", "%s is named twice", id);
      g_strv_builder_add (all, id);
    }
  c->services = g_strv_builder_end (all);
  return TRUE;
}

static gboolean
parse_counter (Parse *p, LoketCharter *self, const char *group, const char *id, GError **error)
{
  static const char * const known[] = { "Name", "Services", "SecondaryServices", NULL };
  static const char * const translatable[] = { NULL };
  LoketCounterDef *c;

  if (!id_is_valid (id, TRUE))
    return fail (p, error, group, NULL, "a counter id is letters, digits and '-', at most 32");
  if (!check_keys (p, group, known, translatable, error))
    return FALSE;
  c = g_new0 (LoketCounterDef, 1);
  g_ptr_array_add (self->counters, c);
  c->id = g_strdup (id);
  return (c->name = get_string (p, group, "Name", TRUE, error)) != NULL &&
         (c->services = get_list (p, group, "Services", NULL, TRUE, error)) != NULL &&
         parse_secondary_services (p, group, c, error);
}

/* [Complaints]: DeadlineDays= (every category, default 14),
 * CategoryDeadlineDays=cost:5;behaviour:5 (the tiers), AllowAnonymous=,
 * KeepPersonalDataDays= (default 90).  All optional, and so is the group. */
static gboolean
parse_complaint_tiers (Parse *p, LoketCharter *self, GError **error)
{
  g_auto(GStrv) tiers = get_list (p, "Complaints", "CategoryDeadlineDays", NULL, FALSE, error);

  for (guint i = 0; tiers != NULL && tiers[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (tiers[i], ":", 2);
      guint64 days;
      guint c;

      for (c = 0; loket_complaint_category_ids[c] != NULL; c++)
        if (g_strcmp0 (g_strstrip (parts[0]), loket_complaint_category_ids[c]) == 0)
          break;
      if (loket_complaint_category_ids[c] == NULL)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) loket_complaint_category_ids);

          return fail (p, error, "Complaints", "CategoryDeadlineDays",
                       "“%s” is not a category (one of %s)", parts[0], known);
        }
      if (parts[1] == NULL || !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 1, 365, &days, NULL))
        return fail (p, error, "Complaints", "CategoryDeadlineDays",
                     "expected category:days with days from 1 to 365, got “%s”", tiers[i]);
      self->complaint_days[c] = (guint) days;
    }
  return TRUE;
}

static gboolean
parse_complaints (Parse *p, LoketCharter *self, GError **error)
{
  static const char * const known[] = { "DeadlineDays", "CategoryDeadlineDays", "AllowAnonymous",
                                        "KeepPersonalDataDays", NULL };
  static const char * const translatable[] = { NULL };
  g_autofree char *anonymous = NULL;
  guint64 days, keep;

  self->complaints_anonymous = TRUE;
  self->complaint_keep_days = 90;
  for (guint c = 0; c < LOKET_CHARTER_COMPLAINT_CATEGORIES; c++)
    self->complaint_days[c] = 14;
  if (!g_key_file_has_group (p->file, "Complaints"))
    return TRUE;
  if (!check_keys (p, "Complaints", known, translatable, error) ||
      !get_uint (p, "Complaints", "DeadlineDays", FALSE, 1, 14, &days, error) ||
      !get_uint (p, "Complaints", "KeepPersonalDataDays", FALSE, 0, 90, &keep, error))
    return FALSE;
  /* UU 25/2009 gives a provider at most 60 days for the heaviest case. */
  if (days > 365)
    return fail (p, error, "Complaints", "DeadlineDays", "at most 365 days, got %" G_GUINT64_FORMAT, days);
  if (keep > 3650)
    return fail (p, error, "Complaints", "KeepPersonalDataDays", "at most 3650 days (ten years), got %"
                 G_GUINT64_FORMAT, keep);
  for (guint c = 0; c < LOKET_CHARTER_COMPLAINT_CATEGORIES; c++)
    self->complaint_days[c] = (guint) days;
  self->complaint_keep_days = (guint) keep;
  anonymous = get_string (p, "Complaints", "AllowAnonymous", FALSE, error);
  if (anonymous != NULL && !g_str_equal (anonymous, "true") && !g_str_equal (anonymous, "false"))
    return fail (p, error, "Complaints", "AllowAnonymous", "expected true or false, got “%s”", anonymous);
  self->complaints_anonymous = g_strcmp0 (anonymous, "false") != 0;
  return parse_complaint_tiers (p, self, error);
}

/* ---- the whole charter ------------------------------------------------- */

static gboolean
parse_groups (Parse *p, LoketCharter *self, GError **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (p->file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *g = groups[i];
      gboolean ok;

      if (g_str_equal (g, "Office") || g_str_equal (g, "Complaints"))
        continue;
      if (g_str_has_prefix (g, "PriorityGroup "))
        ok = parse_priority_group (p, self, g, g + strlen ("PriorityGroup "), error);
      else if (g_str_has_prefix (g, "Service "))
        ok = parse_service (p, self, g, g + strlen ("Service "), error);
      else if (g_str_has_prefix (g, "Counter "))
        ok = parse_counter (p, self, g, g + strlen ("Counter "), error);
      else if (g_str_has_prefix (g, "PauseReason "))
        ok = parse_pause_reason (p, self, g, g + strlen ("PauseReason "), error);
      else
        ok = fail (p, error, g, NULL, "unknown group; expected [Office], [PriorityGroup ID], "
                                      "[Service ID], [Counter ID], [PauseReason ID] or [Complaints]");
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* References between groups: series letters are unique, priority groups
 * and services named elsewhere exist. */
static gboolean
check_references (Parse *p, LoketCharter *self, GError **error)
{
  for (guint i = 0; i < self->services->len; i++)
    {
      LoketServiceDef *s = g_ptr_array_index (self->services, i);
      g_autofree char *group = g_strconcat ("Service ", s->id, NULL);
      const LoketServiceDef *first = loket_charter_lookup_series (self, s->series);

      if (first != s)
        return fail (p, error, group, "Series", "series %s is already used by [Service %s]", s->series,
                     first->id);
      for (guint j = 0; s->priority_groups[j] != NULL; j++)
        if (loket_charter_lookup_priority_group (self, s->priority_groups[j]) == NULL)
          return fail (p, error, group, "PriorityGroups", "no [PriorityGroup %s] in the charter",
                       s->priority_groups[j]);
    }
  for (guint i = 0; i < self->counters->len; i++)
    {
      LoketCounterDef *c = g_ptr_array_index (self->counters, i);
      g_autofree char *group = g_strconcat ("Counter ", c->id, NULL);

      for (guint j = 0; c->services[j] != NULL; j++)
        if (loket_charter_lookup_service (self, c->services[j]) == NULL)
          return fail (p, error, group,
                       g_strv_contains ((const char * const *) c->secondary_services, c->services[j])
                       ? "SecondaryServices" : "Services",
                       "no [Service %s] in the charter", c->services[j]);
    }
  if (self->services->len == 0 || self->counters->len == 0)
    return fail (p, error, "Office", NULL, "a charter needs at least one [Service ID] and one [Counter ID]");
  return TRUE;
}

/* A text editor may have saved the charter in a legacy encoding; name the
 * line where that shows. */
static gboolean
check_utf8 (Parse *p, const char *data, gsize length, GError **error)
{
  const char *end = NULL;
  guint line = 1;

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;
  for (const char *c = data; c < end; c++)
    line += *c == '\n';
  return fail_at (p, error, line, "syntax", *end == '\0' ? "a NUL byte in the text"
                                                         : "not UTF-8 text (save the charter as UTF-8)");
}

static LoketCharter *
parse_charter (const char *data,
               gssize      length,
               const char *origin,
               gboolean    record,
               GError    **error)
{
  g_autoptr(LoketCharter) self = g_object_new (LOKET_TYPE_CHARTER, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) local = NULL;
  Parse p = { origin ? origin : "charter", file, lines, record };
  gsize len = length < 0 ? strlen (data) : (gsize) length;

  if (!check_utf8 (&p, data, len, error) || !scan_lines (&p, data, len, error))
    return NULL;
  /* The scanner has refused everything GKeyFile would; this is a last
   * resort, so it cannot name a line. */
  if (!g_key_file_load_from_data (file, data, len, G_KEY_FILE_KEEP_TRANSLATIONS, &local))
    {
      fail_at (&p, error, 1, "syntax", "%s", local->message);
      return NULL;
    }
  if (!parse_office (&p, self, error) || !parse_complaints (&p, self, error) || !parse_groups (&p, self, error) ||
      !check_references (&p, self, error))
    return NULL;
  if (!self->pause_reasons_set)
    add_default_pause_reasons (self);
  self->text = g_strndup (data, len);
  self->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  return g_steal_pointer (&self);
}

LoketCharter *
loket_charter_new_from_data (const char *data,
                             gssize      length,
                             const char *origin,
                             GError    **error)
{
  return parse_charter (data, length, origin, FALSE, error);
}

LoketCharter *
loket_charter_new_from_record (const char *data,
                               const char *origin,
                               GError    **error)
{
  return parse_charter (data, -1, origin, TRUE, error);
}

LoketCharter *
loket_charter_new_from_file (const char *path,
                             GError    **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, &data, &length, &local))
    {
      /* GLib's message already names the path and the reason. */
      g_set_error_literal (error, LOKET_ERROR,
                           g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                           ? LOKET_ERROR_NOT_FOUND : LOKET_ERROR_FAILED,
                           local->message);
      return NULL;
    }
  return loket_charter_new_from_data (data, (gssize) length, path, error);
}

/* ---- accessors --------------------------------------------------------- */

const char *loket_charter_get_office_name (LoketCharter *self) { return self->office_name; }
const char *loket_charter_get_office_name_en (LoketCharter *self) { return self->office_name_en; }
const char *loket_charter_get_office_address (LoketCharter *self) { return self->office_address; }
const char *loket_charter_get_open_data_licence (LoketCharter *self) { return self->open_data_licence; }
const char *loket_charter_get_time_zone_id (LoketCharter *self) { return self->time_zone_id; }
GTimeZone *loket_charter_get_time_zone (LoketCharter *self) { return self->time_zone; }
LoketRoutingPolicy loket_charter_get_routing_policy (LoketCharter *self) { return self->policy; }
guint loket_charter_get_recall_limit (LoketCharter *self) { return self->recall_limit; }
guint loket_charter_get_closing_grace (LoketCharter *self) { return self->closing_grace; }
LoketOpeningHours *loket_charter_get_opening_hours (LoketCharter *self) { return self->hours; }
const char *loket_charter_get_status_url (LoketCharter *self) { return self->status_url; }
gboolean loket_charter_get_complaints_anonymous (LoketCharter *self) { return self->complaints_anonymous; }
guint loket_charter_get_complaint_keep_days (LoketCharter *self) { return self->complaint_keep_days; }

guint
loket_charter_get_complaint_days (LoketCharter *self, const char *category)
{
  for (guint c = 0; c < LOKET_CHARTER_COMPLAINT_CATEGORIES; c++)
    if (g_strcmp0 (category, loket_complaint_category_ids[c]) == 0)
      return self->complaint_days[c];
  return self->complaint_days[LOKET_CHARTER_COMPLAINT_CATEGORIES - 1];   /* "other" */
}
const char *loket_charter_get_values (LoketCharter *self) { return self->values; }
const char *loket_charter_get_values_en (LoketCharter *self) { return self->values_en; }
const char *loket_charter_get_text (LoketCharter *self) { return self->text; }
const char *loket_charter_get_sha256 (LoketCharter *self) { return self->sha256; }
GPtrArray *loket_charter_get_services (LoketCharter *self) { return self->services; }
GPtrArray *loket_charter_get_counters (LoketCharter *self) { return self->counters; }
GPtrArray *loket_charter_get_priority_groups (LoketCharter *self) { return self->priority_groups; }

void
loket_charter_get_priority_ratio (LoketCharter *self,
                                  guint        *regular,
                                  guint        *priority)
{
  *regular = self->ratio_regular;
  *priority = self->ratio_priority;
}

/* Services, counters and priority groups all begin with their id, so one
 * search serves the three.  Charters are small: a scan is fine. */
static gpointer
find_by_id (GPtrArray *array, const char *id)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (*(char **) g_ptr_array_index (array, i), id) == 0)
      return g_ptr_array_index (array, i);
  return NULL;
}

G_STATIC_ASSERT (G_STRUCT_OFFSET (LoketServiceDef, id) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (LoketCounterDef, id) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (LoketPriorityGroup, id) == 0);

JsonArray *
loket_charter_get_pause_reasons (LoketCharter *self)
{
  return self->pause_reasons;
}

JsonObject *
loket_charter_lookup_pause_reason (LoketCharter *self, const char *id)
{
  return loket_pause_reason_find (self->pause_reasons, id);
}

const LoketServiceDef *
loket_charter_lookup_service (LoketCharter *self, const char *id)
{
  return find_by_id (self->services, id);
}

const LoketCounterDef *
loket_charter_lookup_counter (LoketCharter *self, const char *id)
{
  return find_by_id (self->counters, id);
}

const LoketPriorityGroup *
loket_charter_lookup_priority_group (LoketCharter *self, const char *id)
{
  return find_by_id (self->priority_groups, id);
}

const LoketServiceDef *
loket_charter_lookup_series (LoketCharter *self, const char *series)
{
  for (guint i = 0; i < self->services->len; i++)
    {
      const LoketServiceDef *s = g_ptr_array_index (self->services, i);

      if (g_strcmp0 (s->series, series) == 0)
        return s;
    }
  return NULL;
}

gboolean
loket_service_def_accepts_priority (const LoketServiceDef *service,
                                    const char            *group)
{
  return group != NULL && g_strv_contains ((const char * const *) service->priority_groups, group);
}

gboolean
loket_counter_def_serves (const LoketCounterDef *counter,
                          const char            *service_id)
{
  return service_id != NULL && g_strv_contains ((const char * const *) counter->services, service_id);
}

/* The wall-clock time in the office.  Seconds are rounded down, not
 * towards zero, so that an instant just before a second (or before 1970)
 * never lands on the following one; the microseconds are kept. */
GDateTime *
loket_charter_local_time (LoketCharter *self,
                          gint64        unix_usec)
{
  return loket_office_time (self->time_zone, unix_usec);
}

char *
loket_charter_service_day (LoketCharter *self,
                           gint64        unix_usec)
{
  g_autoptr(GDateTime) local = loket_charter_local_time (self, unix_usec);

  g_return_val_if_fail (local != NULL, NULL);
  return g_date_time_format (local, "%Y-%m-%d");
}

gboolean
loket_charter_is_open (LoketCharter *self,
                       gint64        unix_usec,
                       char        **reason)
{
  g_autoptr(GDateTime) local = loket_charter_local_time (self, unix_usec);

  g_return_val_if_fail (local != NULL, FALSE);
  if (loket_opening_hours_contains (self->hours, local))
    return TRUE;
  if (reason != NULL)
    *reason = loket_charter_describe_closed (self, unix_usec, NULL);
  return FALSE;
}

gint64
loket_charter_closing_time (LoketCharter *self,
                            const char   *day)
{
  g_auto(GStrv) parts = day ? g_strsplit (day, "-", 3) : NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;
  guint64 y, m, d;
  gint end;

  if (parts == NULL || g_strv_length (parts) != 3 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &d, NULL) ||
      (midnight = g_date_time_new (self->time_zone, (gint) y, (gint) m, (gint) d, 0, 0, 0)) == NULL)
    return -1;
  end = loket_opening_hours_last_end (self->hours, midnight);
  if (end < 0)
    return 0;
  next = g_date_time_add_days (midnight, 1);
  /* Minutes counted on the wall clock, so a day with a DST jump still
   * closes at its written time plus the grace. */
  return MIN (g_date_time_to_unix (midnight) + (gint64) (end + self->closing_grace) * 60,
              g_date_time_to_unix (next)) * G_USEC_PER_SEC;
}

char *
loket_charter_describe_closed (LoketCharter *self,
                               gint64        unix_usec,
                               const char   *lang)
{
  g_autoptr(GDateTime) local = loket_charter_local_time (self, unix_usec);
  g_autofree char *next = NULL;

  g_return_val_if_fail (local != NULL, NULL);
  next = loket_opening_hours_describe_next (self->hours, local, lang);
  if (g_strcmp0 (lang, "en") == 0)
    return g_strdup_printf ("Outside opening hours. %s", next);
  return g_strdup_printf ("Di luar jam pelayanan. %s", next);
}
