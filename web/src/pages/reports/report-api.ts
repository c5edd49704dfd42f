import type { ReportDefinition, ReportResult } from '@enclave/shared/reports/report-types'
import { request } from './request'

/** A report as the list returns it: at the cloud, `available` is false when the site keeps its fields. */
export interface ReportListItem extends ReportDefinition {
  available: boolean
  missing?: string[]
}

/** Filters of the dashboard as typed; empty strings mean "any". */
export interface DashboardFilters {
  from: string
  to: string
  owner: string
  pipeline: string
}

export const EMPTY_DASHBOARD_FILTERS: DashboardFilters = { from: '', to: '', owner: '', pipeline: '' }

/** Builds the query string of the filters that are set. */
export function reportQuery(filters: DashboardFilters): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(filters)) if (value.trim()) params.set(name, value.trim())
  return params.toString()
}

/** Reads the dashboard filters from a page's query string; a filter not named stays empty. */
export function dashboardFiltersFromQuery(search: string): DashboardFilters {
  const params = new URLSearchParams(search)
  const filters = { ...EMPTY_DASHBOARD_FILTERS }
  for (const name of Object.keys(filters) as (keyof DashboardFilters)[]) filters[name] = params.get(name) ?? ''
  return filters
}

/**
 * Writes the filters that are set into the query string `search`, keeping its other
 * parameters such as `site`. Returns `?…`, or an empty string when no parameter is left.
 */
export function dashboardQueryString(search: string, filters: DashboardFilters): string {
  const params = new URLSearchParams(search)
  for (const [name, value] of Object.entries(filters)) {
    if (value.trim()) params.set(name, value.trim())
    else params.delete(name)
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/**
 * Base path of the report API: `/api/reports` at the edge, `/api/sites/<site>/reports` at the
 * cloud for the site named in the page's `site` query parameter.
 */
export function reportBase(tier: 'edge' | 'cloud', site: string | null): string {
  return tier === 'cloud' && site ? `/api/sites/${encodeURIComponent(site)}/reports` : '/api/reports'
}

/** Calls to the report routes of either tier. */
export const reportApi = {
  list: (base: string) => request<{ reports: ReportListItem[] }>('GET', base),
  run: (base: string, id: string, filters: DashboardFilters) => request<ReportResult>('GET', `${base}/${id}?${reportQuery(filters)}`),
}
