import type { ErrorParams } from '../api'
import type { EntityType } from '../entities/fields'
import { isMaskedValue } from '../projection/mask'
import { PSEUDONYM_PATTERN } from '../projection/pseudonym'
import { EDITOR_ID, findRejectionNoticeProblems, REJECTION_NOTICE_KEY } from '../merge/rejection-notice'
import type { ResidencyMode, ResidencyPolicy } from './types'

/**
 * The part of a policy that the cloud receives: which fields of each type may be stored there,
 * in which mode, and which the cloud may change. It carries no values and no keys.
 */
export interface AllowedFieldSet {
  version: number
  entities: Partial<
    Record<
      EntityType,
      {
        fields: Record<string, Exclude<ResidencyMode, 'local'>>
        cloudWritable: string[]
        cloudCreatable: boolean
        cloudDeletable: boolean
      }
    >
  >
}

export interface FieldViolation {
  docId: string
  field: string
  /** English text of the problem. */
  reason: string
  /**
   * `residency_violation`, with `params.reason` naming the problem, so that a client can write
   * it in its own language. Violations of replication checkpoints and of reports stored by
   * older versions have none.
   */
  code?: string
  params?: ErrorParams
}

/** Keys that every projected document may carry besides its fields. */
const ALLOWED_SYSTEM_KEYS = new Set([
  '_id',
  '_rev',
  '_revisions',
  '_deleted',
  '_conflicts',
  'type',
  'createdAt',
  'updatedAt',
  'stamps',
  'residency',
  'editedBy',
  REJECTION_NOTICE_KEY,
])

export function toAllowedFieldSet(policy: ResidencyPolicy): AllowedFieldSet {
  const entities: AllowedFieldSet['entities'] = {}

  for (const [type, rules] of Object.entries(policy.entities) as [EntityType, NonNullable<ResidencyPolicy['entities'][EntityType]>][]) {
    if (rules.localOnly) continue
    const fields: Record<string, Exclude<ResidencyMode, 'local'>> = {}
    const cloudWritable: string[] = []
    for (const [name, rule] of Object.entries(rules.fields)) {
      if (rule.mode === 'local') continue
      fields[name] = rule.mode
      if (rule.mode === 'sync' && rule.cloudWritable) cloudWritable.push(name)
    }
    entities[type] = { fields, cloudWritable, cloudCreatable: rules.cloudCreatable === true, cloudDeletable: rules.cloudDeletable === true }
  }

  return { version: policy.version, entities }
}

/** Returns the violation of a value whose shape does not fit its field's mode, or undefined when it fits. */
function checkValueShape(docId: string, field: string, mode: ResidencyMode, value: unknown): FieldViolation | undefined {
  if (mode === 'mask' && !isMaskedValue(value)) {
    const reason = 'mask field carries an unmasked value'
    return { docId, field, reason, code: 'residency_violation', params: { reason: 'unmasked_value' } }
  }
  if (mode === 'pseudonym' && !(typeof value === 'string' && PSEUDONYM_PATTERN.test(value))) {
    const reason = 'pseudonym field carries a value that is not a pseudonym token'
    return { docId, field, reason, code: 'residency_violation', params: { reason: 'not_pseudonym' } }
  }
  if (mode === 'generalize' && !(typeof value === 'string' && value.length <= 32)) {
    const reason = 'generalize field carries a value that is not a coarsened value'
    return { docId, field, reason, code: 'residency_violation', params: { reason: 'not_generalized' } }
  }
  return undefined
}

/**
 * Lists every way a document breaks the allowed field set: an unknown type, a field the
 * policy keeps local or does not name, a stamp or residency entry for such a field, a value
 * whose shape does not fit its mode, or a rejection notice of another shape than the edge
 * writes. An empty list means the cloud may store the document.
 */
export function findFieldViolations(doc: Record<string, unknown>, allowed: AllowedFieldSet): FieldViolation[] {
  const docId = String(doc._id ?? '')
  if (doc._deleted === true) return []

  const type = doc.type
  const rules = typeof type === 'string' ? allowed.entities[type as EntityType] : undefined
  if (!rules) {
    const value = String(JSON.stringify(type))
    const reason = `type ${value} may not be stored in the cloud`
    return [{ docId, field: 'type', reason, code: 'residency_violation', params: { reason: 'type_not_allowed', value } }]
  }

  const violations: FieldViolation[] = []
  for (const [name, value] of Object.entries(doc)) {
    if (ALLOWED_SYSTEM_KEYS.has(name)) continue
    const mode = rules.fields[name]
    if (!mode) {
      const reason = 'field is not allowed by the published policy'
      violations.push({ docId, field: name, reason, code: 'residency_violation', params: { reason: 'field_not_allowed' } })
      continue
    }
    const shape = checkValueShape(docId, name, mode, value)
    if (shape) violations.push(shape)
  }

  for (const mapName of ['stamps', 'residency', 'editedBy'] as const) {
    const map = doc[mapName]
    if (map === undefined) continue
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      const reason = `${mapName} must be an object`
      violations.push({ docId, field: mapName, reason, code: 'residency_violation', params: { reason: 'map_not_object', map: mapName } })
      continue
    }
    for (const [name, value] of Object.entries(map)) {
      if (!rules.fields[name]) {
        const reason = 'names a field the published policy does not allow'
        violations.push({ docId, field: `${mapName}.${name}`, reason, code: 'residency_violation', params: { reason: 'map_field_not_allowed' } })
      } else if (mapName === 'editedBy' && !(typeof value === 'string' && EDITOR_ID.test(value))) {
        const reason = 'editedBy must name a user id such as user:ann'
        violations.push({ docId, field: `${mapName}.${name}`, reason, code: 'residency_violation', params: { reason: 'invalid_editor' } })
      }
    }
  }

  if (doc[REJECTION_NOTICE_KEY] !== undefined) {
    for (const problem of findRejectionNoticeProblems(doc[REJECTION_NOTICE_KEY], rules.fields)) {
      violations.push({ docId, field: REJECTION_NOTICE_KEY, reason: problem })
    }
  }
  return violations
}

