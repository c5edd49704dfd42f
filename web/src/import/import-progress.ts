import type { Batch } from './import-api'

/**
 * Highest bar value shown while a batch runs. The share of the file read reaches 1 before the
 * last chunk is stored, so the bar stays short of full until the batch reports `done`.
 */
const MAX_RUNNING_VALUE = 0.99

/** Time between two requests for the state of a batch that is under way. */
export const POLL_MS = 500

/** Returns whether a batch waits in the run queue or runs, so its figures still change. */
export function isUnderWay(batch: Pick<Batch, 'status'>): boolean {
  return batch.status === 'queued' || batch.status === 'running'
}

/** Figures for the progress bar and the text beside it. */
export interface ProgressSummary {
  /** Bar value from 0 to 1, or undefined for an indeterminate bar. */
  value: number | undefined
  rowsDone: number
  /** Estimated row count of the file, when the share read is known. */
  expectedRows?: number
  rowsPerSecond?: number
  /** Rows rejected so far. */
  failed: number
}

/**
 * Summarises the progress of a batch. A finished batch shows a full bar. A running CSV batch
 * shows the share of the file read and estimates the row count from it. A running workbook
 * has no share, so its bar is indeterminate.
 */
export function summariseProgress(batch: Batch, finished: boolean): ProgressSummary {
  const progress = batch.progress
  const rowsDone = progress?.rowsDone ?? batch.rowsDone ?? 0
  const failed = progress?.counts.failed ?? batch.counts?.failed ?? 0
  if (finished) return { value: 1, rowsDone, failed }

  const rowsPerSecond = progress?.rowsPerSecond || undefined
  const fraction = progress?.fraction
  if (fraction === undefined || fraction <= 0) return { value: undefined, rowsDone, rowsPerSecond, failed }
  return {
    value: Math.min(fraction, MAX_RUNNING_VALUE),
    rowsDone,
    expectedRows: Math.max(rowsDone, Math.round(rowsDone / Math.min(fraction, 1))),
    rowsPerSecond,
    failed,
  }
}
