/* loket-gen-day.c — one synthetic service day, simulated event by event.
 *
 * Citizens arrive at the given times; each counter, when it is free,
 * takes a pause that is due, or calls the first in line of its services
 * (priority first, then by arrival), and the ticket goes its way: served,
 * absent after the recalls the charter allows, transferred once to
 * another service (keeping its arrival time), or voided by a supervisor
 * while still waiting.  Events are applied in time order, and each one is
 * written as loketd writes it: the ticket and counter rows updated, one
 * hash-chained event appended with the same payload shape.  The numbers
 * come from loket_store_next_number, like a kiosk's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-gen"

#include "loket-gen.h"
#include "loket-message.h"

#include <math.h>

#define SEC ((gint64) G_USEC_PER_SEC)
#define MINUTE (60 * SEC)

#define SHARE_PRIORITY 0.10
#define SHARE_NOSHOW   0.05
#define SHARE_TRANSFER 0.02
#define SHARE_VOID     0.003
#define KIOSKS 2

typedef enum { E_ARRIVE, E_PRINT, E_VOID, E_FREE, E_RECALL, E_NOSHOW,
               E_START, E_TRANSFER, E_FINISH, E_RESUME } Kind;

typedef enum { FATE_SERVE, FATE_NOSHOW, FATE_TRANSFER } Fate;

/* A citizen's ticket and what will become of it. */
typedef struct {
  LoketTicket  *t;
  guint         svc;          /* index of its current service */
  gboolean      queued;
  Fate          fate;
  guint         transfer_to;
  LoketOutcome  outcome;
  gint64        service_usec;
} Tk;

/* A counter during the day. */
typedef struct {
  LoketGenCounter   *def;
  LoketCounterState *state;
  Tk                *current;
  guint             *svc;     /* service indexes it calls */
  guint              n_svc;
  guint              next_pause;
  guint              token;   /* a wake-up with an older token is stale */
  gboolean           idle;
  gboolean           gone;
} Desk;

typedef struct {
  gint64   time;
  guint64  order;             /* ties in arrival order: deterministic */
  Kind     kind;
  gpointer what;              /* Tk* or Desk* */
  guint    token;
} Ev;

typedef struct {
  LoketGenYear *year;
  const char   *day;
  GPtrArray    *services;     /* the charter's, borrowed */
  GArray       *heap;         /* Ev */
  guint64       order;
  GQueue       *queues;       /* 2 per service: regular, priority */
  Desk         *desks;
  guint         n_desks;
  GPtrArray    *tickets;      /* Tk*, owned */
  gint64        close;
} Day;

/* ---- the event heap ----------------------------------------------------- */

static gboolean
ev_before (const Ev *a, const Ev *b)
{
  return a->time < b->time || (a->time == b->time && a->order < b->order);
}

static void
push (Day *day, gint64 time, Kind kind, gpointer what, guint token)
{
  Ev ev = { time, day->order++, kind, what, token };
  guint i;

  g_array_append_val (day->heap, ev);
  for (i = day->heap->len - 1; i > 0; )
    {
      guint parent = (i - 1) / 2;
      Ev *a = &g_array_index (day->heap, Ev, i), *p = &g_array_index (day->heap, Ev, parent);

      if (!ev_before (a, p))
        break;
      ev = *a, *a = *p, *p = ev;
      i = parent;
    }
}

static Ev
pop (Day *day)
{
  Ev top = g_array_index (day->heap, Ev, 0);
  guint n = day->heap->len - 1, i = 0;

  g_array_index (day->heap, Ev, 0) = g_array_index (day->heap, Ev, n);
  g_array_set_size (day->heap, n);
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      Ev tmp;

      if (l < n && ev_before (&g_array_index (day->heap, Ev, l), &g_array_index (day->heap, Ev, m)))
        m = l;
      if (r < n && ev_before (&g_array_index (day->heap, Ev, r), &g_array_index (day->heap, Ev, m)))
        m = r;
      if (m == i)
        break;
      tmp = g_array_index (day->heap, Ev, i);
      g_array_index (day->heap, Ev, i) = g_array_index (day->heap, Ev, m);
      g_array_index (day->heap, Ev, m) = tmp;
      i = m;
    }
  return top;
}

/* ---- random draws ------------------------------------------------------- */

static double
normal (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-12, 1.0), v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2 * G_PI * v);
}

/* Service times: log-normal around two thirds of the promise, so that
 * most are kept and about one in seven is not. */
static gint64
draw_service_usec (GRand *rand, const LoketServiceDef *s)
{
  double median = MAX (s->promised_service_minutes, 2) * 0.65;
  double minutes = median * exp (0.42 * normal (rand));

  return (gint64) (MAX (minutes, 1.0) * MINUTE) + g_rand_int_range (rand, 0, 60) * SEC;
}

static guint
draw_service (Day *day)
{
  double x = g_rand_double (day->year->rand);
  guint i = 0;

  while (i + 1 < day->services->len && x >= day->year->service_mix[i])
    i++;
  return i;
}

/* ---- writing through the store ------------------------------------------ */

static JsonObject *
counter_json (const Desk *desk)
{
  JsonObject *o = loket_counter_state_to_json (desk->state);
  JsonArray *services = json_array_new ();

  loket_json_set_nullable_string (o, "name", desk->def->name);
  for (guint i = 0; desk->def->services[i] != NULL; i++)
    json_array_add_string_element (services, desk->def->services[i]);
  json_object_set_array_member (o, "services", services);
  return o;
}

/* One event in the shape loketd gives it (server/loket-office.c). */
static gboolean
emit (Day *day, gint64 now, const char *type, const char *actor, const char *device,
      const Tk *tk, const Desk *desk, const char *reason, JsonObject *extra, GError **error)
{
  g_autoptr(JsonObject) event = extra ? json_object_ref (extra) : json_object_new ();

  json_object_set_int_member (event, "v", 1);
  json_object_set_string_member (event, "type", type);
  json_object_set_string_member (event, "actor", actor);
  json_object_set_string_member (event, "device", device);
  json_object_set_string_member (event, "service_day", day->day);
  if (tk != NULL)
    json_object_set_object_member (event, "ticket", loket_ticket_to_json (tk->t));
  if (desk != NULL)
    json_object_set_object_member (event, "counter", counter_json (desk));
  if (reason != NULL)
    json_object_set_string_member (event, "reason", reason);
  if (loket_store_append_event (day->year->store, now, actor, device, type,
                                tk ? tk->t->id : 0, event, error) == 0)
    return FALSE;
  day->year->events++;
  return TRUE;
}

static const char *
desk_device (const Desk *desk)
{
  return desk->def->id;
}

/* A counter's act on its ticket: both rows saved, one event. */
static gboolean
desk_emit (Day *day, gint64 now, Desk *desk, Tk *tk, const char *type, const char *reason,
           JsonObject *extra, GError **error)
{
  return (tk == NULL || loket_store_update_ticket (day->year->store, tk->t, error)) &&
         loket_store_put_counter (day->year->store, desk->state, error) &&
         emit (day, now, type, desk->def->clerk, desk_device (desk), tk, desk, reason, extra, error);
}

/* ---- queues ------------------------------------------------------------- */

static gint
by_arrival (gconstpointer a, gconstpointer b, gpointer data)
{
  const LoketTicket *x = ((const Tk *) a)->t, *y = ((const Tk *) b)->t;

  if (x->arrival_at != y->arrival_at)
    return x->arrival_at < y->arrival_at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static GQueue *
queue_of (Day *day, const Tk *tk)
{
  return &day->queues[2 * tk->svc + (tk->t->priority != NULL)];
}

static void
enqueue (Day *day, gint64 now, Tk *tk)
{
  g_queue_insert_sorted (queue_of (day, tk), tk, by_arrival, NULL);
  tk->queued = TRUE;
  for (guint i = 0; i < day->n_desks; i++)
    {
      Desk *desk = &day->desks[i];

      for (guint j = 0; desk->idle && j < desk->n_svc; j++)
        if (desk->svc[j] == tk->svc)
          {
            desk->idle = FALSE;
            push (day, now, E_FREE, desk, ++desk->token);
          }
    }
}

/* The first in line for @desk: priority first, then by arrival. */
static Tk *
take_next (Day *day, Desk *desk)
{
  for (guint kind = 2; kind-- > 0; )
    {
      GQueue *best = NULL;

      for (guint j = 0; j < desk->n_svc; j++)
        {
          GQueue *q = &day->queues[2 * desk->svc[j] + kind];

          if (!g_queue_is_empty (q) &&
              (best == NULL || by_arrival (g_queue_peek_head (q), g_queue_peek_head (best), NULL) < 0))
            best = q;
        }
      if (best != NULL)
        {
          Tk *tk = g_queue_pop_head (best);

          tk->queued = FALSE;
          return tk;
        }
    }
  return NULL;
}

/* ---- what happens to a ticket ------------------------------------------- */

static gboolean
on_arrive (Day *day, gint64 now, GError **error)
{
  GRand *rand = day->year->rand;
  Tk *tk = g_new0 (Tk, 1);
  const LoketServiceDef *s;
  g_autofree char *kiosk = g_strdup_printf ("kiosk%d", g_rand_int_range (rand, 1, KIOSKS + 1));
  double fate = g_rand_double (rand);

  g_ptr_array_add (day->tickets, tk);
  tk->svc = draw_service (day);
  s = g_ptr_array_index (day->services, tk->svc);
  tk->t = loket_ticket_new ();
  tk->t->service_day = g_strdup (day->day);
  tk->t->series = g_strdup (s->series);
  tk->t->service = g_strdup (s->id);
  tk->t->issued_service = g_strdup (s->id);
  if (s->priority_groups[0] != NULL && g_rand_double (rand) < SHARE_PRIORITY)
    tk->t->priority = g_strdup (s->priority_groups[g_rand_int_range (rand, 0, g_strv_length (s->priority_groups))]);
  tk->t->state = LOKET_TICKET_ISSUED;
  tk->t->issued_at = tk->t->arrival_at = now;
  tk->t->device = g_strdup (kiosk);
  /* Issued under the charter's first version, its promise travelling
   * with it, as loketd's tickets are: the regional centre judges a ticket
   * by what its events carry (docs/region.md). */
  tk->t->charter_version = 1;
  tk->t->promised_wait_minutes = s->promised_wait_minutes;
  tk->t->promised_service_minutes = s->promised_service_minutes;
  tk->fate = fate < SHARE_NOSHOW ? FATE_NOSHOW
           : fate < SHARE_NOSHOW + SHARE_TRANSFER && day->services->len > 1 ? FATE_TRANSFER
           : FATE_SERVE;
  tk->transfer_to = (tk->svc + 1 + g_rand_int_range (rand, 0, MAX (day->services->len - 1, 1)))
                    % day->services->len;
  tk->outcome = g_rand_double (rand) < 0.93 ? LOKET_OUTCOME_SERVED
              : g_rand_boolean (rand) ? LOKET_OUTCOME_INCOMPLETE : LOKET_OUTCOME_REFERRED;
  tk->service_usec = draw_service_usec (rand, g_ptr_array_index (day->services, tk->transfer_to));
  if (tk->fate != FATE_TRANSFER)
    tk->service_usec = draw_service_usec (rand, s);
  if (!loket_store_next_number (day->year->store, day->day, s->series, &tk->t->number, error) ||
      !loket_store_insert_ticket (day->year->store, tk->t, error) ||
      !emit (day, now, "ISSUED", kiosk, kiosk, tk, NULL, NULL, NULL, error))
    return FALSE;
  day->year->tickets++;
  push (day, now + g_rand_int_range (rand, 2, 6) * SEC, E_PRINT, tk, 0);
  if (g_rand_double (rand) < SHARE_VOID)
    push (day, now + g_rand_int_range (rand, 5, 40) * MINUTE, E_VOID, tk, 0);
  enqueue (day, now, tk);
  return TRUE;
}

/* A slow printer may report after the call: logged, the state kept. */
static gboolean
on_print (Day *day, gint64 now, Tk *tk, GError **error)
{
  if (tk->t->state == LOKET_TICKET_ISSUED)
    tk->t->state = LOKET_TICKET_PRINTED;
  return loket_store_update_ticket (day->year->store, tk->t, error) &&
         emit (day, now, "PRINTED", tk->t->device, tk->t->device, tk, NULL, NULL, NULL, error);
}

/* A supervisor voids a ticket still waiting (a citizen who took two). */
static gboolean
on_void (Day *day, gint64 now, Tk *tk, GError **error)
{
  if (!tk->queued)
    return TRUE;
  g_queue_remove (queue_of (day, tk), tk);
  tk->queued = FALSE;
  tk->t->state = LOKET_TICKET_VOID;
  tk->t->finished_at = now;
  return loket_store_update_ticket (day->year->store, tk->t, error) &&
         emit (day, now, "VOIDED", "supervisor", "supervisor", tk, NULL,
               "took a second ticket by mistake", NULL, error);
}

/* ---- what a counter does ------------------------------------------------ */

static gboolean
call (Day *day, gint64 now, Desk *desk, Tk *tk, GError **error)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  GRand *rand = day->year->rand;

  tk->t->state = LOKET_TICKET_CALLED;
  if (tk->t->called_at == 0)
    tk->t->called_at = now;
  g_free (tk->t->counter);
  tk->t->counter = g_strdup (desk->def->id);
  g_free (tk->t->clerk);
  tk->t->clerk = g_strdup (desk->def->clerk);
  desk->state->current_ticket = tk->t->id;
  desk->current = tk;
  json_object_set_boolean_member (extra, "out_of_order", FALSE);
  json_object_set_string_member (extra, "routing", tk->t->priority ? "priority-turn" : "regular-turn");
  if (!desk_emit (day, now, desk, tk, "CALLED", NULL, extra, error))
    return FALSE;
  if (tk->fate == FATE_NOSHOW)
    push (day, now + 90 * SEC, E_RECALL, desk, 0);
  else
    push (day, now + g_rand_int_range (rand, 20, 120) * SEC, E_START, desk, 0);
  return TRUE;
}

static gboolean
pause_desk (Day *day, gint64 now, Desk *desk, GError **error)
{
  LoketGenPause *p = &g_array_index (desk->def->pauses, LoketGenPause, desk->next_pause++);

  desk->state->state = LOKET_COUNTER_PAUSED;
  g_free (desk->state->pause_reason);
  desk->state->pause_reason = g_strdup (p->reason);
  desk->state->paused_since = now;
  push (day, now + p->usec, E_RESUME, desk, 0);
  return desk_emit (day, now, desk, NULL, "PAUSED", p->reason, NULL, error);
}

static gboolean
on_resume (Day *day, gint64 now, Desk *desk, GError **error)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  gint64 paused = now - desk->state->paused_since;

  if (g_strcmp0 (desk->state->pause_day, day->day) != 0)
    {
      g_free (desk->state->pause_day);
      desk->state->pause_day = g_strdup (day->day);
      desk->state->pause_total_usec = 0;
    }
  desk->state->pause_total_usec += paused;
  json_object_set_int_member (extra, "paused_usec", paused);
  json_object_set_string_member (extra, "pause_reason", desk->state->pause_reason);
  desk->state->state = LOKET_COUNTER_OPEN;
  g_clear_pointer (&desk->state->pause_reason, g_free);
  desk->state->paused_since = 0;
  push (day, now, E_FREE, desk, ++desk->token);
  return desk_emit (day, now, desk, NULL, "RESUMED", NULL, extra, error);
}

static gboolean
log_out (Day *day, gint64 now, Desk *desk, GError **error)
{
  g_autoptr(JsonObject) extra = json_object_new ();

  json_object_set_string_member (extra, "clerk_name", desk->def->clerk_name);
  desk->state->state = LOKET_COUNTER_CLOSED;
  g_clear_pointer (&desk->state->clerk, g_free);
  desk->gone = TRUE;
  return desk_emit (day, now, desk, NULL, "LOGGED_OUT", NULL, extra, error);
}

/* Free: a due pause, else the next ticket, else wait (for an arrival, the
 * next pause or closing time), or log out once the day is done. */
static gboolean
on_free (Day *day, gint64 now, Desk *desk, guint token, GError **error)
{
  GArray *pauses = desk->def->pauses;
  gint64 wake = day->close;
  Tk *tk;

  if (desk->gone || token != desk->token)
    return TRUE;
  desk->idle = FALSE;
  if (desk->next_pause < pauses->len && now < day->close &&
      g_array_index (pauses, LoketGenPause, desk->next_pause).start <= now)
    return pause_desk (day, now, desk, error);
  if ((tk = take_next (day, desk)) != NULL)
    return call (day, now, desk, tk, error);
  if (now >= day->close)
    return log_out (day, now, desk, error);
  if (desk->next_pause < pauses->len)
    wake = MIN (wake, g_array_index (pauses, LoketGenPause, desk->next_pause).start);
  desk->idle = TRUE;
  push (day, MAX (wake, now), E_FREE, desk, ++desk->token);
  return TRUE;
}

static gboolean
on_recall (Day *day, gint64 now, Desk *desk, GError **error)
{
  Tk *tk = desk->current;

  tk->t->recalls++;
  if (tk->t->recalls < loket_charter_get_recall_limit (day->year->charter))
    push (day, now + 90 * SEC, E_RECALL, desk, 0);
  else
    push (day, now + 60 * SEC, E_NOSHOW, desk, 0);
  return desk_emit (day, now, desk, tk, "RECALLED", NULL, NULL, error);
}

/* The ticket leaves the counter: no-show, transfer or finish. */
static gboolean
release (Day *day, gint64 now, Desk *desk, const char *type, const char *reason, GError **error)
{
  Tk *tk = desk->current;

  desk->state->current_ticket = 0;
  desk->current = NULL;
  push (day, now, E_FREE, desk, ++desk->token);
  return desk_emit (day, now, desk, tk, type, reason, NULL, error);
}

static gboolean
on_noshow (Day *day, gint64 now, Desk *desk, GError **error)
{
  desk->current->t->state = LOKET_TICKET_NO_SHOW;
  desk->current->t->finished_at = now;
  return release (day, now, desk, "NO_SHOW", NULL, error);
}

static gboolean
on_start (Day *day, gint64 now, Desk *desk, GError **error)
{
  Tk *tk = desk->current;

  tk->t->state = LOKET_TICKET_SERVING;
  tk->t->started_at = now;
  if (tk->fate == FATE_TRANSFER)
    push (day, now + g_rand_int_range (day->year->rand, 2, 6) * MINUTE, E_TRANSFER, desk, 0);
  else
    push (day, now + tk->service_usec, E_FINISH, desk, 0);
  return desk_emit (day, now, desk, tk, "STARTED", NULL, NULL, error);
}

static gboolean
on_transfer (Day *day, gint64 now, Desk *desk, GError **error)
{
  Tk *tk = desk->current;
  const LoketServiceDef *target = g_ptr_array_index (day->services, tk->transfer_to);

  g_free (tk->t->service);
  tk->t->service = g_strdup (target->id);
  tk->t->state = LOKET_TICKET_WAITING;
  tk->t->started_at = 0;
  tk->t->transfers++;
  g_clear_pointer (&tk->t->counter, g_free);
  tk->svc = tk->transfer_to;
  tk->fate = FATE_SERVE;
  if (!release (day, now, desk, "TRANSFERRED", "needs another service", error))
    return FALSE;
  enqueue (day, now, tk);
  return TRUE;
}

static gboolean
on_finish (Day *day, gint64 now, Desk *desk, GError **error)
{
  desk->current->t->state = LOKET_TICKET_DONE;
  desk->current->t->outcome = desk->current->outcome;
  desk->current->t->finished_at = now;
  return release (day, now, desk, "FINISHED", NULL, error);
}

/* ---- the day ------------------------------------------------------------ */

static gboolean
dispatch (Day *day, Ev *ev, GError **error)
{
  switch (ev->kind)
    {
    case E_ARRIVE:   return on_arrive (day, ev->time, error);
    case E_PRINT:    return on_print (day, ev->time, ev->what, error);
    case E_VOID:     return on_void (day, ev->time, ev->what, error);
    case E_FREE:     return on_free (day, ev->time, ev->what, ev->token, error);
    case E_RECALL:   return on_recall (day, ev->time, ev->what, error);
    case E_NOSHOW:   return on_noshow (day, ev->time, ev->what, error);
    case E_START:    return on_start (day, ev->time, ev->what, error);
    case E_TRANSFER: return on_transfer (day, ev->time, ev->what, error);
    case E_FINISH:   return on_finish (day, ev->time, ev->what, error);
    case E_RESUME:   return on_resume (day, ev->time, ev->what, error);
    default:         g_assert_not_reached ();
    }
}

/* Clerks log in a few minutes before opening, in counter order. */
static gboolean
open_desks (Day *day, gint64 open, GError **error)
{
  for (guint i = 0; i < day->n_desks; i++)
    {
      Desk *desk = &day->desks[i];
      g_autoptr(JsonObject) extra = json_object_new ();

      desk->def = g_ptr_array_index (day->year->counters, i);
      desk->state = loket_store_get_counter (day->year->store, desk->def->id, error);
      if (desk->state == NULL)
        return FALSE;
      desk->n_svc = g_strv_length (desk->def->services);
      desk->svc = g_new0 (guint, desk->n_svc);
      for (guint j = 0; j < desk->n_svc; j++)
        for (guint k = 0; k < day->services->len; k++)
          if (g_str_equal (desk->def->services[j],
                           ((LoketServiceDef *) g_ptr_array_index (day->services, k))->id))
            desk->svc[j] = k;
      desk->state->state = LOKET_COUNTER_OPEN;
      g_free (desk->state->clerk);
      desk->state->clerk = g_strdup (desk->def->clerk);
      json_object_set_string_member (extra, "clerk_name", desk->def->clerk_name);
      json_object_set_null_member (extra, "handover_from");
      if (!desk_emit (day, open - 10 * MINUTE + i * SEC, desk, NULL, "LOGGED_IN", NULL, extra, error))
        return FALSE;
      push (day, open, E_FREE, desk, desk->token);
    }
  return TRUE;
}

static void
day_clear (Day *day)
{
  for (guint i = 0; i < day->n_desks; i++)
    {
      g_clear_pointer (&day->desks[i].state, loket_counter_state_free);
      g_free (day->desks[i].svc);
    }
  g_free (day->desks);
  for (guint i = 0; i < 2 * day->services->len; i++)
    g_queue_clear (&day->queues[i]);
  g_free (day->queues);
  g_array_unref (day->heap);
  g_ptr_array_unref (day->tickets);
}

static void
tk_free (gpointer data)
{
  Tk *tk = data;

  loket_ticket_free (tk->t);
  g_free (tk);
}

gboolean
loket_gen_day (LoketGenYear *year,
               const char   *service_day,
               GArray       *arrivals,
               gint64        open,
               gint64        close,
               GError      **error)
{
  Day day = { year, service_day, loket_charter_get_services (year->charter) };
  gboolean ok;

  day.heap = g_array_new (FALSE, FALSE, sizeof (Ev));
  day.queues = g_new0 (GQueue, 2 * day.services->len);
  day.n_desks = year->counters->len;
  day.desks = g_new0 (Desk, day.n_desks);
  day.tickets = g_ptr_array_new_with_free_func (tk_free);
  day.close = close;
  ok = open_desks (&day, open, error);
  for (guint i = 0; ok && i < arrivals->len; i++)
    push (&day, g_array_index (arrivals, gint64, i), E_ARRIVE, NULL, 0);
  while (ok && day.heap->len > 0)
    {
      Ev ev = pop (&day);

      ok = dispatch (&day, &ev, error);
    }
  day_clear (&day);
  return ok;
}
