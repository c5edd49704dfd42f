import { afterEach, describe, expect, it } from 'vitest'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { findFieldViolations, toAllowedFieldSet } from '@enclave/shared/policy/allowed-fields'
import { DEFAULT_POLICY } from '@enclave/shared/policy/default-policy'
import { checkPolicyDraft, type PolicyError } from '@enclave/shared/policy/validate-policy'
import { describeError } from '../../app/error-text'
import { setLanguage } from '../../app/i18n'
import { describePurgeError, describeViolation, errorsByPlace, UNPLACED } from './policy-errors'

const FIELDS = { contact: ENTITY_SCHEMAS.contact.fields, deal: ENTITY_SCHEMAS.deal.fields }

function contactRule(name: string, rule: unknown): unknown {
  return { entities: { contact: { fields: { [name]: rule } } } }
}

/** Collects the errors of a table of drafts that break every rule that checkPolicyDraft checks. */
function policyErrors(): PolicyError[] {
  const drafts: unknown[] = [
    [],
    { entities: { invoice: { fields: {} } } },
    { entities: { contact: 'all' } },
    { entities: { contact: { fields: {}, localOnly: 'yes' } } },
    { entities: { deal: { fields: {}, localOnly: true, cloudCreatable: true } } },
    contactRule('favouriteColour', { mode: 'sync' }),
    contactRule('email', 'sync'),
    contactRule('email', { mode: 'encrypt' }),
    contactRule('email', { mode: 'sync', cloudWritable: 'yes' }),
    contactRule('email', { mode: 'mask', cloudWritable: true }),
    contactRule('email', { mode: 'sync', maskStyle: 'full' }),
    contactRule('email', { mode: 'mask', maskStyle: 'half' }),
    contactRule('lifecycleStage', { mode: 'generalize' }),
    contactRule('birthDate', { mode: 'sync', generalizeLevel: 'year' }),
    contactRule('birthDate', { mode: 'generalize', generalizeLevel: 'band' }),
    contactRule('email', { mode: 'sync', prefixLength: 3 }),
    contactRule('firstName', { mode: 'generalize', generalizeLevel: 'prefix', prefixLength: 99 }),
    { entities: {}, customFields: 'none' },
    { entities: {}, customFields: { invoice: [] } },
    { entities: {}, customFields: { contact: 'none' } },
    { entities: {}, customFields: { contact: ['tier'] } },
    { entities: {}, customFields: { contact: [{ label: '', name: 'Tier!', kind: 'colour' }] } },
    { entities: {}, customFields: { contact: [{ label: 'Email', name: 'email', kind: 'text' }] } },
    { entities: {}, customFields: { contact: [{ label: 'Tier', kind: 'text' }, { label: 'Tier', kind: 'text' }] } },
  ]
  return drafts.flatMap((draft) => {
    const result = checkPolicyDraft(draft)
    return result.ok ? [] : result.errors
  })
}

describe('policy rule errors', () => {
  afterEach(() => setLanguage('en'))

  it('cover every rule error code', () => {
    const keyOf = (error: PolicyError) => (typeof error.params.reason === 'string' ? `${error.code}.${error.params.reason}` : error.code)
    const keys = new Set(policyErrors().map(keyOf))

    expect(keys.size).toBe(26)
  })

  it('repeat the server English', async () => {
    await setLanguage('en')
    for (const error of policyErrors()) expect(describeError(error)).toBe(error.message)
  })

  it('are written in Chinese', async () => {
    await setLanguage('zh-CN')
    for (const error of policyErrors()) {
      const text = describeError(error)
      expect(text, error.message).not.toBe(error.message)
      expect(text, error.message).toMatch(/[\u4e00-\u9fff]/)
      expect(text, error.message).not.toMatch(/\{\w+/)
    }
  })

  it('name the field by its Chinese label', async () => {
    await setLanguage('zh-CN')
    const [error] = policyErrors().filter((each) => each.code === 'writable_needs_sync')

    expect(describeError(error!)).toBe(
      '联系人“电子邮件”字段设为可在云端编辑，但其模式是“遮蔽”；云端只能编辑以明文保存的值，因此请将模式设为“同步”，或取消“可在云端编辑”',
    )
  })
})

describe('errorsByPlace', () => {
  afterEach(() => setLanguage('en'))

  it('puts an option error on its field row', () => {
    const result = checkPolicyDraft(contactRule('email', { mode: 'sync', maskStyle: 'full' }))
    const byPlace = errorsByPlace(result.ok ? [] : result.errors, FIELDS)

    expect([...byPlace.keys()]).toEqual(['contact.email'])
  })

  it('puts an entity flag error on its entity', () => {
    const result = checkPolicyDraft({ entities: { deal: { fields: {}, localOnly: true, cloudCreatable: true } } })
    const byPlace = errorsByPlace(result.ok ? [] : result.errors, FIELDS)

    expect(byPlace.get('deal')).toHaveLength(1)
  })

  it('leaves a custom field error unplaced', async () => {
    await setLanguage('zh-CN')
    const result = checkPolicyDraft({ entities: {}, customFields: { contact: [{ label: 'Email', name: 'email', kind: 'text' }] } })
    const byPlace = errorsByPlace(result.ok ? [] : result.errors, FIELDS)

    expect(byPlace.get(UNPLACED)).toEqual(['联系人已有内置字段“email”；请换一个名称'])
  })
})

describe('describeViolation', () => {
  const allowed = toAllowedFieldSet(DEFAULT_POLICY)
  const docs = [
    { _id: 'invoice:01J', type: 'invoice' },
    { _id: 'contact:01J', type: 'contact', nationalId: 'NO-123', email: 'ada@example.com' },
    { _id: 'contact:02J', type: 'contact', externalId: 'CRM-1', birthDate: '1985-04-12T00:00:00.000Z and more text' },
    { _id: 'contact:02J', type: 'contact', stamps: 'none' },
    { _id: 'contact:03J', type: 'contact', editedBy: { country: 'ann' }, residency: { nationalId: 'mask' } },
  ]
  const violations = docs.flatMap((doc) => findFieldViolations(doc, allowed))

  afterEach(() => setLanguage('en'))

  it('finds a table of violations', () => {
    expect(violations.map((violation) => violation.params?.reason)).toEqual([
      'type_not_allowed',
      'field_not_allowed',
      'unmasked_value',
      'not_pseudonym',
      'not_generalized',
      'map_not_object',
      'map_field_not_allowed',
      'invalid_editor',
    ])
  })

  it('repeats the English reason', () => {
    for (const violation of violations) expect(describeViolation(violation)).toBe(violation.reason)
  })

  it('writes each violation in Chinese', async () => {
    await setLanguage('zh-CN')
    for (const violation of violations) {
      const text = describeViolation(violation)
      expect(text, violation.reason).toMatch(/[\u4e00-\u9fff]/)
      expect(text, violation.reason).not.toMatch(/\{\w+/)
    }
  })

  it('keeps the reason of a violation without a code', async () => {
    await setLanguage('zh-CN')

    expect(describeViolation({ docId: '_local/x', field: 'history', reason: 'history must be a list' })).toBe('history must be a list')
  })
})

describe('describePurgeError', () => {
  afterEach(() => setLanguage('en'))

  const pending = { policyVersion: 2, requestedAt: '2026-12-05T04:00:00.000Z', attempts: 1 }

  it('writes an unreachable cloud in Chinese', async () => {
    await setLanguage('zh-CN')
    const failed = {
      ...pending,
      lastError: 'the cloud at http://127.0.0.1:4200 could not be reached (fetch failed); check the network and try again',
      lastErrorCode: 'cloud_unreachable',
      lastErrorParams: { url: 'http://127.0.0.1:4200', detail: 'fetch failed' },
    }

    expect(describePurgeError(failed)).toBe('无法连接位于 http://127.0.0.1:4200 的云端（fetch failed）；请检查网络后重试')
  })

  it('writes an incomplete purge in Chinese', async () => {
    await setLanguage('zh-CN')
    const failed = { ...pending, lastError: 'the cloud still stores 3 value(s)', lastErrorCode: 'purge_incomplete', lastErrorParams: { count: 3 } }

    expect(describePurgeError(failed)).toBe('清除后，云端仍保存着 3 个策略不允许的值')
  })

  it('keeps a message without a code', async () => {
    await setLanguage('zh-CN')

    expect(describePurgeError({ ...pending, lastError: 'socket hang up' })).toBe('socket hang up')
  })
})
