import type { MiddlewareHandler } from 'hono'
import { ApiError, findSchemaByPlural } from '@enclave/shared'
import type { SessionUser } from '@enclave/shared/node/auth/index'
import { scopeListParameters } from '@enclave/shared/node/auth/record-scope'
import type { CloudContext } from '../context'
import { CloudRecords } from '../records/cloud-records'

const SITE_RECORD_PATH = /^\/api\/sites\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/

/**
 * Limits own-scope cloud users to the documents they own, as at the edge. User ids are
 * `user:<username>` at both tiers, so a remote user owns the documents whose `ownerId` names
 * the same user name at the site. Lists get `filter.ownerId`, and reads, changes and deletes of
 * another owner's document return 404. Exports (`/api/sites/:siteId/exports/:plural`) add the
 * same filter in their handler.
 */
export function siteRecordAccess(context: CloudContext): MiddlewareHandler {
  // Only `get` is used, which reads the site database directly and fills no cache.
  const records = new CloudRecords(context)

  return async (c, next) => {
    const user = c.get('user') as SessionUser | undefined
    const match = SITE_RECORD_PATH.exec(c.req.path)
    const schema = match ? findSchemaByPlural(match[2]!) : undefined
    if (!user || user.recordScope !== 'own' || !match || !schema) return next()

    const siteId = decodeURIComponent(match[1]!)
    const id = match[3] ? decodeURIComponent(match[3]) : undefined
    if (id === undefined && c.req.method === 'GET') {
      const url = new URL(c.req.url)
      scopeListParameters(url.searchParams, user)
      c.req.raw = new Request(url, c.req.raw)
    }
    if (id !== undefined) {
      const doc = await records.get(siteId, schema.type, id)
      if (doc.ownerId !== user.id) throw new ApiError(404, 'not_found', `no ${schema.type} has the id '${id}'`).withParams({ resource: schema.type, id })
    }
    if (c.req.method === 'POST' || c.req.method === 'PATCH') {
      const body = JSON.parse((await c.req.text()) || '{}') as Record<string, unknown>
      if (body.ownerId !== undefined && body.ownerId !== user.id) {
        throw new ApiError(403, 'forbidden', `you may only own records yourself; leave ownerId empty or set it to '${user.id}'`).withParams({ reason: 'own_records', userId: user.id })
      }
    }
    await next()
  }
}
