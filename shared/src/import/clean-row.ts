import type { CountryCode } from 'libphonenumber-js'
import type { ErrorParams } from '../api'
import { countryCodeOf } from '../entities/country-code'
import type { EntityType, FieldDef } from '../entities/fields'
import { ENTITY_SCHEMAS } from '../entities/schemas'
import { checkFieldValue, checkRequiredAnyOf, describeRequiredAnyOf } from '../entities/validate'
import { checkDateRange, checkRange, checkUrl, MAX_MONEY, excerpt, quote, type ValueCheck } from '../entities/values'
import { formatsThatRead, parseDateAs, type DateFormat } from './date-format'
import { importTargets, type ImportTarget } from './import-fields'
import type { ColumnMapping, ImportSettings } from './mapping'
import { parseNumberText } from './parse-number'
import { splitFullName } from './split-name'

/** One problem with one cell (or with a whole row when `column` is empty). */
export interface RowProblem {
  /** Row number in the file, counting the header row, as a spreadsheet shows it. */
  row: number
  column: string
  field: string
  value: string
  code: string
  /** Sentence naming the row, column, value and fix. */
  message: string
  /** Values the message embeds besides row, column and value; `reason` distinguishes the messages of one code. */
  params?: ErrorParams
}

/** A row after cleaning: stored-field values, names still to resolve, and problems found. */
export interface CleanedRow {
  values: Record<string, unknown>
  /** Company named in the row, to resolve into `companyId`. */
  companyName?: string
  /** Parent company named in a company row, to resolve into `parentCompanyId`. */
  parentCompanyName?: string
  problems: RowProblem[]
}

/** A column mapping compiled once per import, so each row costs only the cleaning itself. */
export interface CleanPlan {
  type: EntityType
  columns: { column: number; header: string; target: ImportTarget; dateFormat?: DateFormat }[]
  settings: ImportSettings
  requiredFields: FieldDef[]
  /** File column mapped to the record's country, which phone numbers are read against. */
  countryColumn?: number
  /** Country codes by cell text, since a country column repeats a few values. */
  countryCodes: Map<string, CountryCode | undefined>
}

const MAX_CACHED_COUNTRIES = 1000

const BOOLEAN_WORDS = new Map<string, boolean>([
  ['true', true], ['yes', true], ['y', true], ['1', true], ['是', true],
  ['false', false], ['no', false], ['n', false], ['0', false], ['否', false],
])
// An apostrophe that an export put before a formula character, to keep the cell text.
const ESCAPED_FORMULA = /^'(?=[=+\-@\t\r])/
const TIME_PART = /[T ](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?$/

/** Compiles mapped columns and settings into a plan for `cleanRow`. */
export function compileCleanPlan(
  type: EntityType,
  columns: readonly ColumnMapping[],
  settings: ImportSettings,
  extraFields: readonly FieldDef[] = [],
): CleanPlan {
  const targets = importTargets(type, extraFields)
  const compiled = columns
    .filter((mapping) => mapping.field !== null && targets.has(mapping.field))
    .map((mapping) => ({ column: mapping.column, header: mapping.header, target: targets.get(mapping.field!)!, dateFormat: mapping.dateFormat }))
  const requiredFields = [...ENTITY_SCHEMAS[type].fields, ...extraFields].filter((field) => field.required)
  const countryColumn = compiled.find((mapping) => mapping.target.field.name === 'country' && !mapping.target.virtual)?.column
  return { type, columns: compiled, settings, requiredFields, countryColumn, countryCodes: new Map() }
}

function rowCountryOf(plan: CleanPlan, cells: readonly string[]): CountryCode | undefined {
  if (plan.countryColumn === undefined) return undefined
  const text = cells[plan.countryColumn] ?? ''
  if (plan.countryCodes.has(text)) return plan.countryCodes.get(text)
  const code = countryCodeOf(text)
  if (plan.countryCodes.size < MAX_CACHED_COUNTRIES) plan.countryCodes.set(text, code)
  return code
}

function enumValue(field: FieldDef, text: string): ValueCheck {
  const wanted = text.toLocaleLowerCase('en')
  const option = field.options?.find((candidate) => candidate.toLocaleLowerCase('en') === wanted)
  if (option) return { ok: true, value: option }
  return {
    ok: false,
    code: 'invalid_option',
    message: `${quote(text)} is not one of ${field.options?.join(', ')}; use one of them`,
    params: { value: excerpt(text), options: field.options ?? [] },
  }
}

/** Rejects a value that no date format reads, such as a spreadsheet's day number. */
function notADate(text: string): ValueCheck {
  if (/^\d+(\.\d+)?$/.test(text)) {
    return {
      ok: false,
      code: 'invalid_date',
      message: `${quote(text)} is a number, not a date; if the spreadsheet shows it as a date, format the column as dates and export again, or write the date as YYYY-MM-DD`,
      params: { reason: 'number', value: excerpt(text) },
    }
  }
  return {
    ok: false,
    code: 'invalid_date',
    message: `${quote(text)} is not a date; use YYYY-MM-DD, for example 2024-03-31`,
    params: { value: excerpt(text) },
  }
}

function dateValue(text: string, format: DateFormat | undefined, header: string): ValueCheck {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseDateAs(text, 'YYYY-MM-DD') : format ? parseDateAs(text, format) : undefined
  if (iso) return { ok: true, value: iso }
  if (!format && formatsThatRead(text).length === 0) return notADate(text)
  if (!format) {
    return {
      ok: false,
      code: 'date_format_required',
      message: `${quote(text)} could be read in more than one date format; choose the date format of column '${header}'`,
      params: { value: excerpt(text), column: header },
    }
  }
  return {
    ok: false,
    code: 'invalid_date',
    message: `${quote(text)} is not a date in the format ${format}; correct it or choose another format`,
    params: { reason: 'not_in_format', value: excerpt(text), format },
  }
}

function dateTimeValue(text: string, format: DateFormat | undefined, header: string): ValueCheck {
  const iso = Date.parse(text)
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && /(Z|[+-]\d{2}:?\d{2})$/.test(text) && !Number.isNaN(iso)) {
    return { ok: true, value: new Date(iso).toISOString() }
  }
  const date = dateValue(text, format, header)
  if (!date.ok) return date

  // NOTE: a time without a zone is read as UTC; files from other zones need the zone written.
  const time = TIME_PART.exec(text)
  const [hours, minutes, seconds] = time ? [time[1], time[2], time[3] ?? '00'].map((part) => String(part).padStart(2, '0')) : ['00', '00', '00']
  const zone = time?.[4] ?? 'Z'
  const parsed = Date.parse(`${date.value}T${hours}:${minutes}:${seconds}${zone}`)
  if (Number.isNaN(parsed)) {
    return {
      ok: false,
      code: 'invalid_datetime',
      message: `${quote(text)} has an invalid time; use HH:MM`,
      params: { reason: 'invalid_time', value: excerpt(text) },
    }
  }
  return { ok: true, value: new Date(parsed).toISOString() }
}

/** Cleans one cell for a stored field: the import's forgiving reading, then the field's own check. */
export function cleanCell(field: FieldDef, text: string, plan: CleanPlan, header: string, dateFormat?: DateFormat, rowCountry?: CountryCode): ValueCheck {
  switch (field.kind) {
    case 'number':
    case 'money': {
      const value = parseNumberText(text, plan.settings.decimalSeparator)
      if (value === undefined) {
        return {
          ok: false,
          code: 'invalid_number',
          message: `${quote(text)} is not a number; write digits, optionally with a currency sign and thousands separators`,
          params: { reason: 'number_text', value: excerpt(text) },
        }
      }
      return checkRange(value, field.min, field.max ?? (field.kind === 'money' ? MAX_MONEY : undefined))
    }
    case 'date':
    case 'datetime': {
      const check = field.kind === 'date' ? dateValue(text, dateFormat, header) : dateTimeValue(text, dateFormat, header)
      return check.ok ? checkDateRange(text, check.value as string, field.notAfterToday) : check
    }
    case 'enum':
      return enumValue(field, text)
    case 'boolean': {
      const value = BOOLEAN_WORDS.get(text.toLocaleLowerCase('en'))
      if (value === undefined) {
        return {
          ok: false,
          code: 'invalid_type',
          message: `${quote(text)} is not yes or no; use true, false, yes or no`,
          params: { reason: 'yes_no', value: excerpt(text) },
        }
      }
      return { ok: true, value }
    }
    case 'url':
      return checkUrl(text)
    default:
      return checkFieldValue(field, text, plan.settings.defaultCountry, rowCountry)
  }
}

/**
 * Cleans one data row: trims every cell, reads numbers, dates, phones, emails and options as
 * the plan sets, splits full names and picks out company names for later resolution. Empty
 * cells are left out. Returns the values and every problem, each naming row, column, value and fix.
 */
export function cleanRow(plan: CleanPlan, cells: readonly string[], row: number): CleanedRow {
  const values: Record<string, unknown> = {}
  const problems: RowProblem[] = []
  const cleaned: CleanedRow = { values, problems }
  const rowCountry = rowCountryOf(plan, cells)

  for (const { column, header, target, dateFormat } of plan.columns) {
    const text = (cells[column] ?? '').trim().replace(ESCAPED_FORMULA, '')
    if (text === '') continue

    if (target.virtual) {
      applyVirtual(target.field.name, text, cleaned)
      continue
    }
    const check = cleanCell(target.field, text, plan, header, dateFormat, rowCountry)
    if (check.ok) {
      values[target.field.name] = check.value
    } else {
      problems.push({
        row,
        column: header,
        field: target.field.name,
        value: excerpt(text),
        code: check.code,
        message: `row ${row}, column '${header}': ${check.message}`,
        params: { ...check.params, field: target.field.name, label: target.field.label },
      })
    }
  }

  if (plan.type === 'deal' && values.title === undefined) {
    // Pipeline exports often have no title; the product and company name the deal well enough.
    const title = [values.product, cleaned.companyName].filter(Boolean).join(' – ')
    if (title) values.title = title
  }
  for (const field of plan.requiredFields) {
    if (values[field.name] !== undefined || problems.some((problem) => problem.field === field.name)) continue
    problems.push({
      row,
      column: '',
      field: field.name,
      value: '',
      code: 'required',
      message: `row ${row}: ${field.label} is required; map a column to it or fill the cell`,
      params: { reason: 'import', field: field.name, label: field.label },
    })
  }
  // NOTE: this also rejects a row that matches a stored contact by external ID alone, although
  // that update would keep the stored name, email or phone.
  const missing = problems.length === 0 ? checkRequiredAnyOf(plan.type, values) : undefined
  if (missing) {
    problems.push({
      row,
      column: '',
      field: missing.field,
      value: '',
      code: missing.code,
      message: `row ${row}: ${describeRequiredAnyOf(plan.type)}; map a column to one of them or fill a cell`,
      params: { ...missing.params, reason: 'import' },
    })
  }
  return cleaned
}

function applyVirtual(name: string, text: string, cleaned: CleanedRow): void {
  if (name === 'fullName') {
    const { firstName, lastName } = splitFullName(text)
    if (firstName && cleaned.values.firstName === undefined) cleaned.values.firstName = firstName
    if (lastName && cleaned.values.lastName === undefined) cleaned.values.lastName = lastName
  } else if (name === 'companyName') {
    cleaned.companyName = text.replace(/\s+/g, ' ')
  } else if (name === 'parentCompanyName') {
    cleaned.parentCompanyName = text.replace(/\s+/g, ' ')
  }
}
