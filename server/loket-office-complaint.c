/* loket-office-complaint.c — complaints (pengaduan, docs/complaints.md):
 * filing one (COMPLAIN), following it by its token (COMPLAINT), the
 * supervisor's list with each clock (COMPLAINTS), and the steps staff
 * take on it (COMPLAINT_STEP).
 *
 * A complaint gets a receipt number, an unguessable token (the tracking
 * link) and a deadline: the charter's days for its category, counted in
 * the office's working days from the day after it was received.  When it
 * names a ticket, the server fills in the facts — how long the citizen
 * waited against the promise — rather than the citizen typing them.  The
 * name and contact go to their own table; the events carry a salted hash
 * for the person and SHA-256 digests of the texts, so the chain proves
 * what was received and answered without holding anything personal.  The
 * server commits before it replies (loket-server.c), so a receipt given
 * is a complaint on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office"

#include "loket-office-private.h"
#include "loket-complaint.h"
#include "loket-error.h"
#include "loket-life-cycle.h"
#include "loket-message.h"
#include "loket-token.h"

#include <stdio.h>
#include <string.h>

static const char *
channel_of (LoketRole role)
{
  switch (role)
    {
    case LOKET_ROLE_KIOSK:      return "kiosk";
    case LOKET_ROLE_SUPERVISOR: return "staff";
    case LOKET_ROLE_WEB:        return "web";
    default:                    return NULL;
    }
}

/* A text the citizen or a clerk typed: at most @max characters; an empty
 * one counts as absent unless @required. */
static gboolean
check_text (const char *field, const char *text, guint max, gboolean required, GError **error)
{
  const char *c = text;

  while (c != NULL && g_ascii_isspace (*c))
    c++;
  if (required && (c == NULL || *c == '\0'))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "field \"%s\": write something here", field);
      return FALSE;
    }
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "field \"%s\": not UTF-8 text", field);
      return FALSE;
    }
  if (text != NULL && g_utf8_strlen (text, -1) > max)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "field \"%s\": at most %u characters, this has %ld — please shorten it", field, max,
                   g_utf8_strlen (text, -1));
      return FALSE;
    }
  return TRUE;
}

static char *
sha256_of (const char *text)
{
  return text ? g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1) : NULL;
}

/* ---- filing ------------------------------------------------------------- */

/* The ticket a complaint names: by its token (the only way the web may
 * name one), or by id or number (a kiosk, staff). */
static LoketTicket *
find_ticket (Context *ctx, gboolean *named, GError **error)
{
  const char *token = office_body_optional (ctx, "ticket_token");
  JsonNode *number = json_object_get_member (ctx->request->body, "ticket");

  *named = TRUE;
  if (number != NULL && !JSON_NODE_HOLDS_NULL (number))
    {
      if (ctx->request->role == LOKET_ROLE_WEB)
        {
          g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                               "field \"ticket\": the web names a ticket by its token (\"ticket_token\")");
          return NULL;
        }
      return office_require_ticket (ctx, error);
    }
  if (token != NULL)
    {
      if (!loket_token_is_well_formed (token))
        {
          g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no ticket with that token");
          return NULL;
        }
      return loket_store_find_ticket_by_token (ctx->office->store, token, error);
    }
  *named = FALSE;
  return NULL;
}

/* The facts of the ticket: its wait (to its first call, or so far while
 * it still waits) against its promise, in minutes. */
static void
fill_facts (Context *ctx, LoketComplaint *c, LoketTicket *ticket)
{
  gint64 until = ticket->called_at > 0 ? ticket->called_at
               : loket_ticket_state_is_waiting (ticket->state) ? ctx->request->now : 0;

  office_fill_promise (ctx, ticket);
  c->ticket = ticket->id;
  c->waited_minutes = until > 0 ? (gint) ((until - ticket->issued_at) / USEC_PER_MINUTE) : -1;
  c->promised_minutes = (gint) ticket->promised_wait_minutes;
}

static gboolean
fill_subject (Context *ctx, LoketComplaint *c, GError **error)
{
  const char *service = office_body_optional (ctx, "service");
  g_autoptr(LoketTicket) ticket = NULL;
  gboolean named;
  gint64 earlier;

  ticket = find_ticket (ctx, &named, error);
  if (named && ticket == NULL)
    return FALSE;
  c->waited_minutes = c->promised_minutes = -1;
  if (ticket == NULL)
    {
      if (service == NULL)
        {
          g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                               "field \"service\": a complaint without a ticket names the service it is about");
          return FALSE;
        }
      if (office_require_service (ctx, service, error) == NULL)
        return FALSE;
      c->service = g_strdup (service);
      return TRUE;
    }
  if ((earlier = loket_store_count_ticket_complaints (ctx->office->store, ticket->id, error)) < 0)
    return FALSE;
  if (earlier >= LOKET_COMPLAINT_PER_TICKET)
    {
      g_autofree char *label = loket_ticket_get_label (ticket);

      g_set_error (error, LOKET_ERROR, LOKET_ERROR_QUOTA,
                   "ticket %s already has %d complaints; staff at the office can take another", label,
                   LOKET_COMPLAINT_PER_TICKET);
      return FALSE;
    }
  c->service = g_strdup (service && g_strcmp0 (service, ticket->service) != 0 ? service : ticket->service);
  if (office_require_service (ctx, c->service, error) == NULL)
    return FALSE;
  fill_facts (ctx, c, ticket);
  return TRUE;
}

static gboolean
fill_complainant (Context *ctx, LoketComplaint *c, GError **error)
{
  const char *name = office_body_optional (ctx, "complainant");
  const char *contact = office_body_optional (ctx, "contact");

  if (!check_text ("complainant", name, LOKET_COMPLAINT_NAME_MAX, FALSE, error) ||
      !check_text ("contact", contact, LOKET_COMPLAINT_CONTACT_MAX, FALSE, error))
    return FALSE;
  if (name == NULL && contact == NULL && !loket_charter_get_complaints_anonymous (ctx->office->charter))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "field \"complainant\": this office takes complaints with a name and a way to reply "
                           "(\"contact\"), not anonymous ones");
      return FALSE;
    }
  c->name = g_strdup (name);
  c->contact = g_strdup (contact);
  c->person = loket_store_complainant_hash (ctx->office->store, name, contact, error);
  return c->person != NULL || (name == NULL && contact == NULL);
}

/* The deadline: the category's days after the day received, in working
 * days (opening days less Closed= dates). */
static gboolean
fill_deadline (Context *ctx, LoketComplaint *c, GError **error)
{
  LoketCharter *charter = ctx->office->charter;
  g_autoptr(GDateTime) local = loket_charter_local_time (charter, ctx->request->now);
  guint days = loket_charter_get_complaint_days (charter, c->category);

  c->deadline = local ? loket_opening_hours_add_working_days (loket_charter_get_opening_hours (charter), local, days)
                      : NULL;
  if (c->deadline == NULL)
    g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                         "the charter's opening hours have no working day to count a complaint's deadline in");
  return c->deadline != NULL;
}

static JsonObject *
facts_to_json (const LoketComplaint *c)
{
  JsonObject *facts = json_object_new ();

  json_object_set_int_member (facts, "ticket", c->ticket);
  json_object_set_int_member (facts, "waited_minutes", c->waited_minutes);
  json_object_set_int_member (facts, "promised_minutes", c->promised_minutes);
  return facts;
}

static gboolean
emit_complained (Context *ctx, const char *actor, const LoketComplaint *c, GError **error)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autofree char *digest = sha256_of (c->description);

  json_object_set_int_member (extra, "complaint", c->id);
  json_object_set_string_member (extra, "receipt", c->receipt);
  json_object_set_string_member (extra, "service", c->service);
  json_object_set_string_member (extra, "category", c->category);
  json_object_set_string_member (extra, "channel", c->channel);
  json_object_set_string_member (extra, "day", c->service_day);
  json_object_set_string_member (extra, "deadline", c->deadline);
  loket_json_set_nullable_string (extra, "person", c->person);
  json_object_set_object_member (extra, "facts", facts_to_json (c));
  json_object_set_string_member (extra, "description_sha256", digest);
  return office_emit (ctx, "COMPLAINED", actor, NULL, NULL, NULL, extra, error);
}

/* ---- what a reply shows ------------------------------------------------ */

static GDateTime *
day_at_noon (Context *ctx, const char *day)
{
  guint y, m, d;

  if (day == NULL || sscanf (day, "%4u-%2u-%2u", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new (loket_charter_get_time_zone (ctx->office->charter), (gint) y, (gint) m, (gint) d,
                          12, 0, 0);
}

/* The working days from the day @c was received to @day, by the office's
 * calendar: the figure the public statistics take the median of, and the
 * answering step's event carries so that the centre, which has no
 * calendar, counts as the office does. */
static guint
working_days_to (Context *ctx, const LoketComplaint *c, const char *day)
{
  g_autoptr(GDateTime) received = day_at_noon (ctx, c->service_day);
  g_autoptr(GDateTime) until = day_at_noon (ctx, day);

  if (received == NULL || until == NULL)
    return 0;
  return loket_opening_hours_working_days_between (loket_charter_get_opening_hours (ctx->office->charter),
                                                   received, until);
}

/* The clock the supervisor's view colours (loket_complaint_clock). */
static void
set_clock (Context *ctx, const LoketComplaint *c, JsonObject *o)
{
  LoketOpeningHours *hours = loket_charter_get_opening_hours (ctx->office->charter);
  g_autofree char *answered_day = c->answered_at ? loket_charter_service_day (ctx->office->charter,
                                                                              c->answered_at) : NULL;
  guint left = 0;
  LoketComplaintClock clock = loket_complaint_clock (hours, c->state, c->deadline, answered_day,
                                                     ctx->service_day, &left);

  json_object_set_string_member (o, "clock", loket_complaint_clock_to_string (clock));
  json_object_set_int_member (o, "working_days_left", left);
}

static JsonArray *
steps_to_json (GPtrArray *steps, gboolean full)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < steps->len; i++)
    {
      const LoketComplaintStep *s = g_ptr_array_index (steps, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "act", s->act);
      json_object_set_string_member (o, "state", s->to_state);
      json_object_set_int_member (o, "at", s->at);
      if (full)
        json_object_set_string_member (o, "staff", s->staff);
      loket_json_set_nullable_string (o, "note", full || s->is_public ? s->note : NULL);
      json_object_set_boolean_member (o, "public", s->is_public);
      json_array_add_object_element (array, o);
    }
  return array;
}

/* The complaint as a reply shows it: what the tracking page may show
 * (no name, contact or description), or with @full everything staff see. */
static JsonObject *
complaint_to_json (Context *ctx, const LoketComplaint *c, GPtrArray *steps, gboolean full)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "receipt", c->receipt);
  json_object_set_string_member (o, "office", loket_charter_get_office_name (ctx->office->charter));
  json_object_set_string_member (o, "service", c->service);
  json_object_set_string_member (o, "category", c->category);
  json_object_set_string_member (o, "channel", c->channel);
  json_object_set_int_member (o, "received_at", c->received_at);
  loket_json_set_nullable_string (o, "received_by", c->received_by);
  json_object_set_string_member (o, "day", c->service_day);
  json_object_set_string_member (o, "deadline", c->deadline);
  json_object_set_string_member (o, "state", loket_complaint_state_to_string (c->state));
  loket_json_set_nullable_string (o, "answer", c->answer);
  json_object_set_int_member (o, "answered_at", c->answered_at);
  json_object_set_object_member (o, "facts", facts_to_json (c));
  set_clock (ctx, c, o);
  if (full)
    {
      json_object_set_string_member (o, "description", c->description);
      loket_json_set_nullable_string (o, "name", c->name);
      loket_json_set_nullable_string (o, "contact", c->contact);
      json_object_set_boolean_member (o, "anonymous", c->person == NULL);
      json_object_set_boolean_member (o, "purged", c->purged);
      json_object_set_int_member (o, "closed_at", c->closed_at);
      loket_json_set_nullable_string (o, "receipt_print", c->receipt_print);
    }
  if (steps != NULL)
    json_object_set_array_member (o, "steps", steps_to_json (steps, full));
  return o;
}

JsonObject *
office_handle_complain (Context *ctx, GError **error)
{
  g_autoptr(LoketComplaint) c = g_new0 (LoketComplaint, 1);
  g_autoptr(GDateTime) local = loket_charter_local_time (ctx->office->charter, ctx->request->now);
  const char *actor = ctx->request->device;
  JsonObject *reply;

  if (ctx->request->role == LOKET_ROLE_SUPERVISOR && (actor = office_supervisor_actor (ctx, error)) == NULL)
    return NULL;
  c->channel = g_strdup (channel_of (ctx->request->role));
  c->category = g_strdup (office_body_string (ctx, "category", error));
  c->description = g_strdup (office_body_optional (ctx, "description"));
  c->received_at = ctx->request->now;
  c->received_by = ctx->request->role == LOKET_ROLE_SUPERVISOR ? g_strdup (actor) : NULL;
  c->service_day = g_strdup (ctx->service_day);
  c->state = LOKET_COMPLAINT_RECEIVED;
  if (c->channel == NULL || c->category == NULL || local == NULL ||
      !check_text ("description", c->description, LOKET_COMPLAINT_DESCRIPTION_MAX, TRUE, error) ||
      !fill_subject (ctx, c, error) || !fill_complainant (ctx, c, error) || !fill_deadline (ctx, c, error))
    return NULL;
  if ((c->token = loket_token_new (error)) == NULL ||
      (c->receipt = loket_store_next_complaint_receipt (ctx->office->store,
                                                        (guint) g_date_time_get_year (local), error)) == NULL ||
      !loket_store_add_complaint (ctx->office->store, c, actor, error) || !emit_complained (ctx, actor, c, error))
    return NULL;
  reply = complaint_to_json (ctx, c, NULL, FALSE);
  /* The receipt names the complainant (UU 25/2009); the reply goes to
   * whoever filed it, and the token is the tracking link's. */
  json_object_set_string_member (reply, "token", c->token);
  loket_json_set_nullable_string (reply, "name", c->name);
  json_object_set_string_member (reply, "received_at_device", ctx->request->device);
  return reply;
}

/* ---- following and listing --------------------------------------------- */

JsonObject *
office_handle_complaint (Context *ctx, GError **error)
{
  const char *token = office_body_optional (ctx, "token");
  const char *receipt = office_body_optional (ctx, "receipt");
  gboolean full = ctx->request->role == LOKET_ROLE_SUPERVISOR && token == NULL;
  g_autoptr(LoketComplaint) c = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  JsonObject *reply;

  if ((token == NULL) == (receipt == NULL) || (receipt != NULL && ctx->request->role != LOKET_ROLE_SUPERVISOR))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           ctx->request->role == LOKET_ROLE_SUPERVISOR
                           ? "give the complaint's \"token\" or its \"receipt\", one of the two"
                           : "field \"token\": a complaint is followed by its token");
      return NULL;
    }
  if (token != NULL && !loket_token_is_well_formed (token))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no complaint with that token");
      return NULL;
    }
  if ((c = loket_store_find_complaint (ctx->office->store, receipt, token, error)) == NULL ||
      (steps = loket_store_complaint_steps (ctx->office->store, c->id, error)) == NULL)
    return NULL;
  reply = json_object_new ();
  json_object_set_object_member (reply, "complaint", complaint_to_json (ctx, c, steps, full));
  return reply;
}

static gboolean
check_period (const char *day, GError **error)
{
  guint y, m, d;
  char end;

  if (day == NULL || (strlen (day) == 10 && sscanf (day, "%4u-%2u-%2u%c", &y, &m, &d, &end) == 3 &&
                      g_date_valid_dmy (d, m, y)))
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "“%s” is not a date like 2026-01-31", day);
  return FALSE;
}

JsonObject *
office_handle_complaints (Context *ctx, GError **error)
{
  const char *from = office_body_optional (ctx, "from");
  const char *to = office_body_optional (ctx, "to");
  gboolean personal = json_object_get_boolean_member_with_default (ctx->request->body, "personal", FALSE);
  g_autoptr(GPtrArray) list = NULL;
  JsonArray *array;
  JsonObject *reply;

  if (!check_period (from, error) || !check_period (to, error) ||
      (list = loket_store_list_complaints (ctx->office->store, office_body_optional (ctx, "complaint_state"), from, to,
                                           error)) == NULL)
    return NULL;
  array = json_array_new ();
  for (guint i = 0; i < list->len; i++)
    {
      const LoketComplaint *c = g_ptr_array_index (list, i);
      JsonObject *o = complaint_to_json (ctx, c, NULL, personal);

      json_object_set_int_member (o, "id", c->id);
      /* The supervisor's alert for a receipt that did not print. */
      loket_json_set_nullable_string (o, "receipt_print", c->receipt_print);
      json_array_add_object_element (array, o);
    }
  reply = json_object_new ();
  json_object_set_array_member (reply, "complaints", array);
  return reply;
}

/* ---- steps -------------------------------------------------------------- */

/* The steps that say something to the complainant or the record need
 * their words: the answer, why it was escalated or reopened, a note.  The
 * event names the step's service day, and an answer the working days it
 * took (docs/region.md, "Complaints"). */
static gboolean
emit_changed (Context *ctx, const char *actor, const LoketComplaint *c, const LoketComplaintStep *step,
              GError **error)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autofree char *digest = sha256_of (step->note);
  g_autofree char *day = loket_charter_service_day (ctx->office->charter, step->at);

  json_object_set_int_member (extra, "complaint", c->id);
  json_object_set_string_member (extra, "receipt", c->receipt);
  json_object_set_string_member (extra, "act", step->act);
  json_object_set_string_member (extra, "from", step->from_state);
  json_object_set_string_member (extra, "to", step->to_state);
  json_object_set_string_member (extra, "day", day);
  if (g_strcmp0 (step->act, loket_complaint_act_to_string (LOKET_COMPLAINT_ACT_ANSWER)) == 0)
    json_object_set_int_member (extra, "working_days", working_days_to (ctx, c, day));
  loket_json_set_nullable_string (extra, "note_sha256", digest);
  json_object_set_boolean_member (extra, "public", step->is_public);
  return office_emit (ctx, "COMPLAINT_MOVED", actor, NULL, NULL, NULL, extra, error);
}

JsonObject *
office_handle_complaint_step (Context *ctx, GError **error)
{
  const char *receipt = office_body_string (ctx, "receipt", error);
  const char *note = office_body_optional (ctx, "text");
  g_autoptr(LoketComplaint) c = NULL;
  const LoketComplaintTransition *row;
  LoketComplaintStep step = { 0 };
  LoketComplaintAct act;
  const char *actor;
  JsonObject *reply;

  if (receipt == NULL || (actor = office_supervisor_actor (ctx, error)) == NULL)
    return NULL;
  if (!loket_complaint_act_from_string (office_body_optional (ctx, "act"), &act) ||
      act == LOKET_COMPLAINT_ACT_FILE)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, "field \"act\": not a step");
      return NULL;
    }
  if (!check_text ("text", note, LOKET_COMPLAINT_NOTE_MAX, loket_complaint_act_needs_text (act), error) ||
      (c = loket_store_find_complaint (ctx->office->store, receipt, NULL, error)) == NULL ||
      (row = loket_complaint_life_check (c->receipt, c->state, act, error)) == NULL)
    return NULL;
  step.act = (char *) loket_complaint_act_to_string (act);
  step.from_state = (char *) loket_complaint_state_to_string (c->state);
  if (row->to != LOKET_LIFE_UNCHANGED)
    c->state = (LoketComplaintState) row->to;
  step.to_state = (char *) loket_complaint_state_to_string (c->state);
  step.staff = (char *) actor;
  step.note = (char *) note;
  /* The answer is the complainant's to read; other notes only when staff
   * say so (they may name colleagues or other citizens). */
  step.is_public = act == LOKET_COMPLAINT_ACT_ANSWER ||
                   json_object_get_boolean_member_with_default (ctx->request->body, "public", FALSE);
  step.at = ctx->request->now;
  if (act == LOKET_COMPLAINT_ACT_ANSWER)
    {
      g_free (c->answer);
      c->answer = g_strdup (note);
      c->answered_at = ctx->request->now;
    }
  if (act == LOKET_COMPLAINT_ACT_CLOSE)
    c->closed_at = ctx->request->now;
  if (!loket_store_step_complaint (ctx->office->store, c, &step, error) ||
      !emit_changed (ctx, actor, c, &step, error))
    return NULL;
  reply = json_object_new ();
  json_object_set_object_member (reply, "complaint", complaint_to_json (ctx, c, NULL, FALSE));
  return reply;
}

/* ---- the public figures ------------------------------------------------- */

typedef struct {
  const char *category;   /* NULL: all */
  guint       received;
  guint       answered;
  guint       within;
  GArray     *days;       /* working days to answer, one per answered */
} Figures;

static gint
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
count_complaint (Context *ctx, Figures *f, const LoketComplaint *c)
{
  g_autofree char *answered_day = NULL;
  guint days;

  f->received++;
  if (c->answered_at == 0)
    return;
  f->answered++;
  answered_day = loket_charter_service_day (ctx->office->charter, c->answered_at);
  f->within += g_strcmp0 (answered_day, c->deadline) <= 0;
  days = working_days_to (ctx, c, answered_day);
  g_array_append_val (f->days, days);
}

static JsonObject *
figures_to_json (Figures *f)
{
  JsonObject *o = json_object_new ();
  guint n = f->days->len;

  loket_json_set_nullable_string (o, "category", f->category);
  json_object_set_int_member (o, "received", f->received);
  json_object_set_int_member (o, "answered", f->answered);
  json_object_set_int_member (o, "within_deadline", f->within);
  g_array_sort (f->days, compare_uint);
  if (n == 0)
    json_object_set_null_member (o, "median_working_days");
  else
    json_object_set_double_member (o, "median_working_days",
                                   (g_array_index (f->days, guint, (n - 1) / 2) +
                                    g_array_index (f->days, guint, n / 2)) / 2.0);
  return o;
}

/* The period: "from" and "to" (service days received), by default the
 * last 365 days; at most 366. */
static gboolean
stats_period (Context *ctx, char **from, char **to, GError **error)
{
  g_autoptr(GDateTime) today = day_at_noon (ctx, ctx->service_day);
  g_autoptr(GDateTime) year_ago = today ? g_date_time_add_days (today, -364) : NULL;
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;

  *to = g_strdup (office_body_optional (ctx, "to") ?: ctx->service_day);
  *from = office_body_optional (ctx, "from") ? g_strdup (office_body_optional (ctx, "from"))
        : year_ago ? g_date_time_format (year_ago, "%F") : NULL;
  if (!check_period (*from, error) || !check_period (*to, error))
    return FALSE;
  a = day_at_noon (ctx, *from);
  b = day_at_noon (ctx, *to);
  if (a == NULL || b == NULL || g_date_time_compare (a, b) > 0 ||
      g_date_time_difference (b, a) > 365 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "from %s to %s is not a period of 1 to 366 days", *from, *to);
      return FALSE;
    }
  return TRUE;
}

JsonObject *
office_handle_complaint_stats (Context *ctx, GError **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GPtrArray) list = NULL;
  Figures figures[LOKET_CHARTER_COMPLAINT_CATEGORIES + 1] = { { 0 } };
  JsonArray *categories;
  JsonObject *reply;

  if (!stats_period (ctx, &from, &to, error) ||
      (list = loket_store_list_complaints (ctx->office->store, NULL, from, to, error)) == NULL)
    return NULL;
  for (guint k = 0; k <= LOKET_CHARTER_COMPLAINT_CATEGORIES; k++)
    {
      figures[k].category = loket_complaint_category_ids[k];   /* the last: NULL, all */
      figures[k].days = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  for (guint i = 0; i < list->len; i++)
    {
      const LoketComplaint *c = g_ptr_array_index (list, i);

      for (guint k = 0; k < LOKET_CHARTER_COMPLAINT_CATEGORIES; k++)
        if (g_strcmp0 (c->category, figures[k].category) == 0)
          count_complaint (ctx, &figures[k], c);
      count_complaint (ctx, &figures[LOKET_CHARTER_COMPLAINT_CATEGORIES], c);
    }
  categories = json_array_new ();
  reply = json_object_new ();
  for (guint k = 0; k < LOKET_CHARTER_COMPLAINT_CATEGORIES; k++)
    json_array_add_object_element (categories, figures_to_json (&figures[k]));
  json_object_set_object_member (reply, "total", figures_to_json (&figures[LOKET_CHARTER_COMPLAINT_CATEGORIES]));
  json_object_set_array_member (reply, "categories", categories);
  json_object_set_string_member (reply, "from", from);
  json_object_set_string_member (reply, "to", to);
  for (guint k = 0; k <= LOKET_CHARTER_COMPLAINT_CATEGORIES; k++)
    g_array_unref (figures[k].days);
  return reply;
}

/* ---- the purge ---------------------------------------------------------- */

gint64
office_purge_complainants (Context *ctx, GError **error)
{
  guint days = loket_charter_get_complaint_keep_days (ctx->office->charter);
  gint64 n = loket_store_purge_complainants (ctx->office->store,
                                             ctx->request->now - (gint64) days * G_USEC_PER_SEC * 86400, error);

  if (n > 0)
    g_message ("purged the names and contacts of %" G_GINT64_FORMAT " complaints closed %u days ago or more",
               n, days);
  return n;
}

/* ---- the receipt's paper ------------------------------------------------ */

/* The kiosk's report on a complaint's receipt (PRINT with "receipt"), the
 * same events as a ticket's paper: PRINTED, or PRINT_FAILED with the
 * printer's words, which the supervisors see as an alert until the
 * complaint is taken up (the complainant may have no number: staff reach
 * them by the contact, or give the number at the desk).  Only a receipt
 * filed at a kiosk has a paper, reported once; no reprint (the kiosk's
 * screen showed the number, the supervisor's view has it). */
JsonObject *
office_handle_print_receipt (Context *ctx, GError **error)
{
  const char *receipt = office_body_optional (ctx, "receipt");
  const char *reason = office_body_optional (ctx, "reason");
  gboolean ok = json_object_get_boolean_member_with_default (ctx->request->body, "ok", FALSE);
  g_autoptr(LoketComplaint) c = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  JsonObject *reply;

  if (json_object_get_boolean_member_with_default (ctx->request->body, "reprint", FALSE))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "a complaint's receipt (%s) is printed once; its number is in the supervisor's view", receipt);
      return NULL;
    }
  if ((c = loket_store_find_complaint (ctx->office->store, receipt, NULL, error)) == NULL)
    return NULL;
  if (g_strcmp0 (c->channel, "kiosk") != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "complaint %s was filed %s, not at a kiosk: it has no printed receipt", c->receipt,
                   g_strcmp0 (c->channel, "web") == 0 ? "online" : "by staff");
      return NULL;
    }
  /* One paper, one report: a second (another kiosk's, or a late
   * "printed" after "failed") would rewrite what the supervisors were
   * told.  A retry of the same request is answered from its stored reply
   * before it reaches here. */
  if (c->receipt_print != NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   "the paper of complaint %s was reported already (%s)", c->receipt, c->receipt_print);
      return NULL;
    }
  json_object_set_string_member (extra, "receipt", c->receipt);
  if (!loket_store_set_complaint_receipt_print (ctx->office->store, c->id, ok, error) ||
      !office_emit (ctx, ok ? "PRINTED" : "PRINT_FAILED", ctx->request->device, NULL, NULL,
                    ok ? NULL : (reason ? reason : "unknown printer failure"), extra, error))
    return NULL;
  reply = json_object_new ();
  json_object_set_string_member (reply, "receipt", c->receipt);
  json_object_set_string_member (reply, "receipt_print", ok ? "printed" : "failed");
  return reply;
}
