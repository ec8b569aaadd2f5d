/* loket-report-chart-view.c — a chart of the report on the supervisor's
 * screen.  The drawing is the report library's (loket-report-charts.c,
 * the same that draws the PDF's first page), here on the cairo node of
 * the widget's snapshot, scaled from points to pixels so that the
 * figures read at the size they print.  The widget only measures: its
 * height follows its width (the bars grow with the services, the
 * histograms keep their proportions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-supervisor"

#include "config.h"

#include "loket-report-chart-view.h"

#include <math.h>

/* Points to pixels: a 7.5 pt label is 10 px, as on paper at 96 dpi. */
#define PIXELS_PER_POINT (96.0 / 72.0)
#define MIN_WIDTH 320
#define NATURAL_WIDTH 560
#define MIN_HISTOGRAM_HEIGHT 170

struct _LoketReportChartView
{
  GtkWidget          parent_instance;

  LoketReportChart   chart;
  const LoketReport *report;
  char              *description;
};

G_DEFINE_FINAL_TYPE (LoketReportChartView, loket_report_chart_view, GTK_TYPE_WIDGET)

static GtkSizeRequestMode
get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
         int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  LoketReportChartView *self = LOKET_REPORT_CHART_VIEW (widget);
  int width;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
      return;
    }
  if (self->report == NULL)
    {
      *minimum = *natural = 0;
      return;
    }
  /* for_size is -1 when asked for a height before a width. */
  width = for_size > 0 ? for_size : NATURAL_WIDTH;
  /* The histograms take the height they are given: flatter than on
   * paper, for both to sit beside the bars on a 768-pixel screen. */
  if (self->chart == LOKET_REPORT_CHART_WAITS || self->chart == LOKET_REPORT_CHART_ARRIVALS)
    *minimum = *natural = MAX (MIN_HISTOGRAM_HEIGHT, width * 0.36);
  else
    *minimum = *natural = (int) ceil (PIXELS_PER_POINT *
                                      loket_report_chart_height (self->report, self->chart,
                                                                 width / PIXELS_PER_POINT));
}

static void
snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LoketReportChartView *self = LOKET_REPORT_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->report == NULL || width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_scale (cr, PIXELS_PER_POINT, PIXELS_PER_POINT);
  loket_report_chart_draw (cr, self->report, self->chart, width / PIXELS_PER_POINT, height / PIXELS_PER_POINT);
  cairo_destroy (cr);
}

static void
loket_report_chart_view_finalize (GObject *object)
{
  LoketReportChartView *self = LOKET_REPORT_CHART_VIEW (object);

  g_free (self->description);
  G_OBJECT_CLASS (loket_report_chart_view_parent_class)->finalize (object);
}

static void
loket_report_chart_view_class_init (LoketReportChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = loket_report_chart_view_finalize;
  widget_class->get_request_mode = get_request_mode;
  widget_class->measure = measure;
  widget_class->snapshot = snapshot;
  gtk_widget_class_set_css_name (widget_class, "reportchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
loket_report_chart_view_init (LoketReportChartView *self)
{
}

GtkWidget *
loket_report_chart_view_new (LoketReportChart chart)
{
  LoketReportChartView *self = g_object_new (LOKET_TYPE_REPORT_CHART_VIEW, NULL);

  self->chart = chart;
  return GTK_WIDGET (self);
}

LoketReportChart
loket_report_chart_view_get_chart (LoketReportChartView *self)
{
  g_return_val_if_fail (LOKET_IS_REPORT_CHART_VIEW (self), 0);
  return self->chart;
}

void
loket_report_chart_view_set_report (LoketReportChartView *self,
                                    const LoketReport    *report)
{
  g_return_if_fail (LOKET_IS_REPORT_CHART_VIEW (self));
  self->report = report;
  g_clear_pointer (&self->description, g_free);
  if (report != NULL)
    {
      self->description = loket_report_chart_describe (report, self->chart);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      self->description, -1);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
loket_report_chart_view_get_description (LoketReportChartView *self)
{
  g_return_val_if_fail (LOKET_IS_REPORT_CHART_VIEW (self), NULL);
  return self->description;
}
