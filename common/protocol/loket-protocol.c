/* loket-protocol.c — the table of requests and events (the source of
 * truth for docs/protocol.md, which tests/test-protocol.c checks against
 * it) and the admission of a request body by it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-protocol"

#include "loket-protocol.h"
#include "loket-complaint-life.h"
#include "loket-error.h"
#include "loket-pause-reason.h"
#include "loket-complaint-category.h"

#include <string.h>

/* Limits: ids (services, counters, clerks, priority groups) are short
 * words from the charter or the staff list; a reason is what a person
 * typed or a device reported — a kiosk's print failure quotes the
 * printer's own message, so it gets room (a refused PRINT would leave the
 * ticket "issued" and lose the alert). */
#define ID_MAX     64
#define PERSON_MAX   128
#define TEXT_MAX   1024
#define TICKET_MAX 32
#define PIN_MAX    64
#define PART_MAX   32
#define DAY_MAX    10
#define TOKEN_MAX  64   /* a ticket's token is 22 (loket-token.h); room to say "not found" */
/* A survey's suggestion: 500 characters (the handler counts them and says
 * so); the table's limit is in bytes, room for 500 of up to 4 bytes. */
#define SUGGESTION_MAX 2000
/* A complaint's texts, in bytes: room for the handler's limits in
 * characters (docs/complaints.md: description 2000, name and contact
 * 100, a step's note 2000) at up to 4 bytes each. */
#define COMPLAINT_TEXT_MAX  8000
#define COMPLAINANT_MAX     400
#define RECEIPT_MAX         32
#define SHA256_MAX          64

static const char * const outcomes[] = { "served", "incomplete", "referred", NULL };
static const char * const device_states[] = { "ok", "warning", "error", NULL };
static const char * const languages[] = { "id", "en", NULL };
static const char * const refusals[] = { "closed", "quota", NULL };
static const char * const survey_channels[] = { "kiosk", "paper", "web", NULL };
/* A complaint's names are its transition table's (loket-complaint-life.h);
 * a step is any act but the filing, which comes first. */
static const char * const complaint_channels[] = { "web", "kiosk", "staff", NULL };
#define COMPLAINT_STEPS (&loket_complaint_act_names[LOKET_COMPLAINT_ACT_FILE + 1])
G_STATIC_ASSERT (LOKET_COMPLAINT_ACT_FILE == 0);

/* Field constructors: (name) or (name, limit); OPTIONAL_* may be left out. */
#define STRING(n, len)          { n, LOKET_FIELD_STRING, TRUE, len, 0, 0, NULL }
#define OPTIONAL_STRING(n, len) { n, LOKET_FIELD_STRING, FALSE, len, 0, 0, NULL }
#define CHOICE(n, list)         { n, LOKET_FIELD_STRING, TRUE, ID_MAX, 0, 0, list }
#define OPTIONAL_CHOICE(n, list) { n, LOKET_FIELD_STRING, FALSE, ID_MAX, 0, 0, list }
#define BOOLEAN(n)              { n, LOKET_FIELD_BOOLEAN, TRUE, 0, 0, 0, NULL }
#define OPTIONAL_BOOLEAN(n)     { n, LOKET_FIELD_BOOLEAN, FALSE, 0, 0, 0, NULL }
#define INTEGER(n, lo, hi)      { n, LOKET_FIELD_INTEGER, TRUE, 0, lo, hi, NULL }
#define OPTIONAL_INTEGER(n, lo, hi) { n, LOKET_FIELD_INTEGER, FALSE, 0, lo, hi, NULL }
#define OBJECT(n)               { n, LOKET_FIELD_OBJECT, TRUE, 0, 0, 0, NULL }
#define OPTIONAL_OBJECT(n)      { n, LOKET_FIELD_OBJECT, FALSE, 0, 0, 0, NULL }
#define STRINGS(n, lo, hi, len) { n, LOKET_FIELD_STRINGS, TRUE, len, lo, hi, NULL }
#define TICKET                  { "ticket", LOKET_FIELD_TICKET, TRUE, TICKET_MAX, 1, G_MAXINT64, NULL }
#define OPTIONAL_TICKET         { "ticket", LOKET_FIELD_TICKET, FALSE, TICKET_MAX, 1, G_MAXINT64, NULL }

/* The fields most requests share. */
#define COUNTER    STRING ("counter", ID_MAX)
#define REASON     STRING ("reason", TEXT_MAX)
#define OPT_REASON OPTIONAL_STRING ("reason", TEXT_MAX)
/* Names the supervisor a supervisor's act is recorded under; the handler
 * refuses (auth) if that supervisor is not signed in at the device. */
#define SUPERVISOR OPTIONAL_STRING ("supervisor", ID_MAX)

/* Whoever may read the office: its devices and the web gateway, not the
 * region sync (it reads the database itself and reports only its own
 * state). */
#define READERS (LOKET_ROLE_OFFICE | LOKET_ROLE_WEB)
#define OFFICE LOKET_ROLE_OFFICE
#define SYNC  LOKET_ROLE_SYNC
#define KIOSK LOKET_ROLE_KIOSK
#define WEB   LOKET_ROLE_WEB
#define SUPER LOKET_ROLE_SUPERVISOR
#define STAFF (LOKET_ROLE_COUNTER | LOKET_ROLE_SUPERVISOR)
#define READS FALSE
#define WRITES TRUE
/* Read apart from the queue, on loketd's reader thread (LoketRequestDef.apart). */
#define READS_APART FALSE, .apart = TRUE

/* The people at a supervisor's device (see LoketRequestDef.people): a
 * supervisor's acts are for a supervisor or the head, or for the key
 * alone; the staff are the head's alone; reading the office and signing
 * in and out do not depend on who is there. */
#define SUPERVISORS (LOKET_STAFF_SUPERVISOR | LOKET_STAFF_HEAD | LOKET_PEOPLE_NOBODY)
#define HEAD_ONLY   LOKET_STAFF_HEAD
#define ANYONE      LOKET_PEOPLE_ANYONE

/* REQUEST (TYPE, roles, READS or WRITES, .fields = { … }, .events = { … }, .n_events = n):
 * the type string is the enum's name, so the two cannot differ.  A
 * supervisor's key may send it for SUPERVISORS unless REQUEST_BY names
 * other people. */
#define REQUEST_BY(ID, ROLES, PEOPLE, WRITING, ...) \
  [LOKET_REQUEST_##ID] = { .id = LOKET_REQUEST_##ID, .type = #ID, .roles = ROLES, \
                           .people = ((ROLES) & SUPER) ? (PEOPLE) : 0, \
                           .writes = WRITING, __VA_ARGS__ }
#define REQUEST(ID, ROLES, WRITING, ...) REQUEST_BY (ID, ROLES, SUPERVISORS, WRITING, __VA_ARGS__)
#define NO_FIELDS        .fields = { { .name = NULL } }
#define EVENTS1(a)       .events = { LOKET_EVENT_##a }, .n_events = 1
#define EVENTS2(a, b)    .events = { LOKET_EVENT_##a, LOKET_EVENT_##b }, .n_events = 2
#define EVENTS3(a, b, c) .events = { LOKET_EVENT_##a, LOKET_EVENT_##b, LOKET_EVENT_##c }, .n_events = 3

const LoketRequestDef loket_protocol_requests[LOKET_REQUEST_N] = {
  REQUEST_BY (SERVICES, READERS, ANYONE, READS, NO_FIELDS),
  REQUEST_BY (SNAPSHOT, READERS, ANYONE, READS, NO_FIELDS),
  REQUEST_BY (STATUS, READERS, ANYONE, READS, NO_FIELDS),
  /* A refusal for the hours or the quota is recorded too (TURNED_AWAY),
   * after the refused request's own writes were undone. */
  REQUEST (ISSUE, KIOSK | SUPER, WRITES,
           .fields = { STRING ("service", ID_MAX), OPTIONAL_STRING ("priority", ID_MAX) },
           EVENTS2 (ISSUED, TURNED_AWAY)),
  /* "reprint": this paper is a second one of the same ticket (the
   * citizen asked after a failure, or a supervisor did): REPRINTED.
   * "receipt" instead of "ticket": a complaint's receipt printed at the
   * kiosk (docs/complaints.md); one of the two. */
  REQUEST (PRINT, KIOSK | SUPER, WRITES,
           .fields = { OPTIONAL_TICKET, BOOLEAN ("ok"), OPT_REASON, OPTIONAL_BOOLEAN ("reprint"),
                       OPTIONAL_STRING ("receipt", RECEIPT_MAX) },
           EVENTS3 (PRINTED, PRINT_FAILED, REPRINTED)),
  /* A supervisor asks a kiosk (by default the one that issued the
   * ticket) to print it again; the kiosk hears REPRINT_ASKED and reports
   * with PRINT "reprint". */
  REQUEST (REPRINT, SUPER, WRITES,
           .fields = { TICKET, OPTIONAL_STRING ("kiosk", ID_MAX), OPT_REASON, SUPERVISOR },
           EVENTS1 (REPRINT_ASKED)),
  /* A named ticket is called out of order; the handler then asks for a reason. */
  REQUEST (CALL, STAFF, WRITES,
           .fields = { COUNTER, OPTIONAL_TICKET, OPT_REASON },
           EVENTS1 (CALLED)),
  REQUEST (RECALL, STAFF, WRITES, .fields = { COUNTER, OPT_REASON }, EVENTS1 (RECALLED)),
  REQUEST (START, STAFF, WRITES, .fields = { COUNTER, OPT_REASON }, EVENTS1 (STARTED)),
  REQUEST (FINISH, STAFF, WRITES,
           .fields = { COUNTER, OPTIONAL_CHOICE ("outcome", outcomes), OPT_REASON },
           EVENTS1 (FINISHED)),
  REQUEST (NOSHOW, STAFF, WRITES, .fields = { COUNTER, OPT_REASON }, EVENTS1 (NO_SHOW)),
  REQUEST (TRANSFER, STAFF, WRITES,
           .fields = { COUNTER, STRING ("service", ID_MAX), OPT_REASON },
           EVENTS1 (TRANSFERRED)),
  /* UU 25/2009: the clerk found the ticket's priority claim not entitled. */
  REQUEST (PRIORITY_REFUSE, STAFF, WRITES, .fields = { COUNTER, REASON }, EVENTS1 (PRIORITY_REFUSED)),
  /* "reason" is the id of one of the charter's pause reasons; "note"
   * only for the one that takes a note, and required with it. */
  REQUEST (PAUSE, STAFF, WRITES,
           .fields = { COUNTER, REASON, OPTIONAL_STRING ("note", LOKET_PAUSE_NOTE_MAX) },
           EVENTS1 (PAUSED)),
  REQUEST (RESUME, STAFF, WRITES, .fields = { COUNTER }, EVENTS1 (RESUMED)),
  REQUEST (QUEUE, STAFF, READS, .fields = { COUNTER }),
  /* "counter" is required with a counter's key and absent with a
   * supervisor's, which signs a supervisor in at the device instead: the
   * handler tells the two apart, so the table can only say "optional".
   * Who may sign in is the handler's business too (a supervisor or the
   * head), whoever was signed in at the device before. */
  REQUEST_BY (LOGIN, STAFF, ANYONE, WRITES,
              .fields = { OPTIONAL_STRING ("counter", ID_MAX), STRING ("clerk", ID_MAX),
                          STRING ("pin", PIN_MAX) },
              EVENTS2 (LOGGED_IN, SUPERVISOR_IN)),
  REQUEST_BY (LOGOUT, STAFF, ANYONE, WRITES,
              .fields = { OPTIONAL_STRING ("counter", ID_MAX) },
              EVENTS2 (LOGGED_OUT, SUPERVISOR_OUT)),
  REQUEST (VOID, SUPER, WRITES, .fields = { TICKET, REASON, SUPERVISOR }, EVENTS1 (VOIDED)),
  /* The staff are the head's (the first head excepted: loket-office.c). */
  REQUEST_BY (CLERK_SET, SUPER, HEAD_ONLY, WRITES,
              .fields = { STRING ("clerk", ID_MAX), OPTIONAL_STRING ("name", PERSON_MAX),
                          STRING ("pin", PIN_MAX), OPTIONAL_CHOICE ("role", loket_staff_role_names),
                          SUPERVISOR },
              EVENTS1 (CLERK_SET)),
  REQUEST_BY (CLERK_REMOVE, SUPER, HEAD_ONLY, WRITES,
              .fields = { STRING ("clerk", ID_MAX), SUPERVISOR },
              EVENTS1 (CLERK_REMOVED)),
  REQUEST (COUNTER_SERVICES, SUPER, WRITES,
           .fields = { COUNTER, STRINGS ("services", 1, 64, ID_MAX), OPT_REASON, SUPERVISOR },
           EVENTS1 (COUNTER_SERVICES)),
  /* Not the web gateway: it runs outside the office's devices, and its
   * health is its own log's and the service manager's business, not an
   * alert on the supervisor's screen.  The region sync reports here what
   * a supervisor must act on: the centre refused the office's history, or
   * has been out of reach for long. */
  REQUEST_BY (DEVICE_STATUS, OFFICE | SYNC, ANYONE, WRITES,
              .fields = { STRING ("component", PART_MAX), CHOICE ("state", device_states), OPT_REASON },
              EVENTS1 (DEVICE_STATUS)),
  REQUEST (REPORT, SUPER, READS_APART,
           .fields = { OPTIONAL_STRING ("from", DAY_MAX), OPTIONAL_STRING ("to", DAY_MAX),
                       OPTIONAL_CHOICE ("lang", languages) }),
  REQUEST_BY (CLERK_ROLE, SUPER, HEAD_ONLY, WRITES,
              .fields = { STRING ("clerk", ID_MAX), CHOICE ("role", loket_staff_role_names), SUPERVISOR },
              EVENTS1 (CLERK_ROLE)),
  REQUEST (CLERK_LIST, SUPER, READS, NO_FIELDS),
  /* loketd sends it to itself at closing time (server/loket-server.c); a
   * supervisor may close the day once tickets are no longer issued. */
  REQUEST (CLOSE_DAY, SUPER, WRITES,
           .fields = { OPTIONAL_STRING ("day", DAY_MAX), OPT_REASON, SUPERVISOR },
           EVENTS2 (UNSERVED, DAY_CLOSED)),
  /* The citizen's phone, through loket-web: one ticket of today by its
   * token (docs/web.md).  The web gateway's alone: an office device
   * has the number, and a token is not for it to look up. */
  REQUEST (TICKET_STATUS, WEB, READS, .fields = { STRING ("token", TOKEN_MAX) }),
  /* The satisfaction survey (docs/skm.md): from a kiosk in survey mode
   * for a ticket of today, from paper entered by staff at a supervisor's
   * key (a ticket, or a service and a day), or from the citizen's phone
   * through the web gateway, by the ticket's "token" alone (never a
   * number: the one write the gateway may make, a citizen's own survey).
   * "answers" {element id: 1–4} and "profile" {sex, age, education,
   * occupation} are checked by the handler against the questionnaire;
   * "check" true checks everything and stores nothing (a CSV import
   * checks every row before it stores one; the kiosk's exit tablet
   * checks a typed number, without answers yet, before it asks). */
  REQUEST (SURVEY, KIOSK | SUPER | WEB, WRITES,
           .fields = { OPTIONAL_TICKET, OPTIONAL_STRING ("token", TOKEN_MAX),
                       OPTIONAL_STRING ("service", ID_MAX),
                       OPTIONAL_STRING ("day", DAY_MAX), OPTIONAL_OBJECT ("answers"),
                       OPTIONAL_OBJECT ("profile"),
                       OPTIONAL_STRING ("suggestion", SUGGESTION_MAX),
                       OPTIONAL_BOOLEAN ("check"), SUPERVISOR },
           EVENTS1 (SURVEYED)),
  /* A complaint (docs/complaints.md): at a kiosk, by staff on a
   * citizen's behalf at a supervisor's key, or from the citizen's phone
   * through the web gateway — which names the ticket by its token only
   * ("ticket_token"), never by a guessable number.  No name and no
   * contact is an anonymous complaint, if the charter allows it. */
  REQUEST (COMPLAIN, KIOSK | SUPER | WEB, WRITES,
           .fields = { OPTIONAL_STRING ("service", ID_MAX), OPTIONAL_TICKET,
                       OPTIONAL_STRING ("ticket_token", TOKEN_MAX), CHOICE ("category", loket_complaint_category_ids),
                       STRING ("description", COMPLAINT_TEXT_MAX), OPTIONAL_STRING ("complainant", COMPLAINANT_MAX),
                       OPTIONAL_STRING ("contact", COMPLAINANT_MAX), SUPERVISOR },
           EVENTS1 (COMPLAINED)),
  /* What the tracking page shows, by the complaint's token; a
   * supervisor's key may name the receipt instead and sees everything
   * (the complainant, the description, internal notes).  Field names
   * differ from other requests' where their limits do: "complainant"
   * (not "name"), "complaint_state" (not "state"), "text" (not "note"). */
  REQUEST (COMPLAINT, KIOSK | SUPER | WEB, READS,
           .fields = { OPTIONAL_STRING ("token", TOKEN_MAX), OPTIONAL_STRING ("receipt", RECEIPT_MAX) }),
  /* The supervisor's list with each clock; "from" and "to" (service
   * days received) for an export, "personal" adds name and contact. */
  REQUEST (COMPLAINTS, SUPER, READS,
           .fields = { OPTIONAL_CHOICE ("complaint_state", loket_complaint_state_names),
                       OPTIONAL_STRING ("from", DAY_MAX),
                       OPTIONAL_STRING ("to", DAY_MAX), OPTIONAL_BOOLEAN ("personal") }),
  /* The public figures (open data, the public page): per category, how
   * many were received in the period, answered, answered within the
   * deadline, and the median working days to answer — nothing per
   * complaint. */
  REQUEST (COMPLAINT_STATS, SUPER | WEB, READS_APART,
           .fields = { OPTIONAL_STRING ("from", DAY_MAX), OPTIONAL_STRING ("to", DAY_MAX) }),
  REQUEST (COMPLAINT_STEP, SUPER, WRITES,
           .fields = { STRING ("receipt", RECEIPT_MAX), CHOICE ("act", COMPLAINT_STEPS),
                       OPTIONAL_STRING ("text", COMPLAINT_TEXT_MAX), OPTIONAL_BOOLEAN ("public"), SUPERVISOR },
           EVENTS1 (COMPLAINT_MOVED)),
  /* The public record per service day (the web gateway's open data):
   * what a citizen may see, nothing per counter or clerk. */
  REQUEST (DAILY, SUPER | WEB, READS_APART,
           .fields = { OPTIONAL_STRING ("from", DAY_MAX), OPTIONAL_STRING ("to", DAY_MAX),
                       OPTIONAL_CHOICE ("lang", languages) }),
  /* The satisfaction survey's index over a period (docs/skm.md): per
   * service and for the office, never per clerk or counter; "by_day"
   * adds each service day's answers (the web gateway's open data). */
  REQUEST (SKM, SUPER | WEB, READS_APART,
           .fields = { OPTIONAL_STRING ("from", DAY_MAX), OPTIONAL_STRING ("to", DAY_MAX),
                       OPTIONAL_STRING ("service", ID_MAX), OPTIONAL_CHOICE ("lang", languages),
                       OPTIONAL_BOOLEAN ("by_day") }),
};

#define EVENT(ID, ...) [LOKET_EVENT_##ID] = { .id = LOKET_EVENT_##ID, .type = #ID, __VA_ARGS__ }

const LoketEventDef loket_protocol_events[LOKET_EVENT_N] = {
  EVENT (ISSUED, NO_FIELDS),
  /* A complaint's receipt names the complaint (no ticket). */
  EVENT (PRINTED, .fields = { OPTIONAL_STRING ("receipt", RECEIPT_MAX) }),
  EVENT (PRINT_FAILED, .fields = { OPTIONAL_STRING ("receipt", RECEIPT_MAX) }),
  EVENT (REPRINTED, NO_FIELDS),
  /* The token goes with the ticket to the kiosk that prints it again (its
   * QR code); the only event that carries one (docs/security.md). */
  EVENT (REPRINT_ASKED, .fields = { STRING ("kiosk", ID_MAX), OPTIONAL_STRING ("token", TOKEN_MAX) }),
  EVENT (CALLED, .fields = { BOOLEAN ("out_of_order"), STRING ("routing", ID_MAX) }),
  EVENT (RECALLED, NO_FIELDS),
  EVENT (STARTED, NO_FIELDS),
  EVENT (FINISHED, NO_FIELDS),
  EVENT (NO_SHOW, NO_FIELDS),
  EVENT (TRANSFERRED, NO_FIELDS),
  EVENT (PRIORITY_REFUSED, .fields = { STRING ("priority", ID_MAX) }),
  EVENT (VOIDED, NO_FIELDS),
  EVENT (PAUSED, NO_FIELDS),
  /* paused_usec is the wall clock's difference: negative if the clock
   * was set back during the pause. */
  EVENT (RESUMED, .fields = { INTEGER ("paused_usec", G_MININT64, G_MAXINT64), STRING ("pause_reason", TEXT_MAX),
                             STRING ("pause_note", LOKET_PAUSE_NOTE_MAX) }),
  EVENT (LOGGED_IN, .fields = { STRING ("clerk_name", PERSON_MAX), STRING ("handover_from", ID_MAX) }),
  EVENT (LOGGED_OUT, NO_FIELDS),
  EVENT (CLERK_SET, .fields = { STRING ("clerk", ID_MAX), STRING ("clerk_name", PERSON_MAX),
                                CHOICE ("role", loket_staff_role_names) }),
  EVENT (CLERK_REMOVED, .fields = { STRING ("clerk", ID_MAX), STRING ("clerk_name", PERSON_MAX),
                                    CHOICE ("role", loket_staff_role_names) }),
  EVENT (COUNTER_SERVICES, .fields = { STRINGS ("previous_services", 0, 64, ID_MAX),
                                       STRINGS ("services", 1, 64, ID_MAX) }),
  EVENT (SUPERVISOR_IN, .fields = { STRING ("clerk", ID_MAX), STRING ("clerk_name", PERSON_MAX) }),
  EVENT (SUPERVISOR_OUT, .fields = { STRING ("clerk", ID_MAX) }),
  EVENT (DEVICE_STATUS, .fields = { OBJECT ("device_status"), BOOLEAN ("alert") }),
  EVENT (CLERK_ROLE, .fields = { STRING ("clerk", ID_MAX), STRING ("clerk_name", PERSON_MAX),
                                 CHOICE ("role", loket_staff_role_names),
                                 CHOICE ("previous_role", loket_staff_role_names) }),
  /* charter: version, sha256, in_force_from, loaded_by. */
  EVENT (CHARTER_CHANGED, .by_server = TRUE,
         .fields = { OBJECT ("charter"), INTEGER ("tickets_filled", 0, G_MAXINT64) }),
  /* No ticket and nothing about the citizen: the service asked for and why not. */
  EVENT (TURNED_AWAY, .fields = { STRING ("service", ID_MAX), CHOICE ("refusal", refusals) }),
  EVENT (UNSERVED, .fields = { STRING ("day", DAY_MAX) }),
  EVENT (DAY_CLOSED, .fields = { STRING ("day", DAY_MAX), INTEGER ("unserved", 0, G_MAXINT64) }),
  /* Nothing about the citizen and no ticket (whose clerk it would name):
   * the survey's id, where and when it was answered, and the answers. */
  EVENT (SURVEYED, .fields = { INTEGER ("survey", 1, G_MAXINT64), STRING ("service", ID_MAX),
                               INTEGER ("charter_version", 0, G_MAXINT64),
                               CHOICE ("channel", survey_channels), STRING ("day", DAY_MAX),
                               OBJECT ("answers") }),
  /* Nothing that names the complainant or quotes anyone: a salted hash
   * stands for the person (null: anonymous), a SHA-256 for the text, and
   * "facts" are the ticket's {ticket (id, 0: none), waited_minutes,
   * promised_minutes} (-1: not known).  A step is COMPLAINT_MOVED: a
   * type is at most 16 characters (loket-message.c), so not
   * "COMPLAINT_CHANGED".  "day" (the service day) and an answer's
   * "working_days" (by the office's calendar) are what the centre counts
   * complaints by; optional because logs written before them lack them. */
  EVENT (COMPLAINED, .fields = { INTEGER ("complaint", 1, G_MAXINT64), STRING ("receipt", RECEIPT_MAX),
                                 STRING ("service", ID_MAX), CHOICE ("category", loket_complaint_category_ids),
                                 CHOICE ("channel", complaint_channels), OPTIONAL_STRING ("day", DAY_MAX),
                                 STRING ("deadline", DAY_MAX),
                                 STRING ("person", SHA256_MAX), OBJECT ("facts"),
                                 STRING ("description_sha256", SHA256_MAX) }),
  EVENT (COMPLAINT_MOVED, .fields = { INTEGER ("complaint", 1, G_MAXINT64), STRING ("receipt", RECEIPT_MAX),
                                        CHOICE ("act", loket_complaint_act_names),
                                        CHOICE ("from", loket_complaint_state_names),
                                        CHOICE ("to", loket_complaint_state_names),
                                        OPTIONAL_STRING ("day", DAY_MAX),
                                        OPTIONAL_INTEGER ("working_days", 0, G_MAXINT),
                                        STRING ("note_sha256", SHA256_MAX), BOOLEAN ("public") }),
};

const LoketRequestDef *
loket_protocol_lookup_request (const char *type)
{
  for (guint i = 0; i < LOKET_REQUEST_N; i++)
    if (g_strcmp0 (loket_protocol_requests[i].type, type) == 0)
      return &loket_protocol_requests[i];
  return NULL;
}

const LoketEventDef *
loket_protocol_lookup_event (const char *type)
{
  for (guint i = 0; i < LOKET_EVENT_N; i++)
    if (g_strcmp0 (loket_protocol_events[i].type, type) == 0)
      return &loket_protocol_events[i];
  return NULL;
}

const char *
loket_field_kind_to_string (LoketFieldKind kind)
{
  static const char * const names[] = {
    [LOKET_FIELD_STRING] = "string",
    [LOKET_FIELD_INTEGER] = "integer",
    [LOKET_FIELD_BOOLEAN] = "boolean",
    [LOKET_FIELD_STRINGS] = "array of strings",
    [LOKET_FIELD_OBJECT] = "object",
    [LOKET_FIELD_TICKET] = "ticket",
  };

  return (guint) kind < G_N_ELEMENTS (names) ? names[kind] : "?";
}

/* ---- admission --------------------------------------------------------- */

static gboolean
field_error (const LoketFieldDef *field, GError **error, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
field_error (const LoketFieldDef *field, GError **error, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "field \"%s\": %s", field->name, what);
  return FALSE;
}

static gboolean
node_is (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
check_text (const LoketFieldDef *field, const char *text, GError **error)
{
  gsize length = strlen (text);

  if (field->required && length == 0)
    return field_error (field, error, "expected a non-empty string");
  if (length > field->max_length)
    return field_error (field, error, "longer than %u bytes", field->max_length);
  if (field->choices != NULL && length > 0 && !g_strv_contains (field->choices, text))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) field->choices);

      return field_error (field, error, "expected one of %s", list);
    }
  return TRUE;
}

static gboolean
check_strings (const LoketFieldDef *field, JsonNode *node, GError **error)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  guint n = array ? json_array_get_length (array) : 0;

  if (array == NULL)
    return field_error (field, error, "expected an array of strings");
  if (n < field->min || n > field->max)
    return field_error (field, error, "expected %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " strings, not %u",
                        field->min, field->max, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text = node_is (element, G_TYPE_STRING) ? json_node_get_string (element) : NULL;

      if (text == NULL || *text == '\0')
        return field_error (field, error, "element %u: expected a non-empty string", i);
      if (strlen (text) > field->max_length)
        return field_error (field, error, "element %u: longer than %u bytes", i, field->max_length);
    }
  return TRUE;
}

static gboolean
check_integer (const LoketFieldDef *field, gint64 value, GError **error)
{
  if (value < field->min || value > field->max)
    return field_error (field, error, "expected an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                        field->min, field->max);
  return TRUE;
}

static gboolean
check_field (const LoketFieldDef *field, JsonNode *node, GError **error)
{
  switch (field->kind)
    {
    case LOKET_FIELD_STRING:
      if (!node_is (node, G_TYPE_STRING))
        return field_error (field, error, "expected a string");
      return check_text (field, json_node_get_string (node), error);
    case LOKET_FIELD_INTEGER:
      if (!node_is (node, G_TYPE_INT64))
        return field_error (field, error, "expected an integer");
      return check_integer (field, json_node_get_int (node), error);
    case LOKET_FIELD_BOOLEAN:
      if (!node_is (node, G_TYPE_BOOLEAN))
        return field_error (field, error, "expected true or false");
      return TRUE;
    case LOKET_FIELD_STRINGS:
      return check_strings (field, node, error);
    case LOKET_FIELD_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return field_error (field, error, "expected an object");
      return TRUE;
    case LOKET_FIELD_TICKET:
      if (node_is (node, G_TYPE_INT64))
        return check_integer (field, json_node_get_int (node), error);
      if (node_is (node, G_TYPE_STRING) && *json_node_get_string (node) != '\0' &&
          strlen (json_node_get_string (node)) <= field->max_length)
        return TRUE;
      return field_error (field, error, "expected a ticket id or a number like A-007");
    }
  g_return_val_if_reached (FALSE);
}

gboolean
loket_protocol_check_fields (const LoketFieldDef *fields,
                             JsonObject          *body,
                             GError             **error)
{
  for (const LoketFieldDef *field = fields; field->name != NULL; field++)
    {
      JsonNode *node = json_object_get_member (body, field->name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (field->required)
            return field_error (field, error, "missing, expected %s %s",
                                field->kind == LOKET_FIELD_INTEGER || field->kind == LOKET_FIELD_OBJECT
                                ? "an" : "a", loket_field_kind_to_string (field->kind));
          continue;
        }
      if (!check_field (field, node, error))
        return FALSE;
    }
  return TRUE;
}

const LoketRequestDef *
loket_protocol_admit (const char *type,
                      LoketRole   role,
                      JsonObject *body,
                      GError    **error)
{
  const LoketRequestDef *def = loket_protocol_lookup_request (type);

  if (def == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_UNKNOWN_TYPE, "unknown request type %s", type);
      return NULL;
    }
  if ((def->roles & role) == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_DENIED, "a %s may not send %s",
                   loket_role_to_string (role), type);
      return NULL;
    }
  if (!loket_protocol_check_fields (def->fields, body, error))
    {
      g_prefix_error (error, "%s: ", type);
      return NULL;
    }
  return def;
}

/* ---- events ------------------------------------------------------------ */

gboolean
loket_protocol_check_event (const LoketRequestDef *request,
                            JsonObject            *event,
                            GError               **error)
{
  const char *type = json_object_get_string_member_with_default (event, "type", NULL);
  const LoketEventDef *def = loket_protocol_lookup_event (type);
  gboolean published = FALSE;

  if (request == NULL)
    published = def != NULL && def->by_server;
  for (guint i = 0; request != NULL && def != NULL && i < request->n_events; i++)
    published |= request->events[i] == def->id;
  if (!published)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s may not publish an event %s",
                   request ? request->type : "loketd itself", type ? type : "without a type");
      return FALSE;
    }
  for (const LoketFieldDef *field = def->fields; field->name != NULL; field++)
    {
      JsonNode *node = json_object_get_member (event, field->name);

      /* An optional field is left out where it says nothing (a ticket's
       * paper names no complaint's receipt). */
      if (node == NULL && !field->required)
        continue;
      if (node == NULL)
        return field_error (field, error, "missing from the event %s", type);
      if (!JSON_NODE_HOLDS_NULL (node) && !check_field (field, node, error))
        return FALSE;
    }
  return TRUE;
}
