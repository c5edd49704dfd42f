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
  brokenLink?: { seq: number; id: string; reason: BrokenLinkReason; message: string }
}

function broken(checked: number, seq: number, reason: BrokenLinkReason, message: string): AuditVerification {
  return { ok: false, checked, brokenLink: { seq, id: auditEntryId(seq), reason, message } }
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
      return broken(checked, expectedSeq, 'missing_entry', `entry ${expectedSeq} is missing; the log jumps to ${entry._id}`)
    }

    const { _id, _rev, hash, ...body } = entry
    if (hashAuditEntry(body) !== hash) {
      return broken(checked, entry.seq, 'hash_mismatch', `entry ${entry.seq} was changed after it was written`)
    }
    if (entry.prevHash !== previous.hash) {
      return broken(checked, entry.seq, 'prev_hash_mismatch', `entry ${entry.seq} does not follow entry ${previous.seq}`)
    }
    previous = { seq: entry.seq, hash }
    checked++
  }

  if (head && (head.seq !== previous.seq || head.hash !== previous.hash)) {
    const seq = Math.min(head.seq, previous.seq + 1)
    return broken(checked, seq, 'head_mismatch', `the log ends at entry ${previous.seq} but entry ${head.seq} was written last`)
  }
  return { ok: true, checked }
}
