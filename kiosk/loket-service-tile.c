/* loket-service-tile.c — a service on the kiosk's home screen.
 *
 * The tile activates "win.open-service" with the service's id, so a
 * touch, a key press and a test all take the same path.  An unavailable
 * service stays visible and looks it (greyed, with the reason), but still
 * answers a touch: the window then asks the server for a ticket anyway,
 * so that a citizen turned away leaves a trace (TURNED_AWAY), or gets the
 * ticket if the service has opened meanwhile (loket-kiosk-window.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "loket-service-tile.h"
#include "loket-i18n.h"
#include "loket-message.h"

#include <glib/gi18n.h>

struct _LoketServiceTile
{
  GtkButton  parent_instance;

  char      *id;
  GtkLabel  *series_label;
  GtkLabel  *name_label;
  GtkLabel  *waiting_label;
  GtkLabel  *promise_label;
  GtkLabel  *unavailable_label;
};

G_DEFINE_FINAL_TYPE (LoketServiceTile, loket_service_tile, GTK_TYPE_BUTTON)

static void
loket_service_tile_finalize (GObject *object)
{
  LoketServiceTile *self = LOKET_SERVICE_TILE (object);

  g_free (self->id);
  G_OBJECT_CLASS (loket_service_tile_parent_class)->finalize (object);
}

static void
loket_service_tile_class_init (LoketServiceTileClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = loket_service_tile_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/loket/Kiosk/loket-service-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketServiceTile, series_label);
  gtk_widget_class_bind_template_child (widget_class, LoketServiceTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, LoketServiceTile, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, LoketServiceTile, promise_label);
  gtk_widget_class_bind_template_child (widget_class, LoketServiceTile, unavailable_label);
}

static void
loket_service_tile_init (LoketServiceTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
loket_service_tile_new (void)
{
  return g_object_new (LOKET_TYPE_SERVICE_TILE, NULL);
}

const char *
loket_service_tile_get_id (LoketServiceTile *self)
{
  return self->id;
}

void
loket_service_tile_set_service (LoketServiceTile *self,
                                JsonObject       *service)
{
  const char *name = loket_i18n_pick (service, "name");
  gint64 waiting = json_object_get_int_member_with_default (service, "waiting", 0);
  gint64 promise = json_object_get_int_member_with_default (service, "promised_wait_minutes", 0);
  gboolean available = json_object_get_boolean_member_with_default (service, "available", FALSE);
  const char *reason = loket_i18n_pick (service, "unavailable_reason");
  g_autofree char *waiting_text = NULL;
  g_autofree char *promise_text = NULL;
  g_autofree char *accessible = NULL;

  g_free (self->id);
  self->id = g_strdup (loket_json_optional_string (service, "id"));
  gtk_label_set_text (self->series_label, loket_json_optional_string (service, "series"));
  gtk_label_set_text (self->name_label, name);

  if (waiting == 0)
    waiting_text = g_strdup (_("Nobody waiting"));
  else
    {
      g_autofree char *wait = loket_i18n_format_wait (service);

      /* Translators: people waiting, then the estimated wait ("about 15 min", "20–45 min"). */
      waiting_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d waiting · %s",
                                                   "%d waiting · %s", (gulong) waiting),
                                      (int) waiting, wait);
    }
  gtk_label_set_text (self->waiting_label, waiting_text);
  /* Translators: the charter's promise for the wait, in minutes. */
  promise_text = g_strdup_printf (_("Promise: called within %d min"), (int) promise);
  gtk_label_set_text (self->promise_label, promise_text);

  gtk_widget_set_visible (GTK_WIDGET (self->unavailable_label), !available);
  gtk_label_set_text (self->unavailable_label, available ? "" : reason);
  if (available)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unavailable");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "unavailable");

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", self->id);

  accessible = g_strdup_printf ("%s %s. %s. %s.%s%s", _("Service"), name, waiting_text, promise_text,
                                available ? "" : " ", available ? "" : reason);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}
