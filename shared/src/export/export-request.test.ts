import { describe, expect, it } from 'vitest'
import { ApiError } from '../errors'
import { findField } from '../entities/schemas'
import { escapeCell } from './escape-cell'
import { exportColumns } from './export-columns'
import { chooseExportColumns, listParametersOf, readExportFormat } from './export-request'

const FIELDS = ['firstName', 'country', 'companyId'].map((name) => findField('contact', name)!)

function unknownFields(names: string[]): ApiError {
  return new ApiError(400, 'unknown_field', `unknown: ${names.join(', ')}`)
}

describe('escapeCell', () => {
  it('prefixes formula starts with an apostrophe', () => {
    for (const value of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(escapeCell(value)).toBe(`'${value}`)
    }
  })

  it('keeps other text', () => {
    expect(escapeCell('Ingrid = Berg')).toBe('Ingrid = Berg')
  })
})

describe('exportColumns', () => {
  it('writes a company reference as its name', () => {
    const columns = exportColumns(FIELDS, { companyName: (id) => (id === 'company:1' ? 'Acme' : undefined) })
    const company = columns.find((column) => column.field.name === 'companyId')!

    expect(company.cell({ companyId: 'company:1' })).toBe('Acme')
    expect(company.cell({ companyId: 'company:2' })).toBe('company:2')
  })

  it('writes a missing value as empty', () => {
    expect(exportColumns(FIELDS)[0]!.cell({})).toBe('')
  })
})

describe('chooseExportColumns', () => {
  const columns = exportColumns(FIELDS)

  it('keeps the requested fields in column order', () => {
    const chosen = chooseExportColumns({ columns, fields: 'country, firstName', readsPersonal: true, unknownFields })
    expect(chosen.map((column) => column.field.name)).toEqual(['firstName', 'country'])
  })

  it('rejects a field that is no column', () => {
    expect(() => chooseExportColumns({ columns, fields: 'nationalId', readsPersonal: true, unknownFields })).toThrow('unknown: nationalId')
  })

  it('drops personal columns without read_personal', () => {
    const chosen = chooseExportColumns({ columns, fields: undefined, readsPersonal: false, unknownFields })
    expect(chosen.map((column) => column.field.name)).toEqual(['country', 'companyId'])
  })

  it('rejects named personal columns without read_personal', () => {
    expect(() => chooseExportColumns({ columns, fields: 'firstName', readsPersonal: false, unknownFields })).toThrow(/personal field/)
  })
})

describe('readExportFormat', () => {
  it('defaults to csv', () => {
    expect(readExportFormat(undefined)).toBe('csv')
  })

  it('rejects another format', () => {
    expect(() => readExportFormat('pdf')).toThrow("format 'pdf' is not supported")
  })
})

describe('listParametersOf', () => {
  it('drops the export parameters', () => {
    const params = listParametersOf('http://127.0.0.1/x?format=xlsx&fields=a&limit=5&offset=2&q=ana&filter.country=Norway')
    expect(params.toString()).toBe('q=ana&filter.country=Norway')
  })
})
