/* loket-complaint-receipt.h — the complaint's receipt (tanda terima
 * pengaduan) the kiosk prints: what UU 25/2009 asks of it — the receipt
 * number, when and where it was received and by whom, what about, the
 * deadline for the answer — and the tracking link with its QR code
 * (docs/complaints.md, "At the kiosk").  Drawn with the ticket's helpers
 * on the same 80 mm roll.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *office_name;        /* required */
  const char *office_address;     /* or NULL */
  const char *receipt;            /* "PGD-2026-000123", required */
  gint64      received_at;        /* µs since the epoch */
  const char *time_zone;          /* the office's; required */
  const char *device;             /* the kiosk that received it, or NULL */
  const char *service_name;       /* or NULL */
  const char *category;           /* the category's label, translated; required */
  const char *ticket_number;      /* the ticket it is about ("A-007"), or NULL */
  int         waited_minutes;     /* the ticket's wait; -1: not known (no ticket, not called) */
  int         promised_minutes;   /* its promise; -1: no ticket */
  const char *deadline;           /* "2026-12-15", the last day to answer; required */
  const char *complainant;        /* the name, or NULL/"": anonymous */
  const char *tracking_url;       /* the QR code's content, or NULL: no QR */
} LoketComplaintReceipt;

/* Renders @receipt as one PDF page @width_mm wide, as long as it is. */
GBytes *loket_complaint_receipt_render_pdf (const LoketComplaintReceipt *receipt,
                                            double                       width_mm,
                                            GError                     **error);

/* The tracking link of a complaint from the charter's StatusUrl: its
 * "/t/{token}" becomes "/c/{token}" ("https://HOST/t/{token}" →
 * "https://HOST/c/TOKEN"); a template without "/t/{token}" gives the
 * scheme and host of its URL followed by "/c/TOKEN".  NULL for no
 * template, no token or a template that is no URL: then no QR code. */
char   *loket_complaint_receipt_tracking_url (const char *status_url,
                                              const char *token);

/* "15-12-2026" from the reply's "2026-12-15"; NULL if it is no date. */
char   *loket_complaint_receipt_format_day (const char *day);

G_END_DECLS
