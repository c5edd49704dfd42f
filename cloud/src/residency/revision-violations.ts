import { findFieldViolations, type AllowedFieldSet, type RevisionViolation } from '@enclave/shared'
import type { StoredDocument } from '../storage/types'

export type { RevisionViolation }

/**
 * Lists the fields of one stored revision that the allowed field set does not allow. A
 * tombstone is checked too, because CouchDB keeps whatever body a deletion was written with.
 * Only a tombstone's `type` is let through, since a type name carries no personal data.
 */
export function findRevisionViolations(revision: StoredDocument, allowed: AllowedFieldSet): RevisionViolation[] {
  const rev = String(revision._rev ?? '')
  const { _revisions, _revs_info, _conflicts, ...body } = revision

  if (body._deleted !== true) {
    return findFieldViolations(body, allowed).map((violation) => ({ ...violation, rev }))
  }
  const { _deleted, ...fields } = body
  return findFieldViolations(fields, allowed)
    .filter((violation) => violation.field !== 'type')
    .map((violation) => ({ ...violation, rev }))
}

/** Returns a copy of a live revision without the fields, stamps and residency entries that violate. */
export function withoutViolations(revision: StoredDocument, violations: readonly RevisionViolation[]): StoredDocument {
  const cleaned: StoredDocument = { ...revision }
  delete cleaned._revisions
  delete cleaned._revs_info
  delete cleaned._conflicts

  for (const { field } of violations) {
    const [mapName, entry] = field.split('.', 2) as [string, string | undefined]
    if (entry === undefined) {
      delete cleaned[field]
      continue
    }
    const map = cleaned[mapName]
    if (typeof map !== 'object' || map === null) continue
    const copy = { ...(map as Record<string, unknown>) }
    delete copy[entry]
    cleaned[mapName] = copy
  }
  return cleaned
}
