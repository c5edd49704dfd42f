import { decodeJwt, decodeProtectedHeader, errors as joseErrors, importJWK, jwtVerify, type JWK } from 'jose'
import { ApiError } from '@enclave/shared'
import type { SiteRegistry } from '../sites/site-registry'

/** Audience every site token must name. */
export const SITE_TOKEN_AUDIENCE = 'enclave-cloud'
/** Maximum token lifetime (exp - iat) the cloud accepts, in seconds. */
export const MAX_SITE_TOKEN_LIFETIME_S = 300
/** Allowed difference between the edge's clock and the cloud's, in seconds. */
const CLOCK_TOLERANCE_S = 30

function unauthorized(code: string, message: string): ApiError {
  return new ApiError(401, code, message)
}

function forbidden(code: string, message: string): ApiError {
  return new ApiError(403, code, message)
}

/** Imported public keys by site, so each request does not parse the JWK again. */
const keyCache = new Map<string, { jwk: string; key: CryptoKey | Uint8Array }>()

async function importSiteKey(siteId: string, jwk: JWK): Promise<CryptoKey | Uint8Array> {
  const serialized = JSON.stringify(jwk)
  const cached = keyCache.get(siteId)
  if (cached?.jwk === serialized) return cached.key

  const key = await importJWK(jwk, 'EdDSA')
  keyCache.set(siteId, { jwk: serialized, key })
  return key
}

function readBearerToken(authorization: string | undefined): string {
  if (!authorization) {
    throw unauthorized('missing_token', 'the request has no Authorization header; send Authorization: Bearer <site JWT>')
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim())
  if (!match?.[1]) throw unauthorized('invalid_token', 'the Authorization header is not of the form Bearer <site JWT>')
  return match[1]
}

/**
 * Verifies a site's sync token for a request on `siteId`'s path and returns its claims.
 *
 * The token is a JWT signed with EdDSA (Ed25519) by the key the site registered at enrolment,
 * with `iss: 'site:<siteId>'`, `sub: '<siteId>'`, `aud: 'enclave-cloud'`, `iat`, `exp` at most
 * 300 s after `iat`, and `jti`. A missing, malformed, expired or wrongly signed token, or one
 * with another algorithm (`none` included), is rejected with 401. A token of another site, or
 * a site that is unknown, not enrolled or revoked, is rejected with 403.
 */
export async function verifySiteToken(
  authorization: string | undefined,
  siteId: string,
  sites: SiteRegistry,
  now: () => number = Date.now,
): Promise<{ jti: string; exp: number }> {
  const token = readBearerToken(authorization)

  let header: ReturnType<typeof decodeProtectedHeader>
  let claims: ReturnType<typeof decodeJwt>
  try {
    header = decodeProtectedHeader(token)
    claims = decodeJwt(token)
  } catch {
    throw unauthorized('invalid_token', 'the bearer token is not a well-formed JWT')
  }
  if (header.alg !== 'EdDSA') {
    throw unauthorized('invalid_token', `the token is signed with alg ${JSON.stringify(header.alg)}; site tokens must use EdDSA`)
  }
  if (claims.sub !== siteId || claims.iss !== `site:${siteId}`) {
    throw forbidden('wrong_site', `the token was issued for site ${JSON.stringify(claims.sub)}, not for '${siteId}'`)
  }

  const site = await sites.findSite(siteId)
  if (!site) throw forbidden('site_unknown', `site '${siteId}' is not known to this cloud`)
  if (site.status === 'revoked') throw forbidden('site_revoked', `site '${siteId}' has been revoked; ask the cloud admin to enrol it again`)
  if (site.status !== 'enrolled' || !site.publicJwk) throw forbidden('site_not_enrolled', `site '${siteId}' has not enrolled yet; enrol it with its enrolment code`)
  if (header.kid !== site.kid) {
    throw unauthorized('unknown_key', `the token's key id ${JSON.stringify(header.kid)} is not the key site '${siteId}' enrolled; enrol the site again after a key change`)
  }

  const key = await importSiteKey(siteId, site.publicJwk)
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload']
  try {
    const verified = await jwtVerify(token, key, {
      algorithms: ['EdDSA'],
      audience: SITE_TOKEN_AUDIENCE,
      issuer: `site:${siteId}`,
      subject: siteId,
      requiredClaims: ['iat', 'exp', 'jti'],
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(now()),
    })
    payload = verified.payload
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthorized('token_expired', 'the site token has expired; sign a new one')
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw unauthorized('invalid_signature', `the token's signature does not match the key site '${siteId}' enrolled`)
    }
    if (error instanceof joseErrors.JOSEError) throw unauthorized('invalid_token', `the site token was rejected: ${error.message}`)
    throw error
  }

  const iat = payload.iat as number
  const exp = payload.exp as number
  if (exp - iat > MAX_SITE_TOKEN_LIFETIME_S) {
    throw unauthorized('token_lifetime_too_long', `the token is valid for ${exp - iat} s; site tokens may be valid for at most ${MAX_SITE_TOKEN_LIFETIME_S} s`)
  }
  if (iat > now() / 1000 + CLOCK_TOLERANCE_S) {
    throw unauthorized('token_not_yet_valid', 'the token was issued in the future; check the site clock')
  }
  return { jti: String(payload.jti), exp }
}
