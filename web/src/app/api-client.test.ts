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
