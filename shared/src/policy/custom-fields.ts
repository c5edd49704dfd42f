import type { EntityType, FieldDef, FieldKind } from '../entities/fields'
import { ENTITY_SCHEMAS } from '../entities/schemas'
import { PROJECTION_SYSTEM_KEYS } from '../projection/project'
import type { PolicyError } from './validate-policy'

/** Kinds an admin may give a custom field; enums and references need options the editor lacks. */
export const CUSTOM_FIELD_KINDS = [
  'text',
  'longtext',
  'email',
  'phone',
  'date',
  'datetime',
  'number',
  'money',
  'boolean',
  'url',
] as const satisfies readonly FieldKind[]

const CUSTOM_FIELD_NAME = /^[a-z][A-Za-z0-9]{0,63}$/
const MAX_LABEL_LENGTH = 100

/**
 * Derives a field name from a label: `Loyalty tier` becomes `loyaltyTier`. Returns an empty
 * string when the label has no Latin letters or digits, so the caller must ask for a name.
 */
export function fieldNameFromLabel(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  const name = words
    .map((word, position) =>
      position === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase(),
    )
    .join('')
  return /^[a-z]/.test(name) ? name.slice(0, 64) : ''
}

/**
 * Checks and normalises one custom field of `type`: a name that is new for the entity, a kind
 * from CUSTOM_FIELD_KINDS and a label. Custom fields count as personal data (reads are audited)
 * unless `pii` is false.
 */
export function checkCustomField(
  type: EntityType,
  input: unknown,
  path: string,
  usedNames: ReadonlySet<string>,
): { field?: FieldDef; errors: PolicyError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const message = `${path} must be an object with name, kind and label`
    return { errors: [{ path, code: 'invalid_custom_field', message, params: { path, type } }] }
  }
  const raw = input as Record<string, unknown>
  const errors: PolicyError[] = []

  const label = typeof raw.label === 'string' ? raw.label.trim() : ''
  if (label === '' || label.length > MAX_LABEL_LENGTH) {
    errors.push({
      path: `${path}.label`,
      code: 'invalid_label',
      message: `${path}.label must be text of 1 to ${MAX_LABEL_LENGTH} characters`,
      params: { path, type, max: MAX_LABEL_LENGTH },
    })
  }

  const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : fieldNameFromLabel(label)
  if (!CUSTOM_FIELD_NAME.test(name)) {
    errors.push({
      path: `${path}.name`,
      code: 'invalid_field_name',
      message: `custom field name '${name}' of ${type} is invalid; use a lowercase letter then letters or digits, such as 'loyaltyTier'`,
      params: { type, name },
    })
  } else if (ENTITY_SCHEMAS[type].fields.some((field) => field.name === name) || PROJECTION_SYSTEM_KEYS.includes(name)) {
    errors.push({
      path: `${path}.name`,
      code: 'field_exists',
      message: `${type} already has a built-in field '${name}'; choose another name`,
      params: { reason: 'built_in', type, name },
    })
  } else if (usedNames.has(name)) {
    errors.push({
      path: `${path}.name`,
      code: 'field_exists',
      message: `${type} has two custom fields named '${name}'; rename one`,
      params: { reason: 'duplicate', type, name },
    })
  }

  const kind = raw.kind
  if (!(CUSTOM_FIELD_KINDS as readonly unknown[]).includes(kind)) {
    errors.push({
      path: `${path}.kind`,
      code: 'invalid_kind',
      message: `custom field kind ${JSON.stringify(kind)} is invalid; use one of ${CUSTOM_FIELD_KINDS.join(', ')}`,
      params: { type, value: String(JSON.stringify(kind)), kinds: CUSTOM_FIELD_KINDS },
    })
  }

  if (errors.length > 0) return { errors }
  const field: FieldDef = { name, kind: kind as FieldKind, label, custom: true, pii: raw.pii !== false }
  return { field, errors }
}
