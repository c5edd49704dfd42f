import { ApiError } from '@enclave/shared'
import type { EdgeContext } from '../context'

const ENROLMENT_ID = 'sync:enrolment'

/** The site's enrolment with a cloud, kept in `meta`. */
export interface Enrolment {
  cloudUrl: string
  enrolledAt: string
}

export async function readEnrolment(context: EdgeContext): Promise<Enrolment | undefined> {
  try {
    const doc = (await context.databases.meta.get(ENROLMENT_ID)) as unknown as Enrolment
    return { cloudUrl: doc.cloudUrl, enrolledAt: doc.enrolledAt }
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined
    throw error
  }
}

async function saveEnrolment(context: EdgeContext, enrolment: Enrolment): Promise<void> {
  const { meta } = context.databases
  let rev: string | undefined
  try {
    rev = ((await meta.get(ENROLMENT_ID)) as { _rev: string })._rev
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error
  }
  await meta.put({ _id: ENROLMENT_ID, _rev: rev, ...enrolment } as never)
}

async function readCloudError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } }
    return body.error?.message ?? `status ${response.status}`
  } catch {
    return `status ${response.status}`
  }
}

/**
 * Registers the site's public key with the cloud using a one-time enrolment code, then stores
 * the cloud URL. The code is the credential, so it is neither logged nor stored.
 */
export async function enrolSite(context: EdgeContext, cloudUrl: string, enrolmentCode: string): Promise<Enrolment> {
  const { siteId } = context.config
  const { siteSigningPublicJwk, siteKeyId } = context.secrets
  const url = `${cloudUrl.replace(/\/+$/, '')}/api/sites/${encodeURIComponent(siteId)}/enrol`

  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: enrolmentCode, publicJwk: siteSigningPublicJwk, kid: siteKeyId }),
    })
  } catch (error) {
    const detail = (error as Error).message
    throw new ApiError(502, 'cloud_unreachable', `the cloud at ${cloudUrl} could not be reached (${detail}); check the URL and the network`).withParams({
      reason: 'enrolment',
      url: cloudUrl,
      detail,
    })
  }
  if (!response.ok) {
    const message = await readCloudError(response)
    const code = response.status === 404 ? 'site_unknown' : 'enrolment_rejected'
    throw new ApiError(response.status >= 500 ? 502 : 400, code, `the cloud rejected the enrolment of site '${siteId}': ${message}`).withParams({ siteId, detail: message })
  }

  const enrolment: Enrolment = { cloudUrl: cloudUrl.replace(/\/+$/, ''), enrolledAt: new Date().toISOString() }
  await saveEnrolment(context, enrolment)
  context.logger.info({ cloudUrl: enrolment.cloudUrl }, 'site enrolled')
  return enrolment
}
