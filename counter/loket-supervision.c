/* loket-supervision.c — the supervisor's alerts and waits per service;
 * see loket-supervision.h for what is raised and why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-supervisor"

#include "config.h"

#include "loket-i18n.h"
#include "loket-pause-reason.h"
#include "loket-supervision.h"
#include "loket-ticket.h"

#include <glib/gi18n-lib.h>

#define USEC_PER_MINUTE ((gint64) 60 * G_USEC_PER_SEC)

void
loket_alert_free (LoketAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->subject);
  g_free (alert->message);
  g_free (alert);
}

const char *
loket_alert_kind_to_string (LoketAlertKind kind)
{
  switch (kind)
    {
    case LOKET_ALERT_DEVICE: return "device";
    case LOKET_ALERT_DEVICE_SILENT: return "silent";
    case LOKET_ALERT_PRINT_FAILED: return "print";
    case LOKET_ALERT_RECEIPT_FAILED: return "receipt";
    case LOKET_ALERT_UNSERVED: return "unserved";
    case LOKET_ALERT_WAIT_BREACH: return "wait";
    case LOKET_ALERT_SERVICE_BREACH: return "service";
    case LOKET_ALERT_LONG_PAUSE: return "pause";
    default: return "unknown";
    }
}

static void
add_alert (GPtrArray *alerts, LoketAlertKind kind, const char *subject, gint64 since,
           gboolean severe, char *message)
{
  LoketAlert *alert = g_new0 (LoketAlert, 1);

  alert->kind = kind;
  alert->subject = g_strdup (subject);
  alert->message = message;
  alert->since = since;
  alert->severe = severe;
  g_ptr_array_add (alerts, alert);
}

static gint64
minutes (gint64 usec)
{
  return MAX (usec, 0) / USEC_PER_MINUTE;
}

/* The items of @list, borrowed (the list keeps them), as an array for
 * the loops below. */
static GPtrArray *
items_of (GListModel *list)
{
  guint n = list ? g_list_model_get_n_items (list) : 0;
  GPtrArray *items = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);

      g_ptr_array_add (items, item);
    }
  return items;
}

static gboolean
is_serving (LoketTicketState state)
{
  return state == LOKET_TICKET_SERVING;
}

static gboolean
counter_calls (LoketCounterItem *counter, const char *service)
{
  const char * const *services = loket_counter_item_get_services (counter);

  return services != NULL && service != NULL && g_strv_contains (services, service);
}

/* A counter that calls people: open with a clerk logged in (busy with a
 * ticket or not: it calls again when done).  A paused or closed counter
 * calls nobody, and neither does a desk nobody sits at. */
static gboolean
counter_is_open (LoketCounterItem *counter)
{
  return g_strcmp0 (loket_counter_item_get_state (counter), "open") == 0 &&
         loket_counter_item_get_clerk (counter) != NULL;
}

/* A ticket's own promise (@minutes it was issued with, kept through a
 * charter change), or @fallback_usec, its service's, for one without. */
static gint64
own_promise (guint minutes, gint64 fallback_usec)
{
  return minutes > 0 ? minutes * USEC_PER_MINUTE : fallback_usec;
}

static void
count_waits (const LoketSupervisionState *state, GPtrArray *counters, GPtrArray *waiting,
             LoketServiceWaits *w)
{
  for (guint c = 0; c < counters->len; c++)
    if (counter_is_open (counters->pdata[c]) && counter_calls (counters->pdata[c], w->service))
      w->open_counters++;
  for (guint t = 0; t < waiting->len; t++)
    {
      LoketTicketItem *ticket = waiting->pdata[t];
      gint64 issued = loket_ticket_item_get_issued_at (ticket);
      LoketTimerLevel level;
      gint64 waited;

      if (!loket_ticket_item_state_is (ticket, loket_ticket_state_is_waiting) ||
          g_strcmp0 (loket_ticket_item_get_service (ticket), w->service) != 0)
        continue;
      waited = state->now - (issued ? issued : state->now);
      level = loket_timer_level (waited, own_promise (loket_ticket_item_get_promised_wait_minutes (ticket),
                                                      w->promised_usec));
      w->waiting++;
      /* The same judgement as the timers on every screen, each ticket by
       * its own promise. */
      if (level == LOKET_TIMER_OVERDUE)
        w->overdue++;
      w->longest_usec = MAX (w->longest_usec, waited);
      w->level = MAX (w->level, level);
    }
}

GArray *
loket_supervision_service_waits (const LoketSupervisionState *state)
{
  g_autoptr(GPtrArray) services = items_of (state->services);
  g_autoptr(GPtrArray) counters = items_of (state->counters);
  g_autoptr(GPtrArray) waiting = items_of (state->waiting);
  GArray *waits = g_array_sized_new (FALSE, TRUE, sizeof (LoketServiceWaits), services->len);

  for (guint i = 0; i < services->len; i++)
    {
      LoketServiceItem *service = services->pdata[i];
      LoketServiceWaits w = { 0 };

      w.item = service;
      w.service = loket_service_item_get_id (service);
      w.promised_usec = loket_service_item_get_promised_wait_minutes (service) * USEC_PER_MINUTE;
      w.level = LOKET_TIMER_NEUTRAL;
      count_waits (state, counters, waiting, &w);
      g_array_append_val (waits, w);
    }
  return waits;
}

/* What a device's part not ok means, in the supervisor's language: a
 * kiosk's printer says it in its own words ("media-empty"); the region
 * sync's part, "region", is the link to the regional centre, and its
 * words (libpq's, the refusal's) are the detail. */
static char *
device_message (const char *device, const char *component, const char *status, const char *detail)
{
  if (g_strcmp0 (component, "region") == 0 && g_strcmp0 (status, "error") == 0)
    /* Translators: loket-sync's alert; %s is the centre's reason, in English. */
    return g_strdup_printf (_("The regional centre refused this office's history: nothing more is shipped "
                              "until someone checks it (docs/region.md). %s"), detail ? detail : "");
  if (g_strcmp0 (component, "region") == 0)
    /* Translators: loket-sync's warning; %s is the failure, in English. */
    return g_strdup_printf (_("The regional centre does not answer: the office's events wait here and are "
                              "shipped when it does. %s"), detail ? detail : "");
  /* Translators: a device alert: "kiosk-1: printer: media-empty". */
  return g_strdup_printf (_("%s: %s: %s"), device, component, detail ? detail : status);
}

/* Kiosks and boards report their parts; anything but "ok" needs a
 * person, and so does a device that stopped reporting — unless its last
 * word was an error already: one alert says it (the region sync stops
 * after the centre refused the office's history, and its silence then
 * is no news). */
static void
device_alerts (const LoketSupervisionState *state, GPtrArray *alerts)
{
  g_autoptr(GPtrArray) devices = items_of (state->devices);

  for (guint i = 0; i < devices->len; i++)
    {
      LoketDeviceItem *d = devices->pdata[i];
      const char *device = loket_device_item_get_device (d);
      const char *status = loket_device_item_get_state (d);
      const char *detail = loket_device_item_get_detail (d);
      gint64 updated = loket_device_item_get_updated_at (d);

      if (g_strcmp0 (status, "ok") != 0)
        add_alert (alerts, LOKET_ALERT_DEVICE, device, loket_device_item_get_since (d),
                   g_strcmp0 (status, "error") == 0,
                   device_message (device, loket_device_item_get_component (d), status, detail));
      if (g_strcmp0 (status, "error") != 0 && updated > 0 && state->now - updated > LOKET_SUPERVISION_SILENT_USEC)
        /* Translators: a device (a kiosk) stopped reporting. */
        add_alert (alerts, LOKET_ALERT_DEVICE_SILENT, device, updated, TRUE,
                   g_strdup_printf (_("%s has not reported for %d min: switched off or cut from the network?"),
                                    device, (int) minutes (state->now - updated)));
    }
}

static void
wait_alerts (const LoketSupervisionState *state, GPtrArray *alerts)
{
  g_autoptr(GArray) waits = loket_supervision_service_waits (state);

  for (guint i = 0; i < waits->len; i++)
    {
      LoketServiceWaits *w = &g_array_index (waits, LoketServiceWaits, i);
      const char *name = loket_service_item_get_label (w->item);

      if (w->waiting > 0 && w->open_counters == 0)
        /* Translators: nobody can be called for a service: "Akta
         * Kelahiran: 4 waiting and no open counter calls it". */
        add_alert (alerts, LOKET_ALERT_UNSERVED, w->service, 0, TRUE,
                   g_strdup_printf (ngettext ("%s: %u waiting and no open counter calls it",
                                              "%s: %u waiting and no open counter calls it", w->waiting),
                                    name, w->waiting));
      if (w->overdue > 0)
        /* Translators: "KTP-el: 3 waiting past the 30 min promise, the longest 41 min". */
        add_alert (alerts, LOKET_ALERT_WAIT_BREACH, w->service, state->now - w->longest_usec, TRUE,
                   g_strdup_printf (ngettext ("%s: %u waiting past the %d min promise, the longest %d min",
                                              "%s: %u waiting past the %d min promise, the longest %d min",
                                              w->overdue),
                                    name, w->overdue, (int) minutes (w->promised_usec),
                                    (int) minutes (w->longest_usec)));
    }
}

/* The one of @items whose @get_id is @id, borrowed; NULL if none. */
static gpointer
find_item (GPtrArray *items, const char *(*get_id) (gpointer), const char *id)
{
  for (guint i = 0; id != NULL && i < items->len; i++)
    if (g_strcmp0 (get_id (items->pdata[i]), id) == 0)
      return items->pdata[i];
  return NULL;
}

static const char *service_id (gpointer item) { return loket_service_item_get_id (item); }
static const char *counter_id (gpointer item) { return loket_counter_item_get_id (item); }

/* A ticket whose paper failed is in the queue, but its citizen may have
 * only a number noted down, or none: once the kiosk's own "print again"
 * is past (the screen went home), a supervisor prints it or voids it.
 * The alert lasts until a paper comes out (REPRINTED: "printed"). */
static void
print_alerts (const LoketSupervisionState *state, GPtrArray *alerts)
{
  g_autoptr(GPtrArray) waiting = items_of (state->waiting);
  g_autoptr(GPtrArray) services = items_of (state->services);

  for (guint t = 0; t < waiting->len; t++)
    {
      LoketTicketItem *ticket = waiting->pdata[t];
      LoketServiceItem *service = find_item (services, service_id, loket_ticket_item_get_service (ticket));

      if (g_strcmp0 (loket_ticket_item_get_state (ticket), "print-failed") != 0)
        continue;
      /* Translators: "C-004 (Akta Kelahiran): its ticket did not print; the citizen may have no paper". */
      add_alert (alerts, LOKET_ALERT_PRINT_FAILED, loket_ticket_item_get_number (ticket),
                 loket_ticket_item_get_issued_at (ticket), FALSE,
                 g_strdup_printf (_("%s (%s): its ticket did not print; the citizen may have no paper"),
                                  loket_ticket_item_get_number (ticket),
                                  service ? loket_service_item_get_label (service) : "?"));
    }
}

/* A complaint's receipt that did not print at the kiosk (PRINT with the
 * receipt, kept as its receipt_print): the complainant may have left
 * with no number.  Like a ticket's failed paper, until someone acts —
 * here, until the complaint is taken up (staff have the contact, or give
 * the number at the desk); a receipt is not printed again. */
static void
receipt_alerts (const LoketSupervisionState *state, GPtrArray *alerts)
{
  g_autoptr(GPtrArray) services = items_of (state->services);

  for (guint i = 0; state->complaints != NULL && i < json_array_get_length (state->complaints); i++)
    {
      JsonObject *c = json_array_get_object_element (state->complaints, i);
      const char *receipt = json_object_get_string_member_with_default (c, "receipt", "?");
      LoketServiceItem *service = find_item (services, service_id,
                                             json_object_get_string_member_with_default (c, "service", NULL));

      if (g_strcmp0 (json_object_get_string_member_with_default (c, "receipt_print", NULL), "failed") != 0 ||
          g_strcmp0 (json_object_get_string_member_with_default (c, "state", NULL), "received") != 0)
        continue;
      /* Translators: "PGD-2026-000007 (KTP-el): the complaint's receipt did not print at the kiosk; the
       * complainant may have no number". */
      add_alert (alerts, LOKET_ALERT_RECEIPT_FAILED, receipt,
                 json_object_get_int_member_with_default (c, "received_at", 0), FALSE,
                 g_strdup_printf (_("%s (%s): the complaint's receipt did not print at the kiosk; "
                                    "the complainant may have no number"),
                                  receipt, service ? loket_service_item_get_label (service) : "?"));
    }
}

static void
service_alerts (const LoketSupervisionState *state, GPtrArray *alerts)
{
  g_autoptr(GPtrArray) active = items_of (state->active);
  g_autoptr(GPtrArray) services = items_of (state->services);
  g_autoptr(GPtrArray) counters = items_of (state->counters);

  for (guint t = 0; t < active->len; t++)
    {
      LoketTicketItem *ticket = active->pdata[t];
      LoketServiceItem *service = find_item (services, service_id, loket_ticket_item_get_service (ticket));
      LoketCounterItem *counter = find_item (counters, counter_id, loket_ticket_item_get_counter (ticket));
      gint64 started = loket_ticket_item_get_started_at (ticket);
      gint64 promised = own_promise (loket_ticket_item_get_promised_service_minutes (ticket),
                                     service ? loket_service_item_get_promised_service_minutes (service)
                                               * USEC_PER_MINUTE : 0);

      if (!loket_ticket_item_state_is (ticket, is_serving) || started == 0 ||
          loket_timer_level (state->now - started, promised) != LOKET_TIMER_OVERDUE)
        continue;
      /* Translators: "Loket 2: A-004 (KTP-el) in service for 22 min, promised 15". */
      add_alert (alerts, LOKET_ALERT_SERVICE_BREACH, loket_ticket_item_get_counter (ticket), started, FALSE,
                 g_strdup_printf (_("%s: %s (%s) in service for %d min, promised %d"),
                                  counter ? loket_counter_item_get_name (counter) : "?",
                                  loket_ticket_item_get_number (ticket),
                                  service ? loket_service_item_get_label (service) : "?",
                                  (int) minutes (state->now - started), (int) minutes (promised)));
    }
}

static void
pause_alerts (const LoketSupervisionState *state, GPtrArray *alerts)
{
  g_autoptr(GPtrArray) counters = items_of (state->counters);

  for (guint c = 0; c < counters->len; c++)
    {
      LoketCounterItem *counter = counters->pdata[c];
      gint64 since = loket_counter_item_get_paused_since (counter);
      g_autofree char *reason = NULL;

      if (g_strcmp0 (loket_counter_item_get_state (counter), "paused") != 0 || since == 0 ||
          state->now - since <= LOKET_SUPERVISION_LONG_PAUSE_USEC)
        continue;
      reason = loket_pause_reason_describe (state->pause_reasons, loket_counter_item_get_pause_reason (counter),
                                            loket_counter_item_get_pause_note (counter), loket_i18n_get_language ());
      /* Translators: "Loket 3 (budi) paused for 47 min: Break". */
      add_alert (alerts, LOKET_ALERT_LONG_PAUSE, loket_counter_item_get_id (counter), since, FALSE,
                 g_strdup_printf (_("%s (%s) paused for %d min: %s"), loket_counter_item_get_name (counter),
                                  loket_counter_item_get_clerk (counter) ?: "-",
                                  (int) minutes (state->now - since), reason ? reason : ""));
    }
}

static gint
by_kind (gconstpointer a, gconstpointer b)
{
  const LoketAlert *x = *(LoketAlert * const *) a;
  const LoketAlert *y = *(LoketAlert * const *) b;

  return (gint) x->kind - (gint) y->kind;
}

GPtrArray *
loket_supervision_alerts (const LoketSupervisionState *state)
{
  GPtrArray *alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_alert_free);

  device_alerts (state, alerts);
  print_alerts (state, alerts);
  receipt_alerts (state, alerts);
  wait_alerts (state, alerts);
  service_alerts (state, alerts);
  pause_alerts (state, alerts);
  /* Stable: within a kind, the charter's order of services and counters. */
  g_ptr_array_sort (alerts, by_kind);
  return alerts;
}
