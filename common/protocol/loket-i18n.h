/* loket-i18n.h — the language a Loket app speaks, switchable while it
 * runs.
 *
 * Kiosks and boards default to Indonesian and let a citizen switch to
 * English and back, so the choice is made with gettext's LANGUAGE rather
 * than the process locale (an office PC rarely has id_ID generated).  The
 * charter's own texts come in pairs ("name", "name_en"); loket_i18n_pick()
 * chooses between them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Binds the "loket" text domain to @localedir (NULL: the installed one, or
 * $LOKET_LOCALEDIR) and makes sure gettext honours LANGUAGE: the "C"
 * locale would ignore it, so messages fall back to C.UTF-8. */
void        loket_i18n_init         (const char *localedir);
/* "id" or "en"; anything else is refused with FALSE. */
gboolean    loket_i18n_set_language (const char *lang);
const char *loket_i18n_get_language (void);
/* @object's @key in the current language: "KEY_en" when English is
 * chosen and the charter has it, else "KEY"; NULL if neither is set. */
const char *loket_i18n_pick         (JsonObject *object,
                                     const char *key);

/* "Rabu, 25 November 2026" / "Wednesday, 25 November 2026". */
char       *loket_i18n_format_date  (GDateTime  *date);
/* "25 November 2026", without the weekday. */
char       *loket_i18n_format_day   (GDateTime  *date);
/* "Senin" / "Monday" for 1, … "Minggu" / "Sunday" for 7. */
const char *loket_i18n_weekday_name (guint       weekday);
/* "Gratis" / "Free" for 0, else "Rp 50.000" (Indonesian grouping). */
char       *loket_i18n_format_rupiah (gint64     amount);
/* An estimated wait as loketd sends it ("estimated_wait_minutes", and
 * "estimated_wait_from_minutes" where the spread is wide; see
 * docs/protocol.md): "sekitar 15 mnt" / "about 15 min", or with @object's
 * range "20–45 mnt" / "20–45 min"; "under a minute" for 0. */
char       *loket_i18n_format_wait   (JsonObject *object);

G_END_DECLS
