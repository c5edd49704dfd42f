import { describe, expect, it } from 'vitest'
import { createRecordApi } from './api-client'

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
