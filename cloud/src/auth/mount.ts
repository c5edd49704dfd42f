import type { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { authRoutes, createAuthMiddleware, hardening, userNameRoutes, userRoutes } from '@enclave/shared/node/auth/index'
import type { CloudContext } from '../context'
import type { CloudEnv } from '../http/env'
import { keyRotationRoutes } from './key-rotation'
import { cloudRouteTable } from './route-permissions'
import { checkSiteGrant, filterSiteList } from './site-access'
import { siteRecordAccess } from './site-record-access'

/** Largest body the cloud's /api accepts; the sync gateway under /sync sets its own limits. */
export const MAX_API_BODY_BYTES = 1024 * 1024

/** Adds security headers and own-origin CORS to every response; mount before any route. */
export function mountCloudHardening(app: Hono<CloudEnv>): void {
  app.use(hardening())
}

/**
 * Mounts sessions, the route permission table with site grants, CSRF and JSON checks, and
 * the auth, user and key rotation routes. Mount before the cloud's /api routes.
 */
export function mountCloudSecurity(app: Hono<CloudEnv>, context: CloudContext): void {
  app.use('/api/*', bodyLimit({
    maxSize: MAX_API_BODY_BYTES,
    onError: (c) => {
      const message = `the body is larger than ${MAX_API_BODY_BYTES} bytes; send less data per request`
      return c.json({ error: { code: 'payload_too_large', message, params: { max: MAX_API_BODY_BYTES } } }, 413)
    },
  }))
  app.use('/api/*', createAuthMiddleware({ auth: context.auth, routes: cloudRouteTable, checkRequest: checkSiteGrant }))
  app.use('/api/*', filterSiteList())
  app.use('/api/*', siteRecordAccess(context))
  app.route('/api/auth', authRoutes(context.auth) as never)
  const unknownSites = async (siteIds: string[]) => {
    const found = await Promise.all(siteIds.map(async (siteId) => ((await context.sites.findSite(siteId)) ? undefined : siteId)))
    return found.filter((siteId): siteId is string => siteId !== undefined)
  }
  app.route('/api/users', userRoutes(context.auth, { unknownSites }) as never)
  app.route('/api/user-names', userNameRoutes(context.auth) as never)
  app.route('/api/sites', keyRotationRoutes(context))
}
