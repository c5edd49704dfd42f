import { describe, expect, it } from 'vitest'
import { findPasswordProblem, findPasswordRule, findUsernameProblem, passwordDetail } from './password-policy'

describe('findPasswordProblem', () => {
  it('accepts a passphrase', () => {
    expect(findPasswordProblem('correct horse battery staple', 'alice')).toBeUndefined()
  })

  it('rejects a short password', () => {
    expect(findPasswordProblem('Sh0rt!', 'alice')).toContain('at least 12')
  })

  it('rejects a repeated character', () => {
    expect(findPasswordProblem('xxxxxxxxxxxxx', 'alice')).toBe('the password uses fewer than 4 different characters; use a passphrase')
  })

  it('names a password sent as a number', () => {
    expect(findPasswordProblem(123456789012345, 'alice')).toBe('the password is a number, not text; send it as a string')
    expect(findPasswordProblem(undefined, 'alice')).toContain('missing')
  })

  it('rejects the user name inside', () => {
    expect(findPasswordProblem('my name is Alice ok', 'alice')).toContain('user name')
  })

  it('names the broken rule with its values', () => {
    expect(findPasswordRule('Sh0rt!', 'alice')).toEqual({ reason: 'too_short', length: 6, min: 12 })
    expect(findPasswordRule(undefined)).toEqual({ reason: 'missing' })
  })

  it('builds a translatable validation detail', () => {
    const detail = passwordDetail('my name is Alice ok', 'alice', 'newPassword')
    expect(detail?.field).toBe('newPassword')
    expect(detail?.code).toBe('invalid_password')
    expect(detail?.params).toEqual({ reason: 'contains_username' })
    expect(detail?.message).toContain('user name')
  })

  it('never repeats the password', () => {
    expect(findPasswordProblem('abc', 'alice')).not.toContain('abc')
  })
})

describe('findUsernameProblem', () => {
  it('accepts lower-case names', () => {
    expect(findUsernameProblem('ada.lovelace')).toBeUndefined()
  })

  it('rejects upper case and spaces', () => {
    expect(findUsernameProblem('Ada Lovelace')).toContain('invalid')
  })
})
