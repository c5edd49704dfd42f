import type { EntityType } from '@enclave/shared'
import type { RecordStore, WriteOrigin } from '../records/record-store'
import type { Database } from '../storage/pouch'
import type { BatchDoc, ChunkDoc } from './batch-doc'

/** Counts of what an undo changed. */
export interface UndoResult {
  removed: number
  restored: number
  /** Fields left alone because someone changed them after the import. */
  keptNewerEdits: number
}

const REMOVE_PAGE = 1000

async function createdIds(store: RecordStore, type: EntityType, prefix: string): Promise<string[]> {
  const range = await store.db.allDocs({ startkey: `${type}:${prefix}`, endkey: `${type}:${prefix}\uffff` })
  return range.rows.map((row) => row.id)
}

/**
 * Undoes a batch: restores every record it updated to the values before the import, newest
 * chunk first, and deletes every record it created. A field someone changed after the import
 * keeps the newer value. Safe to run again after a crash: restored fields and deleted records
 * are left as they are.
 */
export async function undoBatch(store: RecordStore, meta: Database, batch: BatchDoc, origin: WriteOrigin): Promise<UndoResult> {
  const result: UndoResult = { removed: 0, restored: 0, keptNewerEdits: 0 }
  const chunks = await meta.allDocs({
    startkey: `import-chunk:${batch.batchId}:\uffff`,
    endkey: `import-chunk:${batch.batchId}:`,
    descending: true,
    include_docs: true,
  })

  for (const row of chunks.rows) {
    const chunk = row.doc as unknown as ChunkDoc
    for (const entry of [...chunk.updates].reverse()) {
      const current = store.index.get(entry.type, entry.id)
      if (!current) continue
      const patch: Record<string, unknown> = {}
      for (const [field, previous] of Object.entries(entry.previous)) {
        if (JSON.stringify(current[field] ?? null) === JSON.stringify(previous)) continue
        if (JSON.stringify(current[field] ?? null) !== JSON.stringify(entry.written[field] ?? null)) {
          result.keptNewerEdits++
          continue
        }
        patch[field] = previous
      }
      if (Object.keys(patch).length === 0) continue
      await store.update(entry.type, entry.id, patch, origin)
      result.restored++
    }
  }

  const types: EntityType[] = batch.type === 'company' ? ['company'] : [batch.type, 'company']
  for (const type of types) {
    const ids = await createdIds(store, type, batch.idPrefix)
    for (let start = 0; start < ids.length; start += REMOVE_PAGE) {
      result.removed += (await store.removeMany(type, ids.slice(start, start + REMOVE_PAGE), origin)).length
    }
  }
  return result
}
