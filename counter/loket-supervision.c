/* loket-supervision.c — the supervisor's alerts and waits per service;
 * see loket-supervision.h for what is raised and why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-supervisor"

#include "config.h"

#include "loket-i18n.h"
#include "loket-message.h"
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

static const char *
ticket_state (JsonObject *ticket, LoketTicketState *state)
{
  const char *name = loket_json_optional_string (ticket, "state");

  if (!loket_ticket_state_from_string (name, state))
    *state = LOKET_TICKET_VOID;
  return name;
}

static const char *
name_of (JsonObject *object)
{
  return object ? loket_i18n_pick (object, "name") : "?";
}

static gboolean
counter_calls (JsonObject *counter, const char *service)
{
  JsonArray *services = json_object_has_member (counter, "services")
                      ? json_object_get_array_member (counter, "services") : NULL;

  for (guint i = 0; services != NULL && i < json_array_get_length (services); i++)
    if (g_strcmp0 (json_array_get_string_element (services, i), service) == 0)
      return TRUE;
  return FALSE;
}

/* A counter that calls people: open with a clerk logged in (busy with a
 * ticket or not: it calls again when done).  A paused or closed counter
 * calls nobody, and neither does a desk nobody sits at. */
static gboolean
counter_is_open (JsonObject *counter)
{
  return g_strcmp0 (loket_json_optional_string (counter, "state"), "open") == 0 &&
         loket_json_optional_string (counter, "clerk") != NULL;
}

/* A ticket's own promise (@key of its JSON: the minutes it was issued
 * with, kept through a charter change), or @fallback_usec, its service's,
 * for a ticket with none recorded. */
static gint64
own_promise (JsonObject *ticket, const char *key, gint64 fallback_usec)
{
  gint64 minutes = json_object_get_int_member_with_default (ticket, key, 0);

  return minutes > 0 ? minutes * USEC_PER_MINUTE : fallback_usec;
}

GArray *
loket_supervision_service_waits (const LoketSupervisionState *state)
{
  guint n = json_array_get_length (state->services);
  GArray *waits = g_array_sized_new (FALSE, TRUE, sizeof (LoketServiceWaits), n);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *service = json_array_get_object_element (state->services, i);
      LoketServiceWaits w = { 0 };

      w.service = loket_json_optional_string (service, "id");
      w.promised_usec = json_object_get_int_member_with_default (service, "promised_wait_minutes", 0)
                        * USEC_PER_MINUTE;
      for (guint c = 0; c < state->counters->len; c++)
        {
          JsonObject *counter = g_ptr_array_index (state->counters, c);

          if (counter_is_open (counter) && counter_calls (counter, w.service))
            w.open_counters++;
        }
      for (guint t = 0; t < state->tickets->len; t++)
        {
          JsonObject *ticket = g_ptr_array_index (state->tickets, t);
          LoketTicketState ts;
          LoketTimerLevel level;
          gint64 waited;

          ticket_state (ticket, &ts);
          if (!loket_ticket_state_is_waiting (ts) ||
              g_strcmp0 (loket_json_optional_string (ticket, "service"), w.service) != 0)
            continue;
          waited = state->now - json_object_get_int_member_with_default (ticket, "issued_at", state->now);
          level = loket_timer_level (waited, own_promise (ticket, "promised_wait_minutes", w.promised_usec));
          w.waiting++;
          /* The same judgement as the timers on every screen, each ticket
           * by its own promise. */
          if (level == LOKET_TIMER_OVERDUE)
            w.overdue++;
          w.longest_usec = MAX (w.longest_usec, waited);
          w.level = MAX (w.level, level);
        }
      g_array_append_val (waits, w);
    }
  return waits;
}

/* Kiosks and boards report their parts; anything but "ok" needs a
 * person, and so does a device that stopped reporting. */
static void
device_alerts (const LoketSupervisionState *state, GPtrArray *alerts)
{
  for (guint i = 0; i < state->devices->len; i++)
    {
      JsonObject *d = g_ptr_array_index (state->devices, i);
      const char *device = loket_json_optional_string (d, "device");
      const char *component = loket_json_optional_string (d, "component");
      const char *status = loket_json_optional_string (d, "state");
      const char *detail = loket_json_optional_string (d, "detail");
      gint64 updated = json_object_get_int_member_with_default (d, "updated_at", 0);

      if (g_strcmp0 (status, "ok") != 0)
        /* Translators: a device alert: "kiosk-1: printer: media-empty". */
        add_alert (alerts, LOKET_ALERT_DEVICE, device, json_object_get_int_member_with_default (d, "since", 0),
                   g_strcmp0 (status, "error") == 0,
                   g_strdup_printf (_("%s: %s: %s"), device, component, detail ? detail : status));
      if (updated > 0 && state->now - updated > LOKET_SUPERVISION_SILENT_USEC)
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
      JsonObject *service = json_array_get_object_element (state->services, i);

      if (w->waiting > 0 && w->open_counters == 0)
        /* Translators: nobody can be called for a service: "Akta
         * Kelahiran: 4 waiting and no open counter calls it". */
        add_alert (alerts, LOKET_ALERT_UNSERVED, w->service, 0, TRUE,
                   g_strdup_printf (ngettext ("%s: %u waiting and no open counter calls it",
                                              "%s: %u waiting and no open counter calls it", w->waiting),
                                    name_of (service), w->waiting));
      if (w->overdue > 0)
        /* Translators: "KTP-el: 3 waiting past the 30 min promise, the longest 41 min". */
        add_alert (alerts, LOKET_ALERT_WAIT_BREACH, w->service, state->now - w->longest_usec, TRUE,
                   g_strdup_printf (ngettext ("%s: %u waiting past the %d min promise, the longest %d min",
                                              "%s: %u waiting past the %d min promise, the longest %d min",
                                              w->overdue),
                                    name_of (service), w->overdue, (int) minutes (w->promised_usec),
                                    (int) minutes (w->longest_usec)));
    }
}

static JsonObject *
find_service (const LoketSupervisionState *state, const char *id)
{
  for (guint i = 0; i < json_array_get_length (state->services); i++)
    {
      JsonObject *o = json_array_get_object_element (state->services, i);

      if (g_strcmp0 (loket_json_optional_string (o, "id"), id) == 0)
        return o;
    }
  return NULL;
}

static JsonObject *
find_counter (const LoketSupervisionState *state, const char *id)
{
  for (guint i = 0; i < state->counters->len; i++)
    {
      JsonObject *o = g_ptr_array_index (state->counters, i);

      if (g_strcmp0 (loket_json_optional_string (o, "id"), id) == 0)
        return o;
    }
  return NULL;
}

static void
service_alerts (const LoketSupervisionState *state, GPtrArray *alerts)
{
  for (guint t = 0; t < state->tickets->len; t++)
    {
      JsonObject *ticket = g_ptr_array_index (state->tickets, t);
      JsonObject *service = find_service (state, loket_json_optional_string (ticket, "service"));
      JsonObject *counter = find_counter (state, loket_json_optional_string (ticket, "counter"));
      gint64 started = json_object_get_int_member_with_default (ticket, "started_at", 0);
      gint64 promised = own_promise (ticket, "promised_service_minutes",
                                     service ? json_object_get_int_member_with_default (service, "promised_service_minutes", 0)
                                               * USEC_PER_MINUTE : 0);
      LoketTicketState ts;

      ticket_state (ticket, &ts);
      if (ts != LOKET_TICKET_SERVING || started == 0 ||
          loket_timer_level (state->now - started, promised) != LOKET_TIMER_OVERDUE)
        continue;
      /* Translators: "Loket 2: A-004 (KTP-el) in service for 22 min, promised 15". */
      add_alert (alerts, LOKET_ALERT_SERVICE_BREACH, loket_json_optional_string (ticket, "counter"), started, FALSE,
                 g_strdup_printf (_("%s: %s (%s) in service for %d min, promised %d"),
                                  name_of (counter), loket_json_optional_string (ticket, "number"),
                                  name_of (service), (int) minutes (state->now - started),
                                  (int) minutes (promised)));
    }
}

static void
pause_alerts (const LoketSupervisionState *state, GPtrArray *alerts)
{
  for (guint c = 0; c < state->counters->len; c++)
    {
      JsonObject *counter = g_ptr_array_index (state->counters, c);
      gint64 since = json_object_get_int_member_with_default (counter, "paused_since", 0);
      const char *reason = loket_json_optional_string (counter, "pause_reason");

      if (g_strcmp0 (loket_json_optional_string (counter, "state"), "paused") != 0 || since == 0 ||
          state->now - since <= LOKET_SUPERVISION_LONG_PAUSE_USEC)
        continue;
      /* Translators: "Loket 3 (budi) paused for 47 min: Break". */
      add_alert (alerts, LOKET_ALERT_LONG_PAUSE, loket_json_optional_string (counter, "id"), since, FALSE,
                 g_strdup_printf (_("%s (%s) paused for %d min: %s"), name_of (counter),
                                  loket_json_optional_string (counter, "clerk") ?: "-",
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
  wait_alerts (state, alerts);
  service_alerts (state, alerts);
  pause_alerts (state, alerts);
  /* Stable: within a kind, the charter's order of services and counters. */
  g_ptr_array_sort (alerts, by_kind);
  return alerts;
}
