import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { forwardedClientAddress } from '@enclave/shared/node/auth/client-address'
import type { MetaResponse } from '@enclave/shared'
import { createErrorHandler, notFoundResponse } from '@enclave/shared/http/errors'
import { serveWebApp } from '@enclave/shared/node/static'
import type { CloudContext } from '../context'
import { createGatewayRouter } from '../gateway/gateway-routes'
import { CloudRecords } from '../records/cloud-records'
import { createSiteExportRoutes } from './routes/site-exports'
import { createSiteRecordRoutes } from './routes/site-records'
import { createSiteRoutes } from './routes/sites'
import { residencyRoutes } from '../residency/residency-routes'
import { cloudReportRoutes } from '../reports/report-routes'
import type { CloudEnv } from './env'
import { mountCloudHardening, mountCloudSecurity } from '../auth/mount'

/** Builds the cloud's HTTP app: sync gateway, API, health, meta and the web UI. */
export function createCloudApp(context: CloudContext): Hono<CloudEnv> {
  // strict: false because PouchDB's replicator requests database URLs with a trailing slash.
  const app = new Hono<CloudEnv>({ strict: false })
  app.onError(createErrorHandler(context.logger))
  app.notFound(notFoundResponse)
  app.use(requestId())
  app.use(forwardedClientAddress(context.config.trustedProxies ?? []))
  mountCloudHardening(app)

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/api/meta', (c) => c.json({ tier: 'cloud', version: context.version } satisfies MetaResponse))

  app.route('/sync/:siteId', createGatewayRouter(context))
  mountCloudSecurity(app, context)
  const records = new CloudRecords(context)
  app.route('/api/sites', createSiteRoutes(context, records))
  app.route('/api/sites/:siteId/residency', residencyRoutes(context))
  app.route('/api/sites', cloudReportRoutes(context))
  // Before the record routes, whose `/:siteId/:plural/:id` would also match an export path.
  app.route('/api/sites', createSiteExportRoutes(context, records))
  app.route('/api/sites', createSiteRecordRoutes(context, records))

  serveWebApp(app, context.config.webDir)
  return app
}
