import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { importServiceOf } from './import-worker'
import { importFile, uploadFile } from './testing/import-client'

const DAY_MS = 24 * 60 * 60 * 1000

describe('import batch deletion', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  const uploadPath = (batchId: string) => path.join(edge.dataDir, 'imports', `${batchId}.upload`)

  it('deletes an upload that never ran', async () => {
    const uploaded = await uploadFile(edge.api, 'Email\nnever.run@example.com\n')
    const batchId = uploaded.body.batchId
    expect(fs.existsSync(uploadPath(batchId))).toBe(true)

    const deleted = await edge.api.delete(`/api/imports/${batchId}`)

    expect(deleted.status).toBe(200)
    expect(deleted.body.status).toBe('deleted')
    expect(deleted.body.deletedBy).toBe('user:admin')
    expect(fs.existsSync(uploadPath(batchId))).toBe(false)
    expect((await edge.api.get(`/api/imports/${batchId}`)).body.status).toBe('deleted')
  })

  it('records the deletion in the audit log', async () => {
    const entries = (await edge.api.get('/api/audit?action=import.delete')).body

    expect(entries.total).toBe(1)
    expect(entries.items[0].user).toBe('user:admin')
    expect(entries.items[0].detail).toMatchObject({ type: 'contact', status: 'uploaded', reason: 'request' })
  })

  it('rejects steps on a deleted batch', async () => {
    const uploaded = await uploadFile(edge.api, 'Email\ngone@example.com\n')
    await edge.api.delete(`/api/imports/${uploaded.body.batchId}`)

    const preview = await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, {})
    const rejected = await edge.api.get(`/api/imports/${uploaded.body.batchId}/rejected`)

    expect(preview.status).toBe(409)
    expect(preview.body.error.code).toBe('invalid_state')
    expect(rejected.status).toBe(409)
    expect(rejected.body.error.params).toEqual({ reason: 'deleted' })
  })

  it('keeps a finished batch until it is undone', async () => {
    const { batchId } = await importFile(edge.api, 'First Name,Email\nDone,done@example.com\nBad,not-an-email\n')

    const notDeletable = await edge.api.delete(`/api/imports/${batchId}`)
    expect(notDeletable.status).toBe(409)
    expect(notDeletable.body.error.params).toEqual({ status: 'done', allowed: ['uploaded', 'failed', 'undone'] })

    await edge.api.post(`/api/imports/${batchId}/undo`)
    const deleted = await edge.api.delete(`/api/imports/${batchId}`)
    expect(deleted.status).toBe(200)
    const chunks = await edge.context.databases.meta.allDocs({ startkey: `import-chunk:${batchId}:`, endkey: `import-chunk:${batchId}:\uffff` })
    expect(chunks.rows).toHaveLength(0)
  })
})

describe('import upload expiry', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('deletes uploads past the retention period', async () => {
    const uploaded = await uploadFile(edge.api, 'Email\nexpired@example.com\n')
    const batchId = uploaded.body.batchId
    const service = importServiceOf(edge.context)

    const expiredToday = await service.expireUploads(new Date())
    expect(expiredToday).toBe(0)
    const expired = await service.expireUploads(new Date(Date.now() + 8 * DAY_MS))

    expect(expired).toBe(1)
    expect((await edge.api.get(`/api/imports/${batchId}`)).body.status).toBe('deleted')
    expect(fs.existsSync(path.join(edge.dataDir, 'imports', `${batchId}.upload`))).toBe(false)
    const entries = (await edge.api.get('/api/audit?action=import.delete')).body
    expect(entries.items[0]).toMatchObject({ user: 'system', detail: { batchId, reason: 'expired' } })
  })

  it('leaves batches that ran', async () => {
    const { batchId } = await importFile(edge.api, 'Email\nran@example.com\n')

    await importServiceOf(edge.context).expireUploads(new Date(Date.now() + 8 * DAY_MS))

    expect((await edge.api.get(`/api/imports/${batchId}`)).body.status).toBe('done')
  })
})
