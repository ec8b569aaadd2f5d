/* loket-skm-view.c — the satisfaction survey's index in the supervisor's
 * report (see loket-skm-view.h): a compact table, one row per service and
 * the office's last — the respondents, the index and its grade as loketd
 * computed them (SKM: the computation behind `loketctl report --skm`, so
 * the view rounds nothing itself), whether the Krejcie–Morgan sample for
 * the citizens served was reached, and the lowest element, where the
 * follow-up plan starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-counter"

#include "config.h"

#include "loket-skm-view.h"

#include "loket-i18n.h"
#include "loket-message.h"
#include "loket-report-grid.h"
#include "loket-skm.h"

#include <glib/gi18n-lib.h>

struct _LoketSkmView
{
  GtkBox        parent_instance;

  GCancellable *request;    /* the request under way, or NULL */
  GStrv         rows;
  GtkLabel     *status;
  GtkGrid      *grid;
};

G_DEFINE_FINAL_TYPE (LoketSkmView, loket_skm_view, GTK_TYPE_BOX)

enum { PROP_0, PROP_ROWS, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The element's name in the view's language, from its id. */
static const char *
element_name (const char *id)
{
  gint e = loket_skm_element_index (id);

  if (e < 0)
    return id ? id : "";
  return g_str_equal (loket_i18n_get_language (), "en") ? loket_skm_element (e)->name_en
                                                         : loket_skm_element (e)->name;
}

/* One group's cells: id, name, respondents, index, grade and label,
 * sample reached, lowest element. */
static GStrv
group_cells (JsonObject *group)
{
  const char *index = json_object_get_string_member_with_default (group, "index", NULL);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autofree char *respondents = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  json_object_get_int_member_with_default (group, "respondents", 0));
  g_autofree char *grade = NULL;
  g_autofree char *shown = NULL;

  /* The index as graded, with the language's decimal mark (80,42). */
  if (index != NULL)
    shown = g_str_equal (loket_i18n_get_language (), "en") ? g_strdup (index)
                                                           : g_strdelimit (g_strdup (index), ".", ',');
  if (index != NULL)
    grade = g_strdup_printf ("%s %s", json_object_get_string_member_with_default (group, "grade", ""),
                             json_object_get_string_member_with_default (group, "performance", ""));
  g_strv_builder_add (b, json_object_get_string_member_with_default (group, "id", ""));
  g_strv_builder_add (b, json_object_get_string_member_with_default (group, "name", ""));
  g_strv_builder_add (b, respondents);
  g_strv_builder_add (b, shown ? shown : "—");
  g_strv_builder_add (b, grade ? grade : "");
  /* Nobody served: no sample to reach. */
  if (json_object_get_int_member_with_default (group, "sample_needed", 0) == 0)
    g_strv_builder_add (b, "—");
  else
    g_strv_builder_add (b, json_object_get_boolean_member_with_default (group, "sample_reached", FALSE)
                           /* Translators: whether the survey's sample was reached. */
                           ? C_("sample", "yes") : C_("sample", "no"));
  g_strv_builder_add (b, index ? element_name (json_object_get_string_member_with_default (group, "lowest", NULL))
                               : "");
  return g_strv_builder_end (b);
}

static void
add_row (LoketSkmView *self, GStrvBuilder *rows, guint r, JsonObject *group, gboolean total)
{
  g_auto(GStrv) cells = group_cells (group);
  g_autofree char *joined = g_strjoinv ("|", cells);

  /* The id is for tests and the rows' text; people read the name. */
  for (guint c = 1; cells[c] != NULL; c++)
    gtk_grid_attach (self->grid, loket_report_grid_cell (cells[c], c == 2 || c == 3, FALSE, total), c - 1, r, 1, 1);
  g_strv_builder_add (rows, joined);
}

static void
show (LoketSkmView *self, JsonObject *skm)
{
  const char *headers[] = { _("Service"), _("Respondents"), _("Index"), _("Grade"), _("Sample reached"),
                            _("Lowest element") };
  JsonArray *services = skm ? json_object_get_array_member (skm, "services") : NULL;
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();
  guint r = 1;

  loket_report_grid_clear (self->grid);
  if (skm != NULL)
    {
      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        gtk_grid_attach (self->grid, loket_report_grid_cell (headers[c], c == 1 || c == 2, TRUE, FALSE), c, 0, 1, 1);
      for (guint i = 0; services != NULL && i < json_array_get_length (services); i++)
        add_row (self, rows, r++, json_array_get_object_element (services, i), FALSE);
      add_row (self, rows, r, json_object_get_object_member (skm, "office"), TRUE);
    }
  g_strfreev (self->rows);
  self->rows = g_strv_builder_end (rows);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS]);
}

static void
on_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketSkmView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = loket_client_request_finish (LOKET_CLIENT (source), result, &error);

  /* Dropped for a newer request. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->request);
  if (reply == NULL || !json_object_has_member (reply, "skm"))
    {
      g_debug ("no satisfaction index: %s", error ? error->message : "no figures in the reply");
      gtk_label_set_text (self->status, error ? error->message : _("The server sent no index."));
      gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
      show (self, NULL);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  show (self, json_object_get_object_member (reply, "skm"));
}

void
loket_skm_view_request (LoketSkmView *self,
                        LoketClient  *client,
                        const char   *from,
                        const char   *to)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (LOKET_IS_SKM_VIEW (self));
  if (self->request != NULL)
    g_cancellable_cancel (self->request);
  g_clear_object (&self->request);
  if (client == NULL)
    return;
  self->request = g_cancellable_new ();
  body = loket_json_object_new_with ("from", from, "to", to, "lang", loket_i18n_get_language (), NULL);
  loket_client_request_async (client, "SKM", body, NULL, self->request, on_reply, g_object_ref (self));
}

const char * const *
loket_skm_view_get_rows (LoketSkmView *self)
{
  g_return_val_if_fail (LOKET_IS_SKM_VIEW (self), NULL);
  return (const char * const *) self->rows;
}

static void
loket_skm_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketSkmView *self = LOKET_SKM_VIEW (object);

  switch (prop_id)
    {
    case PROP_ROWS:
      g_value_set_boxed (value, self->rows);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_skm_view_dispose (GObject *object)
{
  LoketSkmView *self = LOKET_SKM_VIEW (object);

  if (self->request != NULL)
    g_cancellable_cancel (self->request);
  g_clear_object (&self->request);
  G_OBJECT_CLASS (loket_skm_view_parent_class)->dispose (object);
}

static void
loket_skm_view_finalize (GObject *object)
{
  g_strfreev (LOKET_SKM_VIEW (object)->rows);
  G_OBJECT_CLASS (loket_skm_view_parent_class)->finalize (object);
}

static void
loket_skm_view_class_init (LoketSkmViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = loket_skm_view_get_property;
  object_class->dispose = loket_skm_view_dispose;
  object_class->finalize = loket_skm_view_finalize;
  properties[PROP_ROWS] = g_param_spec_boxed ("rows", NULL, NULL, G_TYPE_STRV,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_skm_view_init (LoketSkmView *self)
{
  GtkWidget *title = gtk_label_new (_("Satisfaction survey (SKM): index per service"));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (self), title);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status));
  self->grid = loket_report_grid_new ();
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->grid));
  self->rows = g_new0 (char *, 1);
}

LoketSkmView *
loket_skm_view_new (void)
{
  return g_object_new (LOKET_TYPE_SKM_VIEW, NULL);
}
