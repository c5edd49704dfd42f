import { ENTITY_SCHEMAS, type EntitySchema } from '@enclave/shared'
import { RouteTable, type RoutePermission } from '@enclave/shared/auth/index'

function recordRoutes(schema: EntitySchema): RoutePermission[] {
  const base = `/api/${schema.plural}`
  return [
    { method: 'GET', path: base, requires: 'read' },
    { method: 'GET', path: `${base}/:id`, requires: 'read' },
    { method: 'POST', path: base, requires: 'edit' },
    { method: 'PATCH', path: `${base}/:id`, requires: 'edit' },
    { method: 'DELETE', path: `${base}/:id`, requires: 'delete' },
  ]
}

/**
 * Every /api route of the edge and the action it requires. A route missing here is rejected
 * for everyone (404 or 405), so register each new route in the same change that
 * adds it. Record reads require `read`; the record access middleware then removes personal
 * fields for roles without `read_personal` and limits own-scope users to their records.
 */
export const EDGE_ROUTE_PERMISSIONS: RoutePermission[] = [
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

  { method: 'GET', path: '/api/audit', requires: 'view_audit' },
  { method: 'GET', path: '/api/audit/verify', requires: 'view_audit' },
  { method: 'GET', path: '/api/audit/export', requires: 'view_audit' },

  { method: 'GET', path: '/api/sync/status', requires: 'read' },
  { method: 'POST', path: '/api/sync/enrol', requires: 'manage_sites' },
  { method: 'GET', path: '/api/sync/history/:id', requires: 'read_personal' },

  ...Object.values(ENTITY_SCHEMAS).flatMap(recordRoutes),
  { method: 'GET', path: '/api/contacts/:id/subject-data', requires: 'subject_rights' },
  { method: 'POST', path: '/api/contacts/:id/erase', requires: 'subject_rights' },

  { method: 'POST', path: '/api/segment-previews', requires: 'read' },
  { method: 'GET', path: '/api/segments/:id/count', requires: 'read' },
  { method: 'GET', path: '/api/segments/:id/members', requires: 'read' },
  { method: 'POST', path: '/api/campaigns/:id/launch', requires: 'edit' },
  { method: 'GET', path: '/api/campaigns/:id/progress', requires: 'read' },
  { method: 'GET', path: '/api/campaigns/:id/members', requires: 'read' },
  { method: 'PATCH', path: '/api/campaigns/:id/members/:recordId', requires: 'edit' },
  { method: 'GET', path: '/api/reports', requires: 'read' },
  { method: 'GET', path: '/api/reports/:id', requires: 'read' },

  { method: 'GET', path: '/api/imports/mappings', requires: 'import' },
  { method: 'POST', path: '/api/imports/mappings', requires: 'import' },
  { method: 'DELETE', path: '/api/imports/mappings/:id', requires: 'import' },
  { method: 'POST', path: '/api/imports', requires: 'import' },
  { method: 'GET', path: '/api/imports', requires: 'import' },
  { method: 'GET', path: '/api/imports/:id', requires: 'import' },
  { method: 'DELETE', path: '/api/imports/:id', requires: 'import' },
  { method: 'POST', path: '/api/imports/:id/preview', requires: 'import' },
  { method: 'POST', path: '/api/imports/:id/dry-run', requires: 'import' },
  { method: 'POST', path: '/api/imports/:id/run', requires: 'import' },
  { method: 'POST', path: '/api/imports/:id/undo', requires: 'import' },
  { method: 'GET', path: '/api/imports/:id/rejected', requires: 'import' },
  { method: 'GET', path: '/api/exports/:plural', requires: 'export' },

  { method: 'GET', path: '/api/policy', requires: 'session' },
  { method: 'PUT', path: '/api/policy', requires: 'change_policy' },
  { method: 'POST', path: '/api/policy/preview', requires: 'change_policy' },
  { method: 'GET', path: '/api/policy/versions', requires: 'change_policy' },
  { method: 'GET', path: '/api/policy/versions/:version', requires: 'change_policy' },
  { method: 'POST', path: '/api/policy/versions/:version/restore', requires: 'change_policy' },
  { method: 'POST', path: '/api/policy/custom-fields', requires: 'change_policy' },
  { method: 'GET', path: '/api/policy/attestation', requires: 'change_policy' },
  { method: 'POST', path: '/api/policy/attestation', requires: 'change_policy' },
]

export const edgeRouteTable = new RouteTable(EDGE_ROUTE_PERMISSIONS)
