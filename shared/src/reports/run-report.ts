import { activityReport, contactReport, ticketReport } from './service-reports'
import { dealAgeReport, pipelineReport, winRateReport, wonRevenueReport } from './deal-reports'
import {
  REPORT_DEFINITIONS,
  type ReportFilters,
  type ReportId,
  type ReportResult,
  type ReportSeries,
  type ReportSource,
} from './report-types'

type Compute = (source: ReportSource, filters: ReportFilters) => { series: ReportSeries[]; totals: Record<string, number> }

const COMPUTE: Readonly<Record<ReportId, Compute>> = {
  pipeline: pipelineReport,
  'won-revenue': wonRevenueReport,
  'win-rate': winRateReport,
  'deal-age': dealAgeReport,
  tickets: ticketReport,
  activities: activityReport,
  contacts: contactReport,
}

/**
 * Computes one report over the records of a source.
 *
 * @example runReport('pipeline', { records: (type) => index.all(type) }, { now: new Date().toISOString() })
 */
export function runReport(id: ReportId, source: ReportSource, filters: ReportFilters): ReportResult {
  const { series, totals } = COMPUTE[id](source, filters)
  return { report: id, title: REPORT_DEFINITIONS[id].title, filters, series, totals }
}
