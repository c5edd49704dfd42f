import type { ErrorParams } from '../api'

/** Shortest password accepted; long passphrases beat complexity rules (NIST SP 800-63B 5.1.1). */
export const MIN_PASSWORD_LENGTH = 12

/** Longest password accepted, so that hashing cost stays bounded for hostile input. */
export const MAX_PASSWORD_LENGTH = 256

/** Minimum number of different characters in a password, which rules out 'aaaaaaaaaaaa'. */
const MIN_DISTINCT_CHARACTERS = 4

/** Account names: lower-case letters, digits, dots, dashes and underscores, 2 to 64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/

/** The rule a password breaks, with the values a translated message needs. */
export type PasswordRule =
  | { reason: 'missing' }
  | { reason: 'not_text'; type: string }
  | { reason: 'too_short'; length: number; min: number }
  | { reason: 'too_long'; length: number; max: number }
  | { reason: 'too_few_characters'; min: number }
  | { reason: 'contains_username' }

/** Returns the rule that `password` breaks for `username`, or undefined when it breaks none. */
export function findPasswordRule(password: unknown, username = ''): PasswordRule | undefined {
  if (password === undefined || password === null || password === '') return { reason: 'missing' }
  if (typeof password !== 'string') return { reason: 'not_text', type: typeof password }
  if (password.length < MIN_PASSWORD_LENGTH) return { reason: 'too_short', length: password.length, min: MIN_PASSWORD_LENGTH }
  if (password.length > MAX_PASSWORD_LENGTH) return { reason: 'too_long', length: password.length, max: MAX_PASSWORD_LENGTH }
  if (new Set(password).size < MIN_DISTINCT_CHARACTERS) return { reason: 'too_few_characters', min: MIN_DISTINCT_CHARACTERS }
  if (username !== '' && password.toLowerCase().includes(username.toLowerCase())) return { reason: 'contains_username' }
  return undefined
}

/** Writes the English message of a broken password rule. */
export function describePasswordRule(rule: PasswordRule): string {
  switch (rule.reason) {
    case 'missing':
      return 'the password is missing; send it as a string'
    case 'not_text':
      return `the password is a ${rule.type}, not text; send it as a string`
    case 'too_short':
      return `the password has ${rule.length} characters; use at least ${rule.min}`
    case 'too_long':
      return `the password has ${rule.length} characters; use at most ${rule.max}`
    case 'too_few_characters':
      return `the password uses fewer than ${rule.min} different characters; use a passphrase`
    case 'contains_username':
      return 'the password contains the user name; choose one that does not'
  }
}

/**
 * Returns why `password` is not acceptable for `username`, or undefined when it is.
 * The message never repeats the password.
 */
export function findPasswordProblem(password: unknown, username = ''): string | undefined {
  const rule = findPasswordRule(password, username)
  return rule && describePasswordRule(rule)
}

/**
 * Returns the validation detail of a password that breaks a rule, or undefined when it breaks
 * none. The detail's code and params let a client translate the message.
 */
export function passwordDetail(password: unknown, username: string, field: string) {
  const rule = findPasswordRule(password, username)
  if (!rule) return undefined
  return { field, code: 'invalid_password', message: describePasswordRule(rule), params: { ...rule } }
}

/** Returns why `username` is not acceptable, or undefined when it is. */
export function findUsernameProblem(username: unknown): string | undefined {
  return usernameDetail(username, 'username')?.message
}

/**
 * Returns the validation detail of an unacceptable user name, or undefined when the name is
 * acceptable. The detail's code and params let a client translate the message.
 */
export function usernameDetail(username: unknown, field: string): { field: string; code: string; message: string; params: ErrorParams } | undefined {
  if (typeof username !== 'string' || username === '') {
    return { field, code: 'invalid_username', message: 'the user name is missing', params: { reason: 'missing' } }
  }
  if (USERNAME_PATTERN.test(username)) return undefined

  const value = username.slice(0, 80)
  return {
    field,
    code: 'invalid_username',
    message: `the user name '${value}' is invalid; use 2 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit`,
    params: { reason: 'invalid', value },
  }
}
