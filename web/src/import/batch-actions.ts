import type { Batch } from './import-api'

/** Actions that the import history offers for a batch. */
export interface BatchActions {
  /** Show its progress below the list. */
  follow: boolean
  download: boolean
  /** Show the undo button, which is enabled only while the batch is `done` or `failed`. */
  undo: boolean
  remove: boolean
}

/**
 * Returns the actions that the history shows for a batch in `status`. The edge undoes `done`
 * and `failed` batches, and the button stays, disabled, while and after the undo runs, as on
 * the Import page. The edge deletes `uploaded`, `failed` and `undone` batches. Rejected rows
 * remain until the batch is deleted, but an upload that never ran has none.
 */
export function actionsFor(status: Batch['status']): BatchActions {
  return {
    follow: status === 'queued' || status === 'running',
    download: status === 'done' || status === 'failed' || status === 'undone',
    undo: status === 'done' || status === 'failed' || status === 'undoing' || status === 'undone',
    remove: status === 'uploaded' || status === 'failed' || status === 'undone',
  }
}
