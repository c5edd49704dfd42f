import { Hono, type Context } from 'hono'
import { ApiError } from '@enclave/shared'
import { parseChangesParams, parseOpenRevs } from '@enclave/cloud/gateway/couch-params'
import { StorageError, type DocumentDatabase, type Storage, type StoredDocument } from '@enclave/cloud/storage/types'
import { fromOpaqueSequence, toOpaqueSequence } from './sequence'

/** Credentials the emulator demands as HTTP Basic auth, like a CouchDB server admin. */
export interface EmulatorCredentials {
  username: string
  password: string
}

/** An error with CouchDB's body `{ error, reason }`. */
class CouchError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(reason)
  }
}

function isTrue(c: Context, name: string): boolean {
  return c.req.query(name) === 'true'
}

async function readBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text()
  try {
    const body: unknown = JSON.parse(text)
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>
  } catch {
    // reported below
  }
  throw new CouchError(400, 'bad_request', 'Request body must be a JSON object')
}

function readJsonParam(c: Context, name: string): string | undefined {
  const raw = c.req.query(name)
  if (raw === undefined) return undefined
  try {
    return JSON.parse(raw) as string
  } catch {
    throw new CouchError(400, 'bad_request', `${name} must be JSON`)
  }
}

/**
 * Serves, over the embedded PouchDB store, the subset of the CouchDB 3 HTTP API that the
 * cloud's CouchDB backend calls: server and database info, database create and delete, `_all_dbs`,
 * documents and `_local` documents, `_revs_diff`, `_bulk_get`, `_bulk_docs` (with
 * `new_edits: false`), `_changes` (normal and longpoll), `_all_docs`, `_purge` and `_compact`.
 * `_purge` is what the embedded store can do (tombstone the leaf, then compact), and
 * `_compact` finishes before it returns, so `compact_running` is always false.
 */
export function createCouchRoutes(storage: Storage, existing: Set<string>, credentials?: EmulatorCredentials): Hono {
  const app = new Hono({ strict: false })

  app.onError((error, c) => {
    if (error instanceof CouchError || error instanceof StorageError) {
      return c.json({ error: error.error, reason: error.reason }, error.status as 400)
    }
    if (error instanceof ApiError) return c.json({ error: error.code, reason: error.message }, error.status)
    return c.json({ error: 'unknown_error', reason: error.message }, 500)
  })

  if (credentials) {
    const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    app.use(async (c, next) => {
      if (c.req.header('authorization') !== expected) throw new CouchError(401, 'unauthorized', 'Name or password is incorrect.')
      await next()
    })
  }

  const openExisting = async (c: Context): Promise<DocumentDatabase> => {
    const name = c.req.param('db') ?? ''
    if (!existing.has(name)) throw new CouchError(404, 'not_found', 'Database does not exist.')
    return storage.database(name)
  }

  app.get('/', (c) => c.json({ couchdb: 'Welcome', version: '3.3.3', vendor: { name: 'Enclave CouchDB emulator' } }))
  app.get('/_all_dbs', (c) => c.json([...existing].sort()))

  app.put('/:db', async (c) => {
    const name = c.req.param('db')
    if (existing.has(name)) throw new CouchError(412, 'file_exists', 'The database could not be created, the file already exists.')
    await (await storage.database(name)).info()
    existing.add(name)
    return c.json({ ok: true }, 201)
  })

  app.delete('/:db', async (c) => {
    await openExisting(c)
    await storage.deleteDatabase(c.req.param('db'))
    existing.delete(c.req.param('db'))
    return c.json({ ok: true })
  })

  app.get('/:db', async (c) => {
    const info = await (await openExisting(c)).info()
    return c.json({ ...info, doc_del_count: info.doc_del_count ?? 0, update_seq: toOpaqueSequence(info.update_seq), compact_running: false })
  })

  app.post('/:db/_compact', async (c) => {
    await (await openExisting(c)).compact()
    return c.json({ ok: true }, 202)
  })

  app.post('/:db/_purge', async (c) => {
    const body = await readBody(c)
    const purged = await (await openExisting(c)).purge(body as Record<string, string[]>)
    return c.json({ purge_seq: null, purged }, 201)
  })

  app.get('/:db/_local/:id', async (c) => {
    const doc = await (await openExisting(c)).getLocal(`_local/${c.req.param('id')}`)
    if (!doc) throw new CouchError(404, 'not_found', 'missing')
    return c.json(doc)
  })

  app.put('/:db/_local/:id', async (c) => {
    const body = await readBody(c)
    const result = await (await openExisting(c)).putLocal({ ...body, _id: `_local/${c.req.param('id')}` })
    return c.json({ ok: true, id: result.id, rev: result.rev }, 201)
  })

  app.post('/:db/_revs_diff', async (c) => c.json(await (await openExisting(c)).revsDiff((await readBody(c)) as Record<string, string[]>)))

  app.post('/:db/_bulk_get', async (c) => {
    const body = await readBody(c)
    const docs = body.docs as { id: string; rev?: string }[]
    return c.json(await (await openExisting(c)).bulkGet({ docs, revs: isTrue(c, 'revs'), latest: isTrue(c, 'latest') }))
  })

  app.post('/:db/_bulk_docs', async (c) => {
    const body = await readBody(c)
    if (!Array.isArray(body.docs)) throw new CouchError(400, 'bad_request', 'POST body must include `docs` parameter.')
    const newEdits = body.new_edits !== false
    const results = await (await openExisting(c)).bulkDocs(body.docs as StoredDocument[], { newEdits })
    return c.json(newEdits ? results : results.filter((result) => result.error), 201)
  })

  const changes = async (c: Context) => {
    const database = await openExisting(c)
    const body = c.req.method === 'POST' ? await readBody(c) : undefined
    const query = { ...c.req.query(), since: String(fromOpaqueSequence(c.req.query('since'))) }
    const options = parseChangesParams(query, body)
    const response = await database.changes({ ...options, since: query.since === 'now' ? 'now' : Number(query.since), signal: c.req.raw.signal })
    return c.json({
      ...response,
      results: response.results.map((row) => ({ ...row, seq: toOpaqueSequence(row.seq) })),
      last_seq: toOpaqueSequence(response.last_seq),
    })
  }
  app.get('/:db/_changes', changes)
  app.post('/:db/_changes', changes)

  app.get('/:db/_all_docs', async (c) => {
    const response = await (await openExisting(c)).allDocs({
      includeDocs: isTrue(c, 'include_docs'),
      conflicts: isTrue(c, 'conflicts'),
      startkey: readJsonParam(c, 'startkey'),
      endkey: readJsonParam(c, 'endkey'),
      limit: c.req.query('limit') === undefined ? undefined : Number(c.req.query('limit')),
      skip: c.req.query('skip') === undefined ? undefined : Number(c.req.query('skip')),
    })
    return c.json(response)
  })

  app.get('/:db/:docid', async (c) => {
    const database = await openExisting(c)
    const id = c.req.param('docid')
    const openRevs = c.req.query('open_revs')
    if (openRevs !== undefined) {
      const found = await database.getOpenRevs(id, parseOpenRevs(openRevs), { revs: isTrue(c, 'revs'), latest: isTrue(c, 'latest') })
      if (found.length === 0) throw new CouchError(404, 'not_found', 'missing')
      return c.json(found)
    }
    const doc = await database.get(id, {
      rev: c.req.query('rev'),
      revs: isTrue(c, 'revs'),
      revsInfo: isTrue(c, 'revs_info'),
      conflicts: isTrue(c, 'conflicts'),
      latest: isTrue(c, 'latest'),
    })
    if (!doc) throw new CouchError(404, 'not_found', c.req.query('rev') ? 'missing' : 'deleted')
    return c.json(doc)
  })

  app.put('/:db/:docid', async (c) => {
    const body = await readBody(c)
    const result = await (await openExisting(c)).put({ ...body, _id: c.req.param('docid') })
    return c.json(result, 201)
  })

  app.delete('/:db/:docid', async (c) => {
    const rev = c.req.query('rev')
    if (!rev) throw new CouchError(409, 'conflict', 'Document update conflict.')
    const result = await (await openExisting(c)).remove(c.req.param('docid'), rev)
    return c.json(result)
  })

  return app
}
