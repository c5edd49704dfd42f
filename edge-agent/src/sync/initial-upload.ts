import type { Database } from '../storage/pouch'
import { putLocalDocument } from '../storage/pouch'
import type { SerialLock } from './serial-lock'

/** Outbox changes read and sent per request, as many as a replication batch. */
const UPLOAD_BATCH_SIZE = 500

/** Requests in flight at once, so that reading the next batch overlaps the cloud's write. */
const MAX_IN_FLIGHT = 2

/** Wait between looks at the outbox while the projector is still writing it. */
const IDLE_POLL_MS = 20

/** Marks an outbox whose first upload was tried, so a restart falls back to plain replication. */
const MARKER_ID = '_local/initial-upload'

/** Inputs of the initial upload: the outbox, the lock it is read under and calls to the cloud. */
export interface InitialUploadSource {
  outbox: Database
  /** The lock that the projector and the merger write the outbox under. */
  lock: SerialLock
  /** Tells whether the projector has record changes left to write into the outbox. */
  isProjecting(): boolean
  /** Reads the site database's info at the cloud. */
  remoteInfo(): Promise<{ doc_count?: number; doc_del_count?: number } | undefined>
  /** Sends one `_bulk_docs` body to the cloud. */
  sendBulkDocs(body: string): Promise<Response>
  isStopped(): boolean
  /** Called with the outbox sequence up to which every change is in the cloud. */
  onProgress(seq: number): void
}

interface PendingRequest {
  endSeq: number
  settled: boolean
  ok: boolean
}

/**
 * Tells whether a change is the first revision of a live document and nothing else, the only
 * kind the upload sends. Its revision history is then known without a database read.
 */
function isFirstRevision(change: PouchDB.Core.ChangesResponseChange<object>): boolean {
  const [only, ...others] = change.changes
  return others.length === 0 && !change.deleted && !!change.doc && !change.id.startsWith('_design/') && !!only?.rev.startsWith('1-')
}

function withRevisions(doc: Record<string, unknown>): Record<string, unknown> {
  const rev = String(doc._rev)
  return { ...doc, _revisions: { start: 1, ids: [rev.slice(2)] } }
}

function numericSeq(seq: number | string): number {
  return typeof seq === 'number' ? seq : Number.parseInt(seq, 10) || 0
}

async function acceptedAll(response: Response): Promise<boolean> {
  if (!response.ok) {
    await response.body?.cancel()
    return false
  }
  // With new_edits false, CouchDB lists only the documents it did not store.
  const results = (await response.json()) as { error?: string }[]
  return Array.isArray(results) && results.every((result) => !result.error)
}

/**
 * Sends the outbox of a newly enrolled site to its empty cloud database while the projector is
 * still filling the outbox. Returns the outbox sequence up to which every change is in the
 * cloud, or 0 when the upload did not run.
 *
 * Live replication reads each document again, with its revision history, after asking the
 * cloud which revisions it lacks. An empty cloud lacks all of them, and a first revision's
 * history is the revision itself, so the upload sends documents as it reads them from the
 * changes feed. It reads under the projector's lock, because on LevelDB a changes read that
 * overlaps back-to-back writes waits until they pause. It stops at the first change that is
 * not a first revision (an edit, a deletion, a conflict), at a failed request and when the
 * projector is done. Replication then starts from the returned sequence and sends the rest.
 */
export async function uploadInitialOutbox(source: InitialUploadSource): Promise<number> {
  const { outbox } = source
  try {
    await outbox.get(MARKER_ID)
    return 0
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error
  }
  const info = await source.remoteInfo()
  if (!info || info.doc_count !== 0 || info.doc_del_count) return 0
  // Written first: after a crash mid-upload, replication starts from 0 and checks every document.
  await putLocalDocument(outbox, MARKER_ID, { startedAt: new Date().toISOString() })

  const pending: PendingRequest[] = []
  const inFlight = new Set<Promise<void>>()
  let confirmed = 0
  let failed = false
  // Requests settle in any order, so the sequence advances only past an unbroken run of successes.
  const settle = () => {
    while (!failed && pending[0]?.settled) {
      const request = pending.shift()!
      failed = !request.ok
      if (failed) return
      confirmed = request.endSeq
      source.onProgress(confirmed)
    }
  }

  let cursor = 0
  while (!failed && !source.isStopped()) {
    // Asked before the read: a projector that was idle then has nothing the read could miss.
    const projecting = source.isProjecting()
    const page = await source.lock.run(() => outbox.changes({ since: cursor, limit: UPLOAD_BATCH_SIZE, include_docs: true, style: 'all_docs' }))
    if (failed) break
    if (page.results.length === 0) {
      if (!projecting) break
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS))
      continue
    }

    const docs: Record<string, unknown>[] = []
    let endSeq = cursor
    let blocked = false
    for (const change of page.results) {
      if (!isFirstRevision(change)) {
        blocked = true
        break
      }
      docs.push(withRevisions(change.doc as unknown as Record<string, unknown>))
      endSeq = numericSeq(change.seq)
    }

    if (docs.length > 0) {
      const request: PendingRequest = { endSeq, settled: false, ok: false }
      pending.push(request)
      const sent: Promise<void> = source
        .sendBulkDocs(JSON.stringify({ new_edits: false, docs }))
        .then(acceptedAll)
        .catch(() => false)
        .then((ok) => {
          request.ok = ok
          request.settled = true
          inFlight.delete(sent)
          settle()
        })
      inFlight.add(sent)
    }
    if (blocked) break
    cursor = numericSeq(page.last_seq)
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight)
  }

  await Promise.all(inFlight)
  return confirmed
}
