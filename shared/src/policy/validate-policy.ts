import type { ErrorParams } from '../api'
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
  /** English text for API clients and logs. */
  message: string
  /**
   * The values the message embeds, so that a client can write it in its own language.
   * `reason` distinguishes the messages of one code. A rule of a field also carries `path`,
   * `type`, `field` and the field's English `label`.
   */
  params: ErrorParams
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

/** Joins levels as "year, month or decade", as the web's English catalogue writes them. */
const LEVEL_LIST = new Intl.ListFormat('en-GB', { type: 'disjunction' })

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkCustomFields(input: unknown, errors: PolicyError[]): PolicyDraft['customFields'] {
  if (input === undefined) return {}
  if (!isObject(input)) {
    errors.push({
      path: 'customFields',
      code: 'invalid_custom_fields',
      message: 'customFields must be an object of arrays by entity type',
      params: { reason: 'not_object' },
    })
    return {}
  }

  const result: NonNullable<PolicyDraft['customFields']> = {}
  for (const [type, list] of Object.entries(input)) {
    if (!isEntityType(type)) {
      errors.push({
        path: `customFields.${type}`,
        code: 'unknown_entity',
        message: `'${type}' is not an entity type; use one of ${Object.keys(ENTITY_SCHEMAS).join(', ')}`,
        params: { value: type, types: Object.keys(ENTITY_SCHEMAS) },
      })
      continue
    }
    if (!Array.isArray(list)) {
      errors.push({
        path: `customFields.${type}`,
        code: 'invalid_custom_fields',
        message: `customFields.${type} must be an array`,
        params: { reason: 'not_list', type },
      })
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

/**
 * Checks one field rule against the field's kind; returns the rule without unused options.
 * Every error's params name the field by `path`, `type`, `field` and `label`.
 */
function checkRule(type: EntityType, field: FieldDef, input: unknown, errors: PolicyError[]): FieldRule | undefined {
  const path = `${type}.${field.name}`
  const { label } = field
  if (!isObject(input)) {
    errors.push({
      path,
      code: 'invalid_rule',
      message: `${path} must be an object such as { "mode": "sync" }`,
      params: { reason: 'not_object', path, type, field: field.name, label },
    })
    return undefined
  }
  const mode = input.mode
  if (!(RESIDENCY_MODES as readonly unknown[]).includes(mode)) {
    const value = String(JSON.stringify(mode))
    errors.push({
      path: `${path}.mode`,
      code: 'invalid_mode',
      message: `${path}: mode ${value} is invalid; use one of ${RESIDENCY_MODES.join(', ')}`,
      params: { path, type, field: field.name, label, value, modes: RESIDENCY_MODES },
    })
    return undefined
  }
  const rule: FieldRule = { mode: mode as FieldRule['mode'] }
  const before = errors.length

  if (input.cloudWritable !== undefined && typeof input.cloudWritable !== 'boolean') {
    errors.push({
      path: `${path}.cloudWritable`,
      code: 'invalid_rule',
      message: `${path}.cloudWritable must be true or false`,
      params: { reason: 'cloud_writable', path, type, field: field.name, label },
    })
  } else if (input.cloudWritable === true && mode === 'sync') {
    rule.cloudWritable = true
  } else if (input.cloudWritable === true) {
    errors.push({
      path: `${path}.cloudWritable`,
      code: 'writable_needs_sync',
      message: `${path} is cloud-writable but its mode is '${mode}'; the cloud can only edit a value it stores in clear, so set mode 'sync' or turn off cloudWritable`,
      params: { path, type, field: field.name, label, mode: rule.mode },
    })
  }

  if (input.maskStyle !== undefined) {
    if (mode !== 'mask') {
      errors.push({
        path: `${path}.maskStyle`,
        code: 'option_needs_mode',
        message: `${path} has a mask style but its mode is '${mode}'; set mode 'mask' or drop maskStyle`,
        params: { reason: 'mask_style', path, type, field: field.name, label, mode: rule.mode },
      })
    } else if (!(MASK_STYLES as readonly unknown[]).includes(input.maskStyle)) {
      const value = String(JSON.stringify(input.maskStyle))
      errors.push({
        path: `${path}.maskStyle`,
        code: 'invalid_mask_style',
        message: `${path}: mask style ${value} is invalid; use one of ${MASK_STYLES.join(', ')}`,
        params: { path, type, field: field.name, label, value, styles: MASK_STYLES },
      })
    } else {
      rule.maskStyle = input.maskStyle as FieldRule['maskStyle']
    }
  }

  const levels = GENERALIZE_LEVELS_BY_KIND[field.kind]
  if (mode === 'generalize' && !levels) {
    errors.push({
      path: `${path}.mode`,
      code: 'cannot_generalize',
      message: `${path} is a ${field.kind} field, which cannot be generalised; choose mask, pseudonym or local`,
      params: { path, type, field: field.name, label, kind: field.kind },
    })
  }
  if (input.generalizeLevel !== undefined) {
    const level = input.generalizeLevel
    if (mode !== 'generalize') {
      errors.push({
        path: `${path}.generalizeLevel`,
        code: 'option_needs_mode',
        message: `${path} has a generalisation level but its mode is '${mode}'; set mode 'generalize' or drop generalizeLevel`,
        params: { reason: 'generalize_level', path, type, field: field.name, label, mode: rule.mode },
      })
    } else if (levels?.includes(level as GeneralizeLevel)) {
      rule.generalizeLevel = level as GeneralizeLevel
    } else if (levels) {
      // A field without levels has its cannot_generalize error already, so any level is left unchecked.
      const value = String(JSON.stringify(level))
      errors.push({
        path: `${path}.generalizeLevel`,
        code: 'invalid_generalize_level',
        message: `${path}: level ${value} does not fit a ${field.kind} field; use ${LEVEL_LIST.format(levels)}`,
        params: { path, type, field: field.name, label, value, kind: field.kind, levels },
      })
    }
  }

  if (input.prefixLength !== undefined) {
    const length = input.prefixLength
    const usesPrefix = mode === 'generalize' && levels?.includes('prefix')
    if (!usesPrefix) {
      errors.push({
        path: `${path}.prefixLength`,
        code: 'option_needs_mode',
        message: `${path} has a prefix length but does not keep a prefix; drop prefixLength`,
        params: { reason: 'prefix_length', path, type, field: field.name, label },
      })
    } else if (!Number.isInteger(length) || (length as number) < 1 || (length as number) > MAX_PREFIX_LENGTH) {
      const value = String(JSON.stringify(length))
      errors.push({
        path: `${path}.prefixLength`,
        code: 'invalid_prefix_length',
        message: `${path}: prefix length ${value} is invalid; use a whole number from 1 to ${MAX_PREFIX_LENGTH}`,
        params: { path, type, field: field.name, label, value, max: MAX_PREFIX_LENGTH },
      })
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
    errors.push({
      path: type,
      code: 'invalid_entity',
      message: `${type} must be an object with a 'fields' object`,
      params: { reason: 'not_object', type },
    })
    return undefined
  }
  const rules: EntityRules = { fields: {} }
  for (const flag of ['localOnly', 'cloudCreatable', 'cloudDeletable'] as const) {
    const value = input[flag]
    if (value === undefined) continue
    if (typeof value !== 'boolean') {
      errors.push({
        path: `${type}.${flag}`,
        code: 'invalid_entity',
        message: `${type}.${flag} must be true or false`,
        params: { reason: 'flag', type, flag },
      })
    } else if (value) {
      rules[flag] = true
    }
  }
  if (rules.localOnly && rules.cloudCreatable) {
    errors.push({
      path: `${type}.cloudCreatable`,
      code: 'creatable_needs_sync',
      message: `${type} is local-only, so the cloud cannot create it; turn off cloudCreatable or localOnly`,
      params: { type },
    })
  }
  // Kept apart from the check above so that the catalogue test reads each code where it is raised.
  if (rules.localOnly && rules.cloudDeletable) {
    errors.push({
      path: `${type}.cloudDeletable`,
      code: 'deletable_needs_sync',
      message: `${type} is local-only, so the cloud cannot delete it; turn off cloudDeletable or localOnly`,
      params: { type },
    })
  }

  for (const [name, ruleInput] of Object.entries(input.fields)) {
    const field = findField(type, name, customFields)
    if (!field) {
      errors.push({
        path: `${type}.${name}`,
        code: 'unknown_field',
        message: `'${name}' is not a field of ${type}; add it as a custom field first or correct the name`,
        params: { reason: 'policy', type, field: name },
      })
      continue
    }
    const rule = checkRule(type, field, ruleInput, errors)
    if (rule) rules.fields[name] = rule
  }

  if (rules.cloudCreatable) {
    for (const field of ENTITY_SCHEMAS[type].fields) {
      if (!field.required || rules.fields[field.name]?.mode === 'sync') continue
      const path = `${type}.${field.name}`
      errors.push({
        path,
        code: 'creatable_needs_required',
        message: `${type} is cloud-creatable but its required field '${field.name}' is not synced, so the cloud cannot fill it in; set it to sync or turn off cloudCreatable`,
        params: { path, type, field: field.name, label: field.label },
      })
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
    const message = "the policy must be an object with an 'entities' object"
    return { ok: false, errors: [{ path: '', code: 'invalid_policy', message, params: { reason: 'not_object' } }] }
  }
  const errors: PolicyError[] = []
  const customFields = checkCustomFields(input.customFields, errors)
  const entities: ResidencyPolicy['entities'] = {}

  for (const [type, entityInput] of Object.entries(input.entities)) {
    if (!isEntityType(type)) {
      errors.push({
        path: type,
        code: 'unknown_entity',
        message: `'${type}' is not an entity type; use one of ${Object.keys(ENTITY_SCHEMAS).join(', ')}`,
        params: { value: type, types: Object.keys(ENTITY_SCHEMAS) },
      })
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
