import type { Database } from '../storage/pouch'

/** A deleted outbox document: the record is gone, or its type no longer leaves the site. */
export interface OutboxTombstone {
  _id: string
  _rev?: string
  _deleted: true
}

/**
 * Prefix of the `_local` documents that remember which tombstone revision the edge wrote.
 * Local documents are not replicated, and the gateway accepts tombstones only without a body,
 * so this record distinguishes a deletion by the cloud from the edge's own.
 */
const EDGE_DELETION_PREFIX = '_local/edge-deletion:'

/** Revisions the edge wrote to each outbox, by document id, until the merger has seen them. */
const ownRevisions = new WeakMap<Database, Map<string, string>>()

/** Returns the outbox revisions the edge wrote and the merger has not yet passed over. */
export function ownOutboxRevisions(outbox: Database): Map<string, string> {
  let revisions = ownRevisions.get(outbox)
  if (!revisions) {
    revisions = new Map()
    ownRevisions.set(outbox, revisions)
  }
  return revisions
}

/** Counts of documents the edge wrote to each outbox since the merger last settled its checkpoint. */
const ownWriteCounts = new WeakMap<Database, { count: number }>()

/**
 * Returns the number of outbox documents the edge has written since the merger last reset it.
 * Every document written adds one to the outbox's update sequence, as does every document the
 * replicator pulls, so when the sequence grew by exactly this count, no pulled document is
 * among the changes.
 */
export function ownOutboxWrites(outbox: Database): { count: number } {
  let counter = ownWriteCounts.get(outbox)
  if (!counter) {
    counter = { count: 0 }
    ownWriteCounts.set(outbox, counter)
  }
  return counter
}

export function edgeTombstone(id: string, rev: string | undefined): OutboxTombstone {
  return { _id: id, _rev: rev, _deleted: true }
}

/**
 * Writes documents to the outbox in one `bulkDocs`, notes each new revision as the edge's own
 * and remembers the revision of each tombstone written. Returns the ids whose write failed (a conflict with a replicated change).
 */
export async function writeOutboxDocs(outbox: Database, docs: Record<string, unknown>[]): Promise<string[]> {
  if (docs.length === 0) return []
  const results = await outbox.bulkDocs(docs as never)
  const failed: string[] = []
  const deletions: { id: string; rev: string }[] = []
  const own = ownOutboxRevisions(outbox)
  const written = ownOutboxWrites(outbox)
  results.forEach((result, position) => {
    const doc = docs[position] as Record<string, unknown>
    if ('error' in result && result.error) failed.push(String(doc._id))
    else if ('rev' in result && result.rev) {
      own.set(String(doc._id), result.rev)
      written.count += 1
    }
    if (doc._deleted === true && 'rev' in result && result.rev) deletions.push({ id: String(doc._id), rev: result.rev })
  })

  for (const { id, rev } of deletions) {
    const localId = `${EDGE_DELETION_PREFIX}${id}`
    let localRev: string | undefined
    try {
      localRev = ((await outbox.get(localId)) as { _rev: string })._rev
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error
    }
    await outbox.put({ _id: localId, _rev: localRev, rev } as never)
  }
  return failed
}

/** Tells whether the edge itself wrote tombstone revision `rev` of outbox document `id`. */
export async function isEdgeDeletion(outbox: Database, id: string, rev: string): Promise<boolean> {
  try {
    return ((await outbox.get(`${EDGE_DELETION_PREFIX}${id}`)) as { rev?: string }).rev === rev
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false
    throw error
  }
}
