import { useContext, useEffect, useState } from 'preact/hooks'
import type { MetaResponse } from '@enclave/shared/api'
import type { ReportResult, ReportSeries } from '@enclave/shared/reports/report-types'
import { AppContext } from '../../app/app-context'
import { optionLabel } from '../../app/field-labels'
import { BarChart, formatValue } from './BarChart'
import { replaceQuery } from '../../app/replace-query'
import { dashboardFiltersFromQuery, dashboardQueryString, reportApi, reportBase, type DashboardFilters, type ReportListItem } from './report-api'
import { request } from './request'
import { bucketLabel, reportTerm, reportText, type ReportTextKey } from './report-text'
import './reports.css'
import { errorText } from '../../app/error-text'

const FILTER_INPUTS: { name: keyof DashboardFilters; label: ReportTextKey; type: string }[] = [
  { name: 'from', label: 'from', type: 'date' },
  { name: 'to', label: 'to', type: 'date' },
  { name: 'owner', label: 'owner', type: 'text' },
  { name: 'pipeline', label: 'pipeline', type: 'text' },
]

/** Returns `series` with its label, bucket names and the built-in stage, status and kind names in the app's language. */
function translatedSeries(report: string, series: ReportSeries): ReportSeries {
  return {
    ...series,
    label: reportTerm('series', `${report}.${series.name}`, series.label),
    points: series.points.map((point) => ({ ...point, label: bucketLabel(point.label) ?? optionLabel(point.label) })),
  }
}

function ReportCard({ item, result, error }: { item: ReportListItem; result?: ReportResult; error?: string }) {
  return (
    <article class="report-card" data-report={item.id} aria-labelledby={`report-${item.id}`}>
      <h2 id={`report-${item.id}`}>{reportTerm('report', item.id, item.title)}</h2>
      {!item.available && <p class="report-note">{reportText('unavailable', { fields: (item.missing ?? []).join(', ') })}</p>}
      {error && <p class="report-error" role="alert">{error}</p>}
      {item.available && !result && !error && <p>{reportText('loading')}</p>}
      {result && (
        <>
          <dl class="report-totals">
            {Object.entries(result.totals).map(([name, value]) => (
              <div key={name} data-total={name}>
                <dt>{reportTerm('total', name, name)}</dt>
                <dd>{formatValue(value, name.toLowerCase().includes('rate') ? 'percent' : 'count')}</dd>
              </div>
            ))}
          </dl>
          {result.series.map((series) => (series.points.length > 0 ? <BarChart key={series.name} series={translatedSeries(item.id, series)} /> : <p key={series.name}>{reportText('noData')}</p>))}
        </>
      )}
    </article>
  )
}

/**
 * Shows every report as totals and bar charts, with filters by date range, owner and
 * pipeline. At the cloud it shows the site chosen in the shell (or named by `?site=` outside
 * it) and marks the reports whose fields that site keeps on site.
 */
export function DashboardPage() {
  const [base, setBase] = useState<string | null>(null)
  const [needsSite, setNeedsSite] = useState(false)
  // The applied filters live in the query string, so that Back and reload restore them.
  const [draft, setDraft] = useState<DashboardFilters>(() => dashboardFiltersFromQuery(location.search))
  const [filters, setFilters] = useState<DashboardFilters>(draft)
  const [reports, setReports] = useState<ReportListItem[]>([])
  const [results, setResults] = useState<Record<string, ReportResult>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState('')

  const app = useContext(AppContext)

  useEffect(() => {
    if (app) {
      // Inside the app shell the tier and, at the cloud, the chosen site are known already.
      const site = app.api.tier.siteId ?? null
      if (app.api.tier.tier === 'cloud' && !site) setNeedsSite(true)
      else setBase(reportBase(app.api.tier.tier, site))
      return
    }
    request<MetaResponse>('GET', '/api/meta')
      .then((meta) => {
        const site = new URLSearchParams(location.search).get('site')
        if (meta.tier === 'cloud' && !site) setNeedsSite(true)
        else setBase(reportBase(meta.tier, site))
      }, (failure: Error) => setError(errorText(failure)))
  }, [app?.api.tier.siteId])

  useEffect(() => {
    if (!base) return
    reportApi.list(base).then((list) => setReports(list.reports), (failure: Error) => setError(errorText(failure)))
  }, [base])

  useEffect(() => {
    if (!base) return
    setResults({})
    setErrors({})
    for (const item of reports) {
      if (!item.available) continue
      reportApi.run(base, item.id, filters).then(
        (result) => setResults((current) => ({ ...current, [item.id]: result })),
        (failure: Error) => setErrors((current) => ({ ...current, [item.id]: errorText(failure) })),
      )
    }
  }, [base, reports, filters])

  function apply(event: Event) {
    event.preventDefault()
    setFilters(draft)
    replaceQuery(location.pathname, dashboardQueryString(location.search, draft))
  }

  return (
    <section class="dashboard-page" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{reportText('dashboardTitle')}</h1>
      {needsSite && <p>{reportText('chooseSite')}</p>}
      {error && <p class="report-error" role="alert">{error}</p>}

      <form class="dashboard-filters" onSubmit={apply}>
        {FILTER_INPUTS.map((input) => (
          <label key={input.name}>
            {reportText(input.label)}
            <input
              name={input.name}
              type={input.type}
              value={draft[input.name]}
              onInput={(event) => setDraft({ ...draft, [input.name]: (event.target as HTMLInputElement).value })}
            />
          </label>
        ))}
        <button type="submit">{reportText('apply')}</button>
      </form>

      <div class="report-grid">
        {reports.map((item) => (
          <ReportCard key={item.id} item={item} result={results[item.id]} error={errors[item.id]} />
        ))}
      </div>
    </section>
  )
}
