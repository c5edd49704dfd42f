import { describe, expect, it } from 'vitest'
import { ACTIONS, can, PERMISSION_MATRIX, ROLES } from './roles'

describe('permission matrix', () => {
  it('gives admins every action', () => {
    for (const action of ACTIONS) expect(can('admin', action)).toBe(true)
  })

  it('keeps personal fields from viewers', () => {
    expect(can('viewer', 'read')).toBe(true)
    expect(can('viewer', 'read_personal')).toBe(false)
    expect(can('viewer', 'edit')).toBe(false)
  })

  it('keeps user management and policy with admins', () => {
    for (const role of ROLES.filter((role) => role !== 'admin')) {
      expect(can(role, 'manage_users')).toBe(false)
      expect(can(role, 'change_policy')).toBe(false)
      expect(can(role, 'manage_sites')).toBe(false)
      expect(can(role, 'subject_rights')).toBe(false)
    }
  })

  it('lets agents edit but not delete, export or import', () => {
    expect(can('agent', 'edit')).toBe(true)
    expect(can('agent', 'delete')).toBe(false)
    expect(can('agent', 'export')).toBe(false)
    expect(can('agent', 'import')).toBe(false)
  })

  it('orders roles by privilege', () => {
    for (let i = 1; i < ROLES.length; i++) {
      const lower = PERMISSION_MATRIX[ROLES[i]!]
      const higher = PERMISSION_MATRIX[ROLES[i - 1]!]
      for (const action of lower) expect(higher).toContain(action)
    }
  })
})
