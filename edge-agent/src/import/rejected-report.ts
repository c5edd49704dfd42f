import Papa from 'papaparse'
import type { Database } from '../storage/pouch'
import type { ChunkDoc, RejectedRow } from './batch-doc'
import { escapeCell } from '@enclave/shared/export/escape-cell'

/** Reads the rejected rows of a batch from its chunk documents, in file order. */
export async function rejectedRowsFromChunks(meta: Database, batchId: string): Promise<RejectedRow[]> {
  const chunks = await meta.allDocs({ startkey: `import-chunk:${batchId}:`, endkey: `import-chunk:${batchId}:\uffff`, include_docs: true })
  return chunks.rows.flatMap((row) => (row.doc as unknown as ChunkDoc).rejected)
}

/**
 * Writes rejected rows as CSV: the row number, the reason, then the row's cells under the
 * file's own column names, so the user can fix the cells and import the file again. Cells are
 * escaped against spreadsheet formulas.
 */
export function rejectedRowsCsv(headers: readonly string[], rows: readonly RejectedRow[]): string {
  const width = Math.max(headers.length, ...rows.map((row) => row.cells.length))
  const header = ['Row', 'Reason', ...Array.from({ length: width }, (_, index) => headers[index] ?? `Column ${index + 1}`)]
  const data = rows.map((row) => [String(row.row), row.reason, ...Array.from({ length: width }, (_, index) => row.cells[index] ?? '')])
  return `${Papa.unparse([header, ...data].map((cells) => cells.map(escapeCell)), { newline: '\r\n' })}\r\n`
}
