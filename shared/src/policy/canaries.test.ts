import { describe, expect, it } from 'vitest'
import { ApiError } from '../errors'
import { checkCanaries } from './canaries'

function codeOf(value: unknown): string | undefined {
  try {
    checkCanaries(value)
    return undefined
  } catch (error) {
    return error instanceof ApiError ? error.code : 'unexpected'
  }
}

describe('checkCanaries', () => {
  it('accepts no canaries', () => {
    expect(checkCanaries(undefined)).toEqual([])
  })

  it('accepts text canaries', () => {
    expect(checkCanaries(['Canary-One', 'wxyz'])).toEqual(['Canary-One', 'wxyz'])
  })

  it('rejects a short canary', () => {
    expect(codeOf(['abc'])).toBe('invalid_canaries')
  })

  it('rejects a canary that is not text', () => {
    expect(codeOf([12345])).toBe('invalid_canaries')
  })

  it('rejects too many canaries', () => {
    expect(codeOf(Array.from({ length: 101 }, (_, index) => `canary-${index}`))).toBe('invalid_canaries')
  })

  it('rejects a string in place of a list', () => {
    expect(codeOf('Canary-One')).toBe('invalid_canaries')
  })
})
