import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { EntityType, FieldDef } from '@enclave/shared'
import { cleanRow, compileCleanPlan, type CleanedRow, type ColumnMapping, type ImportSettings } from '@enclave/shared/import/index'
import type { Logger } from '../log'

/** Inputs from which a thread compiles the batch's cleaning plan. */
export interface PlanInput {
  type: EntityType
  columns: readonly ColumnMapping[]
  settings: ImportSettings
  customFields: readonly FieldDef[]
}

/** A row to clean: its number in the file and its cells. */
export type RowToClean = readonly [row: number, cells: readonly string[]]

export interface CleanRequest {
  id: number
  rows: RowToClean[]
}

export type CleanResponse = { id: number; cleaned: CleanedRow[] } | { id: number; error: string }

/** Cleans rows of one batch, in order; `close` stops its thread, if any. */
export interface RowCleaner {
  /** Thread the rows are cleaned on. */
  readonly on: 'thread' | 'inline'
  clean(rows: RowToClean[]): Promise<CleanedRow[]>
  close(): Promise<void>
}

/** Cleans on the calling thread. */
export function inlineCleaner(input: PlanInput): RowCleaner {
  const plan = compileCleanPlan(input.type, input.columns, input.settings, input.customFields)
  return {
    on: 'inline',
    clean: async (rows) => rows.map(([row, cells]) => cleanRow(plan, cells, row)),
    close: async () => {},
  }
}

const THREAD_ENTRY = new URL('./clean-thread.mjs', import.meta.url)

/**
 * Cleaning threads alive at once: one core stays for the main thread's writes. Each thread
 * takes about 40 MB, so imports beyond the limit clean inline rather than add threads.
 */
export const MAX_CLEANING_THREADS = Math.max(1, os.availableParallelism() - 1)
let threadsInUse = 0

/** Returns a thread cleaner while fewer than `limit` are open, and an inline cleaner after that. */
export function openRowCleaner(input: PlanInput, logger?: Logger, limit = MAX_CLEANING_THREADS): RowCleaner {
  if (threadsInUse >= limit) return inlineCleaner(input)
  threadsInUse++
  const cleaner = new ThreadCleaner(input, logger)
  let open = true
  return {
    on: 'thread',
    clean: (rows) => cleaner.clean(rows),
    close: async () => {
      if (!open) return
      open = false
      threadsInUse--
      await cleaner.close()
    },
  }
}

/**
 * Cleans on a worker thread, so that a large import parses phone numbers and dates on one core
 * while the main thread stores the rows before them. When the thread fails to start or stops
 * during the batch, the remaining rows are cleaned on the calling thread. The result is the same,
 * only slower.
 */
export class ThreadCleaner implements RowCleaner {
  readonly on = 'thread'
  private readonly worker: Worker
  private readonly pending = new Map<number, { resolve(rows: CleanedRow[]): void; reject(error: Error): void; rows: RowToClean[] }>()
  private nextId = 0
  private fallback?: RowCleaner

  constructor(
    private readonly input: PlanInput,
    private readonly logger?: Logger,
    entry: URL = THREAD_ENTRY,
  ) {
    this.worker = new Worker(entry, { workerData: input })
    this.worker.on('message', (response: CleanResponse) => this.settle(response))
    this.worker.on('error', (error) => this.giveUp(error))
    this.worker.on('exit', (code) => this.giveUp(new Error(`the cleaning thread stopped with exit code ${code}`)))
  }

  clean(rows: RowToClean[]): Promise<CleanedRow[]> {
    if (this.fallback) return this.fallback.clean(rows)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, rows })
      this.worker.postMessage({ id, rows } satisfies CleanRequest)
    })
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit')
    await this.worker.terminate()
  }

  private settle(response: CleanResponse): void {
    const waiting = this.pending.get(response.id)
    if (!waiting) return
    this.pending.delete(response.id)
    if ('error' in response) waiting.reject(new Error(response.error))
    else waiting.resolve(response.cleaned)
  }

  /** Moves cleaning to this thread, including the chunks the worker had not returned. */
  private giveUp(error: Error): void {
    if (this.fallback) return
    this.logger?.warn({ err: error }, 'the import cleaning thread failed; cleaning continues on the main thread')
    this.fallback = inlineCleaner(this.input)
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id)
      this.fallback.clean(waiting.rows).then(waiting.resolve, waiting.reject)
    }
  }
}
