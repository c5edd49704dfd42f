import type { CloudErasureReport } from '@enclave/shared'
import type { DocumentDatabase } from '../storage/types'

/** Keys of a bare tombstone; a deleted leaf with any other key still carries a value. */
const TOMBSTONE_KEYS = new Set(['_id', '_rev', '_deleted', '_revisions'])

/**
 * Removes a person's documents from a site's database, as the edge requests after an erasure.
 * The edge's deletion normally arrives first as a tombstone, but a conflicting cloud edit, or
 * a push still on its way, can leave a live leaf. Every live leaf of the named documents is
 * deleted, deleted leaves that still carry fields get a bare tombstone on top, and the
 * database is compacted, so that no revision body of them stays readable or on disk.
 */
export async function eraseDocuments(db: DocumentDatabase, siteId: string, ids: readonly string[]): Promise<CloudErasureReport> {
  const report: CloudErasureReport = {
    siteId,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    documentsFound: 0,
    revisionsDeleted: 0,
    tombstonesCleared: 0,
  }

  for (const id of ids) {
    const leaves = (await db.getOpenRevs(id, 'all')).flatMap((leaf) => ('ok' in leaf ? [leaf.ok] : []))
    if (leaves.length > 0) report.documentsFound++
    for (const leaf of leaves) {
      const rev = leaf._rev as string
      if (leaf._deleted !== true) {
        await db.remove(id, rev)
        report.revisionsDeleted++
      } else if (Object.keys(leaf).some((key) => !TOMBSTONE_KEYS.has(key))) {
        await db.remove(id, rev)
        report.tombstonesCleared++
      }
    }
  }

  await db.compact()
  report.finishedAt = new Date().toISOString()
  return report
}
