import type { JWK } from 'jose'
import type { AllowedFieldSet } from '@enclave/shared'

/** Lifecycle of a site: created with a code, enrolled with a key, or revoked by a cloud admin. */
export type SiteStatus = 'pending' | 'enrolled' | 'revoked'

/** A site as the metadata database stores it (document id `site:<siteId>`). */
export interface SiteRecord {
  _id: string
  _rev?: string
  siteId: string
  name: string
  status: SiteStatus
  createdAt: string
  enrolledAt?: string
  revokedAt?: string
  /** SHA-256 of the one-time enrolment code; the code itself is never stored. */
  enrolmentCodeHash?: string
  enrolmentCodeExpiresAt?: string
  /** The site's Ed25519 public key, which verifies its sync tokens. */
  publicJwk?: JWK
  kid?: string
}

/** A site as the API returns it: no code hash. */
export interface SiteView {
  siteId: string
  name: string
  status: SiteStatus
  createdAt: string
  enrolledAt?: string
  revokedAt?: string
  kid?: string
  enrolmentCodeExpiresAt?: string
  policyVersion?: number
}

/** The newest allowed field set a site published (document id `policy:<siteId>`). */
export interface PublishedPolicyRecord {
  _id: string
  _rev?: string
  siteId: string
  publishedAt: string
  allowed: AllowedFieldSet
}

export function siteDocumentId(siteId: string): string {
  return `site:${siteId}`
}

export function policyDocumentId(siteId: string): string {
  return `policy:${siteId}`
}

/** Id of the copy of one published version, kept so older versions stay viewable. */
export function policyVersionDocumentId(siteId: string, version: number): string {
  return `policy:${siteId}:${String(version).padStart(10, '0')}`
}

/** Site ids: lowercase letters, digits and `-`, starting with a letter, 2 to 63 characters. */
export const SITE_ID_PATTERN = /^[a-z][a-z0-9-]{1,62}$/
