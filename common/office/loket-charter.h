/* loket-charter.h — the citizen charter (maklumat pelayanan) as loaded from
 * its GKeyFile: the office, its priority groups, its services with their
 * published promises, and its counters.
 *
 * The charter is a contract with the public, so a charter that does not
 * parse is refused whole, with "file:line: key: what is wrong"; the server
 * never starts on a guess.  The format is documented in docs/charter.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include <json-glib/json-glib.h>

#include "loket-opening-hours.h"
#include "loket-pause-reason.h"

G_BEGIN_DECLS

typedef enum {
  LOKET_ROUTING_FIFO,               /* strictly by arrival, priority ignored */
  LOKET_ROUTING_PRIORITY_RATIO,     /* FIFO per kind, R regular : P priority */
  LOKET_ROUTING_EARLIEST_DEADLINE,  /* the ratio between kinds, EDF within one */
} LoketRoutingPolicy;

/* One UU 25/2009 Art. 29 group, e.g. "elderly". */
typedef struct {
  char *id;
  char *name;          /* default language (Indonesian) */
  char *name_en;       /* Name[en], or NULL */
} LoketPriorityGroup;

/* One service with its published standard (PermenPAN-RB 15/2014). */
typedef struct {
  char *id;                    /* "ktp-el": [Service ktp-el] */
  char *series;                /* one capital letter, unique in the office */
  char *name;                  /* Name= */
  char *name_en;               /* Name[en]=, or NULL */
  char **requirements;         /* Requirements= (list, ';'-separated) */
  char **requirements_en;      /* Requirements[en]=, or NULL */
  char *procedure;             /* Procedure= */
  char *procedure_en;
  char *product;               /* Product= */
  char *product_en;
  gint64 cost;                 /* Cost= in whole rupiah, 0 = free */
  guint promised_wait_minutes;
  guint promised_service_minutes;
  guint daily_quota;           /* 0 = no quota */
  char **priority_groups;      /* ids accepted; empty = no priority */
} LoketServiceDef;

typedef struct {
  char *id;                    /* "1": [Counter 1] */
  char *name;                  /* "Loket 1" */
  char **services;             /* service ids it may call: Services= then
                                * SecondaryServices= */
  char **secondary_services;   /* SecondaryServices=: called only when no
                                * ticket of its Services= waits */
} LoketCounterDef;

#define LOKET_TYPE_CHARTER (loket_charter_get_type ())
G_DECLARE_FINAL_TYPE (LoketCharter, loket_charter, LOKET, CHARTER, GObject)

LoketCharter  *loket_charter_new_from_file   (const char   *path,
                                              GError      **error);
/* @origin names the data in error messages, e.g. a file name. */
LoketCharter  *loket_charter_new_from_data   (const char   *data,
                                              gssize        length,
                                              const char   *origin,
                                              GError      **error);
/* A charter that was in force, read back from the store (reports,
 * verify): what a charter loaded now must not say any more (a StatusUrl
 * without {token}) is read as it was then. */
LoketCharter  *loket_charter_new_from_record (const char   *data,
                                              const char   *origin,
                                              GError      **error);

const char    *loket_charter_get_office_name (LoketCharter *self);
/* Name[en]=, or NULL: for kiosks and boards showing English. */
const char    *loket_charter_get_office_name_en (LoketCharter *self);
const char    *loket_charter_get_office_address (LoketCharter *self);
/* The licence line of the open data (OpenDataLicence=), or NULL. */
const char    *loket_charter_get_open_data_licence (LoketCharter *self);
const char    *loket_charter_get_time_zone_id (LoketCharter *self);
GTimeZone     *loket_charter_get_time_zone   (LoketCharter *self);
/* @unix_usec on the office's clock, in its time zone (loket-office-time.h);
 * NULL outside years 1–9999. */
GDateTime     *loket_charter_local_time      (LoketCharter *self,
                                              gint64        unix_usec);
LoketRoutingPolicy loket_charter_get_routing_policy (LoketCharter *self);
/* "2:1" → regular 2, priority 1 */
void           loket_charter_get_priority_ratio (LoketCharter *self,
                                                 guint        *regular,
                                                 guint        *priority);
guint          loket_charter_get_recall_limit (LoketCharter *self);
LoketOpeningHours *loket_charter_get_opening_hours (LoketCharter *self);
/* [Complaints] (docs/complaints.md): the working days to answer a
 * complaint of @category (DeadlineDays=, CategoryDeadlineDays=; 14 by
 * default), whether one may be anonymous (AllowAnonymous=, default true),
 * and the days a closed complaint's name and contact are kept
 * (KeepPersonalDataDays=, default 90). */
#define LOKET_CHARTER_COMPLAINT_CATEGORIES 8
guint          loket_charter_get_complaint_days (LoketCharter *self,
                                                 const char   *category);
gboolean       loket_charter_get_complaints_anonymous (LoketCharter *self);
guint          loket_charter_get_complaint_keep_days (LoketCharter *self);
/* StatusUrl= template with "{token}" (the ticket's token), or NULL */
const char    *loket_charter_get_status_url  (LoketCharter *self);
/* Values=: the office's service values ("maklumat"), printed on tickets;
 * Values[en]= or NULL. */
const char    *loket_charter_get_values      (LoketCharter *self);
const char    *loket_charter_get_values_en   (LoketCharter *self);
/* The charter's text exactly as it was read, and its SHA-256 (hex): what
 * the store keeps of every charter loketd runs with (charter versions). */
const char    *loket_charter_get_text        (LoketCharter *self);
const char    *loket_charter_get_sha256      (LoketCharter *self);

/* Arrays of borrowed pointers, in file order. */
GPtrArray     *loket_charter_get_services    (LoketCharter *self);   /* LoketServiceDef* */
GPtrArray     *loket_charter_get_counters    (LoketCharter *self);   /* LoketCounterDef* */
GPtrArray     *loket_charter_get_priority_groups (LoketCharter *self); /* LoketPriorityGroup* */

/* [PauseReason ID] in file order, or the default list when the charter
 * names none: [{"id", "name", "name_en", "note"}] as SERVICES and
 * SNAPSHOT carry it (loket-pause-reason.h).  Borrowed. */
#define LOKET_CHARTER_PAUSE_REASONS_MAX 20
JsonArray     *loket_charter_get_pause_reasons (LoketCharter *self);
JsonObject    *loket_charter_lookup_pause_reason (LoketCharter *self, const char *id);

const LoketServiceDef  *loket_charter_lookup_service  (LoketCharter *self, const char *id);
const LoketServiceDef  *loket_charter_lookup_series   (LoketCharter *self, const char *series);
const LoketCounterDef  *loket_charter_lookup_counter  (LoketCharter *self, const char *id);
const LoketPriorityGroup *loket_charter_lookup_priority_group (LoketCharter *self, const char *id);

gboolean       loket_service_def_accepts_priority (const LoketServiceDef *service,
                                                   const char            *group);
gboolean       loket_counter_def_serves           (const LoketCounterDef *counter,
                                                   const char            *service_id);

/* The service day ("YYYY-MM-DD") that the instant @unix_usec falls on in
 * the office's time zone.  Numbering restarts with each service day. */
char          *loket_charter_service_day     (LoketCharter *self,
                                              gint64        unix_usec);

/* TRUE if tickets may be issued at @unix_usec; otherwise FALSE with a
 * sentence for the citizen in @reason ("Kantor buka Senin 08:00"). */
gboolean       loket_charter_is_open         (LoketCharter *self,
                                              gint64        unix_usec,
                                              char        **reason);
/* ClosingGraceMinutes=: how long after tickets stop the day closes. */
guint          loket_charter_get_closing_grace (LoketCharter *self);
/* When service day @day ("YYYY-MM-DD") closes, µs since the epoch: its
 * last opening range's end plus the grace, but never past the day's own
 * end (numbering starts again at midnight); 0 if the office did not open
 * that day, and -1 if @day is not a date. */
gint64         loket_charter_closing_time    (LoketCharter *self,
                                              const char   *day);
/* The same sentence in @lang ("en", or NULL for the office's language). */
char          *loket_charter_describe_closed (LoketCharter *self,
                                              gint64        unix_usec,
                                              const char   *lang);

G_END_DECLS
