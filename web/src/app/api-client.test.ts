import { describe, expect, it } from 'vitest'
import { createRecordApi, pickCloudSite, type SiteSummary } from './api-client'

describe('exportUrl', () => {
  const api = createRecordApi({ tier: 'edge', sites: [] })

  it('exports CSV by default', () => {
    expect(api.exportUrl('contacts', {})).toBe('/api/exports/contacts?format=csv')
  })

  it('exports XLSX with the list filters', () => {
    const url = api.exportUrl('deals', { q: 'ferry', sort: '-amount', filters: { stage: 'Won' }, limit: 50, offset: 100 }, 'xlsx')
    expect(url).toBe('/api/exports/deals?format=xlsx&q=ferry&sort=-amount&filter.stage=Won')
  })
})

describe('exportUrl at the cloud', () => {
  const api = createRecordApi({ tier: 'cloud', siteId: 'site a', sites: ['site a'] })

  it('exports from the chosen site', () => {
    const url = api.exportUrl('contacts', { filters: { country: 'Norway' } }, 'xlsx')
    expect(url).toBe('/api/sites/site%20a/exports/contacts?format=xlsx&filter.country=Norway')
  })
})

describe('pickCloudSite', () => {
  const sites: SiteSummary[] = [
    { siteId: 'aalborg', status: 'pending' },
    { siteId: 'bergen', status: 'revoked' },
    { siteId: 'tromso', status: 'enrolled' },
  ]

  it('skips pending and revoked sites by default', () => {
    expect(pickCloudSite(sites, null)).toBe('tromso')
  })

  it('keeps the site chosen last', () => {
    expect(pickCloudSite(sites, 'bergen')).toBe('bergen')
  })

  it('ignores a chosen pending site', () => {
    expect(pickCloudSite(sites, 'aalborg')).toBe('tromso')
  })

  it('falls back to a revoked site', () => {
    expect(pickCloudSite(sites.slice(0, 2), null)).toBe('bergen')
  })

  it('picks none when all are pending', () => {
    expect(pickCloudSite(sites.slice(0, 1), null)).toBeUndefined()
  })
})
