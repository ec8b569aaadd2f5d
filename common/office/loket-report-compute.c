/* loket-report-compute.c — computes a LoketReport from a store and a
 * charter.
 *
 * One pass over the period's tickets (read on a thread of their own by
 * loket-report-reader.c) adds every ticket to its service, counter,
 * clerk, hour and weekday at once — found by the codes of its kind,
 * counter and clerk, in arrays, not by their names — keeping sums for
 * means and, per service, the durations themselves, which a percentile
 * needs (report/loket-report-percentile.c).  The row of all services is
 * their sum, worked out at the end.  Then one pass over the pauses, and
 * one over the citizens turned away (TURNED_AWAY events).
 * Everything happens in one read transaction, so a report taken while
 * loketd is writing is still a consistent picture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-report"

#include "loket-report-compute.h"
#include "loket-report-private.h"
#include "loket-error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USEC_PER_MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define USEC_PER_HOUR (60 * USEC_PER_MINUTE)

/* ---- accumulating ------------------------------------------------------- */

/* Durations as they come: the values (for percentiles) in blocks — a
 * year is millions of them, and blocks are neither moved nor copied — or
 * just the sums. */
#define BLOCK 32768

typedef struct {
  GPtrArray *blocks;   /* gint64[BLOCK] each; NULL when only the mean is wanted */
  gint64     sum;
  gint64     max;
  guint      n, judged, within;
} Durations;

typedef struct {
  LoketReportService *row;
  Durations           wait, service;
} ServiceAcc;

typedef struct {
  LoketReportStaff *row;
  Durations         service;
  GArray           *by_reason;   /* gint64, indexed like Builder.reasons */
} StaffAcc;

/* Where the tickets of one kind are added up, worked out when the first
 * of them is seen: a year has millions of tickets and a few hundred
 * kinds, so no ticket's service is looked up by its name. */
typedef struct {
  const LoketReportKind *kind;
  ServiceAcc            *issued;    /* NULL: none seen yet */
  ServiceAcc            *final;
} KindAcc;

typedef struct {
  LoketReport  *report;
  LoketCharter *charter;
  LoketReportCodes *codes;
  KindAcc      *kinds;           /* by code, as codes->kinds */
  StaffAcc    **counter_accs;    /* by the code of its name, NULL until seen */
  StaffAcc    **clerk_accs;      /* likewise */
  GHashTable   *services;        /* id → ServiceAcc* */
  GHashTable   *counters;        /* id → StaffAcc* */
  GHashTable   *clerks;          /* id → StaffAcc* */
  GHashTable   *clerk_names;     /* id → name */
  GPtrArray    *reasons;         /* char*, in order of appearance */
  GHashTable   *reason_index;    /* reason → index + 1 */
  gint64        hour_wait_sum[24];
  gint64        midnight;        /* the last ticket's day: its local midnight, µs, … */
  gint64        next_midnight;   /* … the next one … */
  guint         weekday;         /* … and its weekday, 0 = Monday */
  GHashTable   *days_seen;       /* gint64 midnights (s) already counted */
  GHashTable   *versions_seen;   /* charter versions the tickets were issued under */
} Builder;

static void
durations_add (Durations *d, gint64 usec, gint64 promise)
{
  usec = MAX (usec, 0);
  if (d->blocks != NULL)
    {
      if (d->n % BLOCK == 0)
        g_ptr_array_add (d->blocks, g_new (gint64, BLOCK));
      ((gint64 *) g_ptr_array_index (d->blocks, d->n / BLOCK))[d->n % BLOCK] = usec;
    }
  d->sum += usec;
  d->max = MAX (d->max, usec);
  d->n++;
  if (promise > 0)
    {
      d->judged++;
      d->within += usec <= promise;
    }
}

/* Appends @d's blocks to @sets, and how many values each holds to
 * @lengths. */
static void
list_blocks (const Durations *d, GPtrArray *sets, GArray *lengths)
{
  for (guint i = 0; d->blocks != NULL && i < d->blocks->len; i++)
    {
      gsize n = MIN (d->n - (gsize) i * BLOCK, BLOCK);

      g_ptr_array_add (sets, g_ptr_array_index (d->blocks, i));
      g_array_append_val (lengths, n);
    }
}

/* The median and 90th percentile of the values of @sets (@max the
 * largest). */
static void
select_percentiles (GPtrArray *sets, GArray *lengths, gint64 max, LoketReportDurations *out)
{
  if (out->n > 0 && sets->len > 0)
    loket_report_median_and_p90 ((const gint64 * const *) sets->pdata, (const gsize *) lengths->data,
                                 sets->len, max, &out->median, &out->p90);
}

/* The figures of @d, with percentiles if it kept its values. */
static void
durations_finish (const Durations *d, LoketReportDurations *out)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gsize));

  out->n = d->n;
  out->judged = d->judged;
  out->within = d->within;
  out->max = d->max;
  out->mean = d->n ? d->sum / d->n : 0;
  list_blocks (d, sets, lengths);
  select_percentiles (sets, lengths, d->max, out);
}

static void
service_acc_free (gpointer data)
{
  ServiceAcc *acc = data;

  /* Its row, unless finish() handed it to the report: a report that
   * failed half-way (the store could not be read) still frees it. */
  g_clear_pointer (&acc->row, loket_report_service_free);
  g_clear_pointer (&acc->wait.blocks, g_ptr_array_unref);
  g_clear_pointer (&acc->service.blocks, g_ptr_array_unref);
  g_free (acc);
}

static void
staff_acc_free (gpointer data)
{
  StaffAcc *acc = data;

  g_clear_pointer (&acc->row, loket_report_staff_free);
  g_array_unref (acc->by_reason);
  g_free (acc);
}

static ServiceAcc *
service_acc_new (const char *id, const char *name, const LoketServiceDef *def)
{
  ServiceAcc *acc = g_new0 (ServiceAcc, 1);

  acc->row = g_new0 (LoketReportService, 1);
  acc->row->id = g_strdup (id);
  acc->row->name = g_strdup (name);
  acc->row->promised_wait_minutes = def ? def->promised_wait_minutes : 0;
  acc->row->promised_service_minutes = def ? def->promised_service_minutes : 0;
  acc->wait.blocks = g_ptr_array_new_with_free_func (g_free);
  acc->service.blocks = g_ptr_array_new_with_free_func (g_free);
  return acc;
}

static const char *
pick_name (const char *lang, const char *name, const char *name_en)
{
  return g_strcmp0 (lang, "en") == 0 && name_en != NULL && *name_en != '\0' ? name_en : name;
}

static ServiceAcc *
service_acc (Builder *b, const char *id)
{
  ServiceAcc *acc = g_hash_table_lookup (b->services, id);

  if (acc == NULL)
    {
      /* A service the charter no longer has: shown by its id, unjudged. */
      acc = service_acc_new (id, id, NULL);
      g_hash_table_insert (b->services, acc->row->id, acc);
    }
  return acc;
}

/* @names: id → name, or NULL (then the row has none, unless the charter's
 * counters were added first). */
static StaffAcc *
staff_acc (GHashTable *table, const char *id, GHashTable *names)
{
  StaffAcc *acc = g_hash_table_lookup (table, id);

  if (acc == NULL)
    {
      acc = g_new0 (StaffAcc, 1);
      acc->row = g_new0 (LoketReportStaff, 1);
      acc->row->id = g_strdup (id);
      acc->row->name = names ? g_strdup (g_hash_table_lookup (names, id)) : NULL;
      acc->by_reason = g_array_new (FALSE, TRUE, sizeof (gint64));
      g_hash_table_insert (table, acc->row->id, acc);
    }
  return acc;
}

/* ---- one ticket --------------------------------------------------------- */

/* The local day of @arrival: its midnight, the next one and its weekday,
 * worked out once per day (tickets come in time order).  A new day is
 * counted as a service day of the period. */
static void
enter_day (Builder *b, gint64 arrival)
{
  g_autoptr(GDateTime) local = loket_charter_local_time (b->charter, arrival);
  g_autoptr(GDateTime) midnight = g_date_time_new (loket_charter_get_time_zone (b->charter),
                                                   g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);
  gint64 day = g_date_time_to_unix (midnight);

  b->midnight = day * G_USEC_PER_SEC;
  b->next_midnight = g_date_time_to_unix (next) * G_USEC_PER_SEC;
  b->weekday = g_date_time_get_day_of_week (midnight) - 1;
  if (!g_hash_table_contains (b->days_seen, &day))
    {
      g_hash_table_add (b->days_seen, g_memdup2 (&day, sizeof day));
      b->report->days++;
      b->report->days_by_weekday[b->weekday]++;
    }
}

static gint64
promise_usec (guint minutes)
{
  return minutes * USEC_PER_MINUTE;
}

/* Arrival, wait and transfer count for the service it was taken for. */
static void
add_arrival (Builder *b, const LoketReportTicket *t, const LoketReportKind *kind, ServiceAcc *issued)
{
  gint64 hour_index = (t->arrival_at - b->midnight) / USEC_PER_HOUR;
  LoketReportHour *hour = &b->report->hours[CLAMP (hour_index, 0, 23)];

  hour->arrivals++;
  hour->arrivals_by_weekday[b->weekday]++;
  issued->row->issued++;
  issued->row->priority += kind->priority;
  issued->row->transferred += kind->transfers > 0;
  /* Never called before the day closed: the wait promise was broken,
   * though no wait was measured (docs/reports.md). */
  if (t->called_at == 0 && kind->state == LOKET_TICKET_UNSERVED && issued->row->promised_wait_minutes > 0)
    issued->wait.judged++;
  if (t->called_at > 0)
    {
      gint64 wait = MAX (t->called_at - t->arrival_at, 0);

      durations_add (&issued->wait, wait, promise_usec (kind->charter_version > 0
                                                        ? kind->promised_wait_minutes
                                                        : issued->row->promised_wait_minutes));
      hour->called++;
      b->hour_wait_sum[CLAMP (hour_index, 0, 23)] += wait;
      b->report->wait_histogram[MIN (wait / (LOKET_REPORT_WAIT_BIN_MINUTES * USEC_PER_MINUTE),
                                     LOKET_REPORT_WAIT_BINS - 1)]++;
    }
}

/* The counter or clerk whose name has @code (0: none), looked up by its
 * name the first time only. */
static StaffAcc *
staff_by_code (Builder *b, StaffAcc **accs, GHashTable *table, guint code, GHashTable *names)
{
  if (code == 0)
    return NULL;
  if (accs[code] == NULL)
    accs[code] = staff_acc (table, g_ptr_array_index (b->codes->names, code), names);
  return accs[code];
}

/* How it ended, for the service it ended in and whoever finished it. */
static void
add_outcome (Builder *b, const LoketReportTicket *t, const LoketReportKind *kind, ServiceAcc *final)
{
  gint64 promise = promise_usec (kind->charter_version > 0 ? kind->promised_service_minutes
                                                           : final->row->promised_service_minutes);
  LoketReportService *row = final->row;
  StaffAcc *staff[2] = { NULL, NULL };
  gboolean timed = kind->state == LOKET_TICKET_DONE && t->started_at > 0;
  gboolean served = kind->state == LOKET_TICKET_DONE && kind->outcome == LOKET_OUTCOME_SERVED;
  gboolean other = kind->state == LOKET_TICKET_DONE && kind->outcome != LOKET_OUTCOME_SERVED;
  gboolean no_show = kind->state == LOKET_TICKET_NO_SHOW;
  gint64 usec = t->finished_at - t->started_at;

  if (kind->state == LOKET_TICKET_DONE || no_show)
    {
      staff[0] = staff_by_code (b, b->counter_accs, b->counters, t->counter, NULL);
      staff[1] = staff_by_code (b, b->clerk_accs, b->clerks, t->clerk, b->clerk_names);
    }
  row->served += served;
  row->other_outcome += other;
  row->no_show += no_show;
  row->voided += kind->state == LOKET_TICKET_VOID;
  row->unserved += kind->state == LOKET_TICKET_UNSERVED;
  row->unfinished += !loket_ticket_state_is_final (kind->state);
  if (timed)
    durations_add (&final->service, usec, promise);
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    if (staff[i] != NULL)
      {
        staff[i]->row->served += served;
        staff[i]->row->other_outcome += other;
        staff[i]->row->no_show += no_show;
        if (timed)
          durations_add (&staff[i]->service, usec, promise);
      }
}

static void
on_ticket (const LoketReportTicket *t, gpointer data)
{
  Builder *b = data;
  KindAcc *acc = &b->kinds[t->kind];

  if (t->arrival_at < b->midnight || t->arrival_at >= b->next_midnight)
    enter_day (b, t->arrival_at);
  if (acc->issued == NULL)
    {
      acc->kind = g_ptr_array_index (b->codes->kinds, t->kind);
      acc->issued = service_acc (b, acc->kind->issued_service);
      acc->final = acc->kind->transfers == 0 ? acc->issued : service_acc (b, acc->kind->service);
      g_hash_table_add (b->versions_seen, GUINT_TO_POINTER (acc->kind->charter_version));
    }
  add_arrival (b, t, acc->kind, acc->issued);
  add_outcome (b, t, acc->kind, acc->final);
}

/* ---- one citizen turned away ------------------------------------------- */

static void
on_turned_away (const LoketReportTurnedAway *t, gpointer data)
{
  Builder *b = data;
  g_autoptr(GDateTime) local = loket_charter_local_time (b->charter, t->time);

  if (t->service != NULL)
    service_acc (b, t->service)->row->turned_away++;
  if (local != NULL)
    b->report->hours[g_date_time_get_hour (local)].turned_away++;
}

/* ---- one pause ---------------------------------------------------------- */

static guint
reason_index (Builder *b, const char *reason)
{
  gpointer index = g_hash_table_lookup (b->reason_index, reason);

  if (index == NULL)
    {
      g_ptr_array_add (b->reasons, g_strdup (reason));
      index = GUINT_TO_POINTER (b->reasons->len);
      g_hash_table_insert (b->reason_index, g_ptr_array_index (b->reasons, b->reasons->len - 1), index);
    }
  return GPOINTER_TO_UINT (index) - 1;
}

static void
on_pause (const LoketReportPause *p, gpointer data)
{
  Builder *b = data;
  guint index = reason_index (b, p->reason ? p->reason : "");
  StaffAcc *staff[2] = {
    p->counter ? staff_acc (b->counters, p->counter, NULL) : NULL,
    p->clerk ? staff_acc (b->clerks, p->clerk, b->clerk_names) : NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    if (staff[i] != NULL)
      {
        if (staff[i]->by_reason->len <= index)
          g_array_set_size (staff[i]->by_reason, index + 1);
        g_array_index (staff[i]->by_reason, gint64, index) += p->usec;
        staff[i]->row->pauses++;
        staff[i]->row->pause_usec += p->usec;
      }
}

/* ---- the finished report ------------------------------------------------ */

/* Counter ids are usually numbers: "2" before "10". */
static gint
compare_ids (const char *a, const char *b)
{
  guint64 x, y;

  if (g_ascii_string_to_unsigned (a, 10, 0, G_MAXUINT64, &x, NULL) &&
      g_ascii_string_to_unsigned (b, 10, 0, G_MAXUINT64, &y, NULL))
    return x < y ? -1 : x > y;
  return strcmp (a, b);
}

static gint
compare_service_accs (gconstpointer a, gconstpointer b)
{
  return compare_ids ((*(ServiceAcc * const *) a)->row->id, (*(ServiceAcc * const *) b)->row->id);
}

static gint
compare_staff_accs (gconstpointer a, gconstpointer b)
{
  return compare_ids ((*(StaffAcc * const *) a)->row->id, (*(StaffAcc * const *) b)->row->id);
}

/* The whole office's durations of one kind (@wait or service times):
 * the services' sums added up, the percentiles selected across their
 * values. */
static void
total_durations (GPtrArray *accs, gboolean wait, LoketReportDurations *out)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  gint64 sum = 0;

  for (guint i = 0; i < accs->len; i++)
    {
      ServiceAcc *acc = g_ptr_array_index (accs, i);
      const Durations *d = wait ? &acc->wait : &acc->service;

      out->n += d->n;
      out->judged += d->judged;
      out->within += d->within;
      out->max = MAX (out->max, d->max);
      sum += d->sum;
      list_blocks (d, sets, lengths);
    }
  out->mean = out->n ? sum / out->n : 0;
  select_percentiles (sets, lengths, out->max, out);
}

/* The row of all services: each ticket was counted in exactly one of
 * them for each figure, so it is their sum. */
static LoketReportService *
total_row (GPtrArray *accs)
{
  LoketReportService *total = g_new0 (LoketReportService, 1);

  total->id = g_strdup ("");
  total->name = g_strdup ("");
  for (guint i = 0; i < accs->len; i++)
    {
      const LoketReportService *row = ((ServiceAcc *) g_ptr_array_index (accs, i))->row;

      total->issued += row->issued;
      total->priority += row->priority;
      total->transferred += row->transferred;
      total->turned_away += row->turned_away;
      total->served += row->served;
      total->other_outcome += row->other_outcome;
      total->no_show += row->no_show;
      total->voided += row->voided;
      total->unserved += row->unserved;
      total->unfinished += row->unfinished;
    }
  total_durations (accs, TRUE, &total->wait);
  total_durations (accs, FALSE, &total->service);
  return total;
}

/* The charter's services in its order, then any others by id. */
static void
finish_services (Builder *b)
{
  GPtrArray *defs = loket_charter_get_services (b->charter);
  g_autoptr(GPtrArray) accs = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  GHashTableIter iter;
  ServiceAcc *acc;

  for (guint i = 0; i < defs->len; i++)
    g_ptr_array_add (accs, g_hash_table_lookup (b->services,
                                                ((LoketServiceDef *) g_ptr_array_index (defs, i))->id));
  g_hash_table_iter_init (&iter, b->services);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &acc))
    if (!g_ptr_array_find (accs, acc, NULL))
      g_ptr_array_add (others, acc);
  g_ptr_array_sort (others, compare_service_accs);
  g_ptr_array_extend (accs, others, NULL, NULL);
  b->report->total = total_row (accs);
  b->report->services = g_ptr_array_new_with_free_func (loket_report_service_free);
  for (guint i = 0; i < accs->len; i++)
    {
      acc = g_ptr_array_index (accs, i);
      durations_finish (&acc->wait, &acc->row->wait);
      durations_finish (&acc->service, &acc->row->service);
      g_ptr_array_add (b->report->services, g_steal_pointer (&acc->row));
    }
}

/* @order maps a reason's index of appearance to its place in the sorted
 * list. */
static GPtrArray *
finish_staff (GHashTable *table, GPtrArray *first, const guint *order, guint n_reasons)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (loket_report_staff_free);
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  GHashTableIter iter;
  StaffAcc *acc;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &acc))
    if (first == NULL || !g_ptr_array_find (first, acc, NULL))
      g_ptr_array_add (rest, acc);
  g_ptr_array_sort (rest, compare_staff_accs);
  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *accs = pass == 0 ? first : rest;

      for (guint i = 0; accs != NULL && i < accs->len; i++)
        {
          acc = g_ptr_array_index (accs, i);
          durations_finish (&acc->service, &acc->row->service);
          acc->row->pause_usec_by_reason = g_new0 (gint64, MAX (n_reasons, 1));
          for (guint r = 0; r < acc->by_reason->len; r++)
            acc->row->pause_usec_by_reason[order[r]] = g_array_index (acc->by_reason, gint64, r);
          g_ptr_array_add (rows, g_steal_pointer (&acc->row));
        }
    }
  return rows;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
finish (Builder *b, GPtrArray *charter_counters)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (b->reasons, NULL, NULL);
  g_autofree guint *order = g_new0 (guint, MAX (b->reasons->len, 1));

  g_ptr_array_set_free_func (sorted, NULL);   /* borrowed from b->reasons */
  g_ptr_array_sort (sorted, compare_strings);
  for (guint i = 0; i < b->reasons->len; i++)
    for (guint j = 0; j < sorted->len; j++)
      if (g_ptr_array_index (sorted, j) == g_ptr_array_index (b->reasons, i))
        order[i] = j;
  b->report->pause_reasons = g_new0 (char *, sorted->len + 1);
  b->report->pause_reason_labels = g_new0 (char *, sorted->len + 1);
  for (guint j = 0; j < sorted->len; j++)
    {
      b->report->pause_reasons[j] = g_strdup (g_ptr_array_index (sorted, j));
      /* By the charter the report is read with; an id it lacks (free text
       * from before the list, or a dropped reason) reads as "other". */
      b->report->pause_reason_labels[j] = loket_pause_reason_describe (loket_charter_get_pause_reasons (b->charter),
                                                                       b->report->pause_reasons[j], NULL,
                                                                       b->report->lang);
    }
  finish_services (b);
  b->report->counters = finish_staff (b->counters, charter_counters, order, sorted->len);
  b->report->clerks = finish_staff (b->clerks, NULL, order, sorted->len);
  for (guint h = 0; h < 24; h++)
    if (b->report->hours[h].called > 0)
      b->report->hours[h].mean_wait = b->hour_wait_sum[h] / b->report->hours[h].called;
}

/* One print failure, reprint or refused priority claim of the period:
 * into its kiosk's row.  An office has a handful of kiosks. */
static void
on_kiosk (const char *kiosk, const char *type, gpointer user_data)
{
  LoketReport *report = user_data;
  const char *id = kiosk ? kiosk : "";
  LoketReportKiosk *row = NULL;

  for (guint i = 0; row == NULL && i < report->kiosks->len; i++)
    if (g_str_equal (((LoketReportKiosk *) g_ptr_array_index (report->kiosks, i))->id, id))
      row = g_ptr_array_index (report->kiosks, i);
  if (row == NULL)
    {
      row = g_new0 (LoketReportKiosk, 1);
      row->id = g_strdup (id);
      g_ptr_array_add (report->kiosks, row);
    }
  if (g_str_equal (type, "PRINT_FAILED"))
    row->print_failed++;
  else if (g_str_equal (type, "REPRINTED"))
    row->reprinted++;
  else if (g_str_equal (type, "PRIORITY_REFUSED"))
    row->priority_refused++;
}

static gint
compare_kiosks (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 ((*(LoketReportKiosk * const *) a)->id, (*(LoketReportKiosk * const *) b)->id);
}

/* ---- computing ---------------------------------------------------------- */

static void
builder_init (Builder *b, LoketReport *report, LoketCharter *charter, GPtrArray *charter_counters)
{
  GPtrArray *services = loket_charter_get_services (charter);
  GPtrArray *counters = loket_charter_get_counters (charter);

  b->report = report;
  b->charter = charter;
  b->services = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, service_acc_free);
  b->counters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, staff_acc_free);
  b->clerks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, staff_acc_free);
  b->reasons = g_ptr_array_new_with_free_func (g_free);
  b->reason_index = g_hash_table_new (g_str_hash, g_str_equal);
  b->days_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  b->versions_seen = g_hash_table_new (NULL, NULL);
  /* The charter's services and counters are in the report even on a day
   * nobody came: a zero is a figure too. */
  for (guint i = 0; i < services->len; i++)
    {
      const LoketServiceDef *def = g_ptr_array_index (services, i);
      ServiceAcc *acc = service_acc_new (def->id, pick_name (report->lang, def->name, def->name_en), def);

      g_hash_table_insert (b->services, acc->row->id, acc);
    }
  for (guint i = 0; i < counters->len; i++)
    {
      const LoketCounterDef *def = g_ptr_array_index (counters, i);
      StaffAcc *acc = staff_acc (b->counters, def->id, NULL);

      acc->row->name = g_strdup (def->name);
      g_ptr_array_add (charter_counters, acc);
    }
}

static void
builder_clear (Builder *b)
{
  g_clear_pointer (&b->codes, loket_report_codes_free);
  g_clear_pointer (&b->kinds, g_free);
  g_clear_pointer (&b->counter_accs, g_free);
  g_clear_pointer (&b->clerk_accs, g_free);
  g_clear_pointer (&b->services, g_hash_table_unref);
  g_clear_pointer (&b->counters, g_hash_table_unref);
  g_clear_pointer (&b->clerks, g_hash_table_unref);
  g_clear_pointer (&b->clerk_names, g_hash_table_unref);
  g_clear_pointer (&b->reason_index, g_hash_table_unref);
  g_clear_pointer (&b->days_seen, g_hash_table_unref);
  g_clear_pointer (&b->versions_seen, g_hash_table_unref);
  g_clear_pointer (&b->reasons, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Builder, builder_clear)

/* The charter versions the period's tickets were issued under, oldest
 * first, as the report shows them (their time in the office's zone). */
static gboolean
list_charters (Builder *b, LoketStore *store, GError **error)
{
  g_autoptr(GPtrArray) versions = loket_store_list_charter_versions (store, error);

  if (versions == NULL)
    return FALSE;
  b->report->charters = g_ptr_array_new_with_free_func (loket_report_charter_free);
  for (guint i = 0; i < versions->len; i++)
    {
      const LoketCharterVersion *v = g_ptr_array_index (versions, i);
      g_autoptr(GDateTime) local = NULL;
      LoketReportCharter *c;

      if (!g_hash_table_contains (b->versions_seen, GUINT_TO_POINTER (v->version)))
        continue;
      local = loket_charter_local_time (b->charter, v->in_force_from);
      c = g_new0 (LoketReportCharter, 1);
      c->version = v->version;
      c->sha256 = g_strdup (v->sha256);
      c->in_force_from = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
      c->loaded_by = g_strdup (v->loaded_by);
      g_ptr_array_add (b->report->charters, c);
    }
  return TRUE;
}

/* "2026-01-31", a real date, or FALSE with an error naming @what. */
static gboolean
check_day (const char *day, const char *what, GError **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = loket_report_day_start (day, utc);

  if (start == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "%s: “%s” is not a date like 2026-01-31", what, day ? day : "");
      return FALSE;
    }
  return TRUE;
}

/* The period's daily anchors, in the same read transaction as its
 * tickets: the report and its anchors describe one state of the log. */
static gboolean
read_anchors (LoketStore *store, LoketReport *report, GError **error)
{
  g_autoptr(GPtrArray) anchors = loket_store_list_anchors (store, report->from, report->to, error);

  if (anchors == NULL)
    return FALSE;
  report->anchors = g_ptr_array_new_with_free_func (loket_report_anchor_free);
  for (guint i = 0; i < anchors->len; i++)
    {
      const LoketAnchor *a = g_ptr_array_index (anchors, i);
      LoketReportAnchor *copy = g_new0 (LoketReportAnchor, 1);

      copy->day = g_strdup (a->day);
      copy->seq = a->seq;
      copy->hash = g_strdup (a->hash);
      g_ptr_array_add (report->anchors, copy);
    }
  return TRUE;
}

LoketReport *
loket_report_compute (LoketStore   *store,
                      LoketCharter *charter,
                      const char   *from,
                      const char   *to,
                      const char   *lang,
                      GError      **error)
{
  g_autoptr(LoketReport) report = NULL;
  g_auto(Builder) b = { 0 };
  g_autoptr(GPtrArray) charter_counters = g_ptr_array_new ();
  gboolean ok;

  if (!check_day (from, "from", error) || !check_day (to, "to", error))
    return NULL;
  if (strcmp (from, to) > 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "the period ends (%s) before it begins (%s)",
                   to, from);
      return NULL;
    }
  report = g_new0 (LoketReport, 1);
  report->lang = g_strdup (g_strcmp0 (lang, "en") == 0 ? "en" : "id");
  report->office = g_strdup (pick_name (report->lang, loket_charter_get_office_name (charter),
                                        loket_charter_get_office_name_en (charter)));
  report->address = g_strdup (loket_charter_get_office_address (charter));
  report->from = g_strdup (from);
  report->to = g_strdup (to);
  report->kiosks = g_ptr_array_new_with_free_func (loket_report_kiosk_free);
  builder_init (&b, report, charter, charter_counters);
  if (!loket_store_read_begin (store, error))
    return NULL;
  ok = (b.clerk_names = loket_store_clerk_names (store, error)) != NULL &&
       (b.codes = loket_store_report_codes (store, error)) != NULL;
  if (ok)
    {
      b.kinds = g_new0 (KindAcc, MAX (b.codes->kinds->len, 1));
      b.counter_accs = g_new0 (StaffAcc *, MAX (b.codes->names->len, 1));
      b.clerk_accs = g_new0 (StaffAcc *, MAX (b.codes->names->len, 1));
      ok = loket_report_read_tickets (store, b.codes, from, to, on_ticket, &b, error) &&
           loket_store_report_pauses (store, from, to, on_pause, &b, error) &&
           read_anchors (store, report, error) &&
           list_charters (&b, store, error) &&
           loket_store_report_kiosks (store, from, to, on_kiosk, report, error) &&
           loket_store_report_turned_away (store, from, to, on_turned_away, &b, error);
    }
  loket_store_read_end (store);
  if (!ok)
    return NULL;
  finish (&b, charter_counters);
  g_ptr_array_sort (report->kiosks, compare_kiosks);
  return g_steal_pointer (&report);
}

