/**
 * Batch-level audit entries of imports. The records a batch writes get their own
 * `record.create` and `record.update` entries, so these entries record who ran which batch,
 * with which field mapping and outcome. They contain field names and counts, never values,
 * headers or the file name, because all three can contain personal data.
 */
import type { AuditEntryInput } from '../audit/audit-hash'
import type { BatchDeleteReason, BatchDoc } from './batch-doc'
import type { UndoResult } from './undo-batch'

/** Lists the fields that the batch's columns are mapped to, sorted and without repeats. */
export function mappedFields(batch: BatchDoc): string[] {
  const fields = (batch.columns ?? []).flatMap((column) => (column.field ? [column.field] : []))
  return [...new Set(fields)].sort()
}

function batchCounts(batch: BatchDoc) {
  const { created, updated, skipped, failed, companiesCreated } = batch.counts
  return { created, updated, skipped, failed, companiesCreated }
}

/** Builds the `import.upload` entry: batch id, type and file size in bytes. */
export function uploadEntry(batch: BatchDoc, bytes: number, address?: string): AuditEntryInput {
  return { action: 'import.upload', user: batch.createdBy, address, detail: { batchId: batch.batchId, type: batch.type, bytes } }
}

/** Builds the `import.run` entry of a batch that ended `done` or `failed`, with its counts. */
export function runEntry(batch: BatchDoc, status: 'done' | 'failed', address?: string): AuditEntryInput {
  return {
    action: 'import.run',
    user: batch.createdBy,
    fields: mappedFields(batch),
    address,
    detail: { batchId: batch.batchId, type: batch.type, status, rows: batch.rowsDone, ...batchCounts(batch) },
  }
}

/** Builds the `import.undo` entry: the batch's import counts and what the undo changed. */
export function undoEntry(batch: BatchDoc, result: UndoResult, user: string, address?: string): AuditEntryInput {
  return {
    action: 'import.undo',
    user,
    fields: mappedFields(batch),
    address,
    detail: { batchId: batch.batchId, type: batch.type, ...batchCounts(batch), ...result },
  }
}

/**
 * Builds the `import.download_rejected` entry of a rejected-rows download. The download
 * contains the rows' cells, which can be personal data, so it is recorded as an export is.
 */
export function rejectedDownloadEntry(batch: BatchDoc, rows: number, user: string, address?: string): AuditEntryInput {
  return {
    action: 'import.download_rejected',
    user,
    address,
    detail: { batchId: batch.batchId, type: batch.type, rows, dryRun: batch.status === 'uploaded' },
  }
}

/** Builds the `import.delete` entry: the status the batch had and why it was deleted. */
export function deleteEntry(batch: BatchDoc, reason: BatchDeleteReason, user: string, address?: string): AuditEntryInput {
  return {
    action: 'import.delete',
    user,
    address,
    detail: { batchId: batch.batchId, type: batch.type, status: batch.status, reason },
  }
}
