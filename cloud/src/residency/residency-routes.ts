import { Hono, type Context } from 'hono'
import { ApiError, type AllowedFieldSet } from '@enclave/shared'
import type { CloudContext } from '../context'
import { verifySiteToken } from '../gateway/site-token'
import type { CloudEnv } from '../http/env'
import { META_DATABASE, siteDatabaseName, type StoredDocument } from '../storage/types'
import { auditResidency, MAX_CANARIES, type ResidencyAuditReport } from './residency-audit'
import { purgeDisallowedValues } from './residency-purge'

/** Maximum canary length, in characters. */
const MAX_CANARY_LENGTH = 200
/** Minimum canary length, in characters: shorter values match too much to mean anything. */
const MIN_CANARY_LENGTH = 4

function auditDocumentId(siteId: string): string {
  return `residency-audit:${siteId}`
}

/**
 * Lets in the site itself (its sync JWT) or a signed-in cloud admin. A request with a bearer
 * token is always judged by the token.
 */
async function authorize(c: Context<CloudEnv>, context: CloudContext, siteId: string): Promise<void> {
  const authorization = c.req.header('authorization')
  if (authorization || c.get('user')?.role !== 'admin') {
    await verifySiteToken(authorization, siteId, context.sites)
  }
}

function readCanaries(body: unknown): string[] {
  if (body === undefined) return []
  const canaries = (body as { canaries?: unknown } | null)?.canaries
  if (canaries === undefined) return []
  if (!Array.isArray(canaries) || canaries.length > MAX_CANARIES) {
    throw new ApiError(400, 'invalid_canaries', `canaries must be an array of at most ${MAX_CANARIES} strings`)
  }
  canaries.forEach((canary, position) => {
    if (typeof canary !== 'string' || canary.length < MIN_CANARY_LENGTH || canary.length > MAX_CANARY_LENGTH) {
      throw new ApiError(400, 'invalid_canaries', `canaries[${position}] must be text of ${MIN_CANARY_LENGTH} to ${MAX_CANARY_LENGTH} characters`)
    }
  })
  return canaries as string[]
}

/** Reads a JSON body that may be left out; an empty body means no options. */
async function readOptionalBody(c: Context<CloudEnv>): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON; send a JSON object or no body')
  }
}

/**
 * Builds the residency routes of one site. `POST .../purge` removes every value that the newest
 * published allowed field set no longer allows from every revision, then audits. `POST .../audit`
 * runs a residency audit, optionally with canary values. `GET .../audit` returns the latest
 * audit. Runs for the same site take turns, so a purge and an audit never overlap.
 */
export function residencyRoutes(context: CloudContext): Hono<CloudEnv> {
  const routes = new Hono<CloudEnv>()
  const running = new Map<string, Promise<unknown>>()

  function oneAtATime<T>(siteId: string, task: () => Promise<T>): Promise<T> {
    const next = (running.get(siteId) ?? Promise.resolve()).then(task)
    running.set(siteId, next.catch(() => undefined))
    return next
  }

  async function requirePolicy(siteId: string): Promise<AllowedFieldSet> {
    const allowed = await context.sites.findPolicy(siteId)
    if (!allowed) throw new ApiError(409, 'policy_not_published', `site '${siteId}' has not published a policy yet; the edge publishes it on enrolment`)
    return allowed
  }

  async function storeAudit(report: ResidencyAuditReport): Promise<void> {
    const meta = await context.storage.database(META_DATABASE)
    const id = auditDocumentId(report.siteId)
    const existing = await meta.get(id)
    await meta.put({ ...report, _id: id, _rev: existing?._rev } as StoredDocument)
  }

  async function runAudit(siteId: string, canaries: string[]): Promise<ResidencyAuditReport> {
    const allowed = await requirePolicy(siteId)
    const db = await context.storage.database(siteDatabaseName(siteId))
    const report = await auditResidency(db, siteId, allowed, canaries)
    await storeAudit(report)
    context.logger.info(
      { siteId, policyVersion: report.policyVersion, documents: report.documentsScanned, revisions: report.revisionsScanned, violations: report.violationCount, canaryHits: report.canaryHitCount },
      'residency audit finished',
    )
    return report
  }

  routes.post('/purge', async (c) => {
    const siteId = c.req.param('siteId') as string
    await authorize(c, context, siteId)
    const canaries = readCanaries(await readOptionalBody(c))

    const result = await oneAtATime(siteId, async () => {
      const allowed = await requirePolicy(siteId)
      const db = await context.storage.database(siteDatabaseName(siteId))
      const purge = await purgeDisallowedValues(db, siteId, allowed)
      context.logger.info(
        { siteId, policyVersion: purge.policyVersion, rewritten: purge.documentsRewritten, removed: purge.documentsRemoved, conflicts: purge.conflictsPurged, tombstones: purge.tombstonesCleared },
        'residency purge finished',
      )
      return { purge, audit: await runAudit(siteId, canaries) }
    })
    return c.json(result)
  })

  routes.post('/audit', async (c) => {
    const siteId = c.req.param('siteId') as string
    await authorize(c, context, siteId)
    const canaries = readCanaries(await readOptionalBody(c))
    return c.json(await oneAtATime(siteId, () => runAudit(siteId, canaries)))
  })

  routes.get('/audit', async (c) => {
    const siteId = c.req.param('siteId') as string
    await authorize(c, context, siteId)
    const meta = await context.storage.database(META_DATABASE)
    const stored = await meta.get(auditDocumentId(siteId))
    if (!stored) throw new ApiError(404, 'audit_not_found', `site '${siteId}' has no residency audit yet; run one with POST .../residency/audit`)
    const { _id, _rev, ...report } = stored
    return c.json(report)
  })

  return routes
}
