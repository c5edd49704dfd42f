import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClock } from '@enclave/shared'
import { startTestEdge, type TestEdge } from '../testing/test-edge'

let edge: TestEdge

beforeEach(async () => {
  edge = await startTestEdge()
  // A first record moves the projector past its full pass, which would also find a pulled document.
  await edge.api.post('/api/contacts', { lastName: 'Berg', country: 'NO', jobTitle: 'Buyer' })
  await edge.context.sync!.drain()
})

afterEach(async () => {
  vi.restoreAllMocks()
  await edge.destroy()
})

/** Writes an activity into the outbox the way the replicator's pull does, with a cloud revision. */
async function pullCloudActivity(subject: string): Promise<string> {
  const stamp = createClock('cloud').now()
  const id = 'activity:01J0000000000000000000PULL'
  const now = new Date().toISOString()
  const doc = { _id: id, _rev: '1-0123456789abcdef0123456789abcdef', type: 'activity', kind: 'call', subject, createdAt: now, updatedAt: now, stamps: { kind: stamp, subject: stamp } }
  await edge.context.databases.outbox.bulkDocs([doc] as never, { new_edits: false })
  return id
}

describe('Merger walks', () => {
  it('passes over own outbox writes without reading the changes feed', async () => {
    const changes = vi.spyOn(edge.context.databases.outbox, 'changes')
    for (const lastName of ['Okafor', 'Lindqvist', 'Moreau']) await edge.api.post('/api/contacts', { lastName, country: 'FR', jobTitle: 'Buyer' })
    await edge.context.sync!.drain()

    expect(changes).not.toHaveBeenCalled()
    expect((await edge.context.databases.outbox.info()).doc_count).toBe(4)
  })

  it('still merges a pulled document written among own writes', async () => {
    const id = await pullCloudActivity('Called from the cloud')
    await edge.api.post('/api/contacts', { lastName: 'Okafor', country: 'FR', jobTitle: 'Buyer' })
    await edge.context.sync!.drain()

    const record = await edge.api.get(`/api/activities/${encodeURIComponent(id)}`)
    expect(record.status).toBe(200)
    expect(record.body.subject).toBe('Called from the cloud')
  })
})
