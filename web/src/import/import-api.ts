import type { ErrorParams } from '@enclave/shared/api'
import type { EntityType } from '@enclave/shared/entities/fields'
import type { DateFormat } from '@enclave/shared/import/date-format'
import type { ErrorReport } from '../app/error-text'
import { fetchOrFail } from '../app/network-error'
import { readResponseFailure } from '../app/response-failure'
import { readCsrfToken } from '../pages/auth/auth-api'
import { request, RequestError } from '../pages/reports/request'

/** Row counts of a run by outcome, or the counts a dry run predicts. */
export interface BatchCounts {
  created: number
  updated: number
  skipped: number
  failed: number
  companiesCreated?: number
}

/** Live figures of a running batch; `fraction` (share of the file read) exists for CSV only. */
export interface RunProgress {
  rowsDone: number
  rowsPerSecond: number
  counts: BatchCounts
  fraction?: number
}

/** An import batch as `GET /api/imports/:id` returns it. */
export interface Batch {
  batchId: string
  type?: EntityType
  status: 'uploaded' | 'queued' | 'running' | 'done' | 'failed' | 'undoing' | 'undone' | 'deleted'
  /** Place in the run queue while `queued`: 1 for the next batch to run. */
  queuePosition?: number
  fileName?: string
  file: { format: 'csv' | 'xlsx'; encoding?: string; sheets?: { name: string }[] }
  counts?: BatchCounts
  progress?: RunProgress
  rowsDone?: number
  createdAt?: string
  startedAt?: string
  finishedAt?: string
  /** User id of the uploader, then of the user who started the run. */
  createdBy?: string
  /** Display name, or else user name, of the `createdBy` account. */
  createdByName?: string
  /** Present when `createdBy` is a user whose account no longer exists. */
  createdByDeleted?: true
  error?: ErrorReport
}

/** One page of `GET /api/imports`, newest first, without deleted batches. */
export interface BatchPage {
  items: Batch[]
  /** Batches on all pages. */
  total: number
  limit: number
  offset: number
}

/** A column of the file with its suggested or chosen target. */
export interface Column {
  column: number
  header: string
  field: string | null
  dateFormat?: DateFormat
  /** Present for date columns; `ambiguous` means the user must pick one of `candidates`. */
  dateDetection?: { ambiguous: boolean; candidates: DateFormat[] }
}

/** A rejected row of a dry run or run. */
export interface Problem {
  row: number
  column?: string
  value?: string
  code: string
  message: string
  params?: ErrorParams
}

export interface PreviewResult {
  batch: Batch
  columns: Column[]
  sampleRows: string[][]
  /** A finished batch of a file with the same bytes, or null. */
  earlierBatchId: string | null
}

export interface DryRunResult {
  counts: BatchCounts
  rowsDone: number
  problems: Problem[]
  /** True when the run found more problems than `problems` lists. */
  problemsTruncated: boolean
}

export interface UndoResult {
  removed: number
  restored: number
  /** Fields left alone because someone changed them after the import. */
  keptNewerEdits: number
}

/** A column mapping saved under a name, applied to later files by column name. */
export interface SavedMapping {
  id: string
  name: string
  type: EntityType
  columns: { header: string; field: string | null; dateFormat?: DateFormat }[]
  settings?: Record<string, unknown>
}

/** File read choices that a preview takes. */
export interface ReadChoice {
  sheet?: string
  headerRow: number
  encoding?: string
  mappingId?: string
}

/** Returns the worksheet names of an uploaded workbook, or an empty list for a CSV file. */
export function sheetNames(batch: Pick<Batch, 'file'>): string[] {
  return (batch.file.sheets ?? []).map((sheet) => sheet.name)
}

/** Uploads a file as a new import batch of `plural` records; a failure throws a RequestError. */
async function uploadFile(plural: string, file: File): Promise<Batch> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' }
  const token = readCsrfToken()
  if (token) headers['x-csrf-token'] = token

  const url = `/api/imports?type=${plural}&fileName=${encodeURIComponent(file.name)}`
  const response = await fetchOrFail(url, { method: 'POST', body: file, headers, credentials: 'same-origin' })
  const text = await response.text()
  if (!response.ok) {
    const failure = readResponseFailure(response.status, text)
    throw new RequestError(response.status, failure.code, failure.message, failure.details, failure.params)
  }
  return JSON.parse(text) as Batch
}

export const importApi = {
  upload: uploadFile,
  preview: (batchId: string, choice: ReadChoice) => request<PreviewResult>('POST', `/api/imports/${batchId}/preview`, choice),
  dryRun: (batchId: string, body: unknown) => request<DryRunResult>('POST', `/api/imports/${batchId}/dry-run`, body),
  run: (batchId: string, body: unknown) => request<Batch>('POST', `/api/imports/${batchId}/run`, body),
  get: (batchId: string) => request<Batch>('GET', `/api/imports/${batchId}`),
  list: (limit: number, offset: number) => request<BatchPage>('GET', `/api/imports?limit=${limit}&offset=${offset}`),
  remove: (batchId: string) => request<Batch>('DELETE', `/api/imports/${batchId}`),
  undo: (batchId: string) => request<UndoResult>('POST', `/api/imports/${batchId}/undo`, {}),
  listMappings: () => request<{ items: SavedMapping[] }>('GET', '/api/imports/mappings').then((list) => list.items),
  saveMapping: (mapping: Omit<SavedMapping, 'id'>) => request<SavedMapping>('POST', '/api/imports/mappings', mapping),
  deleteMapping: (id: string) => request<unknown>('DELETE', `/api/imports/mappings/${encodeURIComponent(id)}`),
  rejectedUrl: (batchId: string) => `/api/imports/${batchId}/rejected`,
}
