/* loketctl — the admin and scripting command line for Loket.
 *
 * Scripts rely on its contract (docs/operations.md): global options
 * --server/--keys/--as (or LOKET_SERVER, LOKET_KEYS, LOKET_AS), one command
 * with its arguments, --json for one JSON object per result on stdout,
 * errors on stderr and a non-zero exit (1: refused or failed, 2: usage).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loketctl"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "loket-client.h"
#include "loket-error.h"
#include "loket-keys.h"
#include "loket-message.h"
#include "loket-office-time.h"
#include "loket-pause-reason.h"
#include "loket-server.h"
#include "loket-store.h"
#include "loket-subscriber.h"
#include "loket-ticket.h"
#include "loketctl-backup.h"
#include "loketctl-simulate.h"
#include "loketctl-offices.h"
#include "loketctl-report.h"
#include "loketctl-complaints.h"
#include "loketctl-survey.h"

#define EXIT_REFUSED 1
#define EXIT_USAGE 2

typedef struct {
  GHashTable *options;     /* name → value ("" for flags) */
  GPtrArray  *args;        /* positional, the command first */
  gboolean    json;
} Invocation;

static const char * const valued_options[] = {
  "server", "keys", "as", "publish", "priority", "outcome", "reason", "note", "ticket",
  "pin", "db", "timeout", "count", "role", "by", "by-pin", "kiosk",
  "arrivals", "profile", "policy", "counters", "days", "seed", "target",
  LOKETCTL_REPORT_OPTIONS,
  LOKETCTL_OFFICES_OPTIONS,
  LOKETCTL_SURVEY_OPTIONS,
  LOKETCTL_COMPLAINT_OPTIONS,
  "output-dir", "keep", "backup",
  NULL
};
/* Given more than once, these collect their values, comma-separated. */
static const char * const repeated_options[] = { "policy", "office", NULL };
static const char * const flag_options[] = { "json", "insecure", "ok", "failed", "reprint", "help", "text", "wide", "skm", "explain",
                                             "public", "clear-region", NULL };

static const char usage[] =
  "Usage: loketctl [--server tcp://HOST:PORT] [--keys DIR] [--as NAME] [--json]\n"
  "                [--by ID --by-pin PIN] COMMAND …\n"
  "\n"
  "--by ID --by-pin PIN: do the command as that supervisor or head, signed in at the\n"
  "  --as key (a supervisor's) for its length; the staff commands need the head.\n"
  "\n"
  "Keys (no server needed):\n"
  "  keys init DIR                  server key pair and an empty allowlist\n"
  "  keys add DIR NAME ROLE         client key for NAME (kiosk|display|counter|supervisor)\n"
  "  keys revoke DIR NAME           remove NAME from the allowlist\n"
  "  verify --db FILE               hash chain, then tickets and report rows\n"
  "                                 against a replay of the events\n"
  "  anchors --db FILE [--from DAY --to DAY]\n"
  "                                 each service day's last event hash (anchor)\n"
  "  backup --db FILE (--output FILE | --output-dir DIR [--keep N])\n"
  "                                 a verified copy, also while loketd runs\n"
  "  restore --backup FILE --db FILE   put a backup back (loketd stopped)\n"
  "  report --db FILE --from DAY --to DAY [--by service|counter|clerk|hour|kiosk]\n"
  "         [--format text|csv|pdf] [--wide] [--lang id|en] [--charter FILE] [--output FILE]\n"
  "                                 the period against the charter (docs/reports.md)\n"
  "  report --skm --db FILE --from DAY --to DAY [--format text|csv|pdf] [--lang id|en]\n"
  "                                 the satisfaction survey's index (docs/skm.md)\n"
  "  report --central postgresql://… [--office ID]… | [--region NAME] --from DAY --to DAY\n"
  "         [--format text|csv|pdf] [--lang id|en] [--output FILE] [--explain]\n"
  "                                 many offices ranked, from the regional centre\n"
  "                                 (docs/region.md)\n"
  "  offices --central postgresql://… [--region NAME]\n"
  "                                 the offices at the centre: region, last event,\n"
  "                                 last shipped, a refusal\n"
  "  offices --central postgresql://… --office ID… (--set-region NAME | --clear-region)\n"
  "                                 file offices under a region (all or none)\n"
  "\n"
  "Queue (talks to loketd):\n"
  "  services                       services, waiting counts, estimated waits\n"
  "  issue SERVICE [--priority G]   take a ticket\n"
  "  print TICKET --ok|--failed [--reason R] [--reprint]   report a print result\n"
  "  call COUNTER [--ticket T --reason R]      call the next (or a named) ticket\n"
  "  recall COUNTER | start COUNTER | noshow COUNTER\n"
  "  finish COUNTER [--outcome served|incomplete|referred]\n"
  "  transfer COUNTER SERVICE [--reason NOTE]\n"
  "  void TICKET --reason R         (supervisor)\n"
  "  reprint TICKET [--kiosk K] [--reason R]   ask the kiosk that issued the ticket\n"
  "                                 (or K) to print it again (supervisor)\n"
  "  not-entitled COUNTER --reason R   the ticket in hand loses its priority claim\n"
  "  close-day [DAY] [--reason R]   waiting and called tickets become unserved\n"
  "                                 (supervisor; loketd does it at closing time)\n"
  "  pause COUNTER --reason ID [--note TEXT] | resume COUNTER\n"
  "                 ID: one of the charter's pause reasons (status lists them);\n"
  "                 --note only with the one for anything else (\"other\")\n"
  "  login COUNTER CLERK --pin PIN | logout COUNTER\n"
  "  queue COUNTER                  who the counter calls next, in order, and its day\n"
  "  counter-services COUNTER SVC[,SVC…] [--reason R]\n"
  "                                 the services a counter calls (supervisor)\n"
  "  staff list                     everyone on the staff, with their role\n"
  "  staff add ID NAME --pin PIN [--role clerk|supervisor|head]\n"
  "  staff passwd ID --pin PIN | staff set-role ID ROLE | staff remove ID\n"
  "                                 (the head: --by; the first head needs no --by)\n"
  "  clerk …                        the same as staff …\n"
  "  survey add (--ticket T | --service S --day DAY) --answers 4,4,3,-,4,3,4,4,3\n"
  "         [--sex S] [--age A] [--education E] [--occupation O] [--suggestion TEXT]\n"
  "  survey import --csv FILE       paper questionnaires, all or none (supervisor)\n"
  "  complaints add (--ticket T | --service S) --category C --description TEXT\n"
  "         [--complainant NAME] [--contact C]   a complaint on a citizen's behalf\n"
  "  complaints list [--state S]    open complaints (or in state S) with their clocks\n"
  "  complaints show RECEIPT        one complaint whole, with its steps\n"
  "  complaints step RECEIPT take|answer|escalate|reopen|close|note [--note TEXT] [--public]\n"
  "  complaints export --from DAY --to DAY [--output FILE]\n"
  "                                 a period as CSV for SP4N-LAPOR! or the Ombudsman\n"
  "                                 (docs/complaints.md; all of them: supervisor)\n"
  "  status                         the office now\n"
  "  watch [--count N] [--text]     events as they happen, one JSON per line\n"
  "                                 (--text: one readable line each)\n"
  "\n"
  "Planning (no server needed):\n"
  "  simulate --charter FILE (--arrivals CSV | --profile NAME) [--policy P]…\n"
  "           [--counters N] [--days D] [--seed S] [--target 0.9]\n"
  "                                 a simulated day per policy, and Erlang C staffing\n"
  "\n"
  "Environment: LOKET_SERVER, LOKET_KEYS, LOKET_AS, LOKET_BY, LOKET_BY_PIN.\n";

static gboolean
name_in (const char * const *names, const char *name)
{
  return g_strv_contains ((const char * const *) names, name);
}

static gboolean
parse_invocation (int argc, char **argv, Invocation *inv, GError **error)
{
  inv->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  inv->args = g_ptr_array_new ();
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      g_autofree char *name = NULL;
      const char *eq;

      if (!g_str_has_prefix (arg, "--") || arg[2] == '\0')
        {
          g_ptr_array_add (inv->args, (gpointer) arg);
          continue;
        }
      eq = strchr (arg, '=');
      name = eq ? g_strndup (arg + 2, eq - arg - 2) : g_strdup (arg + 2);
      if (name_in (flag_options, name) && eq == NULL)
        g_hash_table_replace (inv->options, g_steal_pointer (&name), g_strdup (""));
      else if (name_in (valued_options, name))
        {
          const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
          const char *before = g_hash_table_lookup (inv->options, name);

          if (value == NULL)
            {
              g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "--%s needs a value", name);
              return FALSE;
            }
          g_hash_table_replace (inv->options, g_steal_pointer (&name),
                                before && name_in (repeated_options, name)
                                ? g_strconcat (before, ",", value, NULL) : g_strdup (value));
        }
      else
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "unknown option %s", arg);
          return FALSE;
        }
    }
  inv->json = g_hash_table_contains (inv->options, "json");
  return TRUE;
}

static const char *
option (Invocation *inv, const char *name, const char *env)
{
  const char *value = g_hash_table_lookup (inv->options, name);

  if (value == NULL && env != NULL)
    value = g_getenv (env);
  return value;
}

static const char *
arg (Invocation *inv, guint index)
{
  return index < inv->args->len ? g_ptr_array_index (inv->args, index) : NULL;
}

static gboolean
need_args (Invocation *inv, guint n, const char *synopsis, GError **error)
{
  if (inv->args->len == n)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "usage: loketctl %s", synopsis);
  return FALSE;
}

/* ---- output ------------------------------------------------------------ */

static void
print_json (JsonObject *object)
{
  g_autofree char *text = loket_json_to_string (object);

  g_print ("%s\n", text);
  fflush (stdout);
}

static void
print_ticket_line (JsonObject *ticket)
{
  const char *counter = loket_json_optional_string (ticket, "counter");
  const char *priority = loket_json_optional_string (ticket, "priority");

  g_print ("%-7s %-12s %-12s%s%s%s%s\n",
           loket_json_optional_string (ticket, "number"),
           loket_json_optional_string (ticket, "service"),
           loket_json_optional_string (ticket, "state"),
           counter ? " counter " : "", counter ? counter : "",
           priority ? " priority " : "", priority ? priority : "");
}

/* A ticket-bearing reply: in JSON, the ticket itself plus the reply's
 * other scalar fields (people_ahead, …), so scripts read one flat object. */
static void
print_ticket_reply (Invocation *inv, JsonObject *reply)
{
  JsonObject *ticket = json_object_get_object_member (reply, "ticket");
  g_autoptr(JsonObject) flat = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (ticket);

  for (GList *l = members; l; l = l->next)
    json_object_set_member (flat, l->data, json_node_copy (json_object_get_member (ticket, l->data)));
  /* The token names the ticket on the web (its QR code): for a script
   * that follows the ticket's page, as the demo's phones do. */
  if (json_object_has_member (reply, "token"))
    json_object_set_string_member (flat, "token", json_object_get_string_member (reply, "token"));
  if (json_object_has_member (reply, "people_ahead"))
    {
      json_object_set_int_member (flat, "people_ahead", json_object_get_int_member (reply, "people_ahead"));
      json_object_set_int_member (flat, "estimated_wait_minutes",
                                  json_object_get_int_member (reply, "estimated_wait_minutes"));
    }
  if (inv->json)
    print_json (flat);
  else
    print_ticket_line (flat);
}

static void
print_counter_reply (Invocation *inv, JsonObject *reply)
{
  JsonObject *counter = json_object_get_object_member (reply, "counter");

  if (inv->json)
    print_json (counter);
  else
    g_print ("counter %s %s%s%s\n", json_object_get_string_member (counter, "id"),
             json_object_get_string_member (counter, "state"),
             loket_json_optional_string (counter, "pause_reason") ? ": " : "",
             loket_json_optional_string (counter, "pause_reason") ?: "");
}

static void
print_services (Invocation *inv, JsonObject *reply)
{
  JsonArray *services = json_object_get_array_member (reply, "services");

  if (inv->json)
    {
      print_json (reply);
      return;
    }
  g_print ("%s — %s\n", json_object_get_string_member (reply, "office"),
           json_object_get_string_member (reply, "service_day"));
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonObject *s = json_array_get_object_element (services, i);

      g_print ("  %s %-10s %-40s waiting %3" G_GINT64_FORMAT "  est. %3" G_GINT64_FORMAT
               " min  promised %3" G_GINT64_FORMAT " min%s%s\n",
               json_object_get_string_member (s, "series"),
               json_object_get_string_member (s, "id"),
               json_object_get_string_member (s, "name"),
               json_object_get_int_member (s, "waiting"),
               json_object_get_int_member (s, "estimated_wait_minutes"),
               json_object_get_int_member (s, "promised_wait_minutes"),
               json_object_get_boolean_member (s, "available") ? "" : "  — ",
               loket_json_optional_string (s, "unavailable_reason") ?: "");
    }
}

static void
print_status (Invocation *inv, JsonObject *reply)
{
  JsonArray *counters = json_object_get_array_member (reply, "counters");
  JsonArray *active = json_object_get_array_member (reply, "active");
  JsonObject *server = json_object_get_object_member (reply, "server");
  JsonArray *devices = json_object_has_member (reply, "devices")
                     ? json_object_get_array_member (reply, "devices") : NULL;

  if (inv->json)
    {
      print_json (reply);
      return;
    }
  print_services (inv, reply);
  g_print ("Office %s; event seq %" G_GINT64_FORMAT "; %u waiting\n",
           json_object_get_boolean_member (reply, "open") ? "open" : "closed",
           json_object_get_int_member (reply, "seq"),
           json_array_get_length (json_object_get_array_member (reply, "waiting")));
  for (guint i = 0; i < json_array_get_length (counters); i++)
    {
      JsonObject *c = json_array_get_object_element (counters, i);
      /* The label, as the board shows it; loketctl speaks English. */
      g_autofree char *pause = loket_pause_reason_describe (
          json_object_has_member (reply, "pause_reasons") ? json_object_get_array_member (reply, "pause_reasons") : NULL,
          loket_json_optional_string (c, "pause_reason"), loket_json_optional_string (c, "pause_note"), "en");

      g_print ("  %-12s %-7s clerk %-10s%s%s\n", json_object_get_string_member (c, "name"),
               json_object_get_string_member (c, "state"),
               loket_json_optional_string (c, "clerk") ?: "-",
               pause ? " paused: " : "", pause ? pause : "");
    }
  for (guint i = 0; i < json_array_get_length (active); i++)
    print_ticket_line (json_array_get_object_element (active, i));
  for (guint i = 0; devices != NULL && i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);
      g_autofree char *when = loket_office_time_format (loket_json_optional_string (reply, "time_zone"),
                                                        json_object_get_int_member (d, "since"),
                                                        "%Y-%m-%d %H:%M");

      g_print ("  device %-12s %-8s %-7s since %s%s%s\n", json_object_get_string_member (d, "device"),
               json_object_get_string_member (d, "component"),
               json_object_get_string_member (d, "state"), when,
               loket_json_optional_string (d, "detail") ? ": " : "",
               loket_json_optional_string (d, "detail") ?: "");
    }
  if (server != NULL)
    g_print ("loketd %s, up %" G_GINT64_FORMAT " s, %" G_GINT64_FORMAT " requests, %"
             G_GINT64_FORMAT " rejected, %s\n",
             json_object_get_string_member (server, "version"),
             json_object_get_int_member (server, "uptime_seconds"),
             json_object_get_int_member (server, "requests"),
             json_object_get_int_member (server, "rejected"),
             json_object_get_boolean_member (server, "secure") ? "CURVE" : "INSECURE");
}

/* ---- talking to loketd ------------------------------------------------- */

typedef struct {
  const char *server;
  const char *publish;
  LoketClientKey *key;
  const char *device;
} Connection;

static gboolean
connection_init (Invocation *inv, Connection *conn, GError **error)
{
  const char *keys = option (inv, "keys", "LOKET_KEYS");

  conn->server = option (inv, "server", "LOKET_SERVER");
  conn->device = option (inv, "as", "LOKET_AS");
  conn->publish = option (inv, "publish", NULL);
  if (conn->server == NULL || conn->device == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "say which server and who you are: --server and --as (or LOKET_SERVER, LOKET_AS)");
      return FALSE;
    }
  if (!g_hash_table_contains (inv->options, "insecure"))
    {
      if (keys == NULL)
        {
          g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                               "no --keys DIR (or LOKET_KEYS); use --insecure only with an insecure server");
          return FALSE;
        }
      conn->key = loket_client_key_load (keys, conn->device, error);
      if (conn->key == NULL)
        return FALSE;
    }
  return TRUE;
}

/* --by ID: the request is made by that person, signed in at this
 * supervisor's key for its length (LOGIN, the request naming them,
 * LOGOUT on the same connection), so that the office checks their role
 * (the staff are the head's) and the event log records them. */
static JsonObject *
request_by (Invocation *inv, LoketClient *client, const char *by, const char *type, JsonObject *body,
            GError **error)
{
  const char *pin = option (inv, "by-pin", "LOKET_BY_PIN");
  g_autoptr(JsonObject) sign_in = NULL;
  g_autoptr(JsonObject) signed_in = NULL;
  g_autoptr(JsonObject) signed_out = NULL;
  g_autoptr(JsonObject) owned = body ? json_object_ref (body) : json_object_new ();
  g_autoptr(GError) local = NULL;
  JsonObject *reply;

  if (pin == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           "--by needs that person's PIN: --by-pin PIN (or LOKET_BY_PIN)");
      return NULL;
    }
  sign_in = loket_json_object_new_with ("clerk", by, "pin", pin, NULL);
  signed_in = loket_client_request (client, "LOGIN", sign_in, error);
  if (signed_in == NULL)
    {
      g_prefix_error (error, "signing %s in: ", by);
      return NULL;
    }
  json_object_set_string_member (owned, "supervisor", by);
  reply = loket_client_request (client, type, owned, error);
  signed_out = loket_client_request (client, "LOGOUT", NULL, &local);
  if (signed_out == NULL)
    g_printerr ("loketctl: signing %s out: %s\n", by, local->message);
  return reply;
}

static JsonObject *
request (Invocation *inv, const char *type, JsonObject *body, GError **error)
{
  Connection conn = { 0 };
  g_autoptr(LoketClient) client = NULL;
  g_autoptr(LoketClientKey) key = NULL;
  const char *timeout = option (inv, "timeout", NULL);
  const char *by = option (inv, "by", "LOKET_BY");

  if (!connection_init (inv, &conn, error))
    return NULL;
  key = conn.key;
  client = loket_client_new (conn.server, key, conn.device, error);
  if (client == NULL)
    return NULL;
  if (timeout != NULL)
    loket_client_set_timeout (client, (guint) g_ascii_strtoull (timeout, NULL, 10), 1000);
  if (by != NULL)
    return request_by (inv, client, by, type, body, error);
  return loket_client_request (client, type, body, error);
}

static JsonObject *
survey_request (gpointer inv, const char *type, JsonObject *body, GError **error)
{
  return request (inv, type, body, error);
}

/* A request about one counter, whose reply carries a ticket. */
static gboolean
counter_command (Invocation *inv, const char *type, guint n_args, const char *synopsis,
                 GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  const char *names[] = { "reason", "note", "outcome", "ticket", "pin", NULL };

  if (!need_args (inv, n_args, synopsis, error))
    return FALSE;
  json_object_set_string_member (body, "counter", arg (inv, 1));
  for (guint i = 0; names[i]; i++)
    if (option (inv, names[i], NULL))
      json_object_set_string_member (body, names[i], option (inv, names[i], NULL));
  if (g_str_equal (type, "TRANSFER"))
    json_object_set_string_member (body, "service", arg (inv, 2));
  if (g_str_equal (type, "LOGIN"))
    json_object_set_string_member (body, "clerk", arg (inv, 2));
  reply = request (inv, type, body, error);
  if (reply == NULL)
    return FALSE;
  if (json_object_has_member (reply, "ticket"))
    print_ticket_reply (inv, reply);
  else
    print_counter_reply (inv, reply);
  return TRUE;
}

static gboolean
cmd_issue (Invocation *inv, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  if (!need_args (inv, 2, "issue SERVICE [--priority GROUP]", error))
    return FALSE;
  json_object_set_string_member (body, "service", arg (inv, 1));
  if (option (inv, "priority", NULL))
    json_object_set_string_member (body, "priority", option (inv, "priority", NULL));
  reply = request (inv, "ISSUE", body, error);
  if (reply == NULL)
    return FALSE;
  print_ticket_reply (inv, reply);
  return TRUE;
}

/* A ticket reference on the command line: a number (id) or "A-007". */
static void
set_ticket_ref (JsonObject *body, const char *ref)
{
  guint64 id;

  if (g_ascii_string_to_unsigned (ref, 10, 1, G_MAXINT64, &id, NULL))
    json_object_set_int_member (body, "ticket", (gint64) id);
  else
    json_object_set_string_member (body, "ticket", ref);
}

/* A supervisor's request about one ticket: VOID or REPRINT. */
static gboolean
ticket_command (Invocation *inv, const char *type, const char *synopsis, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  const char *names[] = { "reason", "kiosk", NULL };

  if (!need_args (inv, 2, synopsis, error))
    return FALSE;
  set_ticket_ref (body, arg (inv, 1));
  for (guint i = 0; names[i]; i++)
    if (option (inv, names[i], NULL))
      json_object_set_string_member (body, names[i], option (inv, names[i], NULL));
  reply = request (inv, type, body, error);
  if (reply == NULL)
    return FALSE;
  print_ticket_reply (inv, reply);
  return TRUE;
}

/* A supervisor closes the day (today, or a past DAY) once tickets are
 * no longer issued; loketd does it by itself at closing time. */
static gboolean
cmd_close_day (Invocation *inv, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  if (inv->args->len > 2)
    return need_args (inv, 2, "close-day [DAY] [--reason R]", error);
  if (arg (inv, 1) != NULL)
    json_object_set_string_member (body, "day", arg (inv, 1));
  if (option (inv, "reason", NULL))
    json_object_set_string_member (body, "reason", option (inv, "reason", NULL));
  reply = request (inv, "CLOSE_DAY", body, error);
  if (reply == NULL)
    return FALSE;
  if (inv->json)
    print_json (reply);
  else
    g_print ("service day %s closed: %" G_GINT64_FORMAT " tickets left unserved\n",
             json_object_get_string_member (reply, "day"), json_object_get_int_member (reply, "unserved"));
  return TRUE;
}

static gboolean
cmd_print (Invocation *inv, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  gboolean ok = g_hash_table_contains (inv->options, "ok");

  if (!need_args (inv, 2, "print TICKET --ok|--failed [--reason R]", error))
    return FALSE;
  if (ok == g_hash_table_contains (inv->options, "failed"))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, "say --ok or --failed");
      return FALSE;
    }
  set_ticket_ref (body, arg (inv, 1));
  json_object_set_boolean_member (body, "ok", ok);
  if (option (inv, "reason", NULL))
    json_object_set_string_member (body, "reason", option (inv, "reason", NULL));
  if (g_hash_table_contains (inv->options, "reprint"))
    json_object_set_boolean_member (body, "reprint", TRUE);
  reply = request (inv, "PRINT", body, error);
  if (reply == NULL)
    return FALSE;
  print_ticket_reply (inv, reply);
  return TRUE;
}

/* "siti  supervisor  Siti Rahma", one line each, and what the office
 * lacks: without a head nobody manages the staff, and the way out. */
static void
print_staff (Invocation *inv, JsonObject *reply)
{
  JsonArray *staff = json_object_get_array_member (reply, "staff");
  guint heads = 0, supervisors = 0;

  if (inv->json)
    print_json (reply);
  for (guint i = 0; i < json_array_get_length (staff); i++)
    {
      JsonObject *s = json_array_get_object_element (staff, i);
      const char *role = json_object_get_string_member (s, "role");

      heads += g_str_equal (role, "head");
      supervisors += g_str_equal (role, "supervisor");
      if (!inv->json)
        g_print ("%-12s %-10s %s\n", json_object_get_string_member (s, "id"), role,
                 json_object_get_string_member (s, "name"));
    }
  if (heads == 0)
    g_printerr ("loketctl: the office has no head%s; appoint the first with\n"
                "  loketctl staff add ID NAME --role head --pin PIN   (someone new), or\n"
                "  loketctl staff set-role ID head                     (someone listed)\n",
                supervisors == 0 ? " and no supervisor: nobody can sign in at a supervisor's device" : "");
}

/* What a staff command did, in its reply's words: "siti saved as
 * supervisor"; `clerk …` keeps its older lines ("clerk siti saved"). */
static void
print_staff_done (Invocation *inv, const char *verb, JsonObject *reply)
{
  const char *id = json_object_get_string_member (reply, "clerk");
  const char *role = json_object_get_string_member (reply, "role");
  gboolean alias = g_str_equal (arg (inv, 0), "clerk");

  if (inv->json)
    print_json (reply);
  else if (g_str_equal (verb, "add"))
    g_print (alias ? "clerk %s saved\n" : "%s saved as %s\n", id, role);
  else if (g_str_equal (verb, "passwd"))
    g_print ("%s%s has a new PIN\n", alias ? "clerk " : "", id);
  else if (g_str_equal (verb, "set-role"))
    g_print ("%s%s is %s now\n", alias ? "clerk " : "", id, role);
  else
    g_print ("%s%s removed\n", alias ? "clerk " : "", id);
}

/* staff add|passwd|set-role|remove|list, also as `clerk …`.  add and
 * passwd are both CLERK_SET: without a name the server changes an
 * existing person's PIN only. */
static gboolean
cmd_staff (Invocation *inv, GError **error)
{
  static const char synopsis[] = "staff list | staff add ID NAME --pin PIN [--role ROLE] | "
                                 "staff passwd ID --pin PIN | staff set-role ID ROLE | staff remove ID";
  const char *verb = arg (inv, 1);
  const char *pin = option (inv, "pin", NULL);
  const char *role = option (inv, "role", NULL);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  const char *type = "CLERK_SET";
  guint n = inv->args->len;
  gboolean passwd = g_strcmp0 (verb, "passwd") == 0 && n == 3 && pin != NULL && role == NULL;

  if (g_strcmp0 (verb, "list") == 0 && n == 2 && pin == NULL && role == NULL)
    type = "CLERK_LIST";
  else if (g_strcmp0 (verb, "add") == 0 && n == 4 && pin != NULL)
    {
      json_object_set_string_member (body, "name", arg (inv, 3));
      if (role != NULL)
        json_object_set_string_member (body, "role", role);
    }
  else if (g_strcmp0 (verb, "set-role") == 0 && n == 4 && pin == NULL && role == NULL)
    {
      type = "CLERK_ROLE";
      json_object_set_string_member (body, "role", arg (inv, 3));
    }
  else if (g_strcmp0 (verb, "remove") == 0 && n == 3 && pin == NULL && role == NULL)
    type = "CLERK_REMOVE";
  else if (!passwd)
    return need_args (inv, 0, synopsis, error);
  if (n >= 3)
    json_object_set_string_member (body, "clerk", arg (inv, 2));
  if (pin != NULL)
    json_object_set_string_member (body, "pin", pin);
  reply = request (inv, type, body, error);
  if (reply == NULL)
    return FALSE;
  if (g_str_equal (type, "CLERK_LIST"))
    print_staff (inv, reply);
  else
    print_staff_done (inv, verb, reply);
  return TRUE;
}

static gboolean
cmd_counter_services (Invocation *inv, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_auto(GStrv) ids = NULL;
  JsonArray *services;
  JsonObject *counter;

  if (!need_args (inv, 3, "counter-services COUNTER SERVICE[,SERVICE…] [--reason R]", error))
    return FALSE;
  services = json_array_new ();
  json_object_set_array_member (body, "services", services);
  ids = g_strsplit (arg (inv, 2), ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    if (*g_strstrip (ids[i]) != '\0')
      json_array_add_string_element (services, ids[i]);
  json_object_set_string_member (body, "counter", arg (inv, 1));
  if (option (inv, "reason", NULL))
    json_object_set_string_member (body, "reason", option (inv, "reason", NULL));
  reply = request (inv, "COUNTER_SERVICES", body, error);
  if (reply == NULL)
    return FALSE;
  counter = json_object_get_object_member (reply, "counter");
  if (inv->json)
    print_json (counter);
  else
    {
      JsonArray *now = json_object_get_array_member (counter, "services");
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (now); i++)
        g_string_append_printf (list, "%s%s", i ? ", " : "", json_array_get_string_element (now, i));
      g_print ("counter %s calls %s\n", json_object_get_string_member (counter, "id"), list->str);
    }
  return TRUE;
}

/* "  3  A-012   ktp         elderly       12/30 min": one line per ticket in
 * the order the counter will call them, the wait so far against the
 * promise. */
static void
print_queue_ticket (JsonObject *t, gint64 now)
{
  gint64 waited = (now - json_object_get_int_member (t, "issued_at")) / (60 * G_USEC_PER_SEC);
  gint64 promised = json_object_get_int_member (t, "promised_wait_minutes");

  g_print ("  %3" G_GINT64_FORMAT "  %-7s %-11s %-12s %4" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " min%s\n",
           json_object_get_int_member (t, "position"),
           json_object_get_string_member (t, "number"),
           json_object_get_string_member (t, "service"),
           loket_json_optional_string (t, "priority") ?: "-",
           MAX (waited, 0), promised, waited > promised ? "  overdue" : "");
}

static void
print_queue (JsonObject *reply)
{
  JsonObject *counter = json_object_get_object_member (reply, "counter");
  JsonArray *tickets = json_object_get_array_member (reply, "tickets");
  JsonObject *f = json_object_get_object_member (reply, "figures");
  gint64 now = g_get_real_time ();

  g_print ("counter %s %s, clerk %s: %u waiting\n", json_object_get_string_member (counter, "id"),
           json_object_get_string_member (counter, "state"),
           loket_json_optional_string (counter, "clerk") ?: "-", json_array_get_length (tickets));
  if (json_array_get_length (tickets) > 0)
    g_print ("    #  number  service     priority     waited/promised\n");
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    print_queue_ticket (json_array_get_object_element (tickets, i), now);
  g_print ("today: %" G_GINT64_FORMAT " called, %" G_GINT64_FORMAT " served, %" G_GINT64_FORMAT
           " finished, %" G_GINT64_FORMAT " no-shows, %" G_GINT64_FORMAT " transferred; mean service %.1f min;"
           " %" G_GINT64_FORMAT " waits and %" G_GINT64_FORMAT " services over the promise; paused %"
           G_GINT64_FORMAT " min\n",
           json_object_get_int_member (f, "called"), json_object_get_int_member (f, "served"),
           json_object_get_int_member (f, "finished"), json_object_get_int_member (f, "noshows"),
           json_object_get_int_member (f, "transferred"),
           json_object_get_int_member (f, "mean_service_usec") / (60.0 * G_USEC_PER_SEC),
           json_object_get_int_member (f, "wait_breaches"),
           json_object_get_int_member (f, "service_breaches"),
           json_object_get_int_member (f, "pause_usec") / (60 * G_USEC_PER_SEC));
}

static gboolean
cmd_queue (Invocation *inv, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  if (!need_args (inv, 2, "queue COUNTER", error))
    return FALSE;
  json_object_set_string_member (body, "counter", arg (inv, 1));
  reply = request (inv, "QUEUE", body, error);
  if (reply == NULL)
    return FALSE;
  if (inv->json)
    print_json (reply);
  else
    print_queue (reply);
  return TRUE;
}

static gboolean
cmd_simple (Invocation *inv, const char *type, GError **error)
{
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *request_type = g_ascii_strup (type, -1);

  if (!need_args (inv, 1, type, error))
    return FALSE;
  reply = request (inv, request_type, NULL, error);
  if (reply == NULL)
    return FALSE;
  if (g_str_equal (type, "status"))
    print_status (inv, reply);
  else
    print_services (inv, reply);
  return TRUE;
}

/* ---- watch ------------------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  gint64     remaining;   /* events left to print; < 0: forever */
  gboolean   text;
  char      *time_zone;   /* the office's, from the snapshot */
} Watch;

/* "09:14:03  CALLED        A-007 ktp-el      → counter 3  by siti  (reason)" */
static void
watch_text (const char *type, JsonObject *body, const char *time_zone)
{
  JsonObject *ticket = json_object_has_member (body, "ticket") ? json_object_get_object_member (body, "ticket") : NULL;
  JsonObject *counter = json_object_has_member (body, "counter") ? json_object_get_object_member (body, "counter") : NULL;
  gint64 time = loket_json_optional_int (body, "time", g_get_real_time ());
  g_autofree char *clock = loket_office_time_format (time_zone, time, "%H:%M:%S");
  g_autoptr(GString) line = g_string_new (NULL);
  const char *reason = loket_json_optional_string (body, "reason");

  g_string_append_printf (line, "%s  %-13s", clock, type);
  if (ticket != NULL)
    g_string_append_printf (line, " %-6s %-11s", loket_json_optional_string (ticket, "number"),
                            loket_json_optional_string (ticket, "service"));
  if (ticket != NULL && loket_json_optional_string (ticket, "priority") != NULL)
    g_string_append_printf (line, " [%s]", loket_json_optional_string (ticket, "priority"));
  if (counter != NULL)
    g_string_append_printf (line, " → counter %s", loket_json_optional_string (counter, "id"));
  if (loket_json_optional_string (body, "kiosk") != NULL)
    g_string_append_printf (line, " → kiosk %s", loket_json_optional_string (body, "kiosk"));
  if (g_strcmp0 (type, "PRIORITY_REFUSED") == 0)
    g_string_append_printf (line, " [%s refused]", loket_json_optional_string (body, "priority"));
  if (ticket == NULL && loket_json_optional_string (body, "service") != NULL)
    g_string_append_printf (line, " %-18s", loket_json_optional_string (body, "service"));
  /* A complaint's receipt on paper (PRINTED, PRINT_FAILED): which one. */
  else if (ticket == NULL && loket_json_optional_string (body, "receipt") != NULL)
    g_string_append_printf (line, " %-18s", loket_json_optional_string (body, "receipt"));
  if (g_str_equal (type, "DAY_CLOSED"))
    g_string_append_printf (line, " %s, %" G_GINT64_FORMAT " unserved", loket_json_optional_string (body, "day"),
                            loket_json_optional_int (body, "unserved", 0));
  if (loket_json_optional_string (body, "actor") != NULL)
    g_string_append_printf (line, "  by %s", loket_json_optional_string (body, "actor"));
  if (reason != NULL)
    g_string_append_printf (line, "  (%s)", reason);
  if (json_object_has_member (body, "waiting"))
    g_string_append_printf (line, " %" G_GINT64_FORMAT " waiting", loket_json_optional_int (body, "waiting", 0));
  g_print ("%s\n", line->str);
  fflush (stdout);
}

static void
watch_line (Watch *watch, const char *type, JsonObject *body)
{
  g_autoptr(JsonObject) line = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (body);

  if (watch->text)
    {
      watch_text (type, body, watch->time_zone);
      return;
    }

  json_object_set_string_member (line, "type", type);
  for (GList *l = members; l; l = l->next)
    if (!g_str_equal (l->data, "type"))
      json_object_set_member (line, l->data, json_node_copy (json_object_get_member (body, l->data)));
  print_json (line);
}

static void
on_watch_event (LoketSubscriber *sub, const char *type, JsonObject *event, Watch *watch)
{
  watch_line (watch, type, event);
  if (watch->remaining > 0 && --watch->remaining == 0)
    g_main_loop_quit (watch->loop);
}

static void
on_watch_snapshot (LoketSubscriber *sub, JsonObject *snapshot, Watch *watch)
{
  g_autoptr(JsonObject) brief = json_object_new ();

  g_free (watch->time_zone);
  watch->time_zone = g_strdup (loket_json_optional_string (snapshot, "time_zone"));
  json_object_set_int_member (brief, "seq", json_object_get_int_member (snapshot, "seq"));
  json_object_set_string_member (brief, "service_day", json_object_get_string_member (snapshot, "service_day"));
  json_object_set_int_member (brief, "waiting",
                              json_array_get_length (json_object_get_array_member (snapshot, "waiting")));
  watch_line (watch, "SNAPSHOT", brief);
}

static void
on_watch_online (LoketSubscriber *sub, GParamSpec *pspec, Watch *watch)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_int_member (body, "seq", loket_subscriber_get_seq (sub));
  watch_line (watch, loket_subscriber_get_online (sub) ? "ONLINE" : "OFFLINE", body);
}

static gboolean
watch_quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
cmd_watch (Invocation *inv, GError **error)
{
  Connection conn = { 0 };
  g_autoptr(LoketClientKey) key = NULL;
  g_autofree char *publish = NULL;
  g_autoptr(LoketSubscriber) sub = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch watch = { loop, -1, g_hash_table_contains (inv->options, "text") };

  if (!need_args (inv, 1, "watch [--count N] [--text]", error) || !connection_init (inv, &conn, error))
    return FALSE;
  key = conn.key;
  publish = conn.publish ? g_strdup (conn.publish) : loket_endpoint_next_port (conn.server, error);
  if (publish == NULL)
    return FALSE;
  if (option (inv, "count", NULL))
    watch.remaining = (gint64) g_ascii_strtoull (option (inv, "count", NULL), NULL, 10);
  sub = loket_subscriber_new (conn.server, publish, key, conn.device, error);
  if (sub == NULL)
    return FALSE;
  g_signal_connect (sub, "event", G_CALLBACK (on_watch_event), &watch);
  g_signal_connect (sub, "snapshot", G_CALLBACK (on_watch_snapshot), &watch);
  g_signal_connect (sub, "notify::online", G_CALLBACK (on_watch_online), &watch);
  g_unix_signal_add (SIGINT, watch_quit_cb, loop);
  g_unix_signal_add (SIGTERM, watch_quit_cb, loop);
  g_main_loop_run (loop);
  g_free (watch.time_zone);
  return TRUE;
}

/* ---- offline commands -------------------------------------------------- */

static gboolean
cmd_keys (Invocation *inv, GError **error)
{
  const char *verb = arg (inv, 1);
  LoketRole role;

  if (g_strcmp0 (verb, "init") == 0 && inv->args->len == 3)
    {
      if (!loket_keys_init (arg (inv, 2), error))
        return FALSE;
      g_print ("server key created in %s\n", arg (inv, 2));
      return TRUE;
    }
  if (g_strcmp0 (verb, "add") == 0 && inv->args->len == 5)
    {
      if (!loket_role_from_string (arg (inv, 4), &role))
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       "unknown role “%s”: kiosk, display, counter, supervisor, web or sync", arg (inv, 4));
          return FALSE;
        }
      if (!loket_keys_add (arg (inv, 2), arg (inv, 3), role, error))
        return FALSE;
      g_print ("%s (%s) added; give the device %s/clients/%s.key\n", arg (inv, 3), arg (inv, 4),
               arg (inv, 2), arg (inv, 3));
      return TRUE;
    }
  if (g_strcmp0 (verb, "revoke") == 0 && inv->args->len == 4)
    {
      if (!loket_keys_revoke (arg (inv, 2), arg (inv, 3), error))
        return FALSE;
      g_print ("%s revoked; send loketd SIGHUP to apply it now\n", arg (inv, 3));
      return TRUE;
    }
  return need_args (inv, 0, "keys init DIR | keys add DIR NAME ROLE | keys revoke DIR NAME", error);
}

static gboolean
cmd_verify (Invocation *inv, GError **error)
{
  const char *db = option (inv, "db", NULL);
  g_autoptr(LoketStore) store = NULL;
  LoketVerifySummary summary;

  if (db == NULL || !need_args (inv, 1, "verify --db FILE", error))
    return need_args (inv, 0, "verify --db FILE", error);
  /* The replay frees and allocates the same buffers a million times; with
   * glibc's default the heap top is given back and taken again each time,
   * which cost a third of the run (measured on a generated month). */
  mallopt (M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  store = loket_store_open_readonly (db, error);
  if (store == NULL || !loket_store_verify_all (store, &summary, error))
    return FALSE;
  if (inv->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_boolean_member (result, "ok", TRUE);
      json_object_set_int_member (result, "events", summary.events);
      json_object_set_int_member (result, "tickets", summary.tickets);
      json_object_set_int_member (result, "days", summary.days);
      print_json (result);
    }
  else
    g_print ("%s: the event log is intact (%" G_GINT64_FORMAT " events) and the tickets and "
             "report rows equal its replay (%" G_GINT64_FORMAT " tickets, %" G_GINT64_FORMAT " days)\n",
             db, summary.events, summary.tickets, summary.days);
  return TRUE;
}

/* Each service day's last event hash: publish it, and the history up to
 * it cannot be rewritten without contradicting it. */
static gboolean
cmd_anchors (Invocation *inv, GError **error)
{
  const char *db = option (inv, "db", NULL);
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(JsonArray) list = json_array_new ();

  if (db == NULL || !need_args (inv, 1, "anchors --db FILE [--from DAY --to DAY]", error))
    return need_args (inv, 0, "anchors --db FILE [--from DAY --to DAY]", error);
  store = loket_store_open_readonly (db, error);
  if (store == NULL ||
      (anchors = loket_store_list_anchors (store, option (inv, "from", NULL),
                                           option (inv, "to", NULL), error)) == NULL)
    return FALSE;
  for (guint i = 0; i < anchors->len; i++)
    {
      const LoketAnchor *a = g_ptr_array_index (anchors, i);
      JsonObject *o = json_object_new ();

      if (!inv->json)
        g_print ("%s %" G_GINT64_FORMAT " %s\n", a->day, a->seq, a->hash);
      json_object_set_string_member (o, "day", a->day);
      json_object_set_int_member (o, "seq", a->seq);
      json_object_set_string_member (o, "hash", a->hash);
      json_array_add_object_element (list, o);
    }
  if (inv->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_array_member (result, "anchors", json_array_ref (list));
      print_json (result);
    }
  return TRUE;
}

static gboolean
dispatch (Invocation *inv, GError **error)
{
  const char *command = arg (inv, 0);

  if (command == NULL)
    return need_args (inv, 0, "COMMAND … (see --help)", error);
  if (g_str_equal (command, "keys"))        return cmd_keys (inv, error);
  if (g_str_equal (command, "verify"))      return cmd_verify (inv, error);
  if (g_str_equal (command, "anchors"))     return cmd_anchors (inv, error);
  if (g_str_equal (command, "report"))      return loketctl_report (inv->options, inv->args, error);
  if (g_str_equal (command, "offices"))     return loketctl_offices (inv->options, inv->args, inv->json, error);
  if (g_str_equal (command, "survey"))      return loketctl_survey (inv->options, inv->args, survey_request, inv, error);
  if (g_str_equal (command, "complaints"))  return loketctl_complaints (inv->options, inv->args, survey_request, inv, error);
  if (g_str_equal (command, "services"))    return cmd_simple (inv, "services", error);
  if (g_str_equal (command, "status"))      return cmd_simple (inv, "status", error);
  if (g_str_equal (command, "issue"))       return cmd_issue (inv, error);
  if (g_str_equal (command, "print"))       return cmd_print (inv, error);
  if (g_str_equal (command, "void"))        return ticket_command (inv, "VOID", "void TICKET --reason REASON", error);
  if (g_str_equal (command, "staff") || g_str_equal (command, "clerk")) return cmd_staff (inv, error);
  if (g_str_equal (command, "reprint"))     return ticket_command (inv, "REPRINT", "reprint TICKET [--kiosk K] [--reason R]", error);
  if (g_str_equal (command, "close-day"))   return cmd_close_day (inv, error);
  if (g_str_equal (command, "queue"))       return cmd_queue (inv, error);
  if (g_str_equal (command, "counter-services")) return cmd_counter_services (inv, error);
  if (g_str_equal (command, "watch"))       return cmd_watch (inv, error);
  if (g_str_equal (command, "backup") || g_str_equal (command, "restore")) return loketctl_backup (inv->options, inv->args, inv->json, error);
  if (g_str_equal (command, "simulate"))    return loketctl_simulate (inv->options, inv->args, inv->json, error);
  if (g_str_equal (command, "call"))        return counter_command (inv, "CALL", 2, "call COUNTER [--ticket T --reason R]", error);
  if (g_str_equal (command, "recall"))      return counter_command (inv, "RECALL", 2, "recall COUNTER", error);
  if (g_str_equal (command, "start"))       return counter_command (inv, "START", 2, "start COUNTER", error);
  if (g_str_equal (command, "finish"))      return counter_command (inv, "FINISH", 2, "finish COUNTER [--outcome O]", error);
  if (g_str_equal (command, "noshow"))      return counter_command (inv, "NOSHOW", 2, "noshow COUNTER", error);
  if (g_str_equal (command, "transfer"))    return counter_command (inv, "TRANSFER", 3, "transfer COUNTER SERVICE", error);
  if (g_str_equal (command, "pause"))       return counter_command (inv, "PAUSE", 2, "pause COUNTER --reason ID [--note TEXT]", error);
  if (g_str_equal (command, "resume"))      return counter_command (inv, "RESUME", 2, "resume COUNTER", error);
  if (g_str_equal (command, "login"))       return counter_command (inv, "LOGIN", 3, "login COUNTER CLERK --pin PIN", error);
  if (g_str_equal (command, "logout"))      return counter_command (inv, "LOGOUT", 2, "logout COUNTER", error);
  if (g_str_equal (command, "not-entitled")) return counter_command (inv, "PRIORITY_REFUSE", 2, "not-entitled COUNTER --reason R", error);
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "unknown command “%s” (see --help)", command);
  return FALSE;
}

int
main (int argc, char **argv)
{
  Invocation inv = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) options = NULL;
  g_autoptr(GPtrArray) args = NULL;
  gboolean ok;

  setlocale (LC_ALL, "");
  ok = parse_invocation (argc, argv, &inv, &error);
  options = inv.options;
  args = inv.args;
  if (!ok)
    {
      g_printerr ("loketctl: %s\n%s", error->message, usage);
      return EXIT_USAGE;
    }
  if (g_hash_table_contains (inv.options, "help"))
    {
      g_print ("%s", usage);
      return 0;
    }
  if (!dispatch (&inv, &error))
    {
      g_printerr ("loketctl: %s\n", error->message);
      return g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID) &&
             g_str_has_prefix (error->message, "usage:") ? EXIT_USAGE : EXIT_REFUSED;
    }
  return 0;
}
