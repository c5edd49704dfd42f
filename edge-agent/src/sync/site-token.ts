import crypto from 'node:crypto'
import { SignJWT } from 'jose'
import type { EdgeSecrets } from '../secrets'

/** Audience the cloud's sync gateway expects in every site token. */
export const SITE_TOKEN_AUDIENCE = 'enclave-cloud'
/** Lifetime of a site token in seconds; the cloud accepts at most 300. */
const SITE_TOKEN_LIFETIME_S = 120

/**
 * Signs a short-lived site token with the site's Ed25519 key. A new token goes with each
 * request to the cloud, so a captured one is useless after two minutes.
 */
export async function signSiteToken(siteId: string, secrets: EdgeSecrets, now: () => number = Date.now): Promise<string> {
  const issuedAt = Math.floor(now() / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: secrets.siteKeyId })
    .setIssuer(`site:${siteId}`)
    .setSubject(siteId)
    .setAudience(SITE_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SITE_TOKEN_LIFETIME_S)
    .setJti(crypto.randomUUID())
    .sign(secrets.siteSigningKey)
}
