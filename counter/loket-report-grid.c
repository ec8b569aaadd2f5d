/* loket-report-grid.c — the cells and the grid of the supervisor's
 * report tables (see loket-report-grid.h), so that the report's table
 * and the satisfaction index's look the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-supervisor"

#include "config.h"

#include "loket-report-grid.h"

GtkGrid *
loket_report_grid_new (void)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_column_spacing (grid, 18);
  gtk_grid_set_row_spacing (grid, 6);
  gtk_widget_add_css_class (GTK_WIDGET (grid), "report-grid");
  gtk_widget_set_halign (GTK_WIDGET (grid), GTK_ALIGN_START);
  return grid;
}

GtkWidget *
loket_report_grid_cell (const char *text,
                        gboolean    numeric,
                        gboolean    header,
                        gboolean    total)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_widget_add_css_class (label, "report-cell");
  if (header)
    gtk_widget_add_css_class (label, "report-header");
  if (total)
    gtk_widget_add_css_class (label, "report-total");
  return label;
}

void
loket_report_grid_clear (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}
