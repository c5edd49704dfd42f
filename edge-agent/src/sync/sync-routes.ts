import { Hono } from 'hono'
import { ApiError } from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import type { SyncService } from './sync-service'

function syncService(context: EdgeContext): SyncService {
  if (!context.sync) throw new ApiError(503, 'sync_not_started', 'sync has not started yet; retry in a moment')
  return context.sync
}

function readEnrolBody(body: unknown): { enrolmentCode: string; cloudUrl?: string } {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  if (typeof input.enrolmentCode !== 'string' || input.enrolmentCode.trim() === '') {
    throw new ApiError(400, 'invalid_body', 'enrolmentCode is missing; send the one-time code the cloud admin created for this site')
  }
  if (input.cloudUrl !== undefined) {
    const valid = typeof input.cloudUrl === 'string' && /^https?:\/\/[^\s/]+/.test(input.cloudUrl)
    if (!valid) {
      throw new ApiError(400, 'invalid_body', `cloudUrl ${JSON.stringify(input.cloudUrl)} is not an http(s) URL; send the cloud's base URL, such as https://cloud.example.com`)
    }
  }
  return { enrolmentCode: input.enrolmentCode.trim(), cloudUrl: input.cloudUrl as string | undefined }
}

/** `/api/sync`: enrolment with the cloud, sync status and the merge history of a record. */
export function syncRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()

  routes.get('/status', async (c) => c.json(await syncService(context).status()))

  routes.post('/enrol', async (c) => {
    const { enrolmentCode, cloudUrl } = readEnrolBody(await readJsonBody(c))
    return c.json(await syncService(context).enrol(enrolmentCode, cloudUrl))
  })

  routes.get('/history/:id', async (c) => {
    const entries = await syncService(context).history.list(c.req.param('id'))
    return c.json({ items: entries.map(({ _id, _rev, ...entry }) => ({ id: _id, ...entry })) })
  })

  return routes
}
