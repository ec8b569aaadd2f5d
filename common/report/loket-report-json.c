/* loket-report-json.c — a LoketReport as JSON and back.
 *
 * loketd computes the supervisor's report of the day (it holds the
 * database) and sends the model in a REPORT reply; the supervisor's view
 * turns it back into a LoketReport and shows and renders it with the same
 * tables and PDF as `loketctl report`.  Every field of the model travels,
 * so that nothing is computed twice and no figure can differ between the
 * two.  Integers are JSON numbers (µs fit in a double's 53 bits for any
 * duration a report holds).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-error.h"
#include "loket-message.h"
#include "loket-report.h"

static JsonArray *
ints_to_json (const guint *values, guint n)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < n; i++)
    json_array_add_int_element (array, values[i]);
  return array;
}

static JsonObject *
durations_to_json (const LoketReportDurations *d)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "n", d->n);
  json_object_set_int_member (o, "mean", d->mean);
  json_object_set_int_member (o, "median", d->median);
  json_object_set_int_member (o, "p90", d->p90);
  json_object_set_int_member (o, "max", d->max);
  json_object_set_int_member (o, "judged", d->judged);
  json_object_set_int_member (o, "within", d->within);
  return o;
}

static JsonObject *
service_to_json (const LoketReportService *s)
{
  JsonObject *o = loket_json_object_new_with ("id", s->id, "name", s->name, NULL);

  json_object_set_int_member (o, "promised_wait_minutes", s->promised_wait_minutes);
  json_object_set_int_member (o, "promised_service_minutes", s->promised_service_minutes);
  json_object_set_int_member (o, "issued", s->issued);
  json_object_set_int_member (o, "priority", s->priority);
  json_object_set_int_member (o, "transferred", s->transferred);
  json_object_set_int_member (o, "turned_away", s->turned_away);
  json_object_set_object_member (o, "wait", durations_to_json (&s->wait));
  json_object_set_int_member (o, "served", s->served);
  json_object_set_int_member (o, "other_outcome", s->other_outcome);
  json_object_set_int_member (o, "no_show", s->no_show);
  json_object_set_int_member (o, "voided", s->voided);
  json_object_set_int_member (o, "unserved", s->unserved);
  json_object_set_int_member (o, "unfinished", s->unfinished);
  json_object_set_object_member (o, "service", durations_to_json (&s->service));
  return o;
}

static JsonObject *
staff_to_json (const LoketReportStaff *s, guint n_reasons)
{
  JsonObject *o = loket_json_object_new_with ("id", s->id, "name", s->name, NULL);
  JsonArray *by_reason = json_array_new ();

  json_object_set_int_member (o, "served", s->served);
  json_object_set_int_member (o, "other_outcome", s->other_outcome);
  json_object_set_int_member (o, "no_show", s->no_show);
  json_object_set_object_member (o, "service", durations_to_json (&s->service));
  json_object_set_int_member (o, "pauses", s->pauses);
  json_object_set_int_member (o, "pause_usec", s->pause_usec);
  for (guint i = 0; i < n_reasons; i++)
    json_array_add_int_element (by_reason, s->pause_usec_by_reason ? s->pause_usec_by_reason[i] : 0);
  json_object_set_array_member (o, "pause_usec_by_reason", by_reason);
  return o;
}

static JsonArray *
rows_to_json (GPtrArray *rows, gboolean staff, guint n_reasons)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    json_array_add_object_element (array, staff ? staff_to_json (g_ptr_array_index (rows, i), n_reasons)
                                                : service_to_json (g_ptr_array_index (rows, i)));
  return array;
}

static JsonArray *
anchors_to_json (GPtrArray *anchors)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; anchors != NULL && i < anchors->len; i++)
    {
      const LoketReportAnchor *a = g_ptr_array_index (anchors, i);
      JsonObject *o = loket_json_object_new_with ("day", a->day, "hash", a->hash, NULL);

      json_object_set_int_member (o, "seq", a->seq);
      json_array_add_object_element (array, o);
    }
  return array;
}

static JsonArray *
charters_to_json (GPtrArray *charters)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; charters != NULL && i < charters->len; i++)
    {
      const LoketReportCharter *c = g_ptr_array_index (charters, i);
      JsonObject *o = loket_json_object_new_with ("sha256", c->sha256, "in_force_from", c->in_force_from,
                                                  "loaded_by", c->loaded_by, NULL);

      json_object_set_int_member (o, "version", c->version);
      json_array_add_object_element (array, o);
    }
  return array;
}

static JsonArray *
kiosks_to_json (GPtrArray *kiosks)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; kiosks != NULL && i < kiosks->len; i++)
    {
      const LoketReportKiosk *k = g_ptr_array_index (kiosks, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", k->id);
      json_object_set_int_member (o, "print_failed", k->print_failed);
      json_object_set_int_member (o, "reprinted", k->reprinted);
      json_object_set_int_member (o, "priority_refused", k->priority_refused);
      json_array_add_object_element (array, o);
    }
  return array;
}

JsonObject *
loket_report_to_json (const LoketReport *report)
{
  JsonObject *o = loket_json_object_new_with ("office", report->office, "address", report->address,
                                              "from", report->from, "to", report->to,
                                              "lang", report->lang, NULL);
  guint n_reasons = report->pause_reasons ? g_strv_length (report->pause_reasons) : 0;
  JsonArray *reasons = json_array_new ();
  JsonArray *labels = json_array_new ();
  JsonArray *hours = json_array_new ();

  json_object_set_array_member (o, "services", rows_to_json (report->services, FALSE, 0));
  json_object_set_object_member (o, "total", service_to_json (report->total));
  json_object_set_array_member (o, "counters", rows_to_json (report->counters, TRUE, n_reasons));
  json_object_set_array_member (o, "clerks", rows_to_json (report->clerks, TRUE, n_reasons));
  json_object_set_array_member (o, "kiosks", kiosks_to_json (report->kiosks));
  for (guint i = 0; i < n_reasons; i++)
    {
      json_array_add_string_element (reasons, report->pause_reasons[i]);
      json_array_add_string_element (labels, report->pause_reason_labels ? report->pause_reason_labels[i]
                                                                         : report->pause_reasons[i]);
    }
  json_object_set_array_member (o, "pause_reasons", reasons);
  json_object_set_array_member (o, "pause_reason_labels", labels);
  for (guint h = 0; h < 24; h++)
    {
      JsonObject *hour = json_object_new ();

      json_object_set_int_member (hour, "arrivals", report->hours[h].arrivals);
      json_object_set_int_member (hour, "called", report->hours[h].called);
      json_object_set_int_member (hour, "mean_wait", report->hours[h].mean_wait);
      json_object_set_int_member (hour, "turned_away", report->hours[h].turned_away);
      json_object_set_array_member (hour, "arrivals_by_weekday", ints_to_json (report->hours[h].arrivals_by_weekday, 7));
      json_array_add_object_element (hours, hour);
    }
  json_object_set_array_member (o, "hours", hours);
  json_object_set_int_member (o, "days", report->days);
  json_object_set_array_member (o, "days_by_weekday", ints_to_json (report->days_by_weekday, 7));
  json_object_set_array_member (o, "wait_histogram", ints_to_json (report->wait_histogram, LOKET_REPORT_WAIT_BINS));
  json_object_set_array_member (o, "anchors", anchors_to_json (report->anchors));
  json_object_set_array_member (o, "charters", charters_to_json (report->charters));
  return o;
}

/* ---- back -------------------------------------------------------------- */

/* Reading is strict about shape (an object where one is due, arrays of
 * the right length) and lenient about numbers: a missing one is 0. */
typedef struct {
  GError **error;
  gboolean failed;
} Reader;

static void
malformed (Reader *r, const char *what)
{
  if (!r->failed)
    g_set_error (r->error, LOKET_ERROR, LOKET_ERROR_INVALID, "malformed report: %s", what);
  r->failed = TRUE;
}

static gint64
int_of (JsonObject *o, const char *key)
{
  return json_object_get_int_member_with_default (o, key, 0);
}

static JsonObject *
object_of (Reader *r, JsonObject *o, const char *key)
{
  JsonNode *node = o ? json_object_get_member (o, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      malformed (r, key);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
array_of (Reader *r, JsonObject *o, const char *key, gint length)
{
  JsonNode *node = o ? json_object_get_member (o, key) : NULL;
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (array == NULL || (length >= 0 && json_array_get_length (array) != (guint) length))
    {
      malformed (r, key);
      return NULL;
    }
  return array;
}

static void
ints_from_json (Reader *r, JsonObject *o, const char *key, guint *values, guint n)
{
  JsonArray *array = array_of (r, o, key, n);

  for (guint i = 0; array != NULL && i < n; i++)
    values[i] = (guint) json_array_get_int_element (array, i);
}

static void
durations_from_json (Reader *r, JsonObject *o, const char *key, LoketReportDurations *d)
{
  JsonObject *j = object_of (r, o, key);

  if (j == NULL)
    return;
  d->n = int_of (j, "n");
  d->mean = int_of (j, "mean");
  d->median = int_of (j, "median");
  d->p90 = int_of (j, "p90");
  d->max = int_of (j, "max");
  d->judged = int_of (j, "judged");
  d->within = int_of (j, "within");
}

static LoketReportService *
service_from_json (Reader *r, JsonObject *o)
{
  LoketReportService *s = g_new0 (LoketReportService, 1);

  s->id = g_strdup (loket_json_optional_string (o, "id") ?: "");
  s->name = g_strdup (loket_json_optional_string (o, "name") ?: "");
  s->promised_wait_minutes = int_of (o, "promised_wait_minutes");
  s->promised_service_minutes = int_of (o, "promised_service_minutes");
  s->issued = int_of (o, "issued");
  s->priority = int_of (o, "priority");
  s->transferred = int_of (o, "transferred");
  s->turned_away = int_of (o, "turned_away");
  durations_from_json (r, o, "wait", &s->wait);
  s->served = int_of (o, "served");
  s->other_outcome = int_of (o, "other_outcome");
  s->no_show = int_of (o, "no_show");
  s->voided = int_of (o, "voided");
  s->unserved = int_of (o, "unserved");
  s->unfinished = int_of (o, "unfinished");
  durations_from_json (r, o, "service", &s->service);
  return s;
}

static LoketReportStaff *
staff_from_json (Reader *r, JsonObject *o, guint n_reasons)
{
  LoketReportStaff *s = g_new0 (LoketReportStaff, 1);
  JsonArray *by_reason = array_of (r, o, "pause_usec_by_reason", n_reasons);

  s->id = g_strdup (loket_json_optional_string (o, "id") ?: "");
  s->name = g_strdup (loket_json_optional_string (o, "name") ?: "");
  s->served = int_of (o, "served");
  s->other_outcome = int_of (o, "other_outcome");
  s->no_show = int_of (o, "no_show");
  durations_from_json (r, o, "service", &s->service);
  s->pauses = int_of (o, "pauses");
  s->pause_usec = int_of (o, "pause_usec");
  s->pause_usec_by_reason = g_new0 (gint64, MAX (n_reasons, 1));
  for (guint i = 0; by_reason != NULL && i < n_reasons; i++)
    s->pause_usec_by_reason[i] = json_array_get_int_element (by_reason, i);
  return s;
}

static GPtrArray *
rows_from_json (Reader *r, JsonObject *o, const char *key, gboolean staff, guint n_reasons)
{
  JsonArray *array = array_of (r, o, key, -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func (staff ? loket_report_staff_free : loket_report_service_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          malformed (r, key);
          break;
        }
      g_ptr_array_add (rows, staff ? (gpointer) staff_from_json (r, json_node_get_object (node), n_reasons)
                                   : (gpointer) service_from_json (r, json_node_get_object (node)));
    }
  return rows;
}

static char **
strings_from_json (Reader *r, JsonObject *o, const char *key)
{
  JsonArray *array = array_of (r, o, key, -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i) ?: "");
  return g_strv_builder_end (builder);
}

static void
hours_from_json (Reader *r, JsonObject *o, LoketReport *report)
{
  JsonArray *hours = array_of (r, o, "hours", 24);

  for (guint h = 0; hours != NULL && h < 24; h++)
    {
      JsonNode *node = json_array_get_element (hours, h);
      JsonObject *hour = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (hour == NULL)
        {
          malformed (r, "hours");
          return;
        }
      report->hours[h].arrivals = int_of (hour, "arrivals");
      report->hours[h].called = int_of (hour, "called");
      report->hours[h].mean_wait = int_of (hour, "mean_wait");
      report->hours[h].turned_away = int_of (hour, "turned_away");
      ints_from_json (r, hour, "arrivals_by_weekday", report->hours[h].arrivals_by_weekday, 7);
    }
}

/* A report from before anchors has none: an empty list, not an error. */
static GPtrArray *
anchors_from_json (Reader *r, JsonObject *object)
{
  GPtrArray *anchors = g_ptr_array_new_with_free_func (loket_report_anchor_free);
  JsonNode *node = json_object_get_member (object, "anchors");
  JsonArray *array;

  if (node == NULL)
    return anchors;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      malformed (r, "anchors");
      return anchors;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      LoketReportAnchor *a;

      if (o == NULL || loket_json_optional_string (o, "day") == NULL ||
          loket_json_optional_string (o, "hash") == NULL)
        {
          malformed (r, "anchors");
          continue;
        }
      a = g_new0 (LoketReportAnchor, 1);
      a->day = g_strdup (loket_json_optional_string (o, "day"));
      a->hash = g_strdup (loket_json_optional_string (o, "hash"));
      a->seq = int_of (o, "seq");
      g_ptr_array_add (anchors, a);
    }
  return anchors;
}

/* Optional: a report from a loketd before charter versions has none. */
static GPtrArray *
charters_from_json (Reader *r, JsonObject *o)
{
  GPtrArray *charters = g_ptr_array_new_with_free_func (loket_report_charter_free);
  JsonArray *array = json_object_has_member (o, "charters") ? array_of (r, o, "charters", -1) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *j = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      LoketReportCharter *c;

      if (j == NULL)
        {
          malformed (r, "charters");
          break;
        }
      c = g_new0 (LoketReportCharter, 1);
      c->version = int_of (j, "version");
      c->sha256 = g_strdup (loket_json_optional_string (j, "sha256") ?: "");
      c->in_force_from = g_strdup (loket_json_optional_string (j, "in_force_from") ?: "");
      c->loaded_by = g_strdup (loket_json_optional_string (j, "loaded_by") ?: "");
      g_ptr_array_add (charters, c);
    }
  return charters;
}

/* Kiosks are newer than the rest of the model: a report without them (an
 * older loketd's) has none, which is not malformed. */
static GPtrArray *
kiosks_from_json (Reader *r, JsonObject *o)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (loket_report_kiosk_free);
  JsonArray *array;

  if (!json_object_has_member (o, "kiosks"))
    return rows;
  array = array_of (r, o, "kiosks", -1);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *k = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      LoketReportKiosk *row;

      if (k == NULL)
        {
          malformed (r, "kiosks");
          break;
        }
      row = g_new0 (LoketReportKiosk, 1);
      row->id = g_strdup (loket_json_optional_string (k, "id") ?: "");
      row->print_failed = int_of (k, "print_failed");
      row->reprinted = int_of (k, "reprinted");
      row->priority_refused = int_of (k, "priority_refused");
      g_ptr_array_add (rows, row);
    }
  return rows;
}

LoketReport *
loket_report_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(LoketReport) report = g_new0 (LoketReport, 1);
  Reader r = { error, FALSE };
  JsonObject *total = object_of (&r, object, "total");
  guint n_reasons;

  report->office = g_strdup (loket_json_optional_string (object, "office") ?: "");
  report->address = g_strdup (loket_json_optional_string (object, "address") ?: "");
  report->from = g_strdup (loket_json_optional_string (object, "from") ?: "");
  report->to = g_strdup (loket_json_optional_string (object, "to") ?: "");
  report->lang = g_strdup (loket_json_optional_string (object, "lang") ?: "id");
  report->pause_reasons = strings_from_json (&r, object, "pause_reasons");
  n_reasons = g_strv_length (report->pause_reasons);
  /* A report from before the labels: its reasons were their own words. */
  report->pause_reason_labels = json_object_has_member (object, "pause_reason_labels")
                              ? strings_from_json (&r, object, "pause_reason_labels") : NULL;
  if (report->pause_reason_labels == NULL || g_strv_length (report->pause_reason_labels) != n_reasons)
    {
      g_strfreev (report->pause_reason_labels);
      report->pause_reason_labels = g_strdupv (report->pause_reasons);
    }
  report->services = rows_from_json (&r, object, "services", FALSE, 0);
  report->total = total ? service_from_json (&r, total) : g_new0 (LoketReportService, 1);
  report->counters = rows_from_json (&r, object, "counters", TRUE, n_reasons);
  report->clerks = rows_from_json (&r, object, "clerks", TRUE, n_reasons);
  report->kiosks = kiosks_from_json (&r, object);
  hours_from_json (&r, object, report);
  report->days = int_of (object, "days");
  ints_from_json (&r, object, "days_by_weekday", report->days_by_weekday, 7);
  ints_from_json (&r, object, "wait_histogram", report->wait_histogram, LOKET_REPORT_WAIT_BINS);
  report->anchors = anchors_from_json (&r, object);
  report->charters = charters_from_json (&r, object);
  return r.failed ? NULL : g_steal_pointer (&report);
}
