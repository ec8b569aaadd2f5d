/* loket-timer-labels.c — running timer labels, moved by the clock.  See
 * loket-timer-labels.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-timer-labels.h"
#include "loket-timer.h"

#define USEC_PER_MINUTE (60 * G_USEC_PER_SEC)

typedef struct {
  GtkLabel *label;      /* a reference of ours: a label whose row went is harmless */
  gint64    since;
  gint64    promised;
} TimerLabel;

struct _LoketTimerLabels {
  GArray *labels;       /* TimerLabel */
};

static void
timer_label_clear (TimerLabel *timer)
{
  g_clear_object (&timer->label);
}

LoketTimerLabels *
loket_timer_labels_new (void)
{
  LoketTimerLabels *self = g_new0 (LoketTimerLabels, 1);

  self->labels = g_array_new (FALSE, FALSE, sizeof (TimerLabel));
  g_array_set_clear_func (self->labels, (GDestroyNotify) timer_label_clear);
  return self;
}

void
loket_timer_labels_free (LoketTimerLabels *self)
{
  g_array_unref (self->labels);
  g_free (self);
}

static void
show (TimerLabel *timer, gint64 now)
{
  gint64 elapsed = now - timer->since;
  g_autofree char *running = loket_timer_format (elapsed);
  /* Translators: a running time against the charter's promised minutes. */
  g_autofree char *text = timer->promised > 0
                          ? g_strdup_printf (_("%s / %d min"), running, (int) (timer->promised / USEC_PER_MINUTE))
                          : g_strdup (running);
  LoketTimerLevel level = loket_timer_level (elapsed, timer->promised);

  gtk_label_set_text (timer->label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (timer->label), loket_timer_level_to_string (LOKET_TIMER_WARNING));
  gtk_widget_remove_css_class (GTK_WIDGET (timer->label), loket_timer_level_to_string (LOKET_TIMER_OVERDUE));
  if (level != LOKET_TIMER_NEUTRAL)
    gtk_widget_add_css_class (GTK_WIDGET (timer->label), loket_timer_level_to_string (level));
}

GtkWidget *
loket_timer_labels_add (LoketTimerLabels *self, gint64 since, gint64 promised, gint64 now)
{
  TimerLabel timer = { g_object_ref_sink (GTK_LABEL (gtk_label_new (NULL))), since, promised };

  gtk_widget_add_css_class (GTK_WIDGET (timer.label), "queue-timer");
  gtk_widget_set_valign (GTK_WIDGET (timer.label), GTK_ALIGN_CENTER);
  show (&timer, now);
  g_array_append_val (self->labels, timer);
  return GTK_WIDGET (timer.label);
}

void
loket_timer_labels_clear (LoketTimerLabels *self)
{
  g_array_set_size (self->labels, 0);
}

/* A label whose row went (a list updated in place removes rows one by
 * one) has no parent any more: it is forgotten here. */
void
loket_timer_labels_update (LoketTimerLabels *self, gint64 now)
{
  for (guint i = self->labels->len; i > 0; i--)
    {
      TimerLabel *timer = &g_array_index (self->labels, TimerLabel, i - 1);

      if (gtk_widget_get_parent (GTK_WIDGET (timer->label)) == NULL)
        g_array_remove_index (self->labels, i - 1);
      else
        show (timer, now);
    }
}
