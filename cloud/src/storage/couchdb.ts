import nano from 'nano'
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

/** How often compaction is polled for completion, and for how long at most. */
const COMPACTION_POLL_MS = 100
const COMPACTION_TIMEOUT_MS = 10 * 60 * 1000

type Query = Record<string, string | number | boolean | undefined>

interface Connection {
  /** Server URL without credentials, ending in `/`. */
  baseUrl: string
  /** `Basic ...` from the credentials in COUCHDB_URL, if any. */
  authorization?: string
}

function connect(url: string): Connection {
  const parsed = new URL(url)
  let authorization: string | undefined
  if (parsed.username) {
    const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
    authorization = `Basic ${Buffer.from(credentials).toString('base64')}`
  }
  parsed.username = ''
  parsed.password = ''
  const baseUrl = parsed.toString().endsWith('/') ? parsed.toString() : `${parsed.toString()}/`
  return { baseUrl, authorization }
}

/** Encodes a document id for a URL path, keeping the `_local/` and `_design/` prefixes. */
function encodeDocId(id: string): string {
  for (const prefix of ['_local/', '_design/']) {
    if (id.startsWith(prefix)) return prefix + encodeURIComponent(id.slice(prefix.length))
  }
  return encodeURIComponent(id)
}

function toSearch(query: Query): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value))
  }
  const search = params.toString()
  return search ? `?${search}` : ''
}

/** One CouchDB database, reached over the documented CouchDB 3 HTTP API. */
class CouchDatabase implements DocumentDatabase {
  constructor(
    readonly name: string,
    private readonly connection: Connection,
    private readonly admin: nano.ServerScope,
  ) {}

  private async request<T>(method: string, path: string, options: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.connection.authorization) headers.authorization = this.connection.authorization
    if (options.body !== undefined) headers['content-type'] = 'application/json'

    const url = `${this.connection.baseUrl}${encodeURIComponent(this.name)}${path}${toSearch(options.query ?? {})}`
    const response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
    const text = await response.text()
    const parsed: unknown = text === '' ? {} : JSON.parse(text)
    if (!response.ok) {
      const failure = parsed as { error?: string; reason?: string }
      throw new StorageError(response.status, failure.error ?? 'error', failure.reason ?? `CouchDB returned ${response.status} to ${method} ${path}`)
    }
    return parsed as T
  }

  /** Runs a read that yields undefined when CouchDB reports 404. */
  private async readOptional<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read()
    } catch (error) {
      if (error instanceof StorageError && error.status === 404) return undefined
      throw error
    }
  }

  async info(): Promise<DatabaseInfo> {
    const info = await this.request<DatabaseInfo & { compact_running?: boolean }>('GET', '')
    return { db_name: this.name, doc_count: info.doc_count, doc_del_count: info.doc_del_count, update_seq: info.update_seq }
  }

  async getLocal(id: string): Promise<StoredDocument | undefined> {
    return this.readOptional(() => this.request<StoredDocument>('GET', `/${encodeDocId(id)}`))
  }

  async putLocal(doc: StoredDocument): Promise<WriteResult> {
    return this.put(doc)
  }

  async revsDiff(request: RevsDiffRequest): Promise<RevsDiffResponse> {
    return this.request('POST', '/_revs_diff', { body: request })
  }

  async bulkGet(request: BulkGetRequest): Promise<BulkGetResponse> {
    return this.request('POST', '/_bulk_get', { query: { revs: request.revs, latest: request.latest }, body: { docs: request.docs } })
  }

  async bulkDocs(docs: StoredDocument[], options: { newEdits?: boolean } = {}): Promise<WriteResult[]> {
    const newEdits = options.newEdits ?? true
    return this.request('POST', '/_bulk_docs', { body: newEdits ? { docs } : { docs, new_edits: false } })
  }

  async changes(options: ChangesOptions = {}): Promise<ChangesResponse> {
    const longpoll = options.feed === 'longpoll'
    const query: Query = {
      since: options.since ?? 0,
      limit: options.limit,
      style: options.style,
      include_docs: options.includeDocs,
      conflicts: options.conflicts,
      feed: longpoll ? 'longpoll' : undefined,
      timeout: longpoll ? options.timeoutMs : undefined,
    }
    const body = options.docIds ? { doc_ids: options.docIds } : undefined
    if (body) query.filter = '_doc_ids'

    try {
      return await this.request<ChangesResponse>(body ? 'POST' : 'GET', '/_changes', { query, body, signal: options.signal })
    } catch (error) {
      // A long poll ended by its signal returns no changes, as when it times out.
      if (options.signal?.aborted) return { results: [], last_seq: options.since ?? 0 }
      throw error
    }
  }

  async get(id: string, options: GetOptions = {}): Promise<StoredDocument | undefined> {
    const query: Query = { rev: options.rev, revs: options.revs, revs_info: options.revsInfo, conflicts: options.conflicts, latest: options.latest }
    return this.readOptional(() => this.request<StoredDocument>('GET', `/${encodeDocId(id)}`, { query }))
  }

  async getOpenRevs(id: string, revs: string[] | 'all', options: { revs?: boolean; latest?: boolean } = {}): Promise<OpenRevision[]> {
    const query: Query = { open_revs: revs === 'all' ? 'all' : JSON.stringify(revs), revs: options.revs, latest: options.latest }
    const found = await this.readOptional(() => this.request<OpenRevision[]>('GET', `/${encodeDocId(id)}`, { query }))
    return found ?? []
  }

  async allDocs(options: AllDocsOptions = {}): Promise<AllDocsResponse> {
    return this.request('GET', '/_all_docs', {
      query: {
        include_docs: options.includeDocs,
        conflicts: options.conflicts,
        startkey: options.startkey === undefined ? undefined : JSON.stringify(options.startkey),
        endkey: options.endkey === undefined ? undefined : JSON.stringify(options.endkey),
        limit: options.limit,
        skip: options.skip,
      },
    })
  }

  async put(doc: StoredDocument): Promise<WriteResult> {
    return this.request('PUT', `/${encodeDocId(doc._id)}`, { body: doc })
  }

  async remove(id: string, rev: string): Promise<WriteResult> {
    return this.request('DELETE', `/${encodeDocId(id)}`, { query: { rev } })
  }

  /** Purges through `POST /{db}/_purge` (CouchDB 3), then compacts. */
  async purge(revisions: Record<string, string[]>): Promise<PurgeResult> {
    const response = (await this.admin.request({ db: this.name, method: 'post', path: '_purge', body: revisions })) as { purged: PurgeResult }
    await this.compact()
    return response.purged
  }

  /** Starts compaction with nano and polls the database info until it has finished. */
  async compact(): Promise<void> {
    await this.admin.db.compact(this.name)
    const deadline = Date.now() + COMPACTION_TIMEOUT_MS
    for (;;) {
      const info = await this.request<{ compact_running?: boolean }>('GET', '')
      if (!info.compact_running) return
      if (Date.now() > deadline) {
        throw new StorageError(503, 'compaction_timeout', `compaction of ${this.name} did not finish within ${COMPACTION_TIMEOUT_MS / 60000} minutes`)
      }
      await new Promise((resolve) => setTimeout(resolve, COMPACTION_POLL_MS))
    }
  }
}

function isStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as { statusCode?: unknown }).statusCode === status
}

/**
 * Storage in Apache CouchDB 3 at `url` (credentials in the URL are sent as Basic auth). nano
 * creates, deletes, purges and compacts databases; documents go through the HTTP API.
 */
export function createCouchStorage(url: string): Storage {
  const connection = connect(url)
  const admin = nano({ url })
  const known = new Map<string, CouchDatabase>()

  return {
    kind: 'couchdb',

    async database(name) {
      assertDatabaseName(name)
      const cached = known.get(name)
      if (cached) return cached

      try {
        await admin.db.create(name)
      } catch (error) {
        if (!isStatus(error, 412)) throw error
      }
      const database = new CouchDatabase(name, connection, admin)
      known.set(name, database)
      return database
    },

    async deleteDatabase(name) {
      assertDatabaseName(name)
      known.delete(name)
      try {
        await admin.db.destroy(name)
      } catch (error) {
        if (!isStatus(error, 404)) throw error
      }
    },

    async listDatabases() {
      const names = await admin.db.list()
      return names.filter((name) => !name.startsWith('_')).sort()
    },

    async close() {
      known.clear()
    },
  }
}
