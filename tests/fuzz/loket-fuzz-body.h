/* loket-fuzz-body.h — request bodies built from the protocol table
 * (common/protocol/loket-protocol.c) by the fuzzer's bytes.
 *
 * Random JSON rarely gets past admission, so the handlers behind it would
 * see little of the fuzzer's effort.  Here the bytes pick a request type
 * and fill each of its fields by the field's declared JSON type and
 * limits — and now and then break exactly one field (left out, null, of
 * another type, past its limits), so that admission is fuzzed too and its
 * refusal can be checked to name that field.  The harness supplies
 * plausible values per field name (the charter's services and counters,
 * known clerks), which the table cannot know.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-protocol.h"

#include <stdint.h>

G_BEGIN_DECLS

/* The input, read a byte at a time; 0 once it is used up. */
typedef struct {
  const uint8_t *data;
  gsize          length;
  gsize          position;
} LoketFuzzBytes;

guint8 loket_fuzz_byte (LoketFuzzBytes *in);

/* Plausible values for the field @name (NULL-terminated), or NULL when any
 * string will do. */
typedef const char * const *(*LoketFuzzValues) (const char *name, gpointer user_data);

/* A request type of the table, chosen by one byte. */
const LoketRequestDef *loket_fuzz_pick_request (LoketFuzzBytes *in);

/* A body for @def.  *@broken is the one field made wrong, or NULL when
 * the body is well-formed (and admission must take it). */
JsonObject *loket_fuzz_body (const LoketRequestDef *def,
                             LoketFuzzBytes        *in,
                             LoketFuzzValues        values,
                             gpointer               user_data,
                             const LoketFieldDef  **broken);

/* The invariant of admission on a body from loket_fuzz_body(): a
 * well-formed body is admitted for a role that may send it; a broken one
 * is refused with `invalid` naming the broken field; a role that may not
 * send it is `denied`. */
void loket_fuzz_check_admission (const LoketRequestDef *def,
                                 LoketRole              role,
                                 JsonObject            *body,
                                 const LoketFieldDef   *broken);

G_END_DECLS
