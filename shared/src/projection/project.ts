import { isEntityType, type EntityType, type FieldDef } from '../entities/fields'
import { findField } from '../entities/schemas'
import type { FieldRule, ResidencyMode, ResidencyPolicy } from '../policy/types'
import { generalizeValue } from './generalize'
import { maskValue } from './mask'
import { pseudonymize } from './pseudonym'
import { redactContactDetails, redactText } from './redact'
import { REJECTION_NOTICE_KEY } from '../merge/rejection-notice'

/** A record as stored at the edge: user fields plus the system fields. */
export interface RecordDoc {
  _id: string
  _rev?: string
  type: string
  createdAt?: string
  updatedAt?: string
  /** Hybrid logical clock stamp of each field's last change. */
  stamps?: Record<string, string>
  [field: string]: unknown
}

/** What the cloud receives for a record. */
export interface ProjectedDoc {
  _id: string
  type: EntityType
  createdAt?: string
  updatedAt?: string
  stamps?: Record<string, string>
  /** Fields whose value is not the real one, and how it was transformed. */
  residency?: Record<string, Exclude<ResidencyMode, 'local' | 'sync'>>
  [field: string]: unknown
}

export interface ProjectionContext {
  /** Personal values of linked records (a deal's contact) to redact from synced free text. */
  redactValues?: readonly string[]
  /** Custom fields the admin added, by entity type; defaults to the policy's own. */
  customFields?: Partial<Record<EntityType, readonly FieldDef[]>>
}

/** Keys of a projected document besides its fields; a record field of the same name is never copied. */
export const PROJECTION_SYSTEM_KEYS = ['_id', 'type', 'createdAt', 'updatedAt', 'stamps', 'residency', 'editedBy', REJECTION_NOTICE_KEY]

function projectValue(
  field: FieldDef,
  rule: FieldRule,
  value: unknown,
  key: Uint8Array,
  context: ProjectionContext,
): unknown {
  switch (rule.mode) {
    case 'sync':
      if (field.freeText && typeof value === 'string') {
        const withoutDetails = redactContactDetails(value)
        return context.redactValues?.length ? redactText(withoutDetails, context.redactValues) : withoutDetails
      }
      return value
    case 'mask':
      return maskValue(field.kind, value, rule.maskStyle)
    case 'pseudonym':
      return pseudonymize(key, field.kind, value)
    case 'generalize':
      return generalizeValue(field.kind, value, rule.generalizeLevel, rule.prefixLength)
    case 'local':
      return undefined
  }
}

/**
 * Projects a record through the residency policy: returns what the cloud may hold, or null for
 * a document that must not leave the site at all.
 *
 * Only fields that the policy names with a mode other than `local` are emitted, so an unknown
 * field, a field missing from the policy and a field of an unknown kind all stay on site.
 *
 * @example project(contact, DEFAULT_POLICY, siteKey) // { _id, type: 'contact', email: 'j***@x.org', ... }
 */
export function project(
  doc: RecordDoc,
  policy: ResidencyPolicy,
  key: Uint8Array,
  context: ProjectionContext = {},
): ProjectedDoc | null {
  if (!isEntityType(doc.type)) return null
  const rules = policy.entities[doc.type]
  if (!rules || rules.localOnly) return null

  const out: ProjectedDoc = { _id: doc._id, type: doc.type }
  if (doc.createdAt) out.createdAt = doc.createdAt
  if (doc.updatedAt) out.updatedAt = doc.updatedAt
  const stamps: Record<string, string> = {}
  const residency: NonNullable<ProjectedDoc['residency']> = {}

  for (const [name, rule] of Object.entries(rules.fields)) {
    if (rule.mode === 'local' || PROJECTION_SYSTEM_KEYS.includes(name)) continue
    const value = Object.hasOwn(doc, name) ? doc[name] : undefined
    if (value === undefined || value === null || value === '') continue
    const customFields = context.customFields?.[doc.type] ?? policy.customFields?.[doc.type]
    const field = findField(doc.type, name, customFields)
    if (!field) continue

    const projected = projectValue(field, rule, value, key, context)
    if (projected === undefined) continue
    out[name] = projected
    if (rule.mode !== 'sync') residency[name] = rule.mode
    const stamp = doc.stamps?.[name]
    if (stamp) stamps[name] = stamp
  }

  if (Object.keys(stamps).length > 0) out.stamps = stamps
  if (Object.keys(residency).length > 0) out.residency = residency
  return out
}
