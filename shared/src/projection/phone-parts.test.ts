import fc from 'fast-check'
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import { describe, expect, it } from 'vitest'
import { checkPhone } from '../entities/values'
import { phoneParts } from './phone-parts'

describe('phoneParts', () => {
  it('splits stored numbers as the full parse does', () => {
    const country = fc.constantFrom(...(getCountries() as CountryCode[]))
    const nationalDigits = fc.stringMatching(/^[1-9]\d{5,11}$/)
    fc.assert(
      fc.property(country, nationalDigits, (defaultCountry, raw) => {
        const checked = checkPhone(raw, defaultCountry)
        if (!checked.ok) return
        const number = String(checked.value).split(';')[0]!
        const parsed = parsePhoneNumberFromString(number)!

        expect(phoneParts(number)).toEqual({ callingCode: parsed.countryCallingCode, national: String(parsed.nationalNumber) })
      }),
      { numRuns: 2000 },
    )
  })

  it.each([
    ['+4722334455', { callingCode: '47', national: '22334455' }],
    ['+12091727124', { callingCode: '1', national: '2091727124' }],
    ['+8613812345678', { callingCode: '86', national: '13812345678' }],
    ['+80012345678', { callingCode: '800', national: '12345678' }],
    ['+44 20 7946 0000', { callingCode: '44', national: '2079460000' }],
  ])('splits %s', (number, parts) => {
    expect(phoneParts(number)).toEqual(parts)
  })

  it('returns undefined for text that is no number', () => {
    expect(phoneParts('call me')).toBeUndefined()
  })
})
