import { Hono } from 'hono'
import { readJsonBody } from '@enclave/shared/http/errors'
import { clientAddress } from '@enclave/shared/node/auth/index'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import { SerialLock } from '../sync/serial-lock'
import type { CloudErasureState } from './cloud-erasure'
import { eraseSubjectAtEdge, readErasureInput } from './erase-subject'
import { collectSubjectData, subjectDataFileName } from './subject-data'

/**
 * Maximum wait for the cloud step within an erasure request, in ms. When the cloud takes
 * longer, the response reports `pending` and the edge goes on retrying in the background.
 */
const CLOUD_WAIT_MS = 20_000

/** Requests the cloud step and waits for it up to `CLOUD_WAIT_MS`. */
async function eraseInCloud(context: EdgeContext, recordIds: string[]): Promise<CloudErasureState> {
  const worker = context.cloudErasure
  if (!worker) return 'pending'
  await worker.request(recordIds)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<CloudErasureState>((resolve) => {
    timer = setTimeout(() => resolve('pending'), CLOUD_WAIT_MS)
  })
  try {
    return await Promise.race([worker.run(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Builds the routes of a data subject's rights: `GET /api/contacts/:id/subject-data` exports
 * what the site stores about a contact, and `POST /api/contacts/:id/erase` erases it.
 */
export function subjectRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()
  // Erasures run one at a time, so two never compact the same databases at once and the second
  // finds the first one's records already gone.
  const erasures = new SerialLock()

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
        importRows: data.imports.rejectedRows.length + data.imports.undoSnapshots.length,
        auditEntries: data.audit.length,
      },
    })
    c.header('Content-Disposition', `attachment; filename="${subjectDataFileName(contactId, data.exportedAt)}"`)
    c.header('Cache-Control', 'no-store')
    return c.json(data)
  })

  routes.post('/contacts/:id/erase', async (c) => {
    const contactId = c.req.param('id')
    const input = readErasureInput(await readJsonBody(c))
    const actor = c.get('actor') ?? 'unknown'
    const address = clientAddress(c)
    const { recordIds, deletedIds, counts } = await erasures.run(() => eraseSubjectAtEdge(context, contactId, input, { actor, address }))
    // The entry names the ids, the admin, the reason and counts, never a personal value.
    await context.audit.append({ action: 'subject.erase', user: actor, recordIds, address, detail: { reason: input.reason, linked: input.linked, ...counts } })
    context.logger.info({ contactId, linked: input.linked, ...counts }, 'person erased')

    // The cloud deletes the deleted records' documents and compacts, which also drops the old
    // revisions of the records kept without the person.
    const cloud = await eraseInCloud(context, deletedIds)
    return c.json({ contactId, linked: input.linked, ...counts, cloud })
  })

  return routes
}
