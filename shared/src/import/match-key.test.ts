import { describe, expect, it } from 'vitest'
import { dedupeKeyOf, nameMatchKey } from './match-key'

describe('nameMatchKey', () => {
  it('ignores case and spaces', () => {
    expect(nameMatchKey(' Acme  Corporation ')).toBe(nameMatchKey('acme corporation'))
    expect(nameMatchKey('ACME Corporation')).toBe(nameMatchKey('AcmeCorporation'))
  })

  it('folds full-width letters', () => {
    expect(nameMatchKey('ＡＣＭＥ')).toBe('acme')
  })
})

describe('dedupeKeyOf', () => {
  it('joins the key fields', () => {
    const a = dedupeKeyOf({ firstName: 'Ann', lastName: 'Lee', companyId: 'company:1' }, ['firstName', 'lastName', 'companyId'])
    const b = dedupeKeyOf({ firstName: 'ANN', lastName: ' lee', companyId: 'company:1' }, ['firstName', 'lastName', 'companyId'])

    expect(a).toBeDefined()
    expect(a).toBe(b)
  })

  it('has no key when a field is empty', () => {
    expect(dedupeKeyOf({ email: '' }, ['email'])).toBeUndefined()
    expect(dedupeKeyOf({}, ['email'])).toBeUndefined()
  })
})
