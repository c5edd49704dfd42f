import { Hono, type Context } from 'hono'
import { ApiError, checkCanaries } from '@enclave/shared'
import type { CloudContext } from '../context'
import { verifySiteToken } from '../gateway/site-token'
import type { CloudEnv } from '../http/env'
import { residencyJobsOf } from './residency-jobs'

/**
 * Lets in the site itself (its sync JWT) or a signed-in cloud admin. A request with a bearer
 * token is always judged by the token.
 */
async function authorize(c: Context<CloudEnv>, context: CloudContext, siteId: string): Promise<void> {
  const authorization = c.req.header('authorization')
  const user = c.get('user')
  if (authorization || !user) {
    await verifySiteToken(authorization, siteId, context.sites)
    return
  }
  if (user.role !== 'admin') {
    throw new ApiError(403, 'forbidden', `the ${user.role} role may not run residency purges or audits; ask a cloud admin`).withParams({
      reason: 'role',
      role: user.role,
      action: 'residency',
    })
  }
}

/** Maximum document ids in one erasure request. */
const MAX_ERASURE_IDS = 10_000
const DOCUMENT_ID = /^[a-z]+:[0-9A-Za-z]{1,64}$/

/** Reads `{ ids }`: the ids of the documents an edge erased, such as `contact:01J...`. */
function readErasureIds(body: unknown): string[] {
  const ids = (body as { ids?: unknown } | undefined)?.ids
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_ERASURE_IDS) {
    throw new ApiError(400, 'invalid_erasure_ids', `ids must be a list of 1 to ${MAX_ERASURE_IDS} document ids; send the ids of the erased records`).withParams({ max: MAX_ERASURE_IDS })
  }
  const invalid = ids.find((id) => typeof id !== 'string' || !DOCUMENT_ID.test(id))
  if (invalid !== undefined) {
    throw new ApiError(400, 'invalid_erasure_ids', `'${String(invalid)}' is not a document id; ids look like contact:01J...`).withParams({ max: MAX_ERASURE_IDS, value: String(invalid) })
  }
  return ids as string[]
}

function readCanaries(body: unknown): string[] {
  if (body === undefined || body === null) return []
  return checkCanaries((body as { canaries?: unknown }).canaries)
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
 * audit, or `null` while the site has none (404 only for an unknown site). `POST .../erase` with
 * `{ ids }` deletes every revision of the documents an edge erased for a person. Runs for the
 * same site take turns, so a purge, an erasure and an audit never overlap.
 */
export function residencyRoutes(context: CloudContext): Hono<CloudEnv> {
  const routes = new Hono<CloudEnv>()
  const jobs = residencyJobsOf(context)

  routes.post('/purge', async (c) => {
    const siteId = c.req.param('siteId') as string
    await authorize(c, context, siteId)
    const canaries = readCanaries(await readOptionalBody(c))
    return c.json(await jobs.purge(siteId, canaries))
  })

  routes.post('/erase', async (c) => {
    const siteId = c.req.param('siteId') as string
    await authorize(c, context, siteId)
    const ids = readErasureIds(await readOptionalBody(c))
    return c.json(await jobs.erase(siteId, ids))
  })

  routes.post('/audit', async (c) => {
    const siteId = c.req.param('siteId') as string
    await authorize(c, context, siteId)
    const canaries = readCanaries(await readOptionalBody(c))
    return c.json(await jobs.audit(siteId, canaries))
  })

  routes.get('/audit', async (c) => {
    const siteId = c.req.param('siteId') as string
    await authorize(c, context, siteId)
    await context.sites.requireSite(siteId)
    const report = await jobs.latestAudit(siteId)
    return c.json(report ?? null)
  })

  return routes
}
