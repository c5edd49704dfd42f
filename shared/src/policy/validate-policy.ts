import { isEntityType, type EntityType, type FieldDef, type FieldKind } from '../entities/fields'
import { ENTITY_SCHEMAS, findField } from '../entities/schemas'
import { checkCustomField } from './custom-fields'
import {
  GENERALIZE_LEVELS,
  MASK_STYLES,
  RESIDENCY_MODES,
  type EntityRules,
  type FieldRule,
  type GeneralizeLevel,
  type ResidencyPolicy,
} from './types'

/** One reason a policy draft was rejected; `path` names the place (`contact.email.maskStyle`). */
export interface PolicyError {
  path: string
  code: string
  message: string
}

/** The parts of a policy an admin edits; the version, author and time are set on save. */
export type PolicyDraft = Pick<ResidencyPolicy, 'entities' | 'customFields'>

export type PolicyCheck = { ok: true; draft: PolicyDraft } | { ok: false; errors: PolicyError[] }

/** Generalisation levels that change a value of each kind; other kinds cannot be generalised. */
export const GENERALIZE_LEVELS_BY_KIND: Partial<Record<FieldKind, readonly GeneralizeLevel[]>> = {
  date: ['year', 'month', 'decade'],
  datetime: ['year', 'month', 'decade'],
  number: ['band'],
  money: ['band'],
  text: ['prefix'],
  id: ['prefix'],
  email: ['domain'],
  phone: ['country'],
}

const MAX_PREFIX_LENGTH = 20

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkCustomFields(input: unknown, errors: PolicyError[]): PolicyDraft['customFields'] {
  if (input === undefined) return {}
  if (!isObject(input)) {
    errors.push({ path: 'customFields', code: 'invalid_custom_fields', message: 'customFields must be an object of arrays by entity type' })
    return {}
  }

  const result: NonNullable<PolicyDraft['customFields']> = {}
  for (const [type, list] of Object.entries(input)) {
    if (!isEntityType(type)) {
      errors.push({ path: `customFields.${type}`, code: 'unknown_entity', message: `'${type}' is not an entity type; use one of ${Object.keys(ENTITY_SCHEMAS).join(', ')}` })
      continue
    }
    if (!Array.isArray(list)) {
      errors.push({ path: `customFields.${type}`, code: 'invalid_custom_fields', message: `customFields.${type} must be an array` })
      continue
    }
    const usedNames = new Set<string>()
    const fields: FieldDef[] = []
    list.forEach((item, position) => {
      const checked = checkCustomField(type, item, `customFields.${type}[${position}]`, usedNames)
      errors.push(...checked.errors)
      if (!checked.field) return
      usedNames.add(checked.field.name)
      fields.push(checked.field)
    })
    if (fields.length > 0) result[type] = fields
  }
  return result
}

/** Checks one field rule against the field's kind; returns the rule without unused options. */
function checkRule(field: FieldDef, input: unknown, path: string, errors: PolicyError[]): FieldRule | undefined {
  if (!isObject(input)) {
    errors.push({ path, code: 'invalid_rule', message: `${path} must be an object such as { "mode": "sync" }` })
    return undefined
  }
  const mode = input.mode
  if (!(RESIDENCY_MODES as readonly unknown[]).includes(mode)) {
    errors.push({ path: `${path}.mode`, code: 'invalid_mode', message: `${path}: mode ${JSON.stringify(mode)} is invalid; use one of ${RESIDENCY_MODES.join(', ')}` })
    return undefined
  }
  const rule: FieldRule = { mode: mode as FieldRule['mode'] }
  const before = errors.length

  if (input.cloudWritable !== undefined && typeof input.cloudWritable !== 'boolean') {
    errors.push({ path: `${path}.cloudWritable`, code: 'invalid_rule', message: `${path}.cloudWritable must be true or false` })
  } else if (input.cloudWritable === true) {
    if (mode === 'sync') rule.cloudWritable = true
    else errors.push({ path: `${path}.cloudWritable`, code: 'writable_needs_sync', message: `${path} is cloud-writable but its mode is '${mode}'; the cloud can only edit a value it stores in clear, so set mode 'sync' or turn off cloudWritable` })
  }

  if (input.maskStyle !== undefined) {
    if (mode !== 'mask') {
      errors.push({ path: `${path}.maskStyle`, code: 'option_needs_mode', message: `${path} has a mask style but its mode is '${mode}'; set mode 'mask' or drop maskStyle` })
    } else if (!(MASK_STYLES as readonly unknown[]).includes(input.maskStyle)) {
      errors.push({ path: `${path}.maskStyle`, code: 'invalid_mask_style', message: `${path}: mask style ${JSON.stringify(input.maskStyle)} is invalid; use one of ${MASK_STYLES.join(', ')}` })
    } else {
      rule.maskStyle = input.maskStyle as FieldRule['maskStyle']
    }
  }

  const levels = GENERALIZE_LEVELS_BY_KIND[field.kind]
  if (mode === 'generalize' && !levels) {
    errors.push({ path: `${path}.mode`, code: 'cannot_generalize', message: `${path} is a ${field.kind} field, which cannot be generalised; choose mask, pseudonym or local` })
  }
  if (input.generalizeLevel !== undefined) {
    const level = input.generalizeLevel
    if (mode !== 'generalize') {
      errors.push({ path: `${path}.generalizeLevel`, code: 'option_needs_mode', message: `${path} has a generalisation level but its mode is '${mode}'; set mode 'generalize' or drop generalizeLevel` })
    } else if (!(GENERALIZE_LEVELS as readonly unknown[]).includes(level) || (levels && !levels.includes(level as GeneralizeLevel))) {
      errors.push({ path: `${path}.generalizeLevel`, code: 'invalid_generalize_level', message: `${path}: level ${JSON.stringify(level)} does not fit a ${field.kind} field; use ${levels?.join(' or ') ?? 'another mode'}` })
    } else {
      rule.generalizeLevel = level as GeneralizeLevel
    }
  }

  if (input.prefixLength !== undefined) {
    const length = input.prefixLength
    const usesPrefix = mode === 'generalize' && levels?.includes('prefix')
    if (!usesPrefix) {
      errors.push({ path: `${path}.prefixLength`, code: 'option_needs_mode', message: `${path} has a prefix length but does not keep a prefix; drop prefixLength` })
    } else if (!Number.isInteger(length) || (length as number) < 1 || (length as number) > MAX_PREFIX_LENGTH) {
      errors.push({ path: `${path}.prefixLength`, code: 'invalid_prefix_length', message: `${path}: prefix length ${JSON.stringify(length)} is invalid; use a whole number from 1 to ${MAX_PREFIX_LENGTH}` })
    } else {
      rule.prefixLength = length as number
    }
  }

  return errors.length === before ? rule : undefined
}

function checkEntity(
  type: EntityType,
  input: unknown,
  customFields: readonly FieldDef[],
  errors: PolicyError[],
): EntityRules | undefined {
  if (!isObject(input) || !isObject(input.fields)) {
    errors.push({ path: type, code: 'invalid_entity', message: `${type} must be an object with a 'fields' object` })
    return undefined
  }
  const rules: EntityRules = { fields: {} }
  for (const flag of ['localOnly', 'cloudCreatable'] as const) {
    const value = input[flag]
    if (value === undefined) continue
    if (typeof value !== 'boolean') {
      errors.push({ path: `${type}.${flag}`, code: 'invalid_entity', message: `${type}.${flag} must be true or false` })
    } else if (value) {
      rules[flag] = true
    }
  }
  if (rules.localOnly && rules.cloudCreatable) {
    errors.push({ path: `${type}.cloudCreatable`, code: 'creatable_needs_sync', message: `${type} is local-only, so the cloud cannot create it; turn off cloudCreatable or localOnly` })
  }

  for (const [name, ruleInput] of Object.entries(input.fields)) {
    const field = findField(type, name, customFields)
    if (!field) {
      errors.push({ path: `${type}.${name}`, code: 'unknown_field', message: `'${name}' is not a field of ${type}; add it as a custom field first or correct the name` })
      continue
    }
    const rule = checkRule(field, ruleInput, `${type}.${name}`, errors)
    if (rule) rules.fields[name] = rule
  }

  if (rules.cloudCreatable) {
    for (const field of ENTITY_SCHEMAS[type].fields) {
      if (!field.required || rules.fields[field.name]?.mode === 'sync') continue
      errors.push({ path: `${type}.${field.name}`, code: 'creatable_needs_required', message: `${type} is cloud-creatable but its required field '${field.name}' is not synced, so the cloud cannot fill it in; set it to sync or turn off cloudCreatable` })
    }
  }
  return rules
}

/**
 * Checks a policy draft from the editor: known entity types and fields, valid modes, options
 * that fit the mode and the field's kind, and no rule that cannot work (a cloud-writable field
 * that the cloud stores only masked). Every error names the field and the fix.
 *
 * @example checkPolicyDraft({ entities: { contact: { fields: { email: { mode: 'mask', cloudWritable: true } } } } })
 * // { ok: false, errors: [{ path: 'contact.email.cloudWritable', code: 'writable_needs_sync', ... }] }
 */
export function checkPolicyDraft(input: unknown): PolicyCheck {
  if (!isObject(input) || !isObject(input.entities)) {
    return { ok: false, errors: [{ path: '', code: 'invalid_policy', message: "the policy must be an object with an 'entities' object" }] }
  }
  const errors: PolicyError[] = []
  const customFields = checkCustomFields(input.customFields, errors)
  const entities: ResidencyPolicy['entities'] = {}

  for (const [type, entityInput] of Object.entries(input.entities)) {
    if (!isEntityType(type)) {
      errors.push({ path: type, code: 'unknown_entity', message: `'${type}' is not an entity type; use one of ${Object.keys(ENTITY_SCHEMAS).join(', ')}` })
      continue
    }
    const rules = checkEntity(type, entityInput, customFields?.[type] ?? [], errors)
    if (rules) entities[type] = rules
  }

  if (errors.length > 0) return { ok: false, errors }
  const draft: PolicyDraft = { entities }
  if (customFields && Object.keys(customFields).length > 0) draft.customFields = customFields
  return { ok: true, draft }
}
