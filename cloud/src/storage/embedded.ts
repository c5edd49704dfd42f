import fs from 'node:fs'
import path from 'node:path'
import { compactDatabase, openDatabase, type Database } from '@enclave/shared/node/pouch'
import {
  assertDatabaseName,
  StorageError,
  type AllDocsOptions,
  type AllDocsResponse,
  type BulkGetRequest,
  type BulkGetResponse,
  type ChangesOptions,
  type ChangesResponse,
  type DatabaseInfo,
  type DocumentDatabase,
  type GetOptions,
  type OpenRevision,
  type PurgeResult,
  type RevsDiffRequest,
  type RevsDiffResponse,
  type Storage,
  type StoredDocument,
  type WriteResult,
} from './types'

type PouchDatabase = Database<Record<string, unknown>>

/** Turns a PouchDB error into a StorageError with the same status; other errors pass through. */
function toStorageError(error: unknown): unknown {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    const pouchError = error as { status: number; name?: string; reason?: string; message?: string }
    return new StorageError(pouchError.status, pouchError.name ?? 'error', pouchError.reason ?? pouchError.message ?? '')
  }
  return error
}

async function translateErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    throw toStorageError(error)
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404
}

/** One PouchDB database on LevelDB. */
class EmbeddedDatabase implements DocumentDatabase {
  constructor(
    readonly name: string,
    private readonly db: PouchDatabase,
  ) {}

  async info(): Promise<DatabaseInfo> {
    const info = await translateErrors(() => this.db.info())
    return { db_name: this.name, doc_count: info.doc_count, update_seq: info.update_seq }
  }

  async getLocal(id: string): Promise<StoredDocument | undefined> {
    return this.get(id)
  }

  async putLocal(doc: StoredDocument): Promise<WriteResult> {
    return this.put(doc)
  }

  async revsDiff(request: RevsDiffRequest): Promise<RevsDiffResponse> {
    return translateErrors(() => this.db.revsDiff(request) as Promise<RevsDiffResponse>)
  }

  async bulkGet(request: BulkGetRequest): Promise<BulkGetResponse> {
    return translateErrors(() => this.db.bulkGet(request) as unknown as Promise<BulkGetResponse>)
  }

  async bulkDocs(docs: StoredDocument[], options: { newEdits?: boolean } = {}): Promise<WriteResult[]> {
    const results = await translateErrors(() => this.db.bulkDocs(docs, { new_edits: options.newEdits ?? true }))
    return results.map((result) => {
      if ('error' in result && result.error) {
        const failed = result as unknown as { id?: string; name?: string; status?: number; message?: string }
        return { id: failed.id ?? '', error: failed.name ?? 'error', reason: failed.message ?? '' }
      }
      const written = result as { id: string; rev: string; ok?: boolean }
      return { id: written.id, rev: written.rev, ok: true }
    })
  }

  async changes(options: ChangesOptions = {}): Promise<ChangesResponse> {
    const first = await this.readChanges(options)
    if (options.feed !== 'longpoll' || first.results.length > 0 || options.signal?.aborted) return first

    await this.waitForChange(options)
    return this.readChanges(options)
  }

  private async readChanges(options: ChangesOptions): Promise<ChangesResponse> {
    const response = await translateErrors(() =>
      this.db.changes({
        since: options.since ?? 0,
        limit: options.limit,
        style: options.style,
        include_docs: options.includeDocs,
        conflicts: options.conflicts,
        doc_ids: options.docIds,
        return_docs: true,
      }),
    )
    return response as unknown as ChangesResponse
  }

  /** Resolves at the first change after `since`, at the timeout, or when the signal aborts. */
  private waitForChange(options: ChangesOptions): Promise<void> {
    return new Promise((resolve) => {
      const feed = this.db.changes({ since: (options.since ?? 0) as number, live: true, doc_ids: options.docIds })
      const finish = () => {
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', finish)
        feed.cancel()
        resolve()
      }
      const timer = setTimeout(finish, options.timeoutMs ?? 0)
      options.signal?.addEventListener('abort', finish)
      feed.on('change', finish)
      feed.on('error', finish)
    })
  }

  async get(id: string, options: GetOptions = {}): Promise<StoredDocument | undefined> {
    try {
      return (await this.db.get(id, {
        rev: options.rev,
        revs: options.revs,
        revs_info: options.revsInfo,
        conflicts: options.conflicts,
        latest: options.latest,
      } as PouchDB.Core.GetOptions)) as StoredDocument
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw toStorageError(error)
    }
  }

  async getOpenRevs(
    id: string,
    revs: string[] | 'all',
    options: { revs?: boolean; latest?: boolean } = {},
  ): Promise<OpenRevision[]> {
    try {
      return (await this.db.get(id, {
        open_revs: revs,
        revs: options.revs,
        latest: options.latest,
      } as PouchDB.Core.GetOpenRevisions)) as unknown as OpenRevision[]
    } catch (error) {
      if (isNotFound(error)) return []
      throw toStorageError(error)
    }
  }

  async allDocs(options: AllDocsOptions = {}): Promise<AllDocsResponse> {
    const response = await translateErrors(() =>
      this.db.allDocs({
        include_docs: options.includeDocs,
        conflicts: options.conflicts,
        ...(options.startkey !== undefined ? { startkey: options.startkey } : {}),
        ...(options.endkey !== undefined ? { endkey: options.endkey } : {}),
        limit: options.limit,
        skip: options.skip,
      }),
    )
    return response as unknown as AllDocsResponse
  }

  async put(doc: StoredDocument): Promise<WriteResult> {
    const result = await translateErrors(() => this.db.put(doc))
    return { id: result.id, rev: result.rev, ok: true }
  }

  async remove(id: string, rev: string): Promise<WriteResult> {
    const result = await translateErrors(() => this.db.put({ _id: id, _rev: rev, _deleted: true }))
    return { id: result.id, rev: result.rev, ok: true }
  }

  async purge(revisions: Record<string, string[]>): Promise<PurgeResult> {
    const purged: PurgeResult = {}

    for (const [id, revs] of Object.entries(revisions)) {
      const leaves = await this.getOpenRevs(id, 'all')
      purged[id] = []
      for (const leaf of leaves) {
        if (!('ok' in leaf)) continue
        const rev = leaf.ok._rev as string
        if (!revs.includes(rev)) continue
        if (leaf.ok._deleted !== true) await this.remove(id, rev)
        purged[id].push(rev)
      }
    }

    await this.compact()
    return purged
  }

  /** Compacts the revisions, then LevelDB's files, so dropped bodies leave the disk too. */
  async compact(): Promise<void> {
    await translateErrors(() => compactDatabase(this.db))
  }

  close(): Promise<void> {
    return this.db.close()
  }

  destroy(): Promise<void> {
    return this.db.destroy().then(() => undefined)
  }
}

/**
 * Storage in PouchDB on LevelDB, one folder per database inside `dataDir`, for a cloud that
 * runs without CouchDB (demo, tests, a laptop).
 */
export function createEmbeddedStorage(dataDir: string): Storage {
  const open = new Map<string, EmbeddedDatabase>()

  function openEmbedded(name: string): EmbeddedDatabase {
    assertDatabaseName(name)
    let database = open.get(name)
    if (!database) {
      database = new EmbeddedDatabase(name, openDatabase(dataDir, name))
      open.set(name, database)
    }
    return database
  }

  return {
    kind: 'embedded',

    async database(name) {
      const database = openEmbedded(name)
      // PouchDB opens LevelDB lazily; reading the info creates the folder that listDatabases finds.
      await database.info()
      return database
    },

    async deleteDatabase(name) {
      assertDatabaseName(name)
      const database = openEmbedded(name)
      open.delete(name)
      await database.destroy()
    },

    async listDatabases() {
      if (!fs.existsSync(dataDir)) return []
      return fs
        .readdirSync(dataDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dataDir, entry.name, 'CURRENT')))
        .map((entry) => entry.name)
        .sort()
    },

    async close() {
      const databases = [...open.values()]
      open.clear()
      await Promise.all(databases.map((database) => database.close()))
    },
  }
}
