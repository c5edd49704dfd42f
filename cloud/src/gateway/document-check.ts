import { findFieldViolations, type AllowedFieldSet, type FieldViolation } from '@enclave/shared'
import type { StoredDocument } from '../storage/types'

/** Keys a tombstone may carry besides fields the policy allows. */
const TOMBSTONE_KEYS = new Set(['_id', '_rev', '_revisions', '_deleted'])

/** Keys of a replication checkpoint as PouchDB 9 writes it. */
const CHECKPOINT_KEYS = new Set(['_id', '_rev', 'last_seq', 'session_id', 'history', 'replicator', 'version'])
const CHECKPOINT_HISTORY_KEYS = new Set(['last_seq', 'session_id'])

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkId(doc: StoredDocument): FieldViolation | undefined {
  const docId = doc._id
  if (docId.startsWith('_')) {
    return { docId, field: '_id', reason: 'design and local documents cannot be written with _bulk_docs through the gateway' }
  }
  if (doc._deleted !== true && typeof doc.type === 'string' && !docId.startsWith(`${doc.type}:`)) {
    return { docId, field: '_id', reason: `the id of a ${doc.type} must start with '${doc.type}:'` }
  }
  return undefined
}

/**
 * Lists the violations of every document in a batch. A tombstone passes when it carries
 * nothing but revision keys, or only fields the policy allows. `findFieldViolations` skips
 * deleted documents, but CouchDB keeps a tombstone's body, so fields on it are checked here.
 */
export function findBatchViolations(docs: StoredDocument[], allowed: AllowedFieldSet): FieldViolation[] {
  const violations: FieldViolation[] = []
  for (const doc of docs) {
    const idViolation = checkId(doc)
    if (idViolation) violations.push(idViolation)

    if (doc._deleted !== true) {
      violations.push(...findFieldViolations(doc, allowed))
      continue
    }
    if (Object.keys(doc).every((key) => TOMBSTONE_KEYS.has(key))) continue
    const { _deleted: _ignored, ...body } = doc
    violations.push(...findFieldViolations(body, allowed))
  }
  return violations
}

/**
 * Lists the keys of a `_local` checkpoint that a replicator does not write. Checkpoints are
 * outside the changes feed and the residency audit, so they may carry nothing else.
 */
export function findCheckpointViolations(doc: StoredDocument): FieldViolation[] {
  const violations: FieldViolation[] = []
  for (const key of Object.keys(doc)) {
    if (!CHECKPOINT_KEYS.has(key)) violations.push({ docId: doc._id, field: key, reason: 'a replication checkpoint may not carry this key' })
  }

  const history = doc.history
  if (history === undefined) return violations
  if (!Array.isArray(history)) return [...violations, { docId: doc._id, field: 'history', reason: 'history must be a list' }]
  for (const [index, entry] of history.entries()) {
    const keys = isPlainObject(entry) ? Object.keys(entry) : ['(not an object)']
    for (const key of keys) {
      if (!CHECKPOINT_HISTORY_KEYS.has(key)) violations.push({ docId: doc._id, field: `history[${index}].${key}`, reason: 'a checkpoint history entry may carry only last_seq and session_id' })
    }
  }
  return violations
}
