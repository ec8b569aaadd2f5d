/* loket-service-tile.h — one service on the kiosk's home screen: a large
 * button with the series letter, the name, how many wait, the estimated
 * wait and the charter's promise, or why it cannot be taken now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LOKET_TYPE_SERVICE_TILE (loket_service_tile_get_type ())
G_DECLARE_FINAL_TYPE (LoketServiceTile, loket_service_tile, LOKET, SERVICE_TILE, GtkButton)

GtkWidget  *loket_service_tile_new        (void);
/* @service: one entry of the server's service list (borrowed). */
void        loket_service_tile_set_service (LoketServiceTile *self,
                                            JsonObject       *service);
const char *loket_service_tile_get_id     (LoketServiceTile *self);

G_END_DECLS
