import { once } from 'node:events'
import { PassThrough, Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import type { Context } from 'hono'
import Papa from 'papaparse'
import { escapeCell } from '../../export/escape-cell'
import type { ExportCell, ExportColumn, ExportRecord } from '../../export/export-columns'
import type { ExportFormat } from '../../export/export-request'

/** Records to export, read one at a time so that no writer keeps the whole file in memory. */
export type ExportRecords = Iterable<ExportRecord> | AsyncIterable<ExportRecord>

const ROWS_PER_CHUNK = 1000

function escapedCells(columns: readonly ExportColumn[], doc: ExportRecord): ExportCell[] {
  return columns.map((column) => {
    const value = column.cell(doc)
    return typeof value === 'string' ? escapeCell(value) : value
  })
}

function plainCells(columns: readonly ExportColumn[], doc: ExportRecord): ExportCell[] {
  return columns.map((column) => column.cell(doc))
}

/**
 * Streams records as UTF-8 CSV with a byte order mark (so spreadsheet programs pick UTF-8),
 * CRLF line ends and formula-escaped cells, a thousand rows at a time. The next chunk is
 * written only when the reader has taken the previous one.
 */
export function csvStream(columns: readonly ExportColumn[], docs: ExportRecords): ReadableStream<Uint8Array> {
  const unparse = (rows: ExportCell[][]) => `${Papa.unparse(rows, { newline: '\r\n' })}\r\n`
  async function* lines(): AsyncGenerator<string> {
    yield `\ufeff${unparse([columns.map((column) => escapeCell(column.header))])}`
    let rows: ExportCell[][] = []
    for await (const doc of docs) {
      rows.push(escapedCells(columns, doc))
      if (rows.length < ROWS_PER_CHUNK) continue
      yield unparse(rows)
      rows = []
    }
    if (rows.length > 0) yield unparse(rows)
  }
  return Readable.toWeb(Readable.from(lines(), { objectMode: false })) as ReadableStream<Uint8Array>
}

/**
 * Waits until `output` wants more data, or has closed because the reader went away. It first
 * gives up the event loop for a turn, because exceljs and its zip writer pass rows on to
 * `output` only in later turns, and a loop over records already in memory never yields.
 */
async function waitForReader(output: PassThrough): Promise<void> {
  await nextTurn()
  if (!output.writableNeedDrain || output.destroyed) return
  const stop = new AbortController()
  await Promise.race([once(output, 'drain', { signal: stop.signal }), once(output, 'close', { signal: stop.signal })])
  stop.abort()
}

/**
 * Streams records as an .xlsx workbook with one sheet, written by exceljs's streaming writer.
 * Cells keep their values as they are: a workbook stores each text as a string cell, which
 * spreadsheet programs never evaluate, so `=1+2` or `+14155552671` needs no apostrophe there.
 * After each thousand rows the writer waits while the reader is behind.
 */
export function xlsxStream(sheetName: string, columns: readonly ExportColumn[], docs: ExportRecords): ReadableStream<Uint8Array> {
  const output = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: false })
  const sheet = workbook.addWorksheet(sheetName)

  const write = async () => {
    sheet.addRow(columns.map((column) => column.header)).commit()
    let written = 0
    for await (const doc of docs) {
      sheet.addRow(plainCells(columns, doc)).commit()
      written += 1
      if (written % ROWS_PER_CHUNK === 0) await waitForReader(output)
      if (output.destroyed) return
    }
    sheet.commit()
    await workbook.commit()
  }
  write().catch((error: unknown) => output.destroy(error as Error))
  return Readable.toWeb(output) as ReadableStream<Uint8Array>
}

export interface ExportDownload {
  /** Plural of the record type; names the file and the workbook's sheet. */
  plural: string
  format: ExportFormat
  columns: readonly ExportColumn[]
  docs: ExportRecords
}

/** Sends the export as the response, a file download named `<plural>-<date>.<format>`. */
export function sendExport(c: Context, download: ExportDownload): Response {
  const { plural, format, columns, docs } = download
  const stamp = new Date().toISOString().slice(0, 10)
  c.header('content-disposition', `attachment; filename="${plural}-${stamp}.${format}"`)
  if (format === 'xlsx') {
    c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    return c.body(xlsxStream(plural, columns, docs))
  }
  c.header('content-type', 'text/csv; charset=utf-8')
  return c.body(csvStream(columns, docs))
}
