import { describe, expect, it } from 'vitest'
import { dashboardFiltersFromQuery, dashboardQueryString, EMPTY_DASHBOARD_FILTERS } from './report-api'

describe('dashboardFiltersFromQuery', () => {
  it('reads the named filters', () => {
    expect(dashboardFiltersFromQuery('?from=2026-01-01&owner=Ana&site=oslo')).toEqual({ from: '2026-01-01', to: '', owner: 'Ana', pipeline: '' })
  })

  it('returns empty filters for no query', () => {
    expect(dashboardFiltersFromQuery('')).toEqual(EMPTY_DASHBOARD_FILTERS)
  })
})

describe('dashboardQueryString', () => {
  it('keeps the site and drops cleared filters', () => {
    const filters = { ...EMPTY_DASHBOARD_FILTERS, to: '2026-06-30', owner: ' ' }

    expect(dashboardQueryString('?site=oslo&owner=Bo', filters)).toBe('?site=oslo&to=2026-06-30')
  })

  it('returns empty text without filters', () => {
    expect(dashboardQueryString('?from=2026-01-01', EMPTY_DASHBOARD_FILTERS)).toBe('')
  })
})
