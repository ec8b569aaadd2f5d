/* loket-complaint.h — complaints (pengaduan, docs/complaints.md) on the
 * server's side: the clock against the deadline and the store's rows.
 * The categories, the states and their transition table are
 * loket-complaint-life.h's (libloket-protocol), where the supervisor's
 * view reads them too.
 *
 * A complaint is received (COMPLAIN) with a receipt number, a tracking
 * token and a deadline counted in the office's working days; staff then
 * take it up, answer it and close it, or it is escalated (to the head of
 * office, the Ombudsman or the regional parliament).  Every step is a row
 * of complaint_steps and a COMPLAINT_MOVED event; the table in
 * loket-complaint-life.c is the only place that says which step is
 * allowed from which state, as loket-life-cycle.c does for tickets and
 * counters.  The complainant's
 * name and contact are kept apart (table complainants) and purged a
 * charter-set number of days after the complaint closed; events carry a
 * salted hash standing for the person instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-complaint-category.h"
#include "loket-complaint-life.h"
#include "loket-opening-hours.h"
#include "loket-store.h"

G_BEGIN_DECLS

/* Limits, in characters (the handler counts them and says so). */
#define LOKET_COMPLAINT_DESCRIPTION_MAX 2000
#define LOKET_COMPLAINT_NAME_MAX        100
#define LOKET_COMPLAINT_CONTACT_MAX     100
#define LOKET_COMPLAINT_NOTE_MAX        2000
/* At most this many complaints name one ticket (a citizen may have more
 * than one thing to say, but not a flood from one ticket's token). */
#define LOKET_COMPLAINT_PER_TICKET      3

/* ---- the clock ----------------------------------------------------------- */

/* Where a complaint stands against its deadline (docs/complaints.md,
 * "Deadlines"): the "clock" of every reply, the supervisor's badge. */
typedef enum {
  LOKET_COMPLAINT_CLOCK_RUNNING,   /* open, two working days or more left */
  LOKET_COMPLAINT_CLOCK_DUE,       /* open, on the last working day or the one before */
  LOKET_COMPLAINT_CLOCK_OVERDUE,   /* open, past the deadline */
  LOKET_COMPLAINT_CLOCK_MET,       /* answered on or before the deadline */
  LOKET_COMPLAINT_CLOCK_LATE,      /* answered after it */
  LOKET_COMPLAINT_CLOCK_CLOSED,    /* closed without an answer from the office */
  LOKET_COMPLAINT_N_CLOCKS
} LoketComplaintClock;

const char         *loket_complaint_clock_to_string (LoketComplaintClock clock);
/* The clock of a complaint in @state with @deadline, answered on
 * @answered_day (NULL: never), on the service day @today — all days
 * "YYYY-MM-DD", counted in @hours' working days; @working_days_left says
 * how many are left while it runs or is due (0 otherwise).  A pure
 * function of its arguments. */
LoketComplaintClock loket_complaint_clock (const LoketOpeningHours *hours,
                                           LoketComplaintState      state,
                                           const char              *deadline,
                                           const char              *answered_day,
                                           const char              *today,
                                           guint                   *working_days_left);

/* ---- the store (loket-store-complaint.c) -------------------------------- */

typedef struct {
  gint64   id;
  char    *receipt;          /* PGD-2026-000123 */
  char    *token;
  char    *service;
  gint64   ticket;           /* 0: none */
  char    *category;
  char    *description;
  char    *channel;          /* web, kiosk, staff */
  gint64   received_at;      /* µs */
  char    *received_by;      /* staff id, or NULL: online (web) or at the kiosk */
  char    *service_day;      /* the day received */
  char    *deadline;         /* the last working day to answer */
  LoketComplaintState state;
  char    *answer;
  gint64   answered_at;      /* 0: not yet */
  gint64   closed_at;        /* 0: not closed */
  char    *person;           /* salted hash, NULL: anonymous */
  gint     waited_minutes;   /* the ticket's wait; -1 without a ticket or a call */
  gint     promised_minutes; /* its promise; -1 without a ticket */
  /* From complainants; NULL when anonymous or purged. */
  char    *name;
  char    *contact;
  gboolean purged;           /* had a complainant row once: no row now and not anonymous */
  char    *receipt_print;    /* the kiosk's paper: "printed", "failed", NULL: none reported */
} LoketComplaint;

typedef struct {
  gint64               id;
  char                *act;
  char                *from_state;   /* NULL for the filing */
  char                *to_state;
  char                *staff;
  char                *note;
  gboolean             is_public;
  gint64               at;
} LoketComplaintStep;

void loket_complaint_free      (LoketComplaint     *complaint);
void loket_complaint_step_free (LoketComplaintStep *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketComplaint, loket_complaint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketComplaintStep, loket_complaint_step_free)

/* The next receipt number of @year ("PGD-2026-000124"). */
char           *loket_store_next_complaint_receipt (LoketStore *self,
                                                    guint       year,
                                                    GError    **error);
/* The hash standing for a complainant in events: SHA-256 of the store's
 * salt and the contact (else the name), folded to lower case and
 * trimmed; NULL for an anonymous complaint. */
char           *loket_store_complainant_hash (LoketStore *self,
                                              const char *name,
                                              const char *contact,
                                              GError    **error);
/* Stores a new complaint, its complainant (unless anonymous) and its
 * first step ("file", by @complaint->received_by or @actor). */
gboolean        loket_store_add_complaint   (LoketStore     *self,
                                             LoketComplaint *complaint,
                                             const char     *actor,
                                             GError        **error);
/* How many complaints name @ticket. */
gint64          loket_store_count_ticket_complaints (LoketStore *self,
                                                     gint64      ticket,
                                                     GError    **error);
/* By receipt number or token; LOKET_ERROR_NOT_FOUND if none. */
LoketComplaint *loket_store_find_complaint  (LoketStore *self,
                                             const char *receipt,
                                             const char *token,
                                             GError    **error);
/* Records one step and the complaint's new state (and answer). */
gboolean        loket_store_step_complaint  (LoketStore               *self,
                                             LoketComplaint           *complaint,
                                             const LoketComplaintStep *step,
                                             GError                  **error);
/* The kiosk's report on the receipt's paper (PRINT with "receipt"). */
gboolean        loket_store_set_complaint_receipt_print (LoketStore *self,
                                                         gint64      complaint,
                                                         gboolean    ok,
                                                         GError    **error);
/* LoketComplaintStep*, oldest first. */
GPtrArray      *loket_store_complaint_steps (LoketStore *self,
                                             gint64      complaint,
                                             GError    **error);
/* Complaints in @state (NULL: all open ones — not closed) or, with
 * @from and @to, those received on those service days (any state),
 * oldest first.  LoketComplaint*, complainants filled in. */
GPtrArray      *loket_store_list_complaints (LoketStore *self,
                                             const char *state,
                                             const char *from,
                                             const char *to,
                                             GError    **error);
/* Deletes the name and contact of complaints closed on or before
 * @closed_before (µs); returns how many, -1 on error. */
gint64          loket_store_purge_complainants (LoketStore *self,
                                                gint64      closed_before,
                                                GError    **error);

G_END_DECLS
