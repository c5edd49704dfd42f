import { ApiError } from '@enclave/shared'
import type { Database } from '../storage/pouch'
import type { BatchDoc, ChunkDoc, RejectedRow, UpdateJournalEntry } from './batch-doc'
import type { ImportOrigin } from './batch-access'
import { readRawRows } from './import-file'
import type { ImportService } from './import-service'

/** Counts of what an erasure removed from import batches. */
export interface ImportErasureCounts {
  /** Rejected rows, stored or kept in memory from a dry run, that quoted the person. */
  rejectedRows: number
  /** Undo snapshots (previous and written values) of the erased records. */
  undoSnapshots: number
  /** Uploads that never ran and contained the person, deleted with their batch. */
  uploadsDeleted: number
}

/** Chunk documents read per page. */
const CHUNK_PAGE = 200
const BUSY_STATUSES: BatchDoc['status'][] = ['queued', 'running', 'undoing']

/**
 * Rejects an erasure while a batch is queued, running or undoing, because the batch could
 * write the person's row again after the erasure.
 */
export async function requireNoActiveImport(service: ImportService): Promise<void> {
  const busy = (await service.list()).find((batch) => BUSY_STATUSES.includes(batch.status))
  if (!busy) return
  throw new ApiError(409, 'erase_blocked_by_import', `import batch '${busy.batchId}' is ${busy.status}; wait for it to finish, then erase the person`).withParams({
    batchId: busy.batchId,
    status: busy.status,
  })
}

/** Yields the chunk documents of every import batch, a page at a time. */
async function* chunkPages(meta: Database): AsyncGenerator<ChunkDoc[]> {
  let startkey = 'import-chunk:'
  let skip = 0
  for (;;) {
    const page = await meta.allDocs({ include_docs: true, startkey, endkey: 'import-chunk:\uffff', limit: CHUNK_PAGE, skip })
    yield page.rows.map((row) => row.doc as unknown as ChunkDoc)
    if (page.rows.length < CHUNK_PAGE) return
    startkey = page.rows[page.rows.length - 1]!.id
    skip = 1
  }
}

/** A person's data in import batches, as a subject access export lists it. */
export interface ImportTraces {
  rejectedRows: (RejectedRow & { batchId: string })[]
  undoSnapshots: (UpdateJournalEntry & { batchId: string })[]
}

/** Finds the undo snapshots of `recordIds` and the rejected rows that `quotesPerson` matches. */
export async function findInImports(meta: Database, recordIds: ReadonlySet<string>, quotesPerson: (cells: string[]) => boolean): Promise<ImportTraces> {
  const traces: ImportTraces = { rejectedRows: [], undoSnapshots: [] }
  for await (const chunks of chunkPages(meta)) {
    for (const chunk of chunks) {
      for (const entry of chunk.updates) if (recordIds.has(entry.id)) traces.undoSnapshots.push({ ...entry, batchId: chunk.batchId })
      for (const row of chunk.rejected) if (quotesPerson(row.cells)) traces.rejectedRows.push({ ...row, batchId: chunk.batchId })
    }
  }
  return traces
}

async function removeFromChunks(meta: Database, recordIds: ReadonlySet<string>, quotesPerson: (cells: string[]) => boolean): Promise<Omit<ImportErasureCounts, 'uploadsDeleted'>> {
  const counts = { rejectedRows: 0, undoSnapshots: 0 }
  for await (const chunks of chunkPages(meta)) {
    const changed: ChunkDoc[] = []
    for (const chunk of chunks) {
      const updates = chunk.updates.filter((entry) => !recordIds.has(entry.id))
      const rejected = chunk.rejected.filter((rejectedRow) => !quotesPerson(rejectedRow.cells))
      if (updates.length === chunk.updates.length && rejected.length === chunk.rejected.length) continue
      counts.undoSnapshots += chunk.updates.length - updates.length
      counts.rejectedRows += chunk.rejected.length - rejected.length
      changed.push({ ...chunk, updates, rejected })
    }
    if (changed.length > 0) await meta.bulkDocs(changed as never)
  }
  return counts
}

async function fileQuotesPerson(path: string, batch: BatchDoc, quotesPerson: (cells: string[]) => boolean): Promise<boolean> {
  const sheets = batch.file.format === 'xlsx' ? (batch.file.sheets ?? []).map((sheet) => sheet.name) : [undefined]
  for (const sheet of sheets) {
    for await (const row of readRawRows(path, batch.file, { encoding: batch.choice?.encoding, sheet, headerRow: 1 })) {
      if (quotesPerson(row.cells)) return true
    }
  }
  return false
}

/**
 * Removes a person from import batches. That is the undo snapshots of `recordIds` and every
 * rejected row that `quotesPerson` matches, both in the chunk documents of `meta` and in the
 * dry-run rows in memory. Uploads that never ran and contain a matching row are deleted with
 * their batch. Batches that ran keep no file, because a run deletes it when it ends.
 */
export async function eraseFromImports(
  service: ImportService,
  meta: Database,
  recordIds: ReadonlySet<string>,
  quotesPerson: (cells: string[]) => boolean,
  origin: ImportOrigin,
): Promise<ImportErasureCounts> {
  const stored = await removeFromChunks(meta, recordIds, quotesPerson)
  const inMemory = service.forgetDryRunRows((row: RejectedRow) => quotesPerson(row.cells))

  let uploadsDeleted = 0
  for (const view of await service.list()) {
    if (view.status !== 'uploaded') continue
    const batch = await service.get(view.batchId)
    if (!(await fileQuotesPerson(service.filePath(batch), batch, quotesPerson))) continue
    await service.remove(batch.batchId, origin, 'erasure')
    uploadsDeleted++
  }
  return { rejectedRows: stored.rejectedRows + inMemory, undoSnapshots: stored.undoSnapshots, uploadsDeleted }
}
