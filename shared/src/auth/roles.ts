/** Roles a user can hold at either tier, from most to least privileged. */
export const ROLES = ['admin', 'manager', 'agent', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/**
 * Actions that routes require. `read` covers records without their personal fields;
 * `read_personal` adds those fields. `manage_sites` is site creation, enrolment codes, key
 * rotation and revocation at the cloud, and enrolment and sync settings at the edge.
 * `subject_rights` is a data subject's access export and erasure at the edge.
 */
export const ACTIONS = [
  'read',
  'read_personal',
  'export',
  'import',
  'edit',
  'delete',
  'change_policy',
  'manage_users',
  'view_audit',
  'manage_sites',
  'subject_rights',
] as const
export type Action = (typeof ACTIONS)[number]

/** Which records a user may see and change: all of them, or only those they own. */
export type RecordScope = 'all' | 'own'

/** Everything a role may do. Deny is the default: an action missing from a row is denied. */
export const PERMISSION_MATRIX: Readonly<Record<Role, readonly Action[]>> = {
  admin: ACTIONS,
  manager: ['read', 'read_personal', 'export', 'import', 'edit', 'delete', 'view_audit'],
  agent: ['read', 'read_personal', 'edit'],
  viewer: ['read'],
}

/** Record scope a new user of each role gets unless an admin chooses otherwise. */
export const DEFAULT_RECORD_SCOPE: Readonly<Record<Role, RecordScope>> = {
  admin: 'all',
  manager: 'all',
  agent: 'own',
  viewer: 'all',
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (ACTIONS as readonly string[]).includes(value)
}

/**
 * Checks whether `role` may perform `action`.
 *
 * @example can('viewer', 'read_personal') // false
 */
export function can(role: Role, action: Action): boolean {
  return PERMISSION_MATRIX[role].includes(action)
}

/** Lists the actions of a role, for the UI to hide what the API would deny anyway. */
export function actionsOf(role: Role): Action[] {
  return [...PERMISSION_MATRIX[role]]
}
