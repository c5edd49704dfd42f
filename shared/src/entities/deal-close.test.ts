import { describe, expect, it } from 'vitest'
import { closeDateOnClosing } from './deal-close'

const NOW = new Date('2026-12-04T23:30:00Z')

describe('closeDateOnClosing', () => {
  it('dates a deal moved to Won or Lost', () => {
    expect(closeDateOnClosing({ type: 'deal', stage: 'Won' }, 'Engaging', NOW)).toBe('2026-12-04')
    expect(closeDateOnClosing({ type: 'deal', stage: 'Lost', closeDate: '' }, 'Prospecting', NOW)).toBe('2026-12-04')
  })

  it('replaces the expected close date of an open deal', () => {
    expect(closeDateOnClosing({ type: 'deal', stage: 'Won', closeDate: '2027-03-31' }, 'Engaging', NOW)).toBe('2026-12-04')
  })

  it('keeps the date of a deal moved between Won and Lost', () => {
    expect(closeDateOnClosing({ type: 'deal', stage: 'Lost', closeDate: '2026-11-30' }, 'Won', NOW)).toBeUndefined()
  })

  it('keeps the close date a new deal names', () => {
    expect(closeDateOnClosing({ type: 'deal', stage: 'Won', closeDate: '2026-11-30' }, undefined, NOW)).toBeUndefined()
    expect(closeDateOnClosing({ type: 'deal', stage: 'Won' }, undefined, NOW)).toBe('2026-12-04')
  })

  it('leaves open deals and other records alone', () => {
    expect(closeDateOnClosing({ type: 'deal', stage: 'Engaging' }, 'Won', NOW)).toBeUndefined()
    expect(closeDateOnClosing({ type: 'ticket', stage: 'Won' }, 'Engaging', NOW)).toBeUndefined()
  })
})
