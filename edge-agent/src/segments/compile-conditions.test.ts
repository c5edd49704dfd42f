import { describe, expect, it } from 'vitest'
import { SEGMENT_OPERATORS, type SegmentCondition } from '@enclave/shared'
import { matchesFilter } from '../records/query'
import { compileCondition, compileConditions } from './compile-conditions'

const DOCS: Record<string, unknown>[] = [
  { country: 'Norway', amount: 1000, stage: 'Won' },
  { country: 'norway', amount: 0, stage: 'Lost' },
  { country: 'Finland', amount: 25.5 },
  { country: '', amount: null },
  { stage: 'Engaging' },
]

const VALUES = ['Norway', 'nor', 'Finland, norway', '1000', '0,25.5', '500', 'true', 'false', 'won']

describe('compileCondition', () => {
  it('agrees with matchesFilter on every case', () => {
    for (const field of ['country', 'amount', 'stage']) {
      for (const op of SEGMENT_OPERATORS) {
        for (const value of VALUES) {
          const condition: SegmentCondition = { field, op, value }
          const test = compileCondition(condition)
          for (const doc of DOCS) {
            expect(test(doc), `${field} ${op} ${value} on ${JSON.stringify(doc)}`).toBe(matchesFilter(doc, condition))
          }
        }
      }
    }
  })
})

describe('compileConditions', () => {
  const conditions: SegmentCondition[] = [
    { field: 'country', op: 'eq', value: 'norway' },
    { field: 'amount', op: 'gt', value: '100' },
  ]

  it('requires every condition for all', () => {
    expect(DOCS.filter(compileConditions(conditions, 'all'))).toEqual([DOCS[0]])
  })

  it('requires one condition for any', () => {
    expect(DOCS.filter(compileConditions(conditions, 'any'))).toEqual([DOCS[0], DOCS[1]])
  })

  it('selects everything without conditions', () => {
    expect(DOCS.filter(compileConditions([], 'any'))).toHaveLength(DOCS.length)
  })
})
