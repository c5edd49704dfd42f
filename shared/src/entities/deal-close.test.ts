import { describe, expect, it } from 'vitest'
import { closeDateOnClosing } from './deal-close'

const NOW = new Date('2026-12-04T23:30:00Z')

describe('closeDateOnClosing', () => {
  it('dates a deal moved to Won or Lost', () => {
    expect(closeDateOnClosing({ type: 'deal', stage: 'Won' }, NOW)).toBe('2026-12-04')
    expect(closeDateOnClosing({ type: 'deal', stage: 'Lost', closeDate: '' }, NOW)).toBe('2026-12-04')
  })

  it('keeps a close date the deal has', () => {
    expect(closeDateOnClosing({ type: 'deal', stage: 'Won', closeDate: '2026-11-30' }, NOW)).toBeUndefined()
  })

  it('leaves open deals and other records alone', () => {
    expect(closeDateOnClosing({ type: 'deal', stage: 'Engaging' }, NOW)).toBeUndefined()
    expect(closeDateOnClosing({ type: 'ticket', stage: 'Won' }, NOW)).toBeUndefined()
  })
})
