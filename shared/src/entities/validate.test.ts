import { describe, expect, it } from 'vitest'
import { checkRequiredAnyOf, validateRecord } from './validate'
import { latestToday } from './values'

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

describe('number ranges', () => {
  it('rejects a negative deal amount', () => {
    const result = validateRecord('deal', { title: 'Refund', stage: 'Won', amount: -5 })

    const [error] = result.ok ? [] : result.errors

    expect(result.ok).toBe(false)
    expect(error?.code).toBe('out_of_range')
    expect(error?.message).toContain('from 0 to 1,000,000,000,000,000')
  })

  it('rejects an amount no deal reaches', () => {
    const result = validateRecord('deal', { title: 'Overflow', stage: 'Won', amount: 1e308 })
    const [error] = result.ok ? [] : result.errors

    expect(result.ok).toBe(false)
    expect(error?.code).toBe('out_of_range')
  })

  it('takes amounts and years within range', () => {
    expect(validateRecord('deal', { title: 'Big', stage: 'Won', amount: 2_500_000_000 }).ok).toBe(true)
    expect(validateRecord('company', { name: 'Old firm', yearEstablished: 1802 }).ok).toBe(true)
    expect(validateRecord('company', { name: 'Typo', yearEstablished: 19999 }).ok).toBe(false)
  })
})

describe('date ranges', () => {
  function errorOf(type: 'contact' | 'deal' | 'activity', input: Record<string, unknown>) {
    const result = validateRecord(type, input)
    return result.ok ? undefined : result.errors[0]
  }

  it('rejects a date of birth in the future', () => {
    const error = errorOf('contact', { lastName: 'Vik', birthDate: '2099-01-01' })

    expect(error?.code).toBe('date_out_of_range')
    expect(error?.params?.reason).toBe('future')
    expect(error?.params?.max).toBe(latestToday())
    expect(error?.message).toBe(`Date of birth: '2099-01-01' is in the future; use a date from 1900-01-01 to ${latestToday()}`)
  })

  it('rejects a date of birth before 1900', () => {
    const error = errorOf('contact', { lastName: 'Vik', birthDate: '1899-12-31' })

    expect(error?.code).toBe('date_out_of_range')
    expect(error?.params?.reason).toBe('between')
    expect(error?.params?.min).toBe('1900-01-01')
  })

  it('rejects other dates outside 1900 to 2200', () => {
    const late = errorOf('contact', { lastName: 'Vik', subscribedAt: '2999-12-31' })
    const early = errorOf('deal', { title: 'Ferry', stage: 'Won', closeDate: '1000-01-01' })
    const dueAt = errorOf('activity', { kind: 'task', subject: 'Call', dueAt: '2201-01-01T00:00:00Z' })

    expect(late?.message).toBe("Subscription date: '2999-12-31' is out of range; use a date from 1900-01-01 to 2200-12-31")
    expect(early?.code).toBe('date_out_of_range')
    expect(dueAt?.code).toBe('date_out_of_range')
  })

  it('takes dates at the bounds', () => {
    expect(validateRecord('contact', { lastName: 'Vik', birthDate: '1900-01-01' }).ok).toBe(true)
    expect(validateRecord('contact', { lastName: 'Vik', birthDate: new Date().toISOString().slice(0, 10) }).ok).toBe(true)
    expect(validateRecord('contact', { lastName: 'Vik', subscribedAt: '2200-12-31' }).ok).toBe(true)
    expect(validateRecord('activity', { kind: 'task', subject: 'Call', dueAt: '2200-12-31T23:59:59Z' }).ok).toBe(true)
  })
})

describe('latestToday', () => {
  it('is the date in UTC+14', () => {
    expect(latestToday(Date.UTC(2026, 11, 5, 9, 59))).toBe('2026-12-05')
    expect(latestToday(Date.UTC(2026, 11, 5, 10, 0))).toBe('2026-12-06')
  })
})

describe('deal currency', () => {
  it('stores a lower-case code in upper case', () => {
    const result = validateRecord('deal', { title: 'Renewal', stage: 'Won', currency: 'usd' })

    expect(result).toMatchObject({ ok: true, value: { currency: 'USD' } })
  })

  it('rejects a currency sign with the label', () => {
    const result = validateRecord('deal', { currency: '$' }, { partial: true })
    const [error] = result.ok ? [] : result.errors

    expect(result.ok).toBe(false)
    expect(error?.field).toBe('currency')
    expect(error?.code).toBe('invalid_currency')
    expect(error?.message).toBe("Currency: '$' is not a currency code; use a three-letter ISO 4217 code such as USD or EUR")
    expect(error?.params).toEqual({ value: '$', field: 'currency', label: 'Currency' })
  })
})
