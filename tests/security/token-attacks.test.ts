import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, SignJWT } from 'jose'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { createSiteKey, enrolTestSite, signSiteToken, type SiteKey } from '@enclave/cloud/testing/test-site'
import { ApiClient } from '@enclave/shared/testing/api-client'
import { siteDatabaseName } from '@enclave/cloud/storage/types'

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** Builds an unsigned JWT with `alg: none`, as an attacker would forge it. */
function unsignedToken(claims: object): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`
}

function sessionClaims(sub: string, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000)
  return {
    iss: 'enclave-edge',
    aud: 'enclave-edge-session',
    sub,
    sid: crypto.randomUUID(),
    csrf: 'x',
    // In milliseconds as real sessions carry it: the account may date from this very second.
    auth_time: Date.now() / 1000,
    jti: crypto.randomUUID(),
    iat: now,
    exp: now + 600,
    ...overrides,
  }
}

async function signSession(key: CryptoKey, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA' }).sign(key)
}

describe('session token attacks at the edge', () => {
  let edge: TestEdge
  let cloud: TestCloud

  beforeAll(async () => {
    ;[edge, cloud] = await Promise.all([startTestEdge(), startTestCloud()])
  })

  afterAll(async () => {
    await Promise.all([edge.destroy(), cloud.destroy()])
  })

  async function statusWithSession(token: string): Promise<number> {
    return (await new ApiClient(edge.url).get('/api/auth/session', { cookie: `enclave_session=${token}` })).status
  }

  it('accepts a token signed with the edge key', async () => {
    expect(await statusWithSession(await signSession(edge.context.secrets.sessionSigningKey, sessionClaims('user:admin')))).toBe(200)
  })

  it('rejects alg none', async () => {
    expect(await statusWithSession(unsignedToken(sessionClaims('user:admin')))).toBe(401)
  })

  it('rejects a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    expect(await statusWithSession(await signSession(privateKey, sessionClaims('user:admin')))).toBe(401)
  })

  it('rejects an HMAC token keyed with the public key', async () => {
    const jwk = edge.context.secrets.siteSigningPublicJwk
    const secret = new TextEncoder().encode(JSON.stringify(jwk))
    const token = await new SignJWT(sessionClaims('user:admin')).setProtectedHeader({ alg: 'HS256' }).sign(secret)
    expect(await statusWithSession(token)).toBe(401)
  })

  it('rejects an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600
    const claims = sessionClaims('user:admin', { iat: past, exp: past + 60, auth_time: past })
    expect(await statusWithSession(await signSession(edge.context.secrets.sessionSigningKey, claims))).toBe(401)
  })

  it('rejects a session past its maximum age', async () => {
    const longAgo = Math.floor(Date.now() / 1000) - 13 * 3600
    const claims = sessionClaims('user:admin', { auth_time: longAgo })
    expect(await statusWithSession(await signSession(edge.context.secrets.sessionSigningKey, claims))).toBe(401)
  })

  it('rejects a token for an unknown user', async () => {
    expect(await statusWithSession(await signSession(edge.context.secrets.sessionSigningKey, sessionClaims('user:ghost')))).toBe(401)
  })

  it('rejects a cloud session token', async () => {
    const cloudCookie = cloud.api.getCookie('enclave_session')!
    expect(cloudCookie).toBeTruthy()
    expect(await statusWithSession(cloudCookie)).toBe(401)
  })

  it('rejects an edge session token at the cloud', async () => {
    const edgeCookie = edge.api.getCookie('enclave_session')!
    const response = await new ApiClient(cloud.url).get('/api/auth/session', { cookie: `enclave_session=${edgeCookie}` })
    expect(response.status).toBe(401)
  })

  it('rejects the edge key signing for the wrong audience', async () => {
    const claims = sessionClaims('user:admin', { aud: 'enclave-cloud' })
    expect(await statusWithSession(await signSession(edge.context.secrets.sessionSigningKey, claims))).toBe(401)
  })

  it('rejects a site sync token as a session', async () => {
    const site: SiteKey = { privateKey: edge.context.secrets.siteSigningKey, publicJwk: edge.context.secrets.siteSigningPublicJwk, kid: edge.context.secrets.siteKeyId }
    expect(await statusWithSession(await signSiteToken(edge.context.config.siteId, site))).toBe(401)
  })
})

describe('site token attacks at the cloud', () => {
  let cloud: TestCloud
  let keyA: SiteKey
  let keyB: SiteKey

  beforeAll(async () => {
    cloud = await startTestCloud()
    ;[keyA, keyB] = await Promise.all([createSiteKey(), createSiteKey()])
    await enrolTestSite(cloud, { siteId: 'site-a', publicJwk: keyA.publicJwk, kid: keyA.kid })
    await enrolTestSite(cloud, { siteId: 'site-b', publicJwk: keyB.publicJwk, kid: keyB.kid })
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  async function gatewayStatus(siteId: string, token: string): Promise<number> {
    return (await new ApiClient(cloud.url).get(`/sync/${siteId}/`, { authorization: `Bearer ${token}` })).status
  }

  it('accepts the site own token', async () => {
    expect(await gatewayStatus('site-a', await signSiteToken('site-a', keyA))).toBe(200)
  })

  it('rejects alg none', async () => {
    const now = Math.floor(Date.now() / 1000)
    const token = unsignedToken({ iss: 'site:site-a', sub: 'site-a', aud: 'enclave-cloud', iat: now, exp: now + 60, jti: 'x' })
    expect(await gatewayStatus('site-a', token)).toBe(401)
  })

  it('rejects a wrong key with the right kid', async () => {
    const forged = await createSiteKey()
    expect(await gatewayStatus('site-a', await signSiteToken('site-a', { ...forged, kid: keyA.kid }))).toBe(401)
  })

  it('rejects an expired token', async () => {
    const token = await signSiteToken('site-a', keyA, { issuedAt: Math.floor(Date.now() / 1000) - 3600, lifetimeSeconds: 120 })
    expect(await gatewayStatus('site-a', token)).toBe(401)
  })

  it('rejects another site token', async () => {
    expect(await gatewayStatus('site-a', await signSiteToken('site-b', keyB))).toBe(403)
  })

  it('rejects another site writing or publishing', async () => {
    const tokenB = await signSiteToken('site-b', keyB)
    const headers = { authorization: `Bearer ${tokenB}` }
    const doc = { _id: 'deal:01FORGED', _rev: '1-abc', type: 'deal', title: 'forged' }

    const written = await new ApiClient(cloud.url).post('/sync/site-a/_bulk_docs', { docs: [doc], new_edits: false }, headers)
    expect(written.status).toBe(403)
    const published = await new ApiClient(cloud.url).put('/api/sites/site-a/policy', { version: 99, entities: {} }, headers)
    expect(published.status).toBe(403)

    const db = await cloud.context.storage.database(siteDatabaseName('site-a'))
    expect(await db.get('deal:01FORGED')).toBeUndefined()
  })

  it('rejects a token naming the path site but signed by another site', async () => {
    expect(await gatewayStatus('site-a', await signSiteToken('site-a', keyB))).toBe(401)
  })

  it('rejects a token for the wrong tier', async () => {
    const token = await signSiteToken('site-a', keyA, { audience: 'enclave-edge-session' })
    expect(await gatewayStatus('site-a', token)).toBe(401)
  })

  it('rejects a user session token at the gateway', async () => {
    // Its subject is a user, not the site, so the gateway treats it as another party's token.
    expect([401, 403]).toContain(await gatewayStatus('site-a', cloud.api.getCookie('enclave_session')!))
  })

  it('rejects an unknown site', async () => {
    const unknownKey = await createSiteKey()
    expect(await gatewayStatus('site-z', await signSiteToken('site-z', unknownKey))).toBe(403)
  })

  it('rejects a rotated-out key and accepts the new one', async () => {
    const next = await createSiteKey()
    const rotated = await new ApiClient(cloud.url).post(
      '/api/sites/site-b/rotate-key',
      { publicJwk: next.publicJwk, kid: next.kid, proof: await signSiteToken('site-b', next) },
      { authorization: `Bearer ${await signSiteToken('site-b', keyB)}` },
    )
    expect(rotated.status).toBe(200)
    expect(await gatewayStatus('site-b', await signSiteToken('site-b', keyB))).toBe(401)
    expect(await gatewayStatus('site-b', await signSiteToken('site-b', next))).toBe(200)
  })

  it('rejects a rotation without proof of the new key', async () => {
    const next = await createSiteKey()
    const other = await createSiteKey()
    const response = await new ApiClient(cloud.url).post(
      '/api/sites/site-a/rotate-key',
      { publicJwk: next.publicJwk, kid: next.kid, proof: await signSiteToken('site-a', other) },
      { authorization: `Bearer ${await signSiteToken('site-a', keyA)}` },
    )
    expect(response.status).toBe(400)
    expect(await gatewayStatus('site-a', await signSiteToken('site-a', keyA))).toBe(200)
  })

  it('refuses a revoked site at once', async () => {
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: 'site-r', publicJwk: key.publicJwk, kid: key.kid })
    expect(await gatewayStatus('site-r', await signSiteToken('site-r', key))).toBe(200)

    expect((await cloud.api.post('/api/sites/site-r/revoke')).status).toBe(200)
    expect(await gatewayStatus('site-r', await signSiteToken('site-r', key))).toBe(403)
  })

  it('lets only a cloud admin create sites', async () => {
    const manager = await cloud.signIn('manager', { sites: ['site-a'] })
    expect((await manager.post('/api/sites', { siteId: 'site-m', name: 'M' })).status).toBe(403)
    expect((await cloud.anonymous().post('/api/sites', { siteId: 'site-m', name: 'M' })).status).toBe(401)
  })
})
