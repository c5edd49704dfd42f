import type { AllowedFieldSet, ResidencyPurgeReport } from '@enclave/shared'
import type { DocumentDatabase, StoredDocument } from '../storage/types'
import { walkRevisions } from './revision-walk'
import { findRevisionViolations, withoutViolations } from './revision-violations'

export type { ResidencyPurgeReport }

function isTypeViolation(violations: readonly { field: string }[]): boolean {
  return violations.some((violation) => violation.field === 'type')
}

/**
 * Removes from a site's database every value the allowed field set no longer allows, in every
 * revision the database holds:
 *
 * 1. the winning revision is rewritten without those fields (or deleted when its type may no
 *    longer be stored), so the old body becomes a non-leaf revision;
 * 2. deleted leaves that still carry such fields get a bare tombstone on top;
 * 3. conflicting leaves that carry them are purged, with their branch;
 * 4. the database is compacted, which drops the bodies of all non-leaf revisions.
 *
 * The edge stays the authority: it reprojects the records and pushes them, so a conflicting
 * cloud revision that is purged here was already replicated to the edge's outbox.
 */
export async function purgeDisallowedValues(
  db: DocumentDatabase,
  siteId: string,
  allowed: AllowedFieldSet,
): Promise<ResidencyPurgeReport> {
  const report: ResidencyPurgeReport = {
    siteId,
    policyVersion: allowed.version,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    documentsScanned: 0,
    documentsRewritten: 0,
    documentsRemoved: 0,
    conflictsPurged: 0,
    tombstonesCleared: 0,
  }
  const conflicts: Record<string, string[]> = {}

  await walkRevisions(db, async ({ id, leaves }) => {
    report.documentsScanned++
    const winner = await db.get(id)

    for (const leaf of leaves) {
      const violations = findRevisionViolations(leaf, allowed)
      const rev = leaf._rev as string
      if (violations.length === 0) continue

      if (leaf._deleted === true) {
        await db.put({ _id: id, _rev: rev, _deleted: true })
        report.tombstonesCleared++
      } else if (rev !== winner?._rev) {
        ;(conflicts[id] ??= []).push(rev)
      } else if (isTypeViolation(violations)) {
        await db.remove(id, rev)
        report.documentsRemoved++
      } else {
        await db.put(withoutViolations(leaf as StoredDocument, violations))
        report.documentsRewritten++
      }
    }
  })

  if (Object.keys(conflicts).length > 0) {
    const purged = await db.purge(conflicts)
    report.conflictsPurged = Object.values(purged).reduce((total, revs) => total + revs.length, 0)
  }
  // NOTE: on the embedded backend, compaction removes the old bodies from what PouchDB can
  // read, but LevelDB may keep their bytes in its log and table files until it compacts
  // them itself. CouchDB writes a new database file on compaction and deletes the old one.
  await db.compact()

  report.finishedAt = new Date().toISOString()
  return report
}
