import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from './default-policy'
import { diffPolicies, isStricterRule, stricterFields } from './diff-policy'
import type { FieldRule, ResidencyPolicy } from './types'

function withContactRule(name: string, rule: FieldRule): ResidencyPolicy {
  const contact = DEFAULT_POLICY.entities.contact!
  return {
    ...DEFAULT_POLICY,
    version: 2,
    entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, [name]: rule } } },
  }
}

describe('isStricterRule', () => {
  const cases: [FieldRule, FieldRule, boolean][] = [
    [{ mode: 'sync' }, { mode: 'local' }, true],
    [{ mode: 'sync' }, { mode: 'mask', maskStyle: 'partial' }, true],
    [{ mode: 'mask', maskStyle: 'partial' }, { mode: 'mask', maskStyle: 'full' }, true],
    [{ mode: 'mask', maskStyle: 'partial' }, { mode: 'pseudonym' }, true],
    [{ mode: 'generalize', generalizeLevel: 'month' }, { mode: 'generalize', generalizeLevel: 'year' }, true],
    [{ mode: 'local' }, { mode: 'sync' }, false],
    [{ mode: 'mask', maskStyle: 'full' }, { mode: 'sync' }, false],
    [{ mode: 'sync' }, { mode: 'sync', cloudWritable: true }, false],
    [{ mode: 'pseudonym' }, { mode: 'pseudonym' }, false],
  ]

  for (const [before, after, expected] of cases) {
    it(`${JSON.stringify(before)} to ${JSON.stringify(after)}`, () => {
      expect(isStricterRule(before, after)).toBe(expected)
    })
  }
})

describe('diffPolicies', () => {
  it('is empty for equal policies', () => {
    expect(diffPolicies(DEFAULT_POLICY, { ...DEFAULT_POLICY, version: 2 })).toEqual([])
  })

  it('reports a field made local as stricter', () => {
    const changes = diffPolicies(DEFAULT_POLICY, withContactRule('jobTitle', { mode: 'local' }))

    expect(changes).toEqual([
      { type: 'contact', field: 'jobTitle', change: 'rule', before: { mode: 'sync' }, after: { mode: 'local' }, stricter: true },
    ])
  })

  it('reports a field made writable as not stricter', () => {
    const [change] = diffPolicies(DEFAULT_POLICY, withContactRule('jobTitle', { mode: 'sync', cloudWritable: true }))

    expect(change?.stricter).toBe(false)
  })

  it('ignores options the mode does not use', () => {
    const changes = diffPolicies(DEFAULT_POLICY, withContactRule('jobTitle', { mode: 'sync', maskStyle: 'full' }))

    expect(changes).toEqual([])
  })

  it('reports a type made local-only', () => {
    const policy: ResidencyPolicy = {
      ...DEFAULT_POLICY,
      entities: { ...DEFAULT_POLICY.entities, ticket: { localOnly: true, fields: DEFAULT_POLICY.entities.ticket!.fields } },
    }
    const changes = diffPolicies(DEFAULT_POLICY, policy)

    expect(changes.find((change) => change.change === 'localOnly')).toMatchObject({ type: 'ticket', stricter: true })
    expect(stricterFields(changes).ticket).toContain('*')
  })

  it('reports an added custom field', () => {
    const field = { name: 'tier', kind: 'text' as const, label: 'Tier', custom: true }
    const changes = diffPolicies(DEFAULT_POLICY, { ...DEFAULT_POLICY, customFields: { contact: [field] } })

    expect(changes).toEqual([{ type: 'contact', field: 'tier', change: 'customFieldAdded', after: field, stricter: false }])
  })
})

describe('stricterFields', () => {
  it('groups stricter fields by type', () => {
    const changes = diffPolicies(DEFAULT_POLICY, withContactRule('country', { mode: 'local' }))

    expect(stricterFields(changes)).toEqual({ contact: ['country'] })
  })
})
