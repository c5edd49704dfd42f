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
 * audit, or `null` while the site has none (404 only for an unknown site). Runs for the same site take turns, so a purge and an audit never overlap.
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
