import { Hono } from 'hono'
import {
  ApiError,
  REPORT_DEFINITIONS,
  REPORT_IDS,
  isReportId,
  parseReportFilters,
  runReport,
  type RecordDoc,
  type ReportSource,
} from '@enclave/shared'
import type { SessionUser } from '@enclave/shared/node/auth/index'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'

function* ownedBy(records: Iterable<RecordDoc>, ownerId: string): Iterable<RecordDoc> {
  for (const record of records) if (record.ownerId === ownerId) yield record
}

/** Records a report reads: every record, or for own-scope users only the ones they own. */
function sourceFor(context: EdgeContext, user: SessionUser | undefined): ReportSource {
  if (user?.recordScope === 'own') return { records: (type) => ownedBy(context.store.index.all(type), user.id) }
  return { records: (type) => context.store.index.all(type) }
}

/**
 * Reports on `/api/reports`: the list of reports, and one report's series for the filters
 * `from`, `to` (days, `YYYY-MM-DD`), `owner` and `pipeline`. Figures come from the in-memory
 * index, so they include every write acknowledged before the request.
 */
export function reportRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()

  routes.get('/', (c) => c.json({ reports: REPORT_IDS.map((id) => ({ ...REPORT_DEFINITIONS[id], available: true })) }))

  routes.get('/:id', (c) => {
    const id = c.req.param('id')
    if (!isReportId(id)) throw new ApiError(404, 'not_found', `there is no report '${id}'; use one of ${REPORT_IDS.join(', ')}`).withParams({ reason: 'report', id, reports: REPORT_IDS })
    const filters = parseReportFilters(new URL(c.req.url).searchParams)
    return c.json(runReport(id, sourceFor(context, c.get('user')), filters))
  })

  return routes
}
