import { describe, expect, it } from 'vitest'
import { findField } from '@enclave/shared/entities/schemas'
import { csvCell, toCsv } from './csv-export'

describe('csvCell', () => {
  it('quotes commas and doubles quotes', () => {
    expect(csvCell('Berg, "Ingrid"')).toBe('"Berg, ""Ingrid"""')
  })

  it('defuses a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
  })

  it('writes a missing value as empty', () => {
    expect(csvCell(undefined)).toBe('')
  })
})

describe('toCsv', () => {
  it('writes labels then one line per record', () => {
    const fields = [findField('contact', 'firstName')!, findField('contact', 'country')!]
    const csv = toCsv(fields, [{ _id: 'contact:1', type: 'contact', firstName: 'Mei', country: 'Norway' }])
    expect(csv).toBe('\ufeffFirst name,Country\r\nMei,Norway\r\n')
  })
})
