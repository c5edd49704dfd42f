import { fetchOrFail } from '../../app/network-error'
import { readResponseFailure } from '../../app/response-failure'
import { RequestError } from '../reports/request'

/** One audit entry as `GET /api/audit` returns it. */
export interface AuditEntryView {
  _id: string
  seq: number
  time: string
  action: string
  user: string
  recordIds: string[]
  fields: string[]
  address: string
  detail: Record<string, string | number | boolean>
  prevHash: string
  hash: string
}

/** Filters of the audit log viewer; empty strings mean "any". */
export interface AuditFilters {
  user: string
  action: string
  recordId: string
  /** `datetime-local` input values, read as local time. */
  from: string
  to: string
}

export interface AuditPage {
  items: AuditEntryView[]
  total: number
  limit: number
  offset: number
}

export interface AuditVerificationView {
  ok: boolean
  checked: number
  brokenLink?: BrokenLinkView
}

/** The first broken link of the audit chain, with the values of its message when the server sends them. */
export interface BrokenLinkView {
  seq: number
  id: string
  reason: string
  message: string
  params?: Record<string, string | number>
}

export const EMPTY_FILTERS: AuditFilters = { user: '', action: '', recordId: '', from: '', to: '' }

/** Builds the query string for the filters and page; times become ISO 8601 in UTC. */
export function auditQuery(filters: AuditFilters, page: { limit?: number; offset?: number } = {}): string {
  const params = new URLSearchParams()
  for (const name of ['user', 'action', 'recordId'] as const) {
    const value = filters[name].trim()
    if (value) params.set(name, value)
  }
  for (const name of ['from', 'to'] as const) {
    if (!filters[name]) continue
    const time = new Date(filters[name])
    if (!Number.isNaN(time.getTime())) params.set(name, time.toISOString())
  }
  if (page.limit !== undefined) params.set('limit', String(page.limit))
  if (page.offset !== undefined) params.set('offset', String(page.offset))
  return params.toString()
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetchOrFail(path, { credentials: 'same-origin' })
  const text = await response.text()
  if (!response.ok) {
    const failure = readResponseFailure(response.status, text)
    throw new RequestError(response.status, failure.code, failure.message, undefined, failure.params)
  }
  return JSON.parse(text) as T
}

/** Calls to the edge's `/api/audit` routes. */
export const auditApi = {
  list: (filters: AuditFilters, limit: number, offset: number) => getJson<AuditPage>(`/api/audit?${auditQuery(filters, { limit, offset })}`),
  verify: () => getJson<AuditVerificationView>('/api/audit/verify'),
  exportUrl: (filters: AuditFilters, format: 'csv' | 'json') => `/api/audit/export?${auditQuery(filters)}&format=${format}`,
}
