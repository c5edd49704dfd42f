import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, toAllowedFieldSet, type AllowedFieldSet } from '@enclave/shared'
import { siteDatabaseName, type DocumentDatabase } from '../storage/types'
import { startTestCloud, type TestCloud } from '../testing/test-cloud'
import { createSiteKey, enrolTestSite, signSiteToken, type SiteKey } from '../testing/test-site'

// The cloud purges right after a stricter publish instead of leaving the edge time to do it.
process.env.RESIDENCY_PURGE_GRACE_MS = '0'

const SITE = 'tromso'
const CONTACT = 'contact:01J00000000000000000000007'

let cloud: TestCloud
let key: SiteKey
let db: DocumentDatabase

async function call(method: string, path: string, body?: unknown, siteKey: SiteKey | null = key) {
  const headers: Record<string, string> = {}
  if (siteKey) headers.authorization = `Bearer ${await signSiteToken(SITE, siteKey)}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${cloud.url}/api/sites/${SITE}/residency${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as any }
}

function withoutJobTitle(): AllowedFieldSet {
  const allowed = toAllowedFieldSet(DEFAULT_POLICY)
  delete allowed.entities.contact!.fields.jobTitle
  return { ...allowed, version: 2 }
}

beforeAll(async () => {
  cloud = await startTestCloud()
  key = await createSiteKey()
  await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: toAllowedFieldSet(DEFAULT_POLICY) })
  db = await cloud.context.storage.database(siteDatabaseName(SITE))
  const first = await db.put({ _id: CONTACT, type: 'contact', jobTitle: 'Canary-Job-1', country: 'NO' })
  await db.put({ _id: CONTACT, _rev: first.rev, type: 'contact', jobTitle: 'Canary-Job-2', country: 'NO' })
})

afterAll(async () => {
  await cloud?.destroy()
})

describe('residency audit endpoint', () => {
  it('rejects a request without a token', async () => {
    expect((await call('POST', '/audit', undefined, null)).status).toBe(401)
  })

  it('rejects a token of another key', async () => {
    expect((await call('POST', '/audit', undefined, await createSiteKey())).status).toBe(401)
  })

  it('finds canaries in old revisions', async () => {
    const response = await call('POST', '/audit', { canaries: ['canary-job-1', 'Canary-Job-2'] })

    expect(response.status).toBe(200)
    expect(response.body.documentsScanned).toBe(1)
    expect(response.body.revisionsScanned).toBe(2)
    expect(response.body.canaryHitCount).toBe(2)
    expect(JSON.stringify(response.body)).not.toContain('Canary-Job')
  })

  it('rejects short canaries', async () => {
    const response = await call('POST', '/audit', { canaries: ['ab'] })

    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain('canaries[0]')
  })

  it('returns the latest audit', async () => {
    const response = await call('GET', '/audit')

    expect(response.status).toBe(200)
    expect(response.body.policyVersion).toBe(1)
  })
})

describe('residency purge endpoint', () => {
  it('removes values a stricter policy forbids', async () => {
    await cloud.context.sites.publishPolicy(SITE, withoutJobTitle())
    const response = await call('POST', '/purge', { canaries: ['Canary-Job-1', 'Canary-Job-2'] })

    expect(response.status).toBe(200)
    expect(response.body.purge.documentsRewritten).toBe(1)
    expect(response.body.audit.policyVersion).toBe(2)
    expect(response.body.audit.violationCount).toBe(0)
    expect(response.body.audit.canaryHitCount).toBe(0)
  })

  it('keeps allowed fields', async () => {
    expect((await db.get(CONTACT))?.country).toBe('NO')
  })
})

describe('stricter policy published', () => {
  it('makes the cloud purge on its own', async () => {
    const allowed = withoutJobTitle()
    delete allowed.entities.contact!.fields.country
    const response = await fetch(`${cloud.url}/api/sites/${SITE}/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await signSiteToken(SITE, key)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...allowed, version: 3 }),
    })
    expect(response.status).toBe(200)

    const report = await waitForAudit(3)
    expect(report.violationCount).toBe(0)
    expect(await db.get(CONTACT)).not.toHaveProperty('country')
  })
})

/** Polls the stored audit until one of `version` or newer exists. */
async function waitForAudit(version: number): Promise<{ violationCount: number }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await call('GET', '/audit')
    if (response.status === 200 && response.body?.policyVersion >= version) return response.body
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no residency audit of policy version ${version} appeared`)
}

describe('residency audit for cloud users', () => {
  it('is open to a cloud admin', async () => {
    const response = await cloud.api.post(`/api/sites/${SITE}/residency/audit`, {})

    expect(response.status).toBe(200)
    expect(response.body.siteId).toBe(SITE)
  })

  it('returns null before the first audit', async () => {
    const newSite = 'bodo'
    const siteKey = await createSiteKey()
    await enrolTestSite(cloud, { siteId: newSite, publicJwk: siteKey.publicJwk, kid: siteKey.kid, allowed: toAllowedFieldSet(DEFAULT_POLICY) })

    const response = await cloud.api.get(`/api/sites/${newSite}/residency/audit`)

    expect(response.status).toBe(200)
    expect(response.body).toBeNull()
  })

  it('rejects the latest audit of an unknown site', async () => {
    const response = await cloud.api.get('/api/sites/nowhere/residency/audit')

    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('site_not_found')
  })

  it('is closed to other roles', async () => {
    const viewer = await cloud.signIn('viewer', { sites: [SITE] })
    const response = await viewer.post(`/api/sites/${SITE}/residency/audit`, {})

    expect(response.status).toBe(403)
  })
})

describe('residency erase endpoint', () => {
  it('rejects a request without a token', async () => {
    expect((await call('POST', '/erase', { ids: [CONTACT] }, null)).status).toBe(401)
  })

  it('rejects a list without ids', async () => {
    const response = await call('POST', '/erase', { ids: [] })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_erasure_ids')
  })

  it('rejects a value that is not a document id', async () => {
    const response = await call('POST', '/erase', { ids: ['../enclave_meta'] })
    expect(response.status).toBe(400)
    expect(response.body.error.params.value).toBe('../enclave_meta')
  })

  it('deletes the named document', async () => {
    const response = await call('POST', '/erase', { ids: [CONTACT] })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ siteId: SITE, documentsFound: 1 })
    expect(await db.get(CONTACT)).toBeUndefined()
  })
})
