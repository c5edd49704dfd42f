import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { uploadFile } from './testing/import-client'

/** Batches the tests upload, one more than the default page size of 50. */
const UPLOADS = 51

describe('import batch list', () => {
  let edge: TestEdge
  let uploaded: string[]

  beforeAll(async () => {
    edge = await startTestEdge()
    uploaded = []
    for (let index = 0; index < UPLOADS; index++) {
      const response = await uploadFile(edge.api, `Email\nlisted.${index}@example.com\n`, 'contacts', `file-${index}.csv`)
      expect(response.status).toBe(201)
      uploaded.push(response.body.batchId as string)
    }
  }, 60_000)

  afterAll(async () => {
    await edge.destroy()
  })

  const idsOf = (items: { batchId: string }[]) => items.map((item) => item.batchId)

  it('returns 50 batches by default', async () => {
    const response = await edge.api.get('/api/imports')

    expect(response.status).toBe(200)
    expect(response.body.items).toHaveLength(50)
    expect(response.body.total).toBe(UPLOADS)
    expect(response.body.limit).toBe(50)
    expect(response.body.offset).toBe(0)
  })

  it('pages newest first without overlap', async () => {
    const first = await edge.api.get('/api/imports?limit=20')
    const second = await edge.api.get('/api/imports?limit=20&offset=20')
    const last = await edge.api.get('/api/imports?limit=20&offset=40')

    expect(first.body.items).toHaveLength(20)
    expect(second.body.items).toHaveLength(20)
    expect(last.body.items).toHaveLength(UPLOADS - 40)
    expect(last.body.total).toBe(UPLOADS)
    const all = [...first.body.items, ...second.body.items, ...last.body.items]
    expect(new Set(idsOf(all))).toEqual(new Set(uploaded))
    const times = all.map((item: { createdAt: string }) => item.createdAt)
    expect(times).toEqual([...times].sort().reverse())
  })

  it('leaves out deleted batches', async () => {
    const deletedId = uploaded[0]!
    const removed = await edge.api.delete(`/api/imports/${deletedId}`)
    expect(removed.status).toBe(200)

    const response = await edge.api.get('/api/imports?limit=500')
    expect(response.body.total).toBe(UPLOADS - 1)
    expect(idsOf(response.body.items)).not.toContain(deletedId)
    expect((await edge.api.get(`/api/imports/${deletedId}`)).body.status).toBe('deleted')
  })

  it('rejects an invalid limit or offset', async () => {
    for (const query of ['limit=-1', 'limit=501', 'limit=ten', 'offset=1.5']) {
      const response = await edge.api.get(`/api/imports?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.body.error.code, query).toBe('invalid_query')
    }
  })
})
