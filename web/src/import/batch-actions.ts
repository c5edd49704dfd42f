import type { Batch } from './import-api'

/** Actions that the import history offers for a batch. */
export interface BatchActions {
  /** Show its progress and poll it until it ends. */
  follow: boolean
  download: boolean
  /** Show the undo button, which is enabled only while the batch is `done` or `failed`. */
  undo: boolean
  remove: boolean
}

/**
 * Maximum number of batches that the history lists. `GET /api/imports` returns every batch
 * without paging, so for a site with more the page shows the newest ones and the total.
 */
export const MAX_LISTED_BATCHES = 100

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

/** Returns the batches the history lists: not deleted, newest first as the API sorts them. */
export function listedBatches(batches: Batch[]): Batch[] {
  return batches.filter((batch) => batch.status !== 'deleted').slice(0, MAX_LISTED_BATCHES)
}
