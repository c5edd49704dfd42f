import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '../policy/default-policy'
import { findFieldViolations, toAllowedFieldSet } from '../policy/allowed-fields'
import type { FieldRejection } from './merge-incoming'
import { buildRejectionNotice, findRejectionNoticeProblems, REJECTION_REASONS } from './rejection-notice'

const AT = '2026-12-05T04:00:00.000Z'
const SHARED = new Set(['jobTitle', 'country', 'lifecycleStage'])
const editors: Record<string, string> = { jobTitle: 'user:ann', website: 'user:ann', country: 'user:bo' }

function notice(rejected: FieldRejection[]) {
  return buildRejectionNotice(rejected, SHARED, (field) => editors[field], AT)
}

describe('buildRejectionNotice', () => {
  it('names shared fields with code, reason and editor', () => {
    const built = notice([{ field: 'jobTitle', code: 'not_cloud_writable', reason: 'field is not cloud-writable under the current policy' }])

    expect(built).toEqual({
      at: AT,
      changes: [{ field: 'jobTitle', code: 'not_cloud_writable', reason: REJECTION_REASONS.not_cloud_writable, editor: 'user:ann' }],
    })
  })

  it('leaves the value out of an invalid-value reason', () => {
    const built = notice([{ field: 'country', code: 'invalid_value', reason: "invalid value: Country: 'Atlantis-canary' is not a country" }])

    expect(built?.changes[0]?.reason).toBe('invalid value')
    expect(JSON.stringify(built)).not.toContain('Atlantis-canary')
  })

  it('folds withheld fields into one unnamed entry', () => {
    const built = notice([
      { field: 'website', code: 'not_cloud_writable', reason: 'x' },
      { field: 'nationalId', code: 'not_cloud_writable', reason: 'x' },
    ])

    expect(built?.changes).toEqual([{ code: 'withheld', reason: REJECTION_REASONS.withheld }])
    expect(JSON.stringify(built)).not.toContain('website')
  })

  it('names the editor of withheld fields when one user made them', () => {
    const built = notice([{ field: 'website', code: 'not_cloud_writable', reason: 'x' }])

    expect(built?.changes).toEqual([{ code: 'withheld', reason: REJECTION_REASONS.withheld, editor: 'user:ann' }])
  })

  it('lists each field once', () => {
    const built = notice([
      { field: 'jobTitle', code: 'not_cloud_writable', reason: 'x' },
      { field: 'jobTitle', code: 'missing_stamp', reason: 'y' },
    ])

    expect(built?.changes).toHaveLength(1)
  })

  it('returns nothing without rejections', () => {
    expect(notice([])).toBeUndefined()
  })

  it('passes its own check', () => {
    const built = notice([
      { field: 'jobTitle', code: 'not_cloud_writable', reason: 'x' },
      { field: 'website', code: 'not_cloud_writable', reason: 'x' },
    ])

    expect(findRejectionNoticeProblems(built, toAllowedFieldSet(DEFAULT_POLICY).entities.contact!.fields)).toEqual([])
  })
})

describe('findFieldViolations of a rejection notice', () => {
  const allowed = toAllowedFieldSet(DEFAULT_POLICY)
  const contact = (syncRejection: unknown) => ({ _id: 'contact:1', type: 'contact', country: 'Chile', syncRejection })
  const entry = { field: 'jobTitle', code: 'not_cloud_writable', reason: REJECTION_REASONS.not_cloud_writable, editor: 'user:ann' }

  it('accepts the shape the edge writes', () => {
    expect(findFieldViolations(contact({ at: AT, changes: [entry] }), allowed)).toEqual([])
  })

  const cases: [string, unknown][] = [
    ['a field the policy keeps local', { at: AT, changes: [{ ...entry, field: 'lastName' }] }],
    ['a free-text reason', { at: AT, changes: [{ ...entry, reason: 'was Ragnhild Solheimsvik' }] }],
    ['an unknown code', { at: AT, changes: [{ ...entry, code: 'other' }] }],
    ['an extra entry key', { at: AT, changes: [{ ...entry, value: 'CEO' }] }],
    ['an extra notice key', { at: AT, changes: [entry], value: 'CEO' }],
    ['an editor that is not a user id', { at: AT, changes: [{ ...entry, editor: 'Ragnhild' }] }],
    ['a withheld entry that names a field', { at: AT, changes: [{ field: 'jobTitle', code: 'withheld', reason: REJECTION_REASONS.withheld }] }],
    ['a repeated field', { at: AT, changes: [entry, entry] }],
    ['a time that is not a timestamp', { at: 'Ragnhild', changes: [entry] }],
    ['no changes', { at: AT, changes: [] }],
    ['a string', 'Ragnhild'],
  ]
  it.each(cases)('rejects %s', (_name, value) => {
    const violations = findFieldViolations(contact(value), allowed)

    expect(violations.length).toBeGreaterThan(0)
    expect(violations.every((violation) => violation.field === 'syncRejection')).toBe(true)
  })
})
