import type { EntityType, FieldDef } from '../entities/fields'
import { validateRecord } from '../entities/validate'
import { PROJECTION_SYSTEM_KEYS, type ProjectedDoc, type RecordDoc } from '../projection/project'
import type { EntityRules } from '../policy/types'
import type { FieldRejection } from './merge-incoming'

export type CreatedResult =
  | { ok: true; record: RecordDoc }
  | { ok: false; rejected: FieldRejection[] }

const SYSTEM_KEYS = new Set([...PROJECTION_SYSTEM_KEYS, '_rev', '_conflicts', '_deleted', '_revisions'])

/**
 * Turns a document that remote staff created in the cloud into a new edge record.
 *
 * The type must be cloud-creatable. Only fields in mode `sync` are taken, because a masked,
 * pseudonymised or coarsened value is not a real value. Any other field rejects the whole
 * document, and so does a value that fails validation. Field stamps come from the cloud copy.
 */
export function acceptCreated(
  incoming: ProjectedDoc,
  rules: EntityRules | undefined,
  customFields: readonly FieldDef[] = [],
  now: () => string = () => new Date().toISOString(),
): CreatedResult {
  const type = incoming.type as EntityType
  if (!rules || rules.localOnly || !rules.cloudCreatable) {
    return { ok: false, rejected: [{ field: 'type', code: 'type_not_creatable', reason: `the cloud may not create documents of type '${String(type)}'` }] }
  }

  const input: Record<string, unknown> = {}
  const rejected: FieldRejection[] = []
  for (const [field, value] of Object.entries(incoming)) {
    if (SYSTEM_KEYS.has(field)) continue
    if (rules.fields[field]?.mode !== 'sync') {
      rejected.push({ field, code: 'not_sync_field', reason: 'only fields in mode sync may be set on a document created in the cloud' })
      continue
    }
    input[field] = value
  }
  if (rejected.length > 0) return { ok: false, rejected }

  const validation = validateRecord(type, input, { extraFields: customFields })
  if (!validation.ok) {
    return { ok: false, rejected: validation.errors.map((error) => ({ field: error.field, code: 'invalid_value' as const, reason: error.message })) }
  }

  const created = now()
  const stamps: Record<string, string> = {}
  for (const field of Object.keys(validation.value)) {
    const stamp = incoming.stamps?.[field]
    if (stamp) stamps[field] = stamp
  }
  const record: RecordDoc = {
    ...validation.value,
    _id: incoming._id,
    type,
    createdAt: incoming.createdAt ?? created,
    updatedAt: incoming.updatedAt ?? created,
    stamps,
  }
  return { ok: true, record }
}
