import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncRequestRecord } from '@enclave/cloud'
import type { TestCloud } from '@enclave/cloud/testing/test-cloud'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { Replicator } from '@enclave/edge-agent/sync/replicator'
import { cloudDoc, startEnrolledEdge, startRecordingCloud, waitFor } from './harness'

const SITE = 'initial-push'

describe('replicator start', () => {
  let cloud: TestCloud
  let requests: SyncRequestRecord[]
  let edge: TestEdge

  beforeAll(async () => {
    ;({ cloud, requests } = await startRecordingCloud())
    edge = await startEnrolledEdge(cloud, SITE)
    await edge.context.sync!.activeReplicator!.stop()
  })

  afterAll(async () => {
    await edge?.destroy()
    await cloud?.destroy()
  })

  it('pushes nothing until the outbox is filled', async () => {
    const created = await edge.api.post('/api/contacts', { lastName: 'Haugen', country: 'NO', jobTitle: 'Buyer' })
    const id = created.body._id as string
    await edge.context.sync!.drain()

    let fill!: () => void
    const filled = new Promise<void>((resolve) => (fill = resolve))
    const replicator = new Replicator(edge.context, cloud.url, { untilOutboxFilled: () => filled })
    const before = requests.length
    replicator.start()
    try {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const bulkDocs = requests.slice(before).filter((request) => request.url.includes('_bulk_docs'))
      expect(bulkDocs).toEqual([])
      expect(await cloudDoc(cloud, SITE, id)).toBeUndefined()

      fill()
      const pushed = await waitFor('the contact at the cloud', () => cloudDoc(cloud, SITE, id))
      expect(pushed.jobTitle).toBe('Buyer')
    } finally {
      await replicator.stop()
    }
  })

  it('does not start after a stop during the wait', async () => {
    const created = await edge.api.post('/api/contacts', { lastName: 'Dahl', country: 'NO', jobTitle: 'Buyer' })
    const id = created.body._id as string
    await edge.context.sync!.drain()

    let fill!: () => void
    const filled = new Promise<void>((resolve) => (fill = resolve))
    const replicator = new Replicator(edge.context, cloud.url, { untilOutboxFilled: () => filled })
    replicator.start()
    await replicator.stop()
    fill()
    await new Promise((resolve) => setTimeout(resolve, 500))

    expect(await cloudDoc(cloud, SITE, id)).toBeUndefined()
  })
})
