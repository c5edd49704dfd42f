import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { siteDatabaseName } from '@enclave/cloud/storage/types'
import { auditResidency } from '@enclave/cloud/residency/residency-audit'
import { DEFAULT_POLICY, toAllowedFieldSet } from '@enclave/shared'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startFaultProxy, type FaultProxy } from '../sync/fault-proxy'
import { startEnrolledEdge, waitFor, waitForConvergence } from '../sync/harness'

const SITE = 'erasure-resume-site'
const CANARY = 'Canary-Erasure-Resume'

describe('cloud erasure while the cloud is down', () => {
  let cloud: TestCloud
  let proxy: FaultProxy
  let edge: TestEdge
  let contactId: string

  /** Counts the cloud revisions, of any generation, that still contain the canary. */
  async function canaryHits(): Promise<number> {
    const db = await cloud.context.storage.database(siteDatabaseName(SITE))
    return (await auditResidency(db, SITE, toAllowedFieldSet(DEFAULT_POLICY), [CANARY])).canaryHitCount
  }

  beforeAll(async () => {
    cloud = await startTestCloud()
    proxy = await startFaultProxy(cloud.url)
    edge = await startEnrolledEdge(cloud, SITE, { cloudUrl: proxy.url })
    contactId = (await edge.api.post('/api/contacts', { firstName: 'Ilse', jobTitle: CANARY, country: 'NL' })).body._id
    await waitForConvergence(edge, cloud, SITE)
    expect(await canaryHits()).toBe(1)
    proxy.goDown()
  }, 120_000)

  afterAll(async () => {
    await edge?.destroy()
    await proxy?.close()
    await cloud?.destroy()
  })

  it('answers pending and keeps the ids', async () => {
    const response = await edge.api.post(`/api/contacts/${contactId}/erase`, { reason: 'Request by email' })

    expect(response.status).toBe(200)
    expect(response.body.cloud).toBe('pending')
    expect((await edge.context.cloudErasure!.pending())?.ids).toEqual([contactId])
  }, 60_000)

  it('keeps the ids across a restart', async () => {
    const dataDir = edge.dataDir
    await edge.close()
    edge = await startTestEdge({ dataDir, siteId: SITE, cloudUrl: proxy.url })

    expect((await edge.context.cloudErasure!.pending())?.ids).toEqual([contactId])
  })

  it('erases the cloud copy once the cloud is back', async () => {
    proxy.goUp()
    await waitFor('the cloud erasure', async () => (await edge.context.cloudErasure!.pending()) === undefined, 60_000)

    expect(await canaryHits()).toBe(0)
    const db = await cloud.context.storage.database(siteDatabaseName(SITE))
    expect(await db.get(contactId)).toBeUndefined()
  }, 90_000)
})
