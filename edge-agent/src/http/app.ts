import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { forwardedClientAddress } from '@enclave/shared/node/auth/client-address'
import { createErrorHandler, notFoundResponse } from '@enclave/shared/http/errors'
import type { MetaResponse } from '@enclave/shared'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from './env'
import { recordRoutes } from './routes/records'
import { policyRoutes } from '../policy/policy-routes'
import { syncRoutes } from '../sync/sync-routes'
import { serveWebApp } from '@enclave/shared/node/static'
import { mountEdgeHardening, mountEdgeSecurity } from '../auth/mount'
import { mountImportUploads } from '../import/upload-body'
import { importRoutes } from '../import/import-routes'
import { exportRoutes } from '../export/export-routes'
import { segmentRoutes } from '../segments/segment-routes'
import { campaignRoutes } from '../campaigns/campaign-routes'
import { reportRoutes } from '../reports/report-routes'
import { subjectRoutes } from '../subject/subject-routes'

/** Largest JSON body the API accepts; imports upload files through their own route. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024

/** Builds the edge's HTTP app: API, health, meta and the web UI. */
export function createEdgeApp(context: EdgeContext): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>({ strict: false })
  app.onError(createErrorHandler(context.logger))
  app.notFound(notFoundResponse)
  app.use(requestId())
  app.use(forwardedClientAddress(context.config.trustedProxies ?? []))
  mountEdgeHardening(app)

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/api/meta', (c) =>
    c.json({ tier: 'edge', version: context.version, siteId: context.config.siteId } satisfies MetaResponse),
  )

  mountImportUploads(app)
  app.use('/api/*', bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: (c) => {
      const message = `the body is larger than ${MAX_JSON_BODY_BYTES} bytes; send less data per request`
      return c.json({ error: { code: 'payload_too_large', message, params: { max: MAX_JSON_BODY_BYTES } } }, 413)
    },
  }))
  mountEdgeSecurity(app, context)
  app.route('/api', recordRoutes(context))
  app.route('/api', subjectRoutes(context))
  app.route('/api/policy', policyRoutes(context))
  app.route('/api/imports', importRoutes(context))
  app.route('/api/exports', exportRoutes(context))
  app.route('/api/sync', syncRoutes(context))
  app.route('/api', segmentRoutes(context))
  app.route('/api', campaignRoutes(context))
  app.route('/api/reports', reportRoutes(context))

  serveWebApp(app, context.config.webDir)
  return app
}
