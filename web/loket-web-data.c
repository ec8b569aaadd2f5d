/* loket-web-data.c — the daily figures from loketd, kept in memory, and
 * published as CSV and JSON (see loket-web-data.h, docs/open-data.md).
 *
 * A range is read in chunks of at most 31 days (DAILY's limit), one after
 * the other, skipping the chunks whose every day is known and fresh.  What
 * can be kept for good follows from loketd (server/loket-office-daily.c):
 * every event belongs to the service day it is written on, so a past day
 * without a record never gets one; and a past day none of whose tickets is
 * still open ("final") has no act left that could change its figures or
 * its anchor.  Everything else — today, a past day with a ticket still
 * waiting (loketd was down at closing time) — is asked again after
 * FRESH_S seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-web"

#include "loket-web-data.h"
#include "loket-web-rows.h"
#include "loket-web-skm.h"
#include "loket-web-complaint-stats.h"

#include "loket-error.h"

#include <stdio.h>
#include <string.h>

#define DAILY_DAYS 31
#define FRESH_S 60
#define RECORD_REFRESH_S 60
/* Days before this are refused: the office's record does not go back
 * that far, and the cache stays bounded. */
#define FIRST_YEAR 2000

typedef struct {
  JsonObject *entry;     /* the day's entry from DAILY; NULL: no record that day */
  gint64      expires;   /* monotonic µs; G_MAXINT64: for good */
} CachedDay;

struct _LoketWebData
{
  GObject           parent_instance;
  LoketOfficeModel *model;
  LoketClient      *client;
  GCancellable     *cancellable;
  GHashTable       *days;       /* "YYYY-MM-DD" → CachedDay* */
  char             *licence;    /* from the last answer; NULL: none given */
  gboolean          answered;   /* an answer came (licence is known) */
  GHashTable       *record;     /* id → LoketWebRecord*; NULL until known */
  JsonObject       *complaints; /* COMPLAINT_STATS of the last 90 days; NULL until known */
  guint             refresh_id;
  gboolean          refreshing;
};

G_DEFINE_FINAL_TYPE (LoketWebData, loket_web_data, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- days ---------------------------------------------------------------- */

static gboolean
day_parse (const char *text, GDate *date)
{
  unsigned y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3 ||
      text[4] != '-' || text[7] != '-' || !g_date_valid_dmy (d, m, y) || y < FIRST_YEAR)
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static char *
day_format (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* Today in the office's time zone (the model's; local time until synced). */
static void
office_today (LoketWebData *self, GDate *today)
{
  const char *zone = loket_office_model_get_time_zone (self->model);
  g_autoptr(GTimeZone) tz = zone ? g_time_zone_new_identifier (zone) : NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz ? tz : local);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static void
cached_day_free (gpointer data)
{
  CachedDay *c = data;

  g_clear_pointer (&c->entry, json_object_unref);
  g_free (c);
}

static gboolean
day_is_fresh (LoketWebData *self, const GDate *date)
{
  g_autofree char *day = day_format (date);
  CachedDay *c = g_hash_table_lookup (self->days, day);

  return c != NULL && c->expires > g_get_monotonic_time ();
}

/* ---- asking loketd --------------------------------------------------------- */

typedef struct {
  GDate from, to;
  GDate next;                  /* the first day not yet looked at */
} Fetch;

static void fetch_next (GTask *task);

/* Keeps a chunk's answer: the days it lists, and the days it does not
 * (no record), each for as long as it cannot change. */
static void
keep_answer (LoketWebData *self, JsonObject *reply, const GDate *from, const GDate *to)
{
  const char *today = json_object_get_string_member_with_default (reply, "today", "");
  JsonArray *days = json_object_get_array_member (reply, "days");
  gint64 soon = g_get_monotonic_time () + FRESH_S * G_USEC_PER_SEC;
  const char *licence = json_object_get_string_member_with_default (reply, "licence", NULL);
  GDate d = *from;

  g_free (self->licence);
  self->licence = g_strdup (licence);
  self->answered = TRUE;
  for (; g_date_compare (&d, to) <= 0; g_date_add_days (&d, 1))
    {
      g_autofree char *day = day_format (&d);
      CachedDay *c = g_new0 (CachedDay, 1);

      c->expires = strcmp (day, today) < 0 ? G_MAXINT64 : soon;
      g_hash_table_replace (self->days, g_steal_pointer (&day), c);
    }
  for (guint i = 0; days != NULL && i < json_array_get_length (days); i++)
    {
      JsonObject *entry = json_array_get_object_element (days, i);
      const char *day = json_object_get_string_member_with_default (entry, "day", NULL);
      CachedDay *c = day ? g_hash_table_lookup (self->days, day) : NULL;

      if (c == NULL)
        continue;   /* not a day that was asked for */
      c->entry = json_object_ref (entry);
      if (!json_object_get_boolean_member_with_default (entry, "final", FALSE))
        c->expires = soon;
    }
}

static void
on_daily (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  LoketWebData *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  GDate from = f->next, to = f->next;

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_date_add_days (&to, DAILY_DAYS - 1);
  if (g_date_compare (&to, &f->to) > 0)
    to = f->to;
  keep_answer (self, reply, &from, &to);
  f->next = to;
  g_date_add_days (&f->next, 1);
  fetch_next (g_steal_pointer (&task));
}

/* Asks for the next chunk that has a day not known or not fresh, or
 * returns when there is none. */
static void
fetch_next (GTask *task)
{
  LoketWebData *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GDate end;

  /* Stopped (loket_web_data_dispose): the client is gone. */
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  while (g_date_compare (&f->next, &f->to) <= 0 && day_is_fresh (self, &f->next))
    g_date_add_days (&f->next, 1);
  if (g_date_compare (&f->next, &f->to) > 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  end = f->next;
  g_date_add_days (&end, DAILY_DAYS - 1);
  if (g_date_compare (&end, &f->to) > 0)
    end = f->to;
  from = day_format (&f->next);
  to = day_format (&end);
  body = json_object_new ();
  json_object_set_string_member (body, "from", from);
  json_object_set_string_member (body, "to", to);
  loket_client_request_async (self->client, "DAILY", body, NULL, self->cancellable, on_daily, task);
}

/* Makes every day from @from to @to known and fresh. */
static void
fetch_async (LoketWebData *self, const GDate *from, const GDate *to, GAsyncReadyCallback callback,
             gpointer user_data)
{
  GTask *task = g_task_new (self, self->cancellable, callback, user_data);
  Fetch *f = g_new0 (Fetch, 1);

  f->from = f->next = *from;
  f->to = *to;
  g_task_set_task_data (task, f, g_free);
  fetch_next (task);
}

/* The entries of the days with a record from @from to @to, in order
 * (borrowed from the cache). */
static GPtrArray *
known_entries (LoketWebData *self, const GDate *from, const GDate *to)
{
  GPtrArray *entries = g_ptr_array_new ();

  for (GDate d = *from; g_date_compare (&d, to) <= 0; g_date_add_days (&d, 1))
    {
      g_autofree char *day = day_format (&d);
      CachedDay *c = g_hash_table_lookup (self->days, day);

      if (c != NULL && c->entry != NULL)
        g_ptr_array_add (entries, c->entry);
    }
  return entries;
}

/* The default range: the last year up to today, of which the last
 * LOKET_WEB_DATA_DEFAULT_DAYS service days are kept. */
static void
default_range (LoketWebData *self, GDate *from, GDate *to)
{
  office_today (self, to);
  *from = *to;
  g_date_subtract_days (from, LOKET_WEB_DATA_MAX_DAYS - 1);
}

static void
keep_last (GPtrArray *entries, guint n)
{
  if (entries->len > n)
    g_ptr_array_remove_range (entries, 0, entries->len - n);
}

/* ---- the record for the chart ------------------------------------------------ */

static void
share_add (LoketWebShare *share, JsonObject *service)
{
  share->judged += json_object_get_int_member_with_default (service, "judged", 0);
  share->within += json_object_get_int_member_with_default (service, "within", 0);
}

static void
record_free (gpointer data)
{
  LoketWebRecord *r = data;

  g_free (r->id);
  g_free (r->skm.index);
  g_free (r->skm.grade);
  g_free (r->skm.label[0]);
  g_free (r->skm.label[1]);
  g_free (r);
}

/* Per service: today (if it has a record), the last 7 and the last 30
 * service days, from the newest entry back. */
static GHashTable *
record_from (GPtrArray *entries, const char *today)
{
  GHashTable *record = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, record_free);

  for (guint k = 0; k < entries->len; k++)
    {
      JsonObject *entry = g_ptr_array_index (entries, entries->len - 1 - k);
      JsonArray *services = json_object_get_array_member (entry, "services");
      gboolean is_today = g_strcmp0 (json_object_get_string_member (entry, "day"), today) == 0;

      for (guint i = 0; services != NULL && i < json_array_get_length (services); i++)
        {
          JsonObject *s = json_array_get_object_element (services, i);
          const char *id = json_object_get_string_member_with_default (s, "id", "");
          LoketWebRecord *r = g_hash_table_lookup (record, id);

          if (r == NULL)
            {
              r = g_new0 (LoketWebRecord, 1);
              r->id = g_strdup (id);
              g_hash_table_insert (record, r->id, r);
            }
          if (is_today)
            share_add (&r->today, s);
          if (k < 7)
            share_add (&r->week, s);
          share_add (&r->month, s);
        }
    }
  return record;
}

/* The index known so far goes on into the new record until SKM answers
 * again, so the page does not lose it for a moment every minute. */
static void
carry_skm (GHashTable *old, GHashTable *record)
{
  GHashTableIter iter;
  LoketWebRecord *o;

  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      LoketWebRecord *r = g_hash_table_lookup (record, o->id);

      if (!o->skm.known)
        continue;
      if (r == NULL)
        {
          r = g_new0 (LoketWebRecord, 1);
          r->id = g_strdup (o->id);
          g_hash_table_insert (record, r->id, r);
        }
      r->skm = o->skm;
      o->skm = (LoketWebSkm) { 0 };
    }
}

static void schedule_refresh (LoketWebData *self, guint seconds);
static void skm_fetch (LoketWebData *self, guint lang);
static void complaints_fetch (LoketWebData *self);

static const char * const skm_langs[] = { "id", "en" };

/* SKM's answer in one language: kept in the record, then the other
 * language is asked, then the page is told and the next refresh set.  A
 * failure leaves the index off the page (loketd may be older than SKM). */
/* The language travels with the request: a reconnection may start a
 * second round while one is under way. */
typedef struct {
  LoketWebData *self;
  guint         lang;
} SkmAsk;

static void
on_skm (GObject *source, GAsyncResult *result, gpointer data)
{
  SkmAsk *ask = data;
  LoketWebData *self = ask->self;
  guint lang = ask->lang;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  g_free (ask);
  if (reply == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (reply == NULL)
    g_message ("the satisfaction index could not be read from the office: %s", error->message);
  else if (self->record != NULL && json_object_has_member (reply, "skm"))
    loket_web_skm_keep (self->record, json_object_get_object_member (reply, "skm"), lang);
  if (reply != NULL && lang + 1 < G_N_ELEMENTS (skm_langs))
    skm_fetch (self, lang + 1);
  else
    complaints_fetch (self);
  g_object_unref (self);
}

/* The complaints' figures of the last LOKET_WEB_COMPLAINT_DAYS days, the
 * last of the round: then the page is told and the next refresh set.  A
 * failure keeps the figures read before (a loketd without
 * COMPLAINT_STATS: none, and the page's section says only how to
 * complain). */
static void
on_complaints (GObject *source, GAsyncResult *result, gpointer data)
{
  LoketWebData *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (reply == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (reply == NULL)
    g_message ("the complaints' figures could not be read from the office: %s", error->message);
  else
    {
      g_clear_pointer (&self->complaints, json_object_unref);
      self->complaints = g_steal_pointer (&reply);
    }
  g_signal_emit (self, signals[CHANGED], 0);
  schedule_refresh (self, RECORD_REFRESH_S);
  g_object_unref (self);
}

/* "from" and "to" of the last @days days up to today in @body. */
static void
set_last_days (LoketWebData *self, JsonObject *body, guint days)
{
  g_autofree char *from_text = NULL, *to_text = NULL;
  GDate from, to;

  office_today (self, &to);
  from = to;
  g_date_subtract_days (&from, days - 1);
  from_text = day_format (&from);
  to_text = day_format (&to);
  json_object_set_string_member (body, "from", from_text);
  json_object_set_string_member (body, "to", to_text);
}

static void
complaints_fetch (LoketWebData *self)
{
  g_autoptr(JsonObject) body = json_object_new ();

  set_last_days (self, body, LOKET_WEB_COMPLAINT_DAYS);
  loket_client_request_async (self->client, "COMPLAINT_STATS", body, NULL, self->cancellable, on_complaints,
                              g_object_ref (self));
}

/* Asks SKM for the last LOKET_WEB_SKM_DAYS days up to today, in skm_langs[@lang]. */
static void
skm_fetch (LoketWebData *self, guint lang)
{
  g_autoptr(JsonObject) body = json_object_new ();
  SkmAsk *ask;

  set_last_days (self, body, LOKET_WEB_SKM_DAYS);
  json_object_set_string_member (body, "lang", skm_langs[lang]);
  ask = g_new0 (SkmAsk, 1);
  ask->self = g_object_ref (self);
  ask->lang = lang;
  loket_client_request_async (self->client, "SKM", body, NULL, self->cancellable, on_skm, ask);
}

static void
on_record_fetched (GObject *source, GAsyncResult *result, gpointer data)
{
  LoketWebData *self = LOKET_WEB_DATA (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *today_text = NULL;
  GHashTable *record;
  GDate from, to;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("the record could not be read from the office: %s", error->message);
          self->refreshing = FALSE;
          schedule_refresh (self, RECORD_REFRESH_S);
        }
      return;
    }
  self->refreshing = FALSE;
  default_range (self, &from, &to);
  today_text = day_format (&to);
  entries = known_entries (self, &from, &to);
  keep_last (entries, LOKET_WEB_DATA_DEFAULT_DAYS);
  record = record_from (entries, today_text);
  if (self->record != NULL)
    carry_skm (self->record, record);
  g_clear_pointer (&self->record, g_hash_table_unref);
  self->record = record;
  g_signal_emit (self, signals[CHANGED], 0);
  skm_fetch (self, 0);
}

static gboolean
refresh_cb (gpointer data)
{
  LoketWebData *self = data;
  GDate from, to;

  self->refresh_id = 0;
  if (self->refreshing)
    return G_SOURCE_REMOVE;
  self->refreshing = TRUE;
  default_range (self, &from, &to);
  fetch_async (self, &from, &to, on_record_fetched, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (LoketWebData *self, guint seconds)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = seconds == 0 ? g_idle_add (refresh_cb, self)
                                  : g_timeout_add_seconds (seconds, refresh_cb, self);
}

/* Once the office is known (its time zone says what today is), and again
 * after each (re)connection. */
static void
on_synced (LoketWebData *self)
{
  if (!self->refreshing)
    schedule_refresh (self, 0);
}

GHashTable *
loket_web_data_get_record (LoketWebData *self)
{
  return self->record;
}

JsonObject *
loket_web_data_get_complaints (LoketWebData *self)
{
  return self->complaints;
}

/* ---- answering ------------------------------------------------------------- */

typedef struct {
  LoketWebData      *self;
  SoupServerMessage *msg;
  void             (*guard) (SoupServerMessage *msg);
  gboolean           gone;       /* the client left before the answer */
  gboolean           json;
  gboolean           licence;    /* /data/licence.txt */
  gboolean           skm;        /* /data/skm-daily.* */
  gboolean           complaints; /* /data/complaints.* */
  gboolean           last_days;  /* the default range: keep the last service days */
  GDate              from, to;
} Answer;

static void
answer_free (Answer *a)
{
  if (!a->gone)
    g_signal_handlers_disconnect_by_data (a->msg, a);
  g_object_unref (a->msg);
  g_object_unref (a->self);
  g_free (a);
}

static void
on_answer_gone (SoupServerMessage *msg, gpointer data)
{
  Answer *a = data;

  a->gone = TRUE;
  g_signal_handlers_disconnect_by_data (msg, a);
}

/* The open data is for anyone, any site's script included. */
static void
respond (Answer *a, guint status, const char *type, char *body, const char *cache)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (a->msg);

  a->guard (a->msg);
  soup_message_headers_replace (h, "Cache-Control", cache);
  soup_message_headers_replace (h, "Access-Control-Allow-Origin", "*");
  if (status == SOUP_STATUS_OK && !a->licence)
    soup_message_headers_replace (h, "Link", "</data/licence.txt>; rel=\"license\"");
  soup_server_message_set_status (a->msg, status, NULL);
  soup_server_message_set_response (a->msg, type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
respond_text (Answer *a, guint status, char *text)
{
  respond (a, status, "text/plain; charset=utf-8", text, "no-store");
}

static void
respond_unavailable (Answer *a)
{
  respond_text (a, SOUP_STATUS_SERVICE_UNAVAILABLE,
                g_strdup ("Data kantor tidak dapat dibaca saat ini; coba lagi sebentar lagi.\n"
                          "The office's figures cannot be read right now; try again shortly.\n"));
}

/* @rows (taken), in the format asked: JSON or CSV. */
static void
respond_rows (Answer *a, char *rows)
{
  respond (a, SOUP_STATUS_OK, a->json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8; header=present",
           rows, "public, max-age=60");
}

/* A request's body with the answer's range; without one asked, the last
 * @default_days days, today included (calendar days). */
static JsonObject *
range_body (Answer *a, guint default_days)
{
  JsonObject *body = json_object_new ();
  g_autofree char *from = NULL, *to = NULL;

  if (a->last_days)
    {
      a->from = a->to;
      g_date_subtract_days (&a->from, default_days - 1);
    }
  from = day_format (&a->from);
  to = day_format (&a->to);
  json_object_set_string_member (body, "from", from);
  json_object_set_string_member (body, "to", to);
  return body;
}

static void
on_fetched (GObject *source, GAsyncResult *result, gpointer data)
{
  Answer *a = data;
  LoketWebData *self = a->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *from = day_format (&a->from);
  g_autofree char *to = day_format (&a->to);

  if (a->gone)
    {
      answer_free (a);
      return;
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_message ("open data %s…%s: %s", from, to, error->message);
      respond_unavailable (a);
    }
  else if (a->licence)
    respond_text (a, SOUP_STATUS_OK, self->licence ? g_strdup_printf ("%s\n", self->licence)
                                                   : g_strdup ("Tidak ada lisensi yang ditetapkan.\n"
                                                               "No licence was given.\n"));
  else
    {
      entries = known_entries (self, &a->from, &a->to);
      if (a->last_days)
        {
          keep_last (entries, LOKET_WEB_DATA_DEFAULT_DAYS);
          if (entries->len > 0)
            {
              g_free (from);
              from = g_strdup (json_object_get_string_member (g_ptr_array_index (entries, 0), "day"));
            }
        }
      respond_rows (a, a->json ? loket_web_rows_daily_json (entries, loket_office_model_get_label (self->model),
                                                            self->licence, from, to)
                               : loket_web_rows_daily_csv (entries));
    }
  soup_server_message_unpause (a->msg);
  answer_free (a);
}

/* SKM's answers per service day: asked of loketd for each request (one
 * SQL read of the surveys, however long the period), as a paper form
 * may still add to a past day for 30 days. */
static void
on_skm_daily (GObject *source, GAsyncResult *result, gpointer data)
{
  Answer *a = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);
  g_autofree char *from = day_format (&a->from);
  g_autofree char *to = day_format (&a->to);
  JsonArray *days;

  if (a->gone)
    {
      answer_free (a);
      return;
    }
  if (reply == NULL || !json_object_has_member (reply, "skm"))
    {
      g_message ("open data skm %s…%s: %s", from, to, error ? error->message : "no figures");
      respond_unavailable (a);
    }
  else
    {
      days = json_object_get_array_member (json_object_get_object_member (reply, "skm"), "days");
      respond_rows (a, a->json ? loket_web_rows_skm_json (days, loket_office_model_get_label (a->self->model),
                                                          a->self->licence, from, to)
                               : loket_web_rows_skm_csv (days));
    }
  soup_server_message_unpause (a->msg);
  answer_free (a);
}

static void
skm_daily_ask (Answer *a)
{
  /* Without a range: the last LOKET_WEB_DATA_DEFAULT_DAYS days (calendar
   * days: a survey's day is the visit's). */
  g_autoptr(JsonObject) body = range_body (a, LOKET_WEB_DATA_DEFAULT_DAYS);

  json_object_set_boolean_member (body, "by_day", TRUE);
  loket_client_request_async (a->self->client, "SKM", body, NULL, a->self->cancellable, on_skm_daily, a);
}

/* The complaints' figures per category over the period asked:
 * COMPLAINT_STATS for each request (one read of the period's complaints;
 * an answer or a late one can change a past period's figures). */
static void
on_complaints_data (GObject *source, GAsyncResult *result, gpointer data)
{
  Answer *a = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  if (a->gone)
    {
      answer_free (a);
      return;
    }
  if (reply == NULL)
    {
      g_message ("open data complaints: %s", error->message);
      respond_unavailable (a);
    }
  else
    respond_rows (a, a->json ? loket_web_complaint_stats_json (reply, loket_office_model_get_label (a->self->model),
                                                               a->self->licence)
                             : loket_web_complaint_stats_csv (reply));
  soup_server_message_unpause (a->msg);
  answer_free (a);
}

static void
complaints_ask (Answer *a)
{
  /* Without a range: the page's, the last LOKET_WEB_COMPLAINT_DAYS days. */
  g_autoptr(JsonObject) body = range_body (a, LOKET_WEB_COMPLAINT_DAYS);

  loket_client_request_async (a->self->client, "COMPLAINT_STATS", body, NULL, a->self->cancellable,
                              on_complaints_data, a);
}

/* The range of ?from=…&to=…, or NULL with what is wrong with it. */
static char *
check_range (LoketWebData *self, GHashTable *query, Answer *a)
{
  const char *from = query ? g_hash_table_lookup (query, "from") : NULL;
  const char *to = query ? g_hash_table_lookup (query, "to") : NULL;
  GDate today, last;

  office_today (self, &today);
  if (from == NULL && to == NULL)
    {
      default_range (self, &a->from, &a->to);
      a->last_days = TRUE;
      return NULL;
    }
  if (from == NULL || to == NULL)
    return g_strdup ("Berikan from dan to bersama, atau tidak sama sekali.\n"
                     "Give both from and to, or neither (the last 30 service days).\n");
  if (!day_parse (from, &a->from) || !day_parse (to, &a->to))
    return g_strdup_printf ("from dan to adalah tanggal YYYY-MM-DD sejak %d.\n"
                            "from and to are dates YYYY-MM-DD, from %d on.\n", FIRST_YEAR, FIRST_YEAR);
  if (g_date_compare (&a->from, &a->to) > 0)
    return g_strdup ("from jatuh setelah to.\nfrom is after to.\n");
  last = a->from;
  g_date_add_days (&last, LOKET_WEB_DATA_MAX_DAYS - 1);
  if (g_date_compare (&a->to, &last) > 0)
    return g_strdup_printf ("Paling banyak %d hari per permintaan; mintalah per tahun.\n"
                            "At most %d days a request; ask a year at a time.\n",
                            LOKET_WEB_DATA_MAX_DAYS, LOKET_WEB_DATA_MAX_DAYS);
  /* Nothing is recorded ahead of today: the days after it are not asked. */
  if (g_date_compare (&a->to, &today) > 0)
    a->to = today;
  return NULL;
}

static const char * const data_paths[] = {
  "/data/daily.csv", "/data/daily.json", "/data/skm-daily.csv", "/data/skm-daily.json",
  "/data/complaints.csv", "/data/complaints.json", "/data/licence.txt", NULL
};

void
loket_web_data_serve (LoketWebData      *self,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      void             (*guard) (SoupServerMessage *msg))
{
  Answer *a = g_new0 (Answer, 1);
  g_autofree char *wrong = NULL;

  a->self = g_object_ref (self);
  a->msg = g_object_ref (msg);
  a->guard = guard;
  a->json = g_str_has_suffix (path, ".json");
  a->licence = g_str_equal (path, "/data/licence.txt");
  a->skm = g_str_has_prefix (path, "/data/skm-daily.");
  a->complaints = g_str_has_prefix (path, "/data/complaints.");
  if (!g_strv_contains (data_paths, path))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) data_paths);

      respond_text (a, SOUP_STATUS_NOT_FOUND,
                    g_strdup_printf ("Data yang ada: %s.\nThe data here: %s.\n", known, known));
      a->gone = TRUE;
      answer_free (a);
      return;
    }
  if (self->model == NULL)
    {
      /* Stopping. */
      respond_text (a, SOUP_STATUS_SERVICE_UNAVAILABLE, g_strdup ("Berhenti.\nStopping.\n"));
      a->gone = TRUE;
      answer_free (a);
      return;
    }
  if (a->licence)
    office_today (self, &a->from), a->to = a->from;
  else if ((wrong = check_range (self, query, a)) != NULL)
    {
      respond_text (a, SOUP_STATUS_BAD_REQUEST, g_steal_pointer (&wrong));
      a->gone = TRUE;
      answer_free (a);
      return;
    }
  g_signal_connect (msg, "finished", G_CALLBACK (on_answer_gone), a);
  soup_server_message_pause (msg);
  if (a->skm)
    skm_daily_ask (a);
  else if (a->complaints)
    complaints_ask (a);
  else
    fetch_async (self, &a->from, &a->to, on_fetched, a);
}

/* ---- life -------------------------------------------------------------------- */

static void
loket_web_data_dispose (GObject *object)
{
  LoketWebData *self = LOKET_WEB_DATA (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (loket_web_data_parent_class)->dispose (object);
}

static void
loket_web_data_finalize (GObject *object)
{
  LoketWebData *self = LOKET_WEB_DATA (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->days, g_hash_table_unref);
  g_clear_pointer (&self->record, g_hash_table_unref);
  g_clear_pointer (&self->complaints, json_object_unref);
  g_free (self->licence);
  G_OBJECT_CLASS (loket_web_data_parent_class)->finalize (object);
}

static void
loket_web_data_class_init (LoketWebDataClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = loket_web_data_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_web_data_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
loket_web_data_init (LoketWebData *self)
{
  self->cancellable = g_cancellable_new ();
  self->days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_day_free);
}

LoketWebData *
loket_web_data_new (LoketOfficeModel *model,
                    LoketClient      *client)
{
  LoketWebData *self = g_object_new (LOKET_TYPE_WEB_DATA, NULL);

  self->model = g_object_ref (model);
  self->client = g_object_ref (client);
  g_signal_connect_swapped (model, "synced", G_CALLBACK (on_synced), self);
  if (loket_office_model_get_synced (model))
    on_synced (self);
  return self;
}
