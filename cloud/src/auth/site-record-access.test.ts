import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AllowedFieldSet } from '@enclave/shared'
import type { ApiClient } from '@enclave/shared/testing/api-client'
import { siteDatabaseName } from '../storage/types'
import { startTestCloud, type TestCloud } from '../testing/test-cloud'
import { createSiteKey, enrolTestSite } from '../testing/test-site'

const ALLOWED: AllowedFieldSet = {
  version: 1,
  entities: {
    deal: { fields: { title: 'sync', stage: 'sync', ownerId: 'sync' }, cloudWritable: ['stage'], cloudCreatable: false, cloudDeletable: false },
    activity: { fields: { kind: 'sync', subject: 'sync', ownerId: 'sync' }, cloudWritable: ['kind', 'subject'], cloudCreatable: true, cloudDeletable: true },
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

  it('makes the creator own a new activity', async () => {
    const created = await agent.post('/api/sites/site-a/activities', { kind: 'call', subject: 'Call from the road' })
    const read = await agent.get(`/api/sites/site-a/activities/${created.body._id}`)
    const listed = await agent.get('/api/sites/site-a/activities')

    expect(created.status).toBe(201)
    expect(created.body.ownerId).toBe('user:remote-agent')
    expect(read.status).toBe(200)
    expect(listed.body.items.map((item: { _id: string }) => item._id)).toContain(created.body._id)
  })

  it('keeps an owner the body names', async () => {
    const created = await manager.post('/api/sites/site-a/activities', { kind: 'call', subject: 'For the agent', ownerId: 'user:remote-agent' })

    expect(created.body.ownerId).toBe('user:remote-agent')
  })

  it('shows every deal to a manager', async () => {
    expect((await manager.get('/api/sites/site-a/deals')).body.total).toBe(2)
  })
})
