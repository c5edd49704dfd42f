import crypto from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import type { AllowedFieldSet } from '@enclave/shared'
import type { RunningCloud } from '../index'
import type { TestCloud } from './test-cloud'
import { SITE_TOKEN_AUDIENCE } from '../gateway/site-token'

export interface SiteKey {
  privateKey: CryptoKey
  publicJwk: JWK
  kid: string
}

/** Creates an Ed25519 key pair as an edge does for its site key. */
export async function createSiteKey(): Promise<SiteKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  return { privateKey, publicJwk: await exportJWK(publicKey), kid: crypto.randomUUID() }
}

export interface SiteTokenOverrides {
  issuer?: string
  subject?: string
  audience?: string
  /** Seconds since the epoch. */
  issuedAt?: number
  /** Seconds after `issuedAt`; the cloud accepts at most 300. */
  lifetimeSeconds?: number
  kid?: string
}

/** Signs a site token as the contract describes; overrides build invalid tokens for tests. */
export async function signSiteToken(siteId: string, key: SiteKey, overrides: SiteTokenOverrides = {}): Promise<string> {
  const issuedAt = overrides.issuedAt ?? Math.floor(Date.now() / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: overrides.kid ?? key.kid })
    .setIssuer(overrides.issuer ?? `site:${siteId}`)
    .setSubject(overrides.subject ?? siteId)
    .setAudience(overrides.audience ?? SITE_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (overrides.lifetimeSeconds ?? 120))
    .setJti(crypto.randomUUID())
    .sign(key.privateKey)
}

export interface EnrolTestSiteOptions {
  siteId: string
  name?: string
  /** The site's public key; pass the edge's `siteSigningPublicJwk` and `siteKeyId`. */
  publicJwk: JWK
  kid: string
  /** Published right after enrolment when given. */
  allowed?: AllowedFieldSet
}

/**
 * Creates a site through the cloud's API, enrols the given public key with the site's code,
 * and publishes an allowed field set straight into the site registry, for tests that need an
 * enrolled site without an edge doing it.
 */
export async function enrolTestSite(cloud: RunningCloud, options: EnrolTestSiteOptions): Promise<void> {
  // Creating a site needs a cloud admin: the test cloud's signed-in client when there is one.
  const admin = (cloud as Partial<TestCloud>).api
  let enrolmentCode: string
  if (admin) {
    const created = await admin.post('/api/sites', { siteId: options.siteId, name: options.name ?? options.siteId })
    if (created.status !== 201) throw new Error(`creating site '${options.siteId}' failed with ${created.status}: ${JSON.stringify(created.body)}`)
    enrolmentCode = created.body.enrolmentCode
  } else {
    enrolmentCode = (await cloud.context.sites.createSite({ siteId: options.siteId, name: options.name ?? options.siteId })).enrolmentCode
  }

  const enrolled = await fetch(`${cloud.url}/api/sites/${options.siteId}/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: enrolmentCode, publicJwk: options.publicJwk, kid: options.kid }),
  })
  if (enrolled.status !== 200) throw new Error(`enrolling site '${options.siteId}' failed with ${enrolled.status}: ${await enrolled.text()}`)

  if (options.allowed) await cloud.context.sites.publishPolicy(options.siteId, options.allowed)
}
