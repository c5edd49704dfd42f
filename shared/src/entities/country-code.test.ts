import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { countryCodeOf } from './country-code'

const SAMPLE_CONTACTS = fileURLToPath(new URL('../../../../shared/data/customers/customers-10000.csv', import.meta.url))
// Matches the country, the two phones and the email's local part. Phones contain no commas, company names may.
const COUNTRY_CELL = /,([^,]*),[^,]*,[^,]*,[^,]*@/

describe('countryCodeOf', () => {
  it.each([
    ['HU', 'HU'],
    ['hu', 'HU'],
    ['Hungary', 'HU'],
    ['匈牙利', 'HU'],
    ['Ungarn', 'HU'],
    ['中国', 'CN'],
    ['香港', 'HK'],
    ['USA', 'US'],
    ['UK', 'GB'],
    ['  united   kingdom ', 'GB'],
    ['The Netherlands', 'NL'],
    ["Cote d'Ivoire", 'CI'],
    ['Côte d’Ivoire', 'CI'],
    ['Saint Kitts and Nevis', 'KN'],
    ['St. Kitts & Nevis', 'KN'],
    ['Falkland Islands (Malvinas)', 'FK'],
    ['Turkey', 'TR'],
    ['Türkiye', 'TR'],
  ])('reads %s as %s', (text, code) => {
    expect(countryCodeOf(text)).toBe(code)
  })

  it('leaves a name that two countries share unread', () => {
    expect(countryCodeOf('Congo')).toBeUndefined()
    expect(countryCodeOf('Congo - Kinshasa')).toBe('CD')
  })

  it('leaves text that names no country unread', () => {
    for (const text of ['Narnia', '', '   ', '__proto__', 'constructor', 'x'.repeat(500), 42, null]) {
      expect(countryCodeOf(text)).toBeUndefined()
    }
  })

  it("reads the sample contacts' countries", () => {
    const lines = readFileSync(SAMPLE_CONTACTS, 'utf8').split('\n').slice(1)
    const countries = new Set(lines.map((line) => COUNTRY_CELL.exec(line)?.[1]).filter(Boolean))
    const unread = [...countries].filter((name) => !countryCodeOf(name))

    // These name places without a telephone numbering plan of their own, or a name two countries share.
    expect(unread.sort()).toEqual([
      'Antarctica (the territory South of 60 deg S)',
      'Bouvet Island (Bouvetoya)',
      'Congo',
      'French Southern Territories',
      'Heard Island and McDonald Islands',
      'Netherlands Antilles',
      'Pitcairn Islands',
      'South Georgia and the South Sandwich Islands',
      'United States Minor Outlying Islands',
    ])
    expect(countries.size).toBeGreaterThan(200)
  })
})
