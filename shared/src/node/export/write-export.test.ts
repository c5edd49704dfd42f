import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { findField } from '../../entities/schemas'
import { exportColumns, type ExportRecord } from '../../export/export-columns'
import { csvStream, xlsxStream } from './write-export'

const COLUMNS = exportColumns(['firstName', 'country'].map((name) => findField('contact', name)!))

/** Yields contacts without end and resolves `stopped` once the reader stops asking. */
function endlessContacts(): { docs: AsyncGenerator<ExportRecord>; stopped: Promise<number> } {
  let yielded = 0
  let markStopped: (count: number) => void = () => {}
  const stopped = new Promise<number>((resolve) => {
    markStopped = resolve
  })
  async function* generate(): AsyncGenerator<ExportRecord> {
    try {
      for (;;) {
        yielded += 1
        yield { firstName: `Name ${yielded}`, country: 'Norway' }
      }
    } finally {
      markStopped(yielded)
    }
  }
  return { docs: generate(), stopped }
}

async function* contacts(count: number): AsyncGenerator<ExportRecord> {
  for (let index = 0; index < count; index += 1) yield { firstName: index === 0 ? '=HYPERLINK("http://x")' : `Name ${index}`, country: 'Norway' }
}

describe('csvStream', () => {
  it('writes every record with escaped cells', async () => {
    const text = await new Response(csvStream(COLUMNS, contacts(2500))).text()
    const rows = Papa.parse<string[]>(text.replace(/^\ufeff/, '').trim()).data

    expect(rows).toHaveLength(2501)
    expect(rows[0]).toEqual(['First name', 'Country'])
    expect(rows[1]![0]).toBe('\'=HYPERLINK("http://x")')
  })

  it('stops reading records when the reader cancels', async () => {
    const { docs, stopped } = endlessContacts()
    const reader = csvStream(COLUMNS, docs).getReader()
    await reader.read()
    await reader.cancel()

    expect(await stopped).toBeGreaterThan(0)
  })
})

describe('xlsxStream', () => {
  it('writes every record as plain cells', async () => {
    const bytes = await new Response(xlsxStream('contacts', COLUMNS, contacts(2500))).arrayBuffer()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as never)
    const sheet = workbook.getWorksheet('contacts')!

    expect(sheet.rowCount).toBe(2501)
    expect(sheet.getRow(2).getCell(1).value).toBe('=HYPERLINK("http://x")')
    expect(sheet.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.String)
  })

  it('stops reading records when the reader cancels', async () => {
    const { docs, stopped } = endlessContacts()
    const reader = xlsxStream('contacts', COLUMNS, docs).getReader()
    await reader.read()
    await reader.cancel()

    expect(await stopped).toBeGreaterThan(0)
  })
})
