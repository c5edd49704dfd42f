import { describe, expect, it } from 'vitest'
import { findField } from '@enclave/shared/entities/schemas'
import { detailMessages, fieldMessage, inputText, parseInput } from './field-input'

const amount = findField('deal', 'amount')!
const email = findField('contact', 'email')!
const title = findField('deal', 'title')!
const dueAt = findField('activity', 'dueAt')!

describe('parseInput', () => {
  it('clears a field left empty', () => {
    expect(parseInput(email, '   ')).toBeNull()
  })

  it('reads money with group separators', () => {
    expect(parseInput(amount, '12,500.5')).toBe(12500.5)
  })

  it('keeps text that is not a number', () => {
    expect(parseInput(amount, 'twelve')).toBe('twelve')
  })

  it('turns a local date and time into ISO', () => {
    expect(parseInput(dueAt, '2026-03-01T09:30')).toBe(new Date('2026-03-01T09:30').toISOString())
  })
})

describe('inputText', () => {
  it('shows a stored date and time as local input text', () => {
    const stored = new Date('2026-03-01T09:30').toISOString()
    expect(inputText(dueAt, stored)).toBe('2026-03-01T09:30')
  })

  it('shows a missing value as empty', () => {
    expect(inputText(amount, undefined)).toBe('')
  })
})

describe('fieldMessage', () => {
  it("reads a phone against the record's country", () => {
    const phone = findField('contact', 'phone')!

    expect(fieldMessage(phone, '06 30 123 4567', { country: 'Hungary' })).toBeUndefined()
    expect(fieldMessage(phone, '06 30 123 4567', {})).toContain('country code')
  })

  it('names the field of a bad email', () => {
    expect(fieldMessage(email, 'sigrid-at-example')).toMatch(/^Email: /)
  })

  it('requires a required field', () => {
    expect(fieldMessage(title, null)).toBe('Title is required')
  })

  it('accepts a valid value', () => {
    expect(fieldMessage(email, 'sigrid@example.com')).toBeUndefined()
  })
})

describe('detailMessages', () => {
  it('maps server details to fields', () => {
    const details = [{ field: 'email', message: 'Email: not an address' }, { field: 3 }, 'junk']
    expect(detailMessages(details)).toEqual({ email: 'Email: not an address' })
  })

  it('ignores details that are not a list', () => {
    expect(detailMessages({ field: 'email' })).toEqual({})
  })
})
