import crypto from 'node:crypto'
import type { JWK } from 'jose'
import { ApiError, type AllowedFieldSet } from '@enclave/shared'
import type { DocumentDatabase, Storage } from '../storage/types'
import { StorageError, siteDatabaseName } from '../storage/types'
import {
  policyDocumentId,
  policyVersionDocumentId,
  SITE_ID_PATTERN,
  siteDocumentId,
  type PublishedPolicyRecord,
  type SiteRecord,
  type SiteView,
} from './site-record'

/** An enrolment code is valid for 24 hours after it is issued. */
export const ENROLMENT_CODE_LIFETIME_MS = 24 * 60 * 60 * 1000

function hashCode(code: string): string {
  return crypto.createHash('sha256').update(code, 'utf8').digest('hex')
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && crypto.timingSafeEqual(new Uint8Array(left), new Uint8Array(right))
}

/** 20 random bytes (160 bits) in base64url, safe to paste into a URL or a shell. */
function newEnrolmentCode(): string {
  return crypto.randomBytes(20).toString('base64url')
}

function toView(site: SiteRecord, policyVersion?: number): SiteView {
  const view: SiteView = { siteId: site.siteId, name: site.name, status: site.status, createdAt: site.createdAt }
  if (site.enrolledAt) view.enrolledAt = site.enrolledAt
  if (site.revokedAt) view.revokedAt = site.revokedAt
  if (site.kid) view.kid = site.kid
  if (site.status === 'pending' && site.enrolmentCodeExpiresAt) view.enrolmentCodeExpiresAt = site.enrolmentCodeExpiresAt
  if (policyVersion !== undefined) view.policyVersion = policyVersion
  return view
}

function checkPublicJwk(publicJwk: unknown): JWK {
  if (typeof publicJwk !== 'object' || publicJwk === null || Array.isArray(publicJwk)) {
    throw new ApiError(400, 'invalid_public_key', 'publicJwk must be a JSON Web Key object').withParams({ reason: 'not_object' })
  }
  const jwk = publicJwk as JWK
  if ('d' in jwk) {
    throw new ApiError(400, 'invalid_public_key', 'publicJwk contains a private key (d); send only the public key').withParams({ reason: 'private_key' })
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new ApiError(400, 'invalid_public_key', `publicJwk must be an Ed25519 key { kty: 'OKP', crv: 'Ed25519', x }; got kty ${JSON.stringify(jwk.kty)}, crv ${JSON.stringify(jwk.crv)}`).withParams({
      reason: 'not_ed25519',
      kty: String(JSON.stringify(jwk.kty)),
      crv: String(JSON.stringify(jwk.crv)),
    })
  }
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x }
}

/** Turns a lost write race on a metadata document into a 409 the caller can retry. */
async function writeOrConflict(meta: DocumentDatabase, doc: SiteRecord | PublishedPolicyRecord, message: string) {
  try {
    return await meta.put(doc as unknown as Record<string, unknown> & { _id: string })
  } catch (error) {
    if (error instanceof StorageError && error.status === 409) throw new ApiError(409, 'conflict', message).withParams({ reason: 'site_write', siteId: doc.siteId })
    throw error
  }
}

/**
 * Sites, their enrolment and their published allowed field sets, kept in the metadata
 * database. Enrolment codes are stored as hashes and work once.
 */
export class SiteRegistry {
  constructor(
    private readonly storage: Storage,
    private readonly meta: DocumentDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates a site and its database, and returns the one-time enrolment code. */
  async createSite(input: { siteId: unknown; name: unknown }): Promise<{ site: SiteView; enrolmentCode: string }> {
    const siteId = input.siteId
    if (typeof siteId !== 'string' || !SITE_ID_PATTERN.test(siteId)) {
      throw new ApiError(400, 'invalid_site_id', `siteId ${JSON.stringify(siteId)} is not valid; use 2 to 63 lowercase letters, digits or '-', starting with a letter`).withParams({
        value: String(JSON.stringify(siteId)),
      })
    }
    const name = typeof input.name === 'string' ? input.name.trim() : ''
    if (name === '' || name.length > 200) {
      throw new ApiError(400, 'invalid_site_name', 'name is missing or longer than 200 characters; give the site a name')
    }
    if (await this.findSite(siteId)) {
      throw new ApiError(409, 'site_exists', `site '${siteId}' already exists; choose another siteId`).withParams({ siteId })
    }

    const enrolmentCode = newEnrolmentCode()
    const created = this.now()
    const site: SiteRecord = {
      _id: siteDocumentId(siteId),
      siteId,
      name,
      status: 'pending',
      createdAt: created.toISOString(),
      enrolmentCodeHash: hashCode(enrolmentCode),
      enrolmentCodeExpiresAt: new Date(created.getTime() + ENROLMENT_CODE_LIFETIME_MS).toISOString(),
    }
    await writeOrConflict(this.meta, site, `site '${siteId}' was created by another request`)
    await this.storage.database(siteDatabaseName(siteId))

    return { site: toView(site), enrolmentCode }
  }

  /**
   * Issues a new one-time code for a site, for re-enrolment after a key loss or a revocation.
   * The site's current key keeps working until the new code is used.
   */
  async issueEnrolmentCode(siteId: string): Promise<{ site: SiteView; enrolmentCode: string }> {
    const site = await this.requireSite(siteId)
    const enrolmentCode = newEnrolmentCode()
    const updated: SiteRecord = {
      ...site,
      enrolmentCodeHash: hashCode(enrolmentCode),
      enrolmentCodeExpiresAt: new Date(this.now().getTime() + ENROLMENT_CODE_LIFETIME_MS).toISOString(),
    }
    await writeOrConflict(this.meta, updated, `site '${siteId}' changed during the request; try again`)
    return { site: toView(updated), enrolmentCode }
  }

  /** Registers the site's public key in exchange for its enrolment code, which then expires. */
  async enrol(siteId: string, input: { code: unknown; publicJwk: unknown; kid: unknown }): Promise<SiteView> {
    if (typeof input.code !== 'string' || input.code === '') {
      throw new ApiError(400, 'missing_enrolment_code', 'code is missing; send the enrolment code the cloud admin received when creating the site')
    }
    if (typeof input.kid !== 'string' || input.kid === '' || input.kid.length > 200) {
      throw new ApiError(400, 'invalid_key_id', 'kid must be a non-empty string of at most 200 characters')
    }
    const publicJwk = checkPublicJwk(input.publicJwk)

    const site = await this.findSite(siteId)
    const expired = site?.enrolmentCodeExpiresAt !== undefined && Date.parse(site.enrolmentCodeExpiresAt) <= this.now().getTime()
    if (!site || !site.enrolmentCodeHash || expired || !sameHash(site.enrolmentCodeHash, hashCode(input.code))) {
      throw new ApiError(403, 'invalid_enrolment_code', `the enrolment code for site '${siteId}' is wrong, used or expired; ask the cloud admin for a new code`).withParams({ siteId })
    }

    const enrolled: SiteRecord = { ...site, status: 'enrolled', enrolledAt: this.now().toISOString(), publicJwk, kid: input.kid }
    delete enrolled.enrolmentCodeHash
    delete enrolled.enrolmentCodeExpiresAt
    delete enrolled.revokedAt
    await writeOrConflict(this.meta, enrolled, `the enrolment code for site '${siteId}' was used by another request`)
    return toView(enrolled)
  }

  /**
   * Revokes a site: its tokens and its open enrolment code are rejected from now on, and its
   * data stays. Issuing a new enrolment code lets the site enrol again.
   */
  async revoke(siteId: string): Promise<SiteView> {
    const site = await this.requireSite(siteId)
    const revoked: SiteRecord = { ...site, status: 'revoked', revokedAt: this.now().toISOString() }
    delete revoked.enrolmentCodeHash
    delete revoked.enrolmentCodeExpiresAt
    await writeOrConflict(this.meta, revoked, `site '${siteId}' changed during the request; try again`)
    return toView(revoked)
  }

  /**
   * Deletes a revoked site: its database with every document and revision, its published
   * policies and its record. A site that is not revoked is rejected with 409, so that a
   * running edge is never cut off by a deletion alone.
   */
  async deleteSite(siteId: string): Promise<void> {
    const site = await this.requireSite(siteId)
    if (site.status !== 'revoked') {
      throw new ApiError(409, 'site_not_revoked', `site '${siteId}' is ${site.status}; revoke it with POST /api/sites/${siteId}/revoke before deleting it`).withParams({
        siteId,
        status: site.status,
      })
    }

    await this.storage.deleteDatabase(siteDatabaseName(siteId))
    const policies = await this.meta.allDocs({ startkey: policyDocumentId(siteId), endkey: `${policyDocumentId(siteId)}:\uffff` })
    for (const row of policies.rows) await this.meta.remove(row.id, row.value.rev)
    await this.meta.remove(site._id, site._rev!)
  }

  async findSite(siteId: string): Promise<SiteRecord | undefined> {
    if (!SITE_ID_PATTERN.test(siteId)) return undefined
    return (await this.meta.get(siteDocumentId(siteId))) as SiteRecord | undefined
  }

  async requireSite(siteId: string): Promise<SiteRecord> {
    const site = await this.findSite(siteId)
    if (!site) throw new ApiError(404, 'site_not_found', `no site '${siteId}'; create it with POST /api/sites`).withParams({ siteId })
    return site
  }

  async getSiteView(siteId: string): Promise<SiteView> {
    const site = await this.requireSite(siteId)
    const policy = await this.findPolicy(siteId)
    return toView(site, policy?.version)
  }

  async listSites(): Promise<SiteView[]> {
    const sites = await this.meta.allDocs({ includeDocs: true, startkey: 'site:', endkey: 'site:\uffff' })
    const policies = await this.meta.allDocs({ includeDocs: true, startkey: 'policy:', endkey: 'policy:\uffff' })
    const versions = new Map<string, number>()
    for (const row of policies.rows) {
      const record = row.doc as unknown as PublishedPolicyRecord | undefined
      if (record && row.id === policyDocumentId(record.siteId)) versions.set(record.siteId, record.allowed.version)
    }
    return sites.rows
      .map((row) => row.doc as unknown as SiteRecord)
      .filter((site) => site !== undefined)
      .map((site) => toView(site, versions.get(site.siteId)))
  }

  /**
   * Stores a newly published allowed field set. Publishing the current version again with the
   * same content succeeds, because the edge publishes at every start. An older version, or the
   * same version with other content, is rejected with 409.
   */
  async publishPolicy(siteId: string, allowed: AllowedFieldSet): Promise<{ version: number; publishedAt: string }> {
    await this.requireSite(siteId)
    const current = (await this.meta.get(policyDocumentId(siteId))) as PublishedPolicyRecord | undefined

    if (current && allowed.version < current.allowed.version) {
      throw new ApiError(409, 'policy_version_outdated', `policy version ${allowed.version} is older than the published version ${current.allowed.version}; publish version ${current.allowed.version + 1} or later`).withParams({
        version: allowed.version,
        published: current.allowed.version,
        next: current.allowed.version + 1,
      })
    }
    if (current && allowed.version === current.allowed.version) {
      if (JSON.stringify(current.allowed) === JSON.stringify(allowed)) {
        return { version: allowed.version, publishedAt: current.publishedAt }
      }
      throw new ApiError(409, 'policy_version_exists', `policy version ${allowed.version} is already published with other content; publish it as version ${current.allowed.version + 1}`).withParams({
        version: allowed.version,
        next: current.allowed.version + 1,
      })
    }

    const publishedAt = this.now().toISOString()
    const record: PublishedPolicyRecord = { _id: policyDocumentId(siteId), siteId, publishedAt, allowed }
    if (current?._rev) record._rev = current._rev
    await writeOrConflict(this.meta, record, `another policy for site '${siteId}' was published during the request; try again`)
    await this.meta.put({ ...record, _id: policyVersionDocumentId(siteId, allowed.version), _rev: undefined } as never).catch((error: unknown) => {
      if (!(error instanceof StorageError && error.status === 409)) throw error
    })
    return { version: allowed.version, publishedAt }
  }

  /** Returns the site's newest published allowed field set, or undefined before the first. */
  async findPolicy(siteId: string): Promise<AllowedFieldSet | undefined> {
    return (await this.findPublishedPolicy(siteId))?.allowed
  }

  async findPublishedPolicy(siteId: string): Promise<PublishedPolicyRecord | undefined> {
    return (await this.meta.get(policyDocumentId(siteId))) as PublishedPolicyRecord | undefined
  }
}
