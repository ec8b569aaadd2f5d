/* loket-error.c — names for the error codes, as they appear on the wire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-error.h"

G_DEFINE_QUARK (loket-error-quark, loket_error)

static const char * const error_names[] = {
  [LOKET_ERROR_FAILED] = "failed",
  [LOKET_ERROR_INVALID] = "invalid",
  [LOKET_ERROR_VERSION] = "version",
  [LOKET_ERROR_UNKNOWN_TYPE] = "unknown-type",
  [LOKET_ERROR_DENIED] = "denied",
  [LOKET_ERROR_NOT_FOUND] = "not-found",
  [LOKET_ERROR_STATE] = "state",
  [LOKET_ERROR_CLOSED] = "closed",
  [LOKET_ERROR_QUOTA] = "quota",
  [LOKET_ERROR_EMPTY] = "empty",
  [LOKET_ERROR_EXPIRED] = "expired",
  [LOKET_ERROR_TIMEOUT] = "timeout",
  [LOKET_ERROR_STORE] = "store",
  [LOKET_ERROR_TAMPERED] = "tampered",
  [LOKET_ERROR_AUTH] = "auth",
  [LOKET_ERROR_STAFF_ROLE] = "staff-role",
  [LOKET_ERROR_ANSWERED] = "answered",
};

const char *
loket_error_code_to_string (LoketErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (error_names))
    return "failed";
  return error_names[code];
}

gboolean
loket_error_code_from_string (const char     *str,
                              LoketErrorCode *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_names); i++)
    if (g_strcmp0 (str, error_names[i]) == 0)
      {
        *code = (LoketErrorCode) i;
        return TRUE;
      }
  return FALSE;
}
