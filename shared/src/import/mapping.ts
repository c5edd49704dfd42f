import type { CountryCode } from 'libphonenumber-js'
import { ApiError } from '../errors'
import type { EntityType, FieldDef } from '../entities/fields'
import { isDateFormat, type DateFormat } from './date-format'
import { importTargets } from './import-fields'
import type { DecimalSeparator } from './parse-number'

/** Target of one column of the file. */
export interface ColumnMapping {
  /** Zero-based position of the column in the file. */
  column: number
  header: string
  /** Target field or virtual field (`fullName`, `companyName`), or null to leave the column out. */
  field: string | null
  /** Format of the column's dates; required for date fields whose format is ambiguous. */
  dateFormat?: DateFormat
}

/** Action for a row that matches a stored record or an earlier row of the file. */
export const DUPLICATE_ACTIONS = ['skip', 'update', 'merge'] as const
export type DuplicateAction = (typeof DUPLICATE_ACTIONS)[number]

/** Settings of one import besides the column mapping. */
export interface ImportSettings {
  /** Country of phone numbers written without a country code, such as `US` or `CN`. */
  defaultCountry?: CountryCode
  decimalSeparator: DecimalSeparator
  /**
   * Keys that identify the same record; a row matching any one is a duplicate. Each key is a
   * list of fields: `[['email'], ['firstName', 'lastName', 'companyId']]`.
   */
  dedupeKeys: string[][]
  /** `skip` leaves the stored record, `update` overwrites it with the row's values, `merge` only fills its empty fields. */
  onDuplicate: DuplicateAction
  /** Creates a company for a company name that matches none; otherwise such rows fail. */
  createMissingCompanies: boolean
}

/** Dedupe keys used when the user chooses none: the fields that identify each type best. */
export const DEFAULT_DEDUPE_KEYS: Readonly<Record<EntityType, string[][]>> = {
  contact: [['email'], ['externalId']],
  company: [['name'], ['externalId']],
  deal: [['externalId']],
  // Neither has an external id: an activity repeats when kind, subject and due time match, a
  // ticket when subject and company match.
  activity: [['kind', 'subject', 'dueAt']],
  ticket: [['subject', 'companyId']],
  segment: [['name']],
  campaign: [['name']],
}

const COUNTRY_CODE = /^[A-Z]{2}$/

function invalid(message: string, details?: unknown): ApiError {
  return new ApiError(400, 'invalid_mapping', message, details)
}

/**
 * Checks a column mapping and import settings sent by a client, and returns them typed.
 * Throws an `ApiError` (400 `invalid_mapping`) that names the wrong value and the fix.
 */
export function parseImportPlan(
  type: EntityType,
  headers: readonly string[],
  input: { columns?: unknown; settings?: unknown },
  extraFields: readonly FieldDef[] = [],
): { columns: ColumnMapping[]; settings: ImportSettings } {
  const targets = importTargets(type, extraFields)
  if (!Array.isArray(input.columns)) throw invalid('columns is missing; send a list of { column, field } entries').withParams({ reason: 'columns' })

  const columns: ColumnMapping[] = []
  const used = new Map<string, string>()
  for (const entry of input.columns as unknown[]) {
    const item = (entry ?? {}) as Record<string, unknown>
    const column = item.column
    if (typeof column !== 'number' || !Number.isInteger(column) || column < 0 || column >= headers.length) {
      throw invalid(`column ${JSON.stringify(column)} is not a column of the file; use 0 to ${headers.length - 1}`).withParams({
        reason: 'column',
        value: String(JSON.stringify(column)),
        max: headers.length - 1,
      })
    }
    const field = item.field ?? null
    if (field !== null && (typeof field !== 'string' || !targets.has(field))) {
      throw invalid(`field ${JSON.stringify(field)} of column '${headers[column]}' is not a field of ${type}; use one of ${[...targets.keys()].join(', ')} or null`).withParams({
        reason: 'field',
        value: String(JSON.stringify(field)),
        column: headers[column] ?? '',
        type,
        known: [...targets.keys()],
      })
    }
    if (field !== null && used.has(field)) {
      throw invalid(`columns '${used.get(field)}' and '${headers[column]}' both map to ${field}; map one of them to another field or to null`).withParams({
        reason: 'same_field',
        first: used.get(field) ?? '',
        second: headers[column] ?? '',
        field,
      })
    }
    if (item.dateFormat !== undefined && !isDateFormat(item.dateFormat)) {
      throw invalid(`dateFormat ${JSON.stringify(item.dateFormat)} of column '${headers[column]}' is not a date format; use YYYY-MM-DD, DD-MM-YYYY, MM-DD-YYYY, DD-MM-YY, MM-DD-YY or YY-MM-DD`).withParams({
        reason: 'date_format',
        value: String(JSON.stringify(item.dateFormat)),
        column: headers[column] ?? '',
      })
    }
    if (field !== null) used.set(field, headers[column] ?? '')
    columns.push({ column, header: headers[column] ?? '', field, dateFormat: item.dateFormat as DateFormat | undefined })
  }

  return { columns, settings: parseSettings(type, input.settings, targets) }
}

function parseSettings(type: EntityType, input: unknown, targets: Map<string, unknown>): ImportSettings {
  const raw = (input ?? {}) as Record<string, unknown>
  const defaultCountry = raw.defaultCountry
  if (defaultCountry !== undefined && (typeof defaultCountry !== 'string' || !COUNTRY_CODE.test(defaultCountry))) {
    throw invalid(`defaultCountry ${JSON.stringify(defaultCountry)} is not a country code; use two capital letters such as US or CN`).withParams({
      reason: 'default_country',
      value: String(JSON.stringify(defaultCountry)),
    })
  }
  const decimalSeparator = raw.decimalSeparator ?? '.'
  if (decimalSeparator !== '.' && decimalSeparator !== ',') {
    throw invalid(`decimalSeparator ${JSON.stringify(decimalSeparator)} is invalid; use '.' or ','`).withParams({
      reason: 'decimal_separator',
      value: String(JSON.stringify(decimalSeparator)),
    })
  }
  const onDuplicate = raw.onDuplicate ?? 'skip'
  if (!(DUPLICATE_ACTIONS as readonly unknown[]).includes(onDuplicate)) {
    throw invalid(`onDuplicate ${JSON.stringify(onDuplicate)} is invalid; use skip, update or merge`).withParams({
      reason: 'on_duplicate',
      value: String(JSON.stringify(onDuplicate)),
    })
  }

  const dedupeKeys = raw.dedupeKeys ?? DEFAULT_DEDUPE_KEYS[type]
  const keysValid =
    Array.isArray(dedupeKeys) &&
    dedupeKeys.every((key) => Array.isArray(key) && key.length > 0 && key.every((field) => typeof field === 'string' && targets.has(field)))
  if (!keysValid) {
    const value = String(JSON.stringify(dedupeKeys)).slice(0, 200)
    throw invalid(`dedupeKeys ${value} is invalid; send lists of field names such as [["email"], ["firstName", "lastName", "companyId"]]`).withParams({
      reason: 'dedupe_keys',
      value,
    })
  }

  return {
    defaultCountry: defaultCountry as CountryCode | undefined,
    decimalSeparator,
    dedupeKeys: dedupeKeys as string[][],
    onDuplicate: onDuplicate as DuplicateAction,
    createMissingCompanies: raw.createMissingCompanies === true,
  }
}
