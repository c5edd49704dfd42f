import type { RecordDoc } from '@enclave/shared'
import type { FieldLoss } from '@enclave/shared/merge/merge-incoming'
import type { Database } from '../storage/pouch'

/** One value a record no longer holds: lost to a newer edit, or the whole record on deletion. */
export interface HistoryEntry {
  _id: string
  _rev?: string
  recordId: string
  /** Field name, or `*` for a snapshot of a deleted record. */
  field: string
  value: unknown
  stamp?: string
  source: 'edge' | 'cloud'
  winningStamp?: string
  reason: 'lost_conflict' | 'overwritten' | 'deleted_in_cloud'
  at: string
}

const ENTRY_PREFIX = 'history:'

/**
 * The record history kept beside `records`: values that lost a per-field merge and snapshots
 * of records deleted from the cloud, so no edit is silently lost. It contains personal data
 * and stays on site. Entry ids are derived from the record, field and stamp, so storing the same
 * loss twice (after a restart mid-merge) keeps one entry.
 */
export class RecordHistory {
  constructor(readonly db: Database) {}

  /** Stores losses of one record; entries that exist already are left as they are. */
  async addLosses(recordId: string, losses: FieldLoss[]): Promise<void> {
    if (losses.length === 0) return
    const at = new Date().toISOString()
    const entries: HistoryEntry[] = losses.map((loss) => ({
      _id: `${ENTRY_PREFIX}${recordId}:${loss.field}:${loss.stamp ?? 'unstamped'}:${loss.source}`,
      recordId,
      field: loss.field,
      value: loss.value,
      stamp: loss.stamp,
      source: loss.source,
      winningStamp: loss.winningStamp,
      reason: loss.source === 'edge' ? 'overwritten' : 'lost_conflict',
      at,
    }))
    await this.db.bulkDocs(entries as never)
  }

  /** Stores the last version of a record that the cloud deleted. */
  async addDeleted(record: RecordDoc): Promise<void> {
    const { _rev: _ignored, ...snapshot } = record
    const entry: HistoryEntry = {
      _id: `${ENTRY_PREFIX}${record._id}:*:${record._rev ?? 'unsaved'}:cloud`,
      recordId: record._id,
      field: '*',
      value: snapshot,
      source: 'cloud',
      reason: 'deleted_in_cloud',
      at: new Date().toISOString(),
    }
    await this.db.bulkDocs([entry] as never)
  }

  /** Lists a record's history, oldest first by id. */
  async list(recordId: string): Promise<HistoryEntry[]> {
    const prefix = `${ENTRY_PREFIX}${recordId}:`
    const page = await this.db.allDocs({ include_docs: true, startkey: prefix, endkey: `${prefix}\uffff` })
    return page.rows.map((row) => row.doc as unknown as HistoryEntry)
  }

  /** Deletes every history entry of a record, as an erasure does. Returns how many. */
  async removeAll(recordId: string): Promise<number> {
    const entries = await this.list(recordId)
    if (entries.length === 0) return 0
    await this.db.bulkDocs(entries.map((entry) => ({ _id: entry._id, _rev: entry._rev, _deleted: true })) as never)
    return entries.length
  }
}
