import fs from 'node:fs/promises'
import type { ApiError } from '@enclave/shared'
import { bomLengthFor, checkDecodedText, detectEncoding, isTextEncoding, type TextEncoding } from './decode-text'
import { readCsvRows, type RawRow } from './csv-rows'
import { fileError } from './import-error'
import { inspectWorkbook, sheetNotFound, type SheetInfo } from './workbook-sheets'
import { readAt } from './zip-inspect'
import { readXlsxRows } from './xlsx-rows'
import iconv from 'iconv-lite'

export type FileFormat = 'csv' | 'xlsx'

/** Format facts of an uploaded file, found once at upload. */
export interface FileInfo {
  format: FileFormat
  size: number
  /** Detected encoding of a CSV file. */
  encoding?: TextEncoding
  /** Worksheets of a workbook, in workbook order. */
  sheets?: SheetInfo[]
}

/** Choices for reading a file: encoding, sheet and header row. */
export interface ReadChoice {
  encoding?: TextEncoding
  sheet?: string
  /** Row with the column names, counting from 1. Rows above it are skipped. */
  headerRow: number
}

const SNIFF_BYTES = 64 * 1024

/**
 * Maximum number of cells in a header row. The mapping step draws a field selector for each
 * column, and thousands of them freeze the page. A record type has a few dozen fields plus its
 * custom ones, so a table wider than this is not one to map column by column.
 */
export const MAX_COLUMNS = 500

// Signatures of files people upload by mistake, with the fix for each.
const KNOWN_BINARY: { magic: number[]; kind: string; message: string }[] = [
  { magic: [0xd0, 0xcf, 0x11, 0xe0], kind: 'xls', message: 'the file is an old Excel .xls workbook; save it as .xlsx or CSV' },
  { magic: [0x25, 0x50, 0x44, 0x46], kind: 'pdf', message: 'the file is a PDF; export the table as CSV or .xlsx' },
  { magic: [0x89, 0x50, 0x4e, 0x47], kind: 'png', message: 'the file is a PNG image; upload a CSV or .xlsx file' },
  { magic: [0x1f, 0x8b], kind: 'gzip', message: 'the file is gzip-compressed; decompress it first' },
]

function startsWith(sample: Buffer, magic: number[]): boolean {
  return magic.every((byte, index) => sample[index] === byte)
}

function looksBinary(text: string): boolean {
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f]/g)?.length ?? 0
  return controls > 0 && controls / Math.max(1, text.length) > 0.001
}

function decodeSample(bytes: Buffer, encoding: TextEncoding): string {
  if (encoding !== 'utf-8') return iconv.decode(bytes, encoding)
  try {
    // `stream: true` lets a character cut at the end of the sample pass.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
  } catch {
    throw fileError('invalid_encoding', 'the file does not read as utf-8 (it has bytes that are not valid UTF-8); choose its encoding (gb18030, windows-1252, utf-16le or utf-16be) or save it as UTF-8').withParams({ encoding: 'utf-8' })
  }
}

/**
 * Finds the format of an uploaded file from its bytes, not its name: a zip archive is checked
 * as a workbook (zip bombs rejected), anything else must be text in a known encoding. Throws
 * a 422 error naming the problem for empty, binary and wrongly encoded files, and for a file
 * named `.xlsx` that is not a zip archive.
 */
export async function describeFile(path: string, chosenEncoding?: TextEncoding, fileName = ''): Promise<FileInfo> {
  const handle = await fs.open(path, 'r')
  let sample: Buffer
  let size: number
  try {
    size = (await handle.stat()).size
    sample = await readAt(handle, 0, Math.min(SNIFF_BYTES, size))
  } finally {
    await handle.close()
  }

  if (size === 0) throw fileError('empty_file', 'the file is empty; export the data again with a header row')
  if (startsWith(sample, [0x50, 0x4b, 0x03, 0x04]) || startsWith(sample, [0x50, 0x4b, 0x05, 0x06])) {
    return { format: 'xlsx', size, sheets: await inspectWorkbook(path) }
  }
  for (const known of KNOWN_BINARY) {
    if (startsWith(sample, known.magic)) throw fileError('unsupported_file', known.message).withParams({ reason: known.kind })
  }
  // A workbook name on bytes that are not a workbook means a damaged or renamed file. Reading
  // it as CSV would import whatever text it contains under the wrong expectations.
  if (/\.xls[xm]$/i.test(fileName)) {
    throw fileError('invalid_xlsx', `'${fileName.slice(0, 100)}' is not a valid Excel workbook (an .xlsx file is a zip archive); save it again from Excel as .xlsx, or rename it .csv if it holds CSV text`).withParams({
      reason: 'not_zip',
      name: fileName.slice(0, 100),
    })
  }

  const detected = detectEncoding(sample)
  const encoding = chosenEncoding ?? detected.encoding
  const bomLength = bomLengthFor(sample, encoding)
  const text = decodeSample(sample.subarray(bomLength), encoding)
  if (looksBinary(text)) {
    throw fileError('binary_file', 'the file contains binary data, not text; upload a CSV or .xlsx file')
  }
  // The sample may end inside a character, which decodes to one replacement character.
  checkDecodedText(text.slice(0, -1), encoding)
  return { format: 'csv', size, encoding }
}

/** Streams every row of the file as text cells, starting at row 1. */
export async function* readRawRows(path: string, info: FileInfo, choice: ReadChoice, onBytes?: (bytes: number) => void): AsyncGenerator<RawRow> {
  if (info.format === 'xlsx') {
    const sheets = info.sheets ?? []
    const sheet = choice.sheet === undefined ? sheets[0] : sheets.find((candidate) => candidate.name === choice.sheet)
    if (!sheet) throw sheetNotFound(String(choice.sheet), sheets)
    yield* readXlsxRows(path, sheet)
    return
  }

  const encoding = choice.encoding ?? info.encoding ?? 'utf-8'
  const handle = await fs.open(path, 'r')
  let head: Buffer
  try {
    head = await readAt(handle, 0, 4)
  } finally {
    await handle.close()
  }
  yield* readCsvRows(path, { encoding, bomLength: bomLengthFor(head, encoding), onBytes })
}

/** Cleans column names: trimmed, blanks named `Column N`, repeats numbered `Email (2)`. */
export function cleanHeaders(cells: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return cells.map((cell, index) => {
    const base = cell.replace(/\s+/g, ' ').trim() || `Column ${index + 1}`
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : `${base} (${count})`
  })
}

function isBlank(row: RawRow): boolean {
  return row.parseErrors.length === 0 && row.cells.every((cell) => cell.trim() === '')
}

/** A table read from a file: its column names and a stream of its data rows. */
export interface Table {
  headers: string[]
  rows: AsyncGenerator<RawRow>
}

/**
 * Opens the file as a table: skips rows above the header row, reads the column names, then
 * streams the data rows, leaving out blank ones. Throws `no_header` when the header row does
 * not exist, and `too_many_columns` when it has more than `MAX_COLUMNS` cells.
 */
export async function openTable(path: string, info: FileInfo, choice: ReadChoice, onBytes?: (bytes: number) => void): Promise<Table> {
  const raw = readRawRows(path, info, choice, onBytes)
  let header: RawRow | undefined
  for (;;) {
    const next = await raw.next()
    if (next.done) break
    if (next.value.row >= choice.headerRow && !isBlank(next.value)) {
      header = next.value
      break
    }
  }
  if (!header) {
    throw fileError('no_header', `the file has no header at row ${choice.headerRow} or below; choose the row with the column names`).withParams({
      headerRow: choice.headerRow,
    })
  }

  async function* dataRows(): AsyncGenerator<RawRow> {
    for await (const row of { [Symbol.asyncIterator]: () => raw }) {
      if (!isBlank(row)) yield row
    }
  }
  if (header.cells.length > MAX_COLUMNS) throw tooManyColumns(header)
  return { headers: cleanHeaders(header.cells), rows: dataRows() }
}

function tooManyColumns(header: RawRow): ApiError {
  const columns = header.cells.length
  return fileError(
    'too_many_columns',
    `the header at row ${header.row} has ${columns} columns, more than the limit of ${MAX_COLUMNS}; delete the columns you do not import and upload the file again`,
  ).withParams({ row: header.row, columns, max: MAX_COLUMNS })
}

export function parseReadChoice(input: Record<string, unknown>, info: FileInfo): ReadChoice {
  const headerRow = input.headerRow ?? 1
  if (typeof headerRow !== 'number' || !Number.isInteger(headerRow) || headerRow < 1) {
    throw fileError('invalid_choice', `headerRow ${JSON.stringify(headerRow)} is invalid; use the row number of the column names, 1 or more`).withParams({
      reason: 'header_row',
      value: String(JSON.stringify(headerRow)),
    })
  }
  if (input.encoding !== undefined && !isTextEncoding(input.encoding)) {
    throw fileError('invalid_choice', `encoding ${JSON.stringify(input.encoding)} is not supported; use utf-8, utf-16le, utf-16be, gb18030 or windows-1252`).withParams({
      reason: 'encoding',
      value: String(JSON.stringify(input.encoding)),
    })
  }
  if (input.sheet !== undefined && (typeof input.sheet !== 'string' || !info.sheets?.some((sheet) => sheet.name === input.sheet))) {
    throw fileError('sheet_not_found', `sheet ${JSON.stringify(input.sheet)} is not in the file; choose one of ${(info.sheets ?? []).map((sheet) => `'${sheet.name}'`).join(', ') || 'none (the file is CSV)'}`).withParams({
      sheet: String(JSON.stringify(input.sheet)),
      sheets: (info.sheets ?? []).map((sheet) => sheet.name),
    })
  }
  return { headerRow, encoding: input.encoding as TextEncoding | undefined, sheet: input.sheet as string | undefined }
}
