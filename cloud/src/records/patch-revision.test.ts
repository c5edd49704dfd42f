import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AllowedFieldSet } from '@enclave/shared'
import { siteDatabaseName, type DocumentDatabase, type StoredDocument } from '../storage/types'
import { startTestCloud, type TestCloud } from '../testing/test-cloud'
import { createSiteKey, enrolTestSite } from '../testing/test-site'
import { readPatchRevision } from '@enclave/shared/http/patch-revision'

const SITE = 'oslo'
const DEAL_ID = 'deal:01REV'
const DEAL_PATH = `/api/sites/${SITE}/deals/${DEAL_ID}`
const STAMP = '000000001-0000-oslo'

const ALLOWED: AllowedFieldSet = {
  version: 1,
  entities: {
    deal: { fields: { title: 'sync', stage: 'sync', amount: 'sync' }, cloudWritable: ['stage', 'amount'], cloudCreatable: false, cloudDeletable: false },
  },
}

describe('readPatchRevision', () => {
  it('takes the revision from If-Match', () => {
    expect(readPatchRevision({ stage: 'Won' }, '"2-abc"')).toEqual({ patch: { stage: 'Won' }, rev: '2-abc' })
    expect(readPatchRevision({ stage: 'Won' }, '2-abc').rev).toBe('2-abc')
  })

  it('takes _rev out of the body', () => {
    expect(readPatchRevision({ _rev: '2-abc', stage: 'Won' }, undefined)).toEqual({ patch: { stage: 'Won' }, rev: '2-abc' })
  })

  it('accepts the same revision twice', () => {
    expect(readPatchRevision({ _rev: '2-abc', stage: 'Won' }, '"2-abc"').rev).toBe('2-abc')
  })

  it('returns no revision without one', () => {
    expect(readPatchRevision({ stage: 'Won' }, undefined).rev).toBeUndefined()
    expect(readPatchRevision({ stage: 'Won' }, '*').rev).toBeUndefined()
  })

  it('rejects two different revisions', () => {
    expect(() => readPatchRevision({ _rev: '2-abc', stage: 'Won' }, '"3-def"')).toThrow(/If-Match/)
  })

  it('rejects a _rev that is not text', () => {
    expect(() => readPatchRevision({ _rev: 2, stage: 'Won' }, undefined)).toThrow(/_rev/)
  })

  it('leaves a body that is not an object alone', () => {
    expect(readPatchRevision(['stage'], '"2-abc"')).toEqual({ patch: ['stage'], rev: '2-abc' })
  })
})

describe('PATCH revision check', () => {
  let cloud: TestCloud
  let siteDb: DocumentDatabase
  let current: StoredDocument

  beforeAll(async () => {
    cloud = await startTestCloud()
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
    siteDb = await cloud.context.storage.database(siteDatabaseName(SITE))
    await siteDb.put({
      _id: DEAL_ID,
      type: 'deal',
      title: 'Harbour cranes',
      stage: 'Prospecting',
      amount: 5000,
      stamps: { title: STAMP, stage: STAMP, amount: STAMP },
      residency: {},
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    })
  })

  beforeEach(async () => {
    current = (await siteDb.get(DEAL_ID))!
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  it('accepts the current revision in If-Match', async () => {
    const response = await cloud.api.patch(DEAL_PATH, { amount: 6000 }, { 'if-match': `"${current._rev}"` })

    expect(response.status).toBe(200)
    expect((await siteDb.get(DEAL_ID))?.amount).toBe(6000)
  })

  it('accepts the current _rev in the body', async () => {
    const response = await cloud.api.patch(DEAL_PATH, { _rev: current._rev, stage: 'Engaging' })

    expect(response.status).toBe(200)
    const stored = await siteDb.get(DEAL_ID)
    expect(stored?.stage).toBe('Engaging')
    expect(stored?._rev).not.toBe(current._rev)
    expect(response.headers.get('etag')).toBe(`"${stored?._rev}"`)
  })

  it('does not write _rev as a field', async () => {
    await cloud.api.patch(DEAL_PATH, { _rev: current._rev, amount: 6500 })

    const stored = await siteDb.get(DEAL_ID)
    expect(Object.keys(stored?.stamps as object)).not.toContain('_rev')
    expect(stored?._rev).not.toBe(current._rev)
  })

  it('rejects a stale _rev in the body', async () => {
    const response = await cloud.api.patch(DEAL_PATH, { _rev: '1-stale', stage: 'Lost' })

    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('conflict')
    expect(response.body.error.message).toContain('reload')
    expect(response.body.error.details.currentRev).toBe(current._rev)
    expect(await siteDb.get(DEAL_ID)).toEqual(current)
  })

  it('rejects a stale revision in If-Match', async () => {
    const response = await cloud.api.patch(DEAL_PATH, { stage: 'Lost' }, { 'if-match': '"1-stale"' })

    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('conflict')
    expect(await siteDb.get(DEAL_ID)).toEqual(current)
  })

  it('rejects If-Match and _rev that differ', async () => {
    const response = await cloud.api.patch(DEAL_PATH, { _rev: current._rev, stage: 'Lost' }, { 'if-match': '"1-stale"' })

    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_revision')
    expect(await siteDb.get(DEAL_ID)).toEqual(current)
  })

  it('still changes fields without a revision', async () => {
    const response = await cloud.api.patch(DEAL_PATH, { stage: 'Won' })

    expect(response.status).toBe(200)
    expect((await siteDb.get(DEAL_ID))?.stage).toBe('Won')
  })
})
