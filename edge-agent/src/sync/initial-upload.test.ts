import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '@enclave/shared/node/pouch'
import { uploadInitialOutbox, type InitialUploadSource } from './initial-upload'
import { SerialLock } from './serial-lock'

let dataDir: string
let outbox: Database

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-upload-'))
  outbox = openDatabase(dataDir, 'outbox')
})

afterEach(async () => {
  await outbox.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function writeContacts(count: number, from = 0): Promise<void> {
  const docs = Array.from({ length: count }, (_, index) => ({ _id: `contact:${String(from + index).padStart(6, '0')}`, type: 'contact', country: 'NO' }))
  await outbox.bulkDocs(docs as never)
}

/** Builds a source whose cloud is empty and records what it is sent. `answer` decides each response. */
function source(answer: (request: number) => Response = () => new Response('[]', { status: 201 })) {
  const sent: { docs: { _id: string; _revisions: unknown }[] }[] = []
  const upload: InitialUploadSource = {
    outbox,
    lock: new SerialLock(),
    isProjecting: () => false,
    remoteInfo: async () => ({ doc_count: 0, doc_del_count: 0 }),
    sendBulkDocs: async (body) => {
      sent.push(JSON.parse(body))
      return answer(sent.length)
    },
    isStopped: () => false,
    onProgress: () => undefined,
  }
  return { upload, sent }
}

describe('uploadInitialOutbox', () => {
  it('sends every first revision with its history', async () => {
    await writeContacts(1200)
    const { upload, sent } = source()

    const seq = await uploadInitialOutbox(upload)

    expect(seq).toBe(1200)
    expect(sent.map((body) => body.docs.length)).toEqual([500, 500, 200])
    expect(sent[0]!.docs[0]!._revisions).toMatchObject({ start: 1 })
  })

  it('stops before an edited document', async () => {
    await writeContacts(10)
    const edited = await outbox.get('contact:000003')
    await outbox.put({ ...edited, country: 'SE' })
    await writeContacts(5, 10)
    const { upload, sent } = source()

    const seq = await uploadInitialOutbox(upload)

    // contact:000003 moved to sequence 11, after the first ten writes, so 1 to 10 without it went first.
    expect(seq).toBe(10)
    expect(sent.flatMap((body) => body.docs.map((doc) => doc._id))).not.toContain('contact:000003')
  })

  it('stops at a request the cloud rejects', async () => {
    await writeContacts(1600)
    const { upload } = source((request) => (request === 2 ? new Response('{"error":"bad_request"}', { status: 400 }) : new Response('[]', { status: 201 })))

    expect(await uploadInitialOutbox(upload)).toBe(500)
  })

  it('stops at a document the cloud did not store', async () => {
    await writeContacts(600)
    const { upload } = source((request) => new Response(request === 1 ? '[{"id":"contact:000001","error":"forbidden"}]' : '[]', { status: 201 }))

    expect(await uploadInitialOutbox(upload)).toBe(0)
  })

  it('runs once per outbox', async () => {
    await writeContacts(20)
    const first = source()
    const second = source()

    expect(await uploadInitialOutbox(first.upload)).toBe(20)
    expect(await uploadInitialOutbox(second.upload)).toBe(0)
    expect(second.sent).toEqual([])
  })

  it('leaves a cloud database with documents alone', async () => {
    await writeContacts(20)
    const { upload, sent } = source()
    upload.remoteInfo = async () => ({ doc_count: 1, doc_del_count: 0 })

    expect(await uploadInitialOutbox(upload)).toBe(0)
    expect(sent).toEqual([])
  })

  it('waits for the projector to finish', async () => {
    let projecting = true
    const { upload, sent } = source()
    upload.isProjecting = () => projecting
    const done = uploadInitialOutbox(upload)

    await writeContacts(300)
    await new Promise((resolve) => setTimeout(resolve, 100))
    await writeContacts(300, 300)
    projecting = false

    expect(await done).toBe(600)
    expect(sent.reduce((sum, body) => sum + body.docs.length, 0)).toBe(600)
  })
})
