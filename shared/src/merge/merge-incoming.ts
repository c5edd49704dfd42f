import type { EntityType, FieldDef } from '../entities/fields'
import { validateRecord } from '../entities/validate'
import { compareStamps, parseStamp } from '../hlc'
import { PROJECTION_SYSTEM_KEYS, type ProjectedDoc, type RecordDoc } from '../projection/project'

/** Cloud write permissions for one document type, taken from the site's current policy. */
export interface CloudWriteRules {
  /** Fields remote staff may edit. */
  cloudWritable: ReadonlySet<string>
  /** Custom fields of the type, so their values validate. */
  customFields?: readonly FieldDef[]
}

/** Reason code of a field change from the cloud that the edge does not apply. */
export type FieldRejectionCode = 'missing_stamp' | 'not_cloud_writable' | 'invalid_value' | 'type_not_creatable' | 'type_not_deletable' | 'not_sync_field'

/** A field change from the cloud that the edge does not apply. */
export interface FieldRejection {
  field: string
  code: FieldRejectionCode
  /** English reason for logs and the audit log; for an invalid value it quotes the value. */
  reason: string
}

/** A value that lost to a newer one; the merger keeps it in the record's history. */
export interface FieldLoss {
  field: string
  value: unknown
  stamp?: string
  /** Side that wrote the losing value. */
  source: 'edge' | 'cloud'
  /** Stamp of the value that replaced or beat it. */
  winningStamp?: string
}

export interface MergeResult {
  /** The record with the accepted cloud changes. */
  record: RecordDoc
  /** True when at least one cloud change was applied. */
  changed: boolean
  accepted: string[]
  rejected: FieldRejection[]
  losses: FieldLoss[]
}

const SYSTEM_KEYS = new Set([...PROJECTION_SYSTEM_KEYS, '_rev', '_conflicts', '_deleted', '_revisions'])

function sameValue(a: unknown, b: unknown): boolean {
  const aEmpty = a === undefined || a === null || a === ''
  const bEmpty = b === undefined || b === null || b === ''
  if (aEmpty || bEmpty) return aEmpty === bEmpty
  return JSON.stringify(a) === JSON.stringify(b)
}

function fieldNames(...docs: (Record<string, unknown> | null)[]): string[] {
  const names = new Set<string>()
  for (const doc of docs) {
    for (const name of Object.keys(doc ?? {})) if (!SYSTEM_KEYS.has(name)) names.add(name)
  }
  return [...names].sort()
}

/** Tells whether a stamp was issued by `node` (the site itself) rather than by another node. */
export function isStampFrom(stamp: string, node: string): boolean {
  return parseStamp(stamp)?.node === node
}

/**
 * Merges a document that arrived from the cloud into the edge's record, field by field.
 *
 * Only fields whose incoming value differs from the edge's own projection count as changes.
 * A change stamped by the site itself is a stale copy of the edge's own value and is ignored,
 * so the caller's rewrite of the projection restores it. A change stamped by another node is:
 * - rejected when the field is not cloud-writable, has no stamp, or its value is invalid;
 * - applied when its stamp is newer than the record's, keeping the replaced edge value as a loss;
 * - otherwise beaten by the newer edge value, and kept as a loss itself.
 *
 * @example mergeIncoming(deal, cloudCopy, project(deal, policy, key), rules, 'site-1')
 */
export function mergeIncoming(
  record: RecordDoc,
  incoming: ProjectedDoc,
  projection: ProjectedDoc | null,
  rules: CloudWriteRules,
  ownNode: string,
): MergeResult {
  const next: RecordDoc = { ...record, stamps: { ...record.stamps } }
  const accepted: string[] = []
  const rejected: FieldRejection[] = []
  const losses: FieldLoss[] = []
  const patch: Record<string, unknown> = {}

  for (const field of fieldNames(incoming, projection)) {
    const value = incoming[field]
    if (sameValue(value, projection?.[field])) continue

    const stamp = incoming.stamps?.[field]
    if (!stamp) {
      rejected.push({ field, code: 'missing_stamp', reason: 'changed without a modification stamp' })
      continue
    }
    if (isStampFrom(stamp, ownNode)) continue
    if (!rules.cloudWritable.has(field)) {
      rejected.push({ field, code: 'not_cloud_writable', reason: 'field is not cloud-writable under the current policy' })
      continue
    }

    const recordStamp = record.stamps?.[field]
    if (compareStamps(stamp, recordStamp) <= 0) {
      if (stamp !== recordStamp) losses.push({ field, value, stamp, source: 'cloud', winningStamp: recordStamp })
      continue
    }
    patch[field] = value === undefined ? null : value
  }

  for (const [field, value] of Object.entries(patch)) {
    const validation = validateRecord(record.type as EntityType, { [field]: value }, {
      partial: true,
      extraFields: rules.customFields,
    })
    if (!validation.ok) {
      rejected.push({ field, code: 'invalid_value', reason: `invalid value: ${validation.errors.map((error) => error.message).join('; ')}` })
      continue
    }

    const stamp = incoming.stamps?.[field] as string
    if (record[field] !== undefined) {
      losses.push({ field, value: record[field], stamp: record.stamps?.[field], source: 'edge', winningStamp: stamp })
    }
    const normalized = validation.value[field]
    if (normalized === undefined) delete next[field]
    else next[field] = normalized
    next.stamps![field] = stamp
    accepted.push(field)
  }

  return { record: accepted.length > 0 ? next : record, changed: accepted.length > 0, accepted, rejected, losses }
}
