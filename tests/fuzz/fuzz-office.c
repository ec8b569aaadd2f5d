/* fuzz-office.c — the dispatcher (server/loket-office*.c) on arbitrary
 * requests, over a real SQLite store.
 *
 * The input is a little script, one request a line:
 *
 *     ROLE[:DEVICE] TYPE {JSON body}
 *     @MINUTES                        (sets the clock, from 2026-11-25 09:00 WIB)
 *
 *     ROLE[:DEVICE] ~BYTES            (a request built from the protocol table)
 *
 * ROLE is kiosk, display, counter or supervisor (anything else is a key
 * with no role, which the office must refuse); TYPE is a request type, or
 * a number that picks one from the protocol table.  In the third form the
 * bytes after "~" pick the type and fill its body by the table
 * (loket-fuzz-body.h), with the charter's services and counters and a few
 * clerks as values, so that most requests get past admission into the
 * handlers; ROLE "*" is then one of the roles that may send the type.  A
 * built body is first checked against admission: admitted when
 * well-formed, `invalid` naming the field that was broken.  The requests run as
 * loket-server.c runs a batch: one BEGIN IMMEDIATE, a savepoint per
 * request, released on success and rolled back to on refusal.  After each
 * one: a refusal is a LOKET_ERROR that left no event, `denied` comes
 * exactly when the role may not send the type, the reply goes through the
 * codec, the events have consecutive seqs, and the office still answers
 * SNAPSHOT at the same seq.  At the end the event log's hash chain
 * verifies.  Then everything is rolled back and the office forgotten, so
 * that every input starts from the same empty day and a crash reproduces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-fuzz.h"
#include "loket-fuzz-body.h"
#include "loket-error.h"
#include "loket-message.h"
#include "loket-office.h"
#include "loket-protocol.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 ((gint64) 1795572000 * G_USEC_PER_SEC)
#define MAX_REQUESTS 48

static struct {
  char         *dir;
  char         *db;
  LoketCharter *charter;
  LoketStore   *store;
  /* Values for built bodies, from the charter. */
  GStrv         services;
  GStrv         counters;
  GStrv         priorities;
  GStrv         tickets;
} fuzz;

static void
remove_store (void)
{
  g_autofree char *wal = g_strconcat (fuzz.db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fuzz.db, "-shm", NULL);

  g_clear_object (&fuzz.store);
  g_clear_object (&fuzz.charter);
  g_clear_pointer (&fuzz.services, g_strfreev);
  g_clear_pointer (&fuzz.counters, g_strfreev);
  g_clear_pointer (&fuzz.priorities, g_strfreev);
  g_clear_pointer (&fuzz.tickets, g_strfreev);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (fuzz.db);
  g_rmdir (fuzz.dir);
}

/* The ids of a charter's services, counters or priority groups (each
 * element's first member is its id). */
static GStrv
ids_of (GPtrArray *defs)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < defs->len; i++)
    g_strv_builder_add (builder, *(char **) g_ptr_array_index (defs, i));
  return g_strv_builder_end (builder);
}

/* The first tickets of each series: "A-001", "A-002", … */
static GStrv
ticket_labels (void)
{
  GPtrArray *services = loket_charter_get_services (fuzz.charter);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < services->len; i++)
    for (guint n = 1; n <= 3; n++)
      {
        g_autofree char *label = g_strdup_printf ("%s-%03u",
                                                  ((LoketServiceDef *) g_ptr_array_index (services, i))->series, n);

        g_strv_builder_add (builder, label);
      }
  return g_strv_builder_end (builder);
}

/* What a field of a built body holds: what this charter and this day
 * know, so that a request finds its service, counter, clerk or ticket. */
static const char * const *
office_values (const char *name, gpointer user_data)
{
  static const char * const clerks[] = { "budi", "sari", "kepala", NULL };
  static const char * const pins[] = { "1234", "4321", NULL };
  static const char * const names[] = { "Budi Santoso", "Sari Dewi", NULL };
  static const char * const days[] = { "2026-11-25", "2026-11-24", "2026-11-01", "2026-13-01", NULL };
  static const char * const components[] = { "printer", "scanner", NULL };
  static const char * const reasons[] = { "istirahat", "salah layanan", "media-empty-error", NULL };

  if (g_str_equal (name, "service") || g_str_equal (name, "services"))
    return (const char * const *) fuzz.services;
  if (g_str_equal (name, "counter"))
    return (const char * const *) fuzz.counters;
  if (g_str_equal (name, "priority"))
    return (const char * const *) fuzz.priorities;
  if (g_str_equal (name, "ticket"))
    return (const char * const *) fuzz.tickets;
  if (g_str_equal (name, "clerk") || g_str_equal (name, "supervisor"))
    return clerks;
  if (g_str_equal (name, "pin"))
    return pins;
  if (g_str_equal (name, "name"))
    return names;
  if (g_str_equal (name, "from") || g_str_equal (name, "to"))
    return days;
  if (g_str_equal (name, "component"))
    return components;
  if (g_str_equal (name, "reason"))
    return reasons;
  return NULL;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (LOKET_SOURCE_DIR, "tests", "data", "charter-test.ini", NULL);

  loket_fuzz_init ();
  fuzz.charter = loket_charter_new_from_file (path, &error);
  g_assert_no_error (error);
  fuzz.services = ids_of (loket_charter_get_services (fuzz.charter));
  fuzz.counters = ids_of (loket_charter_get_counters (fuzz.charter));
  fuzz.priorities = ids_of (loket_charter_get_priority_groups (fuzz.charter));
  fuzz.tickets = ticket_labels ();
  fuzz.dir = g_dir_make_tmp ("loket-fuzz-office-XXXXXX", &error);
  g_assert_no_error (error);
  fuzz.db = g_build_filename (fuzz.dir, "loket.db", NULL);
  fuzz.store = loket_store_open (fuzz.db, &error);
  g_assert_no_error (error);
  atexit (remove_store);
  return 0;
}

/* One parsed line. */
typedef struct {
  char                *type;
  char                *device;
  LoketRole            role;
  JsonObject          *body;
  gboolean             built;    /* by the table, from "~BYTES" */
  const LoketFieldDef *broken;   /* the field it broke, if built */
} Line;

static void
line_clear (Line *line)
{
  g_free (line->type);
  g_free (line->device);
  g_clear_pointer (&line->body, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Line, line_clear)

/* ROLE[:DEVICE]; "*" is one of @allowed's roles, picked by @pick. */
static void
parse_role (const char *word, LoketRole allowed, guint pick, Line *line)
{
  /* One per role bit, in LoketRole order. */
  static const char * const devices[] = { "kiosk1", "display1", "counter1", "super", "web1", "sync1" };
  G_STATIC_ASSERT (LOKET_ROLE_ANY == (1u << G_N_ELEMENTS (devices)) - 1);
  const char *colon = strchr (word, ':');
  g_autofree char *role = g_strndup (word, colon ? (gsize) (colon - word) : strlen (word));

  if (g_str_equal (role, "*") && allowed != LOKET_ROLE_NONE)
    {
      guint n = (guint) g_bit_nth_lsf (allowed, -1);

      for (guint skip = pick % (guint) __builtin_popcount (allowed); skip > 0; skip--)
        n = (guint) g_bit_nth_lsf (allowed, (gint) n);
      line->role = 1u << n;
    }
  else if (!loket_role_from_string (role, &line->role))
    line->role = LOKET_ROLE_NONE;
  if (colon != NULL && colon[1] != '\0')
    line->device = g_strdup (colon + 1);
  else
    line->device = g_strdup (devices[line->role ? g_bit_nth_lsf (line->role, -1) : 0]);
}

static const char *
pick_type (const char *word)
{
  guint64 n = 0;

  if (!g_ascii_string_to_unsigned (word, 10, 0, G_MAXUINT32, &n, NULL))
    return word;
  return loket_protocol_requests[n % LOKET_REQUEST_N].type;
}

/* "ROLE ~BYTES": a request of the protocol table, built by the bytes. */
static gboolean
build_line (const char *role, const char *bytes, Line *line)
{
  LoketFuzzBytes in = { (const uint8_t *) bytes, strlen (bytes), 0 };
  const LoketRequestDef *def = loket_fuzz_pick_request (&in);

  parse_role (role, def->roles, loket_fuzz_byte (&in), line);
  line->type = g_strdup (def->type);
  line->body = loket_fuzz_body (def, &in, office_values, NULL, &line->broken);
  line->built = TRUE;
  return TRUE;
}

/* FALSE for a line that is no request (blank, or a body the codec would
 * have refused before the office saw it). */
static gboolean
parse_line (const char *text, Line *line)
{
  g_auto(GStrv) words = g_strsplit (text, " ", 3);
  const char *type;

  if (words[0] == NULL || words[1] == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  if (words[1][0] == '~')
    return build_line (words[0], strchr (text, '~') + 1, line);
  type = pick_type (words[1]);
  if (type == NULL || *type == '\0')
    return FALSE;
  parse_role (words[0], LOKET_ROLE_NONE, 0, line);
  line->type = g_strdup (type);
  line->body = words[2] && *words[2] ? loket_json_from_string (words[2], -1, NULL) : json_object_new ();
  return line->body != NULL;
}

/* The office must still describe itself, at the log's current seq. */
static void
check_snapshot (LoketOffice *office, gint64 now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) body = json_object_new ();
  LoketRequest request = { "SNAPSHOT", body, "display1", LOKET_ROLE_DISPLAY, now };
  g_autoptr(JsonObject) snapshot = loket_office_handle (office, &request, none, &error);

  if (snapshot == NULL)
    g_printerr ("SNAPSHOT failed: %s\n", error->message);
  loket_fuzz_assert (snapshot != NULL && none->len == 0);
  loket_fuzz_assert (json_object_get_int_member (snapshot, "seq") == loket_store_get_last_seq (fuzz.store));
}

/* The reply as the server would send it, through the codec and back. */
static void
check_reply (JsonObject *reply)
{
  g_autoptr(LoketMessage) message = loket_message_new ("OK", reply);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *text = loket_message_encode_body (message, &length);
  g_autoptr(LoketMessage) back = loket_message_decode ("OK", 2, text, length, LOKET_MAX_REPLY_SIZE, &error);

  if (back == NULL)
    g_printerr ("the reply %s does not decode: %s\n", text, error->message);
  loket_fuzz_assert (back != NULL);
}

/* For the debug log of a reproduction (LOKET_FUZZ_VERBOSE=1). */
static const char *
body_text (JsonObject *body)
{
  static char *text;

  g_free (text);
  text = loket_json_to_string (body);
  return text;
}

/* One request in its savepoint, as apply_one() in loket-server.c. */
static void
run_one (LoketOffice *office, const Line *line, gint64 now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  LoketRequest request = { line->type, line->body, line->device, line->role, now };
  gint64 seq = loket_store_get_last_seq (fuzz.store);
  const LoketRequestDef *def = loket_protocol_lookup_request (line->type);
  gboolean allowed = def != NULL && (def->roles & line->role) != 0;
  g_autoptr(JsonObject) reply = NULL;

  if (line->built)
    loket_fuzz_check_admission (def, line->role, line->body, line->broken);
  loket_fuzz_assert (loket_store_savepoint (fuzz.store, NULL));
  reply = loket_office_handle (office, &request, events, &error);
  g_debug ("%s %s %s: %s", loket_role_to_string (line->role), line->type,
           body_text (line->body), reply ? "ok" : error->message);
  if (reply != NULL && !loket_store_release (fuzz.store, &error))
    g_clear_pointer (&reply, json_object_unref);
  if (reply == NULL)
    {
      loket_store_rollback_to (fuzz.store);
      loket_fuzz_assert (error != NULL && error->domain == LOKET_ERROR && error->message[0] != '\0');
      loket_fuzz_assert (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_DENIED) == !allowed ||
                         g_error_matches (error, LOKET_ERROR, LOKET_ERROR_UNKNOWN_TYPE));
      loket_fuzz_assert (loket_store_get_last_seq (fuzz.store) == seq);
      return;
    }
  loket_fuzz_assert (allowed && error == NULL);
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      loket_fuzz_assert (json_object_get_int_member (event, "seq") == seq + 1 + (gint64) i);
      loket_fuzz_assert (loket_json_optional_string (event, "type") != NULL);
    }
  loket_fuzz_assert (loket_store_get_last_seq (fuzz.store) == seq + (gint64) events->len);
  check_reply (reply);
}

/* "@MINUTES": a new time of day (or day), in minutes after T0. */
static gboolean
parse_clock (const char *text, gint64 *now)
{
  gint64 minutes = 0;

  if (text[0] != '@' || !g_ascii_string_to_signed (text + 1, 10, -100000, 100000, &minutes, NULL))
    return FALSE;
  *now = T0 + minutes * 60 * G_USEC_PER_SEC;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", MAX_REQUESTS + 1);
  g_autoptr(LoketOffice) office = loket_office_new (fuzz.charter, fuzz.store);
  gint64 now = T0;
  gint64 n_events = 0;

  loket_fuzz_assert (loket_store_begin (fuzz.store, NULL));
  for (guint i = 0; lines[i] != NULL && i < MAX_REQUESTS; i++)
    {
      g_auto(Line) line = { 0 };

      now += G_USEC_PER_SEC;
      if (parse_clock (lines[i], &now) || !parse_line (lines[i], &line))
        continue;
      run_one (office, &line, now);
      check_snapshot (office, now);
    }
  loket_fuzz_assert (loket_store_verify (fuzz.store, &n_events, NULL));
  loket_fuzz_assert (n_events == loket_store_get_last_seq (fuzz.store));
  loket_store_rollback (fuzz.store);
  return 0;
}
