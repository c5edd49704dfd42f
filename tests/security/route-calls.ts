import type { Action, RoutePermission, Role } from '@enclave/shared/auth/index'
import { can } from '@enclave/shared/auth/index'

/** Sample values for path parameters: ids that exist nowhere, so no call finds a record. */
const SAMPLE_PARAMETERS: Record<string, string> = {
  id: 'missing:01JZZZZZZZZZZZZZZZZZZZZZZZ',
  siteId: 'site-a',
  plural: 'contacts',
  version: '1',
}

/** Turns a route pattern into a concrete path by filling its parameters with sample values. */
export function concretePath(pattern: string): string {
  return pattern
    .replace(/\/\*$/, '/sample')
    .split('/')
    .map((segment) => (segment.startsWith(':') ? encodeURIComponent(SAMPLE_PARAMETERS[segment.slice(1)] ?? 'sample') : segment))
    .join('/')
}

/** Checks whether a role passes the route table for a row (`undefined` role is anonymous). */
export function isAllowed(row: RoutePermission, role: Role | undefined): boolean {
  if (row.requires === 'public') return true
  if (role === undefined) return false
  if (row.requires === 'session') return true
  return can(role, row.requires as Action)
}

/** Routes whose call as an allowed role would end the caller's session or need a fresh one. */
export function endsSession(row: RoutePermission): boolean {
  return row.path === '/api/auth/logout'
}

/** Hono's registered routes under /api, as method and path pattern. */
export function apiRoutesOf(app: { routes: { method: string; path: string }[] }): { method: string; path: string }[] {
  const seen = new Set<string>()
  const routes: { method: string; path: string }[] = []
  for (const route of app.routes) {
    if (!route.path.startsWith('/api/') || route.path.endsWith('/*') || route.method === 'ALL') continue
    const path = route.path.replace(/\/$/, '')
    const key = `${route.method} ${path}`
    if (seen.has(key)) continue
    seen.add(key)
    routes.push({ method: route.method, path })
  }
  return routes
}
