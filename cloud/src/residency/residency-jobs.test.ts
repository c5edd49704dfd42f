import { describe, expect, it } from 'vitest'
import type { AllowedFieldSet } from '@enclave/shared'
import { isStricterAllowedSet } from './residency-jobs'

function allowedSet(version: number, fields: Record<string, 'sync' | 'mask' | 'pseudonym' | 'generalize'>): AllowedFieldSet {
  return { version, entities: { contact: { fields, cloudWritable: [], cloudCreatable: false, cloudDeletable: false } } }
}

describe('isStricterAllowedSet', () => {
  it('is false without a previous set', () => {
    expect(isStricterAllowedSet(undefined, allowedSet(1, { country: 'sync' }))).toBe(false)
  })

  it('is true for a dropped field', () => {
    expect(isStricterAllowedSet(allowedSet(1, { country: 'sync', jobTitle: 'sync' }), allowedSet(2, { country: 'sync' }))).toBe(true)
  })

  it('is true for sync to mask', () => {
    expect(isStricterAllowedSet(allowedSet(1, { email: 'sync' }), allowedSet(2, { email: 'mask' }))).toBe(true)
  })

  it('is false for mask to sync', () => {
    expect(isStricterAllowedSet(allowedSet(1, { email: 'mask' }), allowedSet(2, { email: 'sync' }))).toBe(false)
  })

  it('is false for an added field', () => {
    expect(isStricterAllowedSet(allowedSet(1, { country: 'sync' }), allowedSet(2, { country: 'sync', city: 'sync' }))).toBe(false)
  })

  it('is true for a dropped type', () => {
    expect(isStricterAllowedSet(allowedSet(1, { country: 'sync' }), { version: 2, entities: {} })).toBe(true)
  })
})
