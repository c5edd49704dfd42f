import type { ErrorParams } from '@enclave/shared/api'
import type { FieldDef } from '@enclave/shared/entities/fields'
import type { ImpactPreview } from '@enclave/shared/policy/impact'
import type { PolicyVersion, PolicyVersionSummary } from '@enclave/shared/policy/policy-version'
import type { AttestationView, ResidencyAuditReport } from '@enclave/shared/policy/residency-report'
import type { ResidencyPolicy } from '@enclave/shared/policy/types'
import type { PolicyDraft, PolicyError } from '@enclave/shared/policy/validate-policy'
import { fetchOrFail } from '../../app/network-error'
import { readResponseFailure } from '../../app/response-failure'

/** An API failure with the server's code, message and per-field details. */
export class PolicyApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: PolicyError[] = [],
    readonly params?: ErrorParams,
  ) {
    super(message)
  }
}

export interface PolicyResponse {
  policy: ResidencyPolicy
  fields: Record<string, FieldDef[]>
}

export type { PolicyVersion, PolicyVersionSummary }
export type AttestationResponse = AttestationView

function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)enclave_csrf=([^;]+)/.exec(document.cookie)
  return match?.[1] ? decodeURIComponent(match[1]) : undefined
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  const token = csrfToken()
  if (token && method !== 'GET') headers['x-csrf-token'] = token

  const response = await fetchOrFail(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
  const text = await response.text()
  if (!response.ok) {
    const failure = readResponseFailure(response.status, text)
    const details = Array.isArray(failure.details) ? (failure.details as PolicyError[]) : []
    throw new PolicyApiError(response.status, failure.code, failure.message, details, failure.params)
  }
  return (text ? JSON.parse(text) : undefined) as T
}

/** Calls of the residency policy editor to the edge's `/api/policy` routes. */
export const policyApi = {
  current: () => request<PolicyResponse>('GET', '/api/policy'),
  preview: (draft: PolicyDraft) => request<ImpactPreview>('POST', '/api/policy/preview', draft),
  save: (draft: PolicyDraft, baseVersion: number, note: string) =>
    request<PolicyVersion>('PUT', '/api/policy', { ...draft, baseVersion, note: note || undefined }),
  versions: () => request<{ items: PolicyVersionSummary[] }>('GET', '/api/policy/versions'),
  version: (version: number) => request<PolicyVersion>('GET', `/api/policy/versions/${version}`),
  restore: (version: number) => request<PolicyVersion>('POST', `/api/policy/versions/${version}/restore`),
  addCustomField: (type: string, label: string, kind: string) =>
    request<PolicyVersion>('POST', '/api/policy/custom-fields', { type, label, kind }),
  attestation: () => request<AttestationResponse>('GET', '/api/policy/attestation'),
  runAudit: () => request<AttestationResponse>('POST', '/api/policy/attestation', {}),
}

/** A site as `GET /api/sites` lists it, with the parts the audit page shows. */
export interface SiteSummary {
  siteId: string
  name: string
  status: string
  policyVersion?: number
}

/** Calls of the cloud's residency audit page. */
export const residencyApi = {
  sites: async () => (await request<{ items: SiteSummary[] }>('GET', '/api/sites')).items.filter((site) => site.status === 'enrolled'),
  latestAudit: (siteId: string) =>
    request<ResidencyAuditReport>('GET', `/api/sites/${encodeURIComponent(siteId)}/residency/audit`).catch((error: unknown) => {
      if (error instanceof PolicyApiError && error.status === 404) return null
      throw error
    }),
  runAudit: (siteId: string, canaries: string[]) =>
    request<ResidencyAuditReport>('POST', `/api/sites/${encodeURIComponent(siteId)}/residency/audit`, { canaries }),
}
