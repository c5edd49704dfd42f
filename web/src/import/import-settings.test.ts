import { describe, expect, it } from 'vitest'
import type { Column } from './import-api'
import { dedupeKeyChoices, defaultSettings, planBody, settingsFromSaved, toggleKey } from './import-settings'

const COLUMNS: Column[] = [
  { column: 0, header: 'Name', field: 'fullName' },
  { column: 1, header: 'Email', field: 'email' },
  { column: 2, header: 'Phone', field: 'phone' },
  { column: 3, header: 'Company', field: 'companyName' },
]

describe('dedupeKeyChoices', () => {
  it('lists default keys first', () => {
    expect(dedupeKeyChoices('contact', COLUMNS).slice(0, 2)).toEqual([['email'], ['externalId']])
  })

  it('adds mapped stored fields once', () => {
    expect(dedupeKeyChoices('contact', COLUMNS).slice(2)).toEqual([['phone']])
  })
})

describe('toggleKey', () => {
  const choices = [['email'], ['externalId'], ['phone']]

  it('removes a chosen key', () => {
    expect(toggleKey(choices, [['email'], ['externalId']], ['email'])).toEqual([['externalId']])
  })

  it('adds a key in the order of the choices', () => {
    expect(toggleKey(choices, [['phone']], ['email'])).toEqual([['email'], ['phone']])
  })

  it('allows no key at all', () => {
    expect(toggleKey(choices, [['email']], ['email'])).toEqual([])
  })
})

describe('planBody', () => {
  it('sends the chosen settings', () => {
    const settings = { ...defaultSettings('deal'), decimalSeparator: ',' as const, createMissingCompanies: true }
    const body = planBody([{ column: 0, header: 'Amount', field: 'amount' }], settings)
    expect(body.settings.decimalSeparator).toBe(',')
    expect(body.settings.createMissingCompanies).toBe(true)
    expect(body.settings.dedupeKeys).toEqual([['externalId']])
  })

  it('leaves out an empty default country', () => {
    expect(planBody([], defaultSettings('contact')).settings.defaultCountry).toBeUndefined()
  })

  it('sends only column, field and date format', () => {
    const body = planBody([{ column: 2, header: 'Date', field: 'closeDate', dateFormat: 'DD-MM-YYYY', dateDetection: { ambiguous: true, candidates: [] } }], defaultSettings('deal'))
    expect(body.columns).toEqual([{ column: 2, field: 'closeDate', dateFormat: 'DD-MM-YYYY' }])
  })
})

describe('settingsFromSaved', () => {
  it('applies valid saved settings', () => {
    const next = settingsFromSaved(defaultSettings('contact'), { onDuplicate: 'merge', decimalSeparator: ',', dedupeKeys: [['phone']] })
    expect(next.onDuplicate).toBe('merge')
    expect(next.decimalSeparator).toBe(',')
    expect(next.dedupeKeys).toEqual([['phone']])
  })

  it('ignores values of the wrong shape', () => {
    const next = settingsFromSaved(defaultSettings('contact'), { onDuplicate: 'replace', decimalSeparator: ';', dedupeKeys: 'email' })
    expect(next).toEqual(defaultSettings('contact'))
  })
})
