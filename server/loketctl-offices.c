/* loketctl-offices.c — `loketctl offices` (see loketctl-offices.h).  The
 * list is read through the region's query library in a read-only
 * session, as the reports are; filing under a region is the one write,
 * all the offices named or none (sync/loket-region-admin.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loketctl"

#include "loketctl-offices.h"

#include <json-glib/json-glib.h>

#include "loket-error.h"
#ifdef LOKET_HAVE_LIBPQ
#include "loket-region-admin.h"
#include "loket-region-query.h"
#include "loket-region-schema.h"
#endif

#define SYNOPSIS \
  "usage: loketctl offices --central postgresql://… [--region NAME] [--json]\n" \
  "       loketctl offices --central postgresql://… --office ID… (--set-region NAME | --clear-region)"

static gboolean
usage (GError **error, const char *problem)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "%s%s%s", SYNOPSIS,
               problem ? "\n" : "", problem ? problem : "");
  return FALSE;
}

#ifdef LOKET_HAVE_LIBPQ

static char *
shipped_text (gint64 shipped_at)
{
  g_autoptr(GDateTime) at = NULL;

  if (shipped_at == 0)
    return g_strdup ("never");
  at = g_date_time_new_from_unix_utc (shipped_at);
  return g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");
}

static void
print_text (GPtrArray *offices)
{
  g_print ("%-24s %-16s %12s  %-20s  %s\n", "OFFICE", "REGION", "LAST EVENT", "LAST SHIPPED (UTC)", "STATE");
  for (guint i = 0; i < offices->len; i++)
    {
      const LoketRegionShipment *s = g_ptr_array_index (offices, i);
      g_autofree char *shipped = shipped_text (s->shipped_at);
      g_autofree char *state = s->refused ? g_strdup_printf ("refused: %s", s->refused) : g_strdup ("ok");

      g_print ("%-24s %-16s %12" G_GINT64_FORMAT "  %-20s  %s\n", s->id, s->region ? s->region : "-",
               s->last_seq, shipped, state);
    }
}

static void
print_json (GPtrArray *offices)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "offices");
  json_builder_begin_array (b);
  for (guint i = 0; i < offices->len; i++)
    {
      const LoketRegionShipment *s = g_ptr_array_index (offices, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, s->id);
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, s->region);
      json_builder_set_member_name (b, "last_seq");
      json_builder_add_int_value (b, s->last_seq);
      json_builder_set_member_name (b, "shipped_at");
      if (s->shipped_at != 0)
        json_builder_add_int_value (b, s->shipped_at);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "refused");
      json_builder_add_string_value (b, s->refused);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, TRUE);
  g_print ("%s\n", text);
}

/* The offices at the centre (@region's only, when not NULL). */
static gboolean
list_offices (const char *central, const char *region, gboolean json, GError **error)
{
  g_autoptr(PGconn) conn = loket_region_query_open (central, "loketctl offices", 0, error);
  g_autoptr(GPtrArray) offices = conn ? loket_region_query_shipments (conn, error) : NULL;

  if (offices == NULL)
    return FALSE;
  for (guint i = offices->len; region != NULL && i-- > 0;)
    if (g_strcmp0 (((LoketRegionShipment *) g_ptr_array_index (offices, i))->region, region) != 0)
      g_ptr_array_remove_index (offices, i);
  if (json)
    print_json (offices);
  else
    print_text (offices);
  return TRUE;
}

#endif

gboolean
loketctl_offices (GHashTable *options,
                  GPtrArray  *args,
                  gboolean    json,
                  GError    **error)
{
  const char *central = g_hash_table_lookup (options, "central");
  const char *ids = g_hash_table_lookup (options, "office");
  const char *region = g_hash_table_lookup (options, "region");
  const char *set = g_hash_table_lookup (options, "set-region");
  gboolean clear = g_hash_table_contains (options, "clear-region");

  if (args->len != 1 || central == NULL)
    return usage (error, NULL);
  if ((set != NULL || clear) != (ids != NULL))
    return usage (error, "--office names the offices to file, with --set-region NAME or --clear-region");
  if (set != NULL && clear)
    return usage (error, "--set-region or --clear-region, not both");
  if (set != NULL && *set == '\0')
    return usage (error, "--set-region needs a name; --clear-region files an office under none");
  if (ids != NULL && region != NULL)
    return usage (error, "--region chooses what is listed; to file offices, --set-region NAME");
#ifdef LOKET_HAVE_LIBPQ
  if (ids != NULL)
    {
      g_auto(GStrv) offices = g_strsplit (ids, ",", -1);

      if (!loket_region_file_offices (central, (const char * const *) offices, set, error))
        return FALSE;
      g_print (set ? "filed %u office(s) under %s\n" : "filed %u office(s) under no region\n",
               g_strv_length (offices), set);
      return TRUE;
    }
  return list_offices (central, region, json, error);
#else
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
               "this loketctl was built without libpq: --central needs it (install libpq-dev and build again)");
  return FALSE;
#endif
}
