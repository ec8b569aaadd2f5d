/* loket-ticket.c — ticket values, their names on the wire and in the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-ticket.h"
#include "loket-error.h"
#include "loket-message.h"

static const char * const state_names[] = {
  [LOKET_TICKET_ISSUED] = "issued",
  [LOKET_TICKET_PRINTED] = "printed",
  [LOKET_TICKET_PRINT_FAILED] = "print-failed",
  [LOKET_TICKET_WAITING] = "waiting",
  [LOKET_TICKET_CALLED] = "called",
  [LOKET_TICKET_SERVING] = "serving",
  [LOKET_TICKET_DONE] = "done",
  [LOKET_TICKET_NO_SHOW] = "no-show",
  [LOKET_TICKET_VOID] = "void",
  [LOKET_TICKET_UNSERVED] = "unserved",
};

static const char * const outcome_names[] = {
  [LOKET_OUTCOME_NONE] = "none",
  [LOKET_OUTCOME_SERVED] = "served",
  [LOKET_OUTCOME_INCOMPLETE] = "incomplete",
  [LOKET_OUTCOME_REFERRED] = "referred",
};

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *str,
             guint              *value)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], str) == 0)
      {
        *value = i;
        return TRUE;
      }
  return FALSE;
}

const char *
loket_ticket_state_to_string (LoketTicketState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), "invalid");
  return state_names[state];
}

gboolean
loket_ticket_state_from_string (const char       *str,
                                LoketTicketState *state)
{
  guint value;

  if (!lookup_name (state_names, G_N_ELEMENTS (state_names), str, &value))
    return FALSE;
  *state = (LoketTicketState) value;
  return TRUE;
}

gboolean
loket_ticket_state_is_waiting (LoketTicketState state)
{
  return state == LOKET_TICKET_ISSUED || state == LOKET_TICKET_PRINTED ||
         state == LOKET_TICKET_PRINT_FAILED || state == LOKET_TICKET_WAITING;
}

gboolean
loket_ticket_state_is_final (LoketTicketState state)
{
  return state == LOKET_TICKET_DONE || state == LOKET_TICKET_NO_SHOW ||
         state == LOKET_TICKET_VOID || state == LOKET_TICKET_UNSERVED;
}

const char *
loket_outcome_to_string (LoketOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_names), "none");
  return outcome_names[outcome];
}

gboolean
loket_outcome_from_string (const char   *str,
                           LoketOutcome *outcome)
{
  guint value;

  if (!lookup_name (outcome_names, G_N_ELEMENTS (outcome_names), str, &value))
    return FALSE;
  *outcome = (LoketOutcome) value;
  return TRUE;
}

LoketTicket *
loket_ticket_new (void)
{
  return g_new0 (LoketTicket, 1);
}

void
loket_ticket_free (LoketTicket *self)
{
  if (self == NULL)
    return;
  g_free (self->service_day);
  g_free (self->series);
  g_free (self->service);
  g_free (self->issued_service);
  g_free (self->priority);
  g_free (self->counter);
  g_free (self->clerk);
  g_free (self->device);
  g_free (self);
}

LoketTicket *
loket_ticket_copy (const LoketTicket *ticket)
{
  LoketTicket *copy = g_memdup2 (ticket, sizeof *ticket);

  copy->service_day = g_strdup (ticket->service_day);
  copy->series = g_strdup (ticket->series);
  copy->service = g_strdup (ticket->service);
  copy->issued_service = g_strdup (ticket->issued_service);
  copy->priority = g_strdup (ticket->priority);
  copy->counter = g_strdup (ticket->counter);
  copy->clerk = g_strdup (ticket->clerk);
  copy->device = g_strdup (ticket->device);
  return copy;
}

char *
loket_ticket_format_number (const char *series,
                            guint       number)
{
  return g_strdup_printf ("%s-%03u", series, number);
}

char *
loket_ticket_get_label (const LoketTicket *ticket)
{
  return loket_ticket_format_number (ticket->series, ticket->number);
}

JsonObject *
loket_ticket_to_json (const LoketTicket *t)
{
  JsonObject *o = json_object_new ();
  g_autofree char *label = loket_ticket_get_label (t);

  json_object_set_int_member (o, "id", t->id);
  json_object_set_string_member (o, "number", label);
  json_object_set_string_member (o, "series", t->series);
  json_object_set_int_member (o, "seq_number", t->number);
  json_object_set_string_member (o, "service_day", t->service_day);
  json_object_set_string_member (o, "service", t->service);
  json_object_set_string_member (o, "issued_service", t->issued_service);
  loket_json_set_nullable_string (o, "priority", t->priority);
  json_object_set_string_member (o, "state", loket_ticket_state_to_string (t->state));
  json_object_set_int_member (o, "issued_at", t->issued_at);
  json_object_set_int_member (o, "arrival_at", t->arrival_at);
  json_object_set_int_member (o, "called_at", t->called_at);
  json_object_set_int_member (o, "started_at", t->started_at);
  json_object_set_int_member (o, "finished_at", t->finished_at);
  loket_json_set_nullable_string (o, "counter", t->counter);
  loket_json_set_nullable_string (o, "clerk", t->clerk);
  json_object_set_int_member (o, "recalls", t->recalls);
  json_object_set_int_member (o, "transfers", t->transfers);
  json_object_set_string_member (o, "outcome", loket_outcome_to_string (t->outcome));
  loket_json_set_nullable_string (o, "device", t->device);
  return o;
}

/* The name of a member after the first, with its comma, as one literal
 * (one append, no strlen: this runs 20 times a ticket for a list of
 * thousands); @name is a literal, never in need of escaping. */
#define APPEND_NAME(out, name) g_string_append_len ((out), ",\"" name "\":", sizeof (",\"" name "\":") - 1)
#define APPEND_INT(out, name, value) G_STMT_START { \
    APPEND_NAME (out, name); loket_json_append_int ((out), (value)); } G_STMT_END
#define APPEND_STRING(out, name, value) G_STMT_START { \
    APPEND_NAME (out, name); loket_json_append_string ((out), (value)); } G_STMT_END

void
loket_ticket_append_json_members (const LoketTicket *t,
                                  GString           *out)
{
  g_autofree char *label = loket_ticket_get_label (t);

  g_string_append (out, "\"id\":");
  loket_json_append_int (out, t->id);
  APPEND_STRING (out, "number", label);
  APPEND_STRING (out, "series", t->series);
  APPEND_INT (out, "seq_number", t->number);
  APPEND_STRING (out, "service_day", t->service_day);
  APPEND_STRING (out, "service", t->service);
  APPEND_STRING (out, "issued_service", t->issued_service);
  APPEND_STRING (out, "priority", t->priority);
  APPEND_STRING (out, "state", loket_ticket_state_to_string (t->state));
  APPEND_INT (out, "issued_at", t->issued_at);
  APPEND_INT (out, "arrival_at", t->arrival_at);
  APPEND_INT (out, "called_at", t->called_at);
  APPEND_INT (out, "started_at", t->started_at);
  APPEND_INT (out, "finished_at", t->finished_at);
  APPEND_STRING (out, "counter", t->counter);
  APPEND_STRING (out, "clerk", t->clerk);
  APPEND_INT (out, "recalls", t->recalls);
  APPEND_INT (out, "transfers", t->transfers);
  APPEND_STRING (out, "outcome", loket_outcome_to_string (t->outcome));
  APPEND_STRING (out, "device", t->device);
}

/* The inverse of loket_ticket_to_json(), for clients reading replies and
 * events.  Only the fields a ticket cannot do without are required. */
LoketTicket *
loket_ticket_from_json (JsonObject *o,
                        GError    **error)
{
  g_autoptr(LoketTicket) t = loket_ticket_new ();
  const char *state;

  if (!loket_json_require_int (o, "id", &t->id, error) ||
      loket_json_require_string (o, "series", error) == NULL ||
      loket_json_require_string (o, "service", error) == NULL ||
      (state = loket_json_require_string (o, "state", error)) == NULL)
    return NULL;
  if (!loket_ticket_state_from_string (state, &t->state))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "unknown ticket state \"%s\"", state);
      return NULL;
    }
  t->series = g_strdup (loket_json_optional_string (o, "series"));
  t->number = (guint) loket_json_optional_int (o, "seq_number", 0);
  t->service_day = g_strdup (loket_json_optional_string (o, "service_day"));
  t->service = g_strdup (loket_json_optional_string (o, "service"));
  t->issued_service = g_strdup (loket_json_optional_string (o, "issued_service"));
  t->priority = g_strdup (loket_json_optional_string (o, "priority"));
  t->issued_at = loket_json_optional_int (o, "issued_at", 0);
  t->arrival_at = loket_json_optional_int (o, "arrival_at", 0);
  t->called_at = loket_json_optional_int (o, "called_at", 0);
  t->started_at = loket_json_optional_int (o, "started_at", 0);
  t->finished_at = loket_json_optional_int (o, "finished_at", 0);
  t->counter = g_strdup (loket_json_optional_string (o, "counter"));
  t->clerk = g_strdup (loket_json_optional_string (o, "clerk"));
  t->recalls = (guint) loket_json_optional_int (o, "recalls", 0);
  t->transfers = (guint) loket_json_optional_int (o, "transfers", 0);
  loket_outcome_from_string (loket_json_optional_string (o, "outcome"), &t->outcome);
  t->device = g_strdup (loket_json_optional_string (o, "device"));
  return g_steal_pointer (&t);
}
