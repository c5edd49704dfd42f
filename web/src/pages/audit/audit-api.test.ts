import { describe, expect, it } from 'vitest'
import { auditQuery, EMPTY_FILTERS } from './audit-api'

describe('auditQuery', () => {
  it('leaves out empty filters', () => {
    expect(auditQuery(EMPTY_FILTERS)).toBe('')
  })

  it('trims text filters', () => {
    expect(auditQuery({ ...EMPTY_FILTERS, user: ' user:alice ', action: 'record.read' })).toBe('user=user%3Aalice&action=record.read')
  })

  it('sends times as ISO 8601', () => {
    const query = new URLSearchParams(auditQuery({ ...EMPTY_FILTERS, from: '2026-01-31T10:00' }))
    expect(query.get('from')).toBe(new Date('2026-01-31T10:00').toISOString())
  })

  it('skips an invalid time', () => {
    expect(auditQuery({ ...EMPTY_FILTERS, to: 'yesterday' })).toBe('')
  })

  it('adds the page', () => {
    expect(auditQuery(EMPTY_FILTERS, { limit: 50, offset: 100 })).toBe('limit=50&offset=100')
  })
})
