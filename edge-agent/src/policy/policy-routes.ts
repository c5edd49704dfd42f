import { Hono } from 'hono'
import {
  ApiError,
  checkCanaries,
  checkPolicyDraft,
  ENTITY_SCHEMAS,
  ENTITY_TYPES,
  previewImpact,
  type FieldDef,
  type RecordDoc,
  type ResidencyPolicy,
} from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import { collectRedactValues } from '../projection/project-record'
import { invalidPolicyError } from './policy-versions'
import type { ResidencyEnforcer } from './residency-enforcer'

/** Body of `PUT /api/policy`: the draft plus save options. */
interface SaveBody {
  entities?: unknown
  customFields?: unknown
  note?: unknown
  baseVersion?: unknown
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseVersion(text: string): number {
  const version = Number(text)
  if (!Number.isInteger(version) || version < 1) {
    throw new ApiError(400, 'invalid_version', `policy version '${text}' is invalid; use a whole number from 1`).withParams({ value: text })
  }
  return version
}

function readNote(body: SaveBody): string | undefined {
  if (body.note === undefined || body.note === null || body.note === '') return undefined
  if (typeof body.note !== 'string' || body.note.length > 500) {
    throw new ApiError(400, 'invalid_note', 'note must be text of at most 500 characters')
  }
  return body.note
}

function readBaseVersion(body: SaveBody): number | undefined {
  if (body.baseVersion === undefined) return undefined
  if (!Number.isInteger(body.baseVersion)) {
    const value = String(JSON.stringify(body.baseVersion))
    throw new ApiError(400, 'invalid_version', `baseVersion ${value} is invalid; send the version you edited`).withParams({ reason: 'base', value })
  }
  return body.baseVersion as number
}

/**
 * Builds the draft a request describes. A body without `customFields` keeps the current custom
 * fields, so a client that edits only rules cannot drop them by leaving them out.
 */
function draftFrom(context: EdgeContext, body: Record<string, unknown>): Record<string, unknown> {
  const customFields = body.customFields === undefined ? context.policies.get().customFields : body.customFields
  return customFields === undefined ? { entities: body.entities } : { entities: body.entities, customFields }
}

/** Lists every field of every entity type, custom ones included, for the editor's table. */
function fieldsOf(policy: ResidencyPolicy): Record<string, FieldDef[]> {
  return Object.fromEntries(
    ENTITY_TYPES.map((type) => [type, [...ENTITY_SCHEMAS[type].fields, ...(policy.customFields?.[type] ?? [])]]),
  )
}

function* allRecords(context: EdgeContext): Generator<RecordDoc> {
  for (const type of ENTITY_TYPES) yield* context.store.index.all(type)
}

/**
 * Builds the residency policy editor's API: the current policy, saving a new version, the
 * impact preview, version history and restore, custom fields and the residency attestation.
 * Every route but `GET /` requires `change_policy`.
 */
export function policyRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()
  const versions = context.policyVersions

  routes.get('/', (c) => {
    const policy = context.policies.get()
    return c.json({ policy, fields: fieldsOf(policy) })
  })

  routes.put('/', async (c) => {
    const body = await readJsonBody(c)
    if (!isObject(body)) throw new ApiError(400, 'invalid_body', 'the body must be a JSON object with entities')
    const saved = await versions.save(
      draftFrom(context, body),
      { author: c.get('actor') ?? 'unknown', note: readNote(body), baseVersion: readBaseVersion(body) },
    )
    context.logger.info({ version: saved.version, changes: saved.changes.length, author: saved.author }, 'residency policy saved')
    return c.json(saved, 201)
  })

  routes.post('/preview', async (c) => {
    const body = await readJsonBody(c)
    if (!isObject(body)) throw new ApiError(400, 'invalid_body', 'the body must be a JSON object with entities')
    const checked = checkPolicyDraft(draftFrom(context, body))
    if (!checked.ok) throw invalidPolicyError(checked.errors)
    const current = context.policies.get()
    const draft: ResidencyPolicy = { ...checked.draft, version: current.version + 1 }
    const key = context.secrets.pseudonymKey
    // The same redaction the projector applies, so the preview shows what the cloud would get.
    const preview = previewImpact(allRecords(context), current, draft, key, (record) => ({
      redactValues: collectRedactValues(record, context.store.index),
    }))
    return c.json(preview)
  })

  routes.get('/versions', async (c) => c.json({ items: await versions.list() }))

  routes.get('/versions/:version', async (c) => c.json(await versions.get(parseVersion(c.req.param('version')))))

  routes.post('/versions/:version/restore', async (c) => {
    const saved = await versions.restore(parseVersion(c.req.param('version')), c.get('actor') ?? 'unknown')
    context.logger.info({ version: saved.version, restoredFrom: saved.restoredFrom }, 'residency policy restored')
    return c.json(saved, 201)
  })

  routes.post('/custom-fields', async (c) => {
    const body = await readJsonBody(c)
    if (!isObject(body) || typeof body.type !== 'string') {
      throw new ApiError(400, 'invalid_body', `the body must be { type, label, kind }; type is one of ${ENTITY_TYPES.join(', ')}`)
    }
    const current = context.policies.get()
    const { type, ...field } = body
    const existing = (current.customFields as Record<string, unknown[]> | undefined)?.[type] ?? []
    // A new custom field starts local: it gets no rule, and a field without a rule stays on site.
    const draft = {
      entities: current.entities,
      customFields: { ...current.customFields, [type]: [...existing, field] },
    }
    const saved = await versions.save(draft, {
      author: c.get('actor') ?? 'unknown',
      note: `added custom field to ${type}`,
      baseVersion: current.version,
    })
    return c.json(saved, 201)
  })

  routes.get('/attestation', async (c) => c.json(await attestationView(context)))

  routes.post('/attestation', async (c) => {
    const body = (await c.req.text()).trim() === '' ? {} : await readJsonBody(c)
    const canaries = checkCanaries(isObject(body) ? body.canaries : undefined)
    await requireResidency(context).audit(canaries)
    return c.json(await attestationView(context), 201)
  })

  return routes
}

function requireResidency(context: EdgeContext): ResidencyEnforcer {
  if (!context.residency) throw new ApiError(503, 'residency_unavailable', 'the residency enforcer has not started yet; try again in a moment')
  return context.residency
}

/** Returns the latest attestation and any purge still pending, as the editor shows them. */
async function attestationView(context: EdgeContext) {
  const store = requireResidency(context).attestations
  const [attestation, pendingPurge] = await Promise.all([store.latest(), store.pendingPurge()])
  return { attestation: attestation ?? null, pendingPurge: pendingPurge ?? null }
}
