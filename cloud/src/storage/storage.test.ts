import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCouchEmulator, type CouchEmulator } from '../../../tests/support/couchdb-emulator/index'
import { createCouchStorage } from './couchdb'
import { ConfigError } from '@enclave/shared/config'
import { createEmbeddedStorage } from './embedded'
import { openStorage } from './open-storage'
import { StorageError, type DocumentDatabase, type Storage, type StoredDocument } from './types'

interface Backend {
  storage: Storage
  stop(): Promise<void>
}

async function startEmbedded(): Promise<Backend> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-storage-'))
  const storage = createEmbeddedStorage(dataDir)
  return {
    storage,
    async stop() {
      await storage.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function startCouch(): Promise<Backend> {
  const emulator: CouchEmulator = await startCouchEmulator()
  const storage = createCouchStorage(emulator.url)
  return {
    storage,
    async stop() {
      await storage.close()
      await emulator.destroy()
    },
  }
}

/** Builds a revision as another replica sends it, with `_revisions` from the leaf to the root. */
function replicated(id: string, rev: string, ancestors: string[], fields: Record<string, unknown>): StoredDocument {
  const [generation, hash] = rev.split('-') as [string, string]
  return { _id: id, _rev: rev, _revisions: { start: Number(generation), ids: [hash, ...ancestors] }, ...fields }
}

function bodies(revisions: { ok: StoredDocument }[] | unknown[]): string {
  return JSON.stringify(revisions)
}

describe.each([
  ['embedded', startEmbedded],
  ['couchdb', startCouch],
])('storage (%s)', (_name, start) => {
  let backend: Backend
  let db: DocumentDatabase
  let counter = 0

  /** Opens a new database per test so tests never see each other's documents. */
  async function freshDatabase(): Promise<DocumentDatabase> {
    counter += 1
    return backend.storage.database(`test_${counter}`)
  }

  beforeAll(async () => {
    backend = await start()
    db = await freshDatabase()
  })

  afterAll(async () => {
    await backend.stop()
  })

  describe('databases', () => {
    it('lists created databases', async () => {
      await backend.storage.database('listed_db')
      expect(await backend.storage.listDatabases()).toContain('listed_db')
    })

    it('deletes a database', async () => {
      const doomed = await backend.storage.database('doomed_db')
      await doomed.put({ _id: 'deal:1', type: 'deal' })

      await backend.storage.deleteDatabase('doomed_db')
      const reopened = await backend.storage.database('doomed_db')

      expect(await backend.storage.listDatabases()).toContain('doomed_db')
      expect(await reopened.get('deal:1')).toBeUndefined()
    })

    it('rejects an invalid name', async () => {
      await expect(backend.storage.database('Bad/Name')).rejects.toBeInstanceOf(StorageError)
    })

    it('reports info', async () => {
      const empty = await freshDatabase()
      const info = await empty.info()
      expect(info.doc_count).toBe(0)
      expect(info.update_seq).toBeDefined()
    })
  })

  describe('documents', () => {
    it('writes and reads a document', async () => {
      const written = await db.put({ _id: 'deal:rw', type: 'deal', stage: 'Won' })
      const read = await db.get('deal:rw')

      expect(written.rev).toMatch(/^1-/)
      expect(read?.stage).toBe('Won')
      expect(read?._rev).toBe(written.rev)
    })

    it('returns undefined for a missing document', async () => {
      expect(await db.get('deal:missing')).toBeUndefined()
    })

    it('rejects a stale revision with 409', async () => {
      const first = await db.put({ _id: 'deal:stale', stage: 'Won' })
      await db.put({ _id: 'deal:stale', _rev: first.rev, stage: 'Lost' })

      const error = await db.put({ _id: 'deal:stale', _rev: first.rev, stage: 'Engaging' }).catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(StorageError)
      expect((error as StorageError).status).toBe(409)
    })

    it('removes a document', async () => {
      const written = await db.put({ _id: 'deal:removed', stage: 'Won' })
      await db.remove('deal:removed', written.rev!)
      expect(await db.get('deal:removed')).toBeUndefined()
    })

    it('lists documents by key range', async () => {
      const ranged = await freshDatabase()
      await ranged.bulkDocs([{ _id: 'company:1' }, { _id: 'deal:1' }, { _id: 'deal:2' }, { _id: 'ticket:1' }])

      const response = await ranged.allDocs({ includeDocs: true, startkey: 'deal:', endkey: 'deal:\uffff' })

      expect(response.rows.map((row) => row.id)).toEqual(['deal:1', 'deal:2'])
      expect(response.rows[0]?.doc?._id).toBe('deal:1')
    })
  })

  describe('local documents', () => {
    it('stores a checkpoint', async () => {
      const written = await db.putLocal({ _id: '_local/checkpoint-a', last_seq: 7 })
      await db.putLocal({ _id: '_local/checkpoint-a', _rev: written.rev, last_seq: 9 })

      expect((await db.getLocal('_local/checkpoint-a'))?.last_seq).toBe(9)
    })

    it('returns undefined for a missing checkpoint', async () => {
      expect(await db.getLocal('_local/none')).toBeUndefined()
    })

    it('keeps checkpoints out of changes', async () => {
      const local = await freshDatabase()
      await local.putLocal({ _id: '_local/hidden', last_seq: 1 })
      expect((await local.changes()).results).toEqual([])
    })
  })

  describe('replication protocol', () => {
    it('stores revisions as given', async () => {
      const results = await db.bulkDocs([replicated('deal:given', '2-bbb', ['aaa'], { stage: 'Won' })], { newEdits: false })
      const read = await db.get('deal:given', { revs: true })

      expect(results.filter((result) => result.error)).toEqual([])
      expect(read?._rev).toBe('2-bbb')
      expect(read?._revisions).toEqual({ start: 2, ids: ['bbb', 'aaa'] })
    })

    it('diffs revisions', async () => {
      await db.bulkDocs([replicated('deal:diff', '1-aaa', [], { stage: 'Won' })], { newEdits: false })

      const diff = await db.revsDiff({ 'deal:diff': ['1-aaa', '2-ccc'], 'deal:unknown': ['1-zzz'] })

      expect(diff['deal:diff']?.missing).toEqual(['2-ccc'])
      expect(diff['deal:unknown']?.missing).toEqual(['1-zzz'])
    })

    it('reads revisions in bulk', async () => {
      await db.bulkDocs([replicated('deal:bulk', '2-bbb', ['aaa'], { stage: 'Lost' })], { newEdits: false })

      const response = await db.bulkGet({ docs: [{ id: 'deal:bulk', rev: '2-bbb' }], revs: true })
      const entry = response.results[0]?.docs[0] as { ok: StoredDocument }

      expect(entry.ok.stage).toBe('Lost')
      expect(entry.ok._revisions).toEqual({ start: 2, ids: ['bbb', 'aaa'] })
    })

    it('keeps conflicting leaves', async () => {
      await db.bulkDocs(
        [replicated('deal:conflict', '2-bbb', ['aaa'], { stage: 'Won' }), replicated('deal:conflict', '2-ccc', ['aaa'], { stage: 'Lost' })],
        { newEdits: false },
      )

      const winner = await db.get('deal:conflict', { conflicts: true })
      const leaves = await db.getOpenRevs('deal:conflict', 'all')

      expect(winner?._rev).toBe('2-ccc')
      expect(winner?._conflicts).toEqual(['2-bbb'])
      expect(leaves.map((leaf) => ('ok' in leaf ? leaf.ok._rev : leaf.missing)).sort()).toEqual(['2-bbb', '2-ccc'])
    })

    it('reports a missing open revision', async () => {
      await db.bulkDocs([replicated('deal:open', '1-aaa', [], { stage: 'Won' })], { newEdits: false })
      const leaves = await db.getOpenRevs('deal:open', ['1-aaa', '1-nope'])
      expect(leaves).toContainEqual({ missing: '1-nope' })
    })
  })

  describe('changes', () => {
    it('lists changes since a sequence', async () => {
      const feed = await freshDatabase()
      await feed.put({ _id: 'deal:c1', stage: 'Won' })
      const middle = await feed.changes()
      await feed.put({ _id: 'deal:c2', stage: 'Lost' })

      const later = await feed.changes({ since: middle.last_seq, includeDocs: true })

      expect(middle.results.map((row) => row.id)).toEqual(['deal:c1'])
      expect(later.results.map((row) => row.id)).toEqual(['deal:c2'])
      expect(later.results[0]?.doc?.stage).toBe('Lost')
    })

    it('lists every leaf with all_docs', async () => {
      const feed = await freshDatabase()
      await feed.bulkDocs(
        [replicated('deal:leaves', '2-bbb', ['aaa'], { stage: 'Won' }), replicated('deal:leaves', '2-ccc', ['aaa'], { stage: 'Lost' })],
        { newEdits: false },
      )

      const response = await feed.changes({ style: 'all_docs' })

      expect(response.results[0]?.changes.map((change) => change.rev).sort()).toEqual(['2-bbb', '2-ccc'])
    })

    it('honours the limit', async () => {
      const feed = await freshDatabase()
      await feed.bulkDocs([{ _id: 'deal:l1' }, { _id: 'deal:l2' }, { _id: 'deal:l3' }])
      expect((await feed.changes({ limit: 2 })).results).toHaveLength(2)
    })

    it('filters by document ids', async () => {
      const feed = await freshDatabase()
      await feed.bulkDocs([{ _id: 'deal:f1' }, { _id: 'deal:f2' }])
      const response = await feed.changes({ docIds: ['deal:f2'] })
      expect(response.results.map((row) => row.id)).toEqual(['deal:f2'])
    })

    it('returns a change to a long poll', async () => {
      const feed = await freshDatabase()
      const since = (await feed.info()).update_seq
      const poll = feed.changes({ since, feed: 'longpoll', timeoutMs: 20_000 })

      await new Promise((resolve) => setTimeout(resolve, 50))
      await feed.put({ _id: 'deal:polled', stage: 'Won' })
      const response = await poll

      expect(response.results.map((row) => row.id)).toEqual(['deal:polled'])
    })

    it('ends an idle long poll at its timeout', async () => {
      const feed = await freshDatabase()
      const since = (await feed.info()).update_seq
      const response = await feed.changes({ since, feed: 'longpoll', timeoutMs: 100 })
      expect(response.results).toEqual([])
    })
  })

  describe('removing values from every revision', () => {
    it('keeps old revisions readable until compaction', async () => {
      const history = await freshDatabase()
      const first = await history.put({ _id: 'contact:h', email: 'canary-old@example.com' })
      await history.put({ _id: 'contact:h', _rev: first.rev, email: 'j***@example.com' })

      const before = await history.get('contact:h', { rev: first.rev })
      await history.compact()
      const after = await history.get('contact:h', { rev: first.rev })

      expect(before?.email).toBe('canary-old@example.com')
      expect(after).toBeUndefined()
    })

    it('reports revision availability', async () => {
      const history = await freshDatabase()
      const first = await history.put({ _id: 'contact:info', stage: 'a' })
      await history.put({ _id: 'contact:info', _rev: first.rev, stage: 'b' })
      await history.compact()

      const doc = await history.get('contact:info', { revsInfo: true })

      expect(doc?._revs_info?.map((entry) => entry.status)).toEqual(['available', 'missing'])
    })

    it('removes a conflict revision', async () => {
      const conflicted = await freshDatabase()
      await conflicted.bulkDocs(
        [replicated('contact:rc', '2-bbb', ['aaa'], { email: 'canary-a@example.com' }), replicated('contact:rc', '2-ccc', ['aaa'], { email: 'b***@example.com' })],
        { newEdits: false },
      )

      await conflicted.remove('contact:rc', '2-bbb')
      const winner = await conflicted.get('contact:rc', { conflicts: true })

      expect(winner?._rev).toBe('2-ccc')
      expect(winner?._conflicts).toBeUndefined()
    })

    it('purges a leaf so no revision shows its value', async () => {
      const purging = await freshDatabase()
      await purging.bulkDocs(
        [replicated('contact:p', '2-bbb', ['aaa'], { email: 'canary-purge@example.com' }), replicated('contact:p', '2-ccc', ['aaa'], { email: 'c***@example.com' })],
        { newEdits: false },
      )

      const purged = await purging.purge({ 'contact:p': ['2-bbb'] })
      const leaves = await purging.getOpenRevs('contact:p', 'all', { revs: true })
      const winner = await purging.get('contact:p', { conflicts: true })
      const changes = await purging.changes({ style: 'all_docs', includeDocs: true })

      expect(purged['contact:p']).toEqual(['2-bbb'])
      expect(bodies(leaves)).not.toContain('canary-purge')
      expect(JSON.stringify(changes)).not.toContain('canary-purge')
      expect(winner?.email).toBe('c***@example.com')
      expect(winner?._conflicts).toBeUndefined()
    })

    it('rewrites a document and compacts the old value away', async () => {
      const rewriting = await freshDatabase()
      const first = await rewriting.put({ _id: 'contact:rw', email: 'canary-rewrite@example.com', country: 'France' })
      const second = await rewriting.put({ _id: 'contact:rw', _rev: first.rev, country: 'France' })

      await rewriting.compact()
      const info = await rewriting.get('contact:rw', { revsInfo: true })
      const readable = await Promise.all((info?._revs_info ?? []).map((entry) => rewriting.get('contact:rw', { rev: entry.rev })))

      expect(info?._rev).toBe(second.rev)
      expect(JSON.stringify(readable)).not.toContain('canary-rewrite')
    })
  })
})

describe('openStorage', () => {
  it('rejects an unreachable CouchDB', async () => {
    const emulator = await startCouchEmulator()
    const url = emulator.url
    await emulator.destroy()

    const error = await openStorage({ port: 0, host: '127.0.0.1', dataDir: os.tmpdir(), couchdbUrl: url }).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toContain('COUCHDB_URL')
    expect((error as Error).message).not.toContain('emulator-secret')
  })

  it('rejects wrong CouchDB credentials', async () => {
    const emulator = await startCouchEmulator()
    const wrong = emulator.url.replace('emulator-secret', 'wrong-password')

    const error = await openStorage({ port: 0, host: '127.0.0.1', dataDir: os.tmpdir(), couchdbUrl: wrong }).catch((caught: unknown) => caught)
    await emulator.destroy()

    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).not.toContain('wrong-password')
  })

  it('opens the embedded store without a URL', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-open-storage-'))
    const storage = await openStorage({ port: 0, host: '127.0.0.1', dataDir })

    expect(storage.kind).toBe('embedded')
    await storage.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
})
