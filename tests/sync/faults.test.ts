import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecordDoc } from '@enclave/shared'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { freePort, startChildTier, type ChildTier } from './child-tier'
import { startFaultProxy, type FaultProxy } from './fault-proxy'
import { cloudContents, createSite, siteDatabase, startEnrolledEdge, waitFor, waitForConvergence } from './harness'

const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  cleanups.length = 0
})

async function setUp(siteId: string): Promise<{ cloud: TestCloud; proxy: FaultProxy; edge: TestEdge }> {
  const cloud = await startTestCloud()
  cleanups.push(() => cloud.destroy())
  const proxy = await startFaultProxy(cloud.url)
  cleanups.push(() => proxy.close())
  const edge = await startEnrolledEdge(cloud, siteId, { cloudUrl: proxy.url })
  cleanups.push(() => edge.destroy())
  return { cloud, proxy, edge }
}

/** Writes `count` contacts straight to the record store, as an import does. */
async function createContacts(edge: TestEdge, count: number, prefix: string): Promise<RecordDoc[]> {
  const docs = Array.from({ length: count }, (_, index) =>
    edge.context.store.buildNew('contact', {
      firstName: `${prefix}${index}`,
      lastName: 'Faultline',
      country: 'DE',
      jobTitle: `${prefix} role ${index}`,
    }),
  )
  const { saved, failed } = await edge.context.store.createMany('contact', docs)
  expect(failed).toEqual([])
  return saved
}

async function expectSameRecords(edge: TestEdge, cloud: TestCloud, siteId: string, expectedCount: number): Promise<void> {
  const synced = await waitForConvergence(edge, cloud, siteId, 90_000)
  const contacts = [...synced.values()].filter((body) => body.includes('"type":"contact"'))
  const page = await (await siteDatabase(cloud, siteId)).allDocs({ conflicts: true, includeDocs: true })

  expect(contacts.length).toBe(expectedCount)
  expect(page.rows.filter((row) => !row.value.deleted && row.id.startsWith('contact:')).length).toBe(expectedCount)
  expect(page.rows.filter((row) => (row.doc?._conflicts as string[] | undefined)?.length)).toEqual([])
}

describe('sync under faults', () => {
  it('converges through delay and dropped connections', async () => {
    const { cloud, proxy, edge } = await setUp('faults-drop')
    proxy.settings.delayMs = 20

    await createContacts(edge, 300, 'Drop')
    for (let round = 0; round < 4; round++) {
      await new Promise((resolve) => setTimeout(resolve, 150))
      proxy.goDown()
      await new Promise((resolve) => setTimeout(resolve, 150))
      proxy.goUp()
    }

    await expectSameRecords(edge, cloud, 'faults-drop', 300)
    expect(proxy.counts.dropped + proxy.counts.connections).toBeGreaterThan(0)
  })

  it('converges after batches cut mid-body', async () => {
    const { cloud, proxy, edge } = await setUp('faults-cut')
    proxy.settings.cutBulkDocs = 3

    await createContacts(edge, 1200, 'Cut')

    await expectSameRecords(edge, cloud, 'faults-cut', 1200)
    expect(proxy.counts.cut).toBe(3)
  })

  it('splits batches the cloud rejects as too large', async () => {
    const { cloud, proxy, edge } = await setUp('faults-413')
    proxy.settings.maxBodyBytes = 40_000

    await createContacts(edge, 600, 'Large')

    await expectSameRecords(edge, cloud, 'faults-413', 600)
    expect(proxy.counts.rejected413).toBeGreaterThan(0)
  })

  it('loses no edit made while connections drop', async () => {
    const { cloud, proxy, edge } = await setUp('faults-edits')
    const contacts = await createContacts(edge, 100, 'Edit')
    await waitForConvergence(edge, cloud, 'faults-edits')

    proxy.settings.delayMs = 10
    for (const [index, contact] of contacts.entries()) {
      if (index % 25 === 0) proxy.goDown()
      if (index % 25 === 10) proxy.goUp()
      await edge.context.store.update('contact', contact._id, { jobTitle: `Edited ${index}` })
    }
    proxy.goUp()

    await expectSameRecords(edge, cloud, 'faults-edits', 100)
    const cloudDocs = await cloudContents(cloud, 'faults-edits')
    for (const [index, contact] of contacts.entries()) {
      expect(JSON.parse(cloudDocs.get(contact._id)!).jobTitle).toBe(`Edited ${index}`)
    }
  })

  it('converges after the edge process is killed mid-replication', async () => {
    const cloud = await startTestCloud()
    cleanups.push(() => cloud.destroy())
    const proxy = await startFaultProxy(cloud.url)
    cleanups.push(() => proxy.close())
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-edge-kill-'))
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }))

    const code = await createSite(cloud, 'faults-kill-edge')
    proxy.goDown()
    const first = await startTestEdge({ siteId: 'faults-kill-edge', cloudUrl: proxy.url, dataDir })
    await first.api.post('/api/sync/enrol', { enrolmentCode: code, cloudUrl: cloud.url })
    await createContacts(first, 3000, 'Killed')
    await first.close()

    proxy.goUp()
    proxy.settings.delayMs = 5
    let child: ChildTier | undefined = await startChildTier('edge', {
      EDGE_PORT: '0',
      EDGE_DATA_DIR: dataDir,
      CLOUD_URL: proxy.url,
      SITE_ID: 'faults-kill-edge',
    })
    cleanups.push(async () => child?.kill9())
    const partial = await waitFor('some contacts in the cloud', async () => {
      const count = (await cloudContents(cloud, 'faults-kill-edge')).size
      return count > 0 ? count : undefined
    }, 90_000)
    await child.kill9()
    child = undefined
    proxy.settings.delayMs = 0

    const edge = await startTestEdge({ siteId: 'faults-kill-edge', cloudUrl: proxy.url, dataDir })
    cleanups.push(() => edge.close())

    expect(partial).toBeLessThan(3000)
    await expectSameRecords(edge, cloud, 'faults-kill-edge', 3000)
  })

  it('converges after the cloud process is killed mid-replication', async () => {
    const cloudDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cloud-kill-'))
    cleanups.push(async () => fs.rmSync(cloudDir, { recursive: true, force: true }))
    const port = await freePort()
    const setup = await startTestCloud({ dataDir: cloudDir, port })
    const code = await createSite(setup, 'faults-kill-cloud')
    await setup.close()

    const cloudEnv = { CLOUD_PORT: String(port), CLOUD_DATA_DIR: cloudDir }
    let child: ChildTier | undefined = await startChildTier('cloud', cloudEnv)
    cleanups.push(async () => child?.kill9())
    const proxy = await startFaultProxy(child.url)
    cleanups.push(() => proxy.close())
    proxy.settings.delayMs = 5
    const edge = await startTestEdge({ siteId: 'faults-kill-cloud', cloudUrl: proxy.url })
    cleanups.push(() => edge.destroy())
    const enrolled = await edge.api.post('/api/sync/enrol', { enrolmentCode: code })
    expect(enrolled.status).toBe(200)
    await createContacts(edge, 3000, 'Crash')

    // The whole push takes about a second, so a short poll is needed to catch it between
    // batches. A push that ends between two polls still has the cloud killed right after it.
    let lastStatus = ''
    await waitFor('the cloud receiving contacts', async () => {
      const pushed = await edge.api.get('/api/sync/status')
      lastStatus = `${JSON.stringify(proxy.counts)} ${JSON.stringify(pushed.body)}`
      return proxy.counts.bulkDocs > 1
    }, 90_000, 10).catch((error: Error) => {
      throw new Error(`${error.message}; last status ${lastStatus}`)
    })
    await child.kill9()
    child = await startChildTier('cloud', cloudEnv)
    proxy.settings.delayMs = 0

    const cloud = await startTestCloudView(cloudDir, child)
    await waitFor('edge and cloud to converge', async () => {
      await edge.context.sync!.drain()
      const status = await edge.api.get('/api/sync/status')
      const contacts = await cloud.countContacts()
      return status.body.state === 'connected' && status.body.pendingPush === 0 && contacts === 3000
    }, 90_000)
    const pulled = await cloud.contactIds()

    expect(new Set(pulled).size).toBe(3000)
  })
})

/**
 * Reads the restarted cloud child's site database through the gateway's read API as the
 * cloud admin would, since its storage belongs to the child process.
 */
async function startTestCloudView(_cloudDir: string, child: ChildTier) {
  const { ApiClient } = await import('@enclave/shared/testing/api-client')
  const { TEST_CLOUD_ADMIN_PASSWORD, signInCloudClient } = await import('@enclave/cloud/testing/test-cloud')
  const api = new ApiClient(child.url)
  await signInCloudClient(api, 'admin', TEST_CLOUD_ADMIN_PASSWORD)
  const listPage = async (offset: number) => {
    const page = await api.get(`/api/sites/faults-kill-cloud/contacts?limit=500&offset=${offset}`)
    return page.body as { items?: { _id: string }[]; total?: number }
  }
  return {
    countContacts: async () => (await listPage(0)).total ?? 0,
    contactIds: async () => {
      const ids: string[] = []
      for (let offset = 0; ; offset += 500) {
        const page = await listPage(offset)
        ids.push(...(page.items ?? []).map((item) => item._id))
        if (!page.items?.length) return ids
      }
    },
  }
}
