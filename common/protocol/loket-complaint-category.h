/* loket-complaint-category.h — what a complaint can be about: the
 * elements of the service standard (PermenPAN-RB 15/2014,
 * docs/complaints.md "Categories"), each with its id as the protocol
 * spells it and its label in Indonesian and English.
 *
 * The one list: the protocol's CHOICE for "category" (COMPLAIN,
 * COMPLAINED) is loket_complaint_category_ids, the charter's deadline
 * tiers and loketd's figures (COMPLAINT_STATS) go in its order, and the
 * kiosk, the supervisor's view and the web gateway show its labels.  The
 * labels come in pairs, as the charter's texts do, rather than through
 * gettext: the web gateway answers both languages at once, and a process
 * wide LANGUAGE cannot serve it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LOKET_COMPLAINT_N_CATEGORIES 8

typedef struct {
  const char *id;        /* "time": as COMPLAIN carries it */
  const char *name;      /* Indonesian: "Waktu tunggu dan pelayanan" */
  const char *name_en;   /* English: "Waiting and service time" */
} LoketComplaintCategory;

/* The ids in the protocol's order, NULL-ended. */
extern const char * const loket_complaint_category_ids[];

/* The @index'th category (0 … LOKET_COMPLAINT_N_CATEGORIES - 1) in the
 * protocol's order. */
const LoketComplaintCategory *loket_complaint_category           (guint       index);
/* The index of @id, or -1 if it is no category. */
gint                          loket_complaint_category_index     (const char *id);
/* The @position'th category as a citizen's screen lists them: those
 * most complained of first (the wait, the staff), "other" last. */
const LoketComplaintCategory *loket_complaint_category_on_screen (guint       position);
/* @id's label in @lang ("en", else Indonesian); @id itself if it is no
 * category (a record from a newer loketd), "" for NULL. */
const char                   *loket_complaint_category_name      (const char *id,
                                                                  const char *lang);

G_END_DECLS
