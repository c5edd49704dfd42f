import type { Hono } from 'hono'
import { authRoutes, createAuthMiddleware, hardening, userNameRoutes, userRoutes } from '@enclave/shared/node/auth/index'
import { auditRoutes } from '../audit/audit-routes'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import { recordAccess } from './record-access'
import { edgeRouteTable } from './route-permissions'

/** Adds security headers and own-origin CORS to every response; mount before any route. */
export function mountEdgeHardening(app: Hono<EdgeEnv>): void {
  app.use(hardening())
}

/**
 * Mounts sessions, the route permission table, CSRF and JSON checks, per-record access rules,
 * and the auth, user and audit routes. Mount after the body size limit and before the API.
 */
export function mountEdgeSecurity(app: Hono<EdgeEnv>, context: EdgeContext): void {
  app.use(
    '/api/*',
    createAuthMiddleware({
      auth: context.auth,
      routes: edgeRouteTable,
      onAuthenticated: (c, user) => c.set('actor', user.id),
    }),
  )
  app.use('/api/*', recordAccess(context))
  app.route('/api/auth', authRoutes(context.auth) as never)
  app.route('/api/users', userRoutes(context.auth) as never)
  app.route('/api/user-names', userNameRoutes(context.auth) as never)
  app.route('/api/audit', auditRoutes(context))
}
