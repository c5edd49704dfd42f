import { Hono } from 'hono'
import { clientAddress } from '@enclave/shared/node/auth/index'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import { collectSubjectData, subjectDataFileName } from './subject-data'

/** A data subject's rights at the edge: `GET /api/contacts/:id/subject-data`. */
export function subjectRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()

  routes.get('/contacts/:id/subject-data', async (c) => {
    const contactId = c.req.param('id')
    const data = await collectSubjectData(context, contactId)
    const linked = Object.values(data.linked).flat()
    // The export shows every personal field, so it is recorded as an export is.
    await context.audit.append({
      action: 'subject.export',
      user: c.get('actor') ?? 'unknown',
      recordIds: [contactId, ...linked.map((record) => record._id)],
      address: clientAddress(c),
      detail: {
        linkedRecords: linked.length,
        campaignMemberships: data.campaignMemberships.length,
        historyEntries: data.recordHistory.length,
        auditEntries: data.audit.length,
      },
    })
    c.header('Content-Disposition', `attachment; filename="${subjectDataFileName(contactId, data.exportedAt)}"`)
    c.header('Cache-Control', 'no-store')
    return c.json(data)
  })

  return routes
}
