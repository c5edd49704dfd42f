import type { AuditEntry } from './audit-hash'

const CSV_COLUMNS = ['seq', 'time', 'user', 'action', 'recordIds', 'fields', 'address', 'detail', 'prevHash', 'hash'] as const

/**
 * Quotes a CSV cell and defuses spreadsheet formulas: a cell starting with `=`, `+`, `-`, `@`,
 * tab or carriage return gets a leading apostrophe (OWASP CSV injection guidance).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}

function cellsOf(entry: AuditEntry): string[] {
  return [
    String(entry.seq),
    entry.time,
    entry.user,
    entry.action,
    entry.recordIds.join(' '),
    entry.fields.join(' '),
    entry.address,
    JSON.stringify(entry.detail),
    entry.prevHash,
    entry.hash,
  ]
}

/** Writes entries as CSV (RFC 4180, CRLF line ends) with a header row. */
export function auditEntriesToCsv(entries: AuditEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const entry of entries) lines.push(cellsOf(entry).map(csvCell).join(','))
  return `${lines.join('\r\n')}\r\n`
}

/** Strips storage fields, so the JSON export contains exactly what each hash covers. */
export function auditEntriesToJson(entries: AuditEntry[]): object[] {
  return entries.map(({ _id, _rev, ...entry }) => entry)
}
