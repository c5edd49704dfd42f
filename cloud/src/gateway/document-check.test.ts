import { describe, expect, it } from 'vitest'
import type { AllowedFieldSet } from '@enclave/shared'
import { findBatchViolations, findCheckpointViolations } from './document-check'

const ALLOWED: AllowedFieldSet = {
  version: 1,
  entities: { contact: { fields: { country: 'sync' }, cloudWritable: [], cloudCreatable: false, cloudDeletable: false } },
}

describe('findBatchViolations', () => {
  it('accepts an allowed document', () => {
    expect(findBatchViolations([{ _id: 'contact:1', type: 'contact', country: 'Chile' }], ALLOWED)).toEqual([])
  })

  it('accepts a bare tombstone', () => {
    expect(findBatchViolations([{ _id: 'contact:1', _rev: '2-a', _deleted: true }], ALLOWED)).toEqual([])
  })

  it('accepts a tombstone with allowed fields', () => {
    expect(findBatchViolations([{ _id: 'contact:1', _deleted: true, type: 'contact', country: 'Chile' }], ALLOWED)).toEqual([])
  })

  it('rejects a tombstone with a local field', () => {
    const violations = findBatchViolations([{ _id: 'contact:1', _deleted: true, type: 'contact', email: 'a@b.example' }], ALLOWED)
    expect(violations.map((violation) => violation.field)).toEqual(['email'])
  })

  it('rejects a design document', () => {
    const violations = findBatchViolations([{ _id: '_design/leak', _deleted: true }], ALLOWED)
    expect(violations.map((violation) => violation.field)).toEqual(['_id'])
  })

  it('rejects an id of another type', () => {
    const violations = findBatchViolations([{ _id: 'deal:1', type: 'contact', country: 'Chile' }], ALLOWED)
    expect(violations).toEqual([{ docId: 'deal:1', field: '_id', reason: "the id of a contact must start with 'contact:'" }])
  })

  it('rejects attachments', () => {
    const violations = findBatchViolations([{ _id: 'contact:1', type: 'contact', _attachments: { 'scan.pdf': {} } }], ALLOWED)
    expect(violations.map((violation) => violation.field)).toEqual(['_attachments'])
  })
})

describe('findCheckpointViolations', () => {
  it('accepts a PouchDB checkpoint', () => {
    const checkpoint = {
      _id: '_local/abc',
      _rev: '0-3',
      session_id: 'A1B2',
      last_seq: 42,
      history: [{ last_seq: 42, session_id: 'A1B2' }],
      replicator: 'pouchdb',
      version: 1,
    }
    expect(findCheckpointViolations(checkpoint)).toEqual([])
  })

  it('rejects an extra key', () => {
    const violations = findCheckpointViolations({ _id: '_local/abc', last_seq: 1, email: 'a@b.example' })
    expect(violations.map((violation) => violation.field)).toEqual(['email'])
  })

  it('rejects an extra history key', () => {
    const violations = findCheckpointViolations({ _id: '_local/abc', history: [{ last_seq: 1, note: 'x' }] })
    expect(violations.map((violation) => violation.field)).toEqual(['history[0].note'])
  })
})
