/**
 * The cloud's storage, behind one interface with two backends: CouchDB 3 over HTTP
 * (`couchdb.ts`) and PouchDB on LevelDB in the data folder (`embedded.ts`). Shapes follow the
 * CouchDB 3 HTTP API, so the sync gateway can pass them to PouchDB's replicator unchanged.
 */

/** A stored document as CouchDB returns it. */
export interface StoredDocument {
  _id: string
  _rev?: string
  _deleted?: boolean
  _revisions?: { start: number; ids: string[] }
  _revs_info?: { rev: string; status: 'available' | 'missing' | 'deleted' }[]
  _conflicts?: string[]
  [field: string]: unknown
}

/** A sequence as the backend issues it: a number in PouchDB, an opaque string in CouchDB 3. */
export type UpdateSequence = number | string

export interface DatabaseInfo {
  db_name: string
  doc_count: number
  /** Deleted documents; CouchDB reports it, PouchDB does not. */
  doc_del_count?: number
  update_seq: UpdateSequence
}

/** One row of `_bulk_docs` output: `{ id, rev }` or `{ id, error, reason }`. */
export interface WriteResult {
  id: string
  rev?: string
  ok?: boolean
  error?: string
  reason?: string
}

/** Body and output of `POST /{db}/_revs_diff`: revisions per document id. */
export type RevsDiffRequest = Record<string, string[]>
export type RevsDiffResponse = Record<string, { missing: string[]; possible_ancestors?: string[] }>

export interface BulkGetRequest {
  docs: { id: string; rev?: string }[]
  revs?: boolean
  latest?: boolean
}

export interface BulkGetResponse {
  results: {
    id: string
    docs: ({ ok: StoredDocument } | { error: { id: string; rev?: string; error: string; reason: string } })[]
  }[]
}

export interface ChangesOptions {
  since?: UpdateSequence
  limit?: number
  /** `all_docs` lists every leaf revision of a document, conflicts included. */
  style?: 'main_only' | 'all_docs'
  includeDocs?: boolean
  conflicts?: boolean
  docIds?: string[]
  /** With `longpoll`, waits up to `timeoutMs` for a change when there is none yet. */
  feed?: 'normal' | 'longpoll'
  timeoutMs?: number
  /** Ends a long poll early (server shutting down, client gone). */
  signal?: AbortSignal
}

export interface ChangeRow {
  id: string
  seq: UpdateSequence
  changes: { rev: string }[]
  deleted?: boolean
  doc?: StoredDocument
}

export interface ChangesResponse {
  results: ChangeRow[]
  last_seq: UpdateSequence
  pending?: number
}

export interface GetOptions {
  rev?: string
  /** Adds `_revisions`: the revision ids from the leaf back to the root. */
  revs?: boolean
  /** Adds `_revs_info`: every revision id with whether its body is still available. */
  revsInfo?: boolean
  conflicts?: boolean
  latest?: boolean
}

/** One entry of `GET /{db}/{docid}?open_revs=...`. */
export type OpenRevision = { ok: StoredDocument } | { missing: string }

export interface AllDocsOptions {
  includeDocs?: boolean
  conflicts?: boolean
  startkey?: string
  endkey?: string
  limit?: number
  skip?: number
}

export interface AllDocsResponse {
  total_rows: number
  offset: number
  rows: { id: string; key: string; value: { rev: string; deleted?: boolean }; doc?: StoredDocument }[]
}

/** Output of a purge: the revisions removed per document id. */
export type PurgeResult = Record<string, string[]>

/**
 * One database: the replication protocol, reads for the API, and the tools that remove
 * values from every revision (rewrite, remove conflicts, purge, compact).
 */
export interface DocumentDatabase {
  readonly name: string

  info(): Promise<DatabaseInfo>

  /** Reads a `_local` document (replication checkpoint); undefined when absent. */
  getLocal(id: string): Promise<StoredDocument | undefined>
  putLocal(doc: StoredDocument): Promise<WriteResult>

  revsDiff(request: RevsDiffRequest): Promise<RevsDiffResponse>
  bulkGet(request: BulkGetRequest): Promise<BulkGetResponse>
  /** With `newEdits: false` the revisions are stored as given, as replication requires. */
  bulkDocs(docs: StoredDocument[], options?: { newEdits?: boolean }): Promise<WriteResult[]>
  changes(options?: ChangesOptions): Promise<ChangesResponse>

  /** Reads a document; undefined when it does not exist or is deleted (unless `rev` is given). */
  get(id: string, options?: GetOptions): Promise<StoredDocument | undefined>
  /** Reads the given leaf revisions, or every leaf with `'all'`, deleted ones included. */
  getOpenRevs(id: string, revs: string[] | 'all', options?: { revs?: boolean; latest?: boolean }): Promise<OpenRevision[]>
  allDocs(options?: AllDocsOptions): Promise<AllDocsResponse>

  /** Writes a new revision on top of `doc._rev`; throws StorageError 409 on a stale `_rev`. */
  put(doc: StoredDocument): Promise<WriteResult>
  /** Writes a tombstone on top of `rev`, ending that branch of the revision tree. */
  remove(id: string, rev: string): Promise<WriteResult>
  /**
   * Removes the given revisions so that their values can no longer be read. CouchDB 3 purges
   * them from the revision tree. The embedded backend cannot (PouchDB 9 purge fails on
   * LevelDB), so it writes a tombstone on each given leaf and compacts: afterwards the document
   * id, the revision ids and empty tombstones stay readable, no field value does.
   */
  purge(revisions: Record<string, string[]>): Promise<PurgeResult>
  /** Drops the bodies of non-leaf revisions; resolves when compaction has finished. */
  compact(): Promise<void>
}

/** The cloud's storage: named databases, created on first use. */
export interface Storage {
  readonly kind: 'embedded' | 'couchdb'
  /** Opens a database, creating it when missing. */
  database(name: string): Promise<DocumentDatabase>
  /** Deletes a database and everything in it; does nothing when it does not exist. */
  deleteDatabase(name: string): Promise<void>
  listDatabases(): Promise<string[]>
  close(): Promise<void>
}

/**
 * A storage failure with the CouchDB status and error name (`not_found`, `conflict`,
 * `bad_request`), so callers branch on `status` as they would on a CouchDB response.
 */
export class StorageError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(`${error}: ${reason}`)
    this.name = 'StorageError'
  }
}

/** Database holding sites, enrolment codes, published policies and cloud users. */
export const META_DATABASE = 'enclave_meta'

const DATABASE_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,127}$/

/**
 * Checks a database name against the rule both backends accept: a lowercase letter, then up to
 * 127 lowercase letters, digits, `_` or `-` (a subset of CouchDB's rule that is also a safe
 * folder name).
 */
export function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME_PATTERN.test(name)) {
    throw new StorageError(400, 'illegal_database_name', `database name '${name}' must match ${DATABASE_NAME_PATTERN}`)
  }
}

/** Name of the database holding one site's projected documents. */
export function siteDatabaseName(siteId: string): string {
  return `site_${siteId}`
}
