import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { importServiceOf } from './import-worker'
import { importFile, uploadFile } from './testing/import-client'

const DAY_MS = 24 * 60 * 60 * 1000

function uploadPathIn(edge: TestEdge, batchId: string): string {
  return path.join(edge.dataDir, 'imports', `${batchId}.upload`)
}

describe('import batch deletion', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  const uploadPath = (batchId: string) => uploadPathIn(edge, batchId)

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
  const uploadPath = (batchId: string) => uploadPathIn(edge, batchId)

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
    expect(fs.existsSync(uploadPath(batchId))).toBe(false)
    const entries = (await edge.api.get('/api/audit?action=import.delete')).body
    expect(entries.items[0]).toMatchObject({ user: 'system', detail: { batchId, reason: 'expired' } })
  })

  it('leaves batches that ran', async () => {
    const { batchId } = await importFile(edge.api, 'Email\nran@example.com\n')

    await importServiceOf(edge.context).expireUploads(new Date(Date.now() + 8 * DAY_MS))

    expect((await edge.api.get(`/api/imports/${batchId}`)).body.status).toBe('done')
  })

  it('deletes files no batch needs', async () => {
    const service = importServiceOf(edge.context)
    const waiting = await uploadFile(edge.api, 'Email\nstill.waiting@example.com\n')
    const finished = await importFile(edge.api, 'Email\nfinished@example.com\n')
    // Left by a stop between ending the batch and deleting its file, and between receiving a file and storing its batch.
    fs.writeFileSync(uploadPath(finished.batchId), 'Email\nfinished@example.com\n')
    fs.writeFileSync(uploadPath('01HZZZZZZZZZZZZZZZZZZORPHAN'), 'Email\norphan@example.com\n')
    fs.writeFileSync(path.join(edge.dataDir, 'imports', 'notes.txt'), 'kept')
    const folder = path.join(edge.dataDir, 'imports')
    const before = new Set(fs.readdirSync(folder))
    let sendRest: (() => void) | undefined
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('Email\n'))
        sendRest = () => {
          controller.enqueue(new TextEncoder().encode('arriving@example.com\n'))
          controller.close()
        }
      },
    })
    const arriving = service.upload(body, { plural: 'contacts', fileName: 'arriving.csv', actor: 'user:admin' })
    await waitFor(() => fs.readdirSync(folder).some((name) => !before.has(name)))

    const deleted = await service.removeUnusedFiles()
    sendRest?.()
    const arrived = await arriving

    expect(deleted).toBe(2)
    expect(fs.existsSync(uploadPath(finished.batchId))).toBe(false)
    expect(fs.existsSync(uploadPath('01HZZZZZZZZZZZZZZZZZZORPHAN'))).toBe(false)
    expect(fs.existsSync(uploadPath(waiting.body.batchId))).toBe(true)
    expect(fs.existsSync(uploadPath(arrived.batchId))).toBe(true)
    expect(fs.existsSync(path.join(edge.dataDir, 'imports', 'notes.txt'))).toBe(true)
  })
})

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10))
}
