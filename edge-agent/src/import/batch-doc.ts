import type { EntityType, ErrorParams } from '@enclave/shared'
import type { RecordScope } from '@enclave/shared/auth/index'
import type { ColumnMapping, ImportSettings, RowProblem } from '@enclave/shared/import/index'
import type { FileInfo, ReadChoice } from './import-file'

/**
 * State of a batch. `queued` batches wait for the batch before them to finish, because batches
 * run one at a time. `queued`, `running` and `undoing` batches resume when the edge starts.
 * `deleted` batches have had their file and rows removed.
 */
export type BatchStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed' | 'undoing' | 'undone' | 'deleted'

/** Why a batch was deleted: an import user's request, an upload that expired, or a person's erasure. */
export type BatchDeleteReason = 'request' | 'expired' | 'erasure'

/** Rows by outcome. */
export interface BatchCounts {
  created: number
  updated: number
  skipped: number
  failed: number
  /** Companies created for names that matched none. */
  companiesCreated: number
}

/** One import: the uploaded file, how to read and map it, and how far it has come. */
export interface BatchDoc {
  _id: string
  _rev?: string
  batchId: string
  type: EntityType
  status: BatchStatus
  createdAt: string
  /** User who uploaded the file, then the user who started the run. */
  createdBy: string
  /**
   * Record scope of the signed-in user who started the run. With `own`, the run matches and
   * updates only records that user owns. Command-line runs have none and assign no owner.
   */
  recordScope?: RecordScope
  /** User who requested the undo. A resumed undo runs on their behalf. */
  undoneBy?: string
  updatedAt: string
  fileName: string
  /** Stored file, relative to the edge's data folder. */
  filePath: string
  sha256: string
  file: FileInfo
  choice?: ReadChoice
  /** Column names of the file, as read with `choice`. */
  headers?: string[]
  columns?: ColumnMapping[]
  settings?: ImportSettings
  /** Id prefix of the records the batch creates (see batch-ids.ts). */
  idPrefix: string
  /** Data rows done, counting from the first row after the header; the batch resumes after them. */
  rowsDone: number
  /** Chunks whose writes are complete. */
  chunksDone: number
  counts: BatchCounts
  startedAt?: string
  finishedAt?: string
  /** Time of deletion. */
  deletedAt?: string
  /** User id that deleted the batch, or `system` when its upload expired. */
  deletedBy?: string
  error?: { code: string; message: string; params?: ErrorParams }
}

/** A record a chunk updated: its values before and after, so undo can restore it. */
export interface UpdateJournalEntry {
  id: string
  type: EntityType
  /** Field values before the import; null where the field was empty. */
  previous: Record<string, unknown>
  /** Field values the import wrote; undo restores a field only while it still has this value. */
  written: Record<string, unknown>
}

/** A rejected row kept for the report. */
export interface RejectedRow {
  row: number
  cells: string[]
  reason: string
}

/**
 * The outcome of one chunk of rows, written before the chunk's records are, so that a crash
 * between the two replays the chunk with the same journal.
 */
export interface ChunkDoc {
  _id: string
  _rev?: string
  batchId: string
  chunk: number
  counts: BatchCounts
  updates: UpdateJournalEntry[]
  rejected: RejectedRow[]
}

export const emptyCounts = (): BatchCounts => ({ created: 0, updated: 0, skipped: 0, failed: 0, companiesCreated: 0 })

export const batchDocId = (batchId: string) => `import-batch:${batchId}`
export const chunkDocId = (batchId: string, chunk: number) => `import-chunk:${batchId}:${String(chunk).padStart(8, '0')}`

/** First problems of a dry run or run, for the API; the full list is in the rejected-rows report. */
export interface ProblemSample {
  problems: RowProblem[]
  truncated: boolean
}
