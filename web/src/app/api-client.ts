import type { AllowedFieldSet } from '@enclave/shared/policy/allowed-fields'
import type { ListPage, MetaResponse } from '@enclave/shared/api'
import { request } from '../pages/reports/request'

/** A record as either tier returns it: fields plus system keys. */
export interface RecordDoc {
  _id: string
  _rev?: string
  type: string
  createdAt?: string
  updatedAt?: string
  /** Cloud only: how each shown field was reduced before it left the site. */
  residency?: Record<string, 'mask' | 'pseudonym' | 'generalize'>
  [field: string]: unknown
}

/** Parameters of a list request, the same at both tiers. */
export interface ListParams {
  q?: string
  sort?: string
  limit?: number
  offset?: number
  /** `field` or `field.op` -> value, sent as `filter.<key>`. */
  filters?: Record<string, string>
  /** Edge only: field whose values group every matching record in the response's `groups`. */
  groupBy?: string
  /** Edge only, with `groupBy`: number field summed per group. */
  sum?: string
}

/** `GET /api/sync/status` at the edge. */
export interface SyncStatus {
  state: 'not_enrolled' | 'connecting' | 'connected' | 'offline' | 'error'
  cloudUrl?: string
  lastSuccessAt?: string
  pendingPush?: number
  pendingPull?: number
  lastError?: string
}

const SITE_KEY = 'enclave.cloudSite'

/**
 * Lifecycle of a cloud site, as `GET /api/sites` returns it: created with an enrolment code
 * (`pending`), enrolled by its edge agent, or revoked by a cloud admin.
 */
export type SiteStatus = 'pending' | 'enrolled' | 'revoked'

/** A cloud site as the site selector needs it. */
export interface SiteSummary {
  siteId: string
  status: SiteStatus
}

/** Tier serving the app, and at the cloud the site it shows. */
export interface TierInfo {
  tier: 'edge' | 'cloud'
  siteId?: string
  /** Ids of the cloud sites the user may reach, in any status. */
  sites: string[]
  /** Status of each cloud site, by site id. */
  siteStatuses?: Record<string, SiteStatus>
}

/**
 * Picks the cloud site to show: the one chosen last unless it is pending, else the first
 * enrolled site, else the first revoked one, whose records stay readable. A pending site has
 * no records until its edge agent enrols, so it is never picked.
 */
export function pickCloudSite(sites: readonly SiteSummary[], chosen: string | null): string | undefined {
  const readable = sites.filter((site) => site.status !== 'pending')
  if (chosen && readable.some((site) => site.siteId === chosen)) return chosen
  const enrolled = readable.find((site) => site.status === 'enrolled')
  return (enrolled ?? readable[0])?.siteId
}

/** Reads the tier and, at the cloud, the sites with their status and the one to show. */
export async function loadTier(): Promise<TierInfo> {
  const meta = await request<MetaResponse>('GET', '/api/meta')
  if (meta.tier === 'edge') return { tier: 'edge', siteId: meta.siteId, sites: [] }

  const { items } = await request<{ items: SiteSummary[] }>('GET', '/api/sites')
  const siteStatuses = Object.fromEntries(items.map((site) => [site.siteId, site.status]))
  const siteId = pickCloudSite(items, localStorage.getItem(SITE_KEY))
  return { tier: 'cloud', siteId, sites: items.map((site) => site.siteId), siteStatuses }
}

/** Remembers the cloud site to show. */
export function chooseCloudSite(siteId: string): void {
  localStorage.setItem(SITE_KEY, siteId)
}

function query(params: ListParams): string {
  const search = new URLSearchParams()
  if (params.q) search.set('q', params.q)
  if (params.sort) search.set('sort', params.sort)
  if (params.limit !== undefined) search.set('limit', String(params.limit))
  if (params.offset) search.set('offset', String(params.offset))
  if (params.groupBy) search.set('groupBy', params.groupBy)
  if (params.sum) search.set('sum', params.sum)
  for (const [key, value] of Object.entries(params.filters ?? {})) {
    if (value !== '') search.set(`filter.${key}`, value)
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

/**
 * Record calls that hide where the records live: `/api/<plural>` at the edge,
 * `/api/sites/:siteId/<plural>` at the cloud.
 */
export function createRecordApi(tier: TierInfo) {
  const base = tier.tier === 'edge' ? '/api' : `/api/sites/${encodeURIComponent(tier.siteId ?? '')}`
  const one = (plural: string, id: string) => `${base}/${plural}/${encodeURIComponent(id)}`

  return {
    tier,
    list: (plural: string, params: ListParams = {}) =>
      request<ListPage<RecordDoc>>('GET', `${base}/${plural}${query(params)}`),
    get: (plural: string, id: string) => request<RecordDoc>('GET', one(plural, id)),
    create: (plural: string, fields: Record<string, unknown>) =>
      request<RecordDoc>('POST', `${base}/${plural}`, fields),
    update: (plural: string, id: string, fields: Record<string, unknown>) =>
      request<RecordDoc>('PATCH', one(plural, id), fields),
    remove: (plural: string, id: string) => request<unknown>('DELETE', one(plural, id)),
    /** The site's newest published allowed field set; only meaningful at the cloud. */
    policy: () =>
      request<{ allowed: AllowedFieldSet }>('GET', `${base}/policy`).then((published) => published.allowed),
    syncStatus: () => request<SyncStatus>('GET', '/api/sync/status'),
    /**
     * URL that downloads every record of the list as CSV or XLSX with the same search, sort and
     * filters: `/api/exports/<plural>` at the edge, `/api/sites/:siteId/exports/<plural>` at the cloud.
     */
    exportUrl: (plural: string, params: ListParams, format: 'csv' | 'xlsx' = 'csv') => {
      const rest = query({ ...params, limit: undefined, offset: undefined }).slice(1)
      return `${base}/exports/${plural}?format=${format}${rest ? `&${rest}` : ''}`
    },
  }
}

/** The record API of the running app. */
export type RecordApi = ReturnType<typeof createRecordApi>
