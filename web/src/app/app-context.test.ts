import { describe, expect, it } from 'vitest'
import { PERMISSION_MATRIX, type RecordScope, type Role } from '@enclave/shared/auth/roles'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import type { AllowedFieldSet } from '@enclave/shared/policy/allowed-fields'
import { createRecordApi } from './api-client'
import { can, isCreatable, isDeletable, isSettableOnCreate, isWritable, mayChangeRecord, titleOf, withholdsPersonalFields, type AppState } from './app-context'

const DEAL_ONLY: AllowedFieldSet = {
  entities: { deal: { fields: ['title', 'stage'], cloudWritable: ['stage'], cloudCreatable: true, cloudDeletable: true } },
} as unknown as AllowedFieldSet

function stateOf(role: Role, tier: 'edge' | 'cloud', recordScope: RecordScope = 'all'): AppState {
  const api = createRecordApi({ tier, siteId: tier === 'cloud' ? 'oslo' : undefined, sites: [] })
  return { api, allowed: tier === 'cloud' ? DEAL_ONLY : undefined, userId: 'user:test', recordScope, actions: PERMISSION_MATRIX[role], language: 'en' }
}

function dealOwnedBy(ownerId: string | undefined) {
  return { _id: 'deal:01J0000000000000000000000D', type: 'deal', title: 'Ferry refit', ownerId }
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

describe('record scope of the app state', () => {
  it('lets an own-scope agent change a record they own', () => {
    expect(mayChangeRecord(stateOf('agent', 'edge', 'own'), dealOwnedBy('user:test'))).toBe(true)
  })

  it("keeps an own-scope agent from another owner's record", () => {
    expect(mayChangeRecord(stateOf('agent', 'edge', 'own'), dealOwnedBy('user:someone-else'))).toBe(false)
  })

  it('keeps an own-scope agent from a record without owner', () => {
    expect(mayChangeRecord(stateOf('agent', 'edge', 'own'), dealOwnedBy(undefined))).toBe(false)
  })

  it("lets an all-scope agent change another owner's record", () => {
    expect(mayChangeRecord(stateOf('agent', 'edge', 'all'), dealOwnedBy('user:someone-else'))).toBe(true)
  })

  it('keeps the owner field from an own-scope agent', () => {
    const agent = stateOf('agent', 'edge', 'own')
    expect(isWritable(agent, ENTITY_SCHEMAS.deal, 'ownerId')).toBe(false)
    expect(isSettableOnCreate(agent, ENTITY_SCHEMAS.deal, 'ownerId')).toBe(false)
    expect(isWritable(agent, ENTITY_SCHEMAS.deal, 'title')).toBe(true)
  })

  it('gives the owner field to an all-scope agent', () => {
    const agent = stateOf('agent', 'edge', 'all')
    expect(isWritable(agent, ENTITY_SCHEMAS.deal, 'ownerId')).toBe(true)
    expect(isSettableOnCreate(agent, ENTITY_SCHEMAS.deal, 'ownerId')).toBe(true)
  })
})

describe('personal fields of the app state', () => {
  it('withholds them from an edge viewer', () => {
    expect(withholdsPersonalFields(stateOf('viewer', 'edge'))).toBe(true)
  })

  it('gives them to an edge agent', () => {
    expect(withholdsPersonalFields(stateOf('agent', 'edge'))).toBe(false)
  })

  it('leaves a cloud viewer to the residency policy', () => {
    expect(withholdsPersonalFields(stateOf('viewer', 'cloud'))).toBe(false)
  })
})

describe('record titles', () => {
  it('joins the title fields', () => {
    expect(titleOf(ENTITY_SCHEMAS.contact, { _id: 'contact:01J00000000000000000K7QZ3P', type: 'contact', firstName: 'Ada', lastName: 'Lovelace' })).toBe('Ada Lovelace')
  })

  it('tells withheld titles apart by id', () => {
    const first = titleOf(ENTITY_SCHEMAS.contact, { _id: 'contact:01J00000000000000000K7QZ3P', type: 'contact', country: 'Norway' })
    const second = titleOf(ENTITY_SCHEMAS.contact, { _id: 'contact:01J00000000000000000M2XR8D', type: 'contact', country: 'Norway' })
    expect(first).toBe('Contact …K7QZ3P')
    expect(second).toBe('Contact …M2XR8D')
  })
})
