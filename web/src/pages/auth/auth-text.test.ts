import { describe, expect, it } from 'vitest'
import { text } from './auth-text'

describe('text', () => {
  it('fills placeholders', () => {
    expect(text('lockedOut', { seconds: 30 })).toContain('30 seconds')
  })

  it('keeps an unknown placeholder', () => {
    expect(text('chainIntact')).toContain('{count}')
  })
})
