/* fuzz-charter.c — the charter parser (common/office/loket-charter.c) on
 * arbitrary text.
 *
 * A charter is typed by hand in an office, so whatever the text holds the
 * parser must either return a charter whose parts are consistent, or
 * refuse with "charter.ini:LINE: KEY: what is wrong" — the line a real
 * line of the text (so that whoever edits it can go there) — and never
 * crash.  A charter that loads is then asked what the server asks of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-fuzz.h"
#include "loket-charter.h"
#include "loket-error.h"

#include <string.h>

#define ORIGIN "charter.ini"
/* 2026-11-25 09:00 in Jakarta, and a day later. */
#define T0 ((gint64) 1795572000 * G_USEC_PER_SEC)

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  loket_fuzz_init ();
  return 0;
}

/* "charter.ini:LINE: KEY: …" with 1 ≤ LINE ≤ the text's lines, then a
 * key (or group) and a complaint, both non-empty. */
static gboolean
refusal_is_placed (const char *message, const uint8_t *data, size_t size)
{
  const char *rest = message + strlen (ORIGIN ":");
  char *end = NULL;
  guint64 line;
  guint lines = 1;

  if (!g_str_has_prefix (message, ORIGIN ":"))
    return FALSE;
  line = g_ascii_strtoull (rest, &end, 10);
  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  return end != rest && line >= 1 && line <= lines &&
         g_str_has_prefix (end, ": ") && end[2] != ' ' && end[2] != '\0' &&
         strstr (end + 3, ": ") != NULL;
}

static void
check_refusal (const GError *error, const uint8_t *data, size_t size)
{
  loket_fuzz_assert (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID));
  if (!refusal_is_placed (error->message, data, size))
    {
      g_printerr ("refusal without its place: %s\n", error->message);
      loket_fuzz_assert (refusal_is_placed (error->message, data, size));
    }
}

/* What the server relies on in a charter that loaded. */
static void
check_charter (LoketCharter *charter)
{
  GPtrArray *services = loket_charter_get_services (charter);
  GPtrArray *counters = loket_charter_get_counters (charter);
  g_autofree char *day = loket_charter_service_day (charter, T0);
  g_autofree char *reason = NULL;
  g_autofree char *closed_en = NULL;
  guint regular = 0, priority = 0;

  loket_fuzz_assert (services->len > 0 && counters->len > 0);
  loket_fuzz_assert (loket_charter_get_office_name (charter) != NULL);
  loket_fuzz_assert (loket_charter_get_time_zone (charter) != NULL);
  loket_fuzz_assert (day != NULL && strlen (day) == 10);
  loket_charter_get_priority_ratio (charter, &regular, &priority);
  loket_fuzz_assert (regular > 0 && priority > 0);
  for (guint i = 0; i < services->len; i++)
    {
      const LoketServiceDef *s = g_ptr_array_index (services, i);

      loket_fuzz_assert (loket_charter_lookup_series (charter, s->series) == s);
      loket_fuzz_assert (s->promised_wait_minutes > 0 && s->promised_service_minutes > 0);
      for (guint j = 0; s->priority_groups[j] != NULL; j++)
        loket_fuzz_assert (loket_charter_lookup_priority_group (charter, s->priority_groups[j]) != NULL);
    }
  for (guint i = 0; i < counters->len; i++)
    {
      const LoketCounterDef *c = g_ptr_array_index (counters, i);

      for (guint j = 0; c->services[j] != NULL; j++)
        loket_fuzz_assert (loket_charter_lookup_service (charter, c->services[j]) != NULL);
    }
  if (!loket_charter_is_open (charter, T0, &reason))
    loket_fuzz_assert (reason != NULL && *reason != '\0');
  closed_en = loket_charter_describe_closed (charter, T0 + (gint64) 86400 * G_USEC_PER_SEC, "en");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCharter) charter = NULL;

  charter = loket_charter_new_from_data ((const char *) data, (gssize) size, ORIGIN, &error);
  if (charter == NULL)
    check_refusal (error, data, size);
  else
    check_charter (charter);
  return 0;
}
