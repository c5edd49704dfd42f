import { Hono } from 'hono'
import type { EdgeEnv } from '../env'
import { ENTITY_SCHEMAS, type EntitySchema } from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import { readIfMatch, readPatchRevision } from '@enclave/shared/http/patch-revision'
import { clientAddress } from '@enclave/shared/node/auth/index'
import type { EdgeContext } from '../../context'
import { parseListQuery } from '../../records/query'
import { groupRecords, parseGroupRequest } from '@enclave/shared/entities/list-groups'

function recordRoutesFor(context: EdgeContext, schema: EntitySchema): Hono<EdgeEnv> {
  const { store } = context
  const routes = new Hono<EdgeEnv>()
  const type = schema.type

  routes.get('/', (c) => {
    const params = new URL(c.req.url).searchParams
    const query = parseListQuery(type, params, store.getCustomFields(type))
    const grouping = parseGroupRequest(type, params, store.getCustomFields(type))
    if (!grouping) return c.json(store.list(type, query))

    // Groups cover every matching record, so ask for all of them once and cut the page here.
    const all = store.list(type, { ...query, limit: Number.MAX_SAFE_INTEGER, offset: 0 })
    return c.json({
      items: all.items.slice(query.offset, query.offset + query.limit),
      total: all.total,
      limit: query.limit,
      offset: query.offset,
      groups: groupRecords(all.items, grouping),
    })
  })

  routes.get('/:id', async (c) => {
    const doc = await store.get(type, c.req.param('id'))
    c.header('ETag', `"${doc._rev}"`)
    return c.json(doc)
  })

  routes.post('/', async (c) => {
    const doc = await store.create(type, await readJsonBody(c), {
      actor: c.get('actor'),
      address: clientAddress(c),
    })
    c.header('Location', `/api/${schema.plural}/${encodeURIComponent(doc._id)}`)
    return c.json(doc, 201)
  })

  routes.patch('/:id', async (c) => {
    const { patch, rev } = readPatchRevision(await readJsonBody(c), c.req.header('If-Match'))
    const doc = await store.update(type, c.req.param('id'), patch, {
      actor: c.get('actor'),
      address: clientAddress(c),
      rev,
    })
    c.header('ETag', `"${doc._rev}"`)
    return c.json(doc)
  })

  routes.delete('/:id', async (c) => {
    await store.remove(type, c.req.param('id'), {
      actor: c.get('actor'),
      address: clientAddress(c),
      rev: readIfMatch(c.req.header('If-Match')),
    })
    return c.body(null, 204)
  })

  return routes
}

/** CRUD, list, sort, filter and search for every entity type: `/api/contacts`, `/api/deals`, ... */
export function recordRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()
  for (const schema of Object.values(ENTITY_SCHEMAS)) {
    routes.route(`/${schema.plural}`, recordRoutesFor(context, schema))
  }
  return routes
}
