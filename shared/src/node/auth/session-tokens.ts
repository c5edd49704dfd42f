import crypto from 'node:crypto'
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose'

/** Lifetime of one session token; the web UI renews it while the user is active. */
export const SESSION_TOKEN_SECONDS = 15 * 60

/** A session ends this long after sign-in, however often its token was renewed. */
export const SESSION_MAX_SECONDS = 12 * 60 * 60

/** Claims of a session token besides the registered ones. */
export interface SessionClaims {
  /** User id. */
  sub: string
  /** Session id, shared by every renewed token of one sign-in; logout revokes it. */
  sid: string
  /** CSRF token that state-changing requests repeat in the `x-csrf-token` header. */
  csrf: string
  /** Sign-in time, seconds since the epoch. */
  auth_time: number
  jti: string
  iat: number
  exp: number
}

/** A signed session token and what the cookie and the client need to know about it. */
export interface IssuedSession {
  token: string
  claims: SessionClaims
}

/** Storage of revoked session and token ids, so that a restart keeps them revoked. */
export interface RevocationStore {
  load(): Promise<{ id: string; until: number }[]>
  save(id: string, until: number): Promise<void>
  remove(id: string): Promise<void>
}

/** Reason a presented token was rejected. The client sees only "not signed in". */
export type SessionRejection = 'malformed' | 'expired' | 'invalid_signature' | 'revoked' | 'wrong_audience'

export class SessionTokenError extends Error {
  constructor(readonly reason: SessionRejection) {
    super(`session token rejected: ${reason}`)
    this.name = 'SessionTokenError'
  }
}

export interface SessionTokensOptions {
  signingKey: CryptoKey
  verifyKey: CryptoKey
  /** Tier name used as issuer and audience, so one tier's token is useless at the other. */
  tier: 'edge' | 'cloud'
  revocations: RevocationStore
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

/**
 * Issues, verifies, renews and revokes session JWTs signed with the tier's Ed25519 key. Only
 * EdDSA is accepted, so `alg: none` and HMAC tokens fail verification before any claim is read.
 */
export class SessionTokens {
  private readonly revoked = new Map<string, number>()
  private readonly issuer: string
  private readonly audience: string

  constructor(private readonly options: SessionTokensOptions) {
    this.issuer = `enclave-${options.tier}`
    this.audience = `enclave-${options.tier}-session`
  }

  /** Loads the deny list and drops entries whose tokens have expired anyway. */
  async open(): Promise<void> {
    const now = nowSeconds()
    for (const { id, until } of await this.options.revocations.load()) {
      if (until > now) this.revoked.set(id, until)
      else await this.options.revocations.remove(id)
    }
  }

  /** Starts a session for a user who just signed in. */
  async issue(userId: string): Promise<IssuedSession> {
    // Milliseconds as a fraction (JWT NumericDate allows one), so that a password change in the
    // same second as a sign-in still ends that session.
    const now = Date.now() / 1000
    return this.sign({ sub: userId, sid: crypto.randomUUID(), csrf: crypto.randomBytes(24).toString('base64url'), auth_time: now })
  }

  /**
   * Issues a fresh token for the same session and revokes the old one unless `revokePrevious` is false.
   * Fails once the session has reached its maximum age, so the user signs in again. Automatic
   * renewal keeps the old token, because requests already in flight still carry it.
   */
  async renew(claims: SessionClaims, options: { revokePrevious?: boolean } = {}): Promise<IssuedSession> {
    if (claims.auth_time + SESSION_MAX_SECONDS <= nowSeconds()) throw new SessionTokenError('expired')
    if (options.revokePrevious ?? true) await this.revoke(claims.jti, claims.exp)
    return this.sign({ sub: claims.sub, sid: claims.sid, csrf: claims.csrf, auth_time: claims.auth_time })
  }

  /** Verifies signature, algorithm, issuer, audience, expiry and the deny list. */
  async verify(token: string): Promise<SessionClaims> {
    let payload: JWTPayload
    try {
      const result = await jwtVerify(token, this.options.verifyKey, {
        algorithms: ['EdDSA'],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      })
      payload = result.payload
    } catch (error) {
      throw new SessionTokenError(rejectionOf(error))
    }

    const claims = payload as unknown as SessionClaims
    if (typeof claims.sid !== 'string' || typeof claims.csrf !== 'string' || typeof claims.auth_time !== 'number') {
      throw new SessionTokenError('malformed')
    }
    if (claims.auth_time + SESSION_MAX_SECONDS <= nowSeconds()) throw new SessionTokenError('expired')
    if (this.revoked.has(claims.jti) || this.revoked.has(claims.sid)) throw new SessionTokenError('revoked')
    return claims
  }

  /** Revokes a token id or a whole session id until `until` (seconds since the epoch). */
  async revoke(id: string, until: number): Promise<void> {
    this.revoked.set(id, until)
    await this.options.revocations.save(id, until)
  }

  /** Ends a session: every token issued for it, renewed ones included, stops working. */
  async revokeSession(claims: SessionClaims): Promise<void> {
    await this.revoke(claims.sid, claims.auth_time + SESSION_MAX_SECONDS)
  }

  private async sign(claims: Omit<SessionClaims, 'jti' | 'iat' | 'exp'>): Promise<IssuedSession> {
    const iat = nowSeconds()
    const full: SessionClaims = { ...claims, jti: crypto.randomUUID(), iat, exp: iat + SESSION_TOKEN_SECONDS }
    const token = await new SignJWT({ sid: full.sid, csrf: full.csrf, auth_time: full.auth_time })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(full.sub)
      .setJti(full.jti)
      .setIssuedAt(full.iat)
      .setExpirationTime(full.exp)
      .sign(this.options.signingKey)
    return { token, claims: full }
  }
}

function rejectionOf(error: unknown): SessionRejection {
  if (error instanceof joseErrors.JWTExpired) return 'expired'
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'invalid_signature'
  if (error instanceof joseErrors.JWTClaimValidationFailed) return 'wrong_audience'
  return 'malformed'
}
