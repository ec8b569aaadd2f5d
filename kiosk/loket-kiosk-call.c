/* loket-kiosk-call.c — the kiosk's screens' request until answered, and
 * the generation guard (see loket-kiosk-call.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "loket-kiosk-call.h"
#include "loket-error.h"

void
loket_kiosk_call_begin (LoketKioskCall *call,
                        LoketClient    *client,
                        const char     *type,
                        JsonObject     *body,
                        char           *req_id)
{
  loket_kiosk_call_clear (call);
  call->client = client;
  call->type = type;
  call->body = body;
  call->req_id = req_id;
  call->cancellable = g_cancellable_new ();
  call->attempts = 0;
}

void
loket_kiosk_call_send (LoketKioskCall      *call,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (call->body != NULL);
  loket_client_request_async (call->client, call->type, call->body, call->req_id, call->cancellable,
                              callback, user_data);
}

gboolean
loket_kiosk_call_timed_out (LoketKioskCall *call,
                            const GError   *error)
{
  if (!g_error_matches (error, LOKET_ERROR, LOKET_ERROR_TIMEOUT) || call->body == NULL)
    return FALSE;
  call->attempts++;
  return TRUE;
}

gboolean
loket_kiosk_call_pending (const LoketKioskCall *call)
{
  return call->body != NULL;
}

void
loket_kiosk_call_clear (LoketKioskCall *call)
{
  if (call->cancellable != NULL)
    g_cancellable_cancel (call->cancellable);
  g_clear_object (&call->cancellable);
  g_clear_pointer (&call->body, json_object_unref);
  g_clear_pointer (&call->req_id, g_free);
}

LoketKioskStep *
loket_kiosk_step_new (gpointer owner,
                      guint    generation)
{
  LoketKioskStep *step = g_new (LoketKioskStep, 1);

  step->owner = g_object_ref (owner);
  step->generation = generation;
  return step;
}

void
loket_kiosk_step_free (LoketKioskStep *step)
{
  g_object_unref (step->owner);
  g_free (step);
}
