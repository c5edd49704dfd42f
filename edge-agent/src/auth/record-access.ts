import type { Context, MiddlewareHandler } from 'hono'
import { ApiError, ENTITY_SCHEMAS, findField, typeOfId, type EntitySchema, type EntityType, type RecordDoc } from '@enclave/shared'
import { can } from '@enclave/shared/auth/index'
import { clientAddress, type SessionUser } from '@enclave/shared/node/auth/index'
import type { EdgeContext } from '../context'
import { scopeListParameters } from '@enclave/shared/node/auth/record-scope'
import { rejectPersonalListParameters } from './personal-parameters'

const SCHEMA_BY_PLURAL = new Map(Object.values(ENTITY_SCHEMAS).map((schema) => [schema.plural, schema]))

interface RecordRequest {
  schema: EntitySchema
  id?: string
}

function parseRecordPath(path: string): RecordRequest | undefined {
  const [, api, plural, id, extra] = path.split('/')
  if (api !== 'api' || extra !== undefined || !plural) return undefined
  const schema = SCHEMA_BY_PLURAL.get(plural)
  if (!schema) return undefined
  return { schema, id: id ? decodeURIComponent(id) : undefined }
}

function isPersonal(context: EdgeContext, type: string, field: string): boolean {
  const entityType = type as EntityType
  if (!ENTITY_SCHEMAS[entityType]) return false
  return findField(entityType, field, context.store.getCustomFields(entityType))?.pii === true
}

function personalFieldsOf(context: EdgeContext, docs: RecordDoc[]): string[] {
  const fields = new Set<string>()
  for (const doc of docs) {
    for (const name of Object.keys(doc)) {
      if (isPersonal(context, doc.type, name)) fields.add(name)
    }
  }
  return [...fields].sort()
}

function withoutPersonalFields(context: EdgeContext, doc: RecordDoc): RecordDoc {
  const copy: RecordDoc = { ...doc }
  for (const name of Object.keys(copy)) {
    if (isPersonal(context, doc.type, name)) delete copy[name]
  }
  if (copy.stamps) {
    copy.stamps = Object.fromEntries(Object.entries(copy.stamps).filter(([name]) => !isPersonal(context, doc.type, name)))
  }
  return copy
}

/** Rewrites a list request's parameters so an own-scope user sees only their records. */
function restrictListToOwner(c: Context, user: SessionUser): void {
  const url = new URL(c.req.url)
  scopeListParameters(url.searchParams, user)
  c.req.raw = new Request(url, c.req.raw)
}

/** Sets the owner of a new record to its creator unless the body names one. */
async function assignOwner(c: Context, user: SessionUser): Promise<void> {
  const text = await c.req.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return

  const input = body as Record<string, unknown>
  if (user.recordScope === 'own' && input.ownerId !== undefined && input.ownerId !== user.id) {
    throw new ApiError(403, 'forbidden', `you may only create records that you own; leave ownerId empty or set it to '${user.id}'`).withParams({
      reason: 'own_records',
      userId: user.id,
    })
  }
  if (input.ownerId === undefined) {
    // Hono caches the body text on first read; the route then reads the body with the owner set.
    c.req.bodyCache.text = Promise.resolve(JSON.stringify({ ...input, ownerId: user.id })) as never
  }
}

async function checkOwnership(c: Context, context: EdgeContext, request: RecordRequest, user: SessionUser): Promise<void> {
  const doc = await context.store.get(request.schema.type, request.id!)
  if (doc.ownerId !== user.id) {
    throw new ApiError(404, 'not_found', `no ${request.schema.type} has the id '${request.id}'`).withParams({ resource: request.schema.type, id: request.id ?? '' })
  }
  if (c.req.method === 'PATCH') {
    const patch = JSON.parse((await c.req.text()) || '{}') as Record<string, unknown>
    if (patch.ownerId !== undefined && patch.ownerId !== user.id) {
      throw new ApiError(403, 'forbidden', 'you may not give your records to another owner; ask a manager').withParams({ reason: 'give_away' })
    }
  }
}

/** Merge history of one record, which shows its past values. */
const HISTORY_PATH = /^\/api\/sync\/history\/([^/]+)\/?$/

async function checkHistoryOwnership(context: EdgeContext, id: string, user: SessionUser): Promise<void> {
  const schema = ENTITY_SCHEMAS[typeOfId(id) as EntityType]
  const doc = schema ? await context.store.get(schema.type, id).catch(() => undefined) : undefined
  if (doc?.ownerId !== user.id) throw new ApiError(404, 'not_found', `no record you own has the id '${id}'`).withParams({ resource: 'own_record', id })
}

/**
 * Applies per-record rules after the route table has allowed the request. Own-scope users
 * (agents by default) reach only records they own. Roles without `read_personal` get records
 * without personal fields. Every response that shows personal fields gets an audit entry with
 * the record ids and field names.
 */
export function recordAccess(context: EdgeContext): MiddlewareHandler {
  return async (c, next) => {
    const user = c.get('user') as SessionUser | undefined
    const historyId = HISTORY_PATH.exec(c.req.path)?.[1]
    if (historyId && user?.recordScope === 'own') await checkHistoryOwnership(context, decodeURIComponent(historyId), user)

    const request = parseRecordPath(c.req.path)
    if (!request || !user) return next()

    const readsPersonal = can(user.role, 'read_personal')
    const isList = request.id === undefined
    if (c.req.method === 'GET' && isList && !readsPersonal) {
      const type = request.schema.type
      rejectPersonalListParameters(type, new URL(c.req.url).searchParams, (field) => isPersonal(context, type, field))
    }
    if (user.recordScope === 'own' && !isList) await checkOwnership(c, context, request, user)
    if (user.recordScope === 'own' && c.req.method === 'GET' && isList) restrictListToOwner(c, user)
    if (c.req.method === 'POST' && isList) await assignOwner(c, user)

    await next()
    if (c.req.method !== 'GET' || c.res.status !== 200) return
    if (!(c.res.headers.get('content-type') ?? '').includes('application/json')) {
      // Only JSON record responses can be filtered; anything else must not reach a reader
      // without personal-field permission, because its fields cannot be removed here.
      if (!readsPersonal) throw new ApiError(403, 'forbidden', 'this response contains personal fields, which your role may not read').withParams({ reason: 'personal_response' })
      return
    }

    const body = (await c.res.clone().json()) as RecordDoc | { items: RecordDoc[] }
    const docs: RecordDoc[] = 'items' in body ? (body.items as RecordDoc[]) : [body as RecordDoc]
    if (!readsPersonal) {
      const stripped = docs.map((doc) => withoutPersonalFields(context, doc))
      const payload = 'items' in body ? { ...body, items: stripped } : stripped[0]
      const headers = new Headers(c.res.headers)
      headers.delete('content-length')
      c.res = new Response(JSON.stringify(payload), { status: 200, headers })
      return
    }

    const fields = personalFieldsOf(context, docs)
    if (fields.length === 0) return
    await context.audit.append({
      action: isList ? 'record.list' : 'record.read',
      user: user.id,
      recordIds: docs.map((doc) => doc._id),
      fields,
      address: clientAddress(c),
      detail: isList ? { type: request.schema.type, search: Boolean(new URL(c.req.url).searchParams.get('q')) } : { type: request.schema.type },
    })
  }
}
