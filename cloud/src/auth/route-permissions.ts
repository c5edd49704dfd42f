import { ENTITY_SCHEMAS, type EntitySchema } from '@enclave/shared'
import { RouteTable, type RoutePermission } from '@enclave/shared/auth/index'

function siteRecordRoutes(schema: EntitySchema): RoutePermission[] {
  const base = `/api/sites/:siteId/${schema.plural}`
  return [
    { method: 'GET', path: base, requires: 'read' },
    { method: 'GET', path: `${base}/:id`, requires: 'read' },
    { method: 'POST', path: base, requires: 'edit' },
    { method: 'PATCH', path: `${base}/:id`, requires: 'edit' },
    { method: 'DELETE', path: `${base}/:id`, requires: 'delete' },
  ]
}

/**
 * Every /api route of the cloud and the action it requires; a route missing here is denied
 * to everyone. Routes under `/api/sites/:siteId/` also need a grant for that site, unless the
 * user is an admin. Routes marked `public` that a site calls (enrolment, policy publishing,
 * key rotation) authenticate with the enrolment code or the site JWT in their handler.
 * The sync gateway (`/sync/*`) is outside /api and checks site JWTs itself.
 */
export const CLOUD_ROUTE_PERMISSIONS: RoutePermission[] = [
  { method: 'GET', path: '/api/meta', requires: 'public' },
  { method: 'GET', path: '/api/auth/status', requires: 'public' },
  { method: 'POST', path: '/api/auth/setup', requires: 'public' },
  { method: 'POST', path: '/api/auth/login', requires: 'public' },
  { method: 'POST', path: '/api/auth/logout', requires: 'session' },
  { method: 'GET', path: '/api/auth/session', requires: 'session' },
  { method: 'POST', path: '/api/auth/renew', requires: 'session' },
  { method: 'POST', path: '/api/auth/password', requires: 'session' },

  { method: 'GET', path: '/api/user-names', requires: 'session' },
  { method: 'GET', path: '/api/users', requires: 'manage_users' },
  { method: 'GET', path: '/api/users/:id', requires: 'manage_users' },
  { method: 'POST', path: '/api/users', requires: 'manage_users' },
  { method: 'PATCH', path: '/api/users/:id', requires: 'manage_users' },
  { method: 'DELETE', path: '/api/users/:id', requires: 'manage_users' },
  { method: 'POST', path: '/api/users/:id/unlock', requires: 'manage_users' },

  { method: 'POST', path: '/api/sites', requires: 'manage_sites' },
  { method: 'GET', path: '/api/sites', requires: 'read' },
  { method: 'GET', path: '/api/sites/:siteId', requires: 'read' },
  { method: 'POST', path: '/api/sites/:siteId/enrol', requires: 'public' },
  { method: 'POST', path: '/api/sites/:siteId/enrolment-code', requires: 'manage_sites' },
  { method: 'POST', path: '/api/sites/:siteId/revoke', requires: 'manage_sites' },
  { method: 'DELETE', path: '/api/sites/:siteId', requires: 'manage_sites' },
  { method: 'POST', path: '/api/sites/:siteId/rotate-key', requires: 'public' },
  { method: 'PUT', path: '/api/sites/:siteId/policy', requires: 'public' },
  { method: 'GET', path: '/api/sites/:siteId/policy', requires: 'read' },
  // The residency handlers accept the site JWT or a signed-in cloud admin.
  { method: 'POST', path: '/api/sites/:siteId/residency/purge', requires: 'public' },
  { method: 'POST', path: '/api/sites/:siteId/residency/audit', requires: 'public' },
  { method: 'POST', path: '/api/sites/:siteId/residency/erase', requires: 'public' },
  { method: 'GET', path: '/api/sites/:siteId/residency/audit', requires: 'public' },

  { method: 'GET', path: '/api/sites/:siteId/reports', requires: 'read' },
  { method: 'GET', path: '/api/sites/:siteId/reports/:id', requires: 'read' },
  { method: 'GET', path: '/api/sites/:siteId/exports/:plural', requires: 'export' },

  ...Object.values(ENTITY_SCHEMAS).flatMap(siteRecordRoutes),
]

export const cloudRouteTable = new RouteTable(CLOUD_ROUTE_PERMISSIONS)
