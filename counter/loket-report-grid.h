/* loket-report-grid.h — the look the supervisor's report tables share
 * (the report's grouping table and the satisfaction index's): a grid of
 * label cells, numbers to the right, the header row and the total row
 * marked for style.css.  Each view fills its own grid from its own model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* An empty table: its spacing, its style class, at the start. */
GtkGrid   *loket_report_grid_new   (void);
/* A cell of @text, right-aligned if @numeric, styled as a @header or a
 * @total cell. */
GtkWidget *loket_report_grid_cell  (const char *text,
                                    gboolean    numeric,
                                    gboolean    header,
                                    gboolean    total);
/* Removes every cell of @grid. */
void       loket_report_grid_clear (GtkGrid    *grid);

G_END_DECLS
