import { afterEach, describe, expect, it } from 'vitest'
import type { SyncRequestRecord } from '@enclave/cloud'
import type { TestCloud } from '@enclave/cloud/testing/test-cloud'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { createSite, siteDatabase, startRecordingCloud, waitFor, waitForConvergence } from './harness'

const CONTACTS = 1200

/** Counts the documents named in the bodies of one kind of sync request. */
function documentsIn(requests: SyncRequestRecord[], path: string): number {
  return requests
    .filter((request) => request.method === 'POST' && request.url.split('?')[0]!.endsWith(path))
    .reduce((sum, request) => {
      const body = JSON.parse(request.body) as { docs?: unknown[] } & Record<string, unknown>
      return sum + (Array.isArray(body.docs) ? body.docs.length : Object.keys(body).length)
    }, 0)
}

async function addContacts(edge: TestEdge, count: number): Promise<void> {
  const docs = Array.from({ length: count }, (_, index) => edge.context.store.buildNew('contact', { firstName: `Upload${index}`, country: 'NO' }))
  const { failed } = await edge.context.store.createMany('contact', docs)
  expect(failed).toEqual([])
}

async function enrol(edge: TestEdge, code: string): Promise<void> {
  const enrolled = await edge.api.post('/api/sync/enrol', { enrolmentCode: code })
  expect(enrolled.status).toBe(200)
}

describe('initial upload', () => {
  let cloud: TestCloud | undefined
  let edge: TestEdge | undefined

  afterEach(async () => {
    await edge?.destroy()
    await cloud?.destroy()
  })

  it('sends each document once and skips revs_diff', async () => {
    const recording = await startRecordingCloud()
    cloud = recording.cloud
    const code = await createSite(cloud, 'upload')
    edge = await startTestEdge({ siteId: 'upload', cloudUrl: cloud.url })
    await addContacts(edge, CONTACTS)
    await edge.context.sync!.drain()

    await enrol(edge, code)
    await waitForConvergence(edge, cloud, 'upload')

    expect(documentsIn(recording.requests, '/_bulk_docs')).toBe(CONTACTS)
    expect(documentsIn(recording.requests, '/_revs_diff')).toBe(0)
  })

  it('uploads while the projector still writes', async () => {
    const recording = await startRecordingCloud()
    cloud = recording.cloud
    const code = await createSite(cloud, 'busy')
    edge = await startTestEdge({ siteId: 'busy', cloudUrl: cloud.url })

    await Promise.all([addContacts(edge, CONTACTS), enrol(edge, code)])
    const converged = await waitForConvergence(edge, cloud, 'busy')

    expect(converged.size).toBe(CONTACTS)
    expect(documentsIn(recording.requests, '/_revs_diff')).toBeLessThan(CONTACTS)
  })

  it('hands later edits to replication', async () => {
    ;({ cloud } = await startRecordingCloud())
    const code = await createSite(cloud, 'later')
    edge = await startTestEdge({ siteId: 'later', cloudUrl: cloud.url })
    await addContacts(edge, 10)
    await edge.context.sync!.drain()
    await enrol(edge, code)
    await waitForConvergence(edge, cloud, 'later')

    const created = await edge.api.post('/api/contacts', { firstName: 'After', country: 'NO' })
    const id = created.body._id as string
    await edge.api.patch(`/api/contacts/${id}`, { country: 'SE' })

    const db = await siteDatabase(cloud, 'later')
    await waitFor('the edit in the cloud', async () => (await db.get(id))?.country === 'SE')
  })

  it('leaves a cloud database with documents to replication', async () => {
    const recording = await startRecordingCloud()
    cloud = recording.cloud
    const code = await createSite(cloud, 'filled')
    edge = await startTestEdge({ siteId: 'filled', cloudUrl: cloud.url })
    await addContacts(edge, 50)
    await edge.context.sync!.drain()
    const db = await siteDatabase(cloud, 'filled')
    await db.put({ _id: 'note:01HZZZZZZZZZZZZZZZZZZZZZZ1', type: 'note', body: 'written in the cloud first' })

    await enrol(edge, code)
    await waitForConvergence(edge, cloud, 'filled')

    expect(documentsIn(recording.requests, '/_revs_diff')).toBeGreaterThanOrEqual(50)
  })
})
