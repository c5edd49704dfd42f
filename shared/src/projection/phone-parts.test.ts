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
        const parts = phoneParts(number)!
        expect(`+${parts.callingCode}${parts.national}`).toBe(number)

        // A stored number that the full parse reads differently, such as Belarus's +375 8100000000
        // where it strips the trunk prefix 8 once more, keeps its stored digits.
        const parsed = parsePhoneNumberFromString(number)!
        if (parsed.number !== number) return
        expect(parts).toEqual({ callingCode: parsed.countryCallingCode, national: String(parsed.nationalNumber) })
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
    ['+3758100000000', { callingCode: '375', national: '8100000000' }],
  ])('splits %s', (number, parts) => {
    expect(phoneParts(number)).toEqual(parts)
  })

  it('returns undefined for text that is no number', () => {
    expect(phoneParts('call me')).toBeUndefined()
  })
})
