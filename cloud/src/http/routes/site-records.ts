import { Hono, type Context } from 'hono'
import { ApiError, ENTITY_SCHEMAS, findSchemaByPlural, type EntityType } from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import type { CloudContext } from '../../context'
import type { CloudRecords } from '../../records/cloud-records'
import { readIfMatch, readPatchRevision } from '@enclave/shared/http/patch-revision'
import type { CloudEnv } from '../env'

function readType(c: Context): EntityType {
  const plural = c.req.param('plural') ?? ''
  const schema = findSchemaByPlural(plural)
  if (!schema) {
    const plurals = Object.values(ENTITY_SCHEMAS).map((known) => known.plural)
    throw new ApiError(404, 'not_found', `'${plural}' is not a record type; use one of ${plurals.join(', ')}`).withParams({ reason: 'record_type', value: plural, types: plurals })
  }
  return schema.type
}

/**
 * Builds the cloud read/write API for remote staff, on `/api/sites/:siteId/:plural`: list (same
 * parameters as the edge), read, change cloud-writable fields, create and delete documents of
 * cloud-creatable types. Roles and site grants are checked before these handlers run.
 */
export function createSiteRecordRoutes(context: CloudContext, records: CloudRecords): Hono<CloudEnv> {
  const routes = new Hono<CloudEnv>()
  const { logger } = context

  routes.get('/:siteId/:plural', async (c) => {
    const params = new URL(c.req.url).searchParams
    return c.json(await records.list(c.req.param('siteId'), readType(c), params))
  })

  routes.get('/:siteId/:plural/:id', async (c) => {
    const doc = await records.get(c.req.param('siteId'), readType(c), c.req.param('id'))
    c.header('ETag', `"${doc._rev}"`)
    return c.json(doc)
  })

  routes.post('/:siteId/:plural', async (c) => {
    const siteId = c.req.param('siteId')
    const user = c.get('user')?.id
    const doc = await records.create(siteId, readType(c), await readJsonBody(c), user)
    logger.info({ siteId, id: doc._id, user, requestId: c.get('requestId') }, 'cloud record created')
    c.header('ETag', `"${doc._rev}"`)
    return c.json(doc, 201)
  })

  routes.patch('/:siteId/:plural/:id', async (c) => {
    const siteId = c.req.param('siteId')
    const { patch, rev } = readPatchRevision(await readJsonBody(c), c.req.header('if-match'))
    const user = c.get('user')?.id
    const doc = await records.update(siteId, readType(c), c.req.param('id'), patch, rev, user)
    logger.info({ siteId, id: doc._id, user, fields: Object.keys(patch as object), requestId: c.get('requestId') }, 'cloud record changed')
    c.header('ETag', `"${doc._rev}"`)
    return c.json(doc)
  })

  routes.delete('/:siteId/:plural/:id', async (c) => {
    const siteId = c.req.param('siteId')
    await records.remove(siteId, readType(c), c.req.param('id'), readIfMatch(c.req.header('if-match')))
    logger.info({ siteId, id: c.req.param('id'), requestId: c.get('requestId') }, 'cloud record deleted')
    return c.body(null, 204)
  })

  return routes
}
