import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInClient, startTestEdge, TEST_USER_PASSWORD, type TestEdge } from '../testing/test-edge'
import { importServiceOf } from './import-worker'
import { uploadFile } from './testing/import-client'

const CSV = 'Email\nstarter@example.com\n'

describe('import batch starter names', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  /** Creates a manager with `displayName`, uploads a file as that manager and returns the batch id. */
  async function uploadAs(username: string, displayName: string): Promise<string> {
    const created = await edge.api.post('/api/users', { username, password: TEST_USER_PASSWORD, role: 'manager', displayName })
    expect(created.status).toBe(201)
    const client = edge.anonymous()
    await signInClient(client, username, TEST_USER_PASSWORD)
    const uploaded = await uploadFile(client, CSV)
    expect(uploaded.status).toBe(201)
    return uploaded.body.batchId as string
  }

  /** Uploads a file through the service with `actor` as its starter and returns the batch id. */
  async function uploadByActor(actor: string): Promise<string> {
    const body = new Blob([CSV]).stream()
    const batch = await importServiceOf(edge.context).upload(body, { plural: 'contacts', fileName: 'actor.csv', actor })
    return batch.batchId
  }

  async function listed(batchId: string) {
    const response = await edge.api.get('/api/imports')
    expect(response.status).toBe(200)
    return response.body.items.find((item: { batchId: string }) => item.batchId === batchId)
  }

  it('names another user by display name', async () => {
    const batchId = await uploadAs('alice', 'Alice Lindqvist')

    const item = await listed(batchId)
    expect(item.createdBy).toBe('user:alice')
    expect(item.createdByName).toBe('Alice Lindqvist')
    expect(item.createdByDeleted).toBeUndefined()
    const single = await edge.api.get(`/api/imports/${batchId}`)
    expect(single.body.createdByName).toBe('Alice Lindqvist')
  })

  it('falls back to the user name', async () => {
    // The user API always stores a display name, so this account is written to the database directly.
    const now = new Date().toISOString()
    await edge.context.databases.meta.put({
      _id: 'user:legacy',
      kind: 'user',
      username: 'legacy',
      role: 'manager',
      recordScope: 'all',
      sites: [],
      passwordHash: 'unused',
      disabled: false,
      sessionsNotBefore: 0,
      createdAt: now,
      updatedAt: now,
    } as never)
    await edge.context.auth.users.open()
    const batchId = await uploadByActor('user:legacy')

    const item = await listed(batchId)
    expect(item.createdByName).toBe('legacy')
  })

  it('marks a deleted user', async () => {
    const batchId = await uploadAs('bruno', 'Bruno Keller')
    const removed = await edge.api.delete('/api/users/user:bruno')
    expect(removed.status).toBe(204)

    const item = await listed(batchId)
    expect(item.createdBy).toBe('user:bruno')
    expect(item.createdByName).toBeUndefined()
    expect(item.createdByDeleted).toBe(true)
  })

  it('leaves a command-line batch unnamed', async () => {
    const batchId = await uploadByActor('cli')

    const item = await listed(batchId)
    expect(item.createdBy).toBe('cli')
    expect(item.createdByName).toBeUndefined()
    expect(item.createdByDeleted).toBeUndefined()
  })

  it('names the starter for a manager', async () => {
    const manager = await edge.signIn('manager', { username: 'reader' })
    const batchId = await uploadAs('carla', 'Carla Reyes')

    const response = await manager.get('/api/imports')
    expect(response.status).toBe(200)
    const item = response.body.items.find((entry: { batchId: string }) => entry.batchId === batchId)
    expect(item.createdByName).toBe('Carla Reyes')
    expect((await manager.get('/api/users')).status).toBe(403)
  })
})
