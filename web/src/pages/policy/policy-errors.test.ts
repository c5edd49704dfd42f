import { afterEach, describe, expect, it } from 'vitest'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { checkPolicyDraft, type PolicyError } from '@enclave/shared/policy/validate-policy'
import { describeError } from '../../app/error-text'
import { setLanguage } from '../../app/i18n'
import { errorsByPlace, UNPLACED } from './policy-errors'

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
