import { Hono } from 'hono'
import { ApiError } from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import type { CloudContext } from '../../context'
import type { CloudRecords } from '../../records/cloud-records'
import { verifySiteToken } from '../../gateway/site-token'
import { parseAllowedFieldSet } from '../../sites/allowed-field-set'
import type { CloudEnv } from '../env'
import { residencyJobsOf } from '../../residency/residency-jobs'

async function readObject(c: Parameters<typeof readJsonBody>[0]): Promise<Record<string, unknown>> {
  const body = await readJsonBody(c)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_body', 'the body must be a JSON object')
  }
  return body as Record<string, unknown>
}

/**
 * Builds the site management routes. They create a site (returning its one-time enrolment
 * code), list and read sites, enrol with the code, issue a new code and revoke a site. They
 * also publish and read the site's allowed field set.
 * Who may call each route is set in `auth/route-permissions.ts`; enrolment proves itself with
 * the code and policy publishing with the site token.
 */
export function createSiteRoutes(context: CloudContext, records: CloudRecords): Hono<CloudEnv> {
  const routes = new Hono<CloudEnv>()
  const { sites, logger } = context

  routes.post('/', async (c) => {
    const body = await readObject(c)
    const { site, enrolmentCode } = await sites.createSite({ siteId: body.siteId, name: body.name })
    logger.info({ siteId: site.siteId }, 'site created')
    return c.json({ ...site, enrolmentCode }, 201)
  })

  routes.get('/', async (c) => c.json({ items: await sites.listSites() }))

  routes.get('/:siteId', async (c) => c.json(await sites.getSiteView(c.req.param('siteId'))))

  routes.post('/:siteId/enrol', async (c) => {
    const siteId = c.req.param('siteId')
    const body = await readObject(c)
    try {
      const site = await sites.enrol(siteId, { code: body.code, publicJwk: body.publicJwk, kid: body.kid })
      logger.info({ siteId, kid: site.kid }, 'site enrolled')
      return c.json(site)
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) logger.warn({ siteId }, 'enrolment rejected')
      throw error
    }
  })

  routes.post('/:siteId/enrolment-code', async (c) => {
    const { site, enrolmentCode } = await sites.issueEnrolmentCode(c.req.param('siteId'))
    logger.info({ siteId: site.siteId }, 'enrolment code issued')
    return c.json({ ...site, enrolmentCode }, 201)
  })

  routes.post('/:siteId/revoke', async (c) => {
    const site = await sites.revoke(c.req.param('siteId'))
    logger.warn({ siteId: site.siteId }, 'site revoked')
    return c.json(site)
  })

  routes.delete('/:siteId', async (c) => {
    const siteId = c.req.param('siteId')
    await sites.deleteSite(siteId)
    records.forget(siteId)
    logger.warn({ siteId }, 'site deleted with all its cloud data')
    return c.body(null, 204)
  })

  routes.put('/:siteId/policy', async (c) => {
    const siteId = c.req.param('siteId')
    await verifySiteToken(c.req.header('authorization'), siteId, sites)
    const allowed = parseAllowedFieldSet(await readJsonBody(c))
    const previous = await sites.findPolicy(siteId)
    const published = await sites.publishPolicy(siteId, allowed)
    residencyJobsOf(context).onPolicyPublished(siteId, previous, allowed)
    logger.info({ siteId, policyVersion: published.version }, 'policy published')
    return c.json({ siteId, ...published, allowed })
  })

  routes.get('/:siteId/policy', async (c) => {
    const siteId = c.req.param('siteId')
    await sites.requireSite(siteId)
    const record = await sites.findPublishedPolicy(siteId)
    if (!record) throw new ApiError(404, 'policy_not_published', `site '${siteId}' has not published a policy yet`).withParams({ siteId })
    return c.json({ siteId, version: record.allowed.version, publishedAt: record.publishedAt, allowed: record.allowed })
  })

  return routes
}
