import ExcelJS from 'exceljs'
import type { RawRow } from './csv-rows'
import { fileError } from './import-error'
import { openSheetArchive, type SheetInfo } from './workbook-sheets'

/**
 * Reads a cell as the plain text a spreadsheet shows: rich text joined, the text of a hyperlink, the
 * cached result of a formula, dates as `YYYY-MM-DD` (or ISO time when they carry one), and an
 * error value (`#N/A`) as empty.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)))
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return ''
    const iso = value.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
  }
  if (typeof value === 'object') {
    const cell = value as Record<string, unknown>
    if (Array.isArray(cell.richText)) return cell.richText.map((part: { text?: unknown }) => String(part.text ?? '')).join('')
    if ('result' in cell) return cellText(cell.result)
    if ('formula' in cell || 'sharedFormula' in cell) return ''
    if ('text' in cell) return cellText(cell.text)
    if ('error' in cell) return ''
  }
  return ''
}

/**
 * Streams the rows of one worksheet with exceljs's streaming reader. Call `inspectWorkbook`
 * first: it rejects zip bombs before this reader expands anything.
 *
 * The reader gets only the sheet and the entries it depends on, shared strings first (see
 * `openSheetArchive`). Given the whole file, exceljs copies every sheet that precedes the shared
 * strings to a temporary file. It deletes the copy of a skipped sheet while that copy may still
 * be opening, which raises an uncaught ENOENT that stops the process. Copies of sheets it never
 * reads stay on disk until the process exits.
 */
export async function* readXlsxRows(path: string, sheet: SheetInfo): AsyncGenerator<RawRow> {
  const archive = await openSheetArchive(path, sheet.name)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(archive.stream, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  })
  // exceljs sets sheets aside until it has shared strings, and a workbook that keeps its strings inline has none to wait for.
  if (!archive.hasSharedStrings) (reader as unknown as { sharedStrings: unknown[] }).sharedStrings = []
  let found = false
  try {
    for await (const worksheet of reader) {
      if ((worksheet as unknown as { name: string }).name !== sheet.name) continue
      found = true
      for await (const row of worksheet) {
        const values = (row.values as unknown[]) ?? []
        const cells: string[] = []
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]))
        yield { row: row.number, cells, parseErrors: [] }
      }
      break
    }
    const readError = archive.readError()
    if (readError) throw readError
  } catch (error) {
    if ((error as { status?: number }).status) throw error
    throw fileError('invalid_xlsx', `the workbook could not be read (${(error as Error).message.slice(0, 200)}); open it in a spreadsheet program and save it again as .xlsx`).withParams({
      reason: 'unreadable',
      detail: (error as Error).message.slice(0, 200),
    })
  } finally {
    // A caller that stops early, such as a preview, leaves the file open otherwise.
    archive.stream.destroy()
  }
  if (!found) throw fileError('sheet_not_found', `the sheet '${sheet.name}' was not found in the workbook; choose another sheet`).withParams({ sheet: sheet.name, sheets: [] })
}
