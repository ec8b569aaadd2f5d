/* loket-complaint-category.c — the complaint categories (see
 * loket-complaint-category.h).  The ids and the rows are written once,
 * in one X-list, so that the protocol's choice list and the labels cannot
 * drift apart; tests/test-protocol.c checks both against each other and
 * against docs/complaints.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-protocol"

#include "loket-complaint-category.h"

/* id, Indonesian, English: labels short enough for the kiosk's large
 * buttons and the receipt's one line. */
#define CATEGORIES(X) \
  X ("requirements", "Persyaratan",                "Requirements") \
  X ("procedure",    "Prosedur",                   "Procedure") \
  X ("time",         "Waktu tunggu dan pelayanan", "Waiting and service time") \
  X ("cost",         "Biaya dan pungutan liar",    "Fees and illegal charges") \
  X ("product",      "Dokumen atau hasil layanan", "The document or result") \
  X ("behaviour",    "Perilaku petugas",           "Staff conduct") \
  X ("facilities",   "Sarana dan prasarana",       "Facilities and access") \
  X ("other",        "Lainnya",                    "Something else")

#define ID(id, name, name_en) id,
#define ROW(id, name, name_en) { id, name, name_en },

const char * const loket_complaint_category_ids[] = { CATEGORIES (ID) NULL };
static const LoketComplaintCategory categories[] = { CATEGORIES (ROW) };

G_STATIC_ASSERT (G_N_ELEMENTS (categories) == LOKET_COMPLAINT_N_CATEGORIES);

/* A citizen's screen: the wait and the staff's conduct are what most
 * complaints are about, so they come first. */
static const guint8 on_screen[] = { 2, 5, 1, 0, 3, 4, 6, 7 };

G_STATIC_ASSERT (G_N_ELEMENTS (on_screen) == LOKET_COMPLAINT_N_CATEGORIES);

const LoketComplaintCategory *
loket_complaint_category (guint index)
{
  g_return_val_if_fail (index < LOKET_COMPLAINT_N_CATEGORIES, NULL);
  return &categories[index];
}

gint
loket_complaint_category_index (const char *id)
{
  for (guint i = 0; id != NULL && i < LOKET_COMPLAINT_N_CATEGORIES; i++)
    if (g_str_equal (categories[i].id, id))
      return (gint) i;
  return -1;
}

const LoketComplaintCategory *
loket_complaint_category_on_screen (guint position)
{
  g_return_val_if_fail (position < LOKET_COMPLAINT_N_CATEGORIES, NULL);
  return &categories[on_screen[position]];
}

const char *
loket_complaint_category_name (const char *id, const char *lang)
{
  gint i = loket_complaint_category_index (id);

  if (i < 0)
    return id ? id : "";
  return g_strcmp0 (lang, "en") == 0 ? categories[i].name_en : categories[i].name;
}
