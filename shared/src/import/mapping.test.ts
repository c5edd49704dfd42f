import { describe, expect, it } from 'vitest'
import { parseImportPlan } from './mapping'

describe('parseImportPlan', () => {
  it.each(['contact', 'company', 'deal', 'activity', 'ticket'] as const)('accepts default keys for %s', (type) => {
    const plan = parseImportPlan(type, ['A'], { columns: [{ column: 0, field: null }] })

    expect(plan.settings.dedupeKeys.length).toBeGreaterThan(0)
    expect(plan.settings.onDuplicate).toBe('skip')
  })

  it('rejects a field mapped twice', () => {
    expect(() => parseImportPlan('contact', ['A', 'B'], { columns: [{ column: 0, field: 'email' }, { column: 1, field: 'email' }] })).toThrow("columns 'A' and 'B' both map to email")
  })

  it('rejects a column outside the file', () => {
    expect(() => parseImportPlan('contact', ['A'], { columns: [{ column: 3, field: 'email' }] })).toThrow('use 0 to 0')
  })

  it('rejects an invalid country', () => {
    expect(() => parseImportPlan('contact', ['A'], { columns: [], settings: { defaultCountry: 'usa' } })).toThrow('two capital letters')
  })

  it('accepts no dedupe keys', () => {
    expect(parseImportPlan('contact', ['A'], { columns: [], settings: { dedupeKeys: [] } }).settings.dedupeKeys).toEqual([])
  })
})
