import { describe, expect, it } from 'vitest'
import { pseudonymize } from './pseudonym'

const key = new TextEncoder().encode('enclave-test-key-0123456789abcdef')

describe('pseudonymize', () => {
  // The cloud counts and deduplicates by these tokens, so a change of output would split every
  // pseudonymised value in two. The expected tokens were computed with a fresh HMAC per call.
  it.each([
    ['email', 'Ada@Example.com', 'psn_kll5uvcjyh2gn4jwdiuqggjjhd'],
    ['phone', '+47 22 33 44 55', 'psn_zdat7y2eqyskwegh25lknvpy7w'],
    ['id', 'AB-00123', 'psn_tqwcl6yyxe2gtbs376bmovz23y'],
  ] as const)('keeps the %s token of %s', (kind, value, token) => {
    expect(pseudonymize(key, kind, value)).toBe(token)
    expect(pseudonymize(key, kind, value)).toBe(token)
  })

  it('gives another key another token', () => {
    const other = new TextEncoder().encode('another-key-0123456789abcdef0000')

    expect(pseudonymize(other, 'email', 'Ada@Example.com')).not.toBe('psn_kll5uvcjyh2gn4jwdiuqggjjhd')
  })
})
