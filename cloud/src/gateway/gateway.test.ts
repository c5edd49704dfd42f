import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AllowedFieldSet } from '@enclave/shared'
import { openDatabase, PouchDB, type Database } from '@enclave/shared/node/pouch'
import { startCouchEmulator, type CouchEmulator } from '../../../tests/support/couchdb-emulator/index'
import type { SyncRequestRecord } from '../context'
import { siteDatabaseName, type DocumentDatabase, type StoredDocument } from '../storage/types'
import { startTestCloud, type TestCloud } from '../testing/test-cloud'
import { MAX_SYNC_BODY_BYTES } from './gateway-routes'
import { createSiteKey, enrolTestSite, signSiteToken, type SiteKey } from '../testing/test-site'

const SITE = 'oslo'
const OTHER_SITE = 'bergen'

const ALLOWED: AllowedFieldSet = {
  version: 1,
  entities: {
    contact: { fields: { country: 'sync', lifecycleStage: 'sync' }, cloudWritable: ['lifecycleStage'], cloudCreatable: false, cloudDeletable: false },
    deal: { fields: { title: 'sync', stage: 'sync', amount: 'sync' }, cloudWritable: ['stage', 'amount'], cloudCreatable: true, cloudDeletable: true },
  },
}

function contact(id: string, country: string): StoredDocument {
  return {
    _id: `contact:${id}`,
    type: 'contact',
    country,
    stamps: { country: '0000000001-0000-oslo' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }
}

/** Opens the gateway as a PouchDB database that sends a fresh site token with every request. */
function remoteDatabase(cloud: TestCloud, siteId: string, key: SiteKey): Database {
  return new PouchDB(`${cloud.url}/sync/${siteId}`, {
    skip_setup: true,
    fetch: async (url: string | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers)
      headers.set('authorization', `Bearer ${await signSiteToken(siteId, key)}`)
      try {
        return await PouchDB.fetch(url, { ...init, headers })
      } catch (error) {
        // PouchDB's replication does not catch a failed info request after a batch, so a
        // cloud that closes under a live replication would cause an unhandled rejection. The
        // edge's replicator returns a 503 for such failures in the same way.
        return new Response(JSON.stringify({ error: 'unavailable', reason: (error as Error).message }), { status: 503 })
      }
    },
  } as PouchDB.Configuration.RemoteDatabaseConfiguration)
}

/** Builds a token with `alg: none`, which jose refuses to sign. */
function unsignedToken(siteId: string, kid: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const claims = { iss: `site:${siteId}`, sub: siteId, aud: 'enclave-cloud', iat: now, exp: now + 60, jti: 'unsigned' }
  return `${encode({ alg: 'none', kid })}.${encode(claims)}.`
}

describe('sync gateway', () => {
  let cloud: TestCloud
  let key: SiteKey
  let otherKey: SiteKey
  let siteDb: DocumentDatabase
  let clientDir: string
  const received: SyncRequestRecord[] = []

  beforeAll(async () => {
    cloud = await startTestCloud({}, { hooks: { onSyncRequestBody: (request) => received.push(request) } })
    key = await createSiteKey()
    otherKey = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
    await enrolTestSite(cloud, { siteId: OTHER_SITE, publicJwk: otherKey.publicJwk, kid: otherKey.kid, allowed: ALLOWED })
    siteDb = await cloud.context.storage.database(siteDatabaseName(SITE))
    clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-gateway-client-'))
  })

  afterAll(async () => {
    await cloud.destroy()
    fs.rmSync(clientDir, { recursive: true, force: true })
  })

  async function post(pathname: string, body: unknown, token?: string) {
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` }
    return cloud.api.post(pathname, body, headers)
  }

  describe('replication', () => {
    it('pushes documents and keeps a checkpoint', async () => {
      const outbox = openDatabase(clientDir, 'outbox-push')
      await outbox.bulkDocs([contact('01PUSH1', 'Norway'), contact('01PUSH2', 'Sweden')])

      const first = await outbox.replicate.to(remoteDatabase(cloud, SITE, key), { batch_size: 500 })
      const second = await outbox.replicate.to(remoteDatabase(cloud, SITE, key), { batch_size: 500 })

      expect(first.docs_written).toBe(2)
      expect((await siteDb.get('contact:01PUSH1'))?.country).toBe('Norway')
      expect((await siteDb.get('contact:01PUSH2'))?.country).toBe('Sweden')
      expect(second.docs_read).toBe(0)
      const checkpoints = received.filter((request) => request.method === 'PUT' && request.url.includes('/_local/'))
      expect(checkpoints.length).toBeGreaterThan(0)
      await outbox.close()
    })

    it('pulls documents written in the cloud', async () => {
      await siteDb.put({ ...contact('01PULL1', 'Denmark') })
      const outbox = openDatabase(clientDir, 'outbox-pull')

      const result = await outbox.replicate.from(remoteDatabase(cloud, SITE, key), { batch_size: 500 })

      expect(result.ok).toBe(true)
      expect(((await outbox.get('contact:01PULL1')) as Record<string, unknown>).country).toBe('Denmark')
      await outbox.close()
    })

    it('replicates conflicting revisions both ways', async () => {
      const outbox = openDatabase(clientDir, 'outbox-conflict')
      const remote = remoteDatabase(cloud, SITE, key)
      const created = await outbox.put(contact('01CONFLICT', 'Norway'))
      await outbox.replicate.to(remote, { batch_size: 500 })

      await outbox.put({ ...contact('01CONFLICT', 'Finland'), _rev: created.rev })
      const cloudCopy = await siteDb.get('contact:01CONFLICT')
      await siteDb.put({ ...cloudCopy!, lifecycleStage: 'customer' })
      await outbox.sync(remote, { batch_size: 500 })

      const local = (await outbox.get('contact:01CONFLICT', { conflicts: true })) as Record<string, unknown>
      const stored = await siteDb.get('contact:01CONFLICT', { conflicts: true })
      expect(local._conflicts).toHaveLength(1)
      expect(stored?._conflicts).toHaveLength(1)
      expect(stored?._rev).toBe(local._rev)
      await outbox.close()
    })

    it('keeps each site in its own database', async () => {
      const outbox = openDatabase(clientDir, 'outbox-other-site')
      await outbox.put(contact('01BERGEN', 'Norway'))

      await outbox.replicate.to(remoteDatabase(cloud, OTHER_SITE, otherKey), { batch_size: 500 })
      const otherDb = await cloud.context.storage.database(siteDatabaseName(OTHER_SITE))

      expect(await otherDb.get('contact:01BERGEN')).toBeDefined()
      expect(await siteDb.get('contact:01BERGEN')).toBeUndefined()
      await outbox.close()
    })

    it('delivers a cloud change to a live replication', async () => {
      const outbox = openDatabase(clientDir, 'outbox-live')
      const live = outbox.sync(remoteDatabase(cloud, SITE, key), { live: true, retry: true, batch_size: 500 })
      await new Promise((resolve) => live.once('paused', resolve))

      await siteDb.put(contact('01LIVE', 'Estonia'))
      let arrived: Record<string, unknown> | undefined
      while (!arrived) {
        arrived = (await outbox.get('contact:01LIVE').catch(() => undefined)) as Record<string, unknown> | undefined
        if (!arrived) await new Promise((resolve) => setTimeout(resolve, 20))
      }

      live.cancel()
      expect(arrived.country).toBe('Estonia')
      await outbox.close()
    })

    it('returns a change to a long poll', async () => {
      const since = (await siteDb.info()).update_seq
      const token = await signSiteToken(SITE, key)
      const poll = cloud.api.get(`/sync/${SITE}/_changes?feed=longpoll&since=${since}&timeout=20000`, { authorization: `Bearer ${token}` })
      while (!received.some((request) => request.url.includes(`feed=longpoll&since=${since}&`))) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }

      await siteDb.put(contact('01LONGPOLL', 'Iceland'))
      const response = await poll

      expect(response.status).toBe(200)
      expect(response.body.results.map((row: { id: string }) => row.id)).toContain('contact:01LONGPOLL')
    })
  })

  describe('field check', () => {
    it('rejects a batch with a field not allowed', async () => {
      const token = await signSiteToken(SITE, key)
      const leaking = { ...contact('01LEAK', 'Norway'), email: 'canary-leak@example.com' }

      const response = await post(`/sync/${SITE}/_bulk_docs`, { docs: [contact('01CLEAN', 'Norway'), leaking] }, token)

      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('field_not_allowed')
      expect(response.body.error.message).toContain('email')
      expect(response.body.error.details).toEqual([
        {
          docId: 'contact:01LEAK',
          field: 'email',
          reason: 'field is not allowed by the published policy',
          code: 'residency_violation',
          params: { reason: 'field_not_allowed' },
        },
      ])
      expect(await siteDb.get('contact:01LEAK')).toBeUndefined()
      expect(await siteDb.get('contact:01CLEAN')).toBeUndefined()
    })

    it('rejects a replicated document with a field not allowed', async () => {
      const outbox = openDatabase(clientDir, 'outbox-leak')
      await outbox.put({ ...contact('01REPLEAK', 'Norway'), nationalId: 'canary-national-id' })

      const result = await outbox.replicate.to(remoteDatabase(cloud, SITE, key), { batch_size: 500 }).catch((error: unknown) => error)

      expect((result as { status?: number }).status).toBe(403)
      expect((result as { name?: string }).name).toBe('field_not_allowed')
      expect(await siteDb.get('contact:01REPLEAK')).toBeUndefined()
      await outbox.close()
    })

    it('rejects a tombstone carrying a field not allowed', async () => {
      const token = await signSiteToken(SITE, key)
      const tombstone = { _id: 'contact:01TOMB', _deleted: true, type: 'contact', email: 'canary-tomb@example.com' }

      const response = await post(`/sync/${SITE}/_bulk_docs`, { docs: [tombstone] }, token)

      expect(response.status).toBe(403)
      expect(response.body.error.details[0].field).toBe('email')
    })

    it('rejects a type the policy does not name', async () => {
      const token = await signSiteToken(SITE, key)
      const ticket = { _id: 'ticket:01T', type: 'ticket', subject: 'printer' }

      const response = await post(`/sync/${SITE}/_bulk_docs`, { docs: [ticket] }, token)

      expect(response.status).toBe(403)
      expect(response.body.error.details[0].field).toBe('type')
    })

    it('rejects a checkpoint with extra keys', async () => {
      const token = await signSiteToken(SITE, key)
      const checkpoint = { last_seq: 1, note: 'canary-checkpoint' }

      const response = await cloud.api.put(`/sync/${SITE}/_local/leaky`, checkpoint, { authorization: `Bearer ${token}` })

      expect(response.status).toBe(403)
      expect(response.body.error.details[0].field).toBe('note')
      expect(await siteDb.getLocal('_local/leaky')).toBeUndefined()
    })

    it('rejects an oversized batch with 413', async () => {
      const token = await signSiteToken(SITE, key)
      const padding = 'x'.repeat(MAX_SYNC_BODY_BYTES)

      const response = await post(`/sync/${SITE}/_bulk_docs`, { docs: [{ ...contact('01BIG', 'Norway'), padding }] }, token)

      expect(response.status).toBe(413)
      expect(response.body.error.code).toBe('payload_too_large')
      expect(await siteDb.get('contact:01BIG')).toBeUndefined()
    })

    it('accepts a plain tombstone', async () => {
      const token = await signSiteToken(SITE, key)
      const response = await post(`/sync/${SITE}/_bulk_docs`, { docs: [{ _id: 'contact:01PLAINTOMB', _deleted: true }] }, token)

      expect(response.status).toBe(201)
    })
  })

  describe('site token', () => {
    const infoPath = `/sync/${SITE}/`

    it('rejects a request without a token', async () => {
      const response = await cloud.api.get(infoPath)
      expect(response.status).toBe(401)
      expect(response.body.error.code).toBe('missing_token')
    })

    it('rejects a malformed token', async () => {
      const response = await cloud.api.get(infoPath, { authorization: 'Bearer not-a-jwt' })
      expect(response.status).toBe(401)
    })

    it('rejects an expired token', async () => {
      const token = await signSiteToken(SITE, key, { issuedAt: Math.floor(Date.now() / 1000) - 1000, lifetimeSeconds: 120 })
      const response = await cloud.api.get(infoPath, { authorization: `Bearer ${token}` })
      expect(response.status).toBe(401)
      expect(response.body.error.code).toBe('token_expired')
    })

    it('rejects a token signed by another key', async () => {
      const impostor = await createSiteKey()
      const token = await signSiteToken(SITE, { ...impostor, kid: key.kid })
      const response = await cloud.api.get(infoPath, { authorization: `Bearer ${token}` })
      expect(response.status).toBe(401)
      expect(response.body.error.code).toBe('invalid_signature')
    })

    it('rejects an alg none token', async () => {
      const response = await cloud.api.get(infoPath, { authorization: `Bearer ${unsignedToken(SITE, key.kid)}` })
      expect(response.status).toBe(401)
    })

    it('rejects a token living over 300 s', async () => {
      const token = await signSiteToken(SITE, key, { lifetimeSeconds: 3600 })
      const response = await cloud.api.get(infoPath, { authorization: `Bearer ${token}` })
      expect(response.status).toBe(401)
      expect(response.body.error.code).toBe('token_lifetime_too_long')
    })

    it('rejects a token with another audience', async () => {
      const token = await signSiteToken(SITE, key, { audience: 'someone-else' })
      const response = await cloud.api.get(infoPath, { authorization: `Bearer ${token}` })
      expect(response.status).toBe(401)
    })

    it('rejects a token of another site', async () => {
      const token = await signSiteToken(OTHER_SITE, otherKey)
      const response = await cloud.api.get(infoPath, { authorization: `Bearer ${token}` })
      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('wrong_site')
    })

    it('rejects an unknown site', async () => {
      const token = await signSiteToken('nowhere', key)
      const response = await cloud.api.get('/sync/nowhere/', { authorization: `Bearer ${token}` })
      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('site_unknown')
    })

    it('rejects a revoked site', async () => {
      const revokedKey = await createSiteKey()
      await enrolTestSite(cloud, { siteId: 'revoked', publicJwk: revokedKey.publicJwk, kid: revokedKey.kid, allowed: ALLOWED })
      await cloud.api.post('/api/sites/revoked/revoke')

      const token = await signSiteToken('revoked', revokedKey)
      const response = await cloud.api.get('/sync/revoked/', { authorization: `Bearer ${token}` })

      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('site_revoked')
    })

    it('accepts a valid token', async () => {
      const token = await signSiteToken(SITE, key)
      const response = await cloud.api.get(infoPath, { authorization: `Bearer ${token}` })
      expect(response.status).toBe(200)
      expect(typeof response.body.update_seq).toBe('number')
    })
  })

  it('reports every request body to the hook', () => {
    const bulkDocs = received.filter((request) => request.url.endsWith('/_bulk_docs'))
    expect(bulkDocs.some((request) => request.body.includes('canary-leak@example.com'))).toBe(true)
  })
})

describe('sync gateway shutdown', () => {
  it('ends a pending long poll', async () => {
    const cloud = await startTestCloud()
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
    const token = await signSiteToken(SITE, key)
    const poll = cloud.api.get(`/sync/${SITE}/_changes?feed=longpoll&since=0&timeout=60000`, { authorization: `Bearer ${token}` })
    const pending = cloud.api.get(`/sync/${SITE}/`, { authorization: `Bearer ${token}` })
    await pending

    await cloud.destroy()
    const response = await poll

    expect(response.status).toBe(200)
    expect(response.body.results).toEqual([])
  })

  it('closes while a live replication holds connections', async () => {
    const cloud = await startTestCloud()
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
    const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-gateway-close-'))
    const outbox = openDatabase(clientDir, 'outbox')
    const live = outbox.sync(remoteDatabase(cloud, SITE, key), { live: true, retry: true, batch_size: 500 })
    await new Promise((resolve) => live.once('paused', resolve))
    const listenersBefore = cloud.context.shutdown
    // Keep the replicator sending, so its kept-alive connections never go idle.
    let writing = true
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        await outbox.put(contact(`01CLOSE${String(n).padStart(6, '0')}`, 'Norway'))
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 500))

    const closed = await Promise.race([
      cloud.destroy().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 20_000)),
    ])

    expect(closed).toBe('closed')
    expect(listenersBefore.aborted).toBe(true)
    writing = false
    await writer
    live.cancel()
    await outbox.close()
    fs.rmSync(clientDir, { recursive: true, force: true })
  })
})

describe('sync gateway on CouchDB', () => {
  let emulator: CouchEmulator
  let cloud: TestCloud
  let key: SiteKey
  let clientDir: string

  beforeAll(async () => {
    emulator = await startCouchEmulator()
    cloud = await startTestCloud({ couchdbUrl: emulator.url })
    key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
    clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-gateway-couch-'))
  })

  afterAll(async () => {
    await cloud.destroy()
    await emulator.destroy()
    fs.rmSync(clientDir, { recursive: true, force: true })
  })

  it('pushes and pulls with opaque sequences', async () => {
    const siteDb = await cloud.context.storage.database(siteDatabaseName(SITE))
    const outbox = openDatabase(clientDir, 'outbox')
    await outbox.put(contact('01COUCHPUSH', 'Norway'))
    await siteDb.put(contact('01COUCHPULL', 'Latvia'))

    const result = await outbox.sync(remoteDatabase(cloud, SITE, key), { batch_size: 500 })
    const info = await siteDb.info()

    expect(cloud.context.storage.kind).toBe('couchdb')
    expect(typeof info.update_seq).toBe('string')
    expect(result.push?.docs_written).toBe(1)
    expect((await siteDb.get('contact:01COUCHPUSH'))?.country).toBe('Norway')
    expect(((await outbox.get('contact:01COUCHPULL')) as Record<string, unknown>).country).toBe('Latvia')
    await outbox.close()
  })
})
