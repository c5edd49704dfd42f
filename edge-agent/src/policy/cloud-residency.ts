import { ApiError, type CloudErasureReport, type ResidencyAuditReport, type ResidencyPurgeReport } from '@enclave/shared'
import type { EdgeContext } from '../context'
import { signSiteToken } from '../sync/site-token'

/** Maximum wait for a cloud purge or audit, in ms; a purge of a large site takes minutes. */
const CLOUD_RESIDENCY_TIMEOUT_MS = 30 * 60_000

async function callCloud<T>(
  context: EdgeContext,
  cloudUrl: string,
  action: 'audit' | 'purge' | 'erase',
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  const { siteId } = context.config
  const url = `${cloudUrl}/api/sites/${encodeURIComponent(siteId)}/residency/${action}`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await signSiteToken(siteId, context.secrets)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(CLOUD_RESIDENCY_TIMEOUT_MS)]) : AbortSignal.timeout(CLOUD_RESIDENCY_TIMEOUT_MS),
    })
  } catch (error) {
    const detail = (error as Error).message
    throw new ApiError(502, 'cloud_unreachable', `the cloud at ${cloudUrl} could not be reached (${detail}); check the network and try again`).withParams({ url: cloudUrl, detail })
  }

  if (!response.ok) {
    const text = await response.text()
    let message = text.slice(0, 300)
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message
    } catch {
      // The body is not JSON; keep its first characters.
    }
    const code = action === 'audit' ? 'cloud_audit_failed' : action === 'purge' ? 'cloud_purge_failed' : 'cloud_erase_failed'
    throw new ApiError(502, code, `the cloud's residency ${action} failed with status ${response.status}: ${message}`).withParams({ status: response.status, detail: message })
  }
  return (await response.json()) as T
}

/** Requests a cloud audit of every revision stored for this site, searching for the canaries. */
export function requestCloudAudit(context: EdgeContext, cloudUrl: string, canaries: string[] = [], signal?: AbortSignal): Promise<ResidencyAuditReport> {
  return callCloud(context, cloudUrl, 'audit', { canaries }, signal)
}

/**
 * Requests that the cloud remove, from every revision, the values the newest published policy
 * no longer allows. The cloud audits right after and returns both reports.
 */
export function requestCloudPurge(context: EdgeContext, cloudUrl: string, signal?: AbortSignal): Promise<{ purge: ResidencyPurgeReport; audit: ResidencyAuditReport }> {
  return callCloud(context, cloudUrl, 'purge', { canaries: [] }, signal)
}

/** Requests that the cloud delete every revision of the documents erased at the edge, then compact. */
export function requestCloudErasure(context: EdgeContext, cloudUrl: string, ids: string[], signal?: AbortSignal): Promise<CloudErasureReport> {
  return callCloud(context, cloudUrl, 'erase', { ids }, signal)
}
