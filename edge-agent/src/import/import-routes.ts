import { Hono, type Context } from 'hono'
import { ApiError } from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import { clientAddress } from '@enclave/shared/node/auth/index'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import { DEFAULT_LIMIT, MAX_LIMIT, parseBoundedInteger } from '../records/query'
import type { ImportOrigin } from './batch-access'
import { nameStarter } from './batch-starter'
import type { BatchView } from './import-service'
import { importServiceOf } from './import-worker'
import { takeUploadBody } from './upload-body'

async function readObject(c: Parameters<typeof readJsonBody>[0]): Promise<Record<string, unknown>> {
  const text = await c.req.text()
  if (text.trim() === '') return {}
  const body = await readJsonBody(c)
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_body', 'the body must be a JSON object')
  }
  return body as Record<string, unknown>
}

/**
 * Import API: upload a file, preview it with a suggested mapping, dry run, run, follow
 * progress, download rejected rows, undo, delete, and keep saved mappings. Users whose record
 * scope is `own` reach only the batches they created. Every batch in a response carries the
 * name of its starter. Documented in docs/import.md.
 */
export function importRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()
  const service = importServiceOf(context)
  const actorOf = (c: { get(key: 'actor'): string | undefined }) => c.get('actor') ?? 'system'
  const originOf = (c: Context<EdgeEnv>): ImportOrigin => ({ actor: actorOf(c), address: clientAddress(c), user: c.get('user') })
  const named = (batch: BatchView) => nameStarter(batch, (id) => context.auth.users.get(id))

  routes.get('/mappings', async (c) => c.json({ items: await service.mappings.list() }))
  routes.post('/mappings', async (c) => c.json(await service.mappings.save(await readObject(c)), 201))
  routes.delete('/mappings/:id', async (c) => {
    await service.mappings.remove(c.req.param('id'))
    return c.body(null, 204)
  })

  routes.post('/', async (c) => {
    const declared = Number(c.req.header('x-upload-length'))
    if (Number.isFinite(declared) && declared > service.maxUploadBytes) {
      throw new ApiError(413, 'file_too_large', `the file is larger than the import limit of ${service.maxUploadBytes} bytes; split it into smaller files`).withParams({
        max: service.maxUploadBytes,
      })
    }
    const body = takeUploadBody(c.req.raw)
    if (!body) throw new ApiError(400, 'missing_file', 'the request has no file; send the file as the request body')
    const plural = c.req.query('type') ?? ''
    const fileName = c.req.query('fileName') ?? 'upload'
    const batch = await service.upload(body, { plural, fileName, actor: actorOf(c), address: clientAddress(c) })
    return c.json(named(service.view(batch)), 201)
  })

  routes.get('/', async (c) => {
    const limit = parseBoundedInteger('limit', c.req.query('limit'), DEFAULT_LIMIT, MAX_LIMIT) || DEFAULT_LIMIT
    const offset = parseBoundedInteger('offset', c.req.query('offset'), 0, Number.MAX_SAFE_INTEGER)
    const page = await service.listPage(c.get('user'), limit, offset)
    return c.json({ ...page, items: page.items.map(named) })
  })
  routes.get('/:id', async (c) => c.json(named(service.view(await service.get(c.req.param('id'), c.get('user'))))))
  routes.delete('/:id', async (c) => c.json(named(await service.remove(c.req.param('id'), originOf(c)))))
  routes.post('/:id/preview', async (c) => {
    const preview = await service.preview(c.req.param('id'), await readObject(c), c.get('user'))
    return c.json({ ...preview, batch: named(preview.batch) })
  })
  routes.post('/:id/dry-run', async (c) => c.json(await service.dryRun(c.req.param('id'), await readObject(c), originOf(c))))
  routes.post('/:id/run', async (c) => {
    const batch = await service.start(c.req.param('id'), await readObject(c), originOf(c))
    return c.json(named(service.view(batch)), 202)
  })
  routes.post('/:id/undo', async (c) => c.json(await service.undo(c.req.param('id'), originOf(c))))
  routes.get('/:id/rejected', async (c) => {
    const csv = await service.rejectedCsv(c.req.param('id'), originOf(c))
    c.header('content-type', 'text/csv; charset=utf-8')
    c.header('content-disposition', `attachment; filename="rejected-${c.req.param('id')}.csv"`)
    return c.body(`\ufeff${csv}`)
  })
  return routes
}
