import type { FieldDef } from '@enclave/shared/entities/fields'
import type { ListParams, RecordApi, RecordDoc } from '../app/api-client'

/** Rows per request while collecting an export; the list API caps a page at 500. */
const EXPORT_PAGE = 500

/** Returns a CSV cell, quoted when needed, with a leading apostrophe before formula characters. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * Returns CSV text with a header of field labels and one line per record. It starts with a
 * byte order mark, as the edge's export does, because Excel reads a CSV file without one in
 * the computer's legacy code page and garbles Chinese, accents and emoji.
 */
export function toCsv(fields: readonly FieldDef[], docs: readonly RecordDoc[]): string {
  const lines = [fields.map((field) => csvCell(field.label)).join(',')]
  for (const doc of docs) lines.push(fields.map((field) => csvCell(doc[field.name])).join(','))
  return `\ufeff${lines.join('\r\n')}\r\n`
}

/**
 * Collects every record matching `params` page by page and downloads them as a CSV file. The
 * cloud has no export endpoint, so the browser builds the file from what the list API returns.
 */
export async function downloadCsv(api: RecordApi, plural: string, params: ListParams, fields: readonly FieldDef[]): Promise<void> {
  const docs: RecordDoc[] = []
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await api.list(plural, { ...params, offset, limit: EXPORT_PAGE })
    docs.push(...page.items)
    if (page.items.length < EXPORT_PAGE || docs.length >= page.total) break
  }

  const url = URL.createObjectURL(new Blob([toCsv(fields, docs)], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = `${plural}.csv`
  link.click()
  URL.revokeObjectURL(url)
}
