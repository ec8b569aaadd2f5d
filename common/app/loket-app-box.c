/* loket-app-box.c — a GtkBox bound to a GListModel (see loket-app-box.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-app-box.h"

typedef struct {
  GListModel            *model;
  LoketAppBoxCreateFunc  create;
  gpointer               user_data;
} Binding;

static void
binding_free (Binding *binding)
{
  g_clear_object (&binding->model);
  g_free (binding);
}

static GtkWidget *
nth_child (GtkBox *box, guint n)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));

  while (child != NULL && n-- > 0)
    child = gtk_widget_get_next_sibling (child);
  return child;
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, GtkBox *box)
{
  Binding *binding = g_object_get_data (G_OBJECT (box), "loket-app-box-binding");
  GtkWidget *before = position > 0 ? nth_child (box, position - 1) : NULL;

  for (guint i = 0; i < removed; i++)
    {
      GtkWidget *child = before ? gtk_widget_get_next_sibling (before)
                                : gtk_widget_get_first_child (GTK_WIDGET (box));

      if (child == NULL)
        break;
      gtk_box_remove (box, child);
    }
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);
      GtkWidget *widget = binding->create (item, binding->user_data);

      gtk_box_insert_child_after (box, widget, before);
      before = widget;
    }
}

void
loket_app_box_bind_model (GtkBox                *box,
                          GListModel            *model,
                          LoketAppBoxCreateFunc  create,
                          gpointer               user_data)
{
  Binding *old = g_object_get_data (G_OBJECT (box), "loket-app-box-binding");
  Binding *binding;
  GtkWidget *child;

  if (old != NULL && old->model != NULL)
    g_signal_handlers_disconnect_by_func (old->model, on_items_changed, box);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
  if (model == NULL)
    {
      g_object_set_data (G_OBJECT (box), "loket-app-box-binding", NULL);
      return;
    }
  binding = g_new0 (Binding, 1);
  binding->model = g_object_ref (model);
  binding->create = create;
  binding->user_data = user_data;
  g_object_set_data_full (G_OBJECT (box), "loket-app-box-binding", binding, (GDestroyNotify) binding_free);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), box, 0);
  on_items_changed (model, 0, 0, g_list_model_get_n_items (model), box);
}
