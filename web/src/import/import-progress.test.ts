import { describe, expect, it } from 'vitest'
import type { Batch, BatchCounts } from './import-api'
import { summariseProgress } from './import-progress'

const COUNTS: BatchCounts = { created: 3990, updated: 0, skipped: 5, failed: 5 }

function runningBatch(format: 'csv' | 'xlsx', fraction?: number): Batch {
  return {
    batchId: '01J0000000000000000000000B',
    status: 'running',
    file: { format },
    rowsDone: 4000,
    counts: COUNTS,
    progress: { rowsDone: 4000, rowsPerSecond: 9500, counts: COUNTS, fraction },
  }
}

describe('summariseProgress', () => {
  it('estimates the row count of a CSV file', () => {
    const summary = summariseProgress(runningBatch('csv', 0.4), false)
    expect(summary.value).toBe(0.4)
    expect(summary.expectedRows).toBe(10000)
    expect(summary.rowsDone).toBe(4000)
  })

  it('keeps the bar short of full while running', () => {
    const summary = summariseProgress(runningBatch('csv', 1), false)
    expect(summary.value).toBeLessThan(1)
  })

  it('shows a workbook as indeterminate', () => {
    const summary = summariseProgress(runningBatch('xlsx'), false)
    expect(summary.value).toBeUndefined()
    expect(summary.expectedRows).toBeUndefined()
    expect(summary.rowsPerSecond).toBe(9500)
  })

  it('counts rejected rows so far', () => {
    expect(summariseProgress(runningBatch('xlsx'), false).failed).toBe(5)
  })

  it('fills the bar once finished', () => {
    const { progress, ...done } = runningBatch('csv', 0.4)
    const summary = summariseProgress({ ...done, status: 'done' }, true)
    expect(summary.value).toBe(1)
    expect(summary.rowsDone).toBe(4000)
  })

  it('shows a run without progress yet as indeterminate', () => {
    const summary = summariseProgress({ batchId: 'b', status: 'running', file: { format: 'csv' } }, false)
    expect(summary.value).toBeUndefined()
    expect(summary.rowsDone).toBe(0)
  })
})
