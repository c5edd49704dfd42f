import { describe, expect, it } from 'vitest'
import { checkRequiredAnyOf, validateRecord } from './validate'

describe('validateRecord', () => {
  it('rejects a contact without name, email or phone', () => {
    const result = validateRecord('contact', { jobTitle: 'Engineer' })

    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]!.code).toBe('required_any_of')
    expect(result.errors[0]!.message).toBe(
      'a contact needs at least one of First name, Last name, Email or Phone; fill in one of them',
    )
  })

  it('accepts a contact with only an email', () => {
    expect(validateRecord('contact', { email: 'ada@example.com' }).ok).toBe(true)
  })

  it('accepts a partial contact update', () => {
    expect(validateRecord('contact', { jobTitle: 'Engineer' }, { partial: true }).ok).toBe(true)
  })

  it('reports the invalid email, not the rule', () => {
    const result = validateRecord('contact', { email: 'not an email' })

    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((error) => error.code)).not.toContain('required_any_of')
  })
})

describe('checkRequiredAnyOf', () => {
  it('fails a contact with only empty values', () => {
    expect(checkRequiredAnyOf('contact', { firstName: '', phone: null })?.code).toBe('required_any_of')
  })

  it('passes a contact with a last name', () => {
    expect(checkRequiredAnyOf('contact', { lastName: 'Lovelace' })).toBeUndefined()
  })

  it('passes types without the rule', () => {
    expect(checkRequiredAnyOf('company', {})).toBeUndefined()
  })
})
