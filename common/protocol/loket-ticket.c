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

/* Every member of a ticket on the wire, in order, with where it lives in
 * LoketTicket: to_json, append_json_members, from_json, copy and free
 * all walk this one table, so a new field is one row here (and one in
 * docs/protocol.md).  `prefix` is the member's name with its leading
 * comma and quotes, one literal, for the text writer (it runs 20 times a
 * ticket for a list of thousands). */
typedef enum {
  MEMBER_STRING,   /* char *, NULL written as null */
  MEMBER_INT64,
  MEMBER_UINT,
  MEMBER_LABEL,    /* "A-007", made of series and number */
  MEMBER_STATE,
  MEMBER_OUTCOME,
} MemberKind;

typedef struct {
  const char *prefix;
  gsize       prefix_len;
  const char *name;
  MemberKind  kind;
  gsize       offset;
} TicketMember;

#define MEMBER(name, kind, field) \
  { ",\"" name "\":", sizeof (",\"" name "\":") - 1, name, kind, G_STRUCT_OFFSET (LoketTicket, field) }

static const TicketMember members[] = {
  MEMBER ("id", MEMBER_INT64, id),
  MEMBER ("number", MEMBER_LABEL, number),
  MEMBER ("series", MEMBER_STRING, series),
  MEMBER ("seq_number", MEMBER_UINT, number),
  MEMBER ("service_day", MEMBER_STRING, service_day),
  MEMBER ("service", MEMBER_STRING, service),
  MEMBER ("issued_service", MEMBER_STRING, issued_service),
  MEMBER ("priority", MEMBER_STRING, priority),
  MEMBER ("state", MEMBER_STATE, state),
  MEMBER ("issued_at", MEMBER_INT64, issued_at),
  MEMBER ("arrival_at", MEMBER_INT64, arrival_at),
  MEMBER ("called_at", MEMBER_INT64, called_at),
  MEMBER ("started_at", MEMBER_INT64, started_at),
  MEMBER ("finished_at", MEMBER_INT64, finished_at),
  MEMBER ("counter", MEMBER_STRING, counter),
  MEMBER ("clerk", MEMBER_STRING, clerk),
  MEMBER ("recalls", MEMBER_UINT, recalls),
  MEMBER ("transfers", MEMBER_UINT, transfers),
  MEMBER ("outcome", MEMBER_OUTCOME, outcome),
  MEMBER ("device", MEMBER_STRING, device),
  MEMBER ("charter_version", MEMBER_UINT, charter_version),
  MEMBER ("promised_wait_minutes", MEMBER_UINT, promised_wait_minutes),
  MEMBER ("promised_service_minutes", MEMBER_UINT, promised_service_minutes),
};

#define STRING_AT(ticket, m) (*(char **) G_STRUCT_MEMBER_P ((ticket), (m)->offset))

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
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (members[i].kind == MEMBER_STRING)
      g_free (STRING_AT (self, &members[i]));
  g_free (self);
}

LoketTicket *
loket_ticket_copy (const LoketTicket *ticket)
{
  LoketTicket *copy = g_memdup2 (ticket, sizeof *ticket);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (members[i].kind == MEMBER_STRING)
      STRING_AT (copy, &members[i]) = g_strdup (STRING_AT (copy, &members[i]));
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

/* A member's value as text for the wire, for the kinds that are text. */
static const char *
member_text (const LoketTicket  *t,
             const TicketMember *m,
             const char         *label)
{
  switch (m->kind)
    {
    case MEMBER_STRING: return STRING_AT ((LoketTicket *) t, m);
    case MEMBER_LABEL: return label;
    case MEMBER_STATE: return loket_ticket_state_to_string (t->state);
    case MEMBER_OUTCOME: return loket_outcome_to_string (t->outcome);
    case MEMBER_INT64:
    case MEMBER_UINT:
    default: g_assert_not_reached ();
    }
}

static gint64
member_integer (const LoketTicket  *t,
                const TicketMember *m)
{
  gconstpointer at = G_STRUCT_MEMBER_P ((gpointer) t, m->offset);

  return m->kind == MEMBER_UINT ? (gint64) *(const guint *) at : *(const gint64 *) at;
}

static gboolean
member_is_integer (const TicketMember *m)
{
  return m->kind == MEMBER_INT64 || m->kind == MEMBER_UINT;
}

JsonObject *
loket_ticket_to_json (const LoketTicket *t)
{
  JsonObject *o = json_object_new ();
  g_autofree char *label = loket_ticket_get_label (t);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const TicketMember *m = &members[i];

      if (member_is_integer (m))
        json_object_set_int_member (o, m->name, member_integer (t, m));
      else
        loket_json_set_nullable_string (o, m->name, member_text (t, m, label));
    }
  return o;
}

void
loket_ticket_append_json_members (const LoketTicket *t,
                                  GString           *out)
{
  g_autofree char *label = loket_ticket_get_label (t);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const TicketMember *m = &members[i];

      /* The first member has no comma before it. */
      if (i == 0)
        g_string_append_len (out, m->prefix + 1, m->prefix_len - 1);
      else
        g_string_append_len (out, m->prefix, m->prefix_len);
      if (member_is_integer (m))
        loket_json_append_int (out, member_integer (t, m));
      else
        loket_json_append_string (out, member_text (t, m, label));
    }
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
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const TicketMember *m = &members[i];
      gpointer at = G_STRUCT_MEMBER_P (t, m->offset);

      switch (m->kind)
        {
        case MEMBER_STRING:
          *(char **) at = g_strdup (loket_json_optional_string (o, m->name));
          break;
        case MEMBER_INT64:
          *(gint64 *) at = loket_json_optional_int (o, m->name, 0);
          break;
        case MEMBER_UINT:
          *(guint *) at = (guint) loket_json_optional_int (o, m->name, 0);
          break;
        case MEMBER_OUTCOME:
          loket_outcome_from_string (loket_json_optional_string (o, m->name), &t->outcome);
          break;
        case MEMBER_LABEL:  /* made of series and number */
        case MEMBER_STATE:  /* required, read above */
        default:
          break;
        }
    }
  return g_steal_pointer (&t);
}
