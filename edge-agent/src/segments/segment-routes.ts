import { Hono } from 'hono'
import { ApiError, validateRecord } from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import { parseListQuery } from '../records/query'
import { countSegmentMembers, querySegmentMembers, segmentDefinitionOf, type SegmentDefinition } from './evaluate-segment'
import { MemberAccess } from './member-access'

/** Members a preview returns unless the request sets `limit`. */
const PREVIEW_SIZE = 10
const MAX_PREVIEW_SIZE = 100

/** Checks a draft segment body like a saved one, so a preview fails where a save would. */
function draftDefinition(context: EdgeContext, body: unknown): SegmentDefinition {
  const input = { name: 'preview', ...(body as Record<string, unknown>) }
  delete (input as Record<string, unknown>).limit
  const result = validateRecord('segment', input)
  if (!result.ok) throw new ApiError(422, 'validation_failed', 'the segment has invalid fields; see details', result.errors).withParams({ type: 'segment' })
  return segmentDefinitionOf(result.value, (type) => context.store.getCustomFields(type))
}

function previewSize(body: unknown): number {
  const raw = (body as { limit?: unknown }).limit
  if (raw === undefined) return PREVIEW_SIZE
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > MAX_PREVIEW_SIZE) {
    throw new ApiError(400, 'invalid_body', `limit is ${JSON.stringify(raw)}; use a whole number from 0 to ${MAX_PREVIEW_SIZE}`)
  }
  return raw
}

/**
 * Segment evaluation, mounted on `/api`: `POST /segment-previews` counts the members of a
 * draft segment and returns the first ones, `GET /segments/:id/count` the live member count of
 * a saved segment, and `GET /segments/:id/members` its members with the usual list parameters.
 * Create, read, update and delete of segments are the record routes.
 */
export function segmentRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()
  const { store } = context

  async function savedDefinition(access: MemberAccess, id: string): Promise<SegmentDefinition> {
    const doc = await store.get('segment', id)
    access.checkOwnership(doc)
    return segmentDefinitionOf(doc, (type) => store.getCustomFields(type))
  }

  routes.post('/segment-previews', async (c) => {
    const access = MemberAccess.of(context, c)
    const body = await readJsonBody(c)
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiError(400, 'invalid_body', 'the body must be a segment: { entityType, match, conditions }')
    }
    const definition = draftDefinition(context, body)
    access.checkFields(definition)

    const page = querySegmentMembers(store, definition, { limit: previewSize(body), offset: 0, filters: [] }, access.scope)
    const items = await access.present(c, definition.entityType, page.items, { segment: 'preview' })
    return c.json({ entityType: definition.entityType, total: page.total, items })
  })

  routes.get('/segments/:id/count', async (c) => {
    const access = MemberAccess.of(context, c)
    const definition = await savedDefinition(access, c.req.param('id'))
    access.checkFields(definition)
    return c.json({ id: c.req.param('id'), entityType: definition.entityType, total: countSegmentMembers(store, definition, access.scope) })
  })

  routes.get('/segments/:id/members', async (c) => {
    const access = MemberAccess.of(context, c)
    const definition = await savedDefinition(access, c.req.param('id'))
    const params = new URL(c.req.url).searchParams
    access.checkFields(definition, params)

    const query = parseListQuery(definition.entityType, params, store.getCustomFields(definition.entityType))
    const page = querySegmentMembers(store, definition, query, access.scope)
    const items = await access.present(c, definition.entityType, page.items, { segment: c.req.param('id') })
    return c.json({ ...page, items })
  })

  return routes
}
