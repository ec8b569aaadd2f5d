/* loket-report-view.c — today's report against the charter, live, in the
 * supervisor's view.
 *
 * The server computes the model (REPORT); this view shows one of its
 * tables — per service, per counter, per clerk or per hour — with the
 * same cells `loketctl report` prints, and writes the PDF or CSV a head
 * of office asks for with the same renderers.  Nothing is counted here,
 * so the screen, the file and the command line never disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-supervisor"

#include "config.h"

#include "loket-report-view.h"

#include <glib/gi18n-lib.h>

struct _LoketReportView
{
  GtkBox               parent_instance;

  LoketReport         *report;
  LoketReportGrouping  grouping;
  GStrv                rows;       /* the shown rows, cells joined by "|" */

  GtkLabel            *title;
  GtkLabel            *period;
  GtkDropDown         *grouping_choice;
  GtkGrid             *grid;
};

G_DEFINE_FINAL_TYPE (LoketReportView, loket_report_view, GTK_TYPE_BOX)

enum { PROP_0, PROP_ROWS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GtkWidget *
cell (const char *text, gboolean numeric, gboolean header, gboolean total)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_widget_add_css_class (label, "report-cell");
  if (header)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), numeric ? 9 : 24);
      gtk_widget_add_css_class (label, "report-header");
    }
  if (total)
    gtk_widget_add_css_class (label, "report-total");
  return label;
}

static void
rebuild (LoketReportView *self)
{
  g_autoptr(LoketReportTable) table = NULL;
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();
  g_autofree char *period = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_clear_pointer (&self->rows, g_strfreev);
  if (self->report != NULL)
    {
      table = loket_report_table_new (self->report, self->grouping);
      period = loket_report_format_period (self->report);
      gtk_label_set_text (self->title, table->title);
      for (guint c = 0; c < table->columns->len; c++)
        {
          LoketReportColumn *column = g_ptr_array_index (table->columns, c);

          gtk_grid_attach (self->grid, cell (column->label, column->numeric, TRUE, FALSE), c, 0, 1, 1);
        }
      for (guint r = 0; r < table->rows->len; r++)
        {
          char **cells = g_ptr_array_index (table->rows, r);
          gboolean total = table->has_total && r + 1 == table->rows->len;
          g_autofree char *joined = g_strjoinv ("|", cells);

          for (guint c = 0; c < table->columns->len; c++)
            {
              LoketReportColumn *column = g_ptr_array_index (table->columns, c);

              gtk_grid_attach (self->grid, cell (cells[c], column->numeric, FALSE, total), c, r + 1, 1, 1);
            }
          g_strv_builder_add (rows, joined);
        }
    }
  gtk_label_set_text (self->period, period ? period : _("No report yet."));
  self->rows = g_strv_builder_end (rows);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS]);
}

static void
on_grouping_selected (GtkDropDown *choice, GParamSpec *pspec, LoketReportView *self)
{
  guint selected = gtk_drop_down_get_selected (choice);

  if (selected != GTK_INVALID_LIST_POSITION && selected != (guint) self->grouping)
    loket_report_view_set_grouping (self, (LoketReportGrouping) selected);
}

static void
loket_report_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketReportView *self = LOKET_REPORT_VIEW (object);

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
loket_report_view_finalize (GObject *object)
{
  LoketReportView *self = LOKET_REPORT_VIEW (object);

  g_clear_pointer (&self->report, loket_report_free);
  g_strfreev (self->rows);
  G_OBJECT_CLASS (loket_report_view_parent_class)->finalize (object);
}

static void
loket_report_view_class_init (LoketReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = loket_report_view_get_property;
  object_class->finalize = loket_report_view_finalize;
  properties[PROP_ROWS] = g_param_spec_boxed ("rows", NULL, NULL, G_TYPE_STRV,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_report_view_init (LoketReportView *self)
{
  /* In the order of LoketReportGrouping. */
  const char *groupings[] = { _("Per service"), _("Per counter"), _("Per clerk"), _("Per hour"),
                              _("Per kiosk"), NULL };
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *save_pdf = gtk_button_new_with_label (_("Save PDF…"));
  GtkWidget *save_csv = gtk_button_new_with_label (_("Save CSV…"));
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self), "supervisor-page");
  self->title = GTK_LABEL (gtk_label_new (NULL));
  self->period = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_xalign (self->period, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "section-title");
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (self->period), "dim-label");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->period));
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (header), titles);
  self->grouping_choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (groupings));
  gtk_widget_set_valign (GTK_WIDGET (self->grouping_choice), GTK_ALIGN_CENTER);
  g_signal_connect (self->grouping_choice, "notify::selected", G_CALLBACK (on_grouping_selected), self);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->grouping_choice));
  /* The window owns the file dialogs and the export actions. */
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (save_pdf), "win.report-save::pdf");
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (save_csv), "win.report-save::csv");
  gtk_widget_set_valign (save_pdf, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (save_csv, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), save_csv);
  gtk_box_append (GTK_BOX (header), save_pdf);
  gtk_box_append (GTK_BOX (self), header);

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 18);
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "report-grid");
  gtk_widget_set_valign (GTK_WIDGET (self->grid), GTK_ALIGN_START);
  gtk_widget_set_halign (GTK_WIDGET (self->grid), GTK_ALIGN_START);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->grid));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self), scroller);
  rebuild (self);
}

LoketReportView *
loket_report_view_new (void)
{
  return g_object_new (LOKET_TYPE_REPORT_VIEW, NULL);
}

void
loket_report_view_set_report (LoketReportView *self,
                              LoketReport     *report)
{
  g_return_if_fail (LOKET_IS_REPORT_VIEW (self));
  g_clear_pointer (&self->report, loket_report_free);
  self->report = report;
  rebuild (self);
}

const LoketReport *
loket_report_view_get_report (LoketReportView *self)
{
  g_return_val_if_fail (LOKET_IS_REPORT_VIEW (self), NULL);
  return self->report;
}

void
loket_report_view_set_grouping (LoketReportView     *self,
                                LoketReportGrouping  grouping)
{
  g_return_if_fail (LOKET_IS_REPORT_VIEW (self));
  self->grouping = grouping;
  if (gtk_drop_down_get_selected (self->grouping_choice) != (guint) grouping)
    gtk_drop_down_set_selected (self->grouping_choice, grouping);
  rebuild (self);
}

const char * const *
loket_report_view_get_rows (LoketReportView *self)
{
  g_return_val_if_fail (LOKET_IS_REPORT_VIEW (self), NULL);
  return (const char * const *) self->rows;
}

gboolean
loket_report_view_save (LoketReportView    *self,
                        LoketReportFormat   format,
                        GFile              *file,
                        GError            **error)
{
  g_autoptr(GFileOutputStream) out = NULL;

  g_return_val_if_fail (LOKET_IS_REPORT_VIEW (self), FALSE);
  if (self->report == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The report has not arrived yet."));
      return FALSE;
    }
  /* Written beside and renamed over: a half-written report never stands
   * where the supervisor asked for it. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  return out != NULL &&
         loket_report_write (self->report, self->grouping, format, G_OUTPUT_STREAM (out), error) &&
         g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
