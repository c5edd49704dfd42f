import { auditEntryId, GENESIS_HASH, hashAuditEntry, type AuditEntry } from './audit-hash'

/** Reason a link of the chain is broken. */
export type BrokenLinkReason =
  /** The entry's content no longer matches its hash: it was edited. */
  | 'hash_mismatch'
  /** The entry does not point at the hash of the entry before it. */
  | 'prev_hash_mismatch'
  /** An entry in the sequence is missing: it was deleted. */
  | 'missing_entry'
  /** The newest entries are missing or changed, compared with the stored head. */
  | 'head_mismatch'

export interface AuditVerification {
  ok: boolean
  /** Entries checked before the first broken link, or all of them. */
  checked: number
  brokenLink?: BrokenLink
}

/** The first broken link of the chain. */
export interface BrokenLink {
  seq: number
  id: string
  reason: BrokenLinkReason
  /** English text for the command line and API clients. */
  message: string
  /** The values the message embeds besides `seq`, so that a client can write it in its own language. */
  params: Record<string, string | number>
}

function broken(checked: number, link: Omit<BrokenLink, 'id'>): AuditVerification {
  return { ok: false, checked, brokenLink: { ...link, id: auditEntryId(link.seq) } }
}

/**
 * Walks the entries in chain order and stops at the first one that was edited, removed or
 * reordered. `head` is the newest seq and hash recorded at the last append, if any.
 */
export async function verifyAuditChain(
  entries: AsyncIterable<AuditEntry>,
  head: { seq: number; hash: string } | undefined,
): Promise<AuditVerification> {
  let previous = { seq: 0, hash: GENESIS_HASH }
  let checked = 0

  for await (const entry of entries) {
    const expectedSeq = previous.seq + 1
    if (entry.seq !== expectedSeq || entry._id !== auditEntryId(entry.seq)) {
      const message = `entry ${expectedSeq} is missing; the log jumps to ${entry._id}`
      return broken(checked, { seq: expectedSeq, reason: 'missing_entry', message, params: { next: entry._id } })
    }

    const { _id, _rev, hash, ...body } = entry
    if (hashAuditEntry(body) !== hash) {
      const message = `entry ${entry.seq} was changed after it was written`
      return broken(checked, { seq: entry.seq, reason: 'hash_mismatch', message, params: {} })
    }
    if (entry.prevHash !== previous.hash) {
      const message = `entry ${entry.seq} does not follow entry ${previous.seq}`
      return broken(checked, { seq: entry.seq, reason: 'prev_hash_mismatch', message, params: { previous: previous.seq } })
    }
    previous = { seq: entry.seq, hash }
    checked++
  }

  if (head && (head.seq !== previous.seq || head.hash !== previous.hash)) {
    const seq = Math.min(head.seq, previous.seq + 1)
    const message = `the log ends at entry ${previous.seq} but entry ${head.seq} was written last`
    return broken(checked, { seq, reason: 'head_mismatch', message, params: { end: previous.seq, last: head.seq } })
  }
  return { ok: true, checked }
}
