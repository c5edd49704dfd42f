import type { AllowedFieldSet, ResidencyPurgeReport } from '@enclave/shared'
import type { DocumentDatabase, StoredDocument } from '../storage/types'
import { walkRevisions } from './revision-walk'
import { findRevisionViolations, withoutViolations } from './revision-violations'

export type { ResidencyPurgeReport }

/** Revisions written per `_bulk_docs` while purging. */
const WRITE_BATCH_SIZE = 200

/** A revision the purge writes, and the report counter it adds to once stored. */
interface PendingWrite {
  doc: StoredDocument
  counter: 'documentsRewritten' | 'documentsRemoved' | 'tombstonesCleared'
}

/**
 * Documents and revisions per `_purge` request. CouchDB 3 rejects a request with more than
 * `[purge] max_document_id_number` documents (default 100) or `max_revisions_number`
 * revisions (default 1000) with 400, as `chttpd_db.erl` checks.
 */
const MAX_PURGE_DOCUMENTS = 100
const MAX_PURGE_REVISIONS = 1000

/** Splits a purge request into requests within CouchDB's default limits. */
export function purgeChunks(revisions: Record<string, string[]>): Record<string, string[]>[] {
  const chunks: Record<string, string[]>[] = []
  let current: Record<string, string[]> = {}
  let documents = 0
  let revisionCount = 0

  for (const [id, revs] of Object.entries(revisions)) {
    if (documents > 0 && (documents + 1 > MAX_PURGE_DOCUMENTS || revisionCount + revs.length > MAX_PURGE_REVISIONS)) {
      chunks.push(current)
      current = {}
      documents = 0
      revisionCount = 0
    }
    current[id] = revs
    documents++
    revisionCount += revs.length
  }
  if (documents > 0) chunks.push(current)
  return chunks
}

function generation(rev: string): number {
  return Number.parseInt(rev.split('-', 1)[0] ?? '0', 10)
}

/**
 * Picks the winning leaf as CouchDB does: a live leaf beats a deleted one, then the longer
 * history wins, then the greater revision id in plain string order.
 */
export function winningLeaf(leaves: readonly StoredDocument[]): StoredDocument | undefined {
  let winner: StoredDocument | undefined
  for (const leaf of leaves) {
    if (!winner) {
      winner = leaf
      continue
    }
    const leafRev = leaf._rev as string
    const winnerRev = winner._rev as string
    const leafLive = leaf._deleted !== true
    const winnerLive = winner._deleted !== true
    if (leafLive !== winnerLive) {
      if (leafLive) winner = leaf
      continue
    }
    if (generation(leafRev) !== generation(winnerRev)) {
      if (generation(leafRev) > generation(winnerRev)) winner = leaf
      continue
    }
    if (leafRev > winnerRev) winner = leaf
  }
  return winner
}

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
    writesRejected: 0,
  }
  const conflicts: Record<string, string[]> = {}
  const pending: PendingWrite[] = []

  async function flush(): Promise<void> {
    const batch = pending.splice(0)
    if (batch.length === 0) return
    const results = await db.bulkDocs(batch.map((write) => write.doc))
    results.forEach((result, position) => {
      // A rejected write means the document changed meanwhile (a push from the edge); the
      // audit that follows the purge shows whether a violation is left.
      if (result.error) report.writesRejected++
      else report[(batch[position] as PendingWrite).counter]++
    })
  }

  await walkRevisions(db, async ({ id, leaves }) => {
    report.documentsScanned++
    const winner = winningLeaf(leaves)

    for (const leaf of leaves) {
      const violations = findRevisionViolations(leaf, allowed)
      const rev = leaf._rev as string
      if (violations.length === 0) continue

      if (leaf._deleted === true) {
        pending.push({ doc: { _id: id, _rev: rev, _deleted: true }, counter: 'tombstonesCleared' })
      } else if (rev !== winner?._rev) {
        ;(conflicts[id] ??= []).push(rev)
      } else if (isTypeViolation(violations)) {
        pending.push({ doc: { _id: id, _rev: rev, _deleted: true }, counter: 'documentsRemoved' })
      } else {
        pending.push({ doc: withoutViolations(leaf, violations), counter: 'documentsRewritten' })
      }
    }
    if (pending.length >= WRITE_BATCH_SIZE) await flush()
  })
  await flush()

  for (const chunk of purgeChunks(conflicts)) {
    const purged = await db.purge(chunk)
    report.conflictsPurged += Object.values(purged).reduce((total, revs) => total + revs.length, 0)
  }
  // The embedded backend then has LevelDB compact its files (compactDatabase in
  // shared/src/node/pouch.ts states the limit). CouchDB writes a new database file on
  // compaction and deletes the old one.
  await db.compact()

  report.finishedAt = new Date().toISOString()
  return report
}
