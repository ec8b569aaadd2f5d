/* loket-store-complaint.c — complaints' rows (schema 16, tables
 * complaints, complaint_steps, complainants, complaint_salt): a complaint
 * with its receipt and deadline, the steps taken on it, and the person's
 * name and contact kept apart so that they can be purged after closing
 * while the complaint and its record stay (docs/complaints.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-store"

#include "loket-complaint.h"
#include "loket-store-private.h"
#include "loket-error.h"

#include <string.h>

#define COMPLAINT_COLUMNS \
  "c.id, c.receipt, c.token, c.service, c.ticket, c.category, c.description, c.channel, c.received_at," \
  " c.received_by, c.service_day, c.deadline, c.state, c.answer, c.answered_at, c.closed_at, c.person," \
  " c.waited_minutes, c.promised_minutes, p.name, p.contact, p.complaint IS NOT NULL, c.receipt_print"
#define COMPLAINT_FROM " FROM complaints c LEFT JOIN complainants p ON p.complaint = c.id"

void
loket_complaint_free (LoketComplaint *c)
{
  if (c == NULL)
    return;
  g_free (c->receipt);
  g_free (c->receipt_print);
  g_free (c->token);
  g_free (c->service);
  g_free (c->category);
  g_free (c->description);
  g_free (c->channel);
  g_free (c->received_by);
  g_free (c->service_day);
  g_free (c->deadline);
  g_free (c->answer);
  g_free (c->person);
  g_free (c->name);
  g_free (c->contact);
  g_free (c);
}

void
loket_complaint_step_free (LoketComplaintStep *s)
{
  if (s == NULL)
    return;
  g_free (s->act);
  g_free (s->from_state);
  g_free (s->to_state);
  g_free (s->staff);
  g_free (s->note);
  g_free (s);
}

char *
loket_store_next_complaint_receipt (LoketStore *self, guint year, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
    "SELECT COALESCE (MAX (CAST (substr (receipt, 10) AS INTEGER)), 0) FROM complaints"
    " WHERE receipt LIKE ?1", error);
  g_autofree char *pattern = g_strdup_printf ("PGD-%04u-%%", year);
  g_autofree char *last = NULL;
  g_autoptr(GError) local = NULL;

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, pattern);
  last = store_first_text (self, stmt, "numbering a complaint's receipt", &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_strdup_printf ("PGD-%04u-%06" G_GUINT64_FORMAT, year,
                          g_ascii_strtoull (last ? last : "0", NULL, 10) + 1);
}

char *
loket_store_complainant_hash (LoketStore *self, const char *name, const char *contact, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT salt FROM complaint_salt LIMIT 1", error);
  const char *who = contact != NULL && *contact ? contact : name;
  g_autofree char *folded = NULL;
  g_autoptr(GChecksum) sum = NULL;
  int rc;

  if (who == NULL || *who == '\0')
    return NULL;
  if (stmt == NULL)
    return NULL;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_STORE, "the database has no complaint salt");
      else
        store_set_error (error, self, "reading the complaint salt");
      return NULL;
    }
  folded = g_utf8_casefold (who, -1);
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  g_checksum_update (sum, (const guchar *) g_strstrip (folded), -1);
  sqlite3_reset (stmt);
  return g_strdup (g_checksum_get_string (sum));
}

static void
bind_int_or_null (sqlite3_stmt *stmt, int column, gint64 value, gint64 none)
{
  if (value != none)
    sqlite3_bind_int64 (stmt, column, value);
}

static gboolean
add_step (LoketStore *self, gint64 complaint, const LoketComplaintStep *step, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
    "INSERT INTO complaint_steps (complaint, act, from_state, to_state, staff, note, public, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, complaint);
  store_bind_text (stmt, 2, step->act);
  store_bind_text (stmt, 3, step->from_state);
  store_bind_text (stmt, 4, step->to_state);
  store_bind_text (stmt, 5, step->staff);
  store_bind_text (stmt, 6, step->note);
  sqlite3_bind_int (stmt, 7, step->is_public ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, step->at);
  return store_step_done (self, stmt, "storing a complaint's step", error);
}

static gboolean
add_complainant (LoketStore *self, const LoketComplaint *c, GError **error)
{
  sqlite3_stmt *stmt;

  if (c->name == NULL && c->contact == NULL)
    return TRUE;
  stmt = store_prepare (self, "INSERT INTO complainants (complaint, name, contact) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  store_bind_text (stmt, 2, c->name);
  store_bind_text (stmt, 3, c->contact);
  return store_step_done (self, stmt, "storing a complainant", error);
}

gboolean
loket_store_add_complaint (LoketStore *self, LoketComplaint *c, const char *actor, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
    "INSERT INTO complaints (receipt, token, service, ticket, category, description, channel, received_at,"
    " received_by, service_day, deadline, state, person, waited_minutes, promised_minutes)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", error);
  LoketComplaintStep step = { 0, (char *) "file", NULL,
                              (char *) loket_complaint_state_to_string (c->state),
                              (char *) (c->received_by ? c->received_by : actor), NULL, FALSE, c->received_at };

  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, c->receipt);
  store_bind_text (stmt, 2, c->token);
  store_bind_text (stmt, 3, c->service);
  bind_int_or_null (stmt, 4, c->ticket, 0);
  store_bind_text (stmt, 5, c->category);
  store_bind_text (stmt, 6, c->description);
  store_bind_text (stmt, 7, c->channel);
  sqlite3_bind_int64 (stmt, 8, c->received_at);
  store_bind_text (stmt, 9, c->received_by);
  store_bind_text (stmt, 10, c->service_day);
  store_bind_text (stmt, 11, c->deadline);
  store_bind_text (stmt, 12, loket_complaint_state_to_string (c->state));
  store_bind_text (stmt, 13, c->person);
  bind_int_or_null (stmt, 14, c->waited_minutes, -1);
  bind_int_or_null (stmt, 15, c->promised_minutes, -1);
  if (!store_step_done (self, stmt, "storing a complaint", error))
    return FALSE;
  c->id = sqlite3_last_insert_rowid (loket_store_get_db (self));
  return add_complainant (self, c, error) && add_step (self, c->id, &step, error);
}

gint64
loket_store_count_ticket_complaints (LoketStore *self, gint64 ticket, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "SELECT COUNT (*) FROM complaints WHERE ticket = ?1", error);
  g_autofree char *n = NULL;
  g_autoptr(GError) local = NULL;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, ticket);
  n = store_first_text (self, stmt, "counting a ticket's complaints", &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return -1;
    }
  return n ? g_ascii_strtoll (n, NULL, 10) : 0;
}

static gint64
column_int_or (sqlite3_stmt *stmt, int column, gint64 none)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? none : sqlite3_column_int64 (stmt, column);
}

static LoketComplaint *
complaint_from_row (sqlite3_stmt *stmt)
{
  LoketComplaint *c = g_new0 (LoketComplaint, 1);
  g_autofree char *state = NULL;

  c->id = sqlite3_column_int64 (stmt, 0);
  c->receipt = store_column_text (stmt, 1);
  c->token = store_column_text (stmt, 2);
  c->service = store_column_text (stmt, 3);
  c->ticket = column_int_or (stmt, 4, 0);
  c->category = store_column_text (stmt, 5);
  c->description = store_column_text (stmt, 6);
  c->channel = store_column_text (stmt, 7);
  c->received_at = sqlite3_column_int64 (stmt, 8);
  c->received_by = store_column_text (stmt, 9);
  c->service_day = store_column_text (stmt, 10);
  c->deadline = store_column_text (stmt, 11);
  state = store_column_text (stmt, 12);
  loket_complaint_state_from_string (state, &c->state);
  c->answer = store_column_text (stmt, 13);
  c->answered_at = column_int_or (stmt, 14, 0);
  c->closed_at = column_int_or (stmt, 15, 0);
  c->person = store_column_text (stmt, 16);
  c->waited_minutes = (gint) column_int_or (stmt, 17, -1);
  c->promised_minutes = (gint) column_int_or (stmt, 18, -1);
  c->name = store_column_text (stmt, 19);
  c->contact = store_column_text (stmt, 20);
  c->purged = c->person != NULL && sqlite3_column_int (stmt, 21) == 0;
  c->receipt_print = store_column_text (stmt, 22);
  return c;
}

LoketComplaint *
loket_store_find_complaint (LoketStore *self, const char *receipt, const char *token, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
    "SELECT " COMPLAINT_COLUMNS COMPLAINT_FROM " WHERE c.receipt = ?1 OR c.token = ?2", error);
  LoketComplaint *c = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, receipt);
  store_bind_text (stmt, 2, token);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    c = complaint_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "no complaint %s", receipt ? receipt : "with that token");
  else if (rc != SQLITE_ROW)
    store_set_error (error, self, "reading a complaint");
  return c;
}

gboolean
loket_store_step_complaint (LoketStore *self, LoketComplaint *c, const LoketComplaintStep *step, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
    "UPDATE complaints SET state = ?2, answer = ?3, answered_at = ?4, closed_at = ?5 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  store_bind_text (stmt, 2, loket_complaint_state_to_string (c->state));
  store_bind_text (stmt, 3, c->answer);
  bind_int_or_null (stmt, 4, c->answered_at, 0);
  bind_int_or_null (stmt, 5, c->closed_at, 0);
  return store_step_done (self, stmt, "storing a complaint's state", error) && add_step (self, c->id, step, error);
}

gboolean
loket_store_set_complaint_receipt_print (LoketStore *self, gint64 complaint, gboolean ok, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self, "UPDATE complaints SET receipt_print = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, complaint);
  store_bind_text (stmt, 2, ok ? "printed" : "failed");
  return store_step_done (self, stmt, "storing whether a complaint's receipt printed", error);
}

GPtrArray *
loket_store_complaint_steps (LoketStore *self, gint64 complaint, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
    "SELECT id, act, from_state, to_state, staff, note, public, at FROM complaint_steps"
    " WHERE complaint = ?1 ORDER BY id", error);
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_complaint_step_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, complaint);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketComplaintStep *s = g_new0 (LoketComplaintStep, 1);

      s->id = sqlite3_column_int64 (stmt, 0);
      s->act = store_column_text (stmt, 1);
      s->from_state = store_column_text (stmt, 2);
      s->to_state = store_column_text (stmt, 3);
      s->staff = store_column_text (stmt, 4);
      s->note = store_column_text (stmt, 5);
      s->is_public = sqlite3_column_int (stmt, 6) != 0;
      s->at = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (steps, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "reading a complaint's steps");
      return NULL;
    }
  return g_steal_pointer (&steps);
}

GPtrArray *
loket_store_list_complaints (LoketStore *self, const char *state, const char *from, const char *to,
                             GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
    "SELECT " COMPLAINT_COLUMNS COMPLAINT_FROM
    " WHERE (?1 IS NULL OR c.state = ?1) AND (?1 IS NOT NULL OR ?2 IS NOT NULL OR c.state <> 'closed')"
    " AND (?2 IS NULL OR c.service_day >= ?2) AND (?3 IS NULL OR c.service_day <= ?3)"
    " ORDER BY c.id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_complaint_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  store_bind_text (stmt, 1, state);
  store_bind_text (stmt, 2, from);
  store_bind_text (stmt, 3, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, complaint_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      store_set_error (error, self, "listing complaints");
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
loket_store_purge_complainants (LoketStore *self, gint64 closed_before, GError **error)
{
  sqlite3_stmt *stmt = store_prepare (self,
    "DELETE FROM complainants WHERE complaint IN"
    " (SELECT id FROM complaints WHERE state = 'closed' AND closed_at <= ?1)", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, closed_before);
  if (!store_step_done (self, stmt, "purging complainants' names and contacts", error))
    return -1;
  return sqlite3_changes (loket_store_get_db (self));
}
