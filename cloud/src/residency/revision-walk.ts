import type { DocumentDatabase, StoredDocument, UpdateSequence } from '../storage/types'

/** Documents read per page of the changes feed; each page is then read revision by revision. */
const PAGE_SIZE = 200

/** Every leaf of a document and every older revision whose body the database still returns. */
export interface DocumentRevisions {
  id: string
  /** Leaf revisions with their bodies: the winner, conflicts and deleted branches. */
  leaves: StoredDocument[]
  /** Non-leaf revisions that are still readable, which compaction has not removed yet. */
  ancestors: StoredDocument[]
}

function revisionIds(leaf: StoredDocument): string[] {
  const history = leaf._revisions
  if (!history) return []
  return history.ids.map((hash, position) => `${history.start - position}-${hash}`)
}

async function readDocument(db: DocumentDatabase, id: string): Promise<DocumentRevisions> {
  const openRevisions = await db.getOpenRevs(id, 'all', { revs: true })
  const leaves = openRevisions.flatMap((entry) => ('ok' in entry ? [entry.ok] : []))
  const leafRevs = new Set(leaves.map((leaf) => leaf._rev))

  const ancestorRevs = new Set<string>()
  for (const leaf of leaves) {
    for (const rev of revisionIds(leaf)) if (!leafRevs.has(rev)) ancestorRevs.add(rev)
  }

  const ancestors: StoredDocument[] = []
  for (const rev of ancestorRevs) {
    const body = await db.get(id, { rev })
    if (body) ancestors.push(body)
  }
  for (const leaf of leaves) delete leaf._revisions
  return { id, leaves, ancestors }
}

/**
 * Visits every document of a database, deleted ones included, with every revision it can still
 * return: each leaf (winner, conflicts, tombstones) and each older revision not yet compacted.
 * It follows the changes feed with `style=all_docs`, because `_all_docs` leaves out deleted
 * documents, whose tombstones may still carry fields.
 */
export async function walkRevisions(
  db: DocumentDatabase,
  visit: (document: DocumentRevisions) => Promise<void> | void,
): Promise<void> {
  let since: UpdateSequence = 0
  const seen = new Set<string>()

  for (;;) {
    const page = await db.changes({ since, limit: PAGE_SIZE, style: 'all_docs' })
    for (const row of page.results) {
      // A document changed during the walk shows up again later in the feed; visit it once.
      if (seen.has(row.id) || row.id.startsWith('_design/')) continue
      seen.add(row.id)
      await visit(await readDocument(db, row.id))
    }
    if (page.results.length < PAGE_SIZE) return
    since = page.last_seq
  }
}
