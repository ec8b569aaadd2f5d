/* stub */
#include "loket-report-render.h"
#include "loket-error.h"
gboolean
loket_report_write_pdf (const LoketReport *report, LoketReportGrouping grouping, GOutputStream *out, GError **error)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "not yet");
  return FALSE;
}
