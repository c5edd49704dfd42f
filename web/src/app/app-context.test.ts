import { describe, expect, it } from 'vitest'
import { PERMISSION_MATRIX, type Role } from '@enclave/shared/auth/roles'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import type { AllowedFieldSet } from '@enclave/shared/policy/allowed-fields'
import { createRecordApi } from './api-client'
import { can, isCreatable, isDeletable, isWritable, type AppState } from './app-context'

const DEAL_ONLY: AllowedFieldSet = {
  entities: { deal: { fields: ['title', 'stage'], cloudWritable: ['stage'], cloudCreatable: true } },
} as unknown as AllowedFieldSet

function stateOf(role: Role, tier: 'edge' | 'cloud'): AppState {
  const api = createRecordApi({ tier, siteId: tier === 'cloud' ? 'oslo' : undefined, sites: [] })
  return { api, allowed: tier === 'cloud' ? DEAL_ONLY : undefined, userId: 'user:test', actions: PERMISSION_MATRIX[role], language: 'en' }
}

describe('role checks of the app state', () => {
  it('lets an edge agent edit and create but not delete', () => {
    const agent = stateOf('agent', 'edge')
    expect(isWritable(agent, ENTITY_SCHEMAS.contact, 'email')).toBe(true)
    expect(isCreatable(agent, ENTITY_SCHEMAS.contact)).toBe(true)
    expect(isDeletable(agent, ENTITY_SCHEMAS.contact)).toBe(false)
  })

  it('gives an edge viewer no changes', () => {
    const viewer = stateOf('viewer', 'edge')
    expect(isWritable(viewer, ENTITY_SCHEMAS.deal, 'stage')).toBe(false)
    expect(isCreatable(viewer, ENTITY_SCHEMAS.deal)).toBe(false)
    expect(isDeletable(viewer, ENTITY_SCHEMAS.deal)).toBe(false)
    expect(can(viewer, 'read')).toBe(true)
  })

  it('lets an edge manager delete', () => {
    expect(isDeletable(stateOf('manager', 'edge'), ENTITY_SCHEMAS.contact)).toBe(true)
  })

  it('keeps the cloud policy for a permitted role', () => {
    const manager = stateOf('manager', 'cloud')
    expect(isWritable(manager, ENTITY_SCHEMAS.deal, 'stage')).toBe(true)
    expect(isWritable(manager, ENTITY_SCHEMAS.deal, 'title')).toBe(false)
    expect(isCreatable(manager, ENTITY_SCHEMAS.contact)).toBe(false)
    expect(isDeletable(manager, ENTITY_SCHEMAS.deal)).toBe(true)
  })

  it('gives a cloud viewer no changes the policy allows', () => {
    const viewer = stateOf('viewer', 'cloud')
    expect(isWritable(viewer, ENTITY_SCHEMAS.deal, 'stage')).toBe(false)
    expect(isCreatable(viewer, ENTITY_SCHEMAS.deal)).toBe(false)
    expect(isDeletable(viewer, ENTITY_SCHEMAS.deal)).toBe(false)
  })
})
