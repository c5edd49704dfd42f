import crypto from 'node:crypto'

/** `prevHash` of the first entry: there is no earlier entry to point at. */
export const GENESIS_HASH = '0'.repeat(64)

/** Input of one audit entry. It names fields but never contains a record's values. */
export interface AuditEntryInput {
  /** Event name: `record.read`, `record.update`, `login_failed`, `policy.change`, ... */
  action: string
  /** User id, the name typed at a failed sign-in, or a process such as `sync` or `import`. */
  user: string
  recordIds?: string[]
  fields?: string[]
  /** Client address of the request, when there was one. */
  address?: string
  /** Counts, formats and reasons; never personal data. */
  detail?: Record<string, string | number | boolean>
}

/** An audit entry as stored: input plus its place in the hash chain. */
export interface AuditEntry {
  _id: string
  _rev?: string
  seq: number
  time: string
  action: string
  user: string
  recordIds: string[]
  fields: string[]
  address: string
  detail: Record<string, string | number | boolean>
  prevHash: string
  hash: string
}

/** Document id of entry `seq`: zero-padded so ids sort in chain order. */
export function auditEntryId(seq: number): string {
  return `audit:${String(seq).padStart(12, '0')}`
}

function canonicalDetail(detail: AuditEntry['detail']): [string, string | number | boolean][] {
  return Object.keys(detail)
    .sort()
    .map((key) => [key, detail[key] as string | number | boolean])
}

/**
 * Computes the SHA-256 hash of an entry over every field except `_id`, `_rev` and the hash
 * itself, in a fixed order, so that any change to a stored entry changes its hash.
 */
export function hashAuditEntry(entry: Omit<AuditEntry, '_id' | '_rev' | 'hash'>): string {
  const canonical = JSON.stringify([
    entry.seq,
    entry.time,
    entry.action,
    entry.user,
    entry.recordIds,
    entry.fields,
    entry.address,
    canonicalDetail(entry.detail),
    entry.prevHash,
  ])
  return crypto.createHash('sha256').update(canonical).digest('hex')
}
