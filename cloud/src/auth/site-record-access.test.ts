import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AllowedFieldSet } from '@enclave/shared'
import type { ApiClient } from '@enclave/shared/testing/api-client'
import { siteDatabaseName } from '../storage/types'
import { startTestCloud, type TestCloud } from '../testing/test-cloud'
import { createSiteKey, enrolTestSite } from '../testing/test-site'

const ALLOWED: AllowedFieldSet = {
  version: 1,
  entities: {
    deal: { fields: { title: 'sync', stage: 'sync', ownerId: 'sync' }, cloudWritable: ['stage'], cloudCreatable: false },
  },
}

function deal(id: string, ownerId: string) {
  const time = '2026-01-01T00:00:00.000Z'
  return { _id: `deal:${id}`, type: 'deal', title: id, stage: 'Prospecting', ownerId, stamps: {}, residency: {}, createdAt: time, updatedAt: time }
}

describe('cloud own-scope access', () => {
  let cloud: TestCloud
  let agent: ApiClient
  let manager: ApiClient

  beforeAll(async () => {
    cloud = await startTestCloud()
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: 'site-a', publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
    const db = await cloud.context.storage.database(siteDatabaseName('site-a'))
    await db.bulkDocs([deal('01A', 'user:remote-agent'), deal('01B', 'user:someone-else')])
    agent = await cloud.signIn('agent', { username: 'remote-agent', sites: ['site-a'] })
    manager = await cloud.signIn('manager', { sites: ['site-a'] })
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  it('lists only own deals', async () => {
    const list = await agent.get('/api/sites/site-a/deals')
    expect(list.status).toBe(200)
    expect(list.body.items.map((item: { _id: string }) => item._id)).toEqual(['deal:01A'])
  })

  it('hides another owner deal', async () => {
    expect((await agent.get('/api/sites/site-a/deals/deal:01B')).status).toBe(404)
    expect((await agent.patch('/api/sites/site-a/deals/deal:01B', { stage: 'Won' })).status).toBe(404)
  })

  it('changes an own deal', async () => {
    const changed = await agent.patch('/api/sites/site-a/deals/deal:01A', { stage: 'Engaging' })
    expect(changed.status).toBe(200)
    expect(changed.body.stage).toBe('Engaging')
  })

  it('shows every deal to a manager', async () => {
    expect((await manager.get('/api/sites/site-a/deals')).body.total).toBe(2)
  })
})
