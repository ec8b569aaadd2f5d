/* loket-reader.h — loketd's reader thread: the long reads, apart from
 * the queue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "loket-message.h"
#include "loket-office.h"

G_BEGIN_DECLS

typedef struct _LoketReader LoketReader;

/* Called on the main context that created the reader with each answer
 * (an OK or an error reply, its routing id set), which the callee owns. */
typedef void (*LoketReaderAnswered) (LoketMessage *reply,
                                     gpointer      user_data);

/* A reader for @office's store, opened a second time read-only; NULL and
 * @error if it cannot be (a database in memory). */
LoketReader *loket_reader_new  (LoketOffice          *office,
                                LoketReaderAnswered   answered,
                                gpointer              user_data,
                                GError              **error);
/* Answers @message (admitted as @def for @device, in @role, at @now) on
 * the reader thread, by @office's charter of this moment.  Takes
 * @message. */
void         loket_reader_push (LoketReader           *self,
                                LoketMessage          *message,
                                const LoketRequestDef *def,
                                const char            *device,
                                LoketRole              role,
                                gint64                 now);
/* Waits for the requests pushed so far to be answered, hands each answer
 * to the callback, and frees the reader. */
void         loket_reader_free (LoketReader           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketReader, loket_reader_free)

G_END_DECLS
