import type { CountryCode } from 'libphonenumber-js'
import type { ErrorParams } from '../api'
import { countryCodeOf } from './country-code'
import type { EntityType, FieldDef } from './fields'
import { ENTITY_SCHEMAS } from './schemas'
import { checkCampaignSteps } from '../segments/campaign-steps'
import { checkConditions } from '../segments/conditions'
import {
  checkCurrency,
  checkDate,
  checkDateRange,
  checkDateTime,
  checkEmail,
  checkNumber,
  checkPhone,
  checkRange,
  checkText,
  checkUrl,
  excerpt,
  MAX_MONEY,
  quote,
  type ValueCheck,
} from './values'

export interface FieldError {
  field: string
  code: string
  message: string
  /** Values the message embeds; a field's error names it as `field` and `label`. */
  params?: ErrorParams
}

export type ValidationResult =
  | { ok: true; value: Record<string, unknown>; cleared: string[] }
  | { ok: false; errors: FieldError[] }

export interface ValidateOptions {
  /** Accept a subset of fields (an update); required fields are then not demanded. */
  partial?: boolean
  /** Custom fields the admin added to the entity. */
  extraFields?: readonly FieldDef[]
  /** Country for phone numbers written without a country code. */
  defaultCountry?: CountryCode
  /**
   * Country of the stored record, for an update whose input has no `country`: its phone
   * numbers are read as that country's when they are valid there (see `checkPhone`).
   */
  recordCountry?: unknown
}

const REF_ID = /^[a-z]+:[A-Za-z0-9_-]{1,64}$/

/**
 * Validates and normalises the user-editable fields of a record.
 *
 * Unknown fields are errors rather than silently dropped, so a typo never loses data. `null`
 * or an empty string clears a field; cleared names are returned in `cleared`.
 *
 * @example validateRecord('contact', { email: ' A@B.com ' }) // value: { email: 'a@b.com' }
 */
export function validateRecord(
  type: EntityType,
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ field: '', code: 'invalid_body', message: 'the body must be a JSON object' }],
    }
  }

  const fields = [...ENTITY_SCHEMAS[type].fields, ...(options.extraFields ?? [])]
  const byName = new Map(fields.map((field) => [field.name, field]))
  const value: Record<string, unknown> = {}
  const cleared: string[] = []
  const errors: FieldError[] = []
  const rowCountry = countryCodeOf('country' in input ? (input as { country?: unknown }).country : options.recordCountry)

  for (const [name, raw] of Object.entries(input)) {
    const field = byName.get(name)
    if (!field) {
      errors.push({
        field: name,
        code: 'unknown_field',
        message: `${quote(name)} is not a field of ${type}; known fields: ${[...byName.keys()].join(', ')}`,
        params: { field: excerpt(name), type, known: [...byName.keys()] },
      })
      continue
    }
    if (raw === null || raw === '') {
      if (field.required) {
        errors.push(requiredError(field))
      } else {
        cleared.push(name)
      }
      continue
    }
    const check = checkFieldValue(field, raw, options.defaultCountry, rowCountry)
    if (check.ok) {
      value[name] = check.value
    } else {
      errors.push({
        field: name,
        code: check.code,
        message: `${field.label}: ${check.message}`,
        params: { ...check.params, field: name, label: field.label },
      })
    }
  }

  if (!options.partial) {
    for (const field of fields) {
      if (field.required && value[field.name] === undefined && !errors.some((e) => e.field === field.name)) {
        errors.push(requiredError(field))
      }
    }
  }

  const failedAnyOf = ENTITY_SCHEMAS[type].requiredAnyOf?.some((name) => errors.some((e) => e.field === name))
  if (!options.partial && !failedAnyOf) {
    const missing = checkRequiredAnyOf(type, value)
    if (missing) errors.push(missing)
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, value, cleared }
}

/** Returns the error of a required field that has no value. */
export function requiredError(field: FieldDef): FieldError {
  return {
    field: field.name,
    code: 'required',
    message: `${field.label} is required`,
    params: { field: field.name, label: field.label },
  }
}

/**
 * Checks that a whole record keeps at least one of its type's `requiredAnyOf` fields, such as
 * a contact's name, email or phone. Updates call it on the record as it would be stored.
 */
export function checkRequiredAnyOf(type: EntityType, record: Record<string, unknown>): FieldError | undefined {
  const names = ENTITY_SCHEMAS[type].requiredAnyOf
  if (!names || names.some((name) => record[name] !== undefined && record[name] !== null && record[name] !== '')) {
    return undefined
  }

  return {
    field: names[0]!,
    code: 'required_any_of',
    message: `${describeRequiredAnyOf(type)}; fill in one of them`,
    params: { type, fields: names },
  }
}

/** Describes the `requiredAnyOf` rule of a type: "a contact needs at least one of ...". */
export function describeRequiredAnyOf(type: EntityType): string {
  const names = ENTITY_SCHEMAS[type].requiredAnyOf ?? []
  const labels = names.map((name) => ENTITY_SCHEMAS[type].fields.find((field) => field.name === name)?.label ?? name)
  const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : labels.join('')
  return `a ${type} needs at least one of ${list}`
}

/** Checks one value against its field definition. */
export function checkFieldValue(
  field: FieldDef,
  raw: unknown,
  defaultCountry?: CountryCode,
  rowCountry?: CountryCode,
): ValueCheck {
  switch (field.kind) {
    case 'text':
      return checkText(raw, field.maxLength ?? 1000)
    case 'longtext':
      return checkText(raw, field.maxLength ?? 20000, true)
    case 'id':
      return checkText(raw, field.maxLength ?? 64)
    case 'email':
      return checkEmail(raw)
    case 'phone':
      return checkPhone(raw, defaultCountry, rowCountry)
    case 'date':
    case 'datetime': {
      const check = field.kind === 'date' ? checkDate(raw) : checkDateTime(raw)
      return check.ok ? checkDateRange(raw, check.value as string, field.notAfterToday) : check
    }
    case 'number':
    case 'money': {
      const number = checkNumber(raw)
      return number.ok ? checkRange(number.value as number, field.min, field.max ?? (field.kind === 'money' ? MAX_MONEY : undefined)) : number
    }
    case 'currency':
      return checkCurrency(raw)
    case 'url':
      return checkUrl(raw)
    case 'boolean':
      return typeof raw === 'boolean'
        ? { ok: true, value: raw }
        : {
            ok: false,
            code: 'invalid_type',
            message: `${quote(raw)} is not true or false`,
            params: { reason: 'boolean', value: excerpt(raw) },
          }
    case 'enum':
      return typeof raw === 'string' && field.options?.includes(raw)
        ? { ok: true, value: raw }
        : {
            ok: false,
            code: 'invalid_option',
            message: `${quote(raw)} is not one of ${field.options?.join(', ')}`,
            params: { value: excerpt(raw), options: field.options ?? [] },
          }
    case 'conditions':
      return checkConditions(raw)
    case 'steps':
      return checkCampaignSteps(raw)
    case 'ref': {
      const prefix = `${field.refType}:`
      return typeof raw === 'string' && REF_ID.test(raw) && raw.startsWith(prefix)
        ? { ok: true, value: raw }
        : {
            ok: false,
            code: 'invalid_ref',
            message: `${quote(raw)} is not the id of a ${field.refType}; ids look like ${prefix}01J...`,
            params: { value: excerpt(raw), refType: field.refType ?? '' },
          }
    }
  }
}
