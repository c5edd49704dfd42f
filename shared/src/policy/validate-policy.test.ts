import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from './default-policy'
import { checkPolicyDraft, type PolicyError } from './validate-policy'

function errorsOf(input: unknown): PolicyError[] {
  const result = checkPolicyDraft(input)
  return result.ok ? [] : result.errors
}

function contactRule(rule: unknown): unknown {
  return { entities: { contact: { fields: { email: rule } } } }
}

describe('checkPolicyDraft', () => {
  it('accepts the default policy', () => {
    expect(checkPolicyDraft(DEFAULT_POLICY).ok).toBe(true)
  })

  it('rejects cloudWritable on a masked field', () => {
    const [error] = errorsOf(contactRule({ mode: 'mask', cloudWritable: true }))

    expect(error?.code).toBe('writable_needs_sync')
    expect(error?.path).toBe('contact.email.cloudWritable')
    expect(error?.message).toContain('contact.email')
  })

  it('rejects an unknown mode', () => {
    const [error] = errorsOf(contactRule({ mode: 'encrypt' }))

    expect(error?.code).toBe('invalid_mode')
    expect(error?.message).toContain('"encrypt"')
  })

  it('rejects a mask style without mask', () => {
    expect(errorsOf(contactRule({ mode: 'sync', maskStyle: 'full' }))[0]?.code).toBe('option_needs_mode')
  })

  it('rejects an unknown mask style', () => {
    expect(errorsOf(contactRule({ mode: 'mask', maskStyle: 'half' }))[0]?.code).toBe('invalid_mask_style')
  })

  it('rejects a level that does not fit the kind', () => {
    const [error] = errorsOf(contactRule({ mode: 'generalize', generalizeLevel: 'decade' }))

    expect(error?.code).toBe('invalid_generalize_level')
    expect(error?.message).toContain('domain')
  })

  it('rejects generalize on an enum', () => {
    const draft = { entities: { contact: { fields: { lifecycleStage: { mode: 'generalize' } } } } }

    expect(errorsOf(draft)[0]?.code).toBe('cannot_generalize')
  })

  it('rejects generalize on a currency', () => {
    const draft = { entities: { deal: { fields: { currency: { mode: 'generalize', generalizeLevel: 'prefix' } } } } }

    expect(errorsOf(draft)[0]?.code).toBe('cannot_generalize')
    expect(errorsOf(draft)[0]?.message).toBe('deal.currency is a currency field, which cannot be generalised; choose mask, pseudonym or local')
  })

  it('rejects a prefix length out of range', () => {
    const draft = {
      entities: { contact: { fields: { postalCode: { mode: 'generalize', generalizeLevel: 'prefix', prefixLength: 0 } } } },
    }

    expect(errorsOf(draft)[0]?.code).toBe('invalid_prefix_length')
  })

  it('rejects an unknown field', () => {
    const [error] = errorsOf({ entities: { contact: { fields: { shoeSize: { mode: 'sync' } } } } })

    expect(error?.code).toBe('unknown_field')
    expect(error?.message).toContain("'shoeSize'")
  })

  it('rejects an unknown entity type', () => {
    expect(errorsOf({ entities: { invoice: { fields: {} } } })[0]?.code).toBe('unknown_entity')
  })

  it('rejects a creatable type with a local required field', () => {
    const draft = { entities: { deal: { cloudCreatable: true, fields: { title: { mode: 'sync' }, stage: { mode: 'local' } } } } }
    const [error] = errorsOf(draft)

    expect(error?.code).toBe('creatable_needs_required')
    expect(error?.path).toBe('deal.stage')
  })

  it('rejects local-only and creatable together', () => {
    const draft = { entities: { ticket: { localOnly: true, cloudCreatable: true, fields: {} } } }

    expect(errorsOf(draft).map((error) => error.code)).toContain('creatable_needs_sync')
  })

  it('rejects local-only and deletable together', () => {
    const draft = { entities: { ticket: { localOnly: true, cloudDeletable: true, fields: {} } } }

    expect(errorsOf(draft).find((error) => error.code === 'deletable_needs_sync')?.path).toBe('ticket.cloudDeletable')
  })

  it('rejects a deletable flag that is not true or false', () => {
    const draft = { entities: { activity: { cloudDeletable: 'yes', fields: {} } } }

    expect(errorsOf(draft).find((error) => error.path === 'activity.cloudDeletable')?.code).toBe('invalid_entity')
  })

  it('drops options that do not apply', () => {
    const result = checkPolicyDraft(contactRule({ mode: 'sync', cloudWritable: false }))

    expect(result.ok).toBe(true)
    expect(result.ok ? result.draft.entities.contact?.fields.email : undefined).toEqual({ mode: 'sync' })
  })

  it('lists every error at once', () => {
    const draft = {
      entities: { contact: { fields: { email: { mode: 'mask', cloudWritable: true }, phone: { mode: 'nope' } } } },
    }

    expect(errorsOf(draft)).toHaveLength(2)
  })

  it('rejects a body without entities', () => {
    expect(errorsOf([])[0]?.code).toBe('invalid_policy')
  })
})

describe('checkPolicyDraft, custom fields', () => {
  it('accepts a custom field and its rule', () => {
    const result = checkPolicyDraft({
      entities: { contact: { fields: { loyaltyTier: { mode: 'sync' } } } },
      customFields: { contact: [{ label: 'Loyalty tier', kind: 'text' }] },
    })

    expect(result.ok).toBe(true)
    expect(result.ok ? result.draft.customFields?.contact : undefined).toEqual([
      { name: 'loyaltyTier', kind: 'text', label: 'Loyalty tier', custom: true, pii: true },
    ])
  })

  it('rejects a rule for a missing custom field', () => {
    expect(errorsOf({ entities: { contact: { fields: { loyaltyTier: { mode: 'sync' } } } } })[0]?.code).toBe(
      'unknown_field',
    )
  })

  it('rejects a name of a built-in field', () => {
    const draft = { entities: {}, customFields: { contact: [{ name: 'email', label: 'Email', kind: 'email' }] } }

    expect(errorsOf(draft)[0]?.code).toBe('field_exists')
  })

  it('rejects a duplicate custom field', () => {
    const field = { label: 'Tier', kind: 'text' }
    const draft = { entities: {}, customFields: { contact: [field, field] } }

    expect(errorsOf(draft)[0]?.code).toBe('field_exists')
  })

  it('rejects an unsupported kind', () => {
    const draft = { entities: {}, customFields: { deal: [{ label: 'Region', kind: 'enum' }] } }

    expect(errorsOf(draft)[0]?.code).toBe('invalid_kind')
  })

  it('asks for a name when the label has none', () => {
    const draft = { entities: {}, customFields: { contact: [{ label: '会员等级', kind: 'text' }] } }

    expect(errorsOf(draft)[0]?.code).toBe('invalid_field_name')
  })
})
