import { describe, expect, it } from 'vitest'
import { checkCurrency, checkDate, checkDateTime, checkEmail, checkPhone, checkText, checkUrl, formatPhoneForDisplay } from './values'

describe('checkPhone', () => {
  it('normalises to E.164 with a default country', () => {
    expect(checkPhone('(209) 172-7124', 'US')).toEqual({ ok: true, value: '+12091727124' })
  })

  it('keeps an extension', () => {
    expect(checkPhone('(209)172-7124x3651', 'US')).toEqual({ ok: true, value: '+12091727124;ext=3651' })
  })

  it('reads a leading 00 as the international prefix', () => {
    expect(checkPhone('0044 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' })
  })

  it('asks for a country code when there is none', () => {
    const result = checkPhone('555-0100')

    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toContain('country code')
  })

  it('rejects a fragment of a number', () => {
    expect(checkPhone('-5361', 'US').ok).toBe(false)
  })

  it("reads a national number as the row country's when it is valid there", () => {
    expect(checkPhone('06 1 234 5678', 'US', 'HU')).toEqual({ ok: true, value: '+3612345678' })
    expect(checkPhone('020 7946 0958 ext. 12', 'US', 'GB')).toEqual({ ok: true, value: '+442079460958;ext=12' })
  })

  it('falls back to the default country', () => {
    expect(checkPhone('043-797-5229', 'US', 'NO')).toEqual({ ok: true, value: '+10437975229' })
  })

  it('keeps a country code the number carries over the row country', () => {
    expect(checkPhone('+1 209 172 7124', 'US', 'HU')).toEqual({ ok: true, value: '+12091727124' })
    expect(checkPhone('0036 1 234 5678', 'US', 'GB')).toEqual({ ok: true, value: '+3612345678' })
  })

  it('takes a possible number of the row country when there is no default', () => {
    expect(checkPhone('22 12 34 56', undefined, 'NO')).toEqual({ ok: true, value: '+4722123456' })
    expect(checkPhone('555-0100', undefined, 'NO').ok).toBe(false)
  })
})

describe('checkEmail', () => {
  it('trims and lower-cases', () => {
    expect(checkEmail('  Ada@Example.COM ')).toEqual({ ok: true, value: 'ada@example.com' })
  })

  it('names the invalid value', () => {
    const result = checkEmail('ada.example.com')

    expect(!result.ok && result.message).toContain("'ada.example.com'")
  })
})

describe('checkDate', () => {
  it('accepts a real date', () => {
    expect(checkDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' })
  })

  it('rejects a date that does not exist', () => {
    expect(checkDate('2023-02-29').ok).toBe(false)
  })
})

describe('checkDateTime', () => {
  it('normalises to UTC', () => {
    expect(checkDateTime('2024-03-31T16:00:00+02:00')).toEqual({ ok: true, value: '2024-03-31T14:00:00.000Z' })
  })

  it('requires a zone', () => {
    expect(checkDateTime('2024-03-31T16:00:00').ok).toBe(false)
  })
})

describe('checkText', () => {
  it('collapses white space', () => {
    expect(checkText('  Ada \n Lovelace ')).toEqual({ ok: true, value: 'Ada Lovelace' })
  })

  it('rejects control characters', () => {
    expect(checkText('Ada\u0000').ok).toBe(false)
  })

  it('rejects text over the maximum length', () => {
    expect(checkText('x'.repeat(11), 10).ok).toBe(false)
  })

  it.each(['\u202e', '\u202a', '\u2066', '\u2069'])('rejects the direction control %j', (control) => {
    const check = checkText(`عبد الله${control}evil`)

    expect(check).toMatchObject({ ok: false, code: 'invalid_characters', params: { reason: 'direction' } })
  })

  it('names the direction control', () => {
    const check = checkText('abc\u202eexe.txt')

    expect(check.ok ? '' : check.message).toContain('U+202E')
  })

  it('keeps the right-to-left mark', () => {
    expect(checkText('عبد الله\u200f Smith')).toEqual({ ok: true, value: 'عبد الله\u200f Smith' })
  })
})

describe('checkUrl', () => {
  it('adds https to a bare host', () => {
    expect(checkUrl('example.com')).toEqual({ ok: true, value: 'https://example.com/' })
  })

  it('rejects javascript URLs', () => {
    expect(checkUrl('javascript:alert(1)').ok).toBe(false)
  })
})

describe('checkCurrency', () => {
  it('accepts an ISO 4217 code', () => {
    expect(checkCurrency('EUR')).toEqual({ ok: true, value: 'EUR' })
  })

  it('upper-cases and trims a code', () => {
    expect(checkCurrency(' usd ')).toEqual({ ok: true, value: 'USD' })
    expect(checkCurrency('Cny')).toEqual({ ok: true, value: 'CNY' })
  })

  it('rejects signs, names and unknown codes', () => {
    for (const value of ['$', '€', 'dollars', 'US$', 'RMB', 'ABC', 'US', 'DEM']) {
      expect(checkCurrency(value), value).toMatchObject({ ok: false, code: 'invalid_currency' })
    }
  })

  it('names the value and the fix', () => {
    expect(checkCurrency('$')).toEqual({
      ok: false,
      code: 'invalid_currency',
      message: "'$' is not a currency code; use a three-letter ISO 4217 code such as USD or EUR",
      params: { value: '$' },
    })
  })

  it('rejects a number as not text', () => {
    expect(checkCurrency(978)).toMatchObject({ ok: false, code: 'invalid_type' })
  })
})

describe('formatPhoneForDisplay', () => {
  it('writes the extension out', () => {
    expect(formatPhoneForDisplay('+18896829490;ext=65400')).toBe('+1 889 682 9490 ext. 65400')
  })

  it('groups a number without extension', () => {
    expect(formatPhoneForDisplay('+4791234567')).toBe('+47 912 34 567')
  })

  it('keeps text that is not a stored number', () => {
    expect(formatPhoneForDisplay('+47 *** ** ***')).toBe('+47 *** ** ***')
    expect(formatPhoneForDisplay('555-0100')).toBe('555-0100')
  })
})
