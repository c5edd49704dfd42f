import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import type { RecordDoc } from '@enclave/shared'
import { escapeCell } from './escape-cell'
import type { ExportColumn } from './export-columns'

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

const ROWS_PER_CHUNK = 1000

function escapedCells(columns: readonly ExportColumn[], doc: RecordDoc): (string | number | boolean)[] {
  return columns.map((column) => {
    const value = column.cell(doc)
    return typeof value === 'string' ? escapeCell(value) : value
  })
}

function plainCells(columns: readonly ExportColumn[], doc: RecordDoc): (string | number | boolean)[] {
  return columns.map((column) => column.cell(doc))
}

/**
 * Streams records as UTF-8 CSV with a byte order mark (so spreadsheet programs pick UTF-8),
 * CRLF line ends and formula-escaped cells, a thousand rows at a time.
 */
export function csvStream(columns: readonly ExportColumn[], docs: readonly RecordDoc[]): ReadableStream<Uint8Array> {
  async function* lines(): AsyncGenerator<string> {
    yield `\ufeff${Papa.unparse([columns.map((column) => escapeCell(column.header))], { newline: '\r\n' })}\r\n`
    for (let start = 0; start < docs.length; start += ROWS_PER_CHUNK) {
      const rows = docs.slice(start, start + ROWS_PER_CHUNK).map((doc) => escapedCells(columns, doc))
      yield `${Papa.unparse(rows, { newline: '\r\n' })}\r\n`
    }
  }
  return Readable.toWeb(Readable.from(lines(), { objectMode: false })) as ReadableStream<Uint8Array>
}

/**
 * Streams records as an .xlsx workbook with one sheet, written by exceljs's streaming writer.
 * Cells keep their values as they are: a workbook stores each text as a string cell, which
 * spreadsheet programs never evaluate, so `=1+2` or `+14155552671` needs no apostrophe there.
 */
export function xlsxStream(sheetName: string, columns: readonly ExportColumn[], docs: readonly RecordDoc[]): ReadableStream<Uint8Array> {
  const output = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: false })
  const sheet = workbook.addWorksheet(sheetName)

  const write = async () => {
    sheet.addRow(columns.map((column) => column.header)).commit()
    for (const doc of docs) sheet.addRow(plainCells(columns, doc)).commit()
    sheet.commit()
    await workbook.commit()
  }
  write().catch((error: unknown) => output.destroy(error as Error))
  return Readable.toWeb(output) as ReadableStream<Uint8Array>
}
