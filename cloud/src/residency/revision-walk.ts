import type { ChangeRow, DocumentDatabase, StoredDocument, UpdateSequence } from '../storage/types'

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

/** Reads the given revisions in one `_bulk_get`; revisions the database cannot return are left out. */
async function readRevisions(db: DocumentDatabase, docs: { id: string; rev: string }[], revs: boolean): Promise<StoredDocument[]> {
  if (docs.length === 0) return []
  const response = await db.bulkGet({ docs, revs })
  return response.results.flatMap((result) => result.docs.flatMap((entry) => ('ok' in entry ? [entry.ok] : [])))
}

/**
 * Reads a page of documents with three requests whatever its size: the changes row names each
 * document's leaves, one `_bulk_get` reads the leaves with their history, and one more reads
 * every older revision that the history names.
 */
async function readPage(db: DocumentDatabase, rows: ChangeRow[]): Promise<DocumentRevisions[]> {
  const leafRequests = rows.flatMap((row) => row.changes.map((change) => ({ id: row.id, rev: change.rev })))
  const leaves = await readRevisions(db, leafRequests, true)

  const byId = new Map<string, DocumentRevisions>(rows.map((row) => [row.id, { id: row.id, leaves: [], ancestors: [] }]))
  const ancestorRequests: { id: string; rev: string }[] = []
  const leafRevs = new Set(leaves.map((leaf) => `${leaf._id}@${leaf._rev}`))
  const requested = new Set<string>()

  for (const leaf of leaves) {
    byId.get(leaf._id)?.leaves.push(leaf)
    for (const rev of revisionIds(leaf)) {
      const key = `${leaf._id}@${rev}`
      if (leafRevs.has(key) || requested.has(key)) continue
      requested.add(key)
      ancestorRequests.push({ id: leaf._id, rev })
    }
    delete leaf._revisions
  }

  for (const ancestor of await readRevisions(db, ancestorRequests, false)) {
    byId.get(ancestor._id)?.ancestors.push(ancestor)
  }
  return [...byId.values()]
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
    // A document changed during the walk shows up again later in the feed; visit it once.
    const rows = page.results.filter((row) => !seen.has(row.id) && !row.id.startsWith('_design/'))
    for (const row of rows) seen.add(row.id)
    for (const document of await readPage(db, rows)) await visit(document)
    if (page.results.length < PAGE_SIZE) return
    since = page.last_seq
  }
}
