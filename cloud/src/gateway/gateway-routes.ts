import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import type { CloudContext } from '../context'
import type { CloudEnv } from '../http/env'
import { siteDatabaseName, StorageError, type DocumentDatabase, type StoredDocument } from '../storage/types'
import { parseChangesParams, parseOpenRevs } from './couch-params'
import { findBatchViolations, findCheckpointViolations } from './document-check'
import { verifySiteToken } from './site-token'

/** Maximum request body size in bytes; the edge splits a batch that gets a 413 and resends it. */
export const MAX_SYNC_BODY_BYTES = 64 * 1024 * 1024

type GatewayContext = Context<CloudEnv & { Variables: { siteId: string } }>

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

async function readObjectBody(c: Context): Promise<Record<string, unknown>> {
  const body = await readJsonBody(c)
  if (!isPlainObject(body)) throw new ApiError(400, 'invalid_body', 'the body must be a JSON object')
  return body
}

function readDocs(body: Record<string, unknown>): StoredDocument[] {
  const docs = body.docs
  if (!Array.isArray(docs)) throw new ApiError(400, 'invalid_body', 'docs must be a list of documents')
  for (const [index, doc] of docs.entries()) {
    if (!isPlainObject(doc) || typeof doc._id !== 'string' || doc._id === '') {
      throw new ApiError(400, 'invalid_document', `docs[${index}] has no _id; every document needs a string _id`)
    }
  }
  return docs as StoredDocument[]
}

/** Turns a storage failure into an API error with the same status. */
function toApiError(error: unknown): unknown {
  if (!(error instanceof StorageError)) return error
  const status = ([400, 404, 409, 412, 413] as const).find((known) => known === error.status)
  if (!status) return error
  return new ApiError(status, error.error, error.reason || error.error)
}

function readBooleanParam(c: Context, name: string): boolean {
  return c.req.query(name) === 'true'
}

/**
 * Builds the sync gateway, which serves on `/sync/:siteId` the subset of the CouchDB 3
 * replication protocol that PouchDB's replicator uses, over the site's own database. Every
 * request needs the site's token, and every written document must pass the site's newest
 * published allowed field set.
 */
export function createGatewayRouter(context: CloudContext): Hono<CloudEnv> {
  const gateway = new Hono<CloudEnv & { Variables: { siteId: string } }>({ strict: false })
  const { logger, sites, storage, hooks } = context

  gateway.use(
    bodyLimit({
      maxSize: MAX_SYNC_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `the request body is larger than ${MAX_SYNC_BODY_BYTES} bytes; send smaller batches`)
      },
    }),
  )

  gateway.use(async (c, next) => {
    const siteId = c.req.param('siteId') ?? ''
    if (hooks.onSyncRequestBody) {
      const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text()
      const url = new URL(c.req.url)
      hooks.onSyncRequestBody({ siteId, method: c.req.method, url: url.pathname + url.search, body })
    }
    try {
      await verifySiteToken(c.req.header('authorization'), siteId, sites)
    } catch (error) {
      if (error instanceof ApiError) logger.warn({ siteId, requestId: c.get('requestId'), code: error.code }, 'sync request rejected')
      throw error
    }
    c.set('siteId', siteId)
    await next()
  })

  const openSiteDatabase = async (c: GatewayContext): Promise<DocumentDatabase> => storage.database(siteDatabaseName(c.get('siteId')))

  gateway.get('/', async (c) => {
    const info = await (await openSiteDatabase(c)).info()
    return c.json({ ...info, db_name: c.get('siteId'), instance_start_time: '0' })
  })

  gateway.put('/', (c) => {
    throw new ApiError(412, 'file_exists', `the database of site '${c.get('siteId')}' already exists`)
  })

  gateway.get('/_local/:id', async (c) => {
    const doc = await (await openSiteDatabase(c)).getLocal(`_local/${c.req.param('id')}`)
    if (!doc) throw new ApiError(404, 'not_found', 'missing')
    return c.json(doc)
  })

  gateway.put('/_local/:id', async (c) => {
    const doc = { ...(await readObjectBody(c)), _id: `_local/${c.req.param('id')}` }
    const violations = findCheckpointViolations(doc)
    if (violations.length > 0) {
      const fields = violations.map((violation) => violation.field)
      logger.warn({ siteId: c.get('siteId'), requestId: c.get('requestId'), op: 'checkpoint', fields }, 'sync checkpoint rejected')
      throw new ApiError(403, 'field_not_allowed', `the checkpoint carries keys a replicator does not write: ${fields.join(', ')}; nothing was written`, violations)
    }
    const result = await (await openSiteDatabase(c)).putLocal(doc)
    return c.json({ ok: true, id: result.id, rev: result.rev }, 201)
  })

  gateway.post('/_revs_diff', async (c) => {
    const body = await readObjectBody(c)
    for (const [id, revs] of Object.entries(body)) {
      if (!Array.isArray(revs) || !revs.every((rev) => typeof rev === 'string')) {
        throw new ApiError(400, 'invalid_body', `revisions of '${id}' must be a list of strings`)
      }
    }
    const diff = await (await openSiteDatabase(c)).revsDiff(body as Record<string, string[]>)
    logger.info({ siteId: c.get('siteId'), requestId: c.get('requestId'), op: 'revs_diff', docs: Object.keys(body).length, missing: Object.keys(diff).length }, 'sync batch')
    return c.json(diff)
  })

  gateway.post('/_bulk_get', async (c) => {
    const body = await readObjectBody(c)
    const docs = body.docs
    if (!Array.isArray(docs) || !docs.every((doc) => isPlainObject(doc) && typeof doc.id === 'string')) {
      throw new ApiError(400, 'invalid_body', 'docs must be a list of { id, rev }')
    }
    const result = await (await openSiteDatabase(c)).bulkGet({
      docs: docs as { id: string; rev?: string }[],
      revs: readBooleanParam(c, 'revs') || body.revs === true,
      latest: readBooleanParam(c, 'latest') || body.latest === true,
    })
    logger.info({ siteId: c.get('siteId'), requestId: c.get('requestId'), op: 'bulk_get', docs: docs.length }, 'sync batch')
    return c.json(result)
  })

  gateway.post('/_bulk_docs', async (c) => {
    const siteId = c.get('siteId')
    const body = await readObjectBody(c)
    const docs = readDocs(body)
    const newEdits = body.new_edits !== false

    const allowed = await sites.findPolicy(siteId)
    if (!allowed) {
      throw new ApiError(403, 'policy_not_published', `site '${siteId}' has not published an allowed field set; publish one with PUT /api/sites/${siteId}/policy before pushing documents`)
    }
    const violations = findBatchViolations(docs, allowed)
    if (violations.length > 0) {
      const fields = [...new Set(violations.map((violation) => violation.field))]
      logger.warn({ siteId, requestId: c.get('requestId'), op: 'bulk_docs', docs: docs.length, violations: violations.length, fields, policyVersion: allowed.version }, 'sync batch rejected')
      throw new ApiError(403, 'field_not_allowed', `the batch carries fields that policy version ${allowed.version} does not allow: ${fields.join(', ')}; nothing was written`, violations)
    }

    const results = await (await openSiteDatabase(c)).bulkDocs(docs, { newEdits })
    const failed = results.filter((result) => result.error).length
    logger.info({ siteId, requestId: c.get('requestId'), op: 'bulk_docs', docs: docs.length, written: docs.length - failed, failed }, 'sync batch')
    return c.json(newEdits ? results : results.filter((result) => result.error), 201)
  })

  const changes = async (c: GatewayContext) => {
    const body = c.req.method === 'POST' ? await readObjectBody(c) : undefined
    const options = parseChangesParams(c.req.query(), body)
    // A long poll ends when the client goes away or the cloud shuts down. The listener on the
    // shared shutdown signal is removed afterwards, since one stays per request otherwise.
    const aborter = new AbortController()
    const abort = () => aborter.abort()
    context.shutdown.addEventListener('abort', abort, { once: true })
    c.req.raw.signal.addEventListener('abort', abort, { once: true })
    if (context.shutdown.aborted || c.req.raw.signal.aborted) aborter.abort()
    let result
    try {
      result = await (await openSiteDatabase(c)).changes({ ...options, signal: aborter.signal })
    } finally {
      context.shutdown.removeEventListener('abort', abort)
      c.req.raw.signal.removeEventListener('abort', abort)
    }
    if (result.results.length > 0) {
      logger.info({ siteId: c.get('siteId'), requestId: c.get('requestId'), op: 'changes', feed: options.feed, changes: result.results.length }, 'sync batch')
    }
    return c.json(result)
  }
  gateway.get('/_changes', changes)
  gateway.post('/_changes', changes)

  gateway.post('/_ensure_full_commit', (c) => c.json({ ok: true, instance_start_time: '0' }, 201))

  gateway.get('/:docid', async (c) => {
    const id = c.req.param('docid')
    const database = await openSiteDatabase(c)
    const openRevs = c.req.query('open_revs')
    if (openRevs !== undefined) {
      const revisions = await database.getOpenRevs(id, parseOpenRevs(openRevs), {
        revs: readBooleanParam(c, 'revs'),
        latest: readBooleanParam(c, 'latest'),
      })
      return c.json(revisions)
    }

    const doc = await database.get(id, {
      rev: c.req.query('rev'),
      revs: readBooleanParam(c, 'revs'),
      revsInfo: readBooleanParam(c, 'revs_info'),
      conflicts: readBooleanParam(c, 'conflicts'),
      latest: readBooleanParam(c, 'latest'),
    })
    if (!doc) throw new ApiError(404, 'not_found', `document '${id}' does not exist or is deleted`)
    return c.json(doc)
  })

  gateway.onError((error, c) => {
    const failure = toApiError(error)
    if (failure instanceof ApiError) {
      // PouchDB 9 reads an error's `name` (else `error`) as a string and its `reason`, as in
      // CouchDB's `{ error, reason }`, so both repeat the code and message at the top level.
      return c.json({ ...failure.toBody(), name: failure.code, reason: failure.message }, failure.status)
    }
    logger.error({ err: { name: (error as Error).name, message: (error as Error).message }, siteId: c.req.param('siteId'), path: c.req.path }, 'sync request failed')
    return c.json({ error: { code: 'internal_error', message: 'the gateway failed to handle the request; see the cloud log' }, name: 'internal_error', reason: 'internal_error' }, 500)
  })

  return gateway as unknown as Hono<CloudEnv>
}
