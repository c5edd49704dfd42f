import { Hono } from 'hono'
import {
  ApiError,
  REPORT_DEFINITIONS,
  REPORT_IDS,
  isReportId,
  parseReportFilters,
  runReport,
  type EntityType,
  type ReportId,
  type ReportSource,
} from '@enclave/shared'
import type { SessionUser } from '@enclave/shared/node/auth/index'
import type { CloudContext } from '../context'
import type { CloudEnv } from '../http/env'
import { SiteDocumentCache } from '../records/site-document-cache'
import { siteDatabaseName, type StoredDocument } from '../storage/types'
import { reportAvailability } from './report-availability'

/**
 * Reports from a site's projected documents, mounted on `/api/sites`: `GET /:siteId/reports`
 * lists every report with whether the site's policy allows it in the cloud, and
 * `GET /:siteId/reports/:id` computes one with the same filters and figures as the edge, or
 * returns 409 `report_unavailable` naming the fields the policy keeps on site.
 *
 * NOTE: this keeps its own in-memory copy of each site's documents, beside the one the record
 * API keeps, so a site's documents are held twice in memory.
 */
export function cloudReportRoutes(context: CloudContext): Hono<CloudEnv> {
  const routes = new Hono<CloudEnv>()
  const cache = new SiteDocumentCache()

  async function sourceFor(siteId: string, user: SessionUser | undefined, types: readonly EntityType[]): Promise<ReportSource> {
    const db = await context.storage.database(siteDatabaseName(siteId))
    const byType = new Map<EntityType, StoredDocument[]>()
    for (const type of types) {
      const docs = await cache.documentsOfType(siteId, db, type)
      byType.set(type, user?.recordScope === 'own' ? docs.filter((doc) => doc.ownerId === user.id) : docs)
    }
    return { records: (type) => byType.get(type) ?? [] }
  }

  routes.get('/:siteId/reports', async (c) => {
    const siteId = c.req.param('siteId')
    await context.sites.requireSite(siteId)
    const allowed = await context.sites.findPolicy(siteId)
    const reports = REPORT_IDS.map((id) => ({ ...REPORT_DEFINITIONS[id], ...reportAvailability(id, allowed) }))
    return c.json({ siteId, policyVersion: allowed?.version ?? null, reports })
  })

  routes.get('/:siteId/reports/:id', async (c) => {
    const siteId = c.req.param('siteId')
    const id = c.req.param('id')
    if (!isReportId(id)) throw new ApiError(404, 'not_found', `there is no report '${id}'; use one of ${REPORT_IDS.join(', ')}`).withParams({ reason: 'report', id, reports: REPORT_IDS })
    await context.sites.requireSite(siteId)

    const availability = reportAvailability(id as ReportId, await context.sites.findPolicy(siteId))
    if (!availability.available) {
      const { title } = REPORT_DEFINITIONS[id]
      throw new ApiError(409, 'report_unavailable', `the ${title} report needs ${availability.missing.join(', ')}, which site '${siteId}' keeps on site; run it at the edge`, { missing: availability.missing }).withParams({
        title,
        missing: availability.missing,
        siteId,
      })
    }
    const filters = parseReportFilters(new URL(c.req.url).searchParams)
    const types = REPORT_DEFINITIONS[id].requires.map((requirement) => requirement.type)
    const source = await sourceFor(siteId, c.get('user'), types)
    return c.json({ siteId, ...runReport(id, source, filters) })
  })

  return routes
}
