import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ApiClient, ApiResponse } from '../../testing/api-client'

/** Repository root, for reading the sample data next to it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
export const SAMPLE_DATA = path.resolve(REPO_ROOT, '../shared/data')
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')

/** Returns the header and the first `rows` rows of the sample customers file as CSV text. */
export function sampleCustomersCsv(rows: number): string {
  const text = fs.readFileSync(path.join(SAMPLE_DATA, 'customers/customers-10000.csv'), 'utf8')
  return `${text.split('\n').slice(0, rows + 1).join('\n')}\n`
}

/** Uploads file bytes as an import of `plural`. */
export function uploadFile(api: ApiClient, content: string | Uint8Array, plural = 'contacts', fileName = 'file.csv'): Promise<ApiResponse> {
  const body = typeof content === 'string' ? new TextEncoder().encode(content) : content
  return api.post(`/api/imports?type=${plural}&fileName=${encodeURIComponent(fileName)}`, body, { 'content-type': 'application/octet-stream' })
}

/** Uploads and previews a file, and returns the batch id and a run body with the suggested mapping. */
export async function prepareBatch(api: ApiClient, content: string, settings: Record<string, unknown> = {}) {
  const uploaded = await uploadFile(api, content)
  if (uploaded.status !== 201) throw new Error(`upload failed: ${uploaded.status} ${JSON.stringify(uploaded.body)}`)
  const batchId = uploaded.body.batchId as string
  const preview = await api.post(`/api/imports/${batchId}/preview`, {})
  const columns = (preview.body.columns as { column: number; field: string | null; dateFormat?: string }[]).map((column) => ({
    column: column.column,
    field: column.field,
    dateFormat: column.dateFormat,
  }))
  return { batchId, body: { columns, settings } }
}

/** Polls a batch until it is no longer queued or running and returns it. */
export async function waitForBatch(api: ApiClient, batchId: string): Promise<any> {
  for (;;) {
    const response = await api.get(`/api/imports/${batchId}`)
    if (response.status !== 200) throw new Error(`reading batch ${batchId} failed: ${response.status}`)
    if (response.body.status !== 'running' && response.body.status !== 'queued') return response.body
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Uploads, previews and runs a file with the suggested mapping and `settings`; returns the finished batch. */
export async function importFile(api: ApiClient, content: string | Uint8Array, options: { plural?: string; settings?: Record<string, unknown>; choice?: Record<string, unknown>; fields?: Record<string, string | null> } = {}) {
  const uploaded = await uploadFile(api, content, options.plural)
  if (uploaded.status !== 201) throw new Error(`upload failed: ${uploaded.status} ${JSON.stringify(uploaded.body)}`)
  const batchId = uploaded.body.batchId as string
  const preview = await api.post(`/api/imports/${batchId}/preview`, options.choice ?? {})
  if (preview.status !== 200) throw new Error(`preview failed: ${preview.status} ${JSON.stringify(preview.body)}`)
  const columns = (preview.body.columns as { column: number; header: string; field: string | null; dateFormat?: string }[]).map((column) => ({
    column: column.column,
    field: options.fields && column.header in options.fields ? options.fields[column.header] : column.field,
    dateFormat: column.dateFormat,
  }))
  const run = await api.post(`/api/imports/${batchId}/run`, { columns, settings: options.settings ?? {} })
  if (run.status !== 202) throw new Error(`run failed: ${run.status} ${JSON.stringify(run.body)}`)
  return { batchId, preview: preview.body, batch: await waitForBatch(api, batchId), columns }
}
